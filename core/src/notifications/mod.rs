//! The per-viewer notification feed: what changed that concerns a practitioner, for a host to
//! show without a second check, pulled a page at a time ([`Hub::notifications`](crate::Hub::notifications)) or pushed to a
//! listener ([`Hub::subscribe`](crate::Hub::subscribe)).
//!
//! This module owns the notification types, the rule of which journal events notify whom, and
//! the subscription thread. A practitioner is notified of: a task set for them or their agency's
//! pool (or reassigned to them); an answer to a task they set; a referral to their agency; a new
//! entry on a case whose team they are on; a risk assessment recorded (or overridden upwards) on
//! a person linked to such a case; new incidents involving a person or place linked to such a
//! case. Never of what they did themselves.
//!
//! # References, not content
//!
//! A notification carries what happened (its kind), when, the acting agency, and the ids of the
//! records concerned: never their content (no titles, no text, no names). The host opens them
//! through the ordinary reads (`case`, `task`, `referral`, `assessment`, `incident`), which
//! apply the sharing rules and record the consultation of other agencies' content as every read
//! does. We chose references because a notification that carried content would have to record a
//! consultation for each batch, and a push subscription that wrote a consultation would wake
//! itself (a consultation is a journal event) and fill the log with reads nobody made; and
//! because a practitioner's screen needs the full view anyway.
//!
//! # The same rules as every read
//!
//! Each event is judged on the state now, at the viewer's current rights, by the same decisions
//! the views use. An item appears only where the viewer's reads would show the record in full
//! or as a stub: an entry they may see only as a stub notifies (its case view shows the stub);
//! one withheld from them (sensitive, private to another agency, on a case they may not see)
//! does not, nor does anything about a restricted person or place, or an incident they may not
//! read. A case they see only as a stub lists neither entries nor subjects, so it notifies of
//! neither. An answer they may not know of is left out of a task's item, as the task view
//! leaves it out. (`tests/sharing_canaries.rs` opens every record every notification names
//! through the viewer's own reads.)
//!
//! # The cursor
//!
//! A notification's id is the id of the journal event that made it. `after` is the id of the
//! last notification the host has seen (`None`: from the start of the journal), and a page's
//! `next` is the id of its last item (or `after` again when there is none). We do not use the
//! journal's seq: it counts every event, withheld ones included, so a cursor or an item holding
//! it would tell the viewer how much happened that they may not see. An id is random and names
//! nothing else. A cursor the viewer would not be notified of now (never theirs, or no longer
//! theirs since their rights changed) is refused as not found, exactly like an id that never
//! existed; a host that meets that starts again from `None` (or subscribes, which needs no
//! cursor). Paging reads the journal from the cursor's event, so a page costs the events after
//! it, not the whole journal.

mod api;

pub use api::{NotificationListener, NotificationWatch, Subscription, MAX_PAGE};

use crate::error::Result;
use crate::events::{codec, Event};
use crate::ids::{AssessmentId, CaseId, EntryId, IncidentId, PersonId, ReferralId, TaskId};
use crate::ids::{LocationId, NotificationId};
use crate::journal::StoredEvent;
use crate::sharing::{Access, Engine};
use crate::views::{AgencyRef, ViewBuilder};
use crate::Subject;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// One thing that changed for the viewer (see the module documentation: references only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Notification {
    /// Its id: the id of the journal event that made it, and the cursor to page after it.
    pub id: NotificationId,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The agency that acted.
    pub agency: AgencyRef,
    /// What happened, and the records concerned.
    pub kind: NotificationKind,
}

