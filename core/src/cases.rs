//! Cases: the unit of multi-agency work. A case has a type, a lead agency and practitioner, a
//! team of agencies and practitioners with access, subjects linked with a role, a status and a
//! timeline of entries.
//!
//! Status moves open → under review → closed → reopened along the transitions in
//! [`CaseStatus::can_become`]; anything else is refused with a typed error. Closing records an
//! [`CaseOutcome`] and a reason, reopening a reason ([`CaseClosure`], [`Reopening`]); the lead passes
//! to another practitioner or agency by a transfer; cases are linked to each other
//! ([`CaseLinkKind`]) and incidents to cases. docs/cases.md tells the whole life and why each
//! rule is as it is.

use crate::entries::InformationCategory;
use crate::ids::{
    AgencyId, CaseId, EntryId, GroupId, IncidentId, LocationId, PersonId, PractitionerId,
};
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
    /// The lead practitioner; `None` after a transfer to an agency, until one of its
    /// supervisors assigns a practitioner.
    pub lead_practitioner: Option<PractitionerId>,
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
    /// How it was last closed (kept when it is reopened: the reopening says why).
    pub closure: Option<CaseClosure>,
    /// Why it was last reopened.
    pub reopening: Option<Reopening>,
    /// Its latest transfer of the lead, if it was ever handed on.
    pub handover: Option<Handover>,
    /// The other cases it is linked to, each with the link as seen from this case.
    pub links: BTreeMap<CaseId, CaseLinkKind>,
    /// The incidents linked to it (each still read under its own source agency's rules).
    pub incidents: BTreeSet<IncidentId>,
}

/// How a case ended, in community safety terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseOutcome {
    /// The problem stopped: no further reports, the behaviour ended.
    Resolved,
    /// The risk came down to a level the agencies' ordinary work manages.
    RiskReduced,
    /// Enforcement ended it: an injunction, a closure order, a criminal behaviour order, a
    /// possession order or a conviction.
    EnforcementAction,
    /// Passed to another service or process (MARAC, MAPPA, adult or children's safeguarding)
    /// that now holds it.
    ReferredOn,
    /// The subject moved out of the area.
    MovedAway,
    /// The person would not engage and nothing compels them.
    DidNotEngage,
    /// Looked at, and no further action is needed.
    NoFurtherAction,
    /// Opened twice: the work goes on on the other case (see its links).
    Duplicate,
    /// The subject died.
    Deceased,
    /// None of these; the reason says what.
    Other,
}

/// A case's closing: its outcome and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseClosure {
    /// The outcome.
    pub outcome: CaseOutcome,
    /// Why, in the closer's words: content of the case, as its title is.
    pub reason: String,
    /// When it was closed.
    pub at: DateTime<Utc>,
}

/// A case's reopening: why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Reopening {
    /// Why, in the reopener's words: content of the case, as its title is.
    pub reason: String,
    /// When it was reopened.
    pub at: DateTime<Utc>,
}

/// A case's latest transfer of the lead: from which agency, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    /// The agency that led it before.
    pub from: AgencyId,
    /// Why, in the transferrer's words: content of the case, as its title is.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// How one case relates to another, as recorded from the linking case's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseLink {
    /// About the same people or place, worked side by side (a victim's case and the
    /// perpetrator's).
    Related,
    /// The same matter opened twice (by two agencies, say): the other case is the one worked.
    DuplicateOf,
    /// Part of the other, wider case (one household's case within a problem-location case).
    PartOf,
}

impl CaseLink {
    /// The link as the other case sees it.
    pub fn seen_from_other(self) -> CaseLinkKind {
        match self {
            CaseLink::Related => CaseLinkKind::Related,
            CaseLink::DuplicateOf => CaseLinkKind::DuplicatedBy,
            CaseLink::PartOf => CaseLinkKind::Includes,
        }
    }

    /// The link as the linking case sees it.
    pub fn seen_from_this(self) -> CaseLinkKind {
        match self {
            CaseLink::Related => CaseLinkKind::Related,
            CaseLink::DuplicateOf => CaseLinkKind::DuplicateOf,
            CaseLink::PartOf => CaseLinkKind::PartOf,
        }
    }
}

/// A link as one of its two cases sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum CaseLinkKind {
    /// Related to the other.
    Related,
    /// A duplicate of the other, which is the one worked.
    DuplicateOf,
    /// The other is a duplicate of this one.
    DuplicatedBy,
    /// Part of the other, wider case.
    PartOf,
    /// The other is part of this wider case.
    Includes,
}

/// Where a transferred lead goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum NewLead {
    /// A named practitioner, who leads from now on; their agency becomes the lead agency.
    Practitioner(PractitionerId),
    /// An agency, whose supervisors then assign a practitioner (by transferring to one of
    /// their own).
    Agency(AgencyId),
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
