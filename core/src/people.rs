//! People: victims, offenders, witnesses, complainants and vulnerable persons, with their names,
//! aliases, date of birth, validated identifiers and vulnerability flags.
//!
//! A person's details are content under the sharing rules: a practitioner with no access to any
//! case about the person sees only the name and the agencies the person is known to, and must
//! ask (DESIGN.md section 4, rule 4, after E-CINS's "search and signpost"). A restricted profile
//! (for example someone in a refuge) hides even the name.
//!
//! Besides the details its owner recorded, a profile holds [`Fact`]s: an address, a telephone
//! number, an email address, an alias, an identifier or a vulnerability flag, each contributed
//! by one agency (any agency that knows of the person, not only the owner) and each content of
//! its own, under the sharing rules with its agency, category and sharing (the engine's
//! `Engine::fact`). So police's PNC ID, mental health's NHS number and housing's tenancy address
//! sit on one profile, each read by exactly those its agency's agreements reach. The rules and
//! the commands are in `amendments` and docs/records.md, "Facts held by each agency".

use crate::entries::InformationCategory;
use crate::identifiers::{Identifier, IdentifierKind, Postcode};
use crate::ids::{AgencyId, FactId, PersonId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A factor that makes a person more vulnerable, as recorded by a practitioner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum VulnerabilityFlag {
    /// A mental health condition.
    MentalHealth,
    /// A physical disability or long-term illness.
    PhysicalHealth,
    /// A learning disability or difficulty.
    LearningDisability,
    /// Drug or alcohol dependency.
    SubstanceMisuse,
    /// Older age.
    Elderly,
    /// A child.
    Child,
    /// Lives alone or is isolated.
    Isolated,
    /// Has been targeted repeatedly.
    RepeatVictim,
    /// Has no settled home.
    Homeless,
    /// Language or communication barrier.
    CommunicationNeeds,
}

impl VulnerabilityFlag {
    /// The information category the flag discloses: health flags are special category data.
    pub fn category(self) -> InformationCategory {
        match self {
            VulnerabilityFlag::MentalHealth => InformationCategory::MentalHealth,
            VulnerabilityFlag::PhysicalHealth | VulnerabilityFlag::LearningDisability => {
                InformationCategory::Health
            }
            VulnerabilityFlag::SubstanceMisuse => InformationCategory::SubstanceMisuse,
            _ => InformationCategory::PersonalDetails,
        }
    }
}

/// A person profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Its id.
    pub id: PersonId,
    /// The name the profile is known by.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Date of birth, if known.
    pub date_of_birth: Option<NaiveDate>,
    /// Validated identifiers (NHS number, PNC ID, CRO number, NI number).
    pub identifiers: Vec<Identifier>,
    /// Vulnerability flags.
    pub flags: BTreeSet<VulnerabilityFlag>,
    /// Whether the profile is locked down so that even the name is withheld from those without
    /// access.
    pub restricted: bool,
    /// The agency that recorded the profile: the owner of its details.
    pub recorded_by: AgencyId,
    /// When it was recorded.
    #[serde(with = "crate::clock::instant")]
    pub recorded_at: DateTime<Utc>,
    /// The facts agencies hold about the person, in the order they were added, each under its
    /// own agency's sharing.
    pub facts: Vec<Fact>,
}

impl Person {
    /// The fact with id `id`.
    pub fn fact(&self, id: FactId) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }
}

/// One fact an agency holds about a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Fact {
    /// Its id.
    pub id: FactId,
    /// The agency that holds it: the only one that corrects or withdraws it.
    pub agency: AgencyId,
    /// What it says.
    pub value: FactValue,
    /// The information category it is shared under (an NHS number is health data).
    pub category: InformationCategory,
    /// Whom it may reach beyond its agency.
    pub sharing: FactSharing,
    /// When it was added.
    #[serde(with = "crate::clock::instant")]
    pub at: DateTime<Utc>,
}

