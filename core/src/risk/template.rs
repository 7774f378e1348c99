//! Risk templates: the data that says how an assessment is asked and scored.
//!
//! A template is versioned data, loadable from JSON: questions (yes/no, scale, choice) with
//! weights, a [`ScoringMethod`], [`Band`]s from score to [`Level`], [`EscalationRule`]s, whether
//! professional judgement may lower the actuarial level, and how often each level is reviewed.
//! Scores are whole numbers, so scoring is exact and the same on every platform.
//!
//! A template is identified by its id and version. Once a version is in use it never changes:
//! a changed template is a new version, and assessments keep the version they were scored with,
//! so re-scoring an old assessment gives the same answer.

use crate::entries::InformationCategory;
use crate::error::{Error, Result};
use crate::validation::{self, MAX_NAME, MAX_SHORT};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The most questions a template may have.
pub const MAX_QUESTIONS: usize = 100;
/// The largest weight, option value or scale bound (in absolute value): it keeps every score
/// far inside `i64`.
pub const MAX_VALUE: i64 = 1_000;
/// The longest template, question or option id, in characters.
pub const MAX_ID: usize = 64;
/// The largest template JSON [`Template::from_json`] reads, in bytes: a template at every
/// other limit is well under it.
pub const MAX_JSON: usize = 1024 * 1024;

/// A risk level, lowest first.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Level {
    /// No evidence of likely serious harm.
    #[default]
    Standard,
    /// Indicators of harm, unlikely without a change of circumstances.
    Medium,
    /// Harm could happen at any time and the impact would be serious.
    High,
    /// The most urgent: harm is imminent or already escalating.
    VeryHigh,
}

impl Level {
    /// Every level, lowest first.
    pub const ALL: [Level; 4] = [Level::Standard, Level::Medium, Level::High, Level::VeryHigh];

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Standard => "standard",
            Level::Medium => "medium",
            Level::High => "high",
            Level::VeryHigh => "very_high",
        }
    }
}

/// What kind of answer a question takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum QuestionKind {
    /// Yes (1) or no (0).
    YesNo,
    /// A whole number from `min` to `max` inclusive.
    Scale {
        /// The lowest answer.
        min: i64,
        /// The highest answer.
        max: i64,
    },
    /// One of a list of options, each worth a value.
    Choice {
        /// The options, in the order they are offered.
        options: Vec<ChoiceOption>,
    },
}

/// One option of a choice question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ChoiceOption {
    /// Its id, which an answer gives.
    pub id: String,
    /// What the assessor sees.
    pub text: String,
    /// What choosing it is worth.
    pub value: i64,
}

/// One question of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Question {
    /// Its id, unique in the template; answers are keyed by it.
    pub id: String,
    /// The question as asked, in our own words.
    pub text: String,
    /// What kind of answer it takes, e.g. `{"type": "yes_no"}` or
    /// `{"type": "scale", "min": 1, "max": 5}`.
    pub kind: QuestionKind,
    /// What an answer's value is multiplied by in a weighted sum or a max (1 if omitted).
    #[serde(default = "one")]
    pub weight: i64,
}

fn one() -> i64 {
    1
}

/// How answers become a score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ScoringMethod {
    /// The number of yes answers (the Dash RIC way): weights are ignored.
    CountYes,
    /// The sum of each answer's value times its question's weight.
    WeightedSum,
    /// The value of the `likelihood` answer times the value of the `impact` answer.
    Matrix {
        /// The id of the likelihood question.
        likelihood: String,
        /// The id of the impact question.
        impact: String,
    },
    /// The largest of each answer's value times its question's weight (0 with no answers).
    Max,
}

/// A band: scores from `from` upwards are at `level`, until the next band starts. A score below
/// the first band is [`Level::Standard`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Band {
    /// The lowest score in the band.
    pub from: i64,
    /// Its level.
    pub level: Level,
}

/// A rule that flags an assessment for referral, over and above its level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EscalationRule {
    /// A score of at least `score` refers the case to `refer_to` (e.g. an ASB vulnerability
    /// total of 22 or more refers the victim to victim support).
    ScoreAtLeast {
        /// The threshold.
        score: i64,
        /// Where the referral goes, e.g. `"victim support"`.
        refer_to: String,
    },
    /// Potential escalation: at least `incidents` incidents in the `months` up to the
    /// assessment (SafeLives recommends 3 in 12).
    IncidentsWithin {
        /// How many incidents.
        incidents: u32,
        /// In how many calendar months.
        months: u32,
        /// Where the referral goes, e.g. `"marac"`.
        refer_to: String,
    },
    /// Repeat: any incident within `months` after the last referral (the Marac repeat rule,
    /// 12 months).
    RepeatWithin {
        /// How many calendar months after the last referral.
        months: u32,
        /// Where the referral goes.
        refer_to: String,
    },
}

