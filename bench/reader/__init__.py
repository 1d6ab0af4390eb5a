"""Measure what a reader of a built MkDocs (Material) site feels.

Four measurements, each returning plain dicts and lists for another script to turn into tables:

* :func:`lighthouse` - Lighthouse scores and failing audits for every page, served over HTTP
  under ``/guide/`` the way GitHub Pages serves the project site (gzip, ``max-age=600``).
* :func:`page_weight` - the bytes each page costs: its HTML and the CSS, JS, images, fonts and
  search files it loads, raw and gzip -9, with medians across pages.
* :func:`search_latency` - how long the site search takes, in a real Chromium over ``file://``,
  from the first keystroke to the final results list, and every request it made outside the bundle.
* :func:`search_accuracy` - whether the search puts the right page first for each query of the
  guide's test set (``tests/search_queries.yml``), over ``file://`` and on localhost.

Nothing here runs at import; nothing touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit

_ROOT = Path(__file__).resolve().parent.parent.parent
for _folder in ("scripts", "tests"):  # the guide's browser finder and the tests' local server
    if str(_ROOT / _folder) not in sys.path:
        sys.path.insert(0, str(_ROOT / _folder))

import browsing  # noqa: E402
from guide.browser import LAUNCH_ARGS, find_browser  # noqa: E402

__all__ = [
    "CHROME_FLAGS", "CATEGORIES", "serve", "site_pages", "lighthouse", "page_weight", "zip_size",
    "search_latency", "load_queries", "first_hits", "accuracy", "search_accuracy", "page_of",
]

#: Chromium for Lighthouse and Playwright.
CHROMIUM = find_browser() or "/usr/bin/chromium"
#: Flags for headless Chromium as root on a machine without a network.
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
#: Lighthouse categories, in report order.
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Audits whose score says nothing about pass or fail.
_NEUTRAL_MODES = {"informative", "notApplicable", "manual", "error"}
#: Files that servers send as they are (already compressed): their "gzip" size is their size.
_PRECOMPRESSED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".woff", ".woff2", ".gz",
                  ".zip", ".ico", ".mp4", ".webm", ".pdf"}
_GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
               "application/xml", "application/manifest+json")
_FONT_EXT = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"}


# --------------------------------------------------------------------------------------------
# Serving


class _Handler(SimpleHTTPRequestHandler):
    """Static files, optionally as GitHub Pages sends them: gzip for text, max-age=600."""

    pages_like = True

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        if self.pages_like:
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        if not self.pages_like or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash form
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if not os.path.isfile(path) or not ctype.startswith(_GZIP_TYPES):
            return super().send_head()
        body = _gzip_cached(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzip_cached(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


@contextmanager
def serve(folder: Path, path: str = "guide", pages_like: bool = True) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port under ``/path/``; yield the base address
    (``http://127.0.0.1:PORT/path/``). With ``pages_like`` (the default) text is sent gzipped
    with ``Cache-Control: max-age=600``, as GitHub Pages does."""
    handler = type("Handler", (_Handler,), {"pages_like": pages_like})
    with browsing.serve(Path(folder), path, handler) as base:
        yield base


def site_pages(site_dir: Path) -> list[Path]:
    """Every page of a built site: each .html file except 404.html, as paths relative to
    ``site_dir``, in a stable order (the home page first)."""
    pages = [p.relative_to(site_dir) for p in site_dir.rglob("*.html")
             if p.name != "404.html" and "node_modules" not in p.parts]
    return sorted(pages, key=lambda p: (len(p.parts) > 1 or p.name != "index.html", str(p)))


def _page_url_path(page: Path) -> str:
    """The address of a page relative to the site root: ``relapses/`` for
    ``relapses/index.html``, ``""`` for the home page, ``x.html`` for other files."""
    posix = page.as_posix()
    if page.name == "index.html":
        return posix[: -len("index.html")]
    return posix


# --------------------------------------------------------------------------------------------
# 1. Lighthouse


