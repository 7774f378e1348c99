//! A meeting's agenda, built from the hub for one attendee: the briefing's pieces since the
//! last meeting of the kind (Top N movers, new repeats, case review thresholds met, overdue
//! tasks, referrals awaiting a decision), the priority list's top, the items added by hand, and
//! the actions of earlier meetings of the kind not yet done. Every piece is built by the
//! feature that owns it, through the viewer's read session, so each attendee's copy shows only
//! what they may see: an item they may not read in full is the stub that names whom to ask, or
//! absent where the rules hide even that.

use super::meeting::{AgendaSubject, Meeting};
use super::view::{meeting_view, MeetingView};
use crate::briefing::{Briefing, BriefingConfig};
use crate::error::{Error, Result};
use crate::risk::PriorityRow;
use crate::tasks::{TaskState, TaskView};
use crate::views::{CaseView, LocationView, PersonView, ViewBuilder};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How many rows of the priority list an agenda shows.
pub const PRIORITY_LISTED: usize = 10;

/// A meeting's agenda as one attendee sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Agenda {
    /// The meeting.
    pub meeting: MeetingView,
    /// What the hub's pieces report on happened at or after this time: the start of the last
    /// earlier meeting of the kind, or a day before this one's start (never after the read).
    pub since: DateTime<Utc>,
    /// The briefing since then (the default [`BriefingConfig`]).
    pub briefing: Briefing,
    /// The top of the priority list.
    pub priority: Vec<PriorityRow>,
    /// The items added by hand, in the order added, as the viewer sees each.
    pub added: Vec<AgendaItemView>,
    /// The actions of earlier meetings of the kind not done or cancelled, oldest meeting first,
    /// as the viewer sees each task.
    pub carried_over: Vec<TaskView>,
}

/// An item added to an agenda by hand, as the viewer sees it. (Unboxed, as [`CaseView`]'s own
/// variants are: the surfaces' shapes mirror the core's.)
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AgendaItemView {
    /// A case: in full, or the stub naming its lead agency.
    Case {
        /// The case.
        case: CaseView,
    },
    /// A person: in full, or the stub naming the agencies they are known to.
    Person {
        /// The person.
        person: PersonView,
    },
    /// A place: in full, or the stub naming the agencies it is known to.
    Location {
        /// The place.
        location: LocationView,
    },
}

/// The agenda of `m` for the builder's viewer (the caller has checked they may know of it).
pub(crate) fn agenda(b: &mut ViewBuilder<'_, '_>, m: &Meeting) -> Result<Agenda> {
    let state = b.engine.state;
    let meeting = meeting_view(b, m).ok_or(Error::not_found("meeting"))?;
    let earlier = |other: &&Meeting| other.starts < m.starts && other.is_kind(&m.kind);
    let previous = state
        .meetings
        .by_id
        .values()
        .filter(earlier)
        .map(|o| o.starts)
        .max();
    let since = previous
        .unwrap_or(m.starts - Duration::days(1))
        .min(b.engine.at);
    let briefing = crate::briefing::compose(b, since, &BriefingConfig::default())?;
    let priority = crate::risk::priority_rows(b, PRIORITY_LISTED)?;
    let mut added = Vec::new();
    for item in &m.added {
        let view = match *item {
            AgendaSubject::Case { id } => state
                .cases
                .get(&id)
                .and_then(|c| b.case(c))
                .map(|case| AgendaItemView::Case { case }),
            AgendaSubject::Person { id } => state
                .persons
                .get(&id)
                .and_then(|p| b.person(p))
                .map(|person| AgendaItemView::Person { person }),
            AgendaSubject::Location { id } => state
                .locations
                .get(&id)
                .and_then(|l| b.location(l))
                .map(|location| AgendaItemView::Location { location }),
        };
        added.extend(view);
    }
    let mut before: Vec<&Meeting> = state.meetings.by_id.values().filter(earlier).collect();
    before.sort_by_key(|o| (o.starts, o.id));
    let mut carried_over = Vec::new();
    for task in before
        .iter()
        .flat_map(|o| &o.actions)
        .filter_map(|a| state.tasks.by_id.get(&a.id))
        .filter(|t| !matches!(t.state, TaskState::Done | TaskState::Cancelled))
    {
        carried_over.extend(crate::tasks::view::task_view(b, task));
    }
    Ok(Agenda {
        meeting,
        since,
        briefing,
        priority,
        added,
        carried_over,
    })
}
