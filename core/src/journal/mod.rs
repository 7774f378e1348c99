//! The journal: the hub's system of record.
//!
//! Every change to a hub is an event appended here, never updated or deleted (apart from erasure,
//! below). The journal treats event content as opaque bytes: what the bytes mean belongs to the
//! domain. This file owns the types, the [`Journal`] trait, the hash chain and [`verify`].
//! The other files own:
//! - `memory.rs`: [`MemoryJournal`], a `Vec` (tests, and the WASM build, whose host persists the
//!   bytes of [`export`]).
//! - `sqlite.rs` (feature `sqlite`): `SqliteJournal`, one SQLite file that several processes may
//!   share.
//! - `schema.rs` (feature `sqlite`): the SQLite schema and its versioned migrations.
//! - `postgres.rs` (feature `postgres`): `PostgresJournal`, one PostgreSQL database that several
//!   hosts share; `postgres_schema.rs` its schema, migrations and append-only triggers.
//! - `signal.rs`: [`ChangeSignal`], what a hub waiting for changes blocks on.
//! - `codec.rs`: [`export`] and [`import_into`], the journal as one self-describing byte string.
//! - `tests.rs`: one conformance suite run against every implementation, plus SQLite-only tests.
//!
//! # The hash chain
//!
//! Each stored event carries three SHA-256 hashes:
//!
//! - `content_hash = SHA-256(content)`
//! - header bytes = `seq` (u64 big-endian) ‖ `id` (16 bytes) ‖ `at` as i64 microseconds since the
//!   Unix epoch (big-endian) ‖ `actor` (16 bytes) ‖ length of `kind` in bytes (u32 big-endian) ‖
//!   `kind` (UTF-8) ‖ `content_hash` (32 bytes)
//! - `hash = SHA-256(prev_hash ‖ header bytes)`, where `prev_hash` is the previous event's `hash`,
//!   or 32 zero bytes ([`GENESIS_HASH`]) for the event with seq 1.
//!
//! The event hash covers the content only through `content_hash`. That is what makes erasure under
//! data protection law (UK GDPR Art. 17, DPA 2018 s47) compatible with tamper evidence:
//! [`Journal::redact`] replaces the content and marks the event redacted, every hash stays as it
//! was, and the chain still verifies. Timestamps are truncated to whole microseconds on append,
//! because that is what the header encodes and what SQLite stores; an event re-read from storage
//! therefore hashes identically.
//!
//! # What verification does and does not prove
//!
//! [`verify`] detects any change to a stored event's seq, id, time, actor, kind, hashes, and to the
//! content of an event not marked redacted. It cannot detect:
//! - content changed together with setting the `redacted` flag (the flag cannot be hashed, since
//!   it changes after append). The plan is that an erasure event in the chain will name the seqs
//!   that may be redacted, and verification will then reject a redacted flag no erasure event
//!   authorises;
//! - removal of events from the end of the journal. Anchoring the head hash elsewhere (a host
//!   system, a printed report) covers that.

mod codec;
mod memory;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_schema;
#[cfg(feature = "sqlite")]
mod schema;
mod signal;
#[cfg(feature = "sqlite")]
mod sqlite;
/// The throwaway PostgreSQL server of the tests, shared with the workspace's integration tests.
#[cfg(all(test, feature = "postgres"))]
#[path = "../../../tests/support/postgres.rs"]
#[allow(dead_code)] // the crash-test half is used by the workspace tests only
pub(crate) mod test_server;

// The PostgreSQL client needs sockets and threads, which a wasm32 module does not have; the WASM
// build keeps its journal in memory and lets its host persist the bytes.
#[cfg(all(feature = "postgres", target_arch = "wasm32"))]
compile_error!("the `postgres` feature cannot be built for wasm32: the PostgreSQL client needs sockets and threads (use the in-memory journal and let the host persist its export)");
/// One event of the change feed: enough for a host to know what to refresh, no content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ChangeNotice {
    /// Sequence number.
    pub seq: u64,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The event's type, e.g. `entry_added`.
    pub kind: String,
}

/// The outcome of [`Hub::verify`](crate::Hub::verify).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Integrity {
    /// Events checked.
    pub events_checked: u64,
    /// The first sequence number that failed, if any.
    pub first_bad: Option<u64>,
    /// What failed there.
    pub reason: Option<String>,
}

