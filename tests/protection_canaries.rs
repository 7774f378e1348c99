//! Canaries for the data protection reads: every piece of restricted content carries a unique
//! marker; every practitioner runs the subject access export (JSON and Markdown) and every
//! accountability report; a marker reaching a viewer the sharing rules withhold it from fails,
//! and every marker a viewer may see must appear in at least one of their reads. Then the case
//! is disposed of, and no marker of its content may reach anyone.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::incidents::LocationRef;
use safehub::{
    AgencyKind, Assignee, CaseId, CaseStatus, CaseType, ErasureTarget, Hub, ImportOptions,
    IncidentRow, InformationCategory, LawfulBasis, ManualClock, NewAgreement, NewCase, NewEntry,
    NewLocation, NewPerson, NewTask, PersonId, PractitionerId, Priority, Role, SequentialIds,
    Subject, SubjectRole, Viewer, Visibility,
};
use safehub_workspace::{agency, practitioner};
use std::collections::{BTreeMap, BTreeSet};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

struct World {
    hub: Hub,
    clock: ManualClock,
    names: BTreeMap<PractitionerId, &'static str>,
    person: PersonId,
    restricted: PersonId,
    case: CaseId,
    admin: PractitionerId,
    pc: PractitionerId,
    /// Marker text -> who may see it through these reads.
    markers: BTreeMap<&'static str, BTreeSet<PractitionerId>>,
}

fn world() -> World {
    let clock = ManualClock::new(t0());
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
    let council = hub
        .add_agency(police.admin, agency("Council", AgencyKind::Council))
        .unwrap();
    let isp = |title: &str, parties, ends| NewAgreement {
        title: title.into(),
        parties,
        purposes: vec!["ASB".into()],
        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
        categories: vec![
            InformationCategory::General,
            InformationCategory::Asb,
            InformationCategory::PersonalDetails,
        ],
        special_category: false,
        starts: t0() - Duration::days(30),
        ends,
    };
    hub.sign_agreement(
        police.admin,
        isp("Hub ISP", vec![police.agency, housing, mh], None),
    )
    .unwrap();
    hub.sign_agreement(
        police.admin,
        isp(
            "Short ISP",
            vec![police.agency, housing],
            Some(t0() + Duration::days(20)),
        ),
    )
    .unwrap();
    let mut names = BTreeMap::new();
    names.insert(police.admin, "admin");
    let mut reg = |a, n: &'static str, r| {
        let id = hub
            .register_practitioner(police.admin, practitioner(a, n, r))
            .unwrap();
        names.insert(id, n);
        id
    };
    let pc = reg(police.agency, "pc", Role::CaseWorker);
    let psup = reg(police.agency, "police supervisor", Role::Supervisor);
    let hw = reg(housing, "housing worker", Role::CaseWorker);
    let hsup = reg(housing, "housing supervisor", Role::Supervisor);
    let nurse = reg(mh, "nurse", Role::CaseWorker);
    let msup = reg(mh, "mh supervisor", Role::Supervisor);
    let _csup = reg(council, "council supervisor", Role::Supervisor);
    let idle = reg(housing, "idle housing worker", Role::CaseWorker);
    let _ = idle;

    let person = hub
        .record_person(
            pc,
            NewPerson {
                name: "Pat Subject".into(),
                aliases: vec!["M-ALIAS".into()],
                ..Default::default()
            },
        )
        .unwrap();
    let restricted = hub
        .record_person(
            nurse,
            NewPerson {
                name: "M-RESTRICTED-NAME".into(),
                restricted: true,
                ..Default::default()
            },
        )
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "M-TITLE".into(),
                lead_practitioner: None,
                team: vec![housing, mh],
            },
        )
        .unwrap();
    hub.link_subject(pc, case, Subject::Person(person), SubjectRole::Victim)
        .unwrap();
    let entry = |who, e: NewEntry| {
        hub.add_entry(who, case, e).unwrap();
    };
    entry(pc, NewEntry::note("M-POL-SHARED"));
    entry(
        pc,
        NewEntry::note("M-POL-PRIVATE").visible_to(Visibility::Private),
    );
    entry(
        pc,
        NewEntry::note("M-POL-SENSITIVE")
            .visible_to(Visibility::Agency)
            .sensitive(),
    );
    entry(hw, NewEntry::note("M-HOUSING"));
    entry(
        nurse,
        NewEntry::note("M-MH-HEALTH").category(InformationCategory::MentalHealth),
    );
    entry(
        nurse,
        NewEntry::note("M-MH-AGENCY").visible_to(Visibility::Agency),
    );
    hub.set_task(
        pc,
        NewTask {
            case,
            assignee: Assignee::Agency(housing),
            title: "M-TASK".into(),
            detail: "M-TASK".into(),
            category: InformationCategory::General,
            due: t0() + Duration::days(7),
            priority: Priority::Normal,
        },
    )
    .unwrap();
    // Housing reads the case, giving a justification police's DPO will see.
    hub.case(&Viewer::new(hw).because("M-JUST-HW"), case)
        .unwrap();
    clock.advance(Duration::days(1));

    let set = |ids: &[PractitionerId]| ids.iter().copied().collect::<BTreeSet<_>>();
    let team_sups = set(&[police.admin, psup, hsup, msup]);
    let mut markers = BTreeMap::new();
    markers.insert("M-ALIAS", team_sups.clone());
    markers.insert("M-TITLE", team_sups.clone());
    markers.insert("M-POL-SHARED", team_sups.clone());
    markers.insert("M-HOUSING", team_sups.clone());
    markers.insert("M-TASK", team_sups);
    markers.insert("M-POL-PRIVATE", BTreeSet::new());
    markers.insert("M-POL-SENSITIVE", set(&[police.admin, psup]));
    markers.insert("M-MH-HEALTH", set(&[msup]));
    markers.insert("M-MH-AGENCY", set(&[msup]));
    markers.insert("M-RESTRICTED-NAME", set(&[msup]));
    markers.insert("M-JUST-HW", set(&[police.admin, psup]));
    World {
        hub,
        clock,
        names,
        person,
        restricted,
        case,
        admin: police.admin,
        pc,
        markers,
    }
}

