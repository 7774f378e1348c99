//! The network around a person, location or group as the viewer may see it, and its exports
//! for drawing: DOT and GraphML link charts, GeoJSON for a map.

use crate::convert::{arg, out, Result};
use crate::Hub;
use safehub as sh;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Hub {
    /// The subjects within `hops` hops (0 to 4) of `start` and the links between them, through
    /// the cases and incidents the viewer may read in full. A subject the viewer may read only
    /// as a stub is a node with `access: "stub"`; one the viewer may not know of is left out
    /// with its edges.
    #[wasm_bindgen(unchecked_return_type = "Network")]
    pub fn network(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Viewer")] viewer: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Subject")] start: JsValue,
        hops: u8,
    ) -> Result<JsValue> {
        let start = arg("start", start)?;
        out(&self.core.network(&arg("viewer", viewer)?, start, hops)?)
    }
}

// The exports are functions of a network the host already holds (as `Hub.network` returned
// it): drawing it another way neither reads the hub again nor logs more consultations.

/// Reads back a network the host passes in.
fn network(value: JsValue) -> Result<sh::Network> {
    arg("network", value)
}

/// A network as Graphviz DOT text (a link chart: stubs dashed).
#[wasm_bindgen(js_name = networkToDot)]
pub fn network_to_dot(
    #[wasm_bindgen(js_name = network, unchecked_param_type = "Network")] value: JsValue,
) -> Result<String> {
    Ok(network(value)?.to_dot())
}

/// A network as GraphML, with the nodes' and edges' attributes for analysts' link chart tools.
#[wasm_bindgen(js_name = networkToGraphml)]
pub fn network_to_graphml(
    #[wasm_bindgen(js_name = network, unchecked_param_type = "Network")] value: JsValue,
) -> Result<String> {
    Ok(network(value)?.to_graphml())
}

/// A network's located nodes as a GeoJSON FeatureCollection text, for a map.
#[wasm_bindgen(js_name = networkToGeojson)]
pub fn network_to_geojson(
    #[wasm_bindgen(js_name = network, unchecked_param_type = "Network")] value: JsValue,
) -> Result<String> {
    Ok(network(value)?.to_geojson())
}
