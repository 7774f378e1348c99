//! Stored shapes of the referral events.

use super::tasks::Reason;
use super::unit_enum;
use super::values::InformationCategory;
use crate::referrals;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

unit_enum! {
    /// Why an accepted referral did not succeed.
    UnsuccessfulReason = referrals::UnsuccessfulReason {
        ClientRefused = "client_refused",
        LackOfCapacity = "lack_of_capacity",
        NoLongerNeeded = "no_longer_needed",
        Unreachable = "unreachable",
        Other = "other",
    }
}

/// How an accepted referral ended: `{"outcome": "successful"}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome")]
pub(crate) enum Outcome {
    /// It worked.
    #[serde(rename = "successful")]
    Successful,
    /// It did not, and why.
    #[serde(rename = "not_successful")]
    NotSuccessful {
        #[serde(rename = "reason")]
        reason: UnsuccessfulReason,
    },
}

impl From<referrals::Outcome> for Outcome {
    fn from(o: referrals::Outcome) -> Self {
        match o {
            referrals::Outcome::Successful => Outcome::Successful,
            referrals::Outcome::NotSuccessful { reason } => Outcome::NotSuccessful {
                reason: reason.into(),
            },
        }
    }
}

impl From<Outcome> for referrals::Outcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Successful => referrals::Outcome::Successful,
            Outcome::NotSuccessful { reason } => referrals::Outcome::NotSuccessful {
                reason: reason.into(),
            },
        }
    }
}

/// Where a referral stands: `{"state": "pending"}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state")]
pub(crate) enum ReferralState {
    /// Waiting for the receiving agency.
    #[serde(rename = "pending")]
    Pending,
    /// Accepted.
    #[serde(rename = "accepted")]
    Accepted,
    /// Declined.
    #[serde(rename = "declined")]
    Declined,
    /// Withdrawn by the referrer.
    #[serde(rename = "withdrawn")]
    Withdrawn,
    /// Ended with an outcome.
    #[serde(rename = "done")]
    Done {
        #[serde(rename = "outcome")]
        outcome: Outcome,
    },
}

impl From<referrals::ReferralState> for ReferralState {
    fn from(s: referrals::ReferralState) -> Self {
        use referrals::ReferralState as D;
        match s {
            D::Pending => ReferralState::Pending,
            D::Accepted => ReferralState::Accepted,
            D::Declined => ReferralState::Declined,
            D::Withdrawn => ReferralState::Withdrawn,
            D::Done { outcome } => ReferralState::Done {
                outcome: outcome.into(),
            },
        }
    }
}

impl From<ReferralState> for referrals::ReferralState {
    fn from(s: ReferralState) -> Self {
        use referrals::ReferralState as D;
        match s {
            ReferralState::Pending => D::Pending,
            ReferralState::Accepted => D::Accepted,
            ReferralState::Declined => D::Declined,
            ReferralState::Withdrawn => D::Withdrawn,
            ReferralState::Done { outcome } => D::Done {
                outcome: outcome.into(),
            },
        }
    }
}

/// The consent recorded with a referral: `{"consent": "given"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "consent")]
pub(crate) enum Consent {
    /// Given.
    #[serde(rename = "given")]
    Given,
    /// Refused.
    #[serde(rename = "refused")]
    Refused,
    /// Not required, and under which lawful reason.
    #[serde(rename = "not_required")]
    NotRequired {
        #[serde(rename = "lawful_reason")]
        lawful_reason: String,
    },
}

impl From<&referrals::Consent> for Consent {
    fn from(c: &referrals::Consent) -> Self {
        match c {
            referrals::Consent::Given => Consent::Given,
            referrals::Consent::Refused => Consent::Refused,
            referrals::Consent::NotRequired { lawful_reason } => Consent::NotRequired {
                lawful_reason: lawful_reason.clone(),
            },
        }
    }
}

impl From<Consent> for referrals::Consent {
    fn from(c: Consent) -> Self {
        match c {
            Consent::Given => referrals::Consent::Given,
            Consent::Refused => referrals::Consent::Refused,
            Consent::NotRequired { lawful_reason } => {
                referrals::Consent::NotRequired { lawful_reason }
            }
        }
    }
}

/// The audited override of refused or unrecorded consent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct ConsentOverride {
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "reason")]
    reason: String,
}

/// A referral as made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Referral {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "from_agency")]
    from_agency: Uuid,
    #[serde(rename = "referrer")]
    referrer: Uuid,
    #[serde(rename = "to_agency")]
    to_agency: Uuid,
    #[serde(rename = "person")]
    person: Option<Uuid>,
    #[serde(rename = "case")]
    case: Option<Uuid>,
    #[serde(rename = "category")]
    category: InformationCategory,
    #[serde(rename = "reason")]
    reason: String,
    #[serde(rename = "consent")]
    consent: Option<Consent>,
    #[serde(rename = "consent_override")]
    consent_override: Option<ConsentOverride>,
    #[serde(rename = "made_at")]
    made_at: DateTime<Utc>,
    #[serde(rename = "state")]
    state: ReferralState,
    #[serde(rename = "decided_at")]
    decided_at: Option<DateTime<Utc>>,
    #[serde(rename = "decided_by")]
    decided_by: Option<Uuid>,
    #[serde(rename = "declined")]
    declined: Option<Reason>,
    #[serde(rename = "changed_at")]
    changed_at: DateTime<Utc>,
}

impl From<&referrals::Referral> for Referral {
    fn from(r: &referrals::Referral) -> Self {
        let referrals::Referral {
            id,
            from_agency,
            referrer,
            to_agency,
            person,
            case,
            category,
            reason,
            consent,
            consent_override,
            made_at,
            state,
            decided_at,
            decided_by,
            declined,
            changed_at,
        } = r;
        Referral {
            id: id.0,
            from_agency: from_agency.0,
            referrer: referrer.0,
            to_agency: to_agency.0,
            person: person.map(|p| p.0),
            case: case.map(|c| c.0),
            category: (*category).into(),
            reason: reason.clone(),
            consent: consent.as_ref().map(Consent::from),
            consent_override: consent_override.as_ref().map(|o| ConsentOverride {
                by: o.by.0,
                reason: o.reason.clone(),
            }),
            made_at: *made_at,
            state: (*state).into(),
            decided_at: *decided_at,
            decided_by: decided_by.map(|p| p.0),
            declined: declined.as_ref().map(Reason::from),
            changed_at: *changed_at,
        }
    }
}

impl From<Referral> for referrals::Referral {
    fn from(r: Referral) -> Self {
        referrals::Referral {
            id: r.id.into(),
            from_agency: r.from_agency.into(),
            referrer: r.referrer.into(),
            to_agency: r.to_agency.into(),
            person: r.person.map(Into::into),
            case: r.case.map(Into::into),
            category: r.category.into(),
            reason: r.reason,
            consent: r.consent.map(Into::into),
            consent_override: r.consent_override.map(|o| referrals::ConsentOverride {
                by: o.by.into(),
                reason: o.reason,
            }),
            made_at: r.made_at,
            state: r.state.into(),
            decided_at: r.decided_at,
            decided_by: r.decided_by.map(Into::into),
            declined: r.declined.map(Into::into),
            changed_at: r.changed_at,
        }
    }
}
