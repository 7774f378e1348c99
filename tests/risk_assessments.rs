//! Assessments through the hub: recording, overrides, reviews, versions and a template a user
//! defines in JSON.

mod risk_fixture;

use chrono::Duration;
use risk_fixture::{as_viewer, Borough};
use safehub::risk::builtin::{domestic_abuse, DaOptions, ASB_VULNERABILITY, DA_CHECKLIST};
use safehub::risk::{assess, AssessmentDetail, NEVER_BELOW_ACTUARIAL, SUPERVISOR_LOWERS};
use safehub::{
    AnswerValue, Answers, AssessmentId, AssessmentView, Error, EscalationInput, Hub, Level,
    NewAssessment, PractitionerId, Template, Trigger,
};

fn detail(hub: &Hub, who: PractitionerId, id: AssessmentId) -> AssessmentDetail {
    match hub.assessment(&as_viewer(who), id).unwrap() {
        AssessmentView::Full(d) => *d,
        other => panic!("expected the full assessment, got {other:?}"),
    }
}

#[test]
fn a_dash_assessment_is_scored_banded_and_due_for_review_in_fourteen_days() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(14)).unwrap();
    let d = detail(&b.hub, b.officer, id);
    assert_eq!(
        (d.score, d.actuarial, d.level),
        (14, Level::High, Level::High)
    );
    assert_eq!(d.template.id, DA_CHECKLIST);
    assert_eq!(d.template.version, 1);
    assert_eq!(d.review_due, Some(d.at + Duration::days(14)));
    assert_eq!(d.assessor.id, b.pc);
    assert!(d.triggers.contains(&Trigger::Score {
        at_least: 14,
        refer_to: "marac".into()
    }));
}

#[test]
fn thirteen_yes_through_the_hub_is_standard_and_has_no_review() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(13)).unwrap();
    let d = detail(&b.hub, b.pc, id);
    assert_eq!((d.score, d.level), (13, Level::Standard));
    assert_eq!(d.review_due, None);
}

#[test]
fn escalation_through_the_hub_reads_the_incident_dates_the_assessor_gives() {
    let b = Borough::new();
    let day = |n: i64| {
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 1, 6, 0, 0, 0).unwrap()
            - Duration::days(n)
    };
    let with = |incidents| {
        b.dash(2).with_incidents(EscalationInput {
            incidents,
            last_marac_referral: Some(day(330)),
        })
    };
    let three = b
        .hub
        .record_assessment(b.pc, with(vec![day(10), day(100), day(300)]))
        .unwrap();
    let d = detail(&b.hub, b.pc, three);
    assert!(d
        .triggers
        .iter()
        .any(|t| matches!(t, Trigger::PotentialEscalation { incidents: 3, .. })));
    assert!(d
        .triggers
        .iter()
        .any(|t| matches!(t, Trigger::Repeat { .. })));
    let two = b
        .hub
        .record_assessment(b.pc, with(vec![day(10), day(500)]))
        .unwrap();
    let d = detail(&b.hub, b.pc, two);
    assert!(!d
        .triggers
        .iter()
        .any(|t| matches!(t, Trigger::PotentialEscalation { .. })));
}

#[test]
fn a_raise_by_professional_judgement_sticks_and_survives_replay() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(9)).unwrap();
    b.days(1);
    b.hub
        .override_assessment(b.officer, id, Level::High, "threats to kill reported today")
        .unwrap();
    let d = detail(&b.hub, b.pc, id);
    assert_eq!((d.actuarial, d.level), (Level::Standard, Level::High));
    assert_eq!(d.overrides.len(), 1);
    assert_eq!(d.overrides[0].by.id, b.officer);
    assert_eq!(d.overrides[0].reason, "threats to kill reported today");
    // The review clock restarts at the new level.
    assert_eq!(d.review_due, Some(d.overrides[0].at + Duration::days(14)));
    // Audited: an event in the journal, and replayed the same.
    let kinds: Vec<String> = b
        .hub
        .changes_since(0, 1000)
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert!(kinds.contains(&"assessment_overridden".to_string()));
    let copy = Hub::builder()
        .import(&b.hub.export_journal(b.admin).unwrap())
        .unwrap();
    assert_eq!(copy.state_digest().unwrap(), b.hub.state_digest().unwrap());
    assert_eq!(detail(&copy, b.pc, id).level, Level::High);
}

