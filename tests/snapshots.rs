//! Snapshots (issue 20): opening restores the latest usable snapshot and replays only the events
//! after it, to exactly the state a full replay builds; an as-of read starts from a snapshot
//! holding nothing later than its time; a snapshot altered, planted from another journal,
//! doctored without the key, or covering an erased event is never used.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use safehub::journal::{Journal, SqliteJournal};
use safehub::{
    AgencyKind, CaseType, ErasureTarget, Hub, ImportOptions, IncidentRow, InformationCategory,
    LawfulBasis, ManualClock, NewAgency, NewAgreement, NewCase, NewEntry, NewPerson,
    NewPractitioner, PractitionerId, Role, SequentialIds, Subject, SubjectRole, Viewer, Visibility,
};
use std::path::Path;

#[derive(Clone, Debug)]
enum Op {
    OpenCase {
        by: usize,
        kind: usize,
    },
    Entry {
        by: usize,
        case: usize,
        vis: usize,
    },
    Person {
        by: usize,
        name: usize,
    },
    Link {
        by: usize,
        case: usize,
        person: usize,
    },
    Import {
        rows: usize,
        caller: usize,
    },
    /// The recording agency renames a person (to another of the names imports use, so that
    /// matching follows) and adds an alias.
    Amend {
        by: usize,
        person: usize,
        name: usize,
    },
    /// A practitioner agrees that two people are one (merged once both owners agree), or
    /// undoes the merge of the second.
    Merge {
        by: usize,
        survivor: usize,
        absorbed: usize,
        undo: bool,
    },
    /// Minutes the clock moves; backwards makes the next events late, as from a slower clock.
    Tick {
        minutes: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6usize, 0..9usize).prop_map(|(by, kind)| Op::OpenCase { by, kind }),
        (0..6usize, 0..6usize, 0..4usize).prop_map(|(by, case, vis)| Op::Entry { by, case, vis }),
        (0..6usize, 0..4usize).prop_map(|(by, name)| Op::Person { by, name }),
        (0..6usize, 0..6usize, 0..6usize).prop_map(|(by, case, person)| Op::Link {
            by,
            case,
            person
        }),
        (1..4usize, 0..4usize).prop_map(|(rows, caller)| Op::Import { rows, caller }),
        (0..6usize, 0..6usize, 0..4usize).prop_map(|(by, person, name)| Op::Amend {
            by,
            person,
            name
        }),
        (
            0..6usize,
            0..6usize,
            0..6usize,
            proptest::bool::weighted(0.2)
        )
            .prop_map(|(by, survivor, absorbed, undo)| Op::Merge {
                by,
                survivor,
                absorbed,
                undo
            }),
        (-240..600i64).prop_map(|minutes| Op::Tick { minutes }),
    ]
}

const VIS: [Visibility; 4] = [
    Visibility::Private,
    Visibility::Agency,
    Visibility::CaseTeam,
    Visibility::Partnership,
];
const NAMES: [&str; 4] = ["Ada Quill", "Bram Stoke", "Cora Vane", "Dev Orrin"];
const NOTE: &str = "Saw the heron-grey van at the lock again";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
}

/// A hub on `path` with the clock shared by every hub of a test and ids from one seed, so that
/// two hubs doing the same reads record the same consultations.
fn open(path: &Path, clock: &ManualClock, key: Option<[u8; 32]>) -> Hub {
    let builder = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(8));
    let builder = match key {
        Some(key) => builder.snapshot_key(key),
        None => builder,
    };
    builder.open(path).unwrap()
}

struct World {
    hub: Hub,
    people: Vec<PractitionerId>,
    admin: PractitionerId,
}

