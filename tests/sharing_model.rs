//! The sharing engine against a reference model, over random worlds.
//!
//! Each world is built through the public `Hub` API (random partnership, agreements with dates,
//! some ended early, practitioners in every role, cases with valid teams, entries of random
//! visibility, category and sensitivity, visibility changes, people, places and groups linked to
//! cases, agencies leaving, accounts closed, time moving on between commands). Alongside, the
//! test keeps its own log of what it did, with times, and a deliberately plain evaluator of the
//! written sharing rules: the state at time `t` is the log replayed up to `t`, and every rule is
//! a loop over that state. Then, for every practitioner and every case, entry, person, location
//! and group, now and at past times (as-of reads), the model's answer (full, stub, nothing) is
//! compared with `Hub::explain_all` and with what the reads themselves return.
//!
//! Since issue 18 the worlds also have tasks set on agencies on or off a case's team and
//! answered with entries of any sensitivity (agreements could already start after the hub's
//! now), and three more comparisons: the "agencies involved" of case stubs and the "known to" of people
//! against the model (lead, every agency ever on the team, and the agencies of the authors of
//! entries not sensitive); reads as of a time after now, which must all be refused alike as
//! invalid `as_of`, logging nothing; and commands naming a subject or entry the actor may not
//! know exists, which must fail exactly as the same command naming an id that never existed.
//!
//! Since issue 22 the worlds also hand cases' leads to practitioners or agencies (allowed only
//! under an agreement covering the case type with the old lead agency; the case's header is
//! then decided against the new lead agency), and link and unlink cases; a full case's links
//! must be exactly those to cases the viewer may know of. They also import incidents (of a
//! category an agreement may or may not cover) and link them to cases and unlink them: a link
//! by a case worker on the team who may not read the incident must fail exactly as one naming an
//! incident never recorded, and a full case's incidents must be exactly the linked ones the
//! viewer reads (the source agency's, or under an agreement covering the incident's category).
//!
//! The number of worlds is `SAFEHUB_WORLDS` (default 2,000, which runs in well under a minute
//! in a debug build); the same comparison runs on PostgreSQL-backed hubs over
//! `SAFEHUB_PG_WORLDS` worlds (default 40). A million, locally:
//!
//! ```text
//! SAFEHUB_WORLDS=1000000 cargo test --release -p safehub-workspace --test sharing_model -- --nocapture
//! ```
//!
//! Since issue 21 each world also compares every practitioner's notification feed with the
//! entries the model says they should hear of. Since issue 22's duplicates, people may be
//! recorded twice with one NHS number, and every person's possible duplicates are compared with
//! the model's (the same NHS number, both read in full, a restricted profile only for its owner
//! agency).
//!
//! Since the amendments (issue 22) the worlds also amend profiles: the recording agency's case
//! workers restrict a profile or lift the restriction, rename it, add or withdraw a flag, add or
//! withdraw a group member, while anyone else who knows of the profile is refused. Every
//! profile's history is compared for every viewer, now and as of past times (an amendment shown
//! with the changes the viewer may see, its reason only where all show), and amending a profile
//! the actor may not know of must fail exactly as naming one that never existed.
//!
//! Since issue 23 the worlds also hold hub meetings: a case worker schedules one (of a kind
//! written in one of two spellings, or another kind) chaired by a case worker, inviting some
//! agencies, and attendance is recorded, the model predicting who is refused (an agency not
//! invited, or without an agreement in force at the meeting's start with each agency already
//! in the room); attendees disclose entries (the model predicts the refusals: not the owning
//! agency, not read in full, nobody of another agency covered) to the attendees of that moment
//! whose agencies an agreement covers the entry's category with; decisions are recorded,
//! actions agreed as tasks (refused to anyone who did not attend) and cases, people and places
//! added to agendas. A disclosed entry is read in full by its recipients, and only by them,
//! wherever entries are compared (explain, case timelines, notifications, hidden commands); and
//! every meeting read (the meeting, its disclosures, minutes, agenda: hand-added items and
//! carried-over actions; the s62 log) is compared for every viewer, now and as of a past time.
//! Disclosing an entry the actor may not know of, and adding to the agenda of a meeting their
//! agency was not invited to, must fail exactly as naming an id that never existed.
//!
//! On a disagreement the test fails with the (shrunk) world: the commands that built it, with
//! their times, and the decision that differed.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use safehub::meetings::{AgendaItemView, AgendaSubject, MeetingItem};
use safehub::views::{CaseDetail, SubjectView};
use safehub::{
    Access, AgencyId, AgencyKind, AgreementId, CaseId, CaseLink, CaseLinkKind, CaseType, CaseView,
    EntryId, EntryView, ErrorCode, GroupId, GroupKind, GroupView, Hub, IdentifierKind, IncidentId,
    InformationCategory, LawfulBasis, LocationId, LocationView, ManualClock, NewAgreement, NewCase,
    NewEntry, NewGroup, NewLead, NewLocation, NewPerson, PersonId, PersonView, PractitionerId,
    Role, Rule, SequentialIds, Subject, SubjectRole, Target, TeamMember, Viewer, Visibility,
    VulnerabilityFlag,
};
use safehub::{Assignee, Change, Edit, MeetingId, NewMeeting, NewTask, Priority, TaskId, TaskView};
use safehub::{FactId, FactSharing, NewFact, NewFactValue};
use safehub_workspace::{agency, nhs_number, practitioner, Store};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

type Time = DateTime<Utc>;

/// What a run of the model counted: the static counters each test prints at the end.
struct Tally {
    worlds: AtomicU64,
    decisions: AtomicU64,
    /// How the compared `explain_all` decisions came out: nothing, stub, full, and how many
    /// as-of decisions differed from the same decision now (so the past is really exercised).
    outcomes: [AtomicU64; 4],
    /// Meetings held and entries disclosed at them, over all worlds.
    meetings: AtomicU64,
    disclosures: AtomicU64,
    /// Facts agencies hold about people at the end of the worlds, and of them those kept for
    /// their agency only.
    facts: [AtomicU64; 2],
    /// Merges the partnership's data owner made alone.
    owner_merges: AtomicU64,
}

impl Tally {
    const fn new() -> Self {
        Tally {
            worlds: AtomicU64::new(0),
            decisions: AtomicU64::new(0),
            outcomes: [
                AtomicU64::new(0),
                AtomicU64::new(0),
                AtomicU64::new(0),
                AtomicU64::new(0),
            ],
            meetings: AtomicU64::new(0),
            disclosures: AtomicU64::new(0),
            facts: [AtomicU64::new(0), AtomicU64::new(0)],
            owner_merges: AtomicU64::new(0),
        }
    }
}

static EVERYTHING: Tally = Tally::new();

/// Which parts of the world the generator and the comparison exercise.
#[derive(Clone, Copy, Debug)]
struct Features {
    /// Unlinking subjects from cases (engine bug 2: unlinking takes case access away).
    unlinks: bool,
    /// Comparing as-of `explain_all` answers for practitioners who may not read now (engine
    /// bug 1: a departed agency still gets as-of explanations).
    departed_as_of_explain: bool,
    /// Tasks set on agencies on or off the team, answered with entries of any sensitivity; and
    /// comparing the "involved" and "known to" lists with the model (issue 18, class 3).
    off_team_answers: bool,
    /// Reading as of a time after the hub's now: refused as `Invalid` on `as_of` (class 1).
    future_as_of: bool,
    /// Commands naming ids the actor may not know exist give the error of an id that never
    /// existed (class 4).
    hidden_commands: bool,
}

const ALL_FEATURES: Features = Features {
    unlinks: true,
    departed_as_of_explain: true,
    off_team_answers: true,
    future_as_of: true,
    hidden_commands: true,
};

// ================================================================================================
// The written rules, as plainly as possible
// ================================================================================================

/// How much a viewer sees, in the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Acc {
    Nothing,
    Stub,
    Full,
}

fn from_engine(a: Access) -> Acc {
    match a {
        Access::Nothing => Acc::Nothing,
        Access::Stub => Acc::Stub,
        Access::Full => Acc::Full,
    }
}

fn is_special(c: InformationCategory) -> bool {
    c == InformationCategory::Health
        || c == InformationCategory::MentalHealth
        || c == InformationCategory::SubstanceMisuse
        || c == InformationCategory::ProtectedCharacteristics
}

fn case_category(t: CaseType) -> InformationCategory {
    match t {
        CaseType::Asb => InformationCategory::Asb,
        CaseType::ProblemLocation => InformationCategory::Asb,
        CaseType::HateCrime => InformationCategory::Crime,
        CaseType::OffenderManagement => InformationCategory::Crime,
        CaseType::DomesticAbuse => InformationCategory::DomesticAbuse,
        CaseType::VulnerablePerson => InformationCategory::Safeguarding,
        CaseType::Safeguarding => InformationCategory::Safeguarding,
        CaseType::ConcernForSafety => InformationCategory::General,
        CaseType::Other => InformationCategory::General,
    }
}

/// The category a vulnerability flag discloses: health flags are special category data.
fn flag_category(f: VulnerabilityFlag) -> InformationCategory {
    match f {
        VulnerabilityFlag::MentalHealth => InformationCategory::MentalHealth,
        VulnerabilityFlag::PhysicalHealth => InformationCategory::Health,
        VulnerabilityFlag::LearningDisability => InformationCategory::Health,
        VulnerabilityFlag::SubstanceMisuse => InformationCategory::SubstanceMisuse,
        _ => InformationCategory::PersonalDetails,
    }
}

/// One fact the test caused, as the model records it.
#[derive(Clone, Debug)]
enum Fact {
    AgencyJoined(AgencyId),
    AgencyLeft(AgencyId),
    PractitionerRegistered {
        id: PractitionerId,
        agency: AgencyId,
        role: Role,
    },
    PractitionerDeactivated(PractitionerId),
    AgreementSigned {
        id: AgreementId,
        parties: Vec<AgencyId>,
        categories: Vec<InformationCategory>,
        special: bool,
        starts: Time,
        ends: Option<Time>,
    },
    AgreementEnded {
        id: AgreementId,
        ends: Time,
    },
    CaseOpened {
        id: CaseId,
        case_type: CaseType,
        lead_agency: AgencyId,
        lead: PractitionerId,
        team: Vec<AgencyId>,
    },
    TeamJoined {
        case: CaseId,
        member: TeamMember,
    },
    TeamLeft {
        case: CaseId,
        member: TeamMember,
    },
    EntryWritten {
        id: EntryId,
        case: CaseId,
        author: PractitionerId,
        agency: AgencyId,
        category: InformationCategory,
        visibility: Visibility,
        sensitive: bool,
    },
    VisibilityChanged {
        id: EntryId,
        visibility: Visibility,
        sensitive: bool,
    },
    PersonRecorded {
        id: PersonId,
        by: AgencyId,
        name: String,
        nhs: String,
        restricted: bool,
        flags: Vec<VulnerabilityFlag>,
    },
    LocationRecorded {
        id: LocationId,
        by: AgencyId,
        label: String,
        restricted: bool,
    },
    GroupFormed {
        id: GroupId,
        by: AgencyId,
        members: Vec<PersonId>,
    },
    Linked {
        case: CaseId,
        subject: Subject,
        role: SubjectRole,
    },
    Unlinked {
        case: CaseId,
        subject: Subject,
        role: SubjectRole,
    },
    /// The lead passed to `agency` (and a practitioner of it, or none until one is assigned).
    LeadTransferred {
        case: CaseId,
        agency: AgencyId,
        lead: Option<PractitionerId>,
    },
    CasesLinked {
        case: CaseId,
        other: CaseId,
        link: CaseLink,
    },
    CasesUnlinked {
        case: CaseId,
        other: CaseId,
    },
    /// An incident of `category` (the information category its kind maps to) from `source`.
    IncidentImported {
        id: IncidentId,
        source: AgencyId,
        category: InformationCategory,
    },
    IncidentLinked {
        case: CaseId,
        incident: IncidentId,
    },
    IncidentUnlinked {
        case: CaseId,
        incident: IncidentId,
    },
    /// The recording agency amended a profile.
    Amended {
        subject: Subject,
        changes: Vec<MChange>,
    },
    /// An owning agency agreed that `absorbed` is the same person as `survivor`.
    MergeAgreed {
        survivor: PersonId,
        absorbed: PersonId,
        agency: AgencyId,
    },
    /// Every owning agency agreed: the two are one person.
    Merged {
        survivor: PersonId,
        absorbed: PersonId,
    },
    /// The merge of `absorbed` was undone.
    Unmerged {
        absorbed: PersonId,
    },
    /// A meeting was scheduled: its kind as written, its start, its chair and the agencies it
    /// invited (the chair's among them).
    MeetingScheduled {
        id: MeetingId,
        kind: String,
        starts: Time,
        chair: PractitionerId,
        agencies: Vec<AgencyId>,
    },
    Attended {
        meeting: MeetingId,
        practitioner: PractitionerId,
    },
    /// An entry disclosed at a meeting, to the recipients the model worked out.
    Disclosed {
        meeting: MeetingId,
        entry: EntryId,
        recipients: Vec<PractitionerId>,
    },
    /// A decision of a meeting (its entry is written by an `EntryWritten` of its own).
    Decided {
        meeting: MeetingId,
        entry: EntryId,
    },
    /// An action agreed at a meeting: a task on `case`, set by `set_by` of `set_by_agency` for
    /// `agency`.
    ActionAgreed {
        meeting: MeetingId,
        task: MTask,
    },
    AgendaItemAdded {
        meeting: MeetingId,
        item: AgendaSubject,
    },
}

#[derive(Clone, Debug)]
struct MMeeting {
    id: MeetingId,
    kind: String,
    starts: Time,
    agencies: Vec<AgencyId>,
    /// In the order recorded.
    attendees: Vec<PractitionerId>,
    decisions: Vec<EntryId>,
    actions: Vec<TaskId>,
    added: Vec<AgendaSubject>,
}

#[derive(Clone, Debug)]
struct MDisclosure {
    meeting: MeetingId,
    entry: EntryId,
    owner: AgencyId,
    recipients: Vec<PractitionerId>,
}

#[derive(Clone, Debug)]
struct MTask {
    id: TaskId,
    case: CaseId,
    set_by: PractitionerId,
    set_by_agency: AgencyId,
    agency: AgencyId,
    category: InformationCategory,
}

/// One change an amendment made, as the model keeps it.
#[derive(Clone, Debug, PartialEq)]
enum MChange {
    Restricted(bool),
    Renamed(String),
    FlagAdded(VulnerabilityFlag),
    FlagWithdrawn(VulnerabilityFlag),
    MemberAdded(PersonId),
    MemberWithdrawn(PersonId),
    FactAdded(MFact),
    FactWithdrawn(MFact),
}

/// A fact an agency holds about a person: whose, under which category, and whether it is kept
/// for the agency only.
#[derive(Clone, Debug, PartialEq)]
struct MFact {
    id: FactId,
    agency: AgencyId,
    category: InformationCategory,
    agency_only: bool,
}

#[derive(Clone, Debug)]
struct MAgency {
    id: AgencyId,
    joined: Time,
    left: Option<Time>,
}

#[derive(Clone, Debug)]
struct MPractitioner {
    id: PractitionerId,
    agency: AgencyId,
    role: Role,
    active: bool,
}

#[derive(Clone, Debug)]
struct MAgreement {
    id: AgreementId,
    parties: Vec<AgencyId>,
    categories: Vec<InformationCategory>,
    special: bool,
    starts: Time,
    ends: Option<Time>,
}

#[derive(Clone, Debug)]
struct MCase {
    id: CaseId,
    case_type: CaseType,
    lead_agency: AgencyId,
    lead: Option<PractitionerId>,
    team_agencies: Vec<AgencyId>,
    team_practitioners: Vec<PractitionerId>,
    /// What is linked now, in which role.
    linked: Vec<(Subject, SubjectRole)>,
    /// Everything ever linked: a case about someone stays about them.
    ever_linked: Vec<Subject>,
    /// Entries in the order they were written.
    entries: Vec<EntryId>,
    /// Every agency ever on the team, the lead's included (individual members count for
    /// their agency): they stay involved after leaving.
    ever_team: Vec<AgencyId>,
    /// The cases linked to it, each with the link as this case sees it.
    links: Vec<(CaseId, CaseLinkKind)>,
    /// The incidents linked to it.
    incidents: Vec<IncidentId>,
}

#[derive(Clone, Debug)]
struct MEntry {
    id: EntryId,
    case: CaseId,
    author: PractitionerId,
    agency: AgencyId,
    category: InformationCategory,
    visibility: Visibility,
    sensitive: bool,
}

#[derive(Clone, Debug)]
struct MProfile {
    subject: Subject,
    by: AgencyId,
    restricted: bool,
    /// Person name, location label or group name.
    name: String,
    /// People only.
    nhs: Option<String>,
    flags: Vec<VulnerabilityFlag>,
    /// Groups only.
    members: Vec<PersonId>,
    /// People only: the facts agencies hold about them, in the order added.
    facts: Vec<MFact>,
}

/// The world as it stood at some time: the facts up to then, applied in order.
#[derive(Clone, Debug, Default)]
struct World {
    agencies: Vec<MAgency>,
    practitioners: Vec<MPractitioner>,
    agreements: Vec<MAgreement>,
    cases: Vec<MCase>,
    entries: Vec<MEntry>,
    profiles: Vec<MProfile>,
    /// Incidents: id, source agency, information category.
    incidents: Vec<(IncidentId, AgencyId, InformationCategory)>,
    /// Amendments in the order made: the profile and its changes.
    amendments: Vec<(Subject, Vec<MChange>)>,
    /// Merges in force, in the order made: (absorbed, survivor).
    merged: Vec<(PersonId, PersonId)>,
    /// Merge agreements awaiting the other owner: (survivor, absorbed, agreeing agency).
    merge_pending: Vec<(PersonId, PersonId, AgencyId)>,
    meetings: Vec<MMeeting>,
    /// Disclosures at meetings, in the order made.
    disclosures: Vec<MDisclosure>,
    /// The tasks agreed as meetings' actions.
    tasks: Vec<MTask>,
}

