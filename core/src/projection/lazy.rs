//! [`Lazy`]: a long vector restored from a snapshot without decoding its elements, each decoded
//! on first use. Opening a county reads a million incidents' bytes, and decoding them all (their
//! texts, references and people, four allocations each) was the largest part of a restore
//! (0.9-1.2 s of 2-3 s), where a hub's reads touch a few hundred of them (a briefing's window, a
//! case's linked incidents, a lookup by id) and the Top N lists and repeat rules read their own
//! projections.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::{Arc, OnceLock};

/// A vector whose elements restored from a snapshot stay encoded (postcard, in the snapshot's
/// bytes, authenticated with it) until first read; elements added since are held decoded. Its
/// binary form is a snapshot section of its own: the elements' lengths, then their bytes.
/// JSON (the state digest) sees the elements themselves.
#[derive(Clone)]
pub(crate) struct Lazy<T> {
    /// Each element, once decoded or added.
    slots: Vec<OnceLock<Box<T>>>,
    /// The restored elements' bytes; empty when nothing was restored.
    stored: Stored,
}

/// Where the restored elements lie: their snapshot section, kept while the vector lives, and the
/// start of each element in it, with the end of the last.
#[derive(Clone, Default)]
struct Stored {
    bytes: Arc<Vec<u8>>,
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
        self.stored.bytes.get(start..end)
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
        let mut section = postcard::to_allocvec(&lens).map_err(S::Error::custom)?;
        section.extend_from_slice(&body);
        super::serialize_section(section, serializer)
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
        let number = usize::try_from(u64::deserialize(deserializer)?).map_err(D::Error::custom)?;
        // The section is kept whole, as the elements' bytes: it is not given back for reuse.
        let section = super::take_section(number).map_err(D::Error::custom)?;
        let (lens, rest) =
            postcard::take_from_bytes::<Vec<u32>>(&section).map_err(D::Error::custom)?;
        let mut bounds = Vec::with_capacity(lens.len().saturating_add(1));
        let mut at = section.len().saturating_sub(rest.len());
        bounds.push(at);
        for len in lens {
            at = at.saturating_add(len as usize);
            bounds.push(at);
        }
        if at != section.len() {
            return Err(D::Error::custom("a lazy part's lengths do not add up"));
        }
        let slots = (1..bounds.len()).map(|_| OnceLock::new()).collect();
        super::give_back(Vec::new());
        Ok(Lazy {
            slots,
            stored: Stored {
                bytes: Arc::new(section),
                bounds,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::{read_sectioned, write_sectioned, Feed};

    /// `lazy` written as a snapshot section and read back.
    fn round_trip(lazy: &Lazy<String>) -> Lazy<String> {
        let (core, sections) = write_sectioned(|| postcard::to_allocvec(lazy).unwrap());
        read_sectioned(Feed::ready(sections), || {
            postcard::from_bytes(&core).unwrap()
        })
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
}
