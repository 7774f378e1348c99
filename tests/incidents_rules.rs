//! The repeat and ASB case review rules at their edges, and Top N movement across windows.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::incidents::{
    case_review_met, is_repeat, qualifies, CaseReviewBasis, Complaint, Movement, Period, PersonRef,
    RepeatRule,
};
use safehub::{
    Calendar, CaseReviewConfig, HarmWeights, ImportOptions, IncidentRow, PersonId, RepeatConfig,
    TopKind, TopMeasure, TopQuery,
};
use safehub_workspace::fixture::borough;

/// The rules' own arithmetic (month lengths, inclusive ends) is tested on UTC's calendar, where
/// noon stays noon across the clock changes; the partnership's zone is tests/calendar_time_zone.rs's.
const UTC: Calendar = Calendar::UTC;

fn t(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

fn complaint(behaviour: DateTime<Utc>, made: DateTime<Utc>) -> Complaint {
    Complaint {
        occurred_at: behaviour,
        reported_at: made,
        hate: false,
        complainant: None,
    }
}

#[test]
fn two_qualifying_complaints_do_not_meet_the_threshold_and_three_do() {
    let cfg = CaseReviewConfig::default();
    let at = t(2026, 6, 1);
    let c = |d| complaint(t(2026, 5, d), t(2026, 5, d));
    assert_eq!(case_review_met(&cfg, &[c(1), c(2)], at, false, &UTC), None);
    assert_eq!(
        case_review_met(&cfg, &[c(1), c(2), c(3)], at, false, &UTC),
        Some(CaseReviewBasis::Complaints { count: 3 })
    );
    let lower = CaseReviewConfig {
        complaints: 2,
        ..cfg
    };
    assert!(case_review_met(&lower, &[c(1), c(2)], at, false, &UTC).is_some());
}

#[test]
fn a_complaint_31_days_after_the_behaviour_qualifies_only_after_a_31_day_month() {
    let cfg = CaseReviewConfig::default();
    // March has 31 days: 1 March + one month = 1 April, 31 days later.
    assert!(qualifies(
        &cfg,
        &complaint(t(2026, 3, 1), t(2026, 4, 1)),
        &UTC
    ));
    assert!(!qualifies(
        &cfg,
        &complaint(t(2026, 3, 1), t(2026, 4, 2)),
        &UTC
    ));
    // April has 30: 31 days after 1 April is 2 May, past the month.
    assert!(qualifies(
        &cfg,
        &complaint(t(2026, 4, 1), t(2026, 5, 1)),
        &UTC
    ));
    assert!(!qualifies(
        &cfg,
        &complaint(t(2026, 4, 1), t(2026, 5, 2)),
        &UTC
    ));
    // A complaint before the behaviour is a data error, never a qualifying complaint.
    assert!(!qualifies(
        &cfg,
        &complaint(t(2026, 4, 2), t(2026, 4, 1)),
        &UTC
    ));
    // The Horsham variant: 7 days.
    let horsham = CaseReviewConfig {
        qualifying_within: Period::Days(7),
        ..cfg
    };
    assert!(qualifies(
        &horsham,
        &complaint(t(2026, 4, 1), t(2026, 4, 8)),
        &UTC
    ));
    assert!(!qualifies(
        &horsham,
        &complaint(t(2026, 4, 1), t(2026, 4, 9)),
        &UTC
    ));
    // Three complaints, one late: the threshold is not met.
    let late = [
        complaint(t(2026, 4, 1), t(2026, 4, 1)),
        complaint(t(2026, 4, 2), t(2026, 4, 2)),
        complaint(t(2026, 4, 1), t(2026, 5, 2)),
    ];
    assert_eq!(
        case_review_met(&cfg, &late, t(2026, 6, 1), false, &UTC),
        None
    );
}

#[test]
fn the_six_month_window_includes_its_first_day_and_not_the_day_before() {
    let cfg = CaseReviewConfig::default();
    let at = t(2026, 9, 30);
    let recent = [
        complaint(t(2026, 9, 1), t(2026, 9, 1)),
        complaint(t(2026, 9, 2), t(2026, 9, 2)),
    ];
    let oldest = complaint(t(2026, 3, 30), t(2026, 3, 30));
    let older = complaint(t(2026, 3, 29), t(2026, 3, 29));
    let with = |c| [recent[0], recent[1], c];
    assert!(case_review_met(&cfg, &with(oldest), at, false, &UTC).is_some());
    assert_eq!(case_review_met(&cfg, &with(older), at, false, &UTC), None);
    // Complaints after the time of asking do not count.
    assert_eq!(
        case_review_met(
            &cfg,
            &with(complaint(at, at + Duration::hours(1))),
            at,
            false,
            &UTC
        ),
        None
    );
}

#[test]
fn local_variants_one_hate_incident_and_several_people_about_one_place() {
    let at = t(2026, 6, 1);
    let hate = Complaint {
        hate: true,
        ..complaint(t(2026, 5, 1), t(2026, 5, 1))
    };
    assert_eq!(
        case_review_met(&CaseReviewConfig::default(), &[hate], at, false, &UTC),
        None
    );
    let hyndburn = CaseReviewConfig {
        hate_incidents: Some(1),
        ..CaseReviewConfig::default()
    };
    assert_eq!(
        case_review_met(&hyndburn, &[hate], at, false, &UTC),
        Some(CaseReviewBasis::HateIncidents { count: 1 })
    );
    let five = CaseReviewConfig {
        distinct_complainants: Some(5),
        ..CaseReviewConfig::default()
    };
    let by = |n: u128| Complaint {
        complainant: Some(PersonId(uuid::Uuid::from_u128(n))),
        ..complaint(t(2026, 5, 1), t(2026, 5, 1))
    };
    let four_people_many_calls: Vec<_> = (0..12).map(|i| by(i % 4)).collect();
    assert_eq!(
        case_review_met(&five, &four_people_many_calls, at, true, &UTC),
        None
    );
    let five_people: Vec<_> = (0..5).map(by).collect();
    assert_eq!(
        case_review_met(&five, &five_people, at, true, &UTC),
        Some(CaseReviewBasis::DistinctComplainants { count: 5 })
    );
}

#[test]
fn repeat_rules_count_within_the_period_both_ends_included() {
    let victim = RepeatConfig::default().person;
    let at = t(2026, 6, 1);
    assert_eq!(
        is_repeat(&victim, &[t(2026, 5, 1)], at, &UTC),
        None,
        "one incident is not a repeat"
    );
    assert_eq!(
        is_repeat(&victim, &[t(2025, 6, 1), t(2026, 5, 1)], at, &UTC),
        Some(2)
    );
    assert_eq!(
        is_repeat(&victim, &[t(2025, 5, 31), t(2026, 5, 1)], at, &UTC),
        None
    );
    let place = RepeatRule {
        incidents: 3,
        within: Period::Days(90),
        categories: vec![],
    };
    let three = [at - Duration::days(90), at - Duration::days(10), at];
    assert_eq!(is_repeat(&place, &three, at, &UTC), Some(3));
    let three_late = [at - Duration::days(91), at - Duration::days(10), at];
    assert_eq!(is_repeat(&place, &three_late, at, &UTC), None);
}

#[test]
fn periods_of_any_length_reach_the_ends_of_time_without_panicking() {
    let at = t(2026, 6, 1);
    assert_eq!(
        Period::Days(u32::MAX).before(at, &UTC),
        DateTime::<Utc>::MIN_UTC
    );
    assert_eq!(
        Period::Months(u32::MAX).after(at, &UTC),
        DateTime::<Utc>::MAX_UTC
    );
    let b = borough(t(2026, 6, 30), false);
    b.hub
        .import_incidents(
            b.officer,
            calls("Three", at, 3, "asb_personal", None),
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    let police = b.viewer(b.officer);
    let mut repeats = RepeatConfig::default();
    repeats.person.within = Period::Days(u32::MAX);
    repeats.location.within = Period::Months(u32::MAX);
    assert_eq!(b.hub.repeats(&police, at, &repeats).unwrap().len(), 1);
    let review = CaseReviewConfig {
        window: Period::Days(u32::MAX),
        qualifying_within: Period::Months(u32::MAX),
        ..CaseReviewConfig::default()
    };
    assert_eq!(
        b.hub
            .case_review_thresholds(&police, at, &review)
            .unwrap()
            .len(),
        1
    );
}

fn calls(
    caller: &str,
    day: DateTime<Utc>,
    n: usize,
    category: &str,
    code: Option<&str>,
) -> Vec<IncidentRow> {
    (0..n)
        .map(|i| IncidentRow {
            external_ref: format!("{caller}-{}-{i}-{category}", day.timestamp()),
            occurred_at: day,
            reported_at: None,
            category: category.into(),
            offence_code: code.map(Into::into),
            summary: String::new(),
            location: None,
            caller: Some(PersonRef {
                name: caller.into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 1, 1),
                identifiers: vec![],
            }),
            people: vec![],
        })
        .collect()
}

#[test]
fn top_n_movement_compares_with_the_previous_window_of_the_same_length() {
    let now = t(2026, 6, 30);
    let b = borough(now, false);
    let previous = t(2026, 6, 20);
    let current = t(2026, 6, 28);
    let mut rows = Vec::new();
    rows.extend(calls("Ann", previous, 3, "asb_nuisance", None));
    rows.extend(calls("Bob", previous, 2, "asb_nuisance", None));
    rows.extend(calls("Cat", previous, 1, "asb_nuisance", None));
    rows.extend(calls("Cat", current, 3, "asb_nuisance", None));
    rows.extend(calls("Ann", current, 2, "asb_nuisance", None));
    rows.extend(calls("Dan", current, 1, "asb_nuisance", None));
    // Outside both windows: never counted.
    rows.extend(calls("Eve", t(2026, 5, 1), 9, "asb_nuisance", None));
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
    // Window: the 7 days 24..30 June; previous: 17..23 June.
    let list = b
        .hub
        .top(
            &b.viewer(b.council_officer),
            &TopQuery {
                limit: 3,
                ..TopQuery::top50(TopKind::Callers, now, 7)
            },
        )
        .unwrap();
    let rows: Vec<(&str, u32, Movement)> = list
        .rows
        .iter()
        .map(|r| (r.subject.name.as_str(), r.count, r.movement))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("Cat", 3, Movement::Up { places: 2 }),
            ("Ann", 2, Movement::Down { places: 1 }),
            ("Dan", 1, Movement::New),
        ]
    );
    // The partnership's days: midnight in London, 23:00 UTC in summer time.
    assert_eq!(
        list.from,
        Utc.with_ymd_and_hms(2026, 6, 23, 23, 0, 0).unwrap()
    );
    assert_eq!(
        list.previous_from,
        Utc.with_ymd_and_hms(2026, 6, 16, 23, 0, 0).unwrap()
    );
}

