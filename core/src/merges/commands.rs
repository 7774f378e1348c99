//! Deciding a merge agreement and an unmerge (the rules in the module above).

use crate::checks::case_worker;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, PersonId};
use crate::partnership::{Practitioner, Role};
use crate::sharing::{Access, Engine};
use crate::state::State;
use crate::validation::{self, MAX_TEXT};
use chrono::{DateTime, Utc};

/// A change to merges, with its reason validated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum MergeCommand {
    /// The actor's agency agrees that `absorbed` is the same person as `survivor`.
    Agree {
        survivor: PersonId,
        absorbed: PersonId,
        reason: String,
    },
    /// The merge of `absorbed` is undone.
    Unmerge { absorbed: PersonId, reason: String },
}

impl MergeCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            MergeCommand::Agree { .. } => "agree_merge",
            MergeCommand::Unmerge { .. } => "unmerge",
        }
    }

    /// The profiles the command names, which the actor must know of.
    pub fn named(&self) -> Vec<PersonId> {
        match self {
            MergeCommand::Agree {
                survivor, absorbed, ..
            } => vec![*survivor, *absorbed],
            MergeCommand::Unmerge { absorbed, .. } => vec![*absorbed],
        }
    }
}

/// The agency that recorded a profile, or `NotFound` for one never recorded.
fn owner(state: &State, person: PersonId) -> Result<AgencyId> {
    state
        .persons
        .get(&person)
        .map(|p| p.recorded_by)
        .ok_or(Error::not_found("person"))
}

/// Whether `who` acts as the partnership's data owner for these two profiles: a partnership
/// admin who reads both in full, and so may merge or unmerge them alone.
fn data_owner(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    profiles: [PersonId; 2],
) -> bool {
    who.role == Role::PartnershipAdmin
        && Engine::new(state, who.id, at).is_some_and(|engine| {
            profiles.iter().all(|id| {
                state
                    .persons
                    .get(id)
                    .is_some_and(|p| engine.person(p).access == Access::Full)
            })
        })
}

/// Checks a merge command by `who` at `at` (the named profiles already checked as known to
/// them) and returns its events.
pub(crate) fn decide_merge(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: MergeCommand,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    case_worker(who, action)?;
    let merges = &state.merges;
    match cmd {
        MergeCommand::Agree {
            survivor,
            absorbed,
            reason,
        } => {
            let reason = validation::text("reason", &reason, MAX_TEXT)?;
            if survivor == absorbed {
                return Err(Error::invalid(
                    "absorbed",
                    "a profile other than the survivor",
                ));
            }
            let owners = [owner(state, survivor)?, owner(state, absorbed)?];
            let data_owner = data_owner(state, who, at, [survivor, absorbed]);
            if !owners.contains(&who.agency) && !data_owner {
                return Err(Error::forbidden(
                    action,
                    "only the agencies that recorded the two profiles, or the partnership's data \
                     owner, agree to merge them",
                ));
            }
            // Kept apart by construction: a merge of a restricted profile would tie a profile
            // hidden from every other agency to one they may know of.
            for (field, id) in [("survivor", survivor), ("absorbed", absorbed)] {
                if state.persons.get(&id).is_some_and(|p| p.restricted) {
                    return Err(Error::invalid(field, "a restricted profile is not merged"));
                }
            }
            if merges.into.contains_key(&absorbed) {
                return Err(Error::invalid(
                    "absorbed",
                    "already merged: unmerge it first",
                ));
            }
            if merges.absorbed.contains_key(&absorbed) {
                return Err(Error::invalid(
                    "absorbed",
                    "other profiles are merged into it: name it as the survivor instead",
                ));
            }
            if merges.into.contains_key(&survivor) {
                return Err(Error::invalid(
                    "survivor",
                    "merged into another profile: name that one as the survivor",
                ));
            }
            let agreed: Vec<AgencyId> = merges
                .pending
                .iter()
                .filter(|a| (a.survivor, a.absorbed) == (survivor, absorbed))
                .map(|a| a.agency)
                .collect();
            if agreed.contains(&who.agency) {
                return Err(Error::invalid(
                    "absorbed",
                    "your agency has agreed already: the other agency's agreement is awaited",
                ));
            }
            let mut events = vec![Event::MergeAgreed {
                survivor,
                absorbed,
                agency: who.agency,
                by: who.id,
                reason,
            }];
            let all_agreed = data_owner
                || owners
                    .iter()
                    .all(|o| *o == who.agency || agreed.contains(o));
            if all_agreed {
                events.push(Event::PeopleMerged { survivor, absorbed });
            }
            Ok(events)
        }
        MergeCommand::Unmerge { absorbed, reason } => {
            let reason = validation::text("reason", &reason, MAX_TEXT)?;
            let survivor = *merges
                .into
                .get(&absorbed)
                .ok_or(Error::invalid("absorbed", "not merged"))?;
            if ![owner(state, survivor)?, owner(state, absorbed)?].contains(&who.agency)
                && !data_owner(state, who, at, [survivor, absorbed])
            {
                return Err(Error::forbidden(
                    action,
                    "only the agencies that recorded the two profiles, or the partnership's data \
                     owner, undo their merge",
                ));
            }
            Ok(vec![Event::PeopleUnmerged {
                survivor,
                absorbed,
                by: who.id,
                reason,
            }])
        }
    }
}
