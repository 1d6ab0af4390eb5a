"""Whether the site's search puts the right page first for each query of a test set (the guide's
is tests/search_queries.yml: what patients type, and the page that should come first), in
Chromium over file:// (the offline copy) and on localhost (the website).

The tests hold the search to a goal with it; the benchmarks report it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from devtools.browsing import RequestLog, chromium
from devtools.serving import serve

#: The parts of a test set: tuned (the search was tuned on them) and held out (never tuned on):
#: the first held-out set, issue 25's patients' queries, and its second round's (held_out_patients_2).
PARTS = ("tuned", "held_out", "held_out_patients", "held_out_patients_2")

#: The expected "first" of a query the guide has no answer for: the search should say so.
NOT_COVERED = "not covered"


def load_queries(path: Path) -> dict[str, list[dict[str, str]]]:
    """The test set by part: ``{"tuned": [{"query": ..., "first": ...}, ...], "held_out": [...]}``.
    Raises ValueError when the file is not made that way."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(PARTS):
        raise ValueError(f"{path}: expected the parts {', '.join(PARTS)}, found {data!r:.80}")
    for part, rows in data.items():
        if not isinstance(rows, list) or not all(
            isinstance(r, dict) and set(r) == {"query", "first"} and all(isinstance(v, str) for v in r.values())
            for r in rows
        ):
            raise ValueError(f"{path}: each query in '{part}' is {{query: text, first: page}}")
    return data


def page_of(href: str, base: str) -> str:
    """The page a result links to, named like its file in docs/ without .md ('relapses', and
    'index' for the first page), from its address and the address of the site's root (base)."""
    path = unquote(urlsplit(href).path)
    root = unquote(urlsplit(base).path)
    if not path.startswith(root):
        return href  # not a page of this site: shown as it is
    page = path[len(root) :].strip("/")
    page = page.removesuffix("index.html").strip("/").removesuffix(".html")
    return page or "index"


# The words of the help shown when nothing answers the query ("This guide does not cover ... yet"),
# or null while it is hidden.
_HONEST = """() => { const help = document.querySelector('[data-guide-search-help]');
    return help && !help.hidden ? help.innerText : null; }"""

# The address of each result's page: the first link of each result (its page; then its sections).
_RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')]
    .map(li => li.querySelector(':scope > a')).filter(Boolean).map(a => a.href)"""


def first_hits(
    page: Any, start_url: str, queries: list[dict[str, str]], base: str | None = None, timeout_ms: int = 15000
) -> list[dict[str, Any]]:
    """Search for each query in the page at ``start_url`` as a reader would (the box filled,
    the last letter typed) and read the results. ``base``: the site's root address (default:
    the folder of ``start_url``). Returns, per query: ``query``, ``expected`` (its ``first``),
    ``first`` (the page of the first result, None when nothing matched), ``honest`` (the help
    shown instead of results, naming the query: None when hidden), ``hit`` (the expected page
    first; for a query marked NOT_COVERED, no result and the help naming the query) and
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
            timeout=timeout_ms,
        )
        box.fill(query[:-1])
        page.keyboard.type(query[-1])
        page.wait_for_function(
            "q => document.querySelector('input.md-search__input').value === q && "
            "/matching document/.test(document.querySelector('.md-search-result__meta').textContent)",
            arg=query,
            timeout=timeout_ms,
        )
        pages = [page_of(href, base) for href in page.evaluate(_RESULTS)]
        first = pages[0] if pages else None
        honest = page.evaluate(_HONEST) if first is None else None
        said = bool(honest) and query.strip() in honest
        rows.append(
            {
                "query": query,
                "expected": item["first"],
                "first": first,
                "honest": honest,
                "hit": first == item["first"] or (item["first"] == NOT_COVERED and first is None and said),
                "results": pages[:5],
            }
        )
    return rows


def accuracy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """First-hit accuracy of first_hits' rows: ``hits``, ``queries``, ``percent`` (0-100, one
    decimal) and the ``misses`` (query, expected, first)."""
    hits = sum(1 for r in rows if r["hit"])
    return {
        "hits": hits,
        "queries": len(rows),
        "percent": round(100 * hits / len(rows), 1) if rows else 0.0,
        "misses": [{"query": r["query"], "expected": r["expected"], "first": r["first"]} for r in rows if not r["hit"]],
    }


def search_accuracy(offline_dir: Path, site_dir: Path, queries_file: Path) -> dict[str, Any]:
    """First-hit accuracy of the test set in ``queries_file``, each part, in Chromium: the
    offline copy over ``file://`` and the website on localhost under ``/guide/``. Returns
    ``{"file": {part: accuracy}, "localhost": {...}, "rows": {output: {part: rows}}, "outside":
    [addresses requested outside the bundle or the host]}``."""
    sets = load_queries(queries_file)
    out: dict[str, Any] = {"rows": {}, "outside": []}
    with chromium() as browser:
        offline = Path(offline_dir).resolve()
        page = browser.new_page()
        requests = RequestLog(page)
        start = (offline / "index.html").as_uri()
        out["rows"]["file"] = {part: first_hits(page, start, rows) for part, rows in sets.items()}
        out["outside"] += requests.outside(offline.as_uri() + "/")
        page.close()
        with serve(Path(site_dir), "guide", pages_like=True) as base:
            page = browser.new_page()
            requests = RequestLog(page)
            out["rows"]["localhost"] = {part: first_hits(page, base, rows) for part, rows in sets.items()}
            out["outside"] += requests.outside(base)
            page.close()
    for output, parts in out["rows"].items():
        out[output] = {part: accuracy(rows) for part, rows in parts.items()}
    out["outside"] = sorted(set(out["outside"]))
    return out
