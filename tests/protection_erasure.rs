//! Erasure: disposing of a case removes its content, and the names and identifiers of people no
//! other case needs, from every read and from the SQLite file itself, leaves an audited
//! tombstone, and the hash chain still verifies.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::journal::{self, Journal, MemoryJournal, SqliteJournal};
use safehub::Clock;
use safehub::{
    AgencyId, AgencyKind, Assignee, CaseId, CaseOutcome, CaseStatus, CaseType, ErasedRecord,
    ErasureGround, ErasureTarget, Error, Hub, IdentifierKind, InformationCategory, LawfulBasis,
    ManualClock, NewAgreement, NewCase, NewEntry, NewPerson, NewTask, PersonId, PractitionerId,
    Priority, RetentionChoice, Role, SequentialIds, Subject, SubjectRole, Viewer,
};
use safehub_workspace::{agency, nhs_number, practitioner};
use std::path::Path;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

const NAME: &str = "Zebedee Quillfeather";
const ALIAS: &str = "Zeddo Quillborne";
const NOTE: &str = "Ravenous aardvark seen at 7731 Juniper Row";
const HOUSING_NOTE: &str = "Tenancy warning over marmalade-coloured van";
const TITLE: &str = "Noise nuisance Quillfeather household";
const TASK: &str = "Visit about the pelican-shaped graffiti";
const KEPT: &str = "Ottoline Marchbanks";
const CLOSED: &str = "Quillfeather family rehoused in Wolverhampton";
const REOPENED: &str = "Quillfeather returned to the flat";

struct World {
    hub: Hub,
    clock: ManualClock,
    admin: PractitionerId,
    pc: PractitionerId,
    officer: PractitionerId,
    housing: AgencyId,
    erased: PersonId,
    kept: PersonId,
    case: CaseId,
    other: CaseId,
    nhs: String,
}

fn world(hub: Hub, clock: ManualClock) -> World {
    let police = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let housing = hub
        .add_agency(police.admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    hub.sign_agreement(
        police.admin,
        NewAgreement {
            title: "ISP".into(),
            parties: vec![police.agency, housing],
            purposes: vec!["ASB".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![
                InformationCategory::General,
                InformationCategory::Asb,
                InformationCategory::PersonalDetails,
            ],
            special_category: false,
            starts: at(2019, 1, 1),
            ends: None,
        },
    )
    .unwrap();
    let pc = hub
        .register_practitioner(
            police.admin,
            practitioner(police.agency, "PC", Role::CaseWorker),
        )
        .unwrap();
    let officer = hub
        .register_practitioner(
            police.admin,
            practitioner(housing, "Officer", Role::CaseWorker),
        )
        .unwrap();
    let nhs = nhs_number(42);
    let erased = hub
        .record_person(
            pc,
            NewPerson {
                name: NAME.into(),
                aliases: vec![ALIAS.into()],
                date_of_birth: Some(chrono::NaiveDate::from_ymd_opt(1971, 4, 9).unwrap()),
                identifiers: vec![(IdentifierKind::NhsNumber, nhs.clone())],
                ..Default::default()
            },
        )
        .unwrap();
    let kept = hub
        .record_person(
            pc,
            NewPerson {
                name: KEPT.into(),
                ..Default::default()
            },
        )
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: TITLE.into(),
                lead_practitioner: None,
                team: vec![housing],
            },
        )
        .unwrap();
    let other = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Another case".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    hub.link_subject(pc, case, Subject::Person(erased), SubjectRole::Perpetrator)
        .unwrap();
    hub.link_subject(pc, case, Subject::Person(kept), SubjectRole::Witness)
        .unwrap();
    hub.link_subject(pc, other, Subject::Person(kept), SubjectRole::Victim)
        .unwrap();
    hub.add_entry(pc, case, NewEntry::note(NOTE)).unwrap();
    hub.add_entry(officer, case, NewEntry::note(HOUSING_NOTE))
        .unwrap();
    hub.set_task(
        pc,
        NewTask {
            case,
            assignee: Assignee::Agency(housing),
            title: TASK.into(),
            detail: TASK.into(),
            category: InformationCategory::Asb,
            due: at(2019, 6, 1),
            priority: Priority::Normal,
        },
    )
    .unwrap();
    // Housing reads the case: the consultation log must survive erasure without content.
    hub.case(&Viewer::new(officer).because("hub meeting"), case)
        .unwrap();
    // Closed, reopened and closed again: the reasons name the family, so they go with the case.
    hub.close_case(pc, case, CaseOutcome::MovedAway, CLOSED)
        .unwrap();
    hub.reopen_case(pc, case, REOPENED).unwrap();
    hub.change_case_status(pc, case, CaseStatus::Closed)
        .unwrap();
    clock.set(at(2025, 6, 1));
    World {
        hub,
        clock,
        admin: police.admin,
        pc,
        officer,
        housing,
        erased,
        kept,
        case,
        other,
        nhs,
    }
}

