//! [`SqliteJournal`]: the journal in one SQLite file (bundled SQLite), which several processes may
//! open at once. Writers serialise on SQLite's write lock and detect each other through
//! optimistic concurrency ([`JournalError::Conflict`]).

use super::{
    check_verbatim_batch, schema, seal_batch, Journal, JournalError, NewEvent, SnapshotReader,
    StoredEvent, GENESIS_HASH,
};
use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior};
use std::io::Read;
use std::path::Path;
use std::time::Duration;
use uuid::Uuid;

/// How hard SQLite works to make a commit survive power loss.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Synchronous {
    /// `synchronous=NORMAL`. With WAL a commit is durable against a crash of the process (or of
    /// every process); after power loss or an OS crash the last few commits may be lost, but
    /// the database is never corrupted. Much faster, because it syncs only at checkpoints.
    #[default]
    Normal,
    /// `synchronous=FULL`: every commit is synced to disk before it returns, so it survives power
    /// loss too, at the cost of an fsync per commit.
    Full,
}

/// Options for [`SqliteJournal::open_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqliteOptions {
    /// Durability against power loss.
    pub synchronous: Synchronous,
    /// How long to wait for another connection's lock before failing with
    /// [`JournalError::Storage`]. Waiting, rather than failing at once, is what lets two
    /// processes share a file.
    pub busy_timeout: Duration,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        Self {
            synchronous: Synchronous::Normal,
            busy_timeout: Duration::from_secs(5),
        }
    }
}

/// A journal stored in SQLite.
#[derive(Debug)]
pub struct SqliteJournal {
    conn: Connection,
}

const SELECT_COLUMNS: &str =
    "SELECT seq, id, at, actor, kind, content, content_hash, prev_hash, hash, redacted FROM events";
const INSERT: &str = "INSERT INTO events
    (seq, id, at, actor, kind, content, content_hash, prev_hash, hash, redacted)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

impl SqliteJournal {
    /// Opens (creating if absent) the journal at `path` with default options, upgrading its
    /// schema if it is older. Fails with [`JournalError::Corrupt`] if the file is not a journal
    /// and [`JournalError::UnsupportedSchema`] if a newer build wrote it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, JournalError> {
        Self::open_with(path, &SqliteOptions::default())
    }

    /// [`open`](Self::open) with explicit options.
    pub fn open_with(
        path: impl AsRef<Path>,
        options: &SqliteOptions,
    ) -> Result<Self, JournalError> {
        Self::init(Connection::open(path)?, options)
    }

    /// A journal in a private in-memory SQLite database (tests; the WASM build's SQLite).
    pub fn open_in_memory() -> Result<Self, JournalError> {
        Self::init(Connection::open_in_memory()?, &SqliteOptions::default())
    }

    fn init(mut conn: Connection, options: &SqliteOptions) -> Result<Self, JournalError> {
        conn.busy_timeout(options.busy_timeout)?;
        // WAL lets readers (other hubs catching up, the change feed) run while one process
        // writes, and makes commits cheap. In-memory databases answer "memory"; that is fine.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        // NORMAL by default: under WAL it survives any process crash and costs no fsync per
        // commit; only power loss can drop the last few commits (see `Synchronous`).
        let synchronous = match options.synchronous {
            Synchronous::Normal => "NORMAL",
            Synchronous::Full => "FULL",
        };
        conn.pragma_update(None, "synchronous", synchronous)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Erasure must actually erase: zero the space freed when redaction overwrites content,
        // instead of leaving the old bytes in free pages of the file.
        conn.pragma_update(None, "secure_delete", "ON")?;
        schema::initialize(&mut conn)?;
        Ok(Self { conn })
    }
}

