//! Repeats and the ASB case review (Community Trigger) threshold through the bindings: the rule
//! configurations (both ways, so a host can start from the core's defaults and change a field),
//! the hits, and the two reads. The rules themselves are the core's.

use crate::convert::{all, or_default, time, to_small, utc, wide};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::incidents::TopSubject;
use crate::records::Viewer;
use safehub::incidents as i;
use std::time::SystemTime;

/// A length of time counted the way the rules count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Period {
    /// Whole days of 24 hours.
    Days {
        /// How many.
        days: i64,
    },
    /// Calendar months (the same day of the month; the month's last day if it is shorter).
    Months {
        /// How many.
        months: i64,
    },
}

impl TryFrom<Period> for i::Period {
    type Error = SafehubError;
    fn try_from(p: Period) -> Result<Self> {
        Ok(match p {
            Period::Days { days } => i::Period::Days(to_small("days", days)?),
            Period::Months { months } => i::Period::Months(to_small("months", months)?),
        })
    }
}

impl From<i::Period> for Period {
    fn from(p: i::Period) -> Self {
        match p {
            i::Period::Days(d) => Period::Days { days: wide(d) },
            i::Period::Months(m) => Period::Months { months: wide(m) },
        }
    }
}

/// N incidents within a period.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RepeatRule {
    /// How many incidents make a repeat (at least 1).
    pub incidents: i64,
    /// Within how long, counted back from the time of asking (both ends included).
    pub within: Period,
    /// The incident categories that count, by stable name (e.g. `asb_nuisance`); empty: all.
    pub categories: Vec<String>,
}

impl TryFrom<RepeatRule> for i::RepeatRule {
    type Error = SafehubError;
    fn try_from(r: RepeatRule) -> Result<Self> {
        Ok(i::RepeatRule {
            incidents: to_small("incidents", r.incidents)?,
            within: r.within.try_into()?,
            categories: r.categories,
        })
    }
}

impl From<i::RepeatRule> for RepeatRule {
    fn from(r: i::RepeatRule) -> Self {
        RepeatRule {
            incidents: wide(r.incidents),
            within: r.within.into(),
            categories: r.categories,
        }
    }
}

/// The repeat rules a read applies.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RepeatConfig {
    /// For people, counting incidents where they are victim or caller.
    pub person: RepeatRule,
    /// For locations.
    pub location: RepeatRule,
}

impl TryFrom<RepeatConfig> for i::RepeatConfig {
    type Error = SafehubError;
    fn try_from(c: RepeatConfig) -> Result<Self> {
        Ok(i::RepeatConfig {
            person: c.person.try_into()?,
            location: c.location.try_into()?,
        })
    }
}

impl From<i::RepeatConfig> for RepeatConfig {
    fn from(c: i::RepeatConfig) -> Self {
        RepeatConfig {
            person: c.person.into(),
            location: c.location.into(),
        }
    }
}

/// The ASB case review threshold and its local variants.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseReviewConfig {
    /// Qualifying complaints that meet the threshold (the law: at most 3).
    pub complaints: i64,
    /// A complaint qualifies when made within this long of the behaviour (the law: one month).
    pub qualifying_within: Period,
    /// Complaints count when made within this long before the time of asking (six months).
    pub window: Period,
    /// Local variant: this many qualifying hate incidents meet the threshold on their own.
    pub hate_incidents: Option<i64>,
    /// Local variant: this many different people complaining about one location meet it.
    pub distinct_complainants: Option<i64>,
}

impl TryFrom<CaseReviewConfig> for i::CaseReviewConfig {
    type Error = SafehubError;
    fn try_from(c: CaseReviewConfig) -> Result<Self> {
        Ok(i::CaseReviewConfig {
            complaints: to_small("complaints", c.complaints)?,
            qualifying_within: c.qualifying_within.try_into()?,
            window: c.window.try_into()?,
            hate_incidents: c
                .hate_incidents
                .map(|n| to_small("hate_incidents", n))
                .transpose()?,
            distinct_complainants: c
                .distinct_complainants
                .map(|n| to_small("distinct_complainants", n))
                .transpose()?,
        })
    }
}

