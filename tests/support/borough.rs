//! A deterministic synthetic borough: the partnership of a real community safety hub, its
//! agreements, people, places, cases, entries, risk assessments, tasks, referrals and a year of
//! incidents shaped like real demand. The same seed and scale give the same hub, event for event.
//!
//! Everything is built through the public API, as a host system would, with a [`ManualClock`]
//! walked forward week by week so every event carries the time it would have had: incidents are
//! imported a week at a time and casework happens between imports. Demand is skewed the way
//! calls for service are: callers and places are drawn from Zipf distributions (see
//! [`crate::generate`]), a domestic abuse cohort calls again and again about the same partners,
//! and a hate cohort reports repeated incidents at home.

use crate::generate::{SplitMix, Zipf};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use safehub::identifiers::{nhs_check_digit, pnc_check_letter};
use safehub::incidents::{IncidentRow, InvolvedRef, LocationRef, PersonRef};
use safehub::risk::builtin;
use safehub::risk::template::QuestionKind;
use safehub::{
    AgencyId, AgencyKind, AnswerValue, Answers, Assignee, CaseId, CaseType, Consent, EntryKind,
    Error, Hub, HubBuilder, IdentifierKind, ImportOptions, IncidentRole, InformationCategory,
    LawfulBasis, LocationId, ManualClock, NewAgency, NewAgreement, NewAssessment, NewCase,
    NewEntry, NewLocation, NewPerson, NewPractitioner, NewReferral, NewTask, PersonId,
    PractitionerId, Priority, ReferralId, Role, SequentialIds, Subject, SubjectRole, TaskId,
    Visibility, VulnerabilityFlag,
};

/// How big a borough to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// One district: about 10,000 incidents a year.
    Borough,
    /// A county force area: about 1,000,000 incidents a year.
    County,
    /// A slice of the national picture: about 10,000,000 incidents (benches only).
    NationalSlice,
}

/// The sizes a scale generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Incidents over the year.
    pub incidents: usize,
    /// Distinct callers the general demand draws from.
    pub callers: usize,
    /// Distinct places.
    pub locations: usize,
    /// Cases opened over the year.
    pub cases: usize,
    /// Case workers per agency.
    pub workers: usize,
}

impl Scale {
    /// Parses `borough`, `county` or `national-slice`.
    pub fn parse(s: &str) -> Option<Scale> {
        match s {
            "borough" => Some(Scale::Borough),
            "county" => Some(Scale::County),
            "national-slice" | "national" => Some(Scale::NationalSlice),
            _ => None,
        }
    }

    /// Its name as `parse` reads it.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Borough => "borough",
            Scale::County => "county",
            Scale::NationalSlice => "national-slice",
        }
    }

    /// The sizes it generates.
    pub fn shape(self) -> Shape {
        match self {
            Scale::Borough => Shape {
                incidents: 10_000,
                callers: 3_000,
                locations: 1_500,
                cases: 120,
                workers: 3,
            },
            Scale::County => Shape {
                incidents: 1_000_000,
                callers: 100_000,
                locations: 50_000,
                cases: 1_200,
                workers: 8,
            },
            Scale::NationalSlice => Shape {
                incidents: 10_000_000,
                callers: 1_000_000,
                locations: 500_000,
                cases: 6_000,
                workers: 20,
            },
        }
    }
}

/// The morning the generated year ends on: the hub meets at 09:00.
pub fn today() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 16, 8, 30, 0)
        .single()
        .unwrap_or_default()
}

/// One partner agency as the generator sets it up.
#[derive(Clone, Copy, Debug)]
pub struct Partner {
    /// Its kind.
    pub kind: AgencyKind,
    /// Its name.
    pub name: &'static str,
    /// The prefix of its practitioners' external ids, and the name `--as` takes.
    pub prefix: &'static str,
    /// The short job title in its case workers' external ids (`police/pc-1`).
    pub title: &'static str,
}

/// The partnership, hosting agency first.
pub const PARTNERS: [Partner; 10] = [
    partner(AgencyKind::Police, "Police", "police", "pc"),
    partner(
        AgencyKind::Council,
        "Borough Council ASB team",
        "council",
        "asb",
    ),
    partner(AgencyKind::Housing, "Housing", "housing", "ho"),
    partner(AgencyKind::MentalHealth, "Mental Health", "mh", "cpn"),
    partner(
        AgencyKind::AdultSocialCare,
        "Adult Social Care",
        "asc",
        "sw",
    ),
    partner(AgencyKind::FireAndRescue, "Fire and Rescue", "fire", "ff"),
    partner(
        AgencyKind::DrugAndAlcohol,
        "Drug and Alcohol service",
        "dal",
        "dw",
    ),
    partner(
        AgencyKind::DvSupport,
        "Domestic abuse support",
        "dv",
        "idva",
    ),
    partner(AgencyKind::VoluntarySector, "Voluntary sector", "vol", "vw"),
    partner(
        AgencyKind::NeighbourhoodWatch,
        "Neighbourhood Watch",
        "nhw",
        "co",
    ),
];

const fn partner(
    kind: AgencyKind,
    name: &'static str,
    prefix: &'static str,
    title: &'static str,
) -> Partner {
    Partner {
        kind,
        name,
        prefix,
        title,
    }
}

/// The external id of an agency's `n`th case worker (from 1), e.g. `housing/ho-1`.
pub fn worker_id(p: &Partner, n: usize) -> String {
    format!("{}/{}-{n}", p.prefix, p.title)
}

/// The external id of an agency's supervisor, e.g. `police/sup-1`.
pub fn supervisor_id(p: &Partner) -> String {
    format!("{}/sup-1", p.prefix)
}

/// A stage of generation, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    /// What is being done.
    pub stage: &'static str,
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

/// What was generated.
#[derive(Clone, Debug)]
pub struct Borough {
    /// The scale.
    pub scale: Scale,
    /// The morning the year ends on.
    pub today: DateTime<Utc>,
    /// Each partner's agency id, in [`PARTNERS`] order.
    pub agencies: Vec<AgencyId>,
    /// Each partner's case workers, in [`PARTNERS`] order.
    pub workers: Vec<Vec<PractitionerId>>,
    /// Every case opened.
    pub cases: Vec<CaseId>,
    /// A long-running problem location case with 200 entries.
    pub big_case: CaseId,
    /// The people recorded before any incident (victims, offenders).
    pub people: Vec<PersonId>,
    /// Incidents imported.
    pub incidents: usize,
    /// Entries added.
    pub entries: usize,
    /// Tasks set.
    pub tasks: usize,
    /// Referrals made.
    pub referrals: usize,
}

