//! Top N callers, locations, victims and offenders over a window, by count or harm-weighted,
//! with each row's movement since the previous window of the same length.
//!
//! The projection keeps, per subject, one prefix-sum series per *stream* (source agency and
//! incident category): days with incidents and the running count up to each. A window's count
//! is two binary searches per stream, and the sharing rules are applied per stream, since every
//! incident of one agency and category gets the same decision. Subjects are kept ordered by their
//! all-time total, which bounds any window's count, so a query walks that order and stops as soon
//! as no later subject could enter the list: on skewed data it reads a few hundred subjects, not
//! every incident.
//!
//! Only incidents the viewer may read in full are counted, and a subject the viewer may not
//! know of (a restricted profile) is left out rather than shown as a count without a name.

use super::model::{IncidentCategory, IncidentRole, TopKind};
use super::tallies::{day_of, start_of_day, Tallies};
use super::view::content_of;
use crate::cases::Subject;
use crate::error::{Error, Result};
use crate::ids::{LocationId, PersonId};
use crate::sharing::{Access, Engine};
use crate::views::{AgencyRef, OnCase, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

impl Tallies {
    /// Per stream, its category if the viewer behind `engine` may read its incidents in full:
    /// one sharing decision per (agency, information category), not one per incident.
    pub(super) fn readable(&self, engine: &Engine<'_>) -> Vec<Option<&IncidentCategory>> {
        let mut decided = HashMap::new();
        self.streams
            .iter()
            .map(|(source, category)| {
                let full = *decided
                    .entry((*source, category.information_category()))
                    .or_insert_with(|| {
                        engine.content(&content_of(*source, category)).access == Access::Full
                    });
                full.then_some(category)
            })
            .collect()
    }
}

/// Harm weights by incident category and offence code, in the manner of the Cambridge Crime
/// Harm Index (days of imprisonment). The defaults are **illustrative only, not official CCHI
/// figures**: a partnership should load its own table (it is serde data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HarmWeights {
    /// Weight by category name (see [`IncidentCategory::as_str`]).
    pub by_category: BTreeMap<String, f64>,
    /// Weight by offence code, for crimes; overrides the `crime` category weight.
    pub by_offence: BTreeMap<String, f64>,
    /// Weight of anything not listed.
    #[cfg_attr(feature = "uniffi", uniffi(name = "default_weight"))]
    pub default: f64,
}

impl Default for HarmWeights {
    fn default() -> Self {
        let by_category = [
            ("asb_personal", 2.0),
            ("asb_nuisance", 1.0),
            ("asb_environmental", 0.5),
            ("hate", 20.0),
            ("domestic_abuse", 30.0),
            ("crime", 10.0),
            ("concern_for_safety", 1.0),
            ("other", 0.5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        HarmWeights {
            by_category,
            by_offence: BTreeMap::new(),
            default: 1.0,
        }
    }
}

impl HarmWeights {
    /// The weight of one incident of `category`.
    pub fn weight(&self, category: &IncidentCategory) -> f64 {
        if let IncidentCategory::Crime { offence_code } = category {
            if let Some(w) = self.by_offence.get(offence_code) {
                return *w;
            }
        }
        self.by_category
            .get(category.as_str())
            .copied()
            .unwrap_or(self.default)
    }

    fn check(&self) -> Result<()> {
        let ok = |w: &f64| w.is_finite() && *w >= 0.0;
        if self.by_category.values().all(ok)
            && self.by_offence.values().all(ok)
            && ok(&self.default)
        {
            Ok(())
        } else {
            Err(Error::invalid("weights", "finite, non-negative numbers"))
        }
    }
}

/// What ranks a Top N list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TopMeasure {
    /// How many incidents.
    Count,
    /// The sum of the incidents' harm weights.
    Harm {
        /// The weight table.
        weights: HarmWeights,
    },
}

/// A Top N question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TopQuery {
    /// Which subjects.
    pub kind: TopKind,
    /// What ranks them.
    pub measure: TopMeasure,
    /// The window ends with the (UTC) day of this time, included.
    pub end: DateTime<Utc>,
    /// The window's length in whole days (1 to 3660).
    pub days: u32,
    /// How many rows (1 to 1000; the usual is 50).
    pub limit: usize,
}

