//! Typed identifiers for every record the hub keeps.
//!
//! Each id is a UUID behind its own type, so a `CaseId` can never be passed where a `PersonId`
//! is meant. Ids are drawn from an injected [`IdSource`](crate::clock::IdSource), never inside
//! `decide` or `apply`, which keeps the core deterministic under test.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify), tsify(type = "string"))]
        pub struct $name(pub Uuid);

        // The UUID's order (its bytes, first to last), compared as one big-endian number: the
        // derived order compares the bytes through `memcmp`, a call per comparison that was
        // most of an import's sorts and profile lookups by id.
        impl Ord for $name {
            fn cmp(&self, other: &Self) -> std::cmp::Ordering {
                self.0.as_u128().cmp(&other.0.as_u128())
            }
        }

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl $name {
            /// The label used in errors and explanations.
            pub const WHAT: &'static str = $what;

            /// Parses the hyphenated text form; the error names the field, never echoes the input.
            pub fn parse(text: &str) -> Result<Self, crate::Error> {
                Uuid::parse_str(text.trim())
                    .map($name)
                    .map_err(|_| crate::Error::invalid($what, "not a valid id"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                $name(id)
            }
        }
    };
}

typed_id!(
    /// An agency that belongs (or belonged) to the partnership.
    AgencyId, "agency_id");
typed_id!(
    /// A practitioner: a user of an agency.
    PractitionerId, "practitioner_id");
typed_id!(
    /// An information sharing agreement.
    AgreementId, "agreement_id");
typed_id!(
    /// A person profile (victim, offender, witness, vulnerable person...).
    PersonId, "person_id");
typed_id!(
    /// A fact an agency holds about a person (an address, a phone number, an identifier).
    FactId, "fact_id");
typed_id!(
    /// A location profile (an address, a park, a shop).
    LocationId, "location_id");
typed_id!(
    /// A group: a household, a gang, a street drinking group.
    GroupId, "group_id");
typed_id!(
    /// A case.
    CaseId, "case_id");
typed_id!(
    /// An entry on a case's timeline.
    EntryId, "entry_id");
typed_id!(
    /// An incident (a call for service or report) imported from a host system.
    IncidentId, "incident_id");
typed_id!(
    /// One event in the journal.
    EventId, "event_id");
typed_id!(
    /// A notification of the viewer's feed: the id of the journal event that made it, and the
    /// cursor to page after it (`Hub::notifications`).
    NotificationId, "notification_id");

// ---- risk ----
typed_id!(
    /// A risk assessment.
    AssessmentId, "assessment_id");
typed_id!(
    /// A task set on a case for a practitioner or an agency.
    TaskId, "task_id");
typed_id!(
    /// A referral from one agency to another.
    ReferralId, "referral_id");
typed_id!(
    /// A meeting of the hub (a daily hub meeting, a complex case panel, ...).
    MeetingId, "meeting_id");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_order_as_their_uuids_do() {
        // Ids that differ in their first, middle and last bytes, and by a byte's high bit, so
        // a comparison of the wrong end first (or a signed one) would order them differently.
        let bytes = [
            [0u8; 16],
            [0xff; 16],
            [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0],
            [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff],
            [0x7f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ];
        let mut uuids: Vec<Uuid> = bytes.iter().map(|b| Uuid::from_bytes(*b)).collect();
        uuids.extend((0..200).map(|_| Uuid::new_v4()));
        for a in &uuids {
            for b in &uuids {
                assert_eq!(PersonId(*a).cmp(&PersonId(*b)), a.cmp(b), "{a} and {b}");
                assert_eq!(
                    IncidentId(*a).partial_cmp(&IncidentId(*b)),
                    a.partial_cmp(b)
                );
            }
        }
    }
}
