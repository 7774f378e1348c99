//! Stored shapes of `incidents_imported`, the bulk of a hub's bytes.
//!
//! Version 1 was JSON (`{"type": "incidents_imported", "batch": {...}}`): times in RFC 3339,
//! the category a tagged object, subjects adjacently tagged. Version 2, written today, is
//! postcard behind the format byte: ids as raw bytes, times as whole microseconds, the category
//! as its name and offence code, subjects as a plain enum (postcard cannot read serde's tagged
//! enums). Formatting and parsing the JSON was most of the time of an import and of opening a
//! hub. [`upcast`] turns a version 1 batch into version 2.
//!
//! Version 2 is written straight from the domain's batch ([`BatchOut`] borrows every incident's
//! text and lists) and read straight into it ([`BatchIn`]), so the conversion adds no
//! allocation per incident either way.

use super::values::{Location, Person, Subject};
use super::{from_micros, micros, unit_enum, unreadable, ListIn, ListOut};
use crate::incidents::{self, Incident, IncidentCategory};
use crate::{cases, locations, people};
use crate::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The version written today.
pub(crate) const CURRENT: u16 = 2;

unit_enum! {
    /// How a person was involved in an incident.
    IncidentRole = incidents::IncidentRole {
        Victim = "victim",
        Offender = "offender",
        Witness = "witness",
        Caller = "caller",
    }
}

unit_enum! {
    /// Why an import's match was uncertain.
    UncertainReason = incidents::UncertainReason {
        SameNameOtherDateOfBirth = "same_name_other_date_of_birth",
        SameNameNoDateOfBirth = "same_name_no_date_of_birth",
        SeveralCandidates = "several_candidates",
        SameAddressOtherUprn = "same_address_other_uprn",
    }
}

/// A person involved in an incident, in both versions.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Involved {
    #[serde(rename = "person")]
    person: Uuid,
    #[serde(rename = "role")]
    role: IncidentRole,
}

impl From<&incidents::Involved> for Involved {
    fn from(i: &incidents::Involved) -> Self {
        let incidents::Involved { person, role } = i;
        Involved {
            person: person.0,
            role: (*role).into(),
        }
    }
}

impl TryFrom<Involved> for incidents::Involved {
    type Error = Error;
    fn try_from(i: Involved) -> Result<Self> {
        Ok(incidents::Involved {
            person: i.person.into(),
            role: i.role.into(),
        })
    }
}

/// A case subject in version 2's report: externally tagged, which postcard can read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum PlainSubject {
    /// A person profile.
    #[serde(rename = "Person")]
    Person(Uuid),
    /// A location profile.
    #[serde(rename = "Location")]
    Location(Uuid),
    /// A group.
    #[serde(rename = "Group")]
    Group(Uuid),
}

impl From<&cases::Subject> for PlainSubject {
    fn from(s: &cases::Subject) -> Self {
        match *s {
            cases::Subject::Person(id) => PlainSubject::Person(id.0),
            cases::Subject::Location(id) => PlainSubject::Location(id.0),
            cases::Subject::Group(id) => PlainSubject::Group(id.0),
        }
    }
}

impl From<PlainSubject> for cases::Subject {
    fn from(s: PlainSubject) -> Self {
        match s {
            PlainSubject::Person(id) => cases::Subject::Person(id.into()),
            PlainSubject::Location(id) => cases::Subject::Location(id.into()),
            PlainSubject::Group(id) => cases::Subject::Group(id.into()),
        }
    }
}

impl From<Subject> for PlainSubject {
    fn from(s: Subject) -> Self {
        match s {
            Subject::Person(id) => PlainSubject::Person(id),
            Subject::Location(id) => PlainSubject::Location(id),
            Subject::Group(id) => PlainSubject::Group(id),
        }
    }
}

/// A match the import was unsure of; `Sub` is how its subjects are stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct UncertainMatch<Sub> {
    #[serde(rename = "line")]
    line: u64,
    #[serde(rename = "field")]
    field: String,
    #[serde(rename = "reason")]
    reason: UncertainReason,
    #[serde(rename = "candidates")]
    candidates: Vec<Sub>,
    #[serde(rename = "created")]
    created: Sub,
}

/// What an import reported; `Sub` as for [`UncertainMatch`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Report<Sub> {
    #[serde(rename = "imported")]
    imported: u64,
    #[serde(rename = "duplicates_skipped")]
    duplicates_skipped: u64,
    #[serde(rename = "created_people")]
    created_people: u64,
    #[serde(rename = "matched_people_by_identifier")]
    matched_people_by_identifier: u64,
    #[serde(rename = "matched_people_by_name_and_dob")]
    matched_people_by_name_and_dob: u64,
    #[serde(rename = "created_locations")]
    created_locations: u64,
    #[serde(rename = "matched_locations_by_uprn")]
    matched_locations_by_uprn: u64,
    #[serde(rename = "matched_locations_by_address")]
    matched_locations_by_address: u64,
    #[serde(rename = "uncertain_matches")]
    uncertain_matches: Vec<UncertainMatch<Sub>>,
}

