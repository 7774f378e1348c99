//! Data protection operations (issue 11): what an agency's data protection officer needs to
//! meet UK GDPR and DPA 2018 duties over the hub's shared record.
//!
//! - [`retention`]: retention rules per information category and case type (six years after
//!   closure by default, MoPI-style groups as an option), the "due for review" list, and the
//!   recorded retain-or-dispose decision.
//! - [`erasure`]: disposal. Erased content is removed from the projections and from the stored
//!   events themselves ([`Journal::redact`](crate::journal::Journal::redact)), an audited
//!   tombstone names what went and which journal events were redacted, and the hash chain still
//!   verifies. [`Hub::verify`](crate::Hub::verify) rejects a redaction no tombstone names.
//! - [`subject_access`]: everything the hub holds about one person, grouped by owning agency,
//!   saying what the requesting agency may release itself and what it must refer.
//! - [`accountability`]: the reports for a DPO: who consulted our information, agreements about
//!   to expire, and practitioners with access they have not used.
//!
//! Decisions where DESIGN.md is silent are in `docs/protection.md`.

mod api;

pub mod accountability;
mod commands;
pub mod erasure;
mod model;
pub mod retention;
pub mod subject_access;

pub use accountability::{
    AgencyTally, AgreementRef, AgreementTally, ConsultationReport, ConsultationRow,
    ExpiringAgreement, UnusedAccess,
};
pub(crate) use commands::{decide_protection, ProtectionCommand};
pub(crate) use model::TOMBSTONE_KIND;
pub use model::{
    AppliesTo, ErasedRecord, Erasure, ErasureGround, ErasureTarget, MopiGroup, RetentionChoice,
    RetentionDecision, RetentionRule, DEFAULT_REVIEW_MONTHS, ERASED,
};
pub use retention::RetentionDue;
pub use subject_access::{
    AgencyHoldings, CaseHeader, CaseHeld, ConsultationHeld, Disclosure, HeldItem, ItemView,
    SubjectAccessExport,
};

use crate::cases::CaseStatus;
use crate::events::Event;
use crate::ids::{CaseId, PersonId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The data protection projection: retention rules and decisions, when each case closed, and
/// the erasure tombstones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ProtectionBook {
    /// Registered rules, one per [`AppliesTo`]: registering again replaces. A list, not a map,
    /// because the state is serialised to JSON, whose map keys must be strings.
    pub rules: Vec<RetentionRule>,
    /// When each case last closed; removed when it reopens.
    pub closed_at: BTreeMap<CaseId, DateTime<Utc>>,
    /// Retention decisions, oldest first.
    pub decisions: Vec<RetentionDecision>,
    /// A review date set by a "retain" decision, replacing the rule's until the case reopens.
    pub next_review: BTreeMap<CaseId, DateTime<Utc>>,
    /// The erasure tombstones, oldest first.
    pub erasures: Vec<Erasure>,
    /// Cases whose content has been disposed of.
    pub disposed_cases: BTreeSet<CaseId>,
    /// People whose profile has been erased.
    pub erased_persons: BTreeSet<PersonId>,
}

impl ProtectionBook {
    /// Applies an event recorded at `at`: its own, and a case's closing or reopening, which
    /// starts or stops the retention clock.
    pub fn apply(&mut self, at: DateTime<Utc>, event: &Event) {
        match event {
            Event::CaseStatusChanged { case, status } => self.case_status(*case, *status, at),
            Event::CaseClosed { case, .. } => self.case_status(*case, CaseStatus::Closed, at),
            Event::CaseReopened { case, .. } => self.case_status(*case, CaseStatus::Reopened, at),
            Event::RetentionRuleSet { rule } => {
                self.rules.retain(|r| r.applies_to != rule.applies_to);
                self.rules.push(rule.clone());
            }
            Event::RetentionDecided { decision } => {
                if let Some(next) = decision.next_review {
                    self.next_review.insert(decision.case, next);
                }
                self.decisions.push(decision.clone());
            }
            Event::ErasureRecorded { erasure } => {
                for record in &erasure.records {
                    match record {
                        ErasedRecord::Case(c) => {
                            self.disposed_cases.insert(*c);
                        }
                        ErasedRecord::Person(p) => {
                            self.erased_persons.insert(*p);
                        }
                        _ => {}
                    }
                }
                self.erasures.push(erasure.clone());
            }
            _ => {}
        }
    }

    /// Notes a case's status change: closure starts the retention clock; reopening stops it and
    /// forgets any earlier "retain" review date.
    fn case_status(&mut self, case: CaseId, status: CaseStatus, at: DateTime<Utc>) {
        if status == CaseStatus::Closed {
            self.closed_at.insert(case, at);
        } else {
            self.closed_at.remove(&case);
        }
        self.next_review.remove(&case);
    }
}
