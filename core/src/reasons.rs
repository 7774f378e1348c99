//! Reasons one party gives another: why a task or a referral was declined. A reason is content
//! owned by the giver's agency and addressed to the other party's agency; it sits below tasks and
//! referrals, which both carry one, so neither feature reaches into the other for it.

use crate::audit::ContentKind;
use crate::entries::{InformationCategory, Visibility};
use crate::ids::{AgencyId, PractitionerId};
use crate::sharing::{Access, Content, Decision, Engine};
use crate::views::ViewBuilder;
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

/// The sharing decision on a reason one party gave the other: the giver's agency and the
/// addressee's agency (under an agreement) read it; nobody else.
pub(crate) fn reason_decision(
    engine: &Engine<'_>,
    reason: &Reason,
    category: InformationCategory,
    addressee: AgencyId,
) -> Decision {
    engine.addressed(
        &Content {
            owner: reason.agency,
            author: Some(reason.by),
            category,
            visibility: Visibility::Agency,
            case: None,
            sensitive: false,
        },
        engine.agency() == addressee,
    )
}

/// A reason's text where the viewer may read it, noting the disclosure.
pub(crate) fn reason_text(
    b: &mut ViewBuilder<'_, '_>,
    reason: Option<&Reason>,
    category: InformationCategory,
    addressee: AgencyId,
    kind: ContentKind,
    id: uuid::Uuid,
) -> Option<String> {
    let reason = reason?;
    let d = reason_decision(b.engine, reason, category, addressee);
    if d.access != Access::Full {
        return None;
    }
    b.disclosures.note(&d, kind, id, reason.agency);
    Some(reason.text.clone())
}
