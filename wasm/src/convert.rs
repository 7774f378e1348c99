//! Crossing the boundary: reading JS arguments as the core's types, writing the core's results as
//! plain JS values, and turning every failure into a JS `Error` with the core's stable code.

use crate::tape::Tape;
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
    headroom();
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

/// Reads a number of days given as a JS number: a whole number that fits the core's `u32` (it
/// saturates at the calendar's end), checked here because wasm-bindgen would wrap a larger one.
pub fn days(what: &'static str, n: f64) -> Result<u32> {
    Ok(whole(what, n, f64::from(u32::MAX))? as u32)
}

/// Parses an id given as a string.
pub fn id<T: std::str::FromStr<Err = sh::Error>>(text: &str) -> Result<T> {
    Ok(text.parse()?)
}

/// Writes a core value as a plain JS value (objects for maps, strings for times, null for none),
/// the value `JSON.parse` would give for its JSON text.
///
/// Through a tape (`tape.rs`): the shape as numbers and every string in one text, from which
/// the host's `tape.js` builds the objects. Under Node this is several times cheaper than
/// `JSON.parse` of the same result's JSON text, which was itself cheaper than serde-wasm-bindgen
/// building the object one call into JS per key and value (docs/BENCHMARKS.md). The tape's
/// buffers are kept between calls, so a large result does not regrow them on every call.
pub fn out<T: Serialize>(value: &T) -> Result<JsValue> {
    let failed = || Failure::Core(sh::Error::Storage("a result could not be converted".into()));
    let value = TAPE.with(|tape| {
        // Never re-entered: decoding does not call back into the module. A second tape could
        // not stand in if it were, since its symbol numbers would overwrite the host's.
        let mut tape = tape.try_borrow_mut().map_err(|_| failed())?;
        let decoded = tape
            .write(value)
            .map_err(|_| failed())
            .and_then(|w| decode_tape(w.defs, w.ops, w.text).map_err(|_| failed()));
        // One unusually large result (an export) is not kept for the life of the module.
        tape.shrink_past(OUT_KEPT_MAX);
        decoded
    });
    headroom();
    value
}

#[wasm_bindgen(module = "/src/tape.js")]
extern "C" {
    /// Builds the value a tape describes (`tape.js`). Caught, so that a throw cannot unwind
    /// past the tape's borrow and leave it held for the module's life.
    #[wasm_bindgen(catch, js_name = decode)]
    fn decode_tape(defs: &[u32], ops: &[u32], text: &str) -> std::result::Result<JsValue, JsValue>;
}

/// The largest result buffers kept for the next call, in bytes.
const OUT_KEPT_MAX: usize = 4 << 20;

thread_local! {
    /// The tape of the last result, kept for its buffers and the symbols the host knows.
    static TAPE: std::cell::RefCell<Tape> = std::cell::RefCell::new(Tape::default());
}

/// Grows the module's memory ahead of need, a quarter of its size at a time, once the allocator
/// has had to grow it.
///
/// Rust's allocator in WASM (dlmalloc) grows the memory by as little as each allocation needs,
/// 64 KiB at a time, and a hub's memory grows with its journal (every write, and every read that
/// logs a consultation). Each `memory.grow` costs the host far more than the allocation: under
/// Node 20 it sets off a major garbage collection (perf: V8's concurrent marking and sweeping),
/// 0.5 to 1.1 ms per grow on a 64 MB memory, measured. Asking once for a quarter more, and
/// handing it straight back to the allocator, keeps the number of grows logarithmic in the
/// memory's size; pages grown and not yet written cost the host no physical memory. Called when
/// a result is written ([`out`]) and when an argument object is read ([`arg`]).
pub fn headroom() {
    #[cfg(target_arch = "wasm32")]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        /// The memory's size (64 KiB pages) when headroom was last added.
        static PAGES: AtomicUsize = AtomicUsize::new(0);
        const PAGE: usize = 64 * 1024;
        let pages = core::arch::wasm32::memory_size::<0>();
        if pages > PAGES.load(Ordering::Relaxed) {
            let extra = (pages / 4).max(16).saturating_mul(PAGE);
            // A block the allocator must take from new memory, given back at once: the memory
            // stays grown and the allocator reuses it. Failing to grow (near 4 GiB) is harmless.
            let mut block: Vec<u8> = Vec::new();
            let _ = block.try_reserve_exact(extra);
            drop(block);
            PAGES.store(core::arch::wasm32::memory_size::<0>(), Ordering::Relaxed);
        }
    }
}