/// What a fact says, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FactValue {
    /// An address the person lives at or is found at.
    Address {
        /// The address lines.
        address: String,
        /// Its postcode, if known.
        postcode: Option<Postcode>,
    },
    /// A telephone number, as given (digits, spaces, `+`, `-`, brackets).
    Phone {
        /// The number.
        number: String,
    },
    /// An email address.
    Email {
        /// The address.
        address: String,
    },
    /// Another name the person is known by to this agency.
    Alias {
        /// The name.
        name: String,
    },
    /// An identifier this agency holds (an NHS number held by a health trust).
    Identifier {
        /// The identifier.
        identifier: Identifier,
    },
    /// A vulnerability flag this agency recorded.
    Flag {
        /// The flag.
        flag: VulnerabilityFlag,
    },
}

impl FactValue {
    /// The category a fact is shared under unless its agency names another: health flags and
    /// NHS numbers are health data, addresses are location data, the rest personal details.
    pub fn category(&self) -> InformationCategory {
        match self {
            FactValue::Address { .. } => InformationCategory::Location,
            FactValue::Identifier { identifier }
                if identifier.kind() == IdentifierKind::NhsNumber =>
            {
                InformationCategory::Health
            }
            FactValue::Flag { flag } => flag.category(),
            _ => InformationCategory::PersonalDetails,
        }
    }
}

/// A fact in words, for reports (the subject access export).
impl std::fmt::Display for FactValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FactValue::Address {
                address,
                postcode: Some(postcode),
            } => write!(f, "address {address}, {postcode}"),
            FactValue::Address { address, .. } => write!(f, "address {address}"),
            FactValue::Phone { number } => write!(f, "telephone {number}"),
            FactValue::Email { address } => write!(f, "email {address}"),
            FactValue::Alias { name } => write!(f, "alias {name}"),
            FactValue::Identifier { identifier } => write!(f, "identifier {identifier}"),
            FactValue::Flag { flag } => write!(f, "flag {flag:?}"),
        }
    }
}

/// Whom a fact may reach beyond the agency that holds it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FactSharing {
    /// Partners on the team of a case about the person, where an agreement covers the fact's
    /// category; partners who read the profile but not the fact are told which agency holds
    /// it, so they know whom to ask.
    #[default]
    UnderAgreements,
    /// The holding agency only: no one else learns that it exists, not even which agency
    /// holds it.
    AgencyOnly,
}

/// A fact to add, as typed: validated when added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewFact {
    /// What it says.
    pub value: NewFactValue,
    /// The category to share it under; `None` for the value's own ([`FactValue::category`]).
    /// A fact is never shared under a category more open than its own: naming another
    /// category is for a stricter one (an address that is a refuge, under safeguarding).
    pub category: Option<InformationCategory>,
    /// Whom it may reach beyond the agency.
    pub sharing: FactSharing,
}

/// What a new or corrected fact says, as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NewFactValue {
    /// An address, with its postcode as typed (validated).
    Address {
        /// The address lines.
        address: String,
        /// The postcode as typed.
        postcode: Option<String>,
    },
    /// A telephone number.
    Phone {
        /// The number.
        number: String,
    },
    /// An email address.
    Email {
        /// The address.
        address: String,
    },
    /// Another name.
    Alias {
        /// The name.
        name: String,
    },
    /// An identifier, validated as on recording.
    Identifier {
        /// Its kind.
        kind: IdentifierKind,
        /// Its value as typed.
        value: String,
    },
    /// A vulnerability flag.
    Flag {
        /// The flag.
        flag: VulnerabilityFlag,
    },
}

/// A new person profile. Identifiers are given as typed raw strings and validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NewPerson {
    /// The name the profile is known by.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Identifiers to validate.
    pub identifiers: Vec<(IdentifierKind, String)>,
    /// Vulnerability flags.
    pub flags: Vec<VulnerabilityFlag>,
    /// Lock the profile down: even the name is withheld from those without access.
    pub restricted: bool,
}
