"""A built site on 127.0.0.1, under /path/ as GitHub Pages serves a project site."""

from __future__ import annotations

import functools
import gzip
import io
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# What GitHub Pages sends gzipped.
_GZIP_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "application/manifest+json",
)


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, with nothing printed per request."""

    def log_message(self, *args) -> None:
        pass


class PagesLikeHandler(QuietHandler):
    """Static files as GitHub Pages sends them: text gzipped, Cache-Control: max-age=600
    (what a reader's browser gets, for measuring page loads)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash form
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if not os.path.isfile(path) or not ctype.startswith(_GZIP_TYPES):
            return super().send_head()
        body = _gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


@contextmanager
def serve(folder: Path, path: str = "", pages_like: bool = False) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port, under /path/ (as GitHub Pages serves a
    project site); yields the base address, ``http://127.0.0.1:PORT/path/``. With
    ``pages_like``, text is sent gzipped with ``Cache-Control: max-age=600``, as Pages does."""
    handler = PagesLikeHandler if pages_like else QuietHandler
    with tempfile.TemporaryDirectory(prefix="serve-") as mount:
        root = Path(folder)
        if path:
            # The folder appears under /path/ through a link: nothing is copied.
            root = Path(mount)
            (root / path).symlink_to(Path(folder).resolve(), target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{path}/" if path else "")
        finally:
            server.shutdown()
            server.server_close()
