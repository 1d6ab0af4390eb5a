"""The guide itself: review metadata, citations, glossary, own words, reading level, privacy."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import ROOT
from guide.checks.originality import copied_runs, fingerprint, read_fingerprint
from guide.content.bibliography import CITATION, load_bibliography
from guide.content.frontmatter import check_page_meta, split_front_matter
from guide.content.glossary import load_glossary
from guide.content.prose import prose_text, reading_grade
from guide.governance.reviews import ReviewState, review_status
from guide.outputs.review_html import long_date
from guide.settings import plugin_options

pytestmark = pytest.mark.content

DOCS = ROOT / "docs"
PAGES = sorted(p.name for p in DOCS.glob("*.md"))
TOPIC_PAGES = [
    "index.md",
    "relapses.md",
    "disease-modifying-treatments.md",
    "symptoms.md",
    "rehabilitation.md",
    "psychosocial-support.md",
]
BIBLIOGRAPHY, _ = load_bibliography(DOCS / "_data" / "bibliography.yml", "bibliography.yml")
TERMS, _ = load_glossary(DOCS / "_data" / "glossary.yml", "glossary.yml")
SOURCE = ROOT.parent / "shared" / "seed" / "ms-treatment-overview.txt"


def built_page(dist: Path, name: str) -> str:
    stem = name.removesuffix(".md")
    path = dist / "site" / ("index.html" if stem == "index" else f"{stem}/index.html")
    return path.read_text(encoding="utf-8")


def content_of(html: str) -> str:
    """The page's article, without the theme around it."""
    article = lxml.html.document_fromstring(html).cssselect("article")[0]
    return lxml.html.tostring(article, encoding="unicode")


def test_the_guide_has_every_page_of_the_brief():
    assert set(TOPIC_PAGES + ["glossary.md", "references.md", "about.md", "changes.md", "downloads.md"]) == set(PAGES)


SETTINGS = plugin_options(yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader))


def page_meta(name: str):
    front, problems = split_front_matter(name, (DOCS / name).read_text(encoding="utf-8-sig"))
    assert problems == []
    meta, problems = check_page_meta(name, front)
    assert problems == [], problems
    return meta


def true_status(name: str, today: dt.date):
    """The review status a page has on a day, by the policy in mkdocs.yml (or None for a draft)."""
    meta = page_meta(name)
    if meta.draft:
        return None
    status, _ = review_status(name, meta, today, int(SETTINGS["review_interval_years"]), int(SETTINGS["due_soon_days"]))
    return status


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_valid_review_metadata(name):
    meta = page_meta(name)
    assert 20 <= len(meta.description) <= 160
    if not meta.draft:
        assert meta.last_reviewed <= meta.last_updated or meta.last_reviewed <= dt.date.today()
        assert meta.reviewed_by.strip()


@pytest.mark.parametrize("name", PAGES)
def test_every_citation_key_resolves_and_the_page_lists_only_what_it_cites(name, built_guide):
    text = (DOCS / name).read_text(encoding="utf-8")
    cited = list(dict.fromkeys(m.group(1) for m in CITATION.finditer(text)))
    assert set(cited) <= set(BIBLIOGRAPHY)
    if name not in SETTINGS.get("pages_without_clinical_content", []):
        # Then the sources of "Get help now", at the end of every clinical page.
        contacts = SETTINGS["contacts"]
        help_sources = [
            contacts[k]["source"] for k in ("emergency", "crisis_line", "information_line") if k in contacts
        ]
        cited += [key for key in dict.fromkeys(help_sources) if key not in cited]
    footnotes = lxml.html.fromstring(content_of(built_page(built_guide, name))).cssselect(".footnote li")
    listed = [re.sub(r"^.*?-fn-", "", li.get("id")) for li in footnotes]
    assert listed == cited  # numbered in order of first citation, nothing uncited
    for li, key in zip(footnotes, listed):
        link = BIBLIOGRAPHY[key].link
        if link:
            assert li.cssselect(f'a[href="{link}"]'), f"{name}: {key} has no link to {link}"


