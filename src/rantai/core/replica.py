"""Reads from a PostgreSQL streaming replica, where a stale answer cannot mislead anyone.

With ``DATABASE_REPLICA_URL`` set (settings.py adds the ``replica`` database, this router and
this middleware), the reads of a GET or HEAD request — dashboards, lists, reports, the API's
lists — go to the replica, and everything else to the primary: writes, migrations, other
methods, reads inside a transaction, background jobs and management commands.

A replica is a little behind. Whoever wrote — any request that was not GET or HEAD, or wrote
anyway — reads the primary for ``REPLICA_PIN_SECONDS`` afterwards, so one's own change is on the
next page (read your own writes). The pin is kept twice: a signed cookie for the browser
(whoever it is, signed in or not) and a cache entry for the user (API clients with a token keep
no cookies; a second device of the same person). docs/decisions.md, "A read replica", says why.
"""

from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
READ_METHODS = frozenset({"GET", "HEAD"})
PIN_COOKIE = "rantai_primary"
_PIN_SALT = "rantai.core.replica.pin"
# Who is asking is always read on the primary: a fresh sign-in's session, a new API token, a
# lockout just lifted must never be unknown to a replica that is behind.
PRIMARY_APPS = frozenset({"sessions", "authtoken", "axes"})

_request_reads: ContextVar["RequestReads | None"] = ContextVar("request_reads", default=None)


def _user_pin_key(user_id) -> str:
    return f"replica-pin:{user_id}"


class RequestReads:
    """Whether the request being served may read the replica; the router asks at every read."""

    def __init__(self, request):
        self.request = request
        self.read_only = request.method in READ_METHODS and not _pinned_by_cookie(request)
        self.wrote = False
        self._pinned_users: dict = {}

    def use_replica(self) -> bool:
        return self.read_only and not self.wrote and not self._user_pinned()

    def _user_pinned(self) -> bool:
        # The user as it is now: the API authenticates a token inside the view, after the
        # middleware ran, and puts its user on the request.
        user_id = self.request.user.pk
        if user_id is None:
            return False
        if user_id not in self._pinned_users:
            self._pinned_users[user_id] = cache.get(_user_pin_key(user_id)) is not None
        return self._pinned_users[user_id]


def _pinned_by_cookie(request) -> bool:
    value = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=_PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS
    )
    return value is not None


def pin_to_primary(request, response) -> None:
    """Send this browser's and this user's reads to the primary for a while."""
    seconds = settings.REPLICA_PIN_SECONDS
    response.set_signed_cookie(
        PIN_COOKIE,
        "1",
        salt=_PIN_SALT,
        max_age=seconds,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    if request.user.pk is not None:
        cache.set(_user_pin_key(request.user.pk), True, seconds)


class ReplicaReadsMiddleware:
    """Tells the router what the request may read, and pins a writer to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Who asks is known before any read is routed: the session (read on the primary) and
        # the user it names are loaded now, so the router can look at the user without a query.
        request.user.is_authenticated  # noqa: B018
        reads = RequestReads(request)
        token = _request_reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if reads.wrote or request.method not in READ_METHODS:
            pin_to_primary(request, response)
        return response


class ReplicaRouter:
    """Writes and migrations on the primary; reads on the replica when the request allows it."""

    def db_for_read(self, model, **hints):
        reads = _request_reads.get()
        if (
            reads is None
            or model._meta.app_label in PRIMARY_APPS
            # Inside a transaction the reads belong with its writes and locks.
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
            or not reads.use_replica()
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        # An object read from the replica is saved, deleted and related on the primary too.
        reads = _request_reads.get()
        if reads is not None:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the two databases hold the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