impl World {
    fn apply(&mut self, at: Time, fact: &Fact) {
        match fact.clone() {
            Fact::AgencyJoined(id) => self.agencies.push(MAgency {
                id,
                joined: at,
                left: None,
            }),
            Fact::AgencyLeft(id) => {
                for a in &mut self.agencies {
                    if a.id == id {
                        a.left = Some(at);
                    }
                }
            }
            Fact::PractitionerRegistered { id, agency, role } => {
                self.practitioners.push(MPractitioner {
                    id,
                    agency,
                    role,
                    active: true,
                })
            }
            Fact::PractitionerDeactivated(id) => {
                for p in &mut self.practitioners {
                    if p.id == id {
                        p.active = false;
                    }
                }
            }
            Fact::AgreementSigned {
                id,
                parties,
                categories,
                special,
                starts,
                ends,
            } => self.agreements.push(MAgreement {
                id,
                parties,
                categories,
                special,
                starts,
                ends,
            }),
            Fact::AgreementEnded { id, ends } => {
                for a in &mut self.agreements {
                    if a.id == id {
                        a.ends = Some(ends);
                    }
                }
            }
            Fact::CaseOpened {
                id,
                case_type,
                lead_agency,
                lead,
                team,
            } => {
                let mut team_agencies = vec![lead_agency];
                for a in team {
                    if !team_agencies.contains(&a) {
                        team_agencies.push(a);
                    }
                }
                self.cases.push(MCase {
                    id,
                    case_type,
                    lead_agency,
                    lead: Some(lead),
                    ever_team: team_agencies.clone(),
                    links: vec![],
                    incidents: vec![],
                    team_agencies,
                    team_practitioners: vec![],
                    linked: vec![],
                    ever_linked: vec![],
                    entries: vec![],
                })
            }
            Fact::TeamJoined { case, member } => {
                let agency = match member {
                    TeamMember::Agency(a) => Some(a),
                    TeamMember::Practitioner(p) => self.practitioner(p).map(|p| p.agency),
                };
                for c in &mut self.cases {
                    if c.id == case {
                        match member {
                            TeamMember::Agency(a) => c.team_agencies.push(a),
                            TeamMember::Practitioner(p) => c.team_practitioners.push(p),
                        }
                        c.ever_team.extend(agency);
                    }
                }
            }
            Fact::TeamLeft { case, member } => {
                for c in &mut self.cases {
                    if c.id == case {
                        match member {
                            TeamMember::Agency(a) => c.team_agencies.retain(|x| *x != a),
                            TeamMember::Practitioner(p) => c.team_practitioners.retain(|x| *x != p),
                        }
                    }
                }
            }
            Fact::EntryWritten {
                id,
                case,
                author,
                agency,
                category,
                visibility,
                sensitive,
            } => {
                for c in &mut self.cases {
                    if c.id == case {
                        c.entries.push(id);
                    }
                }
                self.entries.push(MEntry {
                    id,
                    case,
                    author,
                    agency,
                    category,
                    visibility,
                    sensitive,
                })
            }
            Fact::VisibilityChanged {
                id,
                visibility,
                sensitive,
            } => {
                for e in &mut self.entries {
                    if e.id == id {
                        e.visibility = visibility;
                        e.sensitive = sensitive;
                    }
                }
            }
            Fact::PersonRecorded {
                id,
                by,
                name,
                nhs,
                restricted,
                flags,
            } => self.profiles.push(MProfile {
                subject: Subject::Person(id),
                by,
                restricted,
                name,
                nhs: Some(nhs),
                flags,
                members: vec![],
                facts: vec![],
            }),
            Fact::LocationRecorded {
                id,
                by,
                label,
                restricted,
            } => self.profiles.push(MProfile {
                subject: Subject::Location(id),
                by,
                restricted,
                name: label,
                nhs: None,
                flags: vec![],
                members: vec![],
                facts: vec![],
            }),
            Fact::Amended { subject, changes } => {
                if let Some(p) = self.profiles.iter_mut().find(|p| p.subject == subject) {
                    for c in &changes {
                        match c {
                            MChange::Restricted(to) => p.restricted = *to,
                            MChange::Renamed(to) => p.name.clone_from(to),
                            MChange::FlagAdded(f) => p.flags.push(*f),
                            MChange::FlagWithdrawn(f) => p.flags.retain(|g| g != f),
                            MChange::MemberAdded(m) => p.members.push(*m),
                            MChange::MemberWithdrawn(m) => p.members.retain(|n| n != m),
                            MChange::FactAdded(f) => p.facts.push(f.clone()),
                            MChange::FactWithdrawn(f) => p.facts.retain(|g| g.id != f.id),
                        }
                    }
                }
                self.amendments.push((subject, changes));
            }
            Fact::MergeAgreed {
                survivor,
                absorbed,
                agency,
            } => self.merge_pending.push((survivor, absorbed, agency)),
            Fact::Merged { survivor, absorbed } => {
                self.merge_pending
                    .retain(|(s, a, _)| (*s, *a) != (survivor, absorbed));
                self.merged.push((absorbed, survivor));
            }
            Fact::Unmerged { absorbed } => {
                if let Some(survivor) = self.survivor_of(absorbed) {
                    self.merge_pending
                        .retain(|(s, a, _)| (*s, *a) != (survivor, absorbed));
                }
                self.merged.retain(|(a, _)| *a != absorbed);
            }
            Fact::GroupFormed { id, by, members } => self.profiles.push(MProfile {
                subject: Subject::Group(id),
                by,
                restricted: false,
                name: String::new(),
                nhs: None,
                flags: vec![],
                members,
                facts: vec![],
            }),
            Fact::Linked {
                case,
                subject,
                role,
            } => {
                for c in &mut self.cases {
                    if c.id == case {
                        c.linked.push((subject, role));
                        if !c.ever_linked.contains(&subject) {
                            c.ever_linked.push(subject);
                        }
                    }
                }
            }
            Fact::Unlinked {
                case,
                subject,
                role,
            } => {
                for c in &mut self.cases {
                    if c.id == case {
                        c.linked.retain(|l| *l != (subject, role));
                    }
                }
            }
            Fact::LeadTransferred { case, agency, lead } => {
                for c in &mut self.cases {
                    if c.id == case {
                        c.lead_agency = agency;
                        c.lead = lead;
                        if !c.team_agencies.contains(&agency) {
                            c.team_agencies.push(agency);
                        }
                        if !c.ever_team.contains(&agency) {
                            c.ever_team.push(agency);
                        }
                    }
                }
            }
            Fact::CasesLinked { case, other, link } => {
                // Written out rather than taken from the library's own inverse.
                let (this_side, other_side) = match link {
                    CaseLink::Related => (CaseLinkKind::Related, CaseLinkKind::Related),
                    CaseLink::DuplicateOf => {
                        (CaseLinkKind::DuplicateOf, CaseLinkKind::DuplicatedBy)
                    }
                    CaseLink::PartOf => (CaseLinkKind::PartOf, CaseLinkKind::Includes),
                };
                for c in &mut self.cases {
                    if c.id == case {
                        c.links.push((other, this_side));
                    } else if c.id == other {
                        c.links.push((case, other_side));
                    }
                }
            }
            Fact::CasesUnlinked { case, other } => {
                for c in &mut self.cases {
                    c.links.retain(|(o, _)| {
                        !(c.id == case && *o == other || c.id == other && *o == case)
                    });
                }
            }
            Fact::IncidentImported {
                id,
                source,
                category,
            } => self.incidents.push((id, source, category)),
            Fact::IncidentLinked { case, incident } => {
                for c in self.cases.iter_mut().filter(|c| c.id == case) {
                    c.incidents.push(incident);
                }
            }
            Fact::IncidentUnlinked { case, incident } => {
                for c in self.cases.iter_mut().filter(|c| c.id == case) {
                    c.incidents.retain(|i| *i != incident);
                }
            }
            Fact::MeetingScheduled {
                id,
                kind,
                starts,
                chair,
                mut agencies,
            } => {
                if let Some(a) = self.practitioner(chair).map(|p| p.agency) {
                    if !agencies.contains(&a) {
                        agencies.push(a);
                    }
                }
                self.meetings.push(MMeeting {
                    id,
                    kind,
                    starts,
                    agencies,
                    attendees: vec![],
                    decisions: vec![],
                    actions: vec![],
                    added: vec![],
                })
            }
            Fact::Attended {
                meeting,
                practitioner,
            } => {
                for m in self.meetings.iter_mut().filter(|m| m.id == meeting) {
                    m.attendees.push(practitioner);
                }
            }
            Fact::Disclosed {
                meeting,
                entry,
                recipients,
            } => {
                if let Some(owner) = self.entry(entry).map(|e| e.agency) {
                    self.disclosures.push(MDisclosure {
                        meeting,
                        entry,
                        owner,
                        recipients,
                    });
                }
            }
            Fact::Decided { meeting, entry } => {
                for m in self.meetings.iter_mut().filter(|m| m.id == meeting) {
                    m.decisions.push(entry);
                }
            }
            Fact::ActionAgreed { meeting, task } => {
                for m in self.meetings.iter_mut().filter(|m| m.id == meeting) {
                    m.actions.push(task.id);
                }
                self.tasks.push(task);
            }
            Fact::AgendaItemAdded { meeting, item } => {
                for m in self.meetings.iter_mut().filter(|m| m.id == meeting) {
                    m.added.push(item);
                }
            }
        }
    }

    /// The facts with a time at or before `t`, replayed.
    /// The survivor `absorbed` is merged into, if it is.
    fn survivor_of(&self, absorbed: PersonId) -> Option<PersonId> {
        self.merged
            .iter()
            .find(|(a, _)| *a == absorbed)
            .map(|(_, s)| *s)
    }

    /// The profiles of the person `p` is a profile of: the survivor, then in merge order.
    fn person_profiles(&self, p: PersonId) -> Vec<PersonId> {
        let survivor = self.survivor_of(p).unwrap_or(p);
        std::iter::once(survivor)
            .chain(
                self.merged
                    .iter()
                    .filter(|(_, s)| *s == survivor)
                    .map(|(a, _)| *a),
            )
            .collect()
    }

    /// What agreeing to merge `absorbed` into `survivor` by `who` at `t` gives, by the rules of
    /// docs/records.md "Merging": whether the two are merged now, or the refusal's code.
    fn merge_outcome(
        &self,
        who: &MPractitioner,
        survivor: PersonId,
        absorbed: PersonId,
        t: Time,
    ) -> Result<bool, ErrorCode> {
        let known = |p| self.subject_access(who.id, Subject::Person(p), t) != Acc::Nothing;
        if !known(survivor) || !known(absorbed) {
            return Err(ErrorCode::NotFound);
        }
        if survivor == absorbed {
            return Err(ErrorCode::InvalidInput);
        }
        let (Some(s), Some(a)) = (
            self.profile(Subject::Person(survivor)),
            self.profile(Subject::Person(absorbed)),
        ) else {
            return Err(ErrorCode::NotFound);
        };
        // A partnership admin who reads both in full is the partnership's data owner, who
        // merges alone.
        let data_owner = self.data_owner(who, survivor, absorbed, t);
        if s.by != who.agency && a.by != who.agency && !data_owner {
            return Err(ErrorCode::Forbidden);
        }
        let merged_as_survivor = |p| self.merged.iter().any(|(_, s)| *s == p);
        if s.restricted
            || a.restricted
            || self.survivor_of(absorbed).is_some()
            || merged_as_survivor(absorbed)
            || self.survivor_of(survivor).is_some()
        {
            return Err(ErrorCode::InvalidInput);
        }
        let agreed: Vec<AgencyId> = self
            .merge_pending
            .iter()
            .filter(|(x, y, _)| (*x, *y) == (survivor, absorbed))
            .map(|(_, _, g)| *g)
            .collect();
        if agreed.contains(&who.agency) {
            return Err(ErrorCode::InvalidInput);
        }
        Ok(data_owner
            || [s.by, a.by]
                .iter()
                .all(|o| *o == who.agency || agreed.contains(o)))
    }

    /// Whether `who` is the partnership's data owner for the two profiles: a partnership admin
    /// reading both in full.
    fn data_owner(&self, who: &MPractitioner, a: PersonId, b: PersonId, t: Time) -> bool {
        who.role == Role::PartnershipAdmin
            && [a, b]
                .iter()
                .all(|p| self.subject_access(who.id, Subject::Person(*p), t) == Acc::Full)
    }

    fn at(log: &[(Time, Fact)], t: Time) -> World {
        let mut w = World::default();
        for (at, fact) in log {
            if *at <= t {
                w.apply(*at, fact);
            }
        }
        w
    }

    fn practitioner(&self, id: PractitionerId) -> Option<&MPractitioner> {
        self.practitioners.iter().find(|p| p.id == id)
    }

    fn case(&self, id: CaseId) -> Option<&MCase> {
        self.cases.iter().find(|c| c.id == id)
    }

    fn entry(&self, id: EntryId) -> Option<&MEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    fn profile(&self, s: Subject) -> Option<&MProfile> {
        self.profiles.iter().find(|p| p.subject == s)
    }

    fn is_member(&self, agency: AgencyId, t: Time) -> bool {
        self.agencies
            .iter()
            .any(|a| a.id == agency && a.joined <= t && a.left.is_none_or(|l| t < l))
    }

    /// The viewer, if they may read at all at `t`: active, of a member agency.
    fn reader(&self, id: PractitionerId, t: Time) -> Option<&MPractitioner> {
        self.practitioner(id)
            .filter(|p| p.active && self.is_member(p.agency, t))
    }

    /// Every agreement that lets `category` content of `owner` reach `reader` at `t`.
    fn covering(
        &self,
        owner: AgencyId,
        reader: AgencyId,
        category: InformationCategory,
        t: Time,
    ) -> Vec<AgreementId> {
        let mut out = vec![];
        for a in &self.agreements {
            let active = a.starts <= t && a.ends.is_none_or(|e| t < e);
            let binds = a.parties.contains(&owner) && a.parties.contains(&reader);
            let covers = a.categories.contains(&category) && (!is_special(category) || a.special);
            if active && binds && covers {
                out.push(a.id);
            }
        }
        out
    }

    fn on_team(case: &MCase, v: &MPractitioner) -> bool {
        case.team_agencies.contains(&v.agency) || case.team_practitioners.contains(&v.id)
    }

    fn entry_access(&self, v: PractitionerId, id: EntryId, t: Time) -> Acc {
        let (Some(v), Some(e)) = (self.reader(v, t), self.entry(id)) else {
            return Acc::Nothing;
        };
        let Some(case) = self.case(e.case) else {
            return Acc::Nothing;
        };
        if e.author == v.id {
            return Acc::Full;
        }
        let on_team = World::on_team(case, v);
        let reached = match e.visibility {
            Visibility::Private => false,
            Visibility::Agency => v.agency == e.agency,
            Visibility::CaseTeam => on_team,
            Visibility::Partnership => true,
        };
        let crosses =
            v.agency == e.agency || !self.covering(e.agency, v.agency, e.category, t).is_empty();
        if reached && crosses {
            return Acc::Full;
        }
        // Disclosed at a meeting to this viewer: the owner's choice stands for visibility, team
        // and the sensitive mark; the agreement test still applies now.
        let disclosed = self
            .disclosures
            .iter()
            .any(|d| d.entry == e.id && d.recipients.contains(&v.id));
        if disclosed && crosses {
            return Acc::Full;
        }
        if e.sensitive {
            Acc::Nothing
        } else if on_team {
            Acc::Stub
        } else {
            Acc::Nothing
        }
    }

    /// An incident is read in full by its source agency and under an agreement covering its
    /// category; there is no stub of one.
    fn incident_readable(&self, v: PractitionerId, id: IncidentId, t: Time) -> bool {
        let Some(v) = self.reader(v, t) else {
            return false;
        };
        self.incidents.iter().any(|(i, source, category)| {
            *i == id
                && (*source == v.agency
                    || !self.covering(*source, v.agency, *category, t).is_empty())
        })
    }

    fn case_access(&self, v: PractitionerId, id: CaseId, t: Time) -> Acc {
        let (Some(v), Some(c)) = (self.reader(v, t), self.case(id)) else {
            return Acc::Nothing;
        };
        if !World::on_team(c, v) {
            return Acc::Stub;
        }
        if v.agency == c.lead_agency
            || !self
                .covering(c.lead_agency, v.agency, case_category(c.case_type), t)
                .is_empty()
        {
            Acc::Full
        } else {
            Acc::Stub
        }
    }

    fn details_category(s: Subject) -> InformationCategory {
        match s {
            Subject::Person(_) | Subject::Group(_) => InformationCategory::PersonalDetails,
            Subject::Location(_) => InformationCategory::Location,
        }
    }

    fn subject_access(&self, v: PractitionerId, s: Subject, t: Time) -> Acc {
        let (Some(v), Some(p)) = (self.reader(v, t), self.profile(s)) else {
            return Acc::Nothing;
        };
        if v.agency == p.by {
            return Acc::Full;
        }
        let mut case_access = false;
        for c in &self.cases {
            if c.ever_linked.contains(&s) && World::on_team(c, v) {
                case_access = true;
            }
        }
        let mut result = Acc::Stub;
        if case_access
            && !self
                .covering(p.by, v.agency, World::details_category(s), t)
                .is_empty()
        {
            result = Acc::Full;
        }
        if result != Acc::Full && p.restricted {
            result = Acc::Nothing;
        }
        result
    }

    /// What the viewer sees of an agency's fact about person `s` (DESIGN section 4, rule 5 per
    /// fact, docs/records.md): its agency reads it; a fact kept for its agency is nothing to
    /// anyone else; otherwise a practitioner on the team of a case ever about the person reads
    /// it where an agreement covers its category, and anyone else is told who holds it.
    fn fact_access(&self, v: PractitionerId, s: Subject, f: &MFact, t: Time) -> Acc {
        let Some(v) = self.reader(v, t) else {
            return Acc::Nothing;
        };
        if v.agency == f.agency {
            return Acc::Full;
        }
        if f.agency_only {
            return Acc::Nothing;
        }
        let case_access = self
            .cases
            .iter()
            .any(|c| c.ever_linked.contains(&s) && World::on_team(c, v));
        if case_access && !self.covering(f.agency, v.agency, f.category, t).is_empty() {
            Acc::Full
        } else {
            Acc::Stub
        }
    }

    /// The facts a full view of person `s` shows the viewer, in order, and the agencies it
    /// names as holding others.
    fn visible_facts(
        &self,
        v: PractitionerId,
        s: Subject,
        t: Time,
    ) -> (Vec<FactId>, Vec<AgencyId>) {
        let mut shown = vec![];
        let mut holders = vec![];
        for f in self
            .profile(s)
            .map(|p| p.facts.as_slice())
            .unwrap_or_default()
        {
            match self.fact_access(v, s, f, t) {
                Acc::Full => shown.push(f.id),
                Acc::Stub => holders.push(f.agency),
                Acc::Nothing => {}
            }
        }
        holders.sort();
        holders.dedup();
        (shown, holders)
    }

