//! What reads return: views that already obey the sharing rules.
//!
//! Every public read builds its answer here, through the [`Engine`](crate::sharing), so no view
//! can be built from raw state without a decision. A withheld entry becomes an [`EntryView::Stub`]
//! or disappears; a person without case access becomes a [`PersonView::Stub`] with the name and
//! the agencies the person is known to. Every full view of another agency's content is written
//! down in a list of disclosures, which the hub turns into the consultation log.

use crate::audit::{ConsultedItem, ContentKind};
use crate::cases::{
    Case, CaseClosure, CaseLinkKind, CaseStatus, CaseType, Reopening, Subject, SubjectRole,
};
use crate::entries::{Entry, EntryKind, InformationCategory, Visibility};
use crate::groups::{Group, GroupKind};
use crate::identifiers::{Identifier, Postcode, Uprn};
use crate::ids::{
    AgencyId, CaseId, EntryId, FactId, GroupId, IncidentId, LocationId, PersonId, PractitionerId,
};
use crate::incidents::{IncidentCategory, IncidentRole};
use crate::locations::{Coordinates, Location};
use crate::partnership::AgencyKind;
use crate::people::{FactSharing, FactValue, Person, VulnerabilityFlag};
use crate::reasons::Reason;
use crate::sharing::{Access, Content, Decision, Engine};
use crate::text::SharedText;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use std::collections::BTreeSet;
use uuid::Uuid;

/// An agency as shown on screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgencyRef {
    /// Its id.
    pub id: AgencyId,
    /// Its name.
    pub name: SharedText,
    /// Its kind.
    pub kind: AgencyKind,
}

/// A practitioner as shown on screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PractitionerRef {
    /// Their id.
    pub id: PractitionerId,
    /// Their name.
    pub name: SharedText,
}

/// An entry as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EntryView {
    /// The whole entry.
    Full(EntryDetail),
    /// That the agency worked on the case, when, and what kind of entry: not what it says.
    Stub(EntryStub),
}

/// A whole entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EntryDetail {
    /// Its id.
    pub id: EntryId,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// What sort of entry.
    pub kind: EntryKind,
    /// Its information category.
    pub category: InformationCategory,
    /// Its visibility.
    pub visibility: Visibility,
    /// Whether it is sensitive.
    pub sensitive: bool,
    /// The owning agency.
    pub agency: AgencyRef,
    /// Who wrote it.
    pub author: PractitionerRef,
    /// The content.
    pub text: SharedText,
}

/// The visible trace of an entry the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct EntryStub {
    /// Its id, so the viewer can ask for it.
    pub id: EntryId,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// What sort of entry.
    pub kind: EntryKind,
    /// The agency that wrote it.
    pub agency: AgencyRef,
    /// Who wrote it, unless the author chose to show only the agency.
    pub author: Option<PractitionerRef>,
}

/// A person as a viewer sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PersonView {
    /// Every detail the viewer may read.
    Full(PersonDetail),
    /// The name and whom to ask.
    Stub(ProfileStub<PersonId>),
}

/// A person's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PersonDetail {
    /// Their id.
    pub id: PersonId,
    /// Their name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Date of birth.
    pub date_of_birth: Option<NaiveDate>,
    /// Identifiers.
    pub identifiers: Vec<Identifier>,
    /// The vulnerability flags the viewer may read (health flags need an agreement naming
    /// health data).
    pub flags: Vec<VulnerabilityFlag>,
    /// Whether the profile is restricted.
    pub restricted: bool,
    /// The agencies the person is known to.
    pub known_to: Vec<AgencyRef>,
    /// The facts agencies hold about the person that the viewer may read, oldest first.
    pub facts: Vec<FactView>,
    /// The agencies holding facts about the person shared under agreements that the viewer may
    /// not read, each once: whom to ask. Facts kept for their agency only are not counted.
    pub facts_held_by: Vec<AgencyRef>,
}

