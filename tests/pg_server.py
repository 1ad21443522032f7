"""A private, throwaway PostgreSQL server for the tests, started from installed binaries.

Stdlib only (no pytest, no asyncpg): `scripts/ensure-postgres.sh` runs this file before the
virtualenv exists to ask whether a server can be started (`python3 tests/pg_server.py`).

The server lives in a fresh temp dir (data, unix socket, log), listens on 127.0.0.1 only, on
a free port, and is tuned for speed in ways that are safe only for data we throw away
(fsync off). Admin statements go through `psql` over the unix socket, synchronously:
pytest-asyncio tests run inside an event loop, where `asyncio.run` is not allowed.
"""

from __future__ import annotations

import atexit
import os
import pwd
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ADMIN_USER = "aicmo_admin"
# initdb refuses to run as root; as root we run the server as this OS user instead.
RUN_AS_WHEN_ROOT = "postgres"
_BINARIES = ("initdb", "pg_ctl", "psql")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
# Tests only: these trade crash safety for speed, and the data dir is deleted afterwards.
_SETTINGS = """
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
port = {port}
"""


class PostgresUnavailable(RuntimeError):
    """No usable PostgreSQL binaries (install `postgresql`, or set AICMO_PG_BINDIR)."""


class PostgresStartFailed(PostgresUnavailable):
    """The binaries are there but the server did not come up; the message has the log tail."""


