"""Structured logs with a request id.

Every request gets an id: the ``X-Request-ID`` a proxy or load balancer sent (when it looks like
one), else a new one. It is returned in the response's ``X-Request-ID`` header, put on every log
record written while the request runs (``RequestIdFilter``), and ``RequestLogMiddleware`` writes
one line per request with its method, path, status, time and user. With ``LOG_FORMAT=json`` (the
default in production) each record is one JSON object, ready for Loki, Elasticsearch or
CloudWatch; a reader follows a request from nginx to Django to the error it hit by the id.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="-")
logger = logging.getLogger("rantai.request")
HEADER = "X-Request-ID"
ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,128}")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on the record as ``request_id`` ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class RequestLogMiddleware:
    """First in the chain: names the request, times it and logs its outcome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        rid = given if ACCEPTABLE.fullmatch(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            user = getattr(request, "user", None)
            level = logging.DEBUG if request.path.startswith("/static/") else logging.INFO
            logger.log(
                level,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                },
            )
            return response
        finally:
            request_id.reset(token)
