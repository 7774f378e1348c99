//! What every projection's stored form shares: [`Derived`] for indexes rebuilt from the rest of
//! a projection (kept in a snapshot, left out of the state digest) and [`Packed`] for bulky parts
//! stored as postcard inside a snapshot. Below every projection, so that the core records and each
//! feature's book can use them without depending on the state that composes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An index derived from the rest of the state: stored in a snapshot (a binary format), left out
/// of the JSON the state digest hashes, because it adds nothing the digest needs and the order of
/// a hash map differs between processes. It reads and writes as the value it wraps.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Derived<T>(T);

impl<T> std::ops::Deref for Derived<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Derived<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Serialize> Serialize for Derived<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_unit()
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Derived<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Derived)
    }
}

/// A bulky part of the state stored in a snapshot as postcard bytes inside its CBOR: postcard
/// reads many times faster than CBOR, and the incident book's types have binary forms postcard
/// can read (the import event is stored in postcard too). It reads and writes as the value it
/// wraps; JSON (the state digest) sees the value itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Packed<T>(T);

impl<T> std::ops::Deref for Packed<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Packed<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<'a, T> IntoIterator for &'a Packed<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<T: Serialize> Serialize for Packed<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return self.0.serialize(serializer);
        }
        let bytes = postcard::to_allocvec(&self.0).map_err(serde::ser::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(Packed);
        }
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("postcard bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        let bytes = deserializer.deserialize_byte_buf(Bytes)?;
        postcard::from_bytes(&bytes)
            .map(Packed)
            .map_err(serde::de::Error::custom)
    }
}

/// The hash map of the incident projections, keyed by ids and references millions of times on
/// import and replay, where SipHash's cost showed. foldhash's random state varies per process and
/// per map (its authors call it minimally DoS-resistant), which is enough for references that come
/// from partner agencies' own systems.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
