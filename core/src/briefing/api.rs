//! The hub's methods for briefing: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::*;
use crate::Hub;
use crate::Result;
use crate::Viewer;
use chrono::DateTime;
use chrono::Utc;

impl Hub {
    /// The morning briefing for `viewer` on what happened at or after `since`, built from the
    /// viewer-filtered reads only.
    pub fn briefing(
        &self,
        viewer: &Viewer,
        since: DateTime<Utc>,
        config: &BriefingConfig,
    ) -> Result<Briefing> {
        // One read session: one lock, one state at one seq, one engine, and one consultation
        // for everything the sections disclose (a partner's case in three sections is logged
        // once), rather than a catch-up and a log entry per section.
        self.read(viewer, |b| compose(b, since, config))
    }
}
