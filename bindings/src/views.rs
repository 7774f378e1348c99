//! What reads of cases, entries, people, places, groups, explanations and the consultation log
//! return: the core's views, already filtered by the sharing engine, in the FFI's shape.

use crate::convert::{all, opt_time, time, wide};
use crate::enums::{
    Access, AgencyKind, CaseStatus, CaseType, ContentKind, EntryKind, GroupKind,
    InformationCategory, SubjectRole, Visibility, VulnerabilityFlag,
};
use crate::records::{Coordinates, Identifier};
use safehub::views as v;
use std::time::SystemTime;

/// An agency as shown on screen.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AgencyRef {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: AgencyKind,
}

impl From<v::AgencyRef> for AgencyRef {
    fn from(a: v::AgencyRef) -> Self {
        AgencyRef {
            id: a.id.to_string(),
            name: a.name,
            kind: a.kind.into(),
        }
    }
}

/// A practitioner as shown on screen.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PractitionerRef {
    /// Their id.
    pub id: String,
    /// Their name.
    pub name: String,
}

impl From<v::PractitionerRef> for PractitionerRef {
    fn from(p: v::PractitionerRef) -> Self {
        PractitionerRef {
            id: p.id.to_string(),
            name: p.name,
        }
    }
}

/// An entry as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum EntryView {
    /// The whole entry.
    Full {
        /// The entry.
        entry: EntryDetail,
    },
    /// That the agency worked on the case, when, and what kind of entry: not what it says.
    Stub {
        /// The trace.
        stub: EntryStub,
    },
}

impl From<v::EntryView> for EntryView {
    fn from(e: v::EntryView) -> Self {
        match e {
            v::EntryView::Full(d) => EntryView::Full { entry: d.into() },
            v::EntryView::Stub(s) => EntryView::Stub { stub: s.into() },
        }
    }
}

/// A whole entry.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EntryDetail {
    /// Its id.
    pub id: String,
    /// When it was written.
    pub at: SystemTime,
    /// What sort of entry.
    pub kind: EntryKind,
    /// Its information category.
    pub category: InformationCategory,
    /// Its visibility.
    pub visibility: Visibility,
    /// Whether it is sensitive.
    pub sensitive: bool,
    /// The owning agency.
    pub agency: AgencyRef,
    /// Who wrote it.
    pub author: PractitionerRef,
    /// The content.
    pub text: String,
}

impl From<v::EntryDetail> for EntryDetail {
    fn from(e: v::EntryDetail) -> Self {
        EntryDetail {
            id: e.id.to_string(),
            at: time(e.at),
            kind: e.kind.into(),
            category: e.category.into(),
            visibility: e.visibility.into(),
            sensitive: e.sensitive,
            agency: e.agency.into(),
            author: e.author.into(),
            text: e.text,
        }
    }
}

/// The visible trace of an entry the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EntryStub {
    /// Its id, so the viewer can ask for it.
    pub id: String,
    /// When it was written.
    pub at: SystemTime,
    /// What sort of entry.
    pub kind: EntryKind,
    /// The agency that wrote it.
    pub agency: AgencyRef,
    /// Who wrote it, unless the author chose to show only the agency.
    pub author: Option<PractitionerRef>,
}

impl From<v::EntryStub> for EntryStub {
    fn from(e: v::EntryStub) -> Self {
        EntryStub {
            id: e.id.to_string(),
            at: time(e.at),
            kind: e.kind.into(),
            agency: e.agency.into(),
            author: e.author.map(Into::into),
        }
    }
}

/// A profile (person, location or group) the viewer may not read: its name and whom to ask.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProfileStub {
    /// Its id, so the viewer can ask.
    pub id: String,
    /// Its name or label.
    pub name: String,
    /// The agencies to ask.
    pub known_to: Vec<AgencyRef>,
}

impl<Id: std::fmt::Display> From<v::ProfileStub<Id>> for ProfileStub {
    fn from(p: v::ProfileStub<Id>) -> Self {
        ProfileStub {
            id: p.id.to_string(),
            name: p.name,
            known_to: all(p.known_to),
        }
    }
}

