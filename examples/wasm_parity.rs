//! The native half of the WASM-under-Node comparison (`wasm/bench/bench.mjs` is the other half):
//! the same operations on the same data, timed the same way, in release Rust.
//!
//! Run: `cargo run --release --example wasm_parity` (docs/BENCHMARKS.md, "WASM under Node").

use safehub::{
    AgencyKind, CaseId, CaseType, Hub, InformationCategory, LawfulBasis, NewAgency, NewAgreement,
    NewCase, NewEntry, NewPerson, NewPractitioner, PractitionerId, Role, Subject, SubjectRole,
    Viewer, Visibility,
};
use std::error::Error;
use std::time::{Duration, Instant};

const CASES: usize = 1_000;
const ENTRIES: usize = 200;
const READS: usize = 200;
/// Untimed reads before the timed batches of each read. The WASM half's reads only settle after
/// several hundred calls (V8 tiers the module's functions and the result decoder up as they run
/// hot): `case()` took 1.07, 0.68, 0.43 and then 0.34-0.35 ms per call over batches of 200.
const WARM_UP_READS: usize = 600;
/// Timed batches of `READS` reads, for the median.
const TIMED_BATCHES: usize = 5;
/// Builds before the timed ones (the first timed alone), then builds timed for the median.
const WARM_UP_BUILDS: usize = 4;
const TIMED_BUILDS: usize = 5;
const SURNAMES: [&str; 8] = [
    "Smith", "Jones", "Taylor", "Brown", "Hughes", "Walsh", "Doyle", "Price",
];

/// What a built hub hands the reads: the hub, the two practitioners and the first case.
struct Built {
    hub: Hub,
    pc: PractitionerId,
    ho: PractitionerId,
    first: CaseId,
}

/// A hub of `CASES` cases, each with a person, a subject link and an entry (4 calls per case).
fn build_hub() -> Result<Built, Box<dyn Error>> {
    let hub = Hub::open_in_memory()?;
    let est = hub.establish(
        "Bench Hub",
        NewAgency {
            name: "Police".into(),
            kind: AgencyKind::Police,
        },
        "Admin",
    )?;
    let housing = hub.add_agency(
        est.admin,
        NewAgency {
            name: "Housing".into(),
            kind: AgencyKind::Housing,
        },
    )?;
    let pc = hub.register_practitioner(
        est.admin,
        NewPractitioner {
            agency: est.agency,
            name: "PC".into(),
            role: Role::CaseWorker,
            external_id: None,
        },
    )?;
    let ho = hub.register_practitioner(
        est.admin,
        NewPractitioner {
            agency: housing,
            name: "HO".into(),
            role: Role::CaseWorker,
            external_id: None,
        },
    )?;
    hub.sign_agreement(
        est.admin,
        NewAgreement {
            title: "ISP".into(),
            parties: vec![est.agency, housing],
            purposes: vec!["ASB".into()],
            lawful_basis: LawfulBasis::CrimeAndDisorderActS115,
            categories: vec![
                InformationCategory::General,
                InformationCategory::Asb,
                InformationCategory::PersonalDetails,
            ],
            special_category: false,
            starts: chrono::Utc::now() - chrono::Duration::days(1),
            ends: None,
        },
    )?;
    let mut first = None;
    for i in 0..CASES {
        let surname = SURNAMES.get(i % SURNAMES.len()).copied().unwrap_or("Smith");
        let person = hub.record_person(
            pc,
            NewPerson {
                name: format!("Person {i} {surname}"),
                ..NewPerson::default()
            },
        )?;
        let case = hub.open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: format!("Case {i}"),
                lead_practitioner: None,
                team: vec![housing],
            },
        )?;
        hub.link_subject(pc, case, Subject::Person(person), SubjectRole::Victim)?;
        hub.add_entry(
            pc,
            case,
            NewEntry::note(format!("First report on case {i}.")).category(InformationCategory::Asb),
        )?;
        first.get_or_insert(case);
    }
    let first = first.ok_or("no case")?;
    Ok(Built { hub, pc, ho, first })
}

fn main() -> Result<(), Box<dyn Error>> {
    // Built as often as the WASM half builds, whose first builds include V8 compiling the module;
    // "warm" is the median of the timed builds, as there.
    let started = Instant::now();
    drop(build_hub()?);
    let cold = started.elapsed();
    for _ in 1..WARM_UP_BUILDS {
        drop(build_hub()?);
    }
    let mut builds = Vec::with_capacity(TIMED_BUILDS);
    let mut built = None;
    for _ in 0..TIMED_BUILDS {
        drop(built.take());
        let started = Instant::now();
        built = Some(build_hub()?);
        builds.push(started.elapsed());
    }
    builds.sort();
    let build = builds
        .get((TIMED_BUILDS - 1) / 2)
        .copied()
        .unwrap_or_default();
    let Built {
        hub,
        pc,
        ho,
        first: case,
    } = built.ok_or("no build")?;
    for i in 1..ENTRIES {
        // Every third entry is police-only: housing reads it as a stub.
        let visibility = if i % 3 == 0 {
            Visibility::Private
        } else {
            Visibility::CaseTeam
        };
        hub.add_entry(
            pc,
            case,
            NewEntry::note(format!("Update {i}.")).visible_to(visibility),
        )?;
    }
    let viewer = Viewer::new(ho).because("bench");
    let case_read = timed_reads(|| {
        std::hint::black_box(hub.case(&viewer, case)?);
        Ok(())
    })?;
    // What the WASM half's case() also does: turn the view into something JS can hold.
    let case_json = timed_reads(|| {
        std::hint::black_box(serde_json::to_string(&hub.case(&viewer, case)?)?);
        Ok(())
    })?;
    let mut hits = 0;
    let search = timed_reads(|| {
        hits = std::hint::black_box(hub.search_people(&viewer, "hughes")?).len();
        Ok(())
    })?;
    println!("native (release), {CASES} cases:");
    println!(
        "  build a {CASES}-case hub (4 calls per case), first in the process: {:.1} ms",
        cold.as_secs_f64() * 1e3
    );
    println!(
        "  build a {CASES}-case hub (4 calls per case), warm: {:.1} ms",
        build.as_secs_f64() * 1e3
    );
    println!(
        "  case() with {ENTRIES} entries, as housing:  {:.3} ms",
        case_read.as_secs_f64() * 1e3
    );
    println!(
        "  case() with {ENTRIES} entries, as housing, then as JSON text: {:.3} ms",
        case_json.as_secs_f64() * 1e3
    );
    println!(
        "  searchPeople over {CASES} people ({hits} hits): {:.3} ms",
        search.as_secs_f64() * 1e3
    );
    Ok(())
}

/// The time of one call of `read`: the median over `TIMED_BATCHES` batches of `READS` calls,
/// after `WARM_UP_READS` untimed calls, as the WASM half times it.
fn timed_reads(
    mut read: impl FnMut() -> Result<(), Box<dyn Error>>,
) -> Result<Duration, Box<dyn Error>> {
    for _ in 0..WARM_UP_READS {
        read()?;
    }
    let mut batches = Vec::with_capacity(TIMED_BATCHES);
    for _ in 0..TIMED_BATCHES {
        let started = Instant::now();
        for _ in 0..READS {
            read()?;
        }
        batches.push(started.elapsed() / READS as u32);
    }
    batches.sort();
    Ok(batches
        .get((TIMED_BATCHES - 1) / 2)
        .copied()
        .unwrap_or_default())
}
