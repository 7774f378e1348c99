//! The hub's daily loop through the public API: at the morning meeting the police set housing a
//! task, housing answers it, the police read the answer; private answers stay stubs; referrals
//! pass the consent gate and put the receiver on the case team.

mod tasks_common;

use chrono::Duration;
use safehub::referrals::ReferralDetail;
use safehub::tasks::TaskDetail;
use safehub::{
    Assignee, CaseType, CaseView, Consent, EntryView, ErrorCode, FeedItem, InformationCategory,
    NewEntry, NewReferral, NewTask, Outcome, Priority, ReferralState, ReferralView, TaskState,
    TaskView, UnsuccessfulReason, Viewer, Visibility,
};
use tasks_common::Borough;

fn full(view: TaskView) -> TaskDetail {
    match view {
        TaskView::Full(t) => *t,
        TaskView::Stub(_) => panic!("expected the full task"),
    }
}

fn full_referral(view: ReferralView) -> ReferralDetail {
    match view {
        ReferralView::Full(r) => *r,
        ReferralView::Stub(_) => panic!("expected the full referral"),
    }
}

fn housing_task(b: &Borough, case: safehub::CaseId, title: &str, due_in_hours: i64) -> NewTask {
    NewTask {
        case,
        assignee: Assignee::Agency(b.housing),
        title: title.into(),
        detail: "Check the tenancy and any complaints from neighbours.".into(),
        category: InformationCategory::Asb,
        due: b.now() + Duration::hours(due_in_hours),
        priority: Priority::Normal,
    }
}

fn referral(b: &Borough, case: safehub::CaseId, consent: Option<Consent>) -> NewReferral {
    NewReferral {
        to: b.mental_health,
        person: None,
        case: Some(case),
        category: InformationCategory::Safeguarding,
        reason: "Repeated calls in crisis; early intervention.".into(),
        consent,
        consent_override: None,
    }
}

#[test]
fn at_the_morning_meeting_police_task_housing_who_answer_and_police_read_the_answer() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let task = b
        .hub
        .set_task(
            b.pc,
            housing_task(&b, case, "Tenancy check, 4 Elm Road", 24),
        )
        .unwrap();

    // Housing is not on the case team, yet reads the task sent to it, in its pool.
    let officer = Viewer::new(b.housing_officer);
    let pool = b.hub.my_tasks(&officer).unwrap();
    assert_eq!(pool.len(), 1);
    assert_eq!(full(pool[0].clone()).title, "Tenancy check, 4 Elm Road");
    assert!(matches!(
        b.hub.case(&officer, case).unwrap(),
        CaseView::Stub(_)
    ));
    assert!(b
        .hub
        .whats_new(&officer, b.now() - Duration::hours(1))
        .unwrap()
        .iter()
        .any(|i| matches!(i, FeedItem::TaskAssigned { .. })));

    b.clock.advance(Duration::hours(2));
    let answer = b
        .hub
        .answer_task(
            b.housing_officer,
            task,
            NewEntry::note("Tenant warned; second complaint on file.")
                .category(InformationCategory::Asb),
        )
        .unwrap();

    let pc = Viewer::new(b.pc).because("hub meeting");
    let seen = full(b.hub.task(&pc, task).unwrap());
    assert_eq!(seen.state, TaskState::Done);
    assert_eq!(seen.assigned_to.map(|p| p.id), Some(b.housing_officer));
    match seen.answer {
        Some(EntryView::Full(e)) => {
            assert_eq!(e.id, answer);
            assert_eq!(e.text, "Tenant warned; second complaint on file.");
            assert_eq!(e.kind, safehub::EntryKind::TaskAnswer);
        }
        other => panic!("police should read the answer: {other:?}"),
    }
    // The answer is on the case's timeline too, and the read was logged.
    let CaseView::Full(c) = b.hub.case(&pc, case).unwrap() else {
        panic!()
    };
    assert!(c
        .entries
        .iter()
        .any(|e| matches!(e, EntryView::Full(d) if d.id == answer)));
    let answered = b
        .hub
        .whats_new(&pc, safehub::Clock::now(&b.clock) - Duration::hours(1))
        .unwrap();
    assert!(matches!(
        answered.as_slice(),
        [FeedItem::TaskAnswered { .. }]
    ));
    assert_eq!(b.hub.tasks_i_set(&pc).unwrap().len(), 1);
    assert!(
        b.hub.my_tasks(&officer).unwrap().is_empty(),
        "done tasks leave the work list"
    );
}

