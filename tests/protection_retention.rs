//! Retention: a closed case comes into its owning agency's review list on its review date and
//! not a day before; "retain" records a reason and pushes the next review one period on; rules
//! per case type (MoPI-style groups) set longer periods.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::protection::{AppliesTo, RetentionDue};
use safehub::{
    AgencyKind, CaseId, CaseStatus, CaseType, Error, Hub, InformationCategory, LawfulBasis,
    ManualClock, MopiGroup, NewAgreement, NewCase, NewEntry, PractitionerId, RetentionChoice,
    RetentionRule, Role, SequentialIds, Viewer,
};
use safehub_workspace::{agency, practitioner};

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).unwrap()
}

struct World {
    hub: Hub,
    clock: ManualClock,
    admin: PractitionerId,
    supervisor: PractitionerId,
    pc: PractitionerId,
    housing_supervisor: PractitionerId,
}

fn world() -> World {
    let clock = ManualClock::new(at(2019, 1, 2, 9, 0, 0));
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    let police = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let housing = hub
        .add_agency(police.admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    let supervisor = hub
        .register_practitioner(
            police.admin,
            practitioner(police.agency, "Sgt", Role::Supervisor),
        )
        .unwrap();
    let pc = hub
        .register_practitioner(
            police.admin,
            practitioner(police.agency, "PC", Role::CaseWorker),
        )
        .unwrap();
    let housing_supervisor = hub
        .register_practitioner(
            police.admin,
            practitioner(housing, "Housing sup", Role::Supervisor),
        )
        .unwrap();
    World {
        hub,
        clock,
        admin: police.admin,
        supervisor,
        pc,
        housing_supervisor,
    }
}

/// Opens a case of `case_type`, writes a note and closes it at `closed`.
fn closed_case(w: &World, case_type: CaseType, closed: DateTime<Utc>) -> CaseId {
    let case = w
        .hub
        .open_case(
            w.pc,
            NewCase {
                case_type,
                title: "Case".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    w.hub
        .add_entry(w.pc, case, NewEntry::note("A note."))
        .unwrap();
    w.clock.set(closed);
    w.hub
        .change_case_status(w.pc, case, CaseStatus::Closed)
        .unwrap();
    case
}

fn due(w: &World, who: PractitionerId, when: DateTime<Utc>) -> Vec<RetentionDue> {
    w.hub.retention_due(&Viewer::new(who), when).unwrap()
}

#[test]
fn a_closed_case_is_due_for_review_six_years_after_closure_on_the_day_and_not_the_day_before() {
    let w = world();
    let closed = at(2019, 3, 15, 16, 30, 0);
    let case = closed_case(&w, CaseType::Asb, closed);

    assert!(due(&w, w.supervisor, at(2025, 3, 14, 23, 59, 59)).is_empty());
    let list = due(&w, w.supervisor, at(2025, 3, 15, 0, 0, 0));
    assert_eq!(list.len(), 1);
    let row = &list[0];
    assert_eq!(row.case, case);
    assert_eq!(row.closed_at, closed);
    assert_eq!(row.review_due, at(2025, 3, 15, 16, 30, 0));
    assert_eq!(row.rule, RetentionRule::default_rule());
    assert_eq!(row.entries.len(), 1);
    assert!(!row.retained_before);

    // Another agency's supervisor is not told of police's cases; a case worker may not ask.
    assert!(due(&w, w.housing_supervisor, at(2030, 1, 1, 0, 0, 0)).is_empty());
    assert!(matches!(
        w.hub
            .retention_due(&Viewer::new(w.pc), at(2030, 1, 1, 0, 0, 0)),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn an_open_case_is_never_due_and_reopening_stops_the_clock() {
    let w = world();
    let case = closed_case(&w, CaseType::Asb, at(2019, 3, 15, 12, 0, 0));
    w.clock.set(at(2020, 1, 1, 0, 0, 0));
    w.hub
        .change_case_status(w.pc, case, CaseStatus::Reopened)
        .unwrap();
    assert!(due(&w, w.supervisor, at(2040, 1, 1, 0, 0, 0)).is_empty());
    w.hub
        .change_case_status(w.pc, case, CaseStatus::Closed)
        .unwrap();
    assert!(due(&w, w.supervisor, at(2025, 12, 31, 0, 0, 0)).is_empty());
    assert_eq!(due(&w, w.supervisor, at(2026, 1, 1, 0, 0, 0)).len(), 1);
}

#[test]
fn retaining_records_the_reason_and_pushes_the_next_review_one_period_on() {
    let w = world();
    let case = closed_case(&w, CaseType::Asb, at(2019, 3, 15, 12, 0, 0));

    // Not before it is due.
    w.clock.set(at(2025, 3, 14, 12, 0, 0));
    let early = w.hub.decide_retention(
        w.supervisor,
        case,
        RetentionChoice::Retain {
            reason: "ongoing civil injunction".into(),
        },
    );
    assert!(matches!(early, Err(Error::Invalid { .. })), "{early:?}");

    // A case worker may not decide; a supervisor may retain.
    w.clock.set(at(2025, 3, 20, 12, 0, 0));
    let retain = RetentionChoice::Retain {
        reason: "ongoing civil injunction".into(),
    };
    assert!(matches!(
        w.hub.decide_retention(w.pc, case, retain.clone()),
        Err(Error::Forbidden { .. })
    ));
    // A supervisor may not dispose: that needs the agency admin.
    assert!(matches!(
        w.hub
            .decide_retention(w.supervisor, case, RetentionChoice::Dispose),
        Err(Error::Forbidden { .. })
    ));
    w.hub.decide_retention(w.supervisor, case, retain).unwrap();

    assert!(due(&w, w.supervisor, at(2031, 3, 19, 0, 0, 0)).is_empty());
    let list = due(&w, w.supervisor, at(2031, 3, 20, 0, 0, 0));
    assert_eq!(list.len(), 1);
    assert!(list[0].retained_before);
    assert_eq!(list[0].review_due, at(2031, 3, 20, 12, 0, 0));

    let kinds: Vec<_> = w
        .hub
        .changes_since(0, 1000)
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert!(kinds.iter().any(|k| k == "retention_decided"));
}

#[test]
fn a_mopi_group_rule_for_a_case_type_sets_a_longer_review_than_the_default() {
    let w = world();
    let rule = RetentionRule::mopi(
        AppliesTo {
            category: None,
            case_type: Some(CaseType::DomesticAbuse),
        },
        MopiGroup::Group2,
    );
    // Only partnership admins set rules.
    assert!(matches!(
        w.hub.set_retention_rule(w.supervisor, rule.clone()),
        Err(Error::Forbidden { .. })
    ));
    w.hub.set_retention_rule(w.admin, rule.clone()).unwrap();
    assert_eq!(w.hub.retention_rules(), vec![rule.clone()]);

    let closed = at(2019, 6, 1, 10, 0, 0);
    let da = closed_case(&w, CaseType::DomesticAbuse, closed);
    let asb = closed_case(&w, CaseType::Asb, closed);

    let six_years = due(&w, w.supervisor, at(2025, 6, 1, 0, 0, 0));
    assert_eq!(
        six_years.iter().map(|d| d.case).collect::<Vec<_>>(),
        vec![asb]
    );
    assert!(!due(&w, w.supervisor, at(2029, 5, 31, 0, 0, 0))
        .iter()
        .any(|d| d.case == da));
    let ten_years = due(&w, w.supervisor, at(2029, 6, 1, 0, 0, 0));
    let row = ten_years.iter().find(|d| d.case == da).unwrap();
    assert_eq!(row.rule, rule);
    assert_eq!(row.review_due, closed + Duration::days(3653));
}

/// Police close a case on which housing wrote an entry of `category`, under an agreement that
/// lets housing work the case but not police read that category, with a ten-year rule for
/// mental health registered. Returns, as police's supervisor sees them, the review list six
/// and ten years after closure, and whether retaining at six years was accepted.
fn review_of_a_case_with_an_entry_police_may_not_read(
    category: InformationCategory,
) -> (String, String, bool) {
    let w = world();
    let housing = w
        .hub
        .agencies()
        .into_iter()
        .find(|a| a.name == "Housing")
        .unwrap()
        .id;
    let police = w
        .hub
        .agencies()
        .into_iter()
        .find(|a| a.name == "Police")
        .unwrap()
        .id;
    w.hub
        .sign_agreement(
            w.admin,
            NewAgreement {
                title: "ASB ISP".into(),
                parties: vec![police, housing],
                purposes: vec!["ASB".into()],
                lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                categories: vec![InformationCategory::Asb, InformationCategory::General],
                special_category: false,
                starts: at(2018, 1, 1, 0, 0, 0),
                ends: None,
            },
        )
        .unwrap();
    w.hub
        .set_retention_rule(
            w.admin,
            RetentionRule::mopi(
                AppliesTo {
                    category: Some(InformationCategory::MentalHealth),
                    case_type: None,
                },
                MopiGroup::Group2,
            ),
        )
        .unwrap();
    let case = w
        .hub
        .open_case(
            w.pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Case".into(),
                lead_practitioner: None,
                team: vec![housing],
            },
        )
        .unwrap();
    w.hub
        .add_entry(w.pc, case, NewEntry::note("A note."))
        .unwrap();
    w.hub
        .add_entry(
            w.housing_supervisor,
            case,
            NewEntry::note("Housing's note.").category(category),
        )
        .unwrap();
    w.clock.set(at(2019, 3, 15, 12, 0, 0));
    w.hub
        .change_case_status(w.pc, case, CaseStatus::Closed)
        .unwrap();
    let six = due(&w, w.supervisor, at(2025, 3, 20, 0, 0, 0));
    let ten = due(&w, w.supervisor, at(2029, 3, 20, 0, 0, 0));
    assert_eq!(ten.len(), 1, "due after ten years whatever housing wrote");
    w.clock.set(at(2025, 3, 20, 12, 0, 0));
    let retained = w
        .hub
        .decide_retention(
            w.supervisor,
            case,
            RetentionChoice::Retain {
                reason: "injunction".into(),
            },
        )
        .is_ok();
    (
        serde_json::to_string(&six).unwrap(),
        serde_json::to_string(&ten).unwrap(),
        retained,
    )
}

#[test]
fn the_review_shows_an_entry_police_may_not_read_without_its_category_and_its_category_does_not_move_the_date(
) {
    let mental_health =
        review_of_a_case_with_an_entry_police_may_not_read(InformationCategory::MentalHealth);
    let domestic_abuse =
        review_of_a_case_with_an_entry_police_may_not_read(InformationCategory::DomesticAbuse);
    assert_eq!(mental_health, domestic_abuse);
}