#[test]
fn harm_weighting_ranks_a_few_serious_crimes_above_many_nuisance_calls() {
    let now = t(2026, 6, 30);
    let b = borough(now, false);
    let mut rows = calls("Many", t(2026, 6, 29), 5, "asb_environmental", None);
    rows.extend(calls("Few", t(2026, 6, 29), 1, "crime", Some("8N")));
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
    let viewer = b.viewer(b.council_officer);
    let by_count = b
        .hub
        .top(&viewer, &TopQuery::top50(TopKind::Callers, now, 30))
        .unwrap();
    assert_eq!(by_count.rows[0].subject.name, "Many");
    let mut weights = HarmWeights::default();
    weights.by_offence.insert("8N".into(), 40.0);
    let harm = TopQuery {
        measure: TopMeasure::Harm { weights },
        ..TopQuery::top50(TopKind::Callers, now, 30)
    };
    let by_harm = b.hub.top(&viewer, &harm).unwrap();
    let names: Vec<(&str, u32, f64)> = by_harm
        .rows
        .iter()
        .map(|r| (r.subject.name.as_str(), r.count, r.score))
        .collect();
    assert_eq!(names, vec![("Few", 1, 40.0), ("Many", 5, 2.5)]);
}

#[test]
fn the_hub_finds_case_review_thresholds_and_repeats_in_what_the_viewer_may_read() {
    let now = t(2026, 6, 30);
    let b = borough(now, false);
    let mut rows = calls("Three", t(2026, 6, 1), 3, "asb_personal", None);
    rows.extend(calls("Two", t(2026, 6, 1), 2, "asb_personal", None));
    // Domestic abuse is outside the council's agreement: police see a repeat, the council not.
    rows.extend(calls("Hidden", t(2026, 6, 1), 3, "domestic_abuse", None));
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
    let names = |hits: Vec<String>| hits;
    let council = b.viewer(b.council_officer);
    let police = b.viewer(b.officer);
    let review = b
        .hub
        .case_review_thresholds(&council, now, &CaseReviewConfig::default())
        .unwrap();
    assert_eq!(
        names(review.iter().map(|h| h.subject.name.clone()).collect()),
        vec!["Three"]
    );
    let repeats = |v| {
        let mut n: Vec<String> = b
            .hub
            .repeats(v, now, &RepeatConfig::default())
            .unwrap()
            .into_iter()
            .map(|h| h.subject.name)
            .collect();
        n.sort();
        n
    };
    assert_eq!(repeats(&council), vec!["Three", "Two"]);
    assert_eq!(repeats(&police), vec!["Hidden", "Three", "Two"]);
    assert!(repeats(&b.viewer(b.housing_officer)).is_empty());
}

