//! Work lists: "my tasks", "my agency's tasks", "tasks I set", "overdue" and "due today", each
//! filtered by the sharing rules and sorted the way a practitioner works through them: live
//! tasks before closed ones, soonest due first, then the most urgent, then the oldest.

use super::task::Task;
use super::view::{task_view, TaskView};
use crate::error::{Error, Result};
use crate::ids::TaskId;
use crate::sharing::Engine;
use crate::views::ViewBuilder;
use crate::views::Viewer;
use std::cmp::Reverse;

impl crate::Hub {
    /// One task as the viewer may see it.
    pub fn task(&self, viewer: &Viewer, id: TaskId) -> Result<TaskView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .tasks
                .by_id
                .get(&id)
                .and_then(|t| task_view(b, t))
                .ok_or(Error::not_found("task"))
        })
    }

    /// Live tasks the viewer holds, and live tasks for their agency that nobody holds yet
    /// (which any of its case workers may take on).
    pub fn my_tasks(&self, viewer: &Viewer) -> Result<Vec<TaskView>> {
        self.task_list(viewer, |t, e| {
            !t.state.is_closed() && t.for_practitioner(e.viewer)
        })
    }

    /// Live tasks for the viewer's agency, whoever holds them.
    pub fn agency_tasks(&self, viewer: &Viewer) -> Result<Vec<TaskView>> {
        self.task_list(viewer, |t, e| {
            !t.state.is_closed() && t.agency == e.agency()
        })
    }

    /// Every task the viewer set, live ones first.
    pub fn tasks_i_set(&self, viewer: &Viewer) -> Result<Vec<TaskView>> {
        self.task_list(viewer, |t, e| t.set_by == e.viewer.id)
    }

    /// Live tasks past their due date that the viewer may know of, most overdue first: what the
    /// hub meeting chases.
    pub fn overdue_tasks(&self, viewer: &Viewer) -> Result<Vec<TaskView>> {
        self.read(viewer, |b| Ok(overdue(b)))
    }

    /// Live tasks due on the day of the read (the partnership's local day) that the viewer may
    /// know of.
    pub fn tasks_due_today(&self, viewer: &Viewer) -> Result<Vec<TaskView>> {
        self.read(viewer, |b| Ok(due_today(b)))
    }

    fn task_list(
        &self,
        viewer: &Viewer,
        wanted: impl Fn(&Task, &Engine<'_>) -> bool,
    ) -> Result<Vec<TaskView>> {
        self.read(viewer, |b| Ok(tasks_where(b, wanted)))
    }
}

/// Overdue tasks, within a read: [`Hub::overdue_tasks`](crate::Hub::overdue_tasks).
pub(crate) fn overdue(b: &mut ViewBuilder<'_, '_>) -> Vec<TaskView> {
    tasks_where(b, |t, e| t.is_overdue(e.at))
}

/// Tasks due today, within a read: [`Hub::tasks_due_today`](crate::Hub::tasks_due_today).
pub(crate) fn due_today(b: &mut ViewBuilder<'_, '_>) -> Vec<TaskView> {
    tasks_where(b, |t, e| {
        !t.state.is_closed() && e.state.calendar.same_day(t.due, e.at)
    })
}

/// The tasks `wanted` picks that the viewer may know of: live ones first, then by due date and
/// priority.
fn tasks_where(
    b: &mut ViewBuilder<'_, '_>,
    wanted: impl Fn(&Task, &Engine<'_>) -> bool,
) -> Vec<TaskView> {
    let mut tasks: Vec<&Task> = b
        .engine
        .state
        .tasks
        .by_id
        .values()
        .filter(|t| wanted(t, b.engine))
        .collect();
    tasks.sort_by_key(|t| {
        (
            t.state.is_closed(),
            t.due,
            Reverse(t.priority),
            t.set_at,
            t.id,
        )
    });
    tasks.into_iter().filter_map(|t| task_view(b, t)).collect()
}
