//! Export and import: the whole journal as one byte string, so the WASM build's host can persist
//! it anywhere (IndexedDB, a server) and a journal can move between backends.
//!
//! # Format (version 1)
//!
//! All integers are big-endian.
//!
//! ```text
//! magic         16 bytes  "SAFEHUB-JOURNAL\n"
//! version        u16      1
//! count          u64      number of events that follow
//! count times:
//!   seq          u64
//!   id           16 bytes (UUID)
//!   at           i64      microseconds since the Unix epoch
//!   actor        16 bytes (UUID; nil = the system)
//!   flags        u8       bit 0 = redacted; other bits must be 0
//!   kind_len     u32
//!   kind         kind_len bytes, UTF-8
//!   content_len  u32
//!   content      content_len bytes
//!   content_hash 32 bytes
//!   prev_hash    32 bytes
//!   hash         32 bytes
//! ```
//!
//! Nothing may follow the last event. Snapshots are not exported: they are derived data and the
//! importer rebuilds them by replaying.
//!
//! The format carries no checksum of its own: the hash chain is the integrity check, and import
//! verifies it, naming the first bad seq. As in the journal itself, the content of an event
//! marked redacted is not covered (see the module documentation of `journal`).
//!
//! Decoding treats its input as hostile (it is fuzzed): it never panics, and never allocates more
//! than the input's own size on the word of a length or count field.

use super::{ChainCheck, Journal, JournalError, StoredEvent};
use chrono::DateTime;
use uuid::Uuid;

/// The first bytes of every export.
pub const EXPORT_MAGIC: &[u8; 16] = b"SAFEHUB-JOURNAL\n";
/// The export format version written by [`export`] and the only one [`import_into`] reads.
pub const EXPORT_FORMAT_VERSION: u16 = 1;

const FLAG_REDACTED: u8 = 0b0000_0001;
/// The encoded size of an event with empty kind and content: the floor used to bound allocation.
const MIN_EVENT_LEN: usize = 8 + 16 + 8 + 16 + 1 + 4 + 4 + 32 * 3;

