//! The stored format is a contract: golden journals.
//!
//! `core/golden/journal-v1.safehub` is a journal exported by this project (the scenario below,
//! with a fixed clock and ids), holding at least one event of every kind. It is checked in and
//! never rewritten. This test proves that it still opens: the chain verifies and the whole
//! journal replays into a hub whose reads answer. The core's own unit test
//! (`events::codec`) decodes every event of every golden journal and encodes it again, byte
//! for byte, so a renamed, added or removed field of any stored shape fails there by name.
//!
//! When a new event kind is added, [`kind_of`] stops compiling until the kind is listed, and
//! the golden check then asks for a new golden journal: extend the scenario so it writes the new
//! kind and run `SAFEHUB_BLESS=1 cargo test --test journal_format`, which writes the next
//! version's file (`journal-v2.safehub`, ...) beside the old ones and never overwrites one.

mod tasks_common;

use chrono::{Duration, NaiveDate};
use safehub::events::Event;
use safehub::incidents::{LocationRef, PersonRef};
use safehub::journal::{import_into, Journal, MemoryJournal};
use safehub::protection::AppliesTo;
use safehub::{
    Answers, Assignee, CaseLink, CaseOutcome, CaseStatus, CaseType, Consent, ErasureTarget,
    GroupKind, Hub, ImportOptions, IncidentRow, InformationCategory, Level, NewAgreement,
    NewAssessment, NewCase, NewEntry, NewGroup, NewLead, NewLocation, NewMeeting, NewPerson,
    NewReferral, NewTask, Outcome, Priority, RetentionChoice, RetentionRule, Role, Subject,
    SubjectRole, TeamMember, Template, Viewer, Visibility,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tasks_common::Borough;

/// The golden journals' folder.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("core/golden")
}

/// Every event kind, by an exhaustive match: a new kind does not compile until it is listed
/// here, and then the golden journals must hold it.
fn kind_of(event: &Event) -> &'static str {
    match event {
        Event::PartnershipEstablished { .. }
        | Event::AgencyJoined { .. }
        | Event::AgencyLeft { .. }
        | Event::PractitionerRegistered { .. }
        | Event::PractitionerRoleChanged { .. }
        | Event::PractitionerDeactivated { .. }
        | Event::AgreementSigned { .. }
        | Event::AgreementEnded { .. }
        | Event::PersonRecorded { .. }
        | Event::LocationRecorded { .. }
        | Event::GroupFormed { .. }
        | Event::RecordAmended { .. }
        | Event::MergeAgreed { .. }
        | Event::PeopleMerged { .. }
        | Event::PeopleUnmerged { .. }
        | Event::CaseOpened { .. }
        | Event::TeamMemberAdded { .. }
        | Event::TeamMemberRemoved { .. }
        | Event::SubjectLinked { .. }
        | Event::SubjectUnlinked { .. }
        | Event::CaseStatusChanged { .. }
        | Event::CaseLeadTransferred { .. }
        | Event::CaseClosed { .. }
        | Event::CaseReopened { .. }
        | Event::CasesLinked { .. }
        | Event::CasesUnlinked { .. }
        | Event::IncidentLinked { .. }
        | Event::IncidentUnlinked { .. }
        | Event::MeetingScheduled { .. }
        | Event::AttendanceRecorded { .. }
        | Event::AgendaItemAdded { .. }
        | Event::DisclosedAtMeeting { .. }
        | Event::MeetingDecisionRecorded { .. }
        | Event::MeetingActionAgreed { .. }
        | Event::EntryAdded { .. }
        | Event::EntryVisibilityChanged { .. }
        | Event::Consulted { .. }
        | Event::TemplateRegistered { .. }
        | Event::AssessmentRecorded { .. }
        | Event::AssessmentOverridden { .. }
        | Event::AssessmentReviewed { .. }
        | Event::TaskSet { .. }
        | Event::TaskAccepted { .. }
        | Event::TaskStarted { .. }
        | Event::TaskAnswered { .. }
        | Event::TaskDeclined { .. }
        | Event::TaskCancelled { .. }
        | Event::TaskReassigned { .. }
        | Event::ReferralMade { .. }
        | Event::ReferralAccepted { .. }
        | Event::ReferralDeclined { .. }
        | Event::ReferralWithdrawn { .. }
        | Event::ReferralOutcomeRecorded { .. }
        | Event::IncidentsImported { .. }
        | Event::RetentionRuleSet { .. }
        | Event::RetentionDecided { .. }
        | Event::ErasureRecorded { .. }
        | Event::TimeZoneSet { .. } => event.kind(),
    }
}

