//! Possible duplicates of people (issue 22, docs/duplicates.md): the seed's story is found, and
//! a candidate, its score and its reasons only ever come from profiles the viewer reads in full;
//! a restricted profile is proposed to its owner agency alone.

mod tasks_common;

use chrono::NaiveDate;
use safehub::duplicates::{BirthMatch, DuplicateCandidate, DuplicateReason, NameMatch};
use safehub::{
    CaseId, CaseType, Error, IdentifierKind, NewCase, NewPerson, PersonId, PractitionerId, Subject,
    SubjectRole, Viewer,
};
use tasks_common::Borough;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn viewer(who: PractitionerId) -> Viewer {
    Viewer::new(who).because("duplicate check")
}

fn person(name: &str, dob: Option<NaiveDate>) -> NewPerson {
    NewPerson {
        name: name.into(),
        date_of_birth: dob,
        ..NewPerson::default()
    }
}

/// Police record "Margaret Hughes" born 7 March 1956; housing records "Maggie Hughs" born
/// 3 July 1956 (day and month swapped). A police ASB case with housing on its team is about
/// both, so police and housing each read the other's profile under their agreement.
struct Story {
    b: Borough,
    case: CaseId,
    margaret: PersonId,
    maggie: PersonId,
}

fn story_with(maggie: NewPerson) -> Story {
    let b = Borough::in_memory();
    let margaret = b
        .hub
        .record_person(b.pc, person("Margaret Hughes", Some(date(1956, 3, 7))))
        .unwrap();
    let maggie = b.hub.record_person(b.housing_officer, maggie).unwrap();
    let case = b
        .hub
        .open_case(
            b.pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Noise on Elm Street".into(),
                lead_practitioner: None,
                team: vec![b.housing],
            },
        )
        .unwrap();
    // Each agency links its own profile (police could not link a restricted one they cannot
    // see yet).
    for (who, p) in [(b.pc, margaret), (b.housing_officer, maggie)] {
        b.hub
            .link_subject(who, case, Subject::Person(p), SubjectRole::Victim)
            .unwrap();
    }
    Story {
        b,
        case,
        margaret,
        maggie,
    }
}

fn story() -> Story {
    story_with(person("Maggie Hughs", Some(date(1956, 7, 3))))
}

fn ids(candidates: &[DuplicateCandidate]) -> Vec<PersonId> {
    candidates.iter().map(|c| c.person.id).collect()
}

#[test]
fn police_and_housing_each_find_the_caller_the_other_recorded_under_another_spelling() {
    let s = story();
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert_eq!(ids(&police), vec![s.maggie]);
    let reasons = &police[0].reasons;
    assert!(
        reasons.contains(&DuplicateReason::Name {
            how: NameMatch::Similar,
            alias: false
        }),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&DuplicateReason::DateOfBirth {
            how: BirthMatch::DayMonthSwapped
        }),
        "{reasons:?}"
    );
    let housing =
        s.b.hub
            .possible_duplicates(&viewer(s.b.housing_officer), s.maggie)
            .unwrap();
    assert_eq!(ids(&housing), vec![s.margaret]);
    assert_eq!(housing[0].score, police[0].score, "the score is symmetric");
}

#[test]
fn a_shared_nhs_number_makes_a_candidate_whatever_the_names() {
    let s = story_with(NewPerson {
        identifiers: vec![(IdentifierKind::NhsNumber, "943 476 5919".into())],
        ..person("Peggy Smith", None)
    });
    let other =
        s.b.hub
            .record_person_checked(
                s.b.pc,
                NewPerson {
                    identifiers: vec![(IdentifierKind::NhsNumber, "9434765919".into())],
                    ..person("M. Hughes-Smith", None)
                },
            )
            .unwrap();
    // The new police profile is on no case yet: police read only their own profiles and
    // housing's Peggy through the case.
    assert_eq!(ids(&other.candidates), vec![s.maggie]);
    assert!(other.candidates[0]
        .reasons
        .contains(&DuplicateReason::SameIdentifier {
            kind: IdentifierKind::NhsNumber
        }));
}

#[test]
fn recording_a_person_returns_the_candidates_the_recorder_may_see() {
    let s = story();
    let checked =
        s.b.hub
            .record_person_checked(s.b.pc, person("HUGHES, Margaret", Some(date(1956, 3, 7))))
            .unwrap();
    let mut found = ids(&checked.candidates);
    found.sort();
    let mut expected = vec![s.margaret, s.maggie];
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(
        checked.candidates[0].person.id, s.margaret,
        "the exact match (transposed, same date of birth) ranks first"
    );
    assert!(s.b.hub.person(&viewer(s.b.pc), checked.id).is_ok());
}

