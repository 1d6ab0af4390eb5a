"""Every output one click away: the PDFs and the offline zip are copied into the website (and
the PDFs into the offline copy), each topic page links to its handout and its large-print
handout, and the Downloads page lists them all with their sizes. Done once the PDFs exist, on
the built HTML."""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from pypdf import PdfReader

FOLDER = "downloads"  # in the website and in the offline copy
LARGE_PRINT_FOLDER = "large-print"  # the large-print handouts, beside handouts/
SEPARATOR = '<span aria-hidden="true"> · </span>'  # between two links on one line
# The Downloads page's list (docs/downloads.md has the marker); filled once the files exist.
PLACEHOLDER = ('<div id="guide-downloads"><p>The printable files and the copy for a USB stick are '
               "on this guide's website, on its Downloads page.</p></div>")
MARKER = "<!-- guide:downloads -->"
# The placeholder as it stands in the built page (cleaned and re-serialised like all content).
FILLED = re.compile(r'<div id="guide-downloads"><p>[^<]*</p></div>')


@dataclass(frozen=True)
class Download:
    name: str  # path under downloads/, e.g. handouts/relapses.pdf
    title: str
    size: int  # bytes
    pages: int | None  # printed pages of a PDF
    page: str | None = None  # the topic page of a handout, e.g. relapses.md

    @property
    def large_print(self) -> bool:
        return self.name.startswith(LARGE_PRINT_FOLDER + "/")

    @property
    def label(self) -> str:
        kind = "PDF" if self.name.endswith(".pdf") else "ZIP"
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages else ""
        return f"{kind}{pages}, {human_size(self.size)}"


def human_size(size: int) -> str:
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB"


def describe(staging: Path, files: list[tuple[str, str, str | None]]) -> list[Download]:
    """(path in staging, title, topic page) of each output, with its size and pages."""
    found = []
    for rel, title, page in files:
        path = staging / rel
        pages = len(PdfReader(path).pages) if path.suffix == ".pdf" else None
        found.append(Download(rel.removeprefix("pdf/"), title, path.stat().st_size, pages, page))
    return found


def copy_into(staging: Path, folder: Path, downloads: list[Download]) -> None:
    for download in downloads:
        source = staging / ("pdf/" + download.name if download.name.endswith(".pdf") else download.name)
        target = folder / FOLDER / download.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def list_html(downloads: list[Download], page_file: str, online: str | None) -> str:
    """The Downloads page's list, with addresses relative to the page; online: where the files
    this copy does not hold (the zip, in the offline copy) can be found."""
    base = posixpath.relpath(FOLDER, posixpath.dirname(page_file) or ".")
    items = "".join(f'<li><a href="{escape(base)}/{escape(d.name)}">{escape(d.title)}</a> ({d.label})</li>'
                    for d in downloads)
    also = (f'<p>The copy for a USB stick (a ZIP file) is on the website: '
            f'<a rel="noopener noreferrer" href="{escape(online)}">{escape(online)}</a>.</p>' if online else "")
    return f'<div id="guide-downloads"><ul>{items}</ul>{also}</div>'


def handout_link_html(handouts: list[Download], page_file: str) -> str:
    """'Print this topic: PDF, 4 pages, 90 KB · Large print: PDF, 9 pages, 150 KB'."""
    links = []
    for download in sorted(handouts, key=lambda d: d.large_print):
        href = posixpath.relpath(f"{FOLDER}/{download.name}", posixpath.dirname(page_file) or ".")
        what = "Large print" if download.large_print else "Print this topic"
        links.append(f'<a href="{escape(href)}">{what}: {download.label}</a>')
    return f'<p class="guide-download">{SEPARATOR.join(links)}</p>'


def link_from_pages(folder: Path, page_files: dict[str, str], downloads: list[Download], online: str | None,
                    downloads_page: str | None) -> None:
    """Each topic page links to its handouts (standard and large print), under its title; the
    Downloads page lists them. page_files: topic page (e.g. relapses.md) -> its built file in folder."""
    by_page: dict[str, list[Download]] = {}
    for download in downloads:
        if download.page:
            by_page.setdefault(download.page, []).append(download)
    for page, handouts in by_page.items():
        built = page_files.get(page)
        if built and (folder / built).is_file():
            html = (folder / built).read_text(encoding="utf-8")
            at = html.find("</h1>")
            if at < 0:
                raise ValueError(f"{built}: no title (h1) to put the handout's link under")
            at += len("</h1>")
            (folder / built).write_text(html[:at] + handout_link_html(handouts, built) + html[at:], encoding="utf-8")
    if downloads_page and (folder / downloads_page).is_file():
        html = (folder / downloads_page).read_text(encoding="utf-8")
        html, found = FILLED.subn(lambda _: list_html(downloads, downloads_page, online), html, count=1)
        if not found:
            raise ValueError(f"{downloads_page}: the list's placeholder is missing")
        (folder / downloads_page).write_text(html, encoding="utf-8")
