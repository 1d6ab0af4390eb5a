"""The printed guide read back, on Letter and on A4: every QR code scanned (zbarimg, from Debian's
zbar-tools), every page saying what it is, when it was checked and which page it is, the page
budget of the handouts, no heading or term at the foot of a page, each address printed once, the
contents' page numbers, and large print at 18 pt."""

from __future__ import annotations

import collections
import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pdfplumber
import pypdfium2
import pytest
import segno
from conftest import ROOT, TOPICS, run_build
from guide.outputs.cover import QUIET_ZONE, Reviewed, qr_svg
from guide.outputs.page_html import mark_links_showing_their_address
from guide.outputs.pdf import Footer, PdfInfo, footer_template, render
from guide.texts import Texts
from pypdf import PdfReader

pytestmark = pytest.mark.content

SITE = "https://ms-treatment-guide.github.io/guide/"
GUIDE_TITLE = "MS Treatment Guide"
SECTIONS = [*TOPICS.values(), "Glossary", "Sources", "Recent changes", "Downloads and printing", "About this guide"]
# The six standard handouts together: 20 until December 2026; since then each also carries "Get
# help now", the clinic's write-in box and how to report a mistake (about half a page each: 3),
# and Managing relapses and Emotional and social support carry new sections (when to call the
# MS team, steroid side effects, urgent help: 2 more).
HANDOUT_PAGE_BUDGET = 25
PAPER_POINTS = {"letter": (612, 792), "a4": (595.3, 841.9)}
BODY_SIZE = {"standard": 12, "large-print": 18}
SMALLEST_SIZE = {"standard": 12, "large-print": 16}  # RNIB Clear Print; UKAAF large print
PAGE_OF = re.compile(r"Page (\d+) of (\d+)$")
ZBAR = "{http://zbar.sourceforge.net/2008/barcode}"


# ---- Reading a PDF back ----


@dataclass(frozen=True)
class Line:
    text: str
    top: float
    bottom: float
    x1: float
    sizes: tuple[float, ...]  # of each character
    fonts: tuple[str, ...]  # of each character, without the subset prefix

    @property
    def bold(self) -> bool:
        return all("Bold" in font for font in self.fonts if font)


@dataclass(frozen=True)
class PrintedPage:
    number: int
    size: tuple[float, float]
    body: list[Line]  # above the running footer
    footer: list[Line]


@dataclass(frozen=True)
class Printed:
    """One PDF, read once: its pages, split into body and running footer."""

    path: Path
    kind: str  # standard or large-print
    title: str  # what its footer must say
    address: str  # what its QR code must say
    pages: list[PrintedPage]

    def text(self) -> str:
        return "\n".join(line.text for page in self.pages for line in [*page.body, *page.footer])


def read_lines(page) -> list[Line]:
    lines = []
    for line in page.extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        lines.append(
            Line(
                line["text"],
                line["top"],
                line["bottom"],
                line["x1"],
                tuple(round(c["size"], 1) for c in chars),
                tuple(c["fontname"].split("+")[-1] for c in chars),
            )
        )
    return lines


def read_printed(path: Path, kind: str, title: str, address: str) -> Printed:
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = read_lines(page)
            # The footer: the line that ends with "Page X of Y", and what is below it.
            starts = [i for i, line in enumerate(lines) if PAGE_OF.search(line.text)]
            at = starts[-1] if starts else len(lines)
            pages.append(PrintedPage(number, (float(page.width), float(page.height)), lines[:at], lines[at:]))
    return Printed(path, kind, title, address, pages)


def topic_address(stem: str) -> str:
    return SITE if stem == "index" else f"{SITE}{stem}/"


def read_all(dist: Path) -> list[Printed]:
    found = [read_printed(dist / "pdf" / "ms-treatment-guide.pdf", "standard", GUIDE_TITLE, SITE)]
    for folder, kind in (("handouts", "standard"), ("large-print", "large-print")):
        for stem, title in TOPICS.items():
            found.append(read_printed(dist / "pdf" / folder / f"{stem}.pdf", kind, title, topic_address(stem)))
    return found


def handouts(printed: list[Printed], kind: str = "standard") -> list[Printed]:
    return [p for p in printed if p.path.parent.name in ("handouts", "large-print") and p.kind == kind]


