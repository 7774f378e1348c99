//! Incidents as a viewer reads them: the sharing engine's descriptor of an incident, whether the
//! viewer reads it, and its view with the people and place it names (each through the views'
//! own rules). Beside the incident book rather than in it, so that the book (a projection) needs
//! nothing of the sharing engine.

use super::model::{Incident, IncidentCategory, IncidentRole};
use crate::ids::{AgencyId, IncidentId};
use crate::sharing::{Access, Content, Engine};
use crate::views::{LocationView, PersonView, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl Incident {
    /// The sharing engine's view of the incident: partnership-wide content of its source agency,
    /// in its information category, on no case.
    pub(crate) fn content(&self) -> Content<'static> {
        content_of(self.source, &self.category)
    }
}

/// The content descriptor of any incident of `category` from `source`: every incident of the
/// same agency and category gets the same decision, which Top N relies on.
pub(crate) fn content_of(source: AgencyId, category: &IncidentCategory) -> Content<'static> {
    crate::sharing::Content {
        owner: source,
        author: None,
        category: category.information_category(),
        visibility: crate::entries::Visibility::Partnership,
        case: None,
        sensitive: false,
    }
}

/// Whether the viewer may read an incident in full (there is no stub of an incident: it sits on
/// no case).
pub(crate) fn readable(engine: &Engine<'_>, incident: &Incident) -> bool {
    engine.content(&incident.content()).access == Access::Full
}

/// A person involved in an incident, as the viewer may see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
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

/// An incident as a viewer may read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct IncidentView {
    /// Its id.
    pub id: IncidentId,
    /// The host's reference.
    pub external_ref: String,
    /// The source agency.
    pub source: crate::views::AgencyRef,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was reported.
    pub reported_at: DateTime<Utc>,
    /// What it was about.
    pub category: IncidentCategory,
    /// Where, as the viewer may see it (`None` if no location or a restricted one).
    pub location: Option<LocationView>,
    /// Who was involved.
    pub people: Vec<InvolvedView>,
    /// What happened.
    pub summary: String,
}

/// The view of an incident the viewer may read in full, noting the disclosure; `None` otherwise.
pub(crate) fn incident_view(
    b: &mut ViewBuilder<'_, '_>,
    incident: &Incident,
) -> Option<IncidentView> {
    let d = b.engine.content(&incident.content());
    if d.access != Access::Full {
        return None;
    }
    b.disclosures.note(
        &d,
        crate::audit::ContentKind::Incident,
        incident.id.0,
        incident.source,
    );
    let state = b.engine.state;
    let location = incident
        .location
        .and_then(|l| state.locations.get(&l))
        .and_then(|l| b.location(l));
    let people = incident
        .people
        .iter()
        .map(
            |i| match state.persons.get(&i.person).and_then(|p| b.person(p)) {
                Some(person) => InvolvedView::Person {
                    role: i.role,
                    person,
                },
                None => InvolvedView::Restricted { role: i.role },
            },
        )
        .collect();
    Some(IncidentView {
        id: incident.id,
        external_ref: incident.external_ref.clone(),
        source: b.agency(incident.source),
        occurred_at: incident.occurred_at,
        reported_at: incident.reported_at,
        category: incident.category.clone(),
        location,
        people,
        summary: incident.summary.clone(),
    })
}

/// [`Hub::incidents`](crate::Hub::incidents), within a read.
pub(crate) fn reported(
    b: &mut ViewBuilder<'_, '_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: usize,
) -> Vec<IncidentView> {
    let hits: Vec<&Incident> = b
        .engine
        .state
        .incidents
        .reported(from, to)
        .filter(|i| readable(b.engine, i))
        .take(limit)
        .collect();
    hits.into_iter()
        .filter_map(|i| incident_view(b, i))
        .collect()
}

/// [`Hub::incident_count`](crate::Hub::incident_count), within a read.
pub(crate) fn reported_count(
    b: &ViewBuilder<'_, '_>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> usize {
    b.engine
        .state
        .incidents
        .reported(from, to)
        .filter(|i| readable(b.engine, i))
        .count()
}
