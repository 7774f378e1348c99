//! Escalation and repeat: the rules that flag a case for referral from its incident history.
//!
//! These are pure functions over dated incidents and the date of the last Marac referral that
//! the caller supplies in an [`EscalationInput`]. Incidents are recorded by another part of the
//! hub (issue 6); until they land here the assessor records the incident dates they know, and
//! once they do, the hub will feed these functions from its own incident store.
//!
//! Windows are calendar months and inclusive at both ends: "3 incidents in 12 months" counts
//! incidents from exactly 12 months before the assessment up to the assessment itself, and a
//! repeat is an incident after the last referral and no later than 12 months after it.
//! Incidents after the assessment time are not known at that time and are ignored.

use super::scoring;
use super::template::{EscalationRule, Level, Template};
use crate::calendar::Calendar;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The most incident dates an assessment may carry.
pub const MAX_INCIDENTS: usize = 1_000;

/// The incident history escalation rules read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EscalationInput {
    /// When each known incident happened (any order).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub incidents: Vec<DateTime<Utc>>,
    /// When the case was last referred to Marac, if it has been.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub last_marac_referral: Option<DateTime<Utc>>,
}

impl EscalationInput {
    /// Checks the input's size.
    pub fn check(&self) -> Result<()> {
        if self.incidents.len() > MAX_INCIDENTS {
            return Err(Error::invalid("incidents", "at most 1000 incident dates"));
        }
        Ok(())
    }
}

/// Why an assessment was flagged for referral.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "trigger", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Trigger {
    /// The score reached a referral threshold.
    Score {
        /// The threshold reached.
        at_least: i64,
        /// Where the referral goes.
        refer_to: String,
    },
    /// Potential escalation: enough incidents in the window.
    PotentialEscalation {
        /// Incidents counted in the window.
        incidents: u32,
        /// The window, in months.
        months: u32,
        /// Where the referral goes.
        refer_to: String,
    },
    /// A repeat: an incident within the window after the last referral.
    Repeat {
        /// The window, in months.
        months: u32,
        /// Where the referral goes.
        refer_to: String,
    },
}

/// How many incidents happened in the `months` up to and including `at`, calendar months on
/// `calendar`.
pub fn incidents_within(
    incidents: &[DateTime<Utc>],
    at: DateTime<Utc>,
    months: u32,
    calendar: &Calendar,
) -> usize {
    let Some(start) = calendar.sub_months(at, months) else {
        return incidents.iter().filter(|t| **t <= at).count();
    };
    incidents
        .iter()
        .filter(|t| start <= **t && **t <= at)
        .count()
}

/// Whether `threshold` or more incidents happened in the `months` up to `at`.
pub fn potential_escalation(
    incidents: &[DateTime<Utc>],
    at: DateTime<Utc>,
    threshold: u32,
    months: u32,
    calendar: &Calendar,
) -> bool {
    incidents_within(incidents, at, months, calendar) >= threshold as usize
}

/// Whether any incident up to `at` came after the last referral and within `months` of it.
pub fn is_repeat(
    incidents: &[DateTime<Utc>],
    last_referral: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
    months: u32,
    calendar: &Calendar,
) -> bool {
    let Some(referral) = last_referral else {
        return false;
    };
    let end = calendar
        .add_months(referral, months)
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    incidents
        .iter()
        .any(|t| referral < *t && *t <= end && *t <= at)
}

/// The triggers a template's rules raise for a score and incident history at `at`, counting
/// months on `calendar`.
pub fn triggers(
    template: &Template,
    score: i64,
    input: &EscalationInput,
    at: DateTime<Utc>,
    calendar: &Calendar,
) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = template
        .escalation
        .iter()
        .filter_map(|rule| match rule {
            EscalationRule::ScoreAtLeast {
                score: at_least,
                refer_to,
            } => (score >= *at_least).then(|| Trigger::Score {
                at_least: *at_least,
                refer_to: refer_to.clone(),
            }),
            EscalationRule::IncidentsWithin {
                incidents,
                months,
                refer_to,
            } => {
                let n = incidents_within(&input.incidents, at, *months, calendar);
                (n >= *incidents as usize).then(|| Trigger::PotentialEscalation {
                    incidents: u32::try_from(n).unwrap_or(u32::MAX),
                    months: *months,
                    refer_to: refer_to.clone(),
                })
            }
            EscalationRule::RepeatWithin { months, refer_to } => {
                let last = input.last_marac_referral;
                is_repeat(&input.incidents, last, at, *months, calendar).then(|| Trigger::Repeat {
                    months: *months,
                    refer_to: refer_to.clone(),
                })
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// What scoring an assessment gives: the score, its actuarial level and the referral triggers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The score.
    pub score: i64,
    /// The level the bands give the score.
    pub level: Level,
    /// The escalation rules that fired.
    pub triggers: Vec<Trigger>,
}

/// Scores `answers` with `template` at `at`: the whole actuarial result of an assessment, its
/// escalation windows counted in calendar months of a UK partnership (Europe/London). Pure:
/// re-scoring a recorded assessment with its own template version gives what was recorded (for a
/// partnership in another zone, [`assess_in`] its calendar).
pub fn assess(
    template: &Template,
    answers: &scoring::Answers,
    input: &EscalationInput,
    at: DateTime<Utc>,
) -> Result<Outcome> {
    assess_in(template, answers, input, at, &Calendar::default())
}

/// [`assess`], counting the escalation windows' months on `calendar` (the hub passes its
/// partnership's).
pub fn assess_in(
    template: &Template,
    answers: &scoring::Answers,
    input: &EscalationInput,
    at: DateTime<Utc>,
    calendar: &Calendar,
) -> Result<Outcome> {
    input.check()?;
    let score = scoring::score(template, answers)?;
    Ok(Outcome {
        score,
        level: scoring::level(template, score),
        triggers: triggers(template, score, input, at, calendar),
    })
}
