//! An import is no oracle: matching a row to a person or place uses only the profiles the
//! importing agency may read in full, so a profile it sees only as a stub (or not at all) behaves
//! exactly as if it did not exist.
//!
//! Each key is tested on twins: the same partnership built twice with the same ids, police having
//! recorded in one a profile the council sees only as a stub, and in the other an unrelated
//! filler recorded the same way (so both hubs draw the same ids). The council then imports the
//! same batches into both, and everything it can read of its import must be byte for byte the
//! same, apart from what it sees of the stub through other means (a name search finds the stub
//! itself; the filler shares its id, so that one id is left out of the searches).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use safehub::incidents::{InvolvedRef, LocationRef, PersonRef, UncertainReason};
use safehub::{
    CaseReviewConfig, CaseType, IdentifierKind, ImportOptions, IncidentRole, IncidentRow,
    LocationId, NewCase, NewLocation, NewPerson, PersonId, RepeatConfig, Subject, SubjectRole,
    TeamMember, TopKind, TopQuery,
};
use safehub_workspace::fixture::{borough, Borough};
use serde_json::Value;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

const PNC: &str = "99/123456X";
const NAME: &str = "Jane Smith";
const UPRN: &str = "100071234567";
const ADDRESS: &str = "1 Elm Court, Tamworth";

fn dob() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1980, 1, 1)
}

/// The profiles police recorded: the person and place rows may name, or their fillers.
struct Recorded {
    person: PersonId,
    location: LocationId,
}

/// Police record Jane Smith (with a PNC ID and date of birth) and Elm Court (with a UPRN and
/// address), or, when `present` is false, a filler person and place recorded the same way that
/// no row names. The council has no case about either, so it sees them only as stubs.
fn record(b: &Borough, present: bool) -> Recorded {
    let (name, dob, pnc) = if present {
        (NAME, dob(), PNC)
    } else {
        ("Zed Filler", NaiveDate::from_ymd_opt(1955, 3, 3), "20/9N")
    };
    let person = b
        .hub
        .record_person(
            b.officer,
            NewPerson {
                name: name.into(),
                date_of_birth: dob,
                identifiers: vec![(IdentifierKind::PncId, pnc.into())],
                ..NewPerson::default()
            },
        )
        .unwrap();
    let (label, address, uprn) = if present {
        ("Elm Court", ADDRESS, UPRN)
    } else {
        ("Filler House", "9 Nowhere Lane", "100079999999")
    };
    let location = b
        .hub
        .record_location(
            b.officer,
            NewLocation {
                label: label.into(),
                address: Some(address.into()),
                uprn: Some(uprn.into()),
                ..NewLocation::default()
            },
        )
        .unwrap();
    Recorded { person, location }
}

fn row(reference: &str) -> IncidentRow {
    IncidentRow {
        external_ref: reference.into(),
        occurred_at: now() - Duration::days(2),
        reported_at: None,
        category: "asb_nuisance".into(),
        offence_code: None,
        summary: "Loud music".into(),
        location: None,
        caller: None,
        people: vec![],
    }
}

fn person(name: &str, dob: Option<NaiveDate>, pnc: Option<&str>) -> PersonRef {
    PersonRef {
        name: name.into(),
        date_of_birth: dob,
        identifiers: pnc
            .map(|v| (IdentifierKind::PncId, v.to_owned()))
            .into_iter()
            .collect(),
    }
}

fn called_by(reference: &str, caller: PersonRef) -> IncidentRow {
    IncidentRow {
        caller: Some(caller),
        ..row(reference)
    }
}

fn with_victim(reference: &str, victim: PersonRef) -> IncidentRow {
    IncidentRow {
        people: vec![InvolvedRef {
            role: IncidentRole::Victim,
            person: victim,
        }],
        ..row(reference)
    }
}

fn at(reference: &str, uprn: Option<&str>, address: Option<&str>) -> IncidentRow {
    IncidentRow {
        location: Some(LocationRef {
            uprn: uprn.map(Into::into),
            address: address.map(Into::into),
            postcode: None,
            label: None,
        }),
        ..row(reference)
    }
}

/// A read as JSON text (the crate's serde is not a dependency of the tests).
macro_rules! json {
    ($v:expr $(,)?) => {
        serde_json::to_string($v).unwrap()
    };
}