def test_topic_pages_cite_what_the_brief_asks():
    brief = {
        "index.md": {"downward2018"},
        "relapses.md": {
            "downward2018",
            "mssociety-relapses",
            "lepage2015",
            "burton2012",
            "nice2022",
            "weinshenker1999",
            "cortese2011",
            "nmss-plasmapheresis",
        },
        "disease-modifying-treatments.md": {
            "downward2018",
            "raegrant2018",
            "montalban2018",
            "nmss-disease-modification",
        },
        "symptoms.md": {"downward2018", "yadav2014"},
        "rehabilitation.md": {"downward2018", "khan2017", "amatya2019", "nmss-rehabilitation"},
        "psychosocial-support.md": {"downward2018", "khan2017"},
        "about.md": {"nhs-page-up-to-date", "pif-tick"},
    }
    for name, keys in brief.items():
        cited = {m.group(1) for m in CITATION.finditer((DOCS / name).read_text(encoding="utf-8"))}
        assert keys <= cited, f"{name} does not cite {keys - cited}"


def test_the_sources_page_lists_every_reference_with_an_anchor(built_guide):
    html = built_page(built_guide, "references.md")
    for key, ref in BIBLIOGRAPHY.items():
        assert f'id="ref-{key}"' in html
        if ref.link:
            assert f'href="{ref.link}"' in html


def test_a_retired_guideline_is_said_to_be_retired_where_it_is_cited():
    text = (DOCS / "relapses.md").read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if "[^cortese2011]" in p)
    assert "retired" in paragraph
    assert "retired" in BIBLIOGRAPHY["cortese2011"].fields["note"]


def test_the_corrections_to_the_source_are_made():
    text = " ".join((DOCS / p).read_text(encoding="utf-8") for p in PAGES)
    assert "IVSM" not in text and "IVMP" in text


def test_every_glossary_term_is_defined_once():
    forms = [f for t in TERMS for f in t.forms]
    assert len(forms) == len(set(forms))
    for required in (
        "BBB",
        "CNS",
        "IVMP",
        "physiatrist",
        "MS",
        "DMT",
        "DMD",
        "relapse",
        "corticosteroid",
        "methylprednisolone",
        "plasmapheresis",
        "IV",
        "oral",
        "lesion",
        "inflammation",
        "neurologist",
        "physical therapist",
        "occupational therapist",
        "speech-language pathologist",
        "psychosocial support",
        "rehabilitation",
    ):
        assert required in {t.term for t in TERMS}, required


def test_every_glossary_term_appears_as_an_abbr_with_its_expansion(built_guide):
    html = "".join(content_of(built_page(built_guide, name)) for name in PAGES if name != "glossary.md")
    abbrs = {(el.text, el.get("title")) for el in lxml.html.fromstring(f"<div>{html}</div>").iter("abbr")}
    for term in TERMS:
        assert any((form, term.tooltip) in abbrs for form in term.forms), term.term


def test_the_glossary_page_is_alphabetical_with_an_anchor_per_term(built_guide):
    root = lxml.html.fromstring(built_page(built_guide, "glossary.md"))
    ids = [dt.get("id") for dt in root.cssselect("dl.guide-glossary dt")]
    assert ids == [t.anchor for t in sorted(TERMS, key=lambda t: t.term.casefold())]


