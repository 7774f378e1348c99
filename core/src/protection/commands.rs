//! Data protection commands (set a retention rule, decide a review, dispose), validated with
//! their ids drawn, and their decision against the caught-up state.

use super::model::{Erasure, RetentionDecision, RetentionRule};
use super::{erasure, retention};
use crate::error::Result;
use crate::events::Event;
use crate::partnership::Practitioner;
use crate::state::State;
use chrono::{DateTime, Utc};

/// A data protection change, validated, with its ids drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ProtectionCommand {
    SetRule(RetentionRule),
    Decide(RetentionDecision),
    Dispose {
        decision: Option<RetentionDecision>,
        erasure: Erasure,
    },
}

impl ProtectionCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            ProtectionCommand::SetRule(_) => "set_retention_rule",
            ProtectionCommand::Decide(_) => "decide_retention",
            ProtectionCommand::Dispose { .. } => "dispose",
        }
    }
}

/// Checks and decides a data protection command.
pub(crate) fn decide_protection(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: ProtectionCommand,
) -> Result<Vec<Event>> {
    match cmd {
        ProtectionCommand::SetRule(rule) => retention::decide_set_rule(who, rule),
        ProtectionCommand::Decide(decision) => {
            retention::decide_retention_choice(state, who, at, &decision)?;
            Ok(vec![Event::RetentionDecided { decision }])
        }
        ProtectionCommand::Dispose { decision, erasure } => {
            let mut events = Vec::with_capacity(2);
            if let Some(decision) = decision {
                retention::decide_retention_choice(state, who, at, &decision)?;
                events.push(Event::RetentionDecided { decision });
            }
            erasure::decide_erasure(state, who, at, &erasure)?;
            events.push(Event::ErasureRecorded { erasure });
            Ok(events)
        }
    }
}
