//! The `Hub` object: one per open hub, shared freely between threads. Its methods are the core's,
//! one for one, with ids as strings; this file holds the partnership, people, cases, reads and
//! the journal, and [`crate::risk`], [`crate::tasks`] and [`crate::referrals`] add theirs.

use crate::convert::{all, id, to_u64, to_usize, utc, wide};
use crate::enums::{CaseStatus, Role, SubjectRole, Visibility};
use crate::error::Result;
use crate::records::{
    ChangeNotice, Established, Integrity, NewAgency, NewAgreement, NewCase, NewEntry, NewGroup,
    NewLocation, NewPerson, NewPractitioner, Subject, Target, TeamMember, Viewer,
};
use crate::views::{
    AgencyRef, CaseSummary, CaseView, Consultation, Decision, Explanation, GroupView, LocationView,
    PersonView,
};
use std::sync::Arc;
use std::time::SystemTime;

/// A safehub hub: the journal, the projections and the sharing engine behind one object. It is
/// `Send + Sync`: share one per database between threads; calls serialise on the hub's lock.
#[derive(uniffi::Object)]
pub struct Hub {
    pub(crate) core: safehub::Hub,
}

impl Hub {
    /// Parses the viewer of a read.
    pub(crate) fn viewer(viewer: Viewer) -> Result<safehub::Viewer> {
        safehub::Viewer::try_from(viewer)
    }
}

