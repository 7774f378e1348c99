//! The PostgreSQL journal's write path (issue 21) beside plain prepared `INSERT`s, on one
//! throwaway server the bench starts itself with fsync and synchronous_commit on, as production
//! runs (tests/support/postgres.rs), each side in a database of its own:
//!
//! - **append**: one entry added through the hub (its append transaction: lock, head, seal,
//!   insert, commit) against one `INSERT` of the same stored row, with a fresh seq and id, into a
//!   table made `LIKE events INCLUDING ALL` (the same primary key, unique id and index on `at`,
//!   no triggers), one transaction per row.
//! - **import**: a batch of incidents imported through the hub (validated, matched, recorded as
//!   the one event an import is) against the same rows, one prepared `INSERT` each, into an
//!   incidents table with a primary key and an index on the time, one transaction per batch.
//!
//! - **open**: opening a hub on PostgreSQL from a snapshot at its head (`Hub::checkpoint`) against
//!   a plain `SELECT` of every journal column in seq order over the same kind of connection, on
//!   the generated borough of `tests/support/borough.rs` at `SAFEHUB_BENCH_SCALE` (borough unless
//!   set), on a server of its own with fsync off: it measures reading, and a county written with a
//!   sync per commit takes many minutes to generate.
//!
//! ```sh
//! cargo bench --bench postgres                            # batches of 1,000 incidents
//! SAFEHUB_BENCH_BATCH=10000 cargo bench --bench postgres
//! SAFEHUB_BENCH_FSYNC=off cargo bench --bench postgres  # no flush: what is left is round trips and CPU
//! SAFEHUB_BENCH_SCALE=county cargo bench --bench postgres -- postgres_open
//! ```

use chrono::Duration;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use postgres::{Client, NoTls};
use safehub::journal::PostgresJournal;
use safehub::{Hub, ImportOptions, IncidentRow, ManualClock, NewCase, NewEntry};
use safehub_workspace::borough::{self, Borough, Scale};
use safehub_workspace::fixture;
use safehub_workspace::generate::{self, Demand};
use safehub_workspace::postgres::Server;
use std::time::{Duration as Elapsed, Instant};

