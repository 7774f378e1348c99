//! Retention: how long a closed case is kept before someone must decide whether to keep it, the
//! list of cases due for that review, and the decision itself, recorded as an event (the MoPI
//! APP requires every decision to retain to be recorded; DOMAIN.md section 4).
//!
//! A rule applies to an information category, a case type, both, or (neither) every case, and
//! sets the review date as a number of months after the case closed. A case's review date comes
//! from the longest of the rules that match it, so that no category on it is reviewed before
//! its own rule allows; a case no registered rule matches falls to the default of six years
//! ([`DEFAULT_REVIEW_MONTHS`]). The categories are those the reviewer may know: an entry the
//! reviewer may not read counts as every category, so that neither the review list nor the
//! date says what it holds. "Retain" records a reason and sets the next review one period
//! after the decision; "dispose" erases the case's content ([`erasure`](super::erasure)).
//! Review is by day, the partnership's local day: a case is due on its review date, whatever the
//! time of day it closed, and a case closed at 00:30 BST (23:30 UTC the day before) is reviewed
//! six years after the local date it closed.

use super::model::MAX_REVIEW_MONTHS;
pub use super::model::{
    AppliesTo, MopiGroup, RetentionChoice, RetentionDecision, RetentionRule, DEFAULT_REVIEW_MONTHS,
};
use crate::calendar::Calendar;
use crate::cases::Case;
use crate::cases::CaseType;
use crate::entries::InformationCategory;
use crate::error::Error;
use crate::error::Result;
use crate::events::Event;
use crate::ids::CaseId;
use crate::ids::EntryId;
use crate::partnership::Practitioner;
use crate::partnership::Role;
use crate::sharing::Access;
use crate::sharing::Engine;
use crate::state::State;
use crate::views::AgencyRef;
use crate::views::ViewBuilder;
use chrono::DateTime;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;

impl RetentionRule {
    fn matches(&self, case: &Case, held: &Held) -> bool {
        self.applies_to
            .case_type
            .is_none_or(|t| t == case.case_type)
            && self
                .applies_to
                .category
                .is_none_or(|c| held.withheld || held.categories.contains(&c))
    }
}

/// An entry on a case due for review, as its owner's review list shows it: no content, and no
/// more of an entry the reviewer may not read than its stub shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DueEntry {
    /// Its id.
    pub id: EntryId,
    /// The agency that wrote it.
    pub agency: AgencyRef,
    /// Its category, where the reviewer may read the entry: a stub does not show it.
    pub category: Option<InformationCategory>,
    /// When it was written.
    pub at: DateTime<Utc>,
}

/// A closed case whose retention review has come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RetentionDue {
    /// The case.
    pub case: CaseId,
    /// Its type.
    pub case_type: CaseType,
    /// Its title (the reviewing agency leads the case, so owns it).
    pub title: String,
    /// When it closed.
    pub closed_at: DateTime<Utc>,
    /// When the review fell due.
    pub review_due: DateTime<Utc>,
    /// The rule that set the date.
    pub rule: RetentionRule,
    /// Whether an earlier review decided to retain it.
    pub retained_before: bool,
    /// Its entries the reviewer may know of.
    pub entries: Vec<DueEntry>,
}

/// The categories a case holds, as its reviewer may know them.
struct Held {
    /// Its type's, and those of the entries the reviewer reads in full.
    categories: Vec<InformationCategory>,
    /// Whether it has an entry the reviewer may not read (a stub, or a sensitive entry the lead
    /// agency's supervisors know of only by the hidden count). Such an entry's category is not
    /// the reviewer's to know, and it must not move the review date either, so it counts as
    /// every category: the longest rule applies, and no category is reviewed early.
    withheld: bool,
}

impl Held {
    fn of(engine: &Engine<'_>, case: &Case) -> Held {
        let mut held = Held {
            categories: vec![case.case_type.category()],
            withheld: false,
        };
        for entry in case
            .entries
            .iter()
            .filter_map(|e| engine.state.entries.get(e))
        {
            if engine.entry(entry).access == Access::Full {
                held.categories.push(entry.category);
            } else {
                held.withheld = true;
            }
        }
        held
    }
}

/// The rule that sets a case's review period as the reviewer may know the case (see [`Held`]):
/// the longest matching registered rule, else the default.
pub(crate) fn rule_for(engine: &Engine<'_>, case: &Case) -> RetentionRule {
    let held = Held::of(engine, case);
    engine
        .state
        .protection
        .rules
        .iter()
        .filter(|r| r.matches(case, &held))
        .max_by_key(|r| r.review_after_months)
        .cloned()
        .unwrap_or_else(RetentionRule::default_rule)
}

