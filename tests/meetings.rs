//! Hub meetings as a record (issue 23): scheduling, attendance under the protocol ("nobody in the
//! room sits outside of our information sharing protocols"), and who may know of a meeting.
//!
//! The small borough of the tasking tests: police share with housing and with mental health,
//! housing and mental health share nothing with each other, and the council shares with nobody.

mod tasks_common;

use chrono::Duration;
use safehub::meetings::{AgendaItemView, AgendaSubject, DisclosedContent, MeetingItem};
use safehub::{
    Assignee, BriefingConfig, CaseId, CaseType, CaseView, EntryId, Error, InformationCategory,
    MeetingId, MeetingView, NewEntry, NewMeeting, NewPerson, NewTask, PractitionerId, Priority,
    Rule, Target, TaskId, Viewer, Visibility,
};
use tasks_common::Borough;

/// A daily hub meeting this morning chaired by the police sergeant, inviting every agency.
fn daily(b: &Borough) -> MeetingId {
    b.hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: "Daily hub meeting".into(),
                title: "Daily hub meeting".into(),
                starts: b.now() + Duration::minutes(30),
                chair: b.sergeant,
                agencies: vec![b.housing, b.mental_health, b.council],
                practitioners: vec![b.pc],
            },
        )
        .unwrap()
}

fn attendees(b: &Borough, viewer: PractitionerId, meeting: MeetingId) -> Vec<PractitionerId> {
    let m: MeetingView = b.hub.meeting(&Viewer::new(viewer), meeting).unwrap();
    m.attendees.iter().map(|p| p.id).collect()
}

#[test]
fn attendees_whose_agencies_share_an_agreement_are_admitted_in_the_order_recorded() {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.sergeant).unwrap();
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    // A practitioner may record their own attendance.
    b.hub
        .record_attendance(b.housing_officer, m, b.housing_officer)
        .unwrap();
    assert_eq!(
        attendees(&b, b.housing_officer, m),
        vec![b.sergeant, b.pc, b.housing_officer]
    );
    let view = b.hub.meeting(&Viewer::new(b.pc), m).unwrap();
    assert_eq!(view.kind, "Daily hub meeting");
    assert_eq!(view.chair.id, b.sergeant);
}

