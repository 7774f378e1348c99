//! [`Lazy`]: a long vector restored from a snapshot without decoding its elements, each decoded
//! on first use. Opening a county reads a million incidents' bytes, and decoding them all (their
//! texts, references and people, four allocations each) was the largest part of a restore
//! (0.9-1.2 s of 2-3 s), where a hub's reads touch a few hundred of them (a briefing's window, a
//! case's linked incidents, a lookup by id) and the Top N lists and repeat rules read their own
//! projections.
//!
//! The elements' bytes are stored in blocks of about [`BLOCK`] bytes, each compressed (LZ4) on
//! its own. Once the rest of a restore was cheap, reading, authenticating and paging in those
//! bytes (more than half of a county's snapshot) was its longest part; compressed, a restore
//! reads a quarter to a half of them (incidents repeat their agencies, practitioners, people and
//! places, and their categories), and the first read of an element decompresses and decodes its
//! block, a few dozen elements, in tens of microseconds.

use super::Fixed;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::OnceLock;

/// About how many uncompressed bytes a block holds: small enough that a first read decodes a
/// few dozen elements, not hundreds; large enough that LZ4 finds the repeats between them.
const BLOCK: usize = 8 * 1024;

/// A vector whose elements restored from a snapshot stay encoded (postcard, compressed in
/// blocks, in the snapshot's bytes, authenticated with it) until first read; elements added since
/// are held decoded. Its binary form is three snapshot sections: the elements' lengths and the
/// blocks' element counts and compressed lengths (columns of `u32`s), decoded, then the
/// compressed blocks, kept (stored after every decoded section, so that a restore reads them
/// while the rest of the state decodes). JSON (the state digest) sees the elements themselves.
#[derive(Clone)]
pub(crate) struct Lazy<T> {
    /// Each element, once decoded or added.
    slots: Vec<OnceLock<Box<T>>>,
    /// The restored elements' bytes; empty when nothing was restored.
    stored: Stored,
}

/// Where the restored elements lie: their snapshot section, kept while the vector lives (set
/// once the snapshot is read to its end), the start of each element in the blocks' bytes once
/// decompressed, with the end of the last, and where each block starts.
#[derive(Clone, Default)]
struct Stored {
    bytes: super::Kept,
    bounds: Vec<usize>,
    /// Each block's first element and the start of its compressed bytes, then one entry more
    /// with the element count and the compressed length: block `b` holds elements
    /// `blocks[b].0..blocks[b + 1].0`, compressed in `blocks[b].1..blocks[b + 1].1`.
    blocks: Vec<(usize, usize)>,
}

impl Stored {
    /// How many elements the stored blocks hold.
    fn elements(&self) -> usize {
        self.blocks.last().map_or(0, |&(elements, _)| elements)
    }
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

    /// The element at `index`, decoded now (with the rest of its block) if it was restored and
    /// not read since. `None` past the end, or for bytes that do not decode (which the MAC and
    /// this build's encoder rule out).
    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        let slot = self.slots.get(index)?;
        if let Some(element) = slot.get() {
            return Some(element);
        }
        self.decode_block(index)?;
        slot.get().map(|element| &**element)
    }

    /// Decodes the elements of the stored block holding element `index` that are not decoded
    /// yet: a block is decompressed once for all its elements, as reads in a window or a scan
    /// touch its neighbours next.
    fn decode_block(&self, index: usize) -> Option<()> {
        let stored = &self.stored;
        let block = stored
            .blocks
            .partition_point(|&(first, _)| first <= index)
            .checked_sub(1)?;
        let &(first, from) = stored.blocks.get(block)?;
        let &(end, to) = stored.blocks.get(block.checked_add(1)?)?;
        let compressed = stored.bytes.get()?.get(from..to)?;
        let base = *stored.bounds.get(first)?;
        let size = stored.bounds.get(end)?.checked_sub(base)?;
        let mut bytes = vec![0; size];
        if lz4_flex::block::decompress_into(compressed, &mut bytes).ok()? != size {
            return None;
        }
        for element in first..end {
            let slot = self.slots.get(element)?;
            if slot.get().is_some() {
                continue;
            }
            let start = stored.bounds.get(element)?.checked_sub(base)?;
            let stop = stored
                .bounds
                .get(element.checked_add(1)?)?
                .checked_sub(base)?;
            let decoded = postcard::from_bytes(bytes.get(start..stop)?).ok()?;
            let _ = slot.set(Box::new(decoded));
        }
        Some(())
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

/// The binary form of a [`Lazy`] being written: its columns and compressed blocks.
#[derive(Default)]
struct Written {
    /// Each element's length, as a column of `u32`s.
    lens: Vec<u8>,
    /// Each block's element count and compressed length, as a column of `u32` pairs.
    blocks: Vec<u8>,
    /// The compressed blocks.
    body: Vec<u8>,
}

impl Written {
    /// Adds a block's entry; its compressed bytes are already in `body`.
    fn block(&mut self, elements: usize, compressed: usize) -> Result<(), &'static str> {
        let too_large = "a lazy part's block is too large";
        u32::try_from(elements)
            .map_err(|_| too_large)?
            .put(&mut self.blocks);
        u32::try_from(compressed)
            .map_err(|_| too_large)?
            .put(&mut self.blocks);
        Ok(())
    }

    /// Compresses `raw`, the encoded bytes of `elements` elements, as the next block.
    fn compress(&mut self, raw: &[u8], elements: usize) -> Result<(), &'static str> {
        let start = self.body.len();
        let bound = lz4_flex::block::get_maximum_output_size(raw.len());
        self.body.resize(start.saturating_add(bound), 0);
        let out = self
            .body
            .get_mut(start..)
            .ok_or("a lazy part's block is lost")?;
        let len = lz4_flex::block::compress_into(raw, out)
            .map_err(|_| "a lazy part's block does not compress")?;
        self.body.truncate(start.saturating_add(len));
        self.block(elements, len)
    }
}

