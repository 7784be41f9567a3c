"""Open boards told at once that something they may show changed: server-sent events.

An open board keeps one ``/call-offs/events/`` stream. The stream carries no data, only the word
that the board should look again: the board then asks its change check (``views.BoardView``
with ``since``), which answers through the one permission path, 204 when nothing the user may
see changed. A stream therefore never reveals what changed, or whose.

One ``Feed`` per server process watches the history of the call-offs and of their moves to
another member (every save writes a row; rows are read again for ``WINDOW`` so that a
transaction committing after a later-stamped one is not missed) every
``CALLOFF_FEED_SECONDS``, and wakes the streams whose user belongs to the buyer or the
supplier, or manages a cooperative the supplier is in. Officers and
administrators, who may see many firms' call-offs, are woken by any change, at most once per
``COALESCE`` seconds, and the check decides. Changes nothing saves (the clock passing an
acknowledgement deadline) still reach the board by its slow poll, which stays as the fallback.

Under ASGI (production: gunicorn's uvicorn workers, ``rantai.asgi``) a stream is a coroutine
waiting on an ``asyncio.Event``: thousands cost no thread and no database connection. Under
WSGI (``runserver``) it holds its thread, which is fine for development. A stream ends after
``LIFETIME`` seconds and the browser reconnects (``retry``), so a user who signed out or lost
access stops being streamed to within minutes; a comment every ``HEARTBEAT`` seconds finds
closed connections.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from rantai.calloffs.models import CallOff, CallOffMove
from rantai.calloffs.scopes import members_of_managed_coops

log = logging.getLogger(__name__)

WINDOW = timedelta(seconds=10)  # longer than any transaction that saves a call-off
COALESCE = 0.25  # changes within this of each other reach a stream as one event
HEARTBEAT = 15.0
LIFETIME = 300.0
RETRY_MS = 2000
CHANGED = b"event: changed\ndata: \n\n"


class Subscriber:
    """One open stream: the firms whose call-offs concern its user (None: any), and how to
    wake it (from the feed's thread)."""

    def __init__(self, firms: frozenset[int] | None, wake: Callable[[], None]):
        self.firms = firms
        self.wake = wake

    def offer(self, changed: set[int]) -> bool:
        if self.firms is None or not self.firms.isdisjoint(changed):
            self.wake()
            return True
        return False


def changes_since(since) -> list[tuple[tuple[str, int], int, int]]:
    """((table, history row), buyer, supplier) of every call-off, and every move of one to
    another member (proposed, accepted, rejected), saved since ``since``."""
    call_offs = CallOff.history.filter(history_date__gte=since).values_list(
        "history_id", "partnership__buyer_id", "partnership__supplier_id"
    )
    moves = CallOffMove.history.filter(history_date__gte=since).values_list(
        "history_id", "call_off__partnership__buyer_id", "call_off__partnership__supplier_id"
    )
    return [(("c", row), buyer, supplier) for row, buyer, supplier in call_offs] + [
        (("m", row), buyer, supplier) for row, buyer, supplier in moves
    ]


class Feed:
    """The process's one watcher of call-off changes; its thread runs while anyone listens."""

    def __init__(self, fetch: Callable = changes_since, every: float | None = None):
        self._fetch = fetch
        self._every = every
        self._lock = threading.Lock()
        self._subscribers: set[Subscriber] = set()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @property
    def every(self) -> float:
        return self._every if self._every is not None else settings.CALLOFF_FEED_SECONDS

    def subscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.add(subscriber)
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="calloff-feed", daemon=True)
                self._thread.start()

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.discard(subscriber)

    def listeners(self) -> int:
        with self._lock:
            return len(self._subscribers)

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=5)

    def _run(self) -> None:
        seen: dict = {}  # (table, history row) → when first seen (monotonic)
        since = timezone.now()
        try:
            while not self._stop.is_set():
                with self._lock:
                    if not self._subscribers:
                        self._thread = None
                        return
                began = timezone.now()
                try:
                    rows = self._fetch(since - WINDOW)
                except Exception:  # the database is away: try again, never die
                    log.warning("call-off feed: reading changes failed", exc_info=True)
                    connection.close()
                    self._stop.wait(max(self.every, 1.0))
                    continue
                since = began
                now = time.monotonic()
                changed: set[int] = set()
                for row, buyer, supplier in rows:
                    if row not in seen:
                        seen[row] = now
                        changed.update((buyer, supplier))
                for row in [r for r, at in seen.items() if now - at > 2 * WINDOW.total_seconds()]:
                    del seen[row]
                if changed:
                    with self._lock:  # whoever listens now, joined during the read included
                        subscribers = list(self._subscribers)
                    for subscriber in subscribers:
                        try:
                            subscriber.offer(changed)
                        except RuntimeError:  # its event loop closed (the server stopping)
                            self.unsubscribe(subscriber)
                self._stop.wait(self.every)
        finally:
            connection.close()


feed = Feed()


def interest(actor) -> frozenset[int] | None:
    """The firms whose call-off changes concern ``actor``'s board; None: any change may."""
    if actor.is_admin or actor.is_officer:
        return None
    firms = set(actor.org_ids)
    if actor.managed_coop_ids:
        firms.update(members_of_managed_coops(actor).values_list("firm_id", flat=True))
    return frozenset(firms)


def _frame_start() -> bytes:
    return f"retry: {RETRY_MS}\n: open\n\n".encode()


async def stream_async(firms: frozenset[int] | None) -> AsyncIterator[bytes]:
    """The stream under ASGI: no thread, no database connection while it waits."""
    # The request's own thread opened a connection to find the user: closed here (whatever
    # DATABASE_CONN_MAX_AGE says), or every open board would hold one for minutes.
    await sync_to_async(connections.close_all)()
    loop = asyncio.get_running_loop()
    event = asyncio.Event()
    event.set()  # look once at the start: a change between the page and this stream counts
    subscriber = Subscriber(firms, lambda: loop.call_soon_threadsafe(event.set))
    feed.subscribe(subscriber)
    try:
        yield _frame_start()
        ends = time.monotonic() + LIFETIME
        while (left := ends - time.monotonic()) > 0:
            try:
                await asyncio.wait_for(event.wait(), timeout=min(HEARTBEAT, left))
            except TimeoutError:
                yield b": keep-alive\n\n"
                continue
            event.clear()
            yield CHANGED
            await asyncio.sleep(COALESCE)
    finally:
        feed.unsubscribe(subscriber)


def stream_sync(firms: frozenset[int] | None, lifetime: float = LIFETIME) -> Iterator[bytes]:
    """The same stream under WSGI (development), holding its thread."""
    event = threading.Event()
    event.set()  # look once at the start: a change between the page and this stream counts
    subscriber = Subscriber(firms, event.set)
    feed.subscribe(subscriber)
    try:
        yield _frame_start()
        ends = time.monotonic() + lifetime
        while (left := ends - time.monotonic()) > 0:
            if not event.wait(timeout=min(HEARTBEAT, left)):
                yield b": keep-alive\n\n"
                continue
            event.clear()
            yield CHANGED
            time.sleep(COALESCE)
    finally:
        feed.unsubscribe(subscriber)
