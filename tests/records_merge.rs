//! One person, two agencies' profiles: the seed's caller recorded by police and by housing under
//! slightly different names is found as a possible duplicate, merged by agreement of both
//! agencies, counted once in the Top 50, shown with each agency's facts under that agency's
//! rules, and unmerged again exactly (issue 22, docs/records.md "Merging").

mod tasks_common;

use chrono::{Duration, NaiveDate};
use safehub::incidents::{CaseReviewConfig, PersonRef, RepeatConfig, TopKind, TopQuery};
use safehub::protection::ItemView;
use safehub::risk::builtin::LIKELIHOOD_IMPACT;
use safehub::{
    AnswerValue, Answers, CaseType, Edit, Error, ImportOptions, IncidentRow, InformationCategory,
    LawfulBasis, NewAgreement, NewAssessment, NewPerson, PersonId, PersonView, PractitionerId,
    PriorityReason, Subject, SubjectRole, TeamMember, Viewer, VulnerabilityFlag,
};
use tasks_common::Borough;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `n` ASB calls from one caller, as an agency's system hands them over.
fn calls(prefix: &str, n: i64, caller: &str, dob: NaiveDate, b: &Borough) -> Vec<IncidentRow> {
    (0..n)
        .map(|i| IncidentRow {
            external_ref: format!("{prefix}-{i}"),
            occurred_at: b.now() - Duration::days(3 * i + 1),
            reported_at: None,
            category: "asb_nuisance".into(),
            offence_code: None,
            summary: "Shouting in the stairwell".into(),
            location: None,
            caller: Some(PersonRef {
                name: caller.into(),
                date_of_birth: Some(dob),
                identifiers: vec![],
            }),
            people: vec![],
        })
        .collect()
}

/// The profile an agency's search finds by name, as its own full view.
fn own(b: &Borough, viewer: PractitionerId, name: &str) -> PersonId {
    b.hub
        .search_people(&Viewer::new(viewer), name)
        .unwrap()
        .into_iter()
        .find_map(|v| match v {
            PersonView::Full(p) if p.name == name => Some(p.id),
            _ => None,
        })
        .unwrap()
}

struct Story {
    b: Borough,
    /// Police's profile of the caller.
    police_profile: PersonId,
    /// Housing's profile of her.
    housing_profile: PersonId,
}

/// Police import five calls from "Margaret Hughes" and add a mental health flag; housing import
/// three from "Maggie Hughes" (day and month of birth swapped) and add a physical health flag and
/// an alias. The council reads police's ASB incidents under an agreement of its own, not
/// housing's. Police open a case about her with housing on the team, each linking its profile.
fn story() -> Story {
    let b = Borough::in_memory();
    b.hub
        .sign_agreement(
            b.admin,
            NewAgreement {
                title: "ASB".into(),
                parties: vec![b.police, b.council],
                purposes: vec!["community safety".into()],
                lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                categories: vec![InformationCategory::Asb],
                special_category: false,
                starts: b.now() - Duration::days(400),
                ends: None,
            },
        )
        .unwrap();
    let options = ImportOptions::default();
    let police_calls = calls("CAD", 5, "Margaret Hughes", date(1961, 4, 12), &b);
    b.hub
        .import_incidents(b.pc, police_calls, &options, None)
        .unwrap();
    let housing_calls = calls("HSG", 3, "Maggie Hughes", date(1961, 12, 4), &b);
    b.hub
        .import_incidents(b.housing_officer, housing_calls, &options, None)
        .unwrap();
    let police_profile = own(&b, b.pc, "Margaret Hughes");
    let housing_profile = own(&b, b.housing_officer, "Maggie Hughes");
    b.hub
        .amend(
            b.pc,
            Subject::Person(police_profile),
            vec![Edit::AddFlag {
                flag: VulnerabilityFlag::MentalHealth,
            }],
            "Known to the crisis team.",
        )
        .unwrap();
    b.hub
        .amend(
            b.housing_officer,
            Subject::Person(housing_profile),
            vec![
                Edit::AddFlag {
                    flag: VulnerabilityFlag::PhysicalHealth,
                },
                Edit::AddAlias {
                    alias: "Mags".into(),
                },
            ],
            "Tenancy support assessment.",
        )
        .unwrap();
    let case = b.police_case(CaseType::Asb, "Elm Court stairwell");
    b.hub
        .add_team_member(b.pc, case, TeamMember::Agency(b.housing))
        .unwrap();
    b.hub
        .link_subject(
            b.pc,
            case,
            Subject::Person(police_profile),
            SubjectRole::Victim,
        )
        .unwrap();
    b.hub
        .link_subject(
            b.housing_officer,
            case,
            Subject::Person(housing_profile),
            SubjectRole::Victim,
        )
        .unwrap();
    // Police assess each profile on the case: two rows of the priority list until merged.
    for (person, likelihood) in [(police_profile, 4), (housing_profile, 3)] {
        let answers = Answers::from([
            ("likelihood".to_string(), AnswerValue::Scale(likelihood)),
            ("impact".to_string(), AnswerValue::Scale(4)),
        ]);
        b.hub
            .record_assessment(
                b.pc,
                NewAssessment::new(case, person, LIKELIHOOD_IMPACT, answers),
            )
            .unwrap();
    }
    Story {
        b,
        police_profile,
        housing_profile,
    }
}