    /// The flags a full view of person `s` shows the viewer.
    fn visible_flags(&self, v: PractitionerId, s: Subject, t: Time) -> Vec<VulnerabilityFlag> {
        let (Some(v), Some(p)) = (self.reader(v, t), self.profile(s)) else {
            return vec![];
        };
        let mut out: Vec<VulnerabilityFlag> = p
            .flags
            .iter()
            .copied()
            .filter(|f| self.flag_visible(v, p, *f, t))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether a viewer reading profile `p` in full may read flag `f` on it.
    fn flag_visible(&self, v: &MPractitioner, p: &MProfile, f: VulnerabilityFlag, t: Time) -> bool {
        let c = flag_category(f);
        !is_special(c) || v.agency == p.by || !self.covering(p.by, v.agency, c, t).is_empty()
    }

    /// A profile's history as the viewer may see it: `None` where the profile is withheld;
    /// otherwise, per amendment shown, its visible changes (in words) and whether its reason
    /// shows (only when every change does). A stub reader sees no amendment.
    fn history(
        &self,
        viewer: PractitionerId,
        s: Subject,
        t: Time,
    ) -> Option<Vec<(Vec<String>, bool)>> {
        let access = self.subject_access(viewer, s, t);
        if access == Acc::Nothing {
            return None;
        }
        if access == Acc::Stub {
            return Some(vec![]);
        }
        let (Some(v), Some(p)) = (self.reader(viewer, t), self.profile(s)) else {
            return None;
        };
        let mut out = vec![];
        for (subject, changes) in &self.amendments {
            if *subject != s {
                continue;
            }
            let shown: Vec<String> = changes
                .iter()
                .filter(|c| match c {
                    MChange::FlagAdded(f) | MChange::FlagWithdrawn(f) => {
                        self.flag_visible(v, p, *f, t)
                    }
                    MChange::MemberAdded(m) | MChange::MemberWithdrawn(m) => {
                        self.subject_access(viewer, Subject::Person(*m), t) != Acc::Nothing
                    }
                    MChange::FactAdded(f) | MChange::FactWithdrawn(f) => {
                        self.fact_access(viewer, s, f, t) == Acc::Full
                    }
                    _ => true,
                })
                .map(model_change_words)
                .collect();
            if !shown.is_empty() {
                out.push((shown.clone(), shown.len() == changes.len()));
            }
        }
        Some(out)
    }

    /// The owner and category of a target's content, for checking the rule a decision cites.
    fn owner_and_category(&self, target: Target) -> Option<(AgencyId, InformationCategory)> {
        match target {
            Target::Case(id) => self
                .case(id)
                .map(|c| (c.lead_agency, case_category(c.case_type))),
            Target::Entry(id) => self.entry(id).map(|e| (e.agency, e.category)),
            Target::Person(id) => self
                .profile(Subject::Person(id))
                .map(|p| (p.by, InformationCategory::PersonalDetails)),
            Target::Location(id) => self
                .profile(Subject::Location(id))
                .map(|p| (p.by, InformationCategory::Location)),
            Target::Group(id) => self
                .profile(Subject::Group(id))
                .map(|p| (p.by, InformationCategory::PersonalDetails)),
        }
    }

    /// The agencies a case shows as involved (issue 18): its lead, every agency ever on its
    /// team, and the agencies of the authors of its entries that are not sensitive. Sensitive
    /// content (a sensitive task answer from an agency off the team) never makes an agency
    /// involved; an entry counts by its sensitivity at the time of reading.
    fn involved(&self, case: &MCase) -> Vec<AgencyId> {
        let mut out = case.ever_team.clone();
        for e in case.entries.iter().filter_map(|e| self.entry(*e)) {
            if !e.sensitive {
                out.push(e.agency);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The agencies a subject is known to: its recorder and those involved in any case ever
    /// about it.
    fn known_to(&self, s: Subject) -> Vec<AgencyId> {
        let mut out: Vec<AgencyId> = self.profile(s).map(|p| p.by).into_iter().collect();
        // The agencies holding facts about a person shared under the agreements.
        if let Some(p) = self.profile(s) {
            out.extend(p.facts.iter().filter(|f| !f.agency_only).map(|f| f.agency));
        }
        for c in self.cases.iter().filter(|c| c.ever_linked.contains(&s)) {
            out.extend(self.involved(c));
        }
        out.sort();
        out.dedup();
        out
    }

    fn access(&self, v: PractitionerId, target: Target, t: Time) -> Acc {
        match target {
            Target::Case(id) => self.case_access(v, id, t),
            Target::Entry(id) => self.entry_access(v, id, t),
            Target::Person(id) => self.subject_access(v, Subject::Person(id), t),
            Target::Location(id) => self.subject_access(v, Subject::Location(id), t),
            Target::Group(id) => self.subject_access(v, Subject::Group(id), t),
        }
    }

    fn meeting(&self, id: MeetingId) -> Option<&MMeeting> {
        self.meetings.iter().find(|m| m.id == id)
    }

    /// A meeting's kind as kinds are compared: case and runs of white space aside.
    fn kind_key(kind: &str) -> String {
        kind.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the viewer may know of the meeting at `t`: a reader of an agency it invited.
    fn knows_meeting(&self, v: PractitionerId, m: &MMeeting, t: Time) -> bool {
        self.reader(v, t)
            .is_some_and(|v| m.agencies.contains(&v.agency))
    }

    /// Whether two agencies may sit in one room: the same agency, or both parties to an
    /// agreement (of any category) in force at `at`.
    fn share_protocol(&self, a: AgencyId, b: AgencyId, at: Time) -> bool {
        a == b
            || self.agreements.iter().any(|g| {
                g.starts <= at
                    && g.ends.is_none_or(|e| at < e)
                    && g.parties.contains(&a)
                    && g.parties.contains(&b)
            })
    }

    /// What recording `who`'s attendance at `m`, by `actor`, gives (both may act now): a
    /// meeting the actor's agency was not invited to is not found; an attendee of an agency not
    /// invited, or not sharing the protocol at the meeting's start with an agency already in the
    /// room, is refused; nobody attends twice.
    fn attendance(
        &self,
        actor: &MPractitioner,
        m: &MMeeting,
        who: &MPractitioner,
    ) -> Result<(), ErrorCode> {
        if !m.agencies.contains(&actor.agency) {
            return Err(ErrorCode::NotFound);
        }
        if !m.agencies.contains(&who.agency) {
            return Err(ErrorCode::Forbidden);
        }
        if m.attendees.contains(&who.id) {
            return Err(ErrorCode::InvalidInput);
        }
        let outside = m
            .attendees
            .iter()
            .filter_map(|a| self.practitioner(*a))
            .any(|a| !self.share_protocol(who.agency, a.agency, m.starts));
        if outside {
            return Err(ErrorCode::Forbidden);
        }
        Ok(())
    }

    /// What disclosing entry `id` at `m` (which `actor` attends) at `t` gives: its recipients
    /// (the attendees of that moment, active, of the owner's agency and of each agency an
    /// agreement in force covers the entry's category with), or the refusal: an entry the actor
    /// may not know of is not found; another agency's entry, one the actor does not read in
    /// full, or one that would reach nobody of another agency is refused.
    fn disclosure(
        &self,
        actor: &MPractitioner,
        m: &MMeeting,
        id: EntryId,
        t: Time,
    ) -> Result<Vec<PractitionerId>, ErrorCode> {
        let Some(e) = self.entry(id) else {
            return Err(ErrorCode::NotFound);
        };
        match self.entry_access(actor.id, id, t) {
            Acc::Nothing => return Err(ErrorCode::NotFound),
            _ if e.agency != actor.agency => return Err(ErrorCode::Forbidden),
            Acc::Stub => return Err(ErrorCode::Forbidden),
            Acc::Full => {}
        }
        let mut recipients = vec![];
        let mut another = false;
        for p in m.attendees.iter().filter_map(|p| self.practitioner(*p)) {
            if !p.active {
                continue;
            }
            if p.agency == e.agency {
                recipients.push(p.id);
            } else if !self.covering(e.agency, p.agency, e.category, t).is_empty() {
                recipients.push(p.id);
                another = true;
            }
        }
        if another {
            Ok(recipients)
        } else {
            Err(ErrorCode::Forbidden)
        }
    }

    /// A task agreed at a meeting: its title and detail are its setter's agency's content of
    /// its category, for the case's team; the assigned agency was told of it, so it reads it in
    /// full under an agreement and sees its stub otherwise; off the team it is not known.
    fn task_access(&self, v: PractitionerId, task: &MTask, t: Time) -> Acc {
        let (Some(v), Some(case)) = (self.reader(v, t), self.case(task.case)) else {
            return Acc::Nothing;
        };
        let crosses = v.agency == task.set_by_agency
            || !self
                .covering(task.set_by_agency, v.agency, task.category, t)
                .is_empty();
        let on_team = World::on_team(case, v);
        if task.set_by == v.id || (crosses && (on_team || v.agency == task.agency)) {
            Acc::Full
        } else if on_team || v.agency == task.agency {
            Acc::Stub
        } else {
            Acc::Nothing
        }
    }

    /// The actions of earlier meetings of `m`'s kind (none is ever done in these worlds),
    /// oldest meeting first.
    fn carried_over(&self, m: &MMeeting) -> Vec<TaskId> {
        let mut earlier: Vec<&MMeeting> = self
            .meetings
            .iter()
            .filter(|o| o.starts < m.starts && World::kind_key(&o.kind) == World::kind_key(&m.kind))
            .collect();
        earlier.sort_by_key(|o| (o.starts, o.id));
        earlier
            .iter()
            .flat_map(|o| o.actions.iter().copied())
            .collect()
    }
}

// ================================================================================================
// Random worlds
// ================================================================================================

const ROLES: [Role; 4] = [
    Role::ReadOnly,
    Role::CaseWorker,
    Role::Supervisor,
    Role::AgencyAdmin,
];
const VISIBILITIES: [Visibility; 4] = [
    Visibility::Private,
    Visibility::Agency,
    Visibility::CaseTeam,
    Visibility::Partnership,
];
const SUBJECT_ROLES: [SubjectRole; 6] = [
    SubjectRole::Victim,
    SubjectRole::Perpetrator,
    SubjectRole::Witness,
    SubjectRole::Complainant,
    SubjectRole::VulnerablePerson,
    SubjectRole::LocationOfConcern,
];
const FLAGS: [VulnerabilityFlag; 10] = [
    VulnerabilityFlag::MentalHealth,
    VulnerabilityFlag::PhysicalHealth,
    VulnerabilityFlag::LearningDisability,
    VulnerabilityFlag::SubstanceMisuse,
    VulnerabilityFlag::Elderly,
    VulnerabilityFlag::Child,
    VulnerabilityFlag::Isolated,
    VulnerabilityFlag::RepeatVictim,
    VulnerabilityFlag::Homeless,
    VulnerabilityFlag::CommunicationNeeds,
];

/// One step of a world. Indices pick among the valid choices at that point (modulo their
/// number), so every step does something valid when anything valid exists.
#[derive(Clone, Debug)]
enum Op {
    Tick {
        minutes: i64,
    },
    Sign {
        parties: u8,
        categories: u16,
        special: bool,
        start_days: i64,
        length_days: Option<i64>,
    },
    End {
        agreement: usize,
        in_days: i64,
    },
    Open {
        by: usize,
        case_type: usize,
        team: u8,
    },
    Join {
        by: usize,
        case: usize,
        member: usize,
        individual: bool,
    },
    Remove {
        by: usize,
        case: usize,
        member: usize,
    },
    Write {
        by: usize,
        case: usize,
        category: usize,
        visibility: usize,
        sensitive: bool,
    },
    Revise {
        by: usize,
        entry: usize,
        visibility: usize,
        sensitive: bool,
    },
    Person {
        by: usize,
        restricted: bool,
        flags: u16,
    },
    /// A practitioner adds a fact about a person, under a category, shared or kept.
    AddFact {
        by: usize,
        person: usize,
        category: usize,
        agency_only: bool,
    },
    /// A practitioner withdraws one of the facts recorded so far.
    WithdrawFact {
        by: usize,
        which: usize,
    },
    Location {
        by: usize,
        restricted: bool,
    },
    Group {
        by: usize,
        members: u8,
    },
    Link {
        by: usize,
        case: usize,
        subject: usize,
        role: usize,
    },
    Unlink {
        by: usize,
        case: usize,
        which: usize,
    },
    AgencyLeaves {
        agency: usize,
    },
    Deactivate {
        practitioner: usize,
    },
    /// The lead practitioner or a lead agency supervisor hands the case to a practitioner or
    /// to an agency (allowed or not).
    Transfer {
        by: usize,
        case: usize,
        to: usize,
        individual: bool,
    },
    /// A case worker on both teams links two cases, or unlinks them if linked.
    LinkCases {
        by: usize,
        case: usize,
        other: usize,
        link: usize,
    },
    /// A case worker imports one incident of a kind (its category one an agreement may or may
    /// not cover).
    Incident {
        by: usize,
        kind: usize,
    },
    /// A case worker on the team who reads the incident links it to the case, or unlinks it if
    /// linked; one on the team who does not read it is refused as for an unknown incident.
    LinkIncident {
        by: usize,
        case: usize,
        incident: usize,
    },
    /// A case worker of the recording agency amends a profile (restricts it or lifts the
    /// restriction, renames it, adds or withdraws a flag, adds or withdraws a group member);
    /// someone else who knows of it is refused first.
    Amend {
        by: usize,
        subject: usize,
        edit: usize,
    },
    /// A case worker agrees that two person profiles are one person (often one whose agreement
    /// another agency is awaiting), or is refused as the rules say.
    Merge {
        by: usize,
        a: usize,
        b: usize,
    },
    /// A case worker undoes a merge, or is refused as the rules say.
    Unmerge {
        by: usize,
        which: usize,
    },
    /// A team member sets a task on an agency (on the team or not), and a case worker of that
    /// agency answers it with an entry on the case.
    Ask {
        by: usize,
        case: usize,
        agency: usize,
        answerer: usize,
        category: usize,
        visibility: usize,
        sensitive: bool,
    },
    /// A case worker schedules a meeting (of one of `MEETING_KINDS`) chaired by a case worker,
    /// inviting some agencies; the chair then records the attendance of some practitioners in
    /// order: when `true`, one the rules admit (if there is one), otherwise anyone.
    Meet {
        by: usize,
        chair: usize,
        agencies: u8,
        kind: usize,
        start_minutes: i64,
        attend: Vec<(usize, bool)>,
        /// Disclosures then made at it, as [`Op::Disclose`] makes them.
        disclose: Vec<(usize, usize, bool)>,
    },
    /// A practitioner records their own attendance at a meeting (perhaps after disclosures).
    Attend {
        meeting: usize,
        who: usize,
    },
    /// An attendee discloses an entry: when `likely`, one of their agency's they read in full
    /// whose category an agreement in force covers with another attendee's agency (if there is
    /// one); otherwise any entry.
    Disclose {
        meeting: usize,
        by: usize,
        entry: usize,
        likely: bool,
    },
    /// A case worker on a case's team, attending the meeting or not, records a decision on the
    /// case resting on what was disclosed to them there.
    Decide {
        meeting: usize,
        by: usize,
        case: usize,
        category: usize,
        visibility: usize,
        sensitive: bool,
    },
    /// A case worker on a case's team, attending the meeting or not, agrees an action: a task on
    /// an agency.
    Act {
        meeting: usize,
        by: usize,
        case: usize,
        agency: usize,
        category: usize,
    },
    /// Someone adds a case, a person or a place to a meeting's agenda.
    AddToAgenda {
        meeting: usize,
        by: usize,
        item: usize,
    },
}

/// The kinds of meeting the worlds hold: the first two are one kind, spelt differently.
const MEETING_KINDS: [&str; 3] = [
    "Daily hub meeting",
    "daily  HUB meeting",
    "Complex case panel",
];

#[derive(Clone, Debug)]
struct Plan {
    /// Per agency: its kind, minutes after the previous one it joins, and its practitioners'
    /// roles. Agency 0 hosts the partnership; its partnership admin is practitioner 0.
    agencies: Vec<(usize, i64, Vec<Role>)>,
    ops: Vec<Op>,
    /// Then the meetings' steps.
    meetings: Vec<Op>,
    /// Past times to read as of: an index into the times of the steps, and whether to read
    /// just before that step instead of just after it.
    past: Vec<(usize, bool)>,
    /// Minutes after the hub's now to try reading as of (where agreements that start in the
    /// future would already be in force).
    future_minutes: i64,
}

fn op() -> impl Strategy<Value = Op> {
    let idx = || 0..64usize;
    prop_oneof![
        3 => (1..=4320i64).prop_map(|minutes| Op::Tick { minutes }),
        4 => (any::<u8>(), any::<u16>(), any::<u16>(), any::<bool>(), -20..20i64, prop::option::of(1..40i64))
            .prop_map(|(parties, c1, c2, special, start_days, length_days)| Op::Sign {
                parties, categories: c1 & c2, special, start_days, length_days }),
        1 => (idx(), 0..20i64).prop_map(|(agreement, in_days)| Op::End { agreement, in_days }),
        3 => (idx(), 0..9usize, any::<u8>()).prop_map(|(by, case_type, team)| Op::Open { by, case_type, team }),
        3 => (idx(), idx(), idx(), any::<bool>())
            .prop_map(|(by, case, member, individual)| Op::Join { by, case, member, individual }),
        1 => (idx(), idx(), idx()).prop_map(|(by, case, member)| Op::Remove { by, case, member }),
        7 => (idx(), idx(), 0..13usize, 0..4usize, prop::bool::weighted(0.25))
            .prop_map(|(by, case, category, visibility, sensitive)| Op::Write { by, case, category, visibility, sensitive }),
        2 => (idx(), idx(), 0..4usize, any::<bool>())
            .prop_map(|(by, entry, visibility, sensitive)| Op::Revise { by, entry, visibility, sensitive }),
        3 => (idx(), prop::bool::weighted(0.4), any::<u16>())
            .prop_map(|(by, restricted, flags)| Op::Person { by, restricted, flags: flags & 0x3ff }),
        2 => (idx(), prop::bool::weighted(0.4)).prop_map(|(by, restricted)| Op::Location { by, restricted }),
        1 => (idx(), any::<u8>()).prop_map(|(by, members)| Op::Group { by, members }),
        5 => (idx(), idx(), idx(), 0..6usize)
            .prop_map(|(by, case, subject, role)| Op::Link { by, case, subject, role }),
        1 => (idx(), idx(), idx()).prop_map(|(by, case, which)| Op::Unlink { by, case, which }),
        1 => idx().prop_map(|agency| Op::AgencyLeaves { agency }),
        1 => idx().prop_map(|practitioner| Op::Deactivate { practitioner }),
        2 => (idx(), idx(), idx(), any::<bool>())
            .prop_map(|(by, case, to, individual)| Op::Transfer { by, case, to, individual }),
        2 => (idx(), idx(), idx(), 0..3usize)
            .prop_map(|(by, case, other, link)| Op::LinkCases { by, case, other, link }),
        1 => (idx(), 0..INCIDENT_KINDS.len()).prop_map(|(by, kind)| Op::Incident { by, kind }),
        2 => (idx(), idx(), idx())
            .prop_map(|(by, case, incident)| Op::LinkIncident { by, case, incident }),
        3 => (idx(), idx(), idx()).prop_map(|(by, subject, edit)| Op::Amend { by, subject, edit }),
        3 => (idx(), idx(), idx()).prop_map(|(by, a, b)| Op::Merge { by, a, b }),
        1 => (idx(), idx()).prop_map(|(by, which)| Op::Unmerge { by, which }),
        5 => (idx(), idx(), 0..13usize, prop::bool::weighted(0.3)).prop_map(
            |(by, person, category, agency_only)| Op::AddFact { by, person, category, agency_only }),
        1 => (idx(), idx()).prop_map(|(by, which)| Op::WithdrawFact { by, which }),
        2 => (idx(), idx(), idx(), idx(), 0..13usize, 0..4usize, any::<bool>())
            .prop_map(|(by, case, agency, answerer, category, visibility, sensitive)| Op::Ask {
                by, case, agency, answerer, category, visibility, sensitive }),
    ]
}

/// The steps of the meetings held after a world's other steps, with time passing, agreements
/// coming into force and entries written between them (so that there is something to disclose
/// and agreements to disclose it under).
fn meeting_op() -> impl Strategy<Value = Op> {
    let idx = || 0..64usize;
    prop_oneof![
        1 => (1..=1440i64).prop_map(|minutes| Op::Tick { minutes }),
        // Agreements in force, and entries to disclose under them.
        2 => (any::<u8>(), any::<u16>(), any::<bool>(), -20..=0i64, prop::option::of(1..40i64))
            .prop_map(|(parties, categories, special, start_days, length_days)| Op::Sign {
                parties, categories, special, start_days, length_days }),
        2 => (idx(), idx(), 0..13usize, 0..4usize, prop::bool::weighted(0.25))
            .prop_map(|(by, case, category, visibility, sensitive)| Op::Write { by, case, category, visibility, sensitive }),
        3 => (idx(), idx(), any::<u8>(), 0..MEETING_KINDS.len(), -180..180i64,
              prop::collection::vec((idx(), prop::bool::weighted(0.8)), 0..5),
              prop::collection::vec((idx(), idx(), prop::bool::weighted(0.85)), 1..4))
            .prop_map(|(by, chair, agencies, kind, start_minutes, attend, disclose)| Op::Meet {
                by, chair, agencies, kind, start_minutes, attend, disclose }),
        1 => (idx(), idx()).prop_map(|(meeting, who)| Op::Attend { meeting, who }),
        3 => (idx(), idx(), idx(), prop::bool::weighted(0.7))
            .prop_map(|(meeting, by, entry, likely)| Op::Disclose { meeting, by, entry, likely }),
        1 => (idx(), idx(), idx(), 0..13usize, 0..4usize, any::<bool>())
            .prop_map(|(meeting, by, case, category, visibility, sensitive)| Op::Decide {
                meeting, by, case, category, visibility, sensitive }),
        1 => (idx(), idx(), idx(), idx(), 0..13usize)
            .prop_map(|(meeting, by, case, agency, category)| Op::Act { meeting, by, case, agency, category }),
        1 => (idx(), idx(), idx()).prop_map(|(meeting, by, item)| Op::AddToAgenda { meeting, by, item }),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    let role = prop_oneof![
        1 => Just(ROLES[0]),
        4 => Just(ROLES[1]),
        2 => Just(ROLES[2]),
        1 => Just(ROLES[3]),
    ];
    (
        prop::collection::vec(
            (0..13usize, 0..600i64, prop::collection::vec(role, 1..=2)),
            2..=6,
        ),
        prop::collection::vec(op(), 0..28),
        (
            // The hub's protocol, in force when the meetings begin: most categories, every
            // agency (half the time) or some.
            (
                prop_oneof![Just(u8::MAX), any::<u8>()],
                any::<u16>(),
                any::<u16>(),
                any::<bool>(),
            )
                .prop_map(|(parties, c1, c2, special)| Op::Sign {
                    parties,
                    categories: c1 | c2,
                    special,
                    start_days: -30,
                    length_days: None,
                }),
            prop::collection::vec(meeting_op(), 0..6),
        )
            .prop_map(|(protocol, ops)| std::iter::once(protocol).chain(ops).collect()),
        prop::collection::vec((0..1000usize, any::<bool>()), 1..=2),
        1..=60 * 24 * 40i64,
    )
        .prop_map(|(agencies, ops, meetings, past, future_minutes)| Plan {
            agencies,
            ops,
            meetings,
            past,
            future_minutes,
        })
}

// ================================================================================================
// Building a world through the hub, keeping the model in step
// ================================================================================================

/// The incident kinds the worlds import, with the information category each maps to, written
/// out here rather than taken from the library.
const INCIDENT_KINDS: [(&str, InformationCategory); 5] = [
    ("asb_nuisance", InformationCategory::Asb),
    ("domestic_abuse", InformationCategory::DomesticAbuse),
    ("hate", InformationCategory::ProtectedCharacteristics),
    ("concern_for_safety", InformationCategory::Safeguarding),
    ("other", InformationCategory::General),
];

/// A fixed origin, so a failing world reads the same on every run.
fn origin() -> Time {
    Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

struct Build {
    /// Merges the data owner made alone, for the tally.
    owner_merges: u64,
    features: Features,
    hub: Hub,
    clock: ManualClock,
    log: Vec<(Time, Fact)>,
    /// The world now (the log replayed to now, kept in step).
    now: World,
    names: BTreeMap<uuid::Uuid, String>,
    admin: PractitionerId,
    agencies: Vec<AgencyId>,
    practitioners: Vec<PractitionerId>,
    agreements: Vec<AgreementId>,
    cases: Vec<CaseId>,
    entries: Vec<EntryId>,
    incidents: Vec<IncidentId>,
    subjects: Vec<Subject>,
    meetings: Vec<MeetingId>,
    /// The time of each step, for as-of reads.
    step_times: Vec<Time>,
    /// What the test did, in words, for the failure message.
    script: Vec<String>,
}

/// A model change in words, as [`change_words`] puts the engine's.
fn model_change_words(c: &MChange) -> String {
    match c {
        MChange::Restricted(to) => format!("restricted {to}"),
        MChange::Renamed(to) => format!("name {to}"),
        MChange::FlagAdded(f) => format!("flag+ {f:?}"),
        MChange::FlagWithdrawn(f) => format!("flag- {f:?}"),
        MChange::MemberAdded(m) => format!("member+ {}", m.0),
        MChange::MemberWithdrawn(m) => format!("member- {}", m.0),
        MChange::FactAdded(f) => format!("fact+ {}", f.id.0),
        MChange::FactWithdrawn(f) => format!("fact- {}", f.id.0),
    }
}

/// An engine change in words, as the model puts its own.
fn change_words(c: &Change) -> String {
    match c {
        Change::Restricted { to } => format!("restricted {to}"),
        Change::Name { to, .. } => format!("name {to}"),
        Change::FlagAdded { flag } => format!("flag+ {flag:?}"),
        Change::FlagWithdrawn { flag } => format!("flag- {flag:?}"),
        Change::MemberAdded { person } => format!("member+ {}", person.0),
        Change::MemberWithdrawn { person } => format!("member- {}", person.0),
        Change::FactAdded { fact } => format!("fact+ {}", fact.id.0),
        Change::FactWithdrawn { fact } => format!("fact- {}", fact.id.0),
        other => format!("{other:?}"),
    }
}

fn fail(msg: String) -> TestCaseError {
    TestCaseError::fail(msg)
}

impl Build {
    fn t(&self) -> Time {
        safehub::Clock::now(&self.clock)
    }

    fn record(&mut self, fact: Fact) {
        let t = self.t();
        self.now.apply(t, &fact);
        self.log.push((t, fact));
    }

    fn say(&mut self, line: String) {
        let t = self.t();
        self.script
            .push(format!("[{}] {line}", t.format("%m-%d %H:%M")));
    }

    fn n(&self, id: uuid::Uuid) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    fn name(&mut self, id: uuid::Uuid, prefix: &str) -> String {
        let count = self
            .names
            .values()
            .filter(|n| {
                n.starts_with(prefix) && n[prefix.len()..].chars().all(|c| c.is_ascii_digit())
            })
            .count();
        let name = format!("{prefix}{count}");
        self.names.insert(id, name.clone());
        name
    }

    /// Active practitioners of member agencies, now: those who may act.
    /// A case (picked by `case`) and one of those who manage it (picked by `by`): its lead or a
    /// supervisor of its lead agency; `None` when there is no case or nobody manages it.
    fn managed_case(&self, case: usize, by: usize) -> Option<(CaseId, MCase, MPractitioner)> {
        if self.cases.is_empty() {
            return None;
        }
        let id = self.cases[case % self.cases.len()];
        let c = self.now.case(id).cloned()?;
        let managers: Vec<MPractitioner> = self
            .actors()
            .into_iter()
            .filter(|p| {
                c.lead == Some(p.id) || (p.agency == c.lead_agency && p.role >= Role::Supervisor)
            })
            .cloned()
            .collect();
        if managers.is_empty() {
            return None;
        }
        let who = managers[by % managers.len()].clone();
        Some((id, c, who))
    }

    fn actors(&self) -> Vec<&MPractitioner> {
        let t = self.t();
        self.now
            .practitioners
            .iter()
            .filter(|p| self.now.reader(p.id, t).is_some())
            .collect()
    }

    /// The person profiles recorded so far.
    fn people(&self) -> Vec<PersonId> {
        self.subjects
            .iter()
            .filter_map(|s| match s {
                Subject::Person(id) => Some(*id),
                _ => None,
            })
            .collect()
    }

    /// A case worker, of one of `owners` three times in four where there is one.
    fn some_owner(&self, by: usize, owners: &[AgencyId]) -> Option<MPractitioner> {
        let workers = self.case_workers();
        let owning: Vec<&MPractitioner> = workers
            .iter()
            .copied()
            .filter(|w| owners.contains(&w.agency))
            .collect();
        let pool = if by.is_multiple_of(4) || owning.is_empty() {
            &workers
        } else {
            &owning
        };
        pool.get(by % pool.len().max(1)).map(|w| (*w).clone())
    }

    fn case_workers(&self) -> Vec<&MPractitioner> {
        self.actors()
            .into_iter()
            .filter(|p| p.role >= Role::CaseWorker)
            .collect()
    }

    fn expect_ok<T>(&self, what: &str, r: safehub::Result<T>) -> Result<T, TestCaseError> {
        r.map_err(|e| {
            fail(format!(
                "the hub refused a command the rules allow: {what}: {e}\n{}",
                self.script.join("\n")
            ))
        })
    }

    /// A command's outcome against the model's prediction: done where the rules allow it (the
    /// value, then), refused with the predicted code otherwise (`None`).
    fn outcome<T>(
        &mut self,
        what: String,
        want: Result<(), ErrorCode>,
        got: safehub::Result<T>,
    ) -> Result<Option<T>, TestCaseError> {
        match (want, got) {
            (Ok(()), Ok(v)) => Ok(Some(v)),
            (Err(code), Err(e)) if e.code() == code => {
                self.say(format!("{what}: refused ({e})"));
                Ok(None)
            }
            (want, got) => Err(fail(format!(
                "{what}: the model expects {want:?}, the hub gave {:?}\n{}",
                got.map(|_| ()),
                self.script.join("\n")
            ))),
        }
    }

    /// `actor` records `who` attending meeting `id`, as the model predicts.
    fn attend(
        &mut self,
        id: MeetingId,
        actor: &MPractitioner,
        who: &MPractitioner,
    ) -> Result<(), TestCaseError> {
        let Some(m) = self.now.meeting(id) else {
            return Ok(());
        };
        let want = self.now.attendance(actor, m, who);
        let r = self.hub.record_attendance(actor.id, id, who.id);
        let what = format!(
            "{} records {} attending {}",
            self.n(actor.id.0),
            self.n(who.id.0),
            self.n(id.0)
        );
        if self.outcome(what.clone(), want, r)?.is_some() {
            self.say(what);
            self.record(Fact::Attended {
                meeting: id,
                practitioner: who.id,
            });
        }
        Ok(())
    }

    /// A meeting (picked by `meeting`) and a case worker on a case's team (picked by `case` and
    /// `by`), with what a decision or action of theirs at it gives before its own rules: not
    /// found where their agency was not invited, refused where they did not attend.
    fn meeting_and_case_worker(
        &self,
        meeting: usize,
        case: usize,
        by: usize,
    ) -> Option<(MMeeting, CaseId, MPractitioner, Result<(), ErrorCode>)> {
        if self.meetings.is_empty() || self.cases.is_empty() {
            return None;
        }
        let m = self
            .now
            .meeting(self.meetings[meeting % self.meetings.len()])?
            .clone();
        let c = self.now.case(self.cases[case % self.cases.len()])?;
        let workers: Vec<&MPractitioner> = self
            .case_workers()
            .into_iter()
            .filter(|p| World::on_team(c, p))
            .collect();
        if workers.is_empty() {
            return None;
        }
        let who = workers[by % workers.len()].clone();
        let want = if !m.agencies.contains(&who.agency) {
            Err(ErrorCode::NotFound)
        } else if !m.attendees.contains(&who.id) {
            Err(ErrorCode::Forbidden)
        } else {
            Ok(())
        };
        Some((m, c.id, who, want))
    }

    /// The entries disclosed to `who` at `m`, each once: what their decisions rest on.
    fn received(&self, m: &MMeeting, who: &MPractitioner) -> Vec<MeetingItem> {
        let mut out = vec![];
        for d in &self.now.disclosures {
            let item = MeetingItem::Entry { id: d.entry };
            if d.meeting == m.id && d.recipients.contains(&who.id) && !out.contains(&item) {
                out.push(item);
            }
        }
        out
    }

    /// An attendee of meeting `id` (picked by `by`) discloses an entry (picked by `entry`,
    /// among the likely ones where `likely`: see [`Op::Disclose`]), as the model predicts.
    fn disclose(
        &mut self,
        id: MeetingId,
        by: usize,
        entry: usize,
        likely: bool,
    ) -> Result<(), TestCaseError> {
        let t = self.t();
        let Some(m) = self.now.meeting(id).cloned() else {
            return Ok(());
        };
        let attendees: Vec<MPractitioner> = m
            .attendees
            .iter()
            .filter_map(|p| self.now.reader(*p, t))
            .cloned()
            .collect();
        if attendees.is_empty() {
            return Ok(());
        }
        let who = attendees[by % attendees.len()].clone();
        let w = &self.now;
        let mut entries: Vec<EntryId> = vec![];
        if likely {
            entries = w
                .entries
                .iter()
                .filter(|e| {
                    e.agency == who.agency
                        && w.entry_access(who.id, e.id, t) == Acc::Full
                        && m.attendees.iter().filter_map(|a| w.reader(*a, t)).any(|a| {
                            !w.covering(e.agency, a.agency, e.category, t).is_empty()
                                && a.agency != e.agency
                        })
                })
                .map(|e| e.id)
                .collect();
        }
        if entries.is_empty() {
            entries = w.entries.iter().map(|e| e.id).collect();
        }
        if entries.is_empty() {
            return Ok(());
        }
        let eid = entries[entry % entries.len()];
        let want = self.now.disclosure(&who, &m, eid, t);
        let r = self.hub.disclose_at_meeting(
            who.id,
            id,
            MeetingItem::Entry { id: eid },
            None,
            "Agreed at the meeting",
        );
        let what = format!(
            "{} discloses {} at {}",
            self.n(who.id.0),
            self.n(eid.0),
            self.n(id.0)
        );
        let predicted = want.as_ref().map(|_| ()).map_err(|c| *c);
        if let (Some(()), Ok(recipients)) = (self.outcome(what.clone(), predicted, r)?, want) {
            let to: Vec<String> = recipients.iter().map(|p| self.n(p.0)).collect();
            self.say(format!("{what} to {to:?}"));
            self.record(Fact::Disclosed {
                meeting: id,
                entry: eid,
                recipients,
            });
        }
        Ok(())
    }
    fn step(&mut self, op: &Op) -> Result<(), TestCaseError> {
        let t = self.t();
        match *op {
            Op::Tick { minutes } => {
                self.clock.advance(Duration::minutes(minutes));
            }
            Op::Sign {
                parties,
                categories,
                special,
                start_days,
                length_days,
            } => {
                let mut chosen: Vec<AgencyId> = vec![];
                for (i, a) in self.agencies.iter().enumerate() {
                    if parties & (1 << i) != 0 {
                        chosen.push(*a);
                    }
                }
                for a in &self.agencies {
                    if chosen.len() < 2 && !chosen.contains(a) {
                        chosen.push(*a);
                    }
                }
                let mut cats = vec![];
                for (i, c) in InformationCategory::ALL.iter().enumerate() {
                    if categories & (1 << i) != 0 {
                        cats.push(*c);
                    }
                }
                if cats.is_empty() {
                    cats.push(InformationCategory::General);
                }
                let starts = t + Duration::days(start_days);
                let ends = length_days.map(|d| starts + Duration::days(d));
                let id = self.hub.sign_agreement(
                    self.admin,
                    NewAgreement {
                        title: "ISA".into(),
                        parties: chosen.clone(),
                        purposes: vec!["community safety".into()],
                        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                        categories: cats.clone(),
                        special_category: special,
                        starts,
                        ends,
                    },
                );
                let id = self.expect_ok("sign_agreement", id)?;
                let name = self.name(id.0, "ISA");
                let parties_s: Vec<String> = chosen.iter().map(|a| self.n(a.0)).collect();
                let cats_s: Vec<&str> = cats.iter().map(|c| c.as_str()).collect();
                self.say(format!(
                    "sign {name}: parties {parties_s:?}, categories {cats_s:?}, special {special}, from {} to {}",
                    starts.format("%m-%d %H:%M"),
                    ends.map_or("-".into(), |e| e.format("%m-%d %H:%M").to_string())
                ));
                self.agreements.push(id);
                self.record(Fact::AgreementSigned {
                    id,
                    parties: chosen,
                    categories: cats,
                    special,
                    starts,
                    ends,
                });
            }
            Op::End { agreement, in_days } => {
                if self.agreements.is_empty() {
                    return Ok(());
                }
                let id = self.agreements[agreement % self.agreements.len()];
                let ends = t + Duration::days(in_days);
                let Some(a) = self.now.agreements.iter().find(|a| a.id == id) else {
                    return Ok(());
                };
                if ends < a.starts || a.ends.is_some_and(|e| e <= t) {
                    return Ok(());
                }
                let r = self.hub.end_agreement(self.admin, id, ends);
                self.expect_ok("end_agreement", r)?;
                self.say(format!(
                    "end {} at {}",
                    self.n(id.0),
                    ends.format("%m-%d %H:%M")
                ));
                self.record(Fact::AgreementEnded { id, ends });
            }
            Op::Open {
                by,
                case_type,
                team,
            } => {
                let workers: Vec<MPractitioner> =
                    self.case_workers().into_iter().cloned().collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let case_type = CaseType::ALL[case_type];
                let mut members = vec![];
                for (i, a) in self.agencies.iter().enumerate() {
                    let wanted = team & (1 << i) != 0 && *a != who.agency;
                    let allowed = self.now.is_member(*a, t)
                        && !self
                            .now
                            .covering(who.agency, *a, case_category(case_type), t)
                            .is_empty();
                    if wanted && allowed {
                        members.push(*a);
                    }
                }
                let r = self.hub.open_case(
                    who.id,
                    NewCase {
                        case_type,
                        title: "A case".into(),
                        lead_practitioner: None,
                        team: members.clone(),
                    },
                );
                let id = self.expect_ok("open_case", r)?;
                let name = self.name(id.0, "C");
                let team_s: Vec<String> = members.iter().map(|a| self.n(a.0)).collect();
                self.say(format!(
                    "{} opens {name} ({case_type:?}) with team {team_s:?}",
                    self.n(who.id.0)
                ));
                self.cases.push(id);
                self.record(Fact::CaseOpened {
                    id,
                    case_type,
                    lead_agency: who.agency,
                    lead: who.id,
                    team: members,
                });
            }
            Op::Join {
                by,
                case,
                member,
                individual,
            } => {
                let Some((id, c, who)) = self.managed_case(case, by) else {
                    return Ok(());
                };
                let (m, agency) = if individual {
                    let cands: Vec<MPractitioner> = self
                        .now
                        .practitioners
                        .iter()
                        .filter(|p| p.active && !c.team_practitioners.contains(&p.id))
                        .cloned()
                        .collect();
                    if cands.is_empty() {
                        return Ok(());
                    }
                    let p = &cands[member % cands.len()];
                    (TeamMember::Practitioner(p.id), p.agency)
                } else {
                    let cands: Vec<AgencyId> = self
                        .agencies
                        .iter()
                        .copied()
                        .filter(|a| !c.team_agencies.contains(a))
                        .collect();
                    if cands.is_empty() {
                        return Ok(());
                    }
                    let a = cands[member % cands.len()];
                    (TeamMember::Agency(a), a)
                };
                let member_now = self.now.is_member(agency, t);
                let agreed = agency == c.lead_agency
                    || !self
                        .now
                        .covering(c.lead_agency, agency, case_category(c.case_type), t)
                        .is_empty();
                let r = self.hub.add_team_member(who.id, id, m);
                let m_s = match m {
                    TeamMember::Agency(a) => self.n(a.0),
                    TeamMember::Practitioner(p) => self.n(p.0),
                };
                match (member_now, agreed, r) {
                    (true, true, Ok(())) => {
                        self.say(format!("{} adds {m_s} to {}", self.n(who.id.0), self.n(id.0)));
                        self.record(Fact::TeamJoined { case: id, member: m });
                    }
                    (true, true, Err(e)) => {
                        return Err(fail(format!(
                            "the hub refused to add {m_s} to {}: {e}\n{}",
                            self.n(id.0),
                            self.script.join("\n")
                        )))
                    }
                    (true, false, Err(e)) if e.code() == ErrorCode::Forbidden => {}
                    (false, _, Err(_)) => {}
                    (_, _, r) => {
                        return Err(fail(format!(
                            "joining {m_s} to {} without a covering agreement (agreed {agreed}, member {member_now}) gave {r:?}, expected forbidden\n{}",
                            self.n(id.0),
                            self.script.join("\n")
                        )))
                    }
                }
            }
            Op::Remove { by, case, member } => {
                let Some((id, c, who)) = self.managed_case(case, by) else {
                    return Ok(());
                };
                let mut cands: Vec<TeamMember> = c
                    .team_agencies
                    .iter()
                    .filter(|a| **a != c.lead_agency)
                    .map(|a| TeamMember::Agency(*a))
                    .collect();
                cands.extend(
                    c.team_practitioners
                        .iter()
                        .map(|p| TeamMember::Practitioner(*p)),
                );
                if cands.is_empty() {
                    return Ok(());
                }
                let m = cands[member % cands.len()];
                let r = self.hub.remove_team_member(who.id, id, m);
                self.expect_ok("remove_team_member", r)?;
                let m_s = match m {
                    TeamMember::Agency(a) => self.n(a.0),
                    TeamMember::Practitioner(p) => self.n(p.0),
                };
                self.say(format!(
                    "{} removes {m_s} from {}",
                    self.n(who.id.0),
                    self.n(id.0)
                ));
                self.record(Fact::TeamLeft {
                    case: id,
                    member: m,
                });
            }
            Op::Write {
                by,
                case,
                category,
                visibility,
                sensitive,
            } => {
                if self.cases.is_empty() {
                    return Ok(());
                }
                let id = self.cases[case % self.cases.len()];
                let Some(c) = self.now.case(id).cloned() else {
                    return Ok(());
                };
                let authors: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| World::on_team(&c, p))
                    .cloned()
                    .collect();
                if authors.is_empty() {
                    return Ok(());
                }
                let who = authors[by % authors.len()].clone();
                let category = InformationCategory::ALL[category];
                let visibility = VISIBILITIES[visibility];
                let mut e = NewEntry::note("Entry text")
                    .category(category)
                    .visible_to(visibility);
                if sensitive {
                    e = e.sensitive();
                }
                let r = self.hub.add_entry(who.id, id, e);
                let eid = self.expect_ok("add_entry", r)?;
                let name = self.name(eid.0, "E");
                self.say(format!(
                    "{} writes {name} on {}: {}, {}{}",
                    self.n(who.id.0),
                    self.n(id.0),
                    category.as_str(),
                    visibility.as_str(),
                    if sensitive { ", sensitive" } else { "" }
                ));
                self.entries.push(eid);
                self.record(Fact::EntryWritten {
                    id: eid,
                    case: id,
                    author: who.id,
                    agency: who.agency,
                    category,
                    visibility,
                    sensitive,
                });
            }
            Op::Revise {
                by,
                entry,
                visibility,
                sensitive,
            } => {
                if self.entries.is_empty() {
                    return Ok(());
                }
                let id = self.entries[entry % self.entries.len()];
                let Some(e) = self.now.entry(id).cloned() else {
                    return Ok(());
                };
                // The author, or a supervisor of their agency who may know the entry exists
                // (a command naming a withheld entry fails as if it did not exist: issue 18).
                let editors: Vec<MPractitioner> = self
                    .actors()
                    .into_iter()
                    .filter(|p| {
                        p.id == e.author
                            || (p.agency == e.agency
                                && p.role >= Role::Supervisor
                                && self.now.entry_access(p.id, id, t) != Acc::Nothing)
                    })
                    .cloned()
                    .collect();
                if editors.is_empty() {
                    return Ok(());
                }
                let who = editors[by % editors.len()].clone();
                let mut visibility = VISIBILITIES[visibility];
                if visibility == e.visibility && sensitive == e.sensitive {
                    visibility = VISIBILITIES[(VISIBILITIES
                        .iter()
                        .position(|v| *v == visibility)
                        .unwrap_or(0)
                        + 1)
                        % 4];
                }
                let r = self
                    .hub
                    .change_entry_visibility(who.id, id, visibility, sensitive);
                self.expect_ok("change_entry_visibility", r)?;
                self.say(format!(
                    "{} makes {} {}{}",
                    self.n(who.id.0),
                    self.n(id.0),
                    visibility.as_str(),
                    if sensitive { ", sensitive" } else { "" }
                ));
                self.record(Fact::VisibilityChanged {
                    id,
                    visibility,
                    sensitive,
                });
            }
            Op::Person {
                by,
                restricted,
                flags,
            } => {
                let workers: Vec<MPractitioner> =
                    self.case_workers().into_iter().cloned().collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let n = self.subjects.len();
                let name = format!("Subject {n:03} Smith");
                // Every third subject's NHS number again: the same person recorded twice, a
                // possible duplicate (issue 22).
                let nhs = nhs_number((n % 3) as u32);
                let mut fl = vec![];
                for (i, f) in FLAGS.iter().enumerate() {
                    if flags & (1 << i) != 0 && flags & (1 << ((i + 3) % 10)) != 0 {
                        fl.push(*f);
                    }
                }
                let r = self.hub.record_person(
                    who.id,
                    NewPerson {
                        name: name.clone(),
                        aliases: vec![],
                        date_of_birth: None,
                        identifiers: vec![(IdentifierKind::NhsNumber, nhs.clone())],
                        flags: fl.clone(),
                        restricted,
                    },
                );
                let id = self.expect_ok("record_person", r)?;
                let label = self.name(id.0, "Per");
                self.say(format!(
                    "{} records {label}{} flags {fl:?}",
                    self.n(who.id.0),
                    if restricted { " (restricted)" } else { "" }
                ));
                self.subjects.push(Subject::Person(id));
                self.record(Fact::PersonRecorded {
                    id,
                    by: who.agency,
                    name,
                    nhs,
                    restricted,
                    flags: fl,
                });
            }
            Op::Location { by, restricted } => {
                let workers: Vec<MPractitioner> =
                    self.case_workers().into_iter().cloned().collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let n = self.subjects.len();
                let label = format!("Place {n:03}");
                let r = self.hub.record_location(
                    who.id,
                    NewLocation {
                        label: label.clone(),
                        address: Some(format!("{n} Mill Lane")),
                        restricted,
                        ..NewLocation::default()
                    },
                );
                let id = self.expect_ok("record_location", r)?;
                let name = self.name(id.0, "Loc");
                self.say(format!(
                    "{} records {name}{}",
                    self.n(who.id.0),
                    if restricted { " (restricted)" } else { "" }
                ));
                self.subjects.push(Subject::Location(id));
                self.record(Fact::LocationRecorded {
                    id,
                    by: who.agency,
                    label,
                    restricted,
                });
            }
            Op::Group { by, members } => {
                let workers: Vec<MPractitioner> =
                    self.case_workers().into_iter().cloned().collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let mut chosen = vec![];
                for (i, s) in self.subjects.iter().enumerate() {
                    if let Subject::Person(p) = s {
                        if members & (1 << (i % 8)) != 0
                            && self.now.subject_access(who.id, *s, t) != Acc::Nothing
                        {
                            chosen.push(*p);
                        }
                    }
                }
                let r = self.hub.form_group(
                    who.id,
                    NewGroup {
                        name: format!("Group {:03}", self.subjects.len()),
                        kind: GroupKind::Household,
                        members: chosen.clone(),
                    },
                );
                let id = self.expect_ok("form_group", r)?;
                let name = self.name(id.0, "G");
                let m_s: Vec<String> = chosen.iter().map(|p| self.n(p.0)).collect();
                self.say(format!("{} forms {name} of {m_s:?}", self.n(who.id.0)));
                self.subjects.push(Subject::Group(id));
                self.record(Fact::GroupFormed {
                    id,
                    by: who.agency,
                    members: chosen,
                });
            }
            Op::Link {
                by,
                case,
                subject,
                role,
            } => {
                if self.cases.is_empty() || self.subjects.is_empty() {
                    return Ok(());
                }
                let id = self.cases[case % self.cases.len()];
                let Some(c) = self.now.case(id).cloned() else {
                    return Ok(());
                };
                let workers: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| World::on_team(&c, p))
                    .cloned()
                    .collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let s = self.subjects[subject % self.subjects.len()];
                let role = SUBJECT_ROLES[role];
                if c.linked.contains(&(s, role)) {
                    return Ok(());
                }
                let sees = self.now.subject_access(who.id, s, t) != Acc::Nothing;
                let r = self.hub.link_subject(who.id, id, s, role);
                let s_s = self.n(subject_uuid(s));
                match (sees, r) {
                    (true, Ok(())) => {
                        self.say(format!(
                            "{} links {s_s} to {} as {role:?}",
                            self.n(who.id.0),
                            self.n(id.0)
                        ));
                        self.record(Fact::Linked {
                            case: id,
                            subject: s,
                            role,
                        });
                    }
                    (false, Err(e)) if e.code() == ErrorCode::NotFound => {}
                    (sees, r) => {
                        return Err(fail(format!(
                            "{} linking {s_s} to {}: the model says the actor sees it: {sees}, the hub answered {r:?}\n{}",
                            self.n(who.id.0),
                            self.n(id.0),
                            self.script.join("\n")
                        )))
                    }
                }
            }
            Op::Unlink { by, case, which } => {
                if self.cases.is_empty() || !self.features.unlinks {
                    return Ok(());
                }
                let id = self.cases[case % self.cases.len()];
                let Some(c) = self.now.case(id).cloned() else {
                    return Ok(());
                };
                if c.linked.is_empty() {
                    return Ok(());
                }
                let (s, role) = c.linked[which % c.linked.len()];
                // A team case worker who may know the subject exists (a command naming a
                // withheld subject fails as if it did not exist: issue 18).
                let workers: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| {
                        World::on_team(&c, p) && self.now.subject_access(p.id, s, t) != Acc::Nothing
                    })
                    .cloned()
                    .collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let r = self.hub.unlink_subject(who.id, id, s, role);
                self.expect_ok("unlink_subject", r)?;
                self.say(format!(
                    "{} unlinks {} ({role:?}) from {}",
                    self.n(who.id.0),
                    self.n(subject_uuid(s)),
                    self.n(id.0)
                ));
                self.record(Fact::Unlinked {
                    case: id,
                    subject: s,
                    role,
                });
            }
            Op::Transfer {
                by,
                case,
                to,
                individual,
            } => {
                let Some((id, c, who)) = self.managed_case(case, by) else {
                    return Ok(());
                };
                let (new_lead, agency, lead) = if individual {
                    let cands: Vec<MPractitioner> = self
                        .now
                        .practitioners
                        .iter()
                        .filter(|p| p.active && p.role >= Role::CaseWorker && c.lead != Some(p.id))
                        .cloned()
                        .collect();
                    if cands.is_empty() {
                        return Ok(());
                    }
                    let p = &cands[to % cands.len()];
                    (NewLead::Practitioner(p.id), p.agency, Some(p.id))
                } else {
                    let cands: Vec<AgencyId> = self
                        .agencies
                        .iter()
                        .copied()
                        .filter(|a| *a != c.lead_agency)
                        .collect();
                    if cands.is_empty() {
                        return Ok(());
                    }
                    let a = cands[to % cands.len()];
                    (NewLead::Agency(a), a, None)
                };
                let member_now = self.now.is_member(agency, t);
                let agreed = agency == c.lead_agency
                    || !self
                        .now
                        .covering(c.lead_agency, agency, case_category(c.case_type), t)
                        .is_empty();
                let r = self
                    .hub
                    .transfer_lead(who.id, id, new_lead, "Handing over.");
                let to_s = match new_lead {
                    NewLead::Agency(a) => self.n(a.0),
                    NewLead::Practitioner(p) => self.n(p.0),
                };
                match (member_now, agreed, r) {
                    (true, true, Ok(())) => {
                        self.say(format!("{} hands {} to {to_s}", self.n(who.id.0), self.n(id.0)));
                        self.record(Fact::LeadTransferred { case: id, agency, lead });
                    }
                    (true, false, Err(e)) if e.code() == ErrorCode::Forbidden => {}
                    (false, _, Err(_)) => {}
                    (_, _, r) => {
                        return Err(fail(format!(
                            "handing {} to {to_s} (agreed {agreed}, member {member_now}) gave {r:?}\n{}",
                            self.n(id.0),
                            self.script.join("\n")
                        )))
                    }
                }
            }
            Op::Incident { by, kind } => {
                let workers = self.case_workers();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let (name, category) = INCIDENT_KINDS[kind];
                let external_ref = format!("INC-{}", self.incidents.len());
                let row = safehub::IncidentRow {
                    external_ref: external_ref.clone(),
                    occurred_at: t - Duration::hours(1),
                    reported_at: None,
                    category: name.into(),
                    offence_code: None,
                    summary: String::new(),
                    location: None,
                    caller: None,
                    people: vec![],
                };
                let r = self
                    .hub
                    .import_incidents(who.id, vec![row], &Default::default(), None);
                self.expect_ok("import_incidents", r)?;
                let listed = self.hub.incidents(
                    &Viewer::new(who.id),
                    origin() - Duration::days(1),
                    t + Duration::minutes(1),
                    usize::MAX,
                );
                let listed = self.expect_ok("incidents", listed)?;
                let Some(id) = listed
                    .iter()
                    .find(|i| i.external_ref == external_ref)
                    .map(|i| i.id)
                else {
                    return Err(fail(format!("the importer does not read {external_ref}")));
                };
                self.incidents.push(id);
                let label = self.name(id.0, "incident");
                self.say(format!("{} imports {label} ({name})", self.n(who.id.0)));
                self.record(Fact::IncidentImported {
                    id,
                    source: who.agency,
                    category,
                });
            }
            Op::Amend { by, subject, edit } => {
                if self.subjects.is_empty() {
                    return Ok(());
                }
                let s = self.subjects[subject % self.subjects.len()];
                let Some(p) = self.now.profile(s).cloned() else {
                    return Ok(());
                };
                let owners: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|w| w.agency == p.by)
                    .cloned()
                    .collect();
                if owners.is_empty() {
                    return Ok(());
                }
                let who = owners[by % owners.len()].clone();
                let toggle = |name: &str| match name.strip_suffix(" Jr") {
                    Some(plain) => plain.to_owned(),
                    None => format!("{name} Jr"),
                };
                let (edits, changes) = match s {
                    Subject::Person(_) => match edit % 3 {
                        0 => (
                            vec![Edit::Restricted { to: !p.restricted }],
                            vec![MChange::Restricted(!p.restricted)],
                        ),
                        1 => {
                            let flag = FLAGS[(edit / 3) % FLAGS.len()];
                            if p.flags.contains(&flag) {
                                (
                                    vec![Edit::WithdrawFlag { flag }],
                                    vec![MChange::FlagWithdrawn(flag)],
                                )
                            } else {
                                (vec![Edit::AddFlag { flag }], vec![MChange::FlagAdded(flag)])
                            }
                        }
                        _ => {
                            let to = toggle(&p.name);
                            (
                                vec![Edit::Name { to: to.clone() }],
                                vec![MChange::Renamed(to)],
                            )
                        }
                    },
                    Subject::Location(_) => {
                        if edit % 2 == 0 {
                            (
                                vec![Edit::Restricted { to: !p.restricted }],
                                vec![MChange::Restricted(!p.restricted)],
                            )
                        } else {
                            let to = toggle(&p.name);
                            (
                                vec![Edit::Name { to: to.clone() }],
                                vec![MChange::Renamed(to)],
                            )
                        }
                    }
                    Subject::Group(_) => {
                        let people: Vec<PersonId> = self
                            .subjects
                            .iter()
                            .filter_map(|s| match s {
                                Subject::Person(id) => Some(*id),
                                _ => None,
                            })
                            .filter(|m| {
                                p.members.contains(m)
                                    || self.now.subject_access(who.id, Subject::Person(*m), t)
                                        != Acc::Nothing
                            })
                            .collect();
                        if people.is_empty() {
                            return Ok(());
                        }
                        let m = people[edit % people.len()];
                        if p.members.contains(&m) {
                            (
                                vec![Edit::WithdrawMember { person: m }],
                                vec![MChange::MemberWithdrawn(m)],
                            )
                        } else {
                            (
                                vec![Edit::AddMember { person: m }],
                                vec![MChange::MemberAdded(m)],
                            )
                        }
                    }
                };
                // Anyone else who knows of the profile is refused: only its agency amends it.
                let refused: Vec<MPractitioner> = self
                    .actors()
                    .into_iter()
                    .filter(|w| {
                        !(w.agency == p.by && w.role >= Role::CaseWorker)
                            && self.now.subject_access(w.id, s, t) != Acc::Nothing
                    })
                    .cloned()
                    .collect();
                if let Some(other) = refused.get(by % refused.len().max(1)) {
                    // A member they may not know of is not found, before the ownership check.
                    let unknown_member = changes.iter().any(|c| {
                        matches!(c, MChange::MemberAdded(m)
                            if self.now.subject_access(other.id, Subject::Person(*m), t) == Acc::Nothing)
                    });
                    let expected = if unknown_member {
                        ErrorCode::NotFound
                    } else {
                        ErrorCode::Forbidden
                    };
                    let r = self
                        .hub
                        .amend(other.id, s, edits.clone(), "Not ours to change.");
                    if r.as_ref().map_err(|e| e.code()) != Err(expected) {
                        return Err(fail(format!(
                            "{} amending {} (not its agency's, or not a case worker) answered {r:?}\n{}",
                            self.n(other.id.0),
                            self.n(subject_uuid(s)),
                            self.script.join("\n")
                        )));
                    }
                }
                let merged = match s {
                    Subject::Person(id) => self.now.person_profiles(id).len() > 1,
                    _ => false,
                };
                if merged && changes.contains(&MChange::Restricted(true)) {
                    // A merged profile is never restricted: unmerge it first.
                    let r = self.hub.amend(who.id, s, edits, "Checked.");
                    if r.as_ref().map_err(|e| e.code()) != Err(ErrorCode::InvalidInput) {
                        return Err(fail(format!(
                            "restricting merged {} answered {r:?}\n{}",
                            self.n(subject_uuid(s)),
                            self.script.join("\n")
                        )));
                    }
                    return Ok(());
                }
                let r = self.hub.amend(who.id, s, edits, "Checked.");
                self.expect_ok("amend", r)?;
                self.say(format!(
                    "{} amends {}: {:?}",
                    self.n(who.id.0),
                    self.n(subject_uuid(s)),
                    changes
                ));
                self.record(Fact::Amended {
                    subject: s,
                    changes,
                });
            }
            Op::AddFact {
                by,
                person,
                category,
                agency_only,
            } => {
                let people = self.people();
                if people.is_empty() {
                    return Ok(());
                }
                let person = people[person % people.len()];
                let s = Subject::Person(person);
                let actors = self.actors();
                // Two times in three a case worker who reads the profile, where there is one.
                let readers: Vec<&MPractitioner> = actors
                    .iter()
                    .copied()
                    .filter(|w| {
                        w.role >= Role::CaseWorker
                            && self.now.subject_access(w.id, s, t) == Acc::Full
                    })
                    .collect();
                let pool = if by % 3 != 0 && !readers.is_empty() {
                    &readers
                } else {
                    &actors
                };
                let Some(who) = pool.get(by % pool.len().max(1)).map(|w| (*w).clone()) else {
                    return Ok(());
                };
                let category = InformationCategory::ALL[category];
                // Not found where withheld; refused to a reader or one who reads only the stub.
                let want = match self.now.subject_access(who.id, s, t) {
                    Acc::Nothing => Err(ErrorCode::NotFound),
                    _ if who.role < Role::CaseWorker => Err(ErrorCode::Forbidden),
                    Acc::Stub => Err(ErrorCode::Forbidden),
                    Acc::Full => Ok(()),
                };
                // A number no other fact has, so that a repeat is never the point.
                let number = format!("07700 9{:05}", self.script.len());
                let r = self.hub.add_fact(
                    who.id,
                    person,
                    NewFact {
                        value: NewFactValue::Phone { number },
                        category: Some(category),
                        sharing: if agency_only {
                            FactSharing::AgencyOnly
                        } else {
                            FactSharing::UnderAgreements
                        },
                    },
                    "Our number for them.",
                );
                let got = r.as_ref().map(drop).map_err(|e| e.code());
                if got != want {
                    return Err(fail(format!(
                        "{} adding a fact about {}: model {want:?}, engine {r:?}\n{}",
                        self.n(who.id.0),
                        self.n(person.0),
                        self.script.join("\n")
                    )));
                }
                if let Ok(id) = r {
                    let fact = MFact {
                        id,
                        agency: who.agency,
                        category,
                        agency_only,
                    };
                    self.say(format!(
                        "{} adds {fact:?} about {}",
                        self.n(who.id.0),
                        self.n(person.0)
                    ));
                    self.record(Fact::Amended {
                        subject: s,
                        changes: vec![MChange::FactAdded(fact)],
                    });
                }
            }
            Op::WithdrawFact { by, which } => {
                let facts: Vec<(Subject, MFact)> = self
                    .now
                    .profiles
                    .iter()
                    .flat_map(|p| p.facts.iter().map(|f| (p.subject, f.clone())))
                    .collect();
                let Some((s, fact)) = facts.get(which % facts.len().max(1)).cloned() else {
                    return Ok(());
                };
                let Subject::Person(person) = s else {
                    return Ok(());
                };
                let actors = self.actors();
                // Half the time one of the fact's agency.
                let own: Vec<&MPractitioner> = actors
                    .iter()
                    .copied()
                    .filter(|w| w.agency == fact.agency)
                    .collect();
                let pool = if by.is_multiple_of(2) && !own.is_empty() {
                    &own
                } else {
                    &actors
                };
                let Some(who) = pool.get(by % pool.len().max(1)).map(|w| (*w).clone()) else {
                    return Ok(());
                };
                let want = if self.now.subject_access(who.id, s, t) == Acc::Nothing {
                    Err(ErrorCode::NotFound)
                } else if who.role < Role::CaseWorker {
                    Err(ErrorCode::Forbidden)
                } else if self.now.fact_access(who.id, s, &fact, t) != Acc::Full {
                    Err(ErrorCode::NotFound)
                } else if who.agency != fact.agency {
                    Err(ErrorCode::Forbidden)
                } else {
                    Ok(())
                };
                let r = self
                    .hub
                    .withdraw_fact(who.id, person, fact.id, "No longer true.");
                if r.as_ref().map_err(|e| e.code()) != want.as_ref().map_err(|c| *c) {
                    return Err(fail(format!(
                        "{} withdrawing {fact:?} about {}: model {want:?}, engine {r:?}\n{}",
                        self.n(who.id.0),
                        self.n(person.0),
                        self.script.join("\n")
                    )));
                }
                if r.is_ok() {
                    self.say(format!(
                        "{} withdraws {fact:?} about {}",
                        self.n(who.id.0),
                        self.n(person.0)
                    ));
                    self.record(Fact::Amended {
                        subject: s,
                        changes: vec![MChange::FactWithdrawn(fact)],
                    });
                }
            }
            Op::Merge { by, a, b } => {
                let people = self.people();
                if people.is_empty() {
                    return Ok(());
                }
                // One time in five the partnership admin, the data owner, on two profiles it
                // reads in full where there are two; otherwise half the time the other owner
                // answers a request awaiting it.
                let admin = self
                    .actors()
                    .into_iter()
                    .find(|p| p.role == Role::PartnershipAdmin)
                    .cloned()
                    .filter(|_| by % 5 == 4);
                let read_by_admin: Vec<PersonId> = match &admin {
                    Some(w) => people
                        .iter()
                        .copied()
                        .filter(|p| {
                            self.now.subject_access(w.id, Subject::Person(*p), t) == Acc::Full
                        })
                        .collect(),
                    None => vec![],
                };
                let (survivor, absorbed) = match self.now.merge_pending.get(a % 7) {
                    _ if read_by_admin.len() >= 2 => (
                        read_by_admin[a % read_by_admin.len()],
                        read_by_admin[b % read_by_admin.len()],
                    ),
                    Some((s, x, _)) if by.is_multiple_of(2) => (*s, *x),
                    _ => (people[a % people.len()], people[b % people.len()]),
                };
                let owners: Vec<AgencyId> = [survivor, absorbed]
                    .iter()
                    .filter_map(|p| self.now.profile(Subject::Person(*p)).map(|q| q.by))
                    .collect();
                let who = match admin {
                    Some(admin) => Some(admin),
                    None => self.some_owner(by, &owners),
                };
                let Some(who) = who else {
                    return Ok(());
                };
                let want = self.now.merge_outcome(&who, survivor, absorbed, t);
                let r = self
                    .hub
                    .agree_merge(who.id, survivor, absorbed, "Same person.");
                let got = r.as_ref().map(|m| *m).map_err(|e| e.code());
                if got != want {
                    return Err(fail(format!(
                        "{} agreeing to merge {} into {}: model {want:?}, engine {r:?}\n{}",
                        self.n(who.id.0),
                        self.n(absorbed.0),
                        self.n(survivor.0),
                        self.script.join("\n")
                    )));
                }
                if let Ok(merged) = got {
                    self.say(format!(
                        "{} agrees {} is {}{}",
                        self.n(who.id.0),
                        self.n(absorbed.0),
                        self.n(survivor.0),
                        if merged { ": merged" } else { "" }
                    ));
                    self.record(Fact::MergeAgreed {
                        survivor,
                        absorbed,
                        agency: who.agency,
                    });
                    if merged {
                        let alone = !owners.iter().all(|o| {
                            *o == who.agency
                                || self
                                    .now
                                    .merge_pending
                                    .iter()
                                    .any(|(x, y, g)| (*x, *y, *g) == (survivor, absorbed, *o))
                        });
                        self.owner_merges += u64::from(alone);
                        self.record(Fact::Merged { survivor, absorbed });
                    }
                }
            }
            Op::Unmerge { by, which } => {
                let people = self.people();
                if people.is_empty() {
                    return Ok(());
                }
                let absorbed = match self.now.merged.get(which % 5) {
                    Some((a, _)) if !by.is_multiple_of(3) => *a,
                    _ => people[which % people.len()],
                };
                let survivor = self.now.survivor_of(absorbed);
                let owners: Vec<AgencyId> = std::iter::once(absorbed)
                    .chain(survivor)
                    .filter_map(|p| self.now.profile(Subject::Person(p)).map(|q| q.by))
                    .collect();
                let Some(who) = self.some_owner(by, &owners) else {
                    return Ok(());
                };
                let want = if self
                    .now
                    .subject_access(who.id, Subject::Person(absorbed), t)
                    == Acc::Nothing
                {
                    Err(ErrorCode::NotFound)
                } else if survivor.is_none() {
                    Err(ErrorCode::InvalidInput)
                } else if !owners.contains(&who.agency)
                    && !survivor.is_some_and(|s| self.now.data_owner(&who, s, absorbed, t))
                {
                    Err(ErrorCode::Forbidden)
                } else {
                    Ok(())
                };
                let r = self.hub.unmerge(who.id, absorbed, "Not the same person.");
                if r.as_ref().map_err(|e| e.code()) != want.as_ref().map_err(|c| *c) {
                    return Err(fail(format!(
                        "{} unmerging {}: model {want:?}, engine {r:?}\n{}",
                        self.n(who.id.0),
                        self.n(absorbed.0),
                        self.script.join("\n")
                    )));
                }
                if r.is_ok() {
                    self.say(format!(
                        "{} unmerges {}",
                        self.n(who.id.0),
                        self.n(absorbed.0)
                    ));
                    self.record(Fact::Unmerged { absorbed });
                }
            }
            Op::LinkIncident { by, case, incident } => {
                if self.cases.is_empty() || self.incidents.is_empty() {
                    return Ok(());
                }
                let case = self.cases[case % self.cases.len()];
                let incident = self.incidents[incident % self.incidents.len()];
                let Some(c) = self.now.case(case).cloned() else {
                    return Ok(());
                };
                let (readers, others): (Vec<MPractitioner>, Vec<MPractitioner>) = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| World::on_team(&c, p))
                    .cloned()
                    .partition(|p| self.now.incident_readable(p.id, incident, t));
                if let Some(blind) = others.first() {
                    let unknown = IncidentId(uuid::Uuid::from_u128(u128::MAX));
                    let r = self.hub.link_incident(blind.id, case, incident);
                    let never = self.hub.link_incident(blind.id, case, unknown);
                    if r != never || r.is_ok() {
                        return Err(fail(format!(
                            "{} may not read {} yet linking it answered {r:?}, not {never:?}\n{}",
                            self.n(blind.id.0),
                            self.n(incident.0),
                            self.script.join("\n")
                        )));
                    }
                }
                if readers.is_empty() {
                    return Ok(());
                }
                let who = readers[by % readers.len()].clone();
                if c.incidents.contains(&incident) {
                    let r = self.hub.unlink_incident(who.id, case, incident);
                    self.expect_ok("unlink_incident", r)?;
                    self.say(format!(
                        "{} unlinks {} from {}",
                        self.n(who.id.0),
                        self.n(incident.0),
                        self.n(case.0)
                    ));
                    self.record(Fact::IncidentUnlinked { case, incident });
                } else {
                    let r = self.hub.link_incident(who.id, case, incident);
                    self.expect_ok("link_incident", r)?;
                    self.say(format!(
                        "{} links {} to {}",
                        self.n(who.id.0),
                        self.n(incident.0),
                        self.n(case.0)
                    ));
                    self.record(Fact::IncidentLinked { case, incident });
                }
            }
            Op::LinkCases {
                by,
                case,
                other,
                link,
            } => {
                if self.cases.len() < 2 {
                    return Ok(());
                }
                let a = self.cases[case % self.cases.len()];
                let b = self.cases[other % self.cases.len()];
                let (Some(ca), Some(cb)) = (self.now.case(a).cloned(), self.now.case(b).cloned())
                else {
                    return Ok(());
                };
                if a == b {
                    return Ok(());
                }
                let workers: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| World::on_team(&ca, p) && World::on_team(&cb, p))
                    .cloned()
                    .collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                if ca.links.iter().any(|(o, _)| *o == b) {
                    let r = self.hub.unlink_cases(who.id, a, b);
                    self.expect_ok("unlink_cases", r)?;
                    self.say(format!(
                        "{} unlinks {} and {}",
                        self.n(who.id.0),
                        self.n(a.0),
                        self.n(b.0)
                    ));
                    self.record(Fact::CasesUnlinked { case: a, other: b });
                } else {
                    let link = [CaseLink::Related, CaseLink::DuplicateOf, CaseLink::PartOf][link];
                    let r = self.hub.link_cases(who.id, a, b, link);
                    self.expect_ok("link_cases", r)?;
                    self.say(format!(
                        "{} links {} to {} ({link:?})",
                        self.n(who.id.0),
                        self.n(a.0),
                        self.n(b.0)
                    ));
                    self.record(Fact::CasesLinked {
                        case: a,
                        other: b,
                        link,
                    });
                }
            }
            Op::AgencyLeaves { agency } => {
                let cands: Vec<AgencyId> = self
                    .agencies
                    .iter()
                    .skip(1)
                    .copied()
                    .filter(|a| self.now.is_member(*a, t))
                    .collect();
                if cands.is_empty() {
                    return Ok(());
                }
                let a = cands[agency % cands.len()];
                let r = self.hub.agency_leaves(self.admin, a);
                self.expect_ok("agency_leaves", r)?;
                self.say(format!("{} leaves the partnership", self.n(a.0)));
                self.record(Fact::AgencyLeft(a));
            }
            Op::Deactivate { practitioner } => {
                let cands: Vec<PractitionerId> = self
                    .now
                    .practitioners
                    .iter()
                    .filter(|p| p.active && p.id != self.admin)
                    .map(|p| p.id)
                    .collect();
                if cands.is_empty() {
                    return Ok(());
                }
                let p = cands[practitioner % cands.len()];
                let r = self.hub.deactivate_practitioner(self.admin, p);
                self.expect_ok("deactivate_practitioner", r)?;
                self.say(format!("{} is deactivated", self.n(p.0)));
                self.record(Fact::PractitionerDeactivated(p));
            }
            Op::Ask {
                by,
                case,
                agency,
                answerer,
                category,
                visibility,
                sensitive,
            } => {
                if self.cases.is_empty() || !self.features.off_team_answers {
                    return Ok(());
                }
                let id = self.cases[case % self.cases.len()];
                let Some(c) = self.now.case(id).cloned() else {
                    return Ok(());
                };
                let setters: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| World::on_team(&c, p))
                    .cloned()
                    .collect();
                let to = self.agencies[agency % self.agencies.len()];
                let answerers: Vec<MPractitioner> = self
                    .case_workers()
                    .into_iter()
                    .filter(|p| p.agency == to)
                    .cloned()
                    .collect();
                if setters.is_empty() || answerers.is_empty() {
                    return Ok(());
                }
                let setter = setters[by % setters.len()].clone();
                let who = answerers[answerer % answerers.len()].clone();
                // Who may set and answer tasks is the task module's to decide (tests/tasks_*):
                // a refusal here just means no answer is written.
                let task = NewTask {
                    case: id,
                    assignee: Assignee::Agency(to),
                    title: "Question".into(),
                    detail: "Do you know them?".into(),
                    category: InformationCategory::General,
                    due: t + Duration::days(7),
                    priority: Priority::Normal,
                };
                let Ok(task) = self.hub.set_task(setter.id, task) else {
                    return Ok(());
                };
                let category = InformationCategory::ALL[category];
                let visibility = VISIBILITIES[visibility];
                let mut e = NewEntry::note("Answer text")
                    .category(category)
                    .visible_to(visibility);
                if sensitive {
                    e = e.sensitive();
                }
                let Ok(eid) = self.hub.answer_task(who.id, task, e) else {
                    return Ok(());
                };
                let name = self.name(eid.0, "E");
                self.say(format!(
                    "{} asks {} on {}; {} answers {name}: {}, {}{}",
                    self.n(setter.id.0),
                    self.n(to.0),
                    self.n(id.0),
                    self.n(who.id.0),
                    category.as_str(),
                    visibility.as_str(),
                    if sensitive { ", sensitive" } else { "" }
                ));
                self.entries.push(eid);
                self.record(Fact::EntryWritten {
                    id: eid,
                    case: id,
                    author: who.id,
                    agency: who.agency,
                    category,
                    visibility,
                    sensitive,
                });
            }
            Op::Meet {
                by,
                chair,
                agencies,
                kind,
                start_minutes,
                ref attend,
                ref disclose,
            } => {
                let workers: Vec<MPractitioner> =
                    self.case_workers().into_iter().cloned().collect();
                if workers.is_empty() {
                    return Ok(());
                }
                let who = workers[by % workers.len()].clone();
                let chair = workers[chair % workers.len()].clone();
                let invited: Vec<AgencyId> = self
                    .agencies
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| agencies & (1 << i) != 0 && self.now.is_member(**a, t))
                    .map(|(_, a)| *a)
                    .collect();
                let kind = MEETING_KINDS[kind];
                let starts = t + Duration::minutes(start_minutes);
                let r = self.hub.schedule_meeting(
                    who.id,
                    NewMeeting {
                        kind: kind.into(),
                        title: "Meeting".into(),
                        starts,
                        chair: chair.id,
                        agencies: invited.clone(),
                        practitioners: vec![],
                    },
                );
                let id = self.expect_ok("schedule_meeting", r)?;
                let name = self.name(id.0, "M");
                let invited_s: Vec<String> = invited.iter().map(|a| self.n(a.0)).collect();
                self.say(format!(
                    "{} schedules {name} ({kind:?}) at {}, chaired by {}, inviting {invited_s:?}",
                    self.n(who.id.0),
                    starts.format("%m-%d %H:%M"),
                    self.n(chair.id.0)
                ));
                self.meetings.push(id);
                self.record(Fact::MeetingScheduled {
                    id,
                    kind: kind.into(),
                    starts,
                    chair: chair.id,
                    agencies: invited,
                });
                let actors: Vec<MPractitioner> = self.actors().into_iter().cloned().collect();
                for (pick, likely) in attend {
                    let Some(m) = self.now.meeting(id) else {
                        break;
                    };
                    let w = &self.now;
                    let admissible = |p: &&MPractitioner| {
                        m.agencies.contains(&p.agency)
                            && !m.attendees.contains(&p.id)
                            && m.attendees
                                .iter()
                                .filter_map(|a| w.practitioner(*a))
                                .all(|a| w.share_protocol(p.agency, a.agency, m.starts))
                    };
                    let in_room: Vec<AgencyId> = m
                        .attendees
                        .iter()
                        .filter_map(|a| w.practitioner(*a))
                        .map(|a| a.agency)
                        .collect();
                    let mut cands: Vec<&MPractitioner> = vec![];
                    if *likely {
                        // Preferably someone of an agency not yet in the room.
                        cands = actors.iter().filter(admissible).collect();
                        let other: Vec<&MPractitioner> = cands
                            .iter()
                            .copied()
                            .filter(|p| !in_room.contains(&p.agency))
                            .collect();
                        if !other.is_empty() {
                            cands = other;
                        }
                    }
                    if cands.is_empty() {
                        cands = actors.iter().collect();
                    }
                    let who = cands[pick % cands.len()].clone();
                    self.attend(id, &chair, &who)?;
                }
                for (by, entry, likely) in disclose {
                    self.disclose(id, *by, *entry, *likely)?;
                }
            }
            Op::Attend { meeting, who } => {
                let actors: Vec<MPractitioner> = self.actors().into_iter().cloned().collect();
                if self.meetings.is_empty() || actors.is_empty() {
                    return Ok(());
                }
                let id = self.meetings[meeting % self.meetings.len()];
                let p = &actors[who % actors.len()];
                self.attend(id, p, p)?;
            }
            Op::Disclose {
                meeting,
                by,
                entry,
                likely,
            } => {
                if let Some(id) = self.meetings.get(meeting % self.meetings.len().max(1)) {
                    self.disclose(*id, by, entry, likely)?;
                }
            }
            Op::Decide {
                meeting,
                by,
                case,
                category,
                visibility,
                sensitive,
            } => {
                let Some((m, cid, who, want)) = self.meeting_and_case_worker(meeting, case, by)
                else {
                    return Ok(());
                };
                let category = InformationCategory::ALL[category];
                let visibility = VISIBILITIES[visibility];
                let mut e = NewEntry::note("Decision text")
                    .category(category)
                    .visible_to(visibility);
                if sensitive {
                    e = e.sensitive();
                }
                let rests_on = self.received(&m, &who);
                let r = self
                    .hub
                    .record_meeting_decision(who.id, m.id, cid, e, rests_on);
                let what = format!(
                    "{} records a decision of {} on {}",
                    self.n(who.id.0),
                    self.n(m.id.0),
                    self.n(cid.0)
                );
                if let Some(eid) = self.outcome(what.clone(), want, r)? {
                    let name = self.name(eid.0, "E");
                    self.say(format!(
                        "{what}: {name}, {}, {}{}",
                        category.as_str(),
                        visibility.as_str(),
                        if sensitive { ", sensitive" } else { "" }
                    ));
                    self.entries.push(eid);
                    self.record(Fact::EntryWritten {
                        id: eid,
                        case: cid,
                        author: who.id,
                        agency: who.agency,
                        category,
                        visibility,
                        sensitive,
                    });
                    self.record(Fact::Decided {
                        meeting: m.id,
                        entry: eid,
                    });
                }
            }
            Op::Act {
                meeting,
                by,
                case,
                agency,
                category,
            } => {
                let Some((m, cid, who, want)) = self.meeting_and_case_worker(meeting, case, by)
                else {
                    return Ok(());
                };
                let to = self.agencies[agency % self.agencies.len()];
                let category = InformationCategory::ALL[category];
                // Assigned as any task is: to a member agency, under an agreement covering the
                // task's category unless it is the setter's own.
                let want = want.and_then(|()| {
                    if !self.now.is_member(to, t) {
                        Err(ErrorCode::InvalidInput)
                    } else if to != who.agency
                        && self.now.covering(who.agency, to, category, t).is_empty()
                    {
                        Err(ErrorCode::Forbidden)
                    } else {
                        Ok(())
                    }
                });
                let task = NewTask {
                    case: cid,
                    assignee: Assignee::Agency(to),
                    title: "Action".into(),
                    detail: "Agreed at the meeting".into(),
                    category,
                    due: t + Duration::days(7),
                    priority: Priority::Normal,
                };
                let rests_on = self.received(&m, &who);
                let r = self.hub.agree_action(who.id, m.id, task, rests_on);
                let what = format!(
                    "{} agrees an action of {} on {} for {}, {}",
                    self.n(who.id.0),
                    self.n(m.id.0),
                    self.n(cid.0),
                    self.n(to.0),
                    category.as_str()
                );
                if let Some(tid) = self.outcome(what.clone(), want, r)? {
                    let name = self.name(tid.0, "T");
                    self.say(format!("{what}: {name}"));
                    self.record(Fact::ActionAgreed {
                        meeting: m.id,
                        task: MTask {
                            id: tid,
                            case: cid,
                            set_by: who.id,
                            set_by_agency: who.agency,
                            agency: to,
                            category,
                        },
                    });
                }
            }
            Op::AddToAgenda { meeting, by, item } => {
                let actors: Vec<MPractitioner> = self.actors().into_iter().cloned().collect();
                if self.meetings.is_empty() || actors.is_empty() {
                    return Ok(());
                }
                let id = self.meetings[meeting % self.meetings.len()];
                let Some(m) = self.now.meeting(id).cloned() else {
                    return Ok(());
                };
                let who = actors[by % actors.len()].clone();
                let mut items: Vec<AgendaSubject> = self
                    .cases
                    .iter()
                    .map(|c| AgendaSubject::Case { id: *c })
                    .collect();
                items.extend(self.subjects.iter().filter_map(|s| match *s {
                    Subject::Person(id) => Some(AgendaSubject::Person { id }),
                    Subject::Location(id) => Some(AgendaSubject::Location { id }),
                    Subject::Group(_) => None,
                }));
                if items.is_empty() {
                    return Ok(());
                }
                let item = items[item % items.len()];
                let (uuid, access) = match item {
                    AgendaSubject::Case { id } => (id.0, self.now.case_access(who.id, id, t)),
                    AgendaSubject::Person { id } => (
                        id.0,
                        self.now.subject_access(who.id, Subject::Person(id), t),
                    ),
                    AgendaSubject::Location { id } => (
                        id.0,
                        self.now.subject_access(who.id, Subject::Location(id), t),
                    ),
                };
                // An item or a meeting the actor may not know of is not found alike.
                let want = if access == Acc::Nothing || !m.agencies.contains(&who.agency) {
                    Err(ErrorCode::NotFound)
                } else if m.added.contains(&item) {
                    Err(ErrorCode::InvalidInput)
                } else {
                    Ok(())
                };
                let r = self.hub.add_agenda_item(who.id, id, item);
                let what = format!(
                    "{} adds {} to the agenda of {}",
                    self.n(who.id.0),
                    self.n(uuid),
                    self.n(id.0)
                );
                if self.outcome(what.clone(), want, r)?.is_some() {
                    self.say(what);
                    self.record(Fact::AgendaItemAdded { meeting: id, item });
                }
            }
        }
        Ok(())
    }
}

