//! A generated county of person profiles with known duplicates, for measuring duplicate
//! detection (precision and recall, `examples/duplicates_quality.rs`) and its cost
//! (`benches/duplicates.rs`).
//!
//! Names are drawn from skewed lists (a few forenames and surnames are common, as in life, so
//! namesakes occur), dates of birth evenly over 1930 to 2009 (one person in ten without one),
//! and about a third of people carry an NHS number. A share of people are recorded a second time with the errors practitioners
//! make: a typing slip in a name, a nickname, forename and surname transposed, a spelling that
//! sounds the same, day and month swapped, the date of birth left out, the NHS number left out.
//! The nickname list here is the generator's own, wider than the one the library reads.

use crate::generate::{SplitMix, Zipf};
use chrono::{Datelike, NaiveDate};
use safehub::{IdentifierKind, NewPerson};

const FORENAMES: &[&str] = &[
    "John",
    "David",
    "Michael",
    "Paul",
    "Andrew",
    "Mark",
    "James",
    "Peter",
    "Richard",
    "Stephen",
    "Robert",
    "Christopher",
    "Ian",
    "Thomas",
    "William",
    "Daniel",
    "Matthew",
    "Gary",
    "Simon",
    "Kevin",
    "Anthony",
    "Jonathan",
    "Martin",
    "Philip",
    "Steven",
    "Lee",
    "Craig",
    "Darren",
    "Graham",
    "Neil",
    "Alan",
    "Stuart",
    "Adam",
    "Jason",
    "Ryan",
    "Samuel",
    "Benjamin",
    "Joseph",
    "Nicholas",
    "Edward",
    "Charles",
    "Henry",
    "Jack",
    "Oliver",
    "Harry",
    "George",
    "Liam",
    "Connor",
    "Callum",
    "Kieran",
    "Susan",
    "Sarah",
    "Margaret",
    "Elizabeth",
    "Helen",
    "Karen",
    "Julie",
    "Claire",
    "Emma",
    "Nicola",
    "Rachel",
    "Lisa",
    "Catherine",
    "Jennifer",
    "Amanda",
    "Patricia",
    "Deborah",
    "Joanne",
    "Victoria",
    "Rebecca",
    "Michelle",
    "Louise",
    "Laura",
    "Jessica",
    "Hannah",
    "Sophie",
    "Charlotte",
    "Amy",
    "Lauren",
    "Chloe",
    "Megan",
    "Olivia",
    "Emily",
    "Grace",
    "Lucy",
    "Ellie",
    "Abigail",
    "Alexandra",
    "Natalie",
    "Kimberley",
    "Samantha",
    "Stephanie",
    "Zoe",
    "Danielle",
    "Gemma",
    "Kelly",
    "Joanna",
    "Siobhan",
    "Aisha",
    "Fatima",
    "Mohammed",
    "Ahmed",
    "Ali",
    "Hassan",
    "Priya",
    "Anil",
    "Sanjay",
    "Wojciech",
    "Agnieszka",
    "Piotr",
    "Katarzyna",
    "Oscar",
    "Chidi",
    "Ngozi",
    "Kwame",
    "Yusuf",
    "Zainab",
    "Bethany",
    "Shannon",
    "Bradley",
    "Jordan",
    "Nathan",
    "Aaron",
    "Dylan",
    "Tyler",
    "Jake",
];

