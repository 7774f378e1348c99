//! Events: the facts the journal records. Every change to the hub is one or more of these.
//!
//! An event is what happened, in the past tense, with every value it needs to be applied again
//! on replay: ids, times and validated content are decided before the event is written, so that
//! applying it to the projections is a pure function of the event.

use crate::agreements::Agreement;
use crate::amendments::Amendment;
use crate::audit::Consultation;
use crate::cases::{CaseLink, CaseOutcome, CaseStatus, CaseType, LinkedSubject, Team, TeamMember};
use crate::entries::{Entry, Visibility};
use crate::groups::Group;
use crate::ids::{
    AgencyId, AgreementId, CaseId, EntryId, IncidentId, MeetingId, PersonId, PractitionerId, TaskId,
};
use crate::locations::Location;
use crate::meetings::meeting::{AgendaSubject, Disclosure, Meeting, MeetingItem};
use crate::partnership::{Agency, Practitioner, Role};
use crate::people::Person;
use chrono::{DateTime, Utc};

pub(crate) mod codec;
pub(crate) mod stored;

pub use codec::decode;

/// A fact recorded in the journal.
///
/// It is not serialised as it is: the journal stores each kind's stored shape
/// (`events/stored`, by way of the codec), so this enum and the domain values it holds
/// may change without changing what a journal holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The hub was set up.
    PartnershipEstablished {
        /// The hub's name.
        name: String,
    },
    /// The partnership's time zone was set: its days and months are counted in it from here on.
    /// A journal without it (every journal written before zones were recorded, and any hub that
    /// kept the default) counts in Europe/London.
    TimeZoneSet {
        /// The IANA name, e.g. "Europe/London".
        zone: String,
    },
    /// An agency joined the partnership.
    AgencyJoined {
        /// The agency as it joined.
        agency: Agency,
    },
    /// An agency left the partnership: its future access ends.
    AgencyLeft {
        /// Which agency.
        agency: AgencyId,
    },
    /// A practitioner was registered.
    PractitionerRegistered {
        /// The practitioner.
        practitioner: Practitioner,
    },
    /// A practitioner's role changed.
    PractitionerRoleChanged {
        /// Whose.
        practitioner: PractitionerId,
        /// The new role.
        role: Role,
    },
    /// A practitioner's account was closed.
    PractitionerDeactivated {
        /// Whose.
        practitioner: PractitionerId,
    },
    /// An information sharing agreement was signed.
    AgreementSigned {
        /// The agreement.
        agreement: Agreement,
    },
    /// An agreement was brought to an end.
    AgreementEnded {
        /// Which agreement.
        agreement: AgreementId,
        /// When it ends.
        ends: DateTime<Utc>,
    },
    /// A person profile was recorded.
    PersonRecorded {
        /// The profile.
        person: Person,
    },
    /// A location profile was recorded.
    LocationRecorded {
        /// The profile.
        location: Location,
    },
    /// A group was formed.
    GroupFormed {
        /// The group.
        group: Group,
    },
    /// A person, location or group was amended by the agency that recorded it.
    RecordAmended {
        /// Who changed what, when and why.
        amendment: Amendment,
    },
    /// An agency that recorded one of two person profiles agreed that they are one person.
    MergeAgreed {
        /// The profile the other is merged into.
        survivor: PersonId,
        /// The profile merged into it.
        absorbed: PersonId,
        /// The agreeing agency.
        agency: AgencyId,
        /// Its practitioner who agreed.
        by: PractitionerId,
        /// Why, in their words.
        reason: String,
    },
    /// Every agency that recorded one of the two profiles agreed: `absorbed` is read as part
    /// of `survivor` from now on.
    PeopleMerged {
        /// The profile the other is merged into.
        survivor: PersonId,
        /// The profile merged into it.
        absorbed: PersonId,
    },
    /// A merge was undone: the two profiles are separate people again.
    PeopleUnmerged {
        /// The profile `absorbed` was merged into.
        survivor: PersonId,
        /// The profile merged into it.
        absorbed: PersonId,
        /// Who undid it.
        by: PractitionerId,
        /// Why, in their words.
        reason: String,
    },
    /// A case was opened.
    CaseOpened {
        /// Its id.
        case: CaseId,
        /// Its type.
        case_type: CaseType,
        /// Its title.
        title: String,
        /// The lead agency.
        lead_agency: AgencyId,
        /// The lead practitioner.
        lead_practitioner: PractitionerId,
        /// The team it starts with.
        team: Team,
    },
    /// Someone joined a case team.
    TeamMemberAdded {
        /// Which case.
        case: CaseId,
        /// Who.
        member: TeamMember,
    },
    /// Someone left a case team.
    TeamMemberRemoved {
        /// Which case.
        case: CaseId,
        /// Who.
        member: TeamMember,
    },
    /// A subject was linked to a case.
    SubjectLinked {
        /// Which case.
        case: CaseId,
        /// The subject and role.
        subject: LinkedSubject,
    },
    /// A subject was unlinked from a case.
    SubjectUnlinked {
        /// Which case.
        case: CaseId,
        /// The subject and role.
        subject: LinkedSubject,
    },
    /// A case changed status.
    CaseStatusChanged {
        /// Which case.
        case: CaseId,
        /// The new status.
        status: CaseStatus,
    },
    /// A case's lead passed to another practitioner or agency; the new lead agency joins the
    /// team if it was not on it.
    CaseLeadTransferred {
        /// Which case.
        case: CaseId,
        /// Who transferred it.
        by: PractitionerId,
        /// The new lead agency.
        agency: AgencyId,
        /// The new lead practitioner; `None` when transferred to the agency, whose supervisors
        /// then assign.
        practitioner: Option<PractitionerId>,
        /// Why, in the transferrer's words.
        reason: String,
    },
    /// A case was closed with an outcome.
    CaseClosed {
        /// Which case.
        case: CaseId,
        /// Who closed it.
        by: PractitionerId,
        /// How it ended.
        outcome: CaseOutcome,
        /// Why, in the closer's words.
        reason: String,
    },
    /// A closed case was opened again.
    CaseReopened {
        /// Which case.
        case: CaseId,
        /// Who reopened it.
        by: PractitionerId,
        /// Why, in the reopener's words.
        reason: String,
    },
    /// Two cases were linked.
    CasesLinked {
        /// The linking case.
        case: CaseId,
        /// The case it is linked to.
        other: CaseId,
        /// How `case` relates to `other`.
        link: CaseLink,
        /// Who linked them.
        by: PractitionerId,
    },
    /// Two cases were unlinked.
    CasesUnlinked {
        /// One case.
        case: CaseId,
        /// The other.
        other: CaseId,
        /// Who unlinked them.
        by: PractitionerId,
    },
    /// An incident was linked to a case.
    IncidentLinked {
        /// The case.
        case: CaseId,
        /// The incident.
        incident: IncidentId,
        /// Who linked it.
        by: PractitionerId,
    },
    /// An incident was unlinked from a case.
    IncidentUnlinked {
        /// The case.
        case: CaseId,
        /// The incident.
        incident: IncidentId,
        /// Who unlinked it.
        by: PractitionerId,
    },
    /// A meeting was scheduled.
    MeetingScheduled {
        /// The meeting as scheduled (no attendance yet).
        meeting: Meeting,
    },
    /// A practitioner attended a meeting.
    AttendanceRecorded {
        /// The meeting.
        meeting: MeetingId,
        /// Who attended.
        practitioner: PractitionerId,
        /// Who recorded it (the chair or the attendee).
        by: PractitionerId,
    },
    /// A decision of a meeting was recorded (its entry is written by the same append).
    MeetingDecisionRecorded {
        /// The meeting.
        meeting: MeetingId,
        /// The entry holding the decision.
        entry: EntryId,
        /// The items disclosed at the meeting it rests on.
        rests_on: Vec<MeetingItem>,
    },
    /// An action was agreed at a meeting (its task is set by the same append).
    MeetingActionAgreed {
        /// The meeting.
        meeting: MeetingId,
        /// The task.
        task: TaskId,
        /// The items disclosed at the meeting it rests on.
        rests_on: Vec<MeetingItem>,
    },
    /// An item was added to a meeting's agenda by hand.
    AgendaItemAdded {
        /// The meeting.
        meeting: MeetingId,
        /// The case, person or place.
        item: AgendaSubject,
        /// Who added it.
        by: PractitionerId,
    },
    /// An agency disclosed an item of its own at a meeting.
    DisclosedAtMeeting {
        /// The disclosure, with its recipients.
        disclosure: Disclosure,
    },
    /// An entry was written on a case.
    EntryAdded {
        /// The entry.
        entry: Entry,
    },
    /// An entry's author changed who may see it (an audited event: DESIGN.md section 4).
    EntryVisibilityChanged {
        /// Which entry.
        entry: EntryId,
        /// The new visibility.
        visibility: Visibility,
        /// Whether it is now sensitive.
        sensitive: bool,
    },
    /// A practitioner read another agency's content (DPA 2018 s62 consultation log).
    Consulted {
        /// The record of the read.
        consultation: Consultation,
    },
    // ---- risk ----
    /// A risk template version was registered.
    TemplateRegistered {
        /// The template, validated.
        template: crate::risk::Template,
    },
    /// A risk assessment was recorded, already scored.
    AssessmentRecorded {
        /// The assessment with its score, levels, triggers and review date.
        assessment: crate::risk::Assessment,
    },
    /// An assessment's level was overridden by professional judgement (an audited event).
    AssessmentOverridden {
        /// Which assessment.
        assessment: crate::ids::AssessmentId,
        /// The override.
        change: crate::risk::Override,
        /// The next review date at the new level.
        review_due: Option<DateTime<Utc>>,
    },
    /// An assessment was reviewed and its level stands.
    AssessmentReviewed {
        /// Which assessment.
        assessment: crate::ids::AssessmentId,
        /// The review.
        review: crate::risk::Review,
        /// The next review date.
        review_due: Option<DateTime<Utc>>,
    },
    // ---- tasks ----
    /// A task was set on a case.
    TaskSet {
        /// The task as set.
        task: crate::tasks::Task,
    },
    /// A task was taken on; for an agency task, the taker now holds it.
    TaskAccepted {
        /// Which task.
        task: crate::ids::TaskId,
        /// Who took it on.
        by: PractitionerId,
    },
    /// Work on a task started.
    TaskStarted {
        /// Which task.
        task: crate::ids::TaskId,
        /// Who started it.
        by: PractitionerId,
    },
    /// A task was answered; the answer is the entry added in the same append.
    TaskAnswered {
        /// Which task.
        task: crate::ids::TaskId,
        /// The answer.
        entry: EntryId,
        /// Who answered, who now holds it.
        by: PractitionerId,
    },
    /// A task was declined.
    TaskDeclined {
        /// Which task.
        task: crate::ids::TaskId,
        /// Who declined it, and why.
        reason: crate::reasons::Reason,
    },
    /// A task was cancelled by its setter's side.
    TaskCancelled {
        /// Which task.
        task: crate::ids::TaskId,
        /// Who cancelled it.
        by: PractitionerId,
    },
    /// A task was given to someone else and opened again.
    TaskReassigned {
        /// Which task.
        task: crate::ids::TaskId,
        /// Who reassigned it.
        by: PractitionerId,
        /// The agency it is now for.
        agency: AgencyId,
        /// The practitioner it is now for, if one.
        practitioner: Option<PractitionerId>,
    },
    // ---- referrals ----
    /// One agency referred a person or case to another. Carries the consent record and, where
    /// consent was refused or not recorded, the audited override.
    ReferralMade {
        /// The referral as made.
        referral: crate::referrals::Referral,
    },
    /// The receiving agency accepted a referral (and, for a case, joins its team in the same
    /// append).
    ReferralAccepted {
        /// Which referral.
        referral: crate::ids::ReferralId,
        /// Who accepted it.
        by: PractitionerId,
    },
    /// The receiving agency declined a referral.
    ReferralDeclined {
        /// Which referral.
        referral: crate::ids::ReferralId,
        /// Who declined it, and why.
        reason: crate::reasons::Reason,
    },
    /// The referring side withdrew a pending referral.
    ReferralWithdrawn {
        /// Which referral.
        referral: crate::ids::ReferralId,
        /// Who withdrew it.
        by: PractitionerId,
    },
    /// The receiving agency recorded how an accepted referral ended.
    ReferralOutcomeRecorded {
        /// Which referral.
        referral: crate::ids::ReferralId,
        /// Who recorded it.
        by: PractitionerId,
        /// How it ended.
        outcome: crate::referrals::Outcome,
    },
    // ---- incidents ----
    /// A batch of incidents was imported, all or nothing, with the person and location profiles
    /// the import created and what it reported (duplicates skipped, uncertain matches).
    IncidentsImported {
        /// The batch.
        batch: crate::incidents::ImportedBatch,
    },
    // ---- protection ----
    /// A retention rule was registered (replacing one that applies to the same things).
    RetentionRuleSet {
        /// The rule.
        rule: crate::protection::RetentionRule,
    },
    /// A closed case's retention review was decided: retain (with a reason) or dispose.
    RetentionDecided {
        /// The decision.
        decision: crate::protection::RetentionDecision,
    },
    /// Content was erased: the audited tombstone, naming the records and the journal events
    /// redacted. Appended before the redactions it names.
    ErasureRecorded {
        /// The tombstone.
        erasure: crate::protection::Erasure,
    },
}

