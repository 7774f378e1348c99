//! Fuzz target `journal_import`: see `safehub_workspace::fuzzing::journal_import`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| safehub_workspace::fuzzing::journal_import(data));
