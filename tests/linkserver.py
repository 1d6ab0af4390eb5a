"""A local HTTP server with one path per behaviour, counting the requests it gets."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


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
        status, headers = 200, {}
        if path == "/moved":
            status, headers = 301, {"Location": "/ok"}
        elif path == "/missing":
            status = 404
        elif path == "/busy" and server.requests[path] == 1:
            status, headers = 429, {"Retry-After": "1"}
        elif path == "/no-head" and self.command == "HEAD":
            status = 405
        body = b"<p>hello</p>"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(False)

    def do_GET(self):
        self._answer(True)


@contextmanager
def link_server(slow_seconds: float = 3.0):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.requests = Counter()
    server.methods = Counter()
    server.slow_seconds = slow_seconds
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def refused_address() -> str:
    """An address on this machine where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
