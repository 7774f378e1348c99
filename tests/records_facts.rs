//! One person, many agencies' facts (issue 22, docs/records.md "Facts held by each agency"):
//! police record Margaret Hughes; housing add her tenancy address, mental health her NHS number
//! and a mental health flag, housing a telephone number for their own use. Each fact is read by
//! exactly those its agency's agreements reach, the others are told which agency to ask, a fact
//! kept for its agency tells no one anything, and only the holding agency corrects or withdraws
//! its fact.

mod tasks_common;

use safehub::protection::ItemView;
use safehub::views::PersonDetail;
use safehub::{
    CaseType, Change, Error, ErrorCode, FactId, FactSharing, FactValue, IdentifierKind,
    InformationCategory, NewFact, NewFactValue, NewPerson, NewPractitioner, PersonId, PersonView,
    PractitionerId, Role, Subject, SubjectRole, TeamMember, Viewer, VulnerabilityFlag,
};

/// The field an invalid-input error names.
fn field(e: &Error) -> Option<&'static str> {
    match e {
        Error::Invalid { field, .. } => Some(field),
        _ => None,
    }
}
use tasks_common::Borough;

struct Story {
    b: Borough,
    margaret: PersonId,
    tenancy: FactId,
    nhs: FactId,
    flag: FactId,
    phone: FactId,
}

fn fact(value: NewFactValue) -> NewFact {
    NewFact {
        value,
        category: None,
        sharing: FactSharing::UnderAgreements,
    }
}

/// The agreements of the borough: police and housing share general, ASB, housing and personal
/// details; police and mental health general, safeguarding, mental health (special) and
/// personal details; housing and mental health nothing.
fn story() -> Story {
    let b = Borough::in_memory();
    let margaret = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Margaret Hughes".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let case = b.police_case(CaseType::ConcernForSafety, "Stairwell nuisance");
    b.hub
        .link_subject(b.pc, case, Subject::Person(margaret), SubjectRole::Victim)
        .unwrap();
    for agency in [b.housing, b.mental_health] {
        b.hub
            .add_team_member(b.pc, case, TeamMember::Agency(agency))
            .unwrap();
    }
    let tenancy = b
        .hub
        .add_fact(
            b.housing_officer,
            margaret,
            NewFact {
                category: Some(InformationCategory::Housing),
                ..fact(NewFactValue::Address {
                    address: "Flat 3, 12 Mill Lane".into(),
                    postcode: Some("sw1a1aa".into()),
                })
            },
            "Her tenancy.",
        )
        .unwrap();
    let nhs = b
        .hub
        .add_fact(
            b.nurse,
            margaret,
            fact(NewFactValue::Identifier {
                kind: IdentifierKind::NhsNumber,
                value: "943 476 5919".into(),
            }),
            "From our records.",
        )
        .unwrap();
    let flag = b
        .hub
        .add_fact(
            b.nurse,
            margaret,
            fact(NewFactValue::Flag {
                flag: VulnerabilityFlag::MentalHealth,
            }),
            "Under our care.",
        )
        .unwrap();
    let phone = b
        .hub
        .add_fact(
            b.housing_officer,
            margaret,
            NewFact {
                sharing: FactSharing::AgencyOnly,
                ..fact(NewFactValue::Phone {
                    number: "07700 900123".into(),
                })
            },
            "For the repairs team.",
        )
        .unwrap();
    Story {
        b,
        margaret,
        tenancy,
        nhs,
        flag,
        phone,
    }
}

/// Police record Margaret Hughes and hold an address for her; her id and the fact's.
fn margaret_at(b: &Borough, address: &str, reason: &str) -> (PersonId, FactId) {
    let margaret = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Margaret Hughes".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let fact = b
        .hub
        .add_fact(
            b.pc,
            margaret,
            fact(NewFactValue::Address {
                address: address.into(),
                postcode: None,
            }),
            reason,
        )
        .unwrap();
    (margaret, fact)
}

fn detail(b: &Borough, viewer: PractitionerId, person: PersonId) -> PersonDetail {
    match b.hub.person(&Viewer::new(viewer), person).unwrap() {
        PersonView::Full(d) => d,
        PersonView::Stub(s) => panic!("expected a full view, got the stub of {}", s.name),
    }
}

fn fact_ids(d: &PersonDetail) -> Vec<FactId> {
    d.facts.iter().map(|f| f.id).collect()
}