def find_bindir() -> Path | None:
    """AICMO_PG_BINDIR, else `pg_config --bindir` if it has initdb (libpq-dev's pg_config
    alone points at a bindir without a server), else the newest Debian-style
    /usr/lib/postgresql/<version>/bin with initdb."""
    if os.environ.get("AICMO_PG_BINDIR"):
        return Path(os.environ["AICMO_PG_BINDIR"])
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and (Path(out) / "initdb").is_file():
            return Path(out)
    candidates = [d for d in Path("/usr/lib/postgresql").glob("*/bin") if (d / "initdb").is_file()]
    if not candidates:
        return None
    # Numeric order, so 10 sorts after 9.6.
    return max(candidates, key=lambda d: [int(p) for p in re.findall(r"\d+", d.parent.name)])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """`start()` / `stop()`, or `with PostgresServer() as pg:`."""

    def __init__(self, bindir: Path | str | None = None):
        self.bindir = Path(bindir) if bindir else find_bindir()
        self.password = secrets.token_hex(16)
        self.root: Path | None = None
        self._port: int | None = None
        self._run_as: pwd.struct_passwd | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> PostgresServer:
        if self.root is not None:
            return self
        self._check_binaries()
        self._run_as = self._os_user()
        self.root = Path(tempfile.mkdtemp(prefix="aicmo-pg-"))
        atexit.register(self.stop)  # a crashed session must not leave a server behind
        try:
            self._initdb()
            # A free port can be taken between picking and binding: try a few.
            for attempt in range(3):
                self._port = _free_port()
                self._write_settings()
                if self._pg_ctl_start():
                    break
                if attempt == 2 or "could not bind" not in self._log_tail():
                    raise PostgresStartFailed(
                        f"PostgreSQL did not start on 127.0.0.1:{self._port}.\n"
                        f"Server log ({self.log_file}):\n{self._log_tail()}")
            self._psql("SELECT 1", tcp=True)  # password auth over TCP, as clients use it
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server by its data dir (never any other cluster) and remove the temp dir."""
        root, self.root = self.root, None
        if root is None:
            return
        atexit.unregister(self.stop)
        if (root / "data" / "postmaster.pid").exists():
            subprocess.run(self._as_owner([self._bin("pg_ctl"), "stop", "-m", "fast", "-w",
                                           "-t", "60", "-D", str(root / "data")]),
                           capture_output=True, timeout=90)
        shutil.rmtree(root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what clients need -------------------------------------------------------------

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def port(self) -> int:
        if self._port is None or self.root is None:
            raise PostgresUnavailable("the PostgreSQL server is not running")
        return self._port

    @property
    def admin_url(self) -> str:
        return self.url_for("postgres")

    @property
    def log_file(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    @property
    def pid(self) -> int:
        """The postmaster's process id (first line of postmaster.pid)."""
        assert self.root is not None
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def url_for(self, database: str) -> str:
        return (f"postgresql+asyncpg://{ADMIN_USER}:{self.password}"
                f"@{self.host}:{self.port}/{database}")

    def create_database(self, name: str) -> str:
        """Create `name` (lower-case letters, digits, `_`) and return its admin URL."""
        self._psql(f'CREATE DATABASE "{_checked(name)}"')
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        # FORCE: a test that leaked a connection must not keep its database alive.
        self._psql(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')

    # -- internals ---------------------------------------------------------------------

    def _bin(self, name: str) -> str:
        assert self.bindir is not None
        return str(self.bindir / name)

    def _check_binaries(self) -> None:
        if self.bindir is None:
            raise PostgresUnavailable(
                "no PostgreSQL server binaries found (looked at AICMO_PG_BINDIR, "
                "`pg_config --bindir`, /usr/lib/postgresql/*/bin). Install them with "
                "`sudo apt-get install postgresql`, or set AICMO_PG_BINDIR to a dir with initdb.")
        missing = [b for b in _BINARIES if not (self.bindir / b).is_file()]
        if missing:
            raise PostgresUnavailable(
                f"{self.bindir} lacks {', '.join(missing)}; install `postgresql` "
                f"(`sudo apt-get install postgresql`) or point AICMO_PG_BINDIR at its bin dir.")

    def _os_user(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None  # run everything as ourselves
        try:
            return pwd.getpwnam(RUN_AS_WHEN_ROOT)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root, but there is no OS user {RUN_AS_WHEN_ROOT!r} to run "
                f"initdb as (initdb refuses root). Installing `postgresql` creates it.") from None

    def _as_owner(self, argv: list[str]) -> list[str]:
        if self._run_as is None:
            return argv
        if shutil.which("runuser"):
            return ["runuser", "-u", self._run_as.pw_name, "--", *argv]
        return ["su", self._run_as.pw_name, "-s", "/bin/sh", "-c", shlex.join(argv)]

    def _give(self, path: Path) -> None:
        if self._run_as is not None:
            os.chown(path, self._run_as.pw_uid, self._run_as.pw_gid)

    def _run(self, argv: list[str], what: str, timeout: float = 120) -> None:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise PostgresStartFailed(f"{what} failed ({proc.returncode}):\n"
                                      f"{(proc.stdout + proc.stderr).strip()[-2000:]}")

    def _initdb(self) -> None:
        assert self.root is not None
        self._give(self.root)
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        self._give(pwfile)
        base = [self._bin("initdb"), "-D", str(self.root / "data"), "-U", ADMIN_USER,
                f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--encoding=UTF8"]
        try:
            # C collation: bytewise string order, the same as SQLite's default.
            try:
                self._run(self._as_owner([*base, "--locale=C.UTF-8"]), "initdb")
            except PostgresStartFailed:
                shutil.rmtree(self.root / "data", ignore_errors=True)
                self._run(self._as_owner([*base, "--no-locale"]), "initdb --no-locale")
        finally:
            pwfile.unlink(missing_ok=True)

    def _write_settings(self) -> None:
        assert self.root is not None
        # postgresql.auto.conf is read after postgresql.conf, so these win; rewriting it
        # on a retry replaces the port rather than appending a second one.
        (self.root / "data" / "postgresql.auto.conf").write_text(
            _SETTINGS.format(socket_dir=self.root, port=self._port))
        self._give(self.root / "data" / "postgresql.auto.conf")

    def _pg_ctl_start(self) -> bool:
        assert self.root is not None
        proc = subprocess.run(
            self._as_owner([self._bin("pg_ctl"), "start", "-w", "-t", "60", "-D",
                            str(self.root / "data"), "-l", str(self.log_file)]),
            capture_output=True, text=True, timeout=90)
        return proc.returncode == 0

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def _psql(self, sql: str, *, tcp: bool = False) -> str:
        """Run one statement as the admin: over the unix socket (trusted), or over TCP with
        the password to prove what clients will use works."""
        assert self.root is not None
        env = {**os.environ, "PGPASSWORD": self.password, "PGCONNECT_TIMEOUT": "10"}
        host = self.host if tcp else str(self.root)
        proc = subprocess.run(
            [self._bin("psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", host,
             "-p", str(self.port), "-U", ADMIN_USER, "-d", "postgres", "-c", sql],
            capture_output=True, text=True, timeout=60, env=env)
        if proc.returncode != 0:
            raise PostgresStartFailed(f"psql {sql!r} failed: {proc.stderr.strip()}\n"
                                      f"Server log tail:\n{self._log_tail(10)}")
        return proc.stdout


def _checked(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise ValueError(f"database name {name!r}: use lower-case letters, digits and _")
    return name


if __name__ == "__main__":
    # Used by scripts/ensure-postgres.sh: print the bin dir, exit 1 if it has no initdb.
    found = find_bindir()
    if found is None or not (found / "initdb").is_file():
        print(f"no PostgreSQL server binaries (initdb) found; looked at {found or 'the usual'}"
              " places", file=sys.stderr)
        sys.exit(1)
    print(found)
