//! Bulk import of incidents: the batch API, the CSV and JSON readers, row validation, and the
//! matching of people and places in the rows to existing profiles.
//!
//! A batch is all or nothing: every row is validated first and any bad field rejects the whole
//! batch with [`Error::ImportRejected`], naming each bad row (its line in a CSV file, or its
//! 1-based position in a JSON array or a batch) and field, never the value. A valid batch becomes
//! one `IncidentsImported` event, which is what keeps ingest fast.
//!
//! Matching (decided inside `decide_import`, on the state the event is appended to):
//! - a person by any validated identifier first, then by normalised name with the same date of
//!   birth; a profile with the same name but a different or missing date of birth is an
//!   **uncertain** match: it is reported and a separate profile is created, never merged;
//! - a location by UPRN first, then by normalised address; several candidates are uncertain;
//! - only profiles the importer **reads in full** are matched or listed as candidates, by every
//!   key (`Draft::readable_persons`, `Draft::readable_locations`): a profile it sees only as a
//!   stub, or not at all, is exactly as if it did not exist, so an import cannot tell it whose
//!   PNC ID, date of birth, UPRN or address it holds, nor that a restricted profile exists. The
//!   price is a second profile with the same identifier (docs/incidents.md);
//! - a profile created beside an uncertain match to a restricted profile (one the importer reads
//!   in full) is restricted too, so an import cannot publish a name a restriction hides;
//! - a row whose external reference the source agency already imported (or that repeats one
//!   earlier in the batch) is skipped and counted.

use super::bounded::{self, Bounded, Overrun};
use super::model::{
    ImportReport, ImportedBatch, Incident, IncidentCategory, IncidentRole, Involved,
    UncertainMatch, UncertainReason,
};
use super::IncidentBook;
use crate::cases::Subject;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::identifiers::{Identifier, IdentifierKind, Postcode, Uprn};
use crate::ids::{AgencyId, IncidentId, LocationId, PersonId};
use crate::locations::Location;
use crate::partnership::Practitioner;
use crate::people::Person;
use crate::projection::Map;
use crate::sharing::{Access, Engine};
use crate::state::State;
use crate::validation::{self, MAX_LIST, MAX_NAME, MAX_SHORT, MAX_TEXT};
use crate::validation::{normalise_into, trim};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// The most rows one batch may hold: larger imports are several batches.
pub const MAX_BATCH_ROWS: usize = 100_000;
/// The most row errors one rejection lists; the count in the message stops there too.
pub const MAX_ROW_ERRORS: usize = 1_000;

pub(super) fn too_many_rows() -> Error {
    Error::invalid("rows", "at most 100000 rows per batch")
}

pub(super) fn too_large() -> Error {
    Error::invalid("input", "at most 64 MiB per import")
}

/// A person as an imported row names them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct PersonRef {
    /// Their name.
    pub name: String,
    /// Date of birth, if the host knows it.
    #[serde(default)]
    pub date_of_birth: Option<NaiveDate>,
    /// Identifiers as raw strings, validated on import.
    #[serde(default)]
    pub identifiers: Vec<(IdentifierKind, String)>,
}

/// A place as an imported row names it: at least a UPRN or an address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocationRef {
    /// The UPRN, matched first.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub uprn: Option<String>,
    /// The address, matched second (normalised: case and spacing ignored).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub address: Option<String>,
    /// The postcode.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub postcode: Option<String>,
    /// The label everyone may see if a new profile is created (default: the postcode, else
    /// "Imported location"; never the address, which is content).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub label: Option<String>,
}

/// A person involved in an imported incident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InvolvedRef {
    /// How they were involved.
    pub role: IncidentRole,
    /// Who.
    pub person: PersonRef,
}

/// One incident as a host system hands it over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct IncidentRow {
    /// The host's reference, unique per source agency: repeats are skipped.
    pub external_ref: String,
    /// When the behaviour happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was reported (default: when it happened).
    #[serde(default)]
    pub reported_at: Option<DateTime<Utc>>,
    /// The category's stable name (see [`IncidentCategory::as_str`]).
    pub category: String,
    /// The offence code, for a crime only.
    #[serde(default)]
    pub offence_code: Option<String>,
    /// What happened (may be empty).
    #[serde(default)]
    pub summary: String,
    /// Where.
    #[serde(default)]
    pub location: Option<LocationRef>,
    /// Who called.
    #[serde(default)]
    pub caller: Option<PersonRef>,
    /// Others involved.
    #[serde(default)]
    pub people: Vec<InvolvedRef>,
}

/// How an import runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ImportOptions {
    /// Report progress every this many rows (at least 1).
    pub progress_every: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            progress_every: 10_000,
        }
    }
}

/// Which stage a long import is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ImportPhase {
    /// Checking rows.
    Validating,
    /// Matching and recording the batch.
    Recording,
    /// Finished.
    Done,
}

