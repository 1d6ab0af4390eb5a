"""Every output one click away: the PDFs and the offline zip are copied into the website (and
the PDFs into the offline copy), each topic page links to its handout and its large-print
handout, and the Downloads page lists them all with their sizes. Done once the PDFs exist, on
the built HTML. The words are templates: guide/downloads-list.html, download-links.html (and the
download-name.html and download-size.html they include) and downloads-placeholder.html."""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from guide.checks.safety import locate
from guide.outputs.published_html import publishable
from guide.problems import Problem
from guide.texts import Texts

FOLDER = "downloads"  # in the website and in the offline copy
LARGE_PRINT_FOLDER = "large-print"  # the large-print handouts, beside handouts/
# The Downloads page's list (docs/downloads.md has the marker); filled once the files exist.
MARKER = "<!-- guide:downloads -->"
# The placeholder as it stands in the built page (cleaned and re-serialised like all content).
FILLED = re.compile(r'<div id="guide-downloads"><p>.*?</p></div>', re.DOTALL)


@dataclass(frozen=True)
class Download:
    name: str  # path under downloads/, e.g. handouts/relapses.pdf
    kind: str  # "guide", "handout", "large-print" or "offline": its name in the lists (download-name.html)
    title: str  # a handout's page title, else ""
    size: int  # bytes
    pages: int | None  # printed pages of a PDF
    page: str | None = None  # the topic page of a handout, e.g. relapses.md

    @property
    def large_print(self) -> bool:
        return self.name.startswith(LARGE_PRINT_FOLDER + "/")

    @property
    def language(self) -> str:
        """issue 26: the language of the whole guide in a translation's language
        (ms-treatment-guide.es.pdf -> es) or of a translation's handout (its page es/relapses.md),
        else ''."""
        parts = self.name.split(".")
        if self.kind == "guide":
            return parts[-2] if len(parts) == 3 else ""
        folder = self.page.split("/")[0] if self.page and "/" in self.page else ""
        return folder if folder and self.name.removesuffix(".pdf").endswith("." + folder) else ""

    @property
    def type(self) -> str:
        return "PDF" if self.name.endswith(".pdf") else "ZIP"

    def shown(self, href: str) -> dict:
        """What a template knows of it (see guide/downloads-list.html), with its address there."""
        return {
            "href": href,
            "kind": self.kind,
            "title": self.title,
            "language": self.language,
            "type": self.type,
            "pages": self.pages,
            "size": self.size,
        }


def describe(staging: Path, files: list[tuple[str, str, str, str | None]]) -> list[Download]:
    """(path in staging, kind, title, topic page) of each output, with its size and pages."""
    import pypdf  # here: only a build with PDFs needs it

    found = []
    for rel, kind, title, page in files:
        path = staging / rel
        pages = len(pypdf.PdfReader(path).pages) if path.suffix == ".pdf" else None
        found.append(Download(rel.removeprefix("pdf/"), kind, title, path.stat().st_size, pages, page))
    return found


def placeholder(texts: Texts) -> str:
    """The Downloads page's list until the files exist: where to find them."""
    return f'<div id="guide-downloads"><p>{texts.render("guide/downloads-placeholder.html")}</p></div>'


def copy_into(staging: Path, folder: Path, downloads: list[Download]) -> None:
    for download in downloads:
        source = staging / ("pdf/" + download.name if download.name.endswith(".pdf") else download.name)
        target = folder / FOLDER / download.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def list_html(texts: Texts, downloads: list[Download], page_file: str, online: str | None) -> str:
    """The Downloads page's list, with addresses relative to the page; online: where the files
    this copy does not hold (the zip, in the offline copy) can be found."""
    base = posixpath.relpath(FOLDER, posixpath.dirname(page_file) or ".")
    shown = [d.shown(f"{base}/{d.name}") for d in downloads]
    return (
        f'<div id="guide-downloads">'
        f"{texts.render('guide/downloads-list.html', downloads=shown, online=online or '')}</div>"
    )


def handout_link_html(texts: Texts, handouts: list[Download], page_file: str) -> str:
    """'Print this topic: PDF, 4 pages, 90 KB · Large print: PDF, 9 pages, 150 KB'."""
    shown = [
        d.shown(posixpath.relpath(f"{FOLDER}/{d.name}", posixpath.dirname(page_file) or "."))
        for d in sorted(handouts, key=lambda d: d.large_print)
    ]
    return texts.render("guide/download-links.html", downloads=shown)


def link_from_pages(
    texts: Texts,
    folder: Path,
    page_files: dict[str, str],
    downloads: list[Download],
    online: str | None,
    downloads_page: str | None,
    texts_for=None,
) -> list[Problem]:
    """Each topic page links to its handouts (standard and large print), under its title; the
    Downloads page lists them. page_files: topic page (e.g. relapses.md) -> its built file in folder.
    Each page changed passes the gate of published_html again; returns what it refused.
    texts_for: a topic page's texts (a translation's are in its language, issue 26), else texts."""
    refused = []

    def write(built: str, html: str) -> None:
        gated = publishable(html)
        refused.extend(locate(finding, f"{folder.name}/{built}", "") for finding in gated.findings)
        (folder / built).write_text(gated.html, encoding="utf-8")

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
            page_texts = texts_for(page) if texts_for else texts
            write(built, html[:at] + handout_link_html(page_texts, handouts, built) + html[at:])
    if downloads_page and (folder / downloads_page).is_file():
        html = (folder / downloads_page).read_text(encoding="utf-8")
        html, found = FILLED.subn(lambda _: list_html(texts, downloads, downloads_page, online), html, count=1)
        if not found:
            raise ValueError(f"{downloads_page}: the list's placeholder is missing")
        write(downloads_page, html)
    return refused