/// Three agencies under one agreement, two practitioners each; police (0 and 3) import.
fn world(hub: Hub, clock: &ManualClock) -> World {
    let est = hub
        .establish(
            "Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .unwrap();
    let mut agencies = vec![est.agency];
    for (name, kind) in [
        ("Housing", AgencyKind::Housing),
        ("Council", AgencyKind::Council),
    ] {
        agencies.push(
            hub.add_agency(
                est.admin,
                NewAgency {
                    name: name.into(),
                    kind,
                },
            )
            .unwrap(),
        );
    }
    hub.sign_agreement(
        est.admin,
        NewAgreement {
            title: "ISP".into(),
            parties: agencies.clone(),
            purposes: vec!["hub".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: InformationCategory::ALL.to_vec(),
            special_category: false,
            starts: safehub::Clock::now(clock),
            ends: None,
        },
    )
    .unwrap();
    let people = (0..6)
        .map(|i| {
            hub.register_practitioner(
                est.admin,
                NewPractitioner {
                    agency: agencies[i % 3],
                    name: format!("P{i}"),
                    role: Role::CaseWorker,
                    external_id: None,
                },
            )
            .unwrap()
        })
        .collect();
    World {
        hub,
        people,
        admin: est.admin,
    }
}

fn run(w: &World, clock: &ManualClock, ops: &[Op]) {
    let (mut cases, mut persons, mut refs) = (Vec::new(), Vec::new(), 0);
    for op in ops {
        // Refusals are part of the sequence: they leave no trace in the journal.
        match *op {
            Op::OpenCase { by, kind } => {
                let new = NewCase {
                    case_type: CaseType::ALL[kind],
                    title: format!("case {kind}"),
                    lead_practitioner: None,
                    team: Default::default(),
                };
                if let Ok(c) = w.hub.open_case(w.people[by], new) {
                    cases.push(c);
                }
            }
            Op::Entry { by, case, vis } => {
                if let Some(c) = cases.get(case) {
                    let e = NewEntry::note(format!("{NOTE} {case}")).visible_to(VIS[vis]);
                    let _ = w.hub.add_entry(w.people[by], *c, e);
                }
            }
            Op::Person { by, name } => {
                let new = NewPerson {
                    name: NAMES[name].into(),
                    ..NewPerson::default()
                };
                if let Ok(p) = w.hub.record_person(w.people[by], new) {
                    persons.push(p);
                }
            }
            Op::Amend { by, person, name } => {
                if let Some(p) = persons.get(person) {
                    let edits = vec![
                        safehub::Edit::Name {
                            to: NAMES[name].into(),
                        },
                        safehub::Edit::AddAlias {
                            alias: format!("{} {}", NAMES[name], persons.len()),
                        },
                    ];
                    let _ = w
                        .hub
                        .amend(w.people[by], Subject::Person(*p), edits, "Corrected.");
                }
            }
            Op::Merge {
                by,
                survivor,
                absorbed,
                undo,
            } => {
                if let (Some(s), Some(a)) = (persons.get(survivor), persons.get(absorbed)) {
                    let _ = if undo {
                        w.hub.unmerge(w.people[by], *a, "Not the same.")
                    } else {
                        w.hub
                            .agree_merge(w.people[by], *s, *a, "Same person.")
                            .map(drop)
                    };
                }
            }
            Op::Link { by, case, person } => {
                if let (Some(c), Some(p)) = (cases.get(case), persons.get(person)) {
                    let subject = Subject::Person(*p);
                    let _ = w
                        .hub
                        .link_subject(w.people[by], *c, subject, SubjectRole::Victim);
                }
            }
            Op::Import { rows, caller } => {
                let now = safehub::Clock::now(clock);
                let rows = (0..rows)
                    .map(|i| {
                        refs += 1;
                        IncidentRow {
                            external_ref: format!("CAD-{refs}"),
                            occurred_at: now - Duration::hours(i as i64 + 1),
                            reported_at: None,
                            category: "asb_nuisance".into(),
                            offence_code: None,
                            summary: format!("Noise at the lock, call {refs}"),
                            location: None,
                            caller: Some(safehub::incidents::PersonRef {
                                name: NAMES[(caller + i) % 4].into(),
                                date_of_birth: None,
                                identifiers: vec![],
                            }),
                            people: vec![],
                        }
                    })
                    .collect();
                let _ = w
                    .hub
                    .import_incidents(w.people[0], rows, &ImportOptions::default(), None);
            }
            Op::Tick { minutes } => clock.advance(Duration::minutes(minutes)),
        }
    }
    // Reads come after every event, as of any time up to now.
    clock.advance(Duration::days(2));
}

/// Copies events `(after, upto]` of the journal at `from` to the one at `to`, as stored.
fn copy_events(from: &Path, to: &Path, after: u64, upto: u64) {
    let source = SqliteJournal::open(from).unwrap();
    let mut target = SqliteJournal::open(to).unwrap();
    let events = source
        .events_since(after, usize::try_from(upto - after).unwrap())
        .unwrap();
    target.append_verbatim(events).unwrap();
}

/// What each practitioner sees, now or as of `t`: cases, incidents, people search, Top 50.
fn views(hub: &Hub, people: &[PractitionerId], t: Option<DateTime<Utc>>) -> Vec<String> {
    people
        .iter()
        .map(|p| {
            let v = match t {
                Some(t) => Viewer::new(*p).as_of(t),
                None => Viewer::new(*p),
            };
            let top = safehub::TopQuery::top50(
                safehub::TopKind::Callers,
                start() + Duration::days(30),
                60,
            );
            format!(
                "{:?}|{:?}|{:?}|{:?}",
                hub.cases(&v).map(|c| serde_json::to_string(&c).unwrap()),
                hub.incidents(
                    &v,
                    start() - Duration::days(1),
                    start() + Duration::days(30),
                    100
                )
                .map(|i| serde_json::to_string(&i).unwrap()),
                hub.search_people(&v, "a")
                    .map(|s| serde_json::to_string(&s).unwrap()),
                hub.top(&v, &top)
                    .map(|s| serde_json::to_string(&s).unwrap()),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn restoring_a_snapshot_at_any_seq_and_applying_the_tail_gives_the_state_of_a_full_replay(
        ops in prop::collection::vec(op(), 1..30),
        at in any::<prop::sample::Index>(),
        times in prop::collection::vec(0u32..1000, 3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
        let clock = ManualClock::new(start());
        let w = world(open(&a, &clock, None), &clock);
        run(&w, &clock, &ops);
        let n = w.hub.seq();
        drop(w.hub);

        // b: the first k events, a snapshot there, then the rest.
        let k = at.index(usize::try_from(n).unwrap()) as u64 + 1;
        copy_events(&a, &b, 0, k);
        prop_assert_eq!(open(&b, &clock, None).checkpoint().unwrap(), k);
        copy_events(&a, &b, k, n);
        prop_assert_eq!(SqliteJournal::open(&b).unwrap().snapshot_seqs().unwrap(), vec![k]);

        let replayed = open(&a, &clock, None);
        let restored = open(&b, &clock, None);
        prop_assert_eq!(restored.seq(), n);
        prop_assert_eq!(restored.state_digest().unwrap(), replayed.state_digest().unwrap());
        prop_assert!(restored.verify().unwrap().is_ok());
        prop_assert_eq!(views(&restored, &w.people, None), views(&replayed, &w.people, None));

        // As of random times between the first event and now: the same views, whether the read
        // starts from the snapshot (when nothing in it is later) or from the first event.
        let now = safehub::Clock::now(&clock);
        for t in times {
            let t = start() + (now - start()) * i32::try_from(t).unwrap() / 1000;
            prop_assert_eq!(views(&restored, &w.people, Some(t)), views(&replayed, &w.people, Some(t)));
            // Again, from the state kept for that time.
            prop_assert_eq!(views(&restored, &w.people, Some(t)), views(&replayed, &w.people, Some(t)));
        }
        prop_assert_eq!(restored.state_digest().unwrap(), replayed.state_digest().unwrap());
    }
}

/// A small fixed history on `path`: cases with notes, people, an import, and late events.
fn history(path: &Path, clock: &ManualClock, key: Option<[u8; 32]>) -> World {
    let w = world(open(path, clock, key), clock);
    let ops = [
        Op::OpenCase { by: 0, kind: 0 },
        Op::Entry {
            by: 0,
            case: 0,
            vis: 3,
        },
        Op::Person { by: 1, name: 0 },
        Op::Tick { minutes: 90 },
        Op::Import { rows: 3, caller: 1 },
        Op::Tick { minutes: -60 },
        Op::Link {
            by: 0,
            case: 0,
            person: 0,
        },
        Op::Entry {
            by: 0,
            case: 0,
            vis: 2,
        },
    ];
    run(&w, clock, &ops);
    w
}

/// The snapshot stored at the head of the journal at `path`.
fn latest_snapshot(path: &Path) -> (u64, Vec<u8>) {
    SqliteJournal::open(path)
        .unwrap()
        .latest_snapshot()
        .unwrap()
        .unwrap()
}

#[test]
fn opening_from_a_snapshot_skips_the_events_it_covers_and_verify_still_checks_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let clock = ManualClock::new(start());
    let w = history(&path, &clock, None);
    let digest = w.hub.state_digest().unwrap();
    let seq = w.hub.checkpoint().unwrap();
    drop(w.hub);
    // Damage the first case's note, which the snapshot covers.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let damaged = conn
        .execute(
            "UPDATE events SET content = CAST(replace(CAST(content AS TEXT), 'heron', 'HERON') AS BLOB) \
             WHERE kind = 'entry_added' AND seq = (SELECT MIN(seq) FROM events WHERE kind = 'entry_added')",
            [],
        )
        .unwrap();
    assert_eq!(damaged, 1);
    let damaged_seq: i64 = conn
        .query_row(
            "SELECT MIN(seq) FROM events WHERE kind = 'entry_added'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let damaged_seq = u64::try_from(damaged_seq).unwrap();
    assert!(damaged_seq <= seq);

    let hub = open(&path, &clock, None);
    assert_eq!(hub.state_digest().unwrap(), digest);
    let integrity = hub.verify().unwrap();
    assert_eq!(integrity.first_bad, Some(damaged_seq));
    drop(hub);

    // Without the snapshot, opening replays the damaged event and refuses.
    SqliteJournal::open(&path)
        .unwrap()
        .drop_snapshot(seq)
        .unwrap();
    assert!(Hub::builder().clock(clock.clone()).open(&path).is_err());
}

#[test]
fn a_snapshot_with_bytes_flipped_is_ignored_and_the_hub_opens_to_the_replayed_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let clock = ManualClock::new(start());
    let w = history(&path, &clock, None);
    let digest = w.hub.state_digest().unwrap();
    w.hub.checkpoint().unwrap();
    drop(w.hub);
    let (seq, bytes) = latest_snapshot(&path);
    // Every byte of the header, then a sample of the payload and the MAC.
    let positions = (0..120)
        .chain((120..bytes.len()).step_by(bytes.len() / 40 + 1))
        .chain([bytes.len() - 1]);
    for i in positions {
        let mut altered = bytes.clone();
        altered[i] ^= 0x20;
        SqliteJournal::open(&path)
            .unwrap()
            .save_snapshot(seq, altered)
            .unwrap();
        let hub = open(&path, &clock, None);
        assert_eq!(hub.state_digest().unwrap(), digest, "byte {i} flipped");
        assert!(hub.verify().unwrap().is_ok());
    }
}

#[test]
fn a_snapshot_planted_from_another_journal_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let (a, x) = (dir.path().join("a.db"), dir.path().join("x.db"));
    let clock = ManualClock::new(start());
    let w = history(&a, &clock, None);
    let digest = w.hub.state_digest().unwrap();
    let seq = w.hub.seq();
    drop(w.hub);
    // Another partnership, the same shape and length, with one more person recorded first.
    let other_clock = ManualClock::new(start() + Duration::minutes(1));
    let other = history(&x, &other_clock, None);
    assert_eq!(other.hub.seq(), seq);
    other.hub.checkpoint().unwrap();
    let (_, planted) = latest_snapshot(&x);
    SqliteJournal::open(&a)
        .unwrap()
        .save_snapshot(seq, planted)
        .unwrap();
    let hub = open(&a, &clock, None);
    assert_eq!(hub.state_digest().unwrap(), digest);
    assert!(hub.verify().unwrap().is_ok());
}

#[test]
fn a_doctored_snapshot_bound_to_the_right_hash_is_refused_by_a_hub_with_a_secret_key() {
    let key = [0x5a; 32];
    let dir = tempfile::tempdir().unwrap();
    let (a, d) = (dir.path().join("a.db"), dir.path().join("d.db"));
    let clock = ManualClock::new(start());
    let w = history(&a, &clock, Some(key));
    let digest = w.hub.state_digest().unwrap();
    let seq = w.hub.seq();
    drop(w.hub);
    // Someone who can write the store but does not hold the key: the same events with a note
    // swapped under a forged "redacted" flag (every hash unchanged), replayed by a hub of their
    // own, whose snapshot is bound to the right hash.
    copy_events(&a, &d, 0, seq);
    let mut doctored = SqliteJournal::open(&d).unwrap();
    let note = doctored
        .events_since(0, usize::MAX)
        .unwrap()
        .into_iter()
        .find(|e| e.kind == "entry_added")
        .unwrap();
    let swapped = String::from_utf8(note.content.clone())
        .unwrap()
        .replace("heron-grey", "raven-black");
    doctored.redact(note.seq, swapped.into_bytes()).unwrap();
    drop(doctored);
    let forger = Hub::builder().clock(clock.clone()).open(&d).unwrap();
    assert_ne!(forger.state_digest().unwrap(), digest);
    forger.checkpoint().unwrap();
    drop(forger);
    let (_, forged) = latest_snapshot(&d);
    SqliteJournal::open(&a)
        .unwrap()
        .save_snapshot(seq, forged)
        .unwrap();

    let hub = open(&a, &clock, Some(key));
    assert_eq!(hub.state_digest().unwrap(), digest);
    assert!(hub.verify().unwrap().is_ok());
}

#[test]
fn an_erasure_of_an_event_a_snapshot_covers_discards_the_snapshot_and_its_content() {
    const NAME: &str = "Perpetua Wintersgill";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let clock = ManualClock::new(start());
    let w = history(&path, &clock, None);
    let police = Viewer::new(w.people[0]);
    let person = w
        .hub
        .record_person(
            w.people[0],
            NewPerson {
                name: NAME.into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    clock.advance(Duration::hours(1));
    let before = safehub::Clock::now(&clock);
    clock.advance(Duration::hours(1));
    let seq = w.hub.checkpoint().unwrap();
    assert!(String::from_utf8_lossy(&latest_snapshot(&path).1).contains(NAME));
    // An as-of read keeps the past state it built, which holds the name too.
    let as_of = police.clone().as_of(before);
    assert_eq!(w.hub.search_people(&as_of, NAME).unwrap().len(), 1);

    w.hub
        .dispose(w.admin, ErasureTarget::Person(person), "erasure request 9")
        .unwrap();
    let journal = SqliteJournal::open(&path).unwrap();
    assert!(journal.snapshot_seqs().unwrap().iter().all(|&s| s < seq));
    drop(journal);
    let file = std::fs::read(&path).unwrap();
    assert!(!String::from_utf8_lossy(&file).contains(NAME));
    assert!(w.hub.search_people(&as_of, NAME).unwrap().is_empty());
    assert!(w.hub.search_people(&police, NAME).unwrap().is_empty());
    let digest = w.hub.state_digest().unwrap();
    drop(w.hub);

    let hub = open(&path, &clock, None);
    assert_eq!(hub.state_digest().unwrap(), digest);
    assert!(hub.search_people(&as_of, NAME).unwrap().is_empty());
    assert!(hub.verify().unwrap().is_ok());
}

#[test]
fn an_as_of_read_never_starts_from_a_snapshot_holding_a_later_event_than_its_time() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    let clock = ManualClock::new(start());
    let w = world(open(&a, &clock, None), &clock);
    let case = w
        .hub
        .open_case(
            w.people[0],
            NewCase {
                case_type: CaseType::ALL[0],
                title: "case".into(),
                lead_practitioner: None,
                team: Default::default(),
            },
        )
        .unwrap();
    clock.advance(Duration::hours(3));
    w.hub
        .add_entry(
            w.people[0],
            case,
            NewEntry::note("later, at noon").visible_to(Visibility::Partnership),
        )
        .unwrap();
    // A writer with a slow clock records an event after it, stamped two hours earlier.
    clock.advance(Duration::hours(-2));
    w.hub
        .add_entry(
            w.people[0],
            case,
            NewEntry::note("late, at ten").visible_to(Visibility::Partnership),
        )
        .unwrap();
    let t = safehub::Clock::now(&clock) + Duration::minutes(30);
    clock.advance(Duration::days(1));
    let n = w.hub.seq();
    drop(w.hub);
    copy_events(&a, &b, 0, n);
    open(&b, &clock, None).checkpoint().unwrap();

    let housing = Viewer::new(w.people[1]).as_of(t);
    let replayed = open(&a, &clock, None).case(&housing, case).unwrap();
    let restored = open(&b, &clock, None).case(&housing, case).unwrap();
    assert_eq!(
        serde_json::to_string(&restored).unwrap(),
        serde_json::to_string(&replayed).unwrap()
    );
    let texts = serde_json::to_string(&restored).unwrap();
    assert!(texts.contains("late, at ten") && !texts.contains("later, at noon"));
}
