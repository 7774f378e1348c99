//! The incident book's sorted columns: lookups of a million incidents (by id, by a source's own
//! reference) kept as flat sequences of `(key, position)` sorted by key and searched by
//! bisection, instead of hash maps.
//!
//! Why not a hash map: a snapshot restores a column as one decoded sequence, with no hashing, no
//! allocation per key and no table to grow, where restoring a hash map costs an insert per
//! incident, as building it did (at county scale the two maps these replace took a third of a
//! restore: 0.9 of 2.8 s decoding, `docs/BENCHMARKS.md`). Adding a batch sorts it and merges it
//! into the column, one pass per batch, never an insert per row.

use crate::projection::Fixed;
use serde::{Deserialize, Serialize};

/// Merges `batch`, sorted by `key`, into `column`, sorted by `key`: appended where the batch
/// starts after the column's last key, otherwise merged with the overlapping tail only, an
/// entry already in the column before a new one of the same key. The tail is read in order and
/// copied in runs between new entries, rather than moved an entry at a time: a batch's keys are
/// usually spread over the whole column (the references' fingerprints are), so every batch
/// passes over all of it. Found by a forward scan, not bisection: with new entries a few old
/// ones apart, bisecting the rest of the tail for each missed the cache and was slower.
pub(super) fn merge_sorted<T: Clone, K: Ord>(
    column: &mut Vec<T>,
    batch: Vec<T>,
    key: impl Fn(&T) -> K,
) {
    let Some(first) = batch.first().map(&key) else {
        return;
    };
    let from = column.partition_point(|r| key(r) < first);
    let tail = column.split_off(from);
    column.reserve(tail.len().saturating_add(batch.len()));
    let mut rest = tail.as_slice();
    for new in batch {
        let k = key(&new);
        let at = rest
            .iter()
            .position(|old| key(old) > k)
            .unwrap_or(rest.len());
        let (before, after) = rest.split_at_checked(at).unwrap_or((rest, &[]));
        column.extend_from_slice(before);
        column.push(new);
        rest = after;
    }
    column.extend_from_slice(rest);
}

/// Positions of incidents by a key, sorted by key, then position. Stored as fixed-width rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(
    serialize = "K: Fixed + Serialize",
    deserialize = "K: Fixed + serde::de::DeserializeOwned"
))]
pub(super) struct Column<K>(#[serde(with = "crate::projection::rows")] Vec<(K, u32)>);

// Not derived: a derive would ask for `K: Default`, which ids lack.
impl<K> Default for Column<K> {
    fn default() -> Self {
        Column(Vec::new())
    }
}

impl<K: Ord + Copy> Column<K> {
    /// Adds a batch of `(key, position)` pairs in any order.
    pub(super) fn add(&mut self, mut batch: Vec<(K, u32)>) {
        batch.sort_unstable();
        merge_sorted(&mut self.0, batch, |&pair| pair);
    }

    /// The positions recorded under `key`, in recorded order.
    pub(super) fn get(&self, key: K) -> impl Iterator<Item = u32> + '_ {
        let from = self.0.partition_point(|&(k, _)| k < key);
        self.0
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, position)| position)
    }
}

/// A stable 64-bit fingerprint of a host's reference (FNV-1a), the key of the references column:
/// the same in every process and build, as a stored column needs (the hash maps' seeds differ per
/// process). Two references may share one; a lookup compares the references themselves.
pub(super) fn fingerprint(reference: &str) -> u64 {
    reference.bytes().fold(0xcbf2_9ce4_8422_2325, |h: u64, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_in_any_order_lands_sorted_and_every_key_finds_all_its_positions() {
        let mut column = Column::default();
        column.add(vec![(5, 0), (1, 1), (9, 2)]);
        // Overlapping the column at both ends, and a key recorded twice.
        column.add(vec![(7, 3), (0, 4), (5, 5), (12, 6)]);
        assert_eq!(
            column.0,
            [(0, 4), (1, 1), (5, 0), (5, 5), (7, 3), (9, 2), (12, 6)]
        );
        assert_eq!(column.get(5).collect::<Vec<_>>(), [0, 5]);
        assert_eq!(column.get(12).collect::<Vec<_>>(), [6]);
        assert_eq!(column.get(6).count(), 0);
        assert_eq!(
            column.get(13).count(),
            0,
            "past the end: empty, not a panic"
        );
    }

    #[test]
    fn a_merge_keeps_the_column_before_the_batch_on_equal_keys_and_the_batch_in_its_order() {
        // Keyed by the first of each pair; the second tells old (0..) from new (10..).
        let mut column = vec![(1, 0), (3, 1), (3, 2), (5, 3), (8, 4)];
        let batch = vec![(0, 10), (3, 11), (3, 12), (4, 13), (8, 14), (9, 15)];
        merge_sorted(&mut column, batch, |&(k, _)| k);
        assert_eq!(
            column,
            [
                (0, 10),
                (1, 0),
                (3, 1),
                (3, 2),
                (3, 11),
                (3, 12),
                (4, 13),
                (5, 3),
                (8, 4),
                (8, 14),
                (9, 15)
            ]
        );
    }

    #[test]
    fn the_fingerprint_of_a_reference_is_fixed_across_builds() {
        // FNV-1a's published test vectors: a stored column depends on these never changing.
        assert_eq!(fingerprint(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint("foobar"), 0x8594_4171_f739_67e8);
    }
}
