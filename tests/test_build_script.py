"""The build script, run for real on one small fixture site per kind of problem."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT, run_build, snapshot

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402  (the synthetic guides of the benchmarks)

TODAY = "2026-01-01"

FAILURES = [
    ("frontmatter-yaml", "docs/index.md:3: The front matter is not valid YAML (mapping values are "
     "not allowed in this context). Write each setting as 'key: value' on its own line; put quotes around a "
     "value that contains a colon."),
    ("frontmatter-missing", "docs/index.md:2: The front matter has no 'reviewed_by'. Add "
     "'reviewed_by:' with who signed off the last review."),
    ("frontmatter-date", "docs/index.md:4: 'last_reviewed' is not a real date: '2024-02-30'. "
     "Write a date that exists, as YYYY-MM-DD, for example 2026-03-31."),
    ("frontmatter-unknown-key", "docs/index.md:6: Unknown front matter key 'reviewd'. Remove it or "
     "correct its spelling. Did you mean 'reviewed_by'?"),
    ("review-order", "docs/index.md:6: next_review_due 2023-01-15 is not after last_reviewed "
     "2024-01-15. Set next_review_due to a later date, or remove it to use the review policy."),
    ("citation-unknown", "docs/index.md:13: Unknown citation key 'lepage2051'. Use a key from "
     "../_shared/bibliography.yml. Did you mean 'lepage2015'?"),
    ("link-page-missing", "docs/index.md:13: The link 'steroids.md' points to a page that does not "
     "exist. Link to an existing page's .md file."),
    ("link-anchor-missing", "docs/index.md:15: The link '#treatmnet' points to '#treatmnet', which "
     "is not on index.html. Use an anchor that exists on that page. Did you mean 'treatment'?"),
    ("image-missing", "docs/index.md:13: The file 'nurse.png' does not exist. Add the file under "
     "docs/ or correct its path."),
    ("readability", "docs/index.md:1: The page reads at grade 35.8; the limit is 8. Use shorter "
     "sentences and common words; explain medical words in place."),
    ("unsafe-html", "docs/index.md:13: The page contains an event handler (onclick) on <a>. Remove it: "
     "pages hold Markdown and simple HTML only (no scripts, frames, forms, styles or event handlers), "
     "so that they are safe to publish and print."),
    ("frontmatter-type", "docs/index.md:2: 'title' must be text, not int. Write it as plain text, in "
     "quotes if needed: title: \"...\""),
    ("image-alt-missing", "docs/index.md:13: The image 'nurse.png' has no alt text. Describe the image "
     "in the brackets: ![what it shows](file.png)."),
    ("duplicate-id", "docs/index.md:11: The id 'care' is used more than once. Give each heading or "
     "anchor a unique name, so links land in one place."),
    ("glossary-duplicate", "glossary.yml:6: 'relapse' is defined twice (also at line 4). Keep one "
     "entry for it and remove the other."),
    ("citation-incomplete", "bibliography.yml:1: Entry 'smith2020' (article) is missing volume, pages. "
     "Add the missing fields from the publisher's page."),
    ("glossary-undefined", "docs/index.md:11: The abbreviation 'CSF' is not in the glossary. Add it "
     "to the glossary with its expansion and a plain definition, or spell it out."),
    ("source-copy", "docs/index.md:11: These 12 words are copied from the source article: \"a slow "
     "green turtle walks past the sleepy cat by the pond\". Say it in your own plain words."),
]


@pytest.mark.parametrize("fixture, message", FAILURES, ids=[f for f, _ in FAILURES])
def test_a_content_problem_stops_the_build_with_its_place_and_fix_and_keeps_dist(
        fixture, message, previous_dist):
    before = snapshot(previous_dist)
    # check (lean pages) and build (the real theme) find the same mistake, once.
    for command in ("check", "build"):
        result = run_build(command, "--today", TODAY, fixture=fixture, dist=previous_dist)
        assert result.returncode == 1, result.stdout + result.stderr
        assert message in result.stdout.splitlines(), command
        assert "Errors (1):" in result.stdout, command
    assert snapshot(previous_dist) == before
    assert sorted(p.name for p in previous_dist.parent.iterdir()) == ["dist"]  # no staging left


@pytest.mark.parametrize("fixture, message", [
    ("citation-uncited", "../_shared/bibliography.yml:13: No page cites 'nice2022'. Cite it where "
     "its fact is used ([^nice2022]) or remove the entry."),
])
def test_a_warning_passes_but_fails_under_strict(fixture, message, previous_dist):
    relaxed = run_build("check", "--today", TODAY, fixture=fixture)
    assert relaxed.returncode == 0, relaxed.stdout
    assert message in relaxed.stdout.splitlines()
    before = snapshot(previous_dist)
    strict = run_build("build", "--today", TODAY, "--strict", fixture=fixture, dist=previous_dist)
    assert strict.returncode == 1
    assert message in strict.stdout.splitlines()
    assert snapshot(previous_dist) == before


def test_a_broken_mkdocs_yml_is_a_configuration_error_with_its_line(previous_dist):
    before = snapshot(previous_dist)
    result = run_build("build", fixture="config-broken", dist=previous_dist)
    assert result.returncode == 2
    assert result.stderr.startswith("mkdocs.yml:3: The file is not valid YAML (expected ',' or ']'")
    assert snapshot(previous_dist) == before


def test_a_misspelt_check_name_in_the_settings_is_a_configuration_error():
    result = run_build("check", fixture="settings-typo")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mkdocs.yml:2: extra.guide.severity: unknown check 'review-overdu'. "
        "Did you mean 'review-overdue'? Correct it in mkdocs.yml.")


@pytest.mark.parametrize("args", [["--today", "2026-02-30"], ["--today", "soon"], ["--colour"], ["publish"]])
def test_a_bad_option_is_a_usage_error(args):
    result = run_build("check", *args)
    assert result.returncode == 2
    assert "usage: scripts/build.py" in result.stderr


def test_a_good_site_builds_into_dist_with_a_report(previous_dist):
    result = run_build("build", "--today", TODAY, fixture="good", dist=previous_dist)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 0 errors, 0 warnings, 0 notices, 2 pages" in result.stdout
    assert (previous_dist / "site" / "second" / "index.html").is_file()
    assert "the previous build" not in (previous_dist / "site" / "index.html").read_text()
    report = json.loads((previous_dist / "report.json").read_text())
    assert report["exit_code"] == 0 and report["today"] == TODAY
    assert [p["path"] for p in report["pages"]] == ["docs/index.md", "docs/second.md"]
    assert report["pages"][0]["review"]["next_review_due"] == "2027-01-15"
    for output in ("offline/index.html", "ms-treatment-guide-offline.zip", "pdf/ms-treatment-guide.pdf"):
        assert (previous_dist / output).is_file(), output


def test_check_writes_no_output_and_never_touches_the_sources(previous_dist):
    from conftest import FIXTURES
    sources = snapshot(FIXTURES)
    before = snapshot(previous_dist)
    result = run_build("check", "--today", TODAY, fixture="good", dist=previous_dist)
    assert result.returncode == 0
    assert snapshot(previous_dist) == before
    assert snapshot(FIXTURES) == sources


def test_the_report_option_writes_json_even_when_the_build_fails(tmp_path):
    report_path = tmp_path / "report.json"
    result = run_build("check", "--today", TODAY, "--report", str(report_path), fixture="citation-unknown")
    assert result.returncode == 1
    report = json.loads(report_path.read_text())
    assert report["exit_code"] == 1
    assert [p["kind"] for p in report["problems"]] == ["citation-unknown"]
    assert report["problems"][0]["line"] == 13


@pytest.mark.parametrize("today, exit_code, expected", [
    ("2024-01-14", 1, "docs/index.md:4: last_reviewed 2024-01-15 is in the future (today is 2024-01-14)."),
    ("2026-10-16", 0, None),  # 91 days before the review is due: nothing to say
    ("2026-10-17", 0, "docs/index.md:4: The review is due on 2027-01-15, in 90 days."),
    ("2027-01-15", 0, "docs/index.md:4: The review is due on 2027-01-15, in 0 days."),
    ("2027-01-16", 0, "docs/index.md:4: The review is overdue since 2027-01-15 (last reviewed 2024-01-15)."),
])
def test_review_dates_on_both_sides_of_each_boundary(today, exit_code, expected, tmp_path):
    result = run_build("check", "--today", today, "--report", str(tmp_path / "r.json"), fixture="good")
    assert result.returncode == exit_code, result.stdout
    messages = [p["message"] for p in json.loads((tmp_path / "r.json").read_text())["problems"]
                if p["path"] == "docs/index.md"]
    if expected is None:
        assert messages == []
    else:
        assert messages and messages[0].startswith(expected)


def test_the_review_status_is_one_summary_line_not_a_line_per_page():
    result = run_build("check", "--today", "2027-01-16", fixture="good")
    assert result.returncode == 0
    assert "2 pages are overdue for review: see the table of pages (and --report). A named health " \
           "professional signs each off with 'make review'." in result.stdout.splitlines()
    assert "The review is overdue since" not in result.stdout


def test_an_overdue_page_fails_under_strict_with_a_line_per_page():
    result = run_build("check", "--today", "2027-01-16", "--strict", fixture="good")
    assert result.returncode == 1
    assert "docs/index.md:4: The review is overdue since 2027-01-15 (last reviewed 2024-01-15)." in result.stdout


def test_a_check_split_across_processes_finds_exactly_what_one_process_finds(tmp_path):
    # Pages link to other pages' anchors, so most links cross from one process's share to another's.
    site = generate(tmp_path / "site", pages=12, broken_links=2, broken_anchors=2)
    # A glossary term and a reference that one page in the last share alone uses.
    with (tmp_path / "site" / "docs" / "topic-9.md").open("a") as page:
        page.write("\nAsk your neurologist.[^pif-tick]\n")
    config = str(tmp_path / "site" / "mkdocs.yml")
    runs = {jobs: run_build("check", "--today", TODAY, "--jobs", jobs, "--config-file", config,
                            "--report", str(tmp_path / f"report-{jobs}.json"))
            for jobs in ("1", "3")}
    assert runs["1"].returncode == runs["3"].returncode == 1, runs["3"].stdout + runs["3"].stderr
    assert runs["3"].stdout == runs["1"].stdout
    reports = [json.loads((tmp_path / f"report-{jobs}.json").read_text()) for jobs in runs]
    assert reports[0] == reports[1]
    found = [p["what"] for p in reports[1]["problems"] if p["kind"].startswith("link-")]
    assert len(found) == len(site["links"]) + len(site["anchors"]) == 4
    assert "13 pages" in runs["3"].stdout
