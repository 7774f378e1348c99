//! The checks commands share: who is acting (known, active, of a member agency), with what role,
//! on which case, whether an agency may join a case team, and writing an entry on a case. Every feature's decisions use
//! them from here; they sit below the features and the command layer, and know of no command.

use crate::cases::{Case, CaseStatus, CaseType};
use crate::entries::Entry;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, CaseId, PractitionerId};
use crate::partnership::{Agency, Practitioner, Role};
use crate::sharing::Engine;
use crate::state::State;
use chrono::{DateTime, Utc};

/// The actor, who must be known, active and of a member agency.
pub(crate) fn acting<'s>(
    state: &'s State,
    actor: PractitionerId,
    at: DateTime<Utc>,
    action: &'static str,
) -> Result<&'s Practitioner> {
    let who = state
        .practitioners
        .get(&actor)
        .filter(|p| p.active)
        .ok_or(Error::forbidden(action, "unknown or inactive practitioner"))?;
    let member = state
        .agencies
        .get(&who.agency)
        .is_some_and(|a| a.is_member_at(at));
    if !member {
        return Err(Error::forbidden(
            action,
            "your agency is not a partnership member",
        ));
    }
    Ok(who)
}

pub(crate) fn engine_for<'s>(
    state: &'s State,
    who: &Practitioner,
    at: DateTime<Utc>,
) -> Result<Engine<'s>> {
    Engine::new(state, who.id, at).ok_or(Error::forbidden("read", "unknown practitioner"))
}

/// The engine of a viewer who is a member now (an active practitioner of a member agency), or
/// the one refusal every read gives an unknown or inactive one.
pub(crate) fn member_engine(
    state: &State,
    practitioner: crate::ids::PractitionerId,
    at: DateTime<Utc>,
) -> Result<Engine<'_>> {
    Engine::new(state, practitioner, at)
        .filter(|e| e.is_member())
        .ok_or(Error::forbidden("read", "unknown or inactive practitioner"))
}

pub(crate) fn partnership_admin(who: &Practitioner, action: &'static str) -> Result<()> {
    if who.role == Role::PartnershipAdmin {
        Ok(())
    } else {
        Err(Error::forbidden(action, "needs the partnership admin role"))
    }
}

pub(crate) fn may_administer(
    who: &Practitioner,
    agency: AgencyId,
    action: &'static str,
) -> Result<()> {
    if who.role == Role::PartnershipAdmin || (who.role.is_agency_admin() && who.agency == agency) {
        Ok(())
    } else {
        Err(Error::forbidden(
            action,
            "needs the agency admin role for that agency",
        ))
    }
}

pub(crate) fn case_worker(who: &Practitioner, action: &'static str) -> Result<()> {
    if who.role.can_work_cases() {
        Ok(())
    } else {
        Err(Error::forbidden(action, "needs the case worker role"))
    }
}

pub(crate) fn practitioner_of(state: &State, id: PractitionerId) -> Result<&Practitioner> {
    state
        .practitioners
        .get(&id)
        .ok_or(Error::not_found("practitioner"))
}

pub(crate) fn member_agency(state: &State, id: AgencyId, at: DateTime<Utc>) -> Result<&Agency> {
    let a = state.agencies.get(&id).ok_or(Error::not_found("agency"))?;
    if !a.is_member_at(at) {
        return Err(Error::invalid("agency", "not a partnership member"));
    }
    Ok(a)
}

/// A case the actor works: a case worker on its team.
pub(crate) fn works_case<'s>(
    state: &'s State,
    who: &Practitioner,
    case: CaseId,
    action: &'static str,
) -> Result<&'s Case> {
    let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
    case_worker(who, action)?;
    if !c.team.includes(who.id, who.agency) {
        return Err(Error::forbidden(action, "you are not on the case team"));
    }
    Ok(c)
}

/// The lead practitioner, or a supervisor of the lead agency, manages the team.
pub(crate) fn manages_case(who: &Practitioner, case: &Case, action: &'static str) -> Result<()> {
    let lead_supervisor = who.agency == case.lead_agency && who.role.is_supervisor();
    if case.lead_practitioner == Some(who.id) || lead_supervisor {
        Ok(())
    } else {
        Err(Error::forbidden(
            action,
            "only the lead practitioner or a lead agency supervisor manages the team",
        ))
    }
}

/// An agency may join a case team only if it is a member and, unless it leads, an agreement in
/// force covers the case's type between it and the lead agency: nobody in the room sits outside
/// the protocol.
pub(crate) fn may_join(
    state: &State,
    lead: AgencyId,
    agency: AgencyId,
    case_type: CaseType,
    at: DateTime<Utc>,
    action: &'static str,
) -> Result<()> {
    member_agency(state, agency, at)?;
    if agency != lead
        && state
            .agreement_covering(lead, agency, case_type.category(), at)
            .is_none()
    {
        return Err(Error::forbidden(
            action,
            "no agreement in force covers this case type with that agency",
        ));
    }
    Ok(())
}

/// The event that writes `entry` on its case: by its author, a case worker on the team of a case
/// not closed, under an id not yet used.
pub(crate) fn writes_entry(
    state: &State,
    who: &Practitioner,
    entry: Entry,
    action: &'static str,
) -> Result<Event> {
    let c = works_case(state, who, entry.case, action)?;
    if c.status == CaseStatus::Closed {
        return Err(Error::InvalidTransition {
            what: "case",
            from: "closed",
            to: "written to",
        });
    }
    if entry.author != who.id || entry.agency != who.agency {
        return Err(Error::forbidden(
            action,
            "an entry is written by its author",
        ));
    }
    if state.entries.contains_key(&entry.id) {
        return Err(Error::invalid("entry_id", "already in use"));
    }
    Ok(Event::EntryAdded { entry })
}