fn callers(b: &Borough, viewer: &Viewer) -> Vec<(String, u32)> {
    top(b, viewer, TopKind::Callers)
}

fn top(b: &Borough, viewer: &Viewer, kind: TopKind) -> Vec<(String, u32)> {
    b.hub
        .top(viewer, &TopQuery::top50(kind, b.now(), 90))
        .unwrap()
        .rows
        .into_iter()
        .map(|r| (r.subject.name, r.count))
        .collect()
}

/// The people meeting the repeat rule and the case review threshold, by name and count.
fn repeats(b: &Borough, viewer: &Viewer) -> (Vec<(String, u32)>, Vec<String>) {
    let repeats = b
        .hub
        .repeats(viewer, b.now(), &RepeatConfig::default())
        .unwrap()
        .into_iter()
        .map(|h| (h.subject.name, h.count))
        .collect();
    let reviews = b
        .hub
        .case_review_thresholds(viewer, b.now(), &CaseReviewConfig::default())
        .unwrap()
        .into_iter()
        .map(|h| h.subject.name)
        .collect();
    (repeats, reviews)
}

/// The priority list's rows: the person's name and the flags among the reasons.
fn priority(b: &Borough, viewer: &Viewer) -> Vec<(String, Vec<VulnerabilityFlag>)> {
    b.hub
        .priority_list(viewer, 10)
        .unwrap()
        .into_iter()
        .map(|row| {
            let name = match &row.person {
                Some(PersonView::Full(p)) => p.name.clone(),
                Some(PersonView::Stub(p)) => p.name.clone(),
                None => String::new(),
            };
            let flags = row
                .reasons
                .iter()
                .filter_map(|r| match r {
                    PriorityReason::Vulnerable { flag } => Some(*flag),
                    _ => None,
                })
                .collect();
            (name, flags)
        })
        .collect()
}

fn everyone(b: &Borough) -> Vec<PractitionerId> {
    vec![
        b.pc,
        b.sergeant,
        b.analyst,
        b.housing_officer,
        b.nurse,
        b.council_officer,
    ]
}

/// Everything the merge touches, as every practitioner reads it: the Top 50 callers, both
/// profiles, each one's merged profiles, and police's possible duplicates.
fn views(s: &Story) -> Vec<String> {
    let b = &s.b;
    everyone(b)
        .into_iter()
        .map(|who| {
            let v = Viewer::new(who);
            format!(
                "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
                callers(b, &v),
                repeats(b, &v),
                priority(b, &v),
                b.hub.person(&v, s.police_profile),
                b.hub.person(&v, s.housing_profile),
                b.hub.merged_profiles(&v, s.police_profile),
                b.hub.merged_profiles(&v, s.housing_profile),
                b.hub.possible_duplicates(&v, s.police_profile),
            ) + &format!(
                "\n{:?}\n{:?}",
                b.hub.network(&v, Subject::Person(s.housing_profile), 2),
                b.hub.subject_access(&v, s.police_profile).map(|e| {
                    // The profiles it lists and whom else to ask (its consultations grow
                    // with every read, so they are left out of the comparison).
                    let profiles: Vec<_> = e
                        .agencies
                        .iter()
                        .flat_map(|a| &a.items)
                        .filter(|i| matches!(i.view, ItemView::Profile(_)))
                        .map(|i| (i.id, format!("{:?}", i.view)))
                        .collect();
                    (profiles, e.also_held_by)
                })
            )
        })
        .collect()
}

