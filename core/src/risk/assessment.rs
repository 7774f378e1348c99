//! Assessments: a template's questions answered about a person on a case, scored, perhaps
//! overridden by professional judgement, and reviewed on a schedule set by the level.
//!
//! An assessment records the template id and version, the answers, the incident history its
//! escalation rules read, the score, the actuarial level, the triggers, any overrides, the final
//! level, the assessor, the time, and when its review falls due. Everything is computed when it
//! is recorded, so replay needs no template, and [`assess`](super::assess()) with the same template
//! version gives the same result again.
//!
//! Sharing: an assessment is content owned by the assessor's agency, in its template's
//! information category, with the visibility the assessor chose (default: the case team),
//! decided like any entry on the case. Overrides and reviews are part of it and share with it.
//!
//! Overrides ([`Hub::override_assessment`](crate::Hub::override_assessment)): raising needs a case worker on the team and a
//! reason; lowering needs a supervisor and a reason, and where the template's [`Lowering`] is
//! `Never`, no one may take the level below the actuarial one: that is refused with
//! [`Error::Forbidden`] whose reason is [`NEVER_BELOW_ACTUARIAL`]. Each override is an event.

use super::escalation::{assess_in, EscalationInput, Trigger};
use super::scoring::Answers;
use super::template::{Level, Lowering, Template, TemplateRef};
use crate::audit::ContentKind;
use crate::calendar::Calendar;
use crate::cases::{CaseStatus, Subject};
use crate::checks::{engine_for, works_case};
use crate::entries::{InformationCategory, Visibility};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, AssessmentId, CaseId, PersonId, PractitionerId};
use crate::partnership::Practitioner;
use crate::sharing::{Access, Content, Decision, Engine};
use crate::state::State;
use crate::views::{AgencyRef, PersonView, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The reason [`Error::Forbidden`] gives when judgement would take a level below the actuarial
/// one on a template that never allows it.
pub const NEVER_BELOW_ACTUARIAL: &str = "the template never lowers the actuarial level";
/// The reason [`Error::Forbidden`] gives when someone other than a supervisor lowers a level.
pub const SUPERVISOR_LOWERS: &str = "only a supervisor lowers a risk level";

/// A professional judgement override, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    /// Who made it.
    pub by: PractitionerId,
    /// Their agency.
    pub agency: AgencyId,
    /// When.
    pub at: DateTime<Utc>,
    /// The level before.
    pub from: Level,
    /// The level after.
    pub to: Level,
    /// Why.
    pub reason: String,
}

/// A review that found the level still stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// Who reviewed.
    pub by: PractitionerId,
    /// Their agency.
    pub agency: AgencyId,
    /// When.
    pub at: DateTime<Utc>,
    /// What the review found.
    pub note: String,
}

/// A recorded assessment: the record of fact. Reads return an [`AssessmentView`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Its id.
    pub id: AssessmentId,
    /// The case it was made on.
    pub case: CaseId,
    /// The person assessed.
    pub subject: PersonId,
    /// The template and version it was scored with.
    pub template: TemplateRef,
    /// The answers.
    pub answers: Answers,
    /// The incident history the escalation rules read.
    pub escalation: EscalationInput,
    /// The score.
    pub score: i64,
    /// The level the template's bands give the score.
    pub actuarial: Level,
    /// The escalation rules that fired.
    pub triggers: Vec<Trigger>,
    /// The level after professional judgement.
    pub level: Level,
    /// Overrides, oldest first.
    pub overrides: Vec<Override>,
    /// Reviews, oldest first.
    pub reviews: Vec<Review>,
    /// Who assessed.
    pub assessor: PractitionerId,
    /// The assessor's agency: the owner of the assessment.
    pub agency: AgencyId,
    /// When.
    pub at: DateTime<Utc>,
    /// When the next review falls due, if the level has a schedule.
    pub review_due: Option<DateTime<Utc>>,
    /// Its information category (the template's).
    pub category: InformationCategory,
    /// How far it reaches.
    pub visibility: Visibility,
    /// Whether even the stub is hidden from those who cannot read it.
    pub sensitive: bool,
    /// The assessor's notes.
    pub notes: Option<String>,
}