/// A count as stored (serde writes a `usize` as a `u64`).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A stored count back.
fn count_back(n: u64) -> Result<usize> {
    usize::try_from(n).map_err(|_| unreadable())
}

impl<Sub: for<'s> From<&'s cases::Subject>> From<&incidents::ImportReport> for Report<Sub> {
    fn from(r: &incidents::ImportReport) -> Self {
        let incidents::ImportReport {
            imported,
            duplicates_skipped,
            created_people,
            matched_people_by_identifier,
            matched_people_by_name_and_dob,
            created_locations,
            matched_locations_by_uprn,
            matched_locations_by_address,
            uncertain_matches,
        } = r;
        Report {
            imported: count(*imported),
            duplicates_skipped: count(*duplicates_skipped),
            created_people: count(*created_people),
            matched_people_by_identifier: count(*matched_people_by_identifier),
            matched_people_by_name_and_dob: count(*matched_people_by_name_and_dob),
            created_locations: count(*created_locations),
            matched_locations_by_uprn: count(*matched_locations_by_uprn),
            matched_locations_by_address: count(*matched_locations_by_address),
            uncertain_matches: uncertain_matches
                .iter()
                .map(|m| UncertainMatch {
                    line: m.line,
                    field: m.field.clone(),
                    reason: m.reason.into(),
                    candidates: m.candidates.iter().map(Sub::from).collect(),
                    created: Sub::from(&m.created),
                })
                .collect(),
        }
    }
}

impl<Sub: Into<cases::Subject>> TryFrom<Report<Sub>> for incidents::ImportReport {
    type Error = Error;
    fn try_from(r: Report<Sub>) -> Result<Self> {
        Ok(incidents::ImportReport {
            imported: count_back(r.imported)?,
            duplicates_skipped: count_back(r.duplicates_skipped)?,
            created_people: count_back(r.created_people)?,
            matched_people_by_identifier: count_back(r.matched_people_by_identifier)?,
            matched_people_by_name_and_dob: count_back(r.matched_people_by_name_and_dob)?,
            created_locations: count_back(r.created_locations)?,
            matched_locations_by_uprn: count_back(r.matched_locations_by_uprn)?,
            matched_locations_by_address: count_back(r.matched_locations_by_address)?,
            uncertain_matches: r
                .uncertain_matches
                .into_iter()
                .map(|m| incidents::UncertainMatch {
                    line: m.line,
                    field: m.field,
                    reason: m.reason.into(),
                    candidates: m.candidates.into_iter().map(Into::into).collect(),
                    created: m.created.into(),
                })
                .collect(),
        })
    }
}

// ---- version 1: JSON ----

/// An incident's category in version 1: `{"kind": "crime", "offence_code": "8N"}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "kind")]
pub(crate) enum CategoryV1 {
    /// `asb_personal`
    #[serde(rename = "asb_personal")]
    AsbPersonal,
    /// `asb_nuisance`
    #[serde(rename = "asb_nuisance")]
    AsbNuisance,
    /// `asb_environmental`
    #[serde(rename = "asb_environmental")]
    AsbEnvironmental,
    /// `hate`
    #[serde(rename = "hate")]
    Hate,
    /// `domestic_abuse`
    #[serde(rename = "domestic_abuse")]
    DomesticAbuse,
    /// `crime`, with its offence code.
    #[serde(rename = "crime")]
    Crime {
        #[serde(rename = "offence_code")]
        offence_code: String,
    },
    /// `concern_for_safety`
    #[serde(rename = "concern_for_safety")]
    ConcernForSafety,
    /// `other`
    #[serde(rename = "other")]
    Other,
}

/// An incident in version 1.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub(crate) struct IncidentV1 {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "external_ref")]
    external_ref: String,
    #[serde(rename = "source")]
    source: Uuid,
    #[serde(rename = "imported_by")]
    imported_by: Uuid,
    #[serde(rename = "occurred_at")]
    occurred_at: DateTime<Utc>,
    #[serde(rename = "reported_at")]
    reported_at: DateTime<Utc>,
    #[serde(rename = "category")]
    category: CategoryV1,
    #[serde(rename = "location")]
    location: Option<Uuid>,
    #[serde(rename = "caller")]
    caller: Option<Uuid>,
    #[serde(rename = "people")]
    people: Vec<Involved>,
    #[serde(rename = "summary")]
    summary: String,
}

