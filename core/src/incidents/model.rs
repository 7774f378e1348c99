//! The incident itself: a call for service or report from a host system, its category, and the
//! information category the sharing rules read from it.

use crate::cases::Subject;
use crate::entries::InformationCategory;
use crate::ids::{AgencyId, IncidentId, LocationId, PersonId, PractitionerId};
use crate::locations::Location;
use crate::people::Person;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an incident was about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum IncidentCategory {
    /// ASB aimed at a person or group (Richmond protocol: personal threat).
    AsbPersonal,
    /// ASB affecting a community (community nuisance).
    AsbNuisance,
    /// ASB damaging the environment (graffiti, fly-tipping).
    AsbEnvironmental,
    /// A hate incident or hate crime.
    Hate,
    /// Domestic abuse.
    DomesticAbuse,
    /// A crime, with the host's offence code (e.g. a Home Office offence code).
    Crime {
        /// The offence code as the host system records it.
        offence_code: String,
    },
    /// Concern for someone's safety or welfare.
    ConcernForSafety,
    /// Anything else.
    Other,
}

impl IncidentCategory {
    /// The category's stable name, as CSV files and weight tables spell it.
    pub fn as_str(&self) -> &'static str {
        match self {
            IncidentCategory::AsbPersonal => "asb_personal",
            IncidentCategory::AsbNuisance => "asb_nuisance",
            IncidentCategory::AsbEnvironmental => "asb_environmental",
            IncidentCategory::Hate => "hate",
            IncidentCategory::DomesticAbuse => "domestic_abuse",
            IncidentCategory::Crime { .. } => "crime",
            IncidentCategory::ConcernForSafety => "concern_for_safety",
            IncidentCategory::Other => "other",
        }
    }

    /// Parses a stable name; `offence_code` is required for `crime` and refused otherwise.
    pub fn parse(name: &str, offence_code: Option<String>) -> Result<Self, &'static str> {
        let c = match (name.trim(), offence_code) {
            ("crime", Some(code)) => return Ok(IncidentCategory::Crime { offence_code: code }),
            ("crime", None) => return Err("an offence code for a crime"),
            (_, Some(_)) => return Err("an offence code only for a crime"),
            ("asb_personal", None) => IncidentCategory::AsbPersonal,
            ("asb_nuisance", None) => IncidentCategory::AsbNuisance,
            ("asb_environmental", None) => IncidentCategory::AsbEnvironmental,
            ("hate", None) => IncidentCategory::Hate,
            ("domestic_abuse", None) => IncidentCategory::DomesticAbuse,
            ("concern_for_safety", None) => IncidentCategory::ConcernForSafety,
            ("other", None) => IncidentCategory::Other,
            _ => {
                return Err(
                    "one of asb_personal, asb_nuisance, asb_environmental, hate, \
                     domestic_abuse, crime, concern_for_safety, other",
                )
            }
        };
        Ok(c)
    }

    /// Whether this is anti-social behaviour of any kind.
    pub fn is_asb(&self) -> bool {
        matches!(
            self,
            IncidentCategory::AsbPersonal
                | IncidentCategory::AsbNuisance
                | IncidentCategory::AsbEnvironmental
        )
    }

    /// The information category the sharing rules read. A hate incident is recorded as
    /// protected characteristics (special category data): the record's substance is the
    /// perceived race, religion, sexuality or disability that motivated it, so it crosses only
    /// under an agreement that names special category data (docs/incidents.md).
    pub fn information_category(&self) -> InformationCategory {
        match self {
            IncidentCategory::AsbPersonal
            | IncidentCategory::AsbNuisance
            | IncidentCategory::AsbEnvironmental => InformationCategory::Asb,
            IncidentCategory::Hate => InformationCategory::ProtectedCharacteristics,
            IncidentCategory::DomesticAbuse => InformationCategory::DomesticAbuse,
            IncidentCategory::Crime { .. } => InformationCategory::Crime,
            IncidentCategory::ConcernForSafety => InformationCategory::Safeguarding,
            IncidentCategory::Other => InformationCategory::General,
        }
    }
}

/// How a person was involved in an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum IncidentRole {
    /// The person harmed or targeted.
    Victim,
    /// The person said to be responsible.
    Offender,
    /// A witness.
    Witness,
    /// Whoever made the call or report.
    Caller,
}

impl IncidentRole {
    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentRole::Victim => "victim",
            IncidentRole::Offender => "offender",
            IncidentRole::Witness => "witness",
            IncidentRole::Caller => "caller",
        }
    }
}

