//! Subject access through the bindings: the [`SubjectAccessExport`] object the call returns, the
//! record its [`SubjectAccessExport::view`] gives, and its JSON and Markdown renderings (the
//! core's). One object for all three so that the SAR file's data, JSON and report come from one
//! read, logged once.

use crate::convert::{all, id, time};
use crate::enums::{CaseStatus, CaseType, SubjectRole};
use crate::error::Result;
use crate::hub::Hub;
use crate::records::Viewer;
use crate::referrals::ReferralView;
use crate::risk::AssessmentView;
use crate::tasks::TaskView;
use crate::views::{AgencyRef, CaseStub, ConsultedItem, EntryView, PersonView, PractitionerRef};
use safehub::protection as p;
use std::sync::Arc;
use std::time::SystemTime;

/// Who may release an agency's part of the export to the subject.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Disclosure {
    /// The requesting agency owns it and releases it itself (subject to its own exemptions).
    ReleaseBySelf,
    /// Another agency owns it: refer this part of the request to that agency.
    ReferToOwningAgency {
        /// Whom to refer to.
        agency: AgencyRef,
    },
}

impl From<p::Disclosure> for Disclosure {
    fn from(d: p::Disclosure) -> Self {
        match d {
            p::Disclosure::ReleaseBySelf => Disclosure::ReleaseBySelf,
            p::Disclosure::ReferToOwningAgency { agency } => {
                Disclosure::ReferToOwningAgency { agency }
            }
        }
    }
}

/// A case as the export shows it: its header where the requester may read it, otherwise the
/// stub every other read gives.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CaseHeld {
    /// The header and the person's roles in the case.
    Full {
        /// The header.
        case: CaseHeader,
    },
    /// That the case exists, who leads it and who works it: not its type, status or dates.
    Stub {
        /// The trace.
        stub: CaseStub,
    },
}

impl From<p::CaseHeld> for CaseHeld {
    fn from(c: p::CaseHeld) -> Self {
        match c {
            p::CaseHeld::Full(case) => CaseHeld::Full { case: case.into() },
            p::CaseHeld::Stub(stub) => CaseHeld::Stub { stub: stub.into() },
        }
    }
}

/// A case header the requester may read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CaseHeader {
    /// Its id.
    pub id: String,
    /// Its type.
    pub case_type: CaseType,
    /// Its status.
    pub status: CaseStatus,
    /// When it was opened.
    pub opened_at: SystemTime,
    /// Its title.
    pub title: String,
    /// The person's roles in it.
    pub roles: Vec<SubjectRole>,
}

impl From<p::CaseHeader> for CaseHeader {
    fn from(c: p::CaseHeader) -> Self {
        CaseHeader {
            id: c.id.to_string(),
            case_type: c.case_type,
            status: c.status,
            opened_at: time(c.opened_at),
            title: c.title,
            roles: all(c.roles),
        }
    }
}

/// A logged consultation of the requesting agency's information about the person.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsultationHeld {
    /// When.
    pub at: SystemTime,
    /// Who read.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// Why, as they said.
    pub justification: String,
    /// Which of the items about the person were read, and under which agreement.
    pub items: Vec<ConsultedItem>,
}

impl From<p::ConsultationHeld> for ConsultationHeld {
    fn from(c: p::ConsultationHeld) -> Self {
        ConsultationHeld {
            at: time(c.at),
            by: c.by,
            agency: c.agency,
            justification: c.justification,
            items: all(c.items),
        }
    }
}

/// One item held about the person, as the requester may see it.
// Serialised whole across the FFI either way: boxing the large variants would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ItemView {
    /// The person's profile.
    Profile {
        /// As the requester may see it.
        person: PersonView,
    },
    /// A case linked to them.
    Case {
        /// The case.
        case: CaseHeld,
    },
    /// An entry on such a case.
    Entry {
        /// The entry.
        entry: EntryView,
    },
    /// A risk assessment of them.
    Assessment {
        /// The assessment.
        assessment: AssessmentView,
    },
    /// A task on such a case.
    Task {
        /// The task.
        task: TaskView,
    },
    /// A referral of them or of such a case.
    Referral {
        /// The referral.
        referral: ReferralView,
    },
    /// A consultation of the requesting agency's items about them.
    Consultation {
        /// The consultation.
        consultation: ConsultationHeld,
    },
}

