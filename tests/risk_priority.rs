//! The priority list: ranking, reasons, the flags a viewer may see, and the limit.

mod risk_fixture;

use risk_fixture::{as_viewer, Borough};
use safehub::risk::builtin::LIKELIHOOD_IMPACT;
use safehub::{
    AnswerValue, Answers, EscalationInput, Level, NewAssessment, NewPerson, PersonId, PersonView,
    PriorityReason, PriorityRow, Subject, SubjectRole, Trigger, VulnerabilityFlag,
};

fn person(b: &Borough, name: &str, flags: Vec<VulnerabilityFlag>) -> PersonId {
    let p = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: name.into(),
                flags,
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .link_subject(b.pc, b.case, Subject::Person(p), SubjectRole::Victim)
        .unwrap();
    p
}

fn matrix(b: &Borough, who: PersonId, l: i64, i: i64) -> NewAssessment {
    let answers = Answers::from([
        ("likelihood".to_string(), AnswerValue::Scale(l)),
        ("impact".to_string(), AnswerValue::Scale(i)),
    ]);
    NewAssessment::new(b.case, who, LIKELIHOOD_IMPACT, answers)
}

fn name(row: &PriorityRow) -> String {
    match &row.person {
        Some(PersonView::Full(p)) => p.name.clone(),
        Some(PersonView::Stub(p)) => p.name.clone(),
        None => "(restricted)".into(),
    }
}

#[test]
fn people_rank_by_level_then_escalation_then_overdue_then_vulnerability_with_reasons() {
    let b = Borough::new();
    let high = person(&b, "High", vec![]);
    let escalating = person(&b, "Medium escalating", vec![]);
    let flagged = person(&b, "Medium flagged", vec![VulnerabilityFlag::Elderly]);
    let plain = person(&b, "Medium plain", vec![]);
    let low = person(&b, "Standard", vec![VulnerabilityFlag::Isolated]);
    b.hub
        .record_assessment(b.pc, matrix(&b, high, 2, 4))
        .unwrap();
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2025, 1, 6, 0, 0, 0).unwrap();
    let mut esc = b.dash(3);
    esc.subject = escalating;
    esc.escalation = EscalationInput {
        incidents: vec![now, now, now],
        last_marac_referral: None,
    };
    // A standard DA result made medium by judgement, with potential escalation.
    let esc = b.hub.record_assessment(b.pc, esc).unwrap();
    b.hub
        .override_assessment(b.pc, esc, Level::Medium, "three call-outs this week")
        .unwrap();
    b.hub
        .record_assessment(b.pc, matrix(&b, flagged, 2, 2))
        .unwrap();
    b.hub
        .record_assessment(b.pc, matrix(&b, plain, 2, 3))
        .unwrap();
    b.hub
        .record_assessment(b.pc, matrix(&b, low, 1, 1))
        .unwrap();

    let rows = b.hub.priority_list(&as_viewer(b.officer), 10).unwrap();
    let order: Vec<String> = rows.iter().map(name).collect();
    assert_eq!(
        order,
        [
            "High",
            "Medium escalating",
            "Medium flagged",
            "Medium plain",
            "Standard"
        ]
    );
    assert_eq!(
        rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(rows[0].level, Level::High);
    assert!(matches!(
        &rows[1].reasons[..],
        [
            PriorityReason::Level {
                level: Level::Medium,
                actuarial: Level::Standard,
                ..
            },
            PriorityReason::Escalation {
                trigger: Trigger::PotentialEscalation { incidents: 3, .. }
            },
        ]
    ));
    assert!(rows[2].reasons.contains(&PriorityReason::Vulnerable {
        flag: VulnerabilityFlag::Elderly
    }));

    // An overdue review lifts "Medium plain" above "Medium flagged" only once it is due: both
    // are medium (28 days), so make the flagged one's fresh by reviewing it.
    b.days(29);
    let flagged_id = rows[2].assessment;
    b.hub
        .review_assessment(b.pc, flagged_id, "still medium")
        .unwrap();
    let rows = b.hub.priority_list(&as_viewer(b.officer), 3).unwrap();
    let order: Vec<String> = rows.iter().map(name).collect();
    assert_eq!(order, ["High", "Medium escalating", "Medium plain"]);
    assert!(rows[2]
        .reasons
        .iter()
        .any(|r| matches!(r, PriorityReason::ReviewOverdue { .. })));
}

#[test]
fn only_flags_the_viewer_may_read_show_or_count() {
    let b = Borough::new();
    let p = person(
        &b,
        "Flagged",
        vec![VulnerabilityFlag::MentalHealth, VulnerabilityFlag::Elderly],
    );
    b.hub.record_assessment(b.pc, matrix(&b, p, 3, 3)).unwrap();
    let flags = |who| -> Vec<VulnerabilityFlag> {
        b.hub.priority_list(&as_viewer(who), 10).unwrap()[0]
            .reasons
            .iter()
            .filter_map(|r| match r {
                PriorityReason::Vulnerable { flag } => Some(*flag),
                _ => None,
            })
            .collect()
    };
    // Police recorded the profile: every flag. Housing's agreement names no health data.
    assert_eq!(
        flags(b.pc),
        [VulnerabilityFlag::MentalHealth, VulnerabilityFlag::Elderly]
    );
    assert_eq!(flags(b.officer), [VulnerabilityFlag::Elderly]);
    // Off the team, mental health sees no row at all.
    assert!(b
        .hub
        .priority_list(&as_viewer(b.nurse), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn closed_cases_leave_the_priority_list() {
    let b = Borough::new();
    b.hub.record_assessment(b.pc, b.dash(14)).unwrap();
    assert_eq!(b.hub.priority_list(&as_viewer(b.pc), 10).unwrap().len(), 1);
    assert!(b.hub.priority_list(&as_viewer(b.pc), 0).unwrap().is_empty());
    b.hub
        .change_case_status(b.pc, b.case, safehub::CaseStatus::Closed)
        .unwrap();
    assert!(b
        .hub
        .priority_list(&as_viewer(b.pc), 10)
        .unwrap()
        .is_empty());
}