/// One of an agency's facts about a person, as a viewer who may read it sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct FactView {
    /// Its id.
    pub id: FactId,
    /// The agency that holds it.
    pub agency: AgencyRef,
    /// What it says.
    pub value: FactValue,
    /// The category it is shared under.
    pub category: InformationCategory,
    /// Whom it may reach beyond its agency.
    pub sharing: FactSharing,
    /// When it was added.
    pub at: DateTime<Utc>,
}

/// A profile the viewer may not read: its name and the agencies it is known to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ProfileStub<Id> {
    /// Its id, so the viewer can ask.
    pub id: Id,
    /// Its name or label.
    pub name: String,
    /// The agencies to ask.
    pub known_to: Vec<AgencyRef>,
}

/// A location as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LocationView {
    /// Every detail.
    Full(LocationDetail),
    /// The label and whom to ask.
    Stub(ProfileStub<LocationId>),
}

/// A location's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LocationDetail {
    /// Its id.
    pub id: LocationId,
    /// Its label.
    pub label: String,
    /// The address.
    pub address: Option<String>,
    /// The postcode.
    pub postcode: Option<Postcode>,
    /// The UPRN.
    pub uprn: Option<Uprn>,
    /// Where it is.
    pub coordinates: Option<Coordinates>,
    /// Whether the profile is restricted.
    pub restricted: bool,
    /// The agencies it is known to.
    pub known_to: Vec<AgencyRef>,
}

/// A group as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum GroupView {
    /// Its members, each as the viewer may see them.
    Full(GroupDetail),
    /// The name and whom to ask.
    Stub(ProfileStub<GroupId>),
}

/// A group's details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct GroupDetail {
    /// Its id.
    pub id: GroupId,
    /// Its name.
    pub name: String,
    /// What binds it.
    pub kind: GroupKind,
    /// Its members as the viewer may see them; restricted members the viewer may not see are
    /// left out.
    pub members: Vec<PersonView>,
}

/// A subject of a case as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SubjectView {
    /// A person.
    Person {
        /// Their role in the case.
        role: SubjectRole,
        /// The person.
        person: PersonView,
    },
    /// A location.
    Location {
        /// Its role in the case.
        role: SubjectRole,
        /// The location.
        location: LocationView,
    },
    /// A group.
    Group {
        /// Its role in the case.
        role: SubjectRole,
        /// The group.
        group: GroupView,
    },
    /// A restricted subject the viewer may not see: only that one is linked, in this role.
    Restricted {
        /// Its role in the case.
        role: SubjectRole,
    },
}

/// A case as a viewer sees it.
// One view is built per read and handed over at once, so the stub's unused space costs
// nothing worth a box, and boxing the detail would change its serde and foreign shapes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CaseView {
    /// The case with its subjects and timeline, each decided on its own.
    Full(CaseDetail),
    /// That the case exists, who leads it and who works it: whom to ask.
    Stub(CaseStub),
}

/// A case for a viewer on its team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseDetail {
    /// Its id.
    pub id: CaseId,
    /// Its type.
    pub case_type: CaseType,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: CaseStatus,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// The lead practitioner.
    pub lead_practitioner: Option<PractitionerRef>,
    /// Agencies on the team.
    pub team_agencies: Vec<AgencyRef>,
    /// Practitioners on the team in their own right.
    pub team_practitioners: Vec<PractitionerRef>,
    /// Subjects as the viewer may see them.
    pub subjects: Vec<SubjectView>,
    /// The timeline: entries the viewer may read in full, stubs for the rest.
    pub entries: Vec<EntryView>,
    /// How many sensitive entries are hidden from the viewer. Only the lead agency's
    /// supervisors are told; for everyone else it is 0.
    pub hidden_entries: usize,
    /// How it was last closed, if it was closed with an outcome (kept after a reopening).
    pub closure: Option<CaseClosure>,
    /// Why it was last reopened, if a reason was given.
    pub reopening: Option<Reopening>,
    /// Its latest transfer of the lead: from which agency, why and when.
    pub handed_over: Option<HandedOver>,
    /// The other cases it is linked to that the viewer may know of, by id.
    pub links: Vec<CaseLinkView>,
    /// The incidents linked to it that the viewer reads in full, oldest first; the others are
    /// left out, not counted. Filled by the case read (`incidents::view::linked_to`), which
    /// sits above the views.
    pub incidents: Vec<IncidentView>,
}

