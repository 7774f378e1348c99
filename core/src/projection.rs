//! What every projection's stored form shares: [`Derived`] for indexes rebuilt from the rest of
//! a projection (kept in a snapshot, left out of the state digest) and [`Packed`] for bulky parts
//! stored as postcard sections of a snapshot, with [`Lazy`] for a long vector decoded on first use
//! and [`Lists`] for lists of fixed-size values by id, read back as columns. Below every projection, so that the core records and each
//! feature's book can use them without depending on the state that composes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::ops::Range;
use std::sync::Arc;

mod lazy;
mod lists;
pub(crate) use lazy::Lazy;
pub(crate) use lists::{rows, Fixed, Lists};

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

/// A bulky part of the state stored in a snapshot as a section of its own, in postcard, which
/// reads many times faster than CBOR (the incident book's types have binary forms postcard can
/// read; the import event is stored in postcard too). In the snapshot's CBOR it stands as its
/// section's number, so its bytes are read in place from the snapshot rather than copied out of
/// the CBOR first. It reads and writes as the value it wraps; JSON (the state digest) sees the
/// value itself. A binary form is written and read only inside [`write_sectioned`] and
/// [`read_sectioned`]: elsewhere it is an error, never bytes that another reader would misread.
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
        serialize_section(bytes, serializer)
    }
}

/// Sets `section` aside as the next section of the snapshot being written, writing its number
/// in its place.
fn serialize_section<S: Serializer>(section: Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
    let number = SECTIONS.with_borrow_mut(|sections| match sections {
        Some(Sections::Writing(written)) => {
            written.push(section);
            Some(written.len().saturating_sub(1))
        }
        _ => None,
    });
    match number.and_then(|n| u64::try_from(n).ok()) {
        Some(n) => serializer.serialize_u64(n),
        None => Err(serde::ser::Error::custom(
            "a packed part is written only as a snapshot's section",
        )),
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Packed<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if deserializer.is_human_readable() {
            return T::deserialize(deserializer).map(Packed);
        }
        let number = usize::try_from(u64::deserialize(deserializer)?).map_err(D::Error::custom)?;
        SECTIONS.with_borrow(|sections| {
            let Some(Sections::Reading { bytes, sections }) = sections else {
                return Err(D::Error::custom(
                    "a packed part is read only from a snapshot",
                ));
            };
            let section = sections
                .get(number)
                .and_then(|range| bytes.get(range.clone()))
                .ok_or_else(|| D::Error::custom("no such snapshot section"))?;
            postcard::from_bytes(section)
                .map(Packed)
                .map_err(D::Error::custom)
        })
    }
}

/// The sections of the snapshot this thread is writing or reading (see [`Packed`]).
enum Sections {
    /// Being written: each packed part's postcard bytes, numbered in the order written.
    Writing(Vec<Vec<u8>>),
    /// Being read: the snapshot's bytes and where each numbered section lies in them.
    Reading {
        bytes: Arc<Vec<u8>>,
        sections: Vec<Range<usize>>,
    },
}

thread_local! {
    static SECTIONS: RefCell<Option<Sections>> = const { RefCell::new(None) };
}

/// Puts back the sections this thread had before, however the write or read ends.
struct Restore(Option<Sections>);

impl Drop for Restore {
    fn drop(&mut self) {
        SECTIONS.set(self.0.take());
    }
}

/// Runs `write`, which serialises a state in a binary format, with every [`Packed`] part set
/// aside as a numbered section; returns what `write` returned and the sections, in order.
pub(crate) fn write_sectioned<R>(write: impl FnOnce() -> R) -> (R, Vec<Vec<u8>>) {
    let restore = Restore(SECTIONS.replace(Some(Sections::Writing(Vec::new()))));
    let out = write();
    let sections = match SECTIONS.take() {
        Some(Sections::Writing(sections)) => sections,
        _ => Vec::new(),
    };
    drop(restore);
    (out, sections)
}

/// Runs `read` on `bytes` (a snapshot), which deserialises a state whose [`Packed`] parts are
/// the numbered `sections` of `bytes`, read in place.
pub(crate) fn read_sectioned<R>(
    bytes: Arc<Vec<u8>>,
    sections: Vec<Range<usize>>,
    read: impl FnOnce(&[u8]) -> R,
) -> R {
    let restore = Restore(SECTIONS.replace(Some(Sections::Reading { bytes, sections })));
    let out = SECTIONS.with_borrow(|current| match current {
        Some(Sections::Reading { bytes, .. }) => read(bytes),
        _ => read(&[]),
    });
    drop(restore);
    out
}

/// The hash map of the incident projections, keyed by ids and references millions of times on
/// import and replay, where SipHash's cost showed. foldhash's random state varies per process and
/// per map (its authors call it minimally DoS-resistant), which is enough for references that come
/// from partner agencies' own systems.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
