//! The in-memory projections: the hub's current state, built by applying events in order.
//!
//! `apply` is pure and total: it trusts that `decide` checked every reference before the event
//! was written, and quietly ignores a reference it cannot resolve rather than fail a replay.
//! Indexes (who is linked to which case, which agreements bind which agency) are derived: replay
//! rebuilds them, and a [snapshot](crate::snapshot) stores them with the rest, wrapped in
//! [`Derived`] so that they stay out of the state digest.

use crate::agreements::Agreement;
use crate::audit::Consultation;
use crate::cases::{Case, CaseClosure, CaseStatus, Handover, Reopening, Subject, TeamMember};
use crate::entries::{Entry, InformationCategory};
use crate::events::Event;
use crate::groups::Group;
use crate::ids::PractitionerId;
use crate::ids::{AgencyId, AgreementId, CaseId, EntryId, GroupId, LocationId, PersonId};
use crate::incidents::ImportedBatch;
use crate::locations::Location;
use crate::partnership::{Agency, Partnership, Practitioner};
use crate::people::Person;
use crate::projection::{Derived, Packed, SortedMap};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Everything the hub knows, as of the last applied event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct State {
    /// The sequence number of the last applied event.
    pub seq: u64,
    pub partnership: Option<Partnership>,
    /// The partnership's calendar (Europe/London until a `time_zone_set` says otherwise).
    pub calendar: crate::calendar::Calendar,
    pub agencies: BTreeMap<AgencyId, Agency>,
    pub practitioners: BTreeMap<PractitionerId, Practitioner>,
    pub agreements: BTreeMap<AgreementId, Agreement>,
    pub persons: Packed<SortedMap<PersonId, Person>>,
    pub locations: Packed<SortedMap<LocationId, Location>>,
    pub groups: BTreeMap<GroupId, Group>,
    /// Every amendment of a person, location or group, in the order made (a record's history).
    pub amendments: Vec<crate::amendments::Amendment>,
    pub cases: BTreeMap<CaseId, Case>,
    pub entries: BTreeMap<EntryId, Entry>,
    pub consultations: Packed<Vec<Consultation>>,
    pub risk: crate::risk::RiskBook,
    pub tasks: crate::tasks::TaskBook,
    pub referrals: crate::referrals::ReferralBook,
    pub incidents: crate::incidents::IncidentBook,
    pub protection: crate::protection::ProtectionBook,
    pub meetings: crate::meetings::MeetingBook,
    pub merges: crate::merges::MergeBook,
    pub index: Derived<Index>,
}

/// Derived lookups, rebuilt by `apply`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Index {
    /// Cases each subject is or was linked to (a case about someone stays about them).
    pub cases_by_subject: HashMap<Subject, BTreeSet<CaseId>>,
    /// Agreements each agency is party to.
    pub agreements_by_agency: HashMap<AgencyId, Vec<AgreementId>>,
    /// Practitioners by the host system's external id.
    pub by_external_id: HashMap<String, PractitionerId>,
    /// People by the blocking keys of duplicate detection.
    pub duplicates: Packed<crate::duplicates::Blocks>,
}

impl State {
    /// [`State::apply`], moving an import's incidents and profiles into the projections rather
    /// than copying them: an import is most of a hub's bytes, and replay owns what it decoded.
    pub fn apply_owned(&mut self, seq: u64, at: DateTime<Utc>, event: Event) {
        match event {
            Event::IncidentsImported { batch } => {
                self.seq = seq;
                self.apply_incidents_imported(batch);
            }
            // Most reads log one, listing every item they returned: moved into the log, not
            // cloned. Only the core records take a consultation (`apply_record`); no book does.
            Event::Consulted { consultation } => {
                self.seq = seq;
                self.consultations.push(consultation);
            }
            other => self.apply(seq, at, &other),
        }
    }