impl SqliteJournal {
    /// The seq of the latest snapshot, if any.
    fn latest_snapshot_seq(&self) -> Result<Option<u64>, JournalError> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached("SELECT max(seq) FROM snapshots")?
            .query_row([], |r| r.get(0))?;
        seq.map(|seq| {
            u64::try_from(seq).map_err(|_| JournalError::Corrupt {
                reason: "snapshot seq is negative".into(),
            })
        })
        .transpose()
    }

    /// The snapshot at `seq` as an open blob: read straight into the reader's buffers, where a
    /// `SELECT` would have SQLite assemble a county's hundreds of megabytes in a buffer of its
    /// own first.
    fn snapshot_blob(&self, seq: u64) -> Result<Option<rusqlite::blob::Blob<'_>>, JournalError> {
        let Ok(sql_seq) = sql_seq(seq) else {
            return Ok(None);
        };
        match self
            .conn
            .blob_open(rusqlite::MAIN_DB, c"snapshots", c"bytes", sql_seq, true)
        {
            Ok(blob) => Ok(Some(blob)),
            // SQLITE_ERROR is "no such rowid": never written, or dropped by another hub.
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::Unknown) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
impl SqliteJournal {
    /// The value of a connection-level pragma, as text, for tests of the open options.
    pub(super) fn pragma_for_tests(&self, name: &str) -> String {
        self.conn
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Integer(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
            })
            .unwrap_or_else(|e| e.to_string())
    }
}

impl From<rusqlite::Error> for JournalError {
    fn from(e: rusqlite::Error) -> Self {
        // SQLite's messages name tables and columns, never bound values, so no content leaks.
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => JournalError::Corrupt {
                reason: e.to_string(),
            },
            _ => JournalError::Storage(e.to_string()),
        }
    }
}

/// Seq as SQLite stores it (i64).
fn sql_seq(seq: u64) -> Result<i64, JournalError> {
    i64::try_from(seq).map_err(|_| JournalError::Invalid {
        reason: "seq is beyond SQLite's integer range",
    })
}

/// The head seq and hash, read inside the caller's transaction.
fn tail(conn: &Connection) -> Result<(u64, [u8; 32]), JournalError> {
    let row = conn
        .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))
        .optional()?;
    let Some((seq, hash)) = row else {
        return Ok((0, GENESIS_HASH));
    };
    let seq = u64::try_from(seq).map_err(|_| JournalError::Tampered {
        seq: 0,
        reason: "stored seq is negative",
    })?;
    let hash = <[u8; 32]>::try_from(hash).map_err(|_| JournalError::Tampered {
        seq,
        reason: "stored hash is not 32 bytes",
    })?;
    Ok((seq, hash))
}

fn insert_all(conn: &Connection, events: &[StoredEvent]) -> Result<(), JournalError> {
    // Prepared once and cached on the connection: a 10,000-event append reuses one statement.
    let mut stmt = conn.prepare_cached(INSERT)?;
    for e in events {
        stmt.execute(params![
            sql_seq(e.seq)?,
            e.id.as_bytes().as_slice(),
            e.at.timestamp_micros(),
            e.actor.as_bytes().as_slice(),
            e.kind,
            e.content,
            e.content_hash.as_slice(),
            e.prev_hash.as_slice(),
            e.hash.as_slice(),
            e.redacted,
        ])
        .map_err(|err| match err.sqlite_error_code() {
            // The only UNIQUE column is id; seq cannot collide while we hold the write lock.
            Some(ErrorCode::ConstraintViolation) => JournalError::DuplicateId { id: e.id },
            _ => err.into(),
        })?;
    }
    Ok(())
}

