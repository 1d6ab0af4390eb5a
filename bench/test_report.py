"""The benchmark report (bench/report.py): what BENCHMARKS.md says about each goal. It lives
beside the benchmarks because tests/ never imports bench/; `make test` runs it with the rest."""

from __future__ import annotations

import pytest
import report

pytestmark = pytest.mark.unit


def test_the_benchmark_report_says_whether_each_search_goal_is_met():
    def part(percent, misses=()):
        return {"hits": 0, "queries": 20, "percent": percent, "misses": list(misses)}

    miss = {"query": "speech problems", "expected": "rehabilitation", "first": "glossary"}
    search = {
        "accuracy": {
            "file": {"tuned": part(100.0), "held_out": part(95.0, [miss])},
            "localhost": {"tuned": part(100.0), "held_out": part(89.5, [miss])},
            "outside": [],
        },
        "latency": [
            {
                "query": "physio",
                "cold": {"median_ms": 151.0, "max_ms": 200.0},
                "cold_after_last_key": {"median_ms": 90.0, "max_ms": 120.0},
                "warm": {"median_ms": 30.0, "max_ms": 40.0},
                "results": "1 matching document",
                "outside": ["https://cdn.example/x.js"],
            }
        ],
    }
    goals = report._search_goals(search)
    assert goals == [
        "- Search: the right page first for at least 90 % of the test set, tuned and held-out queries: not met "
        "(over `file://` 100 % tuned, 95 % held out; on localhost 100 % tuned, 89.5 % held out).",
        "- Search: cold latency at most 150 ms on the offline copy (each query's median): not met (slowest "
        "151 ms, 'physio').",
        "- Search: at most 150 ms from the last key to the final results on the offline copy, cold (each query's "
        "median): met (slowest 90 ms, 'physio').",
        "- Search: no request outside the bundle or the host: not met (https://cdn.example/x.js).",
    ]
    section = "\n".join(report._search_section(search))
    assert "| held out (20) | 95 % (0) | 89.5 % (0) |" in section
    assert "Missed: 'speech problems' (wanted rehabilitation, got glossary)." in section
    assert "| physio | 151 ms | 200 ms | 90 ms | 30 ms | 40 ms | 1 matching document |" in section


def test_the_search_report_shows_each_held_out_set_and_the_search_before_beside_it():
    def part(percent):
        return {"hits": 1, "queries": 2, "percent": percent, "misses": []}

    parts = {"tuned": part(100.0), "held_out": part(100.0), "held_out_patients": part(50.0)}
    timed = {"query": "physio", "cold": {"median_ms": 40.0, "max_ms": 50.0}, "warm": {"median_ms": 9.0, "max_ms": 9.0}}
    search = {
        "accuracy": {"file": parts, "localhost": parts, "outside": []},
        "latency": [{**timed, "results": "1 matching document"}],
        "before": {
            "what": "Before:",
            "file": parts,
            "localhost": parts,
            "latency_what": "the old search, same run.",
            "latency": [{**timed, "cold": {"median_ms": 70.0}, "warm": {"median_ms": 20.0}}],
        },
    }
    goals = report._search_goals(search)
    assert goals[0].startswith("- Search: the right page first for at least 90 % of the test set, tuned and held-out")
    assert ": not met (over `file://` 100 % tuned, 100 % held out, 50 % held out, issue 25;" in goals[0]
    section = "\n".join(report._search_section(search))
    assert section.count("| held out, issue 25 (2) | 50 % (1) | 50 % (1) |") == 2  # now, and before
    # A run without the time from the last key (as the search before was timed) shows none.
    assert "| physio | 40 ms | 50 ms | - | 9 ms | 9 ms | 1 matching document | 70 ms | 20 ms |" in section
    assert "building its index" not in section  # no engine timing, no line about it
    search["engine"] = {
        "load": {"min_ms": 3.0, "median_ms": 4.0},
        "setup": {"min_ms": 20.0, "median_ms": 25.0},
        "typed": {"physio": {"min_ms": 2.0, "median_ms": 3.0}, "xyzzy": {"min_ms": 1.0, "median_ms": 1.5}},
    }
    section = "\n".join(report._search_section(search))
    assert "building its index 20 ms (25 ms), every keystroke of the slowest query, 'physio', 2 ms (3 ms)" in section