fn holders(d: &PersonDetail) -> Vec<String> {
    d.facts_held_by.iter().map(|a| a.name.to_string()).collect()
}

#[test]
fn each_agency_reads_the_facts_its_agreements_reach_and_is_told_whom_to_ask_for_the_rest() {
    let s = story();
    let b = &s.b;
    // Police: housing's tenancy (housing data, covered), mental health's flag (named by the
    // special agreement); not the NHS number (health, which no agreement names): ask mental
    // health. Housing's own telephone number is not even hinted at.
    let police = detail(b, b.pc, s.margaret);
    assert_eq!(fact_ids(&police), vec![s.tenancy, s.flag]);
    assert_eq!(holders(&police), vec!["Mental health".to_string()]);
    // Housing: their own two facts; nothing of mental health's, whom they are told to ask.
    let housing = detail(b, b.housing_officer, s.margaret);
    assert_eq!(fact_ids(&housing), vec![s.tenancy, s.phone]);
    assert_eq!(holders(&housing), vec!["Mental health".to_string()]);
    // Mental health: their own; housing's tenancy is housing's to give.
    let nurse = detail(b, b.nurse, s.margaret);
    assert_eq!(fact_ids(&nurse), vec![s.nhs, s.flag]);
    assert_eq!(holders(&nurse), vec!["Housing".to_string()]);
    // What police read is what housing wrote.
    let tenancy = &police.facts[0];
    assert_eq!(tenancy.agency.id, b.housing);
    assert_eq!(tenancy.category, InformationCategory::Housing);
    assert!(matches!(
        &tenancy.value,
        FactValue::Address { address, postcode: Some(p) }
            if address == "Flat 3, 12 Mill Lane" && p.as_str() == "SW1A 1AA"
    ));
    // The council, on no case about her, see the stub: the agencies to ask include those
    // holding shared facts.
    match b
        .hub
        .person(&Viewer::new(b.council_officer), s.margaret)
        .unwrap()
    {
        PersonView::Stub(stub) => {
            let mut to: Vec<_> = stub.known_to.iter().map(|a| a.id).collect();
            to.sort();
            let mut want = vec![b.police, b.housing, b.mental_health];
            want.sort();
            assert_eq!(to, want);
        }
        PersonView::Full(_) => panic!("the council read her profile"),
    }
}

#[test]
fn a_fact_kept_for_its_agency_changes_nothing_anyone_else_sees() {
    let s = story();
    let b = &s.b;
    let others = [b.pc, b.nurse, b.council_officer];
    let before: Vec<_> = others
        .iter()
        .map(|v| b.hub.person(&Viewer::new(*v), s.margaret).unwrap())
        .collect();
    let history_before = b
        .hub
        .history(&Viewer::new(b.pc), Subject::Person(s.margaret))
        .unwrap();
    let second = b
        .hub
        .add_fact(
            b.housing_officer,
            s.margaret,
            NewFact {
                sharing: FactSharing::AgencyOnly,
                ..fact(NewFactValue::Email {
                    address: "m.hughes@example.org".into(),
                })
            },
            "Repairs.",
        )
        .unwrap();
    let after: Vec<_> = others
        .iter()
        .map(|v| b.hub.person(&Viewer::new(*v), s.margaret).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        history_before,
        b.hub
            .history(&Viewer::new(b.pc), Subject::Person(s.margaret))
            .unwrap()
    );
    // Naming it is the same as naming a fact that does not exist.
    let named = b
        .hub
        .withdraw_fact(b.pc, s.margaret, second, "Wrong.")
        .unwrap_err();
    let unknown = b
        .hub
        .withdraw_fact(b.pc, s.margaret, FactId(uuid::Uuid::from_u128(7)), "Wrong.")
        .unwrap_err();
    assert_eq!(named, unknown);
    assert_eq!(named.code(), ErrorCode::NotFound);
}

