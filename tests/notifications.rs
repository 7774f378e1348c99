//! Seeing other systems' changes in real time (issue 21): `Hub::wait_for_change` returns when
//! any writer commits (this hub, another hub on the same SQLite file, another process on the
//! same PostgreSQL database) and times out without one; the per-viewer notification feed and
//! its push subscription deliver what changed to a callback on another hub.
//!
//! The PostgreSQL tests run against a real server the tests start (tests/support/postgres.rs)
//! and skip without one unless `SAFEHUB_REQUIRE_POSTGRES=1`. The writer in another process is
//! this test binary itself, run with `SAFEHUB_NOTIFY_WRITER` set (see `writer_process`).

use safehub::{Hub, NewEntry};
use safehub_workspace::reliability::setup;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Two hubs on one SQLite file in a temporary directory (kept alive with them).
fn two_hubs_on_one_file() -> (tempfile::TempDir, Hub, Hub) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let a = Hub::open(&path).unwrap();
    let b = Hub::open(&path).unwrap();
    (dir, a, b)
}

#[test]
fn a_commit_by_another_hub_on_the_same_file_ends_the_wait() {
    let (_dir, a, b) = two_hubs_on_one_file();
    let (_, actors, case) = setup(&a, 1);
    let head = b.wait_for_change(0, Duration::from_secs(5)).unwrap();
    assert_eq!(head, a.seq());
    let writer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        a.add_entry(actors[0], case, NewEntry::note("new")).unwrap();
        a.seq()
    });
    let started = Instant::now();
    let seen = b.wait_for_change(head, Duration::from_secs(30)).unwrap();
    let written = writer.join().unwrap();
    assert_eq!(seen, written, "the wait returns the seq it has applied");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(b.seq(), written, "the waiting hub has caught up");
}

#[test]
fn a_wait_without_a_commit_times_out_at_the_seq_it_had() {
    let (_dir, a, b) = two_hubs_on_one_file();
    setup(&a, 1);
    let head = a.seq();
    let started = Instant::now();
    assert_eq!(
        b.wait_for_change(head, Duration::from_millis(300)).unwrap(),
        head
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300),
        "returned early: {waited:?}"
    );
}

#[test]
fn a_commit_by_the_same_hub_ends_the_wait_of_another_thread_on_a_memory_hub() {
    let hub = Arc::new(Hub::open_in_memory().unwrap());
    let (_, actors, case) = setup(&hub, 1);
    let head = hub.seq();
    let writer = Arc::clone(&hub);
    let t = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        writer
            .add_entry(actors[0], case, NewEntry::note("new"))
            .unwrap();
    });
    let seen = hub.wait_for_change(head, Duration::from_secs(30)).unwrap();
    t.join().unwrap();
    assert!(seen > head);
}

/// The writer of the two-process tests: run by them as
/// `<this binary> --ignored --exact writer_process` with `SAFEHUB_NOTIFY_WRITER` set to
/// `<conninfo> <actor> <case> <delay ms>`, separated by tabs (a conninfo has spaces); adds one entry after the delay and prints `ok <seq>`.
#[test]
#[ignore = "the writer process of the PostgreSQL tests, started by them"]
fn writer_process() {
    let args = std::env::var("SAFEHUB_NOTIFY_WRITER").unwrap();
    let [conninfo, actor, case, delay] = args.split('\t').collect::<Vec<_>>()[..] else {
        panic!("SAFEHUB_NOTIFY_WRITER: conninfo actor case delay");
    };
    let hub = safehub_workspace::reliability::open_hub(conninfo).unwrap();
    thread::sleep(Duration::from_millis(delay.parse().unwrap()));
    let actor = safehub::PractitionerId::parse(actor).unwrap();
    let case = safehub::CaseId::parse(case).unwrap();
    hub.add_entry(actor, case, NewEntry::note("from another process"))
        .unwrap();
    println!("ok {}", hub.seq());
}

/// Starts [`writer_process`] in another process; returns it, to be waited on.
#[cfg(feature = "postgres")]
fn another_process_writes(
    conninfo: &str,
    actor: safehub::PractitionerId,
    case: safehub::CaseId,
    delay_ms: u64,
) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "writer_process", "--nocapture"])
        .env(
            "SAFEHUB_NOTIFY_WRITER",
            format!("{conninfo}\t{actor}\t{case}\t{delay_ms}"),
        )
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The seq the writer process reported after its commit.
#[cfg(feature = "postgres")]
fn written_seq(child: std::process::Child) -> u64 {
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "the writer failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("ok "))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("the writer reported no seq: {text}"))
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use safehub_workspace::postgres as pg;

    #[test]
    fn a_commit_in_another_process_ends_the_wait_through_listen() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Hub::open_postgres(&conninfo).unwrap();
        let (_, actors, case) = setup(&hub, 1);
        let head = hub.seq();
        // Listening before the writer starts, then the writer commits while this hub waits.
        assert_eq!(
            hub.wait_for_change(head, Duration::from_millis(50))
                .unwrap(),
            head
        );
        let child = another_process_writes(&conninfo, actors[0], case, 300);
        let seen = hub.wait_for_change(head, Duration::from_secs(60)).unwrap();
        let written = written_seq(child);
        assert_eq!(seen, written);
    }

    #[test]
    fn a_wait_on_postgres_without_a_commit_times_out() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Hub::open_postgres(&conninfo).unwrap();
        setup(&hub, 1);
        let head = hub.seq();
        let started = Instant::now();
        assert_eq!(
            hub.wait_for_change(head, Duration::from_millis(400))
                .unwrap(),
            head
        );
        assert!(started.elapsed() >= Duration::from_millis(400));
    }

    #[test]
    fn waiting_and_dropping_a_postgres_hub_inside_a_hosts_async_runtime_does_not_panic() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Arc::new(Hub::open_postgres(&conninfo).unwrap());
        let (_, actors, case) = setup(&hub, 1);
        let head = hub.seq();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let waiter = Arc::clone(&hub);
        let seen = runtime.block_on(async move {
            let wait = tokio::task::spawn_blocking(move || {
                waiter.wait_for_change(head, Duration::from_secs(60))
            });
            // The runtime's own thread goes on while the hub waits on a blocking one.
            tokio::task::yield_now().await;
            hub.add_entry(actors[0], case, NewEntry::note("from the runtime"))
                .unwrap();
            let seen = wait.await.unwrap().unwrap();
            drop(hub);
            seen
        });
        assert!(seen > head);
    }
}
