//! Incidents through the bindings: the all-or-nothing batch import (records, CSV or JSON) with a
//! progress listener, incident reads and counts, and the Top N list.

use crate::convert::{all, date, id, opt_utc, time, to_small, to_usize, utc, wide};
use crate::enums::{Access, IncidentRole, TopKind};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::records::{Identifier, Subject, Viewer};
use crate::views::{AgencyRef, LocationView, PersonView};
use safehub::incidents as i;
use std::collections::HashMap;
use std::time::SystemTime;

pub use safehub::RowError;

/// A person as an imported row names them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PersonRef {
    /// Their name.
    pub name: String,
    /// Date of birth, ISO `YYYY-MM-DD`, if known.
    #[uniffi(default = None)]
    pub date_of_birth: Option<String>,
    /// Identifiers as raw strings, validated on import.
    #[uniffi(default = [])]
    pub identifiers: Vec<Identifier>,
}

impl TryFrom<PersonRef> for i::PersonRef {
    type Error = SafehubError;
    fn try_from(p: PersonRef) -> Result<Self> {
        Ok(i::PersonRef {
            name: p.name,
            date_of_birth: p
                .date_of_birth
                .as_deref()
                .map(|d| date("date_of_birth", d))
                .transpose()?,
            identifiers: p
                .identifiers
                .into_iter()
                .map(|i| (i.kind(), i.value().to_owned()))
                .collect(),
        })
    }
}

/// A place as an imported row names it: at least a UPRN or an address.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LocationRef {
    /// The UPRN, matched first.
    #[uniffi(default = None)]
    pub uprn: Option<String>,
    /// The address, matched second.
    #[uniffi(default = None)]
    pub address: Option<String>,
    /// The postcode.
    #[uniffi(default = None)]
    pub postcode: Option<String>,
    /// The label everyone may see if a new profile is created.
    #[uniffi(default = None)]
    pub label: Option<String>,
}

impl From<LocationRef> for i::LocationRef {
    fn from(l: LocationRef) -> Self {
        i::LocationRef {
            uprn: l.uprn,
            address: l.address,
            postcode: l.postcode,
            label: l.label,
        }
    }
}

/// A person involved in an imported incident.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InvolvedRef {
    /// How they were involved.
    pub role: IncidentRole,
    /// Who.
    pub person: PersonRef,
}

/// One incident as a host system hands it over.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct IncidentRow {
    /// The host's reference, unique per source agency: repeats are skipped.
    pub external_ref: String,
    /// When the behaviour happened.
    pub occurred_at: SystemTime,
    /// When it was reported (default: when it happened).
    #[uniffi(default = None)]
    pub reported_at: Option<SystemTime>,
    /// The category's stable name, e.g. `asb_personal` (docs/incidents.md).
    pub category: String,
    /// The offence code, for a crime only.
    #[uniffi(default = None)]
    pub offence_code: Option<String>,
    /// What happened (may be empty).
    #[uniffi(default = "")]
    pub summary: String,
    /// Where.
    #[uniffi(default = None)]
    pub location: Option<LocationRef>,
    /// Who called.
    #[uniffi(default = None)]
    pub caller: Option<PersonRef>,
    /// Others involved.
    #[uniffi(default = [])]
    pub people: Vec<InvolvedRef>,
}

