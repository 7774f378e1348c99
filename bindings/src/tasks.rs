//! Tasks through the bindings: set, accept, start, answer, decline, cancel, reassign, the work
//! lists, and the "what's new" feed (which also carries referrals).

use crate::convert::{all, id, time, utc};
use crate::enums::{InformationCategory, Priority, TaskState};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::records::{NewEntry, Viewer};
use crate::referrals::ReferralView;
use crate::views::{AgencyRef, EntryView, PractitionerRef};
use safehub::tasks as t;
use std::time::SystemTime;

/// Whom a task is for, by id.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Assignee {
    /// One practitioner.
    Practitioner {
        /// Their id.
        id: String,
    },
    /// An agency: any of its case workers may accept it.
    Agency {
        /// Its id.
        id: String,
    },
}

impl TryFrom<Assignee> for safehub::Assignee {
    type Error = SafehubError;
    fn try_from(a: Assignee) -> Result<Self> {
        Ok(match a {
            Assignee::Practitioner { id: i } => safehub::Assignee::Practitioner(id(&i)?),
            Assignee::Agency { id: i } => safehub::Assignee::Agency(id(&i)?),
        })
    }
}

/// A new task.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewTask {
    /// The id of the case it is about.
    pub case: String,
    /// Whom it is for.
    pub assignee: Assignee,
    /// A one-line title.
    pub title: String,
    /// What is asked.
    pub detail: String,
    /// The information category of the title and detail.
    pub category: InformationCategory,
    /// When it is due (not in the past).
    pub due: SystemTime,
    /// How urgent it is.
    pub priority: Priority,
}

impl TryFrom<NewTask> for safehub::NewTask {
    type Error = SafehubError;
    fn try_from(n: NewTask) -> Result<Self> {
        Ok(safehub::NewTask {
            case: id(&n.case)?,
            assignee: n.assignee.try_into()?,
            title: n.title,
            detail: n.detail,
            category: n.category,
            due: utc("due", n.due)?,
            priority: n.priority,
        })
    }
}

/// A task as a viewer sees it.
// A value crossing the FFI is serialised whole either way: boxing the large variant would save
// nothing there and complicate the foreign type.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum TaskView {
    /// The whole task.
    Full {
        /// The task.
        task: TaskDetail,
    },
    /// That the task exists, between which agencies, when it is due and where it stands.
    Stub {
        /// The trace.
        stub: TaskStub,
    },
}

impl From<t::TaskView> for TaskView {
    fn from(v: t::TaskView) -> Self {
        match v {
            t::TaskView::Full(d) => TaskView::Full { task: (*d).into() },
            t::TaskView::Stub(s) => TaskView::Stub { stub: s.into() },
        }
    }
}

/// A whole task.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TaskDetail {
    /// Its id.
    pub id: String,
    /// The case's id.
    pub case: String,
    /// Its title.
    pub title: String,
    /// What is asked.
    pub detail: String,
    /// The category of the title and detail.
    pub category: InformationCategory,
    /// How urgent it is.
    pub priority: Priority,
    /// When it is due.
    pub due: SystemTime,
    /// Where it stands.
    pub state: TaskState,
    /// Whether it is past due and still needs work, at the time of the read.
    pub overdue: bool,
    /// Who set it.
    pub set_by: PractitionerRef,
    /// The setter's agency.
    pub set_by_agency: AgencyRef,
    /// When it was set.
    pub set_at: SystemTime,
    /// The agency it is for.
    pub assigned_agency: AgencyRef,
    /// The practitioner holding it, if one does.
    pub assigned_to: Option<PractitionerRef>,
    /// The answer, as the viewer may see that entry.
    pub answer: Option<EntryView>,
    /// Why it was declined, where the viewer may read the reason.
    pub decline_reason: Option<String>,
}

impl From<t::TaskDetail> for TaskDetail {
    fn from(d: t::TaskDetail) -> Self {
        TaskDetail {
            id: d.id.to_string(),
            case: d.case.to_string(),
            title: d.title,
            detail: d.detail,
            category: d.category,
            priority: d.priority,
            due: time(d.due),
            state: d.state,
            overdue: d.overdue,
            set_by: d.set_by,
            set_by_agency: d.set_by_agency,
            set_at: time(d.set_at),
            assigned_agency: d.assigned_agency,
            assigned_to: d.assigned_to,
            answer: d.answer.map(Into::into),
            decline_reason: d.decline_reason,
        }
    }
}

/// The visible trace of a task the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TaskStub {
    /// Its id.
    pub id: String,
    /// The case's id.
    pub case: String,
    /// How urgent it is.
    pub priority: Priority,
    /// When it is due.
    pub due: SystemTime,
    /// Where it stands.
    pub state: TaskState,
    /// Whether it is overdue at the time of the read.
    pub overdue: bool,
    /// The setter's agency: whom to ask.
    pub set_by_agency: AgencyRef,
    /// The agency it is for.
    pub assigned_agency: AgencyRef,
}

impl From<t::TaskStub> for TaskStub {
    fn from(s: t::TaskStub) -> Self {
        TaskStub {
            id: s.id.to_string(),
            case: s.case.to_string(),
            priority: s.priority,
            due: time(s.due),
            state: s.state,
            overdue: s.overdue,
            set_by_agency: s.set_by_agency,
            assigned_agency: s.assigned_agency,
        }
    }
}

