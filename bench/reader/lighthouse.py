"""Lighthouse scores and failing audits for every page of a built site, served over HTTP under
``/guide/`` the way GitHub Pages serves the project site (gzip, ``max-age=600``)."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from devtools.browsing import chromium_path
from devtools.serving import serve
from reader.pages import page_url_path, site_pages

#: Flags for headless Chromium as root on a machine without a network.
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
#: Lighthouse categories, in report order.
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: Audits whose score says nothing about pass or fail.
_NEUTRAL_MODES = {"informative", "notApplicable", "manual", "error"}


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
    for key in (
        "url",
        "source",
        "description",
        "wastedMs",
        "wastedBytes",
        "totalBytes",
        "duration",
        "total",
        "label",
        "value",
        "failureReason",
        "reason",
        "issueType",
        "contrastRatio",
        "expectedContrastRatio",
        "fontSize",
    ):
        value = item.get(key)
        if value is None or key in out:
            continue
        if isinstance(value, dict):  # e.g. source-location, or {type: 'text', value: ...}
            value = value.get("url") or value.get("value") or value.get("formattedDefault") or json.dumps(value)[:200]
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
        m: audits[m].get("displayValue")
        for m in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if m in audits
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
            failing.append(
                {
                    "category": cat,
                    "id": ref["id"],
                    "title": audit.get("title"),
                    "score": score,
                    "weight": ref.get("weight", 0),
                    "display": audit.get("displayValue"),
                    "details": _audit_details(audit),
                }
            )
    row["failing"] = failing
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    row["requests"] = len(requests)
    row["outside_requests"] = sorted(
        {
            r["url"]
            for r in requests
            if not r["url"].startswith(("http://127.0.0.1", "data:", "blob:", "chrome-extension:"))
        }
    )
    if report.get("runtimeError"):
        row["runtime_error"] = report["runtimeError"]
    if report.get("runWarnings"):
        row["warnings"] = report["runWarnings"]
    return row


def lighthouse(
    site_dir: Path,
    lighthouse_bin: Path,
    desktop: bool = True,
    pages_like: bool = True,
    timeout: float = 180,
    runs: int = 3,
) -> list[dict]:
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
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    rows: list[dict] = []
    with serve(site_dir, "guide", pages_like=pages_like) as base:
        for page in site_pages(site_dir):
            rel = page_url_path(page)
            for form_factor in ("mobile", "desktop") if desktop else ("mobile",):
                command = [
                    str(lighthouse_bin),
                    base + rel,
                    "--output=json",
                    "--quiet",
                    f"--chrome-flags={CHROME_FLAGS}",
                    "--only-categories=" + ",".join(CATEGORIES),
                ]
                if form_factor == "desktop":
                    command.append("--preset=desktop")
                path = "/guide/" + rel
                measured = []
                for _ in range(runs):
                    start = time.monotonic()
                    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
                    seconds = round(time.monotonic() - start, 1)
                    if done.returncode != 0 or not done.stdout.strip():
                        measured = [
                            {
                                "path": path,
                                "form_factor": form_factor,
                                "seconds": seconds,
                                "error": (done.stderr or done.stdout)[-2000:],
                            }
                        ]
                        break
                    row = _parse_report(json.loads(done.stdout), path, form_factor)
                    row["seconds"] = seconds
                    measured.append(row)
                scores = [m.get("performance") or 0 for m in measured]
                median = sorted(measured, key=lambda m: m.get("performance") or 0)[len(measured) // 2]
                rows.append({**median, "performance_runs": scores})
    return rows
