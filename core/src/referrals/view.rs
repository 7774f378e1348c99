//! What a viewer sees of a referral, and the referral reads. A referral is between two
//! agencies: the referring agency reads it in full; the receiving agency reads it in full under
//! an agreement covering its category (checked when it was made and again at each read), else
//! a stub; nobody else learns of it. The person appears as the viewer may see them; a decline
//! reason is content of the receiving agency addressed to the referring one.

use super::consent::{Consent, ConsentOverride};
use super::referral::{Referral, ReferralState};
use crate::audit::ContentKind;
use crate::entries::{InformationCategory, Visibility};
use crate::ids::{CaseId, ReferralId};
use crate::sharing::{Access, Content, Decision, Engine};
use crate::views::{AgencyRef, PersonView, PractitionerRef, ViewBuilder};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

/// A referral as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "access", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ReferralView {
    /// The whole referral.
    Full(Box<ReferralDetail>),
    /// That a referral was made between the agencies, and where it stands.
    Stub(ReferralStub),
}

impl ReferralView {
    /// The referral's id.
    pub fn id(&self) -> ReferralId {
        match self {
            ReferralView::Full(r) => r.id,
            ReferralView::Stub(r) => r.id,
        }
    }
}

/// A whole referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReferralDetail {
    /// Its id.
    pub id: ReferralId,
    /// The referring agency.
    pub from_agency: AgencyRef,
    /// Who made it.
    pub referrer: PractitionerRef,
    /// The receiving agency.
    pub to_agency: AgencyRef,
    /// The person referred, as the viewer may see them (a restricted profile the viewer may
    /// not see is left out).
    pub person: Option<PersonView>,
    /// The case referred.
    pub case: Option<CaseId>,
    /// The category of the reason.
    pub category: InformationCategory,
    /// Why it was made.
    pub reason: String,
    /// The consent recorded.
    pub consent: Option<Consent>,
    /// The consent override, if consent was overridden.
    pub consent_override: Option<ConsentOverride>,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// Where it stands.
    pub state: ReferralState,
    /// When it was accepted or declined.
    pub decided_at: Option<DateTime<Utc>>,
    /// Who accepted or declined it.
    pub decided_by: Option<PractitionerRef>,
    /// Why it was declined, where the viewer may read it.
    pub decline_reason: Option<String>,
}

/// The visible trace of a referral the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ReferralStub {
    /// Its id.
    pub id: ReferralId,
    /// The referring agency: whom to ask.
    pub from_agency: AgencyRef,
    /// The receiving agency.
    pub to_agency: AgencyRef,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// Where it stands.
    pub state: ReferralState,
}

/// The sharing decision on a referral's reason and consent record.
pub(crate) fn decision(engine: &Engine<'_>, r: &Referral) -> Decision {
    engine.addressed(
        &Content {
            owner: r.from_agency,
            author: Some(r.referrer),
            category: r.category,
            visibility: Visibility::Agency,
            case: None,
            sensitive: false,
            item: None,
        },
        engine.agency() == r.to_agency,
    )
}

/// A referral as the viewer may see it, or `None` where they may not know it exists.
pub(crate) fn referral_view(b: &mut ViewBuilder<'_, '_>, r: &Referral) -> Option<ReferralView> {
    let d = decision(b.engine, r);
    match d.access {
        Access::Nothing => None,
        Access::Stub => Some(ReferralView::Stub(ReferralStub {
            id: r.id,
            from_agency: b.agency(r.from_agency),
            to_agency: b.agency(r.to_agency),
            made_at: r.made_at,
            state: r.state,
        })),
        Access::Full => {
            b.disclosures
                .note(&d, ContentKind::Referral, r.id.0, r.from_agency);
            let person = r
                .person
                .and_then(|p| b.engine.state.persons.get(&p))
                .and_then(|p| b.person(p));
            let decline_reason = b.reason_text(
                r.declined.as_ref(),
                r.category,
                r.from_agency,
                ContentKind::Referral,
                r.id.0,
            );
            Some(ReferralView::Full(Box::new(ReferralDetail {
                id: r.id,
                from_agency: b.agency(r.from_agency),
                referrer: b.named_practitioner(r.referrer),
                to_agency: b.agency(r.to_agency),
                person,
                case: r.case,
                category: r.category,
                reason: r.reason.clone(),
                consent: r.consent.clone(),
                consent_override: r.consent_override.clone(),
                made_at: r.made_at,
                state: r.state,
                decided_at: r.decided_at,
                decided_by: r.decided_by.map(|p| b.named_practitioner(p)),
                decline_reason,
            })))
        }
    }
}

/// Referrals to the viewer's agency, within a read: [`Hub::referrals_received`].
///
/// [`Hub::referrals_received`]: crate::Hub::referrals_received
pub(crate) fn received(b: &mut ViewBuilder<'_, '_>) -> Vec<ReferralView> {
    referral_list(b, |r, e| r.to_agency == e.agency())
}

pub(super) fn referral_list(
    b: &mut ViewBuilder<'_, '_>,
    wanted: impl Fn(&Referral, &Engine<'_>) -> bool,
) -> Vec<ReferralView> {
    let mut list: Vec<&Referral> = b
        .engine
        .state
        .referrals
        .by_id
        .values()
        .filter(|r| wanted(r, b.engine))
        .collect();
    list.sort_by_key(|r| (r.state != ReferralState::Pending, Reverse(r.made_at), r.id));
    list.into_iter()
        .filter_map(|r| referral_view(b, r))
        .collect()
}
