//! Subject access: everything the hub holds about one person that the requesting agency may
//! know of, grouped by owning agency, saying for each agency's part whether the requesting
//! agency may release it itself or must refer it to the owner; as JSON (serde) and as a
//! readable Markdown report.
//!
//! Decisions (see `docs/protection.md`):
//! - The request is run by a supervisor, agency admin or partnership admin of the requesting
//!   agency (the agency's SAR handler), and goes through the sharing engine like any read:
//!   another agency's content appears in full only where the requester may read it now, and
//!   reading it is logged in the consultation log.
//! - Only the requesting agency's own items are [`Disclosure::ReleaseBySelf`]. Sharing under an
//!   agreement is a power to share for the agreement's purpose, not to release to the subject,
//!   so everything another agency owns is [`Disclosure::ReferToOwningAgency`], whether or not
//!   the requester may read it.
//! - The export is per requesting agency. Items the requester may not know exist (sensitive
//!   entries, restricted profiles, cases off its teams) are absent; `also_held_by` names the
//!   agencies the person is known to that have no item listed, so the requester knows whom to
//!   ask. Each agency runs its own export for its own items, which makes the response complete.
//! - What the requester may know of but not read is shown as the same stub the ordinary reads
//!   give (an entry's, a task's, a case's...), never a richer one: a case the requester works
//!   but may not read shows who leads and works it, not its type, status or dates.
//! - Held about the person: the profile and its amendments, the other profiles merged with it
//!   (each as its own item, for the handler to run the request for it too), the incidents
//!   involving them that the requester reads in full (an incident has no stub), the cases linked
//!   to them (and their roles) the requester's team works, the entries, tasks and referrals on those cases, risk
//!   assessments of them, referrals of them, and the consultations of those items logged for
//!   the requesting agency's information.

use crate::amendments::AmendmentView;
use crate::audit::ConsultedItem;
use crate::audit::ContentKind;
use crate::cases::CaseClosure;
use crate::cases::CaseStatus;
use crate::cases::CaseType;
use crate::cases::Subject;
use crate::cases::SubjectRole;
use crate::error::Error;
use crate::error::Result;
use crate::ids::AgencyId;
use crate::ids::CaseId;
use crate::ids::PersonId;
use crate::referrals::ReferralView;
use crate::risk::AssessmentView;
use crate::sharing::Access;
use crate::tasks::TaskView;
use crate::views::AgencyRef;
use crate::views::CaseStub;
use crate::views::EntryView;
use crate::views::FactView;
use crate::views::IncidentView;
use crate::views::PersonView;
use crate::views::PractitionerRef;
use crate::views::ViewBuilder;
use chrono::DateTime;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use uuid::Uuid;

/// Who may release an agency's part of the export to the subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "disclosure", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Disclosure {
    /// The requesting agency owns it and releases it itself (subject to its own exemptions).
    ReleaseBySelf,
    /// Another agency owns it: refer this part of the request to that agency.
    ReferToOwningAgency {
        /// Whom to refer to.
        agency: AgencyRef,
    },
}

/// A case as the export shows it: its header where the requester may read it, otherwise the
/// stub every other read gives of a case the viewer may only know of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CaseHeld {
    /// The header and the person's roles in the case.
    Full(CaseHeader),
    /// That the case exists, who leads it and who works it: not its type, status or dates.
    Stub(CaseStub),
}

/// A case header the requester may read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CaseHeader {
    /// Its id.
    pub id: CaseId,
    /// Its type.
    pub case_type: CaseType,
    /// Its status.
    pub status: CaseStatus,
    /// When it was opened.
    pub opened_at: DateTime<Utc>,
    /// Its title.
    pub title: String,
    /// The person's roles in it.
    pub roles: Vec<SubjectRole>,
    /// How it was last closed, with the reason, where an outcome was recorded.
    pub closure: Option<CaseClosure>,
}

/// A logged consultation of the requesting agency's information about the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsultationHeld {
    /// When.
    pub at: DateTime<Utc>,
    /// Who read.
    pub by: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// Why, as they said.
    pub justification: String,
    /// Which of the items about the person were read, and under which agreement.
    pub items: Vec<ConsultedItem>,
}

/// One item held about the person, as the requester may see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "view", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ItemView {
    /// The person's profile.
    Profile(PersonView),
    /// A case linked to them.
    Case(CaseHeld),
    /// An entry on such a case.
    Entry(EntryView),
    /// A risk assessment of them.
    Assessment(AssessmentView),
    /// A task on such a case.
    Task(TaskView),
    /// A referral of them or of such a case.
    Referral(ReferralView),
    /// A consultation of the requesting agency's items about them.
    Consultation(ConsultationHeld),
    /// An amendment of their profile.
    Amendment(AmendmentView),
    /// An incident involving them, read in full.
    Incident(IncidentView),
    /// A fact an agency holds about them, read in full.
    Fact(FactView),
}

