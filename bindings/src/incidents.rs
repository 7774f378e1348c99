//! Incidents through the bindings: the all-or-nothing batch import (records, CSV or JSON) with a
//! progress listener, incident reads and counts, and the Top N list. The records are the core's,
//! but for the import's rows: the core takes a person's identifiers as tuples, which UniFFI
//! cannot carry, so `PersonRef` (and the `InvolvedRef` and `IncidentRow` holding it) are
//! mirrored here with identifiers as `Identifier` records.

use crate::error::Result;
use crate::hub::{forward, Hub};
use safehub::ffi::{ImportProgressListener, IsoDate, Timestamp};
use safehub::incidents as i;
pub use safehub::incidents::{
    ImportPhase, ImportProgress, IncidentView, InvolvedView, LocationRef, Movement, TopRow,
    TopSubject, UncertainMatch, UncertainReason,
};
pub use safehub::{
    HarmWeights, ImportReport, IncidentCategory, RowError, TopList, TopMeasure, TopQuery,
};
use safehub::{Identifier, IncidentId, IncidentRole, PractitionerId, Viewer};

/// A person as an imported row names them.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PersonRef {
    /// Their name.
    pub name: String,
    /// Date of birth, ISO `YYYY-MM-DD`, if known.
    #[uniffi(default = None)]
    pub date_of_birth: Option<IsoDate>,
    /// Identifiers as raw strings, validated on import.
    #[uniffi(default = [])]
    pub identifiers: Vec<Identifier>,
}

impl From<PersonRef> for i::PersonRef {
    fn from(p: PersonRef) -> Self {
        let identifiers = p
            .identifiers
            .iter()
            .map(|i| (i.kind(), i.value().to_owned()));
        let (name, date_of_birth) = (p.name, p.date_of_birth);
        i::PersonRef {
            name,
            date_of_birth,
            identifiers: identifiers.collect(),
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
    pub occurred_at: Timestamp,
    /// When it was reported (default: when it happened).
    #[uniffi(default = None)]
    pub reported_at: Option<Timestamp>,
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

impl From<IncidentRow> for i::IncidentRow {
    fn from(r: IncidentRow) -> Self {
        let people = r.people.into_iter().map(|p| i::InvolvedRef {
            role: p.role,
            person: p.person.into(),
        });
        i::IncidentRow {
            external_ref: r.external_ref,
            occurred_at: r.occurred_at,
            reported_at: r.reported_at,
            category: r.category,
            offence_code: r.offence_code,
            summary: r.summary,
            location: r.location,
            caller: r.caller.map(Into::into),
            people: people.collect(),
        }
    }
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

/// Import options: a progress report every `progress_every` rows.
fn every(progress_every: usize) -> safehub::ImportOptions {
    safehub::ImportOptions { progress_every }
}

forward! {
    core =>
    /// Imports a batch of incident records as the actor's agency, all or nothing; on bad rows,
    /// `SafehubError.ImportRejected` lists them. Progress goes to `listener` every
    /// `progress_every` rows.
    fn import_incidents(actor: PractitionerId, rows: Vec<IncidentRow>, progress_every: usize,
        listener: Option<Box<dyn ImportProgressListener>>) -> Result<ImportReport> = {
        let rows = rows.into_iter().map(Into::into).collect();
        Ok(with_listener(listener, |p| core.import_incidents(actor, rows, &every(progress_every), p))?)
    };
    /// Imports incidents from CSV text (columns in docs/incidents.md), all or nothing; errors
    /// name the file's line and the column.
    fn import_incidents_csv(actor: PractitionerId, csv: String, progress_every: usize,
        listener: Option<Box<dyn ImportProgressListener>>) -> Result<ImportReport> =
        Ok(with_listener(listener, |p| {
            core.import_incidents_csv(actor, csv.as_bytes(), &every(progress_every), p)
        })?);
    /// Imports incidents from a JSON array of incident rows (the core's serde shape), all or
    /// nothing; errors name the row's position and the field.
    fn import_incidents_json(actor: PractitionerId, json: String, progress_every: usize,
        listener: Option<Box<dyn ImportProgressListener>>) -> Result<ImportReport> =
        Ok(with_listener(listener, |p| {
            core.import_incidents_json(actor, json.as_bytes(), &every(progress_every), p)
        })?);
    /// One incident, if the viewer may read it (otherwise not found: an incident has no stub).
    fn incident(viewer: Viewer, incident: IncidentId) -> Result<IncidentView> =
        Ok(core.incident(&viewer, incident)?);
    /// The incidents the viewer may read reported in `[since, until)`, oldest first, at most
    /// `limit`.
    fn incidents(viewer: Viewer, since: Timestamp, until: Timestamp, limit: usize)
        -> Result<Vec<IncidentView>> = Ok(core.incidents(&viewer, since, until, limit)?);
    /// How many incidents reported in `[since, until)` the viewer may read.
    fn incident_count(viewer: Viewer, since: Timestamp, until: Timestamp) -> Result<usize> =
        Ok(core.incident_count(&viewer, since, until)?);
    /// A Top N list (usually the Top 50): only incidents the viewer may read in full count, and
    /// subjects the viewer may not know of are left out.
    fn top(viewer: Viewer, query: TopQuery) -> Result<TopList> = Ok(core.top(&viewer, &query)?);
}