mod windowed {
    //! The hub answers repeats and case reviews from per-subject histories searched by window;
    //! these properties hold it to the pure rules applied to every incident, on random data
    //! imported in batches out of time order, with reports early, on time and late.

    use super::*;
    use proptest::prelude::*;
    use safehub::incidents::LocationRef;
    use safehub::incidents::RepeatKind;

    const CATEGORIES: [&str; 4] = ["asb_personal", "hate", "domestic_abuse", "other"];
    const NAMES: [&str; 3] = ["Ann Alpha", "Bob Beta", "Cy Gamma"];
    const PLACES: [&str; 2] = ["1 Elm Court", "2 Oak Road"];

    #[derive(Clone, Debug)]
    struct Call {
        caller: usize,
        place: usize,
        category: usize,
        /// Hours after the start.
        hour: i64,
        /// Hours between the behaviour and the report (the import refuses a report before the
        /// behaviour).
        lag: i64,
    }

    fn call() -> impl Strategy<Value = Call> {
        (
            0..3usize,
            0..2usize,
            0..4usize,
            0..(400 * 24i64),
            0..(45 * 24i64),
        )
            .prop_map(|(caller, place, category, hour, lag)| Call {
                caller,
                place,
                category,
                hour,
                lag,
            })
    }

    fn start() -> DateTime<Utc> {
        t(2025, 1, 1)
    }

