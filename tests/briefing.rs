//! The morning briefing: a hand-made morning in which every section has something for police,
//! and housing, partnered for ASB but not domestic abuse and off the police case, gets less.

mod tasks_common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use safehub::incidents::{InvolvedRef, LocationRef, PersonRef};
use safehub::risk::builtin::LIKELIHOOD_IMPACT;
use safehub::{
    AnswerValue, Answers, Assignee, Briefing, BriefingConfig, CaseType, Consent, Hub,
    ImportOptions, IncidentRole, IncidentRow, InformationCategory, Level, ManualClock,
    NewAssessment, NewCase, NewPerson, NewReferral, NewTask, PersonView, Priority, RiskChangeKind,
    SequentialIds, Subject, SubjectRole, TopKind, Viewer,
};
use tasks_common::{morning, Borough};

fn since() -> DateTime<Utc> {
    morning() - Duration::days(1)
}

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, if day > 20 { 2 } else { 3 }, day, hour, 0, 0)
        .unwrap()
}

fn vera() -> PersonRef {
    PersonRef {
        name: "Vera Victim".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1970, 5, 1),
        identifiers: vec![],
    }
}

fn asb(reference: &str, when: DateTime<Utc>) -> IncidentRow {
    IncidentRow {
        external_ref: reference.into(),
        occurred_at: when,
        reported_at: None,
        category: "asb_personal".into(),
        offence_code: None,
        summary: format!("Youths shouting at Vera ({reference})"),
        location: Some(LocationRef {
            postcode: Some("B79 7AA".into()),
            address: Some("1 Elm Court".into()),
            label: Some("Elm Court".into()),
            ..LocationRef::default()
        }),
        caller: Some(vera()),
        people: vec![InvolvedRef {
            role: IncidentRole::Victim,
            person: vera(),
        }],
    }
}

fn matrix(case: safehub::CaseId, who: safehub::PersonId, l: i64, i: i64) -> NewAssessment {
    let answers = Answers::from([
        ("likelihood".to_string(), AnswerValue::Scale(l)),
        ("impact".to_string(), AnswerValue::Scale(i)),
    ]);
    NewAssessment::new(case, who, LIKELIHOOD_IMPACT, answers)
}

/// The partnership, set up the week before the meeting.
fn borough() -> Borough {
    let clock = ManualClock::new(at(21, 9));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(5))
        .open_in_memory()
        .unwrap();
    Borough::on(hub, clock)
}

/// The week before the meeting and the night before it.
fn morning_of(b: &Borough) {
    b.clock.set(at(22, 9));
    let p = |name: &str| {
        b.hub
            .record_person(
                b.pc,
                NewPerson {
                    name: name.into(),
                    ..NewPerson::default()
                },
            )
            .unwrap()
    };
    let dora = p("Dora Domestic");
    let old = p("Olga Older");
    let case = b.police_case(CaseType::DomesticAbuse, "Ash Row");
    for who in [dora, old] {
        b.hub
            .link_subject(b.pc, case, Subject::Person(who), SubjectRole::Victim)
            .unwrap();
    }
    let old_assessment = b
        .hub
        .record_assessment(b.pc, matrix(case, old, 1, 2))
        .unwrap();
    let shared = b
        .hub
        .open_case(
            b.pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court".into(),
                lead_practitioner: None,
                team: vec![b.housing],
            },
        )
        .unwrap();
    let task = |title: &str, due| {
        b.hub
            .set_task(
                b.pc,
                NewTask {
                    case: shared,
                    assignee: Assignee::Agency(b.housing),
                    title: title.into(),
                    detail: "Please check the tenancy.".into(),
                    category: InformationCategory::Asb,
                    due,
                    priority: Priority::High,
                },
            )
            .unwrap()
    };
    task("Tenancy check", morning() - Duration::hours(2));
    task("Visit Elm Court", morning() + Duration::hours(3));
    task("Next week", morning() + Duration::days(7));
    b.clock.set(at(27, 9));
    b.hub
        .import_incidents(
            b.pc,
            vec![asb("ASB-1", at(24, 18)), asb("ASB-2", at(26, 18))],
            &ImportOptions::default(),
            None,
        )
        .unwrap();

    // The night before.
    b.clock.set(since() + Duration::hours(6));
    let mut da = asb("DA-1", since() + Duration::hours(5));
    da.category = "domestic_abuse".into();
    da.summary = "Dora assaulted at home".into();
    da.caller = None;
    da.location = None;
    da.people = vec![];
    b.hub
        .import_incidents(
            b.pc,
            vec![asb("ASB-3", since() + Duration::hours(4)), da],
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    b.hub
        .record_assessment(b.pc, matrix(case, dora, 3, 4))
        .unwrap();
    b.hub
        .override_assessment(b.pc, old_assessment, Level::High, "Threats since")
        .unwrap();
    b.hub
        .refer(
            b.pc,
            NewReferral {
                to: b.housing,
                person: None,
                case: Some(shared),
                category: InformationCategory::Asb,
                reason: "Vera needs a move".into(),
                consent: Some(Consent::Given),
                consent_override: None,
            },
        )
        .unwrap();
    b.clock.set(morning());
}

fn briefing(b: &Borough, who: safehub::PractitionerId) -> Briefing {
    b.hub
        .briefing(
            &Viewer::new(who).because("morning meeting"),
            since(),
            &BriefingConfig::default(),
        )
        .unwrap()
}