/// A person as a viewer sees them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PersonView {
    /// Every detail the viewer may read.
    Full {
        /// The person.
        person: PersonDetail,
    },
    /// The name and whom to ask.
    Stub {
        /// The trace.
        stub: ProfileStub,
    },
}

impl From<v::PersonView> for PersonView {
    fn from(p: v::PersonView) -> Self {
        match p {
            v::PersonView::Full(d) => PersonView::Full { person: d.into() },
            v::PersonView::Stub(s) => PersonView::Stub { stub: s.into() },
        }
    }
}

/// A person's details.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PersonDetail {
    /// Their id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Date of birth, ISO `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// Identifiers, normalised.
    pub identifiers: Vec<Identifier>,
    /// The vulnerability flags the viewer may read.
    pub flags: Vec<VulnerabilityFlag>,
    /// Whether the profile is restricted.
    pub restricted: bool,
    /// The agencies the person is known to.
    pub known_to: Vec<AgencyRef>,
}

impl From<v::PersonDetail> for PersonDetail {
    fn from(p: v::PersonDetail) -> Self {
        PersonDetail {
            id: p.id.to_string(),
            name: p.name,
            aliases: p.aliases,
            date_of_birth: p.date_of_birth.map(|d| d.to_string()),
            identifiers: all(p.identifiers),
            flags: all(p.flags),
            restricted: p.restricted,
            known_to: all(p.known_to),
        }
    }
}

/// A location as a viewer sees it.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum LocationView {
    /// Every detail.
    Full {
        /// The location.
        location: LocationDetail,
    },
    /// The label and whom to ask.
    Stub {
        /// The trace.
        stub: ProfileStub,
    },
}

impl From<v::LocationView> for LocationView {
    fn from(l: v::LocationView) -> Self {
        match l {
            v::LocationView::Full(d) => LocationView::Full { location: d.into() },
            v::LocationView::Stub(s) => LocationView::Stub { stub: s.into() },
        }
    }
}

/// A location's details.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct LocationDetail {
    /// Its id.
    pub id: String,
    /// Its label.
    pub label: String,
    /// The address.
    pub address: Option<String>,
    /// The postcode, normalised.
    pub postcode: Option<String>,
    /// The UPRN.
    pub uprn: Option<i64>,
    /// Where it is.
    pub coordinates: Option<Coordinates>,
    /// Whether the profile is restricted.
    pub restricted: bool,
    /// The agencies it is known to.
    pub known_to: Vec<AgencyRef>,
}

impl From<v::LocationDetail> for LocationDetail {
    fn from(l: v::LocationDetail) -> Self {
        LocationDetail {
            id: l.id.to_string(),
            label: l.label,
            address: l.address,
            postcode: l.postcode.map(|p| p.as_str().to_owned()),
            uprn: l.uprn.map(|u| wide(u.get())),
            coordinates: l.coordinates.map(Into::into),
            restricted: l.restricted,
            known_to: all(l.known_to),
        }
    }
}

/// A group as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum GroupView {
    /// Its members, each as the viewer may see them.
    Full {
        /// The group.
        group: GroupDetail,
    },
    /// The name and whom to ask.
    Stub {
        /// The trace.
        stub: ProfileStub,
    },
}

impl From<v::GroupView> for GroupView {
    fn from(g: v::GroupView) -> Self {
        match g {
            v::GroupView::Full(d) => GroupView::Full { group: d.into() },
            v::GroupView::Stub(s) => GroupView::Stub { stub: s.into() },
        }
    }
}

/// A group's details.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GroupDetail {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What binds it.
    pub kind: GroupKind,
    /// Its members as the viewer may see them.
    pub members: Vec<PersonView>,
}

impl From<v::GroupDetail> for GroupDetail {
    fn from(g: v::GroupDetail) -> Self {
        GroupDetail {
            id: g.id.to_string(),
            name: g.name,
            kind: g.kind.into(),
            members: all(g.members),
        }
    }
}

