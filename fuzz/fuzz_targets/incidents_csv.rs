//! Fuzz target `incidents_csv`: see `safehub_workspace::fuzzing::incidents_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::incidents_csv(data));