// ---- names, identifiers and places -------------------------------------------------------

const FIRST: [&str; 64] = [
    "Margaret",
    "Dean",
    "Susan",
    "Kyle",
    "Patricia",
    "Jordan",
    "Sandra",
    "Liam",
    "Janet",
    "Connor",
    "Brenda",
    "Tyler",
    "Carol",
    "Reece",
    "Linda",
    "Callum",
    "Pauline",
    "Kieran",
    "Denise",
    "Jake",
    "Tracey",
    "Bradley",
    "Karen",
    "Ryan",
    "Julie",
    "Aaron",
    "Donna",
    "Lewis",
    "Michelle",
    "Nathan",
    "Gemma",
    "Shane",
    "Kelly",
    "Adam",
    "Leanne",
    "Jamie",
    "Stacey",
    "Darren",
    "Amy",
    "Wayne",
    "Chloe",
    "Craig",
    "Jade",
    "Lee",
    "Shannon",
    "Mark",
    "Paige",
    "Stephen",
    "Aisha",
    "Imran",
    "Priya",
    "Tomasz",
    "Agnieszka",
    "Olu",
    "Grace",
    "Mohammed",
    "Fatima",
    "Arjun",
    "Nadia",
    "Piotr",
    "Sean",
    "Bethany",
    "Harvey",
    "Elsie",
];

const LAST: [&str; 96] = [
    "Hughes",
    "Walsh",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Patel",
    "Khan",
    "Lewis",
    "James",
    "Phillips",
    "Mason",
    "Mitchell",
    "Rose",
    "Davis",
    "Rodriguez",
    "Cox",
    "Alexander",
    "Morgan",
    "Moore",
    "Mills",
    "King",
    "Turner",
    "Harris",
    "Cooper",
    "Ward",
    "Baker",
    "Parker",
    "Bennett",
    "Price",
    "Young",
    "Allen",
    "Griffiths",
    "Edwards",
    "Bailey",
    "Lloyd",
    "Kelly",
    "Hill",
    "Shaw",
    "Carter",
    "Marshall",
    "Chapman",
    "Webb",
    "Ellis",
    "Fletcher",
    "Hunt",
    "Palmer",
    "Holmes",
    "Grant",
    "Kowalski",
    "Nowak",
    "Begum",
    "Hussain",
    "Ali",
    "Okafor",
    "Adeyemi",
    "Singh",
    "Kaur",
    "Sharma",
    "Murphy",
    "O'Brien",
    "Doyle",
    "Foster",
    "Gibson",
    "Knight",
    "Stevens",
    "Dixon",
    "Pearson",
    "Barker",
    "Coxhead",
    "Owen",
    "Watts",
    "Lambert",
    "Hodgson",
    "Bird",
    "Reid",
    "Fisher",
    "Burton",
    "Atkinson",
    "Wells",
];

const STREETS: [&str; 40] = [
    "Elm Road",
    "Lichfield Street",
    "Church Street",
    "Glascote Road",
    "Watling Street",
    "Coton Lane",
    "Amington Road",
    "Bolebridge Street",
    "Upper Gungate",
    "Aldergate",
    "Marmion Street",
    "Kettlebrook Road",
    "Tinkers Green Road",
    "Leyfields Road",
    "Ashby Road",
    "Hockley Road",
    "Dosthill Road",
    "Fazeley Road",
    "Two Gates Lane",
    "Belgrave Road",
    "Stoneydelph Lane",
    "Comberford Road",
    "Wigginton Road",
    "Hedging Lane",
    "Bamford Street",
    "Victoria Road",
    "Albert Road",
    "Orchard Street",
    "Quarry Hill",
    "Mount Pleasant",
    "Park Farm Road",
    "Silver Link Road",
    "Masefield Drive",
    "Browning Road",
    "Kipling Road",
    "Shelley Close",
    "Ankerside Walk",
    "Castle Street",
    "Bradford Street",
    "Wilnecote Lane",
];

const HOT_SPOTS: [&str; 10] = [
    "Ankerside Shopping Centre",
    "Tamworth railway station",
    "Castle Pleasure Grounds",
    "Marmion Street bus station",
    "Kettlebrook Road car park",
    "Wilnecote Co-op",
    "Glascote Heath recreation ground",
    "Snowdome car park",
    "The Moat House public house",
    "Stoneydelph skate park",
];

fn pick<'a>(list: &[&'a str], i: usize) -> &'a str {
    list.get(i % list.len().max(1)).copied().unwrap_or("")
}

/// The name of person `i`: unique for every index below about a million.
pub fn person_name(i: usize) -> String {
    let combos = FIRST.len() * LAST.len();
    // Spread surnames so neighbouring indexes (the busiest callers) do not share one; the pair
    // (i mod 64, i / 64 + 7 (i mod 64) mod 96) is distinct for every i below 64 x 96.
    let a = i % FIRST.len();
    let first = pick(&FIRST, a);
    let last = pick(&LAST, i / FIRST.len() + 7 * a);
    if i < combos {
        format!("{first} {last}")
    } else {
        format!("{first} {}-{last}", pick(&LAST, i / combos + 7))
    }
}

fn mix(i: usize) -> u64 {
    SplitMix::new(i as u64 ^ 0x5EED).next_u64()
}

/// The date of birth of person `i`.
pub fn person_dob(i: usize) -> Option<NaiveDate> {
    let h = mix(i);
    let year = 1940 + (h % 66) as i32;
    NaiveDate::from_ymd_opt(year, 1 + (h >> 8) as u32 % 12, 1 + (h >> 16) as u32 % 28)
}

/// A valid NHS number for person `i` (distinct per index, outside the 999 test range).
pub fn nhs_number(i: usize) -> String {
    let mut stem = 401_000_000 + (i as u64) * 11;
    loop {
        let digits = format!("{stem:09}");
        let mut first9 = [0u8; 9];
        for (d, b) in first9.iter_mut().zip(digits.bytes()) {
            *d = b - b'0';
        }
        if let Some(check) = nhs_check_digit(&first9) {
            return format!("{digits}{check}");
        }
        stem += 1;
    }
}

/// A valid PNC ID for offender `j`.
pub fn pnc_id(j: usize) -> String {
    let yy = 5 + (j % 20) as u32;
    let serial = 100_000 + j as u32;
    format!("20{yy:02}/{serial:07}{}", pnc_check_letter(yy, serial))
}

