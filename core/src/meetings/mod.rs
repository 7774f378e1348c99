//! Hub meetings as a record (issue 23): the daily hub meeting, complex case panels, risk
//! conferences. This module owns the meeting itself (kinds as labels, the chair, invitations,
//! attendance), the rule that nobody sits in the meeting outside the information sharing
//! protocol, and who may know that a meeting exists.
//!
//! A meeting is known to the practitioners of the agencies it invited, and to nobody else: to
//! anyone else it is not found, exactly as an id never recorded. Attendance is recorded by the
//! chair or by the attendee, once, for a practitioner of an invited agency whose agency has an
//! agreement in force at the meeting's start with each other agency already attending ("nobody
//! in the room sits outside of our information sharing protocols"); `docs/meetings.md` says
//! what each call does and why.

mod api;
mod commands;
pub mod meeting;
pub mod view;

pub(crate) use commands::{decide_meeting, MeetingCommand};
pub use meeting::{Meeting, NewMeeting};
pub use view::MeetingView;

use crate::events::Event;
use crate::ids::MeetingId;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The meetings projection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct MeetingBook {
    pub by_id: BTreeMap<MeetingId, Meeting>,
}

impl MeetingBook {
    /// Applies a meeting event; other events are not its business.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::MeetingScheduled { meeting } => {
                self.by_id.insert(meeting.id, meeting.clone());
            }
            Event::AttendanceRecorded {
                meeting,
                practitioner,
                ..
            } => {
                if let Some(m) = self.by_id.get_mut(meeting) {
                    m.attendees.push(*practitioner);
                }
            }
            _ => {}
        }
    }
}

/// Whether the engine's viewer may know of the meeting: a member of an invited agency.
pub(crate) fn known_to(engine: &crate::sharing::Engine<'_>, meeting: &Meeting) -> bool {
    engine.is_member() && meeting.agencies.contains(&engine.agency())
}
