//! Input limits and text checks shared by every command.
//!
//! Bad input gets a typed error naming the field before anything is decided, so nothing is ever
//! half-written. The limits bound what one record may cost in memory and in the journal.

use crate::error::{Error, Result};

/// The longest name, label or title, in characters.
pub const MAX_NAME: usize = 200;
/// The longest free text (an entry, a detail), in characters.
pub const MAX_TEXT: usize = 20_000;
/// The most items in a list field (aliases, identifiers, purposes, team members).
pub const MAX_LIST: usize = 50;
/// The longest external id or justification, in characters.
pub const MAX_SHORT: usize = 500;
/// The most events one page of the change feed returns; a larger `limit` is cut to this.
pub const MAX_PAGE: usize = 10_000;
/// The largest incident import file, in bytes (64 MiB): a county's weekly batch of about 20,000
/// rows fits at up to 3 KiB a row (a row with a few hundred characters of summary is about
/// 500 bytes); a bigger feed is several batches. Checked while reading, so a larger stream is
/// refused without being read to its end.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;
/// The longest record (one row, or the header) of an incident CSV file, in bytes (256 KiB): a row
/// at every field's limit is under half of it, and a file without line breaks is refused after
/// this much rather than buffered whole.
pub const MAX_IMPORT_RECORD_BYTES: u64 = 256 * 1024;

/// Whether `v` has more than `max` characters. A char is at most four bytes in UTF-8, so a
/// value over `4 * max` bytes is refused without walking it: a huge input costs nothing.
fn too_long(v: &str, max: usize) -> bool {
    // No more characters than bytes: a value within `max` bytes needs no count (an import
    // checks several values per row).
    v.len() > max && (v.len() > max.saturating_mul(4) || v.chars().count() > max)
}

/// Whether `v` holds a control character (Unicode's `Cc`, as `char::is_control`) other than
/// those `allowed` (ASCII), read from the bytes without decoding: `Cc` is U+0000 to U+001F, U+007F
/// and U+0080 to U+009F, which UTF-8 writes as `C2 80` to `C2 9F` (and `C2` is only ever a
/// leading byte).
fn has_control(v: &str, allowed: &[u8]) -> bool {
    let bytes = v.as_bytes();
    // The usual value is printable ASCII throughout, which one pass without early exit decides
    // (the compiler compares many bytes at a time); only another value is read byte by byte.
    // An import checks several values per row, and this was most of `checked_line`'s time.
    if bytes
        .iter()
        .fold(true, |printable, b| printable & (0x20..0x7f).contains(b))
    {
        return false;
    }
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && !allowed.contains(&b))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    })
}

/// Whether `b` is an ASCII character Unicode counts as white space (as `char::is_whitespace`):
/// tab, line feed, vertical tab, form feed, carriage return and space.
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// [`str::trim`], deciding the usual value (one that starts and ends with an ASCII character
/// that is not white space, as almost every field of an import does) from its two end bytes:
/// `str::trim` decodes characters from both ends, and an import trims several values per row,
/// which put it at 4% of a 100,000-row import. Any other value is trimmed by `str::trim`.
pub(crate) fn trim(value: &str) -> &str {
    let bytes = value.as_bytes();
    let kept = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii() && !is_ascii_space(b));
    if kept(bytes.first()) && kept(bytes.last()) {
        value
    } else {
        value.trim()
    }
}

/// A required one-line value: trimmed, not empty, no control characters, at most `max` chars.
pub fn line(field: &'static str, value: &str, max: usize) -> Result<String> {
    checked_line(field, value, max).map(str::to_owned)
}

/// [`line()`] without the copy: the trimmed value, borrowed, for an import that copies a value
/// only into what it records (most of a row's names and addresses match existing profiles).
pub(crate) fn checked_line<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str> {
    let v = trim(value);
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if too_long(v, max) {
        return Err(Error::invalid(field, "too long"));
    }
    if has_control(v, b"") {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(v)
}

/// A required multi-line text: like [`line()`] but newlines and tabs are allowed.
pub fn text(field: &'static str, value: &str, max: usize) -> Result<String> {
    checked_text(field, value, max).map(str::to_owned)
}

/// [`text()`] without the copy (see [`checked_line`]).
pub(crate) fn checked_text<'a>(field: &'static str, value: &'a str, max: usize) -> Result<&'a str> {
    let v = trim(value);
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if too_long(v, max) {
        return Err(Error::invalid(field, "too long"));
    }
    if has_control(v, b"\n\t\r") {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(v)
}

/// An optional one-line value: `None` or blank gives `None`.
pub fn optional_line(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    checked_optional_line(field, value, max).map(|v| v.map(str::to_owned))
}

/// [`optional_line`] without the copy (see [`checked_line`]).
pub(crate) fn checked_optional_line<'a>(
    field: &'static str,
    value: Option<&'a str>,
    max: usize,
) -> Result<Option<&'a str>> {
    match value.map(trim) {
        None | Some("") => Ok(None),
        Some(v) => checked_line(field, v, max).map(Some),
    }
}

