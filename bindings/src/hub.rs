//! The `Hub` object: one per open hub, shared freely between threads. Its methods are the core's,
//! one for one, taking and returning the core's own types; this file holds the constructors, the
//! partnership, people, cases, reads and the journal, and the domain files add theirs.

use crate::error::Result;
use crate::records::{NewLocation, NewPerson};
use safehub::ffi::Timestamp;
use safehub::views::{AgencyRef, CaseSummary, Explanation};
use safehub::views::{CaseView, GroupView, LocationView, PersonView};
use safehub::{
    AgencyId, AgreementId, AmendmentView, CaseId, CaseLink, CaseOutcome, CaseStatus, ChangeNotice,
    Consultation, Decision, Edit, EntryId, Established, GroupId, IncidentId, Integrity, LocationId,
    NewAgency, NewAgreement, NewCase, NewEntry, NewGroup, NewLead, NewPractitioner, PersonId,
    PractitionerId, Role, Subject, SubjectRole, Target, TeamMember, Viewer, Visibility,
};
use safehub::{CheckedPerson, DuplicateCandidate, DuplicatePair, MergeRequest};
use safehub::{FactId, NewFact, NewFactValue};
use std::sync::Arc;

/// A safehub hub: the journal, the projections and the sharing engine behind one object. It is
/// `Send + Sync`: share one per database between threads; calls serialise on the hub's lock.
#[derive(uniffi::Object)]
pub struct Hub {
    pub(crate) core: safehub::Hub,
}

/// Declares `Hub` methods that forward to the core's, from a table that names the core's hub
/// (`core =>`) and then lists `/// doc` `fn name(args) -> Return = body;`, where `body` calls
/// it. The doc comments reach the generated Python and Kotlin.
macro_rules! forward {
    ($core:ident => $($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = $body:expr;)+) => {
        #[uniffi::export]
        impl Hub {
            $(
                $(#[$doc])*
                pub fn $name(&self, $($arg: $ty),*) -> $ret {
                    let $core = &self.core;
                    $body
                }
            )+
        }
    };
}
pub(crate) use forward;

#[uniffi::export]
impl Hub {
    /// Opens (or creates) a hub in a SQLite file, with the system clock and random ids.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Hub {
            core: safehub::Hub::open(path)?,
        }))
    }

    /// Opens (or creates) a hub in a PostgreSQL database that several hosts share, each with its
    /// own hub, with the system clock and random ids: `conninfo` is `host=... dbname=...` or a
    /// `postgres://` URL; one database holds one hub. Fails with `Unavailable` when the server
    /// cannot be reached (see `docs/DEPLOYMENT.md`).
    #[uniffi::constructor]
    pub fn open_postgres(conninfo: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Hub {
            core: safehub::Hub::open_postgres(&conninfo)?,
        }))
    }

    /// Opens a hub held in memory only.
    #[uniffi::constructor]
    pub fn open_in_memory() -> Result<Arc<Self>> {
        Ok(Arc::new(Hub {
            core: safehub::Hub::open_in_memory()?,
        }))
    }

    /// Opens an in-memory hub from bytes made by [`Hub::export_journal`], checking the chain.
    #[uniffi::constructor]
    pub fn import_journal(bytes: Vec<u8>) -> Result<Arc<Self>> {
        Ok(Arc::new(Hub {
            core: safehub::Hub::builder().import(&bytes)?,
        }))
    }
}

