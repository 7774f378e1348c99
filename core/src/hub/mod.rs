//! The `Hub`: the one facade that ties the journal, the projections and the sharing engine.
//!
//! Every change is a method taking the acting practitioner: the input is validated, turned into
//! a [`Command`](crate::commands) with its ids and time drawn, checked and decided against the
//! current state, appended to the journal in one transaction, and only then applied to the
//! in-memory projections. Every read takes a [`Viewer`] and returns a view the sharing engine
//! has already filtered; reads that return another agency's content are logged.
//!
//! Several `Hub`s may share one SQLite file, in one process or several: before deciding, a writer
//! catches up on events it has not seen, and the journal appends only if nobody appended
//! meanwhile. On a conflict the hub catches up and decides again, up to [`MAX_ATTEMPTS`] times,
//! then reports [`Error::Conflict`]. A decision made on stale state is never recorded or
//! reported (a hub that wrote the last event it saw tries its append before catching up: see
//! `write`).
//!
//! This file is the facade: the `Hub` type, its constructors and the host's reads of the
//! journal. The rest of the hub is in its own files, and its lock and state are private to them:
//! - `open`: the builder, and opening a hub (from a snapshot when it can);
//! - `replay`: applying the journal to a state, checking the chain (open, catch-up, as-of);
//! - `write`: the write path ([`Command`](crate::commands) in, decided, appended, applied);
//! - `read`: the read path (one read session: one lock, one engine, one consultation);
//! - `as_of`: the state of a past time, from a snapshot and the events after it;
//! - `wait`: waiting for a change from any writer ([`Hub::wait_for_change`]);
//! - `partnership`, `records`, `cases`, `sharing`: the API of the core records.
//!
//! Each feature (`tasks`, `risk`, `incidents`, ...) adds its API in its own `api` module, through
//! the read and write paths only.

mod as_of;
mod cases;
mod open;
mod partnership;
mod read;
mod records;
pub(crate) mod replay;
mod sharing;
mod wait;
mod write;

pub use open::HubBuilder;
pub(crate) use sharing::consultations_in;

use crate::clock::{Clock, IdSource};
use crate::error::{Error, Result};
use crate::ids::{AgencyId, PractitionerId};
use crate::journal;
use crate::partnership::Role;
use crate::validation;
use crate::views::AgencyRef;
use crate::{ChangeNotice, Integrity};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use uuid::Uuid;
use write::Inner;

/// How many times a command is decided again after another writer got in first.
pub const MAX_ATTEMPTS: usize = 8;

/// The multi-agency case management hub.
///
/// `Hub` is `Send + Sync`: share one behind an `Arc` between threads. Calls serialise on an
/// internal lock, so one hub is one writer; open several on one file for several writers.
pub struct Hub {
    /// Shared with the hub's subscriptions' threads (see `wait`).
    inner: Arc<Mutex<Inner>>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    snapshot_key: crate::snapshot::SnapshotKey,
    /// Rung after each append of this hub, and by a journal that hears of other writers'.
    changes: Arc<journal::ChangeSignal>,
}

impl Hub {
    /// A builder, to choose the clock and id source.
    pub fn builder() -> HubBuilder {
        HubBuilder::default()
    }

    /// Opens a hub held in memory, with the system clock and random ids.
    pub fn open_in_memory() -> Result<Hub> {
        HubBuilder::default().open_in_memory()
    }

    /// Opens (or creates) a hub in a SQLite file, with the system clock and random ids.
    #[cfg(feature = "sqlite")]
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Hub> {
        HubBuilder::default().open(path)
    }

    /// Opens (or creates) a hub in a PostgreSQL database, with the system clock and random ids
    /// (see [`HubBuilder::postgres`]).
    #[cfg(feature = "postgres")]
    pub fn open_postgres(conninfo: &str) -> Result<Hub> {
        HubBuilder::default().postgres(conninfo)
    }

