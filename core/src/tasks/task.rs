//! A task: work a practitioner sets on a case for another practitioner or an agency, with a due
//! date and a priority, and the state machine it moves through.
//!
//! The transition table is [`TaskState::can_become`]; every command checks it, so a task never
//! moves any other way. Overdue is not a state: it is derived from the clock
//! ([`Task::is_overdue`]).

use crate::entries::InformationCategory;
use crate::ids::{AgencyId, CaseId, EntryId, PractitionerId, TaskId};
use crate::partnership::Practitioner;
use crate::reasons::Reason;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How urgent a task is. Ordered: later is more urgent.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Priority {
    /// When there is time.
    Low,
    /// The usual (default).
    #[default]
    Normal,
    /// Before other work.
    High,
    /// Now: someone may come to harm.
    Urgent,
}

/// Whom a task is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Assignee {
    /// One practitioner.
    Practitioner(PractitionerId),
    /// An agency: any of its case workers may accept it, which assigns it to them.
    Agency(AgencyId),
}

/// Where a task is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TaskState {
    /// Set, not yet taken on.
    Open,
    /// Taken on by the assignee.
    Accepted,
    /// Being worked.
    InProgress,
    /// Answered: the answer is an entry on the case.
    Done,
    /// Turned down by the assignee, with a reason.
    Declined,
    /// Withdrawn by the setter.
    Cancelled,
}

impl TaskState {
    /// Whether a task in this state may move to `next`. Answering, declining and cancelling are
    /// open to any live task (a partner may answer at the meeting without accepting first);
    /// starting needs acceptance. Reassigning moves a live or declined task back to open, which
    /// is the only way out of a closed state.
    pub fn can_become(self, next: TaskState) -> bool {
        use TaskState::*;
        matches!(
            (self, next),
            (Open, Accepted)
                | (Accepted, InProgress)
                | (Open | Accepted | InProgress, Done | Declined | Cancelled)
                | (Open | Accepted | InProgress | Declined, Open)
        )
    }

    /// Whether the task needs no more work: done, declined or cancelled.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            TaskState::Done | TaskState::Declined | TaskState::Cancelled
        )
    }

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Accepted => "accepted",
            TaskState::InProgress => "in_progress",
            TaskState::Done => "done",
            TaskState::Declined => "declined",
            TaskState::Cancelled => "cancelled",
        }
    }
}

/// A task on a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Its id.
    pub id: TaskId,
    /// The case it is about.
    pub case: CaseId,
    /// Who set it.
    pub set_by: PractitionerId,
    /// The setter's agency: the owner of the title and detail.
    pub set_by_agency: AgencyId,
    /// When it was set.
    pub set_at: DateTime<Utc>,
    /// The agency it is for (the assigned practitioner's agency for a personal task).
    pub agency: AgencyId,
    /// The practitioner it is for: set when addressed to one, or when one accepts an agency task.
    pub practitioner: Option<PractitionerId>,
    /// When it was last (re)assigned.
    pub assigned_at: DateTime<Utc>,
    /// A one-line title, which is content.
    pub title: String,
    /// What is asked, which is content.
    pub detail: String,
    /// The information category of the title and detail.
    pub category: InformationCategory,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// How urgent it is.
    pub priority: Priority,
    /// Where it is in its life.
    pub state: TaskState,
    /// When its state last changed.
    pub changed_at: DateTime<Utc>,
    /// The entry that answered it.
    pub answer: Option<EntryId>,
    /// Why it was declined.
    pub declined: Option<Reason>,
}

impl Task {
    /// Whether it is past due and still needs work, at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        // The due time is an instant (chosen on the partnership's calendar when the task was
        // set), so passing it needs no calendar.
        !self.state.is_closed() && self.due < now
    }

    /// Whether `who` may take it on, work it, answer or decline it: the assigned practitioner,
    /// or, while nobody has, any case worker of the assigned agency.
    pub(crate) fn workable_by(&self, who: &Practitioner) -> bool {
        who.role.can_work_cases()
            && match self.practitioner {
                Some(p) => p == who.id,
                None => who.agency == self.agency,
            }
    }

    /// Whether the task is in `who`'s personal work: assigned to them, or to their agency's pool.
    pub(crate) fn for_practitioner(&self, who: &Practitioner) -> bool {
        match self.practitioner {
            Some(p) => p == who.id,
            None => who.agency == self.agency && who.role.can_work_cases(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TaskState::{self, *};

    const ALL: [TaskState; 6] = [Open, Accepted, InProgress, Done, Declined, Cancelled];

    #[test]
    fn closed_states_lead_nowhere_but_a_reassigned_decline() {
        for from in [Done, Cancelled] {
            assert!(ALL.iter().all(|to| !from.can_become(*to)));
        }
        let from_declined: Vec<_> = ALL.iter().filter(|to| Declined.can_become(**to)).collect();
        assert_eq!(from_declined, vec![&Open]);
    }

    #[test]
    fn starting_needs_acceptance() {
        assert!(!Open.can_become(InProgress));
        assert!(Open.can_become(Accepted));
        assert!(Accepted.can_become(InProgress));
        assert!(!InProgress.can_become(Accepted));
    }
}
