//! The write path: a change is decided against the caught-up state, appended to the journal in
//! one transaction, and only then applied to the projections. An append that finds another
//! writer got in first is decided again on the new state, up to [`MAX_ATTEMPTS`] times.
//!
//! When the last event the hub has applied is its own append, the first attempt skips the
//! catch-up (on PostgreSQL, a round trip of an append's four): the append is conditional on the
//! next seq, so a state that another writer has moved on from cannot be recorded from. Until
//! that append succeeds nothing decided counts: a refusal, or a decision to record nothing, may
//! be one that the other writer's events would change, so either is decided again on the
//! caught-up state before the caller hears of it.
//!
//! Features never touch the lock: they hand the hub a [`Command`], or a function that makes one
//! from an [`Attempt`], and get back the write as [`Committed`] when work must follow it under
//! the same lock.

use super::as_of::Past;
use super::replay::{apply_tail, replay};
use super::{Hub, MAX_ATTEMPTS};
use crate::audit::Consultation;
use crate::commands::{decide, Command};
use crate::context::Attempt;
use crate::error::{Error, Result};
use crate::events::codec;
use crate::events::Event;
use crate::ids::PractitionerId;
use crate::journal::{ChainCheck, Journal, JournalError, NewEvent, StoredEvent};
use crate::state::State;
use std::sync::MutexGuard;

/// What the hub's lock guards: the journal, the projections at `state.seq`, and the chain check.
pub(super) struct Inner {
    pub(super) journal: Box<dyn Journal>,
    pub(super) state: State,
    /// Where the chain stands at `state.seq`: every event applied has been checked against it.
    pub(super) chain: ChainCheck,
    /// What as-of reads keep between calls (the last past state, what the snapshots cover).
    pub(super) past: Past,
    /// Whether the journal rings the hub's change signal on other writers' commits.
    pub(super) watching: bool,
    /// The seq of this hub's last append (0 before its first).
    pub(super) own_head: u64,
}

impl Inner {
    /// Applies whatever other writers appended since this hub last looked, checking each event
    /// against the chain first.
    pub(super) fn catch_up(&mut self) -> Result<()> {
        let (state, chain) = (&mut self.state, &mut self.chain);
        apply_tail(self.journal.as_ref(), state, chain, None)
    }

    /// Applies events this hub has just appended itself.
    fn applied(&mut self, stored: &[StoredEvent], events: Vec<Event>) -> Result<()> {
        for (s, event) in stored.iter().zip(events) {
            self.chain.accept_sealed(s)?;
            self.state.apply_owned(s.seq, s.at, event);
        }
        self.own_head = self.state.seq;
        Ok(())
    }

    /// Whether the last event applied is this hub's own append, so that the next write may try
    /// its append before catching up (module documentation).
    fn wrote_last(&self) -> bool {
        self.own_head == self.state.seq
    }

    /// Rebuilds the projections and the chain check from the whole journal (after an erasure
    /// rewrote stored content).
    fn rebuild(&mut self) -> Result<()> {
        let mut chain = ChainCheck::new();
        self.state = replay(self.journal.as_ref(), None, &mut chain)?;
        self.chain = chain;
        // A past state kept for as-of reads may hold the erased content too.
        self.past = Default::default();
        Ok(())
    }

    /// The seq the next append must get.
    fn next_seq(&self) -> u64 {
        self.state.seq.saturating_add(1)
    }
}

/// A write just recorded, the hub still locked: no other writer comes between it and what is
/// done through it.
pub(crate) struct Committed<'a>(MutexGuard<'a, Inner>);

impl Committed<'_> {
    /// Replaces the stored content of events by their redacted form (an erasure's redactions,
    /// named by the tombstone just appended), then rebuilds the projections from the journal so
    /// nothing erased stays in memory.
    pub(crate) fn redact(mut self, redactions: Vec<(u64, Vec<u8>)>) -> Result<()> {
        for (seq, bytes) in redactions {
            self.0.journal.redact(seq, bytes)?;
        }
        self.0.rebuild()
    }
}