/// One item of the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct HeldItem {
    /// The record's id (for a consultation, the id of the first item consulted).
    pub id: Uuid,
    /// Whether the requester may read its content; otherwise only that it is held, by whom.
    pub readable: bool,
    /// The item as the requester may see it.
    pub view: ItemView,
}

/// One owning agency's part of the export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgencyHoldings {
    /// The owning agency.
    pub agency: AgencyRef,
    /// Who may release this part.
    pub disclosure: Disclosure,
    /// What it holds that the requester may know of.
    pub items: Vec<HeldItem>,
}

/// Everything the hub holds about one person that the requesting agency may know of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(
    feature = "uniffi",
    derive(uniffi::Record),
    uniffi(name = "SubjectAccessView")
)]
pub struct SubjectAccessExport {
    /// The person.
    pub person: PersonId,
    /// The agency answering the request.
    pub requesting_agency: AgencyRef,
    /// Who ran the export.
    pub requested_by: PractitionerRef,
    /// When.
    pub produced_at: DateTime<Utc>,
    /// Each owning agency's part: the requesting agency's first, then the others by name.
    pub agencies: Vec<AgencyHoldings>,
    /// Agencies the person is known to with nothing listed here: refer the request to them.
    pub also_held_by: Vec<AgencyRef>,
}

pub(super) fn add(
    held: &mut BTreeMap<AgencyId, Vec<HeldItem>>,
    owner: AgencyId,
    id: Uuid,
    readable: bool,
    view: ItemView,
) {
    held.entry(owner)
        .or_default()
        .push(HeldItem { id, readable, view });
}

/// Orders the parts (the requester's own first, then by agency name) and names the agencies
/// with nothing listed.
pub(super) fn export(
    b: &ViewBuilder<'_, '_>,
    person: PersonId,
    held: BTreeMap<AgencyId, Vec<HeldItem>>,
    known_to: Vec<AgencyRef>,
) -> SubjectAccessExport {
    let own = b.engine.agency();
    let mut agencies: Vec<AgencyHoldings> = held
        .into_iter()
        .map(|(id, items)| {
            let agency = b.agency(id);
            let disclosure = if id == own {
                Disclosure::ReleaseBySelf
            } else {
                Disclosure::ReferToOwningAgency {
                    agency: agency.clone(),
                }
            };
            AgencyHoldings {
                agency,
                disclosure,
                items,
            }
        })
        .collect();
    agencies.sort_by(|a, b| {
        (a.agency.id != own, &a.agency.name, a.agency.id).cmp(&(
            b.agency.id != own,
            &b.agency.name,
            b.agency.id,
        ))
    });
    let listed: BTreeSet<AgencyId> = agencies.iter().map(|a| a.agency.id).collect();
    SubjectAccessExport {
        person,
        requesting_agency: b.agency(own),
        requested_by: b.named_practitioner(b.engine.viewer.id),
        produced_at: b.engine.at,
        agencies,
        also_held_by: known_to
            .into_iter()
            .filter(|a| !listed.contains(&a.id))
            .collect(),
    }
}

impl SubjectAccessExport {
    /// A readable report of the export, for the SAR file. Shows exactly what the JSON holds.
    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(md, "# Subject access export\n");
        let _ = writeln!(md, "- Person: `{}`", self.person);
        let _ = writeln!(
            md,
            "- Requesting agency: {} (run by {})",
            self.requesting_agency.name, self.requested_by.name
        );
        let _ = writeln!(md, "- Produced: {}", self.produced_at.to_rfc3339());
        let _ = writeln!(
            md,
            "\nThis export lists what {} may know of. Release only the parts marked \"release \
             yourself\"; refer every other part to the agency that owns it.",
            self.requesting_agency.name
        );
        for part in &self.agencies {
            let what = match &part.disclosure {
                Disclosure::ReleaseBySelf => "release yourself".to_string(),
                Disclosure::ReferToOwningAgency { agency } => format!("refer to {}", agency.name),
            };
            let _ = writeln!(md, "\n## Held by {}: {what}\n", part.agency.name);
            for item in &part.items {
                let _ = writeln!(md, "- {}", item_line(item, &part.agency.name));
            }
        }
        if !self.also_held_by.is_empty() {
            let names: Vec<&str> = self.also_held_by.iter().map(|a| a.name.as_str()).collect();
            let _ = writeln!(
                md,
                "\n## Also known to (nothing listed here): refer to {}",
                names.join(", ")
            );
        }
        md
    }
}

