//! Golden tests of the risk framework's thresholds, from DOMAIN.md section 3: the Dash RIC
//! bands, potential escalation, the Marac repeat rule, the ASB referral cut-off, the 5 x 5
//! matrix and the RFG score. Pure functions through the public API.

use chrono::{DateTime, Duration, Months, TimeZone, Utc};
use safehub::risk::builtin::{
    asb_vulnerability, domestic_abuse, likelihood_impact, rfg, AsbOptions, DaOptions, Gravity,
    RfgOptions,
};
use safehub::risk::{assess, is_repeat, potential_escalation, Template};
use safehub::{AnswerValue, Answers, Calendar, EscalationInput, Level, Trigger};

/// The default partnership calendar (these dates are all well clear of midnight).
const LONDON: Calendar = Calendar::LONDON;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 15, 12, 0, 0).unwrap()
}

fn months_before(n: u32) -> DateTime<Utc> {
    at().checked_sub_months(Months::new(n)).unwrap()
}

/// `yes` yes answers to the DA checklist, the rest no.
fn da_answers(template: &Template, yes: usize) -> Answers {
    template
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.clone(), AnswerValue::YesNo(i < yes)))
        .collect()
}

fn da_level(options: &DaOptions, yes: usize) -> Level {
    let t = domestic_abuse(options);
    assess(&t, &da_answers(&t, yes), &EscalationInput::default(), at())
        .unwrap()
        .level
}

#[test]
fn dash_thirteen_yes_is_not_high_and_fourteen_is() {
    let defaults = DaOptions::default();
    assert_eq!(da_level(&defaults, 13), Level::Standard);
    assert_eq!(da_level(&defaults, 14), Level::High);
    assert_eq!(da_level(&defaults, 24), Level::High);
    assert_eq!(da_level(&defaults, 0), Level::Standard);
}

#[test]
fn dash_medium_band_is_a_local_option_off_by_default() {
    assert_eq!(da_level(&DaOptions::default(), 10), Level::Standard);
    let local = DaOptions {
        medium_band: true,
        ..DaOptions::default()
    };
    assert_eq!(da_level(&local, 9), Level::Standard);
    assert_eq!(da_level(&local, 10), Level::Medium);
    assert_eq!(da_level(&local, 13), Level::Medium);
    assert_eq!(da_level(&local, 14), Level::High);
}

#[test]
fn dash_fourteen_yes_refers_to_marac_as_visible_high_risk() {
    let t = domestic_abuse(&DaOptions::default());
    let thirteen = assess(&t, &da_answers(&t, 13), &EscalationInput::default(), at()).unwrap();
    assert!(thirteen.triggers.is_empty());
    let fourteen = assess(&t, &da_answers(&t, 14), &EscalationInput::default(), at()).unwrap();
    assert_eq!(
        fourteen.triggers,
        vec![Trigger::Score {
            at_least: 14,
            refer_to: "marac".into()
        }]
    );
}

#[test]
fn unanswered_questions_count_as_no() {
    let t = domestic_abuse(&DaOptions::default());
    let mut answers = da_answers(&t, 14);
    answers.retain(|_, v| *v == AnswerValue::YesNo(true));
    let outcome = assess(&t, &answers, &EscalationInput::default(), at()).unwrap();
    assert_eq!((outcome.score, outcome.level), (14, Level::High));
}

#[test]
fn an_answer_that_does_not_fit_is_refused_naming_answers() {
    let t = domestic_abuse(&DaOptions::default());
    for bad in [
        Answers::from([("injury".into(), AnswerValue::Scale(3))]),
        Answers::from([("no-such-question".into(), AnswerValue::YesNo(true))]),
    ] {
        let err = assess(&t, &bad, &EscalationInput::default(), at()).unwrap_err();
        assert!(matches!(
            err,
            safehub::Error::Invalid {
                field: "answers",
                ..
            }
        ));
    }
}

fn escalation_of(template: &Template, incidents: Vec<DateTime<Utc>>) -> Vec<Trigger> {
    let input = EscalationInput {
        incidents,
        last_marac_referral: None,
    };
    assess(template, &Answers::new(), &input, at())
        .unwrap()
        .triggers
}

