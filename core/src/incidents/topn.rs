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

use super::model::{content_of, Incident, IncidentCategory, IncidentRole};
use crate::calendar::Calendar;
use crate::cases::Subject;
use crate::error::{Error, Result};
use crate::ids::{AgencyId, LocationId, PersonId};
use crate::sharing::{Access, Engine};
use crate::state::Packed;
use crate::views::{AgencyRef, ViewBuilder};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The partnership's day number of a time: its local date, as days since 1 January of year 1.
fn day_of(calendar: &Calendar, t: DateTime<Utc>) -> i64 {
    i64::from(calendar.date(t).num_days_from_ce())
}

/// The first instant of a day numbered by [`day_of`].
fn start_of_day(calendar: &Calendar, day: i64) -> DateTime<Utc> {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map(|d| calendar.start_of(d))
        .unwrap_or_default()
}

/// Day numbers of times that come mostly in order: the local day's bounds are kept, so the
/// time zone is consulted once per day of a batch rather than once per incident.
struct Days {
    calendar: Calendar,
    /// The last day looked up, and its first instant and the next day's.
    last: Option<(i64, DateTime<Utc>, DateTime<Utc>)>,
}

impl Days {
    fn new(calendar: Calendar) -> Self {
        Days {
            calendar,
            last: None,
        }
    }

    /// [`day_of`] of `t`.
    fn of(&mut self, t: DateTime<Utc>) -> i64 {
        if let Some((day, from, to)) = self.last {
            if from <= t && t < to {
                return day;
            }
        }
        let day = day_of(&self.calendar, t);
        let from = start_of_day(&self.calendar, day);
        let to = start_of_day(&self.calendar, day.saturating_add(1));
        // Kept only where the bounds hold `t`, so a day the calendar cannot place is never
        // reused for another time.
        self.last = (from <= t && t < to).then_some((day, from, to));
        day
    }
}

/// One stream's prefix sums for one subject.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct StreamSeries {
    stream: u16,
    days: Vec<i64>,
    cumulative: Vec<u32>,
}

impl StreamSeries {
    fn add(&mut self, day: i64) {
        let last = self.days.last().copied();
        let running = self.cumulative.last().copied().unwrap_or(0);
        match last {
            Some(d) if d == day => {
                if let Some(c) = self.cumulative.last_mut() {
                    *c += 1;
                }
            }
            Some(d) if d > day => {
                // An incident older than the newest: rare (back-filled data), so O(len) is fine.
                let i = self.days.partition_point(|&x| x < day);
                if self.days.get(i) != Some(&day) {
                    let before = i
                        .checked_sub(1)
                        .and_then(|j| self.cumulative.get(j))
                        .copied()
                        .unwrap_or(0);
                    self.days.insert(i, day);
                    self.cumulative.insert(i, before);
                }
                for c in self.cumulative.iter_mut().skip(i) {
                    *c += 1;
                }
            }
            _ => {
                self.days.push(day);
                self.cumulative.push(running + 1);
            }
        }
    }

    /// Incidents on days before `day`.
    fn before(&self, day: i64) -> u32 {
        let i = self.days.partition_point(|&x| x < day);
        i.checked_sub(1)
            .and_then(|j| self.cumulative.get(j))
            .copied()
            .unwrap_or(0)
    }

