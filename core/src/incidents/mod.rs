//! Incidents and hub analytics: calls for service and reports imported from host systems, and
//! what the morning meeting runs on (Top N lists, repeats, ASB case review thresholds).
//!
//! An incident is content owned by its source agency, in the information category its own
//! category maps to ([`IncidentCategory::information_category`]), with partnership visibility:
//! a partner reads it only under an agreement covering that category. Counts are content too:
//! Top N, repeats and thresholds count only the incidents the viewer may read in full.
//!
//! The files: `model.rs` (the incident), `import.rs` (batch API, CSV and JSON readers, matching),
//! `bounded.rs` (the byte limits of an import stream), `topn.rs` (Top N projections and queries),
//! `history.rs` (each subject's incidents in time order), `repeats.rs` (repeat rules and the ASB
//! case review threshold).

mod api;

mod bounded;
mod columns;
mod history;
mod import;
mod model;
mod repeats;
mod tallies;
mod topn;
mod view;

pub(crate) use import::{decide_import, ValidBatch};
pub use import::{
    ImportOptions, ImportPhase, ImportProgress, IncidentRow, InvolvedRef, LocationRef, PersonRef,
    RowError, MAX_BATCH_ROWS, MAX_ROW_ERRORS,
};
pub use model::TopKind;
pub use model::{
    ImportReport, ImportedBatch, Incident, IncidentCategory, IncidentRole, Involved,
    UncertainMatch, UncertainReason,
};
pub use repeats::{
    case_review_met, is_repeat, qualifies, CaseReviewBasis, CaseReviewConfig, CaseReviewHit,
    Complaint, Period, RepeatConfig, RepeatHit, RepeatKind, RepeatRule,
};
pub(crate) use repeats::{new_case_reviews, new_repeats};
pub(crate) use topn::top_list;
pub use topn::{HarmWeights, Movement, TopList, TopMeasure, TopQuery, TopRow, TopSubject};
pub(crate) use view::{incident_view, linked_to, readable, reported, reported_count};
pub use view::{IncidentView, InvolvedView};

use crate::amendments::Amendment;
use crate::calendar::Calendar;
use crate::cases::Subject;
use crate::events::Event;
use crate::identifiers::{Identifier, Uprn};
use crate::ids::{AgencyId, IncidentId, LocationId, PersonId};
use crate::locations::Location;
use crate::people::Person;
use crate::projection::{Derived, Lazy, Lists, Map, Packed};
use chrono::{DateTime, Utc};
use columns::Column;
use serde::{Deserialize, Serialize};

/// The fewest incidents of a batch recorded on two threads (see [`IncidentBook::add`]):
/// starting a thread costs tens of microseconds, what a few hundred incidents take to index.
const BESIDE_FROM: usize = 1_000;

/// One incident in the report-time column. Its time is microseconds since 1970 (UTC), not a
/// `DateTime`: building a million of them was a fifth of restoring this column at county
/// scale, and an incident's times are whole microseconds, so the order is the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Reported {
    at: i64,
    id: IncidentId,
    position: u32,
}

impl Reported {
    fn key(&self) -> (i64, IncidentId) {
        (self.at, self.id)
    }
}

/// The time's microseconds, the id, the position.
impl crate::projection::Fixed for Reported {
    const SIZE: usize = 28;

    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.at.to_le_bytes());
        self.id.put(out);
        self.position.put(out);
    }

    fn take(bytes: &[u8]) -> Option<Self> {
        Some(Reported {
            at: i64::from_le_bytes(bytes.get(..8)?.try_into().ok()?),
            id: IncidentId::take(bytes.get(8..24)?)?,
            position: u32::take(bytes.get(24..28)?)?,
        })
    }
}

/// The first whole microsecond at or after `t`: a report at a whole microsecond `m` is before
/// `t` exactly when `m` is before this.
fn micros_from(t: DateTime<Utc>) -> i64 {
    let part = i64::from(t.timestamp_subsec_nanos() % 1_000 != 0);
    t.timestamp_micros().saturating_add(part)
}

/// Positions of incidents by report time, then id: a sorted column, appended to a batch at a
/// time (reports arrive in time order, so a batch usually starts after the last one), and
/// stored and restored as one flat sequence rather than a tree built an insert at a time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ByReported(#[serde(with = "crate::projection::rows")] Vec<Reported>);

