//! Crossing the boundary: reading JS arguments as the core's types, writing the core's results as
//! plain JS values, and turning every failure into a JS `Error` with the core's stable code.

use safehub as sh;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Why a call failed, before it becomes a JS `Error`.
pub enum Failure {
    /// The core refused or failed.
    Core(sh::Error),
    /// An argument did not have the shape of its TypeScript type.
    Input {
        /// The argument, e.g. `"viewer"`.
        what: &'static str,
        /// serde's complaint, kept only when it names a field rather than echoing a value.
        detail: Option<String>,
    },
}

impl From<sh::Error> for Failure {
    fn from(e: sh::Error) -> Self {
        Failure::Core(e)
    }
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> Self {
        let mut row_errors = None;
        let (code, message) = match f {
            Failure::Core(e) => {
                if let sh::Error::ImportRejected { errors } = &e {
                    row_errors = out(errors).ok();
                }
                (e.code().as_str(), e.to_string())
            }
            Failure::Input { what, detail } => (
                sh::ErrorCode::InvalidInput.as_str(),
                match detail {
                    Some(d) => format!("invalid {what}: {d}"),
                    None => format!("invalid {what}: not of the expected type"),
                },
            ),
        };
        let error = js_sys::Error::new(&message);
        error.set_name("SafehubError");
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
        if let Some(errors) = row_errors {
            let _ = js_sys::Reflect::set(&error, &"errors".into(), &errors);
        }
        error.into()
    }
}

/// What every exported call returns: a value, or a failure thrown as a JS `Error`.
pub type Result<T> = std::result::Result<T, Failure>;

/// Reads a JS value as the core type `T`. serde's message is passed on only when it names a
/// field (missing or unknown): other messages can quote the value, which may be personal data.
pub fn arg<T: DeserializeOwned>(what: &'static str, value: JsValue) -> Result<T> {
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        // serde-wasm-bindgen's errors are JS Errors: their text starts "Error: ".
        let text = e.to_string();
        let text = text.strip_prefix("Error: ").unwrap_or(&text);
        let names_a_field = text.starts_with("missing field") || text.starts_with("unknown field");
        Failure::Input {
            what,
            detail: names_a_field.then(|| text.to_owned()),
        }
    })
}

/// Reads an optional settings object: `null` or `undefined` means the core's defaults, so a
/// host need not spell out every rule to change none.
pub fn arg_or_default<T: DeserializeOwned + Default>(
    what: &'static str,
    value: JsValue,
) -> Result<T> {
    if value.is_null() || value.is_undefined() {
        Ok(T::default())
    } else {
        arg(what, value)
    }
}

/// Reads a whole number from 0 to `max` given as a JS number. Taken as `f64` rather than as an
/// integer because wasm-bindgen would silently truncate or wrap a fraction, a negative or NaN.
pub fn whole(what: &'static str, n: f64, max: f64) -> Result<u64> {
    if (0.0..=max).contains(&n) && n.fract() == 0.0 {
        Ok(n as u64)
    } else {
        Err(Failure::Input { what, detail: None })
    }
}

/// Reads a journal sequence number given as a JS number: a whole number from 0 up to 2^53.
pub fn seq(what: &'static str, n: f64) -> Result<u64> {
    const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    whole(what, n, MAX_SAFE_INTEGER)
}

/// Parses an id given as a string.
pub fn id<T: std::str::FromStr<Err = sh::Error>>(text: &str) -> Result<T> {
    Ok(text.parse()?)
}

/// Writes a core value as a plain JS value (objects for maps, strings for times, null for none).
///
/// Through JSON text: one string handed over and the host's own `JSON.parse`, rather than
/// serde-wasm-bindgen building the object one call into JS per key and value, which was most of
/// the time of a large read (a case of 200 entries) under Node.
pub fn out<T: Serialize>(value: &T) -> Result<JsValue> {
    let failed = || Failure::Core(sh::Error::Storage("a result could not be converted".into()));
    let text = serde_json::to_string(value).map_err(|_| failed())?;
    js_sys::JSON::parse(&text).map_err(|_| failed())
}
