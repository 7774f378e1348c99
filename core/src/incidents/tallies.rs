//! The Top N projection: per subject (caller, location, victim, offender), one prefix-sum
//! series per *stream* (source agency and incident category) of the days with incidents and the
//! running count up to each, and the subjects ordered by their all-time total. Built as
//! incidents are imported; read by the Top N lists (`topn`), which apply the sharing rules per
//! stream. Needs nothing of the sharing engine, so the incident book can hold it.

use super::model::{Incident, IncidentCategory, IncidentRole, TopKind};
use super::Subjects;
use crate::calendar::Calendar;
use crate::ids::AgencyId;
use crate::projection::{Map, Packed};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use std::cmp::{Ordering, Reverse};
use uuid::Uuid;

/// The partnership's day number of a time: its local date, as days since 1 January of year 1.
pub(super) fn day_of(calendar: &Calendar, t: DateTime<Utc>) -> i64 {
    i64::from(day_number(calendar, t))
}

/// [`day_of`], as the 32 bits it is made from.
fn day_number(calendar: &Calendar, t: DateTime<Utc>) -> i32 {
    calendar.date(t).num_days_from_ce()
}

/// The first instant of a day numbered by [`day_of`].
pub(super) fn start_of_day(calendar: &Calendar, day: i64) -> DateTime<Utc> {
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
    last: Option<(i32, DateTime<Utc>, DateTime<Utc>)>,
}

impl Days {
    fn new(calendar: Calendar) -> Self {
        Days {
            calendar,
            last: None,
        }
    }

    /// [`day_number`] of `t`.
    fn of(&mut self, t: DateTime<Utc>) -> i32 {
        if let Some((day, from, to)) = self.last {
            if from <= t && t < to {
                return day;
            }
        }
        let day = day_number(&self.calendar, t);
        let from = start_of_day(&self.calendar, i64::from(day));
        let to = start_of_day(&self.calendar, i64::from(day).saturating_add(1));
        // Kept only where the bounds hold `t`, so a day the calendar cannot place is never
        // reused for another time.
        self.last = (from <= t && t < to).then_some((day, from, to));
        day
    }
}

/// One day with incidents in a stream's series: the day (a [`day_of`] number, which fits 32
/// bits as it is made from a date's) and the running count up to and including it.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Point {
    day: i32,
    running: u32,
}

/// One stream's prefix sums for one subject: its days with incidents, in order. Day and count
/// side by side in one vector, rather than a vector of each: a new subject's series was two
/// allocations per stream, and most subjects in a batch are new.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct StreamSeries {
    stream: u16,
    points: Vec<Point>,
}

impl StreamSeries {
    fn add(&mut self, day: i32) {
        let last = self.points.last().copied();
        match last {
            Some(last) if last.day == day => {
                if let Some(p) = self.points.last_mut() {
                    p.running += 1;
                }
            }
            Some(last) if last.day > day => {
                // An incident older than the newest: rare (back-filled data), so O(len) is fine.
                let i = self.points.partition_point(|p| p.day < day);
                if self.points.get(i).map(|p| p.day) != Some(day) {
                    let before = i
                        .checked_sub(1)
                        .and_then(|j| self.points.get(j))
                        .map_or(0, |p| p.running);
                    self.points.insert(
                        i,
                        Point {
                            day,
                            running: before,
                        },
                    );
                }
                for p in self.points.iter_mut().skip(i) {
                    p.running += 1;
                }
            }
            _ => self.points.push(Point {
                day,
                running: last.map_or(0, |p| p.running) + 1,
            }),
        }
    }

