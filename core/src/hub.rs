//! The `Hub`: the one facade that ties the journal, the projections and the sharing engine.
//!
//! Every change is a method taking the acting practitioner: the input is validated, turned into
//! a [`Command`](crate::commands) with its ids and time drawn, checked and decided against the
//! current state, appended to the journal in one transaction, and only then applied to the
//! in-memory projections. Every read takes a [`Viewer`] and returns a view the sharing engine
//! has already filtered; reads that return another agency's content are logged.
//!
//! Several `Hub`s may share one SQLite file, in one process or several: before deciding, a writer
//! catches up on events it has not seen, and the journal appends only if nobody appended
//! meanwhile. On a conflict the hub catches up and decides again, up to [`MAX_ATTEMPTS`] times,
//! then reports [`Error::Conflict`]. A decision is never made on stale state.

use crate::agreements::{Agreement, LawfulBasis};
use crate::audit::Consultation;
use crate::cases::{CaseStatus, LinkedSubject, Subject, SubjectRole, TeamMember};
use crate::clock::{Clock, IdSource, RandomIds, SystemClock};
use crate::commands::{decide, Command};
use crate::entries::{CategorySet, Entry, Visibility};
use crate::error::{Error, Result};
use crate::events::codec::{self, decode};
use crate::events::Event;
use crate::groups::Group;
use crate::identifiers::{Identifier, Postcode, Uprn};
use crate::ids::{
    AgencyId, AgreementId, CaseId, EntryId, GroupId, LocationId, PersonId, PractitionerId,
};
use crate::journal::{
    self, ChainCheck, Journal, JournalError, MemoryJournal, NewEvent, StoredEvent,
};
use crate::locations::{Coordinates, Location};
use crate::partnership::{Agency, Practitioner, Role};
use crate::people::Person;
use crate::sharing::{Access, Decision, Engine, Rule};
use crate::state::State;
use crate::validation::{self, MAX_NAME, MAX_SHORT, MAX_TEXT};
use crate::views::{
    AgencyRef, CaseSummary, CaseView, Explanation, GroupView, LocationView, PersonView, ViewBuilder,
};
use crate::{
    ChangeNotice, Established, Integrity, NewAgency, NewAgreement, NewCase, NewEntry, NewGroup,
    NewLocation, NewPerson, NewPractitioner, Target, Viewer,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, MutexGuard};
use uuid::Uuid;

/// How many times a command is decided again after another writer got in first.
pub const MAX_ATTEMPTS: usize = 8;

/// Builds a [`Hub`] with a chosen clock and id source.
pub struct HubBuilder {
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
}

impl Default for HubBuilder {
    fn default() -> Self {
        HubBuilder {
            clock: Arc::new(SystemClock),
            ids: Arc::new(RandomIds),
        }
    }
}

impl HubBuilder {
    /// Uses `clock` for the time of every command and read.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Uses `ids` for every new id.
    pub fn ids(mut self, ids: impl IdSource + 'static) -> Self {
        self.ids = Arc::new(ids);
        self
    }

    /// Opens a hub on any journal, replaying it.
    pub fn journal(self, mut journal: Box<dyn Journal>) -> Result<Hub> {
        let mut chain = ChainCheck::new();
        let mut state = replay(journal.as_ref(), None, &mut chain)?;
        // An erasure interrupted between its tombstone and its redactions is finished now.
        if crate::protection::erasure::complete_pending(journal.as_mut(), &state)? {
            chain = ChainCheck::new();
            state = replay(journal.as_ref(), None, &mut chain)?;
        }
        Ok(Hub {
            inner: Mutex::new(Inner {
                journal,
                state,
                chain,
            }),
            clock: self.clock,
            ids: self.ids,
        })
    }

    /// Opens a hub held in memory only.
    pub fn open_in_memory(self) -> Result<Hub> {
        self.journal(Box::new(MemoryJournal::new()))
    }

    /// Opens (or creates) a hub in a SQLite file. An empty path or `:memory:` (which SQLite
    /// would take as a database that vanishes on close) is [`Error::Invalid`] on `path`.
    #[cfg(feature = "sqlite")]
    pub fn open(self, path: impl AsRef<std::path::Path>) -> Result<Hub> {
        let journal =
            journal::SqliteJournal::open(crate::validation::journal_path(path.as_ref())?)?;
        self.journal(Box::new(journal))
    }

    /// Opens a hub from bytes made by [`Hub::export_journal`], checking the chain.
    pub fn import(self, bytes: &[u8]) -> Result<Hub> {
        let mut journal = MemoryJournal::new();
        journal::import_into(bytes, &mut journal)?;
        self.journal(Box::new(journal))
    }
}