/// A batch in version 1.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub(crate) struct BatchV1 {
    #[serde(rename = "incidents")]
    incidents: Vec<IncidentV1>,
    #[serde(rename = "persons")]
    persons: Vec<Person<DateTime<Utc>>>,
    #[serde(rename = "locations")]
    locations: Vec<Location<DateTime<Utc>>>,
    #[serde(rename = "report")]
    report: Report<Subject>,
}

// ---- version 2: postcard ----

/// An incident in version 2. `S` is how its text is held, `C` its category (name and offence
/// code) and `P` its people: borrowed when written ([`IncidentOut`]), read into the domain's
/// ([`IncidentIn`]).
#[derive(Serialize, Deserialize)]
pub(crate) struct IncidentV2<S, C, P> {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "external_ref")]
    external_ref: S,
    #[serde(rename = "source")]
    source: Uuid,
    #[serde(rename = "imported_by")]
    imported_by: Uuid,
    /// Whole microseconds since the Unix epoch.
    #[serde(rename = "occurred_at")]
    occurred_at: i64,
    /// Whole microseconds since the Unix epoch.
    #[serde(rename = "reported_at")]
    reported_at: i64,
    #[serde(rename = "category")]
    category: C,
    #[serde(rename = "location")]
    location: Option<Uuid>,
    #[serde(rename = "caller")]
    caller: Option<Uuid>,
    #[serde(rename = "people")]
    people: P,
    #[serde(rename = "summary")]
    summary: S,
}

/// An incident as written.
pub(crate) type IncidentOut<'a> = IncidentV2<
    &'a str,
    (&'static str, Option<&'a str>),
    ListOut<'a, incidents::Involved, Involved>,
>;

/// An incident as read; its category's name is borrowed from the content.
pub(crate) type IncidentIn<'de> =
    IncidentV2<String, (&'de str, Option<String>), ListIn<incidents::Involved, Involved>>;

/// A batch in version 2: `I`, `P` and `L` are its lists, `R` its report.
#[derive(Serialize, Deserialize)]
pub(crate) struct BatchV2<I, P, L> {
    #[serde(rename = "incidents")]
    incidents: I,
    #[serde(rename = "persons")]
    persons: P,
    #[serde(rename = "locations")]
    locations: L,
    #[serde(rename = "report")]
    report: Report<PlainSubject>,
}

/// A batch as written, borrowing the domain's.
pub(crate) type BatchOut<'a> = BatchV2<
    ListOut<'a, Incident, IncidentOut<'a>>,
    ListOut<'a, people::Person, Person<i64>>,
    ListOut<'a, locations::Location, Location<i64>>,
>;

/// A batch as read.
pub(crate) type BatchIn<'de> = BatchV2<
    ListIn<Incident, IncidentIn<'de>>,
    ListIn<people::Person, Person<i64>>,
    ListIn<locations::Location, Location<i64>>,
>;

/// An incident category's stored name and offence code. Spelled out here, not taken from the
/// domain's names, so that renaming one there cannot change what is stored.
fn category_out(c: &IncidentCategory) -> (&'static str, Option<&str>) {
    match c {
        IncidentCategory::AsbPersonal => ("asb_personal", None),
        IncidentCategory::AsbNuisance => ("asb_nuisance", None),
        IncidentCategory::AsbEnvironmental => ("asb_environmental", None),
        IncidentCategory::Hate => ("hate", None),
        IncidentCategory::DomesticAbuse => ("domestic_abuse", None),
        IncidentCategory::Crime { offence_code } => ("crime", Some(offence_code)),
        IncidentCategory::ConcernForSafety => ("concern_for_safety", None),
        IncidentCategory::Other => ("other", None),
    }
}

/// The category a stored name and offence code name: an offence code only for a crime.
fn category_in(name: &str, code: Option<String>) -> Result<IncidentCategory> {
    Ok(match (name, code) {
        ("crime", Some(offence_code)) => IncidentCategory::Crime { offence_code },
        ("asb_personal", None) => IncidentCategory::AsbPersonal,
        ("asb_nuisance", None) => IncidentCategory::AsbNuisance,
        ("asb_environmental", None) => IncidentCategory::AsbEnvironmental,
        ("hate", None) => IncidentCategory::Hate,
        ("domestic_abuse", None) => IncidentCategory::DomesticAbuse,
        ("concern_for_safety", None) => IncidentCategory::ConcernForSafety,
        ("other", None) => IncidentCategory::Other,
        _ => return Err(unreadable()),
    })
}

impl<'a> From<&'a Incident> for IncidentOut<'a> {
    fn from(i: &'a Incident) -> Self {
        let Incident {
            id,
            external_ref,
            source,
            imported_by,
            occurred_at,
            reported_at,
            category,
            location,
            caller,
            people,
            summary,
        } = i;
        IncidentV2 {
            id: id.0,
            external_ref,
            source: source.0,
            imported_by: imported_by.0,
            occurred_at: micros(occurred_at),
            reported_at: micros(reported_at),
            category: category_out(category),
            location: location.map(|l| l.0),
            caller: caller.map(|c| c.0),
            people: ListOut::of(people),
            summary,
        }
    }
}

