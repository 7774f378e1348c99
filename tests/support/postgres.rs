//! A throwaway PostgreSQL server for tests: a cluster in a temporary directory, made with
//! `initdb` and run with `pg_ctl` (as the `postgres` user when the tests run as root, since
//! initdb refuses root), listening only on a Unix socket inside that directory, so parallel test
//! processes never compete for a port. Each test gets a database of its own.
//!
//! Where PostgreSQL is not installed the tests skip with a message, unless
//! [`REQUIRE_VAR`]`=1` or `CI=true`: then a missing server is a failure (`scripts/test-all.sh`
//! sets the variable). Binaries: `SAFEHUB_PG_BIN`, else the newest `/usr/lib/postgresql/*/bin`
//! (Debian), else `initdb` on the `PATH`.
//!
//! [`shared`] starts one cluster per test process (fsync off: fast, for functional tests), and a
//! watchdog process stops it and removes its directory when the test process exits. A test that
//! stops the server itself starts its own with [`Server::start`] (fsync on, so an immediate stop
//! proves what a crash would), stopped on drop.
//!
//! This file uses only the standard library: the core crate's unit tests include it too (the
//! journal conformance suite runs there, `core/src/journal/mod.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

/// When this is `1` (or `CI` is `true`), a missing PostgreSQL fails the tests instead of skipping.
pub const REQUIRE_VAR: &str = "SAFEHUB_REQUIRE_POSTGRES";

/// Whether a missing server is a failure here.
pub fn required() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true")
}

/// A running cluster.
#[derive(Debug)]
pub struct Server {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    fsync: bool,
}

/// The test process's shared cluster, started on first use; `None` (after printing why) where
/// PostgreSQL is not installed and not [`required`]. Panics when it is required but cannot start.
pub fn shared() -> Option<&'static Server> {
    static SHARED: OnceLock<Option<Server>> = OnceLock::new();
    SHARED
        .get_or_init(|| match Server::start(false) {
            Ok(server) => {
                server.stop_when_this_process_exits();
                Some(server)
            }
            Err(why) if !required() => {
                eprintln!("skipped: no PostgreSQL server for the tests ({why}); set {REQUIRE_VAR}=1 to make this a failure");
                None
            }
            Err(why) => fail(&format!(
                "PostgreSQL is required ({REQUIRE_VAR}=1 or CI=true) but cannot start: {why}"
            )),
        })
        .as_ref()
}

/// A fresh database on the shared cluster, as a conninfo; `None` when the tests skip.
pub fn database() -> Option<String> {
    shared().map(Server::create_database)
}

#[allow(clippy::panic)]
fn fail(why: &str) -> ! {
    panic!("{why}")
}

