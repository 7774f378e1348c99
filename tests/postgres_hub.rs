//! Hubs on a shared PostgreSQL journal (issue 21), against a real server the tests start
//! (tests/support/postgres.rs): two processes writing conflicting commands lose nothing, apply
//! nothing twice and agree on the state; a row altered behind the library's back stops the open
//! as `Tampered` naming its seq; every command acknowledged before the server crashed is there
//! after it restarts. Without PostgreSQL the tests skip with a message, unless
//! `SAFEHUB_REQUIRE_POSTGRES=1` or `CI=true`. The journal's own tests (the conformance suite
//! and its failure modes) are core unit tests: `core/src/journal/postgres/tests.rs`.
//!
//! `SAFEHUB_CONTEND_MS` sets how long the two writers run (default 3000 ms).
#![cfg(feature = "postgres")]

use safehub::journal::{Journal, PostgresJournal};
use safehub::{EntryId, Error, Hub, NewEntry};
use safehub_workspace::postgres::{self as pg, Server};
use safehub_workspace::reliability::{facts_of, setup};
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

fn millis() -> u64 {
    std::env::var("SAFEHUB_CONTEND_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

#[test]
fn two_processes_on_one_database_closing_and_reopening_one_case_lose_nothing_and_agree() {
    let Some(conninfo) = pg::database() else {
        return;
    };
    let hub = Hub::open_postgres(&conninfo).unwrap();
    let (admin, actors, case) = setup(&hub, 2);
    let children: Vec<_> = actors
        .iter()
        .map(|actor| {
            Command::new(env!("CARGO_BIN_EXE_safehub-crash-writer"))
                .args([
                    "contend",
                    &conninfo,
                    &actor.to_string(),
                    &case.to_string(),
                    &millis().to_string(),
                ])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let (mut entries, mut statuses, mut ops, mut conflicts) = (BTreeSet::new(), 0u64, 0u64, 0u64);
    for child in children {
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "a writer failed: {text}");
        for line in text.lines() {
            match line.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["ok", "entry", id] => {
                    assert!(
                        entries.insert(EntryId::parse(id).unwrap()),
                        "reported twice"
                    );
                }
                ["ok", "status", _] => statuses += 1,
                ["conflict", ..] => {}
                ["done", o, c] => {
                    ops += o.parse::<u64>().unwrap();
                    conflicts += c.parse::<u64>().unwrap();
                }
                _ => panic!("a writer failed: {line}"),
            }
        }
    }
    // `facts_of` fails on a repeated event id and checks every command is whole.
    let journal = PostgresJournal::open(&conninfo).unwrap();
    let facts = facts_of(&journal).unwrap();
    assert_eq!(facts.entries, entries, "entries lost or unreported");
    assert_eq!(facts.statuses.len() as u64, statuses, "status changes lost");
    assert_eq!(ops, statuses + entries.len() as u64);
    assert!(conflicts > 0, "the writers never conflicted");
    // The hub that set up caught up, a hub opened now, and a copy of the export all agree.
    let fresh = Hub::open_postgres(&conninfo).unwrap();
    let copy = Hub::builder()
        .import(&hub.export_journal(admin).unwrap())
        .unwrap();
    assert!(fresh.verify().unwrap().is_ok());
    assert_eq!(hub.state_digest().unwrap(), fresh.state_digest().unwrap());
    assert_eq!(copy.state_digest().unwrap(), fresh.state_digest().unwrap());
    println!(
        "postgres concurrency (2 processes, {} ms): {ops} operations, {conflicts} conflicts, \
         {} entries, {statuses} status changes, 0 lost, 0 duplicated",
        millis(),
        entries.len()
    );
}

#[test]
fn a_row_altered_behind_the_librarys_back_is_refused_on_open_as_tampered_naming_its_seq() {
    let Some(server) = pg::shared() else {
        return;
    };
    let conninfo = server.create_database();
    let hub = Hub::open_postgres(&conninfo).unwrap();
    let (_, actors, case) = setup(&hub, 1);
    hub.add_entry(actors[0], case, NewEntry::note("before"))
        .unwrap();
    let seq = hub.seq() - 1;
    drop(hub);
    let db = conninfo.rsplit("dbname=").next().unwrap();
    // The triggers refuse this edit, so whoever makes it turns them off first.
    server
        .psql(
            db,
            &format!("UPDATE events SET at = at + 1 WHERE seq = {seq}"),
        )
        .unwrap_err();
    server
        .psql(
            db,
            &format!(
                "SET session_replication_role = replica; \
                 UPDATE events SET at = at + 1 WHERE seq = {seq}"
            ),
        )
        .unwrap();
    match Hub::open_postgres(&conninfo) {
        Err(Error::Tampered { seq: bad, .. }) => assert_eq!(bad, seq),
        Err(e) => panic!("expected Tampered at {seq}, got {e}"),
        Ok(_) => panic!("a tampered journal was opened"),
    }
}

#[test]
fn every_command_acknowledged_before_the_server_crashed_is_there_after_restart() {
    if pg::shared().is_none() {
        return;
    }
    // fsync on: with it off an immediate stop loses acknowledged commits, and proves nothing.
    let server = Server::start(true).unwrap();
    let conninfo = server.create_database();
    let hub = Hub::open_postgres(&conninfo).unwrap();
    let (_, actors, case) = setup(&hub, 1);
    let writer = std::thread::spawn(move || {
        let mut acknowledged = Vec::new();
        for n in 0.. {
            match hub.add_entry(actors[0], case, NewEntry::note(format!("note {n}"))) {
                Ok(entry) => acknowledged.push(entry),
                Err(e) => return (acknowledged, e),
            }
        }
        unreachable!()
    });
    std::thread::sleep(Duration::from_millis(500));
    server.stop_immediately().unwrap();
    let (acknowledged, error) = writer.join().unwrap();
    assert_eq!(error.code(), safehub::ErrorCode::Unavailable, "{error}");
    assert!(acknowledged.len() > 5, "the writer barely wrote");
    server.restart().unwrap();
    let journal = PostgresJournal::open(&conninfo).unwrap();
    let facts = facts_of(&journal).unwrap();
    let missing: Vec<_> = acknowledged
        .iter()
        .filter(|e| !facts.entries.contains(e))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    // At most the one command in flight at the crash is there unacknowledged.
    assert!(facts.entries.len() <= acknowledged.len() + 1);
    assert!(safehub::journal::verify(&journal).unwrap().is_ok());
    let reopened = Hub::open_postgres(&conninfo).unwrap();
    assert_eq!(reopened.seq(), journal.head().unwrap());
}