const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Graham",
    "Pearson",
    "Ahmed",
    "Fletcher",
    "Walsh",
    "Kaur",
    "Gibson",
    "Howard",
    "Andrews",
    "Stewart",
    "Elliott",
    "Reynolds",
    "Saunders",
    "Payne",
    "Fox",
    "Ford",
    "Pearce",
    "Day",
    "Brooks",
    "West",
    "Lawrence",
    "Cole",
    "Atkinson",
    "Bradley",
    "Spencer",
    "Gill",
    "Dawson",
    "Ball",
    "Burton",
    "O'Brien",
    "Watts",
    "Rose",
    "Booth",
    "Perry",
    "Ryan",
    "Grant",
    "Wells",
    "Armstrong",
    "Francis",
    "Rees",
    "Hayes",
    "Hart",
    "Hudson",
    "Newman",
    "Barrett",
    "Webster",
    "Hunter",
    "Gregory",
    "Carr",
    "Lowe",
    "Page",
    "Marsh",
    "Riley",
    "Dennis",
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Okafor",
    "Mensah",
    "Nguyen",
    "O'Connor",
    "McDonald",
    "MacLeod",
    "Fitzgerald",
    "Doherty",
    "Quinn",
    "Byrne",
    "Gallagher",
    "Sheridan",
    "Donnelly",
    "Sutherland",
    "Henderson",
    "Fraser",
    "Ferguson",
    "Hamilton",
    "Robertson",
    "Macdonald",
    "Chaudhry",
    "Choudhury",
    "Rahman",
    "Islam",
    "Akhtar",
    "Malik",
    "Iqbal",
    "Mahmood",
];

/// Nicknames practitioners write (the generator's list; the library knows only some of them).
const NICKNAMES: &[(&str, &str)] = &[
    ("Margaret", "Maggie"),
    ("Margaret", "Peggy"),
    ("Elizabeth", "Liz"),
    ("Elizabeth", "Beth"),
    ("William", "Bill"),
    ("Robert", "Bob"),
    ("Richard", "Dick"),
    ("James", "Jim"),
    ("Michael", "Mike"),
    ("Thomas", "Tom"),
    ("Christopher", "Chris"),
    ("Anthony", "Tony"),
    ("Stephen", "Steve"),
    ("Daniel", "Danny"),
    ("Jennifer", "Jenny"),
    ("Catherine", "Kate"),
    ("Victoria", "Vicky"),
    ("Samuel", "Sam"),
    ("Benjamin", "Ben"),
    ("Joseph", "Joe"),
    ("Rebecca", "Becky"),
    ("Samantha", "Sam"),
    ("Nicholas", "Nick"),
    ("Matthew", "Matt"),
    ("Alexandra", "Alex"),
    ("Deborah", "Debbie"),
    ("Patricia", "Trish"),
    ("Jonathan", "Jon"),
    ("Edward", "Ed"),
    ("Abigail", "Abby"),
];

/// The Zipf exponent of both name lists: the commonest forename is about 6.5% of people and the
/// commonest surname about 5.5% (in England and Wales, Smith is about 1%), so namesakes are, if
/// anything, commoner than in life.
const SKEW: f64 = 0.6;

/// Valid NHS numbers in order, each once (`crate::nhs_number` walks from the start for each).
fn nhs_numbers() -> impl Iterator<Item = String> {
    (401_023_000u64..).filter_map(|stem| {
        let digits: Vec<u8> = format!("{stem:09}").bytes().map(|b| b - b'0').collect();
        let first9: [u8; 9] = digits.try_into().ok()?;
        safehub::identifiers::nhs_check_digit(&first9).map(|check| format!("{stem:09}{check}"))
    })
}

/// The kind of error a duplicate was recorded with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Variant {
    /// The same name and date of birth, written the same (another agency recording the same).
    Same,
    /// A typing slip in the forename or surname.
    Slip,
    /// A nickname for the forename.
    Nickname,
    /// Surname first.
    Transposed,
    /// Case, spacing and punctuation differ ("margaret  OBRIEN").
    Formatting,
    /// Day and month swapped in the date of birth.
    SwappedDate,
    /// The date of birth left out.
    NoDate,
    /// A typing slip in the name and day and month swapped.
    SlipAndSwappedDate,
}

impl Variant {
    /// Every variant, in the order of the report.
    pub const ALL: [Variant; 8] = [
        Variant::Same,
        Variant::Slip,
        Variant::Nickname,
        Variant::Transposed,
        Variant::Formatting,
        Variant::SwappedDate,
        Variant::NoDate,
        Variant::SlipAndSwappedDate,
    ];
}

