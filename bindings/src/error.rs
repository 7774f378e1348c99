//! The one error type of the bindings: a variant per stable core [`safehub::ErrorCode`], each
//! carrying the code string and the core's message, which names fields, rules and kinds of record
//! but never the values in them (no personal data). Python raises `SafehubError.Forbidden` etc.
//! (all subclasses of `SafehubError`); Kotlin throws `SafehubException.Forbidden` etc.

use crate::incidents::RowError;
use safehub::ErrorCode;

/// Everything that can go wrong in a call to the hub. Match on the variant, or on `code`, which is
/// the same stable string the core and the WASM bindings use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SafehubError {
    /// `invalid_input`: an argument failed validation (a malformed id, date, text or value).
    #[error("{message}")]
    InvalidInput {
        /// Always `invalid_input`.
        code: String,
        /// What was wrong, naming the field, never echoing its value.
        message: String,
    },
    /// `invalid_identifier`: an NHS number, PNC ID, CRO number, NI number, postcode or UPRN
    /// failed its format or check digit.
    #[error("{message}")]
    InvalidIdentifier {
        /// Always `invalid_identifier`.
        code: String,
        /// Which kind of identifier and why, never the value.
        message: String,
    },
    /// `not_found`: the record does not exist, or the viewer may not know that it does.
    #[error("{message}")]
    NotFound {
        /// Always `not_found`.
        code: String,
        /// The kind of record.
        message: String,
    },
    /// `forbidden`: the actor may not do this.
    #[error("{message}")]
    Forbidden {
        /// Always `forbidden`.
        code: String,
        /// The action and the rule that refused it.
        message: String,
    },
    /// `invalid_transition`: the record's state does not allow this change.
    #[error("{message}")]
    InvalidTransition {
        /// Always `invalid_transition`.
        code: String,
        /// The kind of record and the two states.
        message: String,
    },
    /// `conflict`: other writers kept appending to the journal; retry the call.
    #[error("{message}")]
    Conflict {
        /// Always `conflict`.
        code: String,
        /// A fixed message.
        message: String,
    },
    /// `tampered`: the journal failed its integrity check.
    #[error("{message}")]
    Tampered {
        /// Always `tampered`.
        code: String,
        /// The first bad sequence number and what did not match.
        message: String,
    },
    /// `storage`: the storage layer failed (a file that cannot be opened, a full disk).
    #[error("{message}")]
    Storage {
        /// Always `storage`.
        code: String,
        /// The storage layer's description.
        message: String,
    },
    /// `import_rejected`: a batch import was rejected as a whole; nothing was written.
    #[error("{message}")]
    ImportRejected {
        /// Always `import_rejected`.
        code: String,
        /// How many fields were bad.
        message: String,
        /// The bad fields, each naming a row and a field, never the value.
        errors: Vec<RowError>,
    },
}

impl From<safehub::Error> for SafehubError {
    fn from(e: safehub::Error) -> Self {
        let kind = e.code();
        let code = kind.as_str().to_owned();
        let message = e.to_string();
        match kind {
            ErrorCode::InvalidInput => Self::InvalidInput { code, message },
            ErrorCode::InvalidIdentifier => Self::InvalidIdentifier { code, message },
            ErrorCode::NotFound => Self::NotFound { code, message },
            ErrorCode::Forbidden => Self::Forbidden { code, message },
            ErrorCode::InvalidTransition => Self::InvalidTransition { code, message },
            ErrorCode::Conflict => Self::Conflict { code, message },
            ErrorCode::Tampered => Self::Tampered { code, message },
            ErrorCode::Storage => Self::Storage { code, message },
            // The PostgreSQL journal's codes, not reachable from the bindings until they can open
            // one: `code` keeps the core's string.
            ErrorCode::Unavailable | ErrorCode::JournalBehind => Self::Storage { code, message },
            ErrorCode::ImportRejected => Self::ImportRejected {
                code,
                message,
                errors: match e {
                    safehub::Error::ImportRejected { errors } => crate::convert::all(errors),
                    _ => Vec::new(),
                },
            },
        }
    }
}

/// A progress listener that raised: the import goes on without it (see
/// [`crate::incidents::ImportProgressListener`]); this value never reaches the host.
impl From<uniffi::UnexpectedUniFFICallbackError> for SafehubError {
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        safehub::Error::invalid("progress", "the progress listener failed").into()
    }
}

/// The result type of every fallible call of the bindings.
pub type Result<T, E = SafehubError> = std::result::Result<T, E>;
