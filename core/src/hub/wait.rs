//! Waiting for a change from any writer: this hub, another hub on the same SQLite file, or
//! another host on the same PostgreSQL database.
//!
//! The journal's head is the truth; the hub's [`ChangeSignal`](crate::journal::ChangeSignal)
//! is a hint that says when to read it again. The hub rings it after its own appends; a journal
//! that hears of other writers' commits (PostgreSQL's `LISTEN`) rings it too, and while it
//! does the hub reads the head only when rung (and once a second, in case). Otherwise (memory,
//! SQLite, or a PostgreSQL listener that lost its connection) the hub polls: it catches up
//! after 1 ms, then twice as long each time, up to [`POLL_MAX`]. A catch-up on SQLite is one
//! indexed query for the events after the hub's seq, so polling at that rate costs little.
//!
//! The wait never holds the hub's lock: other calls on the hub go on meanwhile. A subscription
//! (`notifications`) waits on a [`handle`](Hub::handle) of the hub from a thread of its own.

use super::Hub;
use crate::error::Result;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The longest pause between two reads of the head when the journal does not ring.
const POLL_MAX: Duration = Duration::from_millis(50);

/// The longest pause between two reads of the head while the journal rings: a safety net for
/// a notification the server dropped.
const HINTED_MAX: Duration = Duration::from_secs(1);

impl Hub {
    /// Blocks until the journal holds an event after `after` (written by this hub, another hub
    /// on the same store, or another process), or `timeout` passes; catches the hub up and
    /// returns the seq it has applied, which is at most `after` on a timeout. Like
    /// [`seq`](Self::seq) this is the host's call: the seq moves for events the host's users
    /// may not see.
    ///
    /// It blocks the calling thread: inside an async runtime, call it from a blocking task
    /// (`tokio::task::spawn_blocking`). The PostgreSQL journal listens on a thread of its own,
    /// so no runtime is started or dropped on the caller's.
    pub fn wait_for_change(&self, after: u64, timeout: Duration) -> Result<u64> {
        self.wait_unless(after, timeout, &AtomicBool::new(false))
    }

    /// [`wait_for_change`](Self::wait_for_change) that also returns when `stop` is set and the
    /// hub's change signal rung ([`stop_waiting`](Self::stop_waiting)).
    pub(crate) fn wait_unless(
        &self,
        after: u64,
        timeout: Duration,
        stop: &AtomicBool,
    ) -> Result<u64> {
        let start = Instant::now();
        let watched = self.watch()?;
        let mut pause = Duration::from_millis(1);
        loop {
            // The generation is read before the head, so a ring in between is not lost.
            let seen = self.changes.generation();
            let seq = {
                let mut inner = self.lock();
                inner.catch_up()?;
                inner.state.seq
            };
            let left = timeout.saturating_sub(start.elapsed());
            if seq > after || left.is_zero() || stop.load(Ordering::Acquire) {
                return Ok(seq);
            }
            let slice = if watched && self.changes.is_live() {
                HINTED_MAX
            } else {
                pause
            };
            self.changes.wait(seen, slice.min(left));
            pause = pause.saturating_mul(2).min(POLL_MAX);
        }
    }

    /// Sets `stop` and wakes every wait of this hub, so a [`wait_unless`](Self::wait_unless)
    /// on it returns now.
    pub(crate) fn stop_waiting(&self, stop: &AtomicBool) {
        stop.store(true, Ordering::Release);
        self.changes.ring();
    }

    /// Another handle on this hub (the same lock, state, clock and ids), for a thread the hub's
    /// caller does not own: a subscription's.
    pub(crate) fn handle(&self) -> Hub {
        Hub {
            inner: self.inner.clone(),
            clock: self.clock.clone(),
            ids: self.ids.clone(),
            snapshot_key: self.snapshot_key.clone(),
            changes: self.changes.clone(),
        }
    }

    /// Asks the journal, once, to ring the hub's change signal on other writers' commits;
    /// returns whether it does.
    fn watch(&self) -> Result<bool> {
        let mut inner = self.lock();
        if !inner.watching {
            inner.watching = inner.journal.watch(self.changes.clone())?;
        }
        Ok(inner.watching)
    }
}
