//! Shared by the reliability tests and the crash-writer process they spawn: the contended write
//! loop, and a reader that lists what a journal holds while checking that every multi-event
//! command in it is whole.

use crate::{agency, practitioner};
use safehub::entries::EntryKind;
use safehub::events::Event;
use safehub::journal::{Journal, SqliteJournal};
use safehub::{
    AgencyKind, CaseId, CaseStatus, CaseType, EntryId, Error, Hub, NewCase, NewEntry,
    PractitionerId, Role, TaskId,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::time::Instant;

/// What a writer did in [`contend`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Commands that returned Ok.
    pub ops: u64,
    /// Commands refused because another writer changed the case first (a typed error).
    pub conflicts: u64,
}

/// Opens the hub a writer process is given: a PostgreSQL database for a conninfo
/// (`host=... dbname=...`) or a `postgres://` URL, else a SQLite file.
pub fn open_hub(store: &str) -> Result<Hub, Error> {
    #[cfg(feature = "postgres")]
    if is_postgres(store) {
        return Hub::open_postgres(store);
    }
    Hub::open(store)
}

/// The journal alone of the store [`open_hub`] opens, to read with [`facts_of`].
pub fn open_journal(store: &str) -> Result<Box<dyn Journal>, String> {
    #[cfg(feature = "postgres")]
    if is_postgres(store) {
        return safehub::journal::PostgresJournal::open(store)
            .map(|j| Box::new(j) as Box<dyn Journal>)
            .map_err(|e| e.to_string());
    }
    SqliteJournal::open(Path::new(store))
        .map(|j| Box::new(j) as Box<dyn Journal>)
        .map_err(|e| e.to_string())
}

#[cfg(feature = "postgres")]
fn is_postgres(store: &str) -> bool {
    store.starts_with("postgres://") || store.contains("dbname=")
}

