//! Times the morning meeting's reads on a hub that `hub_meeting` generated: reopen (replay),
//! Top 50 callers and locations over 365 days, the priority list and the briefing, for a police
//! and a housing officer, each repeated and reported as median and range; then the process's
//! peak resident memory. The figures in docs/BENCHMARKS.md "County scale" come from it.
//!
//! ```sh
//! cargo run --release --example hub_meeting -- --scale county --db county.db   # once
//! cargo run --release --example meeting_timings -- county.db
//! ```

use chrono::Duration;
use safehub::{
    BriefingConfig, CaseReviewConfig, Hub, ManualClock, RepeatConfig, TopKind, TopQuery, Viewer,
};
use safehub_workspace::borough::{self, PARTNERS};
use std::error::Error;
use std::time::Instant;

const RUNS: usize = 15;

fn main() -> Result<(), Box<dyn Error>> {
    let db = std::env::args().nth(1).unwrap_or_else(|| "hub.db".into());
    let now = borough::today() + Duration::minutes(30);
    let started = Instant::now();
    let hub = Hub::builder().clock(ManualClock::new(now)).open(&db)?;
    println!(
        "reopen (replay of {} events): {:.2} s",
        hub.seq(),
        started.elapsed().as_secs_f64()
    );
    let since = now - Duration::days(1);
    for partner in [&PARTNERS[0], &PARTNERS[2]] {
        let who = hub
            .practitioner_by_external_id(&borough::worker_id(partner, 1))
            .ok_or("not a generated borough")?;
        let viewer = Viewer::new(who).because("timing the hub meeting");
        println!("\nas {}:", partner.name);
        time("top 50 callers, 365 days", || {
            hub.top(&viewer, &TopQuery::top50(TopKind::Callers, now, 365))
                .map(|l| l.rows.len())
        })?;
        time("top 50 locations, 365 days", || {
            hub.top(&viewer, &TopQuery::top50(TopKind::Locations, now, 365))
                .map(|l| l.rows.len())
        })?;
        time("priority list (all rows)", || {
            hub.priority_list(&viewer, 10_000).map(|l| l.len())
        })?;
        time("repeats (whole hub)", || {
            hub.repeats(&viewer, now, &RepeatConfig::default())
                .map(|l| l.len())
        })?;
        time("case review thresholds", || {
            hub.case_review_thresholds(&viewer, now, &CaseReviewConfig::default())
                .map(|l| l.len())
        })?;
        time("briefing since yesterday", || {
            hub.briefing(&viewer, since, &BriefingConfig::default())
                .map(|b| b.repeats.len())
        })?;
    }
    println!("\npeak RSS (VmHWM): {}", peak_rss());
    Ok(())
}

fn time(what: &str, mut read: impl FnMut() -> safehub::Result<usize>) -> safehub::Result<()> {
    let mut ms = Vec::with_capacity(RUNS);
    let mut rows = 0;
    // Reads slower than a second are run 3 times, not 15: the median still shows the order.
    while ms.len() < RUNS && !(ms.len() >= 3 && ms.first().is_some_and(|f| *f > 1_000.0)) {
        let started = Instant::now();
        rows = read()?;
        ms.push(started.elapsed().as_secs_f64() * 1_000.0);
    }
    let n = ms.len();
    ms.sort_by(f64::total_cmp);
    let at = |q: usize| ms.get(q * (n - 1) / 100).copied().unwrap_or(f64::NAN);
    println!(
        "  {what:<30} median {:>9.3} ms  (p10 {:.3}, p90 {:.3}; {n} runs; {rows} rows)",
        at(50),
        at(10),
        at(90)
    );
    Ok(())
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}