impl Hub {
    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic cannot happen while the lock is held (library code does not panic), and the
        // state is only changed after a successful append, so a poisoned lock is still sound.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Decides and records a command, retrying on a conflicting append.
    pub(crate) fn execute(&self, actor: PractitionerId, cmd: Command) -> Result<()> {
        self.execute_with(actor, |_| Ok(cmd.clone()), |_| ())
            .map(drop)
    }

    /// [`execute`](Self::execute) for a command made under the lock from each [`Attempt`]: the
    /// caught-up state and journal, at the attempt's time. Returns the write still holding the
    /// lock ([`Committed`]), so work that must follow the append (erasure's redactions) sees no
    /// other writer first, and what `summary` takes from the events recorded.
    pub(crate) fn execute_with<R>(
        &self,
        actor: PractitionerId,
        mut make: impl FnMut(&Attempt<'_>) -> Result<Command>,
        summary: impl Fn(&[Event]) -> R,
    ) -> Result<(Committed<'_>, R)> {
        let mut inner = self.lock();
        let mut unchecked = inner.wrote_last();
        let mut attempts = 0;
        loop {
            if !unchecked {
                if attempts == MAX_ATTEMPTS {
                    return Err(Error::Conflict);
                }
                attempts += 1;
                inner.catch_up()?;
            }
            let (events, batch) = match self.decided(&inner, actor, &mut make) {
                Ok((events, _)) if unchecked && events.is_empty() => {
                    unchecked = false;
                    continue;
                }
                Err(_) if unchecked => {
                    unchecked = false;
                    continue;
                }
                decided => decided?,
            };
            let next = inner.next_seq();
            match inner.journal.append(next, batch) {
                Ok(stored) => {
                    let kept = summary(&events);
                    inner.applied(&stored, events)?;
                    self.changes.ring();
                    return Ok((Committed(inner), kept));
                }
                Err(JournalError::Conflict { .. }) => unchecked = false,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// One attempt's decision on the state as `inner` holds it: the events, and the batch that
    /// records them.
    fn decided(
        &self,
        inner: &Inner,
        actor: PractitionerId,
        make: &mut impl FnMut(&Attempt<'_>) -> Result<Command>,
    ) -> Result<(Vec<Event>, Vec<NewEvent>)> {
        let at = self.clock.now();
        let cmd = make(&Attempt {
            state: &inner.state,
            journal: inner.journal.as_ref(),
            at,
        })?;
        let events = decide(&inner.state, actor, at, cmd)?;
        let mut batch = Vec::with_capacity(events.len());
        for event in &events {
            batch.push(NewEvent {
                id: self.id(),
                at,
                actor: actor.0,
                kind: event.kind().to_owned(),
                content: codec::encode(event)?,
            });
        }
        Ok((events, batch))
    }

    /// Records a consultation: the read that made it fails if it cannot be written. Nothing is
    /// decided on the state, so the first attempt does not catch up (the read that made the
    /// consultation just did): only a conflicting append makes it.
    pub(super) fn log(&self, viewer: PractitionerId, consultation: Consultation) -> Result<()> {
        let mut inner = self.lock();
        let event = Event::Consulted { consultation };
        for attempt in 0..MAX_ATTEMPTS {
            if attempt > 0 {
                inner.catch_up()?;
            }
            // Encoded per attempt, so the first (almost always the only one) moves its bytes
            // into the journal instead of copying them: a 200-entry case read logs about 6 kB.
            let batch = vec![NewEvent {
                id: self.id(),
                at: self.clock.now(),
                actor: viewer.0,
                kind: event.kind().to_owned(),
                content: codec::encode(&event)?,
            }];
            let next = inner.next_seq();
            match inner.journal.append(next, batch) {
                Ok(stored) => {
                    inner.applied(&stored, vec![event])?;
                    self.changes.ring();
                    return Ok(());
                }
                Err(JournalError::Conflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Conflict)
    }
}
