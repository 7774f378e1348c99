//! safehub for JavaScript: a thin wasm-bindgen wrapper over the core. No domain logic lives here.
//!
//! One class, [`Hub`], with the core's methods in camelCase. Records cross the boundary as plain
//! JS objects shaped exactly like the core's own serde types (no mirror types here): inputs are
//! read with serde-wasm-bindgen, results are built on the host from a tape (`tape`) as the
//! values `JSON.parse` would give for their JSON, so maps are plain objects, times are RFC 3339
//! strings and absent values are `null`. The TypeScript declarations of those records come from
//! `tsify` derives on the core's types (core feature `wasm`). Ids are strings. Every failure is a
//! JS `Error` whose `code` is the core's stable [`safehub::ErrorCode`] string and whose message
//! carries no personal data.
//!
//! The journal lives in memory; [`Hub::export_journal`] and [`Hub::import`] hand its bytes to
//! the host, which persists them where it likes (IndexedDB, its server).
//!
//! The `Hub` methods that only forward to the core are generated: `api.rs` is their table, one
//! row per method, and `generate.rs` the macro that expands each row. Written by hand are what
//! differs from a forwarding: this file's class, constructors and byte and number results, the
//! retention rules' functions (`functions`, whose renderings are rows of a smaller macro), the
//! crossing of values and errors (`convert`, `tape`), the host's clock and ids (`clock`,
//! `ids`), and notification subscriptions (`notify`).

#[macro_use]
mod generate;
mod api;
mod clock;
mod convert;
mod functions;
mod ids;
mod notify;
/// Public for its parity tests (`tests/tape.rs`); not part of the JS API.
pub mod tape;

use convert::{id, Result};
use safehub as sh;
use wasm_bindgen::prelude::*;

// Names the core's TypeScript declarations use for types from other crates.
#[wasm_bindgen(typescript_custom_section)]
const FOREIGN_TYPES: &str = r#"
/** A UTC time as RFC 3339 text, e.g. "2026-03-03T09:00:00Z" (the core's chrono `DateTime<Utc>`). */
export type DateTime<Tz = Utc> = string;
/** The time zone of every `DateTime`: always UTC. */
export type Utc = "UTC";
/** A UUID in its hyphenated text form (ids of consulted items). */
export type Uuid = string;
/** A calendar date as "YYYY-MM-DD" (the core's chrono `NaiveDate`). */
export type NaiveDate = string;
/** What every failing call throws: a JS `Error` with the core's stable code. */
export interface SafehubError extends Error {
    name: "SafehubError";
    code: "invalid_input" | "invalid_identifier" | "not_found" | "forbidden" | "invalid_transition" | "conflict" | "tampered" | "storage" | "import_rejected" | "unavailable" | "journal_behind";
    /** For `import_rejected`: each bad field of each row (never the value found). */
    errors?: RowError[];
}
"#;

/// The version of the safehub core this module wraps.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The multi-agency case management hub, held in memory. Every change takes the acting
/// practitioner's id; every read takes a `Viewer` and returns what the sharing rules allow.
#[wasm_bindgen]
pub struct Hub {
    core: sh::Hub,
    /// The host's notification subscriptions (`notify`).
    subscriptions: std::cell::RefCell<notify::Subscriptions>,
}

#[wasm_bindgen]
impl Hub {
    /// An empty hub in memory, with the system clock and random ids.
    #[wasm_bindgen(js_name = inMemory)]
    pub fn in_memory() -> Result<Hub> {
        Ok(Hub {
            core: builder()?.open_in_memory()?,
            subscriptions: Default::default(),
        })
    }

    /// A hub from bytes made by `exportJournal`, checking the journal's hash chain.
    #[wasm_bindgen(js_name = import)]
    pub fn import(bytes: &[u8]) -> Result<Hub> {
        Ok(Hub {
            core: builder()?.import(bytes)?,
            subscriptions: Default::default(),
        })
    }

    /// The whole journal as bytes, for the host to persist (partnership admins only: it carries
    /// every agency's content).
    #[wasm_bindgen(js_name = exportJournal)]
    pub fn export_journal(&self, actor: &str) -> Result<Vec<u8>> {
        Ok(self.core.export_journal(id(actor)?)?)
    }

    /// The sequence number of the journal's last event (a number, as in `ChangeNotice`: seqs
    /// stay far below 2^53).
    pub fn seq(&self) -> f64 {
        self.core.seq() as f64
    }
}

/// The core's builder with ids drawn as `ids` explains and the host's clock (`clock`).
fn builder() -> Result<sh::HubBuilder> {
    Ok(sh::Hub::builder()
        .ids(ids::HostSeededIds::from_host()?)
        .clock(clock::HostClock))
}