impl Server {
    /// Starts a cluster of its own, with fsync on or off.
    pub fn start(fsync: bool) -> Result<Server, String> {
        let bin = binaries().ok_or("no initdb found (install Debian's postgresql)")?;
        let as_postgres = is_root();
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "safehub-pg-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let server = Server {
            dir,
            bin,
            as_postgres,
            fsync,
        };
        if as_postgres {
            server.run(
                Command::new("chown").arg("postgres:").arg(&server.dir),
                false,
            )?;
        }
        let template = server.template()?;
        server.run(
            Command::new("cp")
                .arg("-a")
                .arg(&template)
                .arg(server.data()),
            true,
        )?;
        server.pg_ctl_start()?;
        Ok(server)
    }

    /// The conninfo of database `db`.
    pub fn conninfo(&self, db: &str) -> String {
        format!("host={} user=safehub dbname={db}", self.dir.display())
    }

    /// The same, as a `postgres://` URL (the socket directory percent-encoded as the host).
    pub fn url(&self, db: &str) -> String {
        let host: String = self
            .dir
            .display()
            .to_string()
            .replace('%', "%25")
            .replace('/', "%2F");
        format!("postgres://safehub@{host}/{db}")
    }

    /// Creates a new empty database and returns its conninfo.
    pub fn create_database(&self) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("test_{}", N.fetch_add(1, Ordering::Relaxed));
        if let Err(why) = self.psql("postgres", &format!("CREATE DATABASE {name}")) {
            fail(&format!("CREATE DATABASE: {why}"));
        }
        self.conninfo(&name)
    }

    /// Runs SQL through `psql` on database `db` (as the cluster's superuser `safehub`),
    /// returning its unaligned output.
    pub fn psql(&self, db: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-U",
                "safehub",
                "-h",
            ])
            .arg(&self.dir)
            .args(["-d", db, "-c", sql])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// Stops the server as a crash would (`pg_ctl stop -m immediate`: no checkpoint, no
    /// goodbye to clients).
    pub fn stop_immediately(&self) -> Result<(), String> {
        self.pg_ctl(&["stop", "-m", "immediate"])
    }

    /// Starts the server again after a stop (crash recovery replays its WAL).
    pub fn restart(&self) -> Result<(), String> {
        self.pg_ctl_start()
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn pg_ctl_start(&self) -> Result<(), String> {
        let fsync = if self.fsync { "on" } else { "off" };
        let options = format!(
            "-c listen_addresses= -k {} -c fsync={fsync} -c synchronous_commit={fsync} -c full_page_writes={fsync}",
            self.dir.display()
        );
        let log = self.dir.join("log");
        let mut cmd = Command::new(self.bin.join("pg_ctl"));
        cmd.arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(log)
            .args(["-w", "-o", &options, "start"]);
        self.run(&mut cmd, true)
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<(), String> {
        let mut cmd = Command::new(self.bin.join("pg_ctl"));
        cmd.arg("-D").arg(self.data()).arg("-w").args(args);
        self.run(&mut cmd, true)
    }

    /// A cluster made by initdb once per machine and PostgreSQL version, copied for each
    /// server: initdb takes a second or more, a copy a few milliseconds.
    fn template(&self) -> Result<PathBuf, String> {
        let version = self
            .bin
            .parent()
            .and_then(Path::file_name)
            .map(|v| v.to_string_lossy().into_owned())
            .unwrap_or_default();
        let template = std::env::temp_dir().join(format!("safehub-pg-template-{version}"));
        if template.join("PG_VERSION").exists() {
            return Ok(template);
        }
        // initdb into a directory of our own, then rename: another process making the template
        // at the same time loses the rename harmlessly.
        let making = self.dir.join("template");
        let mut cmd = Command::new(self.bin.join("initdb"));
        cmd.arg("-D").arg(&making).args([
            "-A",
            "trust",
            "-U",
            "safehub",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ]);
        self.run(&mut cmd, true)?;
        if std::fs::rename(&making, &template).is_err() && !template.join("PG_VERSION").exists() {
            return Err(format!("cannot make the template {}", template.display()));
        }
        Ok(template)
    }

    /// Runs `cmd` (as `postgres` when `as_postgres` and this server needs it).
    fn run(&self, cmd: &mut Command, as_postgres: bool) -> Result<(), String> {
        let mut cmd = if as_postgres && self.as_postgres {
            let mut wrapped = Command::new("runuser");
            wrapped
                .args(["-u", "postgres", "--"])
                .arg(cmd.get_program())
                .args(cmd.get_args());
            wrapped
        } else {
            std::mem::replace(cmd, Command::new("true"))
        };
        let out = cmd
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("{:?}: {e}", cmd.get_program()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{:?} failed: {}{}",
                cmd.get_program(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// A detached watchdog that stops the cluster and removes its directory once this process
    /// has exited (a static is never dropped).
    fn stop_when_this_process_exits(&self) {
        let runner = if self.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {runner}'{pg_ctl}' -D '{data}' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            pg_ctl = self.bin.join("pg_ctl").display(),
            data = self.data().display(),
            dir = self.dir.display(),
        );
        let _ = Command::new("setsid")
            .args(["sh", "-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.pg_ctl(&["stop", "-m", "immediate"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The directory of initdb, pg_ctl and psql.
fn binaries() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SAFEHUB_PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let newest = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let version: u32 = path.file_name()?.to_str()?.parse().ok()?;
            path.join("bin/initdb")
                .exists()
                .then_some((version, path.join("bin")))
        })
        .max_by_key(|(version, _)| *version)
        .map(|(_, bin)| bin);
    newest.or_else(|| {
        std::env::var_os("PATH")
            .and_then(|paths| std::env::split_paths(&paths).find(|dir| dir.join("initdb").exists()))
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}