#[test]
fn three_incidents_in_twelve_months_flag_escalation_and_two_do_not() {
    let t = domestic_abuse(&DaOptions::default());
    let three = vec![months_before(1), months_before(5), months_before(11)];
    assert_eq!(
        escalation_of(&t, three.clone()),
        vec![Trigger::PotentialEscalation {
            incidents: 3,
            months: 12,
            refer_to: "marac".into()
        }]
    );
    assert!(escalation_of(&t, three[..2].to_vec()).is_empty());
    assert!(potential_escalation(&three, at(), 3, 12, &LONDON));
    assert!(!potential_escalation(&three[..2], at(), 3, 12, &LONDON));
}

#[test]
fn escalation_window_is_inclusive_at_twelve_months_to_the_second() {
    let edge = months_before(12);
    let inside = vec![edge, months_before(3), at()];
    assert!(potential_escalation(&inside, at(), 3, 12, &LONDON));
    let outside = vec![edge - Duration::seconds(1), months_before(3), at()];
    assert!(!potential_escalation(&outside, at(), 3, 12, &LONDON));
    // Incidents after the assessment were not known then.
    let future = vec![months_before(3), at(), at() + Duration::days(1)];
    assert!(!potential_escalation(&future, at(), 3, 12, &LONDON));
}

#[test]
fn escalation_window_and_threshold_are_configurable() {
    let spread = vec![months_before(1), months_before(4), months_before(8)];
    let six_months = domestic_abuse(&DaOptions {
        escalation_months: 6,
        ..DaOptions::default()
    });
    assert!(escalation_of(&six_months, spread.clone()).is_empty());
    let twelve = domestic_abuse(&DaOptions::default());
    assert_eq!(escalation_of(&twelve, spread.clone()).len(), 1);
    // An older local form: 5 call-outs in 12 months.
    let five = domestic_abuse(&DaOptions {
        escalation_incidents: 5,
        ..DaOptions::default()
    });
    assert!(escalation_of(&five, spread).is_empty());
}

#[test]
fn an_incident_eleven_months_after_a_marac_referral_is_a_repeat_and_thirteen_is_not() {
    let referral = Utc.with_ymd_and_hms(2024, 3, 1, 10, 0, 0).unwrap();
    let after = |m: u32| referral.checked_add_months(Months::new(m)).unwrap();
    let t = domestic_abuse(&DaOptions::default());
    let repeat = |incident: DateTime<Utc>| {
        let input = EscalationInput {
            incidents: vec![incident],
            last_marac_referral: Some(referral),
        };
        assess(&t, &Answers::new(), &input, after(14))
            .unwrap()
            .triggers
            .contains(&Trigger::Repeat {
                months: 12,
                refer_to: "marac".into(),
            })
    };
    assert!(repeat(after(11)));
    assert!(!repeat(after(13)));
    // The window closes at exactly 12 months, inclusive.
    assert!(repeat(after(12)));
    assert!(!repeat(after(12) + Duration::seconds(1)));
    // What came before the referral led to it: not a repeat.
    assert!(!repeat(referral - Duration::days(1)));
    assert!(!repeat(referral));
    // No referral, no repeat.
    assert!(!is_repeat(&[after(1)], None, after(14), 12, &LONDON));
}

#[test]
fn the_repeat_window_is_configurable() {
    let referral = months_before(10);
    let incident = months_before(2);
    assert!(is_repeat(&[incident], Some(referral), at(), 12, &LONDON));
    assert!(!is_repeat(&[incident], Some(referral), at(), 6, &LONDON));
}

fn asb(answers: &[(&str, AnswerValue)], options: &AsbOptions) -> (i64, Level, Vec<Trigger>) {
    let t = asb_vulnerability(options);
    let answers: Answers = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let o = assess(&t, &answers, &EscalationInput::default(), at()).unwrap();
    (o.score, o.level, o.triggers)
}

#[test]
fn asb_vulnerability_total_of_22_refers_to_victim_support_and_21_does_not() {
    let yes = AnswerValue::YesNo(true);
    // 3 + 4 + 4 + 2*4 + 2 = 21
    let base = [
        ("reported-before", yes.clone()),
        ("targeted", yes.clone()),
        ("hostility", yes.clone()),
        ("fear", AnswerValue::Scale(4)),
        ("alone", yes.clone()),
    ];
    let (score, level, triggers) = asb(&base, &AsbOptions::default());
    assert_eq!((score, level), (21, Level::Medium));
    assert!(triggers.is_empty());
    let mut more = base.to_vec();
    more.push(("daily-life", AnswerValue::Scale(1)));
    let (score, level, triggers) = asb(&more, &AsbOptions::default());
    assert_eq!((score, level), (23, Level::High));
    assert_eq!(
        triggers,
        vec![Trigger::Score {
            at_least: 22,
            refer_to: "victim support".into()
        }]
    );
    // Exactly 22: 21 + half a point is impossible, so move one weight-2 answer for a weight-3.
    let exact = [
        ("reported-before", yes.clone()),
        ("targeted", yes.clone()),
        ("hostility", yes.clone()),
        ("fear", AnswerValue::Scale(4)),
        ("reprisals", yes.clone()),
    ];
    let (score, _, triggers) = asb(&exact, &AsbOptions::default());
    assert_eq!(score, 22);
    assert_eq!(triggers.len(), 1);
    // Another area's cut-off.
    let stricter = AsbOptions {
        referral_at: 25,
        ..AsbOptions::default()
    };
    assert!(asb(&exact, &stricter).2.is_empty());
}

