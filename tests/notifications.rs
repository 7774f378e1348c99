//! Seeing other systems' changes in real time (issue 21): `Hub::wait_for_change` returns when
//! any writer commits (this hub, another hub on the same SQLite file, another process on the
//! same PostgreSQL database) and times out without one; the per-viewer notification feed and
//! its push subscription deliver what changed to a callback on another hub.
//!
//! The PostgreSQL tests run against a real server the tests start (tests/support/postgres.rs)
//! and skip without one unless `SAFEHUB_REQUIRE_POSTGRES=1`. The writer in another process is
//! this test binary itself, run with `SAFEHUB_NOTIFY_WRITER` set (see `writer_process`).

use chrono::{Duration as Days, TimeZone, Utc};
use safehub::Clock;
use safehub::{
    Assignee, CaseId, CaseType, Consent, Error, Hub, InformationCategory, NewCase, NewEntry,
    NewPerson, NewReferral, NewTask, Notification, NotificationId, NotificationKind,
    NotificationListener, PersonId, Priority, Subject, SubjectRole, Viewer,
};
use safehub_workspace::fixture::{borough, Borough};
use safehub_workspace::reliability::setup;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Two hubs on one SQLite file in a temporary directory (kept alive with them).
fn two_hubs_on_one_file() -> (tempfile::TempDir, Hub, Hub) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let a = Hub::open(&path).unwrap();
    let b = Hub::open(&path).unwrap();
    (dir, a, b)
}

#[test]
fn a_commit_by_another_hub_on_the_same_file_ends_the_wait() {
    let (_dir, a, b) = two_hubs_on_one_file();
    let (_, actors, case) = setup(&a, 1);
    let head = b.wait_for_change(0, Duration::from_secs(5)).unwrap();
    assert_eq!(head, a.seq());
    let writer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(100));
        a.add_entry(actors[0], case, NewEntry::note("new")).unwrap();
        a.seq()
    });
    let started = Instant::now();
    let seen = b.wait_for_change(head, Duration::from_secs(30)).unwrap();
    let written = writer.join().unwrap();
    assert_eq!(seen, written, "the wait returns the seq it has applied");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(b.seq(), written, "the waiting hub has caught up");
}

#[test]
fn a_wait_without_a_commit_times_out_at_the_seq_it_had() {
    let (_dir, a, b) = two_hubs_on_one_file();
    setup(&a, 1);
    let head = a.seq();
    let started = Instant::now();
    assert_eq!(
        b.wait_for_change(head, Duration::from_millis(300)).unwrap(),
        head
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300),
        "returned early: {waited:?}"
    );
}

#[test]
fn a_commit_by_the_same_hub_ends_the_wait_of_another_thread_on_a_memory_hub() {
    let hub = Arc::new(Hub::open_in_memory().unwrap());
    let (_, actors, case) = setup(&hub, 1);
    let head = hub.seq();
    let writer = Arc::clone(&hub);
    let t = thread::spawn(move || {
        thread::sleep(Duration::from_millis(50));
        writer
            .add_entry(actors[0], case, NewEntry::note("new"))
            .unwrap();
    });
    let seen = hub.wait_for_change(head, Duration::from_secs(30)).unwrap();
    t.join().unwrap();
    assert!(seen > head);
}

/// The writer of the two-process tests: run by them as
/// `<this binary> --ignored --exact writer_process` with `SAFEHUB_NOTIFY_WRITER` set to
/// `<conninfo> <actor> <case> <delay ms>`, separated by tabs (a conninfo has spaces); adds one entry after the delay and prints `ok <seq>`.
#[test]
#[ignore = "the writer process of the PostgreSQL tests, started by them"]
fn writer_process() {
    let args = std::env::var("SAFEHUB_NOTIFY_WRITER").unwrap();
    let [conninfo, actor, case, delay] = args.split('\t').collect::<Vec<_>>()[..] else {
        panic!("SAFEHUB_NOTIFY_WRITER: conninfo actor case delay");
    };
    let hub = safehub_workspace::reliability::open_hub(conninfo).unwrap();
    thread::sleep(Duration::from_millis(delay.parse().unwrap()));
    let actor = safehub::PractitionerId::parse(actor).unwrap();
    let case = safehub::CaseId::parse(case).unwrap();
    hub.add_entry(actor, case, NewEntry::note("from another process"))
        .unwrap();
    println!("ok {}", hub.seq());
}

