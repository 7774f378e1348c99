//! The generator of the `Hub` methods that only forward to the core: [`hub_methods!`] turns the
//! rows of `api.rs` into wasm-bindgen methods, so each method is written once, as its JS
//! signature.

/// Expands rows into `#[wasm_bindgen] impl Hub` blocks, one method each; the rows' module must
/// have `Hub` and wasm-bindgen's prelude in scope.
///
/// A row is its doc lines, then `jsName = rust_name(param: kind, ...) -> result;`, optionally
/// with `=> |core| expr` before the `;` where the call is not `self.core.rust_name(params...)`
/// (`expr` gives an `sh::Result`: an infallible call is wrapped in `Ok`). Doc lines are string
/// literals, each starting with the space a `///` line has: a `///` comment passed through a
/// `macro_rules!` reaches wasm-bindgen as a raw string, which it copies into the .d.ts with its
/// `r"`. Parameters carry their JS names, which are also the names argument errors give.
///
/// Parameter kinds: `id` (a string parsed as an id), `str` (a string as is), `viewer` (a
/// `Viewer` object, passed by reference), `"TS"` (an object of that TypeScript type read as the
/// core type the call takes), `("TS" &)` / `("TS" & Type)` (the same passed by reference, typed
/// where the call cannot say), `("TS" or_default)` (`null` for the core's default, by
/// reference), `("TS" late)` (an object read in the call's order), `(f64 seq)` / `(f64 days)` (a
/// JS number checked by that function of `convert`), and `usize`, `u8`, `bool` or
/// `(Option<u32>)` as wasm-bindgen passes them. Objects and numbers are read first, then ids,
/// viewers and `late` objects in argument order: which of two bad arguments a call reports is
/// part of the JS API (only `addAgency` reads its object after its actor).
///
/// Results: `()`, `String` or `usize` as the core returns them, `id` (an id as a string) or
/// `"TS"` (a value written through the result tape, declared as that TypeScript type).
macro_rules! hub_methods {
    ($(
        $($line:literal)*
        $js:ident = $rust:ident($($p:ident: $k:tt),*) -> $ret:tt $(=> |$c:ident| $call:expr)?;
    )*) => {$(
        hub_methods!(@params [[$(#[doc = $line])*] $js $rust ($($p: $k),*) $(|$c| $call)?] $ret []
            $($p: $k,)*);
    )*};

    // Each parameter as wasm-bindgen takes it.
    (@params $row:tt $ret:tt $done:tt) => { hub_methods!(@result $row $done $ret); };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: id, $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* $p: &str,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: str, $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* $p: &str,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: viewer, $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* #[wasm_bindgen(unchecked_param_type = "Viewer")]
            $p: JsValue,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: $ts:literal, $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* #[wasm_bindgen(unchecked_param_type = $ts)]
            $p: JsValue,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: ($ts:literal $($how:tt)*), $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* #[wasm_bindgen(unchecked_param_type = $ts)]
            $p: JsValue,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: (f64 $read:ident), $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* $p: f64,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: (Option<$t:ident>), $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* $p: Option<$t>,] $($more)*);
    };
    (@params $row:tt $ret:tt [$($done:tt)*] $p:ident: $t:ident, $($more:tt)*) => {
        hub_methods!(@params $row $ret [$($done)* $p: $t,] $($more)*);
    };

    // The result's Rust type and TypeScript declaration.
    (@result $row:tt $params:tt $ts:literal) => {
        hub_methods!(@emit $row $params $ts [, unchecked_return_type = $ts] JsValue);
    };
    (@result $row:tt $params:tt id) => { hub_methods!(@emit $row $params id [] String); };
    (@result $row:tt $params:tt $t:tt) => { hub_methods!(@emit $row $params $t [] $t); };

    (@emit [[$($doc:tt)*] $js:ident $rust:ident ($($p:ident: $k:tt),*) $(|$c:ident| $call:expr)?]
        [$($param:tt)*] $ret:tt [$($attr:tt)*] $ty:tt) => {
        #[wasm_bindgen]
        impl Hub {
            $($doc)*
            #[wasm_bindgen(js_name = $js $($attr)*)]
            #[allow(non_snake_case)] // the parameters carry their JS names
            pub fn $rust(&self, $($param)*) -> $crate::convert::Result<$ty> {
                $(hub_methods!(@early $p $k);)*
                $(hub_methods!(@late $p $k);)*
                let answer: ::safehub::Result<_> =
                    hub_methods!(@call self $rust ($($p),*) $(|$c| $call)?);
                // A command (or a read that logged a consultation) may have appended events.
                self.changed();
                hub_methods!(@answer $ret answer)
            }
        }
    };

    // Objects and numbers, read first.
    (@early $p:ident $ts:literal) => { let $p = $crate::convert::arg(stringify!($p), $p)?; };
    (@early $p:ident ($ts:literal &)) => { let $p = &$crate::convert::arg(stringify!($p), $p)?; };
    (@early $p:ident ($ts:literal & $t:ty)) => {
        let $p: &$t = &$crate::convert::arg(stringify!($p), $p)?;
    };
    (@early $p:ident ($ts:literal or_default)) => {
        let $p = &$crate::convert::arg_or_default(stringify!($p), $p)?;
    };
    (@early $p:ident (f64 $read:ident)) => {
        let $p = $crate::convert::$read(stringify!($p), $p)?;
    };
    (@early $p:ident $k:tt) => {};

    // Ids, viewers and late objects, read in the call's order.
    (@late $p:ident id) => { let $p = $crate::convert::id($p)?; };
    (@late $p:ident viewer) => { let $p = &$crate::convert::arg("viewer", $p)?; };
    (@late $p:ident ($ts:literal late)) => {
        let $p = $crate::convert::arg(stringify!($p), $p)?;
    };
    (@late $p:ident $k:tt) => {};

    (@call $s:ident $rust:ident ($($p:ident),*)) => { $s.core.$rust($($p),*) };
    (@call $s:ident $rust:ident ($($p:ident),*) |$c:ident| $call:expr) => {{
        let $c = &$s.core;
        $call
    }};

    (@answer $ts:literal $a:ident) => { $crate::convert::out(&$a?) };
    (@answer id $a:ident) => { Ok($a?.to_string()) };
    (@answer $t:tt $a:ident) => { Ok($a?) };
}
