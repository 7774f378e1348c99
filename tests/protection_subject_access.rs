//! Subject access: a person with entries from three agencies; the export for the requesting
//! agency groups them by owning agency, marks only its own part "release yourself", shows other
//! agencies' content only where the sharing rules let the requester read it, and leaves out what
//! the requester may not know exists.

use chrono::{Duration, TimeZone, Utc};
use safehub::protection::{CaseHeld, ItemView, SubjectAccessExport};
use safehub::{
    AgencyKind, CaseOutcome, CaseStatus, CaseType, Disclosure, Error, Hub, InformationCategory,
    LawfulBasis, ManualClock, NewAgreement, NewCase, NewEntry, NewPerson, PersonId, PractitionerId,
    Role, SequentialIds, Subject, SubjectRole, Viewer, Visibility,
};
use safehub_workspace::{agency, practitioner};

struct World {
    hub: Hub,
    clock: ManualClock,
    admin: PractitionerId,
    pc: PractitionerId,
    person: PersonId,
    housing_supervisor: PractitionerId,
    housing_worker: PractitionerId,
    police_supervisor: PractitionerId,
}

fn world() -> World {
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2025, 2, 1, 9, 0, 0).unwrap());
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    let police = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let housing = hub
        .add_agency(police.admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    let mh = hub
        .add_agency(
            police.admin,
            agency("Mental health", AgencyKind::MentalHealth),
        )
        .unwrap();
    hub.sign_agreement(
        police.admin,
        NewAgreement {
            title: "Hub ISP".into(),
            parties: vec![police.agency, housing, mh],
            purposes: vec!["ASB".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![
                InformationCategory::General,
                InformationCategory::Asb,
                InformationCategory::PersonalDetails,
                InformationCategory::MentalHealth,
            ],
            // Health is listed but not named as special category data: it does not cross.
            special_category: false,
            starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
            ends: None,
        },
    )
    .unwrap();
    let reg = |a, n, r| {
        hub.register_practitioner(police.admin, practitioner(a, n, r))
            .unwrap()
    };
    let pc = reg(police.agency, "PC", Role::CaseWorker);
    let police_supervisor = reg(police.agency, "Sgt", Role::Supervisor);
    let housing_worker = reg(housing, "Officer", Role::CaseWorker);
    let housing_supervisor = reg(housing, "Housing SAR lead", Role::Supervisor);
    let nurse = reg(mh, "Nurse", Role::CaseWorker);

    let person = hub
        .record_person(
            pc,
            NewPerson {
                name: "Ada Subject".into(),
                aliases: vec!["ALIAS-POLICE".into()],
                ..Default::default()
            },
        )
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "TITLE-POLICE".into(),
                lead_practitioner: None,
                team: vec![housing, mh],
            },
        )
        .unwrap();
    hub.link_subject(pc, case, Subject::Person(person), SubjectRole::Victim)
        .unwrap();
    hub.add_entry(pc, case, NewEntry::note("POLICE-SHARED"))
        .unwrap();
    hub.add_entry(
        pc,
        case,
        NewEntry::note("POLICE-PRIVATE").visible_to(Visibility::Private),
    )
    .unwrap();
    hub.add_entry(
        pc,
        case,
        NewEntry::note("POLICE-SENSITIVE")
            .visible_to(Visibility::Agency)
            .sensitive(),
    )
    .unwrap();
    hub.add_entry(housing_worker, case, NewEntry::note("HOUSING-OWN"))
        .unwrap();
    hub.add_entry(nurse, case, NewEntry::note("MH-GENERAL"))
        .unwrap();
    hub.add_entry(
        nurse,
        case,
        NewEntry::note("MH-HEALTH").category(InformationCategory::MentalHealth),
    )
    .unwrap();
    hub.close_case(pc, case, CaseOutcome::RiskReduced, "CLOSED-POLICE")
        .unwrap();
    World {
        hub,
        clock,
        admin: police.admin,
        pc,
        person,
        housing_supervisor,
        housing_worker,
        police_supervisor,
    }
}

fn texts(export: &SubjectAccessExport, agency: &str) -> (Vec<String>, usize) {
    let part = export
        .agencies
        .iter()
        .find(|a| a.agency.name == agency)
        .unwrap_or_else(|| panic!("no part for {agency}"));
    let mut readable = Vec::new();
    let mut withheld = 0;
    for item in &part.items {
        if let ItemView::Entry(view) = &item.view {
            match view {
                safehub::EntryView::Full(e) => readable.push(e.text.to_string()),
                safehub::EntryView::Stub(_) => withheld += 1,
            }
            assert_eq!(item.readable, matches!(view, safehub::EntryView::Full(_)));
        }
    }
    readable.sort();
    (readable, withheld)
}

