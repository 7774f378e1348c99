//! A case's life kept true: transferring the lead, closing with an outcome, reopening with a
//! reason, and linking cases to each other (issue 22, docs/cases.md).

mod tasks_common;

use chrono::Duration;
use safehub::views::CaseDetail;
use safehub::{
    CaseId, CaseLink, CaseLinkKind, CaseOutcome, CaseStatus, CaseType, CaseView, EntryView, Error,
    InformationCategory, NewCase, NewEntry, NewLead, NewPractitioner, PractitionerId, Role,
    TeamMember, Viewer, Visibility,
};
use tasks_common::Borough;

fn detail(b: &Borough, viewer: PractitionerId, case: CaseId) -> CaseDetail {
    match b.hub.case(&Viewer::new(viewer), case).unwrap() {
        CaseView::Full(d) => d,
        CaseView::Stub(s) => panic!("expected the full case, got a stub: {s:?}"),
    }
}

fn register(b: &Borough, agency: safehub::AgencyId, name: &str, role: Role) -> PractitionerId {
    b.hub
        .register_practitioner(
            b.admin,
            NewPractitioner {
                agency,
                name: name.into(),
                role,
                external_id: None,
            },
        )
        .unwrap()
}

fn forbidden(r: safehub::Result<()>) -> bool {
    matches!(r, Err(Error::Forbidden { .. }))
}

