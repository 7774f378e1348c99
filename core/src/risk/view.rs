//! Assessments as a viewer reads them: the sharing decision on one (content of the assessor's
//! agency on its case, overrides and reviews with it), its full view, and its stub.

use super::assessment::*;
use super::escalation::{EscalationInput, Trigger};
use super::scoring::Answers;
use super::template::{Level, TemplateRef};
use crate::audit::ContentKind;
use crate::entries::{InformationCategory, Visibility};
use crate::ids::{AssessmentId, CaseId, PersonId};
use crate::sharing::{Access, Content, Decision, Engine};
use crate::state::State;
use crate::views::{AgencyRef, PersonView, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl Assessment {
    /// What the sharing engine decides on.
    pub(crate) fn content<'a>(&self, state: &'a State) -> Content<'a> {
        Content {
            owner: self.agency,
            author: Some(self.assessor),
            category: self.category,
            visibility: self.visibility,
            case: state.cases.get(&self.case),
            sensitive: self.sensitive,
            item: Some((crate::audit::ContentKind::RiskAssessment, self.id.0)),
        }
    }
}

/// An assessment as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AssessmentView {
    /// The whole assessment.
    Full(Box<AssessmentDetail>),
    /// That the agency assessed someone on the case, and when: not what it found.
    Stub(AssessmentStub),
}

/// A whole assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AssessmentDetail {
    /// Its id.
    pub id: AssessmentId,
    /// The case.
    pub case: CaseId,
    /// The person assessed, as the viewer may see them; `None` for a restricted profile the
    /// viewer may not see.
    pub subject: Option<PersonView>,
    /// The template and version it was scored with.
    pub template: TemplateRef,
    /// The answers.
    pub answers: Answers,
    /// The incident history the escalation rules read.
    pub escalation: EscalationInput,
    /// The score.
    pub score: i64,
    /// The actuarial level.
    pub actuarial: Level,
    /// The escalation rules that fired.
    pub triggers: Vec<Trigger>,
    /// The final level.
    pub level: Level,
    /// Overrides, oldest first.
    pub overrides: Vec<OverrideView>,
    /// Reviews, oldest first.
    pub reviews: Vec<ReviewView>,
    /// Who assessed.
    pub assessor: PractitionerRef,
    /// The owning agency.
    pub agency: AgencyRef,
    /// When.
    pub at: DateTime<Utc>,
    /// When the next review falls due.
    pub review_due: Option<DateTime<Utc>>,
    /// Whether the review is overdue at the time of the read.
    pub overdue: bool,
    /// Whether a later assessment with the same template about the same person on the same
    /// case, one the viewer may read, has replaced it.
    pub superseded: bool,
    /// Its information category.
    pub category: InformationCategory,
    /// Its visibility.
    pub visibility: Visibility,
    /// Whether it is sensitive.
    pub sensitive: bool,
    /// The assessor's notes.
    pub notes: Option<String>,
}

/// An override as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OverrideView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// The level before.
    #[cfg_attr(feature = "uniffi", uniffi(name = "from_level"))]
    pub from: Level,
    /// The level after.
    #[cfg_attr(feature = "uniffi", uniffi(name = "to_level"))]
    pub to: Level,
    /// Why.
    pub reason: String,
}

/// A review as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReviewView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// What it found.
    pub note: String,
}

/// The visible trace of an assessment the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AssessmentStub {
    /// Its id, so the viewer can ask for it.
    pub id: AssessmentId,
    /// The case.
    pub case: CaseId,
    /// When.
    pub at: DateTime<Utc>,
    /// The agency that assessed.
    pub agency: AgencyRef,
    /// Who assessed.
    pub assessor: Option<PractitionerRef>,
}

/// The sharing decision on an assessment.
pub(crate) fn decision(engine: &Engine<'_>, a: &Assessment) -> Decision {
    engine.content(&a.content(engine.state))
}

/// The person an assessment is about, as the viewer may see them.
pub(crate) fn subject_view(b: &mut ViewBuilder<'_, '_>, person: PersonId) -> Option<PersonView> {
    let state = b.engine.state;
    state.persons.get(&person).and_then(|p| b.person(p))
}

/// Builds the view of an assessment, noting a disclosure; `None` where the viewer may not know
/// it exists.
pub(crate) fn view(b: &mut ViewBuilder<'_, '_>, a: &Assessment) -> Option<AssessmentView> {
    let d = decision(b.engine, a);
    match d.access {
        Access::Nothing => None,
        Access::Stub => Some(AssessmentView::Stub(AssessmentStub {
            id: a.id,
            case: a.case,
            at: a.at,
            agency: b.agency(a.agency),
            assessor: b.practitioner(a.assessor),
        })),
        Access::Full => {
            b.disclosures
                .note(&d, ContentKind::RiskAssessment, a.id.0, a.agency);
            let state = b.engine.state;
            let engine = b.engine;
            let superseded = state
                .risk
                .is_superseded(a, |later| decision(engine, later).access == Access::Full);
            Some(AssessmentView::Full(Box::new(AssessmentDetail {
                id: a.id,
                case: a.case,
                subject: subject_view(b, a.subject),
                template: a.template.clone(),
                answers: a.answers.clone(),
                escalation: a.escalation.clone(),
                score: a.score,
                actuarial: a.actuarial,
                triggers: a.triggers.clone(),
                level: a.level,
                overrides: a
                    .overrides
                    .iter()
                    .map(|o| OverrideView {
                        at: o.at,
                        by: b.named_practitioner(o.by),
                        agency: b.agency(o.agency),
                        from: o.from,
                        to: o.to,
                        reason: o.reason.clone(),
                    })
                    .collect(),
                reviews: a
                    .reviews
                    .iter()
                    .map(|r| ReviewView {
                        at: r.at,
                        by: b.named_practitioner(r.by),
                        agency: b.agency(r.agency),
                        note: r.note.clone(),
                    })
                    .collect(),
                assessor: b.named_practitioner(a.assessor),
                agency: b.agency(a.agency),
                at: a.at,
                review_due: a.review_due,
                overdue: !superseded && state.risk.is_past_due(&state.cases, a, b.engine.at),
                superseded,
                category: a.category,
                visibility: a.visibility,
                sensitive: a.sensitive,
                notes: a.notes.clone(),
            })))
        }
    }
}
