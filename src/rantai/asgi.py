"""The production web entry point (Procfile: gunicorn with uvicorn workers).

Two ways through one Django:
- the server-sent event streams (``STREAM_PATHS``: the call-off board's ``/call-offs/events/``)
  go through Django's ASGI handler, where a waiting stream is a coroutine: no thread, no
  database connection;
- every other request goes to the WSGI application in a bounded pool of ``WEB_THREADS``
  threads per process (a2wsgi), as gunicorn's threaded workers ran it before. The pool bounds
  how many requests (and database connections) a process works on at once; Django's own ASGI
  handler would give every request its own thread, without a limit.
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")

STREAM_PATHS = ("/call-offs/events/",)

streams = get_asgi_application()
pages = WSGIMiddleware(get_wsgi_application(), workers=int(os.environ.get("WEB_THREADS") or 2))


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] in STREAM_PATHS:
        return await streams(scope, receive, send)
    return await pages(scope, receive, send)
