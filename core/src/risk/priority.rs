//! The priority list and overdue reviews: the people at greatest risk and vulnerability,
//! ranked with their reasons, and the assessments whose review date has passed.
//!
//! Both are built only from assessments the viewer may read in full, on live cases, that no
//! later assessment the viewer may read replaces. A withheld assessment leaves no trace: not a row, not a reason,
//! not a place in the ranking, not a count. Vulnerability flags come from the person's profile
//! and only those the viewer may read count, for ranking as for display.
//!
//! Ranking, highest first: the final level; then the number of escalation triggers (potential
//! escalation, repeat, referral thresholds); then an overdue review; then the number of visible
//! vulnerability flags; then the most recent assessment; then the person's id, so the order is
//! total and stable.

use super::assessment::Assessment;
use super::escalation::Trigger;
use super::template::Level;
use super::template::TemplateRef;
use super::view::decision;
use super::view::subject_view;
use crate::audit::ContentKind;
use crate::cases::Subject;
use crate::error::Result;
use crate::ids::AssessmentId;
use crate::ids::CaseId;
use crate::ids::PersonId;
use crate::people::VulnerabilityFlag;
use crate::sharing::Access;
use crate::views::ViewBuilder;
use crate::views::{OnCase, PersonView};
use chrono::DateTime;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// An assessment whose review is overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OverdueReview {
    /// The assessment.
    pub assessment: AssessmentId,
    /// Its case.
    pub case: CaseId,
    /// The person assessed, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// The template and version.
    pub template: TemplateRef,
    /// The final level.
    pub level: Level,
    /// When the review fell due.
    pub due: DateTime<Utc>,
    /// Whole days past due at the time of the read.
    pub days_overdue: i64,
}

/// Why someone is on the priority list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum PriorityReason {
    /// Their highest final level, and the actuarial level under it.
    #[cfg_attr(feature = "uniffi", uniffi(name = "AssessedLevel"))]
    Level {
        /// The final level.
        level: Level,
        /// The actuarial level (lower where judgement raised it).
        actuarial: Level,
        /// The template that gave it.
        template: TemplateRef,
    },
    /// An escalation rule fired.
    Escalation {
        /// Which, and where the referral goes.
        trigger: Trigger,
    },
    /// A vulnerability flag on their profile.
    Vulnerable {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// A review is overdue.
    ReviewOverdue {
        /// The earliest missed due date.
        due: DateTime<Utc>,
    },
}

/// One row of the priority list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PriorityRow {
    /// Place in the list, from 1.
    pub rank: usize,
    /// The person, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// Their highest final level.
    pub level: Level,
    /// The assessment that gives it.
    pub assessment: AssessmentId,
    /// Its case.
    pub case: CaseId,
    /// The cases the person is on that the viewer reads in full ("on case X, led by Y"); empty
    /// where the viewer may know of none.
    pub cases: Vec<OnCase>,
    /// Why they are here, most important first.
    pub reasons: Vec<PriorityReason>,
}

/// What ranking knows of one person.
pub(super) struct Standing<'s> {
    person: PersonId,
    top: &'s Assessment,
    used: Vec<&'s Assessment>,
    triggers: BTreeSet<Trigger>,
    overdue: Option<DateTime<Utc>>,
    flags: Vec<VulnerabilityFlag>,
}

impl Standing<'_> {
    fn key(&self) -> impl Ord {
        (
            Reverse(self.top.level),
            Reverse(self.triggers.len()),
            Reverse(self.overdue.is_some()),
            Reverse(self.flags.len()),
            Reverse(self.used.iter().map(|a| a.at).max()),
            self.person,
        )
    }
}

