//! Meeting commands: who may schedule a meeting and record attendance, and the rule that an
//! attendee's agency shares an agreement in force with every other attending agency.

use super::meeting::{Meeting, NewMeeting};
use crate::checks::{case_worker, member_agency, practitioner_of};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, MeetingId, PractitionerId};
use crate::partnership::Practitioner;
use crate::state::State;
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;

/// A change to meetings, validated, with its ids drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum MeetingCommand {
    Schedule {
        id: MeetingId,
        meeting: NewMeeting,
    },
    Attend {
        meeting: MeetingId,
        practitioner: PractitionerId,
    },
}

impl MeetingCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            MeetingCommand::Schedule { .. } => "schedule_meeting",
            MeetingCommand::Attend { .. } => "record_attendance",
        }
    }
}

/// Checks `who` may carry out `cmd` at `at`, and returns the events.
pub(crate) fn decide_meeting(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: MeetingCommand,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    match cmd {
        MeetingCommand::Schedule { id, meeting } => schedule(state, who, at, id, meeting, action),
        MeetingCommand::Attend {
            meeting,
            practitioner,
        } => attend(state, who, at, meeting, practitioner, action),
    }
}

fn schedule(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    id: MeetingId,
    new: NewMeeting,
    action: &'static str,
) -> Result<Vec<Event>> {
    case_worker(who, action)?;
    if state.meetings.by_id.contains_key(&id) {
        return Err(Error::invalid("meeting_id", "already in use"));
    }
    let chair = state
        .practitioners
        .get(&new.chair)
        .filter(|p| p.active && p.role.can_work_cases())
        .ok_or(Error::invalid("chair", "must be an active case worker"))?;
    member_agency(state, chair.agency, at)?;
    let mut agencies: BTreeSet<AgencyId> = BTreeSet::from([chair.agency]);
    for agency in &new.agencies {
        member_agency(state, *agency, at)?;
        agencies.insert(*agency);
    }
    for p in &new.practitioners {
        let p = practitioner_of(state, *p)?;
        if !p.active {
            return Err(Error::invalid("practitioners", "must be active"));
        }
        member_agency(state, p.agency, at)?;
        agencies.insert(p.agency);
    }
    Ok(vec![Event::MeetingScheduled {
        meeting: Meeting {
            id,
            kind: new.kind,
            title: new.title,
            starts: new.starts,
            chair: chair.id,
            agencies,
            practitioners: new.practitioners.into_iter().collect(),
            scheduled_by: who.id,
            scheduled_at: at,
            attendees: Vec::new(),
        },
    }])
}

fn attend(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    meeting: MeetingId,
    practitioner: PractitionerId,
    action: &'static str,
) -> Result<Vec<Event>> {
    let m = state
        .meetings
        .by_id
        .get(&meeting)
        .filter(|m| m.agencies.contains(&who.agency))
        .ok_or(Error::not_found("meeting"))?;
    if who.id != m.chair && who.id != practitioner {
        return Err(Error::forbidden(
            action,
            "only the chair or the attendee records attendance",
        ));
    }
    let p = practitioner_of(state, practitioner)?;
    if !p.active {
        return Err(Error::invalid("practitioner", "must be active"));
    }
    member_agency(state, p.agency, at)?;
    if !m.agencies.contains(&p.agency) {
        return Err(Error::forbidden(
            action,
            "the practitioner's agency was not invited",
        ));
    }
    if m.attendees.contains(&practitioner) {
        return Err(Error::invalid(
            "practitioner",
            "already recorded as attending",
        ));
    }
    let outside = m
        .attendees
        .iter()
        .filter_map(|a| state.practitioners.get(a))
        .map(|a| a.agency)
        .any(|other| !shares_protocol(state, p.agency, other, m.starts));
    if outside {
        return Err(Error::forbidden(
            action,
            "the practitioner's agency has no agreement in force with every other attending \
             agency at the meeting's time",
        ));
    }
    Ok(vec![Event::AttendanceRecorded {
        meeting,
        practitioner,
        by: who.id,
    }])
}

/// Whether two agencies are the same, or both parties to an agreement in force at `at` (of any
/// category: which content may cross between them is still decided item by item).
fn shares_protocol(state: &State, a: AgencyId, b: AgencyId, at: DateTime<Utc>) -> bool {
    a == b
        || state
            .index
            .agreements_by_agency
            .get(&a)
            .into_iter()
            .flatten()
            .filter_map(|id| state.agreements.get(id))
            .any(|g| g.is_active_at(at) && g.binds(a, b))
}
