//! Reopening a hub replays its journal to exactly the same state: random command sequences,
//! applied through the public API to a SQLite hub, give the same state digest (and the same
//! views) after close and reopen.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use safehub::{
    AgencyKind, CaseStatus, CaseType, Hub, InformationCategory, LawfulBasis, ManualClock,
    NewAgency, NewAgreement, NewCase, NewEntry, NewPerson, NewPractitioner, Role, SequentialIds,
    Subject, SubjectRole, TeamMember, Viewer, Visibility,
};

#[derive(Clone, Debug)]
enum Op {
    OpenCase {
        by: usize,
        with: Vec<usize>,
        kind: usize,
    },
    Entry {
        by: usize,
        case: usize,
        vis: usize,
        cat: usize,
        sensitive: bool,
    },
    Status {
        by: usize,
        case: usize,
        status: usize,
    },
    Person {
        by: usize,
        restricted: bool,
    },
    Link {
        by: usize,
        case: usize,
        person: usize,
    },
    Join {
        by: usize,
        case: usize,
        agency: usize,
    },
    Visibility {
        by: usize,
        entry: usize,
        vis: usize,
    },
    Tick {
        minutes: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..6usize, prop::collection::vec(0..3usize, 0..3), 0..9usize)
            .prop_map(|(by, with, kind)| Op::OpenCase { by, with, kind }),
        (0..6usize, 0..8usize, 0..4usize, 0..13usize, any::<bool>()).prop_map(
            |(by, case, vis, cat, sensitive)| Op::Entry {
                by,
                case,
                vis,
                cat,
                sensitive
            }
        ),
        (0..6usize, 0..8usize, 0..4usize).prop_map(|(by, case, status)| Op::Status {
            by,
            case,
            status
        }),
        (0..6usize, any::<bool>()).prop_map(|(by, restricted)| Op::Person { by, restricted }),
        (0..6usize, 0..8usize, 0..8usize).prop_map(|(by, case, person)| Op::Link {
            by,
            case,
            person
        }),
        (0..6usize, 0..8usize, 0..3usize).prop_map(|(by, case, agency)| Op::Join {
            by,
            case,
            agency
        }),
        (0..6usize, 0..16usize, 0..4usize).prop_map(|(by, entry, vis)| Op::Visibility {
            by,
            entry,
            vis
        }),
        (1..600i64).prop_map(|minutes| Op::Tick { minutes }),
    ]
}

const VIS: [Visibility; 4] = [
    Visibility::Private,
    Visibility::Agency,
    Visibility::CaseTeam,
    Visibility::Partnership,
];
const STATUS: [CaseStatus; 4] = [
    CaseStatus::Open,
    CaseStatus::UnderReview,
    CaseStatus::Closed,
    CaseStatus::Reopened,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_command_sequences_give_the_same_state_after_reopen(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.db");
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
        let hub = Hub::builder().clock(clock.clone()).ids(SequentialIds::new(7)).open(&path).unwrap();

        let est = hub.establish("Hub", NewAgency { name: "Police".into(), kind: AgencyKind::Police }, "Admin").unwrap();
        let mut agencies = vec![est.agency];
        for (name, kind) in [("Housing", AgencyKind::Housing), ("Mental health", AgencyKind::MentalHealth)] {
            agencies.push(hub.add_agency(est.admin, NewAgency { name: name.into(), kind }).unwrap());
        }
        hub.sign_agreement(est.admin, NewAgreement {
            title: "ISP".into(), parties: agencies.clone(), purposes: vec!["hub".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: InformationCategory::ALL.to_vec(), special_category: false,
            starts: clock.now_for_test(), ends: None,
        }).unwrap();
        let mut people_by = Vec::new();
        for i in 0..6 {
            let role = if i % 3 == 0 { Role::Supervisor } else { Role::CaseWorker };
            people_by.push(hub.register_practitioner(est.admin, NewPractitioner {
                agency: agencies[i % 3], name: format!("P{i}"), role, external_id: None }).unwrap());
        }
        let (mut cases, mut entries, mut persons) = (Vec::new(), Vec::new(), Vec::new());
        for op in ops {
            // Refusals are part of the sequence: they must leave no trace in the journal.
            match op {
                Op::OpenCase { by, with, kind } => {
                    let team = with.iter().map(|a| agencies[*a]).filter(|a| *a != agencies[by % 3]).collect();
                    if let Ok(c) = hub.open_case(people_by[by], NewCase { case_type: CaseType::ALL[kind], title: format!("case {kind}"), lead_practitioner: None, team }) {
                        cases.push(c);
                    }
                }
                Op::Entry { by, case, vis, cat, sensitive } => if let Some(c) = cases.get(case) {
                    let mut e = NewEntry::note(format!("note {case}")).visible_to(VIS[vis]).category(InformationCategory::ALL[cat]);
                    e.sensitive = sensitive;
                    if let Ok(id) = hub.add_entry(people_by[by], *c, e) { entries.push(id); }
                },
                Op::Status { by, case, status } => if let Some(c) = cases.get(case) {
                    let _ = hub.change_case_status(people_by[by], *c, STATUS[status]);
                },
                Op::Person { by, restricted } => {
                    if let Ok(p) = hub.record_person(people_by[by], NewPerson { name: format!("Person {}", persons.len()), restricted, ..NewPerson::default() }) {
                        persons.push(p);
                    }
                }
                Op::Link { by, case, person } => if let (Some(c), Some(p)) = (cases.get(case), persons.get(person)) {
                    let _ = hub.link_subject(people_by[by], *c, Subject::Person(*p), SubjectRole::Victim);
                },
                Op::Join { by, case, agency } => if let Some(c) = cases.get(case) {
                    let _ = hub.add_team_member(people_by[by], *c, TeamMember::Agency(agencies[agency]));
                },
                Op::Visibility { by, entry, vis } => if let Some(e) = entries.get(entry) {
                    let _ = hub.change_entry_visibility(people_by[by], *e, VIS[vis], false);
                },
                Op::Tick { minutes } => clock.advance(Duration::minutes(minutes)),
            }
        }
        // Reads of other agencies' content append to the consultation log, so take the views
        // first and the digest after.
        let views: Vec<_> = people_by.iter().map(|p| serde_json::to_string(&hub.cases(&Viewer::new(*p)).unwrap()).unwrap()).collect();
        let digest = hub.state_digest().unwrap();
        let seq = hub.seq();
        drop(hub);

        let reopened = Hub::builder().clock(clock.clone()).ids(SequentialIds::new(8)).open(&path).unwrap();
        prop_assert_eq!(reopened.seq(), seq);
        prop_assert_eq!(reopened.state_digest().unwrap(), digest);
        prop_assert!(reopened.verify().unwrap().is_ok());
        let again: Vec<_> = people_by.iter().map(|p| serde_json::to_string(&reopened.cases(&Viewer::new(*p)).unwrap()).unwrap()).collect();
        prop_assert_eq!(again, views);
        prop_assert!(reopened.verify().unwrap().is_ok());
    }
}

trait NowForTest {
    fn now_for_test(&self) -> chrono::DateTime<Utc>;
}

impl NowForTest for ManualClock {
    fn now_for_test(&self) -> chrono::DateTime<Utc> {
        safehub::Clock::now(self)
    }
}
