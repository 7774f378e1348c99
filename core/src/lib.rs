//! # safehub
//!
//! The case-management core of a multi-agency community safety hub, as an embeddable library.
//! Police, councils, housing, mental health, social care, fire and the voluntary sector work the
//! same victims, offenders and places; safehub gives them one record of cases, people and
//! locations, and shares each piece of it exactly as far as the author and the partnership's
//! information sharing agreements allow. Everyone can see that an agency worked on a case; only
//! those the rules allow can read what it wrote.
//!
//! ```
//! use safehub::{Hub, NewAgency, AgencyKind, NewPractitioner, Role, NewAgreement, LawfulBasis,
//!               InformationCategory, NewCase, CaseType, NewEntry, Visibility, Viewer,
//!               CaseView, EntryView};
//! use chrono::{TimeZone, Utc};
//!
//! # fn main() -> Result<(), safehub::Error> {
//! let hub = Hub::open_in_memory()?;
//! let police = hub.establish("Tamworth Hub", NewAgency { name: "Police".into(), kind: AgencyKind::Police }, "Insp Admin")?;
//! let housing = hub.add_agency(police.admin, NewAgency { name: "Housing".into(), kind: AgencyKind::Housing })?;
//! let pc = hub.register_practitioner(police.admin, NewPractitioner {
//!     agency: police.agency, name: "PC Patel".into(), role: Role::CaseWorker, external_id: None })?;
//! let officer = hub.register_practitioner(police.admin, NewPractitioner {
//!     agency: housing, name: "Housing officer".into(), role: Role::CaseWorker, external_id: None })?;
//! hub.sign_agreement(police.admin, NewAgreement {
//!     title: "Hub ISP".into(), parties: vec![police.agency, housing], purposes: vec!["ASB".into()],
//!     lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
//!     categories: vec![InformationCategory::General, InformationCategory::Asb],
//!     special_category: false, starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(), ends: None })?;
//!
//! let case = hub.open_case(pc, NewCase { case_type: CaseType::Asb, title: "Noise, Elm Road".into(),
//!     lead_practitioner: None, team: vec![housing] })?;
//! hub.add_entry(pc, case, NewEntry::note("Spoke to the neighbours."))?;
//! hub.add_entry(pc, case, NewEntry::note("Intelligence: do not share.").visible_to(Visibility::Private))?;
//!
//! // Housing reads the shared note, and sees only that police wrote something else.
//! let CaseView::Full(view) = hub.case(&Viewer::new(officer).because("hub meeting"), case)? else { panic!() };
//! assert!(matches!(view.entries[0], EntryView::Full(_)));
//! assert!(matches!(view.entries[1], EntryView::Stub(_)));
//! # Ok(()) }
//! ```
//!
//! The pieces, each in its own module: the [`partnership`] (agencies, practitioners), the
//! [`agreements`] that let information cross between agencies, [`people`], [`locations`] and
//! [`groups`], the partnership's [`calendar`], [`cases`] and their [`entries`], [`risk`] assessments and the priority list,
//! [`incidents`] with the [`network`] they draw and the morning [`briefing`], the
//! [`sharing`] engine that decides who sees
//! what, the [`views`] reads return, the [`audit`] log of consultations, and the [`journal`]
//! that records every change as a hash-chained [`events::Event`]. The [`Hub`] ties them.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

// The UniFFI scaffolding of the core's own types; the bindings crate re-exports it into its
// library, so one cdylib carries the core's records and the bindings' `Hub` object.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!();

pub mod agreements;
pub mod amendments;
pub mod audit;
pub mod briefing;
pub mod calendar;
pub mod cases;
mod checks;
pub mod clock;
mod commands;
mod context;
pub mod duplicates;
pub mod entries;
pub mod error;
pub mod events;
#[cfg(feature = "uniffi")]
pub mod ffi;
pub mod groups;
mod hub;
pub mod identifiers;
pub mod ids;
pub mod incidents;
pub mod journal;
pub mod locations;
pub mod meetings;
pub mod merges;
pub mod network;
pub mod notifications;
pub mod partnership;
pub mod people;
mod projection;
pub mod protection;
pub mod reasons;
pub mod referrals;
pub mod risk;
pub mod sharing;
mod snapshot;
mod state;
pub mod tasks;
pub mod text;
pub mod validation;
pub mod views;

pub use agreements::{Agreement, LawfulBasis, NewAgreement};
pub use amendments::{AmendmentView, Change, Edit};
pub use audit::{Consultation, ConsultedItem, ContentKind};
pub use briefing::{Briefing, BriefingConfig};
pub use calendar::{Calendar, DEFAULT_TIME_ZONE};
pub use cases::{
    CaseClosure, CaseLink, CaseLinkKind, CaseOutcome, CaseStatus, CaseType, Handover, NewCase,
    NewLead, Reopening, Subject, SubjectRole, TeamMember,
};
pub use clock::{Clock, IdSource, ManualClock, RandomIds, SequentialIds, SystemClock};
pub use duplicates::{
    BirthMatch, CheckedPerson, DuplicateCandidate, DuplicatePair, DuplicateReason, NameMatch,
};
pub use entries::{EntryKind, InformationCategory, NewEntry, Visibility};
pub use error::{Error, ErrorCode, Result};
pub use groups::{GroupKind, NewGroup};
pub use hub::{Hub, HubBuilder, MAX_ATTEMPTS};
pub use identifiers::{Identifier, IdentifierKind};
pub use ids::{
    AgencyId, AgreementId, AssessmentId, CaseId, EntryId, FactId, GroupId, IncidentId, LocationId,
    MeetingId, NotificationId, PersonId, PractitionerId, ReferralId, TaskId,
};
pub use incidents::{
    CaseReviewConfig, HarmWeights, ImportOptions, ImportProgress, ImportReport, IncidentCategory,
    IncidentRole, IncidentRow, RepeatConfig, RowError, TopKind, TopList, TopMeasure, TopQuery,
};
pub use journal::{ChangeNotice, Integrity};
pub use locations::NewLocation;
pub use meetings::{MeetingView, NewMeeting};
pub use merges::MergeRequest;
pub use network::{Edge, Network, Node, Relation};
pub use notifications::{
    Notification, NotificationKind, NotificationListener, NotificationPage, NotificationWatch,
    Subscription,
};
pub use partnership::{AgencyKind, Established, NewAgency, NewPractitioner, Role};
pub use people::{
    Fact, FactSharing, FactValue, NewFact, NewFactValue, NewPerson, VulnerabilityFlag,
};
pub use protection::{
    Disclosure, ErasedRecord, Erasure, ErasureGround, ErasureTarget, MopiGroup, RetentionChoice,
    RetentionRule, SubjectAccessExport,
};
pub use referrals::{
    Consent, NewReferral, Outcome, ReferralState, ReferralView, UnsuccessfulReason,
};
pub use risk::{
    AnswerValue, Answers, AssessmentView, EscalationInput, Level, NewAssessment, OverdueReview,
    PriorityReason, PriorityRow, RiskChange, RiskChangeKind, Template, TemplateRef, Trigger,
};
pub use sharing::{Access, Decision, Rule, Target};
pub use tasks::{Assignee, FeedItem, NewTask, Priority, TaskState, TaskView};
pub use text::SharedText;
pub use views::{
    CaseLinkView, CaseView, EntryView, FactView, GroupView, LocationView, OnCase, PersonView,
    Viewer,
};