#[test]
fn the_export_for_a_person_with_entries_from_three_agencies_groups_them_and_obeys_the_sharing_rules(
) {
    let w = world();
    let viewer = Viewer::new(w.housing_supervisor).because("SAR-2025-007");
    let export = w.hub.subject_access(&viewer, w.person).unwrap();

    let names: Vec<&str> = export
        .agencies
        .iter()
        .map(|a| a.agency.name.as_str())
        .collect();
    assert_eq!(names, vec!["Housing", "Mental health", "Police"]);
    assert_eq!(export.agencies[0].disclosure, Disclosure::ReleaseBySelf);
    for part in &export.agencies[1..] {
        assert_eq!(
            part.disclosure,
            Disclosure::ReferToOwningAgency {
                agency: part.agency.clone()
            }
        );
    }

    assert_eq!(texts(&export, "Housing"), (vec!["HOUSING-OWN".into()], 0));
    // Mental health: the general note crosses under the agreement; the health note does not.
    assert_eq!(
        texts(&export, "Mental health"),
        (vec!["MH-GENERAL".into()], 1)
    );
    // Police: the shared note; the private note as a stub; the sensitive one not at all.
    assert_eq!(texts(&export, "Police"), (vec!["POLICE-SHARED".into()], 1));
    let police = export
        .agencies
        .iter()
        .find(|a| a.agency.name == "Police")
        .unwrap();
    assert!(police
        .items
        .iter()
        .any(|i| matches!(&i.view, ItemView::Profile(_)) && i.readable));
    assert!(police.items.iter().any(|i| matches!(
        &i.view,
        ItemView::Case(CaseHeld::Full(c)) if c.title == "TITLE-POLICE"
            && c.roles == vec![SubjectRole::Victim]
    )));

    let json = serde_json::to_string(&export).unwrap();
    let md = export.to_markdown();
    for text in [&json, &md] {
        for hidden in ["POLICE-PRIVATE", "POLICE-SENSITIVE", "MH-HEALTH"] {
            assert!(!text.contains(hidden), "{hidden} leaked");
        }
        for shown in [
            "HOUSING-OWN",
            "MH-GENERAL",
            "POLICE-SHARED",
            "TITLE-POLICE",
            "CLOSED-POLICE",
        ] {
            assert!(text.contains(shown), "{shown} missing");
        }
    }
    assert!(md.contains("## Held by Housing: release yourself"));
    assert!(md.contains("## Held by Police: refer to Police"));
    assert!(md.contains("## Held by Mental health: refer to Mental health"));

    // Reading police's and mental health's content for the export is in their consultation log.
    let logged = w
        .hub
        .consultations(
            &Viewer::new(w.police_supervisor),
            Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        )
        .unwrap();
    assert!(logged
        .iter()
        .any(|c| c.viewer == w.housing_supervisor && c.justification == "SAR-2025-007"));
}

#[test]
fn the_owning_agency_releases_its_own_part_and_a_case_worker_may_not_run_an_export() {
    let w = world();
    let export = w
        .hub
        .subject_access(&Viewer::new(w.police_supervisor), w.person)
        .unwrap();
    assert_eq!(export.agencies[0].agency.name, "Police");
    assert_eq!(export.agencies[0].disclosure, Disclosure::ReleaseBySelf);
    // Police's own sensitive (agency-visible) note is police's to release; the private note
    // is its author's alone, so even police's supervisor sees only that it exists.
    let (readable, withheld) = texts(&export, "Police");
    assert_eq!(readable, vec!["POLICE-SENSITIVE", "POLICE-SHARED"]);
    assert_eq!(withheld, 1);

    assert!(matches!(
        w.hub
            .subject_access(&Viewer::new(w.housing_worker), w.person),
        Err(Error::Forbidden { .. })
    ));
}