/// A list of at most [`MAX_LIST`] items.
pub fn list<T>(field: &'static str, items: &[T]) -> Result<()> {
    if items.len() > MAX_LIST {
        return Err(Error::invalid(field, "too many items"));
    }
    Ok(())
}

/// A journal file path for [`crate::Hub::open`]. SQLite takes an empty path or `:memory:` as a
/// private database that vanishes on close: a caller of `open` would lose everything silently
/// (`Hub::open_in_memory` says so when that is meant).
pub fn journal_path(path: &std::path::Path) -> Result<&std::path::Path> {
    let s = path.as_os_str();
    if s.is_empty() || s == ":memory:" {
        return Err(Error::invalid("path", "a file path, not empty or :memory:"));
    }
    Ok(path)
}

/// Lowercases and folds runs of white space, for matching names typed in different ways.
pub(crate) fn normalise(text: &str) -> String {
    // One allocation for the usual ASCII name: imports and searches call this for every row and
    // every profile.
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// [`normalise`] into a buffer the caller reuses: import matching looks up a key for every
/// name and address in a batch, and keeps only those of the profiles it creates.
pub(crate) fn normalise_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // The usual name or address, read as bytes: an ASCII text's white space is ASCII, so
        // its words are `split_whitespace`'s, and each byte is its own character.
        let words = text.as_bytes().split(|&b| is_ascii_space(b));
        for word in words.filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.iter().map(|&b| char::from(b.to_ascii_lowercase())));
        }
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            // `str::to_lowercase` knows a word-final capital sigma; `char`'s does not.
            out.push_str(&word.to_lowercase());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn a_control_character_is_found_in_any_script_and_only_those_allowed_pass() {
        // Every character up to U+00FF and a few beyond, against `char::is_control`.
        let others = ['é', 'ÿ', 'Ā', '\u{2028}', '中', '🙂'];
        // Short and long values: a long one is read many bytes at a time.
        let long = "Caller reports noise and shouting";
        for c in (0..=0xffu32).filter_map(char::from_u32).chain(others) {
            for v in [format!("a{c}b"), format!("{long}{c}{long}{long}")] {
                assert_eq!(super::has_control(&v, b""), c.is_control(), "{:?}", c);
                let in_text = c.is_control() && !matches!(c, '\n' | '\t' | '\r');
                assert_eq!(super::has_control(&v, b"\n\t\r"), in_text, "{:?}", c);
            }
        }
        assert!(super::too_long("abcd", 3));
        assert!(!super::too_long("ééé", 3), "three characters in six bytes");
        assert!(super::too_long("éééé", 3));
    }

    #[test]
    fn trim_and_normalise_read_ascii_white_space_as_unicode_does() {
        // Every ASCII character, and white space beyond ASCII, at either end and inside.
        let others = ['\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', 'é', 'Σ'];
        let chars: Vec<char> = (0..0x80u32)
            .filter_map(char::from_u32)
            .chain(others)
            .collect();
        for &c in &chars {
            assert_eq!(
                super::is_ascii_space(c as u8),
                c.is_ascii() && c.is_whitespace(),
                "{c:?}"
            );
            for v in [
                format!("{c}"),
                format!("{c}Ab"),
                format!("Ab{c}"),
                format!("{c}Ab{c}"),
                format!("A{c}{c}B"),
                format!(" A{c}b "),
            ] {
                assert_eq!(super::trim(&v), v.trim(), "{v:?}");
                let mut words = String::new();
                for word in v.split_whitespace() {
                    if !words.is_empty() {
                        words.push(' ');
                    }
                    words.push_str(&word.to_lowercase());
                }
                assert_eq!(normalise(&v), words, "{v:?}");
            }
        }
        assert_eq!(super::trim(""), "");
    }

    #[test]
    fn normalise_folds_case_and_white_space_in_any_script() {
        assert_eq!(normalise("  Mary\t ANN  Smith\n"), "mary ann smith");
        assert_eq!(normalise("ÓSCAR  Núñez"), "óscar núñez");
        assert_eq!(normalise("ΟΔΥΣΣΕΥΣ"), "οδυσσευς", "a word-final sigma");
        assert_eq!(normalise(" \t "), "");
    }
}
