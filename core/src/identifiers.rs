//! Person and place identifiers used across agencies: NHS numbers, Police
//! National Computer (PNC) IDs, Criminal Records Office (CRO) numbers,
//! National Insurance numbers, UK postcodes and Unique Property Reference
//! Numbers (UPRNs).
//!
//! This module owns the rules for what a well-formed identifier looks like,
//! the normalised spelling each one is stored in (so that two agencies'
//! spellings of the same identifier compare equal), and the functions that
//! compute check characters so test-data generators can make valid values.
//!
//! A successful parse proves *shape and checksum only*. It does not prove that
//! the identifier was ever issued, that it belongs to the person or place in
//! hand, or that the address exists. Matching records on these values still
//! needs the usual corroboration.
//!
//! Errors never contain the input: they name the kind of identifier and the
//! reason only, because these values are personal data and errors end up in
//! logs.
//!
//! Sources:
//! - NHS number: NHS Data Dictionary, "NHS Number" attribute (modulus 11
//!   check digit, weights 10 down to 2; 999 000 0000 to 999 999 9999 is a
//!   test range that is never issued).
//! - PNC ID and CRO number: Criminal Justice System data standards for the
//!   PNC ID (`YYYY/NNNNNNNC`) and CRO number (`NNNNNN/YYC`, `SFYY/NNNNNNC`),
//!   with their modulus 23 check letter over `ZABCDEFGHJKLMNPQRTUVWXY`.
//! - National Insurance number: HMRC National Insurance Manual, NIM39110
//!   (prefix letters that are never used or not allocated; suffix A to D;
//!   administrative prefixes that are not real numbers).
//! - Postcode: the UK postcode format as published by Royal Mail and the
//!   Government Data Standards Catalogue (outward code forms AN, ANN, AAN,
//!   AANN, ANA and AANA; per-position letter restrictions), plus BFPO codes.
//! - UPRN: GeoPlace / Ordnance Survey AddressBase, where a UPRN is a positive
//!   integer of up to 12 digits with no check digit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

/// Inputs longer than this are rejected before any other work, so a hostile
/// or corrupt field cannot make a parser allocate or scan without bound. Every
/// genuine identifier here, with generous spacing, is far shorter.
const MAX_INPUT_LEN: usize = 64;

/// The modulus 23 check alphabet shared by PNC IDs and CRO numbers. I, O and S
/// are missing because they are easily misread as 1, 0 and 5.
const CHECK_ALPHABET: [char; 23] = [
    'Z', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U',
    'V', 'W', 'X', 'Y',
];

/// Why an identifier, postcode or UPRN was rejected.
///
/// Carries only the kind of value and a fixed reason, never the input itself,
/// so it is safe to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("invalid {kind}: {reason}")]
pub struct IdentifierError {
    kind: &'static str,
    reason: &'static str,
}

impl IdentifierError {
    fn new(kind: &'static str, reason: &'static str) -> Self {
        Self { kind, reason }
    }

    /// Which kind of value was rejected, e.g. "NHS number", "postcode" or "UPRN".
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Why it was rejected, e.g. "check digit does not match".
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// The kinds of person identifier that [`Identifier`] can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum IdentifierKind {
    /// NHS number: ten digits, the last a modulus 11 check digit.
    NhsNumber,
    /// Police National Computer ID, e.g. `1999/1234567B`.
    PncId,
    /// Criminal Records Office number, e.g. `012345/08V` or `SF08/12345H`.
    CroNumber,
    /// National Insurance number, e.g. `AB123456C`.
    NiNumber,
}

impl IdentifierKind {
    /// Every kind, in declaration order.
    pub const ALL: [IdentifierKind; 4] = [
        IdentifierKind::NhsNumber,
        IdentifierKind::PncId,
        IdentifierKind::CroNumber,
        IdentifierKind::NiNumber,
    ];

    /// Human-readable name used in messages, e.g. "NHS number".
    pub fn label(&self) -> &'static str {
        match self {
            IdentifierKind::NhsNumber => "NHS number",
            IdentifierKind::PncId => "PNC ID",
            IdentifierKind::CroNumber => "CRO number",
            IdentifierKind::NiNumber => "National Insurance number",
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A validated person identifier, held in its normalised spelling.
///
/// Normalised forms: NHS number as ten digits (`9434765919`); PNC ID in long
/// form with the serial padded to seven digits (`1999/0123456X`); CRO number
/// as `NNNNNN/YYC` with the serial padded to six digits, or `SFYY/N…C` with
/// the serial exactly as written (its check letter depends on the digits as
/// written, so padding would change the identifier); National Insurance
/// number in upper case without spaces, suffix kept only if given.
///
/// Deserialisation accepts only values already in normalised form, so stored
/// data cannot smuggle in an unchecked identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Identifier {
    kind: IdentifierKind,
    value: String,
}

impl Identifier {
    /// Validates `raw` as an identifier of `kind` and normalises it.
    ///
    /// Surrounding whitespace and lower case are accepted for every kind; NHS
    /// numbers may also contain spaces and hyphens (`943-476-5919`) and
    /// National Insurance numbers spaces (`AB 12 34 56 C`). PNC IDs need the
    /// slash between year and serial: without it a digit run such as
    /// `2012345A` could be year 20 or year 2012.
    ///
    /// `current_year` decides the century of a two-digit PNC year (up to the
    /// current year's last two digits means 20YY, otherwise 19YY) and rejects
    /// PNC IDs dated in the future; the other kinds ignore it.
    pub fn parse(
        kind: IdentifierKind,
        raw: &str,
        current_year: i32,
    ) -> Result<Identifier, IdentifierError> {
        let value = match kind {
            IdentifierKind::NhsNumber => parse_nhs(raw),
            IdentifierKind::PncId => parse_pnc(raw, current_year),
            IdentifierKind::CroNumber => parse_cro(raw),
            IdentifierKind::NiNumber => parse_ni(raw),
        }
        .map_err(|reason| IdentifierError::new(kind.label(), reason))?;
        Ok(Identifier { kind, value })
    }

