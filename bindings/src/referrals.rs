//! Referrals through the bindings: refer with the consent gate, accept, decline, withdraw,
//! record the outcome, and the referral lists.

use crate::convert::{all, id, opt_id, opt_time, time};
use crate::enums::{InformationCategory, UnsuccessfulReason};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::records::Viewer;
use crate::views::{AgencyRef, PersonView, PractitionerRef};
use safehub::referrals as r;
use std::time::SystemTime;

/// The person's consent to a referral.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Consent {
    /// The person agreed.
    Given,
    /// The person refused.
    Refused,
    /// Consent is not needed, for this lawful reason.
    NotRequired {
        /// The lawful reason.
        lawful_reason: String,
    },
}

impl From<Consent> for r::Consent {
    fn from(c: Consent) -> Self {
        match c {
            Consent::Given => r::Consent::Given,
            Consent::Refused => r::Consent::Refused,
            Consent::NotRequired { lawful_reason } => r::Consent::NotRequired { lawful_reason },
        }
    }
}

impl From<r::Consent> for Consent {
    fn from(c: r::Consent) -> Self {
        match c {
            r::Consent::Given => Consent::Given,
            r::Consent::Refused => Consent::Refused,
            r::Consent::NotRequired { lawful_reason } => Consent::NotRequired { lawful_reason },
        }
    }
}

/// A referral made although consent was refused or not recorded.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsentOverride {
    /// The id of who overrode it.
    pub by: String,
    /// Why.
    pub reason: String,
}

impl From<r::ConsentOverride> for ConsentOverride {
    fn from(o: r::ConsentOverride) -> Self {
        ConsentOverride {
            by: o.by.to_string(),
            reason: o.reason,
        }
    }
}

/// How an accepted referral ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum Outcome {
    /// The person got the service.
    Successful,
    /// They did not, and why.
    NotSuccessful {
        /// Why.
        reason: UnsuccessfulReason,
    },
}

impl From<Outcome> for r::Outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Successful => r::Outcome::Successful,
            Outcome::NotSuccessful { reason } => r::Outcome::NotSuccessful { reason },
        }
    }
}

impl From<r::Outcome> for Outcome {
    fn from(o: r::Outcome) -> Self {
        match o {
            r::Outcome::Successful => Outcome::Successful,
            r::Outcome::NotSuccessful { reason } => Outcome::NotSuccessful { reason },
        }
    }
}

/// Where a referral is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ReferralState {
    /// Waiting for the receiving agency.
    Pending,
    /// Taken on by the receiving agency.
    Accepted,
    /// Turned down by the receiving agency.
    Declined,
    /// Withdrawn by the referring side while pending.
    Withdrawn,
    /// Finished, with an outcome.
    Done {
        /// How it ended.
        outcome: Outcome,
    },
}

impl From<r::ReferralState> for ReferralState {
    fn from(s: r::ReferralState) -> Self {
        match s {
            r::ReferralState::Pending => ReferralState::Pending,
            r::ReferralState::Accepted => ReferralState::Accepted,
            r::ReferralState::Declined => ReferralState::Declined,
            r::ReferralState::Withdrawn => ReferralState::Withdrawn,
            r::ReferralState::Done { outcome } => ReferralState::Done {
                outcome: outcome.into(),
            },
        }
    }
}

/// A new referral.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NewReferral {
    /// The id of the agency asked to take it on.
    pub to: String,
    /// The id of the person referred, if any.
    #[uniffi(default = None)]
    pub person: Option<String>,
    /// The id of the case referred, if any.
    #[uniffi(default = None)]
    pub case: Option<String>,
    /// The information category of the reason.
    pub category: InformationCategory,
    /// Why.
    pub reason: String,
    /// The person's consent, if recorded.
    #[uniffi(default = None)]
    pub consent: Option<Consent>,
    /// Where consent is refused or not recorded: why it is overridden.
    #[uniffi(default = None)]
    pub consent_override: Option<String>,
}

impl TryFrom<NewReferral> for safehub::NewReferral {
    type Error = SafehubError;
    fn try_from(n: NewReferral) -> Result<Self> {
        Ok(safehub::NewReferral {
            to: id(&n.to)?,
            person: opt_id(n.person.as_deref())?,
            case: opt_id(n.case.as_deref())?,
            category: n.category,
            reason: n.reason,
            consent: n.consent.map(Into::into),
            consent_override: n.consent_override,
        })
    }
}

/// A referral as a viewer sees it.
// A value crossing the FFI is serialised whole either way: boxing the large variant would save
// nothing there and complicate the foreign type.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ReferralView {
    /// The whole referral.
    Full {
        /// The referral.
        referral: ReferralDetail,
    },
    /// That a referral was made between the agencies, and where it stands.
    Stub {
        /// The trace.
        stub: ReferralStub,
    },
}

