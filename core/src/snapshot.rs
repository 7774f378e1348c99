//! Snapshots: the hub's whole projected state, derived indexes included, at one seq, so that
//! opening a hub, or reading as of a past time, restores it and applies only the events after
//! it instead of replaying the journal from its first event. This file owns the format, how a
//! snapshot is bound to the chain and authenticated, and which snapshots the hub keeps.
//!
//! # Format (version 15)
//!
//! Integers are big-endian.
//!
//! ```text
//! magic         16 bytes  "SAFEHUB-SNAPSHOT"
//! format         u16      15 (the versions before: `FORMAT_VERSION`)
//! library_len    u8
//! library        library_len bytes: the library's version (Cargo's), UTF-8
//! seq            u64      the last event the state holds
//! hash           32 bytes the journal's hash of event `seq`
//! latest_at      i64      the latest `at` of events 1..=seq, microseconds since the epoch
//! core_len       u64
//! core           the state, CBOR (serde), each bulk part standing as its section's number
//! sections       u32      how many bulk sections follow
//! section_len    u64      one per section, by number, each followed by
//! section_kept   u8       1 for a section the state keeps whole, 0 for one it decodes
//! section        the bulk parts, postcard, back to back: the decoded ones by number, then the
//!                kept ones by number
//! mac            32 bytes BLAKE3 keyed hash of everything before it, under the hub's snapshot key
//! ```
//!
//! The core is CBOR, not postcard: the domain types use internally tagged enums, which only a
//! self-describing format can read back. The bulk (the incident book and its indexes, the Top N
//! tallies, people, places, consultations: [`Packed`](crate::projection::Packed) parts, whose
//! types postcard can read) is postcard, each section read from the store into a buffer of its
//! own and decoded while the next is read (see [`read`]): CBOR alone made
//! restoring a borough slower than replaying it (100 ms against 65 ms), and postcard bytes held
//! inside the CBOR cost a county restore 0.3 s of copying. The incidents are two sections of
//! their own ([`Lazy`](crate::projection::Lazy)): a table of their blocks (decoded), then the
//! blocks, each about 8 KiB of incidents' postcard bytes compressed with LZ4, a kept section,
//! which the restored state keeps (that section alone, not the whole snapshot) and decodes a
//! block at a time when one of its incidents is first read, so a restore decodes none of a
//! county's million incidents, and reads a quarter to a half of their bytes. Kept sections come last, so a restore reads them (more
//! than half of a county's snapshot) while the decoded sections decode: stored in their place,
//! they held back the decoding of everything after them until they were read. The incident indexes of
//! millions of small values are fixed-width columns inside their sections
//! ([`Lists`](crate::projection::Lists), [`rows`](crate::projection::rows)), read back with a
//! copy per value. A snapshot whose format or library
//! version differs from this build's is ignored (the hub replays instead), never read: the
//! state's shape may have changed between versions with nothing in the bytes to say so.
//!
//! The MAC is BLAKE3 in its keyed mode (a pseudorandom function under a 32-byte key, as
//! HMAC-SHA-256 was until format 8): it reads a county snapshot several times faster, where
//! HMAC-SHA-256 took a fifth of a restore (0.43 s of 2.3 s). Restoring adds each byte to it as
//! the byte is read, while another thread decodes the sections already read ([`read`]).
//!
//! # What a snapshot is trusted for, and what stops a forged one
//!
//! A snapshot is used only if its MAC verifies under the hub's [`SnapshotKey`] and the journal's
//! stored hash of event `seq` is the one it names; the events after it are then checked against
//! the chain from that hash, exactly as replay checks them. So a snapshot altered in storage, or
//! one taken from another journal, is ignored (one full replay instead), never misread.
//!
//! A state doctored by someone who can write the store *and* knows the key cannot be told from a
//! true one: the events it covers are not replayed, which is the point of it. Where other
//! parties can write the store, give every hub on it a secret key
//! ([`HubBuilder::snapshot_key`](crate::HubBuilder::snapshot_key)) kept outside the store; the
//! default key is public and only catches damage. Either way a snapshot never changes what
//! [`Hub::verify`](crate::Hub::verify) says, which reads the journal alone, and an erasure
//! deletes every snapshot at or after the erased event ([`Journal::redact`]), so erased content
//! does not survive in one.

