//! Per-subject incident histories in time order: the projection the repeat rules and the ASB
//! case review read.
//!
//! Every person involved as victim or caller, and every location, keeps one small copyable
//! [`Mark`] per incident, sorted by when it happened. A rule's question about one subject is then
//! a binary search for its window and a scan of the marks inside it, with the sharing decision
//! taken once per stream (source agency and category, as Top N does) rather than once per
//! incident. The scan reads 32-byte marks, not incidents, so a caller with tens of thousands of
//! calls costs tens of microseconds, and the briefing asks only about the subjects of the new
//! incidents.

use super::model::{Incident, IncidentRole};
use super::Subjects;
use crate::ids::{LocationId, PersonId};
use crate::projection::{Fixed, Lists};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One incident in a subject's history. Its times are microseconds since 1970 (UTC), not
/// `DateTime`s: a county holds millions of marks, and building two `DateTime`s for each was a
/// tenth of opening it from a snapshot (an incident's times are whole microseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Mark {
    /// When it happened: the order of a history.
    pub occurred: i64,
    /// When it was reported.
    pub reported: i64,
    /// Its stream (source agency and category) in the Top N tallies' stream table.
    pub stream: u16,
    /// Its position in the incident book.
    pub incident: u32,
}

impl Mark {
    /// When it happened.
    pub(crate) fn occurred_at(&self) -> DateTime<Utc> {
        time(self.occurred)
    }

    /// When it was reported.
    pub(crate) fn reported_at(&self) -> DateTime<Utc> {
        time(self.reported)
    }
}

/// The time of a mark's microseconds. Every mark's times came from an incident's `DateTime`, so
/// they are in range; the earliest time stands in for one that is not, rather than a panic.
fn time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

impl Fixed for Mark {
    const SIZE: usize = 22;

    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.occurred.to_le_bytes());
        out.extend_from_slice(&self.reported.to_le_bytes());
        out.extend_from_slice(&self.stream.to_le_bytes());
        out.extend_from_slice(&self.incident.to_le_bytes());
    }

    fn take(bytes: &[u8]) -> Option<Self> {
        Some(Mark {
            occurred: i64::from_le_bytes(bytes.get(..8)?.try_into().ok()?),
            reported: i64::from_le_bytes(bytes.get(8..16)?.try_into().ok()?),
            stream: u16::from_le_bytes(bytes.get(16..18)?.try_into().ok()?),
            incident: u32::from_le_bytes(bytes.get(18..22)?.try_into().ok()?),
        })
    }
}

/// The histories of every person (as victim or caller) and every location.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Histories {
    people: Lists<PersonId, Mark>,
    locations: Lists<LocationId, Mark>,
}

/// Appends a batch's marks, grouped by subject: one lookup per subject and batch rather than one
/// per incident, which is what keeps the cost per row flat once the histories outgrow the caches.
/// `marks` is sorted by subject, then position, and free of repeats of one incident for one
/// subject. A subject's new marks are put in time order (ties in recorded order) where their
/// positions did not already give it; then a history whose new marks start before its last one
/// is sorted again: imports arrive mostly in time order, so such a history is a sorted run with a
/// short sorted tail, which the stable sort merges in linear time.
fn append<K: Copy + Eq + std::hash::Hash>(
    histories: &mut crate::projection::Map<K, Vec<Mark>>,
    marks: &[(K, Mark)],
) {
    for run in marks.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(key, _)) = run.first() else {
            continue;
        };
        let history = histories.entry(key).or_default();
        let start = history.len();
        history.extend(run.iter().map(|(_, m)| *m));
        let Some(added) = history.get_mut(start..) else {
            continue;
        };
        // Stable: marks of one time stay in position order.
        if !added.is_sorted_by_key(|m| m.occurred) {
            added.sort_by_key(|m| m.occurred);
        }
        let unsorted = start
            .checked_sub(1)
            .and_then(|last| history.get(last..=start))
            .is_some_and(|pair| matches!(pair, [last, first] if last.occurred > first.occurred));
        if unsorted {
            history.sort_by_key(|m| m.occurred);
        }
    }
}

impl Histories {
    /// Records a batch of incidents, the first at `first` in the book, each of its stream in
    /// `streams`, with its people and places in `subjects`.
    pub(crate) fn add(
        &mut self,
        incidents: &[Incident],
        streams: &[u16],
        first: u32,
        subjects: &Subjects,
    ) {
        // Each incident's mark made once, in order, and read by position: the subjects' order
        // would visit the incidents themselves at random.
        let marks: Vec<Mark> = (incidents.iter().zip(streams).zip(first..))
            .map(|((incident, &stream), at)| Mark {
                occurred: incident.occurred_at.timestamp_micros(),
                reported: incident.reported_at.timestamp_micros(),
                stream,
                incident: at,
            })
            .collect();
        let mark = |at: u32| {
            let i = usize::try_from(at.checked_sub(first)?).ok()?;
            marks.get(i).copied()
        };
        // Sized before they are filled: a filtered `collect` doubles its way up, copying the
        // batch's marks several times over. Victims and callers are most of the people named.
        let mut people: Vec<(PersonId, Mark)> = Vec::with_capacity(subjects.people.len());
        people.extend(
            (subjects.people.iter())
                .filter(|(_, _, role)| matches!(role, IncidentRole::Victim | IncidentRole::Caller))
                .filter_map(|&(p, at, _)| Some((p, mark(at)?))),
        );
        // A person who is both caller and victim of one incident has one mark for it.
        people.dedup_by(|a, b| a.0 == b.0 && a.1.incident == b.1.incident);
        let mut places: Vec<(LocationId, Mark)> = Vec::with_capacity(subjects.places.len());
        places.extend((subjects.places.iter()).filter_map(|&(l, at)| Some((l, mark(at)?))));
        append(&mut self.people, &people);
        append(&mut self.locations, &places);
    }

