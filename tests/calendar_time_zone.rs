//! A partnership's day is its own time zone's (Europe/London by default), not UTC's: every
//! calendar rule (due today, the briefing's day, the s104 month, Top N days, the retention
//! review's day, a risk review's date, a date of birth's "today") is counted in it, near
//! midnight in British Summer Time and across both clock changes of 2026 (29 March, 01:00 UTC,
//! forward; 25 October, 01:00 UTC, back). Another zone proves the zone is read, not assumed, and
//! it survives reopening the journal.

mod risk_fixture;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use safehub::incidents::Period;
use safehub::{
    Assignee, CaseReviewConfig, CaseStatus, Error, Hub, ImportOptions, IncidentRow,
    InformationCategory, NewPerson, NewTask, Priority, TopKind, TopQuery, Viewer,
};
use safehub_workspace::fixture::{borough, Borough};

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// One ASB call by `caller`, happening at `occurred` and reported at `reported`.
fn call(caller: &str, occurred: DateTime<Utc>, reported: DateTime<Utc>) -> IncidentRow {
    IncidentRow {
        external_ref: format!("{caller}-{}", occurred.timestamp()),
        occurred_at: occurred,
        reported_at: Some(reported),
        category: "asb_personal".into(),
        offence_code: None,
        summary: String::new(),
        location: None,
        caller: Some(safehub::incidents::PersonRef {
            name: caller.into(),
            date_of_birth: None,
            identifiers: vec![],
        }),
        people: vec![],
    }
}

fn import(b: &Borough, rows: Vec<IncidentRow>) {
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
}

/// The callers on a one-day Top N list for `day`'s date, with the window.
fn callers_on(b: &Borough, end: DateTime<Utc>) -> (Vec<String>, DateTime<Utc>, DateTime<Utc>) {
    let list = b
        .hub
        .top(
            &b.viewer(b.officer),
            &TopQuery::top50(TopKind::Callers, end, 1),
        )
        .unwrap();
    let names = list.rows.into_iter().map(|r| r.subject.name).collect();
    (names, list.from, list.to)
}

fn task_due(b: &risk_fixture::Borough, due: DateTime<Utc>) -> safehub::TaskId {
    b.hub
        .set_task(
            b.officer,
            NewTask {
                case: b.case,
                assignee: Assignee::Practitioner(b.pc),
                title: "Visit".into(),
                detail: "Check in.".into(),
                category: InformationCategory::General,
                due,
                priority: Priority::Normal,
            },
        )
        .unwrap()
}

fn due_today(b: &risk_fixture::Borough) -> Vec<safehub::TaskId> {
    b.hub
        .tasks_due_today(&Viewer::new(b.pc))
        .unwrap()
        .iter()
        .map(|t| t.id())
        .collect()
}

#[test]
fn a_task_due_at_2330_utc_on_10_june_is_due_on_11_june_in_london() {
    let b = risk_fixture::Borough::new();
    b.clock.set(utc(2026, 6, 10, 12, 0));
    let task = task_due(&b, utc(2026, 6, 10, 23, 30));
    // 23:00 BST on 10 June: the task (00:30 BST on 11 June) is due tomorrow, not today.
    b.clock.set(utc(2026, 6, 10, 22, 0));
    assert!(due_today(&b).is_empty());
    // 00:10 BST on 11 June, still 10 June in UTC: due today, and the briefing says so.
    b.clock.set(utc(2026, 6, 10, 23, 10));
    assert_eq!(due_today(&b), vec![task]);
    let briefing = b
        .hub
        .briefing(
            &Viewer::new(b.pc),
            utc(2026, 6, 10, 0, 0),
            &Default::default(),
        )
        .unwrap();
    let today: Vec<_> = briefing.tasks_due_today.iter().map(|t| t.id()).collect();
    assert_eq!(today, vec![task]);
}

#[test]
fn the_top_n_day_in_summer_time_starts_at_london_midnight() {
    let b = borough(utc(2026, 6, 12, 9, 0), false);
    // 00:30 BST on 11 June.
    let at = utc(2026, 6, 10, 23, 30);
    import(&b, vec![call("Late Caller", at, at)]);
    let (names, from, to) = callers_on(&b, utc(2026, 6, 11, 12, 0));
    assert_eq!(names, vec!["Late Caller".to_owned()]);
    assert_eq!(
        (from, to),
        (utc(2026, 6, 10, 23, 0), utc(2026, 6, 11, 23, 0))
    );
    let (names, ..) = callers_on(&b, utc(2026, 6, 10, 12, 0));
    assert!(names.is_empty());
}

