//! The hub's methods for meetings: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::commands::MeetingCommand;
use super::meeting::NewMeeting;
use super::view::{meeting_view, MeetingView};
use crate::commands::Command;
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::ids::{MeetingId, PractitionerId};
use crate::validation::{self, MAX_LIST, MAX_NAME};
use crate::views::Viewer;

impl Hub {
    /// Schedules a meeting (a case worker of a member agency): its kind is a label the
    /// partnership chooses, and the chair's agency and the invited practitioners' agencies are
    /// invited with those named.
    pub fn schedule_meeting(
        &self,
        actor: PractitionerId,
        meeting: NewMeeting,
    ) -> Result<MeetingId> {
        if meeting.agencies.len() > MAX_LIST {
            return Err(Error::invalid("agencies", "too many items"));
        }
        validation::list("practitioners", &meeting.practitioners)?;
        let meeting = NewMeeting {
            kind: validation::line("kind", &meeting.kind, MAX_NAME)?,
            title: validation::line("title", &meeting.title, MAX_NAME)?,
            ..meeting
        };
        let id = MeetingId(self.id());
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::Schedule { id, meeting }),
        )?;
        Ok(id)
    }

    /// Records that `practitioner` attended the meeting (the chair, or the attendee). Refused
    /// where the attendee's agency has no agreement in force at the meeting's start with each
    /// other agency already attending: nobody sits in the room outside the protocol.
    pub fn record_attendance(
        &self,
        actor: PractitionerId,
        meeting: MeetingId,
        practitioner: PractitionerId,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::Attend {
                meeting,
                practitioner,
            }),
        )
    }

    /// A meeting, for a practitioner of an agency it invited; to anyone else it is not found.
    pub fn meeting(&self, viewer: &Viewer, meeting: MeetingId) -> Result<MeetingView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .meetings
                .by_id
                .get(&meeting)
                .and_then(|m| meeting_view(b, m))
                .ok_or(Error::not_found("meeting"))
        })
    }
}