    /// Which kind of identifier this is.
    pub fn kind(&self) -> IdentifierKind {
        self.kind
    }

    /// The normalised value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// True for an NHS number in the 999 000 0000 to 999 999 9999 range,
    /// which is reserved for testing and never issued to a patient.
    pub fn is_nhs_test_range(&self) -> bool {
        self.kind == IdentifierKind::NhsNumber && self.value.starts_with("999")
    }

    pub(crate) fn from_normalised(
        kind: IdentifierKind,
        value: &str,
    ) -> Result<Identifier, IdentifierError> {
        // Stored values are always long-form, so the current year only matters
        // for the "not in the future" check; the largest year disables it
        // because the reader cannot know when the value was first accepted.
        let parsed = Identifier::parse(kind, value, i32::MAX)?;
        if parsed.value == value {
            Ok(parsed)
        } else {
            Err(IdentifierError::new(
                kind.label(),
                "is not in normalised form",
            ))
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<'de> Deserialize<'de> for Identifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Stored {
            kind: IdentifierKind,
            value: String,
        }
        let stored = Stored::deserialize(deserializer)?;
        Identifier::from_normalised(stored.kind, &stored.value).map_err(serde::de::Error::custom)
    }
}

/// A UK postcode in normalised form: upper case, one space before the inward
/// code (`SW1A 1AA`), or a British Forces Post Office code (`BFPO 1234`).
///
/// A format check proves shape, not existence: `ZE9 9ZZ` is well formed but
/// may not be a delivery point. Use an address gazetteer to prove existence.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Postcode(String);

impl Postcode {
    /// Validates and normalises a postcode. Accepts lower case, surrounding
    /// whitespace and a missing space (`sw1a1aa`).
    pub fn parse(raw: &str) -> Result<Postcode, IdentifierError> {
        parse_postcode(raw)
            .map(Postcode)
            .map_err(|reason| IdentifierError::new("postcode", reason))
    }

    /// The normalised postcode.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Postcode {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Postcode::parse(s)
    }
}

impl TryFrom<String> for Postcode {
    type Error = IdentifierError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Postcode::parse(&value)
    }
}

impl From<Postcode> for String {
    fn from(postcode: Postcode) -> String {
        postcode.0
    }
}

/// A Unique Property Reference Number: a positive integer of at most 12
/// digits. It has no check digit, so validation proves only the range, not
/// that the property exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u64", into = "u64")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Uprn(u64);

impl Uprn {
    /// The largest UPRN: twelve nines.
    pub const MAX: u64 = 999_999_999_999;

    /// Wraps a number, rejecting zero and anything over twelve digits.
    pub fn new(value: u64) -> Result<Uprn, IdentifierError> {
        if value == 0 {
            Err(IdentifierError::new("UPRN", "must be greater than zero"))
        } else if value > Uprn::MAX {
            Err(IdentifierError::new(
                "UPRN",
                "must be at most twelve digits",
            ))
        } else {
            Ok(Uprn(value))
        }
    }

    /// Parses a UPRN written as one to twelve digits, ignoring surrounding
    /// whitespace. Signs, separators and anything else are rejected.
    pub fn parse(raw: &str) -> Result<Uprn, IdentifierError> {
        // `str::trim`, not the import's `validation::trim`: validation sits above this module
        // (its errors name identifiers), and a UPRN is a few bytes.
        let s = raw.trim();
        if s.is_empty() {
            return Err(IdentifierError::new("UPRN", "is empty"));
        }
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdentifierError::new("UPRN", "must contain only digits"));
        }
        if s.len() > 12 {
            return Err(IdentifierError::new(
                "UPRN",
                "must be at most twelve digits",
            ));
        }
        let value = digits_value(s)
            .ok_or_else(|| IdentifierError::new("UPRN", "must contain only digits"))?;
        Uprn::new(value)
    }

    /// The number.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Uprn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Uprn {
    type Err = IdentifierError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uprn::parse(s)
    }
}

impl TryFrom<u64> for Uprn {
    type Error = IdentifierError;

    fn try_from(value: u64) -> Result<Self, Self::Error> {
        Uprn::new(value)
    }
}

impl From<Uprn> for u64 {
    fn from(uprn: Uprn) -> u64 {
        uprn.0
    }
}

/// Computes the NHS number check digit for the first nine digits.
///
/// Returns `None` if any element is not a digit (0 to 9), or if the
/// modulus 11 remainder gives 10: such nine-digit stems are never issued.
pub fn nhs_check_digit(first9: &[u8; 9]) -> Option<u8> {
    let mut sum: u32 = 0;
    for (digit, weight) in first9.iter().zip((2..=10u32).rev()) {
        if *digit > 9 {
            return None;
        }
        sum += u32::from(*digit) * weight;
    }
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => u8::try_from(check).ok(),
    }
}

