//! Sharing canaries for risk: every piece of restricted risk content carries a unique marker;
//! every risk read is called for every viewer and serialised; a marker reaching a viewer the
//! rules withhold it from fails, and so does an allowed marker that does not arrive.

mod risk_fixture;

use risk_fixture::{as_viewer, Borough};
use safehub::risk::builtin::{ASB_VULNERABILITY, LIKELIHOOD_IMPACT};
use safehub::{
    AnswerValue, Answers, AssessmentId, CaseId, CaseType, Level, NewAssessment, NewCase, NewPerson,
    PractitionerId, Subject, SubjectRole, Visibility,
};

const TEAM: &str = "CANARY-TEAM-7f3a";
const PRIVATE: &str = "CANARY-PRIVATE-91bc";
const PRIVATE_OVERRIDE: &str = "CANARY-PRIVATE-OVR-2d4e";
const SENSITIVE: &str = "CANARY-SENSITIVE-55aa";
const HOUSING: &str = "CANARY-HOUSING-0c1d";
const HOUSING_REVIEW: &str = "CANARY-HOUSING-REVIEW-e8f0";
const PARTNERSHIP: &str = "CANARY-PARTNERSHIP-3b3b";
const HEALTH: &str = "CANARY-HEALTH-6e6e";
const RESTRICTED_NAME: &str = "CANARY-RESTRICTED-NAME-4242";
const ALL: [&str; 9] = [
    TEAM,
    PRIVATE,
    PRIVATE_OVERRIDE,
    SENSITIVE,
    HOUSING,
    HOUSING_REVIEW,
    PARTNERSHIP,
    HEALTH,
    RESTRICTED_NAME,
];

fn matrix(l: i64, i: i64) -> Answers {
    Answers::from([
        ("likelihood".to_string(), AnswerValue::Scale(l)),
        ("impact".to_string(), AnswerValue::Scale(i)),
    ])
}

fn with_notes(mut a: NewAssessment, notes: &str, visibility: Visibility) -> NewAssessment {
    a.notes = Some(notes.into());
    a.visibility = visibility;
    a
}

struct World {
    b: Borough,
    cases: Vec<CaseId>,
    assessments: Vec<AssessmentId>,
    sensitive: AssessmentId,
    health: AssessmentId,
}

