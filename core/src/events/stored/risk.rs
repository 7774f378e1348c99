//! Stored shapes of the risk events: templates, assessments, overrides and reviews.

use super::unit_enum;
use super::values::{InformationCategory, Visibility};
use crate::risk;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

unit_enum! {
    /// A risk level.
    Level = risk::Level {
        Standard = "standard",
        Medium = "medium",
        High = "high",
        VeryHigh = "very_high",
    }
}

unit_enum! {
    /// Who may lower a level by override.
    Lowering = risk::Lowering {
        Never = "never",
        BySupervisor = "by_supervisor",
    }
}

/// A choice question's option.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChoiceOption {
    #[serde(rename = "id")]
    id: String,
    #[serde(rename = "text")]
    text: String,
    #[serde(rename = "value")]
    value: i64,
}

/// How a question is answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub(crate) enum QuestionKind {
    /// Yes or no.
    #[serde(rename = "yes_no")]
    YesNo,
    /// A number in a range.
    #[serde(rename = "scale")]
    Scale {
        #[serde(rename = "min")]
        min: i64,
        #[serde(rename = "max")]
        max: i64,
    },
    /// One of the options.
    #[serde(rename = "choice")]
    Choice {
        #[serde(rename = "options")]
        options: Vec<ChoiceOption>,
    },
}

/// The stored default of a question's weight (templates written before weights had none).
fn one() -> i64 {
    1
}

/// A question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Question {
    #[serde(rename = "id")]
    id: String,
    #[serde(rename = "text")]
    text: String,
    #[serde(rename = "kind")]
    kind: QuestionKind,
    #[serde(rename = "weight", default = "one")]
    weight: i64,
}

/// How answers become a score.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", deny_unknown_fields)]
pub(crate) enum ScoringMethod {
    /// Count of yes answers.
    #[serde(rename = "count_yes")]
    CountYes,
    /// Sum of weighted values.
    #[serde(rename = "weighted_sum")]
    WeightedSum,
    /// Likelihood times impact.
    #[serde(rename = "matrix")]
    Matrix {
        #[serde(rename = "likelihood")]
        likelihood: String,
        #[serde(rename = "impact")]
        impact: String,
    },
    /// The largest value.
    #[serde(rename = "max")]
    Max,
}

/// A score band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Band {
    #[serde(rename = "from")]
    from: i64,
    #[serde(rename = "level")]
    level: Level,
}

