//! Possible duplicates of people (issue 22): profiles that may be one person recorded twice,
//! scored on identifiers, names, date of birth and shared places, with the reasons, for one
//! profile ([`Hub::possible_duplicates`], and on recording, [`Hub::record_person_checked`]) or
//! across the partnership for a supervisor ([`Hub::duplicate_review`]).
//!
//! This module owns the comparison (`names`: folding, nicknames, the phonetic key, name against
//! name), the scoring (`score`: what of a profile the viewer may use, and the points each piece
//! of evidence is worth), the blocking index the state keeps as profiles are recorded
//! (`blocks`), and the views. The sharing rule is the one of every read: a candidate, its score
//! and its reasons come only from profiles whose details the viewer reads in full, and a
//! restricted profile is proposed to its owner agency alone. How a host uses it is in
//! `docs/duplicates.md`.
//!
//! [`Hub::possible_duplicates`]: crate::Hub::possible_duplicates
//! [`Hub::record_person_checked`]: crate::Hub::record_person_checked
//! [`Hub::duplicate_review`]: crate::Hub::duplicate_review

mod api;
mod blocks;
mod names;
mod reasons;
mod score;

pub(crate) use blocks::Blocks;
pub use reasons::{BirthMatch, DuplicateReason, NameMatch};
pub use score::THRESHOLD;

use crate::error::{Error, Result};
use crate::ids::{LocationId, PersonId};
use crate::people::Person;
use crate::sharing::Engine;
use crate::views::{PersonDetail, PersonView, ViewBuilder};
use score::Facts;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// A profile that may be the same person as the one checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DuplicateCandidate {
    /// The candidate, as the viewer reads it.
    pub person: PersonDetail,
    /// The score, [`THRESHOLD`] or more; higher is likelier.
    pub score: u32,
    /// The evidence, identifiers first.
    pub reasons: Vec<DuplicateReason>,
}

/// A pair on the partnership's review list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DuplicatePair {
    /// One profile (the one recorded first).
    pub first: PersonDetail,
    /// The other.
    pub second: PersonDetail,
    /// The score, [`THRESHOLD`] or more.
    pub score: u32,
    /// The evidence.
    pub reasons: Vec<DuplicateReason>,
}

/// A profile just recorded, with the existing profiles it may duplicate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CheckedPerson {
    /// The new profile.
    pub id: PersonId,
    /// Possible duplicates the recorder may see, likeliest first.
    pub candidates: Vec<DuplicateCandidate>,
}

/// A match found: the other profile, its score and the reasons.
struct Found<'s> {
    other: &'s Person,
    score: u32,
    reasons: Vec<DuplicateReason>,
}

/// The profiles `facts` may duplicate, as far as the viewer may see, above the threshold; each
/// once, in no particular order.
fn matches<'s>(engine: &Engine<'s>, facts: &Facts<'s>) -> Vec<Found<'s>> {
    let state = engine.state;
    let person = facts.person;
    let by_identifier = person
        .identifiers
        .iter()
        .flat_map(|i| state.incidents.people_with(i).iter().copied());
    let near: HashSet<PersonId> = state
        .index
        .duplicates
        .near(person)
        .chain(by_identifier)
        // Itself, and the profiles already merged with it, are one person already.
        .filter(|id| state.merges.survivor(*id) != state.merges.survivor(person.id))
        .collect();
    let mut own_places: Option<BTreeSet<LocationId>> = None;
    let mut found = Vec::new();
    for other in near
        .iter()
        .filter_map(|id| state.persons.get(id))
        .filter(|other| score::could_reach_by_dates(person, other))
    {
        let Some(theirs) = Facts::seen(engine, other) else {
            continue;
        };
        let (mut points, mut reasons) = score::score(facts, &theirs);
        if !score::could_reach_with_address(points) {
            continue;
        }
        points = score::with_address(engine, points, &mut reasons, person, other);
        if !score::could_reach(points) {
            continue;
        }
        let mine = own_places.get_or_insert_with(|| score::places(engine, person));
        if !mine.is_empty() {
            points = score::with_places(points, &mut reasons, mine, &score::places(engine, other));
        }
        if let Ok(score) = u32::try_from(points) {
            if score >= THRESHOLD {
                found.push(Found {
                    other,
                    score,
                    reasons,
                });
            }
        }
    }
    found
}

/// The full view of a profile the viewer may compare (noting the disclosure).
fn detail(b: &mut ViewBuilder<'_, '_>, person: &Person) -> Option<PersonDetail> {
    match b.person(person)? {
        PersonView::Full(d) => Some(d),
        PersonView::Stub(_) => None,
    }
}

/// The possible duplicates of `person`, likeliest first. A profile the viewer does not read in
/// full is not found, exactly as an unknown one; a restricted profile of another agency, which
/// the viewer may read but is never proposed, has none.
pub(crate) fn candidates(
    b: &mut ViewBuilder<'_, '_>,
    person: PersonId,
) -> Result<Vec<DuplicateCandidate>> {
    let engine = b.engine;
    let Some(person) = engine
        .state
        .persons
        .get(&person)
        .filter(|p| engine.person(p).access == crate::sharing::Access::Full)
    else {
        return Err(Error::not_found("person"));
    };
    let Some(facts) = Facts::seen(engine, person) else {
        return Ok(Vec::new());
    };
    let mut found = matches(engine, &facts);
    found.sort_by(|x, y| y.score.cmp(&x.score).then(x.other.id.cmp(&y.other.id)));
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        if let Some(person) = detail(b, f.other) {
            out.push(DuplicateCandidate {
                person,
                score: f.score,
                reasons: f.reasons,
            });
        }
    }
    Ok(out)
}

/// Every pair above the threshold whose two profiles the viewer may compare, each pair once,
/// likeliest first: for supervisors and above (the role the DPO reports ask for).
pub(crate) fn review(b: &mut ViewBuilder<'_, '_>) -> Result<Vec<DuplicatePair>> {
    let engine = b.engine;
    if !engine.viewer.role.is_supervisor() {
        return Err(Error::forbidden(
            "duplicate_review",
            "needs a supervisor or agency admin role",
        ));
    }
    let mut pairs = Vec::new();
    for person in engine.state.persons.values() {
        let Some(facts) = Facts::seen(engine, person) else {
            continue;
        };
        for f in matches(engine, &facts) {
            // Each pair once: from the side recorded first (ids are time-ordered), then by id.
            if (person.recorded_at, person.id) < (f.other.recorded_at, f.other.id) {
                pairs.push((person, f));
            }
        }
    }
    pairs.sort_by(|(p, x), (q, y)| {
        y.score
            .cmp(&x.score)
            .then((p.id, x.other.id).cmp(&(q.id, y.other.id)))
    });
    let mut out = Vec::with_capacity(pairs.len());
    for (person, f) in pairs {
        if let (Some(first), Some(second)) = (detail(b, person), detail(b, f.other)) {
            out.push(DuplicatePair {
                first,
                second,
                score: f.score,
                reasons: f.reasons,
            });
        }
    }
    Ok(out)
}