fn subject_uuid(s: Subject) -> uuid::Uuid {
    match s {
        Subject::Person(p) => p.0,
        Subject::Location(l) => l.0,
        Subject::Group(g) => g.0,
    }
}

fn build(plan: &Plan, seed: u64, store: Store, features: Features) -> Result<Build, TestCaseError> {
    let clock = ManualClock::new(origin());
    let hub = store
        .open(
            Hub::builder()
                .clock(clock.clone())
                .ids(SequentialIds::new(seed)),
        )
        .map_err(|e| fail(format!("open: {e}")))?;
    let kinds = AgencyKind::ALL;
    let (kind0, _, _) = plan.agencies[0];
    let est = hub
        .establish(
            "Hub",
            agency("Agency 0", kinds[kind0 % kinds.len()]),
            "Admin",
        )
        .map_err(|e| fail(format!("establish: {e}")))?;
    let mut b = Build {
        features,
        hub,
        clock,
        log: vec![],
        now: World::default(),
        names: BTreeMap::new(),
        admin: est.admin,
        agencies: vec![est.agency],
        practitioners: vec![est.admin],
        agreements: vec![],
        cases: vec![],
        entries: vec![],
        incidents: vec![],
        subjects: vec![],
        meetings: vec![],
        step_times: vec![],
        script: vec![],
        owner_merges: 0,
    };
    b.names.insert(est.agency.0, "A0".into());
    b.names
        .insert(est.admin.0, "P0(A0 partnership_admin)".into());
    b.record(Fact::AgencyJoined(est.agency));
    b.record(Fact::PractitionerRegistered {
        id: est.admin,
        agency: est.agency,
        role: Role::PartnershipAdmin,
    });
    b.say("A0 establishes the hub; P0 is its partnership admin".into());
    b.step_times.push(b.t());
    for (i, (kind, delay, _)) in plan.agencies.iter().enumerate().skip(1) {
        b.clock.advance(Duration::minutes(*delay));
        let r = b.hub.add_agency(
            b.admin,
            agency(&format!("Agency {i}"), kinds[kind % kinds.len()]),
        );
        let id = b.expect_ok("add_agency", r)?;
        b.names.insert(id.0, format!("A{i}"));
        b.say(format!("A{i} joins"));
        b.agencies.push(id);
        b.record(Fact::AgencyJoined(id));
        b.step_times.push(b.t());
    }
    for (i, (_, _, roles)) in plan.agencies.iter().enumerate() {
        for role in roles {
            let a = b.agencies[i];
            let r = b
                .hub
                .register_practitioner(b.admin, practitioner(a, "Practitioner", *role));
            let id = b.expect_ok("register_practitioner", r)?;
            let n = b.practitioners.len();
            b.names
                .insert(id.0, format!("P{n}(A{i} {})", role.as_str()));
            b.say(format!("P{n} registered at A{i} as {}", role.as_str()));
            b.practitioners.push(id);
            b.record(Fact::PractitionerRegistered {
                id,
                agency: a,
                role: *role,
            });
        }
    }
    b.step_times.push(b.t());
    for op in plan.ops.iter().chain(&plan.meetings) {
        b.step(op)?;
        b.step_times.push(b.t());
    }
    b.clock.advance(Duration::minutes(1));
    Ok(b)
}