/// Whether professional judgement may lower the actuarial level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Lowering {
    /// Never below the actuarial level (the Dash RIC rule). A level raised by judgement may
    /// still come back down as far as the actuarial one, by a supervisor.
    #[default]
    Never,
    /// A supervisor may lower the level, with a reason.
    BySupervisor,
}

/// How many days after an assessment (or its last review or override) each level's next review
/// falls due; `None` means no review is scheduled at that level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReviewSchedule {
    /// Standard: our default, none.
    pub standard: Option<u32>,
    /// Medium: 28 days (DOMAIN.md section 3: medium ASB risk is reviewed every 28 days).
    pub medium: Option<u32>,
    /// High: 14 days (DOMAIN.md section 3: high ASB risk is reviewed every 14 days).
    pub high: Option<u32>,
    /// Very high: our default, 7 days.
    pub very_high: Option<u32>,
}

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

impl ReviewSchedule {
    /// Days until the next review at `level`.
    pub fn days(&self, level: Level) -> Option<u32> {
        match level {
            Level::Standard => self.standard,
            Level::Medium => self.medium,
            Level::High => self.high,
            Level::VeryHigh => self.very_high,
        }
    }
}

/// A risk template. Load one with [`Template::from_json`], which validates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Template {
    /// Its id: lowercase letters, digits, `-` and `_`, e.g. `"da-checklist"`.
    pub id: String,
    /// Its version, from 1. A changed template is a new version.
    pub version: u32,
    /// Its name as shown on screen.
    pub name: String,
    /// The information category of assessments made with it, which the sharing rules read
    /// (default: risk assessment).
    #[serde(default = "risk_category")]
    pub category: InformationCategory,
    /// The questions, in the order they are asked.
    pub questions: Vec<Question>,
    /// How answers become a score.
    pub scoring: ScoringMethod,
    /// From score to level, lowest `from` first.
    pub bands: Vec<Band>,
    /// Rules that flag an assessment for referral.
    #[serde(default)]
    pub escalation: Vec<EscalationRule>,
    /// Whether judgement may lower the actuarial level (default: never).
    #[serde(default)]
    pub lowering: Lowering,
    /// When reviews fall due by level (default: [`ReviewSchedule::default`]).
    #[serde(default)]
    pub review: ReviewSchedule,
}

fn risk_category() -> InformationCategory {
    InformationCategory::RiskAssessment
}

/// A template's identity: which template, which version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TemplateRef {
    /// The template's id.
    pub id: String,
    /// Its version.
    pub version: u32,
}

/// A line in the list of templates a hub offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TemplateSummary {
    /// Which template and version.
    pub template: TemplateRef,
    /// Its name.
    pub name: String,
    /// Whether it ships with safehub (else the partnership registered it).
    pub builtin: bool,
}

impl Template {
    /// Parses a template from JSON and validates it. Malformed JSON or an unknown field gives
    /// an error on `template`; a well-formed but inconsistent template names the field at fault.
    pub fn from_json(json: &str) -> Result<Template> {
        if json.len() > MAX_JSON {
            return Err(Error::invalid("template", "JSON larger than 1 MiB"));
        }
        let template: Template = serde_json::from_str(json)
            .map_err(|_| Error::invalid("template", "malformed JSON or unknown field"))?;
        template.validate()?;
        Ok(template)
    }