    /// The people (or places) with a history.
    pub(crate) fn subjects(&self, side: Side) -> Vec<Uuid> {
        match side {
            Side::People => self.people.keys().map(|p| p.0).collect(),
            Side::Places => self.locations.keys().map(|l| l.0).collect(),
        }
    }

    /// A person's incidents as victim or caller, or a location's incidents, that happened in
    /// `[from, to]`, oldest first.
    pub(crate) fn window(
        &self,
        side: Side,
        id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> &[Mark] {
        let marks = match side {
            Side::People => self.people.get(&PersonId(id)),
            Side::Places => self.locations.get(&LocationId(id)),
        };
        marks.map_or(&[], |marks| window(marks, from, to))
    }
}

/// Which histories: people (as victim or caller) or places.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    /// People, as victim or caller.
    People,
    /// Locations.
    Places,
}

fn window(marks: &[Mark], from: DateTime<Utc>, to: DateTime<Utc>) -> &[Mark] {
    // Whole microseconds on both sides: a bound's fraction of a microsecond (a caller's clock)
    // must not let in a mark of the microsecond before it.
    let lo = marks.partition_point(|m| time(m.occurred) < from);
    let hi = marks.partition_point(|m| time(m.occurred) <= to);
    marks.get(lo..hi.max(lo)).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AgencyId, IncidentId, PractitionerId};
    use crate::incidents::{IncidentCategory, Involved};
    use chrono::TimeZone;

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, day, 12, 0, 0).unwrap()
    }

    fn incident(day: u32, person: PersonId, role: IncidentRole) -> Incident {
        Incident {
            id: IncidentId(Uuid::new_v4()),
            external_ref: format!("r{day}"),
            source: AgencyId(Uuid::nil()),
            imported_by: PractitionerId(Uuid::nil()),
            occurred_at: at(day),
            reported_at: at(day),
            category: IncidentCategory::AsbPersonal,
            location: None,
            caller: None,
            people: vec![
                Involved { person, role },
                Involved {
                    person,
                    role: IncidentRole::Caller,
                },
            ],
            summary: String::new(),
        }
    }

    #[test]
    fn out_of_order_incidents_are_sorted_and_windows_include_both_ends() {
        let p = PersonId(Uuid::new_v4());
        let mut h = Histories::default();
        for (i, day) in [5, 9, 2, 7].into_iter().enumerate() {
            let batch = [incident(day, p, IncidentRole::Victim)];
            h.add(&batch, &[0], i as u32, &Subjects::of(&batch, i as u32));
        }
        let days: Vec<DateTime<Utc>> = h
            .window(Side::People, p.0, at(2), at(7))
            .iter()
            .map(Mark::occurred_at)
            .collect();
        assert_eq!(
            days,
            [at(2), at(5), at(7)],
            "one mark each though caller and victim"
        );
        assert!(h.window(Side::People, p.0, at(10), at(20)).is_empty());
        assert!(
            h.window(Side::People, p.0, at(7), at(2)).is_empty(),
            "an empty window, not a panic"
        );
    }

    #[test]
    fn one_batch_out_of_time_order_lands_in_time_order_ties_in_recorded_order() {
        let p = PersonId(Uuid::new_v4());
        let place = LocationId(Uuid::new_v4());
        let days = [9, 2, 5, 2, 7];
        let batch: Vec<Incident> = days
            .iter()
            .map(|&day| Incident {
                location: Some(place),
                ..incident(day, p, IncidentRole::Victim)
            })
            .collect();
        let mut h = Histories::default();
        // After an earlier batch, so the new marks are merged behind an older one too.
        let earlier = [incident(4, p, IncidentRole::Victim)];
        h.add(&earlier, &[0], 0, &Subjects::of(&earlier, 0));
        h.add(&batch, &[0; 5], 1, &Subjects::of(&batch, 1));
        let people: Vec<(i64, u32)> = h
            .window(Side::People, p.0, at(1), at(20))
            .iter()
            .map(|m| (m.occurred_at().timestamp(), m.incident))
            .collect();
        let expected: Vec<(i64, u32)> = [(2, 2), (2, 4), (4, 0), (5, 3), (7, 5), (9, 1)]
            .into_iter()
            .map(|(day, position)| (at(day).timestamp(), position))
            .collect();
        assert_eq!(
            people, expected,
            "one mark per incident, by time, then position"
        );
        let places: Vec<(i64, u32)> = h
            .window(Side::Places, place.0, at(1), at(20))
            .iter()
            .map(|m| (m.occurred_at().timestamp(), m.incident))
            .collect();
        assert_eq!(
            places,
            expected[..2]
                .iter()
                .chain(&expected[3..])
                .copied()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn witnesses_and_offenders_have_no_victim_history() {
        let p = PersonId(Uuid::new_v4());
        let mut h = Histories::default();
        let mut i = incident(3, p, IncidentRole::Offender);
        i.people.truncate(1);
        let batch = [i];
        h.add(&batch, &[0], 0, &Subjects::of(&batch, 0));
        assert!(h.window(Side::People, p.0, at(1), at(9)).is_empty());
    }
}
