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
        "- Search: no request outside the bundle or the host: not met (https://cdn.example/x.js).",
    ]
    section = "\n".join(report._search_section(search))
    assert "| held out (20) | 95 % (0) | 89.5 % (0) |" in section
    assert "Missed: 'speech problems' (wanted rehabilitation, got glossary)." in section
    assert "| physio | 151 ms | 200 ms | 30 ms | 40 ms | 1 matching document |" in section
