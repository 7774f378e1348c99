//! Tests of what only the PostgreSQL journal has: its failure modes (a server that cannot be
//! reached, a connection dropped, a commit whose outcome is unknown, a database that lost its
//! tail), its schema and triggers, its client thread, and two writers on one database. The
//! conformance suite it shares with the other journals is in `journal/tests.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::*;
use crate::journal::test_server;
use crate::journal::{verify, PG_SCHEMA_VERSION};

/// A fault the next append meets, injected through [`inject`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::journal) enum Fault {
    /// The server ends the connection after the inserts, before `COMMIT`: nothing is written,
    /// and the client sees the connection drop at `COMMIT`.
    DropBeforeCommit,
    /// `COMMIT` succeeds on the server but its reply never reaches the client.
    LoseCommitReply,
}

/// The server kills the transaction's own backend (its answer is an error, ignored: the point is
/// that the connection is gone).
pub(super) fn terminate_own_backend(client: &mut postgres::Client) {
    let _ = client.batch_execute("SELECT pg_terminate_backend(pg_backend_pid())");
}

/// What the client reports when a reply is lost with its connection.
pub(super) fn lost_reply() -> JournalError {
    JournalError::Unavailable {
        reason: "connection closed (injected: the reply to COMMIT was lost)".into(),
    }
}

fn inject(journal: &PostgresJournal, fault: Fault) {
    journal
        .call(move |s| {
            s.fault = Some(fault);
            Ok(())
        })
        .unwrap();
}

fn event(n: u32) -> NewEvent {
    NewEvent {
        id: Uuid::new_v4(),
        at: Utc::now(),
        actor: Uuid::new_v4(),
        kind: "case.note_added".into(),
        content: format!("note {n}").into_bytes(),
    }
}

/// A journal on a fresh database with its conninfo, or `None` when the tests skip.
fn fresh() -> Option<(PostgresJournal, String)> {
    let conninfo = test_server::database()?;
    Some((PostgresJournal::open(&conninfo).unwrap(), conninfo))
}

fn raw(conninfo: &str) -> postgres::Client {
    postgres::Client::connect(conninfo, NoTls).unwrap()
}

/// Ends every other connection to the database, as a server restart or a network fault would.
fn drop_other_connections(conninfo: &str) {
    raw(conninfo)
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .unwrap();
}

fn ids(journal: &PostgresJournal) -> Vec<Uuid> {
    journal
        .events_since(0, usize::MAX)
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect()
}

#[test]
fn a_server_that_cannot_be_reached_is_unavailable() {
    if test_server::shared().is_none() {
        return;
    }
    let nowhere = std::env::temp_dir().join("safehub-no-server-here");
    std::fs::create_dir_all(&nowhere).unwrap();
    let conninfo = format!("host={} user=safehub dbname=none", nowhere.display());
    assert!(matches!(
        PostgresJournal::open(&conninfo),
        Err(JournalError::Unavailable { .. })
    ));
    assert_eq!(
        crate::Error::from(PostgresJournal::open(&conninfo).unwrap_err()).code(),
        crate::ErrorCode::Unavailable
    );
}

/// This build has no TLS connector (docs/DEPLOYMENT.md): a conninfo that asks for TLS must fail,
/// never fall back to a connection in the clear. `verify-full` and `verify-ca`, which the client
/// does not know, are refused as they are parsed; `require` is refused whatever the server
/// answers to the TLS request (a server that offers TLS, `S`, or one that does not, `N`).
#[test]
fn a_conninfo_asking_for_tls_is_refused_never_connected_in_the_clear() {
    for mode in ["verify-full", "verify-ca"] {
        assert!(matches!(
            PostgresJournal::open(&format!("host=127.0.0.1 dbname=hub sslmode={mode}")),
            Err(JournalError::Invalid { .. })
        ));
    }
    for answer in [b'S', b'N'] {
        // A server that reads the client's TLS request (8 bytes) and answers it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            use std::io::{Read, Write};
            let (mut socket, _) = listener.accept().unwrap();
            let mut request = [0u8; 8];
            socket.read_exact(&mut request).unwrap();
            socket.write_all(&[answer]).unwrap();
            // The TLS request code, 1234.5679: the client asked for TLS before anything else.
            request[4..8] == [0x04, 0xd2, 0x16, 0x2f]
        });
        let conninfo =
            format!("host=127.0.0.1 port={port} user=safehub dbname=hub sslmode=require");
        let refused = PostgresJournal::open(&conninfo);
        assert!(
            matches!(refused, Err(JournalError::Unavailable { .. })),
            "{refused:?}"
        );
        assert!(
            server.join().unwrap(),
            "the client did not ask for TLS first"
        );
    }
}

