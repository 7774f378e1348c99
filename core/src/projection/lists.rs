//! [`Lists`]: a hash map from ids to lists of small fixed-size values (an incident's position,
//! a history's mark), and [`rows`]: a vector of them (a sorted column), both stored in a
//! snapshot as flat columns of fixed-width bytes. The incident
//! projections hold millions of such values; read one by one through serde, with a variable-length
//! integer and a `DateTime` each, the subjects' histories alone were a quarter of opening a county
//! from its snapshot. Read as columns, a list is one allocation and a copy per value.

use super::Map;
use crate::ids::{IncidentId, LocationId, PersonId};
use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::Hash;
use uuid::Uuid;

/// A value of a fixed number of bytes in a snapshot.
pub(crate) trait Fixed: Sized {
    /// How many bytes it takes.
    const SIZE: usize;
    /// Appends its bytes (exactly [`Fixed::SIZE`] of them).
    fn put(&self, out: &mut Vec<u8>);
    /// Reads it back from exactly [`Fixed::SIZE`] bytes; `None` for bytes it never wrote.
    fn take(bytes: &[u8]) -> Option<Self>;
}

impl Fixed for u32 {
    const SIZE: usize = 4;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Option<Self> {
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }
}

impl Fixed for u64 {
    const SIZE: usize = 8;
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(bytes: &[u8]) -> Option<Self> {
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    }
}

/// A pair is its two values' bytes, one after the other.
impl<A: Fixed, B: Fixed> Fixed for (A, B) {
    const SIZE: usize = A::SIZE + B::SIZE;
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn take(bytes: &[u8]) -> Option<Self> {
        Some((
            A::take(bytes.get(..A::SIZE)?)?,
            B::take(bytes.get(A::SIZE..)?)?,
        ))
    }
}

/// Every value of `bytes`, [`Fixed::SIZE`] bytes each; `None` unless they divide evenly and
/// each reads back.
pub(super) fn take_all<V: Fixed>(bytes: &[u8]) -> Option<Vec<V>> {
    if V::SIZE == 0 || bytes.len() % V::SIZE != 0 {
        return None;
    }
    // Sized from the bytes at hand: collecting into `Option` would grow it by doubling, each
    // step a copy into fresh pages (a million rows, twenty times).
    let mut values = Vec::with_capacity(bytes.len() / V::SIZE);
    for value in bytes.chunks_exact(V::SIZE) {
        values.push(V::take(value)?);
    }
    Some(values)
}

/// A vector of fixed-size values as one byte string of their bytes, in order: for a field,
/// `#[serde(with = "crate::projection::rows")]`. JSON sees the vector.
pub(crate) mod rows {
    use super::{take_all, Fixed};
    use serde::de::{DeserializeOwned, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the values.
    pub(crate) fn serialize<V: Fixed + Serialize, S: Serializer>(
        rows: &[V],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return rows.serialize(serializer);
        }
        let mut out = Vec::with_capacity(rows.len().saturating_mul(V::SIZE));
        for row in rows {
            row.put(&mut out);
        }
        serializer.serialize_bytes(&out)
    }

    /// Reads the values.
    pub(crate) fn deserialize<'de, V: Fixed + DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<V>, D::Error> {
        if deserializer.is_human_readable() {
            return Vec::deserialize(deserializer);
        }
        deserializer.deserialize_bytes(Rows(std::marker::PhantomData))
    }

    struct Rows<V>(std::marker::PhantomData<V>);

    impl<V: Fixed> Visitor<'_> for Rows<V> {
        type Value = Vec<V>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a column of fixed-width values")
        }

        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
            take_all(bytes).ok_or_else(|| E::custom("a column of values cut short"))
        }
    }
}

/// A UUID-backed id is its 16 bytes.
macro_rules! fixed_id {
    ($($id:ident),*) => {$(
        impl Fixed for $id {
            const SIZE: usize = 16;
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(self.0.as_bytes());
            }
            fn take(bytes: &[u8]) -> Option<Self> {
                Uuid::from_slice(bytes).ok().map($id)
            }
        }
    )*};
}

fixed_id!(IncidentId, PersonId, LocationId);

/// Lists of fixed-size values by a fixed-size key (an id, a blocking key). It reads and writes
/// (`Deref`) as the map it wraps; its binary form is one byte string: the number of lists
/// (`u32`, little-endian), each list's key ([`Fixed::SIZE`] bytes: 16 for an id) and length
/// (`u32`), then every list's values in the same order, [`Fixed::SIZE`] bytes each. JSON sees
/// the map.
#[derive(Clone, Debug)]
pub(crate) struct Lists<K, V>(Map<K, Vec<V>>);

impl<K: Eq + Hash, V: PartialEq> PartialEq for Lists<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K, V> Default for Lists<K, V> {
    fn default() -> Self {
        Lists(Map::default())
    }
}

impl<K, V> std::ops::Deref for Lists<K, V> {
    type Target = Map<K, Vec<V>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<K, V> std::ops::DerefMut for Lists<K, V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<K: Fixed + Serialize, V: Fixed + Serialize> Serialize for Lists<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        if serializer.is_human_readable() {
            return self.0.serialize(serializer);
        }
        let count = |n: usize| u32::try_from(n).map_err(|_| S::Error::custom("too many lists"));
        let values: usize = self.0.values().map(Vec::len).sum();
        let head = K::SIZE.saturating_add(4);
        let mut out = Vec::with_capacity(
            (self.0.len().saturating_mul(head))
                .saturating_add(values.saturating_mul(V::SIZE))
                .saturating_add(4),
        );
        out.extend_from_slice(&count(self.0.len())?.to_le_bytes());
        for (key, list) in &self.0 {
            key.put(&mut out);
            out.extend_from_slice(&count(list.len())?.to_le_bytes());
        }
        // The same iteration order: a map not changed in between iterates alike.
        for list in self.0.values() {
            for value in list {
                value.put(&mut out);
            }
        }
        serializer.serialize_bytes(&out)
    }
}