impl Assessment {
    /// What the sharing engine decides on.
    pub(crate) fn content<'a>(&self, state: &'a State) -> Content<'a> {
        Content {
            owner: self.agency,
            author: Some(self.assessor),
            category: self.category,
            visibility: self.visibility,
            case: state.cases.get(&self.case),
            sensitive: self.sensitive,
        }
    }
}

/// A new assessment, as a host submits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewAssessment {
    /// The case it is made on (the assessor must work it).
    pub case: CaseId,
    /// The person assessed, linked to the case.
    pub subject: PersonId,
    /// The template's id.
    pub template: String,
    /// The template's version; the latest when `None`.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub version: Option<u32>,
    /// The answers, keyed by question id.
    pub answers: Answers,
    /// The incident dates and last Marac referral the assessor knows of.
    pub escalation: EscalationInput,
    /// How far it reaches (default: the case team).
    pub visibility: Visibility,
    /// Hide even the stub from those who cannot read it.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub sensitive: bool,
    /// The assessor's notes.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub notes: Option<String>,
}

impl NewAssessment {
    /// An assessment with `template`'s latest version, visible to the case team.
    pub fn new(case: CaseId, subject: PersonId, template: &str, answers: Answers) -> Self {
        NewAssessment {
            case,
            subject,
            template: template.into(),
            version: None,
            answers,
            escalation: EscalationInput::default(),
            visibility: Visibility::CaseTeam,
            sensitive: false,
            notes: None,
        }
    }

    /// The same assessment with the incident history the escalation rules read.
    pub fn with_incidents(mut self, escalation: EscalationInput) -> Self {
        self.escalation = escalation;
        self
    }

    /// The same assessment with another visibility.
    pub fn visible_to(mut self, visibility: Visibility) -> Self {
        self.visibility = visibility;
        self
    }
}

/// A new assessment with its id drawn and input normalised: what `decide` scores.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Draft {
    pub id: AssessmentId,
    pub new: NewAssessment,
}

/// When a review at `level` falls due after `from`, under `template`'s schedule: that many days
/// on the partnership's calendar, at the same local clock time.
pub(crate) fn review_due(
    template: &Template,
    level: Level,
    from: DateTime<Utc>,
    calendar: &Calendar,
) -> Option<DateTime<Utc>> {
    let days = template.review.days(level)?;
    calendar.add_days(from, days)
}

/// Whether an override from `current` to `new` is allowed: the one rule for every caller.
pub fn check_override(
    lowering: Lowering,
    actuarial: Level,
    current: Level,
    new: Level,
    supervisor: bool,
) -> Result<()> {
    const ACTION: &str = "override_assessment";
    if new == current {
        return Err(Error::invalid("level", "unchanged"));
    }
    if new > current {
        return Ok(());
    }
    if new < actuarial && lowering == Lowering::Never {
        return Err(Error::forbidden(ACTION, NEVER_BELOW_ACTUARIAL));
    }
    if !supervisor {
        return Err(Error::forbidden(ACTION, SUPERVISOR_LOWERS));
    }
    Ok(())
}

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

/// An assessment as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AssessmentView {
    /// The whole assessment.
    Full(Box<AssessmentDetail>),
    /// That the agency assessed someone on the case, and when: not what it found.
    Stub(AssessmentStub),
}

/// A whole assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AssessmentDetail {
    /// Its id.
    pub id: AssessmentId,
    /// The case.
    pub case: CaseId,
    /// The person assessed, as the viewer may see them; `None` for a restricted profile the
    /// viewer may not see.
    pub subject: Option<PersonView>,
    /// The template and version it was scored with.
    pub template: TemplateRef,
    /// The answers.
    pub answers: Answers,
    /// The incident history the escalation rules read.
    pub escalation: EscalationInput,
    /// The score.
    pub score: i64,
    /// The actuarial level.
    pub actuarial: Level,
    /// The escalation rules that fired.
    pub triggers: Vec<Trigger>,
    /// The final level.
    pub level: Level,
    /// Overrides, oldest first.
    pub overrides: Vec<OverrideView>,
    /// Reviews, oldest first.
    pub reviews: Vec<ReviewView>,
    /// Who assessed.
    pub assessor: PractitionerRef,
    /// The owning agency.
    pub agency: AgencyRef,
    /// When.
    pub at: DateTime<Utc>,
    /// When the next review falls due.
    pub review_due: Option<DateTime<Utc>>,
    /// Whether the review is overdue at the time of the read.
    pub overdue: bool,
    /// Whether a later assessment with the same template about the same person on the same
    /// case, one the viewer may read, has replaced it.
    pub superseded: bool,
    /// Its information category.
    pub category: InformationCategory,
    /// Its visibility.
    pub visibility: Visibility,
    /// Whether it is sensitive.
    pub sensitive: bool,
    /// The assessor's notes.
    pub notes: Option<String>,
}

