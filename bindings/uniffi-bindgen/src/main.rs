//! Generates the Python and Kotlin bindings from the built `safehub_ffi` library.
fn main() {
    uniffi::uniffi_bindgen_main()
}