impl Integrity {
    /// Whether the whole chain verified.
    pub fn is_ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

#[cfg(test)]
mod tests;

pub use codec::{export, import_into, EXPORT_FORMAT_VERSION, EXPORT_MAGIC};
pub use memory::MemoryJournal;
#[cfg(feature = "postgres")]
pub use postgres::{PostgresJournal, PostgresOptions};
#[cfg(feature = "postgres")]
pub use postgres_schema::PG_SCHEMA_VERSION;
#[cfg(feature = "sqlite")]
pub use schema::SCHEMA_VERSION;
pub use signal::ChangeSignal;
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteJournal, SqliteOptions, Synchronous};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use uuid::Uuid;

/// The `prev_hash` of the first event: 32 zero bytes.
pub const GENESIS_HASH: [u8; 32] = [0; 32];

/// What the caller hands in to append.
#[derive(Clone, PartialEq, Eq)]
pub struct NewEvent {
    /// The event's unique id, chosen by the caller (so a retried command can be recognised).
    pub id: Uuid,
    /// When the event happened; truncated to whole microseconds on append.
    pub at: DateTime<Utc>,
    /// The practitioner who caused it; [`Uuid::nil`] means the system itself.
    pub actor: Uuid,
    /// The event type, e.g. `"case.opened"`. Hashed, so never personal data.
    pub kind: String,
    /// The domain's encoding of the event. Opaque here; may be personal data.
    pub content: Vec<u8>,
}

/// What the journal stores and returns.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvent {
    /// Position in the journal: 1-based and dense.
    pub seq: u64,
    /// The event's unique id.
    pub id: Uuid,
    /// When the event happened, in whole microseconds.
    pub at: DateTime<Utc>,
    /// The practitioner who caused it; nil means the system.
    pub actor: Uuid,
    /// The event type.
    pub kind: String,
    /// The content, or its replacement if [`redacted`](Self::redacted).
    pub content: Vec<u8>,
    /// SHA-256 of the original content.
    pub content_hash: [u8; 32],
    /// The previous event's `hash`, or [`GENESIS_HASH`] for seq 1.
    pub prev_hash: [u8; 32],
    /// SHA-256 of `prev_hash` and the header bytes (see the module documentation).
    pub hash: [u8; 32],
    /// True once [`Journal::redact`] has replaced the content.
    pub redacted: bool,
}

// Debug output ends up in logs and panic messages; content is personal data, so only its length
// is shown.
impl fmt::Debug for NewEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewEvent")
            .field("id", &self.id)
            .field("at", &self.at)
            .field("actor", &self.actor)
            .field("kind", &self.kind)
            .field("content_len", &self.content.len())
            .finish()
    }
}

impl fmt::Debug for StoredEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredEvent")
            .field("seq", &self.seq)
            .field("id", &self.id)
            .field("at", &self.at)
            .field("actor", &self.actor)
            .field("kind", &self.kind)
            .field("content_len", &self.content.len())
            .field("content_hash", &hex::encode(self.content_hash))
            .field("prev_hash", &hex::encode(self.prev_hash))
            .field("hash", &hex::encode(self.hash))
            .field("redacted", &self.redacted)
            .finish()
    }
}

