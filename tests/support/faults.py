"""PostgreSQL restarted under load, end to end: a throw-away cluster, Rantai migrated into it and
served by gunicorn as the Procfile runs it, clients writing and reading through the API while
the cluster restarts (``pg_ctl restart -m fast``). Used by tests/core/test_faults.py, which
asserts on the figures, and by bench/faults.py, which prints them.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.pg_cluster import PgCluster, free_port

ROOT = Path(__file__).resolve().parents[2]
VILLAGE, KBLI = "33.28.15.1019", "25920"  # Kramat, Kabupaten Tegal; metal products
PREFIX = "Uji gangguan"  # the names of the firms the clients write


@dataclass(frozen=True)
class Call:
    started: float
    ended: float
    method: str
    status: int  # 0: no answer (refused, timed out)
    name: str = ""


@dataclass(frozen=True)
class Figures:
    recovery: float | None  # seconds from the cluster accepting again to the first 2xx
    requests: int
    failed_while_down: int  # requests started before the cluster accepted again, not 2xx
    errors_after: int  # 5xx or no answer among requests started after it accepted again
    acknowledged: int  # writes answered 201
    found: int  # of those, in the database afterwards
    calls: list[Call]

    def __str__(self) -> str:
        recovery = "never" if self.recovery is None else f"{self.recovery:.2f} s"
        return (
            f"recovery {recovery}; {self.requests} requests, {self.failed_while_down} failed "
            f"while the database was away, {self.errors_after} errors after it was back; "
            f"{self.found} of {self.acknowledged} acknowledged writes in the database"
        )


def restart_under_load(
    workdir: Path, *, clients: int = 2, before: float = 3.0, after: float = 6.0
) -> Figures:
    """Run the scenario in ``workdir``: ``clients`` threads write and read for ``before``
    seconds, the cluster restarts, and they go on for ``after`` seconds once it accepts."""
    cluster = PgCluster(workdir / "postgres").init().start(free_port())
    try:
        env = app_env(cluster.createdb("rantai"), workdir)
        manage(env, "migrate", "--no-input")
        token = seed_user(env)
        with gunicorn(env) as base:
            load = Load(base, token, clients)
            load.start()
            time.sleep(before)
            cluster.restart("fast")  # returns once the server accepts connections again
            accepting = time.monotonic()
            time.sleep(after)
            calls = load.stop()
        rows = cluster.execute(
            "SELECT name FROM firms_firm WHERE name LIKE %s", [f"{PREFIX}%"], db="rantai"
        )
    finally:
        cluster.cleanup()
    stored = {name for (name,) in rows}
    written = [c.name for c in calls if c.method == "POST" and c.status == 201]
    served = [c.ended for c in calls if 200 <= c.status < 300 and c.ended >= accepting]
    return Figures(
        recovery=min(served) - accepting if served else None,
        requests=len(calls),
        failed_while_down=sum(
            1 for c in calls if c.started < accepting and not 200 <= c.status < 300
        ),
        errors_after=sum(
            1 for c in calls if c.started >= accepting and (c.status >= 500 or not c.status)
        ),
        acknowledged=len(written),
        found=len(stored.intersection(written)),
        calls=calls,
    )


def app_env(database_url: str, workdir: Path) -> dict[str, str]:
    """Production settings over plain HTTP on 127.0.0.1, as the demo runs, with persistent
    database connections (the case CONN_HEALTH_CHECKS is for)."""
    unset = {"DJANGO_SETTINGS_MODULE", "DEBUG", "TASKS_BACKEND", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return env | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "RANTAI_DATA_DIR": str(workdir / "data"),
        "DEBUG": "false",
        "HTTPS": "false",
        "COLLECTED_STATIC": "false",
        "SECRET_KEY": "faults-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_BACKEND": "console",
        "LOG_LEVEL": "WARNING",
        "API_THROTTLE_USER": "100000/min",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def seed_user(env: dict[str, str]) -> str:
    """An administrator and his API token."""
    manage(
        env | {"DJANGO_SUPERUSER_PASSWORD": "faults-password"},
        "createsuperuser", "--no-input", "--username", "faults", "--email", "faults@rantai.local",
    )  # fmt: skip
    return manage(env, "drf_create_token", "faults").split()[2]


@contextmanager
def gunicorn(env: dict[str, str]):
    """The Procfile's web command on a free port; yields its base URL. Its log goes to a file
    beside the data (a pipe nobody reads would fill with the outage's errors and stall it)."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    web = next(line for line in lines if line.startswith("web:"))
    port = free_port()
    log = Path(env["RANTAI_DATA_DIR"]) / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as output:
        server = subprocess.Popen(
            ["bash", "-c", "exec " + web.removeprefix("web:").strip()],
            cwd=ROOT,
            env=env | {"PORT": str(port), "WEB_CONCURRENCY": "2", "WEB_THREADS": "2"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _status(f"{base}/health/") != 200:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Load:
    """Client threads, each creating a firm through the API and reading the list, in turn."""

    def __init__(self, base: str, token: str, clients: int):
        self.base, self.token = base, token
        self.calls: list[Call] = []
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.threads = [
            threading.Thread(target=self.client, args=(n,), daemon=True) for n in range(clients)
        ]
        self.sequence = iter(range(1, 10**9))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> list[Call]:
        self.done.set()
        for thread in self.threads:
            thread.join(timeout=30)
        return sorted(self.calls, key=lambda call: call.started)

    def client(self, number: int) -> None:
        while not self.done.is_set():
            with self.lock:
                n = next(self.sequence)
            name = f"{PREFIX} {n:05d}"
            payload = {
                "kind": "ikm",
                "name": name,
                "nib": f"912{n:010d}",
                "village": VILLAGE,
                "kbli": [KBLI],
                "workforce": 5,
            }
            self.call("POST", "/api/v1/firms/", payload, name)
            self.call("GET", "/api/v1/firms/?kind=ikm&ordering=-name")
            time.sleep(0.02)

    def call(self, method: str, path: str, payload=None, name: str = "") -> None:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        with self.lock:
            self.calls.append(Call(started, time.monotonic(), method, status, name))