/// A case's latest transfer of the lead, as its view shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HandedOver {
    /// The agency that led it before.
    pub from: AgencyRef,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A link from a case to another, as a viewer who may know of both sees it: what a stub of the
/// other case shows (its id and lead agency), and how the two relate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseLinkView {
    /// The other case.
    pub case: CaseId,
    /// How this case relates to it.
    pub kind: CaseLinkKind,
    /// The other case's lead agency.
    pub lead_agency: AgencyRef,
}

/// A case a person or place is on, as a list of people or places shows it ("on case X, led by
/// Y"), for a viewer who reads that case in full.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OnCase {
    /// The case.
    pub case: CaseId,
    /// Its title.
    pub title: String,
    /// Its status (never closed: a closed case is no longer worked).
    pub status: CaseStatus,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// The lead practitioner, if one leads it (a case handed to an agency waits for one).
    pub lead_practitioner: Option<PractitionerRef>,
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
    pub source: AgencyRef,
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

/// A case for a viewer off its team (or without an agreement covering its type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseStub {
    /// Its id, so the viewer can ask.
    pub id: CaseId,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// Every agency that has worked on it.
    pub agencies_involved: Vec<AgencyRef>,
    /// Entries its authors shared with the whole partnership that the viewer may read.
    pub shared_entries: Vec<EntryView>,
}

/// A line in a list of cases.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseSummary {
    /// Its id.
    pub id: CaseId,
    /// Its type.
    pub case_type: CaseType,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: CaseStatus,
    /// The lead agency.
    pub lead_agency: AgencyRef,
    /// How many entries the viewer can see in full or as a stub.
    pub entries: usize,
    /// How it was last closed, if it was closed with an outcome.
    pub closure: Option<CaseClosure>,
}

/// Why a viewer sees what they see of one thing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// The decision in words.
    pub reason: String,
}

/// Pieces of other agencies' content returned by a read, for the consultation log: each piece
/// once, in a fixed order. A read returns the same piece as often as it appears (a place in
/// each of its incidents), and how often, or in what order, is a count of the other records
/// read with it, which the piece's owner, who is shown its own pieces, may not be allowed to read.
/// Noted in the order met and put in order once at the end ([`Disclosures::into_items`]): an
/// ordered set would pay a tree insert and a node allocation per piece.
#[derive(Debug, Default)]
pub(crate) struct Disclosures(Vec<ConsultedItem>);

impl Disclosures {
    pub(crate) fn note(&mut self, d: &Decision, kind: ContentKind, id: Uuid, owner: AgencyId) {
        if let Some(agreement) = d.agreement() {
            self.0.push(ConsultedItem {
                kind,
                id,
                owner,
                agreement,
            });
        }
    }

    /// The pieces noted, each once, in their order (the order an ordered set would give).
    pub(crate) fn into_items(self) -> Vec<ConsultedItem> {
        let mut items = self.0;
        items.sort_unstable();
        items.dedup();
        items
    }
}

/// How many agencies, and how many practitioners, a [`ViewBuilder`] remembers the names of.
const NAMES_REMEMBERED: usize = 32;

/// Builds views for one engine, noting disclosures as it goes.
pub(crate) struct ViewBuilder<'e, 's> {
    pub engine: &'e Engine<'s>,
    pub disclosures: Disclosures,
    /// The agencies and practitioners named so far in this read. A 200-entry case names a
    /// handful of agencies and authors 200 times each; a short list scanned beats a search of
    /// the directory's maps per entry. The state is fixed for the builder's life (one read), so
    /// a remembered name is the name. `Cell`s taken and put back, as the engine's memo, so that
    /// no borrow can fail. At most [`NAMES_REMEMBERED`] each: a read naming hundreds (a
    /// county's briefing) searches the maps past those, rather than scanning a long list.
    agencies_named: Cell<Vec<AgencyRef>>,
    practitioners_named: Cell<Vec<PractitionerRef>>,
}

