//! Opening a hub: the builder (clock, ids, journal, snapshot key) and the replay that builds
//! the projections from the journal, checking the hash chain of every event on the way.
//!
//! Opening restores the latest usable [snapshot](crate::snapshot) and replays only the events
//! after it; with none usable it replays from the first event. Then, if it applied more than
//! [`SNAPSHOT_AFTER`] events, it writes a snapshot at the head, so the next open is short: the
//! automatic policy. It runs on opening, never on the write path; [`Hub::checkpoint`] writes
//! one when the host chooses.

use super::replay::{apply_tail, replay};
use super::write::Inner;
use super::Hub;
use crate::clock::{Clock, IdSource, RandomIds, SystemClock};
use crate::error::Result;
use crate::journal::{self, ChainCheck, Journal, MemoryJournal};
use crate::snapshot::{self, SnapshotKey, SNAPSHOT_AFTER};
use std::sync::{Arc, Mutex};

/// Builds a [`Hub`] with a chosen clock and id source.
pub struct HubBuilder {
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    snapshot_key: SnapshotKey,
}

impl Default for HubBuilder {
    fn default() -> Self {
        HubBuilder {
            clock: Arc::new(SystemClock),
            ids: Arc::new(RandomIds),
            snapshot_key: SnapshotKey::default(),
        }
    }
}

impl HubBuilder {
    /// Uses `clock` for the time of every command and read.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Uses `ids` for every new id.
    pub fn ids(mut self, ids: impl IdSource + 'static) -> Self {
        self.ids = Arc::new(ids);
        self
    }

    /// Authenticates the snapshots this hub writes and reads with a secret key (HMAC-SHA-256),
    /// the same for every hub on the store. Without one the key is public: a snapshot damaged in
    /// storage is still ignored, but one forged by someone who can write the store is not
    /// noticed. Give one wherever other parties can write the store, and keep it outside it.
    pub fn snapshot_key(mut self, key: [u8; 32]) -> Self {
        self.snapshot_key = SnapshotKey::new(key);
        self
    }

    /// Opens a hub on any journal: restores the latest usable snapshot and replays the events
    /// after it (all of them if there is none), then writes a snapshot if that was more than
    /// 10,000 events (the automatic policy in `docs/ARCHITECTURE.md`, "Snapshots").
    pub fn journal(self, mut journal: Box<dyn Journal>) -> Result<Hub> {
        let (mut state, mut chain) =
            snapshot::restore_latest(journal.as_ref(), &self.snapshot_key)?.unwrap_or_default();
        let mut restored = chain.seq();
        apply_tail(journal.as_ref(), &mut state, &mut chain, None)?;
        // An erasure interrupted between its tombstone and its redactions is finished now. The
        // redactions drop the snapshots that held the erased content; the replay starts afresh.
        if crate::protection::erasure::complete_pending(journal.as_mut(), &state)? {
            chain = ChainCheck::new();
            state = replay(journal.as_ref(), None, &mut chain)?;
            restored = 0;
        }
        if chain.seq().saturating_sub(restored) > SNAPSHOT_AFTER {
            // A snapshot only saves time: a store that cannot take one still opens.
            let _ = snapshot::save(journal.as_mut(), &state, &chain, &self.snapshot_key);
        }
        Ok(Hub {
            inner: Arc::new(Mutex::new(Inner {
                journal,
                state,
                chain,
                past: Default::default(),
                watching: false,
                own_head: 0,
            })),
            clock: self.clock,
            ids: self.ids,
            snapshot_key: self.snapshot_key,
            changes: Default::default(),
        })
    }

    /// Opens a hub held in memory only.
    pub fn open_in_memory(self) -> Result<Hub> {
        self.journal(Box::new(MemoryJournal::new()))
    }

    /// Opens (or creates) a hub in a SQLite file. An empty path or `:memory:` (which SQLite
    /// would take as a database that vanishes on close) is [`Error::Invalid`](crate::Error::Invalid) on `path`.
    #[cfg(feature = "sqlite")]
    pub fn open(self, path: impl AsRef<std::path::Path>) -> Result<Hub> {
        let journal =
            journal::SqliteJournal::open(crate::validation::journal_path(path.as_ref())?)?;
        self.journal(Box::new(journal))
    }

    /// Opens (or creates) a hub in a PostgreSQL database that several hosts may share, each
    /// with its own hub: `conninfo` is `host=... dbname=...` or a `postgres://` URL. One
    /// database holds one hub. See `journal::PostgresJournal` for the failure modes
    /// ([`Error::Unavailable`](crate::Error::Unavailable),
    /// [`Error::JournalBehind`](crate::Error::JournalBehind)) and `docs/DEPLOYMENT.md`.
    #[cfg(feature = "postgres")]
    pub fn postgres(self, conninfo: &str) -> Result<Hub> {
        self.journal(Box::new(journal::PostgresJournal::open(conninfo)?))
    }

    /// Opens a hub from bytes made by [`Hub::export_journal`], checking the chain.
    pub fn import(self, bytes: &[u8]) -> Result<Hub> {
        let mut journal = MemoryJournal::new();
        journal::import_into(bytes, &mut journal)?;
        self.journal(Box::new(journal))
    }
}