/// When a closed case is next reviewed, with the rule; `None` if it is not closed (or the date
/// overflows).
pub(crate) fn review_due(
    engine: &Engine<'_>,
    case: &Case,
) -> Option<(DateTime<Utc>, RetentionRule)> {
    let state = engine.state;
    let closed = state.protection.closed_at.get(&case.id)?;
    let rule = rule_for(engine, case);
    let due = match state.protection.next_review.get(&case.id) {
        Some(next) => *next,
        None => rule.review_from(*closed, &state.calendar)?,
    };
    Some((due, rule))
}

/// Whether the review date has come at `at`: on the partnership's day, not a day before.
pub(super) fn has_come(calendar: &Calendar, due: DateTime<Utc>, at: DateTime<Utc>) -> bool {
    calendar.date(at) >= calendar.date(due)
}

pub(crate) fn decide_set_rule(who: &Practitioner, rule: RetentionRule) -> Result<Vec<Event>> {
    if who.role != Role::PartnershipAdmin {
        return Err(Error::forbidden(
            "set_retention_rule",
            "needs the partnership admin role",
        ));
    }
    if rule.review_after_months == 0 || rule.review_after_months > MAX_REVIEW_MONTHS {
        return Err(Error::invalid(
            "review_after_months",
            "between 1 and 1200 months",
        ));
    }
    Ok(vec![Event::RetentionRuleSet { rule }])
}

/// Checks a retention decision: the case is closed, not yet disposed, led by the decider's
/// agency and due for review; "retain" needs a supervisor, "dispose" the agency admin.
pub(crate) fn decide_retention_choice(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    decision: &RetentionDecision,
) -> Result<()> {
    let action = "decide_retention";
    let case = state
        .cases
        .get(&decision.case)
        .ok_or(Error::not_found("case"))?;
    if who.agency != case.lead_agency {
        return Err(Error::forbidden(
            action,
            "only the lead agency reviews a case",
        ));
    }
    let allowed = match decision.choice {
        RetentionChoice::Retain { .. } => who.role.is_supervisor(),
        RetentionChoice::Dispose => who.role.is_agency_admin(),
    };
    if !allowed {
        return Err(Error::forbidden(
            action,
            "retaining needs a supervisor, disposing the agency admin",
        ));
    }
    if state.protection.disposed_cases.contains(&case.id) {
        return Err(Error::InvalidTransition {
            what: "case",
            from: "disposed",
            to: "reviewed",
        });
    }
    let engine = crate::checks::engine_for(state, who, at)?;
    let Some((due, _)) = review_due(&engine, case) else {
        return Err(Error::InvalidTransition {
            what: "case",
            from: case.status.as_str(),
            to: "reviewed",
        });
    };
    if !has_come(&state.calendar, due, at) {
        return Err(Error::invalid("case", "not yet due for retention review"));
    }
    Ok(())
}

/// The answer of [`Hub::retention_due`](crate::Hub::retention_due), within one read.
pub(super) fn retention_due(
    b: &mut ViewBuilder<'_, '_>,
    at: DateTime<Utc>,
) -> Result<Vec<RetentionDue>> {
    let engine = b.engine;
    if !engine.viewer.role.is_supervisor() {
        return Err(Error::forbidden(
            "retention_due",
            "needs a supervisor or agency admin role",
        ));
    }
    let state = engine.state;
    let mut due = Vec::new();
    for case in state.cases.values() {
        if case.lead_agency != engine.agency() || state.protection.disposed_cases.contains(&case.id)
        {
            continue;
        }
        let Some((review_due, rule)) = review_due(engine, case) else {
            continue;
        };
        let Some(closed_at) = state.protection.closed_at.get(&case.id).copied() else {
            continue;
        };
        if !has_come(&state.calendar, review_due, at) {
            continue;
        }
        let entries = case
            .entries
            .iter()
            .filter_map(|e| state.entries.get(e))
            .filter_map(|e| {
                let access = engine.entry(e).access;
                (access != Access::Nothing).then(|| DueEntry {
                    id: e.id,
                    agency: b.agency(e.agency),
                    category: (access == Access::Full).then_some(e.category),
                    at: e.at,
                })
            })
            .collect();
        due.push(RetentionDue {
            case: case.id,
            case_type: case.case_type,
            title: case.title.clone(),
            closed_at,
            review_due,
            rule,
            retained_before: state.protection.next_review.contains_key(&case.id),
            entries,
        });
    }
    due.sort_by_key(|d| (d.review_due, d.case));
    Ok(due)
}