fn markers(w: &World) -> Vec<String> {
    [
        NAME,
        ALIAS,
        NOTE,
        HOUSING_NOTE,
        TITLE,
        TASK,
        CLOSED,
        REOPENED,
        "1971-04-09",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([w.nhs.clone()])
    .collect()
}

fn raw_bytes(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let wal = path.with_extension("db-wal");
    if let Ok(more) = std::fs::read(&wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn everything_read(w: &World, viewer: &Viewer) -> String {
    let h = &w.hub;
    let mut out = String::new();
    out += &serde_json::to_string(&h.person(viewer, w.erased).ok()).unwrap();
    out += &serde_json::to_string(&h.case(viewer, w.case).ok()).unwrap();
    out += &serde_json::to_string(&h.cases(viewer).ok()).unwrap();
    for q in [NAME, ALIAS, "Quillfeather", &w.nhs] {
        out += &serde_json::to_string(&h.search_people(viewer, q).ok()).unwrap();
    }
    out += &serde_json::to_string(&h.agency_tasks(viewer).ok()).unwrap();
    out += &serde_json::to_string(&h.tasks_i_set(viewer).ok()).unwrap();
    out
}

#[test]
fn disposing_a_case_erases_it_from_the_sqlite_file_and_every_read_and_the_chain_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let clock = ManualClock::new(at(2019, 1, 2));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open(&path)
        .unwrap();
    let w = world(hub, clock);
    let before_disposal = w.clock.now() - Duration::days(1);

    // The markers are really there beforehand, so the searches below can fail.
    let before = raw_bytes(&path);
    for m in markers(&w) {
        assert!(contains(&before, &m), "marker {m} not stored to begin with");
    }

    // A housing worker may not dispose of a police case; police's admin may, once it is due.
    assert!(matches!(
        w.hub
            .decide_retention(w.officer, w.case, RetentionChoice::Dispose),
        Err(Error::Forbidden { .. })
    ));
    w.hub
        .decide_retention(w.admin, w.case, RetentionChoice::Dispose)
        .unwrap();

    // The file itself, and its WAL, hold none of it.
    let after = raw_bytes(&path);
    for m in markers(&w) {
        assert!(
            !contains(&after, &m),
            "marker {m} still in the database file"
        );
    }
    assert!(contains(&after, KEPT), "a name another case needs was kept");

    let integrity = w.hub.verify().unwrap();
    assert!(integrity.is_ok(), "{integrity:?}");

    // No read shows it, now or as of before the disposal; nor does the journal export.
    for who in [w.pc, w.officer, w.admin] {
        for viewer in [Viewer::new(who), Viewer::new(who).as_of(before_disposal)] {
            let text = everything_read(&w, &viewer);
            for m in markers(&w) {
                assert!(!text.contains(&m), "{m} in a read");
            }
        }
    }
    let export = w.hub.export_journal(w.admin).unwrap();
    for m in markers(&w) {
        assert!(!contains(&export, &m), "{m} in the export");
    }
    // The person who is needed elsewhere keeps their name; the other case is untouched.
    let kept = serde_json::to_string(&w.hub.person(&Viewer::new(w.pc), w.kept).unwrap()).unwrap();
    assert!(kept.contains(KEPT));
    let other = serde_json::to_string(&w.hub.case(&Viewer::new(w.pc), w.other).unwrap()).unwrap();
    assert!(other.contains("Another case"));

    // The tombstone is in the journal, and reopening the file gives the same erased state.
    let kinds: Vec<_> = w
        .hub
        .changes_since(0, 10_000)
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert!(kinds.iter().any(|k| k == "erasure_recorded"));
    let digest = w.hub.state_digest().unwrap();
    drop(w.hub);
    let reopened = Hub::open(&path).unwrap();
    assert!(reopened.verify().unwrap().is_ok());
    assert_eq!(reopened.state_digest().unwrap(), digest);
    drop(reopened);
    let after_reopen = raw_bytes(&path);
    for m in [NAME, NOTE, TITLE] {
        assert!(!contains(&after_reopen, m));
    }
}

fn memory_world() -> World {
    let clock = ManualClock::new(at(2019, 1, 2));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    world(hub, clock)
}

#[test]
fn the_tombstone_names_what_went_who_when_and_under_which_request() {
    let w = memory_world();
    // A live case keeps its person: disposing of the person alone is refused.
    assert!(matches!(
        w.hub
            .dispose(w.admin, ErasureTarget::Person(w.kept), "REQ-1"),
        Err(Error::Invalid { .. })
    ));
    // An open case cannot be disposed of.
    assert!(matches!(
        w.hub
            .dispose(w.admin, ErasureTarget::Case(w.other), "REQ-2"),
        Err(Error::InvalidTransition { .. })
    ));
    // A case worker cannot dispose.
    assert!(matches!(
        w.hub.dispose(w.pc, ErasureTarget::Case(w.case), "REQ-3"),
        Err(Error::Forbidden { .. })
    ));
    let tombstone = w
        .hub
        .dispose(
            w.admin,
            ErasureTarget::Case(w.case),
            "REQ-4 erasure request",
        )
        .unwrap();
    assert_eq!(tombstone.by, w.admin);
    assert_eq!(tombstone.at, w.clock.now());
    assert_eq!(
        tombstone.ground,
        ErasureGround::Request {
            reference: "REQ-4 erasure request".into()
        }
    );
    assert!(tombstone.records.contains(&ErasedRecord::Case(w.case)));
    assert!(tombstone.records.contains(&ErasedRecord::Person(w.erased)));
    assert!(!tombstone.records.contains(&ErasedRecord::Person(w.kept)));
    assert_eq!(
        tombstone
            .records
            .iter()
            .filter(|r| matches!(r, ErasedRecord::Entry(_)))
            .count(),
        2
    );
    assert!(!tombstone.seqs.is_empty());
    let text = serde_json::to_string(&tombstone).unwrap();
    for m in markers(&w) {
        assert!(!text.contains(&m));
    }
    // Twice is refused.
    assert!(matches!(
        w.hub.dispose(w.admin, ErasureTarget::Case(w.case), "REQ-5"),
        Err(Error::InvalidTransition { .. })
    ));
    assert!(w.hub.verify().unwrap().is_ok());
    let _ = w.housing;
}

#[test]
fn a_redaction_no_tombstone_names_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let clock = ManualClock::new(at(2019, 1, 2));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open(&path)
        .unwrap();
    let w = world(hub, clock);
    drop(w.hub);
    // Someone with the file rewrites an event's content (here: to a valid event, so the hub
    // still opens) and sets the redacted flag by hand.
    let mut j = SqliteJournal::open(&path).unwrap();
    let original = j.events_since(11, 1).unwrap().remove(0);
    let forged = String::from_utf8(original.content.clone())
        .unwrap()
        .replace("PC", "XY");
    j.redact(12, forged.into_bytes()).unwrap();
    drop(j);
    let hub = Hub::open(&path).unwrap();
    let integrity = hub.verify().unwrap();
    assert_eq!(integrity.first_bad, Some(12), "{integrity:?}");
}

#[test]
fn an_erasure_interrupted_after_its_tombstone_is_completed_when_the_hub_opens() {
    let w = memory_world();
    let admin = w.admin;
    let before = w.hub.export_journal(admin).unwrap();
    let head_before = w.hub.seq();
    w.hub
        .decide_retention(admin, w.case, RetentionChoice::Dispose)
        .unwrap();
    let after = w.hub.export_journal(admin).unwrap();

    // Rebuild the crash: the journal as it was, plus the events appended by the disposal
    // (the decision and the tombstone), without the redactions that followed.
    let mut full = MemoryJournal::new();
    journal::import_into(&after, &mut full).unwrap();
    let appended = full.events_since(head_before, 100).unwrap();
    assert!(appended.iter().any(|e| e.kind == "erasure_recorded"));
    let mut crashed = MemoryJournal::new();
    journal::import_into(&before, &mut crashed).unwrap();
    crashed.append_verbatim(appended).unwrap();
    let crashed_bytes = journal::export(&crashed).unwrap();
    assert!(
        contains(&crashed_bytes, NOTE),
        "the crash left content behind"
    );

    let hub = Hub::builder().journal(Box::new(crashed)).unwrap();
    assert!(hub.verify().unwrap().is_ok());
    let repaired = hub.export_journal(admin).unwrap();
    for m in markers(&w) {
        assert!(!contains(&repaired, &m), "{m} survived the repair");
    }
    assert_eq!(hub.state_digest().unwrap(), w.hub.state_digest().unwrap());
}

#[test]
fn erasing_a_person_an_import_created_removes_them_and_the_summaries_about_them_from_the_file() {
    const CALLER: &str = "Philippa Gravenstein-Ruddock";
    const SUMMARY: &str = "Caller reports the lilac scooter outside number 9 again";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let clock = ManualClock::new(at(2019, 1, 2));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(3))
        .open(&path)
        .unwrap();
    let w = world(hub, clock);
    let row = safehub::IncidentRow {
        external_ref: "CAD-1".into(),
        occurred_at: at(2018, 12, 30),
        reported_at: None,
        category: "asb_nuisance".into(),
        offence_code: None,
        summary: SUMMARY.into(),
        location: None,
        caller: Some(safehub::incidents::PersonRef {
            name: CALLER.into(),
            date_of_birth: None,
            identifiers: vec![],
        }),
        people: vec![],
    };
    w.hub
        .import_incidents(w.pc, vec![row], &safehub::ImportOptions::default(), None)
        .unwrap();
    let police = Viewer::new(w.pc);
    let found = w.hub.search_people(&police, CALLER).unwrap();
    let id = match found.first() {
        Some(safehub::PersonView::Full(p)) => p.id,
        other => panic!("the imported caller is police's own profile: {other:?}"),
    };
    assert!(contains(&raw_bytes(&path), CALLER));

    w.hub
        .dispose(w.admin, ErasureTarget::Person(id), "erasure request 7")
        .unwrap();
    let after = raw_bytes(&path);
    assert!(
        !contains(&after, CALLER),
        "the caller's name is still in the file"
    );
    assert!(
        !contains(&after, SUMMARY),
        "a summary about the caller is still in the file"
    );
    assert!(w.hub.verify().unwrap().is_ok());
    assert!(w.hub.search_people(&police, CALLER).unwrap().is_empty());
}