/// An escalation rule of a template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", deny_unknown_fields)]
pub(crate) enum EscalationRule {
    /// A score at least this.
    #[serde(rename = "score_at_least")]
    ScoreAtLeast {
        #[serde(rename = "score")]
        score: i64,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
    /// So many incidents within so many months.
    #[serde(rename = "incidents_within")]
    IncidentsWithin {
        #[serde(rename = "incidents")]
        incidents: u32,
        #[serde(rename = "months")]
        months: u32,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
    /// A repeat referral within so many months.
    #[serde(rename = "repeat_within")]
    RepeatWithin {
        #[serde(rename = "months")]
        months: u32,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
}

/// Days to the next review per level.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewSchedule {
    #[serde(rename = "standard")]
    standard: Option<u32>,
    #[serde(rename = "medium")]
    medium: Option<u32>,
    #[serde(rename = "high")]
    high: Option<u32>,
    #[serde(rename = "very_high")]
    very_high: Option<u32>,
}

/// The schedule a template without one reads as: the stored default, written out here so that
/// a change of the domain's default does not change what old templates mean.
impl Default for ReviewSchedule {
    fn default() -> Self {
        ReviewSchedule {
            standard: None,
            medium: Some(28),
            high: Some(14),
            very_high: Some(7),
        }
    }
}

/// The category of a template written without one.
fn risk_category() -> InformationCategory {
    InformationCategory::RiskAssessment
}

/// The lowering of a template written without one.
fn never() -> Lowering {
    Lowering::Never
}

/// A risk template version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Template {
    #[serde(rename = "id")]
    id: String,
    #[serde(rename = "version")]
    version: u32,
    #[serde(rename = "name")]
    name: String,
    #[serde(rename = "category", default = "risk_category")]
    category: InformationCategory,
    #[serde(rename = "questions")]
    questions: Vec<Question>,
    #[serde(rename = "scoring")]
    scoring: ScoringMethod,
    #[serde(rename = "bands")]
    bands: Vec<Band>,
    #[serde(rename = "escalation", default)]
    escalation: Vec<EscalationRule>,
    #[serde(rename = "lowering", default = "never")]
    lowering: Lowering,
    #[serde(rename = "review", default)]
    review: ReviewSchedule,
}

impl From<&risk::Template> for Template {
    fn from(t: &risk::Template) -> Self {
        let risk::Template {
            id,
            version,
            name,
            category,
            questions,
            scoring,
            bands,
            escalation,
            lowering,
            review,
        } = t;
        Template {
            id: id.clone(),
            version: *version,
            name: name.clone(),
            category: (*category).into(),
            questions: questions.iter().map(Question::from).collect(),
            scoring: scoring.into(),
            bands: bands
                .iter()
                .map(|b| Band {
                    from: b.from,
                    level: b.level.into(),
                })
                .collect(),
            escalation: escalation.iter().map(EscalationRule::from).collect(),
            lowering: (*lowering).into(),
            review: ReviewSchedule {
                standard: review.standard,
                medium: review.medium,
                high: review.high,
                very_high: review.very_high,
            },
        }
    }
}

impl From<Template> for risk::Template {
    fn from(t: Template) -> Self {
        risk::Template {
            id: t.id,
            version: t.version,
            name: t.name,
            category: t.category.into(),
            questions: t.questions.into_iter().map(Into::into).collect(),
            scoring: t.scoring.into(),
            bands: t
                .bands
                .into_iter()
                .map(|b| risk::Band {
                    from: b.from,
                    level: b.level.into(),
                })
                .collect(),
            escalation: t.escalation.into_iter().map(Into::into).collect(),
            lowering: t.lowering.into(),
            review: risk::ReviewSchedule {
                standard: t.review.standard,
                medium: t.review.medium,
                high: t.review.high,
                very_high: t.review.very_high,
            },
        }
    }
}

impl From<&risk::Question> for Question {
    fn from(q: &risk::Question) -> Self {
        let risk::Question {
            id,
            text,
            kind,
            weight,
        } = q;
        let kind = match kind {
            risk::QuestionKind::YesNo => QuestionKind::YesNo,
            risk::QuestionKind::Scale { min, max } => QuestionKind::Scale {
                min: *min,
                max: *max,
            },
            risk::QuestionKind::Choice { options } => QuestionKind::Choice {
                options: options
                    .iter()
                    .map(|o| ChoiceOption {
                        id: o.id.clone(),
                        text: o.text.clone(),
                        value: o.value,
                    })
                    .collect(),
            },
        };
        Question {
            id: id.clone(),
            text: text.clone(),
            kind,
            weight: *weight,
        }
    }
}

impl From<Question> for risk::Question {
    fn from(q: Question) -> Self {
        let kind = match q.kind {
            QuestionKind::YesNo => risk::QuestionKind::YesNo,
            QuestionKind::Scale { min, max } => risk::QuestionKind::Scale { min, max },
            QuestionKind::Choice { options } => risk::QuestionKind::Choice {
                options: options
                    .into_iter()
                    .map(|o| risk::ChoiceOption {
                        id: o.id,
                        text: o.text,
                        value: o.value,
                    })
                    .collect(),
            },
        };
        risk::Question {
            id: q.id,
            text: q.text,
            kind,
            weight: q.weight,
        }
    }
}

impl From<&risk::ScoringMethod> for ScoringMethod {
    fn from(m: &risk::ScoringMethod) -> Self {
        match m {
            risk::ScoringMethod::CountYes => ScoringMethod::CountYes,
            risk::ScoringMethod::WeightedSum => ScoringMethod::WeightedSum,
            risk::ScoringMethod::Matrix { likelihood, impact } => ScoringMethod::Matrix {
                likelihood: likelihood.clone(),
                impact: impact.clone(),
            },
            risk::ScoringMethod::Max => ScoringMethod::Max,
        }
    }
}

impl From<ScoringMethod> for risk::ScoringMethod {
    fn from(m: ScoringMethod) -> Self {
        match m {
            ScoringMethod::CountYes => risk::ScoringMethod::CountYes,
            ScoringMethod::WeightedSum => risk::ScoringMethod::WeightedSum,
            ScoringMethod::Matrix { likelihood, impact } => {
                risk::ScoringMethod::Matrix { likelihood, impact }
            }
            ScoringMethod::Max => risk::ScoringMethod::Max,
        }
    }
}

impl From<&risk::EscalationRule> for EscalationRule {
    fn from(r: &risk::EscalationRule) -> Self {
        match r {
            risk::EscalationRule::ScoreAtLeast { score, refer_to } => {
                EscalationRule::ScoreAtLeast {
                    score: *score,
                    refer_to: refer_to.clone(),
                }
            }
            risk::EscalationRule::IncidentsWithin {
                incidents,
                months,
                refer_to,
            } => EscalationRule::IncidentsWithin {
                incidents: *incidents,
                months: *months,
                refer_to: refer_to.clone(),
            },
            risk::EscalationRule::RepeatWithin { months, refer_to } => {
                EscalationRule::RepeatWithin {
                    months: *months,
                    refer_to: refer_to.clone(),
                }
            }
        }
    }
}

impl From<EscalationRule> for risk::EscalationRule {
    fn from(r: EscalationRule) -> Self {
        match r {
            EscalationRule::ScoreAtLeast { score, refer_to } => {
                risk::EscalationRule::ScoreAtLeast { score, refer_to }
            }
            EscalationRule::IncidentsWithin {
                incidents,
                months,
                refer_to,
            } => risk::EscalationRule::IncidentsWithin {
                incidents,
                months,
                refer_to,
            },
            EscalationRule::RepeatWithin { months, refer_to } => {
                risk::EscalationRule::RepeatWithin { months, refer_to }
            }
        }
    }
}

/// Which template version an assessment used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct TemplateRef {
    #[serde(rename = "id")]
    id: String,
    #[serde(rename = "version")]
    version: u32,
}