/// What a notification is about. Each names the records the host opens to show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum NotificationKind {
    /// A task was set for (or reassigned to) the viewer or their agency's pool.
    TaskSet {
        /// The task.
        task: TaskId,
        /// Its case.
        case: CaseId,
    },
    /// A task the viewer set was answered.
    TaskAnswered {
        /// The task.
        task: TaskId,
        /// Its case.
        case: CaseId,
        /// The answer, if the viewer may know of it (in full or as a stub).
        answer: Option<EntryId>,
    },
    /// The viewer's agency received a referral.
    ReferralReceived {
        /// The referral.
        referral: ReferralId,
    },
    /// An entry was written on a case the viewer is on.
    EntryAdded {
        /// The case.
        case: CaseId,
        /// The entry (in full or as a stub, as the case view shows it).
        entry: EntryId,
    },
    /// A risk assessment was recorded, or its level raised, for a person on a case the viewer
    /// is on.
    RiskRaised {
        /// The assessment.
        assessment: AssessmentId,
        /// The case it was made on.
        case: CaseId,
        /// The person assessed.
        person: PersonId,
    },
    /// Incidents were recorded involving people or places on cases the viewer is on.
    IncidentsRecorded {
        /// The incidents the viewer may read, in the import's order.
        incidents: Vec<IncidentId>,
    },
}

/// A page of [`Hub::notifications`](crate::Hub::notifications).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NotificationPage {
    /// The notifications, oldest first.
    pub items: Vec<Notification>,
    /// The cursor for the next page: the last item's id, or the `after` asked for when there
    /// is none.
    pub next: Option<NotificationId>,
}

/// The kinds of journal event that may notify anyone: the rest are not decoded.
const NOTIFYING: [&str; 8] = [
    "task_set",
    "task_reassigned",
    "task_answered",
    "referral_made",
    "entry_added",
    "assessment_recorded",
    "assessment_overridden",
    "incidents_imported",
];

/// The viewer's side of the feed: their engine now, and the people and places on the cases
/// they are on (worked out once per read).
pub(crate) struct Feed<'e, 's> {
    engine: &'e Engine<'s>,
    people: BTreeSet<PersonId>,
    places: BTreeSet<LocationId>,
}

impl<'e, 's> Feed<'e, 's> {
    /// The feed of the viewer of `engine`.
    pub(crate) fn new(engine: &'e Engine<'s>) -> Self {
        let mut people = BTreeSet::new();
        let mut places = BTreeSet::new();
        for case in engine.state.cases.values() {
            // A case seen only as a stub shows neither its subjects nor its entries.
            if !engine.on_team(case) || engine.case(case).access != Access::Full {
                continue;
            }
            for linked in &case.subjects {
                match linked.subject {
                    Subject::Person(p) => {
                        people.insert(p);
                    }
                    Subject::Location(l) => {
                        places.insert(l);
                    }
                    Subject::Group(_) => {}
                }
            }
        }
        Feed {
            engine,
            people,
            places,
        }
    }

    /// The notification `stored` gives the viewer now, if any.
    pub(crate) fn notification(&self, stored: &StoredEvent) -> Result<Option<Notification>> {
        let engine = self.engine;
        let state = engine.state;
        let me = engine.viewer;
        if !NOTIFYING.contains(&stored.kind.as_str()) || stored.actor == me.id.0 {
            return Ok(None);
        }
        let Some(actor) = state
            .practitioners
            .get(&crate::PractitionerId(stored.actor))
        else {
            return Ok(None);
        };
        let kind = match codec::decode(stored)? {
            Event::TaskSet { task } => self.task_set(task.id, task.practitioner, task.agency),
            Event::TaskReassigned {
                task,
                practitioner,
                agency,
                ..
            } => self.task_set(task, practitioner, agency),
            Event::TaskAnswered { task, entry, .. } => self.task_answered(task, entry),
            Event::ReferralMade { referral } => state
                .referrals
                .by_id
                .get(&referral.id)
                .filter(|r| r.to_agency == me.agency)
                .filter(|r| visible(crate::referrals::view::decision(engine, r).access))
                .map(|r| NotificationKind::ReferralReceived { referral: r.id }),
            Event::EntryAdded { entry } => self.entry_added(entry.id),
            Event::AssessmentRecorded { assessment } => self.risk(assessment.id),
            Event::AssessmentOverridden {
                assessment, change, ..
            } if change.to > change.from => self.risk(assessment),
            Event::IncidentsImported { batch } => {
                self.incidents(batch.incidents.iter().map(|i| i.id))
            }
            _ => None,
        };
        Ok(kind.map(|kind| Notification {
            id: NotificationId(stored.id),
            at: stored.at,
            // The directory's entry, as every view names an agency.
            agency: ViewBuilder::new(engine).agency(actor.agency),
            kind,
        }))
    }