impl<'e, 's> ViewBuilder<'e, 's> {
    pub fn new(engine: &'e Engine<'s>) -> Self {
        ViewBuilder {
            engine,
            disclosures: Disclosures::default(),
            agencies_named: Cell::default(),
            practitioners_named: Cell::default(),
        }
    }

    pub fn agency(&self, id: AgencyId) -> AgencyRef {
        let mut named = self.agencies_named.take();
        let found = match named.iter().find(|a| a.id == id) {
            Some(a) => a.clone(),
            None => {
                let a = match self.engine.state.agencies.get(&id) {
                    Some(a) => AgencyRef {
                        id,
                        name: a.name.clone(),
                        kind: a.kind,
                    },
                    None => AgencyRef {
                        id,
                        name: SharedText::default(),
                        kind: AgencyKind::Other,
                    },
                };
                if named.len() < NAMES_REMEMBERED {
                    named.push(a.clone());
                }
                a
            }
        };
        self.agencies_named.set(named);
        found
    }

    fn agencies(&self, ids: impl IntoIterator<Item = AgencyId>) -> Vec<AgencyRef> {
        ids.into_iter().map(|id| self.agency(id)).collect()
    }

    pub fn practitioner(&self, id: PractitionerId) -> Option<PractitionerRef> {
        let mut named = self.practitioners_named.take();
        let found = match named.iter().find(|p| p.id == id) {
            Some(p) => Some(p.clone()),
            None => {
                let p = self
                    .engine
                    .state
                    .practitioners
                    .get(&id)
                    .map(|p| PractitionerRef {
                        id,
                        name: p.name.clone(),
                    });
                if named.len() < NAMES_REMEMBERED {
                    named.extend(p.clone());
                }
                p
            }
        };
        self.practitioners_named.set(named);
        found
    }
    /// The cases `subject` is on now, not closed, that the viewer reads in full, oldest first:
    /// what a Top 50 row, a repeat or a priority row says as "on case X, led by Y". Who is on a
    /// case is part of its header, which only its team (under an agreement covering its type)
    /// reads; a case the viewer sees only as a stub is left out, exactly as if the subject were
    /// on no case, since the stub does not say who the case is about. Each case listed is noted
    /// as a disclosure of its lead agency's case header.
    pub fn cases_on(&mut self, subject: Subject) -> Vec<OnCase> {
        let state = self.engine.state;
        let mut on: Vec<&Case> = state
            .cases_of(subject)
            .filter(|c| c.status != CaseStatus::Closed)
            .filter(|c| c.subjects.iter().any(|s| s.subject == subject))
            .collect();
        on.sort_by_key(|c| (c.opened_at, c.id));
        let mut out = Vec::with_capacity(on.len());
        for case in on {
            let d = self.engine.case(case);
            if d.access != Access::Full {
                continue;
            }
            self.disclosures
                .note(&d, ContentKind::Case, case.id.0, case.lead_agency);
            out.push(OnCase {
                case: case.id,
                title: case.title.clone(),
                status: case.status,
                lead_agency: self.agency(case.lead_agency),
                lead_practitioner: case.lead_practitioner.and_then(|p| self.practitioner(p)),
            });
        }
        out
    }

    /// A reason's text (a task's or a referral's decline) where the viewer may read it, noting
    /// the disclosure: the giver's agency and the addressee's agency (under an agreement) read
    /// it; nobody else.
    pub fn reason_text(
        &mut self,
        reason: Option<&Reason>,
        category: InformationCategory,
        addressee: AgencyId,
        kind: ContentKind,
        id: Uuid,
    ) -> Option<String> {
        let reason = reason?;
        let d = self.engine.addressed(
            &Content {
                owner: reason.agency,
                author: Some(reason.by),
                category,
                visibility: Visibility::Agency,
                case: None,
                sensitive: false,
                item: None,
            },
            self.engine.agency() == addressee,
        );
        if d.access != Access::Full {
            return None;
        }
        self.disclosures.note(&d, kind, id, reason.agency);
        Some(reason.text.clone())
    }

