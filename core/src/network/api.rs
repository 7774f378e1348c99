//! The hub's methods for network: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::graph::*;
use crate::cases::Subject;
use crate::hub::Hub;
use crate::Result;
use crate::Viewer;

impl Hub {
    /// The network within `hops` hops (at most [`MAX_HOPS`]) of a person, location or group, as
    /// the viewer may see it (see the module doc). Not found where the viewer may not know of
    /// the start.
    pub fn network(&self, viewer: &Viewer, start: Subject, hops: u8) -> Result<Network> {
        self.read(viewer, |b| walk(b, start, hops))
    }
}