/// A generated county: every profile to record, in order, and the duplicates among them.
pub struct County {
    /// The profiles, originals and duplicates interleaved in recording order.
    pub people: Vec<NewPerson>,
    /// Each duplicate: the positions in `people` of the original and of the duplicate, and its
    /// error.
    pub duplicates: Vec<(usize, usize, Variant)>,
    /// The address an agency holds for each profile, by position in `people`, if any: most
    /// originals have one; a duplicate has its original's (typed another way three times in
    /// ten) seven times in ten, an address it moved to twice, none once.
    pub addresses: Vec<Option<String>>,
}

const STREET_KINDS: [&str; 6] = ["Road", "Street", "Lane", "Close", "Avenue", "Court"];

impl County {
    /// Records every profile as `actor`, in order, each with its address as a fact of the
    /// actor's agency where `with_addresses`; returns their ids by position.
    pub fn record(
        &self,
        hub: &safehub::Hub,
        actor: safehub::PractitionerId,
        with_addresses: bool,
    ) -> safehub::Result<Vec<safehub::PersonId>> {
        let mut ids = Vec::with_capacity(self.people.len());
        for (p, address) in self.people.iter().zip(&self.addresses) {
            let id = hub.record_person(actor, p.clone())?;
            if let Some(address) = address.as_ref().filter(|_| with_addresses) {
                let fact = safehub::NewFact {
                    value: safehub::NewFactValue::Address {
                        address: address.clone(),
                        postcode: None,
                    },
                    category: None,
                    sharing: safehub::FactSharing::UnderAgreements,
                };
                hub.add_fact(actor, id, fact, "Known address.")?;
            }
            ids.push(id);
        }
        Ok(ids)
    }
}

/// A house number and a street named after a surname.
fn address(rng: &mut SplitMix) -> String {
    let number = 1 + rng.next_u64() % 150;
    let street = SURNAMES[(rng.next_u64() % SURNAMES.len() as u64) as usize];
    let kind = STREET_KINDS[(rng.next_u64() % STREET_KINDS.len() as u64) as usize];
    format!("{number} {street} {kind}, Tamworth")
}

/// The addresses of a county's profiles (see [`County::addresses`]), from their own stream of
/// the seed so that the people drawn stay as they were before addresses were added.
fn addresses(
    people: usize,
    duplicates: &[(usize, usize, Variant)],
    seed: u64,
) -> Vec<Option<String>> {
    let mut rng = SplitMix::new(seed ^ 0xADD5_E55E);
    let mut out: Vec<Option<String>> = (0..people)
        .map(|_| (rng.unit() < 0.85).then(|| address(&mut rng)))
        .collect();
    for &(original, copy, _) in duplicates {
        let roll = rng.unit();
        let theirs = out.get(original).cloned().flatten();
        let moved = address(&mut rng);
        let retyped = rng.unit() < 0.3;
        if let Some(slot) = out.get_mut(copy) {
            *slot = match theirs {
                Some(a) if roll < 0.7 && retyped => Some(a.to_lowercase().replace(',', "")),
                Some(a) if roll < 0.7 => Some(a),
                _ if roll < 0.9 => Some(moved),
                _ => None,
            };
        }
    }
    out
}

