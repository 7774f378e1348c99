//! Properties of the risk framework: scoring is deterministic and version-stable, and a final
//! level never falls below the actuarial level where the template forbids lowering.

mod risk_fixture;

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use risk_fixture::{as_viewer, Borough};
use safehub::risk::{assess, builtin, QuestionKind};
use safehub::{AnswerValue, Answers, AssessmentView, EscalationInput, Level, Template};

/// Valid answers to `t` from random draws: about one in five questions left unanswered.
fn answers_for(t: &Template, draws: &[u32]) -> Answers {
    t.questions
        .iter()
        .zip(draws.iter().copied())
        .filter(|(_, r)| r % 5 != 0)
        .map(|(q, r)| {
            let v = match &q.kind {
                QuestionKind::YesNo => AnswerValue::YesNo(r % 2 == 0),
                QuestionKind::Scale { min, max } => {
                    AnswerValue::Scale(min + i64::from(r) % (max - min + 1))
                }
                QuestionKind::Choice { options } => {
                    AnswerValue::Choice(options[r as usize % options.len()].id.clone())
                }
            };
            (q.id.clone(), v)
        })
        .collect()
}

fn incidents(offsets: &[i64]) -> EscalationInput {
    let base = Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap();
    EscalationInput {
        incidents: offsets.iter().map(|d| base - Duration::days(*d)).collect(),
        last_marac_referral: Some(base - Duration::days(400)),
    }
}

proptest! {
    /// The same answers to the same template version score the same, every time and after the
    /// template has been through JSON (as it is when registered, stored and replayed).
    #[test]
    fn scoring_is_deterministic_and_version_stable(
        which in 0..4usize,
        draws in prop::collection::vec(any::<u32>(), 24),
        offsets in prop::collection::vec(0..800i64, 0..8),
    ) {
        let t = &builtin::all()[which];
        let answers = answers_for(t, &draws);
        let input = incidents(&offsets);
        let at = Utc.with_ymd_and_hms(2025, 1, 6, 0, 0, 0).unwrap();
        let first = assess(t, &answers, &input, at).unwrap();
        prop_assert_eq!(&first, &assess(t, &answers, &input, at).unwrap());
        let reloaded = Template::from_json(&serde_json::to_string(t).unwrap()).unwrap();
        prop_assert_eq!(&reloaded, t);
        prop_assert_eq!(&first, &assess(&reloaded, &answers, &input, at).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whoever tries whatever overrides, a DA checklist's final level never goes below its
    /// actuarial level, and the hub's record re-scores to what was recorded.
    #[test]
    fn a_dash_final_level_never_falls_below_the_actuarial_level(
        yes in 0..25usize,
        attempts in prop::collection::vec((0..3usize, 0..4usize), 1..12),
    ) {
        let b = Borough::new();
        let id = b.hub.record_assessment(b.pc, b.dash(yes)).unwrap();
        let actors = [b.pc, b.sergeant, b.officer];
        for (who, level) in attempts {
            let _ = b.hub.override_assessment(actors[who], id, Level::ALL[level], "judgement");
            let AssessmentView::Full(d) = b.hub.assessment(&as_viewer(b.pc), id).unwrap() else {
                panic!("the assessor reads their own assessment");
            };
            prop_assert!(d.level >= d.actuarial);
            let t = b.hub.template(&d.template.id, Some(d.template.version)).unwrap();
            let again = assess(&t, &d.answers, &d.escalation, d.at).unwrap();
            prop_assert_eq!((again.score, again.level), (d.score, d.actuarial));
        }
    }
}