def test_the_source_fingerprint_matches_the_source_article():
    if not SOURCE.is_file():
        pytest.skip("../shared/seed is not here (a user's clone): the fingerprint is used as it is")
    assert read_fingerprint(ROOT / "scripts" / "data" / "source-fingerprint.txt") == fingerprint(
        SOURCE.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_page_copies_eight_words_from_the_source(name, built_guide):
    hashes = read_fingerprint(ROOT / "scripts" / "data" / "source-fingerprint.txt")
    assert len(hashes) > 500
    assert copied_runs(prose_text(content_of(built_page(built_guide, name))), hashes) == []
    assert copied_runs((DOCS / name).read_text(encoding="utf-8"), hashes) == []


def test_the_copy_check_would_catch_a_copied_sentence():
    if not SOURCE.is_file():
        pytest.skip("../shared/seed is not here")
    hashes = read_fingerprint(ROOT / "scripts" / "data" / "source-fingerprint.txt")
    sentence = SOURCE.read_text(encoding="utf-8").split("\n")[0][:120]
    assert copied_runs(sentence, hashes)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_reads_at_grade_8_or_lower(name, built_guide):
    text = prose_text(content_of(built_page(built_guide, name)))
    assert len(text.split()) > 15
    assert reading_grade(text) <= 8


def test_the_reading_grade_would_catch_hard_prose():
    hard = (
        "Notwithstanding considerable interindividual heterogeneity, corticosteroid "
        "administration constitutes the predominant therapeutic intervention."
    )
    assert reading_grade(hard) > 8


def _other_hosts(html: str) -> list[str]:
    root = lxml.html.document_fromstring(html)
    addresses = [el.get("src") for el in root.iter("script", "img", "iframe", "source", "video", "audio")]
    addresses += [
        el.get("href") for el in root.iter("link") if el.get("rel") not in ("canonical", "alternate", "sitemap")
    ]
    addresses += re.findall(r"url\(\s*['\"]?(https?:|//)", html)
    addresses += re.findall(r"@import\s+['\"]?(?:url\()?['\"]?(https?:|//)", html)
    return [a for a in addresses if a and re.match(r"^(https?:)?//", a)]


def test_no_built_page_loads_a_script_style_font_or_image_from_another_host(built_guide):
    site = built_guide / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 11
    for page in pages:
        assert _other_hosts(page.read_text(encoding="utf-8")) == [], page
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
    assert not re.search(
        r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr",
        "".join(p.read_text(encoding="utf-8") for p in pages),
    )


def test_the_privacy_check_would_catch_an_outside_script():
    assert _other_hosts('<script src="https://cdn.example.org/x.js"></script>') == ["https://cdn.example.org/x.js"]


def signed_off(name: str) -> bool:
    """Whether a named reviewer's sign-off is recorded in the page (review_history)."""
    front, _ = split_front_matter(name, (DOCS / name).read_text(encoding="utf-8"))
    return bool(front and front.data.get("review_history"))


def test_every_page_tells_its_review_status_as_it_is(built_guide):
    """Within its interval, or the "may be out of date" notice shows: at any later date. A
    reviewer is named only after a sign-off; a page without clinical content shows its last
    update only."""
    for name in PAGES:
        status = true_status(name, dt.date.today())
        if status is None:
            continue  # a draft is not published (test_outputs proves it)
        html = built_page(built_guide, name)
        assert re.search(r'<meta name="description" content="[^"]{20,}"', html), name
        footer = lxml.html.document_fromstring(html).cssselect(".guide-review")[0].text_content()
        assert f"Text last updated: {long_date(status.last_updated)}" in footer or name == "changes.md", name
        if name in SETTINGS.get("pages_without_clinical_content", []):
            assert "Next review due" not in footer and "Reviewed" not in footer, name
            assert "guide-review-notice" not in html and "data-guide-due" not in html, name
            continue
        if signed_off(name):
            assert f"Reviewed by {status.reviewed_by} on {long_date(status.last_reviewed)}." in footer, name
        else:
            assert "Reviewed by" not in footer, name
            assert (
                "No health professional has checked this text since the source article was reviewed in "
                f"{status.last_reviewed:%B %Y}." in footer
            ), name
        assert f"Next review due: {long_date(status.next_review_due)}" in footer, name
        notice = lxml.html.document_fromstring(html).cssselect(".guide-review-notice")[0].getparent()
        assert notice.get("data-guide-due") == status.next_review_due.isoformat()
        assert (notice.get("hidden") is None) == (status.state is ReviewState.OVERDUE), name


def test_the_report_lists_every_page_with_its_true_state(built_guide):
    report = json.loads((built_guide / "report.json").read_text())
    today = dt.date.fromisoformat(report["today"])
    published = [p for p in report["pages"] if not p["draft"]]
    assert {p["path"] for p in report["pages"]} == {f"docs/{p}" for p in PAGES}
    for page in published:
        status = true_status(page["path"].removeprefix("docs/"), today)
        assert page["review"]["state"] == status.state.value
        assert page["review"]["next_review_due"] == status.next_review_due.isoformat()
    overdue = {p["path"] for p in published if p["review"]["state"] == "overdue" and p["clinical"]}
    not_clinical = {p["path"].removeprefix("docs/") for p in published if not p["clinical"]}
    assert not_clinical == set(SETTINGS["pages_without_clinical_content"])
    assert {p["path"] for p in report["problems"] if p["kind"] == "review-overdue"} == overdue


def test_mkdocs_build_strict_passes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
