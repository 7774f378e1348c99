//! Tasking: work a practitioner sets on a case for another practitioner or for an agency, and
//! the answer that comes back (DESIGN.md section 6).
//!
//! A task moves along [`TaskState::can_become`]; overdue is derived from the clock. The answer
//! is an entry on the case ([`EntryKind::TaskAnswer`](crate::EntryKind)) written in the same
//! append as the [`TaskAnswered`](crate::events::Event::TaskAnswered) event, so the sharing
//! rules decide who reads it like any other entry. Reads are the work lists (`Hub::my_tasks` and
//! its siblings) and the "what's new" [`feed`].

mod api;

mod commands;
pub mod feed;
mod lists;
pub mod task;
pub mod view;

pub use crate::reasons::Reason;
pub use commands::NewTask;
pub(crate) use commands::{decide_task, TaskCommand};
pub use feed::FeedItem;
pub(crate) use lists::{due_today, overdue};
pub use task::{Assignee, Priority, Task, TaskState};
pub use view::{TaskDetail, TaskStub, TaskView};

use crate::events::Event;
use crate::ids::TaskId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The tasks projection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct TaskBook {
    pub by_id: BTreeMap<TaskId, Task>,
}

impl TaskBook {
    /// Applies a task event recorded at `at`; other events are not its business.
    pub fn apply(&mut self, at: DateTime<Utc>, event: &Event) {
        if let Event::TaskSet { task } = event {
            self.by_id.insert(task.id, task.clone());
            return;
        }
        let (id, next) = match event {
            Event::TaskAccepted { task, .. } => (task, TaskState::Accepted),
            Event::TaskStarted { task, .. } => (task, TaskState::InProgress),
            Event::TaskAnswered { task, .. } => (task, TaskState::Done),
            Event::TaskDeclined { task, .. } => (task, TaskState::Declined),
            Event::TaskCancelled { task, .. } => (task, TaskState::Cancelled),
            Event::TaskReassigned { task, .. } => (task, TaskState::Open),
            _ => return,
        };
        let Some(t) = self.by_id.get_mut(id) else {
            return;
        };
        t.state = next;
        t.changed_at = at;
        match event {
            // Taking on or answering an agency task makes the practitioner its holder.
            Event::TaskAccepted { by, .. } | Event::TaskAnswered { by, .. } => {
                t.practitioner = Some(*by);
                if let Event::TaskAnswered { entry, .. } = event {
                    t.answer = Some(*entry);
                }
            }
            Event::TaskDeclined { reason, .. } => t.declined = Some(reason.clone()),
            Event::TaskReassigned {
                agency,
                practitioner,
                ..
            } => {
                t.agency = *agency;
                t.practitioner = *practitioner;
                t.assigned_at = at;
                t.declined = None;
            }
            _ => {}
        }
    }
}
