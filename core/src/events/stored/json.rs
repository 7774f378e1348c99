//! The JSON kinds: every event kind but the two bulk ones, as one internally tagged enum whose
//! tags are the kinds (with a version suffix from version 2 on, see the module above).
//!
//! The field names are the Rust names (serde writes them as they are), in the order written.

use super::amendments::Amendment;
use super::cases::{CaseLink, CaseOutcome};
use super::meetings::{AgendaSubject, Disclosure, Meeting, MeetingItem};
use super::protection::{Erasure, RetentionDecision, RetentionRule};
use super::referrals::{Outcome, Referral};
use super::risk::{Assessment, Override, Review, Template};
use super::tasks::{Reason, Task};
use super::values::{
    Agency, Agreement, CaseStatus, CaseType, Entry, Group, LinkedSubject, Location, Person,
    Practitioner, Role, Team, TeamMember, Visibility,
};
use crate::events::Event;
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An event stored as JSON: version 1 of every JSON kind, and version 2 of `record_amended`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub(crate) enum Json {
    /// `partnership_established`
    #[serde(rename = "partnership_established")]
    PartnershipEstablished { name: String },
    /// `time_zone_set`
    #[serde(rename = "time_zone_set")]
    TimeZoneSet { zone: String },
    /// `agency_joined`
    #[serde(rename = "agency_joined")]
    AgencyJoined { agency: Agency },
    /// `agency_left`
    #[serde(rename = "agency_left")]
    AgencyLeft { agency: Uuid },
    /// `practitioner_registered`
    #[serde(rename = "practitioner_registered")]
    PractitionerRegistered { practitioner: Practitioner },
    /// `practitioner_role_changed`
    #[serde(rename = "practitioner_role_changed")]
    PractitionerRoleChanged { practitioner: Uuid, role: Role },
    /// `practitioner_deactivated`
    #[serde(rename = "practitioner_deactivated")]
    PractitionerDeactivated { practitioner: Uuid },
    /// `agreement_signed`
    #[serde(rename = "agreement_signed")]
    AgreementSigned { agreement: Agreement },
    /// `agreement_ended`
    #[serde(rename = "agreement_ended")]
    AgreementEnded {
        agreement: Uuid,
        ends: DateTime<Utc>,
    },
    /// `person_recorded`
    #[serde(rename = "person_recorded")]
    PersonRecorded { person: Person<DateTime<Utc>> },
    /// `location_recorded`
    #[serde(rename = "location_recorded")]
    LocationRecorded { location: Location<DateTime<Utc>> },
    /// `group_formed`
    #[serde(rename = "group_formed")]
    GroupFormed { group: Group },
    /// `record_amended`
    #[serde(rename = "record_amended")]
    RecordAmended {
        amendment: Amendment<super::amendments::Change>,
    },
    /// `record_amended`, version 2: with changes to agencies' facts about a person.
    #[serde(rename = "record_amended.2")]
    RecordAmended2 { amendment: Amendment },
    /// `merge_agreed`
    #[serde(rename = "merge_agreed")]
    MergeAgreed {
        survivor: Uuid,
        absorbed: Uuid,
        agency: Uuid,
        by: Uuid,
        reason: String,
    },
    /// `people_merged`
    #[serde(rename = "people_merged")]
    PeopleMerged { survivor: Uuid, absorbed: Uuid },
    /// `people_unmerged`
    #[serde(rename = "people_unmerged")]
    PeopleUnmerged {
        survivor: Uuid,
        absorbed: Uuid,
        by: Uuid,
        reason: String,
    },
    /// `case_opened`
    #[serde(rename = "case_opened")]
    CaseOpened {
        case: Uuid,
        case_type: CaseType,
        title: String,
        lead_agency: Uuid,
        lead_practitioner: Uuid,
        team: Team,
    },
    /// `team_member_added`
    #[serde(rename = "team_member_added")]
    TeamMemberAdded { case: Uuid, member: TeamMember },
    /// `team_member_removed`
    #[serde(rename = "team_member_removed")]
    TeamMemberRemoved { case: Uuid, member: TeamMember },
    /// `subject_linked`
    #[serde(rename = "subject_linked")]
    SubjectLinked { case: Uuid, subject: LinkedSubject },
    /// `subject_unlinked`
    #[serde(rename = "subject_unlinked")]
    SubjectUnlinked { case: Uuid, subject: LinkedSubject },
    /// `case_status_changed`
    #[serde(rename = "case_status_changed")]
    CaseStatusChanged { case: Uuid, status: CaseStatus },
    /// `case_lead_transferred`
    #[serde(rename = "case_lead_transferred")]
    CaseLeadTransferred {
        case: Uuid,
        by: Uuid,
        agency: Uuid,
        practitioner: Option<Uuid>,
        reason: String,
    },
    /// `case_closed`
    #[serde(rename = "case_closed")]
    CaseClosed {
        case: Uuid,
        by: Uuid,
        outcome: CaseOutcome,
        reason: String,
    },
    /// `case_reopened`
    #[serde(rename = "case_reopened")]
    CaseReopened {
        case: Uuid,
        by: Uuid,
        reason: String,
    },
    /// `cases_linked`
    #[serde(rename = "cases_linked")]
    CasesLinked {
        case: Uuid,
        other: Uuid,
        link: CaseLink,
        by: Uuid,
    },
    /// `cases_unlinked`
    #[serde(rename = "cases_unlinked")]
    CasesUnlinked { case: Uuid, other: Uuid, by: Uuid },
    /// `incident_linked`
    #[serde(rename = "incident_linked")]
    IncidentLinked {
        case: Uuid,
        incident: Uuid,
        by: Uuid,
    },
    /// `incident_unlinked`
    #[serde(rename = "incident_unlinked")]
    IncidentUnlinked {
        case: Uuid,
        incident: Uuid,
        by: Uuid,
    },
    /// `meeting_scheduled`
    #[serde(rename = "meeting_scheduled")]
    MeetingScheduled { meeting: Meeting },
    /// `attendance_recorded`
    #[serde(rename = "attendance_recorded")]
    AttendanceRecorded {
        meeting: Uuid,
        practitioner: Uuid,
        by: Uuid,
    },
    /// `disclosed_at_meeting`
    #[serde(rename = "disclosed_at_meeting")]
    DisclosedAtMeeting { disclosure: Disclosure },
    /// `meeting_decision_recorded`
    #[serde(rename = "meeting_decision_recorded")]
    MeetingDecisionRecorded {
        meeting: Uuid,
        entry: Uuid,
        rests_on: Vec<MeetingItem>,
    },
    /// `meeting_action_agreed`
    #[serde(rename = "meeting_action_agreed")]
    MeetingActionAgreed {
        meeting: Uuid,
        task: Uuid,
        rests_on: Vec<MeetingItem>,
    },
    /// `agenda_item_added`
    #[serde(rename = "agenda_item_added")]
    AgendaItemAdded {
        meeting: Uuid,
        item: AgendaSubject,
        by: Uuid,
    },
    /// `entry_added`
    #[serde(rename = "entry_added")]
    EntryAdded { entry: Entry },
    /// `entry_visibility_changed`
    #[serde(rename = "entry_visibility_changed")]
    EntryVisibilityChanged {
        entry: Uuid,
        visibility: Visibility,
        sensitive: bool,
    },
    /// `template_registered`
    #[serde(rename = "template_registered")]
    TemplateRegistered { template: Template },
    /// `assessment_recorded`
    #[serde(rename = "assessment_recorded")]
    AssessmentRecorded { assessment: Assessment },
    /// `assessment_overridden`
    #[serde(rename = "assessment_overridden")]
    AssessmentOverridden {
        assessment: Uuid,
        change: Override,
        review_due: Option<DateTime<Utc>>,
    },
    /// `assessment_reviewed`
    #[serde(rename = "assessment_reviewed")]
    AssessmentReviewed {
        assessment: Uuid,
        review: Review,
        review_due: Option<DateTime<Utc>>,
    },
    /// `task_set`
    #[serde(rename = "task_set")]
    TaskSet { task: Task },
    /// `task_accepted`
    #[serde(rename = "task_accepted")]
    TaskAccepted { task: Uuid, by: Uuid },
    /// `task_started`
    #[serde(rename = "task_started")]
    TaskStarted { task: Uuid, by: Uuid },
    /// `task_answered`
    #[serde(rename = "task_answered")]
    TaskAnswered { task: Uuid, entry: Uuid, by: Uuid },
    /// `task_declined`
    #[serde(rename = "task_declined")]
    TaskDeclined { task: Uuid, reason: Reason },
    /// `task_cancelled`
    #[serde(rename = "task_cancelled")]
    TaskCancelled { task: Uuid, by: Uuid },
    /// `task_reassigned`
    #[serde(rename = "task_reassigned")]
    TaskReassigned {
        task: Uuid,
        by: Uuid,
        agency: Uuid,
        practitioner: Option<Uuid>,
    },
    /// `referral_made`
    #[serde(rename = "referral_made")]
    ReferralMade { referral: Referral },
    /// `referral_accepted`
    #[serde(rename = "referral_accepted")]
    ReferralAccepted { referral: Uuid, by: Uuid },
    /// `referral_declined`
    #[serde(rename = "referral_declined")]
    ReferralDeclined { referral: Uuid, reason: Reason },
    /// `referral_withdrawn`
    #[serde(rename = "referral_withdrawn")]
    ReferralWithdrawn { referral: Uuid, by: Uuid },
    /// `referral_outcome_recorded`
    #[serde(rename = "referral_outcome_recorded")]
    ReferralOutcomeRecorded {
        referral: Uuid,
        by: Uuid,
        outcome: Outcome,
    },
    /// `retention_rule_set`
    #[serde(rename = "retention_rule_set")]
    RetentionRuleSet { rule: RetentionRule },
    /// `retention_decided`
    #[serde(rename = "retention_decided")]
    RetentionDecided { decision: RetentionDecision },
    /// `erasure_recorded`
    #[serde(rename = "erasure_recorded")]
    ErasureRecorded { erasure: Erasure },
}

