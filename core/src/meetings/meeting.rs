//! A meeting of the hub as recorded: its kind, title and time, its chair, whom it invited and
//! who attended, and what was disclosed at it. Nouns only: who may schedule, attend and
//! disclose is decided in `commands`.

use crate::audit::ContentKind;
use crate::ids::{
    AgencyId, AgreementId, AssessmentId, CaseId, EntryId, LocationId, MeetingId, PersonId,
    PractitionerId, TaskId,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// A meeting as scheduled, with its attendance so far.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// Its id.
    pub id: MeetingId,
    /// Its kind as the partnership names it ("daily hub meeting", "complex case panel"): a
    /// label, not a code. Actions carry over between meetings of the same kind, compared
    /// without regard to case or runs of white space.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// When it starts: the agreements in force then decide who may sit in it.
    pub starts: DateTime<Utc>,
    /// Who chairs it.
    pub chair: PractitionerId,
    /// The agencies invited: those named, the chair's, and those of the invited practitioners.
    pub agencies: BTreeSet<AgencyId>,
    /// The practitioners invited by name.
    pub practitioners: BTreeSet<PractitionerId>,
    /// Who scheduled it.
    pub scheduled_by: PractitionerId,
    /// When it was scheduled.
    pub scheduled_at: DateTime<Utc>,
    /// Who attended, in the order their attendance was recorded.
    pub attendees: Vec<PractitionerId>,
    /// The decisions recorded (entries of kind decision on the cases discussed), in order.
    pub decisions: Vec<Agreed<EntryId>>,
    /// The actions agreed (tasks), in order.
    pub actions: Vec<Agreed<TaskId>>,
    /// Items added to its agenda by hand, in order.
    pub added: Vec<AgendaSubject>,
}

/// Something added to a meeting's agenda by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum AgendaSubject {
    /// A case.
    Case {
        /// Its id.
        id: CaseId,
    },
    /// A person.
    Person {
        /// Their id.
        id: PersonId,
    },
    /// A place.
    Location {
        /// Its id.
        id: LocationId,
    },
}

/// A decision or an action of a meeting, and the disclosures made at it that it rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreed<Id> {
    /// The entry (a decision) or the task (an action).
    pub id: Id,
    /// The items disclosed at the meeting that it rests on.
    pub rests_on: Vec<MeetingItem>,
}

impl Meeting {
    /// Whether `kind` names this meeting's kind (case and runs of white space aside).
    pub fn is_kind(&self, kind: &str) -> bool {
        crate::validation::normalise(&self.kind) == crate::validation::normalise(kind)
    }
}

/// A meeting to schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewMeeting {
    /// Its kind, e.g. "Daily hub meeting", "Complex case panel", "Marac-style risk conference".
    pub kind: String,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts: DateTime<Utc>,
    /// Who chairs it: an active case worker of a member agency (their agency is invited).
    pub chair: PractitionerId,
    /// The agencies invited (member agencies; the chair's is added).
    pub agencies: Vec<AgencyId>,
    /// Practitioners invited by name (active, of member agencies, whose agencies are added).
    pub practitioners: Vec<PractitionerId>,
}

/// Something an agency may disclose at a meeting: content of its own that the sharing rules
/// decide item by item. (An incident is not among them: every partner under an agreement
/// covering its category already reads it, so a disclosure would grant nothing.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MeetingItem {
    /// An entry on a case.
    Entry {
        /// Its id.
        id: EntryId,
    },
    /// A risk assessment.
    Assessment {
        /// Its id.
        id: AssessmentId,
    },
    /// A task's title and detail.
    Task {
        /// Its id.
        id: TaskId,
    },
}

impl MeetingItem {
    /// The kind of record, as a not-found error names it.
    pub(crate) fn what(self) -> &'static str {
        match self {
            MeetingItem::Entry { .. } => "entry",
            MeetingItem::Assessment { .. } => "assessment",
            MeetingItem::Task { .. } => "task",
        }
    }

    /// The item as the consultation log and the sharing engine name content.
    pub(crate) fn content_key(self) -> (ContentKind, Uuid) {
        match self {
            MeetingItem::Entry { id } => (ContentKind::Entry, id.0),
            MeetingItem::Assessment { id } => (ContentKind::RiskAssessment, id.0),
            MeetingItem::Task { id } => (ContentKind::Task, id.0),
        }
    }
}

/// A disclosure at a meeting, as the law has it (DPA 2018 s62): the owner disclosed the item to
/// the attendees whose agencies an agreement in force covers, at a time, for a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// The meeting.
    pub meeting: MeetingId,
    /// What was disclosed.
    pub item: MeetingItem,
    /// The agency that owns it.
    pub owner: AgencyId,
    /// Who disclosed it.
    pub by: PractitionerId,
    /// When.
    pub at: DateTime<Utc>,
    /// The agreement the discloser named, if they named one.
    pub agreement: Option<AgreementId>,
    /// Why, in the discloser's words.
    pub justification: String,
    /// The attendees it was disclosed to, in the order they attended: those of the owner's
    /// agency and those whose agency an agreement in force covered.
    pub recipients: Vec<PractitionerId>,
}