    fn between(&self, lo: i64, hi: i64) -> u32 {
        self.before(hi).saturating_sub(self.before(lo))
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct SubjectSeries {
    id: Uuid,
    total: u32,
    streams: Vec<StreamSeries>,
}

/// Counts for one kind of subject (callers, say).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tally {
    subjects: Vec<SubjectSeries>,
    index: super::Map<Uuid, u32>,
    /// Subject indexes by all-time total, descending, then id: the pruning order.
    order: Vec<u32>,
}

impl Tally {
    /// Counts a batch's incidents for this kind of subject. `hits` holds one (subject, stream,
    /// day) per incident and is sorted here, so each subject is looked up once per batch and
    /// each of its streams found once, rather than both once per incident; the prefix sums are
    /// the same in any order. Returns the subjects whose totals changed.
    fn add(&mut self, hits: &mut [(Uuid, u16, i64)]) -> Vec<u32> {
        hits.sort_unstable();
        let mut touched = Vec::new();
        for run in hits.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(id, _, _)) = run.first() else {
                continue;
            };
            let next = u32::try_from(self.subjects.len()).unwrap_or(u32::MAX);
            let i = *self.index.entry(id).or_insert(next);
            if i == next {
                self.subjects.push(SubjectSeries {
                    id,
                    ..SubjectSeries::default()
                });
            }
            let Some(s) = self.subjects.get_mut(i as usize) else {
                continue;
            };
            s.total = s
                .total
                .saturating_add(u32::try_from(run.len()).unwrap_or(u32::MAX));
            for same in run.chunk_by(|a, b| a.1 == b.1) {
                let Some(&(_, stream, _)) = same.first() else {
                    continue;
                };
                let series = match s.streams.iter().position(|x| x.stream == stream) {
                    Some(at) => s.streams.get_mut(at),
                    None => {
                        s.streams.push(StreamSeries {
                            stream,
                            ..StreamSeries::default()
                        });
                        s.streams.last_mut()
                    }
                };
                if let Some(series) = series {
                    for &(_, _, day) in same {
                        series.add(day);
                    }
                }
            }
            touched.push(i);
        }
        touched
    }

    fn key(&self, i: u32) -> (Reverse<u32>, Uuid) {
        self.subjects
            .get(i as usize)
            .map_or((Reverse(0), Uuid::nil()), |s| (Reverse(s.total), s.id))
    }

    /// Restores the pruning order after a batch: the untouched keep their order, the touched
    /// are sorted and merged in. Linear in the subjects, once per batch.
    fn reorder(&mut self, mut touched: Vec<u32>) {
        if touched.is_empty() {
            return;
        }
        touched.sort_unstable();
        touched.dedup();
        let mut is_touched = vec![false; self.subjects.len()];
        for &i in &touched {
            if let Some(t) = is_touched.get_mut(i as usize) {
                *t = true;
            }
        }
        touched.sort_by_key(|&i| self.key(i));
        let rest = self
            .order
            .iter()
            .copied()
            .filter(|&i| !is_touched.get(i as usize).copied().unwrap_or(false));
        let mut merged = Vec::with_capacity(self.subjects.len());
        let mut t = touched.into_iter().peekable();
        for r in rest {
            while let Some(&next) = t.peek() {
                if self.key(next) < self.key(r) {
                    merged.push(next);
                    t.next();
                } else {
                    break;
                }
            }
            merged.push(r);
        }
        merged.extend(t);
        self.order = merged;
    }

    /// The best `limit` subjects in days `[lo, hi)`: `count[s]` says whether stream `s` counts
    /// and `weight[s]` what one incident of it scores. `visible` is asked only of subjects that
    /// would enter the list.
    fn top(
        &self,
        weights: &[Option<f64>],
        lo: i64,
        hi: i64,
        limit: usize,
        mut visible: impl FnMut(Uuid) -> bool,
    ) -> Vec<Ranked> {
        let max_weight = weights.iter().flatten().copied().fold(0.0, f64::max);
        let mut best: Vec<Ranked> = Vec::with_capacity(limit + 1);
        if limit == 0 || max_weight <= 0.0 {
            return best;
        }
        for &i in &self.order {
            let Some(s) = self.subjects.get(i as usize) else {
                continue;
            };
            let full = best.len() == limit;
            if full
                && best
                    .last()
                    .is_some_and(|b| f64::from(s.total) * max_weight < b.score)
            {
                break;
            }
            let (mut count, mut score) = (0u32, 0.0f64);
            for series in &s.streams {
                if let Some(Some(w)) = weights.get(usize::from(series.stream)) {
                    let c = series.between(lo, hi);
                    count += c;
                    score += f64::from(c) * w;
                }
            }
            if count == 0 {
                continue;
            }
            let candidate = Ranked {
                id: s.id,
                count,
                score,
            };
            if full
                && best
                    .last()
                    .is_some_and(|b| candidate.cmp_rank(b) != Ordering::Less)
            {
                continue;
            }
            if !visible(s.id) {
                continue;
            }
            let at = best.partition_point(|b| b.cmp_rank(&candidate) == Ordering::Less);
            best.insert(at, candidate);
            best.truncate(limit);
        }
        best
    }
}

