"""The whole guide's PDF in time that grows with its length, not with its square: the contents'
page numbers come from a quick draft print (only the contents' links, no tags, outline or
footer), then one full print, and that full print still has every link and its target."""

from __future__ import annotations

import pytest
from guide.outputs.pdf import PdfInfo, render, section_pages
from pypdf import PdfReader

pytestmark = pytest.mark.browser

# Contents, then a section per page; a note linked from the first section, as a footnote is.
GUIDE = """<!doctype html><html lang="en"><title>Guide</title>
<style>section { break-before: page }</style>
<div id="print-page-toc"><a href="#one">One</a> <a href="#two">Two</a></div>
<section id="one"><h1>One</h1><p>See the note<a href="#note">1</a>.</p></section>
<section id="two"><h1>Two</h1><p id="note">The note.</p></section>
</html>"""


class CountingBrowser:
    """The browser, with each page's prints counted: drafts (kept in memory) and files."""

    def __init__(self, browser):
        self.browser, self.drafts, self.files = browser, 0, 0

    def new_page(self):
        page, counter = self.browser.new_page(), self
        pdf = page.pdf

        def counted_pdf(**options):
            if options.get("path"):
                counter.files += 1
            else:
                counter.drafts += 1
            return pdf(**options)

        page.pdf = counted_pdf
        return page


def test_the_contents_are_numbered_from_a_draft_and_one_full_print(tmp_path, browser):
    html, target = tmp_path / "print_page.html", tmp_path / "guide.pdf"
    html.write_text(GUIDE, encoding="utf-8")
    counting = CountingBrowser(browser)
    render(counting, html, target, "a4", PdfInfo("Guide", "Editors", "Speed"), number_contents=True)
    assert (counting.drafts, counting.files) == (1, 1)
    contents = "".join(PdfReader(target).pages[0].extract_text().split())
    assert "One2" in contents and "Two3" in contents


def test_the_full_print_keeps_the_links_the_draft_left_out(tmp_path, browser):
    html, target = tmp_path / "print_page.html", tmp_path / "guide.pdf"
    html.write_text(GUIDE, encoding="utf-8")
    render(browser, html, target, "a4", PdfInfo("Guide", "Editors", "Speed"), number_contents=True)
    assert section_pages(target, ["one", "two", "note"]) == {"one": 2, "two": 3, "note": 3}
    links = [a.get_object().get("/Dest") for a in PdfReader(target).pages[1].get("/Annots") or []]
    assert "/note" in links
