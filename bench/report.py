"""BENCHMARKS.md from the numbers bench/run.py measured."""

from __future__ import annotations

import datetime as dt


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _ms(value) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def _ratio(a: float, b: float) -> str:
    return f"{b / a:.1f}x" if a > 0 else "-"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _goals(r: dict) -> list[str]:
    """The issue's goals, each with what was measured against it."""
    lines = ["## Goals", ""]
    if "scaling" in r:
        big, g = r["scaling"]["rows"][-1], r["scaling"]["growth"]["check_cpu"]
        ok = big["check"]["seconds"] < 10 and g < 1.15
        lines.append(
            f"- `check` grows linearly and checks {big['pages']:,} pages in under 10 s: "
            f"{'met' if ok else 'not met'} ({_s(big['check']['seconds'])}; the CPU time it takes "
            f"grows with exponent {g:.2f})."
        )
    if "links" in r:
        li, planted = r["links"], set(r["links"]["planted"])
        ours = li["ours"]["seconds"]
        fast = all(li[k]["seconds"] >= 10 * ours for k in ("htmlproofer", "linkchecker"))
        exact = set(li["ours"]["found"]) == planted and not li["ours"]["false"]
        lines.append(
            f"- Internal links 10x faster than htmlproofer and linkchecker, every planted break found, "
            f"no false alarm: {'met' if fast and exact else 'not met'} "
            f"({_ratio(ours, li['htmlproofer']['seconds'])} and {_ratio(ours, li['linkchecker']['seconds'])})."
        )
    if "external" in r:
        e = r["external"]["ours"]
        lines.append(
            f"- A second external check within the cache age makes no request: "
            f"{'met' if e['second_requests'] == 0 else 'not met'}."
        )
    if r.get("reader", {}).get("lighthouse"):
        lh = r["reader"]["lighthouse"]
        ok = all(p["accessibility"] == p["best-practices"] == p["seo"] == 100 and p["performance"] >= 95 for p in lh)
        worst = min(p["performance"] for p in lh)
        lines.append(
            f"- Lighthouse 100 in accessibility, best practices and SEO, 95+ performance, every page: "
            f"{'met' if ok else 'not met'} (lowest performance {worst})."
        )
    lines += _search_goals(r.get("search"))
    lines += _speed_goals(r.get("speed"))
    return lines + [""]


def _met(ok: bool) -> str:
    return "met" if ok else "not met"


def _speed_goals(sp: dict | None) -> list[str]:
    """Issue 16: a large guide builds faster than Zensical, grows linearly, previews in a second,
    in at most 1 GB."""
    if not sp:
        return []
    lines = []
    big = [row for row in sp["rows"] if row["pages"] == max(r["pages"] for r in sp["rows"])]
    faster = all(row["ours"]["seconds"] < row["zensical"]["seconds"] for row in big)
    lines.append(
        f"- `build --no-pdf` of {big[0]['pages']:,} pages in less wall time than `zensical build`: {_met(faster)} ("
        + "; ".join(
            f"{row['shape']}: {_s(row['ours']['seconds'])} against {_s(row['zensical']['seconds'])}" for row in big
        )
        + ")."
    )
    g = sp["growth"]
    linear = all(g[f"{shape}/ours"] <= 1.1 for shape in ("flat", "sectioned"))
    lines.append(
        f"- Growth exponent at most 1.1 from {sp['rows'][0]['pages']} to {big[0]['pages']:,} pages, flat and sectioned: "
        f"{_met(linear)} ({g['flat/ours']:.2f} and {g['sectioned/ours']:.2f}; Zensical {g['flat/zensical']:.2f} and "
        f"{g['sectioned/zensical']:.2f})."
    )
    per_100 = [p["per_100_printed"] for p in sp["pdf"]]
    lines.append(
        "- The whole-guide PDF grows linearly (its seconds per 100 printed pages within 25 %): "
        f"{_met(max(per_100) <= 1.25 * min(per_100))} ("
        + ", ".join(f"{p['per_100_printed']:.1f} s at {p['printed_pages']} printed pages" for p in sp["pdf"])
        + ")."
    )
    pv = sp["preview"]
    lines.append(
        f"- The preview serves a saved page of {pv['pages']:,} within 1 s, with its problems in the log: "
        f"{_met(pv['seconds'] <= 1 and pv['problems_logged'])} (median {pv['seconds'] * 1000:.0f} ms of "
        f"{len(pv['all'])} saves, slowest {max(pv['all']) * 1000:.0f} ms)."
    )
    peak = max([row["ours"]["peak_mb"] for row in sp["rows"]] + [pv["peak_mb"]])
    lines.append(f"- Peak memory of any build process at most 1 GB: {_met(peak <= 1024)} ({peak:.0f} MB at most).")
    return lines


