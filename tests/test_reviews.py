"""Reviews that stay true: drafts never published, what changed told to readers, and the review
status that shows itself on the reader's clock, on the website and the offline copy."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_fixture, run_build
from guide.mkdocs_run import run_build as run_mkdocs
from guide.settings import RunOptions
from pypdf import PdfReader

from devtools.serving import serve

pytestmark = pytest.mark.fixtures

TODAY = "2026-01-01"
DRAFT_WORDS = ("Diet and food", "Zucchini", "secret draft change")


@pytest.fixture(scope="module")
def built_drafts(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("drafts") / "dist"
    result = run_build("build", "--today", TODAY, fixture="review-drafts", dist=dist)
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


def every_text(dist: Path) -> dict[str, str]:
    """Every published file's text: pages, search index, sitemap, the zip's files, the PDFs."""
    texts = {}
    for path in dist.rglob("*"):
        rel = path.relative_to(dist).as_posix()
        if path.suffix == ".pdf":
            texts[rel] = "".join(page.extract_text() for page in PdfReader(path).pages)
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                texts.update(
                    {f"{rel}/{name}": archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
                )
        elif path.is_file() and path.suffix in (".html", ".js", ".json", ".xml", ".txt"):
            texts[rel] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def test_a_draft_is_in_no_published_output_and_is_listed_in_the_report(built_drafts):
    texts = every_text(built_drafts)
    assert any(name.endswith("search_index.json") for name in texts)  # the search index was read
    assert any(name.endswith(".pdf") for name in texts)
    published = {name: text for name, text in texts.items() if name != "report.json"}
    for word in DRAFT_WORDS:
        assert not [name for name, text in published.items() if word in text], word
    assert not (built_drafts / "site" / "diet").exists()
    report = json.loads((built_drafts / "report.json").read_text())
    draft = next(p for p in report["pages"] if p["path"] == "docs/diet.md")
    assert draft["draft"] is True and draft["review"] is None


def test_the_preview_shows_a_draft_with_its_banner(tmp_path):
    run_mkdocs(
        FIXTURES / "review-drafts" / "mkdocs.yml",
        tmp_path / "site",
        RunOptions(today=dt.date(2026, 1, 1), publish=False),
    )
    html = (tmp_path / "site" / "diet" / "index.html").read_text()
    assert "Draft: not yet checked by a health professional" in html and "Zucchini" in html


def test_what_changed_is_on_the_page_and_on_the_recent_changes_page_newest_first(built_drafts):
    page = (built_drafts / "site" / "index.html").read_text()
    assert page.index("1 February 2024: Added what to do") < page.index("20 January 2024: Said that")
    assert "What changed on this page" in page
    changes = (built_drafts / "site" / "changes" / "index.html").read_text()
    assert changes.index("1 February 2024") < changes.index("20 January 2024")
    assert '<a href="..">Relapses</a>' in changes or '<a href="../">Relapses</a>' in changes


def notice_shown(browser, url: str, today: str) -> tuple[bool, bool]:
    """Whether the "may be out of date" notice and the "(overdue)" mark show on that day."""
    page = browser.new_page()
    try:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{today}T12:00:00"))
        page.goto(url)
        return (
            page.locator(".guide-review-notice").is_visible(),
            page.locator(".guide-review [data-guide-due]").is_visible(),
        )
    finally:
        page.close()


@pytest.mark.parametrize("output", ["site", "offline"])
def test_a_copy_built_before_the_due_date_says_so_when_opened_after_it(built_drafts, browser, output):
    # Built on 2026-01-01; the review of index.md is due on 2027-01-15.
    if output == "offline":
        url = (built_drafts / "offline" / "index.html").as_uri()
        assert notice_shown(browser, url, "2027-01-15") == (False, False)
        assert notice_shown(browser, url, "2030-06-01") == (True, True)
        return
    with serve(built_drafts / "site", "guide") as base:
        assert notice_shown(browser, base, "2026-06-01") == (False, False)
        assert notice_shown(browser, base, "2027-01-16") == (True, True)


def test_without_javascript_the_status_at_build_time_stays(built_drafts, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((built_drafts / "offline" / "index.html").as_uri())
        assert not page.locator(".guide-review-notice").is_visible()
        assert page.locator(".guide-review").is_visible()
    finally:
        context.close()


def good_copy(tmp_path: Path) -> Path:
    """The 'good' fixture in a folder of its own, so that a sign-off may change it."""
    return copy_fixture("good", tmp_path)


@pytest.mark.parametrize(
    "page, by, date, message",
    [
        (
            "indx.md",
            "Dr A, nurse",
            [],
            "indx.md: there is no such page in docs/. Did you mean 'index.md'? "
            "Give the page's file name, e.g. relapses.md.",
        ),
        (
            "index.md",
            "Dr A, nurse",
            ["--date", "2026-01-02"],
            "docs/index.md: The sign-off date 2026-01-02 is in "
            "the future (today is 2026-01-01). Give the date the reviewer signed off: today or earlier.",
        ),
        (
            "index.md",
            "  ",
            [],
            "docs/index.md: No reviewer was given. Give the reviewer's name and role, e.g. "
            '"Dr Jane Doe, MS nurse specialist".',
        ),
        (
            "index.md",
            "Dr A, nurse",
            ["--date", "2024-01-14"],
            "docs/index.md: The sign-off date 2024-01-14 is "
            "before last_reviewed, 2024-01-15. Give the date of this review: 2024-01-15 or later.",
        ),
    ],
)
def test_a_sign_off_is_refused_with_one_line_and_the_page_untouched(tmp_path, page, by, date, message):
    site = good_copy(tmp_path)
    before = (site / "docs" / "index.md").read_bytes()
    result = run_build("review", page, "--by", by, *date, "--today", TODAY, "--config-file", str(site / "mkdocs.yml"))
    assert result.returncode == 2
    assert result.stderr.strip() == message
    assert (site / "docs" / "index.md").read_bytes() == before


def test_a_sign_off_is_recorded_and_checked_and_a_hand_moved_date_or_a_later_edit_is_caught(tmp_path):
    site = good_copy(tmp_path)
    config = str(site / "mkdocs.yml")
    page = site / "docs" / "index.md"
    signed = run_build(
        "review",
        "index.md",
        "--by",
        "Dr B Example, MS nurse",
        "--date",
        "2025-06-01",
        "--today",
        TODAY,
        "--config-file",
        config,
    )
    assert signed.returncode == 0, signed.stderr
    text = page.read_text()
    assert 'reviewed_by: "Dr B Example, MS nurse"' in text and "last_reviewed: 2025-06-01" in text
    assert '- {date: 2025-06-01, by: "Dr B Example", role: "MS nurse", text: "sha256:' in text
    assert run_build("check", "--today", TODAY, "--config-file", config).returncode == 0
    # Moved by hand: not the recorded sign-off.
    page.write_text(text.replace("last_reviewed: 2025-06-01", "last_reviewed: 2025-12-01"))
    moved = run_build("check", "--today", TODAY, "--config-file", config)
    assert moved.returncode == 1
    assert (
        "docs/index.md:4: last_reviewed and reviewed_by (2025-12-01, Dr B Example, MS nurse) are not the "
        "latest recorded sign-off (2025-06-01, Dr B Example, MS nurse). Only a sign-off moves them: put back "
        'the dates, ask the reviewer to sign off, then on GitHub, open the Actions tab, choose "Sign off a page" '
        'and click "Run workflow" (or run make review PAGE=index.md BY="Name, role").'
    ) in moved.stdout
    # Reworded after the sign-off: a warning; reformatted only: nothing.
    page.write_text(text.replace("**", "").replace("Most relapses get better.", "Most relapses get\nbetter."))
    assert "review-changed" not in run_build("check", "--today", TODAY, "--config-file", config).stdout
    page.write_text(text.replace("Most relapses get better.", "Most relapses get worse."))
    changed = run_build("check", "--today", TODAY, "--config-file", config)
    assert changed.returncode == 0
    assert (
        "docs/index.md:4: The text changed after Dr B Example, MS nurse signed it off on 2025-06-01. "
        "Ask the reviewer to confirm the change, then run review again."
    ) in changed.stdout


def test_the_review_schedule_is_a_spreadsheet_and_a_calendar(tmp_path):
    import csv

    from icalendar import Calendar

    out = tmp_path / "schedule"
    result = run_build("reviews", "--today", "2026-12-01", "--out", str(out), fixture="review-drafts")
    assert result.returncode == 0, result.stderr
    with (out / "reviews.csv").open(encoding="utf-8-sig", newline="") as sheet:
        rows = {row["page"]: row for row in csv.DictReader(sheet)}
    assert rows["docs/index.md"]["next due"] == "2027-01-15" and rows["docs/index.md"]["days left"] == "45"
    assert rows["docs/index.md"]["status"] == "due soon" and rows["docs/diet.md"]["status"] == "draft"
    events = Calendar.from_ical((out / "reviews.ics").read_bytes()).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Review due: Recent changes", "Review due: Relapses"]
    assert {e["DTSTART"].dt for e in events} == {dt.date(2027, 1, 15)}
    assert "https://example.org/guide/" in str(events[0]["URL"])


def test_make_site_puts_the_review_schedule_in_dist(built_drafts):
    assert (built_drafts / "reviews.csv").is_file() and (built_drafts / "reviews.ics").is_file()


@pytest.mark.content  # the real guide, signed off and built in a copy
def test_after_a_real_sign_off_the_content_tests_and_the_build_still_pass(tmp_path):
    """The content tests follow rules, not today's dates: a sign-off must not break them."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "main"
    for name in ("docs", "overrides", "scripts", "tests"):
        shutil.copytree(
            ROOT / name, copy / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache")
        )
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")  # the test layers (markers)
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # the source article, as beside the project
    signed = run_build(
        "review", "relapses.md", "--by", "Dr Jane Doe, MS nurse specialist", "--config-file", str(copy / "mkdocs.yml")
    )
    assert signed.returncode == 0, signed.stderr
    assert "Dr Jane Doe" in (copy / "docs" / "relapses.md").read_text()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/test_guide_content.py"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def _values_pass_through_the_shell(project: Path) -> bool:
    """Whether the Makefile writes PAGE and BY into its command line (where the shell reads `...`
    and $...) instead of passing them in the environment."""
    import subprocess

    dry_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.ready", "review", "PAGE=PAGE-VALUE", "BY=BY-VALUE"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return "PAGE-VALUE" in dry_run.stdout or "BY-VALUE" in dry_run.stdout


