//! Hubs on a shared PostgreSQL journal (issue 21), against a real server the tests start
//! (tests/support/postgres.rs): two processes writing conflicting commands lose nothing, apply
//! nothing twice and agree on the state; a row altered behind the library's back stops the open
//! as `Tampered` naming its seq; every command acknowledged before the server crashed
//! (`pg_ctl stop -m immediate` while two hosts' commits are in flight, several times) is there
//! after it restarts, none torn or duplicated, and the hosts' hubs catch up and agree. The same
//! with the writer process SIGKILLed instead: `tests/reliability_crash.rs`. Without PostgreSQL the tests skip with a message, unless
//! `SAFEHUB_REQUIRE_POSTGRES=1` or `CI=true`. The journal's own tests (the conformance suite
//! and its failure modes) are core unit tests: `core/src/journal/postgres/tests.rs`.
//!
//! `SAFEHUB_CONTEND_MS` sets how long the two writers run (default 3000 ms).
#![cfg(feature = "postgres")]

use safehub::journal::{Journal, PostgresJournal};
use safehub::{
    Assignee, CaseId, EntryId, Error, Hub, InformationCategory, NewEntry, NewTask, PractitionerId,
    Priority, TaskId,
};
use safehub_workspace::postgres::{self as pg, Server};
use safehub_workspace::reliability::{facts_of, setup};
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Stdio};
use std::sync::Arc;
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

/// What one writer had acknowledged when the server went away, and the error it then met.
struct Acknowledged {
    entries: Vec<EntryId>,
    answers: Vec<(TaskId, EntryId)>,
    error: Error,
}

/// Until an error other than a conflict: adds entries to `case` as `me` and, every fourth
/// round, sets a task for `other`, accepts and answers it as them (the answer is two events in
/// one append), so the server's stop can land in a one-event or a two-event commit.
fn write_until_it_fails(
    hub: &Hub,
    me: PractitionerId,
    other: PractitionerId,
    case: CaseId,
) -> Acknowledged {
    let mut done = Acknowledged {
        entries: vec![],
        answers: vec![],
        error: Error::Conflict,
    };
    let step = |done: &mut Acknowledged, n: u64| -> Result<(), Error> {
        done.entries
            .push(hub.add_entry(me, case, NewEntry::note(format!("note {n}")))?);
        if n % 4 == 3 {
            let task = hub.set_task(
                me,
                NewTask {
                    case,
                    assignee: Assignee::Practitioner(other),
                    title: "Visit".into(),
                    detail: "Please visit the address.".into(),
                    category: InformationCategory::General,
                    due: chrono::Utc::now() + chrono::Duration::days(7),
                    priority: Priority::Normal,
                },
            )?;
            hub.accept_task(other, task)?;
            let answer = hub.answer_task(other, task, NewEntry::note("Visited."))?;
            done.answers.push((task, answer));
        }
        Ok(())
    };
    for n in 0.. {
        match step(&mut done, n) {
            Ok(()) | Err(Error::Conflict) => {}
            Err(e) => {
                done.error = e;
                break;
            }
        }
    }
    done
}

#[test]
fn every_command_acknowledged_before_the_server_crashed_mid_commit_is_there_after_restart() {
    if pg::shared().is_none() {
        return;
    }
    let stops: u64 = std::env::var("SAFEHUB_PG_STOPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    // fsync on: with it off an immediate stop loses acknowledged commits, and proves nothing.
    let server = Server::start(true).unwrap();
    let conninfo = server.create_database();
    let (_, actors, case) = setup(&Hub::open_postgres(&conninfo).unwrap(), 2);
    // Two hubs, as two hosts: each lives through every crash and must catch up after it.
    let hubs = [
        Arc::new(Hub::open_postgres(&conninfo).unwrap()),
        Arc::new(Hub::open_postgres(&conninfo).unwrap()),
    ];
    let (mut entries, mut answers) = (BTreeSet::new(), BTreeMap::new());
    let mut unacknowledged_but_there = 0;
    let mut pause = 150;
    for round in 0..stops {
        let writers: Vec<_> = (0..2)
            .map(|i| {
                let hub = Arc::clone(&hubs[i]);
                let (me, other) = (actors[i], actors[1 - i]);
                std::thread::spawn(move || write_until_it_fails(&hub, me, other, case))
            })
            .collect();
        // Different moments each round, with both writers mid-stream, so a stop lands in the
        // middle of some transaction: before its COMMIT, during it, or between two.
        pause = pause * 7 % 400 + 100;
        std::thread::sleep(Duration::from_millis(pause));
        server.stop_immediately().unwrap();
        let mut acknowledged = 0;
        for writer in writers {
            let done = writer.join().unwrap();
            assert_eq!(
                done.error.code(),
                safehub::ErrorCode::Unavailable,
                "round {round}: {}",
                done.error
            );
            acknowledged += done.entries.len() + 3 * done.answers.len();
            entries.extend(done.entries);
            // An answer is an entry too.
            entries.extend(done.answers.iter().map(|(_, entry)| *entry));
            answers.extend(done.answers);
        }
        assert!(acknowledged > 5, "round {round}: the writers barely wrote");
        server.restart().unwrap();
        let journal = PostgresJournal::open(&conninfo).unwrap();
        // `facts_of` fails on a repeated event id and on a task answer torn from its entry.
        let facts = facts_of(&journal).unwrap_or_else(|p| panic!("round {round}: {p}"));
        let lost: Vec<_> = entries
            .iter()
            .filter(|e| !facts.entries.contains(e))
            .collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged but lost: {lost:?}"
        );
        for (task, entry) in &answers {
            assert_eq!(facts.answers.get(task), Some(entry), "round {round}");
        }
        // Beyond what was acknowledged, at most the one command each writer had in flight.
        let extra = facts.entries.len() - entries.len();
        assert!(extra <= 2, "round {round}: {extra} unacknowledged entries");
        unacknowledged_but_there += extra;
        // What the crash left unacknowledged is now acknowledged by being there: later rounds
        // hold it to the same standard.
        entries.clone_from(&facts.entries);
        answers.clone_from(&facts.answers);
        assert!(safehub::journal::verify(&journal).unwrap().is_ok());
        // The hosts' hubs catch up (the digest does) and agree with a hub opened now.
        let reopened = Hub::open_postgres(&conninfo).unwrap();
        for hub in &hubs {
            assert_eq!(
                hub.state_digest().unwrap(),
                reopened.state_digest().unwrap()
            );
            assert_eq!(hub.seq(), journal.head().unwrap(), "round {round}");
        }
    }
    println!(
        "postgres crash: {stops} immediate stops during commits, {} entries ({} of them answers) \
         acknowledged, 0 lost, 0 torn, 0 duplicated; {unacknowledged_but_there} committed while \
         their writer saw the server go",
        entries.len(),
        answers.len()
    );
}
