//! The clock of a `Hub` in WASM: the host's `Date.now()`.
//!
//! The core's `SystemClock` reads chrono's `Utc::now()`, which in WASM builds a JS `Date` object
//! and asks it for the time (two calls into JS and an object for the garbage collector) on every
//! command. `Date.now()` is one call returning a number: the same clock at the same precision
//! (whole milliseconds).

use chrono::{DateTime, Utc};
use safehub as sh;

/// The host's clock (see the module doc).
#[derive(Clone, Copy, Debug, Default)]
pub struct HostClock;

impl sh::Clock for HostClock {
    fn now(&self) -> DateTime<Utc> {
        // Date.now() is a whole number of milliseconds since 1970, far inside chrono's range;
        // the fallback keeps the function total without a panic path.
        let ms = js_sys::Date::now();
        DateTime::from_timestamp_millis(ms as i64).unwrap_or_else(Utc::now)
    }
}
