//! The hub's methods for protection: they reach the state only through the hub's read and write
//! paths, and hold no logic of their own beyond validating input and drawing ids.

use super::accountability::*;
use super::erasure::ErasureGround;
use super::erasure::ErasureTarget;
use super::erasure::*;
use super::model::RetentionRule;
use super::retention::*;
use super::subject_access::*;
use super::ProtectionCommand;
use crate::commands::Command;
use crate::error::Error;
use crate::error::Result;
use crate::hub::Hub;
use crate::ids::CaseId;
use crate::ids::PersonId;
use crate::ids::PractitionerId;
use crate::sharing::Engine;
use crate::validation;
use crate::validation::MAX_SHORT;
use crate::views::Viewer;
use chrono::DateTime;
use chrono::Utc;
use std::collections::BTreeSet;

impl Hub {
    /// Disposes of a closed case's content or a person's profile on a request (erasure under
    /// UK GDPR Art. 17 or DPA 2018 s47), given by reference: the owning agency's admin. See the
    /// module documentation for what goes; the returned tombstone says what went of what the
    /// actor may know of (records of other agencies they may not see, such as a sensitive entry
    /// on the case, are erased but not listed: the journal's own tombstone names every one, for
    /// [`Hub::verify`]). Its `seqs` are journal positions, for the host, like [`Hub::seq`].
    /// Retention disposals go through [`Hub::decide_retention`].
    pub fn dispose(
        &self,
        actor: PractitionerId,
        target: ErasureTarget,
        reference: &str,
    ) -> Result<Erasure> {
        let reference = validation::line("reference", reference, MAX_SHORT)?;
        self.erase(actor, target, ErasureGround::Request { reference }, None)
    }

    /// Appends the tombstone (after the retention decision, if any), then redacts and replays.
    pub(crate) fn erase(
        &self,
        actor: PractitionerId,
        target: ErasureTarget,
        ground: ErasureGround,
        decision: Option<super::RetentionDecision>,
    ) -> Result<Erasure> {
        let mut pending: Redactions = Vec::new();
        let mut tombstone: Option<Erasure> = None;
        let mut told: Option<Erasure> = None;
        let (committed, _) =
            self.execute_with(
                actor,
                |attempt| {
                    let (state, at) = (attempt.state, attempt.at);
                    let records = plan(state, target)?;
                    // What the actor is told: only the records they may know of (at least as a
                    // stub), and the events that held them. The tombstone in the journal names
                    // every record and event, for `verify` and the host; the disposing admin must
                    // not learn from it that another agency held a sensitive entry on the case.
                    let shown: BTreeSet<ErasedRecord> =
                        match crate::sharing::Engine::new(state, actor, at) {
                            Some(engine) => records
                                .iter()
                                .copied()
                                .filter(|r| crate::commands::Named::from(*r).known_to(&engine))
                                .collect(),
                            None => BTreeSet::new(),
                        };
                    let seen;
                    (pending, seen) = redactions(attempt.journal, &records, &shown)?;
                    let agency = state.practitioners.get(&actor).map(|p| p.agency).ok_or(
                        Error::forbidden("dispose", "unknown or inactive practitioner"),
                    )?;
                    let erasure = Erasure {
                        id: self.id(),
                        target,
                        ground: ground.clone(),
                        by: actor,
                        agency,
                        at,
                        records,
                        seqs: pending.iter().map(|(seq, _)| *seq).collect(),
                    };
                    told = Some(Erasure {
                        records: shown.into_iter().collect(),
                        seqs: seen,
                        ..erasure.clone()
                    });
                    tombstone = Some(erasure.clone());
                    Ok(Command::Protection(ProtectionCommand::Dispose {
                        decision: decision.clone(),
                        erasure,
                    }))
                },
                |_| (),
            )?;
        committed.redact(pending)?;
        told.ok_or(Error::Storage("erasure was not recorded".into()))
    }
}