#[test]
fn nobody_sits_outside_the_protocol_an_agency_without_an_agreement_with_every_attending_agency_is_refused(
) {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    b.hub
        .record_attendance(b.sergeant, m, b.housing_officer)
        .unwrap();
    // Mental health shares with police but not with housing, who are already in the room.
    let refused = b.hub.record_attendance(b.sergeant, m, b.nurse).unwrap_err();
    assert_eq!(
        refused,
        Error::Forbidden {
            action: "record_attendance",
            reason: "the practitioner's agency has no agreement in force with every other \
                     attending agency at the meeting's time",
        }
    );
    // The council shares with nobody.
    assert!(matches!(
        b.hub.record_attendance(b.sergeant, m, b.council_officer),
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(attendees(&b, b.pc, m), vec![b.pc, b.housing_officer]);

    // Where only police sit, mental health is admitted: the rule is pairwise, between those
    // who attend, not between those invited.
    let panel = daily(&b);
    b.hub.record_attendance(b.sergeant, panel, b.pc).unwrap();
    b.hub.record_attendance(b.sergeant, panel, b.nurse).unwrap();
    assert!(matches!(
        b.hub
            .record_attendance(b.sergeant, panel, b.housing_officer),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn attendance_is_recorded_once_and_only_by_the_chair_or_the_attendee() {
    let b = Borough::in_memory();
    let m = daily(&b);
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    assert!(matches!(
        b.hub.record_attendance(b.pc, m, b.pc),
        Err(Error::Invalid {
            field: "practitioner",
            ..
        })
    ));
    assert!(matches!(
        b.hub.record_attendance(b.pc, m, b.housing_officer),
        Err(Error::Forbidden {
            action: "record_attendance",
            ..
        })
    ));
}

#[test]
fn a_practitioner_whose_agency_was_not_invited_cannot_attend_nor_know_of_the_meeting() {
    let b = Borough::in_memory();
    let m = b
        .hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: "Complex case panel".into(),
                title: "Panel".into(),
                starts: b.now(),
                chair: b.sergeant,
                agencies: vec![],
                practitioners: vec![b.housing_officer],
            },
        )
        .unwrap();
    // Housing is invited through its officer; mental health is not invited at all.
    b.hub.meeting(&Viewer::new(b.housing_officer_2), m).unwrap();
    let unknown = MeetingId(uuid::Uuid::from_u128(7));
    let withheld = b.hub.meeting(&Viewer::new(b.nurse), m).unwrap_err();
    assert_eq!(
        withheld,
        b.hub.meeting(&Viewer::new(b.nurse), unknown).unwrap_err()
    );
    assert_eq!(withheld, Error::NotFound { what: "meeting" });
    assert_eq!(
        b.hub.record_attendance(b.nurse, m, b.nurse).unwrap_err(),
        b.hub
            .record_attendance(b.nurse, unknown, b.nurse)
            .unwrap_err()
    );
}

#[test]
fn a_meeting_kind_is_a_label_and_the_chair_must_be_able_to_attend() {
    let b = Borough::in_memory();
    let new = |kind: &str, chair| NewMeeting {
        kind: kind.into(),
        title: "Meeting".into(),
        starts: b.now(),
        chair,
        agencies: vec![b.housing],
        practitioners: vec![],
    };
    assert!(matches!(
        b.hub.schedule_meeting(b.sergeant, new("  ", b.sergeant)),
        Err(Error::Invalid { field: "kind", .. })
    ));
    assert!(matches!(
        b.hub
            .schedule_meeting(b.sergeant, new("Marac-style risk conference", b.analyst)),
        Err(Error::Invalid { field: "chair", .. })
    ));
    b.hub
        .schedule_meeting(b.sergeant, new("ASB case review panel", b.housing_officer))
        .unwrap();
}

/// A police note on a police case that only police may read (agency visibility), of a
/// category the police-housing agreement covers.
fn police_note(b: &Borough, category: InformationCategory, text: &str) -> EntryId {
    let case = b.police_case(CaseType::Asb, "Noise at Elm Court");
    b.hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category,
                visibility: Visibility::Agency,
                ..NewEntry::note(text)
            },
        )
        .unwrap()
}

/// The texts of the disclosures at `meeting` the viewer reads.
fn disclosed_texts(b: &Borough, viewer: PractitionerId, meeting: MeetingId) -> Vec<String> {
    b.hub
        .meeting_disclosures(&Viewer::new(viewer), meeting)
        .unwrap()
        .into_iter()
        .map(|d| match d.content {
            DisclosedContent::Entry { entry } => entry.text.into(),
            other => panic!("not an entry: {other:?}"),
        })
        .collect()
}

/// The daily meeting with the police constable and the first housing officer in the room.
fn meeting_with_housing(b: &Borough) -> MeetingId {
    let m = daily(b);
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    b.hub
        .record_attendance(b.sergeant, m, b.housing_officer)
        .unwrap();
    m
}

#[test]
fn a_disclosure_makes_the_item_readable_to_the_attendees_and_to_nobody_else() {
    let b = Borough::in_memory();
    let entry = police_note(
        &b,
        InformationCategory::Asb,
        "Warning marker: dog at flat 4",
    );
    let m = meeting_with_housing(&b);
    let housing = Viewer::new(b.housing_officer);
    assert_eq!(
        b.hub
            .explain(&housing, Target::Entry(entry))
            .unwrap()
            .decision
            .rule,
        Rule::Withheld
    );
    assert!(disclosed_texts(&b, b.housing_officer, m).is_empty());

    b.hub
        .disclose_at_meeting(
            b.pc,
            m,
            MeetingItem::Entry { id: entry },
            None,
            "Officer safety",
        )
        .unwrap();

    assert_eq!(
        disclosed_texts(&b, b.housing_officer, m),
        vec!["Warning marker: dog at flat 4".to_string()]
    );
    assert!(matches!(
        b.hub
            .explain(&housing, Target::Entry(entry))
            .unwrap()
            .decision
            .rule,
        Rule::Agreement { .. }
    ));
    // A colleague of the same agency who did not attend reads nothing, as before.
    assert_eq!(
        b.hub
            .explain(&Viewer::new(b.housing_officer_2), Target::Entry(entry))
            .unwrap()
            .decision
            .rule,
        Rule::Withheld
    );
    assert!(disclosed_texts(&b, b.housing_officer_2, m).is_empty());
    // The attendee's read is in police's consultation log under the agreement.
    let from = b.now() - Duration::days(1);
    let to = b.now() + Duration::days(1);
    let log = b
        .hub
        .consultations(&Viewer::new(b.sergeant), from, to)
        .unwrap();
    assert!(log
        .iter()
        .any(|c| c.viewer == b.housing_officer && c.items.iter().any(|i| i.id == entry.0)));
}

#[test]
fn the_owners_s62_log_names_each_disclosure_its_time_justification_and_recipients() {
    let b = Borough::in_memory();
    let entry = police_note(&b, InformationCategory::Asb, "Previous threats to staff");
    let m = meeting_with_housing(&b);
    b.hub
        .disclose_at_meeting(
            b.pc,
            m,
            MeetingItem::Entry { id: entry },
            None,
            "Officer safety",
        )
        .unwrap();
    let from = b.now() - Duration::days(1);
    let to = b.now() + Duration::days(1);
    let log = b
        .hub
        .meeting_disclosure_log(&Viewer::new(b.sergeant), from, to)
        .unwrap();
    assert_eq!(log.len(), 1);
    let d = &log[0];
    assert_eq!(d.meeting.id, m);
    assert_eq!(d.item, MeetingItem::Entry { id: entry });
    assert_eq!(d.justification, "Officer safety");
    assert_eq!(d.by.id, b.pc);
    assert_eq!(d.at, b.now());
    assert_eq!(
        d.recipients.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![b.pc, b.housing_officer]
    );
    // Housing's supervisors see no police disclosures in their log; a case worker has none.
    assert!(matches!(
        b.hub.meeting_disclosure_log(&Viewer::new(b.pc), from, to),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn a_disclosure_no_agreement_covers_for_any_attending_agency_is_refused_with_the_reason() {
    let b = Borough::in_memory();
    // Police and housing share no safeguarding information.
    let entry = police_note(&b, InformationCategory::Safeguarding, "Child at address");
    let m = meeting_with_housing(&b);
    assert_eq!(
        b.hub
            .disclose_at_meeting(b.pc, m, MeetingItem::Entry { id: entry }, None, "Concern")
            .unwrap_err(),
        Error::Forbidden {
            action: "disclose_at_meeting",
            reason: "no agreement in force covers the item's category with any other attending \
                     agency",
        }
    );
    assert!(disclosed_texts(&b, b.housing_officer, m).is_empty());
}

#[test]
fn only_the_owning_agency_discloses_and_an_item_the_actor_may_not_know_of_is_not_found() {
    let b = Borough::in_memory();
    let entry = police_note(&b, InformationCategory::Asb, "Noise log");
    let m = meeting_with_housing(&b);
    let unknown = MeetingItem::Entry {
        id: EntryId(uuid::Uuid::from_u128(99)),
    };
    let withheld = b
        .hub
        .disclose_at_meeting(
            b.housing_officer,
            m,
            MeetingItem::Entry { id: entry },
            None,
            "x",
        )
        .unwrap_err();
    assert_eq!(withheld, Error::NotFound { what: "entry" });
    assert_eq!(
        withheld,
        b.hub
            .disclose_at_meeting(b.housing_officer, m, unknown, None, "x")
            .unwrap_err()
    );
    // A police practitioner who did not attend may not disclose at the meeting.
    assert!(matches!(
        b.hub
            .disclose_at_meeting(b.sergeant, m, MeetingItem::Entry { id: entry }, None, "x"),
        Err(Error::Forbidden {
            action: "disclose_at_meeting",
            ..
        })
    ));
}

#[test]
fn a_recipient_on_the_case_team_reads_the_disclosed_entry_on_the_case_itself() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    b.hub
        .add_team_member(
            b.pc,
            case,
            safehub::TeamMember::Practitioner(b.housing_officer),
        )
        .unwrap();
    let entry = b
        .hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Agency,
                ..NewEntry::note("Informant says the tenant sublets")
            },
        )
        .unwrap();
    let entry_on_case = |viewer| match b.hub.case(&Viewer::new(viewer), case).unwrap() {
        safehub::CaseView::Full(c) => c
            .entries
            .into_iter()
            .find(|e| matches!(e, safehub::EntryView::Full(d) if d.id == entry)),
        safehub::CaseView::Stub(_) => None,
    };
    assert_eq!(entry_on_case(b.housing_officer), None, "a stub before");
    let m = meeting_with_housing(&b);
    b.hub
        .disclose_at_meeting(b.pc, m, MeetingItem::Entry { id: entry }, None, "Tenancy")
        .unwrap();
    assert!(entry_on_case(b.housing_officer).is_some());
}

#[test]
fn a_decision_and_actions_are_recorded_on_the_case_pointing_at_the_disclosures_they_rest_on() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let note = b
        .hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Agency,
                ..NewEntry::note("Three calls about the same flat this week")
            },
        )
        .unwrap();
    let m = meeting_with_housing(&b);
    let disclosed = MeetingItem::Entry { id: note };
    b.hub
        .disclose_at_meeting(b.pc, m, disclosed, None, "Joint visit")
        .unwrap();
    let decision = b
        .hub
        .record_meeting_decision(
            b.pc,
            m,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Partnership,
                ..NewEntry::note("Joint visit by police and housing")
            },
            vec![disclosed],
        )
        .unwrap();
    let action = b
        .hub
        .agree_action(
            b.pc,
            m,
            NewTask {
                case,
                assignee: Assignee::Agency(b.housing),
                title: "Visit flat 4".into(),
                detail: "With PC Patel".into(),
                category: InformationCategory::Asb,
                due: b.now() + Duration::days(2),
                priority: Priority::High,
            },
            vec![disclosed],
        )
        .unwrap();
    // The action is an ordinary task: housing sees it in its list and works it.
    let housing = Viewer::new(b.housing_officer);
    assert!(b
        .hub
        .agency_tasks(&housing)
        .unwrap()
        .iter()
        .any(|t| t.id() == action));
    b.hub.accept_task(b.housing_officer, action).unwrap();
    let view = b.hub.meeting(&Viewer::new(b.pc), m).unwrap();
    assert_eq!(view.decisions, vec![decision]);
    assert_eq!(view.actions, vec![action]);

    // An item not disclosed at the meeting cannot be cited.
    let undisclosed = MeetingItem::Entry { id: decision };
    assert!(matches!(
        b.hub
            .record_meeting_decision(b.pc, m, case, NewEntry::note("Another"), vec![undisclosed]),
        Err(Error::Invalid {
            field: "rests_on",
            ..
        })
    ));
}