impl ByReported {
    /// Adds a batch, keeping the column sorted: appended where it starts after the last report,
    /// otherwise merged with the overlapping tail.
    pub(crate) fn add(&mut self, mut batch: Vec<Reported>) {
        batch.sort_unstable_by_key(Reported::key);
        columns::merge_sorted(&mut self.0, batch, Reported::key);
    }

    /// Positions of the incidents reported in `[from, to)`, oldest report first.
    fn range(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> impl Iterator<Item = u32> + '_ {
        let (from, to) = (micros_from(from), micros_from(to));
        let lo = self.0.partition_point(|r| r.at < from);
        let hi = self.0.partition_point(|r| r.at < to).max(lo);
        self.0.get(lo..hi).unwrap_or(&[]).iter().map(|r| r.position)
    }
}

/// The incidents projection: every incident in the order recorded, and derived indexes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct IncidentBook {
    /// The incidents in the order recorded; those restored from a snapshot are decoded when
    /// first read.
    incidents: Lazy<Incident>,
    /// Positions by id.
    by_id: Derived<Packed<Column<IncidentId>>>,
    /// Positions by the fingerprint of their external reference, per source agency, for
    /// duplicate detection.
    by_ref: Derived<Packed<Map<AgencyId, Column<u64>>>>,
    /// Incidents (positions) each person is involved in, in any role.
    by_person: Derived<Packed<Lists<PersonId, u32>>>,
    /// Incidents (positions) at each location.
    by_location: Derived<Packed<Lists<LocationId, u32>>>,
    /// Person ids by identifier, in the order recorded: several profiles may carry one
    /// identifier, as an import matches only profiles the importer reads in full.
    person_by_identifier: Derived<Packed<Map<Identifier, Vec<PersonId>>>>,
    /// Person ids by normalised name.
    person_by_name: Derived<Packed<Map<String, Vec<PersonId>>>>,
    /// Location ids by UPRN, in the order recorded (several, as for identifiers).
    location_by_uprn: Derived<Packed<Map<Uprn, Vec<LocationId>>>>,
    /// Location ids by normalised address.
    location_by_address: Derived<Packed<Map<String, Vec<LocationId>>>>,
    tallies: Derived<tallies::Tallies>,
    histories: Derived<Packed<history::Histories>>,
    /// Positions by report time, so a window of reports (the morning briefing's "since
    /// yesterday") is a range, not a scan of every incident.
    by_reported: Derived<Packed<ByReported>>,
}

impl IncidentBook {
    /// Applies what of an event is the incident book's business besides an import (which the
    /// state applies with the profiles it created): new profiles are indexed for matching, and
    /// a new time zone re-counts the days the Top N lists are kept by.
    pub(crate) fn apply(&mut self, event: &Event, calendar: Calendar) {
        match event {
            Event::PersonRecorded { person } => self.index_person(person),
            Event::LocationRecorded { location } => self.index_location(location),
            Event::RecordAmended { amendment } => self.reindex(amendment),
            Event::TimeZoneSet { .. } => self.recount_days(calendar),
            _ => {}
        }
    }

