//! The API of the records cases are about: people, locations and groups, their reads and
//! searches.

use super::Hub;
use crate::amendments::{AmendmentView, Edit, FactCommand};
use crate::cases::Subject;
use crate::commands::Command;
use crate::error::{Error, Result};
use crate::groups::{Group, NewGroup};
use crate::identifiers::{Identifier, Postcode, Uprn};
use crate::ids::{FactId, GroupId, LocationId, PersonId, PractitionerId};
use crate::locations::{Coordinates, Location, NewLocation};
use crate::people::{NewFact, NewFactValue, NewPerson, Person};
use crate::sharing::Access;
use crate::validation::{self, normalise, MAX_NAME, MAX_SHORT};
use crate::views::{GroupView, LocationView, PersonView, Viewer};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;

impl Hub {
    /// Records a person profile, owned by the actor's agency.
    pub fn record_person(&self, actor: PractitionerId, p: NewPerson) -> Result<PersonId> {
        validation::list("aliases", &p.aliases)?;
        validation::list("identifiers", &p.identifiers)?;
        validation::list("flags", &p.flags)?;
        let now = self.clock.now();
        // The partnership's date: a baby born today is valid, and PNC references are checked
        // against this year.
        let today = self.calendar().date(now);
        if let Some(dob) = p.date_of_birth {
            let earliest = NaiveDate::from_ymd_opt(1890, 1, 1);
            if dob > today || earliest.is_some_and(|e| dob < e) {
                return Err(Error::invalid("date_of_birth", "a past date after 1890"));
            }
        }
        let year = today.year();
        let mut identifiers = p
            .identifiers
            .iter()
            .map(|(kind, raw)| Identifier::parse(*kind, raw, year))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        identifiers.sort();
        identifiers.dedup();
        let recorded_by = self.agency_of(actor)?;
        let person = Person {
            id: PersonId(self.id()),
            name: validation::line("name", &p.name, MAX_NAME)?,
            aliases: p
                .aliases
                .iter()
                .map(|a| validation::line("aliases", a, MAX_NAME))
                .collect::<Result<_>>()?,
            date_of_birth: p.date_of_birth,
            identifiers,
            flags: p.flags.into_iter().collect(),
            restricted: p.restricted,
            recorded_by,
            recorded_at: now,
            facts: Vec::new(),
        };
        let id = person.id;
        self.execute(actor, Command::RecordPerson(person))?;
        Ok(id)
    }

    /// Records a location profile, owned by the actor's agency.
    pub fn record_location(&self, actor: PractitionerId, l: NewLocation) -> Result<LocationId> {
        let location = Location {
            id: LocationId(self.id()),
            label: validation::line("label", &l.label, MAX_NAME)?,
            address: validation::optional_line("address", l.address.as_deref(), MAX_SHORT)?,
            postcode: l.postcode.as_deref().map(Postcode::parse).transpose()?,
            uprn: l.uprn.as_deref().map(Uprn::parse).transpose()?,
            coordinates: l
                .coordinates
                .map(|(lat, lon)| Coordinates::new(lat, lon))
                .transpose()?,
            restricted: l.restricted,
            recorded_by: self.agency_of(actor)?,
            recorded_at: self.clock.now(),
        };
        let id = location.id;
        self.execute(actor, Command::RecordLocation(location))?;
        Ok(id)
    }

    /// Forms a group of people the actor can see.
    pub fn form_group(&self, actor: PractitionerId, g: NewGroup) -> Result<GroupId> {
        validation::list("members", &g.members)?;
        let group = Group {
            id: GroupId(self.id()),
            name: validation::line("name", &g.name, MAX_NAME)?,
            kind: g.kind,
            members: g.members.into_iter().collect(),
            recorded_by: self.agency_of(actor)?,
            recorded_at: self.clock.now(),
        };
        let id = group.id;
        self.execute(actor, Command::FormGroup(group))?;
        Ok(id)
    }

