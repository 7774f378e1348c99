//! The merges projection: who is merged into whom, and the agreements still awaiting the other
//! owning agency.

use crate::events::Event;
use crate::ids::{AgencyId, PersonId, PractitionerId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One agency's agreement to a merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MergeAgreement {
    /// The profile the other is merged into.
    pub survivor: PersonId,
    /// The profile merged into the survivor.
    pub absorbed: PersonId,
    /// The agreeing agency.
    pub agency: AgencyId,
    /// Its practitioner who agreed.
    pub by: PractitionerId,
    /// When.
    pub at: DateTime<Utc>,
    /// Why they are one person, in the agreeing practitioner's words.
    pub reason: String,
}

/// Merges in force and agreements awaiting the other agency.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct MergeBook {
    /// Each merged profile's survivor.
    pub into: BTreeMap<PersonId, PersonId>,
    /// Each survivor's merged profiles, in the order merged.
    pub absorbed: BTreeMap<PersonId, Vec<PersonId>>,
    /// Agreements not yet matched by every owning agency, in the order made.
    pub pending: Vec<MergeAgreement>,
}

impl MergeBook {
    /// Applies a merge event recorded at `at`; other events are not its business.
    pub fn apply(&mut self, at: DateTime<Utc>, event: &Event) {
        match event {
            Event::MergeAgreed {
                survivor,
                absorbed,
                agency,
                by,
                reason,
            } => self.pending.push(MergeAgreement {
                survivor: *survivor,
                absorbed: *absorbed,
                agency: *agency,
                by: *by,
                at,
                reason: reason.clone(),
            }),
            Event::PeopleMerged { survivor, absorbed } => {
                self.settle(*survivor, *absorbed);
                self.into.insert(*absorbed, *survivor);
                self.absorbed.entry(*survivor).or_default().push(*absorbed);
            }
            Event::PeopleUnmerged {
                survivor, absorbed, ..
            } => {
                self.settle(*survivor, *absorbed);
                self.into.remove(absorbed);
                if let Some(list) = self.absorbed.get_mut(survivor) {
                    list.retain(|p| p != absorbed);
                    if list.is_empty() {
                        self.absorbed.remove(survivor);
                    }
                }
            }
            _ => {}
        }
    }

    /// Drops the pair's pending agreements: the merge they asked for happened or was undone.
    fn settle(&mut self, survivor: PersonId, absorbed: PersonId) {
        self.pending
            .retain(|a| (a.survivor, a.absorbed) != (survivor, absorbed));
    }

    /// Whether the profile is merged with another, as survivor or as merged profile.
    pub fn is_merged(&self, person: PersonId) -> bool {
        self.into.contains_key(&person) || self.absorbed.contains_key(&person)
    }

    /// The survivor a profile is read as part of: itself where it is not merged.
    pub fn survivor(&self, person: PersonId) -> PersonId {
        self.into.get(&person).copied().unwrap_or(person)
    }

    /// Every profile of the person `person` belongs to, survivor first, then in merge order.
    pub fn profiles(&self, person: PersonId) -> Vec<PersonId> {
        let survivor = self.survivor(person);
        std::iter::once(survivor)
            .chain(self.absorbed.get(&survivor).into_iter().flatten().copied())
            .collect()
    }

    /// The merged people: each survivor with its merged profiles, survivor first.
    pub fn groups(&self) -> impl Iterator<Item = Vec<PersonId>> + '_ {
        self.absorbed
            .iter()
            .map(|(s, list)| std::iter::once(*s).chain(list.iter().copied()).collect())
    }
}