/// A subject of a case as a viewer sees it.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum SubjectView {
    /// A person.
    Person {
        /// Their role in the case.
        role: SubjectRole,
        /// The person.
        person: PersonView,
    },
    /// A location.
    Location {
        /// Its role in the case.
        role: SubjectRole,
        /// The location.
        location: LocationView,
    },
    /// A group.
    Group {
        /// Its role in the case.
        role: SubjectRole,
        /// The group.
        group: GroupView,
    },
    /// A restricted subject the viewer may not see: only that one is linked, in this role.
    Restricted {
        /// Its role in the case.
        role: SubjectRole,
    },
}

impl From<v::SubjectView> for SubjectView {
    fn from(s: v::SubjectView) -> Self {
        match s {
            v::SubjectView::Person { role, person } => SubjectView::Person {
                role: role.into(),
                person: person.into(),
            },
            v::SubjectView::Location { role, location } => SubjectView::Location {
                role: role.into(),
                location: location.into(),
            },
            v::SubjectView::Group { role, group } => SubjectView::Group {
                role: role.into(),
                group: group.into(),
            },
            v::SubjectView::Restricted { role } => SubjectView::Restricted { role: role.into() },
        }
    }
}

/// A case as a viewer sees it.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum CaseView {
    /// The case with its subjects and timeline, each decided on its own.
    Full {
        /// The case.
        case: CaseDetail,
    },
    /// That the case exists, who leads it and who works it: whom to ask.
    Stub {
        /// The trace.
        stub: CaseStub,
    },
}

impl From<v::CaseView> for CaseView {
    fn from(c: v::CaseView) -> Self {
        match c {
            v::CaseView::Full(d) => CaseView::Full { case: d.into() },
            v::CaseView::Stub(s) => CaseView::Stub { stub: s.into() },
        }
    }
}

/// A case for a viewer on its team.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CaseDetail {
    /// Its id.
    pub id: String,
    /// Its type.
    pub case_type: CaseType,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: CaseStatus,
    /// When it was opened.
    pub opened_at: SystemTime,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// The lead practitioner.
    pub lead_practitioner: Option<PractitionerRef>,
    /// Agencies on the team.
    pub team_agencies: Vec<AgencyRef>,
    /// Practitioners on the team in their own right.
    pub team_practitioners: Vec<PractitionerRef>,
    /// Subjects as the viewer may see them.
    pub subjects: Vec<SubjectView>,
    /// The timeline: entries the viewer may read in full, stubs for the rest.
    pub entries: Vec<EntryView>,
    /// How many sensitive entries are hidden (told only to the lead agency's supervisors).
    pub hidden_entries: i64,
}

impl From<v::CaseDetail> for CaseDetail {
    fn from(c: v::CaseDetail) -> Self {
        CaseDetail {
            id: c.id.to_string(),
            case_type: c.case_type.into(),
            title: c.title,
            status: c.status.into(),
            opened_at: time(c.opened_at),
            lead_agency: c.lead_agency.into(),
            lead_practitioner: c.lead_practitioner.map(Into::into),
            team_agencies: all(c.team_agencies),
            team_practitioners: all(c.team_practitioners),
            subjects: all(c.subjects),
            entries: all(c.entries),
            hidden_entries: wide(c.hidden_entries),
        }
    }
}

/// A case for a viewer off its team.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseStub {
    /// Its id, so the viewer can ask.
    pub id: String,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// Every agency that has worked on it.
    pub agencies_involved: Vec<AgencyRef>,
    /// Entries shared with the whole partnership that the viewer may read.
    pub shared_entries: Vec<EntryView>,
}

impl From<v::CaseStub> for CaseStub {
    fn from(c: v::CaseStub) -> Self {
        CaseStub {
            id: c.id.to_string(),
            lead_agency: c.lead_agency.into(),
            agencies_involved: all(c.agencies_involved),
            shared_entries: all(c.shared_entries),
        }
    }
}

/// A line in a list of cases.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseSummary {
    /// Its id.
    pub id: String,
    /// Its type.
    pub case_type: CaseType,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: CaseStatus,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// How many entries the viewer can see in full or as a stub.
    pub entries: i64,
}