impl From<i::CaseReviewConfig> for CaseReviewConfig {
    fn from(c: i::CaseReviewConfig) -> Self {
        CaseReviewConfig {
            complaints: wide(c.complaints),
            qualifying_within: c.qualifying_within.into(),
            window: c.window.into(),
            hate_incidents: c.hate_incidents.map(wide),
            distinct_complainants: c.distinct_complainants.map(wide),
        }
    }
}

/// What kind of repeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RepeatKind {
    /// A person, as victim or caller.
    Person,
    /// A location.
    Location,
}

impl From<i::RepeatKind> for RepeatKind {
    fn from(k: i::RepeatKind) -> Self {
        match k {
            i::RepeatKind::Person => RepeatKind::Person,
            i::RepeatKind::Location => RepeatKind::Location,
        }
    }
}

/// A person or place that meets a repeat rule.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RepeatHit {
    /// Person or location.
    pub kind: RepeatKind,
    /// Who or where, as the viewer may see them.
    pub subject: TopSubject,
    /// Incidents within the rule's period that the viewer may read.
    pub count: i64,
    /// The latest of them.
    pub latest: SystemTime,
}

impl From<i::RepeatHit> for RepeatHit {
    fn from(h: i::RepeatHit) -> Self {
        RepeatHit {
            kind: h.kind.into(),
            subject: h.subject.into(),
            count: wide(h.count),
            latest: time(h.latest),
        }
    }
}

/// Which rule met the case review threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CaseReviewBasis {
    /// Enough qualifying complaints.
    Complaints {
        /// How many.
        count: i64,
    },
    /// Enough qualifying hate incidents (local variant).
    HateIncidents {
        /// How many.
        count: i64,
    },
    /// Enough different complainants about one place (local variant).
    DistinctComplainants {
        /// How many.
        count: i64,
    },
}

impl From<i::CaseReviewBasis> for CaseReviewBasis {
    fn from(b: i::CaseReviewBasis) -> Self {
        match b {
            i::CaseReviewBasis::Complaints { count } => {
                CaseReviewBasis::Complaints { count: wide(count) }
            }
            i::CaseReviewBasis::HateIncidents { count } => {
                CaseReviewBasis::HateIncidents { count: wide(count) }
            }
            i::CaseReviewBasis::DistinctComplainants { count } => {
                CaseReviewBasis::DistinctComplainants { count: wide(count) }
            }
        }
    }
}

/// A person or place whose complaints meet the case review threshold.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseReviewHit {
    /// Who or where.
    pub subject: TopSubject,
    /// Which rule.
    pub basis: CaseReviewBasis,
    /// The latest complaint counted: when the threshold was (last) met.
    pub latest: SystemTime,
}

impl From<i::CaseReviewHit> for CaseReviewHit {
    fn from(h: i::CaseReviewHit) -> Self {
        CaseReviewHit {
            subject: h.subject.into(),
            basis: h.basis.into(),
            latest: time(h.latest),
        }
    }
}

/// The core's default repeat rules, for a host to adjust.
#[uniffi::export]
pub fn default_repeat_config() -> RepeatConfig {
    i::RepeatConfig::default().into()
}

/// The core's default case review threshold (the statutory one), for a host to adjust.
#[uniffi::export]
pub fn default_case_review_config() -> CaseReviewConfig {
    i::CaseReviewConfig::default().into()
}

#[uniffi::export]
impl Hub {
    /// People and places meeting the repeat rules (the core's defaults when `config` is `None`)
    /// at `at`, counting only incidents the viewer may read; most incidents first.
    pub fn repeats(
        &self,
        viewer: Viewer,
        at: SystemTime,
        config: Option<RepeatConfig>,
    ) -> Result<Vec<RepeatHit>> {
        let config: i::RepeatConfig = or_default(config)?;
        Ok(all(self.core.repeats(&viewer, utc("at", at)?, &config)?))
    }

    /// People (as victim or caller) and places whose ASB complaints meet the case review
    /// threshold (the statutory one when `config` is `None`) at `at`, counting only incidents
    /// the viewer may read.
    pub fn case_review_thresholds(
        &self,
        viewer: Viewer,
        at: SystemTime,
        config: Option<CaseReviewConfig>,
    ) -> Result<Vec<CaseReviewHit>> {
        let config: i::CaseReviewConfig = or_default(config)?;
        Ok(all(self.core.case_review_thresholds(
            &viewer,
            utc("at", at)?,
            &config,
        )?))
    }
}
