//! UniFFI bindings of safehub: a thin translation of the core's API for Python and Kotlin/JVM.
//! No domain logic lives here.

uniffi::setup_scaffolding!();

/// The version of the safehub core these bindings wrap.
#[uniffi::export]
pub fn safehub_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
