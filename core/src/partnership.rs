//! The partnership: the agencies signed up to the hub's information sharing protocol, and their
//! practitioners.
//!
//! Agencies join and leave. Leaving ends an agency's future access; it never rewrites what the
//! agency did while it was a member (DESIGN.md section 3). Practitioners carry a role that decides
//! what they may do; external ids map a host records system's user to a practitioner.

use crate::ids::{AgencyId, PractitionerId};
use crate::text::SharedText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The hub itself: its name and when it was established.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partnership {
    /// The hub's name, e.g. "Tamworth Community Safety Hub".
    pub name: String,
    /// When the partnership was established in this hub.
    pub established: DateTime<Utc>,
}

/// The kinds of agency that sit in a community safety hub.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AgencyKind {
    /// A police force or local policing team.
    Police,
    /// A borough or district council (ASB team, community safety).
    Council,
    /// A housing provider or the council's housing service.
    Housing,
    /// Mental health services.
    MentalHealth,
    /// Adult social care.
    AdultSocialCare,
    /// Children's social care.
    ChildrenSocialCare,
    /// Fire and rescue service.
    FireAndRescue,
    /// Probation service.
    Probation,
    /// Drug and alcohol service.
    DrugAndAlcohol,
    /// Domestic violence support (e.g. IDVA service).
    DvSupport,
    /// A voluntary sector organisation.
    VoluntarySector,
    /// Neighbourhood Watch.
    NeighbourhoodWatch,
    /// Any other agency.
    Other,
}

impl AgencyKind {
    /// Every kind, in declaration order.
    pub const ALL: [AgencyKind; 13] = [
        AgencyKind::Police,
        AgencyKind::Council,
        AgencyKind::Housing,
        AgencyKind::MentalHealth,
        AgencyKind::AdultSocialCare,
        AgencyKind::ChildrenSocialCare,
        AgencyKind::FireAndRescue,
        AgencyKind::Probation,
        AgencyKind::DrugAndAlcohol,
        AgencyKind::DvSupport,
        AgencyKind::VoluntarySector,
        AgencyKind::NeighbourhoodWatch,
        AgencyKind::Other,
    ];
}

/// An agency of the partnership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    /// Its id.
    pub id: AgencyId,
    /// Its name as the hub knows it, e.g. "Housing"; shared with the views that show it.
    pub name: SharedText,
    /// What sort of agency it is.
    pub kind: AgencyKind,
    /// When it joined the partnership.
    pub joined: DateTime<Utc>,
    /// When it left, if it has.
    pub left: Option<DateTime<Utc>>,
}

impl Agency {
    /// Whether the agency was a member of the partnership at `at`.
    pub fn is_member_at(&self, at: DateTime<Utc>) -> bool {
        self.joined <= at && self.left.is_none_or(|left| at < left)
    }
}

/// What a practitioner may do. Ordered: each role may do what the ones before it may.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Role {
    /// Reads only.
    ReadOnly,
    /// Works cases: records people and places, opens cases, writes entries, sets tasks.
    CaseWorker,
    /// A case worker who also supervises: may lower risk levels where allowed, sees that hidden
    /// entries exist on cases their agency leads, manages case teams.
    Supervisor,
    /// The agency's single point of contact (SPOC): manages the agency's practitioners and reads
    /// who consulted the agency's information.
    AgencyAdmin,
    /// Runs the partnership: agencies, agreements.
    PartnershipAdmin,
}

impl Role {
    /// Whether this role may write case work (profiles, cases, entries, tasks).
    pub fn can_work_cases(self) -> bool {
        self >= Role::CaseWorker
    }

    /// Whether this role carries supervisory rights.
    pub fn is_supervisor(self) -> bool {
        self >= Role::Supervisor
    }

    /// Whether this role administers its agency.
    pub fn is_agency_admin(self) -> bool {
        self >= Role::AgencyAdmin
    }

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::ReadOnly => "read_only",
            Role::CaseWorker => "case_worker",
            Role::Supervisor => "supervisor",
            Role::AgencyAdmin => "agency_admin",
            Role::PartnershipAdmin => "partnership_admin",
        }
    }
}

/// A user of an agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practitioner {
    /// Its id.
    pub id: PractitionerId,
    /// The agency the practitioner works for.
    pub agency: AgencyId,
    /// Display name, e.g. "PC 1234 Smith"; shared with the views that show it.
    pub name: SharedText,
    /// What the practitioner may do.
    pub role: Role,
    /// The host records system's id for this user, if any.
    pub external_id: Option<String>,
    /// Whether the account is active. A deactivated practitioner can neither act nor read.
    pub active: bool,
}

/// A new agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewAgency {
    /// Its name, e.g. "Housing".
    pub name: String,
    /// Its kind.
    pub kind: AgencyKind,
}

/// A new practitioner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewPractitioner {
    /// Their agency.
    pub agency: AgencyId,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The host system's user id.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub external_id: Option<String>,
}

/// What setting up a partnership created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Established {
    /// The hosting agency.
    pub agency: AgencyId,
    /// Its partnership admin.
    pub admin: PractitionerId,
}
