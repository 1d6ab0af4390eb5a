"""External links: checked concurrently and politely, with a cache on disk (run by
`check --external`, the only check that uses the network: the ExternalLinks check at the end).

- At most `per_host` requests at a time to one host, `concurrency` in all.
- HEAD first; GET when a server refuses HEAD.
- 429 and 503 are retried after the server's Retry-After (capped), other failures with backoff.
- Redirects are reported with the new address.
- mailto: and tel: addresses are checked for syntax, never contacted.
- Results with an HTTP answer are cached; a second run within the age limit makes no request.
- Bounded against hostile servers: each attempt has a total deadline, so does each address,
  and no body is ever read: the status is all we need.
- Never inside the network it runs in: every connection (a redirect's too) goes to an address
  checked when the host name was resolved, and a loopback, private, link-local, multicast,
  reserved or unspecified one is refused, unless its host is listed in `allow_private_hosts`.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import json
import math
import os
import re
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import httpcore
import httpx

from guide.checks.base import Check
from guide.content.urls import split_url
from guide.problems import Problem, Severity
from guide.texts import slug

EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,}[0-9]$")
MAX_RETRY_AFTER = 30.0  # seconds: a longer wait is reported, not waited for
MAX_REDIRECTS = 20
HEAD_REFUSED = {403, 405, 501}
NOT_WEB_ADDRESS = "not a valid web address"
USER_AGENT = "{site}-linkcheck/1.0 (+link check of a patient information site)"


def user_agent(site_name: str) -> str:
    """How the link check introduces itself to other websites: by the site's name, slugged."""
    return USER_AGENT.format(site=slug(site_name))


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
    user_agent: str = user_agent("")
    # Hosts (names, addresses or networks such as 10.0.0.0/8) that may be inside the network.
    allow_private_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # mkdocs.yml is validated where it is read; this guards every other caller. A limit of 0
        # would wait for ever, and a timeout of 0, infinity or NaN would be no deadline at all.
        rules = {
            "timeout_seconds": (0 < self.timeout_seconds < math.inf, "a number of seconds above 0"),
            "retries": (isinstance(self.retries, int) and self.retries >= 0, "a whole number, 0 or more"),
            "per_host": (isinstance(self.per_host, int) and self.per_host >= 1, "a whole number, 1 or more"),
            "concurrency": (isinstance(self.concurrency, int) and self.concurrency >= 1, "a whole number, 1 or more"),
            "cache_max_age_hours": (self.cache_max_age_hours >= 0, "a number of hours, 0 or more"),
            "backoff_seconds": (0 <= self.backoff_seconds < math.inf, "a number of seconds, 0 or more"),
        }
        for name, (valid, wanted) in rules.items():
            if not valid:
                raise ValueError(f"{name} must be {wanted}, not {getattr(self, name)!r}")
        HostPolicy(self.allow_private_hosts)  # raises ValueError for an entry that is no host


# Inside the network: what each kind of address is called in a message, in the order asked.
_NOT_PUBLIC = (
    ("is_unspecified", "unspecified"),
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_private", "private"),
    ("is_reserved", "reserved"),
)
REFUSED = "it leads to "  # how a refused address's error starts