/// A progress report for the callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ImportProgress {
    /// The stage.
    pub phase: ImportPhase,
    /// Rows done in this stage.
    pub done: usize,
    /// Rows in the batch.
    pub total: usize,
}

pub use crate::error::RowError;

/// What validating a person reference parsed, with the id a new profile would get. Its name is
/// read from the host's row when the batch is decided, and copied only into a profile it
/// creates: most references match an existing profile.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidPerson {
    field: PersonField,
    role: IncidentRole,
    new_id: PersonId,
    date_of_birth: Option<NaiveDate>,
    identifiers: Vec<Identifier>,
}

/// What validating a location reference parsed, with the id a new profile would get; its address
/// and label are read from the host's row, like a person's name.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidLocation {
    new_id: LocationId,
    uprn: Option<Uprn>,
    postcode: Option<Postcode>,
}

/// What validating a row parsed; its reference and summary are read from the host's row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidRow {
    id: IncidentId,
    occurred_at: DateTime<Utc>,
    reported_at: DateTime<Utc>,
    category: IncidentCategory,
    location: Option<ValidLocation>,
    /// How many of the batch's people are this row's, in the order of [`person_refs`].
    people: usize,
}

/// A validated batch, the import command's payload: the host's rows, shared rather than copied
/// (a write that must be decided again reads them again), and what validating every one of them
/// parsed, row for row (a batch with any bad row is refused before it is decided). Decided,
/// only what is recorded is copied out of the rows: each incident's reference and summary, and
/// the names and addresses of the profiles it creates.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ValidBatch {
    host: std::sync::Arc<Vec<(u64, IncidentRow)>>,
    rows: Vec<ValidRow>,
    people: Vec<ValidPerson>,
}

impl ValidBatch {
    /// The batch of `host`'s rows, every one of them valid as `validated` says.
    pub(super) fn new(host: std::sync::Arc<Vec<(u64, IncidentRow)>>, validated: Validated) -> Self {
        ValidBatch {
            host,
            rows: validated.rows,
            people: validated.people,
        }
    }
}

/// What validating a batch parsed: its valid rows, and their people in one list.
pub(super) struct Validated {
    rows: Vec<ValidRow>,
    people: Vec<ValidPerson>,
}

/// The people a row names, in order (the caller first): validating and deciding walk them alike.
fn person_refs(row: &IncidentRow) -> impl Iterator<Item = (IncidentRole, PersonField, &PersonRef)> {
    row.caller
        .iter()
        .map(|p| (IncidentRole::Caller, PersonField::Caller, p))
        .chain(
            row.people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.role, PersonField::Listed(i), &p.person)),
        )
}

/// Collects the errors of one row.
struct RowCheck<'a> {
    line: u64,
    errors: &'a mut Vec<RowError>,
}

impl RowCheck<'_> {
    fn ok<T>(&mut self, field: impl std::fmt::Display, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                let expected = match e {
                    Error::Invalid { reason, .. } => reason.to_owned(),
                    Error::Identifier(e) => format!("a valid {}: {}", e.kind(), e.reason()),
                    _ => "a valid value".to_owned(),
                };
                self.fail(field, expected);
                None
            }
        }
    }

    fn fail(&mut self, field: impl std::fmt::Display, expected: impl Into<String>) {
        self.errors.push(RowError {
            line: self.line,
            field: field.to_string(),
            expected: expected.into(),
        });
    }
}

/// How field names are spelled in errors: CSV column names, or JSON paths.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Spelling {
    Csv,
    Json,
}

/// Where a person reference sits in its row, spelled (`caller`, `victim`, `people[2]`) only when
/// an error or an uncertain match names it: a `String` per reference was two allocations on
/// every row of an import.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PersonField {
    /// The row's caller.
    Caller,
    /// A person in the row's list, named by role (CSV columns).
    Role(IncidentRole),
    /// A person in the row's list, by position (JSON paths).
    Listed(usize),
}

impl std::fmt::Display for PersonField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PersonField::Caller => f.write_str("caller"),
            PersonField::Role(role) => f.write_str(role.as_str()),
            PersonField::Listed(i) => write!(f, "people[{i}]"),
        }
    }
}

/// A field of a person or location reference, spelled only if an error names it: the names are
/// built on every row otherwise, which showed in import profiles.
struct Field<'a> {
    prefix: &'a dyn std::fmt::Display,
    spelling: Spelling,
    name: &'a str,
}

impl std::fmt::Display for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sep = match self.spelling {
            Spelling::Csv => "_",
            Spelling::Json => ".",
        };
        write!(f, "{}{sep}{}", self.prefix, self.name)
    }
}

fn field<'a>(prefix: &'a dyn std::fmt::Display, spelling: Spelling, name: &'a str) -> Field<'a> {
    Field {
        prefix,
        spelling,
        name,
    }
}

