//! Retention and erasure through the bindings: retention rules, the "due for review" list, the
//! recorded retain-or-dispose decision, and disposal on request with its tombstone. The reports
//! for a data protection officer are in [`crate::accountability`], subject access in
//! [`crate::subject_access`]. The records are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::protection::retention::{AppliesTo, DueEntry, RetentionDue};
use safehub::{CaseId, MopiGroup, PractitionerId, Viewer};
pub use safehub::{
    ErasedRecord, Erasure, ErasureGround, ErasureTarget, RetentionChoice, RetentionRule,
};

/// The core's default rule: every case, reviewed six years after closure.
#[uniffi::export]
pub fn default_retention_rule() -> RetentionRule {
    RetentionRule::default_rule()
}

/// A rule taking its period from a MoPI group (periods unverified: see [`MopiGroup`]).
#[uniffi::export]
pub fn mopi_retention_rule(applies_to: AppliesTo, group: MopiGroup) -> RetentionRule {
    RetentionRule::mopi(applies_to, group)
}

forward! {
    core =>
    /// Registers a retention rule (partnership admins); one with the same `applies_to`
    /// replaces it.
    fn set_retention_rule(actor: PractitionerId, rule: RetentionRule) -> Result<()> =
        Ok(core.set_retention_rule(actor, rule)?);
    /// The registered retention rules, or the default alone when none is registered.
    fn retention_rules() -> Vec<RetentionRule> = core.retention_rules();
    /// The closed cases the viewer's agency leads whose retention review has come by `at`,
    /// earliest due first (supervisors and above).
    fn retention_due(viewer: Viewer, at: Timestamp) -> Result<Vec<RetentionDue>> =
        Ok(core.retention_due(&viewer, at)?);
    /// Records the retention review of a closed case that is due: retain it for a reason (a
    /// supervisor of the lead agency), or dispose of its content (the lead agency's admin).
    fn decide_retention(actor: PractitionerId, case: CaseId, choice: RetentionChoice)
        -> Result<()> = Ok(core.decide_retention(actor, case, choice)?);
    /// Disposes of a closed case's content or a person's profile on a request, given by
    /// reference (the owning agency's admin); returns the tombstone saying what went.
    fn dispose(actor: PractitionerId, target: ErasureTarget, reference: String)
        -> Result<Erasure> = Ok(core.dispose(actor, target, &reference)?);
}
