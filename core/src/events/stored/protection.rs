//! Stored shapes of the data protection events: retention rules and decisions, erasures.

use super::unit_enum;
use super::values::{CaseType, InformationCategory};
use crate::protection;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

unit_enum! {
    /// A MoPI retention group.
    MopiGroup = protection::MopiGroup {
        Group1 = "group1",
        Group2 = "group2",
        Group3 = "group3",
    }
}

/// What a retention rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct AppliesTo {
    #[serde(rename = "category")]
    category: Option<InformationCategory>,
    #[serde(rename = "case_type")]
    case_type: Option<CaseType>,
}

/// A retention rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RetentionRule {
    #[serde(rename = "applies_to")]
    applies_to: AppliesTo,
    #[serde(rename = "review_after_months")]
    review_after_months: u32,
    #[serde(rename = "group")]
    group: Option<MopiGroup>,
}

impl From<&protection::RetentionRule> for RetentionRule {
    fn from(r: &protection::RetentionRule) -> Self {
        let protection::RetentionRule {
            applies_to,
            review_after_months,
            group,
        } = r;
        let protection::AppliesTo {
            category,
            case_type,
        } = applies_to;
        RetentionRule {
            applies_to: AppliesTo {
                category: category.map(Into::into),
                case_type: case_type.map(Into::into),
            },
            review_after_months: *review_after_months,
            group: group.map(Into::into),
        }
    }
}

impl From<RetentionRule> for protection::RetentionRule {
    fn from(r: RetentionRule) -> Self {
        protection::RetentionRule {
            applies_to: protection::AppliesTo {
                category: r.applies_to.category.map(Into::into),
                case_type: r.applies_to.case_type.map(Into::into),
            },
            review_after_months: r.review_after_months,
            group: r.group.map(Into::into),
        }
    }
}

/// A retention review's choice: `{"choice": "dispose"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "choice")]
pub(crate) enum RetentionChoice {
    /// Keep it, and why.
    #[serde(rename = "retain")]
    Retain {
        #[serde(rename = "reason")]
        reason: String,
    },
    /// Dispose of it.
    #[serde(rename = "dispose")]
    Dispose,
}

/// A closed case's retention review, decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RetentionDecision {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "case")]
    case: Uuid,
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "choice")]
    choice: RetentionChoice,
    #[serde(rename = "rule")]
    rule: RetentionRule,
    #[serde(rename = "next_review")]
    next_review: Option<DateTime<Utc>>,
}

impl From<&protection::RetentionDecision> for RetentionDecision {
    fn from(d: &protection::RetentionDecision) -> Self {
        let protection::RetentionDecision {
            id,
            case,
            by,
            at,
            choice,
            rule,
            next_review,
        } = d;
        RetentionDecision {
            id: *id,
            case: case.0,
            by: by.0,
            at: *at,
            choice: match choice {
                protection::RetentionChoice::Retain { reason } => RetentionChoice::Retain {
                    reason: reason.clone(),
                },
                protection::RetentionChoice::Dispose => RetentionChoice::Dispose,
            },
            rule: rule.into(),
            next_review: *next_review,
        }
    }
}

impl From<RetentionDecision> for protection::RetentionDecision {
    fn from(d: RetentionDecision) -> Self {
        protection::RetentionDecision {
            id: d.id,
            case: d.case.into(),
            by: d.by.into(),
            at: d.at,
            choice: match d.choice {
                RetentionChoice::Retain { reason } => {
                    protection::RetentionChoice::Retain { reason }
                }
                RetentionChoice::Dispose => protection::RetentionChoice::Dispose,
            },
            rule: d.rule.into(),
            next_review: d.next_review,
        }
    }
}

/// What an erasure was asked for: `{"kind": "case", "id": ...}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id")]
pub(crate) enum ErasureTarget {
    /// A case and its content.
    #[serde(rename = "case")]
    Case(Uuid),
    /// A person and what is about them.
    #[serde(rename = "person")]
    Person(Uuid),
}

