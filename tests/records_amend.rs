//! Keeping a record true: the agency that recorded a person, location or group amends it, each
//! amendment an event with who, when and why; the history shows it to those who read the record;
//! as-of reads show the record as it stood; erasure takes the history with the profile (issue 22,
//! docs/records.md).

mod tasks_common;

use chrono::{Duration, NaiveDate};
use safehub::protection::ErasureTarget;
use safehub::{
    CaseType, Change, Edit, Error, GroupKind, IdentifierKind, NewGroup, NewLocation, NewPerson,
    PersonId, PersonView, PractitionerId, Subject, SubjectRole, TeamMember, Viewer,
    VulnerabilityFlag,
};
use tasks_common::Borough;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A person police recorded, linked to a police case housing works, so that housing reads the
/// profile under the police-housing agreement (personal details, no health data).
fn margaret(b: &Borough) -> PersonId {
    let person = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Margaret Hughs".into(),
                date_of_birth: Some(date(1961, 7, 3)),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let case = b.police_case(CaseType::Asb, "Elm Court");
    b.hub
        .add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    b.hub
        .link_subject(b.pc, case, Subject::Person(person), SubjectRole::Victim)
        .unwrap();
    person
}

fn full(b: &Borough, viewer: PractitionerId, person: PersonId) -> safehub::views::PersonDetail {
    match b.hub.person(&Viewer::new(viewer), person).unwrap() {
        PersonView::Full(p) => p,
        PersonView::Stub(s) => panic!("expected the full profile, got {s:?}"),
    }
}

#[test]
fn police_correct_a_misspelt_name_and_a_swapped_date_of_birth_and_the_history_says_from_what() {
    let b = Borough::in_memory();
    let person = margaret(&b);
    let before = b.now();
    b.clock.advance(Duration::hours(2));
    b.hub
        .amend(
            b.pc,
            Subject::Person(person),
            vec![
                Edit::Name {
                    to: "Margaret Hughes".into(),
                },
                Edit::DateOfBirth {
                    to: Some(date(1961, 3, 7)),
                },
                Edit::AddAlias {
                    alias: "Maggie".into(),
                },
            ],
            "Spelling and date checked against her tenancy agreement.",
        )
        .unwrap();

    let now = full(&b, b.housing_officer, person);
    assert_eq!(now.name, "Margaret Hughes");
    assert_eq!(now.date_of_birth, Some(date(1961, 3, 7)));
    assert_eq!(now.aliases, vec!["Maggie".to_owned()]);

    let history = b
        .hub
        .history(&Viewer::new(b.housing_officer), Subject::Person(person))
        .unwrap();
    assert_eq!(history.len(), 1);
    let a = &history[0];
    assert_eq!(a.agency.id, b.police);
    assert_eq!(a.by.as_ref().map(|p| p.id), Some(b.pc));
    assert_eq!(a.at, b.now());
    assert!(a.reason.as_deref().unwrap().contains("tenancy agreement"));
    assert_eq!(
        a.changes,
        vec![
            Change::Name {
                from: "Margaret Hughs".into(),
                to: "Margaret Hughes".into()
            },
            Change::DateOfBirth {
                from: Some(date(1961, 7, 3)),
                to: Some(date(1961, 3, 7))
            },
            Change::AliasAdded {
                alias: "Maggie".into()
            },
        ]
    );

    // As of before the amendment the profile reads as it stood, and had no history yet.
    let then = Viewer::new(b.housing_officer).as_of(before);
    match b.hub.person(&then, person).unwrap() {
        PersonView::Full(p) => {
            assert_eq!(p.name, "Margaret Hughs");
            assert_eq!(p.date_of_birth, Some(date(1961, 7, 3)));
            assert!(p.aliases.is_empty());
        }
        other => panic!("{other:?}"),
    }
    assert!(b
        .hub
        .history(&then, Subject::Person(person))
        .unwrap()
        .is_empty());
}

#[test]
fn a_search_finds_the_corrected_name_and_no_longer_the_misspelt_one() {
    let b = Borough::in_memory();
    let person = margaret(&b);
    let police = Viewer::new(b.pc);
    assert_eq!(b.hub.search_people(&police, "hughs").unwrap().len(), 1);
    b.hub
        .amend(
            b.pc,
            Subject::Person(person),
            vec![Edit::Name {
                to: "Margaret Hughes".into(),
            }],
            "Misspelt.",
        )
        .unwrap();
    assert!(b.hub.search_people(&police, "hughs").unwrap().is_empty());
    assert_eq!(b.hub.search_people(&police, "hughes").unwrap().len(), 1);
}

#[test]
fn housing_cannot_rewrite_a_police_profile_and_must_ask_police() {
    let b = Borough::in_memory();
    let person = margaret(&b);
    let edit = vec![Edit::AddAlias {
        alias: "Peggy".into(),
    }];
    assert!(matches!(
        b.hub.amend(
            b.housing_officer,
            Subject::Person(person),
            edit.clone(),
            "Known as Peggy."
        ),
        Err(Error::Forbidden {
            action: "amend",
            ..
        })
    ));
    // The analyst of the owning agency may not either: changing a record is case work.
    assert!(matches!(
        b.hub
            .amend(b.analyst, Subject::Person(person), edit, "Known as Peggy."),
        Err(Error::Forbidden { .. })
    ));
    assert!(full(&b, b.pc, person).aliases.is_empty());
}

