//! A meeting of the hub as recorded: its kind, title and time, its chair, whom it invited and
//! who attended. Nouns only: who may schedule and attend is decided in `commands`.

use crate::ids::{AgencyId, MeetingId, PractitionerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