impl From<v::CaseSummary> for CaseSummary {
    fn from(c: v::CaseSummary) -> Self {
        CaseSummary {
            id: c.id.to_string(),
            case_type: c.case_type.into(),
            title: c.title,
            status: c.status.into(),
            lead_agency: c.lead_agency.into(),
            entries: wide(c.entries),
        }
    }
}

/// Which sharing rule decided.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Rule {
    /// The viewer wrote it.
    Author,
    /// The viewer's agency owns it.
    SameAgency,
    /// Shared under this agreement.
    Agreement {
        /// The agreement's id.
        agreement: String,
    },
    /// The viewer may know it exists but not read it (its visibility or the agreements in force
    /// do not reach them; which, and its category, are not said).
    NotShared,
    /// The viewer is not on the case team.
    NotOnTeam,
    /// The viewer has no access to any case about this person or place.
    NoCaseAccess,
    /// The author marked it sensitive.
    Sensitive,
    /// The profile is restricted.
    Restricted,
    /// The viewer is inactive or their agency is not a member.
    ViewerNotMember,
    /// The one answer for anything the viewer may not know exists.
    Withheld,
}

impl From<safehub::Rule> for Rule {
    fn from(r: safehub::Rule) -> Self {
        use safehub::Rule as R;
        match r {
            R::Author => Rule::Author,
            R::SameAgency => Rule::SameAgency,
            R::Agreement { agreement } => Rule::Agreement {
                agreement: agreement.to_string(),
            },
            R::NotShared => Rule::NotShared,
            R::NotOnTeam => Rule::NotOnTeam,
            R::NoCaseAccess => Rule::NoCaseAccess,
            R::Sensitive => Rule::Sensitive,
            R::Restricted => Rule::Restricted,
            R::ViewerNotMember => Rule::ViewerNotMember,
            R::Withheld => Rule::Withheld,
        }
    }
}

/// A sharing decision: how much, and why.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Decision {
    /// How much the viewer sees.
    pub access: Access,
    /// Which rule decided it.
    pub rule: Rule,
}

impl From<safehub::Decision> for Decision {
    fn from(d: safehub::Decision) -> Self {
        Decision {
            access: d.access.into(),
            rule: d.rule.into(),
        }
    }
}

/// Why a viewer sees what they see of one thing.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// The decision in words, free of personal data.
    pub reason: String,
}

impl From<v::Explanation> for Explanation {
    fn from(e: v::Explanation) -> Self {
        Explanation {
            decision: e.decision.into(),
            reason: e.reason,
        }
    }
}

/// One piece of another agency's content returned by a read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsultedItem {
    /// What kind of record.
    pub kind: ContentKind,
    /// Its id.
    pub id: String,
    /// The id of the agency that owns it.
    pub owner: String,
    /// The id of the agreement it was shared under.
    pub agreement: String,
}

impl From<safehub::ConsultedItem> for ConsultedItem {
    fn from(i: safehub::ConsultedItem) -> Self {
        ConsultedItem {
            kind: i.kind.into(),
            id: i.id.to_string(),
            owner: i.owner.to_string(),
            agreement: i.agreement.to_string(),
        }
    }
}

/// One read of other agencies' content, from the consultation log.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Consultation {
    /// The reader's id.
    pub viewer: String,
    /// The reader's agency's id.
    pub viewer_agency: String,
    /// When.
    pub at: SystemTime,
    /// The time an as-of read looked back to.
    pub as_of: Option<SystemTime>,
    /// Why, as the host passed it in.
    pub justification: String,
    /// What was returned (only the items the asking agency owns).
    pub items: Vec<ConsultedItem>,
}

impl From<safehub::Consultation> for Consultation {
    fn from(c: safehub::Consultation) -> Self {
        Consultation {
            viewer: c.viewer.to_string(),
            viewer_agency: c.viewer_agency.to_string(),
            at: time(c.at),
            as_of: opt_time(c.as_of),
            justification: c.justification,
            items: all(c.items),
        }
    }
}
