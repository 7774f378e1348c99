//! UniFFI bindings of safehub: a thin translation of the core's public API for Python and
//! Kotlin/JVM hosts. No domain logic lives here: every call parses its arguments into the core's
//! types, calls the core's [`safehub::Hub`], and converts the answer (already filtered by the
//! sharing engine) into the records below.
//!
//! The foreign shape differs from the core's serde shape on purpose: ids are strings, times are
//! the FFI's timestamp (`SystemTime`: Python `datetime`, Kotlin `Instant`), calendar dates are ISO
//! strings (`YYYY-MM-DD`), and enums are flat or carry named fields. Each wrapper converts from
//! the core's own type with a `From` impl (inputs with `TryFrom`, since parsing an id can fail).
//!
//! - [`hub`]: the [`Hub`](hub::Hub) object, its constructors, the partnership, people, cases and
//!   the journal.
//! - [`records`]: the inputs commands take.
//! - [`views`]: what reads of cases, entries, people, places and groups return.
//! - [`risk`], [`tasks`], [`referrals`], [`incidents`], [`repeats`]: each domain's records and
//!   calls.
//! - [`briefing`], [`network`], [`subject_access`]: reads returned as objects holding the core's
//!   answer, so its data and its renderings (Markdown, DOT, GraphML, GeoJSON, JSON) come from one
//!   read.
//! - [`protection`], [`accountability`]: retention, erasure and the data protection reports.
//! - [`enums`]: the core's flat enums, mirrored.
//! - [`error`]: the one error type, [`SafehubError`](error::SafehubError).

uniffi::setup_scaffolding!();

// The core's custom types for foreign crates' values (times, dates, counts, any-kind ids) are
// declared in the core (`safehub::ffi`) for its own scaffolding; the `Hub` object's methods and
// the mirrored records here use them through the core's.
use safehub::ffi::{IsoDate, Timestamp};
uniffi::use_remote_type!(safehub::Timestamp);
uniffi::use_remote_type!(safehub::IsoDate);
uniffi::use_remote_type!(safehub::usize);

pub mod accountability;
pub mod briefing;
mod convert;
pub mod enums;
pub mod error;
pub mod hub;
pub mod incidents;
pub mod network;
pub mod protection;
pub mod records;
pub mod referrals;
pub mod repeats;
pub mod risk;
pub mod subject_access;
pub mod tasks;
pub mod views;

/// The version of the safehub core these bindings wrap. Costs one FFI call and nothing else: the
/// baseline for measuring call overhead.
#[uniffi::export]
pub fn safehub_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
