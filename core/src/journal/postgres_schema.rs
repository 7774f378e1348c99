//! The PostgreSQL schema of the journal and its versioned migrations, on the model of `schema.rs`
//! (SQLite).
//!
//! The version lives in the one-row table `journal_schema`, next to the name of the application
//! (`safehub-journal`), so another application's database is refused as
//! [`JournalError::Corrupt`] rather than "upgraded". A new database is created at the latest
//! schema; an existing one is upgraded one step at a time, each step in its own transaction
//! (PostgreSQL's DDL is transactional, so a failed step leaves the previous good version). Every
//! step runs under a transaction-level advisory lock ([`MIGRATION_LOCK`]), so two hosts opening
//! one database at once cannot both apply it.
//!
//! Triggers make the events table append-only: `DELETE` and `TRUNCATE` are refused, and so is
//! every `UPDATE` other than the redaction path (content replaced, `redacted` set, every other
//! column unchanged). They stop mistakes and casual edits by the library's own role; a role that
//! may disable triggers can still alter rows, which the hash chain then reports as `Tampered`.
//!
//! To add version N+1: add an arm to [`upgrade_from`] for N (never edit earlier arms or their
//! DDL), and bump [`PG_SCHEMA_VERSION`]. A new database runs the same steps from 0, so there is no
//! second copy of the latest schema to keep in step.

use super::JournalError;
use postgres::Transaction;

/// The PostgreSQL schema version this build creates and the newest it can open.
pub const PG_SCHEMA_VERSION: i64 = 1;

/// Identifies a safehub journal in `journal_schema.application`.
const APPLICATION: &str = "safehub-journal";

/// The advisory lock key that serialises schema creation and upgrades ("SHJM").
const MIGRATION_LOCK: i64 = 0x5348_4A4D;

/// Version 1: events, snapshots, the append-only triggers.
const V1_DDL: &str = "
CREATE TABLE journal_schema (
    application TEXT NOT NULL,
    version     BIGINT NOT NULL
);
CREATE TABLE events (
    seq          BIGINT PRIMARY KEY,
    id           BYTEA NOT NULL UNIQUE,
    at           BIGINT NOT NULL,
    actor        BYTEA NOT NULL,
    kind         TEXT NOT NULL,
    content      BYTEA NOT NULL,
    content_hash BYTEA NOT NULL,
    prev_hash    BYTEA NOT NULL,
    hash         BYTEA NOT NULL,
    redacted     BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX events_at ON events(at);
CREATE TABLE snapshots (
    seq      BIGINT PRIMARY KEY,
    bytes    BYTEA NOT NULL,
    saved_at BIGINT NOT NULL
);
CREATE FUNCTION safehub_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.redacted
        AND (NEW.seq, NEW.id, NEW.at, NEW.actor, NEW.kind, NEW.content_hash, NEW.prev_hash, NEW.hash)
            IS NOT DISTINCT FROM
            (OLD.seq, OLD.id, OLD.at, OLD.actor, OLD.kind, OLD.content_hash, OLD.prev_hash, OLD.hash)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'safehub journal events are append-only: % refused (only redaction may change content)', TG_OP;
END;
$$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION safehub_events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION safehub_events_append_only();
";

/// Brings the database to [`PG_SCHEMA_VERSION`], creating the journal if the database has none.
/// Refuses a database holding other tables but no journal ([`JournalError::Corrupt`]) and one
/// written by a newer build ([`JournalError::UnsupportedSchema`]).
pub(crate) fn initialize(client: &mut postgres::Client) -> Result<(), JournalError> {
    migrate_to(client, PG_SCHEMA_VERSION)
}

/// Applies upgrade steps until the database is at `target`, each in its own transaction.
pub(crate) fn migrate_to(client: &mut postgres::Client, target: i64) -> Result<(), JournalError> {
    loop {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let version = version(&mut tx)?;
        if version > PG_SCHEMA_VERSION {
            return Err(JournalError::UnsupportedSchema {
                found: version,
                max_supported: PG_SCHEMA_VERSION,
            });
        }
        if version >= target {
            return Ok(());
        }
        upgrade_from(&mut tx, version)?;
        let next = version.saturating_add(1);
        tx.execute(
            "UPDATE journal_schema SET version = $1 WHERE application = $2",
            &[&next, &APPLICATION],
        )?;
        tx.commit()?;
    }
}

/// One step: from `version` to `version + 1`.
fn upgrade_from(tx: &mut Transaction<'_>, version: i64) -> Result<(), JournalError> {
    match version {
        0 => {
            tx.batch_execute(V1_DDL)?;
            tx.execute(
                "INSERT INTO journal_schema (application, version) VALUES ($1, 0)",
                &[&APPLICATION],
            )?;
        }
        _ => {
            return Err(JournalError::UnsupportedSchema {
                found: version,
                max_supported: PG_SCHEMA_VERSION,
            })
        }
    }
    Ok(())
}

/// The stored version: 0 for a database without any table of its own (a new journal).
fn version(tx: &mut Transaction<'_>) -> Result<i64, JournalError> {
    let tables: i64 = tx
        .query_one(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()",
            &[],
        )?
        .try_get(0)?;
    let has_schema_table: bool = tx
        .query_one("SELECT to_regclass('journal_schema') IS NOT NULL", &[])?
        .try_get(0)?;
    if !has_schema_table {
        return if tables == 0 {
            Ok(0)
        } else {
            Err(JournalError::Corrupt {
                reason: "database has tables but no journal schema version".into(),
            })
        };
    }
    let rows = tx.query("SELECT application, version FROM journal_schema", &[])?;
    match rows.as_slice() {
        [row] if row.try_get::<_, &str>(0)? == APPLICATION => Ok(row.try_get(1)?),
        _ => Err(JournalError::Corrupt {
            reason: "database belongs to another application (journal_schema)".into(),
        }),
    }
}