    /// Incidents on days before `day`.
    fn before(&self, day: i64) -> u32 {
        let i = self.points.partition_point(|p| i64::from(p.day) < day);
        i.checked_sub(1)
            .and_then(|j| self.points.get(j))
            .map_or(0, |p| p.running)
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

/// One incident counted for a subject: the subject's UUID as a big-endian number (sorting
/// compares integers, where `Uuid`'s own order goes through `memcmp`: the same order), its
/// stream and its day.
type Hit = (u128, u16, i32);

/// Counts for one kind of subject (callers, say).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Tally {
    subjects: Vec<SubjectSeries>,
    index: Map<Uuid, u32>,
    /// Subject indexes by all-time total, descending, then id: the pruning order.
    order: Vec<u32>,
}

impl Tally {
    /// Counts a batch's incidents for this kind of subject. `hits` holds one (subject, stream,
    /// day) per incident, grouped by subject in ascending order; each subject's hits are sorted
    /// here, so each subject is looked up once per batch and each of its streams found once,
    /// rather than both once per incident, and its days come in order; the prefix sums are the
    /// same in any order. Returns the subjects whose totals changed.
    fn add(&mut self, hits: &mut [Hit]) -> Vec<u32> {
        let mut touched = Vec::with_capacity(hits.len());
        for run in hits.chunk_by_mut(|a, b| a.0 == b.0) {
            // Usually in order already (one stream, days as they came), which the sort checks
            // in one pass.
            run.sort_unstable();
            let Some(&(key, _, _)) = run.first() else {
                continue;
            };
            let id = Uuid::from_u128(key);
            let next = u32::try_from(self.subjects.len()).unwrap_or(u32::MAX);
            let i = *self.index.entry(id).or_insert(next);
            if i == next {
                // Room for the run's streams at once: most subjects are new in a batch, and
                // growing their series a push at a time was a third of this loop's allocations.
                let streams = run.chunk_by(|a, b| a.1 == b.1).count();
                self.subjects.push(SubjectSeries {
                    id,
                    total: 0,
                    streams: Vec::with_capacity(streams),
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
                // The run's days are sorted, so its new days are its distinct ones at most: the
                // series grows once per batch rather than doubling as they are pushed.
                let days = same.chunk_by(|a, b| a.2 == b.2).count();
                let series = match s.streams.iter().position(|x| x.stream == stream) {
                    Some(at) => s.streams.get_mut(at),
                    None => {
                        s.streams.push(StreamSeries {
                            stream,
                            points: Vec::with_capacity(days),
                        });
                        s.streams.last_mut()
                    }
                };
                if let Some(series) = series {
                    series.points.reserve(days);
                    for &(_, _, day) in same {
                        series.add(day);
                    }
                }
            }
            touched.push(i);
        }
        touched
    }

    fn key(&self, i: u32) -> (Reverse<u32>, u128) {
        self.subjects
            .get(i as usize)
            .map_or((Reverse(0), 0), |s| (Reverse(s.total), s.id.as_u128()))
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
        // Each touched subject's key read once: comparing through `key` reached into the
        // subjects at random on every comparison of the sort and the merge.
        let mut keyed: Vec<_> = touched.iter().map(|&i| (self.key(i), i)).collect();
        keyed.sort_unstable();
        let rest = self
            .order
            .iter()
            .copied()
            .filter(|&i| !is_touched.get(i as usize).copied().unwrap_or(false));
        let mut merged = Vec::with_capacity(self.subjects.len());
        let mut t = keyed.into_iter().peekable();
        for r in rest {
            let before = self.key(r);
            while let Some(&(key, next)) = t.peek() {
                if key < before {
                    merged.push(next);
                    t.next();
                } else {
                    break;
                }
            }
            merged.push(r);
        }
        merged.extend(t.map(|(_, i)| i));
        self.order = merged;
    }

    /// A subject's count and score in days `[lo, hi)` (see [`Tally::top`]); none for a subject
    /// with no incidents.
    fn window(&self, id: Uuid, weights: &[Option<f64>], lo: i64, hi: i64) -> (u32, f64) {
        self.index
            .get(&id)
            .and_then(|&i| self.subjects.get(i as usize))
            .map_or((0, 0.0), |s| s.window(weights, lo, hi))
    }

    /// The best `limit` subjects in days `[lo, hi)`: `count[s]` says whether stream `s` counts
    /// and `weight[s]` what one incident of it scores. `visible` is asked only of subjects that
    /// would enter the list. Each of `people` (subjects known to be one: a merged person's
    /// profiles the viewer may know of, the first named on the row, with the count and score
    /// their sum counts twice: incidents naming two of them) is ranked once, with its profiles'
    /// counts summed less that; its profiles are left out of the walk, which stops early on
    /// single subjects' totals, and the people are ranked exactly beside its result.
    pub(super) fn top(
        &self,
        weights: &[Option<f64>],
        (lo, hi): (i64, i64),
        limit: usize,
        mut visible: impl FnMut(Uuid) -> bool,
        people: &[(Vec<Uuid>, (u32, f64))],
    ) -> Vec<Ranked> {
        let max_weight = weights.iter().flatten().copied().fold(0.0, f64::max);
        let mut best: Vec<Ranked> = Vec::with_capacity(limit + 1);
        if limit == 0 || max_weight <= 0.0 {
            return best;
        }
        let grouped: std::collections::HashSet<Uuid> =
            people.iter().flat_map(|(g, _)| g).copied().collect();
        let offer = |best: &mut Vec<Ranked>, candidate: Ranked| {
            let at = best.partition_point(|b| b.cmp_rank(&candidate) == Ordering::Less);
            best.insert(at, candidate);
            best.truncate(limit);
        };
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
            if grouped.contains(&s.id) {
                continue;
            }
            let (count, score) = s.window(weights, lo, hi);
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
            offer(&mut best, candidate);
        }
        for (profiles, (twice, twice_score)) in people {
            let Some(&id) = profiles.first() else {
                continue;
            };
            let (count, score) = profiles
                .iter()
                .map(|&p| self.window(p, weights, lo, hi))
                .fold((0u32, 0.0f64), |(c, s), (pc, ps)| {
                    (c.saturating_add(pc), s + ps)
                });
            let (count, score) = (count.saturating_sub(*twice), score - twice_score);
            if count > 0 {
                offer(&mut best, Ranked { id, count, score });
            }
        }
        best
    }
}

impl SubjectSeries {
    /// The subject's count and score in days `[lo, hi)` over the streams `weights` counts.
    fn window(&self, weights: &[Option<f64>], lo: i64, hi: i64) -> (u32, f64) {
        let (mut count, mut score) = (0u32, 0.0f64);
        for series in &self.streams {
            if let Some(Some(w)) = weights.get(usize::from(series.stream)) {
                let c = series.between(lo, hi);
                count += c;
                score += f64::from(c) * w;
            }
        }
        (count, score)
    }
}

/// A subject's standing in a window.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ranked {
    pub(super) id: Uuid,
    pub(super) count: u32,
    pub(super) score: f64,
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
    pub(super) streams: Vec<(AgencyId, IncidentCategory)>,
    stream_index: Map<AgencyId, Map<IncidentCategory, u16>>,
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