/// A subject's standing in a window.
#[derive(Clone, Copy, Debug)]
struct Ranked {
    id: Uuid,
    count: u32,
    score: f64,
}

impl Ranked {
    /// Higher score first, then the smaller id, so ties rank the same way every time.
    fn cmp_rank(&self, other: &Ranked) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.id.cmp(&other.id))
    }
}

/// The Top N projections: one tally per kind of subject, and the stream table.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tallies {
    streams: Vec<(AgencyId, IncidentCategory)>,
    stream_index: super::Map<AgencyId, super::Map<IncidentCategory, u16>>,
    callers: Packed<Tally>,
    locations: Packed<Tally>,
    victims: Packed<Tally>,
    offenders: Packed<Tally>,
}

impl Tallies {
    /// The stream id of an agency's incidents of one category, new ones numbered as they come.
    pub(super) fn stream(&mut self, source: AgencyId, category: &IncidentCategory) -> u16 {
        let next = u16::try_from(self.streams.len()).unwrap_or(u16::MAX);
        let by_category = self.stream_index.entry(source).or_default();
        if let Some(&s) = by_category.get(category) {
            return s;
        }
        by_category.insert(category.clone(), next);
        self.streams.push((source, category.clone()));
        next
    }

    /// Counts all the incidents again on a new calendar's days; the stream table is kept, so
    /// the streams the incident histories name stay the same.
    pub(crate) fn recount(&mut self, incidents: &[Incident], calendar: Calendar) {
        *self = Tallies {
            streams: std::mem::take(&mut self.streams),
            stream_index: std::mem::take(&mut self.stream_index),
            ..Tallies::default()
        };
        let streams: Vec<u16> = incidents
            .iter()
            .map(|i| self.stream(i.source, &i.category))
            .collect();
        self.add(incidents, &streams, calendar);
    }

    /// Counts a batch of incidents, each of its stream in `streams`, on the partnership's days:
    /// the batch's hits are gathered per kind of subject and each tally takes them in bulk.
    pub(crate) fn add(&mut self, incidents: &[Incident], streams: &[u16], calendar: Calendar) {
        let mut hits: [Vec<(Uuid, u16, i64)>; 4] = Default::default();
        let [callers, locations, victims, offenders] = &mut hits;
        let mut days = Days::new(calendar);
        for (incident, &stream) in incidents.iter().zip(streams) {
            let day = days.of(incident.occurred_at);
            if let Some(c) = incident.caller {
                callers.push((c.0, stream, day));
            }
            if let Some(l) = incident.location {
                locations.push((l.0, stream, day));
            }
            for p in &incident.people {
                match p.role {
                    IncidentRole::Victim => victims.push((p.person.0, stream, day)),
                    IncidentRole::Offender => offenders.push((p.person.0, stream, day)),
                    IncidentRole::Witness | IncidentRole::Caller => {}
                }
            }
        }
        for (tally, hits) in [
            &mut self.callers,
            &mut self.locations,
            &mut self.victims,
            &mut self.offenders,
        ]
        .into_iter()
        .zip(&mut hits)
        {
            let touched = tally.add(hits);
            tally.reorder(touched);
        }
    }

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

    fn tally(&self, kind: TopKind) -> &Tally {
        match kind {
            TopKind::Callers => &self.callers,
            TopKind::Locations => &self.locations,
            TopKind::Victims => &self.victims,
            TopKind::Offenders => &self.offenders,
        }
    }
}

/// Which subjects a Top N list ranks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TopKind {
    /// People who called.
    Callers,
    /// Places incidents happened.
    Locations,
    /// People recorded as victims.
    Victims,
    /// People recorded as offenders.
    Offenders,
}

impl TopKind {
    /// Every kind.
    pub const ALL: [TopKind; 4] = [
        TopKind::Callers,
        TopKind::Locations,
        TopKind::Victims,
        TopKind::Offenders,
    ];
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
    let tally = tallies.tally(q.kind);
    let current = tally.top(&weights, lo, hi, q.limit, visible);
    let previous: HashMap<Uuid, u32> = tally
        .top(&weights, previous_lo, lo, q.limit, visible)
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
pub(crate) fn top_subject(b: &ViewBuilder<'_, '_>, kind: TopKind, id: Uuid) -> Option<TopSubject> {
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
    })
}