fn flags(v: &PersonView) -> Vec<VulnerabilityFlag> {
    match v {
        PersonView::Full(p) => p.flags.clone(),
        PersonView::Stub(_) => vec![],
    }
}

#[test]
fn the_seeds_caller_is_found_merged_by_agreement_counted_once_and_unmerged_exactly() {
    let s = story();
    let b = &s.b;
    let police = Viewer::new(b.pc);
    let housing = Viewer::new(b.housing_officer);
    let council = Viewer::new(b.council_officer);

    // Two profiles, two rows: police and housing read both agencies' ASB calls, the council
    // only police's.
    let two_rows = vec![
        ("Margaret Hughes".to_owned(), 5),
        ("Maggie Hughes".to_owned(), 3),
    ];
    assert_eq!(callers(b, &police), two_rows);
    assert_eq!(callers(b, &housing), two_rows);
    assert_eq!(
        callers(b, &council),
        vec![("Margaret Hughes".to_owned(), 5)]
    );

    let two_repeats = (
        vec![
            ("Margaret Hughes".to_owned(), 5),
            ("Maggie Hughes".to_owned(), 3),
        ],
        vec!["Margaret Hughes".to_owned(), "Maggie Hughes".to_owned()],
    );
    assert_eq!(repeats(b, &police), two_repeats);
    assert_eq!(priority(b, &police).len(), 2);

    // The duplicate is found: police read housing's profile through the case.
    let found = b
        .hub
        .possible_duplicates(&police, s.police_profile)
        .unwrap();
    assert_eq!(
        found.iter().map(|c| c.person.id).collect::<Vec<_>>(),
        vec![s.housing_profile]
    );
    let before = views(&s);
    let before_merge = b.now();
    b.clock.advance(Duration::minutes(30));

    // Police agree first; housing are asked, with police's reason; nobody else is.
    let merged = b
        .hub
        .agree_merge(
            b.pc,
            s.police_profile,
            s.housing_profile,
            "Same caller: nickname, same flat, birth date with day and month swapped.",
        )
        .unwrap();
    assert!(!merged, "housing have not agreed yet");
    assert_eq!(
        callers(b, &police),
        two_rows,
        "nothing is merged before both agree"
    );
    let asked = b.hub.merge_requests(&housing).unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].agreed_by.id, b.police);
    assert!(asked[0].reason.starts_with("Same caller"));
    assert!(b.hub.merge_requests(&council).unwrap().is_empty());
    assert!(b
        .hub
        .merge_requests(&Viewer::new(b.nurse))
        .unwrap()
        .is_empty());

    b.clock.advance(Duration::minutes(30));
    assert!(b
        .hub
        .agree_merge(
            b.housing_officer,
            s.police_profile,
            s.housing_profile,
            "Checked: she is our tenant at 4 Elm Court.",
        )
        .unwrap());
    assert!(b.hub.merge_requests(&housing).unwrap().is_empty());

    // Counted once, named by the survivor; the council still counts only what it reads.
    assert_eq!(callers(b, &police), vec![("Margaret Hughes".to_owned(), 8)]);
    assert_eq!(
        callers(b, &housing),
        vec![("Margaret Hughes".to_owned(), 8)]
    );
    assert_eq!(
        callers(b, &council),
        vec![("Margaret Hughes".to_owned(), 5)]
    );

    // So do the repeats, the case review thresholds and the priority list, whose row carries
    // the flags of both profiles that police may read (not housing's health flag).
    assert_eq!(
        repeats(b, &police),
        (
            vec![("Margaret Hughes".to_owned(), 8)],
            vec!["Margaret Hughes".to_owned()]
        )
    );
    assert_eq!(
        priority(b, &police),
        vec![(
            "Margaret Hughes".to_owned(),
            vec![VulnerabilityFlag::MentalHealth]
        )]
    );

    // Each agency's facts keep their rules: police see housing's alias but not its health
    // flag, housing see police's profile without the mental health flag.
    let as_police = b.hub.merged_profiles(&police, s.housing_profile).unwrap();
    assert_eq!(as_police.len(), 2);
    assert_eq!(flags(&as_police[0]), vec![VulnerabilityFlag::MentalHealth]);
    assert_eq!(flags(&as_police[1]), Vec::<VulnerabilityFlag>::new());
    assert!(matches!(&as_police[1], PersonView::Full(p) if p.aliases == ["Mags"]));
    let as_housing = b.hub.merged_profiles(&housing, s.police_profile).unwrap();
    assert_eq!(flags(&as_housing[0]), Vec::<VulnerabilityFlag>::new());
    assert_eq!(
        flags(&as_housing[1]),
        vec![VulnerabilityFlag::PhysicalHealth]
    );
    // The council, on no case about her, sees the two names and whom to ask, nothing more.
    let as_council = b.hub.merged_profiles(&council, s.police_profile).unwrap();
    assert!(as_council.iter().all(|v| matches!(v, PersonView::Stub(_))));
    assert_eq!(as_council.len(), 2);
    // Merged profiles are no longer proposed as each other's duplicates.
    assert!(b
        .hub
        .possible_duplicates(&police, s.police_profile)
        .unwrap()
        .is_empty());
    // The network shows her as one node, with the incidents of both profiles, wherever the
    // walk starts.
    let network = b
        .hub
        .network(&police, Subject::Person(s.housing_profile), 2)
        .unwrap();
    assert_eq!(network.start, Subject::Person(s.police_profile));
    assert!(network
        .nodes
        .iter()
        .all(|n| n.subject != Subject::Person(s.housing_profile)));
    assert_eq!(network.nodes[0].incidents, 8);
    // Police's subject access export for their profile lists housing's profile under housing,
    // for the request to be run for it too.
    let export = b
        .hub
        .subject_access(&Viewer::new(b.sergeant), s.police_profile)
        .unwrap();
    let housing_part = export
        .agencies
        .iter()
        .find(|a| a.agency.id == b.housing)
        .expect("housing's part");
    assert!(housing_part
        .items
        .iter()
        .any(|i| i.id == s.housing_profile.0));
    // A read as of before the merge shows the two people.
    assert_eq!(callers(b, &police.clone().as_of(before_merge)), two_rows);

    // Housing undo it alone (a wrong merge is worse than a duplicate): every view is back.
    b.clock.advance(Duration::minutes(30));
    b.hub
        .unmerge(
            b.housing_officer,
            s.housing_profile,
            "Tenancy records disagree.",
        )
        .unwrap();
    assert_eq!(views(&s), before);
}

