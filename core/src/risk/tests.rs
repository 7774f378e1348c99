//! Unit tests of the pure parts: template validation, scoring methods, the built-ins' pinned
//! content, and the override rule.

use super::builtin;
use super::*;
use crate::error::Error;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn field_of(e: Error) -> &'static str {
    match e {
        Error::Invalid { field, .. } => field,
        other => panic!("not an invalid-input error: {other:?}"),
    }
}

fn minimal() -> Template {
    Template::from_json(
        r#"{"id": "t", "version": 1, "name": "T",
            "questions": [{"id": "a", "text": "A?", "kind": {"type": "yes_no"}}],
            "scoring": {"method": "count_yes"}, "bands": []}"#,
    )
    .unwrap()
}

#[test]
fn a_minimal_template_takes_its_defaults() {
    let t = minimal();
    assert_eq!(t.category, crate::InformationCategory::RiskAssessment);
    assert_eq!(t.lowering, Lowering::Never);
    assert_eq!(t.review, ReviewSchedule::default());
    assert_eq!(t.questions[0].weight, 1);
}

#[test]
fn a_malformed_or_misspelt_template_is_refused_on_template() {
    assert_eq!(field_of(Template::from_json("{").unwrap_err()), "template");
    let misspelt = serde_json::to_string(&minimal())
        .unwrap()
        .replace("\"bands\"", "\"bandz\"");
    assert_eq!(
        field_of(Template::from_json(&misspelt).unwrap_err()),
        "template"
    );
}

/// A way to break a template, and the field the error must name.
type Breakage = (&'static str, Box<dyn Fn(&mut Template)>);

#[test]
fn an_inconsistent_template_names_the_field_at_fault() {
    let cases: Vec<Breakage> = vec![
        ("id", Box::new(|t| t.id = "Has Spaces".into())),
        ("version", Box::new(|t| t.version = 0)),
        ("name", Box::new(|t| t.name = " ".into())),
        ("questions", Box::new(|t| t.questions.clear())),
        (
            "questions.id",
            Box::new(|t| {
                let q = t.questions[0].clone();
                t.questions.push(q);
            }),
        ),
        (
            "questions.weight",
            Box::new(|t| t.questions[0].weight = 5_000),
        ),
        (
            "questions.max",
            Box::new(|t| t.questions[0].kind = QuestionKind::Scale { min: 3, max: 3 }),
        ),
        (
            "questions.options",
            Box::new(|t| t.questions[0].kind = QuestionKind::Choice { options: vec![] }),
        ),
        (
            "scoring",
            Box::new(|t| {
                t.scoring = ScoringMethod::Matrix {
                    likelihood: "a".into(),
                    impact: "zz".into(),
                }
            }),
        ),
        (
            "bands",
            Box::new(|t| {
                t.bands = vec![
                    Band {
                        from: 5,
                        level: Level::High,
                    },
                    Band {
                        from: 9,
                        level: Level::Medium,
                    },
                ]
            }),
        ),
        (
            "escalation.months",
            Box::new(|t| {
                t.escalation = vec![EscalationRule::RepeatWithin {
                    months: 0,
                    refer_to: "marac".into(),
                }]
            }),
        ),
        (
            "escalation.incidents",
            Box::new(|t| {
                t.escalation = vec![EscalationRule::IncidentsWithin {
                    incidents: 0,
                    months: 12,
                    refer_to: "marac".into(),
                }]
            }),
        ),
        ("review", Box::new(|t| t.review.high = Some(0))),
    ];
    for (field, break_it) in cases {
        let mut t = minimal();
        break_it(&mut t);
        assert_eq!(field_of(t.validate().unwrap_err()), field);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(field_of(Template::from_json(&json).unwrap_err()), field);
    }
}

#[test]
fn max_scoring_takes_the_largest_weighted_answer() {
    let mut t = minimal();
    t.scoring = ScoringMethod::Max;
    t.questions = vec![
        Question {
            id: "a".into(),
            text: "A".into(),
            kind: QuestionKind::YesNo,
            weight: 7,
        },
        Question {
            id: "b".into(),
            text: "B".into(),
            kind: QuestionKind::Scale { min: 0, max: 5 },
            weight: 2,
        },
    ];
    let answers = |a: bool, b: i64| {
        Answers::from([
            ("a".into(), AnswerValue::YesNo(a)),
            ("b".into(), AnswerValue::Scale(b)),
        ])
    };
    assert_eq!(scoring::score(&t, &answers(true, 3)).unwrap(), 7);
    assert_eq!(scoring::score(&t, &answers(false, 5)).unwrap(), 10);
    assert_eq!(scoring::score(&t, &Answers::new()).unwrap(), 0);
}

#[test]
fn every_builtin_is_valid() {
    for t in builtin::all() {
        t.validate().unwrap();
    }
}

/// A shipped template version must never change: assessments re-score against it. Changing a
/// built-in means adding a new version; if this test fails, you changed version 1.
#[test]
fn builtin_version_one_is_pinned() {
    let digests: Vec<(String, String)> = builtin::all()
        .iter()
        .map(|t| {
            let json = serde_json::to_vec(t).unwrap();
            (t.id.clone(), hex::encode(Sha256::digest(json)))
        })
        .collect();
    let pinned = include_str!("builtin_v1.sha256");
    let expected: Vec<(String, String)> = pinned
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(id, d)| (id.to_string(), d.to_string()))
        .collect();
    assert_eq!(digests, expected, "a shipped built-in template changed");
}

#[test]
fn the_latest_version_wins_and_old_ones_stay() {
    let mut book = RiskBook::default();
    let mut v2 = builtin::domestic_abuse(&builtin::DaOptions {
        medium_band: true,
        ..Default::default()
    });
    v2.version = 2;
    book.register(&v2);
    assert_eq!(
        book.template(builtin::DA_CHECKLIST, None).unwrap().version,
        2
    );
    assert_eq!(
        book.template(builtin::DA_CHECKLIST, Some(1))
            .unwrap()
            .bands
            .len(),
        1
    );
    assert_eq!(
        book.template(builtin::DA_CHECKLIST, Some(2))
            .unwrap()
            .bands
            .len(),
        2
    );
    assert!(book.template(builtin::DA_CHECKLIST, Some(3)).is_none());
    assert_eq!(book.template(builtin::RFG, None).unwrap().version, 1);
}

fn level() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

proptest! {
    /// Judgement never takes a level below the actuarial one on a template that forbids it,
    /// whatever sequence of overrides anyone attempts.
    #[test]
    fn a_never_lowering_template_keeps_the_final_level_at_or_above_actuarial(
        actuarial in level(),
        attempts in prop::collection::vec((level(), any::<bool>()), 0..20),
    ) {
        let mut current = actuarial;
        for (new, supervisor) in attempts {
            if check_override(Lowering::Never, actuarial, current, new, supervisor).is_ok() {
                current = new;
            }
            prop_assert!(current >= actuarial);
        }
    }

    /// Raising is open to any assessor; lowering only to supervisors.
    #[test]
    fn only_supervisors_lower(actuarial in level(), current in level(), new in level()) {
        let by_worker = check_override(Lowering::BySupervisor, actuarial, current, new, false);
        prop_assert_eq!(by_worker.is_ok(), new > current);
        let by_supervisor = check_override(Lowering::BySupervisor, actuarial, current, new, true);
        prop_assert_eq!(by_supervisor.is_ok(), new != current);
    }
}
