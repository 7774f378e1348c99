//! Scoring a pair of profiles from the facts of each that the viewer may see.
//!
//! [`Facts::seen`] is the one place that decides what of a profile duplicate detection may use:
//! the owner's details are one piece of content (the engine's decision on the person), all or
//! none; the addresses agencies hold about the person are facts, each used only where the
//! viewer reads it (`Engine::fact`). The scoring below sees nothing else.

use super::names::{compare, NameKey};
use super::reasons::{BirthMatch, DuplicateReason, NameMatch};
use crate::cases::Subject;
use crate::identifiers::{Identifier, IdentifierKind};
use crate::ids::LocationId;
use crate::people::{Fact, FactValue, Person};
use crate::sharing::{Access, Engine};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

/// The score from which a pair is proposed.
pub const THRESHOLD: u32 = 60;

/// Points each kind of evidence adds (or, negative, takes away).
const SAME_IDENTIFIER: i32 = 60;
const CONFLICTING_IDENTIFIER: i32 = -40;
const PER_SHARED_PLACE: i32 = 10;
const MAX_SHARED_PLACES: i32 = 20;
/// An address in common: with an exact name, enough to propose a copy recorded without a date
/// of birth; a relative at the same address (a surname in common) stays well under.
const SHARED_ADDRESS: i32 = 25;

fn name_points(how: NameMatch) -> i32 {
    match how {
        NameMatch::Exact => 45,
        NameMatch::Transposed => 40,
        NameMatch::Similar => 35,
        NameMatch::Initial => 22,
        NameMatch::SurnameOnly => 15,
        NameMatch::ForenameOnly => 12,
    }
}

fn birth_points(how: BirthMatch) -> i32 {
    match how {
        BirthMatch::Exact => 40,
        BirthMatch::DayMonthSwapped => 30,
        BirthMatch::SameYear => 8,
        BirthMatch::Different => -45,
    }
}

/// What duplicate detection may use of one profile for one viewer.
pub(crate) struct Facts<'s> {
    pub person: &'s Person,
    /// The name, then each alias, with whether it is an alias.
    names: Vec<(NameKey, bool)>,
}

impl<'s> Facts<'s> {
    /// The facts of `person` the viewer may see, or `None` where the viewer may not compare the
    /// profile at all: details not read in full, or a restricted profile of another agency
    /// (never proposed to anyone but its owner).
    pub fn seen(engine: &Engine<'_>, person: &'s Person) -> Option<Facts<'s>> {
        if person.restricted && person.recorded_by != engine.agency() {
            return None;
        }
        if engine.person(person).access != Access::Full {
            return None;
        }
        let names = std::iter::once((&person.name, false))
            .chain(person.aliases.iter().map(|a| (a, true)))
            .map(|(n, alias)| (NameKey::new(n), alias))
            .collect();
        Some(Facts { person, names })
    }

    fn identifiers(&self) -> &'s [Identifier] {
        &self.person.identifiers
    }
}

/// The words of an address, folded for comparison: letters and digits, lower case, split at
/// anything else ("Flat 3, 12 Mill Lane" and "flat 3 12 mill lane" read the same).
fn address_words(address: &str) -> impl Iterator<Item = impl Iterator<Item = char> + '_> + '_ {
    address
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().flat_map(char::to_lowercase))
}