/// An override as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OverrideView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// The level before.
    #[cfg_attr(feature = "uniffi", uniffi(name = "from_level"))]
    pub from: Level,
    /// The level after.
    #[cfg_attr(feature = "uniffi", uniffi(name = "to_level"))]
    pub to: Level,
    /// Why.
    pub reason: String,
}

/// A review as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReviewView {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// What it found.
    pub note: String,
}

/// The visible trace of an assessment the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AssessmentStub {
    /// Its id, so the viewer can ask for it.
    pub id: AssessmentId,
    /// The case.
    pub case: CaseId,
    /// When.
    pub at: DateTime<Utc>,
    /// The agency that assessed.
    pub agency: AgencyRef,
    /// Who assessed.
    pub assessor: Option<PractitionerRef>,
}

/// The sharing decision on an assessment.
pub(crate) fn decision(engine: &Engine<'_>, a: &Assessment) -> Decision {
    engine.content(&a.content(engine.state))
}

/// The person an assessment is about, as the viewer may see them.
pub(crate) fn subject_view(b: &mut ViewBuilder<'_, '_>, person: PersonId) -> Option<PersonView> {
    let state = b.engine.state;
    state.persons.get(&person).and_then(|p| b.person(p))
}

/// Builds the view of an assessment, noting a disclosure; `None` where the viewer may not know
/// it exists.
pub(crate) fn view(b: &mut ViewBuilder<'_, '_>, a: &Assessment) -> Option<AssessmentView> {
    let d = decision(b.engine, a);
    match d.access {
        Access::Nothing => None,
        Access::Stub => Some(AssessmentView::Stub(AssessmentStub {
            id: a.id,
            case: a.case,
            at: a.at,
            agency: b.agency(a.agency),
            assessor: b.practitioner(a.assessor),
        })),
        Access::Full => {
            b.disclosures
                .note(&d, ContentKind::RiskAssessment, a.id.0, a.agency);
            let state = b.engine.state;
            let engine = b.engine;
            let superseded = state
                .risk
                .is_superseded(a, |later| decision(engine, later).access == Access::Full);
            Some(AssessmentView::Full(Box::new(AssessmentDetail {
                id: a.id,
                case: a.case,
                subject: subject_view(b, a.subject),
                template: a.template.clone(),
                answers: a.answers.clone(),
                escalation: a.escalation.clone(),
                score: a.score,
                actuarial: a.actuarial,
                triggers: a.triggers.clone(),
                level: a.level,
                overrides: a
                    .overrides
                    .iter()
                    .map(|o| OverrideView {
                        at: o.at,
                        by: b.named_practitioner(o.by),
                        agency: b.agency(o.agency),
                        from: o.from,
                        to: o.to,
                        reason: o.reason.clone(),
                    })
                    .collect(),
                reviews: a
                    .reviews
                    .iter()
                    .map(|r| ReviewView {
                        at: r.at,
                        by: b.named_practitioner(r.by),
                        agency: b.agency(r.agency),
                        note: r.note.clone(),
                    })
                    .collect(),
                assessor: b.named_practitioner(a.assessor),
                agency: b.agency(a.agency),
                at: a.at,
                review_due: a.review_due,
                overdue: !superseded && state.risk.is_past_due(state, a, b.engine.at),
                superseded,
                category: a.category,
                visibility: a.visibility,
                sensitive: a.sensitive,
                notes: a.notes.clone(),
            })))
        }
    }
}