/// Errors from the journal. No message ever includes event content, which is personal data.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum JournalError {
    /// Optimistic concurrency: someone appended since the caller last read the head. Catch up
    /// (scan from the old head), decide again, and retry with `expected_next = actual_next`.
    #[error(
        "journal conflict: expected the next seq to be {expected_next}, but it is {actual_next}"
    )]
    Conflict {
        /// The seq the caller expected its first event to get.
        expected_next: u64,
        /// The seq the first event would actually get.
        actual_next: u64,
    },
    /// An event fails the chain checks. [`verify`] reports tampering rather than failing with
    /// this; it is returned by imports and by reads of rows too malformed to decode.
    #[error("journal event {seq} fails verification: {reason}")]
    Tampered {
        /// The seq of the offending event.
        seq: u64,
        /// Which check failed.
        reason: &'static str,
    },
    /// The storage engine failed (I/O, locking, a constraint). The message is SQLite's, which
    /// names tables and columns but never values.
    #[error("journal storage error: {0}")]
    Storage(String),
    /// The database is not a valid journal: not SQLite at all, truncated, or another
    /// application's database.
    #[error("journal database is corrupt or not a journal: {reason}")]
    Corrupt {
        /// What is wrong with it.
        reason: String,
    },
    /// The database was written by a newer version of this library; opening it could corrupt it.
    #[error("journal schema version {found} is newer than the newest this build knows ({max_supported})")]
    UnsupportedSchema {
        /// The version in the file.
        found: i64,
        /// The newest version this build can open.
        max_supported: i64,
    },
    /// Bytes handed to [`import_into`] are not a valid export.
    #[error("journal export cannot be decoded: {reason}")]
    Decode {
        /// What is wrong with the bytes (never their content).
        reason: String,
    },
    /// There is no event with this seq.
    #[error("journal has no event {seq}")]
    NotFound {
        /// The seq asked for.
        seq: u64,
    },
    /// An event with this id is already in the journal (or twice in one batch).
    #[error("journal already holds an event with id {id}")]
    DuplicateId {
        /// The repeated id. Ids are random and carry no personal data.
        id: Uuid,
    },
    /// The request cannot be carried out as asked.
    #[error("invalid journal request: {reason}")]
    Invalid {
        /// Why.
        reason: &'static str,
    },
    /// The journal's server cannot be reached, or the connection dropped. Retryable: nothing was
    /// written, and the next call reconnects. The message is the client's (host and reason),
    /// never event content.
    #[error("journal unavailable: {reason}")]
    Unavailable {
        /// Why, as the client reports it.
        reason: String,
    },
    /// The connection dropped while an append was committing, and the journal could not
    /// reconnect to learn whether it was recorded. Catch up (read) before deciding to repeat the
    /// command: if it was recorded, it is there.
    #[error("journal unavailable: the outcome of the append of event {id} is unknown")]
    OutcomeUnknown {
        /// The first event of the batch. Ids are random and carry no personal data.
        id: Uuid,
    },
    /// The stored journal ends before events this journal has already seen stored: a failover
    /// to a standby that had not received them, or a restore from an older backup. Nothing
    /// more is written until an operator restores the lost events or reopens the hub.
    #[error("journal is behind: it ends at {head}, but event {seen} was already stored (the database lost its tail)")]
    Behind {
        /// The highest seq seen stored.
        seen: u64,
        /// The head the database has now.
        head: u64,
    },
    /// A [`Journal::scan`] callback asked to stop. [`scan_with`] turns this back into the
    /// caller's own error, so it is only seen by callers that return it themselves.
    #[error("journal scan stopped by its callback")]
    Stopped,
}

/// A stored snapshot's bytes, read front to back, with how many there are.
pub struct SnapshotReader<'a> {
    /// How many bytes the snapshot holds.
    pub len: u64,
    /// Its bytes.
    pub bytes: Box<dyn std::io::Read + 'a>,
}

impl From<Vec<u8>> for SnapshotReader<'_> {
    fn from(bytes: Vec<u8>) -> Self {
        SnapshotReader {
            len: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            bytes: Box::new(std::io::Cursor::new(bytes)),
        }
    }
}

