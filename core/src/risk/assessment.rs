//! Assessments (the records): a template's questions answered about a person on a case, scored, perhaps
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
//!
//! This file holds what an assessment is, as recorded and as submitted; recording, overriding and
//! reviewing one is `commands`, and reading one is `view`.

use super::escalation::{EscalationInput, Trigger};
use super::scoring::Answers;
use super::template::{Level, Lowering, Template, TemplateRef};
use crate::calendar::Calendar;
use crate::entries::{InformationCategory, Visibility};
use crate::error::{Error, Result};
use crate::ids::{AgencyId, AssessmentId, CaseId, PersonId, PractitionerId};
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

/// A recorded assessment: the record of fact. Reads return an [`AssessmentView`](super::AssessmentView).
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