impl TryFrom<IncidentRow> for i::IncidentRow {
    type Error = SafehubError;
    fn try_from(r: IncidentRow) -> Result<Self> {
        Ok(i::IncidentRow {
            external_ref: r.external_ref,
            occurred_at: utc("occurred_at", r.occurred_at)?,
            reported_at: opt_utc("reported_at", r.reported_at)?,
            category: r.category,
            offence_code: r.offence_code,
            summary: r.summary,
            location: r.location.map(Into::into),
            caller: r.caller.map(TryInto::try_into).transpose()?,
            people: r
                .people
                .into_iter()
                .map(|p| {
                    Ok(i::InvolvedRef {
                        role: p.role,
                        person: p.person.try_into()?,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }
}

pub use safehub::ffi::ImportProgressListener;
pub use safehub::incidents::{ImportPhase, ImportProgress};

/// Why a match was uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
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

impl From<i::UncertainReason> for UncertainReason {
    fn from(r: i::UncertainReason) -> Self {
        match r {
            i::UncertainReason::SameNameOtherDateOfBirth => {
                UncertainReason::SameNameOtherDateOfBirth
            }
            i::UncertainReason::SameNameNoDateOfBirth => UncertainReason::SameNameNoDateOfBirth,
            i::UncertainReason::SeveralCandidates => UncertainReason::SeveralCandidates,
            i::UncertainReason::SameAddressOtherUprn => UncertainReason::SameAddressOtherUprn,
        }
    }
}

/// A person or place the import could not match with confidence: a new profile was created and
/// the candidates are listed for a practitioner to check.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UncertainMatch {
    /// The row.
    pub line: i64,
    /// Which reference in the row, e.g. `caller` or `location`.
    pub field: String,
    /// Why.
    pub reason: UncertainReason,
    /// Existing profiles that might be the same.
    pub candidates: Vec<Subject>,
    /// The profile created instead.
    pub created: Subject,
}

impl From<i::UncertainMatch> for UncertainMatch {
    fn from(u: i::UncertainMatch) -> Self {
        UncertainMatch {
            line: wide(u.line),
            field: u.field,
            reason: u.reason.into(),
            candidates: all(u.candidates),
            created: u.created.into(),
        }
    }
}

/// What an import did.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ImportReport {
    /// Incidents recorded.
    pub imported: i64,
    /// Rows skipped because their external reference was already imported.
    pub duplicates_skipped: i64,
    /// Person profiles created.
    pub created_people: i64,
    /// People matched to an existing profile by identifier.
    pub matched_people_by_identifier: i64,
    /// People matched by normalised name and date of birth.
    pub matched_people_by_name_and_dob: i64,
    /// Location profiles created.
    pub created_locations: i64,
    /// Locations matched by UPRN.
    pub matched_locations_by_uprn: i64,
    /// Locations matched by normalised address.
    pub matched_locations_by_address: i64,
    /// Matches reported rather than made.
    pub uncertain_matches: Vec<UncertainMatch>,
}

impl From<i::ImportReport> for ImportReport {
    fn from(r: i::ImportReport) -> Self {
        ImportReport {
            imported: wide(r.imported),
            duplicates_skipped: wide(r.duplicates_skipped),
            created_people: wide(r.created_people),
            matched_people_by_identifier: wide(r.matched_people_by_identifier),
            matched_people_by_name_and_dob: wide(r.matched_people_by_name_and_dob),
            created_locations: wide(r.created_locations),
            matched_locations_by_uprn: wide(r.matched_locations_by_uprn),
            matched_locations_by_address: wide(r.matched_locations_by_address),
            uncertain_matches: all(r.uncertain_matches),
        }
    }
}

/// What an incident was about.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum IncidentCategory {
    /// ASB aimed at a person or group.
    AsbPersonal,
    /// ASB affecting a community.
    AsbNuisance,
    /// ASB damaging the environment.
    AsbEnvironmental,
    /// A hate incident or hate crime.
    Hate,
    /// Domestic abuse.
    DomesticAbuse,
    /// A crime, with the host's offence code.
    Crime {
        /// The offence code as the host system records it.
        offence_code: String,
    },
    /// Concern for someone's safety or welfare.
    ConcernForSafety,
    /// Anything else.
    Other,
}

impl From<safehub::IncidentCategory> for IncidentCategory {
    fn from(c: safehub::IncidentCategory) -> Self {
        use safehub::IncidentCategory as C;
        match c {
            C::AsbPersonal => IncidentCategory::AsbPersonal,
            C::AsbNuisance => IncidentCategory::AsbNuisance,
            C::AsbEnvironmental => IncidentCategory::AsbEnvironmental,
            C::Hate => IncidentCategory::Hate,
            C::DomesticAbuse => IncidentCategory::DomesticAbuse,
            C::Crime { offence_code } => IncidentCategory::Crime { offence_code },
            C::ConcernForSafety => IncidentCategory::ConcernForSafety,
            C::Other => IncidentCategory::Other,
        }
    }
}

/// A person involved in an incident, as the viewer may see them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum InvolvedView {
    /// A person the viewer may know of, in full or as a stub.
    Person {
        /// The role.
        role: IncidentRole,
        /// The person.
        person: PersonView,
    },
    /// A restricted person the viewer may not see: only that someone was involved in this role.
    Restricted {
        /// The role.
        role: IncidentRole,
    },
}

impl From<i::InvolvedView> for InvolvedView {
    fn from(v: i::InvolvedView) -> Self {
        match v {
            i::InvolvedView::Person { role, person } => InvolvedView::Person {
                role,
                person: person.into(),
            },
            i::InvolvedView::Restricted { role } => InvolvedView::Restricted { role },
        }
    }
}

/// An incident as a viewer may read it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct IncidentView {
    /// Its id.
    pub id: String,
    /// The host's reference.
    pub external_ref: String,
    /// The source agency.
    pub source: AgencyRef,
    /// When it happened.
    pub occurred_at: SystemTime,
    /// When it was reported.
    pub reported_at: SystemTime,
    /// What it was about.
    pub category: IncidentCategory,
    /// Where, as the viewer may see it.
    pub location: Option<LocationView>,
    /// Who was involved.
    pub people: Vec<InvolvedView>,
    /// What happened.
    pub summary: String,
}

impl From<i::IncidentView> for IncidentView {
    fn from(v: i::IncidentView) -> Self {
        IncidentView {
            id: v.id.to_string(),
            external_ref: v.external_ref,
            source: v.source,
            occurred_at: time(v.occurred_at),
            reported_at: time(v.reported_at),
            category: v.category.into(),
            location: v.location.map(Into::into),
            people: all(v.people),
            summary: v.summary,
        }
    }
}

/// Harm weights by incident category and offence code (illustrative defaults in the core).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct HarmWeights {
    /// Weight by category name, e.g. `domestic_abuse`.
    pub by_category: HashMap<String, f64>,
    /// Weight by offence code, for crimes; overrides the `crime` category weight.
    pub by_offence: HashMap<String, f64>,
    /// Weight of anything not listed.
    pub default_weight: f64,
}