impl From<p::ItemView> for ItemView {
    fn from(v: p::ItemView) -> Self {
        match v {
            p::ItemView::Profile(person) => ItemView::Profile {
                person: person.into(),
            },
            p::ItemView::Case(case) => ItemView::Case { case: case.into() },
            p::ItemView::Entry(entry) => ItemView::Entry {
                entry: entry.into(),
            },
            p::ItemView::Assessment(assessment) => ItemView::Assessment {
                assessment: assessment.into(),
            },
            p::ItemView::Task(task) => ItemView::Task { task: task.into() },
            p::ItemView::Referral(referral) => ItemView::Referral {
                referral: referral.into(),
            },
            p::ItemView::Consultation(consultation) => ItemView::Consultation {
                consultation: consultation.into(),
            },
        }
    }
}

/// One item of the export.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HeldItem {
    /// The record's id (for a consultation, the id of the first item consulted).
    pub id: String,
    /// Whether the requester may read its content; otherwise only that it is held, by whom.
    pub readable: bool,
    /// The item as the requester may see it.
    pub view: ItemView,
}

impl From<p::HeldItem> for HeldItem {
    fn from(h: p::HeldItem) -> Self {
        HeldItem {
            id: h.id.to_string(),
            readable: h.readable,
            view: h.view.into(),
        }
    }
}

/// One owning agency's part of the export.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AgencyHoldings {
    /// The owning agency.
    pub agency: AgencyRef,
    /// Who may release this part.
    pub disclosure: Disclosure,
    /// What it holds that the requester may know of.
    pub items: Vec<HeldItem>,
}

impl From<p::AgencyHoldings> for AgencyHoldings {
    fn from(a: p::AgencyHoldings) -> Self {
        AgencyHoldings {
            agency: a.agency,
            disclosure: a.disclosure.into(),
            items: all(a.items),
        }
    }
}

/// Everything the hub holds about one person that the requesting agency may know of.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SubjectAccessView {
    /// The person's id.
    pub person: String,
    /// The agency answering the request.
    pub requesting_agency: AgencyRef,
    /// Who ran the export.
    pub requested_by: PractitionerRef,
    /// When.
    pub produced_at: SystemTime,
    /// Each owning agency's part: the requesting agency's first, then the others by name.
    pub agencies: Vec<AgencyHoldings>,
    /// Agencies the person is known to with nothing listed here: refer the request to them.
    pub also_held_by: Vec<AgencyRef>,
}

impl From<p::SubjectAccessExport> for SubjectAccessView {
    fn from(e: p::SubjectAccessExport) -> Self {
        SubjectAccessView {
            person: e.person.to_string(),
            requesting_agency: e.requesting_agency,
            requested_by: e.requested_by,
            produced_at: time(e.produced_at),
            agencies: all(e.agencies),
            also_held_by: all(e.also_held_by),
        }
    }
}

/// A subject access export made by [`Hub::subject_access`]: its data, JSON and Markdown.
#[derive(uniffi::Object)]
pub struct SubjectAccessExport {
    core: p::SubjectAccessExport,
}

#[uniffi::export]
impl SubjectAccessExport {
    /// The export as data.
    pub fn view(&self) -> SubjectAccessView {
        self.core.clone().into()
    }

    /// The export as the core's JSON (its serde shape), for the SAR file.
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.core)
            .map_err(|_| safehub::Error::Storage("export could not be encoded".into()).into())
    }

    /// A readable Markdown report of the export, showing exactly what the JSON holds.
    pub fn to_markdown(&self) -> String {
        self.core.to_markdown()
    }
}

#[uniffi::export]
impl Hub {
    /// The subject access export for a person, as the viewer's agency may answer it
    /// (supervisors and above); not found for a person the viewer may not know exists.
    pub fn subject_access(
        &self,
        viewer: Viewer,
        person: String,
    ) -> Result<Arc<SubjectAccessExport>> {
        let core = self.core.subject_access(&viewer, id(&person)?)?;
        Ok(Arc::new(SubjectAccessExport { core }))
    }
}
