//! The data protection officer's reports through the bindings: who consulted the agency's
//! information and under which agreements, agreements about to expire, and practitioners with
//! access they have not used. Supervisors and above of the viewer's agency (the core decides).
//! The records are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::protection::accountability::{
    AgencyTally, AgreementRef, AgreementTally, ConsultationReport, ConsultationRow,
    ExpiringAgreement, UnusedAccess,
};
use safehub::Viewer;

forward! {
    core =>
    /// Who consulted the viewer's agency's information between `since` (inclusive) and `until`
    /// (exclusive), under which agreements and why, with totals.
    fn consultation_report(viewer: Viewer, since: Timestamp, until: Timestamp)
        -> Result<ConsultationReport> = Ok(core.consultation_report(&viewer, since, until)?);
    /// Agreements the viewer's agency is party to that are in force now and end within
    /// `within_days` days, soonest first.
    fn agreements_expiring(viewer: Viewer, within_days: u32) -> Result<Vec<ExpiringAgreement>> =
        Ok(core.agreements_expiring(&viewer, within_days)?);
    /// The viewer's agency's active practitioners with access to a live case who have recorded
    /// nothing since `since`.
    fn unused_access(viewer: Viewer, since: Timestamp) -> Result<Vec<UnusedAccess>> =
        Ok(core.unused_access(&viewer, since)?);
}
