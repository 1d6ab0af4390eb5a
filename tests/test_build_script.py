"""The build script, run for real on one small fixture site per kind of problem."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import ROOT, run_build, snapshot

from devtools.synthetic import generate

pytestmark = pytest.mark.fixtures

TODAY = "2026-01-01"

# A content problem per fixture site (frontmatter-yaml, link-page-missing, ...): each fixture's
# exit code and lines are in its expected.txt, tested by tests/test_hostile_input.py.


@pytest.mark.parametrize(
    "fixture, message",
    [
        (
            "citation-uncited",
            "../_shared/bibliography.yml:13: No page cites 'nice2022'. Cite it where "
            "its fact is used ([^nice2022]) or remove the entry.",
        ),
    ],
)
def test_a_warning_passes_but_fails_under_strict(fixture, message, previous_dist):
    relaxed = run_build("check", "--today", TODAY, fixture=fixture)
    assert relaxed.returncode == 0, relaxed.stdout
    assert message in relaxed.stdout.splitlines()
    before = snapshot(previous_dist)
    strict = run_build("build", "--today", TODAY, "--strict", fixture=fixture, dist=previous_dist)
    assert strict.returncode == 1
    assert message in strict.stdout.splitlines()
    assert snapshot(previous_dist) == before


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
    # Named after the fixture's site_name, "Fixture guide".
    for output in ("offline/index.html", "fixture-guide-offline.zip", "pdf/fixture-guide.pdf"):
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


@pytest.mark.parametrize(
    "today, exit_code, expected",
    [
        ("2024-01-14", 1, "docs/index.md:4: last_reviewed 2024-01-15 is in the future (today is 2024-01-14)."),
        ("2026-10-16", 0, None),  # 91 days before the review is due: nothing to say
        ("2026-10-17", 0, "docs/index.md:4: The review is due on 2027-01-15, in 90 days."),
        ("2027-01-15", 0, "docs/index.md:4: The review is due on 2027-01-15, in 0 days."),
        ("2027-01-16", 0, "docs/index.md:4: The review is overdue since 2027-01-15 (last reviewed 2024-01-15)."),
    ],
)
def test_review_dates_on_both_sides_of_each_boundary(today, exit_code, expected, tmp_path):
    result = run_build("check", "--today", today, "--report", str(tmp_path / "r.json"), fixture="good")
    assert result.returncode == exit_code, result.stdout
    messages = [
        p["message"] for p in json.loads((tmp_path / "r.json").read_text())["problems"] if p["path"] == "docs/index.md"
    ]
    if expected is None:
        assert messages == []
    else:
        assert messages and messages[0].startswith(expected)


def test_the_review_status_is_one_summary_line_not_a_line_per_page():
    result = run_build("check", "--today", "2027-01-16", fixture="good")
    assert result.returncode == 0
    assert (
        "2 pages are overdue for review: see the table of pages (and --report). A named health "
        'professional signs each off: on GitHub with the "Sign off a page" workflow (Actions tab), '
        "or with 'make review'." in result.stdout.splitlines()
    )
    assert "The review is overdue since" not in result.stdout


def test_an_overdue_page_fails_under_strict_with_a_line_per_page():
    result = run_build("check", "--today", "2027-01-16", "--strict", fixture="good")
    assert result.returncode == 1
    assert "docs/index.md:4: The review is overdue since 2027-01-15 (last reviewed 2024-01-15)." in result.stdout


def test_an_overdue_page_points_a_github_editor_to_the_sign_off_workflow_not_to_editing_dates():
    result = run_build(
        "check",
        "--today",
        "2027-01-16",
        "--strict",
        "--format",
        "github",
        fixture="good",
        env={"GITHUB_STEP_SUMMARY": ""},
    )
    annotation = next(line for line in result.stdout.splitlines() if "overdue since 2027-01-15" in line)
    assert annotation.startswith("::error file=docs/index.md,line=4,")
    assert 'choose "Sign off a page" and click "Run workflow"' in annotation
    assert "set last_reviewed" not in result.stdout


def test_a_hard_page_is_annotated_at_its_hardest_sentence_with_the_others_named():
    result = run_build("check", "--format", "github", fixture="readability-sentences", env={"GITHUB_STEP_SUMMARY": ""})
    annotation = next(line for line in result.stdout.splitlines() if "reads at grade" in line)
    assert annotation.startswith("::error file=docs/index.md,line=21,")
    assert "line 13, grade 24.9" in annotation and "line 18, grade 18.6" in annotation


def test_a_check_split_across_processes_finds_exactly_what_one_process_finds(tmp_path):
    # Pages link to other pages' anchors, so most links cross from one process's share to another's.
    site = generate(tmp_path / "site", pages=12, broken_links=2, broken_anchors=2, project=ROOT)
    # A glossary term and a reference that one page in the last share alone uses.
    with (tmp_path / "site" / "docs" / "topic-9.md").open("a") as page:
        page.write("\nAsk your neurologist.[^pif-tick]\n")
    config = str(tmp_path / "site" / "mkdocs.yml")
    runs = {
        jobs: run_build(
            "check",
            "--today",
            TODAY,
            "--jobs",
            jobs,
            "--config-file",
            config,
            "--report",
            str(tmp_path / f"report-{jobs}.json"),
        )
        for jobs in ("1", "3")
    }
    assert runs["1"].returncode == runs["3"].returncode == 1, runs["3"].stdout + runs["3"].stderr
    assert runs["3"].stdout == runs["1"].stdout
    reports = [json.loads((tmp_path / f"report-{jobs}.json").read_text()) for jobs in runs]
    assert reports[0] == reports[1]
    found = [p["what"] for p in reports[1]["problems"] if p["kind"].startswith("link-")]
    assert len(found) == len(site["links"]) + len(site["anchors"]) == 4
    assert "13 pages" in runs["3"].stdout


def test_build_without_pdfs_makes_every_other_output_and_links_the_zip(tmp_path):
    dist = tmp_path / "dist"
    result = run_build("build", "--no-pdf", "--today", TODAY, fixture="good", dist=dist)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (dist / "pdf").exists() and not list(dist.rglob("*.pdf"))
    assert (dist / "site" / "index.html").is_file() and (dist / "offline" / "index.html").is_file()
    zips = [p.name for p in dist.glob("*.zip")]
    assert zips and (dist / "site" / "downloads" / zips[0]).is_file()
    # Zipped by the offline copy's own process, once the copy was finished (README.txt in).
    with zipfile.ZipFile(dist / zips[0]) as archive:
        zipped = {name.split("/", 1)[1] for name in archive.namelist()}
    assert zipped == {p.relative_to(dist / "offline").as_posix() for p in (dist / "offline").rglob("*") if p.is_file()}
    assert "README.txt" in zipped
    assert json.loads((dist / "report.json").read_text())["outputs"] == [
        "site/",
        "offline/",
        zips[0],
        "reviews.csv",
        "reviews.ics",
    ]


def test_no_pdf_goes_with_build_only():
    result = run_build("check", "--no-pdf")
    assert result.returncode == 2
    assert "--no-pdf goes with the build command only" in result.stderr