/// An answer: a bare boolean, number or string.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum AnswerValue {
    /// Yes or no.
    YesNo(bool),
    /// A number.
    Scale(i64),
    /// A choice's id.
    Choice(String),
}

impl From<&risk::AnswerValue> for AnswerValue {
    fn from(a: &risk::AnswerValue) -> Self {
        match a {
            risk::AnswerValue::YesNo(b) => AnswerValue::YesNo(*b),
            risk::AnswerValue::Scale(n) => AnswerValue::Scale(*n),
            risk::AnswerValue::Choice(c) => AnswerValue::Choice(c.clone()),
        }
    }
}

impl From<AnswerValue> for risk::AnswerValue {
    fn from(a: AnswerValue) -> Self {
        match a {
            AnswerValue::YesNo(b) => risk::AnswerValue::YesNo(b),
            AnswerValue::Scale(n) => risk::AnswerValue::Scale(n),
            AnswerValue::Choice(c) => risk::AnswerValue::Choice(c),
        }
    }
}

/// The escalation facts given with an assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct EscalationInput {
    #[serde(rename = "incidents", default)]
    incidents: Vec<DateTime<Utc>>,
    #[serde(rename = "last_marac_referral", default)]
    last_marac_referral: Option<DateTime<Utc>>,
}

/// An escalation trigger that fired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "trigger")]
pub(crate) enum Trigger {
    /// The score reached a threshold.
    #[serde(rename = "score")]
    Score {
        #[serde(rename = "at_least")]
        at_least: i64,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
    /// Incidents within a period.
    #[serde(rename = "potential_escalation")]
    PotentialEscalation {
        #[serde(rename = "incidents")]
        incidents: u32,
        #[serde(rename = "months")]
        months: u32,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
    /// A repeat referral.
    #[serde(rename = "repeat")]
    Repeat {
        #[serde(rename = "months")]
        months: u32,
        #[serde(rename = "refer_to")]
        refer_to: String,
    },
}

impl From<&risk::Trigger> for Trigger {
    fn from(t: &risk::Trigger) -> Self {
        match t {
            risk::Trigger::Score { at_least, refer_to } => Trigger::Score {
                at_least: *at_least,
                refer_to: refer_to.clone(),
            },
            risk::Trigger::PotentialEscalation {
                incidents,
                months,
                refer_to,
            } => Trigger::PotentialEscalation {
                incidents: *incidents,
                months: *months,
                refer_to: refer_to.clone(),
            },
            risk::Trigger::Repeat { months, refer_to } => Trigger::Repeat {
                months: *months,
                refer_to: refer_to.clone(),
            },
        }
    }
}

impl From<Trigger> for risk::Trigger {
    fn from(t: Trigger) -> Self {
        match t {
            Trigger::Score { at_least, refer_to } => risk::Trigger::Score { at_least, refer_to },
            Trigger::PotentialEscalation {
                incidents,
                months,
                refer_to,
            } => risk::Trigger::PotentialEscalation {
                incidents,
                months,
                refer_to,
            },
            Trigger::Repeat { months, refer_to } => risk::Trigger::Repeat { months, refer_to },
        }
    }
}

/// A level overridden by professional judgement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Override {
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "from")]
    from: Level,
    #[serde(rename = "to")]
    to: Level,
    #[serde(rename = "reason")]
    reason: String,
}

impl From<&risk::Override> for Override {
    fn from(o: &risk::Override) -> Self {
        let risk::Override {
            by,
            agency,
            at,
            from,
            to,
            reason,
        } = o;
        Override {
            by: by.0,
            agency: agency.0,
            at: *at,
            from: (*from).into(),
            to: (*to).into(),
            reason: reason.clone(),
        }
    }
}

