//! What data protection records in the journal: retention rules and decisions, and the
//! erasure tombstone with the records it names. The nouns the protection events carry, kept
//! apart from the decisions and reports that use them (`retention`, `erasure`), which read the
//! projections and the sharing engine.

use crate::calendar::Calendar;
use crate::cases::CaseType;
use crate::entries::InformationCategory;
use crate::ids::{
    AgencyId, AssessmentId, CaseId, EntryId, PersonId, PractitionerId, ReferralId, TaskId,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The default review period: "review 6 years after closure" (MoPI's usual minimum).
pub const DEFAULT_REVIEW_MONTHS: u32 = 72;

/// The longest review period a rule may set: 100 years.
pub(crate) const MAX_REVIEW_MONTHS: u32 = 1_200;

/// MoPI-style retention groups. The periods are the commonly cited ones and are **unverified**
/// (DOMAIN.md section 4 could not retrieve them): check them against the current APP before
/// relying on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum MopiGroup {
    /// Certain public protection matters: kept until the subject is 100, reviewed every 10
    /// years. The hub models only the 10-yearly review.
    Group1,
    /// Other sexual, violent or serious offences: reviewed every 10 years.
    Group2,
    /// Everything else: reviewed after a 6-year clear period.
    Group3,
}

impl MopiGroup {
    /// The review period, in months.
    pub fn review_months(self) -> u32 {
        match self {
            MopiGroup::Group1 | MopiGroup::Group2 => 120,
            MopiGroup::Group3 => 72,
        }
    }
}

/// What a rule applies to. Both `None` means every case.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct AppliesTo {
    /// Cases holding information of this category (the case type's own category or any
    /// entry's).
    pub category: Option<InformationCategory>,
    /// Cases of this type.
    pub case_type: Option<CaseType>,
}

/// A retention rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RetentionRule {
    /// What it applies to.
    pub applies_to: AppliesTo,
    /// The review falls due this many months after the case closed.
    pub review_after_months: u32,
    /// The MoPI group the period was taken from, if any (a label; the months decide).
    pub group: Option<MopiGroup>,
}

impl RetentionRule {
    /// The default rule: every case, reviewed six years after closure.
    pub fn default_rule() -> Self {
        RetentionRule {
            applies_to: AppliesTo::default(),
            review_after_months: DEFAULT_REVIEW_MONTHS,
            group: None,
        }
    }

    /// A rule taking its period from a MoPI group (periods unverified: see [`MopiGroup`]).
    pub fn mopi(applies_to: AppliesTo, group: MopiGroup) -> Self {
        RetentionRule {
            applies_to,
            review_after_months: group.review_months(),
            group: Some(group),
        }
    }

    /// `from` plus the review period in calendar months on `calendar`, or `None` past the end
    /// of time.
    pub fn review_from(&self, from: DateTime<Utc>, calendar: &Calendar) -> Option<DateTime<Utc>> {
        calendar.add_months(from, self.review_after_months)
    }
}

/// What to do with a case at its review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum RetentionChoice {
    /// Keep it, for a recorded reason, until the next review one period from now.
    Retain {
        /// Why it is still needed.
        reason: String,
    },
    /// Dispose of its content.
    Dispose,
}

/// A recorded retention decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionDecision {
    /// Its id.
    pub id: Uuid,
    /// The case.
    pub case: CaseId,
    /// Who decided.
    pub by: PractitionerId,
    /// When.
    pub at: DateTime<Utc>,
    /// What was decided.
    pub choice: RetentionChoice,
    /// The rule the review fell due under.
    pub rule: RetentionRule,
    /// For "retain": when the case is next reviewed.
    pub next_review: Option<DateTime<Utc>>,
}

/// What erased text and names are replaced with.
pub const ERASED: &str = "[erased]";

/// The journal kind of the tombstone event.
pub(crate) const TOMBSTONE_KIND: &str = "erasure_recorded";

/// What is being disposed of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ErasureTarget {
    /// A closed case's content.
    Case(CaseId),
    /// A person's profile (only once no undisposed case is linked to them).
    Person(PersonId),
}

/// One record whose content was erased: the tombstone's "what kind".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ErasedRecord {
    /// A case's title, and the reasons given for its transfers, closings and reopenings.
    Case(CaseId),
    /// An entry's text.
    Entry(EntryId),
    /// A person's name, aliases, date of birth, identifiers and flags.
    Person(PersonId),
    /// An assessment's answers, notes, and override and review reasons.
    Assessment(AssessmentId),
    /// A task's title, detail and decline reason.
    Task(TaskId),
    /// A referral's reason, consent reasons and decline reason.
    Referral(ReferralId),
}

/// Under what authority content was disposed of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ground", rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum ErasureGround {
    /// A retention review decided to dispose, under this rule.
    Retention {
        /// The rule the review fell due by.
        rule: RetentionRule,
    },
    /// A request (erasure under UK GDPR Art. 17 or DPA 2018 s47, a court order), by reference.
    Request {
        /// The request's reference, e.g. "SAR-2026-014 erasure": no personal data.
        reference: String,
    },
}

/// The audited tombstone of an erasure. Carries no erased content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Erasure {
    /// Its id.
    pub id: Uuid,
    /// What was disposed of.
    pub target: ErasureTarget,
    /// Under which rule or request.
    pub ground: ErasureGround,
    /// Who disposed of it.
    pub by: PractitionerId,
    /// Their agency.
    pub agency: AgencyId,
    /// When.
    pub at: DateTime<Utc>,
    /// Every record whose content went.
    pub records: Vec<ErasedRecord>,
    /// The journal events redacted to remove it.
    pub seqs: Vec<u64>,
}
