//! Referrals: one agency asks another to take on a person or a case (early intervention), with
//! the consent gate and the lifecycle of DESIGN.md section 6 and Primero (DOMAIN.md section 2).
//!
//! A referral is made with consent given, not required for a lawful reason, or overridden by a
//! holder of the consent override permission ([`consent`]); it is accepted (the receiving agency
//! joins the case team in the same append) or declined with a reason by the receiver, or
//! withdrawn by the sender while pending; an accepted one is done with an [`Outcome`].

mod api;

mod commands;
pub mod consent;
pub mod referral;
pub mod view;

pub use commands::NewReferral;
pub(crate) use commands::{decide_referral, ReferralCommand};
pub use consent::{may_override_consent, Consent, ConsentOverride};
pub use referral::{Outcome, Referral, ReferralState, UnsuccessfulReason};
pub(crate) use view::received;
pub use view::{ReferralDetail, ReferralStub, ReferralView};

use crate::events::Event;
use crate::ids::ReferralId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The referrals projection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ReferralBook {
    pub by_id: BTreeMap<ReferralId, Referral>,
}

impl ReferralBook {
    /// Applies a referral event recorded at `at`; other events are not its business.
    pub fn apply(&mut self, at: DateTime<Utc>, event: &Event) {
        if let Event::ReferralMade { referral } = event {
            self.by_id.insert(referral.id, referral.clone());
            return;
        }
        let (id, next) = match event {
            Event::ReferralAccepted { referral, .. } => (referral, ReferralState::Accepted),
            Event::ReferralDeclined { referral, .. } => (referral, ReferralState::Declined),
            Event::ReferralWithdrawn { referral, .. } => (referral, ReferralState::Withdrawn),
            Event::ReferralOutcomeRecorded {
                referral, outcome, ..
            } => (referral, ReferralState::Done { outcome: *outcome }),
            _ => return,
        };
        let Some(r) = self.by_id.get_mut(id) else {
            return;
        };
        r.state = next;
        r.changed_at = at;
        match event {
            Event::ReferralAccepted { by, .. } => {
                r.decided_at = Some(at);
                r.decided_by = Some(*by);
            }
            Event::ReferralDeclined { reason, .. } => {
                r.decided_at = Some(at);
                r.decided_by = Some(reason.by);
                r.declined = Some(reason.clone());
            }
            _ => {}
        }
    }
}
