//! A small borough for the tasking and referral tests: police, housing, mental health and a
//! council outside every agreement, with one practitioner or two each.

#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use safehub::{
    AgencyId, AgencyKind, CaseId, CaseType, Hub, InformationCategory, LawfulBasis, ManualClock,
    NewAgency, NewAgreement, NewCase, NewPractitioner, PractitionerId, Role, SequentialIds,
};

/// 08:30 on a Monday: the morning meeting.
pub fn morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 30, 0).unwrap()
}

pub struct Borough {
    pub hub: Hub,
    pub clock: ManualClock,
    pub admin: PractitionerId,
    pub police: AgencyId,
    pub housing: AgencyId,
    pub mental_health: AgencyId,
    pub council: AgencyId,
    /// Police case worker.
    pub pc: PractitionerId,
    /// Police supervisor.
    pub sergeant: PractitionerId,
    /// Police read-only analyst.
    pub analyst: PractitionerId,
    /// Housing case workers.
    pub housing_officer: PractitionerId,
    pub housing_officer_2: PractitionerId,
    /// Mental health case worker.
    pub nurse: PractitionerId,
    /// Council case worker: no agreement with anyone.
    pub council_officer: PractitionerId,
}

impl Borough {
    pub fn in_memory() -> Borough {
        let clock = ManualClock::new(morning());
        let hub = Hub::builder()
            .clock(clock.clone())
            .ids(SequentialIds::new(5))
            .open_in_memory()
            .unwrap();
        Borough::on(hub, clock)
    }

    /// Sets the borough up on an empty hub whose clock is `clock`.
    pub fn on(hub: Hub, clock: ManualClock) -> Borough {
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
        let add = |name: &str, kind| {
            hub.add_agency(
                est.admin,
                NewAgency {
                    name: name.into(),
                    kind,
                },
            )
            .unwrap()
        };
        let housing = add("Housing", AgencyKind::Housing);
        let mental_health = add("Mental health", AgencyKind::MentalHealth);
        let council = add("Council", AgencyKind::Council);
        let start = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
        let sign = |parties: Vec<AgencyId>, categories: Vec<InformationCategory>, special| {
            hub.sign_agreement(
                est.admin,
                NewAgreement {
                    title: "ISP".into(),
                    parties,
                    purposes: vec!["community safety".into()],
                    lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                    categories,
                    special_category: special,
                    starts: start,
                    ends: None,
                },
            )
            .unwrap()
        };
        use InformationCategory::*;
        sign(
            vec![est.agency, housing],
            vec![General, Asb, Housing, PersonalDetails],
            false,
        );
        sign(
            vec![est.agency, mental_health],
            vec![General, Safeguarding, MentalHealth, PersonalDetails],
            true,
        );
        let person = |agency, name: &str, role| {
            hub.register_practitioner(
                est.admin,
                NewPractitioner {
                    agency,
                    name: name.into(),
                    role,
                    external_id: None,
                },
            )
            .unwrap()
        };
        Borough {
            pc: person(est.agency, "PC Patel", Role::CaseWorker),
            sergeant: person(est.agency, "Sgt Jones", Role::Supervisor),
            analyst: person(est.agency, "Analyst", Role::ReadOnly),
            housing_officer: person(housing, "Housing officer", Role::CaseWorker),
            housing_officer_2: person(housing, "Second housing officer", Role::CaseWorker),
            nurse: person(mental_health, "CPN", Role::CaseWorker),
            council_officer: person(council, "ASB officer", Role::CaseWorker),
            admin: est.admin,
            police: est.agency,
            housing,
            mental_health,
            council,
            hub,
            clock,
        }
    }

    /// A police-led case with no partner on its team.
    pub fn police_case(&self, case_type: CaseType, title: &str) -> CaseId {
        self.hub
            .open_case(
                self.pc,
                NewCase {
                    case_type,
                    title: title.into(),
                    lead_practitioner: None,
                    team: vec![],
                },
            )
            .unwrap()
    }

    pub fn now(&self) -> DateTime<Utc> {
        safehub::Clock::now(&self.clock)
    }
}
