//! The morning hub meeting: opens (or creates) `hub.db` on the embedded SQLite default, sets up a
//! small partnership the first time (police, council, housing, mental health) with practitioners,
//! agreements, cases, victims, offenders, locations and entries, and prints what a police officer
//! and a housing officer each see of the same cases.
//!
//! Run: `cargo run --release --example hub_meeting` (add `-- --db PATH` for another file).

use chrono::{Duration, Utc};
use safehub::views::{LocationView, SubjectView};
use safehub::{
    AgencyKind, CaseType, CaseView, EntryKind, EntryView, Hub, IdentifierKind, InformationCategory,
    LawfulBasis, NewAgency, NewAgreement, NewCase, NewEntry, NewLocation, NewPerson,
    NewPractitioner, PersonView, PractitionerId, Role, Subject, SubjectRole, Viewer, Visibility,
    VulnerabilityFlag,
};
use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map_or("hub.db", String::as_str);
    let hub = Hub::open(db)?;
    let fresh = hub.practitioner_by_external_id("police/pc-2231").is_none();
    if fresh {
        println!("Creating a new hub in {db}…");
        set_up(&hub)?;
    } else {
        println!("Reopened {db}: {} events in the journal.", hub.seq());
    }
    let pc = hub
        .practitioner_by_external_id("police/pc-2231")
        .ok_or("no police officer in this hub")?;
    let housing = hub
        .practitioner_by_external_id("housing/ho-17")
        .ok_or("no housing officer in this hub")?;

    let integrity = hub.verify()?;
    println!(
        "Journal verified: {} events, {}.",
        integrity.events_checked,
        if integrity.is_ok() {
            "chain intact"
        } else {
            "CHAIN BROKEN"
        }
    );
    brief(&hub, "PC Patel (Police)", pc)?;
    brief(&hub, "Sam Okafor (Housing)", housing)?;
    Ok(())
}