    /// The template's identity.
    pub fn reference(&self) -> TemplateRef {
        TemplateRef {
            id: self.id.clone(),
            version: self.version,
        }
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Checks the template is consistent, naming the field at fault.
    pub fn validate(&self) -> Result<()> {
        slug("id", &self.id)?;
        if self.version == 0 {
            return Err(Error::invalid("version", "must be 1 or more"));
        }
        validation::line("name", &self.name, MAX_NAME)?;
        if self.questions.is_empty() || self.questions.len() > MAX_QUESTIONS {
            return Err(Error::invalid("questions", "between 1 and 100 questions"));
        }
        let mut ids = BTreeSet::new();
        for q in &self.questions {
            slug("questions.id", &q.id)?;
            if !ids.insert(q.id.as_str()) {
                return Err(Error::invalid("questions.id", "must be unique"));
            }
            validation::line("questions.text", &q.text, MAX_SHORT)?;
            bounded("questions.weight", q.weight)?;
            validate_kind(&q.kind)?;
        }
        if let ScoringMethod::Matrix { likelihood, impact } = &self.scoring {
            for axis in [likelihood, impact] {
                match self.question(axis).map(|q| &q.kind) {
                    Some(QuestionKind::Scale { .. } | QuestionKind::Choice { .. }) => {}
                    _ => {
                        return Err(Error::invalid(
                            "scoring",
                            "a matrix axis must name a scale or choice question",
                        ))
                    }
                }
            }
        }
        for pair in self.bands.windows(2) {
            if let [a, b] = pair {
                if a.from >= b.from || a.level >= b.level {
                    return Err(Error::invalid(
                        "bands",
                        "scores and levels must both rise from band to band",
                    ));
                }
            }
        }
        for band in &self.bands {
            bounded_score("bands.from", band.from)?;
        }
        for rule in &self.escalation {
            let refer_to = match rule {
                EscalationRule::ScoreAtLeast { score, refer_to } => {
                    bounded_score("escalation.score", *score)?;
                    refer_to
                }
                EscalationRule::IncidentsWithin {
                    incidents,
                    months,
                    refer_to,
                } => {
                    if *incidents == 0 || *incidents > 1_000 {
                        return Err(Error::invalid("escalation.incidents", "from 1 to 1000"));
                    }
                    months_in_range(*months)?;
                    refer_to
                }
                EscalationRule::RepeatWithin { months, refer_to } => {
                    months_in_range(*months)?;
                    refer_to
                }
            };
            validation::line("escalation.refer_to", refer_to, MAX_NAME)?;
        }
        for level in Level::ALL {
            if self.review.days(level).is_some_and(|d| d == 0 || d > 3_650) {
                return Err(Error::invalid("review", "from 1 to 3650 days"));
            }
        }
        Ok(())
    }
}

fn validate_kind(kind: &QuestionKind) -> Result<()> {
    match kind {
        QuestionKind::YesNo => Ok(()),
        QuestionKind::Scale { min, max } => {
            bounded("questions.min", *min)?;
            bounded("questions.max", *max)?;
            if min >= max {
                return Err(Error::invalid("questions.max", "must be above min"));
            }
            Ok(())
        }
        QuestionKind::Choice { options } => {
            if options.is_empty() || options.len() > MAX_QUESTIONS {
                return Err(Error::invalid("questions.options", "between 1 and 100"));
            }
            let mut ids = BTreeSet::new();
            for o in options {
                slug("questions.options.id", &o.id)?;
                if !ids.insert(o.id.as_str()) {
                    return Err(Error::invalid("questions.options.id", "must be unique"));
                }
                validation::line("questions.options.text", &o.text, MAX_SHORT)?;
                bounded("questions.options.value", o.value)?;
            }
            Ok(())
        }
    }
}

fn slug(field: &'static str, value: &str) -> Result<()> {
    let ok = !value.is_empty()
        && value.len() <= MAX_ID
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            "1 to 64 lowercase letters, digits, '-' or '_'",
        ))
    }
}

fn bounded(field: &'static str, value: i64) -> Result<()> {
    if value.abs() <= MAX_VALUE {
        Ok(())
    } else {
        Err(Error::invalid(field, "must be between -1000 and 1000"))
    }
}

/// Scores reach at most `MAX_QUESTIONS * MAX_VALUE * MAX_VALUE`; thresholds beyond that are
/// mistakes.
fn bounded_score(field: &'static str, value: i64) -> Result<()> {
    let limit = MAX_VALUE * MAX_VALUE * MAX_QUESTIONS as i64;
    if value.abs() <= limit {
        Ok(())
    } else {
        Err(Error::invalid(
            field,
            "beyond any score the template can give",
        ))
    }
}

fn months_in_range(months: u32) -> Result<()> {
    if (1..=120).contains(&months) {
        Ok(())
    } else {
        Err(Error::invalid("escalation.months", "from 1 to 120"))
    }
}