/// A valid National Insurance number for person `i`.
pub fn ni_number(i: usize) -> String {
    const PREFIXES: [&str; 6] = ["AB", "JH", "NE", "PR", "SK", "WL"];
    format!(
        "{}{:06}{}",
        pick(&PREFIXES, i),
        i % 1_000_000,
        pick(&["A", "B", "C", "D"], i / 7)
    )
}

const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// A valid-format postcode for place `l` (the Tamworth districts B77 to B79).
pub fn postcode(l: usize) -> String {
    let letter = |n: usize| {
        char::from(
            INWARD_LETTERS
                .get(n % INWARD_LETTERS.len())
                .copied()
                .unwrap_or(b'A'),
        )
    };
    format!(
        "B7{} {}{}{}",
        7 + l % 3,
        (l / 3) % 10,
        letter(l / 30),
        letter(l / 600)
    )
}

/// The UPRN of place `l`.
pub fn uprn(l: usize) -> String {
    (100_031_000_000u64 + l as u64).to_string()
}

/// The label every partner sees for place `l`.
pub fn place_label(l: usize) -> String {
    match HOT_SPOTS.get(l) {
        Some(name) => (*name).to_owned(),
        None => format!("{} {}", l / STREETS.len() + 1, pick(&STREETS, l)),
    }
}

fn place_address(l: usize) -> String {
    format!("{}, Tamworth {}", place_label(l), postcode(l))
}

fn location_ref(l: usize) -> LocationRef {
    LocationRef {
        uprn: Some(uprn(l)),
        address: Some(place_address(l)),
        postcode: Some(postcode(l)),
        label: Some(place_label(l)),
    }
}

// ---- generation ------------------------------------------------------------------------

/// A hub builder and its clock set to the start of a generated year, with sequential ids from
/// `seed`: open it (`Hub::open` or in memory) and pass both to [`Borough::generate`].
pub fn builder(seed: u64) -> (HubBuilder, ManualClock) {
    let clock = ManualClock::new(start() - Duration::days(1));
    let builder = Hub::builder()
        .clock(clock.clone())
        .ids(SequentialIds::new(seed));
    (builder, clock)
}

fn start() -> DateTime<Utc> {
    today() - Duration::days(365)
}

struct World<'h> {
    hub: &'h Hub,
    clock: &'h ManualClock,
    rng: SplitMix,
    shape: Shape,
    agencies: Vec<AgencyId>,
    workers: Vec<Vec<PractitionerId>>,
    /// Person index -> profile, for the people recorded before incidents.
    recorded: std::collections::BTreeMap<usize, PersonId>,
    places: std::collections::BTreeMap<usize, LocationId>,
    entries: usize,
    entries_on_big: usize,
    /// Live tasks: id, the assigned agency's worker, due, setter, and whether it will run late.
    open_tasks: Vec<(TaskId, PractitionerId, DateTime<Utc>, PractitionerId, bool)>,
    tasks: usize,
    pending: Vec<(ReferralId, PractitionerId, DateTime<Utc>)>,
    referrals: usize,
}

// Indexes into PARTNERS.
const POLICE: usize = 0;
const COUNCIL: usize = 1;
const HOUSING: usize = 2;
const MH: usize = 3;
const ASC: usize = 4;
const FIRE: usize = 5;
const DAL: usize = 6;
const DV: usize = 7;
const VOL: usize = 8;
const NHW: usize = 9;

/// The cohorts incidents and cases are drawn from, as person and place indexes.
struct Cohorts {
    /// Domestic abuse victims (person index), their partners (offender index) and homes.
    da: Vec<(usize, usize, usize)>,
    /// Hate incident victims and their homes.
    hate: Vec<(usize, usize)>,
    /// The first offender person index (offenders follow the callers).
    offenders: usize,
}

impl Cohorts {
    fn new(shape: &Shape) -> Self {
        let n = shape.incidents;
        let da_size = (n * 7 / 100 / 5).clamp(10, 20_000);
        let hate_size = (n * 2 / 100 / 3).clamp(5, 5_000);
        let offenders = shape.callers;
        let loc = |k: usize| k % shape.locations.max(1);
        Cohorts {
            da: (0..da_size)
                .map(|d| (50 + 7 * d, offenders + d, loc(100 + 3 * d)))
                .map(|(v, o, l)| (v % shape.callers, o, l))
                .collect(),
            hate: (0..hate_size)
                .map(|h| {
                    (
                        (53 + 11 * h) % shape.callers,
                        loc(shape.locations / 2 + 5 * h),
                    )
                })
                .collect(),
            offenders,
        }
    }
}

impl Borough {
    /// Generates a borough of `scale` into a new `hub` whose clock is `clock` (see [`builder`]),
    /// reporting progress. Deterministic: the same seed and scale give the same journal.
    pub fn generate(
        hub: &Hub,
        clock: &ManualClock,
        seed: u64,
        scale: Scale,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Borough, Error> {
        let shape = scale.shape();
        let mut w = World {
            hub,
            clock,
            rng: SplitMix::new(seed),
            shape,
            agencies: Vec::new(),
            workers: Vec::new(),
            recorded: Default::default(),
            places: Default::default(),
            entries: 0,
            entries_on_big: 0,
            open_tasks: Vec::new(),
            tasks: 0,
            pending: Vec::new(),
            referrals: 0,
        };
        let cohorts = Cohorts::new(&shape);
        w.partnership()?;
        let people = w.people(&cohorts)?;
        w.places()?;

        let total = shape.incidents as u64;
        let mut demand = Demand::new(seed, &shape, &cohorts);
        let mut cases = Vec::new();
        let mut big_case = None;
        let mut imported = 0;
        let weeks = 53;
        for week in 0..weeks {
            let week_end = (start() + Duration::days(7 * (week + 1))).min(today());
            let rows = demand.until(week_end);
            clock.set(week_end);
            for chunk in rows.chunks(50_000) {
                imported += chunk.len();
                hub.import_incidents(
                    w.worker(POLICE, 0),
                    chunk.to_vec(),
                    &ImportOptions::default(),
                    None,
                )?;
                progress(Progress {
                    stage: "incidents",
                    done: imported as u64,
                    total,
                });
            }
            // Casework through the week that just ended, opened evenly across the year.
            let due_cases = shape.cases * (week as usize + 1) / weeks as usize;
            while cases.len() < due_cases {
                let k = cases.len();
                let case = w.open_case(k, &cohorts)?;
                if big_case.is_none() {
                    big_case = Some(case);
                }
                cases.push(case);
            }
            if let Some(big) = big_case {
                w.big_case_week(big, week as usize)?;
            }
            w.follow_up(&cases)?;
        }
        clock.set(today());
        let big_case = big_case.ok_or(Error::not_found("case"))?;
        progress(Progress {
            stage: "done",
            done: total,
            total,
        });
        Ok(Borough {
            scale,
            today: today(),
            agencies: w.agencies,
            workers: w.workers,
            cases,
            big_case,
            people,
            incidents: imported,
            entries: w.entries,
            tasks: w.tasks,
            referrals: w.referrals,
        })
    }
}

impl World<'_> {
    // Every partner has its agency and at least one case worker once `partnership` ran.
    fn worker(&self, agency: usize, n: usize) -> PractitionerId {
        let list = &self.workers[agency];
        list[n % list.len()]
    }