    /// Each incident's stream id (see [`Tallies::stream`]), in order.
    pub(super) fn streams<'a>(
        &mut self,
        incidents: impl IntoIterator<Item = &'a Incident>,
    ) -> Vec<u16> {
        (incidents.into_iter())
            .map(|i| self.stream(i.source, &i.category))
            .collect()
    }

    /// The stream id of an agency's incidents of one category, if any were counted.
    pub(super) fn stream_of(&self, source: AgencyId, category: &IncidentCategory) -> Option<u16> {
        self.stream_index.get(&source)?.get(category).copied()
    }

    /// Counts all the incidents again on a new calendar's days; the stream table is kept, so
    /// the streams the incident histories name stay the same.
    pub(crate) fn recount<'a>(
        &mut self,
        incidents: impl Iterator<Item = &'a Incident> + Clone,
        calendar: Calendar,
    ) {
        *self = Tallies {
            streams: std::mem::take(&mut self.streams),
            stream_index: std::mem::take(&mut self.stream_index),
            ..Tallies::default()
        };
        let streams = self.streams(incidents.clone());
        let subjects = Subjects::of(incidents.clone(), 0);
        self.add(incidents, &streams, &subjects, 0, calendar);
    }

    /// Counts a batch of incidents, the first at position `first`, each of its stream in
    /// `streams` and its people and places in `subjects`, on the partnership's days: the batch's
    /// hits are gathered per kind of subject, in the subjects' order (callers, who are not
    /// among them as such, sorted here), and each tally takes them in bulk.
    pub(crate) fn add<'a>(
        &mut self,
        incidents: impl IntoIterator<Item = &'a Incident>,
        streams: &[u16],
        subjects: &Subjects,
        first: u32,
        calendar: Calendar,
    ) {
        let mut callers = Vec::with_capacity(streams.len());
        let mut day_of = Vec::with_capacity(streams.len());
        let mut days = Days::new(calendar);
        for (incident, &stream) in incidents.into_iter().zip(streams) {
            let day = days.of(incident.occurred_at);
            day_of.push(day);
            if let Some(c) = incident.caller {
                callers.push((c.0.as_u128(), stream, day));
            }
        }
        // Grouped by caller only: `Tally::add` sorts each caller's hits itself, so comparing
        // streams and days here would be work done twice.
        callers.sort_unstable_by_key(|&(id, _, _)| id);
        let hit = |id: Uuid, at: u32| -> Option<Hit> {
            let i = usize::try_from(at.checked_sub(first)?).ok()?;
            Some((id.as_u128(), *streams.get(i)?, *day_of.get(i)?))
        };
        // Each list sized before it is filled (a filtered iterator's `collect` doubles its way
        // up, copying a batch's hits several times over).
        let mut locations: Vec<Hit> = Vec::with_capacity(subjects.places.len());
        locations.extend((subjects.places.iter()).filter_map(|&(l, at)| hit(l.0, at)));
        let in_role = |role: IncidentRole| -> Vec<Hit> {
            let of_role = || (subjects.people.iter()).filter(move |&&(_, _, r)| r == role);
            let mut hits = Vec::with_capacity(of_role().count());
            hits.extend(of_role().filter_map(|&(p, at, _)| hit(p.0, at)));
            hits
        };
        let mut victims = in_role(IncidentRole::Victim);
        let mut offenders = in_role(IncidentRole::Offender);
        for (tally, hits) in [
            (&mut self.callers, &mut callers),
            (&mut self.locations, &mut locations),
            (&mut self.victims, &mut victims),
            (&mut self.offenders, &mut offenders),
        ] {
            let touched = tally.add(hits);
            tally.reorder(touched);
        }
    }

    pub(super) fn tally(&self, kind: TopKind) -> &Tally {
        match kind {
            TopKind::Callers => &self.callers,
            TopKind::Locations => &self.locations,
            TopKind::Victims => &self.victims,
            TopKind::Offenders => &self.offenders,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::ids::{IncidentId, LocationId, PersonId, PractitionerId};
    use crate::incidents::Involved;
    use chrono::TimeZone;

    fn incidents() -> Vec<Incident> {
        numbered(0..60)
    }

    /// The incidents numbered `numbers`: days out of order, two streams, subjects on many
    /// incidents, callers also victims.
    pub(in crate::incidents) fn numbered(numbers: std::ops::Range<u32>) -> Vec<Incident> {
        let person = |n: u32| PersonId(Uuid::from_u128(u128::from(n)));
        let categories = [IncidentCategory::AsbPersonal, IncidentCategory::Hate];
        numbers
            .map(|i| {
                let day = [9, 2, 5, 2, 7, 1, 3][i as usize % 7];
                let t = Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap();
                let caller = person(i % 5);
                Incident {
                    id: IncidentId(Uuid::from_u128(1000 + u128::from(i))),
                    external_ref: format!("r{i}"),
                    source: AgencyId(Uuid::from_u128(99)),
                    imported_by: PractitionerId(Uuid::nil()),
                    occurred_at: t,
                    reported_at: t,
                    category: categories[i as usize % 2].clone(),
                    location: (i % 3 != 0).then(|| LocationId(Uuid::from_u128(u128::from(i % 4)))),
                    caller: Some(caller),
                    people: vec![
                        Involved {
                            person: caller,
                            role: IncidentRole::Caller,
                        },
                        Involved {
                            person: person(i % 3),
                            role: IncidentRole::Victim,
                        },
                        Involved {
                            person: person(i % 6),
                            role: IncidentRole::Offender,
                        },
                    ],
                    summary: String::new(),
                }
            })
            .collect()
    }

    /// Every kind's ranking in every window of the test's days, as (id, count, score).
    fn rankings(tallies: &Tallies) -> Vec<Vec<(Uuid, u32, f64)>> {
        let weights = [Some(1.0), Some(3.0)];
        let day = |d| {
            day_of(
                &Calendar::default(),
                Utc.with_ymd_and_hms(2026, 1, d, 0, 0, 0).unwrap(),
            )
        };
        let mut all = Vec::new();
        for kind in [
            TopKind::Callers,
            TopKind::Locations,
            TopKind::Victims,
            TopKind::Offenders,
        ] {
            for (lo, hi) in [(1, 10), (2, 3), (3, 8), (5, 6)] {
                all.push(
                    tallies
                        .tally(kind)
                        .top(&weights, (day(lo), day(hi)), 100, |_| true, &[])
                        .into_iter()
                        .map(|r| (r.id, r.count, r.score))
                        .collect(),
                );
            }
        }
        all
    }

    #[test]
    fn the_pruning_order_is_by_total_then_id_after_every_batch() {
        let batch = incidents();
        let calendar = Calendar::default();
        let mut tallies = Tallies::default();
        let streams = tallies.streams(&batch);
        // Uneven batches, so subjects are touched in some and not others and totals overtake.
        let mut at = 0;
        for size in [1, 7, 3, 20, 29] {
            let part = &batch[at..at + size];
            let first = u32::try_from(at).unwrap();
            let subjects = Subjects::of(part, first);
            tallies.add(part, &streams[at..at + size], &subjects, first, calendar);
            at += size;
            for kind in [TopKind::Callers, TopKind::Locations, TopKind::Victims] {
                let tally = tallies.tally(kind);
                let mut expected: Vec<u32> = (0..tally.subjects.len() as u32).collect();
                expected.sort_by_key(|&i| tally.key(i));
                assert_eq!(tally.order, expected, "{kind:?} after {at} incidents");
            }
        }
    }

    #[test]
    fn a_batch_counts_as_its_incidents_one_at_a_time() {
        let batch = incidents();
        let calendar = Calendar::default();
        let mut at_once = Tallies::default();
        let streams = at_once.streams(&batch);
        // Not at the start of the book, so positions and the batch's indexes differ.
        at_once.add(&batch, &streams, &Subjects::of(&batch, 7), 7, calendar);
        let mut one_by_one = Tallies::default();
        for incident in &batch {
            one_by_one.stream(incident.source, &incident.category);
        }
        // Backwards: each subject's days come newest first.
        for ((n, incident), stream) in batch.iter().enumerate().zip(&streams).rev() {
            let one = std::slice::from_ref(incident);
            let at = u32::try_from(n).unwrap();
            one_by_one.add(one, &[*stream], &Subjects::of(one, at), at, calendar);
        }
        let ranked = rankings(&at_once);
        assert!(
            ranked.iter().all(|r| !r.is_empty()),
            "every window counts someone"
        );
        assert_eq!(ranked, rankings(&one_by_one));
    }
}