/// Computes the PNC ID check letter for a two-digit year (0 to 99) and a
/// serial (0 to 9,999,999).
///
/// The check is the number formed by the two-digit year followed by the
/// serial padded to seven digits, modulo 23, looked up in
/// `ZABCDEFGHJKLMNPQRTUVWXY`. Arguments outside those ranges still give a
/// letter, but not one that means anything.
pub fn pnc_check_letter(yy: u32, serial: u32) -> char {
    check_letter(u64::from(yy) * 10_000_000 + u64::from(serial))
}

/// Computes the check letter of a standard-form CRO number (`NNNNNN/YYC`) for
/// a two-digit year (0 to 99) and a serial (0 to 999,999).
///
/// The check is the number formed by the two-digit year followed by the
/// serial padded to six digits, modulo 23, in the PNC alphabet. Arguments
/// outside those ranges still give a letter, but not one that means anything.
pub fn cro_check_letter(yy: u32, serial: u32) -> char {
    check_letter(u64::from(yy) * 1_000_000 + u64::from(serial))
}

/// Computes the check letter of an SF-form CRO number (`SFYY/N…C`) for a
/// two-digit year (0 to 99) and the serial digits exactly as written (one to
/// six ASCII digits).
///
/// Unlike the standard form, the serial is not padded: the check is over the
/// two-digit year followed by the digits as written, so leading zeros matter.
/// Returns `None` if the arguments are out of range.
pub fn cro_sf_check_letter(yy: u32, serial_digits: &str) -> Option<char> {
    if yy > 99 || !is_digits(serial_digits, 1, 6) {
        return None;
    }
    let serial = digits_value(serial_digits)?;
    let scale = 10u64.checked_pow(u32::try_from(serial_digits.len()).ok()?)?;
    Some(check_letter(u64::from(yy) * scale + serial))
}

fn check_letter(n: u64) -> char {
    let index = usize::try_from(n % 23).unwrap_or(0);
    // The index is a remainder modulo 23, so it is always within the alphabet.
    CHECK_ALPHABET.get(index).copied().unwrap_or('Z')
}

/// Trims, enforces the length cap and upper-cases; every parser starts here.
fn prepare(raw: &str) -> Result<String, &'static str> {
    let s = raw.trim();
    if s.is_empty() {
        Err("is empty")
    } else if s.len() > MAX_INPUT_LEN {
        Err("is too long")
    } else {
        Ok(s.to_ascii_uppercase())
    }
}

fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

/// The value of a string of ASCII digits, or `None` if it is empty, holds
/// anything else, or overflows.
fn digits_value(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u64, |acc, c| {
        let digit = c.to_digit(10)?;
        acc.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// Splits off a trailing check letter A to Z.
fn split_check_letter(s: &str) -> Result<(&str, char), &'static str> {
    let mut chars = s.chars();
    match chars.next_back() {
        Some(c) if c.is_ascii_uppercase() => Ok((chars.as_str(), c)),
        _ => Err("must end with a check letter"),
    }
}

fn parse_nhs(raw: &str) -> Result<String, &'static str> {
    let s = prepare(raw)?;
    let mut digits: Vec<u8> = Vec::with_capacity(10);
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            digits.push(u8::try_from(d).map_err(|_| "must contain only digits")?);
        } else if c != '-' && !c.is_whitespace() {
            return Err("must contain only digits, spaces and hyphens");
        }
    }
    let Ok(all) = <[u8; 10]>::try_from(digits.as_slice()) else {
        return Err("must be ten digits");
    };
    let [a, b, c, d, e, f, g, h, i, check] = all;
    match nhs_check_digit(&[a, b, c, d, e, f, g, h, i]) {
        None => Err("check digit cannot be valid for these digits"),
        Some(expected) if expected != check => Err("check digit does not match"),
        Some(_) => Ok(all.iter().map(|d| char::from(b'0' + d)).collect()),
    }
}

fn parse_pnc(raw: &str, current_year: i32) -> Result<String, &'static str> {
    let s = prepare(raw)?;
    // The published pattern makes the slash optional, but without it a run of
    // digits such as 2012345 reads as either 20/12345 or 2012/345, which are
    // different people; requiring it avoids a silent wrong match.
    let (year_part, rest) = s
        .split_once('/')
        .ok_or("year and serial must be separated by a slash")?;
    let (serial_part, letter) = split_check_letter(rest)?;
    if !is_digits(serial_part, 1, 7) {
        return Err("serial must be one to seven digits");
    }
    let serial = digits_value(serial_part).ok_or("serial must be one to seven digits")?;
    if !(is_digits(year_part, 2, 2) || is_digits(year_part, 4, 4)) {
        return Err("year must be two or four digits");
    }
    let written_year = digits_value(year_part).ok_or("year must be two or four digits")?;
    let year = if year_part.len() == 2 {
        let current_yy = u64::from(current_year.rem_euclid(100).unsigned_abs());
        if written_year <= current_yy {
            2000 + written_year
        } else {
            1900 + written_year
        }
    } else {
        written_year
    };
    let not_future = i64::try_from(year).is_ok_and(|y| y <= i64::from(current_year));
    if year < 1900 || !not_future {
        return Err("year is outside the range of issued PNC IDs");
    }
    if check_letter((year % 100) * 10_000_000 + serial) != letter {
        return Err("check letter does not match");
    }
    Ok(format!("{year:04}/{serial:07}{letter}"))
}