def _speed_section(sp: dict) -> list[str]:
    rows = [
        [
            row["shape"],
            f"{row['pages']:,}",
            _s(row["ours"]["seconds"]),
            f"{row['ours']['peak_mb']:.0f} MB",
            _s(row["zensical"]["seconds"]),
            f"{row['zensical']['peak_mb']:.0f} MB",
            _s(row["mkdocs_plain"]["seconds"]),
        ]
        for row in sp["rows"]
    ]
    g = sp["growth"]
    for shape in ("flat", "sectioned"):
        rows.append(
            [
                shape,
                "growth exponent",
                f"{g[shape + '/ours']:.2f}",
                "",
                f"{g[shape + '/zensical']:.2f}",
                "",
                f"{g[shape + '/mkdocs_plain']:.2f}",
            ]
        )
    pdf_rows = [
        [f"{p['pages']:,}", p["printed_pages"], _s(p["seconds"]), f"{p['per_100_printed']:.1f} s"] for p in sp["pdf"]
    ]
    pv = sp["preview"]
    return [
        "## 8. A large guide: outputs, PDF and preview",
        "",
        "Synthetic guides (`devtools.synthetic`), with a flat navigation and with 20 sections. "
        "*Ours* is `scripts/build.py build --no-pdf`: every check, then the website, the offline copy "
        "(in a second process) and the print page. Zensical (`build -c`, no cache) and plain MkDocs + "
        "Material build the same pages and `mkdocs.yml` without the guide's plugin: one copy of the site "
        "(Material's offline plugin, which the guide's plugin turns on for the offline copy only, stays on "
        "there), its print page, no checks.",
        "",
        _table(["navigation", "pages", "ours", "ours, peak", "Zensical", "Zensical, peak", "plain MkDocs"], rows),
        "",
        "The whole-guide PDF, timed apart (`build` minus `build --no-pdf`):",
        "",
        _table(["pages", "printed pages", "PDF time", "per 100 printed pages"], pdf_rows),
        "",
        f"The preview (`make serve`) of {pv['pages']:,} pages: the first build took {_s(pv['first_build'])}; "
        f"after a save, the page's new text was served after {pv['seconds'] * 1000:.0f} ms (median of "
        f"{len(pv['all'])}: {', '.join(f'{d * 1000:.0f}' for d in pv['all'])} ms); MkDocs polls for changes every "
        f"0.5 s. The page's new problem {'was' if pv['problems_logged'] else 'was not'} in the log each time. "
        f"Peak memory {pv['peak_mb']:.0f} MB.",
        "",
    ]


#: The search's goals: first hits on each part of the test set, cold latency offline.
ACCURACY_GOAL, COLD_GOAL_MS = 90.0, 150.0
PARTS = (
    ("tuned", "tuned"),
    ("held_out", "held out"),
    ("held_out_patients", "held out, issue 25"),
    ("held_out_patients_2", "held out, issue 25, second round"),
)
OUTPUTS = (("file", "over `file://`"), ("localhost", "on localhost"))


def _search_goals(s: dict | None) -> list[str]:
    if not s or "accuracy" not in s:
        return []
    acc, lines = s["accuracy"], []
    ok = all(acc[o][p]["percent"] >= ACCURACY_GOAL for o, _ in OUTPUTS for p, _ in PARTS if p in acc[o])
    shown = "; ".join(
        f"{label} " + ", ".join(f"{acc[o][p]['percent']:g} % {name}" for p, name in PARTS if p in acc[o])
        for o, label in OUTPUTS
    )
    lines.append(
        f"- Search: the right page first for at least 90 % of the test set, tuned and held-out queries: "
        f"{'met' if ok else 'not met'} ({shown})."
    )
    wait = [
        (q["reader_wait"]["median_ms"], q["query"])
        for q in s.get("latency", [])
        if (q.get("reader_wait") or {}).get("median_ms") is not None
    ]
    if wait:
        # The goal: the reader's wait, on a freshly loaded page, the whole query entered at once.
        slowest = max(wait)
        lines.append(
            f"- Search: cold query latency (the reader's wait: a freshly loaded page, the whole query entered "
            f"at once, to the final results) at most 150 ms on the offline copy (each query's median): "
            f"{'met' if slowest[0] <= COLD_GOAL_MS else 'not met'} (slowest {_ms(slowest[0])}, '{slowest[1]}')."
        )
    cold = [(q["cold"]["median_ms"], q["query"]) for q in s.get("latency", []) if q["cold"]["median_ms"] is not None]
    if cold:
        slowest = max(cold)
        lines.append(
            (
                "- Search, typed key by key from the first key (it holds the robot's typing; not the goal's measure): "
                if wait
                else "- Search: cold latency at most 150 ms on the offline copy (each query's median): "
            )
            + f"{'met' if slowest[0] <= COLD_GOAL_MS else 'not met'} (slowest {_ms(slowest[0])}, "
            f"'{slowest[1]}')."
        )
    after = [
        (q["cold_after_last_key"]["median_ms"], q["query"])
        for q in s.get("latency", [])
        if (q.get("cold_after_last_key") or {}).get("median_ms") is not None
    ]
    if after:
        slowest = max(after)
        lines.append(
            f"- Search: at most 150 ms from the last key to the final results on the offline copy, cold "
            f"(each query's median): {'met' if slowest[0] <= COLD_GOAL_MS else 'not met'} (slowest "
            f"{_ms(slowest[0])}, '{slowest[1]}')."
        )
    outside = sorted(set(acc.get("outside", [])) | {u for q in s.get("latency", []) for u in q.get("outside", [])})
    lines.append(
        f"- Search: no request outside the bundle or the host: {'met' if not outside else 'not met'}"
        + (f" ({', '.join(outside[:3])})." if outside else ".")
    )
    return lines


