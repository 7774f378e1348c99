//! The API of the sharing rules themselves: why a viewer sees what they see, and who consulted
//! an agency's information.

use super::Hub;
use crate::audit::Consultation;
use crate::context::Current;
use crate::error::{Error, Result};
use crate::sharing::{Access, Decision, Rule, Target};
use crate::views::{Explanation, Viewer};
use chrono::{DateTime, Utc};

impl Hub {
    /// Why the viewer sees what they see of one thing. Where the viewer may not know the thing
    /// exists, the answer is the same as for a thing that does not exist.
    pub fn explain(&self, viewer: &Viewer, target: Target) -> Result<Explanation> {
        let decision = self
            .explain_all(viewer, &[target])?
            .into_iter()
            .next()
            .unwrap_or(WITHHELD);
        Ok(Explanation {
            reason: decision.rule.describe(),
            decision,
        })
    }

    /// The sharing decision for each target, in order: one lock and one engine for the lot, for
    /// hosts that decide on many things at once. A target the viewer may not know of gets the
    /// same answer as one that does not exist.
    pub fn explain_all(&self, viewer: &Viewer, targets: &[Target]) -> Result<Vec<Decision>> {
        self.decisions(viewer, |engine| {
            let Some(engine) = engine else {
                return vec![WITHHELD; targets.len()];
            };
            let state = engine.state;
            targets
                .iter()
                .map(|target| {
                    let decision = match *target {
                        Target::Case(id) => state.cases.get(&id).map(|c| engine.case(c)),
                        Target::Entry(id) => state.entries.get(&id).map(|e| engine.entry(e)),
                        Target::Person(id) => state.persons.get(&id).map(|p| engine.person(p)),
                        Target::Location(id) => {
                            state.locations.get(&id).map(|l| engine.location(l))
                        }
                        Target::Group(id) => state.groups.get(&id).map(|g| engine.group(g)),
                    };
                    match decision {
                        Some(d) if d.access != Access::Nothing => d,
                        _ => WITHHELD,
                    }
                })
                .collect()
        })
    }

    /// Who consulted the viewer's agency's information, between `from` and `to` (agency admins
    /// and supervisors of the owning agency). Each consultation lists only the items the agency
    /// owns.
    pub fn consultations(
        &self,
        viewer: &Viewer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Consultation>> {
        self.current(|current| consultations_in(current, viewer, from, to))
    }
}

/// [`Hub::consultations`] on a state already read: the DPO reports take it inside their own
/// read, so one lock and one state serve both.
pub(crate) fn consultations_in(
    current: &Current<'_>,
    viewer: &Viewer,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Consultation>> {
    let state = current.state;
    let engine = crate::checks::member_engine(state, viewer.practitioner, current.now)?;
    if !engine.viewer.role.is_supervisor() {
        return Err(Error::forbidden(
            "consultations",
            "needs a supervisor or agency admin role",
        ));
    }
    let agency = engine.agency();
    Ok(state
        .consultations
        .iter()
        .filter(|c| c.at >= from && c.at < to)
        .filter_map(|c| {
            let items = c.items_of(agency);
            (!items.is_empty()).then(|| Consultation { items, ..c.clone() })
        })
        .collect())
}

/// The public answer for anything the viewer may not know exists: one uniform decision, so the
/// rule that withheld it (a sensitive entry, a restricted profile) does not leak.
const WITHHELD: Decision = Decision {
    access: Access::Nothing,
    rule: Rule::Withheld,
};
