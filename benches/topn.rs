//! Top 50 callers and locations over a 365-day window, and incident import throughput, beside
//! the plain SQLite a user would otherwise reach for, in one run (TARGETS.md rules: same rows,
//! same answer, SQLite with a covering index, ANALYZE and a prepared statement).
//!
//! `cargo bench --bench topn`; `SAFEHUB_BENCH_INCIDENTS=100000 cargo bench --bench topn` for a
//! quick check; `SAFEHUB_BENCH_IMPORT` sets the rows per import iteration (default 100,000).

use chrono::{DateTime, Duration, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use rusqlite::{params, Connection};
use safehub::incidents::TopSubject;
use safehub::{Hub, ImportOptions, IncidentRow, PractitionerId, TopKind, TopQuery, Viewer};
use safehub_workspace::fixture;
use safehub_workspace::generate::{self, Demand, Generated};
use std::hint::black_box;
use std::time::Instant;

const BATCH: usize = 10_000;
const WINDOW_DAYS: u32 = 365;

fn env_size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Fixture {
    hub: Hub,
    importer: PractitionerId,
    viewer: Viewer,
}

/// A police force importing, and a council officer reading under an agreement covering every
/// category: the sharing rules are evaluated, and everything is visible, so both sides must give
/// the same answer.
fn partnership(now: DateTime<Utc>) -> Fixture {
    let b = fixture::borough(now, true);
    Fixture {
        viewer: b.viewer(b.council_officer),
        importer: b.officer,
        hub: b.hub,
    }
}

/// The rows as the host hands them over, by value, in batches: made before any timing, since
/// the SQLite side binds the same rows by reference.
fn batches(rows: &[Generated]) -> Vec<Vec<IncidentRow>> {
    rows.chunks(BATCH)
        .map(|c| c.iter().map(|g| g.row.clone()).collect())
        .collect()
}

fn load(f: &Fixture, batches: Vec<Vec<IncidentRow>>) {
    for batch in batches {
        f.hub
            .import_incidents(f.importer, batch, &ImportOptions::default(), None)
            .expect("import");
    }
}

/// The table with the three indexes an engineer would add for these queries: the external
/// reference, and covering indexes led by caller and by location, so GROUP BY reads an index in
/// order. `query_indexes` adds time-led covering indexes too, and the planner picks.
fn sqlite_schema(db: &Connection, query_indexes: bool) {
    db.execute_batch(
        "CREATE TABLE incidents (id INTEGER PRIMARY KEY, external_ref TEXT NOT NULL, \
         time INTEGER NOT NULL, category TEXT NOT NULL, offence_code TEXT, caller INTEGER, \
         caller_name TEXT, location INTEGER, summary TEXT);
         CREATE UNIQUE INDEX incidents_ref ON incidents (external_ref);
         CREATE INDEX incidents_caller_time ON incidents (caller, time);
         CREATE INDEX incidents_location_time ON incidents (location, time);",
    )
    .expect("schema");
    if query_indexes {
        db.execute_batch(
            "CREATE INDEX incidents_time_caller ON incidents (time, caller);
             CREATE INDEX incidents_time_location ON incidents (time, location);",
        )
        .expect("indexes");
    }
}

fn sqlite_insert(db: &mut Connection, rows: &[Generated]) {
    let tx = db.transaction().expect("txn");
    {
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO incidents (external_ref, time, category, offence_code, caller, \
                 caller_name, location, summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .expect("prepare");
        for g in rows {
            insert
                .execute(params![
                    g.row.external_ref,
                    g.row.occurred_at.timestamp(),
                    g.row.category,
                    g.row.offence_code,
                    g.caller,
                    g.row.caller.as_ref().map(|c| c.name.as_str()),
                    generate::location_uprn(g.location) as i64,
                    g.row.summary,
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
}

const SQL_CALLERS: &str =
    "SELECT caller, COUNT(*) AS n FROM incidents WHERE time >= ?1 AND time < ?2 \
     AND caller IS NOT NULL GROUP BY caller ORDER BY n DESC, caller ASC LIMIT 50";
const SQL_LOCATIONS: &str =
    "SELECT location, COUNT(*) AS n FROM incidents WHERE time >= ?1 AND time < ?2 \
     AND location IS NOT NULL GROUP BY location ORDER BY n DESC, location ASC LIMIT 50";

fn sql_top(db: &Connection, sql: &str, from: i64, to: i64) -> Vec<(u64, u32)> {
    let mut stmt = db.prepare_cached(sql).expect("prepare");
    let rows = stmt
        .query_map(params![from, to], |r| {
            Ok((r.get::<_, i64>(0)? as u64, r.get(1)?))
        })
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

fn hub_top(f: &Fixture, kind: TopKind, end: DateTime<Utc>) -> Vec<(u64, u32)> {
    let list = f
        .hub
        .top(&f.viewer, &TopQuery::top50(kind, end, WINDOW_DAYS))
        .expect("top");
    list.rows
        .iter()
        .map(|r| (key(kind, &r.subject), r.count))
        .collect()
}

fn key(kind: TopKind, s: &TopSubject) -> u64 {
    let rank = generate::rank_of(&s.name).expect("generated name");
    match kind {
        TopKind::Locations => generate::location_uprn(rank),
        _ => u64::from(rank),
    }
}

/// The answer up to the order of ties: safehub breaks ties by profile id, the SQL by row key, so
/// compare the counts in order and the subjects above the last count (which may tie across the
/// cut-off).
fn same_answer(rows: &[(u64, u32)]) -> (Vec<u32>, Vec<u64>) {
    let last = rows.last().map_or(0, |r| r.1);
    let mut above: Vec<u64> = rows.iter().filter(|r| r.1 > last).map(|r| r.0).collect();
    above.sort_unstable();
    (rows.iter().map(|r| r.1).collect(), above)
}

fn median_of(mut samples: Vec<f64>) -> (f64, f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.1), at(0.9))
}

fn time_it(runs: usize, mut f: impl FnMut()) -> (f64, f64, f64) {
    f();
    median_of(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let mut demand = Demand::million();
    demand.incidents = env_size("SAFEHUB_BENCH_INCIDENTS", demand.incidents);
    let rows = generate::incidents(&demand);
    let end_time = demand.end() - Duration::seconds(1);
    let fixture = partnership(demand.end() + Duration::days(1));
    let handed_over = batches(&rows);
    let t = Instant::now();
    load(&fixture, handed_over);
    let hub_load = t.elapsed().as_secs_f64();
    let mut db = Connection::open_in_memory().expect("sqlite");
    sqlite_schema(&db, true);
    let t = Instant::now();
    sqlite_insert(&mut db, &rows);
    let sql_load = t.elapsed().as_secs_f64();
    db.execute_batch("ANALYZE").expect("analyze");

    let to = (end_time.timestamp().div_euclid(86_400) + 1) * 86_400;
    let from = to - i64::from(WINDOW_DAYS) * 86_400;
    println!(
        "\n{} incidents; loaded: safehub {:.2} s ({:.0} rows/s), sqlite {:.2} s ({:.0} rows/s)",
        rows.len(),
        hub_load,
        rows.len() as f64 / hub_load,
        sql_load,
        rows.len() as f64 / sql_load
    );
    for (kind, sql) in [
        (TopKind::Callers, SQL_CALLERS),
        (TopKind::Locations, SQL_LOCATIONS),
    ] {
        let ours = hub_top(&fixture, kind, end_time);
        let theirs = sql_top(&db, sql, from, to);
        assert_eq!(
            same_answer(&ours),
            same_answer(&theirs),
            "same Top 50 ({kind:?})"
        );
        let plan: Vec<String> = db
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("plan")
            .query_map(params![from, to], |r| r.get::<_, String>(3))
            .expect("plan rows")
            .map(|r| r.expect("plan row"))
            .collect();
        let (h, h10, h90) = time_it(30, || {
            black_box(hub_top(&fixture, kind, end_time));
        });
        let (s, s10, s90) = time_it(15, || {
            black_box(sql_top(&db, sql, from, to));
        });
        println!(
            "Top 50 {kind:?}, {WINDOW_DAYS} days: safehub median {h:.3} ms (p10 {h10:.3}, p90 {h90:.3}); \
             sqlite median {s:.2} ms (p10 {s10:.2}, p90 {s90:.2}); ratio {:.0}x; top count {}; \
             plan: {}",
            s / h,
            ours.first().map_or(0, |r| r.1),
            plan.join(" / ")
        );
    }

    let mut group = c.benchmark_group("top50_365d");
    group.sample_size(20);
    for (kind, sql) in [
        (TopKind::Callers, SQL_CALLERS),
        (TopKind::Locations, SQL_LOCATIONS),
    ] {
        group.bench_function(BenchmarkId::new("safehub", format!("{kind:?}")), |b| {
            b.iter(|| black_box(hub_top(&fixture, kind, end_time)))
        });
        group.bench_function(BenchmarkId::new("sqlite", format!("{kind:?}")), |b| {
            b.iter(|| black_box(sql_top(&db, sql, from, to)))
        });
    }
    group.finish();
    drop(fixture);
    drop(db);

    let import_n = env_size("SAFEHUB_BENCH_IMPORT", 100_000).min(rows.len());
    let sample = &rows[..import_n];
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Elements(import_n as u64));
    // Setup outside the timing on both sides: the hub with its partnership and the rows handed
    // over by value (as a host moves its rows in), the SQLite table with its indexes. Each side's
    // store is dropped after the timing.
    group.bench_function("safehub", |b| {
        b.iter_batched(
            || {
                (
                    partnership(demand.end() + Duration::days(1)),
                    batches(sample),
                )
            },
            |(f, handed_over)| {
                load(&f, handed_over);
                black_box(f.hub.seq());
                // Dropped after the timing, like the SQLite side's connection.
                f
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("sqlite", |b| {
        b.iter_batched(
            || {
                let db = Connection::open_in_memory().expect("sqlite");
                sqlite_schema(&db, false);
                db
            },
            |mut db| {
                sqlite_insert(&mut db, sample);
                black_box(db.last_insert_rowid());
                db
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
