//! The byte limits of an import stream ([`MAX_IMPORT_BYTES`] for the whole input,
//! [`MAX_IMPORT_RECORD_BYTES`] for one record), enforced while reading. The CSV parser buffers a
//! record whole, so without the record limit a file with no line breaks would be held in memory
//! to its end; with it, a stream of any size is refused after a bounded prefix.

use crate::validation::{MAX_IMPORT_BYTES, MAX_IMPORT_RECORD_BYTES};
use std::io::{self, Read};

/// The parser's read-ahead buffer: bytes handed out may run this far past the record it parses.
pub(super) const READ_AHEAD: usize = 8 * 1024;

/// Which limit stopped a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Overrun {
    /// The whole input is over [`MAX_IMPORT_BYTES`].
    Input,
    /// One record is over [`MAX_IMPORT_RECORD_BYTES`].
    Record,
}

/// A reader that hands out bytes only up to the current record's limit, then fails with an I/O
/// error and remembers which limit it was.
pub(super) struct Bounded<R> {
    inner: R,
    handed_out: u64,
    allowed: u64,
    overrun: Option<Overrun>,
}

impl<R: Read> Bounded<R> {
    pub(super) fn new(inner: R) -> Self {
        let mut bounded = Bounded {
            inner,
            handed_out: 0,
            allowed: 0,
            overrun: None,
        };
        bounded.record_starts_at(0);
        bounded
    }

    /// The next record starts at byte `start` of the input.
    pub(super) fn record_starts_at(&mut self, start: u64) {
        let read_ahead = u64::try_from(READ_AHEAD).unwrap_or(u64::MAX);
        self.allowed = start
            .saturating_add(MAX_IMPORT_RECORD_BYTES)
            .saturating_add(read_ahead)
            .min(MAX_IMPORT_BYTES);
    }

    /// The limit that stopped the stream, if one did.
    pub(super) fn overrun(&self) -> Option<Overrun> {
        self.overrun
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.allowed.saturating_sub(self.handed_out);
        if room == 0 {
            // At the limit is fine if the input ends exactly here.
            if self.inner.read(&mut [0u8; 1])? == 0 {
                return Ok(0);
            }
            let overrun = if self.handed_out >= MAX_IMPORT_BYTES {
                Overrun::Input
            } else {
                Overrun::Record
            };
            self.overrun = Some(overrun);
            return Err(io::Error::other("import size limit"));
        }
        let want = usize::try_from(room).unwrap_or(usize::MAX).min(buf.len());
        let (head, _) = buf.split_at_mut(want);
        let n = self.inner.read(head)?;
        self.handed_out = self
            .handed_out
            .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(r: &mut impl Read) -> (u64, io::Result<usize>) {
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0;
        loop {
            match r.read(&mut buf) {
                Ok(0) => return (total, Ok(0)),
                Ok(n) => total += n as u64,
                Err(e) => return (total, Err(e)),
            }
        }
    }

    #[test]
    fn an_input_exactly_at_the_record_limit_ends_normally() {
        let size = MAX_IMPORT_RECORD_BYTES + READ_AHEAD as u64;
        let mut b = Bounded::new(io::repeat(b'x').take(size));
        let (n, end) = drain(&mut b);
        assert_eq!((n, end.is_ok(), b.overrun()), (size, true, None));
    }

    #[test]
    fn one_byte_more_is_a_record_overrun() {
        let size = MAX_IMPORT_RECORD_BYTES + READ_AHEAD as u64;
        let mut b = Bounded::new(io::repeat(b'x').take(size + 1));
        let (n, end) = drain(&mut b);
        assert_eq!((n, end.is_err()), (size, true));
        assert_eq!(b.overrun(), Some(Overrun::Record));
    }

    #[test]
    fn records_that_keep_starting_stop_at_the_input_limit() {
        let mut b = Bounded::new(io::repeat(b'x'));
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        while let Ok(n) = b.read(&mut buf) {
            total += n as u64;
            b.record_starts_at(total);
        }
        assert_eq!(
            (total, b.overrun()),
            (MAX_IMPORT_BYTES, Some(Overrun::Input))
        );
    }
}
