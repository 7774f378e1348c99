//! The hub's methods for incidents: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::import::*;
use super::repeats::*;
use super::topn::*;
use super::*;
use crate::events::Event;
use crate::hub::Hub;
use crate::ids::IncidentId;
use crate::ids::PractitionerId;
use crate::validation::MAX_IMPORT_BYTES;
use crate::Error;
use crate::Result;
use crate::Viewer;
use chrono::DateTime;
use chrono::Utc;

impl Hub {
    /// Imports a batch of incidents as the actor's agency, all or nothing (see the module
    /// documentation of [`crate::incidents`]). Rows are numbered from 1 in errors.
    pub fn import_incidents(
        &self,
        actor: PractitionerId,
        rows: Vec<IncidentRow>,
        options: &ImportOptions,
        progress: Option<&mut dyn FnMut(ImportProgress)>,
    ) -> Result<ImportReport> {
        let numbered = (1u64..).zip(rows).collect();
        self.import_rows(
            actor,
            numbered,
            Vec::new(),
            Spelling::Json,
            options,
            progress,
        )
    }

    /// Imports incidents from CSV (columns in docs/incidents.md), streamed from `input`: errors
    /// name the file's line and the column. Reading stops at the first malformed record, and an
    /// input over [`MAX_IMPORT_BYTES`] or [`MAX_BATCH_ROWS`] rows is refused with
    /// [`Error::Invalid`] (`input` or `rows`) as soon as it passes the limit, so a huge stream is
    /// never read to its end.
    pub fn import_incidents_csv(
        &self,
        actor: PractitionerId,
        input: impl std::io::Read,
        options: &ImportOptions,
        progress: Option<&mut dyn FnMut(ImportProgress)>,
    ) -> Result<ImportReport> {
        let mut errors = Vec::new();
        let rows = read_csv(input, &mut errors)?;
        self.import_rows(actor, rows, errors, Spelling::Csv, options, progress)
    }

    /// Imports incidents from a JSON array of [`IncidentRow`] objects: errors name the row's
    /// 1-based position and the field. Over [`MAX_IMPORT_BYTES`] is refused before parsing.
    pub fn import_incidents_json(
        &self,
        actor: PractitionerId,
        json: &[u8],
        options: &ImportOptions,
        progress: Option<&mut dyn FnMut(ImportProgress)>,
    ) -> Result<ImportReport> {
        if u64::try_from(json.len()).unwrap_or(u64::MAX) > MAX_IMPORT_BYTES {
            return Err(too_large());
        }
        let mut errors = Vec::new();
        let rows = read_json(json, &mut errors);
        self.import_rows(actor, rows, errors, Spelling::Json, options, progress)
    }

    fn import_rows(
        &self,
        actor: PractitionerId,
        rows: Vec<(u64, IncidentRow)>,
        mut errors: Vec<RowError>,
        spelling: Spelling,
        options: &ImportOptions,
        mut progress: Option<&mut dyn FnMut(ImportProgress)>,
    ) -> Result<ImportReport> {
        let total = rows.len();
        if total > MAX_BATCH_ROWS {
            return Err(too_many_rows());
        }
        // Shared with the command, which reads the rows rather than copying them.
        let rows = std::sync::Arc::new(rows);
        let every = options.progress_every.max(1);
        let mut report = |phase, done| {
            if let Some(f) = progress.as_mut() {
                f(ImportProgress { phase, done, total });
            }
        };
        let new_id = || self.id();
        let check = |at: DateTime<Utc>,
                     calendar: crate::calendar::Calendar,
                     errors: &mut Vec<RowError>,
                     report: &mut dyn FnMut(ImportPhase, usize)| {
            validate(
                &rows,
                spelling,
                at,
                // The partnership's date: a baby born today, a PNC reference of this year.
                calendar.date(at),
                &new_id,
                errors,
                &mut |done| {
                    if done % every == 0 {
                        report(ImportPhase::Validating, done);
                    }
                },
            )
        };
        let calendar = self.calendar();
        let mut valid = Some(check(self.now(), calendar, &mut errors, &mut report));
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.line);
            errors.truncate(MAX_ROW_ERRORS);
            return Err(Error::ImportRejected { errors });
        }
        report(ImportPhase::Recording, 0);
        let (lock, imported) = self.execute_with(
            actor,
            |attempt| {
                // The first attempt takes what validating found. A second attempt (another
                // writer appended meanwhile, rare) finds it spent and validates the rows again,
                // as they passed once.
                let validated = match valid.take() {
                    Some(validated) => validated,
                    None => {
                        let mut errors = Vec::new();
                        let validated =
                            check(attempt.at, attempt.state.calendar, &mut errors, &mut report);
                        if !errors.is_empty() {
                            return Err(Error::ImportRejected { errors });
                        }
                        validated
                    }
                };
                Ok(crate::commands::Command::ImportIncidents(ValidBatch::new(
                    std::sync::Arc::clone(&rows),
                    validated,
                )))
            },
            |events| {
                events.iter().find_map(|e| match e {
                    Event::IncidentsImported { batch } => Some(batch.report.clone()),
                    _ => None,
                })
            },
        )?;
        drop(lock);
        report(ImportPhase::Done, total);
        Ok(imported.unwrap_or_default())
    }
}

impl Hub {
    /// People and places meeting the repeat rules at `at`, counting only incidents the viewer
    /// may read and leaving out anyone the viewer may not know of. Most incidents first.
    pub fn repeats(
        &self,
        viewer: &Viewer,
        at: DateTime<Utc>,
        config: &RepeatConfig,
    ) -> Result<Vec<RepeatHit>> {
        self.read(viewer, |b| Ok(repeat_hits(b, at, config, Among::Everyone)))
    }

    /// People (as victim or caller) and places whose ASB complaints meet the case review
    /// threshold at `at`, counting only incidents the viewer may read.
    pub fn case_review_thresholds(
        &self,
        viewer: &Viewer,
        at: DateTime<Utc>,
        config: &CaseReviewConfig,
    ) -> Result<Vec<CaseReviewHit>> {
        check_case_review(config)?;
        self.read(viewer, |b| {
            Ok(case_review_hits(b, at, config, Among::Everyone))
        })
    }
}

impl Hub {
    /// A Top N list (usually the Top 50) for the viewer: only incidents the viewer may read in
    /// full are counted, and subjects the viewer may not know of are left out.
    pub fn top(&self, viewer: &Viewer, query: &TopQuery) -> Result<TopList> {
        self.read(viewer, |b| top_list(b, query))
    }
}

impl Hub {
    /// One incident, if the viewer may read it (otherwise not found: an incident has no stub).
    pub fn incident(&self, viewer: &Viewer, id: IncidentId) -> Result<IncidentView> {
        self.read(viewer, |b| {
            let incident = (b.engine.state.incidents)
                .find(id)
                .ok_or(Error::not_found("incident"))?;
            incident_view(b, incident).ok_or(Error::not_found("incident"))
        })
    }

    /// The incidents the viewer may read that were reported in `[from, to)`, oldest first, at
    /// most `limit`.
    pub fn incidents(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<IncidentView>> {
        self.read(viewer, |b| Ok(reported(b, from, to, limit)))
    }

    /// How many incidents reported in `[from, to)` the viewer may read. A count of content the
    /// viewer may read, so it tells them nothing a list would not.
    pub fn incident_count(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<usize> {
        self.read(viewer, |b| Ok(reported_count(b, from, to)))
    }
}