impl<'de, K: Fixed + Eq + Hash + DeserializeOwned, V: Fixed + DeserializeOwned> Deserialize<'de>
    for Lists<K, V>
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return Map::deserialize(deserializer).map(Lists);
        }
        deserializer.deserialize_bytes(Columns(std::marker::PhantomData))
    }
}

/// Reads the binary form of [`Lists`] from its bytes, in place.
struct Columns<K, V>(std::marker::PhantomData<(K, V)>);

impl<K: Fixed + Eq + Hash, V: Fixed> Visitor<'_> for Columns<K, V> {
    type Value = Lists<K, V>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("lists as columns of fixed-width values")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        let broken = || E::custom("lists whose columns do not add up");
        let count = bytes.get(..4).and_then(u32::take).ok_or_else(broken)? as usize;
        let head = K::SIZE.saturating_add(4);
        let heads = bytes
            .get(
                4..count
                    .checked_mul(head)
                    .and_then(|n| n.checked_add(4))
                    .ok_or_else(broken)?,
            )
            .ok_or_else(broken)?;
        let mut values = bytes.get(4 + heads.len()..).ok_or_else(broken)?;
        let mut map = Map::with_capacity_and_hasher(count, Default::default());
        for entry in heads.chunks_exact(head) {
            let (key, len) = entry.split_at(K::SIZE);
            let key = K::take(key).ok_or_else(broken)?;
            let len = u32::take(len).ok_or_else(broken)? as usize;
            let size = len.checked_mul(V::SIZE).ok_or_else(broken)?;
            if size > values.len() {
                return Err(broken());
            }
            let (these, rest) = values.split_at(size);
            values = rest;
            let list = take_all(these).ok_or_else(broken)?;
            map.insert(key, list);
        }
        if !values.is_empty() || map.len() != count {
            return Err(broken());
        }
        Ok(Lists(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_back_from_their_columns_and_broken_columns_are_refused() {
        let mut lists: Lists<PersonId, u32> = Lists::default();
        lists.insert(PersonId(Uuid::new_v4()), vec![1, 2, 3]);
        lists.insert(PersonId(Uuid::new_v4()), vec![]);
        lists.insert(PersonId(Uuid::new_v4()), vec![u32::MAX]);
        let bytes = postcard::to_allocvec(&lists).unwrap();
        let back: Lists<PersonId, u32> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, lists);
        let json = serde_json::to_string(&lists).unwrap();
        assert_eq!(
            serde_json::from_str::<Lists<PersonId, u32>>(&json).unwrap(),
            lists
        );
        // Cut short, or with a value too many: an error, never a panic or a partial map.
        for cut in 1..bytes.len() {
            assert!(postcard::from_bytes::<Lists<PersonId, u32>>(&bytes[..cut]).is_err());
        }
        let mut longer = postcard::to_allocvec(&lists).unwrap();
        longer[0] += 4; // the byte string's length
        longer.extend_from_slice(&7u32.to_le_bytes());
        assert!(postcard::from_bytes::<Lists<PersonId, u32>>(&longer).is_err());
    }

    #[test]
    fn lists_keyed_by_numbers_read_back_and_a_repeated_key_is_refused() {
        let mut lists: Lists<u64, PersonId> = Lists::default();
        lists.insert(
            u64::MAX,
            vec![PersonId(Uuid::new_v4()), PersonId(Uuid::new_v4())],
        );
        lists.insert(7, vec![PersonId(Uuid::new_v4())]);
        let bytes = postcard::to_allocvec(&lists).unwrap();
        let back: Lists<u64, PersonId> = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, lists);
        // The second key written as the first: two lists under one key is not a map.
        let mut twice = bytes.clone();
        assert_eq!(twice[0] as usize, twice.len() - 1, "a one-byte length");
        let first = 1 + 4; // the byte string's length, the count
        let key: [u8; 8] = twice[first..first + 8].try_into().unwrap();
        assert!(key == u64::MAX.to_le_bytes() || key == 7u64.to_le_bytes());
        twice[first + 12..first + 20].copy_from_slice(&key);
        assert!(postcard::from_bytes::<Lists<u64, PersonId>>(&twice).is_err());
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Column(#[serde(with = "crate::projection::rows")] Vec<(IncidentId, u32)>);

    #[test]
    fn a_column_reads_back_from_its_rows_and_a_cut_column_is_refused() {
        let column = Column(vec![
            (IncidentId(Uuid::new_v4()), 7),
            (IncidentId(Uuid::nil()), 0),
        ]);
        let bytes = postcard::to_allocvec(&column).unwrap();
        assert_eq!(bytes.len(), 1 + 2 * 20, "a length, then 20 bytes a row");
        assert_eq!(postcard::from_bytes::<Column>(&bytes).unwrap(), column);
        let json = serde_json::to_string(&column).unwrap();
        assert_eq!(serde_json::from_str::<Column>(&json).unwrap(), column);
        // A row cut short: the byte string's length says 39 bytes, not a whole number of rows.
        let mut cut = bytes[..bytes.len() - 1].to_vec();
        cut[0] -= 1;
        assert!(postcard::from_bytes::<Column>(&cut).is_err());
    }
}
