//! Risk assessments through the bindings: templates (as the JSON the core defines them in),
//! assessments, overrides, reviews, overdue reviews, the priority list and risk changes.

use crate::convert::{all, id, opt_time, time, to_small, to_usize, utc, wide};
use crate::enums::{InformationCategory, Level, Visibility, VulnerabilityFlag};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::records::Viewer;
use crate::views::{AgencyRef, PersonView, PractitionerRef};
use safehub::risk as r;
use std::collections::HashMap;
use std::time::SystemTime;

/// A template's identity: which template, which version.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TemplateRef {
    /// The template's id.
    pub id: String,
    /// Its version.
    pub version: i64,
}

impl From<r::TemplateRef> for TemplateRef {
    fn from(t: r::TemplateRef) -> Self {
        TemplateRef {
            id: t.id,
            version: wide(t.version),
        }
    }
}

/// A line in the list of templates a hub offers.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TemplateSummary {
    /// Which template and version.
    pub template: TemplateRef,
    /// Its name.
    pub name: String,
    /// Whether it ships with safehub (else the partnership registered it).
    pub builtin: bool,
}

impl From<r::TemplateSummary> for TemplateSummary {
    fn from(t: r::TemplateSummary) -> Self {
        TemplateSummary {
            template: t.template.into(),
            name: t.name,
            builtin: t.builtin,
        }
    }
}

/// One answer to a question of a template.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AnswerValue {
    /// A yes/no answer.
    YesNo {
        /// The answer.
        value: bool,
    },
    /// A point on a scale.
    Scale {
        /// The point.
        value: i64,
    },
    /// The id of the option chosen.
    Choice {
        /// The option's id.
        option: String,
    },
}

impl From<AnswerValue> for r::AnswerValue {
    fn from(a: AnswerValue) -> Self {
        match a {
            AnswerValue::YesNo { value } => r::AnswerValue::YesNo(value),
            AnswerValue::Scale { value } => r::AnswerValue::Scale(value),
            AnswerValue::Choice { option } => r::AnswerValue::Choice(option),
        }
    }
}

impl From<r::AnswerValue> for AnswerValue {
    fn from(a: r::AnswerValue) -> Self {
        match a {
            r::AnswerValue::YesNo(value) => AnswerValue::YesNo { value },
            r::AnswerValue::Scale(value) => AnswerValue::Scale { value },
            r::AnswerValue::Choice(option) => AnswerValue::Choice { option },
        }
    }
}

/// The incident history the escalation rules read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct EscalationInput {
    /// When each known incident happened (any order).
    #[uniffi(default = [])]
    pub incidents: Vec<SystemTime>,
    /// When the case was last referred to Marac, if it has been.
    #[uniffi(default = None)]
    pub last_marac_referral: Option<SystemTime>,
}

impl TryFrom<EscalationInput> for r::EscalationInput {
    type Error = SafehubError;
    fn try_from(e: EscalationInput) -> Result<Self> {
        Ok(r::EscalationInput {
            incidents: e
                .incidents
                .into_iter()
                .map(|t| utc("incidents", t))
                .collect::<Result<_>>()?,
            last_marac_referral: e
                .last_marac_referral
                .map(|t| utc("last_marac_referral", t))
                .transpose()?,
        })
    }
}

impl From<r::EscalationInput> for EscalationInput {
    fn from(e: r::EscalationInput) -> Self {
        EscalationInput {
            incidents: e.incidents.into_iter().map(time).collect(),
            last_marac_referral: opt_time(e.last_marac_referral),
        }
    }
}

/// A new assessment.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewAssessment {
    /// The id of the case it is made on.
    pub case: String,
    /// The id of the person assessed, linked to the case.
    pub subject: String,
    /// The template's id.
    pub template: String,
    /// The template's version; the latest when `None`.
    #[uniffi(default = None)]
    pub version: Option<i64>,
    /// The answers, keyed by question id.
    pub answers: HashMap<String, AnswerValue>,
    /// The incident dates and last Marac referral the assessor knows of.
    pub escalation: EscalationInput,
    /// How far it reaches.
    pub visibility: Visibility,
    /// Hide even the stub from those who cannot read it.
    #[uniffi(default = false)]
    pub sensitive: bool,
    /// The assessor's notes.
    #[uniffi(default = None)]
    pub notes: Option<String>,
}

