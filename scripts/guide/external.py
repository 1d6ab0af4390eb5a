"""External links: checked concurrently and politely, with a cache on disk.

- At most `per_host` requests at a time to one host, `concurrency` in all.
- HEAD first; GET when a server refuses HEAD.
- 429 and 503 are retried after the server's Retry-After (capped), other failures with backoff.
- Redirects are reported with the new address.
- mailto: and tel: addresses are checked for syntax, never contacted.
- Results with an HTTP answer are cached; a second run within the age limit makes no request.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import httpx

from .problems import Problem

EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,}[0-9]$")
MAX_RETRY_AFTER = 30.0  # seconds: a longer wait is reported, not waited for
HEAD_REFUSED = {403, 405, 501}
USER_AGENT = "ms-treatment-guide-linkcheck/1.0 (+link check of a patient information site)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status: int | None  # HTTP status, or None when no answer came
    final_url: str | None = None  # set when the address redirects
    error: str = ""

    @property
    def redirected(self) -> bool:
        return bool(self.final_url) and self.final_url != self.url


@dataclass(frozen=True)
class LinkCheckOptions:
    timeout_seconds: float = 10
    retries: int = 2
    per_host: int = 2
    concurrency: int = 16
    cache_max_age_hours: float = 24
    ignore_hosts: tuple[str, ...] = ()
    backoff_seconds: float = 0.5


@dataclass
class ExternalReport:
    results: dict[str, LinkResult]
    requests_made: int
    from_cache: int
    ignored: list[str]


def syntax_result(url: str) -> LinkResult | None:
    """mailto: and tel: are judged by their syntax alone."""
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if scheme == "mailto":
        address = rest.split("?", 1)[0]
        ok = all(EMAIL.match(a.strip()) for a in address.split(",")) and bool(address)
        return LinkResult(url, ok, None, error="" if ok else "not a valid e-mail address")
    if scheme == "tel":
        ok = bool(PHONE.match(rest))
        return LinkResult(url, ok, None, error="" if ok else "not a valid phone number")
    return None


def retry_after_seconds(value: str | None, default: float) -> float:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default


class LinkCache:
    """url -> result and when it was checked, in one JSON file."""

    def __init__(self, path: Path, max_age_hours: float, now: Callable[[], float] = time.time):
        self.path, self.max_age, self.now = path, max_age_hours * 3600, now
        try:
            self.entries = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def get(self, url: str) -> LinkResult | None:
        entry = self.entries.get(url)
        if not entry or self.now() - entry["checked_at"] > self.max_age:
            return None
        return LinkResult(**entry["result"])

    def put(self, result: LinkResult) -> None:
        if result.status is not None:  # no answer (timeout, refused) is worth asking again
            self.entries[result.url] = {"checked_at": self.now(), "result": asdict(result)}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")


class _Checker:
    def __init__(self, client: httpx.AsyncClient, options: LinkCheckOptions, on_done: Callable[[], None]):
        self.client, self.options, self.on_done = client, options, on_done
        self.all = asyncio.Semaphore(options.concurrency)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.requests = 0

    async def request(self, method: str, url: str) -> httpx.Response:
        host = urlsplit(url).netloc.lower()
        per_host = self.hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        async with self.all, per_host:
            self.requests += 1
            return await self.client.request(method, url, follow_redirects=True)

    async def check(self, url: str) -> LinkResult:
        try:
            return await self._check(url)
        finally:
            self.on_done()

    async def _check(self, url: str) -> LinkResult:
        error = ""
        method = "HEAD"
        attempt = 0
        while attempt <= self.options.retries:
            wait = self.options.backoff_seconds * (2 ** attempt)
            try:
                response = await self.request(method, url)
            except httpx.TimeoutException:
                error = f"no answer within {self.options.timeout_seconds:g} seconds"
            except (httpx.HTTPError, httpx.InvalidURL) as err:
                error = f"cannot connect ({type(err).__name__})"
            else:
                if method == "HEAD" and response.status_code in HEAD_REFUSED:
                    method = "GET"  # some servers refuse HEAD; ask again for the page itself
                    continue
                if response.status_code in (429, 503):
                    wait = retry_after_seconds(response.headers.get("Retry-After"), wait)
                    error = f"HTTP {response.status_code}"
                    if wait > MAX_RETRY_AFTER or attempt == self.options.retries:
                        return LinkResult(url, False, response.status_code, error=error)
                else:
                    final = str(response.url) if response.history else None
                    ok = response.status_code < 400
                    return LinkResult(url, ok, response.status_code, final,
                                      "" if ok else f"HTTP {response.status_code}")
            attempt += 1
            if attempt <= self.options.retries:
                await asyncio.sleep(wait)
        return LinkResult(url, False, None, error=error)


async def _check_all(urls: list[str], options: LinkCheckOptions, on_done) -> tuple[dict, int]:
    timeout = httpx.Timeout(options.timeout_seconds)
    limits = httpx.Limits(max_connections=options.concurrency)
    async with httpx.AsyncClient(timeout=timeout, limits=limits, trust_env=False,
                                 headers={"User-Agent": USER_AGENT}) as client:
        checker = _Checker(client, options, on_done)
        results = await asyncio.gather(*(checker.check(u) for u in urls))
    return {r.url: r for r in results}, checker.requests


def check_external_links(urls: list[str], options: LinkCheckOptions, cache: LinkCache,
                         on_done: Callable[[], None] = lambda: None) -> ExternalReport:
    results: dict[str, LinkResult] = {}
    to_fetch, ignored, from_cache = [], [], 0
    for url in sorted(set(urls)):
        host = (urlsplit(url).hostname or "").lower()
        if (syntax := syntax_result(url)) is not None:
            results[url] = syntax
        elif host in options.ignore_hosts:
            ignored.append(url)
        elif (cached := cache.get(url)) is not None:
            results[url] = cached
            from_cache += 1
        else:
            to_fetch.append(url)
        if url not in to_fetch:
            on_done()
    requests = 0
    if to_fetch:
        fetched, requests = asyncio.run(_check_all(to_fetch, options, on_done))
        for result in fetched.values():
            cache.put(result)
        results.update(fetched)
        cache.save()
    return ExternalReport(results, requests, from_cache, ignored)


def problems_for(result: LinkResult, places: list[tuple[str, int]]) -> list[Problem]:
    """One problem per place the link appears."""
    if result.ok and not result.redirected:
        return []
    if result.ok:
        kind, what = "external-redirect", f"The link '{result.url}' redirects to '{result.final_url}'."
        fix = "Replace it with the new address."
    elif result.status is None and result.url.split(":", 1)[0].lower() in ("mailto", "tel"):
        kind, what = "external-syntax", f"The link '{result.url}' is {result.error}."
        fix = "Correct the address."
    else:
        kind, what = "external-broken", f"The link '{result.url}' is broken ({result.error})."
        fix = "Open it in a browser; update the address or remove the link."
    return [Problem(kind, path, line, what, fix) for path, line in places]
