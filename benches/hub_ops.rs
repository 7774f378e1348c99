//! The morning meeting's hot paths on a generated borough in a SQLite hub file, each beside the
//! plain SQLite a records system would otherwise run, in one run: reopening the hub (replay, and
//! from a snapshot) beside a raw read of every journal row, as-of reads from a snapshot, a case with 200 entries beside one indexed query for
//! the same rows, a person search beside SQLite's trigram full-text index; and, with no
//! baseline, the briefing, the priority list and a meeting's agenda. Top N and import are in `benches/topn.rs`,
//! the sharing decision in `benches/sharing_decision.rs`.
//!
//! ```sh
//! cargo bench --bench hub_ops                                # borough: 10,000 incidents
//! SAFEHUB_BENCH_SCALE=county cargo bench --bench hub_ops     # 1,000,000 incidents (slow setup)
//! ```

use chrono::Duration;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rusqlite::{params, Connection};
use safehub::journal::{Journal, SqliteJournal};
use safehub::{
    BriefingConfig, CaseView, EntryView, Hub, ManualClock, NewMeeting, TopKind, TopQuery, Viewer,
};
use safehub_workspace::borough::{self, Borough, Scale, PARTNERS};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

const SEED: u64 = 2026;

fn scale() -> Scale {
    std::env::var("SAFEHUB_BENCH_SCALE")
        .ok()
        .and_then(|s| Scale::parse(&s))
        .unwrap_or(Scale::Borough)
}

fn viewer(hub: &Hub, partner: usize) -> Viewer {
    let who = hub
        .practitioner_by_external_id(&borough::worker_id(&PARTNERS[partner], 1))
        .expect("a generated worker");
    Viewer::new(who).because("benchmarking the hub meeting")
}

fn reopen(path: &Path) -> Hub {
    Hub::builder()
        .clock(ManualClock::new(borough::today() + Duration::minutes(30)))
        .open(path)
        .expect("reopen")
}

/// Deletes every snapshot of the hub file, so that the next open replays from the first event
/// (opening after a long replay writes one).
fn drop_snapshots(path: &Path) {
    let mut journal = SqliteJournal::open(path).expect("journal");
    for seq in journal.snapshot_seqs().expect("snapshots") {
        journal.drop_snapshot(seq).expect("drop");
    }
}

/// Every column of every journal row, as a reader that trusts the file and builds nothing would
/// fetch them: the floor under any replay.
fn raw_read(path: &Path) -> usize {
    let db = Connection::open(path).expect("open");
    let mut rows = db
        .prepare("SELECT seq, id, at, actor, kind, content, content_hash, prev_hash, hash FROM events ORDER BY seq")
        .expect("prepare");
    let mut bytes = 0;
    let mut it = rows.query([]).expect("query");
    while let Some(row) = it.next().expect("row") {
        let content = row.get_ref(5).expect("content").as_bytes().expect("blob");
        bytes += content.len();
    }
    bytes
}

/// The big case's entries as a plain table would hold them (the owner's texts, stubs padded to
/// the same length), among as many entries for other cases as the hub holds, indexed by case.
fn entries_table(case: &CaseView, others: usize) -> Connection {
    let db = Connection::open_in_memory().expect("sqlite");
    db.execute_batch(
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL, at INTEGER NOT NULL, \
         author TEXT NOT NULL, visibility TEXT NOT NULL, category TEXT NOT NULL, text TEXT NOT NULL);
         CREATE INDEX entries_case_at ON entries (case_id, at);",
    )
    .expect("schema");
    let CaseView::Full(full) = case else {
        panic!("the bench reads the big case as a team member")
    };
    let filler = "Visited the address with the housing officer; the tenant was in and engaged.";
    let mut insert = db
        .prepare("INSERT INTO entries (case_id, at, author, visibility, category, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .expect("prepare");
    for (i, e) in full.entries.iter().enumerate() {
        let text = match e {
            EntryView::Full(d) => d.text.to_string(),
            EntryView::Stub(_) => filler.to_owned(),
        };
        insert
            .execute(params![
                1,
                i as i64,
                "Officer 1",
                "case_team",
                "general",
                text
            ])
            .expect("insert");
    }
    for i in 0..others {
        insert
            .execute(params![
                2 + i as i64 % 1000,
                i as i64,
                "Officer 2",
                "partnership",
                "general",
                filler
            ])
            .expect("insert");
    }
    drop(insert);
    db.execute_batch("ANALYZE").expect("analyze");
    db
}

type EntryRow = (i64, i64, String, String, String, String);