def _search_section(s: dict) -> list[str]:
    """Section 7: first hits on the test set, then latency."""
    out = ["## 7. Search", ""]
    if "accuracy" in s:
        acc = s["accuracy"]
        out += [
            "First hits on the guide's search test set (`tests/search_queries.yml`): what patients type, "
            "and the page that should come first. *Tuned*: the queries the search was tuned on; "
            "*held out*: written before tuning and never tuned on. Typed in Chromium into the offline "
            "copy over `file://` and into the website on localhost.",
            "",
            _table(
                ["queries", "over file://", "on localhost"],
                [
                    [
                        f"{label} ({acc['file'][p]['queries']})",
                        f"{acc['file'][p]['percent']:g} % ({acc['file'][p]['hits']})",
                        f"{acc['localhost'][p]['percent']:g} % ({acc['localhost'][p]['hits']})",
                    ]
                    for p, label in PARTS
                    if p in acc["file"]
                ],
            ),
            "",
        ]
        before = s.get("before")
        if before:
            out += [
                before["what"],
                "",
                _table(
                    ["queries", "over file://", "on localhost"],
                    [
                        [
                            f"{label} ({before['file'][p]['queries']})",
                            f"{before['file'][p]['percent']:g} % ({before['file'][p]['hits']})",
                            f"{before['localhost'][p]['percent']:g} % ({before['localhost'][p]['hits']})",
                        ]
                        for p, label in PARTS
                        if p in before["file"]
                    ],
                ),
                "",
            ]
        misses = {
            (m["query"], m["expected"], m["first"] or "nothing")
            for o, _ in OUTPUTS
            for p, _ in PARTS
            if p in acc[o]
            for m in acc[o][p]["misses"]
        }
        if misses:
            out += ["Missed: " + "; ".join(f"'{q}' (wanted {e}, got {f})" for q, e, f in sorted(misses)) + ".", ""]
    latency = s.get("latency", [])
    if latency:
        # The search before issue 25, timed in the same run where it was (bench/search-before.json).
        earlier = {q["query"]: q for q in (s.get("before") or {}).get("latency", [])}
        waited = any(q.get("reader_wait") for q in latency)
        out += [
            (
                "*Reader's wait* (the goal's measure): on a freshly loaded page (the theme's worker and index "
                "not yet ready), the whole query entered at once (one input event, as a paste), to the final "
                "results, measured in the page over `file://`. The other columns: "
                if waited
                else ""
            )
            + "Latency from the first keystroke to the final results, measured in the page over `file://`; "
            "cold = the first query after the page loads (the index is built then). The query is typed "
            "as fast as the browser takes keys, so the time from the first key also holds the typing "
            "(longer for a longer query, and for every key when the machine is busy); *after the last "
            "key* is what a reader waits once the query is typed (cold)."
            + (" *Before*: " + s["before"]["latency_what"] if earlier else ""),
            "",
            _table(
                (["query", "reader's wait median", "reader's wait max"] if waited else ["query"])
                + (["typed: cold median", "typed: cold max"] if waited else ["cold median", "cold max"])
                + ["after the last key", "warm median", "warm max", "results"]
                + (["cold median before", "warm median before"] if earlier else []),
                [
                    [q["query"]]
                    + (
                        [
                            _ms((q.get("reader_wait") or {}).get("median_ms")),
                            _ms((q.get("reader_wait") or {}).get("max_ms")),
                        ]
                        if waited
                        else []
                    )
                    + [
                        _ms(q["cold"]["median_ms"]),
                        _ms(q["cold"]["max_ms"]),
                        _ms((q.get("cold_after_last_key") or {}).get("median_ms")),
                        _ms(q["warm"]["median_ms"]),
                        _ms(q["warm"]["max_ms"]),
                        q.get("results") or "-",
                    ]
                    + (
                        [
                            _ms(earlier[q["query"]]["cold"]["median_ms"]) if q["query"] in earlier else "-",
                            _ms(earlier[q["query"]]["warm"]["median_ms"]) if q["query"] in earlier else "-",
                        ]
                        if earlier
                        else []
                    )
                    for q in latency
                ],
            ),
            "",
        ]
    engine = s.get("engine")
    if engine:
        slowest = max(engine["typed"].items(), key=lambda item: item[1]["min_ms"])
        out += [
            "The guide's search engine alone, in a blank page of Chromium (the fastest of five fresh pages, "
            "then the median; the rest of the latency above is the theme's page script, the offline "
            f"copy's iframe and drawing the results): loading it {_ms(engine['load']['min_ms'])}, building "
            f"its index {_ms(engine['setup']['min_ms'])} ({_ms(engine['setup']['median_ms'])}), every "
            f"keystroke of the slowest query, '{slowest[0]}', {_ms(slowest[1]['min_ms'])} "
            f"({_ms(slowest[1]['median_ms'])}) in all.",
            "",
        ]
    return out


