"""External links, checked against a local HTTP server: never the internet."""

from __future__ import annotations

import json
import math
import os
import shutil
import time
from dataclasses import asdict

import pytest
from conftest import FIXTURES, run_build
from guide.checks.external import (
    LinkCache,
    LinkCheckOptions,
    LinkResult,
    check_external_links,
    not_public,
    problems_for,
    retry_after_seconds,
)

from devtools.linkserver import HUGE, link_server, refused_address

pytestmark = [pytest.mark.unit, pytest.mark.own_event_loop]

# The local server is on this machine: the tests allow it by name, as a maintainer would in
# mkdocs.yml; any other address inside the network stays refused.
LOCAL = ("127.0.0.1",)
FAST = LinkCheckOptions(
    timeout_seconds=1, retries=1, backoff_seconds=0.1, cache_max_age_hours=1, allow_private_hosts=LOCAL
)


def test_each_answer_is_judged_and_reported(tmp_path):
    with link_server() as (server, base):
        refused = refused_address()
        urls = [
            f"{base}/ok",
            f"{base}/moved",
            f"{base}/missing",
            f"{base}/busy",
            f"{base}/slow",
            f"{base}/no-head",
            refused,
        ]
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
        "docs/about.md:7: The link 'tel:call-us' is not a valid phone number. Correct the address."
    )


def test_ignored_hosts_are_not_contacted(tmp_path):
    options = LinkCheckOptions(ignore_hosts=("127.0.0.1",), allow_private_hosts=LOCAL)
    with link_server() as (server, base):
        report = check_external_links([f"{base}/ok"], options, LinkCache(tmp_path / "c.json", 1))
    assert report.ignored == [f"{base}/ok"] and sum(server.requests.values()) == 0


def test_per_host_limit_is_respected(tmp_path):
    options = LinkCheckOptions(timeout_seconds=5, per_host=1, retries=0, allow_private_hosts=LOCAL)
    with link_server(slow_seconds=0.3) as (server, base):
        started = time.monotonic()
        check_external_links([f"{base}/slow?{i}" for i in range(3)], options, LinkCache(tmp_path / "c.json", 1))
        took = time.monotonic() - started
    assert took >= 0.9  # one at a time: 3 x 0.3 s


@pytest.mark.parametrize("header, expected", [("7", 7.0), (None, 0.5), ("soon", 0.5), ("²", 0.5)])
def test_retry_after_is_read_as_seconds(header, expected):
    assert retry_after_seconds(header, 0.5) == expected


def test_an_answer_that_never_ends_is_given_up_at_the_timeout_on_every_attempt(tmp_path):
    # A header byte every 0.5 s: httpx's timeout, which bounds each read, would wait for ever.
    options = LinkCheckOptions(timeout_seconds=2, retries=1, backoff_seconds=0.1, allow_private_hosts=LOCAL)
    with link_server(drip_seconds=0.5) as (server, base):
        started = time.monotonic()
        report = check_external_links([f"{base}/drip"], options, LinkCache(tmp_path / "c.json", 1))
        took = time.monotonic() - started
    result = report.results[f"{base}/drip"]
    assert not result.ok and result.error == "no answer within 2 seconds"
    assert server.requests["/drip"] == 2 and took < 6  # two attempts of 2 s, and a little


@pytest.mark.parametrize("path, final", [("/huge", None), ("/moved-huge", "/ok")])
def test_a_huge_body_is_never_read_not_even_on_a_redirect(tmp_path, path, final):
    # httpx reads the body of every redirect it follows itself, so /moved-huge proves the checker
    # follows them without reading.
    with link_server() as (server, base):
        started = time.monotonic()
        report = check_external_links([base + path], FAST, LinkCache(tmp_path / "c.json", 1))
        took = time.monotonic() - started
    result = report.results[base + path]
    assert result.ok and result.status == 200 and result.final_url == (final and base + final)
    assert server.methods[("GET", path)] == 1 and took < 5
    # What the server got into the sockets' buffers before the checker hung up: a few MB at most.
    assert server.body_bytes_sent[path] < HUGE / 8


def test_addresses_that_cannot_be_parsed_are_reported_as_broken_and_the_rest_still_checked(tmp_path):
    bad = [
        "http://[fe80::1/x",
        "http://example.invalid:99999/",
        "http:///no-host",
        "https://",
        "ftp://example.invalid/file",
        "javascript:alert(1)",
        "http://xn--/",
    ]
    with link_server() as (server, base):
        report = check_external_links([*bad, f"{base}/ok"], FAST, LinkCache(tmp_path / "c.json", 1))
    assert report.results[f"{base}/ok"].ok and report.requests_made == 1
    for url in bad:
        assert report.results[url] == LinkResult(url, False, None, error="not a valid web address")
    assert str(problems_for(report.results[bad[0]], [("docs/a.md", 3)])[0]) == (
        "docs/a.md:3: The link 'http://[fe80::1/x' is broken (not a valid web address). "
        "Open it in a browser; update the address or remove the link."
    )


