//! The cost of checking one person for duplicates against a county's profiles (issue 22: aim
//! under 1 ms), beside the reads and writes it sits next to, in one run: reading the profile
//! (`person`, the floor of any read session) and checking it (`possible_duplicates`), for a
//! person with a common name and one with a rare name; recording a person with and without the
//! check (`record_person`, `record_person_checked`).
//!
//! `cargo bench --bench duplicates`; `SAFEHUB_BENCH_PEOPLE=20000 cargo bench --bench duplicates`
//! for a quick check. The county is `tests/support/people.rs`'s (7% recorded twice with errors).

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use safehub::{
    AgencyKind, Hub, NewAgency, NewPerson, NewPractitioner, PersonId, PractitionerId, Role, Viewer,
};
use safehub_workspace::people;
use std::hint::black_box;
use std::time::Instant;

fn env_size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn newcomer(name: &str, dob: (i32, u32, u32)) -> NewPerson {
    NewPerson {
        name: name.into(),
        date_of_birth: NaiveDate::from_ymd_opt(dob.0, dob.1, dob.2),
        ..NewPerson::default()
    }
}

fn bench(c: &mut Criterion) {
    let n = env_size("SAFEHUB_BENCH_PEOPLE", 100_000);
    let county = people::county(n, 0.07, 22);
    let hub = Hub::open_in_memory().expect("hub");
    let est = hub
        .establish(
            "County",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Admin",
        )
        .expect("establish");
    let pc: PractitionerId = hub
        .register_practitioner(
            est.admin,
            NewPractitioner {
                agency: est.agency,
                name: "PC".into(),
                role: Role::CaseWorker,
                external_id: None,
            },
        )
        .expect("practitioner");
    let started = Instant::now();
    county.record(&hub, pc, true).expect("record");
    eprintln!(
        "recorded {} profiles in {:.1} s",
        county.people.len(),
        started.elapsed().as_secs_f64()
    );
    let viewer = Viewer::new(pc).because("duplicate check");
    // The commonest names of the generated lists, and a rare one.
    let common: PersonId = hub
        .record_person(pc, newcomer("Jon Smith", (1970, 6, 1)))
        .expect("record");
    let rare: PersonId = hub
        .record_person(pc, newcomer("Wojciech Nowak", (1981, 2, 11)))
        .expect("record");
    for (label, id) in [("common", common), ("rare", rare)] {
        eprintln!(
            "{label} name: {} candidates",
            hub.possible_duplicates(&viewer, id)
                .expect("duplicates")
                .len()
        );
    }

    let mut group = c.benchmark_group(format!("duplicates_{}", county.people.len()));
    for (label, id) in [("common", common), ("rare", rare)] {
        group.bench_function(format!("person_{label}"), |b| {
            b.iter(|| black_box(hub.person(&viewer, id).expect("person")))
        });
        group.bench_function(format!("possible_duplicates_{label}"), |b| {
            b.iter(|| black_box(hub.possible_duplicates(&viewer, id).expect("check")))
        });
    }
    // New people for the writes, drawn from the same lists, so each write is checked against
    // blocks of the county's usual sizes (one name written again and again would grow its own).
    let fresh = people::county(40_000, 0.0, 23).people;
    let (first, second) = fresh.split_at(fresh.len() / 2);
    for (label, people, checked) in [
        ("record_person", first, false),
        ("record_person_checked", second, true),
    ] {
        let mut next = people.iter().cycle();
        group.bench_function(label, |b| {
            b.iter(|| {
                let p = next.next().cloned().unwrap_or_default();
                if checked {
                    black_box(hub.record_person_checked(pc, p).map(|c| c.id))
                } else {
                    black_box(hub.record_person(pc, p))
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