/// Starts [`writer_process`] in another process; returns it, to be waited on.
#[cfg(feature = "postgres")]
fn another_process_writes(
    conninfo: &str,
    actor: safehub::PractitionerId,
    case: safehub::CaseId,
    delay_ms: u64,
) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "writer_process", "--nocapture"])
        .env(
            "SAFEHUB_NOTIFY_WRITER",
            format!("{conninfo}\t{actor}\t{case}\t{delay_ms}"),
        )
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// The seq the writer process reported after its commit.
#[cfg(feature = "postgres")]
fn written_seq(child: std::process::Child) -> u64 {
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "the writer failed: {text}");
    text.lines()
        .find_map(|l| l.strip_prefix("ok "))
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| panic!("the writer reported no seq: {text}"))
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use safehub_workspace::postgres as pg;

    #[test]
    fn a_commit_in_another_process_ends_the_wait_through_listen() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Hub::open_postgres(&conninfo).unwrap();
        let (_, actors, case) = setup(&hub, 1);
        let head = hub.seq();
        // Listening before the writer starts, then the writer commits while this hub waits.
        assert_eq!(
            hub.wait_for_change(head, Duration::from_millis(50))
                .unwrap(),
            head
        );
        let child = another_process_writes(&conninfo, actors[0], case, 300);
        let seen = hub.wait_for_change(head, Duration::from_secs(60)).unwrap();
        let written = written_seq(child);
        assert_eq!(seen, written);
    }

    #[test]
    fn a_change_written_by_another_process_reaches_a_callback_subscribed_here() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Hub::open_postgres(&conninfo).unwrap();
        let (_, actors, case) = setup(&hub, 2);
        let (l, batches) = listener();
        let _sub = hub.subscribe(&Viewer::new(actors[1]), l).unwrap();
        let child = another_process_writes(&conninfo, actors[0], case, 300);
        let batch = batches.recv_timeout(Duration::from_secs(60)).unwrap();
        written_seq(child);
        assert!(matches!(
            batch[..],
            [Notification {
                kind: NotificationKind::EntryAdded { case: c, .. },
                ..
            }] if c == case
        ));
    }

    #[test]
    fn a_wait_on_postgres_without_a_commit_times_out() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Hub::open_postgres(&conninfo).unwrap();
        setup(&hub, 1);
        let head = hub.seq();
        let started = Instant::now();
        assert_eq!(
            hub.wait_for_change(head, Duration::from_millis(400))
                .unwrap(),
            head
        );
        assert!(started.elapsed() >= Duration::from_millis(400));
    }

    #[test]
    fn waiting_and_dropping_a_postgres_hub_inside_a_hosts_async_runtime_does_not_panic() {
        let Some(conninfo) = pg::database() else {
            return;
        };
        let hub = Arc::new(Hub::open_postgres(&conninfo).unwrap());
        let (_, actors, case) = setup(&hub, 1);
        let head = hub.seq();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let waiter = Arc::clone(&hub);
        let seen = runtime.block_on(async move {
            let wait = tokio::task::spawn_blocking(move || {
                waiter.wait_for_change(head, Duration::from_secs(60))
            });
            // The runtime's own thread goes on while the hub waits on a blocking one.
            tokio::task::yield_now().await;
            hub.add_entry(actors[0], case, NewEntry::note("from the runtime"))
                .unwrap();
            let seen = wait.await.unwrap().unwrap();
            drop(hub);
            seen
        });
        assert!(seen > head);
    }
}

// ---- the feed ----------------------------------------------------------------------------------

