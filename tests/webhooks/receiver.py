"""A real HTTP receiver on 127.0.0.1 (a free port) that answers from a script: each request
takes the next (status, delay) and the last one repeats. It keeps what it was sent."""

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    url: str
    script: list = field(default_factory=lambda: [(200, 0)])
    received: list = field(default_factory=list)

    def answer(self, *steps):
        """Each step is a status, or (status, seconds to wait first)."""
        self.script = [s if isinstance(s, tuple) else (s, 0) for s in steps]


@contextmanager
def running_receiver():
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received(self.path, dict(self.headers), body))
            status, delay = state.script.pop(0) if len(state.script) > 1 else state.script[0]
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"boom " * 200)
            except OSError:
                pass  # the client stopped waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/rantai"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
