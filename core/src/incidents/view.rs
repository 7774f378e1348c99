//! Incidents as a viewer reads them: the sharing engine's descriptor of an incident, whether the
//! viewer reads it, and its view with the people and place it names (each through the views'
//! own rules), alone, in a list or as linked to a case. Beside the incident book rather than in
//! it, so that the book (a projection) needs nothing of the sharing engine. The view's shape
//! ([`IncidentView`]) is declared with the other views, so that a case's view can hold it.

use super::model::{Incident, IncidentCategory};
use crate::cases::Case;
use crate::ids::AgencyId;
use crate::sharing::{Access, Content, Engine};
use crate::views::ViewBuilder;
/// The incident's views, declared with the others (a case's view holds them) and named here,
/// where they are built.
pub use crate::views::{IncidentView, InvolvedView};
use chrono::{DateTime, Utc};

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
        item: None,
    }
}

/// Whether the viewer may read an incident in full (there is no stub of an incident: it sits on
/// no case).
pub(crate) fn readable(engine: &Engine<'_>, incident: &Incident) -> bool {
    engine.content(&incident.content()).access == Access::Full
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

/// The incidents linked to a case that the viewer reads in full, oldest first (by when they
/// happened), each noted as a disclosure. An incident the viewer may not read is left out
/// entirely, not counted: a link must not tell of an incident its reader could not look up.
pub(crate) fn linked_to(b: &mut ViewBuilder<'_, '_>, case: &Case) -> Vec<IncidentView> {
    let book = &b.engine.state.incidents;
    let mut linked: Vec<_> = case
        .incidents
        .iter()
        .filter_map(|&i| book.find(i))
        .collect();
    linked.sort_by_key(|i| (i.occurred_at, i.id));
    linked
        .into_iter()
        .filter_map(|i| incident_view(b, i))
        .collect()
}