/// Every data protection read, as text, for one viewer.
fn reads(w: &World, who: PractitionerId) -> Vec<(&'static str, String)> {
    let viewer = Viewer::new(who).because("sar");
    let h = &w.hub;
    let from = t0() - Duration::days(365);
    let to = t0() + Duration::days(365);
    let show = |r: Result<String, safehub::Error>| match r {
        Ok(text) => text,
        Err(e) => format!("{e} {e:?}"),
    };
    vec![
        (
            "subject_access json",
            show(
                h.subject_access(&viewer, w.person)
                    .map(|e| serde_json::to_string(&e).unwrap()),
            ),
        ),
        (
            "subject_access markdown",
            show(h.subject_access(&viewer, w.person).map(|e| e.to_markdown())),
        ),
        (
            "subject_access restricted json",
            show(
                h.subject_access(&viewer, w.restricted)
                    .map(|e| serde_json::to_string(&e).unwrap()),
            ),
        ),
        (
            "subject_access restricted markdown",
            show(
                h.subject_access(&viewer, w.restricted)
                    .map(|e| e.to_markdown()),
            ),
        ),
        (
            "consultation_report",
            show(
                h.consultation_report(&viewer, from, to)
                    .map(|r| serde_json::to_string(&r).unwrap()),
            ),
        ),
        (
            "agreements_expiring",
            show(
                h.agreements_expiring(&viewer, 30)
                    .map(|r| serde_json::to_string(&r).unwrap()),
            ),
        ),
        (
            "unused_access",
            show(
                h.unused_access(&viewer, t0())
                    .map(|r| serde_json::to_string(&r).unwrap()),
            ),
        ),
        (
            "retention_due",
            show(
                h.retention_due(&viewer, to + Duration::days(3650))
                    .map(|r| serde_json::to_string(&r).unwrap()),
            ),
        ),
    ]
}

