//! Accountability reports for an agency's data protection officer (DPA 2018 s62 logs used for
//! self-monitoring, as the section allows; DOMAIN.md section 4). Supervisors, agency admins and
//! partnership admins of the agency, about the agency's own information and people only.
//!
//! - [`Hub::consultation_report`](crate::Hub::consultation_report): who consulted the agency's information over a period, from
//!   which agency, under which agreements, with what justification; with totals per agreement
//!   and per consulting agency. It is [`Hub::consultations`](crate::Hub::consultations) with names and totals.
//! - [`Hub::agreements_expiring`](crate::Hub::agreements_expiring): agreements the agency is party to that end within a number
//!   of days.
//! - [`Hub::unused_access`](crate::Hub::unused_access): the agency's active practitioners who have access to a live case
//!   (on its team, individually or through the agency) and have recorded nothing since a date.
//!   "Used" means any event in the journal with them as actor: a write of any kind, or a logged
//!   consultation. Reads of their own agency's content are not logged (s62 logging here covers
//!   what crosses agencies), so a practitioner who only reads their own agency's cases shows as
//!   unused: the report is a prompt to ask, not proof of disuse.

use crate::audit::Consultation;
use crate::audit::ConsultedItem;
use crate::context::Current;
use crate::error::Error;
use crate::error::Result;
use crate::ids::AgencyId;
use crate::ids::AgreementId;
use crate::ids::CaseId;
use crate::ids::PractitionerId;
use crate::journal;
use crate::journal::Journal;
use crate::partnership::AgencyKind;
use crate::partnership::Practitioner;
use crate::partnership::Role;
use crate::sharing::Access;
use crate::sharing::Engine;
use crate::state::State;
use crate::text::SharedText;
use crate::views::AgencyRef;
use crate::views::PractitionerRef;
use crate::views::Viewer;
use chrono::DateTime;
use chrono::Duration;
use chrono::Utc;
use serde::Deserialize;
use serde::Serialize;
use std::collections::BTreeMap;
use std::collections::BTreeSet;

/// An agreement as a report names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgreementRef {
    /// Its id.
    pub id: AgreementId,
    /// Its title.
    pub title: String,
}

/// One consultation of the agency's information.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsultationRow {
    /// When.
    pub at: DateTime<Utc>,
    /// Who read.
    pub practitioner: PractitionerRef,
    /// Their agency.
    pub agency: AgencyRef,
    /// The time an as-of read looked back to.
    pub as_of: Option<DateTime<Utc>>,
    /// Why, as they gave it.
    pub justification: String,
    /// The agency's items they read.
    pub items: Vec<ConsultedItem>,
    /// The agreements those items crossed under.
    pub agreements: Vec<AgreementRef>,
}

/// How much crossed under one agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgreementTally {
    /// The agreement.
    pub agreement: AgreementRef,
    /// Consultations that used it.
    pub consultations: usize,
    /// Items read under it.
    pub items: usize,
}

/// How much one agency consulted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AgencyTally {
    /// The consulting agency.
    pub agency: AgencyRef,
    /// Its consultations.
    pub consultations: usize,
    /// Items it read.
    pub items: usize,
}

/// Who consulted the agency's information over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsultationReport {
    /// The agency whose information was consulted.
    pub agency: AgencyRef,
    /// From (inclusive).
    #[cfg_attr(feature = "uniffi", uniffi(name = "window_from"))]
    pub from: DateTime<Utc>,
    /// To (exclusive).
    #[cfg_attr(feature = "uniffi", uniffi(name = "window_to"))]
    pub to: DateTime<Utc>,
    /// Each consultation, oldest first.
    pub rows: Vec<ConsultationRow>,
    /// Totals per agreement.
    pub by_agreement: Vec<AgreementTally>,
    /// Totals per consulting agency.
    pub by_agency: Vec<AgencyTally>,
}

/// An agreement about to end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ExpiringAgreement {
    /// The agreement.
    pub agreement: AgreementRef,
    /// Its parties.
    pub parties: Vec<AgencyRef>,
    /// When it ends.
    pub ends: DateTime<Utc>,
    /// Whole days left.
    pub days_left: i64,
}

/// A practitioner with access they have not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UnusedAccess {
    /// Who.
    pub practitioner: PractitionerRef,
    /// Their role.
    pub role: Role,
    /// The live cases they have access to.
    pub cases: Vec<CaseId>,
    /// When they last recorded anything, if ever.
    pub last_activity: Option<DateTime<Utc>>,
}

/// The viewer, checked to be an active supervisor or above of a member agency.
pub(super) fn dpo<'s>(
    state: &'s State,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<&'s Practitioner> {
    let engine = crate::checks::member_engine(state, viewer.practitioner, now)?;
    if !engine.viewer.role.is_supervisor() {
        return Err(Error::forbidden(
            "accountability",
            "needs a supervisor or agency admin role",
        ));
    }
    Ok(engine.viewer)
}

pub(super) fn agency_ref(state: &State, id: AgencyId) -> AgencyRef {
    let (name, kind) = state
        .agencies
        .get(&id)
        .map_or((SharedText::default(), AgencyKind::Other), |a| {
            (a.name.clone(), a.kind)
        });
    AgencyRef { id, name, kind }
}