    fn agency(&self, i: usize) -> AgencyId {
        self.agencies[i]
    }

    fn roll(&mut self, p: f64) -> bool {
        self.rng.unit() < p
    }

    fn below(&mut self, n: usize) -> usize {
        (self.rng.next_u64() % n.max(1) as u64) as usize
    }

    fn partnership(&mut self) -> Result<(), Error> {
        let hub = self.hub;
        let est = hub.establish(
            "Tamworth Community Safety Hub",
            NewAgency {
                name: "Police".into(),
                kind: AgencyKind::Police,
            },
            "Ch Insp Coxhead",
        )?;
        for (i, p) in PARTNERS.iter().enumerate() {
            let agency = if i == POLICE {
                est.agency
            } else {
                hub.add_agency(
                    est.admin,
                    NewAgency {
                        name: p.name.into(),
                        kind: p.kind,
                    },
                )?
            };
            let register = |name: String, role, ext: String| {
                hub.register_practitioner(
                    est.admin,
                    NewPractitioner {
                        agency,
                        name,
                        role,
                        external_id: Some(ext),
                    },
                )
            };
            register(
                format!("{} supervisor", p.name),
                Role::Supervisor,
                supervisor_id(p),
            )?;
            let mut workers = Vec::new();
            for n in 1..=self.shape.workers {
                let name = format!("{} {}", worker_title(p), pick(&LAST, i * 13 + n * 5 + 17));
                workers.push(register(name, Role::CaseWorker, worker_id(p, n))?);
            }
            self.agencies.push(agency);
            self.workers.push(workers);
        }
        let all_but_watch: Vec<AgencyId> = (0..NHW).map(|i| self.agency(i)).collect();
        let long_ago = start() - Duration::days(400);
        let agreements = [
            (
                "Hub information sharing protocol",
                all_but_watch,
                LawfulBasis::CrimeAndDisorderActS115,
                vec![
                    InformationCategory::General,
                    InformationCategory::PersonalDetails,
                    InformationCategory::Location,
                    InformationCategory::Asb,
                    InformationCategory::Housing,
                    InformationCategory::RiskAssessment,
                ],
                false,
                long_ago,
                None,
            ),
            (
                "Safeguarding, health and substance misuse (special category data)",
                vec![
                    self.agency(POLICE),
                    self.agency(MH),
                    self.agency(ASC),
                    self.agency(DAL),
                    self.agency(DV),
                ],
                LawfulBasis::SafeguardingDuty,
                vec![
                    InformationCategory::Safeguarding,
                    InformationCategory::Health,
                    InformationCategory::MentalHealth,
                    InformationCategory::SubstanceMisuse,
                    InformationCategory::DomesticAbuse,
                    InformationCategory::RiskAssessment,
                    InformationCategory::Crime,
                ],
                true,
                long_ago,
                None,
            ),
            (
                "Hate crime partnership",
                vec![self.agency(POLICE), self.agency(COUNCIL), self.agency(VOL)],
                LawfulBasis::CrimeAndDisorderActS115,
                vec![
                    InformationCategory::ProtectedCharacteristics,
                    InformationCategory::Crime,
                    InformationCategory::RiskAssessment,
                ],
                true,
                long_ago,
                None,
            ),
            (
                "Neighbourhood Watch messaging",
                vec![self.agency(POLICE), self.agency(COUNCIL), self.agency(NHW)],
                LawfulBasis::PublicTask,
                vec![
                    InformationCategory::General,
                    InformationCategory::Location,
                    InformationCategory::Asb,
                ],
                false,
                long_ago,
                None,
            ),
            (
                "Fire safety referrals pilot (ended)",
                vec![self.agency(POLICE), self.agency(FIRE), self.agency(ASC)],
                LawfulBasis::PublicTask,
                vec![
                    InformationCategory::Safeguarding,
                    InformationCategory::RiskAssessment,
                ],
                false,
                start() - Duration::days(200),
                Some(today() - Duration::days(90)),
            ),
        ];
        for (title, parties, basis, categories, special, starts, ends) in agreements {
            hub.sign_agreement(
                est.admin,
                NewAgreement {
                    title: title.into(),
                    parties,
                    purposes: vec![
                        "reduce crime and disorder".into(),
                        "protect vulnerable people".into(),
                    ],
                    lawful_basis: basis,
                    categories,
                    special_category: special,
                    starts,
                    ends,
                },
            )?;
        }
        Ok(())
    }

    /// Records the victims, offenders and vulnerable people cases will name, before any
    /// incident, so imports match them by identifier.
    fn people(&mut self, cohorts: &Cohorts) -> Result<Vec<PersonId>, Error> {
        let mut wanted: Vec<(usize, bool)> = Vec::new();
        // A few domestic abuse victims are in refuge: police lock their profiles down, so even
        // the name is withheld from those without access. Only people no other agency's case
        // names are locked, or that agency could not link them.
        let mut refuge = std::collections::BTreeSet::new();
        let mut elsewhere = std::collections::BTreeSet::new();
        for k in 0..self.shape.cases {
            let (t, victim, offender) = subjects(k, cohorts, &self.shape);
            wanted.push((victim, false));
            if let Some(o) = offender {
                wanted.push((o, true));
            }
            if t == CaseType::DomesticAbuse && k % 4 == 1 {
                refuge.insert(victim);
            } else if plan(t).lead != POLICE {
                elsewhere.insert(victim);
            }
        }
        let mut out = Vec::new();
        for (i, offender) in wanted {
            if self.recorded.contains_key(&i) {
                continue;
            }
            let mut identifiers = vec![(IdentifierKind::NhsNumber, nhs_number(i))];
            let mut flags = Vec::new();
            if offender {
                identifiers.push((IdentifierKind::PncId, pnc_id(i)));
                if self.roll(0.3) {
                    flags.push(VulnerabilityFlag::SubstanceMisuse);
                }
            } else {
                if self.roll(0.3) {
                    identifiers.push((IdentifierKind::NiNumber, ni_number(i)));
                }
                for (flag, p) in [
                    (VulnerabilityFlag::MentalHealth, 0.25),
                    (VulnerabilityFlag::Elderly, 0.15),
                    (VulnerabilityFlag::Isolated, 0.2),
                    (VulnerabilityFlag::RepeatVictim, 0.3),
                    (VulnerabilityFlag::LearningDisability, 0.05),
                ] {
                    if self.roll(p) {
                        flags.push(flag);
                    }
                }
            }
            let restricted = !offender && refuge.contains(&i) && !elsewhere.contains(&i);
            let id = self.hub.record_person(
                self.worker(POLICE, i),
                NewPerson {
                    name: person_name(i),
                    aliases: Vec::new(),
                    date_of_birth: person_dob(i),
                    identifiers,
                    flags,
                    restricted,
                },
            )?;
            self.recorded.insert(i, id);
            out.push(id);
        }
        Ok(out)
    }