/// Decodes a row without trusting it: a row altered outside the journal (wrong type, wrong
/// length, invalid UTF-8, impossible time) becomes [`JournalError::Tampered`], which
/// [`verify`](super::verify) reports as the first bad event rather than failing.
fn read_row(row: &Row<'_>) -> Result<StoredEvent, JournalError> {
    let seq = match row.get_ref(0)? {
        ValueRef::Integer(s) => u64::try_from(s).ok(),
        _ => None,
    }
    .ok_or(JournalError::Tampered {
        seq: 0,
        reason: "stored seq is not a positive integer",
    })?;
    let bad = |reason: &'static str| JournalError::Tampered { seq, reason };
    let blob = |i: usize| -> Result<Option<&[u8]>, JournalError> {
        Ok(match row.get_ref(i)? {
            ValueRef::Blob(b) => Some(b),
            _ => None,
        })
    };
    let uuid = |i: usize, reason: &'static str| -> Result<Uuid, JournalError> {
        blob(i)?
            .and_then(|b| Uuid::from_slice(b).ok())
            .ok_or(bad(reason))
    };
    let hash = |i: usize, reason: &'static str| -> Result<[u8; 32], JournalError> {
        blob(i)?
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or(bad(reason))
    };
    let at = match row.get_ref(2)? {
        ValueRef::Integer(micros) => DateTime::<Utc>::from_timestamp_micros(micros),
        _ => None,
    }
    .ok_or(bad("stored time is not a valid count of microseconds"))?;
    let kind = match row.get_ref(4)? {
        ValueRef::Text(b) => std::str::from_utf8(b).ok().map(str::to_owned),
        _ => None,
    }
    .ok_or(bad("stored kind is not UTF-8 text"))?;
    let redacted = match row.get_ref(9)? {
        ValueRef::Integer(0) => false,
        ValueRef::Integer(1) => true,
        _ => return Err(bad("stored redacted flag is not 0 or 1")),
    };
    Ok(StoredEvent {
        seq,
        id: uuid(1, "stored id is not 16 bytes")?,
        at,
        actor: uuid(3, "stored actor is not 16 bytes")?,
        kind,
        content: blob(5)?
            .ok_or(bad("stored content is not a blob"))?
            .to_vec(),
        content_hash: hash(6, "stored content_hash is not 32 bytes")?,
        prev_hash: hash(7, "stored prev_hash is not 32 bytes")?,
        hash: hash(8, "stored hash is not 32 bytes")?,
        redacted,
    })
}

impl Journal for SqliteJournal {
    fn append(
        &mut self,
        expected_next: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        // IMMEDIATE takes the write lock before reading the head, so the check and the insert are
        // atomic across processes; a deferred transaction could read a head that is stale by the
        // time it writes.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (head, head_hash) = tail(&tx)?;
        let actual_next = head.saturating_add(1);
        if expected_next != actual_next {
            return Err(JournalError::Conflict {
                expected_next,
                actual_next,
            });
        }
        // Ids already stored are caught by the UNIQUE index on insert; repeats within the batch
        // by seal_batch.
        let sealed = seal_batch(head, head_hash, events, |_| Ok(false))?;
        insert_all(&tx, &sealed)?;
        tx.commit()?;
        Ok(sealed)
    }

    fn append_verbatim(&mut self, events: Vec<StoredEvent>) -> Result<(), JournalError> {
        if events.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (head, head_hash) = tail(&tx)?;
        check_verbatim_batch(head, head_hash, &events, |_| Ok(false))?;
        insert_all(&tx, &events)?;
        tx.commit()?;
        Ok(())
    }

