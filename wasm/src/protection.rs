//! Data protection: retention rules, the "due for review" list and the retain-or-dispose
//! decision, erasure on request, subject access with its JSON and Markdown renderings, and the
//! data protection officer's reports. Who may do each is the core's to decide.

use crate::convert::{arg, id, out, whole, Failure, Result};
use crate::Hub;
use safehub as sh;
use safehub::protection as p;
use wasm_bindgen::prelude::*;

/// The core's default retention rule: every case, reviewed six years after closure.
#[wasm_bindgen(js_name = defaultRetentionRule, unchecked_return_type = "RetentionRule")]
pub fn default_retention_rule() -> Result<JsValue> {
    out(&p::RetentionRule::default_rule())
}

/// A rule taking its period from a MoPI group (the periods are unverified: check them against
/// the current APP before relying on them).
#[wasm_bindgen(js_name = mopiRetentionRule, unchecked_return_type = "RetentionRule")]
pub fn mopi_retention_rule(
    #[wasm_bindgen(js_name = appliesTo, unchecked_param_type = "AppliesTo")] applies_to: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MopiGroup")] group: JsValue,
) -> Result<JsValue> {
    let applies_to = arg("appliesTo", applies_to)?;
    out(&p::RetentionRule::mopi(applies_to, arg("group", group)?))
}

/// The longest window `agreementsExpiring` takes: the core's `u32` of days (it saturates at the
/// calendar's end), checked here because wasm-bindgen would wrap a larger JS number.
const MAX_WITHIN_DAYS: f64 = u32::MAX as f64;

#[wasm_bindgen]
impl Hub {
    /// Registers a retention rule (partnership admins); one with the same `applies_to`
    /// replaces it.
    #[wasm_bindgen(js_name = setRetentionRule)]
    pub fn set_retention_rule(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "RetentionRule")] rule: JsValue,
    ) -> Result<()> {
        let rule = arg("rule", rule)?;
        Ok(self.core.set_retention_rule(id(actor)?, rule)?)
    }

    /// The registered retention rules, or the default alone when none is registered.
    #[wasm_bindgen(js_name = retentionRules, unchecked_return_type = "RetentionRule[]")]
    pub fn retention_rules(&self) -> Result<JsValue> {
        out(&self.core.retention_rules())
    }

    /// The closed cases the viewer's agency leads whose retention review has come by `at`
    /// (RFC 3339), earliest due first (supervisors and above).
    #[wasm_bindgen(js_name = retentionDue, unchecked_return_type = "RetentionDue[]")]
    pub fn retention_due(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] at: JsValue,
    ) -> Result<JsValue> {
        let at = arg("at", at)?;
        out(&self.core.retention_due(&arg("viewer", viewer)?, at)?)
    }

    /// Records the retention review of a closed case that is due: retain it for a reason (a
    /// supervisor of the lead agency), or dispose of its content (the lead agency's admin).
    #[wasm_bindgen(js_name = decideRetention)]
    pub fn decide_retention(
        &self,
        actor: &str,
        case: &str,
        #[wasm_bindgen(unchecked_param_type = "RetentionChoice")] choice: JsValue,
    ) -> Result<()> {
        let choice = arg("choice", choice)?;
        Ok(self.core.decide_retention(id(actor)?, id(case)?, choice)?)
    }

    /// Disposes of a closed case's content or a person's profile on a request, given by a
    /// reference that carries no personal data (the owning agency's admin); returns the
    /// tombstone saying what went.
    #[wasm_bindgen(unchecked_return_type = "Erasure")]
    pub fn dispose(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "ErasureTarget")] target: JsValue,
        reference: &str,
    ) -> Result<JsValue> {
        let target = arg("target", target)?;
        out(&self.core.dispose(id(actor)?, target, reference)?)
    }

    /// The subject access export for a person, as the viewer's agency may answer it
    /// (supervisors and above), each owning agency's part saying who releases it. Reading it
    /// is logged like any read; render it with `subjectAccessToJson` / `subjectAccessToMarkdown`.
    #[wasm_bindgen(js_name = subjectAccess, unchecked_return_type = "SubjectAccessExport")]
    pub fn subject_access(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        person: &str,
    ) -> Result<JsValue> {
        let viewer = arg("viewer", viewer)?;
        out(&self.core.subject_access(&viewer, id(person)?)?)
    }

    /// Who consulted the viewer's agency's information between `from` (included) and `to`
    /// (excluded), under which agreements and why, with totals.
    #[wasm_bindgen(js_name = consultationReport, unchecked_return_type = "ConsultationReport")]
    pub fn consultation_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] to: JsValue,
    ) -> Result<JsValue> {
        let (from, to) = (arg("from", from)?, arg("to", to)?);
        out(&self
            .core
            .consultation_report(&arg("viewer", viewer)?, from, to)?)
    }

    /// Agreements the viewer's agency is party to that are in force now and end within
    /// `withinDays` days, soonest first.
    #[wasm_bindgen(js_name = agreementsExpiring, unchecked_return_type = "ExpiringAgreement[]")]
    pub fn agreements_expiring(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(js_name = withinDays)] within_days: f64,
    ) -> Result<JsValue> {
        let within_days = whole("withinDays", within_days, MAX_WITHIN_DAYS)?;
        out(&self
            .core
            .agreements_expiring(&arg("viewer", viewer)?, within_days as u32)?)
    }

    /// The viewer's agency's active practitioners with access to a live case who have recorded
    /// nothing since `since` (RFC 3339): a prompt to ask, not proof of disuse.
    #[wasm_bindgen(js_name = unusedAccess, unchecked_return_type = "UnusedAccess[]")]
    pub fn unused_access(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] since: JsValue,
    ) -> Result<JsValue> {
        let since = arg("since", since)?;
        out(&self.core.unused_access(&arg("viewer", viewer)?, since)?)
    }
}

// The renderings are functions of an export the host already holds (as `Hub.subjectAccess`
// returned it), so the SAR file's data, JSON and report come from one read, logged once.

/// Reads back an export the host passes in.
fn export(sar: JsValue) -> Result<p::SubjectAccessExport> {
    arg("sar", sar)
}

/// A subject access export as the core's JSON text, for the SAR file.
#[wasm_bindgen(js_name = subjectAccessToJson)]
pub fn subject_access_to_json(
    #[wasm_bindgen(unchecked_param_type = "SubjectAccessExport")] sar: JsValue,
) -> Result<String> {
    serde_json::to_string(&export(sar)?)
        .map_err(|_| Failure::Core(sh::Error::Storage("export could not be encoded".into())))
}

/// A subject access export as a readable Markdown report, showing exactly what the JSON holds.
#[wasm_bindgen(js_name = subjectAccessToMarkdown)]
pub fn subject_access_to_markdown(
    #[wasm_bindgen(unchecked_param_type = "SubjectAccessExport")] sar: JsValue,
) -> Result<String> {
    Ok(export(sar)?.to_markdown())
}
