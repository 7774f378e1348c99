//! The merge reads: a person's profiles as one, and the merges awaiting an agency's agreement.

use crate::error::{Error, Result};
use crate::ids::PersonId;
use crate::sharing::{Access, Engine};
use crate::views::{AgencyRef, PersonView, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A merge one owning agency agreed to and the other has not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MergeRequest {
    /// The profile the other would be merged into, as the viewer may see it.
    pub survivor: PersonView,
    /// The profile that would be merged into it, as the viewer may see it.
    pub absorbed: PersonView,
    /// The agency that agreed.
    pub agreed_by: AgencyRef,
    /// Its practitioner who agreed.
    pub by: Option<PractitionerRef>,
    /// When.
    pub at: DateTime<Utc>,
    /// Why they are one person, in that practitioner's words.
    pub reason: String,
}

/// The profiles of the person `person` is a profile of, survivor first, each as the viewer may
/// see it (see the module's rules); `NotFound` where `person` itself is withheld or unknown.
pub(crate) fn merged_profiles(
    b: &mut ViewBuilder<'_, '_>,
    person: PersonId,
) -> Result<Vec<PersonView>> {
    let state = b.engine.state;
    let asked = state.persons.get(&person).and_then(|p| b.person(p));
    if asked.is_none() {
        return Err(Error::not_found("person"));
    }
    Ok(state
        .merges
        .profiles(person)
        .into_iter()
        .filter_map(|id| state.persons.get(&id).and_then(|p| b.person(p)))
        .collect())
}

/// Of a merged person's profiles `group` (survivor first), the ones the viewer may know of: what
/// a Top N row, a repeat or a case review counts for them. (Merged profiles are never
/// restricted, so that is every one; checked all the same.)
pub(crate) fn known_profiles(engine: &Engine<'_>, group: Vec<PersonId>) -> Vec<Uuid> {
    group
        .into_iter()
        .filter(|p| {
            engine
                .state
                .persons
                .get(p)
                .is_some_and(|p| engine.person(p).access != Access::Nothing)
        })
        .map(|p| p.0)
        .collect()
}

/// The merges awaiting agreement that concern the viewer's agency (it recorded one of the two
/// profiles), oldest first.
pub(crate) fn merge_requests(b: &mut ViewBuilder<'_, '_>) -> Vec<MergeRequest> {
    let state = b.engine.state;
    let agency = b.engine.agency();
    state
        .merges
        .pending
        .iter()
        .filter_map(|a| {
            let survivor = state.persons.get(&a.survivor)?;
            let absorbed = state.persons.get(&a.absorbed)?;
            if survivor.recorded_by != agency && absorbed.recorded_by != agency {
                return None;
            }
            Some(MergeRequest {
                survivor: b.person(survivor)?,
                absorbed: b.person(absorbed)?,
                agreed_by: b.agency(a.agency),
                by: b.practitioner(a.by),
                at: a.at,
                reason: a.reason.clone(),
            })
        })
        .collect()
}