fn batch_size() -> usize {
    std::env::var("SAFEHUB_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn connect(server: &Server) -> Client {
    let conninfo = server.create_database();
    Client::connect(&conninfo, NoTls).expect("connect")
}

fn bench(c: &mut Criterion) {
    // fsync and synchronous_commit on: every commit waits for its WAL to reach the disk. Off on
    // request, to see what an append costs besides the flush.
    let fsync = std::env::var("SAFEHUB_BENCH_FSYNC").map_or(true, |v| v != "off");
    let server = Server::start(fsync).expect("a PostgreSQL server (install Debian's postgresql)");
    let demand = Demand {
        incidents: batch_size(),
        ..Demand::million()
    };
    let conninfo = server.create_database();
    let journal = PostgresJournal::open(&conninfo).expect("journal");
    let b = fixture::borough_on(Some(Box::new(journal)), demand.end(), true);
    let case = b
        .hub
        .open_case(
            b.officer,
            NewCase {
                case_type: safehub::CaseType::Asb,
                title: "Benchmarked".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .expect("case");
    let note = || NewEntry::note("Spoke to the neighbours about the noise at number 4.");
    b.hub.add_entry(b.officer, case, note()).expect("entry");

    // The baseline table, and the row the hub just stored, to insert again and again.
    let mut plain = Client::connect(&conninfo, NoTls).expect("connect");
    plain
        .batch_execute("CREATE TABLE plain_events (LIKE events INCLUDING ALL)")
        .expect("baseline table");
    let row = plain
        .query_one(
            "SELECT at, actor, kind, content, content_hash, prev_hash, hash, redacted \
             FROM events ORDER BY seq DESC LIMIT 1",
            &[],
        )
        .expect("the stored entry");
    let insert_event = plain
        .prepare(
            "INSERT INTO plain_events (seq, id, at, actor, kind, content, content_hash, \
             prev_hash, hash, redacted) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .expect("prepare");
    let (at, actor, kind): (i64, Vec<u8>, String) = (row.get(0), row.get(1), row.get(2));
    let (content, content_hash, prev_hash, hash, redacted): (
        Vec<u8>,
        Vec<u8>,
        Vec<u8>,
        Vec<u8>,
        bool,
    ) = (row.get(3), row.get(4), row.get(5), row.get(6), row.get(7));
    let mut seq = 0i64;

    let mut group = c.benchmark_group("postgres_append");
    group.sample_size(20);
    group.bench_function("hub add_entry", |bench| {
        bench.iter(|| b.hub.add_entry(b.officer, case, note()).expect("entry"));
    });
    group.bench_function("plain INSERT, one transaction each", |bench| {
        bench.iter(|| {
            seq += 1;
            let id = uuid::Uuid::new_v4();
            let mut tx = plain.transaction().expect("begin");
            tx.execute(
                &insert_event,
                &[
                    &seq,
                    &id.as_bytes().as_slice(),
                    &at,
                    &actor,
                    &kind,
                    &content,
                    &content_hash,
                    &prev_hash,
                    &hash,
                    &redacted,
                ],
            )
            .expect("insert");
            tx.commit().expect("commit");
        });
    });
    group.finish();

    // Import: fresh external references for every batch, made outside the timing.
    let template: Vec<IncidentRow> = generate::incidents(&demand)
        .into_iter()
        .map(|g| g.row)
        .collect();
    let batch = |n: usize| -> Vec<IncidentRow> {
        template
            .iter()
            .map(|row| IncidentRow {
                external_ref: format!("{}-{n}", row.external_ref),
                ..row.clone()
            })
            .collect()
    };
    let mut incidents = connect(&server);
    incidents
        .batch_execute(
            "CREATE TABLE incidents (id BYTEA PRIMARY KEY, external_ref TEXT NOT NULL, \
             occurred_at BIGINT NOT NULL, category TEXT NOT NULL, offence_code TEXT, \
             caller_name TEXT, address TEXT, summary TEXT NOT NULL); \
             CREATE INDEX incidents_time ON incidents (occurred_at);",
        )
        .expect("incidents table");
    let insert_incident = incidents
        .prepare(
            "INSERT INTO incidents (id, external_ref, occurred_at, category, offence_code, \
             caller_name, address, summary) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .expect("prepare");
    let mut made = 0usize;
    let mut group = c.benchmark_group("postgres_import");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(template.len() as u64));
    group.bench_function(
        format!("hub import_incidents, batches of {}", template.len()),
        |bench| {
            bench.iter_custom(|iters| {
                let mut took = Elapsed::ZERO;
                for _ in 0..iters {
                    made += 1;
                    let rows = batch(made);
                    let t = Instant::now();
                    b.hub
                        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
                        .expect("import");
                    took += t.elapsed();
                }
                took
            });
        },
    );
    group.bench_function(
        format!(
            "plain INSERTs, one transaction per batch of {}",
            template.len()
        ),
        |bench| {
            bench.iter_custom(|iters| {
                let mut took = Elapsed::ZERO;
                for _ in 0..iters {
                    made += 1;
                    let rows = batch(made);
                    let t = Instant::now();
                    let mut tx = incidents.transaction().expect("begin");
                    for row in &rows {
                        tx.execute(
                            &insert_incident,
                            &[
                                &uuid::Uuid::new_v4().as_bytes().as_slice(),
                                &row.external_ref,
                                &row.occurred_at.timestamp(),
                                &row.category,
                                &row.offence_code,
                                &row.caller.as_ref().map(|c| c.name.as_str()),
                                &row.location.as_ref().and_then(|l| l.address.as_deref()),
                                &row.summary,
                            ],
                        )
                        .expect("insert");
                    }
                    tx.commit().expect("commit");
                    took += t.elapsed();
                }
                took
            });
        },
    );
    group.finish();
}

/// The `open` group (see the module documentation).
fn bench_open(c: &mut Criterion) {
    const SEED: u64 = 2026;
    let scale = std::env::var("SAFEHUB_BENCH_SCALE")
        .ok()
        .and_then(|s| Scale::parse(&s))
        .unwrap_or(Scale::Borough);
    let server = Server::start(false).expect("a PostgreSQL server (install Debian's postgresql)");
    let conninfo = server.create_database();
    let started = Instant::now();
    {
        let (builder, clock) = borough::builder(SEED);
        let hub = builder.postgres(&conninfo).expect("create");
        Borough::generate(&hub, &clock, SEED, scale, &mut |_| {}).expect("generate");
    }
    eprintln!(
        "generated the {} on PostgreSQL in {:.1} s",
        scale.name(),
        started.elapsed().as_secs_f64()
    );
    let reopen = || {
        Hub::builder()
            .clock(ManualClock::new(borough::today() + Duration::minutes(30)))
            .postgres(&conninfo)
            .expect("reopen")
    };
    let seq = reopen().checkpoint().expect("checkpoint");
    eprintln!("snapshot at seq {seq}");
    let mut raw = Client::connect(&conninfo, NoTls).expect("connect");
    let mut group = c.benchmark_group(format!("postgres_open_{}", scale.name()));
    group.sample_size(10);
    // The hub opened is dropped after the clock stops, as in benches/hub_ops.rs.
    group.bench_function("safehub_from_snapshot", |b| {
        b.iter_batched(|| (), |()| reopen(), BatchSize::PerIteration)
    });
    group.bench_function("postgres_raw_read", |b| {
        b.iter(|| {
            raw.query(
                "SELECT seq, id, at, actor, kind, content, content_hash, prev_hash, hash, \
                 redacted FROM events ORDER BY seq",
                &[],
            )
            .expect("read")
            .iter()
            .map(|row| row.get::<_, &[u8]>(5).len())
            .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_open);
criterion_main!(benches);
