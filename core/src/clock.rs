//! Where time and fresh ids come from.
//!
//! The core never reads the system clock or a random source inside `decide` or `apply`: the
//! [`Hub`](crate::Hub) asks its injected [`Clock`] and [`IdSource`] before deciding and passes the
//! answers in. Tests inject a [`ManualClock`] and [`SequentialIds`] and get the same journal on
//! every run.

use chrono::{DateTime, TimeZone, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// The current time. The journal keeps whole microseconds.
    fn now(&self) -> DateTime<Utc>;
}

/// A source of fresh, unique ids.
pub trait IdSource: Send + Sync {
    /// A new id, never returned before by this source.
    fn next_id(&self) -> Uuid;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        truncate_to_micros(Utc::now())
    }
}

/// A clock that stands still until told to move: for tests, simulations and replays.
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    /// A clock showing `start`.
    pub fn new(start: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(truncate_to_micros(start))))
    }

    /// A clock at midnight UTC on the given day; `None` if the date does not exist.
    pub fn at_date(year: i32, month: u32, day: u32) -> Option<Self> {
        Utc.with_ymd_and_hms(year, month, day, 0, 0, 0)
            .single()
            .map(Self::new)
    }

    /// Moves the clock to `to`.
    pub fn set(&self, to: DateTime<Utc>) {
        // A poisoned lock still holds a valid time: keep going rather than panic.
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *guard = truncate_to_micros(to);
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *guard = truncate_to_micros(*guard + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Random (version 4) ids: the production default.
#[derive(Clone, Copy, Debug, Default)]
pub struct RandomIds;

impl IdSource for RandomIds {
    fn next_id(&self) -> Uuid {
        Uuid::new_v4()
    }
}

/// Ids counted up from a seed: deterministic, for tests and generated boroughs.
#[derive(Debug)]
pub struct SequentialIds {
    seed: u64,
    next: AtomicU64,
}

impl SequentialIds {
    /// Ids whose high half is `seed` and low half counts from 1. Two sources with different seeds
    /// never collide.
    pub fn new(seed: u64) -> Self {
        SequentialIds {
            seed,
            next: AtomicU64::new(1),
        }
    }
}

impl IdSource for SequentialIds {
    fn next_id(&self) -> Uuid {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        Uuid::from_u64_pair(self.seed, n)
    }
}

/// Drops sub-microsecond precision, which the journal does not store, so that what is decided
/// and what is read back after a reopen compare equal.
pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

/// A time field of a domain record: an RFC 3339 string in JSON (the public form, unchanged),
/// whole microseconds since the Unix epoch in a binary form (a snapshot's bulk, see
/// [`crate::snapshot`]), where formatting and parsing a string per record was most of a restore.
/// Every time the core keeps is already truncated to microseconds, so nothing is lost.
pub(crate) mod instant {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the time.
    pub(crate) fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            t.serialize(s)
        } else {
            t.timestamp_micros().serialize(s)
        }
    }

    /// Reads the time.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        if d.is_human_readable() {
            DateTime::<Utc>::deserialize(d)
        } else {
            let micros = i64::deserialize(d)?;
            DateTime::from_timestamp_micros(micros)
                .ok_or_else(|| serde::de::Error::custom("a time out of range"))
        }
    }
}
