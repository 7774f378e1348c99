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
/// are held decoded. Its binary form is two snapshot sections: the blocks' table (each block's
/// element count, uncompressed and compressed lengths: a column of `u32`s), decoded, then the
/// compressed blocks, kept (stored after every decoded section, so that a restore reads them
/// while the rest of the state decodes). A block, uncompressed, is its elements' lengths
/// (`u32`s) then their bytes. JSON (the state digest) sees the elements themselves.
#[derive(Clone)]
pub(crate) struct Lazy<T> {
    /// Each element, once decoded or added.
    slots: Vec<OnceLock<Box<T>>>,
    /// The restored elements' bytes; empty when nothing was restored.
    stored: Stored,
}

/// Where the restored elements lie: their snapshot section, kept while the vector lives (set
/// once the snapshot is read to its end), and its blocks.
#[derive(Clone, Default)]
struct Stored {
    bytes: super::Kept,
    /// Each block's first element, the start of its compressed bytes and its uncompressed
    /// length, then one entry more with the element count and the compressed length: block `b`
    /// holds elements `blocks[b].first..blocks[b + 1].first`, compressed in
    /// `blocks[b].from..blocks[b + 1].from`.
    blocks: Vec<Block>,
}

/// Where one stored block starts (see [`Stored::blocks`]).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Block {
    first: usize,
    from: usize,
    size: usize,
}

impl Stored {
    /// How many elements the stored blocks hold.
    fn elements(&self) -> usize {
        self.blocks.last().map_or(0, |end| end.first)
    }