/// A police case with the council on its team, a person linked to it, and what each change
/// should notify the council officer of.
struct Scene {
    b: Borough,
    case: CaseId,
    person: PersonId,
}

fn scene() -> Scene {
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let b = borough(now, false);
    let council = b
        .hub
        .agencies()
        .into_iter()
        .find(|a| a.name == "Council")
        .unwrap()
        .id;
    let case = b
        .hub
        .open_case(
            b.officer,
            NewCase {
                case_type: CaseType::Asb,
                title: "Flats".into(),
                lead_practitioner: None,
                team: vec![council],
            },
        )
        .unwrap();
    let person = b
        .hub
        .record_person(
            b.officer,
            NewPerson {
                name: "Sam Doe".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    b.hub
        .link_subject(
            b.officer,
            case,
            Subject::Person(person),
            SubjectRole::Victim,
        )
        .unwrap();
    Scene { b, case, person }
}

fn feed(hub: &Hub, viewer: &Viewer) -> Vec<Notification> {
    hub.notifications(viewer, None, 1000).unwrap().items
}

fn kinds(items: &[Notification]) -> Vec<&'static str> {
    items
        .iter()
        .map(|n| match n.kind {
            NotificationKind::TaskSet { .. } => "task_set",
            NotificationKind::TaskAnswered { .. } => "task_answered",
            NotificationKind::ReferralReceived { .. } => "referral_received",
            NotificationKind::EntryAdded { .. } => "entry_added",
            NotificationKind::RiskRaised { .. } => "risk_raised",
            NotificationKind::IncidentsRecorded { .. } => "incidents_recorded",
        })
        .collect()
}

#[test]
fn the_council_on_the_team_hears_of_entries_it_may_see_in_full_or_as_a_stub_but_not_of_sensitive_ones_it_may_not_read(
) {
    let Scene { b, case, .. } = scene();
    let council = b.viewer(b.council_officer);
    let shared = b
        .hub
        .add_entry(b.officer, case, NewEntry::note("seen"))
        .unwrap();
    let stub = b
        .hub
        .add_entry(
            b.officer,
            case,
            NewEntry::note("not covered").category(InformationCategory::DomesticAbuse),
        )
        .unwrap();
    b.hub
        .add_entry(
            b.officer,
            case,
            NewEntry::note("secret")
                .category(InformationCategory::DomesticAbuse)
                .sensitive(),
        )
        .unwrap();
    let items = feed(&b.hub, &council);
    let entries: Vec<_> = items
        .iter()
        .filter_map(|n| match n.kind {
            NotificationKind::EntryAdded { entry, case: c } => Some((c, entry)),
            _ => None,
        })
        .collect();
    assert_eq!(entries, vec![(case, shared), (case, stub)], "{items:#?}");
    // The case view shows the same two, the second as a stub, and not the sensitive one.
    let view = b.hub.case(&council, case).unwrap();
    let text = serde_json::to_string(&view).unwrap();
    assert!(!text.contains("secret"));
    assert!(items.iter().all(|n| n.agency.id == b.police));
}

#[test]
fn nobody_hears_of_their_own_actions_and_an_agency_off_the_team_hears_of_nothing_on_the_case() {
    let Scene { b, case, .. } = scene();
    b.hub
        .add_entry(b.officer, case, NewEntry::note("mine"))
        .unwrap();
    assert!(feed(&b.hub, &b.viewer(b.officer)).is_empty());
    assert!(feed(&b.hub, &b.viewer(b.housing_officer)).is_empty());
}

#[test]
fn a_task_set_for_an_agency_notifies_its_workers_and_its_answer_notifies_the_setter() {
    let Scene { b, case, .. } = scene();
    let council = b
        .hub
        .agencies()
        .into_iter()
        .find(|a| a.name == "Council")
        .unwrap()
        .id;
    let task = b
        .hub
        .set_task(
            b.officer,
            NewTask {
                case,
                assignee: Assignee::Agency(council),
                title: "Visit".into(),
                detail: "Check on the flats".into(),
                category: InformationCategory::Asb,
                due: b.clock.now() + Days::days(3),
                priority: Priority::Normal,
            },
        )
        .unwrap();
    let items = feed(&b.hub, &b.viewer(b.council_officer));
    assert_eq!(kinds(&items), ["task_set"]);
    assert!(matches!(items[0].kind, NotificationKind::TaskSet { task: t, .. } if t == task));
    b.hub.accept_task(b.council_officer, task).unwrap();
    let answer = b
        .hub
        .answer_task(b.council_officer, task, NewEntry::note("visited"))
        .unwrap();
    let items = feed(&b.hub, &b.viewer(b.officer));
    assert_eq!(kinds(&items), ["entry_added", "task_answered"]);
    assert!(matches!(
        items[1].kind,
        NotificationKind::TaskAnswered { task: t, answer: Some(a), .. } if t == task && a == answer
    ));
}

#[test]
fn a_referral_to_an_agency_notifies_it() {
    let Scene { b, person, .. } = scene();
    let council = b
        .hub
        .agencies()
        .into_iter()
        .find(|a| a.name == "Council")
        .unwrap()
        .id;
    let referral = b
        .hub
        .refer(
            b.officer,
            NewReferral {
                to: council,
                person: Some(person),
                case: None,
                category: InformationCategory::Asb,
                reason: "Noise".into(),
                consent: Some(Consent::Given),
                consent_override: None,
            },
        )
        .unwrap();
    let items = feed(&b.hub, &b.viewer(b.council_officer));
    assert_eq!(kinds(&items), ["referral_received"]);
    assert!(
        matches!(items[0].kind, NotificationKind::ReferralReceived { referral: r } if r == referral)
    );
    assert!(feed(&b.hub, &b.viewer(b.housing_officer)).is_empty());
}

#[test]
fn pages_cut_by_the_limit_walk_the_same_items_and_the_cursor_names_only_what_was_returned() {
    let Scene { b, case, .. } = scene();
    for i in 0..5 {
        b.hub
            .add_entry(b.officer, case, NewEntry::note(format!("n{i}")))
            .unwrap();
        b.hub
            .add_entry(
                b.officer,
                case,
                NewEntry::note("secret")
                    .category(InformationCategory::DomesticAbuse)
                    .sensitive(),
            )
            .unwrap();
    }
    let council = b.viewer(b.council_officer);
    let all = feed(&b.hub, &council);
    assert_eq!(all.len(), 5, "{all:#?}");
    let mut walked = vec![];
    let mut after = None;
    loop {
        let page = b.hub.notifications(&council, after, 2).unwrap();
        if page.items.is_empty() {
            assert_eq!(page.next, after, "an empty page keeps the cursor");
            break;
        }
        assert_eq!(page.next, page.items.last().map(|n| n.id));
        walked.extend(page.items);
        after = page.next;
    }
    assert_eq!(walked, all);
}

#[test]
fn a_cursor_that_is_not_the_viewers_is_not_found_like_one_that_never_existed() {
    let Scene { b, case, .. } = scene();
    b.hub
        .add_entry(b.officer, case, NewEntry::note("seen"))
        .unwrap();
    let theirs = feed(&b.hub, &b.viewer(b.council_officer))[0].id;
    let housing = b.viewer(b.housing_officer);
    let other = b.hub.notifications(&housing, Some(theirs), 10).unwrap_err();
    let never = b
        .hub
        .notifications(&housing, Some(NotificationId(uuid::Uuid::from_u128(7))), 10)
        .unwrap_err();
    assert!(matches!(other, Error::NotFound { .. }));
    assert_eq!(format!("{other:?}"), format!("{never:?}"));
}

// ---- push ----------------------------------------------------------------------------------------

/// A listener that passes each batch on to the test.
struct Forward(Mutex<mpsc::Sender<Vec<Notification>>>);

impl NotificationListener for Forward {
    fn notified(&self, batch: Vec<Notification>) {
        let _ = self.0.lock().unwrap().send(batch);
    }
}

fn listener() -> (Arc<Forward>, mpsc::Receiver<Vec<Notification>>) {
    let (tx, rx) = mpsc::channel();
    (Arc::new(Forward(Mutex::new(tx))), rx)
}

#[test]
fn a_change_written_by_one_hub_reaches_a_callback_subscribed_on_another_on_the_same_file() {
    let (_dir, a, b) = two_hubs_on_one_file();
    let (_, actors, case) = setup(&a, 2);
    b.wait_for_change(0, Duration::from_secs(5)).unwrap();
    let (l, batches) = listener();
    let sub = b.subscribe(&Viewer::new(actors[1]), l).unwrap();
    // actors[1] is on the case's team: their agency (police) leads it.
    let entry = a
        .add_entry(actors[0], case, NewEntry::note("news"))
        .unwrap();
    let batch = batches.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(matches!(
        batch[..],
        [Notification { kind: NotificationKind::EntryAdded { entry: e, .. }, .. }] if e == entry
    ));
    sub.cancel();
    a.add_entry(actors[0], case, NewEntry::note("after the cancel"))
        .unwrap();
    assert!(batches.recv_timeout(Duration::from_millis(500)).is_err());
}

#[test]
fn a_risk_assessment_on_a_person_on_the_viewers_case_notifies_them() {
    use safehub::risk::builtin::DA_CHECKLIST;
    use safehub::{AnswerValue, Answers, NewAssessment};
    let Scene { b, case, person } = scene();
    let answers: Answers = b
        .hub
        .template(DA_CHECKLIST, Some(1))
        .map(|t| {
            t.questions
                .iter()
                .map(|q| (q.id.clone(), AnswerValue::YesNo(true)))
                .collect()
        })
        .unwrap();
    let assessment = b
        .hub
        .record_assessment(
            b.officer,
            NewAssessment::new(case, person, DA_CHECKLIST, answers),
        )
        .unwrap();
    let items = feed(&b.hub, &b.viewer(b.council_officer));
    assert!(matches!(
        items[..],
        [Notification {
            kind: NotificationKind::RiskRaised { assessment: a, case: c, person: p },
            ..
        }] if a == assessment && c == case && p == person
    ));
    assert!(feed(&b.hub, &b.viewer(b.housing_officer)).is_empty());
}

#[test]
fn incidents_at_a_place_on_the_viewers_case_notify_them_of_those_they_may_read_only() {
    use safehub::incidents::LocationRef;
    use safehub::{ImportOptions, IncidentRow};
    let Scene { b, case, .. } = scene();
    let uprn = "100000000001";
    let place = b
        .hub
        .record_location(
            b.officer,
            safehub::NewLocation {
                label: "Flats".into(),
                address: None,
                postcode: None,
                uprn: Some(uprn.into()),
                coordinates: None,
                restricted: false,
            },
        )
        .unwrap();
    b.hub
        .link_subject(
            b.officer,
            case,
            Subject::Location(place),
            SubjectRole::LocationOfConcern,
        )
        .unwrap();
    let row = |n: u32, category: &str| IncidentRow {
        external_ref: format!("CAD-{n}"),
        occurred_at: b.clock.now() - Days::hours(2),
        reported_at: None,
        category: category.into(),
        offence_code: None,
        summary: "Call".into(),
        location: Some(LocationRef {
            uprn: Some(uprn.into()),
            ..LocationRef::default()
        }),
        caller: None,
        people: vec![],
    };
    b.hub
        .import_incidents(
            b.officer,
            vec![row(1, "asb_nuisance"), row(2, "domestic_abuse")],
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    let items = feed(&b.hub, &b.viewer(b.council_officer));
    let [Notification {
        kind: NotificationKind::IncidentsRecorded { incidents },
        ..
    }] = &items[..]
    else {
        panic!("expected one incidents notification: {items:?}");
    };
    assert_eq!(
        incidents.len(),
        1,
        "the domestic abuse call is not the council's to read"
    );
    let council = b.viewer(b.council_officer);
    assert!(b.hub.incident(&council, incidents[0]).is_ok());
}
