//! Deciding a change to one of an agency's facts about a person: adding, correcting and
//! withdrawing it. Each change is an amendment of the person (one event, with who, when and
//! why), made by the fact's agency, which need not be the profile's owner.

use super::model::{Amendment, Change};
use crate::cases::Subject;
use crate::checks::{case_worker, engine_for};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::identifiers::{Identifier, Postcode};
use crate::ids::{FactId, PersonId};
use crate::partnership::Practitioner;
use crate::people::{Fact, FactValue, NewFact, NewFactValue, Person};
use crate::sharing::Access;
use crate::state::State;
use crate::validation::{self, MAX_NAME, MAX_SHORT, MAX_TEXT};
use chrono::{DateTime, Datelike, Utc};

/// The longest telephone number taken, in characters (E.164 allows 15 digits; the rest is room
/// for spaces, brackets and an extension).
const MAX_PHONE: usize = 40;
/// The longest email address (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;

/// A change to a fact, with its new id drawn and its reason validated.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum FactCommand {
    /// The actor's agency adds `fact` about `person`, as `id`.
    Add {
        person: PersonId,
        id: FactId,
        fact: NewFact,
        reason: String,
    },
    /// The fact's agency corrects what it says.
    Correct {
        person: PersonId,
        fact: FactId,
        to: NewFactValue,
        reason: String,
    },
    /// The fact's agency withdraws it.
    Withdraw {
        person: PersonId,
        fact: FactId,
        reason: String,
    },
}

impl FactCommand {
    /// The action's name, as errors report it.
    pub fn action(&self) -> &'static str {
        match self {
            FactCommand::Add { .. } => "add_fact",
            FactCommand::Correct { .. } => "correct_fact",
            FactCommand::Withdraw { .. } => "withdraw_fact",
        }
    }

    /// The person the fact is about, whom the actor must know of.
    pub fn person(&self) -> PersonId {
        match self {
            FactCommand::Add { person, .. }
            | FactCommand::Correct { person, .. }
            | FactCommand::Withdraw { person, .. } => *person,
        }
    }
}

/// Checks a change to a fact and returns its amendment event. The person is known to the actor
/// (checked with every command's named records before this).
pub(crate) fn decide_fact(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    cmd: FactCommand,
) -> Result<Vec<Event>> {
    let action = cmd.action();
    case_worker(who, action)?;
    let person = state
        .persons
        .get(&cmd.person())
        .ok_or(Error::not_found("person"))?;
    let year = state.calendar.date(at).year();
    let (change, reason) = match cmd {
        FactCommand::Add {
            id, fact, reason, ..
        } => {
            // Facts are added to a profile the actor reads: one seen only as a stub is another
            // agency's to complete, asked through the agencies it is known to.
            let engine = engine_for(state, who, at)?;
            if engine.person(person).access != Access::Full {
                return Err(Error::forbidden(
                    action,
                    "only a practitioner who reads the profile adds facts to it",
                ));
            }
            let value = validated(fact.value, year)?;
            let own = value.category();
            let category = fact.category.unwrap_or(own);
            // A special category fact (health) is never shared under an ordinary category,
            // which more agreements cover than the special one.
            if own.is_special() && !category.is_special() {
                return Err(Error::invalid(
                    "category",
                    "special category data stays under a special category",
                ));
            }
            let held = person.facts.iter().filter(|f| f.agency == who.agency);
            if held.clone().any(|f| f.value == value) {
                return Err(Error::invalid("value", "already recorded"));
            }
            if held.count() >= validation::MAX_LIST {
                return Err(Error::invalid("facts", "too many items"));
            }
            let fact = Fact {
                id,
                agency: who.agency,
                value,
                category,
                sharing: fact.sharing,
                at,
            };
            (Change::FactAdded { fact }, reason)
        }
        FactCommand::Correct {
            fact, to, reason, ..
        } => {
            let held = own_fact(state, who, at, person, fact, action)?;
            let to = validated(to, year)?;
            if std::mem::discriminant(&to) != std::mem::discriminant(&held.value) {
                return Err(Error::invalid(
                    "value",
                    "a correction keeps the fact's kind: withdraw it and add another",
                ));
            }
            if to == held.value {
                return Err(Error::invalid("value", "the same as recorded"));
            }
            let from = held.value.clone();
            let fact = Fact {
                value: to,
                ..held.clone()
            };
            (Change::FactCorrected { fact, from }, reason)
        }
        FactCommand::Withdraw { fact, reason, .. } => {
            let held = own_fact(state, who, at, person, fact, action)?;
            (Change::FactWithdrawn { fact: held.clone() }, reason)
        }
    };
    let reason = validation::text("reason", &reason, MAX_TEXT)?;
    Ok(vec![Event::RecordAmended {
        amendment: Amendment {
            record: Subject::Person(person.id),
            agency: who.agency,
            by: who.id,
            at,
            reason,
            changes: vec![change],
        },
    }])
}

/// The fact `id` of `person`, if it is the actor's agency's. A fact the actor may not read is
/// `NotFound`, as an unknown one; one they read but another agency holds is refused: that
/// agency corrects it, asked by a task.
fn own_fact<'p>(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    person: &'p Person,
    id: FactId,
    action: &'static str,
) -> Result<&'p Fact> {
    let engine = engine_for(state, who, at)?;
    let fact = person
        .fact(id)
        .filter(|f| engine.fact(person, f).access == Access::Full)
        .ok_or(Error::not_found("fact"))?;
    if fact.agency != who.agency {
        return Err(Error::forbidden(
            action,
            "only the agency that holds a fact changes it: ask that agency",
        ));
    }
    Ok(fact)
}

/// A fact as typed, validated.
fn validated(value: NewFactValue, year: i32) -> Result<FactValue> {
    Ok(match value {
        NewFactValue::Address { address, postcode } => FactValue::Address {
            address: validation::line("address", &address, MAX_SHORT)?,
            postcode: postcode
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(Postcode::parse)
                .transpose()?,
        },
        NewFactValue::Phone { number } => {
            let number = validation::line("number", &number, MAX_PHONE)?;
            let digits = number.chars().filter(char::is_ascii_digit).count();
            let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
            if !number.chars().all(allowed) || !(6..=15).contains(&digits) {
                return Err(Error::invalid(
                    "number",
                    "6 to 15 digits, with spaces, +, - or brackets",
                ));
            }
            FactValue::Phone { number }
        }
        NewFactValue::Email { address } => {
            let address = validation::line("address", &address, MAX_EMAIL)?;
            let well_formed = address.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && !address.contains(char::is_whitespace)
            });
            if !well_formed {
                return Err(Error::invalid("address", "not an email address"));
            }
            FactValue::Email { address }
        }
        NewFactValue::Alias { name } => FactValue::Alias {
            name: validation::line("name", &name, MAX_NAME)?,
        },
        NewFactValue::Identifier { kind, value } => FactValue::Identifier {
            identifier: Identifier::parse(kind, &value, year)?,
        },
        NewFactValue::Flag { flag } => FactValue::Flag { flag },
    })
}
