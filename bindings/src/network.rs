//! The network around a person, location or group through the bindings: the [`Network`] object
//! the call returns, the record its [`Network::view`] gives, and its DOT, GraphML and GeoJSON
//! exports (the core's). Like the briefing, the call returns an object so that the view and
//! every export come from one walk and one logged read.

use crate::convert::{all, to_small, wide};
use crate::enums::{Access, IncidentRole, SubjectRole};
use crate::error::Result;
use crate::hub::Hub;
use crate::records::{Coordinates, Subject, Viewer};
use std::sync::Arc;

/// How two subjects are linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Relation {
    /// Subjects of the same case, in these roles (`a`'s, then `b`'s).
    Case {
        /// The role of the edge's `a`.
        a: SubjectRole,
        /// The role of the edge's `b`.
        b: SubjectRole,
    },
    /// People involved in the same incident, in these roles.
    Incident {
        /// The role of the edge's `a`.
        a: IncidentRole,
        /// The role of the edge's `b`.
        b: IncidentRole,
    },
    /// A person involved, in this role, in an incident at a location.
    AtLocation {
        /// The person's role.
        role: IncidentRole,
    },
}

impl From<safehub::Relation> for Relation {
    fn from(r: safehub::Relation) -> Self {
        match r {
            safehub::Relation::Case { a, b } => Relation::Case { a, b },
            safehub::Relation::Incident { a, b } => Relation::Incident { a, b },
            safehub::Relation::AtLocation { role } => Relation::AtLocation { role },
        }
    }
}

/// A subject as the viewer sees it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NetworkNode {
    /// Who or what.
    pub subject: Subject,
    /// The name or label the viewer may see (a stub shows this much too).
    pub label: String,
    /// Whether the viewer reads the profile in full or only its stub.
    pub access: Access,
    /// Hops from the start.
    pub hops: i64,
    /// Where it is, for a location the viewer reads in full.
    pub coordinates: Option<Coordinates>,
    /// Incidents involving it (or at it) that the viewer may read.
    pub incidents: i64,
}

impl From<safehub::Node> for NetworkNode {
    fn from(n: safehub::Node) -> Self {
        NetworkNode {
            subject: n.subject.into(),
            label: n.label,
            access: n.access,
            hops: wide(n.hops),
            coordinates: n.coordinates,
            incidents: wide(n.incidents),
        }
    }
}

/// A link between two subjects, with the cases and incidents that justify it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NetworkEdge {
    /// One end.
    pub a: Subject,
    /// The other end.
    pub b: Subject,
    /// How they are linked.
    pub relation: Relation,
    /// The ids of the cases that link them.
    pub cases: Vec<String>,
    /// The ids of the incidents that link them.
    pub incidents: Vec<String>,
}

impl From<safehub::Edge> for NetworkEdge {
    fn from(e: safehub::Edge) -> Self {
        NetworkEdge {
            a: e.a.into(),
            b: e.b.into(),
            relation: e.relation.into(),
            cases: e.cases.iter().map(ToString::to_string).collect(),
            incidents: e.incidents.iter().map(ToString::to_string).collect(),
        }
    }
}

/// The network within some hops of a subject, as a viewer may see it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NetworkView {
    /// Where the walk started.
    pub start: Subject,
    /// How far it went.
    pub hops: i64,
    /// The subjects, nearest first.
    pub nodes: Vec<NetworkNode>,
    /// The links between them.
    pub edges: Vec<NetworkEdge>,
    /// Whether the walk stopped at the core's node limit (500) before reaching every subject.
    pub truncated: bool,
}

impl From<safehub::Network> for NetworkView {
    fn from(n: safehub::Network) -> Self {
        NetworkView {
            start: n.start.into(),
            hops: wide(n.hops),
            nodes: all(n.nodes),
            edges: all(n.edges),
            truncated: n.truncated,
        }
    }
}

/// A network walked by [`Hub::network`]: its data and its exports, from one walk.
#[derive(uniffi::Object)]
pub struct Network {
    core: safehub::Network,
}

#[uniffi::export]
impl Network {
    /// The network as data.
    pub fn view(&self) -> NetworkView {
        self.core.clone().into()
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

#[uniffi::export]
impl Hub {
    /// The network within `hops` hops (0 to 4) of a person, location or group, as the viewer may
    /// see it: subjects the viewer may not know of are left out with their links. Not found
    /// where the viewer may not know of the start.
    pub fn network(&self, viewer: Viewer, start: Subject, hops: i64) -> Result<Arc<Network>> {
        let (start, hops) = (start.into(), to_small("hops", hops)?);
        let core = self.core.network(&viewer, start, hops)?;
        Ok(Arc::new(Network { core }))
    }
}