fn name(p: Option<&PersonView>) -> String {
    match p {
        Some(PersonView::Full(d)) => d.name.clone(),
        Some(PersonView::Stub(s)) => s.name.clone(),
        None => "restricted".into(),
    }
}

#[test]
fn police_briefing_has_every_section_for_the_night() {
    let b = borough();
    morning_of(&b);
    let brief = briefing(&b, b.pc);

    assert_eq!(brief.new_incidents.count, 2);
    let refs: Vec<&str> = brief
        .new_incidents
        .listed
        .iter()
        .map(|i| i.external_ref.as_str())
        .collect();
    assert_eq!(refs, ["ASB-3", "DA-1"]);

    // Vera as victim and caller, and the block: the third ASB incident made both repeats.
    let repeats: Vec<(&str, u32)> = brief
        .repeats
        .iter()
        .map(|r| (r.subject.name.as_str(), r.count))
        .collect();
    assert_eq!(repeats, [("Vera Victim", 3), ("Elm Court", 3)]);

    assert_eq!(brief.case_reviews.len(), 1);
    assert_eq!(brief.case_reviews[0].subject.name, "Vera Victim");

    let mut risks: Vec<(String, RiskChangeKind, Level)> = brief
        .risks
        .iter()
        .map(|r| (name(r.person.as_ref()), r.kind, r.level))
        .collect();
    risks.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        risks,
        [
            ("Dora Domestic".into(), RiskChangeKind::New, Level::High),
            (
                "Olga Older".into(),
                RiskChangeKind::Raised {
                    from: Level::Standard
                },
                Level::High
            ),
        ],
        "{risks:?}"
    );

    assert_eq!(brief.overdue_tasks.len(), 1);
    assert_eq!(brief.tasks_due_today.len(), 1);
    assert!(brief.pending_referrals.is_empty(), "police received none");

    assert!(brief
        .movers
        .iter()
        .any(|m| m.kind == TopKind::Callers && m.row.subject.name == "Vera Victim"));
    assert!(brief
        .movers
        .iter()
        .any(|m| m.kind == TopKind::Locations && m.row.subject.name == "Elm Court"));

    let md = brief.to_markdown();
    for expected in [
        "# Morning briefing",
        "## New incidents (2)",
        "DA-1",
        "Vera Victim",
        "## New and raised risks",
        "raised from standard",
        "Tenancy check",
        "Visit Elm Court",
        "## Top N movers",
    ] {
        assert!(md.contains(expected), "{expected} missing from\n{md}");
    }
    let json = serde_json::to_string(&brief).unwrap();
    let back: Briefing = serde_json::from_str(&json).unwrap();
    assert_eq!(back, brief);
}

#[test]
fn housing_briefing_differs_no_domestic_abuse_no_police_risks_but_its_referral() {
    let b = borough();
    morning_of(&b);
    let brief = briefing(&b, b.housing_officer);

    assert_eq!(brief.new_incidents.count, 1, "the ASB incident only");
    assert_eq!(brief.new_incidents.listed[0].external_ref, "ASB-3");
    assert!(brief.risks.is_empty(), "police assessments are not shared");
    assert_eq!(brief.repeats.len(), 2);
    assert_eq!(brief.case_reviews.len(), 1);
    assert_eq!(brief.overdue_tasks.len(), 1);
    assert_eq!(brief.tasks_due_today.len(), 1);
    assert_eq!(brief.pending_referrals.len(), 1);
    let md = brief.to_markdown();
    assert!(md.contains("Vera needs a move"), "{md}");
    assert!(!md.contains("Dora"), "{md}");
}

#[test]
fn a_briefing_since_a_later_time_is_refused() {
    let b = Borough::in_memory();
    let err = b
        .hub
        .briefing(
            &Viewer::new(b.pc),
            morning() + Duration::days(1),
            &BriefingConfig::default(),
        )
        .unwrap_err();
    assert_eq!(err.code(), safehub::ErrorCode::InvalidInput);
}

#[test]
fn a_briefing_is_one_read_of_one_state_logged_once() {
    let b = borough();
    morning_of(&b);
    // Housing's briefing shows police incidents, people and places in several sections.
    let before = b.hub.seq();
    let brief = briefing(&b, b.housing_officer);
    assert!(brief.new_incidents.count > 0 && !brief.repeats.is_empty());
    assert_eq!(
        b.hub.seq(),
        before + 1,
        "one consultation for the whole briefing, not one per section"
    );
    let supervisor = b
        .hub
        .register_practitioner(
            b.admin,
            safehub_workspace::practitioner(b.police, "Police DPO", safehub::Role::Supervisor),
        )
        .unwrap();
    let log = b
        .hub
        .consultations(
            &Viewer::new(supervisor),
            since(),
            morning() + Duration::days(1),
        )
        .unwrap();
    let briefings: Vec<_> = log
        .iter()
        .filter(|c| c.justification == "morning meeting")
        .collect();
    assert_eq!(briefings.len(), 1, "{log:?}");
    let items = &briefings[0].items;
    let distinct: std::collections::BTreeSet<_> = items.iter().map(|i| (i.kind, i.id)).collect();
    assert_eq!(distinct.len(), items.len(), "each item once: {items:?}");
}