impl std::fmt::Debug for SnapshotReader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotReader")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// Storage for the hub's events. Implemented by [`MemoryJournal`] and `SqliteJournal`; both
/// pass one conformance suite.
pub trait Journal: Send {
    /// Appends all events or none. `expected_next` is the seq the first new event must get: if the
    /// head is not `expected_next - 1`, returns [`JournalError::Conflict`] and writes nothing. This
    /// is the optimistic concurrency between two hubs on one SQLite file, possibly in two
    /// processes. An empty `events` is a no-op and does not check `expected_next`.
    /// Fails with [`JournalError::DuplicateId`] if an id is already present.
    fn append(
        &mut self,
        expected_next: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError>;

    /// Appends events that already carry their seqs and hashes (import, replication). The first
    /// must have seq `head + 1` (else [`JournalError::Conflict`]) and every event must pass the
    /// same checks as [`verify`] against its predecessor (else [`JournalError::Tampered`]), so
    /// this cannot be used to write a broken chain. All or nothing.
    fn append_verbatim(&mut self, events: Vec<StoredEvent>) -> Result<(), JournalError>;

    /// Seq of the last event (0 when empty). For SQLite this reads the file, so it sees other
    /// writers' appends.
    fn head(&self) -> Result<u64, JournalError>;

    /// Calls `f` for every event with seq > `after`, in seq order, streaming rather than
    /// collecting. Stops at the first `Err` from `f` and returns it. Use [`scan_with`] for a
    /// callback with its own error type.
    fn scan(
        &self,
        after: u64,
        f: &mut dyn FnMut(StoredEvent) -> Result<(), JournalError>,
    ) -> Result<(), JournalError>;

    /// Up to `limit` events with seq > `after`, in order: a page of the host change feed.
    fn events_since(&self, after: u64, limit: usize) -> Result<Vec<StoredEvent>, JournalError>;

    /// The seq of the event with this id, if there is one (the notification feed's cursor is an
    /// event id). The default scans; the stores override it with their unique index on `id`.
    fn seq_of(&self, id: Uuid) -> Result<Option<u64>, JournalError> {
        let mut found = None;
        let stopped = self.scan(0, &mut |e| {
            if e.id == id {
                found = Some(e.seq);
                return Err(JournalError::Stopped);
            }
            Ok(())
        });
        match (found, stopped) {
            (Some(seq), _) => Ok(Some(seq)),
            (None, Ok(())) => Ok(None),
            (None, Err(e)) => Err(e),
        }
    }

    /// Erasure: replaces the content of event `seq` with `replacement` and marks it redacted,
    /// keeping every hash, so the chain still verifies. Also deletes every snapshot at or after
    /// `seq`, because projected state from then on may embed the erased content; the hub
    /// rebuilds one by replaying. [`JournalError::NotFound`] if there is no such event.
    fn redact(&mut self, seq: u64, replacement: Vec<u8>) -> Result<(), JournalError>;

    /// Stores opaque bytes of projected state as of `seq`, so that opening a big hub need not
    /// replay everything. Replaces any snapshot at the same seq. `seq` must not be beyond the
    /// head.
    fn save_snapshot(&mut self, seq: u64, bytes: Vec<u8>) -> Result<(), JournalError>;

    /// The snapshot with the highest seq, if any.
    fn latest_snapshot(&self) -> Result<Option<(u64, Vec<u8>)>, JournalError>;

    /// The snapshot with the highest seq as a reader of its bytes, if any: a restore decodes
    /// each part while it reads the next, instead of holding every byte first. The default
    /// reads [`Journal::latest_snapshot`] whole.
    fn latest_snapshot_reader(&self) -> Result<Option<(u64, SnapshotReader<'_>)>, JournalError> {
        Ok(self
            .latest_snapshot()?
            .map(|(seq, bytes)| (seq, SnapshotReader::from(bytes))))
    }

    /// The seqs of the stored snapshots, lowest first: the starting points an as-of read may
    /// choose from. The default offers only the latest.
    fn snapshot_seqs(&self) -> Result<Vec<u64>, JournalError> {
        Ok(self
            .latest_snapshot()?
            .map(|(seq, _)| seq)
            .into_iter()
            .collect())
    }

    /// The snapshot stored at `seq`, if any. The default finds only the latest.
    fn snapshot(&self, seq: u64) -> Result<Option<Vec<u8>>, JournalError> {
        Ok(self
            .latest_snapshot()?
            .filter(|(s, _)| *s == seq)
            .map(|(_, bytes)| bytes))
    }

    /// Deletes the snapshot at `seq`, if any: the hub keeps a few, spread over the journal.
    /// The default keeps everything.
    fn drop_snapshot(&mut self, seq: u64) -> Result<(), JournalError> {
        let _ = seq;
        Ok(())
    }

    /// Asks the journal to [`ring`](ChangeSignal::ring) `signal` whenever another writer may
    /// have committed, so that [`Hub::wait_for_change`](crate::Hub::wait_for_change) need not
    /// poll; returns whether it will. The default (memory, SQLite) returns `false`: the hub
    /// then polls [`head`](Self::head) with short sleeps (backing off to 50 ms). A journal that
    /// rings marks the signal [`live`](ChangeSignal::set_live) only while it can, and rings on
    /// every (re)connection, so a commit it could not hear about is found by the head read.
    ///
    /// The wait itself is the hub's, not the journal's: the journal sits behind the hub's lock,
    /// and a journal blocking in a wait would block the hub's writers with it.
    fn watch(&mut self, signal: std::sync::Arc<ChangeSignal>) -> Result<bool, JournalError> {
        let _ = signal;
        Ok(false)
    }
}

/// [`Journal::scan`] with a callback that returns the caller's own error type. Journal errors
/// reach the caller through `E: From<JournalError>`.
pub fn scan_with<J, E, F>(journal: &J, after: u64, mut f: F) -> Result<(), E>
where
    J: Journal + ?Sized,
    E: From<JournalError>,
    F: FnMut(StoredEvent) -> Result<(), E>,
{
    let mut stopped: Option<E> = None;
    let result = journal.scan(after, &mut |event| {
        f(event).map_err(|e| {
            stopped = Some(e);
            JournalError::Stopped
        })
    });
    match (result, stopped) {
        (_, Some(e)) => Err(e),
        (Ok(()), None) => Ok(()),
        (Err(e), None) => Err(e.into()),
    }
}

/// One event that fails verification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadEvent {
    /// The seq at which the chain first goes wrong (for a gap: the missing seq).
    pub seq: u64,
    /// Which check failed.
    pub reason: &'static str,
}

