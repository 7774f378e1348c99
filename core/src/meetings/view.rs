//! What a viewer sees of a meeting: the record of it (kind, title, time, chair, invitations,
//! attendance). It holds no content about anyone, so it is shown whole to those who may know of
//! the meeting and is not logged as a disclosure; to anyone else it does not exist.

use super::meeting::Meeting;
use crate::ids::MeetingId;
use crate::views::{AgencyRef, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A meeting as its invitees see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MeetingView {
    /// Its id.
    pub id: MeetingId,
    /// Its kind.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts: DateTime<Utc>,
    /// Who chairs it.
    pub chair: PractitionerRef,
    /// The agencies invited.
    pub agencies: Vec<AgencyRef>,
    /// The practitioners invited by name.
    pub practitioners: Vec<PractitionerRef>,
    /// Who attended, in the order recorded.
    pub attendees: Vec<PractitionerRef>,
}

/// The meeting as the builder's viewer sees it, or `None` where they may not know of it.
pub(crate) fn meeting_view(b: &ViewBuilder<'_, '_>, m: &Meeting) -> Option<MeetingView> {
    if !super::known_to(b.engine, m) {
        return None;
    }
    Some(MeetingView {
        id: m.id,
        kind: m.kind.clone(),
        title: m.title.clone(),
        starts: m.starts,
        chair: b.named_practitioner(m.chair),
        agencies: m.agencies.iter().map(|a| b.agency(*a)).collect(),
        practitioners: m
            .practitioners
            .iter()
            .map(|p| b.named_practitioner(*p))
            .collect(),
        attendees: m
            .attendees
            .iter()
            .map(|p| b.named_practitioner(*p))
            .collect(),
    })
}
