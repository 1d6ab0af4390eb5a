"""Translations (issue 26): a guide in two languages, each translation honest about the English
page it follows. The whole life cycle on copies of tests/sites/bilingual: a fresh translation
passes; an edit to the English page makes it warn, then fail past the limit, and show its notice
in Spanish; recording the updated translation and its new sign-off clear it; a missing
translation falls back to the English page; an unreviewed or hostile translation is refused."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build
from guide.content.frontmatter import split_front_matter
from guide.errors import TranslationRefused
from guide.translations.command import record_translation
from guide.translations.layout import Layout, translation_of
from guide.translations.markdown_words import load_glossaries
from guide.translations.record import behind, read_record
from guide.translations.texts import date_in, month_year_in
from pypdf import PdfReader

SITE = ROOT / "tests" / "sites" / "bilingual"
TODAY = "2024-06-01"  # the fixture's pages were reviewed in 2024: not due, whatever today is
TRANSLATOR = "Ana Ruiz, medical translator"


# Unit: the layout, the record, the command's edit ----------------------------------------------


@pytest.mark.unit
def test_a_page_with_a_language_suffix_translates_the_page_without_it():
    assert translation_of("relapses.es.md", {"es": "Español"}) == ("relapses.md", "es")
    assert translation_of("a/b.es.md", {"es": "Español"}) == ("a/b.md", "es")
    assert translation_of("relapses.fr.md", {"es": "Español"}) is None  # not a language of the guide
    assert translation_of("relapses.md", {"es": "Español"}) is None
    assert translation_of(".es.md", {"es": "Español"}) is None
    layout = Layout.of(["index.md", "relapses.md", "relapses.es.md"], "en", {"es": "Español"})
    assert layout.versions("relapses.es.md") == {"en": "relapses.md", "es": "relapses.es.md"}
    assert layout.versions("index.md") == {"en": "index.md", "es": None}


@pytest.mark.unit
def test_a_spanish_date_is_written_as_a_spanish_reader_writes_it():
    assert date_in("es", dt.date(2026, 11, 20)) == "20 de noviembre de 2026"
    assert date_in("en", dt.date(2026, 11, 20)) == "20 November 2026"
    assert month_year_in("es", dt.date(2018, 4, 1)) == "abril de 2018"


@pytest.mark.unit
def test_the_whole_guide_in_spanish_prints_each_page_s_translation_and_an_entry_for_one_without():
    from types import SimpleNamespace

    from guide.translations.print_page import Entry, Section, items_in_language, print_page_name

    def page(src_uri, url, title):
        return SimpleNamespace(
            is_page=True, is_section=False, title=title, url=url, file=SimpleNamespace(src_uri=src_uri), meta={}
        )

    nav = [
        page("index.md", "index.html", "About MS"),
        SimpleNamespace(
            is_page=False,
            is_section=True,
            title="Topics",
            children=[page("relapses.md", "relapses.html", "Relapses"), page("questions.md", "questions.html", "Q")],
        ),
    ]
    layout = Layout.of(["index.md", "index.es.md", "relapses.md", "relapses.es.md", "questions.md"], "en", {"es": "E"})
    spanish_index = page("index.es.md", "es/index.html", "Sobre la guía")
    spanish_index.html = "<h1>Sobre la guía</h1>"
    draft = page("relapses.es.md", "es/relapses.html", "Recaídas")  # a draft: not published, not rendered
    items = items_in_language(
        nav,
        "es",
        layout,
        {"index.es.md": "es/index.html"},
        {"index.es.md": spanish_index, "relapses.es.md": draft},
        lambda item: f"<p>sin traducir: {item.title}</p>",
    )
    assert isinstance(items[0], Entry) and (items[0].url, items[0].html) == ("es/index.html", "<h1>Sobre la guía</h1>")
    assert isinstance(items[1], Section) and [e.untranslated for e in items[1].children] == [True, True]
    assert [(e.url, e.html) for e in items[1].children] == [
        ("relapses.html", "<p>sin traducir: Relapses</p>"),
        ("questions.html", "<p>sin traducir: Q</p>"),
    ]
    assert print_page_name("print_page.html", "es") == "print_page.es.html"
    assert print_page_name("print_page/index.html", "es") == "print_page/index.es.html"


@pytest.mark.unit
def test_a_link_of_the_spanish_print_page_to_an_untranslated_part_leads_to_its_entry():
    from guide.translations.print_page import to_existing_entries

    html = (
        '<section id="questions"></section><section id="es-relapses"><h2 id="es-relapses-a">A</h2>'
        '<a href="#questions-what-to-ask">q</a><a href="#es-relapses-a">a</a><a href="#relapses">source</a></section>'
    )
    fixed = to_existing_entries(html, {"questions"}, {"relapses": "https://example.org/guide/relapses/"})
    assert '<a href="#questions">q</a>' in fixed and '<a href="#es-relapses-a">a</a>' in fixed
    assert '<a href="https://example.org/guide/relapses/">source</a>' in fixed


@pytest.mark.unit
@pytest.mark.parametrize(
    "page, link, leads_to",
    [
        ("index.es.md", "[a](relapses.md)", "[a](relapses.es.md)"),
        ("index.es.md", "[a](relapses.md#references)", "[a](relapses.es.md#references)"),
        ("index.es.md", '[a](./relapses.md "Recaídas")', '[a](./relapses.es.md "Recaídas")'),
        ("topics/pills.es.md", "[a](../relapses.md)", "[a](../relapses.es.md)"),
        ("topics/pills.es.md", "[a](../relapses.md#references)", "[a](../relapses.es.md#references)"),
        ("topics/pills.es.md", "[a][r]\n\n[r]: ../relapses.md", "[a][r]\n\n[r]: ../relapses.es.md"),
        (
            "index.es.md",
            "[a][r]\n\n[r]: <relapses.md#references> 'T'",
            "[a][r]\n\n[r]: <relapses.es.md#references> 'T'",
        ),
        # No translation published: the English page.
        ("index.es.md", "[a](questions.md#what-to-ask)", "[a](questions.md#what-to-ask)"),
        ("topics/pills.es.md", "[a][q]\n\n[q]: ../questions.md", "[a][q]\n\n[q]: ../questions.md"),
        ("topics/pills.es.md", "[a](relapses.md)", "[a](relapses.md)"),  # topics/relapses.md: no such page
        # An English page's links stay as they are.
        ("index.md", "[a](relapses.md)\n\n[r]: relapses.md", "[a](relapses.md)\n\n[r]: relapses.md"),
    ],
)
def test_a_translation_s_link_leads_to_the_page_s_translation_when_it_exists_else_to_the_english_page(
    page, link, leads_to
):
    from guide.translations.pages import TranslatedSite

    files = ["index.md", "index.es.md", "relapses.md", "relapses.es.md", "questions.md", "topics/pills.md"]
    site = TranslatedSite(Layout.of([*files, "topics/pills.es.md"], "en", {"es": "Español"}), Path("docs"), None)
    site.urls = {name: name for name in files + ["topics/pills.es.md"]}
    assert site.page_markdown(page, link) == leads_to


SOURCE = (
    "---\ntitle: Relapses\ndescription: D.\nlast_updated: 2024-02-01\n---\n\n# Relapses\n\nMost relapses get better.\n"
)
TRANSLATION = "---\ntitle: Recaídas\ndescription: D.\ndraft: true\n---\n\n# Recaídas\n\nLa mayoría mejoran.\n"


@pytest.mark.unit
def test_recording_a_translation_writes_one_line_and_changing_the_source_puts_it_behind():
    text = record_translation(
        SOURCE, TRANSLATION, "docs/relapses.es.md", TRANSLATOR, "person", dt.date(2024, 4, 1), dt.date(2024, 6, 1)
    )
    assert text.replace(re.search(r"translation: .*\n", text)[0], "") == TRANSLATION  # nothing else changed
    front, _ = split_front_matter("docs/relapses.es.md", text)
    record, problems = read_record("docs/relapses.es.md", front)
    assert not problems and record.by == TRANSLATOR and record.source_updated == dt.date(2024, 2, 1)
    assert behind(record, SOURCE.split("---\n", 2)[2], dt.date(2024, 2, 1)) is None
    # Formatting is not a change; a word is, dated by the English page's last_updated.
    assert behind(record, SOURCE.split("---\n", 2)[2].replace("Most", "*Most*"), dt.date(2024, 2, 1)) is None
    late = behind(record, SOURCE.split("---\n", 2)[2].replace("Most", "Many"), dt.date(2024, 5, 20))
    assert late.changed_on == dt.date(2024, 5, 20) and late.days(dt.date(2024, 6, 1)) == 12
    # A changed word whose page kept its old date: the day is not known, counted from the translation.
    late = behind(record, "Many relapses get better.", dt.date(2024, 2, 1))
    assert late.changed_on is None and late.since == dt.date(2024, 4, 1)
    # Recorded again: the one line is replaced, not added.
    again = record_translation(
        SOURCE, text, "docs/relapses.es.md", TRANSLATOR, "machine-checked", dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    )
    assert again.count("translation:") == 1 and "method: machine-checked" in again


@pytest.mark.unit
@pytest.mark.parametrize(
    "by, method, on, says",
    [
        ("", "person", "2024-04-01", "not given"),
        ("Ana Ruiz", "person", "2024-04-01", "not given"),  # no role
        ("<b>Ana</b>, translator", "person", "2024-04-01", "not given"),
        (TRANSLATOR, "google", "2024-04-01", "method 'google' is unknown"),
        (TRANSLATOR, "person", "2030-01-01", "not a day on or before today"),
    ],
)
def test_the_translated_command_refuses_what_it_cannot_record_truthfully(by, method, on, says):
    with pytest.raises(TranslationRefused, match=says):
        record_translation(
            SOURCE, TRANSLATION, "docs/relapses.es.md", by, method, dt.date.fromisoformat(on), dt.date(2024, 6, 1)
        )


@pytest.mark.unit
def test_a_record_written_by_hand_wrongly_is_named_at_its_line():
    text = TRANSLATION.replace(
        "draft: true\n", 'translation: {source_text: "abc", by: "", method: robot, date: 2024-13-01}\n'
    )
    front, _ = split_front_matter("docs/x.es.md", text)
    record, problems = read_record("docs/x.es.md", front)
    assert record is None
    assert {p.line for p in problems} == {4}
    assert [p.what.split(":")[1].split()[0] for p in problems] == ["source_text", "by", "method", "date"]


# Fixture sites through the real build script ---------------------------------------------------


def copy_site(tmp_path: Path) -> Path:
    """The bilingual site and what it inherits, with the same relative paths."""
    shutil.copytree(SITE, tmp_path / "sites" / "bilingual")
    shutil.copy(ROOT / "tests" / "fixtures" / "_base.yml", tmp_path / "fixtures" / "_base.yml") if (
        tmp_path / "fixtures"
    ).mkdir() is None else None
    shutil.copytree(ROOT / "tests" / "fixtures" / "_shared", tmp_path / "fixtures" / "_shared")
    return tmp_path / "sites" / "bilingual"


def build(site: Path, *args: str, command: str = "check", today: str = TODAY):
    return run_build(command, "--today", today, "--config-file", str(site / "mkdocs.yml"), *args)


def edit_english_page(site: Path) -> None:
    page = site / "docs" / "relapses.md"
    text = page.read_text().replace("Most relapses get better.", "Most relapses get better in a few weeks.")
    page.write_text(text.replace("last_updated: 2024-02-01", "last_updated: 2024-05-20"))


def problem_lines(result) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if re.match(r"docs/\S+:\d+: ", line)]


@pytest.mark.fixtures
def test_a_fresh_translation_passes_and_is_published_in_its_language_folder_with_a_switcher(tmp_path):
    site = copy_site(tmp_path)
    result = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 warnings" in result.stdout
    for copy, suffix in (("site", "/index.html"), ("offline", ".html")):
        folder = tmp_path / "dist" / copy
        spanish = (folder / f"es/relapses{suffix}").read_text()
        english = (folder / f"relapses{suffix}").read_text()
        assert re.search(r'<html lang="es"', spanish) and re.search(r'<html lang="en"', english)
        assert "La página en inglés ha cambiado" not in spanish
        assert "traducida por una persona el 1 de abril de 2024" in spanish
        # The engine's sentences in the page's language: its own sign-off, in Spanish.
        assert "Revisado por Dr B Ejemplo, MS nurse el 10 de abril de 2024." in spanish
        assert "Próxima revisión: 10 de abril de 2027" in spanish and "Next review due" not in spanish
        assert "Reviewed by Dr A Example, MS nurse on 15 January 2024." in english
        assert '<h2 id="references">Fuentes<' in spanish and 'aria-label="Fuente 1"' in spanish
        assert '<h2 id="references">References<' in english and 'aria-label="Source 1"' in english
        # The switcher leads to the same page in the other language.
        english_link = "../../relapses/" if copy == "site" else "../relapses.html"
        assert f'<li lang="en"><a href="{english_link}">English</a></li>' in spanish
        assert re.search(r'<li lang="es"><a href="(\.\./)?es/relapses[/.]', english)
        # A translation's link to a translated page stays in Spanish; to an untranslated one, English.
        home = (folder / "es" / "index.html").read_text()
        assert re.search(r'href="(\.\./)?relapses[/.]', home.split("Sobre la guía", 2)[2])
        assert re.search(r'href="\.\./questions[/.]', home.split("Sobre la guía", 2)[2])
        # The page without a translation: the English page, with a note in Spanish.
        questions = (folder / f"questions{suffix}").read_text()
        assert '<li lang="es">Español: esta página aún no está traducida</li>' in questions
    # The build report and the review schedule give each page's language; a translation's
    # reading grade is not measured (no formula checked for Spanish), not a made-up number.
    pages = {p["path"]: p for p in json.loads((tmp_path / "dist" / "report.json").read_text())["pages"]}
    assert (pages["docs/relapses.es.md"]["language"], pages["docs/relapses.es.md"]["reading_grade"]) == ("es", None)
    assert pages["docs/relapses.md"]["language"] == "en" and pages["docs/relapses.md"]["reading_grade"] > 0
    schedule = list(csv.DictReader((tmp_path / "dist" / "reviews.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert {row["page"]: row["language"] for row in schedule}["docs/relapses.es.md"] == "es"
    assert "not measured" in result.stdout
    # The offline copy's README.txt has a part in Spanish, after the site's own.
    readme = (tmp_path / "dist" / "offline" / "README.txt").read_text(encoding="utf-8")
    assert readme.index("open the file index.html") < readme.index("elija «Español» para leerla en español")
    # Translations are not in the English navigation, nor in the whole guide's print page.
    assert "Recaídas" not in (tmp_path / "dist" / "site" / "index.html").read_text().split("md-content")[0]
    assert "Recaídas" not in (tmp_path / "dist" / "site" / "print_page" / "index.html").read_text()


@pytest.mark.fixtures
def test_an_edit_to_the_english_page_makes_its_translation_warn_then_fail_past_the_limit(tmp_path):
    site = copy_site(tmp_path)
    edit_english_page(site)
    result = build(site)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning
    assert problem_lines(result) == [
        "docs/relapses.es.md:4: The English page docs/relapses.md changed on 2024-05-20: this translation was made "
        'from its earlier text. Update the translation, then record it: make translated PAGE=relapses.md LANG=es BY="Name, role".'
    ]
    # 30 days is this site's limit (translation_behind_error_days): 42 days later it is an error.
    late = build(site, today="2024-07-01")
    assert late.returncode == 1
    assert [line.split(": ", 1)[0] for line in problem_lines(late)] == ["docs/relapses.es.md:4"]
    assert "behind for 42 days, more than the limit of 30" in late.stdout
    # --strict makes the warning an error too.
    assert build(site, "--strict").returncode == 1


@pytest.mark.fixtures
def test_a_translation_behind_says_so_in_its_own_language_and_links_to_the_english_page(tmp_path):
    site = copy_site(tmp_path)
    edit_english_page(site)
    result = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0, result.stdout + result.stderr
    spanish = (tmp_path / "dist" / "site" / "es" / "relapses" / "index.html").read_text()
    notice = re.search(r'<div class="admonition warning guide-translation-behind".*?</div>', spanish, re.DOTALL)[0]
    assert "La página en inglés cambió el 20 de mayo de 2024." in notice
    assert '<a href="../../relapses/">Lea la página en inglés</a>' in notice
    assert "guide-translation-behind" not in (tmp_path / "dist" / "site" / "es" / "index.html").read_text()


@pytest.mark.fixtures
def test_recording_the_updated_translation_and_its_new_sign_off_clear_the_warning(tmp_path):
    site = copy_site(tmp_path)
    edit_english_page(site)
    page = site / "docs" / "relapses.es.md"
    page.write_text(
        page.read_text().replace(
            "La mayoría de las recaídas mejoran.", "La mayoría de las recaídas mejoran en unas semanas."
        )
    )
    config = ["--config-file", str(site / "mkdocs.yml"), "--today", TODAY]
    recorded = run_build(
        "translated", "relapses.md", "--lang", "es", "--by", TRANSLATOR, "--date", "2024-05-25", *config
    )
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    # The translation's words changed after its sign-off: its reviewer signs it off again.
    changed = build(site)
    assert [line.split(":", 1)[0] for line in problem_lines(changed)] == ["docs/relapses.es.md"]
    assert "review-changed" in changed.stdout and "translation-behind" not in changed.stdout
    signed = run_build("review", "relapses.es.md", "--by", "Dr B Ejemplo, MS nurse", "--date", "2024-05-30", *config)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    clean = build(site)
    assert clean.returncode == 0 and problem_lines(clean) == [], clean.stdout


@pytest.mark.fixtures
def test_a_new_sign_off_of_the_translation_clears_it_its_reviewer_checked_it_against_the_english_page(tmp_path):
    site = copy_site(tmp_path)
    edit_english_page(site)
    assert "translation-behind" in build(site).stdout
    page = site / "docs" / "relapses.es.md"
    before = page.read_text()
    config = ["--config-file", str(site / "mkdocs.yml"), "--today", TODAY]
    signed = run_build("review", "relapses.es.md", "--by", "Dr B Ejemplo, MS nurse", "--date", "2024-05-30", *config)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    assert "checked it against relapses.md as it is now" in signed.stdout
    after = page.read_text()
    # The record follows the English text now; the translator, method and date stay.
    record = re.search(r"translation: .*", after)[0]
    assert "source_updated: 2024-05-20" in record and 'by: "Ana Ruiz, medical translator"' in record
    assert "date: 2024-04-01" in record and record != re.search(r"translation: .*", before)[0]
    clean = build(site)
    assert clean.returncode == 0 and problem_lines(clean) == [], clean.stdout
    # A sign-off of a translation that is in step changes nothing but the sign-off.
    again = run_build("review", "relapses.es.md", "--by", "Dr B Ejemplo, MS nurse", "--date", "2024-05-31", *config)
    assert again.returncode == 0 and "checked it against" not in again.stdout
    assert re.search(r"translation: .*", page.read_text())[0] == record


@pytest.mark.fixtures
def test_a_translation_is_never_published_as_reviewed_without_its_own_sign_off(tmp_path):
    site = copy_site(tmp_path)
    page = site / "docs" / "relapses.es.md"
    text = re.sub(r"review_history:\n.*\n", "", page.read_text())
    page.write_text(text)
    result = build(site)
    assert result.returncode == 1
    assert "docs/relapses.es.md:6: This translation is published without a sign-off of its own" in result.stdout
    # As a draft it is fine, and left out of every published output.
    page.write_text(text.replace("title: Recaídas\n", "title: Recaídas\ndraft: true\n"))
    built = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (tmp_path / "dist" / "site" / "es" / "relapses").exists()
    # The English page's switcher then says there is no Spanish page yet.
    english = (tmp_path / "dist" / "site" / "relapses" / "index.html").read_text()
    assert '<li lang="es">Español: esta página aún no está traducida</li>' in english


@pytest.mark.fixtures
def test_a_translation_of_an_english_draft_is_not_published_before_it(tmp_path):
    site = copy_site(tmp_path)
    english = site / "docs" / "questions.md"
    english.write_text(english.read_text().replace("title: Questions\n", "title: Questions\ndraft: true\n"))
    translation = site / "docs" / "questions.es.md"
    shutil.copy(site / "docs" / "relapses.es.md", translation)
    nav = (site / "mkdocs.yml").read_text().replace("  - Questions: questions.md\n", "")
    (site / "mkdocs.yml").write_text(nav)
    for page in ("index.md", "relapses.md", "index.es.md", "relapses.es.md"):  # no link to the draft
        path = site / "docs" / page
        path.write_text(re.sub(r"\[([^]]*)\]\(questions\.md[^)]*\)", r"\1", path.read_text()))
    result = build(site)
    assert (
        "docs/questions.es.md:1: This translation is published, but its English page, questions.md, is a draft."
        in result.stdout
    )


@pytest.mark.fixtures
def test_hostile_content_in_a_translation_is_refused_like_any_page(tmp_path):
    site = copy_site(tmp_path)
    page = site / "docs" / "relapses.es.md"
    page.write_text(page.read_text() + '\n<script>alert(1)</script>\n\n<a href="javascript:alert(2)">x</a>\n')
    result = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 1
    lines = problem_lines(result)
    assert any(line.startswith("docs/relapses.es.md:") and "<script>" in line for line in lines), result.stdout
    assert not (tmp_path / "dist").exists()


@pytest.mark.fixtures
def test_the_translated_command_needs_a_language_of_the_guide_and_an_existing_translation(tmp_path):
    site = copy_site(tmp_path)
    config = ["--config-file", str(site / "mkdocs.yml"), "--today", TODAY]
    before = (site / "docs" / "relapses.es.md").read_text()
    wrong_language = run_build("translated", "relapses.md", "--lang", "fr", "--by", TRANSLATOR, *config)
    assert wrong_language.returncode == 2
    assert "'fr' is not a language of this guide. Give one of: es." in wrong_language.stderr
    missing = run_build("translated", "questions.md", "--lang", "es", "--by", TRANSLATOR, *config)
    assert missing.returncode == 2 and "docs/questions.es.md: the translation does not exist yet" in missing.stderr
    no_page = run_build("translated", "../mkdocs.yml", "--lang", "es", "--by", TRANSLATOR, *config)
    assert no_page.returncode == 2 and "Traceback" not in no_page.stderr
    assert (site / "docs" / "relapses.es.md").read_text() == before


# A Downloads page and its Spanish translation, recorded and signed off (as `make translated`
# and `make review` wrote them), added to a copy of the bilingual site.
DOWNLOADS_PAGE = """---
title: Downloads
description: Print the guide or a topic.
last_reviewed: 2024-01-15
reviewed_by: Dr A Example, MS nurse
last_updated: 2024-02-01
---