#[test]
fn an_amendment_with_one_bad_change_writes_nothing() {
    let b = Borough::in_memory();
    let person = margaret(&b);
    let events = b.hub.export_journal(b.admin).unwrap();
    let bad = b.hub.amend(
        b.pc,
        Subject::Person(person),
        vec![
            Edit::AddAlias {
                alias: "Maggie".into(),
            },
            Edit::WithdrawAlias {
                alias: "Peggy".into(),
            },
        ],
        "Tidy up.",
    );
    assert!(matches!(bad, Err(Error::Invalid { field: "alias", .. })));
    let wrong_kind = b.hub.amend(
        b.pc,
        Subject::Person(person),
        vec![Edit::Postcode {
            to: Some("M1 1AE".into()),
        }],
        "A person has no postcode of their own.",
    );
    assert!(matches!(
        wrong_kind,
        Err(Error::Invalid { field: "edits", .. })
    ));
    let same = b.hub.amend(
        b.pc,
        Subject::Person(person),
        vec![Edit::Name {
            to: "Margaret Hughs".into(),
        }],
        "No change.",
    );
    assert!(matches!(same, Err(Error::Invalid { field: "name", .. })));
    let no_reason = b.hub.amend(
        b.pc,
        Subject::Person(person),
        vec![Edit::AddAlias {
            alias: "Maggie".into(),
        }],
        "  ",
    );
    assert!(matches!(
        no_reason,
        Err(Error::Invalid {
            field: "reason",
            ..
        })
    ));
    let bad_identifier = b.hub.amend(
        b.pc,
        Subject::Person(person),
        vec![Edit::AddIdentifier {
            kind: IdentifierKind::NhsNumber,
            value: "123 456 7890".into(),
        }],
        "From her GP letter.",
    );
    assert!(matches!(bad_identifier, Err(Error::Identifier(_))));
    assert_eq!(b.hub.export_journal(b.admin).unwrap(), events);
}

#[test]
fn a_withheld_profile_and_an_unknown_id_give_the_same_answer_and_a_stub_reader_no_history() {
    let b = Borough::in_memory();
    let refuge = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "In a refuge".into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .amend(
            b.pc,
            Subject::Person(refuge),
            vec![Edit::AddAlias {
                alias: "New name".into(),
            }],
            "Moved.",
        )
        .unwrap();
    let unknown = Subject::Person(PersonId(uuid::Uuid::from_u128(42)));
    let housing = Viewer::new(b.housing_officer);
    let withheld = b
        .hub
        .history(&housing, Subject::Person(refuge))
        .unwrap_err();
    let absent = b.hub.history(&housing, unknown).unwrap_err();
    assert_eq!(withheld.to_string(), absent.to_string());
    let amend_withheld = b
        .hub
        .amend(
            b.housing_officer,
            Subject::Person(refuge),
            vec![Edit::AddAlias { alias: "X".into() }],
            "Guess.",
        )
        .unwrap_err();
    let amend_absent = b
        .hub
        .amend(
            b.housing_officer,
            unknown,
            vec![Edit::AddAlias { alias: "X".into() }],
            "Guess.",
        )
        .unwrap_err();
    assert_eq!(amend_withheld.to_string(), amend_absent.to_string());

    // Council has no case about this person: it sees the stub of an unrestricted profile, and
    // its history is as empty as the stub is of details.
    let person = margaret(&b);
    b.hub
        .amend(
            b.pc,
            Subject::Person(person),
            vec![Edit::AddAlias {
                alias: "Maggie".into(),
            }],
            "Known as.",
        )
        .unwrap();
    let council = Viewer::new(b.council_officer);
    assert!(matches!(
        b.hub.person(&council, person).unwrap(),
        PersonView::Stub(_)
    ));
    assert!(b
        .hub
        .history(&council, Subject::Person(person))
        .unwrap()
        .is_empty());
}

#[test]
fn a_mental_health_flag_added_later_stays_out_of_housing_history_as_out_of_the_profile() {
    let b = Borough::in_memory();
    let person = margaret(&b);
    b.hub
        .amend(
            b.pc,
            Subject::Person(person),
            vec![
                Edit::AddFlag {
                    flag: VulnerabilityFlag::MentalHealth,
                },
                Edit::AddFlag {
                    flag: VulnerabilityFlag::Isolated,
                },
            ],
            "Seen at home.",
        )
        .unwrap();
    let housing = b
        .hub
        .history(&Viewer::new(b.housing_officer), Subject::Person(person))
        .unwrap();
    assert_eq!(
        housing[0].changes,
        vec![Change::FlagAdded {
            flag: VulnerabilityFlag::Isolated
        }]
    );
    // The reason may speak of the withheld flag, so it goes with it.
    assert_eq!(housing[0].reason, None);
    assert_eq!(
        full(&b, b.housing_officer, person).flags,
        vec![VulnerabilityFlag::Isolated]
    );
    let police = b
        .hub
        .history(&Viewer::new(b.pc), Subject::Person(person))
        .unwrap();
    assert_eq!(police[0].changes.len(), 2);
    assert_eq!(police[0].reason.as_deref(), Some("Seen at home."));
}