impl From<HarmWeights> for i::HarmWeights {
    fn from(w: HarmWeights) -> Self {
        i::HarmWeights {
            by_category: w.by_category.into_iter().collect(),
            by_offence: w.by_offence.into_iter().collect(),
            default: w.default_weight,
        }
    }
}

/// What ranks a Top N list.
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum TopMeasure {
    /// How many incidents.
    Count,
    /// The sum of the incidents' harm weights.
    Harm {
        /// The weight table.
        weights: HarmWeights,
    },
}

/// A Top N question.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TopQuery {
    /// Which subjects.
    pub kind: TopKind,
    /// What ranks them.
    pub measure: TopMeasure,
    /// The window ends with the (UTC) day of this time, included.
    pub end: SystemTime,
    /// The window's length in whole days (1 to 3660).
    pub days: i64,
    /// How many rows (1 to 1000; the usual is 50).
    #[uniffi(default = 50)]
    pub limit: i64,
}

impl TryFrom<TopQuery> for safehub::TopQuery {
    type Error = SafehubError;
    fn try_from(q: TopQuery) -> Result<Self> {
        Ok(safehub::TopQuery {
            kind: q.kind,
            measure: match q.measure {
                TopMeasure::Count => safehub::TopMeasure::Count,
                TopMeasure::Harm { weights } => safehub::TopMeasure::Harm {
                    weights: weights.into(),
                },
            },
            end: utc("end", q.end)?,
            days: to_small("days", q.days)?,
            limit: to_usize("limit", q.limit)?,
        })
    }
}

/// How a row moved since the previous window of the same length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Movement {
    /// Not in the previous window's list.
    New,
    /// Up this many places.
    Up {
        /// Places.
        places: i64,
    },
    /// Down this many places.
    Down {
        /// Places.
        places: i64,
    },
    /// Same place.
    Same,
}

impl From<i::Movement> for Movement {
    fn from(m: i::Movement) -> Self {
        match m {
            i::Movement::New => Movement::New,
            i::Movement::Up { places } => Movement::Up {
                places: wide(places),
            },
            i::Movement::Down { places } => Movement::Down {
                places: wide(places),
            },
            i::Movement::Same => Movement::Same,
        }
    }
}

/// A subject in a Top N row: its name or label and whom to ask.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TopSubject {
    /// Which person or location.
    pub subject: Subject,
    /// The name or label.
    pub name: String,
    /// Whether the viewer may read the profile in full or only this stub.
    pub access: Access,
    /// The agencies it is known to.
    pub known_to: Vec<AgencyRef>,
}

impl From<i::TopSubject> for TopSubject {
    fn from(s: i::TopSubject) -> Self {
        TopSubject {
            subject: s.subject.into(),
            name: s.name,
            access: s.access,
            known_to: all(s.known_to),
        }
    }
}

/// One row of a Top N list.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TopRow {
    /// 1-based.
    pub rank: i64,
    /// Who or where.
    pub subject: TopSubject,
    /// Incidents in the window the viewer may read.
    pub count: i64,
    /// Their summed harm weight (equal to `count` when ranking by count).
    pub score: f64,
    /// The rank in the previous window's list, if it was in it.
    pub previous_rank: Option<i64>,
    /// The movement.
    pub movement: Movement,
}

impl From<i::TopRow> for TopRow {
    fn from(r: i::TopRow) -> Self {
        TopRow {
            rank: wide(r.rank),
            subject: r.subject.into(),
            count: wide(r.count),
            score: r.score,
            previous_rank: r.previous_rank.map(wide),
            movement: r.movement.into(),
        }
    }
}

/// A Top N list.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TopList {
    /// Which subjects.
    pub kind: TopKind,
    /// The window's start (midnight UTC, included). (`from` is a Python keyword.)
    pub window_from: SystemTime,
    /// The window's end (midnight UTC, excluded).
    pub window_to: SystemTime,
    /// The previous window's start; it ends at `window_from`.
    pub previous_from: SystemTime,
    /// The rows, best first.
    pub rows: Vec<TopRow>,
}