# Downloads

Print one topic or the whole guide.

<!-- guide:downloads -->
"""
SPANISH_DOWNLOADS_PAGE = """---
title: Descargas
description: Imprima la guía o un tema.
translation: {source_text: "sha256:3b17739e0ebe46b0", source_updated: 2024-02-01, by: "Ana Ruiz, medical translator", method: person, date: 2024-04-01}
last_reviewed: 2024-04-10
reviewed_by: "Dr B Ejemplo, MS nurse"
last_updated: 2024-04-10
review_history:
  - {date: 2024-04-10, by: "Dr B Ejemplo", role: "MS nurse", text: "sha256:33e1466746cad0fa"}
---

# Descargas

Imprima un tema o la guía completa.

<!-- guide:downloads -->
"""


def add_downloads_pages(site: Path, spanish: bool = True) -> None:
    (site / "docs" / "downloads.md").write_text(DOWNLOADS_PAGE)
    if spanish:
        (site / "docs" / "downloads.es.md").write_text(SPANISH_DOWNLOADS_PAGE)
    config = (site / "mkdocs.yml").read_text()
    config = config.replace(
        "  - Questions: questions.md\n", "  - Questions: questions.md\n  - Downloads: downloads.md\n"
    )
    config = config.replace(
        "    translation_behind_error_days: 30\n",
        "    translation_behind_error_days: 30\n    pages_without_clinical_content: [downloads.md]\n",
    )
    (site / "mkdocs.yml").write_text(config)


CHANGES_PAGE = """---
title: Recent changes
description: What changed.
last_reviewed: 2024-01-15
reviewed_by: Dr A Example, MS nurse
last_updated: 2024-02-01
---

