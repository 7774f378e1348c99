//! The hub's methods for tasks: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::commands::*;
use super::feed::*;
use super::lists::*;
use super::task::Assignee;
use super::task::Task;
use super::view::task_view;
use super::view::TaskView;
use crate::commands::Command;
use crate::entries::EntryKind;
use crate::entries::NewEntry;
use crate::error::Error;
use crate::error::Result;
use crate::hub::Hub;
use crate::ids::EntryId;
use crate::ids::PractitionerId;
use crate::ids::TaskId;
use crate::sharing::Engine;
use crate::validation;
use crate::validation::MAX_SHORT;
use crate::validation::MAX_TEXT;
use crate::views::Viewer;
use chrono::DateTime;
use chrono::Utc;

impl Hub {
    /// What happened for the viewer after `since`, newest first: tasks assigned to them (or to
    /// their agency's pool), tasks they set answered or declined, tasks they set or hold gone
    /// overdue, referrals their agency received, and referrals they made accepted or declined.
    /// Every item is decided by the sharing rules.
    pub fn whats_new(&self, viewer: &Viewer, since: DateTime<Utc>) -> Result<Vec<FeedItem>> {
        self.read(viewer, |b| whats_new(b, since))
    }
}

impl Hub {
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

impl Hub {
    /// Sets a task on a case (a case worker on the case team) for a practitioner or an agency
    /// of the partnership. The assignee sees the title and detail because they were sent them;
    /// it does not join the case team.
    pub fn set_task(&self, actor: PractitionerId, t: NewTask) -> Result<TaskId> {
        let task = t.validated()?;
        let id = TaskId(self.id());
        self.execute(actor, Command::Task(TaskCommand::Set { id, task }))?;
        Ok(id)
    }

    /// Takes a task on (the assignee; for an agency task, any of its case workers, who then
    /// holds it).
    pub fn accept_task(&self, actor: PractitionerId, task: TaskId) -> Result<()> {
        self.task_act(actor, task, TaskAct::Accept)
    }

    /// Starts work on an accepted task (its holder).
    pub fn start_task(&self, actor: PractitionerId, task: TaskId) -> Result<()> {
        self.task_act(actor, task, TaskAct::Start)
    }

    /// Answers a task (its holder, or any case worker of the assigned agency for an agency task
    /// nobody holds yet). The answer is written as an entry on the case with the visibility and
    /// category the answerer chooses, so the sharing rules decide who reads it; its kind is
    /// always [`EntryKind::TaskAnswer`].
    pub fn answer_task(
        &self,
        actor: PractitionerId,
        task: TaskId,
        answer: NewEntry,
    ) -> Result<EntryId> {
        let answer = NewEntry {
            kind: EntryKind::TaskAnswer,
            text: validation::text("answer", &answer.text, MAX_TEXT)?,
            ..answer
        };
        let entry = EntryId(self.id());
        self.task_act(actor, task, TaskAct::Answer { entry, answer })?;
        Ok(entry)
    }

    /// Declines a task, with a reason the setter's agency may read.
    pub fn decline_task(&self, actor: PractitionerId, task: TaskId, reason: &str) -> Result<()> {
        let reason = validation::line("reason", reason, MAX_SHORT)?;
        self.task_act(actor, task, TaskAct::Decline { reason })
    }

    /// Cancels a task (its setter, or a supervisor of the setter's agency).
    pub fn cancel_task(&self, actor: PractitionerId, task: TaskId) -> Result<()> {
        self.task_act(actor, task, TaskAct::Cancel)
    }

    /// Gives a live or declined task to someone else (its setter): it opens again.
    pub fn reassign_task(&self, actor: PractitionerId, task: TaskId, to: Assignee) -> Result<()> {
        self.task_act(actor, task, TaskAct::Reassign { to })
    }

    fn task_act(&self, actor: PractitionerId, task: TaskId, act: TaskAct) -> Result<()> {
        self.execute(actor, Command::Task(TaskCommand::Act { task, act }))
    }
}