impl Hub {
    /// Who consulted the viewer's agency's information between `from` and `to`, under which
    /// agreements and why, with totals (see the module documentation).
    pub fn consultation_report(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<ConsultationReport> {
        self.current(|current| {
            let consultations = crate::hub::consultations_in(current, viewer, from, to)?;
            consultation_report(current, viewer, from, to, consultations)
        })
    }

    /// Agreements the viewer's agency is party to that are in force now and end within
    /// `within_days` days, soonest first.
    pub fn agreements_expiring(
        &self,
        viewer: &Viewer,
        within_days: u32,
    ) -> Result<Vec<ExpiringAgreement>> {
        self.current(|current| agreements_expiring(current, viewer, within_days))
    }

    /// The viewer's agency's active practitioners with access to a live case who have recorded
    /// nothing since `since` (see the module documentation for what counts as use).
    pub fn unused_access(
        &self,
        viewer: &Viewer,
        since: DateTime<Utc>,
    ) -> Result<Vec<UnusedAccess>> {
        self.current(|current| unused_access(current, viewer, since))
    }
}

impl Hub {
    /// Registers a retention rule (partnership admins); one with the same [`AppliesTo`]
    /// replaces it.
    pub fn set_retention_rule(&self, actor: PractitionerId, rule: RetentionRule) -> Result<()> {
        self.execute(
            actor,
            Command::Protection(super::ProtectionCommand::SetRule(rule)),
        )
    }

    /// The registered retention rules, or the default alone when none is registered. Rules are
    /// the partnership's policy, not content about anyone.
    pub fn retention_rules(&self) -> Vec<RetentionRule> {
        let rules = self.policy(|state| state.protection.rules.clone());
        if rules.is_empty() {
            vec![RetentionRule::default_rule()]
        } else {
            rules
        }
    }

    /// The closed cases the viewer's agency leads whose retention review has come by `at`,
    /// earliest due first (supervisors and above of that agency).
    pub fn retention_due(&self, viewer: &Viewer, at: DateTime<Utc>) -> Result<Vec<RetentionDue>> {
        self.read(viewer, |b| retention_due(b, at))
    }

    /// Records the retention review of a closed case that is due: retain it for a reason (a
    /// supervisor of the lead agency; the next review is one period from now), or dispose of
    /// its content (the lead agency's admin), which erases it as [`Hub::dispose`] does, under
    /// the rule the review fell due by.
    pub fn decide_retention(
        &self,
        actor: PractitionerId,
        case: CaseId,
        choice: RetentionChoice,
    ) -> Result<()> {
        let choice = match choice {
            RetentionChoice::Retain { reason } => RetentionChoice::Retain {
                reason: validation::line("reason", &reason, MAX_SHORT)?,
            },
            RetentionChoice::Dispose => RetentionChoice::Dispose,
        };
        let id = self.id();
        let (at, rule, next_review) = self.current(|current| {
            let (state, at) = (current.state, current.now);
            let c = state.cases.get(&case).ok_or(Error::not_found("case"))?;
            let engine = Engine::new(state, actor, at).ok_or(Error::forbidden(
                "decide_retention",
                "unknown or inactive practitioner",
            ))?;
            let rule = rule_for(&engine, c);
            let next = match choice {
                RetentionChoice::Retain { .. } => rule.review_from(at, &state.calendar),
                RetentionChoice::Dispose => None,
            };
            Ok((at, rule, next))
        })?;
        let decision = RetentionDecision {
            id,
            case,
            by: actor,
            at,
            choice,
            rule: rule.clone(),
            next_review,
        };
        match decision.choice {
            RetentionChoice::Retain { .. } => self.execute(
                actor,
                Command::Protection(super::ProtectionCommand::Decide(decision)),
            ),
            RetentionChoice::Dispose => self
                .erase(
                    actor,
                    ErasureTarget::Case(case),
                    ErasureGround::Retention { rule },
                    Some(decision),
                )
                .map(|_| ()),
        }
    }
}

impl Hub {
    /// The subject access export for `person`, as the viewer's agency may answer it (see the
    /// module documentation). Supervisors and above; `NotFound` for a person the viewer may not
    /// know exists.
    pub fn subject_access(&self, viewer: &Viewer, person: PersonId) -> Result<SubjectAccessExport> {
        self.read(viewer, |b| access_export(b, person))
    }
}
