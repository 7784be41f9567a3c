"""The open board's push (calloffs/live.py): the feed wakes only the streams a change concerns,
the stream says nothing but "look again", and it works through the production entry point
(rantai.asgi: the stream as a coroutine, every other page through the bounded WSGI pool)."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from rantai.accounts.actors import actor_for
from rantai.asgi import application
from rantai.calloffs import live
from tests.calloffs.conftest import release
from tests.factories import CooperativeMembershipFactory, FirmFactory


def run(coroutine_function):
    """Run it on an event loop of its own thread (a browser test may have left one here)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine_function()).result(timeout=60)


class Wakes:
    def __init__(self):
        self.count = 0
        self.event = threading.Event()

    def __call__(self):
        self.count += 1
        self.event.set()


def test_the_feed_wakes_only_the_streams_a_change_concerns_and_each_change_once():
    batches = [[(1, 10, 20)], [(1, 10, 20), (2, 30, 40)], [(1, 10, 20), (2, 30, 40)]]
    served, everyone_listens = threading.Event(), threading.Event()

    def fetch(since):
        everyone_listens.wait(5)
        if len(batches) == 1:
            served.set()
        return batches.pop(0) if len(batches) > 1 else batches[0]

    feed = live.Feed(fetch=fetch, every=0.01)
    buyer, supplier_b, stranger, officer = Wakes(), Wakes(), Wakes(), Wakes()
    for firms, wake in (({10}, buyer), ({40}, supplier_b), ({99}, stranger), (None, officer)):
        feed.subscribe(live.Subscriber(frozenset(firms) if firms else None, wake))
    everyone_listens.set()
    assert served.wait(5)
    time.sleep(0.05)  # a few more rounds of the same rows
    feed.stop()
    # Row 1 concerned firm 10, row 2 firm 40; rows read again (the window) wake nobody again.
    assert (buyer.count, supplier_b.count, stranger.count) == (1, 1, 0)
    assert officer.count == 2  # officers' boards are woken by any change: their check decides


def test_the_feed_survives_a_database_error_and_stops_when_nobody_listens(settings):
    calls = []

    def fetch(since):
        calls.append(since)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return [(7, 1, 2)]

    feed = live.Feed(fetch=fetch, every=0.01)
    woken = Wakes()
    subscriber = live.Subscriber(frozenset({2}), woken)
    feed.subscribe(subscriber)
    assert woken.event.wait(5)  # the retry after the error (≥ 1 s) read the change
    feed.unsubscribe(subscriber)
    time.sleep(0.1)
    assert feed._thread is None  # its thread ended with the last listener


def test_whom_a_board_listens_for(world):
    owner = actor_for(world.user("firm_a"))
    assert live.interest(owner) == frozenset(owner.org_ids)
    member = FirmFactory()
    manager = world.user("coop_manager")
    CooperativeMembershipFactory(cooperative=world.cooperative, firm=member)
    assert member.pk in live.interest(actor_for(manager))
    assert live.interest(actor_for(world.user("officer"))) is None


def test_the_stream_is_for_signed_in_people_only(client):
    response = client.get(reverse("calloffs:events"))
    assert response.status_code == 204  # EventSource stops reconnecting
    assert not getattr(response, "streaming", False)


# The next two tests have other threads (the feed, the server's) read and write the test
# database while the test does. SQLite's in-memory test database shares one cache between
# connections and locks whole tables across them (a session row read in one thread, "database
# table is locked" in the next test): they run on PostgreSQL, in CI's second run.
needs_concurrent_database = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="needs a database that serves several connections at once (PostgreSQL)",
)


@needs_concurrent_database
@pytest.mark.django_db(transaction=True)
def test_a_release_reaches_the_suppliers_stream_and_not_a_strangers(world, supply, settings):
    """Under WSGI (runserver) the stream holds its thread: read it as the browser would."""
    settings.CALLOFF_FEED_MS = 50
    settings.CALLOFF_FEED_SECONDS = 0.05
    supplier = Client()
    supplier.force_login(world.user("firm_a"))
    response = supplier.get(reverse("calloffs:events"))
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    chunks = iter(response.streaming_content)
    assert next(chunks).startswith(b"retry: ")
    assert next(chunks) == live.CHANGED  # one look at the start
    stranger = Wakes()
    other = live.Subscriber(live.interest(actor_for(world.user("firm_b"))), stranger)
    live.feed.subscribe(other)
    try:
        release(supply)
        assert next(chunks) == live.CHANGED  # within the feed's next read
        time.sleep(0.3)
        assert stranger.count == 0
        assert b"BS-12" not in live.CHANGED  # it says "look again", never what changed
    finally:
        live.feed.unsubscribe(other)
        response.close()
    time.sleep(0.2)
    assert live.feed.listeners() == 0  # a closed stream leaves the feed


@needs_concurrent_database
@pytest.mark.django_db(transaction=True)
def test_the_production_entry_point_streams_as_a_coroutine_and_serves_pages(world, supply):
    """rantai.asgi: the stream through Django's ASGI handler, a page through the WSGI pool."""
    client = Client()
    client.force_login(world.user("firm_a"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def scope(path):
        return {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"cookie", cookie.encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }

    def sessions() -> int:
        """Database connections to the test database, other than this test's own."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]

    opened, measured = threading.Event(), threading.Event()

    async def stream():
        app = ApplicationCommunicator(application, scope(reverse("calloffs:events")))
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await app.receive_output(timeout=10)
        first = await app.receive_output(timeout=10)
        second = await app.receive_output(timeout=10)
        opened.set()
        await asyncio.to_thread(measured.wait, 10)
        await app.send_input({"type": "http.disconnect"})
        await app.wait(timeout=5)
        return start, first, second

    kept = connections.settings["default"].get("CONN_MAX_AGE", 0)
    connections.settings["default"]["CONN_MAX_AGE"] = 600  # connections kept, as in production
    try:
        with ThreadPoolExecutor(1) as pool:
            streaming = pool.submit(asyncio.run, stream())
            assert opened.wait(20)
            time.sleep(0.3)  # the feed's thread has read at least once
            held = sessions()
            measured.set()
            start, first, second = streaming.result(timeout=30)
    finally:
        connections.settings["default"]["CONN_MAX_AGE"] = kept
    # The open stream holds no connection: the only other one is the feed's, one per process.
    assert held == 1
    assert start["status"] == 200
    assert (b"Content-Type", b"text/event-stream") in start["headers"]
    assert first["body"].startswith(b"retry: ") and second["body"] == live.CHANGED
    time.sleep(0.2)
    assert live.feed.listeners() == 0  # the disconnect ended the coroutine and its listening

    async def page():
        app = ApplicationCommunicator(application, scope(reverse("calloffs:board")))
        await app.send_input({"type": "http.request", "body": b"", "more_body": False})
        start = await app.receive_output(timeout=10)
        body = b""
        while True:
            message = await app.receive_output(timeout=10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                return start, body

    start, body = run(page)
    assert start["status"] == 200
    assert b"BS-12" not in body and b'id="board"' in body
