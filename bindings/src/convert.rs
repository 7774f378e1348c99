//! The boundary's conversions: ids as strings, times as `SystemTime`, dates as ISO strings,
//! integers as `i64`, optional configurations as the core's defaults.
//! Every failure is the core's own `invalid_input` error, naming the field, never the value.

use crate::error::SafehubError;
use chrono::{DateTime, NaiveDate, Utc};
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

/// Parses one typed id (`CaseId`, `PersonId`...) with the core's parser.
pub(crate) fn id<T: FromStr<Err = safehub::Error>>(text: &str) -> Result<T, SafehubError> {
    T::from_str(text).map_err(SafehubError::from)
}

/// Parses an optional typed id.
pub(crate) fn opt_id<T: FromStr<Err = safehub::Error>>(
    text: Option<&str>,
) -> Result<Option<T>, SafehubError> {
    text.map(id).transpose()
}

/// A core time as the FFI's timestamp.
pub(crate) fn time(t: DateTime<Utc>) -> SystemTime {
    t.into()
}

/// An optional core time as the FFI's timestamp.
pub(crate) fn opt_time(t: Option<DateTime<Utc>>) -> Option<SystemTime> {
    t.map(time)
}

/// An FFI timestamp as a core time. A host's timestamp type may reach further than the core's
/// (a Kotlin `Instant` spans a billion years): those are refused, not wrapped or panicked on.
pub(crate) fn utc(field: &'static str, t: SystemTime) -> Result<DateTime<Utc>, SafehubError> {
    let micros = match t.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_micros()).ok(),
        Err(before) => i64::try_from(before.duration().as_micros())
            .ok()
            .map(|m| -m),
    };
    micros
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(|| safehub::Error::invalid(field, "a time within the supported range").into())
}

/// An optional FFI timestamp as a core time.
pub(crate) fn opt_utc(
    field: &'static str,
    t: Option<SystemTime>,
) -> Result<Option<DateTime<Utc>>, SafehubError> {
    t.map(|t| utc(field, t)).transpose()
}

/// An ISO calendar date (`YYYY-MM-DD`).
pub(crate) fn date(field: &'static str, text: &str) -> Result<NaiveDate, SafehubError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| safehub::Error::invalid(field, "an ISO date, YYYY-MM-DD").into())
}

// Integers cross as signed 64-bit (`i64`: Python `int`, Kotlin and Java `long`): Kotlin's
// unsigned types are inline classes that Java cannot call or read without mangled names.

/// A host count or limit (not negative) as the core's `usize`.
pub(crate) fn to_usize(field: &'static str, n: i64) -> Result<usize, SafehubError> {
    usize::try_from(n).map_err(|_| safehub::Error::invalid(field, "must not be negative").into())
}

/// A host number as a narrow unsigned core type (a version, a number of days, months or hops):
/// refused, not wrapped, when negative or past the type's range.
pub(crate) fn to_small<N: TryFrom<i64>>(field: &'static str, n: i64) -> Result<N, SafehubError> {
    N::try_from(n).map_err(|_| {
        safehub::Error::invalid(field, "a whole number, not negative, within its range").into()
    })
}

/// A core count, sequence number or version for the host (saturating; never reached in practice).
pub(crate) fn wide<N: TryInto<i64>>(n: N) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// Converts every element of a list.
pub(crate) fn all<A, B: From<A>>(items: Vec<A>) -> Vec<B> {
    items.into_iter().map(B::from).collect()
}

/// A host's configuration, or the core's default when it passed none.
pub(crate) fn or_default<W, C>(config: Option<W>) -> Result<C, SafehubError>
where
    C: Default + TryFrom<W, Error = SafehubError>,
{
    config.map_or_else(|| Ok(C::default()), C::try_from)
}
