//! Stored shapes of the values the case lifecycle events carry: a closing's outcome and how one
//! case is linked to another.

use super::unit_enum;
use crate::cases;

unit_enum! {
    /// How a case ended.
    CaseOutcome = cases::CaseOutcome {
        Resolved = "resolved",
        RiskReduced = "risk_reduced",
        EnforcementAction = "enforcement_action",
        ReferredOn = "referred_on",
        MovedAway = "moved_away",
        DidNotEngage = "did_not_engage",
        NoFurtherAction = "no_further_action",
        Duplicate = "duplicate",
        Deceased = "deceased",
        Other = "other",
    }
}

unit_enum! {
    /// How the linking case relates to the other.
    CaseLink = cases::CaseLink {
        Related = "related",
        DuplicateOf = "duplicate_of",
        PartOf = "part_of",
    }
}