fn check(w: &World, allowed: impl Fn(&str, PractitionerId) -> bool) {
    let mut failures = Vec::new();
    for (&who, name) in &w.names {
        let results = reads(w, who);
        for &marker in w.markers.keys() {
            let may = allowed(marker, who);
            let mut seen = false;
            for (read, text) in &results {
                if text.contains(marker) {
                    seen = true;
                    if !may {
                        failures.push(format!("{marker} reached {name} through {read}"));
                    }
                }
            }
            if may && !seen {
                failures.push(format!("{marker} never reached {name}, who may see it"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn data_protection_reads_never_carry_a_marker_to_a_viewer_the_rules_withhold_it_from() {
    let w = world();
    check(&w, |marker, who| w.markers[marker].contains(&who));

    // Every viewer's reports are for their own agency: the expiring agreement reaches police
    // and housing supervisors only.
    let expiring = |who| {
        w.hub
            .agreements_expiring(&Viewer::new(who), 30)
            .map(|l| l.len())
            .unwrap_or(0)
    };
    let by_name = |n: &str| *w.names.iter().find(|(_, v)| **v == n).unwrap().0;
    assert_eq!(expiring(by_name("police supervisor")), 1);
    assert_eq!(expiring(by_name("housing supervisor")), 1);
    assert_eq!(expiring(by_name("mh supervisor")), 0);
    // Any number of days is a fair question, even one past the calendar's end.
    let forever = w
        .hub
        .agreements_expiring(&Viewer::new(by_name("police supervisor")), u32::MAX)
        .unwrap();
    assert_eq!(forever.len(), 1);
    // The idle housing worker has access to the case and has recorded nothing.
    let unused = w
        .hub
        .unused_access(&Viewer::new(by_name("housing supervisor")), t0())
        .unwrap();
    let idle = by_name("idle housing worker");
    assert!(unused.iter().any(|u| u.practitioner.id == idle));
    assert!(!unused
        .iter()
        .any(|u| u.practitioner.id == by_name("housing worker")));
}

#[test]
fn after_disposal_no_marker_of_the_case_reaches_anyone() {
    let w = world();
    w.hub
        .change_case_status(w.pc, w.case, CaseStatus::Closed)
        .unwrap();
    w.clock.advance(Duration::days(1));
    w.hub
        .dispose(w.admin, ErasureTarget::Case(w.case), "REQ-canary")
        .unwrap();
    assert!(w.hub.verify().unwrap().is_ok());
    // Only what is not case content survives: the restricted profile (never linked) and the
    // justification in the consultation log, which s62 requires to be kept.
    check(&w, |marker, who| {
        matches!(marker, "M-RESTRICTED-NAME" | "M-JUST-HW") && w.markers[marker].contains(&who)
    });
}

/// Housing records a block of flats; police, working a case about it, import incidents there
/// (three of ASB, and only if `fourth` a fourth of domestic abuse, which no agreement lets
/// housing read) and list them. Returns what housing's supervisor is shown of the
/// consultations: the log and the accountability report, as JSON.
fn police_read_housings_place(fourth: bool) -> (String, String) {
    let clock = ManualClock::new(t0());
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
    hub.sign_agreement(
        police.admin,
        NewAgreement {
            title: "ASB ISP".into(),
            parties: vec![police.agency, housing],
            purposes: vec!["ASB".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![
                InformationCategory::Asb,
                InformationCategory::Location,
                InformationCategory::PersonalDetails,
            ],
            special_category: false,
            starts: t0() - Duration::days(30),
            ends: None,
        },
    )
    .unwrap();
    let reg = |a, n, r| {
        hub.register_practitioner(police.admin, practitioner(a, n, r))
            .unwrap()
    };
    let pc = reg(police.agency, "pc", Role::CaseWorker);
    let hw = reg(housing, "housing worker", Role::CaseWorker);
    let hsup = reg(housing, "housing supervisor", Role::Supervisor);
    let place = hub
        .record_location(
            hw,
            NewLocation {
                label: "Ash Court".into(),
                uprn: Some("100000000001".into()),
                ..NewLocation::default()
            },
        )
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Ash Court".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    hub.link_subject(
        pc,
        case,
        Subject::Location(place),
        SubjectRole::LocationOfConcern,
    )
    .unwrap();
    let row = |n: i64, category: &str| IncidentRow {
        external_ref: format!("INC-{n}"),
        occurred_at: t0() - Duration::days(n),
        reported_at: None,
        category: category.into(),
        offence_code: None,
        summary: String::new(),
        location: Some(LocationRef {
            uprn: Some("100000000001".into()),
            ..LocationRef::default()
        }),
        caller: None,
        people: vec![],
    };
    let mut rows: Vec<IncidentRow> = (1..=3).map(|n| row(n, "asb_personal")).collect();
    if fourth {
        rows.push(row(4, "domestic_abuse"));
    }
    hub.import_incidents(pc, rows, &ImportOptions::default(), None)
        .unwrap();
    let from = t0() - Duration::days(30);
    let to = t0() + Duration::days(1);
    let listed = hub
        .incidents(&Viewer::new(pc).because("ASB meeting"), from, to, 100)
        .unwrap();
    assert_eq!(listed.len(), if fourth { 4 } else { 3 });

    let housing_dpo = Viewer::new(hsup);
    let log = hub.consultations(&housing_dpo, from, to).unwrap();
    assert!(
        log.iter().any(|c| c
            .items
            .iter()
            .any(|i| i.id == place.0 && i.owner == housing)),
        "police's read of housing's place is logged for housing: {log:?}"
    );
    let report = hub.consultation_report(&housing_dpo, from, to).unwrap();
    (
        serde_json::to_string(&log).unwrap(),
        serde_json::to_string(&report).unwrap(),
    )
}

#[test]
fn housing_cannot_count_police_incidents_at_its_place_from_the_consultations_of_the_place() {
    // Housing may read three of the incidents; whether police hold a fourth it may not read
    // must not show in what housing is told of police's read of its place.
    assert_eq!(
        police_read_housings_place(false),
        police_read_housings_place(true)
    );
}