    /// Records the hot spots and case locations.
    fn places(&mut self) -> Result<(), Error> {
        for k in 0..self.shape.cases.max(HOT_SPOTS.len()) {
            let l = case_place(k, &self.shape);
            if self.places.contains_key(&l) {
                continue;
            }
            let id = self.hub.record_location(
                self.worker(POLICE, k),
                NewLocation {
                    label: place_label(l),
                    address: Some(place_address(l)),
                    postcode: Some(postcode(l)),
                    uprn: Some(uprn(l)),
                    coordinates: Some((
                        52.63 + (l % 97) as f64 * 0.0003,
                        -1.69 - (l % 89) as f64 * 0.0003,
                    )),
                    restricted: false,
                },
            )?;
            self.places.insert(l, id);
        }
        Ok(())
    }

    fn person(&self, i: usize) -> Result<PersonId, Error> {
        self.recorded
            .get(&i)
            .copied()
            .ok_or(Error::not_found("person"))
    }

    fn open_case(&mut self, k: usize, cohorts: &Cohorts) -> Result<CaseId, Error> {
        let hub = self.hub;
        let case_type = case_type(k);
        let plan = plan(case_type);
        let lead = self.worker(plan.lead, k);
        let place = case_place(k, &self.shape);
        let place_id = *self
            .places
            .get(&place)
            .ok_or(Error::not_found("location"))?;
        let (_, victim, offender) = subjects(k, cohorts, &self.shape);
        let victim_name = person_name(victim);
        let title = match case_type {
            CaseType::ProblemLocation => format!("Problem location: {}", place_label(place)),
            CaseType::OffenderManagement => {
                format!("IOM: {}", person_name(offender.unwrap_or(victim)))
            }
            t => format!("{}: {victim_name}", case_title(t)),
        };
        let case = hub.open_case(
            lead,
            NewCase {
                case_type,
                title,
                lead_practitioner: None,
                team: plan.team.iter().map(|&a| self.agency(a)).collect(),
            },
        )?;
        let victim_id = self.person(victim)?;
        let victim_role = match case_type {
            CaseType::VulnerablePerson | CaseType::Safeguarding | CaseType::ConcernForSafety => {
                SubjectRole::VulnerablePerson
            }
            _ => SubjectRole::Victim,
        };
        if case_type != CaseType::OffenderManagement {
            hub.link_subject(lead, case, Subject::Person(victim_id), victim_role)?;
        }
        let offender_id = match offender {
            Some(o) => {
                let id = self.person(o)?;
                hub.link_subject(lead, case, Subject::Person(id), SubjectRole::Perpetrator)?;
                Some(id)
            }
            None => None,
        };
        hub.link_subject(
            lead,
            case,
            Subject::Location(place_id),
            SubjectRole::LocationOfConcern,
        )?;

        // Entries of every visibility: the lead's notes, partners' notes in their own
        // categories, private intelligence, agency-only notes and sensitive entries.
        self.entry(
            lead,
            case,
            opening_note(case_type),
            plan.category,
            Visibility::CaseTeam,
            false,
        )?;
        for (n, &a) in plan.team.iter().enumerate() {
            let who = self.worker(a, k + n);
            let (text, category) = partner_note(a);
            let visibility = if n.is_multiple_of(2) {
                Visibility::CaseTeam
            } else {
                Visibility::Partnership
            };
            self.entry(who, case, text, category, visibility, false)?;
        }
        if k.is_multiple_of(3) {
            self.entry(
                lead,
                case,
                "Intelligence held by the lead agency; not for partners yet.",
                InformationCategory::Crime,
                Visibility::Private,
                false,
            )?;
        }
        if k % 4 == 1 {
            self.entry(
                lead,
                case,
                "Internal note: discussed at the agency's own tasking meeting.",
                plan.category,
                Visibility::Agency,
                false,
            )?;
        }
        if k % 5 == 2 {
            self.entry(
                lead,
                case,
                "Disclosure made in confidence about a family member; see the lead.",
                InformationCategory::Safeguarding,
                Visibility::CaseTeam,
                true,
            )?;
        }

        // A risk assessment with the built-in template that fits the case.
        let (template, subject) = match case_type {
            CaseType::DomesticAbuse => (builtin::DA_CHECKLIST, victim_id),
            CaseType::OffenderManagement => match offender_id {
                Some(o) => (builtin::RFG, o),
                None => (builtin::LIKELIHOOD_IMPACT, victim_id),
            },
            CaseType::Asb | CaseType::HateCrime | CaseType::ProblemLocation => {
                (builtin::ASB_VULNERABILITY, victim_id)
            }
            _ => (builtin::LIKELIHOOD_IMPACT, victim_id),
        };
        if case_type != CaseType::Other || k.is_multiple_of(2) {
            let answers = self.answers(template);
            let mut new = NewAssessment::new(case, subject, template, answers);
            if k % 7 == 3 {
                new = new.visible_to(Visibility::Agency);
            }
            hub.record_assessment(lead, new)?;
        }

        // A task for a partner on most cases.
        if let Some(&a) = plan.team.get(k % plan.team.len().max(1)) {
            if a != plan.lead && k % 4 != 3 {
                let due = self.clock_now() + Duration::days(5 + (k % 10) as i64);
                let (title, category) = task_for(a);
                let task = hub.set_task(
                    lead,
                    NewTask {
                        case,
                        assignee: Assignee::Agency(self.agency(a)),
                        title: title.into(),
                        detail: "Please update the case before the next hub meeting.".into(),
                        category,
                        due,
                        priority: if k.is_multiple_of(6) {
                            Priority::High
                        } else {
                            Priority::Normal
                        },
                    },
                )?;
                self.tasks += 1;
                let late = self.roll(0.35);
                self.open_tasks
                    .push((task, self.worker(a, k), due, lead, late));
            }
        }

        // A referral for support, under an agreement covering its category.
        if let Some((to, category, reason)) = referral_for(case_type, k) {
            if k % 3 != 1 {
                let id =
                    hub.refer(
                        lead,
                        NewReferral {
                            to: self.agency(to),
                            person: Some(victim_id),
                            case: Some(case),
                            category,
                            reason: reason.into(),
                            consent: Some(if k.is_multiple_of(5) {
                                Consent::NotRequired {
                                    lawful_reason:
                                        "risk of serious harm (s115 Crime and Disorder Act 1998)"
                                            .into(),
                                }
                            } else {
                                Consent::Given
                            }),
                            consent_override: None,
                        },
                    )?;
                self.referrals += 1;
                self.pending
                    .push((id, self.worker(to, k), self.clock_now()));
            }
        }
        Ok(case)
    }

