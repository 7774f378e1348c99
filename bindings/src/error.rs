//! The one error type of the bindings is the core's foreign error,
//! [`safehub::ffi::SafehubError`]: a variant per stable [`safehub::ErrorCode`], each carrying the
//! code string and the core's message. It lives in the core so that an argument that fails to
//! lift (a malformed id, time or date) is reported as the call's own `invalid_input`.

pub use safehub::ffi::SafehubError;

/// The result type of every fallible call of the bindings.
pub type Result<T, E = SafehubError> = std::result::Result<T, E>;