/// One thing that happened for the viewer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum FeedItem {
    /// A task was set for, or reassigned to, the viewer or their agency's pool.
    TaskAssigned {
        /// When.
        at: SystemTime,
        /// The task.
        task: TaskView,
    },
    /// A task the viewer set was answered.
    TaskAnswered {
        /// When.
        at: SystemTime,
        /// The task, with the answer as the viewer may see it.
        task: TaskView,
    },
    /// A task the viewer set was declined.
    TaskDeclined {
        /// When.
        at: SystemTime,
        /// The task.
        task: TaskView,
    },
    /// A task the viewer set or holds passed its due date unfinished.
    TaskOverdue {
        /// When it fell due.
        at: SystemTime,
        /// The task.
        task: TaskView,
    },
    /// The viewer's agency received a referral.
    ReferralReceived {
        /// When it was made.
        at: SystemTime,
        /// The referral.
        referral: ReferralView,
    },
    /// A referral the viewer made was accepted or declined.
    ReferralDecided {
        /// When.
        at: SystemTime,
        /// The referral.
        referral: ReferralView,
    },
}

impl From<t::FeedItem> for FeedItem {
    fn from(f: t::FeedItem) -> Self {
        use t::FeedItem as F;
        match f {
            F::TaskAssigned { at, task } => FeedItem::TaskAssigned {
                at: time(at),
                task: task.into(),
            },
            F::TaskAnswered { at, task } => FeedItem::TaskAnswered {
                at: time(at),
                task: task.into(),
            },
            F::TaskDeclined { at, task } => FeedItem::TaskDeclined {
                at: time(at),
                task: task.into(),
            },
            F::TaskOverdue { at, task } => FeedItem::TaskOverdue {
                at: time(at),
                task: task.into(),
            },
            F::ReferralReceived { at, referral } => FeedItem::ReferralReceived {
                at: time(at),
                referral: referral.into(),
            },
            F::ReferralDecided { at, referral } => FeedItem::ReferralDecided {
                at: time(at),
                referral: referral.into(),
            },
        }
    }
}

#[uniffi::export]
impl Hub {
    /// Sets a task on a case for a practitioner or an agency; returns its id.
    pub fn set_task(&self, actor: String, task: NewTask) -> Result<String> {
        let n = task.try_into()?;
        Ok(self.core.set_task(id(&actor)?, n)?.to_string())
    }

    /// Takes a task on.
    pub fn accept_task(&self, actor: String, task: String) -> Result<()> {
        Ok(self.core.accept_task(id(&actor)?, id(&task)?)?)
    }

    /// Starts work on an accepted task.
    pub fn start_task(&self, actor: String, task: String) -> Result<()> {
        Ok(self.core.start_task(id(&actor)?, id(&task)?)?)
    }

    /// Answers a task: the answer is an entry on the case (its kind is always `TaskAnswer`);
    /// returns the entry's id.
    pub fn answer_task(&self, actor: String, task: String, answer: NewEntry) -> Result<String> {
        Ok(self
            .core
            .answer_task(id(&actor)?, id(&task)?, answer)?
            .to_string())
    }

    /// Declines a task, with a reason the setter's agency may read.
    pub fn decline_task(&self, actor: String, task: String, reason: String) -> Result<()> {
        Ok(self.core.decline_task(id(&actor)?, id(&task)?, &reason)?)
    }

    /// Cancels a task (its setter, or a supervisor of the setter's agency).
    pub fn cancel_task(&self, actor: String, task: String) -> Result<()> {
        Ok(self.core.cancel_task(id(&actor)?, id(&task)?)?)
    }

    /// Gives a live or declined task to someone else (its setter).
    pub fn reassign_task(&self, actor: String, task: String, to: Assignee) -> Result<()> {
        let to = to.try_into()?;
        Ok(self.core.reassign_task(id(&actor)?, id(&task)?, to)?)
    }

    /// A task as the viewer may see it.
    pub fn task(&self, viewer: Viewer, task: String) -> Result<TaskView> {
        Ok(self.core.task(&viewer, id(&task)?)?.into())
    }

    /// Live tasks the viewer holds, and live tasks for their agency that nobody holds yet.
    pub fn my_tasks(&self, viewer: Viewer) -> Result<Vec<TaskView>> {
        Ok(all(self.core.my_tasks(&viewer)?))
    }

    /// Live tasks for the viewer's agency, whoever holds them.
    pub fn agency_tasks(&self, viewer: Viewer) -> Result<Vec<TaskView>> {
        Ok(all(self.core.agency_tasks(&viewer)?))
    }

    /// Every task the viewer set, live ones first.
    pub fn tasks_i_set(&self, viewer: Viewer) -> Result<Vec<TaskView>> {
        Ok(all(self.core.tasks_i_set(&viewer)?))
    }

    /// Live tasks past their due date that the viewer may know of, most overdue first.
    pub fn overdue_tasks(&self, viewer: Viewer) -> Result<Vec<TaskView>> {
        Ok(all(self.core.overdue_tasks(&viewer)?))
    }

    /// Live tasks due on the day of the read (UTC) that the viewer may know of.
    pub fn tasks_due_today(&self, viewer: Viewer) -> Result<Vec<TaskView>> {
        Ok(all(self.core.tasks_due_today(&viewer)?))
    }

    /// What happened for the viewer after `since`, newest first.
    pub fn whats_new(&self, viewer: Viewer, since: SystemTime) -> Result<Vec<FeedItem>> {
        Ok(all(self.core.whats_new(&viewer, utc("since", since)?)?))
    }
}
