//! Information sharing agreements (ISPs/ISAs) as data.
//!
//! An agreement names its parties, purposes, lawful basis (e.g. s115 Crime and Disorder Act 1998),
//! the categories of information it covers, whether it covers special category data, and when it
//! starts and ends. Content crosses from one agency to another only under an agreement active at
//! the time of reading that covers the content's category between both agencies (DESIGN.md
//! section 4, rule 2). Ending an agreement stops future sharing; it never rewrites the record.

use crate::entries::{CategorySet, InformationCategory};
use crate::ids::{AgencyId, AgreementId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The legal gateway an agreement relies on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LawfulBasis {
    /// s115 Crime and Disorder Act 1998: a power (not a duty) to disclose to a relevant
    /// authority where necessary or expedient for the Act's purposes.
    CrimeAndDisorderActS115,
    /// The data subject's consent.
    Consent,
    /// A statutory safeguarding duty (e.g. Children Act 2004 s11, Care Act 2014 s42).
    SafeguardingDuty,
    /// A public task (UK GDPR Article 6(1)(e)).
    PublicTask,
    /// A legal obligation.
    LegalObligation,
    /// Protecting someone's vital interests.
    VitalInterests,
    /// Another basis, described in words.
    Other(String),
}

/// An information sharing agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    /// Its id.
    pub id: AgreementId,
    /// Its title, e.g. "Tamworth Hub ISP 2026".
    pub title: String,
    /// The agencies that signed it. Sharing runs between any two of them.
    pub parties: BTreeSet<AgencyId>,
    /// What the sharing is for.
    pub purposes: Vec<String>,
    /// The legal gateway.
    pub lawful_basis: LawfulBasis,
    /// The categories of information it covers.
    pub categories: CategorySet,
    /// Whether it covers the special categories it lists. A special category in `categories`
    /// without this is not covered: the agreement must name health data explicitly.
    pub special_category: bool,
    /// When it takes effect.
    pub starts: DateTime<Utc>,
    /// When it stops, if it does. Reads at or after this time are not covered.
    pub ends: Option<DateTime<Utc>>,
}

impl Agreement {
    /// Whether the agreement is in force at `at`.
    pub fn is_active_at(&self, at: DateTime<Utc>) -> bool {
        self.starts <= at && self.ends.is_none_or(|end| at < end)
    }

    /// Whether the agreement covers `category` (special categories only where it names them).
    pub fn covers(&self, category: InformationCategory) -> bool {
        self.categories.contains(category) && (!category.is_special() || self.special_category)
    }

    /// Whether both agencies are parties.
    pub fn binds(&self, a: AgencyId, b: AgencyId) -> bool {
        self.parties.contains(&a) && self.parties.contains(&b)
    }
}

/// A new information sharing agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewAgreement {
    /// Title.
    pub title: String,
    /// The signing agencies (at least two).
    pub parties: Vec<AgencyId>,
    /// What the sharing is for.
    pub purposes: Vec<String>,
    /// The legal gateway.
    pub lawful_basis: LawfulBasis,
    /// Categories covered.
    pub categories: Vec<InformationCategory>,
    /// Whether the special categories listed are covered.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub special_category: bool,
    /// When it starts.
    pub starts: DateTime<Utc>,
    /// When it ends, if set.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub ends: Option<DateTime<Utc>>,
}
