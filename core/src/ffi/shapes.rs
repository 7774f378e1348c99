//! Foreign shapes of the core's enums whose variants hold one value unnamed (`Full(CaseDetail)`,
//! `Person(PersonId)`, `Scale(i64)`). UniFFI would hand such a value to Python as `view[0]` and
//! to Kotlin as `view.v1`; here each gets an enum of the same foreign name whose variants name it
//! (`view.case`, `Subject.PERSON(id=...)`), and the core's enum crosses as that enum through a
//! custom type (named `Core...` in the foreign code, an alias of the shape). The core's own
//! enums, their serde form and the journal stay as they are; every record holding one of them
//! derives `uniffi::Record` where the core defines it.

use super::SafehubError;
use crate::views::AgencyRef;
use crate::{
    AgencyId, AssessmentId, CaseId, EntryId, GroupId, LocationId, PersonId, PractitionerId,
    ReferralId, TaskId,
};

/// Declares the foreign shape `$name` of the core's enum `$core` (crossing under the foreign
/// alias `$alias`): each variant `Variant(value)` becomes `Variant { field: value }`; variants
/// without a value stay as they are.
macro_rules! named_variants {
    ($(#[$doc:meta])* $core:ty as $alias:ident => $name:ident {
        $($(#[$vdoc:meta])* $variant:ident $({ $field:ident: $ty:ty })?),+ $(,)?
    }) => {
        $(#[$doc])*
        // A shape mirrors the core's enum variant for variant, sizes included (`CaseView`).
        #[allow(clippy::large_enum_variant)]
        #[derive(Clone, Debug, PartialEq, uniffi::Enum)]
        pub enum $name {
            $(
                $(#[$vdoc])*
                $variant $({
                    /// The value the core's variant holds.
                    $field: $ty,
                })?,
            )+
        }

        type $alias = $core;

        uniffi::custom_type!($alias, $name, {
            lower: |value| match value {
                $($alias::$variant $(($field))? => $name::$variant $({ $field: $field.into() })?,)+
            },
            try_lift: |shape| Ok(match shape {
                $($name::$variant $({ $field })? => $alias::$variant $(($field.try_into()?))?,)+
            }),
        });
    };
}

named_variants!(
    /// An entry as a viewer sees it.
    crate::views::EntryView as CoreEntryView => EntryView {
        /// The whole entry.
        Full { entry: crate::views::EntryDetail },
        /// That the agency worked on the case, when, and what kind of entry: not what it says.
        Stub { stub: crate::views::EntryStub },
    }
);
named_variants!(
    /// A person as a viewer sees them.
    crate::views::PersonView as CorePersonView => PersonView {
        /// Every detail the viewer may read.
        Full { person: crate::views::PersonDetail },
        /// The name and whom to ask.
        Stub { stub: ProfileStub },
    }
);
named_variants!(
    /// A location as a viewer sees it.
    crate::views::LocationView as CoreLocationView => LocationView {
        /// Every detail the viewer may read.
        Full { location: crate::views::LocationDetail },
        /// The label and whom to ask.
        Stub { stub: ProfileStub },
    }
);
named_variants!(
    /// A group as a viewer sees it.
    crate::views::GroupView as CoreGroupView => GroupView {
        /// The group and its members, each as the viewer may see them.
        Full { group: crate::views::GroupDetail },
        /// The name and whom to ask.
        Stub { stub: ProfileStub },
    }
);
named_variants!(
    /// A case as a viewer sees it.
    crate::views::CaseView as CoreCaseView => CaseView {
        /// The case with its subjects and timeline, each decided on its own.
        Full { case: crate::views::CaseDetail },
        /// That the case exists, who leads it and who works on it, with what is shared.
        Stub { stub: crate::views::CaseStub },
    }
);

/// A profile (person, location or group) the viewer may not read: its name and whom to ask.
/// The core's `ProfileStub<Id>` is generic over the id, which UniFFI cannot carry.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ProfileStub {
    /// Its id, so the viewer can ask.
    pub id: String,
    /// Its name or label.
    pub name: String,
    /// The agencies to ask.
    pub known_to: Vec<AgencyRef>,
}

impl<Id: std::fmt::Display> From<crate::views::ProfileStub<Id>> for ProfileStub {
    fn from(s: crate::views::ProfileStub<Id>) -> Self {
        let (id, name, known_to) = (s.id.to_string(), s.name, s.known_to);
        ProfileStub { id, name, known_to }
    }
}

impl<Id: std::str::FromStr<Err = crate::Error>> TryFrom<ProfileStub>
    for crate::views::ProfileStub<Id>
{
    type Error = SafehubError;
    fn try_from(s: ProfileStub) -> Result<Self, SafehubError> {
        let id = s.id.parse()?;
        Ok(crate::views::ProfileStub {
            id,
            name: s.name,
            known_to: s.known_to,
        })
    }
}

named_variants!(
    /// A subject of a case: a person, a location or a group, by id.
    crate::Subject as CoreSubject => Subject {
        /// A person.
        Person { id: PersonId },
        /// A location.
        Location { id: LocationId },
        /// A group.
        Group { id: GroupId },
    }
);
named_variants!(
    /// A member of a case team: a whole agency or one practitioner, by id.
    crate::TeamMember as CoreTeamMember => TeamMember {
        /// Every practitioner of the agency.
        Agency { id: AgencyId },
        /// One practitioner.
        Practitioner { id: PractitionerId },
    }
);
named_variants!(
    /// Where a transferred case lead goes: a practitioner or an agency, by id.
    crate::NewLead as CoreNewLead => NewLead {
        /// A named practitioner.
        Practitioner { id: PractitionerId },
        /// An agency, whose supervisors then assign.
        Agency { id: AgencyId },
    }
);
named_variants!(
    /// Something the sharing engine can explain a decision about, by id.
    crate::Target as CoreTarget => Target {
        /// A case.
        Case { id: CaseId },
        /// An entry.
        Entry { id: EntryId },
        /// A person.
        Person { id: PersonId },
        /// A location.
        Location { id: LocationId },
        /// A group.
        Group { id: GroupId },
    }
);
named_variants!(
    /// The legal gateway an agreement relies on.
    crate::LawfulBasis as CoreLawfulBasis => LawfulBasis {
        /// s115 Crime and Disorder Act 1998.
        CrimeAndDisorderActS115,
        /// The data subject's consent.
        Consent,
        /// A statutory safeguarding duty.
        SafeguardingDuty,
        /// A public task (UK GDPR Article 6(1)(e)).
        PublicTask,
        /// A legal obligation.
        LegalObligation,
        /// Protecting someone's vital interests.
        VitalInterests,
        /// Another basis, described in words.
        Other { text: String },
    }
);
named_variants!(
    /// Who a task is for: one practitioner, or an agency's queue.
    crate::Assignee as CoreAssignee => Assignee {
        /// One practitioner.
        Practitioner { id: PractitionerId },
        /// The agency's queue: any of its practitioners may accept it.
        Agency { id: AgencyId },
    }
);
named_variants!(
    /// A task as a viewer sees it.
    crate::TaskView as CoreTaskView => TaskView {
        /// The whole task, its answer as the viewer may see it.
        Full { task: Box<crate::tasks::TaskDetail> },
        /// That a task exists between two agencies, when it is due and how it stands.
        Stub { stub: crate::tasks::TaskStub },
    }
);
named_variants!(
    /// A referral as a viewer sees it.
    crate::ReferralView as CoreReferralView => ReferralView {
        /// The whole referral.
        Full { referral: Box<crate::referrals::ReferralDetail> },
        /// That a referral exists between two agencies, and how it stands.
        Stub { stub: crate::referrals::ReferralStub },
    }
);
named_variants!(
    /// One answer to a question of a template.
    crate::AnswerValue as CoreAnswerValue => AnswerValue {
        /// A yes/no answer.
        YesNo { value: bool },
        /// A point on a scale.
        Scale { value: i64 },
        /// The id of the option chosen.
        Choice { option: String },
    }
);
named_variants!(
    /// A risk assessment as a viewer sees it.
    crate::AssessmentView as CoreAssessmentView => AssessmentView {
        /// The whole assessment.
        Full { assessment: Box<crate::risk::AssessmentDetail> },
        /// That an agency assessed someone on the case, and when: not the outcome.
        Stub { stub: crate::risk::AssessmentStub },
    }
);
named_variants!(
    /// A length of time counted the way the rules count it.
    crate::incidents::Period as CorePeriod => Period {
        /// Whole days of 24 hours.
        Days { days: u32 },
        /// Calendar months (the same day of the month; the month's last day if it is shorter).
        Months { months: u32 },
    }
);
named_variants!(
    /// What is being disposed of.
    crate::ErasureTarget as CoreErasureTarget => ErasureTarget {
        /// A closed case's content.
        Case { id: CaseId },
        /// A person's profile (only once no undisposed case is linked to them).
        Person { id: PersonId },
    }
);
named_variants!(
    /// One record whose content was erased: the tombstone's "what kind".
    crate::ErasedRecord as CoreErasedRecord => ErasedRecord {
        /// A case.
        Case { id: CaseId },
        /// An entry.
        Entry { id: EntryId },
        /// A person profile.
        Person { id: PersonId },
        /// A risk assessment.
        Assessment { id: AssessmentId },
        /// A task.
        Task { id: TaskId },
        /// A referral.
        Referral { id: ReferralId },
    }
);
named_variants!(
    /// A case as a subject access export shows it: its header where the requester may read it,
    /// otherwise the stub every other read gives.
    crate::protection::subject_access::CaseHeld as CoreCaseHeld => CaseHeld {
        /// The header and the person's roles in the case.
        Full { case: crate::protection::subject_access::CaseHeader },
        /// That the case exists, who leads it and who works it: not its type, status or dates.
        Stub { stub: crate::views::CaseStub },
    }
);
named_variants!(
    /// One item held about the person, as the requester of a subject access export may see it.
    crate::protection::subject_access::ItemView as CoreItemView => ItemView {
        /// The person's profile.
        Profile { person: crate::PersonView },
        /// A case linked to them.
        Case { case: crate::protection::subject_access::CaseHeld },
        /// An entry on such a case.
        Entry { entry: crate::EntryView },
        /// A risk assessment of them.
        Assessment { assessment: crate::AssessmentView },
        /// A task on such a case.
        Task { task: crate::TaskView },
        /// A referral of them or of such a case.
        Referral { referral: crate::ReferralView },
        /// A consultation of the requesting agency's items about them.
        Consultation { consultation: crate::protection::subject_access::ConsultationHeld },
        /// An amendment of their profile.
        Amendment { amendment: crate::AmendmentView },
        /// An incident involving them, read in full.
        Incident { incident: crate::views::IncidentView },
        /// A fact an agency holds about them, read in full.
        Fact { fact: crate::FactView },
    }
);