# Recent changes

<!-- guide:changes -->
"""
SPANISH_CHANGES_PAGE = """---
title: Cambios recientes
description: Qué cambió.
translation: {source_text: "sha256:ceb5e1cb80638506", source_updated: 2024-02-01, by: "Ana Ruiz, medical translator", method: person, date: 2024-04-01}
last_reviewed: 2024-04-10
reviewed_by: "Dr B Ejemplo, MS nurse"
last_updated: 2024-04-10
review_history:
  - {date: 2024-04-10, by: "Dr B Ejemplo", role: "MS nurse", text: "sha256:61be0ccb1cb6c55b"}
---

# Cambios recientes

<!-- guide:changes -->
"""


def add_recent_changes_pages(site: Path) -> None:
    """A Recent changes page and its translation (after add_downloads_pages), and a change of each
    language's relapses page for them to list."""
    (site / "docs" / "changes.md").write_text(CHANGES_PAGE)
    (site / "docs" / "changes.es.md").write_text(SPANISH_CHANGES_PAGE)
    for name, change in (
        ("relapses.md", "{date: 2024-02-01, text: Said that pills work as well as a drip.}"),
        ("relapses.es.md", "{date: 2024-04-10, text: Primera versión en español.}"),
    ):
        page = site / "docs" / name
        text = page.read_text()
        updated = re.search(r"^last_updated: .*$", text, re.MULTILINE)[0]
        page.write_text(text.replace(updated, f"{updated}\nchanges:\n  - {change}", 1))
    config = (site / "mkdocs.yml").read_text()
    config = config.replace("  - Downloads: downloads.md\n", "  - Downloads: downloads.md\n  - Changes: changes.md\n")
    (site / "mkdocs.yml").write_text(config.replace("[downloads.md]", "[downloads.md, changes.md]"))