#[test]
fn only_an_attendee_records_decisions_and_actions() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let m = meeting_with_housing(&b);
    assert!(matches!(
        b.hub
            .record_meeting_decision(b.sergeant, m, case, NewEntry::note("x"), vec![]),
        Err(Error::Forbidden { .. })
    ));
}

/// A daily meeting `days` from now with police and housing in the room.
fn daily_on(b: &Borough, kind: &str, days: i64) -> MeetingId {
    let m = b
        .hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: kind.into(),
                title: format!("{kind}, day {days}"),
                starts: b.now() + Duration::days(days),
                chair: b.sergeant,
                agencies: vec![b.housing],
                practitioners: vec![],
            },
        )
        .unwrap();
    b.hub.record_attendance(b.sergeant, m, b.pc).unwrap();
    b.hub
        .record_attendance(b.sergeant, m, b.housing_officer)
        .unwrap();
    m
}

/// An action for housing on `case`, agreed at `m`.
fn action_for_housing(b: &Borough, m: MeetingId, case: CaseId, title: &str) -> TaskId {
    b.hub
        .agree_action(
            b.pc,
            m,
            NewTask {
                case,
                assignee: Assignee::Practitioner(b.housing_officer),
                title: title.into(),
                detail: "Report back at the next meeting".into(),
                category: InformationCategory::Asb,
                due: b.now() + Duration::days(5),
                priority: Priority::Normal,
            },
            vec![],
        )
        .unwrap()
}