impl From<safehub::TopList> for TopList {
    fn from(l: safehub::TopList) -> Self {
        TopList {
            kind: l.kind,
            window_from: time(l.from),
            window_to: time(l.to),
            previous_from: time(l.previous_from),
            rows: all(l.rows),
        }
    }
}

/// Options of an import with an optional listener, as the core takes them.
fn options(progress_every: i64) -> Result<i::ImportOptions> {
    Ok(i::ImportOptions {
        progress_every: to_usize("progress_every", progress_every)?,
    })
}

/// Runs `import` with the listener as the core's progress closure. A listener that raises is
/// dropped for the rest of the call: the core's import is all or nothing and must not stop
/// half-way on a host's display error.
fn with_listener<T>(
    listener: Option<Box<dyn ImportProgressListener>>,
    import: impl FnOnce(Option<&mut dyn FnMut(safehub::ImportProgress)>) -> T,
) -> T {
    match listener {
        None => import(None),
        Some(l) => {
            let mut failed = false;
            let mut report = |p: safehub::ImportProgress| {
                if !failed && l.on_progress(p).is_err() {
                    failed = true;
                }
            };
            import(Some(&mut report))
        }
    }
}

#[uniffi::export]
impl Hub {
    /// Imports a batch of incident records as the actor's agency, all or nothing; on bad rows,
    /// `SafehubError.ImportRejected` lists them. Progress goes to `listener` every
    /// `progress_every` rows.
    pub fn import_incidents(
        &self,
        actor: String,
        rows: Vec<IncidentRow>,
        progress_every: i64,
        listener: Option<Box<dyn ImportProgressListener>>,
    ) -> Result<ImportReport> {
        let rows = rows
            .into_iter()
            .map(i::IncidentRow::try_from)
            .collect::<Result<Vec<_>>>()?;
        let (actor, options) = (id(&actor)?, options(progress_every)?);
        Ok(with_listener(listener, |p| {
            self.core.import_incidents(actor, rows, &options, p)
        })?
        .into())
    }

    /// Imports incidents from CSV text (columns in docs/incidents.md), all or nothing; errors
    /// name the file's line and the column.
    pub fn import_incidents_csv(
        &self,
        actor: String,
        csv: String,
        progress_every: i64,
        listener: Option<Box<dyn ImportProgressListener>>,
    ) -> Result<ImportReport> {
        let (actor, options) = (id(&actor)?, options(progress_every)?);
        Ok(with_listener(listener, |p| {
            self.core
                .import_incidents_csv(actor, csv.as_bytes(), &options, p)
        })?
        .into())
    }

    /// Imports incidents from a JSON array of incident rows (the core's serde shape), all or
    /// nothing; errors name the row's position and the field.
    pub fn import_incidents_json(
        &self,
        actor: String,
        json: String,
        progress_every: i64,
        listener: Option<Box<dyn ImportProgressListener>>,
    ) -> Result<ImportReport> {
        let (actor, options) = (id(&actor)?, options(progress_every)?);
        Ok(with_listener(listener, |p| {
            self.core
                .import_incidents_json(actor, json.as_bytes(), &options, p)
        })?
        .into())
    }

    /// One incident, if the viewer may read it (otherwise not found: an incident has no stub).
    pub fn incident(&self, viewer: Viewer, incident: String) -> Result<IncidentView> {
        Ok(self.core.incident(&viewer, id(&incident)?)?.into())
    }

    /// The incidents the viewer may read reported in `[since, until)`, oldest first, at most
    /// `limit`.
    pub fn incidents(
        &self,
        viewer: Viewer,
        since: SystemTime,
        until: SystemTime,
        limit: i64,
    ) -> Result<Vec<IncidentView>> {
        Ok(all(self.core.incidents(
            &viewer,
            utc("since", since)?,
            utc("until", until)?,
            to_usize("limit", limit)?,
        )?))
    }

    /// How many incidents reported in `[since, until)` the viewer may read.
    pub fn incident_count(
        &self,
        viewer: Viewer,
        since: SystemTime,
        until: SystemTime,
    ) -> Result<i64> {
        Ok(wide(self.core.incident_count(
            &viewer,
            utc("since", since)?,
            utc("until", until)?,
        )?))
    }

    /// A Top N list (usually the Top 50): only incidents the viewer may read in full count, and
    /// subjects the viewer may not know of are left out.
    pub fn top(&self, viewer: Viewer, query: TopQuery) -> Result<TopList> {
        let q = query.try_into()?;
        Ok(self.core.top(&viewer, &q)?.into())
    }
}
