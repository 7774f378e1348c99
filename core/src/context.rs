//! The contexts the hub gives features to read and write with, so that no feature touches the
//! hub's lock or state directly: a write's [`Attempt`], a viewer's read session
//! ([`ViewBuilder`](crate::views::ViewBuilder), in `views`), and [`Current`] for reads that are
//! not a viewer's view of content.

use crate::journal::Journal;
use crate::state::State;
use chrono::{DateTime, Utc};

/// What a command is made from in one attempt of a write: the caught-up state and journal, at
/// the attempt's time. A command made from it is decided against the same state.
pub(crate) struct Attempt<'a> {
    /// The projections, caught up with the journal.
    pub(crate) state: &'a State,
    /// The journal they were built from (read-only).
    pub(crate) journal: &'a dyn Journal,
    /// The time of the attempt, and of every event it records.
    pub(crate) at: DateTime<Utc>,
}

/// The caught-up state and journal, now, for reads that are not a viewer's view of content.
pub(crate) struct Current<'a> {
    /// The projections, caught up with the journal.
    pub(crate) state: &'a State,
    /// The journal they were built from (read-only).
    pub(crate) journal: &'a dyn Journal,
    /// The hub's time now.
    pub(crate) now: DateTime<Utc>,
}
