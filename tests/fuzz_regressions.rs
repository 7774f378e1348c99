//! Replays every saved fuzz input (crashes found, and a small seed corpus) through the same
//! bodies the fuzz targets run: `tests/fuzz-regressions/<target>/<file>`.

use safehub_workspace::fuzzing;
use std::path::Path;

fn replay(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.extension().is_none_or(|e| e != "md") {
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| body(&bytes));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            n += 1;
        }
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn saved_identifier_inputs_pass() {
    replay("identifiers", fuzzing::identifiers);
}

#[test]
fn saved_template_inputs_pass() {
    replay("template_json", fuzzing::template_json);
}

#[test]
fn saved_journal_import_inputs_pass() {
    replay("journal_import", fuzzing::journal_import);
}

#[test]
fn saved_command_sequences_pass() {
    replay("commands", fuzzing::commands);
}

#[test]
fn saved_incident_csv_inputs_pass() {
    replay("incidents_csv", fuzzing::incidents_csv);
}

#[test]
fn saved_incident_json_inputs_pass() {
    replay("incidents_json", fuzzing::incidents_json);
}