/// One of each kind, for [`kind_of`] to name: the kinds a golden journal must hold.
const EVERY_KIND: &[&str] = &[
    "partnership_established",
    "agency_joined",
    "agency_left",
    "practitioner_registered",
    "practitioner_role_changed",
    "practitioner_deactivated",
    "agreement_signed",
    "agreement_ended",
    "person_recorded",
    "location_recorded",
    "group_formed",
    "record_amended",
    "merge_agreed",
    "people_merged",
    "people_unmerged",
    "case_opened",
    "team_member_added",
    "team_member_removed",
    "subject_linked",
    "subject_unlinked",
    "case_status_changed",
    "case_lead_transferred",
    "case_closed",
    "case_reopened",
    "cases_linked",
    "cases_unlinked",
    "incident_linked",
    "incident_unlinked",
    "meeting_scheduled",
    "attendance_recorded",
    "agenda_item_added",
    "disclosed_at_meeting",
    "meeting_decision_recorded",
    "meeting_action_agreed",
    "entry_added",
    "entry_visibility_changed",
    "consulted",
    "template_registered",
    "assessment_recorded",
    "assessment_overridden",
    "assessment_reviewed",
    "task_set",
    "task_accepted",
    "task_started",
    "task_answered",
    "task_declined",
    "task_cancelled",
    "task_reassigned",
    "referral_made",
    "referral_accepted",
    "referral_declined",
    "referral_withdrawn",
    "referral_outcome_recorded",
    "incidents_imported",
    "retention_rule_set",
    "retention_decided",
    "erasure_recorded",
    "time_zone_set",
];

