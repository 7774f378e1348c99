//! The morning briefing: the data of a viewer's hub meeting since a time, and its Markdown.

use crate::convert::{arg, arg_or_default, out, Result};
use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
    /// The morning briefing for the viewer on what happened at or after `since` (RFC 3339):
    /// new incidents, repeats, risk changes, overdue and due tasks, pending referrals, ASB case
    /// reviews and Top N movers, built only from the viewer-filtered reads. `config` is `null`
    /// for the core's defaults.
    #[wasm_bindgen(unchecked_return_type = "Briefing")]
    pub fn briefing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] since: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BriefingConfig | null")] config: JsValue,
    ) -> Result<JsValue> {
        let since = arg("since", since)?;
        let config: sh::BriefingConfig = arg_or_default("config", config)?;
        out(&self
            .core
            .briefing(&arg("viewer", viewer)?, since, &config)?)
    }
}

/// A briefing (as `Hub.briefing` returned it) as Markdown, every piece of text escaped. A
/// function of the briefing rather than another read, so printing it neither reads the hub
/// again nor logs a second round of consultations.
#[wasm_bindgen(js_name = briefingToMarkdown)]
pub fn briefing_to_markdown(
    #[wasm_bindgen(unchecked_param_type = "Briefing")] briefing: JsValue,
) -> Result<String> {
    let briefing: sh::Briefing = arg("briefing", briefing)?;
    Ok(briefing.to_markdown())
}
