//! The state of a past time, for as-of reads: the state built from every event recorded at or
//! before that time, in seq order, exactly as a replay up to it would build it.
//!
//! It starts from a state the hub already has: the last one it built for the same time (kept,
//! so a review asking many questions about one date pays once), else the latest snapshot whose
//! events are all at or before the time, else the empty state. Under the hub's lock it reads the
//! events after that starting point, checking each against the chain, and keeps those at or
//! before the time; it applies them after releasing the lock, so other calls wait for a read of
//! the journal, not for a replay.
//!
//! Events are in time order per writer only: a late event from a slower clock can carry an
//! earlier time than events before it. So a snapshot is a starting point for time `t` only if
//! the latest time among *all* its events is at or before `t` (its point's `latest_at`), and
//! the events after it are filtered by time one by one, not cut at the first later one.

use super::replay::at_position;
use crate::error::{Error, Result};
use crate::events::codec::decode;
use crate::journal::{self, ChainCheck, Journal, StoredEvent};
use crate::snapshot::{self, Point, SnapshotKey};
use crate::state::State;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What as-of reads keep between calls. Cleared when an erasure rebuilds the state.
#[derive(Default)]
pub(crate) struct Past {
    /// The last past state built: its time, the state, and where its chain stands.
    last: Option<(DateTime<Utc>, Arc<State>, ChainCheck)>,
    /// The point of each stored snapshot this hub has looked at (`None`: not usable by it).
    snapshots: BTreeMap<u64, Option<Point>>,
    /// Counts the clearings, so a state built while the lock was released is not kept if an
    /// erasure came meanwhile.
    generation: u64,
}

/// Where a past state starts from.
enum Base {
    /// A state already built for the same time.
    Built(Arc<State>),
    /// A snapshot's bytes.
    Snapshot(Vec<u8>),
    /// The empty state.
    Empty,
}

/// What is read under the lock: the starting point and the events after it at or before `t`.
pub(super) struct Plan {
    base: Base,
    tail: Vec<StoredEvent>,
    chain: ChainCheck,
    generation: u64,
}

impl Past {
    /// Chooses where the state as of `t` starts and reads, checked, the events after it: the
    /// part that needs the journal, done under the hub's lock.
    pub(super) fn plan(
        &mut self,
        journal: &dyn Journal,
        t: DateTime<Utc>,
        key: &SnapshotKey,
    ) -> Result<Plan> {
        plan(journal, self, t, key)
    }

    /// Keeps `state`, built from `plan` for `t`, for the next read of the same time, unless an
    /// erasure cleared what is kept while it was being built.
    pub(super) fn keep(
        &mut self,
        t: DateTime<Utc>,
        state: Arc<State>,
        chain: ChainCheck,
        generation: u64,
    ) {
        if self.generation == generation {
            self.last = Some((t, state, chain));
        }
    }
}

impl Plan {
    /// Builds the state: the starting point, then the tail applied. Needs no lock. Returns the
    /// state with what [`Past::keep`] needs to keep it.
    pub(super) fn build(self, key: &SnapshotKey) -> Result<(Arc<State>, ChainCheck, u64)> {
        let mut state = match self.base {
            Base::Built(state) => state,
            Base::Snapshot(bytes) => Arc::new(
                snapshot::read(bytes.into(), key)?
                    .map(|(_, state)| state)
                    .ok_or(Error::Storage("snapshot could not be decoded".into()))?,
            ),
            Base::Empty => Arc::default(),
        };
        if !self.tail.is_empty() {
            let s = Arc::make_mut(&mut state);
            for stored in self.tail {
                s.apply_owned(stored.seq, stored.at, decode(&stored)?);
            }
        }
        Ok((state, self.chain, self.generation))
    }
}

/// Chooses the starting point for `t` and reads the events after it.
fn plan(
    journal: &dyn Journal,
    past: &mut Past,
    t: DateTime<Utc>,
    key: &SnapshotKey,
) -> Result<Plan> {
    if let Some((at, state, chain)) = &past.last {
        if *at == t {
            let mut chain = chain.clone();
            // An erasure since means the state may hold what it erased: start afresh.
            if let Some(tail) = tail(journal, &mut chain, t, true)? {
                return Ok(Plan {
                    base: Base::Built(state.clone()),
                    tail,
                    chain,
                    generation: past.generation,
                });
            }
        }
    }
    let (base, mut chain) = match starting_snapshot(journal, past, t, key)? {
        Some((bytes, point)) => (Base::Snapshot(bytes), point.chain()),
        None => (Base::Empty, ChainCheck::new()),
    };
    let tail = tail(journal, &mut chain, t, false)?.unwrap_or_default();
    Ok(Plan {
        base,
        tail,
        chain,
        generation: past.generation,
    })
}

/// The latest stored snapshot usable for `t`: readable by this build under `key`, bound to the
/// journal, and holding no event later than `t`.
fn starting_snapshot(
    journal: &dyn Journal,
    past: &mut Past,
    t: DateTime<Utc>,
    key: &SnapshotKey,
) -> Result<Option<(Vec<u8>, Point)>> {
    let seqs = journal.snapshot_seqs()?;
    // Snapshots another hub dropped are forgotten; new ones are looked at once.
    past.snapshots.retain(|seq, _| seqs.contains(seq));
    for &seq in &seqs {
        if past.snapshots.contains_key(&seq) {
            continue;
        }
        let point = match journal.snapshot(seq)? {
            Some(bytes) => usable(journal, &bytes, seq, key)?,
            None => None,
        };
        past.snapshots.insert(seq, point);
    }
    let candidates: Vec<u64> = past
        .snapshots
        .iter()
        .rev()
        .filter(|(_, p)| {
            p.as_ref()
                .is_some_and(|p| p.latest_at.is_some_and(|l| l <= t))
        })
        .map(|(&seq, _)| seq)
        .collect();
    for seq in candidates {
        // Read again: another hub may have replaced or dropped it since it was looked at.
        if let Some(bytes) = journal.snapshot(seq)? {
            if let Some(point) = usable(journal, &bytes, seq, key)? {
                if point.latest_at.is_some_and(|l| l <= t) {
                    return Ok(Some((bytes, point)));
                }
            }
        }
        past.snapshots.insert(seq, None);
    }
    Ok(None)
}

/// The point of a stored snapshot if this hub may start from it.
fn usable(
    journal: &dyn Journal,
    bytes: &[u8],
    seq: u64,
    key: &SnapshotKey,
) -> Result<Option<Point>> {
    let Some(point) = snapshot::point(bytes, key) else {
        return Ok(None);
    };
    Ok((point.seq == seq && snapshot::bound(journal, &point)?).then_some(point))
}

/// The events after where `chain` stands, each checked against it, keeping those at or before
/// `t`. With `stop_at_erasure`, `None` if one of them is an erasure.
fn tail(
    journal: &dyn Journal,
    chain: &mut ChainCheck,
    t: DateTime<Utc>,
    stop_at_erasure: bool,
) -> Result<Option<Vec<StoredEvent>>> {
    let mut kept = Vec::new();
    let mut erased = false;
    let result = journal::scan_with(journal, chain.seq(), |stored| {
        chain.accept(&stored)?;
        if stop_at_erasure && stored.kind == crate::protection::TOMBSTONE_KIND {
            erased = true;
            return Err(Error::Conflict);
        }
        if stored.at <= t {
            kept.push(stored);
        }
        Ok::<(), Error>(())
    });
    match result {
        Err(Error::Conflict) if erased => Ok(None),
        Err(e) => Err(at_position(e, chain)),
        Ok(()) => Ok(Some(kept)),
    }
}