def not_public(address: str) -> str | None:
    """What kind of address this is when it is not a public one ('loopback', 'private', ...),
    else None. An IPv4 address written as IPv6 (::ffff:127.0.0.1) counts as itself."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # fe80::1%eth0: the zone is not the address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for test, kind in _NOT_PUBLIC:
        if getattr(ip, test):
            return kind
    return None if ip.is_global else "non-public"


class HostPolicy:
    """Which hosts the link check may connect to: any public address, and the addresses of the
    hosts listed in allow_private_hosts (a name, an address or a network)."""

    def __init__(self, allowed: tuple[str, ...]):
        self.names: set[str] = set()
        self.networks: list = []
        for entry in allowed:
            if not isinstance(entry, str) or not entry.strip():
                raise ValueError(f"allow_private_hosts must list host names or addresses, not {entry!r}")
            try:
                self.networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                self.names.add(entry.strip().lower().rstrip("."))

    def refusal(self, host: str, address: str) -> str | None:
        """Why the link check may not connect to address (which host resolved to), or None."""
        kind = not_public(address)
        if kind is None or host.lower().rstrip(".") in self.names:
            return None
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip in network for network in self.networks if network.version == ip.version):
            return None
        shown = host if host == address else f"{host} ({address})"
        return f"{REFUSED}{shown}, a {kind} address, which the link check does not visit"


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with every connection checked: the host name is resolved here,
    every address it has is judged, and the connection goes to one of those addresses (so a
    name cannot resolve to another address between the check and the connection)."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, policy: HostPolicy):
        self.inner, self.policy = inner, policy

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(f"cannot find {host} ({err})") from err
        addresses = list(dict.fromkeys(info[4][0] for info in found))
        for address in addresses:
            if reason := self.policy.refusal(host, address):
                raise httpcore.ConnectError(reason)
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                error = err
        raise error

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("the link check connects to web addresses only")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def _guarded_transport(options: LinkCheckOptions) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=options.concurrency), trust_env=False)
    # httpx does not pass a network backend on to its pool: it is set on the pool it made.
    pool = transport._pool
    if not isinstance(pool, httpcore.AsyncConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx's transport no longer holds an httpcore connection pool: update _guarded_transport")
    pool._network_backend = _GuardedBackend(pool._network_backend, HostPolicy(options.allow_private_hosts))
    return transport


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
    if value.isascii() and value.isdigit():  # "²".isdigit() is true, but not a number for float()
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default


_RESULT_FIELDS = {"url", "ok", "status", "final_url", "error"}


def _valid_entry(url: str, entry: object) -> bool:
    """Whether a cache entry is exactly what put() writes; the file may be corrupt or edited."""
    if not isinstance(entry, dict) or entry.keys() != {"checked_at", "result"}:
        return False
    checked_at, result = entry["checked_at"], entry["result"]
    # type() rather than isinstance(): JSON's true and false are ints to isinstance().
    return (
        type(checked_at) in (int, float)
        and math.isfinite(checked_at)
        and isinstance(result, dict)
        and result.keys() == _RESULT_FIELDS
        and result["url"] == url
        and type(result["ok"]) is bool
        and type(result["status"]) is int
        and 100 <= result["status"] <= 599
        and (result["final_url"] is None or type(result["final_url"]) is str)
        and type(result["error"]) is str
    )


class LinkCache:
    """url -> result and when it was checked, in one JSON file."""

    def __init__(self, path: Path, max_age_hours: float, now: Callable[[], float] = time.time):
        self.path, self.max_age, self.now = path, max_age_hours * 3600, now
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: [[[[... nested too deep
            loaded = {}
        if not isinstance(loaded, dict):
            loaded = {}
        # Bad entries are dropped: they are checked again and the file is rebuilt on save().
        self.entries = {url: entry for url, entry in loaded.items() if _valid_entry(url, entry)}

    def get(self, url: str) -> LinkResult | None:
        entry = self.entries.get(url)
        # An entry from the future (the clock moved, or the file was edited) is not trusted either.
        if entry is None or not 0 <= self.now() - entry["checked_at"] <= self.max_age:
            return None
        return LinkResult(**entry["result"])

    def put(self, result: LinkResult) -> None:
        if result.status is not None:  # no answer (timeout, refused) is worth asking again
            self.entries[result.url] = {"checked_at": self.now(), "result": asdict(result)}

    def save(self) -> None:
        # A new file beside the old, then one rename: a run killed mid-write leaves the old cache
        # whole, never half a file.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(self.entries, file, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _is_web_address(url: str) -> bool:
    """An http(s) address with a host, which httpx can send a request to."""
    parts = split_url(url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    try:
        httpx.URL(url).host  # noqa: B018 - raises for a host it cannot encode, e.g. 'xn--'
    except (httpx.InvalidURL, ValueError):
        return False
    return True


class _Checker:
    def __init__(self, client: httpx.AsyncClient, options: LinkCheckOptions, on_done: Callable[[], None]):
        self.client, self.options, self.on_done = client, options, on_done
        self.all = asyncio.Semaphore(options.concurrency)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.requests = 0
        # The most one address can take: every attempt (one more when HEAD is refused) at its
        # deadline, every wait at its cap, and a second to spare. A backstop: _check keeps to it.
        self.url_seconds = (options.retries + 2) * options.timeout_seconds + options.retries * MAX_RETRY_AFTER + 1

    async def check(self, url: str) -> LinkResult:
        host = split_url(url).hostname  # lowercase already
        per_host = self.hosts.setdefault(host, asyncio.Semaphore(self.options.per_host))
        try:
            # The slots are held through the retries and their waits, so the deadline counts
            # the address's own time, not its turn in the queue. Host first: an address waiting
            # for a busy host must not hold a slot that other hosts could use.
            async with per_host, self.all, asyncio.timeout(self.url_seconds):
                return await self._check(url)
        except TimeoutError:
            return LinkResult(url, False, None, error=f"no answer within {self.url_seconds:g} seconds")
        finally:
            self.on_done()

    async def request(self, method: str, url: str) -> tuple[httpx.Response, str | None]:
        """The answer after redirects, and its address when it was redirected.

        One deadline for the whole exchange: httpx's timeout bounds each read, so a server
        sending a byte a second would never end. No body is read: the status is all we need,
        and a body may be endless. Redirects are followed here, as httpx reads their bodies."""
        self.requests += 1
        async with asyncio.timeout(self.options.timeout_seconds):
            request = self.client.build_request(method, url)
            for redirects in range(MAX_REDIRECTS + 1):
                response = await self.client.send(request, stream=True)
                await response.aclose()
                if response.next_request is None:  # set only when the answer redirects
                    return response, (str(response.url) if redirects else None)
                request = response.next_request
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", request=request)

    async def _check(self, url: str) -> LinkResult:
        error = ""
        method = "HEAD"
        attempt = 0
        while attempt <= self.options.retries:
            # Capped: 2 ** attempt grows past any float and any sensible wait.
            wait = min(self.options.backoff_seconds * 2 ** min(attempt, 16), MAX_RETRY_AFTER)
            try:
                response, final = await self.request(method, url)
            except (httpx.TimeoutException, TimeoutError):
                error = f"no answer within {self.options.timeout_seconds:g} seconds"
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as err:
                if str(err).startswith(REFUSED):  # no retry: the address will not change
                    return LinkResult(url, False, None, error=str(err))
                # ValueError: a redirect to a host httpx cannot encode raises idna's error.
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
                    ok = response.status_code < 400
                    return LinkResult(
                        url, ok, response.status_code, final, "" if ok else f"HTTP {response.status_code}"
                    )
            attempt += 1
            if attempt <= self.options.retries:
                await asyncio.sleep(wait)
        return LinkResult(url, False, None, error=error)


async def _check_all(urls: list[str], options: LinkCheckOptions, on_done) -> tuple[dict, int]:
    timeout = httpx.Timeout(options.timeout_seconds)
    async with httpx.AsyncClient(
        timeout=timeout,
        transport=_guarded_transport(options),
        trust_env=False,
        headers={"User-Agent": options.user_agent},
    ) as client:
        checker = _Checker(client, options, on_done)
        results = await asyncio.gather(*(checker.check(u) for u in urls))
    return {r.url: r for r in results}, checker.requests


def check_external_links(
    urls: list[str], options: LinkCheckOptions, cache: LinkCache, on_done: Callable[[], None] = lambda: None
) -> ExternalReport:
    results: dict[str, LinkResult] = {}
    to_fetch, ignored, from_cache = [], [], 0
    for url in sorted(set(urls)):
        if (syntax := syntax_result(url)) is not None:
            results[url] = syntax
        elif not _is_web_address(url):
            results[url] = LinkResult(url, False, None, error=NOT_WEB_ADDRESS)
        elif split_url(url).hostname in options.ignore_hosts:
            ignored.append(url)
        elif (cached := cache.get(url)) is not None:
            results[url] = cached
            from_cache += 1
        else:
            to_fetch.append(url)
            continue
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
    elif result.error.startswith(REFUSED):
        kind, what = "external-broken", f"The link '{result.url}' is not checked: {result.error}."
        fix = (
            "Link to the public address of the page; if the host is meant to be reached, list it in "
            "the guide plugin's external: allow_private_hosts setting in mkdocs.yml."
        )
    else:
        kind, what = "external-broken", f"The link '{result.url}' is broken ({result.error})."
        fix = "Open it in a browser; update the address or remove the link."
    return [Problem(kind, path, line, what, fix) for path, line in places]


class ExternalLinks(Check):
    kinds = {
        "external-broken": Severity.ERROR,
        "external-redirect": Severity.WARN,
        "external-syntax": Severity.ERROR,
    }
