//! What an amendment is: the edits a practitioner asks for, the changes they become once checked
//! against the record, and the amendment the journal keeps. Plain data, so that the events can
//! carry it without depending on how it is decided or shown.

use crate::cases::Subject;
use crate::groups::Group;
use crate::identifiers::{Identifier, IdentifierKind, Postcode, Uprn};
use crate::ids::{AgencyId, PersonId, PractitionerId};
use crate::locations::{Coordinates, Location};
use crate::people::{Fact, FactValue, Person, VulnerabilityFlag};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One change a practitioner asks for. Which edits apply depends on the record: a person takes
/// names, aliases, date of birth, identifiers, flags and the restriction; a location its label,
/// address, postcode, UPRN, coordinates and the restriction; a group its name and members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Edit {
    /// Correct the name a person or group is known by, or a location's label.
    Name {
        /// The new name.
        to: String,
    },
    /// Add another name a person is known by.
    AddAlias {
        /// The alias.
        alias: String,
    },
    /// Withdraw an alias recorded in error.
    WithdrawAlias {
        /// The alias, as recorded.
        alias: String,
    },
    /// Record, correct or clear a person's date of birth.
    DateOfBirth {
        /// The date, or none to clear it.
        to: Option<NaiveDate>,
    },
    /// Add an identifier (validated as on recording).
    AddIdentifier {
        /// Its kind.
        kind: IdentifierKind,
        /// Its value as typed.
        value: String,
    },
    /// Withdraw an identifier recorded in error.
    WithdrawIdentifier {
        /// Its kind.
        kind: IdentifierKind,
        /// Its value as typed.
        value: String,
    },
    /// Add a vulnerability flag.
    AddFlag {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// Withdraw a vulnerability flag.
    WithdrawFlag {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// Lock a person's or location's profile down, or lift the restriction.
    Restricted {
        /// Whether it is restricted from now on.
        to: bool,
    },
    /// Record, correct or clear a location's address.
    Address {
        /// The address, or none to clear it.
        to: Option<String>,
    },
    /// Record, correct or clear a location's postcode (validated).
    Postcode {
        /// The postcode as typed, or none to clear it.
        to: Option<String>,
    },
    /// Record, correct or clear a location's UPRN (validated).
    Uprn {
        /// The UPRN as typed, or none to clear it.
        to: Option<String>,
    },
    /// Record, correct or clear a location's coordinates.
    Coordinates {
        /// Latitude and longitude, or none to clear them.
        to: Option<Coordinates>,
    },
    /// Add a person to a group (the actor must know of the person).
    AddMember {
        /// The person.
        person: PersonId,
    },
    /// Take a person out of a group.
    WithdrawMember {
        /// The person.
        person: PersonId,
    },
}

/// One change made: what an [`Edit`] became once checked against the record, with the value it
/// replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Change {
    /// The name (or a location's label) was corrected.
    Name {
        /// What it was.
        from: String,
        /// What it is.
        to: String,
    },
    /// An alias was added.
    AliasAdded {
        /// The alias.
        alias: String,
    },
    /// An alias was withdrawn.
    AliasWithdrawn {
        /// The alias.
        alias: String,
    },
    /// The date of birth was recorded, corrected or cleared.
    DateOfBirth {
        /// What it was.
        from: Option<NaiveDate>,
        /// What it is.
        to: Option<NaiveDate>,
    },
    /// An identifier was added.
    IdentifierAdded {
        /// The identifier.
        identifier: Identifier,
    },
    /// An identifier was withdrawn.
    IdentifierWithdrawn {
        /// The identifier.
        identifier: Identifier,
    },
    /// A flag was added.
    FlagAdded {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// A flag was withdrawn.
    FlagWithdrawn {
        /// The flag.
        flag: VulnerabilityFlag,
    },
    /// The profile was restricted, or the restriction lifted.
    Restricted {
        /// Whether it is restricted now.
        to: bool,
    },
    /// The address was recorded, corrected or cleared.
    Address {
        /// What it was.
        from: Option<String>,
        /// What it is.
        to: Option<String>,
    },
    /// The postcode was recorded, corrected or cleared.
    Postcode {
        /// What it was.
        from: Option<Postcode>,
        /// What it is.
        to: Option<Postcode>,
    },
    /// The UPRN was recorded, corrected or cleared.
    Uprn {
        /// What it was.
        from: Option<Uprn>,
        /// What it is.
        to: Option<Uprn>,
    },
    /// The coordinates were recorded, corrected or cleared.
    Coordinates {
        /// What they were.
        from: Option<Coordinates>,
        /// What they are.
        to: Option<Coordinates>,
    },
    /// A person joined the group.
    MemberAdded {
        /// The person.
        person: PersonId,
    },
    /// A person left the group.
    MemberWithdrawn {
        /// The person.
        person: PersonId,
    },
    /// An agency added a fact about the person.
    FactAdded {
        /// The fact.
        fact: Fact,
    },
    /// The agency holding a fact corrected what it says.
    FactCorrected {
        /// The fact as it is now.
        fact: Fact,
        /// What it said.
        from: FactValue,
    },
    /// The agency holding a fact withdrew it.
    FactWithdrawn {
        /// The fact as it was.
        fact: Fact,
    },
}

impl Change {
    /// The fact the change is about, for a change to one of an agency's facts.
    pub fn fact(&self) -> Option<&Fact> {
        match self {
            Change::FactAdded { fact }
            | Change::FactCorrected { fact, .. }
            | Change::FactWithdrawn { fact } => Some(fact),
            _ => None,
        }
    }
}

/// An amendment as stored: one practitioner's changes to one record, with their reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    /// The record changed.
    pub record: Subject,
    /// The actor's agency: the record's owner, or for a change to a fact, the fact's agency.
    pub agency: AgencyId,
    /// Who changed it.
    pub by: PractitionerId,
    /// When.
    #[serde(with = "crate::clock::instant")]
    pub at: DateTime<Utc>,
    /// Why, in the practitioner's words.
    pub reason: String,
    /// What changed, in the order asked.
    pub changes: Vec<Change>,
}

