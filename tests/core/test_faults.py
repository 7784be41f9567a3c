"""Faults (issue 18): a worker killed mid-job, a full disk on upload, PostgreSQL restarted under
load. Each fault is caused for real where the machine allows it, and the test asserts what the
user sees afterwards and what is left in the database."""

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from rantai.core.jobs import enqueue_job
from rantai.core.models import Job
from rantai.core.reaper import WORKER_LOST, Reaped, reap_stale_jobs
from rantai.five_r.models import Photo
from tests.factories import AuditFactory, JobFactory
from tests.five_r.conftest import jpeg, make_program
from tests.support.faults import restart_under_load
from tests.support.pg_cluster import requires_pg_server
from tests.support.tasks import slow_job

ROOT = Path(__file__).resolve().parents[2]


def _in_indonesian(message: str) -> str:
    with translation.override("id"):
        return translation.gettext(message)


MANAGE = [sys.executable, "manage.py"]
STALE = 3  # seconds without a heartbeat (beating every second) before a job is lost


# --- a worker killed in the middle of a job ------------------------------------------------


@pytest.mark.django_db
def test_a_running_job_whose_heartbeat_stopped_is_failed_with_a_clear_message(
    world,
    login,
    settings,
    _pinned_clock,  # noqa: PT019
):
    settings.JOB_STALE_SECONDS = 300
    job = JobFactory(kind="firm_export", user=world.user("officer"))
    job.start(total=10)
    lively = JobFactory(kind="firm_export", user=world.user("officer"))
    _pinned_clock.shift(timedelta(seconds=301))
    lively.start(total=10)
    assert reap_stale_jobs().jobs == 1
    job.refresh_from_db()
    lively.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, WORKER_LOST)
    assert lively.status == Job.Status.RUNNING
    page = login(world.user("officer")).get(reverse("job-detail", args=[job.pk])).content.decode()
    assert f'<span data-testid="job-message">{_in_indonesian(WORKER_LOST)}</span>' in page
    assert 'hx-trigger="every 1s"' not in page  # the page stops polling
    assert reap_stale_jobs().jobs == 0  # a second run changes nothing


@pytest.mark.django_db
def test_a_job_whose_database_task_ended_without_it_is_failed_at_once(world):
    """A second Ctrl-C ends the task by SystemExit: the worker fails the task, never the job."""
    result = DBTaskResult.objects.create(
        status="FAILED",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.support.tasks.slow_job",
        backend_name="default",
        run_after=timezone.now(),
    )
    job = JobFactory(kind="firm_export", user=world.user("officer"), task_id=str(result.pk))
    job.start()
    elsewhere = JobFactory(kind="firm_export", user=world.user("officer"), task_id="redis-1-0")
    elsewhere.start()
    assert reap_stale_jobs().jobs == 1
    job.refresh_from_db()
    elsewhere.refresh_from_db()
    assert job.status == Job.Status.FAILED and elsewhere.status == Job.Status.RUNNING


def _task(status="RUNNING", *, started_ago: timedelta) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="rantai.ops.schedule.run_scheduled_job",
        backend_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - started_ago,
    )