#[test]
fn lowering_a_dash_level_below_the_actuarial_level_is_refused_with_a_typed_error() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(15)).unwrap();
    for who in [b.sergeant, b.pc] {
        let err = b
            .hub
            .override_assessment(who, id, Level::Medium, "victim says it is fine")
            .unwrap_err();
        assert_eq!(
            err,
            Error::Forbidden {
                action: "override_assessment",
                reason: NEVER_BELOW_ACTUARIAL
            }
        );
    }
    assert_eq!(detail(&b.hub, b.pc, id).level, Level::High);
    // A raise can be undone as far as the actuarial level, by a supervisor only.
    b.hub
        .override_assessment(b.pc, id, Level::VeryHigh, "strangulation disclosed")
        .unwrap();
    let err = b
        .hub
        .override_assessment(b.pc, id, Level::High, "disclosure withdrawn")
        .unwrap_err();
    assert_eq!(
        err,
        Error::Forbidden {
            action: "override_assessment",
            reason: SUPERVISOR_LOWERS
        }
    );
    b.hub
        .override_assessment(b.sergeant, id, Level::High, "disclosure withdrawn")
        .unwrap();
    assert_eq!(detail(&b.hub, b.pc, id).level, Level::High);
}

#[test]
fn an_override_needs_a_reason_and_a_change() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(15)).unwrap();
    assert!(matches!(
        b.hub.override_assessment(b.pc, id, Level::VeryHigh, "  "),
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    assert!(matches!(
        b.hub.override_assessment(b.pc, id, Level::High, "same"),
        Err(Error::Invalid { field: "level", .. })
    ));
}

fn asb_answers(total_yes: &[&str]) -> Answers {
    total_yes
        .iter()
        .map(|q| (q.to_string(), AnswerValue::YesNo(true)))
        .collect()
}

#[test]
fn an_asb_level_may_be_lowered_by_a_supervisor_only() {
    let b = Borough::new();
    let new = NewAssessment::new(
        b.case,
        b.victim,
        ASB_VULNERABILITY,
        asb_answers(&["targeted", "hostility", "violence"]),
    );
    let id = b.hub.record_assessment(b.pc, new).unwrap();
    assert_eq!(detail(&b.hub, b.pc, id).actuarial, Level::Medium);
    let err = b
        .hub
        .override_assessment(b.pc, id, Level::Standard, "perpetrator moved away")
        .unwrap_err();
    assert_eq!(
        err,
        Error::Forbidden {
            action: "override_assessment",
            reason: SUPERVISOR_LOWERS
        }
    );
    b.hub
        .override_assessment(b.sergeant, id, Level::Standard, "perpetrator moved away")
        .unwrap();
    let d = detail(&b.hub, b.pc, id);
    assert_eq!((d.actuarial, d.level), (Level::Medium, Level::Standard));
}

#[test]
fn only_the_case_team_assesses_a_person_linked_to_the_case() {
    let b = Borough::new();
    assert!(matches!(
        b.hub.record_assessment(b.nurse, b.dash(3)),
        Err(Error::Forbidden { .. })
    ));
    let stranger = b
        .hub
        .record_person(
            b.pc,
            safehub::NewPerson {
                name: "Not linked".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let mut new = b.dash(3);
    new.subject = stranger;
    assert!(matches!(
        b.hub.record_assessment(b.pc, new),
        Err(Error::Invalid {
            field: "subject",
            ..
        })
    ));
    let mut new = b.dash(3);
    new.template = "no-such-template".into();
    assert_eq!(
        b.hub.record_assessment(b.pc, new).unwrap_err(),
        Error::not_found("template")
    );
}

#[test]
fn overdue_reviews_are_listed_until_reviewed_or_reassessed() {
    let b = Borough::new();
    let first = b.hub.record_assessment(b.pc, b.dash(14)).unwrap();
    b.days(14);
    assert!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().is_empty());
    b.days(1);
    let overdue = b.hub.overdue_reviews(&as_viewer(b.officer)).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!((overdue[0].assessment, overdue[0].days_overdue), (first, 1));
    // A review restarts the clock.
    b.hub
        .review_assessment(b.pc, first, "spoke to IDVA: level stands")
        .unwrap();
    assert!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().is_empty());
    b.days(15);
    assert_eq!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().len(), 1);
    // A fresh assessment supersedes the old one.
    let second = b.hub.record_assessment(b.pc, b.dash(10)).unwrap();
    assert!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().is_empty());
    assert!(detail(&b.hub, b.pc, first).superseded);
    assert!(!detail(&b.hub, b.pc, second).superseded);
    // Closed cases have nothing due.
    b.hub.record_assessment(b.pc, b.dash(20)).unwrap();
    b.days(30);
    assert_eq!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().len(), 1);
    b.hub
        .change_case_status(b.pc, b.case, safehub::CaseStatus::Closed)
        .unwrap();
    assert!(b.hub.overdue_reviews(&as_viewer(b.pc)).unwrap().is_empty());
}

