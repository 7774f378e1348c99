//! The morning briefing: what a viewer's hub meeting needs since a time, as data and as
//! Markdown.
//!
//! A briefing is composed only from the hub's viewer-filtered reads (incidents, repeats, case
//! review thresholds, Top N, risk changes, task lists, referrals), never from the state itself,
//! so it cannot disclose more than those reads do, and each read logs its own consultations.

mod api;

pub(crate) mod markdown;

use crate::incidents::CaseReviewConfig;
use crate::incidents::CaseReviewHit;
use crate::incidents::IncidentView;
use crate::incidents::Movement;
use crate::incidents::RepeatConfig;
use crate::incidents::RepeatHit;
use crate::incidents::TopKind;
use crate::incidents::TopQuery;
use crate::incidents::TopRow;
use crate::referrals::ReferralState;
use crate::referrals::ReferralView;
use crate::risk::RiskChange;
use crate::tasks::TaskView;
use crate::views::ViewBuilder;
use crate::Error;
use crate::Result;
use chrono::DateTime;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;

/// What a briefing looks at, and how much of it it lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BriefingConfig {
    /// The Top N lists whose movers are reported.
    pub top_kinds: Vec<TopKind>,
    /// The Top N window in days, ending with the briefing's day.
    pub top_days: u32,
    /// The Top N list's length (movers are found within it).
    pub top_limit: usize,
    /// A row counts as a mover when it climbed at least this many places, or is new to the list.
    pub min_places: u32,
    /// At most this many movers per list.
    pub movers: usize,
    /// At most this many new incidents listed (all are counted).
    pub incidents_listed: usize,
    /// The repeat rules.
    pub repeats: RepeatConfig,
    /// The ASB case review threshold.
    pub case_review: CaseReviewConfig,
}

impl Default for BriefingConfig {
    fn default() -> Self {
        BriefingConfig {
            top_kinds: vec![TopKind::Callers, TopKind::Locations],
            top_days: 28,
            top_limit: 50,
            min_places: 5,
            movers: 10,
            incidents_listed: 25,
            repeats: RepeatConfig::default(),
            case_review: CaseReviewConfig::default(),
        }
    }
}

/// The incidents reported since the briefing's start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewIncidents {
    /// How many the viewer may read.
    pub count: usize,
    /// The first of them, oldest report first, at most [`BriefingConfig::incidents_listed`].
    pub listed: Vec<IncidentView>,
}

/// A Top N row that climbed, or entered the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Mover {
    /// Which list.
    pub kind: TopKind,
    /// The row, with its movement.
    pub row: TopRow,
}

/// The morning briefing for one viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "uniffi",
    derive(uniffi::Record),
    uniffi(name = "BriefingView")
)]
pub struct Briefing {
    /// The start of the period briefed on.
    pub since: DateTime<Utc>,
    /// When the briefing was made (or the viewer's as-of time).
    pub at: DateTime<Utc>,
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

impl Briefing {
    /// The briefing as Markdown, every piece of text escaped.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }
}

/// How far up a row moved, for ordering movers: a new entry ranks after any climb, by rank.
fn climb(row: &TopRow, min_places: u32) -> Option<(u32, u32)> {
    match row.movement {
        Movement::Up { places } if places >= min_places => Some((places, u32::MAX - row.rank)),
        Movement::New => Some((0, u32::MAX - row.rank)),
        _ => None,
    }
}

/// The answer of [`Hub::briefing`](crate::Hub::briefing), within one read.
pub(crate) fn compose(
    b: &mut ViewBuilder<'_, '_>,
    since: DateTime<Utc>,
    config: &BriefingConfig,
) -> Result<Briefing> {
    let at = b.engine.at;
    if since > at {
        return Err(Error::invalid("since", "a time before the briefing"));
    }
    let listed = crate::incidents::reported(b, since, at, config.incidents_listed);
    let count = crate::incidents::reported_count(b, since, at);
    let repeats = crate::incidents::new_repeats(b, since, at, &config.repeats);
    let case_reviews = crate::incidents::new_case_reviews(b, since, at, &config.case_review)?;

    let mut movers = Vec::new();
    for &kind in &config.top_kinds {
        let list = crate::incidents::top_list(
            b,
            &TopQuery {
                limit: config.top_limit.max(1),
                ..TopQuery::top50(kind, at, config.top_days)
            },
        )?;
        let mut rows: Vec<TopRow> = list
            .rows
            .into_iter()
            .filter(|r| climb(r, config.min_places).is_some())
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(climb(r, config.min_places)));
        movers.extend(
            rows.into_iter()
                .take(config.movers)
                .map(|row| Mover { kind, row }),
        );
    }

    let pending_referrals = crate::referrals::received(b)
        .into_iter()
        .filter(|r| match r {
            ReferralView::Full(d) => d.state == ReferralState::Pending,
            ReferralView::Stub(s) => s.state == ReferralState::Pending,
        })
        .collect();

    let overdue_tasks = crate::tasks::overdue(b);
    // A task due earlier today and not done is overdue: listed once, there.
    let tasks_due_today = crate::tasks::due_today(b)
        .into_iter()
        .filter(|t| !overdue_tasks.iter().any(|o| o.id() == t.id()))
        .collect();

    Ok(Briefing {
        since,
        at,
        new_incidents: NewIncidents { count, listed },
        repeats,
        risks: crate::risk::risk_changes_in(b, since),
        overdue_tasks,
        tasks_due_today,
        pending_referrals,
        case_reviews,
        movers,
    })
}
