//! Work lists: "my tasks", "my agency's tasks", "tasks I set", "overdue" and "due today", each
//! filtered by the sharing rules and sorted the way a practitioner works through them: live
//! tasks before closed ones, soonest due first, then the most urgent, then the oldest.

use super::task::Task;
use super::view::{task_view, TaskView};
use crate::sharing::Engine;
use crate::views::ViewBuilder;
use std::cmp::Reverse;

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
pub(super) fn tasks_where(
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
