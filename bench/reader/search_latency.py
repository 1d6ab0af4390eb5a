"""How long the site search takes, in a real Chromium over ``file://``: the reader's wait (on a
freshly loaded page, the whole query entered at once, to the final results list), the same query
typed key by key from its first keystroke, and every request it made outside the bundle."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from devtools.browsing import RequestLog, chromium

# Installed before typing: records when the first key goes down and every change to the
# result count and list, with performance.now().
_ARM = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  const input = document.querySelector('input.md-search__input');
  const s = window.__reader = {first: null, last: null, input: null, changes: [],
      initializing: !meta.textContent.trim() || /initializ/i.test(meta.textContent)};  // worker not ready
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
      window.__reader.last = performance.now();
    }, true);
    // The query entered at once (pasted, or by an input method): its one input event.
    document.addEventListener('input', () => {
      if (window.__reader.input === null) window.__reader.input = performance.now();
    }, true);
  }
}"""

# The search opened and its box focused at once (what the "/" key does, without waiting for it).
_OPEN = """() => { const toggle = document.getElementById('__search');
  toggle.checked = true; toggle.dispatchEvent(new Event('change'));
  document.querySelector('input.md-search__input').focus(); }"""

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


def _one_search(page: Any, query: str, quiet_ms: int, timeout_ms: int, at_once: bool = False) -> dict[str, Any]:
    """Type ``query`` into the (empty, focused) search box, or enter it at once (``at_once``: one
    input event, then the keyup the theme reads, as a paste's); return the in-page latency."""
    page.evaluate(_ARM)
    wall = time.perf_counter()
    if at_once:
        page.keyboard.insert_text(query)
        page.keyboard.press("Shift")  # the theme searches on keyup (or when its worker is ready)
    else:
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
            final["meta"],
            final["items"],
            final["value"],
        )
        if same and done_at is None:
            done_at = change["t"]
        elif not same:
            done_at = None
    latency = (done_at - state["first"]) if (done_at is not None and state["first"]) else None
    # What the reader waits once the query is typed: from its last key to the final results.
    after = (done_at - state["last"]) if (done_at is not None and state["last"]) else None
    if at_once:  # from the input event that entered the whole query
        latency = (done_at - state["input"]) if (done_at is not None and state["input"]) else None
        after = None
    return {
        "ms": None if latency is None else round(latency, 1),
        "worker_ready": not state["initializing"],
        "after_last_key_ms": None if after is None else round(max(after, 0.0), 1),
        "wall_ms": round(wall, 1),
        "meta": final["meta"] if final else None,
        "items": final["items"] if final else 0,
    }


def _clear(page: Any) -> None:
    page.fill("input.md-search__input", "")
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return !m || !/matching/i.test(m.textContent); }",
        timeout=10000,
    )
    page.wait_for_timeout(100)


def _stats(values: list[float]) -> dict[str, float | None]:
    values = [v for v in values if v is not None]
    if not values:
        return {"median_ms": None, "max_ms": None, "min_ms": None}
    return {
        "median_ms": round(statistics.median(values), 1),
        "max_ms": round(max(values), 1),
        "min_ms": round(min(values), 1),
    }