use crate::error::{Error, Result};
use crate::journal::{ChainCheck, Journal, SnapshotReader};
use crate::projection::{self, Feed};
use crate::state::State;
use chrono::{DateTime, Utc};
use std::io::Read;
use std::sync::mpsc;

/// The first bytes of every snapshot.
const MAGIC: &[u8; 16] = b"SAFEHUB-SNAPSHOT";
/// The snapshot format this build writes and the only one it reads. Raised whenever the state's
/// binary shape changes, since builds of one library version may differ. 2: the report times as
/// a column and the histories' times as microseconds; 3: cases carry their closing, reopening,
/// transfer and links, and a lead practitioner that may be unassigned (issue 22); 4: the incident
/// book's lookups by id and by reference as sorted columns, not hash maps; 5: cases carry their
/// linked incidents; 6: the amendments of people, locations and groups; 7: the meetings book
/// (issue 23); 8: the blocking index of duplicate detection; 9: the bulk as postcard sections
/// after the CBOR core, and a BLAKE3 keyed MAC instead of HMAC-SHA-256; 10: the merges book
/// (issue 22); 11: the facts agencies hold on person profiles (issue 22); 12: the subjects'
/// histories and incidents as flat columns of fixed-width values (`projection::Lists`); 13: the
/// incidents' bytes in a kept section, stored after the decoded ones; 14: the incidents' bytes
/// compressed in blocks (LZ4), with a table of the blocks; 15: the Top N series' days (32 bits)
/// and running counts side by side.
const FORMAT_VERSION: u16 = 15;
/// The library version a snapshot must carry to be read: the state's shape is this build's.
const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The latest time written for a snapshot of no events (never written: the hub snapshots from
/// seq 1).
const NO_TIME: i64 = i64::MIN;

/// How many events opening may apply after the latest snapshot (or from the start) before it
/// writes a new snapshot at the head.
pub(crate) const SNAPSHOT_AFTER: u64 = 10_000;
/// How many snapshots the hub keeps in the store: the latest and the others spread over the
/// journal, as starting points for as-of reads.
pub(crate) const SNAPSHOTS_KEPT: usize = 4;

/// The key snapshots are authenticated with (BLAKE3's keyed mode). The default is 32 zero bytes: public,
/// so it catches damage but not forgery (see the module documentation).
#[derive(Clone, Default)]
pub(crate) struct SnapshotKey([u8; 32]);

impl SnapshotKey {
    /// A key from 32 secret bytes, the same for every hub that shares the store.
    pub(crate) fn new(bytes: [u8; 32]) -> Self {
        SnapshotKey(bytes)
    }
}

// The key is a secret: Debug never shows it.
impl std::fmt::Debug for SnapshotKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SnapshotKey(..)")
    }
}

/// Where in the chain a snapshot stands: what it vouches for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Point {
    /// The last event the state holds.
    pub seq: u64,
    /// The journal's hash of that event.
    pub hash: [u8; 32],
    /// The latest time of the events it holds.
    pub latest_at: Option<DateTime<Utc>>,
}

impl Point {
    /// The chain check that continues after the snapshot.
    pub fn chain(&self) -> ChainCheck {
        ChainCheck::resume(self.seq, self.hash, self.latest_at)
    }
}

/// Encodes `state`, whose events the chain check `chain` has accepted.
pub(crate) fn encode(state: &State, chain: &ChainCheck, key: &SnapshotKey) -> Result<Vec<u8>> {
    let too_large = || Error::Storage("snapshot is too large".into());
    let (core, sections) = projection::write_sectioned(|| {
        let mut core = Vec::new();
        ciborium::into_writer(state, &mut core).map(|()| core)
    });
    let core =
        core.map_err(|_| Error::Storage("state could not be encoded for a snapshot".into()))?;
    let library = LIBRARY_VERSION.as_bytes();
    let library_len = u8::try_from(library.len())
        .map_err(|_| Error::Storage("library version is too long for a snapshot".into()))?;
    let count = u32::try_from(sections.len()).map_err(|_| too_large())?;
    let bulk: usize = sections.iter().map(|s| s.bytes.len()).sum();
    let mut out = Vec::with_capacity(core.len().saturating_add(bulk).saturating_add(400));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_be_bytes());
    out.push(library_len);
    out.extend_from_slice(library);
    out.extend_from_slice(&chain.seq().to_be_bytes());
    out.extend_from_slice(&chain.hash());
    let latest = chain.latest_at().map_or(NO_TIME, |t| t.timestamp_micros());
    out.extend_from_slice(&latest.to_be_bytes());
    let core_len = u64::try_from(core.len()).map_err(|_| too_large())?;
    out.extend_from_slice(&core_len.to_be_bytes());
    out.extend_from_slice(&core);
    out.extend_from_slice(&count.to_be_bytes());
    for section in &sections {
        let len = u64::try_from(section.bytes.len()).map_err(|_| too_large())?;
        out.extend_from_slice(&len.to_be_bytes());
        out.push(u8::from(section.kept));
    }
    // The decoded sections first, then the kept ones: see the module documentation.
    for kept in [false, true] {
        for section in sections.iter().filter(|s| s.kept == kept) {
            out.extend_from_slice(&section.bytes);
        }
    }
    let mac = mac(key, &out);
    out.extend_from_slice(mac.as_bytes());
    Ok(out)
}