fn sql_case(db: &Connection) -> Vec<EntryRow> {
    let mut q = db
        .prepare_cached("SELECT id, at, author, visibility, category, text FROM entries WHERE case_id = ?1 ORDER BY at")
        .expect("prepare");
    q.query_map([1], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The generated people's names in a trigram full-text table, SQLite's index for substring
/// search.
fn people_table(names: impl Iterator<Item = String>) -> Connection {
    let db = Connection::open_in_memory().expect("sqlite");
    db.execute_batch("CREATE VIRTUAL TABLE people USING fts5(name, tokenize = 'trigram');")
        .expect("fts5 trigram");
    let mut insert = db
        .prepare("INSERT INTO people (name) VALUES (?1)")
        .expect("prepare");
    for n in names {
        insert.execute([n]).expect("insert");
    }
    drop(insert);
    db
}

fn sql_search(db: &Connection, needle: &str) -> Vec<(i64, String)> {
    let mut q = db
        .prepare_cached("SELECT rowid, name FROM people WHERE name LIKE ?1")
        .expect("prepare");
    q.query_map([format!("%{needle}%")], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn bench(c: &mut Criterion) {
    let scale = scale();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hub.db");
    let started = Instant::now();
    let generated = {
        let (builder, clock) = borough::builder(SEED);
        let hub = builder.open(&path).expect("create");
        Borough::generate(&hub, &clock, SEED, scale, &mut |_| {}).expect("generate")
    };
    eprintln!(
        "generated the {} ({} incidents, {} cases, {} entries) in {:.1} s",
        scale.name(),
        generated.incidents,
        generated.cases.len(),
        generated.entries,
        started.elapsed().as_secs_f64()
    );
    let label = scale.name();

    let mut group = c.benchmark_group(format!("open_{label}"));
    group.sample_size(10);
    // The same journal with a snapshot at its head.
    let snapshotted = dir.path().join("snapshotted.db");
    std::fs::copy(&path, &snapshotted).expect("copy");
    let snapshot_seq = reopen(&snapshotted).checkpoint().expect("checkpoint");
    eprintln!(
        "snapshot at seq {snapshot_seq}: {} bytes",
        SqliteJournal::open(&snapshotted)
            .and_then(|j| j.latest_snapshot())
            .expect("snapshot")
            .map_or(0, |(_, bytes)| bytes.len())
    );
    // Each sample returns the hub it opened: criterion drops it after the clock stops, as a host
    // keeps the hub it opens (freeing a county state takes about a second, and is not opening).
    group.bench_function("safehub_replay", |b| {
        b.iter_batched(
            || drop_snapshots(&path),
            |()| reopen(&path),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("safehub_from_snapshot", |b| {
        b.iter_batched(|| (), |()| reopen(&snapshotted), BatchSize::PerIteration)
    });
    group.bench_function("sqlite_raw_read", |b| b.iter(|| black_box(raw_read(&path))));
    group.finish();

    // As-of reads a day back, from the snapshot: the first builds the past state, the rest
    // start from the one kept for that time.
    let past = reopen(&snapshotted);
    let meeting = borough::today() + Duration::minutes(30);
    let as_of = viewer(&past, 0).as_of(meeting - Duration::days(1));
    let top = TopQuery::top50(TopKind::Callers, meeting - Duration::days(1), 28);
    let mut group = c.benchmark_group(format!("as_of_{label}"));
    group.sample_size(10);
    let first = Instant::now();
    past.case(&as_of, generated.big_case).expect("case as of");
    eprintln!(
        "first as-of read: {:.1} ms",
        first.elapsed().as_secs_f64() * 1e3
    );
    group.bench_function("case_police", |b| {
        b.iter(|| black_box(past.case(&as_of, generated.big_case).expect("case")))
    });
    group.bench_function("top50_police", |b| {
        b.iter(|| black_box(past.top(&as_of, &top).expect("top")))
    });
    group.finish();
    drop(past);

    let hub = reopen(&path);
    let police = viewer(&hub, 0);
    let housing = viewer(&hub, 2);

    let case = hub.case(&police, generated.big_case).expect("big case");
    let db = entries_table(&case, generated.entries);
    let mut group = c.benchmark_group(format!("case_view_200_{label}"));
    group.bench_function("safehub_police", |b| {
        b.iter(|| black_box(hub.case(&police, generated.big_case).expect("case")))
    });
    group.bench_function("safehub_housing", |b| {
        b.iter(|| black_box(hub.case(&housing, generated.big_case).expect("case")))
    });
    group.bench_function("sqlite", |b| b.iter(|| black_box(sql_case(&db))));
    group.finish();

    // A surname shared by many: both sides return every name containing it.
    let needle = borough::person_name(7)
        .split_whitespace()
        .last()
        .expect("a surname")
        .to_owned();
    let names = (0..scale.shape().callers.max(generated.people.len())).map(borough::person_name);
    let db = people_table(names);
    eprintln!(
        "person search '{needle}': safehub {} hits as police, SQLite {} rows",
        hub.search_people(&police, &needle).expect("search").len(),
        sql_search(&db, &needle).len()
    );
    let mut group = c.benchmark_group(format!("person_search_{label}"));
    group.bench_function("safehub_police", |b| {
        b.iter(|| black_box(hub.search_people(&police, &needle).expect("search")))
    });
    group.bench_function("sqlite_fts5_trigram", |b| {
        b.iter(|| black_box(sql_search(&db, &needle)))
    });
    group.finish();

    let mut group = c.benchmark_group(format!("meeting_{label}"));
    let config = BriefingConfig::default();
    for (name, v) in [("police", &police), ("housing", &housing)] {
        group.bench_function(format!("briefing_{name}"), |b| {
            b.iter(|| {
                black_box(
                    hub.briefing(v, meeting - Duration::days(1), &config)
                        .expect("briefing"),
                )
            })
        });
    }
    group.bench_function("priority_list_police", |b| {
        b.iter(|| black_box(hub.priority_list(&police, 10_000).expect("priority")))
    });
    // The agenda of today's daily meeting, yesterday's being the last of the kind: the
    // briefing since then, the priority list's top and the actions carried over, for each
    // attendee's copy.
    let daily = |starts| {
        let m = hub
            .schedule_meeting(
                police.practitioner,
                NewMeeting {
                    kind: "Daily hub meeting".into(),
                    title: "Daily hub meeting".into(),
                    starts,
                    chair: police.practitioner,
                    agencies: vec![],
                    practitioners: vec![housing.practitioner],
                },
            )
            .expect("schedule");
        for who in [police.practitioner, housing.practitioner] {
            hub.record_attendance(police.practitioner, m, who)
                .expect("attend");
        }
        m
    };
    daily(meeting - Duration::days(1));
    let today = daily(meeting);
    for (name, v) in [("police", &police), ("housing", &housing)] {
        group.bench_function(format!("agenda_{name}"), |b| {
            b.iter(|| black_box(hub.meeting_agenda(v, today).expect("agenda")))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
