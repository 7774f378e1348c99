//! Crash safety: a writer process is killed with SIGKILL at random moments while it opens
//! cases, adds entries, answers tasks (two events in one append) and imports whole journals into
//! fresh files (one transaction). After each kill the hub reopens and: the chain verifies; every
//! command the writer reported committed is there; no command is half-applied; and the state a
//! long-lived hub built incrementally equals a fresh replay of the file and of its export.
//! The same run, without the imports, against a PostgreSQL database (issue 21): a client killed
//! mid-transaction must leave the server's journal as whole as SQLite's file.
//!
//! `SAFEHUB_KILLS` sets the number of kills (default 50 on SQLite, 20 on PostgreSQL);
//! `SAFEHUB_SEED` fixes the timings.

use safehub::journal::{self, Journal, SqliteJournal};
use safehub::{AgencyKind, CaseId, EntryId, Hub, PractitionerId, Role, TaskId};
use safehub_workspace::reliability::{facts_of, open_hub, open_journal};
use safehub_workspace::{agency, practitioner};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Reported {
    cases: BTreeSet<CaseId>,
    entries: BTreeSet<EntryId>,
    tasks: BTreeSet<TaskId>,
    accepted: BTreeSet<TaskId>,
    answers: Vec<(TaskId, EntryId)>,
    imports: Vec<(PathBuf, u64)>,
    lines: u64,
}

impl Reported {
    fn take(&mut self, line: &str) {
        let words: Vec<&str> = line.split_whitespace().collect();
        self.lines += 1;
        match words.as_slice() {
            ["ok", "case", id] => {
                self.cases.insert(CaseId::parse(id).unwrap());
            }
            ["ok", "entry", id] => {
                self.entries.insert(EntryId::parse(id).unwrap());
            }
            ["ok", "task", id] => {
                self.tasks.insert(TaskId::parse(id).unwrap());
            }
            ["ok", "accept", id] => {
                self.accepted.insert(TaskId::parse(id).unwrap());
            }
            ["ok", "answer", task, entry] => self
                .answers
                .push((TaskId::parse(task).unwrap(), EntryId::parse(entry).unwrap())),
            ["ok", "import", file, n] => self.imports.push((file.into(), n.parse().unwrap())),
            _ => panic!("the writer failed: {line}"),
        }
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Everything the writer reported must be in the journal, whole.
fn check(store: &str, admin: PractitionerId, reported: &Reported, observer: &Hub) {
    let hub = open_hub(store).expect("the hub reopens after a kill");
    let integrity = hub.verify().unwrap();
    assert!(integrity.is_ok(), "{integrity:?}");
    let facts = open_journal(store)
        .and_then(|j| facts_of(&*j))
        .unwrap_or_else(|p| panic!("half-applied or damaged: {p}"));
    assert!(
        reported.cases.is_subset(&facts.cases),
        "a reported case is lost"
    );
    assert!(
        reported.entries.is_subset(&facts.entries),
        "a reported entry is lost"
    );
    assert!(
        reported.tasks.is_subset(&facts.tasks),
        "a reported task is lost"
    );
    assert!(
        reported.accepted.is_subset(&facts.accepted),
        "a reported accept is lost"
    );
    for (task, entry) in &reported.answers {
        assert_eq!(
            facts.answers.get(task),
            Some(entry),
            "a reported answer is lost"
        );
    }
    // The answer entries are in the entry set too: both halves of each answer are there.
    assert!(facts.answers.values().all(|e| facts.entries.contains(e)));
    // State built incrementally across every run equals a fresh replay, and a replay of the export.
    let fresh = hub.state_digest().unwrap();
    assert_eq!(observer.state_digest().unwrap(), fresh);
    let copy = Hub::builder()
        .import(&hub.export_journal(admin).unwrap())
        .unwrap();
    assert_eq!(copy.state_digest().unwrap(), fresh);
}

/// Each import file holds either nothing or the whole journal imported, never part of it.
fn check_imports(dir: &Path, reported: &Reported) -> (u64, u64) {
    let (mut whole, mut empty) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "db") {
            continue;
        }
        let j = SqliteJournal::open(&file).expect("an import file reopens");
        match j.head().unwrap() {
            0 => empty += 1,
            300 => {
                assert!(journal::verify(&j).unwrap().is_ok());
                whole += 1;
            }
            n => panic!(
                "an import was half applied: {n} events in {}",
                file.display()
            ),
        }
    }
    for (file, n) in &reported.imports {
        let j = SqliteJournal::open(file).unwrap();
        assert_eq!(j.head().unwrap(), *n, "a reported import is lost");
    }
    (whole, empty)
}