    fn clock_now(&self) -> DateTime<Utc> {
        safehub::Clock::now(self.clock)
    }

    fn entry(
        &mut self,
        who: PractitionerId,
        case: CaseId,
        text: &str,
        category: InformationCategory,
        visibility: Visibility,
        sensitive: bool,
    ) -> Result<(), Error> {
        let mut e = NewEntry::note(text)
            .category(category)
            .visible_to(visibility);
        if sensitive {
            e = e.sensitive();
        }
        if self.entries % 9 == 4 {
            e.kind = EntryKind::Action;
        }
        self.hub.add_entry(who, case, e)?;
        self.entries += 1;
        Ok(())
    }

    /// Answers to a built-in template: a case's severity sets how many risk factors are
    /// present, so some people come out high risk and most do not.
    fn answers(&mut self, template: &str) -> Answers {
        let severity = self.rng.unit().powf(1.5);
        let mut answers = Answers::new();
        let Some(t) = builtin::get(template, 1) else {
            return answers;
        };
        for q in &t.questions {
            let value = match &q.kind {
                QuestionKind::YesNo => AnswerValue::YesNo(self.rng.unit() < severity),
                QuestionKind::Scale { min, max } => {
                    let span = (max - min) as f64;
                    let v = min + (span * (severity * 0.8 + self.rng.unit() * 0.2)).round() as i64;
                    AnswerValue::Scale(v.clamp(*min, *max))
                }
                QuestionKind::Choice { options } => {
                    let n = options.len();
                    let idx = ((severity * 0.8 + self.rng.unit() * 0.2) * n as f64) as usize;
                    match options.get(idx.min(n.saturating_sub(1))) {
                        Some(o) => AnswerValue::Choice(o.id.clone()),
                        None => continue,
                    }
                }
            };
            answers.insert(q.id.clone(), value);
        }
        answers
    }

    /// The problem location case gathers about four entries a week from its team: 200 over
    /// the year.
    fn big_case_week(&mut self, case: CaseId, week: usize) -> Result<(), Error> {
        let plan = plan(CaseType::ProblemLocation);
        let per_week = if week < 44 { 4 } else { 3 };
        for n in 0..per_week {
            if self.entries_on_big >= 200 {
                break;
            }
            let a = plan.lead_or_team(week + n);
            let who = self.worker(a, week);
            let (text, category) = partner_note(a);
            let visibility = match (week + n) % 7 {
                0 => Visibility::Private,
                1 => Visibility::Agency,
                2 | 3 => Visibility::Partnership,
                _ => Visibility::CaseTeam,
            };
            self.entry(who, case, text, category, visibility, (week + n) % 23 == 5)?;
            self.entries_on_big += 1;
        }
        Ok(())
    }

    /// Partners work their tasks and referrals: most tasks are answered before they fall due,
    /// some run late and are chased at the meeting; referrals older than a fortnight are
    /// decided. Open cases get a note now and then.
    fn follow_up(&mut self, cases: &[CaseId]) -> Result<(), Error> {
        let now = self.clock_now();
        let tasks = std::mem::take(&mut self.open_tasks);
        for (task, worker, due, setter, late) in tasks {
            if due < now - Duration::days(28) {
                // Left too long: the setter cancels it.
                self.hub.cancel_task(setter, task)?;
            } else if !late && due <= now + Duration::days(7) {
                self.hub.answer_task(
                    worker,
                    task,
                    NewEntry::note("Done: visited and spoke to the household; update on file.")
                        .category(InformationCategory::General),
                )?;
                self.entries += 1;
            } else {
                self.open_tasks.push((task, worker, due, setter, late));
            }
        }
        let pending = std::mem::take(&mut self.pending);
        for (referral, worker, made) in pending {
            if made < now - Duration::days(14) && self.roll(0.5) {
                if self.roll(0.85) {
                    self.hub.accept_referral(worker, referral)?;
                } else {
                    self.hub.decline_referral(
                        worker,
                        referral,
                        "does not meet our service threshold",
                    )?;
                }
            } else {
                self.pending.push((referral, worker, made));
            }
        }
        let n = cases.len();
        if n > 1 {
            for _ in 0..(n / 20).max(1) {
                let k = 1 + self.below(n - 1);
                let Some(&case) = cases.get(k) else { continue };
                let plan = plan(case_type(k));
                let who = self.worker(plan.lead, k);
                self.entry(
                    who,
                    case,
                    "Reviewed at the hub meeting: actions agreed, next review in two weeks.",
                    InformationCategory::General,
                    Visibility::CaseTeam,
                    false,
                )?;
                if let Some(&a) = plan.team.get(self.below(plan.team.len())) {
                    let (title, category) = task_for(a);
                    let due = now + Duration::days(3 + self.below(12) as i64);
                    let task = self.hub.set_task(
                        who,
                        NewTask {
                            case,
                            assignee: Assignee::Agency(self.agency(a)),
                            title: title.into(),
                            detail: "Agreed at the hub meeting; report back.".into(),
                            category,
                            due,
                            priority: Priority::Normal,
                        },
                    )?;
                    self.tasks += 1;
                    let late = self.roll(0.35);
                    self.open_tasks
                        .push((task, self.worker(a, k), due, who, late));
                }
            }
        }
        Ok(())
    }
}

