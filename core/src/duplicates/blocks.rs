//! The blocking index: which profiles could be a duplicate of a given one, without comparing it
//! with every profile. A profile is filed under a few keys, and two profiles are compared only
//! if they share one (identifiers are looked up in the incident book's identifier index, which
//! import matching keeps already):
//!
//! - each name's forename and surname keys as an unordered pair (so a transposed name, a
//!   nickname or a sound-alike spelling files together);
//! - each name word's key with the date of birth read with day and month in either order (so a
//!   misspelt forename or surname still meets its twin when the date is right or swapped).
//!
//! Maintained by the state as profiles are recorded, imported or amended, and stored in a snapshot as a
//! derived index. Keys are hashes of our own (FNV-1a), fixed across builds and processes, since a
//! snapshot stores them.

use super::names::{fold_into, formal, phonetic_code};
use crate::ids::PersonId;
use crate::people::Person;
use crate::projection::Lists;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Profiles by blocking key, each list in the order recorded. Stored as flat columns
/// ([`Lists`]): a county's hundreds of thousands of keys read back a list at a time, where
/// serde's map of vectors read each id through its own length prefix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Blocks(Lists<u64, PersonId>);

impl Blocks {
    /// Files a recorded profile under its keys.
    pub fn add(&mut self, person: &Person) {
        for key in keys(person) {
            self.0.entry(key).or_default().push(person.id);
        }
    }

    /// Makes room for `profiles` new profiles' keys before a batch of them is filed: the map
    /// grows once rather than rehashing every key each time it doubles. Reserved at one key
    /// each (every profile with a name has one, most with a date of birth three).
    pub fn reserve(&mut self, profiles: usize) {
        self.0.reserve(profiles);
    }

    /// Takes a profile out from under its keys, before an amendment changes them.
    pub fn remove(&mut self, person: &Person) {
        for key in keys(person) {
            if let Some(ids) = self.0.get_mut(&key) {
                ids.retain(|id| *id != person.id);
                if ids.is_empty() {
                    self.0.remove(&key);
                }
            }
        }
    }

    /// The profiles filed under any key of `person` (itself included, a profile twice if it
    /// shares several keys).
    pub fn near<'a>(&'a self, person: &Person) -> impl Iterator<Item = PersonId> + 'a {
        keys(person)
            .into_iter()
            .filter_map(|k| self.0.get(&k))
            .flatten()
            .copied()
    }
}

/// A profile's keys, without repeats. Built from each name's folded words in one reused buffer
/// and the phonetic keys of its ends held in place ([`NameKey`](super::names::NameKey) allocates every word and key,
/// and filing imported profiles had spent most of its time there); the keys are the same.
fn keys(person: &Person) -> Vec<u64> {
    let dob = person.date_of_birth.map(either_way);
    let mut out = Vec::new();
    let mut folded = String::new();
    for name in std::iter::once(&person.name).chain(&person.aliases) {
        fold_into(name, &mut folded);
        let mut words = folded.split(' ').filter(|w| !w.is_empty()).map(formal);
        let Some(first) = words.next() else {
            continue;
        };
        let last = words.next_back();
        let first = phonetic_code(first);
        let last_code = last.map_or(first, phonetic_code);
        if last.is_some() {
            out.push(name_pair(first.as_bytes(), last_code.as_bytes()));
        }
        if let Some(dob) = &dob {
            for code in [first, last_code] {
                out.push(hash(&[b"born", code.as_bytes(), dob]));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The key of a name's forename and surname keys as an unordered pair.
fn name_pair(first: &[u8], last: &[u8]) -> u64 {
    let (a, b) = if first <= last {
        (first, last)
    } else {
        (last, first)
    };
    hash(&[b"names", a, b])
}

/// A date of birth as bytes that are the same with day and month swapped.
fn either_way(date: NaiveDate) -> [u8; 6] {
    let (d, m) = (date.day(), date.month());
    let (lo, hi) = if d <= m { (d, m) } else { (m, d) };
    let y = date.year().to_be_bytes();
    // Day and month fit a byte each.
    let [_, _, y2, y3] = y;
    [y2, y3, 0, lo as u8, 0, hi as u8]
}

/// FNV-1a over the parts, each followed by a separator byte no part holds.
fn hash(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::AgencyId;
    use uuid::Uuid;

    fn person(n: u128, name: &str, dob: Option<(i32, u32, u32)>) -> Person {
        Person {
            id: PersonId(Uuid::from_u128(n)),
            name: name.into(),
            aliases: vec![],
            date_of_birth: dob.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            identifiers: vec![],
            flags: Default::default(),
            restricted: false,
            recorded_by: AgencyId(Uuid::from_u128(1)),
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            facts: vec![],
        }
    }

    #[test]
    fn variants_of_a_name_and_date_of_birth_file_together() {
        let margaret = person(1, "Margaret Hughes", Some((1956, 3, 7)));
        let mut blocks = Blocks::default();
        blocks.add(&margaret);
        let meets = |p: &Person| blocks.near(p).any(|id| id == margaret.id);
        assert!(meets(&person(2, "Maggie Hughs", Some((1956, 7, 3)))));
        assert!(meets(&person(3, "Hughes, Margaret", None)));
        assert!(
            meets(&person(4, "Margret Pughes", Some((1956, 3, 7)))),
            "a slip in each"
        );
        assert!(!meets(&person(5, "Susan Jones", Some((1956, 3, 7)))));
        assert!(!meets(&person(6, "Susan Hughes", Some((1970, 3, 7)))));
    }

    /// The keys as built before they were built in place: from each name's [`NameKey`].
    fn keys_by_name_key(person: &Person) -> Vec<u64> {
        use super::super::names::NameKey;
        let dob = person.date_of_birth.map(either_way);
        let mut out = Vec::new();
        for name in std::iter::once(&person.name).chain(&person.aliases) {
            let key = NameKey::new(name);
            if let Some((first, last)) = key.ends() {
                if key.words.len() >= 2 {
                    out.push(name_pair(first.code.as_bytes(), last.code.as_bytes()));
                }
                if let Some(dob) = &dob {
                    for code in [first.code, last.code] {
                        out.push(hash(&[b"born", code.as_bytes(), dob]));
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn keys_built_in_place_are_the_keys_of_each_names_name_key() {
        // A snapshot stores the keys, so building them without allocating must not change one.
        let names = [
            "Margaret Hughes",
            "HUGHES, Margaret",
            "Maggie  Hughs",
            "Cher",
            "",
            "  ,, ",
            "Óscar Núñez-García",
            "Siobhán O'Brien",
            "Philippa Quigley-Chalmers",
            "Zoë d'Ávila",
            "Владимир Петров",
            "李 小龍",
            "Bob 2nd",
        ];
        for (n, name) in names.iter().enumerate() {
            let mut p = person(n as u128 + 1, name, Some((1956, 3, 7)));
            assert_eq!(keys(&p), keys_by_name_key(&p), "{name}");
            if name.contains(' ') && name.trim() != ",," {
                assert_eq!(keys(&p).len(), 3, "{name}: a pair and two dated keys");
            }
            p.date_of_birth = None;
            p.aliases = vec!["Maggie".into(), (*name).into()];
            assert_eq!(
                keys(&p),
                keys_by_name_key(&p),
                "{name} without a date, with aliases"
            );
        }
    }

    #[test]
    fn keys_are_fixed_across_processes() {
        assert_eq!(hash(&[b"a"]), 0x089b_c907_b544_c769);
    }
}
