//! Two hubs on one SQLite file: each catches up before deciding, appends only if nobody appended
//! meanwhile, and retries transparently otherwise. No update is lost and none is applied twice.

use chrono::{TimeZone, Utc};
use safehub::{
    AgencyKind, CaseStatus, CaseType, CaseView, Error, Hub, InformationCategory, LawfulBasis,
    NewAgency, NewAgreement, NewCase, NewEntry, NewPractitioner, PractitionerId, Role, Viewer,
};
use std::sync::Arc;

fn setup(path: &std::path::Path) -> (Hub, PractitionerId, PractitionerId, safehub::CaseId) {
    let hub = Hub::open(path).unwrap();
    let est = hub
        .establish(
            "Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .unwrap();
    let housing = hub
        .add_agency(
            est.admin,
            NewAgency {
                name: "Housing".into(),
                kind: AgencyKind::Housing,
            },
        )
        .unwrap();
    hub.sign_agreement(
        est.admin,
        NewAgreement {
            title: "ISP".into(),
            parties: vec![est.agency, housing],
            purposes: vec!["ASB".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![InformationCategory::General, InformationCategory::Asb],
            special_category: false,
            starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
            ends: None,
        },
    )
    .unwrap();
    let pc = hub
        .register_practitioner(
            est.admin,
            NewPractitioner {
                agency: est.agency,
                name: "PC".into(),
                role: Role::CaseWorker,
                external_id: None,
            },
        )
        .unwrap();
    let officer = hub
        .register_practitioner(
            est.admin,
            NewPractitioner {
                agency: housing,
                name: "HO".into(),
                role: Role::CaseWorker,
                external_id: None,
            },
        )
        .unwrap();
    let case = hub
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Road".into(),
                lead_practitioner: None,
                team: vec![housing],
            },
        )
        .unwrap();
    (hub, pc, officer, case)
}

fn entry_count(hub: &Hub, viewer: PractitionerId, case: safehub::CaseId) -> usize {
    match hub.case(&Viewer::new(viewer), case).unwrap() {
        CaseView::Full(c) => c.entries.len(),
        CaseView::Stub(_) => 0,
    }
}

#[test]
fn two_hubs_on_one_file_writing_at_once_lose_no_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let (first, pc, officer, case) = setup(&path);
    let first = Arc::new(first);
    let second = Arc::new(Hub::open(&path).unwrap());
    const EACH: usize = 60;
    let writers: Vec<_> = [(first.clone(), pc), (second.clone(), officer)]
        .into_iter()
        .map(|(hub, who)| {
            std::thread::spawn(move || {
                for i in 0..EACH {
                    hub.add_entry(who, case, NewEntry::note(format!("note {i}")))
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    // Both hubs, and a third opened afresh, see every entry exactly once.
    for hub in [&*first, &*second, &Hub::open(&path).unwrap()] {
        assert_eq!(entry_count(hub, pc, case), 2 * EACH);
        assert!(hub.verify().unwrap().is_ok());
    }
    assert_eq!(
        first.state_digest().unwrap(),
        second.state_digest().unwrap()
    );
}

#[test]
fn a_stale_writer_decides_again_on_fresh_state_instead_of_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let (first, pc, _officer, case) = setup(&path);
    let second = Hub::open(&path).unwrap();
    // Both hubs believe the case is open. The first closes it.
    first
        .change_case_status(pc, case, CaseStatus::Closed)
        .unwrap();
    // The second, stale, asks for the same transition: it catches up first, so it sees the case
    // closed and refuses, rather than recording a second close on stale state.
    let err = second
        .change_case_status(pc, case, CaseStatus::Closed)
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidTransition { from: "closed", .. }),
        "{err:?}"
    );
    // And an entry on the now-closed case is refused by the stale hub too.
    assert!(second.add_entry(pc, case, NewEntry::note("late")).is_err());
    assert_eq!(first.seq(), second.seq());
}

#[test]
fn a_time_zone_another_writer_set_a_moment_ago_decides_todays_date_here() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    // 22:30 UTC on 10 June is already 11 June in Auckland (UTC+12), still 10 June in London.
    let clock = safehub::ManualClock::new(Utc.with_ymd_and_hms(2026, 6, 10, 22, 30, 0).unwrap());
    let first = Hub::builder().clock(clock.clone()).open(&path).unwrap();
    let est = first
        .establish(
            "Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .unwrap();
    let second = Hub::builder().clock(clock).open(&path).unwrap();
    first.set_time_zone(est.admin, "Pacific/Auckland").unwrap();
    // The second hub has read nothing since: a baby born today in Auckland is not "in the future".
    let born_today = safehub::NewPerson {
        name: "Baby".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(2026, 6, 11),
        ..safehub::NewPerson::default()
    };
    second.record_person(est.admin, born_today).unwrap();
}

#[test]
fn a_hub_that_wrote_last_still_decides_on_a_case_another_hub_opened_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let (first, pc, _officer, case) = setup(&path);
    let second = Hub::open(&path).unwrap();
    // The last event the first hub has seen is its own.
    first.add_entry(pc, case, NewEntry::note("first")).unwrap();
    let opened_elsewhere = second
        .open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Oak Lane".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    // The first hub has read nothing since, yet the entry is decided on the state that holds
    // the new case: not refused as an unknown case.
    first
        .add_entry(pc, opened_elsewhere, NewEntry::note("on the new case"))
        .unwrap();
    assert_eq!(entry_count(&second, pc, opened_elsewhere), 1);
}
