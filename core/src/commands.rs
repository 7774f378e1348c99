//! Commands and `decide`: the pure function that checks an actor's right to make a change and
//! turns it into events.
//!
//! `decide` reads the state and the command and nothing else: the time and every new id arrive
//! inside the command, drawn by the [`Hub`](crate::Hub) from its injected clock and id source.
//! Inputs are validated before a command is built (see [`validation`](crate::validation)), so
//! here only references, permissions and transitions are checked.

use crate::agreements::Agreement;
use crate::cases::{
    CaseLink, CaseOutcome, CaseStatus, CaseType, LinkedSubject, NewLead, Subject, Team, TeamMember,
};
use crate::checks::{
    acting, case_worker, engine_for, manages_case, may_administer, may_join, member_agency,
    partnership_admin, practitioner_of, works_case, writes_entry,
};
use crate::entries::{Entry, Visibility};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::groups::Group;
use crate::ids::{
    AgencyId, AgreementId, AssessmentId, CaseId, EntryId, GroupId, IncidentId, LocationId,
    PersonId, PractitionerId, ReferralId, TaskId,
};
use crate::locations::Location;
use crate::partnership::{Agency, Practitioner, Role};
use crate::people::Person;
use crate::sharing::{Access, Engine};
use crate::state::State;
use chrono::{DateTime, Utc};

/// A change someone asks for, fully validated and with its ids drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Command {
    EstablishPartnership {
        name: String,
        agency: Agency,
        admin: Practitioner,
    },
    SetTimeZone(crate::calendar::Calendar),
    AddAgency(Agency),
    AgencyLeaves(AgencyId),
    RegisterPractitioner(Practitioner),
    ChangeRole {
        practitioner: PractitionerId,
        role: Role,
    },
    DeactivatePractitioner(PractitionerId),
    SignAgreement(Agreement),
    EndAgreement {
        agreement: AgreementId,
        ends: DateTime<Utc>,
    },
    RecordPerson(Person),
    RecordLocation(Location),
    FormGroup(Group),
    Amend {
        record: Subject,
        edits: Vec<crate::amendments::Edit>,
        reason: String,
    },
    Fact(crate::amendments::FactCommand),
    OpenCase {
        case: CaseId,
        case_type: CaseType,
        title: String,
        lead_practitioner: Option<PractitionerId>,
        team: Vec<AgencyId>,
    },
    AddTeamMember {
        case: CaseId,
        member: TeamMember,
    },
    RemoveTeamMember {
        case: CaseId,
        member: TeamMember,
    },
    LinkSubject {
        case: CaseId,
        subject: LinkedSubject,
    },
    UnlinkSubject {
        case: CaseId,
        subject: LinkedSubject,
    },
    ChangeCaseStatus {
        case: CaseId,
        status: CaseStatus,
    },
    TransferLead {
        case: CaseId,
        to: NewLead,
        reason: String,
    },
    CloseCase {
        case: CaseId,
        outcome: CaseOutcome,
        reason: String,
    },
    ReopenCase {
        case: CaseId,
        reason: String,
    },
    LinkCases {
        case: CaseId,
        other: CaseId,
        link: CaseLink,
    },
    UnlinkCases {
        case: CaseId,
        other: CaseId,
    },
    LinkIncident {
        case: CaseId,
        incident: IncidentId,
    },
    UnlinkIncident {
        case: CaseId,
        incident: IncidentId,
    },
    AddEntry(Entry),
    ChangeEntryVisibility {
        entry: EntryId,
        visibility: Visibility,
        sensitive: bool,
    },
    // ---- risk ----
    RegisterTemplate(crate::risk::Template),
    RecordAssessment(crate::risk::assessment::Draft),
    OverrideAssessment {
        assessment: crate::ids::AssessmentId,
        level: crate::risk::Level,
        reason: String,
    },
    ReviewAssessment {
        assessment: crate::ids::AssessmentId,
        note: String,
    },
    // ---- tasks ----
    Task(crate::tasks::TaskCommand),
    // ---- referrals ----
    Referral(crate::referrals::ReferralCommand),
    // ---- incidents ----
    ImportIncidents(crate::incidents::ValidBatch),
    // ---- protection ----
    Protection(crate::protection::ProtectionCommand),
    // ---- meetings ----
    Meeting(crate::meetings::MeetingCommand),
    // ---- merges ----
    Merge(crate::merges::MergeCommand),
}

