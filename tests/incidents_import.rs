//! Importing incidents: all or nothing, bad rows named by line and field, duplicates skipped,
//! people and places matched with care.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use safehub::incidents::{
    ImportPhase, IncidentRow, InvolvedRef, LocationRef, PersonRef, UncertainReason,
};
use safehub::journal::{Journal, JournalError, MemoryJournal, NewEvent, StoredEvent};
use safehub::{
    Error, IdentifierKind, ImportOptions, IncidentRole, NewLocation, NewPerson, TopKind, TopQuery,
};
use safehub_workspace::fixture::{borough, Borough};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

fn row(reference: &str, caller: &str) -> IncidentRow {
    IncidentRow {
        external_ref: reference.into(),
        occurred_at: now() - Duration::days(2),
        reported_at: None,
        category: "asb_nuisance".into(),
        offence_code: None,
        summary: "Loud music".into(),
        location: None,
        caller: Some(PersonRef {
            name: caller.into(),
            date_of_birth: NaiveDate::from_ymd_opt(1970, 5, 5),
            identifiers: vec![],
        }),
        people: vec![],
    }
}

/// A row's place, named by UPRN or address.
fn place(uprn: Option<&str>, address: Option<&str>) -> LocationRef {
    LocationRef {
        uprn: uprn.map(Into::into),
        address: address.map(Into::into),
        postcode: None,
        label: None,
    }
}

fn import(b: &Borough, rows: Vec<IncidentRow>) -> Result<safehub::ImportReport, Error> {
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
}

#[test]
fn a_batch_with_one_bad_row_writes_nothing_and_names_its_line_and_field() {
    let b = borough(now(), false);
    let before = b.hub.seq();
    let mut bad = row("R2", "Ann Bee");
    bad.occurred_at = now() + Duration::days(1);
    let mut crime_without_code = row("R3", "Cal Dee");
    crime_without_code.category = "crime".into();
    let err = import(&b, vec![row("R1", "Ann Bee"), bad, crime_without_code]).unwrap_err();
    assert_eq!(err.code().as_str(), "import_rejected");
    let Error::ImportRejected { errors } = &err else {
        panic!("{err:?}")
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(found, vec![(2, "occurred_at"), (3, "category")]);
    assert_eq!(b.hub.seq(), before, "nothing written");
    assert!(!err.to_string().contains("Ann Bee"));
}

#[test]
fn csv_errors_name_the_file_line_and_column_without_the_value() {
    let b = borough(now(), false);
    let csv = "external_ref,occurred_at,category,summary,caller_name,caller_date_of_birth\n\
               C1,2026-05-30T10:00:00Z,asb_personal,Shouting,Ann Bee,1970-05-05\n\
               C2,2026-05-30T11:00:00Z,asb_personal,Shouting,Cal Dee,05/05/1970\n";
    let err = b
        .hub
        .import_incidents_csv(b.officer, csv.as_bytes(), &ImportOptions::default(), None)
        .unwrap_err();
    let Error::ImportRejected { errors } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].line, errors[0].field.as_str()),
        (3, "caller_date_of_birth")
    );
    assert_eq!(errors[0].expected, "a date as YYYY-MM-DD");
    assert!(!format!("{err} {errors:?}").contains("05/05/1970"));

    let good = csv.replace("05/05/1970", "1970-05-05");
    let report = b
        .hub
        .import_incidents_csv(b.officer, good.as_bytes(), &ImportOptions::default(), None)
        .unwrap();
    assert_eq!((report.imported, report.created_people), (2, 2));
}

