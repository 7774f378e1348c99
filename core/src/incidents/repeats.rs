//! Repeat rules (N incidents in M days, per person and per location) and the ASB case review
//! (Community Trigger) threshold, as pure functions with configurations, plus the hub reads that
//! apply them to the incidents a viewer may read.
//!
//! Defaults (DOMAIN.md section 3):
//! - repeat victim: more than one recorded crime or ASB incident within 12 months
//!   (Bedfordshire), counting the person as victim or caller;
//! - repeat location: no authoritative definition exists; 3 ASB incidents in 3 months (a
//!   force's training material) is the default, and it is configurable;
//! - case review: at least 3 qualifying complaints within 6 months, a complaint qualifying when
//!   made within one month of the behaviour (s104 ASB, Crime and Policing Act 2014). Local
//!   variants are options: one hate incident within 6 months (Hyndburn), N individuals
//!   complaining about the same place (5 in Hyndburn and Cleveland), 7 days instead of a month
//!   to qualify (Horsham), or a lower count.

use super::history::{Mark, Side};
use super::model::TopKind;
use super::model::{Incident, IncidentCategory, IncidentRole};
use super::readable as readable_incident;
use super::topn::{top_subject, TopSubject};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::sharing::Engine;
use crate::views::ViewBuilder;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// A length of time counted the way the rules count it: on the partnership's calendar, so that
/// near midnight in summer time an incident falls in the month and on the day it did locally.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Period {
    /// Days: the same local clock time that many days away (23 or 25 hours across a clock
    /// change).
    Days(u32),
    /// Calendar months (the same day of the month; the month's last day if it is shorter).
    Months(u32),
}

impl Period {
    /// The time this period before `t`, or the earliest time there is if that is further back
    /// (a configuration may ask for any number of days).
    pub fn before(self, t: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
        match self {
            Period::Days(d) => calendar.sub_days(t, d),
            Period::Months(m) => calendar.sub_months(t, m),
        }
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// The time this period after `t`, or the latest time there is.
    pub fn after(self, t: DateTime<Utc>, calendar: &Calendar) -> DateTime<Utc> {
        match self {
            Period::Days(d) => calendar.add_days(t, d),
            Period::Months(m) => calendar.add_months(t, m),
        }
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// N incidents within a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RepeatRule {
    /// How many incidents make a repeat (at least 1).
    pub incidents: u32,
    /// Within how long, counted back from the time of asking (both ends included).
    pub within: Period,
    /// The incident categories that count, by name (see
    /// [`IncidentCategory::as_str`](super::IncidentCategory::as_str)); empty means all.
    pub categories: Vec<String>,
}

impl RepeatRule {
    fn counts(&self, category: &IncidentCategory) -> bool {
        self.categories.is_empty() || self.categories.iter().any(|c| c == category.as_str())
    }
}

/// The repeat rules a hub applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RepeatConfig {
    /// For people, counting incidents where they are victim or caller.
    pub person: RepeatRule,
    /// For locations.
    pub location: RepeatRule,
}

const CRIME_AND_ASB: [&str; 6] = [
    "asb_personal",
    "asb_nuisance",
    "asb_environmental",
    "hate",
    "domestic_abuse",
    "crime",
];

impl Default for RepeatConfig {
    fn default() -> Self {
        RepeatConfig {
            person: RepeatRule {
                incidents: 2,
                within: Period::Months(12),
                categories: CRIME_AND_ASB.iter().map(|c| (*c).to_owned()).collect(),
            },
            location: RepeatRule {
                incidents: 3,
                within: Period::Months(3),
                categories: CRIME_AND_ASB
                    .iter()
                    .take(3)
                    .map(|c| (*c).to_owned())
                    .collect(),
            },
        }
    }
}

/// How many of `times` fall within the rule's period up to `at` (both ends included, counted on
/// `calendar`), if that makes a repeat.
pub fn is_repeat(
    rule: &RepeatRule,
    times: &[DateTime<Utc>],
    at: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<u32> {
    repeat_count(rule, times.iter().copied(), at, calendar).map(|(n, _)| n)
}

/// [`is_repeat`], with the latest of the times counted.
fn repeat_count(
    rule: &RepeatRule,
    times: impl Iterator<Item = DateTime<Utc>>,
    at: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<(u32, DateTime<Utc>)> {
    let from = rule.within.before(at, calendar);
    let (mut n, mut latest) = (0u32, None);
    for t in times.filter(|t| *t >= from && *t <= at) {
        n = n.saturating_add(1);
        latest = latest.max(Some(t));
    }
    latest
        .filter(|_| n >= rule.incidents.max(1))
        .map(|l| (n, l))
}

/// One complaint for the case review rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    /// When the behaviour happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was complained about.
    pub reported_at: DateTime<Utc>,
    /// Whether it was a hate incident.
    pub hate: bool,
    /// Who complained, if known.
    pub complainant: Option<PersonId>,
}

/// The ASB case review threshold and its local variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseReviewConfig {
    /// Qualifying complaints that meet the threshold (the law: at most 3).
    pub complaints: u32,
    /// A complaint qualifies when made within this long of the behaviour (the law: one month).
    pub qualifying_within: Period,
    /// Complaints count when made within this long before the time of asking (six months).
    pub window: Period,
    /// Local variant: this many qualifying hate incidents meet the threshold on their own.
    pub hate_incidents: Option<u32>,
    /// Local variant: this many different people complaining about one location meet it.
    pub distinct_complainants: Option<u32>,
}

impl Default for CaseReviewConfig {
    fn default() -> Self {
        CaseReviewConfig {
            complaints: 3,
            qualifying_within: Period::Months(1),
            window: Period::Months(6),
            hate_incidents: None,
            distinct_complainants: None,
        }
    }
}

/// Which rule met the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseReviewBasis {
    /// Enough qualifying complaints.
    Complaints {
        /// How many.
        count: u32,
    },
    /// Enough qualifying hate incidents (local variant).
    HateIncidents {
        /// How many.
        count: u32,
    },
    /// Enough different complainants about one place (local variant).
    DistinctComplainants {
        /// How many.
        count: u32,
    },
}