def test_a_redirect_to_a_host_that_cannot_be_encoded_is_reported_as_broken(tmp_path):
    with link_server() as (server, base):
        report = check_external_links(
            [f"{base}/moved-nowhere", f"{base}/ok"],
            LinkCheckOptions(retries=0, allow_private_hosts=LOCAL),
            LinkCache(tmp_path / "c.json", 1),
        )
    assert report.results[f"{base}/ok"].ok
    result = report.results[f"{base}/moved-nowhere"]
    assert not result.ok and result.error.startswith("cannot connect")


@pytest.mark.parametrize(
    "setting, value",
    [
        ("per_host", 0),
        ("retries", -1),
        ("timeout_seconds", 0),
        ("timeout_seconds", -1),
        ("timeout_seconds", math.nan),
        ("timeout_seconds", math.inf),
        ("concurrency", 0),
        ("cache_max_age_hours", -1),
        ("per_host", 1.5),
    ],
)
def test_options_out_of_range_are_refused_by_name(setting, value):
    with pytest.raises(ValueError, match=f"^{setting} must be"):
        LinkCheckOptions(**{setting: value})


@pytest.mark.parametrize(
    "address, kind",
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "private"),  # reserved, and counted as private by Python
        ("100.64.0.1", "non-public"),  # shared address space (carrier-grade NAT)
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_addresses_inside_a_network_are_named_by_kind(address, kind):
    assert not_public(address) == kind


def test_a_loopback_or_private_address_is_refused_without_a_request(tmp_path):
    with link_server() as (server, base):
        port = base.rsplit(":", 1)[1]
        urls = [f"{base}/ok", f"http://localhost:{port}/ok", f"http://[::ffff:127.0.0.1]:{port}/ok"]
        options = LinkCheckOptions(timeout_seconds=2, retries=2)  # nothing allowed
        report = check_external_links(urls, options, LinkCache(tmp_path / "c.json", 1))
    assert sum(server.requests.values()) == 0
    assert report.results[f"{base}/ok"] == LinkResult(
        f"{base}/ok",
        False,
        None,
        error="it leads to 127.0.0.1, a loopback address, which the link check does not visit",
    )
    assert report.results[f"http://localhost:{port}/ok"].error.startswith("it leads to localhost (")
    assert "a loopback address" in report.results[f"http://[::ffff:127.0.0.1]:{port}/ok"].error
    assert report.requests_made == 3  # one attempt each: a refused address is not retried
    assert str(problems_for(report.results[f"{base}/ok"], [("docs/a.md", 3)])[0]) == (
        f"docs/a.md:3: The link '{base}/ok' is not checked: it leads to 127.0.0.1, a loopback address, "
        "which the link check does not visit. Link to the public address of the page; if the host is "
        "meant to be reached, list it in the guide plugin's external: allow_private_hosts setting in mkdocs.yml."
    )
    assert not (tmp_path / "c.json").exists() or "127.0.0.1" not in (tmp_path / "c.json").read_text()


@pytest.mark.parametrize(
    "path, refused",
    [
        ("/to-metadata", "169.254.169.254, a link-local address"),
        ("/to-other-loopback", "127.0.0.2, a loopback address"),
    ],
)
def test_a_redirect_into_the_network_is_refused_even_from_an_allowed_host(tmp_path, path, refused):
    with link_server() as (server, base):
        report = check_external_links([base + path], FAST, LinkCache(tmp_path / "c.json", 1))
    result = report.results[base + path]
    assert server.requests[path] == 1 and sum(server.requests.values()) == 1
    assert not result.ok and result.error == f"it leads to {refused}, which the link check does not visit"


def test_an_allowed_network_or_host_name_may_be_checked(tmp_path):
    with link_server() as (server, base):
        port = base.rsplit(":", 1)[1]
        for allowed, url in ((("127.0.0.0/8",), f"{base}/ok"), (("LocalHost.",), f"http://localhost:{port}/ok")):
            options = LinkCheckOptions(timeout_seconds=2, retries=0, allow_private_hosts=allowed)
            result = check_external_links([url], options, LinkCache(tmp_path / "c.json", 0)).results[url]
            assert result.ok, (allowed, result)
    assert server.requests["/ok"] == 2


@pytest.mark.parametrize("entry", ["", "  ", 3])
def test_an_allowed_host_that_is_no_host_is_refused(entry):
    with pytest.raises(ValueError, match="^allow_private_hosts must list host names or addresses"):
        LinkCheckOptions(allow_private_hosts=(entry,))


GOOD = "https://example.org/good"
PAGE = "https://example.org/page"


def _entry(address: str, checked_at: float | None = None, **changes) -> dict:
    """A cache entry as LinkCache writes it, with changes to its result."""
    result = {**asdict(LinkResult(address, True, 200)), **changes}
    return {"checked_at": time.time() if checked_at is None else checked_at, "result": result}