forward! {
    core =>
    // ---- the partnership -------------------------------------------------------------------

    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    fn establish(name: String, agency: NewAgency, admin_name: String) -> Result<Established> =
        Ok(core.establish(&name, agency, &admin_name)?);
    /// Sets the partnership's time zone, an IANA name such as "Europe/London" (the default), in
    /// which every calendar rule counts its days (partnership admins).
    fn set_time_zone(actor: PractitionerId, time_zone: String) -> Result<()> =
        Ok(core.set_time_zone(actor, &time_zone)?);
    /// The partnership's time zone, as an IANA name.
    fn time_zone() -> Result<String> = Ok(core.time_zone()?);
    /// Adds an agency to the partnership (partnership admins); returns its id.
    fn add_agency(actor: PractitionerId, agency: NewAgency) -> Result<AgencyId> =
        Ok(core.add_agency(actor, agency)?);
    /// An agency leaves the partnership (partnership admins).
    fn agency_leaves(actor: PractitionerId, agency: AgencyId) -> Result<()> =
        Ok(core.agency_leaves(actor, agency)?);
    /// Registers a practitioner; returns their id.
    fn register_practitioner(actor: PractitionerId, p: NewPractitioner) -> Result<PractitionerId> =
        Ok(core.register_practitioner(actor, p)?);
    /// Changes a practitioner's role.
    fn change_role(actor: PractitionerId, practitioner: PractitionerId, role: Role) -> Result<()> =
        Ok(core.change_role(actor, practitioner, role)?);
    /// Closes a practitioner's account.
    fn deactivate_practitioner(actor: PractitionerId, practitioner: PractitionerId) -> Result<()> =
        Ok(core.deactivate_practitioner(actor, practitioner)?);
    /// Signs an information sharing agreement (partnership admins); returns its id.
    fn sign_agreement(actor: PractitionerId, agreement: NewAgreement) -> Result<AgreementId> =
        Ok(core.sign_agreement(actor, agreement)?);
    /// Ends an agreement at `ends` (not in the past).
    fn end_agreement(actor: PractitionerId, agreement: AgreementId, ends: Timestamp) -> Result<()> =
        Ok(core.end_agreement(actor, agreement, ends)?);
    /// The partnership's agencies: a directory, not content.
    fn agencies() -> Vec<AgencyRef> = core.agencies();
    /// The id of the practitioner a host system's user id maps to.
    fn practitioner_by_external_id(external_id: String) -> Option<PractitionerId> =
        core.practitioner_by_external_id(&external_id);

    // ---- people, places, groups -------------------------------------------------------------

    /// Records a person profile, owned by the actor's agency; returns its id.
    fn record_person(actor: PractitionerId, person: NewPerson) -> Result<PersonId> =
        Ok(core.record_person(actor, person.into())?);
    /// Records a person profile, owned by the actor's agency; returns its id and the existing
    /// profiles it may duplicate, as the actor may see them.
    fn record_person_checked(actor: PractitionerId, person: NewPerson) -> Result<CheckedPerson> =
        Ok(core.record_person_checked(actor, person.into())?);
    /// Records a location profile, owned by the actor's agency; returns its id.
    fn record_location(actor: PractitionerId, location: NewLocation) -> Result<LocationId> =
        Ok(core.record_location(actor, location.into())?);
    /// Forms a group of people the actor can see; returns its id.
    fn form_group(actor: PractitionerId, group: NewGroup) -> Result<GroupId> =
        Ok(core.form_group(actor, group)?);
    /// Amends a person, location or group the actor's agency recorded: every edit, with one
    /// reason, or none.
    fn amend(actor: PractitionerId, record: Subject, edits: Vec<Edit>, reason: String)
        -> Result<()> = Ok(core.amend(actor, record, edits, &reason)?);
    /// Adds a fact the actor's agency holds about a person (an address, a phone number, an
    /// identifier...), shared as it says; returns its id.
    fn add_fact(actor: PractitionerId, person: PersonId, fact: NewFact, reason: String)
        -> Result<FactId> = Ok(core.add_fact(actor, person, fact, &reason)?);
    /// Corrects what a fact of the actor's agency says (the same kind of fact).
    fn correct_fact(actor: PractitionerId, person: PersonId, fact: FactId, to: NewFactValue,
        reason: String) -> Result<()> = Ok(core.correct_fact(actor, person, fact, to, &reason)?);
    /// Withdraws a fact of the actor's agency.
    fn withdraw_fact(actor: PractitionerId, person: PersonId, fact: FactId, reason: String)
        -> Result<()> = Ok(core.withdraw_fact(actor, person, fact, &reason)?);
    /// A record's amendments, oldest first, as far as the viewer may see them.
    fn history(viewer: Viewer, record: Subject) -> Result<Vec<AmendmentView>> =
        Ok(core.history(&viewer, record)?);
    /// Agrees, for the actor's agency, that `absorbed` is the same person as `survivor`;
    /// returns whether they are merged now (every agency that recorded one of them agreed).
    fn agree_merge(actor: PractitionerId, survivor: PersonId, absorbed: PersonId, reason: String)
        -> Result<bool> = Ok(core.agree_merge(actor, survivor, absorbed, &reason)?);
    /// Undoes the merge of `absorbed` into its survivor: two people again, exactly as before.
    fn unmerge(actor: PractitionerId, absorbed: PersonId, reason: String) -> Result<()> =
        Ok(core.unmerge(actor, absorbed, &reason)?);
    /// The profiles of the person `person` is a profile of, survivor first, each as the viewer
    /// may see it; the ones the viewer may not know of are left out.
    fn merged_profiles(viewer: Viewer, person: PersonId) -> Result<Vec<PersonView>> =
        Ok(core.merged_profiles(&viewer, person)?);
    /// The merges awaiting agreement that concern the viewer's agency, oldest first.
    fn merge_requests(viewer: Viewer) -> Result<Vec<MergeRequest>> =
        Ok(core.merge_requests(&viewer)?);

    // ---- cases ------------------------------------------------------------------------------

    /// Opens a case led by the actor's agency; returns its id.
    fn open_case(actor: PractitionerId, case: NewCase) -> Result<CaseId> =
        Ok(core.open_case(actor, case)?);
    /// Adds an agency or practitioner to a case team.
    fn add_team_member(actor: PractitionerId, case: CaseId, member: TeamMember) -> Result<()> =
        Ok(core.add_team_member(actor, case, member)?);
    /// Removes an agency or practitioner from a case team.
    fn remove_team_member(actor: PractitionerId, case: CaseId, member: TeamMember) -> Result<()> =
        Ok(core.remove_team_member(actor, case, member)?);
    /// Links a person, location or group to a case in a role.
    fn link_subject(actor: PractitionerId, case: CaseId, subject: Subject, role: SubjectRole)
        -> Result<()> = Ok(core.link_subject(actor, case, subject, role)?);
    /// Unlinks a subject from a case.
    fn unlink_subject(actor: PractitionerId, case: CaseId, subject: Subject, role: SubjectRole)
        -> Result<()> = Ok(core.unlink_subject(actor, case, subject, role)?);
    /// Moves a case to another status.
    fn change_case_status(actor: PractitionerId, case: CaseId, status: CaseStatus) -> Result<()> =
        Ok(core.change_case_status(actor, case, status)?);
    /// Passes a case's lead to a practitioner or an agency, with a reason (the lead
    /// practitioner or a lead agency supervisor).
    fn transfer_lead(actor: PractitionerId, case: CaseId, to: NewLead, reason: String)
        -> Result<()> = Ok(core.transfer_lead(actor, case, to, &reason)?);
    /// Closes a case with its outcome and the reason (the lead agency's case workers).
    fn close_case(actor: PractitionerId, case: CaseId, outcome: CaseOutcome, reason: String)
        -> Result<()> = Ok(core.close_case(actor, case, outcome, &reason)?);
    /// Opens a closed case again, saying why (the lead agency's case workers).
    fn reopen_case(actor: PractitionerId, case: CaseId, reason: String) -> Result<()> =
        Ok(core.reopen_case(actor, case, &reason)?);
    /// Links a case to another (a case worker on both teams).
    fn link_cases(actor: PractitionerId, case: CaseId, other: CaseId, link: CaseLink)
        -> Result<()> = Ok(core.link_cases(actor, case, other, link)?);
    /// Removes the link between two cases (a case worker on both teams).
    fn unlink_cases(actor: PractitionerId, case: CaseId, other: CaseId) -> Result<()> =
        Ok(core.unlink_cases(actor, case, other)?);
    /// Links an incident to a case (a case worker on its team who reads the incident in full).
    fn link_incident(actor: PractitionerId, case: CaseId, incident: IncidentId) -> Result<()> =
        Ok(core.link_incident(actor, case, incident)?);
    /// Unlinks an incident from a case (as for linking it).
    fn unlink_incident(actor: PractitionerId, case: CaseId, incident: IncidentId) -> Result<()> =
        Ok(core.unlink_incident(actor, case, incident)?);
    /// Writes an entry on a case the actor works; returns its id.
    fn add_entry(actor: PractitionerId, case: CaseId, entry: NewEntry) -> Result<EntryId> =
        Ok(core.add_entry(actor, case, entry)?);
    /// Changes who may see an entry (an audited event).
    fn change_entry_visibility(actor: PractitionerId, entry: EntryId, visibility: Visibility,
        sensitive: bool) -> Result<()> =
        Ok(core.change_entry_visibility(actor, entry, visibility, sensitive)?);

    // ---- reads ------------------------------------------------------------------------------

    /// A case as the viewer may see it: in full with each entry decided, or as a stub.
    fn case(viewer: Viewer, case: CaseId) -> Result<CaseView> = Ok(core.case(&viewer, case)?);
    /// The cases the viewer may read in full, most recently opened first.
    fn cases(viewer: Viewer) -> Result<Vec<CaseSummary>> = Ok(core.cases(&viewer)?);
    /// A person as the viewer may see them.
    fn person(viewer: Viewer, person: PersonId) -> Result<PersonView> =
        Ok(core.person(&viewer, person)?);
    /// A location as the viewer may see it.
    fn location(viewer: Viewer, location: LocationId) -> Result<LocationView> =
        Ok(core.location(&viewer, location)?);
    /// A group as the viewer may see it.
    fn group(viewer: Viewer, group: GroupId) -> Result<GroupView> =
        Ok(core.group(&viewer, group)?);
    /// People whose name (or, where the viewer may read them, alias or identifier) matches.
    fn search_people(viewer: Viewer, query: String) -> Result<Vec<PersonView>> =
        Ok(core.search_people(&viewer, &query)?);
    /// Profiles that may be the same person as `person`, likeliest first, with the score and the
    /// reasons; only profiles the viewer reads in full are compared.
    fn possible_duplicates(viewer: Viewer, person: PersonId) -> Result<Vec<DuplicateCandidate>> =
        Ok(core.possible_duplicates(&viewer, person)?);
    /// The partnership's duplicate review list: every likely pair the viewer reads both sides
    /// of (supervisors and above).
    fn duplicate_review(viewer: Viewer) -> Result<Vec<DuplicatePair>> =
        Ok(core.duplicate_review(&viewer)?);
    /// Locations whose label (or, where the viewer may read them, address, postcode or UPRN)
    /// matches.
    fn search_locations(viewer: Viewer, query: String) -> Result<Vec<LocationView>> =
        Ok(core.search_locations(&viewer, &query)?);
    /// Why the viewer sees what they see of one thing.
    fn explain(viewer: Viewer, target: Target) -> Result<Explanation> =
        Ok(core.explain(&viewer, target)?);
    /// The sharing decision for each target, in order, in one call.
    fn explain_all(viewer: Viewer, targets: Vec<Target>) -> Result<Vec<Decision>> =
        Ok(core.explain_all(&viewer, &targets)?);
    /// Who consulted the viewer's agency's information between `since` (inclusive) and
    /// `until` (exclusive): agency admins and supervisors.
    fn consultations(viewer: Viewer, since: Timestamp, until: Timestamp)
        -> Result<Vec<Consultation>> = Ok(core.consultations(&viewer, since, until)?);

    // ---- the journal ------------------------------------------------------------------------

    /// What happened after sequence number `after`, at most `limit` notices, without content.
    fn changes_since(after: u64, limit: usize) -> Result<Vec<ChangeNotice>> =
        Ok(core.changes_since(after, limit)?);
    /// The sequence number of the last event this hub has applied.
    fn seq() -> u64 = core.seq();
    /// Checks the whole hash chain of the journal.
    fn verify() -> Result<Integrity> = Ok(core.verify()?);
    /// Writes a snapshot of the whole state at the hub's seq (caught up first), so the next
    /// open restores it and replays only what came after; returns that seq. The host's call, at
    /// a quiet time: it holds the hub's lock while it encodes. Opening also writes one after a
    /// long replay.
    fn checkpoint() -> Result<u64> = Ok(core.checkpoint()?);
    /// The whole journal as bytes, a backup (partnership admins).
    fn export_journal(actor: PractitionerId) -> Result<Vec<u8>> = Ok(core.export_journal(actor)?);
    /// A SHA-256 digest of the projected state: hubs on the same journal agree.
    fn state_digest() -> Result<String> = Ok(core.state_digest()?);
}
