//! Risk: templates, assessments and overrides, the priority list and what changed.

use crate::convert::{arg, id, out, Result};
use crate::Hub;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
    /// Registers a risk template (a new id, or a new version of one).
    #[wasm_bindgen(js_name = registerTemplate)]
    pub fn register_template(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "Template")] template: JsValue,
    ) -> Result<()> {
        let template = arg("template", template)?;
        Ok(self.core.register_template(id(actor)?, template)?)
    }

    /// Every template the hub offers, each version.
    #[wasm_bindgen(unchecked_return_type = "TemplateSummary[]")]
    pub fn templates(&self) -> Result<JsValue> {
        out(&self.core.templates())
    }

    /// Records a risk assessment; returns its id.
    #[wasm_bindgen(js_name = recordAssessment)]
    pub fn record_assessment(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAssessment")] assessment: JsValue,
    ) -> Result<String> {
        let a = arg("assessment", assessment)?;
        Ok(self.core.record_assessment(id(actor)?, a)?.to_string())
    }

    /// Raises or lowers an assessment's level, with a reason.
    #[wasm_bindgen(js_name = overrideAssessment)]
    pub fn override_assessment(
        &self,
        actor: &str,
        assessment: &str,
        #[wasm_bindgen(unchecked_param_type = "Level")] level: JsValue,
        reason: &str,
    ) -> Result<()> {
        let level = arg("level", level)?;
        Ok(self
            .core
            .override_assessment(id(actor)?, id(assessment)?, level, reason)?)
    }

    /// The assessments on a case as the viewer may see them.
    #[wasm_bindgen(unchecked_return_type = "AssessmentView[]")]
    pub fn assessments(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        case: &str,
    ) -> Result<JsValue> {
        out(&self.core.assessments(&arg("viewer", viewer)?, id(case)?)?)
    }

    /// The people at greatest risk, ranked, at most `limit` rows, built only from assessments
    /// the viewer may read in full.
    #[wasm_bindgen(js_name = priorityList, unchecked_return_type = "PriorityRow[]")]
    pub fn priority_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        limit: usize,
    ) -> Result<JsValue> {
        out(&self.core.priority_list(&arg("viewer", viewer)?, limit)?)
    }

    /// Assessments past their review date, earliest due first, among those the viewer may read.
    #[wasm_bindgen(js_name = overdueReviews, unchecked_return_type = "OverdueReview[]")]
    pub fn overdue_reviews(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
    ) -> Result<JsValue> {
        out(&self.core.overdue_reviews(&arg("viewer", viewer)?)?)
    }

    /// Records a review that found the level still stands, which sets the next review date.
    #[wasm_bindgen(js_name = reviewAssessment)]
    pub fn review_assessment(&self, actor: &str, assessment: &str, note: &str) -> Result<()> {
        Ok(self
            .core
            .review_assessment(id(actor)?, id(assessment)?, note)?)
    }

    /// One assessment as the viewer may see it.
    #[wasm_bindgen(unchecked_return_type = "AssessmentView")]
    pub fn assessment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        assessment: &str,
    ) -> Result<JsValue> {
        out(&self
            .core
            .assessment(&arg("viewer", viewer)?, id(assessment)?)?)
    }

    /// A template by id, at `version` or its latest (`null`); `null` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Template | null")]
    pub fn template(&self, id: &str, version: Option<u32>) -> Result<JsValue> {
        out(&self.core.template(id, version))
    }

    /// Assessments recorded and levels raised since `since` (RFC 3339), as the viewer may see
    /// them.
    #[wasm_bindgen(js_name = riskChanges, unchecked_return_type = "RiskChange[]")]
    pub fn risk_changes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] since: JsValue,
    ) -> Result<JsValue> {
        let since = arg("since", since)?;
        out(&self.core.risk_changes(&arg("viewer", viewer)?, since)?)
    }
}