# make in a copy of the project, once per typed value (half a minute): `make test` runs it.
@pytest.mark.slow
def test_make_review_records_a_hostile_name_as_typed_and_runs_nothing(tmp_path):
    import shutil
    import subprocess

    copy = tmp_path / "project"
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("Makefile", "mkdocs.yml", "requirements.txt", "requirements-test.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    if _values_pass_through_the_shell(copy):
        pytest.skip("the Makefile passes PAGE and BY through the shell, not the environment (issue 21)")
    by = 'Dr $mith `touch ran-1` $(touch ran-2); Doe\'s "team" \\ x, MS nurse'
    page = copy / "docs" / "relapses.md"

    def make_review(page_name: str) -> subprocess.CompletedProcess:
        command = ["make", "--no-print-directory", "-o", ".venv/.ready", "review", f"PAGE={page_name}", f"BY={by}"]
        return subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=120)

    before = page.read_text()
    refused = make_review("`touch ran-3`relapses.md")
    assert refused.returncode != 0 and "there is no such page in docs/" in refused.stderr
    assert page.read_text() == before
    signed = make_review("relapses.md")
    assert signed.returncode == 0, signed.stderr
    assert 'by: "Dr $mith `touch ran-1` $(touch ran-2); Doe\'s \\"team\\" \\\\ x", role: "MS nurse"' in page.read_text()
    assert not [p for p in copy.rglob("ran-*")] and not list(Path.cwd().glob("ran-*"))


