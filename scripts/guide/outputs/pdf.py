"""PDFs from the print page and the handouts, rendered by headless Chromium through Playwright.

Chromium runs the print page's JavaScript (its table of contents) and writes a tagged PDF with
an outline; pikepdf then adds what Chromium does not: author, subject and language. Every page
gets a running footer (what this is, when it was checked, "Page X of Y"), so that a single
photocopied page still says so; the whole guide's contents get their page numbers (read back
with pypdf).

Chromium's time per printed page grows with the number of in-page link targets in the whole
document (it places every target again for each page it prints): the contents' numbers are read
from a draft without the other links, so that only one print has them all.

The printer reads nothing else: every request the page makes is routed, and only files under the
folder being printed are served; any other request, any navigation away from the page, a dialog or
a new window is refused and fails the build (PrintRefused), naming the page and the address. Every
browser call has a time limit: past it, Chromium is stopped (PrintTimedOut).

The page margins are set in guide.css (@page, print part): CSS margins win over the ones given
to Chromium, and the footer is drawn inside the bottom margin.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from guide.errors import ContentsUnsettled, PrintRefused, PrintTimedOut
from guide.outputs.browser import LAUNCH_ARGS
from guide.theme_fixes import print_site

PAPER = {"letter": "Letter", "a4": "A4"}
SIDE_MARGIN = "13mm"  # as @page in guide.css: the footer lines up with the text
# Each contents entry gets its section's first page, in a span inside the link.
WRITE_PAGE_NUMBERS = (
    """numbers => {
  for (const link of document.querySelectorAll("%s")) {
    const id = decodeURIComponent(link.hash.slice(1));
    if (!(id in numbers)) continue;
    let number = link.querySelector(".guide-toc-page");
    if (!number) {
      number = document.createElement("span");
      number.className = "guide-toc-page";
      link.append(number);
    }
    number.textContent = String(numbers[id]);
  }
}"""
    % print_site.CONTENTS_LINKS
)
# In-page links other than the contents' lose their href for the draft print (no target to place),
# then get it back. The href does not move the text (the CSS styles only web addresses by it); if it
# ever did, the full print's check would see other pages and print again.
HIDE_OTHER_LINKS = """contents => {
  const keep = new Set(document.querySelectorAll(contents));
  const hidden = [...document.querySelectorAll("a[href^='#']")].filter(link => !keep.has(link));
  return hidden.map(link => { const href = link.getAttribute("href"); link.removeAttribute("href"); return [link, href]; });
}"""
RESTORE_LINKS = "hidden => { for (const [link, href] of hidden) link.setAttribute('href', href); }"


PRINT_SECONDS = 300  # one PDF: the whole guide of 1,000 pages prints in about a minute


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    language: str = "en-US"


@dataclass(frozen=True)
class Footer:
    """The running footer: its content (the template guide/pdf-footer.html: the title and
    'Page X of Y' on one line, the review dates below), at size_pt in the page's font."""

    html: str
    size_pt: int = 12


