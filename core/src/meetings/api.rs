//! The hub's methods for meetings: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::agenda::{agenda, Agenda};
use super::commands::MeetingCommand;
use super::meeting::{AgendaSubject, MeetingItem, NewMeeting};
use super::minutes::{minutes, Minutes};
use super::view::{
    disclosures_at, meeting_view, record, DisclosureRecord, DisclosureView, MeetingView,
};
use crate::commands::Command;
use crate::entries::NewEntry;
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::ids::{AgreementId, CaseId, EntryId, MeetingId, PractitionerId, TaskId};
use crate::tasks::NewTask;
use crate::validation::{self, MAX_LIST, MAX_NAME, MAX_SHORT, MAX_TEXT};
use crate::views::Viewer;
use chrono::{DateTime, Utc};

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
            starts: crate::clock::truncate_to_micros(meeting.starts),
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

    /// Records that the actor, attending the meeting, disclosed an item their agency owns (an
    /// entry, a risk assessment, a task) to the attendees there now whose agencies an agreement
    /// in force covers its category with (only the named agreement, where one is named). They
    /// read it in full from then on wherever it is shown, while an agreement in force covers
    /// it. Refused, with the reason, where no attendee of another agency is covered; an item the
    /// actor may not know of is not found, as an unknown one.
    pub fn disclose_at_meeting(
        &self,
        actor: PractitionerId,
        meeting: MeetingId,
        item: MeetingItem,
        agreement: Option<AgreementId>,
        justification: &str,
    ) -> Result<()> {
        let justification = validation::line("justification", justification, MAX_SHORT)?;
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::Disclose {
                meeting,
                item,
                agreement,
                justification,
            }),
        )
    }

    /// The items disclosed at a meeting that the viewer reads in full, in the order disclosed
    /// (each read is logged as a consultation). Items the viewer does not read are left out, as
    /// if never disclosed.
    pub fn meeting_disclosures(
        &self,
        viewer: &Viewer,
        meeting: MeetingId,
    ) -> Result<Vec<DisclosureView>> {
        self.read(viewer, |b| {
            let m = super::view::known(b.engine, meeting)?;
            Ok(disclosures_at(b, m))
        })
    }

    /// The viewer's agency's disclosures at meetings made between `from` and `to`, oldest first:
    /// the DPA 2018 s62 log of what was disclosed to whom, when and why (supervisors and agency
    /// admins of the owning agency, as for [`Hub::consultations`]).
    pub fn meeting_disclosure_log(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<DisclosureRecord>> {
        self.read(viewer, |b| {
            if !b.engine.viewer.role.is_supervisor() {
                return Err(Error::forbidden(
                    "meeting_disclosure_log",
                    "needs a supervisor or agency admin role",
                ));
            }
            let state = b.engine.state;
            Ok(state
                .meetings
                .disclosures
                .iter()
                .filter(|d| d.owner == b.engine.agency() && d.at >= from && d.at < to)
                .filter_map(|d| Some(record(b, state.meetings.by_id.get(&d.meeting)?, d)))
                .collect())
        })
    }

    /// Records a decision of the meeting (an attendee who works the case): an entry of kind
    /// decision on the case, under the sharing rules like any entry, citing the items disclosed
    /// to the actor at the meeting that it rests on.
    pub fn record_meeting_decision(
        &self,
        actor: PractitionerId,
        meeting: MeetingId,
        case: CaseId,
        note: NewEntry,
        rests_on: Vec<MeetingItem>,
    ) -> Result<EntryId> {
        validation::list("rests_on", &rests_on)?;
        let note = NewEntry {
            text: validation::text("text", &note.text, MAX_TEXT)?,
            ..note
        };
        let id = EntryId(self.id());
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::Decide {
                meeting,
                id,
                case,
                note,
                rests_on,
            }),
        )?;
        Ok(id)
    }

    /// Agrees an action at the meeting (an attendee who works the case): a task set as
    /// [`Hub::set_task`] sets one, citing the items disclosed to the actor at the meeting that it
    /// rests on. Until it is done it is carried onto the agenda of later meetings of the kind.
    pub fn agree_action(
        &self,
        actor: PractitionerId,
        meeting: MeetingId,
        task: NewTask,
        rests_on: Vec<MeetingItem>,
    ) -> Result<TaskId> {
        validation::list("rests_on", &rests_on)?;
        let task = task.validated()?;
        let id = TaskId(self.id());
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::Act {
                meeting,
                id,
                task,
                rests_on,
            }),
        )?;
        Ok(id)
    }

    /// Adds a case, a person or a place to the meeting's agenda (a practitioner of an invited
    /// agency who may know of it; once).
    pub fn add_agenda_item(
        &self,
        actor: PractitionerId,
        meeting: MeetingId,
        item: AgendaSubject,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Meeting(MeetingCommand::AddToAgenda { meeting, item }),
        )
    }

    /// The meeting's agenda as the viewer sees it (a practitioner of an invited agency), from
    /// one read session: see [`Agenda`].
    pub fn meeting_agenda(&self, viewer: &Viewer, meeting: MeetingId) -> Result<Agenda> {
        self.read(viewer, |b| {
            let m = super::view::known(b.engine, meeting)?;
            agenda(b, m)
        })
    }

    /// The meeting's minutes as the viewer sees them (a practitioner of an invited agency), from
    /// one read session logged as one consultation made for the meeting.
    pub fn meeting_minutes(&self, viewer: &Viewer, meeting: MeetingId) -> Result<Minutes> {
        self.read_for(viewer, Some(meeting), |b| {
            let m = super::view::known(b.engine, meeting)?;
            minutes(b, m)
        })
    }
}
