"""Local HTTP servers that answer like the web does, for the external link checker.

* :func:`link_server` - one path per behaviour (moved, missing, busy, slow, endless, huge ...),
  counting the requests it gets: for the tests.
* :func:`many_pages_server` - /page/N for any N, with a mix of answers and delays: for the
  benchmarks.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HUGE = 256 * 1024 * 1024  # bytes in the body of /huge and /moved-huge, sent a little at a time
DRIP_FOR = 30.0  # seconds: for ever next to the timeouts here, yet a checker that waits fails its test


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def _answer(self, send_body: bool):
        server = self.server
        path = urlsplit(self.path).path
        server.requests[path] += 1
        server.methods[(self.command, path)] += 1
        if path == "/slow":
            time.sleep(server.slow_seconds)
        if path == "/drip":
            return self._drip()
        huge = path in ("/huge", "/moved-huge")
        status, headers = 200, {}
        if path in ("/no-head", "/huge", "/moved-huge") and self.command == "HEAD":
            status = 405  # so that the checker asks with GET, which has a body
        elif path in ("/moved", "/moved-huge"):
            status, headers = 301, {"Location": "/ok"}
        elif path == "/to-metadata":  # a cloud machine's own metadata service: link-local
            status, headers = 302, {"Location": "http://169.254.169.254/latest/meta-data/"}
        elif path == "/to-other-loopback":
            status, headers = 302, {"Location": f"http://127.0.0.2:{server.server_address[1]}/ok"}
        elif path == "/moved-nowhere":
            status, headers = 301, {"Location": "http://xn--/"}  # a host that cannot be encoded
        elif path == "/missing":
            status = 404
        elif path == "/busy" and server.requests[path] == 1:
            status, headers = 429, {"Retry-After": "1"}
        body = b"<p>hello</p>"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(HUGE if huge else len(body)))
        self.end_headers()
        if send_body and huge:
            self._send_lazily(path, HUGE)
        elif send_body:
            self.wfile.write(body)

    def _send_lazily(self, path: str, size: int):
        """size bytes, 64 KiB at a time, never held in memory; counted in body_bytes_sent."""
        chunk = b"x" * 65536
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
                self.server.body_bytes_sent[path] += len(chunk)
        except OSError:  # the client has gone: it read what it wanted
            pass

    def _drip(self):
        """A status line, then one byte of a header every drip_seconds: the answer never ends."""
        server = self.server
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
        give_up = time.monotonic() + DRIP_FOR
        try:
            while not server.stopping.wait(server.drip_seconds) and time.monotonic() < give_up:
                self.wfile.write(b"x")
        except OSError:  # the client has gone
            pass

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@contextmanager
def link_server(slow_seconds: float = 3.0, drip_seconds: float = 0.5):
    """Yields (server, base address). The server counts requests by path (``requests``), by
    method and path (``methods``) and the body bytes it sent (``body_bytes_sent``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = Counter()
    server.methods = Counter()
    server.body_bytes_sent = Counter()
    server.slow_seconds = slow_seconds
    server.drip_seconds = drip_seconds
    server.stopping = threading.Event()
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def refused_address() -> str:
    """An address on this machine where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


class _ManyPagesHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, body: bool):
        self.server.requests += 1
        number = int(re.sub(r"\D", "", self.path) or 0)
        time.sleep((number % 5) * 0.04)  # 0 to 160 ms
        status = {0: 200, 1: 200, 2: 200, 3: 404, 4: 301}[number % 5] if number % 50 else 503
        self.send_response(status)
        if status == 301:
            self.send_header("Location", f"/page/{number + 1}")
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@contextmanager
def many_pages_server():
    """/page/N for any N, answered 0 to 160 ms late: one in five is missing (404), one in five
    moved to /page/N+1, every fiftieth busy (503), the rest fine. Yields (server, base address);
    ``server.requests`` counts every request."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _ManyPagesHandler)
    server.requests = 0
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