fn parse_cro(raw: &str) -> Result<String, &'static str> {
    let s = prepare(raw)?;
    if let Some(sf) = s.strip_prefix("SF") {
        let (year_part, rest) = sf
            .split_once('/')
            .ok_or("year and serial must be separated by a slash")?;
        let (serial_part, letter) = split_check_letter(rest)?;
        if !is_digits(year_part, 2, 2) {
            return Err("year must be two digits");
        }
        if !is_digits(serial_part, 1, 6) {
            return Err("serial must be one to six digits");
        }
        let yy = digits_value(year_part).ok_or("year must be two digits")?;
        let expected = u32::try_from(yy)
            .ok()
            .and_then(|yy| cro_sf_check_letter(yy, serial_part))
            .ok_or("serial must be one to six digits")?;
        if expected != letter {
            return Err("check letter does not match");
        }
        Ok(format!("SF{year_part}/{serial_part}{letter}"))
    } else {
        let (serial_part, rest) = s
            .split_once('/')
            .ok_or("serial and year must be separated by a slash")?;
        let (year_part, letter) = split_check_letter(rest)?;
        if !is_digits(serial_part, 1, 6) {
            return Err("serial must be one to six digits");
        }
        if !is_digits(year_part, 2, 2) {
            return Err("year must be two digits");
        }
        let serial = digits_value(serial_part).ok_or("serial must be one to six digits")?;
        let yy = digits_value(year_part).ok_or("year must be two digits")?;
        if check_letter(yy * 1_000_000 + serial) != letter {
            return Err("check letter does not match");
        }
        Ok(format!("{serial:06}/{year_part}{letter}"))
    }
}

/// Prefixes that are never allocated, or are administrative placeholders
/// rather than real numbers. OO and FY also break the letter rules; they are
/// listed so the published list is visible in one place.
const NI_BARRED_PREFIXES: [&str; 12] = [
    "BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "OO", "CR", "FY", "MW", "NC",
];

fn parse_ni(raw: &str) -> Result<String, &'static str> {
    let s: String = prepare(raw)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut chars = s.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return Err("must be two letters, six digits and an optional suffix letter");
    };
    let body = chars.as_str();
    let (digits, suffix) = match split_check_letter(body) {
        Ok((digits, suffix)) => (digits, Some(suffix)),
        Err(_) => (body, None),
    };
    if !first.is_ascii_uppercase() || !second.is_ascii_uppercase() || !is_digits(digits, 6, 6) {
        return Err("must be two letters, six digits and an optional suffix letter");
    }
    if "DFIQUV".contains(first) {
        return Err("first letter is never used");
    }
    if "DFIQUVO".contains(second) {
        return Err("second letter is never used");
    }
    let prefix: String = [first, second].iter().collect();
    if NI_BARRED_PREFIXES.contains(&prefix.as_str()) {
        return Err("prefix is not allocated");
    }
    if let Some(suffix) = suffix {
        if !"ABCD".contains(suffix) {
            return Err("suffix must be A, B, C or D");
        }
    }
    Ok(s)
}

fn parse_postcode(raw: &str) -> Result<String, &'static str> {
    let s = prepare(raw)?;
    if let Some(number) = s.strip_prefix("BFPO") {
        let number = number.trim_start();
        if !is_digits(number, 1, 4) {
            return Err("BFPO number must be one to four digits");
        }
        return Ok(format!("BFPO {number}"));
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c.is_whitespace())
    {
        return Err("must contain only letters, digits and a space");
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    let (outward, inward) = match parts.as_slice() {
        [joined] => {
            // Only ASCII remains, so every byte offset is a character boundary.
            let cut = joined.len().checked_sub(3).ok_or("is too short")?;
            match (joined.get(..cut), joined.get(cut..)) {
                (Some(outward), Some(inward)) => (outward, inward),
                _ => return Err("is too short"),
            }
        }
        [outward, inward] => (*outward, *inward),
        _ => return Err("must be an outward code and an inward code"),
    };
    check_outward(outward)?;
    check_inward(inward)?;
    Ok(format!("{outward} {inward}"))
}

fn check_outward(outward: &str) -> Result<(), &'static str> {
    let shape: String = outward
        .chars()
        .map(|c| if c.is_ascii_digit() { 'N' } else { 'A' })
        .collect();
    if !matches!(
        shape.as_str(),
        "AN" | "ANN" | "AAN" | "AANN" | "ANA" | "AANA"
    ) {
        return Err("outward code has the wrong shape");
    }
    let letters: Vec<char> = outward.chars().collect();
    if letters.first().is_some_and(|c| "QVX".contains(*c)) {
        return Err("first letter may not be Q, V or X");
    }
    if shape.starts_with("AA") && letters.get(1).is_some_and(|c| "IJZ".contains(*c)) {
        return Err("second letter may not be I, J or Z");
    }
    if shape == "ANA"
        && letters
            .get(2)
            .is_some_and(|c| !"ABCDEFGHJKSTUW".contains(*c))
    {
        return Err("letter after the district digit is not one that is used");
    }
    if shape == "AANA" && letters.get(3).is_some_and(|c| !"ABEHMNPRVWXY".contains(*c)) {
        return Err("letter after the district digit is not one that is used");
    }
    Ok(())
}

