"""The preview (`make serve`, MkDocs' own server with the guide plugin): a saved page is rendered
again alone, its new problems are logged, and a change that other pages show (a title) or any
other file rebuilds everything. How fast is measured by `make bench`, not here."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_fixture, run_build

pytestmark = pytest.mark.fixtures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """`mkdocs serve` on a copy of a fixture site ('good' unless told), with its log."""

    def __init__(self, root: Path, fixture: str = "good"):
        self.site = copy_fixture(fixture, root)
        self.port = free_port()
        self.log = (root / "serve.log").open("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=self.site,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.wait_for(lambda: "Serving on" in self.output(), "the first build")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def page(self, url: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/guide/{url}", timeout=5) as response:
            return response.read().decode()

    def wait_for(self, condition, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, f"no {what} after {seconds} s:\n{self.output()}"
            time.sleep(0.1)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def preview(tmp_path):
    preview = Preview(tmp_path)
    yield preview
    preview.close()


def test_a_saved_page_is_rendered_again_alone_with_its_new_problems_in_the_log(preview):
    page = preview.site / "docs" / "second.md"
    page.write_text(page.read_text() + "\nA new line that names XQZW.\n")
    preview.wait_for(lambda: "XQZW" in preview.page("second/"), "new text on the served page")
    output = preview.output()
    assert "Rendered second.md again in" in output
    assert "docs/second.md:" in output and "The abbreviation 'XQZW' is not in the glossary." in output
    # The other page was not built again: only the first build wrote it.
    assert output.count("Building documentation") == 1


def test_a_new_title_rebuilds_every_page_that_shows_it(preview):
    page = preview.site / "docs" / "second.md"
    text = page.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    page.write_text(text.replace(title, "title: A renamed page", 1))
    preview.wait_for(lambda: "A renamed page" in preview.page(""), "the new title in the other page's navigation")
    assert "Rendered second.md again" not in preview.output()


def test_a_fixed_problem_is_gone_from_the_log_of_the_next_save(preview):
    page = preview.site / "docs" / "second.md"
    original = page.read_text()
    page.write_text(original + "\nA new line that names XQZW.\n")
    preview.wait_for(lambda: "XQZW" in preview.page("second/"), "the first save")
    logged = preview.output().count("'XQZW' is not in the glossary")
    page.write_text(original + "\nA new line without it.\n")
    preview.wait_for(lambda: "without it" in preview.page("second/"), "the second save")
    assert preview.output().count("'XQZW' is not in the glossary") == logged


def logged_problems(output: str, path: str) -> list[str]:
    """The problem lines the preview logged about a page, as `path:line: ...`."""
    return sorted({line.split(" -  ", 1)[1] for line in output.splitlines() if f" -  {path}:" in line})


def test_a_draft_in_the_navigation_gives_no_false_error_in_the_preview(tmp_path):
    preview = Preview(tmp_path, "draft-in-nav")
    try:
        assert "new-page" in preview.page("")  # the preview shows the draft in the navigation
        assert "ERROR" not in preview.output() and "WARNING" not in preview.output()
    finally:
        preview.close()


def test_a_saved_page_gets_the_verdict_of_check_on_links_anchors_images_and_drafts(tmp_path):
    preview = Preview(tmp_path, "draft-in-nav")
    try:
        page = preview.site / "docs" / "index.md"
        mistakes = "\nSee [what to ask](second.md#nowhere), ![](missing.png) and the [new page](new-page.md).\n"
        page.write_text(page.read_text() + mistakes)
        preview.wait_for(lambda: "Rendered index.md again in" in preview.output(), "the save")
        logged = logged_problems(preview.output(), "docs/index.md")
    finally:
        preview.close()
    check = run_build("check", "--today", "2026-01-01", "--config-file", str(preview.site / "mkdocs.yml"))
    assert check.returncode == 1
    checked = sorted(line for line in check.stdout.splitlines() if line.startswith("docs/index.md:"))
    assert len(checked) == 4, check.stdout  # an anchor, an image and its alt text, a draft
    assert logged == checked


def test_a_saved_page_that_no_longer_cites_a_reference_gets_the_warning_of_check(tmp_path):
    preview = Preview(tmp_path, "citation-uncited")
    try:
        page = preview.site / "docs" / "index.md"
        page.write_text(page.read_text().replace("[^lepage2015]", ""))
        preview.wait_for(lambda: "Rendered index.md again in" in preview.output(), "the save")
        output = preview.output()
    finally:
        preview.close()
    check = run_build("check", "--today", "2026-01-01", "--config-file", str(preview.site / "mkdocs.yml"))
    warning = next(line for line in check.stdout.splitlines() if "No page cites 'lepage2015'" in line)
    assert output.count(warning) == 1