    /// The hub's time now, by its clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub(crate) fn id(&self) -> Uuid {
        self.ids.next_id()
    }

    /// The partnership's calendar, caught up like every policy read: a zone another writer
    /// changed a moment ago applies to this call, not the next one.
    pub(crate) fn calendar(&self) -> crate::calendar::Calendar {
        self.policy(|state| state.calendar)
    }

    // ---- the partnership -------------------------------------------------------------------

    /// The partnership's time zone, as an IANA name.
    pub fn time_zone(&self) -> Result<String> {
        let mut inner = self.lock();
        inner.catch_up()?;
        Ok(inner.state.calendar.name().to_owned())
    }

    // ---- people, places, groups -------------------------------------------------------------

    fn agency_of(&self, actor: PractitionerId) -> Result<AgencyId> {
        self.lock()
            .state
            .practitioners
            .get(&actor)
            .map(|p| p.agency)
            .ok_or(Error::forbidden("act", "unknown or inactive practitioner"))
    }

    // ---- cases ------------------------------------------------------------------------------

    // ---- reads ------------------------------------------------------------------------------

    /// The partnership's agencies: a directory, not content.
    pub fn agencies(&self) -> Vec<AgencyRef> {
        let inner = self.lock();
        inner
            .state
            .agencies
            .values()
            .map(|a| AgencyRef {
                id: a.id,
                name: a.name.clone(),
                kind: a.kind,
            })
            .collect()
    }

    /// The practitioner a host system's user id maps to.
    pub fn practitioner_by_external_id(&self, external_id: &str) -> Option<PractitionerId> {
        let mut inner = self.lock();
        // A read of the directory: a failed catch-up only means a slightly older answer.
        let _ = inner.catch_up();
        inner.state.index.by_external_id.get(external_id).copied()
    }

    // ---- the journal ------------------------------------------------------------------------

    /// The change feed: what happened after `after`, at most `limit` events, as notices without
    /// content, so a host knows what to refresh.
    /// A `limit` above [`MAX_PAGE`](validation::MAX_PAGE) is cut to it, so one call cannot
    /// load the whole journal into memory.
    pub fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<ChangeNotice>> {
        let inner = self.lock();
        Ok(inner
            .journal
            .events_since(after, limit.min(validation::MAX_PAGE))?
            .into_iter()
            .map(|e| ChangeNotice {
                seq: e.seq,
                at: e.at,
                kind: e.kind,
            })
            .collect())
    }

    /// The sequence number of the last event this hub has applied.
    pub fn seq(&self) -> u64 {
        self.lock().state.seq
    }

    /// Checks the whole hash chain of the journal, and that every redacted event is named by
    /// an erasure tombstone appended after it (the chain alone cannot tell an erasure from
    /// content swapped under a forged redacted flag).
    pub fn verify(&self) -> Result<Integrity> {
        let inner = self.lock();
        let v = journal::verify(inner.journal.as_ref())?;
        let (first_bad, reason) = match v.first_bad {
            Some(b) => (Some(b.seq), Some(b.reason.to_string())),
            None => {
                match crate::protection::erasure::unauthorised_redaction(inner.journal.as_ref())? {
                    Some(seq) => (
                        Some(seq),
                        Some("event is redacted but no erasure event names it".to_string()),
                    ),
                    None => (None, None),
                }
            }
        };
        Ok(Integrity {
            events_checked: v.events_checked,
            first_bad,
            reason,
        })
    }

    /// The whole journal as bytes, for a host to persist (IndexedDB, a server) or to replicate.
    /// It carries every agency's content: it is a backup, not a view, so only partnership admins
    /// may take it.
    pub fn export_journal(&self, actor: PractitionerId) -> Result<Vec<u8>> {
        let inner = self.lock();
        let admin = inner
            .state
            .practitioners
            .get(&actor)
            .is_some_and(|p| p.active && p.role == Role::PartnershipAdmin);
        if !admin {
            return Err(Error::forbidden(
                "export_journal",
                "needs the partnership admin role",
            ));
        }
        Ok(journal::export(inner.journal.as_ref())?)
    }

    /// Writes a snapshot of the state after catching up with the journal, so that opening a
    /// hub on it (in any process) restores that state and replays only the events after it;
    /// returns the seq it stands at (0, and nothing written, for an empty journal). Like
    /// [`verify`](Self::verify) this is the host's call, not a practitioner's: it discloses
    /// nothing and changes no record. It holds the hub's lock while it encodes the state (a
    /// second or so at county scale), so call it at a quiet time. The hub keeps a few snapshots
    /// spread over the journal and drops the rest; see also the automatic policy on
    /// [`HubBuilder::journal`].
    pub fn checkpoint(&self) -> Result<u64> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let inner = &mut *inner;
        crate::snapshot::save(
            inner.journal.as_mut(),
            &inner.state,
            &inner.chain,
            &self.snapshot_key,
        )?;
        Ok(inner.state.seq)
    }

    /// A SHA-256 digest of the projected state after catching up with the journal: two hubs on
    /// the same journal, or replicas of it, agree.
    pub fn state_digest(&self) -> Result<String> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let bytes = serde_json::to_vec(&inner.state)
            .map_err(|_| Error::Storage("state could not be encoded".into()))?;
        Ok(hex::encode(Sha256::digest(bytes)))
    }
}
