//! The SQLite schema of the journal and its versioned migrations.
//!
//! Modelled on mozilla/application-services' `ConnectionInitializer`: the version lives in
//! `PRAGMA user_version`; a new database is created directly at the latest schema
//! ([`LATEST_DDL`]); an existing one is upgraded one version at a time, each step in its own
//! transaction, so a failed step leaves the database at the previous good version. A test upgrades
//! a database from every older version and checks the result equals a fresh database, which is
//! what keeps [`LATEST_DDL`] and the steps honest.
//!
//! Every step and the initial creation run under `BEGIN IMMEDIATE` and re-read the version inside
//! the transaction, so two processes opening one file at once cannot both apply a step.
//!
//! `PRAGMA application_id` marks the file as a safehub journal, so another application's SQLite
//! database is refused as [`JournalError::Corrupt`] rather than "upgraded".
//!
//! To add version N+1: add an arm to [`upgrade_from`] for N (never edit earlier arms or their DDL:
//! they are history that existing files went through), update [`LATEST_DDL`], bump
//! [`SCHEMA_VERSION`], and teach the upgrade test's `insert_events_at` to write rows at version N
//! if the events table changed shape. The test then covers the new step from every older version.

use super::JournalError;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// The schema version this build creates and the newest it can open.
pub const SCHEMA_VERSION: i64 = 2;

/// "SHJN": identifies a safehub journal file in the SQLite header.
const APPLICATION_ID: i64 = 0x5348_4A4E;

/// Version 1, frozen: history, used only to upgrade from 0 (and by the upgrade test).
const V1_DDL: &str = "
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           BLOB NOT NULL UNIQUE,
    at           INTEGER NOT NULL,
    actor        BLOB NOT NULL,
    kind         TEXT NOT NULL,
    content      BLOB NOT NULL,
    content_hash BLOB NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL
);
";

/// Version 1 to 2: erasure (the `redacted` flag), snapshots, and an index on time for as-of reads
/// that replay up to a moment.
const V1_TO_V2: &str = "
ALTER TABLE events ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
CREATE TABLE snapshots (
    seq      INTEGER PRIMARY KEY,
    bytes    BLOB NOT NULL,
    saved_at INTEGER NOT NULL
);
CREATE INDEX events_at ON events(at);
";

/// A fresh database at [`SCHEMA_VERSION`]. Column order matches what the steps produce (`ALTER
/// TABLE ADD COLUMN` appends), because the upgrade test compares them.
const LATEST_DDL: &str = "
CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    id           BLOB NOT NULL UNIQUE,
    at           INTEGER NOT NULL,
    actor        BLOB NOT NULL,
    kind         TEXT NOT NULL,
    content      BLOB NOT NULL,
    content_hash BLOB NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL,
    redacted     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE snapshots (
    seq      INTEGER PRIMARY KEY,
    bytes    BLOB NOT NULL,
    saved_at INTEGER NOT NULL
);
CREATE INDEX events_at ON events(at);
";

/// Brings the database to [`SCHEMA_VERSION`], creating it if empty. Refuses files that are not
/// journals ([`JournalError::Corrupt`]) or are newer than this build
/// ([`JournalError::UnsupportedSchema`]).
pub(crate) fn initialize(conn: &mut Connection) -> Result<(), JournalError> {
    {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        if version == 0 {
            let objects: i64 =
                tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            if objects != 0 {
                return Err(JournalError::Corrupt {
                    reason: "database has tables but no journal schema version".into(),
                });
            }
            tx.execute_batch(LATEST_DDL)?;
            set_ids(&tx, SCHEMA_VERSION)?;
            tx.commit()?;
            return check_shape(conn);
        }
        check_application_id(&tx)?;
        if version > SCHEMA_VERSION {
            return Err(JournalError::UnsupportedSchema {
                found: version,
                max_supported: SCHEMA_VERSION,
            });
        }
    }
    migrate_to(conn, SCHEMA_VERSION)?;
    check_shape(conn)
}

/// Applies upgrade steps until the database is at `target`, each step in its own transaction.
/// Public to the crate so the upgrade test can build databases at old versions.
pub(crate) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), JournalError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        if version >= target {
            return Ok(());
        }
        if version > 0 {
            check_application_id(&tx)?;
        }
        upgrade_from(&tx, version)?;
        set_ids(&tx, version.saturating_add(1))?;
        tx.commit()?;
    }
}

/// One step: from `version` to `version + 1`.
fn upgrade_from(tx: &Transaction<'_>, version: i64) -> Result<(), JournalError> {
    match version {
        0 => tx.execute_batch(V1_DDL)?,
        1 => tx.execute_batch(V1_TO_V2)?,
        _ => {
            return Err(JournalError::UnsupportedSchema {
                found: version,
                max_supported: SCHEMA_VERSION,
            })
        }
    }
    Ok(())
}

fn user_version(conn: &Connection) -> Result<i64, JournalError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn set_ids(tx: &Transaction<'_>, version: i64) -> Result<(), JournalError> {
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", version)?;
    Ok(())
}

fn check_application_id(conn: &Connection) -> Result<(), JournalError> {
    let id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if id == APPLICATION_ID {
        Ok(())
    } else {
        Err(JournalError::Corrupt {
            reason: "database belongs to another application (wrong application_id)".into(),
        })
    }
}

/// Cheap last check that the tables the journal reads exist, so a damaged schema fails on open
/// rather than on the first read.
fn check_shape(conn: &Connection) -> Result<(), JournalError> {
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'snapshots')",
        [],
        |r| r.get(0),
    )?;
    if tables == 2 {
        Ok(())
    } else {
        Err(JournalError::Corrupt {
            reason: "journal tables are missing".into(),
        })
    }
}