impl<'de> TryFrom<IncidentIn<'de>> for Incident {
    type Error = Error;
    fn try_from(i: IncidentIn<'de>) -> Result<Self> {
        let (name, code) = i.category;
        Ok(Incident {
            id: i.id.into(),
            external_ref: i.external_ref,
            source: i.source.into(),
            imported_by: i.imported_by.into(),
            occurred_at: from_micros(i.occurred_at)?,
            reported_at: from_micros(i.reported_at)?,
            category: category_in(name, code)?,
            location: i.location.map(Into::into),
            caller: i.caller.map(Into::into),
            people: i.people.into_inner(),
            summary: i.summary,
        })
    }
}

impl<'a> From<&'a incidents::ImportedBatch> for BatchOut<'a> {
    fn from(b: &'a incidents::ImportedBatch) -> Self {
        let incidents::ImportedBatch {
            incidents,
            persons,
            locations,
            report,
        } = b;
        BatchV2 {
            incidents: ListOut::of(incidents),
            persons: ListOut::of(persons),
            locations: ListOut::of(locations),
            report: report.into(),
        }
    }
}

impl<'de> TryFrom<BatchIn<'de>> for incidents::ImportedBatch {
    type Error = Error;
    fn try_from(b: BatchIn<'de>) -> Result<Self> {
        Ok(incidents::ImportedBatch {
            incidents: b.incidents.into_inner(),
            persons: b.persons.into_inner(),
            locations: b.locations.into_inner(),
            report: b.report.try_into()?,
        })
    }
}

/// The upcaster: a version 1 batch as version 2.
pub(crate) fn upcast(b: BatchV1) -> Result<BatchIn<'static>> {
    let incidents = b.incidents.into_iter().map(|i| {
        let category = match i.category {
            CategoryV1::AsbPersonal => ("asb_personal", None),
            CategoryV1::AsbNuisance => ("asb_nuisance", None),
            CategoryV1::AsbEnvironmental => ("asb_environmental", None),
            CategoryV1::Hate => ("hate", None),
            CategoryV1::DomesticAbuse => ("domestic_abuse", None),
            CategoryV1::Crime { offence_code } => ("crime", Some(offence_code)),
            CategoryV1::ConcernForSafety => ("concern_for_safety", None),
            CategoryV1::Other => ("other", None),
        };
        Ok(IncidentV2 {
            id: i.id,
            external_ref: i.external_ref,
            source: i.source,
            imported_by: i.imported_by,
            occurred_at: micros(&i.occurred_at),
            reported_at: micros(&i.reported_at),
            category,
            location: i.location,
            caller: i.caller,
            people: ListIn::convert(i.people)?,
            summary: i.summary,
        })
    });
    let report = b.report;
    Ok(BatchV2 {
        incidents: ListIn::convert(incidents.collect::<Result<Vec<_>>>()?)?,
        persons: ListIn::convert(b.persons.into_iter().map(Person::in_micros))?,
        locations: ListIn::convert(b.locations.into_iter().map(Location::in_micros))?,
        report: Report {
            imported: report.imported,
            duplicates_skipped: report.duplicates_skipped,
            created_people: report.created_people,
            matched_people_by_identifier: report.matched_people_by_identifier,
            matched_people_by_name_and_dob: report.matched_people_by_name_and_dob,
            created_locations: report.created_locations,
            matched_locations_by_uprn: report.matched_locations_by_uprn,
            matched_locations_by_address: report.matched_locations_by_address,
            uncertain_matches: report
                .uncertain_matches
                .into_iter()
                .map(|m| UncertainMatch {
                    line: m.line,
                    field: m.field,
                    reason: m.reason,
                    candidates: m.candidates.into_iter().map(PlainSubject::from).collect(),
                    created: m.created.into(),
                })
                .collect(),
        },
    })
}

/// A whole `incidents_imported` event in version 1, read straight into its batch: serde reads
/// an internally tagged enum by first buffering the whole object into a generic tree, which for
/// an import of tens of thousands of incidents cost more than decoding it.
#[derive(Deserialize)]
pub(crate) struct ImportV1<'a> {
    /// The event's type tag.
    #[serde(rename = "type", borrow)]
    pub(crate) kind: std::borrow::Cow<'a, str>,
    /// The batch.
    #[serde(rename = "batch")]
    pub(crate) batch: BatchV1,
}