#[test]
fn a_private_answer_is_only_a_stub_for_the_setters_agency() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let task = b
        .hub
        .set_task(b.pc, housing_task(&b, case, "Tenancy check", 24))
        .unwrap();
    b.hub
        .answer_task(
            b.housing_officer,
            task,
            NewEntry::note("Private: tenant disclosed a health issue.")
                .visible_to(Visibility::Private),
        )
        .unwrap();

    for police in [b.pc, b.sergeant] {
        let seen = full(b.hub.task(&Viewer::new(police), task).unwrap());
        assert_eq!(seen.state, TaskState::Done);
        assert!(
            matches!(seen.answer, Some(EntryView::Stub(_))),
            "police see only that housing answered"
        );
    }
    let author = full(b.hub.task(&Viewer::new(b.housing_officer), task).unwrap());
    assert!(matches!(author.answer, Some(EntryView::Full(_))));
    // Another housing officer: the answer is private to its author, and they are off the team.
    let colleague = full(b.hub.task(&Viewer::new(b.housing_officer_2), task).unwrap());
    assert_eq!(colleague.answer, None);
}

#[test]
fn tasks_are_hidden_from_agencies_neither_setting_nor_receiving_them() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let task = b
        .hub
        .set_task(b.pc, housing_task(&b, case, "Tenancy check", 24))
        .unwrap();
    let outsider = Viewer::new(b.council_officer);
    assert_eq!(
        b.hub.task(&outsider, task).unwrap_err().code(),
        ErrorCode::NotFound
    );
    assert!(b.hub.overdue_tasks(&outsider).unwrap().is_empty());
    assert_eq!(
        b.hub
            .accept_task(b.council_officer, task)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    // Nobody is tasked outside the protocol: council has no agreement with the police.
    let mut to_council = housing_task(&b, case, "Noise abatement", 24);
    to_council.assignee = Assignee::Agency(b.council);
    assert_eq!(
        b.hub.set_task(b.pc, to_council).unwrap_err().code(),
        ErrorCode::Forbidden
    );
}

#[test]
fn an_agency_task_taken_by_one_officer_leaves_the_others_pool() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let task = b
        .hub
        .set_task(b.pc, housing_task(&b, case, "Tenancy check", 24))
        .unwrap();
    b.hub.accept_task(b.housing_officer, task).unwrap();
    assert!(b
        .hub
        .my_tasks(&Viewer::new(b.housing_officer_2))
        .unwrap()
        .is_empty());
    assert_eq!(
        b.hub
            .agency_tasks(&Viewer::new(b.housing_officer_2))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        b.hub
            .start_task(b.housing_officer_2, task)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    b.hub.start_task(b.housing_officer, task).unwrap();
    assert_eq!(
        b.hub
            .accept_task(b.housing_officer, task)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidTransition
    );
    // Declined, then reassigned by the setter: open again, for someone else.
    b.hub
        .decline_task(b.housing_officer, task, "Not our tenancy")
        .unwrap();
    let pc = Viewer::new(b.pc);
    assert_eq!(
        full(b.hub.task(&pc, task).unwrap())
            .decline_reason
            .as_deref(),
        Some("Not our tenancy")
    );
    assert_eq!(
        b.hub
            .reassign_task(b.sergeant, task, Assignee::Practitioner(b.nurse))
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    b.hub
        .reassign_task(b.pc, task, Assignee::Practitioner(b.housing_officer_2))
        .unwrap();
    let t = full(b.hub.task(&pc, task).unwrap());
    assert_eq!((t.state, t.decline_reason), (TaskState::Open, None));
    b.hub.cancel_task(b.sergeant, task).unwrap();
    assert_eq!(
        full(b.hub.task(&pc, task).unwrap()).state,
        TaskState::Cancelled
    );
}

#[test]
fn work_lists_sort_by_due_date_then_priority_and_overdue_follows_the_clock() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let later = b
        .hub
        .set_task(b.pc, housing_task(&b, case, "Later", 30))
        .unwrap();
    let mut urgent = housing_task(&b, case, "Urgent", 6);
    urgent.priority = Priority::Urgent;
    let urgent = b.hub.set_task(b.pc, urgent).unwrap();
    let normal = b
        .hub
        .set_task(b.pc, housing_task(&b, case, "Normal", 6))
        .unwrap();
    let ids = |list: Vec<TaskView>| list.iter().map(TaskView::id).collect::<Vec<_>>();

    let officer = Viewer::new(b.housing_officer);
    assert_eq!(
        ids(b.hub.my_tasks(&officer).unwrap()),
        vec![urgent, normal, later]
    );
    assert_eq!(
        ids(b.hub.tasks_due_today(&officer).unwrap()),
        vec![urgent, normal]
    );
    assert!(b.hub.overdue_tasks(&officer).unwrap().is_empty());

    b.hub
        .answer_task(b.housing_officer, normal, NewEntry::note("Done."))
        .unwrap();
    b.clock.advance(Duration::hours(7));
    assert_eq!(
        ids(b.hub.overdue_tasks(&Viewer::new(b.pc)).unwrap()),
        vec![urgent]
    );
    let feed = b
        .hub
        .whats_new(&Viewer::new(b.pc), b.now() - Duration::hours(2))
        .unwrap();
    assert!(matches!(feed.as_slice(), [FeedItem::TaskOverdue { .. }]));
    let TaskView::Full(t) = &b.hub.overdue_tasks(&officer).unwrap()[0] else {
        panic!()
    };
    assert!(t.overdue);
}

