//! [`Lazy`]: a long vector restored from a snapshot without decoding its elements, each decoded
//! on first use. Opening a county reads a million incidents' bytes, and decoding them all (their
//! texts, references and people, four allocations each) was the largest part of a restore
//! (0.9-1.2 s of 2-3 s), where a hub's reads touch a few hundred of them (a briefing's window, a
//! case's linked incidents, a lookup by id) and the Top N lists and repeat rules read their own
//! projections.

use super::Fixed;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::OnceLock;

/// A vector whose elements restored from a snapshot stay encoded (postcard, in the snapshot's
/// bytes, authenticated with it) until first read; elements added since are held decoded. Its
/// binary form is two snapshot sections: the elements' lengths (a column of `u32`s), decoded,
/// then their bytes, kept (stored after every decoded section, so that a restore reads them
/// while the rest of the state decodes). JSON (the state digest) sees the elements themselves.
#[derive(Clone)]
pub(crate) struct Lazy<T> {
    /// Each element, once decoded or added.
    slots: Vec<OnceLock<Box<T>>>,
    /// The restored elements' bytes; empty when nothing was restored.
    stored: Stored,
}

/// Where the restored elements lie: their snapshot section, kept while the vector lives (set
/// once the snapshot is read to its end), and the start of each element in it, with the end of
/// the last.
#[derive(Clone, Default)]
struct Stored {
    bytes: super::Kept,
    bounds: Vec<usize>,
}

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Lazy {
            slots: Vec::new(),
            stored: Stored::default(),
        }
    }
}

impl<T: DeserializeOwned> Lazy<T> {
    /// How many elements it holds.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// The encoded bytes of a restored element.
    fn encoded(&self, index: usize) -> Option<&[u8]> {
        let start = *self.stored.bounds.get(index)?;
        let end = *self.stored.bounds.get(index.checked_add(1)?)?;
        self.stored.bytes.get()?.get(start..end)
    }

    /// The element at `index`, decoded now if it was restored and not read since. `None` past
    /// the end, or for bytes that do not decode (which the MAC and this build's encoder rule out).
    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        let slot = self.slots.get(index)?;
        if let Some(element) = slot.get() {
            return Some(element);
        }
        let element = postcard::from_bytes(self.encoded(index)?).ok()?;
        Some(slot.get_or_init(|| Box::new(element)))
    }

    /// Every element in order, decoding those not read yet.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> + Clone {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Appends elements, held decoded.
    pub(crate) fn extend(&mut self, elements: impl IntoIterator<Item = T>) {
        self.slots
            .extend(elements.into_iter().map(|e| OnceLock::from(Box::new(e))));
    }
}