    /// Applies an import: the incidents, and the new profiles, indexed for matching by the book
    /// (on its second thread, for a large batch) and filed for duplicate detection beside it (on
    /// this thread, after the counts), then recorded.
    pub(crate) fn apply_incidents_imported(&mut self, batch: ImportedBatch) {
        let ImportedBatch {
            incidents,
            persons,
            locations,
            ..
        } = batch;
        let duplicates = &mut self.index.duplicates;
        self.incidents.add(
            incidents,
            self.calendar,
            |book| {
                book.reserve_profiles(&persons, &locations);
                persons.iter().for_each(|p| book.index_person(p));
                locations.iter().for_each(|l| book.index_location(l));
            },
            || {
                duplicates.reserve(persons.len());
                persons.iter().for_each(|p| duplicates.add(p));
            },
        );
        self.persons.extend(persons.into_iter().map(|p| (p.id, p)));
        self.locations
            .extend(locations.into_iter().map(|l| (l.id, l)));
    }

    /// Applies one event recorded at `at` as sequence number `seq`: to the core records, then
    /// to each feature's book, which takes what is its business (its own events, and the core
    /// events it reacts to: a case closing starts the retention clock, a new profile is indexed
    /// for import matching).
    pub fn apply(&mut self, seq: u64, at: DateTime<Utc>, event: &Event) {
        self.seq = seq;
        if let Event::IncidentsImported { batch } = event {
            self.apply_incidents_imported(batch.clone());
            return;
        }
        self.apply_record(at, event);
        self.incidents.apply(event, self.calendar);
        self.risk.apply(event);
        self.tasks.apply(at, event);
        self.referrals.apply(at, event);
        self.protection.apply(at, event);
        self.meetings.apply(event);
        self.merges.apply(at, event);
    }