/// Validates every row, drawing ids for everything the batch might create.
pub(super) fn validate(
    rows: &[(u64, IncidentRow)],
    spelling: Spelling,
    now: DateTime<Utc>,
    today: NaiveDate,
    new_id: &dyn Fn() -> uuid::Uuid,
    errors: &mut Vec<RowError>,
    progress: &mut dyn FnMut(usize),
) -> Validated {
    let mut valid = Vec::with_capacity(rows.len());
    let mut all_people = Vec::with_capacity(rows.len());
    for (i, &(line, ref row)) in rows.iter().enumerate() {
        progress(i);
        let mut c = RowCheck { line, errors };
        let external_ref = c.ok(
            "external_ref",
            validation::checked_line("external_ref", &row.external_ref, MAX_SHORT),
        );
        let occurred_at = crate::clock::truncate_to_micros(row.occurred_at);
        if occurred_at > now {
            c.fail("occurred_at", "a time not in the future");
        }
        let reported_at = row
            .reported_at
            .map_or(occurred_at, crate::clock::truncate_to_micros);
        if row.reported_at.is_some() && (reported_at < occurred_at || reported_at > now) {
            c.fail(
                "reported_at",
                "a time not before occurred_at and not in the future",
            );
        }
        let code = c.ok(
            "offence_code",
            validation::optional_line("offence_code", row.offence_code.as_deref(), MAX_NAME),
        );
        let category = code.and_then(|code| match IncidentCategory::parse(&row.category, code) {
            Ok(cat) => Some(cat),
            Err(expected) => {
                c.fail("category", expected);
                None
            }
        });
        let summary = trim(&row.summary).is_empty()
            || c.ok(
                "summary",
                validation::checked_text("summary", &row.summary, MAX_TEXT),
            )
            .is_some();
        let location = match &row.location {
            None => Some(None),
            Some(l) => location(&mut c, spelling, l, new_id).map(Some),
        };
        if row.people.len() > MAX_LIST {
            c.fail("people", "at most 50 people per incident");
        }
        let first_person = all_people.len();
        let mut people_ok = true;
        for (role, prefix, p) in person_refs(row) {
            let prefix = match (prefix, spelling) {
                (PersonField::Listed(_), Spelling::Csv) => PersonField::Role(role),
                _ => prefix,
            };
            match person(&mut c, spelling, prefix, role, p, today, new_id) {
                Some(p) => all_people.push(p),
                None => people_ok = false,
            }
        }
        if let (Some(_), Some(category), true, Some(location), true) =
            (external_ref, category, summary, location, people_ok)
        {
            valid.push(ValidRow {
                id: IncidentId(new_id()),
                occurred_at,
                reported_at,
                category,
                location,
                people: all_people.len().saturating_sub(first_person),
            });
        } else {
            all_people.truncate(first_person);
        }
    }
    Validated {
        rows: valid,
        people: all_people,
    }
}

fn location(
    c: &mut RowCheck<'_>,
    spelling: Spelling,
    l: &LocationRef,
    new_id: &dyn Fn() -> uuid::Uuid,
) -> Option<ValidLocation> {
    let f = |name: &'static str| field(&"location", spelling, name);
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| trim(s).is_empty());
    let uprn = match l.uprn.as_deref().filter(|s| !trim(s).is_empty()) {
        None => Some(None),
        Some(raw) => c
            .ok(f("uprn"), Uprn::parse(raw).map_err(Error::from))
            .map(Some),
    };
    let postcode = match l.postcode.as_deref().filter(|s| !trim(s).is_empty()) {
        None => Some(None),
        Some(raw) => c
            .ok(f("postcode"), Postcode::parse(raw).map_err(Error::from))
            .map(Some),
    };
    let address = c.ok(
        f("address"),
        validation::checked_optional_line("address", l.address.as_deref(), MAX_SHORT),
    );
    let label = c.ok(
        f("label"),
        validation::checked_optional_line("label", l.label.as_deref(), MAX_NAME),
    );
    if blank(&l.uprn) && blank(&l.address) {
        c.fail(f("uprn"), "a UPRN or an address");
        return None;
    }
    let (uprn, postcode, _, _) = (uprn?, postcode?, address?, label?);
    Some(ValidLocation {
        new_id: LocationId(new_id()),
        uprn,
        postcode,
    })
}