#[test]
fn only_the_holding_agency_corrects_or_withdraws_a_fact() {
    let s = story();
    let b = &s.b;
    // Police read housing's tenancy but may not change it: they ask housing.
    let refused = b
        .hub
        .correct_fact(
            b.pc,
            s.margaret,
            s.tenancy,
            NewFactValue::Address {
                address: "Flat 4, 12 Mill Lane".into(),
                postcode: None,
            },
            "Moved.",
        )
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    let refused = b
        .hub
        .withdraw_fact(b.pc, s.margaret, s.flag, "Not so.")
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    // Housing correct it; police read the new address, and its history.
    let before = b.now();
    b.clock.set(before + chrono::Duration::hours(1));
    b.hub
        .correct_fact(
            b.housing_officer,
            s.margaret,
            s.tenancy,
            NewFactValue::Address {
                address: "Flat 4, 12 Mill Lane".into(),
                postcode: Some("SW1A 1AA".into()),
            },
            "Moved within the block.",
        )
        .unwrap();
    let police = detail(b, b.pc, s.margaret);
    assert!(matches!(&police.facts[0].value,
        FactValue::Address { address, .. } if address == "Flat 4, 12 Mill Lane"));
    // As it stood before the correction.
    let then = match b
        .hub
        .person(&Viewer::new(b.pc).as_of(before), s.margaret)
        .unwrap()
    {
        PersonView::Full(d) => d,
        PersonView::Stub(_) => panic!("stub as of"),
    };
    assert!(matches!(&then.facts[0].value,
        FactValue::Address { address, .. } if address == "Flat 3, 12 Mill Lane"));
    // The history: police see housing's additions and correction of the tenancy, mental
    // health's flag, and nothing of the NHS number or housing's own telephone number.
    let history = b
        .hub
        .history(&Viewer::new(b.pc), Subject::Person(s.margaret))
        .unwrap();
    let facts: Vec<FactId> = history
        .iter()
        .flat_map(|a| a.changes.iter().filter_map(Change::fact).map(|f| f.id))
        .collect();
    assert_eq!(facts, vec![s.tenancy, s.flag, s.tenancy]);
    assert!(matches!(
        history.last().map(|a| &a.changes[0]),
        Some(Change::FactCorrected { from: FactValue::Address { address, .. }, .. })
            if address == "Flat 3, 12 Mill Lane"
    ));
    assert_eq!(history.last().unwrap().agency.id, b.housing);
    // Mental health withdraw their flag: police no longer read it.
    b.hub
        .withdraw_fact(b.nurse, s.margaret, s.flag, "Discharged.")
        .unwrap();
    assert_eq!(fact_ids(&detail(b, b.pc, s.margaret)), vec![s.tenancy]);
}

#[test]
fn bad_facts_are_refused_naming_the_field_and_nothing_is_written() {
    let s = story();
    let b = &s.b;
    let seq = b.hub.seq();
    let add = |who, value, category| {
        b.hub
            .add_fact(
                who,
                s.margaret,
                NewFact {
                    category,
                    ..fact(value)
                },
                "Checked.",
            )
            .unwrap_err()
    };
    let phone = add(
        b.housing_officer,
        NewFactValue::Phone {
            number: "call me".into(),
        },
        None,
    );
    assert_eq!(field(&phone), Some("number"));
    let email = add(
        b.housing_officer,
        NewFactValue::Email {
            address: "nobody".into(),
        },
        None,
    );
    assert_eq!(field(&email), Some("address"));
    // Health data is never shared under an ordinary category.
    let health = add(
        b.nurse,
        NewFactValue::Flag {
            flag: VulnerabilityFlag::PhysicalHealth,
        },
        Some(InformationCategory::PersonalDetails),
    );
    assert_eq!(field(&health), Some("category"));
    let again = add(
        b.nurse,
        NewFactValue::Flag {
            flag: VulnerabilityFlag::MentalHealth,
        },
        None,
    );
    assert_eq!(field(&again), Some("value"));
    // The council, who know of her only by her stub, add nothing to her profile.
    let council = add(
        b.council_officer,
        NewFactValue::Alias {
            name: "Peggy".into(),
        },
        None,
    );
    assert_eq!(council.code(), ErrorCode::Forbidden);
    // A read-only analyst adds nothing.
    let analyst = add(
        b.analyst,
        NewFactValue::Alias {
            name: "Peggy".into(),
        },
        None,
    );
    assert_eq!(analyst.code(), ErrorCode::Forbidden);
    // A correction keeps the fact's kind.
    let kind = b
        .hub
        .correct_fact(
            b.housing_officer,
            s.margaret,
            s.phone,
            NewFactValue::Email {
                address: "m@example.org".into(),
            },
            "Now email.",
        )
        .unwrap_err();
    assert_eq!(field(&kind), Some("value"));
    assert_eq!(b.hub.seq(), seq, "a refused fact writes nothing");
}

