//! Hub meetings as a record (issue 23): the daily hub meeting, complex case panels, risk
//! conferences. This module owns the meeting itself (kinds as labels, the chair, invitations,
//! attendance), the rule that nobody sits in the meeting outside the information sharing
//! protocol, who may know that a meeting exists, and the disclosures made at it (the sharing
//! engine honours them through `MeetingBook::disclosed_to`).
//!
//! A meeting is known to the practitioners of the agencies it invited, and to nobody else: to
//! anyone else it is not found, exactly as an id never recorded. Attendance is recorded by the
//! chair or by the attendee, once, for a practitioner of an invited agency whose agency has an
//! agreement in force at the meeting's start with each other agency already attending ("nobody
//! in the room sits outside of our information sharing protocols"); `docs/meetings.md` says
//! what each call does and why.
//!
//! A disclosure is recorded by an attendee of the owning agency, for an entry, a risk
//! assessment or a task of that agency, and names its recipients: the attendees at that moment
//! of the owner's agency and of each agency an agreement in force covers the item's category
//! with. From then on a recipient reads the item in full wherever it is shown, as long as an
//! agreement in force at the read covers it; an attendee who arrives later, or a colleague who
//! was not there, does not.

mod agenda;
mod api;
mod commands;
pub mod meeting;
mod minutes;
pub mod view;

pub use agenda::{Agenda, AgendaItemView, PRIORITY_LISTED};
pub(crate) use commands::{decide_meeting, MeetingCommand};
pub use meeting::{AgendaSubject, Agreed, Disclosure, Meeting, MeetingItem, NewMeeting};
pub use minutes::Minutes;
pub use view::{DisclosedContent, DisclosureRecord, DisclosureView, MeetingRef, MeetingView};

use crate::audit::ContentKind;
use crate::events::Event;
use crate::ids::{MeetingId, PractitionerId};
use crate::projection::Derived;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// The meetings projection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct MeetingBook {
    pub by_id: BTreeMap<MeetingId, Meeting>,
    /// Every disclosure at a meeting, in the order recorded.
    pub disclosures: Vec<Disclosure>,
    /// The disclosures of each item, by the item's id: positions in `disclosures`.
    pub by_item: Derived<HashMap<Uuid, Vec<usize>>>,
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
            Event::MeetingDecisionRecorded {
                meeting,
                entry,
                rests_on,
            } => {
                if let Some(m) = self.by_id.get_mut(meeting) {
                    m.decisions.push(Agreed {
                        id: *entry,
                        rests_on: rests_on.clone(),
                    });
                }
            }
            Event::MeetingActionAgreed {
                meeting,
                task,
                rests_on,
            } => {
                if let Some(m) = self.by_id.get_mut(meeting) {
                    m.actions.push(Agreed {
                        id: *task,
                        rests_on: rests_on.clone(),
                    });
                }
            }
            Event::AgendaItemAdded { meeting, item, .. } => {
                if let Some(m) = self.by_id.get_mut(meeting) {
                    m.added.push(*item);
                }
            }
            Event::DisclosedAtMeeting { disclosure } => {
                let (_, id) = disclosure.item.content_key();
                self.by_item
                    .entry(id)
                    .or_default()
                    .push(self.disclosures.len());
                self.disclosures.push(disclosure.clone());
            }
            _ => {}
        }
    }

    /// Whether the item (`kind`, `id`) was disclosed at a meeting to `viewer`.
    pub fn disclosed_to(&self, kind: ContentKind, id: Uuid, viewer: PractitionerId) -> bool {
        self.by_item.get(&id).is_some_and(|at| {
            at.iter()
                .filter_map(|i| self.disclosures.get(*i))
                .any(|d| d.item.content_key().0 == kind && d.recipients.contains(&viewer))
        })
    }
}