impl Json {
    /// The stored shape of `event`, or `None` for the two kinds stored in binary.
    pub(crate) fn of(event: &Event) -> Option<Json> {
        Some(match event {
            Event::PartnershipEstablished { name } => {
                Json::PartnershipEstablished { name: name.clone() }
            }
            Event::TimeZoneSet { zone } => Json::TimeZoneSet { zone: zone.clone() },
            Event::AgencyJoined { agency } => Json::AgencyJoined {
                agency: agency.into(),
            },
            Event::AgencyLeft { agency } => Json::AgencyLeft { agency: agency.0 },
            Event::PractitionerRegistered { practitioner } => Json::PractitionerRegistered {
                practitioner: practitioner.into(),
            },
            Event::PractitionerRoleChanged { practitioner, role } => {
                Json::PractitionerRoleChanged {
                    practitioner: practitioner.0,
                    role: (*role).into(),
                }
            }
            Event::PractitionerDeactivated { practitioner } => Json::PractitionerDeactivated {
                practitioner: practitioner.0,
            },
            Event::AgreementSigned { agreement } => Json::AgreementSigned {
                agreement: agreement.into(),
            },
            Event::AgreementEnded { agreement, ends } => Json::AgreementEnded {
                agreement: agreement.0,
                ends: *ends,
            },
            Event::PersonRecorded { person } => Json::PersonRecorded {
                person: person.into(),
            },
            Event::LocationRecorded { location } => Json::LocationRecorded {
                location: location.into(),
            },
            Event::GroupFormed { group } => Json::GroupFormed {
                group: group.into(),
            },
            Event::RecordAmended { amendment } => Json::RecordAmended2 {
                amendment: amendment.into(),
            },
            Event::MergeAgreed {
                survivor,
                absorbed,
                agency,
                by,
                reason,
            } => Json::MergeAgreed {
                survivor: survivor.0,
                absorbed: absorbed.0,
                agency: agency.0,
                by: by.0,
                reason: reason.clone(),
            },
            Event::PeopleMerged { survivor, absorbed } => Json::PeopleMerged {
                survivor: survivor.0,
                absorbed: absorbed.0,
            },
            Event::PeopleUnmerged {
                survivor,
                absorbed,
                by,
                reason,
            } => Json::PeopleUnmerged {
                survivor: survivor.0,
                absorbed: absorbed.0,
                by: by.0,
                reason: reason.clone(),
            },
            Event::CaseOpened {
                case,
                case_type,
                title,
                lead_agency,
                lead_practitioner,
                team,
            } => Json::CaseOpened {
                case: case.0,
                case_type: (*case_type).into(),
                title: title.clone(),
                lead_agency: lead_agency.0,
                lead_practitioner: lead_practitioner.0,
                team: team.into(),
            },
            Event::TeamMemberAdded { case, member } => Json::TeamMemberAdded {
                case: case.0,
                member: member.into(),
            },
            Event::TeamMemberRemoved { case, member } => Json::TeamMemberRemoved {
                case: case.0,
                member: member.into(),
            },
            Event::SubjectLinked { case, subject } => Json::SubjectLinked {
                case: case.0,
                subject: subject.into(),
            },
            Event::SubjectUnlinked { case, subject } => Json::SubjectUnlinked {
                case: case.0,
                subject: subject.into(),
            },
            Event::CaseStatusChanged { case, status } => Json::CaseStatusChanged {
                case: case.0,
                status: (*status).into(),
            },
            Event::CaseLeadTransferred {
                case,
                by,
                agency,
                practitioner,
                reason,
            } => Json::CaseLeadTransferred {
                case: case.0,
                by: by.0,
                agency: agency.0,
                practitioner: practitioner.map(|p| p.0),
                reason: reason.clone(),
            },
            Event::CaseClosed {
                case,
                by,
                outcome,
                reason,
            } => Json::CaseClosed {
                case: case.0,
                by: by.0,
                outcome: (*outcome).into(),
                reason: reason.clone(),
            },
            Event::CaseReopened { case, by, reason } => Json::CaseReopened {
                case: case.0,
                by: by.0,
                reason: reason.clone(),
            },
            Event::CasesLinked {
                case,
                other,
                link,
                by,
            } => Json::CasesLinked {
                case: case.0,
                other: other.0,
                link: (*link).into(),
                by: by.0,
            },
            Event::CasesUnlinked { case, other, by } => Json::CasesUnlinked {
                case: case.0,
                other: other.0,
                by: by.0,
            },
            Event::IncidentLinked { case, incident, by } => Json::IncidentLinked {
                case: case.0,
                incident: incident.0,
                by: by.0,
            },
            Event::IncidentUnlinked { case, incident, by } => Json::IncidentUnlinked {
                case: case.0,
                incident: incident.0,
                by: by.0,
            },
            Event::MeetingScheduled { meeting } => Json::MeetingScheduled {
                meeting: meeting.into(),
            },
            Event::AttendanceRecorded {
                meeting,
                practitioner,
                by,
            } => Json::AttendanceRecorded {
                meeting: meeting.0,
                practitioner: practitioner.0,
                by: by.0,
            },
            Event::DisclosedAtMeeting { disclosure } => Json::DisclosedAtMeeting {
                disclosure: disclosure.into(),
            },
            Event::MeetingDecisionRecorded {
                meeting,
                entry,
                rests_on,
            } => Json::MeetingDecisionRecorded {
                meeting: meeting.0,
                entry: entry.0,
                rests_on: rests_on.iter().map(|i| (*i).into()).collect(),
            },
            Event::MeetingActionAgreed {
                meeting,
                task,
                rests_on,
            } => Json::MeetingActionAgreed {
                meeting: meeting.0,
                task: task.0,
                rests_on: rests_on.iter().map(|i| (*i).into()).collect(),
            },
            Event::AgendaItemAdded { meeting, item, by } => Json::AgendaItemAdded {
                meeting: meeting.0,
                item: (*item).into(),
                by: by.0,
            },
            Event::EntryAdded { entry } => Json::EntryAdded {
                entry: entry.into(),
            },
            Event::EntryVisibilityChanged {
                entry,
                visibility,
                sensitive,
            } => Json::EntryVisibilityChanged {
                entry: entry.0,
                visibility: (*visibility).into(),
                sensitive: *sensitive,
            },
            Event::Consulted { .. } | Event::IncidentsImported { .. } => return None,
            Event::TemplateRegistered { template } => Json::TemplateRegistered {
                template: template.into(),
            },
            Event::AssessmentRecorded { assessment } => Json::AssessmentRecorded {
                assessment: assessment.into(),
            },
            Event::AssessmentOverridden {
                assessment,
                change,
                review_due,
            } => Json::AssessmentOverridden {
                assessment: assessment.0,
                change: change.into(),
                review_due: *review_due,
            },
            Event::AssessmentReviewed {
                assessment,
                review,
                review_due,
            } => Json::AssessmentReviewed {
                assessment: assessment.0,
                review: review.into(),
                review_due: *review_due,
            },
            Event::TaskSet { task } => Json::TaskSet { task: task.into() },
            Event::TaskAccepted { task, by } => Json::TaskAccepted {
                task: task.0,
                by: by.0,
            },
            Event::TaskStarted { task, by } => Json::TaskStarted {
                task: task.0,
                by: by.0,
            },
            Event::TaskAnswered { task, entry, by } => Json::TaskAnswered {
                task: task.0,
                entry: entry.0,
                by: by.0,
            },
            Event::TaskDeclined { task, reason } => Json::TaskDeclined {
                task: task.0,
                reason: reason.into(),
            },
            Event::TaskCancelled { task, by } => Json::TaskCancelled {
                task: task.0,
                by: by.0,
            },
            Event::TaskReassigned {
                task,
                by,
                agency,
                practitioner,
            } => Json::TaskReassigned {
                task: task.0,
                by: by.0,
                agency: agency.0,
                practitioner: practitioner.map(|p| p.0),
            },
            Event::ReferralMade { referral } => Json::ReferralMade {
                referral: referral.into(),
            },
            Event::ReferralAccepted { referral, by } => Json::ReferralAccepted {
                referral: referral.0,
                by: by.0,
            },
            Event::ReferralDeclined { referral, reason } => Json::ReferralDeclined {
                referral: referral.0,
                reason: reason.into(),
            },
            Event::ReferralWithdrawn { referral, by } => Json::ReferralWithdrawn {
                referral: referral.0,
                by: by.0,
            },
            Event::ReferralOutcomeRecorded {
                referral,
                by,
                outcome,
            } => Json::ReferralOutcomeRecorded {
                referral: referral.0,
                by: by.0,
                outcome: (*outcome).into(),
            },
            Event::RetentionRuleSet { rule } => Json::RetentionRuleSet { rule: rule.into() },
            Event::RetentionDecided { decision } => Json::RetentionDecided {
                decision: decision.into(),
            },
            Event::ErasureRecorded { erasure } => Json::ErasureRecorded {
                erasure: erasure.into(),
            },
        })
    }
}