#[test]
fn reading_another_agencys_fact_is_logged_and_each_agency_releases_its_own_in_subject_access() {
    let s = story();
    let b = &s.b;
    let from = b.now();
    let housing_supervisor = b
        .hub
        .register_practitioner(
            b.admin,
            NewPractitioner {
                agency: b.housing,
                name: "Housing manager".into(),
                role: Role::Supervisor,
                external_id: None,
            },
        )
        .unwrap();
    let read_by_police = |b: &Borough| {
        b.hub
            .consultations(
                &Viewer::new(housing_supervisor),
                from - chrono::Duration::minutes(1),
                b.now() + chrono::Duration::minutes(1),
            )
            .unwrap()
            .iter()
            .filter(|c| c.viewer == b.pc)
            .flat_map(|c| c.items.iter())
            .any(|i| i.id == s.margaret.0 && i.owner == b.housing)
    };
    assert!(!read_by_police(b));
    let _ = detail(b, b.pc, s.margaret);
    assert!(
        read_by_police(b),
        "police's reading of housing's fact is logged for housing"
    );
    let export = b
        .hub
        .subject_access(&Viewer::new(b.sergeant), s.margaret)
        .unwrap();
    let part = |agency| {
        export
            .agencies
            .iter()
            .find(|p| p.agency.id == agency)
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|i| match &i.view {
                        ItemView::Fact(f) => Some(f.id),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(part(b.housing), vec![s.tenancy]);
    assert_eq!(part(b.mental_health), vec![s.flag]);
    let profile_facts = export
        .agencies
        .iter()
        .flat_map(|p| p.items.iter())
        .find_map(|i| match &i.view {
            ItemView::Profile(PersonView::Full(d)) => Some(d.facts.len()),
            _ => None,
        });
    assert_eq!(
        profile_facts,
        Some(0),
        "facts are listed under their agency"
    );
}

#[test]
fn facts_survive_a_reopen_and_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let clock = safehub::ManualClock::new(tasks_common::morning());
    let hub = safehub::Hub::builder()
        .clock(clock.clone())
        .ids(safehub::SequentialIds::new(5))
        .open(&path)
        .unwrap();
    let b = Borough::on(hub, clock.clone());
    let (margaret, id) = margaret_at(&b, "Flat 3, 12 Mill Lane", "Her tenancy.");
    let seen = b.hub.person(&Viewer::new(b.pc), margaret).unwrap();
    let digest = b.hub.state_digest().unwrap();
    drop(b);
    let reopened = safehub::Hub::builder()
        .clock(clock.clone())
        .open(&path)
        .unwrap();
    assert_eq!(reopened.state_digest().unwrap(), digest);
    reopened.checkpoint().unwrap();
    drop(reopened);
    let restored = safehub::Hub::builder().clock(clock).open(&path).unwrap();
    assert_eq!(restored.state_digest().unwrap(), digest);
    let PersonView::Full(d) = seen else {
        panic!("police recorded her")
    };
    assert_eq!(fact_ids(&d), vec![id]);
}

#[test]
fn erasing_a_person_erases_every_agencys_facts_about_them_from_the_journal() {
    let b = Borough::in_memory();
    let (margaret, tenancy) = margaret_at(&b, "Flat 3, 12 Mill Lane", "Known address.");
    b.hub
        .correct_fact(
            b.pc,
            margaret,
            tenancy,
            NewFactValue::Address {
                address: "Flat 9, 14 Mill Lane".into(),
                postcode: None,
            },
            "Moved.",
        )
        .unwrap();
    let contains =
        |bytes: &[u8], text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    let before = b.hub.export_journal(b.admin).unwrap();
    assert!(contains(&before, "12 Mill Lane") && contains(&before, "14 Mill Lane"));
    b.hub
        .dispose(
            b.admin,
            safehub::ErasureTarget::Person(margaret),
            "erasure request 9",
        )
        .unwrap();
    let after = b.hub.export_journal(b.admin).unwrap();
    for text in ["12 Mill Lane", "14 Mill Lane", "Known address.", "Moved."] {
        assert!(!contains(&after, text), "{text} is still in the journal");
    }
}