#[test]
fn a_case_whose_lead_left_is_handed_to_housing_by_the_police_supervisor() {
    let b = Borough::in_memory();
    let leaver = register(&b, b.police, "PC Leaver", Role::CaseWorker);
    let case = b
        .hub
        .open_case(
            leaver,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court noise".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    b.hub.deactivate_practitioner(b.admin, leaver).unwrap();
    b.clock.advance(Duration::hours(1));

    // Neither a case worker who does not lead it nor the analyst may move it; the sergeant may.
    let to_housing = NewLead::Practitioner(b.housing_officer);
    assert!(forbidden(b.hub.transfer_lead(
        b.pc,
        case,
        to_housing,
        "Tenancy matter."
    )));
    assert!(forbidden(b.hub.transfer_lead(
        b.analyst,
        case,
        to_housing,
        "Tenancy matter."
    )));
    b.hub
        .transfer_lead(b.sergeant, case, to_housing, "Tenancy matter now.")
        .unwrap();

    let d = detail(&b, b.housing_officer, case);
    assert_eq!(d.lead_agency.id, b.housing);
    assert_eq!(d.lead_practitioner.map(|p| p.id), Some(b.housing_officer));
    assert!(d.team_agencies.iter().any(|a| a.id == b.housing));
    assert!(
        d.team_agencies.iter().any(|a| a.id == b.police),
        "police stay on the team"
    );
    let handed = d.handed_over.expect("the latest transfer is shown");
    assert_eq!(
        (handed.from.id, handed.reason.as_str()),
        (b.police, "Tenancy matter now.")
    );
    // The lead agency's case workers now change its status; police's no longer do.
    assert!(forbidden(b.hub.close_case(
        b.pc,
        case,
        CaseOutcome::Resolved,
        "Quiet."
    )));
    b.hub
        .close_case(
            b.housing_officer,
            case,
            CaseOutcome::Resolved,
            "Quiet for a month.",
        )
        .unwrap();
    // As of before the transfer, police led it.
    let before = Viewer::new(b.pc).as_of(tasks_common::morning());
    let CaseView::Full(then) = b.hub.case(&before, case).unwrap() else {
        panic!("police read their own case in full");
    };
    assert_eq!(then.lead_agency.id, b.police);
    assert_eq!(then.status, CaseStatus::Open);
    assert_eq!(then.closure, None);
}

#[test]
fn a_lead_goes_only_where_an_agreement_covers_the_case_type() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    // The council has no agreement with police; mental health's does not cover ASB.
    assert!(b
        .hub
        .transfer_lead(
            b.pc,
            case,
            NewLead::Practitioner(b.council_officer),
            "Theirs."
        )
        .is_err());
    assert!(b
        .hub
        .transfer_lead(b.pc, case, NewLead::Agency(b.mental_health), "Theirs.")
        .is_err());
    assert!(matches!(
        b.hub
            .transfer_lead(b.pc, case, NewLead::Agency(b.housing), "  "),
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    assert!(matches!(
        b.hub
            .transfer_lead(b.pc, case, NewLead::Practitioner(b.pc), "Me."),
        Err(Error::Invalid { field: "to", .. })
    ));
    assert!(matches!(
        b.hub
            .transfer_lead(b.pc, case, NewLead::Practitioner(b.analyst), "Read-only."),
        Err(Error::Invalid { field: "to", .. })
    ));
    assert_eq!(
        detail(&b, b.pc, case).lead_agency.id,
        b.police,
        "nothing changed"
    );
}

#[test]
fn a_case_transferred_to_housing_waits_for_a_housing_supervisor_to_assign_it() {
    let b = Borough::in_memory();
    let housing_lead = register(&b, b.housing, "Housing team leader", Role::Supervisor);
    let case = b.police_case(CaseType::Asb, "Elm Court");
    b.hub
        .transfer_lead(
            b.pc,
            case,
            NewLead::Agency(b.housing),
            "Tenancy enforcement.",
        )
        .unwrap();
    let d = detail(&b, b.housing_officer, case);
    assert_eq!(d.lead_agency.id, b.housing);
    assert_eq!(d.lead_practitioner, None);
    // The former lead practitioner no longer manages it; a housing officer is not a supervisor.
    assert!(forbidden(b.hub.transfer_lead(
        b.pc,
        case,
        NewLead::Practitioner(b.housing_officer),
        "Assign."
    )));
    assert!(forbidden(b.hub.transfer_lead(
        b.housing_officer,
        case,
        NewLead::Practitioner(b.housing_officer),
        "Assign."
    )));
    b.hub
        .transfer_lead(
            housing_lead,
            case,
            NewLead::Practitioner(b.housing_officer_2),
            "Her patch.",
        )
        .unwrap();
    let d = detail(&b, b.housing_officer, case);
    assert_eq!(d.lead_practitioner.map(|p| p.id), Some(b.housing_officer_2));
}

#[test]
fn housing_leading_a_police_case_still_reads_only_what_its_agreement_with_police_covers() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::ConcernForSafety, "Welfare concern");
    // Police record safeguarding detail (outside the housing agreement), a sensitive note and
    // a private note; and one general note housing may read.
    let canary = |text: &str, category, visibility, sensitive| NewEntry {
        category,
        visibility,
        sensitive,
        ..NewEntry::note(text)
    };
    let safeguarding = b
        .hub
        .add_entry(
            b.pc,
            case,
            canary(
                "CANARY-SAFEGUARDING",
                InformationCategory::Safeguarding,
                Visibility::CaseTeam,
                false,
            ),
        )
        .unwrap();
    b.hub
        .add_entry(
            b.pc,
            case,
            canary(
                "CANARY-SENSITIVE",
                InformationCategory::Safeguarding,
                Visibility::CaseTeam,
                true,
            ),
        )
        .unwrap();
    b.hub
        .add_entry(
            b.pc,
            case,
            canary(
                "CANARY-PRIVATE",
                InformationCategory::General,
                Visibility::Private,
                false,
            ),
        )
        .unwrap();
    b.hub
        .add_entry(
            b.pc,
            case,
            canary(
                "Shared note",
                InformationCategory::General,
                Visibility::CaseTeam,
                false,
            ),
        )
        .unwrap();
    b.hub
        .transfer_lead(
            b.pc,
            case,
            NewLead::Practitioner(b.housing_officer),
            "Housing leads.",
        )
        .unwrap();

    let viewer = Viewer::new(b.housing_officer).because("leading the case");
    let view = b.hub.case(&viewer, case).unwrap();
    let text = serde_json::to_string(&view).unwrap();
    assert!(!text.contains("CANARY"), "{text}");
    assert!(text.contains("Shared note"));
    let CaseView::Full(d) = view else {
        panic!("housing leads it")
    };
    assert!(d
        .entries
        .iter()
        .any(|e| matches!(e, EntryView::Stub(s) if s.id == safeguarding)));
    assert_eq!(
        d.entries.len(),
        3,
        "the sensitive entry shows not even as a stub"
    );
    // Police, who wrote them, still read them all.
    let police = serde_json::to_string(&b.hub.case(&Viewer::new(b.pc), case).unwrap()).unwrap();
    assert!(police.contains("CANARY-SAFEGUARDING") && police.contains("CANARY-PRIVATE"));
}

