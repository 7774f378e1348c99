//! Incidents linked to a case (issue 22, docs/cases.md "Incidents on a case"): who may link and
//! unlink them, and what the case's view shows of them to each viewer.

mod tasks_common;

use chrono::{DateTime, Duration, Utc};
use safehub::views::CaseDetail;
use safehub::{
    CaseId, CaseType, CaseView, Error, ImportOptions, IncidentId, IncidentRow, PractitionerId,
    TeamMember, Viewer,
};
use tasks_common::Borough;

/// A police ASB case with housing on its team, and two police incidents: the ASB one (housing
/// reads it under its agreement with police) and a domestic abuse one (no agreement of
/// housing's covers it). The council has no agreement at all.
struct World {
    b: Borough,
    case: CaseId,
    asb: IncidentId,
    abuse: IncidentId,
}

fn incident(
    external_ref: &str,
    category: &str,
    occurred_at: DateTime<Utc>,
    summary: &str,
) -> IncidentRow {
    IncidentRow {
        external_ref: external_ref.into(),
        occurred_at,
        reported_at: None,
        category: category.into(),
        offence_code: None,
        summary: summary.into(),
        location: None,
        caller: None,
        people: vec![],
    }
}

fn world() -> World {
    let b = Borough::in_memory();
    // The abuse happened first, so "oldest first" puts it before the noise.
    let rows = vec![
        incident(
            "ASB-1",
            "asb_nuisance",
            b.now() - Duration::days(1),
            "Music until 3am",
        ),
        incident(
            "DA-1",
            "domestic_abuse",
            b.now() - Duration::days(2),
            "Shouting and a bruise",
        ),
    ];
    b.hub
        .import_incidents(b.pc, rows, &ImportOptions::default(), None)
        .unwrap();
    let listed = b
        .hub
        .incidents(
            &Viewer::new(b.pc),
            b.now() - Duration::days(30),
            b.now(),
            10,
        )
        .unwrap();
    let by_ref = |r: &str| listed.iter().find(|i| i.external_ref == r).unwrap().id;
    let (asb, abuse) = (by_ref("ASB-1"), by_ref("DA-1"));
    let case = b.police_case(CaseType::Asb, "Elm Court noise");
    b.hub
        .add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    b.clock.advance(Duration::hours(1));
    World {
        b,
        case,
        asb,
        abuse,
    }
}

fn detail(b: &Borough, viewer: &Viewer, case: CaseId) -> CaseDetail {
    match b.hub.case(viewer, case).unwrap() {
        CaseView::Full(d) => d,
        CaseView::Stub(s) => panic!("expected the full case, got a stub: {s:?}"),
    }
}

fn linked(b: &Borough, viewer: PractitionerId, case: CaseId) -> Vec<IncidentId> {
    detail(b, &Viewer::new(viewer), case)
        .incidents
        .iter()
        .map(|i| i.id)
        .collect()
}

#[test]
fn a_housing_officer_on_the_team_links_the_asb_incident_they_read() {
    let w = world();
    let b = &w.b;
    b.hub
        .link_incident(b.housing_officer, w.case, w.asb)
        .unwrap();
    let d = detail(b, &Viewer::new(b.pc), w.case);
    assert_eq!(d.incidents.len(), 1);
    assert_eq!(d.incidents[0].summary, "Music until 3am");
    assert_eq!(d.incidents[0].source.id, b.police);
}

#[test]
fn an_incident_the_actor_may_not_read_is_refused_exactly_as_one_never_recorded() {
    let w = world();
    let b = &w.b;
    let unknown = IncidentId(uuid::Uuid::from_u128(0xdead_beef));
    let not_found = Error::NotFound { what: "incident" };
    // Housing is on the team but reads no domestic abuse: the same answer as an unknown id.
    assert_eq!(
        b.hub.link_incident(b.housing_officer, w.case, w.abuse),
        Err(not_found.clone())
    );
    assert_eq!(
        b.hub.link_incident(b.housing_officer, w.case, unknown),
        Err(not_found.clone())
    );
    // The council, off the team and outside every agreement, learns nothing either way.
    assert_eq!(
        b.hub.link_incident(b.council_officer, w.case, w.asb),
        Err(not_found.clone())
    );
    assert_eq!(
        b.hub.link_incident(b.council_officer, w.case, unknown),
        Err(not_found.clone())
    );
    // Unlinking answers the same, so it cannot probe either.
    b.hub.link_incident(b.pc, w.case, w.abuse).unwrap();
    assert_eq!(
        b.hub.unlink_incident(b.housing_officer, w.case, w.abuse),
        Err(not_found)
    );
}