def speed(ours: float, zensical: float, preview: float, peak: float = 700.0) -> dict:
    def row(shape, pages, factor):
        def run(seconds):
            return {"seconds": seconds * factor, "peak_mb": peak}

        return {"shape": shape, "pages": pages, "ours": run(ours), "zensical": run(zensical), "mkdocs_plain": run(1)}

    rows = [row(shape, pages, pages / 1000) for shape in ("flat", "sectioned") for pages in (100, 1000)]
    growth = {
        f"{shape}/{tool}": 1.0 for shape in ("flat", "sectioned") for tool in ("ours", "zensical", "mkdocs_plain")
    }
    pdf = [{"pages": 100, "printed_pages": 40, "seconds": 4.0, "per_100_printed": 10.0, "peak_mb": 300}]
    preview = {
        "pages": 1000,
        "first_build": 60.0,
        "seconds": preview,
        "all": [preview],
        "problems_logged": True,
        "peak_mb": peak,
    }
    return {"rows": rows, "growth": growth, "pdf": pdf, "preview": preview}


def test_the_benchmark_report_says_whether_each_speed_goal_is_met():
    met = report._speed_goals(speed(ours=20, zensical=30, preview=0.6))
    assert [line.split(": ")[1].split(" (")[0] for line in met] == ["met"] * 5
    missed = report._speed_goals(speed(ours=40, zensical=30, preview=1.5, peak=1500))
    assert [line.split(": ")[1].split(" (")[0] for line in missed] == ["not met", "met", "met", "not met", "not met"]
    assert "## 8." in "\n".join(report._speed_section(speed(ours=20, zensical=30, preview=0.6)))


def test_the_search_goal_is_the_readers_wait_and_the_typed_time_is_shown_beside_it():
    def part(percent):
        return {"hits": 1, "queries": 1, "percent": percent, "misses": []}

    parts = {"tuned": part(100.0)}
    search = {
        "accuracy": {"file": parts, "localhost": parts, "outside": []},
        "latency": [
            {
                "query": "physio",
                "reader_wait": {"median_ms": 60.0, "max_ms": 80.0},
                "cold": {"median_ms": 210.0, "max_ms": 260.0},
                "cold_after_last_key": {"median_ms": 40.0, "max_ms": 50.0},
                "warm": {"median_ms": 30.0, "max_ms": 40.0},
                "results": "1 matching document",
            },
            {
                "query": "wheelchair",
                "reader_wait": {"median_ms": 151.0, "max_ms": 170.0},
                "cold": {"median_ms": 120.0, "max_ms": 130.0},
                "warm": {"median_ms": 30.0, "max_ms": 40.0},
                "results": "1 matching document",
            },
        ],
    }
    goals = report._search_goals(search)
    assert goals[1] == (
        "- Search: cold query latency (the reader's wait: a freshly loaded page, the whole query entered at once, "
        "to the final results) at most 150 ms on the offline copy (each query's median): not met (slowest "
        "151 ms, 'wheelchair')."
    )
    assert goals[2].startswith("- Search, typed key by key from the first key (it holds the robot's typing")
    assert goals[2].endswith("not met (slowest 210 ms, 'physio').")
    section = "\n".join(report._search_section(search))
    assert "| query | reader's wait median | reader's wait max | typed: cold median | typed: cold max |" in section
    assert "| physio | 60 ms | 80 ms | 210 ms | 260 ms | 40 ms | 30 ms | 40 ms | 1 matching document |" in section
    search["latency"][1]["reader_wait"]["median_ms"] = 90.0
    assert ": met (slowest 90 ms, 'wheelchair')." in report._search_goals(search)[1]
