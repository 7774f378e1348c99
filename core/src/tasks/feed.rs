//! "What's new for me": the items a practitioner's host system may turn into notifications:
//! tasks assigned to them, answered, declined or gone overdue, and referrals their agency
//! received or they made and saw decided. Each item carries the task or referral as the viewer
//! may see it, so an answer they may not read shows as answered, with the entry as a stub or
//! not at all.

use super::task::Task;
use super::task::TaskState;
use super::view::task_view;
use super::view::TaskView;
use crate::error::Result;
use crate::referrals::view::referral_view;
use crate::referrals::view::ReferralView;
use crate::referrals::ReferralState;
use crate::views::ViewBuilder;
use chrono::DateTime;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;
use std::cmp::Reverse;

/// One thing that happened for the viewer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "item", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FeedItem {
    /// A task was set for, or reassigned to, the viewer or their agency's pool.
    TaskAssigned {
        /// When.
        at: DateTime<Utc>,
        /// The task.
        task: TaskView,
    },
    /// A task the viewer set was answered.
    TaskAnswered {
        /// When.
        at: DateTime<Utc>,
        /// The task, with the answer as the viewer may see it.
        task: TaskView,
    },
    /// A task the viewer set was declined.
    TaskDeclined {
        /// When.
        at: DateTime<Utc>,
        /// The task.
        task: TaskView,
    },
    /// A task the viewer set or holds passed its due date unfinished.
    TaskOverdue {
        /// When it fell due.
        at: DateTime<Utc>,
        /// The task.
        task: TaskView,
    },
    /// The viewer's agency received a referral.
    ReferralReceived {
        /// When it was made.
        at: DateTime<Utc>,
        /// The referral.
        referral: ReferralView,
    },
    /// A referral the viewer made was accepted or declined.
    ReferralDecided {
        /// When.
        at: DateTime<Utc>,
        /// The referral.
        referral: ReferralView,
    },
}

impl FeedItem {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            FeedItem::TaskAssigned { at, .. }
            | FeedItem::TaskAnswered { at, .. }
            | FeedItem::TaskDeclined { at, .. }
            | FeedItem::TaskOverdue { at, .. }
            | FeedItem::ReferralReceived { at, .. }
            | FeedItem::ReferralDecided { at, .. } => *at,
        }
    }
}

type TaskItem = fn(DateTime<Utc>, TaskView) -> FeedItem;

/// The feed items a task gives the viewer after `since`, up to the time of the read.
pub(super) fn task_items(
    b: &mut ViewBuilder<'_, '_>,
    t: &Task,
    since: DateTime<Utc>,
) -> Vec<FeedItem> {
    let now = b.engine.at;
    let me = b.engine.viewer;
    let mine = t.for_practitioner(me);
    let set_by_me = t.set_by == me.id;
    let mut wanted: Vec<(DateTime<Utc>, TaskItem)> = Vec::new();
    if mine && t.assigned_at > since {
        wanted.push((t.assigned_at, |at, task| FeedItem::TaskAssigned {
            at,
            task,
        }));
    }
    if set_by_me && t.changed_at > since {
        match t.state {
            TaskState::Done => {
                wanted.push((t.changed_at, |at, task| FeedItem::TaskAnswered { at, task }))
            }
            TaskState::Declined => {
                wanted.push((t.changed_at, |at, task| FeedItem::TaskDeclined { at, task }))
            }
            _ => {}
        }
    }
    if (mine || set_by_me) && t.is_overdue(now) && t.due > since {
        wanted.push((t.due, |at, task| FeedItem::TaskOverdue { at, task }));
    }
    if wanted.is_empty() {
        return Vec::new();
    }
    let Some(view) = task_view(b, t) else {
        return Vec::new();
    };
    wanted
        .into_iter()
        .map(|(at, item)| item(at, view.clone()))
        .collect()
}

/// The answer of [`Hub::whats_new`](crate::Hub::whats_new), within one read.
pub(super) fn whats_new(
    b: &mut ViewBuilder<'_, '_>,
    since: DateTime<Utc>,
) -> Result<Vec<FeedItem>> {
    let state = b.engine.state;
    let me = b.engine.viewer;
    let mut items = Vec::new();
    for t in state.tasks.by_id.values() {
        items.extend(task_items(b, t, since));
    }
    for r in state.referrals.by_id.values() {
        let received = r.to_agency == me.agency && r.made_at > since;
        let decided = r.referrer == me.id
            && r.decided_at.is_some_and(|d| d > since)
            && r.state != ReferralState::Pending;
        if !received && !decided {
            continue;
        }
        let Some(view) = referral_view(b, r) else {
            continue;
        };
        if received {
            items.push(FeedItem::ReferralReceived {
                at: r.made_at,
                referral: view.clone(),
            });
        }
        if let (true, Some(at)) = (decided, r.decided_at) {
            items.push(FeedItem::ReferralDecided { at, referral: view });
        }
    }
    items.sort_by_key(|i| Reverse(i.at()));
    Ok(items)
}
