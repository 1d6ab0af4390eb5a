"""Reviews that stay true: drafts never published, what changed told to readers, and the review
status that shows itself on the reader's clock, on the website and the offline copy."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from browsing import chromium, serve
from conftest import FIXTURES, run_build
from guide.mkdocs_run import run_build as run_mkdocs
from guide.session import RunOptions

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
                texts.update({f"{rel}/{name}": archive.read(name).decode("utf-8", "replace")
                              for name in archive.namelist()})
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
    run_mkdocs(FIXTURES / "review-drafts" / "mkdocs.yml", tmp_path / "site",
               RunOptions(today=dt.date(2026, 1, 1), publish=False))
    html = (tmp_path / "site" / "diet" / "index.html").read_text()
    assert "Draft: not yet checked by a health professional" in html and "Zucchini" in html


def test_a_link_from_a_published_page_to_a_draft_is_an_error():
    for command in ("check", "build"):
        result = run_build(command, "--today", TODAY, fixture="review-link-to-draft")
        assert result.returncode == 1
        assert ("docs/index.md:16: The link 'diet/' points to docs/diet.md, a draft, which is not "
                "published. Remove the link until the draft is signed off ('make review'), or link "
                "to another page.") in result.stdout.splitlines()


def test_what_changed_is_on_the_page_and_on_the_recent_changes_page_newest_first(built_drafts):
    page = (built_drafts / "site" / "index.html").read_text()
    assert page.index("1 February 2024: Added what to do") < page.index("20 January 2024: Said that")
    assert "What changed on this page" in page
    changes = (built_drafts / "site" / "changes" / "index.html").read_text()
    assert changes.index("1 February 2024") < changes.index("20 January 2024")
    assert '<a href="..">Relapses</a>' in changes or '<a href="../">Relapses</a>' in changes


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def notice_shown(browser, url: str, today: str) -> tuple[bool, bool]:
    """Whether the "may be out of date" notice and the "(overdue)" mark show on that day."""
    page = browser.new_page()
    try:
        page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{today}T12:00:00"))
        page.goto(url)
        return (page.locator(".guide-review-notice").is_visible(),
                page.locator(".guide-review [data-guide-due]").is_visible())
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