#[test]
fn only_the_owning_agencies_merge_and_the_rules_of_a_merge_are_typed_errors() {
    let s = story();
    let b = &s.b;
    let (p, h) = (s.police_profile, s.housing_profile);
    let refused = |r: safehub::Result<bool>| r.unwrap_err();

    assert!(matches!(
        refused(
            b.hub
                .agree_merge(b.council_officer, p, h, "Looks the same.")
        ),
        Error::Forbidden { .. }
    ));
    assert!(matches!(
        refused(b.hub.agree_merge(b.analyst, p, h, "Looks the same.")),
        Error::Forbidden { .. }
    ));
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, p, p, "Itself.")),
        Error::Invalid {
            field: "absorbed",
            ..
        }
    ));
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, p, h, "  ")),
        Error::Invalid {
            field: "reason",
            ..
        }
    ));
    assert!(matches!(
        b.hub.unmerge(b.pc, h, "Not merged."),
        Err(Error::Invalid {
            field: "absorbed",
            ..
        })
    ));
    assert!(!b.hub.agree_merge(b.pc, p, h, "Same caller.").unwrap());
    assert!(matches!(
        refused(b.hub.agree_merge(b.sergeant, p, h, "Same caller, I agree.")),
        Error::Invalid {
            field: "absorbed",
            ..
        }
    ));

    // A restricted profile is never merged: police cannot name it, housing are refused.
    let refuge = b
        .hub
        .record_person(
            b.housing_officer,
            NewPerson {
                name: "M. Hughes".into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, p, refuge, "Same woman.")),
        Error::NotFound { .. }
    ));
    assert!(matches!(
        refused(
            b.hub
                .agree_merge(b.housing_officer, h, refuge, "Same woman.")
        ),
        Error::Invalid {
            field: "absorbed",
            ..
        }
    ));

    // Merged: one level only, and a merged profile is not restricted.
    assert!(b
        .hub
        .agree_merge(b.housing_officer, p, h, "Agreed.")
        .unwrap());
    let other = b
        .hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Margaret Hewes".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, other, h, "Same again.")),
        Error::Invalid {
            field: "absorbed",
            ..
        }
    ));
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, h, other, "Into the merged one.")),
        Error::Invalid {
            field: "survivor",
            ..
        }
    ));
    assert!(matches!(
        refused(b.hub.agree_merge(b.pc, other, p, "Survivor into another.")),
        Error::Invalid {
            field: "absorbed",
            ..
        }
    ));
    assert!(matches!(
        b.hub.amend(
            b.housing_officer,
            Subject::Person(h),
            vec![Edit::Restricted { to: true }],
            "She moved to a refuge.",
        ),
        Err(Error::Invalid {
            field: "restricted",
            ..
        })
    ));
    assert!(matches!(
        b.hub.unmerge(b.council_officer, h, "Not ours."),
        Err(Error::Forbidden { .. })
    ));
    b.hub.unmerge(b.pc, h, "Wrong person.").unwrap();
    b.hub
        .amend(
            b.housing_officer,
            Subject::Person(h),
            vec![Edit::Restricted { to: true }],
            "She moved to a refuge.",
        )
        .unwrap();
}

