"""The three outputs, checked for real: the offline bundle and the website in a browser, the
PDFs read back, the zip opened, the print page parsed."""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pdfplumber
import pytest
from conftest import ROOT, TOPICS
from guide.checks.links import parse_built_page
from guide.outputs.pdf import PdfInfo, render
from guide.texts import long_date
from pypdf import PdfReader

from devtools.browsing import RequestLog, search
from devtools.serving import serve

pytestmark = [pytest.mark.content, pytest.mark.browser]

QUERIES = [
    ("plasma exchange", "relapses"),
    ("steroids", "relapses"),
    ("physical therapy", "rehabilitation"),
    ("blood-brain barrier", "relapses"),  # the page that explains it, then the Glossary
    ("support groups", "psychosocial-support"),
]
DISCLAIMER = "It is not a substitute for advice from your doctor, MS nurse or care team."


def first_result_page(href: str) -> str:
    return re.sub(r"(\.html|/)?(\?.*|#.*)?$", "", href.rstrip("/")).rsplit("/", 1)[-1] or "index"


# ---- Offline bundle ----


@pytest.mark.parametrize("query, expected", QUERIES)
def test_offline_search_over_file_finds_the_topic_first_and_asks_nothing_outside(query, expected, built_guide, browser):
    offline = built_guide / "offline"
    page = browser.new_page()
    requests = RequestLog(page)
    results = search(page, (offline / "index.html").as_uri(), query)
    assert results, query
    assert first_result_page(results[0].split("?")[0]) == expected
    assert requests.outside(offline.as_uri() + "/") == []
    page.close()


def test_offline_search_is_stemmed_so_other_word_forms_find_the_page(built_guide, browser):
    assert not any("exercising" in p.read_text() for p in (ROOT / "docs").glob("*.md"))
    page = browser.new_page()
    # "exercising" is in no page; "exercise" is, on the rehabilitation page.
    results = search(page, (built_guide / "offline" / "index.html").as_uri(), "exercising")
    assert "rehabilitation" in [first_result_page(r.split("?")[0]) for r in results[:3]]
    page.close()


def test_offline_navigation_tooltips_and_print_page_work_over_file(built_guide, browser):
    offline = built_guide / "offline"
    page = browser.new_page()
    requests = RequestLog(page)
    page.goto((offline / "index.html").as_uri())
    page.get_by_role("link", name="Managing relapses").first.click()
    page.wait_for_url("**/relapses.html")
    assert page.locator("h1").inner_text().startswith("Managing relapses")
    abbr = page.locator("article abbr[title='central nervous system']").first
    abbr.hover()
    page.wait_for_selector(".md-tooltip2--active, .md-tooltip--active, [role=tooltip]", timeout=5000)
    page.goto((offline / "print_page.html").as_uri())
    page.wait_for_selector("#print-page-toc li a", state="attached", timeout=10000)  # drawn by JavaScript
    assert page.locator("section.print-page[id]").count() == published_pages(built_guide)
    assert requests.outside(offline.as_uri() + "/") == []
    page.close()


def test_the_zip_holds_one_folder_with_index_and_readme_and_no_leftovers(built_guide):
    with zipfile.ZipFile(built_guide / "ms-treatment-guide-offline.zip") as archive:
        names = archive.namelist()
        readme = archive.read("ms-treatment-guide/README.txt").decode()
    assert {n.split("/")[0] for n in names} == {"ms-treatment-guide"}
    assert "ms-treatment-guide/index.html" in names
    assert "open the file index.html" in readme
    assert not [n for n in names if n.endswith((".map", ".tpl", ".md", ".yml")) or "handout-" in n]
    assert len(names) == len([p for p in (built_guide / "offline").rglob("*") if p.is_file()])


# ---- Website ----


@pytest.mark.parametrize("query, expected", QUERIES[:3])
def test_website_search_on_localhost_finds_the_topic_first_and_asks_no_other_host(
    query, expected, built_guide, browser
):
    with serve(built_guide / "site") as base:
        page = browser.new_page()
        requests = RequestLog(page)
        results = search(page, base, query)
        assert first_result_page(results[0]) == expected
        assert requests.outside(base) == []
        page.close()


def test_the_website_has_a_sitemap_a_helpful_404_and_descriptions(built_guide):
    site = built_guide / "site"
    sitemap = (site / "sitemap.xml").read_text()
    assert (
        sitemap.count("<loc>") == published_pages(built_guide)
        and "https://ms-treatment-guide.github.io/guide/relapses/" in sitemap
    )
    not_found = (site / "404.html").read_text()
    assert "We could not find that page" in not_found and "search box" in not_found


