//! Retention and erasure through the bindings: retention rules, the "due for review" list, the
//! recorded retain-or-dispose decision, and disposal on request with its tombstone. The reports
//! for a data protection officer are in [`crate::accountability`], subject access in
//! [`crate::subject_access`].

use crate::convert::{all, id, time, to_small, utc, wide};
use crate::enums::{CaseType, InformationCategory, MopiGroup};
use crate::error::{Result, SafehubError};
use crate::hub::Hub;
use crate::records::Viewer;
use crate::views::AgencyRef;
use safehub::protection as p;
use std::time::SystemTime;

/// What a retention rule applies to. Both `None` means every case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AppliesTo {
    /// Cases holding information of this category (the case type's own or any entry's).
    pub category: Option<InformationCategory>,
    /// Cases of this type.
    pub case_type: Option<CaseType>,
}

impl From<AppliesTo> for p::retention::AppliesTo {
    fn from(a: AppliesTo) -> Self {
        p::retention::AppliesTo {
            category: a.category,
            case_type: a.case_type,
        }
    }
}

impl From<p::retention::AppliesTo> for AppliesTo {
    fn from(a: p::retention::AppliesTo) -> Self {
        AppliesTo {
            category: a.category,
            case_type: a.case_type,
        }
    }
}

/// A retention rule.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RetentionRule {
    /// What it applies to.
    pub applies_to: AppliesTo,
    /// The review falls due this many months after the case closed.
    pub review_after_months: i64,
    /// The MoPI group the period was taken from, if any (a label; the months decide).
    pub group: Option<MopiGroup>,
}

impl TryFrom<RetentionRule> for p::RetentionRule {
    type Error = SafehubError;
    fn try_from(r: RetentionRule) -> Result<Self> {
        Ok(p::RetentionRule {
            applies_to: r.applies_to.into(),
            review_after_months: to_small("review_after_months", r.review_after_months)?,
            group: r.group,
        })
    }
}

impl From<p::RetentionRule> for RetentionRule {
    fn from(r: p::RetentionRule) -> Self {
        RetentionRule {
            applies_to: r.applies_to.into(),
            review_after_months: wide(r.review_after_months),
            group: r.group,
        }
    }
}

/// What to do with a closed case at its retention review.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RetentionChoice {
    /// Keep it, for a recorded reason, until the next review one period from now.
    Retain {
        /// Why it is still needed.
        reason: String,
    },
    /// Dispose of its content.
    Dispose,
}

impl From<RetentionChoice> for p::RetentionChoice {
    fn from(c: RetentionChoice) -> Self {
        match c {
            RetentionChoice::Retain { reason } => p::RetentionChoice::Retain { reason },
            RetentionChoice::Dispose => p::RetentionChoice::Dispose,
        }
    }
}

/// An entry on a case due for review, as its owner's review list shows it: no content, and no
/// more of an entry the reviewer may not read than its stub shows.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DueEntry {
    /// Its id.
    pub id: String,
    /// The agency that wrote it.
    pub agency: AgencyRef,
    /// Its category, where the reviewer may read the entry: a stub does not show it.
    pub category: Option<InformationCategory>,
    /// When it was written.
    pub at: SystemTime,
}

impl From<p::retention::DueEntry> for DueEntry {
    fn from(e: p::retention::DueEntry) -> Self {
        DueEntry {
            id: e.id.to_string(),
            agency: e.agency,
            category: e.category,
            at: time(e.at),
        }
    }
}

/// A closed case whose retention review has come.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RetentionDue {
    /// The case's id.
    pub case: String,
    /// Its type.
    pub case_type: CaseType,
    /// Its title (the reviewing agency leads the case, so owns it).
    pub title: String,
    /// When it closed.
    pub closed_at: SystemTime,
    /// When the review fell due.
    pub review_due: SystemTime,
    /// The rule that set the date.
    pub rule: RetentionRule,
    /// Whether an earlier review decided to retain it.
    pub retained_before: bool,
    /// Its entries the reviewer may know of.
    pub entries: Vec<DueEntry>,
}

impl From<p::RetentionDue> for RetentionDue {
    fn from(d: p::RetentionDue) -> Self {
        RetentionDue {
            case: d.case.to_string(),
            case_type: d.case_type,
            title: d.title,
            closed_at: time(d.closed_at),
            review_due: time(d.review_due),
            rule: d.rule.into(),
            retained_before: d.retained_before,
            entries: all(d.entries),
        }
    }
}

/// What is being disposed of.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ErasureTarget {
    /// A closed case's content.
    Case {
        /// The case's id.
        id: String,
    },
    /// A person's profile (only once no undisposed case is linked to them).
    Person {
        /// The person's id.
        id: String,
    },
}

impl TryFrom<ErasureTarget> for p::ErasureTarget {
    type Error = SafehubError;
    fn try_from(t: ErasureTarget) -> Result<Self> {
        Ok(match t {
            ErasureTarget::Case { id: c } => p::ErasureTarget::Case(id(&c)?),
            ErasureTarget::Person { id: person } => p::ErasureTarget::Person(id(&person)?),
        })
    }
}

impl From<p::ErasureTarget> for ErasureTarget {
    fn from(t: p::ErasureTarget) -> Self {
        match t {
            p::ErasureTarget::Case(c) => ErasureTarget::Case { id: c.to_string() },
            p::ErasureTarget::Person(person) => ErasureTarget::Person {
                id: person.to_string(),
            },
        }
    }
}