def _summarise_item(item: dict[str, Any]) -> dict[str, Any]:
    """The useful part of one row of an audit's details: the element or the file, and why."""
    out: dict[str, Any] = {}
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node is None and item.get("type") == "node":
        node = item
    if node:
        out["selector"] = node.get("selector")
        out["snippet"] = node.get("snippet")
        if node.get("nodeLabel"):
            out["label"] = node.get("nodeLabel")
        if node.get("explanation"):
            out["why"] = node.get("explanation")
    for key in ("url", "source", "description", "wastedMs", "wastedBytes", "totalBytes",
                "duration", "total", "label", "value", "failureReason", "reason", "issueType",
                "contrastRatio", "expectedContrastRatio", "fontSize"):
        value = item.get(key)
        if value is None or key in out:
            continue
        if isinstance(value, dict):  # e.g. source-location, or {type: 'text', value: ...}
            value = value.get("url") or value.get("value") or value.get("formattedDefault") \
                or json.dumps(value)[:200]
        if isinstance(value, float):
            value = round(value, 1)
        out[key] = value
    sub = item.get("subItems", {}).get("items") if isinstance(item.get("subItems"), dict) else None
    if sub:
        out["sub"] = [_summarise_item(s) for s in sub[:5]]
    return out


def _audit_details(audit: dict[str, Any], limit: int = 10) -> list[dict[str, Any]]:
    details = audit.get("details") or {}
    items = details.get("items") or []
    if details.get("type") == "list":  # a list of tables (e.g. insights)
        flat: list[dict[str, Any]] = []
        for sub in items:
            if isinstance(sub, dict):
                flat.extend(sub.get("items") or [])
        items = flat
    return [_summarise_item(i) for i in items[:limit] if isinstance(i, dict)]


def _parse_report(report: dict[str, Any], path: str, form_factor: str) -> dict[str, Any]:
    """One page's scores, key metrics and failing audits from a Lighthouse JSON report."""
    audits = report["audits"]
    row: dict[str, Any] = {"path": path, "form_factor": form_factor}
    for cat in CATEGORIES:
        score = report["categories"].get(cat, {}).get("score")
        row[cat] = None if score is None else round(score * 100)
    row["metrics"] = {
        m: audits[m].get("displayValue") for m in (
            "first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
            "cumulative-layout-shift", "speed-index") if m in audits
    }
    failing: list[dict[str, Any]] = []
    for cat in CATEGORIES:
        if row[cat] is None or row[cat] >= 100:
            continue
        for ref in report["categories"][cat]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            if audit.get("scoreDisplayMode") in _NEUTRAL_MODES:
                continue
            score = audit.get("score")
            if score is None or score >= 1:
                continue
            failing.append({
                "category": cat, "id": ref["id"], "title": audit.get("title"),
                "score": score, "weight": ref.get("weight", 0),
                "display": audit.get("displayValue"),
                "details": _audit_details(audit),
            })
    row["failing"] = failing
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    row["requests"] = len(requests)
    row["outside_requests"] = sorted({
        r["url"] for r in requests
        if not r["url"].startswith(("http://127.0.0.1", "data:", "blob:", "chrome-extension:"))
    })
    if report.get("runtimeError"):
        row["runtime_error"] = report["runtimeError"]
    if report.get("runWarnings"):
        row["warnings"] = report["runWarnings"]
    return row