impl Command {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            Command::EstablishPartnership { .. } => "establish_partnership",
            Command::SetTimeZone(_) => "set_time_zone",
            Command::AddAgency(_) => "add_agency",
            Command::AgencyLeaves(_) => "agency_leaves",
            Command::RegisterPractitioner(_) => "register_practitioner",
            Command::ChangeRole { .. } => "change_role",
            Command::DeactivatePractitioner(_) => "deactivate_practitioner",
            Command::SignAgreement(_) => "sign_agreement",
            Command::EndAgreement { .. } => "end_agreement",
            Command::RecordPerson(_) => "record_person",
            Command::RecordLocation(_) => "record_location",
            Command::FormGroup(_) => "form_group",
            Command::Amend { .. } => "amend",
            Command::Fact(c) => c.action(),
            Command::OpenCase { .. } => "open_case",
            Command::AddTeamMember { .. } => "add_team_member",
            Command::RemoveTeamMember { .. } => "remove_team_member",
            Command::LinkSubject { .. } => "link_subject",
            Command::UnlinkSubject { .. } => "unlink_subject",
            Command::ChangeCaseStatus { .. } => "change_case_status",
            Command::TransferLead { .. } => "transfer_lead",
            Command::CloseCase { .. } => "close_case",
            Command::ReopenCase { .. } => "reopen_case",
            Command::LinkCases { .. } => "link_cases",
            Command::UnlinkCases { .. } => "unlink_cases",
            Command::LinkIncident { .. } => "link_incident",
            Command::UnlinkIncident { .. } => "unlink_incident",
            Command::AddEntry(_) => "add_entry",
            Command::ChangeEntryVisibility { .. } => "change_entry_visibility",
            Command::RegisterTemplate(_) => "register_template",
            Command::RecordAssessment(_) => "record_assessment",
            Command::OverrideAssessment { .. } => "override_assessment",
            Command::ReviewAssessment { .. } => "review_assessment",
            Command::Task(c) => c.action(),
            Command::Referral(c) => c.action(),
            Command::ImportIncidents(_) => "import_incidents",
            Command::Protection(c) => c.action(),
            Command::Meeting(c) => c.action(),
            Command::Merge(c) => c.action(),
        }
    }

    /// Every existing record the command names (not the ids drawn for what it creates, and not
    /// the directory's agencies, practitioners, agreements and templates, which every member may
    /// know of). `decide` checks each one before anything else: see [`Named`].
    fn named(&self) -> Vec<Named> {
        use crate::meetings::MeetingCommand as M;
        use crate::protection::ProtectionCommand as P;
        use crate::referrals::ReferralCommand as R;
        use crate::tasks::TaskCommand as T;
        match self {
            Command::EstablishPartnership { .. }
            | Command::AddAgency(_)
            | Command::AgencyLeaves(_)
            | Command::RegisterPractitioner(_)
            | Command::ChangeRole { .. }
            | Command::DeactivatePractitioner(_)
            | Command::SignAgreement(_)
            | Command::EndAgreement { .. }
            | Command::RecordPerson(_)
            | Command::RecordLocation(_)
            | Command::OpenCase { .. }
            | Command::RegisterTemplate(_)
            | Command::SetTimeZone(_)
            | Command::ImportIncidents(_)
            | Command::Meeting(M::Schedule { .. } | M::Attend { .. }) => Vec::new(),
            Command::Meeting(M::Decide { case, .. }) => vec![Named::Case(*case)],
            Command::Meeting(M::AddToAgenda { item, .. }) => vec![match *item {
                crate::meetings::AgendaSubject::Case { id } => Named::Case(id),
                crate::meetings::AgendaSubject::Person { id } => Named::Person(id),
                crate::meetings::AgendaSubject::Location { id } => Named::Location(id),
            }],
            Command::Meeting(M::Act { task, .. }) => vec![Named::Case(task.case)],
            Command::Meeting(M::Disclose { item, .. }) => vec![match *item {
                crate::meetings::MeetingItem::Entry { id } => Named::Entry(id),
                crate::meetings::MeetingItem::Assessment { id } => Named::Assessment(id),
                crate::meetings::MeetingItem::Task { id } => Named::Task(id),
            }],
            Command::FormGroup(group) => group.members.iter().map(|p| Named::Person(*p)).collect(),
            Command::Merge(c) => c.named().into_iter().map(Named::Person).collect(),
            Command::Fact(c) => vec![Named::Person(c.person())],
            Command::Amend { record, edits, .. } => std::iter::once(Named::subject(*record))
                .chain(crate::amendments::named_people(edits).map(Named::Person))
                .collect(),
            Command::AddTeamMember { case, .. }
            | Command::RemoveTeamMember { case, .. }
            | Command::ChangeCaseStatus { case, .. }
            | Command::TransferLead { case, .. }
            | Command::CloseCase { case, .. }
            | Command::ReopenCase { case, .. } => vec![Named::Case(*case)],
            Command::LinkCases { case, other, .. } | Command::UnlinkCases { case, other } => {
                vec![Named::Case(*case), Named::Case(*other)]
            }
            Command::LinkIncident { case, incident }
            | Command::UnlinkIncident { case, incident } => {
                vec![Named::Case(*case), Named::Incident(*incident)]
            }
            Command::LinkSubject { case, subject } | Command::UnlinkSubject { case, subject } => {
                vec![Named::Case(*case), Named::subject(subject.subject)]
            }
            Command::AddEntry(entry) => vec![Named::Case(entry.case)],
            Command::ChangeEntryVisibility { entry, .. } => vec![Named::Entry(*entry)],
            Command::RecordAssessment(draft) => vec![
                Named::Case(draft.new.case),
                Named::Person(draft.new.subject),
            ],
            Command::OverrideAssessment { assessment, .. }
            | Command::ReviewAssessment { assessment, .. } => vec![Named::Assessment(*assessment)],
            Command::Task(T::Set { task, .. }) => vec![Named::Case(task.case)],
            Command::Task(T::Act { task, .. }) => vec![Named::Task(*task)],
            Command::Referral(R::Make { referral, .. }) => referral
                .case
                .map(Named::Case)
                .into_iter()
                .chain(referral.person.map(Named::Person))
                .collect(),
            Command::Referral(R::Act { referral, .. }) => vec![Named::Referral(*referral)],
            Command::Protection(P::SetRule(_)) => Vec::new(),
            Command::Protection(P::Decide(decision)) => vec![Named::Case(decision.case)],
            Command::Protection(P::Dispose { decision, erasure }) => decision
                .iter()
                .map(|d| Named::Case(d.case))
                .chain([Named::target(erasure.target)])
                .collect(),
        }
    }
}