/// One line of the Markdown report.
fn item_line(item: &HeldItem, owner: &str) -> String {
    let held = format!("content not visible to you: held by {owner}, ask them");
    match &item.view {
        ItemView::Profile(PersonView::Full(p)) => {
            let ids: Vec<String> = p.identifiers.iter().map(|i| i.to_string()).collect();
            format!(
                "Profile `{}`: {}; aliases: {}; date of birth: {}; identifiers: {}",
                p.id,
                p.name,
                p.aliases.join(", "),
                p.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
                ids.join(", ")
            )
        }
        ItemView::Profile(PersonView::Stub(p)) => format!("Profile `{}`: {}; {held}", p.id, p.name),
        ItemView::Fact(f) => format!("Fact `{}`: {}", f.id, f.value),
        ItemView::Case(CaseHeld::Full(c)) => {
            let closed = c
                .closure
                .as_ref()
                .map(|k| {
                    format!(
                        "; closed {}: {:?}: {}",
                        k.at.date_naive(),
                        k.outcome,
                        k.reason
                    )
                })
                .unwrap_or_default();
            format!(
                "Case `{}` ({:?}, {}, opened {}): {}; roles: {:?}{closed}",
                c.id,
                c.case_type,
                c.status.as_str(),
                c.opened_at.date_naive(),
                c.title,
                c.roles
            )
        }
        ItemView::Case(CaseHeld::Stub(c)) => format!("Case `{}`: {held}", c.id),
        ItemView::Entry(EntryView::Full(e)) => format!(
            "Entry `{}` ({}, {}): {}",
            e.id,
            e.kind.as_str(),
            e.at.date_naive(),
            e.text
        ),
        ItemView::Entry(EntryView::Stub(e)) => {
            format!(
                "Entry `{}` ({}, {}): {held}",
                e.id,
                e.kind.as_str(),
                e.at.date_naive()
            )
        }
        ItemView::Assessment(AssessmentView::Full(a)) => format!(
            "Risk assessment `{}` ({} v{}, {}): level {}, score {}; notes: {}",
            a.id,
            a.template.id,
            a.template.version,
            a.at.date_naive(),
            a.level.as_str(),
            a.score,
            a.notes.as_deref().unwrap_or("")
        ),
        ItemView::Assessment(AssessmentView::Stub(a)) => {
            format!("Risk assessment `{}` ({}): {held}", a.id, a.at.date_naive())
        }
        ItemView::Task(TaskView::Full(t)) => {
            format!("Task `{}`: {}; {}", t.id, t.title, t.detail)
        }
        ItemView::Task(TaskView::Stub(t)) => format!("Task `{}`: {held}", t.id),
        ItemView::Referral(ReferralView::Full(r)) => format!(
            "Referral `{}` to {} ({}): {}",
            r.id,
            r.to_agency.name,
            r.made_at.date_naive(),
            r.reason
        ),
        ItemView::Referral(ReferralView::Stub(r)) => format!("Referral `{}`: {held}", r.id),
        ItemView::Amendment(a) => {
            let changes: Vec<String> = a.changes.iter().map(ToString::to_string).collect();
            format!(
                "Profile amended {} by {}: {}; reason: {}",
                a.at.date_naive(),
                a.by.as_ref()
                    .map_or(a.agency.name.as_str(), |p| p.name.as_str()),
                changes.join("; "),
                a.reason
                    .as_deref()
                    .unwrap_or("not shown (part of the amendment is held by the agency only)")
            )
        }
        ItemView::Incident(i) => format!(
            "Incident `{}` ({}, {}, {:?}): {}",
            i.id,
            i.external_ref,
            i.occurred_at.date_naive(),
            i.category,
            i.summary
        ),
        ItemView::Consultation(c) => format!(
            "Consulted {} by {} ({}), {} item(s); justification: {}",
            c.at.to_rfc3339(),
            c.by.name,
            c.agency.name,
            c.items.len(),
            c.justification
        ),
    }
}

