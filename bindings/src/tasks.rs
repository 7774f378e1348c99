//! Tasks through the bindings: set, accept, start, answer, decline, cancel, reassign, the work
//! lists, and the "what's new" feed (which also carries referrals). The records are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::Timestamp;
pub use safehub::tasks::{TaskDetail, TaskStub};
pub use safehub::{Assignee, FeedItem, NewTask, TaskView};
use safehub::{EntryId, NewEntry, PractitionerId, TaskId, Viewer};

forward! {
    core =>
    /// Sets a task on a case for a practitioner or an agency; returns its id.
    fn set_task(actor: PractitionerId, task: NewTask) -> Result<TaskId> =
        Ok(core.set_task(actor, task)?);
    /// Takes a task on.
    fn accept_task(actor: PractitionerId, task: TaskId) -> Result<()> =
        Ok(core.accept_task(actor, task)?);
    /// Starts work on an accepted task.
    fn start_task(actor: PractitionerId, task: TaskId) -> Result<()> =
        Ok(core.start_task(actor, task)?);
    /// Answers a task: the answer is an entry on the case (its kind is always `TaskAnswer`);
    /// returns the entry's id.
    fn answer_task(actor: PractitionerId, task: TaskId, answer: NewEntry) -> Result<EntryId> =
        Ok(core.answer_task(actor, task, answer)?);
    /// Declines a task, with a reason the setter's agency may read.
    fn decline_task(actor: PractitionerId, task: TaskId, reason: String) -> Result<()> =
        Ok(core.decline_task(actor, task, &reason)?);
    /// Cancels a task (its setter, or a supervisor of the setter's agency).
    fn cancel_task(actor: PractitionerId, task: TaskId) -> Result<()> =
        Ok(core.cancel_task(actor, task)?);
    /// Gives a live or declined task to someone else (its setter).
    fn reassign_task(actor: PractitionerId, task: TaskId, to: Assignee) -> Result<()> =
        Ok(core.reassign_task(actor, task, to)?);
    /// A task as the viewer may see it.
    fn task(viewer: Viewer, task: TaskId) -> Result<TaskView> = Ok(core.task(&viewer, task)?);
    /// Live tasks the viewer holds, and live tasks for their agency that nobody holds yet.
    fn my_tasks(viewer: Viewer) -> Result<Vec<TaskView>> = Ok(core.my_tasks(&viewer)?);
    /// Live tasks for the viewer's agency, whoever holds them.
    fn agency_tasks(viewer: Viewer) -> Result<Vec<TaskView>> = Ok(core.agency_tasks(&viewer)?);
    /// Every task the viewer set, live ones first.
    fn tasks_i_set(viewer: Viewer) -> Result<Vec<TaskView>> = Ok(core.tasks_i_set(&viewer)?);
    /// Live tasks past their due date that the viewer may know of, most overdue first.
    fn overdue_tasks(viewer: Viewer) -> Result<Vec<TaskView>> = Ok(core.overdue_tasks(&viewer)?);
    /// Live tasks due on the day of the read (UTC) that the viewer may know of.
    fn tasks_due_today(viewer: Viewer) -> Result<Vec<TaskView>> =
        Ok(core.tasks_due_today(&viewer)?);
    /// What happened for the viewer after `since`, newest first.
    fn whats_new(viewer: Viewer, since: Timestamp) -> Result<Vec<FeedItem>> =
        Ok(core.whats_new(&viewer, since)?);
}
