//! Risk assessments through the bindings: templates (as the JSON the core defines them in),
//! assessments, overrides, reviews, overdue reviews, the priority list and risk changes. The
//! records are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::risk::{
    AssessmentDetail, AssessmentStub, OverrideView, ReviewView, TemplateSummary,
};
pub use safehub::{
    AnswerValue, AssessmentView, EscalationInput, NewAssessment, OverdueReview, PriorityReason,
    PriorityRow, RiskChange, RiskChangeKind, TemplateRef, Trigger,
};
use safehub::{AssessmentId, CaseId, Level, PractitionerId, Viewer};

/// A template as the JSON the core defines it in (`docs/risk.md`).
fn template_json(template: &safehub::Template) -> Result<String> {
    serde_json::to_string(template)
        .map_err(|_| safehub::Error::Storage("template could not be encoded".into()).into())
}

forward! {
    core =>
    /// Registers a template version (partnership admins), given as the JSON the core documents
    /// (`docs/risk.md`).
    fn register_template(actor: PractitionerId, template_json: String) -> Result<()> =
        Ok(core.register_template(actor, safehub::Template::from_json(&template_json)?)?);
    /// Every template the hub offers, each version: the built-ins, then the registered ones.
    fn templates() -> Vec<TemplateSummary> = core.templates();
    /// A template at a version (the latest when `None`), as JSON; `None` if there is none.
    fn template_json(template: String, version: Option<u32>) -> Result<Option<String>> =
        core.template(&template, version).as_ref().map(template_json).transpose();
    /// Records an assessment of a person on a case the actor works; returns its id.
    fn record_assessment(actor: PractitionerId, assessment: NewAssessment)
        -> Result<AssessmentId> = Ok(core.record_assessment(actor, assessment)?);
    /// Overrides an assessment's level by professional judgement, with a reason.
    fn override_assessment(actor: PractitionerId, assessment: AssessmentId, level: Level,
        reason: String) -> Result<()> =
        Ok(core.override_assessment(actor, assessment, level, &reason)?);
    /// Records a review that found the level still stands.
    fn review_assessment(actor: PractitionerId, assessment: AssessmentId, note: String)
        -> Result<()> = Ok(core.review_assessment(actor, assessment, &note)?);
    /// An assessment as the viewer may see it.
    fn assessment(viewer: Viewer, assessment: AssessmentId) -> Result<AssessmentView> =
        Ok(core.assessment(&viewer, assessment)?);
    /// The assessments on a case, oldest first, as the viewer may see them.
    fn assessments(viewer: Viewer, case: CaseId) -> Result<Vec<AssessmentView>> =
        Ok(core.assessments(&viewer, case)?);
    /// The assessments whose review date has passed, earliest due first.
    fn overdue_reviews(viewer: Viewer) -> Result<Vec<OverdueReview>> =
        Ok(core.overdue_reviews(&viewer)?);
    /// Assessments recorded, and risk levels raised, at or after `since`, among those the
    /// viewer may read in full; highest level first, then newest.
    fn risk_changes(viewer: Viewer, since: Timestamp) -> Result<Vec<RiskChange>> =
        Ok(core.risk_changes(&viewer, since)?);
    /// The people at greatest risk and vulnerability, ranked, at most `limit` rows.
    fn priority_list(viewer: Viewer, limit: usize) -> Result<Vec<PriorityRow>> =
        Ok(core.priority_list(&viewer, limit)?);
}
