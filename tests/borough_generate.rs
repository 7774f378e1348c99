//! The generated borough: deterministic (same seed, same hub), valid through the public API
//! (every identifier, postcode and UPRN passed the validators, or generation would have
//! failed), and holding what the morning meeting needs.

use safehub::{Hub, TopKind, TopQuery, Viewer};
use safehub_workspace::borough::{self, Borough, Scale, PARTNERS};

fn generate(seed: u64) -> (Hub, Borough) {
    let (builder, clock) = borough::builder(seed);
    let hub = builder.open_in_memory().expect("hub");
    let b = Borough::generate(&hub, &clock, seed, Scale::Borough, &mut |_| {}).expect("borough");
    (hub, b)
}

#[test]
fn the_same_seed_generates_the_same_hub_and_another_seed_does_not() {
    let (a, _) = generate(7);
    let (b, _) = generate(7);
    let (c, _) = generate(8);
    assert_eq!(a.state_digest().unwrap(), b.state_digest().unwrap());
    assert_ne!(a.state_digest().unwrap(), c.state_digest().unwrap());
}

#[test]
fn a_borough_has_every_partner_a_year_of_skewed_demand_and_work_for_the_meeting() {
    let (hub, b) = generate(2026);
    assert_eq!(b.incidents, Scale::Borough.shape().incidents);
    for p in &PARTNERS {
        assert!(hub
            .practitioner_by_external_id(&borough::worker_id(p, 1))
            .is_some());
    }
    let police = hub
        .practitioner_by_external_id("police/pc-1")
        .expect("police officer");
    let viewer = Viewer::new(police).because("test");
    let top = hub
        .top(
            &viewer,
            &TopQuery::top50(TopKind::Callers, borough::today(), 365),
        )
        .expect("top");
    let total: u32 = top.rows.iter().map(|r| r.count).sum();
    // Crime concentration: the busiest caller alone makes a good share of the Top 50's calls.
    let first = top.rows.first().expect("a top caller").count;
    assert!(first * 10 > total, "top caller {first} of {total}");
    assert!(!hub
        .priority_list(&viewer, 100)
        .expect("priority")
        .is_empty());
    assert!(!hub.overdue_tasks(&viewer).expect("overdue").is_empty());
    let big = hub.case(&viewer, b.big_case).expect("big case");
    let safehub::CaseView::Full(big) = big else {
        panic!("police are on the problem location case team")
    };
    assert!(big.entries.len() >= 200, "{} entries", big.entries.len());
}