impl TopQuery {
    /// The Top 50 of `kind` by count over the `days` days up to and including `end`'s day.
    pub fn top50(kind: TopKind, end: DateTime<Utc>, days: u32) -> Self {
        TopQuery {
            kind,
            measure: TopMeasure::Count,
            end,
            days,
            limit: 50,
        }
    }
}

/// How a row moved since the previous window of the same length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "movement", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Movement {
    /// Not in the previous window's list.
    New,
    /// Up this many places.
    Up {
        /// Places.
        places: u32,
    },
    /// Down this many places.
    Down {
        /// Places.
        places: u32,
    },
    /// Same place.
    Same,
}

/// A subject in a Top N row: its name or label (what every partner may see) and whom to ask.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TopSubject {
    /// Which person or location.
    pub subject: Subject,
    /// The name or label.
    pub name: String,
    /// Whether the viewer may read the profile in full or only this stub.
    pub access: Access,
    /// The agencies it is known to.
    pub known_to: Vec<AgencyRef>,
    /// The cases it is on that the viewer reads in full ("on case X, led by Y"); empty where
    /// the viewer may know of none.
    pub cases: Vec<OnCase>,
}

/// One row of a Top N list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TopRow {
    /// 1-based.
    pub rank: u32,
    /// Who or where.
    pub subject: TopSubject,
    /// Incidents in the window the viewer may read.
    pub count: u32,
    /// Their summed harm weight (equal to `count` when ranking by count).
    pub score: f64,
    /// The rank in the previous window's list, if it was in it.
    pub previous_rank: Option<u32>,
    /// The movement.
    pub movement: Movement,
}

/// A Top N list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TopList {
    /// Which subjects.
    pub kind: TopKind,
    /// The window's start (the partnership's local midnight, included).
    #[cfg_attr(feature = "uniffi", uniffi(name = "window_from"))]
    pub from: DateTime<Utc>,
    /// The window's end (the partnership's local midnight, excluded).
    #[cfg_attr(feature = "uniffi", uniffi(name = "window_to"))]
    pub to: DateTime<Utc>,
    /// The previous window's start; it ends at `from`.
    pub previous_from: DateTime<Utc>,
    /// The rows, best first.
    pub rows: Vec<TopRow>,
}

/// What summing a merged person's profiles' counts in days `[lo, hi)` counts twice: each incident
/// naming `n` of the profiles in `group` in the list's role counts `n - 1` times too many (a
/// caller or a place is named once per incident, so only victims and offenders can be). Weighed
/// as the tallies weigh the incident's stream, so a stream the viewer does not read adds nothing.
fn counted_twice(
    state: &crate::state::State,
    kind: TopKind,
    group: &[Uuid],
    weights: &[Option<f64>],
    (lo, hi): (i64, i64),
) -> (u32, f64) {
    let role = match kind {
        TopKind::Victims => IncidentRole::Victim,
        TopKind::Offenders => IncidentRole::Offender,
        TopKind::Callers | TopKind::Locations => return (0, 0.0),
    };
    let book = &state.incidents;
    let mut seen = std::collections::HashSet::new();
    let (mut count, mut score) = (0u32, 0.0f64);
    for &p in group {
        for incident in book.of_person(PersonId(p)) {
            if !seen.insert(incident.id) {
                continue;
            }
            let named = incident
                .people
                .iter()
                .filter(|x| x.role == role && group.contains(&x.person.0))
                .count();
            let Some(extra) = named.checked_sub(1).filter(|e| *e > 0) else {
                continue;
            };
            let day = day_of(&state.calendar, incident.occurred_at);
            if day < lo || day >= hi {
                continue;
            }
            let weight = book
                .tallies
                .stream_of(incident.source, &incident.category)
                .and_then(|s| weights.get(usize::from(s)).copied().flatten());
            if let Some(w) = weight {
                let extra = u32::try_from(extra).unwrap_or(u32::MAX);
                count = count.saturating_add(extra);
                score += f64::from(extra) * w;
            }
        }
    }
    (count, score)
}

