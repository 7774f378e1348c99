//! Precision and recall of duplicate detection on a generated county (`tests/support/people.rs`):
//! records N people (default 100,000; `cargo run --release --example duplicates_quality --
//! 20000` for fewer), 7% of them a second time with a typing error, a nickname, a transposed
//! name, day and month swapped or no date of birth, each with the address an agency holds for
//! them as a fact (most share their original's), then takes the partnership's review list as a
//! supervisor who reads every profile, and compares it with the known duplicates: overall, at a
//! few score thresholds, and per kind of error. `--no-addresses` leaves the address facts out
//! (the figures before issue 22's facts). Figures are in docs/BENCHMARKS.md.

use safehub::{AgencyKind, Hub, NewAgency, NewPractitioner, PersonId, Role, Viewer};
use safehub_workspace::people::{county, Variant};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let with_addresses = !args.iter().any(|a| a == "--no-addresses");
    let county = county(n, 0.07, 22);
    let hub = Hub::open_in_memory()?;
    let est = hub.establish(
        "County",
        NewAgency {
            name: "Police".into(),
            kind: AgencyKind::Police,
        },
        "Admin",
    )?;
    let sergeant = hub.register_practitioner(
        est.admin,
        NewPractitioner {
            agency: est.agency,
            name: "Sgt".into(),
            role: Role::Supervisor,
            external_id: None,
        },
    )?;
    let started = Instant::now();
    let ids = county.record(&hub, sergeant, with_addresses)?;
    let recorded = started.elapsed();
    let started = Instant::now();
    let pairs = hub.duplicate_review(&Viewer::new(sergeant).because("duplicate review"))?;
    let reviewed = started.elapsed();

    let key = |a: PersonId, b: PersonId| if a < b { (a, b) } else { (b, a) };
    let truth: HashMap<(PersonId, PersonId), Variant> = county
        .duplicates
        .iter()
        .filter_map(|&(o, d, v)| Some((key(*ids.get(o)?, *ids.get(d)?), v)))
        .collect();
    let found: Vec<((PersonId, PersonId), u32)> = pairs
        .iter()
        .map(|p| (key(p.first.id, p.second.id), p.score))
        .collect();
    println!(
        "{} profiles ({} duplicates) recorded in {:.1?}; review list in {:.1?}, {} pairs",
        ids.len(),
        truth.len(),
        recorded,
        reviewed,
        found.len()
    );
    println!("| threshold | pairs | true | precision | recall |");
    println!("|---|---|---|---|---|");
    for threshold in [safehub::duplicates::THRESHOLD, 70, 80] {
        let proposed: HashSet<_> = found
            .iter()
            .filter(|(_, s)| *s >= threshold)
            .map(|(k, _)| *k)
            .collect();
        let hits = proposed.iter().filter(|k| truth.contains_key(k)).count();
        println!(
            "| {threshold} | {} | {hits} | {:.4} | {:.4} |",
            proposed.len(),
            hits as f64 / proposed.len().max(1) as f64,
            hits as f64 / truth.len().max(1) as f64
        );
    }
    // What the false pairs rest on, commonest first.
    let mut wrong: HashMap<String, usize> = HashMap::new();
    for p in &pairs {
        if !truth.contains_key(&key(p.first.id, p.second.id)) {
            *wrong.entry(format!("{:?}", p.reasons)).or_default() += 1;
        }
    }
    let mut wrong: Vec<(String, usize)> = wrong.into_iter().collect();
    wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\n| false pairs | reasons |");
    println!("|---|---|");
    for (reasons, count) in wrong.iter().take(8) {
        println!("| {count} | {reasons} |");
    }
    let proposed: HashSet<_> = found.iter().map(|(k, _)| *k).collect();
    let mut by_variant: BTreeMap<Variant, (usize, usize)> = BTreeMap::new();
    for (k, v) in &truth {
        let e = by_variant.entry(*v).or_default();
        e.0 += 1;
        e.1 += usize::from(proposed.contains(k));
    }
    println!("\n| error | duplicates | found | recall |");
    println!("|---|---|---|---|");
    for (v, (total, hits)) in by_variant {
        println!(
            "| {v:?} | {total} | {hits} | {:.4} |",
            hits as f64 / total.max(1) as f64
        );
    }
    Ok(())
}
