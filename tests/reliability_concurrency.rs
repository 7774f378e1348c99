//! Concurrency: several writers on one hub file issue conflicting commands (closing and
//! reopening the same case, adding entries to it) for a bounded time, as threads in this process
//! and as two processes. Afterwards: no update is lost (every reported commit is in the journal
//! and nothing unreported is), no event is duplicated, the chain verifies, the status changes
//! alternate as the state machine allows, and conflicts surfaced only as typed errors.
//!
//! `SAFEHUB_CONTEND_MS` sets how long the writers run (default 3000 ms).

use safehub::{CaseId, CaseStatus, EntryId, Hub, PractitionerId};
use safehub_workspace::reliability::{contend, facts, setup, Tally};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn millis() -> u64 {
    std::env::var("SAFEHUB_CONTEND_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

#[derive(Default)]
struct Seen {
    tally: Tally,
    entries: BTreeSet<EntryId>,
    statuses: u64,
    retries_exhausted: u64,
}

impl Seen {
    fn take(&mut self, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["ok", "entry", id] => {
                assert!(
                    self.entries.insert(EntryId::parse(id).unwrap()),
                    "id reported twice"
                );
            }
            ["ok", "status", _] => self.statuses += 1,
            ["conflict", _, code] => {
                if *code == "conflict" {
                    self.retries_exhausted += 1;
                }
            }
            ["done", ops, conflicts] => {
                self.tally.ops += ops.parse::<u64>().unwrap();
                self.tally.conflicts += conflicts.parse::<u64>().unwrap();
            }
            _ => panic!("a writer failed: {line}"),
        }
    }
}

/// The journal agrees exactly with what the writers reported.
fn check(path: &Path, admin: PractitionerId, case: CaseId, seen: &Seen) {
    let hub = Hub::open(path).unwrap();
    assert!(hub.verify().unwrap().is_ok());
    // `facts` fails on a repeated event id; the import below fails on a repeated or missing seq.
    let facts = facts(path).unwrap();
    let copy = Hub::builder()
        .import(&hub.export_journal(admin).unwrap())
        .unwrap();
    assert_eq!(copy.state_digest().unwrap(), hub.state_digest().unwrap());
    assert_eq!(facts.entries, seen.entries, "entries lost or unreported");
    assert_eq!(
        facts.entries_per_case.get(&case).copied().unwrap_or(0),
        seen.entries.len() as u64
    );
    let statuses: Vec<CaseStatus> = facts.statuses.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        statuses.len() as u64,
        seen.statuses,
        "status changes lost or unreported"
    );
    let mut current = CaseStatus::Open;
    for next in statuses {
        assert!(current.can_become(next), "{current:?} -> {next:?} recorded");
        current = next;
    }
    assert_eq!(seen.tally.ops, seen.statuses + seen.entries.len() as u64);
}

#[test]
fn threads_on_one_file_closing_and_reopening_one_case_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let (admin, actors, case) = setup(&Hub::open(&path).unwrap(), 4);
    // Two threads share one hub (serialised on its lock); two more open their own.
    let shared = Arc::new(Hub::open(&path).unwrap());
    let until = Instant::now() + Duration::from_millis(millis());
    let writers: Vec<_> = actors
        .iter()
        .enumerate()
        .map(|(i, &actor)| {
            let hub = if i < 2 {
                shared.clone()
            } else {
                Arc::new(Hub::open(&path).unwrap())
            };
            std::thread::spawn(move || {
                let mut lines = Vec::new();
                let tally = contend(&hub, actor, case, until, &mut |l| lines.push(l)).unwrap();
                lines.push(format!("done {} {}", tally.ops, tally.conflicts));
                lines
            })
        })
        .collect();
    let mut seen = Seen::default();
    for w in writers {
        for line in w.join().unwrap() {
            seen.take(&line);
        }
    }
    check(&path, admin, case, &seen);
    println!(
        "concurrency (4 threads, 3 hubs, {} ms): {} operations, {} conflicts as typed errors \
         ({} of them retries run out), {} entries, {} status changes, 0 lost, 0 duplicated",
        millis(),
        seen.tally.ops,
        seen.tally.conflicts,
        seen.retries_exhausted,
        seen.entries.len(),
        seen.statuses
    );
    assert!(seen.tally.conflicts > 0, "the writers never conflicted");
}

#[test]
fn two_processes_on_one_file_closing_and_reopening_one_case_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let (admin, actors, case) = setup(&Hub::open(&path).unwrap(), 2);
    let children: Vec<_> = actors
        .iter()
        .map(|actor| {
            Command::new(env!("CARGO_BIN_EXE_safehub-crash-writer"))
                .args([
                    "contend",
                    path.to_str().unwrap(),
                    &actor.to_string(),
                    &case.to_string(),
                    &millis().to_string(),
                ])
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut seen = Seen::default();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "a writer failed: {text}");
        for line in text.lines() {
            seen.take(line);
        }
    }
    check(&path, admin, case, &seen);
    println!(
        "concurrency (2 processes, {} ms): {} operations, {} conflicts as typed errors ({} of \
         them retries run out), {} entries, {} status changes, 0 lost, 0 duplicated",
        millis(),
        seen.tally.ops,
        seen.tally.conflicts,
        seen.retries_exhausted,
        seen.entries.len(),
        seen.statuses
    );
    assert!(seen.tally.conflicts > 0, "the writers never conflicted");
}
