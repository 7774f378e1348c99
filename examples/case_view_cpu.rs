//! The CPU time of a 200-entry case read, for `perf stat`: generates the borough of
//! `benches/hub_ops.rs` in a temporary hub file, reopens it, and reads the big case `READS` times
//! as the first worker of one agency. Run with 0 reads and with 3,000, and divide the difference
//! by 3,000: the generation and the open cancel out, and the CPU time (`task-clock`) is what
//! load on a shared machine moves least.
//!
//! ```sh
//! cargo build --release --example case_view_cpu
//! perf stat -e task-clock target/release/examples/case_view_cpu police 3000
//! perf stat -e task-clock target/release/examples/case_view_cpu police 0
//! ```
//!
//! The agency is `police` (the case's owner) or `housing` (a partner).

use chrono::Duration;
use safehub::{Hub, ManualClock, Viewer};
use safehub_workspace::borough::{self, Borough, Scale, PARTNERS};
use std::hint::black_box;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let partner = match args.next().as_deref() {
        Some("police") => 0,
        Some("housing") => 2,
        _ => return Err("usage: case_view_cpu police|housing READS".into()),
    };
    let reads: usize = args.next().ok_or("usage: READS")?.parse()?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("hub.db");
    let generated = {
        let (builder, clock) = borough::builder(2026);
        let hub = builder.open(&path)?;
        Borough::generate(&hub, &clock, 2026, Scale::Borough, &mut |_| {})?
    };
    let hub = Hub::builder()
        .clock(ManualClock::new(borough::today() + Duration::minutes(30)))
        .open(&path)?;
    let who = hub
        .practitioner_by_external_id(&borough::worker_id(&PARTNERS[partner], 1))
        .ok_or("no generated worker")?;
    let viewer = Viewer::new(who).because("measuring the case view");
    for _ in 0..reads {
        black_box(hub.case(&viewer, generated.big_case)?);
    }
    Ok(())
}