/// Prints the cases a practitioner can see, with every entry as full text or stub.
fn brief(hub: &Hub, who: &str, viewer: PractitionerId) -> Result<(), Box<dyn Error>> {
    let viewer = Viewer::new(viewer).because("daily hub meeting");
    println!("\n=== The morning meeting as seen by {who} ===");
    for summary in hub.cases(&viewer)? {
        let CaseView::Full(case) = hub.case(&viewer, summary.id)? else {
            continue;
        };
        println!(
            "\n# {} [{:?}, {}], led by {}",
            case.title,
            case.case_type,
            case.status.as_str(),
            case.lead_agency.name
        );
        for subject in &case.subjects {
            println!("  - {}", describe_subject(subject));
        }
        for entry in &case.entries {
            match entry {
                EntryView::Full(e) => println!(
                    "  {} {} ({}): {}",
                    e.at.format("%d %b"),
                    e.agency.name,
                    e.author.name,
                    e.text
                ),
                EntryView::Stub(s) => println!(
                    "  {} {} worked on this case ({}) — ask {} for details",
                    s.at.format("%d %b"),
                    s.agency.name,
                    s.kind.as_str(),
                    s.author
                        .as_ref()
                        .map_or(s.agency.name.as_str(), |a| a.name.as_str())
                ),
            }
        }
        if case.hidden_entries > 0 {
            println!("  ({} sensitive entries hidden)", case.hidden_entries);
        }
    }
    println!("\nPeople search for \"Hughes\":");
    for person in hub.search_people(&viewer, "Hughes")? {
        match person {
            PersonView::Full(p) => println!(
                "  {} (born {}), identifiers: {}",
                p.name,
                p.date_of_birth.map_or("unknown".into(), |d| d.to_string()),
                p.identifiers
                    .iter()
                    .map(|i| format!("{} {}", i.kind().label(), i.value()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            PersonView::Stub(p) => println!(
                "  {} — known to: {}",
                p.name,
                p.known_to
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    Ok(())
}

fn describe_subject(subject: &SubjectView) -> String {
    match subject {
        SubjectView::Person { role, person } => match person {
            PersonView::Full(p) => format!(
                "{role:?}: {} (born {})",
                p.name,
                p.date_of_birth.map_or("?".into(), |d| d.to_string())
            ),
            PersonView::Stub(p) => format!("{role:?}: {} (details withheld)", p.name),
        },
        SubjectView::Location { role, location } => match location {
            LocationView::Full(l) => format!(
                "{role:?}: {} — {}",
                l.label,
                l.address.as_deref().unwrap_or("")
            ),
            LocationView::Stub(l) => format!("{role:?}: {} (address withheld)", l.name),
        },
        SubjectView::Group { role, .. } => format!("{role:?}: a group"),
        SubjectView::Restricted { role } => format!("{role:?}: a restricted profile"),
    }
}

/// A small partnership with its first cases.
fn set_up(hub: &Hub) -> Result<(), Box<dyn Error>> {
    let police = hub.establish(
        "Tamworth Community Safety Hub",
        NewAgency {
            name: "Police".into(),
            kind: AgencyKind::Police,
        },
        "Ch Insp Coxhead",
    )?;
    let admin = police.admin;
    let agency = |name: &str, kind| {
        hub.add_agency(
            admin,
            NewAgency {
                name: name.into(),
                kind,
            },
        )
    };
    let council = agency("Borough Council ASB team", AgencyKind::Council)?;
    let housing = agency("Housing", AgencyKind::Housing)?;
    let mental_health = agency("Mental Health", AgencyKind::MentalHealth)?;
    let person = |agency, name: &str, role, ext: &str| {
        hub.register_practitioner(
            admin,
            NewPractitioner {
                agency,
                name: name.into(),
                role,
                external_id: Some(ext.into()),
            },
        )
    };
    let pc = person(
        police.agency,
        "PC Patel",
        Role::CaseWorker,
        "police/pc-2231",
    )?;
    person(
        police.agency,
        "Sgt Evans",
        Role::Supervisor,
        "police/sgt-88",
    )?;
    let asb = person(
        council,
        "ASB officer Lee",
        Role::CaseWorker,
        "council/asb-3",
    )?;
    let ho = person(housing, "Sam Okafor", Role::CaseWorker, "housing/ho-17")?;
    let nurse = person(mental_health, "CPN Morgan", Role::CaseWorker, "mh/cpn-5")?;

    let year_ago = Utc::now() - Duration::days(365);
    hub.sign_agreement(
        admin,
        NewAgreement {
            title: "Hub information sharing protocol".into(),
            parties: vec![police.agency, council, housing, mental_health],
            purposes: vec![
                "reduce crime and disorder".into(),
                "protect vulnerable people".into(),
            ],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![
                InformationCategory::General,
                InformationCategory::Asb,
                InformationCategory::PersonalDetails,
                InformationCategory::Location,
                InformationCategory::Housing,
            ],
            special_category: false,
            starts: year_ago,
            ends: None,
        },
    )?;
    hub.sign_agreement(
        admin,
        NewAgreement {
            title: "Police and mental health: vulnerable adults".into(),
            parties: vec![police.agency, mental_health],
            purposes: vec!["safeguarding vulnerable adults".into()],
            lawful_basis: LawfulBasis::SafeguardingDuty,
            categories: vec![
                InformationCategory::MentalHealth,
                InformationCategory::Safeguarding,
                InformationCategory::Crime,
            ],
            special_category: true,
            starts: year_ago,
            ends: None,
        },
    )?;

    let victim = hub.record_person(
        pc,
        NewPerson {
            name: "Margaret Hughes".into(),
            date_of_birth: chrono::NaiveDate::from_ymd_opt(1948, 5, 2),
            identifiers: vec![(IdentifierKind::NhsNumber, "943 476 5919".into())],
            flags: vec![
                VulnerabilityFlag::Elderly,
                VulnerabilityFlag::Isolated,
                VulnerabilityFlag::MentalHealth,
            ],
            ..NewPerson::default()
        },
    )?;
    let youth = hub.record_person(
        pc,
        NewPerson {
            name: "Dean Walsh".into(),
            aliases: vec!["Deano".into()],
            date_of_birth: chrono::NaiveDate::from_ymd_opt(2007, 11, 9),
            identifiers: vec![(IdentifierKind::PncId, "20/9N".into())],
            ..NewPerson::default()
        },
    )?;
    let flats = hub.record_location(
        pc,
        NewLocation {
            label: "Elm Road flats".into(),
            address: Some("1-40 Elm Road, Tamworth".into()),
            postcode: Some("B79 7AA".into()),
            uprn: Some("100031234567".into()),
            coordinates: Some((52.633, -1.691)),
            ..NewLocation::default()
        },
    )?;

    let case = hub.open_case(
        pc,
        NewCase {
            case_type: CaseType::Asb,
            title: "Youths harassing elderly resident, Elm Road".into(),
            lead_practitioner: None,
            team: vec![council, housing],
        },
    )?;
    hub.link_subject(pc, case, Subject::Person(victim), SubjectRole::Victim)?;
    hub.link_subject(pc, case, Subject::Person(youth), SubjectRole::Perpetrator)?;
    hub.link_subject(
        pc,
        case,
        Subject::Location(flats),
        SubjectRole::LocationOfConcern,
    )?;
    hub.add_entry(pc, case, NewEntry::note("Third call this month from Mrs Hughes: stones thrown at her window. Visited, she is frightened to go out.").category(InformationCategory::Asb))?;
    hub.add_entry(
        pc,
        case,
        NewEntry::note("Intelligence links Walsh to a county lines group. Not for partners yet.")
            .category(InformationCategory::Crime)
            .visible_to(Visibility::Private),
    )?;
    hub.add_entry(
        asb,
        case,
        NewEntry {
            kind: EntryKind::Action,
            ..NewEntry::note("Warning letter sent to the Walsh household.")
                .category(InformationCategory::Asb)
        },
    )?;
    hub.add_entry(
        ho,
        case,
        NewEntry::note(
            "Tenancy officer visited the Walsh tenancy; acceptable behaviour contract offered.",
        )
        .category(InformationCategory::Housing),
    )?;

    let welfare = hub.open_case(
        pc,
        NewCase {
            case_type: CaseType::VulnerablePerson,
            title: "Welfare concern: Margaret Hughes".into(),
            lead_practitioner: None,
            team: vec![mental_health],
        },
    )?;
    hub.link_subject(
        pc,
        welfare,
        Subject::Person(victim),
        SubjectRole::VulnerablePerson,
    )?;
    hub.add_entry(
        nurse,
        welfare,
        NewEntry::note(
            "Known to the community mental health team; anxiety worsened by the harassment.",
        )
        .category(InformationCategory::MentalHealth),
    )?;
    hub.add_entry(
        pc,
        welfare,
        NewEntry::note("Referred for a welfare visit.").category(InformationCategory::Safeguarding),
    )?;
    Ok(())
}