def markdown(r: dict) -> str:
    m = r["machine"]
    out = [
        "# Benchmarks",
        "",
        "Rerun with `make bench` (it installs the peers itself); this file is rewritten each time. "
        "Times are medians of several runs made side by side in one run of `bench/run.py` "
        "(`check` three times at every size, the peers once at 1,000 pages); raw numbers are in `.cache/bench/results.json`.",
        "",
        f"Measured on {dt.date.today().isoformat()}: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB, "
        f"Python {m['python']}, {m['os']}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(m["versions"].items())) + ".",
        "",
    ]
    out += _goals(r)
    if "build" in r:
        b = r["build"]
        out += [
            "## 1. Build of the guide",
            "",
            _table(
                ["command", "wall time", "peak memory"],
                [
                    ["`scripts/build.py check`", _s(b["check"]["seconds"]), f"{b['check']['peak_mb']:.0f} MB"],
                    [
                        "`scripts/build.py build` (all outputs, `make site`)",
                        _s(b["build"]["seconds"]),
                        f"{b['build']['peak_mb']:.0f} MB",
                    ],
                ],
            ),
            "",
        ]
    if "scaling" in r:
        s = r["scaling"]
        rows = [
            [
                row["pages"],
                _s(row["check"]["seconds"]),
                _s(row["check"]["cpu_seconds"]),
                _s(row["site_build"]["seconds"]),
                _s(row["mkdocs_plain"]["seconds"]),
                _s(row["zensical"]["seconds"]),
            ]
            for row in s["rows"]
        ]
        g = s["growth"]
        rows.append(
            [
                "growth exponent",
                f"{g['check']:.2f}",
                f"{g['check_cpu']:.2f}",
                f"{g['site_build']:.2f}",
                f"{g['mkdocs_plain']:.2f}",
                f"{g['zensical']:.2f}",
            ]
        )
        out += [
            "## 2. Scaling with synthetic guides",
            "",
            "`bench/generate.py` writes guides of N pages like the real one (front matter, citations, "
            "glossary terms, admonitions, links to other pages' anchors). `check` is the lean check "
            "(every content check, no navigation rendered; from 200 pages on, the pages are shared "
            "out among the processors, one process each); *site build* is MkDocs + Material with the "
            "guide's plugin (what `build` does for the website); *plain MkDocs* is the same pages "
            "without our plugin; Zensical builds the same `mkdocs.yml` without our plugin (so it "
            "checks less).",
            "",
            _table(
                ["pages", "check", "check, CPU time", "site build (ours)", "plain MkDocs + Material", "Zensical"], rows
            ),
            "",
            "Times are wall times, except *CPU time*: the processor time of all of check's processes "
            "together, which shows how its work grows apart from how many processors share it.",
            "",
        ]
    if "links" in r:
        li = r["links"]
        ours = li["ours"]["seconds"]
        planted = set(li["planted"])
        rows = []
        for name, label in (
            ("ours", "ours (`guide.checks.links`)"),
            ("linkchecker", "linkchecker"),
            ("linkchecker+anchors", "linkchecker + AnchorCheck"),
            ("htmlproofer", "mkdocs-htmlproofer-plugin (time added to the build)"),
            ("zensical", "Zensical (whole build, validation included)"),
        ):
            x = li[name]
            got = set(x["found"])
            shown = f"> {_s(x['seconds'])} (stopped)" if x.get("stopped") else _s(x["seconds"])
            rows.append(
                [
                    label,
                    shown,
                    ("> " if x.get("stopped") else "") + _ratio(ours, x["seconds"]),
                    f"{len(got & planted)} of {len(planted)}",
                    len(x["false"]),
                ]
            )
        out += [
            "## 3. Internal link checking against peers",
            "",
            f"One built synthetic guide of {li['pages']} pages with 5 broken links and 5 broken anchors planted.",
            "",
            _table(["checker", "time", "ours is faster by", "planted breaks found", "false alarms"], rows),
            "",
        ]
    if "external" in r:
        e = r["external"]
        o, lc = e["ours"], e["linkchecker"]
        out += [
            "## 4. External links",
            "",
            f"{e['links']} links to a local server answering in 0 to 160 ms with 200, 301, 404 and 503.",
            "",
            _table(
                ["checker", "time", "requests", "broken found"],
                [
                    ["ours", _s(o["seconds"]), o["requests"], o["broken"]],
                    ["ours, second run (cache)", _s(o["second_seconds"]), o["second_requests"], "-"],
                    ["linkchecker", _s(lc["seconds"]), lc["requests"], lc["broken"]],
                ],
            ),
            "",
        ]
    if "reader" in r:
        rd = r["reader"]
        ours, default = rd["weight"]["median"], rd["default_weight"]["median"]
        rows = [
            [
                kind.upper() if kind in ("html", "css", "js") else kind,
                f"{ours[kind + '_bytes'] / 1024:.1f} KiB",
                f"{ours[kind + '_gzip'] / 1024:.1f} KiB",
                f"{default[kind + '_bytes'] / 1024:.1f} KiB",
                f"{default[kind + '_gzip'] / 1024:.1f} KiB",
            ]
            for kind in ("html", "css", "js", "img", "font", "search", "total")
        ]
        out += [
            "## 5. Page weight",
            "",
            "Median bytes per page (every page's HTML and what it loads; search = the worker and "
            "index fetched after load), raw and gzip -9, against a default Material build of the "
            "same pages (no plugin of ours, Material's defaults: Google Fonts from the network, not counted).",
            "",
            _table(["", "guide", "guide, gzip", "default Material", "default, gzip"], rows),
            "",
            f"Offline zip: {rd['zip'] / 1024:.0f} KiB.",
            "",
        ]
        if rd.get("lighthouse"):

            def row(p):
                failing = sorted({f["id"] for f in p.get("failing", []) if f.get("weight")})
                runs = ", ".join(str(score) for score in p.get("performance_runs", [p["performance"]]))
                return [
                    f"`{p['path']}`",
                    p["form_factor"],
                    p["performance"],
                    runs,
                    p["accessibility"],
                    p["best-practices"],
                    p["seo"],
                    p["metrics"].get("total-blocking-time", "-"),
                    ", ".join(failing) or "-",
                ]

            lh = rd["lighthouse"]
            met = all(
                p["accessibility"] == p["best-practices"] == p["seo"] == 100 and p["performance"] >= 95 for p in lh
            )
            out += [
                "## 6. Lighthouse",
                "",
                "Lighthouse 13.5.0 with the system Chromium, each page served on localhost under "
                "`/guide/` as GitHub Pages serves it (gzip, 10-minute cache). Three runs of each page "
                "and form; the table shows the run with the median performance score, and *runs* "
                "every run's score.",
                "",
                _table(
                    [
                        "page",
                        "form",
                        "performance",
                        "runs",
                        "accessibility",
                        "best practices",
                        "SEO",
                        "blocking time",
                        "scored audits below 1",
                    ],
                    [row(p) for p in lh],
                ),
                "",
                f"Goal (100 in accessibility, best practices and SEO, 95+ performance on every page): "
                f"{'met' if met else 'not met'}.",
                "",
            ]
    # Search: its own step since the test set; results from before it kept it under "reader".
    search = r.get("search") or ({"latency": r["reader"]["search"]} if r.get("reader", {}).get("search") else None)
    if search:
        out += _search_section(search)
    if "speed" in r:
        out += _speed_section(r["speed"])
    return "\n".join(out) + "\n"