#[test]
fn the_partnerships_data_owner_merges_and_unmerges_alone_two_profiles_it_reads_in_full() {
    let s = story();
    let b = &s.b;
    let (p, h) = (s.police_profile, s.housing_profile);
    // The partnership admin (police's) reads both profiles in full on the case: as the
    // partnership's data owner, its agreement alone merges them.
    assert!(b
        .hub
        .agree_merge(b.admin, p, h, "Resolved from the review list.")
        .unwrap());
    let housing_sees = b
        .hub
        .merged_profiles(&Viewer::new(b.housing_officer), h)
        .unwrap();
    assert_eq!(housing_sees.len(), 2);
    assert!(b
        .hub
        .merge_requests(&Viewer::new(b.housing_officer))
        .unwrap()
        .is_empty());
    b.hub.unmerge(b.admin, h, "Merged in error.").unwrap();
    assert_eq!(
        b.hub.merged_profiles(&Viewer::new(b.pc), p).unwrap().len(),
        1
    );
    // A profile the admin reads only as a stub is not theirs to merge: mental health's patient,
    // on no case the admin's agency works, with housing's profile (neither recorded by police).
    let patient = b
        .hub
        .record_person(
            b.nurse,
            NewPerson {
                name: "Margaret Hughes".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    assert!(matches!(
        b.hub.agree_merge(b.admin, h, patient, "Same woman?"),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn an_incident_naming_two_profiles_of_one_merged_person_counts_once_in_the_top_n() {
    let s = story();
    let b = &s.b;
    let police = Viewer::new(b.pc);
    // One incident police record with both of her names as victims.
    let victim = |name: &str, dob| safehub::incidents::InvolvedRef {
        role: safehub::incidents::IncidentRole::Victim,
        person: PersonRef {
            name: name.into(),
            date_of_birth: Some(dob),
            identifiers: vec![],
        },
    };
    let row = IncidentRow {
        external_ref: "CAD-V1".into(),
        caller: None,
        people: vec![
            victim("Margaret Hughes", date(1961, 4, 12)),
            victim("Maggie Hughes", date(1961, 12, 4)),
        ],
        ..calls("CAD-V", 1, "Nobody", date(1970, 1, 1), b).remove(0)
    };
    b.hub
        .import_incidents(b.pc, vec![row], &ImportOptions::default(), None)
        .unwrap();
    let mut before = top(b, &police, TopKind::Victims);
    before.sort();
    assert_eq!(
        before,
        vec![
            ("Maggie Hughes".to_owned(), 1),
            ("Margaret Hughes".to_owned(), 1)
        ],
        "the incident names both profiles"
    );
    let (p, h) = (s.police_profile, s.housing_profile);
    b.hub.agree_merge(b.pc, p, h, "Same woman.").unwrap();
    assert!(b
        .hub
        .agree_merge(b.housing_officer, p, h, "Agreed.")
        .unwrap());
    assert_eq!(
        top(b, &police, TopKind::Victims),
        vec![("Margaret Hughes".to_owned(), 1)],
        "one incident, one person: counted once"
    );
}