def search_latency(
    offline_dir: Path, queries: list[str], runs: int = 5, quiet_ms: int = 300, timeout_ms: int = 20000
) -> list[dict]:
    """Time the site search over ``file://`` (``offline_dir/index.html``) in system Chromium.

    The reader's wait (``reader_wait``): on a freshly loaded page (its worker and index not yet
    ready), the whole query entered at once (``keyboard.insert_text``: one input event; then a
    Shift key, whose keyup the theme reads as it reads a paste's), from that input event to the
    final results. Then the typed measure: from the first keydown of the
    query (typed whole with ``page.keyboard.type``, no delay) to the moment the result count
    ("N matching documents") and the list took their final form for the full query (found
    with a MutationObserver armed before typing; "final" means unchanged for ``quiet_ms``).

    For each query, ``runs`` times: a fresh page load and the query entered at once (the reader's
    wait), then a fresh page load, the query typed (the "cold" run,
    while the search index is being built), then the box cleared and the query typed again
    (a "warm" run); before all, one search that is not measured (the browser's own start).
    Returns per query: ``query``, ``reader_wait``, ``cold`` and ``warm`` (median/max/min ms), ``cold_after_last_key``
    (the cold run from its last keydown: what a reader waits once the query is typed; the time
    from the first key also holds the typing itself, as fast as the browser takes the keys), ``results`` (the
    final count text), ``items`` (results drawn), ``wall_warm_median_ms`` (the same from Python,
    for comparison) and ``outside`` (any address requested outside the bundle: should be none).
    """
    url = (Path(offline_dir).resolve() / "index.html").as_uri()
    out: list[dict] = []
    with chromium() as browser:
        page = browser.new_page()
        requests = RequestLog(page)
        # One search first, not measured: the browser's own start (its code cache, the files
        # read from disk) is not what a reader waits for when opening a page.
        page.goto(url, wait_until="load")
        page.keyboard.press("/")
        page.wait_for_selector("input.md-search__input:focus", timeout=5000)
        _one_search(page, queries[0], quiet_ms, timeout_ms)
        for query in queries:
            wait, cold, cold_after, warm, wall, last, ready_before = [], [], [], [], [], {}, 0
            for _ in range(runs):
                # As soon as the page's HTML is read, the search opened and its box focused in one
                # step: the theme's worker and index are not ready yet (counted below).
                page.goto(url, wait_until="domcontentloaded")
                page.evaluate(_OPEN)
                entered = _one_search(page, query, quiet_ms, timeout_ms, at_once=True)
                wait.append(entered["ms"])
                ready_before += entered["worker_ready"]
                page.goto(url, wait_until="load")
                page.keyboard.press("/")
                page.wait_for_selector("input.md-search__input:focus", timeout=5000)
                first = _one_search(page, query, quiet_ms, timeout_ms)
                cold.append(first["ms"])
                cold_after.append(first["after_last_key_ms"])
                _clear(page)
                again = _one_search(page, query, quiet_ms, timeout_ms)
                warm.append(again["ms"])
                wall.append(again["wall_ms"])
                last = again
            out.append(
                {
                    "query": query,
                    "reader_wait": _stats(wait),
                    # Of the runs, how many found the theme's worker ready when the query was entered.
                    "reader_wait_worker_ready": ready_before,
                    "cold": _stats(cold),
                    "cold_after_last_key": _stats(cold_after),
                    "warm": _stats(warm),
                    "results": last.get("meta"),
                    "items": last.get("items"),
                    "wall_warm_median_ms": round(statistics.median(wall), 1),
                    "outside": sorted(set(requests.outside(Path(offline_dir).resolve().as_uri() + "/"))),
                }
            )
            requests.urls.clear()
    return out


# The guide's search engine alone (assets/javascripts/workers/guide-search.js), in a blank page:
# loading its file, building its index from the offline copy's, and every keystroke of a query,
# with performance.now(). The minimum of several fresh pages holds up when the machine is busy.
_ENGINE = """([script, docs, queries]) => {
  let t0 = performance.now(); (0, eval)(script); const load = performance.now() - t0;
  t0 = performance.now(); guideSearch.setUp({docs}); const setup = performance.now() - t0;
  const typed = {};
  for (const query of queries) {
    t0 = performance.now();
    for (let i = 1; i <= query.length; i++) guideSearch.search(query.slice(0, i));
    typed[query] = performance.now() - t0;
  }
  return {load, setup, typed};
}"""


def engine_cost(offline_dir: Path, queries: list[str], runs: int = 5) -> dict[str, Any] | None:
    """What the guide's own search engine costs in Chromium, apart from the theme's page script and
    drawing: ``load`` and ``setup`` (ms, min and median of ``runs`` fresh pages) and ``typed``
    (each query typed a letter at a time in a fresh page, all its searches together). None when
    the offline copy has no such engine."""
    import json

    worker = Path(offline_dir) / "assets" / "javascripts" / "workers" / "guide-search.js"
    index = Path(offline_dir) / "search" / "search_index.js"
    if not worker.is_file() or not index.is_file():
        return None
    text = index.read_text(encoding="utf-8")
    docs = json.loads(text[text.index("{") :].rstrip().rstrip(";"))["docs"]
    rows = []
    with chromium() as browser:
        for _ in range(runs):
            page = browser.new_page()
            page.set_content("<!doctype html><title>engine</title>")
            rows.append(page.evaluate(_ENGINE, [worker.read_text(encoding="utf-8"), docs, queries]))
            page.close()

    def stats(values: list[float]) -> dict[str, float]:
        return {"min_ms": round(min(values), 1), "median_ms": round(statistics.median(values), 1)}

    return {
        "load": stats([r["load"] for r in rows]),
        "setup": stats([r["setup"] for r in rows]),
        "typed": {q: stats([r["typed"][q] for r in rows]) for q in queries},
    }