@pytest.mark.parametrize(
    "content", [b"not JSON {", b"\xff\xfe not UTF-8", b"[1, 2]", b'"a string"', b"null", b"[" * 100_000, b""]
)
def test_a_cache_file_that_is_not_a_json_object_is_started_again(tmp_path, content):
    path = tmp_path / "cache.json"
    path.write_bytes(content)
    cache = LinkCache(path, 1)
    assert cache.entries == {} and cache.get(GOOD) is None
    cache.put(LinkResult(GOOD, True, 200))
    cache.save()
    assert LinkCache(path, 1).get(GOOD) == LinkResult(GOOD, True, 200)


BAD_ENTRIES = {
    "a number": 1,
    "a string": "entry",
    "a list": [],
    "null": None,
    "empty": {},
    "no result": {"checked_at": 1.0},
    "no date": {"result": _entry(PAGE)["result"]},
    "date a string": _entry(PAGE, checked_at="yesterday"),
    "date a boolean": _entry(PAGE, checked_at=True),
    "date NaN": _entry(PAGE, checked_at=math.nan),
    "an unknown field": {**_entry(PAGE), "more": 1},
    "result a string": {"checked_at": time.time(), "result": "ok"},
    "result fields missing": {"checked_at": time.time(), "result": {"url": PAGE, "ok": True}},
    "an unknown result field": _entry(PAGE, extra="field"),
    "ok a string": _entry(PAGE, ok="yes"),
    "status a string": _entry(PAGE, status="200"),
    "status a boolean": _entry(PAGE, status=True),
    "status out of range": _entry(PAGE, status=99999),
    "final_url a number": _entry(PAGE, final_url=5),
    "error null": _entry(PAGE, error=None),
    "another address": _entry(PAGE, url="https://example.org/another"),
}


@pytest.mark.parametrize("bad", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_a_bad_cache_entry_is_dropped_and_the_others_kept(tmp_path, bad):
    path = tmp_path / "cache.json"
    good = _entry(GOOD)
    path.write_text(json.dumps({GOOD: good, PAGE: bad}), encoding="utf-8")
    cache = LinkCache(path, 1)
    assert cache.get(PAGE) is None and cache.get(GOOD) == LinkResult(GOOD, True, 200)
    cache.save()
    assert json.loads(path.read_text(encoding="utf-8")) == {GOOD: good}


def test_a_cache_entry_from_the_future_is_not_trusted(tmp_path):
    path = tmp_path / "cache.json"
    path.write_text(json.dumps({PAGE: _entry(PAGE, checked_at=time.time() + 10 * 365 * 24 * 3600)}))
    assert LinkCache(path, 1).get(PAGE) is None


def test_a_save_cut_short_leaves_the_previous_cache_whole(tmp_path, monkeypatch):
    path = tmp_path / "cache.json"
    cache = LinkCache(path, 1)
    cache.put(LinkResult(GOOD, True, 200))
    cache.save()
    before = path.read_text(encoding="utf-8")

    class Killed(BaseException):
        pass

    def half_then_killed(obj, file, **kwargs):
        file.write(json.dumps(obj, **kwargs)[:10])
        raise Killed

    cache.put(LinkResult(PAGE, False, 404, error="HTTP 404"))
    monkeypatch.setattr(json, "dump", half_then_killed)
    with pytest.raises(Killed):
        cache.save()
    assert path.read_text(encoding="utf-8") == before and os.listdir(tmp_path) == ["cache.json"]


def _site_linking_to(tmp_path, base):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        (FIXTURES / "good" / "docs" / "second.md").read_text()
        + f"\nRead [the guideline]({base}/ok) and [the old page]({base}/missing).\n"
    )
    shutil.copytree(FIXTURES / "_shared", tmp_path / "_shared")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Links\ntheme:\n  name: material\n  font: false\n"
        "extra:\n  generator: false\n"
        "plugins:\n  guide:\n    bibliography: _shared/bibliography.yml\n"
        "    glossary: _shared/glossary.yml\n"
        "    severity: {citation-uncited: ignore, glossary-unused: ignore}\n"
        "    external: {timeout_seconds: 2, retries: 0, allow_private_hosts: [127.0.0.1]}\n"
    )
    return config


@pytest.mark.fixtures
def test_the_build_script_reports_broken_external_links_and_caches_them(tmp_path):
    with link_server() as (server, base):
        config = _site_linking_to(tmp_path, base)
        args = ["check", "--today", "2026-01-01", "--config-file", str(config), "--dist", str(tmp_path / "dist")]
        offline = run_build(*args)
        assert offline.returncode == 0 and sum(server.requests.values()) == 0
        assert "2 external links not checked (run with --external to check them)" in offline.stdout
        first = run_build(*args, "--external", "--report", str(tmp_path / "r1.json"))
        assert first.returncode == 1
        assert (
            f"docs/index.md:15: The link '{base}/missing' is broken (HTTP 404). Open it in a browser; "
            "update the address or remove the link." in first.stdout.splitlines()
        )
        requests = sum(server.requests.values())
        second = run_build(*args, "--external", "--report", str(tmp_path / "r2.json"))
        assert sum(server.requests.values()) == requests
    assert second.returncode == 1
    links = json.loads((tmp_path / "r2.json").read_text())["links"]
    assert links["external_requests"] == 0 and links["external_from_cache"] == 2
