//! Recording, overriding and reviewing assessments, and registering templates: the risk
//! feature's decisions, each a function of the caught-up state it is decided on.

use super::assessment::*;
use super::builtin;
use super::escalation::assess_in;
use super::template::{Level, Template};
use crate::cases::{CaseStatus, Subject};
use crate::checks::{engine_for, works_case};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::AssessmentId;
use crate::partnership::Practitioner;
use crate::partnership::Role;
use crate::sharing::Access;
use crate::state::State;
use chrono::{DateTime, Utc};

pub(crate) fn decide_record(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    draft: Draft,
) -> Result<Vec<Event>> {
    let action = "record_assessment";
    let Draft { id, new } = draft;
    let case = works_case(state, who, new.case, action)?;
    if case.status == CaseStatus::Closed {
        return Err(Error::InvalidTransition {
            what: "case",
            from: "closed",
            to: "assessed",
        });
    }
    if !case
        .subjects
        .iter()
        .any(|s| s.subject == Subject::Person(new.subject))
    {
        return Err(Error::invalid("subject", "not a person linked to the case"));
    }
    if state.risk.assessments.contains_key(&id) {
        return Err(Error::invalid("assessment_id", "already in use"));
    }
    let template = state
        .risk
        .template(&new.template, new.version)
        .ok_or(Error::not_found("template"))?;
    let outcome = assess_in(template, &new.answers, &new.escalation, at, &state.calendar)?;
    let assessment = Assessment {
        id,
        case: new.case,
        subject: new.subject,
        template: template.reference(),
        answers: new.answers,
        escalation: new.escalation,
        score: outcome.score,
        actuarial: outcome.level,
        triggers: outcome.triggers,
        level: outcome.level,
        overrides: Vec::new(),
        reviews: Vec::new(),
        assessor: who.id,
        agency: who.agency,
        at,
        review_due: review_due(template, outcome.level, at, &state.calendar),
        category: template.category,
        visibility: new.visibility,
        sensitive: new.sensitive,
        notes: new.notes,
    };
    Ok(vec![Event::AssessmentRecorded { assessment }])
}

/// The assessment and its template, for a change by `who`: who must read it in full and work
/// its case, which must be live.
fn changeable<'s>(
    state: &'s State,
    who: &Practitioner,
    at: DateTime<Utc>,
    id: AssessmentId,
    action: &'static str,
) -> Result<(&'s Assessment, &'s Template)> {
    let a = state
        .risk
        .assessments
        .get(&id)
        .ok_or(Error::not_found("assessment"))?;
    match engine_for(state, who, at)?
        .content(&a.content(state))
        .access
    {
        Access::Full => {}
        Access::Stub => return Err(Error::forbidden(action, "you may not read the assessment")),
        // `decide` refuses a record the actor may not know of before it gets here.
        Access::Nothing => return Err(Error::not_found("assessment")),
    }
    let case = works_case(state, who, a.case, action)?;
    if case.status == CaseStatus::Closed {
        return Err(Error::InvalidTransition {
            what: "case",
            from: "closed",
            to: "assessed",
        });
    }
    let template = state
        .risk
        .template(&a.template.id, Some(a.template.version))
        .ok_or(Error::not_found("template"))?;
    Ok((a, template))
}

pub(crate) fn decide_override(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    assessment: AssessmentId,
    level: Level,
    reason: String,
) -> Result<Vec<Event>> {
    let (a, template) = changeable(state, who, at, assessment, "override_assessment")?;
    check_override(
        template.lowering,
        a.actuarial,
        a.level,
        level,
        who.role.is_supervisor(),
    )?;
    Ok(vec![Event::AssessmentOverridden {
        assessment,
        change: Override {
            by: who.id,
            agency: who.agency,
            at,
            from: a.level,
            to: level,
            reason,
        },
        review_due: review_due(template, level, at, &state.calendar),
    }])
}

pub(crate) fn decide_review(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    assessment: AssessmentId,
    note: String,
) -> Result<Vec<Event>> {
    let (a, template) = changeable(state, who, at, assessment, "review_assessment")?;
    Ok(vec![Event::AssessmentReviewed {
        assessment,
        review: Review {
            by: who.id,
            agency: who.agency,
            at,
            note,
        },
        review_due: review_due(template, a.level, at, &state.calendar),
    }])
}

pub(crate) fn decide_register_template(
    state: &State,
    who: &Practitioner,
    template: Template,
) -> Result<Vec<Event>> {
    if who.role != Role::PartnershipAdmin {
        return Err(Error::forbidden(
            "register_template",
            "needs the partnership admin role",
        ));
    }
    template.validate()?;
    let held = state
        .risk
        .templates
        .get(&template.id)
        .and_then(|vs| vs.keys().next_back().copied())
        .into_iter()
        .chain(
            builtin::all()
                .iter()
                .filter(|t| t.id == template.id)
                .map(|t| t.version),
        )
        .max();
    if held.is_some_and(|v| template.version <= v) {
        return Err(Error::invalid(
            "version",
            "must be above every version already held",
        ));
    }
    Ok(vec![Event::TemplateRegistered { template }])
}
