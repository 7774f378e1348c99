//! UniFFI bindings of safehub for Python and Kotlin/JVM hosts: the [`Hub`](hub::Hub) object and
//! the objects some reads return. No domain logic lives here, and almost no types: the records
//! and enums that cross are the core's own, deriving `uniffi::Record` / `uniffi::Enum` behind the
//! core's `uniffi` feature (with the custom types for ids, times, dates and counts, the foreign
//! error and the named shapes of the core's unnamed variants in `safehub::ffi`). Every `Hub`
//! method forwards to the core's, one for one, from a table (the `forward!` macro in `hub.rs`).
//!
//! One library carries two UniFFI namespaces: `safehub` (the core's types) and `safehub_ffi`
//! (this crate's `Hub` and objects). Python gets both modules in the `safehub` package; Kotlin
//! gets the packages `uniffi.safehub` and `uniffi.safehub_ffi`.
//!
//! - [`hub`]: the `Hub` object, its constructors, the partnership, people, cases, reads and the
//!   journal.
//! - [`records`]: the two inputs mirrored because the core takes tuples (`NewPerson`,
//!   `NewLocation`), and the core's other inputs.
//! - [`views`]: what reads of cases, entries, people, places and groups return.
//! - [`risk`], [`tasks`], [`referrals`], [`incidents`], [`repeats`]: each domain's calls (and,
//!   for incidents, the import rows mirrored because the core takes identifiers as tuples).
//! - [`briefing`], [`network`], [`subject_access`]: reads returned as objects holding the core's
//!   answer, so its data and its renderings (Markdown, DOT, GraphML, GeoJSON, JSON) come from one
//!   read.
//! - [`protection`], [`accountability`]: retention, erasure and the data protection reports.
//! - [`enums`]: the core's flat enums.
//! - [`error`]: the one error type, the core's `SafehubError`.

uniffi::setup_scaffolding!();

// The core's custom types for other crates' types (times, dates, counts) implement UniFFI's
// traits for the core's scaffolding only; the `Hub` object's methods and the mirrored inputs
// here use them through the core's.
use safehub::ffi::{IsoDate, Timestamp};
uniffi::use_remote_type!(safehub::Timestamp);
uniffi::use_remote_type!(safehub::IsoDate);
uniffi::use_remote_type!(safehub::usize);

pub mod accountability;
pub mod briefing;
pub mod enums;
pub mod error;
pub mod hub;
pub mod incidents;
pub mod meetings;
pub mod network;
pub mod notifications;
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