pub(crate) struct Inner {
    pub(crate) journal: Box<dyn Journal>,
    pub(crate) state: State,
    /// Where the chain stands at `state.seq`: every event applied has been checked against it.
    chain: ChainCheck,
}

impl Inner {
    /// Applies whatever other writers appended since this hub last looked, checking each event
    /// against the chain first.
    pub(crate) fn catch_up(&mut self) -> Result<()> {
        let (state, chain) = (&mut self.state, &mut self.chain);
        let result = journal::scan_with(self.journal.as_ref(), state.seq, |stored| {
            chain.accept(&stored)?;
            state.apply_owned(stored.seq, stored.at, decode(&stored)?);
            Ok::<(), Error>(())
        });
        result.map_err(|e| at_position(e, chain))
    }

    /// Applies events this hub has just appended itself.
    fn applied(&mut self, stored: &[StoredEvent], events: Vec<Event>) -> Result<()> {
        for (s, event) in stored.iter().zip(events) {
            self.chain.accept_sealed(s)?;
            self.state.apply_owned(s.seq, s.at, event);
        }
        Ok(())
    }

    /// Rebuilds the projections and the chain check from the whole journal (after an erasure
    /// rewrote stored content).
    pub(crate) fn rebuild(&mut self) -> Result<()> {
        let mut chain = ChainCheck::new();
        self.state = replay(self.journal.as_ref(), None, &mut chain)?;
        self.chain = chain;
        Ok(())
    }

    /// The seq the next append must get.
    fn next_seq(&self) -> u64 {
        self.state.seq.saturating_add(1)
    }
}

/// The multi-agency case management hub.
///
/// `Hub` is `Send + Sync`: share one behind an `Arc` between threads. Calls serialise on an
/// internal lock, so one hub is one writer; open several on one file for several writers.
pub struct Hub {
    inner: Mutex<Inner>,
    pub(crate) clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
}

/// Builds state by replaying the journal, up to and including `until` when given, checking
/// every event against `chain` (the whole chain, even past `until`: a break anywhere means the
/// journal cannot be trusted).
pub(crate) fn replay(
    journal: &dyn Journal,
    until: Option<DateTime<Utc>>,
    chain: &mut ChainCheck,
) -> Result<State> {
    let mut state = State::default();
    let result = journal::scan_with(journal, 0, |stored| {
        chain.accept(&stored)?;
        // Events are appended in time order per writer; a late one from a slower clock is
        // still judged by its own time.
        if until.is_none_or(|t| stored.at <= t) {
            state.apply_owned(stored.seq, stored.at, decode(&stored)?);
        }
        Ok::<(), Error>(())
    });
    result.map_err(|e| at_position(e, chain))?;
    Ok(state)
}

/// Names the damaged event by its position in the chain: a row too malformed to read reports
/// whatever seq it holds (or none), but the event that failed is the one after the last that
/// verified.
fn at_position(e: Error, chain: &ChainCheck) -> Error {
    match e {
        Error::Tampered { reason, .. } => Error::Tampered {
            seq: chain.seq().saturating_add(1),
            reason,
        },
        other => other,
    }
}

impl Hub {
    /// A builder, to choose the clock and id source.
    pub fn builder() -> HubBuilder {
        HubBuilder::default()
    }

    /// Opens a hub held in memory, with the system clock and random ids.
    pub fn open_in_memory() -> Result<Hub> {
        HubBuilder::default().open_in_memory()
    }

    /// Opens (or creates) a hub in a SQLite file, with the system clock and random ids.
    #[cfg(feature = "sqlite")]
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Hub> {
        HubBuilder::default().open(path)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic cannot happen while the lock is held (library code does not panic), and the
        // state is only changed after a successful append, so a poisoned lock is still sound.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn id(&self) -> Uuid {
        self.ids.next_id()
    }

    /// Decides and records a command, retrying on a conflicting append.
    pub(crate) fn execute(&self, actor: PractitionerId, cmd: Command) -> Result<()> {
        self.execute_with(actor, |_, _| Ok(cmd.clone()), |_| ())
            .map(drop)
    }

