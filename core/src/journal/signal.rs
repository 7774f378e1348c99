//! [`ChangeSignal`]: how a waiting hub learns that the journal may have changed.
//!
//! The hub rings it after each of its own appends, and a journal that can be told of other
//! writers' commits (PostgreSQL, through `LISTEN`) rings it on each. A ring is only a hint: the
//! waiter reads the journal's head again, which stays the truth, so a ring lost or merged with
//! another only delays. Waiters note the generation *before* reading the head and wait for it to
//! move, so a ring between the read and the wait is not lost.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// A generation counter that waiters can block on (see the module documentation).
#[derive(Debug, Default)]
pub struct ChangeSignal {
    state: Mutex<Rings>,
    bell: Condvar,
}

#[derive(Debug, Default)]
struct Rings {
    generation: u64,
    /// Whether a journal is ringing on other writers' commits now (its listener is connected).
    live: bool,
}

impl ChangeSignal {
    /// A signal nobody rings yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Rings> {
        // Nothing panics while the lock is held; a poisoned counter is still a counter.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The generation now: note it before reading the head, then [`wait`](Self::wait) on it.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Something may have changed: wakes every waiter.
    pub fn ring(&self) {
        let mut rings = self.lock();
        rings.generation = rings.generation.wrapping_add(1);
        self.bell.notify_all();
    }

    /// Records whether other writers' commits ring this signal now, and rings: a listener that
    /// has just (re)connected may have missed commits, so waiters read the head again.
    pub fn set_live(&self, live: bool) {
        let mut rings = self.lock();
        rings.live = live;
        rings.generation = rings.generation.wrapping_add(1);
        self.bell.notify_all();
    }

    /// Whether other writers' commits ring this signal now; if not, waiters must poll.
    pub fn is_live(&self) -> bool {
        self.lock().live
    }

    /// Blocks until the generation is no longer `seen` or `timeout` passes; returns whether it
    /// moved.
    pub fn wait(&self, seen: u64, timeout: Duration) -> bool {
        let rings = self.lock();
        let (rings, _) = self
            .bell
            .wait_timeout_while(rings, timeout, |r| r.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        rings.generation != seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_ring_between_reading_the_generation_and_waiting_is_not_lost() {
        let signal = ChangeSignal::new();
        let seen = signal.generation();
        signal.ring();
        assert!(signal.wait(seen, Duration::from_secs(5)));
    }

    #[test]
    fn a_wait_without_a_ring_times_out() {
        let signal = ChangeSignal::new();
        assert!(!signal.wait(signal.generation(), Duration::from_millis(20)));
    }

    #[test]
    fn a_ring_from_another_thread_wakes_the_waiter() {
        let signal = Arc::new(ChangeSignal::new());
        let seen = signal.generation();
        let ringer = Arc::clone(&signal);
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(20));
            ringer.ring();
        });
        assert!(signal.wait(seen, Duration::from_secs(10)));
        assert!(t.join().is_ok());
    }
}
