//! [`PostgresJournal`]: the journal in a PostgreSQL database that several hosts share, each
//! embedding the library (one database per hub).
//!
//! # The client thread
//!
//! The sync `postgres` client runs a tokio runtime of its own; used or dropped on a thread where
//! a host's async runtime is running, it panics. So the client lives on a thread the journal
//! owns: every call is a job sent over a channel and answered over another, and dropping the
//! journal ends the thread, which drops the client there.
//!
//! # Appending
//!
//! One transaction: `SET LOCAL lock_timeout` (a bounded wait), a transaction-level advisory lock
//! for the hub ([`APPEND_LOCK`]), the head read, [`JournalError::Conflict`] when `expected_next`
//! is not head + 1, the seal, the inserts. `seq` is assigned here and is the primary key (never a
//! database sequence, which leaves gaps); a unique violation on it, were two writers ever to get
//! past the lock, is a `Conflict` too.
//!
//! A single event's append is three round trips, like a plain `INSERT` in a transaction of its
//! own: `BEGIN`, the bounded wait, the lock and the head read as one simple query (each its own
//! statement, so the head is read with a snapshot taken after the lock is held); the insert,
//! prepared once per connection; the notification and `COMMIT` as one simple query. Round
//! trips were most of the gap to a plain `INSERT` (`docs/BENCHMARKS.md`).
//!
//! # Hearing of other hosts' commits
//!
//! Every append (and verbatim append) sends `pg_notify` on [`CHANNEL`] inside its transaction,
//! so the notification is delivered only if it commits. PostgreSQL scopes a channel to its
//! database, and a database holds one hub, so one fixed name is a channel per hub.
//! [`Journal::watch`] starts a listener: a second connection on a thread of its own (like the
//! client's, so no runtime runs on a host's thread), which `LISTEN`s and rings the hub's
//! [`ChangeSignal`] on each notification. It marks the signal live only while it is connected,
//! and rings again after each (re)connection, so a commit made while it was away is found by
//! the hub's next read of the head: a lost notification only delays, the seq-ordered read stays
//! the truth. Dropping the journal stops the listener.
//!
//! # Failure modes
//!
//! - The server unreachable, or the connection dropped: [`JournalError::Unavailable`], retryable.
//!   The next call reconnects. Reads through the hub then fail rather than serve the last state
//!   seen: an agreement ended or a consent withdrawn by another host may be among what this one
//!   has not seen, and a read must not show what sharing no longer allows.
//! - The connection dropped during `COMMIT`: the outcome is unknown. The journal reconnects and
//!   looks the first event's id up: recorded means the append succeeded (it returns the events),
//!   absent means a clean failure (`Unavailable`, nothing written). If it cannot reconnect within
//!   the connect timeout it says so with [`JournalError::OutcomeUnknown`]: the write may be there,
//!   and the host should catch up (any read) before deciding to repeat it. Event ids are unique,
//!   so a batch is never recorded twice.
//! - The database's head behind what this journal has already seen (a failover that lost the
//!   tail): [`JournalError::Behind`] on every append and read, never a `Conflict` loop (the
//!   hub would otherwise catch up on nothing and retry) or a false `Tampered`.
//!
//! How a partnership deploys it, and what each error tells an operator: `docs/DEPLOYMENT.md`.

use super::postgres_schema;
use super::{
    check_verbatim_batch, seal_batch, ChangeSignal, Journal, JournalError, NewEvent, StoredEvent,
    GENESIS_HASH,
};
use chrono::{DateTime, Utc};
use postgres::error::SqlState;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, Config, GenericClient, NoTls, Row, SimpleQueryMessage, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;
use uuid::Uuid;

/// The advisory lock key every append of a hub takes for its transaction ("SHJA"). One database
/// holds one hub, so one key suffices.
const APPEND_LOCK: i64 = 0x5348_4A41;

/// The channel every append notifies on commit ([`Journal::watch`] listens on it). Channels
/// are per database, and a database holds one hub.
const CHANNEL: &str = "safehub_journal";

/// How often the listener looks up from waiting, to notice that its journal was dropped.
const LISTEN_TICK: Duration = Duration::from_millis(200);

/// The longest pause between the listener's attempts to reconnect.
const LISTEN_RETRY_MAX: Duration = Duration::from_secs(2);

/// Events read per round trip by [`Journal::scan`].
const SCAN_PAGE: i64 = 500;