#[test]
fn a_referral_to_mental_health_without_consent_is_refused_and_accepted_with_consent() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::VulnerablePerson, "Concern, Oak Court");
    for consent in [None, Some(Consent::Refused)] {
        let err = b.hub.refer(b.pc, referral(&b, case, consent)).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Forbidden);
    }
    let seq = b.hub.seq();
    let id = b
        .hub
        .refer(b.pc, referral(&b, case, Some(Consent::Given)))
        .unwrap();
    assert_eq!(
        b.hub.seq(),
        seq + 1,
        "refusals leave no trace; the referral is one event"
    );

    let nurse = Viewer::new(b.nurse);
    assert!(matches!(
        b.hub.case(&nurse, case).unwrap(),
        CaseView::Stub(_)
    ));
    let received = b.hub.referrals_received(&nurse).unwrap();
    assert_eq!(
        full_referral(received[0].clone()).reason,
        "Repeated calls in crisis; early intervention."
    );
    assert!(b
        .hub
        .whats_new(&nurse, b.now() - Duration::hours(1))
        .unwrap()
        .iter()
        .any(|i| matches!(i, FeedItem::ReferralReceived { .. })));

    b.clock.advance(Duration::minutes(30));
    b.hub.accept_referral(b.nurse, id).unwrap();
    let CaseView::Full(c) = b.hub.case(&nurse, case).unwrap() else {
        panic!("mental health is on the team")
    };
    assert!(c.team_agencies.iter().any(|a| a.id == b.mental_health));
    let pc = Viewer::new(b.pc);
    let decided = b
        .hub
        .whats_new(&pc, b.now() - Duration::minutes(1))
        .unwrap();
    assert!(matches!(
        decided.as_slice(),
        [FeedItem::ReferralDecided { .. }]
    ));

    assert_eq!(
        b.hub.withdraw_referral(b.pc, id).unwrap_err().code(),
        ErrorCode::InvalidTransition
    );
    let outcome = Outcome::NotSuccessful {
        reason: UnsuccessfulReason::ClientRefused,
    };
    assert_eq!(
        b.hub
            .record_referral_outcome(b.pc, id, outcome)
            .unwrap_err()
            .code(),
        ErrorCode::Forbidden
    );
    b.hub.record_referral_outcome(b.nurse, id, outcome).unwrap();
    assert_eq!(
        full_referral(b.hub.referral(&pc, id).unwrap()).state,
        ReferralState::Done { outcome }
    );
}

#[test]
fn consent_may_be_overridden_only_by_a_supervisor_giving_a_reason() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::VulnerablePerson, "Concern, Oak Court");
    let mut r = referral(&b, case, Some(Consent::Refused));
    r.consent_override = Some("Risk to life".into());
    assert_eq!(
        b.hub.refer(b.pc, r.clone()).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let mut no_reason = r.clone();
    no_reason.consent_override = None;
    assert_eq!(
        b.hub.refer(b.sergeant, no_reason).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    let id = b.hub.refer(b.sergeant, r).unwrap();
    let seen = full_referral(b.hub.referral(&Viewer::new(b.nurse), id).unwrap());
    let over = seen.consent_override.expect("the override is on record");
    assert_eq!(
        (over.by, over.reason.as_str()),
        (b.sergeant, "Risk to life")
    );
    let not_required = referral(
        &b,
        case,
        Some(Consent::NotRequired {
            lawful_reason: "s115 CDA 1998".into(),
        }),
    );
    b.hub.refer(b.pc, not_required).unwrap();
    let blank = referral(
        &b,
        case,
        Some(Consent::NotRequired {
            lawful_reason: "  ".into(),
        }),
    );
    assert_eq!(
        b.hub.refer(b.pc, blank).unwrap_err().code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn accepting_a_case_referral_outside_the_protocol_is_refused() {
    let b = Borough::in_memory();
    // The police-mental health agreement does not cover ASB: mental health may not join.
    let case = b.police_case(CaseType::Asb, "Noise, Elm Road");
    let mut r = referral(&b, case, Some(Consent::Given));
    r.category = InformationCategory::General;
    let id = b.hub.refer(b.pc, r).unwrap();
    assert_eq!(
        b.hub.accept_referral(b.nurse, id).unwrap_err().code(),
        ErrorCode::Forbidden
    );
    b.hub
        .decline_referral(b.nurse, id, "Outside our service")
        .unwrap();
    let seen = full_referral(b.hub.referral(&Viewer::new(b.pc), id).unwrap());
    assert_eq!(
        (seen.state, seen.decline_reason.as_deref()),
        (ReferralState::Declined, Some("Outside our service"))
    );
    assert_eq!(
        b.hub
            .referral(&Viewer::new(b.housing_officer), id)
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
}