impl From<r::ReferralView> for ReferralView {
    fn from(v: r::ReferralView) -> Self {
        match v {
            r::ReferralView::Full(d) => ReferralView::Full {
                referral: (*d).into(),
            },
            r::ReferralView::Stub(s) => ReferralView::Stub { stub: s.into() },
        }
    }
}

/// A whole referral.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReferralDetail {
    /// Its id.
    pub id: String,
    /// The referring agency.
    pub from_agency: AgencyRef,
    /// Who made it.
    pub referrer: PractitionerRef,
    /// The receiving agency.
    pub to_agency: AgencyRef,
    /// The person referred, as the viewer may see them.
    pub person: Option<PersonView>,
    /// The id of the case referred.
    pub case: Option<String>,
    /// The category of the reason.
    pub category: InformationCategory,
    /// Why it was made.
    pub reason: String,
    /// The consent recorded.
    pub consent: Option<Consent>,
    /// The consent override, if consent was overridden.
    pub consent_override: Option<ConsentOverride>,
    /// When it was made.
    pub made_at: SystemTime,
    /// Where it stands.
    pub state: ReferralState,
    /// When it was accepted or declined.
    pub decided_at: Option<SystemTime>,
    /// Who accepted or declined it.
    pub decided_by: Option<PractitionerRef>,
    /// Why it was declined, where the viewer may read it.
    pub decline_reason: Option<String>,
}

impl From<r::ReferralDetail> for ReferralDetail {
    fn from(d: r::ReferralDetail) -> Self {
        ReferralDetail {
            id: d.id.to_string(),
            from_agency: d.from_agency,
            referrer: d.referrer,
            to_agency: d.to_agency,
            person: d.person.map(Into::into),
            case: d.case.map(|c| c.to_string()),
            category: d.category,
            reason: d.reason,
            consent: d.consent.map(Into::into),
            consent_override: d.consent_override.map(Into::into),
            made_at: time(d.made_at),
            state: d.state.into(),
            decided_at: opt_time(d.decided_at),
            decided_by: d.decided_by,
            decline_reason: d.decline_reason,
        }
    }
}

/// The visible trace of a referral the viewer may not read.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReferralStub {
    /// Its id.
    pub id: String,
    /// The referring agency: whom to ask.
    pub from_agency: AgencyRef,
    /// The receiving agency.
    pub to_agency: AgencyRef,
    /// When it was made.
    pub made_at: SystemTime,
    /// Where it stands.
    pub state: ReferralState,
}

impl From<r::ReferralStub> for ReferralStub {
    fn from(s: r::ReferralStub) -> Self {
        ReferralStub {
            id: s.id.to_string(),
            from_agency: s.from_agency,
            to_agency: s.to_agency,
            made_at: time(s.made_at),
            state: s.state.into(),
        }
    }
}

#[uniffi::export]
impl Hub {
    /// Refers a person and/or a case to another agency, through the consent gate; returns the
    /// referral's id.
    pub fn refer(&self, actor: String, referral: NewReferral) -> Result<String> {
        let n = referral.try_into()?;
        Ok(self.core.refer(id(&actor)?, n)?.to_string())
    }

    /// Accepts a referral (a case worker of the receiving agency).
    pub fn accept_referral(&self, actor: String, referral: String) -> Result<()> {
        Ok(self.core.accept_referral(id(&actor)?, id(&referral)?)?)
    }

    /// Declines a referral with a reason the referring agency may read.
    pub fn decline_referral(&self, actor: String, referral: String, reason: String) -> Result<()> {
        Ok(self
            .core
            .decline_referral(id(&actor)?, id(&referral)?, &reason)?)
    }

    /// Withdraws a pending referral.
    pub fn withdraw_referral(&self, actor: String, referral: String) -> Result<()> {
        Ok(self.core.withdraw_referral(id(&actor)?, id(&referral)?)?)
    }

    /// Records how an accepted referral ended.
    pub fn record_referral_outcome(
        &self,
        actor: String,
        referral: String,
        outcome: Outcome,
    ) -> Result<()> {
        Ok(self
            .core
            .record_referral_outcome(id(&actor)?, id(&referral)?, outcome.into())?)
    }

    /// A referral as the viewer may see it.
    pub fn referral(&self, viewer: Viewer, referral: String) -> Result<ReferralView> {
        Ok(self.core.referral(&viewer, id(&referral)?)?.into())
    }

    /// Referrals to the viewer's agency, pending ones first, then newest first.
    pub fn referrals_received(&self, viewer: Viewer) -> Result<Vec<ReferralView>> {
        Ok(all(self.core.referrals_received(&viewer)?))
    }

    /// Referrals from the viewer's agency, pending ones first, then newest first.
    pub fn referrals_sent(&self, viewer: Viewer) -> Result<Vec<ReferralView>> {
        Ok(all(self.core.referrals_sent(&viewer)?))
    }
}
