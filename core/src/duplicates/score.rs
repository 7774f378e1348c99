//! Scoring a pair of profiles from the facts of each that the viewer may see.
//!
//! [`Facts::seen`] is the one place that decides what of a profile duplicate detection may use:
//! today a profile's details are one piece of content (the engine's decision on the person), so
//! the facts are all of them or none. When details become facts contributed per agency, each
//! under its own rules, this is where the viewer's share of them is taken; the scoring below
//! sees nothing else.

use super::names::{compare, NameKey};
use super::reasons::{BirthMatch, DuplicateReason, NameMatch};
use crate::cases::Subject;
use crate::identifiers::{Identifier, IdentifierKind};
use crate::ids::LocationId;
use crate::people::Person;
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

/// A pair's points and reasons from names, date of birth and identifiers (places are added by
/// [`with_places`], for pairs that could reach the threshold with them). Symmetric.
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
/// best name match there is, and the most places. A namesake born in another year with no
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
    could_reach(
        SAME_IDENTIFIER
            .saturating_mul(shared)
            .saturating_add(name_points(NameMatch::Exact))
            .saturating_add(birth),
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