    /// Amends a person, location or group recorded by the actor's agency: every edit is checked
    /// against the record as it stands and all are written as one amendment with `reason`, or
    /// none is (see [`crate::amendments`] for the rules). Another agency's record is refused:
    /// its practitioner asks the owning agency instead.
    pub fn amend(
        &self,
        actor: PractitionerId,
        record: Subject,
        edits: Vec<Edit>,
        reason: &str,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Amend {
                record,
                edits,
                reason: reason.to_owned(),
            },
        )
    }

    /// Adds a fact the actor's agency holds about `person` (an address, a phone number, an
    /// identifier, ...), shared as `fact` says; any case worker of an agency that knows of the
    /// person may, whoever recorded the profile. Returns its id.
    pub fn add_fact(
        &self,
        actor: PractitionerId,
        person: PersonId,
        fact: NewFact,
        reason: &str,
    ) -> Result<FactId> {
        let id = FactId(self.id());
        self.execute(
            actor,
            Command::Fact(FactCommand::Add {
                person,
                id,
                fact,
                reason: reason.to_owned(),
            }),
        )?;
        Ok(id)
    }

    /// Corrects what a fact of the actor's agency says (same kind of fact). Another agency's
    /// fact is refused: ask that agency. A fact the actor may not read is `NotFound`.
    pub fn correct_fact(
        &self,
        actor: PractitionerId,
        person: PersonId,
        fact: FactId,
        to: NewFactValue,
        reason: &str,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Fact(FactCommand::Correct {
                person,
                fact,
                to,
                reason: reason.to_owned(),
            }),
        )
    }

    /// Withdraws a fact of the actor's agency recorded in error or no longer true (a former
    /// address); its history keeps it.
    pub fn withdraw_fact(
        &self,
        actor: PractitionerId,
        person: PersonId,
        fact: FactId,
        reason: &str,
    ) -> Result<()> {
        self.execute(
            actor,
            Command::Fact(FactCommand::Withdraw {
                person,
                fact,
                reason: reason.to_owned(),
            }),
        )
    }

    /// A record's amendments, oldest first, as the viewer may see them: all where the viewer
    /// reads the record's details in full, none where only its stub shows; `NotFound` where
    /// the record is withheld, exactly as for an unknown id.
    pub fn history(&self, viewer: &Viewer, record: Subject) -> Result<Vec<AmendmentView>> {
        self.read(viewer, |b| crate::amendments::history(b, record))
    }

    /// A person as the viewer may see them.
    pub fn person(&self, viewer: &Viewer, id: PersonId) -> Result<PersonView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .persons
                .get(&id)
                .and_then(|p| b.person(p))
                .ok_or(Error::not_found("person"))
        })
    }

    /// A location as the viewer may see it.
    pub fn location(&self, viewer: &Viewer, id: LocationId) -> Result<LocationView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .locations
                .get(&id)
                .and_then(|l| b.location(l))
                .ok_or(Error::not_found("location"))
        })
    }

    /// A group as the viewer may see it.
    pub fn group(&self, viewer: &Viewer, id: GroupId) -> Result<GroupView> {
        self.read(viewer, |b| {
            b.engine
                .state
                .groups
                .get(&id)
                .and_then(|g| b.group(g))
                .ok_or(Error::not_found("group"))
        })
    }

    /// People whose name matches `query` (case-insensitive, any part), and, among those the
    /// viewer may read in full, whose aliases or identifiers match. A hit is only ever made on
    /// what the viewer may see, so a search cannot confirm a withheld identifier. Results are
    /// full views or stubs saying whom to ask; restricted profiles never appear.
    pub fn search_people(&self, viewer: &Viewer, query: &str) -> Result<Vec<PersonView>> {
        let needle = normalise(&validation::line("query", query, MAX_NAME)?);
        let compact: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        let detail = |person: &Person| {
            person
                .aliases
                .iter()
                .any(|a| normalise(a).contains(&needle))
                || person
                    .identifiers
                    .iter()
                    .any(|i| i.value().eq_ignore_ascii_case(&compact))
        };
        self.read(viewer, |b| {
            let state = b.engine.state;
            // Candidates without a sharing decision: names through the index of normalised
            // names (no allocation per profile), and the few profiles with aliases or
            // identifiers. The decision is taken for candidates only, in profile order.
            let mut candidates: BTreeSet<PersonId> = state.incidents.named_like(&needle).collect();
            candidates.extend(
                state
                    .persons
                    .values()
                    .filter(|p| !(p.aliases.is_empty() && p.identifiers.is_empty()) && detail(p))
                    .map(|p| p.id),
            );
            let mut hits = Vec::new();
            for person in candidates.iter().filter_map(|id| state.persons.get(id)) {
                let by_name = normalise(&person.name).contains(&needle);
                // Aliases and identifiers match only where the viewer may read them.
                if by_name || (b.engine.person(person).access == Access::Full && detail(person)) {
                    hits.extend(b.person(person));
                }
            }
            Ok(hits)
        })
    }

    /// Locations whose label matches `query`, and, among those the viewer may read in full,
    /// whose address, postcode or UPRN matches.
    pub fn search_locations(&self, viewer: &Viewer, query: &str) -> Result<Vec<LocationView>> {
        let needle = normalise(&validation::line("query", query, MAX_NAME)?);
        let compact: String = needle.chars().filter(|c| !c.is_whitespace()).collect();
        self.read(viewer, |b| {
            let mut hits = Vec::new();
            for location in b.engine.state.locations.values() {
                let d = b.engine.location(location);
                let by_label = normalise(&location.label).contains(&needle);
                let by_detail = d.access == Access::Full
                    && (location
                        .address
                        .as_deref()
                        .is_some_and(|a| normalise(a).contains(&needle))
                        || location.postcode.as_ref().is_some_and(|p| {
                            p.as_str().replace(' ', "").eq_ignore_ascii_case(&compact)
                        })
                        || location
                            .uprn
                            .is_some_and(|u| u.get().to_string() == compact));
                if by_label || by_detail {
                    hits.extend(b.location(location));
                }
            }
            Ok(hits)
        })
    }
}
