//! Deciding an amendment (the rules in the module above) and applying it to the records.

use super::model::{apply_to_group, apply_to_location, apply_to_person, Amendment, Change, Edit};
use crate::cases::Subject;
use crate::checks::case_worker;
use crate::error::{Error, Result};
use crate::events::Event;
use crate::groups::Group;
use crate::identifiers::{Identifier, Postcode, Uprn};
use crate::ids::PersonId;
use crate::locations::{Coordinates, Location};
use crate::partnership::Practitioner;
use crate::people::Person;
use crate::state::State;
use crate::validation::{self, MAX_NAME, MAX_SHORT, MAX_TEXT};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The most edits one amendment takes.
const MAX_EDITS: usize = validation::MAX_LIST;

/// Checks an amendment of `record` by `who` at `at` and returns its event.
pub(crate) fn decide(
    state: &State,
    who: &Practitioner,
    at: DateTime<Utc>,
    record: Subject,
    edits: Vec<Edit>,
    reason: &str,
) -> Result<Vec<Event>> {
    const ACTION: &str = "amend";
    case_worker(who, ACTION)?;
    if edits.is_empty() {
        return Err(Error::invalid("edits", "at least one change"));
    }
    if edits.len() > MAX_EDITS {
        return Err(Error::invalid("edits", "too many items"));
    }
    let reason = validation::text("reason", reason, MAX_TEXT)?;
    let owner = match record {
        Subject::Person(id) => state.persons.get(&id).map(|p| p.recorded_by),
        Subject::Location(id) => state.locations.get(&id).map(|l| l.recorded_by),
        Subject::Group(id) => state.groups.get(&id).map(|g| g.recorded_by),
    };
    // The command's named records were checked before this: the record is known to the actor.
    let owner = owner.ok_or(Error::not_found(kind_name(record)))?;
    if owner != who.agency {
        return Err(Error::forbidden(
            ACTION,
            "only the agency that recorded it changes it: ask that agency",
        ));
    }
    let year = state.calendar.date(at).year();
    let changes = match record {
        Subject::Person(id) => {
            let mut person = state
                .persons
                .get(&id)
                .cloned()
                .ok_or(Error::not_found("person"))?;
            let changes = edits
                .into_iter()
                .map(|e| {
                    let change = person_change(&person, e, year, state.calendar.date(at))?;
                    apply_to_person(&mut person, &change);
                    Ok(change)
                })
                .collect::<Result<Vec<_>>>()?;
            // A restricted profile is never merged (`merges`): restricting a merged one would
            // tie a hidden profile to the visible ones it is merged with.
            if person.restricted && state.merges.is_merged(id) {
                return Err(Error::invalid(
                    "restricted",
                    "a merged profile cannot be restricted: unmerge it first",
                ));
            }
            changes
        }
        Subject::Location(id) => {
            let mut location = state
                .locations
                .get(&id)
                .cloned()
                .ok_or(Error::not_found("location"))?;
            edits
                .into_iter()
                .map(|e| {
                    let change = location_change(&location, e)?;
                    apply_to_location(&mut location, &change);
                    Ok(change)
                })
                .collect::<Result<Vec<_>>>()?
        }
        Subject::Group(id) => {
            let mut group = state
                .groups
                .get(&id)
                .cloned()
                .ok_or(Error::not_found("group"))?;
            edits
                .into_iter()
                .map(|e| {
                    let change = group_change(&group, e)?;
                    apply_to_group(&mut group, &change);
                    Ok(change)
                })
                .collect::<Result<Vec<_>>>()?
        }
    };
    Ok(vec![Event::RecordAmended {
        amendment: Amendment {
            record,
            agency: who.agency,
            by: who.id,
            at,
            reason,
            changes,
        },
    }])
}

/// The records an edit names besides the amended one, which the actor must know of.
pub(crate) fn named_people(edits: &[Edit]) -> impl Iterator<Item = PersonId> + '_ {
    edits.iter().filter_map(|e| match e {
        Edit::AddMember { person } => Some(*person),
        _ => None,
    })
}

pub(super) fn kind_name(record: Subject) -> &'static str {
    match record {
        Subject::Person(_) => "person",
        Subject::Location(_) => "location",
        Subject::Group(_) => "group",
    }
}

/// An edit that does not apply to this kind of record.
fn not_for(kind: &'static str) -> Error {
    Error::invalid(
        "edits",
        match kind {
            "person" => "not a change a person profile takes",
            "location" => "not a change a location profile takes",
            _ => "not a change a group takes",
        },
    )
}

fn unchanged(field: &'static str) -> Error {
    Error::invalid(field, "the same as recorded")
}

/// A name (a location's label) corrected from `current` to `to`.
fn renamed(field: &'static str, current: &str, to: &str) -> Result<Change> {
    let to = validation::line(field, to, MAX_NAME)?;
    if to == current {
        return Err(unchanged(field));
    }
    Ok(Change::Name {
        from: current.to_owned(),
        to,
    })
}

