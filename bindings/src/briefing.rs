//! The morning briefing through the bindings: its configuration, the [`Briefing`] object the
//! call returns, and the record its [`Briefing::view`] gives.
//!
//! The call returns an object holding the core's briefing rather than a record, so that the data
//! and its Markdown come from the same read: asking the hub twice would log the consultations
//! twice and, without an `as_of`, brief on two different moments.

use crate::convert::{all, or_default, time, to_small, to_usize, utc, wide};
use crate::enums::TopKind;
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::incidents::{IncidentView, TopRow};
use crate::records::Viewer;
use crate::referrals::ReferralView;
use crate::repeats::{CaseReviewConfig, CaseReviewHit, RepeatConfig, RepeatHit};
use crate::risk::RiskChange;
use crate::tasks::TaskView;
use safehub::briefing as b;
use std::sync::Arc;
use std::time::SystemTime;

/// What a briefing looks at, and how much of it it lists.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BriefingConfig {
    /// The Top N lists whose movers are reported.
    pub top_kinds: Vec<TopKind>,
    /// The Top N window in days, ending with the briefing's day.
    pub top_days: i64,
    /// The Top N list's length (movers are found within it).
    pub top_limit: i64,
    /// A row counts as a mover when it climbed at least this many places, or is new to the list.
    pub min_places: i64,
    /// At most this many movers per list.
    pub movers: i64,
    /// At most this many new incidents listed (all are counted).
    pub incidents_listed: i64,
    /// The repeat rules.
    pub repeats: RepeatConfig,
    /// The ASB case review threshold.
    pub case_review: CaseReviewConfig,
}

impl TryFrom<BriefingConfig> for b::BriefingConfig {
    type Error = SafehubError;
    fn try_from(c: BriefingConfig) -> Result<Self> {
        Ok(b::BriefingConfig {
            top_kinds: c.top_kinds.into_iter().collect(),
            top_days: to_small("top_days", c.top_days)?,
            top_limit: to_usize("top_limit", c.top_limit)?,
            min_places: to_small("min_places", c.min_places)?,
            movers: to_usize("movers", c.movers)?,
            incidents_listed: to_usize("incidents_listed", c.incidents_listed)?,
            repeats: c.repeats.try_into()?,
            case_review: c.case_review.try_into()?,
        })
    }
}

impl From<b::BriefingConfig> for BriefingConfig {
    fn from(c: b::BriefingConfig) -> Self {
        BriefingConfig {
            top_kinds: all(c.top_kinds),
            top_days: wide(c.top_days),
            top_limit: wide(c.top_limit),
            min_places: wide(c.min_places),
            movers: wide(c.movers),
            incidents_listed: wide(c.incidents_listed),
            repeats: c.repeats.into(),
            case_review: c.case_review.into(),
        }
    }
}

/// The incidents reported since the briefing's start.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct NewIncidents {
    /// How many the viewer may read.
    pub count: i64,
    /// The first of them, oldest report first, at most `incidents_listed`.
    pub listed: Vec<IncidentView>,
}

impl From<b::NewIncidents> for NewIncidents {
    fn from(n: b::NewIncidents) -> Self {
        NewIncidents {
            count: wide(n.count),
            listed: all(n.listed),
        }
    }
}

/// A Top N row that climbed, or entered the list.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Mover {
    /// Which list.
    pub kind: TopKind,
    /// The row, with its movement.
    pub row: TopRow,
}

impl From<b::Mover> for Mover {
    fn from(m: b::Mover) -> Self {
        Mover {
            kind: m.kind,
            row: m.row.into(),
        }
    }
}

/// The morning briefing for one viewer, as data.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct BriefingView {
    /// The start of the period briefed on.
    pub since: SystemTime,
    /// When the briefing was made (or the viewer's as-of time).
    pub at: SystemTime,
    /// Incidents reported since.
    pub new_incidents: NewIncidents,
    /// People and places that became repeats, or had another incident, since.
    pub repeats: Vec<RepeatHit>,
    /// Assessments recorded and levels raised since.
    pub risks: Vec<RiskChange>,
    /// Live tasks past due.
    pub overdue_tasks: Vec<TaskView>,
    /// Live tasks due later today (not already overdue).
    pub tasks_due_today: Vec<TaskView>,
    /// Referrals to the viewer's agency still waiting for a decision.
    pub pending_referrals: Vec<ReferralView>,
    /// People and places that met the ASB case review threshold since (not met at `since`).
    pub case_reviews: Vec<CaseReviewHit>,
    /// The biggest movers in the Top N lists.
    pub movers: Vec<Mover>,
}

impl From<b::Briefing> for BriefingView {
    fn from(v: b::Briefing) -> Self {
        BriefingView {
            since: time(v.since),
            at: time(v.at),
            new_incidents: v.new_incidents.into(),
            repeats: all(v.repeats),
            risks: all(v.risks),
            overdue_tasks: all(v.overdue_tasks),
            tasks_due_today: all(v.tasks_due_today),
            pending_referrals: all(v.pending_referrals),
            case_reviews: all(v.case_reviews),
            movers: all(v.movers),
        }
    }
}

/// A briefing made by [`Hub::briefing`]: its data and its Markdown, from one read.
#[derive(uniffi::Object)]
pub struct Briefing {
    core: b::Briefing,
}

#[uniffi::export]
impl Briefing {
    /// The briefing as data.
    pub fn view(&self) -> BriefingView {
        self.core.clone().into()
    }

    /// The briefing as Markdown, every piece of text escaped.
    pub fn to_markdown(&self) -> String {
        self.core.to_markdown()
    }
}

/// The core's default briefing configuration, for a host to adjust.
#[uniffi::export]
pub fn default_briefing_config() -> BriefingConfig {
    b::BriefingConfig::default().into()
}

#[uniffi::export]
impl Hub {
    /// The morning briefing for the viewer on what happened at or after `since` (the core's
    /// default configuration when `config` is `None`), built from the viewer-filtered reads only.
    pub fn briefing(
        &self,
        viewer: Viewer,
        since: SystemTime,
        config: Option<BriefingConfig>,
    ) -> Result<Arc<Briefing>> {
        let config: b::BriefingConfig = or_default(config)?;
        let core = self.core.briefing(&viewer, utc("since", since)?, &config)?;
        Ok(Arc::new(Briefing { core }))
    }
}