#[test]
fn the_day_the_clocks_go_forward_is_23_hours_long_on_the_top_n_list() {
    let b = borough(utc(2026, 4, 2, 9, 0), false);
    // 00:30 BST on 30 March: the day after the clocks went forward.
    let next_day = utc(2026, 3, 29, 23, 30);
    // 00:30 GMT on 29 March, before the change at 01:00 UTC.
    let on_the_day = utc(2026, 3, 29, 0, 30);
    import(
        &b,
        vec![
            call("Next Day", next_day, next_day),
            call("On The Day", on_the_day, on_the_day),
        ],
    );
    let (names, from, to) = callers_on(&b, utc(2026, 3, 29, 12, 0));
    assert_eq!(names, vec!["On The Day".to_owned()]);
    assert_eq!(
        (from, to),
        (utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 23, 0))
    );
}

#[test]
fn the_day_the_clocks_go_back_is_25_hours_long_on_the_top_n_list() {
    let b = borough(utc(2026, 10, 28, 9, 0), false);
    // 00:30 BST on 25 October, still 24 October in UTC.
    let early = utc(2026, 10, 24, 23, 30);
    // 23:30 GMT on 25 October.
    let late = utc(2026, 10, 25, 23, 30);
    import(
        &b,
        vec![call("Early", early, early), call("Late", late, late)],
    );
    let (mut names, from, to) = callers_on(&b, utc(2026, 10, 25, 12, 0));
    names.sort();
    assert_eq!(names, vec!["Early".to_owned(), "Late".to_owned()]);
    assert_eq!(
        (from, to),
        (utc(2026, 10, 24, 23, 0), utc(2026, 10, 26, 0, 0))
    );
}

#[test]
fn behaviour_at_2330_utc_on_30_april_has_until_1_june_to_qualify_for_a_case_review() {
    let b = borough(utc(2026, 6, 5, 9, 0), false);
    // The behaviour was at 00:30 BST on 1 May; the complaint at 23:00 BST on 31 May, within
    // the month. Counted in UTC it was 30 April, and its month ended on 30 May.
    import(
        &b,
        vec![call(
            "Complainant",
            utc(2026, 4, 30, 23, 30),
            utc(2026, 5, 31, 22, 0),
        )],
    );
    let one_complaint = CaseReviewConfig {
        complaints: 1,
        ..CaseReviewConfig::default()
    };
    let hits = b
        .hub
        .case_review_thresholds(&b.viewer(b.officer), utc(2026, 6, 5, 9, 0), &one_complaint)
        .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
}

#[test]
fn a_seven_day_window_across_the_spring_change_counts_days_not_hours() {
    let b = borough(utc(2026, 4, 2, 9, 0), false);
    // Behaviour at 12:00 GMT on 25 March: seven days on is 12:00 BST on 1 April, 11:00 UTC
    // (167 hours, the clocks having gone forward). A complaint at 12:30 BST (11:30 UTC) is half
    // an hour late, though within seven 24-hour days; one at 11:45 BST (10:45 UTC) is in time.
    import(
        &b,
        vec![
            call("Late", utc(2026, 3, 25, 12, 0), utc(2026, 4, 1, 11, 30)),
            call("In Time", utc(2026, 3, 25, 12, 0), utc(2026, 4, 1, 10, 45)),
        ],
    );
    let horsham = CaseReviewConfig {
        complaints: 1,
        qualifying_within: Period::Days(7),
        ..CaseReviewConfig::default()
    };
    let hits = b
        .hub
        .case_review_thresholds(&b.viewer(b.officer), utc(2026, 4, 2, 9, 0), &horsham)
        .unwrap();
    let names: Vec<_> = hits.into_iter().map(|h| h.subject.name).collect();
    assert_eq!(names, vec!["In Time".to_owned()]);
}

