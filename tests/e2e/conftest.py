"""Browser tests: Playwright drives the system Chromium against a live server.

The live server's database is flushed after each test; tests/support/management/commands/
flush.py keeps the reference data (91,599 regions …) that migrations loaded.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test import Client
from django.test.testcases import LiveServerThread

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

# The live server answers one request at a time. On SQLite its threads share the test's one
# in-memory connection, and two requests at once (a page's map data and its bell) interleaved
# their queries on it: a row read half-way, "list index out of range", a 500 now and then.
# Served in turn (each answer closes its connection), the browser simply waits its turn.


class OneRequestAtATime(WSGIServer):
    """Django's server without threads; the live server's own thread already uses the test's
    connections (``LiveServerThread.run``)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _cookies_without_dates(settings):
    """The server's clock is pinned (tests/conftest.py) but the browser's is not: a cookie
    expiring two weeks after the pinned instant may already be stale to the browser, which would
    drop it. Session-length cookies carry no date."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture(autouse=True)
def _board_polls(settings):
    """The live server answers one request at a time, so an open board's event stream would
    hold it: here boards poll. tests/e2e/test_live_board_e2e.py runs the pushed board on the
    production server (uvicorn, rantai.asgi)."""
    settings.CALLOFF_BOARD_PUSH = False
    settings.CALLOFF_BOARD_POLL_SECONDS = 2


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The browser asks for English, as most do in Indonesia: Rantai still answers in Indonesian.
    return {**browser_context_args, "locale": "en-US", "timezone_id": "Asia/Jakarta"}


@pytest.fixture
def as_user(live_server, page):
    """Sign ``user`` in by handing the browser a session cookie (the login form has a test).

    Each switch signs in on a fresh test client, so the previous persona's session is left alone:
    signing in again on one client would delete it, and a request of the old page still in flight
    (the bell asks for its count as every page loads) would then come back anonymous with an
    order to delete the session cookie, wiping out the new persona's cookie a moment after it
    was set."""

    def _as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return _as


@pytest.fixture
def shot(page):
    """Save a screenshot under test-results/ to look at."""

    def _shot(name):
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return _shot