// ================================================================================================
// Comparing
// ================================================================================================

struct Check<'a> {
    b: &'a Build,
    tally: &'a Tally,
    compared: u64,
}

impl Check<'_> {
    fn world_failure(&self, what: String) -> TestCaseError {
        let mut s = String::new();
        let _ = writeln!(s, "DISAGREEMENT: {what}");
        let _ = writeln!(s, "the world, step by step:");
        for line in &self.b.script {
            let _ = writeln!(s, "  {line}");
        }
        let _ = writeln!(s, "read now = {}", self.b.t().format("%m-%d %H:%M"));
        fail(s)
    }

    fn target_name(&self, t: Target) -> String {
        let id = match t {
            Target::Case(i) => i.0,
            Target::Entry(i) => i.0,
            Target::Person(i) => i.0,
            Target::Location(i) => i.0,
            Target::Group(i) => i.0,
        };
        self.b.n(id)
    }

    fn same(
        &mut self,
        read: &str,
        viewer: PractitionerId,
        at: Option<Time>,
        target: Target,
        model: Acc,
        engine: Acc,
    ) -> Result<(), TestCaseError> {
        self.compared += 1;
        if model != engine {
            return Err(self.world_failure(format!(
                "{read}: viewer {} reading {} {}: model says {model:?}, engine says {engine:?}",
                self.b.n(viewer.0),
                self.target_name(target),
                at.map_or("now".to_string(), |t| format!(
                    "as of {}",
                    t.format("%m-%d %H:%M:%S")
                )),
            )));
        }
        Ok(())
    }

    fn targets(&self) -> Vec<Target> {
        let mut out: Vec<Target> = self.b.cases.iter().map(|c| Target::Case(*c)).collect();
        out.extend(self.b.entries.iter().map(|e| Target::Entry(*e)));
        out.extend(self.b.subjects.iter().map(|s| match *s {
            Subject::Person(p) => Target::Person(p),
            Subject::Location(l) => Target::Location(l),
            Subject::Group(g) => Target::Group(g),
        }));
        out
    }

    /// An error as a caller receives it: code, display and debug forms.
    fn error_text(e: &safehub::Error) -> String {
        format!("{:?} | {e} | {e:?}", e.code())
    }

    /// Reads as of a time after the hub's now (issue 18, class 1): every read is refused, the
    /// same way whatever it names (something, or an id that never existed), as `Invalid` on
    /// `as_of` for a practitioner who may read now; and nothing is logged.
    fn future(&mut self, viewer: PractitionerId, at: Time) -> Result<(), TestCaseError> {
        let hub = &self.b.hub;
        let member_now = self.b.now.reader(viewer, self.b.t()).is_some();
        let v = Viewer::new(viewer).because("model check").as_of(at);
        let seq = hub.seq();
        let nowhere = uuid::Uuid::from_u64_pair(u64::MAX, u64::MAX);
        let targets = self.targets();
        let mut results: Vec<(String, safehub::Result<()>)> = vec![
            (
                "a case that never existed".into(),
                hub.case(&v, CaseId(nowhere)).map(drop),
            ),
            ("cases()".into(), hub.cases(&v).map(drop)),
            (
                "explain_all".into(),
                hub.explain_all(&v, &targets).map(drop),
            ),
        ];
        // One target of each kind: as-of reads replay the journal, so all of them would cost.
        let mut kinds = vec![];
        for target in targets {
            let kind = std::mem::discriminant(&target);
            if kinds.contains(&kind) {
                continue;
            }
            kinds.push(kind);
            let r = match target {
                Target::Case(id) => hub.case(&v, id).map(drop),
                Target::Entry(_) => hub.explain(&v, target).map(drop),
                Target::Person(id) => hub.person(&v, id).map(drop),
                Target::Location(id) => hub.location(&v, id).map(drop),
                Target::Group(id) => hub.group(&v, id).map(drop),
            };
            results.push((self.target_name(target), r));
        }
        let mut reference = None;
        for (what, r) in results {
            self.compared += 1;
            let e = match r {
                Ok(()) => {
                    return Err(self.world_failure(format!(
                        "{} read {what} as of {at}, after the hub's now: expected the as_of error",
                        self.b.n(viewer.0)
                    )))
                }
                Err(e) => e,
            };
            if member_now
                && (e.code() != ErrorCode::InvalidInput || !format!("{e:?}").contains("\"as_of\""))
            {
                return Err(self.world_failure(format!(
                    "{} read {what} as of {at}, after the hub's now: got {e:?}, expected Invalid on as_of",
                    self.b.n(viewer.0)
                )));
            }
            let text = Check::error_text(&e);
            let reference = reference.get_or_insert(text.clone());
            if *reference != text {
                return Err(self.world_failure(format!(
                    "{} reading {what} as of {at} (future) got [{text}], but [{reference}] for an id that never existed",
                    self.b.n(viewer.0)
                )));
            }
        }
        self.compared += 1;
        if hub.seq() != seq {
            return Err(self.world_failure(format!(
                "reads by {} as of {at} (future) were logged",
                self.b.n(viewer.0)
            )));
        }
        Ok(())
    }

    /// Commands naming what the actor may not know exists (issue 18, class 4): linking or
    /// unlinking a withheld subject on a case the actor works, changing a withheld entry's
    /// visibility, disclosing a withheld entry at a meeting the actor attends, adding to the
    /// agenda of a meeting the actor's agency was not invited to. Each must fail exactly as the
    /// same command naming an id that never existed.
    fn hidden_commands(&mut self, actor: PractitionerId) -> Result<(), TestCaseError> {
        let now = self.b.t();
        let w = &self.b.now;
        let Some(me) = w.reader(actor, now).cloned() else {
            return Ok(());
        };
        let hub = &self.b.hub;
        let nowhere = uuid::Uuid::from_u64_pair(u64::MAX, u64::MAX - 1);
        let unknown = |s: Subject| match s {
            Subject::Person(_) => Subject::Person(PersonId(nowhere)),
            Subject::Location(_) => Subject::Location(LocationId(nowhere)),
            Subject::Group(_) => Subject::Group(GroupId(nowhere)),
        };
        let mut pairs: Vec<(String, safehub::Result<()>, safehub::Result<()>)> = vec![];
        let hidden: Vec<Subject> = self
            .b
            .subjects
            .iter()
            .copied()
            .filter(|s| w.subject_access(actor, *s, now) == Acc::Nothing)
            .collect();
        let cases: Vec<&MCase> = w
            .cases
            .iter()
            .filter(|c| World::on_team(c, &me))
            .take(2)
            .collect();
        for s in &hidden {
            for c in &cases {
                let role = c.linked.iter().find(|(l, _)| l == s).map(|(_, r)| *r);
                match role {
                    Some(role) => pairs.push((
                        format!(
                            "unlink {} from {}",
                            self.b.n(subject_uuid(*s)),
                            self.b.n(c.id.0)
                        ),
                        hub.unlink_subject(actor, c.id, *s, role),
                        hub.unlink_subject(actor, c.id, unknown(*s), role),
                    )),
                    None => pairs.push((
                        format!(
                            "link {} to {}",
                            self.b.n(subject_uuid(*s)),
                            self.b.n(c.id.0)
                        ),
                        hub.link_subject(actor, c.id, *s, SubjectRole::Witness),
                        hub.link_subject(actor, c.id, unknown(*s), SubjectRole::Witness),
                    )),
                }
            }
        }
        for s in &hidden {
            let edit = || match s {
                Subject::Group(_) => vec![Edit::Name {
                    to: "Renamed".into(),
                }],
                _ => vec![Edit::Restricted { to: true }],
            };
            pairs.push((
                format!("amend {}", self.b.n(subject_uuid(*s))),
                hub.amend(actor, *s, edit(), "Guessing."),
                hub.amend(actor, unknown(*s), edit(), "Guessing."),
            ));
        }
        for e in &self.b.entries {
            if w.entry_access(actor, *e, now) == Acc::Nothing {
                pairs.push((
                    format!("change the visibility of {}", self.b.n(e.0)),
                    hub.change_entry_visibility(actor, *e, Visibility::Partnership, false),
                    hub.change_entry_visibility(
                        actor,
                        EntryId(nowhere),
                        Visibility::Partnership,
                        false,
                    ),
                ));
            }
        }
        // Meetings (issue 23): disclosing, at a meeting the actor attends, an entry they may not
        // know of, and adding to the agenda of a meeting their agency was not invited to.
        if let Some(m) = w.meetings.iter().find(|m| m.attendees.contains(&actor)) {
            for e in &self.b.entries {
                if w.entry_access(actor, *e, now) == Acc::Nothing {
                    let disclose = |id| {
                        hub.disclose_at_meeting(
                            actor,
                            m.id,
                            MeetingItem::Entry { id },
                            None,
                            "Guessing.",
                        )
                    };
                    pairs.push((
                        format!("disclose {} at {}", self.b.n(e.0), self.b.n(m.id.0)),
                        disclose(*e),
                        disclose(EntryId(nowhere)),
                    ));
                }
            }
        }
        if let Some(c) = cases.first() {
            let item = AgendaSubject::Case { id: c.id };
            for m in w
                .meetings
                .iter()
                .filter(|m| !m.agencies.contains(&me.agency))
            {
                pairs.push((
                    format!(
                        "add {} to the agenda of {}",
                        self.b.n(c.id.0),
                        self.b.n(m.id.0)
                    ),
                    hub.add_agenda_item(actor, m.id, item),
                    hub.add_agenda_item(actor, MeetingId(nowhere), item),
                ));
            }
        }
        for (what, hidden, absent) in pairs {
            self.compared += 1;
            let same = match (&hidden, &absent) {
                (Err(h), Err(a)) => Check::error_text(h) == Check::error_text(a),
                _ => false,
            };
            if !same {
                return Err(self.world_failure(format!(
                    "{} could tell a withheld id from one that never existed: {what} gave {hidden:?}, the same naming an unknown id gave {absent:?}",
                    self.b.n(actor.0)
                )));
            }
        }
        Ok(())
    }

    /// Compares every meeting read of one viewer at one time with the model: each meeting
    /// (known to readers of the agencies it invited; to anyone else not found, exactly as an id
    /// never recorded), its disclosures and minutes (the disclosed entries the viewer reads in
    /// full; its decisions and actions as the viewer sees each entry and task), its agenda (the
    /// items added by hand and the actions carried over from earlier meetings of its kind), and
    /// the s62 log of the viewer's agency's disclosures.
    fn meetings(&mut self, viewer: PractitionerId, at: Option<Time>) -> Result<(), TestCaseError> {
        let now = self.b.t();
        let t = at.unwrap_or(now);
        let w = World::at(&self.b.log, t);
        let member_now = self.b.now.reader(viewer, now).is_some();
        let mut v = Viewer::new(viewer).because("model check");
        if let Some(at) = at {
            v = v.as_of(at);
        }
        let hub = &self.b.hub;
        let when = at.map_or("now".to_string(), |t| {
            format!("as of {}", t.format("%m-%d %H:%M:%S"))
        });
        let who = self.b.n(viewer.0);
        let unknown = MeetingId(uuid::Uuid::from_u64_pair(u64::MAX, u64::MAX - 2));
        let absent = hub.meeting(&v, unknown);
        for id in &self.b.meetings {
            let name = self.b.n(id.0);
            let got = hub.meeting(&v, *id);
            self.compared += 1;
            let known = w
                .meeting(*id)
                .filter(|m| member_now && w.knows_meeting(viewer, m, t));
            let Some(m) = known else {
                let same = match (&got, &absent) {
                    (Err(g), Err(a)) => Check::error_text(g) == Check::error_text(a),
                    _ => false,
                };
                if !same {
                    return Err(self.world_failure(format!(
                        "meeting {name} read by {who} {when}, who may not know of it, gave {got:?}; an unknown meeting gave {absent:?}"
                    )));
                }
                continue;
            };
            let failed = |what: &str, e: safehub::Error| {
                self.world_failure(format!("{what} of {name} by {who} {when} failed: {e}"))
            };
            let view = got.map_err(|e| failed("meeting", e))?;
            let mut agencies: Vec<AgencyId> = view.agencies.iter().map(|a| a.id).collect();
            let mut want_agencies = m.agencies.clone();
            agencies.sort();
            want_agencies.sort();
            let got_record = (
                agencies,
                view.attendees.iter().map(|p| p.id).collect::<Vec<_>>(),
                view.decisions.clone(),
                view.actions.clone(),
            );
            let want_record = (
                want_agencies,
                m.attendees.clone(),
                m.decisions.clone(),
                m.actions.clone(),
            );
            // Each disclosed entry the viewer reads in full (as a recipient, or as any reader).
            let want_disclosed: Vec<EntryId> = w
                .disclosures
                .iter()
                .filter(|d| d.meeting == m.id && w.entry_access(viewer, d.entry, t) == Acc::Full)
                .map(|d| d.entry)
                .collect();
            let items = |list: &[safehub::meetings::DisclosureView]| -> Vec<EntryId> {
                list.iter()
                    .filter_map(|d| match d.item {
                        MeetingItem::Entry { id } => Some(id),
                        _ => None,
                    })
                    .collect()
            };
            let disclosed = hub
                .meeting_disclosures(&v, *id)
                .map_err(|e| failed("meeting_disclosures", e))?;
            let minutes = hub
                .meeting_minutes(&v, *id)
                .map_err(|e| failed("meeting_minutes", e))?;
            let want_decisions: Vec<(EntryId, Acc)> = m
                .decisions
                .iter()
                .map(|e| (*e, w.entry_access(viewer, *e, t)))
                .filter(|(_, a)| *a != Acc::Nothing)
                .collect();
            let got_decisions: Vec<(EntryId, Acc)> = minutes
                .decisions
                .iter()
                .map(|e| match e {
                    EntryView::Full(f) => (f.id, Acc::Full),
                    EntryView::Stub(s) => (s.id, Acc::Stub),
                })
                .collect();
            let task_accesses = |tasks: &[TaskId]| -> Vec<(TaskId, Acc)> {
                tasks
                    .iter()
                    .filter_map(|id| w.tasks.iter().find(|k| k.id == *id))
                    .map(|k| (k.id, w.task_access(viewer, k, t)))
                    .filter(|(_, a)| *a != Acc::Nothing)
                    .collect()
            };
            let got_tasks = |tasks: &[TaskView]| -> Vec<(TaskId, Acc)> {
                tasks
                    .iter()
                    .map(|k| match k {
                        TaskView::Full(d) => (d.id, Acc::Full),
                        TaskView::Stub(s) => (s.id, Acc::Stub),
                    })
                    .collect()
            };
            let agenda = hub
                .meeting_agenda(&v, *id)
                .map_err(|e| failed("meeting_agenda", e))?;
            let want_added: Vec<(uuid::Uuid, Acc)> = m
                .added
                .iter()
                .map(|item| match *item {
                    AgendaSubject::Case { id } => (id.0, w.case_access(viewer, id, t)),
                    AgendaSubject::Person { id } => {
                        (id.0, w.subject_access(viewer, Subject::Person(id), t))
                    }
                    AgendaSubject::Location { id } => {
                        (id.0, w.subject_access(viewer, Subject::Location(id), t))
                    }
                })
                .filter(|(_, a)| *a != Acc::Nothing)
                .collect();
            let got_added: Vec<(uuid::Uuid, Acc)> = agenda
                .added
                .iter()
                .map(|item| match item {
                    AgendaItemView::Case { case } => match case {
                        CaseView::Full(d) => (d.id.0, Acc::Full),
                        CaseView::Stub(s) => (s.id.0, Acc::Stub),
                    },
                    AgendaItemView::Person { person } => match person {
                        PersonView::Full(p) => (p.id.0, Acc::Full),
                        PersonView::Stub(p) => (p.id.0, Acc::Stub),
                    },
                    AgendaItemView::Location { location } => match location {
                        LocationView::Full(l) => (l.id.0, Acc::Full),
                        LocationView::Stub(l) => (l.id.0, Acc::Stub),
                    },
                })
                .collect();
            let comparisons = [
                (
                    "the record",
                    format!("{want_record:?}"),
                    format!("{got_record:?}"),
                ),
                (
                    "the disclosures",
                    format!("{want_disclosed:?}"),
                    format!("{:?}", items(&disclosed)),
                ),
                (
                    "the minutes' disclosures",
                    format!("{want_disclosed:?}"),
                    format!("{:?}", items(&minutes.disclosures)),
                ),
                (
                    "the minutes' meeting",
                    format!("{view:?}"),
                    format!("{:?}", minutes.meeting),
                ),
                (
                    "the minutes' decisions",
                    format!("{want_decisions:?}"),
                    format!("{got_decisions:?}"),
                ),
                (
                    "the minutes' actions",
                    format!("{:?}", task_accesses(&m.actions)),
                    format!("{:?}", got_tasks(&minutes.actions)),
                ),
                (
                    "the agenda's added items",
                    format!("{want_added:?}"),
                    format!("{got_added:?}"),
                ),
                (
                    "the agenda's carried-over actions",
                    format!("{:?}", task_accesses(&w.carried_over(m))),
                    format!("{:?}", got_tasks(&agenda.carried_over)),
                ),
            ];
            for (what, want, got) in comparisons {
                self.compared += 1;
                if want != got {
                    return Err(self.world_failure(format!(
                        "{what} of {name} for {who} {when}: model {want}, engine {got}"
                    )));
                }
            }
        }
        // The s62 log: supervisors and agency admins read their agency's disclosures, each with
        // the recipients the model worked out.
        if !member_now {
            return Ok(());
        }
        let log =
            hub.meeting_disclosure_log(&v, origin() - Duration::days(1), now + Duration::days(1));
        self.compared += 1;
        let Some(p) = w.practitioner(viewer) else {
            // Not registered yet at that time: nothing to read, whatever the answer.
            return Ok(());
        };
        let want: Option<Vec<(EntryId, Vec<PractitionerId>)>> =
            (p.role >= Role::Supervisor).then(|| {
                w.disclosures
                    .iter()
                    .filter(|d| d.owner == p.agency)
                    .map(|d| (d.entry, d.recipients.clone()))
                    .collect()
            });
        let got = match &log {
            Ok(list) => Some(
                list.iter()
                    .filter_map(|r| match r.item {
                        MeetingItem::Entry { id } => {
                            Some((id, r.recipients.iter().map(|p| p.id).collect()))
                        }
                        _ => None,
                    })
                    .collect(),
            ),
            Err(e) if e.code() == ErrorCode::Forbidden => None,
            Err(e) => {
                return Err(self.world_failure(format!(
                    "meeting_disclosure_log for {who} {when} failed: {e}"
                )))
            }
        };
        if got != want {
            return Err(self.world_failure(format!(
                "meeting_disclosure_log for {who} {when}: model {want:?}, engine {got:?}"
            )));
        }
        Ok(())
    }

    /// Compares `explain_all` for one viewer at one time.
    fn explain(&mut self, viewer: PractitionerId, at: Option<Time>) -> Result<(), TestCaseError> {
        let now = self.b.t();
        let t = at.unwrap_or(now);
        let w = World::at(&self.b.log, t);
        let may_read = self.b.now.reader(viewer, now).is_some() && w.reader(viewer, t).is_some();
        let gone = self.b.now.reader(viewer, now).is_none();
        if gone && at.is_some() && !self.b.features.departed_as_of_explain {
            return Ok(());
        }
        let targets = self.targets();
        let mut v = Viewer::new(viewer);
        if let Some(at) = at {
            v = v.as_of(at);
        }
        let decisions = match self.b.hub.explain_all(&v, &targets) {
            Ok(d) => d,
            Err(e) if !may_read => {
                // Nothing to read is also an acceptable answer for someone who may read nothing.
                let _ = e;
                self.compared += targets.len() as u64;
                return Ok(());
            }
            Err(e) => {
                return Err(self.world_failure(format!(
                    "explain_all for {} failed: {e}",
                    self.b.n(viewer.0)
                )))
            }
        };
        if decisions.len() != targets.len() {
            return Err(self.world_failure("explain_all answered a different number".into()));
        }
        for (target, d) in targets.iter().zip(&decisions) {
            let model = if may_read {
                w.access(viewer, *target, t)
            } else {
                Acc::Nothing
            };
            self.same(
                "explain_all",
                viewer,
                at,
                *target,
                model,
                from_engine(d.access),
            )?;
            self.tally.outcomes[model as usize].fetch_add(1, Ordering::Relaxed);
            if at.is_some() && may_read && model != self.b.now.access(viewer, *target, now) {
                self.tally.outcomes[3].fetch_add(1, Ordering::Relaxed);
            }
            // The rule the engine cites must be one the written rules allow.
            let ok = match (d.access, d.rule) {
                (Access::Nothing, rule) => rule == Rule::Withheld,
                (Access::Full, Rule::Author) => match target {
                    Target::Entry(e) => w.entry(*e).is_some_and(|e| e.author == viewer),
                    _ => false,
                },
                (Access::Full, Rule::SameAgency) => {
                    let va = w.practitioner(viewer).map(|p| p.agency);
                    w.owner_and_category(*target)
                        .is_some_and(|(owner, _)| Some(owner) == va)
                }
                (Access::Full, Rule::Agreement { agreement }) => {
                    let va = w.practitioner(viewer).map(|p| p.agency);
                    match (w.owner_and_category(*target), va) {
                        (Some((owner, cat)), Some(va)) => {
                            w.covering(owner, va, cat, t).contains(&agreement)
                        }
                        _ => false,
                    }
                }
                (Access::Full, _) => false,
                // A stub's rule names nothing of the content (no category, no visibility):
                // an entry's is the one "not shared" rule; a case's or profile's may also say
                // what the viewer lacks (a place on the team, a case about the subject).
                (Access::Stub, rule) => match target {
                    Target::Entry(_) => rule == Rule::NotShared,
                    Target::Case(_) => matches!(rule, Rule::NotShared | Rule::NotOnTeam),
                    _ => matches!(rule, Rule::NotShared | Rule::NoCaseAccess),
                },
            };
            if !ok {
                return Err(self.world_failure(format!(
                    "explain_all: viewer {} reading {}: {:?} cites rule {:?}, which the written rules do not allow",
                    self.b.n(viewer.0),
                    self.target_name(*target),
                    d.access,
                    d.rule
                )));
            }
        }
        Ok(())
    }

    /// Compares what the reads return for one viewer at one time.
    /// The viewer's notification feed names exactly the entries the model says they should hear
    /// of: written by someone else, on a case whose team they are on and which they read in
    /// full, and not withheld from them (full or stub). A viewer who may not read is refused.
    fn notifications(&mut self, viewer: PractitionerId) -> Result<(), TestCaseError> {
        let now = self.b.t();
        let w = &self.b.now;
        let r = self.b.hub.notifications(
            &Viewer::new(viewer).because("model check"),
            None,
            safehub::notifications::MAX_PAGE,
        );
        self.compared += 1;
        let Some(p) = w.reader(viewer, now) else {
            if matches!(&r, Err(e) if e.code() == ErrorCode::Forbidden) {
                return Ok(());
            }
            return Err(self.world_failure(format!(
                "notifications for {}, who may not read, gave {r:?}, expected forbidden",
                self.b.n(viewer.0)
            )));
        };
        let got: std::collections::BTreeSet<EntryId> = match r {
            Ok(page) => page
                .items
                .iter()
                .filter_map(|n| match n.kind {
                    safehub::NotificationKind::EntryAdded { entry, .. } => Some(entry),
                    _ => None,
                })
                .collect(),
            Err(e) => {
                return Err(self.world_failure(format!(
                    "notifications for {} failed: {e:?}",
                    self.b.n(viewer.0)
                )))
            }
        };
        let want: std::collections::BTreeSet<EntryId> = w
            .entries
            .iter()
            .filter(|e| e.author != viewer)
            .filter(|e| {
                w.case(e.case).is_some_and(|c| {
                    World::on_team(c, p) && w.case_access(viewer, c.id, now) == Acc::Full
                })
            })
            .filter(|e| w.entry_access(viewer, e.id, now) != Acc::Nothing)
            .map(|e| e.id)
            .collect();
        if got != want {
            return Err(self.world_failure(format!(
                "notifications for {}: entries {got:?}, the model says {want:?}",
                self.b.n(viewer.0)
            )));
        }
        Ok(())
    }

    fn reads(&mut self, viewer: PractitionerId, at: Option<Time>) -> Result<(), TestCaseError> {
        let now = self.b.t();
        let t = at.unwrap_or(now);
        let w = World::at(&self.b.log, t);
        let member_now = self.b.now.reader(viewer, now).is_some();
        let may_read = member_now && w.reader(viewer, t).is_some();
        let mut v = Viewer::new(viewer).because("model check");
        if let Some(at) = at {
            v = v.as_of(at);
        }
        let hub = &self.b.hub;
        if !member_now {
            // Every read is refused outright.
            let r = hub.cases(&v);
            self.compared += 1;
            if !matches!(&r, Err(e) if e.code() == ErrorCode::Forbidden) {
                return Err(self.world_failure(format!(
                    "cases() for {}, who is not a member now, gave {r:?}, expected forbidden",
                    self.b.n(viewer.0)
                )));
            }
            for target in self.targets() {
                let r = match target {
                    Target::Case(id) => hub.case(&v, id).map(|_| ()),
                    Target::Entry(_) => continue,
                    Target::Person(id) => hub.person(&v, id).map(|_| ()),
                    Target::Location(id) => hub.location(&v, id).map(|_| ()),
                    Target::Group(id) => hub.group(&v, id).map(|_| ()),
                };
                self.compared += 1;
                if !matches!(&r, Err(e) if e.code() == ErrorCode::Forbidden) {
                    return Err(self.world_failure(format!(
                        "reading {} by {}, who is not a member now, gave {r:?}, expected forbidden",
                        self.target_name(target),
                        self.b.n(viewer.0)
                    )));
                }
            }
            return Ok(());
        }
        let access = |target: Target| {
            if may_read {
                w.access(viewer, target, t)
            } else {
                Acc::Nothing
            }
        };

        // Cases, each with its timeline and subjects.
        let mut full_cases = BTreeMap::new();
        for id in &self.b.cases {
            let target = Target::Case(*id);
            let model = access(target);
            let got = match hub.case(&v, *id) {
                Ok(CaseView::Full(d)) => {
                    self.case_detail(viewer, at, &w, t, &d)?;
                    Acc::Full
                }
                Ok(CaseView::Stub(st)) => {
                    if self.b.features.off_team_answers {
                        let got = st.agencies_involved.iter().map(|a| a.id).collect();
                        let want = w.case(*id).map(|c| w.involved(c)).unwrap_or_default();
                        self.same_agencies("agencies involved in", viewer, at, target, want, got)?;
                    }
                    Acc::Stub
                }
                Err(e) if e.code() == ErrorCode::NotFound => Acc::Nothing,
                Err(e) => {
                    return Err(self.world_failure(format!(
                        "case read of {} by {} failed: {e}",
                        self.target_name(target),
                        self.b.n(viewer.0)
                    )))
                }
            };
            self.same("case", viewer, at, target, model, got)?;
            if model == Acc::Full {
                let count = w
                    .case(*id)
                    .map(|c| {
                        c.entries
                            .iter()
                            .filter(|e| w.entry_access(viewer, **e, t) != Acc::Nothing)
                            .count()
                    })
                    .unwrap_or(0);
                full_cases.insert(*id, count);
            }
        }
        // The list of cases: those readable in full, with the entries the viewer can see.
        match hub.cases(&v) {
            Ok(list) => {
                let got: BTreeMap<CaseId, usize> = list.iter().map(|s| (s.id, s.entries)).collect();
                self.compared += 1;
                if got != full_cases {
                    return Err(self.world_failure(format!(
                        "cases() for {} {:?}: model {:?}, engine {:?}",
                        self.b.n(viewer.0),
                        at,
                        full_cases
                            .iter()
                            .map(|(c, n)| (self.b.n(c.0), *n))
                            .collect::<Vec<_>>(),
                        got.iter()
                            .map(|(c, n)| (self.b.n(c.0), *n))
                            .collect::<Vec<_>>()
                    )));
                }
            }
            Err(e) if !may_read => {
                let _ = e;
            }
            Err(e) => {
                return Err(
                    self.world_failure(format!("cases() for {} failed: {e}", self.b.n(viewer.0)))
                )
            }
        }
        // People, places, groups.
        for s in &self.b.subjects {
            match *s {
                Subject::Person(id) => {
                    let target = Target::Person(id);
                    let got = match hub.person(&v, id) {
                        Ok(p) => self.person_view(viewer, at, &w, t, &p)?,
                        Err(e) if e.code() == ErrorCode::NotFound => Acc::Nothing,
                        Err(e) => {
                            return Err(self.world_failure(format!("person read failed: {e}")))
                        }
                    };
                    self.same("person", viewer, at, target, access(target), got)?;
                }
                Subject::Location(id) => {
                    let target = Target::Location(id);
                    let got = match hub.location(&v, id) {
                        Ok(LocationView::Full(_)) => Acc::Full,
                        Ok(LocationView::Stub(_)) => Acc::Stub,
                        Err(e) if e.code() == ErrorCode::NotFound => Acc::Nothing,
                        Err(e) => {
                            return Err(self.world_failure(format!("location read failed: {e}")))
                        }
                    };
                    self.same("location", viewer, at, target, access(target), got)?;
                }
                Subject::Group(id) => {
                    let target = Target::Group(id);
                    let got = match hub.group(&v, id) {
                        Ok(GroupView::Full(g)) => {
                            let mut got_members = vec![];
                            for m in &g.members {
                                got_members.push(self.person_view(viewer, at, &w, t, m)?);
                            }
                            let mut want = vec![];
                            if let Some(p) = w.profile(*s) {
                                for m in &p.members {
                                    let a = w.subject_access(viewer, Subject::Person(*m), t);
                                    if a != Acc::Nothing {
                                        want.push(a);
                                    }
                                }
                            }
                            got_members.sort();
                            want.sort();
                            self.compared += 1;
                            if got_members != want {
                                return Err(self.world_failure(format!(
                                    "group {} members for {}: model {want:?}, engine {got_members:?}",
                                    self.target_name(target),
                                    self.b.n(viewer.0)
                                )));
                            }
                            Acc::Full
                        }
                        Ok(GroupView::Stub(_)) => Acc::Stub,
                        Err(e) if e.code() == ErrorCode::NotFound => Acc::Nothing,
                        Err(e) => return Err(self.world_failure(format!("group read failed: {e}"))),
                    };
                    self.same("group", viewer, at, target, access(target), got)?;
                }
            }
        }
        // Each profile's history: what the model says the viewer sees of its amendments.
        for s in &self.b.subjects {
            let want = w.history(viewer, *s, t);
            let got = match hub.history(&v, *s) {
                Ok(list) => Some(
                    list.iter()
                        .map(|a| {
                            (
                                a.changes.iter().map(change_words).collect::<Vec<_>>(),
                                a.reason.is_some(),
                            )
                        })
                        .collect::<Vec<_>>(),
                ),
                Err(e) if e.code() == ErrorCode::NotFound => None,
                Err(e) => return Err(self.world_failure(format!("history read failed: {e}"))),
            };
            self.compared += 1;
            if got != want {
                return Err(self.world_failure(format!(
                    "history of {} for {} {:?}: model {want:?}, engine {got:?}",
                    self.b.n(subject_uuid(*s)),
                    self.b.n(viewer.0),
                    at
                )));
            }
        }
        // Each person's merged profiles: those the viewer may know of, each at its own access;
        // not found where the person asked about is withheld.
        for id in self.b.people() {
            let want = (access(Target::Person(id)) != Acc::Nothing).then(|| {
                w.person_profiles(id)
                    .into_iter()
                    .map(|p| (p, access(Target::Person(p))))
                    .filter(|(_, a)| *a != Acc::Nothing)
                    .collect::<Vec<_>>()
            });
            let got = match hub.merged_profiles(&v, id) {
                Ok(list) => Some(
                    list.iter()
                        .map(|p| match p {
                            PersonView::Full(d) => (d.id, Acc::Full),
                            PersonView::Stub(s) => (s.id, Acc::Stub),
                        })
                        .collect::<Vec<_>>(),
                ),
                Err(e) if e.code() == ErrorCode::NotFound => None,
                Err(e) => return Err(self.world_failure(format!("merged_profiles failed: {e}"))),
            };
            self.compared += 1;
            if got != want {
                return Err(self.world_failure(format!(
                    "merged profiles of {} for {} {:?}: model {want:?}, engine {got:?}",
                    self.b.n(id.0),
                    self.b.n(viewer.0),
                    at
                )));
            }
        }
        // The merges awaiting the viewer's agency (or awaited by it): both profiles known.
        if may_read {
            let agency = w.practitioner(viewer).map(|p| p.agency);
            let owned = |p: PersonId| w.profile(Subject::Person(p)).map(|q| q.by) == agency;
            let want: Vec<(PersonId, PersonId, AgencyId)> = w
                .merge_pending
                .iter()
                .filter(|(s, a, _)| owned(*s) || owned(*a))
                .filter(|(s, a, _)| {
                    access(Target::Person(*s)) != Acc::Nothing
                        && access(Target::Person(*a)) != Acc::Nothing
                })
                .copied()
                .collect();
            let id_of = |p: &PersonView| match p {
                PersonView::Full(d) => d.id,
                PersonView::Stub(s) => s.id,
            };
            let got: Vec<(PersonId, PersonId, AgencyId)> = match hub.merge_requests(&v) {
                Ok(list) => list
                    .iter()
                    .map(|r| (id_of(&r.survivor), id_of(&r.absorbed), r.agreed_by.id))
                    .collect(),
                Err(e) => return Err(self.world_failure(format!("merge_requests failed: {e}"))),
            };
            self.compared += 1;
            if got != want {
                return Err(self.world_failure(format!(
                    "merge requests for {} {:?}: model {want:?}, engine {got:?}",
                    self.b.n(viewer.0),
                    at
                )));
            }
        }
        // Searches: by name a person is found unless withheld entirely; by NHS number only
        // where the viewer may read the details in full.
        if at.is_none() {
            for p in w
                .profiles
                .iter()
                .filter(|p| matches!(p.subject, Subject::Person(_)))
            {
                let Subject::Person(id) = p.subject else {
                    continue;
                };
                let target = Target::Person(id);
                let model = access(target);
                let by_name = hub
                    .search_people(&v, &p.name)
                    .map_err(|e| self.world_failure(format!("search failed: {e}")))?;
                let mut got = Acc::Nothing;
                for view in &by_name {
                    if let Some(a) = self.found(id, view) {
                        got = a;
                    }
                }
                self.same("search_people(name)", viewer, at, target, model, got)?;
                if let Some(nhs) = &p.nhs {
                    let by_nhs = hub
                        .search_people(&v, nhs)
                        .map_err(|e| self.world_failure(format!("search failed: {e}")))?;
                    let found = by_nhs.iter().any(|view| self.found(id, view).is_some());
                    self.compared += 1;
                    if found != (model == Acc::Full) {
                        return Err(self.world_failure(format!(
                            "search_people(NHS number of {}) by {}: found {found}, model access {model:?}",
                            self.target_name(target),
                            self.b.n(viewer.0)
                        )));
                    }
                }
            }
            for p in w
                .profiles
                .iter()
                .filter(|p| matches!(p.subject, Subject::Location(_)))
            {
                let Subject::Location(id) = p.subject else {
                    continue;
                };
                let target = Target::Location(id);
                let hits = hub
                    .search_locations(&v, &p.name)
                    .map_err(|e| self.world_failure(format!("search failed: {e}")))?;
                let mut got = Acc::Nothing;
                for view in &hits {
                    match view {
                        LocationView::Full(d) if d.id == id => got = Acc::Full,
                        LocationView::Stub(s) if s.id == id => got = Acc::Stub,
                        _ => {}
                    }
                }
                self.same(
                    "search_locations(label)",
                    viewer,
                    at,
                    target,
                    access(target),
                    got,
                )?;
            }
            self.duplicates(&w, &v, viewer, &access)?;
        }
        Ok(())
    }

    /// Possible duplicates (issue 22): people recorded with the same NHS number are proposed
    /// (their names are alike and they have no date of birth), people with different ones never
    /// are; the model says exactly which, from the profiles the viewer reads in full, a
    /// restricted one only to its owner agency. A profile not read in full is `not_found`.
    fn duplicates(
        &mut self,
        w: &World,
        v: &Viewer,
        viewer: PractitionerId,
        access: &dyn Fn(Target) -> Acc,
    ) -> Result<(), TestCaseError> {
        let Some(agency) = w.practitioner(viewer).map(|p| p.agency) else {
            return Ok(());
        };
        let proposable = |p: &MProfile| !p.restricted || p.by == agency;
        let people: Vec<(PersonId, &MProfile)> = w
            .profiles
            .iter()
            .filter_map(|p| match p.subject {
                Subject::Person(id) => Some((id, p)),
                _ => None,
            })
            .collect();
        for &(id, p) in &people {
            let target = Target::Person(id);
            let got = self.b.hub.possible_duplicates(v, id);
            self.compared += 1;
            let want: Option<Vec<PersonId>> = (access(target) == Acc::Full).then(|| {
                let mut ids: Vec<PersonId> = people
                    .iter()
                    .filter(|(other, q)| {
                        w.person_profiles(*other).first() != w.person_profiles(id).first()
                            && proposable(p)
                            && proposable(q)
                            && q.nhs == p.nhs
                            && access(Target::Person(*other)) == Acc::Full
                    })
                    .map(|(other, _)| *other)
                    .collect();
                ids.sort();
                ids
            });
            let got = match got {
                Ok(c) => {
                    let mut ids: Vec<PersonId> = c.iter().map(|c| c.person.id).collect();
                    ids.sort();
                    Some(ids)
                }
                Err(e) if e.code() == ErrorCode::NotFound => None,
                Err(e) => {
                    return Err(self.world_failure(format!("possible_duplicates failed: {e}")))
                }
            };
            if got != want {
                return Err(self.world_failure(format!(
                    "possible_duplicates({}) by {}: model {want:?}, engine {got:?}",
                    self.target_name(target),
                    self.b.n(viewer.0)
                )));
            }
        }
        Ok(())
    }

    fn found(&self, id: PersonId, view: &PersonView) -> Option<Acc> {
        match view {
            PersonView::Full(d) if d.id == id => Some(Acc::Full),
            PersonView::Stub(s) if s.id == id => Some(Acc::Stub),
            _ => None,
        }
    }

    /// Compares a list of agencies a view shows with the model's.
    fn same_agencies(
        &mut self,
        what: &str,
        viewer: PractitionerId,
        at: Option<Time>,
        target: Target,
        want: Vec<AgencyId>,
        mut got: Vec<AgencyId>,
    ) -> Result<(), TestCaseError> {
        got.sort();
        self.compared += 1;
        if got == want {
            return Ok(());
        }
        let show = |v: &[AgencyId]| v.iter().map(|a| self.b.n(a.0)).collect::<Vec<_>>();
        Err(self.world_failure(format!(
            "{what} {} for {} {at:?}: model {:?}, engine {:?}",
            self.target_name(target),
            self.b.n(viewer.0),
            show(&want),
            show(&got)
        )))
    }

    /// The access a person view shows, checking a full view's flags and (with
    /// `off_team_answers`) its "known to" on the way.
    fn person_view(
        &mut self,
        viewer: PractitionerId,
        at: Option<Time>,
        w: &World,
        t: Time,
        view: &PersonView,
    ) -> Result<Acc, TestCaseError> {
        if self.b.features.off_team_answers {
            let (id, known_to) = match view {
                PersonView::Full(d) => (d.id, &d.known_to),
                PersonView::Stub(s) => (s.id, &s.known_to),
            };
            let got = known_to.iter().map(|a| a.id).collect();
            let want = w.known_to(Subject::Person(id));
            self.same_agencies("known to of", viewer, at, Target::Person(id), want, got)?;
        }
        match view {
            PersonView::Full(d) => {
                let mut got = d.flags.clone();
                got.sort();
                let want = w.visible_flags(viewer, Subject::Person(d.id), t);
                self.compared += 1;
                if got != want {
                    return Err(self.world_failure(format!(
                        "flags of {} shown to {} {:?}: model {want:?}, engine {got:?}",
                        self.b.n(d.id.0),
                        self.b.n(viewer.0),
                        at
                    )));
                }
                let mut holders: Vec<AgencyId> = d.facts_held_by.iter().map(|a| a.id).collect();
                holders.sort();
                let got = (d.facts.iter().map(|f| f.id).collect::<Vec<_>>(), holders);
                let want = w.visible_facts(viewer, Subject::Person(d.id), t);
                self.compared += 1;
                if got != want {
                    return Err(self.world_failure(format!(
                        "facts of {} shown to {} {:?}: model {want:?}, engine {got:?}",
                        self.b.n(d.id.0),
                        self.b.n(viewer.0),
                        at
                    )));
                }
                Ok(Acc::Full)
            }
            PersonView::Stub(_) => Ok(Acc::Stub),
        }
    }

    fn case_detail(
        &mut self,
        viewer: PractitionerId,
        at: Option<Time>,
        w: &World,
        t: Time,
        d: &CaseDetail,
    ) -> Result<(), TestCaseError> {
        let Some(c) = w.case(d.id) else {
            return Err(self.world_failure(format!(
                "{} returned a case the model does not have at that time",
                self.b.n(d.id.0)
            )));
        };
        // Its links: to the cases the viewer may know of, and no others.
        let mut want_links: Vec<(CaseId, CaseLinkKind)> = c
            .links
            .iter()
            .filter(|(o, _)| w.case_access(viewer, *o, t) != Acc::Nothing)
            .copied()
            .collect();
        want_links.sort();
        let mut got_links: Vec<(CaseId, CaseLinkKind)> =
            d.links.iter().map(|l| (l.case, l.kind)).collect();
        got_links.sort();
        self.compared += 1;
        if want_links != got_links {
            return Err(self.world_failure(format!(
                "links of {} for {} {at:?}: model {want_links:?}, engine {got_links:?}",
                self.b.n(d.id.0),
                self.b.n(viewer.0)
            )));
        }
        // Its incidents: exactly the linked ones the viewer reads, none counted or named else.
        let mut want_incidents: Vec<IncidentId> = c
            .incidents
            .iter()
            .filter(|i| w.incident_readable(viewer, **i, t))
            .copied()
            .collect();
        want_incidents.sort();
        let mut got_incidents: Vec<IncidentId> = d.incidents.iter().map(|i| i.id).collect();
        got_incidents.sort();
        if want_incidents != got_incidents {
            return Err(self.world_failure(format!(
                "incidents of {} for {} {at:?}: model {want_incidents:?}, engine {got_incidents:?}",
                self.b.n(d.id.0),
                self.b.n(viewer.0)
            )));
        }
        // The timeline: full, stub, or missing, in the order written.
        let mut want = vec![];
        let mut hidden = 0;
        for e in &c.entries {
            match w.entry_access(viewer, *e, t) {
                Acc::Nothing => hidden += 1,
                a => want.push((*e, a)),
            }
        }
        let got: Vec<(EntryId, Acc)> = d
            .entries
            .iter()
            .map(|e| match e {
                EntryView::Full(f) => (f.id, Acc::Full),
                EntryView::Stub(s) => (s.id, Acc::Stub),
            })
            .collect();
        self.compared += want.len() as u64 + 1;
        if got != want {
            let show = |v: &[(EntryId, Acc)]| {
                v.iter()
                    .map(|(e, a)| format!("{}:{a:?}", self.b.n(e.0)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(self.world_failure(format!(
                "timeline of {} for {} {:?}: model [{}], engine [{}]",
                self.b.n(d.id.0),
                self.b.n(viewer.0),
                at,
                show(&want),
                show(&got)
            )));
        }
        let supervisor_of_lead = w
            .practitioner(viewer)
            .is_some_and(|p| p.agency == c.lead_agency && p.role >= Role::Supervisor);
        let want_hidden = if supervisor_of_lead { hidden } else { 0 };
        self.compared += 1;
        if d.hidden_entries != want_hidden {
            return Err(self.world_failure(format!(
                "hidden_entries of {} for {}: model {want_hidden}, engine {}",
                self.b.n(d.id.0),
                self.b.n(viewer.0),
                d.hidden_entries
            )));
        }
        // Subjects: each as the viewer may see it, restricted ones as a bare role.
        let mut want_s = vec![];
        for (s, role) in &c.linked {
            let a = w.subject_access(viewer, *s, t);
            want_s.push(if a == Acc::Nothing {
                format!("restricted {role:?}")
            } else {
                format!("{} {role:?} {a:?}", self.b.n(subject_uuid(*s)))
            });
        }
        let mut got_s = vec![];
        for s in &d.subjects {
            got_s.push(match s {
                SubjectView::Person { role, person } => {
                    let a = self.person_view(viewer, at, w, t, person)?;
                    let id = match person {
                        PersonView::Full(p) => p.id.0,
                        PersonView::Stub(p) => p.id.0,
                    };
                    format!("{} {role:?} {a:?}", self.b.n(id))
                }
                SubjectView::Location { role, location } => {
                    let (id, a) = match location {
                        LocationView::Full(l) => (l.id.0, Acc::Full),
                        LocationView::Stub(l) => (l.id.0, Acc::Stub),
                    };
                    format!("{} {role:?} {a:?}", self.b.n(id))
                }
                SubjectView::Group { role, group } => {
                    let (id, a) = match group {
                        GroupView::Full(g) => (g.id.0, Acc::Full),
                        GroupView::Stub(g) => (g.id.0, Acc::Stub),
                    };
                    format!("{} {role:?} {a:?}", self.b.n(id))
                }
                SubjectView::Restricted { role } => format!("restricted {role:?}"),
            });
        }
        want_s.sort();
        got_s.sort();
        self.compared += want_s.len() as u64;
        if want_s != got_s {
            return Err(self.world_failure(format!(
                "subjects of {} for {} {:?}: model {want_s:?}, engine {got_s:?}",
                self.b.n(d.id.0),
                self.b.n(viewer.0),
                at
            )));
        }
        Ok(())
    }
}

fn check_world(
    plan: &Plan,
    seed: u64,
    store: Store,
    features: Features,
    tally: &Tally,
) -> Result<(), TestCaseError> {
    let b = build(plan, seed, store, features)?;
    let now = b.t();
    let mut past: Vec<Time> = vec![];
    for (i, before) in &plan.past {
        let at = b.step_times[i % b.step_times.len()];
        let at = if *before {
            at - Duration::seconds(30)
        } else {
            at
        };
        if at < now && !past.contains(&at) {
            past.push(at);
        }
    }
    let mut check = Check {
        b: &b,
        tally,
        compared: 0,
    };
    for p in &b.practitioners {
        check.explain(*p, None)?;
        for at in &past {
            check.explain(*p, Some(*at))?;
        }
    }
    for p in &b.practitioners {
        check.reads(*p, None)?;
        check.meetings(*p, None)?;
        if let Some(at) = past.first() {
            check.reads(*p, Some(*at))?;
            check.meetings(*p, Some(*at))?;
        }
    }
    for p in &b.practitioners {
        check.notifications(*p)?;
    }
    if features.future_as_of {
        for p in &b.practitioners {
            check.future(*p, now + Duration::minutes(plan.future_minutes))?;
        }
    }
    // Last: a command the rules refuse might still change the hub (that is the failure).
    if features.hidden_commands {
        for p in &b.practitioners {
            check.hidden_commands(*p)?;
        }
    }
    tally.worlds.fetch_add(1, Ordering::Relaxed);
    let held = b.now.meetings.len() as u64;
    tally.meetings.fetch_add(held, Ordering::Relaxed);
    let disclosed = b.now.disclosures.len() as u64;
    tally.disclosures.fetch_add(disclosed, Ordering::Relaxed);
    let facts = b.now.profiles.iter().flat_map(|p| p.facts.iter());
    let kept = facts.clone().filter(|f| f.agency_only).count() as u64;
    tally.facts[0].fetch_add(facts.count() as u64, Ordering::Relaxed);
    tally.facts[1].fetch_add(kept, Ordering::Relaxed);
    tally.decisions.fetch_add(check.compared, Ordering::Relaxed);
    tally
        .owner_merges
        .fetch_add(b.owner_merges, Ordering::Relaxed);
    Ok(())
}

/// The number of worlds: `var`, else `default`.
fn worlds(var: &str, default: u32) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn run(name: &str, store: Store, worlds: u32, features: Features, tally: &'static Tally) {
    let config = Config {
        cases: worlds,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let seed = AtomicU64::new(1);
    let result = runner.run(&plan(), |plan| {
        check_world(
            &plan,
            seed.fetch_add(1, Ordering::Relaxed),
            store,
            features,
            tally,
        )
    });
    let worlds = tally.worlds.load(Ordering::Relaxed);
    let decisions = tally.decisions.load(Ordering::Relaxed);
    let o: Vec<u64> = tally
        .outcomes
        .iter()
        .map(|c| c.load(Ordering::Relaxed))
        .collect();
    println!(
        "sharing model ({name}): explain_all outcomes: {} nothing, {} stub, {} full; {} as-of decisions differed from now",
        o[0], o[1], o[2], o[3]
    );
    println!(
        "sharing model ({name}): {} meetings held, {} entries disclosed at them",
        tally.meetings.load(Ordering::Relaxed),
        tally.disclosures.load(Ordering::Relaxed)
    );
    println!(
        "sharing model ({name}): {} facts about people held at the end, {} of them agency-only; \
         {} merges by the data owner alone",
        tally.facts[0].load(Ordering::Relaxed),
        tally.facts[1].load(Ordering::Relaxed),
        tally.owner_merges.load(Ordering::Relaxed)
    );
    match result {
        Ok(()) => println!(
            "sharing model: {worlds} worlds, {decisions} decisions compared, 0 disagreements"
        ),
        Err(e) => panic!(
            "sharing model ({name}): {worlds} worlds agreed ({decisions} decisions compared) before a disagreement:\n{e}"
        ),
    }
}

/// Everything the generator can do, every comparison.
#[test]
fn sharing_engine_agrees_with_reference_model_over_random_worlds() {
    run(
        "all features",
        Store::Memory,
        worlds("SAFEHUB_WORLDS", 2000),
        ALL_FEATURES,
        &EVERYTHING,
    );
}

#[cfg(feature = "postgres")]
static ON_POSTGRES: Tally = Tally::new();

/// The store must not change what anyone sees (issue 21): the same comparison with each world's
/// hub on a database of its own on a PostgreSQL server. Fewer worlds (`SAFEHUB_PG_WORLDS`,
/// default 40): every command and read is a round trip to the server, and the journal code the
/// worlds exercise is the same in each; the 2,000 in-memory worlds cover the engine.
#[cfg(feature = "postgres")]
#[test]
fn sharing_engine_agrees_with_reference_model_over_random_worlds_on_postgres_hubs() {
    if Store::Postgres.available() {
        run(
            "all features, PostgreSQL",
            Store::Postgres,
            worlds("SAFEHUB_PG_WORLDS", 40),
            ALL_FEATURES,
            &ON_POSTGRES,
        );
    }
}