/// An existing record a command names.
///
/// Every command lists the records it names ([`Command::named`], an exhaustive match, so a new
/// command must say what it names) and `decide` resolves each against what the actor may know
/// of, before the command's own checks run: a record the actor may not know exists (a
/// restricted victim after an agreement ended, another agency's sensitive entry) fails exactly as
/// an unknown id does, with the same error, whichever command names it and whatever that command
/// would have checked first. Acting on a record needs at least its stub, as reading it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Named {
    Case(CaseId),
    Person(PersonId),
    Location(LocationId),
    Group(GroupId),
    Entry(EntryId),
    Task(TaskId),
    Referral(ReferralId),
    Assessment(AssessmentId),
    Incident(IncidentId),
}

impl Named {
    fn subject(subject: Subject) -> Named {
        match subject {
            Subject::Person(id) => Named::Person(id),
            Subject::Location(id) => Named::Location(id),
            Subject::Group(id) => Named::Group(id),
        }
    }

    fn target(target: crate::protection::ErasureTarget) -> Named {
        match target {
            crate::protection::ErasureTarget::Case(id) => Named::Case(id),
            crate::protection::ErasureTarget::Person(id) => Named::Person(id),
        }
    }

    /// Whether the record exists and the engine's viewer may know of it.
    pub(crate) fn known_to(self, engine: &Engine<'_>) -> bool {
        self.check(engine).is_ok()
    }