# ---- Print page ----


def test_the_print_page_has_no_duplicate_ids_and_every_in_page_link_resolves(built_guide):
    for bundle in ("site/print_page/index.html", "offline/print_page.html"):
        html = (built_guide / bundle).read_text()
        page = parse_built_page(html)
        assert page.duplicate_ids == ()
        anchors = [href[1:] for href, _ in page.links if href.startswith("#") and len(href) > 1]
        assert len(anchors) > 100
        assert [a for a in anchors if a not in page.ids] == []


def test_search_works_on_the_print_page_over_file_and_on_localhost(built_guide, browser):
    html = (built_guide / "offline" / "print_page.html").read_text()
    assert '"base": "."' in html and '__md_scope=new URL(".",location)' in html
    page = browser.new_page()
    offline = search(page, (built_guide / "offline" / "print_page.html").as_uri(), "steroids")
    assert first_result_page(offline[0].split("?")[0]) == "relapses"
    with serve(built_guide / "site", "guide") as base:
        online = search(page, base + "print_page/", "steroids")
    assert first_result_page(online[0]) == "relapses"
    page.close()


def test_the_print_page_cover_says_what_a_printed_copy_must(built_guide):
    html = (built_guide / "offline" / "print_page.html").read_text()
    cover = html[html.index('class="guide-cover"') : html.index('class="guide-cover-online"') + 4000]
    assert "Date of this copy:" in cover and "Last reviewed: 1 April 2018" in cover
    assert DISCLAIMER in cover
    assert "https://ms-treatment-guide.github.io/guide/" in cover and "<svg" in cover


# ---- PDFs ----


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_guide_pdf_has_every_topic_references_review_dates_and_disclaimer(built_guide):
    path = built_guide / "pdf" / "ms-treatment-guide.pdf"
    text = flat(pdf_text(path))
    for title in [*TOPICS.values(), "Glossary", "Sources", "About this guide"]:
        assert title in text, title
    assert "Lancet. 2015;386(9997):974-81." in text
    assert "Next review due: " in text and "No health professional has checked this text since" in text
    assert flat(DISCLAIMER) in text
    assert "MS (multiple sclerosis)" in text  # abbreviations spelled out on paper


def published_pages(dist: Path) -> int:
    """The pages of the guide that are published (drafts are not)."""

    return sum(1 for p in json.loads((dist / "report.json").read_text())["pages"] if not p["draft"])


