//! Fuzz target `commands`: see `safehub_workspace::fuzzing::commands`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::commands(data));