/// The point of a snapshot this build may read under `key`, without decoding its state.
pub(crate) fn point(bytes: &[u8], key: &SnapshotKey) -> Option<Point> {
    let (body, tag) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    let tag = <[u8; 32]>::try_from(tag).ok()?;
    // `Hash`'s equality takes the same time wherever the two differ.
    if mac(key, body) != blake3::Hash::from_bytes(tag) {
        return None;
    }
    let snapshot = SnapshotReader {
        len: u64::try_from(bytes.len()).ok()?,
        bytes: Box::new(bytes),
    };
    Some(Source::new(snapshot, key).head().ok()??.point)
}

/// The state of a snapshot this build may read under `key`, with its point; `None` for anything
/// else (damaged, forged under another key, another format or library version); an error only
/// when the store fails while it is read.
///
/// The snapshot is read front to back once: its header and core, then each section, added to the
/// MAC as it is read and handed to a second thread that decodes the state meanwhile, so reading
/// and decoding overlap and a decoded section's buffer is filled again with a later one. The
/// state is kept only if the MAC, checked after the last byte, verifies: nothing decoded is
/// trusted before that, and the decoders (CBOR, postcard) read untrusted bytes without
/// panicking. Where threads cannot be started (WASM), every section is read, then decoded.
pub(crate) fn read(
    snapshot: SnapshotReader<'_>,
    key: &SnapshotKey,
) -> Result<Option<(Point, State)>> {
    let mut source = Source::new(snapshot, key);
    let Some(Head {
        point,
        core,
        sections,
    }) = source.head().map_err(storage)?
    else {
        return Ok(None);
    };
    let decode = |feed| {
        projection::read_sectioned(feed, || {
            ciborium::from_reader::<State, _>(core.as_slice()).ok()
        })
    };
    let state = std::thread::scope(|scope| {
        let (send, incoming) = mpsc::channel();
        let (spare, spares) = mpsc::channel();
        let count = sections.len();
        let decoder = std::thread::Builder::new()
            .name("snapshot-decode".into())
            .spawn_scoped(scope, move || {
                decode(Feed::arriving(count, incoming, spare))
            });
        let Ok(decoder) = decoder else {
            let mut all = vec![Vec::new(); count];
            for section in &sections {
                let mut buffer = Vec::new();
                source.section(&mut buffer, section.len)?;
                if let Some(slot) = all.get_mut(section.number) {
                    *slot = buffer;
                }
            }
            return Ok(decode(Feed::ready(all)));
        };
        let mut pool: Vec<Vec<u8>> = Vec::new();
        let mut decoding = 0;
        for section in &sections {
            // At most `READ_AHEAD` decoded sections wait or decode at once, so that the buffers
            // of decoded ones come back to be filled again instead of fresh memory. A kept
            // section waits for none: the state keeps its buffer, and reading it while the
            // sections before it decode is why it is stored last.
            loop {
                let back = match decoding >= READ_AHEAD && !section.kept {
                    true => spares.recv().ok(),
                    false => spares.try_recv().ok(),
                };
                let Some(buffer) = back else { break };
                decoding = decoding.saturating_sub(1);
                if buffer.capacity() > 0 {
                    pool.push(buffer);
                }
            }
            let mut buffer = match section.kept {
                true => Vec::new(),
                false => reuse(&mut pool, section.len),
            };
            // On an error the sender is dropped with this scope's locals, so the decoder stops
            // waiting before the scope joins it.
            source.section(&mut buffer, section.len)?;
            decoding += usize::from(!section.kept);
            if send.send((section.number, buffer)).is_err() {
                // The decoder gave up on bytes that do not decode: the state is `None`.
                break;
            }
        }
        drop(send);
        Ok(decoder.join().ok().flatten())
    })
    .map_err(storage)?;
    if !source.authentic().map_err(storage)? {
        return Ok(None);
    }
    Ok(state
        .filter(|state| state.seq == point.seq)
        .map(|state| (point, state)))
}