/// A county of `n` people, about `share` of whom (0 to 1) are recorded a second time with an
/// error; the same seed gives the same county.
pub fn county(n: usize, share: f64, seed: u64) -> County {
    let mut rng = SplitMix::new(seed);
    let forenames = Zipf::new(FORENAMES.len(), SKEW);
    let surnames = Zipf::new(SURNAMES.len(), SKEW);
    let mut nhs_numbers = nhs_numbers();
    let first_day = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap_or_default();
    let mut people = Vec::with_capacity(n + (n as f64 * share) as usize + 1);
    let mut duplicates = Vec::new();
    for _ in 0..n {
        let forename = FORENAMES[forenames.sample(&mut rng)];
        let surname = SURNAMES[surnames.sample(&mut rng)];
        let dob = first_day + chrono::Duration::days((rng.next_u64() % (80 * 365)) as i64);
        let nhs = if rng.unit() < 0.33 {
            nhs_numbers.next()
        } else {
            None
        };
        // One in ten recorded without a date of birth.
        let original = NewPerson {
            name: format!("{forename} {surname}"),
            date_of_birth: (rng.unit() >= 0.1).then_some(dob),
            identifiers: nhs
                .iter()
                .map(|n| (IdentifierKind::NhsNumber, n.clone()))
                .collect(),
            ..NewPerson::default()
        };
        let at = people.len();
        people.push(original.clone());
        if rng.unit() < share {
            let variant = Variant::ALL[(rng.next_u64() % Variant::ALL.len() as u64) as usize];
            let copy = vary(&original, forename, surname, variant, &mut rng);
            // Recorded later, after some other people.
            duplicates.push((at, usize::MAX, variant));
            people.push(copy);
            if let Some(last) = duplicates.last_mut() {
                last.1 = people.len() - 1;
            }
        }
    }
    let addresses = addresses(people.len(), &duplicates, seed);
    County {
        people,
        duplicates,
        addresses,
    }
}

fn vary(
    original: &NewPerson,
    forename: &str,
    surname: &str,
    variant: Variant,
    rng: &mut SplitMix,
) -> NewPerson {
    let mut copy = original.clone();
    // Half the duplicates lose the NHS number: the other agency did not have it.
    if rng.unit() < 0.5 {
        copy.identifiers.clear();
    }
    let swapped = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.day(), d.month());
    match variant {
        Variant::Same => {}
        Variant::Slip => {
            copy.name = if rng.unit() < 0.5 {
                format!("{} {surname}", slip(forename, rng))
            } else {
                format!("{forename} {}", slip(surname, rng))
            }
        }
        Variant::Nickname => {
            let nicks: Vec<&str> = NICKNAMES
                .iter()
                .filter(|(full, _)| *full == forename)
                .map(|(_, nick)| *nick)
                .collect();
            let nick = nicks
                .get((rng.next_u64() % nicks.len().max(1) as u64) as usize)
                .copied()
                .unwrap_or(forename);
            copy.name = format!("{nick} {surname}");
        }
        Variant::Transposed => copy.name = format!("{} {forename}", surname.to_uppercase()),
        Variant::Formatting => {
            copy.name = format!(" {}  {} ", forename.to_lowercase(), surname.to_uppercase())
                .replace('\'', "")
        }
        Variant::SwappedDate => {
            copy.date_of_birth = original.date_of_birth.and_then(|d| swapped(d).or(Some(d)))
        }
        Variant::NoDate => copy.date_of_birth = None,
        Variant::SlipAndSwappedDate => {
            copy.name = format!("{forename} {}", slip(surname, rng));
            copy.date_of_birth = original.date_of_birth.and_then(|d| swapped(d).or(Some(d)));
        }
    }
    copy
}

/// A typing slip: a letter dropped, doubled, changed to its keyboard neighbour or swapped with
/// the next one, never the first letter.
fn slip(word: &str, rng: &mut SplitMix) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 3 {
        return word.to_string();
    }
    let at = 1 + (rng.next_u64() % (chars.len() as u64 - 1)) as usize;
    match rng.next_u64() % 4 {
        0 => {
            chars.remove(at);
        }
        1 => chars.insert(at, chars[at]),
        2 => {
            const ROW: &str = "qwertyuiopasdfghjklzxcvbnm";
            let c = chars[at].to_ascii_lowercase();
            let next = ROW
                .find(c)
                .and_then(|i| ROW.chars().nth((i + 1) % ROW.len()))
                .unwrap_or('e');
            chars[at] = next;
        }
        _ => {
            if at + 1 < chars.len() {
                chars.swap(at, at + 1);
            } else {
                chars.swap(at - 1, at);
            }
        }
    }
    chars.into_iter().collect()
}