#[allow(clippy::too_many_arguments)]
fn person(
    c: &mut RowCheck<'_>,
    spelling: Spelling,
    prefix: PersonField,
    role: IncidentRole,
    p: &PersonRef,
    today: NaiveDate,
    new_id: &dyn Fn() -> uuid::Uuid,
) -> Option<ValidPerson> {
    let f = |name: &'static str| field(&prefix, spelling, name);
    let name = c.ok(
        f("name"),
        validation::checked_line("name", &p.name, MAX_NAME),
    );
    let earliest = NaiveDate::from_ymd_opt(1890, 1, 1);
    let dob_ok = p
        .date_of_birth
        .is_none_or(|d| d <= today && earliest.is_none_or(|e| d >= e));
    if !dob_ok {
        c.fail(f("date_of_birth"), "a past date after 1890");
    }
    if p.identifiers.len() > MAX_LIST {
        c.fail(f("identifiers"), "at most 50 identifiers");
        return None;
    }
    let mut identifiers = Vec::with_capacity(p.identifiers.len());
    let mut ids_ok = true;
    for (kind, raw) in &p.identifiers {
        match c.ok(
            f("identifier"),
            Identifier::parse(*kind, raw, today.year()).map_err(Error::from),
        ) {
            Some(id) => identifiers.push(id),
            None => ids_ok = false,
        }
    }
    identifiers.sort();
    identifiers.dedup();
    name?;
    (dob_ok && ids_ok).then(|| ValidPerson {
        field: prefix,
        role,
        new_id: PersonId(new_id()),
        date_of_birth: p.date_of_birth,
        identifiers,
    })
}

/// The batch being decided: profiles created so far, so that a person named on many rows is
/// created once, and the profiles matched so far, so that a person or place named on many rows
/// (the usual import: a few callers and places make most of its rows) is looked up in the
/// profiles and the sharing engine once per batch rather than once per row. The state does not
/// change while a batch is decided, so a match stays the match (why, at each memo).
struct Draft<'s, 'h> {
    state: &'s State,
    engine: Engine<'s>,
    source: AgencyId,
    at: DateTime<Utc>,
    persons: Vec<Person>,
    locations: Vec<Location>,
    // foldhash, as the projections' maps: SipHash showed in an import's profile.
    new_person_by_identifier: Map<Identifier, PersonId>,
    /// Positions in `persons` by normalised name.
    new_person_by_name: Map<String, Vec<usize>>,
    new_location_by_uprn: Map<Uprn, LocationId>,
    new_location_by_address: Map<String, LocationId>,
    /// Profiles matched by name and date of birth, by the row's trimmed name as written (so the
    /// same normalised key): once a name and date have exactly one exact match, they keep it for
    /// the rest of the batch, since the batch creates a profile under a name and date only where
    /// they have no exact match or several. Only for a reference without identifiers, which are
    /// matched first.
    matched_person_by_name: Map<(&'h str, NaiveDate), PersonId>,
    /// Existing profiles matched by UPRN: the same UPRN finds the same first readable profile.
    matched_location_by_uprn: Map<Uprn, LocationId>,
    /// The candidates of the reference being matched, reused from one to the next: a `Vec` per
    /// reference was one of the allocations that dominate an import's profile.
    person_candidates: Vec<(PersonId, Option<NaiveDate>, bool)>,
    /// As `person_candidates`, for places: id, UPRN, restricted.
    location_candidates: Vec<(LocationId, Option<Uprn>, bool)>,
    /// The normalised name or address being matched, built in one buffer for the whole batch
    /// and copied only for a profile the batch creates.
    key: String,
    report: ImportReport,
}

impl<'s, 'h> Draft<'s, 'h> {
    /// The existing person profiles among `ids` (an index entry) that the importer reads in
    /// full, in the order recorded. Every key matches people through this and nothing else, so a
    /// profile the importer sees only as a stub, or not at all, is exactly as if it did not
    /// exist: no match, no candidate, no count.
    fn readable_persons<'a>(
        &'a self,
        ids: Option<&'s Vec<PersonId>>,
    ) -> impl Iterator<Item = &'s Person> + 'a {
        let state = self.state;
        ids.into_iter()
            .flatten()
            .filter_map(move |id| state.persons.get(id))
            .filter(|p| self.engine.person(p).access == Access::Full)
    }