@pytest.mark.django_db
def test_a_task_without_a_job_is_failed_only_after_the_longer_limit(world, settings):
    settings.JOB_STALE_SECONDS, settings.TASK_STALE_SECONDS = 300, 6 * 3600
    lost = _task(started_ago=timedelta(hours=7))
    long_but_alive = _task(started_ago=timedelta(hours=1))
    of_a_live_job = _task(started_ago=timedelta(hours=7))
    job = JobFactory(kind="firm_export", user=world.user("officer"), task_id=str(of_a_live_job.pk))
    job.start()  # its heartbeat is fresh
    assert reap_stale_jobs() == Reaped(jobs=0, tasks=1)
    statuses = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert statuses == {
        lost.pk: "FAILED",
        long_but_alive.pk: "RUNNING",
        of_a_live_job.pk: "RUNNING",
    }
    lost.refresh_from_db()
    assert lost.exception_class_path == "rantai.core.reaper.WorkerLost" and lost.finished_at


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_nothing_running(world, login, settings, tmp_path):
    """A real ``db_worker`` runs a slow job; SIGKILL stops it halfway; the reaper (as the
    scheduler or the next worker runs it) fails the job and its task."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = tmp_path / "started"
    job = Job.objects.create(
        kind=Job.Kind.FIRM_EXPORT, user=world.user("officer"), params={"started": str(started)}
    )
    enqueue_job(slow_job, job)  # no transaction here: enqueued at once
    env = _worker_env(tmp_path)
    worker = subprocess.Popen(
        [*MANAGE, "db_worker", "--queue-name", "*", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while not started.exists():
            assert worker.poll() is None, worker.stdout.read()
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.1)
        time.sleep(STALE + 0.5)  # longer than the limit, but the heartbeat keeps the job alive
        assert _reap(env) == "0 jobs and 0 tasks marked failed"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    time.sleep(STALE + 0.5)  # now the heartbeat has stopped for longer than the limit
    assert _reap(env) == "1 jobs and 1 tasks marked failed"
    _take_back(env)
    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, WORKER_LOST)
    assert not Job.objects.filter(status=Job.Status.RUNNING).exists()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()
    assert DBTaskResult.objects.get().status == "FAILED"
    page = login(world.user("officer")).get(reverse("job-detail", args=[job.pk])).content.decode()
    assert f'<span data-testid="job-message">{_in_indonesian(WORKER_LOST)}</span>' in page


def _reap(env: dict[str, str]) -> str:
    reaper = subprocess.run(
        [*MANAGE, "reap_stale_jobs"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert reaper.returncode == 0, reaper.stderr
    return reaper.stdout.strip()


def _worker_env(tmp_path: Path) -> dict[str, str]:
    """The app's own settings on this test's database: PostgreSQL's test database as it is; the
    in-memory SQLite one copied to a file the worker can open (and copied back after)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        url = f"sqlite:///{path}"
    else:
        s = connection.settings_dict
        url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    return env | {
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "RANTAI_DATA_DIR": str(tmp_path),
        "JOB_HEARTBEAT_SECONDS": "1",
        "JOB_STALE_SECONDS": str(STALE),
    }


def _take_back(env: dict[str, str]) -> None:
    """Bring what the subprocesses wrote into the test's SQLite database."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as source:
            source.backup(connection.connection)


# --- a full disk on upload ------------------------------------------------------------------


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills while a request stores its files: the first file is written, the next one
    meets ENOSPC (as ``os.write`` raises it). Returns the names written before."""
    written = []
    real_save = FileSystemStorage._save

    def save(storage, name, content):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(real_save(storage, name, content))
        return written[-1]

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    return written


DISK_FULL = (
    "The server has no room left to store files, so nothing was saved. "
    "Please try again later; the team has been told."
)


@pytest.mark.django_db
def test_an_upload_page_on_a_full_disk_says_so_and_keeps_no_row(world, login, full_disk):
    full_disk.append("as if a file were stored already")  # the import stores one file
    response = login(world.user("officer")).post(
        reverse("firms:import"),
        {"file": SimpleUploadedFile("firma.csv", b"nib;nama\n1234567890123;Logam Jaya\n")},
    )
    assert response.status_code == 507
    page = response.content.decode()
    assert f'<p class="text-body-secondary">{_in_indonesian(DISK_FULL)}</p>' in page
    assert not Job.objects.exists()  # the job row made before the file was rolled back


@pytest.mark.django_db
def test_an_api_upload_on_a_full_disk_answers_json_and_keeps_no_row(world, full_disk):
    five_r = make_program(world)
    audit = AuditFactory(firm=world.firm_a, program=five_r.program, auditors=[world.user("mentor")])
    client = APIClient()
    client.force_authenticate(world.user("mentor"))
    before = Photo.objects.count()
    reply = client.post(
        f"/api/v1/5r/audits/{audit.pk}/photos/",
        {"item": five_r.items[0].pk, "kind": "before", "photo": jpeg()},
        format="multipart",
    )
    assert reply.status_code == 507
    assert reply.json() == {"detail": _in_indonesian(DISK_FULL)}
    assert len(full_disk) == 1  # the picture was written, its thumbnail met the full disk
    assert Photo.objects.count() == before


# --- PostgreSQL restarted in the middle of load -------------------------------------------


@pytest.mark.slow
@requires_pg_server
def test_the_app_serves_again_soon_after_postgresql_restarts_and_loses_no_write(tmp_path):
    """A throw-away cluster under gunicorn (the Procfile's command, production settings): two
    clients create firms and read the list through the API while the cluster restarts."""
    figures = restart_under_load(tmp_path)
    print(f"PostgreSQL restarted under load: {figures}")  # shown with -s; bench/faults.py too
    assert figures.recovery is not None and figures.recovery < 5, figures
    assert figures.errors_after == 0, [c for c in figures.calls if c.status >= 500 or not c.status]
    assert figures.acknowledged > 0 and figures.found == figures.acknowledged, figures
