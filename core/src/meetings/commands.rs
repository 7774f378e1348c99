//! Meeting commands: who may schedule a meeting, record attendance and disclose at it; the rule
//! that an attendee's agency shares an agreement in force with every other attending agency, and
//! the one that a disclosure reaches only attendees an agreement in force covers.

use super::meeting::{AgendaSubject, Disclosure, Meeting, MeetingItem, NewMeeting};
use crate::checks::{case_worker, engine_for, member_agency, practitioner_of, writes_entry};
use crate::entries::{Entry, EntryKind, NewEntry};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, AgreementId, CaseId, EntryId, MeetingId, PractitionerId, TaskId};
use crate::partnership::Practitioner;
use crate::sharing::{Access, Content};
use crate::state::State;
use crate::tasks::{decide_task, NewTask, TaskCommand};
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
    Disclose {
        meeting: MeetingId,
        item: MeetingItem,
        agreement: Option<AgreementId>,
        justification: String,
    },
    AddToAgenda {
        meeting: MeetingId,
        item: AgendaSubject,
    },
    Decide {
        meeting: MeetingId,
        id: EntryId,
        case: CaseId,
        note: NewEntry,
        rests_on: Vec<MeetingItem>,
    },
    Act {
        meeting: MeetingId,
        id: TaskId,
        task: NewTask,
        rests_on: Vec<MeetingItem>,
    },
}

impl MeetingCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            MeetingCommand::Schedule { .. } => "schedule_meeting",
            MeetingCommand::Attend { .. } => "record_attendance",
            MeetingCommand::Disclose { .. } => "disclose_at_meeting",
            MeetingCommand::AddToAgenda { .. } => "add_agenda_item",
            MeetingCommand::Decide { .. } => "record_meeting_decision",
            MeetingCommand::Act { .. } => "agree_action",
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
        MeetingCommand::Disclose {
            meeting,
            item,
            agreement,
            justification,
        } => {
            let m = known_meeting(state, who, meeting)?;
            disclose(state, who, at, m, item, agreement, justification, action)
        }
        MeetingCommand::AddToAgenda { meeting, item } => {
            let m = known_meeting(state, who, meeting)?;
            if m.added.contains(&item) {
                return Err(Error::invalid("item", "already on the agenda"));
            }
            Ok(vec![Event::AgendaItemAdded {
                meeting: m.id,
                item,
                by: who.id,
            }])
        }
        MeetingCommand::Decide {
            meeting,
            id,
            case,
            note,
            rests_on,
        } => {
            let m = attended(state, who, meeting, &rests_on, action)?;
            let entry = Entry {
                id,
                case,
                author: who.id,
                agency: who.agency,
                at,
                kind: EntryKind::Decision,
                category: note.category,
                visibility: note.visibility,
                sensitive: note.sensitive,
                show_author: note.show_author,
                text: note.text.into(),
            };
            let decided = Event::MeetingDecisionRecorded {
                meeting: m.id,
                entry: entry.id,
                rests_on,
            };
            Ok(vec![writes_entry(state, who, entry, action)?, decided])
        }
        MeetingCommand::Act {
            meeting,
            id,
            task,
            rests_on,
        } => {
            let m = attended(state, who, meeting, &rests_on, action)?;
            let mut events = decide_task(state, who, at, TaskCommand::Set { id, task })?;
            events.push(Event::MeetingActionAgreed {
                meeting: m.id,
                task: id,
                rests_on,
            });
            Ok(events)
        }
    }
}

/// The meeting, where `who` attended it and each item cited was disclosed to them at it.
fn attended<'s>(
    state: &'s State,
    who: &Practitioner,
    meeting: MeetingId,
    rests_on: &[MeetingItem],
    action: &'static str,
) -> Result<&'s Meeting> {
    let m = known_meeting(state, who, meeting)?;
    if !m.attendees.contains(&who.id) {
        return Err(Error::forbidden(
            action,
            "only an attendee records the meeting's decisions and actions",
        ));
    }
    let received = |item: &MeetingItem| {
        state
            .meetings
            .disclosures
            .iter()
            .any(|d| d.meeting == m.id && d.item == *item && d.recipients.contains(&who.id))
    };
    if !rests_on.iter().all(received) {
        return Err(Error::invalid(
            "rests_on",
            "each item must have been disclosed to you at the meeting",
        ));
    }
    Ok(m)
}