fn case_type(k: usize) -> CaseType {
    if k == 0 {
        CaseType::ProblemLocation
    } else {
        CaseType::ALL[k % CaseType::ALL.len()]
    }
}

/// A case's type, victim and offender (person indexes).
fn subjects(k: usize, cohorts: &Cohorts, shape: &Shape) -> (CaseType, usize, Option<usize>) {
    let t = case_type(k);
    let offender = cohorts.offenders + k % (shape.callers / 10).max(1);
    match t {
        CaseType::DomesticAbuse => {
            let (v, o, _) = cohorts.da[k % cohorts.da.len()];
            (t, v, Some(o))
        }
        CaseType::HateCrime => (t, cohorts.hate[k % cohorts.hate.len()].0, Some(offender)),
        CaseType::Asb | CaseType::OffenderManagement | CaseType::ProblemLocation => {
            (t, case_victim(k, shape), Some(offender))
        }
        _ => (t, case_victim(k, shape), None),
    }
}

fn case_victim(k: usize, shape: &Shape) -> usize {
    // Busy callers are often the people a hub case is about.
    (k * 3 + k / 7) % (shape.cases * 4).min(shape.callers).max(1)
}

fn case_place(k: usize, shape: &Shape) -> usize {
    if k < HOT_SPOTS.len() {
        k
    } else {
        (k * 5) % shape.locations.max(1)
    }
}

fn worker_title(p: &Partner) -> &'static str {
    match p.kind {
        AgencyKind::Police => "PC",
        AgencyKind::Council => "ASB officer",
        AgencyKind::Housing => "Housing officer",
        AgencyKind::MentalHealth => "CPN",
        AgencyKind::AdultSocialCare => "Social worker",
        AgencyKind::FireAndRescue => "Firefighter",
        AgencyKind::DrugAndAlcohol => "Recovery worker",
        AgencyKind::DvSupport => "IDVA",
        AgencyKind::VoluntarySector => "Volunteer coordinator",
        _ => "Coordinator",
    }
}

/// Who leads a case type and who is on its team (indexes into [`PARTNERS`]). A team member needs
/// an agreement with the lead covering the case type's category, so housing, which signed only
/// the hub protocol, joins ASB and problem location cases.
struct Plan {
    lead: usize,
    team: &'static [usize],
    category: InformationCategory,
}

impl Plan {
    fn lead_or_team(&self, n: usize) -> usize {
        let all = self.team.len() + 1;
        match n % all {
            0 => self.lead,
            i => self.team.get(i - 1).copied().unwrap_or(self.lead),
        }
    }
}

fn plan(t: CaseType) -> Plan {
    use InformationCategory as C;
    let (lead, team, category): (usize, &'static [usize], _) = match t {
        CaseType::Asb => (COUNCIL, &[POLICE, HOUSING], C::Asb),
        CaseType::HateCrime => (POLICE, &[COUNCIL, VOL], C::ProtectedCharacteristics),
        CaseType::DomesticAbuse => (POLICE, &[DV, ASC], C::DomesticAbuse),
        CaseType::VulnerablePerson => (MH, &[POLICE, ASC], C::MentalHealth),
        CaseType::ConcernForSafety => (POLICE, &[ASC, FIRE], C::Safeguarding),
        CaseType::ProblemLocation => (COUNCIL, &[POLICE, HOUSING, FIRE, NHW], C::Location),
        CaseType::OffenderManagement => (POLICE, &[DAL], C::Crime),
        CaseType::Safeguarding => (ASC, &[POLICE, MH], C::Safeguarding),
        CaseType::Other => (VOL, &[COUNCIL], C::General),
    };
    Plan {
        lead,
        team,
        category,
    }
}

fn case_title(t: CaseType) -> &'static str {
    match t {
        CaseType::Asb => "ASB victim",
        CaseType::HateCrime => "Hate incidents",
        CaseType::DomesticAbuse => "Domestic abuse",
        CaseType::VulnerablePerson => "Vulnerable adult",
        CaseType::ConcernForSafety => "Concern for safety",
        CaseType::Safeguarding => "Safeguarding",
        _ => "Community support",
    }
}

fn opening_note(t: CaseType) -> &'static str {
    match t {
        CaseType::Asb => {
            "Third report this month of youths gathering and stones thrown at windows."
        }
        CaseType::HateCrime => {
            "Victim reports repeated verbal abuse about their religion outside home."
        }
        CaseType::DomesticAbuse => {
            "Attended after a 999 call; victim disclosed controlling behaviour."
        }
        CaseType::VulnerablePerson => {
            "Known to the community mental health team; anxiety worsening."
        }
        CaseType::ConcernForSafety => {
            "Neighbour worried: curtains closed for days, no answer at door."
        }
        CaseType::ProblemLocation => "Repeated calls about drug use and nuisance at this location.",
        CaseType::OffenderManagement => "Released on licence; accepted onto the IOM cohort.",
        CaseType::Safeguarding => "Concern about financial abuse by a relative.",
        CaseType::Other => "Befriending offered after repeated calls to the council.",
    }
}

fn partner_note(a: usize) -> (&'static str, InformationCategory) {
    use InformationCategory as C;
    match a {
        POLICE => (
            "Patrols increased; two stop and accounts recorded nearby.",
            C::Crime,
        ),
        COUNCIL => ("Warning letter sent; CCTV review requested.", C::Asb),
        HOUSING => (
            "Tenancy officer visited; acceptable behaviour contract offered.",
            C::Housing,
        ),
        MH => (
            "Seen by the crisis team; medication reviewed.",
            C::MentalHealth,
        ),
        ASC => (
            "Care Act assessment started; carer support offered.",
            C::Safeguarding,
        ),
        FIRE => ("Safe and well visit done; smoke alarms fitted.", C::General),
        DAL => (
            "Engaging with the recovery programme; two appointments kept.",
            C::SubstanceMisuse,
        ),
        DV => (
            "IDVA safety plan agreed; target hardening requested.",
            C::DomesticAbuse,
        ),
        VOL => (
            "Befriender visits weekly; food parcel delivered.",
            C::General,
        ),
        _ => (
            "Residents' meeting raised the issue; watch scheme informed.",
            C::Location,
        ),
    }
}

fn task_for(a: usize) -> (&'static str, InformationCategory) {
    use InformationCategory as C;
    match a {
        HOUSING => ("Tenancy check and visit", C::Housing),
        POLICE => ("Check PNC and recent calls", C::General),
        COUNCIL => ("Review CCTV and send warning letter", C::Asb),
        FIRE => ("Safe and well visit", C::General),
        NHW => ("Raise at the residents' meeting", C::General),
        _ => ("Contact the person and report back", C::General),
    }
}