def assert_printed_well(path: Path, title: str) -> None:
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    meta = reader.metadata
    assert meta.title.startswith(title) and meta.author and meta.subject
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged
    assert reader.outline  # bookmarks
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = (
                font.get_object().get("/FontDescriptor")
                or font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
    with pdfplumber.open(path) as pdf:
        sizes = collections.Counter(round(c["size"], 1) for p in pdf.pages for c in p.chars)
    assert min(sizes) >= 12, sizes  # RNIB Clear Print: nothing smaller than 12 pt


def test_the_guide_pdf_is_letter_tagged_with_outline_metadata_embedded_fonts_and_12pt(built_guide):
    assert_printed_well(built_guide / "pdf" / "ms-treatment-guide.pdf", "MS Treatment Guide")


@pytest.mark.parametrize("stem", TOPICS)
def test_each_topic_has_a_handout_with_its_references_terms_and_review_dates(stem, built_guide):
    path = built_guide / "pdf" / "handouts" / f"{stem}.pdf"
    assert_printed_well(path, TOPICS[stem])
    text = flat(pdf_text(path))
    assert TOPICS[stem] in text and "References" in text and "Words used on this page" in text
    assert "Next review due: " in text and "Text last updated: " in text
    # True on the day it was printed: before the due date, when to look again; after it, what to do.
    report = json.loads((built_guide / "report.json").read_text())
    made_on = dt.date.fromisoformat(report["today"])
    page = next(p for p in report["pages"] if p["path"] == f"docs/{stem}.md")
    due = dt.date.fromisoformat(page["review"]["next_review_due"])
    if due > made_on:
        assert f"Check for a newer version after {long_date(due)}." in text
    else:
        assert "Check for a newer version after" not in text
        assert "Ask your care team before you act on this information." in text
    assert flat(DISCLAIMER) in text and "Date of this copy:" in text
    address = f"https://ms-treatment-guide.github.io/guide/{'' if stem == 'index' else stem + '/'}"
    assert address in "".join(text.split())  # a long address may wrap
    others = [t for s, t in TOPICS.items() if s != stem and t not in TOPICS[stem]]
    assert not any(f"\n{t}\n" in pdf_text(path) for t in others)  # one topic only


def pdf_link_addresses(path: Path) -> set[str]:
    """The addresses of a PDF's links (a link within the PDF has none)."""
    addresses = set()
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                addresses.add(str(action["/URI"]))
    return addresses


def test_every_pdf_link_leads_to_the_website_or_the_web_never_to_a_file_of_the_build_machine(built_guide):
    site = "https://ms-treatment-guide.github.io/guide/"
    pages = {f"{site}{'' if stem == 'index' else stem + '/'}" for stem in TOPICS}
    for path in sorted((built_guide / "pdf").rglob("*.pdf")):
        addresses = pdf_link_addresses(path)
        assert addresses, path
        assert all(urlsplit(a).scheme in ("https", "http", "mailto", "tel") for a in addresses), (path, addresses)
        assert not any(".staging" in a or "dist" in a.split("#")[0].split("/") for a in addresses), (path, addresses)
        # A mistake is reported with the page's address on the website, as the reader would find it.
        reports = [unquote(a) for a in addresses if a.startswith("mailto:")]
        assert all(".html" not in a for a in reports), (path, reports)
    # The first page's handout leads to each topic's page on the website.
    assert pages - {site} <= {a.split("#")[0] for a in pdf_link_addresses(built_guide / "pdf/handouts/index.pdf")}


def test_no_other_handouts_are_made(built_guide):
    for folder in ("handouts", "large-print"):
        assert sorted(p.stem for p in (built_guide / "pdf" / folder).glob("*.pdf")) == sorted(TOPICS)


def test_a4_paper_is_a_setting(tmp_path, browser):
    html = tmp_path / "page.html"
    html.write_text("<!doctype html><html lang='en'><title>A4</title><h1>A4 page</h1></html>")
    render(browser, html, tmp_path / "a4.pdf", "a4", PdfInfo("A4", "Editors", "Paper size"))
    box = PdfReader(tmp_path / "a4.pdf").pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1.5


@pytest.mark.parametrize("output", ["site", "offline"])
def test_every_pdf_is_published_and_one_click_away_on_each_copy(built_guide, output):
    folder = built_guide / output
    pages = {
        "site": lambda stem: "index.html" if stem == "index" else f"{stem}/index.html",
        "offline": lambda stem: f"{stem}.html",
    }[output]
    published = sorted(p.relative_to(folder).as_posix() for p in (folder / "downloads").rglob("*.pdf"))
    assert published == sorted(
        [
            "downloads/ms-treatment-guide.pdf",
            *(f"downloads/{kind}/{stem}.pdf" for stem in TOPICS for kind in ("handouts", "large-print")),
        ]
    )
    for stem in TOPICS:
        page = folder / pages(stem)
        links = lxml.html.parse(str(page)).getroot().cssselect(".guide-download a")
        assert [a.text_content().split(":")[0] for a in links] == ["Print this topic", "Large print"], stem
        for link, kind in zip(links, ("handouts", "large-print")):
            assert link.text_content().split(": ", 1)[1].startswith("PDF, "), stem
            target = (page.parent / link.get("href")).resolve()
            assert target == (folder / "downloads" / kind / f"{stem}.pdf").resolve()
            pages_in_pdf = len(PdfReader(target).pages)
            assert f"PDF, {pages_in_pdf} page" in link.text_content()
    listing = folder / pages("downloads")
    hrefs = [a.get("href") for a in lxml.html.parse(str(listing)).getroot().cssselect("#guide-downloads a")]
    files = [h for h in hrefs if not h.startswith("https://")]
    assert all((listing.parent / h).is_file() for h in files), hrefs
    assert len([h for h in files if "/large-print/" in h]) == len(TOPICS)
    assert len(files) == 2 * len(TOPICS) + (2 if output == "site" else 1)  # the zip lives on the website only
    if output == "site":
        assert any(h.endswith("ms-treatment-guide-offline.zip") for h in files)
    else:
        with zipfile.ZipFile(built_guide / "ms-treatment-guide-offline.zip") as archive:
            names = archive.namelist()
        assert "ms-treatment-guide/downloads/handouts/relapses.pdf" in names
        assert "ms-treatment-guide/downloads/large-print/relapses.pdf" in names