/// A person involved in an incident, in a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Involved {
    /// Who.
    pub person: PersonId,
    /// How.
    pub role: IncidentRole,
}

/// An incident as the hub holds it. Its summary and the people involved are content owned by
/// the source agency, shared with partners under an agreement covering its information
/// category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Its id.
    pub id: IncidentId,
    /// The host system's reference, unique per source agency.
    pub external_ref: String,
    /// The agency whose system it came from: the owner of its content.
    pub source: AgencyId,
    /// Who imported it.
    pub imported_by: PractitionerId,
    /// When the behaviour happened.
    #[serde(with = "crate::clock::instant")]
    pub occurred_at: DateTime<Utc>,
    /// When it was reported.
    #[serde(with = "crate::clock::instant")]
    pub reported_at: DateTime<Utc>,
    /// What it was about.
    #[serde(with = "binary_category")]
    pub category: IncidentCategory,
    /// Where.
    pub location: Option<LocationId>,
    /// Who called.
    pub caller: Option<PersonId>,
    /// Everyone involved, with roles (the caller is listed here too).
    pub people: Vec<Involved>,
    /// What happened, as the host recorded it.
    pub summary: String,
}

/// An incident's category in a binary form (a snapshot's bulk): postcard cannot read the
/// internally tagged object of the public API, so it is stored as its stable name with the
/// offence code and read back through [`IncidentCategory::parse`]. JSON is unchanged.
pub(crate) mod binary_category {
    use super::IncidentCategory;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the category.
    pub(crate) fn serialize<S: Serializer>(c: &IncidentCategory, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return c.serialize(s);
        }
        let code = match c {
            IncidentCategory::Crime { offence_code } => Some(offence_code.as_str()),
            _ => None,
        };
        (c.as_str(), code).serialize(s)
    }

    /// Reads the category.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<IncidentCategory, D::Error> {
        if d.is_human_readable() {
            return IncidentCategory::deserialize(d);
        }
        // Borrowed from postcard's input where it can lend its bytes: no allocation per incident.
        #[derive(Deserialize)]
        struct Stored<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>, Option<String>);
        let Stored(name, code) = Stored::deserialize(d)?;
        IncidentCategory::parse(&name, code).map_err(serde::de::Error::custom)
    }
}

/// Why a match was uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum UncertainReason {
    /// A profile has the same name but another date of birth.
    SameNameOtherDateOfBirth,
    /// A profile has the same name and one side has no date of birth.
    SameNameNoDateOfBirth,
    /// Several profiles fit equally well.
    SeveralCandidates,
    /// A profile has the same address but another UPRN.
    SameAddressOtherUprn,
}

/// A person or place the import could not match with confidence: a new profile was created and
/// the candidates are listed for a practitioner to check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UncertainMatch {
    /// The row.
    pub line: u64,
    /// Which reference in the row, e.g. `caller` or `location`.
    pub field: String,
    /// Why.
    pub reason: UncertainReason,
    /// Existing profiles that might be the same (only ones the importer may see).
    pub candidates: Vec<Subject>,
    /// The profile created instead.
    pub created: Subject,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportReport {
    /// Incidents recorded.
    pub imported: usize,
    /// Rows skipped because their external reference was already imported.
    pub duplicates_skipped: usize,
    /// Person profiles created.
    pub created_people: usize,
    /// People matched to an existing profile by identifier.
    pub matched_people_by_identifier: usize,
    /// People matched by normalised name and date of birth.
    pub matched_people_by_name_and_dob: usize,
    /// Location profiles created.
    pub created_locations: usize,
    /// Locations matched by UPRN.
    pub matched_locations_by_uprn: usize,
    /// Locations matched by normalised address.
    pub matched_locations_by_address: usize,
    /// Matches reported rather than made.
    pub uncertain_matches: Vec<UncertainMatch>,
}

/// What one import recorded: the event's payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedBatch {
    /// The incidents.
    pub incidents: Vec<Incident>,
    /// Person profiles the import created.
    pub persons: Vec<Person>,
    /// Location profiles the import created.
    pub locations: Vec<Location>,
    /// What the import reported.
    pub report: ImportReport,
}

/// Which subjects a Top N list ranks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum TopKind {
    /// People who called.
    Callers,
    /// Places incidents happened.
    Locations,
    /// People recorded as victims.
    Victims,
    /// People recorded as offenders.
    Offenders,
}

impl TopKind {
    /// Every kind.
    pub const ALL: [TopKind; 4] = [
        TopKind::Callers,
        TopKind::Locations,
        TopKind::Victims,
        TopKind::Offenders,
    ];
}