    /// The existing location profiles among `ids` that the importer reads in full, as
    /// [`Draft::readable_persons`].
    fn readable_locations<'a>(
        &'a self,
        ids: Option<&'s Vec<LocationId>>,
    ) -> impl Iterator<Item = &'s Location> + 'a {
        let state = self.state;
        ids.into_iter()
            .flatten()
            .filter_map(move |id| state.locations.get(id))
            .filter(|l| self.engine.location(l).access == Access::Full)
    }

    fn person(&mut self, line: u64, name: &'h str, p: ValidPerson) -> PersonId {
        let book: &'s IncidentBook = &self.state.incidents;
        let memo = p
            .date_of_birth
            .filter(|_| p.identifiers.is_empty())
            .map(|dob| (name, dob));
        if let Some(found) = memo.and_then(|key| self.matched_person_by_name.get(&key)) {
            self.report.matched_people_by_name_and_dob += 1;
            return *found;
        }
        for id in &p.identifiers {
            let found = self
                .readable_persons(book.person_by_identifier.get(id))
                .next()
                .map(|found| found.id);
            if let Some(found) = found {
                self.report.matched_people_by_identifier += 1;
                return found;
            }
            if let Some(found) = self.new_person_by_identifier.get(id) {
                return *found;
            }
        }
        // Existing profiles the importer reads in full, and profiles this batch created, by name.
        let mut candidates = std::mem::take(&mut self.person_candidates);
        candidates.clear();
        let mut key = std::mem::take(&mut self.key);
        normalise_into(name, &mut key);
        candidates.extend(
            self.readable_persons(book.person_by_name.get(key.as_str()))
                .chain(
                    self.new_person_by_name
                        .get(key.as_str())
                        .into_iter()
                        .flatten()
                        .filter_map(|&i| self.persons.get(i)),
                )
                .map(|c| (c.id, c.date_of_birth, c.restricted)),
        );
        let mut exact = candidates
            .iter()
            .filter(|c| p.date_of_birth.is_some() && c.1 == p.date_of_birth)
            .map(|c| c.0);
        let (first_exact, more_exact) = (exact.next(), exact.next().is_some());
        let uncertain = match (first_exact, more_exact, candidates.is_empty()) {
            (Some(one), false, _) => {
                self.report.matched_people_by_name_and_dob += 1;
                if let Some(key) = memo {
                    self.matched_person_by_name.insert(key, one);
                }
                self.person_candidates = candidates;
                self.key = key;
                return one;
            }
            (None, _, true) => None,
            (None, _, false) => Some(
                if p.date_of_birth.is_none() || candidates.iter().any(|c| c.1.is_none()) {
                    UncertainReason::SameNameNoDateOfBirth
                } else {
                    UncertainReason::SameNameOtherDateOfBirth
                },
            ),
            _ => Some(UncertainReason::SeveralCandidates),
        };
        let id = p.new_id;
        if let Some(reason) = uncertain {
            self.report.uncertain_matches.push(UncertainMatch {
                line,
                field: p.field.to_string(),
                reason,
                candidates: candidates.iter().map(|c| Subject::Person(c.0)).collect(),
                created: Subject::Person(id),
            });
        }
        for ident in &p.identifiers {
            self.new_person_by_identifier.insert(ident.clone(), id);
        }
        match self.new_person_by_name.get_mut(key.as_str()) {
            Some(created) => created.push(self.persons.len()),
            None => {
                self.new_person_by_name
                    .insert(key.clone(), vec![self.persons.len()]);
            }
        }
        self.key = key;
        self.persons.push(Person {
            id,
            name: name.to_owned(),
            aliases: Vec::new(),
            date_of_birth: p.date_of_birth,
            identifiers: p.identifiers,
            flags: BTreeSet::new(),
            // A possible duplicate of a restricted profile (one the importer reads in full) is
            // restricted too: otherwise an import would publish the name the restriction hides.
            restricted: candidates.iter().any(|c| c.2),
            recorded_by: self.source,
            recorded_at: self.at,
            facts: Vec::new(),
        });
        self.person_candidates = candidates;
        self.report.created_people += 1;
        id
    }

    fn location(&mut self, line: u64, raw: &LocationRef, l: ValidLocation) -> LocationId {
        let book: &'s IncidentBook = &self.state.incidents;
        if let Some(uprn) = l.uprn {
            let found = match self.matched_location_by_uprn.get(&uprn) {
                Some(found) => Some(*found),
                None => {
                    let found = self
                        .readable_locations(book.location_by_uprn.get(&uprn))
                        .next()
                        .map(|found| found.id);
                    if let Some(found) = found {
                        self.matched_location_by_uprn.insert(uprn, found);
                    }
                    found
                }
            };
            if let Some(found) = found {
                self.report.matched_locations_by_uprn += 1;
                return found;
            }
            if let Some(found) = self.new_location_by_uprn.get(&uprn) {
                return *found;
            }
        }
        let mut uncertain = None;
        let mut candidates = std::mem::take(&mut self.location_candidates);
        candidates.clear();
        let mut key = std::mem::take(&mut self.key);
        let address = present_str(raw.address.as_deref());
        if let Some(address) = address {
            normalise_into(address, &mut key);
            if let Some(found) = self.new_location_by_address.get(key.as_str()) {
                self.location_candidates = candidates;
                self.key = key;
                return *found;
            }
            candidates.extend(
                self.readable_locations(book.location_by_address.get(key.as_str()))
                    .map(|c| (c.id, c.uprn, c.restricted)),
            );
            let mut fitting = candidates
                .iter()
                .filter(|c| c.1.is_none() || l.uprn.is_none())
                .map(|c| c.0);
            let (first_fitting, more_fitting) = (fitting.next(), fitting.next().is_some());
            match (first_fitting, more_fitting, candidates.is_empty()) {
                (Some(one), false, _) => {
                    self.report.matched_locations_by_address += 1;
                    self.location_candidates = candidates;
                    self.key = key;
                    return one;
                }
                (None, _, true) => {}
                (None, _, false) => uncertain = Some(UncertainReason::SameAddressOtherUprn),
                _ => uncertain = Some(UncertainReason::SeveralCandidates),
            }
        }
        let id = l.new_id;
        if let Some(reason) = uncertain {
            self.report.uncertain_matches.push(UncertainMatch {
                line,
                field: "location".to_owned(),
                reason,
                candidates: candidates.iter().map(|c| Subject::Location(c.0)).collect(),
                created: Subject::Location(id),
            });
        }
        if let Some(uprn) = l.uprn {
            self.new_location_by_uprn.insert(uprn, id);
        }
        let restricted = candidates.iter().any(|c| c.2);
        self.location_candidates = candidates;
        if address.is_some() {
            self.new_location_by_address.insert(key.clone(), id);
        }
        self.key = key;
        // The label everyone may see: the row's, else the postcode, never the address.
        let label = present_str(raw.label.as_deref())
            .or(l.postcode.as_ref().map(Postcode::as_str))
            .unwrap_or("Imported location")
            .to_owned();
        self.locations.push(Location {
            id,
            label,
            address: address.map(str::to_owned),
            postcode: l.postcode,
            uprn: l.uprn,
            coordinates: None,
            restricted,
            recorded_by: self.source,
            recorded_at: self.at,
        });
        self.report.created_locations += 1;
        id
    }
}