/// How many sections a restore reads ahead of the one decoding, that one included.
const READ_AHEAD: usize = 2;

fn storage(e: std::io::Error) -> Error {
    Error::Storage(format!("snapshot could not be read: {e}"))
}

/// The buffer in `pool` best fitted to hold `len` bytes (the smallest large enough), or a new
/// one.
fn reuse(pool: &mut Vec<Vec<u8>>, len: u64) -> Vec<u8> {
    let fits = pool
        .iter()
        .enumerate()
        .filter(|(_, b)| b.capacity() as u64 >= len)
        .min_by_key(|(_, b)| b.capacity())
        .map(|(i, _)| i);
    fits.map(|i| pool.swap_remove(i)).unwrap_or_default()
}

/// Whether the journal's stored hash of event `point.seq` is the one the snapshot names: a
/// snapshot of another journal (or of this one before it was rewritten) is not bound to it.
pub(crate) fn bound(journal: &dyn Journal, point: &Point) -> Result<bool> {
    let Some(before) = point.seq.checked_sub(1) else {
        return Ok(false);
    };
    let event = journal.events_since(before, 1)?;
    Ok(event
        .first()
        .is_some_and(|e| e.seq == point.seq && e.hash == point.hash))
}

/// The latest snapshot's state and the chain check continuing after it, if there is one this
/// build may use; `None` means a replay from the first event.
pub(crate) fn restore_latest(
    journal: &dyn Journal,
    key: &SnapshotKey,
) -> Result<Option<(State, ChainCheck)>> {
    let Some((seq, reader)) = journal.latest_snapshot_reader()? else {
        return Ok(None);
    };
    let Some((point, state)) = read(reader, key)? else {
        return Ok(None);
    };
    if point.seq != seq || !bound(journal, &point)? {
        return Ok(None);
    }
    Ok(Some((state, point.chain())))
}

/// Writes a snapshot of `state` (whose events `chain` accepted), then drops the snapshots
/// beyond [`SNAPSHOTS_KEPT`]. Nothing is written for an empty journal.
pub(crate) fn save(
    journal: &mut dyn Journal,
    state: &State,
    chain: &ChainCheck,
    key: &SnapshotKey,
) -> Result<()> {
    if chain.seq() == 0 {
        return Ok(());
    }
    let bytes = encode(state, chain, key)?;
    journal.save_snapshot(chain.seq(), bytes)?;
    let mut seqs = journal.snapshot_seqs()?;
    while seqs.len() > SNAPSHOTS_KEPT {
        let Some(i) = crowded(&seqs) else { break };
        if let Some(seq) = seqs.get(i).copied() {
            journal.drop_snapshot(seq)?;
        }
        seqs.remove(i);
    }
    Ok(())
}

/// The position of the snapshot whose neighbours are closest together, never the first or the
/// latest: dropping it keeps the others spread over the journal.
fn crowded(seqs: &[u64]) -> Option<usize> {
    seqs.windows(3)
        .enumerate()
        .min_by_key(|(_, w)| match w {
            [a, _, c] => c.saturating_sub(*a),
            _ => u64::MAX,
        })
        .map(|(i, _)| i.saturating_add(1))
}

/// The MAC of a snapshot's `body` under `key`: BLAKE3's keyed hash.
fn mac(key: &SnapshotKey, body: &[u8]) -> blake3::Hash {
    blake3::keyed_hash(&key.0, body)
}

/// A snapshot's header, core and section table.
struct Head {
    point: Point,
    /// The state's CBOR.
    core: Vec<u8>,
    /// Its sections, in the order they are stored.
    sections: Vec<SectionEntry>,
}