#[test]
fn likelihood_times_impact_bands_on_the_5_by_5_matrix() {
    let t = likelihood_impact();
    let level = |l: i64, i: i64| {
        let answers = Answers::from([
            ("likelihood".into(), AnswerValue::Scale(l)),
            ("impact".into(), AnswerValue::Scale(i)),
        ]);
        let o = assess(&t, &answers, &EscalationInput::default(), at()).unwrap();
        (o.score, o.level)
    };
    assert_eq!(level(1, 3), (3, Level::Standard));
    assert_eq!(level(2, 2), (4, Level::Medium));
    assert_eq!(level(2, 3), (6, Level::Medium));
    assert_eq!(level(2, 4), (8, Level::High));
    assert_eq!(level(3, 4), (12, Level::High));
    assert_eq!(level(3, 5), (15, Level::VeryHigh));
    assert_eq!(level(5, 5), (25, Level::VeryHigh));
    let off_scale = Answers::from([("likelihood".into(), AnswerValue::Scale(6))]);
    assert!(assess(&t, &off_scale, &EscalationInput::default(), at()).is_err());
}

fn rfg_score(options: &RfgOptions, recency: &str, frequency: &str, gravity: &str) -> (i64, Level) {
    let t = rfg(options);
    let answers = Answers::from([
        ("recency".into(), AnswerValue::Choice(recency.into())),
        ("frequency".into(), AnswerValue::Choice(frequency.into())),
        ("gravity".into(), AnswerValue::Choice(gravity.into())),
    ]);
    let o = assess(&t, &answers, &EscalationInput::default(), at()).unwrap();
    (o.score, o.level)
}

#[test]
fn rfg_sums_recency_frequency_and_gravity_with_configurable_weights() {
    let defaults = RfgOptions::default();
    assert_eq!(
        rfg_score(&defaults, "1-month", "seven-plus", "strangulation"),
        (12, Level::VeryHigh)
    );
    assert_eq!(
        rfg_score(&defaults, "6-months", "one", "criminal-damage"),
        (5, Level::Standard)
    );
    assert_eq!(
        rfg_score(&defaults, "3-months", "two-three", "harassment"),
        (7, Level::Medium)
    );
    assert_eq!(
        rfg_score(&defaults, "3-months", "four-six", "common-assault"),
        (9, Level::High)
    );
    // Gravity counts double: 2 + 1 + 2*4 = 11 of 16; bands scale (8, 12, 15).
    let gravity_heavy = RfgOptions {
        gravity_weight: 2,
        ..RfgOptions::default()
    };
    assert_eq!(
        rfg_score(&gravity_heavy, "6-months", "one", "gbh"),
        (11, Level::Medium)
    );
    assert_eq!(
        rfg_score(&gravity_heavy, "3-months", "one", "gbh"),
        (12, Level::High)
    );
}

#[test]
fn rfg_gravity_table_is_configurable() {
    let own = RfgOptions {
        gravity_table: vec![
            Gravity {
                offence: "theft".into(),
                text: "Theft".into(),
                gravity: 1,
            },
            Gravity {
                offence: "robbery".into(),
                text: "Robbery".into(),
                gravity: 4,
            },
        ],
        ..RfgOptions::default()
    };
    assert_eq!(
        rfg_score(&own, "older", "one", "theft"),
        (2, Level::Standard)
    );
    assert_eq!(
        rfg_score(&own, "older", "one", "robbery"),
        (5, Level::Standard)
    );
    let t = rfg(&own);
    let unknown = Answers::from([("gravity".into(), AnswerValue::Choice("gbh".into()))]);
    assert!(assess(&t, &unknown, &EscalationInput::default(), at()).is_err());
}
