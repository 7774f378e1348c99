//! Fuzz target `template_json`: see `safehub_workspace::fuzzing::template_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::template_json(data));