pub(super) fn practitioner_ref(state: &State, id: PractitionerId) -> PractitionerRef {
    PractitionerRef {
        id,
        name: state
            .practitioners
            .get(&id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    }
}

pub(super) fn agreement_ref(state: &State, id: AgreementId) -> AgreementRef {
    AgreementRef {
        id,
        title: state
            .agreements
            .get(&id)
            .map(|a| a.title.clone())
            .unwrap_or_default(),
    }
}

/// When each actor last appears in the journal.
pub(super) fn last_activity(
    journal: &dyn Journal,
) -> Result<BTreeMap<PractitionerId, DateTime<Utc>>> {
    let mut last: BTreeMap<PractitionerId, DateTime<Utc>> = BTreeMap::new();
    journal::scan_with(journal, 0, |e| {
        let t = last.entry(PractitionerId(e.actor)).or_insert(e.at);
        *t = (*t).max(e.at);
        Ok::<(), Error>(())
    })?;
    Ok(last)
}

/// The answer of [`Hub::consultation_report`](crate::Hub::consultation_report), within one read.
pub(super) fn consultation_report(
    current: &Current<'_>,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    consultations: Vec<Consultation>,
) -> Result<ConsultationReport> {
    let state = current.state;
    let me = dpo(state, viewer, current.now)?;
    let mut by_agreement: BTreeMap<AgreementId, (usize, usize)> = BTreeMap::new();
    let mut by_agency: BTreeMap<AgencyId, (usize, usize)> = BTreeMap::new();
    let rows = consultations
        .into_iter()
        .map(|c| {
            let used: BTreeSet<AgreementId> = c.items.iter().map(|i| i.agreement).collect();
            for a in &used {
                let tally = by_agreement.entry(*a).or_default();
                tally.0 += 1;
                tally.1 += c.items.iter().filter(|i| i.agreement == *a).count();
            }
            let tally = by_agency.entry(c.viewer_agency).or_default();
            tally.0 += 1;
            tally.1 += c.items.len();
            ConsultationRow {
                at: c.at,
                practitioner: practitioner_ref(state, c.viewer),
                agency: agency_ref(state, c.viewer_agency),
                as_of: c.as_of,
                justification: c.justification,
                items: c.items,
                agreements: used.into_iter().map(|a| agreement_ref(state, a)).collect(),
            }
        })
        .collect();
    Ok(ConsultationReport {
        agency: agency_ref(state, me.agency),
        from,
        to,
        rows,
        by_agreement: by_agreement
            .into_iter()
            .map(|(a, (consultations, items))| AgreementTally {
                agreement: agreement_ref(state, a),
                consultations,
                items,
            })
            .collect(),
        by_agency: by_agency
            .into_iter()
            .map(|(a, (consultations, items))| AgencyTally {
                agency: agency_ref(state, a),
                consultations,
                items,
            })
            .collect(),
    })
}

/// The answer of [`Hub::agreements_expiring`](crate::Hub::agreements_expiring), within one read.
pub(super) fn agreements_expiring(
    current: &Current<'_>,
    viewer: &Viewer,
    within_days: u32,
) -> Result<Vec<ExpiringAgreement>> {
    let (state, now) = (current.state, current.now);
    let me = dpo(state, viewer, now)?;
    // Any number of days is a fair question; past the calendar's end, every agreement ends
    // within it. A notice horizon, so 24-hour days: a pure duration, not a calendar rule.
    let horizon = now
        .checked_add_signed(Duration::days(i64::from(within_days)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    let mut out: Vec<ExpiringAgreement> = state
        .agreements
        .values()
        .filter(|a| a.parties.contains(&me.agency) && a.is_active_at(now))
        .filter_map(|a| {
            let ends = a.ends.filter(|e| *e <= horizon)?;
            Some(ExpiringAgreement {
                agreement: agreement_ref(state, a.id),
                parties: a.parties.iter().map(|p| agency_ref(state, *p)).collect(),
                ends,
                days_left: (ends - now).num_days(),
            })
        })
        .collect();
    out.sort_by_key(|e| (e.ends, e.agreement.id));
    Ok(out)
}

/// The answer of [`Hub::unused_access`](crate::Hub::unused_access), within one read.
pub(super) fn unused_access(
    current: &Current<'_>,
    viewer: &Viewer,
    since: DateTime<Utc>,
) -> Result<Vec<UnusedAccess>> {
    let (state, now) = (current.state, current.now);
    let me = dpo(state, viewer, now)?;
    let last = last_activity(current.journal)?;
    // Only cases the DPO reads in full: whether a case is live is its status, which the
    // stub of a case (its agency on the team, but no agreement covering the case type)
    // does not show.
    let reader = Engine::new(state, me.id, now)
        .ok_or(Error::forbidden("read", "unknown or inactive practitioner"))?;
    Ok(state
        .practitioners
        .values()
        .filter(|p| p.active && p.agency == me.agency)
        .filter_map(|p| {
            let cases: Vec<CaseId> = state
                .cases
                .values()
                .filter(|c| c.status.is_live() && c.team.includes(p.id, p.agency))
                .filter(|c| reader.case(c).access == Access::Full)
                .map(|c| c.id)
                .collect();
            (!cases.is_empty()).then(|| UnusedAccess {
                practitioner: practitioner_ref(state, p.id),
                role: p.role,
                cases,
                last_activity: last.get(&p.id).copied(),
            })
        })
        .filter(|u| u.last_activity.is_none_or(|t| t < since))
        .collect())
}