impl<T: Serialize + DeserializeOwned> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        if serializer.is_human_readable() {
            return serializer.collect_seq(self.iter());
        }
        let lost = || S::Error::custom("an element could not be read");
        let mut written = Written::default();
        // Restored blocks are copied as they were stored (an element never changes once
        // recorded); the elements added since are encoded into new blocks.
        let stored = &self.stored;
        let restored = stored.elements();
        if restored > 0 {
            let bytes = stored.bytes.get().ok_or_else(lost)?;
            for pair in stored.blocks.windows(2) {
                let [(first, from), (end, to)] = pair else {
                    return Err(lost());
                };
                let compressed = bytes.get(*from..*to).ok_or_else(lost)?;
                written.body.extend_from_slice(compressed);
                written
                    .block(end.saturating_sub(*first), compressed.len())
                    .map_err(S::Error::custom)?;
            }
            for pair in stored.bounds.windows(2).take(restored) {
                let [start, end] = pair else {
                    return Err(lost());
                };
                let len = u32::try_from(end.saturating_sub(*start)).map_err(|_| lost())?;
                len.put(&mut written.lens);
            }
        }
        let mut raw = Vec::with_capacity(BLOCK.saturating_mul(2));
        let mut in_block = 0;
        for index in restored..self.len() {
            let start = raw.len();
            let element = self.get(index).ok_or_else(lost)?;
            raw = postcard::to_extend(element, raw).map_err(S::Error::custom)?;
            let len = u32::try_from(raw.len().saturating_sub(start))
                .map_err(|_| S::Error::custom("an element is too large"))?;
            len.put(&mut written.lens);
            in_block += 1;
            if raw.len() >= BLOCK {
                written.compress(&raw, in_block).map_err(S::Error::custom)?;
                raw.clear();
                in_block = 0;
            }
        }
        if in_block > 0 {
            written.compress(&raw, in_block).map_err(S::Error::custom)?;
        }
        let push = |bytes, kept| super::push_section(bytes, kept).map_err(S::Error::custom);
        let lens = push(written.lens, false)?;
        let blocks = push(written.blocks, false)?;
        let body = push(written.body, true)?;
        (lens, blocks, body).serialize(serializer)
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
        let column = |n: u64| -> Result<Vec<u32>, D::Error> {
            let section = super::take_section(number(n)?).map_err(D::Error::custom)?;
            let column = super::lists::take_all(&section)
                .ok_or_else(|| D::Error::custom("a lazy part's column is cut short"));
            super::give_back(section);
            column
        };
        let (lens, blocks, body) = <(u64, u64, u64)>::deserialize(deserializer)?;
        let overflow = || D::Error::custom("a lazy part's lengths overflow");
        let lens = column(lens)?;
        let mut bounds = Vec::with_capacity(lens.len().saturating_add(1));
        let mut at = 0usize;
        bounds.push(at);
        for len in &lens {
            at = at.checked_add(*len as usize).ok_or_else(overflow)?;
            bounds.push(at);
        }
        let counts = column(blocks)?;
        let mut starts = Vec::with_capacity((counts.len() / 2).saturating_add(1));
        let (mut first, mut from) = (0usize, 0usize);
        starts.push((first, from));
        for pair in counts.chunks(2) {
            let [elements, compressed] = pair else {
                return Err(D::Error::custom("a lazy part's block table is cut short"));
            };
            // A block holds at least one element, so finding an element's block is a search.
            if *elements == 0 {
                return Err(D::Error::custom("a lazy part's block is empty"));
            }
            first = first.checked_add(*elements as usize).ok_or_else(overflow)?;
            from = from
                .checked_add(*compressed as usize)
                .ok_or_else(overflow)?;
            starts.push((first, from));
        }
        if first != lens.len() {
            return Err(D::Error::custom(
                "a lazy part's blocks do not hold its elements",
            ));
        }
        // Its bytes come once the rest is decoded; blocks that do not add up to them fail the
        // restore then.
        let bytes = super::keep_section(number(body)?, from).map_err(D::Error::custom)?;
        let slots = (0..lens.len()).map(|_| OnceLock::new()).collect();
        Ok(Lazy {
            slots,
            stored: Stored {
                bytes,
                bounds,
                blocks: starts,
            },
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

    #[test]
    fn elements_over_many_blocks_read_back_in_any_order_and_written_again_keep_their_blocks() {
        // Elements of different lengths, some repeating, over dozens of blocks.
        let elements: Vec<String> = (0..5_000)
            .map(|i| format!("{i}:{}", "x".repeat(i % 37)))
            .collect();
        let mut lazy = Lazy::default();
        lazy.extend(elements.clone());
        let restored = round_trip(&lazy);
        assert!(
            restored.stored.blocks.len() > 10,
            "{} blocks",
            restored.stored.blocks.len()
        );
        let body = restored.stored.bytes.get().map_or(0, Vec::len);
        let raw = restored.stored.bounds.last().copied().unwrap_or(0);
        assert!(body < raw, "compressed: {body} bytes of {raw}");
        // First reads in the middle of a block, at the ends and backwards.
        for i in [2_501, 0, 4_999, 1_234, 1_233, 17] {
            assert_eq!(restored.get(i), elements.get(i), "element {i}");
        }
        assert_eq!(restored.get(5_000), None);
        let mut grown = round_trip(&lazy);
        grown.extend(["after".to_string()]);
        let again = round_trip(&grown);
        // The restored blocks are copied, not recompressed, and the added element follows.
        assert_eq!(
            again.stored.blocks.get(..restored.stored.blocks.len()),
            Some(restored.stored.blocks.as_slice())
        );
        assert_eq!(again.iter().count(), 5_001);
        assert!(again
            .iter()
            .eq(elements.iter().chain(["after".to_string()].iter())));
    }

    #[test]
    fn a_block_table_that_does_not_hold_the_elements_is_refused() {
        let mut lazy = Lazy::default();
        lazy.extend(["a".to_string(), "bb".into()]);
        let (core, mut sections) = write_sectioned(|| postcard::to_allocvec(&lazy).unwrap());
        let read = |sections: &[Section]| {
            let sections = sections.iter().map(|s| s.bytes.clone()).collect();
            read_sectioned(Feed::ready(sections), || {
                postcard::from_bytes::<Lazy<String>>(&core).ok()
            })
        };
        assert!(read(&sections).is_some());
        // One element fewer in the only block than the lengths list.
        let table = &mut sections[1].bytes;
        let count = u32::from_le_bytes(table[..4].try_into().unwrap());
        assert_eq!(count, 2);
        table[..4].copy_from_slice(&1u32.to_le_bytes());
        assert!(read(&sections).is_none());
        // An empty block, and a table cut in the middle of an entry.
        sections[1].bytes = [0u32, 0, 2, 5]
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .collect();
        assert!(read(&sections).is_none());
        sections[1].bytes.truncate(12);
        assert!(read(&sections).is_none());
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
            [false, false, true, false],
            "lengths, blocks, elements, the part after"
        );
        let read = read_while_sent(core, sections.len(), |send, spares| {
            for (number, section) in sections.iter().enumerate().filter(|(_, s)| !s.kept) {
                send.send((number, section.bytes.clone())).unwrap();
            }
            // The decoded sections come back decoded before the elements' bytes are sent: a
            // restore that waited for those bytes where the lazy vector stands would stall.
            for _ in 0..3 {
                spares
                    .recv_timeout(Duration::from_secs(10))
                    .expect("the part after the lazy vector decoded first");
            }
            send.send((2, sections[2].bytes.clone())).unwrap();
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
