//! The read path. A read is one session: one lock, one caught-up state at one seq (or the state
//! of an as-of time), one sharing engine for the viewer, and one consultation recording
//! everything the session disclosed of other agencies' content, written before the answer is
//! returned. Composite reads (the briefing, the network, the priority list) are one session,
//! not one per section.
//!
//! Reads that return no content about anyone (the partnership's forms and policy, the data
//! protection officer's reports over the logs) see the caught-up state through [`Current`],
//! and are judged by the feature that asks.

use super::write::Inner;
use super::Hub;
use crate::audit::Consultation;
use crate::context::Current;
use crate::error::{Error, Result};
use crate::ids::MeetingId;
use crate::sharing::Engine;
use crate::state::State;
use crate::validation::{self, MAX_SHORT};
use crate::views::{ViewBuilder, Viewer};
use chrono::{DateTime, Utc};
use std::sync::{Arc, MutexGuard};

impl Hub {
    /// Runs a read for `viewer`, then records the consultation if other agencies' content was
    /// returned. If the log cannot be written, the read fails: nothing is disclosed unlogged.
    pub(crate) fn read<T>(
        &self,
        viewer: &Viewer,
        f: impl FnOnce(&mut ViewBuilder<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.read_for(viewer, None, f)
    }

    /// [`read`](Self::read) made for a hub meeting: the consultation names the meeting.
    pub(crate) fn read_for<T>(
        &self,
        viewer: &Viewer,
        meeting: Option<MeetingId>,
        f: impl FnOnce(&mut ViewBuilder<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let justification =
            validation::optional_line("justification", Some(&viewer.justification), MAX_SHORT)?
                .unwrap_or_default();
        let (out, items, agency, now) = self.judged(viewer, |engine, now| {
            // The viewer may not have existed at an as-of time: then they saw nothing then.
            let Some(engine) = engine else {
                return Err(Error::not_found("record"));
            };
            let mut builder = ViewBuilder::new(engine);
            let out = f(&mut builder)?;
            Ok((out, builder.disclosures.into_items(), engine.agency(), now))
        })??;
        if !items.is_empty() {
            let consultation = Consultation {
                viewer: viewer.practitioner,
                viewer_agency: agency,
                at: now,
                as_of: viewer.as_of,
                justification,
                items,
                meeting,
            };
            self.log(viewer.practitioner, consultation)?;
        }
        Ok(out)
    }

    /// Runs `f` on the caught-up state, now. A failure to catch up fails the read.
    pub(crate) fn current<T>(&self, f: impl FnOnce(&Current<'_>) -> Result<T>) -> Result<T> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let now = self.clock.now();
        f(&Current {
            state: &inner.state,
            journal: inner.journal.as_ref(),
            now,
        })
    }

    /// Runs `f` on the state of the partnership's policy (its forms, rules and directory),
    /// caught up if the journal can be read: a failed catch-up only means a slightly older
    /// answer, which for policy is better than none.
    pub(crate) fn policy<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        let mut inner = self.lock();
        let _ = inner.catch_up();
        f(&inner.state)
    }

    /// Runs `f` with the viewer's engine on the state their read is judged on (now, or as of a
    /// past time; `None` when the viewer did not exist then), logging nothing: for answers that
    /// are sharing decisions, not content.
    pub(super) fn decisions<T>(
        &self,
        viewer: &Viewer,
        f: impl FnOnce(Option<&Engine<'_>>) -> T,
    ) -> Result<T> {
        self.judged(viewer, |engine, _| f(engine))
    }

    /// Runs `g` with the viewer's engine on the state their read is judged on, and the time
    /// now. The current state is read under the hub's lock; a past one is built with the lock
    /// released (see `as_of`), and `g` runs on it without the lock.
    fn judged<R>(
        &self,
        viewer: &Viewer,
        g: impl FnOnce(Option<&Engine<'_>>, DateTime<Utc>) -> R,
    ) -> Result<R> {
        let mut inner = self.lock();
        inner.catch_up()?;
        let now = self.clock.now();
        let at = judged_at(&inner.state, viewer, now)?;
        match viewer.as_of {
            None => Ok(g(
                Engine::new(&inner.state, viewer.practitioner, at).as_ref(),
                now,
            )),
            Some(t) => {
                let past = self.past(inner, t)?;
                Ok(g(Engine::new(&past, viewer.practitioner, at).as_ref(), now))
            }
        }
    }
}

impl Hub {
    /// The state as of `t`: planned under `inner` (the hub's lock, caught up), built with the
    /// lock released, so other calls wait for a read of the journal, not for a replay.
    fn past(&self, mut inner: MutexGuard<'_, Inner>, t: DateTime<Utc>) -> Result<Arc<State>> {
        let Inner { journal, past, .. } = &mut *inner;
        let plan = past.plan(journal.as_ref(), t, &self.snapshot_key)?;
        drop(inner);
        let (state, chain, generation) = plan.build(&self.snapshot_key)?;
        self.lock().past.keep(t, state.clone(), chain, generation);
        Ok(state)
    }
}

/// Checks the viewer may read now (an agency that left, or a closed account, reads nothing, not
/// even the past): the time the rules are judged at (now, or the viewer's as-of time).
///
/// An `as_of` after now is refused. The rules of a future day (an agreement signed to start next
/// week) are not in force yet, so nothing may be shared under them; and the hub knows nothing of
/// the future that it does not know now, so there is no other answer to give. The refusal is the
/// same whatever exists, and nothing is read, so nothing is logged.
fn judged_at(state: &State, viewer: &Viewer, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if viewer.as_of.is_some_and(|t| t > now) {
        return Err(Error::invalid("as_of", "must not be after now"));
    }
    let allowed = Engine::new(state, viewer.practitioner, now).is_some_and(|e| e.is_member());
    if !allowed {
        return Err(Error::forbidden("read", "unknown or inactive practitioner"));
    }
    Ok(viewer.as_of.unwrap_or(now))
}