impl Event {
    /// The event's type name, as stored in the journal header.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::PartnershipEstablished { .. } => "partnership_established",
            Event::TimeZoneSet { .. } => "time_zone_set",
            Event::AgencyJoined { .. } => "agency_joined",
            Event::AgencyLeft { .. } => "agency_left",
            Event::PractitionerRegistered { .. } => "practitioner_registered",
            Event::PractitionerRoleChanged { .. } => "practitioner_role_changed",
            Event::PractitionerDeactivated { .. } => "practitioner_deactivated",
            Event::AgreementSigned { .. } => "agreement_signed",
            Event::AgreementEnded { .. } => "agreement_ended",
            Event::PersonRecorded { .. } => "person_recorded",
            Event::LocationRecorded { .. } => "location_recorded",
            Event::GroupFormed { .. } => "group_formed",
            Event::RecordAmended { .. } => "record_amended",
            Event::MergeAgreed { .. } => "merge_agreed",
            Event::PeopleMerged { .. } => "people_merged",
            Event::PeopleUnmerged { .. } => "people_unmerged",
            Event::CaseOpened { .. } => "case_opened",
            Event::TeamMemberAdded { .. } => "team_member_added",
            Event::TeamMemberRemoved { .. } => "team_member_removed",
            Event::SubjectLinked { .. } => "subject_linked",
            Event::SubjectUnlinked { .. } => "subject_unlinked",
            Event::CaseStatusChanged { .. } => "case_status_changed",
            Event::CaseLeadTransferred { .. } => "case_lead_transferred",
            Event::CaseClosed { .. } => "case_closed",
            Event::CaseReopened { .. } => "case_reopened",
            Event::CasesLinked { .. } => "cases_linked",
            Event::CasesUnlinked { .. } => "cases_unlinked",
            Event::IncidentLinked { .. } => "incident_linked",
            Event::IncidentUnlinked { .. } => "incident_unlinked",
            Event::MeetingScheduled { .. } => "meeting_scheduled",
            Event::AttendanceRecorded { .. } => "attendance_recorded",
            Event::AgendaItemAdded { .. } => "agenda_item_added",
            Event::DisclosedAtMeeting { .. } => "disclosed_at_meeting",
            Event::MeetingDecisionRecorded { .. } => "meeting_decision_recorded",
            Event::MeetingActionAgreed { .. } => "meeting_action_agreed",
            Event::EntryAdded { .. } => "entry_added",
            Event::EntryVisibilityChanged { .. } => "entry_visibility_changed",
            Event::Consulted { .. } => "consulted",
            Event::TemplateRegistered { .. } => "template_registered",
            Event::AssessmentRecorded { .. } => "assessment_recorded",
            Event::AssessmentOverridden { .. } => "assessment_overridden",
            Event::AssessmentReviewed { .. } => "assessment_reviewed",
            Event::TaskSet { .. } => "task_set",
            Event::TaskAccepted { .. } => "task_accepted",
            Event::TaskStarted { .. } => "task_started",
            Event::TaskAnswered { .. } => "task_answered",
            Event::TaskDeclined { .. } => "task_declined",
            Event::TaskCancelled { .. } => "task_cancelled",
            Event::TaskReassigned { .. } => "task_reassigned",
            Event::ReferralMade { .. } => "referral_made",
            Event::ReferralAccepted { .. } => "referral_accepted",
            Event::ReferralDeclined { .. } => "referral_declined",
            Event::ReferralWithdrawn { .. } => "referral_withdrawn",
            Event::ReferralOutcomeRecorded { .. } => "referral_outcome_recorded",
            Event::IncidentsImported { .. } => "incidents_imported",
            Event::RetentionRuleSet { .. } => "retention_rule_set",
            Event::RetentionDecided { .. } => "retention_decided",
            Event::ErasureRecorded { .. } => "erasure_recorded",
        }
    }
}
