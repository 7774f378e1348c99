//! The network around a person, location or group through the bindings: the [`Network`] object
//! the call returns, holding the core's network, whose [`Network::view`] gives it as data
//! (`NetworkView`, the core's record, with `NetworkNode` and `NetworkEdge`) and whose DOT,
//! GraphML and GeoJSON exports are the core's. Like the briefing, the call returns an object so
//! that the view and every export come from one walk and one logged read.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::{Subject, Viewer};
use std::sync::Arc;

/// A network made by [`Hub::network`]: its data and its exports, from one walk.
#[derive(uniffi::Object)]
pub struct Network {
    core: safehub::Network,
}

#[uniffi::export]
impl Network {
    /// The network as data.
    pub fn view(&self) -> safehub::Network {
        self.core.clone()
    }

    /// Graphviz DOT, an undirected graph; stubs drawn dashed.
    pub fn to_dot(&self) -> String {
        self.core.to_dot()
    }

    /// GraphML, with node and edge attributes (see the core's documentation).
    pub fn to_graphml(&self) -> String {
        self.core.to_graphml()
    }

    /// A GeoJSON feature collection of the locations the viewer reads in full.
    pub fn to_geojson(&self) -> String {
        self.core.to_geojson()
    }
}

forward! {
    core =>
    /// The network within `hops` hops (0 to 4) of a person, location or group, as the viewer
    /// may see it: subjects the viewer may not know of are left out with their links. Not found
    /// where the viewer may not know of the start.
    fn network(viewer: Viewer, start: Subject, hops: u8) -> Result<Arc<Network>> =
        Ok(Arc::new(Network { core: core.network(&viewer, start, hops)? }));
}