# ---- The guide, built on Letter (the repository's setting) and on A4 (a copy) ----


@pytest.fixture(scope="module")
def built_a4(tmp_path_factory) -> Path:
    """The guide built from a copy of the project whose mkdocs.yml says paper: a4."""
    copy = tmp_path_factory.mktemp("a4") / "main"
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    config, found = re.subn(
        r"(?m)^(\s+paper:) letter\b.*$", r"\1 a4", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    )
    assert found == 1, "mkdocs.yml has no 'paper: letter' line to change"
    (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_build("build", "--config-file", str(copy / "mkdocs.yml"), dist=copy.parent / "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    return copy.parent / "dist"


@pytest.fixture(scope="module", params=["letter", "a4"])
def paper(request) -> tuple[str, list[Printed]]:
    dist = request.getfixturevalue("built_guide" if request.param == "letter" else "built_a4")
    return request.param, read_all(dist)


# ---- QR codes ----


def zbarimg() -> str:
    found = shutil.which("zbarimg")
    if found is None:
        pytest.fail(
            "zbarimg is not installed, so the QR codes cannot be read back. Install Debian's "
            "zbar-tools (apt-get install zbar-tools); .ci/run installs it."
        )
    return found


def decode_qr_codes(path: Path, folder: Path, dpi: int = 150) -> dict[int, list[str]]:
    """Every QR code zbarimg finds on each page, rendered as a scanner would see a printed page."""
    document = pypdfium2.PdfDocument(path)
    images = []
    for index in range(len(document)):
        image = folder / f"{path.parent.name}-{path.stem}-{index + 1}.png"
        document[index].render(scale=dpi / 72, grayscale=True).to_pil().save(image)
        images.append(image)
    document.close()
    result = subprocess.run(
        [zbarimg(), "--quiet", "--xml", "-Sdisable", "-Sqrcode.enable", *map(str, images)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 4), result.stderr  # 4: some images hold no code
    found = {}
    for number, source in enumerate(ElementTree.fromstring(result.stdout).iter(f"{ZBAR}source"), 1):
        codes = [s.findtext(f"{ZBAR}data") for s in source.iter(f"{ZBAR}symbol")]
        if codes:
            found[number] = codes
    return found


def test_every_qr_code_in_every_pdf_scans_to_the_address_of_its_page(paper, tmp_path):
    _, printed = paper
    for pdf in printed:
        assert decode_qr_codes(pdf.path, tmp_path) == {1: [pdf.address]}, pdf.path


def test_the_qr_code_has_a_quiet_zone_of_four_modules_and_scales_to_its_box():
    address = f"{SITE}disease-modifying-treatments/"
    svg = qr_svg(address)
    opening = svg[: svg.index(">")]
    assert "width=" not in opening and "height=" not in opening  # sized by its box in CSS
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', opening).groups())
    modules = segno.make(address, error="m").symbol_size(border=0)[0]
    assert QUIET_ZONE == 4 and width == height == modules + 2 * QUIET_ZONE


# ---- Every page says what it is ----


def review_dates(pdf: Printed) -> str:
    """The footer's dates, as page 1 (the masthead or the cover) gives them."""
    first = " ".join(line.text for line in pdf.pages[0].body)
    reviewed, due = re.search(r"Last reviewed: (\d+ \w+ \d{4}) · Next review due: (\d+ \w+ \d{4})", first).groups()
    return f"Reviewed {reviewed} · Next review {due}"


def body_font(pdf: Printed) -> str:
    fonts = collections.Counter(f for page in pdf.pages for line in page.body for f in line.fonts)
    return fonts.most_common(1)[0][0]


def test_every_page_of_every_pdf_says_its_title_review_dates_and_page_x_of_y(paper):
    _, printed = paper
    for pdf in printed:
        dates, font, total = review_dates(pdf), body_font(pdf), len(pdf.pages)
        size = SMALLEST_SIZE[pdf.kind]
        for page in pdf.pages:
            where = f"{pdf.path.name} page {page.number}"
            assert [line.text for line in page.footer] == [f"{pdf.title} Page {page.number} of {total}", dates], where
            footer_fonts = {f for line in page.footer for f in line.fonts}
            assert footer_fonts == {font}, where  # the body's font, not the browser's serif
            assert {s for line in page.footer for s in line.sizes} == {size}, where
            assert page.footer[0].top > max(line.bottom for line in page.body), where


def test_the_footer_prints_page_data_as_text_in_the_size_given(tmp_path, browser):
    content = Texts().render(
        "guide/pdf-footer.html",
        title='Fish & chips <b class="x">bold</b>',
        reviewed=Reviewed(dt.date(2026, 5, 1), dt.date(2029, 5, 1), overdue=False),
    )
    footer = Footer(content, 16)
    template = footer_template(footer, '"Liberation Sans", Arial, sans-serif')
    assert "<b " not in template and "&lt;b class=&#34;x&#34;&gt;" in template
    html = tmp_path / "page.html"
    html.write_text("<!doctype html><html lang='en'><title>T</title><p>Text</p></html>")
    render(browser, html, tmp_path / "page.pdf", "a4", PdfInfo("T", "Editors", "Footer"), footer)
    page = read_printed(tmp_path / "page.pdf", "large-print", "", "").pages[0]
    assert [line.text for line in page.footer] == [
        'Fish & chips <b class="x">bold</b> Page 1 of 1',
        "Reviewed 1 May 2026 · Next review 1 May 2029",
    ]
    assert {s for line in page.footer for s in line.sizes} == {16}


# ---- Paper ----


def test_every_page_is_on_the_paper_set_in_mkdocs_yml(paper):
    name, printed = paper
    width, height = PAPER_POINTS[name]
    for pdf in printed:
        for page in pdf.pages:
            assert abs(page.size[0] - width) < 1.5 and abs(page.size[1] - height) < 1.5, (pdf.path, page.number)


def test_the_six_handouts_fit_the_page_budget_with_nothing_left_out(paper):
    name, printed = paper
    standard = handouts(printed)
    assert len(standard) == len(TOPICS)
    pages = {pdf.path.stem: len(pdf.pages) for pdf in standard}
    assert sum(pages.values()) <= HANDOUT_PAGE_BUDGET, (name, pages)
    for pdf in standard:
        text = pdf.text()
        for part in ("Key points", "References", "Words used on this page", "Text last updated"):
            assert part in text, (pdf.path.name, part)


def test_health_information_starts_on_page_1_under_the_masthead(paper):
    _, printed = paper
    for pdf in handouts(printed):
        first = [line.text for line in pdf.pages[0].body]
        assert first[0].startswith(f"{GUIDE_TITLE} · Handout") and first[1] == pdf.title, first[:2]
        text = " ".join(first)
        for part in ("Date of this copy:", "Last reviewed:", "Talk to your care team.", "Key points"):
            assert part in text, (pdf.path.name, part)


# ---- Layout ----


def test_no_page_ends_with_a_heading_a_box_title_or_a_glossary_term(paper):
    """The last line of a page is body text: not in a heading size, and not all bold (a box's
    title, a glossary term)."""
    _, printed = paper
    for pdf in printed:
        for page in pdf.pages:
            last = max(page.body, key=lambda line: line.bottom)
            where = f"{pdf.path.parent.name}/{pdf.path.name} page {page.number}: {last.text!r}"
            assert max(last.sizes) <= BODY_SIZE[pdf.kind], where
            assert not last.bold, where


def doubled_addresses(text: str) -> list[str]:
    """Each web address printed in brackets right after the same address (or its doi: form)."""
    squeezed = "".join(text.split())  # a long address wraps over lines
    doubled = []
    for match in re.finditer(r"\((https?://[^()]*(?:\([^()]*\)[^()]*)*)\)", squeezed):
        address = unquote(match[1])
        bare = address.split("://", 1)[1].rstrip("/")
        before = unquote(squeezed[: match.start()]).rstrip("/")
        doi = bare.removeprefix("doi.org/") if bare.startswith("doi.org/") else None
        if before.endswith(bare) or (doi and before.endswith("doi:" + doi)):
            doubled.append(match[1])
    return doubled


def test_no_web_address_is_printed_twice(paper):
    _, printed = paper
    for pdf in printed:
        assert doubled_addresses(pdf.text()) == [], pdf.path


def test_addresses_are_marked_only_where_the_link_shows_them():
    html = (
        '<a href="https://example.org/a/">https://example.org/a</a>'
        '<a class="x" href="https://doi.org/10.1/a%28b%29">doi:10.1/a(b)</a>'
        '<a href="https://example.org/b">the page</a><a href="#x">#x</a>'
    )
    marked = mark_links_showing_their_address(html)
    assert marked.count("guide-url") == 2 and 'class="x guide-url"' in marked
    assert '<a href="https://example.org/b">the page</a>' in marked
    script = "<script>x = '<a href=\"https://a.org/\">https://a.org/</a>'</script>"
    assert mark_links_showing_their_address(script) == script  # allowed by the hash of its text
    assert doubled_addresses("see https://a.org/x (https://a.org/x) and doi:10.1/b (https://doi.org/10.1/b)") == [
        "https://a.org/x",
        "https://doi.org/10.1/b",
    ]
    assert doubled_addresses("the page (https://a.org/x)") == []


# ---- Type ----


def test_body_text_is_12pt_sans_serif_and_large_print_18pt_without_italics_left_aligned(paper):
    _, printed = paper
    for pdf in printed:
        sizes = collections.Counter(s for page in pdf.pages for line in page.body for s in line.sizes)
        fonts = {f for page in pdf.pages for line in [*page.body, *page.footer] for f in line.fonts}
        where = pdf.path.parent.name + "/" + pdf.path.name
        assert sizes.most_common(1)[0][0] == BODY_SIZE[pdf.kind], (where, sizes)
        assert min(sizes) >= SMALLEST_SIZE[pdf.kind], (where, sizes)
        assert not [f for f in fonts if "Serif" in f and "Sans" not in f], (where, fonts)
        if pdf.kind == "large-print":
            assert not [f for f in fonts if "Italic" in f or "Oblique" in f], (where, fonts)
            # Ragged right: justified text would end most long lines at the same place.
            ends = [round(line.x1) for page in pdf.pages for line in page.body if len(line.text) > 30]
            assert collections.Counter(ends).most_common(1)[0][1] < len(ends) / 4, where


# ---- The whole guide's contents ----


def test_the_contents_give_the_page_each_section_starts_on(paper):
    _, printed = paper
    guide = printed[0]
    contents = next(page for page in guide.pages if any(line.text == "Contents" for line in page.body))
    listed = {}
    for line in contents.body:
        entry = re.fullmatch(r"(.+?) (\d+)", line.text)
        if entry:
            listed[entry[1]] = int(entry[2])
    starts = {}
    for page in guide.pages[contents.number :]:
        for line in page.body:  # a section's title is its only line in the largest heading size
            if line.text in SECTIONS and min(line.sizes) >= 20:
                starts.setdefault(line.text, page.number)
    assert list(listed) == SECTIONS
    assert listed == starts


# ---- Large print ----


def test_each_topic_has_a_large_print_handout_that_says_what_it_is(built_guide):
    for stem, title in TOPICS.items():
        reader = PdfReader(built_guide / "pdf" / "large-print" / f"{stem}.pdf")
        assert reader.metadata.title == f"{title} - {GUIDE_TITLE} (large print)"
        assert reader.outline


# ---- Help on paper (issue 23) ----

GUIDE_CONTACTS = ("911", "988", "1-800-344-4867")
DOUBLED_ABBREVIATION = re.compile(r"\((\w+s?) \(([^()]+)\)\)")


def page_texts(pdf: Printed) -> list[str]:
    """Each page's body text, its lines joined and its spaces squeezed."""
    return [" ".join(" ".join(line.text for line in page.body).split()) for page in pdf.pages]


def page_of(pdf: Printed, words: str) -> int | None:
    found = [n for n, text in enumerate(page_texts(pdf), 1) if words in text]
    return found[0] if found else None


def test_every_handout_gives_help_now_and_a_box_for_the_local_team_each_whole_on_one_page(paper):
    _, printed = paper
    for pdf in [*handouts(printed), *handouts(printed, "large-print")]:
        where = f"{pdf.path.parent.name}/{pdf.path.name}"
        start = page_of(pdf, "Get help now")
        assert start is not None, where
        # The box never cut: its first and last lines on one page, every number on it.
        assert page_of(pdf, "Society's website before you call.") == start, where
        assert all(number in page_texts(pdf)[start - 1] for number in GUIDE_CONTACTS), where
        write_in = page_of(pdf, "Your MS team (your clinic writes this in)")
        assert write_in is not None and page_of(pdf, "Phone:") == write_in, where
        text = " ".join(page_texts(pdf))
        assert "Found a mistake on this page? Please tell us. Email editors@ms-treatment-guide.org." in text, where


def test_no_printed_copy_spells_an_abbreviation_out_twice(paper):
    _, printed = paper
    for pdf in printed:
        text = " ".join(" ".join(page_texts(pdf)).split())
        assert DOUBLED_ABBREVIATION.findall(text) == [], pdf.path
        assert "nervous system (CNS)" in text or pdf.path.stem not in ("index", "relapses"), pdf.path
    guide = " ".join(page_texts(printed[0]))
    # Spelled out once where the text does not: a plural in the plural.
    assert "DMDs (disease-modifying drugs)" in guide


def test_an_overdue_copy_says_so_and_what_to_do_and_names_no_reviewer_it_does_not_have(paper):
    _, printed = paper
    for pdf in printed:
        text = " ".join(page_texts(pdf))
        assert "Check for a newer version after" not in text, pdf.path  # its due date has passed
        assert "Ask your care team before you act on this information." in text, pdf.path
        assert "Reviewed by Clinical review" not in text, pdf.path
    for pdf in handouts(printed):
        assert (
            "No health professional has checked this text since the source article was reviewed in April 2018."
            in " ".join(page_texts(pdf))
        ), pdf.path


def without_numbers(text: str) -> str:
    """Text without its short numbers: raised citation numbers land between other words when
    a PDF's lines are read back."""
    return " ".join(word for word in text.split() if not re.fullmatch(r"\d{1,2}(,\d{1,2})*", word))


def box_ends(dist: Path, stem: str) -> list[tuple[str, str]]:
    """Each box of a topic page (as the website has it): the start of its title and the last
    words of its text, as the PDF's text shows them."""
    root = lxml.html.parse(str(dist / "site" / ("" if stem == "index" else stem) / "index.html")).getroot()
    ends = []
    for abbr in root.xpath("//abbr[contains(@class, 'guide-first-use')]"):  # spelled out on paper
        plural = "s" if "guide-plural" in abbr.get("class") else ""
        abbr.tail = f" ({abbr.get('title')}{plural})" + (abbr.tail or "")
    for box in root.xpath("//article//div[contains(concat(' ', @class, ' '), ' admonition ')]"):
        if box.xpath("ancestor::*[@data-guide-due]"):
            continue  # the page's review notice: the handout's masthead says it instead
        words = " ".join(box.text_content().split())
        title = " ".join(box.find("p").text_content().split())
        last = re.sub(r"[\d,]+$", "", words).split()[-3:]  # citation numbers are raised: left out
        ends.append((title, " ".join(last)))
    return ends


def test_large_print_fills_page_1_never_splits_a_box_and_says_large_print(paper, built_guide):
    _, printed = paper
    for pdf in handouts(printed, "large-print"):
        where = pdf.path.name
        first = pdf.pages[0]
        assert first.body[0].text == f"{GUIDE_TITLE} · Large print", where
        # Page 1 is filled: its text reaches the last fifth of the space above the footer.
        assert max(line.bottom for line in first.body) > 0.8 * first.footer[0].top, where
        assert "Key points" in page_texts(pdf)[0], where
        seen: collections.Counter = collections.Counter()
        for title, last in box_ends(built_guide, pdf.path.stem):
            # The box's title is a line of its own (the n-th box of that title: the n-th such
            # line); its last words follow on the same page.
            starts = [page.number for page in pdf.pages for line in page.body if line.text == title]
            assert len(starts) > seen[title], (where, title)
            start = starts[seen[title]]
            seen[title] += 1
            ends = [n for n, text in enumerate(page_texts(pdf), 1) if without_numbers(last) in without_numbers(text)]
            assert [n for n in ends if n >= start][:1] == [start], (where, title, last)