    /// A practitioner as shown on screen, even one the directory no longer knows (an empty
    /// name): who set a task or assessed a risk stays on the record after they leave.
    pub fn named_practitioner(&self, id: PractitionerId) -> PractitionerRef {
        self.practitioner(id).unwrap_or(PractitionerRef {
            id,
            name: SharedText::default(),
        })
    }

    /// An entry, or `None` where the viewer may not even see its stub.
    pub fn entry(&mut self, entry: &Entry) -> Option<EntryView> {
        self.entry_on(entry, self.engine.state.cases.get(&entry.case))
    }

    /// An entry of `case` (its own case, which the caller has at hand), or `None` where the
    /// viewer may not even see its stub.
    fn entry_on(&mut self, entry: &Entry, case: Option<&Case>) -> Option<EntryView> {
        let d = self.engine.entry_on(entry, case);
        match d.access {
            Access::Full => {
                self.disclosures
                    .note(&d, ContentKind::Entry, entry.id.0, entry.agency);
                Some(EntryView::Full(EntryDetail {
                    id: entry.id,
                    at: entry.at,
                    kind: entry.kind,
                    category: entry.category,
                    visibility: entry.visibility,
                    sensitive: entry.sensitive,
                    agency: self.agency(entry.agency),
                    author: self.practitioner(entry.author).unwrap_or(PractitionerRef {
                        id: entry.author,
                        name: SharedText::default(),
                    }),
                    text: entry.text.clone(),
                }))
            }
            Access::Stub => Some(EntryView::Stub(EntryStub {
                id: entry.id,
                at: entry.at,
                kind: entry.kind,
                agency: self.agency(entry.agency),
                author: if entry.show_author {
                    self.practitioner(entry.author)
                } else {
                    None
                },
            })),
            Access::Nothing => None,
        }
    }

    pub fn person(&mut self, person: &Person) -> Option<PersonView> {
        let d = self.engine.person(person);
        if d.access == Access::Nothing {
            return None;
        }
        let known_to = self.agencies(
            self.engine
                .known_to(Subject::Person(person.id), person.recorded_by),
        );
        match d.access {
            Access::Full => {
                self.disclosures
                    .note(&d, ContentKind::Person, person.id.0, person.recorded_by);
                let flags = person
                    .flags
                    .iter()
                    .copied()
                    .filter(|f| {
                        self.engine.detail(person.recorded_by, f.category()).access == Access::Full
                    })
                    .collect();
                let (facts, facts_held_by) = self.facts(person);
                Some(PersonView::Full(PersonDetail {
                    id: person.id,
                    name: person.name.clone(),
                    aliases: person.aliases.clone(),
                    date_of_birth: person.date_of_birth,
                    identifiers: person.identifiers.clone(),
                    flags,
                    restricted: person.restricted,
                    known_to,
                    facts,
                    facts_held_by,
                }))
            }
            Access::Stub => Some(PersonView::Stub(ProfileStub {
                id: person.id,
                name: person.name.clone(),
                known_to,
            })),
            Access::Nothing => None,
        }
    }

    /// The facts about `person` the viewer reads (each noted as a disclosure of its agency's
    /// details of the person), and the agencies holding others they are told of.
    fn facts(&mut self, person: &Person) -> (Vec<FactView>, Vec<AgencyRef>) {
        let mut shown = Vec::new();
        let mut holders = BTreeSet::new();
        for fact in &person.facts {
            let d = self.engine.fact(person, fact);
            match d.access {
                Access::Full => {
                    self.disclosures
                        .note(&d, ContentKind::Person, person.id.0, fact.agency);
                    shown.push(FactView {
                        id: fact.id,
                        agency: self.agency(fact.agency),
                        value: fact.value.clone(),
                        category: fact.category,
                        sharing: fact.sharing,
                        at: fact.at,
                    });
                }
                Access::Stub => {
                    holders.insert(fact.agency);
                }
                Access::Nothing => {}
            }
        }
        (shown, self.agencies(holders))
    }