/// Until `until`, alternately closes and reopens `case` and adds an entry to it, reporting each
/// outcome through `say` as a line: `ok status closed|reopened`, `ok entry <id>`, or
/// `conflict status|entry <error code>`. Other writers doing the same make the conflicts: a
/// close of a case already closed, an entry on a closed case, or retries run out.
pub fn contend(
    hub: &Hub,
    actor: PractitionerId,
    case: CaseId,
    until: Instant,
    say: &mut dyn FnMut(String),
) -> Result<Tally, Error> {
    let mut tally = Tally::default();
    let mut round = 0u64;
    while Instant::now() < until {
        round += 1;
        let (status, label) = if round % 2 == 1 {
            (CaseStatus::Closed, "closed")
        } else {
            (CaseStatus::Reopened, "reopened")
        };
        match hub.change_case_status(actor, case, status) {
            Ok(()) => {
                tally.ops += 1;
                say(format!("ok status {label}"));
            }
            Err(e @ (Error::InvalidTransition { .. } | Error::Conflict)) => {
                tally.conflicts += 1;
                say(format!("conflict status {}", e.code().as_str()));
            }
            Err(e) => return Err(e),
        }
        match hub.add_entry(actor, case, NewEntry::note(format!("contended {round}"))) {
            Ok(entry) => {
                tally.ops += 1;
                say(format!("ok entry {entry}"));
            }
            Err(e @ (Error::InvalidTransition { .. } | Error::Conflict)) => {
                tally.conflicts += 1;
                say(format!("conflict entry {}", e.code().as_str()));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(tally)
}

/// What a journal holds, read straight from its events.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// How many events.
    pub events: u64,
    /// Cases opened.
    pub cases: BTreeSet<CaseId>,
    /// Entries added (task answers included).
    pub entries: BTreeSet<EntryId>,
    /// Entries per case.
    pub entries_per_case: BTreeMap<CaseId, u64>,
    /// Tasks set.
    pub tasks: BTreeSet<TaskId>,
    /// Tasks accepted.
    pub accepted: BTreeSet<TaskId>,
    /// Tasks answered, with their answer entry.
    pub answers: BTreeMap<TaskId, EntryId>,
    /// Every status change, in journal order.
    pub statuses: Vec<(CaseId, CaseStatus)>,
}

/// Reads the journal at `path` and checks, beyond the hash chain: every event id is unique, the
/// three events of establishing the partnership are all there, and each task answer is whole
/// (its entry and its `task_answered` event are adjacent, at the same time). A command torn in
/// half by a crash would fail here.
pub fn facts(path: &Path) -> Result<Facts, String> {
    facts_of(&SqliteJournal::open(path).map_err(|e| e.to_string())?)
}

/// [`facts`] of any journal (the PostgreSQL tests read theirs through this).
pub fn facts_of(journal: &dyn Journal) -> Result<Facts, String> {
    let mut facts = Facts::default();
    let mut ids = HashSet::new();
    let mut kinds = Vec::new();
    let mut previous: Option<(Event, chrono::DateTime<chrono::Utc>)> = None;
    let mut problem: Option<String> = None;
    journal
        .scan(0, &mut |stored| {
            facts.events += 1;
            if !ids.insert(stored.id) {
                problem.get_or_insert(format!("event id repeated at seq {}", stored.seq));
            }
            let event: Event = match safehub::events::decode(&stored) {
                Ok(e) => e,
                Err(_) => {
                    problem.get_or_insert(format!("seq {} does not decode", stored.seq));
                    return Ok(());
                }
            };
            if kinds.len() < 3 {
                kinds.push(stored.kind.clone());
            }
            if let Some((Event::EntryAdded { entry }, _)) = &previous {
                let answered =
                    matches!(&event, Event::TaskAnswered { entry: e, .. } if *e == entry.id);
                if entry.kind == EntryKind::TaskAnswer && !answered {
                    problem.get_or_insert(format!(
                        "task answer entry at seq {} without its task_answered",
                        stored.seq - 1
                    ));
                }
            }
            match &event {
                Event::CaseOpened { case, .. } => {
                    facts.cases.insert(*case);
                }
                Event::EntryAdded { entry } => {
                    facts.entries.insert(entry.id);
                    *facts.entries_per_case.entry(entry.case).or_default() += 1;
                }
                Event::TaskSet { task } => {
                    facts.tasks.insert(task.id);
                }
                Event::TaskAccepted { task, .. } => {
                    facts.accepted.insert(*task);
                }
                Event::TaskAnswered { task, entry, .. } => {
                    let whole = matches!(&previous, Some((Event::EntryAdded { entry: e }, at))
                        if e.id == *entry && *at == stored.at);
                    if !whole {
                        problem.get_or_insert(format!(
                            "task_answered at seq {} without its entry just before",
                            stored.seq
                        ));
                    }
                    facts.answers.insert(*task, *entry);
                }
                Event::CaseStatusChanged { case, status } => facts.statuses.push((*case, *status)),
                _ => {}
            }
            previous = Some((event, stored.at));
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    if let Some((Event::EntryAdded { entry }, _)) = &previous {
        if entry.kind == EntryKind::TaskAnswer {
            problem
                .get_or_insert("the last event is a task answer without its task_answered".into());
        }
    }
    let establish = [
        "partnership_established",
        "agency_joined",
        "practitioner_registered",
    ];
    if facts.events > 0 && kinds != establish {
        problem.get_or_insert(format!(
            "the journal does not start with a whole establish: {kinds:?}"
        ));
    }
    match problem {
        Some(p) => Err(p),
        None => Ok(facts),
    }
}

/// Sets `hub` up for contention: the partnership, `writers` case workers of the lead agency and
/// a case they all work; returns the admin, the writers and the case.
pub fn setup(hub: &Hub, writers: usize) -> (PractitionerId, Vec<PractitionerId>, CaseId) {
    let est = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let actors: Vec<_> = (0..writers)
        .map(|i| {
            hub.register_practitioner(
                est.admin,
                practitioner(est.agency, &format!("PC {i}"), Role::CaseWorker),
            )
            .unwrap()
        })
        .collect();
    let case = hub
        .open_case(
            actors[0],
            NewCase {
                case_type: CaseType::Asb,
                title: "Contended".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    (est.admin, actors, case)
}
