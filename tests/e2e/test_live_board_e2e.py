"""The pushed board on the production server: uvicorn serving rantai.asgi (as the Procfile's
gunicorn workers do), in this process, on the test database. The supplier's board is open on a
phone; the buyer releases a call-off, and the board shows it within seconds, without a reload,
while its own poll is set to ten minutes: only the event stream can have told it."""

import socket
import threading
import time
from datetime import timedelta

import pytest
import uvicorn
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from rantai.asgi import application
from rantai.calloffs import services
from tests.calloffs.conftest import terms
from tests.e2e.conftest import ARTIFACTS
from tests.factories import sign_and_activate
from tests.partnerships.conftest import make_chain


@pytest.fixture
def production_server(transactional_db, settings):
    # transactional_db by name: pytest-django then runs this test with the other flushing ones,
    # after every test that reads what migrations loaded (the 5R checklist, the ladder).
    if connection.vendor == "sqlite":
        # The test database lives in memory; the server's pool threads and the feed would each
        # open their own connection to it, and SQLite's shared cache locks whole tables between
        # them. PostgreSQL runs this test in CI.
        pytest.skip("needs a database that serves several connections at once (PostgreSQL)")
    settings.CALLOFF_BOARD_PUSH = True
    settings.CALLOFF_BOARD_POLL_SECONDS = 600
    settings.CALLOFF_FEED_SECONDS = 0.1

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            lifespan="off",
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_the_open_board_shows_a_new_call_off_pushed_to_it(
    production_server, world, browser, browser_context_args
):
    chain = make_chain(world)
    sign_and_activate(chain.deal)
    client = Client()
    client.force_login(world.user("firm_a"))
    phone = browser.new_context(**browser_context_args, viewport={"width": 360, "height": 740})
    phone.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": production_server,
            }
        ]
    )
    supplier = phone.new_page()
    with supplier.expect_response(lambda r: "/call-offs/events/" in r.url):
        supplier.goto(f"{production_server}/call-offs/")
    expect(supplier.get_by_test_id("board")).to_be_visible()
    supplier.evaluate("window.sameBoard = true")  # gone if the page reloads

    week = timezone.localdate() + timedelta(days=7)
    call_off = services.release(
        partnership=chain.deal, user=chain.buyer_user, **terms(number="CO-2612-PUSH", due_on=week)
    )
    row = supplier.get_by_test_id(f"call-off-{call_off.pk}")
    expect(row).to_be_visible(timeout=5_000)  # the poll is ten minutes away: the push did it
    expect(row).to_contain_text("CO-2612-PUSH")
    assert supplier.evaluate("window.sameBoard") is True
    supplier.screenshot(path=ARTIFACTS / "call-off-board-pushed-360.png", full_page=True)
    phone.close()