#[test]
fn a_viewer_who_cannot_read_a_profile_gets_no_candidate_and_no_reason_involving_it() {
    let s = story();
    // Mental health record the same woman, identically; they are on no case about police's or
    // housing's profile, so they read neither in full.
    let own =
        s.b.hub
            .record_person(s.b.nurse, person("Margaret Hughes", Some(date(1956, 3, 7))))
            .unwrap();
    let nurse =
        s.b.hub
            .possible_duplicates(&viewer(s.b.nurse), own)
            .unwrap();
    assert!(nurse.is_empty(), "{nurse:?}");
    // Nor do police see mental health's profile: no case of theirs is about it.
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert_eq!(ids(&police), vec![s.maggie]);
    // The council reads nothing of anyone's: every check it makes finds nothing.
    let council =
        s.b.hub
            .record_person_checked(
                s.b.council_officer,
                person("Margaret Hughes", Some(date(1956, 3, 7))),
            )
            .unwrap();
    assert!(council.candidates.is_empty());
    let _ = s.case;
}

#[test]
fn a_profile_the_viewer_may_not_read_and_an_unknown_id_give_the_same_error() {
    let s = story();
    let withheld =
        s.b.hub
            .possible_duplicates(&viewer(s.b.nurse), s.margaret)
            .unwrap_err();
    let unknown =
        s.b.hub
            .possible_duplicates(&viewer(s.b.nurse), PersonId(uuid::Uuid::from_u128(7)))
            .unwrap_err();
    assert_eq!(withheld.to_string(), unknown.to_string());
    assert!(matches!(withheld, Error::NotFound { what: "person" }));
}

#[test]
fn a_restricted_profile_is_proposed_to_its_owner_agency_and_to_nobody_else() {
    let s = story_with(NewPerson {
        restricted: true,
        ..person("Maggie Hughs", Some(date(1956, 7, 3)))
    });
    // Police read the restricted profile through the case, and are still never offered it.
    assert!(s.b.hub.person(&viewer(s.b.pc), s.maggie).is_ok());
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert!(police.is_empty(), "{police:?}");
    assert!(s
        .b
        .hub
        .possible_duplicates(&viewer(s.b.pc), s.maggie)
        .unwrap()
        .is_empty());
    assert!(s
        .b
        .hub
        .duplicate_review(&viewer(s.b.sergeant))
        .unwrap()
        .is_empty());
    // Housing, its owner, is.
    let housing =
        s.b.hub
            .possible_duplicates(&viewer(s.b.housing_officer), s.maggie)
            .unwrap();
    assert_eq!(ids(&housing), vec![s.margaret]);
}

#[test]
fn the_review_list_is_for_supervisors_and_lists_each_pair_once() {
    let s = story();
    let err = s.b.hub.duplicate_review(&viewer(s.b.pc)).unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err:?}");
    let pairs = s.b.hub.duplicate_review(&viewer(s.b.sergeant)).unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    let mut pair = [pairs[0].first.id, pairs[0].second.id];
    pair.sort();
    let mut expected = [s.margaret, s.maggie];
    expected.sort();
    assert_eq!(pair, expected);
    // Mental health's supervisor-less view: the nurse is a case worker, so forbidden too, and
    // no agency's supervisor sees a pair it cannot read both sides of (the council has none).
    assert!(matches!(
        s.b.hub.duplicate_review(&viewer(s.b.nurse)),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn different_dates_of_birth_keep_two_namesakes_apart() {
    let s = story_with(person("Margaret Hughes", Some(date(1988, 11, 21))));
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert!(police.is_empty(), "{police:?}");
}

#[test]
fn aliases_count_as_names_and_the_reason_says_so() {
    let s = story_with(NewPerson {
        aliases: vec!["Margaret Hughes".into()],
        ..person("Margaret Jones", Some(date(1956, 3, 7)))
    });
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert_eq!(ids(&police), vec![s.maggie]);
    assert!(police[0].reasons.contains(&DuplicateReason::Name {
        how: NameMatch::Exact,
        alias: true
    }));
}

#[test]
fn places_both_profiles_are_linked_to_lift_namesakes_without_dates_of_birth() {
    let s = story_with(person("Margaret Hughes", None));
    let margaret =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert!(
        margaret.is_empty(),
        "a name alone is not enough: {margaret:?}"
    );
    for label in ["12 Elm Street", "The Elm Street shop"] {
        let place =
            s.b.hub
                .record_location(
                    s.b.pc,
                    safehub::NewLocation {
                        label: label.into(),
                        ..Default::default()
                    },
                )
                .unwrap();
        s.b.hub
            .link_subject(
                s.b.pc,
                s.case,
                Subject::Location(place),
                SubjectRole::LocationOfConcern,
            )
            .unwrap();
    }
    let police =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert_eq!(ids(&police), vec![s.maggie]);
    assert!(police[0]
        .reasons
        .contains(&DuplicateReason::SharedPlaces { count: 2 }));
}

#[test]
fn a_corrected_name_is_compared_by_what_it_says_now() {
    // Housing first recorded the caller under a name nothing like police's, then corrected it.
    let s = story_with(person("Jane Okonjo", Some(date(1961, 1, 1))));
    let before =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert!(!ids(&before).contains(&s.maggie), "{before:?}");
    s.b.hub
        .amend(
            s.b.housing_officer,
            Subject::Person(s.maggie),
            vec![
                safehub::Edit::Name {
                    to: "Maggie Hughs".into(),
                },
                safehub::Edit::DateOfBirth {
                    to: Some(date(1956, 7, 3)),
                },
            ],
            "Misrecorded at the front desk.",
        )
        .unwrap();
    let after =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), s.margaret)
            .unwrap();
    assert!(ids(&after).contains(&s.maggie), "{after:?}");
    // And the old name no longer files her with namesakes of the old one.
    let okonjo =
        s.b.hub
            .record_person(s.b.pc, person("Jane Okonjo", Some(date(1961, 1, 1))))
            .unwrap();
    let old =
        s.b.hub
            .possible_duplicates(&viewer(s.b.pc), okonjo)
            .unwrap();
    assert!(!ids(&old).contains(&s.maggie), "{old:?}");
}