#[test]
fn a_case_closed_at_0030_bst_is_reviewed_on_the_local_day_six_years_on() {
    let b = risk_fixture::Borough::new();
    // Closed at 00:30 BST on 11 June 2025 (23:30 UTC on 10 June).
    b.clock.set(utc(2025, 6, 10, 23, 30));
    b.hub
        .change_case_status(b.pc, b.case, CaseStatus::Closed)
        .unwrap();
    let due = |at| b.hub.retention_due(&Viewer::new(b.sergeant), at).unwrap();
    // Noon on 10 June 2031: the review day has not come in London.
    assert!(due(utc(2031, 6, 10, 12, 0)).is_empty());
    let list = due(utc(2031, 6, 10, 23, 5));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].review_due, utc(2031, 6, 10, 23, 30));
}

#[test]
fn a_risk_review_fourteen_days_on_across_the_autumn_change_keeps_the_clock_time() {
    let b = risk_fixture::Borough::new();
    // 09:00 BST on 20 October; the review is due at 09:00 GMT on 3 November.
    b.clock.set(utc(2026, 10, 20, 8, 0));
    let id = b.hub.record_assessment(b.pc, b.dash(14)).unwrap();
    let safehub::AssessmentView::Full(d) = b.hub.assessment(&Viewer::new(b.pc), id).unwrap() else {
        panic!("the assessor reads their assessment in full");
    };
    assert_eq!(d.review_due, Some(utc(2026, 11, 3, 9, 0)));
}

#[test]
fn a_baby_born_on_11_june_may_be_recorded_at_0030_bst() {
    let b = risk_fixture::Borough::new();
    b.clock.set(utc(2026, 6, 10, 23, 30));
    b.hub
        .record_person(
            b.pc,
            NewPerson {
                name: "Newborn".into(),
                date_of_birth: NaiveDate::from_ymd_opt(2026, 6, 11),
                ..NewPerson::default()
            },
        )
        .unwrap();
}

#[test]
fn new_york_counts_its_own_day() {
    let b = risk_fixture::Borough::new();
    b.hub.set_time_zone(b.admin, "America/New_York").unwrap();
    assert_eq!(b.hub.time_zone().unwrap(), "America/New_York");
    b.clock.set(utc(2026, 6, 10, 14, 0));
    // 22:00 EDT on 10 June, 03:00 BST on 11 June.
    let task = task_due(&b, utc(2026, 6, 11, 2, 0));
    assert_eq!(due_today(&b), vec![task]);
    b.hub.set_time_zone(b.admin, "Europe/London").unwrap();
    assert!(due_today(&b).is_empty());
}

#[test]
fn changing_the_zone_recounts_the_top_n_days_of_incidents_already_recorded() {
    let b = borough(utc(2026, 6, 12, 9, 0), false);
    let at = utc(2026, 6, 10, 23, 30);
    import(&b, vec![call("Late Caller", at, at)]);
    assert_eq!(callers_on(&b, utc(2026, 6, 11, 12, 0)).0.len(), 1);
    b.hub.set_time_zone(b.admin, "America/New_York").unwrap();
    // 19:30 EDT on 10 June.
    assert!(callers_on(&b, utc(2026, 6, 11, 12, 0)).0.is_empty());
    assert_eq!(callers_on(&b, utc(2026, 6, 10, 12, 0)).0.len(), 1);
}

#[test]
fn an_unknown_zone_is_invalid_and_only_a_partnership_admin_sets_one() {
    let b = risk_fixture::Borough::new();
    assert!(matches!(
        b.hub.set_time_zone(b.admin, "Europe/Atlantis"),
        Err(Error::Invalid {
            field: "time_zone",
            ..
        })
    ));
    assert!(matches!(
        b.hub.set_time_zone(b.pc, "America/New_York"),
        Err(Error::Forbidden { .. })
    ));
    assert_eq!(b.hub.time_zone().unwrap(), "Europe/London");
}

#[test]
fn the_zone_survives_reopening_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hub.db");
    let clock = safehub::ManualClock::new(utc(2026, 6, 10, 12, 0));
    let hub = Hub::builder().clock(clock.clone()).open(&path).unwrap();
    let est = hub
        .establish(
            "Hub",
            safehub_workspace::agency("Police", safehub::AgencyKind::Police),
            "Admin",
        )
        .unwrap();
    assert_eq!(hub.time_zone().unwrap(), "Europe/London");
    hub.set_time_zone(est.admin, "Australia/Sydney").unwrap();
    drop(hub);
    let reopened = Hub::builder().clock(clock).open(&path).unwrap();
    assert_eq!(reopened.time_zone().unwrap(), "Australia/Sydney");
}
