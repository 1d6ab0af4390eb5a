"""Another publisher, another subject: the engine builds a small sun safety guide
(tests/sites/other-publisher/) with every output, and nothing of the MS Treatment Guide shows in
any of them. The engine's own wording is neutral; this guide's is in its mkdocs.yml and its
overrides (one: the disclaimer)."""

from __future__ import annotations

import collections
import json
import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, run_build
from pypdf import PdfReader

pytestmark = pytest.mark.fixtures

SITE = ROOT / "tests" / "sites" / "other-publisher"
TODAY = "2026-01-15"
SLUG = "sun-safety-guide"  # from site_name: Sun Safety Guide
HANDOUTS = ("index", "sunscreen", "shade")
TEXT_FILES = (".html", ".txt", ".ics", ".csv", ".json", ".xml", ".js", ".css")
# Words of the MS Treatment Guide. "MS" as a whole word and in capitals only (it is in no English
# word); the others in any case.
MS = re.compile(r"\bMS\b")
OTHER_WORDS = re.compile(r"multiple ?sclerosis|ms[ -]treatment|\bms team\b|\bms nurse\b|\brelaps", re.IGNORECASE)
OWN_DISCLAIMER = "This guide gives general advice about sun safety."  # overrides/guide/disclaimer.html


def foreign_words(text: str) -> list[str]:
    return MS.findall(text) + OTHER_WORDS.findall(text)


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(
        [*(page.extract_text() or "" for page in reader.pages), *map(str, (reader.metadata or {}).values())]
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The other publisher's guide, built once by the real build script."""
    dist = tmp_path_factory.mktemp("other-publisher") / "dist"
    result = run_build("build", "--today", TODAY, "--config-file", str(SITE / "mkdocs.yml"), dist=dist)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 0 errors, 0 warnings, 0 notices, 7 pages" in result.stdout
    return dist


def test_every_output_is_built_and_named_after_the_site(dist):
    expected = [
        "site/index.html",
        "site/sunscreen/index.html",
        "site/print_page/index.html",
        "offline/index.html",
        "offline/README.txt",
        f"{SLUG}-offline.zip",
        f"pdf/{SLUG}.pdf",
        *(f"pdf/{kind}/{page}.pdf" for kind in ("handouts", "large-print") for page in HANDOUTS),
        f"site/downloads/{SLUG}.pdf",
        f"site/downloads/{SLUG}-offline.zip",
        "site/downloads/large-print/shade.pdf",
        f"offline/downloads/{SLUG}.pdf",
        "reviews.csv",
        "reviews.ics",
        "report.json",
    ]
    assert [name for name in expected if not (dist / name).is_file()] == []
    with zipfile.ZipFile(dist / f"{SLUG}-offline.zip") as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {SLUG}
    assert f"{SLUG}/index.html" in names and f"{SLUG}/README.txt" in names
    report = json.loads((dist / "report.json").read_text(encoding="utf-8"))
    assert {f"pdf/{SLUG}.pdf", f"{SLUG}-offline.zip", "pdf/large-print/sunscreen.pdf"} <= set(report["outputs"])


def test_no_output_holds_a_word_of_the_ms_guide(dist):
    found = {}
    for path in sorted(dist.rglob("*")):
        name = path.relative_to(dist).as_posix()
        words = foreign_words(name)
        if path.is_file() and path.suffix in TEXT_FILES:
            words += foreign_words(path.read_text(encoding="utf-8-sig", errors="replace"))
        elif path.suffix == ".pdf":
            words += foreign_words(pdf_text(path))
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                words += foreign_words(" ".join(archive.namelist()))
        if words:
            found[name] = sorted(set(words))
    assert found == {}


def test_its_handouts_print_with_the_engine_s_styles_for_paper(dist):
    """The publisher has no print styles of its own: the engine's (assets/css/guide-print.css,
    given to every site) set the body text at 12 pt, and at 18 pt in large print."""
    for kind, size in (("handouts", 12), ("large-print", 18)):
        with pdfplumber.open(dist / "pdf" / kind / "sunscreen.pdf") as pdf:
            sizes = collections.Counter(round(char["size"]) for page in pdf.pages for char in page.chars)
        assert sizes.most_common(1)[0][0] == size, (kind, sizes.most_common(3))
    page = (dist / "site" / "sunscreen" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/css/guide-print.css">' in page
    assert (dist / "offline" / "assets" / "css" / "guide-print.css").is_file()


def test_the_publisher_s_own_wording_and_the_engine_s_fill_the_outputs(dist):
    # Its override of the disclaimer, on the printed cover and on every handout.
    cover = (dist / "site" / "print_page" / "index.html").read_text(encoding="utf-8")
    assert OWN_DISCLAIMER in cover and "Sun Safety Guide" in cover
    for page in HANDOUTS:
        assert OWN_DISCLAIMER in " ".join(pdf_text(dist / "pdf" / "handouts" / f"{page}.pdf").split())
    # The engine's neutral wording where it has none of its own; its site's name in the read-me.
    page = (dist / "site" / "sunscreen" / "index.html").read_text(encoding="utf-8")
    assert "Please talk to your doctor or care team before you make any decision." in page
    # Search's honest answer when nothing matches, in the engine's words (this guide's say "MS team").
    assert 'This guide does not cover “<span data-guide-search-query=""></span>” yet.' in page
    assert "ask your doctor or care team: they can answer questions this guide does not" in page
    readme = (dist / "offline" / "README.txt").read_text(encoding="utf-8")
    assert readme.startswith("Sun Safety Guide - offline copy\n")
    assert "https://sun-safety.example.org/guide/" in readme


def test_the_publisher_s_templates_are_not_published(dist):
    # MkDocs copies a theme folder's files into the site, but not templates (*.html), Markdown or
    # read-mes: the overrides of guide/* and partials/ stay out of every copy.
    for folder in ("site", "offline"):
        assert not (dist / folder / "guide").exists()
        assert not (dist / folder / "partials").exists()


# ---- Its own help and contacts (issue 23) ----

OUR_CONTACTS = re.compile(
    r"\b911\b|\b988\b|1-800-344-4867|988lifeline|nationalmssociety|ms-treatment-guide|National MS Society"
)
SCRIPTS = re.compile(r"<script\b.*?</script>", re.DOTALL)


def test_its_own_contacts_show_everywhere_and_none_of_the_ms_guide_s(dist):
    leaked = {}
    for path in sorted(dist.rglob("*")):
        if path.suffix in (".html", ".txt", ".csv", ".ics"):
            text = SCRIPTS.sub("", path.read_text(encoding="utf-8-sig", errors="replace"))
        elif path.suffix == ".pdf":
            text = pdf_text(path)
        else:
            continue
        if OUR_CONTACTS.findall(text):
            leaked[path.relative_to(dist).as_posix()] = sorted(set(OUR_CONTACTS.findall(text)))
    assert leaked == {}
    page = (dist / "site" / "sunscreen" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:999"' in page and 'href="tel:116123"' in page and 'href="tel:111"' in page
    assert "Get help now" in page
    # No clinical content, no help box: its Sources page.
    assert "Get help now" not in (dist / "site" / "references" / "index.html").read_text(encoding="utf-8")
    for folder in ("handouts", "large-print"):
        for name in HANDOUTS:
            text = " ".join(pdf_text(dist / "pdf" / folder / f"{name}.pdf").split())
            assert "Get help now" in text and "116 123" in text and "999" in text, (folder, name)
            assert "Your care team (to be filled in by your clinic)" in text, (folder, name)
            assert "Email feedback@sun-safety.example.org" in text, (folder, name)
    readme = (dist / "offline" / "README.txt").read_text(encoding="utf-8")
    assert "- Samaritans: 116 123." in readme and "feedback@sun-safety.example.org" in readme


def test_its_report_link_is_an_email_with_the_page_filled_in_and_no_repository(dist):
    page = (dist / "site" / "shade" / "index.html").read_text(encoding="utf-8")
    assert 'href="mailto:feedback@sun-safety.example.org?subject=Mistake%20on%20the%20page%3A%20Shade' in page
    assert "issues/new" not in page


def test_a_copy_made_before_the_review_is_due_says_when_to_look_again_and_names_its_reviewer(dist):
    text = " ".join(pdf_text(dist / "pdf" / "handouts" / "sunscreen.pdf").split())
    assert re.search(r"Check for a newer version after \d+ \w+ 2027\.", text)
    page = (dist / "site" / "sunscreen" / "index.html").read_text(encoding="utf-8")
    assert "Reviewed by Dr B Example, skin nurse on" in page


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_its_pages_keep_the_keyboard_on_what_the_reader_sees_and_name_headings_by_their_words(dist, browser, width):
    """The engine's keyboard and screen-reader repairs reach another publisher's site too."""
    from test_reading import FOCUS_SEEN, NO_MOTION

    from devtools.serving import serve

    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    hidden = []
    with serve(dist / "site", "guide") as base:
        for path in ("", "sunscreen/", "references/"):
            page.goto(base + path)
            page.add_style_tag(content=NO_MOTION)
            first = None
            for _ in range(200):
                page.keyboard.press("Tab")
                focus = page.evaluate(FOCUS_SEEN)
                if focus is None or focus["what"] == first:
                    break
                first = first or focus["what"]
                if not focus["shown"] or focus["backLink"] or focus["permalink"]:
                    hidden.append((path, focus["what"]))
        page.goto(base + "sunscreen/")
        cdp = page.context.new_cdp_session(page)
        headings = [
            n.get("name", {}).get("value", "")
            for n in cdp.send("Accessibility.getFullAXTree")["nodes"]
            if n.get("role", {}).get("value") == "heading" and not n.get("ignored")
        ]
    context.close()
    assert hidden == []
    assert "Get help now" in headings and "Choosing and using sunscreen" in headings
    assert [name for name in headings if "¶" in name] == []
