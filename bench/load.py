"""Load: the personas' daily use (bench/locustfile.py) against the production stack on PostgreSQL.

1. makes a PostgreSQL database of its own (``rantai_load``), migrated and filled with the demo;
2. starts the Procfile's web and worker processes (gunicorn, ``db_worker``) with production
   settings (DEBUG off, plain HTTP) on a free port of 127.0.0.1;
3. runs locust headless: ``--users`` people (default 50), arriving over 25 s, for ``--minutes``
   (default 5), each signing in and working with 2–8 s between pages;
4. prints per page the requests, failures, p50 and p95 (ms), the total, and the load average;
   stops everything. The servers' log is var/load/stack.log.

    uv run --group load python bench/load.py [--users 50] [--minutes 5] [--server postgres://…]

Only 127.0.0.1 is addressed; the run is bounded by ``--minutes``. Locust shares the machine's
cores with the server, so the figures are a floor for what a dedicated server does.
"""

import argparse
import csv
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _setup import postgres_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_demo(url: str) -> None:
    from django.core.management import call_command

    call_command("load_demo", "--quiet-logins", verbosity=0)


def start_stack(port: int, env: dict, log: Path) -> subprocess.Popen:
    stack = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "honcho",
            "start",
            "-f",
            "Procfile",
            "-p",
            str(port),
            "web",
            "worker",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5) as r:
                if r.status == 200:
                    return stack
        except OSError:
            time.sleep(0.5)
    os.killpg(stack.pid, signal.SIGTERM)
    raise SystemExit("the stack did not answer in 90 s")


def report(prefix: Path, users: int, minutes: float) -> None:
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    print(f"\n{users} users for {minutes:g} min; load average {os.getloadavg()[0]:.2f}")
    print(f"{'page':<32}{'requests':>9}{'failures':>9}{'p50 ms':>8}{'p95 ms':>8}")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "all" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<32}{int(row['Request Count']):>9}{int(row['Failure Count']):>9}"
            f"{row['50%']:>8}{row['95%']:>8}"
        )
    failures = Path(f"{prefix}_failures.csv").read_text().splitlines()[1:]
    for line in failures[:20]:
        print("failure:", line)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--server", default="postgres://postgres:postgres@127.0.0.1:5432")
    parser.add_argument("--reuse", action="store_true", help="keep rantai_load if it exists")
    args = parser.parse_args()

    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["TASKS_BACKEND"] = "database"
    postgres_database(args.server, "rantai_load", args.reuse, load_demo)
    env = os.environ | {
        "DEBUG": "false",
        "HTTPS": "false",
        "COLLECTED_STATIC": "false",
        "SECRET_KEY": "load-test-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "RANTAI_HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    port = free_port()
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    stack = start_stack(port, env, out / "stack.log")
    prefix = out / "run"
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(max(1, args.users // 25)),
                "--run-time",
                f"{int(args.minutes * 60)}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            check=False,
            timeout=args.minutes * 60 + 120,
        )
    finally:
        os.killpg(stack.pid, signal.SIGTERM)
        stack.wait(timeout=30)
    report(prefix, args.users, args.minutes)


if __name__ == "__main__":
    main()
