//! Stored shapes of the task events.

use super::unit_enum;
use super::values::InformationCategory;
use crate::tasks;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

unit_enum! {
    /// A task's priority.
    Priority = tasks::Priority {
        Low = "low",
        Normal = "normal",
        High = "high",
        Urgent = "urgent",
    }
}

unit_enum! {
    /// Where a task stands.
    TaskState = tasks::TaskState {
        Open = "open",
        Accepted = "accepted",
        InProgress = "in_progress",
        Done = "done",
        Declined = "declined",
        Cancelled = "cancelled",
    }
}

/// Who declined (a task or a referral), and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Reason {
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "text")]
    text: String,
}

impl From<&crate::reasons::Reason> for Reason {
    fn from(r: &crate::reasons::Reason) -> Self {
        let crate::reasons::Reason { by, agency, text } = r;
        Reason {
            by: by.0,
            agency: agency.0,
            text: text.clone(),
        }
    }
}

impl From<Reason> for crate::reasons::Reason {
    fn from(r: Reason) -> Self {
        crate::reasons::Reason {
            by: r.by.into(),
            agency: r.agency.into(),
            text: r.text,
        }
    }
}

/// A task as set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Task {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "case")]
    case: Uuid,
    #[serde(rename = "set_by")]
    set_by: Uuid,
    #[serde(rename = "set_by_agency")]
    set_by_agency: Uuid,
    #[serde(rename = "set_at")]
    set_at: DateTime<Utc>,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "practitioner")]
    practitioner: Option<Uuid>,
    #[serde(rename = "assigned_at")]
    assigned_at: DateTime<Utc>,
    #[serde(rename = "title")]
    title: String,
    #[serde(rename = "detail")]
    detail: String,
    #[serde(rename = "category")]
    category: InformationCategory,
    #[serde(rename = "due")]
    due: DateTime<Utc>,
    #[serde(rename = "priority")]
    priority: Priority,
    #[serde(rename = "state")]
    state: TaskState,
    #[serde(rename = "changed_at")]
    changed_at: DateTime<Utc>,
    #[serde(rename = "answer")]
    answer: Option<Uuid>,
    #[serde(rename = "declined")]
    declined: Option<Reason>,
}

impl From<&tasks::Task> for Task {
    fn from(t: &tasks::Task) -> Self {
        let tasks::Task {
            id,
            case,
            set_by,
            set_by_agency,
            set_at,
            agency,
            practitioner,
            assigned_at,
            title,
            detail,
            category,
            due,
            priority,
            state,
            changed_at,
            answer,
            declined,
        } = t;
        Task {
            id: id.0,
            case: case.0,
            set_by: set_by.0,
            set_by_agency: set_by_agency.0,
            set_at: *set_at,
            agency: agency.0,
            practitioner: practitioner.map(|p| p.0),
            assigned_at: *assigned_at,
            title: title.clone(),
            detail: detail.clone(),
            category: (*category).into(),
            due: *due,
            priority: (*priority).into(),
            state: (*state).into(),
            changed_at: *changed_at,
            answer: answer.map(|a| a.0),
            declined: declined.as_ref().map(Reason::from),
        }
    }
}

impl From<Task> for tasks::Task {
    fn from(t: Task) -> Self {
        tasks::Task {
            id: t.id.into(),
            case: t.case.into(),
            set_by: t.set_by.into(),
            set_by_agency: t.set_by_agency.into(),
            set_at: t.set_at,
            agency: t.agency.into(),
            practitioner: t.practitioner.map(Into::into),
            assigned_at: t.assigned_at,
            title: t.title,
            detail: t.detail,
            category: t.category.into(),
            due: t.due,
            priority: t.priority.into(),
            state: t.state.into(),
            changed_at: t.changed_at,
            answer: t.answer.map(Into::into),
            declined: t.declined.map(Into::into),
        }
    }
}
