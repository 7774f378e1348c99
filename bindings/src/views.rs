//! What reads of cases, entries, people, places, groups, explanations and the consultation log
//! return: the core's views, already filtered by the sharing engine.
//!
//! The records cross as the core defines them. The views that say how much a viewer may see
//! (`CaseView`, `EntryView`, `PersonView`, `LocationView`, `GroupView`) and the records holding
//! them are mirrored here: the core's variants hold their record unnamed (`Full(CaseDetail)`),
//! which UniFFI would hand the foreign code as a positional value (`view[0]` in Python), where
//! the mirror names it (`view.case`); and the core's `ProfileStub<Id>` is generic, which UniFFI
//! cannot carry.

use safehub::ffi::Timestamp;
use safehub::views as v;
pub use safehub::views::{
    AgencyRef, CaseSummary, EntryDetail, EntryStub, Explanation, LocationDetail, PersonDetail,
    PractitionerRef,
};
use safehub::{CaseStatus, CaseType, GroupKind, SubjectRole};
pub use safehub::{Consultation, ConsultedItem, Decision, Rule};

/// Declares a view enum whose two variants name their record, mirroring the core's
/// `Full(..)` / `Stub(..)` view, with the conversion from it.
macro_rules! access_view {
    ($(#[$doc:meta])* $name:ident {
        $(#[$fdoc:meta])* Full { $full:ident: $full_ty:ty },
        $(#[$sdoc:meta])* Stub { $stub:ident: $stub_ty:ty } $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, uniffi::Enum)]
        pub enum $name {
            $(#[$fdoc])*
            Full {
                /// The record, as far as the viewer may read it.
                $full: $full_ty,
            },
            $(#[$sdoc])*
            Stub {
                /// The trace.
                $stub: $stub_ty,
            },
        }

        impl From<v::$name> for $name {
            fn from(view: v::$name) -> Self {
                match view {
                    v::$name::Full(d) => $name::Full { $full: d.into() },
                    v::$name::Stub(s) => $name::Stub { $stub: s.into() },
                }
            }
        }
    };
}

access_view!(
    #[derive(Eq)]
    /// An entry as a viewer sees it.
    EntryView {
        /// The whole entry.
        Full { entry: EntryDetail },
        /// That the agency worked on the case, when, and what kind of entry: not what it says.
        Stub { stub: EntryStub },
    }
);
access_view!(
    #[derive(Eq)]
    /// A person as a viewer sees them.
    PersonView {
        /// Every detail the viewer may read.
        Full { person: PersonDetail },
        /// The name and whom to ask.
        Stub { stub: ProfileStub },
    }
);
access_view!(
    /// A location as a viewer sees it.
    LocationView {
        /// Every detail the viewer may read.
        Full { location: LocationDetail },
        /// The label and whom to ask.
        Stub { stub: ProfileStub },
    }
);
access_view!(
    #[derive(Eq)]
    /// A group as a viewer sees it.
    GroupView {
        /// The group and its members, each as the viewer may see them.
        Full { group: GroupDetail },
        /// The name and whom to ask.
        Stub { stub: ProfileStub },
    }
);
access_view!(
    /// A case as a viewer sees it.
    CaseView {
        /// The case with its subjects and timeline, each decided on its own.
        Full { case: CaseDetail },
        /// That the case exists, who leads it and who works on it, with what is shared.
        Stub { stub: CaseStub },
    }
);

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
    fn from(s: v::ProfileStub<Id>) -> Self {
        let (id, name, known_to) = (s.id.to_string(), s.name, s.known_to);
        ProfileStub { id, name, known_to }
    }
}

/// A group with its members.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct GroupDetail {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// What sort of group.
    pub kind: GroupKind,
    /// Its members, each as the viewer may see them.
    pub members: Vec<PersonView>,
}

impl From<v::GroupDetail> for GroupDetail {
    fn from(g: v::GroupDetail) -> Self {
        let members = g.members.into_iter().map(Into::into).collect();
        let (id, name, kind) = (g.id.to_string(), g.name, g.kind);
        GroupDetail {
            id,
            name,
            kind,
            members,
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
                role,
                person: person.into(),
            },
            v::SubjectView::Location { role, location } => SubjectView::Location {
                role,
                location: location.into(),
            },
            v::SubjectView::Group { role, group } => SubjectView::Group {
                role,
                group: group.into(),
            },
            v::SubjectView::Restricted { role } => SubjectView::Restricted { role },
        }
    }
}

/// A case with its subjects and timeline.
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
    pub opened_at: Timestamp,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// The lead practitioner, if any.
    pub lead_practitioner: Option<PractitionerRef>,
    /// The agencies on the team.
    pub team_agencies: Vec<AgencyRef>,
    /// The practitioners on the team.
    pub team_practitioners: Vec<PractitionerRef>,
    /// Its subjects, each as the viewer may see them.
    pub subjects: Vec<SubjectView>,
    /// Its timeline, each entry as the viewer may see it.
    pub entries: Vec<EntryView>,
    /// How many entries are hidden from the viewer but known to exist (supervisors of the
    /// lead agency).
    pub hidden_entries: usize,
}

impl From<v::CaseDetail> for CaseDetail {
    fn from(c: v::CaseDetail) -> Self {
        CaseDetail {
            id: c.id.to_string(),
            case_type: c.case_type,
            title: c.title,
            status: c.status,
            opened_at: c.opened_at,
            lead_agency: c.lead_agency,
            lead_practitioner: c.lead_practitioner,
            team_agencies: c.team_agencies,
            team_practitioners: c.team_practitioners,
            subjects: c.subjects.into_iter().map(Into::into).collect(),
            entries: c.entries.into_iter().map(Into::into).collect(),
            hidden_entries: c.hidden_entries,
        }
    }
}

/// That a case exists, who leads it and who works on it, with what is shared.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseStub {
    /// Its id.
    pub id: String,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// Every agency that has worked on it.
    pub agencies_involved: Vec<AgencyRef>,
    /// The entries shared with the viewer.
    pub shared_entries: Vec<EntryView>,
}

impl From<v::CaseStub> for CaseStub {
    fn from(c: v::CaseStub) -> Self {
        let shared_entries = c.shared_entries.into_iter().map(Into::into).collect();
        let (id, lead_agency, agencies_involved) =
            (c.id.to_string(), c.lead_agency, c.agencies_involved);
        CaseStub {
            id,
            lead_agency,
            agencies_involved,
            shared_entries,
        }
    }
}
