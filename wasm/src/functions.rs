//! The module's free functions: the retention rules it offers, and renderings of results the host
//! already holds (as `Hub.briefing`, `Hub.network` and `Hub.subjectAccess` returned them), so
//! printing or drawing a result neither reads the hub again nor logs a second round of
//! consultations: the SAR file's data, JSON and report come from one read, logged once.

use crate::convert::{arg, out, Failure, Result};
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

/// A briefing (as `Hub.briefing` returned it) as Markdown, every piece of text escaped. A
/// function of the briefing rather than another read, so printing it neither reads the hub
/// again nor logs a second round of consultations.
#[wasm_bindgen(js_name = briefingToMarkdown)]
pub fn briefing_to_markdown(
    #[wasm_bindgen(unchecked_param_type = "Briefing")] briefing: JsValue,
) -> Result<String> {
    Ok(arg::<sh::Briefing>("briefing", briefing)?.to_markdown())
}

/// A network as Graphviz DOT text (a link chart: stubs dashed).
#[wasm_bindgen(js_name = networkToDot)]
pub fn network_to_dot(
    #[wasm_bindgen(unchecked_param_type = "Network")] network: JsValue,
) -> Result<String> {
    Ok(arg::<sh::Network>("network", network)?.to_dot())
}

/// A network as GraphML, with the nodes' and edges' attributes for analysts' link chart tools.
#[wasm_bindgen(js_name = networkToGraphml)]
pub fn network_to_graphml(
    #[wasm_bindgen(unchecked_param_type = "Network")] network: JsValue,
) -> Result<String> {
    Ok(arg::<sh::Network>("network", network)?.to_graphml())
}

/// A network's located nodes as a GeoJSON FeatureCollection text, for a map.
#[wasm_bindgen(js_name = networkToGeojson)]
pub fn network_to_geojson(
    #[wasm_bindgen(unchecked_param_type = "Network")] network: JsValue,
) -> Result<String> {
    Ok(arg::<sh::Network>("network", network)?.to_geojson())
}

/// A subject access export as the core's JSON text, for the SAR file.
#[wasm_bindgen(js_name = subjectAccessToJson)]
pub fn subject_access_to_json(
    #[wasm_bindgen(unchecked_param_type = "SubjectAccessExport")] sar: JsValue,
) -> Result<String> {
    serde_json::to_string(&arg::<p::SubjectAccessExport>("sar", sar)?)
        .map_err(|_| Failure::Core(sh::Error::Storage("export could not be encoded".into())))
}

/// A subject access export as a readable Markdown report, showing exactly what the JSON holds.
#[wasm_bindgen(js_name = subjectAccessToMarkdown)]
pub fn subject_access_to_markdown(
    #[wasm_bindgen(unchecked_param_type = "SubjectAccessExport")] sar: JsValue,
) -> Result<String> {
    Ok(arg::<p::SubjectAccessExport>("sar", sar)?.to_markdown())
}
