//! The hub's methods for merges: they reach the state only through the hub's read and write
//! paths.

use super::commands::MergeCommand;
use super::view::{merge_requests, merged_profiles, MergeRequest};
use crate::commands::Command;
use crate::error::Result;
use crate::events::Event;
use crate::hub::Hub;
use crate::ids::{PersonId, PractitionerId};
use crate::views::{PersonView, Viewer};

impl Hub {
    /// Agrees, for the actor's agency, that `absorbed` is the same person as `survivor`. The
    /// merge happens once every agency that recorded one of the two profiles has agreed (at
    /// once where the actor's agency recorded both); until then the other agency sees the
    /// request in [`merge_requests`](Self::merge_requests). Returns whether the two are merged
    /// now. Nothing moves: each profile keeps its details and their sharing rules, and the
    /// reads count and show the two as one person (see [`crate::merges`]).
    pub fn agree_merge(
        &self,
        actor: PractitionerId,
        survivor: PersonId,
        absorbed: PersonId,
        reason: &str,
    ) -> Result<bool> {
        let cmd = Command::Merge(MergeCommand::Agree {
            survivor,
            absorbed,
            reason: reason.to_owned(),
        });
        let (_, merged) = self.execute_with(
            actor,
            |_| Ok(cmd.clone()),
            |events| {
                events
                    .iter()
                    .any(|e| matches!(e, Event::PeopleMerged { .. }))
            },
        )?;
        Ok(merged)
    }

    /// Undoes the merge of `absorbed` into its survivor (a case worker of either agency that
    /// recorded one of the two): both are read as separate people again, exactly as before.
    pub fn unmerge(&self, actor: PractitionerId, absorbed: PersonId, reason: &str) -> Result<()> {
        self.execute(
            actor,
            Command::Merge(MergeCommand::Unmerge {
                absorbed,
                reason: reason.to_owned(),
            }),
        )
    }

    /// The profiles of the person `person` is a profile of, the survivor first, each as the
    /// viewer may see it; just `person`'s own where it is not merged. `NotFound` where `person`
    /// is withheld, exactly as for an unknown id.
    pub fn merged_profiles(&self, viewer: &Viewer, person: PersonId) -> Result<Vec<PersonView>> {
        self.read(viewer, |b| merged_profiles(b, person))
    }

    /// The merges awaiting agreement that concern the viewer's agency, oldest first.
    pub fn merge_requests(&self, viewer: &Viewer) -> Result<Vec<MergeRequest>> {
        self.read(viewer, |b| Ok(merge_requests(b)))
    }
}