#[test]
fn actions_not_done_by_the_next_meeting_of_the_kind_are_carried_onto_its_agenda() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let monday = daily_on(&b, "Daily hub meeting", 0);
    let visit = action_for_housing(&b, monday, case, "Visit flat 4");
    let letter = action_for_housing(&b, monday, case, "Send warning letter");
    b.hub.accept_task(b.housing_officer, letter).unwrap();
    b.hub
        .answer_task(b.housing_officer, letter, NewEntry::note("Letter sent"))
        .unwrap();
    b.clock.set(b.now() + Duration::days(1));
    // The same kind, spelled differently, is the same kind.
    let tuesday = daily_on(&b, "daily  HUB meeting", 0);
    let panel = daily_on(&b, "Complex case panel", 0);

    let carried = |m| {
        b.hub
            .meeting_agenda(&Viewer::new(b.housing_officer), m)
            .unwrap()
            .carried_over
            .iter()
            .map(|t| t.id())
            .collect::<Vec<_>>()
    };
    assert_eq!(carried(tuesday), vec![visit]);
    assert_eq!(carried(panel), Vec::<TaskId>::new());
    assert_eq!(carried(monday), Vec::<TaskId>::new(), "not onto its own");
}

#[test]
fn the_agenda_is_the_briefing_since_the_last_meeting_of_the_kind_plus_what_was_added_by_hand() {
    let b = Borough::in_memory();
    let monday = daily_on(&b, "Daily hub meeting", 0);
    b.clock.set(b.now() + Duration::days(1));
    let tuesday = daily_on(&b, "Daily hub meeting", 0);
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let hidden = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Protected witness".into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .add_agenda_item(b.pc, tuesday, AgendaSubject::Case { id: case })
        .unwrap();
    b.hub
        .add_agenda_item(b.pc, tuesday, AgendaSubject::Person { id: hidden })
        .unwrap();

    let housing = Viewer::new(b.housing_officer);
    let agenda = b.hub.meeting_agenda(&housing, tuesday).unwrap();
    let monday_start = b.hub.meeting(&housing, monday).unwrap().starts;
    assert_eq!(agenda.since, monday_start);
    assert_eq!(
        agenda.briefing,
        b.hub
            .briefing(&housing, monday_start, &BriefingConfig::default())
            .unwrap()
    );
    // Housing is not on the police case: a stub naming whom to ask; the restricted witness is
    // not there at all.
    assert!(matches!(
        agenda.added.as_slice(),
        [AgendaItemView::Case {
            case: CaseView::Stub(_)
        }]
    ));
    let police = b.hub.meeting_agenda(&Viewer::new(b.pc), tuesday).unwrap();
    assert!(matches!(
        police.added.as_slice(),
        [
            AgendaItemView::Case {
                case: CaseView::Full(_)
            },
            AgendaItemView::Person { .. }
        ]
    ));
    // An agency the meeting did not invite learns nothing of it.
    assert_eq!(
        b.hub
            .meeting_agenda(&Viewer::new(b.nurse), tuesday)
            .unwrap_err(),
        Error::NotFound { what: "meeting" }
    );
}