/// Police open a second case about the person, with housing on its team but of a type no
/// agreement lets housing read: `case_type`, opened `opened_after` the first and `closed` or
/// not. Returns housing's export as JSON and Markdown.
fn export_with_a_case_housing_may_only_know_of(
    case_type: CaseType,
    opened_after: Duration,
    closed: bool,
) -> (String, String) {
    let w = world();
    let start = Utc.with_ymd_and_hms(2025, 2, 1, 9, 0, 0).unwrap();
    let agency = |name: &str| {
        w.hub
            .agencies()
            .into_iter()
            .find(|a| a.name == name)
            .unwrap()
            .id
    };
    let housing = agency("Housing");
    // The agreement that let police put housing on the team has ended by the export.
    w.hub
        .sign_agreement(
            w.admin,
            NewAgreement {
                title: "Short ISP".into(),
                parties: vec![agency("Police"), housing],
                purposes: vec!["Safeguarding".into()],
                lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                categories: vec![
                    InformationCategory::DomesticAbuse,
                    InformationCategory::Safeguarding,
                ],
                special_category: false,
                starts: start - Duration::days(1),
                ends: Some(start + Duration::days(10)),
            },
        )
        .unwrap();
    w.clock.set(start + opened_after);
    let case = w
        .hub
        .open_case(
            w.pc,
            NewCase {
                case_type,
                title: "TITLE-UNREADABLE".into(),
                lead_practitioner: None,
                team: vec![housing],
            },
        )
        .unwrap();
    w.hub
        .link_subject(w.pc, case, Subject::Person(w.person), SubjectRole::Victim)
        .unwrap();
    if closed {
        w.hub
            .change_case_status(w.pc, case, CaseStatus::Closed)
            .unwrap();
    }
    w.clock.set(start + Duration::days(30));
    let export = w
        .hub
        .subject_access(&Viewer::new(w.housing_supervisor), w.person)
        .unwrap();
    assert!(
        export
            .agencies
            .iter()
            .flat_map(|a| &a.items)
            .any(|i| i.id == case.0 && !i.readable),
        "the case is listed as held, unreadable: {export:?}"
    );
    (
        serde_json::to_string(&export).unwrap(),
        export.to_markdown(),
    )
}

#[test]
fn a_case_the_requester_may_only_know_of_shows_as_its_stub_not_its_type_status_or_opening_date() {
    let domestic_abuse = export_with_a_case_housing_may_only_know_of(
        CaseType::DomesticAbuse,
        Duration::hours(1),
        false,
    );
    let safeguarding = export_with_a_case_housing_may_only_know_of(
        CaseType::Safeguarding,
        Duration::days(3),
        true,
    );
    assert_eq!(domestic_abuse.0, safeguarding.0);
    assert_eq!(domestic_abuse.1, safeguarding.1);
    assert!(!domestic_abuse.0.contains("TITLE-UNREADABLE"));
}

#[test]
fn the_export_lists_the_profile_s_amendments_and_the_incidents_about_the_person_as_the_rules_allow()
{
    let w = world();
    w.hub
        .amend(
            w.pc,
            Subject::Person(w.person),
            vec![
                safehub::Edit::AddAlias {
                    alias: "ALIAS-AMENDED".into(),
                },
                safehub::Edit::AddFlag {
                    flag: safehub::VulnerabilityFlag::MentalHealth,
                },
                safehub::Edit::AddIdentifier {
                    kind: safehub::IdentifierKind::NhsNumber,
                    value: safehub_workspace::nhs_number(7),
                },
            ],
            "REASON-AMENDED",
        )
        .unwrap();
    let row = safehub::IncidentRow {
        external_ref: "CAD-1".into(),
        occurred_at: Utc.with_ymd_and_hms(2025, 1, 30, 22, 0, 0).unwrap(),
        reported_at: None,
        category: "asb_nuisance".into(),
        offence_code: None,
        summary: "SUMMARY-INCIDENT".into(),
        location: None,
        caller: Some(safehub::incidents::PersonRef {
            name: "Ada Subject".into(),
            date_of_birth: None,
            // Matched by the NHS number the amendment added.
            identifiers: vec![(
                safehub::IdentifierKind::NhsNumber,
                safehub_workspace::nhs_number(7),
            )],
        }),
        people: vec![],
    };
    let report = w
        .hub
        .import_incidents(w.pc, vec![row], &safehub::ImportOptions::default(), None)
        .unwrap();
    assert_eq!(
        (report.imported, report.matched_people_by_identifier),
        (1, 1)
    );

    let items = |viewer| -> String {
        let export = w
            .hub
            .subject_access(&Viewer::new(viewer), w.person)
            .unwrap();
        export.to_markdown()
    };
    // Police hold both, with the reason: the amendment is theirs.
    let police = items(w.police_supervisor);
    assert!(police.contains("alias ALIAS-AMENDED added"), "{police}");
    assert!(police.contains("REASON-AMENDED"));
    assert!(police.contains("SUMMARY-INCIDENT"), "{police}");
    // Housing reads the profile and ASB incidents under the agreement, but not the mental
    // health flag: the alias shows, the reason (which may speak of the flag) does not.
    let housing = items(w.housing_supervisor);
    assert!(housing.contains("alias ALIAS-AMENDED added"), "{housing}");
    assert!(!housing.contains("MentalHealth"), "{housing}");
    assert!(!housing.contains("REASON-AMENDED"), "{housing}");
    assert!(housing.contains("SUMMARY-INCIDENT"), "{housing}");
}
