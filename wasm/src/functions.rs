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

/// Expands rows `jsName = rust_name(param: "TS" as Type) => |value| text;`, each after its doc
/// lines (string literals, as `hub_methods!` takes them), into functions that read back a result
/// the host passes in and render it as text (`text` gives a `Result<String>`).
macro_rules! renderings {
    ($($($line:literal)* $js:ident = $rust:ident($p:ident: $ts:literal as $ty:ty)
        => |$v:ident| $text:expr;)*) => {$(
        $(#[doc = $line])*
        #[wasm_bindgen(js_name = $js)]
        pub fn $rust(#[wasm_bindgen(unchecked_param_type = $ts)] $p: JsValue) -> Result<String> {
            let $v: $ty = arg(stringify!($p), $p)?;
            $text
        }
    )*};
}

renderings! {
    " A briefing (as `Hub.briefing` returned it) as Markdown, every piece of text escaped. A"
    " function of the briefing rather than another read, so printing it neither reads the hub"
    " again nor logs a second round of consultations."
    briefingToMarkdown = briefing_to_markdown(briefing: "Briefing" as sh::Briefing)
        => |briefing| Ok(briefing.to_markdown());
    " A network as Graphviz DOT text (a link chart: stubs dashed)."
    networkToDot = network_to_dot(network: "Network" as sh::Network) => |n| Ok(n.to_dot());
    " A network as GraphML, with the nodes' and edges' attributes for analysts' link chart tools."
    networkToGraphml = network_to_graphml(network: "Network" as sh::Network)
        => |n| Ok(n.to_graphml());
    " A network's located nodes as a GeoJSON FeatureCollection text, for a map."
    networkToGeojson = network_to_geojson(network: "Network" as sh::Network)
        => |n| Ok(n.to_geojson());
    " A subject access export as the core's JSON text, for the SAR file."
    subjectAccessToJson = subject_access_to_json(
        sar: "SubjectAccessExport" as p::SubjectAccessExport
    ) => |sar| {
        let failed = |_| Failure::Core(sh::Error::Storage("export could not be encoded".into()));
        serde_json::to_string(&sar).map_err(failed)
    };
    " A subject access export as a readable Markdown report, showing exactly what the JSON holds."
    subjectAccessToMarkdown = subject_access_to_markdown(
        sar: "SubjectAccessExport" as p::SubjectAccessExport
    ) => |sar| Ok(sar.to_markdown());
    " A meeting's minutes (as `Hub.meetingMinutes` returned them) as Markdown, every piece of"
    " text escaped: no second read, no second consultation."
    minutesToMarkdown = minutes_to_markdown(minutes: "Minutes" as sh::meetings::Minutes)
        => |m| Ok(m.to_markdown());
}