/// The result of [`verify`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// How many events were examined, including the bad one if any.
    pub events_checked: u64,
    /// The first event that fails, or `None` if the whole chain verifies. Verification stops
    /// there: everything after a break is unanchored.
    pub first_bad: Option<BadEvent>,
}

impl Verification {
    /// True if every event verified.
    pub fn is_ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

/// Checks the whole chain in order. Never fails because of tampering: reports the first bad event
/// in [`Verification::first_bad`]. Fails only if the journal cannot be read.
///
/// An event is bad if its seq is not the next one, its `prev_hash` is not the previous event's
/// `hash`, its `hash` is not the recomputed one, its time is not whole microseconds, its row is
/// too malformed to read, or its content does not hash to `content_hash` while it is not marked
/// redacted.
pub fn verify(journal: &dyn Journal) -> Result<Verification, JournalError> {
    let mut checked: u64 = 0;
    let mut prev_hash = GENESIS_HASH;
    let mut bad: Option<BadEvent> = None;
    let result = journal.scan(0, &mut |event| {
        let expected = checked.saturating_add(1);
        checked = expected;
        match check_link(expected, &prev_hash, &event, ContentDigest::Check) {
            Ok(()) => {
                prev_hash = event.hash;
                Ok(())
            }
            Err(reason) => {
                bad = Some(BadEvent {
                    seq: expected,
                    reason,
                });
                Err(JournalError::Stopped)
            }
        }
    });
    match result {
        Ok(()) | Err(JournalError::Stopped) => {}
        // A row too malformed to decode is tampering at the position the walk had reached.
        Err(JournalError::Tampered { reason, .. }) => {
            checked = checked.saturating_add(1);
            bad = Some(BadEvent {
                seq: checked,
                reason,
            });
        }
        Err(e) => return Err(e),
    }
    Ok(Verification {
        events_checked: checked,
        first_bad: bad,
    })
}

/// Checks events one at a time as a reader streams them, with the same checks as [`verify`],
/// so that whoever applies events never applies one the chain does not vouch for. The hub runs
/// every event it replays or catches up on through one of these: a byte flipped in storage
/// stops the open with [`JournalError::Tampered`] naming the seq, rather than decoding into
/// silently different data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainCheck {
    next_seq: u64,
    prev_hash: [u8; 32],
    /// The latest `at` of the events accepted: an as-of read may start from a state that
    /// holds no event later than its time.
    latest_at: Option<DateTime<Utc>>,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck {
            next_seq: 1,
            prev_hash: GENESIS_HASH,
            latest_at: None,
        }
    }
}

impl ChainCheck {
    /// A check expecting the journal's first event.
    pub fn new() -> Self {
        Self::default()
    }