fn referral_for(t: CaseType, k: usize) -> Option<(usize, InformationCategory, &'static str)> {
    use InformationCategory as C;
    match t {
        CaseType::Asb if k % 2 == 1 => Some((
            HOUSING,
            C::Housing,
            "Tenancy support and a housing options visit.",
        )),
        CaseType::ProblemLocation => {
            Some((POLICE, C::Asb, "Patrol plan and a dispersal order, please."))
        }
        CaseType::ConcernForSafety => Some((
            ASC,
            C::Safeguarding,
            "Welfare check and care needs assessment.",
        )),
        CaseType::DomesticAbuse => Some((DV, C::DomesticAbuse, "Referral for IDVA support.")),
        CaseType::VulnerablePerson => {
            Some((ASC, C::Safeguarding, "Care needs assessment, please."))
        }
        CaseType::Asb => Some((VOL, C::General, "Befriending and victim support.")),
        CaseType::OffenderManagement => Some((DAL, C::SubstanceMisuse, "Drug treatment referral.")),
        CaseType::Safeguarding => Some((MH, C::MentalHealth, "Mental health assessment, please.")),
        CaseType::HateCrime => Some((VOL, C::General, "Victim support and community reassurance.")),
        _ => None,
    }
}

// ---- demand ------------------------------------------------------------------------------

/// The incident stream: general demand from Zipf callers and places, plus the domestic abuse
/// and hate cohorts, in time order.
struct Demand<'c> {
    rng: SplitMix,
    callers: Zipf,
    places: Zipf,
    da: Zipf,
    hate: Zipf,
    cohorts: &'c Cohorts,
    recorded_below: usize,
    n: usize,
    next: usize,
}

impl<'c> Demand<'c> {
    fn new(seed: u64, shape: &Shape, cohorts: &'c Cohorts) -> Self {
        Demand {
            rng: SplitMix::new(seed ^ 0xD3_4A_4D),
            callers: Zipf::new(shape.callers, 1.1),
            places: Zipf::new(shape.locations, 1.1),
            da: Zipf::new(cohorts.da.len().max(1), 0.8),
            hate: Zipf::new(cohorts.hate.len().max(1), 0.8),
            cohorts,
            recorded_below: shape.cases * 4,
            n: shape.incidents,
            next: 0,
        }
    }

    fn time(&self, i: usize) -> DateTime<Utc> {
        // Spread over the year up to 06:00 on the meeting morning.
        let span = 365 * 86_400 - 9_000;
        start() + Duration::seconds(span * i as i64 / self.n.max(1) as i64)
    }

    /// The incidents before `end`.
    fn until(&mut self, end: DateTime<Utc>) -> Vec<IncidentRow> {
        let mut rows = Vec::new();
        while self.next < self.n && self.time(self.next) < end {
            let i = self.next;
            rows.push(self.row(i));
            self.next += 1;
        }
        rows
    }

    fn person_ref(&self, i: usize) -> PersonRef {
        // People a case names carry an NHS number, as a host's records would.
        let identifiers = if i < self.recorded_below || i >= self.cohorts.offenders {
            vec![(IdentifierKind::NhsNumber, nhs_number(i))]
        } else {
            Vec::new()
        };
        PersonRef {
            name: person_name(i),
            date_of_birth: person_dob(i),
            identifiers,
        }
    }

    fn row(&mut self, i: usize) -> IncidentRow {
        let at = self.time(i);
        let r = self.rng.unit();
        let mut people = Vec::new();
        let (category, code, summary, caller, place) = if r < 0.07 {
            let d = self.da.sample(&mut self.rng);
            let (v, o, home) = self.cohorts.da.get(d).copied().unwrap_or_default();
            people.push(InvolvedRef {
                role: IncidentRole::Victim,
                person: self.person_ref(v),
            });
            people.push(InvolvedRef {
                role: IncidentRole::Offender,
                person: self.person_ref(o),
            });
            (
                "domestic_abuse",
                None,
                "Caller reports a partner shouting and threatening her",
                v,
                home,
            )
        } else if r < 0.09 {
            let h = self.hate.sample(&mut self.rng);
            let (v, home) = self.cohorts.hate.get(h).copied().unwrap_or_default();
            people.push(InvolvedRef {
                role: IncidentRole::Victim,
                person: self.person_ref(v),
            });
            (
                "hate",
                None,
                "Caller reports abuse shouted at him because of his religion",
                v,
                home,
            )
        } else {
            let caller = self.callers.sample(&mut self.rng);
            let place = self.places.sample(&mut self.rng);
            let k = self.rng.next_u64() % 20;
            let (category, code, summary) = match k {
                0..=2 => (
                    "asb_personal",
                    None,
                    "Caller reports youths harassing her outside her home",
                ),
                3..=8 => (
                    "asb_nuisance",
                    None,
                    "Caller reports noise and shouting from a group",
                ),
                9..=10 => (
                    "asb_environmental",
                    None,
                    "Caller reports fly-tipping and graffiti",
                ),
                11 => ("crime", Some("58C"), "Criminal damage to a car"),
                12 => ("crime", Some("28E"), "Attempted burglary reported"),
                13 => ("crime", Some("8N"), "Assault without injury reported"),
                14 => (
                    "crime",
                    Some("49"),
                    "Shoplifting reported by security staff",
                ),
                15..=17 => (
                    "concern_for_safety",
                    None,
                    "Caller worried about a neighbour's welfare",
                ),
                _ => ("other", None, "Caller asks for advice"),
            };
            if category == "asb_personal" {
                people.push(InvolvedRef {
                    role: IncidentRole::Victim,
                    person: self.person_ref(caller),
                });
            }
            (category, code, summary, caller, place)
        };
        // Reports arrive in time order; most within minutes of the behaviour, some days later
        // (the ASB case review counts only complaints made within a month).
        let delay = if self.rng.next_u64().is_multiple_of(25) {
            Duration::days(3 + (self.rng.next_u64() % 40) as i64)
        } else {
            Duration::minutes(3 + (self.rng.next_u64() % 30) as i64)
        };
        IncidentRow {
            external_ref: format!("TAM-{:08}", i + 1),
            occurred_at: at - delay,
            reported_at: Some(at),
            category: category.to_owned(),
            offence_code: code.map(str::to_owned),
            summary: summary.to_owned(),
            location: Some(location_ref(place)),
            caller: Some(self.person_ref(caller)),
            people,
        }
    }
}
