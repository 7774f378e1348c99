//! Canaries for the network exports and the morning briefing: a name, address or note a viewer
//! may not see appears in none of them (DOT, GraphML, GeoJSON, the network as JSON, the
//! briefing as JSON and as Markdown), and the ones the viewer may see do, so the test can fail.

mod network_common;

use chrono::Duration;
use network_common::*;
use safehub::{BriefingConfig, PractitionerId, Subject, Viewer};

const ALL: [&str; 7] = [
    HIDDEN_NAME,
    ELM_ADDRESS,
    REFUGE_LABEL,
    REFUGE_ADDRESS,
    ASB_NOTE,
    DA_NOTE,
    CASE_NOTE,
];

fn check(seen: &str, allowed: &[&str], what: &str) {
    for marker in ALL {
        let found = seen.contains(marker);
        if allowed.contains(&marker) {
            assert!(found, "{what} should show {marker}");
        } else {
            assert!(!found, "{marker} leaked into {what}");
        }
    }
}

/// Every export of every network the viewer may draw from the scene's subjects.
fn exports(s: &Scene, who: PractitionerId) -> String {
    let v = Viewer::new(who).because("link chart");
    let mut out = Vec::new();
    for start in [
        Subject::Person(s.vic),
        Subject::Person(s.olly),
        Subject::Person(s.wendy),
        Subject::Person(s.hidden),
        Subject::Location(s.elm),
        Subject::Location(s.refuge),
    ] {
        match s.b.hub.network(&v, start, 4) {
            Ok(n) => {
                out.push(n.to_dot());
                out.push(n.to_graphml());
                out.push(n.to_geojson());
                out.push(serde_json::to_string(&n).unwrap());
            }
            Err(e) => out.push(e.to_string()),
        }
    }
    out.join("\n")
}

fn briefing(s: &Scene, who: PractitionerId) -> String {
    let b =
        s.b.hub
            .briefing(
                &Viewer::new(who).because("morning meeting"),
                now() - Duration::days(1),
                &BriefingConfig::default(),
            )
            .unwrap();
    format!(
        "{}\n{}",
        serde_json::to_string(&b).unwrap(),
        b.to_markdown()
    )
}

#[test]
fn police_exports_show_their_own_restricted_profiles_but_never_addresses_or_notes() {
    let s = scene();
    // Exports carry names and labels, never an address or any note.
    check(
        &exports(&s, s.b.officer),
        &[HIDDEN_NAME, REFUGE_LABEL],
        "police exports",
    );
    // The briefing lists the night's incidents in full, with their places.
    check(
        &briefing(&s, s.b.officer),
        &[
            HIDDEN_NAME,
            ELM_ADDRESS,
            REFUGE_LABEL,
            REFUGE_ADDRESS,
            ASB_NOTE,
            DA_NOTE,
        ],
        "the police briefing",
    );
}

#[test]
fn council_exports_and_briefing_show_asb_but_no_restricted_profile_or_domestic_abuse() {
    let s = scene();
    check(&exports(&s, s.b.council_officer), &[], "council exports");
    let seen = briefing(&s, s.b.council_officer);
    check(&seen, &[ASB_NOTE], "the council briefing");
    assert!(seen.contains(VIC), "the caller's stub name is shown");
}

#[test]
fn housing_outside_every_agreement_sees_none_of_it() {
    let s = scene();
    check(&exports(&s, s.b.housing_officer), &[], "housing exports");
    check(
        &briefing(&s, s.b.housing_officer),
        &[],
        "the housing briefing",
    );
}