#[test]
fn minutes_differ_per_agency_exactly_as_the_agreements_say_and_are_logged_once_per_read() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let note = b
        .hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Agency,
                ..NewEntry::note("Dog at flat 4 *bites*")
            },
        )
        .unwrap();
    let m = meeting_with_housing(&b);
    let disclosed = MeetingItem::Entry { id: note };
    b.hub
        .disclose_at_meeting(b.pc, m, disclosed, None, "Officer safety")
        .unwrap();
    // A decision police keep to themselves, and one shared with the partnership.
    let own = |text: &str, visibility| {
        b.hub
            .record_meeting_decision(
                b.pc,
                m,
                case,
                NewEntry {
                    category: InformationCategory::Asb,
                    visibility,
                    ..NewEntry::note(text)
                },
                vec![disclosed],
            )
            .unwrap()
    };
    own("Police to check the PNC", Visibility::Agency);
    own("Joint visit on Thursday", Visibility::Partnership);
    action_for_housing(&b, m, case, "Visit flat 4");

    let police = b.hub.meeting_minutes(&Viewer::new(b.pc), m).unwrap();
    let housing = b
        .hub
        .meeting_minutes(&Viewer::new(b.housing_officer), m)
        .unwrap();
    let texts = |minutes: &safehub::meetings::Minutes| {
        minutes
            .decisions
            .iter()
            .filter_map(|e| match e {
                safehub::EntryView::Full(d) => Some(d.text.clone()),
                safehub::EntryView::Stub(_) => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        texts(&police),
        vec!["Police to check the PNC", "Joint visit on Thursday"]
    );
    // Housing is not on the case team: the police-only decision is not theirs to read, and off
    // the team not even its stub shows; the partnership one is.
    assert_eq!(texts(&housing), vec!["Joint visit on Thursday"]);
    assert_eq!(housing.decisions.len(), 1);
    assert_eq!(housing.disclosures.len(), 1);
    assert_eq!(police.actions.len(), 1);
    assert_eq!(housing.actions.len(), 1);
    let md = housing.to_markdown();
    assert!(md.contains("Dog at flat 4 \\*bites\\*"), "{md}");
    assert!(!md.contains("PNC"), "{md}");

    // One read, one consultation, whose purpose names the meeting.
    let from = b.now() - Duration::days(1);
    let to = b.now() + Duration::days(1);
    let log: Vec<_> = b
        .hub
        .consultations(&Viewer::new(b.sergeant), from, to)
        .unwrap()
        .into_iter()
        .filter(|c| c.viewer == b.housing_officer)
        .collect();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].meeting, Some(m));
}