/// One record whose content was erased: the tombstone's "what kind".
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ErasedRecord {
    /// A case's title.
    Case {
        /// Its id.
        id: String,
    },
    /// An entry's text.
    Entry {
        /// Its id.
        id: String,
    },
    /// A person's name, aliases, date of birth, identifiers and flags.
    Person {
        /// Their id.
        id: String,
    },
    /// An assessment's answers, notes, and override and review reasons.
    Assessment {
        /// Its id.
        id: String,
    },
    /// A task's title, detail and decline reason.
    Task {
        /// Its id.
        id: String,
    },
    /// A referral's reason, consent reasons and decline reason.
    Referral {
        /// Its id.
        id: String,
    },
}

impl From<p::ErasedRecord> for ErasedRecord {
    fn from(r: p::ErasedRecord) -> Self {
        match r {
            p::ErasedRecord::Case(i) => ErasedRecord::Case { id: i.to_string() },
            p::ErasedRecord::Entry(i) => ErasedRecord::Entry { id: i.to_string() },
            p::ErasedRecord::Person(i) => ErasedRecord::Person { id: i.to_string() },
            p::ErasedRecord::Assessment(i) => ErasedRecord::Assessment { id: i.to_string() },
            p::ErasedRecord::Task(i) => ErasedRecord::Task { id: i.to_string() },
            p::ErasedRecord::Referral(i) => ErasedRecord::Referral { id: i.to_string() },
        }
    }
}

/// Under what authority content was disposed of.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ErasureGround {
    /// A retention review decided to dispose, under this rule.
    Retention {
        /// The rule the review fell due by.
        rule: RetentionRule,
    },
    /// A request (erasure under UK GDPR Art. 17 or DPA 2018 s47, a court order), by reference.
    Request {
        /// The request's reference: no personal data.
        reference: String,
    },
}

impl From<p::ErasureGround> for ErasureGround {
    fn from(g: p::ErasureGround) -> Self {
        match g {
            p::ErasureGround::Retention { rule } => ErasureGround::Retention { rule: rule.into() },
            p::ErasureGround::Request { reference } => ErasureGround::Request { reference },
        }
    }
}

/// The audited tombstone of an erasure. Carries no erased content.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Erasure {
    /// Its id.
    pub id: String,
    /// What was disposed of.
    pub target: ErasureTarget,
    /// Under which rule or request.
    pub ground: ErasureGround,
    /// Who disposed of it.
    pub by: String,
    /// Their agency's id.
    pub agency: String,
    /// When.
    pub at: SystemTime,
    /// Every record whose content went.
    pub records: Vec<ErasedRecord>,
    /// The sequence numbers of the journal events redacted to remove it.
    pub seqs: Vec<i64>,
}

impl From<p::Erasure> for Erasure {
    fn from(e: p::Erasure) -> Self {
        Erasure {
            id: e.id.to_string(),
            target: e.target.into(),
            ground: e.ground.into(),
            by: e.by.to_string(),
            agency: e.agency.to_string(),
            at: time(e.at),
            records: all(e.records),
            seqs: e.seqs.into_iter().map(wide).collect(),
        }
    }
}

/// The core's default rule: every case, reviewed six years after closure.
#[uniffi::export]
pub fn default_retention_rule() -> RetentionRule {
    p::RetentionRule::default_rule().into()
}

/// A rule taking its period from a MoPI group (periods unverified: see [`MopiGroup`]).
#[uniffi::export]
pub fn mopi_retention_rule(applies_to: AppliesTo, group: MopiGroup) -> RetentionRule {
    p::RetentionRule::mopi(applies_to.into(), group).into()
}

#[uniffi::export]
impl Hub {
    /// Registers a retention rule (partnership admins); one with the same `applies_to`
    /// replaces it.
    pub fn set_retention_rule(&self, actor: String, rule: RetentionRule) -> Result<()> {
        let rule = rule.try_into()?;
        Ok(self.core.set_retention_rule(id(&actor)?, rule)?)
    }

    /// The registered retention rules, or the default alone when none is registered.
    pub fn retention_rules(&self) -> Vec<RetentionRule> {
        all(self.core.retention_rules())
    }

    /// The closed cases the viewer's agency leads whose retention review has come by `at`,
    /// earliest due first (supervisors and above).
    pub fn retention_due(&self, viewer: Viewer, at: SystemTime) -> Result<Vec<RetentionDue>> {
        Ok(all(self.core.retention_due(&viewer, utc("at", at)?)?))
    }

    /// Records the retention review of a closed case that is due: retain it for a reason (a
    /// supervisor of the lead agency), or dispose of its content (the lead agency's admin).
    pub fn decide_retention(
        &self,
        actor: String,
        case: String,
        choice: RetentionChoice,
    ) -> Result<()> {
        Ok(self
            .core
            .decide_retention(id(&actor)?, id(&case)?, choice.into())?)
    }

    /// Disposes of a closed case's content or a person's profile on a request, given by
    /// reference (the owning agency's admin); returns the tombstone saying what went.
    pub fn dispose(
        &self,
        actor: String,
        target: ErasureTarget,
        reference: String,
    ) -> Result<Erasure> {
        let target = target.try_into()?;
        Ok(self.core.dispose(id(&actor)?, target, &reference)?.into())
    }
}
