"""External links, checked against a local HTTP server: never the internet."""

from __future__ import annotations

import json
import sys
import time

import pytest

from conftest import FIXTURES, ROOT, run_build
from guide.external import LinkCache, LinkCheckOptions, check_external_links, problems_for, retry_after_seconds
from linkserver import link_server, refused_address

FAST = LinkCheckOptions(timeout_seconds=1, retries=1, backoff_seconds=0.1, cache_max_age_hours=1)


def test_each_answer_is_judged_and_reported(tmp_path):
    with link_server() as (server, base):
        refused = refused_address()
        urls = [f"{base}/ok", f"{base}/moved", f"{base}/missing", f"{base}/busy", f"{base}/slow",
                f"{base}/no-head", refused]
        started = time.monotonic()
        report = check_external_links(urls, FAST, LinkCache(tmp_path / "cache.json", 1))
        took = time.monotonic() - started
    r = report.results
    assert r[f"{base}/ok"].ok and not r[f"{base}/ok"].redirected
    assert r[f"{base}/moved"].ok and r[f"{base}/moved"].final_url == f"{base}/ok"
    assert not r[f"{base}/missing"].ok and r[f"{base}/missing"].status == 404
    # 429 with Retry-After: 1 -> waited, asked again, fine.
    assert r[f"{base}/busy"].ok and server.requests["/busy"] == 2
    assert not r[f"{base}/slow"].ok and r[f"{base}/slow"].error == "no answer within 1 seconds"
    assert r[f"{base}/no-head"].ok and server.methods[("GET", "/no-head")] == 1
    assert not r[refused].ok and r[refused].error.startswith("cannot connect")
    assert took < 10


def test_a_second_run_within_the_age_limit_makes_no_request(tmp_path):
    cache_file = tmp_path / "cache.json"
    with link_server() as (server, base):
        urls = [f"{base}/ok", f"{base}/missing", f"{base}/moved"]
        first = check_external_links(urls, FAST, LinkCache(cache_file, 1))
        requests_after_first = sum(server.requests.values())
        second = check_external_links(urls, FAST, LinkCache(cache_file, 1))
        assert sum(server.requests.values()) == requests_after_first
    assert first.requests_made == 3 and second.requests_made == 0 and second.from_cache == 3
    assert second.results == first.results


def test_an_expired_cache_entry_is_checked_again(tmp_path):
    cache_file = tmp_path / "cache.json"
    with link_server() as (server, base):
        check_external_links([f"{base}/ok"], FAST, LinkCache(cache_file, 1))
        later = LinkCache(cache_file, 1, now=lambda: time.time() + 2 * 3600)
        again = check_external_links([f"{base}/ok"], FAST, later)
    assert again.requests_made == 1 and server.requests["/ok"] == 2


def test_mail_and_phone_links_are_checked_for_syntax_and_never_contacted(tmp_path):
    urls = ["mailto:nurse@example.org", "mailto:nurse-at-example", "tel:+44 20 7946 0000", "tel:call-us"]
    report = check_external_links(urls, FAST, LinkCache(tmp_path / "c.json", 1))
    assert [report.results[u].ok for u in urls] == [True, False, True, False]
    assert report.requests_made == 0
    assert str(problems_for(report.results["tel:call-us"], [("docs/about.md", 7)])[0]) == (
        "docs/about.md:7: The link 'tel:call-us' is not a valid phone number. Correct the address.")


def test_ignored_hosts_are_not_contacted(tmp_path):
    options = LinkCheckOptions(ignore_hosts=("127.0.0.1",))
    with link_server() as (server, base):
        report = check_external_links([f"{base}/ok"], options, LinkCache(tmp_path / "c.json", 1))
    assert report.ignored == [f"{base}/ok"] and sum(server.requests.values()) == 0


def test_per_host_limit_is_respected(tmp_path):
    options = LinkCheckOptions(timeout_seconds=5, per_host=1, retries=0)
    with link_server(slow_seconds=0.3) as (server, base):
        started = time.monotonic()
        check_external_links([f"{base}/slow?{i}" for i in range(3)], options, LinkCache(tmp_path / "c.json", 1))
        took = time.monotonic() - started
    assert took >= 0.9  # one at a time: 3 x 0.3 s


@pytest.mark.parametrize("header, expected", [("7", 7.0), (None, 0.5), ("soon", 0.5)])
def test_retry_after_is_read_as_seconds(header, expected):
    assert retry_after_seconds(header, 0.5) == expected


def _site_linking_to(tmp_path, base):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        (FIXTURES / "good" / "docs" / "second.md").read_text()
        + f"\nRead [the guideline]({base}/ok) and [the old page]({base}/missing).\n")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Links\ntheme:\n  name: material\n  font: false\n"
        f"hooks: [{ROOT / 'scripts' / 'hooks.py'}]\n"
        f"extra:\n  generator: false\n  guide:\n    bibliography: {FIXTURES / '_shared' / 'bibliography.yml'}\n"
        f"    glossary: {FIXTURES / '_shared' / 'glossary.yml'}\n"
        "    severity: {citation-uncited: ignore, glossary-unused: ignore}\n"
        "    external: {timeout_seconds: 2, retries: 0}\n")
    return config


def test_the_build_script_reports_broken_external_links_and_caches_them(tmp_path):
    with link_server() as (server, base):
        config = _site_linking_to(tmp_path, base)
        args = ["check", "--today", "2026-01-01", "--config-file", str(config), "--dist", str(tmp_path / "dist")]
        offline = run_build(*args)
        assert offline.returncode == 0 and sum(server.requests.values()) == 0
        assert "2 external links not checked (run with --external to check them)" in offline.stdout
        first = run_build(*args, "--external", "--report", str(tmp_path / "r1.json"))
        assert first.returncode == 1
        assert f"docs/index.md:15: The link '{base}/missing' is broken (HTTP 404). Open it in a browser; " \
               "update the address or remove the link." in first.stdout.splitlines()
        requests = sum(server.requests.values())
        second = run_build(*args, "--external", "--report", str(tmp_path / "r2.json"))
        assert sum(server.requests.values()) == requests
    assert second.returncode == 1
    links = json.loads((tmp_path / "r2.json").read_text())["links"]
    assert links["external_requests"] == 0 and links["external_from_cache"] == 2