impl TryFrom<NewAssessment> for r::NewAssessment {
    type Error = SafehubError;
    fn try_from(a: NewAssessment) -> Result<Self> {
        Ok(r::NewAssessment {
            case: id(&a.case)?,
            subject: id(&a.subject)?,
            template: a.template,
            version: a.version.map(|v| to_small("version", v)).transpose()?,
            answers: a.answers.into_iter().map(|(k, v)| (k, v.into())).collect(),
            escalation: a.escalation.try_into()?,
            visibility: a.visibility,
            sensitive: a.sensitive,
            notes: a.notes,
        })
    }
}

/// Why an assessment was flagged for referral.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Trigger {
    /// The score reached a referral threshold.
    Score {
        /// The threshold reached.
        at_least: i64,
        /// Where the referral goes.
        refer_to: String,
    },
    /// Potential escalation: enough incidents in the window.
    PotentialEscalation {
        /// Incidents counted in the window.
        incidents: i64,
        /// The window, in months.
        months: i64,
        /// Where the referral goes.
        refer_to: String,
    },
    /// A repeat: an incident within the window after the last referral.
    Repeat {
        /// The window, in months.
        months: i64,
        /// Where the referral goes.
        refer_to: String,
    },
}

impl From<r::Trigger> for Trigger {
    fn from(t: r::Trigger) -> Self {
        match t {
            r::Trigger::Score { at_least, refer_to } => Trigger::Score { at_least, refer_to },
            r::Trigger::PotentialEscalation {
                incidents,
                months,
                refer_to,
            } => Trigger::PotentialEscalation {
                incidents: wide(incidents),
                months: wide(months),
                refer_to,
            },
            r::Trigger::Repeat { months, refer_to } => Trigger::Repeat {
                months: wide(months),
                refer_to,
            },
        }
    }
}

/// An assessment as a viewer sees it.
// A value crossing the FFI is serialised whole either way: boxing the large variant would save
// nothing there and complicate the foreign type.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AssessmentView {
    /// The whole assessment.
    Full {
        /// The assessment.
        assessment: AssessmentDetail,
    },
    /// That the agency assessed someone on the case, and when: not what it found.
    Stub {
        /// The trace.
        stub: AssessmentStub,
    },
}

impl From<r::AssessmentView> for AssessmentView {
    fn from(a: r::AssessmentView) -> Self {
        match a {
            r::AssessmentView::Full(d) => AssessmentView::Full {
                assessment: (*d).into(),
            },
            r::AssessmentView::Stub(s) => AssessmentView::Stub { stub: s.into() },
        }
    }
}

/// A whole assessment.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AssessmentDetail {
    /// Its id.
    pub id: String,
    /// The case's id.
    pub case: String,
    /// The person assessed as the viewer may see them; `None` for a restricted profile.
    pub subject: Option<PersonView>,
    /// The template and version it was scored with.
    pub template: TemplateRef,
    /// The answers.
    pub answers: HashMap<String, AnswerValue>,
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
    pub at: SystemTime,
    /// When the next review falls due.
    pub review_due: Option<SystemTime>,
    /// Whether the review is overdue at the time of the read.
    pub overdue: bool,
    /// Whether a later assessment the viewer may read has replaced it.
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

impl From<r::AssessmentDetail> for AssessmentDetail {
    fn from(a: r::AssessmentDetail) -> Self {
        AssessmentDetail {
            id: a.id.to_string(),
            case: a.case.to_string(),
            subject: a.subject.map(Into::into),
            template: a.template.into(),
            answers: a.answers.into_iter().map(|(k, v)| (k, v.into())).collect(),
            escalation: a.escalation.into(),
            score: a.score,
            actuarial: a.actuarial,
            triggers: all(a.triggers),
            level: a.level,
            overrides: all(a.overrides),
            reviews: all(a.reviews),
            assessor: a.assessor,
            agency: a.agency,
            at: time(a.at),
            review_due: opt_time(a.review_due),
            overdue: a.overdue,
            superseded: a.superseded,
            category: a.category,
            visibility: a.visibility,
            sensitive: a.sensitive,
            notes: a.notes,
        }
    }
}

/// An override of an assessment's level, as shown.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OverrideView {
    /// When.
    pub at: SystemTime,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// The level before.
    pub from_level: Level,
    /// The level after.
    pub to_level: Level,
    /// Why.
    pub reason: String,
}

