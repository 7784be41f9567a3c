"""/health/ for load balancers, and logs a reader can follow request by request."""

import json
import logging
import os
import subprocess
import sys
from collections import namedtuple
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from rantai.ops.models import ScheduledJob
from tests.factories import ScheduledJobFactory

Usage = namedtuple("Usage", "total used free")


def beat(seconds_ago: int) -> None:
    ScheduledJobFactory(
        name="heartbeat", last_finished_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


@pytest.mark.django_db
def test_health_reports_every_part_for_a_load_balancer(client):
    beat(30)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database:default", "cache", "disk", "workers"}
    assert 30 <= body["checks"]["workers"]["age_s"] < 60
    assert body["checks"]["disk"]["free_mb"] > 0


@pytest.mark.django_db
def test_silent_workers_degrade_but_keep_the_server_in_rotation(client):
    beat(600)
    body = client.get("/health/").json()
    assert body["status"] == "degraded" and body["checks"]["workers"]["ok"] is False
    ScheduledJob.objects.all().delete()  # no heartbeat ever
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_a_full_disk_takes_the_server_out_of_rotation(client):
    beat(30)
    full = Usage(total=100 * 2**30, used=100 * 2**30 - 10 * 2**20, free=10 * 2**20)
    with (
        override_settings(HEALTH_MIN_FREE_DISK_MB=1024),
        mock.patch("rantai.ops.health.shutil.disk_usage", return_value=full),
    ):
        response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["checks"]["disk"] == {
        "ok": False,
        "free_mb": 10,
        "ms": body["checks"]["disk"]["ms"],
    }


@pytest.mark.django_db
def test_a_database_that_does_not_answer_fails_without_a_500(client):
    with mock.patch("rantai.ops.health._database") as database:
        database.return_value = mock.Mock(side_effect=OperationalError("connection refused"))
        response = client.get("/health/")
    assert response.status_code == 503
    check = response.json()["checks"]["database:default"]
    assert check["ok"] is False and check["error"] == "OperationalError"
    assert "refused" not in response.content.decode()  # no details for the outside world


@pytest.mark.django_db
def test_every_response_names_its_request_and_the_log_says_so(client, caplog):
    caplog.set_level(logging.INFO, logger="rantai.request")
    response = client.get("/accounts/login/")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    record = next(r for r in caplog.records if r.name == "rantai.request")
    assert record.path == "/accounts/login/" and record.status == 200
    assert record.method == "GET" and record.duration_ms >= 0 and record.user_id is None
    # A proxy's id is kept, so one id follows the request from nginx to the log.
    given = client.get("/accounts/login/", headers={"x-request-id": "nginx-5f2c9a1b"})
    assert given["X-Request-ID"] == "nginx-5f2c9a1b"
    # Nonsense is not: a header is not a way to write into the logs.
    forged = client.get("/accounts/login/", headers={"x-request-id": 'x" level="ERROR'})
    assert forged["X-Request-ID"] != 'x" level="ERROR' and len(forged["X-Request-ID"]) == 32


def test_production_logs_are_one_json_object_per_line_with_the_request_id(tmp_path):
    """Production settings (DEBUG off) in a process of their own: what reaches stderr."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "import logging; logging.getLogger('rantai.x').warning('said \"%s\"', 'hi'); "
        "print(Client().get('/accounts/login/')['X-Request-ID'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "rantai.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "COLLECTED_STATIC": "false",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver",
        "RANTAI_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    rid = done.stdout.strip().splitlines()[-1]
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    said = next(line for line in lines if line["logger"] == "rantai.x")
    assert said["level"] == "WARNING" and said["message"] == 'said "hi"'
    assert said["request_id"] == "-" and said["time"].endswith("+00:00")
    request = next(line for line in lines if line["logger"] == "rantai.request")
    assert request["request_id"] == rid and request["status"] == 200
    assert request["path"] == "/accounts/login/" and request["method"] == "GET"
