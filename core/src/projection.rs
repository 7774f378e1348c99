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

/// A `BTreeMap` that reads back in bulk: serde's own reading inserts each entry from the root,
/// where the entries of a stored map come in key order and `BTreeMap`'s `FromIterator` builds the
/// tree from sorted entries bottom up (the people and places of a county, read one insert at a
/// time, were a tenth of opening it). It reads and writes as the map it wraps; entries out of
/// order still read, sorted, and a repeated key keeps its last value, as serde's map does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SortedMap<K, V>(std::collections::BTreeMap<K, V>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(std::collections::BTreeMap::new())
    }
}

impl<K, V> std::ops::Deref for SortedMap<K, V> {
    type Target = std::collections::BTreeMap<K, V>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<K, V> std::ops::DerefMut for SortedMap<K, V> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(std::marker::PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> serde::de::Visitor<'de>
            for Entries<K, V>
        {
            type Value = SortedMap<K, V>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                // The stated length is not trusted for more than a modest start.
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(SortedMap(entries.into_iter().collect()))
            }
        }

        deserializer.deserialize_map(Entries(std::marker::PhantomData))
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
        serializer.serialize_u64(push_section(bytes, false).map_err(serde::ser::Error::custom)?)
    }
}

/// Sets `bytes` aside as the next section of the snapshot being written, kept whole by the state
/// that reads it (`kept`) or decoded; returns its number, which stands in its place.
fn push_section(bytes: Vec<u8>, kept: bool) -> Result<u64, &'static str> {
    let number = SECTIONS.with_borrow_mut(|sections| match sections {
        Some(Sections::Writing(written)) => {
            written.push(Section { bytes, kept });
            Some(written.len().saturating_sub(1))
        }
        _ => None,
    });
    number
        .and_then(|n| u64::try_from(n).ok())
        .ok_or("a packed part is written only as a snapshot's section")
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
/// its buffer to be filled again.
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

/// Kept section `number` of the snapshot this thread is reading, which must hold `len` bytes:
/// empty until the state's decoding is done (see [`Feed::keep`]).
fn keep_section(number: usize, len: usize) -> Result<Kept, &'static str> {
    SECTIONS.with_borrow_mut(|sections| match sections {
        Some(Sections::Reading(feed)) => Ok(feed.keep(number, len)),
        _ => Err("a packed part is read only from a snapshot"),
    })
}

/// The bytes of a kept section, shared by the state that keeps them and set once they are read.
pub(crate) type Kept = std::sync::Arc<std::sync::OnceLock<Vec<u8>>>;

/// One section of a snapshot as written: its bytes, and whether the state keeps them whole
/// ([`Lazy`]'s elements) rather than decoding them. A snapshot stores the kept sections after
/// the decoded ones, so that a restore reads the kept bytes (most of a county's snapshot) while
/// the decoded sections decode, instead of decoding nothing while it reads them.
pub(crate) struct Section {
    /// Its bytes.
    pub(crate) bytes: Vec<u8>,
    /// Whether the state keeps them whole.
    pub(crate) kept: bool,
}

/// The sections of a snapshot being read, each handed out once, by number, when the state's
/// decoding asks for it. They may still be arriving from storage: a restore reads a section
/// while the one before it decodes on another thread, so a county's hundreds of megabytes are
/// never all held at once, and a decoded section's buffer is filled again with a later one
/// instead of fresh memory (a page fault per 4 KiB page was a third of a restore).
pub(crate) struct Feed {
    /// Each section, by number.
    slots: Vec<Slot>,
    /// Where the rest arrive, each with its number; `None` when every section is at hand.
    incoming: Option<Receiver<(usize, Vec<u8>)>>,
    /// Where the buffers of decoded sections go back to the reader.
    spare: Option<Sender<Vec<u8>>>,
    /// Kept sections asked for, with the length each must have and where its bytes go.
    kept: Vec<(usize, usize, Kept)>,
}

/// Where one section of a [`Feed`] stands.
enum Slot {
    /// Not arrived yet.
    Coming,
    /// Arrived and not handed out.
    Here(Vec<u8>),
    /// Handed out.
    Taken,
}

impl Feed {
    /// Every section at hand, by number.
    pub(crate) fn ready(sections: Vec<Vec<u8>>) -> Self {
        Feed {
            slots: sections.into_iter().map(Slot::Here).collect(),
            incoming: None,
            spare: None,
            kept: Vec::new(),
        }
    }