/// The answer of [`Hub::subject_access`](crate::Hub::subject_access), within one read.
pub(super) fn access_export(
    b: &mut ViewBuilder<'_, '_>,
    person: PersonId,
) -> Result<SubjectAccessExport> {
    let engine = b.engine;
    if !engine.viewer.role.is_supervisor() {
        return Err(Error::forbidden(
            "subject_access",
            "needs a supervisor or agency admin role",
        ));
    }
    let state = engine.state;
    let p = state
        .persons
        .get(&person)
        .ok_or(Error::not_found("person"))?;
    let mut profile = b.person(p).ok_or(Error::not_found("person"))?;
    let mut held: BTreeMap<AgencyId, Vec<HeldItem>> = BTreeMap::new();
    let known_to = match &profile {
        PersonView::Full(d) => d.known_to.clone(),
        PersonView::Stub(s) => s.known_to.clone(),
    };
    let readable = matches!(profile, PersonView::Full(_));
    // Each agency's facts are that agency's items, released by it: listed under it, not inside
    // the owner's profile.
    if let PersonView::Full(d) = &mut profile {
        for fact in std::mem::take(&mut d.facts) {
            add(
                &mut held,
                fact.agency.id,
                fact.id.0,
                true,
                ItemView::Fact(fact),
            );
        }
    }
    add(
        &mut held,
        p.recorded_by,
        person.0,
        readable,
        ItemView::Profile(profile),
    );
    // The other profiles merged with this one are the same person's, each as the requester
    // may see it, under its own agency: the handler runs the request for each of them too.
    for other in state.merges.profiles(person) {
        if let Some(q) = state.persons.get(&other).filter(|q| q.id != person) {
            if let Some(view) = b.person(q) {
                let readable = matches!(view, PersonView::Full(_));
                add(
                    &mut held,
                    q.recorded_by,
                    other.0,
                    readable,
                    ItemView::Profile(view),
                );
            }
        }
    }
    // The profile's amendments and the incidents involving the person are personal data about
    // them too: each as far as the requester may see it (an incident only in full).
    for amendment in crate::amendments::history(b, Subject::Person(person))? {
        // A change to a fact is its agency's amendment, listed with its facts.
        add(
            &mut held,
            amendment.agency.id,
            person.0,
            true,
            ItemView::Amendment(amendment),
        );
    }
    for incident in state.incidents.of_person(person) {
        if let Some(view) = crate::incidents::incident_view(b, incident) {
            add(
                &mut held,
                incident.source,
                incident.id.0,
                true,
                ItemView::Incident(view),
            );
        }
    }

    let subject = Subject::Person(person);
    let mut cases = BTreeSet::new();
    for case in state.cases_of(subject) {
        let d = engine.case(case);
        // Off the team: the case is not listed (its link to the person is not the
        // requester's to know); the person's "known to" says whom to ask.
        if !engine.on_team(case) || d.access == Access::Nothing {
            continue;
        }
        cases.insert(case.id);
        let full = d.access == Access::Full;
        let view = if full {
            b.disclosures
                .note(&d, ContentKind::Case, case.id.0, case.lead_agency);
            CaseHeld::Full(CaseHeader {
                id: case.id,
                case_type: case.case_type,
                status: case.status,
                opened_at: case.opened_at,
                title: case.title.clone(),
                roles: case
                    .subjects
                    .iter()
                    .filter(|s| s.subject == subject)
                    .map(|s| s.role)
                    .collect(),
                closure: case.closure.clone(),
            })
        } else {
            CaseHeld::Stub(b.case_stub(case))
        };
        add(
            &mut held,
            case.lead_agency,
            case.id.0,
            full,
            ItemView::Case(view),
        );
        for entry in case.entries.iter().filter_map(|e| state.entries.get(e)) {
            if let Some(view) = b.entry(entry) {
                let full = matches!(view, EntryView::Full(_));
                add(
                    &mut held,
                    entry.agency,
                    entry.id.0,
                    full,
                    ItemView::Entry(view),
                );
            }
        }
        for task in state.tasks.by_id.values().filter(|t| t.case == case.id) {
            if let Some(view) = crate::tasks::view::task_view(b, task) {
                let full = matches!(view, TaskView::Full(_));
                add(
                    &mut held,
                    task.set_by_agency,
                    task.id.0,
                    full,
                    ItemView::Task(view),
                );
            }
        }
    }
    for a in state
        .risk
        .assessments
        .values()
        .filter(|a| a.subject == person)
    {
        if let Some(view) = crate::risk::view(b, a) {
            let full = matches!(view, AssessmentView::Full(_));
            add(
                &mut held,
                a.agency,
                a.id.0,
                full,
                ItemView::Assessment(view),
            );
        }
    }
    let about = |r: &crate::referrals::Referral| {
        r.person == Some(person) || r.case.is_some_and(|c| cases.contains(&c))
    };
    for r in state.referrals.by_id.values().filter(|r| about(r)) {
        if let Some(view) = crate::referrals::view::referral_view(b, r) {
            let full = matches!(view, ReferralView::Full(_));
            add(
                &mut held,
                r.from_agency,
                r.id.0,
                full,
                ItemView::Referral(view),
            );
        }
    }
    let own = engine.agency();
    let ids: BTreeSet<Uuid> = held.values().flatten().map(|i| i.id).collect();
    for c in &state.consultations {
        let mut items = c.items_of(own);
        items.retain(|i| ids.contains(&i.id));
        let Some(first) = items.first().map(|i| i.id) else {
            continue;
        };
        let view = ConsultationHeld {
            at: c.at,
            by: b.named_practitioner(c.viewer),
            agency: b.agency(c.viewer_agency),
            justification: c.justification.clone(),
            items,
        };
        add(&mut held, own, first, true, ItemView::Consultation(view));
    }
    Ok(export(b, person, held, known_to))
}