/// Whether a complaint was made within the qualifying period of the behaviour (and not before
/// it), counted on `calendar`.
pub fn qualifies(config: &CaseReviewConfig, c: &Complaint, calendar: &Calendar) -> bool {
    c.reported_at >= c.occurred_at
        && c.reported_at <= config.qualifying_within.after(c.occurred_at, calendar)
}

/// The complaints that count at `at`: qualifying, and made within the window before `at` (both
/// ends included).
fn counted<'a>(
    config: &'a CaseReviewConfig,
    complaints: &'a [Complaint],
    at: DateTime<Utc>,
    calendar: &'a Calendar,
) -> impl Iterator<Item = &'a Complaint> {
    let from = config.window.before(at, calendar);
    complaints.iter().filter(move |c| {
        c.reported_at >= from && c.reported_at <= at && qualifies(config, c, calendar)
    })
}

/// Whether the complaints about one person's or place's problem meet the threshold at `at`:
/// qualifying complaints made within the window before `at` (both ends included, counted on
/// `calendar`). `per_place` enables the distinct-complainants variant, which is about a location.
pub fn case_review_met(
    config: &CaseReviewConfig,
    complaints: &[Complaint],
    at: DateTime<Utc>,
    per_place: bool,
    calendar: &Calendar,
) -> Option<CaseReviewBasis> {
    let counted: Vec<&Complaint> = counted(config, complaints, at, calendar).collect();
    let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
    let count = n(counted.len());
    if !per_place && count >= config.complaints.max(1) {
        return Some(CaseReviewBasis::Complaints { count });
    }
    if let Some(needed) = config.hate_incidents {
        let hate = n(counted.iter().filter(|c| c.hate).count());
        if !per_place && hate >= needed.max(1) {
            return Some(CaseReviewBasis::HateIncidents { count: hate });
        }
    }
    if let (true, Some(needed)) = (per_place, config.distinct_complainants) {
        let people: BTreeSet<PersonId> = counted.iter().filter_map(|c| c.complainant).collect();
        let count = n(people.len());
        if count >= needed.max(1) {
            return Some(CaseReviewBasis::DistinctComplainants { count });
        }
    }
    None
}

/// What kind of repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RepeatKind {
    /// A person, as victim or caller.
    Person,
    /// A location.
    Location,
}

/// A person or place that meets a repeat rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RepeatHit {
    /// Person or location.
    pub kind: RepeatKind,
    /// Who or where, as the viewer may see them.
    pub subject: TopSubject,
    /// Incidents within the rule's period that the viewer may read.
    pub count: u32,
    /// The latest of them.
    pub latest: DateTime<Utc>,
}

/// A person or place whose complaints meet the case review threshold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseReviewHit {
    /// Who or where.
    pub subject: TopSubject,
    /// Which rule.
    pub basis: CaseReviewBasis,
    /// The latest complaint counted: when the threshold was (last) met.
    pub latest: DateTime<Utc>,
}

/// Which people and places a read considers.
#[derive(Clone, Copy)]
pub(super) enum Among {
    /// Everyone with incidents.
    Everyone,
    /// Those with an incident the read counts, reported at or after this time (and before the
    /// time of asking): what is new since a meeting.
    NewSince(DateTime<Utc>),
}