    fn seq_of(&self, id: Uuid) -> Result<Option<u64>, JournalError> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached("SELECT seq FROM events WHERE id = ?1")?
            .query_row([id.as_bytes().as_slice()], |r| r.get(0))
            .optional()?;
        Ok(seq.and_then(|s| u64::try_from(s).ok()))
    }

    fn head(&self) -> Result<u64, JournalError> {
        let max: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM events")?
            .query_row([], |r| r.get(0))?;
        // A negative maximum means every stored seq is negative: tampering, reported by verify.
        Ok(u64::try_from(max).unwrap_or(0))
    }

    fn scan(
        &self,
        after: u64,
        f: &mut dyn FnMut(StoredEvent) -> Result<(), JournalError>,
    ) -> Result<(), JournalError> {
        // verify() scans from 0 and must see negative (tampered) seqs too.
        let after = if after == 0 {
            i64::MIN
        } else {
            i64::try_from(after).unwrap_or(i64::MAX)
        };
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_COLUMNS} WHERE seq > ?1 ORDER BY seq"))?;
        let mut rows = stmt.query([after])?;
        while let Some(row) = rows.next()? {
            f(read_row(row)?)?;
        }
        Ok(())
    }

    fn events_since(&self, after: u64, limit: usize) -> Result<Vec<StoredEvent>, JournalError> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_COLUMNS} WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        ))?;
        let mut rows = stmt.query([after, limit])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(read_row(row)?);
        }
        Ok(out)
    }

    fn redact(&mut self, seq: u64, replacement: Vec<u8>) -> Result<(), JournalError> {
        let sql_seq = sql_seq(seq).map_err(|_| JournalError::NotFound { seq })?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE events SET content = ?1, redacted = 1 WHERE seq = ?2",
            params![replacement, sql_seq],
        )?;
        if changed == 0 {
            return Err(JournalError::NotFound { seq });
        }
        tx.execute("DELETE FROM snapshots WHERE seq >= ?1", [sql_seq])?;
        tx.commit()?;
        // The WAL still holds the old page images until a checkpoint copies the new ones into the
        // database and the WAL is reset; TRUNCATE does both now rather than at some later
        // autocheckpoint. If another connection is reading, SQLite reports "busy" as a result
        // (not an error) and the next checkpoint finishes the job.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn save_snapshot(&mut self, seq: u64, bytes: Vec<u8>) -> Result<(), JournalError> {
        let sql_seq = sql_seq(seq)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (head, _) = tail(&tx)?;
        if seq > head {
            return Err(JournalError::Invalid {
                reason: "snapshot seq is beyond the journal head",
            });
        }
        tx.execute(
            "INSERT OR REPLACE INTO snapshots (seq, bytes, saved_at) VALUES (?1, ?2, ?3)",
            params![sql_seq, bytes, Utc::now().timestamp_micros()],
        )?;
        tx.commit()?;
        // A county's snapshot is hundreds of megabytes. Until the WAL restarts, every reader
        // finds its pages through the WAL's index, which made opening from it a quarter slower,
        // and the WAL file keeps its size. Snapshots are taken off the write path, so copying it
        // into the database now costs no command anything; "busy" (another connection reading)
        // is a result, not an error, and a later checkpoint finishes the job.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    fn latest_snapshot(&self) -> Result<Option<(u64, Vec<u8>)>, JournalError> {
        let Some(seq) = self.latest_snapshot_seq()? else {
            return Ok(None);
        };
        Ok(self.snapshot(seq)?.map(|bytes| (seq, bytes)))
    }

    fn latest_snapshot_reader(&self) -> Result<Option<(u64, SnapshotReader<'_>)>, JournalError> {
        let Some(seq) = self.latest_snapshot_seq()? else {
            return Ok(None);
        };
        Ok(self.snapshot_blob(seq)?.map(|blob| {
            let len = u64::try_from(blob.len()).unwrap_or(0);
            (
                seq,
                SnapshotReader {
                    len,
                    bytes: Box::new(blob),
                },
            )
        }))
    }

    fn snapshot_seqs(&self) -> Result<Vec<u64>, JournalError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq FROM snapshots ORDER BY seq")?;
        let seqs = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        let mut out = Vec::new();
        for seq in seqs {
            // A negative seq is no snapshot the hub wrote: it is skipped, not trusted.
            if let Ok(seq) = u64::try_from(seq?) {
                out.push(seq);
            }
        }
        Ok(out)
    }

    fn snapshot(&self, seq: u64) -> Result<Option<Vec<u8>>, JournalError> {
        let Some(mut blob) = self.snapshot_blob(seq)? else {
            return Ok(None);
        };
        let mut bytes = vec![0; blob.len()];
        blob.read_exact(&mut bytes)
            .map_err(|e| JournalError::Storage(e.to_string()))?;
        Ok(Some(bytes))
    }

    fn drop_snapshot(&mut self, seq: u64) -> Result<(), JournalError> {
        if let Ok(sql_seq) = sql_seq(seq) {
            self.conn
                .execute("DELETE FROM snapshots WHERE seq = ?1", [sql_seq])?;
        }
        Ok(())
    }
}
