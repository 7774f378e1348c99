//! The consultation and disclosure log (DPA 2018 Part 3, s62).
//!
//! Every read that returns another agency's content records who read it, when, what, under which
//! agreement and with what justification. The record is an event in the hash-chained journal,
//! so it is as tamper-evident as the content it protects, and the owning agency can list who
//! consulted its information.

use crate::ids::{AgencyId, AgreementId, MeetingId, PractitionerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The kinds of content the sharing rules decide on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ContentKind {
    /// A case header (type, title, subjects).
    Case,
    /// An entry on a case.
    Entry,
    /// A person's details.
    Person,
    /// A location's details.
    Location,
    /// A group's membership.
    Group,
    // ---- risk ----
    /// A risk assessment.
    RiskAssessment,
    /// A task's title and detail, or a reason given on it.
    Task,
    /// A referral's reason and consent record, or a reason given on it.
    Referral,
    /// An incident imported from a host system.
    Incident,
}

/// One piece of another agency's content returned by a read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ConsultedItem {
    /// What kind of record.
    pub kind: ContentKind,
    /// Its id.
    pub id: Uuid,
    /// The agency that owns it.
    pub owner: AgencyId,
    /// The agreement under which it was shared.
    pub agreement: AgreementId,
}

/// One read of other agencies' content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Consultation {
    /// Who read.
    pub viewer: PractitionerId,
    /// The reader's agency.
    pub viewer_agency: AgencyId,
    /// When.
    pub at: DateTime<Utc>,
    /// The time the read looked back to, for an as-of read.
    pub as_of: Option<DateTime<Utc>>,
    /// Why, as the host system passed it in (e.g. "hub meeting 3 March, item 4").
    pub justification: String,
    /// What was returned.
    pub items: Vec<ConsultedItem>,
    /// The hub meeting the read was made for, if it was (the minutes of a meeting): a purpose
    /// the log can name ("hub meeting of 3 March") rather than free text.
    pub meeting: Option<MeetingId>,
}

impl Consultation {
    /// What `owner` is shown of the consultation: the items it owns, each once, in a fixed
    /// order. Reads log each item once, but journals written before they did may list an item
    /// as often as the read returned it, which counts the other agencies' records read with it.
    pub(crate) fn items_of(&self, owner: AgencyId) -> Vec<ConsultedItem> {
        let own: BTreeSet<&ConsultedItem> =
            self.items.iter().filter(|i| i.owner == owner).collect();
        own.into_iter().cloned().collect()
    }
}
