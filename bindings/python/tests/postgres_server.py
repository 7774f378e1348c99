"""A throwaway PostgreSQL server for the binding tests, as tests/support/postgres.rs makes for the
Rust tests: a cluster in a temporary directory made with initdb and run with pg_ctl (as the
`postgres` user when the tests run as root, since initdb refuses root), listening only on a Unix
socket inside that directory, so it never competes for a port. fsync is off: these are functional
tests. Each test gets a database of its own.

Where PostgreSQL is not installed the tests skip with a message, unless SAFEHUB_REQUIRE_POSTGRES=1
or CI=true: then a missing server fails them. Binaries: SAFEHUB_PG_BIN, else the newest
/usr/lib/postgresql/*/bin (Debian), else initdb on the PATH.
"""

import glob
import itertools
import os
import shutil
import subprocess
import tempfile


REQUIRE_MESSAGE = "set SAFEHUB_REQUIRE_POSTGRES=1 to make this a failure"


def required():
    return os.environ.get("SAFEHUB_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true"


def binaries():
    if os.environ.get("SAFEHUB_PG_BIN"):
        return os.environ["SAFEHUB_PG_BIN"]
    found = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(os.path.join(d, "initdb"))]
    found = [d for d in found if d.split("/")[-2].isdigit()]
    if found:
        return max(found, key=lambda d: int(d.split("/")[-2]))
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


class Server:
    """A running cluster; `database()` makes a fresh database and returns its conninfo."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("no initdb found (install Debian's postgresql)")
        self.as_postgres = os.geteuid() == 0
        self.dir = tempfile.mkdtemp(prefix="safehub-pg-py-")
        self._names = itertools.count()
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        data = os.path.join(self.dir, "data")
        try:
            self._run("initdb", "-D", data, "-A", "trust", "-U", "safehub", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
            options = f"-c listen_addresses= -k {self.dir} -c fsync=off -c synchronous_commit=off"
            self._run("pg_ctl", "-D", data, "-l", os.path.join(self.dir, "log"), "-w", "-o", options, "start")
        except (RuntimeError, OSError):
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _run(self, tool, *args):
        cmd = [os.path.join(self.bin, tool), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"{tool} failed: {out.stdout}{out.stderr}")

    def conninfo(self, db):
        return f"host={self.dir} user=safehub dbname={db}"

    def database(self):
        name = f"test_{next(self._names)}"
        self._run("psql", "-X", "-q", "-h", self.dir, "-U", "safehub", "-d", "postgres", "-c", f"CREATE DATABASE {name}")
        return self.conninfo(name)

    def stop(self):
        try:
            self._run("pg_ctl", "-D", os.path.join(self.dir, "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