    /// `Ok` where the record exists and the engine's viewer may know of it; otherwise the one
    /// answer an unknown id gets.
    fn check(self, engine: &Engine<'_>) -> Result<()> {
        let state = engine.state;
        let (decision, what) = match self {
            Named::Incident(id) => return Named::check_incident(engine, id),
            Named::Case(id) => (state.cases.get(&id).map(|c| engine.case(c)), "case"),
            Named::Person(id) => (state.persons.get(&id).map(|p| engine.person(p)), "person"),
            Named::Location(id) => (
                state.locations.get(&id).map(|l| engine.location(l)),
                "location",
            ),
            Named::Group(id) => (state.groups.get(&id).map(|g| engine.group(g)), "group"),
            // Even a supervisor of the author's agency, who may change who sees an entry, must
            // know of it first: a private sensitive entry is its author's alone.
            Named::Entry(id) => (state.entries.get(&id).map(|e| engine.entry(e)), "entry"),
            Named::Task(id) => (
                state
                    .tasks
                    .by_id
                    .get(&id)
                    .map(|t| crate::tasks::view::decision(engine, t)),
                "task",
            ),
            Named::Referral(id) => (
                state
                    .referrals
                    .by_id
                    .get(&id)
                    .map(|r| crate::referrals::view::decision(engine, r)),
                "referral",
            ),
            Named::Assessment(id) => (
                state
                    .risk
                    .assessments
                    .get(&id)
                    .map(|a| crate::risk::decision(engine, a)),
                "assessment",
            ),
        };
        match decision {
            Some(d) if d.access != Access::Nothing => Ok(()),
            _ => Err(Error::not_found(what)),
        }
    }

    /// An incident has no stub: the actor must read it in full, or it is as unknown as an id
    /// never recorded (so linking one to a case cannot be used to learn that it exists).
    fn check_incident(engine: &Engine<'_>, id: IncidentId) -> Result<()> {
        match engine.state.incidents.find(id) {
            Some(i) if crate::incidents::readable(engine, i) => Ok(()),
            _ => Err(Error::not_found("incident")),
        }
    }
}

