//! The Hub methods of duplicate detection.

use super::{CheckedPerson, DuplicateCandidate, DuplicatePair};
use crate::error::Result;
use crate::hub::Hub;
use crate::ids::{PersonId, PractitionerId};
use crate::people::NewPerson;
use crate::views::Viewer;

impl Hub {
    /// Profiles that may be the same person as `person`, likeliest first, each with its score
    /// and the reasons. Only profiles whose details the viewer reads in full are compared or
    /// shown, and only their facts the viewer may see count; a restricted profile is proposed to
    /// its owner agency alone. A profile the viewer does not read in full is `not_found`,
    /// exactly as an unknown id.
    pub fn possible_duplicates(
        &self,
        viewer: &Viewer,
        person: PersonId,
    ) -> Result<Vec<DuplicateCandidate>> {
        self.read(viewer, |b| super::candidates(b, person))
    }

    /// The partnership's duplicate review list: every pair of profiles scoring
    /// [`THRESHOLD`](super::THRESHOLD) or more whose details the viewer reads in full, each pair
    /// once, likeliest first. For supervisors and above (`forbidden` otherwise).
    pub fn duplicate_review(&self, viewer: &Viewer) -> Result<Vec<DuplicatePair>> {
        self.read(viewer, super::review)
    }

    /// [`Hub::record_person`], then the new profile's possible duplicates as the recorder sees
    /// them, so that a practitioner is told at once that the person may already be known.
    pub fn record_person_checked(
        &self,
        actor: PractitionerId,
        person: NewPerson,
    ) -> Result<CheckedPerson> {
        let id = self.record_person(actor, person)?;
        let viewer = Viewer::new(actor).because("checking a new profile for duplicates");
        let candidates = self.possible_duplicates(&viewer, id)?;
        Ok(CheckedPerson { id, candidates })
    }
}