/// A morning's work that writes every kind of event, deterministically.
fn scenario() -> Borough {
    let b = Borough::in_memory();
    let hub = &b.hub;
    let later = |days| b.now() + Duration::days(days);

    // The partnership.
    hub.set_time_zone(b.admin, "Europe/Dublin").unwrap();
    hub.set_time_zone(b.admin, "Europe/London").unwrap();
    hub.change_role(b.admin, b.analyst, Role::CaseWorker)
        .unwrap();
    let leaver = hub
        .register_practitioner(
            b.admin,
            safehub_workspace::practitioner(b.police, "Leaver", Role::CaseWorker),
        )
        .unwrap();
    hub.deactivate_practitioner(b.admin, leaver).unwrap();
    let short = hub
        .sign_agreement(
            b.admin,
            NewAgreement {
                title: "Pilot".into(),
                parties: vec![b.police, b.council],
                purposes: vec!["pilot".into()],
                lawful_basis: safehub::LawfulBasis::CrimeAndDisorderActS115,
                categories: vec![InformationCategory::General],
                special_category: false,
                starts: b.now() - Duration::days(30),
                ends: None,
            },
        )
        .unwrap();
    hub.end_agreement(b.admin, short, later(1)).unwrap();

    // People, places, a group.
    let victim = hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Jane Golden".into(),
                aliases: vec!["J".into()],
                date_of_birth: NaiveDate::from_ymd_opt(1980, 1, 2),
                identifiers: vec![(safehub::IdentifierKind::NhsNumber, "9434765919".into())],
                flags: vec![safehub::VulnerabilityFlag::MentalHealth],
                restricted: false,
            },
        )
        .unwrap();
    let other = hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Sam Golden".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let requester = hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Erased Golden".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let flat = hub
        .record_location(
            b.pc,
            NewLocation {
                label: "Flat 3".into(),
                address: Some("3 Elm Court".into()),
                postcode: Some("B79 7BD".into()),
                uprn: Some("100071234567".into()),
                coordinates: Some((52.63, -1.69)),
                restricted: false,
            },
        )
        .unwrap();
    let household = hub
        .form_group(
            b.pc,
            NewGroup {
                name: "Golden household".into(),
                kind: GroupKind::Household,
                members: vec![victim, other],
            },
        )
        .unwrap();

    // Amendments: every kind of change, on a person, a location and a group.
    use safehub::Edit;
    hub.amend(
        b.pc,
        Subject::Person(victim),
        vec![
            Edit::Name {
                to: "Jane Goldenn".into(),
            },
            Edit::Name {
                to: "Jane Golden".into(),
            },
            Edit::AddAlias {
                alias: "Janey".into(),
            },
            Edit::WithdrawAlias { alias: "J".into() },
            Edit::DateOfBirth {
                to: NaiveDate::from_ymd_opt(1980, 2, 1),
            },
            Edit::AddIdentifier {
                kind: safehub::IdentifierKind::NhsNumber,
                value: "401 023 2137".into(),
            },
            Edit::WithdrawIdentifier {
                kind: safehub::IdentifierKind::NhsNumber,
                value: "401 023 2137".into(),
            },
            Edit::AddFlag {
                flag: safehub::VulnerabilityFlag::Isolated,
            },
            Edit::WithdrawFlag {
                flag: safehub::VulnerabilityFlag::Isolated,
            },
        ],
        "Checked against her GP letter.",
    )
    .unwrap();
    // Facts: every kind of value, corrected and withdrawn (record_amended, version 2).
    use safehub::{FactSharing, NewFact, NewFactValue};
    let values = [
        NewFactValue::Address {
            address: "3 Elm Court".into(),
            postcode: Some("B79 7BE".into()),
        },
        NewFactValue::Phone {
            number: "+44 7700 900123".into(),
        },
        NewFactValue::Email {
            address: "jane@example.org".into(),
        },
        NewFactValue::Alias { name: "Jay".into() },
        NewFactValue::Identifier {
            kind: safehub::IdentifierKind::NiNumber,
            value: "AB 12 34 56 C".into(),
        },
        NewFactValue::Flag {
            flag: safehub::VulnerabilityFlag::Isolated,
        },
    ];
    let facts: Vec<_> = values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            hub.add_fact(
                b.pc,
                victim,
                NewFact {
                    value,
                    category: (i == 0).then_some(InformationCategory::Safeguarding),
                    sharing: if i == 1 {
                        FactSharing::AgencyOnly
                    } else {
                        FactSharing::UnderAgreements
                    },
                },
                "Known to us.",
            )
            .unwrap()
        })
        .collect();
    hub.correct_fact(
        b.pc,
        victim,
        facts[0],
        NewFactValue::Address {
            address: "4 Elm Court".into(),
            postcode: None,
        },
        "Moved next door.",
    )
    .unwrap();
    hub.withdraw_fact(b.pc, victim, facts[2], "No longer used.")
        .unwrap();
    for restricted in [true, false] {
        hub.amend(
            b.pc,
            Subject::Person(other),
            vec![Edit::Restricted { to: restricted }],
            "In a refuge for a week.",
        )
        .unwrap();
    }
    hub.amend(
        b.pc,
        Subject::Location(flat),
        vec![
            Edit::Name {
                to: "Flat 3a".into(),
            },
            Edit::Address {
                to: Some("3a Elm Court".into()),
            },
            Edit::Postcode {
                to: Some("B79 7BE".into()),
            },
            Edit::Uprn {
                to: Some("100071234568".into()),
            },
            Edit::Coordinates {
                to: Some(safehub::locations::Coordinates {
                    lat: 52.631,
                    lon: -1.691,
                }),
            },
        ],
        "Surveyed.",
    )
    .unwrap();
    hub.amend(
        b.pc,
        Subject::Group(household),
        vec![
            Edit::Name {
                to: "Golden family".into(),
            },
            Edit::WithdrawMember { person: other },
            Edit::AddMember { person: other },
        ],
        "Renamed.",
    )
    .unwrap();

    // A merge agreed by both agencies, then undone.
    let housing_copy = hub
        .record_person(
            b.housing_officer,
            NewPerson {
                name: "J. Golden".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    hub.agree_merge(b.pc, victim, housing_copy, "Same woman.")
        .unwrap();
    hub.agree_merge(b.housing_officer, victim, housing_copy, "Agreed.")
        .unwrap();
    hub.unmerge(b.pc, housing_copy, "Her sister, not her.")
        .unwrap();

    // A case and its timeline.
    let case = hub
        .open_case(
            b.pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    hub.add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    hub.add_team_member(b.pc, case, TeamMember::Practitioner(b.sergeant))
        .unwrap();
    hub.remove_team_member(b.pc, case, TeamMember::Practitioner(b.sergeant))
        .unwrap();
    hub.link_subject(b.pc, case, Subject::Person(victim), SubjectRole::Victim)
        .unwrap();
    hub.link_subject(
        b.pc,
        case,
        Subject::Location(flat),
        SubjectRole::LocationOfConcern,
    )
    .unwrap();
    hub.link_subject(b.pc, case, Subject::Group(household), SubjectRole::Witness)
        .unwrap();
    hub.unlink_subject(b.pc, case, Subject::Group(household), SubjectRole::Witness)
        .unwrap();
    hub.change_case_status(b.pc, case, CaseStatus::UnderReview)
        .unwrap();
    let note = hub
        .add_entry(b.pc, case, NewEntry::note("Visited; music stopped."))
        .unwrap();
    hub.change_entry_visibility(b.pc, note, Visibility::Partnership, false)
        .unwrap();
    hub.case(&Viewer::new(b.housing_officer).because("golden"), case)
        .unwrap();

    // A second case: linked, handed to housing, closed with an outcome and reopened.
    let block = hub
        .open_case(
            b.pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court block".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    hub.link_cases(b.pc, case, block, CaseLink::PartOf).unwrap();
    hub.unlink_cases(b.pc, block, case).unwrap();
    hub.link_cases(b.pc, block, case, CaseLink::Related)
        .unwrap();
    hub.transfer_lead(
        b.sergeant,
        block,
        NewLead::Practitioner(b.housing_officer),
        "Tenancy enforcement.",
    )
    .unwrap();
    hub.close_case(
        b.housing_officer,
        block,
        CaseOutcome::EnforcementAction,
        "Injunction granted.",
    )
    .unwrap();
    hub.reopen_case(b.housing_officer, block, "Breach reported.")
        .unwrap();

    // Risk.
    let template = Template::from_json(
        r#"{"id": "golden", "version": 1, "name": "Golden",
            "questions": [{"id": "a", "text": "A?", "kind": {"type": "yes_no"}}],
            "scoring": {"method": "count_yes"}, "bands": []}"#,
    )
    .unwrap();
    hub.register_template(b.admin, template).unwrap();
    let assessment = hub
        .record_assessment(
            b.pc,
            NewAssessment::new(
                case,
                victim,
                safehub::risk::builtin::ASB_VULNERABILITY,
                Answers::new(),
            ),
        )
        .unwrap();
    hub.override_assessment(b.sergeant, assessment, Level::High, "Escalating.")
        .unwrap();
    hub.review_assessment(b.pc, assessment, "No change.")
        .unwrap();

    // Tasks: one through its whole life, and one each declined, cancelled, reassigned.
    let task = |title: &str| {
        hub.set_task(
            b.pc,
            NewTask {
                case,
                assignee: Assignee::Agency(b.housing),
                title: title.into(),
                detail: "Please check.".into(),
                category: InformationCategory::General,
                due: later(7),
                priority: Priority::High,
            },
        )
        .unwrap()
    };
    let answered = task("Tenancy?");
    hub.accept_task(b.housing_officer, answered).unwrap();
    hub.start_task(b.housing_officer, answered).unwrap();
    hub.answer_task(
        b.housing_officer,
        answered,
        NewEntry::note("Tenant since 2019."),
    )
    .unwrap();
    let declined = task("Visit?");
    hub.decline_task(b.housing_officer, declined, "Not ours.")
        .unwrap();
    let cancelled = task("Letter?");
    hub.cancel_task(b.pc, cancelled).unwrap();
    let moved = task("Repairs?");
    hub.reassign_task(b.pc, moved, Assignee::Practitioner(b.housing_officer_2))
        .unwrap();

    // Referrals: accepted with an outcome, declined, withdrawn.
    let refer = || {
        hub.refer(
            b.pc,
            NewReferral {
                to: b.mental_health,
                person: Some(victim),
                case: None,
                category: InformationCategory::Safeguarding,
                reason: "Calls in crisis.".into(),
                consent: Some(Consent::Given),
                consent_override: None,
            },
        )
        .unwrap()
    };
    let accepted = refer();
    hub.accept_referral(b.nurse, accepted).unwrap();
    hub.record_referral_outcome(b.nurse, accepted, Outcome::Successful)
        .unwrap();
    let refused = refer();
    hub.decline_referral(b.nurse, refused, "Already known.")
        .unwrap();
    let withdrawn = refer();
    hub.withdraw_referral(b.pc, withdrawn).unwrap();

    // Incidents.
    hub.import_incidents(
        b.pc,
        vec![IncidentRow {
            external_ref: "INC-1".into(),
            occurred_at: b.now() - Duration::days(1),
            reported_at: Some(b.now() - Duration::hours(20)),
            category: "asb_nuisance".into(),
            offence_code: None,
            summary: "Loud music".into(),
            location: Some(LocationRef {
                uprn: Some("100071234567".into()),
                address: None,
                postcode: None,
                label: None,
            }),
            caller: Some(PersonRef {
                name: "Jane Golden".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1980, 1, 2),
                identifiers: vec![],
            }),
            people: vec![],
        }],
        &ImportOptions::default(),
        None,
    )
    .unwrap();
    // The incident linked to the case, unlinked and linked again.
    let police = Viewer::new(b.pc);
    let imported = hub
        .incidents(&police, b.now() - Duration::days(2), b.now(), 1)
        .unwrap()[0]
        .id;
    hub.link_incident(b.pc, case, imported).unwrap();
    hub.unlink_incident(b.pc, case, imported).unwrap();
    hub.link_incident(b.pc, case, imported).unwrap();

    // A hub meeting, and its attendance.
    let meeting = hub
        .schedule_meeting(
            b.sergeant,
            NewMeeting {
                kind: "Daily hub meeting".into(),
                title: "Daily hub meeting".into(),
                starts: b.now(),
                chair: b.sergeant,
                agencies: vec![b.housing],
                practitioners: vec![b.pc],
            },
        )
        .unwrap();
    hub.record_attendance(b.sergeant, meeting, b.pc).unwrap();
    hub.record_attendance(b.housing_officer, meeting, b.housing_officer)
        .unwrap();
    let note = hub
        .add_entry(
            b.pc,
            case,
            NewEntry {
                category: InformationCategory::Asb,
                visibility: Visibility::Agency,
                ..NewEntry::note("Disclosed at the meeting.")
            },
        )
        .unwrap();
    hub.disclose_at_meeting(
        b.pc,
        meeting,
        safehub::meetings::MeetingItem::Entry { id: note },
        None,
        "Officer safety",
    )
    .unwrap();
    hub.add_agenda_item(
        b.pc,
        meeting,
        safehub::meetings::AgendaSubject::Case { id: case },
    )
    .unwrap();
    let cited = vec![safehub::meetings::MeetingItem::Entry { id: note }];
    hub.record_meeting_decision(
        b.pc,
        meeting,
        case,
        NewEntry::note("Joint visit agreed."),
        cited.clone(),
    )
    .unwrap();
    hub.agree_action(
        b.pc,
        meeting,
        NewTask {
            case,
            assignee: Assignee::Agency(b.housing),
            title: "Joint visit".into(),
            detail: "With the police.".into(),
            category: InformationCategory::Asb,
            due: later(3),
            priority: Priority::Normal,
        },
        cited,
    )
    .unwrap();
    // The minutes, read for the meeting: a consultation naming it.
    hub.meeting_minutes(&Viewer::new(b.housing_officer), meeting)
        .unwrap();

    // Data protection: a rule, a person erased on request, and, years after the case closed,
    // a review.
    hub.set_retention_rule(
        b.admin,
        RetentionRule {
            applies_to: AppliesTo {
                category: None,
                case_type: Some(CaseType::Asb),
            },
            review_after_months: 12,
            group: None,
        },
    )
    .unwrap();
    hub.dispose(b.admin, ErasureTarget::Person(requester), "SAR-1")
        .unwrap();
    hub.change_case_status(b.pc, case, CaseStatus::Closed)
        .unwrap();
    b.clock.set(b.now() + Duration::days(400));
    hub.decide_retention(
        b.sergeant,
        case,
        RetentionChoice::Retain {
            reason: "Injunction in force.".into(),
        },
    )
    .unwrap();
    hub.agency_leaves(b.admin, b.council).unwrap();
    b
}

/// The stored events of an exported journal, in order.
fn stored_in(bytes: &[u8]) -> Vec<safehub::journal::StoredEvent> {
    let mut journal = MemoryJournal::new();
    import_into(bytes, &mut journal).unwrap();
    journal.events_since(0, usize::MAX).unwrap()
}

/// The kinds of an exported journal's events.
fn kinds_in(bytes: &[u8]) -> BTreeSet<String> {
    stored_in(bytes).into_iter().map(|e| e.kind).collect()
}

/// The kinds and versions of an exported journal's events: a JSON event's `type` tag (the kind,
/// with `.N` from version 2 on), a binary one's kind and format byte.
fn shapes_in(bytes: &[u8]) -> BTreeSet<String> {
    stored_in(bytes)
        .into_iter()
        .map(|e| match e.content.first() {
            Some(b'{') => serde_json::from_slice::<serde_json::Value>(&e.content).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned(),
            first => format!("{}#{first:?}", e.kind),
        })
        .collect()
}

/// The golden journals, oldest first.
fn golden_journals() -> Vec<(PathBuf, Vec<u8>)> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "safehub"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn the_scenario_writes_every_kind_of_event() {
    let b = scenario();
    let bytes = b.hub.export_journal(b.admin).unwrap();
    let written = kinds_in(&bytes);
    let every: BTreeSet<String> = EVERY_KIND.iter().map(|k| k.to_string()).collect();
    assert_eq!(written, every, "the scenario must write exactly every kind");
}

#[test]
fn every_kind_of_event_is_in_a_golden_journal_that_still_opens_and_reads() {
    let journals = golden_journals();
    if std::env::var_os("SAFEHUB_BLESS").is_some() {
        let b = scenario();
        let bytes = b.hub.export_journal(b.admin).unwrap();
        // A new kind, or a kind in a new version, needs a new golden journal.
        let held: BTreeSet<String> = journals.iter().flat_map(|(_, j)| shapes_in(j)).collect();
        if shapes_in(&bytes).iter().any(|k| !held.contains(k)) {
            let next = golden_dir().join(format!("journal-v{}.safehub", journals.len() + 1));
            assert!(!next.exists(), "a golden journal is never overwritten");
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&next, bytes).unwrap();
            eprintln!("wrote {}", next.display());
        }
        return;
    }
    let held: BTreeSet<String> = journals.iter().flat_map(|(_, j)| kinds_in(j)).collect();
    for kind in EVERY_KIND {
        assert!(
            held.contains(*kind),
            "no golden journal holds a `{kind}` event: extend the scenario and bless a new one \
             (see this file's doc)"
        );
    }
    for (path, bytes) in &journals {
        let hub = Hub::builder()
            .import(bytes)
            .unwrap_or_else(|e| panic!("{} no longer opens: {e}", path.display()));
        let integrity = hub.verify().unwrap();
        assert!(integrity.is_ok(), "{}: {integrity:?}", path.display());
        assert!(!hub.agencies().is_empty(), "{}", path.display());
        assert_eq!(hub.seq(), kinds_total(bytes));
    }
}

/// How many events an exported journal holds.
fn kinds_total(bytes: &[u8]) -> u64 {
    stored_in(bytes).len() as u64
}

/// `kind_of` is the compile-time half of the check; this keeps its list honest.
#[test]
fn the_exhaustive_list_names_each_event_as_the_journal_does() {
    let b = scenario();
    let bytes = b.hub.export_journal(b.admin).unwrap();
    for stored in stored_in(&bytes) {
        let event = safehub::events::decode(&stored).unwrap();
        assert_eq!(kind_of(&event), stored.kind);
        assert!(EVERY_KIND.contains(&kind_of(&event)));
    }
}
