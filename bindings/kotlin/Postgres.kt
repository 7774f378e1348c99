// A throwaway PostgreSQL server for the Kotlin tests, as tests/support/postgres.rs makes for the
// Rust tests: a cluster in a temporary directory made with initdb and run with pg_ctl (as the
// `postgres` user when run as root, since initdb refuses root), listening only on a Unix socket
// inside that directory. fsync is off: these are functional tests.
//
// Where PostgreSQL is not installed, `PostgresServer.start()` returns null after printing why,
// unless SAFEHUB_REQUIRE_POSTGRES=1 or CI=true: then it throws. Binaries: SAFEHUB_PG_BIN, else
// the newest /usr/lib/postgresql/*/bin (Debian), else initdb on the PATH.

import java.io.File
import java.nio.file.Files

class PostgresServer private constructor(private val bin: File, private val dir: File, private val asPostgres: Boolean) {
    private var databases = 0

    /** The conninfo of database [db]. */
    fun conninfo(db: String) = "host=${dir.path} user=safehub dbname=$db"

    /** A fresh, empty database: its conninfo. */
    fun database(): String {
        val name = "test_${databases++}"
        run("psql", "-X", "-q", "-h", dir.path, "-U", "safehub", "-d", "postgres", "-c", "CREATE DATABASE $name")
        return conninfo(name)
    }

    fun stop() {
        try {
            run("pg_ctl", "-D", File(dir, "data").path, "-m", "immediate", "-w", "stop")
        } finally {
            dir.deleteRecursively()
        }
    }

    private fun run(tool: String, vararg args: String) {
        val command = listOf(File(bin, tool).path) + args
        val process = ProcessBuilder(if (asPostgres) listOf("runuser", "-u", "postgres", "--") + command else command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
            .start()
        val output = process.inputStream.bufferedReader().readText()
        if (process.waitFor() != 0) throw IllegalStateException("$tool failed: $output")
    }

    private fun start(): PostgresServer {
        if (asPostgres) run2("chown", "postgres:", dir.path)
        val data = File(dir, "data").path
        run("initdb", "-D", data, "-A", "trust", "-U", "safehub", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        val options = "-c listen_addresses= -k ${dir.path} -c fsync=off -c synchronous_commit=off"
        run("pg_ctl", "-D", data, "-l", File(dir, "log").path, "-w", "-o", options, "start")
        return this
    }

    private fun run2(vararg command: String) {
        if (ProcessBuilder(*command).inheritIO().start().waitFor() != 0) {
            throw IllegalStateException("${command.joinToString(" ")} failed")
        }
    }

    companion object {
        private fun required() =
            System.getenv("SAFEHUB_REQUIRE_POSTGRES") == "1" || System.getenv("CI") == "true"

        private fun binaries(): File? {
            System.getenv("SAFEHUB_PG_BIN")?.let { return File(it) }
            val debian = File("/usr/lib/postgresql").listFiles().orEmpty()
                .filter { it.name.toIntOrNull() != null && File(it, "bin/initdb").exists() }
                .maxByOrNull { it.name.toInt() }
            if (debian != null) return File(debian, "bin")
            return System.getenv("PATH").orEmpty().split(File.pathSeparator)
                .map(::File).firstOrNull { File(it, "initdb").exists() }
        }

        private fun isRoot() = ProcessBuilder("id", "-u").start().inputStream.bufferedReader().readText().trim() == "0"

        /** A running server, or null (after saying why) where there is none and none is required. */
        fun start(): PostgresServer? {
            val why = try {
                val bin = binaries() ?: throw IllegalStateException("no initdb found (install Debian's postgresql)")
                val dir = Files.createTempDirectory("safehub-pg-kt-").toFile()
                return PostgresServer(bin, dir, isRoot()).start()
            } catch (e: Exception) {
                e.message ?: e.toString()
            }
            if (required()) {
                throw IllegalStateException("PostgreSQL is required (SAFEHUB_REQUIRE_POSTGRES=1 or CI=true) but cannot start: $why")
            }
            println("skipped: no PostgreSQL server for the tests ($why); set SAFEHUB_REQUIRE_POSTGRES=1 to make this a failure")
            return null
        }
    }
}