/// Checks `actor` may carry out `cmd` at `at` against `state`, and returns the events.
pub(crate) fn decide(
    state: &State,
    actor: PractitionerId,
    at: DateTime<Utc>,
    cmd: Command,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    if let Command::EstablishPartnership {
        name,
        agency,
        admin,
    } = cmd
    {
        if state.partnership.is_some() {
            return Err(Error::forbidden(
                action,
                "the partnership is already established",
            ));
        }
        return Ok(vec![
            Event::PartnershipEstablished { name },
            Event::AgencyJoined { agency },
            Event::PractitionerRegistered {
                practitioner: admin,
            },
        ]);
    }
    let who = acting(state, actor, at, action)?;
    let named = cmd.named();
    if !named.is_empty() {
        let engine = engine_for(state, who, at)?;
        for record in named {
            record.check(&engine)?;
        }
    }
    let deny = |reason| Err(Error::forbidden(action, reason));
    match cmd {
        Command::EstablishPartnership { .. } => deny("the partnership is already established"),
        Command::SetTimeZone(calendar) => {
            partnership_admin(who, action)?;
            Ok(vec![Event::TimeZoneSet {
                zone: calendar.name().to_owned(),
            }])
        }
        Command::AddAgency(agency) => {
            partnership_admin(who, action)?;
            if state.agencies.contains_key(&agency.id) {
                return Err(Error::invalid("agency_id", "already in use"));
            }
            Ok(vec![Event::AgencyJoined { agency }])
        }
        Command::AgencyLeaves(agency) => {
            partnership_admin(who, action)?;
            let a = member_agency(state, agency, at)?;
            if a.id == who.agency {
                return deny("an agency cannot remove itself");
            }
            Ok(vec![Event::AgencyLeft { agency }])
        }
        Command::RegisterPractitioner(p) => {
            may_administer(who, p.agency, action)?;
            member_agency(state, p.agency, at)?;
            if p.role > who.role {
                return deny("cannot grant a role above your own");
            }
            if state.practitioners.contains_key(&p.id) {
                return Err(Error::invalid("practitioner_id", "already in use"));
            }
            if let Some(ext) = &p.external_id {
                if state.index.by_external_id.contains_key(ext) {
                    return Err(Error::invalid(
                        "external_id",
                        "already mapped to a practitioner",
                    ));
                }
            }
            Ok(vec![Event::PractitionerRegistered { practitioner: p }])
        }
        Command::ChangeRole { practitioner, role } => {
            let p = practitioner_of(state, practitioner)?;
            may_administer(who, p.agency, action)?;
            if role > who.role || p.role > who.role {
                return deny("cannot manage a role above your own");
            }
            Ok(vec![Event::PractitionerRoleChanged { practitioner, role }])
        }
        Command::DeactivatePractitioner(practitioner) => {
            let p = practitioner_of(state, practitioner)?;
            may_administer(who, p.agency, action)?;
            if p.role > who.role {
                return deny("cannot manage a role above your own");
            }
            if !p.active {
                return Err(Error::InvalidTransition {
                    what: "practitioner",
                    from: "inactive",
                    to: "inactive",
                });
            }
            Ok(vec![Event::PractitionerDeactivated { practitioner }])
        }
        Command::SignAgreement(agreement) => {
            partnership_admin(who, action)?;
            for party in &agreement.parties {
                if !state.agencies.contains_key(party) {
                    return Err(Error::not_found("agency"));
                }
            }
            if state.agreements.contains_key(&agreement.id) {
                return Err(Error::invalid("agreement_id", "already in use"));
            }
            Ok(vec![Event::AgreementSigned { agreement }])
        }
        Command::EndAgreement { agreement, ends } => {
            partnership_admin(who, action)?;
            let a = state
                .agreements
                .get(&agreement)
                .ok_or(Error::not_found("agreement"))?;
            // Ending in the past would rewrite what was shared: the record stands.
            if ends < at {
                return Err(Error::invalid("ends", "must not be in the past"));
            }
            if ends < a.starts {
                return Err(Error::invalid(
                    "ends",
                    "must not be before the agreement starts",
                ));
            }
            if a.ends.is_some_and(|e| e <= at) {
                return Err(Error::InvalidTransition {
                    what: "agreement",
                    from: "ended",
                    to: "ended",
                });
            }
            Ok(vec![Event::AgreementEnded { agreement, ends }])
        }
        Command::RecordPerson(person) => {
            case_worker(who, action)?;
            if state.persons.contains_key(&person.id) {
                return Err(Error::invalid("person_id", "already in use"));
            }
            Ok(vec![Event::PersonRecorded { person }])
        }
        Command::RecordLocation(location) => {
            case_worker(who, action)?;
            if state.locations.contains_key(&location.id) {
                return Err(Error::invalid("location_id", "already in use"));
            }
            Ok(vec![Event::LocationRecorded { location }])
        }
        Command::FormGroup(group) => {
            case_worker(who, action)?;
            if state.groups.contains_key(&group.id) {
                return Err(Error::invalid("group_id", "already in use"));
            }
            Ok(vec![Event::GroupFormed { group }])
        }
        Command::Amend {
            record,
            edits,
            reason,
        } => crate::amendments::decide(state, who, at, record, edits, &reason),
        Command::OpenCase {
            case,
            case_type,
            title,
            lead_practitioner,
            team,
        } => {
            case_worker(who, action)?;
            if state.cases.contains_key(&case) {
                return Err(Error::invalid("case_id", "already in use"));
            }
            let lead = match lead_practitioner {
                None => who.id,
                Some(id) => {
                    let p = practitioner_of(state, id)?;
                    if p.agency != who.agency || !p.active || !p.role.can_work_cases() {
                        return Err(Error::invalid(
                            "lead_practitioner",
                            "must be an active case worker of your agency",
                        ));
                    }
                    id
                }
            };
            let mut members = Team::default();
            members.agencies.insert(who.agency);
            for agency in team {
                may_join(state, who.agency, agency, case_type, at, action)?;
                members.agencies.insert(agency);
            }
            Ok(vec![Event::CaseOpened {
                case,
                case_type,
                title,
                lead_agency: who.agency,
                lead_practitioner: lead,
                team: members,
            }])
        }
        Command::AddTeamMember { case, member } => {
            let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
            manages_case(who, c, action)?;
            let agency = match member {
                TeamMember::Agency(a) => {
                    if c.team.agencies.contains(&a) {
                        return Err(Error::invalid("member", "already on the team"));
                    }
                    a
                }
                TeamMember::Practitioner(p) => {
                    if c.team.practitioners.contains(&p) {
                        return Err(Error::invalid("member", "already on the team"));
                    }
                    let p = practitioner_of(state, p)?;
                    if !p.active {
                        return Err(Error::invalid("member", "must be an active practitioner"));
                    }
                    p.agency
                }
            };
            may_join(state, c.lead_agency, agency, c.case_type, at, action)?;
            Ok(vec![Event::TeamMemberAdded { case, member }])
        }
        Command::RemoveTeamMember { case, member } => {
            let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
            manages_case(who, c, action)?;
            let present = match member {
                TeamMember::Agency(a) => {
                    if a == c.lead_agency {
                        return deny("the lead agency stays on its case");
                    }
                    c.team.agencies.contains(&a)
                }
                TeamMember::Practitioner(p) => c.team.practitioners.contains(&p),
            };
            if !present {
                return Err(Error::invalid("member", "not on the team"));
            }
            Ok(vec![Event::TeamMemberRemoved { case, member }])
        }
        Command::LinkSubject { case, subject } => {
            let c = works_case(state, who, case, action)?;
            if c.subjects.contains(&subject) {
                return Err(Error::invalid("subject", "already linked in that role"));
            }
            Ok(vec![Event::SubjectLinked { case, subject }])
        }
        Command::UnlinkSubject { case, subject } => {
            let c = works_case(state, who, case, action)?;
            if !c.subjects.contains(&subject) {
                return Err(Error::invalid("subject", "not linked in that role"));
            }
            Ok(vec![Event::SubjectUnlinked { case, subject }])
        }
        Command::ChangeCaseStatus { case, status } => {
            moves_status(state, who, case, status, action)?;
            Ok(vec![Event::CaseStatusChanged { case, status }])
        }
        Command::CloseCase {
            case,
            outcome,
            reason,
        } => {
            moves_status(state, who, case, CaseStatus::Closed, action)?;
            Ok(vec![Event::CaseClosed {
                case,
                by: who.id,
                outcome,
                reason,
            }])
        }
        Command::ReopenCase { case, reason } => {
            moves_status(state, who, case, CaseStatus::Reopened, action)?;
            Ok(vec![Event::CaseReopened {
                case,
                by: who.id,
                reason,
            }])
        }
        Command::TransferLead { case, to, reason } => {
            let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
            manages_case(who, c, action)?;
            if c.status == CaseStatus::Closed {
                return Err(Error::invalid(
                    "case",
                    "is closed: reopen it to transfer it",
                ));
            }
            let (agency, practitioner) = match to {
                NewLead::Practitioner(p) => {
                    if c.lead_practitioner == Some(p) {
                        return Err(Error::invalid("to", "already leads the case"));
                    }
                    let p = practitioner_of(state, p)?;
                    if !p.active || !p.role.can_work_cases() {
                        return Err(Error::invalid("to", "must be an active case worker"));
                    }
                    (p.agency, Some(p.id))
                }
                NewLead::Agency(a) => {
                    if a == c.lead_agency {
                        return Err(Error::invalid(
                            "to",
                            "already leads the case: transfer to one of its practitioners",
                        ));
                    }
                    (a, None)
                }
            };
            // The new lead agency takes over the case's header, which the old lead wrote: an
            // agreement covering the case type must bind the two, as for joining the team.
            may_join(state, c.lead_agency, agency, c.case_type, at, action)?;
            Ok(vec![Event::CaseLeadTransferred {
                case,
                by: who.id,
                agency,
                practitioner,
                reason,
            }])
        }
        Command::LinkCases { case, other, link } => {
            let c = linkable(state, who, case, other, action)?;
            if c.links.contains_key(&other) {
                return Err(Error::invalid("other", "already linked: unlink it first"));
            }
            Ok(vec![Event::CasesLinked {
                case,
                other,
                link,
                by: who.id,
            }])
        }
        Command::UnlinkCases { case, other } => {
            let c = linkable(state, who, case, other, action)?;
            if !c.links.contains_key(&other) {
                return Err(Error::invalid("other", "not linked"));
            }
            Ok(vec![Event::CasesUnlinked {
                case,
                other,
                by: who.id,
            }])
        }
        Command::LinkIncident { case, incident } => {
            let c = works_case(state, who, case, action)?;
            if c.incidents.contains(&incident) {
                return Err(Error::invalid("incident", "already linked to the case"));
            }
            Ok(vec![Event::IncidentLinked {
                case,
                incident,
                by: who.id,
            }])
        }
        Command::UnlinkIncident { case, incident } => {
            let c = works_case(state, who, case, action)?;
            if !c.incidents.contains(&incident) {
                return Err(Error::invalid("incident", "not linked to the case"));
            }
            Ok(vec![Event::IncidentUnlinked {
                case,
                incident,
                by: who.id,
            }])
        }
        Command::AddEntry(entry) => Ok(vec![writes_entry(state, who, entry, action)?]),
        Command::ChangeEntryVisibility {
            entry,
            visibility,
            sensitive,
        } => {
            let e = state.entries.get(&entry).ok_or(Error::not_found("entry"))?;
            let own_agency_supervisor = who.agency == e.agency && who.role.is_supervisor();
            if e.author != who.id && !own_agency_supervisor {
                return deny("only the author or a supervisor of the author's agency");
            }
            if e.visibility == visibility && e.sensitive == sensitive {
                return Err(Error::invalid("visibility", "unchanged"));
            }
            Ok(vec![Event::EntryVisibilityChanged {
                entry,
                visibility,
                sensitive,
            }])
        }
        Command::RegisterTemplate(template) => {
            crate::risk::decide_register_template(state, who, template)
        }
        Command::RecordAssessment(draft) => crate::risk::decide_record(state, who, at, draft),
        Command::OverrideAssessment {
            assessment,
            level,
            reason,
        } => crate::risk::decide_override(state, who, at, assessment, level, reason),
        Command::ReviewAssessment { assessment, note } => {
            crate::risk::decide_review(state, who, at, assessment, note)
        }
        Command::Task(c) => crate::tasks::decide_task(state, who, at, c),
        Command::Referral(c) => crate::referrals::decide_referral(state, who, at, c),
        Command::ImportIncidents(batch) => {
            crate::incidents::decide_import(state, who, at, batch, action)
        }
        Command::Protection(c) => crate::protection::decide_protection(state, who, at, c),
        Command::Meeting(c) => crate::meetings::decide_meeting(state, who, at, c),
        Command::Merge(c) => crate::merges::decide_merge(state, who, at, c),
        Command::Fact(c) => crate::amendments::decide_fact(state, who, at, c),
    }
}