#[test]
fn a_dropped_connection_is_reconnected_or_unavailable_never_a_wrong_answer() {
    let Some((mut journal, conninfo)) = fresh() else {
        return;
    };
    journal.append(1, vec![event(1)]).unwrap();
    // Whether the client has noticed the drop before the next call is a race: it either
    // reconnects at once or reports Unavailable, and the call after that reconnects.
    drop_other_connections(&conninfo);
    match journal.head() {
        Ok(head) => assert_eq!(head, 1),
        Err(JournalError::Unavailable { .. }) => assert_eq!(journal.head().unwrap(), 1),
        Err(e) => panic!("{e}"),
    }
    drop_other_connections(&conninfo);
    match journal.append(2, vec![event(2)]) {
        Ok(_) => assert_eq!(journal.head().unwrap(), 2),
        Err(JournalError::Unavailable { .. }) => {
            assert_eq!(journal.head().unwrap(), 1, "nothing was written");
            journal.append(2, vec![event(2)]).unwrap();
        }
        Err(e) => panic!("{e}"),
    }
    assert_eq!(journal.head().unwrap(), 2);
}

#[test]
fn a_server_that_went_down_is_unavailable_for_reads_and_writes_until_it_is_back() {
    if test_server::shared().is_none() {
        return;
    }
    // fsync on: with it off, an immediate stop loses acknowledged commits (and the journal
    // then rightly reports itself Behind).
    let server = test_server::Server::start(true).unwrap();
    let conninfo = server.create_database();
    let mut journal = PostgresJournal::open(&conninfo).unwrap();
    journal.append(1, vec![event(1)]).unwrap();
    server.stop_immediately().unwrap();
    assert!(matches!(
        journal.head(),
        Err(JournalError::Unavailable { .. })
    ));
    assert!(matches!(
        journal.events_since(0, 10),
        Err(JournalError::Unavailable { .. })
    ));
    assert!(matches!(
        journal.append(2, vec![event(2)]),
        Err(JournalError::Unavailable { .. })
    ));
    server.restart().unwrap();
    assert_eq!(journal.head().unwrap(), 1);
    journal.append(2, vec![event(2)]).unwrap();
    assert!(verify(&journal).unwrap().is_ok());
}

#[test]
fn a_connection_dropped_before_commit_completed_is_a_clean_failure_and_a_retry_records_once() {
    let Some((mut journal, _)) = fresh() else {
        return;
    };
    inject(&journal, Fault::DropBeforeCommit);
    let batch = vec![event(1), event(2)];
    assert!(matches!(
        journal.append(1, batch.clone()),
        Err(JournalError::Unavailable { .. })
    ));
    assert_eq!(journal.head().unwrap(), 0);
    let stored = journal.append(1, batch.clone()).unwrap();
    assert_eq!(ids(&journal), vec![batch[0].id, batch[1].id]);
    assert_eq!(stored.len(), 2);
}