impl From<r::OverrideView> for OverrideView {
    fn from(o: r::OverrideView) -> Self {
        OverrideView {
            at: time(o.at),
            by: o.by,
            agency: o.agency,
            from_level: o.from,
            to_level: o.to,
            reason: o.reason,
        }
    }
}

/// A review of an assessment, as shown.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReviewView {
    /// When.
    pub at: SystemTime,
    /// Who.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// What it found.
    pub note: String,
}

impl From<r::ReviewView> for ReviewView {
    fn from(v: r::ReviewView) -> Self {
        ReviewView {
            at: time(v.at),
            by: v.by,
            agency: v.agency,
            note: v.note,
        }
    }
}

/// The visible trace of an assessment the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AssessmentStub {
    /// Its id.
    pub id: String,
    /// The case's id.
    pub case: String,
    /// When.
    pub at: SystemTime,
    /// The agency that assessed.
    pub agency: AgencyRef,
    /// Who assessed, where shown.
    pub assessor: Option<PractitionerRef>,
}

impl From<r::AssessmentStub> for AssessmentStub {
    fn from(s: r::AssessmentStub) -> Self {
        AssessmentStub {
            id: s.id.to_string(),
            case: s.case.to_string(),
            at: time(s.at),
            agency: s.agency,
            assessor: s.assessor,
        }
    }
}

/// An assessment whose review is overdue.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct OverdueReview {
    /// The assessment's id.
    pub assessment: String,
    /// Its case's id.
    pub case: String,
    /// The person assessed, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// The template and version.
    pub template: TemplateRef,
    /// The final level.
    pub level: Level,
    /// When the review fell due.
    pub due: SystemTime,
    /// Whole days past due at the time of the read.
    pub days_overdue: i64,
}

impl From<r::OverdueReview> for OverdueReview {
    fn from(o: r::OverdueReview) -> Self {
        OverdueReview {
            assessment: o.assessment.to_string(),
            case: o.case.to_string(),
            person: o.person.map(Into::into),
            template: o.template.into(),
            level: o.level,
            due: time(o.due),
            days_overdue: o.days_overdue,
        }
    }
}

/// Why someone is on the priority list.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum PriorityReason {
    /// Their highest final level, and the actuarial level under it. (Named `AssessedLevel`, not
    /// `Level`, so Kotlin's nested class does not shadow the `Level` enum.)
    AssessedLevel {
        /// The final level.
        level: Level,
        /// The actuarial level.
        actuarial: Level,
        /// The template that gave it.
        template: TemplateRef,
    },
    /// An escalation rule fired.
    Escalation {
        /// Which, and where the referral goes.
        trigger: Trigger,
    },
    /// A vulnerability flag on their profile.
    Vulnerable {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// A review is overdue.
    ReviewOverdue {
        /// The earliest missed due date.
        due: SystemTime,
    },
}

impl From<r::PriorityReason> for PriorityReason {
    fn from(p: r::PriorityReason) -> Self {
        match p {
            r::PriorityReason::Level {
                level,
                actuarial,
                template,
            } => PriorityReason::AssessedLevel {
                level,
                actuarial,
                template: template.into(),
            },
            r::PriorityReason::Escalation { trigger } => PriorityReason::Escalation {
                trigger: trigger.into(),
            },
            r::PriorityReason::Vulnerable { flag } => PriorityReason::Vulnerable { flag },
            r::PriorityReason::ReviewOverdue { due } => {
                PriorityReason::ReviewOverdue { due: time(due) }
            }
        }
    }
}

/// One row of the priority list.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PriorityRow {
    /// Place in the list, from 1.
    pub rank: i64,
    /// The person, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// Their highest final level.
    pub level: Level,
    /// The id of the assessment that gives it.
    pub assessment: String,
    /// Its case's id.
    pub case: String,
    /// Why they are here, most important first.
    pub reasons: Vec<PriorityReason>,
}

impl From<r::PriorityRow> for PriorityRow {
    fn from(p: r::PriorityRow) -> Self {
        PriorityRow {
            rank: wide(p.rank),
            person: p.person.map(Into::into),
            level: p.level,
            assessment: p.assessment.to_string(),
            case: p.case.to_string(),
            reasons: all(p.reasons),
        }
    }
}

/// What changed about a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RiskChangeKind {
    /// A new assessment was recorded.
    New,
    /// An override raised the level. (`from_level`: `from` is a Python keyword.)
    Raised {
        /// The level before.
        from_level: Level,
    },
}