/// Adds `address` as a fact of `who`'s agency about `person`, shared as `sharing` says.
fn address_fact(
    b: &Borough,
    who: PractitionerId,
    person: PersonId,
    address: &str,
    sharing: safehub::FactSharing,
) {
    b.hub
        .add_fact(
            who,
            person,
            safehub::NewFact {
                value: safehub::NewFactValue::Address {
                    address: address.into(),
                    postcode: None,
                },
                category: Some(safehub::InformationCategory::Housing),
                sharing,
            },
            "Known address.",
        )
        .unwrap();
}

/// Margaret Hughes recorded by police and by housing, housing's without a date of birth; police
/// hold "12 Elm Street, Tamworth" for her, shared, and housing `address`, shared as `sharing`.
fn at_one_address(address: &str, sharing: safehub::FactSharing) -> Story {
    let s = story_with(person("Margaret Hughes", None));
    let b = &s.b;
    let shared = safehub::FactSharing::UnderAgreements;
    address_fact(b, b.pc, s.margaret, "12 Elm Street, Tamworth", shared);
    address_fact(b, b.housing_officer, s.maggie, address, sharing);
    s
}

#[test]
fn an_address_both_agencies_hold_lifts_a_copy_without_a_date_of_birth_for_those_who_read_both() {
    // Police know Margaret Hughes at 12 Elm Street; housing recorded her without a date of
    // birth, and hold the same address, typed another way.
    let s = at_one_address(
        "12 elm street tamworth",
        safehub::FactSharing::UnderAgreements,
    );
    let b = &s.b;
    let police = b
        .hub
        .possible_duplicates(&viewer(b.pc), s.margaret)
        .unwrap();
    assert_eq!(ids(&police), vec![s.maggie]);
    assert!(
        police[0].reasons.contains(&DuplicateReason::SharedAddress),
        "{:?}",
        police[0].reasons
    );
    let housing = b
        .hub
        .possible_duplicates(&viewer(b.housing_officer), s.maggie)
        .unwrap();
    assert_eq!(ids(&housing), vec![s.margaret]);
}

#[test]
fn an_address_kept_for_its_agency_is_no_evidence_to_anyone_else() {
    // The same, but housing keep their address for themselves: police may not compare it, so
    // to police the two are namesakes without dates of birth; housing, reading police's address
    // and their own, are shown the pair.
    let s = at_one_address("12 Elm Street, Tamworth", safehub::FactSharing::AgencyOnly);
    let b = &s.b;
    assert!(b
        .hub
        .possible_duplicates(&viewer(b.pc), s.margaret)
        .unwrap()
        .is_empty());
    let housing = b
        .hub
        .possible_duplicates(&viewer(b.housing_officer), s.maggie)
        .unwrap();
    assert_eq!(ids(&housing), vec![s.margaret]);
}
