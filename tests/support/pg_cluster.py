"""Throw-away PostgreSQL clusters for tests that need a server of their own: a primary with a
streaming standby, a server to stop and restart under a running app. They are built from the
machine's PostgreSQL server binaries, independent of the suite's DATABASE_URL, and live in a
temporary directory only for the test.

    cluster = PgCluster(tmp_path / "primary").init()
    cluster.start(free_port())
    try:
        standby = cluster.basebackup_standby(tmp_path / "standby", free_port())
        ...
    finally:
        cluster.cleanup()  # and standby.cleanup()

A test that uses one carries ``@requires_pg_server``: it skips, saying why, only where no
PostgreSQL server binaries are installed (CI has them under /usr/lib/postgresql/<v>/bin).

PostgreSQL refuses to run as root. Run as root (containers, CI), the server and its tools run
as the ``postgres`` OS user through ``runuser``, and the cluster lives in a fresh directory under
the system's temporary directory that this user owns: pytest's ``tmp_path`` sits in a folder only
root may enter. ``cleanup()`` removes that directory.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

import psycopg
import pytest

SERVER_USER = "postgres"

# A test server: no durability wanted, quick start and stop; streaming replication allowed.
CONFIG = """
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 30
logging_collector = off
"""

HBA = """
local all all trust
host all all 127.0.0.1/32 trust
local replication all trust
host replication all 127.0.0.1/32 trust
"""


@cache
def pg_bin_dir() -> Path | None:
    """The folder of the newest PostgreSQL server binaries on this machine, or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(Path(found.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    needed = ("initdb", "pg_ctl", "postgres", "pg_basebackup")
    for folder in candidates:
        if all((folder / name).is_file() for name in needed):
            return folder
    return None


def pg_bin(name: str) -> str:
    """The path of one PostgreSQL program (``initdb``, ``pg_ctl``, ``pg_basebackup`` …)."""
    folder = pg_bin_dir()
    if folder is None:
        raise FileNotFoundError("No PostgreSQL server binaries on this machine")
    return str(folder / name)


def _as_root() -> bool:
    return os.geteuid() == 0


def _why_not() -> str | None:
    if pg_bin_dir() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_basebackup) here"
    if _as_root():
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} OS user to run PostgreSQL"
        if shutil.which("runuser") is None:
            return "running as root and there is no runuser to start PostgreSQL as another user"
    return None


requires_pg_server = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _home(directory: Path) -> tuple[Path, bool]:
    """Where a cluster lives, and whether we made it (so ``cleanup`` removes it)."""
    if not _as_root():
        directory.mkdir(parents=True, exist_ok=True)
        return directory, False
    home = Path(tempfile.mkdtemp(prefix=f"rantai-pg-{directory.name}-"))
    user = pwd.getpwnam(SERVER_USER)
    os.chown(home, user.pw_uid, user.pw_gid)
    return home, True


class PgCluster:
    """One PostgreSQL cluster (data directory and server) made for a test."""

    def __init__(self, directory: Path):
        self.home, self._owns_home = _home(Path(directory))
        self.data = self.home / "data"
        self.log = self.home / "server.log"
        self.port: int | None = None

    def __repr__(self):
        return f"<PgCluster {self.data} port={self.port}>"

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.cleanup()

    # Running commands -------------------------------------------------------------------------

    def run(self, *args: str, timeout: float = 60) -> str:
        """Run a PostgreSQL program as the server's user; its output, or an error with it."""
        command = [pg_bin(args[0]), *args[1:]]
        if _as_root():
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(
            command,
            cwd=self.home,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(
                f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}"
                f"{self.log_tail()}"
            )
        return done.stdout

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's log, for error messages."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n--- server log ---\n" + "\n".join(text.splitlines()[-lines:])

    # Life cycle -------------------------------------------------------------------------------

    def init(self) -> "PgCluster":
        """initdb with trust authentication (replication too) and WAL for a standby."""
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(CONFIG)
        (self.data / "pg_hba.conf").write_text(HBA)
        return self

    def start(self, port: int | None = None) -> "PgCluster":
        """Start the server on ``port`` (or the port it last had) and wait until it takes
        connections; a standby waits until it is consistent and readable."""
        self.port = port or self.port or free_port()
        options = f"-c port={self.port} -c unix_socket_directories='{self.home}'"
        self.run(
            "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-o", options,
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: ``fast`` (clean), or ``immediate`` (as a crash would)."""
        if self.is_running():
            self.run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", "60")

    def restart(self, mode: str = "fast") -> "PgCluster":
        """Stop and start again on the same port."""
        self.stop(mode)
        return self.start(self.port)

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def cleanup(self) -> None:
        """Stop the server at once and remove the directory this object made."""
        try:
            self.stop("immediate")
        finally:
            if self._owns_home:
                shutil.rmtree(self.home, ignore_errors=True)

    # Using it ---------------------------------------------------------------------------------

    def dsn(self, db: str = "postgres") -> str:
        """A URL for dj-database-url and psycopg: ``postgres://postgres@127.0.0.1:PORT/db``."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{db}"

    def connect(self, db: str = "postgres") -> psycopg.Connection:
        """A psycopg connection in autocommit; close it (``with``) when done."""
        return psycopg.connect(self.dsn(db), autocommit=True, connect_timeout=10)

    def execute(self, sql: str, params=None, db: str = "postgres") -> list[tuple]:
        """Run one statement on its own connection; the rows it returns, if any."""
        with self.connect(db) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def createdb(self, name: str) -> str:
        """Create a database; its DSN."""
        self.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    # Replication ------------------------------------------------------------------------------

    def basebackup_standby(self, directory: Path, port: int | None = None) -> "PgCluster":
        """A hot standby of this (running) cluster, streaming from it, started on ``port``."""
        standby = PgCluster(directory)
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-D", str(standby.data), "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        return standby.start(port)

    def wait_for_replay(self, primary: "PgCluster", timeout: float = 30) -> None:
        """On a standby: wait until it has replayed everything ``primary`` has written so far."""
        (target,) = primary.execute("SELECT pg_current_wal_lsn()")[0]
        deadline = time.monotonic() + timeout
        while True:
            (caught_up,) = self.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [str(target)]
            )[0]
            if caught_up:
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self} has not replayed up to {target}{self.log_tail()}")
            time.sleep(0.05)
