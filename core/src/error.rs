//! The one public error type and its stable codes.
//!
//! Messages name fields, rules and kinds of record, never the values in them: an error may be
//! logged by a host system or shown on a screen the victim's record must not reach. Codes are
//! stable strings that bindings and hosts can match on.

use crate::identifiers::IdentifierError;
use crate::journal::JournalError;
use serde::{Deserialize, Serialize};

/// Everything that can go wrong in a call to the hub.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An input failed validation. `field` names it; `reason` says what was expected.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The offending field, e.g. `"date_of_birth"`.
        field: &'static str,
        /// What was expected, in words free of the input's value.
        reason: &'static str,
    },
    /// An identifier (NHS number, PNC ID, CRO number, NI number, postcode, UPRN) failed its check.
    #[error("{0}")]
    Identifier(#[from] IdentifierError),
    /// The record does not exist, or the viewer may not know that it does: the two are
    /// deliberately indistinguishable.
    #[error("{what} not found")]
    NotFound {
        /// The kind of record, e.g. `"case"`.
        what: &'static str,
    },
    /// The actor may not do this.
    #[error("forbidden: {action}: {reason}")]
    Forbidden {
        /// What was attempted, e.g. `"add_entry"`.
        action: &'static str,
        /// Which rule refused it.
        reason: &'static str,
    },
    /// The record is not in a state that allows this change.
    #[error("{what} cannot go from {from} to {to}")]
    InvalidTransition {
        /// The kind of record.
        what: &'static str,
        /// Its current state.
        from: &'static str,
        /// The state asked for.
        to: &'static str,
    },
    /// Another writer appended to the journal meanwhile and retries ran out.
    #[error("conflict: the journal moved on while deciding; retry")]
    Conflict,
    /// The journal failed its integrity check.
    #[error("journal integrity check failed at event {seq}: {reason}")]
    Tampered {
        /// The first bad sequence number.
        seq: u64,
        /// What did not match.
        reason: &'static str,
    },
    /// The storage layer failed.
    #[error("storage: {0}")]
    Storage(String),
    /// The journal's server cannot be reached or the connection dropped (PostgreSQL). Retryable;
    /// reads fail too rather than serve an older state (see `journal/postgres.rs`). When the
    /// message says the outcome is unknown, read before repeating the command.
    #[error("{0}")]
    Unavailable(String),
    /// The journal's database ends before events this hub has already applied: a failover lost
    /// them (PostgreSQL). Not retryable: an operator restores the lost events or reopens the hub.
    #[error("journal is behind: it ends at {head}, but this hub has applied up to {applied}")]
    JournalBehind {
        /// The highest seq this hub has seen stored.
        applied: u64,
        /// The head the database has now.
        head: u64,
    },
    /// A batch import was rejected as a whole: nothing was written. Each error names a row (its
    /// line in the file, or its position in the batch) and a field, never the value.
    #[error("import rejected: {} bad field(s), nothing imported", errors.len())]
    ImportRejected {
        /// The bad fields, in row order (at most [`crate::incidents::MAX_ROW_ERRORS`]).
        errors: Vec<RowError>,
    },
}

/// One bad field of one row of a batch input (an incident import's CSV or JSON rows).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RowError {
    /// The CSV line, or the 1-based position in a JSON array or a batch (0: the whole input).
    pub line: u64,
    /// The field, e.g. `occurred_at` or `caller_date_of_birth`.
    pub field: String,
    /// What was expected, never the value found.
    pub expected: String,
}

/// The stable, machine-readable code of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// `invalid_input`
    InvalidInput,
    /// `invalid_identifier`
    InvalidIdentifier,
    /// `not_found`
    NotFound,
    /// `forbidden`
    Forbidden,
    /// `invalid_transition`
    InvalidTransition,
    /// `conflict`
    Conflict,
    /// `tampered`
    Tampered,
    /// `storage`
    Storage,
    /// `import_rejected`
    ImportRejected,
    /// `unavailable`: retryable.
    Unavailable,
    /// `journal_behind`
    JournalBehind,
}

impl ErrorCode {
    /// The code as a stable string.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::InvalidIdentifier => "invalid_identifier",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Tampered => "tampered",
            ErrorCode::Storage => "storage",
            ErrorCode::ImportRejected => "import_rejected",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::JournalBehind => "journal_behind",
        }
    }
}

impl Error {
    /// Shorthand for [`Error::Invalid`].
    pub fn invalid(field: &'static str, reason: &'static str) -> Self {
        Error::Invalid { field, reason }
    }

    /// Shorthand for [`Error::Forbidden`].
    pub fn forbidden(action: &'static str, reason: &'static str) -> Self {
        Error::Forbidden { action, reason }
    }

    /// Shorthand for [`Error::NotFound`].
    pub fn not_found(what: &'static str) -> Self {
        Error::NotFound { what }
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::Identifier(_) => ErrorCode::InvalidIdentifier,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::InvalidTransition { .. } => ErrorCode::InvalidTransition,
            Error::Conflict => ErrorCode::Conflict,
            Error::Tampered { .. } => ErrorCode::Tampered,
            Error::Storage(_) => ErrorCode::Storage,
            Error::ImportRejected { .. } => ErrorCode::ImportRejected,
            Error::Unavailable(_) => ErrorCode::Unavailable,
            Error::JournalBehind { .. } => ErrorCode::JournalBehind,
        }
    }
}

impl From<JournalError> for Error {
    fn from(e: JournalError) -> Self {
        match e {
            JournalError::Conflict { .. } => Error::Conflict,
            JournalError::Tampered { seq, reason } => Error::Tampered { seq, reason },
            e @ (JournalError::Unavailable { .. } | JournalError::OutcomeUnknown { .. }) => {
                Error::Unavailable(e.to_string())
            }
            JournalError::Behind { seen, head } => Error::JournalBehind {
                applied: seen,
                head,
            },
            other => Error::Storage(other.to_string()),
        }
    }
}

/// The result type of every fallible call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