def with_cover(site: Path) -> None:
    """The whole guide's printed cover (the guide's own template, its placeholder filled by the build)."""
    (site / "overrides" / "partials").mkdir(parents=True)
    cover = '<div class="guide-cover" data-guide-cover></div>\n'
    (site / "overrides" / "partials" / "print-cover.html").write_text(cover)
    config = (site / "mkdocs.yml").read_text() + (
        "  print-site:\n    add_cover_page: true\n    cover_page_template: overrides/partials/print-cover.html\n"
    )
    (site / "mkdocs.yml").write_text(config + "theme:\n  name: material\n  font: false\n  custom_dir: overrides\n")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# Every PDF of a guide in two languages, printed by Chromium (half a minute): `make test` runs it.
@pytest.mark.fixtures
@pytest.mark.slow
def test_a_translation_s_handouts_are_printed_in_its_language_and_the_whole_guide_in_each_language(tmp_path):
    site = copy_site(tmp_path)
    add_downloads_pages(site)
    with_cover(site)
    result = build(site, "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = tmp_path / "dist" / "pdf"
    text = pdf_text

    spanish = text(pdfs / "handouts" / "relapses.es.pdf")
    assert "Hoja informativa" in spanish and "Fecha de esta copia: 1 de junio de 2024" in spanish
    assert "Revisado el 10 de abril de 2024" in spanish and re.search(r"Página 1 de \d", spanish)
    assert "Hable con su equipo de salud." in spanish and "Una recaída es un tiempo" in spanish
    assert "Date of this copy" not in spanish and "Español" not in spanish  # no switcher on paper
    assert "Letra grande" in text(pdfs / "large-print" / "relapses.es.pdf")
    english = text(pdfs / "handouts" / "relapses.pdf")
    assert "Date of this copy: 1 June 2024" in english and "Hoja" not in english
    assert PdfReader(pdfs / "handouts" / "relapses.es.pdf").metadata.title == "Recaídas - Two-language guide"
    # The whole guide in English is the navigation's English pages: no translation, no switcher.
    whole = text(pdfs / "two-language-guide.pdf")
    assert "A relapse is a time" in whole and "Recaídas" not in whole and "Español" not in whole
    assert "no está traducida" not in whole
    # The whole guide in Spanish: the navigation's order, each page's translation, an honest
    # entry in Spanish for the page without one (with the English page's address), no English
    # page mixed in; its contents, footer and /Lang in Spanish.
    reader = PdfReader(pdfs / "two-language-guide.es.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es"
    whole_es = text(pdfs / "two-language-guide.es.pdf")
    order = [
        "Sobre la guía\nEsta página es una traducción",
        "Una recaída es un tiempo",
        "Questions\nEsta página aún no",
        "Descargas\nEsta página es una traducción de la página en inglés Downloads",
    ]
    at = [whole_es.find(part) for part in order]
    assert -1 not in at and at == sorted(at), (at, whole_es)
    assert "Esta página aún no está traducida. Puede leerla en inglés: https://example.org/guide/questions/" in whole_es
    assert "Contenido" in whole_es and re.search(r"Página 1 de \d", whole_es)
    cover_es, cover = reader.pages[0].extract_text(), PdfReader(pdfs / "two-language-guide.pdf").pages[0].extract_text()
    assert "Guía completa en español" in cover_es and "Fecha de esta copia: 1 de junio de 2024" in cover_es
    assert "Hable con su equipo de salud" in cover_es and "https://example.org/guide/es/" in cover_es
    assert "Date of this copy: 1 June 2024" in cover and "Fecha" not in cover
    spanish_print_page = (tmp_path / "dist" / "offline" / "print_page.es.html").read_text()
    assert 'aria-label="Código QR de https://example.org/guide/es/"' in spanish_print_page
    assert '<html lang="es"' in spanish_print_page
    assert "Revisado el 10 de abril de 2024 · Próxima revisión: 10 de abril de 2027" in whole_es
    for english_words in (
        "A relapse is a time",
        "Ask your care team",
        "This guide explains",
        "Page 1 of",
        "Reviewed by",
    ):
        assert english_words not in whole_es, english_words
    # Listed on the Downloads page and on its translation, each in its language.
    listing = (tmp_path / "dist" / "site" / "downloads" / "index.html").read_text()
    assert '<a href="./two-language-guide.es.pdf">The whole guide in <span lang="es">Español</span></a>' in listing
    assert 'Handout: <span lang="es">Recaídas</span>' in listing
    for copy, base in (
        ("site/es/downloads/index.html", "../../downloads"),
        ("offline/es/downloads.html", "../downloads"),
    ):
        listing_es = (tmp_path / "dist" / copy).read_text()
        assert (
            f'<a href="{base}/two-language-guide.es.pdf">La guía completa en <span lang="es">Español</span></a>'
            in listing_es
        )
        assert f'<a href="{base}/two-language-guide.pdf">La guía completa (en inglés)</a>' in listing_es
        assert 'Hoja informativa: <span lang="en">Relapses</span>' in listing_es and "The whole guide" not in listing_es
    assert (tmp_path / "dist" / "offline" / "downloads" / "two-language-guide.es.pdf").is_file()
    # The Spanish page links to its own handouts.
    page = (tmp_path / "dist" / "site" / "es" / "relapses" / "index.html").read_text()
    assert 'href="../../downloads/handouts/relapses.es.pdf"' in page
    assert re.search(
        r'href="\.\./\.\./downloads/handouts/relapses\.es\.pdf">Imprimir este tema: PDF, \d+ páginas?', page
    )
    assert "Print this topic" in (tmp_path / "dist" / "site" / "relapses" / "index.html").read_text()


# The guide's own theme settings (mkdocs.yml): its colours, its style sheet.
GUIDE_THEME = """
theme:
  name: material
  font: false
  custom_dir: overrides
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: light blue
extra_css:
  - assets/css/guide.css
"""


# In a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_the_switcher_leads_between_the_languages_in_the_offline_copy(tmp_path, browser):
    site = copy_site(tmp_path)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    offline = tmp_path / "dist" / "offline"
    page = browser.new_page()
    try:
        page.goto((offline / "es" / "relapses.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.locator("nav.guide-languages").get_attribute("aria-label") == "Idiomas"
        page.locator("nav.guide-languages a", has_text="English").click()
        page.wait_for_url("**/offline/relapses.html")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.locator("nav.guide-languages a", has_text="Español").click()
        page.wait_for_url("**/offline/es/relapses.html")
        # The Spanish page's link to the untranslated page falls back to the English page.
        page.get_by_role("link", name="preguntas que puede hacer").click()
        page.wait_for_url("**/offline/questions.html#what-to-ask")
        assert "Español: esta página aún no está traducida" in page.locator("nav.guide-languages").inner_text()
    finally:
        page.close()


def site_with_guide_style(tmp_path: Path) -> Path:
    """A copy of the bilingual site with the guide's own style sheet (AAA contrast, links
    underlined), as the guide publishes, for axe (which must be installed)."""
    from test_accessibility import AXE

    if not AXE.is_file():
        pytest.fail("axe-core is missing: run npm ci (make node_modules/.ready)")
    site = copy_site(tmp_path)
    css = site / "overrides" / "assets" / "css"
    css.mkdir(parents=True)
    shutil.copy(ROOT / "overrides" / "assets" / "css" / "guide.css", css)
    return site


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_switcher_and_a_translation_s_notices_pass_axe_in_both_schemes(tmp_path, browser, scheme):
    from test_accessibility import run_axe

    site = site_with_guide_style(tmp_path)
    with (site / "mkdocs.yml").open("a") as config:
        config.write(GUIDE_THEME)
    edit_english_page(site)  # the Spanish page shows its notice too
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        for rel in ("es/relapses.html", "relapses.html", "questions.html", "es/index.html"):
            page.goto((tmp_path / "dist" / "offline" / rel).as_uri())
            # What translations add, each part alone.
            for part in ("nav.guide-languages", ".guide-translation-source", ".guide-translation-behind"):
                if page.locator(part).count():
                    result = run_axe(page, part)
                    assert result["passes"] > 3, (rel, part)  # axe really ran on it
                    if result["violations"]:
                        found[f"{rel} {part}"] = result["violations"]
        assert page.locator(".guide-translation-behind").count() == 0  # es/index: not behind
        page.goto((tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri())
        assert page.locator(".guide-translation-behind").is_visible()
    finally:
        context.close()
    assert found == {}


@pytest.mark.browser
def test_the_offline_search_finds_a_translation_by_its_own_words(tmp_path, browser):
    from devtools.browsing import search

    site = copy_site(tmp_path)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    start = (tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri()
    page = browser.new_page()
    try:
        hits = search(page, start, "pastillas goteo")
        assert hits and hits[0].split("#")[0].endswith("es/relapses.html"), hits
        # Nothing found: the help says so in the page's language, with the reader's words in it.
        assert search(page, start, "zanahorias") == []
        help_box = page.locator("[data-guide-search-help]")
        assert help_box.is_visible() and "Esta guía todavía no trata «zanahorias»." in help_box.inner_text()
        assert (
            help_box.get_by_role("link", name="la página principal").get_attribute("href") == "index.html"
        )  # es/index.html
        english = search(page, start, "pills drip")
        assert english and english[0].split("#")[0].endswith("/relapses.html") and "/es/" not in english[0], english
    finally:
        page.close()


@pytest.mark.browser
def test_the_search_stems_a_translation_s_words_in_its_language(tmp_path, browser):
    """The page says "empeoran", "recaídas", "síntomas": other forms of them, which the English
    stemmer keeps apart and no typo correction reaches, find it with Spanish stemming."""
    from devtools.serving import serve

    site = copy_site(tmp_path)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    worker = next((tmp_path / "dist" / "site" / "assets" / "javascripts" / "workers").glob("guide-search*.js"))
    assert "Lunr languages, `Spanish` language" in worker.read_text(encoding="utf-8")  # in the bundle: no request
    with serve(tmp_path / "dist" / "site", "guide") as base:
        for address in ((tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri(), f"{base}es/relapses/"):
            _finds_spanish_forms(browser, address)


def _finds_spanish_forms(browser, address: str) -> None:
    from devtools.browsing import search

    page = browser.new_page()
    try:
        for query in ("empeoró", "recaída mejoró", "sintoma"):
            hits = search(page, address, query)
            assert hits and "es/relapses" in hits[0], (address, query, hits)
        # Spanish filler is left out: the words that matter still find the page.
        hits = search(page, address, "¿qué es una recaída?")
        assert hits and "es/relapses" in hits[0], (address, hits)
        # English pages keep the English stemmer.
        english = search(page, address, "relapse pill")
        assert english and "es/relapses" not in english[0], (address, english)
    finally:
        page.close()


@pytest.mark.browser
def test_material_s_own_labels_are_in_the_page_s_language(tmp_path, browser):
    site = copy_site(tmp_path)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    labels = {
        "es/relapses.html": ("Búsqueda", "Saltar a contenido", "Cabecera"),
        "relapses.html": ("Search", "Skip to content", "Header"),
    }
    page = browser.new_page()
    try:
        for start, (search_label, skip, header) in labels.items():
            page.goto((tmp_path / "dist" / "offline" / start).as_uri())
            assert page.locator("input.md-search__input").get_attribute("placeholder") == search_label, start
            assert page.locator("a.md-skip").text_content().strip() == skip, start
            assert page.locator("nav.md-header__inner").get_attribute("aria-label") == header, start
            assert page.locator("html").get_attribute("lang") == ("es" if start.startswith("es/") else "en")
        # The theme's script reads its labels from the page too: the count of results is Spanish.
        page.goto((tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri())
        page.keyboard.press("/")
        page.locator("input.md-search__input").press_sequentially("pastillas", delay=25)
        meta = page.locator(".md-search-result__meta")
        meta.filter(has_text="documento").wait_for(timeout=15000)
        assert meta.text_content().strip() == "1 documento encontrado"
    finally:
        page.close()


# The engine's own English words (its templates, the Markdown extensions' titles, Material's labels
# it sets per language): none may stand on a Spanish page, in its text or for a screen reader.
ENGINE_ENGLISH = (
    "Permanent link",
    "Jump back to footnote",
    "References",
    "Source 1",
    "Reviewed by",
    "Next review",
    "Last updated",
    "Text last updated",
    "Review dates",
    "Languages",
    "not translated",
    "Print this topic",
    "Large print",
    "The whole guide",
    "Handout",
    "Found a mistake",
    "Get help now",
    "may be out of date",
    "Talk to your care team",
    "Skip to content",
    "Search",
    "Table of contents",
    "Clear",
    "The guide for a USB stick",
    "printable files",
    "No change for readers",
)
# Every attribute a reader or a screen reader gets, and the text, outside parts marked English.
READ_IN_SPANISH = """() => {
  const said = [];
  for (const el of document.querySelectorAll("*")) {
    if ((el.closest("[lang]")?.getAttribute("lang") || "").startsWith("en")) continue;
    for (const name of ["title", "aria-label", "alt", "placeholder", "aria-description"]) {
      const value = el.getAttribute(name);
      if (value) said.push(value);
    }
  }
  const body = document.body.cloneNode(true);
  body.querySelectorAll('[lang^="en"], script, style').forEach(el => el.remove());
  said.push(body.textContent);
  return said.join("\\n");
}"""


@pytest.mark.browser
def test_a_spanish_page_holds_none_of_the_engine_s_english_words(tmp_path, browser):
    site = copy_site(tmp_path)
    add_downloads_pages(site)
    add_recent_changes_pages(site)
    # A Spanish glossary beside the glossary: its entry's tooltip on Spanish pages.
    (tmp_path / "fixtures" / "_shared" / "glossary.es.yml").write_text(
        "- term: recaída\n  definition: Un tiempo en que los síntomas empeoran.\n  aliases: [recaídas]\n"
    )
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    page = browser.new_page()
    try:
        for start in ("es/relapses.html", "es/index.html", "es/downloads.html", "es/changes.html"):
            page.goto((tmp_path / "dist" / "offline" / start).as_uri())
            said = page.evaluate(READ_IN_SPANISH)
            assert [words for words in ENGINE_ENGLISH if words in said] == [], start
        # (the page last read: es/changes.html)
        # The translated Recent changes page: the changes in Spanish words, an English page's marked.
        changes = page.locator("article li", has_text=" de 2024, ")
        assert changes.nth(0).inner_text() == "10 de abril de 2024, Recaídas: Primera versión en español."
        assert changes.nth(1).inner_text().startswith("1 de febrero de 2024, Relapses (página en inglés): Said")
        assert changes.nth(1).locator("[lang=en]").count() == 2
        page.goto((tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri())
        # The glossary's Spanish entry; a term it lacks keeps its English tooltip, marked English.
        spanish_term = page.locator("abbr", has_text="recaída").first
        assert spanish_term.get_attribute("title") == "Un tiempo en que los síntomas empeoran."
        assert spanish_term.evaluate("el => el.closest('[lang]').lang") == "es"
        english_term = page.locator("abbr", has_text="relapses")
        assert english_term.get_attribute("title") == "A time when symptoms flare up."
        assert english_term.get_attribute("lang") == "en"
        backlink = page.locator("a.footnote-backref")
        assert backlink.get_attribute("title") == "Volver a la fuente 1 en el texto"
        assert page.locator("h2#references a.headerlink").get_attribute("title") == "Enlace a esta sección"
        assert (
            page.locator(".md-sidebar--secondary nav.md-nav--secondary a[href='#references']").inner_text().strip()
            == "Fuentes"
        )
        # The English page keeps mkdocs.yml's and the extensions' English words.
        page.goto((tmp_path / "dist" / "offline" / "relapses.html").as_uri())
        assert page.locator("a.footnote-backref").get_attribute("title") == "Jump back to footnote 1 in the text"
        assert page.locator("h2#references a.headerlink").get_attribute("title") == "Permanent link"
    finally:
        page.close()


PILLS_PAGE = """---
title: Pills
description: Pills for a relapse.
last_reviewed: 2024-01-15
reviewed_by: Dr A Example, MS nurse
last_updated: 2024-02-01
---

# Pills

Read about [relapses](../relapses.md) and their [sources][sources]. Ask the [questions](../questions.md#what-to-ask).

[sources]: ../relapses.md#references
"""
SPANISH_PILLS_PAGE = """---
title: Pastillas
description: Pastillas para una recaída.
draft: true
---

# Pastillas

Lea sobre las [recaídas](../relapses.md) y sus [fuentes][fuentes]. Haga las [preguntas][preguntas].

[fuentes]: ../relapses.md#references
[preguntas]: ../questions.md#what-to-ask
"""


@pytest.mark.browser
def test_a_translation_s_links_lead_to_translations_where_they_exist_from_a_sub_folder_and_by_reference(
    tmp_path, browser
):
    site = copy_site(tmp_path)
    (site / "docs" / "topics").mkdir()
    (site / "docs" / "topics" / "pills.md").write_text(PILLS_PAGE)
    (site / "docs" / "topics" / "pills.es.md").write_text(SPANISH_PILLS_PAGE)
    config_file = site / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text().replace(
            "  - Questions: questions.md\n", "  - Questions: questions.md\n  - Pills: topics/pills.md\n"
        )
    )
    config = ["--config-file", str(config_file), "--today", TODAY]
    for command in (
        ("translated", "topics/pills.md", "--lang", "es", "--by", TRANSLATOR, "--date", "2024-04-01"),
        ("review", "topics/pills.es.md", "--by", "Dr B Ejemplo, MS nurse", "--date", "2024-04-10"),
    ):
        done = run_build(*command, *config)
        assert done.returncode == 0, done.stdout + done.stderr
    result = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0 and problem_lines(result) == [], result.stdout + result.stderr
    offline = tmp_path / "dist" / "offline"
    page = browser.new_page()
    try:
        for name, lands_on in (
            ("recaídas", "offline/es/relapses.html"),  # relative, from a sub-folder
            ("fuentes", "offline/es/relapses.html#references"),  # reference-style, with an anchor
            ("preguntas", "offline/questions.html#what-to-ask"),  # not translated: the English page
        ):
            page.goto((offline / "es" / "topics" / "pills.html").as_uri())
            page.get_by_role("link", name=name, exact=True).click()
            page.wait_for_url(f"**/{lands_on}")
            assert page.evaluate("document.documentElement.lang") == ("en" if "questions" in lands_on else "es")
        # The English page's links stay English.
        page.goto((offline / "topics" / "pills.html").as_uri())
        page.get_by_role("link", name="sources", exact=True).click()
        page.wait_for_url("**/offline/relapses.html#references")
    finally:
        page.close()


@pytest.mark.fixtures
def test_the_preview_renders_a_saved_english_page_s_translation_again_with_its_warning(tmp_path):
    from test_preview import Preview

    preview = Preview(tmp_path, "translation-in-step")
    try:
        assert "guide-translation-behind" not in preview.page("es/")
        page = preview.site / "docs" / "index.md"
        page.write_text(page.read_text().replace("Most relapses get better.", "Most relapses get better soon."))
        preview.wait_for(lambda: "Rendered index.md, index.es.md again" in preview.output(), "re-render")
        assert "docs/index.es.md:4: The English page docs/index.md changed" in preview.output()
        assert "La página en inglés ha cambiado" in preview.page("es/")
    finally:
        preview.close()


def test_a_languages_glossary_that_links_out_of_the_glossarys_folder_is_not_read(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "glossary.yml").write_text("- term: relapse\n  definition: An attack.\n")
    (tmp_path / "elsewhere.yml").write_text("- term: relapse\n  definition: Una recaída.\n")
    (tmp_path / "data" / "glossary.es.yml").symlink_to(tmp_path / "elsewhere.yml")
    glossaries, problems = load_glossaries(tmp_path, "data/glossary.yml", ["es"])
    assert glossaries == {}
    assert [str(p) for p in problems] == [
        "data/glossary.es.yml: This is a link out of the glossary's folder. Replace the link with the file itself."
    ]
    (tmp_path / "data" / "glossary.es.yml").unlink()
    (tmp_path / "data" / "glossary.es.yml").write_text("- term: relapse\n  definition: Una recaída.\n")
    glossaries, problems = load_glossaries(tmp_path, "data/glossary.yml", ["es"])
    assert [t.definition for t in glossaries["es"]] == ["Una recaída."] and problems == []


# The primary navigation's links to pages (not the page's contents), as (words, address).
NAVIGATION_LINKS = """nav => [...nav.querySelectorAll("a.md-nav__link")]
  .filter(a => !a.closest(".md-nav--secondary") && a.getAttribute("href"))
  .map(a => [a.textContent.trim().split(/\\s+/).join(" "), a.href])"""


def with_sections_and_spanish_site_words(site: Path) -> None:
    """The bilingual site with two sections (one given a Spanish title), the footer's previous and
    next links, a copyright line, and the site's name and footer line in Spanish."""
    config = (site / "mkdocs.yml").read_text()
    config = config.replace(
        "  - Relapses: relapses.md\n  - Questions: questions.md\n",
        "  - Living with MS:\n      - Relapses: relapses.md\n  - More to read:\n      - Questions: questions.md\n",
    )
    config = config.replace(
        "    translation_behind_error_days: 30\n",
        "    translation_behind_error_days: 30\n"
        "    site_in_language:\n"
        "      es:\n"
        "        site_name: Guía en dos idiomas\n"
        "        copyright: Escrita para personas con EM y sus familias.\n"
        "        nav_titles: {Living with MS: Vivir con EM}\n",
    )
    config += "copyright: Written for people with MS and their families.\n"
    config += "theme:\n  name: material\n  font: false\n  features: [navigation.footer, navigation.path]\nextra:\n  generator: false\n"
    (site / "mkdocs.yml").write_text(config)


@pytest.mark.browser
def test_a_spanish_page_s_navigation_leads_to_the_translations_in_spanish_and_marks_english_titles(tmp_path, browser):
    site = copy_site(tmp_path)
    with_sections_and_spanish_site_words(site)
    result = build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = browser.new_page()
    try:
        for copy, spanish_page, english_page in (
            ("offline", "es/relapses.html", "relapses.html"),
            ("site", "es/relapses/index.html", "relapses/index.html"),
        ):
            questions = "questions.html" if copy == "offline" else "questions/"
            page.goto((tmp_path / "dist" / copy / spanish_page).as_uri())
            sidebar = page.locator("nav.md-nav--primary")
            # Each page in the navigation's order: the translation where there is one, else the English page.
            links = sidebar.evaluate(NAVIGATION_LINKS)
            assert [text for text, _ in links] == ["Sobre la guía", "Recaídas", "Questions (en inglés)"], copy
            assert [href.rsplit("/dist/" + copy + "/", 1)[1] for _, href in links] == [
                "es/index.html" if copy == "offline" else "es/",
                spanish_page.replace("index.html", ""),
                questions,
            ], copy
            # The active item is the translation; an English title is marked English for screen readers.
            assert " ".join(sidebar.locator("a.md-nav__link--active").first.inner_text().split()) == "Recaídas"
            assert sidebar.locator("[lang=en]", has_text="Questions").count() == 1
            # Section titles: Spanish where the guide gives one, else English, marked so.
            titles = sidebar.evaluate(
                "nav => [...nav.querySelectorAll('label.md-nav__link')].map(l => l.textContent.trim().split(/\\s+/).join(' '))"
            )
            assert "Vivir con EM" in titles and "More to read (en inglés)" in titles, titles
            assert sidebar.locator("label.md-nav__link [lang=en]", has_text="More to read").count() == 1
            # The breadcrumbs: the Spanish home page, then the section in Spanish.
            crumbs = page.locator("nav.md-path li")
            assert [" ".join(crumbs.nth(n).inner_text().split()) for n in range(crumbs.count())] == [
                "Sobre la guía",
                "Vivir con EM",
            ]
            # The footer's previous and next links: in the navigation's order, in Spanish, plain words for screen readers.
            previous = page.locator("a.md-footer__link--prev")
            following = page.locator("a.md-footer__link--next")
            assert " ".join(previous.locator(".md-ellipsis").inner_text().split()) == "Sobre la guía"
            assert " ".join(following.locator(".md-ellipsis").inner_text().split()) == "Questions (en inglés)"
            assert following.get_attribute("aria-label") == "Siguiente: Questions (en inglés)"
            assert following.locator("[lang=en]").inner_text().strip() == "Questions"
            assert following.evaluate("a => a.href").endswith(f"/dist/{copy}/{questions}")
            # The site's own name and footer line in Spanish.
            assert page.title() == "Recaídas - Guía en dos idiomas"
            assert page.locator(".md-header__topic").first.inner_text().strip() == "Guía en dos idiomas"
            assert page.locator(".md-copyright").inner_text().strip() == "Escrita para personas con EM y sus familias."
            # The logo leads to the Spanish home page.
            logo = page.locator("a.md-header__button.md-logo").evaluate("a => a.href")
            assert logo.endswith("/es/index.html" if copy == "offline" else "/es/"), logo
            # Every Spanish page: no English word of the engine or of mkdocs.yml, unless marked English.
            english_words = [*ENGINE_ENGLISH, "Two-language guide", "Written for people", "Living with MS", "Relapses"]
            for spanish in sorted((tmp_path / "dist" / copy / "es").rglob("*.html")):
                page.goto(spanish.as_uri())
                said = page.evaluate(READ_IN_SPANISH)
                assert [words for words in english_words if words in said] == [], spanish
                assert page.title().endswith(" - Guía en dos idiomas") or page.title() == "Guía en dos idiomas"
            # The English page keeps the English navigation, name and footer.
            page.goto((tmp_path / "dist" / copy / english_page).as_uri())
            sidebar = page.locator("nav.md-nav--primary")
            assert [text for text, _ in sidebar.evaluate(NAVIGATION_LINKS)] == ["Home", "Relapses", "Questions"]
            assert page.title() == "Relapses - Two-language guide"
            crumbs = page.locator("nav.md-path li")
            assert [crumbs.nth(n).inner_text().strip() for n in range(crumbs.count())] == ["Home", "Living with MS"]
            assert (
                page.locator(".md-copyright").inner_text().strip() == "Written for people with MS and their families."
            )
            assert " ".join(page.locator("a.md-footer__link--next .md-ellipsis").inner_text().split()) == "Questions"
    finally:
        page.close()


# Every PDF of the site in two languages, printed by Chromium (half a minute): `make test` runs it.
@pytest.mark.fixtures
@pytest.mark.slow
def test_the_spanish_whole_guide_and_handouts_carry_the_section_titles_and_site_name_in_spanish(tmp_path):
    site = copy_site(tmp_path)
    with_sections_and_spanish_site_words(site)
    result = build(site, "--dist", str(tmp_path / "dist"), command="build")
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = tmp_path / "dist" / "pdf"
    whole_es = pdf_text(pdfs / "two-language-guide.es.pdf")
    # A section the guide titles in Spanish; one it does not, in English with the note; never markup.
    assert "Vivir con EM" in whole_es and "More to read (en inglés)" in whole_es
    assert "Living with MS" not in whole_es and "<span" not in whole_es and "lang=" not in whole_es
    assert "Guía en dos idiomas" in whole_es and "Two-language guide" not in whole_es
    assert PdfReader(pdfs / "two-language-guide.es.pdf").metadata.title == "Guía en dos idiomas"
    handout = PdfReader(pdfs / "handouts" / "relapses.es.pdf")
    assert handout.metadata.title == "Recaídas - Guía en dos idiomas"
    # The English whole guide and handout keep the site's English words.
    whole = pdf_text(pdfs / "two-language-guide.pdf")
    assert "Living with MS" in whole and "More to read" in whole and "Vivir" not in whole
    assert PdfReader(pdfs / "handouts" / "relapses.pdf").metadata.title == "Relapses - Two-language guide"
    # The Spanish print page marks the English section title as English.
    print_page = (tmp_path / "dist" / "offline" / "print_page.es.html").read_text()
    assert '<span lang="en">More to read</span> (en inglés)' in print_page


@pytest.mark.browser
def test_the_spanish_print_page_holds_no_english_word_of_the_engine_mkdocs_yml_or_print_site(tmp_path, browser):
    site = copy_site(tmp_path)
    with_sections_and_spanish_site_words(site)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    page = browser.new_page()
    try:
        page.goto((tmp_path / "dist" / "offline" / "print_page.es.html").as_uri())
        said = page.evaluate(READ_IN_SPANISH)
        english_words = [*ENGINE_ENGLISH, "Two-language guide", "Written for people", "Living with MS", "Print Site"]
        assert [words for words in english_words if words in said] == []
        assert page.title() == "Versión para imprimir - Guía en dos idiomas"
        # Its navigation is the Spanish one; its contents mark the untranslated page English.
        links = page.locator("nav.md-nav--primary").evaluate(NAVIGATION_LINKS)
        assert [text for text, _ in links] == ["Sobre la guía", "Recaídas", "Questions (en inglés)"]
        assert page.locator("a.headerlink[href^='#section-']").first.get_attribute("title") == "Enlace a esta sección"
        page.goto((tmp_path / "dist" / "offline" / "print_page.html").as_uri())
        assert page.title() == "Print Site - Two-language guide"
        assert page.locator("a.headerlink[href^='#section-']").first.get_attribute("title") == "Permanent link"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_spanish_navigation_and_footer_pass_axe_in_both_schemes(tmp_path, browser, scheme):
    from test_accessibility import run_axe

    site = site_with_guide_style(tmp_path)
    with_sections_and_spanish_site_words(site)
    features = "  features: [navigation.footer, navigation.path]\n"
    config = (site / "mkdocs.yml").read_text()
    ours = GUIDE_THEME.lstrip("\n").replace("  font: false\n", "  font: false\n" + features)
    config = config.replace("theme:\n  name: material\n  font: false\n" + features, ours)
    (site / "mkdocs.yml").write_text(config)
    assert build(site, "--no-pdf", "--dist", str(tmp_path / "dist"), command="build").returncode == 0
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    try:
        page.goto((tmp_path / "dist" / "offline" / "es" / "relapses.html").as_uri())
        assert page.locator("link[href$='guide.css']").count() == 1
        for part in ("nav.md-nav--primary", "nav.md-path", "footer.md-footer"):
            result = run_axe(page, part)
            assert result["passes"] > 3, part  # axe really ran on it
            if result["violations"]:
                found[part] = result["violations"]
    finally:
        context.close()
    assert found == {}