#[test]
fn a_case_closes_with_an_outcome_and_reopens_with_a_reason_along_its_status_rules() {
    let b = Borough::in_memory();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    b.hub
        .add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    assert!(matches!(
        b.hub.reopen_case(b.pc, case, "Again."),
        Err(Error::InvalidTransition { .. })
    ));
    assert!(matches!(
        b.hub.close_case(b.pc, case, CaseOutcome::Resolved, ""),
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    assert!(matches!(
        b.hub
            .close_case(b.pc, case, CaseOutcome::Resolved, &"x".repeat(501)),
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    assert!(forbidden(b.hub.close_case(
        b.housing_officer,
        case,
        CaseOutcome::Resolved,
        "Not theirs to close."
    )));
    b.hub
        .close_case(
            b.pc,
            case,
            CaseOutcome::EnforcementAction,
            "CANARY-CLOSED injunction granted",
        )
        .unwrap();
    assert!(matches!(
        b.hub
            .close_case(b.pc, case, CaseOutcome::Resolved, "Twice."),
        Err(Error::InvalidTransition { .. })
    ));

    let d = detail(&b, b.housing_officer, case);
    assert_eq!(d.status, CaseStatus::Closed);
    let closure = d.closure.clone().unwrap();
    assert_eq!(closure.outcome, CaseOutcome::EnforcementAction);
    assert_eq!(closure.reason, "CANARY-CLOSED injunction granted");
    let summary = b.hub.cases(&Viewer::new(b.housing_officer)).unwrap();
    assert_eq!(summary[0].closure, Some(closure.clone()));
    // Off the team, mental health sees the stub: nothing of the outcome or reason.
    let stub = serde_json::to_string(&b.hub.case(&Viewer::new(b.nurse), case).unwrap()).unwrap();
    assert!(
        !stub.contains("CANARY") && !stub.contains("enforcement"),
        "{stub}"
    );
    assert!(b.hub.cases(&Viewer::new(b.nurse)).unwrap().is_empty());

    b.clock.advance(Duration::days(3));
    b.hub
        .reopen_case(b.pc, case, "Noise started again.")
        .unwrap();
    let d = detail(&b, b.pc, case);
    assert_eq!(d.status, CaseStatus::Reopened);
    assert_eq!(
        d.reopening.map(|r| r.reason),
        Some("Noise started again.".into())
    );
    assert_eq!(d.closure, Some(closure), "the last closing is kept");
}

#[test]
fn linked_cases_show_each_other_by_id_and_lead_to_those_who_know_of_both() {
    let b = Borough::in_memory();
    let street = b.police_case(CaseType::ProblemLocation, "Elm Court block");
    let flat = b.police_case(CaseType::Asb, "Flat 3");
    let abuse = b.police_case(CaseType::DomesticAbuse, "CANARY-DA-TITLE");
    b.hub
        .add_team_member(b.pc, flat, TeamMember::Agency(b.housing))
        .unwrap();
    let before = b.now();
    b.clock.advance(Duration::hours(1));
    assert!(matches!(
        b.hub.link_cases(b.pc, flat, flat, CaseLink::Related),
        Err(Error::Invalid { field: "other", .. })
    ));
    b.hub
        .link_cases(b.pc, flat, street, CaseLink::PartOf)
        .unwrap();
    b.hub
        .link_cases(b.pc, flat, abuse, CaseLink::Related)
        .unwrap();
    assert!(matches!(
        b.hub.link_cases(b.pc, abuse, flat, CaseLink::DuplicateOf),
        Err(Error::Invalid { field: "other", .. })
    ));
    // Housing works the flat's case only: it may not link from or to cases it is not on.
    assert!(forbidden(b.hub.unlink_cases(
        b.housing_officer,
        flat,
        street
    )));

    let kinds = |d: &CaseDetail| -> Vec<(CaseId, CaseLinkKind)> {
        d.links.iter().map(|l| (l.case, l.kind)).collect()
    };
    assert_eq!(
        kinds(&detail(&b, b.pc, street)),
        vec![(flat, CaseLinkKind::Includes)]
    );
    let housing = detail(&b, b.housing_officer, flat);
    let mut expected = vec![
        (street, CaseLinkKind::PartOf),
        (abuse, CaseLinkKind::Related),
    ];
    expected.sort();
    let mut seen = kinds(&housing);
    seen.sort();
    assert_eq!(seen, expected);
    let text = serde_json::to_string(&housing).unwrap();
    assert!(
        !text.contains("CANARY"),
        "a link shows what a stub shows: {text}"
    );
    // As of before the links, there were none.
    let then = b
        .hub
        .case(&Viewer::new(b.housing_officer).as_of(before), flat)
        .unwrap();
    assert!(matches!(then, CaseView::Full(d) if d.links.is_empty()));

    b.hub.unlink_cases(b.pc, abuse, flat).unwrap();
    assert_eq!(
        kinds(&detail(&b, b.housing_officer, flat)),
        vec![(street, CaseLinkKind::PartOf)]
    );
    assert!(matches!(
        b.hub.unlink_cases(b.pc, abuse, flat),
        Err(Error::Invalid { field: "other", .. })
    ));
}
