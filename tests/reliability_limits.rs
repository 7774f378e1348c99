//! Every public text and list input of the hub has a maximum: over it, or empty, or with control
//! characters, a call fails with `Error::Invalid` naming the field, and nothing is written.

use chrono::{Duration, TimeZone, Utc};
use safehub::{
    AgencyKind, Assignee, CaseType, Error, Hub, IdentifierKind, InformationCategory, LawfulBasis,
    ManualClock, NewAgreement, NewAssessment, NewCase, NewEntry, NewGroup, NewLocation, NewPerson,
    NewReferral, NewTask, PractitionerId, Priority, Role, SequentialIds, Template, Viewer,
};
use safehub_workspace::{agency, practitioner};
use std::fmt::Debug;

struct World {
    hub: Hub,
    admin: PractitionerId,
    pc: PractitionerId,
    police: safehub::AgencyId,
    housing: safehub::AgencyId,
    case: safehub::CaseId,
    person: safehub::PersonId,
}

fn world() -> World {
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
    let hub = Hub::builder()
        .clock(ManualClock::new(start))
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    let est = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let housing = hub
        .add_agency(est.admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    let pc = hub
        .register_practitioner(est.admin, practitioner(est.agency, "PC", Role::CaseWorker))
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Road".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    let person = hub
        .record_person(
            pc,
            NewPerson {
                name: "A Person".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    World {
        hub,
        admin: est.admin,
        pc,
        police: est.agency,
        housing,
        case,
        person,
    }
}

/// Asserts `result` is `Error::Invalid` on `field` and that the journal did not move.
fn refused<T: Debug>(w: &World, field: &str, result: safehub::Result<T>, before: u64) {
    match result {
        Err(Error::Invalid { field: f, .. }) if f == field => {}
        other => panic!("expected Invalid {{ field: {field:?} }}, got {other:?}"),
    }
    assert_eq!(
        w.hub.seq(),
        before,
        "a refused {field} wrote to the journal"
    );
}

fn long(n: usize) -> String {
    "x".repeat(n)
}

fn person(name: &str) -> NewPerson {
    NewPerson {
        name: name.into(),
        ..NewPerson::default()
    }
}

#[test]
fn over_long_empty_and_control_character_names_are_refused_naming_the_field() {
    let w = world();
    let s = w.hub.seq();
    refused(&w, "name", w.hub.record_person(w.pc, person(&long(201))), s);
    refused(&w, "name", w.hub.record_person(w.pc, person("   ")), s);
    refused(&w, "name", w.hub.record_person(w.pc, person("")), s);
    refused(
        &w,
        "name",
        w.hub.record_person(w.pc, person("Bad\u{7}name")),
        s,
    );
    refused(
        &w,
        "name",
        w.hub
            .add_agency(w.admin, agency(&long(201), AgencyKind::FireAndRescue)),
        s,
    );
    refused(
        &w,
        "name",
        w.hub
            .register_practitioner(w.admin, practitioner(w.police, "a\nb", Role::CaseWorker)),
        s,
    );
    let mut p = practitioner(w.police, "Ok", Role::CaseWorker);
    p.external_id = Some(long(501));
    refused(
        &w,
        "external_id",
        w.hub.register_practitioner(w.admin, p),
        s,
    );
    let location = |label: &str, address: Option<String>| NewLocation {
        label: label.into(),
        address,
        ..NewLocation::default()
    };
    refused(
        &w,
        "label",
        w.hub.record_location(w.pc, location(&long(201), None)),
        s,
    );
    refused(
        &w,
        "address",
        w.hub
            .record_location(w.pc, location("Flat", Some(long(501)))),
        s,
    );
    let case = |title: &str, team| NewCase {
        case_type: CaseType::Asb,
        title: title.into(),
        lead_practitioner: None,
        team,
    };
    refused(&w, "title", w.hub.open_case(w.pc, case("", vec![])), s);
    refused(
        &w,
        "title",
        w.hub.open_case(w.pc, case(&long(201), vec![])),
        s,
    );
    refused(
        &w,
        "team",
        w.hub.open_case(w.pc, case("T", vec![w.housing; 51])),
        s,
    );
    let group = |name: &str, members| NewGroup {
        name: name.into(),
        kind: safehub::GroupKind::Household,
        members,
    };
    refused(
        &w,
        "name",
        w.hub.form_group(w.pc, group("\u{0}", vec![])),
        s,
    );
    refused(
        &w,
        "members",
        w.hub.form_group(w.pc, group("G", vec![w.person; 51])),
        s,
    );
    refused(
        &w,
        "query",
        w.hub.search_people(&Viewer::new(w.pc), &long(201)),
        s,
    );
    refused(
        &w,
        "query",
        w.hub.search_locations(&Viewer::new(w.pc), ""),
        s,
    );
    refused(
        &w,
        "justification",
        w.hub.case(&Viewer::new(w.pc).because(long(501)), w.case),
        s,
    );
    // An empty hub refuses a bad partnership before anything is written.
    let empty = Hub::open_in_memory().unwrap();
    let bad = empty.establish(&long(201), agency("Police", AgencyKind::Police), "Admin");
    assert!(
        matches!(bad, Err(Error::Invalid { field: "name", .. })),
        "{bad:?}"
    );
    let bad = empty.establish("Hub", agency("Police", AgencyKind::Police), "");
    assert!(
        matches!(
            bad,
            Err(Error::Invalid {
                field: "admin_name",
                ..
            })
        ),
        "{bad:?}"
    );
    assert_eq!(empty.seq(), 0);
}

#[test]
fn too_many_items_in_any_list_are_refused_naming_the_list() {
    let w = world();
    let s = w.hub.seq();
    let mut p = person("Ok");
    p.aliases = vec!["alias".into(); 51];
    refused(&w, "aliases", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.aliases = vec!["fine".into(), "tab\tin alias".into()];
    refused(&w, "aliases", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.identifiers = vec![(IdentifierKind::NhsNumber, "9434765919".into()); 51];
    refused(&w, "identifiers", w.hub.record_person(w.pc, p), s);
    let mut p = person("Ok");
    p.flags = vec![safehub::VulnerabilityFlag::MentalHealth; 51];
    refused(&w, "flags", w.hub.record_person(w.pc, p), s);
    // An over-long identifier fails its own typed check, naming its kind.
    let mut p = person("Ok");
    p.identifiers = vec![(IdentifierKind::NhsNumber, "9".repeat(1_000_000))];
    match w.hub.record_person(w.pc, p) {
        Err(Error::Identifier(e)) => assert_eq!(e.kind(), "NHS number"),
        other => panic!("{other:?}"),
    }
    assert_eq!(w.hub.seq(), s);

    let agreement = || NewAgreement {
        title: "ISP".into(),
        parties: vec![w.police, w.housing],
        purposes: vec!["ASB".into()],
        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
        categories: vec![InformationCategory::General],
        special_category: false,
        starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
        ends: None,
    };
    let mut a = agreement();
    a.purposes = vec!["p".into(); 51];
    refused(&w, "purposes", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.parties = [w.police, w.housing].repeat(26);
    refused(&w, "parties", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.categories = vec![InformationCategory::General; 51];
    refused(&w, "categories", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.title = long(201);
    refused(&w, "title", w.hub.sign_agreement(w.admin, a), s);
    let mut a = agreement();
    a.lawful_basis = LawfulBasis::Other(long(501));
    refused(&w, "lawful_basis", w.hub.sign_agreement(w.admin, a), s);
}

#[test]
fn entries_tasks_referrals_and_assessments_bound_their_text() {
    let w = world();
    let s = w.hub.seq();
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(long(20_001))),
        s,
    );
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(" \n ")),
        s,
    );
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note("bell\u{7}")),
        s,
    );
    // 100 MB of text is refused by its byte length, without walking it.
    let huge = "y".repeat(100 * 1024 * 1024);
    let started = std::time::Instant::now();
    refused(
        &w,
        "text",
        w.hub.add_entry(w.pc, w.case, NewEntry::note(huge)),
        s,
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));

    let task = |title: String, detail: String| NewTask {
        case: w.case,
        assignee: Assignee::Agency(w.housing),
        title,
        detail,
        category: InformationCategory::General,
        due: Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap(),
        priority: Priority::Normal,
    };
    refused(
        &w,
        "title",
        w.hub.set_task(w.pc, task(long(201), "d".into())),
        s,
    );
    refused(
        &w,
        "detail",
        w.hub.set_task(w.pc, task("t".into(), long(20_001))),
        s,
    );
    let nobody = safehub::TaskId(uuid::Uuid::nil());
    refused(
        &w,
        "reason",
        w.hub.decline_task(w.pc, nobody, &long(501)),
        s,
    );
    refused(
        &w,
        "answer",
        w.hub.answer_task(w.pc, nobody, NewEntry::note("")),
        s,
    );

    let referral = |reason: String| NewReferral {
        to: w.housing,
        person: Some(w.person),
        case: None,
        category: InformationCategory::General,
        reason,
        consent: None,
        consent_override: None,
    };
    refused(&w, "reason", w.hub.refer(w.pc, referral(long(20_001))), s);
    let mut r = referral("why".into());
    r.consent_override = Some(long(501));
    refused(&w, "consent_override", w.hub.refer(w.pc, r), s);
    let nowhere = safehub::ReferralId(uuid::Uuid::nil());
    refused(&w, "reason", w.hub.decline_referral(w.pc, nowhere, ""), s);

    let assessment = || NewAssessment::new(w.case, w.person, "dash-ric", Default::default());
    let mut a = assessment();
    a.template = long(65);
    refused(&w, "template", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.notes = Some(long(20_001));
    refused(&w, "notes", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.escalation.incidents = vec![Utc::now() - Duration::days(1); 1_001];
    refused(&w, "incidents", w.hub.record_assessment(w.pc, a), s);
    let mut a = assessment();
    a.answers = (0..101)
        .map(|i| (format!("q{i}"), safehub::AnswerValue::YesNo(true)))
        .collect();
    refused(&w, "answers", w.hub.record_assessment(w.pc, a), s);
    let none = safehub::AssessmentId(uuid::Uuid::nil());
    refused(
        &w,
        "reason",
        w.hub
            .override_assessment(w.pc, none, safehub::Level::High, &long(20_001)),
        s,
    );
    refused(
        &w,
        "note",
        w.hub.review_assessment(w.pc, none, "\u{1b}[2J"),
        s,
    );
}

#[test]
fn a_template_larger_than_a_mebibyte_is_refused_before_parsing() {
    let json = format!("{{\"id\": \"{}\"}}", "a".repeat(2 * 1024 * 1024));
    assert!(matches!(
        Template::from_json(&json),
        Err(Error::Invalid {
            field: "template",
            ..
        })
    ));
}

#[test]
fn a_change_feed_limit_of_usize_max_is_safe_and_cut_to_a_page() {
    let w = world();
    for i in 0..3 {
        w.hub
            .add_entry(w.pc, w.case, NewEntry::note(format!("n{i}")))
            .unwrap();
    }
    let all = w.hub.changes_since(0, usize::MAX).unwrap();
    assert_eq!(all.len() as u64, w.hub.seq());
}