    /// The seq of the last event accepted (0 before any).
    pub fn seq(&self) -> u64 {
        self.next_seq.saturating_sub(1)
    }

    /// The hash of the last event accepted ([`GENESIS_HASH`] before any).
    pub fn hash(&self) -> [u8; 32] {
        self.prev_hash
    }

    /// The latest time of the events accepted (`None` before any). Events are in time order
    /// per writer only, so this is a maximum, not the last event's time.
    pub fn latest_at(&self) -> Option<DateTime<Utc>> {
        self.latest_at
    }

    /// A check that resumes after event `seq`, whose hash is `hash`, the latest time of the
    /// events up to it being `latest_at`: what a snapshot vouches for. The next event accepted
    /// must link to `hash`.
    pub(crate) fn resume(seq: u64, hash: [u8; 32], latest_at: Option<DateTime<Utc>>) -> Self {
        ChainCheck {
            next_seq: seq.saturating_add(1),
            prev_hash: hash,
            latest_at,
        }
    }

    /// Accepts `event` if it is the valid successor of the last one accepted.
    pub fn accept(&mut self, event: &StoredEvent) -> Result<(), JournalError> {
        self.link(event, ContentDigest::Check)
    }

    /// Accepts an event this process has just sealed, whose digests it computed from the
    /// header and content in hand: the link (seq and previous hash) is checked, nothing is
    /// hashed a second time. For an import that is megabytes; for the small events of a WASM
    /// host without SHA instructions, the header hash was a twentieth of a write.
    pub(crate) fn accept_sealed(&mut self, event: &StoredEvent) -> Result<(), JournalError> {
        self.link(event, ContentDigest::Trust)
    }

    fn link(&mut self, event: &StoredEvent, digest: ContentDigest) -> Result<(), JournalError> {
        let seq = self.next_seq;
        check_link(seq, &self.prev_hash, event, digest)
            .map_err(|reason| JournalError::Tampered { seq, reason })?;
        self.prev_hash = event.hash;
        self.next_seq = seq.saturating_add(1);
        self.latest_at = Some(self.latest_at.map_or(event.at, |t| t.max(event.at)));
        Ok(())
    }
}

/// Whether a link check recomputes the event's hashes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ContentDigest {
    Check,
    Trust,
}

/// SHA-256 of some content.
pub fn content_hash(content: &[u8]) -> [u8; 32] {
    Sha256::digest(content).into()
}

/// The event hash over `prev_hash` and the header (see the module documentation). `None` only if
/// `kind` is longer than `u32::MAX` bytes, which the header cannot encode.
pub fn event_hash(
    prev_hash: &[u8; 32],
    seq: u64,
    id: Uuid,
    at: DateTime<Utc>,
    actor: Uuid,
    kind: &str,
    content_hash: &[u8; 32],
) -> Option<[u8; 32]> {
    let kind_len = u32::try_from(kind.len()).ok()?;
    // Feeding the parts in order is the same as hashing their concatenation, without building it.
    let mut h = Sha256::new();
    h.update(prev_hash);
    h.update(seq.to_be_bytes());
    h.update(id.as_bytes());
    h.update(at.timestamp_micros().to_be_bytes());
    h.update(actor.as_bytes());
    h.update(kind_len.to_be_bytes());
    h.update(kind.as_bytes());
    h.update(content_hash);
    Some(h.finalize().into())
}

