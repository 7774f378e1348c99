//! Hub meetings through the bindings: scheduling and attendance, disclosures, decisions and
//! actions, the agenda and the minutes (as data, and as Markdown through
//! [`minutes_to_markdown`], a function of the minutes rather than another read). The records
//! are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::meetings::{
    Agenda, AgendaItemView, AgendaSubject, DisclosedContent, DisclosureRecord, DisclosureView,
    MeetingItem, MeetingRef, Minutes,
};
use safehub::{
    AgreementId, CaseId, EntryId, MeetingId, NewEntry, NewTask, PractitionerId, TaskId, Viewer,
};
pub use safehub::{MeetingView, NewMeeting};

/// Minutes (as `Hub::meeting_minutes` returned them) as Markdown, every piece of text escaped:
/// rendering them neither reads the hub again nor logs a second consultation.
#[uniffi::export]
pub fn minutes_to_markdown(minutes: Minutes) -> String {
    minutes.to_markdown()
}

forward! {
    core =>
    /// Schedules a meeting (a case worker); returns its id.
    fn schedule_meeting(actor: PractitionerId, meeting: NewMeeting) -> Result<MeetingId> =
        Ok(core.schedule_meeting(actor, meeting)?);
    /// Records that a practitioner attended (the chair, or the attendee); refused where their
    /// agency has no agreement in force with each other attending agency.
    fn record_attendance(
        actor: PractitionerId,
        meeting: MeetingId,
        practitioner: PractitionerId,
    ) -> Result<()> = Ok(core.record_attendance(actor, meeting, practitioner)?);
    /// A meeting, for a practitioner of an agency it invited.
    fn meeting(viewer: Viewer, meeting: MeetingId) -> Result<MeetingView> =
        Ok(core.meeting(&viewer, meeting)?);
    /// Discloses an item the actor's agency owns to the attendees an agreement in force covers.
    fn disclose_at_meeting(
        actor: PractitionerId,
        meeting: MeetingId,
        item: MeetingItem,
        agreement: Option<AgreementId>,
        justification: String,
    ) -> Result<()> =
        Ok(core.disclose_at_meeting(actor, meeting, item, agreement, &justification)?);
    /// The items disclosed at a meeting that the viewer reads in full.
    fn meeting_disclosures(viewer: Viewer, meeting: MeetingId) -> Result<Vec<DisclosureView>> =
        Ok(core.meeting_disclosures(&viewer, meeting)?);
    /// The viewer's agency's disclosures at meetings between `from` and `to` (its s62 log).
    fn meeting_disclosure_log(viewer: Viewer, from: Timestamp, to: Timestamp)
        -> Result<Vec<DisclosureRecord>> = Ok(core.meeting_disclosure_log(&viewer, from, to)?);
    /// Records a decision of the meeting as an entry on the case; returns the entry's id.
    fn record_meeting_decision(
        actor: PractitionerId,
        meeting: MeetingId,
        case: CaseId,
        note: NewEntry,
        rests_on: Vec<MeetingItem>,
    ) -> Result<EntryId> =
        Ok(core.record_meeting_decision(actor, meeting, case, note, rests_on)?);
    /// Agrees an action at the meeting as a task; returns the task's id.
    fn agree_action(
        actor: PractitionerId,
        meeting: MeetingId,
        task: NewTask,
        rests_on: Vec<MeetingItem>,
    ) -> Result<TaskId> = Ok(core.agree_action(actor, meeting, task, rests_on)?);
    /// Adds a case, a person or a place to the meeting's agenda.
    fn add_agenda_item(actor: PractitionerId, meeting: MeetingId, item: AgendaSubject)
        -> Result<()> = Ok(core.add_agenda_item(actor, meeting, item)?);
    /// The meeting's agenda as the viewer sees it.
    fn meeting_agenda(viewer: Viewer, meeting: MeetingId) -> Result<Agenda> =
        Ok(core.meeting_agenda(&viewer, meeting)?);
    /// The meeting's minutes as the viewer sees them, logged as one read for the meeting.
    fn meeting_minutes(viewer: Viewer, meeting: MeetingId) -> Result<Minutes> =
        Ok(core.meeting_minutes(&viewer, meeting)?);
}