/// The answer of [`Hub::priority_list`](crate::Hub::priority_list), within one read.
pub(crate) fn priority_rows(b: &mut ViewBuilder<'_, '_>, limit: usize) -> Result<Vec<PriorityRow>> {
    let state = b.engine.state;
    let now = b.engine.at;
    let mut by_person: BTreeMap<PersonId, Vec<&Assessment>> = BTreeMap::new();
    let engine = b.engine;
    for a in state
        .risk
        .current(|a| decision(engine, a).access == Access::Full)
    {
        if state.cases.get(&a.case).is_some_and(|c| c.status.is_live()) {
            // A merged person is one row, under the profile the others were merged into.
            by_person
                .entry(state.merges.survivor(a.subject))
                .or_default()
                .push(a);
        }
    }
    let mut standings: Vec<Standing<'_>> = by_person
        .into_iter()
        .filter_map(|(person, used)| {
            let top = *used.iter().max_by_key(|a| (a.level, a.at, Reverse(a.id)))?;
            // The flags of each of the person's profiles the viewer reads, each under its own
            // agency's rules.
            let flags: BTreeSet<VulnerabilityFlag> = state
                .merges
                .profiles(person)
                .iter()
                .filter_map(|id| state.persons.get(id))
                .filter(|p| b.engine.person(p).access == Access::Full)
                .flat_map(|p| {
                    p.flags.iter().copied().filter(|f| {
                        b.engine.detail(p.recorded_by, f.category()).access == Access::Full
                    })
                })
                .collect();
            let flags = flags.into_iter().collect();
            Some(Standing {
                person,
                top,
                triggers: used.iter().flat_map(|a| a.triggers.clone()).collect(),
                overdue: used
                    .iter()
                    .filter(|a| state.risk.is_past_due(&state.cases, a, now))
                    .filter_map(|a| a.review_due)
                    .min(),
                flags,
                used,
            })
        })
        .collect();
    standings.sort_by_cached_key(|s| s.key());
    standings.truncate(limit);
    Ok(standings
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            for a in &s.used {
                let d = decision(b.engine, a);
                b.disclosures
                    .note(&d, ContentKind::RiskAssessment, a.id.0, a.agency);
            }
            let mut reasons = vec![PriorityReason::Level {
                level: s.top.level,
                actuarial: s.top.actuarial,
                template: s.top.template.clone(),
            }];
            reasons.extend(
                s.triggers
                    .into_iter()
                    .map(|trigger| PriorityReason::Escalation { trigger }),
            );
            reasons.extend(s.overdue.map(|due| PriorityReason::ReviewOverdue { due }));
            reasons.extend(
                s.flags
                    .into_iter()
                    .map(|flag| PriorityReason::Vulnerable { flag }),
            );
            let person = subject_view(b, s.person);
            // A restricted person the viewer may not see stays a row without a name or cases.
            let cases = match person {
                Some(_) => b.cases_on(Subject::Person(s.person)),
                None => Vec::new(),
            };
            PriorityRow {
                rank: i + 1,
                person,
                level: s.top.level,
                assessment: s.top.id,
                case: s.top.case,
                cases,
                reasons,
            }
        })
        .collect())
}

/// The answer of [`Hub::overdue_reviews`](crate::Hub::overdue_reviews), within one read.
pub(super) fn overdue_reviews(b: &mut ViewBuilder<'_, '_>) -> Result<Vec<OverdueReview>> {
    let state = b.engine.state;
    let now = b.engine.at;
    let engine = b.engine;
    let mut due: Vec<(&Assessment, DateTime<Utc>)> = state
        .risk
        .current(|a| decision(engine, a).access == Access::Full)
        .filter(|a| state.risk.is_past_due(&state.cases, a, now))
        .filter_map(|a| a.review_due.map(|d| (a, d)))
        .collect();
    due.sort_by_key(|(a, d)| (*d, a.id));
    Ok(due
        .into_iter()
        .map(|(a, d)| {
            let dec = decision(b.engine, a);
            b.disclosures
                .note(&dec, ContentKind::RiskAssessment, a.id.0, a.agency);
            OverdueReview {
                assessment: a.id,
                case: a.case,
                person: subject_view(b, a.subject),
                template: a.template.clone(),
                level: a.level,
                due: d,
                // Whole 24-hour days since it fell due: a duration, not a date.
                days_overdue: (now - d).num_days(),
            }
        })
        .collect())
}
