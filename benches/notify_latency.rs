//! Commit-to-notification latency on PostgreSQL (issue 21): a writer in another process adds an
//! entry; a subscription in this process hears of it through `LISTEN/NOTIFY` and calls its
//! listener. Two benches in the same run, on the same server and database:
//!
//! - `append, acknowledged` (the baseline): from asking the writer process to add an entry to
//!   reading its "committed" line: the append as this process sees it.
//! - `append, notified here`: from the same request to the listener's call in this process.
//!
//! The second minus the first is what notification adds to a commit. Both include the pipe to
//! the writer process, so each is an upper bound on its own step. The median and p99 of every
//! request timed are printed at the end (criterion reports means and medians, not a p99).
//!
//! ```text
//! cargo bench -p safehub-workspace --bench notify_latency
//! ```
//!
//! The writer is this binary again, run with `SAFEHUB_BENCH_WRITER` set.

use criterion::{criterion_group, Criterion};
use safehub::{CaseId, Hub, NewEntry, Notification, NotificationListener, PractitionerId, Viewer};
use safehub_workspace::postgres as pg;
use safehub_workspace::reliability::{open_hub, setup};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

/// The writer process: opens the hub, then for each line on stdin adds an entry and prints
/// `committed`.
fn writer(args: &str) {
    let [conninfo, actor, case] = args.split('\t').collect::<Vec<_>>()[..] else {
        eprintln!("SAFEHUB_BENCH_WRITER: conninfo, actor and case, tab-separated");
        std::process::exit(2);
    };
    let (Ok(hub), Ok(actor), Ok(case)) = (
        open_hub(conninfo),
        PractitionerId::parse(actor),
        CaseId::parse(case),
    ) else {
        std::process::exit(2);
    };
    let mut out = std::io::stdout().lock();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        if line.is_err()
            || hub
                .add_entry(actor, case, NewEntry::note(format!("n{n}")))
                .is_err()
        {
            std::process::exit(2);
        }
        if writeln!(out, "committed")
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Tells the bench when its listener was called.
struct Heard(Mutex<mpsc::Sender<Instant>>);

impl NotificationListener for Heard {
    fn notified(&self, _: Vec<Notification>) {
        if let Ok(tx) = self.0.lock() {
            let _ = tx.send(Instant::now());
        }
    }
}

struct Writer {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Writer {
    fn ask(&mut self) {
        writeln!(self.stdin, "write")
            .and_then(|()| self.stdin.flush())
            .ok();
    }

    fn committed(&mut self) {
        let mut line = String::new();
        self.stdout.read_line(&mut line).ok();
        assert_eq!(line.trim(), "committed", "the writer process failed");
    }
}

fn percentiles(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    println!(
        "{name}: {} requests, median {:.2} ms, p99 {:.2} ms",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}

fn latency(c: &mut Criterion) {
    let Some(conninfo) = pg::database() else {
        return;
    };
    let hub = Hub::open_postgres(&conninfo).expect("hub");
    let (_, actors, case) = setup(&hub, 2);
    let mut child = Command::new(std::env::current_exe().expect("exe"))
        .env(
            "SAFEHUB_BENCH_WRITER",
            format!("{conninfo}\t{}\t{case}", actors[0]),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("writer");
    let mut w = Writer {
        stdin: child.stdin.take().expect("stdin"),
        stdout: BufReader::new(child.stdout.take().expect("stdout")),
        child,
    };
    let (tx, heard) = mpsc::channel();
    let _subscription = hub
        .subscribe(
            &Viewer::new(actors[1]),
            std::sync::Arc::new(Heard(Mutex::new(tx))),
        )
        .expect("subscribe");
    let mut group = c.benchmark_group("commit to notification (PostgreSQL, another process)");
    let mut acknowledged = vec![];
    group.bench_function("append, acknowledged", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                w.ask();
                w.committed();
                let took = start.elapsed();
                acknowledged.push(took);
                total += took;
                // Its notification is not this bench's: let it arrive and drop it.
                let _ = heard.recv_timeout(Duration::from_secs(5));
            }
            total
        })
    });
    let mut notified = vec![];
    group.bench_function("append, notified here", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                w.ask();
                let at = heard
                    .recv_timeout(Duration::from_secs(5))
                    .expect("notified");
                let took = at.duration_since(start);
                notified.push(took);
                total += took;
                w.committed();
            }
            total
        })
    });
    group.finish();
    percentiles("append, acknowledged", acknowledged);
    percentiles("append, notified here", notified);
    drop(w.stdin);
    let _ = w.child.wait();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(10));
    targets = latency
}

fn main() {
    if let Ok(args) = std::env::var("SAFEHUB_BENCH_WRITER") {
        writer(&args);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