    fn task_set(
        &self,
        task: TaskId,
        practitioner: Option<crate::PractitionerId>,
        agency: crate::AgencyId,
    ) -> Option<NotificationKind> {
        let me = self.engine.viewer;
        let for_me = match practitioner {
            Some(p) => p == me.id,
            None => agency == me.agency && me.role.can_work_cases(),
        };
        let t = self
            .engine
            .state
            .tasks
            .by_id
            .get(&task)
            .filter(|_| for_me)?;
        visible(crate::tasks::view::decision(self.engine, t).access).then_some(
            NotificationKind::TaskSet {
                task: t.id,
                case: t.case,
            },
        )
    }

    fn task_answered(&self, task: TaskId, entry: EntryId) -> Option<NotificationKind> {
        let engine = self.engine;
        let t = engine.state.tasks.by_id.get(&task)?;
        if t.set_by != engine.viewer.id || !visible(crate::tasks::view::decision(engine, t).access)
        {
            return None;
        }
        let answer = engine
            .state
            .entries
            .get(&entry)
            .filter(|e| visible(engine.entry(e).access))
            .map(|e| e.id);
        Some(NotificationKind::TaskAnswered {
            task: t.id,
            case: t.case,
            answer,
        })
    }

    fn entry_added(&self, entry: EntryId) -> Option<NotificationKind> {
        let engine = self.engine;
        let e = engine.state.entries.get(&entry)?;
        let case = engine.state.cases.get(&e.case)?;
        let shown = engine.on_team(case)
            && engine.case(case).access == Access::Full
            && visible(engine.entry(e).access);
        shown.then_some(NotificationKind::EntryAdded {
            case: e.case,
            entry: e.id,
        })
    }

    fn risk(&self, assessment: AssessmentId) -> Option<NotificationKind> {
        let engine = self.engine;
        let state = engine.state;
        let a = state.risk.assessments.get(&assessment)?;
        let person = state.persons.get(&a.subject)?;
        let shown = self.people.contains(&a.subject)
            && visible(engine.person(person).access)
            && visible(crate::risk::decision(engine, a).access);
        shown.then_some(NotificationKind::RiskRaised {
            assessment: a.id,
            case: a.case,
            person: a.subject,
        })
    }

    fn incidents(&self, ids: impl Iterator<Item = IncidentId>) -> Option<NotificationKind> {
        let engine = self.engine;
        let state = engine.state;
        let known_person = |p: &PersonId| {
            self.people.contains(p)
                && state
                    .persons
                    .get(p)
                    .is_some_and(|p| visible(engine.person(p).access))
        };
        let known_place = |l: &LocationId| {
            self.places.contains(l)
                && state
                    .locations
                    .get(l)
                    .is_some_and(|l| visible(engine.location(l).access))
        };
        let incidents: Vec<IncidentId> = ids
            .filter_map(|id| state.incidents.find(id))
            .filter(|i| crate::incidents::readable(engine, i))
            .filter(|i| {
                i.people.iter().any(|p| known_person(&p.person))
                    || i.location.as_ref().is_some_and(known_place)
            })
            .map(|i| i.id)
            .collect();
        (!incidents.is_empty()).then_some(NotificationKind::IncidentsRecorded { incidents })
    }
}

/// Whether a decision lets the viewer know the record exists (in full or as a stub).
fn visible(access: Access) -> bool {
    access != Access::Nothing
}
