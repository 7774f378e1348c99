//! Replay: building the projections from the journal, checking every event against the hash
//! chain on the way. Opening, catching up with other writers, rebuilding after an erasure and
//! reading a past state all apply the journal through here.

use crate::error::{Error, Result};
use crate::events::codec::decode;
use crate::journal::{self, ChainCheck, Journal};
use crate::state::State;
use chrono::{DateTime, Utc};

/// Builds state by replaying the journal, up to and including `until` when given, checking
/// every event against `chain` (the whole chain, even past `until`: a break anywhere means the
/// journal cannot be trusted).
pub(crate) fn replay(
    journal: &dyn Journal,
    until: Option<DateTime<Utc>>,
    chain: &mut ChainCheck,
) -> Result<State> {
    let mut state = State::default();
    apply_tail(journal, &mut state, chain, until)?;
    Ok(state)
}

/// Applies to `state` the events after where `chain` stands, up to and including `until` when
/// given, checking every event against `chain` (all of them, even past `until`).
pub(crate) fn apply_tail(
    journal: &dyn Journal,
    state: &mut State,
    chain: &mut ChainCheck,
    until: Option<DateTime<Utc>>,
) -> Result<()> {
    let result = journal::scan_with(journal, chain.seq(), |stored| {
        chain.accept(&stored)?;
        // Events are appended in time order per writer; a late one from a slower clock is
        // still judged by its own time.
        if until.is_none_or(|t| stored.at <= t) {
            state.apply_owned(stored.seq, stored.at, decode(&stored)?);
        }
        Ok::<(), Error>(())
    });
    result.map_err(|e| at_position(e, chain))
}

/// Names the damaged event by its position in the chain: a row too malformed to read reports
/// whatever seq it holds (or none), but the event that failed is the one after the last that
/// verified.
pub(super) fn at_position(e: Error, chain: &ChainCheck) -> Error {
    match e {
        Error::Tampered { reason, .. } => Error::Tampered {
            seq: chain.seq().saturating_add(1),
            reason,
        },
        other => other,
    }
}