/// The ids of the people and places in the council's incident views.
fn subjects(incidents: &Value) -> Vec<Subject> {
    let mut found = Vec::new();
    for incident in incidents.as_array().unwrap() {
        if let Some(id) = incident["location"].get("id") {
            found.push(Subject::Location(
                serde_json::from_value(id.clone()).unwrap(),
            ));
        }
        for p in incident["people"].as_array().unwrap() {
            if let Some(id) = p.get("person").and_then(|p| p.get("id")) {
                found.push(Subject::Person(serde_json::from_value(id.clone()).unwrap()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The council imports the batches, one after another, and reads everything it can of them:
/// each report and its progress, its incidents, the people and places in them (profiles,
/// networks, name searches), Top N lists, repeats and case review thresholds. `hidden` is the
/// stub (or filler) profile, which a name search may legitimately find.
fn council_imports(b: &Borough, hidden: &Recorded, batches: &[Vec<IncidentRow>]) -> String {
    let council = b.viewer(b.council_officer);
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for rows in batches {
        for r in rows {
            names.extend(r.caller.iter().map(|p| p.name.clone()));
            names.extend(r.people.iter().map(|p| p.person.name.clone()));
        }
        let mut progress = Vec::new();
        let report = b
            .hub
            .import_incidents(
                b.council_officer,
                rows.clone(),
                &ImportOptions { progress_every: 1 },
                Some(&mut |p| progress.push(p)),
            )
            .unwrap();
        seen.push(json!(&report));
        seen.push(json!(&progress));
    }
    let incidents = b
        .hub
        .incidents(&council, now() - Duration::days(30), now(), 1_000)
        .unwrap();
    seen.push(json!(&incidents));
    for incident in &incidents {
        seen.push(json!(&b.hub.incident(&council, incident.id).unwrap()));
    }
    let incidents: Value = serde_json::to_value(&incidents).unwrap();
    for subject in subjects(&incidents) {
        match subject {
            Subject::Person(p) => seen.push(json!(&b.hub.person(&council, p).unwrap())),
            Subject::Location(l) => seen.push(json!(&b.hub.location(&council, l).unwrap())),
            Subject::Group(_) => {}
        }
        seen.push(json!(&b.hub.network(&council, subject, 2).unwrap()));
    }
    names.sort();
    names.dedup();
    for name in names {
        let found: Vec<Value> = b
            .hub
            .search_people(&council, &name)
            .unwrap()
            .into_iter()
            .map(|p| serde_json::to_value(p).unwrap())
            .filter(|p| p["id"] != serde_json::to_value(hidden.person).unwrap())
            .collect();
        seen.push(json!(&found));
    }
    for kind in [
        TopKind::Callers,
        TopKind::Victims,
        TopKind::Offenders,
        TopKind::Locations,
    ] {
        seen.push(json!(&b
            .hub
            .top(&council, &TopQuery::top50(kind, now(), 30))
            .unwrap(),));
    }
    seen.push(json!(&b
        .hub
        .repeats(&council, now(), &RepeatConfig::default())
        .unwrap(),));
    seen.push(json!(&b
        .hub
        .case_review_thresholds(&council, now(), &CaseReviewConfig::default())
        .unwrap(),));
    seen.join("\n")
}

/// Runs the batches on both twins and asserts the council saw the same in each.
fn assert_twins_alike(batches: &[Vec<IncidentRow>]) {
    let with_stub = borough(now(), false);
    let recorded = record(&with_stub, true);
    let council = with_stub.viewer(with_stub.council_officer);
    let stub = serde_json::to_value(with_stub.hub.person(&council, recorded.person).unwrap());
    assert_eq!(
        stub.unwrap()["access"],
        "stub",
        "the council sees Jane as a stub"
    );
    let place = with_stub.hub.location(&council, recorded.location).unwrap();
    assert_eq!(serde_json::to_value(place).unwrap()["access"], "stub");
    let seen_with_stub = council_imports(&with_stub, &recorded, batches);

    let without = borough(now(), false);
    let filler = record(&without, false);
    assert_eq!(
        (filler.person, filler.location),
        (recorded.person, recorded.location),
        "the twins drew the same ids"
    );
    let seen_without = council_imports(&without, &filler, batches);

    for (line, (a, b)) in seen_with_stub.lines().zip(seen_without.lines()).enumerate() {
        assert_eq!(a, b, "read {line} differs between the twins");
    }
    assert_eq!(seen_with_stub, seen_without);
}

#[test]
fn a_pnc_id_of_a_person_the_importer_sees_only_as_a_stub_is_no_match() {
    assert_twins_alike(&[
        vec![called_by("P1", person("Unknown caller", None, Some(PNC)))],
        // The importer's own profile with that PNC ID is matched by it next time, as in a hub
        // without the stub.
        vec![with_victim(
            "P2",
            person("Another name", None, Some("1999/0123456X")),
        )],
    ]);
}

#[test]
fn name_and_birth_date_of_a_person_the_importer_sees_only_as_a_stub_is_no_match() {
    assert_twins_alike(&[
        vec![called_by("N1", person("jane  SMITH", dob(), None))],
        vec![with_victim("N2", person(NAME, dob(), None))],
    ]);
}

#[test]
fn a_stub_is_no_uncertain_candidate_for_a_name_with_another_or_no_birth_date() {
    assert_twins_alike(&[vec![
        called_by(
            "W1",
            person(NAME, NaiveDate::from_ymd_opt(1981, 1, 1), None),
        ),
        with_victim("W2", person(NAME, None, None)),
    ]]);
}

#[test]
fn a_uprn_of_a_place_the_importer_sees_only_as_a_stub_is_no_match() {
    assert_twins_alike(&[
        vec![at("U1", Some(UPRN), None)],
        vec![at("U2", Some(UPRN), None)],
    ]);
}

#[test]
fn an_address_of_a_place_the_importer_sees_only_as_a_stub_is_no_match() {
    assert_twins_alike(&[
        vec![
            at("A1", None, Some("1 ELM COURT,  tamworth")),
            at("A2", Some("100079999990"), Some(ADDRESS)),
        ],
        vec![at("A3", None, Some(ADDRESS))],
    ]);
}

#[test]
fn an_agency_that_reads_the_profiles_in_full_still_matches_them_by_every_key() {
    let b = borough(now(), true);
    let recorded = record(&b, true);
    let case = b
        .hub
        .open_case(
            b.officer,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    b.hub
        .add_team_member(b.officer, case, TeamMember::Practitioner(b.council_officer))
        .unwrap();
    b.hub
        .link_subject(
            b.officer,
            case,
            Subject::Person(recorded.person),
            SubjectRole::Victim,
        )
        .unwrap();
    b.hub
        .link_subject(
            b.officer,
            case,
            Subject::Location(recorded.location),
            SubjectRole::LocationOfConcern,
        )
        .unwrap();
    let council = b.viewer(b.council_officer);
    let full = serde_json::to_value(b.hub.person(&council, recorded.person).unwrap()).unwrap();
    assert_eq!(full["access"], "full", "the council reads Jane in full");
    let full = serde_json::to_value(b.hub.location(&council, recorded.location).unwrap()).unwrap();
    assert_eq!(
        full["access"], "full",
        "the council reads Elm Court in full"
    );

    let report = b
        .hub
        .import_incidents(
            b.council_officer,
            vec![
                called_by("F1", person("Unknown caller", None, Some(PNC))),
                called_by("F2", person("jane  SMITH", dob(), None)),
                called_by(
                    "F3",
                    person(NAME, NaiveDate::from_ymd_opt(1981, 1, 1), None),
                ),
                at("F4", Some(UPRN), None),
                at("F5", None, Some("1 ELM COURT,  tamworth")),
                at("F6", Some("100079999990"), Some(ADDRESS)),
            ],
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    assert_eq!(report.matched_people_by_identifier, 1);
    assert_eq!(report.matched_people_by_name_and_dob, 1);
    assert_eq!(report.matched_locations_by_uprn, 1);
    assert_eq!(report.matched_locations_by_address, 1);
    let uncertain: Vec<(u64, UncertainReason, Vec<Subject>)> = report
        .uncertain_matches
        .iter()
        .map(|u| (u.line, u.reason, u.candidates.clone()))
        .collect();
    assert_eq!(
        uncertain,
        vec![
            (
                3,
                UncertainReason::SameNameOtherDateOfBirth,
                vec![Subject::Person(recorded.person)]
            ),
            (
                6,
                UncertainReason::SameAddressOtherUprn,
                vec![Subject::Location(recorded.location)]
            ),
        ]
    );
    let incidents = b
        .hub
        .incidents(&council, now() - Duration::days(30), now(), 100)
        .unwrap();
    let matched = subjects(&serde_json::to_value(&incidents).unwrap());
    assert!(matched.contains(&Subject::Person(recorded.person)));
    assert!(matched.contains(&Subject::Location(recorded.location)));
}
