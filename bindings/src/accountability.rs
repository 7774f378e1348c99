//! The data protection officer's reports through the bindings: who consulted the agency's
//! information and under which agreements, agreements about to expire, and practitioners with
//! access they have not used. Supervisors and above of the viewer's agency (the core decides).

use crate::convert::{all, opt_time, time, to_small, utc, wide};
use crate::enums::Role;
use crate::error::Result;
use crate::hub::Hub;
use crate::records::Viewer;
use crate::views::{AgencyRef, ConsultedItem, PractitionerRef};
use safehub::protection as p;
use std::time::SystemTime;

/// An agreement as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AgreementRef {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
}

impl From<p::AgreementRef> for AgreementRef {
    fn from(a: p::AgreementRef) -> Self {
        AgreementRef {
            id: a.id.to_string(),
            title: a.title,
        }
    }
}

/// One consultation of the agency's information.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsultationRow {
    /// When.
    pub at: SystemTime,
    /// Who read.
    pub practitioner: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// The time an as-of read looked back to.
    pub as_of: Option<SystemTime>,
    /// Why, as they gave it.
    pub justification: String,
    /// The agency's items they read.
    pub items: Vec<ConsultedItem>,
    /// The agreements those items crossed under.
    pub agreements: Vec<AgreementRef>,
}

impl From<p::ConsultationRow> for ConsultationRow {
    fn from(r: p::ConsultationRow) -> Self {
        ConsultationRow {
            at: time(r.at),
            practitioner: r.practitioner,
            agency: r.agency,
            as_of: opt_time(r.as_of),
            justification: r.justification,
            items: all(r.items),
            agreements: all(r.agreements),
        }
    }
}

/// How much crossed under one agreement.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AgreementTally {
    /// The agreement.
    pub agreement: AgreementRef,
    /// Consultations that used it.
    pub consultations: i64,
    /// Items read under it.
    pub items: i64,
}

impl From<p::AgreementTally> for AgreementTally {
    fn from(t: p::AgreementTally) -> Self {
        AgreementTally {
            agreement: t.agreement.into(),
            consultations: wide(t.consultations),
            items: wide(t.items),
        }
    }
}

/// How much one agency consulted.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AgencyTally {
    /// The consulting agency.
    pub agency: AgencyRef,
    /// Its consultations.
    pub consultations: i64,
    /// Items it read.
    pub items: i64,
}

impl From<p::AgencyTally> for AgencyTally {
    fn from(t: p::AgencyTally) -> Self {
        AgencyTally {
            agency: t.agency,
            consultations: wide(t.consultations),
            items: wide(t.items),
        }
    }
}

/// Who consulted the agency's information over a period.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsultationReport {
    /// The agency whose information was consulted.
    pub agency: AgencyRef,
    /// The period's start, included. (`from` is a Python keyword.)
    pub window_from: SystemTime,
    /// The period's end, excluded.
    pub window_to: SystemTime,
    /// Each consultation, oldest first.
    pub rows: Vec<ConsultationRow>,
    /// Totals per agreement.
    pub by_agreement: Vec<AgreementTally>,
    /// Totals per consulting agency.
    pub by_agency: Vec<AgencyTally>,
}

impl From<p::ConsultationReport> for ConsultationReport {
    fn from(r: p::ConsultationReport) -> Self {
        ConsultationReport {
            agency: r.agency,
            window_from: time(r.from),
            window_to: time(r.to),
            rows: all(r.rows),
            by_agreement: all(r.by_agreement),
            by_agency: all(r.by_agency),
        }
    }
}

/// An agreement about to end.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ExpiringAgreement {
    /// The agreement.
    pub agreement: AgreementRef,
    /// Its parties.
    pub parties: Vec<AgencyRef>,
    /// When it ends.
    pub ends: SystemTime,
    /// Whole days left.
    pub days_left: i64,
}

impl From<p::ExpiringAgreement> for ExpiringAgreement {
    fn from(e: p::ExpiringAgreement) -> Self {
        ExpiringAgreement {
            agreement: e.agreement.into(),
            parties: all(e.parties),
            ends: time(e.ends),
            days_left: e.days_left,
        }
    }
}

/// A practitioner with access they have not used.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UnusedAccess {
    /// Who.
    pub practitioner: PractitionerRef,
    /// Their role.
    pub role: Role,
    /// The ids of the live cases they have access to.
    pub cases: Vec<String>,
    /// When they last recorded anything, if ever.
    pub last_activity: Option<SystemTime>,
}

impl From<p::UnusedAccess> for UnusedAccess {
    fn from(u: p::UnusedAccess) -> Self {
        UnusedAccess {
            practitioner: u.practitioner,
            role: u.role,
            cases: u.cases.iter().map(ToString::to_string).collect(),
            last_activity: opt_time(u.last_activity),
        }
    }
}

#[uniffi::export]
impl Hub {
    /// Who consulted the viewer's agency's information between `since` (inclusive) and `until`
    /// (exclusive), under which agreements and why, with totals.
    pub fn consultation_report(
        &self,
        viewer: Viewer,
        since: SystemTime,
        until: SystemTime,
    ) -> Result<ConsultationReport> {
        Ok(self
            .core
            .consultation_report(&viewer, utc("since", since)?, utc("until", until)?)?
            .into())
    }

    /// Agreements the viewer's agency is party to that are in force now and end within
    /// `within_days` days, soonest first.
    pub fn agreements_expiring(
        &self,
        viewer: Viewer,
        within_days: i64,
    ) -> Result<Vec<ExpiringAgreement>> {
        Ok(all(self.core.agreements_expiring(
            &viewer,
            to_small("within_days", within_days)?,
        )?))
    }

    /// The viewer's agency's active practitioners with access to a live case who have recorded
    /// nothing since `since`.
    pub fn unused_access(&self, viewer: Viewer, since: SystemTime) -> Result<Vec<UnusedAccess>> {
        Ok(all(self
            .core
            .unused_access(&viewer, utc("since", since)?)?))
    }
}
