//! The Rust side of the Python import benchmark (`bindings/python/bench_calls.py`): imports the
//! same CSV file into the same kind of hub through the core directly, and prints rows per second.
//!
//! `cargo run --release -p safehub-ffi --example import_rate -- FILE.csv [RUNS]`

use safehub::{AgencyKind, Hub, ImportOptions, NewAgency, NewPractitioner, Role};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: import_rate FILE.csv [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(3);
    let csv = std::fs::read(&path)?;
    let rows = csv
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        .saturating_sub(1);
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        // A fresh hub per run, set up as the Python bench's world is.
        let hub = Hub::open_in_memory()?;
        let police = NewAgency {
            name: "Police".into(),
            kind: AgencyKind::Police,
        };
        let est = hub.establish("Tamworth Hub", police, "Insp Admin")?;
        let pc = hub.register_practitioner(
            est.admin,
            NewPractitioner {
                agency: est.agency,
                name: "PC Patel".into(),
                role: Role::CaseWorker,
                external_id: None,
            },
        )?;
        let start = Instant::now();
        let report =
            hub.import_incidents_csv(pc, csv.as_slice(), &ImportOptions::default(), None)?;
        best = best.min(start.elapsed().as_secs_f64());
        if report.imported != rows {
            return Err(format!("imported {} of {rows} rows", report.imported).into());
        }
    }
    println!(
        "rust: {rows} rows in {:.3} s: {:.0} rows/s",
        best,
        rows as f64 / best
    );
    Ok(())
}