/// One section of a snapshot, as its table describes it.
struct SectionEntry {
    /// Its number, by which the state's core names it.
    number: usize,
    /// How many bytes it holds.
    len: u64,
    /// Whether the state keeps it whole (stored after those it decodes).
    kept: bool,
}

/// A snapshot being read front to back, every byte before the MAC added to the MAC as it is
/// read.
struct Source<'a> {
    bytes: Box<dyn Read + 'a>,
    mac: blake3::Hasher,
    /// How many bytes are left to read, the MAC's 32 included.
    left: u64,
}

impl<'a> Source<'a> {
    fn new(snapshot: SnapshotReader<'a>, key: &SnapshotKey) -> Self {
        Source {
            bytes: snapshot.bytes,
            mac: blake3::Hasher::new_keyed(&key.0),
            left: snapshot.len,
        }
    }

    /// The next `len` bytes into `buffer` (replacing what it held), if that many come before
    /// the MAC; `Ok(false)` if not.
    fn fill(&mut self, buffer: &mut Vec<u8>, len: u64) -> std::io::Result<bool> {
        let Some(n) = self
            .left
            .checked_sub(32)
            .filter(|&body| len <= body)
            .and_then(|_| usize::try_from(len).ok())
        else {
            return Ok(false);
        };
        // A buffer given back is overwritten, not zeroed first. One too small is replaced by
        // zeroed memory fresh from the allocator (`calloc`: pages the kernel zeroes as they are
        // first written), not written with zeros before it is read into.
        if buffer.capacity() < n {
            *buffer = vec![0; n];
        } else {
            buffer.truncate(n);
            buffer.resize(n, 0);
        }
        self.bytes.read_exact(buffer)?;
        self.mac.update(buffer);
        self.left -= len;
        Ok(true)
    }

    /// The next `N` bytes, if they come before the MAC.
    fn array<const N: usize>(&mut self) -> std::io::Result<Option<[u8; N]>> {
        let mut buffer = Vec::with_capacity(N);
        Ok(match self.fill(&mut buffer, N as u64)? {
            true => buffer.try_into().ok(),
            false => None,
        })
    }

    /// The next section's `len` bytes; a snapshot whose header promised them and lacks them is
    /// damaged, which the MAC would refuse anyway.
    fn section(&mut self, buffer: &mut Vec<u8>, len: u64) -> std::io::Result<()> {
        match self.fill(buffer, len)? {
            true => Ok(()),
            false => Err(std::io::ErrorKind::UnexpectedEof.into()),
        }
    }

    /// The header, core and section table of a snapshot of this build's format and library
    /// version whose sizes add up to its length; `None` for anything else, read no further.
    fn head(&mut self) -> std::io::Result<Option<Head>> {
        let Some(magic) = self.array::<16>()? else {
            return Ok(None);
        };
        let format = self.array::<2>()?.map(u16::from_be_bytes);
        if &magic != MAGIC || format != Some(FORMAT_VERSION) {
            return Ok(None);
        }
        let Some([library_len]) = self.array::<1>()? else {
            return Ok(None);
        };
        let mut library = Vec::new();
        if !self.fill(&mut library, u64::from(library_len))?
            || library != LIBRARY_VERSION.as_bytes()
        {
            return Ok(None);
        }
        let (Some(seq), Some(hash), Some(latest), Some(core_len)) = (
            self.array::<8>()?.map(u64::from_be_bytes),
            self.array::<32>()?,
            self.array::<8>()?.map(i64::from_be_bytes),
            self.array::<8>()?.map(u64::from_be_bytes),
        ) else {
            return Ok(None);
        };
        let latest_at = match latest {
            NO_TIME => None,
            micros => match DateTime::from_timestamp_micros(micros) {
                Some(t) => Some(t),
                None => return Ok(None),
            },
        };
        let mut core = Vec::new();
        if !self.fill(&mut core, core_len)? {
            return Ok(None);
        }
        let Some(count) = self.array::<4>()?.map(u32::from_be_bytes) else {
            return Ok(None);
        };
        // Entries are read one by one, so a forged count allocates nothing.
        let mut sections = Vec::new();
        for number in 0..count {
            let (Some(len), Some([kept])) = (
                self.array::<8>()?.map(u64::from_be_bytes),
                self.array::<1>()?,
            ) else {
                return Ok(None);
            };
            let (Ok(number), Some(kept)) = (
                usize::try_from(number),
                match kept {
                    0 => Some(false),
                    1 => Some(true),
                    _ => None,
                },
            ) else {
                return Ok(None);
            };
            sections.push(SectionEntry { number, len, kept });
        }
        // Stored order: the decoded sections by number, then the kept ones (a stable sort).
        sections.sort_by_key(|s| s.kept);
        // The sections and the MAC must be exactly what is left: nothing is allocated for a
        // length the snapshot does not hold.
        let bulk = sections
            .iter()
            .try_fold(32u64, |sum, s| sum.checked_add(s.len));
        if bulk != Some(self.left) {
            return Ok(None);
        }
        let point = Point {
            seq,
            hash,
            latest_at,
        };
        Ok(Some(Head {
            point,
            core,
            sections,
        }))
    }