#[test]
fn old_assessments_rescore_identically_after_a_new_template_version() {
    let b = Borough::new();
    let old = b.hub.record_assessment(b.pc, b.dash(11)).unwrap();
    let mut v2 = domestic_abuse(&DaOptions {
        medium_band: true,
        ..DaOptions::default()
    });
    v2.version = 2;
    assert!(matches!(
        b.hub.register_template(b.pc, v2.clone()),
        Err(Error::Forbidden { .. })
    ));
    b.hub.register_template(b.admin, v2.clone()).unwrap();
    assert!(matches!(
        b.hub.register_template(b.admin, v2),
        Err(Error::Invalid {
            field: "version",
            ..
        })
    ));
    let new = b.hub.record_assessment(b.pc, b.dash(11)).unwrap();
    let (old, new) = (detail(&b.hub, b.pc, old), detail(&b.hub, b.pc, new));
    assert_eq!((old.template.version, old.level), (1, Level::Standard));
    assert_eq!((new.template.version, new.level), (2, Level::Medium));
    for d in [old, new] {
        let template = b
            .hub
            .template(&d.template.id, Some(d.template.version))
            .unwrap();
        let again = assess(&template, &d.answers, &d.escalation, d.at).unwrap();
        assert_eq!(
            (again.score, again.level, again.triggers),
            (d.score, d.actuarial, d.triggers)
        );
    }
}

/// The JSON block of docs/risk.md, exactly as a user would copy it.
fn docs_template_json() -> String {
    let doc = include_str!("../docs/risk.md");
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    doc[start..end].to_string()
}

#[test]
fn a_template_defined_in_json_in_the_docs_loads_registers_and_assesses() {
    let b = Borough::new();
    let template = Template::from_json(&docs_template_json()).unwrap();
    b.hub.register_template(b.admin, template).unwrap();
    assert!(b
        .hub
        .templates()
        .iter()
        .any(|t| t.template.id == "hoarding-fire-risk" && !t.builtin));
    let answers = Answers::from([
        ("exits-blocked".to_string(), AnswerValue::YesNo(true)),
        ("clutter".to_string(), AnswerValue::Scale(8)),
        ("smoker".to_string(), AnswerValue::Choice("heavily".into())),
    ]);
    let id = b
        .hub
        .record_assessment(
            b.pc,
            NewAssessment::new(b.case, b.victim, "hoarding-fire-risk", answers),
        )
        .unwrap();
    let d = detail(&b.hub, b.pc, id);
    assert_eq!((d.score, d.level), (16, Level::VeryHigh));
    assert_eq!(
        d.triggers,
        vec![Trigger::Score {
            at_least: 16,
            refer_to: "fire safety team".into()
        }]
    );
    assert_eq!(d.review_due, Some(d.at + Duration::days(7)));
}

#[test]
fn reading_another_agencys_assessment_is_logged_for_the_owner() {
    let b = Borough::new();
    let id = b.hub.record_assessment(b.pc, b.dash(14)).unwrap();
    detail(&b.hub, b.officer, id);
    b.hub.priority_list(&as_viewer(b.officer), 10).unwrap();
    let from = chrono::DateTime::<chrono::Utc>::MIN_UTC;
    let to = chrono::DateTime::<chrono::Utc>::MAX_UTC;
    let log = b
        .hub
        .consultations(&as_viewer(b.sergeant), from, to)
        .unwrap();
    let reads = log
        .iter()
        .flat_map(|c| &c.items)
        .filter(|i| i.kind == safehub::ContentKind::RiskAssessment && i.id == id.0)
        .count();
    assert_eq!(reads, 2);
    assert!(log.iter().all(|c| c.viewer == b.officer));
}