/// Everything a practitioner can read about the meeting and the case, as one text.
fn everything_read_by(b: &Borough, viewer: PractitionerId, m: MeetingId, case: CaseId) -> String {
    let v = Viewer::new(viewer);
    let mut out = String::new();
    let mut add = |json: serde_json::Result<String>| out.push_str(&json.unwrap());
    add(serde_json::to_string(&b.hub.meeting(&v, m).ok()));
    add(serde_json::to_string(&b.hub.meeting_agenda(&v, m).ok()));
    add(serde_json::to_string(&b.hub.meeting_minutes(&v, m).ok()));
    add(serde_json::to_string(
        &b.hub.meeting_disclosures(&v, m).ok(),
    ));
    add(serde_json::to_string(&b.hub.case(&v, case).ok()));
    add(serde_json::to_string(&b.hub.my_tasks(&v).ok()));
    add(serde_json::to_string(
        &b.hub
            .briefing(&v, b.now() - Duration::days(7), &BriefingConfig::default())
            .ok(),
    ));
    out
}

#[test]
fn a_disclosed_canary_reaches_its_recipients_and_no_other_read_of_anyone_else() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    let canary = "CANARY-7f3a-disclosed";
    let entry = b
        .hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Private,
                sensitive: true,
                ..NewEntry::note(canary)
            },
        )
        .unwrap();
    let m = meeting_with_housing(&b);
    b.hub
        .add_agenda_item(b.pc, m, AgendaSubject::Case { id: case })
        .unwrap();
    b.hub
        .disclose_at_meeting(b.pc, m, MeetingItem::Entry { id: entry }, None, "Safety")
        .unwrap();
    b.hub
        .record_meeting_decision(
            b.pc,
            m,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Partnership,
                ..NewEntry::note("Decided on what was disclosed")
            },
            vec![MeetingItem::Entry { id: entry }],
        )
        .unwrap();
    assert!(everything_read_by(&b, b.housing_officer, m, case).contains(canary));
    for outsider in [
        b.housing_officer_2,
        b.nurse,
        b.council_officer,
        b.sergeant,
        b.analyst,
    ] {
        assert!(
            !everything_read_by(&b, outsider, m, case).contains(canary),
            "the canary reached {outsider:?}"
        );
    }
}