/// Builds a Top N list for the viewer behind `b`.
pub(crate) fn top_list(b: &mut ViewBuilder<'_, '_>, q: &TopQuery) -> Result<TopList> {
    if q.days == 0 || q.days > 3660 {
        return Err(Error::invalid("days", "1 to 3660"));
    }
    if q.limit == 0 || q.limit > 1000 {
        return Err(Error::invalid("limit", "1 to 1000"));
    }
    if let TopMeasure::Harm { weights } = &q.measure {
        weights.check()?;
    }
    let engine = b.engine;
    let state = engine.state;
    let tallies = &state.incidents.tallies;
    let weights: Vec<Option<f64>> = tallies
        .readable(engine)
        .into_iter()
        .map(|category| {
            category.map(|category| match &q.measure {
                TopMeasure::Count => 1.0,
                TopMeasure::Harm { weights } => weights.weight(category),
            })
        })
        .collect();
    let calendar = &state.calendar;
    let hi = day_of(calendar, q.end).saturating_add(1);
    let lo = hi.saturating_sub(i64::from(q.days));
    let previous_lo = lo.saturating_sub(i64::from(q.days));
    let visible = |id: Uuid| match q.kind {
        TopKind::Locations => state
            .locations
            .get(&LocationId(id))
            .is_some_and(|l| engine.location(l).access != Access::Nothing),
        _ => state
            .persons
            .get(&PersonId(id))
            .is_some_and(|p| engine.person(p).access != Access::Nothing),
    };
    // A merged person is one row, of the profiles the viewer may know of.
    let people: Vec<Vec<Uuid>> = match q.kind {
        TopKind::Locations => Vec::new(),
        _ => state
            .merges
            .groups()
            .map(|g| crate::merges::known_profiles(engine, g))
            .filter(|g| g.len() > 1)
            .collect(),
    };
    let twice = |window| -> Vec<(Vec<Uuid>, (u32, f64))> {
        people
            .iter()
            .map(|g| (g.clone(), counted_twice(state, q.kind, g, &weights, window)))
            .collect()
    };
    let tally = tallies.tally(q.kind);
    let current = tally.top(&weights, (lo, hi), q.limit, visible, &twice((lo, hi)));
    let previous: HashMap<Uuid, u32> = tally
        .top(
            &weights,
            (previous_lo, lo),
            q.limit,
            visible,
            &twice((previous_lo, lo)),
        )
        .iter()
        .zip(1u32..)
        .map(|(r, rank)| (r.id, rank))
        .collect();
    let rows = current
        .iter()
        .zip(1u32..)
        .filter_map(|(r, rank)| {
            let subject = top_subject(b, q.kind, r.id)?;
            let previous_rank = previous.get(&r.id).copied();
            let movement = match previous_rank {
                None => Movement::New,
                Some(p) if p > rank => Movement::Up { places: p - rank },
                Some(p) if p < rank => Movement::Down { places: rank - p },
                Some(_) => Movement::Same,
            };
            Some(TopRow {
                rank,
                subject,
                count: r.count,
                score: r.score,
                previous_rank,
                movement,
            })
        })
        .collect();
    Ok(TopList {
        kind: q.kind,
        from: start_of_day(calendar, lo),
        to: start_of_day(calendar, hi),
        previous_from: start_of_day(calendar, previous_lo),
        rows,
    })
}

/// The name or label of a Top N subject, or `None` if the viewer may not know of it.
pub(crate) fn top_subject(
    b: &mut ViewBuilder<'_, '_>,
    kind: TopKind,
    id: Uuid,
) -> Option<TopSubject> {
    let engine = b.engine;
    let (subject, name, owner, decision) = match kind {
        TopKind::Locations => {
            let l = engine.state.locations.get(&LocationId(id))?;
            let s = Subject::Location(l.id);
            (s, l.label.clone(), l.recorded_by, engine.location(l))
        }
        _ => {
            let p = engine.state.persons.get(&PersonId(id))?;
            let s = Subject::Person(p.id);
            (s, p.name.clone(), p.recorded_by, engine.person(p))
        }
    };
    if decision.access == Access::Nothing {
        return None;
    }
    Some(TopSubject {
        subject,
        name,
        access: decision.access,
        known_to: engine
            .known_to(subject, owner)
            .into_iter()
            .map(|a| b.agency(a))
            .collect(),
        cases: b.cases_on(subject),
    })
}
