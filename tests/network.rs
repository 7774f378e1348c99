//! The network: who is within k hops of a person or place, the relations and the cases and
//! incidents behind each edge, what each partner sees of it, and the exports.

mod network_common;

use network_common::*;
use safehub::network::{Network, Relation, MAX_HOPS};
use safehub::{Access, ErrorCode, IncidentRole, Subject, SubjectRole, Viewer};

fn network(s: &Scene, who: safehub::PractitionerId, start: Subject, hops: u8) -> Network {
    s.b.hub
        .network(&Viewer::new(who).because("link chart"), start, hops)
        .unwrap()
}

fn subjects(n: &Network) -> Vec<Subject> {
    let mut v: Vec<Subject> = n.nodes.iter().map(|n| n.subject).collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<Subject>) -> Vec<Subject> {
    v.sort();
    v
}

fn has_edge(n: &Network, x: Subject, y: Subject, relation: Relation) -> bool {
    n.edges.iter().any(|e| {
        e.relation == relation && e.a == x && e.b == y
            || e.a == y && e.b == x && e.relation == swapped(relation)
    })
}

fn swapped(r: Relation) -> Relation {
    match r {
        Relation::Case { a, b } => Relation::Case { a: b, b: a },
        Relation::Incident { a, b } => Relation::Incident { a: b, b: a },
        r => r,
    }
}

#[test]
fn one_hop_from_the_victim_reaches_offender_witness_and_place_with_the_reasons() {
    let s = scene();
    let (vic, olly, wendy, elm) = (
        Subject::Person(s.vic),
        Subject::Person(s.olly),
        Subject::Person(s.wendy),
        Subject::Location(s.elm),
    );
    let n = network(&s, s.b.officer, vic, 1);
    assert_eq!(subjects(&n), sorted(vec![vic, olly, wendy, elm]));
    assert!(!n.truncated);
    let case_edge = n
        .edges
        .iter()
        .find(|e| {
            matches!(e.relation, Relation::Case { .. }) && [e.a, e.b] == sorted(vec![vic, olly])[..]
        })
        .expect("victim–perpetrator edge");
    assert!(has_edge(
        &n,
        vic,
        olly,
        Relation::Case {
            a: SubjectRole::Victim,
            b: SubjectRole::Perpetrator
        }
    ));
    assert_eq!(case_edge.cases, vec![s.case]);
    assert!(has_edge(
        &n,
        vic,
        olly,
        Relation::Incident {
            a: IncidentRole::Victim,
            b: IncidentRole::Offender
        }
    ));
    assert!(has_edge(
        &n,
        vic,
        wendy,
        Relation::Incident {
            a: IncidentRole::Victim,
            b: IncidentRole::Witness
        }
    ));
    assert!(has_edge(
        &n,
        vic,
        elm,
        Relation::AtLocation {
            role: IncidentRole::Caller
        }
    ));
    // Edges among the one-hop ring are drawn too.
    assert!(has_edge(
        &n,
        olly,
        wendy,
        Relation::Incident {
            a: IncidentRole::Offender,
            b: IncidentRole::Witness
        }
    ));
    let elm_node = n.nodes.iter().find(|x| x.subject == elm).unwrap();
    assert_eq!(elm_node.incidents, 2);
    assert_eq!(elm_node.hops, 1);
}

#[test]
fn two_hops_reach_the_refuge_and_restricted_victim_for_police_only() {
    let s = scene();
    let vic = Subject::Person(s.vic);
    let police = network(&s, s.b.officer, vic, 2);
    assert!(police
        .nodes
        .iter()
        .any(|n| n.subject == Subject::Person(s.hidden) && n.hops == 2));
    assert!(police
        .nodes
        .iter()
        .any(|n| n.subject == Subject::Location(s.refuge)));

    // The council reads ASB incidents but is on no case and has no domestic abuse agreement:
    // stubs, incident edges only, and no restricted profile, not even as a placeholder.
    let council = network(&s, s.b.council_officer, vic, 4);
    assert_eq!(
        subjects(&council),
        sorted(vec![
            vic,
            Subject::Person(s.olly),
            Subject::Person(s.wendy),
            Subject::Location(s.elm)
        ])
    );
    assert!(council.nodes.iter().all(|n| n.access == Access::Stub));
    assert!(council
        .edges
        .iter()
        .all(|e| !matches!(e.relation, Relation::Case { .. }) && e.cases.is_empty()));

    // Housing reads no incident: the victim's stub alone.
    let housing = network(&s, s.b.housing_officer, vic, 4);
    assert_eq!(subjects(&housing), vec![vic]);
    assert!(housing.edges.is_empty());
    assert_eq!(housing.nodes[0].incidents, 0);
}

#[test]
fn a_start_the_viewer_may_not_know_of_is_not_found_and_hops_are_bounded() {
    let s = scene();
    let v = Viewer::new(s.b.council_officer);
    let err =
        s.b.hub
            .network(&v, Subject::Location(s.refuge), 1)
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert!(!err.to_string().contains(REFUGE_LABEL));
    let err =
        s.b.hub
            .network(&v, Subject::Person(s.vic), MAX_HOPS + 1)
            .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
}

/// A small well-formedness check: tags balance, attributes are quoted, `&` starts an entity.
fn well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray > in {text:?}");
        for (i, _) in text.match_indices('&') {
            let tail = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                    .iter()
                    .any(|e| tail.starts_with(e)),
                "bare & in {text:?}"
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "< inside tag {tag:?}");
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in {tag:?}"
        );
        if tag.starts_with('?') {
        } else if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(
                stack.pop().as_deref(),
                Some(name.trim()),
                "mismatched </{name}>"
            );
        } else if !tag.ends_with('/') {
            stack.push(tag.split_whitespace().next().unwrap().to_owned());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

#[test]
fn exports_parse_and_escape_names() {
    let s = scene();
    let n = network(&s, s.b.officer, Subject::Person(s.vic), 2);

    let dot = n.to_dot();
    assert!(dot.starts_with("graph network {"));
    assert!(dot.contains(r#"label="Olly \"Fox\" <O&Co>""#), "{dot}");
    assert!(dot.contains("case: victim–perpetrator"));
    assert_eq!(dot.matches(" -- ").count(), n.edges.len());

    let graphml = n.to_graphml();
    well_formed(&graphml);
    assert!(graphml.contains("Olly &quot;Fox&quot; &lt;O&amp;Co&gt;"));
    assert_eq!(graphml.matches("<node ").count(), n.nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), n.edges.len());

    let geo: serde_json::Value = serde_json::from_str(&n.to_geojson()).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    assert_eq!(features.len(), 2, "the block and the refuge");
    let elm = features
        .iter()
        .find(|f| f["properties"]["label"] == ELM)
        .unwrap();
    assert_eq!(elm["properties"]["incidents"], 2);
    assert_eq!(elm["geometry"]["coordinates"][0], -1.695);

    // A stub has no coordinates: nothing for the council's map.
    let council = network(&s, s.b.council_officer, Subject::Person(s.vic), 2);
    let geo: serde_json::Value = serde_json::from_str(&council.to_geojson()).unwrap();
    assert!(geo["features"].as_array().unwrap().is_empty());
    well_formed(&council.to_graphml());
}