    /// Whether the last 32 bytes, all that is left, are the MAC of everything read before them.
    fn authentic(mut self) -> std::io::Result<bool> {
        if self.left != 32 {
            return Ok(false);
        }
        let mut tag = [0; 32];
        self.bytes.read_exact(&mut tag)?;
        // `Hash`'s equality takes the same time wherever the two differ.
        Ok(self.mac.finalize() == blake3::Hash::from_bytes(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot read from its bytes in memory (the stores' readers are tested in the journal
    /// and hub tests).
    fn decode(bytes: Vec<u8>, key: &SnapshotKey) -> Option<(Point, State)> {
        read(bytes.into(), key).unwrap()
    }

    fn chain_at(seq: u64) -> ChainCheck {
        ChainCheck::resume(seq, [7; 32], DateTime::from_timestamp_micros(1_000))
    }

    fn state_at(seq: u64) -> State {
        State {
            seq,
            ..State::default()
        }
    }

    #[test]
    fn the_mac_is_blake3_keyed_hash_as_published() {
        // The keyed-hash test vector of BLAKE3's reference suite for the empty input.
        let key = SnapshotKey::new(*b"whats the Elvish word for friend");
        assert_eq!(
            mac(&key, b"").to_hex().as_str(),
            "92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26"
        );
    }

    #[test]
    fn a_snapshot_reads_back_as_the_state_and_point_it_was_written_from() {
        let key = SnapshotKey::new([3; 32]);
        let bytes = encode(&state_at(5), &chain_at(5), &key).unwrap();
        let (point, state) = decode(bytes, &key).unwrap();
        assert_eq!(state, state_at(5));
        assert_eq!(point.chain(), chain_at(5));
    }

    #[test]
    fn a_snapshot_with_any_byte_flipped_is_not_read() {
        let key = SnapshotKey::default();
        let bytes = encode(&state_at(5), &chain_at(5), &key).unwrap();
        for i in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[i] ^= 0x01;
            assert!(decode(altered, &key).is_none(), "byte {i} flipped was read");
        }
        assert!(decode(bytes[..bytes.len() - 1].to_vec(), &key).is_none());
        assert!(decode(Vec::new(), &key).is_none());
    }

    /// A store that fails after `fail_at` bytes of a snapshot whose whole length it gave.
    struct Failing {
        bytes: Vec<u8>,
        at: usize,
        fail_at: usize,
    }

    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.at >= self.fail_at {
                return Err(std::io::Error::other("the store failed"));
            }
            let n = buf.len().min(self.fail_at - self.at);
            buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    #[test]
    fn a_store_failing_part_way_through_a_snapshot_is_an_error_not_a_state_nor_a_hang() {
        let key = SnapshotKey::default();
        let bytes = encode(&state_at(5), &chain_at(5), &key).unwrap();
        for fail_at in 0..bytes.len() {
            let reader = SnapshotReader {
                len: bytes.len() as u64,
                bytes: Box::new(Failing {
                    bytes: bytes.clone(),
                    at: 0,
                    fail_at,
                }),
            };
            assert!(
                matches!(read(reader, &key), Err(Error::Storage(_))),
                "failing after {fail_at} bytes"
            );
        }
    }

    #[test]
    fn a_snapshot_written_under_another_key_is_not_read() {
        let bytes = encode(&state_at(5), &chain_at(5), &SnapshotKey::new([1; 32])).unwrap();
        assert!(decode(bytes.clone(), &SnapshotKey::new([2; 32])).is_none());
        assert!(decode(bytes, &SnapshotKey::default()).is_none());
    }

    /// Rewrites the header field at `at` and seals the result again under `key`, as another
    /// build of the library would have written it.
    fn resealed(bytes: &[u8], key: &SnapshotKey, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut body = bytes[..bytes.len() - 32].to_vec();
        edit(&mut body);
        let mac = mac(key, &body);
        body.extend_from_slice(mac.as_bytes());
        body
    }

    #[test]
    fn a_snapshot_of_another_format_or_library_version_is_ignored_not_misread() {
        let key = SnapshotKey::default();
        let bytes = encode(&state_at(5), &chain_at(5), &key).unwrap();
        let other_format = resealed(&bytes, &key, |b| b[17] = FORMAT_VERSION as u8 + 1);
        assert!(decode(other_format, &key).is_none());
        // The library version starts after the magic, the format and its length byte.
        let other_library = resealed(&bytes, &key, |b| b[19] = b'9');
        assert!(decode(other_library, &key).is_none());
        assert!(decode(resealed(&bytes, &key, |_| {}), &key).is_some());
    }

    #[test]
    fn a_state_restored_at_any_seq_has_the_replayed_indexes_and_the_tail_makes_it_the_full_replay()
    {
        use crate::journal::{Journal, MemoryJournal};
        use crate::*;
        let hub = Hub::open_in_memory().unwrap();
        let police = NewAgency {
            name: "Police".into(),
            kind: AgencyKind::Police,
        };
        let est = hub.establish("Hub", police, "Admin").unwrap();
        let pc = hub
            .register_practitioner(
                est.admin,
                NewPractitioner {
                    agency: est.agency,
                    name: "PC".into(),
                    role: Role::CaseWorker,
                    external_id: Some("pc-1".into()),
                },
            )
            .unwrap();
        for (i, name) in ["Ann Lee", "Bo Grant", "Ann Lee"].iter().enumerate() {
            let person = NewPerson {
                name: (*name).into(),
                ..NewPerson::default()
            };
            let person = hub.record_person(pc, person).unwrap();
            let case = NewCase {
                case_type: CaseType::ALL[i],
                title: format!("case {i}"),
                lead_practitioner: None,
                team: Default::default(),
            };
            let case = hub.open_case(pc, case).unwrap();
            hub.link_subject(pc, case, Subject::Person(person), SubjectRole::Victim)
                .unwrap();
            let row = IncidentRow {
                external_ref: format!("CAD-{i}"),
                occurred_at: Utc::now() - chrono::Duration::days(i as i64 + 1),
                reported_at: None,
                category: "asb_nuisance".into(),
                offence_code: None,
                summary: "noise".into(),
                location: None,
                caller: Some(crate::incidents::PersonRef {
                    name: (*name).into(),
                    date_of_birth: None,
                    identifiers: vec![],
                }),
                people: vec![],
            };
            hub.import_incidents(pc, vec![row], &ImportOptions::default(), None)
                .unwrap();
        }
        let mut full = MemoryJournal::new();
        journal::import_into(&hub.export_journal(est.admin).unwrap(), &mut full).unwrap();
        let mut chain = ChainCheck::new();
        let replayed = crate::hub::replay::replay(&full, None, &mut chain).unwrap();
        for k in 1..=full.head().unwrap() {
            let mut prefix = MemoryJournal::new();
            prefix
                .append_verbatim(full.events_since(0, k as usize).unwrap())
                .unwrap();
            let mut at_k = ChainCheck::new();
            let state_k = crate::hub::replay::replay(&prefix, None, &mut at_k).unwrap();
            let key = SnapshotKey::default();
            let (point, mut restored) =
                decode(encode(&state_k, &at_k, &key).unwrap(), &key).unwrap();
            // Equal as values: the derived indexes too, which the digest leaves out.
            assert_eq!(restored, state_k, "at seq {k}");
            let mut resumed = point.chain();
            crate::hub::replay::apply_tail(&full, &mut restored, &mut resumed, None).unwrap();
            assert_eq!(restored, replayed, "from seq {k}");
            assert_eq!(resumed, chain);
        }
    }

    #[test]
    fn the_snapshots_kept_stay_spread_over_the_journal() {
        assert_eq!(crowded(&[10, 20, 21, 40, 80]), Some(1));
        assert_eq!(crowded(&[10, 30, 50, 51, 52]), Some(3));
        assert_eq!(crowded(&[10, 20]), None);
    }
}
