"""A real browser: Playwright driving the system's Chromium, what a page asks for, and the search."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from guide.outputs.browser import LAUNCH_ARGS, ensure_browser


def chromium_path() -> str:
    """The Chromium to drive (see guide.browser for where it looks); looked up when asked for,
    never at import."""
    return ensure_browser(install=False)


@contextmanager
def chromium() -> Iterator:
    """One headless Chromium (Playwright's sync API) for as long as the block lasts.

    While it is open, Playwright keeps an asyncio event loop marked as running in this thread:
    asyncio.run() here fails until the block ends. Run code that starts its own event loop in
    another thread (tests: the `own_thread` mark)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class RequestLog:
    """Every address a page asked for, to prove that nothing left the bundle or the host."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def outside(self, allowed_prefix: str) -> list[str]:
        return [
            u for u in self.urls if not u.startswith(allowed_prefix) and not u.startswith(("data:", "blob:", "about:"))
        ]


def search(page, start_url: str, query: str) -> list[str]:
    """Type a query into the site's search, as a person would; return the result links. (The
    count is in the page's language: Material's labels on a Spanish page are Spanish.)"""
    page.goto(start_url)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query, delay=25)
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return document.querySelector('input.md-search__input').value === q"
        " && m && /matching document|documento/.test(m.textContent); }",
        arg=query,
        timeout=15000,
    )
    page.wait_for_timeout(400)  # the list is drawn after the count
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))")