#[test]
fn a_commit_whose_reply_was_lost_is_looked_up_and_reported_recorded() {
    let Some((mut journal, _)) = fresh() else {
        return;
    };
    inject(&journal, Fault::LoseCommitReply);
    let batch = vec![event(1), event(2)];
    let stored = journal.append(1, batch.clone()).unwrap();
    assert_eq!(stored.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(ids(&journal), vec![batch[0].id, batch[1].id]);
    // Had the caller retried the same events anyway, they would be refused, not recorded twice.
    assert_eq!(
        journal.append(3, batch.clone()),
        Err(JournalError::DuplicateId { id: batch[0].id })
    );
    assert!(verify(&journal).unwrap().is_ok());
}

#[test]
fn a_database_that_lost_its_tail_is_behind_not_a_conflict() {
    let Some((mut journal, conninfo)) = fresh() else {
        return;
    };
    for n in 1..=5 {
        journal.append(u64::from(n), vec![event(n)]).unwrap();
    }
    // A failover to a standby that had not received events 4 and 5.
    let mut raw = raw(&conninfo);
    raw.batch_execute("SET session_replication_role = replica; DELETE FROM events WHERE seq > 3")
        .unwrap();
    let behind = JournalError::Behind { seen: 5, head: 3 };
    assert_eq!(journal.append(6, vec![event(6)]), Err(behind.clone()));
    assert_eq!(journal.append(4, vec![event(4)]), Err(behind.clone()));
    assert_eq!(journal.head(), Err(behind.clone()));
    assert_eq!(journal.events_since(3, 10), Err(behind.clone()));
    assert_eq!(
        crate::Error::from(behind).code(),
        crate::ErrorCode::JournalBehind
    );
    // A journal opened afresh has seen nothing and carries on from the database's head.
    let mut reopened = PostgresJournal::open(&conninfo).unwrap();
    assert_eq!(reopened.head().unwrap(), 3);
    reopened.append(4, vec![event(4)]).unwrap();
}

#[test]
fn an_append_that_waits_past_the_lock_timeout_fails_and_the_next_append_records_once() {
    let Some(conninfo) = test_server::database() else {
        return;
    };
    let options = PostgresOptions {
        lock_timeout: Duration::from_millis(100),
        ..PostgresOptions::default()
    };
    let mut journal = PostgresJournal::open_with(&conninfo, &options).unwrap();
    // Another host's append holds the lock.
    let mut other = raw(&conninfo);
    let mut holding = other.transaction().unwrap();
    holding
        .execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK])
        .unwrap();
    let waited = journal.append(1, vec![event(1)]);
    assert!(
        matches!(&waited, Err(JournalError::Storage(m)) if m.contains("lock timeout")),
        "{waited:?}"
    );
    holding.rollback().unwrap();
    // The transaction that timed out was rolled back: the same connection appends, once.
    let stored = journal.append(1, vec![event(2)]).unwrap();
    assert_eq!(stored.iter().map(|e| e.seq).collect::<Vec<_>>(), [1]);
    assert_eq!(ids(&journal), [stored[0].id]);
}

#[test]
fn a_newer_schema_is_refused() {
    let Some((journal, conninfo)) = fresh() else {
        return;
    };
    drop(journal);
    raw(&conninfo)
        .execute(
            "UPDATE journal_schema SET version = $1",
            &[&(PG_SCHEMA_VERSION + 1)],
        )
        .unwrap();
    assert_eq!(
        PostgresJournal::open(&conninfo).unwrap_err(),
        JournalError::UnsupportedSchema {
            found: PG_SCHEMA_VERSION + 1,
            max_supported: PG_SCHEMA_VERSION
        }
    );
}

#[test]
fn another_applications_database_is_corrupt() {
    let Some(conninfo) = test_server::database() else {
        return;
    };
    raw(&conninfo)
        .batch_execute("CREATE TABLE recipes (name TEXT)")
        .unwrap();
    assert!(matches!(
        PostgresJournal::open(&conninfo),
        Err(JournalError::Corrupt { .. })
    ));
}

#[test]
fn opening_twice_and_at_once_creates_the_schema_once() {
    let Some(conninfo) = test_server::database() else {
        return;
    };
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let conninfo = conninfo.clone();
            std::thread::spawn(move || PostgresJournal::open(&conninfo).map(drop))
        })
        .collect();
    for opener in openers {
        opener.join().unwrap().unwrap();
    }
    let version: i64 = raw(&conninfo)
        .query_one("SELECT version FROM journal_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, PG_SCHEMA_VERSION);
}

#[test]
fn triggers_refuse_deletes_and_every_update_but_redaction() {
    let Some((mut journal, conninfo)) = fresh() else {
        return;
    };
    journal.append(1, vec![event(1), event(2)]).unwrap();
    let mut raw = raw(&conninfo);
    for refused in [
        "DELETE FROM events WHERE seq = 2",
        "TRUNCATE events",
        "UPDATE events SET kind = 'case.opened' WHERE seq = 1",
        "UPDATE events SET content = 'x' WHERE seq = 1",
        "UPDATE events SET hash = hash WHERE seq = 1",
        "UPDATE events SET redacted = TRUE, at = at + 1 WHERE seq = 1",
    ] {
        let err = raw.batch_execute(refused).unwrap_err();
        assert!(
            err.to_string().contains("append-only")
                || JournalError::from(err).to_string().contains("append-only"),
            "{refused}"
        );
    }
    raw.batch_execute("UPDATE events SET content = '', redacted = TRUE WHERE seq = 1")
        .unwrap();
    assert_eq!(journal.head().unwrap(), 2);
    assert!(verify(&journal).unwrap().is_ok());
}

