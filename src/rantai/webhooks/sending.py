"""One HTTP POST of a webhook with the standard library, and what came of it. Redirects are not
followed (a redirect could lead to a private address) and count as a failure."""

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from rantai.webhooks.validators import is_public_address

EXCERPT = 500


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    excerpt: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


_opener = urllib.request.build_opener(_NoRedirect)


def refusal(url: str) -> str:
    """Why ``url`` must not be called now (its name resolves to a private address), or ""."""
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return ""
    parts = urlsplit(url)
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve {parts.hostname}: {exc}"
    for *_, address in found:
        if not is_public_address(address[0]):
            return f"refused: {parts.hostname} resolves to a non-public address ({address[0]})"
    return ""


def _excerpt(response) -> str:
    try:
        return response.read(EXCERPT * 4).decode("utf-8", errors="replace")[:EXCERPT]
    except OSError:
        return ""


def _describe(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"timeout after {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return f"{type(exc).__name__}: {exc}"[:EXCERPT]


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    timeout = settings.WEBHOOKS_TIMEOUT
    start = time.perf_counter()

    def done(status_code=None, error="", excerpt=""):
        ms = round((time.perf_counter() - start) * 1000)
        return Outcome(status_code, error, excerpt, ms)

    refused = refusal(url)
    if refused:
        return done(error=refused)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout) as response:
            return done(response.status, excerpt=_excerpt(response))
    except urllib.error.HTTPError as exc:
        with exc:
            return done(exc.code, excerpt=_excerpt(exc))
    except urllib.error.URLError as exc:
        reason = exc.reason if isinstance(exc.reason, BaseException) else exc
        return done(error=_describe(reason, timeout))
    except (OSError, ValueError, http.client.HTTPException) as exc:  # timeout, reset, garbage
        return done(error=_describe(exc, timeout))
