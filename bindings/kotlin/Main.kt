// Kotlin/JVM tests of the safehub UniFFI bindings. Built and run by `scripts/test-all.sh kotlin`:
// kotlinc compiles this file with the generated bindings (uniffi/safehub_ffi/safehub_ffi.kt) and
// JNA, and the JVM loads libsafehub_ffi.so from target/debug.
//
// To add a test, add a `check("name") { ... }` call in main(). A test fails by throwing.

import uniffi.safehub_ffi.safehubVersion
import kotlin.system.exitProcess

private var passed = 0
private var failed = 0

private fun check(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok - $name")
    } catch (e: Throwable) {
        failed++
        println("not ok - $name: $e")
    }
}

private fun assertTrue(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

fun main() {
    check("safehubVersion() returns a non-empty version string") {
        val version = safehubVersion()
        assertTrue(version.isNotBlank()) { "empty version" }
        assertTrue(Regex("""^\d+\.\d+\.\d+""").containsMatchIn(version)) { "not a version: '$version'" }
    }

    println("kotlin: $passed passed, $failed failed")
    if (failed > 0 || passed == 0) exitProcess(1)
}