@contextmanager
def chromium(executable: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def render(
    browser,
    html: Path,
    target: Path,
    paper: str,
    info: PdfInfo,
    footer: Footer | None = None,
    number_contents: bool = False,
    root: Path | None = None,
) -> None:
    """Print one HTML file to PDF with its metadata; number_contents: write each section's page
    into the table of contents (print-site's), which takes a draft print first; root: the folder
    it may read (default: its own; a translation's handout, in es/, reads the copy's, issue 26)."""
    page = browser.new_page()
    confined = Confined(root or html.parent, html.resolve().as_uri())
    confined.watch(page)
    try:
        with time_limit(html):
            page.goto(confined.start, wait_until="load")
            confined.check(html)
            _print(page, target, paper, footer, number_contents)
            confined.check(html)
    except Exception:
        # A page refused while it was being printed (a late refresh) fails the print itself.
        confined.check(html)
        raise
    finally:
        page.close()
    add_metadata(target, info)


def _print(page, target: Path, paper: str, footer: Footer | None, number_contents: bool) -> None:
    """Print the loaded page (with its footer; number_contents: the contents' page numbers too)."""
    page.emulate_media(media="print")
    target.parent.mkdir(parents=True, exist_ok=True)
    options = {
        "path": str(target),
        "format": PAPER[paper],
        "print_background": True,
        "tagged": True,
        "outline": True,
        "prefer_css_page_size": False,
    }
    if footer is not None:
        body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        options |= {
            "display_header_footer": True,
            "header_template": "<span></span>",
            "footer_template": footer_template(footer, body_font),
        }
    if number_contents:
        _number_contents(page, target, options)
    else:
        page.pdf(**options)


class Confined:
    """What a page being printed may reach: the files under its folder, and no other page."""

    def __init__(self, folder: Path, start: str):
        self.folder, self.start = folder.resolve(), start
        self.refused: list[str] = []

    def watch(self, page) -> None:
        page.set_default_timeout(PRINT_SECONDS * 1000)
        page.route("**/*", self._route)
        page.on("dialog", lambda dialog: (self.refused.append(f"a dialog ({dialog.message[:60]!r})"), dialog.dismiss()))
        page.on("popup", lambda popup: (self.refused.append(f"a new window ({popup.url})"), popup.close()))

    def _route(self, route, request) -> None:
        if self.allows(request.url, request.is_navigation_request()):
            route.continue_()
        else:
            self.refused.append(request.url)
            route.abort()

    def allows(self, url: str, navigation: bool) -> bool:
        if navigation:
            return url == self.start  # the page itself, once; a refresh or a link elsewhere is not
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True  # inline images and fonts of the theme: they reach nothing
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        return Path(url2pathname(parts.path)).resolve().is_relative_to(self.folder)

    def check(self, page_file: Path) -> None:
        if self.refused:
            raise PrintRefused(page_file, list(dict.fromkeys(self.refused)))


@contextmanager
def time_limit(page_file: Path, seconds: float | None = None):
    """Stops the page being printed when printing it takes longer than seconds: its renderer (the
    browser's renderer processes this process started; the browser itself lives on), so that the
    call waiting on it fails, and this says why."""
    import psutil

    seconds = seconds or PRINT_SECONDS
    expired = threading.Event()

    def stop_page():
        expired.set()
        for child in psutil.Process().children(recursive=True):
            try:
                if "--type=renderer" in child.cmdline():
                    child.kill()
            except psutil.Error:
                pass  # ended meanwhile

    timer = threading.Timer(seconds, stop_page)
    timer.daemon = True
    timer.start()
    try:
        yield
    except Exception as err:
        if expired.is_set():
            raise PrintTimedOut(
                f"{page_file.name}: printing took longer than {seconds:.0f} s, so it was stopped."
            ) from err
        raise
    finally:
        timer.cancel()


def footer_template(footer: Footer, font_family: str) -> str:
    """Chromium's footer is a document of its own: it has a tiny default size and none of the
    page's styles or fonts, so size, font (a system font, the body's) and margins are set here,
    around the content (page data in it is escaped by its template)."""
    style = (
        f"box-sizing:border-box;width:100%;padding:0 {SIDE_MARGIN};color:#000;"
        f"font-family:{escape(font_family)};font-size:{footer.size_pt}pt;line-height:1.25"
    )
    return f'<div style="{style}">{footer.html}</div>'


def section_pages(path: Path | BytesIO, ids: list[str]) -> dict[str, int]:
    """The page (from 1) each element id starts on, from the named destinations Chromium writes
    for the targets of in-page links."""
    from pypdf import PdfReader  # here, not at the top: only a build with PDFs needs it

    reader = PdfReader(path)
    destinations = reader.named_destinations
    found = {}
    for element_id in ids:
        destination = destinations.get("/" + element_id) or destinations.get(element_id)
        if destination is not None:
            found[element_id] = reader.get_destination_page_number(destination) + 1
    return found


def _number_contents(page, target: Path, options: dict, attempts: int = 3) -> None:
    """Read where each section starts from a draft print, write it into the contents, print,
    read again: until the numbers printed are the numbers read (the numbers themselves could
    move a section)."""
    ids = page.eval_on_selector_all(
        print_site.CONTENTS_LINKS, "links => links.map(a => decodeURIComponent(a.hash.slice(1)))"
    )
    print_site.check_contents(
        page.query_selector(print_site.CONTENTS_BOX) is not None, ids, page.url.rsplit("/", 1)[-1]
    )
    starts = _draft_section_pages(page, options, ids) if ids else {}
    for _ in range(attempts):
        if starts:
            page.evaluate(WRITE_PAGE_NUMBERS, starts)
        page.pdf(**options)
        printed, starts = starts, section_pages(target, ids)
        if starts == printed:
            return
    raise ContentsUnsettled(
        f"{target.name}: the page numbers written into the contents kept moving the sections they point to."
    )


def _draft_section_pages(page, options: dict, ids: list[str]) -> dict[str, int]:
    """Where each section starts, from a quicker print with the same pages. Chromium writes a
    named destination for the target of every in-page link, and looks for each target on every
    page it prints (PrintContext::OutputLinkedDestinations): time grows with targets x pages, the
    square of the guide's length (40 % of a 300-topic guide's print, two thirds at 1,000). The
    draft keeps only the contents' links, and leaves out what does not move the text: tags,
    outline and footer (the page margins are set in guide.css)."""
    hidden = page.evaluate_handle(HIDE_OTHER_LINKS, print_site.CONTENTS_LINKS)
    try:
        quick = {"tagged": False, "outline": False, "display_header_footer": False}
        draft = page.pdf(**{key: value for key, value in options.items() if key != "path"} | quick)
    finally:
        hidden.evaluate(RESTORE_LINKS)
        hidden.dispose()
    return section_pages(BytesIO(draft), ids)


def add_metadata(path: Path, info: PdfInfo) -> None:
    """Title, author, subject and language, written with pikepdf (qpdf), which copies the rest as
    it is: pypdf's copy of every object took a fifth of a 900-page PDF's time."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as document:
        document.docinfo["/Title"] = info.title
        document.docinfo["/Author"] = info.author
        document.docinfo["/Subject"] = info.subject
        document.Root.Lang = pikepdf.String(info.language)
        document.save(path)