impl<T: DeserializeOwned + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: DeserializeOwned + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Serialize + DeserializeOwned> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        if serializer.is_human_readable() {
            return serializer.collect_seq(self.iter());
        }
        // Restored elements are copied as they were stored (an element never changes once
        // recorded); the others are encoded.
        let mut lens = Vec::with_capacity(self.len());
        let mut body = Vec::new();
        for index in 0..self.len() {
            let start = body.len();
            match self.encoded(index) {
                Some(bytes) => body.extend_from_slice(bytes),
                None => {
                    let element = self
                        .get(index)
                        .ok_or_else(|| S::Error::custom("an element could not be read"))?;
                    body = postcard::to_extend(element, body).map_err(S::Error::custom)?;
                }
            }
            let len = u32::try_from(body.len().saturating_sub(start))
                .map_err(|_| S::Error::custom("an element is too large"))?;
            lens.push(len);
        }
        // The lengths as a column of `u32`s: read back as one allocation and a copy each.
        let mut column = Vec::with_capacity(lens.len().saturating_mul(4));
        for len in &lens {
            len.put(&mut column);
        }
        let lens = column;
        let lens = super::push_section(lens, false).map_err(S::Error::custom)?;
        let body = super::push_section(body, true).map_err(S::Error::custom)?;
        (lens, body).serialize(serializer)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        if deserializer.is_human_readable() {
            let mut lazy = Lazy::default();
            lazy.extend(Vec::<T>::deserialize(deserializer)?);
            return Ok(lazy);
        }
        let number = |n: u64| usize::try_from(n).map_err(D::Error::custom);
        let (lens, body) = <(u64, u64)>::deserialize(deserializer)?;
        let section = super::take_section(number(lens)?).map_err(D::Error::custom)?;
        let lens: Vec<u32> = super::lists::take_all(&section)
            .ok_or_else(|| D::Error::custom("a lazy part's lengths are cut short"))?;
        super::give_back(section);
        let mut bounds = Vec::with_capacity(lens.len().saturating_add(1));
        let mut at = 0usize;
        bounds.push(at);
        for len in lens {
            at = at
                .checked_add(len as usize)
                .ok_or_else(|| D::Error::custom("a lazy part's lengths overflow"))?;
            bounds.push(at);
        }
        // Its bytes come once the rest is decoded; lengths that do not add up to them fail
        // the restore then.
        let bytes = super::keep_section(number(body)?, at).map_err(D::Error::custom)?;
        let slots = (1..bounds.len()).map(|_| OnceLock::new()).collect();
        Ok(Lazy {
            slots,
            stored: Stored { bytes, bounds },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{read_sectioned, write_sectioned, Feed, Packed, Section};
    use std::sync::mpsc;
    use std::time::Duration;

    /// `lazy` written as a snapshot section and read back.
    fn round_trip(lazy: &Lazy<String>) -> Lazy<String> {
        let (core, sections) = write_sectioned(|| postcard::to_allocvec(lazy).unwrap());
        let sections = sections.into_iter().map(|s| s.bytes).collect();
        read_sectioned(Feed::ready(sections), || postcard::from_bytes(&core).ok()).unwrap()
    }

    #[test]
    fn restored_elements_read_back_on_first_use_and_added_ones_follow_them() {
        let mut lazy = Lazy::default();
        lazy.extend(["a".to_string(), String::new(), "ccc".into()]);
        let mut restored = round_trip(&lazy);
        assert_eq!(restored, lazy);
        assert_eq!(restored.get(2).map(String::as_str), Some("ccc"));
        assert_eq!(restored.get(3), None, "past the end: none, not a panic");
        restored.extend(["dd".to_string()]);
        // Written again: the restored bytes copied, the added element encoded after them.
        let again = round_trip(&restored);
        assert_eq!(
            again.iter().map(String::as_str).collect::<Vec<_>>(),
            ["a", "", "ccc", "dd"]
        );
    }

    /// A projection with a lazy vector and a part decoded after it, as the incident book has.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Book {
        incidents: Lazy<String>,
        after: Packed<Vec<u32>>,
    }

    fn book() -> (Book, Vec<u8>, Vec<Section>) {
        let mut incidents = Lazy::default();
        incidents.extend(["a".to_string(), "bb".into(), String::new()]);
        let book = Book {
            incidents,
            after: Packed(vec![1, 2, 3]),
        };
        let (core, sections) = write_sectioned(|| postcard::to_allocvec(&book).unwrap());
        (book, core, sections)
    }

    /// Reads `core` on another thread from sections sent as `send` does, and returns what it
    /// read.
    fn read_while_sent(
        core: Vec<u8>,
        count: usize,
        send: impl FnOnce(mpsc::Sender<(usize, Vec<u8>)>, mpsc::Receiver<Vec<u8>>),
    ) -> Option<Book> {
        let (sender, incoming) = mpsc::channel();
        let (spare, spares) = mpsc::channel();
        let decoder = std::thread::spawn(move || {
            read_sectioned(Feed::arriving(count, incoming, spare), || {
                postcard::from_bytes::<Book>(&core).ok()
            })
        });
        send(sender, spares);
        decoder.join().unwrap()
    }

    #[test]
    fn what_follows_a_lazy_vector_decodes_before_its_elements_bytes_arrive() {
        let (book, core, sections) = book();
        let kept: Vec<bool> = sections.iter().map(|s| s.kept).collect();
        assert_eq!(
            kept,
            [false, true, false],
            "lengths, elements, the part after"
        );
        let read = read_while_sent(core, sections.len(), |send, spares| {
            for (number, section) in sections.iter().enumerate().filter(|(_, s)| !s.kept) {
                send.send((number, section.bytes.clone())).unwrap();
            }
            // Both decoded sections come back decoded before the elements' bytes are sent: a
            // restore that waited for those bytes where the lazy vector stands would stall.
            for _ in 0..2 {
                spares
                    .recv_timeout(Duration::from_secs(10))
                    .expect("the part after the lazy vector decoded first");
            }
            send.send((1, sections[1].bytes.clone())).unwrap();
        });
        assert_eq!(read, Some(book));
    }

    #[test]
    fn elements_bytes_cut_short_or_never_sent_fail_the_read_without_a_hang() {
        let (_, core, sections) = book();
        let cut = read_while_sent(core.clone(), sections.len(), |send, _| {
            for (number, section) in sections.iter().enumerate() {
                let mut bytes = section.bytes.clone();
                if section.kept {
                    bytes.pop();
                }
                send.send((number, bytes)).unwrap();
            }
        });
        assert_eq!(cut, None);
        let never = read_while_sent(core, sections.len(), |send, _| {
            for (number, section) in sections.iter().enumerate().filter(|(_, s)| !s.kept) {
                send.send((number, section.bytes.clone())).unwrap();
            }
        });
        assert_eq!(never, None);
    }
}