fn check_inward(inward: &str) -> Result<(), &'static str> {
    let mut chars = inward.chars();
    match (chars.next(), chars.next(), chars.next(), chars.next()) {
        (Some(digit), Some(a), Some(b), None)
            if digit.is_ascii_digit() && a.is_ascii_uppercase() && b.is_ascii_uppercase() =>
        {
            if "CIKMOV".contains(a) || "CIKMOV".contains(b) {
                Err("inward code may not use C, I, K, M, O or V")
            } else {
                Ok(())
            }
        }
        _ => Err("inward code must be a digit and two letters"),
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const YEAR: i32 = 2025;

    fn id(kind: IdentifierKind, raw: &str) -> Result<Identifier, IdentifierError> {
        Identifier::parse(kind, raw, YEAR)
    }

    fn value(kind: IdentifierKind, raw: &str) -> String {
        id(kind, raw).unwrap().value().to_owned()
    }

    fn reason(kind: IdentifierKind, raw: &str) -> &'static str {
        id(kind, raw).unwrap_err().reason()
    }

    // ---- NHS number ----

    #[test]
    fn nhs_worked_example_is_valid_in_every_common_spelling() {
        for raw in [
            "9434765919",
            "943 476 5919",
            "943-476-5919",
            "  943 476 5919\t",
        ] {
            assert_eq!(value(IdentifierKind::NhsNumber, raw), "9434765919");
        }
    }

    #[test]
    fn nhs_published_example_9991234560_fails_its_own_checksum() {
        // Weighted sum 320, remainder 1, 11 - 1 = 10: no valid check digit.
        assert_eq!(nhs_check_digit(&[9, 9, 9, 1, 2, 3, 4, 5, 6]), None);
        assert!(id(IdentifierKind::NhsNumber, "999 123 4560").is_err());
    }

    #[test]
    fn nhs_check_digit_is_eleven_minus_remainder_not_remainder_minus_eleven() {
        // 943476591: sum 299, remainder 2, so the check is 9 (the reversed
        // formula would give -9).
        assert_eq!(nhs_check_digit(&[9, 4, 3, 4, 7, 6, 5, 9, 1]), Some(9));
    }

    #[test]
    fn nhs_remainder_zero_gives_check_digit_zero() {
        // 000000000 sums to 0, 11 - 0 = 11, which maps to 0.
        assert_eq!(nhs_check_digit(&[0; 9]), Some(0));
        assert!(id(IdentifierKind::NhsNumber, "0000000000").is_ok());
    }

    #[test]
    fn nhs_wrong_check_digit_is_rejected_with_reason() {
        assert_eq!(
            reason(IdentifierKind::NhsNumber, "9434765918"),
            "check digit does not match"
        );
    }

    #[test]
    fn nhs_wrong_length_or_stray_characters_are_rejected() {
        assert_eq!(
            reason(IdentifierKind::NhsNumber, "943476591"),
            "must be ten digits"
        );
        assert_eq!(
            reason(IdentifierKind::NhsNumber, "94347659190"),
            "must be ten digits"
        );
        assert!(id(IdentifierKind::NhsNumber, "943.476.5919").is_err());
        assert!(id(IdentifierKind::NhsNumber, "").is_err());
        assert!(id(IdentifierKind::NhsNumber, "９４３４７６５９１９").is_err());
    }

    #[test]
    fn nhs_check_digit_rejects_non_digit_elements() {
        assert_eq!(nhs_check_digit(&[10, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }

    #[test]
    fn nhs_test_range_is_flagged_only_for_999_numbers() {
        // Not every 999 stem has a valid check digit, so compute one that does.
        let stem = [9, 9, 9, 0, 0, 0, 0, 1, 0];
        let check = nhs_check_digit(&stem).unwrap();
        let raw: String = stem
            .iter()
            .chain(std::iter::once(&check))
            .map(|d| char::from(b'0' + d))
            .collect();
        assert!(id(IdentifierKind::NhsNumber, &raw)
            .unwrap()
            .is_nhs_test_range());
        assert!(!id(IdentifierKind::NhsNumber, "9434765919")
            .unwrap()
            .is_nhs_test_range());
        assert!(!id(IdentifierKind::NiNumber, "AB999999C")
            .unwrap()
            .is_nhs_test_range());
    }

    // ---- PNC ID ----

    #[test]
    fn pnc_worked_examples_are_valid() {
        assert_eq!(value(IdentifierKind::PncId, "99/123456X"), "1999/0123456X");
        assert_eq!(
            value(IdentifierKind::PncId, "1999/1234567B"),
            "1999/1234567B"
        );
        assert_eq!(value(IdentifierKind::PncId, "20/9N"), "2020/0000009N");
        assert_eq!(pnc_check_letter(99, 123_456), 'X');
        assert_eq!(pnc_check_letter(99, 1_234_567), 'B');
        assert_eq!(pnc_check_letter(20, 9), 'N');
    }

    #[test]
    fn pnc_short_and_long_forms_of_the_same_id_normalise_equal() {
        let short = id(IdentifierKind::PncId, "99/123456X").unwrap();
        let long = id(IdentifierKind::PncId, "1999/0123456X").unwrap();
        let long_unpadded = id(IdentifierKind::PncId, " 1999/123456x ").unwrap();
        assert_eq!(short, long);
        assert_eq!(long, long_unpadded);
    }

    #[test]
    fn pnc_wrong_check_letter_is_rejected() {
        assert_eq!(
            reason(IdentifierKind::PncId, "99/123456Y"),
            "check letter does not match"
        );
        assert!(id(IdentifierKind::PncId, "1999/1234567C").is_err());
    }

    #[test]
    fn pnc_two_digit_year_up_to_current_is_this_century_otherwise_last() {
        let letter = pnc_check_letter(25, 1);
        let this = id(IdentifierKind::PncId, &format!("25/1{letter}")).unwrap();
        assert!(this.value().starts_with("2025/"));
        let letter = pnc_check_letter(26, 1);
        let last = id(IdentifierKind::PncId, &format!("26/1{letter}")).unwrap();
        assert!(last.value().starts_with("1926/"));
    }

    #[test]
    fn pnc_future_or_pre_1900_long_year_is_rejected() {
        let letter = pnc_check_letter(30, 1);
        assert!(id(IdentifierKind::PncId, &format!("2030/1{letter}")).is_err());
        let letter = pnc_check_letter(99, 1);
        assert!(id(IdentifierKind::PncId, &format!("1899/1{letter}")).is_err());
    }

    #[test]
    fn pnc_without_slash_or_with_bad_parts_is_rejected() {
        for raw in [
            "991234567B",
            "999/1234567B",
            "1999/12345678B",
            "1999/B",
            "1999/1234567",
            "1999/1234567BB",
            "/1234567B",
        ] {
            assert!(id(IdentifierKind::PncId, raw).is_err(), "{raw}");
        }
    }

    // ---- CRO number ----

    #[test]
    fn cro_worked_example_012345_08v_is_valid() {
        // 8012345 mod 23 = 19, the 20th letter of the alphabet: V.
        assert_eq!(cro_check_letter(8, 12_345), 'V');
        assert_eq!(value(IdentifierKind::CroNumber, "012345/08V"), "012345/08V");
        assert_eq!(value(IdentifierKind::CroNumber, "12345/08v"), "012345/08V");
    }

    #[test]
    fn cro_wrong_check_letter_is_rejected() {
        assert_eq!(
            reason(IdentifierKind::CroNumber, "012345/08W"),
            "check letter does not match"
        );
    }

    #[test]
    fn cro_sf_form_checks_over_the_serial_as_written() {
        // "08" + "12345" = 812345; 812345 mod 23 = 8, giving H.
        assert_eq!(cro_sf_check_letter(8, "12345"), Some('H'));
        assert_eq!(
            value(IdentifierKind::CroNumber, "sf08/12345h"),
            "SF08/12345H"
        );
        // "95" + "1234" = 951234 = 23 * 41358, remainder 0, giving Z.
        assert_eq!(value(IdentifierKind::CroNumber, "SF95/1234Z"), "SF95/1234Z");
    }

    #[test]
    fn cro_sf_form_rejects_the_letter_the_padded_rule_would_give() {
        // Padding 12345 to six digits would give 8012345 and V: wrong for SF.
        assert!(id(IdentifierKind::CroNumber, "SF08/12345V").is_err());
    }

    #[test]
    fn cro_sf_leading_zeros_change_the_check_letter() {
        // "07" + "01" = 701, remainder 11: L. "07" + "1" = 71, remainder 2: B.
        assert_eq!(cro_sf_check_letter(7, "01"), Some('L'));
        assert_eq!(cro_sf_check_letter(7, "1"), Some('B'));
        assert!(id(IdentifierKind::CroNumber, "SF07/01L").is_ok());
        assert!(id(IdentifierKind::CroNumber, "SF07/1B").is_ok());
        assert!(id(IdentifierKind::CroNumber, "SF07/01B").is_err());
    }

    #[test]
    fn cro_sf_check_letter_rejects_out_of_range_arguments() {
        assert_eq!(cro_sf_check_letter(100, "1"), None);
        assert_eq!(cro_sf_check_letter(8, ""), None);
        assert_eq!(cro_sf_check_letter(8, "1234567"), None);
        assert_eq!(cro_sf_check_letter(8, "12a"), None);
    }

    #[test]
    fn cro_malformed_shapes_are_rejected() {
        for raw in [
            "0123456/08V",
            "012345/8V",
            "012345/08",
            "01234508V",
            "SF8/12345H",
            "SF08/H",
        ] {
            assert!(id(IdentifierKind::CroNumber, raw).is_err(), "{raw}");
        }
    }

    // ---- National Insurance number ----

    #[test]
    fn ni_valid_numbers_normalise_to_upper_case_without_spaces() {
        assert_eq!(value(IdentifierKind::NiNumber, "AB123456C"), "AB123456C");
        assert_eq!(
            value(IdentifierKind::NiNumber, "ab 12 34 56 c"),
            "AB123456C"
        );
        assert_eq!(
            value(IdentifierKind::NiNumber, "JG 10 37 59 A"),
            "JG103759A"
        );
    }

    #[test]
    fn ni_missing_or_space_suffix_is_accepted_without_one() {
        assert_eq!(value(IdentifierKind::NiNumber, "AB123456"), "AB123456");
        assert_eq!(value(IdentifierKind::NiNumber, "AB123456 "), "AB123456");
    }

    #[test]
    fn ni_letters_never_used_in_the_prefix_are_rejected() {
        for raw in [
            "QQ123456C",
            "DA123456A",
            "FA123456A",
            "IA123456A",
            "UA123456A",
            "VA123456A",
        ] {
            assert_eq!(
                reason(IdentifierKind::NiNumber, raw),
                "first letter is never used"
            );
        }
        for raw in [
            "AD123456A",
            "AF123456A",
            "AI123456A",
            "AQ123456A",
            "AU123456A",
            "AV123456A",
            "AO123456A",
        ] {
            assert_eq!(
                reason(IdentifierKind::NiNumber, raw),
                "second letter is never used"
            );
        }
    }

    #[test]
    fn ni_unallocated_and_administrative_prefixes_are_rejected() {
        for prefix in ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "MW", "NC"] {
            assert_eq!(
                reason(IdentifierKind::NiNumber, &format!("{prefix}123456A")),
                "prefix is not allocated",
                "{prefix}"
            );
        }
        // OO and FY are also caught by the letter rules (O never second, F
        // never first); they must be rejected whichever rule fires.
        assert!(id(IdentifierKind::NiNumber, "OO123456A").is_err());
        assert!(id(IdentifierKind::NiNumber, "FY123456A").is_err());
    }

    #[test]
    fn ni_bad_suffix_or_shape_is_rejected() {
        assert_eq!(
            reason(IdentifierKind::NiNumber, "AB123456E"),
            "suffix must be A, B, C or D"
        );
        for raw in [
            "AB12345C",
            "AB1234567C",
            "A1123456C",
            "AB12345XC",
            "AB123456CD",
        ] {
            assert!(id(IdentifierKind::NiNumber, raw).is_err(), "{raw}");
        }
    }

    // ---- Postcode ----

    #[test]
    fn postcode_worked_examples_are_valid() {
        for raw in [
            "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
        ] {
            assert_eq!(Postcode::parse(raw).unwrap().as_str(), raw);
        }
    }

    #[test]
    fn postcode_without_space_or_in_lower_case_normalises() {
        assert_eq!(Postcode::parse("sw1a1aa").unwrap().as_str(), "SW1A 1AA");
        assert_eq!(Postcode::parse("  m1   1ae ").unwrap().as_str(), "M1 1AE");
        assert_eq!(
            Postcode::parse("sw1a1aa").unwrap(),
            Postcode::parse("SW1A 1AA").unwrap()
        );
    }

    #[test]
    fn postcode_worked_invalid_examples_are_rejected() {
        for raw in ["QA1 1AA", "VA1 1AA", "XA1 1AA"] {
            assert_eq!(
                Postcode::parse(raw).unwrap_err().reason(),
                "first letter may not be Q, V or X"
            );
        }
        for raw in ["AI1 1AA", "AJ1 1AA", "AZ1 1AA"] {
            assert_eq!(
                Postcode::parse(raw).unwrap_err().reason(),
                "second letter may not be I, J or Z"
            );
        }
        assert_eq!(
            Postcode::parse("SW1A 1AC").unwrap_err().reason(),
            "inward code may not use C, I, K, M, O or V"
        );
    }

    #[test]
    fn postcode_third_letter_of_ana_and_fourth_of_aana_are_restricted() {
        assert!(Postcode::parse("W1I 0AX").is_err());
        assert!(Postcode::parse("W1K 0AX").is_ok());
        assert!(Postcode::parse("SW1C 1AA").is_err());
        assert!(Postcode::parse("SW1P 1AA").is_ok());
    }

    #[test]
    fn postcode_wrong_shapes_are_rejected() {
        for raw in [
            "",
            "SW1A",
            "SW1A 1A",
            "SW1A 11A",
            "1W1A 1AA",
            "SW1AA 1AA",
            "S 1AA",
            "SW1A 1AA X",
            "SW1A-1AA",
            "ŚW1A 1AA",
        ] {
            assert!(Postcode::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn bfpo_codes_are_a_separate_valid_form() {
        assert_eq!(Postcode::parse("BFPO 1234").unwrap().as_str(), "BFPO 1234");
        assert_eq!(Postcode::parse("bfpo1").unwrap().as_str(), "BFPO 1");
        for raw in ["BFPO", "BFPO 12345", "BFPO 12A"] {
            assert!(Postcode::parse(raw).is_err(), "{raw}");
        }
    }

    // ---- UPRN ----

    #[test]
    fn uprn_of_10_downing_street_is_valid() {
        assert_eq!(Uprn::parse("100023336956").unwrap().get(), 100_023_336_956);
        assert_eq!(
            Uprn::new(100_023_336_956).unwrap().to_string(),
            "100023336956"
        );
    }

    #[test]
    fn uprn_length_sign_and_zero_rules() {
        assert!(Uprn::parse("1").is_ok());
        assert!(Uprn::parse("999999999999").is_ok());
        for raw in [
            "",
            "   ",
            "0",
            "000",
            "1000000000000",
            "+1",
            "-1",
            "1 2",
            "1e5",
            "１",
        ] {
            assert!(Uprn::parse(raw).is_err(), "{raw}");
        }
        assert!(Uprn::new(0).is_err());
        assert!(Uprn::new(Uprn::MAX + 1).is_err());
    }

    // ---- Errors and serde ----

    #[test]
    fn error_display_names_the_kind_and_reason() {
        let err = id(IdentifierKind::NhsNumber, "9434765918").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid NHS number: check digit does not match"
        );
        assert_eq!(err.kind(), "NHS number");
        assert_eq!(
            Uprn::parse("0").unwrap_err().to_string(),
            "invalid UPRN: must be greater than zero"
        );
    }

    #[test]
    fn identifier_round_trips_through_serde() {
        let original = id(IdentifierKind::PncId, "99/123456X").unwrap();
        let json = serde_json::to_string(&original).unwrap();
        assert_eq!(json, r#"{"kind":"PncId","value":"1999/0123456X"}"#);
        assert_eq!(serde_json::from_str::<Identifier>(&json).unwrap(), original);
    }

    #[test]
    fn deserialising_an_invalid_or_unnormalised_identifier_fails() {
        for json in [
            r#"{"kind":"NhsNumber","value":"9434765918"}"#,
            r#"{"kind":"NhsNumber","value":"943 476 5919"}"#,
            r#"{"kind":"PncId","value":"99/123456X"}"#,
        ] {
            assert!(serde_json::from_str::<Identifier>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn postcode_and_uprn_serde_validate() {
        assert_eq!(
            serde_json::from_str::<Postcode>(r#""sw1a1aa""#)
                .unwrap()
                .as_str(),
            "SW1A 1AA"
        );
        assert!(serde_json::from_str::<Postcode>(r#""QA1 1AA""#).is_err());
        assert_eq!(
            serde_json::from_str::<Uprn>("100023336956").unwrap().get(),
            100_023_336_956
        );
        assert!(serde_json::from_str::<Uprn>("0").is_err());
        assert_eq!(serde_json::to_string(&Uprn::new(5).unwrap()).unwrap(), "5");
    }

    #[test]
    fn kinds_have_labels_and_order() {
        assert_eq!(IdentifierKind::NhsNumber.label(), "NHS number");
        assert_eq!(
            IdentifierKind::NiNumber.to_string(),
            "National Insurance number"
        );
        assert!(IdentifierKind::NhsNumber < IdentifierKind::NiNumber);
    }

    // ---- Properties ----

    fn nhs_string(digits: &[u8]) -> String {
        digits.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Runs every parser on `raw` and returns the error messages.
    fn all_error_messages(raw: &str, year: i32) -> Vec<String> {
        let mut messages: Vec<String> = IdentifierKind::ALL
            .iter()
            .filter_map(|kind| Identifier::parse(*kind, raw, year).err())
            .map(|e| e.to_string())
            .collect();
        messages.extend(Postcode::parse(raw).err().map(|e| e.to_string()));
        messages.extend(Uprn::parse(raw).err().map(|e| e.to_string()));
        messages
    }

    proptest! {
        #[test]
        fn nine_digits_with_computed_check_digit_parse_as_nhs_number(
            stem in proptest::array::uniform9(0u8..10)
        ) {
            if let Some(check) = nhs_check_digit(&stem) {
                let mut digits = stem.to_vec();
                digits.push(check);
                let plain = nhs_string(&digits);
                let parsed = id(IdentifierKind::NhsNumber, &plain).unwrap();
                prop_assert_eq!(parsed.value(), plain.as_str());
                let spaced = format!("{} {} {}", &plain[..3], &plain[3..6], &plain[6..]);
                prop_assert_eq!(id(IdentifierKind::NhsNumber, &spaced).unwrap(), parsed);
            }
        }

        #[test]
        fn changing_any_single_digit_of_a_valid_nhs_number_is_detected(
            stem in proptest::array::uniform9(0u8..10),
            position in 0usize..10,
            delta in 1u8..10,
        ) {
            if let Some(check) = nhs_check_digit(&stem) {
                let mut digits = stem.to_vec();
                digits.push(check);
                digits[position] = (digits[position] + delta) % 10;
                prop_assert!(id(IdentifierKind::NhsNumber, &nhs_string(&digits)).is_err());
            }
        }

        #[test]
        fn computed_pnc_letters_make_valid_ids_whose_short_and_long_forms_agree(
            year in (YEAR - 99)..=YEAR,
            serial in 0u32..10_000_000,
        ) {
            let yy = u32::try_from(year % 100).unwrap();
            let letter = pnc_check_letter(yy, serial);
            let long = id(IdentifierKind::PncId, &format!("{year}/{serial:07}{letter}")).unwrap();
            let short = id(IdentifierKind::PncId, &format!("{yy:02}/{serial}{letter}")).unwrap();
            prop_assert_eq!(&long, &short);
            prop_assert_eq!(long.value(), format!("{year}/{serial:07}{letter}"));
        }

        #[test]
        fn any_other_pnc_letter_is_rejected(
            year in 1900..=YEAR,
            serial in 0u32..10_000_000,
            wrong in proptest::sample::select(CHECK_ALPHABET.to_vec()),
        ) {
            let yy = u32::try_from(year % 100).unwrap();
            prop_assume!(wrong != pnc_check_letter(yy, serial));
            let raw = format!("{year}/{serial}{wrong}");
            prop_assert!(id(IdentifierKind::PncId, &raw).is_err());
        }

        #[test]
        fn computed_cro_letters_make_valid_numbers(
            yy in 0u32..100,
            serial in 0u32..1_000_000,
            sf_serial in "[0-9]{1,6}",
        ) {
            let letter = cro_check_letter(yy, serial);
            let standard = format!("{serial:06}/{yy:02}{letter}");
            prop_assert_eq!(value(IdentifierKind::CroNumber, &standard), standard);
            let sf_letter = cro_sf_check_letter(yy, &sf_serial).unwrap();
            let sf = format!("SF{yy:02}/{sf_serial}{sf_letter}");
            prop_assert_eq!(value(IdentifierKind::CroNumber, &sf), sf);
        }

        #[test]
        fn no_input_makes_any_parser_panic(raw in any::<String>(), year in any::<i32>()) {
            let _ = all_error_messages(&raw, year);
        }

        #[test]
        fn no_near_miss_input_makes_any_parser_panic(
            raw in "[0-9A-Za-z /\\-]{0,16}",
            year in any::<i32>(),
        ) {
            let _ = all_error_messages(&raw, year);
        }

        #[test]
        fn error_messages_never_contain_the_input_digits(raw in "[0-9]{8,40}") {
            for message in all_error_messages(&raw, YEAR) {
                prop_assert!(!message.contains(&raw), "{}", message);
                prop_assert!(!message.chars().any(|c| c.is_ascii_digit()), "{}", message);
            }
        }

        #[test]
        fn error_messages_never_contain_any_digit_for_any_input(
            raw in "[0-9A-Za-z /\\-]{0,16}",
        ) {
            for message in all_error_messages(&raw, YEAR) {
                prop_assert!(!message.chars().any(|c| c.is_ascii_digit()), "{}", message);
            }
        }
    }
}
