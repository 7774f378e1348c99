//! A writer process for the crash-safety and two-process tests (tests/reliability_crash.rs,
//! tests/reliability_concurrency.rs, tests/postgres_hub.rs). It writes to a SQLite or PostgreSQL
//! hub and, after each command returns
//! Ok, prints one line saying what it committed and flushes, so the test knows what must survive
//! a SIGKILL at any moment.
//!
//! ```text
//! safehub-crash-writer crash   <hub.db or PostgreSQL conninfo> <pc> <pc2> <imports-dir or ->
//! safehub-crash-writer contend <hub.db or PostgreSQL conninfo> <actor> <case> <millis>
//! ```
//!
//! `crash` loops until killed: open a case, add 20 entries, set a task (pc to pc2), accept it,
//! answer it (two events in one append), and every third round import a 300-event journal into
//! a fresh SQLite file (one transaction; not when the imports directory is `-`). Lines: `ok case <id>`, `ok entry <id>`,
//! `ok task <id>`, `ok accept <id>`, `ok answer <task> <entry>`, `ok import <file> <events>`.
//!
//! `contend` runs `safehub_workspace::reliability::contend` for `millis`: adding entries to
//! `case` and alternately closing and reopening it while another writer does the same. Lines:
//! `ok entry <id>`, `ok status <closed|reopened>`, `conflict <what> <code>` when the other
//! writer got there first (a typed error), and finally `done <ops> <conflicts>`.
//!
//! Any other failure prints `err <code> <message>` and exits with status 2.

use safehub::journal::{self, SqliteJournal};
use safehub::{
    Assignee, CaseId, CaseType, Error, Hub, InformationCategory, NewCase, NewEntry, NewTask,
    PractitionerId, Priority,
};
use safehub_workspace::reliability;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

type Outcome<T> = std::result::Result<T, String>;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["crash", store, pc, pc2, "-"] => crash(store, pc, pc2, None),
        ["crash", store, pc, pc2, imports] => crash(store, pc, pc2, Some(Path::new(imports))),
        ["contend", path, actor, case, millis] => contend(Path::new(path), actor, case, millis),
        _ => Err("usage: see the module documentation".into()),
    };
    if let Err(message) = result {
        println!("{message}");
        std::process::exit(2);
    }
}

fn say(line: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    // A closed pipe means the test has stopped listening: nothing useful left to do.
    if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
        std::process::exit(0);
    }
}

fn err(e: Error) -> String {
    format!("err {} {e}", e.code().as_str())
}

fn practitioner(text: &str) -> Outcome<PractitionerId> {
    PractitionerId::parse(text).map_err(err)
}

fn crash(store: &str, pc: &str, pc2: &str, imports: Option<&Path>) -> Outcome<()> {
    let (pc, pc2) = (practitioner(pc)?, practitioner(pc2)?);
    let hub = reliability::open_hub(store).map_err(err)?;
    // Built on first use, so the writer is committing within milliseconds of starting.
    let mut source: Option<(Vec<u8>, u64)> = None;
    let pid = std::process::id();
    for round in 0u64.. {
        let case = hub
            .open_case(
                pc,
                NewCase {
                    case_type: CaseType::Asb,
                    title: format!("Round {round}"),
                    lead_practitioner: None,
                    team: vec![],
                },
            )
            .map_err(err)?;
        say(format_args!("ok case {case}"));
        for i in 0..20 {
            let entry = hub
                .add_entry(
                    pc,
                    case,
                    NewEntry::note(format!("note {i} of round {round}")),
                )
                .map_err(err)?;
            say(format_args!("ok entry {entry}"));
        }
        let task = hub
            .set_task(
                pc,
                NewTask {
                    case,
                    assignee: Assignee::Practitioner(pc2),
                    title: "Visit".into(),
                    detail: "Please visit the address.".into(),
                    category: InformationCategory::General,
                    due: chrono::Utc::now() + chrono::Duration::days(7),
                    priority: Priority::Normal,
                },
            )
            .map_err(err)?;
        say(format_args!("ok task {task}"));
        hub.accept_task(pc2, task).map_err(err)?;
        say(format_args!("ok accept {task}"));
        let answer = hub
            .answer_task(pc2, task, NewEntry::note("Visited; all quiet."))
            .map_err(err)?;
        say(format_args!("ok answer {task} {answer}"));
        if let Some(imports) = imports.filter(|_| round % 3 == 1) {
            let (bytes, events) = match source.take() {
                Some(s) => s,
                None => import_source()?,
            };
            let file = imports.join(format!("{pid}-{round}.db"));
            import(&file, &bytes)?;
            say(format_args!("ok import {} {events}", file.display()));
            source = Some((bytes, events));
        }
    }
    Ok(())
}

/// An exported journal of 300 events, built in memory once, that each import writes whole.
fn import_source() -> Outcome<(Vec<u8>, u64)> {
    let hub = Hub::open_in_memory().map_err(err)?;
    let est = hub
        .establish(
            "Imported",
            safehub::NewAgency {
                name: "Police".into(),
                kind: safehub::AgencyKind::Police,
            },
            "Admin",
        )
        .map_err(err)?;
    for i in 0..297 {
        hub.add_agency(
            est.admin,
            safehub::NewAgency {
                name: format!("Agency {i}"),
                kind: safehub::AgencyKind::Council,
            },
        )
        .map_err(err)?;
    }
    Ok((hub.export_journal(est.admin).map_err(err)?, hub.seq()))
}

fn import(file: &PathBuf, bytes: &[u8]) -> Outcome<()> {
    let mut target = SqliteJournal::open(file).map_err(|e| format!("err storage {e}"))?;
    journal::import_into(bytes, &mut target).map_err(|e| format!("err storage {e}"))?;
    Ok(())
}

fn contend(path: &Path, actor: &str, case: &str, millis: &str) -> Outcome<()> {
    let actor = practitioner(actor)?;
    let case = CaseId::parse(case).map_err(err)?;
    let millis: u64 = millis.parse().map_err(|_| "err invalid_input millis")?;
    let hub = reliability::open_hub(&path.to_string_lossy()).map_err(err)?;
    let until = Instant::now() + Duration::from_millis(millis);
    let tally = reliability::contend(&hub, actor, case, until, &mut |line| {
        say(format_args!("{line}"))
    })
    .map_err(err)?;
    say(format_args!("done {} {}", tally.ops, tally.conflicts));
    Ok(())
}
