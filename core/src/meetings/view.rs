//! What a viewer sees of a meeting: the record of it (kind, title, time, chair, invitations,
//! attendance), which holds no content about anyone, so it is shown whole to those who may know
//! of the meeting and is not logged as a disclosure (to anyone else it does not exist); the
//! items disclosed at it, each as the viewer reads it in full or not at all; and the owner's
//! s62 log of its own disclosures.

use super::meeting::{Disclosure, Meeting, MeetingItem};
use crate::ids::{AgreementId, EntryId, MeetingId, TaskId};
use crate::risk::AssessmentDetail;
use crate::tasks::{TaskDetail, TaskView};
use crate::views::{AgencyRef, EntryDetail, EntryView, PractitionerRef, ViewBuilder};
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
    /// The entries recording its decisions, in order (read them as entries: the sharing rules
    /// decide who reads each).
    pub decisions: Vec<EntryId>,
    /// The tasks agreed as its actions, in order (read them as tasks).
    pub actions: Vec<TaskId>,
}

/// A meeting as a log line names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MeetingRef {
    /// Its id.
    pub id: MeetingId,
    /// Its kind.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// When it starts.
    pub starts: DateTime<Utc>,
}

/// An item disclosed at a meeting, in full as the viewer reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum DisclosedContent {
    /// An entry.
    Entry {
        /// The entry.
        entry: EntryDetail,
    },
    /// A risk assessment.
    Assessment {
        /// The assessment.
        assessment: Box<AssessmentDetail>,
    },
    /// A task's title and detail.
    Task {
        /// The task.
        task: Box<TaskDetail>,
    },
}

/// A disclosure at a meeting as a viewer who reads its item sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisclosureView {
    /// What was disclosed.
    pub item: MeetingItem,
    /// When.
    pub at: DateTime<Utc>,
    /// Who disclosed it.
    pub by: PractitionerRef,
    /// The owning agency.
    pub agency: AgencyRef,
    /// The item itself.
    pub content: DisclosedContent,
}

/// One disclosure in the owning agency's log (DPA 2018 s62: justification, time, recipients).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DisclosureRecord {
    /// The meeting it was made at.
    pub meeting: MeetingRef,
    /// What was disclosed.
    pub item: MeetingItem,
    /// Who disclosed it.
    pub by: PractitionerRef,
    /// When.
    pub at: DateTime<Utc>,
    /// The agreement the discloser named, if any.
    pub agreement: Option<AgreementId>,
    /// Why.
    pub justification: String,
    /// To whom, in the order they attended.
    pub recipients: Vec<PractitionerRef>,
}

/// The meeting as a log line names it.
pub(crate) fn meeting_ref(m: &Meeting) -> MeetingRef {
    MeetingRef {
        id: m.id,
        kind: m.kind.clone(),
        title: m.title.clone(),
        starts: m.starts,
    }
}

/// The item of `d` as the viewer reads it in full (noting the disclosure for the consultation
/// log), or `None` where they do not.
pub(crate) fn disclosed_content(
    b: &mut ViewBuilder<'_, '_>,
    item: MeetingItem,
) -> Option<DisclosedContent> {
    let state = b.engine.state;
    match item {
        MeetingItem::Entry { id } => match b.entry(state.entries.get(&id)?)? {
            EntryView::Full(entry) => Some(DisclosedContent::Entry { entry }),
            EntryView::Stub(_) => None,
        },
        MeetingItem::Assessment { id } => {
            match crate::risk::assessment_view(b, state.risk.assessments.get(&id)?)? {
                crate::risk::AssessmentView::Full(assessment) => {
                    Some(DisclosedContent::Assessment { assessment })
                }
                crate::risk::AssessmentView::Stub(_) => None,
            }
        }
        MeetingItem::Task { id } => {
            match crate::tasks::view::task_view(b, state.tasks.by_id.get(&id)?)? {
                TaskView::Full(task) => Some(DisclosedContent::Task { task }),
                TaskView::Stub(_) => None,
            }
        }
    }
}

/// The disclosures at `m` whose items the viewer reads in full, in the order made.
pub(crate) fn disclosures_at(b: &mut ViewBuilder<'_, '_>, m: &Meeting) -> Vec<DisclosureView> {
    let state = b.engine.state;
    let mut out = Vec::new();
    for d in state
        .meetings
        .disclosures
        .iter()
        .filter(|d| d.meeting == m.id)
    {
        if let Some(content) = disclosed_content(b, d.item) {
            out.push(DisclosureView {
                item: d.item,
                at: d.at,
                by: b.named_practitioner(d.by),
                agency: b.agency(d.owner),
                content,
            });
        }
    }
    out
}

/// A disclosure as its owner's log shows it.
pub(crate) fn record(b: &ViewBuilder<'_, '_>, m: &Meeting, d: &Disclosure) -> DisclosureRecord {
    DisclosureRecord {
        meeting: meeting_ref(m),
        item: d.item,
        by: b.named_practitioner(d.by),
        at: d.at,
        agreement: d.agreement,
        justification: d.justification.clone(),
        recipients: d
            .recipients
            .iter()
            .map(|p| b.named_practitioner(*p))
            .collect(),
    }
}

/// The meeting as the builder's viewer sees it, or `None` where they may not know of it.
pub(crate) fn meeting_view(b: &ViewBuilder<'_, '_>, m: &Meeting) -> Option<MeetingView> {
    if !known_to(b.engine, m) {
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
        decisions: m.decisions.iter().map(|d| d.id).collect(),
        actions: m.actions.iter().map(|a| a.id).collect(),
    })
}

/// Whether the engine's viewer may know of the meeting: a member of an invited agency.
pub(crate) fn known_to(engine: &crate::sharing::Engine<'_>, meeting: &Meeting) -> bool {
    engine.is_member() && meeting.agencies.contains(&engine.agency())
}

/// The meeting `id`, where the engine's viewer may know of it; otherwise the one answer an
/// unknown id gets.
pub(crate) fn known<'s>(
    engine: &crate::sharing::Engine<'s>,
    id: crate::ids::MeetingId,
) -> crate::error::Result<&'s Meeting> {
    engine
        .state
        .meetings
        .by_id
        .get(&id)
        .filter(|m| known_to(engine, m))
        .ok_or(crate::error::Error::not_found("meeting"))
}
