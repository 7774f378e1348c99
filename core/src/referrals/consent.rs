//! Consent to refer, and the gate every referral passes (after Primero's: a transition is
//! refused unless consent is given or overridden by someone with the permission).
//!
//! Consent given, or not required for a stated lawful reason, passes. Consent refused or not
//! recorded passes only for a practitioner holding the consent override permission, which is
//! [`Role::Supervisor`] and above, and only with a reason; the override is recorded on the
//! referral's event, so it is in the audited journal.

use crate::error::{Error, Result};
use crate::ids::PractitionerId;
use crate::partnership::{Practitioner, Role};
use serde::{Deserialize, Serialize};

/// The person's consent to the referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "consent", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Consent {
    /// The person agreed.
    Given,
    /// The person refused.
    Refused,
    /// Consent is not needed, for this lawful reason (e.g. a risk of serious harm; s115 Crime
    /// and Disorder Act 1998).
    NotRequired {
        /// The lawful reason.
        lawful_reason: String,
    },
}

/// A referral made although consent was refused or not recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsentOverride {
    /// Who overrode it.
    pub by: PractitionerId,
    /// Why.
    pub reason: String,
}

/// Whether a role holds the consent override permission: supervisors and above.
pub fn may_override_consent(role: Role) -> bool {
    role >= Role::Supervisor
}

/// The consent gate: the override to record, if the referral passes on one.
pub(crate) fn gate(
    who: &Practitioner,
    consent: Option<&Consent>,
    override_reason: Option<String>,
    action: &'static str,
) -> Result<Option<ConsentOverride>> {
    match consent {
        Some(Consent::Given | Consent::NotRequired { .. }) => match override_reason {
            None => Ok(None),
            Some(_) => Err(Error::invalid(
                "consent_override",
                "only where consent is refused or not recorded",
            )),
        },
        Some(Consent::Refused) | None => {
            if !may_override_consent(who.role) {
                return Err(Error::forbidden(
                    action,
                    "consent is refused or not recorded, and overriding it needs the consent override permission",
                ));
            }
            match override_reason {
                Some(reason) => Ok(Some(ConsentOverride { by: who.id, reason })),
                None => Err(Error::forbidden(
                    action,
                    "consent is refused or not recorded: an override needs a reason",
                )),
            }
        }
    }
}
