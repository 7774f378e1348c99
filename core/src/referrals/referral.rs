//! A referral: one agency asks another to take on a person or a case (early intervention, e.g.
//! police to mental health), and the lifecycle it follows, after Primero's: pending, then
//! accepted or declined by the receiver or withdrawn by the sender, and once accepted, done
//! with an outcome.

use super::consent::{Consent, ConsentOverride};
use crate::entries::InformationCategory;
use crate::ids::{AgencyId, CaseId, PersonId, PractitionerId, ReferralId};
use crate::reasons::Reason;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why an accepted referral did not succeed (Primero's list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum UnsuccessfulReason {
    /// The person refused the service.
    ClientRefused,
    /// The receiving agency had no capacity.
    LackOfCapacity,
    /// The service was no longer needed.
    NoLongerNeeded,
    /// The person or an organisation could not be reached.
    Unreachable,
    /// Anything else.
    Other,
}

/// How an accepted referral ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Outcome {
    /// The person got the service.
    Successful,
    /// They did not, and why.
    NotSuccessful {
        /// Why.
        reason: UnsuccessfulReason,
    },
}

/// Where a referral is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ReferralState {
    /// Waiting for the receiving agency.
    Pending,
    /// Taken on by the receiving agency.
    Accepted,
    /// Turned down by the receiving agency (the reason is content, kept beside the state).
    Declined,
    /// Withdrawn by the referring side while pending.
    Withdrawn,
    /// Finished, with an outcome.
    Done {
        /// How it ended.
        outcome: Outcome,
    },
}

impl ReferralState {
    /// Whether a referral in this state may move to `next`.
    pub fn can_become(self, next: ReferralState) -> bool {
        use ReferralState::*;
        matches!(
            (self, next),
            (Pending, Accepted | Declined | Withdrawn) | (Accepted, Done { .. })
        )
    }

    /// A stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferralState::Pending => "pending",
            ReferralState::Accepted => "accepted",
            ReferralState::Declined => "declined",
            ReferralState::Withdrawn => "withdrawn",
            ReferralState::Done { .. } => "done",
        }
    }
}

/// A referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    /// Its id.
    pub id: ReferralId,
    /// The referring agency: the owner of the reason and consent record.
    pub from_agency: AgencyId,
    /// Who made it.
    pub referrer: PractitionerId,
    /// The agency asked to take it on.
    pub to_agency: AgencyId,
    /// The person referred, if any.
    pub person: Option<PersonId>,
    /// The case referred, if any.
    pub case: Option<CaseId>,
    /// The information category of the reason.
    pub category: InformationCategory,
    /// Why the referral is made, which is content.
    pub reason: String,
    /// The consent recorded, if any.
    pub consent: Option<Consent>,
    /// Where consent was refused or not recorded: who overrode it and why.
    pub consent_override: Option<ConsentOverride>,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// Where it stands.
    pub state: ReferralState,
    /// When the receiver accepted or declined it.
    pub decided_at: Option<DateTime<Utc>>,
    /// Who accepted or declined it.
    pub decided_by: Option<PractitionerId>,
    /// Why it was declined.
    pub declined: Option<Reason>,
    /// When its state last changed.
    pub changed_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::ReferralState::*;
    use super::{Outcome, ReferralState, UnsuccessfulReason};

    const DONE: ReferralState = Done {
        outcome: Outcome::Successful,
    };

    #[test]
    fn only_a_pending_referral_is_decided_and_only_an_accepted_one_is_done() {
        let all = [Pending, Accepted, Declined, Withdrawn, DONE];
        for from in all {
            for to in all {
                let expected = matches!(
                    (from, to),
                    (Pending, Accepted | Declined | Withdrawn) | (Accepted, Done { .. })
                );
                assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
            }
        }
        let failed = Done {
            outcome: Outcome::NotSuccessful {
                reason: UnsuccessfulReason::ClientRefused,
            },
        };
        assert!(Accepted.can_become(failed));
        assert!(!Pending.can_become(failed));
    }
}
