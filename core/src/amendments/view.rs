//! A record's history as a viewer may see it.

use super::commands::kind_name;
use super::model::Change;
use crate::audit::ContentKind;
use crate::cases::Subject;
use crate::error::{Error, Result};
use crate::ids::AgencyId;
use crate::people::Person;
use crate::sharing::{Access, Engine};
use crate::views::{AgencyRef, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Whether a change may be shown to a viewer who reads the record in full, by the rule its
/// value has on the record's own view: a flag of a finer category (health) needs an agreement
/// covering it, and a group member is named only to a viewer who may know of that person (a
/// restricted profile is left out of the group's members, so out of its history too). A change
/// to an agency's fact is shown where the fact is read in full ([`Engine::fact`]): its agency,
/// or a partner its sharing and an agreement reach.
fn shown(engine: &Engine<'_>, owner: AgencyId, person: Option<&Person>, change: &Change) -> bool {
    if let Some(fact) = change.fact() {
        return person.is_some_and(|p| engine.fact(p, fact).access == Access::Full);
    }
    match change {
        Change::FlagAdded { flag } | Change::FlagWithdrawn { flag } => {
            engine.detail(owner, flag.category()).access == Access::Full
        }
        Change::MemberAdded { person } | Change::MemberWithdrawn { person } => engine
            .state
            .persons
            .get(person)
            .is_some_and(|p| engine.person(p).access != Access::Nothing),
        _ => true,
    }
}

/// An amendment as a viewer who reads the record in full sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AmendmentView {
    /// When.
    pub at: DateTime<Utc>,
    /// The agency whose record it is.
    pub agency: AgencyRef,
    /// Who changed it.
    pub by: Option<PractitionerRef>,
    /// Why, in the practitioner's words; `None` where part of the amendment is withheld from
    /// the viewer, since the reason may speak of that part.
    pub reason: Option<String>,
    /// What changed, each with what it replaced, as far as the viewer may see: a health flag
    /// without an agreement covering health data, or a group member the viewer may not know
    /// of, is left out.
    pub changes: Vec<Change>,
}

/// A record's amendments, oldest first, as the viewer may see them: where the viewer reads the
/// record's details in full (noted as a disclosure of the record), each amendment with a change
/// they may see; none where only its stub shows; `NotFound` where the record is withheld or
/// unknown. An amendment all of whose changes are withheld is left out, as if never made.
pub(crate) fn history(b: &mut ViewBuilder<'_, '_>, record: Subject) -> Result<Vec<AmendmentView>> {
    let engine = b.engine;
    let (d, owner) = match record {
        Subject::Person(id) => engine
            .state
            .persons
            .get(&id)
            .map(|p| (engine.person(p), p.recorded_by)),
        Subject::Location(id) => engine
            .state
            .locations
            .get(&id)
            .map(|l| (engine.location(l), l.recorded_by)),
        Subject::Group(id) => engine
            .state
            .groups
            .get(&id)
            .map(|g| (engine.group(g), g.recorded_by)),
    }
    .filter(|(d, _)| d.access != Access::Nothing)
    .ok_or(Error::not_found(kind_name(record)))?;
    if d.access != Access::Full {
        return Ok(Vec::new());
    }
    let (kind, id) = match record {
        Subject::Person(id) => (ContentKind::Person, id.0),
        Subject::Location(id) => (ContentKind::Location, id.0),
        Subject::Group(id) => (ContentKind::Group, id.0),
    };
    let person = match record {
        Subject::Person(id) => engine.state.persons.get(&id),
        _ => None,
    };
    let views: Vec<AmendmentView> = engine
        .state
        .amendments
        .iter()
        .filter(|a| a.record == record)
        .filter_map(|a| {
            let changes: Vec<Change> = a
                .changes
                .iter()
                .filter(|c| shown(engine, owner, person, c))
                .cloned()
                .collect();
            // A fact of another agency read here is a disclosure of that agency's details.
            for fact in changes.iter().filter_map(Change::fact) {
                if let Some(p) = person {
                    b.disclosures
                        .note(&engine.fact(p, fact), kind, id, fact.agency);
                }
            }
            let whole = changes.len() == a.changes.len();
            (!changes.is_empty()).then(|| AmendmentView {
                at: a.at,
                agency: b.agency(a.agency),
                by: b.practitioner(a.by),
                reason: whole.then(|| a.reason.clone()),
                changes,
            })
        })
        .collect();
    if !views.is_empty() {
        b.disclosures.note(&d, kind, id, owner);
    }
    Ok(views)
}
