"""A real browser for the tests: Playwright driving the system's Chromium, and a local server."""

from __future__ import annotations

import functools
import tempfile
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from guide.browser import LAUNCH_ARGS, ensure_browser


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=ensure_browser(install=False),
                                             args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path, path: str = "", handler: type = _QuietHandler):
    """Serve a folder on 127.0.0.1 at a free port, under /path/ (as GitHub Pages serves a
    project site); yields the base address. bench/reader serves with its own handler."""
    with tempfile.TemporaryDirectory(prefix="serve-") as mount:
        root = folder
        if path:
            root = Path(mount)
            (root / path).symlink_to(folder.resolve(), target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{path}/" if path else "")
        finally:
            server.shutdown()
            server.server_close()


class RequestLog:
    """Every address a page asked for, to prove that nothing left the bundle or the host."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def outside(self, allowed_prefix: str) -> list[str]:
        return [u for u in self.urls
                if not u.startswith(allowed_prefix) and not u.startswith(("data:", "blob:", "about:"))]


def search(page, start_url: str, query: str) -> list[str]:
    """Type a query into the site's search, as a person would; return the result links."""
    page.goto(start_url)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query, delay=25)
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return document.querySelector('input.md-search__input').value === q"
        " && m && /matching document/.test(m.textContent); }", arg=query, timeout=15000)
    page.wait_for_timeout(400)  # the list is drawn after the count
    return page.eval_on_selector_all(".md-search-result__item > a",
                                     "els => els.map(e => e.getAttribute('href'))")
