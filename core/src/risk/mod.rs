//! The risk assessment framework (DESIGN.md section 5): templates as versioned data, scoring,
//! the built-in assessments, professional judgement overrides, reviews by level, and the
//! priority list of the people at greatest risk.
//!
//! - [`template`]: what a template is, loadable from JSON and validated.
//! - [`scoring`]: answers to a score to a level, pure and deterministic.
//! - [`escalation`]: potential escalation and the Marac repeat rule over dated incidents.
//! - [`builtin`]: the four built-in templates.
//! - [`assessment`]: the assessment record, overrides and reviews, and the hub's calls for them.
//! - [`priority`]: overdue reviews and the priority list, filtered by the sharing rules.
//! - [`changes`]: assessments recorded and levels raised since a time, for the morning briefing.
//!
//! Templates live in the hub by event: [`Hub::register_template`] (partnership admins) records a
//! version, and registering a new version keeps the old ones, so old assessments re-score the
//! same. The built-ins are available in every hub without registration; a registered template
//! may take a built-in's id with a higher version (a local variant).
//!
//! Define your own template in JSON, load it and assess with it:
//!
//! ```
//! use safehub::risk::{assess, Answers, AnswerValue, EscalationInput, Level, Template};
//! let template = Template::from_json(r#"{
//!     "id": "hoarding", "version": 1, "name": "Hoarding fire risk",
//!     "questions": [
//!         {"id": "exits", "text": "Are exits blocked?", "kind": {"type": "yes_no"}, "weight": 3},
//!         {"id": "clutter", "text": "Clutter rating, 1 to 9", "kind": {"type": "scale", "min": 1, "max": 9}}
//!     ],
//!     "scoring": {"method": "weighted_sum"},
//!     "bands": [{"from": 5, "level": "medium"}, {"from": 9, "level": "high"}]
//! }"#)?;
//! let answers = Answers::from([
//!     ("exits".to_string(), AnswerValue::YesNo(true)),
//!     ("clutter".to_string(), AnswerValue::Scale(7)),
//! ]);
//! let outcome = assess(&template, &answers, &EscalationInput::default(), chrono::Utc::now())?;
//! assert_eq!((outcome.score, outcome.level), (10, Level::High));
//! # Ok::<(), safehub::Error>(())
//! ```
//!
//! [`Hub::register_template`]: crate::Hub::register_template

mod api;

pub mod assessment;
pub mod builtin;
pub mod changes;
mod commands;
pub mod escalation;
pub mod priority;
pub mod scoring;
pub mod template;
mod view;

pub use assessment::{
    check_override, Assessment, NewAssessment, Override, Review, NEVER_BELOW_ACTUARIAL,
    SUPERVISOR_LOWERS,
};
pub(crate) use changes::risk_changes_in;
pub use changes::{RiskChange, RiskChangeKind};
pub(crate) use commands::{
    decide_override, decide_record, decide_register_template, decide_review,
};
pub use escalation::{
    assess, assess_in, incidents_within, is_repeat, potential_escalation, EscalationInput, Outcome,
    Trigger,
};
pub(crate) use priority::priority_rows;
pub use priority::{OverdueReview, PriorityReason, PriorityRow};
pub use scoring::{AnswerValue, Answers};
pub use template::{
    Band, ChoiceOption, EscalationRule, Level, Lowering, Question, QuestionKind, ReviewSchedule,
    ScoringMethod, Template, TemplateRef, TemplateSummary,
};
pub(crate) use view::view as assessment_view;
pub(crate) use view::{decision, view};
pub use view::{AssessmentDetail, AssessmentStub, AssessmentView, OverrideView, ReviewView};

use crate::cases::{Case, CaseStatus};
use crate::events::Event;
use crate::ids::{AssessmentId, CaseId, PersonId};
use crate::projection::Derived;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The risk projection: registered templates and recorded assessments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct RiskBook {
    /// Registered templates by id, then version.
    pub templates: BTreeMap<String, BTreeMap<u32, Template>>,
    pub assessments: BTreeMap<AssessmentId, Assessment>,
    /// The assessments of each case, person and template id, in the order they were recorded:
    /// the latest one a viewer may read is the one whose review is due for that viewer.
    by_key: Derived<BTreeMap<(CaseId, PersonId, String), Vec<AssessmentId>>>,
    /// Assessments of each case, in the order they were recorded.
    by_case: Derived<BTreeMap<CaseId, Vec<AssessmentId>>>,
}