/// `at` truncated to whole microseconds, the precision the header encodes.
fn truncate_to_micros(at: DateTime<Utc>) -> DateTime<Utc> {
    // Every DateTime<Utc> has a micros value inside chrono's range, so this cannot fall back in
    // practice; the fallback keeps the function total without a panic path.
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// Turns a new event into the stored event at `seq`, chained to `prev_hash`.
fn seal(prev_hash: &[u8; 32], seq: u64, event: NewEvent) -> Result<StoredEvent, JournalError> {
    let at = truncate_to_micros(event.at);
    let content_hash = content_hash(&event.content);
    let hash = event_hash(
        prev_hash,
        seq,
        event.id,
        at,
        event.actor,
        &event.kind,
        &content_hash,
    )
    .ok_or(JournalError::Invalid {
        reason: "event kind is longer than u32::MAX bytes",
    })?;
    Ok(StoredEvent {
        seq,
        id: event.id,
        at,
        actor: event.actor,
        kind: event.kind,
        content: event.content,
        content_hash,
        prev_hash: *prev_hash,
        hash,
        redacted: false,
    })
}

/// Seals a batch chaining from `(head, head_hash)`. Checks ids are unique within the batch and,
/// through `exists`, against what is already stored.
fn seal_batch(
    head: u64,
    head_hash: [u8; 32],
    events: Vec<NewEvent>,
    mut exists: impl FnMut(&Uuid) -> Result<bool, JournalError>,
) -> Result<Vec<StoredEvent>, JournalError> {
    let mut sealed = Vec::with_capacity(events.len());
    let mut batch_ids = std::collections::HashSet::with_capacity(events.len());
    let mut prev = head_hash;
    let mut seq = head;
    for event in events {
        if !batch_ids.insert(event.id) || exists(&event.id)? {
            return Err(JournalError::DuplicateId { id: event.id });
        }
        seq = seq.checked_add(1).ok_or(JournalError::Invalid {
            reason: "journal seq would overflow",
        })?;
        let stored = seal(&prev, seq, event)?;
        prev = stored.hash;
        sealed.push(stored);
    }
    Ok(sealed)
}

/// Checks for [`Journal::append_verbatim`]: the batch starts at `head + 1` and chains from
/// `head_hash`, every link verifies, and no id repeats.
fn check_verbatim_batch(
    head: u64,
    head_hash: [u8; 32],
    events: &[StoredEvent],
    mut exists: impl FnMut(&Uuid) -> Result<bool, JournalError>,
) -> Result<(), JournalError> {
    let Some(first) = events.first() else {
        return Ok(());
    };
    let actual_next = head.saturating_add(1);
    if first.seq != actual_next {
        return Err(JournalError::Conflict {
            expected_next: first.seq,
            actual_next,
        });
    }
    let mut batch_ids = std::collections::HashSet::with_capacity(events.len());
    let mut prev = head_hash;
    let mut expected = actual_next;
    for event in events {
        check_link(expected, &prev, event, ContentDigest::Check).map_err(|reason| {
            JournalError::Tampered {
                seq: expected,
                reason,
            }
        })?;
        if !batch_ids.insert(event.id) || exists(&event.id)? {
            return Err(JournalError::DuplicateId { id: event.id });
        }
        prev = event.hash;
        expected = expected.saturating_add(1);
    }
    Ok(())
}

const BAD_SEQ: &str = "seq is not the next in sequence (an event is missing, repeated or moved)";
const BAD_PREV: &str = "prev_hash is not the previous event's hash";
const BAD_AT: &str = "time is not in whole microseconds";
const BAD_KIND: &str = "kind is longer than u32::MAX bytes";
const BAD_HASH: &str = "hash does not match the event's header";
const BAD_CONTENT: &str = "content does not match content_hash and the event is not redacted";

/// The per-event checks of [`verify`]: is `event` the valid successor at `expected_seq` of an
/// event whose hash is `prev_hash`?
fn check_link(
    expected_seq: u64,
    prev_hash: &[u8; 32],
    event: &StoredEvent,
    digest: ContentDigest,
) -> Result<(), &'static str> {
    if event.seq != expected_seq {
        return Err(BAD_SEQ);
    }
    if event.prev_hash != *prev_hash {
        return Err(BAD_PREV);
    }
    // The header encodes micros; sub-micro digits would be a change the hash cannot see.
    if event.at.timestamp_subsec_nanos() % 1_000 != 0 {
        return Err(BAD_AT);
    }
    if digest == ContentDigest::Trust {
        return Ok(());
    }
    let hash = event_hash(
        prev_hash,
        event.seq,
        event.id,
        event.at,
        event.actor,
        &event.kind,
        &event.content_hash,
    )
    .ok_or(BAD_KIND)?;
    if hash != event.hash {
        return Err(BAD_HASH);
    }
    // Redaction is allowed to change content; later an erasure event will name which seqs may be.
    if !event.redacted && content_hash(&event.content) != event.content_hash {
        return Err(BAD_CONTENT);
    }
    Ok(())
}
