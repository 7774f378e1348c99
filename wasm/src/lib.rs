//! safehub for JavaScript: a thin wasm-bindgen wrapper over the core. No domain logic lives here.
//!
//! One class, [`Hub`], with the core's methods in camelCase. Records cross the boundary as plain
//! JS objects shaped exactly like the core's own serde types (no mirror types here): inputs are
//! read with serde-wasm-bindgen, results are built on the host from a tape (`tape`) as the
//! values `JSON.parse` would give for their JSON, so maps are plain objects, times are RFC 3339
//! strings and absent values are `null`. The
//! TypeScript declarations of those records come from `tsify` derives on the core's types (core
//! feature `wasm`). Ids are strings. Every failure is a JS `Error` whose `code` is the core's
//! stable [`safehub::ErrorCode`] string and whose message carries no personal data.
//!
//! The journal lives in memory; [`Hub::export_journal`] and [`Hub::import`] hand its bytes to
//! the host, which persists them where it likes (IndexedDB, its server).
//!
//! This file holds the class, its journal and the partnership; each other area of the core's
//! API has its own `impl Hub` block in a module named for it, and `convert` owns the crossing of
//! values and errors.

mod briefing;
mod cases;
mod clock;
mod convert;
mod ids;
mod incidents;
mod network;
mod protection;
mod risk;
mod tape;
mod tasks;

use convert::{arg, id, out, seq, Result};
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
    code: "invalid_input" | "invalid_identifier" | "not_found" | "forbidden" | "invalid_transition" | "conflict" | "tampered" | "storage" | "import_rejected";
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
}

#[wasm_bindgen]
impl Hub {
    /// An empty hub in memory, with the system clock and random ids.
    #[wasm_bindgen(js_name = inMemory)]
    pub fn in_memory() -> Result<Hub> {
        Ok(Hub {
            core: builder()?.open_in_memory()?,
        })
    }

    /// A hub from bytes made by `exportJournal`, checking the journal's hash chain.
    #[wasm_bindgen(js_name = import)]
    pub fn import(bytes: &[u8]) -> Result<Hub> {
        Ok(Hub {
            core: builder()?.import(bytes)?,
        })
    }

    /// The whole journal as bytes, for the host to persist (partnership admins only: it carries
    /// every agency's content).
    #[wasm_bindgen(js_name = exportJournal)]
    pub fn export_journal(&self, actor: &str) -> Result<Vec<u8>> {
        Ok(self.core.export_journal(id(actor)?)?)
    }

    /// Checks the whole hash chain of the journal.
    #[wasm_bindgen(unchecked_return_type = "Integrity")]
    pub fn verify(&self) -> Result<JsValue> {
        out(&self.core.verify()?)
    }

    /// A SHA-256 digest of the projected state: two hubs holding the same journal agree.
    #[wasm_bindgen(js_name = stateDigest)]
    pub fn state_digest(&self) -> Result<String> {
        Ok(self.core.state_digest()?)
    }

    /// The sequence number of the journal's last event (a number, as in `ChangeNotice`: seqs
    /// stay far below 2^53).
    pub fn seq(&self) -> f64 {
        self.core.seq() as f64
    }

    /// At most `limit` events after sequence number `after`: when and what kind, never content,
    /// so a host knows which viewer-filtered reads to refresh.
    #[wasm_bindgen(js_name = changesSince, unchecked_return_type = "ChangeNotice[]")]
    pub fn changes_since(&self, after: f64, limit: usize) -> Result<JsValue> {
        out(&self.core.changes_since(seq("after", after)?, limit)?)
    }

    /// The practitioner a host system knows by `externalId` (its login), or `null`.
    #[wasm_bindgen(js_name = practitionerByExternalId, unchecked_return_type = "string | null")]
    pub fn practitioner_by_external_id(
        &self,
        #[wasm_bindgen(js_name = externalId)] external_id: &str,
    ) -> Result<JsValue> {
        out(&self.core.practitioner_by_external_id(external_id))
    }

    // ---- the partnership ---------------------------------------------------------------------

