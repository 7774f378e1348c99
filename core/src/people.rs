//! People: victims, offenders, witnesses, complainants and vulnerable persons, with their names,
//! aliases, date of birth, validated identifiers and vulnerability flags.
//!
//! A person's details are content under the sharing rules: a practitioner with no access to any
//! case about the person sees only the name and the agencies the person is known to, and must
//! ask (DESIGN.md section 4, rule 4, after E-CINS's "search and signpost"). A restricted profile
//! (for example someone in a refuge) hides even the name.

use crate::entries::InformationCategory;
use crate::identifiers::{Identifier, IdentifierKind};
use crate::ids::{AgencyId, PersonId};
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
