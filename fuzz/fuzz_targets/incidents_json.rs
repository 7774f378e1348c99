//! Fuzz target `incidents_json`: see `safehub_workspace::fuzzing::incidents_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::incidents_json(data));
