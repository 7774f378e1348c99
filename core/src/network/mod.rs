//! The network: victims mapped against offenders, both against locations, through cases and
//! incidents, as far as the viewer may see them; who is within k hops of a person, location or
//! group; and exports for drawing (DOT and GraphML link charts, GeoJSON for a map).
//!
//! The files: `graph.rs` (nodes, edges, the bounded breadth-first walk), `export.rs` (DOT,
//! GraphML, GeoJSON).
//!
//! Sharing: a node is a subject as the viewer sees it, in full or as a stub (its name or label
//! and whom to ask). A subject the viewer may not know of (a restricted profile without case
//! access) is left out with every edge to it, and the walk does not pass through it: a
//! "restricted" placeholder would still tell the viewer that two people they see are linked
//! through someone hidden. Edges come only from cases and incidents the viewer may read in
//! full, and carry the ids that justify them.

mod api;

mod export;
mod graph;

pub use graph::{Edge, Network, Node, Relation, MAX_HOPS, MAX_NODES};