    /// [`execute`](Self::execute) for a command made under the lock from the caught-up state
    /// and journal of each attempt, at the attempt's time. Returns the events recorded with the
    /// lock still held, so work that must follow the append (erasure's redactions) sees no
    /// other writer first, and what `summary` takes from the events recorded.
    pub(crate) fn execute_with<R>(
        &self,
        actor: PractitionerId,
        mut make: impl FnMut(&Inner, DateTime<Utc>) -> Result<Command>,
        summary: impl Fn(&[Event]) -> R,
    ) -> Result<(MutexGuard<'_, Inner>, R)> {
        let mut inner = self.lock();
        for _ in 0..MAX_ATTEMPTS {
            inner.catch_up()?;
            let at = self.clock.now();
            let cmd = make(&inner, at)?;
            let events = decide(&inner.state, actor, at, cmd)?;
            let next = inner.next_seq();
            let mut batch = Vec::with_capacity(events.len());
            for event in &events {
                batch.push(NewEvent {
                    id: self.id(),
                    at,
                    actor: actor.0,
                    kind: event.kind().to_owned(),
                    content: codec::encode(event)?,
                });
            }
            match inner.journal.append(next, batch) {
                Ok(stored) => {
                    let kept = summary(&events);
                    inner.applied(&stored, events)?;
                    return Ok((inner, kept));
                }
                Err(JournalError::Conflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Conflict)
    }

    /// Runs a read for `viewer`, then records the consultation if other agencies' content was
    /// returned. If the log cannot be written, the read fails: nothing is disclosed unlogged.
    pub(crate) fn read<T>(
        &self,
        viewer: &Viewer,
        f: impl FnOnce(&mut ViewBuilder<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let justification =
            validation::optional_line("justification", Some(&viewer.justification), MAX_SHORT)?
                .unwrap_or_default();
        let mut inner = self.lock();
        inner.catch_up()?;
        let now = self.clock.now();
        let (past, at) = viewer_state(&inner, viewer, now)?;
        let state = past.as_ref().unwrap_or(&inner.state);
        let (out, items, agency) = {
            // The viewer may not have existed at an as-of time: then they saw nothing then.
            let Some(engine) = Engine::new(state, viewer.practitioner, at) else {
                return Err(Error::not_found("record"));
            };
            let mut builder = ViewBuilder::new(&engine);
            let out = f(&mut builder)?;
            (out, Vec::from_iter(builder.disclosures.0), engine.agency())
        };
        if !items.is_empty() {
            let consultation = Consultation {
                viewer: viewer.practitioner,
                viewer_agency: agency,
                at: now,
                as_of: viewer.as_of,
                justification,
                items,
            };
            drop(inner);
            self.log(viewer.practitioner, consultation)?;
        }
        Ok(out)
    }

    fn log(&self, viewer: PractitionerId, consultation: Consultation) -> Result<()> {
        let mut inner = self.lock();
        let event = Event::Consulted { consultation };
        let content = codec::encode(&event)?;
        for _ in 0..MAX_ATTEMPTS {
            inner.catch_up()?;
            let batch = vec![NewEvent {
                id: self.id(),
                at: self.clock.now(),
                actor: viewer.0,
                kind: event.kind().to_owned(),
                content: content.clone(),
            }];
            let next = inner.next_seq();
            match inner.journal.append(next, batch) {
                Ok(stored) => return inner.applied(&stored, vec![event]),
                Err(JournalError::Conflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(Error::Conflict)
    }

    /// The partnership's calendar, as last applied.
    pub(crate) fn calendar(&self) -> crate::calendar::Calendar {
        self.lock().state.calendar
    }

    // ---- the partnership -------------------------------------------------------------------

    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    /// Only on an empty hub.
    pub fn establish(
        &self,
        name: &str,
        agency: NewAgency,
        admin_name: &str,
    ) -> Result<Established> {
        let name = validation::line("name", name, MAX_NAME)?;
        let agency = self.new_agency(agency)?;
        let admin = Practitioner {
            id: PractitionerId(self.id()),
            agency: agency.id,
            name: validation::line("admin_name", admin_name, MAX_NAME)?,
            role: Role::PartnershipAdmin,
            external_id: None,
            active: true,
        };
        let established = Established {
            agency: agency.id,
            admin: admin.id,
        };
        self.execute(
            admin.id,
            Command::EstablishPartnership {
                name,
                agency,
                admin,
            },
        )?;
        Ok(established)
    }

    /// Sets the partnership's time zone, an IANA name such as "Europe/London" (the default):
    /// every calendar rule (due today, the briefing's day, monthly windows, review dates) counts
    /// days in it (partnership admins). To set a hub up in another zone, call it straight after
    /// [`Hub::establish`]. An unknown name is `Error::Invalid` on field `time_zone`.
    pub fn set_time_zone(&self, actor: PractitionerId, time_zone: &str) -> Result<()> {
        let calendar = crate::calendar::Calendar::named(time_zone)?;
        self.execute(actor, Command::SetTimeZone(calendar))
    }

    /// The partnership's time zone, as an IANA name.
    pub fn time_zone(&self) -> Result<String> {
        let mut inner = self.lock();
        inner.catch_up()?;
        Ok(inner.state.calendar.name().to_owned())
    }

    fn new_agency(&self, agency: NewAgency) -> Result<Agency> {
        Ok(Agency {
            id: AgencyId(self.id()),
            name: validation::line("name", &agency.name, MAX_NAME)?,
            kind: agency.kind,
            joined: self.clock.now(),
            left: None,
        })
    }

    /// Adds an agency to the partnership (partnership admins).
    pub fn add_agency(&self, actor: PractitionerId, agency: NewAgency) -> Result<AgencyId> {
        let agency = self.new_agency(agency)?;
        let id = agency.id;
        self.execute(actor, Command::AddAgency(agency))?;
        Ok(id)
    }

    /// An agency leaves the partnership: its practitioners lose access from now on; what it
    /// recorded stays (partnership admins).
    pub fn agency_leaves(&self, actor: PractitionerId, agency: AgencyId) -> Result<()> {
        self.execute(actor, Command::AgencyLeaves(agency))
    }

    /// Registers a practitioner (partnership admins, or the agency's own admin).
    pub fn register_practitioner(
        &self,
        actor: PractitionerId,
        p: NewPractitioner,
    ) -> Result<PractitionerId> {
        let practitioner = Practitioner {
            id: PractitionerId(self.id()),
            agency: p.agency,
            name: validation::line("name", &p.name, MAX_NAME)?,
            role: p.role,
            external_id: validation::optional_line(
                "external_id",
                p.external_id.as_deref(),
                MAX_SHORT,
            )?,
            active: true,
        };
        let id = practitioner.id;
        self.execute(actor, Command::RegisterPractitioner(practitioner))?;
        Ok(id)
    }

    /// Changes a practitioner's role.
    pub fn change_role(
        &self,
        actor: PractitionerId,
        practitioner: PractitionerId,
        role: Role,
    ) -> Result<()> {
        self.execute(actor, Command::ChangeRole { practitioner, role })
    }

    /// Closes a practitioner's account: they can no longer act or read.
    pub fn deactivate_practitioner(
        &self,
        actor: PractitionerId,
        practitioner: PractitionerId,
    ) -> Result<()> {
        self.execute(actor, Command::DeactivatePractitioner(practitioner))
    }

    /// Signs an information sharing agreement (partnership admins).
    pub fn sign_agreement(&self, actor: PractitionerId, a: NewAgreement) -> Result<AgreementId> {
        validation::list("parties", &a.parties)?;
        validation::list("purposes", &a.purposes)?;
        validation::list("categories", &a.categories)?;
        let parties: BTreeSet<AgencyId> = a.parties.iter().copied().collect();
        if parties.len() < 2 {
            return Err(Error::invalid("parties", "at least two distinct agencies"));
        }
        if a.categories.is_empty() {
            return Err(Error::invalid("categories", "at least one category"));
        }
        if a.ends.is_some_and(|end| end <= a.starts) {
            return Err(Error::invalid("ends", "must be after the start"));
        }
        let lawful_basis = match a.lawful_basis {
            LawfulBasis::Other(text) => {
                LawfulBasis::Other(validation::line("lawful_basis", &text, MAX_SHORT)?)
            }
            basis => basis,
        };
        let agreement = Agreement {
            id: AgreementId(self.id()),
            title: validation::line("title", &a.title, MAX_NAME)?,
            parties,
            purposes: a
                .purposes
                .iter()
                .map(|p| validation::line("purposes", p, MAX_SHORT))
                .collect::<Result<_>>()?,
            lawful_basis,
            categories: a.categories.iter().copied().collect::<CategorySet>(),
            special_category: a.special_category,
            starts: crate::clock::truncate_to_micros(a.starts),
            ends: a.ends.map(crate::clock::truncate_to_micros),
        };
        let id = agreement.id;
        self.execute(actor, Command::SignAgreement(agreement))?;
        Ok(id)
    }

    /// Ends an agreement at `ends` (not in the past): sharing under it stops then; what was
    /// shared before stays on record and in as-of reads.
    pub fn end_agreement(
        &self,
        actor: PractitionerId,
        agreement: AgreementId,
        ends: DateTime<Utc>,
    ) -> Result<()> {
        let ends = crate::clock::truncate_to_micros(ends);
        self.execute(actor, Command::EndAgreement { agreement, ends })
    }

    // ---- people, places, groups -------------------------------------------------------------

    /// Records a person profile, owned by the actor's agency.
    pub fn record_person(&self, actor: PractitionerId, p: NewPerson) -> Result<PersonId> {
        validation::list("aliases", &p.aliases)?;
        validation::list("identifiers", &p.identifiers)?;
        validation::list("flags", &p.flags)?;
        let now = self.clock.now();
        // The partnership's date: a baby born today is valid, and PNC references are checked
        // against this year.
        let today = self.calendar().date(now);
        if let Some(dob) = p.date_of_birth {
            let earliest = NaiveDate::from_ymd_opt(1890, 1, 1);
            if dob > today || earliest.is_some_and(|e| dob < e) {
                return Err(Error::invalid("date_of_birth", "a past date after 1890"));
            }
        }
        let year = today.year();
        let mut identifiers = p
            .identifiers
            .iter()
            .map(|(kind, raw)| Identifier::parse(*kind, raw, year))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        identifiers.sort();
        identifiers.dedup();
        let recorded_by = self.agency_of(actor)?;
        let person = Person {
            id: PersonId(self.id()),
            name: validation::line("name", &p.name, MAX_NAME)?,
            aliases: p
                .aliases
                .iter()
                .map(|a| validation::line("aliases", a, MAX_NAME))
                .collect::<Result<_>>()?,
            date_of_birth: p.date_of_birth,
            identifiers,
            flags: p.flags.into_iter().collect(),
            restricted: p.restricted,
            recorded_by,
            recorded_at: now,
        };
        let id = person.id;
        self.execute(actor, Command::RecordPerson(person))?;
        Ok(id)
    }

    /// Records a location profile, owned by the actor's agency.
    pub fn record_location(&self, actor: PractitionerId, l: NewLocation) -> Result<LocationId> {
        let location = Location {
            id: LocationId(self.id()),
            label: validation::line("label", &l.label, MAX_NAME)?,
            address: validation::optional_line("address", l.address.as_deref(), MAX_SHORT)?,
            postcode: l.postcode.as_deref().map(Postcode::parse).transpose()?,
            uprn: l.uprn.as_deref().map(Uprn::parse).transpose()?,
            coordinates: l
                .coordinates
                .map(|(lat, lon)| Coordinates::new(lat, lon))
                .transpose()?,
            restricted: l.restricted,
            recorded_by: self.agency_of(actor)?,
            recorded_at: self.clock.now(),
        };
        let id = location.id;
        self.execute(actor, Command::RecordLocation(location))?;
        Ok(id)
    }

    /// Forms a group of people the actor can see.
    pub fn form_group(&self, actor: PractitionerId, g: NewGroup) -> Result<GroupId> {
        validation::list("members", &g.members)?;
        let group = Group {
            id: GroupId(self.id()),
            name: validation::line("name", &g.name, MAX_NAME)?,
            kind: g.kind,
            members: g.members.into_iter().collect(),
            recorded_by: self.agency_of(actor)?,
            recorded_at: self.clock.now(),
        };
        let id = group.id;
        self.execute(actor, Command::FormGroup(group))?;
        Ok(id)
    }

    fn agency_of(&self, actor: PractitionerId) -> Result<AgencyId> {
        self.lock()
            .state
            .practitioners
            .get(&actor)
            .map(|p| p.agency)
            .ok_or(Error::forbidden("act", "unknown or inactive practitioner"))
    }

    // ---- cases ------------------------------------------------------------------------------

    /// Opens a case led by the actor's agency.
    pub fn open_case(&self, actor: PractitionerId, c: NewCase) -> Result<CaseId> {
        validation::list("team", &c.team)?;
        let case = CaseId(self.id());
        self.execute(
            actor,
            Command::OpenCase {
                case,
                case_type: c.case_type,
                title: validation::line("title", &c.title, MAX_NAME)?,
                lead_practitioner: c.lead_practitioner,
                team: c.team,
            },
        )?;
        Ok(case)
    }

    /// Adds an agency or practitioner to a case team (the lead practitioner or a lead agency
    /// supervisor; an agreement must cover the case type with the joining agency).
    pub fn add_team_member(
        &self,
        actor: PractitionerId,
        case: CaseId,
        member: TeamMember,
    ) -> Result<()> {
        self.execute(actor, Command::AddTeamMember { case, member })
    }

    /// Removes an agency or practitioner from a case team.
    pub fn remove_team_member(
        &self,
        actor: PractitionerId,
        case: CaseId,
        member: TeamMember,
    ) -> Result<()> {
        self.execute(actor, Command::RemoveTeamMember { case, member })
    }

    /// Links a person, location or group to a case in a role.
    pub fn link_subject(
        &self,
        actor: PractitionerId,
        case: CaseId,
        subject: Subject,
        role: SubjectRole,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::LinkSubject {
                case,
                subject: LinkedSubject { subject, role },
            },
        )
    }

    /// Unlinks a subject from a case.
    pub fn unlink_subject(
        &self,
        actor: PractitionerId,
        case: CaseId,
        subject: Subject,
        role: SubjectRole,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::UnlinkSubject {
                case,
                subject: LinkedSubject { subject, role },
            },
        )
    }

    /// Moves a case to another status (the lead agency's case workers).
    pub fn change_case_status(
        &self,
        actor: PractitionerId,
        case: CaseId,
        status: CaseStatus,
    ) -> Result<()> {
        self.execute(actor, Command::ChangeCaseStatus { case, status })
    }

    /// Writes an entry on a case the actor works.
    pub fn add_entry(&self, actor: PractitionerId, case: CaseId, e: NewEntry) -> Result<EntryId> {
        let entry = Entry {
            id: EntryId(self.id()),
            case,
            author: actor,
            agency: self.agency_of(actor)?,
            at: self.clock.now(),
            kind: e.kind,
            category: e.category,
            visibility: e.visibility,
            sensitive: e.sensitive,
            show_author: e.show_author,
            text: validation::text("text", &e.text, MAX_TEXT)?,
        };
        let id = entry.id;
        self.execute(actor, Command::AddEntry(entry))?;
        Ok(id)
    }

    /// Changes who may see an entry (its author, or a supervisor of the author's agency). The
    /// change is an audited event.
    pub fn change_entry_visibility(
        &self,
        actor: PractitionerId,
        entry: EntryId,
        visibility: Visibility,
        sensitive: bool,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::ChangeEntryVisibility {
                entry,
                visibility,
                sensitive,
            },
        )
    }

    // ---- reads ------------------------------------------------------------------------------

    /// A case as the viewer may see it: in full with each entry decided, or as a stub.
    pub fn case(&self, viewer: &Viewer, id: CaseId) -> Result<CaseView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .cases
                .get(&id)
                .and_then(|c| b.case(c))
                .ok_or(Error::not_found("case"))
        })
    }

