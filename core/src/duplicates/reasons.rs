//! The reasons duplicate detection gives: what kind of fact matched and how, never the fact.
//! Nouns, below the comparison and the scoring that build them.

use crate::identifiers::IdentifierKind;
use serde::{Deserialize, Serialize};

/// How two names matched, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NameMatch {
    /// The same words in the same order (case, punctuation, accents and spacing aside).
    Exact,
    /// The same forename and surname, or alike ones, the other way round ("HUGHES, Margaret").
    Transposed,
    /// Forename and surname each the same, sounding alike, one typing slip apart, or a common
    /// nickname of the other ("Maggie Hughs" and "Margaret Hughes").
    Similar,
    /// The surname alike and the forename given as its initial.
    Initial,
    /// Only the surname alike (or a one-word name alike one end of the other).
    SurnameOnly,
    /// Only the forename alike.
    ForenameOnly,
}

/// How two dates of birth compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum BirthMatch {
    /// The same date.
    Exact,
    /// The same year with day and month swapped (7 March and 3 July).
    DayMonthSwapped,
    /// The same year only.
    SameYear,
    /// Different years: evidence against.
    Different,
}

/// One piece of evidence for (or against) two profiles being one person. A reason names what
/// kind of fact matched, never the fact itself, and is only ever built from facts the viewer
/// may see on both profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DuplicateReason {
    /// Both carry the same identifier of this kind.
    SameIdentifier {
        /// Its kind.
        kind: IdentifierKind,
    },
    /// Both carry an identifier of this kind, and they differ: evidence against.
    ConflictingIdentifier {
        /// Its kind.
        kind: IdentifierKind,
    },
    /// Their names match; the best match between either's name and aliases.
    Name {
        /// How.
        how: NameMatch,
        /// Whether an alias made the match.
        alias: bool,
    },
    /// Both have a date of birth, compared.
    DateOfBirth {
        /// How they compare.
        how: BirthMatch,
    },
    /// Both are linked to these many of the same places (through incidents or cases).
    SharedPlaces {
        /// How many.
        count: u32,
    },
    /// An address fact of one is an address fact of the other (agencies' facts the viewer
    /// reads on both profiles, compared with case and spacing folded).
    SharedAddress,
}
