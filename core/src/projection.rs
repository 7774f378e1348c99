//! What every projection's stored form shares: [`Derived`] for indexes rebuilt from the rest of
//! a projection (kept in a snapshot, left out of the state digest) and [`Packed`] for bulky parts
//! stored as postcard sections of a snapshot, with [`Lazy`] for a long vector decoded on first use
//! and [`Lists`] for lists of fixed-size values by id, read back as columns. Below every projection, so that the core records and each
//! feature's book can use them without depending on the state that composes them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cell::RefCell;
use std::sync::mpsc::{Receiver, Sender};

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
        let section = take_section(number).map_err(D::Error::custom)?;
        let value = postcard::from_bytes(&section)
            .map(Packed)
            .map_err(D::Error::custom);
        // Decoded: the buffer goes back to be filled with a later section.
        give_back(section);
        value
    }
}

/// Tells the reader of the snapshot this thread reads that a section is decoded, handing back
/// its buffer to be filled again (an empty one for a section kept whole).
fn give_back(buffer: Vec<u8>) {
    SECTIONS.with_borrow_mut(|sections| {
        if let Some(Sections::Reading(feed)) = sections {
            feed.give_back(buffer);
        }
    });
}

/// The bytes of section `number` of the snapshot this thread is reading.
fn take_section(number: usize) -> Result<Vec<u8>, &'static str> {
    SECTIONS.with_borrow_mut(|sections| match sections {
        Some(Sections::Reading(feed)) => feed.take(number).ok_or("no such snapshot section"),
        _ => Err("a packed part is read only from a snapshot"),
    })
}

/// The sections of a snapshot being read, each handed out once, by number, when the state's
/// decoding asks for it. They may still be arriving from storage: a restore reads a section
/// while the one before it decodes on another thread, so a county's hundreds of megabytes are
/// never all held at once, and a decoded section's buffer is filled again with a later one
/// instead of fresh memory (a page fault per 4 KiB page was a third of a restore).
pub(crate) struct Feed {
    /// The sections received, by number; each is `None` once handed out.
    received: Vec<Option<Vec<u8>>>,
    /// Where the rest arrive, in order; `None` when every section is at hand.
    incoming: Option<Receiver<Vec<u8>>>,
    /// Where the buffers of decoded sections go back to the reader.
    spare: Option<Sender<Vec<u8>>>,
}

impl Feed {
    /// Every section at hand, in order.
    pub(crate) fn ready(sections: Vec<Vec<u8>>) -> Self {
        Feed {
            received: sections.into_iter().map(Some).collect(),
            incoming: None,
            spare: None,
        }
    }

    /// Sections arriving in order on `incoming`; the buffers of decoded ones go back on `spare`.
    pub(crate) fn arriving(incoming: Receiver<Vec<u8>>, spare: Sender<Vec<u8>>) -> Self {
        Feed {
            received: Vec::new(),
            incoming: Some(incoming),
            spare: Some(spare),
        }
    }

    /// Section `number`, waiting for it if it has not arrived; `None` if it never comes (the
    /// reader stopped, or the number is beyond the snapshot's sections) or was handed out.
    fn take(&mut self, number: usize) -> Option<Vec<u8>> {
        while self.received.len() <= number {
            let next = self.incoming.as_ref()?.recv().ok()?;
            if self.received.len() < number {
                // Passed over: counted as decoded, or a reader that reads only a few sections
                // ahead of those decoded would wait for it while this waits for the reader
                // (bytes that ask for their sections out of order, which the MAC refuses, must
                // not hang a restore). Its bytes stay, should it be asked for later.
                self.give_back(Vec::new());
            }
            self.received.push(Some(next));
        }
        self.received.get_mut(number)?.take()
    }

    /// A decoded section's buffer, for the reader to fill again: the reader reads ahead only as
    /// far as the sections it has been given back allow.
    fn give_back(&mut self, buffer: Vec<u8>) {
        if let Some(spare) = &self.spare {
            // A reader that has stopped wants no buffers: this one is freed.
            let _ = spare.send(buffer);
        }
    }
}

/// The sections of the snapshot this thread is writing or reading (see [`Packed`]).
enum Sections {
    /// Being written: each packed part's postcard bytes, numbered in the order written.
    Writing(Vec<Vec<u8>>),
    /// Being read: where the numbered sections come from.
    Reading(Feed),
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

/// Runs `read`, which deserialises a state from a snapshot's core, with each [`Packed`] part
/// read from the numbered section `feed` hands out.
pub(crate) fn read_sectioned<R>(feed: Feed, read: impl FnOnce() -> R) -> R {
    let restore = Restore(SECTIONS.replace(Some(Sections::Reading(feed))));
    let out = read();
    drop(restore);
    out
}

/// The hash map of the incident projections, keyed by ids and references millions of times on
/// import and replay, where SipHash's cost showed. foldhash's random state varies per process and
/// per map (its authors call it minimally DoS-resistant), which is enough for references that come
/// from partner agencies' own systems.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
