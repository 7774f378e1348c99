//! Canaries for incidents: a name, address or note a viewer may not see reaches none of the
//! incident reads (import reports, incident lists, Top N, repeats, case review thresholds), and
//! the ones the viewer may see do, so the test can fail.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::incidents::{InvolvedRef, LocationRef, PersonRef};
use safehub::{
    CaseReviewConfig, ImportOptions, IncidentRole, IncidentRow, NewLocation, NewPerson,
    PractitionerId, RepeatConfig, TopKind, TopQuery,
};
use safehub_workspace::fixture::{borough, Borough};

const RESTRICTED_NAME: &str = "CANARY-RESTRICTED-NAME";
const REFUGE_LABEL: &str = "CANARY-REFUGE-LABEL";
const REFUGE_ADDRESS: &str = "CANARY-REFUGE-ADDRESS";
const ASB_NOTE: &str = "CANARY-ASB-NOTE";
const DA_NOTE: &str = "CANARY-DA-NOTE";
const IMPORTED_ADDRESS: &str = "CANARY-IMPORTED-ADDRESS";
/// The title of a police case about a caller the council sees in its Top 50 and repeats: only
/// the case's team may learn that she is on it ("on case X, led by Y").
const CASE_TITLE: &str = "CANARY-CASE-TITLE";
const ALL: [&str; 7] = [
    RESTRICTED_NAME,
    REFUGE_LABEL,
    REFUGE_ADDRESS,
    ASB_NOTE,
    DA_NOTE,
    IMPORTED_ADDRESS,
    CASE_TITLE,
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

/// Police record a restricted victim at a refuge and import ASB and domestic abuse incidents
/// about them, and link one of each to an ASB case the council works with them; returns the
/// case and the import report as JSON (the importer's own output).
fn scene() -> (Borough, safehub::CaseId, String) {
    let b = borough(now(), false);
    b.hub
        .record_person(
            b.officer,
            NewPerson {
                name: RESTRICTED_NAME.into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .record_location(
            b.officer,
            NewLocation {
                label: REFUGE_LABEL.into(),
                address: Some(REFUGE_ADDRESS.into()),
                uprn: Some("100000000001".into()),
                restricted: true,
                ..NewLocation::default()
            },
        )
        .unwrap();
    let victim = PersonRef {
        name: RESTRICTED_NAME.into(),
        date_of_birth: None,
        identifiers: vec![],
    };
    let mut rows = Vec::new();
    for i in 0..4 {
        rows.push(IncidentRow {
            external_ref: format!("ASB-{i}"),
            occurred_at: now() - Duration::days(3 + i),
            reported_at: None,
            category: "asb_personal".into(),
            offence_code: None,
            summary: format!("{ASB_NOTE} shouting outside"),
            location: Some(LocationRef {
                uprn: Some("100000000001".into()),
                ..LocationRef::default()
            }),
            caller: Some(victim.clone()),
            people: vec![InvolvedRef {
                role: IncidentRole::Victim,
                person: victim.clone(),
            }],
        });
        rows.push(IncidentRow {
            external_ref: format!("DA-{i}"),
            occurred_at: now() - Duration::days(3 + i),
            reported_at: None,
            category: "domestic_abuse".into(),
            offence_code: None,
            summary: format!("{DA_NOTE} injuries seen"),
            location: Some(LocationRef {
                address: Some(format!("{IMPORTED_ADDRESS} 4 Ash Row")),
                postcode: Some("B79 7AA".into()),
                ..LocationRef::default()
            }),
            caller: Some(PersonRef {
                name: "Neighbour".into(),
                ..PersonRef::default()
            }),
            people: vec![InvolvedRef {
                role: IncidentRole::Offender,
                person: PersonRef {
                    name: "Rob Offender".into(),
                    ..PersonRef::default()
                },
            }],
        });
    }
    for i in 0..3 {
        rows.push(IncidentRow {
            external_ref: format!("ASB-ANN-{i}"),
            occurred_at: now() - Duration::days(2 + i),
            reported_at: None,
            category: "asb_nuisance".into(),
            offence_code: None,
            summary: String::new(),
            location: None,
            caller: Some(PersonRef {
                name: "Ann Caller".into(),
                ..PersonRef::default()
            }),
            people: vec![],
        });
    }
    let report = b
        .hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
    let ann = b
        .hub
        .search_people(&b.viewer(b.officer), "Ann Caller")
        .unwrap()
        .iter()
        .find_map(|p| match p {
            safehub::PersonView::Full(p) => Some(p.id),
            safehub::PersonView::Stub(_) => None,
        })
        .expect("the imported caller");
    let case = b
        .hub
        .open_case(
            b.officer,
            safehub::NewCase {
                case_type: safehub::CaseType::Asb,
                title: CASE_TITLE.into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    b.hub
        .link_subject(
            b.officer,
            case,
            safehub::Subject::Person(ann),
            safehub::SubjectRole::Victim,
        )
        .unwrap();
    // An ASB case police and the council both work, with an ASB and a domestic abuse incident
    // linked: the council reads the case in full and must still not read the abuse through it.
    let worked = b
        .hub
        .open_case(
            b.officer,
            safehub::NewCase {
                case_type: safehub::CaseType::Asb,
                title: "Ash Row".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    b.hub
        .add_team_member(
            b.officer,
            worked,
            safehub::TeamMember::Practitioner(b.council_officer),
        )
        .unwrap();
    let listed = b
        .hub
        .incidents(
            &b.viewer(b.officer),
            now() - Duration::days(365),
            now(),
            1000,
        )
        .unwrap();
    for external_ref in ["ASB-0", "DA-0"] {
        let incident = listed
            .iter()
            .find(|i| i.external_ref == external_ref)
            .expect("imported")
            .id;
        b.hub.link_incident(b.officer, worked, incident).unwrap();
    }
    (b, worked, serde_json::to_string(&report).unwrap())
}

/// Every incident read for one viewer, serialised, the view of the case with linked incidents
/// among them.
fn everything(b: &Borough, case: safehub::CaseId, who: PractitionerId) -> String {
    let v = b.viewer(who);
    let mut out = vec![serde_json::to_string(&b.hub.case(&v, case).unwrap()).unwrap()];
    let list = b
        .hub
        .incidents(&v, now() - Duration::days(365), now(), 1000)
        .unwrap();
    out.push(serde_json::to_string(&list).unwrap());
    for i in &list {
        out.push(serde_json::to_string(&b.hub.incident(&v, i.id).unwrap()).unwrap());
    }
    for kind in TopKind::ALL {
        out.push(
            serde_json::to_string(&b.hub.top(&v, &TopQuery::top50(kind, now(), 30)).unwrap())
                .unwrap(),
        );
    }
    out.push(
        serde_json::to_string(&b.hub.repeats(&v, now(), &RepeatConfig::default()).unwrap())
            .unwrap(),
    );
    let variants = CaseReviewConfig {
        hate_incidents: Some(1),
        distinct_complainants: Some(1),
        ..CaseReviewConfig::default()
    };
    out.push(
        serde_json::to_string(&b.hub.case_review_thresholds(&v, now(), &variants).unwrap())
            .unwrap(),
    );
    out.join("\n")
}

fn assert_markers(seen: &str, allowed: &[&str], who: &str) {
    for marker in ALL {
        let found = seen.contains(marker);
        if allowed.contains(&marker) {
            assert!(found, "{who} should see {marker}");
        } else {
            assert!(!found, "{marker} leaked to {who}");
        }
    }
}

#[test]
fn the_import_report_carries_no_names_addresses_or_notes() {
    let (_, _, report) = scene();
    assert_markers(&report, &[], "the import report");
}

#[test]
fn police_see_their_own_incidents_in_full() {
    let (b, case, _) = scene();
    let seen = everything(&b, case, b.officer);
    assert_markers(
        &seen,
        &[
            RESTRICTED_NAME,
            REFUGE_LABEL,
            REFUGE_ADDRESS,
            ASB_NOTE,
            DA_NOTE,
            IMPORTED_ADDRESS,
            CASE_TITLE,
        ],
        "police",
    );
}

#[test]
fn the_council_sees_asb_notes_but_no_restricted_person_refuge_or_domestic_abuse() {
    let (b, case, _) = scene();
    let seen = everything(&b, case, b.council_officer);
    assert_markers(&seen, &[ASB_NOTE], "the council");
    // It reads the case in full, with the ASB incident: the abuse is left out, not hidden.
    let Ok(safehub::CaseView::Full(worked)) = b.hub.case(&b.viewer(b.council_officer), case) else {
        panic!("the council is on the case's team");
    };
    assert_eq!(worked.incidents.len(), 1);
    // The hidden victim is not replaced by an anonymous count either.
    let v = b.viewer(b.council_officer);
    let victims = b
        .hub
        .top(&v, &TopQuery::top50(TopKind::Victims, now(), 30))
        .unwrap();
    assert!(victims.rows.is_empty());
}

#[test]
fn housing_outside_every_agreement_sees_nothing_of_the_incidents() {
    let (b, case, _) = scene();
    let seen = everything(&b, case, b.housing_officer);
    assert_markers(&seen, &[], "housing");
    let v = b.viewer(b.housing_officer);
    assert!(b
        .hub
        .top(&v, &TopQuery::top50(TopKind::Callers, now(), 30))
        .unwrap()
        .rows
        .is_empty());
}
