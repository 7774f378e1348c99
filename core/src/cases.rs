//! Cases: the unit of multi-agency work. A case has a type, a lead agency and practitioner, a
//! team of agencies and practitioners with access, subjects linked with a role, a status and a
//! timeline of entries.
//!
//! Status moves open → under review → closed → reopened along the transitions in
//! [`CaseStatus::can_become`]; anything else is refused with a typed error.

use crate::entries::InformationCategory;
use crate::ids::{AgencyId, CaseId, EntryId, GroupId, LocationId, PersonId, PractitionerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a case is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseType {
    /// Anti-social behaviour.
    Asb,
    /// Hate crime or hate incident.
    HateCrime,
    /// Domestic abuse.
    DomesticAbuse,
    /// A vulnerable person.
    VulnerablePerson,
    /// Concern for safety.
    ConcernForSafety,
    /// A problem location.
    ProblemLocation,
    /// Offender management (e.g. IOM).
    OffenderManagement,
    /// Safeguarding.
    Safeguarding,
    /// Anything else.
    Other,
}

impl CaseType {
    /// Every case type.
    pub const ALL: [CaseType; 9] = [
        CaseType::Asb,
        CaseType::HateCrime,
        CaseType::DomesticAbuse,
        CaseType::VulnerablePerson,
        CaseType::ConcernForSafety,
        CaseType::ProblemLocation,
        CaseType::OffenderManagement,
        CaseType::Safeguarding,
        CaseType::Other,
    ];

    /// The information category of the case's own header (its type, title and subjects): what an
    /// agreement must cover for another agency on the team to read it.
    pub fn category(self) -> InformationCategory {
        match self {
            CaseType::Asb | CaseType::ProblemLocation => InformationCategory::Asb,
            CaseType::HateCrime | CaseType::OffenderManagement => InformationCategory::Crime,
            CaseType::DomesticAbuse => InformationCategory::DomesticAbuse,
            CaseType::VulnerablePerson | CaseType::Safeguarding => {
                InformationCategory::Safeguarding
            }
            CaseType::ConcernForSafety | CaseType::Other => InformationCategory::General,
        }
    }
}

/// Where a case is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseStatus {
    /// Being worked.
    Open,
    /// Waiting on a review (e.g. at a case conference).
    UnderReview,
    /// Closed.
    Closed,
    /// Opened again after closing.
    Reopened,
}

impl CaseStatus {
    /// Whether a case in this status may move to `next`.
    pub fn can_become(self, next: CaseStatus) -> bool {
        use CaseStatus::*;
        matches!(
            (self, next),
            (Open | Reopened, UnderReview)
                | (Open | Reopened | UnderReview, Closed)
                | (UnderReview, Open)
                | (Closed, Reopened)
        )
    }

    /// Whether the case is being worked (not closed).
    pub fn is_live(self) -> bool {
        self != CaseStatus::Closed
    }

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::UnderReview => "under_review",
            CaseStatus::Closed => "closed",
            CaseStatus::Reopened => "reopened",
        }
    }
}

/// The part a subject plays in a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SubjectRole {
    /// A victim.
    Victim,
    /// A perpetrator or offender.
    Perpetrator,
    /// A witness.
    Witness,
    /// A complainant.
    Complainant,
    /// A vulnerable person.
    VulnerablePerson,
    /// A location of concern.
    LocationOfConcern,
}

/// What a case can be about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Subject {
    /// A person.
    Person(PersonId),
    /// A location.
    Location(LocationId),
    /// A group.
    Group(GroupId),
}

/// A subject linked to a case in a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LinkedSubject {
    /// Who or what.
    pub subject: Subject,
    /// In which role.
    pub role: SubjectRole,
}

/// A member of a case team: a whole agency or one practitioner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum TeamMember {
    /// Every practitioner of the agency.
    Agency(AgencyId),
    /// One practitioner.
    Practitioner(PractitionerId),
}

/// Who has access to a case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// Agencies on the team.
    pub agencies: BTreeSet<AgencyId>,
    /// Practitioners on the team in their own right.
    pub practitioners: BTreeSet<PractitionerId>,
}

impl Team {
    /// Whether a practitioner of `agency` with id `practitioner` is on the team.
    pub fn includes(&self, practitioner: PractitionerId, agency: AgencyId) -> bool {
        self.agencies.contains(&agency) || self.practitioners.contains(&practitioner)
    }
}

/// A case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// What it is about.
    pub case_type: CaseType,
    /// A short title, which is content.
    pub title: String,
    /// Where it is in its life.
    pub status: CaseStatus,
    /// The lead agency.
    pub lead_agency: AgencyId,
    /// The lead practitioner.
    pub lead_practitioner: PractitionerId,
    /// Who has access.
    pub team: Team,
    /// Subjects linked, each in a role.
    pub subjects: BTreeSet<LinkedSubject>,
    /// Entries in the order they were written.
    pub entries: Vec<EntryId>,
    /// The lead agency and every agency that has been on the team, past and present.
    pub joined: BTreeSet<AgencyId>,
    /// How many non-sensitive entries each agency has on the case. An agency off the team that
    /// wrote only sensitive entries (a sensitive task answer) is not counted: sensitive content
    /// hides even the stub, so it must not show as involvement either.
    pub wrote: BTreeMap<AgencyId, u32>,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
}

impl Case {
    /// Every agency that has worked on the case: the lead, team members past and present, and
    /// the authors of its non-sensitive entries. This is what a stub shows so that a
    /// practitioner knows whom to ask ("everyone can see that you've worked on that case").
    /// Each agency once (those that joined first), without allocating: the "known to" of every
    /// profile in a Top 50 list walks this for each case about the profile.
    pub fn involved(&self) -> impl Iterator<Item = AgencyId> + '_ {
        let only_wrote = self.wrote.keys().filter(|a| !self.joined.contains(a));
        self.joined.iter().chain(only_wrote).copied()
    }

    /// Counts an entry by `agency` in or out of [`involved`](Self::involved) as its sensitivity
    /// is set (`add`) or lifted.
    pub(crate) fn count_entry(&mut self, agency: AgencyId, add: bool) {
        if add {
            *self.wrote.entry(agency).or_default() += 1;
        } else if let Some(n) = self.wrote.get_mut(&agency) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.wrote.remove(&agency);
            }
        }
    }
}

/// A new case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewCase {
    /// Its type.
    pub case_type: CaseType,
    /// A short title.
    pub title: String,
    /// The lead practitioner (of the actor's agency); the actor when `None`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub lead_practitioner: Option<PractitionerId>,
    /// Other agencies on the team from the start (the actor's agency always is).
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub team: Vec<AgencyId>,
}
