//! A meeting's minutes for one viewer, as data and as Markdown: the record of the meeting, the
//! disclosures made at it whose items the viewer reads, and its decisions and actions as the
//! viewer sees each (an entry or a task under the sharing rules: in full, as a stub, or not at
//! all). Built in one read session, logged as one consultation made for the meeting.

use super::meeting::Meeting;
use super::view::{disclosures_at, meeting_view, DisclosedContent, DisclosureView, MeetingView};
use crate::briefing::markdown::{esc, section, task, time};
use crate::error::{Error, Result};
use crate::tasks::TaskView;
use crate::views::{EntryView, ViewBuilder};
use serde::{Deserialize, Serialize};

/// A meeting's minutes as one viewer sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Minutes {
    /// The meeting: who chaired, who was invited, who attended.
    pub meeting: MeetingView,
    /// What was disclosed at it that the viewer reads, in the order disclosed.
    pub disclosures: Vec<DisclosureView>,
    /// Its decisions as the viewer sees each entry, in order (those hidden even as a stub are
    /// left out).
    pub decisions: Vec<EntryView>,
    /// Its actions as the viewer sees each task, in order.
    pub actions: Vec<TaskView>,
}

impl Minutes {
    /// The minutes as Markdown, every piece of text escaped.
    pub fn to_markdown(&self) -> String {
        let m = &self.meeting;
        let mut out = format!(
            "# {} ({})\n\n{} (UTC), chaired by {}.\n",
            esc(&m.title),
            esc(&m.kind),
            time(m.starts),
            esc(&m.chair.name)
        );
        section(
            &mut out,
            "Attended",
            m.attendees
                .iter()
                .map(|p| format!("- {}", esc(&p.name)))
                .collect(),
        );
        section(
            &mut out,
            "Disclosed",
            self.disclosures.iter().map(disclosure).collect(),
        );
        section(
            &mut out,
            "Decisions",
            self.decisions.iter().map(entry).collect(),
        );
        section(&mut out, "Actions", self.actions.iter().map(task).collect());
        out
    }
}

fn entry(e: &EntryView) -> String {
    match e {
        EntryView::Full(d) => format!(
            "- {} ({}): {}",
            time(d.at),
            esc(&d.agency.name),
            esc(&d.text)
        ),
        EntryView::Stub(s) => format!(
            "- {} ({}): not shared with you; ask them",
            time(s.at),
            esc(&s.agency.name)
        ),
    }
}

fn disclosure(d: &DisclosureView) -> String {
    let what = match &d.content {
        DisclosedContent::Entry { entry } => esc(&entry.text),
        DisclosedContent::Assessment { assessment } => {
            format!("a risk assessment: {}", assessment.level.as_str())
        }
        DisclosedContent::Task { task } => format!("a task: {}", esc(&task.title)),
    };
    format!(
        "- {} by {} ({}): {}",
        time(d.at),
        esc(&d.by.name),
        esc(&d.agency.name),
        what
    )
}

/// The minutes of `m` for the builder's viewer.
pub(crate) fn minutes(b: &mut ViewBuilder<'_, '_>, m: &Meeting) -> Result<Minutes> {
    let state = b.engine.state;
    let meeting = meeting_view(b, m).ok_or(Error::not_found("meeting"))?;
    let disclosures = disclosures_at(b, m);
    let mut decisions = Vec::new();
    for d in &m.decisions {
        decisions.extend(state.entries.get(&d.id).and_then(|e| b.entry(e)));
    }
    let mut actions = Vec::new();
    for a in &m.actions {
        actions.extend(
            state
                .tasks
                .by_id
                .get(&a.id)
                .and_then(|t| crate::tasks::view::task_view(b, t)),
        );
    }
    Ok(Minutes {
        meeting,
        disclosures,
        decisions,
        actions,
    })
}