#[test]
fn a_location_moves_postcode_and_address_and_a_group_loses_a_member() {
    let b = Borough::in_memory();
    let place = b
        .hub
        .record_location(
            b.housing_officer,
            NewLocation {
                label: "Flat 3".into(),
                address: Some("3 Elm Court".into()),
                postcode: Some("M1 1AE".into()),
                ..NewLocation::default()
            },
        )
        .unwrap();
    b.hub
        .amend(
            b.housing_officer,
            Subject::Location(place),
            vec![
                Edit::Address {
                    to: Some("3 Elm Court, Ardwick".into()),
                },
                Edit::Postcode {
                    to: Some("m12 4aa".into()),
                },
            ],
            "Address checked with the tenancy file.",
        )
        .unwrap();
    let housing = Viewer::new(b.housing_officer);
    assert_eq!(
        b.hub.search_locations(&housing, "ardwick").unwrap().len(),
        1
    );
    let history = b.hub.history(&housing, Subject::Location(place)).unwrap();
    match &history[0].changes[1] {
        Change::Postcode { from, to } => {
            assert_eq!(from.as_ref().map(|p| p.as_str()), Some("M1 1AE"));
            assert_eq!(to.as_ref().map(|p| p.as_str()), Some("M12 4AA"));
        }
        other => panic!("{other:?}"),
    }

    let a = margaret(&b);
    let other = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Second member".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    let group = b
        .hub
        .form_group(
            b.pc,
            NewGroup {
                name: "Elm Court group".into(),
                kind: GroupKind::NuisanceGroup,
                members: vec![a, other],
            },
        )
        .unwrap();
    b.hub
        .amend(
            b.pc,
            Subject::Group(group),
            vec![Edit::WithdrawMember { person: other }],
            "Moved out of the area.",
        )
        .unwrap();
    let g = b.hub.group(&Viewer::new(b.pc), group).unwrap();
    let members = match g {
        safehub::GroupView::Full(g) => g.members,
        other => panic!("{other:?}"),
    };
    assert_eq!(members.len(), 1);
}

#[test]
fn erasing_a_person_takes_what_their_amendments_said_out_of_the_journal() {
    const ALIAS: &str = "Perpetua Quillfeather";
    let b = Borough::in_memory();
    let person = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Caller".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .amend(
            b.pc,
            Subject::Person(person),
            vec![Edit::AddAlias {
                alias: ALIAS.into(),
            }],
            "Known by her maiden name.",
        )
        .unwrap();
    let contains =
        |bytes: &[u8], needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(contains(&b.hub.export_journal(b.admin).unwrap(), ALIAS));
    b.hub
        .dispose(b.admin, ErasureTarget::Person(person), "erasure request 9")
        .unwrap();
    let after = b.hub.export_journal(b.admin).unwrap();
    assert!(!contains(&after, ALIAS), "the alias survived the erasure");
    assert!(!contains(&after, "maiden name"), "the reason survived");
    assert!(b.hub.verify().unwrap().is_ok());
}

#[test]
fn a_group_history_does_not_name_a_member_the_reader_may_not_know_of() {
    let b = Borough::in_memory();
    let known = margaret(&b);
    let hidden = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "In a refuge".into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    let group = b
        .hub
        .form_group(
            b.pc,
            NewGroup {
                name: "Elm Court group".into(),
                kind: GroupKind::NuisanceGroup,
                members: vec![known],
            },
        )
        .unwrap();
    let case = b.police_case(CaseType::Asb, "Elm Court group");
    b.hub
        .add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    b.hub
        .link_subject(b.pc, case, Subject::Group(group), SubjectRole::Perpetrator)
        .unwrap();
    b.hub
        .amend(
            b.pc,
            Subject::Group(group),
            vec![Edit::AddMember { person: hidden }],
            "Seen with them.",
        )
        .unwrap();
    let housing = Viewer::new(b.housing_officer);
    let members = match b.hub.group(&housing, group).unwrap() {
        safehub::GroupView::Full(g) => g.members,
        other => panic!("{other:?}"),
    };
    assert_eq!(members.len(), 1, "the restricted member is not shown");
    let history = b.hub.history(&housing, Subject::Group(group)).unwrap();
    assert!(
        history.is_empty(),
        "the history named the restricted member: {history:?}"
    );
    let police = b
        .hub
        .history(&Viewer::new(b.pc), Subject::Group(group))
        .unwrap();
    assert_eq!(
        police[0].changes,
        vec![Change::MemberAdded { person: hidden }]
    );
}
