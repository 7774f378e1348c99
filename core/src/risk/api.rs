//! The hub's methods for risk: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::assessment::*;
use super::changes::*;
use super::priority::*;
use super::template::Level;
use super::template::Template;
use super::*;
use crate::commands::Command;
use crate::error::Error;
use crate::error::Result;
use crate::hub::Hub;
use crate::ids::AssessmentId;
use crate::ids::CaseId;
use crate::ids::PractitionerId;
use crate::sharing::Access;
use crate::validation;
use crate::validation::MAX_TEXT;
use crate::views::Viewer;
use chrono::DateTime;
use chrono::Utc;

impl Hub {
    /// Records an assessment of a person on a case the actor works: the answers are checked
    /// against the template, scored, banded and run through its escalation rules, and the
    /// review date set by the level. Until incidents are recorded in the hub, the escalation
    /// rules read the incident dates and last Marac referral given in
    /// [`NewAssessment::escalation`].
    pub fn record_assessment(
        &self,
        actor: PractitionerId,
        mut new: NewAssessment,
    ) -> Result<AssessmentId> {
        if new.template.is_empty() || new.template.len() > super::template::MAX_ID {
            return Err(Error::invalid("template", "1 to 64 characters"));
        }
        if new.answers.len() > super::template::MAX_QUESTIONS {
            return Err(Error::invalid("answers", "at most 100 answers"));
        }
        new.escalation.check()?;
        for t in &mut new.escalation.incidents {
            *t = crate::clock::truncate_to_micros(*t);
        }
        new.escalation.incidents.sort();
        new.escalation.last_marac_referral = new
            .escalation
            .last_marac_referral
            .map(crate::clock::truncate_to_micros);
        new.notes = new
            .notes
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| validation::text("notes", n, MAX_TEXT))
            .transpose()?;
        let id = AssessmentId(self.id());
        self.execute(actor, Command::RecordAssessment(Draft { id, new }))?;
        Ok(id)
    }

    /// Overrides an assessment's level by professional judgement, with a reason. Raising: any
    /// case worker on the team who may read the assessment. Lowering: a supervisor, and never
    /// below the actuarial level where the template forbids it ([`NEVER_BELOW_ACTUARIAL`]).
    /// The override is an audited event and resets the review date for the new level.
    pub fn override_assessment(
        &self,
        actor: PractitionerId,
        assessment: AssessmentId,
        level: Level,
        reason: &str,
    ) -> Result<()> {
        let reason = validation::text("reason", reason, MAX_TEXT)?;
        self.execute(
            actor,
            Command::OverrideAssessment {
                assessment,
                level,
                reason,
            },
        )
    }

    /// Records a review that found the level still stands, which sets the next review date.
    /// A changed level is an override; a fresh assessment supersedes the old one.
    pub fn review_assessment(
        &self,
        actor: PractitionerId,
        assessment: AssessmentId,
        note: &str,
    ) -> Result<()> {
        let note = validation::text("note", note, MAX_TEXT)?;
        self.execute(actor, Command::ReviewAssessment { assessment, note })
    }

    /// An assessment as the viewer may see it.
    pub fn assessment(&self, viewer: &Viewer, id: AssessmentId) -> Result<AssessmentView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .risk
                .assessments
                .get(&id)
                .and_then(|a| view(b, a))
                .ok_or(Error::not_found("assessment"))
        })
    }

    /// The assessments on a case, oldest first: in full where the viewer may read them, as
    /// stubs where the viewer's team works the case, and left out otherwise.
    pub fn assessments(&self, viewer: &Viewer, case: CaseId) -> Result<Vec<AssessmentView>> {
        self.read(viewer, |b| {
            let state = b.engine.state;
            let c = state
                .cases
                .get(&case)
                .filter(|c| b.engine.case(c).access != Access::Nothing)
                .ok_or(Error::not_found("case"))?;
            Ok(state
                .risk
                .on_case(c.id)
                .filter_map(|a| view(b, a))
                .collect())
        })
    }
}

impl Hub {
    /// The assessments whose review date has passed, earliest due first, among those the
    /// viewer may read in full.
    pub fn overdue_reviews(&self, viewer: &Viewer) -> Result<Vec<OverdueReview>, crate::Error> {
        self.read(viewer, overdue_reviews)
    }

    /// The people at greatest risk and vulnerability, ranked (see the module doc), at most
    /// `limit` rows, each with its reasons. Built only from assessments the viewer may read in
    /// full.
    pub fn priority_list(
        &self,
        viewer: &Viewer,
        limit: usize,
    ) -> Result<Vec<PriorityRow>, crate::Error> {
        self.read(viewer, |b| priority_rows(b, limit))
    }
}

impl Hub {
    /// Assessments recorded, and risk levels raised, at or after `since`, among assessments the
    /// viewer may read in full; highest level first, then newest. An assessment recorded since
    /// is reported once as new, with its current level, not again for its overrides.
    pub fn risk_changes(
        &self,
        viewer: &Viewer,
        since: DateTime<Utc>,
    ) -> Result<Vec<RiskChange>, crate::Error> {
        self.read(viewer, |b| Ok(risk_changes_in(b, since)))
    }
}

impl Hub {
    /// Registers a template version (partnership admins). Versions only go up: old versions
    /// stay, so assessments made with them re-score the same.
    pub fn register_template(&self, actor: PractitionerId, template: Template) -> Result<()> {
        template.validate()?;
        self.execute(actor, crate::commands::Command::RegisterTemplate(template))
    }

    /// Every template the hub offers, each version: the built-ins, then the registered ones.
    /// Templates are the partnership's forms, not content about anyone.
    pub fn templates(&self) -> Vec<TemplateSummary> {
        let summary = |t: &Template, builtin| TemplateSummary {
            template: t.reference(),
            name: t.name.clone(),
            builtin,
        };
        self.policy(|state| {
            builtin::all()
                .iter()
                .map(|t| summary(t, true))
                .chain(
                    state
                        .risk
                        .templates
                        .values()
                        .flat_map(|vs| vs.values())
                        .map(|t| summary(t, false)),
                )
                .collect()
        })
    }

    /// A template at a version, or its latest version when `None`.
    pub fn template(&self, id: &str, version: Option<u32>) -> Option<Template> {
        self.policy(|state| state.risk.template(id, version).cloned())
    }
}