impl From<r::RiskChangeKind> for RiskChangeKind {
    fn from(k: r::RiskChangeKind) -> Self {
        match k {
            r::RiskChangeKind::New => RiskChangeKind::New,
            r::RiskChangeKind::Raised { from } => RiskChangeKind::Raised { from_level: from },
        }
    }
}

/// An assessment recorded, or a level raised, after a time.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RiskChange {
    /// What changed.
    pub kind: RiskChangeKind,
    /// When.
    pub at: SystemTime,
    /// The assessment's id.
    pub assessment: String,
    /// Its case's id.
    pub case: String,
    /// The person assessed, as the viewer may see them (`None`: a restricted profile).
    pub person: Option<PersonView>,
    /// The template and version.
    pub template: TemplateRef,
    /// The level after the change.
    pub level: Level,
}

impl From<r::RiskChange> for RiskChange {
    fn from(c: r::RiskChange) -> Self {
        RiskChange {
            kind: c.kind.into(),
            at: time(c.at),
            assessment: c.assessment.to_string(),
            case: c.case.to_string(),
            person: c.person.map(Into::into),
            template: c.template.into(),
            level: c.level,
        }
    }
}

#[uniffi::export]
impl Hub {
    /// Registers a template version (partnership admins), given as the JSON the core documents
    /// (`docs/risk.md`).
    pub fn register_template(&self, actor: String, template_json: String) -> Result<()> {
        let template = r::Template::from_json(&template_json)?;
        Ok(self.core.register_template(id(&actor)?, template)?)
    }

    /// Every template the hub offers, each version: the built-ins, then the registered ones.
    pub fn templates(&self) -> Vec<TemplateSummary> {
        all(self.core.templates())
    }

    /// A template at a version (the latest when `None`), as JSON; `None` if there is none.
    pub fn template_json(&self, template: String, version: Option<i64>) -> Result<Option<String>> {
        let version = version.map(|v| to_small("version", v)).transpose()?;
        self.core
            .template(&template, version)
            .map(|t| {
                serde_json::to_string(&t)
                    .map_err(|_| safehub::Error::Storage("template could not be encoded".into()))
            })
            .transpose()
            .map_err(Into::into)
    }

    /// Records an assessment of a person on a case the actor works; returns its id.
    pub fn record_assessment(&self, actor: String, assessment: NewAssessment) -> Result<String> {
        let a = assessment.try_into()?;
        Ok(self.core.record_assessment(id(&actor)?, a)?.to_string())
    }

    /// Overrides an assessment's level by professional judgement, with a reason.
    pub fn override_assessment(
        &self,
        actor: String,
        assessment: String,
        level: Level,
        reason: String,
    ) -> Result<()> {
        Ok(self
            .core
            .override_assessment(id(&actor)?, id(&assessment)?, level, &reason)?)
    }

    /// Records a review that found the level still stands.
    pub fn review_assessment(&self, actor: String, assessment: String, note: String) -> Result<()> {
        Ok(self
            .core
            .review_assessment(id(&actor)?, id(&assessment)?, &note)?)
    }

    /// An assessment as the viewer may see it.
    pub fn assessment(&self, viewer: Viewer, assessment: String) -> Result<AssessmentView> {
        Ok(self.core.assessment(&viewer, id(&assessment)?)?.into())
    }

    /// The assessments on a case, oldest first, as the viewer may see them.
    pub fn assessments(&self, viewer: Viewer, case: String) -> Result<Vec<AssessmentView>> {
        Ok(all(self.core.assessments(&viewer, id(&case)?)?))
    }

    /// The assessments whose review date has passed, earliest due first.
    pub fn overdue_reviews(&self, viewer: Viewer) -> Result<Vec<OverdueReview>> {
        Ok(all(self.core.overdue_reviews(&viewer)?))
    }

    /// Assessments recorded, and risk levels raised, at or after `since`, among those the
    /// viewer may read in full; highest level first, then newest.
    pub fn risk_changes(&self, viewer: Viewer, since: SystemTime) -> Result<Vec<RiskChange>> {
        Ok(all(self
            .core
            .risk_changes(&viewer, utc("since", since)?)?))
    }

    /// The people at greatest risk and vulnerability, ranked, at most `limit` rows.
    pub fn priority_list(&self, viewer: Viewer, limit: i64) -> Result<Vec<PriorityRow>> {
        let limit = to_usize("limit", limit)?;
        Ok(all(self.core.priority_list(&viewer, limit)?))
    }
}
