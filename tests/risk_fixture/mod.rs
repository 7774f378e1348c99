//! A small borough for the risk tests: police lead a domestic abuse case with housing on the
//! team; mental health is a partner off the team; one victim linked to the case.

#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use safehub::risk::builtin::DA_CHECKLIST;
use safehub::{
    AgencyId, AgencyKind, AnswerValue, Answers, CaseId, CaseType, Hub, InformationCategory,
    LawfulBasis, ManualClock, NewAgency, NewAgreement, NewAssessment, NewCase, NewPerson,
    NewPractitioner, PersonId, PractitionerId, Role, SequentialIds, Subject, SubjectRole, Viewer,
};

pub struct Borough {
    pub hub: Hub,
    pub clock: ManualClock,
    pub admin: PractitionerId,
    pub police: AgencyId,
    pub housing: AgencyId,
    pub health: AgencyId,
    /// Police case worker, the case lead.
    pub pc: PractitionerId,
    /// Police supervisor.
    pub sergeant: PractitionerId,
    /// Housing case worker on the team.
    pub officer: PractitionerId,
    /// Mental health case worker, off the team.
    pub nurse: PractitionerId,
    pub case: CaseId,
    pub victim: PersonId,
}

impl Borough {
    pub fn new() -> Borough {
        let clock = ManualClock::at_date(2025, 1, 6).unwrap();
        let hub = Hub::builder()
            .clock(clock.clone())
            .ids(SequentialIds::new(7))
            .open_in_memory()
            .unwrap();
        let est = hub
            .establish(
                "Risk Hub",
                NewAgency {
                    name: "Police".into(),
                    kind: AgencyKind::Police,
                },
                "Admin",
            )
            .unwrap();
        let agency = |name: &str, kind| {
            hub.add_agency(
                est.admin,
                NewAgency {
                    name: name.into(),
                    kind,
                },
            )
            .unwrap()
        };
        let housing = agency("Housing", AgencyKind::Housing);
        let health = agency("Mental Health", AgencyKind::MentalHealth);
        hub.sign_agreement(
            est.admin,
            NewAgreement {
                title: "Hub ISP".into(),
                parties: vec![est.agency, housing, health],
                purposes: vec!["Safeguarding".into()],
                lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
                categories: vec![
                    InformationCategory::General,
                    InformationCategory::PersonalDetails,
                    InformationCategory::DomesticAbuse,
                    InformationCategory::Asb,
                    InformationCategory::RiskAssessment,
                ],
                special_category: false,
                starts: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
                ends: None,
            },
        )
        .unwrap();
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
        let pc = person(est.agency, "PC Patel", Role::CaseWorker);
        let sergeant = person(est.agency, "Sgt Jones", Role::Supervisor);
        let officer = person(housing, "Housing officer", Role::CaseWorker);
        let nurse = person(health, "CPN", Role::CaseWorker);
        let case = hub
            .open_case(
                pc,
                NewCase {
                    case_type: CaseType::DomesticAbuse,
                    title: "DA, Elm Road".into(),
                    lead_practitioner: None,
                    team: vec![housing],
                },
            )
            .unwrap();
        let victim = hub
            .record_person(
                pc,
                NewPerson {
                    name: "Alex Victim".into(),
                    ..NewPerson::default()
                },
            )
            .unwrap();
        hub.link_subject(pc, case, Subject::Person(victim), SubjectRole::Victim)
            .unwrap();
        Borough {
            hub,
            clock,
            admin: est.admin,
            police: est.agency,
            housing,
            health,
            pc,
            sergeant,
            officer,
            nurse,
            case,
            victim,
        }
    }

    /// `yes` yes answers to the DA checklist, the rest no.
    pub fn dash(&self, yes: usize) -> NewAssessment {
        let template = self.hub.template(DA_CHECKLIST, Some(1)).unwrap();
        let answers: Answers = template
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| (q.id.clone(), AnswerValue::YesNo(i < yes)))
            .collect();
        NewAssessment::new(self.case, self.victim, DA_CHECKLIST, answers)
    }

    pub fn days(&self, n: i64) {
        self.clock.advance(Duration::days(n));
    }
}

pub fn as_viewer(p: PractitionerId) -> Viewer {
    Viewer::new(p).because("risk test")
}