    pub fn location(&mut self, location: &Location) -> Option<LocationView> {
        let d = self.engine.location(location);
        if d.access == Access::Nothing {
            return None;
        }
        let known_to = self.agencies(
            self.engine
                .known_to(Subject::Location(location.id), location.recorded_by),
        );
        match d.access {
            Access::Full => {
                self.disclosures.note(
                    &d,
                    ContentKind::Location,
                    location.id.0,
                    location.recorded_by,
                );
                Some(LocationView::Full(LocationDetail {
                    id: location.id,
                    label: location.label.clone(),
                    address: location.address.clone(),
                    postcode: location.postcode.clone(),
                    uprn: location.uprn,
                    coordinates: location.coordinates,
                    restricted: location.restricted,
                    known_to,
                }))
            }
            Access::Stub => Some(LocationView::Stub(ProfileStub {
                id: location.id,
                name: location.label.clone(),
                known_to,
            })),
            Access::Nothing => None,
        }
    }

    pub fn group(&mut self, group: &Group) -> Option<GroupView> {
        let d = self.engine.group(group);
        match d.access {
            Access::Full => {
                self.disclosures
                    .note(&d, ContentKind::Group, group.id.0, group.recorded_by);
                let members = group
                    .members
                    .iter()
                    .filter_map(|p| self.engine.state.persons.get(p))
                    .filter_map(|p| self.person(p))
                    .collect();
                Some(GroupView::Full(GroupDetail {
                    id: group.id,
                    name: group.name.clone(),
                    kind: group.kind,
                    members,
                }))
            }
            Access::Stub => Some(GroupView::Stub(ProfileStub {
                id: group.id,
                name: group.name.clone(),
                known_to: self.agencies(
                    self.engine
                        .known_to(Subject::Group(group.id), group.recorded_by),
                ),
            })),
            Access::Nothing => None,
        }
    }

    fn subject(&mut self, subject: Subject, role: SubjectRole) -> SubjectView {
        let state = self.engine.state;
        let view = match subject {
            Subject::Person(id) => state
                .persons
                .get(&id)
                .and_then(|p| self.person(p))
                .map(|person| SubjectView::Person { role, person }),
            Subject::Location(id) => state
                .locations
                .get(&id)
                .and_then(|l| self.location(l))
                .map(|location| SubjectView::Location { role, location }),
            Subject::Group(id) => state
                .groups
                .get(&id)
                .and_then(|g| self.group(g))
                .map(|group| SubjectView::Group { role, group }),
        };
        view.unwrap_or(SubjectView::Restricted { role })
    }

    /// A case, or `None` where the viewer may not know it exists.
    pub fn case(&mut self, case: &Case) -> Option<CaseView> {
        let d = self.engine.case(case);
        match d.access {
            Access::Full => {
                self.disclosures
                    .note(&d, ContentKind::Case, case.id.0, case.lead_agency);
                let state = self.engine.state;
                let mut hidden = 0;
                let mut entries = Vec::with_capacity(case.entries.len());
                for entry in case.entries.iter().filter_map(|e| state.entries.get(e)) {
                    let own = if entry.case == case.id {
                        Some(case)
                    } else {
                        state.cases.get(&entry.case)
                    };
                    match self.entry_on(entry, own) {
                        Some(view) => entries.push(view),
                        None => hidden += 1,
                    }
                }
                let subjects = case
                    .subjects
                    .iter()
                    .map(|s| self.subject(s.subject, s.role))
                    .collect();
                Some(CaseView::Full(CaseDetail {
                    id: case.id,
                    case_type: case.case_type,
                    title: case.title.clone(),
                    status: case.status,
                    opened_at: case.opened_at,
                    lead_agency: self.agency(case.lead_agency),
                    lead_practitioner: case.lead_practitioner.and_then(|p| self.practitioner(p)),
                    team_agencies: self.agencies(case.team.agencies.iter().copied()),
                    team_practitioners: case
                        .team
                        .practitioners
                        .iter()
                        .filter_map(|p| self.practitioner(*p))
                        .collect(),
                    subjects,
                    entries,
                    hidden_entries: if self.engine.sees_hidden_marker(case) {
                        hidden
                    } else {
                        0
                    },
                    closure: case.closure.clone(),
                    reopening: case.reopening.clone(),
                    handed_over: case.handover.as_ref().map(|h| HandedOver {
                        from: self.agency(h.from),
                        reason: h.reason.clone(),
                        at: h.at,
                    }),
                    links: self.case_links(case),
                    incidents: Vec::new(),
                }))
            }
            Access::Stub => Some(CaseView::Stub(self.case_stub(case))),
            Access::Nothing => None,
        }
    }