    /// Keeps import matching on the record as amended: a corrected name, identifier, address or
    /// UPRN is found by its new value and no longer by the old one.
    fn reindex(&mut self, amendment: &Amendment) {
        fn unlist<K: Eq + std::hash::Hash, V: PartialEq>(
            index: &mut Map<K, Vec<V>>,
            key: &K,
            id: &V,
        ) {
            if let Some(ids) = index.get_mut(key) {
                ids.retain(|i| i != id);
                if ids.is_empty() {
                    index.remove(key);
                }
            }
        }
        use crate::amendments::Change;
        use crate::validation::normalise;
        match amendment.record {
            Subject::Person(person) => {
                for change in &amendment.changes {
                    match change {
                        Change::Name { from, to } => {
                            unlist(&mut self.person_by_name, &normalise(from), &person);
                            self.person_by_name
                                .entry(normalise(to))
                                .or_default()
                                .push(person);
                        }
                        Change::IdentifierAdded { identifier } => self
                            .person_by_identifier
                            .entry(identifier.clone())
                            .or_default()
                            .push(person),
                        Change::IdentifierWithdrawn { identifier } => {
                            unlist(&mut self.person_by_identifier, identifier, &person);
                        }
                        _ => {}
                    }
                }
            }
            Subject::Location(location) => {
                for change in &amendment.changes {
                    match change {
                        Change::Address { from, to } => {
                            if let Some(from) = from {
                                unlist(&mut self.location_by_address, &normalise(from), &location);
                            }
                            if let Some(to) = to {
                                self.location_by_address
                                    .entry(normalise(to))
                                    .or_default()
                                    .push(location);
                            }
                        }
                        Change::Uprn { from, to } => {
                            if let Some(from) = from {
                                unlist(&mut self.location_by_uprn, from, &location);
                            }
                            if let Some(to) = to {
                                self.location_by_uprn.entry(*to).or_default().push(location);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Subject::Group(_) => {}
        }
    }

    /// Makes room in the matching indexes for a batch's new profiles before they are indexed
    /// one by one: each index grows once per batch rather than doubling (rehashing every key)
    /// several times over a large one. A profile adds at most one key per name, identifier,
    /// UPRN and address.
    pub(crate) fn reserve_profiles(&mut self, persons: &[Person], locations: &[Location]) {
        let identifiers = persons.iter().map(|p| p.identifiers.len()).sum();
        self.person_by_identifier.reserve(identifiers);
        self.person_by_name.reserve(persons.len());
        let uprns = locations.iter().filter(|l| l.uprn.is_some()).count();
        self.location_by_uprn.reserve(uprns);
        let addresses = locations.iter().filter(|l| l.address.is_some()).count();
        self.location_by_address.reserve(addresses);
    }

    /// Makes a recorded person findable by import matching.
    pub(crate) fn index_person(&mut self, person: &Person) {
        for id in &person.identifiers {
            self.person_by_identifier
                .entry(id.clone())
                .or_default()
                .push(person.id);
        }
        self.person_by_name
            .entry(crate::validation::normalise(&person.name))
            .or_default()
            .push(person.id);
    }

    /// The profiles carrying `identifier`, in the order recorded (for duplicate detection too).
    pub(crate) fn people_with(&self, identifier: &Identifier) -> &[PersonId] {
        self.person_by_identifier
            .get(identifier)
            .map_or(&[], Vec::as_slice)
    }

    /// People whose normalised name contains `needle` (a normalised query), for search.
    ///
    /// One searcher for the needle, reused for every name: `str::contains` prepares its
    /// searcher afresh for each name, an eighth of a search over 1,000 people under WASM. Matching
    /// bytes is matching text here, since a UTF-8 needle can only match at character boundaries.
    pub(crate) fn named_like<'a>(&'a self, needle: &'a str) -> impl Iterator<Item = PersonId> + 'a {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        self.person_by_name
            .iter()
            .filter(move |(name, _)| finder.find(name.as_bytes()).is_some())
            .flat_map(|(_, ids)| ids.iter().copied())
    }

    /// Makes a recorded location findable by import matching.
    pub(crate) fn index_location(&mut self, location: &Location) {
        if let Some(uprn) = location.uprn {
            self.location_by_uprn
                .entry(uprn)
                .or_default()
                .push(location.id);
        }
        if let Some(address) = &location.address {
            self.location_by_address
                .entry(crate::validation::normalise(address))
                .or_default()
                .push(location.id);
        }
    }

    /// Records a batch with the profiles it created, which `profiles` indexes for matching
    /// (given the book). Every projection takes the batch in bulk: its keys are gathered and
    /// sorted, so each subject's entry is looked up once per batch, and positions and times are
    /// appended in order, which is what keeps the cost per row flat as the book grows past the
    /// caches (a hash lookup per incident and index had doubled it at a million rows).
    ///
    /// A large batch is recorded on two threads: the indexes (by id, reference, person, place,
    /// report time, and `profiles`) on a second one, while this one counts (the Top N tallies
    /// and the histories) and then runs `alongside`, the caller's own work on the batch, which
    /// must not need the book. The counts are taken out of the book meanwhile, so each side
    /// changes only its own. The counting stays here: it allocates the most, and measured a
    /// half slower on a thread started for it, whose allocator caches start empty.
    pub(crate) fn add(
        &mut self,
        incidents: Vec<Incident>,
        calendar: Calendar,
        profiles: impl FnOnce(&mut Self) + Send,
        alongside: impl FnOnce(),
    ) {
        self.record(incidents, calendar, profiles, alongside, false);
    }

    /// [`IncidentBook::add`], on this thread alone if `one_thread`.
    fn record(
        &mut self,
        incidents: Vec<Incident>,
        calendar: Calendar,
        profiles: impl FnOnce(&mut Self) + Send,
        alongside: impl FnOnce(),
        one_thread: bool,
    ) {
        let first = u32::try_from(self.incidents.len()).unwrap_or(u32::MAX);
        let streams = self.tallies.streams(&incidents);
        let subjects = Subjects::of(&incidents, first);
        let mut tallies = std::mem::take(&mut self.tallies);
        let mut histories = std::mem::take(&mut self.histories);
        let index = || {
            profiles(self);
            self.index(&incidents, &subjects, first);
        };
        let count = || {
            tallies.add(&incidents, &streams, &subjects, first, calendar);
            histories.add(&incidents, &streams, first, &subjects);
            alongside();
        };
        if incidents.len() >= BESIDE_FROM && !one_thread {
            crate::projection::beside(index, count);
        } else {
            index();
            count();
        }
        self.tallies = tallies;
        self.histories = histories;
        self.incidents.extend(incidents);
    }

    /// Indexes a batch by id, reference, person, location and report time.
    fn index(&mut self, incidents: &[Incident], subjects: &Subjects, first: u32) {
        let mut ids = Vec::with_capacity(incidents.len());
        let mut reported = Vec::with_capacity(incidents.len());
        for (incident, at) in incidents.iter().zip(first..) {
            ids.push((incident.id, at));
            reported.push(Reported {
                at: incident.reported_at.timestamp_micros(),
                id: incident.id,
                position: at,
            });
        }
        self.by_id.add(ids);
        // An import is one agency's: one lookup of its references per run of a source.
        let mut start = first;
        for run in incidents.chunk_by(|a, b| a.source == b.source) {
            if let Some(source) = run.first().map(|i| i.source) {
                let refs = run
                    .iter()
                    .zip(start..)
                    .map(|(i, at)| (columns::fingerprint(&i.external_ref), at))
                    .collect();
                self.by_ref.entry(source).or_default().add(refs);
            }
            start = start.saturating_add(u32::try_from(run.len()).unwrap_or(u32::MAX));
        }
        // A person in several roles of one incident is listed once for it.
        let mut people: Vec<(PersonId, u32)> =
            subjects.people.iter().map(|&(p, at, _)| (p, at)).collect();
        people.dedup();
        extend_runs(&mut self.by_person, &people);
        extend_runs(&mut self.by_location, &subjects.places);
        self.by_reported.add(reported);
    }

    /// Counts the Top N days again in a new calendar: a partnership that changes its zone
    /// after incidents were recorded (rare: the zone is set at set-up) sees them on its days.
    pub(crate) fn recount_days(&mut self, calendar: Calendar) {
        self.tallies.recount(self.incidents.iter(), calendar);
    }

    /// The incident with this id, if recorded.
    pub(crate) fn find(&self, id: IncidentId) -> Option<&Incident> {
        self.by_id.get(id).find_map(|i| self.get(i))
    }

    /// Whether `source` already recorded an incident under its own `reference`.
    fn has_ref(&self, source: AgencyId, reference: &str) -> bool {
        self.by_ref.get(&source).is_some_and(|refs| {
            refs.get(columns::fingerprint(reference))
                .any(|i| self.get(i).is_some_and(|x| x.external_ref == reference))
        })
    }

    fn get(&self, at: u32) -> Option<&Incident> {
        self.incidents.get(at as usize)
    }

    /// Incidents involving a person, in recorded order.
    pub(crate) fn of_person(&self, person: PersonId) -> impl Iterator<Item = &Incident> {
        self.by_person
            .get(&person)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.get(i))
    }

    /// Incidents at a location, in recorded order.
    pub(crate) fn at_location(&self, location: LocationId) -> impl Iterator<Item = &Incident> {
        self.by_location
            .get(&location)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.get(i))
    }

    /// Incidents reported in `[from, to)`, oldest report first.
    pub(crate) fn reported(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Iterator<Item = &Incident> {
        self.by_reported.range(from, to).filter_map(|i| self.get(i))
    }
}

/// A batch's people and places, each by subject, then position: sorted once per batch, and read
/// alike by the Top N tallies, the histories and the person and place indexes, which had sorted
/// the same pairs a time each.
pub(super) struct Subjects {
    /// Every person named by an incident, with their role: once per role they hold in it.
    people: Vec<(PersonId, u32, IncidentRole)>,
    /// The incidents' locations.
    places: Vec<(LocationId, u32)>,
}

impl Subjects {
    /// The subjects of `incidents`, the first at position `first`.
    pub(super) fn of<'a>(incidents: impl IntoIterator<Item = &'a Incident>, first: u32) -> Self {
        let incidents = incidents.into_iter();
        let mut people = Vec::with_capacity(incidents.size_hint().0);
        let mut places = Vec::with_capacity(incidents.size_hint().0);
        for (incident, at) in incidents.zip(first..) {
            people.extend(incident.people.iter().map(|p| (p.person, at, p.role)));
            if let Some(l) = incident.location {
                places.push((l, at));
            }
        }
        // Each position once per place, and (person, position) pairs differ only by role, whose
        // order no reader depends on.
        people.sort_unstable_by_key(|&(p, at, _)| (p, at));
        places.sort_unstable();
        Subjects { people, places }
    }
}

/// Appends sorted `(key, position)` pairs to a key's positions, one lookup per key.
fn extend_runs<K: Copy + Eq + std::hash::Hash>(index: &mut Map<K, Vec<u32>>, pairs: &[(K, u32)]) {
    for run in pairs.chunk_by(|a, b| a.0 == b.0) {
        if let Some(&(key, _)) = run.first() {
            index
                .entry(key)
                .or_default()
                .extend(run.iter().map(|&(_, at)| at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn reported(hour: u32, position: u32) -> Reported {
        Reported {
            at: Utc
                .with_ymd_and_hms(2026, 1, 1, hour, 0, 0)
                .unwrap()
                .timestamp_micros(),
            id: IncidentId(uuid::Uuid::new_v4()),
            position,
        }
    }

    /// A large batch recorded on two threads makes the book one thread makes, profiles and the
    /// caller's work included, and after a book that already holds incidents.
    #[test]
    fn a_batch_recorded_on_two_threads_is_the_batch_recorded_on_one() {
        let batch = |from: u32| tallies::tests::numbered(from..from + 2 * BESIDE_FROM as u32);
        let profile = |n: u32| Person {
            id: PersonId(uuid::Uuid::from_u128(u128::from(n) + 10_000)),
            name: format!("Person {n}"),
            aliases: Vec::new(),
            date_of_birth: None,
            identifiers: Vec::new(),
            flags: Default::default(),
            restricted: false,
            recorded_by: AgencyId(uuid::Uuid::from_u128(9)),
            recorded_at: Utc.timestamp_opt(1_770_000_000, 0).unwrap(),
            facts: Vec::new(),
        };
        let calendar = Calendar::default();
        let books: Vec<(IncidentBook, usize)> = [true, false]
            .into_iter()
            .map(|one_thread| {
                let mut book = IncidentBook::default();
                let mut alongside = 0;
                for (n, from) in [0, 5_000].into_iter().enumerate() {
                    let created = profile(n as u32);
                    book.record(
                        batch(from),
                        calendar,
                        |book| book.index_person(&created),
                        || alongside += 1,
                        one_thread,
                    );
                }
                (book, alongside)
            })
            .collect();
        let [(one, one_ran), (two, two_ran)] = &books[..] else {
            unreachable!()
        };
        assert_eq!(
            (one_ran, two_ran),
            (&2, &2),
            "the caller's work ran each time"
        );
        assert_eq!(one.incidents.len(), 4 * BESIDE_FROM);
        assert!(
            one.named_like("person 1").next().is_some(),
            "the profiles were indexed"
        );
        assert!(one == two, "two threads build the book one builds");
    }

    #[test]
    fn a_batch_reported_before_the_last_report_is_merged_into_report_order() {
        let mut column = ByReported::default();
        column.add(vec![reported(9, 0), reported(3, 1), reported(12, 2)]);
        // Back-filled: one report before every earlier one, one between, one after.
        column.add(vec![reported(10, 3), reported(1, 4), reported(20, 5)]);
        let day = |h| Utc.with_ymd_and_hms(2026, 1, 1, h, 0, 0).unwrap();
        let all: Vec<u32> = column.range(day(0), day(23)).collect();
        assert_eq!(all, [4, 1, 0, 3, 2, 5]);
        let window: Vec<u32> = column.range(day(3), day(12)).collect();
        assert_eq!(window, [1, 0, 3], "from included, to excluded");
        assert_eq!(
            column.range(day(12), day(3)).count(),
            0,
            "empty, not a panic"
        );
        // Bounds between whole microseconds: a report at 03:00 is before 03:00 and a nanosecond.
        let nano = chrono::Duration::nanoseconds(1);
        let window: Vec<u32> = column.range(day(3) + nano, day(12) + nano).collect();
        assert_eq!(window, [0, 3, 2]);
        let window: Vec<u32> = column.range(day(3) - nano, day(12) - nano).collect();
        assert_eq!(window, [1, 0, 3]);
    }
}