    /// Applies an event to the core records (the partnership, its directory and agreements,
    /// profiles, cases, entries, consultations). Every kind is named, so a new one is a
    /// compile error here until someone decides whether the core records take it.
    fn apply_record(&mut self, at: DateTime<Utc>, event: &Event) {
        match event {
            Event::PartnershipEstablished { name } => {
                self.partnership = Some(Partnership {
                    name: name.clone(),
                    established: at,
                });
            }
            Event::TimeZoneSet { zone } => {
                // `decide` checked the name; a name this build's zone database lacks keeps the
                // calendar as it was rather than fail a replay.
                if let Ok(calendar) = crate::calendar::Calendar::named(zone) {
                    self.calendar = calendar;
                }
            }
            Event::AgencyJoined { agency } => {
                self.agencies.insert(agency.id, agency.clone());
            }
            Event::AgencyLeft { agency } => {
                if let Some(a) = self.agencies.get_mut(agency) {
                    a.left = Some(at);
                }
            }
            Event::PractitionerRegistered { practitioner } => {
                if let Some(ext) = &practitioner.external_id {
                    self.index
                        .by_external_id
                        .insert(ext.clone(), practitioner.id);
                }
                self.practitioners
                    .insert(practitioner.id, practitioner.clone());
            }
            Event::PractitionerRoleChanged { practitioner, role } => {
                if let Some(p) = self.practitioners.get_mut(practitioner) {
                    p.role = *role;
                }
            }
            Event::PractitionerDeactivated { practitioner } => {
                if let Some(p) = self.practitioners.get_mut(practitioner) {
                    p.active = false;
                }
            }
            Event::AgreementSigned { agreement } => {
                for party in &agreement.parties {
                    self.index
                        .agreements_by_agency
                        .entry(*party)
                        .or_default()
                        .push(agreement.id);
                }
                self.agreements.insert(agreement.id, agreement.clone());
            }
            Event::AgreementEnded { agreement, ends } => {
                if let Some(a) = self.agreements.get_mut(agreement) {
                    a.ends = Some(*ends);
                }
            }
            Event::PersonRecorded { person } => {
                self.index.duplicates.add(person);
                self.persons.insert(person.id, person.clone());
            }
            Event::LocationRecorded { location } => {
                self.locations.insert(location.id, location.clone());
            }
            Event::GroupFormed { group } => {
                self.groups.insert(group.id, group.clone());
            }
            Event::RecordAmended { amendment } => {
                match amendment.record {
                    Subject::Person(id) => {
                        if let Some(p) = self.persons.get_mut(&id) {
                            // Refiled for duplicate detection under what the profile says now.
                            self.index.duplicates.remove(p);
                            amendment.apply_to_person(p);
                            self.index.duplicates.add(p);
                        }
                    }
                    Subject::Location(id) => {
                        if let Some(l) = self.locations.get_mut(&id) {
                            amendment.apply_to_location(l);
                        }
                    }
                    Subject::Group(id) => {
                        if let Some(g) = self.groups.get_mut(&id) {
                            amendment.apply_to_group(g);
                        }
                    }
                }
                self.amendments.push(amendment.clone());
            }
            Event::CaseOpened {
                case,
                case_type,
                title,
                lead_agency,
                lead_practitioner,
                team,
            } => {
                let mut joined: BTreeSet<AgencyId> = team.agencies.clone();
                joined.insert(*lead_agency);
                joined.extend(
                    team.practitioners
                        .iter()
                        .filter_map(|p| self.practitioners.get(p).map(|p| p.agency)),
                );
                self.cases.insert(
                    *case,
                    Case {
                        id: *case,
                        case_type: *case_type,
                        title: title.clone(),
                        status: CaseStatus::Open,
                        lead_agency: *lead_agency,
                        lead_practitioner: Some(*lead_practitioner),
                        team: team.clone(),
                        subjects: BTreeSet::new(),
                        entries: Vec::new(),
                        joined,
                        wrote: BTreeMap::new(),
                        opened_at: at,
                        closure: None,
                        reopening: None,
                        handover: None,
                        links: BTreeMap::new(),
                        incidents: BTreeSet::new(),
                    },
                );
            }
            Event::TeamMemberAdded { case, member } => {
                let agency = self.member_agency(member);
                if let Some(c) = self.cases.get_mut(case) {
                    match member {
                        TeamMember::Agency(a) => c.team.agencies.insert(*a),
                        TeamMember::Practitioner(p) => c.team.practitioners.insert(*p),
                    };
                    c.joined.extend(agency);
                }
            }
            Event::TeamMemberRemoved { case, member } => {
                if let Some(c) = self.cases.get_mut(case) {
                    match member {
                        TeamMember::Agency(a) => c.team.agencies.remove(a),
                        TeamMember::Practitioner(p) => c.team.practitioners.remove(p),
                    };
                }
            }
            Event::SubjectLinked { case, subject } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.subjects.insert(*subject);
                    self.index
                        .cases_by_subject
                        .entry(subject.subject)
                        .or_default()
                        .insert(*case);
                }
            }
            Event::SubjectUnlinked { case, subject } => {
                // The index keeps the link: a case that was about someone stays about them, so
                // its team keeps the access the link gave (and the "known to" it shows).
                if let Some(c) = self.cases.get_mut(case) {
                    c.subjects.remove(subject);
                }
            }
            Event::CaseStatusChanged { case, status } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.status = *status;
                    // Closed or reopened without a reason (the older way, still accepted): the
                    // latest closing or reopening is then one whose reason is not recorded.
                    match status {
                        CaseStatus::Closed => c.closure = None,
                        CaseStatus::Reopened => c.reopening = None,
                        CaseStatus::Open | CaseStatus::UnderReview => {}
                    }
                }
            }
            Event::CaseLeadTransferred {
                case,
                agency,
                practitioner,
                reason,
                ..
            } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.handover = Some(Handover {
                        from: c.lead_agency,
                        reason: reason.clone(),
                        at,
                    });
                    c.lead_agency = *agency;
                    c.lead_practitioner = *practitioner;
                    c.team.agencies.insert(*agency);
                    c.joined.insert(*agency);
                }
            }
            Event::CaseClosed {
                case,
                outcome,
                reason,
                ..
            } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.status = CaseStatus::Closed;
                    c.closure = Some(CaseClosure {
                        outcome: *outcome,
                        reason: reason.clone(),
                        at,
                    });
                }
            }
            Event::CaseReopened { case, reason, .. } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.status = CaseStatus::Reopened;
                    c.reopening = Some(Reopening {
                        reason: reason.clone(),
                        at,
                    });
                }
            }
            Event::CasesLinked {
                case, other, link, ..
            } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.links.insert(*other, link.seen_from_this());
                }
                if let Some(c) = self.cases.get_mut(other) {
                    c.links.insert(*case, link.seen_from_other());
                }
            }
            Event::CasesUnlinked { case, other, .. } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.links.remove(other);
                }
                if let Some(c) = self.cases.get_mut(other) {
                    c.links.remove(case);
                }
            }
            Event::IncidentLinked { case, incident, .. } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.incidents.insert(*incident);
                }
            }
            Event::IncidentUnlinked { case, incident, .. } => {
                if let Some(c) = self.cases.get_mut(case) {
                    c.incidents.remove(incident);
                }
            }
            Event::EntryAdded { entry } => {
                if let Some(c) = self.cases.get_mut(&entry.case) {
                    c.entries.push(entry.id);
                    if !entry.sensitive {
                        c.count_entry(entry.agency, true);
                    }
                }
                self.entries.insert(entry.id, entry.clone());
            }
            Event::EntryVisibilityChanged {
                entry,
                visibility,
                sensitive,
            } => {
                if let Some(e) = self.entries.get_mut(entry) {
                    if e.sensitive != *sensitive {
                        if let Some(c) = self.cases.get_mut(&e.case) {
                            c.count_entry(e.agency, e.sensitive);
                        }
                    }
                    e.visibility = *visibility;
                    e.sensitive = *sensitive;
                }
            }
            Event::Consulted { consultation } => {
                self.consultations.push(consultation.clone());
            }
            // The features' own events: their books apply them.
            Event::TemplateRegistered { .. }
            | Event::AssessmentRecorded { .. }
            | Event::AssessmentOverridden { .. }
            | Event::AssessmentReviewed { .. }
            | Event::MeetingScheduled { .. }
            | Event::AttendanceRecorded { .. }
            | Event::DisclosedAtMeeting { .. }
            | Event::AgendaItemAdded { .. }
            | Event::MeetingDecisionRecorded { .. }
            | Event::MeetingActionAgreed { .. }
            | Event::MergeAgreed { .. }
            | Event::PeopleMerged { .. }
            | Event::PeopleUnmerged { .. }
            | Event::TaskSet { .. }
            | Event::TaskAccepted { .. }
            | Event::TaskStarted { .. }
            | Event::TaskAnswered { .. }
            | Event::TaskDeclined { .. }
            | Event::TaskCancelled { .. }
            | Event::TaskReassigned { .. }
            | Event::ReferralMade { .. }
            | Event::ReferralAccepted { .. }
            | Event::ReferralDeclined { .. }
            | Event::ReferralWithdrawn { .. }
            | Event::ReferralOutcomeRecorded { .. }
            | Event::IncidentsImported { .. }
            | Event::RetentionRuleSet { .. }
            | Event::RetentionDecided { .. }
            | Event::ErasureRecorded { .. } => {}
        }
    }

    fn member_agency(&self, member: &TeamMember) -> Option<AgencyId> {
        match member {
            TeamMember::Agency(a) => Some(*a),
            TeamMember::Practitioner(p) => self.practitioners.get(p).map(|p| p.agency),
        }
    }

    /// The first agreement (in id order) active at `at` that binds both agencies and covers
    /// `category`. Deterministic, so explanations and the consultation log are stable.
    pub fn agreement_covering(
        &self,
        owner: AgencyId,
        reader: AgencyId,
        category: InformationCategory,
        at: DateTime<Utc>,
    ) -> Option<AgreementId> {
        let ids = self.index.agreements_by_agency.get(&reader)?;
        ids.iter()
            .filter_map(|id| self.agreements.get(id))
            .filter(|a| a.parties.contains(&owner) && a.is_active_at(at) && a.covers(category))
            .map(|a| a.id)
            .min()
    }

    /// The cases a subject has been linked to.
    pub fn cases_of(&self, subject: Subject) -> impl Iterator<Item = &Case> {
        self.index
            .cases_by_subject
            .get(&subject)
            .into_iter()
            .flatten()
            .filter_map(|id| self.cases.get(id))
    }
}