    pub fn case_stub(&mut self, case: &Case) -> CaseStub {
        let state = self.engine.state;
        let shared_entries = case
            .entries
            .iter()
            .filter_map(|e| state.entries.get(e))
            .filter(|e| e.visibility == Visibility::Partnership)
            .filter_map(|e| self.entry(e))
            .collect();
        CaseStub {
            id: case.id,
            lead_agency: self.agency(case.lead_agency),
            agencies_involved: self.agencies(case.involved().collect::<BTreeSet<_>>()),
            shared_entries,
        }
    }

    /// A summary line for a case the viewer may read in full.
    pub fn case_summary(&mut self, case: &Case) -> Option<CaseSummary> {
        let d = self.engine.case(case);
        if d.access != Access::Full {
            return None;
        }
        self.disclosures
            .note(&d, ContentKind::Case, case.id.0, case.lead_agency);
        let state = self.engine.state;
        let entries = case
            .entries
            .iter()
            .filter_map(|e| state.entries.get(e))
            .filter(|e| self.engine.entry(e).access != Access::Nothing)
            .count();
        Some(CaseSummary {
            id: case.id,
            case_type: case.case_type,
            title: case.title.clone(),
            status: case.status,
            lead_agency: self.agency(case.lead_agency),
            entries,
            closure: case.closure.clone(),
        })
    }

    /// A case's links to the cases the viewer may know of. A link to any other is left out
    /// entirely, so it shows neither in the list nor in its length.
    fn case_links(&self, case: &Case) -> Vec<CaseLinkView> {
        let state = self.engine.state;
        case.links
            .iter()
            .filter_map(|(other, kind)| {
                let o = state.cases.get(other)?;
                (self.engine.case(o).access != Access::Nothing).then(|| CaseLinkView {
                    case: *other,
                    kind: *kind,
                    lead_agency: self.agency(o.lead_agency),
                })
            })
            .collect()
    }
}

/// Who is reading, why, and as of when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Viewer {
    /// The reading practitioner.
    pub practitioner: PractitionerId,
    /// Why they are reading: recorded in the consultation log when another agency's content is
    /// returned (DPA 2018 s62).
    #[cfg_attr(feature = "uniffi", uniffi(default = ""))]
    pub justification: String,
    /// Read the hub as it stood at this time: facts and rules (agreements, team membership,
    /// visibility) as they were then. `None` reads now; a time after now is
    /// [`Error::Invalid`](crate::Error::Invalid) on `as_of` (the rules of a future day are not in force).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub as_of: Option<DateTime<Utc>>,
}

impl Viewer {
    /// A viewer reading now, with no justification given.
    pub fn new(practitioner: PractitionerId) -> Self {
        Viewer {
            practitioner,
            justification: String::new(),
            as_of: None,
        }
    }

    /// The same viewer, giving a justification for the consultation log.
    pub fn because(mut self, justification: impl Into<String>) -> Self {
        self.justification = justification.into();
        self
    }

    /// The same viewer, reading the hub as it stood at `at`.
    pub fn as_of(mut self, at: DateTime<Utc>) -> Self {
        self.as_of = Some(at);
        self
    }
}
