//! Fuzz target `identifiers`: see `safehub_workspace::fuzzing::identifiers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::identifiers(data));
