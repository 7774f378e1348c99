//! Risk changes since a time: assessments recorded and levels raised by professional judgement,
//! as the morning briefing reports them. Only assessments the viewer may read in full count; a
//! withheld one leaves no trace, as on the priority list.

use super::assessment::Assessment;
use super::template::{Level, TemplateRef};
use super::view::{decision, subject_view};
use crate::audit::ContentKind;
use crate::ids::{AssessmentId, CaseId};
use crate::sharing::Access;
use crate::views::PersonView;
use crate::views::ViewBuilder;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What changed about a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RiskChangeKind {
    /// A new assessment was recorded.
    New,
    /// An override raised the level.
    Raised {
        /// The level before.
        #[cfg_attr(feature = "uniffi", uniffi(name = "from_level"))]
        from: Level,
    },
}

/// An assessment recorded, or a level raised, after a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RiskChange {
    /// What changed.
    pub kind: RiskChangeKind,
    /// When.
    pub at: DateTime<Utc>,
    /// The assessment.
    pub assessment: AssessmentId,
    /// Its case.
    pub case: CaseId,
    /// The person assessed, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// The template and version.
    pub template: TemplateRef,
    /// The level after the change.
    pub level: Level,
}

/// The changes to one assessment after `since`: its recording, then each raising override.
fn changes(a: &Assessment, since: DateTime<Utc>) -> Vec<(RiskChangeKind, DateTime<Utc>, Level)> {
    let mut out = Vec::new();
    if a.at >= since {
        // The level first recorded is the actuarial one raised by any overrides made with it;
        // the current level is what the meeting acts on.
        out.push((RiskChangeKind::New, a.at, a.level));
    }
    out.extend(
        a.overrides
            .iter()
            .filter(|o| o.at >= since && o.to > o.from && a.at < since)
            .map(|o| (RiskChangeKind::Raised { from: o.from }, o.at, o.to)),
    );
    out
}

/// [`Hub::risk_changes`], within a read.
pub(crate) fn risk_changes_in(
    b: &mut ViewBuilder<'_, '_>,
    since: DateTime<Utc>,
) -> Vec<RiskChange> {
    let state = b.engine.state;
    let mut found: Vec<(&Assessment, RiskChangeKind, DateTime<Utc>, Level)> = state
        .risk
        .assessments
        .values()
        .filter(|a| a.at >= since || a.overrides.iter().any(|o| o.at >= since))
        .filter(|a| decision(b.engine, a).access == Access::Full)
        .flat_map(|a| {
            changes(a, since)
                .into_iter()
                .map(move |(k, at, level)| (a, k, at, level))
        })
        .collect();
    found.sort_by(|x, y| y.3.cmp(&x.3).then(y.2.cmp(&x.2)).then(x.0.id.cmp(&y.0.id)));
    found
        .into_iter()
        .map(|(a, kind, at, level)| {
            let d = decision(b.engine, a);
            b.disclosures
                .note(&d, ContentKind::RiskAssessment, a.id.0, a.agency);
            RiskChange {
                kind,
                at,
                assessment: a.id,
                case: a.case,
                person: subject_view(b, a.subject),
                template: a.template.clone(),
                level,
            }
        })
        .collect()
}