    /// The cases the viewer may read in full, most recently opened first.
    pub fn cases(&self, viewer: &Viewer) -> Result<Vec<CaseSummary>> {
        self.read(viewer, |b| {
            let state = b.engine.state;
            let mut cases: Vec<_> = state.cases.values().collect();
            cases.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then(a.id.cmp(&b.id)));
            Ok(cases
                .into_iter()
                .filter_map(|c| b.case_summary(c))
                .collect())
        })
    }

    /// A person as the viewer may see them.
    pub fn person(&self, viewer: &Viewer, id: PersonId) -> Result<PersonView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .persons
                .get(&id)
                .and_then(|p| b.person(p))
                .ok_or(Error::not_found("person"))
        })
    }

    /// A location as the viewer may see it.
    pub fn location(&self, viewer: &Viewer, id: LocationId) -> Result<LocationView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .locations
                .get(&id)
                .and_then(|l| b.location(l))
                .ok_or(Error::not_found("location"))
        })
    }

    /// A group as the viewer may see it.
    pub fn group(&self, viewer: &Viewer, id: GroupId) -> Result<GroupView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .groups
                .get(&id)
                .and_then(|g| b.group(g))
                .ok_or(Error::not_found("group"))
        })
    }

    /// People whose name matches `query` (case-insensitive, any part), and, among those the
    /// viewer may read in full, whose aliases or identifiers match. A hit is only ever made on
    /// what the viewer may see, so a search cannot confirm a withheld identifier. Results are
    /// full views or stubs saying whom to ask; restricted profiles never appear.
    pub fn search_people(&self, viewer: &Viewer, query: &str) -> Result<Vec<PersonView>> {
        let needle = normalise(&validation::line("query", query, MAX_NAME)?);
        let compact: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        let detail = |person: &Person| {
            person
                .aliases
                .iter()
                .any(|a| normalise(a).contains(&needle))
                || person
                    .identifiers
                    .iter()
                    .any(|i| i.value().eq_ignore_ascii_case(&compact))
        };
        self.read(viewer, |b| {
            let state = b.engine.state;
            // Candidates without a sharing decision: names through the index of normalised
            // names (no allocation per profile), and the few profiles with aliases or
            // identifiers. The decision is taken for candidates only, in profile order.
            let mut candidates: BTreeSet<PersonId> = state.incidents.named_like(&needle).collect();
            candidates.extend(
                state
                    .persons
                    .values()
                    .filter(|p| !(p.aliases.is_empty() && p.identifiers.is_empty()) && detail(p))
                    .map(|p| p.id),
            );
            let mut hits = Vec::new();
            for person in candidates.iter().filter_map(|id| state.persons.get(id)) {
                let by_name = normalise(&person.name).contains(&needle);
                // Aliases and identifiers match only where the viewer may read them.
                if by_name || (b.engine.person(person).access == Access::Full && detail(person)) {
                    hits.extend(b.person(person));
                }
            }
            Ok(hits)
        })
    }

    /// Locations whose label matches `query`, and, among those the viewer may read in full,
    /// whose address, postcode or UPRN matches.
    pub fn search_locations(&self, viewer: &Viewer, query: &str) -> Result<Vec<LocationView>> {
        let needle = normalise(&validation::line("query", query, MAX_NAME)?);
        let compact: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        self.read(viewer, |b| {
            let mut hits = Vec::new();
            for location in b.engine.state.locations.values() {
                let d = b.engine.location(location);
                let by_label = normalise(&location.label).contains(&needle);
                let by_detail = d.access == Access::Full
                    && (location
                        .address
                        .as_deref()
                        .is_some_and(|a| normalise(a).contains(&needle))
                        || location.postcode.as_ref().is_some_and(|p| {
                            p.as_str().replace(' ', "").eq_ignore_ascii_case(&compact)
                        })
                        || location
                            .uprn
                            .is_some_and(|u| u.get().to_string() == compact));
                if by_label || by_detail {
                    hits.extend(b.location(location));
                }
            }
            Ok(hits)
        })
    }

    /// Why the viewer sees what they see of one thing. Where the viewer may not know the thing
    /// exists, the answer is the same as for a thing that does not exist.
    pub fn explain(&self, viewer: &Viewer, target: Target) -> Result<Explanation> {
        let decision = self
            .explain_all(viewer, &[target])?
            .into_iter()
            .next()
            .unwrap_or(WITHHELD);
        Ok(Explanation {
            reason: decision.rule.describe(),
            decision,
        })
    }

    /// The sharing decision for each target, in order: one lock and one engine for the lot, for
    /// hosts that decide on many things at once. A target the viewer may not know of gets the
    /// same answer as one that does not exist.
    pub fn explain_all(&self, viewer: &Viewer, targets: &[Target]) -> Result<Vec<Decision>> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let now = self.clock.now();
        let (past, at) = viewer_state(&inner, viewer, now)?;
        let state = past.as_ref().unwrap_or(&inner.state);
        let Some(engine) = Engine::new(state, viewer.practitioner, at) else {
            return Ok(vec![WITHHELD; targets.len()]);
        };
        Ok(targets
            .iter()
            .map(|target| {
                let decision = match *target {
                    Target::Case(id) => state.cases.get(&id).map(|c| engine.case(c)),
                    Target::Entry(id) => state.entries.get(&id).map(|e| engine.entry(e)),
                    Target::Person(id) => state.persons.get(&id).map(|p| engine.person(p)),
                    Target::Location(id) => state.locations.get(&id).map(|l| engine.location(l)),
                    Target::Group(id) => state.groups.get(&id).map(|g| engine.group(g)),
                };
                match decision {
                    Some(d) if d.access != Access::Nothing => d,
                    _ => WITHHELD,
                }
            })
            .collect())
    }

    /// Who consulted the viewer's agency's information, between `from` and `to` (agency admins
    /// and supervisors of the owning agency). Each consultation lists only the items the agency
    /// owns.
    pub fn consultations(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Consultation>> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let now = self.clock.now();
        let state = &inner.state;
        let Some(engine) = Engine::new(state, viewer.practitioner, now).filter(|e| e.is_member())
        else {
            return Err(Error::forbidden("read", "unknown or inactive practitioner"));
        };
        if !engine.viewer.role.is_supervisor() {
            return Err(Error::forbidden(
                "consultations",
                "needs a supervisor or agency admin role",
            ));
        }
        let agency = engine.agency();
        Ok(state
            .consultations
            .iter()
            .filter(|c| c.at >= from && c.at < to)
            .filter_map(|c| {
                let items = c.items_of(agency);
                (!items.is_empty()).then(|| Consultation { items, ..c.clone() })
            })
            .collect())
    }

    /// The partnership's agencies: a directory, not content.
    pub fn agencies(&self) -> Vec<AgencyRef> {
        let inner = self.lock();
        inner
            .state
            .agencies
            .values()
            .map(|a| AgencyRef {
                id: a.id,
                name: a.name.clone(),
                kind: a.kind,
            })
            .collect()
    }

    /// The practitioner a host system's user id maps to.
    pub fn practitioner_by_external_id(&self, external_id: &str) -> Option<PractitionerId> {
        let mut inner = self.lock();
        // A read of the directory: a failed catch-up only means a slightly older answer.
        let _ = inner.catch_up();
        inner.state.index.by_external_id.get(external_id).copied()
    }

    // ---- the journal ------------------------------------------------------------------------

    /// The change feed: what happened after `after`, at most `limit` events, as notices without
    /// content, so a host knows what to refresh.
    /// A `limit` above [`MAX_PAGE`](validation::MAX_PAGE) is cut to it, so one call cannot
    /// load the whole journal into memory.
    pub fn changes_since(&self, after: u64, limit: usize) -> Result<Vec<ChangeNotice>> {
        let inner = self.lock();
        Ok(inner
            .journal
            .events_since(after, limit.min(validation::MAX_PAGE))?
            .into_iter()
            .map(|e| ChangeNotice {
                seq: e.seq,
                at: e.at,
                kind: e.kind,
            })
            .collect())
    }

    /// The sequence number of the last event this hub has applied.
    pub fn seq(&self) -> u64 {
        self.lock().state.seq
    }

    /// Checks the whole hash chain of the journal, and that every redacted event is named by
    /// an erasure tombstone appended after it (the chain alone cannot tell an erasure from
    /// content swapped under a forged redacted flag).
    pub fn verify(&self) -> Result<Integrity> {
        let inner = self.lock();
        let v = journal::verify(inner.journal.as_ref())?;
        let (first_bad, reason) = match v.first_bad {
            Some(b) => (Some(b.seq), Some(b.reason.to_string())),
            None => {
                match crate::protection::erasure::unauthorised_redaction(inner.journal.as_ref())? {
                    Some(seq) => (
                        Some(seq),
                        Some("event is redacted but no erasure event names it".to_string()),
                    ),
                    None => (None, None),
                }
            }
        };
        Ok(Integrity {
            events_checked: v.events_checked,
            first_bad,
            reason,
        })
    }

    /// The whole journal as bytes, for a host to persist (IndexedDB, a server) or to replicate.
    /// It carries every agency's content: it is a backup, not a view, so only partnership admins
    /// may take it.
    pub fn export_journal(&self, actor: PractitionerId) -> Result<Vec<u8>> {
        let inner = self.lock();
        let admin = inner
            .state
            .practitioners
            .get(&actor)
            .is_some_and(|p| p.active && p.role == Role::PartnershipAdmin);
        if !admin {
            return Err(Error::forbidden(
                "export_journal",
                "needs the partnership admin role",
            ));
        }
        Ok(journal::export(inner.journal.as_ref())?)
    }

    /// A SHA-256 digest of the projected state after catching up with the journal: two hubs on
    /// the same journal, or replicas of it, agree.
    pub fn state_digest(&self) -> Result<String> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let bytes = serde_json::to_vec(&inner.state)
            .map_err(|_| Error::Storage("state could not be encoded".into()))?;
        Ok(hex::encode(Sha256::digest(bytes)))
    }
}