    /// `count` sections arriving on `incoming`, each with its number; the buffers of decoded
    /// ones go back on `spare`.
    pub(crate) fn arriving(
        count: usize,
        incoming: Receiver<(usize, Vec<u8>)>,
        spare: Sender<Vec<u8>>,
    ) -> Self {
        Feed {
            slots: (0..count).map(|_| Slot::Coming).collect(),
            incoming: Some(incoming),
            spare: Some(spare),
            kept: Vec::new(),
        }
    }

    /// Section `number`, waiting for it if it has not arrived; `None` if it never comes (the
    /// reader stopped, or the number is beyond the snapshot's sections) or was handed out.
    fn take(&mut self, number: usize) -> Option<Vec<u8>> {
        loop {
            match self.slots.get_mut(number)? {
                Slot::Taken => return None,
                slot @ Slot::Here(_) => {
                    return match std::mem::replace(slot, Slot::Taken) {
                        Slot::Here(bytes) => Some(bytes),
                        _ => None,
                    };
                }
                Slot::Coming => {}
            }
            let (arrived, bytes) = self.incoming.as_ref()?.recv().ok()?;
            let slot = self.slots.get_mut(arrived)?;
            if !matches!(slot, Slot::Coming) {
                return None;
            }
            *slot = Slot::Here(bytes);
            if arrived != number {
                // Passed over: counted as decoded, or a reader that reads only a few sections
                // ahead of those decoded would wait for it while this waits for the reader
                // (bytes that ask for their sections out of order, which the MAC refuses, must
                // not hang a restore). Its bytes stay, should it be asked for later.
                self.give_back(Vec::new());
            }
        }
    }

    /// Kept section `number`, which must hold `len` bytes: its bytes are set by [`Feed::settle`]
    /// once the state is decoded, since they are stored after every decoded section.
    fn keep(&mut self, number: usize, len: usize) -> Kept {
        let kept = Kept::default();
        self.kept.push((number, len, kept.clone()));
        kept
    }

    /// Sets the bytes of every kept section asked for, waiting for them; false if one never
    /// comes or has another length than its state expects.
    fn settle(&mut self) -> bool {
        for (number, len, kept) in std::mem::take(&mut self.kept) {
            match self.take(number) {
                Some(bytes) if bytes.len() == len => {
                    let _ = kept.set(bytes);
                }
                _ => return false,
            }
        }
        true
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
    /// Being written: each section, numbered in the order written.
    Writing(Vec<Section>),
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
/// aside as a numbered section; returns what `write` returned and the sections, by number.
pub(crate) fn write_sectioned<R>(write: impl FnOnce() -> R) -> (R, Vec<Section>) {
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
/// read from the numbered section `feed` hands out, then sets the bytes of the kept sections it
/// asked for. `None` if `read` fails or a kept section does not come whole.
pub(crate) fn read_sectioned<R>(feed: Feed, read: impl FnOnce() -> Option<R>) -> Option<R> {
    let restore = Restore(SECTIONS.replace(Some(Sections::Reading(feed))));
    // Nothing is waited for once the decoding has failed.
    let out = read().filter(|_| {
        SECTIONS.with_borrow_mut(|sections| match sections {
            Some(Sections::Reading(feed)) => feed.settle(),
            _ => false,
        })
    });
    drop(restore);
    out
}

/// The hash map of the incident projections, keyed by ids and references millions of times on
/// import and replay, where SipHash's cost showed. foldhash's random state varies per process and
/// per map (its authors call it minimally DoS-resistant), which is enough for references that come
/// from partner agencies' own systems.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Runs `a` on a second thread while `b` runs on this one, and returns when both are done: two
/// projections of one large batch built at once, each by the code that builds it alone. Where no
/// thread can be started (WebAssembly, or a system that refuses one), `a` runs here after `b`.
/// What each builds is the same either way, as `a` and `b` share nothing they change.
#[cfg(not(target_family = "wasm"))]
pub(crate) fn beside(a: impl FnOnce() + Send, b: impl FnOnce()) {
    // Taken by whichever thread runs it: the spawned one, or this one if none was spawned.
    let task = std::sync::Mutex::new(Some(a));
    let take = || task.lock().ok().and_then(|mut task| task.take());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("safehub-beside".into())
            .spawn_scoped(scope, || {
                if let Some(a) = take() {
                    a();
                }
            });
        b();
        match spawned {
            // A panic in `a` (a bug: the library does not panic) reaches the caller as it would
            // have on one thread.
            Ok(handle) => {
                if let Err(panic) = handle.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            Err(_) => {
                if let Some(a) = take() {
                    a();
                }
            }
        }
    });
}

/// [`beside`] where the WebAssembly module runs: on its one thread, without asking for another.
#[cfg(target_family = "wasm")]
pub(crate) fn beside(a: impl FnOnce() + Send, b: impl FnOnce()) {
    b();
    a();
}
