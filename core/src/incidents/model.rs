//! The incident itself: a call for service or report from a host system, its category, and the
//! information category the sharing rules read from it.

use crate::entries::InformationCategory;
use crate::ids::{AgencyId, IncidentId, LocationId, PersonId, PractitionerId};
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

impl Incident {
    /// The sharing engine's view of the incident: partnership-wide content of its source agency,
    /// in its information category, on no case.
    pub(crate) fn content(&self) -> crate::sharing::Content<'static> {
        content_of(self.source, &self.category)
    }
}

/// The content descriptor of any incident of `category` from `source`: every incident of the
/// same agency and category gets the same decision, which Top N relies on.
pub(crate) fn content_of(
    source: AgencyId,
    category: &IncidentCategory,
) -> crate::sharing::Content<'static> {
    crate::sharing::Content {
        owner: source,
        author: None,
        category: category.information_category(),
        visibility: crate::entries::Visibility::Partnership,
        case: None,
        sensitive: false,
    }
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
