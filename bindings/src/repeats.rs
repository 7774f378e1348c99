//! Repeats and the ASB case review (Community Trigger) threshold through the bindings: the rule
//! configurations (a host starts from the core's defaults and changes a field), the hits, and
//! the two reads. The records and the rules are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::incidents::{
    CaseReviewBasis, CaseReviewHit, Period, RepeatHit, RepeatKind, RepeatRule,
};
use safehub::Viewer;
pub use safehub::{CaseReviewConfig, RepeatConfig};

/// The core's default repeat rules, for a host to adjust.
#[uniffi::export]
pub fn default_repeat_config() -> RepeatConfig {
    RepeatConfig::default()
}

/// The core's default case review threshold (the statutory one), for a host to adjust.
#[uniffi::export]
pub fn default_case_review_config() -> CaseReviewConfig {
    CaseReviewConfig::default()
}

forward! {
    core =>
    /// People and places meeting the repeat rules (the core's defaults when `config` is `None`)
    /// at `at`, counting only incidents the viewer may read; most incidents first.
    fn repeats(viewer: Viewer, at: Timestamp, config: Option<RepeatConfig>)
        -> Result<Vec<RepeatHit>> = Ok(core.repeats(&viewer, at, &config.unwrap_or_default())?);
    /// People (as victim or caller) and places whose ASB complaints meet the case review
    /// threshold (the statutory one when `config` is `None`) at `at`, counting only incidents
    /// the viewer may read.
    fn case_review_thresholds(viewer: Viewer, at: Timestamp, config: Option<CaseReviewConfig>)
        -> Result<Vec<CaseReviewHit>> =
        Ok(core.case_review_thresholds(&viewer, at, &config.unwrap_or_default())?);
}