#[test]
fn two_journals_appending_at_once_record_every_batch_once_in_one_chain() {
    let Some(conninfo) = test_server::database() else {
        return;
    };
    drop(PostgresJournal::open(&conninfo).unwrap());
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let conninfo = conninfo.clone();
            std::thread::spawn(move || {
                let mut journal = PostgresJournal::open(&conninfo).unwrap();
                let mut written = Vec::new();
                for n in 0..40 {
                    let batch = vec![event(w * 100 + n), event(w * 100 + n)];
                    loop {
                        let next = journal.head().unwrap() + 1;
                        match journal.append(next, batch.clone()) {
                            Ok(_) => break,
                            Err(JournalError::Conflict { .. }) => continue,
                            Err(e) => panic!("{e}"),
                        }
                    }
                    written.extend(batch.iter().map(|e| e.id));
                }
                written
            })
        })
        .collect();
    let mut written: Vec<Uuid> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let journal = PostgresJournal::open(&conninfo).unwrap();
    let mut stored = ids(&journal);
    assert_eq!(stored.len(), 160);
    written.sort();
    stored.sort();
    assert_eq!(stored, written);
    assert!(verify(&journal).unwrap().is_ok());
}

#[test]
fn a_journal_used_and_dropped_inside_a_hosts_async_runtime_does_not_panic() {
    let Some(conninfo) = test_server::database() else {
        return;
    };
    // The sync client started on, used on or dropped on a thread running a tokio runtime would
    // panic ("Cannot start a runtime from within a runtime"): the journal keeps it on its own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let head = runtime.block_on(async move {
        let mut journal = PostgresJournal::open(&conninfo).unwrap();
        journal.append(1, vec![event(1)]).unwrap();
        let head = journal.head().unwrap();
        drop(journal);
        head
    });
    assert_eq!(head, 1);
}

/// Waits until the listener says it is connected (it rings when it is), or fails the test.
fn until_live(signal: &ChangeSignal) {
    let started = std::time::Instant::now();
    while !signal.is_live() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never listening"
        );
        signal.wait(signal.generation(), Duration::from_millis(50));
    }
}

#[test]
fn another_journals_commit_rings_the_watchers_signal_and_a_rolled_back_append_does_not() {
    let Some((mut watcher, conninfo)) = fresh() else {
        return;
    };
    let signal = Arc::new(ChangeSignal::new());
    assert!(watcher.watch(Arc::clone(&signal)).unwrap());
    until_live(&signal);
    let mut writer = PostgresJournal::open(&conninfo).unwrap();
    let seen = signal.generation();
    // A conflicting append rolls back: PostgreSQL drops the notification with it.
    assert!(matches!(
        writer.append(5, vec![event(0)]),
        Err(JournalError::Conflict { .. })
    ));
    assert!(
        !signal.wait(seen, Duration::from_millis(500)),
        "rang on a rollback"
    );
    writer.append(1, vec![event(1)]).unwrap();
    assert!(
        signal.wait(seen, Duration::from_secs(10)),
        "no ring on commit"
    );
}

#[test]
fn a_listener_that_lost_its_connection_is_not_live_then_listens_again_and_rings() {
    let Some((mut watcher, conninfo)) = fresh() else {
        return;
    };
    let signal = Arc::new(ChangeSignal::new());
    watcher.watch(Arc::clone(&signal)).unwrap();
    until_live(&signal);
    let seen = signal.generation();
    drop_other_connections(&conninfo);
    // It notices, says so (the hub polls meanwhile), reconnects and rings again.
    assert!(signal.wait(seen, Duration::from_secs(10)));
    until_live(&signal);
    let seen = signal.generation();
    let mut writer = PostgresJournal::open(&conninfo).unwrap();
    writer.append(1, vec![event(1)]).unwrap();
    assert!(signal.wait(seen, Duration::from_secs(10)));
}
