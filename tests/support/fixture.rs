//! A small partnership for incident tests: police import; the council reads under an agreement
//! covering ASB, crime and general information but not domestic abuse or special categories;
//! housing has no agreement at all.

use chrono::{DateTime, Duration, Utc};
use safehub::{
    AgencyId, AgencyKind, Hub, InformationCategory, LawfulBasis, ManualClock, NewAgency,
    NewAgreement, NewPractitioner, PractitionerId, Role, SequentialIds, Viewer,
};

/// The partnership and its people.
pub struct Borough {
    /// The hub.
    pub hub: Hub,
    /// Its clock.
    pub clock: ManualClock,
    /// Police, the importing agency.
    pub police: AgencyId,
    /// The partnership admin (police).
    pub admin: PractitionerId,
    /// A police case worker who imports.
    pub officer: PractitionerId,
    /// A council ASB officer.
    pub council_officer: PractitionerId,
    /// A housing officer outside every agreement.
    pub housing_officer: PractitionerId,
}

impl Borough {
    /// A viewer for a practitioner.
    pub fn viewer(&self, who: PractitionerId) -> Viewer {
        Viewer::new(who).because("hub meeting")
    }
}

fn agency(hub: &Hub, admin: PractitionerId, name: &str, kind: AgencyKind) -> AgencyId {
    hub.add_agency(
        admin,
        NewAgency {
            name: name.into(),
            kind,
        },
    )
    .expect("agency")
}

fn worker(hub: &Hub, admin: PractitionerId, agency: AgencyId, name: &str) -> PractitionerId {
    hub.register_practitioner(
        admin,
        NewPractitioner {
            agency,
            name: name.into(),
            role: Role::CaseWorker,
            external_id: None,
        },
    )
    .expect("practitioner")
}

/// Sets the partnership up with the clock at `now`; `all_categories` widens the council's
/// agreement to every category, special ones included.
pub fn borough(now: DateTime<Utc>, all_categories: bool) -> Borough {
    borough_on(None, now, all_categories)
}

/// [`borough`] on the given journal (an in-memory one if `None`), for tests of how the hub
/// treats its journal.
pub fn borough_on(
    journal: Option<Box<dyn safehub::journal::Journal>>,
    now: DateTime<Utc>,
    all_categories: bool,
) -> Borough {
    let clock = ManualClock::new(now);
    let builder = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(11));
    let hub = match journal {
        Some(journal) => builder.journal(journal),
        None => builder.open_in_memory(),
    }
    .expect("hub");
    let est = hub
        .establish(
            "Test Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .expect("establish");
    let council = agency(&hub, est.admin, "Council", AgencyKind::Council);
    let housing = agency(&hub, est.admin, "Housing", AgencyKind::Housing);
    let categories = if all_categories {
        InformationCategory::ALL.to_vec()
    } else {
        vec![
            InformationCategory::General,
            InformationCategory::Asb,
            InformationCategory::Crime,
        ]
    };
    hub.sign_agreement(
        est.admin,
        NewAgreement {
            title: "Hub ISP".into(),
            parties: vec![est.agency, council],
            purposes: vec!["Community safety".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories,
            special_category: all_categories,
            starts: now - Duration::days(5000),
            ends: None,
        },
    )
    .expect("agreement");
    Borough {
        officer: worker(&hub, est.admin, est.agency, "PC Importer"),
        council_officer: worker(&hub, est.admin, council, "ASB officer"),
        housing_officer: worker(&hub, est.admin, housing, "Housing officer"),
        police: est.agency,
        admin: est.admin,
        hub,
        clock,
    }
}
