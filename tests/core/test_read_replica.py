"""Reads from a PostgreSQL streaming replica (rantai.core.replica).

The walk runs on a real primary and hot standby built here, whatever DATABASE_URL the suite runs
on: the standby's replay is paused, so a row written on the primary afterwards shows which of
the two answered. The other tests drive the router and middleware in this process, where no
replica is configured: they check the decisions, not a database.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from rantai.accounts.models import User
from rantai.core.replica import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter
from rantai.firms.models import Firm
from tests.support.management.commands.read_replica_walk import EARLY, LATE
from tests.support.pg_cluster import PgCluster, free_port, requires_pg_server

ROOT = Path(__file__).resolve().parents[2]
router = ReplicaRouter()


@pytest.fixture
def clusters(tmp_path):
    """A primary with a database for Rantai, and a hot standby streaming from it."""
    primary = PgCluster(tmp_path / "primary")
    standby = None
    try:
        primary.init().start(free_port())
        primary.createdb("rantai")
        standby = primary.basebackup_standby(tmp_path / "standby", free_port())
        yield primary, standby
    finally:
        if standby is not None:
            standby.cleanup()
        primary.cleanup()


@pytest.mark.slow
@requires_pg_server
def test_reads_come_from_the_replica_until_one_writes(clusters):
    primary, standby = clusters
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": primary.dsn("rantai"),
        "DATABASE_REPLICA_URL": standby.dsn("rantai"),
        "REPLICA_PIN_SECONDS": "10",
    }
    walk = subprocess.run(
        [sys.executable, "manage.py", "read_replica_walk"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert walk.returncode == 0, walk.stderr
    seen = json.loads(walk.stdout)

    # Sari has not written: her inbox page and the API read the paused replica.
    assert seen["page before writing"] == [200, True, False]
    assert seen["page before writing pins"] is False
    assert seen["api before writing"] == [200, [EARLY, False]]
    # She marks all read: her own write is on her next page, in the browser and with her API
    # token (no cookie), though the replica has not replayed it.
    assert seen["write"] == [302, 10]
    assert seen["browser after writing"] == [200, [LATE, True], [EARLY, True]]
    assert seen["token after writing"] == [200, [LATE, True], [EARLY, True]]
    # Budi, who wrote nothing, still reads the replica.
    assert seen["someone else meanwhile"] == [200, [EARLY, False]]
    # Ten seconds on, she reads the replica again, which still lacks her write.
    assert seen["browser after the pin"] == [200, [EARLY, False]]
    assert seen["token after the pin"] == [200, [EARLY, False]]
    # Inside one GET: a transaction reads the primary; objects read from the replica, and
    # their relations, are saved on the primary; after a write the request reads the primary
    # and pins its user.
    assert seen["inside one read-only request"] == {
        "read": "replica",
        "read in a transaction": "primary",
        "read after the transaction": "replica",
        "read from": ["replica", "replica"],
        "saved to": ["default", "default"],
        "read after writing": "primary",
        "locked": "primary",
        "pins": True,
        "first name on the primary": "Budi",
    }
    assert seen["primary afterwards"] == [LATE, "Diubah"]
    # Replay resumed, the replica has it all.
    assert seen["browser once the replica caught up"] == [200, [LATE, True], [EARLY, True]]


# The decisions, in this process (no replica configured: nothing here queries one).


def _request(method="GET", user=None, cookies=None):
    request = RequestFactory().generic(method, "/firms/")
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    return request


def _reads_during(request, *models, write=False):
    """Where each model's reads go while the middleware serves ``request``; the response."""
    routed = []

    def view(request):
        if write:
            router.db_for_write(Firm)
        routed.extend(router.db_for_read(model) for model in models)
        return HttpResponse()

    response = ReplicaReadsMiddleware(view)(request)
    return routed, response


def test_outside_a_request_everything_is_on_the_primary():
    assert router.db_for_read(Firm) == "default"
    assert router.db_for_write(Firm) == "default"
    assert router.allow_migrate("default", "firms") is True
    assert router.allow_migrate("replica", "firms") is False


def test_get_and_head_read_the_replica_and_pin_nobody():
    for method in ("GET", "HEAD"):
        routed, response = _reads_during(_request(method), Firm, User)
        assert routed == ["replica", "replica"]
        assert PIN_COOKIE not in response.cookies


def test_who_asks_is_read_on_the_primary():
    routed, _ = _reads_during(_request(), Session, Token)
    assert routed == ["default", "default"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_other_methods_read_the_primary_and_pin_the_browser(method):
    routed, response = _reads_during(_request(method), Firm)
    assert routed == ["default"]
    cookie = response.cookies[PIN_COOKIE]
    assert (cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (10, True, "Lax")


def test_a_pinned_browser_reads_the_primary_until_the_pin_ends(_pinned_clock):  # noqa: PT019
    _, response = _reads_during(_request("POST"), Firm)
    pin = {PIN_COOKIE: response.cookies[PIN_COOKIE].value}
    _pinned_clock.shift(timedelta(seconds=9))
    assert _reads_during(_request(cookies=pin), Firm)[0] == ["default"]
    _pinned_clock.shift(timedelta(seconds=2))
    assert _reads_during(_request(cookies=pin), Firm)[0] == ["replica"]


def test_a_forged_pin_is_ignored():
    assert _reads_during(_request(cookies={PIN_COOKIE: "1"}), Firm)[0] == ["replica"]


def test_a_writer_is_pinned_on_every_device_and_token_for_a_while(_pinned_clock):  # noqa: PT019
    sari, budi = User(pk=41, username="sari"), User(pk=42, username="budi")
    _reads_during(_request("POST", user=sari), Firm)
    # No cookie: another device of hers, or her API token.
    assert _reads_during(_request(user=sari), Firm)[0] == ["default"]
    assert _reads_during(_request(user=budi), Firm)[0] == ["replica"]
    _pinned_clock.shift(timedelta(seconds=11))
    assert _reads_during(_request(user=sari), Firm)[0] == ["replica"]


def test_a_write_during_a_get_moves_the_rest_of_it_to_the_primary_and_pins():
    routed, response = _reads_during(_request(), Firm, write=True)
    assert routed == ["default"]
    assert PIN_COOKIE in response.cookies
