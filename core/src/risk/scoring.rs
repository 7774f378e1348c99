//! Scoring: answers to a score, a score to a level. Pure and deterministic: the same template
//! version and answers give the same score on every run, machine and release.
//!
//! An unanswered question counts as 0 (a Dash RIC "not known" is not a yes). An answer that
//! does not fit its question (a number for a yes/no, a value outside a scale, an option the
//! question does not offer, a question the template does not ask) is refused, naming `answers`.

use super::template::{Level, QuestionKind, ScoringMethod, Template};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One answer. In JSON: `true`/`false` for yes/no, a number for a scale, an option id for a
/// choice.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum AnswerValue {
    /// A yes/no answer.
    YesNo(bool),
    /// A point on a scale.
    Scale(i64),
    /// The id of the option chosen.
    Choice(String),
}

/// Answers keyed by question id. Ordered, so an assessment serialises the same way every time.
#[cfg_attr(feature = "wasm", tsify::declare)]
pub type Answers = BTreeMap<String, AnswerValue>;

/// Checks every answer fits the question it answers.
pub fn check_answers(template: &Template, answers: &Answers) -> Result<()> {
    if answers.len() > template.questions.len() {
        return Err(Error::invalid("answers", "more answers than questions"));
    }
    for (id, answer) in answers {
        let q = template.question(id).ok_or(Error::invalid(
            "answers",
            "answers a question the template does not ask",
        ))?;
        value_of(&q.kind, answer)?;
    }
    Ok(())
}

/// What an answer is worth before weighting.
fn value_of(kind: &QuestionKind, answer: &AnswerValue) -> Result<i64> {
    match (kind, answer) {
        (QuestionKind::YesNo, AnswerValue::YesNo(yes)) => Ok(i64::from(*yes)),
        (QuestionKind::Scale { min, max }, AnswerValue::Scale(v)) if (min..=max).contains(&v) => {
            Ok(*v)
        }
        (QuestionKind::Choice { options }, AnswerValue::Choice(id)) => options
            .iter()
            .find(|o| &o.id == id)
            .map(|o| o.value)
            .ok_or(Error::invalid(
                "answers",
                "not one of the question's options",
            )),
        _ => Err(Error::invalid("answers", "does not fit the question")),
    }
}

/// The score of `answers` under `template`. Answers are checked first.
pub fn score(template: &Template, answers: &Answers) -> Result<i64> {
    check_answers(template, answers)?;
    // Each answered question's value, in template order; checked above, so none fails.
    let values = template.questions.iter().filter_map(|q| {
        let v = answers.get(&q.id).and_then(|a| value_of(&q.kind, a).ok())?;
        Some((q, v))
    });
    let answer = |id: &str| {
        template
            .question(id)
            .and_then(|q| answers.get(id).and_then(|a| value_of(&q.kind, a).ok()))
            .unwrap_or(0)
    };
    Ok(match &template.scoring {
        ScoringMethod::CountYes => values
            .filter(|(q, v)| q.kind == QuestionKind::YesNo && *v == 1)
            .count() as i64,
        ScoringMethod::WeightedSum => values.fold(0i64, |sum, (q, v)| {
            sum.saturating_add(v.saturating_mul(q.weight))
        }),
        ScoringMethod::Matrix { likelihood, impact } => {
            answer(likelihood).saturating_mul(answer(impact))
        }
        ScoringMethod::Max => values
            .map(|(q, v)| v.saturating_mul(q.weight))
            .max()
            .unwrap_or(0),
    })
}

/// The level a score falls in under the template's bands.
pub fn level(template: &Template, score: i64) -> Level {
    template
        .bands
        .iter()
        .filter(|b| b.from <= score)
        .map(|b| b.level)
        .max()
        .unwrap_or(Level::Standard)
}