/// Whether two address facts name the same address: the same words, folded, and the same
/// postcode where both have one.
fn same_address(a: &FactValue, b: &FactValue) -> bool {
    let (
        FactValue::Address {
            address: x,
            postcode: px,
        },
        FactValue::Address {
            address: y,
            postcode: py,
        },
    ) = (a, b)
    else {
        return false;
    };
    if let (Some(px), Some(py)) = (px, py) {
        if px != py {
            return false;
        }
    }
    let mut xs = address_words(x);
    let mut ys = address_words(y);
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) => {
                if !a.eq(b) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Whether both profiles hold an address fact at all (of any agency): the bound
/// [`could_reach_by_dates`] takes, before anything is folded or decided.
fn both_have_addresses(a: &Person, b: &Person) -> bool {
    let has = |p: &Person| {
        p.facts
            .iter()
            .any(|f| matches!(f.value, FactValue::Address { .. }))
    };
    has(a) && has(b)
}

/// Whether a pair of `points` could reach the threshold with an address in common (and shared
/// places): addresses are compared only for such pairs.
pub(crate) fn could_reach_with_address(points: i32) -> bool {
    could_reach(points.saturating_add(SHARED_ADDRESS))
}

/// Adds an address the two profiles share to their points and reasons: an address fact of each
/// naming the same address, both read by the viewer (decided only for the addresses that match,
/// which is why this runs after the cheaper evidence).
pub(crate) fn with_address(
    engine: &Engine<'_>,
    points: i32,
    reasons: &mut Vec<DuplicateReason>,
    a: &Person,
    b: &Person,
) -> i32 {
    let read = |p: &Person, f: &Fact| engine.fact(p, f).access == Access::Full;
    let shared = a.facts.iter().any(|fa| {
        b.facts
            .iter()
            .any(|fb| same_address(&fa.value, &fb.value) && read(a, fa) && read(b, fb))
    });
    if !shared {
        return points;
    }
    reasons.push(DuplicateReason::SharedAddress);
    points.saturating_add(SHARED_ADDRESS)
}

/// The places a person is linked to that the viewer may see: the places of the incidents about
/// them the viewer reads, and the places that are subjects of a case about them whose header the
/// viewer reads; each place only if the viewer reads its details.
pub(crate) fn places(engine: &Engine<'_>, person: &Person) -> BTreeSet<LocationId> {
    let state = engine.state;
    let by_incident = state
        .incidents
        .of_person(person.id)
        .filter(|i| crate::incidents::readable(engine, i))
        .filter_map(|i| i.location);
    let by_case = state
        .cases_of(Subject::Person(person.id))
        .filter(|c| engine.case(c).access == Access::Full)
        .flat_map(|c| c.subjects.iter())
        .filter_map(|s| match s.subject {
            Subject::Location(l) => Some(l),
            _ => None,
        });
    by_incident
        .chain(by_case)
        .filter(|l| {
            state
                .locations
                .get(l)
                .is_some_and(|l| engine.location(l).access == Access::Full)
        })
        .collect()
}

/// A pair's points and reasons from names, date of birth and identifiers (an address by
/// [`with_address`] and places by [`with_places`], for pairs that could reach the threshold with
/// them). Symmetric.
pub(crate) fn score<'s>(a: &Facts<'s>, b: &Facts<'s>) -> (i32, Vec<DuplicateReason>) {
    let mut points = 0;
    let mut reasons = Vec::new();
    for kind in IdentifierKind::ALL {
        let of = |f: &Facts<'s>| f.identifiers().iter().filter(move |i| i.kind() == kind);
        if of(a).any(|i| b.identifiers().contains(i)) {
            points += SAME_IDENTIFIER;
            reasons.push(DuplicateReason::SameIdentifier { kind });
        } else if of(a).next().is_some() && of(b).next().is_some() {
            points += CONFLICTING_IDENTIFIER;
            reasons.push(DuplicateReason::ConflictingIdentifier { kind });
        }
    }
    let mut best: Option<(NameMatch, bool)> = None;
    for (na, alias_a) in &a.names {
        for (nb, alias_b) in &b.names {
            if let Some(how) = compare(na, nb) {
                let alias = *alias_a || *alias_b;
                // Stronger first; between equals, a match on the names themselves.
                if best.is_none_or(|(h, al)| how < h || (how == h && al && !alias)) {
                    best = Some((how, alias));
                }
            }
        }
    }
    if let Some((how, alias)) = best {
        points += name_points(how);
        reasons.push(DuplicateReason::Name { how, alias });
    }
    if let (Some(da), Some(db)) = (a.person.date_of_birth, b.person.date_of_birth) {
        let how = birth_match(da, db);
        points += birth_points(how);
        reasons.push(DuplicateReason::DateOfBirth { how });
    }
    (points, reasons)
}

/// Whether two profiles could reach the threshold at all, judged before their names are folded
/// (the costly part of a comparison): their shared identifiers and dates of birth exactly, the
/// best name match there is, an address in common wherever both hold address facts, and the
/// most places. A namesake born in another year with no
/// identifier in common is the usual pair this drops, from the large blocks of common names.
/// Nothing proposed changes: every pair it drops scores under the threshold, whatever of the
/// two profiles the viewer may see.
pub(crate) fn could_reach_by_dates(a: &Person, b: &Person) -> bool {
    let shared = IdentifierKind::ALL
        .iter()
        .filter(|&&kind| {
            a.identifiers
                .iter()
                .any(|i| i.kind() == kind && b.identifiers.contains(i))
        })
        .count();
    let birth = match (a.date_of_birth, b.date_of_birth) {
        (Some(x), Some(y)) => birth_points(birth_match(x, y)),
        _ => 0,
    };
    let shared = i32::try_from(shared).unwrap_or(i32::MAX);
    let address = if both_have_addresses(a, b) {
        SHARED_ADDRESS
    } else {
        0
    };
    could_reach(
        SAME_IDENTIFIER
            .saturating_mul(shared)
            .saturating_add(name_points(NameMatch::Exact))
            .saturating_add(birth)
            .saturating_add(address),
    )
}

/// Whether a pair of `points` could reach the threshold with shared places: the places, which
/// take a look at each profile's incidents and cases, are gathered only for such pairs.
pub(crate) fn could_reach(points: i32) -> bool {
    points.saturating_add(MAX_SHARED_PLACES) >= THRESHOLD as i32
}

/// Adds the places two profiles share to their points and reasons.
pub(crate) fn with_places(
    points: i32,
    reasons: &mut Vec<DuplicateReason>,
    a: &BTreeSet<LocationId>,
    b: &BTreeSet<LocationId>,
) -> i32 {
    let shared = a.intersection(b).count();
    if shared == 0 {
        return points;
    }
    reasons.push(DuplicateReason::SharedPlaces {
        count: u32::try_from(shared).unwrap_or(u32::MAX),
    });
    let shared = i32::try_from(shared).unwrap_or(i32::MAX);
    points
        + PER_SHARED_PLACE
            .saturating_mul(shared)
            .min(MAX_SHARED_PLACES)
}

fn birth_match(a: NaiveDate, b: NaiveDate) -> BirthMatch {
    if a == b {
        BirthMatch::Exact
    } else if a.year() == b.year() && a.day() == b.month() && a.month() == b.day() {
        BirthMatch::DayMonthSwapped
    } else if a.year() == b.year() {
        BirthMatch::SameYear
    } else {
        BirthMatch::Different
    }
}
