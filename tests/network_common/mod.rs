//! A small web for the network and briefing canary tests: a victim, an offender, a witness and
//! a restricted victim; an ordinary block and a restricted refuge; a police ASB case; ASB and
//! domestic abuse incidents imported by police. The council reads ASB under its agreement (not
//! domestic abuse, not personal details); housing has no agreement.

#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use safehub::incidents::{InvolvedRef, LocationRef, PersonRef};
use safehub::{
    CaseId, CaseType, ImportOptions, IncidentRole, IncidentRow, LocationId, NewCase, NewEntry,
    NewLocation, NewPerson, PersonId, Subject, SubjectRole,
};
use safehub_workspace::fixture::{borough, Borough};

pub const VIC: &str = "Vic Victim";
/// A name that needs escaping in every export format.
pub const OLLY: &str = "Olly \"Fox\" <O&Co>";
pub const WENDY: &str = "Wendy Witness";
pub const HIDDEN_NAME: &str = "CANARY-RESTRICTED-NAME";
pub const ELM: &str = "Elm Court";
pub const ELM_ADDRESS: &str = "CANARY-ELM-ADDRESS 1 Elm Court";
pub const REFUGE_LABEL: &str = "CANARY-REFUGE-LABEL";
pub const REFUGE_ADDRESS: &str = "CANARY-REFUGE-ADDRESS";
pub const ASB_NOTE: &str = "CANARY-ASB-NOTE";
pub const DA_NOTE: &str = "CANARY-DA-NOTE";
pub const CASE_NOTE: &str = "CANARY-CASE-NOTE";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 30, 9, 0, 0).unwrap()
}

pub struct Scene {
    pub b: Borough,
    pub vic: PersonId,
    pub olly: PersonId,
    pub wendy: PersonId,
    pub hidden: PersonId,
    pub elm: LocationId,
    pub refuge: LocationId,
    pub case: CaseId,
}

fn dob() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1980, 1, 1)
}

fn who(name: &str, role: IncidentRole) -> InvolvedRef {
    InvolvedRef {
        role,
        person: PersonRef {
            name: name.into(),
            date_of_birth: dob(),
            identifiers: vec![],
        },
    }
}

fn row(
    reference: &str,
    category: &str,
    when: DateTime<Utc>,
    summary: &str,
    uprn: &str,
    people: Vec<InvolvedRef>,
) -> IncidentRow {
    IncidentRow {
        external_ref: reference.into(),
        occurred_at: when,
        reported_at: None,
        category: category.into(),
        offence_code: None,
        summary: summary.into(),
        location: Some(LocationRef {
            uprn: Some(uprn.into()),
            ..LocationRef::default()
        }),
        caller: None,
        people,
    }
}

pub fn scene() -> Scene {
    let b = borough(now() - Duration::days(20), false);
    b.clock.set(now() - Duration::days(10));
    let person = |name: &str, restricted| {
        b.hub
            .record_person(
                b.officer,
                NewPerson {
                    name: name.into(),
                    date_of_birth: dob(),
                    restricted,
                    ..NewPerson::default()
                },
            )
            .unwrap()
    };
    let vic = person(VIC, false);
    let olly = person(OLLY, false);
    let wendy = person(WENDY, false);
    let hidden = person(HIDDEN_NAME, true);
    let place = |label: &str, address: &str, uprn: &str, restricted| {
        b.hub
            .record_location(
                b.officer,
                NewLocation {
                    label: label.into(),
                    address: Some(address.into()),
                    uprn: Some(uprn.into()),
                    coordinates: Some((52.633, -1.695)),
                    restricted,
                    ..NewLocation::default()
                },
            )
            .unwrap()
    };
    let elm = place(ELM, ELM_ADDRESS, "100000000002", false);
    let refuge = place(REFUGE_LABEL, REFUGE_ADDRESS, "100000000001", true);
    let case = b
        .hub
        .open_case(
            b.officer,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Court ASB".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )
        .unwrap();
    for (s, role) in [
        (Subject::Person(vic), SubjectRole::Victim),
        (Subject::Person(olly), SubjectRole::Perpetrator),
        (Subject::Location(elm), SubjectRole::LocationOfConcern),
    ] {
        b.hub.link_subject(b.officer, case, s, role).unwrap();
    }
    b.hub
        .add_entry(b.officer, case, NewEntry::note(CASE_NOTE))
        .unwrap();
    use IncidentRole::*;
    let asb = format!("{ASB_NOTE} shouting");
    b.clock.set(now() - Duration::days(7));
    b.hub
        .import_incidents(
            b.officer,
            vec![
                row(
                    "ASB-1",
                    "asb_personal",
                    now() - Duration::days(9),
                    &asb,
                    "100000000002",
                    vec![who(VIC, Victim), who(OLLY, Offender), who(WENDY, Witness)],
                ),
                row(
                    "ASB-2",
                    "asb_personal",
                    now() - Duration::days(8),
                    &asb,
                    "100000000001",
                    vec![who(WENDY, Witness), who(HIDDEN_NAME, Victim)],
                ),
            ],
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    b.clock.set(now() - Duration::hours(1));
    b.hub
        .import_incidents(
            b.officer,
            vec![
                row(
                    "DA-1",
                    "domestic_abuse",
                    now() - Duration::hours(2),
                    &format!("{DA_NOTE} injuries"),
                    "100000000001",
                    vec![who(HIDDEN_NAME, Victim), who(OLLY, Offender)],
                ),
                row(
                    "ASB-3",
                    "asb_personal",
                    now() - Duration::hours(3),
                    &asb,
                    "100000000002",
                    vec![who(VIC, Caller)],
                ),
            ],
            &ImportOptions::default(),
            None,
        )
        .unwrap();
    b.clock.set(now());
    Scene {
        b,
        vic,
        olly,
        wendy,
        hidden,
        elm,
        refuge,
        case,
    }
}
