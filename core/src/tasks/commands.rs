//! Task commands: who may set, take on, answer, decline, cancel and reassign a task, and the
//! events each one records. The `Hub` methods validate input and draw ids; `decide` checks
//! references, permissions and the transition table.

use super::task::{Assignee, Priority, Task, TaskState};
use crate::cases::CaseStatus;
use crate::checks::{member_agency, practitioner_of, works_case};
use crate::entries::NewEntry;
use crate::entries::{Entry, EntryKind, InformationCategory};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, CaseId, EntryId, PractitionerId, TaskId};
use crate::partnership::Practitioner;
use crate::reasons::Reason;
use crate::state::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A new task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewTask {
    /// The case it is about.
    pub case: CaseId,
    /// Whom it is for.
    pub assignee: Assignee,
    /// A one-line title.
    pub title: String,
    /// What is asked.
    pub detail: String,
    /// The information category of the title and detail (what an agreement must cover).
    pub category: InformationCategory,
    /// When it is due (not in the past).
    pub due: DateTime<Utc>,
    /// How urgent it is.
    pub priority: Priority,
}

impl NewTask {
    /// The task with its title and detail checked and its due time as the journal stores it.
    pub(crate) fn validated(self) -> Result<NewTask> {
        Ok(NewTask {
            title: crate::validation::line("title", &self.title, crate::validation::MAX_NAME)?,
            detail: crate::validation::text("detail", &self.detail, crate::validation::MAX_TEXT)?,
            due: crate::clock::truncate_to_micros(self.due),
            ..self
        })
    }
}

/// A change to a task, validated, with its ids drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskCommand {
    Set { id: TaskId, task: NewTask },
    Act { task: TaskId, act: TaskAct },
}

/// Something done to an existing task.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TaskAct {
    Accept,
    Start,
    Answer { entry: EntryId, answer: NewEntry },
    Decline { reason: String },
    Cancel,
    Reassign { to: Assignee },
}

impl TaskCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            TaskCommand::Set { .. } => "set_task",
            TaskCommand::Act { act, .. } => match act {
                TaskAct::Accept => "accept_task",
                TaskAct::Start => "start_task",
                TaskAct::Answer { .. } => "answer_task",
                TaskAct::Decline { .. } => "decline_task",
                TaskAct::Cancel => "cancel_task",
                TaskAct::Reassign { .. } => "reassign_task",
            },
        }
    }
}

impl TaskAct {
    /// The state the act moves a task to.
    fn next(&self) -> TaskState {
        match self {
            TaskAct::Accept => TaskState::Accepted,
            TaskAct::Start => TaskState::InProgress,
            TaskAct::Answer { .. } => TaskState::Done,
            TaskAct::Decline { .. } => TaskState::Declined,
            TaskAct::Cancel => TaskState::Cancelled,
            TaskAct::Reassign { .. } => TaskState::Open,
        }
    }
}

/// Checks `who` may carry out `cmd` at `at`, and returns the events.
pub(crate) fn decide_task(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: TaskCommand,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    match cmd {
        TaskCommand::Set { id, task } => set(state, who, at, id, task, action),
        TaskCommand::Act { task, act } => {
            // `decide` has already checked the actor may know of it.
            let task = state
                .tasks
                .by_id
                .get(&task)
                .ok_or(Error::not_found("task"))?;
            act_on(state, who, at, task, act, action)
        }
    }
}

fn set(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    id: TaskId,
    task: NewTask,
    action: &'static str,
) -> Result<Vec<Event>> {
    let case = works_case(state, who, task.case, action)?;
    if case.status == CaseStatus::Closed {
        return Err(closed_case());
    }
    if state.tasks.by_id.contains_key(&id) {
        return Err(Error::invalid("task_id", "already in use"));
    }
    if task.due < at {
        return Err(Error::invalid("due", "must not be in the past"));
    }
    let (agency, practitioner) = assignment(state, who, task.assignee, task.category, at)?;
    Ok(vec![Event::TaskSet {
        task: Task {
            id,
            case: task.case,
            set_by: who.id,
            set_by_agency: who.agency,
            set_at: at,
            agency,
            practitioner,
            assigned_at: at,
            title: task.title,
            detail: task.detail,
            category: task.category,
            due: task.due,
            priority: task.priority,
            state: TaskState::Open,
            changed_at: at,
            answer: None,
            declined: None,
        },
    }])
}