/// The meeting, where `who`'s agency was invited; otherwise as unknown as an id never recorded.
fn known_meeting<'s>(state: &'s State, who: &Practitioner, id: MeetingId) -> Result<&'s Meeting> {
    state
        .meetings
        .by_id
        .get(&id)
        .filter(|m| m.agencies.contains(&who.agency))
        .ok_or(Error::not_found("meeting"))
}

/// What the engine decides on for an item. `decide` has checked that the actor may know of it
/// (`Command::named`), so a missing one is the same not-found.
fn item_content<'s>(state: &'s State, item: MeetingItem) -> Result<Content<'s>> {
    let found = match item {
        MeetingItem::Entry { id } => state
            .entries
            .get(&id)
            .map(|e| crate::sharing::entry_content(state, e)),
        MeetingItem::Assessment { id } => state.risk.assessments.get(&id).map(|a| a.content(state)),
        MeetingItem::Task { id } => state
            .tasks
            .by_id
            .get(&id)
            .map(|t| crate::tasks::view::content(state, t)),
    };
    found.ok_or(Error::not_found(item.what()))
}

/// A disclosure at `m`: by an attendee of the owning agency who reads the item in full, to the
/// attendees of the owner's agency and of each agency an agreement in force covers the item's
/// category with (the named agreement, where one is named); refused where that leaves no
/// attendee of another agency.
#[allow(clippy::too_many_arguments)]
fn disclose(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    m: &Meeting,
    item: MeetingItem,
    agreement: Option<AgreementId>,
    justification: String,
    action: &'static str,
) -> Result<Vec<Event>> {
    if !m.attendees.contains(&who.id) {
        return Err(Error::forbidden(
            action,
            "only an attendee discloses at the meeting",
        ));
    }
    let content = item_content(state, item)?;
    if content.owner != who.agency {
        return Err(Error::forbidden(
            action,
            "only the owning agency discloses its content",
        ));
    }
    if engine_for(state, who, at)?.content(&content).access != Access::Full {
        return Err(Error::forbidden(action, "you may not read the item"));
    }
    let named = match agreement {
        None => None,
        Some(id) => {
            let g = state
                .agreements
                .get(&id)
                .ok_or(Error::not_found("agreement"))?;
            if !g.is_active_at(at)
                || !g.parties.contains(&content.owner)
                || !g.covers(content.category)
            {
                return Err(Error::invalid(
                    "agreement",
                    "must be in force, bind the owning agency and cover the item's category",
                ));
            }
            Some(g)
        }
    };
    let covered = |agency: AgencyId| match named {
        Some(g) => g.binds(content.owner, agency),
        None => state
            .agreement_covering(content.owner, agency, content.category, at)
            .is_some(),
    };
    let mut recipients = Vec::new();
    let mut reaches_another_agency = false;
    for p in m
        .attendees
        .iter()
        .filter_map(|p| state.practitioners.get(p))
    {
        if !p.active {
            continue;
        }
        if p.agency == content.owner {
            recipients.push(p.id);
        } else if covered(p.agency) {
            recipients.push(p.id);
            reaches_another_agency = true;
        }
    }
    if !reaches_another_agency {
        return Err(Error::forbidden(
            action,
            "no agreement in force covers the item's category with any other attending agency",
        ));
    }
    Ok(vec![Event::DisclosedAtMeeting {
        disclosure: Disclosure {
            meeting: m.id,
            item,
            owner: content.owner,
            by: who.id,
            at,
            agreement,
            justification,
            recipients,
        },
    }])
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
            decisions: Vec::new(),
            actions: Vec::new(),
            added: Vec::new(),
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
    let m = known_meeting(state, who, meeting)?;
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