/// Applies a person's change. Changes of another kind of record do not occur (decide builds
/// them per kind) and change nothing.
pub(crate) fn apply_to_person(p: &mut Person, change: &Change) {
    match change {
        Change::Name { to, .. } => p.name.clone_from(to),
        Change::AliasAdded { alias } => p.aliases.push(alias.clone()),
        Change::AliasWithdrawn { alias } => p.aliases.retain(|a| a != alias),
        Change::DateOfBirth { to, .. } => p.date_of_birth = *to,
        Change::IdentifierAdded { identifier } => {
            p.identifiers.push(identifier.clone());
            p.identifiers.sort();
        }
        Change::IdentifierWithdrawn { identifier } => p.identifiers.retain(|i| i != identifier),
        Change::FlagAdded { flag } => {
            p.flags.insert(*flag);
        }
        Change::FlagWithdrawn { flag } => {
            p.flags.remove(flag);
        }
        Change::Restricted { to } => p.restricted = *to,
        Change::FactAdded { fact } => p.facts.push(fact.clone()),
        Change::FactCorrected { fact, .. } => {
            if let Some(held) = p.facts.iter_mut().find(|f| f.id == fact.id) {
                held.clone_from(fact);
            }
        }
        Change::FactWithdrawn { fact } => p.facts.retain(|f| f.id != fact.id),
        _ => {}
    }
}

/// Applies a location's change.
pub(crate) fn apply_to_location(l: &mut Location, change: &Change) {
    match change {
        Change::Name { to, .. } => l.label.clone_from(to),
        Change::Address { to, .. } => l.address.clone_from(to),
        Change::Postcode { to, .. } => l.postcode.clone_from(to),
        Change::Uprn { to, .. } => l.uprn = *to,
        Change::Coordinates { to, .. } => l.coordinates = *to,
        Change::Restricted { to } => l.restricted = *to,
        _ => {}
    }
}

/// Applies a group's change.
pub(crate) fn apply_to_group(g: &mut Group, change: &Change) {
    match change {
        Change::Name { to, .. } => g.name.clone_from(to),
        Change::MemberAdded { person } => {
            g.members.insert(*person);
        }
        Change::MemberWithdrawn { person } => {
            g.members.remove(person);
        }
        _ => {}
    }
}

impl Amendment {
    /// Applies the changes to the person they concern.
    pub(crate) fn apply_to_person(&self, p: &mut Person) {
        self.changes.iter().for_each(|c| apply_to_person(p, c));
    }

    /// Applies the changes to the location they concern.
    pub(crate) fn apply_to_location(&self, l: &mut Location) {
        self.changes.iter().for_each(|c| apply_to_location(l, c));
    }

    /// Applies the changes to the group they concern.
    pub(crate) fn apply_to_group(&self, g: &mut Group) {
        self.changes.iter().for_each(|c| apply_to_group(g, c));
    }
}

/// A change in words, for reports (the subject access export's Markdown).
impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn or_none<T: std::fmt::Display>(v: &Option<T>) -> String {
            v.as_ref()
                .map_or_else(|| "none".to_owned(), ToString::to_string)
        }
        match self {
            Change::Name { from, to } => write!(f, "name from {from} to {to}"),
            Change::AliasAdded { alias } => write!(f, "alias {alias} added"),
            Change::AliasWithdrawn { alias } => write!(f, "alias {alias} withdrawn"),
            Change::DateOfBirth { from, to } => {
                write!(f, "date of birth from {} to {}", or_none(from), or_none(to))
            }
            Change::IdentifierAdded { identifier } => write!(f, "identifier {identifier} added"),
            Change::IdentifierWithdrawn { identifier } => {
                write!(f, "identifier {identifier} withdrawn")
            }
            Change::FlagAdded { flag } => write!(f, "flag {flag:?} added"),
            Change::FlagWithdrawn { flag } => write!(f, "flag {flag:?} withdrawn"),
            Change::Restricted { to: true } => write!(f, "profile restricted"),
            Change::Restricted { to: false } => write!(f, "restriction lifted"),
            Change::Address { from, to } => {
                write!(f, "address from {} to {}", or_none(from), or_none(to))
            }
            Change::Postcode { from, to } => {
                let text = |p: &Option<Postcode>| {
                    p.as_ref()
                        .map_or_else(|| "none".to_owned(), |p| p.as_str().to_owned())
                };
                write!(f, "postcode from {} to {}", text(from), text(to))
            }
            Change::Uprn { from, to } => write!(
                f,
                "UPRN from {} to {}",
                from.map_or_else(|| "none".to_owned(), |u| u.get().to_string()),
                to.map_or_else(|| "none".to_owned(), |u| u.get().to_string())
            ),
            Change::Coordinates { from, to } => {
                let text = |c: &Option<Coordinates>| {
                    c.map_or_else(|| "none".to_owned(), |c| format!("{}, {}", c.lat, c.lon))
                };
                write!(f, "coordinates from {} to {}", text(from), text(to))
            }
            Change::MemberAdded { person } => write!(f, "member {person} added"),
            Change::MemberWithdrawn { person } => write!(f, "member {person} withdrawn"),
            Change::FactAdded { fact } => write!(f, "{} added", fact.value),
            Change::FactCorrected { fact, from } => {
                write!(f, "{from} corrected to {}", fact.value)
            }
            Change::FactWithdrawn { fact } => write!(f, "{} withdrawn", fact.value),
        }
    }
}
