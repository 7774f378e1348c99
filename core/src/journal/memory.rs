//! [`MemoryJournal`]: the journal as a `Vec` in memory. Used by tests and by the WASM build,
//! whose host persists the journal as the bytes of [`export`](super::export).

use super::{
    check_verbatim_batch, seal_batch, Journal, JournalError, NewEvent, StoredEvent, GENESIS_HASH,
};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use uuid::Uuid;

/// An in-memory journal with the same semantics as `SqliteJournal` (feature `sqlite`).
#[derive(Default, Clone)]
pub struct MemoryJournal {
    events: Vec<StoredEvent>,
    // Kept so that appends reject a repeated id in O(1), as SQLite's UNIQUE index does.
    ids: HashSet<Uuid>,
    snapshots: BTreeMap<u64, Vec<u8>>,
}

// Debug output ends up in logs; the events hold personal data, so only counts are shown.
impl fmt::Debug for MemoryJournal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryJournal")
            .field("events", &self.events.len())
            .field("snapshots", &self.snapshots.len())
            .finish()
    }
}

impl MemoryJournal {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fault injection for tests: lets a test alter stored events the way someone with write
    /// access to the storage could, to prove [`verify`](super::verify) notices. Nothing in the
    /// hub calls this. The id index is rebuilt afterwards.
    pub fn tamper_for_tests(&mut self, f: impl FnOnce(&mut Vec<StoredEvent>)) {
        f(&mut self.events);
        self.ids = self.events.iter().map(|e| e.id).collect();
    }

    fn head_hash(&self) -> [u8; 32] {
        self.events.last().map_or(GENESIS_HASH, |e| e.hash)
    }

    /// Index of the first event with seq > `after`. Seqs are dense and sorted, so a binary search
    /// keeps change-feed paging cheap on a large journal.
    fn start_after(&self, after: u64) -> &[StoredEvent] {
        // From 0 means everything, even events whose seq was tampered out of order: verify must
        // see them, and a binary search over unsorted seqs could skip them.
        if after == 0 {
            return &self.events;
        }
        let start = self.events.partition_point(|e| e.seq <= after);
        self.events.get(start..).unwrap_or(&[])
    }
}

impl Journal for MemoryJournal {
    fn append(
        &mut self,
        expected_next: u64,
        events: Vec<NewEvent>,
    ) -> Result<Vec<StoredEvent>, JournalError> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let head = self.head()?;
        let actual_next = head.saturating_add(1);
        if expected_next != actual_next {
            return Err(JournalError::Conflict {
                expected_next,
                actual_next,
            });
        }
        // Sealing the whole batch before touching `self` makes the append all-or-nothing.
        let sealed = seal_batch(head, self.head_hash(), events, |id| {
            Ok(self.ids.contains(id))
        })?;
        self.ids.extend(sealed.iter().map(|e| e.id));
        self.events.extend(sealed.iter().cloned());
        Ok(sealed)
    }

    fn append_verbatim(&mut self, events: Vec<StoredEvent>) -> Result<(), JournalError> {
        check_verbatim_batch(self.head()?, self.head_hash(), &events, |id| {
            Ok(self.ids.contains(id))
        })?;
        self.ids.extend(events.iter().map(|e| e.id));
        self.events.extend(events);
        Ok(())
    }

    fn head(&self) -> Result<u64, JournalError> {
        Ok(self.events.last().map_or(0, |e| e.seq))
    }

    fn scan(
        &self,
        after: u64,
        f: &mut dyn FnMut(StoredEvent) -> Result<(), JournalError>,
    ) -> Result<(), JournalError> {
        self.start_after(after).iter().cloned().try_for_each(f)
    }

    fn events_since(&self, after: u64, limit: usize) -> Result<Vec<StoredEvent>, JournalError> {
        Ok(self
            .start_after(after)
            .iter()
            .take(limit)
            .cloned()
            .collect())
    }

    fn redact(&mut self, seq: u64, replacement: Vec<u8>) -> Result<(), JournalError> {
        let index = self
            .events
            .binary_search_by_key(&seq, |e| e.seq)
            .map_err(|_| JournalError::NotFound { seq })?;
        let event = self
            .events
            .get_mut(index)
            .ok_or(JournalError::NotFound { seq })?;
        event.content = replacement;
        event.redacted = true;
        self.snapshots.retain(|&s, _| s < seq);
        Ok(())
    }

    fn save_snapshot(&mut self, seq: u64, bytes: Vec<u8>) -> Result<(), JournalError> {
        if seq > self.head()? {
            return Err(JournalError::Invalid {
                reason: "snapshot seq is beyond the journal head",
            });
        }
        self.snapshots.insert(seq, bytes);
        Ok(())
    }

    fn latest_snapshot(&self) -> Result<Option<(u64, Vec<u8>)>, JournalError> {
        Ok(self
            .snapshots
            .last_key_value()
            .map(|(&seq, bytes)| (seq, bytes.clone())))
    }

    fn snapshot_seqs(&self) -> Result<Vec<u64>, JournalError> {
        Ok(self.snapshots.keys().copied().collect())
    }

    fn snapshot(&self, seq: u64) -> Result<Option<Vec<u8>>, JournalError> {
        Ok(self.snapshots.get(&seq).cloned())
    }

    fn drop_snapshot(&mut self, seq: u64) -> Result<(), JournalError> {
        self.snapshots.remove(&seq);
        Ok(())
    }
}