    /// Each stored block: where it starts and where the next starts.
    fn each(&self) -> impl Iterator<Item = (Block, Block)> + '_ {
        self.blocks
            .iter()
            .copied()
            .zip(self.blocks.iter().skip(1).copied())
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
            .partition_point(|b| b.first <= index)
            .checked_sub(1)?;
        let start = *stored.blocks.get(block)?;
        let end = *stored.blocks.get(block.checked_add(1)?)?;
        let compressed = stored.bytes.get()?.get(start.from..end.from)?;
        let mut raw = vec![0; start.size];
        if lz4_flex::block::decompress_into(compressed, &mut raw).ok()? != start.size {
            return None;
        }
        let count = end.first.checked_sub(start.first)?;
        let (lens, mut rest) = raw.split_at_checked(count.checked_mul(4)?)?;
        for (element, len) in (start.first..end.first).zip(lens.chunks_exact(4)) {
            let (bytes, after) = rest.split_at_checked(u32::take(len)? as usize)?;
            rest = after;
            let slot = self.slots.get(element)?;
            if slot.get().is_none() {
                let _ = slot.set(Box::new(postcard::from_bytes(bytes).ok()?));
            }
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

/// The binary form of a [`Lazy`] being written: its block table and compressed blocks.
#[derive(Default)]
struct Written {
    /// Each block's element count, uncompressed and compressed lengths, as a column of `u32`s.
    table: Vec<u8>,
    /// The compressed blocks.
    body: Vec<u8>,
}

impl Written {
    /// Adds a block's entry; its compressed bytes are already in `body`.
    fn entry(
        &mut self,
        elements: usize,
        size: usize,
        compressed: usize,
    ) -> Result<(), &'static str> {
        for n in [elements, size, compressed] {
            u32::try_from(n)
                .map_err(|_| "a lazy part's block is too large")?
                .put(&mut self.table);
        }
        Ok(())
    }

    /// Compresses a block of `elements` elements: their lengths, then their bytes.
    fn compress(&mut self, lens: &[u8], bytes: &[u8], elements: usize) -> Result<(), &'static str> {
        let raw = [lens, bytes].concat();
        let start = self.body.len();
        let bound = lz4_flex::block::get_maximum_output_size(raw.len());
        self.body.resize(start.saturating_add(bound), 0);
        let out = self
            .body
            .get_mut(start..)
            .ok_or("a lazy part's block is lost")?;
        let len = lz4_flex::block::compress_into(&raw, out)
            .map_err(|_| "a lazy part's block does not compress")?;
        self.body.truncate(start.saturating_add(len));
        self.entry(elements, raw.len(), len)
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
            for (start, end) in stored.each() {
                let compressed = bytes.get(start.from..end.from).ok_or_else(lost)?;
                written.body.extend_from_slice(compressed);
                written
                    .entry(
                        end.first.saturating_sub(start.first),
                        start.size,
                        compressed.len(),
                    )
                    .map_err(S::Error::custom)?;
            }
        }
        let (mut lens, mut bytes) = (Vec::new(), Vec::with_capacity(BLOCK.saturating_mul(2)));
        let mut in_block = 0;
        for index in restored..self.len() {
            let start = bytes.len();
            let element = self.get(index).ok_or_else(lost)?;
            bytes = postcard::to_extend(element, bytes).map_err(S::Error::custom)?;
            u32::try_from(bytes.len().saturating_sub(start))
                .map_err(|_| S::Error::custom("an element is too large"))?
                .put(&mut lens);
            in_block += 1;
            if bytes.len() >= BLOCK {
                (written.compress(&lens, &bytes, in_block)).map_err(S::Error::custom)?;
                lens.clear();
                bytes.clear();
                in_block = 0;
            }
        }
        if in_block > 0 {
            (written.compress(&lens, &bytes, in_block)).map_err(S::Error::custom)?;
        }
        let push = |bytes, kept| super::push_section(bytes, kept).map_err(S::Error::custom);
        let table = push(written.table, false)?;
        let body = push(written.body, true)?;
        (table, body).serialize(serializer)
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
        let (table, body) = <(u64, u64)>::deserialize(deserializer)?;
        let section = super::take_section(number(table)?).map_err(D::Error::custom)?;
        let table: Option<Vec<u32>> = super::lists::take_all(&section);
        super::give_back(section);
        let table = table.ok_or_else(|| D::Error::custom("a lazy part's table is cut short"))?;
        let broken = |why| D::Error::custom(format!("a lazy part's block table: {why}"));
        let mut blocks = Vec::with_capacity((table.len() / 3).saturating_add(1));
        let (mut first, mut from) = (0usize, 0usize);
        for entry in table.chunks(3) {
            let &[elements, size, compressed] = entry else {
                return Err(broken("cut short"));
            };
            // A block holds at least one element, so finding an element's block is a search,
            // and room for its elements' lengths.
            if elements == 0 || size / 4 < elements {
                return Err(broken("a block is empty or too small"));
            }
            blocks.push(Block {
                first,
                from,
                size: size as usize,
            });
            first = first
                .checked_add(elements as usize)
                .ok_or_else(|| broken("overflow"))?;
            from = from
                .checked_add(compressed as usize)
                .ok_or_else(|| broken("overflow"))?;
        }
        blocks.push(Block {
            first,
            from,
            size: 0,
        });
        // Its bytes come once the rest is decoded; blocks that do not add up to them fail the
        // restore then.
        let bytes = super::keep_section(number(body)?, from).map_err(D::Error::custom)?;
        let slots = (0..first).map(|_| OnceLock::new()).collect();
        Ok(Lazy {
            slots,
            stored: Stored { bytes, blocks },
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
        let raw: usize = restored.stored.blocks.iter().map(|b| b.size).sum();
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
        let blocks = restored.stored.blocks.len() - 1;
        assert_eq!(
            again.stored.blocks.get(..blocks),
            restored.stored.blocks.get(..blocks)
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
        let table = |entries: &[u32]| entries.iter().flat_map(|n| n.to_le_bytes()).collect();
        let entry: Vec<u32> = sections[0]
            .bytes
            .chunks(4)
            .map(|n| u32::from_le_bytes(n.try_into().unwrap()))
            .collect();
        let [2, size, compressed] = entry[..] else {
            panic!("one block of two elements: {entry:?}")
        };
        // An empty block; a block too small for its elements' lengths; a table cut in the
        // middle of an entry; a compressed length the bytes do not have.
        for broken in [
            table(&[0, 0, 0, 2, size, compressed]),
            table(&[2, 7, compressed]),
            table(&[2, size]),
            table(&[2, size, compressed + 1]),
        ] {
            sections[0].bytes = broken;
            assert!(read(&sections).is_none());
        }
        // Its uncompressed length wrong: restored, but the block does not decode (the MAC
        // rules this out), so its elements read as absent rather than as anything else.
        sections[0].bytes = table(&[2, size + 1, compressed]);
        let back = read(&sections).unwrap();
        assert_eq!(back.get(1), None);
        sections[0].bytes = table(&[2, size, compressed]);
        let back = read(&sections).unwrap();
        assert_eq!(back.get(1).map(String::as_str), Some("bb"));
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
            "block table, elements, the part after"
        );
        let read = read_while_sent(core, sections.len(), |send, spares| {
            for (number, section) in sections.iter().enumerate().filter(|(_, s)| !s.kept) {
                send.send((number, section.bytes.clone())).unwrap();
            }
            // The decoded sections come back decoded before the elements' bytes are sent: a
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