/// Decides an import: duplicates, matching, and the one event recording the batch.
pub(crate) fn decide_import(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    batch: ValidBatch,
    action: &'static str,
) -> Result<Vec<Event>> {
    if !who.role.can_work_cases() {
        return Err(Error::forbidden(action, "needs the case worker role"));
    }
    let engine = Engine::new(state, who.id, at).ok_or(Error::forbidden(action, "unknown"))?;
    let ValidBatch {
        host,
        rows,
        people: valid_people,
    } = batch;
    let mut draft = Draft {
        state,
        engine,
        source: who.agency,
        at,
        persons: Vec::new(),
        locations: Vec::new(),
        new_person_by_identifier: Map::default(),
        new_person_by_name: Map::default(),
        new_location_by_uprn: Map::default(),
        new_location_by_address: Map::default(),
        matched_person_by_name: Map::default(),
        matched_location_by_uprn: Map::default(),
        person_candidates: Vec::new(),
        location_candidates: Vec::new(),
        key: String::new(),
        report: ImportReport::default(),
    };
    let duplicate: Vec<bool> = {
        let mut seen: HashSet<&str, foldhash::fast::RandomState> =
            HashSet::with_capacity_and_hasher(host.len(), Default::default());
        host.iter()
            .map(|(_, raw)| {
                let reference = trim(&raw.external_ref);
                state.incidents.has_ref(who.agency, reference) || !seen.insert(reference)
            })
            .collect()
    };
    let mut valid_people = valid_people.into_iter();
    let mut incidents = Vec::with_capacity(rows.len());
    // Row for row: a batch is decided only when every one of its rows validated.
    for ((row, &(line, ref raw)), duplicate) in rows.into_iter().zip(host.iter()).zip(duplicate) {
        let row_people = valid_people.by_ref().take(row.people);
        if duplicate {
            row_people.for_each(drop);
            draft.report.duplicates_skipped += 1;
            continue;
        }
        if state.incidents.find(row.id).is_some() {
            return Err(Error::invalid("incident_id", "already in use"));
        }
        let location = row
            .location
            .zip(raw.location.as_ref())
            .map(|(l, r)| draft.location(line, r, l));
        let mut people = Vec::with_capacity(row.people);
        for (p, (_, _, named)) in row_people.zip(person_refs(raw)) {
            let role = p.role;
            let person = draft.person(line, trim(&named.name), p);
            let involved = Involved { person, role };
            if !people.contains(&involved) {
                people.push(involved);
            }
        }
        let caller = people
            .iter()
            .find(|i| i.role == IncidentRole::Caller)
            .map(|i| i.person);
        incidents.push(Incident {
            id: row.id,
            external_ref: trim(&raw.external_ref).to_owned(),
            source: who.agency,
            imported_by: who.id,
            occurred_at: row.occurred_at,
            reported_at: row.reported_at,
            category: row.category,
            location,
            caller,
            people,
            summary: trim(&raw.summary).to_owned(),
        });
    }
    draft.report.imported = incidents.len();
    Ok(vec![Event::IncidentsImported {
        batch: ImportedBatch {
            incidents,
            persons: draft.persons,
            locations: draft.locations,
            report: draft.report,
        },
    }])
}

/// One CSV record: flat columns, one caller, one victim and one offender at most.
#[derive(Debug, Deserialize)]
struct CsvRow {
    external_ref: String,
    occurred_at: String,
    #[serde(default)]
    reported_at: Option<String>,
    category: String,
    #[serde(default)]
    offence_code: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    location_uprn: Option<String>,
    #[serde(default)]
    location_address: Option<String>,
    #[serde(default)]
    location_postcode: Option<String>,
    #[serde(default)]
    location_label: Option<String>,
    #[serde(default)]
    caller_name: Option<String>,
    #[serde(default)]
    caller_date_of_birth: Option<String>,
    #[serde(default)]
    caller_id_kind: Option<String>,
    #[serde(default)]
    caller_id: Option<String>,
    #[serde(default)]
    victim_name: Option<String>,
    #[serde(default)]
    victim_date_of_birth: Option<String>,
    #[serde(default)]
    victim_id_kind: Option<String>,
    #[serde(default)]
    victim_id: Option<String>,
    #[serde(default)]
    offender_name: Option<String>,
    #[serde(default)]
    offender_date_of_birth: Option<String>,
    #[serde(default)]
    offender_id_kind: Option<String>,
    #[serde(default)]
    offender_id: Option<String>,
}

