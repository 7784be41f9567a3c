"""`make demo` runs Rantai as production does: scripts/run-demo starts the Procfile under honcho
(gunicorn, the task worker and the scheduler) with DEBUG off over plain HTTP on 127.0.0.1; a
missing page is Rantai's own 404, static files come through WhiteNoise, and Ctrl-C stops every
process."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _tree(root: int) -> dict[int, str]:
    """The processes under ``root`` (itself included), by pid, with their command lines."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":  # a zombie has exited already
            parents[int(entry.name)] = int(fields[1])
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in parents:
            found[pid] = commands[pid].decode(errors="replace")
            todo.extend(child for child, parent in parents.items() if parent == pid)
    return found


def test_the_demo_stack_serves_as_production_and_stops_on_ctrl_c(tmp_path):
    # The demo's own settings and database, not the suite's (pytest-django sets the module).
    unset = ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "TASKS_BACKEND")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {"RANTAI_DATA_DIR": str(tmp_path), "WEB_CONCURRENCY": "1"}
    manage = ["uv", "run", "--frozen", "python", "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input"], cwd=ROOT, env=env, check=True, timeout=300)
    port = _free_port()
    stack = subprocess.Popen(
        ["scripts/run-demo", "127.0.0.1", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives it
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = _get(f"{base}/accounts/login/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert stack.poll() is None, stack.stdout.read()
                assert time.monotonic() < deadline, "the demo did not start"
                time.sleep(0.5)
        assert status == 200
        status, page = _get(f"{base}/no-such-page/")
        assert status == 404
        assert "· Rantai</title>" in page and "Django" not in page  # not the debug page
        status, script = _get(f"{base}/static/vendor/htmx/htmx.min.js")
        assert status == 200 and "htmx" in script
        running = " | ".join(_tree(stack.pid).values())
        assert "gunicorn rantai.asgi" in running and "db_worker" in running
        assert "run_scheduler" in running
    finally:
        started = _tree(stack.pid)
        os.killpg(stack.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the whole group
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_tree(pid) for pid in started):
            time.sleep(0.2)
        alive = [pid for pid in started if _tree(pid)]
        for pid in alive:
            os.kill(pid, signal.SIGKILL)
        log = stack.stdout.read()
        print(log)  # shown when the test fails
    assert not alive, log
    assert "SIGINT received" in log and "web.1 stopped" in log and "worker.1 stopped" in log
    assert "scheduler.1 stopped" in log
