//! What a viewer sees of a task. The title and detail are content owned by the setter's agency:
//! in full to that agency, to the assigned agency (it was sent them, under an agreement checked
//! when it was set and again at each read), and to case team members under an agreement
//! covering the task's category; team members without one see a stub; everyone else nothing.
//! The answer is shown as the entry view the viewer may see, and a decline reason is content of
//! the decliner's agency addressed to the setter's agency.

use super::task::{Priority, Task, TaskState};
use crate::audit::ContentKind;
use crate::entries::{InformationCategory, Visibility};
use crate::ids::{CaseId, TaskId};
use crate::sharing::{Access, Content, Decision, Engine};
use crate::state::State;
use crate::views::{AgencyRef, EntryView, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A task as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum TaskView {
    /// The whole task.
    Full(Box<TaskDetail>),
    /// That the task exists, between which agencies, when it is due and where it stands.
    Stub(TaskStub),
}

impl TaskView {
    /// The task's id.
    pub fn id(&self) -> TaskId {
        match self {
            TaskView::Full(t) => t.id,
            TaskView::Stub(t) => t.id,
        }
    }
}

/// A whole task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TaskDetail {
    /// Its id.
    pub id: TaskId,
    /// The case it is about.
    pub case: CaseId,
    /// Its title.
    pub title: String,
    /// What is asked.
    pub detail: String,
    /// The category of the title and detail.
    pub category: InformationCategory,
    /// How urgent it is.
    pub priority: Priority,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Where it stands.
    pub state: TaskState,
    /// Whether it is past due and still needs work, at the time of the read.
    pub overdue: bool,
    /// Who set it.
    pub set_by: PractitionerRef,
    /// The setter's agency.
    pub set_by_agency: AgencyRef,
    /// When it was set.
    pub set_at: DateTime<Utc>,
    /// The agency it is for.
    pub assigned_agency: AgencyRef,
    /// The practitioner holding it, if one does.
    pub assigned_to: Option<PractitionerRef>,
    /// The answer, as the viewer may see that entry (in full or as a stub).
    pub answer: Option<EntryView>,
    /// Why it was declined, where the viewer may read the reason.
    pub decline_reason: Option<String>,
}

/// The visible trace of a task the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TaskStub {
    /// Its id.
    pub id: TaskId,
    /// The case it is about.
    pub case: CaseId,
    /// How urgent it is.
    pub priority: Priority,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// Where it stands.
    pub state: TaskState,
    /// Whether it is overdue at the time of the read.
    pub overdue: bool,
    /// The setter's agency: whom to ask.
    pub set_by_agency: AgencyRef,
    /// The agency it is for.
    pub assigned_agency: AgencyRef,
}

/// What the engine decides on for a task's title and detail.
pub(crate) fn content<'a>(state: &'a State, task: &Task) -> Content<'a> {
    Content {
        owner: task.set_by_agency,
        author: Some(task.set_by),
        category: task.category,
        visibility: Visibility::CaseTeam,
        case: state.cases.get(&task.case),
        sensitive: false,
        item: Some((ContentKind::Task, task.id.0)),
    }
}

/// The sharing decision on a task's title and detail.
pub(crate) fn decision(engine: &Engine<'_>, task: &Task) -> Decision {
    engine.addressed(&content(engine.state, task), engine.agency() == task.agency)
}

/// A task as the viewer may see it, or `None` where they may not know it exists.
pub(crate) fn task_view(b: &mut ViewBuilder<'_, '_>, task: &Task) -> Option<TaskView> {
    let d = decision(b.engine, task);
    let overdue = task.is_overdue(b.engine.at);
    match d.access {
        Access::Nothing => None,
        Access::Stub => Some(TaskView::Stub(TaskStub {
            id: task.id,
            case: task.case,
            priority: task.priority,
            due: task.due,
            state: task.state,
            overdue,
            set_by_agency: b.agency(task.set_by_agency),
            assigned_agency: b.agency(task.agency),
        })),
        Access::Full => {
            b.disclosures
                .note(&d, ContentKind::Task, task.id.0, task.set_by_agency);
            let answer = task
                .answer
                .and_then(|e| b.engine.state.entries.get(&e))
                .and_then(|e| b.entry(e));
            let decline_reason = b.reason_text(
                task.declined.as_ref(),
                task.category,
                task.set_by_agency,
                ContentKind::Task,
                task.id.0,
            );
            Some(TaskView::Full(Box::new(TaskDetail {
                id: task.id,
                case: task.case,
                title: task.title.clone(),
                detail: task.detail.clone(),
                category: task.category,
                priority: task.priority,
                due: task.due,
                state: task.state,
                overdue,
                set_by: b.named_practitioner(task.set_by),
                set_by_agency: b.agency(task.set_by_agency),
                set_at: task.set_at,
                assigned_agency: b.agency(task.agency),
                assigned_to: task.practitioner.and_then(|p| b.practitioner(p)),
                answer,
                decline_reason,
            })))
        }
    }
}