/// A week of daily hub meetings on the generated borough: every partner invited, whoever may
/// sit together attends, police disclose a note each day and agree an action for housing, the
/// agendas carry undone actions over, housing does one, and at the end the minutes differ per
/// agency as the agreements say and police's s62 log names every disclosure.
#[test]
fn a_week_of_daily_meetings_on_the_generated_borough() {
    use safehub_workspace::borough::{self, Scale, PARTNERS};
    let (builder, clock) = borough::builder(23);
    let hub = builder.open_in_memory().unwrap();
    let gen = borough::Borough::generate(&hub, &clock, 23, Scale::Borough, &mut |_| {}).unwrap();
    let by = |id: &str| hub.practitioner_by_external_id(id).unwrap();
    let (police, partner) = (&PARTNERS[0], &PARTNERS[2]);
    assert_eq!(partner.prefix, "housing");
    let pc = by(&borough::worker_id(police, 1));
    let sergeant = by(&borough::supervisor_id(police));
    let officer = by(&borough::worker_id(partner, 1));
    let colleague = by(&borough::worker_id(partner, 2));
    let others: Vec<PractitionerId> = PARTNERS[3..]
        .iter()
        .map(|p| by(&borough::worker_id(p, 1)))
        .collect();
    let case = hub
        .open_case(
            pc,
            safehub::NewCase {
                case_type: CaseType::Asb,
                title: "Week of meetings".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    let start = borough::today();
    let mut meetings = Vec::new();
    let mut actions = Vec::new();
    let mut disclosed = Vec::new();
    for day in 0..5 {
        clock.set(start + Duration::days(day));
        let m = hub
            .schedule_meeting(
                pc,
                NewMeeting {
                    kind: "Daily hub meeting".into(),
                    title: format!("Daily hub meeting, day {}", day + 1),
                    starts: start + Duration::days(day) + Duration::minutes(30),
                    chair: pc,
                    agencies: gen.agencies.clone(),
                    practitioners: vec![],
                },
            )
            .unwrap();
        hub.record_attendance(pc, m, pc).unwrap();
        hub.record_attendance(pc, m, officer).unwrap();
        for p in &others {
            // Admitted or refused by the protocol; either way nothing else changes.
            let _ = hub.record_attendance(pc, m, *p);
        }
        // The agenda carries every action not yet done.
        let agenda = hub.meeting_agenda(&Viewer::new(officer), m).unwrap();
        let carried: Vec<TaskId> = agenda.carried_over.iter().map(|t| t.id()).collect();
        let undone: Vec<TaskId> = actions
            .iter()
            .copied()
            .filter(|t| {
                !matches!(
                    hub.task(&Viewer::new(pc), *t).unwrap(),
                    safehub::TaskView::Full(ref d) if d.state == safehub::TaskState::Done
                )
            })
            .collect();
        assert_eq!(carried, undone, "day {}", day + 1);

        let note = hub
            .add_entry(
                pc,
                case,
                NewEntry {
                    category: InformationCategory::Asb,
                    visibility: Visibility::Agency,
                    ..NewEntry::note(format!("Police intelligence, day {}", day + 1))
                },
            )
            .unwrap();
        let item = MeetingItem::Entry { id: note };
        hub.disclose_at_meeting(pc, m, item, None, "Hub meeting")
            .unwrap();
        disclosed.push(note);
        hub.record_meeting_decision(
            pc,
            m,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Agency,
                ..NewEntry::note("Police only: check the PNC")
            },
            vec![item],
        )
        .unwrap();
        let action = hub
            .agree_action(
                pc,
                m,
                NewTask {
                    case,
                    assignee: Assignee::Practitioner(officer),
                    title: format!("Visit, day {}", day + 1),
                    detail: "Report back".into(),
                    category: InformationCategory::Asb,
                    due: start + Duration::days(day + 7),
                    priority: Priority::Normal,
                },
                vec![item],
            )
            .unwrap();
        actions.push(action);
        if day == 2 {
            // Housing does the first action.
            hub.accept_task(officer, actions[0]).unwrap();
            hub.answer_task(officer, actions[0], NewEntry::note("Visited"))
                .unwrap();
        }
        meetings.push(m);
    }
    // The disclosures: readable by the attending officer, not by the colleague who stayed away.
    let read = |viewer: PractitionerId, entry: EntryId| {
        hub.explain(&Viewer::new(viewer), Target::Entry(entry))
            .unwrap()
            .decision
            .access
            == safehub::Access::Full
    };
    assert!(disclosed.iter().all(|e| read(officer, *e)));
    assert!(!disclosed.iter().any(|e| read(colleague, *e)));
    // The minutes: police read their own decision, housing do not (not on the team: absent).
    let last = *meetings.last().unwrap();
    let police_minutes = hub.meeting_minutes(&Viewer::new(pc), last).unwrap();
    let housing_minutes = hub.meeting_minutes(&Viewer::new(officer), last).unwrap();
    assert_eq!(police_minutes.decisions.len(), 1);
    assert!(housing_minutes.decisions.is_empty());
    assert_eq!(housing_minutes.disclosures.len(), 1);
    assert_eq!(housing_minutes.actions.len(), 1);
    // Police's s62 log names every disclosure of the week, with its recipients.
    let log = hub
        .meeting_disclosure_log(
            &Viewer::new(sergeant),
            start - Duration::days(1),
            start + Duration::days(7),
        )
        .unwrap();
    let logged: Vec<MeetingItem> = log.iter().map(|d| d.item).collect();
    let expected: Vec<MeetingItem> = disclosed
        .iter()
        .map(|e| MeetingItem::Entry { id: *e })
        .collect();
    assert_eq!(logged, expected);
    assert!(log
        .iter()
        .all(|d| d.recipients.iter().any(|r| r.id == officer)));
}