/// The head seq (0 when empty), and a page of events after a seq, in one round trip: one row
/// per event, each carrying the head, or a single row of the head and `NULL`s when the page is
/// empty. (Sorting the page again costs little: a large content stays a pointer to its TOAST
/// until it is sent.)
const PAGE: &str = "SELECT h.head, e.seq, e.id, e.at, e.actor, e.kind, e.content, \
    e.content_hash, e.prev_hash, e.hash, e.redacted \
    FROM (SELECT COALESCE(MAX(seq), 0) AS head FROM events) h \
    LEFT JOIN LATERAL (SELECT * FROM events WHERE seq > $1 ORDER BY seq LIMIT $2) e ON TRUE \
    ORDER BY e.seq";
/// The head seq and hash, read inside the append's transaction.
const TAIL: &str = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
/// The head seq; 0 when empty.
const HEAD: &str = "SELECT COALESCE(MAX(seq), 0) FROM events";
const INSERT: &str = "INSERT INTO events
    (seq, id, at, actor, kind, content, content_hash, prev_hash, hash, redacted)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

/// Options for [`PostgresJournal::open_with`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostgresOptions {
    /// How long an append waits for another host's append (the advisory lock) before failing
    /// with [`JournalError::Storage`].
    pub lock_timeout: Duration,
    /// How long to wait for the server when connecting (also the time given to reconnect after
    /// a connection dropped during `COMMIT`), unless the conninfo sets its own.
    pub connect_timeout: Duration,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        Self {
            lock_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// What the client thread runs: one call of the journal.
type Job = Box<dyn FnOnce(&mut Session) + Send>;

/// A journal stored in PostgreSQL.
pub struct PostgresJournal {
    jobs: Option<mpsc::Sender<Job>>,
    worker: Option<JoinHandle<()>>,
    /// The highest seq this journal has seen stored (appended or read): a head below it means
    /// the database lost its tail.
    seen: AtomicU64,
    /// The listener [`Journal::watch`] started, if any.
    listener: Option<Listener>,
}

/// The thread that `LISTEN`s on [`CHANNEL`] and rings a hub's signal (module documentation).
struct Listener {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    fn start(config: Config, signal: Arc<ChangeSignal>) -> Result<Self, JournalError> {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("safehub-postgres-listen".into())
            .spawn(move || listen(&config, &signal, &stopped))
            .map_err(|e| JournalError::Storage(format!("cannot start the listener thread: {e}")))?;
        Ok(Listener {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The listener's loop: connect, `LISTEN`, ring on each notification; on a lost connection,
/// mark the signal not live (the hub polls) and reconnect with a growing pause.
fn listen(config: &Config, signal: &ChangeSignal, stop: &AtomicBool) {
    let mut retry = Duration::from_millis(10);
    while !stop.load(Ordering::Relaxed) {
        let listening = config.connect(NoTls).and_then(|mut client| {
            client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
            Ok(client)
        });
        let Ok(mut client) = listening else {
            signal.set_live(false);
            std::thread::sleep(retry);
            retry = retry.saturating_mul(2).min(LISTEN_RETRY_MAX);
            continue;
        };
        retry = Duration::from_millis(10);
        // Rings too: whatever was committed before the LISTEN is found by the next head read.
        signal.set_live(true);
        while !stop.load(Ordering::Relaxed) && !client.is_closed() {
            let mut notifications = client.notifications();
            let mut heard = notifications.timeout_iter(LISTEN_TICK);
            match heard.next() {
                Ok(Some(_)) => signal.ring(),
                Ok(None) => {}
                Err(_) => break,
            }
        }
        signal.set_live(false);
    }
}

impl std::fmt::Debug for PostgresJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresJournal")
            .field("seen", &self.seen.load(Ordering::Relaxed))
            .finish()
    }
}

/// The client thread's side: the connection (made on first need, dropped when it fails) and how
/// to make it again.
struct Session {
    config: Config,
    options: PostgresOptions,
    client: Option<Client>,
    /// The statements of the hot paths, prepared once per connection: a query given as text is
    /// prepared again on every call, a round trip of its own.
    prepared: HashMap<&'static str, Statement>,
    /// A fault the next append meets (tests of the outcome-unknown path).
    #[cfg(test)]
    fault: Option<tests::Fault>,
}

impl PostgresJournal {
    /// Connects to the database named by `conninfo` (`host=... dbname=...` or a
    /// `postgres://` URL) with default options, creating the journal's tables if the database
    /// has none and upgrading an older schema. Fails with [`JournalError::Unavailable`] if the
    /// server cannot be reached, [`JournalError::Corrupt`] if the database holds another
    /// application's tables and [`JournalError::UnsupportedSchema`] if a newer build wrote it.
    pub fn open(conninfo: &str) -> Result<Self, JournalError> {
        Self::open_with(conninfo, &PostgresOptions::default())
    }

    /// [`open`](Self::open) with explicit options.
    pub fn open_with(conninfo: &str, options: &PostgresOptions) -> Result<Self, JournalError> {
        let mut config: Config = conninfo.parse().map_err(|_| JournalError::Invalid {
            reason: "the PostgreSQL conninfo cannot be parsed",
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        // A connection that silently died (a failover, a cable) is noticed in seconds, not at
        // the kernel's default of two hours.
        config.keepalives(true);
        config.keepalives_idle(Duration::from_secs(10));
        config.tcp_user_timeout(Duration::from_secs(30));
        let session = Session {
            config,
            options: options.clone(),
            client: None,
            prepared: HashMap::new(),
            #[cfg(test)]
            fault: None,
        };
        let (jobs, inbox) = mpsc::channel::<Job>();
        let worker = std::thread::Builder::new()
            .name("safehub-postgres".into())
            .spawn(move || {
                let mut session = session;
                // Ends when the journal drops its sender; the client is dropped here, on this
                // thread, with the runtime it started.
                for job in inbox {
                    job(&mut session);
                }
            })
            .map_err(|e| JournalError::Storage(format!("cannot start the client thread: {e}")))?;
        let journal = PostgresJournal {
            jobs: Some(jobs),
            worker: Some(worker),
            seen: AtomicU64::new(0),
            listener: None,
        };
        journal.call(|s| {
            let client = s.client()?;
            postgres_schema::initialize(client).map_err(|e| s.failed(e))
        })?;
        Ok(journal)
    }

    /// Runs `job` on the client thread and waits for its answer.
    fn call<R: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Session) -> Result<R, JournalError> + Send + 'static,
    ) -> Result<R, JournalError> {
        let gone = || JournalError::Unavailable {
            reason: "the journal's client thread has stopped".into(),
        };
        let (answer, answered) = mpsc::sync_channel(1);
        let jobs = self.jobs.as_ref().ok_or_else(gone)?;
        jobs.send(Box::new(move |s: &mut Session| {
            // The caller waits for this answer; if it is gone there is no one to tell.
            let _ = answer.send(job(s));
        }))
        .map_err(|_| gone())?;
        answered.recv().map_err(|_| gone())?
    }

    /// Records that `seq` is stored.
    fn saw(&self, seq: u64) {
        self.seen.fetch_max(seq, Ordering::Relaxed);
    }

    /// [`JournalError::Behind`] if `head` is below what this journal has seen.
    fn check_not_behind(&self, head: u64) -> Result<(), JournalError> {
        let seen = self.seen.load(Ordering::Relaxed);
        if head < seen {
            Err(JournalError::Behind { seen, head })
        } else {
            Ok(())
        }
    }

    /// Up to `limit` events after `after` (an i64 cursor, so a first page from `i64::MIN` also
    /// returns tampered negative seqs), checked against what was seen. A row too malformed to
    /// decode ends the page: the events before it come back with its error, so that a scan
    /// delivers them first and [`verify`](super::verify) names the right seq.
    fn page(&self, after: i64, limit: i64) -> Result<Page, JournalError> {
        let (head, page) = self.call(move |s| {
            let result = (|| {
                let page_stmt = s.statement(PAGE)?;
                let mut rows = s.client()?.query(&page_stmt, &[&after, &limit])?;
                let head = match rows.first() {
                    Some(row) => as_head(row.try_get(0)?),
                    None => 0,
                };
                // The one row of an empty page holds only the head.
                if let [only] = rows.as_slice() {
                    if only.try_get::<_, Option<i64>>(1)?.is_none() {
                        rows.clear();
                    }
                }
                let mut page = Page {
                    full: i64::try_from(rows.len()).is_ok_and(|n| n == limit),
                    events: Vec::with_capacity(rows.len()),
                    bad_row: None,
                };
                for row in &rows {
                    match read_row(row) {
                        Ok(event) => page.events.push(event),
                        Err(e) => {
                            page.bad_row = Some(e);
                            break;
                        }
                    }
                }
                Ok((head, page))
            })();
            result.map_err(|e| s.failed(e))
        })?;
        self.check_not_behind(head)?;
        if let Some(last) = page.events.last() {
            self.saw(last.seq);
        }
        Ok(page)
    }
}

/// One page of a read: the events decoded, and the error of the row that ended it early.
struct Page {
    events: Vec<StoredEvent>,
    /// Whether the query returned as many rows as asked for (more may follow).
    full: bool,
    bad_row: Option<JournalError>,
}

impl Drop for PostgresJournal {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; joining makes sure the client (and its
        // runtime) is gone before the journal is. The listener stops the same way.
        drop(self.listener.take());
        drop(self.jobs.take());
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Session {
    /// The connection, made now if there is none.
    fn client(&mut self) -> Result<&mut Client, JournalError> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
        }
        match &mut self.client {
            Some(client) => Ok(client),
            slot @ None => {
                let client = self
                    .config
                    .connect(NoTls)
                    .map_err(|e| JournalError::Unavailable {
                        reason: e.to_string(),
                    })?;
                self.prepared.clear();
                Ok(slot.insert(client))
            }
        }
    }

    /// `sql` prepared on the current connection (made now if there is none), once per
    /// connection.
    fn statement(&mut self, sql: &'static str) -> Result<Statement, JournalError> {
        self.client()?;
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client()?.prepare(sql)?;
        self.prepared.insert(sql, statement.clone());
        Ok(statement)
    }

    /// Turns an error of a call into what the caller sees, forgetting a connection that is gone
    /// (so the next call reconnects) and reporting it as [`JournalError::Unavailable`].
    fn failed(&mut self, e: JournalError) -> JournalError {
        let closed = self.client.as_ref().is_none_or(Client::is_closed)
            || matches!(e, JournalError::Unavailable { .. });
        if closed {
            self.client = None;
            self.prepared.clear();
            if let JournalError::Storage(reason) = e {
                return JournalError::Unavailable { reason };
            }
        }
        e
    }

    /// The append transaction (see the module documentation). Returns the sealed events, and
    /// whether the failure (if any) happened at `COMMIT`.
    fn append(
        &mut self,
        expected_next: u64,
        seen: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, Failure> {
        let begin = format!(
            "BEGIN; {}; SELECT pg_advisory_xact_lock({APPEND_LOCK}); \
             SELECT seq, encode(hash, 'hex') FROM events ORDER BY seq DESC LIMIT 1",
            lock_timeout_sql(&self.options)
        );
        let insert = self.statement(INSERT).map_err(Failure::Before)?;
        #[cfg(test)]
        let fault = self.fault.take();
        let client = self.client().map_err(Failure::Before)?;
        let (tx, head, head_hash) = Appending::begin(client, &begin)?;
        if head < seen {
            return Err(Failure::Before(JournalError::Behind { seen, head }));
        }
        let actual_next = head.saturating_add(1);
        if expected_next != actual_next {
            return Err(Failure::Before(JournalError::Conflict {
                expected_next,
                actual_next,
            }));
        }
        // Ids already stored are caught by the UNIQUE constraint on insert; repeats within the
        // batch by seal_batch.
        let sealed = seal_batch(head, head_hash, events, |_| Ok(false)).map_err(Failure::Before)?;
        for e in &sealed {
            insert_one(tx.client, &insert, e, expected_next).map_err(Failure::Before)?;
        }
        #[cfg(test)]
        if fault == Some(tests::Fault::DropBeforeCommit) {
            tests::terminate_own_backend(tx.client);
        }
        let committed = tx.commit(sealed.last().map_or(head, |e| e.seq));
        #[cfg(test)]
        let committed = match committed {
            Ok(()) if fault == Some(tests::Fault::LoseCommitReply) => {
                self.client = None;
                Err(tests::lost_reply())
            }
            other => other,
        };
        match committed {
            Ok(()) => Ok(sealed),
            Err(e) => Err(Failure::AtCommit(e, sealed)),
        }
    }

    /// After a connection dropped during `COMMIT`: reconnects and looks the first event up.
    fn resolve(
        &mut self,
        error: JournalError,
        sealed: Vec<StoredEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError> {
        let error = self.failed(error);
        if !matches!(error, JournalError::Unavailable { .. }) {
            // The server answered the COMMIT with an error: it rolled back.
            return Err(error);
        }
        let Some(first) = sealed.first() else {
            return Err(error);
        };
        // The advisory lock is held by the interrupted transaction until the server has
        // committed or rolled it back: taking it first means the answer is final.
        let lock_timeout = lock_timeout_sql(&self.options);
        let found = (|| {
            let mut tx = self.client()?.transaction()?;
            tx.batch_execute(&lock_timeout)?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK])?;
            let row = tx.query_opt(
                "SELECT hash FROM events WHERE id = $1",
                &[&first.id.as_bytes().as_slice()],
            )?;
            Ok::<_, JournalError>(row.map(|r| r.try_get::<_, Vec<u8>>(0)).transpose()?)
        })();
        match found {
            Ok(Some(hash)) if hash.as_slice() == first.hash.as_slice() => Ok(sealed),
            Ok(Some(_)) => Err(JournalError::DuplicateId { id: first.id }),
            Ok(None) => Err(error),
            Err(e) => {
                self.failed(e);
                Err(JournalError::OutcomeUnknown { id: first.id })
            }
        }
    }
}

/// The append's transaction, begun by a simple query that also takes the lock and reads the
/// head (module documentation: `Client::transaction` would send `BEGIN` in a round trip of its
/// own). Rolled back when dropped uncommitted, like `postgres::Transaction`.
struct Appending<'a> {
    client: &'a mut Client,
    committed: bool,
}

impl<'a> Appending<'a> {
    /// Runs `begin` (`BEGIN`, statements, and last the head's seq and hash as hex) and returns
    /// the open transaction with the head.
    fn begin(client: &'a mut Client, begin: &str) -> Result<(Self, u64, [u8; 32]), Failure> {
        let answer = client.simple_query(begin);
        // Made before the answer is looked at: whatever failed after `BEGIN` is rolled back.
        let tx = Appending {
            client,
            committed: false,
        };
        let (head, hash) = text_tail(&answer?).map_err(Failure::Before)?;
        Ok((tx, head, hash))
    }

    /// Tells the listeners that the head will be `head` and commits, in one round trip.
    /// `NOTIFY` is delivered only if the transaction commits, in commit order.
    fn commit(mut self, head: u64) -> Result<(), JournalError> {
        self.client
            .batch_execute(&format!("SELECT pg_notify('{CHANNEL}', '{head}'); COMMIT"))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Appending<'_> {
    fn drop(&mut self) {
        // After a failed `COMMIT` there may be no transaction left: the server then only warns.
        if !self.committed && !self.client.is_closed() {
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

/// The head seq and hash from the text of the append's first query: the row of its last
/// statement, none when the journal is empty.
fn text_tail(answer: &[SimpleQueryMessage]) -> Result<(u64, [u8; 32]), JournalError> {
    let (mut rows, mut last) = (Vec::new(), Vec::new());
    for message in answer {
        match message {
            SimpleQueryMessage::Row(row) => rows.push(row),
            SimpleQueryMessage::CommandComplete(_) => last = std::mem::take(&mut rows),
            _ => {}
        }
    }
    let Some(row) = last.first() else {
        return Ok((0, GENESIS_HASH));
    };
    let unreadable = || JournalError::Storage("the head's seq and hash cannot be read".into());
    let seq: i64 = row
        .try_get(0)?
        .and_then(|t| t.parse().ok())
        .ok_or_else(unreadable)?;
    let seq = u64::try_from(seq).map_err(|_| JournalError::Tampered {
        seq: 0,
        reason: "stored seq is negative",
    })?;
    let hash = row
        .try_get(1)?
        .and_then(|t| hex::decode(t).ok())
        .ok_or_else(unreadable)?;
    let hash = <[u8; 32]>::try_from(hash).map_err(|_| JournalError::Tampered {
        seq,
        reason: "stored hash is not 32 bytes",
    })?;
    Ok((seq, hash))
}

/// How an append failed: before `COMMIT` (nothing written) or at it (outcome unknown until
/// looked up), with the events that were being committed.
enum Failure {
    Before(JournalError),
    AtCommit(JournalError, Vec<StoredEvent>),
}

impl From<postgres::Error> for Failure {
    fn from(e: postgres::Error) -> Self {
        Failure::Before(e.into())
    }
}

impl From<postgres::Error> for JournalError {
    fn from(e: postgres::Error) -> Self {
        // The server's message only, never its DETAIL, which can quote a row's values.
        if let Some(db) = e.as_db_error() {
            // The server ending this session (an administrator's terminate, a shutdown, a
            // server still starting) or a connection exception: the connection is going, and
            // the caller may retry on a new one. The client may not have seen the socket close
            // yet when this error arrives, so the code decides, not `is_closed`.
            let code = db.code().code();
            if code.starts_with("57P") || code.starts_with("08") {
                return JournalError::Unavailable {
                    reason: format!("{}: {} ({code})", db.severity(), db.message()),
                };
            }
            return JournalError::Storage(format!(
                "{}: {} ({})",
                db.severity(),
                db.message(),
                db.code().code()
            ));
        }
        let io = std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
        if e.is_closed() || io {
            JournalError::Unavailable {
                reason: e.to_string(),
            }
        } else {
            JournalError::Storage(e.to_string())
        }
    }
}

/// Tells the hosts listening on [`CHANNEL`] that the head will be `head` once this transaction
/// commits (PostgreSQL delivers it only then).
fn notify(tx: &mut postgres::Transaction<'_>, head: u64) -> Result<(), JournalError> {
    tx.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &head.to_string()])?;
    Ok(())
}

/// Bounds this transaction's wait for a lock (milliseconds).
fn lock_timeout_sql(options: &PostgresOptions) -> String {
    format!(
        "SET LOCAL lock_timeout = {}",
        options.lock_timeout.as_millis().max(1)
    )
}

/// Seq as PostgreSQL stores it (BIGINT).
fn sql_seq(seq: u64) -> Result<i64, JournalError> {
    i64::try_from(seq).map_err(|_| JournalError::Invalid {
        reason: "seq is beyond PostgreSQL's BIGINT range",
    })
}

/// The head seq ([`HEAD`], prepared); 0 when empty (and when every seq is negative, which
/// verify reports).
fn head_of(client: &mut Client, head: &Statement) -> Result<u64, JournalError> {
    Ok(as_head(client.query_one(head, &[])?.try_get(0)?))
}

/// A head as stored (`MAX(seq)`, 0 when empty) as a seq; 0 when every seq is negative.
fn as_head(max: i64) -> u64 {
    u64::try_from(max).unwrap_or(0)
}

/// The head seq and hash ([`TAIL`], prepared), read inside the append's transaction.
fn tail(
    tx: &mut postgres::Transaction<'_>,
    tail: &Statement,
) -> Result<(u64, [u8; 32]), JournalError> {
    let Some(row) = tx.query_opt(tail, &[])? else {
        return Ok((0, GENESIS_HASH));
    };
    let seq = u64::try_from(row.try_get::<_, i64>(0)?).map_err(|_| JournalError::Tampered {
        seq: 0,
        reason: "stored seq is negative",
    })?;
    let hash = <[u8; 32]>::try_from(row.try_get::<_, Vec<u8>>(1)?).map_err(|_| {
        JournalError::Tampered {
            seq,
            reason: "stored hash is not 32 bytes",
        }
    })?;
    Ok((seq, hash))
}

fn insert_one(
    tx: &mut impl GenericClient,
    insert: &Statement,
    e: &StoredEvent,
    expected_next: u64,
) -> Result<(), JournalError> {
    let result = tx.execute(
        insert,
        &[
            &sql_seq(e.seq)?,
            &e.id.as_bytes().as_slice(),
            &e.at.timestamp_micros(),
            &e.actor.as_bytes().as_slice(),
            &e.kind,
            &e.content,
            &e.content_hash.as_slice(),
            &e.prev_hash.as_slice(),
            &e.hash.as_slice(),
            &e.redacted,
        ],
    );
    match result {
        Ok(_) => Ok(()),
        Err(err) if err.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
            let on_seq = err
                .as_db_error()
                .and_then(|db| db.constraint())
                .is_some_and(|c| c == "events_pkey");
            Err(if on_seq {
                // Another writer got this seq first (the advisory lock makes this unreachable
                // for writers of this library; the key is the last line of defence).
                JournalError::Conflict {
                    expected_next,
                    actual_next: e.seq.saturating_add(1),
                }
            } else {
                JournalError::DuplicateId { id: e.id }
            })
        }
        Err(err) => Err(err.into()),
    }
}

/// Decodes a row without trusting it: a value altered outside the journal (wrong length,
/// impossible time, negative seq) becomes [`JournalError::Tampered`], which
/// [`verify`](super::verify) reports as the first bad event rather than failing. The event is
/// in columns 1 to 10 of a [`PAGE`] row (column 0 is the head).
fn read_row(row: &Row) -> Result<StoredEvent, JournalError> {
    let seq = u64::try_from(row.try_get::<_, i64>(1)?)
        .ok()
        .ok_or(JournalError::Tampered {
            seq: 0,
            reason: "stored seq is not a positive integer",
        })?;
    let bad = |reason: &'static str| JournalError::Tampered { seq, reason };
    let uuid = |i: usize, reason: &'static str| -> Result<Uuid, JournalError> {
        Uuid::from_slice(row.try_get::<_, &[u8]>(i)?).map_err(|_| bad(reason))
    };
    let hash = |i: usize, reason: &'static str| -> Result<[u8; 32], JournalError> {
        <[u8; 32]>::try_from(row.try_get::<_, &[u8]>(i)?).map_err(|_| bad(reason))
    };
    let at = DateTime::<Utc>::from_timestamp_micros(row.try_get::<_, i64>(3)?)
        .ok_or(bad("stored time is not a valid count of microseconds"))?;
    Ok(StoredEvent {
        seq,
        id: uuid(2, "stored id is not 16 bytes")?,
        at,
        actor: uuid(4, "stored actor is not 16 bytes")?,
        kind: row.try_get(5)?,
        content: row.try_get(6)?,
        content_hash: hash(7, "stored content_hash is not 32 bytes")?,
        prev_hash: hash(8, "stored prev_hash is not 32 bytes")?,
        hash: hash(9, "stored hash is not 32 bytes")?,
        redacted: row.try_get(10)?,
    })
}

impl Journal for PostgresJournal {
    fn append(
        &mut self,
        expected_next: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let seen = self.seen.load(Ordering::Relaxed);
        let sealed = self.call(move |s| match s.append(expected_next, seen, events) {
            Ok(sealed) => Ok(sealed),
            Err(Failure::Before(e)) => Err(s.failed(e)),
            Err(Failure::AtCommit(e, sealed)) => s.resolve(e, sealed),
        })?;
        if let Some(last) = sealed.last() {
            self.saw(last.seq);
        }
        Ok(sealed)
    }

    fn append_verbatim(&mut self, events: Vec<StoredEvent>) -> Result<(), JournalError> {
        let Some(last) = events.last().map(|e| e.seq) else {
            return Ok(());
        };
        self.call(move |s| {
            let result = (|| {
                let (insert, tail_stmt) = (s.statement(INSERT)?, s.statement(TAIL)?);
                let client = s.client()?;
                let mut tx = client.transaction()?;
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&APPEND_LOCK])?;
                let (head, head_hash) = tail(&mut tx, &tail_stmt)?;
                check_verbatim_batch(head, head_hash, &events, |_| Ok(false))?;
                let first = events.first().map_or(0, |e| e.seq);
                for e in &events {
                    insert_one(&mut tx, &insert, e, first)?;
                }
                notify(&mut tx, last)?;
                tx.commit()?;
                Ok(())
            })();
            result.map_err(|e| s.failed(e))
        })?;
        self.saw(last);
        Ok(())
    }

    fn seq_of(&self, id: Uuid) -> Result<Option<u64>, JournalError> {
        self.call(move |s| {
            let result = (|| {
                let row = s.client()?.query_opt(
                    "SELECT seq FROM events WHERE id = $1",
                    &[&id.as_bytes().as_slice()],
                )?;
                Ok(row
                    .map(|r| r.try_get::<_, i64>(0))
                    .transpose()?
                    .and_then(|seq| u64::try_from(seq).ok()))
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn head(&self) -> Result<u64, JournalError> {
        let head = self.call(|s| {
            let result = s
                .statement(HEAD)
                .and_then(|head| head_of(s.client()?, &head));
            result.map_err(|e| s.failed(e))
        })?;
        self.check_not_behind(head)?;
        self.saw(head);
        Ok(head)
    }

    fn scan(
        &self,
        after: u64,
        f: &mut dyn FnMut(StoredEvent) -> Result<(), JournalError>,
    ) -> Result<(), JournalError> {
        // Page by page, each its own round trip, so the callback runs on the caller's thread
        // between requests and may itself use the journal. verify() scans from 0 and must see
        // negative (tampered) seqs too.
        let mut cursor = if after == 0 {
            i64::MIN
        } else {
            i64::try_from(after).unwrap_or(i64::MAX)
        };
        loop {
            let page = self.page(cursor, SCAN_PAGE)?;
            let last = page.events.last().map(|e| e.seq);
            for event in page.events {
                f(event)?;
            }
            if let Some(e) = page.bad_row {
                return Err(e);
            }
            match last {
                Some(last) if page.full => cursor = sql_seq(last)?,
                _ => return Ok(()),
            }
        }
    }

    fn events_since(&self, after: u64, limit: usize) -> Result<Vec<StoredEvent>, JournalError> {
        let after = i64::try_from(after).unwrap_or(i64::MAX);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let page = self.page(after, limit)?;
        match page.bad_row {
            Some(e) => Err(e),
            None => Ok(page.events),
        }
    }

    fn redact(&mut self, seq: u64, replacement: Vec<u8>) -> Result<(), JournalError> {
        let sql_seq = sql_seq(seq).map_err(|_| JournalError::NotFound { seq })?;
        self.call(move |s| {
            let result = (|| {
                let mut tx = s.client()?.transaction()?;
                let changed = tx.execute(
                    "UPDATE events SET content = $1, redacted = TRUE WHERE seq = $2",
                    &[&replacement, &sql_seq],
                )?;
                if changed == 0 {
                    return Err(JournalError::NotFound { seq });
                }
                tx.execute("DELETE FROM snapshots WHERE seq >= $1", &[&sql_seq])?;
                tx.commit()?;
                Ok(())
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn watch(&mut self, signal: Arc<ChangeSignal>) -> Result<bool, JournalError> {
        if self.listener.is_none() {
            let config = self.call(|s| Ok(s.config.clone()))?;
            self.listener = Some(Listener::start(config, signal)?);
        }
        Ok(true)
    }

    fn save_snapshot(&mut self, seq: u64, bytes: Vec<u8>) -> Result<(), JournalError> {
        let sql_seq = sql_seq(seq)?;
        self.call(move |s| {
            let result = (|| {
                let head = s.statement(HEAD)?;
                let client = s.client()?;
                if seq > head_of(client, &head)? {
                    return Err(JournalError::Invalid {
                        reason: "snapshot seq is beyond the journal head",
                    });
                }
                client.execute(
                    "INSERT INTO snapshots (seq, bytes, saved_at) VALUES ($1, $2, $3)
                     ON CONFLICT (seq) DO UPDATE SET bytes = EXCLUDED.bytes, saved_at = EXCLUDED.saved_at",
                    &[&sql_seq, &bytes, &Utc::now().timestamp_micros()],
                )?;
                Ok(())
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn latest_snapshot(&self) -> Result<Option<(u64, Vec<u8>)>, JournalError> {
        self.call(|s| {
            let result = (|| {
                let row = s.client()?.query_opt(
                    "SELECT seq, bytes FROM snapshots ORDER BY seq DESC LIMIT 1",
                    &[],
                )?;
                let Some(row) = row else { return Ok(None) };
                let seq = u64::try_from(row.try_get::<_, i64>(0)?).map_err(|_| {
                    JournalError::Corrupt {
                        reason: "snapshot seq is negative".into(),
                    }
                })?;
                Ok(Some((seq, row.try_get(1)?)))
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn snapshot_seqs(&self) -> Result<Vec<u64>, JournalError> {
        self.call(|s| {
            let result = (|| {
                let rows = s
                    .client()?
                    .query("SELECT seq FROM snapshots ORDER BY seq", &[])?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    // A negative seq is no snapshot the hub wrote: it is skipped, not trusted.
                    if let Ok(seq) = u64::try_from(row.try_get::<_, i64>(0)?) {
                        out.push(seq);
                    }
                }
                Ok(out)
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn snapshot(&self, seq: u64) -> Result<Option<Vec<u8>>, JournalError> {
        let Ok(sql_seq) = sql_seq(seq) else {
            return Ok(None);
        };
        self.call(move |s| {
            let result = (|| {
                let row = s
                    .client()?
                    .query_opt("SELECT bytes FROM snapshots WHERE seq = $1", &[&sql_seq])?;
                Ok(match row {
                    Some(row) => Some(row.try_get(0)?),
                    None => None,
                })
            })();
            result.map_err(|e| s.failed(e))
        })
    }

    fn drop_snapshot(&mut self, seq: u64) -> Result<(), JournalError> {
        let Ok(sql_seq) = sql_seq(seq) else {
            return Ok(());
        };
        self.call(move |s| {
            let result = (|| {
                s.client()?
                    .execute("DELETE FROM snapshots WHERE seq = $1", &[&sql_seq])?;
                Ok(())
            })();
            result.map_err(|e| s.failed(e))
        })
    }
}

#[cfg(test)]
pub(super) mod tests;