#[uniffi::export]
impl Hub {
    /// Opens (or creates) a hub in a SQLite file, with the system clock and random ids.
    #[uniffi::constructor]
    pub fn open(path: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Hub {
            core: safehub::Hub::open(path)?,
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

    // ---- the partnership -------------------------------------------------------------------

    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    pub fn establish(
        &self,
        name: String,
        agency: NewAgency,
        admin_name: String,
    ) -> Result<Established> {
        Ok(self
            .core
            .establish(&name, agency.into(), &admin_name)?
            .into())
    }

    /// Sets the partnership's time zone, an IANA name such as "Europe/London" (the default), in
    /// which every calendar rule counts its days (partnership admins).
    pub fn set_time_zone(&self, actor: String, time_zone: String) -> Result<()> {
        Ok(self.core.set_time_zone(id(&actor)?, &time_zone)?)
    }

    /// The partnership's time zone, as an IANA name.
    pub fn time_zone(&self) -> Result<String> {
        Ok(self.core.time_zone()?)
    }

    /// Adds an agency to the partnership (partnership admins); returns its id.
    pub fn add_agency(&self, actor: String, agency: NewAgency) -> Result<String> {
        Ok(self
            .core
            .add_agency(id(&actor)?, agency.into())?
            .to_string())
    }

    /// An agency leaves the partnership (partnership admins).
    pub fn agency_leaves(&self, actor: String, agency: String) -> Result<()> {
        Ok(self.core.agency_leaves(id(&actor)?, id(&agency)?)?)
    }

    /// Registers a practitioner; returns their id.
    pub fn register_practitioner(
        &self,
        actor: String,
        practitioner: NewPractitioner,
    ) -> Result<String> {
        let p = practitioner.try_into()?;
        Ok(self.core.register_practitioner(id(&actor)?, p)?.to_string())
    }

    /// Changes a practitioner's role.
    pub fn change_role(&self, actor: String, practitioner: String, role: Role) -> Result<()> {
        Ok(self
            .core
            .change_role(id(&actor)?, id(&practitioner)?, role.into())?)
    }

    /// Closes a practitioner's account.
    pub fn deactivate_practitioner(&self, actor: String, practitioner: String) -> Result<()> {
        Ok(self
            .core
            .deactivate_practitioner(id(&actor)?, id(&practitioner)?)?)
    }

    /// Signs an information sharing agreement (partnership admins); returns its id.
    pub fn sign_agreement(&self, actor: String, agreement: NewAgreement) -> Result<String> {
        let a = agreement.try_into()?;
        Ok(self.core.sign_agreement(id(&actor)?, a)?.to_string())
    }

    /// Ends an agreement at `ends` (not in the past).
    pub fn end_agreement(&self, actor: String, agreement: String, ends: SystemTime) -> Result<()> {
        Ok(self
            .core
            .end_agreement(id(&actor)?, id(&agreement)?, utc("ends", ends)?)?)
    }

    /// The partnership's agencies: a directory, not content.
    pub fn agencies(&self) -> Vec<AgencyRef> {
        all(self.core.agencies())
    }

    /// The id of the practitioner a host system's user id maps to.
    pub fn practitioner_by_external_id(&self, external_id: String) -> Option<String> {
        self.core
            .practitioner_by_external_id(&external_id)
            .map(|p| p.to_string())
    }

    // ---- people, places, groups -------------------------------------------------------------

    /// Records a person profile, owned by the actor's agency; returns its id.
    pub fn record_person(&self, actor: String, person: NewPerson) -> Result<String> {
        let p = person.try_into()?;
        Ok(self.core.record_person(id(&actor)?, p)?.to_string())
    }

    /// Records a location profile, owned by the actor's agency; returns its id.
    pub fn record_location(&self, actor: String, location: NewLocation) -> Result<String> {
        Ok(self
            .core
            .record_location(id(&actor)?, location.into())?
            .to_string())
    }

    /// Forms a group of people the actor can see; returns its id.
    pub fn form_group(&self, actor: String, group: NewGroup) -> Result<String> {
        let g = group.try_into()?;
        Ok(self.core.form_group(id(&actor)?, g)?.to_string())
    }

    // ---- cases ------------------------------------------------------------------------------

    /// Opens a case led by the actor's agency; returns its id.
    pub fn open_case(&self, actor: String, case: NewCase) -> Result<String> {
        let c = case.try_into()?;
        Ok(self.core.open_case(id(&actor)?, c)?.to_string())
    }

    /// Adds an agency or practitioner to a case team.
    pub fn add_team_member(&self, actor: String, case: String, member: TeamMember) -> Result<()> {
        let m = member.try_into()?;
        Ok(self.core.add_team_member(id(&actor)?, id(&case)?, m)?)
    }

    /// Removes an agency or practitioner from a case team.
    pub fn remove_team_member(
        &self,
        actor: String,
        case: String,
        member: TeamMember,
    ) -> Result<()> {
        let m = member.try_into()?;
        Ok(self.core.remove_team_member(id(&actor)?, id(&case)?, m)?)
    }

    /// Links a person, location or group to a case in a role.
    pub fn link_subject(
        &self,
        actor: String,
        case: String,
        subject: Subject,
        role: SubjectRole,
    ) -> Result<()> {
        let s = subject.try_into()?;
        Ok(self
            .core
            .link_subject(id(&actor)?, id(&case)?, s, role.into())?)
    }

    /// Unlinks a subject from a case.
    pub fn unlink_subject(
        &self,
        actor: String,
        case: String,
        subject: Subject,
        role: SubjectRole,
    ) -> Result<()> {
        let s = subject.try_into()?;
        Ok(self
            .core
            .unlink_subject(id(&actor)?, id(&case)?, s, role.into())?)
    }

    /// Moves a case to another status.
    pub fn change_case_status(
        &self,
        actor: String,
        case: String,
        status: CaseStatus,
    ) -> Result<()> {
        Ok(self
            .core
            .change_case_status(id(&actor)?, id(&case)?, status.into())?)
    }

    /// Writes an entry on a case the actor works; returns its id.
    pub fn add_entry(&self, actor: String, case: String, entry: NewEntry) -> Result<String> {
        Ok(self
            .core
            .add_entry(id(&actor)?, id(&case)?, entry.into())?
            .to_string())
    }

    /// Changes who may see an entry (an audited event).
    pub fn change_entry_visibility(
        &self,
        actor: String,
        entry: String,
        visibility: Visibility,
        sensitive: bool,
    ) -> Result<()> {
        Ok(self.core.change_entry_visibility(
            id(&actor)?,
            id(&entry)?,
            visibility.into(),
            sensitive,
        )?)
    }

    // ---- reads ------------------------------------------------------------------------------

    /// A case as the viewer may see it: in full with each entry decided, or as a stub.
    pub fn case(&self, viewer: Viewer, case: String) -> Result<CaseView> {
        Ok(self.core.case(&Self::viewer(viewer)?, id(&case)?)?.into())
    }

    /// The cases the viewer may read in full, most recently opened first.
    pub fn cases(&self, viewer: Viewer) -> Result<Vec<CaseSummary>> {
        Ok(all(self.core.cases(&Self::viewer(viewer)?)?))
    }

    /// A person as the viewer may see them.
    pub fn person(&self, viewer: Viewer, person: String) -> Result<PersonView> {
        Ok(self
            .core
            .person(&Self::viewer(viewer)?, id(&person)?)?
            .into())
    }

    /// A location as the viewer may see it.
    pub fn location(&self, viewer: Viewer, location: String) -> Result<LocationView> {
        Ok(self
            .core
            .location(&Self::viewer(viewer)?, id(&location)?)?
            .into())
    }

    /// A group as the viewer may see it.
    pub fn group(&self, viewer: Viewer, group: String) -> Result<GroupView> {
        Ok(self.core.group(&Self::viewer(viewer)?, id(&group)?)?.into())
    }

    /// People whose name (or, where the viewer may read them, alias or identifier) matches.
    pub fn search_people(&self, viewer: Viewer, query: String) -> Result<Vec<PersonView>> {
        Ok(all(self
            .core
            .search_people(&Self::viewer(viewer)?, &query)?))
    }

    /// Locations whose label (or, where the viewer may read them, address, postcode or UPRN)
    /// matches.
    pub fn search_locations(&self, viewer: Viewer, query: String) -> Result<Vec<LocationView>> {
        Ok(all(self
            .core
            .search_locations(&Self::viewer(viewer)?, &query)?))
    }

    /// Why the viewer sees what they see of one thing.
    pub fn explain(&self, viewer: Viewer, target: Target) -> Result<Explanation> {
        let t = target.try_into()?;
        Ok(self.core.explain(&Self::viewer(viewer)?, t)?.into())
    }

    /// The sharing decision for each target, in order, in one call.
    pub fn explain_all(&self, viewer: Viewer, targets: Vec<Target>) -> Result<Vec<Decision>> {
        let targets = targets
            .into_iter()
            .map(safehub::Target::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok(all(self
            .core
            .explain_all(&Self::viewer(viewer)?, &targets)?))
    }

    /// Who consulted the viewer's agency's information between `since` (inclusive) and
    /// `until` (exclusive): agency admins and supervisors.
    pub fn consultations(
        &self,
        viewer: Viewer,
        since: SystemTime,
        until: SystemTime,
    ) -> Result<Vec<Consultation>> {
        Ok(all(self.core.consultations(
            &Self::viewer(viewer)?,
            utc("since", since)?,
            utc("until", until)?,
        )?))
    }

    // ---- the journal ------------------------------------------------------------------------

    /// What happened after sequence number `after`, at most `limit` notices, without content.
    pub fn changes_since(&self, after: i64, limit: i64) -> Result<Vec<ChangeNotice>> {
        let (after, limit) = (to_u64("after", after)?, to_usize("limit", limit)?);
        Ok(all(self.core.changes_since(after, limit)?))
    }

    /// The sequence number of the last event this hub has applied.
    pub fn seq(&self) -> i64 {
        wide(self.core.seq())
    }

    /// Checks the whole hash chain of the journal.
    pub fn verify(&self) -> Result<Integrity> {
        Ok(self.core.verify()?.into())
    }

    /// The whole journal as bytes, a backup (partnership admins).
    pub fn export_journal(&self, actor: String) -> Result<Vec<u8>> {
        Ok(self.core.export_journal(id(&actor)?)?)
    }

    /// A SHA-256 digest of the projected state: hubs on the same journal agree.
    pub fn state_digest(&self) -> Result<String> {
        Ok(self.core.state_digest()?)
    }
}