fn present(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

/// A value given and not blank, trimmed, as validation read it.
fn present_str(v: Option<&str>) -> Option<&str> {
    v.map(trim).filter(|s| !s.is_empty())
}

fn csv_time(c: &mut RowCheck<'_>, name: &str, raw: &str) -> Option<DateTime<Utc>> {
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(t) => Some(t.with_timezone(&Utc)),
        Err(_) => {
            c.fail(name, "an RFC 3339 time, e.g. 2026-03-01T21:30:00Z");
            None
        }
    }
}

fn csv_person(
    c: &mut RowCheck<'_>,
    prefix: &str,
    name: Option<String>,
    dob: Option<String>,
    kind: Option<String>,
    id: Option<String>,
) -> Option<Option<PersonRef>> {
    let (name, dob, kind, id) = (present(name), present(dob), present(kind), present(id));
    let Some(name) = name else {
        if dob.is_some() || kind.is_some() || id.is_some() {
            c.fail(
                format!("{prefix}_name"),
                "a name when any other person field is given",
            );
            return None;
        }
        return Some(None);
    };
    let date_of_birth = match dob {
        None => None,
        Some(d) => match NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                c.fail(format!("{prefix}_date_of_birth"), "a date as YYYY-MM-DD");
                return None;
            }
        },
    };
    let identifiers = match (kind.as_deref().map(str::trim), id) {
        (None, None) => Vec::new(),
        (Some(k), Some(v)) => {
            let kind = match k {
                "nhs_number" => IdentifierKind::NhsNumber,
                "pnc_id" => IdentifierKind::PncId,
                "cro_number" => IdentifierKind::CroNumber,
                "ni_number" => IdentifierKind::NiNumber,
                _ => {
                    c.fail(
                        format!("{prefix}_id_kind"),
                        "one of nhs_number, pnc_id, cro_number, ni_number",
                    );
                    return None;
                }
            };
            vec![(kind, v)]
        }
        _ => {
            c.fail(format!("{prefix}_id"), "both id_kind and id, or neither");
            return None;
        }
    };
    Some(Some(PersonRef {
        name,
        date_of_birth,
        identifiers,
    }))
}

fn from_csv(c: &mut RowCheck<'_>, r: CsvRow) -> Option<IncidentRow> {
    let occurred_at = csv_time(c, "occurred_at", &r.occurred_at);
    let reported_at = match present(r.reported_at) {
        None => Some(None),
        Some(t) => csv_time(c, "reported_at", &t).map(Some),
    };
    let caller = csv_person(
        c,
        "caller",
        r.caller_name,
        r.caller_date_of_birth,
        r.caller_id_kind,
        r.caller_id,
    );
    let victim = csv_person(
        c,
        "victim",
        r.victim_name,
        r.victim_date_of_birth,
        r.victim_id_kind,
        r.victim_id,
    );
    let offender = csv_person(
        c,
        "offender",
        r.offender_name,
        r.offender_date_of_birth,
        r.offender_id_kind,
        r.offender_id,
    );
    let (uprn, address) = (present(r.location_uprn), present(r.location_address));
    let (postcode, label) = (present(r.location_postcode), present(r.location_label));
    let location = (uprn.is_some() || address.is_some() || postcode.is_some() || label.is_some())
        .then_some(LocationRef {
            uprn,
            address,
            postcode,
            label,
        });
    let (occurred_at, reported_at, caller, victim, offender) =
        (occurred_at?, reported_at?, caller?, victim?, offender?);
    let people = [
        (IncidentRole::Victim, victim),
        (IncidentRole::Offender, offender),
    ]
    .into_iter()
    .filter_map(|(role, p)| p.map(|person| InvolvedRef { role, person }))
    .collect();
    Some(IncidentRow {
        external_ref: r.external_ref,
        occurred_at,
        reported_at,
        category: r.category,
        offence_code: present(r.offence_code),
        summary: r.summary.unwrap_or_default(),
        location,
        caller,
        people,
    })
}

/// The columns every CSV file must have.
const REQUIRED_COLUMNS: [&str; 3] = ["external_ref", "occurred_at", "category"];