/// A record an erasure removed: `{"kind": "entry", "id": ...}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id")]
pub(crate) enum ErasedRecord {
    /// A case.
    #[serde(rename = "case")]
    Case(Uuid),
    /// An entry.
    #[serde(rename = "entry")]
    Entry(Uuid),
    /// A person profile.
    #[serde(rename = "person")]
    Person(Uuid),
    /// A risk assessment.
    #[serde(rename = "assessment")]
    Assessment(Uuid),
    /// A task.
    #[serde(rename = "task")]
    Task(Uuid),
    /// A referral.
    #[serde(rename = "referral")]
    Referral(Uuid),
}

impl From<protection::ErasedRecord> for ErasedRecord {
    fn from(r: protection::ErasedRecord) -> Self {
        use protection::ErasedRecord as D;
        match r {
            D::Case(id) => ErasedRecord::Case(id.0),
            D::Entry(id) => ErasedRecord::Entry(id.0),
            D::Person(id) => ErasedRecord::Person(id.0),
            D::Assessment(id) => ErasedRecord::Assessment(id.0),
            D::Task(id) => ErasedRecord::Task(id.0),
            D::Referral(id) => ErasedRecord::Referral(id.0),
        }
    }
}

impl From<ErasedRecord> for protection::ErasedRecord {
    fn from(r: ErasedRecord) -> Self {
        use protection::ErasedRecord as D;
        match r {
            ErasedRecord::Case(id) => D::Case(id.into()),
            ErasedRecord::Entry(id) => D::Entry(id.into()),
            ErasedRecord::Person(id) => D::Person(id.into()),
            ErasedRecord::Assessment(id) => D::Assessment(id.into()),
            ErasedRecord::Task(id) => D::Task(id.into()),
            ErasedRecord::Referral(id) => D::Referral(id.into()),
        }
    }
}

/// Why content was erased: `{"ground": "request", "reference": ...}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "ground")]
pub(crate) enum ErasureGround {
    /// A retention rule's disposal.
    #[serde(rename = "retention")]
    Retention {
        #[serde(rename = "rule")]
        rule: RetentionRule,
    },
    /// A request (a right to erasure), by its reference.
    #[serde(rename = "request")]
    Request {
        #[serde(rename = "reference")]
        reference: String,
    },
}

/// The audited tombstone of an erasure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Erasure {
    #[serde(rename = "id")]
    id: Uuid,
    #[serde(rename = "target")]
    target: ErasureTarget,
    #[serde(rename = "ground")]
    ground: ErasureGround,
    #[serde(rename = "by")]
    by: Uuid,
    #[serde(rename = "agency")]
    agency: Uuid,
    #[serde(rename = "at")]
    at: DateTime<Utc>,
    #[serde(rename = "records")]
    records: Vec<ErasedRecord>,
    #[serde(rename = "seqs")]
    seqs: Vec<u64>,
}

impl From<&protection::Erasure> for Erasure {
    fn from(e: &protection::Erasure) -> Self {
        let protection::Erasure {
            id,
            target,
            ground,
            by,
            agency,
            at,
            records,
            seqs,
        } = e;
        Erasure {
            id: *id,
            target: match *target {
                protection::ErasureTarget::Case(id) => ErasureTarget::Case(id.0),
                protection::ErasureTarget::Person(id) => ErasureTarget::Person(id.0),
            },
            ground: match ground {
                protection::ErasureGround::Retention { rule } => {
                    ErasureGround::Retention { rule: rule.into() }
                }
                protection::ErasureGround::Request { reference } => ErasureGround::Request {
                    reference: reference.clone(),
                },
            },
            by: by.0,
            agency: agency.0,
            at: *at,
            records: records.iter().map(|&r| r.into()).collect(),
            seqs: seqs.clone(),
        }
    }
}

impl From<Erasure> for protection::Erasure {
    fn from(e: Erasure) -> Self {
        protection::Erasure {
            id: e.id,
            target: match e.target {
                ErasureTarget::Case(id) => protection::ErasureTarget::Case(id.into()),
                ErasureTarget::Person(id) => protection::ErasureTarget::Person(id.into()),
            },
            ground: match e.ground {
                ErasureGround::Retention { rule } => {
                    protection::ErasureGround::Retention { rule: rule.into() }
                }
                ErasureGround::Request { reference } => {
                    protection::ErasureGround::Request { reference }
                }
            },
            by: e.by.into(),
            agency: e.agency.into(),
            at: e.at,
            records: e.records.into_iter().map(Into::into).collect(),
            seqs: e.seqs,
        }
    }
}
