//! Deterministic generated data shaped like real demand, for benches and scale tests.
//!
//! Calls for service are heavily skewed: a few callers and places account for much of the
//! demand. Callers and locations are drawn from Zipf distributions (s = 1.1 over 100,000 callers
//! and 50,000 locations by default, where the top caller holds about 13% of rows), and
//! timestamps run in time order over the period, as a host system would export them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use safehub::incidents::{IncidentRow, LocationRef, PersonRef};

/// A small, fast, deterministic random source (SplitMix64).
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    /// A source seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Draws ranks 0..n with probability proportional to 1 / (rank + 1)^s.
#[derive(Clone, Debug)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    /// A Zipf distribution over `n` ranks with exponent `s`.
    pub fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / (k as f64).powf(s);
                total
            })
            .collect::<Vec<_>>();
        let cumulative = cumulative.into_iter().map(|c| c / total).collect();
        Zipf { cumulative }
    }

    /// A rank, 0 being the most frequent.
    pub fn sample(&self, rng: &mut SplitMix) -> usize {
        let u = rng.unit();
        self.cumulative
            .partition_point(|&c| c < u)
            .min(self.cumulative.len() - 1)
    }
}

/// The shape of a generated incident stream.
#[derive(Clone, Debug)]
pub struct Demand {
    /// How many incidents.
    pub incidents: usize,
    /// Distinct callers.
    pub callers: usize,
    /// Distinct locations.
    pub locations: usize,
    /// The Zipf exponent.
    pub skew: f64,
    /// The first incident's time.
    pub start: DateTime<Utc>,
    /// The period covered, in days.
    pub days: u32,
    /// The random seed.
    pub seed: u64,
}

impl Demand {
    /// One million incidents over two years from 1 January 2025, skewed as TARGETS.md says.
    pub fn million() -> Self {
        Demand {
            incidents: 1_000_000,
            callers: 100_000,
            locations: 50_000,
            skew: 1.1,
            start: DateTime::from_timestamp(1_735_689_600, 0).unwrap_or_default(),
            days: 730,
            seed: 2026,
        }
    }

    /// The time just after the last incident.
    pub fn end(&self) -> DateTime<Utc> {
        self.start + Duration::days(i64::from(self.days))
    }
}

/// One generated incident, with the caller and location ranks the row names, so a baseline can
/// store the same rows with integer keys.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The row as a host would import it.
    pub row: IncidentRow,
    /// The caller's rank (0 = busiest).
    pub caller: u32,
    /// The location's rank.
    pub location: u32,
}

/// The name of the caller of a rank: `Caller 000042`.
pub fn caller_name(rank: u32) -> String {
    format!("Caller {rank:06}")
}

/// The UPRN of the location of a rank.
pub fn location_uprn(rank: u32) -> u64 {
    100_000_000 + u64::from(rank)
}

/// The label of the location of a rank: `Place 000042`.
pub fn location_label(rank: u32) -> String {
    format!("Place {rank:06}")
}

/// The rank in a generated caller name or location label.
pub fn rank_of(name: &str) -> Option<u32> {
    name.rsplit(' ').next()?.parse().ok()
}

const CATEGORIES: [(&str, Option<&str>); 8] = [
    ("asb_personal", None),
    ("asb_nuisance", None),
    ("asb_nuisance", None),
    ("asb_environmental", None),
    ("crime", Some("8N")),
    ("crime", Some("28E")),
    ("domestic_abuse", None),
    ("concern_for_safety", None),
];

/// Generates the incidents, in time order.
pub fn incidents(d: &Demand) -> Vec<Generated> {
    let mut rng = SplitMix::new(d.seed);
    let callers = Zipf::new(d.callers, d.skew);
    let locations = Zipf::new(d.locations, d.skew);
    let span = i64::from(d.days) * 86_400;
    let n = d.incidents.max(1) as i64;
    (0..d.incidents)
        .map(|i| {
            let caller = callers.sample(&mut rng) as u32;
            let location = locations.sample(&mut rng) as u32;
            let (category, code) = CATEGORIES[(rng.next_u64() % CATEGORIES.len() as u64) as usize];
            let at = d.start + Duration::seconds(span * i as i64 / n);
            let dob = NaiveDate::from_ymd_opt(
                1950 + (caller % 50) as i32,
                1 + caller % 12,
                1 + caller % 28,
            );
            Generated {
                caller,
                location,
                row: IncidentRow {
                    external_ref: format!("INC-{i:08}"),
                    occurred_at: at,
                    reported_at: Some(at + Duration::minutes(5)),
                    category: category.to_owned(),
                    offence_code: code.map(str::to_owned),
                    summary: "Caller reports noise and shouting".to_owned(),
                    location: Some(LocationRef {
                        uprn: Some(location_uprn(location).to_string()),
                        address: Some(format!("{} High Street", location + 1)),
                        postcode: None,
                        label: Some(location_label(location)),
                    }),
                    caller: Some(PersonRef {
                        name: caller_name(caller),
                        date_of_birth: dob,
                        identifiers: Vec::new(),
                    }),
                    people: Vec::new(),
                },
            }
        })
        .collect()
}