/// Why the CSV reader could not read the record at `line`: over a byte limit (the whole input is
/// refused), or not well-formed (the record is named).
fn unreadable<R: std::io::Read>(
    reader: &csv::Reader<Bounded<R>>,
    line: u64,
    field: &str,
    expected: &str,
) -> Result<RowError> {
    let expected = match reader.get_ref().overrun() {
        Some(Overrun::Input) => return Err(too_large()),
        Some(Overrun::Record) => "a record of at most 256 KiB",
        None => expected,
    };
    Ok(RowError {
        line,
        field: field.into(),
        expected: expected.into(),
    })
}

/// Reads CSV rows (a header line, then one incident per line; columns as in
/// docs/incidents.md), with each record's line number. It streams: a malformed record, a missing
/// column or a record over the size limit stops it there, and the input's byte and row limits
/// are errors as soon as they are passed, so no input is read much beyond them.
pub(super) fn read_csv(
    input: impl std::io::Read,
    errors: &mut Vec<RowError>,
) -> Result<Vec<(u64, IncidentRow)>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .buffer_capacity(bounded::READ_AHEAD)
        .from_reader(Bounded::new(input));
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(_) => {
            errors.push(unreadable(
                &reader,
                1,
                "header",
                "a CSV header line of column names",
            )?);
            return Ok(rows);
        }
    };
    // A file without the required columns would fail on every row: say so once.
    if let Some(missing) = REQUIRED_COLUMNS
        .iter()
        .find(|c| !headers.iter().any(|h| h == **c))
    {
        errors.push(RowError {
            line: 1,
            field: (*missing).into(),
            expected: "a header line with the columns external_ref, occurred_at and category"
                .into(),
        });
        return Ok(rows);
    }
    let mut records = 0usize;
    loop {
        let start = reader.position().clone();
        reader.get_mut().record_starts_at(start.byte());
        let line = start.line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                records = records.saturating_add(1);
                if records > MAX_BATCH_ROWS {
                    return Err(too_many_rows());
                }
                let line = record.position().map_or(line, |p| p.line());
                let mut c = RowCheck { line, errors };
                match record.deserialize::<CsvRow>(Some(&headers)) {
                    Ok(r) => {
                        if let Some(row) = from_csv(&mut c, r) {
                            rows.push((line, row));
                        }
                    }
                    Err(e) => {
                        let column = match e.kind() {
                            csv::ErrorKind::Deserialize { err, .. } => err
                                .field()
                                .and_then(|i| headers.get(usize::try_from(i).ok()?))
                                .unwrap_or("row")
                                .to_owned(),
                            _ => "row".to_owned(),
                        };
                        c.fail(
                            &column,
                            "the columns external_ref, occurred_at and category",
                        );
                    }
                }
            }
            Err(_) => {
                errors.push(unreadable(
                    &reader,
                    line,
                    "row",
                    "a well-formed UTF-8 CSV record with the header's columns",
                )?);
                break;
            }
        }
        if errors.len() >= MAX_ROW_ERRORS {
            break;
        }
    }
    Ok(rows)
}

/// Reads a JSON array of [`IncidentRow`] objects, numbering rows from 1.
pub(super) fn read_json(bytes: &[u8], errors: &mut Vec<RowError>) -> Vec<(u64, IncidentRow)> {
    let Ok(values) = serde_json::from_slice::<Vec<serde_json::Value>>(bytes) else {
        errors.push(RowError {
            line: 0,
            field: "input".into(),
            expected: "a JSON array of incident rows".into(),
        });
        return Vec::new();
    };
    let mut rows = Vec::with_capacity(values.len());
    for (i, value) in values.into_iter().enumerate() {
        let line = u64::try_from(i).unwrap_or(u64::MAX).saturating_add(1);
        match serde_json::from_value::<IncidentRow>(value) {
            Ok(row) => rows.push((line, row)),
            // serde's message can quote the value, so only the row is named.
            Err(_) => errors.push(RowError {
                line,
                field: "row".into(),
                expected: "an object with external_ref, occurred_at (RFC 3339), category and \
                           optional fields as documented for IncidentRow"
                    .into(),
            }),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::{field, PersonField, Spelling};
    use crate::incidents::IncidentRole;

    #[test]
    fn a_person_reference_is_named_by_its_csv_column_or_its_json_path_as_before() {
        let spelled = |prefix: &dyn std::fmt::Display, spelling, name| {
            field(prefix, spelling, name).to_string()
        };
        assert_eq!(
            spelled(&PersonField::Caller, Spelling::Csv, "name"),
            "caller_name"
        );
        assert_eq!(
            spelled(
                &PersonField::Role(IncidentRole::Victim),
                Spelling::Csv,
                "date_of_birth"
            ),
            "victim_date_of_birth"
        );
        assert_eq!(
            spelled(&PersonField::Caller, Spelling::Json, "name"),
            "caller.name"
        );
        assert_eq!(
            spelled(&PersonField::Listed(2), Spelling::Json, "identifier"),
            "people[2].identifier"
        );
        assert_eq!(spelled(&"location", Spelling::Csv, "uprn"), "location_uprn");
        assert_eq!(PersonField::Listed(0).to_string(), "people[0]");
    }
}
