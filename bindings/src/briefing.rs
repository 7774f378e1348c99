//! The morning briefing through the bindings: the [`Briefing`] object the call returns, holding
//! the core's briefing, whose [`Briefing::view`] gives it as data (`BriefingView`, the core's
//! record) and [`Briefing::to_markdown`] as Markdown.
//!
//! The call returns an object rather than a record so that the data and its Markdown come from
//! the same read: asking the hub twice would log the consultations twice and, without an
//! `as_of`, brief on two different moments.

use crate::error::Result;
use crate::hub::{forward, Hub};
pub use safehub::briefing::{Mover, NewIncidents};
use safehub::ffi::Timestamp;
pub use safehub::BriefingConfig;
use safehub::Viewer;
use std::sync::Arc;

/// A briefing made by [`Hub::briefing`]: its data and its Markdown, from one read.
#[derive(uniffi::Object)]
pub struct Briefing {
    core: safehub::Briefing,
}

#[uniffi::export]
impl Briefing {
    /// The briefing as data.
    pub fn view(&self) -> safehub::Briefing {
        self.core.clone()
    }

    /// The briefing as Markdown, every piece of text escaped.
    pub fn to_markdown(&self) -> String {
        self.core.to_markdown()
    }
}

/// The core's default briefing configuration, for a host to adjust.
#[uniffi::export]
pub fn default_briefing_config() -> BriefingConfig {
    BriefingConfig::default()
}

forward! {
    core =>
    /// The morning briefing for the viewer on what happened at or after `since` (the core's
    /// default configuration when `config` is `None`), built from the viewer-filtered reads
    /// only.
    fn briefing(viewer: Viewer, since: Timestamp, config: Option<BriefingConfig>)
        -> Result<Arc<Briefing>> = {
        let core = core.briefing(&viewer, since, &config.unwrap_or_default())?;
        Ok(Arc::new(Briefing { core }))
    };
}