    fn occurred(c: &Call) -> DateTime<Utc> {
        start() + Duration::hours(c.hour)
    }

    fn reported(c: &Call) -> DateTime<Utc> {
        occurred(c) + Duration::hours(c.lag)
    }

    fn row(i: usize, c: &Call) -> IncidentRow {
        IncidentRow {
            external_ref: format!("w{i}"),
            occurred_at: occurred(c),
            reported_at: Some(reported(c)),
            category: CATEGORIES[c.category].into(),
            offence_code: None,
            summary: String::new(),
            location: Some(LocationRef {
                uprn: None,
                address: Some(PLACES[c.place].into()),
                postcode: None,
                label: Some(PLACES[c.place].into()),
            }),
            caller: Some(PersonRef {
                name: NAMES[c.caller].into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(1970, 1, 1),
                identifiers: vec![],
            }),
            people: vec![],
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        #[test]
        fn windowed_reads_agree_with_the_rules_over_every_incident(
            calls in prop::collection::vec(call(), 1..60),
            split in 0usize..60,
            at_hour in 0..(420 * 24i64),
            qualifying_days in prop::option::of(0u32..40),
        ) {
            let now = t(2026, 6, 30);
            let b = borough(now, false);
            let rows: Vec<IncidentRow> = calls.iter().enumerate().map(|(i, c)| row(i, c)).collect();
            // Later behaviour first, so each batch lands out of time order.
            let (first, second) = rows.split_at(split.min(rows.len()));
            for batch in [second, first] {
                if !batch.is_empty() {
                    let mut batch = batch.to_vec();
                    batch.reverse();
                    b.hub.import_incidents(b.officer, batch, &ImportOptions::default(), None).unwrap();
                }
            }
            let at = start() + Duration::hours(at_hour);
            let police = b.viewer(b.officer);
            let repeats = RepeatConfig::default();
            let mut review = CaseReviewConfig { distinct_complainants: Some(2), ..CaseReviewConfig::default() };
            if let Some(d) = qualifying_days {
                review.qualifying_within = Period::Days(d);
            }

            let counted = |rule: &RepeatRule, c: &Call| {
                rule.categories.iter().any(|k| k == CATEGORIES[c.category])
            };
            let mut expected = Vec::new();
            for (who, name) in NAMES.iter().enumerate() {
                let times: Vec<_> = calls.iter()
                    .filter(|c| c.caller == who && counted(&repeats.person, c))
                    .map(occurred).collect();
                if let Some(n) = is_repeat(&repeats.person, &times, at, &Calendar::LONDON) {
                    expected.push((RepeatKind::Person, name.to_string(), n));
                }
            }
            for (place, label) in PLACES.iter().enumerate() {
                let times: Vec<_> = calls.iter()
                    .filter(|c| c.place == place && counted(&repeats.location, c))
                    .map(occurred).collect();
                if let Some(n) = is_repeat(&repeats.location, &times, at, &Calendar::LONDON) {
                    expected.push((RepeatKind::Location, label.to_string(), n));
                }
            }
            let mut got: Vec<_> = b.hub.repeats(&police, at, &repeats).unwrap().into_iter()
                .map(|h| (h.kind, h.subject.name, h.count)).collect();
            expected.sort_by(|a, b| a.1.cmp(&b.1));
            got.sort_by(|a, b| a.1.cmp(&b.1));
            prop_assert_eq!(got, expected);

            let complaints = |pick: &dyn Fn(&Call) -> bool| -> Vec<Complaint> {
                calls.iter()
                    .filter(|c| pick(c) && matches!(CATEGORIES[c.category], "asb_personal" | "hate"))
                    .map(|c| Complaint {
                        occurred_at: occurred(c),
                        reported_at: reported(c),
                        hate: CATEGORIES[c.category] == "hate",
                        complainant: Some(PersonId(uuid::Uuid::from_u128(c.caller as u128))),
                    })
                    .collect()
            };
            let mut expected = Vec::new();
            for (who, name) in NAMES.iter().enumerate() {
                if let Some(basis) = case_review_met(&review, &complaints(&|c| c.caller == who), at, false, &Calendar::LONDON) {
                    expected.push((name.to_string(), basis));
                }
            }
            for (place, label) in PLACES.iter().enumerate() {
                if let Some(basis) = case_review_met(&review, &complaints(&|c| c.place == place), at, true, &Calendar::LONDON) {
                    expected.push((label.to_string(), basis));
                }
            }
            let mut got: Vec<_> = b.hub.case_review_thresholds(&police, at, &review).unwrap()
                .into_iter().map(|h| (h.subject.name, h.basis)).collect();
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            got.sort_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(got, expected);
        }
    }
}

#[test]
fn a_top_50_caller_on_a_case_shows_it_and_its_lead_only_to_those_who_read_the_case() {
    use safehub::{CaseOutcome, CaseType, NewCase, Subject, SubjectRole, TeamMember};
    let now = t(2026, 6, 30);
    let b = borough(now, false);
    let rows = calls("Margaret Hughes", t(2026, 6, 25), 4, "asb_nuisance", None);
    b.hub
        .import_incidents(b.officer, rows, &ImportOptions::default(), None)
        .unwrap();
    let police = b.viewer(b.officer);
    let council = b.viewer(b.council_officer);
    let top = |v| {
        b.hub
            .top(v, &TopQuery::top50(TopKind::Callers, now, 30))
            .unwrap()
            .rows
    };
    let caller = top(&police)[0].subject.subject;
    let Subject::Person(margaret) = caller else {
        panic!("a caller is a person");
    };
    assert!(top(&police)[0].subject.cases.is_empty(), "on no case yet");

    let case = b
        .hub
        .open_case(
            b.officer,
            NewCase {
                case_type: CaseType::Asb,
                title: "Hughes: neighbour dispute, Elm Road".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    b.hub
        .link_subject(b.officer, case, caller, SubjectRole::Victim)
        .unwrap();

    // Police lead it: their row says so.
    let on = &top(&police)[0].subject.cases;
    assert_eq!(on.len(), 1);
    assert_eq!(
        (on[0].case, on[0].title.as_str(), on[0].lead_agency.id),
        (case, "Hughes: neighbour dispute, Elm Road", b.police)
    );
    assert_eq!(
        on[0].lead_practitioner.as_ref().map(|p| p.id),
        Some(b.officer)
    );
    // The council counts her calls under the agreement but is not on the case, whose stub does
    // not say who it is about: the row is exactly as before the case existed.
    let council_row = &top(&council)[0];
    assert_eq!(council_row.subject.subject, caller);
    assert!(council_row.subject.cases.is_empty());
    let repeats = b
        .hub
        .repeats(&council, now, &RepeatConfig::default())
        .unwrap();
    assert!(repeats.iter().all(|h| h.subject.cases.is_empty()));

    // On the team (under an agreement covering ASB), the council reads the case, and the row,
    // the repeat and the case review list say it.
    b.hub
        .add_team_member(b.officer, case, TeamMember::Practitioner(b.council_officer))
        .unwrap();
    assert_eq!(top(&council)[0].subject.cases[0].case, case);
    let repeats = b
        .hub
        .repeats(&council, now, &RepeatConfig::default())
        .unwrap();
    let hit = repeats
        .iter()
        .find(|h| h.subject.subject == Subject::Person(margaret))
        .expect("a repeat caller");
    assert_eq!(hit.subject.cases[0].lead_agency.id, b.police);

    // A closed case is no longer worked: no longer said.
    b.hub
        .close_case(b.officer, case, CaseOutcome::Resolved, "Mediation agreed.")
        .unwrap();
    assert!(top(&police)[0].subject.cases.is_empty());
    assert!(top(&council)[0].subject.cases.is_empty());
}
