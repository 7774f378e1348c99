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

use super::model::{Incident, IncidentRole};
use super::readable;
use super::topn::{top_subject, TopKind, TopSubject};
use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::Viewer;
use chrono::{DateTime, Duration, Months, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A length of time counted the way the rules count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Period {
    /// Whole days of 24 hours.
    Days(u32),
    /// Calendar months (the same day of the month; the month's last day if it is shorter).
    Months(u32),
}

impl Period {
    /// The time this period before `t`.
    pub fn before(self, t: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Period::Days(d) => t - Duration::days(i64::from(d)),
            Period::Months(m) => t.checked_sub_months(Months::new(m)).unwrap_or(t),
        }
    }

    /// The time this period after `t`.
    pub fn after(self, t: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Period::Days(d) => t + Duration::days(i64::from(d)),
            Period::Months(m) => t.checked_add_months(Months::new(m)).unwrap_or(t),
        }
    }
}

/// N incidents within a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    fn counts(&self, incident: &Incident) -> bool {
        self.categories.is_empty()
            || self
                .categories
                .iter()
                .any(|c| c == incident.category.as_str())
    }
}

/// The repeat rules a hub applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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

/// How many of `times` fall within the rule's period up to `at` (both ends included), if that
/// makes a repeat.
pub fn is_repeat(rule: &RepeatRule, times: &[DateTime<Utc>], at: DateTime<Utc>) -> Option<u32> {
    let from = rule.within.before(at);
    let n = times.iter().filter(|t| **t >= from && **t <= at).count();
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    (n >= rule.incidents.max(1)).then_some(n)
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
/// it).
pub fn qualifies(config: &CaseReviewConfig, c: &Complaint) -> bool {
    c.reported_at >= c.occurred_at && c.reported_at <= config.qualifying_within.after(c.occurred_at)
}

/// Whether the complaints about one person's or place's problem meet the threshold at `at`:
/// qualifying complaints made within the window before `at` (both ends included). `per_place`
/// enables the distinct-complainants variant, which is about a location.
pub fn case_review_met(
    config: &CaseReviewConfig,
    complaints: &[Complaint],
    at: DateTime<Utc>,
    per_place: bool,
) -> Option<CaseReviewBasis> {
    let from = config.window.before(at);
    let counted: Vec<&Complaint> = complaints
        .iter()
        .filter(|c| c.reported_at >= from && c.reported_at <= at && qualifies(config, c))
        .collect();
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
pub enum RepeatKind {
    /// A person, as victim or caller.
    Person,
    /// A location.
    Location,
}

/// A person or place that meets a repeat rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
pub struct CaseReviewHit {
    /// Who or where.
    pub subject: TopSubject,
    /// Which rule.
    pub basis: CaseReviewBasis,
    /// The latest complaint counted: when the threshold was (last) met.
    pub latest: DateTime<Utc>,
}

fn complaint(i: &Incident) -> Option<Complaint> {
    let hate = i.category == super::IncidentCategory::Hate;
    (i.category.is_asb() || hate).then_some(Complaint {
        occurred_at: i.occurred_at,
        reported_at: i.reported_at,
        hate,
        complainant: i.caller,
    })
}

fn as_victim(i: &Incident, person: PersonId) -> bool {
    i.people.iter().any(|p| {
        p.person == person && matches!(p.role, IncidentRole::Victim | IncidentRole::Caller)
    })
}

impl crate::Hub {
    /// People and places meeting the repeat rules at `at`, counting only incidents the viewer
    /// may read and leaving out anyone the viewer may not know of. Most incidents first.
    pub fn repeats(
        &self,
        viewer: &Viewer,
        at: DateTime<Utc>,
        config: &RepeatConfig,
    ) -> Result<Vec<RepeatHit>> {
        self.read(viewer, |b| {
            let engine = b.engine;
            let book = &engine.state.incidents;
            let mut hits = Vec::new();
            let mut check =
                |kind, top, id: uuid::Uuid, rule: &RepeatRule, incidents: Vec<&Incident>| {
                    if incidents.len() < rule.incidents as usize {
                        return;
                    }
                    let times: Vec<DateTime<Utc>> = incidents
                        .iter()
                        .filter(|i| rule.counts(i) && readable(engine, i))
                        .map(|i| i.occurred_at)
                        .collect();
                    if let Some(count) = is_repeat(rule, &times, at) {
                        let latest = times.iter().filter(|t| **t <= at).max().copied();
                        if let (Some(subject), Some(latest)) = (top_subject(b, top, id), latest) {
                            hits.push(RepeatHit {
                                kind,
                                subject,
                                count,
                                latest,
                            });
                        }
                    }
                };
            for (&person, _) in book.by_person.iter() {
                let incidents = book
                    .of_person(person)
                    .filter(|i| as_victim(i, person))
                    .collect();
                check(
                    RepeatKind::Person,
                    TopKind::Victims,
                    person.0,
                    &config.person,
                    incidents,
                );
            }
            for (&location, _) in book.by_location.iter() {
                let incidents = book.at_location(location).collect();
                check(
                    RepeatKind::Location,
                    TopKind::Locations,
                    location.0,
                    &config.location,
                    incidents,
                );
            }
            hits.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then(a.subject.subject.cmp(&b.subject.subject))
            });
            Ok(hits)
        })
    }

    /// People (as victim or caller) and places whose ASB complaints meet the case review
    /// threshold at `at`, counting only incidents the viewer may read.
    pub fn case_review_thresholds(
        &self,
        viewer: &Viewer,
        at: DateTime<Utc>,
        config: &CaseReviewConfig,
    ) -> Result<Vec<CaseReviewHit>> {
        if config.complaints == 0 {
            return Err(Error::invalid("complaints", "at least 1"));
        }
        self.read(viewer, |b| {
            let engine = b.engine;
            let book = &engine.state.incidents;
            let mut hits = Vec::new();
            let mut check = |top, id: uuid::Uuid, incidents: Vec<&Incident>, per_place: bool| {
                let complaints: Vec<Complaint> = incidents
                    .into_iter()
                    .filter(|i| readable(engine, i))
                    .filter_map(complaint)
                    .collect();
                if let Some(basis) = case_review_met(config, &complaints, at, per_place) {
                    let latest = complaints
                        .iter()
                        .map(|c| c.reported_at)
                        .filter(|t| *t <= at)
                        .max();
                    if let (Some(subject), Some(latest)) = (top_subject(b, top, id), latest) {
                        hits.push(CaseReviewHit {
                            subject,
                            basis,
                            latest,
                        });
                    }
                }
            };
            for (&person, _) in book.by_person.iter() {
                let incidents = book
                    .of_person(person)
                    .filter(|i| as_victim(i, person))
                    .collect();
                check(TopKind::Victims, person.0, incidents, false);
            }
            if config.distinct_complainants.is_some() {
                for (&location, _) in book.by_location.iter() {
                    check(
                        TopKind::Locations,
                        location.0,
                        book.at_location(location).collect(),
                        true,
                    );
                }
            }
            hits.sort_by_key(|h| h.subject.subject);
            Ok(hits)
        })
    }
}
