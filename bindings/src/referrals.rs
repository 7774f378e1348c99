//! Referrals through the bindings: refer with the consent gate, accept, decline, withdraw,
//! record the outcome, and the referral lists. The records are the core's.

use crate::error::Result;
use crate::hub::{forward, Hub};
pub use safehub::referrals::{ConsentOverride, Outcome, ReferralDetail, ReferralStub};
pub use safehub::{Consent, NewReferral, ReferralState, ReferralView};
use safehub::{PractitionerId, ReferralId, Viewer};

forward! {
    core =>
    /// Refers a person and/or a case to another agency, through the consent gate; returns the
    /// referral's id.
    fn refer(actor: PractitionerId, referral: NewReferral) -> Result<ReferralId> =
        Ok(core.refer(actor, referral)?);
    /// Accepts a referral (a case worker of the receiving agency).
    fn accept_referral(actor: PractitionerId, referral: ReferralId) -> Result<()> =
        Ok(core.accept_referral(actor, referral)?);
    /// Declines a referral with a reason the referring agency may read.
    fn decline_referral(actor: PractitionerId, referral: ReferralId, reason: String)
        -> Result<()> = Ok(core.decline_referral(actor, referral, &reason)?);
    /// Withdraws a pending referral.
    fn withdraw_referral(actor: PractitionerId, referral: ReferralId) -> Result<()> =
        Ok(core.withdraw_referral(actor, referral)?);
    /// Records how an accepted referral ended.
    fn record_referral_outcome(actor: PractitionerId, referral: ReferralId, outcome: Outcome)
        -> Result<()> = Ok(core.record_referral_outcome(actor, referral, outcome)?);
    /// A referral as the viewer may see it.
    fn referral(viewer: Viewer, referral: ReferralId) -> Result<ReferralView> =
        Ok(core.referral(&viewer, referral)?);
    /// Referrals to the viewer's agency, pending ones first, then newest first.
    fn referrals_received(viewer: Viewer) -> Result<Vec<ReferralView>> =
        Ok(core.referrals_received(&viewer)?);
    /// Referrals from the viewer's agency, pending ones first, then newest first.
    fn referrals_sent(viewer: Viewer) -> Result<Vec<ReferralView>> =
        Ok(core.referrals_sent(&viewer)?);
}
