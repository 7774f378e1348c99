//! Referral commands: who may refer, accept, decline, withdraw and record an outcome, and the
//! events each records. Accepting a case referral puts the receiving agency on the case team in
//! the same append, under the core's rule that an agreement must cover the case type between
//! the lead agency and the joiner.

use super::consent::{gate, Consent};
use super::referral::{Outcome, Referral, ReferralState};
use crate::cases::TeamMember;
use crate::checks::{case_worker, may_join, member_agency, works_case};
use crate::entries::InformationCategory;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::ids::{AgencyId, CaseId, PersonId, ReferralId};
use crate::partnership::Practitioner;
use crate::reasons::Reason;
use crate::state::State;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A new referral.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct NewReferral {
    /// The agency asked to take it on.
    pub to: AgencyId,
    /// The person referred, if any.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub person: Option<PersonId>,
    /// The case referred, if any (the referrer must be on its team).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub case: Option<CaseId>,
    /// The information category of the reason.
    pub category: InformationCategory,
    /// Why.
    pub reason: String,
    /// The person's consent, if recorded.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub consent: Option<Consent>,
    /// Where consent is refused or not recorded: why it is overridden (needs the consent
    /// override permission).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub consent_override: Option<String>,
}

/// A change to a referral, validated, with its ids drawn.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ReferralCommand {
    Make {
        id: ReferralId,
        referral: NewReferral,
    },
    Act {
        referral: ReferralId,
        act: ReferralAct,
    },
}

/// Something done to an existing referral.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ReferralAct {
    Accept,
    Decline { reason: String },
    Withdraw,
    Finish { outcome: Outcome },
}

impl ReferralCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            ReferralCommand::Make { .. } => "refer",
            ReferralCommand::Act { act, .. } => match act {
                ReferralAct::Accept => "accept_referral",
                ReferralAct::Decline { .. } => "decline_referral",
                ReferralAct::Withdraw => "withdraw_referral",
                ReferralAct::Finish { .. } => "record_referral_outcome",
            },
        }
    }
}

impl ReferralAct {
    fn next(&self) -> ReferralState {
        match self {
            ReferralAct::Accept => ReferralState::Accepted,
            ReferralAct::Decline { .. } => ReferralState::Declined,
            ReferralAct::Withdraw => ReferralState::Withdrawn,
            ReferralAct::Finish { outcome } => ReferralState::Done { outcome: *outcome },
        }
    }
}

/// Checks `who` may carry out `cmd` at `at`, and returns the events.
pub(crate) fn decide_referral(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: ReferralCommand,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    match cmd {
        ReferralCommand::Make { id, referral } => make(state, who, at, id, referral, action),
        ReferralCommand::Act { referral, act } => {
            // `decide` has already checked the actor may know of it.
            let referral = state
                .referrals
                .by_id
                .get(&referral)
                .ok_or(Error::not_found("referral"))?;
            act_on(state, who, at, referral, act, action)
        }
    }
}

fn make(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    id: ReferralId,
    r: NewReferral,
    action: &'static str,
) -> Result<Vec<Event>> {
    case_worker(who, action)?;
    if state.referrals.by_id.contains_key(&id) {
        return Err(Error::invalid("referral_id", "already in use"));
    }
    member_agency(state, r.to, at)?;
    if r.to == who.agency {
        return Err(Error::invalid("to", "must be another agency"));
    }
    if r.person.is_none() && r.case.is_none() {
        return Err(Error::invalid("subject", "a person or a case is required"));
    }
    if let Some(case) = r.case {
        works_case(state, who, case, action)?;
    }
    // The reason is content sent to the receiver: it crosses only under an agreement.
    if state
        .agreement_covering(who.agency, r.to, r.category, at)
        .is_none()
    {
        return Err(Error::forbidden(
            action,
            "no agreement in force covers this referral's category with that agency",
        ));
    }
    let consent_override = gate(who, r.consent.as_ref(), r.consent_override, action)?;
    Ok(vec![Event::ReferralMade {
        referral: Referral {
            id,
            from_agency: who.agency,
            referrer: who.id,
            to_agency: r.to,
            person: r.person,
            case: r.case,
            category: r.category,
            reason: r.reason,
            consent: r.consent,
            consent_override,
            made_at: at,
            state: ReferralState::Pending,
            decided_at: None,
            decided_by: None,
            declined: None,
            changed_at: at,
        },
    }])
}

fn act_on(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    r: &Referral,
    act: ReferralAct,
    action: &'static str,
) -> Result<Vec<Event>> {
    let receiver = who.agency == r.to_agency && who.role.can_work_cases();
    let sender = r.referrer == who.id || (who.agency == r.from_agency && who.role.is_supervisor());
    match act {
        ReferralAct::Withdraw if !sender => {
            return Err(Error::forbidden(
                action,
                "only the referrer or a supervisor of the referring agency",
            ))
        }
        ReferralAct::Accept | ReferralAct::Decline { .. } | ReferralAct::Finish { .. }
            if !receiver =>
        {
            return Err(Error::forbidden(
                action,
                "only a case worker of the receiving agency",
            ))
        }
        _ => {}
    }
    let next = act.next();
    if !r.state.can_become(next) {
        return Err(Error::InvalidTransition {
            what: "referral",
            from: r.state.as_str(),
            to: next.as_str(),
        });
    }
    let (referral, by) = (r.id, who.id);
    match act {
        ReferralAct::Accept => {
            let mut events = vec![Event::ReferralAccepted { referral, by }];
            if let Some(id) = r.case {
                let case = state.cases.get(&id).ok_or(Error::not_found("case"))?;
                if !case.team.agencies.contains(&r.to_agency) {
                    may_join(
                        state,
                        case.lead_agency,
                        r.to_agency,
                        case.case_type,
                        at,
                        action,
                    )?;
                    events.push(Event::TeamMemberAdded {
                        case: id,
                        member: TeamMember::Agency(r.to_agency),
                    });
                }
            }
            Ok(events)
        }
        ReferralAct::Decline { reason } => Ok(vec![Event::ReferralDeclined {
            referral,
            reason: Reason {
                by,
                agency: who.agency,
                text: reason,
            },
        }]),
        ReferralAct::Withdraw => Ok(vec![Event::ReferralWithdrawn { referral, by }]),
        ReferralAct::Finish { outcome } => Ok(vec![Event::ReferralOutcomeRecorded {
            referral,
            by,
            outcome,
        }]),
    }
}
