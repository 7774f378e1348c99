//! Reasons one party gives another: why a task or a referral was declined. A reason is content
//! owned by the giver's agency and addressed to the other party's agency; it sits below tasks and
//! referrals, which both carry one, so neither feature reaches into the other for it. Who may
//! read one is the views' business (`ViewBuilder::reason_text`).

use crate::ids::{AgencyId, PractitionerId};
use serde::{Deserialize, Serialize};

/// A reason one party gave another (declining a task or a referral): content owned by the
/// giver's agency, addressed to the other party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Who gave it.
    pub by: PractitionerId,
    /// Their agency: the owner of the text.
    pub agency: AgencyId,
    /// The text.
    pub text: String,
}
