"""PDFs from the print page and the handouts, rendered by headless Chromium through Playwright.

Chromium runs the print page's JavaScript (its table of contents) and writes a tagged PDF with
an outline; pypdf then adds what Chromium does not: author, subject and language.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from .browser import LAUNCH_ARGS

PAPER = {"letter": "Letter", "a4": "A4"}


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    language: str = "en-US"


@contextmanager
def chromium(executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def render(browser, html: Path, target: Path, paper: str, info: PdfInfo) -> None:
    """Print one HTML file to PDF with its metadata."""
    page = browser.new_page()
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(target), format=PAPER[paper], print_background=True, tagged=True,
                 outline=True, prefer_css_page_size=False,
                 margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
    finally:
        page.close()
    add_metadata(target, info)


def add_metadata(path: Path, info: PdfInfo) -> None:
    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/Title": info.title, "/Author": info.author, "/Subject": info.subject})
    writer._root_object[NameObject("/Lang")] = TextStringObject(info.language)
    with path.open("wb") as out:
        writer.write(out)