/// The subjects on `side` of the incidents reported in `[since, at)` that `counts` accepts:
/// people as victim or caller, or locations.
fn new_subjects(
    book: &super::IncidentBook,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
    side: Side,
    counts: impl Fn(&Incident) -> bool,
) -> Vec<Uuid> {
    let mut subjects = BTreeSet::new();
    for i in book.reported(since, at).filter(|i| counts(i)) {
        match side {
            Side::People => subjects.extend(
                i.people
                    .iter()
                    .filter(|p| matches!(p.role, IncidentRole::Victim | IncidentRole::Caller))
                    .map(|p| p.person.0),
            ),
            Side::Places => subjects.extend(i.location.map(|l| l.0)),
        }
    }
    subjects.into_iter().collect()
}

/// The subjects to judge, each as the profiles whose incidents count for it: a location or an
/// unmerged person alone, a merged person once, as every profile of theirs the viewer may know
/// of (the first, the survivor, named on the row).
fn judged(engine: &Engine<'_>, side: Side, subjects: Vec<Uuid>) -> Vec<Vec<Uuid>> {
    let state = engine.state;
    let mut seen = HashSet::new();
    subjects
        .into_iter()
        .filter_map(|id| {
            if side == Side::Places || !state.merges.is_merged(PersonId(id)) {
                return Some(vec![id]);
            }
            let profiles = state.merges.profiles(PersonId(id));
            let survivor = profiles.first().copied()?;
            seen.insert(survivor)
                .then(|| crate::merges::known_profiles(engine, profiles))
        })
        .filter(|profiles: &Vec<Uuid>| !profiles.is_empty())
        .collect()
}

/// The marks of a subject's profiles in `[from, at]`, each incident once (one incident may name
/// two profiles of a merged person).
fn marks_of<'b>(
    book: &'b super::IncidentBook,
    side: Side,
    profiles: &[Uuid],
    from: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Cow<'b, [Mark]> {
    match profiles {
        [one] => Cow::Borrowed(book.histories.window(side, *one, from, at)),
        _ => {
            let mut marks: Vec<Mark> = profiles
                .iter()
                .flat_map(|p| book.histories.window(side, *p, from, at))
                .copied()
                .collect();
            marks.sort_by_key(|m| (m.occurred, m.incident));
            marks.dedup_by_key(|m| m.incident);
            Cow::Owned(marks)
        }
    }
}

/// Per stream: whether `rule` counts its incidents and the viewer may read them.
fn counted_streams(readable: &[Option<&IncidentCategory>], rule: &RepeatRule) -> Vec<bool> {
    readable
        .iter()
        .map(|c| c.is_some_and(|c| rule.counts(c)))
        .collect()
}

fn stream_is(streams: &[bool], m: &Mark) -> bool {
    streams.get(usize::from(m.stream)).copied().unwrap_or(false)
}

/// The repeats at `at` among the subjects `among` picks, as the viewer behind `b` may see them.
pub(super) fn repeat_hits(
    b: &mut ViewBuilder<'_, '_>,
    at: DateTime<Utc>,
    config: &RepeatConfig,
    among: Among,
) -> Vec<RepeatHit> {
    let engine = b.engine;
    let book = &engine.state.incidents;
    let calendar = &engine.state.calendar;
    let readable = book.tallies.readable(engine);
    let mut hits = Vec::new();
    for (kind, side, top, rule) in [
        (
            RepeatKind::Person,
            Side::People,
            TopKind::Victims,
            &config.person,
        ),
        (
            RepeatKind::Location,
            Side::Places,
            TopKind::Locations,
            &config.location,
        ),
    ] {
        let subjects = match among {
            Among::Everyone => book.histories.subjects(side),
            Among::NewSince(since) => new_subjects(book, since, at, side, |i| {
                rule.counts(&i.category) && readable_incident(engine, i)
            }),
        };
        let streams = counted_streams(&readable, rule);
        for profiles in judged(engine, side, subjects) {
            let marks = marks_of(book, side, &profiles, rule.within.before(at, calendar), at);
            let times = marks
                .iter()
                .filter(|m| stream_is(&streams, m))
                .map(Mark::occurred_at);
            let Some((count, latest)) = repeat_count(rule, times, at, calendar) else {
                continue;
            };
            let Some(&id) = profiles.first() else {
                continue;
            };
            if let Some(subject) = top_subject(b, top, id) {
                hits.push(RepeatHit {
                    kind,
                    subject,
                    count,
                    latest,
                });
            }
        }
    }
    hits.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.subject.subject.cmp(&b.subject.subject))
    });
    hits
}