#[test]
fn a_writer_killed_at_random_moments_loses_no_committed_command_and_tears_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let imports = dir.path().join("imports");
    std::fs::create_dir(&imports).unwrap();
    let reported = kill_at_random_moments(path.to_str().unwrap(), Some(&imports), 50);
    let (whole, empty) = check_imports(&imports, &reported);
    println!("crash safety: import files: {whole} whole, {empty} empty, 0 partial");
}

#[cfg(feature = "postgres")]
#[test]
fn a_writer_killed_at_random_moments_mid_transaction_on_postgres_loses_no_committed_command_and_tears_none(
) {
    // The shared cluster (fsync off) is enough: the server keeps running, only the client dies.
    let Some(conninfo) = safehub_workspace::postgres::database() else {
        return;
    };
    kill_at_random_moments(&conninfo, None, 20);
}

/// Kills a writer on `store` `SAFEHUB_KILLS` (else `default_kills`) times, checking after each
/// kill that everything it reported is there, whole; returns what it reported.
fn kill_at_random_moments(store: &str, imports: Option<&Path>, default_kills: u64) -> Reported {
    let kills: u64 = std::env::var("SAFEHUB_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_kills);
    let seed: u64 = std::env::var("SAFEHUB_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("crash safety: seed {seed} (SAFEHUB_SEED to repeat)");
    let mut rng = Rng(seed);
    let observer = open_hub(store).unwrap();
    let est = observer
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let pc = observer
        .register_practitioner(est.admin, practitioner(est.agency, "PC", Role::CaseWorker))
        .unwrap();
    let pc2 = observer
        .register_practitioner(
            est.admin,
            practitioner(est.agency, "PC 2", Role::CaseWorker),
        )
        .unwrap();
    let started = Instant::now();
    let mut reported = Reported::default();
    let mut before_first_commit = 0;
    for _ in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_safehub-crash-writer"))
            .args(["crash", store, &pc.to_string(), &pc2.to_string()])
            .arg(imports.map_or("-".as_ref(), Path::as_os_str))
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut lines = Vec::new();
        // One kill in five lands in the first milliseconds (opening, the first append); the
        // rest wait for the writer's first commit, so a slow start on a loaded machine does not
        // turn them all into startup kills, then strike mid-stream.
        if rng.below(5) == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(15)));
        } else {
            let first = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("the writer commits within a minute");
            lines.push(first);
            std::thread::sleep(Duration::from_millis(rng.below(100)));
        }
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        assert!(
            still_running,
            "the writer stopped before the kill: {lines:?}"
        );
        if lines.is_empty() {
            before_first_commit += 1;
        }
        for line in &lines {
            reported.take(line);
        }
        check(store, est.admin, &reported, &observer);
    }
    let confirmed = reported.cases.len()
        + reported.entries.len()
        + reported.tasks.len()
        + reported.accepted.len()
        + reported.answers.len()
        + reported.imports.len();
    println!(
        "crash safety: {kills} kills, {confirmed} commits confirmed ({} entries, {} answers, {} \
         imports), 0 lost; {} events in the journal; {before_first_commit} kills before the first \
         commit; {:.1}s",
        reported.entries.len(),
        reported.answers.len(),
        reported.imports.len(),
        observer.seq(),
        started.elapsed().as_secs_f64()
    );
    reported
}
