//! Regression tests for three leak classes an independent hunt found (issue 18): a future as-of
//! date judged by an agreement not yet in force (class 1), involvement derived from a sensitive
//! answer by an agency off the case team (class 3), and commands that act on, or answer
//! differently for, ids the actor may not see (class 4).
//!
//! The broad versions of these checks (every read and command, random worlds, twin hubs) live in
//! `sharing_model.rs`, `sharing_canaries.rs` and `sharing_twins.rs`; these name the situations.

use chrono::{DateTime, Duration, TimeZone, Utc};
use safehub::views::CaseStub;
use safehub::{
    AgencyId, AgencyKind, Answers, Assignee, CaseId, CaseType, CaseView, Error, ErrorCode, Hub,
    InformationCategory, LawfulBasis, ManualClock, NewAgreement, NewAssessment, NewCase, NewEntry,
    NewPerson, NewTask, PersonId, PractitionerId, Priority, Role, SequentialIds, Subject,
    SubjectRole, Target, Viewer, Visibility,
};
use safehub_workspace::{agency, practitioner};

type Time = DateTime<Utc>;

fn start() -> Time {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

struct World {
    hub: Hub,
    clock: ManualClock,
    admin: PractitionerId,
    police: AgencyId,
    council: AgencyId,
    pc: PractitionerId,
    housing_officer: PractitionerId,
    council_officer: PractitionerId,
    firefighter: PractitionerId,
    case: CaseId,
    /// Police and housing's agreement.
    isp: safehub::AgreementId,
}

fn agreement(parties: Vec<AgencyId>, starts: Time, ends: Option<Time>) -> NewAgreement {
    NewAgreement {
        title: "Hub ISP".into(),
        parties,
        purposes: vec!["community safety".into()],
        lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
        categories: vec![
            InformationCategory::General,
            InformationCategory::Asb,
            InformationCategory::PersonalDetails,
            InformationCategory::Location,
        ],
        special_category: false,
        starts,
        ends,
    }
}

/// Police lead an ASB case with housing on the team. Police and housing share from the start;
/// police and fire share from the start (fire is off the team); police and the council share
/// only from day 10.
fn world() -> World {
    let clock = ManualClock::new(start());
    let hub = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(1))
        .open_in_memory()
        .unwrap();
    let est = hub
        .establish("Hub", agency("Police", AgencyKind::Police), "Admin")
        .unwrap();
    let (admin, police) = (est.admin, est.agency);
    let housing = hub
        .add_agency(admin, agency("Housing", AgencyKind::Housing))
        .unwrap();
    let council = hub
        .add_agency(admin, agency("Council", AgencyKind::Council))
        .unwrap();
    let fire = hub
        .add_agency(admin, agency("Fire", AgencyKind::FireAndRescue))
        .unwrap();
    let worker = |a, name| {
        hub.register_practitioner(admin, practitioner(a, name, Role::CaseWorker))
            .unwrap()
    };
    let pc = worker(police, "PC");
    let housing_officer = worker(housing, "Housing officer");
    let council_officer = worker(council, "Council officer");
    let firefighter = worker(fire, "Firefighter");
    let isp = hub
        .sign_agreement(admin, agreement(vec![police, housing], start(), None))
        .unwrap();
    hub.sign_agreement(admin, agreement(vec![police, fire], start(), None))
        .unwrap();
    hub.sign_agreement(
        admin,
        agreement(vec![police, council], start() + Duration::days(10), None),
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
    World {
        hub,
        clock,
        admin,
        police,
        council,
        pc,
        housing_officer,
        council_officer,
        firefighter,
        case,
        isp,
    }
}

/// A read's result as the bytes a host would pass on.
macro_rules! as_json {
    ($value:expr) => {
        serde_json::to_string(&$value).unwrap()
    };
}

// ---- class 1: a future as-of date ----------------------------------------------------------

#[test]
fn the_council_cannot_read_ahead_to_a_day_its_agreement_will_be_in_force() {
    let w = world();
    w.hub
        .add_entry(
            w.pc,
            w.case,
            NewEntry::note("Shared with every partner.").visible_to(Visibility::Partnership),
        )
        .unwrap();
    let ahead = Viewer::new(w.council_officer)
        .because("hub meeting")
        .as_of(start() + Duration::days(11));

    let read = w.hub.case(&ahead, w.case);
    let explained = w.hub.explain(&ahead, Target::Case(w.case));
    for outcome in [read.map(|v| as_json!(v)), explained.map(|v| as_json!(v))] {
        match outcome {
            Err(Error::Invalid { field: "as_of", .. }) => {}
            other => panic!("a future as-of read must be refused, got {other:?}"),
        }
    }
    // Nothing was disclosed, so the police log records nothing.
    let police_supervisor = w
        .hub
        .register_practitioner(
            w.admin,
            practitioner(w.police, "Police supervisor", Role::Supervisor),
        )
        .unwrap();
    let log = w
        .hub
        .consultations(
            &Viewer::new(police_supervisor),
            start() - Duration::days(1),
            start() + Duration::days(365),
        )
        .unwrap();
    assert!(log.is_empty(), "{log:?}");

    // Once the agreement is in force the same note is readable, now and as of that time.
    w.clock.set(start() + Duration::days(12));
    let now = Viewer::new(w.council_officer).because("hub meeting");
    let stub = w.hub.case(&now, w.case).unwrap();
    assert!(as_json!(stub).contains("Shared with every partner."));
    let past = now.as_of(start() + Duration::days(11));
    assert!(as_json!(w.hub.case(&past, w.case).unwrap()).contains("Shared with every partner."));
}

// ---- class 3: involvement from a sensitive answer ----------------------------------------------

fn involved(stub: &CaseStub) -> Vec<String> {
    stub.agencies_involved
        .iter()
        .map(|a| a.name.to_string())
        .collect()
}

#[test]
fn a_sensitive_answer_from_an_agency_off_the_team_does_not_make_it_involved() {
    let w = world();
    w.clock.set(start() + Duration::days(12));
    let victim = w
        .hub
        .record_person(
            w.pc,
            NewPerson {
                name: "Alex Victim".into(),
                ..NewPerson::default()
            },
        )
        .unwrap();
    w.hub
        .link_subject(w.pc, w.case, Subject::Person(victim), SubjectRole::Victim)
        .unwrap();
    let task = w
        .hub
        .set_task(
            w.pc,
            NewTask {
                case: w.case,
                assignee: Assignee::Agency(w.council),
                title: "Any history?".into(),
                detail: "Please check your records.".into(),
                category: InformationCategory::General,
                due: start() + Duration::days(20),
                priority: Priority::Normal,
            },
        )
        .unwrap();
    let fire = Viewer::new(w.firefighter).because("hub meeting");
    let before = w.hub.case(&fire, w.case).unwrap();
    let known_before = as_json!(w.hub.person(&fire, victim).unwrap());

    w.hub
        .answer_task(
            w.council_officer,
            task,
            NewEntry::note("Known to our safeguarding team.").sensitive(),
        )
        .unwrap();

    let CaseView::Stub(after) = w.hub.case(&fire, w.case).unwrap() else {
        panic!("fire is off the team")
    };
    assert!(
        !involved(&after).contains(&"Council".to_string()),
        "{:?}",
        involved(&after)
    );
    assert_eq!(as_json!(before), as_json!(CaseView::Stub(after)));
    assert_eq!(known_before, as_json!(w.hub.person(&fire, victim).unwrap()));

    // A non-sensitive answer is the "we worked on it" the protocol wants everyone to see.
    w.clock.set(start() + Duration::days(13));
    let second = w
        .hub
        .set_task(
            w.pc,
            NewTask {
                case: w.case,
                assignee: Assignee::Agency(w.council),
                title: "Anything else?".into(),
                detail: "Anything at all.".into(),
                category: InformationCategory::General,
                due: start() + Duration::days(20),
                priority: Priority::Normal,
            },
        )
        .unwrap();
    w.hub
        .answer_task(w.council_officer, second, NewEntry::note("Nothing more."))
        .unwrap();
    let CaseView::Stub(shown) = w.hub.case(&fire, w.case).unwrap() else {
        panic!("fire is off the team")
    };
    assert!(involved(&shown).contains(&"Council".to_string()));
}

// ---- class 4: commands on ids the actor may not see ------------------------------------------

/// The error as a viewer would see it: code, display and debug text.
fn shown(e: &Error) -> (ErrorCode, String, String) {
    (e.code(), e.to_string(), format!("{e:?}"))
}

/// Housing records a restricted victim and links them to the police case; police read them under
/// an agreement that then ends, so the PC, still on the team, may no longer know they exist.
fn lost_sight() -> (World, PersonId) {
    let w = world();
    let victim = w
        .hub
        .record_person(
            w.housing_officer,
            NewPerson {
                name: "Restricted Victim".into(),
                restricted: true,
                ..NewPerson::default()
            },
        )
        .unwrap();
    w.hub
        .link_subject(
            w.housing_officer,
            w.case,
            Subject::Person(victim),
            SubjectRole::Victim,
        )
        .unwrap();
    // While the agreement is in force the PC reads the victim in full.
    assert!(w.hub.person(&Viewer::new(w.pc), victim).is_ok());
    w.hub
        .end_agreement(w.admin, w.isp, start() + Duration::days(1))
        .unwrap();
    w.clock.set(start() + Duration::days(2));
    assert_eq!(
        w.hub.person(&Viewer::new(w.pc), victim).unwrap_err().code(),
        ErrorCode::NotFound
    );
    (w, victim)
}

/// An id nobody ever recorded.
fn unknown_person() -> PersonId {
    PersonId(uuid::Uuid::from_u128(0xdead_beef))
}

#[test]
fn a_pc_who_lost_sight_of_a_restricted_victim_cannot_assess_them_and_is_told_not_found() {
    let (w, victim) = lost_sight();
    let assess = |person| {
        w.hub
            .record_assessment(
                w.pc,
                NewAssessment::new(
                    w.case,
                    person,
                    safehub::risk::builtin::ASB_VULNERABILITY,
                    Answers::new(),
                ),
            )
            .map(drop)
    };
    let hidden = assess(victim).unwrap_err();
    let absent = assess(unknown_person()).unwrap_err();
    assert_eq!(shown(&hidden), shown(&absent));
    assert_eq!(hidden.code(), ErrorCode::NotFound);
}

#[test]
fn a_pc_who_lost_sight_of_a_restricted_victim_cannot_unlink_or_relink_them() {
    let (w, victim) = lost_sight();
    for role in [SubjectRole::Victim, SubjectRole::Witness] {
        let unlink = |person| {
            w.hub
                .unlink_subject(w.pc, w.case, Subject::Person(person), role)
        };
        let link = |person| {
            w.hub
                .link_subject(w.pc, w.case, Subject::Person(person), role)
        };
        let (hidden, absent) = (
            unlink(victim).unwrap_err(),
            unlink(unknown_person()).unwrap_err(),
        );
        assert_eq!(shown(&hidden), shown(&absent), "unlink as {role:?}");
        assert_eq!(hidden.code(), ErrorCode::NotFound);
        let (hidden, absent) = (
            link(victim).unwrap_err(),
            link(unknown_person()).unwrap_err(),
        );
        assert_eq!(shown(&hidden), shown(&absent), "link as {role:?}");
    }
    // The housing officer, who recorded the victim, still unlinks them.
    w.hub
        .unlink_subject(
            w.housing_officer,
            w.case,
            Subject::Person(victim),
            SubjectRole::Victim,
        )
        .unwrap();
}

// ---- what a command tells its actor ----------------------------------------------------------

#[test]
fn disposing_of_a_case_does_not_tell_the_admin_of_a_sensitive_entry_housing_wrote_on_it() {
    let w = world();
    let police_note = w
        .hub
        .add_entry(w.pc, w.case, NewEntry::note("Police visit."))
        .unwrap();
    let hidden = w
        .hub
        .add_entry(
            w.housing_officer,
            w.case,
            NewEntry::note("Housing safeguarding concern.")
                .visible_to(Visibility::Private)
                .sensitive(),
        )
        .unwrap();
    w.hub
        .change_case_status(w.pc, w.case, safehub::CaseStatus::Closed)
        .unwrap();
    let told = w
        .hub
        .dispose(w.admin, safehub::ErasureTarget::Case(w.case), "SAR-7")
        .unwrap();
    let records = as_json!(told.records);
    assert!(records.contains(&police_note.to_string()), "{records}");
    assert!(!records.contains(&hidden.to_string()), "{records}");
    // The journal's own tombstone names it, and the chain verifies.
    assert!(w.hub.verify().unwrap().is_ok());
}