/// A status change on a case, by the lead agency's case workers, along the status machine.
fn moves_status(
    state: &State,
    who: &Practitioner,
    case: CaseId,
    status: CaseStatus,
    action: &'static str,
) -> Result<()> {
    let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
    if who.agency != c.lead_agency || !who.role.can_work_cases() {
        return Err(Error::forbidden(
            action,
            "only the lead agency's case workers change a case's status",
        ));
    }
    if !c.status.can_become(status) {
        return Err(Error::InvalidTransition {
            what: "case",
            from: c.status.as_str(),
            to: status.as_str(),
        });
    }
    Ok(())
}

/// Two distinct cases the actor works both of: a link tells each case's team about the other,
/// so only someone on both teams makes or removes one.
fn linkable<'s>(
    state: &'s State,
    who: &Practitioner,
    case: CaseId,
    other: CaseId,
    action: &'static str,
) -> Result<&'s crate::cases::Case> {
    if case == other {
        return Err(Error::invalid("other", "must be another case"));
    }
    works_case(state, who, other, action)?;
    works_case(state, who, case, action)
}

impl From<crate::protection::ErasedRecord> for Named {
    fn from(record: crate::protection::ErasedRecord) -> Named {
        use crate::protection::ErasedRecord as R;
        match record {
            R::Case(id) => Named::Case(id),
            R::Entry(id) => Named::Entry(id),
            R::Person(id) => Named::Person(id),
            R::Assessment(id) => Named::Assessment(id),
            R::Task(id) => Named::Task(id),
            R::Referral(id) => Named::Referral(id),
        }
    }
}
