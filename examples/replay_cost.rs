//! What checking the hash chain on every replay costs: builds a SQLite hub of N events
//! (default 100,000; `cargo run --release --example replay_cost -- 20000` for fewer), then times
//! a bare scan of the journal, a full `verify`, and `Hub::open` (scan, chain check, decode,
//! apply). The chain check's share of an open is (verify - scan) / open. Figures for the
//! reference machine are in docs/RELIABILITY.md.

use safehub::journal::{self, Journal, SqliteJournal};
use safehub::{AgencyKind, CaseType, Hub, NewAgency, NewCase, NewEntry, NewPractitioner, Role};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("safehub-replay-cost-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("hub.db");
    {
        let hub = Hub::open(&path)?;
        let est = hub.establish(
            "Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
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
        let case = hub.open_case(
            pc,
            NewCase {
                case_type: CaseType::Asb,
                title: "Elm Road".into(),
                lead_practitioner: None,
                team: vec![],
            },
        )?;
        while hub.seq() < n {
            hub.add_entry(
                pc,
                case,
                NewEntry::note(format!(
                    "Visited number {} again; neighbours report noise late at night and a dog \
                     barking; advised on the noise diary and the next steps.",
                    hub.seq()
                )),
            )?;
        }
    }
    let journal = SqliteJournal::open(&path)?;
    let t = Instant::now();
    let mut bytes = 0usize;
    journal.scan(0, &mut |e| {
        bytes += e.content.len();
        Ok(())
    })?;
    let scan = t.elapsed();
    let t = Instant::now();
    let verified = journal::verify(&journal)?;
    let verify = t.elapsed();
    let t = Instant::now();
    let hub = Hub::open(&path)?;
    let open = t.elapsed();
    assert!(verified.is_ok() && hub.seq() == n);
    let check = verify.saturating_sub(scan);
    println!(
        "{n} events, {:.1} MB of content: scan {scan:.2?}, verify {verify:.2?}, open (replay with \
         the chain check) {open:.2?}; the check is about {check:.2?}, {:.0}% of the open",
        bytes as f64 / 1e6,
        100.0 * check.as_secs_f64() / open.as_secs_f64()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