impl TryFrom<Json> for Event {
    type Error = Error;
    fn try_from(stored: Json) -> Result<Self> {
        Ok(match stored {
            Json::PartnershipEstablished { name } => Event::PartnershipEstablished { name },
            Json::TimeZoneSet { zone } => Event::TimeZoneSet { zone },
            Json::AgencyJoined { agency } => Event::AgencyJoined {
                agency: agency.into(),
            },
            Json::AgencyLeft { agency } => Event::AgencyLeft {
                agency: agency.into(),
            },
            Json::PractitionerRegistered { practitioner } => Event::PractitionerRegistered {
                practitioner: practitioner.into(),
            },
            Json::PractitionerRoleChanged { practitioner, role } => {
                Event::PractitionerRoleChanged {
                    practitioner: practitioner.into(),
                    role: role.into(),
                }
            }
            Json::PractitionerDeactivated { practitioner } => Event::PractitionerDeactivated {
                practitioner: practitioner.into(),
            },
            Json::AgreementSigned { agreement } => Event::AgreementSigned {
                agreement: agreement.into(),
            },
            Json::AgreementEnded { agreement, ends } => Event::AgreementEnded {
                agreement: agreement.into(),
                ends,
            },
            Json::PersonRecorded { person } => Event::PersonRecorded {
                person: person.try_into()?,
            },
            Json::LocationRecorded { location } => Event::LocationRecorded {
                location: location.try_into()?,
            },
            Json::GroupFormed { group } => Event::GroupFormed {
                group: group.into(),
            },
            Json::RecordAmended { amendment } => Event::RecordAmended {
                amendment: super::amendments::upcast(amendment).try_into()?,
            },
            Json::RecordAmended2 { amendment } => Event::RecordAmended {
                amendment: amendment.try_into()?,
            },
            Json::MergeAgreed {
                survivor,
                absorbed,
                agency,
                by,
                reason,
            } => Event::MergeAgreed {
                survivor: survivor.into(),
                absorbed: absorbed.into(),
                agency: agency.into(),
                by: by.into(),
                reason,
            },
            Json::PeopleMerged { survivor, absorbed } => Event::PeopleMerged {
                survivor: survivor.into(),
                absorbed: absorbed.into(),
            },
            Json::PeopleUnmerged {
                survivor,
                absorbed,
                by,
                reason,
            } => Event::PeopleUnmerged {
                survivor: survivor.into(),
                absorbed: absorbed.into(),
                by: by.into(),
                reason,
            },
            Json::CaseOpened {
                case,
                case_type,
                title,
                lead_agency,
                lead_practitioner,
                team,
            } => Event::CaseOpened {
                case: case.into(),
                case_type: case_type.into(),
                title,
                lead_agency: lead_agency.into(),
                lead_practitioner: lead_practitioner.into(),
                team: team.into(),
            },
            Json::TeamMemberAdded { case, member } => Event::TeamMemberAdded {
                case: case.into(),
                member: member.into(),
            },
            Json::TeamMemberRemoved { case, member } => Event::TeamMemberRemoved {
                case: case.into(),
                member: member.into(),
            },
            Json::SubjectLinked { case, subject } => Event::SubjectLinked {
                case: case.into(),
                subject: subject.into(),
            },
            Json::SubjectUnlinked { case, subject } => Event::SubjectUnlinked {
                case: case.into(),
                subject: subject.into(),
            },
            Json::CaseStatusChanged { case, status } => Event::CaseStatusChanged {
                case: case.into(),
                status: status.into(),
            },
            Json::CaseLeadTransferred {
                case,
                by,
                agency,
                practitioner,
                reason,
            } => Event::CaseLeadTransferred {
                case: case.into(),
                by: by.into(),
                agency: agency.into(),
                practitioner: practitioner.map(Into::into),
                reason,
            },
            Json::CaseClosed {
                case,
                by,
                outcome,
                reason,
            } => Event::CaseClosed {
                case: case.into(),
                by: by.into(),
                outcome: outcome.into(),
                reason,
            },
            Json::CaseReopened { case, by, reason } => Event::CaseReopened {
                case: case.into(),
                by: by.into(),
                reason,
            },
            Json::CasesLinked {
                case,
                other,
                link,
                by,
            } => Event::CasesLinked {
                case: case.into(),
                other: other.into(),
                link: link.into(),
                by: by.into(),
            },
            Json::CasesUnlinked { case, other, by } => Event::CasesUnlinked {
                case: case.into(),
                other: other.into(),
                by: by.into(),
            },
            Json::IncidentLinked { case, incident, by } => Event::IncidentLinked {
                case: case.into(),
                incident: incident.into(),
                by: by.into(),
            },
            Json::IncidentUnlinked { case, incident, by } => Event::IncidentUnlinked {
                case: case.into(),
                incident: incident.into(),
                by: by.into(),
            },
            Json::MeetingScheduled { meeting } => Event::MeetingScheduled {
                meeting: meeting.into(),
            },
            Json::AttendanceRecorded {
                meeting,
                practitioner,
                by,
            } => Event::AttendanceRecorded {
                meeting: meeting.into(),
                practitioner: practitioner.into(),
                by: by.into(),
            },
            Json::DisclosedAtMeeting { disclosure } => Event::DisclosedAtMeeting {
                disclosure: disclosure.into(),
            },
            Json::MeetingDecisionRecorded {
                meeting,
                entry,
                rests_on,
            } => Event::MeetingDecisionRecorded {
                meeting: meeting.into(),
                entry: entry.into(),
                rests_on: rests_on.into_iter().map(Into::into).collect(),
            },
            Json::MeetingActionAgreed {
                meeting,
                task,
                rests_on,
            } => Event::MeetingActionAgreed {
                meeting: meeting.into(),
                task: task.into(),
                rests_on: rests_on.into_iter().map(Into::into).collect(),
            },
            Json::AgendaItemAdded { meeting, item, by } => Event::AgendaItemAdded {
                meeting: meeting.into(),
                item: item.into(),
                by: by.into(),
            },
            Json::EntryAdded { entry } => Event::EntryAdded {
                entry: entry.into(),
            },
            Json::EntryVisibilityChanged {
                entry,
                visibility,
                sensitive,
            } => Event::EntryVisibilityChanged {
                entry: entry.into(),
                visibility: visibility.into(),
                sensitive,
            },
            Json::TemplateRegistered { template } => Event::TemplateRegistered {
                template: template.into(),
            },
            Json::AssessmentRecorded { assessment } => Event::AssessmentRecorded {
                assessment: assessment.into(),
            },
            Json::AssessmentOverridden {
                assessment,
                change,
                review_due,
            } => Event::AssessmentOverridden {
                assessment: assessment.into(),
                change: change.into(),
                review_due,
            },
            Json::AssessmentReviewed {
                assessment,
                review,
                review_due,
            } => Event::AssessmentReviewed {
                assessment: assessment.into(),
                review: review.into(),
                review_due,
            },
            Json::TaskSet { task } => Event::TaskSet { task: task.into() },
            Json::TaskAccepted { task, by } => Event::TaskAccepted {
                task: task.into(),
                by: by.into(),
            },
            Json::TaskStarted { task, by } => Event::TaskStarted {
                task: task.into(),
                by: by.into(),
            },
            Json::TaskAnswered { task, entry, by } => Event::TaskAnswered {
                task: task.into(),
                entry: entry.into(),
                by: by.into(),
            },
            Json::TaskDeclined { task, reason } => Event::TaskDeclined {
                task: task.into(),
                reason: reason.into(),
            },
            Json::TaskCancelled { task, by } => Event::TaskCancelled {
                task: task.into(),
                by: by.into(),
            },
            Json::TaskReassigned {
                task,
                by,
                agency,
                practitioner,
            } => Event::TaskReassigned {
                task: task.into(),
                by: by.into(),
                agency: agency.into(),
                practitioner: practitioner.map(Into::into),
            },
            Json::ReferralMade { referral } => Event::ReferralMade {
                referral: referral.into(),
            },
            Json::ReferralAccepted { referral, by } => Event::ReferralAccepted {
                referral: referral.into(),
                by: by.into(),
            },
            Json::ReferralDeclined { referral, reason } => Event::ReferralDeclined {
                referral: referral.into(),
                reason: reason.into(),
            },
            Json::ReferralWithdrawn { referral, by } => Event::ReferralWithdrawn {
                referral: referral.into(),
                by: by.into(),
            },
            Json::ReferralOutcomeRecorded {
                referral,
                by,
                outcome,
            } => Event::ReferralOutcomeRecorded {
                referral: referral.into(),
                by: by.into(),
                outcome: outcome.into(),
            },
            Json::RetentionRuleSet { rule } => Event::RetentionRuleSet { rule: rule.into() },
            Json::RetentionDecided { decision } => Event::RetentionDecided {
                decision: decision.into(),
            },
            Json::ErasureRecorded { erasure } => Event::ErasureRecorded {
                erasure: erasure.into(),
            },
        })
    }
}