def lighthouse(site_dir: Path, lighthouse_bin: Path, desktop: bool = True,
               pages_like: bool = True, timeout: float = 180, runs: int = 3) -> list[dict]:
    """Run the Lighthouse CLI ``runs`` times on every page of ``site_dir`` served under
    ``/guide/``, and keep the run with the median performance score (as Lighthouse advises:
    its scores vary from run to run).

    Each page is audited with the mobile preset (Lighthouse's default) and, when ``desktop``,
    with ``--preset=desktop``. ``pages_like`` serves it as GitHub Pages does (gzip, max-age=600).
    Returns one dict per page and form factor: ``path`` (e.g. ``/guide/relapses/``),
    ``form_factor``, the four category scores (0-100), ``metrics`` (display values),
    ``failing`` (for each category under 100: the audits scoring under 1 that count, with id,
    title, score, weight, display value and the elements or files at fault), ``requests`` and
    ``outside_requests`` (any request that was not to 127.0.0.1: should be empty),
    ``seconds`` (how long the run took) and ``performance_runs`` (every run's score).
    """
    site_dir = Path(site_dir)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    rows: list[dict] = []
    with serve(site_dir, "guide", pages_like=pages_like) as base:
        for page in site_pages(site_dir):
            rel = _page_url_path(page)
            for form_factor in (("mobile", "desktop") if desktop else ("mobile",)):
                command = [str(lighthouse_bin), base + rel, "--output=json", "--quiet",
                           f"--chrome-flags={CHROME_FLAGS}",
                           "--only-categories=" + ",".join(CATEGORIES)]
                if form_factor == "desktop":
                    command.append("--preset=desktop")
                path = "/guide/" + rel
                measured = []
                for _ in range(runs):
                    start = time.monotonic()
                    done = subprocess.run(command, env=env, capture_output=True, text=True,
                                          timeout=timeout)
                    seconds = round(time.monotonic() - start, 1)
                    if done.returncode != 0 or not done.stdout.strip():
                        measured = [{"path": path, "form_factor": form_factor, "seconds": seconds,
                                     "error": (done.stderr or done.stdout)[-2000:]}]
                        break
                    row = _parse_report(json.loads(done.stdout), path, form_factor)
                    row["seconds"] = seconds
                    measured.append(row)
                scores = [m.get("performance") or 0 for m in measured]
                median = sorted(measured, key=lambda m: m.get("performance") or 0)[len(measured) // 2]
                rows.append({**median, "performance_runs": scores})
    return rows


# --------------------------------------------------------------------------------------------
# 2. Page weight


class _Assets(HTMLParser):
    """Collects what a page loads: stylesheets, scripts, images, icons and Material's config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, reference)
        self._in_config = False
        self.config_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "link":
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel and a.get("href"):
                self.refs.append(("css", a["href"]))
            elif rel & {"icon", "shortcut"} and a.get("href"):
                self.refs.append(("img", a["href"]))
            elif rel & {"preload", "modulepreload"} and a.get("href"):
                kind = {"style": "css", "script": "js", "font": "font", "image": "img"}.get(
                    a.get("as", ""), "js" if "modulepreload" in rel else "other")
                self.refs.append((kind, a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.refs.append(("js", a["src"]))
            elif a.get("id") == "__config":
                self._in_config = True
        elif tag in ("img", "source") and (a.get("src") or a.get("srcset")):
            src = a.get("src") or a["srcset"].split(",")[0].strip().split(" ")[0]
            if a.get("loading", "") != "lazy" or tag == "img":
                self.refs.append(("img", src))
        elif tag in ("video", "audio") and a.get("poster"):
            self.refs.append(("img", a["poster"]))

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False


def _gzip_size(file: Path) -> int:
    if file.suffix.lower() in _PRECOMPRESSED:
        return file.stat().st_size
    return len(gzip.compress(file.read_bytes(), compresslevel=9))


def _resolve(site_dir: Path, page_url: str, ref: str) -> Path | str | None:
    """A reference from a page (``page_url`` is its address from the site root, with a leading
    slash) to a file in ``site_dir``; the URL itself when it leaves the site; None for data:."""
    if ref.startswith(("data:", "blob:", "javascript:", "#")):
        return None
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https") or ref.startswith("//"):
        return ref
    target = unquote(urlsplit(urljoin(page_url, ref)).path).lstrip("/")
    candidates = [site_dir / target]
    if "/" in target:  # an absolute path that names the site's base (/guide/...)
        candidates.append(site_dir / target.split("/", 1)[1])
    for c in candidates:
        if c.is_dir():
            c = c / "index.html"
        if c.is_file():
            return c
    return ref


def _css_fonts(css: Path) -> list[Path]:
    """Local font files named in a stylesheet's @font-face rules (the most it could load)."""
    out = []
    text = css.read_text(encoding="utf-8", errors="replace")
    for block in re.findall(r"@font-face\s*{[^}]*}", text):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", block):
            if ref.startswith("data:") or "://" in ref:
                continue
            target = (css.parent / unquote(ref.split("?")[0].split("#")[0])).resolve()
            if target.is_file() and target.suffix.lower() in _FONT_EXT:
                out.append(target)
    return out


def _page_assets(site_dir: Path, page: Path) -> tuple[dict[Path, str], list[str]]:
    """Files one page loads, each with its kind; and the external URLs it names."""
    page_url = "/" + page.as_posix()
    parser = _Assets()
    parser.feed((site_dir / page).read_text(encoding="utf-8", errors="replace"))
    files: dict[Path, str] = {}
    external: list[str] = []

    def add(kind: str, ref: str) -> None:
        found = _resolve(site_dir, page_url, ref)
        if isinstance(found, Path):
            ext = found.suffix.lower()
            if ext in _FONT_EXT:
                kind = "font"
            elif ext in _IMAGE_EXT and kind == "other":
                kind = "img"
            files.setdefault(found.resolve(), kind)
        elif isinstance(found, str):
            external.append(found)

    for kind, ref in parser.refs:
        add(kind, ref)
    for css in [f for f, k in files.items() if k == "css"]:
        for font in _css_fonts(css):
            files.setdefault(font, "font")
    # Material for MkDocs: the search worker and the index it fetches on every page load.
    if parser.config_text.strip():
        try:
            config = json.loads(parser.config_text)
        except ValueError:
            config = {}
        base = urljoin(page_url, (config.get("base") or ".").rstrip("/") + "/")
        if config.get("search"):
            add("search", urljoin(base, config["search"]))
            for name in ("search/search_index.json", "search/search_index.js"):
                if (site_dir / urljoin(base, name).lstrip("/")).is_file():
                    add("search", urljoin(base, name))
                    break
    return files, external


def page_weight(site_dir: Path) -> dict:
    """What each page of a built MkDocs site costs a reader in bytes, raw and gzip -9.

    For each page (every .html except 404.html): its HTML, plus the stylesheets, scripts, images
    (incl. the favicon), fonts (local @font-face files of its stylesheets: an upper bound) and,
    for Material, the search worker and search index that every page fetches after load. Each
    file counts once per page; gzip sizes are per file (as served), with already-compressed
    formats (png, woff2, ...) counted at their size. Works on any MkDocs site dir.

    Returns ``{"pages": [...], "median": {...}, "site": {...}}``: per page ``path``,
    ``{kind}_bytes`` and ``{kind}_gzip`` for kind in html/css/js/img/font/search, ``total_bytes``,
    ``total_gzip``, ``first_paint_*`` (everything but images, fonts and search: what blocks the
    first render), ``files`` and ``external`` (URLs outside the site: not counted);
    ``median`` of each number over pages; ``site`` has the distinct bytes of all pages and
    assets together.
    """
    site_dir = Path(site_dir)
    kinds = ("html", "css", "js", "img", "font", "search")
    sizes: dict[Path, tuple[int, int]] = {}

    def size(f: Path) -> tuple[int, int]:
        if f not in sizes:
            sizes[f] = (f.stat().st_size, _gzip_size(f))
        return sizes[f]

    rows = []
    for page in site_pages(site_dir):
        files, external = _page_assets(site_dir, page)
        files = {(site_dir / page).resolve(): "html", **files}
        row: dict[str, Any] = {"path": "/" + _page_url_path(page)}
        for kind in kinds:
            chosen = [f for f, k in files.items() if k == kind]
            row[f"{kind}_bytes"] = sum(size(f)[0] for f in chosen)
            row[f"{kind}_gzip"] = sum(size(f)[1] for f in chosen)
        other = [f for f, k in files.items() if k not in kinds]
        row["other_bytes"] = sum(size(f)[0] for f in other)
        row["other_gzip"] = sum(size(f)[1] for f in other)
        row["total_bytes"] = sum(size(f)[0] for f in files)
        row["total_gzip"] = sum(size(f)[1] for f in files)
        blocking = [f for f, k in files.items() if k in ("html", "css", "js")]
        row["first_paint_bytes"] = sum(size(f)[0] for f in blocking)
        row["first_paint_gzip"] = sum(size(f)[1] for f in blocking)
        row["files"] = len(files)
        row["external"] = sorted(set(external))
        rows.append(row)
    numeric = [k for k in (rows[0] if rows else {}) if isinstance(rows[0][k], int)]
    median = {k: statistics.median(r[k] for r in rows) for k in numeric}
    site = {
        "pages": len(rows),
        "distinct_files": len(sizes),
        "distinct_bytes": sum(s[0] for s in sizes.values()),
        "distinct_gzip": sum(s[1] for s in sizes.values()),
        "dir_bytes": sum(f.stat().st_size for f in site_dir.rglob("*") if f.is_file()),
    }
    return {"pages": rows, "median": median, "site": site}


def zip_size(path: Path) -> int:
    """The size of a file (e.g. the offline zip) in bytes."""
    return Path(path).stat().st_size


# --------------------------------------------------------------------------------------------
# 3. Search latency

# Installed before typing: records when the first key goes down and every change to the
# result count and list, with performance.now().
_ARM = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  const input = document.querySelector('input.md-search__input');
  const s = window.__reader = {first: null, changes: []};
  if (window.__readerObs) window.__readerObs.disconnect();
  const note = () => s.changes.push({t: performance.now(), meta: meta.textContent.trim(),
      items: list.children.length, value: input.value});
  window.__readerObs = new MutationObserver(note);
  window.__readerObs.observe(meta, {childList: true, characterData: true, subtree: true});
  window.__readerObs.observe(list, {childList: true, subtree: true, characterData: true});
  if (!window.__readerKey) {
    window.__readerKey = true;
    document.addEventListener('keydown', () => {
      if (window.__reader.first === null) window.__reader.first = performance.now();
    }, true);
  }
}"""

# Done when the input holds the query, the count reads "N matching documents" (or none) and
# the list has drawn its items, and nothing has changed for `quiet` ms.
_SETTLED = """([q, quiet]) => {
  const s = window.__reader, input = document.querySelector('input.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  if (!s || input.value !== q || !meta) return false;
  const text = meta.textContent.trim();
  const ok = /no matching/i.test(text) || (/\\d+ matching document|1 matching document/i.test(text)
      && list.children.length > 0);
  if (!ok) return false;
  const last = s.changes.length ? s.changes[s.changes.length - 1].t : s.first;
  return performance.now() - last >= quiet;
}"""


def _one_search(page: Any, query: str, quiet_ms: int, timeout_ms: int) -> dict[str, Any]:
    """Type ``query`` into the (empty, focused) search box; return the in-page latency."""
    page.evaluate(_ARM)
    wall = time.perf_counter()
    page.keyboard.type(query)
    page.wait_for_function(_SETTLED, arg=[query, quiet_ms], timeout=timeout_ms, polling=20)
    wall = (time.perf_counter() - wall) * 1000 - quiet_ms
    state = page.evaluate("() => window.__reader")
    final = state["changes"][-1] if state["changes"] else None
    # The moment the final results were in place: the first change after which the count and
    # the number of items stayed as they ended, for the full query.
    done_at = None
    for change in state["changes"]:
        same = final and (change["meta"], change["items"], change["value"]) == (
            final["meta"], final["items"], final["value"])
        if same and done_at is None:
            done_at = change["t"]
        elif not same:
            done_at = None
    latency = (done_at - state["first"]) if (done_at is not None and state["first"]) else None
    return {"ms": None if latency is None else round(latency, 1), "wall_ms": round(wall, 1),
            "meta": final["meta"] if final else None, "items": final["items"] if final else 0}


def _clear(page: Any) -> None:
    page.fill("input.md-search__input", "")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return !m || !/matching/i.test(m.textContent); }", timeout=10000)
    page.wait_for_timeout(100)


def _stats(values: list[float]) -> dict[str, float | None]:
    values = [v for v in values if v is not None]
    if not values:
        return {"median_ms": None, "max_ms": None, "min_ms": None}
    return {"median_ms": round(statistics.median(values), 1), "max_ms": round(max(values), 1),
            "min_ms": round(min(values), 1)}


def search_latency(offline_dir: Path, queries: list[str], runs: int = 5,
                   quiet_ms: int = 300, timeout_ms: int = 20000) -> list[dict]:
    """Time the site search over ``file://`` (``offline_dir/index.html``) in system Chromium.

    Latency is measured in the page with ``performance.now()``: from the first keydown of the
    query (typed whole with ``page.keyboard.type``, no delay) to the moment the result count
    ("N matching documents") and the list took their final form for the full query (found
    with a MutationObserver armed before typing; "final" means unchanged for ``quiet_ms``).

    For each query, ``runs`` times: a fresh page load, the query typed at once (the "cold" run,
    while the search index is being built), then the box cleared and the query typed again
    (a "warm" run); before all, one search that is not measured (the browser's own start).
    Returns per query: ``query``, ``cold`` and ``warm`` (median/max/min ms), ``results`` (the
    final count text), ``items`` (results drawn), ``wall_warm_median_ms`` (the same from Python,
    for comparison) and ``outside`` (any address requested outside the bundle: should be none).
    """
    from playwright.sync_api import sync_playwright

    url = (Path(offline_dir).resolve() / "index.html").as_uri()
    out: list[dict] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            requests = browsing.RequestLog(page)
            # One search first, not measured: the browser's own start (its code cache, the files
            # read from disk) is not what a reader waits for when opening a page.
            page.goto(url, wait_until="load")
            page.keyboard.press("/")
            page.wait_for_selector("input.md-search__input:focus", timeout=5000)
            _one_search(page, queries[0], quiet_ms, timeout_ms)
            for query in queries:
                cold, warm, wall, last = [], [], [], {}
                for _ in range(runs):
                    page.goto(url, wait_until="load")
                    page.keyboard.press("/")
                    page.wait_for_selector("input.md-search__input:focus", timeout=5000)
                    first = _one_search(page, query, quiet_ms, timeout_ms)
                    cold.append(first["ms"])
                    _clear(page)
                    again = _one_search(page, query, quiet_ms, timeout_ms)
                    warm.append(again["ms"])
                    wall.append(again["wall_ms"])
                    last = again
                out.append({"query": query, "cold": _stats(cold), "warm": _stats(warm),
                            "results": last.get("meta"), "items": last.get("items"),
                            "wall_warm_median_ms": round(statistics.median(wall), 1),
                            "outside": sorted(set(requests.outside(Path(offline_dir).resolve().as_uri() + "/")))})
                requests.urls.clear()
        finally:
            browser.close()
    return out


# --------------------------------------------------------------------------------------------
# 4. Search accuracy

#: The guide's search test set: what patients type, and the page that should come first.
QUERY_SET = _ROOT / "tests" / "search_queries.yml"
#: Its parts: tuned (the search was tuned on them) and held out (never tuned on).
PARTS = ("tuned", "held_out")


def load_queries(path: Path = QUERY_SET) -> dict[str, list[dict[str, str]]]:
    """The test set by part: ``{"tuned": [{"query": ..., "first": ...}, ...], "held_out": [...]}``.
    Raises ValueError when the file is not made that way."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(PARTS):
        raise ValueError(f"{path}: expected the parts {', '.join(PARTS)}, found {data!r:.80}")
    for part, rows in data.items():
        if not isinstance(rows, list) or not all(
                isinstance(r, dict) and set(r) == {"query", "first"} and all(isinstance(v, str) for v in r.values())
                for r in rows):
            raise ValueError(f"{path}: each query in '{part}' is {{query: text, first: page}}")
    return data


def page_of(href: str, base: str) -> str:
    """The page a result links to, named like its file in docs/ without .md ('relapses', and
    'index' for the first page), from its address and the address of the site's root (base)."""
    path = unquote(urlsplit(href).path)
    root = unquote(urlsplit(base).path)
    if not path.startswith(root):
        return href  # not a page of this site: shown as it is
    page = path[len(root):].strip("/")
    page = page.removesuffix("index.html").strip("/").removesuffix(".html")
    return page or "index"


# The address of each result's page: the first link of each result (its page; then its sections).
_RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')]
    .map(li => li.querySelector(':scope > a')).filter(Boolean).map(a => a.href)"""


def first_hits(page: Any, start_url: str, queries: list[dict[str, str]], base: str | None = None,
               timeout_ms: int = 15000) -> list[dict[str, Any]]:
    """Search for each query in the page at ``start_url`` as a reader would (the box filled,
    the last letter typed) and read the results. ``base``: the site's root address (default:
    the folder of ``start_url``). Returns, per query: ``query``, ``expected`` (its ``first``),
    ``first`` (the page of the first result, None when nothing matched), ``hit`` and
    ``results`` (the pages of the first five results)."""
    base = base or start_url.rsplit("/", 1)[0] + "/"
    page.goto(start_url)
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.wait_for()
    rows = []
    for item in queries:
        query = item["query"]
        box.fill("")
        page.keyboard.press("Backspace")  # an empty box: Material shows its prompt again
        page.wait_for_function(
            "() => !/matching document/.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=timeout_ms)
        box.fill(query[:-1])
        page.keyboard.type(query[-1])
        page.wait_for_function(
            "q => document.querySelector('input.md-search__input').value === q && "
            "/matching document/.test(document.querySelector('.md-search-result__meta').textContent)",
            arg=query, timeout=timeout_ms)
        pages = [page_of(href, base) for href in page.evaluate(_RESULTS)]
        first = pages[0] if pages else None
        rows.append({"query": query, "expected": item["first"], "first": first,
                     "hit": first == item["first"], "results": pages[:5]})
    return rows


def accuracy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """First-hit accuracy of first_hits' rows: ``hits``, ``queries``, ``percent`` (0-100, one
    decimal) and the ``misses`` (query, expected, first)."""
    hits = sum(1 for r in rows if r["hit"])
    return {"hits": hits, "queries": len(rows),
            "percent": round(100 * hits / len(rows), 1) if rows else 0.0,
            "misses": [{"query": r["query"], "expected": r["expected"], "first": r["first"]}
                       for r in rows if not r["hit"]]}


def search_accuracy(offline_dir: Path, site_dir: Path, path: Path = QUERY_SET) -> dict[str, Any]:
    """First-hit accuracy of the test set, each part, in Chromium: the offline copy over
    ``file://`` and the website on localhost under ``/guide/``. Returns ``{"file": {part:
    accuracy}, "localhost": {...}, "rows": {output: {part: rows}}, "outside": [addresses
    requested outside the bundle or the host]}``."""
    from playwright.sync_api import sync_playwright

    sets = load_queries(path)
    out: dict[str, Any] = {"rows": {}, "outside": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            offline = Path(offline_dir).resolve()
            page = browser.new_page()
            requests = browsing.RequestLog(page)
            start = (offline / "index.html").as_uri()
            out["rows"]["file"] = {part: first_hits(page, start, rows) for part, rows in sets.items()}
            out["outside"] += requests.outside(offline.as_uri() + "/")
            page.close()
            with serve(Path(site_dir), "guide") as base:
                page = browser.new_page()
                requests = browsing.RequestLog(page)
                out["rows"]["localhost"] = {part: first_hits(page, base, rows) for part, rows in sets.items()}
                out["outside"] += requests.outside(base)
                page.close()
        finally:
            browser.close()
    for output, parts in out["rows"].items():
        out[output] = {part: accuracy(rows) for part, rows in parts.items()}
    out["outside"] = sorted(set(out["outside"]))
    return out