fn world() -> World {
    let b = Borough::new();
    let hub = &b.hub;
    let perpetrator = hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Sam Perp".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    hub.link_subject(
        b.pc,
        b.case,
        Subject::Person(perpetrator),
        SubjectRole::Perpetrator,
    )
    .unwrap();
    let team = hub
        .record_assessment(b.pc, with_notes(b.dash(14), TEAM, Visibility::CaseTeam))
        .unwrap();
    let private = hub
        .record_assessment(
            b.pc,
            with_notes(
                NewAssessment::new(b.case, b.victim, LIKELIHOOD_IMPACT, matrix(2, 2)),
                PRIVATE,
                Visibility::Private,
            ),
        )
        .unwrap();
    hub.override_assessment(b.pc, private, Level::High, PRIVATE_OVERRIDE)
        .unwrap();
    let mut sensitive = with_notes(
        NewAssessment::new(
            b.case,
            b.victim,
            ASB_VULNERABILITY,
            Answers::from([("violence".to_string(), AnswerValue::YesNo(true))]),
        ),
        SENSITIVE,
        Visibility::Private,
    );
    sensitive.sensitive = true;
    let sensitive = hub.record_assessment(b.pc, sensitive).unwrap();
    let housing = hub
        .record_assessment(
            b.officer,
            with_notes(
                NewAssessment::new(b.case, perpetrator, LIKELIHOOD_IMPACT, matrix(5, 5)),
                HOUSING,
                Visibility::Agency,
            ),
        )
        .unwrap();
    hub.review_assessment(b.officer, housing, HOUSING_REVIEW)
        .unwrap();
    let mut partnership = b.dash(16);
    partnership.subject = perpetrator;
    let partnership = hub
        .record_assessment(
            b.pc,
            with_notes(partnership, PARTNERSHIP, Visibility::Partnership),
        )
        .unwrap();
    // Mental health's own case about a restricted person, off everyone else's team.
    let restricted = hub
        .record_person(
            b.nurse,
            NewPerson {
                name: RESTRICTED_NAME.into(),
                restricted: true,
                flags: vec![safehub::VulnerabilityFlag::MentalHealth],
                ..NewPerson::default()
            },
        )
        .unwrap();
    let asb = hub
        .open_case(
            b.nurse,
            NewCase {
                case_type: CaseType::Asb,
                title: "Neighbour dispute".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    hub.link_subject(
        b.nurse,
        asb,
        Subject::Person(restricted),
        SubjectRole::Victim,
    )
    .unwrap();
    let health = hub
        .record_assessment(
            b.nurse,
            with_notes(
                NewAssessment::new(asb, restricted, LIKELIHOOD_IMPACT, matrix(4, 5)),
                HEALTH,
                Visibility::CaseTeam,
            ),
        )
        .unwrap();
    // Everything is now overdue for review.
    b.days(40);
    World {
        cases: vec![b.case, asb],
        assessments: vec![team, private, sensitive, housing, partnership, health],
        sensitive,
        health,
        b,
    }
}

/// Every risk read for `who`, serialised.
fn everything(w: &World, who: PractitionerId) -> String {
    let hub = &w.b.hub;
    let v = as_viewer(who);
    let mut out = Vec::new();
    for id in &w.assessments {
        out.push(match hub.assessment(&v, *id) {
            Ok(view) => serde_json::to_string(&view).unwrap(),
            Err(e) => format!("error: {e}"),
        });
    }
    for case in &w.cases {
        out.push(match hub.assessments(&v, *case) {
            Ok(views) => serde_json::to_string(&views).unwrap(),
            Err(e) => format!("error: {e}"),
        });
    }
    out.push(serde_json::to_string(&hub.overdue_reviews(&v).unwrap()).unwrap());
    out.push(serde_json::to_string(&hub.priority_list(&v, 100).unwrap()).unwrap());
    out.join("\n")
}

fn check(w: &World, who: PractitionerId, allowed: &[&str]) {
    let seen = everything(w, who);
    for marker in ALL {
        assert_eq!(
            seen.contains(marker),
            allowed.contains(&marker),
            "marker {marker}: expected {} for this viewer",
            if allowed.contains(&marker) {
                "shown"
            } else {
                "withheld"
            }
        );
    }
}

#[test]
fn risk_reads_carry_only_what_each_viewer_may_see() {
    let w = world();
    let b = &w.b;
    check(
        &w,
        b.pc,
        &[TEAM, PRIVATE, PRIVATE_OVERRIDE, SENSITIVE, PARTNERSHIP],
    );
    check(&w, b.sergeant, &[TEAM, PARTNERSHIP]);
    check(&w, b.officer, &[TEAM, HOUSING, HOUSING_REVIEW, PARTNERSHIP]);
    check(&w, b.nurse, &[PARTNERSHIP, HEALTH, RESTRICTED_NAME]);
}

#[test]
fn withheld_assessments_leave_not_even_an_id() {
    let w = world();
    let b = &w.b;
    let sensitive = w.sensitive.to_string();
    let health = w.health.to_string();
    for who in [b.sergeant, b.officer, b.nurse] {
        assert!(!everything(&w, who).contains(&sensitive));
    }
    for who in [b.pc, b.sergeant, b.officer] {
        assert!(!everything(&w, who).contains(&health));
    }
    assert!(everything(&w, b.pc).contains(&sensitive));
    assert!(everything(&w, b.nurse).contains(&health));
}

/// Nothing about a withheld assessment may leak, not even a count or a rank: a sensitive,
/// private reassessment (which would supersede the team's assessment for its author) leaves
/// every other viewer's reads byte for byte as they were.
#[test]
fn a_hidden_reassessment_changes_nothing_any_other_viewer_sees() {
    let w = world();
    let b = &w.b;
    let others = [b.sergeant, b.officer, b.nurse];
    let before: Vec<String> = others.iter().map(|who| everything(&w, *who)).collect();
    let mut hidden = b.dash(24);
    hidden.visibility = Visibility::Private;
    hidden.sensitive = true;
    let hidden = b.hub.record_assessment(b.pc, hidden).unwrap();
    let after: Vec<String> = others.iter().map(|who| everything(&w, *who)).collect();
    assert_eq!(before, after);
    // For its author, it does supersede the team's assessment.
    let pc = serde_json::to_string(&b.hub.priority_list(&as_viewer(b.pc), 100).unwrap()).unwrap();
    assert!(pc.contains(&hidden.to_string()));
    assert!(!pc.contains(&w.assessments[0].to_string()));
}