/// Checks the viewer may read now (an agency that left, or a closed account, reads nothing, not
/// even the past), and replays the journal when the viewer reads as of a past time: the state to
/// read (`None`: the current one) and the time the rules are judged at.
///
/// An `as_of` after now is refused. The rules of a future day (an agreement signed to start next
/// week) are not in force yet, so nothing may be shared under them; and the hub knows nothing of
/// the future that it does not know now, so there is no other answer to give. The refusal is the
/// same whatever exists, and nothing is read, so nothing is logged.
fn viewer_state(
    inner: &Inner,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<(Option<State>, DateTime<Utc>)> {
    if viewer.as_of.is_some_and(|t| t > now) {
        return Err(Error::invalid("as_of", "must not be after now"));
    }
    let allowed =
        Engine::new(&inner.state, viewer.practitioner, now).is_some_and(|e| e.is_member());
    if !allowed {
        return Err(Error::forbidden("read", "unknown or inactive practitioner"));
    }
    match viewer.as_of {
        Some(t) => Ok((
            Some(replay(
                inner.journal.as_ref(),
                Some(t),
                &mut ChainCheck::new(),
            )?),
            t,
        )),
        None => Ok((None, now)),
    }
}

/// The public answer for anything the viewer may not know exists: one uniform decision, so the
/// rule that withheld it (a sensitive entry, a restricted profile) does not leak.
const WITHHELD: Decision = Decision {
    access: Access::Nothing,
    rule: Rule::Withheld,
};

/// Lowercases and folds runs of white space, for matching names typed in different ways.
pub(crate) fn normalise(text: &str) -> String {
    // One allocation for the usual ASCII name: imports and searches call this for every row and
    // every profile.
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            // `str::to_lowercase` knows a word-final capital sigma; `char`'s does not.
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalise_folds_case_and_white_space_in_any_script() {
        assert_eq!(normalise("  Mary\t ANN  Smith\n"), "mary ann smith");
        assert_eq!(normalise("ÓSCAR  Núñez"), "óscar núñez");
        assert_eq!(normalise("ΟΔΥΣΣΕΥΣ"), "οδυσσευς", "a word-final sigma");
        assert_eq!(normalise(" \t "), "");
    }
}
