//! safehub for JavaScript: a thin wasm-bindgen wrapper over the core. No domain logic lives here.

use wasm_bindgen::prelude::*;

/// The version of the safehub core this module wraps.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