/// Whether an incident is a complaint for the case review, and whether a hate incident.
fn complaint_kind(category: &IncidentCategory) -> Option<bool> {
    let hate = *category == IncidentCategory::Hate;
    (category.is_asb() || hate).then_some(hate)
}

/// The case review thresholds met at `at` among the subjects `among` picks; with
/// [`Among::NewSince`], only those not already met at that time.
pub(super) fn case_review_hits(
    b: &mut ViewBuilder<'_, '_>,
    at: DateTime<Utc>,
    config: &CaseReviewConfig,
    among: Among,
) -> Vec<CaseReviewHit> {
    let engine = b.engine;
    let book = &engine.state.incidents;
    let calendar = &engine.state.calendar;
    // Per stream: `Some(hate)` for complaints the viewer may read.
    let streams: Vec<Option<bool>> = book
        .tallies
        .readable(engine)
        .into_iter()
        .map(|c| c.and_then(complaint_kind))
        .collect();
    // The earliest behaviour a complaint counted at `at` can be about; a day's margin covers
    // calendar months of different lengths, and `counted` applies the exact test.
    let earliest = |at: DateTime<Utc>| {
        let window = config.window.before(at, calendar);
        Period::Days(1).before(config.qualifying_within.before(window, calendar), calendar)
    };
    let complaints = |marks: &[Mark], per_place: bool| -> Vec<Complaint> {
        marks
            .iter()
            .filter_map(|m| {
                let hate = streams.get(usize::from(m.stream)).copied().flatten()?;
                // Only the distinct-complainants variant asks who complained.
                let complainant = if per_place {
                    book.get(m.incident).and_then(|i| i.caller)
                } else {
                    None
                };
                Some(Complaint {
                    occurred_at: m.occurred_at(),
                    reported_at: m.reported_at(),
                    hate,
                    complainant,
                })
            })
            .collect()
    };
    let met = |marks: &[Mark], per_place: bool| {
        let complaints = complaints(marks, per_place);
        let basis = case_review_met(config, &complaints, at, per_place, calendar)?;
        if let Among::NewSince(since) = among {
            if case_review_met(config, &complaints, since, per_place, calendar).is_some() {
                return None;
            }
        }
        let latest = counted(config, &complaints, at, calendar)
            .map(|c| c.reported_at)
            .max()?;
        Some((basis, latest))
    };
    // A check at `since` needs the complaints counted then as well as now.
    let from = match among {
        Among::NewSince(since) => earliest(since.min(at)),
        Among::Everyone => earliest(at),
    };
    // Places count only for the distinct-complainants variant.
    let sides: &[(Side, TopKind)] = if config.distinct_complainants.is_some() {
        &[
            (Side::People, TopKind::Victims),
            (Side::Places, TopKind::Locations),
        ]
    } else {
        &[(Side::People, TopKind::Victims)]
    };
    let mut hits = Vec::new();
    for &(side, top) in sides {
        let subjects = match among {
            Among::Everyone => book.histories.subjects(side),
            Among::NewSince(since) => new_subjects(book, since, at, side, |i| {
                complaint_kind(&i.category).is_some() && readable_incident(engine, i)
            }),
        };
        for profiles in judged(engine, side, subjects) {
            let marks = marks_of(book, side, &profiles, from, at);
            let Some((basis, latest)) = met(&marks, side == Side::Places) else {
                continue;
            };
            let Some(&id) = profiles.first() else {
                continue;
            };
            if let Some(subject) = top_subject(b, top, id) {
                hits.push(CaseReviewHit {
                    subject,
                    basis,
                    latest,
                });
            }
        }
    }
    hits.sort_by_key(|h| h.subject.subject);
    hits
}

/// The repeats at `at` with an incident reported in `[since, at)`: the briefing's "new
/// repeats", asking only about the subjects of the new incidents.
pub(crate) fn new_repeats(
    b: &mut ViewBuilder<'_, '_>,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
    config: &RepeatConfig,
) -> Vec<RepeatHit> {
    repeat_hits(b, at, config, Among::NewSince(since))
}

/// The case review thresholds met at `at` and not at `since`.
pub(crate) fn new_case_reviews(
    b: &mut ViewBuilder<'_, '_>,
    since: DateTime<Utc>,
    at: DateTime<Utc>,
    config: &CaseReviewConfig,
) -> Result<Vec<CaseReviewHit>> {
    check_case_review(config)?;
    Ok(case_review_hits(b, at, config, Among::NewSince(since)))
}

/// Refuses a configuration no threshold could be met by.
pub(super) fn check_case_review(config: &CaseReviewConfig) -> Result<()> {
    if config.complaints == 0 {
        return Err(Error::invalid("complaints", "at least 1"));
    }
    Ok(())
}