impl From<Override> for risk::Override {
    fn from(o: Override) -> Self {
        risk::Override {
            by: o.by.into(),
            agency: o.agency.into(),
            at: o.at,
            from: o.from.into(),
            to: o.to.into(),
            reason: o.reason,
        }
    }
}

/// A review at which the level stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Review {
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "note")]
    note: String,
}

impl From<&risk::Review> for Review {
    fn from(r: &risk::Review) -> Self {
        let risk::Review {
            by,
            agency,
            at,
            note,
        } = r;
        Review {
            by: by.0,
            agency: agency.0,
            at: *at,
            note: note.clone(),
        }
    }
}

impl From<Review> for risk::Review {
    fn from(r: Review) -> Self {
        risk::Review {
            by: r.by.into(),
            agency: r.agency.into(),
            at: r.at,
            note: r.note,
        }
    }
}

/// An assessment as recorded, already scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Assessment {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "case")]
    case: Uuid,
    #[serde(rename = "subject")]
    subject: Uuid,
    #[serde(rename = "template")]
    template: TemplateRef,
    #[serde(rename = "answers")]
    answers: BTreeMap<String, AnswerValue>,
    #[serde(rename = "escalation")]
    escalation: EscalationInput,
    #[serde(rename = "score")]
    score: i64,
    #[serde(rename = "actuarial")]
    actuarial: Level,
    #[serde(rename = "triggers")]
    triggers: Vec<Trigger>,
    #[serde(rename = "level")]
    level: Level,
    #[serde(rename = "overrides")]
    overrides: Vec<Override>,
    #[serde(rename = "reviews")]
    reviews: Vec<Review>,
    #[serde(rename = "assessor")]
    assessor: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "review_due")]
    review_due: Option<DateTime<Utc>>,
    #[serde(rename = "category")]
    category: InformationCategory,
    #[serde(rename = "visibility")]
    visibility: Visibility,
    #[serde(rename = "sensitive")]
    sensitive: bool,
    #[serde(rename = "notes")]
    notes: Option<String>,
}

impl From<&risk::Assessment> for Assessment {
    fn from(a: &risk::Assessment) -> Self {
        let risk::Assessment {
            id,
            case,
            subject,
            template,
            answers,
            escalation,
            score,
            actuarial,
            triggers,
            level,
            overrides,
            reviews,
            assessor,
            agency,
            at,
            review_due,
            category,
            visibility,
            sensitive,
            notes,
        } = a;
        Assessment {
            id: id.0,
            case: case.0,
            subject: subject.0,
            template: TemplateRef {
                id: template.id.clone(),
                version: template.version,
            },
            answers: answers.iter().map(|(k, v)| (k.clone(), v.into())).collect(),
            escalation: EscalationInput {
                incidents: escalation.incidents.clone(),
                last_marac_referral: escalation.last_marac_referral,
            },
            score: *score,
            actuarial: (*actuarial).into(),
            triggers: triggers.iter().map(Trigger::from).collect(),
            level: (*level).into(),
            overrides: overrides.iter().map(Override::from).collect(),
            reviews: reviews.iter().map(Review::from).collect(),
            assessor: assessor.0,
            agency: agency.0,
            at: *at,
            review_due: *review_due,
            category: (*category).into(),
            visibility: (*visibility).into(),
            sensitive: *sensitive,
            notes: notes.clone(),
        }
    }
}

impl From<Assessment> for risk::Assessment {
    fn from(a: Assessment) -> Self {
        risk::Assessment {
            id: a.id.into(),
            case: a.case.into(),
            subject: a.subject.into(),
            template: risk::TemplateRef {
                id: a.template.id,
                version: a.template.version,
            },
            answers: a.answers.into_iter().map(|(k, v)| (k, v.into())).collect(),
            escalation: risk::EscalationInput {
                incidents: a.escalation.incidents,
                last_marac_referral: a.escalation.last_marac_referral,
            },
            score: a.score,
            actuarial: a.actuarial.into(),
            triggers: a.triggers.into_iter().map(Into::into).collect(),
            level: a.level.into(),
            overrides: a.overrides.into_iter().map(Into::into).collect(),
            reviews: a.reviews.into_iter().map(Into::into).collect(),
            assessor: a.assessor.into(),
            agency: a.agency.into(),
            at: a.at,
            review_due: a.review_due,
            category: a.category.into(),
            visibility: a.visibility.into(),
            sensitive: a.sensitive,
            notes: a.notes,
        }
    }
}