#[test]
fn json_rows_are_numbered_from_one_and_a_malformed_row_rejects_the_batch() {
    let b = borough(now(), false);
    let json = r#"[
        {"external_ref": "J1", "occurred_at": "2026-05-30T10:00:00Z", "category": "hate"},
        {"external_ref": "J2", "occurred_at": "not a time", "category": "hate"},
        {"external_ref": "J3", "occurred_at": "2026-05-30T10:00:00Z", "category": "weather"}
    ]"#;
    let err = b
        .hub
        .import_incidents_json(b.officer, json.as_bytes(), &ImportOptions::default(), None)
        .unwrap_err();
    let Error::ImportRejected { errors } = &err else {
        panic!("{err:?}")
    };
    let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(found, vec![(2, "row"), (3, "category")]);
    assert!(!format!("{errors:?}").contains("not a time"));
    assert_eq!(
        b.hub
            .incidents(&b.viewer(b.officer), now() - Duration::days(9), now(), 10)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn duplicates_by_external_reference_are_skipped_and_counted() {
    let b = borough(now(), false);
    let first = import(
        &b,
        vec![
            row("D1", "Ann Bee"),
            row("D2", "Ann Bee"),
            row("D1", "Ann Bee"),
        ],
    )
    .unwrap();
    assert_eq!(
        (
            first.imported,
            first.duplicates_skipped,
            first.created_people
        ),
        (2, 1, 1)
    );
    let again = import(&b, vec![row("D2", "Ann Bee"), row("D3", "Ann Bee")]).unwrap();
    assert_eq!((again.imported, again.duplicates_skipped), (1, 1));
    assert_eq!(again.matched_people_by_name_and_dob, 1);
}

#[test]
fn people_match_by_identifier_then_name_and_birth_date_and_doubtful_matches_are_reported() {
    let b = borough(now(), false);
    let jane = b
        .hub
        .record_person(
            b.officer,
            NewPerson {
                name: "Jane Smith".into(),
                date_of_birth: NaiveDate::from_ymd_opt(1980, 1, 1),
                identifiers: vec![(IdentifierKind::NiNumber, "AB123456C".into())],
                ..NewPerson::default()
            },
        )
        .unwrap();
    let person = |name: &str, dob: Option<NaiveDate>, ni: Option<&str>| PersonRef {
        name: name.into(),
        date_of_birth: dob,
        identifiers: ni
            .map(|v| (IdentifierKind::NiNumber, v.to_owned()))
            .into_iter()
            .collect(),
    };
    let with_victim = |r: &str, p: PersonRef| IncidentRow {
        caller: None,
        people: vec![InvolvedRef {
            role: IncidentRole::Victim,
            person: p,
        }],
        ..row(r, "unused")
    };
    let dob = NaiveDate::from_ymd_opt(1980, 1, 1);
    let report = import(
        &b,
        vec![
            with_victim("M1", person("J. Smith", None, Some("ab 12 34 56 c"))),
            with_victim("M2", person("  jane   SMITH ", dob, None)),
            with_victim(
                "M3",
                person("Jane Smith", NaiveDate::from_ymd_opt(1981, 1, 1), None),
            ),
            with_victim("M4", person("Jane Smith", None, None)),
        ],
    )
    .unwrap();
    assert_eq!(report.matched_people_by_identifier, 1);
    assert_eq!(report.matched_people_by_name_and_dob, 1);
    assert_eq!(
        report.created_people, 2,
        "uncertain matches are created separately"
    );
    let reasons: Vec<(u64, UncertainReason)> = report
        .uncertain_matches
        .iter()
        .map(|u| (u.line, u.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (3, UncertainReason::SameNameOtherDateOfBirth),
            (4, UncertainReason::SameNameNoDateOfBirth)
        ]
    );
    let jane = safehub::Subject::Person(jane);
    assert!(report
        .uncertain_matches
        .iter()
        .all(|u| u.candidates.contains(&jane)));
    // Line 4 may also be the profile line 3 created: both are listed.
    assert_eq!(report.uncertain_matches[1].candidates.len(), 2);
}

#[test]
fn a_person_or_place_named_on_many_rows_of_a_batch_matches_the_same_profile_on_each() {
    // Matching remembers within a batch what a name and date of birth, or a UPRN, matched: each
    // repeat must count and land exactly as the first did, whether the profile existed or the
    // batch created it, however the name is spelled, and with identifiers that match nothing.
    let b = borough(now(), false);
    let dob = NaiveDate::from_ymd_opt(1980, 1, 1);
    let jane = b
        .hub
        .record_person(
            b.officer,
            NewPerson {
                name: "Jane Smith".into(),
                date_of_birth: dob,
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .record_location(
            b.officer,
            NewLocation {
                label: "Elm Court".into(),
                uprn: Some("100071234567".into()),
                ..NewLocation::default()
            },
        )
        .unwrap();
    let victim = |r: &str, name: &str, ni: Option<&str>, uprn: Option<&str>| IncidentRow {
        caller: None,
        people: vec![InvolvedRef {
            role: IncidentRole::Victim,
            person: PersonRef {
                name: name.into(),
                date_of_birth: dob,
                identifiers: ni
                    .map(|v| (IdentifierKind::NiNumber, v.to_owned()))
                    .into_iter()
                    .collect(),
            },
        }],
        location: uprn.map(|u| place(Some(u), None)),
        ..row(r, "unused")
    };
    let report = import(
        &b,
        vec![
            victim("R1", "Jane Smith", None, Some("100071234567")),
            victim("R2", "Jane Smith", None, Some("100071234567")),
            victim("R3", "  jane   SMITH ", None, Some("100071234567")),
            victim("R4", "Jane Smith", Some("AB654321A"), None),
            victim("R5", "Bob Brown", None, Some("100079999999")),
            victim("R6", "Bob Brown", None, Some("100079999999")),
            victim("R7", "Bob Brown", None, Some("100079999999")),
        ],
    )
    .unwrap();
    assert_eq!(report.matched_people_by_name_and_dob, 6, "all but R5");
    assert_eq!(report.created_people, 1, "Bob Brown, once");
    assert_eq!(report.matched_locations_by_uprn, 3, "R1 to R3");
    assert_eq!(report.created_locations, 1, "the second UPRN, once");
    assert!(report.uncertain_matches.is_empty());
    let top = |kind| {
        let top = b
            .hub
            .top(&b.viewer(b.officer), &TopQuery::top50(kind, now(), 30))
            .unwrap();
        top.rows
            .iter()
            .map(|r| (r.subject.subject, r.count))
            .collect::<Vec<_>>()
    };
    let victims = top(TopKind::Victims);
    assert_eq!(victims.len(), 2);
    assert_eq!(victims[0], (safehub::Subject::Person(jane), 4));
    assert_eq!(victims[1].1, 3);
    let places: Vec<u32> = top(TopKind::Locations).iter().map(|r| r.1).collect();
    assert_eq!(places, [3, 3]);
}

#[test]
fn locations_match_by_uprn_then_by_normalised_address() {
    let b = borough(now(), false);
    b.hub
        .record_location(
            b.officer,
            NewLocation {
                label: "Elm Court".into(),
                address: Some("1 Elm Court, Tamworth".into()),
                uprn: Some("100071234567".into()),
                ..NewLocation::default()
            },
        )
        .unwrap();
    let at = |r: &str, uprn: Option<&str>, address: Option<&str>| IncidentRow {
        location: Some(place(uprn, address)),
        ..row(r, "Ann Bee")
    };
    let report = import(
        &b,
        vec![
            at("L1", Some("100071234567"), None),
            at("L2", None, Some("1 ELM COURT,  tamworth")),
            at("L3", Some("100079999999"), Some("1 Elm Court, Tamworth")),
            at("L4", None, Some("2 Oak Road")),
            at("L5", None, Some("2 oak road")),
        ],
    )
    .unwrap();
    assert_eq!(report.matched_locations_by_uprn, 1);
    assert_eq!(report.matched_locations_by_address, 1);
    assert_eq!(
        report.created_locations, 2,
        "L3 (reported) and one for 2 Oak Road"
    );
    assert_eq!(report.uncertain_matches.len(), 1);
    assert_eq!(
        report.uncertain_matches[0].reason,
        UncertainReason::SameAddressOtherUprn
    );
    let top = b
        .hub
        .top(
            &b.viewer(b.officer),
            &TopQuery::top50(TopKind::Locations, now(), 30),
        )
        .unwrap();
    let counts: Vec<(String, u32)> = top
        .rows
        .iter()
        .map(|r| (r.subject.name.clone(), r.count))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Elm Court".into(), 2),
            ("Imported location".into(), 2),
            ("Imported location".into(), 1)
        ]
    );
}

#[test]
fn the_progress_callback_reports_each_phase() {
    let b = borough(now(), false);
    let rows = (0..25).map(|i| row(&format!("P{i}"), "Ann Bee")).collect();
    let mut seen = Vec::new();
    let mut progress = |p: safehub::ImportProgress| seen.push((p.phase, p.done, p.total));
    b.hub
        .import_incidents(
            b.officer,
            rows,
            &ImportOptions { progress_every: 10 },
            Some(&mut progress),
        )
        .unwrap();
    assert_eq!(
        seen,
        vec![
            (ImportPhase::Validating, 0, 25),
            (ImportPhase::Validating, 10, 25),
            (ImportPhase::Validating, 20, 25),
            (ImportPhase::Recording, 0, 25),
            (ImportPhase::Done, 25, 25)
        ]
    );
}

#[test]
fn an_unknown_practitioner_cannot_import() {
    let b = borough(now(), false);
    let nobody = safehub::PractitionerId(uuid::Uuid::nil());
    let err = b
        .hub
        .import_incidents(
            nobody,
            vec![row("X", "Ann Bee")],
            &ImportOptions::default(),
            None,
        )
        .unwrap_err();
    assert_eq!(err.code().as_str(), "forbidden");
}

/// A journal that refuses the first append of an import as if another writer had just appended,
/// so the hub must decide the import again.
struct ConflictOnce {
    inner: MemoryJournal,
    refused: bool,
}

impl Journal for ConflictOnce {
    fn append(
        &mut self,
        expected_next: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError> {
        if !self.refused && events.iter().any(|e| e.kind == "incidents_imported") {
            self.refused = true;
            return Err(JournalError::Conflict {
                expected_next,
                actual_next: expected_next + 1,
            });
        }
        self.inner.append(expected_next, events)
    }
    fn append_verbatim(&mut self, events: Vec<StoredEvent>) -> Result<(), JournalError> {
        self.inner.append_verbatim(events)
    }
    fn head(&self) -> Result<u64, JournalError> {
        self.inner.head()
    }
    fn scan(
        &self,
        after: u64,
        f: &mut dyn FnMut(StoredEvent) -> Result<(), JournalError>,
    ) -> Result<(), JournalError> {
        self.inner.scan(after, f)
    }
    fn events_since(&self, after: u64, limit: usize) -> Result<Vec<StoredEvent>, JournalError> {
        self.inner.events_since(after, limit)
    }
    fn redact(&mut self, seq: u64, replacement: Vec<u8>) -> Result<(), JournalError> {
        self.inner.redact(seq, replacement)
    }
    fn save_snapshot(&mut self, seq: u64, bytes: Vec<u8>) -> Result<(), JournalError> {
        self.inner.save_snapshot(seq, bytes)
    }
    fn latest_snapshot(&self) -> Result<Option<(u64, Vec<u8>)>, JournalError> {
        self.inner.latest_snapshot()
    }
}

#[test]
fn an_import_refused_by_a_conflicting_append_is_decided_again_and_recorded_once() {
    let journal = ConflictOnce {
        inner: MemoryJournal::new(),
        refused: false,
    };
    let b = safehub_workspace::fixture::borough_on(Some(Box::new(journal)), now(), false);
    let mut rows = vec![
        row("A-1", "Ann Lee"),
        row("A-2", "Ann Lee"),
        row("A-1", "Bob Roe"),
    ];
    rows[1].summary = "Shouting \"again\"".into();
    let mut phases = Vec::new();
    let mut progress = |p: safehub::incidents::ImportProgress| phases.push(p.phase);
    let report = b
        .hub
        .import_incidents(
            b.officer,
            rows,
            &ImportOptions::default(),
            Some(&mut progress),
        )
        .unwrap();
    assert_eq!((report.imported, report.duplicates_skipped), (2, 1));
    assert_eq!(report.created_people, 1, "Ann Lee twice is one profile");
    assert_eq!(
        phases
            .iter()
            .filter(|p| **p == ImportPhase::Validating)
            .count(),
        2,
        "the rows were validated again for the second attempt"
    );
    assert_eq!(phases.last(), Some(&ImportPhase::Done));
    let integrity = b.hub.verify().unwrap();
    assert_eq!(integrity.first_bad, None);
    let mut imports = 0;
    for e in b.hub.changes_since(0, 1_000).unwrap() {
        imports += usize::from(e.kind == "incidents_imported");
    }
    assert_eq!(imports, 1, "recorded once");
    // Importing the same rows again skips them all: the first import's references are known.
    let again = import(&b, vec![row("A-1", "Ann Lee"), row("A-2", "Ann Lee")]).unwrap();
    assert_eq!((again.imported, again.duplicates_skipped), (0, 2));
}