fn act_on(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    task: &Task,
    act: TaskAct,
    action: &'static str,
) -> Result<Vec<Event>> {
    let allowed = match act {
        TaskAct::Cancel => {
            task.set_by == who.id || (who.agency == task.set_by_agency && who.role.is_supervisor())
        }
        TaskAct::Reassign { .. } => task.set_by == who.id,
        _ => task.workable_by(who),
    };
    if !allowed {
        return Err(Error::forbidden(
            action,
            match act {
                TaskAct::Cancel => "only the setter or a supervisor of the setter's agency",
                TaskAct::Reassign { .. } => "only the setter reassigns a task",
                _ => "only the assigned practitioner, or a case worker of the assigned agency",
            },
        ));
    }
    let next = act.next();
    if !task.state.can_become(next) {
        return Err(Error::InvalidTransition {
            what: "task",
            from: task.state.as_str(),
            to: next.as_str(),
        });
    }
    let (id, by) = (task.id, who.id);
    match act {
        TaskAct::Accept => Ok(vec![Event::TaskAccepted { task: id, by }]),
        TaskAct::Start => Ok(vec![Event::TaskStarted { task: id, by }]),
        TaskAct::Answer { entry, answer } => {
            let case = state
                .cases
                .get(&task.case)
                .ok_or(Error::not_found("case"))?;
            if case.status == CaseStatus::Closed {
                return Err(closed_case());
            }
            if state.entries.contains_key(&entry) {
                return Err(Error::invalid("entry_id", "already in use"));
            }
            let entry = Entry {
                id: entry,
                case: task.case,
                author: who.id,
                agency: who.agency,
                at,
                kind: EntryKind::TaskAnswer,
                category: answer.category,
                visibility: answer.visibility,
                sensitive: answer.sensitive,
                show_author: answer.show_author,
                text: answer.text.into(),
            };
            let answered = Event::TaskAnswered {
                task: id,
                entry: entry.id,
                by,
            };
            Ok(vec![Event::EntryAdded { entry }, answered])
        }
        TaskAct::Decline { reason } => Ok(vec![Event::TaskDeclined {
            task: id,
            reason: Reason {
                by,
                agency: who.agency,
                text: reason,
            },
        }]),
        TaskAct::Cancel => Ok(vec![Event::TaskCancelled { task: id, by }]),
        TaskAct::Reassign { to } => {
            let (agency, practitioner) = assignment(state, who, to, task.category, at)?;
            if agency == task.agency && practitioner == task.practitioner {
                return Err(Error::invalid("assignee", "unchanged"));
            }
            Ok(vec![Event::TaskReassigned {
                task: id,
                by,
                agency,
                practitioner,
            }])
        }
    }
}

fn closed_case() -> Error {
    Error::InvalidTransition {
        what: "case",
        from: "closed",
        to: "written to",
    }
}

/// Resolves an assignee to its agency and practitioner. The assignee must be a member agency or
/// an active case worker of one, and, the title and detail being content sent to them, an
/// agreement in force must cover the task's category between the agencies: nobody is tasked
/// outside the protocol.
fn assignment(
    state: &State,
    who: &Practitioner,
    to: Assignee,
    category: InformationCategory,
    at: DateTime<Utc>,
) -> Result<(AgencyId, Option<PractitionerId>)> {
    let (agency, practitioner) = match to {
        Assignee::Agency(a) => (a, None),
        Assignee::Practitioner(p) => {
            let p = practitioner_of(state, p)?;
            if !p.active || !p.role.can_work_cases() {
                return Err(Error::invalid("assignee", "must be an active case worker"));
            }
            (p.agency, Some(p.id))
        }
    };
    member_agency(state, agency, at)?;
    if agency != who.agency
        && state
            .agreement_covering(who.agency, agency, category, at)
            .is_none()
    {
        return Err(Error::forbidden(
            "assign_task",
            "no agreement in force covers this task's category with that agency",
        ));
    }
    Ok((agency, practitioner))
}