#[test]
fn only_a_case_worker_on_the_team_links_an_incident() {
    let w = world();
    let b = &w.b;
    // Housing reads the ASB incident but is not on this second case's team.
    let other = b.police_case(CaseType::Asb, "Ash Row");
    assert!(matches!(
        b.hub.link_incident(b.housing_officer, other, w.asb),
        Err(Error::Forbidden { .. })
    ));
    // The police analyst reads the incident but works no case.
    assert!(matches!(
        b.hub.link_incident(b.analyst, w.case, w.asb),
        Err(Error::Forbidden { .. })
    ));
    assert!(linked(b, b.pc, other).is_empty());
    assert!(linked(b, b.pc, w.case).is_empty());
}

#[test]
fn linking_twice_or_unlinking_what_is_not_linked_names_the_incident() {
    let w = world();
    let b = &w.b;
    assert_eq!(
        b.hub.unlink_incident(b.pc, w.case, w.asb),
        Err(Error::invalid("incident", "not linked to the case"))
    );
    b.hub.link_incident(b.pc, w.case, w.asb).unwrap();
    assert_eq!(
        b.hub.link_incident(b.housing_officer, w.case, w.asb),
        Err(Error::invalid("incident", "already linked to the case"))
    );
}

#[test]
fn each_viewer_sees_the_linked_incidents_they_read_and_no_trace_of_the_others() {
    let w = world();
    let b = &w.b;
    b.hub.link_incident(b.pc, w.case, w.asb).unwrap();
    b.hub.link_incident(b.pc, w.case, w.abuse).unwrap();
    // Police, who lead, read both, oldest first.
    assert_eq!(linked(b, b.pc, w.case), vec![w.abuse, w.asb]);
    // Housing, a partner under an ASB agreement, reads the ASB one; the domestic abuse one is
    // left out, not counted, not named.
    let housing = detail(b, &Viewer::new(b.housing_officer), w.case);
    assert_eq!(
        housing.incidents.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![w.asb]
    );
    let seen = serde_json::to_string(&housing).unwrap();
    assert!(!seen.contains("bruise"));
    assert!(!seen.contains(&w.abuse.0.to_string()));
    // The council sees the case as a stub, which shows nothing of incidents.
    let CaseView::Stub(stub) = b.hub.case(&Viewer::new(b.council_officer), w.case).unwrap() else {
        panic!("the council is off the team");
    };
    let seen = serde_json::to_string(&stub).unwrap();
    assert!(!seen.contains("Music") && !seen.contains(&w.asb.0.to_string()));
}

#[test]
fn reading_the_linked_incidents_is_logged_as_disclosures_of_police_content() {
    let w = world();
    let b = &w.b;
    b.hub.link_incident(b.pc, w.case, w.asb).unwrap();
    let from = b.now();
    detail(
        b,
        &Viewer::new(b.housing_officer).because("hub meeting"),
        w.case,
    );
    let log = b
        .hub
        .consultations(
            &Viewer::new(b.sergeant),
            from,
            b.now() + Duration::seconds(1),
        )
        .unwrap();
    let items: Vec<_> = log.iter().flat_map(|c| c.items.iter()).collect();
    assert!(
        items.iter().any(|i| i.id == w.asb.0),
        "the incident read through the case is a disclosure: {items:?}"
    );
}

#[test]
fn an_unlinked_incident_leaves_the_case_and_an_earlier_read_shows_none() {
    let w = world();
    let b = &w.b;
    let before = b.now();
    b.clock.advance(Duration::minutes(5));
    b.hub.link_incident(b.pc, w.case, w.asb).unwrap();
    b.hub.link_incident(b.pc, w.case, w.abuse).unwrap();
    let linked_at = b.now();
    b.clock.advance(Duration::minutes(5));
    b.hub.unlink_incident(b.pc, w.case, w.abuse).unwrap();
    b.clock.advance(Duration::minutes(5));
    assert_eq!(linked(b, b.pc, w.case), vec![w.asb]);
    let then = |at| {
        detail(b, &Viewer::new(b.pc).as_of(at), w.case)
            .incidents
            .iter()
            .map(|i| i.id)
            .collect::<Vec<_>>()
    };
    assert!(then(before).is_empty());
    assert_eq!(then(linked_at), vec![w.abuse, w.asb]);
    // Linked again after unlinking: the link is a fact of the present, not a leftover.
    b.hub.link_incident(b.pc, w.case, w.abuse).unwrap();
    assert_eq!(linked(b, b.pc, w.case), vec![w.abuse, w.asb]);
}
