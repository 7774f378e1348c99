//! The hub's methods for referrals: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::commands::*;
use super::consent::Consent;
use super::referral::Outcome;
use super::view::*;
use crate::commands::Command;
use crate::error::Error;
use crate::error::Result;
use crate::hub::Hub;
use crate::ids::PractitionerId;
use crate::ids::ReferralId;
use crate::validation;
use crate::validation::MAX_SHORT;
use crate::validation::MAX_TEXT;
use crate::views::Viewer;

impl Hub {
    /// One referral as the viewer may see it.
    pub fn referral(&self, viewer: &Viewer, id: ReferralId) -> Result<ReferralView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .referrals
                .by_id
                .get(&id)
                .and_then(|r| referral_view(b, r))
                .ok_or(Error::not_found("referral"))
        })
    }

    /// Referrals to the viewer's agency, pending ones first, then newest first.
    pub fn referrals_received(&self, viewer: &Viewer) -> Result<Vec<ReferralView>> {
        self.read(viewer, |b| Ok(received(b)))
    }

    /// Referrals from the viewer's agency, pending ones first, then newest first.
    pub fn referrals_sent(&self, viewer: &Viewer) -> Result<Vec<ReferralView>> {
        self.read(viewer, |b| {
            Ok(referral_list(b, |r, e| r.from_agency == e.agency()))
        })
    }
}

impl Hub {
    /// Refers a person and/or a case to another agency (a case worker; for a case, one on its
    /// team). Consent must be given or not required for a lawful reason; where it is refused or
    /// not recorded, only a holder of the consent override permission (supervisor and above)
    /// may refer, giving a reason that is recorded on the audited event.
    pub fn refer(&self, actor: PractitionerId, r: NewReferral) -> Result<ReferralId> {
        let consent = match r.consent {
            Some(Consent::NotRequired { lawful_reason }) => Some(Consent::NotRequired {
                lawful_reason: validation::line("lawful_reason", &lawful_reason, MAX_SHORT)?,
            }),
            other => other,
        };
        let referral = NewReferral {
            reason: validation::text("reason", &r.reason, MAX_TEXT)?,
            consent,
            consent_override: validation::optional_line(
                "consent_override",
                r.consent_override.as_deref(),
                MAX_SHORT,
            )?,
            ..r
        };
        let id = ReferralId(self.id());
        self.execute(
            actor,
            Command::Referral(ReferralCommand::Make { id, referral }),
        )?;
        Ok(id)
    }

    /// Accepts a referral (a case worker of the receiving agency). For a case referral the
    /// agency joins the case team, which needs an agreement covering the case type with the
    /// lead agency; without one the accept is refused.
    pub fn accept_referral(&self, actor: PractitionerId, referral: ReferralId) -> Result<()> {
        self.referral_act(actor, referral, ReferralAct::Accept)
    }

    /// Declines a referral with a reason the referring agency may read (a case worker of the
    /// receiving agency).
    pub fn decline_referral(
        &self,
        actor: PractitionerId,
        referral: ReferralId,
        reason: &str,
    ) -> Result<()> {
        let reason = validation::line("reason", reason, MAX_SHORT)?;
        self.referral_act(actor, referral, ReferralAct::Decline { reason })
    }

    /// Withdraws a pending referral (the referrer, or a supervisor of the referring agency).
    pub fn withdraw_referral(&self, actor: PractitionerId, referral: ReferralId) -> Result<()> {
        self.referral_act(actor, referral, ReferralAct::Withdraw)
    }

    /// Records how an accepted referral ended (a case worker of the receiving agency).
    pub fn record_referral_outcome(
        &self,
        actor: PractitionerId,
        referral: ReferralId,
        outcome: Outcome,
    ) -> Result<()> {
        self.referral_act(actor, referral, ReferralAct::Finish { outcome })
    }

    fn referral_act(
        &self,
        actor: PractitionerId,
        referral: ReferralId,
        act: ReferralAct,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Referral(ReferralCommand::Act { referral, act }),
        )
    }
}