impl RiskBook {
    /// The template with `id` at `version`, or at its latest version: registered ones first,
    /// then the built-ins.
    pub fn template(&self, id: &str, version: Option<u32>) -> Option<&Template> {
        let registered = self.templates.get(id);
        match version {
            Some(v) => registered
                .and_then(|vs| vs.get(&v))
                .or_else(|| builtin::get(id, v)),
            None => {
                let latest_registered = registered.and_then(|vs| vs.values().next_back());
                let latest_builtin = builtin::all()
                    .iter()
                    .filter(|t| t.id == id)
                    .max_by_key(|t| t.version);
                match (latest_registered, latest_builtin) {
                    (Some(r), Some(b)) if b.version > r.version => Some(b),
                    (Some(r), _) => Some(r),
                    (None, b) => b,
                }
            }
        }
    }

    /// Assessments of a case, in the order they were recorded.
    pub fn on_case(&self, case: CaseId) -> impl Iterator<Item = &Assessment> {
        self.by_case
            .get(&case)
            .into_iter()
            .flatten()
            .filter_map(|id| self.assessments.get(id))
    }

    /// For each case, person and template, the latest assessment that `readable` lets through.
    /// Supersession is judged per viewer: a later assessment the viewer may not read must not
    /// change what they see, or it would betray that it exists.
    pub fn current<'a>(
        &'a self,
        readable: impl Fn(&Assessment) -> bool + 'a,
    ) -> impl Iterator<Item = &'a Assessment> + 'a {
        self.by_key.values().filter_map(move |ids| {
            ids.iter()
                .rev()
                .filter_map(|id| self.assessments.get(id))
                .find(|a| readable(a))
        })
    }

    /// Whether a later assessment of the same case, person and template that `readable` lets
    /// through replaces `a`.
    pub fn is_superseded(&self, a: &Assessment, readable: impl Fn(&Assessment) -> bool) -> bool {
        self.by_key
            .get(&(a.case, a.subject, a.template.id.clone()))
            .into_iter()
            .flatten()
            .skip_while(|id| **id != a.id)
            .skip(1)
            .filter_map(|id| self.assessments.get(id))
            .any(readable)
    }

    /// Whether `a`'s review date has passed at `now` on a live case. Whether it is still the
    /// current assessment is the caller's question, as it depends on the viewer.
    pub fn is_past_due(
        &self,
        cases: &BTreeMap<CaseId, Case>,
        a: &Assessment,
        now: DateTime<Utc>,
    ) -> bool {
        a.review_due.is_some_and(|due| due < now)
            && cases
                .get(&a.case)
                .is_some_and(|c| c.status != CaseStatus::Closed)
    }

    /// Applies a risk event; other events are not its business.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::TemplateRegistered { template } => self.register(template),
            Event::AssessmentRecorded { assessment } => self.record(assessment),
            Event::AssessmentOverridden {
                assessment,
                change,
                review_due,
            } => self.overridden(*assessment, change, *review_due),
            Event::AssessmentReviewed {
                assessment,
                review,
                review_due,
            } => self.reviewed(*assessment, review, *review_due),
            _ => {}
        }
    }

    fn register(&mut self, template: &Template) {
        self.templates
            .entry(template.id.clone())
            .or_default()
            .insert(template.version, template.clone());
    }

    fn record(&mut self, assessment: &Assessment) {
        let a = assessment;
        self.by_key
            .entry((a.case, a.subject, a.template.id.clone()))
            .or_default()
            .push(a.id);
        self.by_case.entry(a.case).or_default().push(a.id);
        self.assessments.insert(a.id, a.clone());
    }

    fn overridden(&mut self, id: AssessmentId, change: &Override, due: Option<DateTime<Utc>>) {
        if let Some(a) = self.assessments.get_mut(&id) {
            a.level = change.to;
            a.overrides.push(change.clone());
            a.review_due = due;
        }
    }

    fn reviewed(&mut self, id: AssessmentId, review: &Review, due: Option<DateTime<Utc>>) {
        if let Some(a) = self.assessments.get_mut(&id) {
            a.reviews.push(review.clone());
            a.review_due = due;
        }
    }
}

#[cfg(test)]
mod tests;