/// Encodes the whole journal (format above).
pub fn export(journal: &dyn Journal) -> Result<Vec<u8>, JournalError> {
    let mut body = Vec::new();
    let mut count: u64 = 0;
    journal.scan(0, &mut |event| {
        encode_event(&mut body, &event)?;
        count = count.saturating_add(1);
        Ok(())
    })?;
    let mut out = Vec::with_capacity(EXPORT_MAGIC.len() + 2 + 8 + body.len());
    out.extend_from_slice(EXPORT_MAGIC);
    out.extend_from_slice(&EXPORT_FORMAT_VERSION.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decodes an export, checks its chain, and appends it to `journal`, which must be empty
/// (otherwise [`JournalError::Conflict`]). All or nothing. Returns the number of events imported.
///
/// Fails with [`JournalError::Decode`] if the bytes are not a well-formed export, and with
/// [`JournalError::Tampered`] naming the first bad seq if the chain does not verify.
pub fn import_into(bytes: &[u8], journal: &mut dyn Journal) -> Result<u64, JournalError> {
    let events = decode(bytes)?;
    let count = u64::try_from(events.len()).map_err(|_| decode_err("too many events"))?;
    let head = journal.head()?;
    if head != 0 {
        return Err(JournalError::Conflict {
            expected_next: 1,
            actual_next: head.saturating_add(1),
        });
    }
    // Checked here, from the genesis hash, so that altered bytes are reported as tampering at
    // the seq that fails, never as a "conflict" because the first seq was altered.
    let mut chain = ChainCheck::new();
    events.iter().try_for_each(|e| chain.accept(e))?;
    journal.append_verbatim(events)?;
    Ok(count)
}

fn encode_event(out: &mut Vec<u8>, event: &StoredEvent) -> Result<(), JournalError> {
    let kind_len = u32::try_from(event.kind.len()).map_err(|_| JournalError::Invalid {
        reason: "event kind is too long to export",
    })?;
    let content_len = u32::try_from(event.content.len()).map_err(|_| JournalError::Invalid {
        reason: "event content is too long to export",
    })?;
    out.extend_from_slice(&event.seq.to_be_bytes());
    out.extend_from_slice(event.id.as_bytes());
    out.extend_from_slice(&event.at.timestamp_micros().to_be_bytes());
    out.extend_from_slice(event.actor.as_bytes());
    out.push(if event.redacted { FLAG_REDACTED } else { 0 });
    out.extend_from_slice(&kind_len.to_be_bytes());
    out.extend_from_slice(event.kind.as_bytes());
    out.extend_from_slice(&content_len.to_be_bytes());
    out.extend_from_slice(&event.content);
    out.extend_from_slice(&event.content_hash);
    out.extend_from_slice(&event.prev_hash);
    out.extend_from_slice(&event.hash);
    Ok(())
}

fn decode_err(reason: impl Into<String>) -> JournalError {
    JournalError::Decode {
        reason: reason.into(),
    }
}

/// Decodes the bytes into events without checking the chain (that is `append_verbatim`'s job).
fn decode(bytes: &[u8]) -> Result<Vec<StoredEvent>, JournalError> {
    let mut r = Reader { rest: bytes };
    let magic: [u8; 16] = r
        .array()
        .map_err(|_| decode_err("not a safehub journal export (too short)"))?;
    if &magic != EXPORT_MAGIC {
        return Err(decode_err("not a safehub journal export (bad magic)"));
    }
    let version = u16::from_be_bytes(r.array()?);
    if version != EXPORT_FORMAT_VERSION {
        return Err(decode_err(format!(
            "unsupported export format version {version} (this build reads {EXPORT_FORMAT_VERSION})"
        )));
    }
    let count = u64::from_be_bytes(r.array()?);
    // The count is untrusted: never reserve more events than the remaining bytes could hold.
    let room = r.rest.len() / MIN_EVENT_LEN;
    let capacity = usize::try_from(count).map_or(room, |c| c.min(room));
    let mut events = Vec::with_capacity(capacity);
    let mut index: u64 = 0;
    while index < count {
        index = index.saturating_add(1);
        events.push(decode_event(&mut r).map_err(|e| match e {
            JournalError::Decode { reason } => decode_err(format!("event {index}: {reason}")),
            other => other,
        })?);
    }
    if !r.rest.is_empty() {
        return Err(decode_err(format!(
            "{} bytes after the last event",
            r.rest.len()
        )));
    }
    Ok(events)
}

fn decode_event(r: &mut Reader<'_>) -> Result<StoredEvent, JournalError> {
    let seq = u64::from_be_bytes(r.array()?);
    let id = Uuid::from_bytes(r.array()?);
    let micros = i64::from_be_bytes(r.array()?);
    let at = DateTime::from_timestamp_micros(micros)
        .ok_or_else(|| decode_err("time is out of range"))?;
    let actor = Uuid::from_bytes(r.array()?);
    let [flags] = r.array::<1>()?;
    if flags & !FLAG_REDACTED != 0 {
        return Err(decode_err("unknown flag bits"));
    }
    let kind_bytes = r.take_prefixed()?;
    let kind = std::str::from_utf8(kind_bytes)
        .map_err(|_| decode_err("kind is not UTF-8"))?
        .to_owned();
    let content = r.take_prefixed()?.to_vec();
    Ok(StoredEvent {
        seq,
        id,
        at,
        actor,
        kind,
        content,
        content_hash: r.array()?,
        prev_hash: r.array()?,
        hash: r.array()?,
        redacted: flags & FLAG_REDACTED != 0,
    })
}

/// A cursor over untrusted bytes. Every read checks the remaining length first.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], JournalError> {
        let (head, tail) = self
            .rest
            .split_at_checked(n)
            .ok_or_else(|| decode_err("unexpected end of input"))?;
        self.rest = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], JournalError> {
        self.take(N)?
            .try_into()
            .map_err(|_| decode_err("unexpected end of input"))
    }

    /// A u32 length then that many bytes; the length is checked against the input before use, so
    /// a forged length cannot cause a large allocation.
    fn take_prefixed(&mut self) -> Result<&'a [u8], JournalError> {
        let len = u32::from_be_bytes(self.array()?);
        let len = usize::try_from(len).map_err(|_| decode_err("length does not fit in memory"))?;
        self.take(len)
    }
}