fn person_change(p: &Person, edit: Edit, year: i32, today: NaiveDate) -> Result<Change> {
    Ok(match edit {
        Edit::Name { to } => renamed("name", &p.name, &to)?,
        Edit::AddAlias { alias } => {
            let alias = validation::line("alias", &alias, MAX_NAME)?;
            if p.aliases.contains(&alias) {
                return Err(Error::invalid("alias", "already recorded"));
            }
            if p.aliases.len() >= validation::MAX_LIST {
                return Err(Error::invalid("aliases", "too many items"));
            }
            Change::AliasAdded { alias }
        }
        Edit::WithdrawAlias { alias } => {
            let alias = validation::line("alias", &alias, MAX_NAME)?;
            if !p.aliases.contains(&alias) {
                return Err(Error::invalid("alias", "not recorded"));
            }
            Change::AliasWithdrawn { alias }
        }
        Edit::DateOfBirth { to } => {
            if let Some(dob) = to {
                let earliest = NaiveDate::from_ymd_opt(1890, 1, 1);
                if dob > today || earliest.is_some_and(|e| dob < e) {
                    return Err(Error::invalid("date_of_birth", "a past date after 1890"));
                }
            }
            if to == p.date_of_birth {
                return Err(unchanged("date_of_birth"));
            }
            Change::DateOfBirth {
                from: p.date_of_birth,
                to,
            }
        }
        Edit::AddIdentifier { kind, value } => {
            let identifier = Identifier::parse(kind, &value, year)?;
            if p.identifiers.contains(&identifier) {
                return Err(Error::invalid("identifier", "already recorded"));
            }
            if p.identifiers.len() >= validation::MAX_LIST {
                return Err(Error::invalid("identifiers", "too many items"));
            }
            Change::IdentifierAdded { identifier }
        }
        Edit::WithdrawIdentifier { kind, value } => {
            let identifier = Identifier::parse(kind, &value, year)?;
            if !p.identifiers.contains(&identifier) {
                return Err(Error::invalid("identifier", "not recorded"));
            }
            Change::IdentifierWithdrawn { identifier }
        }
        Edit::AddFlag { flag } => {
            if p.flags.contains(&flag) {
                return Err(Error::invalid("flag", "already recorded"));
            }
            Change::FlagAdded { flag }
        }
        Edit::WithdrawFlag { flag } => {
            if !p.flags.contains(&flag) {
                return Err(Error::invalid("flag", "not recorded"));
            }
            Change::FlagWithdrawn { flag }
        }
        Edit::Restricted { to } => {
            if to == p.restricted {
                return Err(unchanged("restricted"));
            }
            Change::Restricted { to }
        }
        Edit::Address { .. }
        | Edit::Postcode { .. }
        | Edit::Uprn { .. }
        | Edit::Coordinates { .. }
        | Edit::AddMember { .. }
        | Edit::WithdrawMember { .. } => return Err(not_for("person")),
    })
}

fn location_change(l: &Location, edit: Edit) -> Result<Change> {
    Ok(match edit {
        Edit::Name { to } => renamed("label", &l.label, &to)?,
        Edit::Address { to } => {
            let to = validation::optional_line("address", to.as_deref(), MAX_SHORT)?;
            if to == l.address {
                return Err(unchanged("address"));
            }
            Change::Address {
                from: l.address.clone(),
                to,
            }
        }
        Edit::Postcode { to } => {
            let to = to
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(Postcode::parse)
                .transpose()?;
            if to == l.postcode {
                return Err(unchanged("postcode"));
            }
            Change::Postcode {
                from: l.postcode.clone(),
                to,
            }
        }
        Edit::Uprn { to } => {
            let to = to
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(Uprn::parse)
                .transpose()?;
            if to == l.uprn {
                return Err(unchanged("uprn"));
            }
            Change::Uprn { from: l.uprn, to }
        }
        Edit::Coordinates { to } => {
            let to = to.map(|c| Coordinates::new(c.lat, c.lon)).transpose()?;
            if to == l.coordinates {
                return Err(unchanged("coordinates"));
            }
            Change::Coordinates {
                from: l.coordinates,
                to,
            }
        }
        Edit::Restricted { to } => {
            if to == l.restricted {
                return Err(unchanged("restricted"));
            }
            Change::Restricted { to }
        }
        Edit::AddAlias { .. }
        | Edit::WithdrawAlias { .. }
        | Edit::DateOfBirth { .. }
        | Edit::AddIdentifier { .. }
        | Edit::WithdrawIdentifier { .. }
        | Edit::AddFlag { .. }
        | Edit::WithdrawFlag { .. }
        | Edit::AddMember { .. }
        | Edit::WithdrawMember { .. } => return Err(not_for("location")),
    })
}

fn group_change(g: &Group, edit: Edit) -> Result<Change> {
    Ok(match edit {
        Edit::Name { to } => renamed("name", &g.name, &to)?,
        Edit::AddMember { person } => {
            if g.members.contains(&person) {
                return Err(Error::invalid("person", "already a member"));
            }
            if g.members.len() >= validation::MAX_LIST {
                return Err(Error::invalid("members", "too many items"));
            }
            Change::MemberAdded { person }
        }
        Edit::WithdrawMember { person } => {
            if !g.members.contains(&person) {
                return Err(Error::invalid("person", "not a member"));
            }
            Change::MemberWithdrawn { person }
        }
        Edit::AddAlias { .. }
        | Edit::WithdrawAlias { .. }
        | Edit::DateOfBirth { .. }
        | Edit::AddIdentifier { .. }
        | Edit::WithdrawIdentifier { .. }
        | Edit::AddFlag { .. }
        | Edit::WithdrawFlag { .. }
        | Edit::Restricted { .. }
        | Edit::Address { .. }
        | Edit::Postcode { .. }
        | Edit::Uprn { .. }
        | Edit::Coordinates { .. } => return Err(not_for("group")),
    })
}