    /// Sets up a new hub: its name, the hosting agency and that agency's partnership admin.
    #[wasm_bindgen(unchecked_return_type = "Established")]
    pub fn establish(
        &self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgency")] agency: JsValue,
        #[wasm_bindgen(js_name = adminName)] admin_name: &str,
    ) -> Result<JsValue> {
        out(&self
            .core
            .establish(name, arg("agency", agency)?, admin_name)?)
    }

    /// Sets the partnership's time zone, an IANA name such as "Europe/London" (the default), in
    /// which every calendar rule counts its days (partnership admins).
    #[wasm_bindgen(js_name = setTimeZone)]
    pub fn set_time_zone(
        &self,
        actor: &str,
        #[wasm_bindgen(js_name = timeZone)] time_zone: &str,
    ) -> Result<()> {
        Ok(self.core.set_time_zone(id(actor)?, time_zone)?)
    }

    /// The partnership's time zone, as an IANA name.
    #[wasm_bindgen(js_name = timeZone)]
    pub fn time_zone(&self) -> Result<String> {
        Ok(self.core.time_zone()?)
    }

    /// Adds an agency to the partnership; returns its id.
    #[wasm_bindgen(js_name = addAgency)]
    pub fn add_agency(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgency")] agency: JsValue,
    ) -> Result<String> {
        let agency = self.core.add_agency(id(actor)?, arg("agency", agency)?)?;
        Ok(agency.to_string())
    }

    /// The partnership's agencies: a directory, not content.
    #[wasm_bindgen(unchecked_return_type = "AgencyRef[]")]
    pub fn agencies(&self) -> Result<JsValue> {
        out(&self.core.agencies())
    }

    /// Registers a practitioner; returns their id.
    #[wasm_bindgen(js_name = registerPractitioner)]
    pub fn register_practitioner(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewPractitioner")] practitioner: JsValue,
    ) -> Result<String> {
        let p = arg("practitioner", practitioner)?;
        Ok(self.core.register_practitioner(id(actor)?, p)?.to_string())
    }

    /// Signs an information sharing agreement; returns its id.
    #[wasm_bindgen(js_name = signAgreement)]
    pub fn sign_agreement(
        &self,
        actor: &str,
        #[wasm_bindgen(unchecked_param_type = "NewAgreement")] agreement: JsValue,
    ) -> Result<String> {
        let a = arg("agreement", agreement)?;
        Ok(self.core.sign_agreement(id(actor)?, a)?.to_string())
    }

    /// Changes a practitioner's role.
    #[wasm_bindgen(js_name = changeRole)]
    pub fn change_role(
        &self,
        actor: &str,
        practitioner: &str,
        #[wasm_bindgen(unchecked_param_type = "Role")] role: JsValue,
    ) -> Result<()> {
        let role = arg("role", role)?;
        Ok(self.core.change_role(id(actor)?, id(practitioner)?, role)?)
    }

    /// Closes a practitioner's account: they can no longer act or read.
    #[wasm_bindgen(js_name = deactivatePractitioner)]
    pub fn deactivate_practitioner(&self, actor: &str, practitioner: &str) -> Result<()> {
        Ok(self
            .core
            .deactivate_practitioner(id(actor)?, id(practitioner)?)?)
    }

    /// Ends an agreement at `ends` (RFC 3339, not in the past): sharing under it stops then.
    #[wasm_bindgen(js_name = endAgreement)]
    pub fn end_agreement(
        &self,
        actor: &str,
        agreement: &str,
        #[wasm_bindgen(unchecked_param_type = "DateTime")] ends: JsValue,
    ) -> Result<()> {
        let ends = arg("ends", ends)?;
        Ok(self.core.end_agreement(id(actor)?, id(agreement)?, ends)?)
    }

    /// An agency leaves the partnership: its practitioners lose access from now on; what it
    /// recorded stays (partnership admins).
    #[wasm_bindgen(js_name = agencyLeaves)]
    pub fn agency_leaves(&self, actor: &str, agency: &str) -> Result<()> {
        Ok(self.core.agency_leaves(id(actor)?, id(agency)?)?)
    }
}

/// The core's builder with ids drawn as `ids` explains and the host's clock (`clock`).
fn builder() -> Result<sh::HubBuilder> {
    Ok(sh::Hub::builder()
        .ids(ids::HostSeededIds::from_host()?)
        .clock(clock::HostClock))
}
