//! The API of cases: opening them, their teams, subjects, status and entries, and their reads.

use super::Hub;
use crate::cases::{
    CaseLink, CaseOutcome, CaseStatus, LinkedSubject, NewCase, NewLead, Subject, SubjectRole,
    TeamMember,
};
use crate::commands::Command;
use crate::entries::{Entry, NewEntry, Visibility};
use crate::error::{Error, Result};
use crate::ids::{CaseId, EntryId, IncidentId, PractitionerId};
use crate::validation::{self, MAX_NAME, MAX_SHORT, MAX_TEXT};
use crate::views::{CaseSummary, CaseView, Viewer};

impl Hub {
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

    /// Passes a case's lead to a practitioner (of any member agency; theirs becomes the lead
    /// agency) or to an agency (whose supervisors then assign one of theirs), with a reason.
    /// The lead practitioner or a supervisor of the lead agency transfers (so a case whose lead
    /// left is not stuck); a new lead agency needs an agreement covering the case type with the
    /// old one, and joins the team. Entries stay their writers' agencies' content.
    pub fn transfer_lead(
        &self,
        actor: PractitionerId,
        case: CaseId,
        to: NewLead,
        reason: &str,
    ) -> Result<()> {
        let reason = validation::text("reason", reason, MAX_SHORT)?;
        self.execute(actor, Command::TransferLead { case, to, reason })
    }

    /// Closes a case with its outcome and the reason (the lead agency's case workers).
    pub fn close_case(
        &self,
        actor: PractitionerId,
        case: CaseId,
        outcome: CaseOutcome,
        reason: &str,
    ) -> Result<()> {
        let reason = validation::text("reason", reason, MAX_SHORT)?;
        self.execute(
            actor,
            Command::CloseCase {
                case,
                outcome,
                reason,
            },
        )
    }

    /// Opens a closed case again, saying why (the lead agency's case workers).
    pub fn reopen_case(&self, actor: PractitionerId, case: CaseId, reason: &str) -> Result<()> {
        let reason = validation::text("reason", reason, MAX_SHORT)?;
        self.execute(actor, Command::ReopenCase { case, reason })
    }

    /// Links `case` to `other` as `link` says (a case worker on both teams). Two cases hold at
    /// most one link.
    pub fn link_cases(
        &self,
        actor: PractitionerId,
        case: CaseId,
        other: CaseId,
        link: CaseLink,
    ) -> Result<()> {
        self.execute(actor, Command::LinkCases { case, other, link })
    }

    /// Removes the link between two cases (a case worker on both teams).
    pub fn unlink_cases(&self, actor: PractitionerId, case: CaseId, other: CaseId) -> Result<()> {
        self.execute(actor, Command::UnlinkCases { case, other })
    }

    /// Links an incident to a case (a case worker on its team who reads the incident in full;
    /// any other incident, recorded or not, is not found).
    pub fn link_incident(
        &self,
        actor: PractitionerId,
        case: CaseId,
        incident: IncidentId,
    ) -> Result<()> {
        self.execute(actor, Command::LinkIncident { case, incident })
    }

    /// Unlinks an incident from a case (as for linking it).
    pub fn unlink_incident(
        &self,
        actor: PractitionerId,
        case: CaseId,
        incident: IncidentId,
    ) -> Result<()> {
        self.execute(actor, Command::UnlinkIncident { case, incident })
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
            text: validation::text("text", &e.text, MAX_TEXT)?.into(),
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

    /// A case as the viewer may see it: in full with each entry decided and the linked
    /// incidents the viewer reads, or as a stub.
    pub fn case(&self, viewer: &Viewer, id: CaseId) -> Result<CaseView> {
        self.read(viewer, |b| {
            let c = b
                .engine
                .state
                .cases
                .get(&id)
                .ok_or(Error::not_found("case"))?;
            let mut view = b.case(c).ok_or(Error::not_found("case"))?;
            if let CaseView::Full(detail) = &mut view {
                detail.incidents = crate::incidents::linked_to(b, c);
            }
            Ok(view)
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
}