def make_copy(tmp_path: Path) -> Path:
    """The 'good' fixture with the project's Makefile and build script, and this test's Python as
    its .venv (nothing is installed: `make -o` takes the .venv as it is)."""
    import sys

    site = good_copy(tmp_path)
    shutil.copy(ROOT / "Makefile", site / "Makefile")
    (site / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "build.py", site / "scripts" / "build.py")
    (site / ".venv").symlink_to(Path(sys.prefix))
    return site


def run_make(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("PAGE", "BY", "DATE", "TODAY", "FORMAT", "MAKEFLAGS", "MFLAGS"):
        env.pop(name, None)
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.ready", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


# make in a copy of the project, once per typed value (half a minute): `make test` runs it.
@pytest.mark.slow
def test_make_review_passes_what_was_typed_to_the_command_as_it_is_and_runs_none_of_it(tmp_path):
    site = make_copy(tmp_path)
    page = site / "docs" / "index.md"
    before = page.read_bytes()
    refused = run_make(
        site, "review", f"PAGE=x`touch {tmp_path}/ran`$(touch {tmp_path}/ran2).md", "BY=Dr $mith, MS nurse"
    )
    assert refused.returncode == 2
    assert f"x`touch {tmp_path}/ran`$(touch {tmp_path}/ran2).md: there is no such page in docs/." in refused.stderr
    assert not list(tmp_path.glob("ran*")) and page.read_bytes() == before
    name = f'Dr $mith "`touch {tmp_path}/ran`" $(touch {tmp_path}/ran) $$HOME ${{BY}} \''
    signed = run_make(site, "review", "PAGE=index.md", f"BY={name}, MS nurse", "DATE=2025-06-01")
    assert signed.returncode == 0, signed.stderr
    assert not list(tmp_path.glob("ran*"))
    escaped = name.replace('"', '\\"')
    assert f'- {{date: 2025-06-01, by: "{escaped}", role: "MS nurse", text: "sha256:' in page.read_text()
    # A page name that looks like an option is a page name.
    option = run_make(site, "review", "PAGE=--help", "BY=Dr A, nurse")
    assert option.returncode == 2 and "--help: there is no such page in docs/." in option.stderr


def test_make_reviews_takes_today_as_a_value_only(tmp_path):
    site = make_copy(tmp_path)
    refused = run_make(site, "reviews", f"TODAY=$(touch {tmp_path}/ran)")
    assert refused.returncode == 2 and "is not a date; write it as YYYY-MM-DD" in refused.stderr
    assert not list(tmp_path.glob("ran*"))
