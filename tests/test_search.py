"""Search as a patient uses it, in Chromium over file:// (the offline copy) and on localhost (the
website): the right page first for the test set (tests/search_queries.yml), patients' own words,
typos, filler, short words and hyphens, previews in the page's own words, the matched words
highlighted on the page, and an honest answer with help when the guide has none. And what it
rests on: the glossary's search words and the patient vocabulary, checked like the other data
files. (The theme's internals that the search needs: tests/test_theme_fixes.py.)"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT
from guide.content.frontmatter import split_front_matter
from guide.content.glossary import load_glossary
from guide.content.search_vocabulary import DEFAULT_FILLER, load_vocabulary, search_data
from guide.settings import plugin_options
from guide.theme_fixes import material

from devtools.browsing import RequestLog, search
from devtools.search_accuracy import NOT_COVERED, accuracy, first_hits, load_queries, page_of
from devtools.serving import serve

pytestmark = [pytest.mark.content, pytest.mark.browser]

SETS = load_queries(ROOT / "tests" / "search_queries.yml")
GOAL = 90.0  # per cent of first hits, on each part of the set
# A part below the goal holds what was reached here, as a floor. Issue 25's held-out queries were at
# 86 %, then 90 %, 88 % once every page carried "Get help now" (issue 23), and 92 % after the
# second round's vocabulary (they are no longer a fair measure: their misses were seen). The second
# round's own held-out queries were at 77.1 % before its change and 87.5 % after it: not met (and
# not clean either: their first misses were seen, see tests/search_queries.yml), 89.6 % after
# the third round (definition questions, generic and context words, partial matches), 91.7 % after
# the fifth (whom a carer asks for, a page's topics across its sections): every part is now held
# to the goal.
REACHED: dict[str, float] = {}


@pytest.fixture(scope="module", params=["file", "localhost"])
def site(request, built_guide):
    """One output: (the first page's address, the site's root address, the output's name)."""
    if request.param == "file":
        offline = built_guide / "offline"
        yield (offline / "index.html").as_uri(), offline.as_uri() + "/", "file"
    else:
        with serve(built_guide / "site", "guide") as base:
            yield base, base, "localhost"


def pages(hrefs: list[str], base: str) -> list[str]:
    return [page_of(h, base) for h in hrefs]


def highlighted(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("h", [""])[0].split()


# ---- The test set ----


def test_the_query_set_has_25_tuned_queries_and_held_out_parts_all_for_published_pages():
    published = {p.stem for p in (ROOT / "docs").glob("*.md")}
    assert len(SETS["tuned"]) >= 25 and len(SETS["held_out"]) >= 10
    assert len(SETS["held_out_patients"]) >= 40 and len(SETS["held_out_patients_2"]) >= 40
    queries = [q["query"].casefold() for part in SETS.values() for q in part]
    assert len(queries) == len(set(queries)), "a query is in the set twice"
    assert {q["first"] for part in SETS.values() for q in part} <= published | {NOT_COVERED}


def test_the_right_page_comes_first_for_90_percent_of_the_tuned_and_first_held_out_queries(site, browser):
    start, base, output = site
    page = browser.new_page()
    requests = RequestLog(page)
    for part, queries in SETS.items():
        result = accuracy(first_hits(page, start, queries, base))
        assert result["percent"] >= min(GOAL, REACHED.get(part, GOAL)), (output, part, result)
    assert requests.outside(base) == []
    page.close()


def test_the_first_hit_accuracy_counts_each_query_once():
    rows = [
        {"query": "a", "expected": "x", "first": "x", "hit": True},
        {"query": "b", "expected": "y", "first": None, "hit": False},
        {"query": "c", "expected": "z", "first": "x", "hit": False},
    ]
    assert accuracy(rows) == {
        "hits": 1,
        "queries": 3,
        "percent": 33.3,
        "misses": [{"query": "b", "expected": "y", "first": None}, {"query": "c", "expected": "z", "first": "x"}],
    }
    assert accuracy([])["percent"] == 0.0


def test_a_result_address_names_its_page_on_either_output():
    assert page_of("file:///d/offline/relapses.html?h=iv#pills-or-iv", "file:///d/offline/") == "relapses"
    assert page_of("file:///d/offline/index.html?h=cure", "file:///d/offline/") == "index"
    assert page_of("http://127.0.0.1:8/guide/?h=cure", "http://127.0.0.1:8/guide/") == "index"
    assert page_of("http://127.0.0.1:8/guide/glossary/#term-iv", "http://127.0.0.1:8/guide/") == "glossary"


# ---- Queries ----


def test_stop_words_are_dropped_and_short_words_match_only_whole_words(site, browser):
    start, base, _ = site
    page = browser.new_page()
    # "I" and "my" alone are stop words: nothing to look up, instead of every word starting with i.
    for word in ("I", "my"):
        assert search(page, start, word) == []
        assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"
    # "can I stop my DMT" looks up "stop" and "DMT", as if the rest had not been typed.
    assert search(page, start, "can I stop my DMT") == search(page, start, "stop DMT")
    # A word of two letters is still found, as a whole word: IV, not IVMP or "given" (other words
    # for it, like "intravenous" or "drip", may be marked too).
    results = search(page, start, "IV")
    assert pages(results, base)[0] == "relapses"
    marked = {word for r in results for word in highlighted(r)}
    assert "iv" in marked or "intravenous" in marked
    assert not any(word.startswith("iv") and word != "iv" for word in marked), marked
    assert "given" not in marked
    page.close()


def test_a_hyphenated_word_matches_as_written(site, browser):
    start, base, _ = site
    page = browser.new_page()
    results = search(page, start, "flare-up")
    found = pages(results, base)
    assert found[0] == "relapses"
    assert "about" not in found  # "up to date" has no flare
    assert all("up" not in highlighted(r) for r in results)  # "up" would light up in "support"
    page.close()


def test_the_glossary_comes_after_the_topic_page_that_explains_the_word(site, browser):
    start, base, _ = site
    page = browser.new_page()
    for query, topic in (
        ("lesions", "disease-modifying-treatments"),
        ("methylprednisolone", "relapses"),
        ("occupational therapist", "rehabilitation"),
    ):
        found = list(dict.fromkeys(pages(search(page, start, query), base)))
        assert found[0] == topic and "glossary" in found[1:], (query, found)
    page.close()


def test_a_definition_question_finds_the_glossary_first_though_a_topic_page_uses_the_word(site, browser):
    start, base, _ = site
    page = browser.new_page()
    for query, topic in (("what does DMT stand for", "disease-modifying-treatments"), ("lesion meaning", None)):
        found = list(dict.fromkeys(pages(search(page, start, query), base)))
        assert found[:1] == ["glossary"], (query, found)
        # The same words without the question: the topic page first.
        if topic:
            assert pages(search(page, start, "DMT"), base)[:1] == [topic]
    page.close()


def test_a_stemmed_query_carries_the_matched_words_and_the_page_highlights_them(site, browser):
    start, base, _ = site
    page = browser.new_page()
    # "exercising" is in no page; "exercise" is, on the rehabilitation page.
    results = search(page, start, "exercising")
    first = next(r for r in results if page_of(r, base) == "rehabilitation")
    assert "exercise" in highlighted(first)
    page.goto(first)
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10000)
    assert "exercise" in [m.lower() for m in marks.all_inner_texts()]
    assert marks.first.is_visible()
    page.close()


def test_a_patients_word_finds_the_page_that_uses_the_guides_word(site, browser):
    start, base, _ = site
    page = browser.new_page()
    for query, topic in (
        ("physio", "rehabilitation"),
        ("counsellor", "psychosocial-support"),
        ("ocrelizumab", "disease-modifying-treatments"),
    ):
        found = pages(search(page, start, query), base)
        assert found[:1] == [topic], (query, found)
    page.close()


def test_words_for_thoughts_of_self_harm_find_where_to_get_help_now(site, browser):
    start, base, _ = site
    page = browser.new_page()
    for query in (
        "suicidal thoughts",
        "self harm",
        "I want to end my life",
        "hurting myself",
        # someone else's thoughts, as a family member asks, and the everyday ways of saying them
        "my husband keeps talking about ending it all",
        "she says she wants to die what should we do",
        "dad has thoughts of killing himself",
        "our son is self harming",
        "doesn't want to live anymore",
    ):
        found = pages(search(page, start, query), base)
        assert found[:1] == ["psychosocial-support"], (query, found)
    page.close()


# ---- No dead ends, no false matches ----


def test_a_question_the_guide_does_not_answer_gets_an_honest_answer_not_a_weak_match(site, browser):
    start, base, _ = site
    page = browser.new_page()
    help_box = page.locator("[data-guide-search-help]")
    # Each has a word the guide uses ("MS", "brain", "cells", "treatment"), but nothing about what
    # is asked.
    # Or only generic words ("MS", "treatment") and words about whom ("kids") beside what is asked.
    for query in (
        "can MS kill you",
        "brain fog",
        "stem cell",
        "is ms contagious",
        "stem cell treatment abroad",
        "best ms diet for kids",
        "ms treatment abroad",
    ):
        assert search(page, start, query) == [], query
        assert f"This guide does not cover “{query}” yet." in help_box.inner_text()
    # The reader's words are written as text, never as markup.
    assert search(page, start, "<b>x</b> zz") == []
    assert help_box.locator("b").count() == 0 and "“<b>x</b> zz”" in help_box.inner_text()
    page.close()


def test_typos_question_words_and_uk_spellings_find_the_page(site, browser):
    start, base, _ = site
    page = browser.new_page()
    for query, topic in (
        ("mutliple sclerosis", "index"),  # two letters swapped
        ("psycologist", "psychosocial-support"),  # a letter missing
        ("will I need a walking stick", "rehabilitation"),
        ("behaviour therapy", "psychosocial-support"),
    ):
        assert pages(search(page, start, query), base)[:1] == [topic], query
    # Prefixes only for the word being typed: "number" is not found by "numb", once typed whole.
    assert search(page, start, "numbness") == []
    page.close()


def test_a_search_that_finds_nothing_shows_help_with_links_that_work(site, browser):
    start, base, output = site
    page = browser.new_page()
    requests = RequestLog(page)
    help_box = page.locator("[data-guide-search-help]")
    assert search(page, start, "physiotherapy") != [] and help_box.is_hidden()
    assert search(page, start, "xyzzy") == []
    assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"
    assert help_box.is_visible()
    assert "This guide does not cover “xyzzy” yet." in help_box.inner_text()
    assert "ask your MS team" in help_box.inner_text()
    for name, target, title in (
        ("the contents page", "index", "Treating MS"),
        ("the Glossary", "glossary", "Glossary"),
    ):
        search(page, start, "xyzzy")
        link = help_box.get_by_role("link", name=name)
        assert page_of(link.evaluate("a => a.href"), base) == target, (output, name)
        link.click()
        page.wait_for_load_state()
        assert page.locator("article h1").inner_text().startswith(title), (output, name)
    # Typing a word that is found hides the help again.
    search(page, start, "xyzzy")
    page.locator("input.md-search__input").press_sequentially(" relapse", delay=25)
    page.wait_for_function("() => /\\d+ matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert help_box.is_hidden()
    assert requests.outside(base) == []
    page.close()


# ---- Patients' words: one curated source, never shown ----


def test_previews_show_the_pages_own_words_never_the_patients_words(site, browser):
    start, base, _ = site
    page = browser.new_page()
    results = search(page, start, "physio")
    assert pages(results, base)[0] == "rehabilitation"
    shown = page.locator(".md-search-result").inner_text().lower()
    assert "physical therapist" in shown and "physio" not in shown.replace("physical", "")
    marks = [m.lower() for m in page.locator(".md-search-result mark").all_inner_texts()]
    assert "physical" in marks or "therapist" in marks, marks
    # Nothing of the vocabulary is in the pages themselves.
    page.goto(start)
    assert "guide-search-words" not in page.content()
    page.close()


def test_the_vocabulary_is_the_glossary_and_the_patient_vocabulary_file():
    terms, _ = load_glossary(ROOT / "docs" / "_data" / "glossary.yml", "glossary.yml")
    vocabulary, problems = load_vocabulary(ROOT / "docs" / "_data" / "search-vocabulary.yml", "v.yml")
    assert problems == []
    data = search_data(vocabulary, terms)
    assert data["spellings"]["behaviour"] == "behavior" and data["spellings"]["programme"] == "program"
    assert next(g for g in data["groups"] if g[0] == "physical therapist")[:3] == [
        "physical therapist",
        "physical therapists",
        "physio",
    ]
    assert any("anxiety" in g and "worried" in g for g in data["groups"])
    assert {"can", "will", "how", "i"} <= set(data["filler"]) and "ms" not in data["filler"]
    # Whom a carer asks for; children are context words instead (the guide has no page about them).
    assert {"husband", "mum"} <= set(data["people"]) and "kids" not in data["people"]
    assert data["skip_sections"] == ["references"]


def test_vocabulary_problems_are_reported_at_their_line_and_the_rest_is_kept(tmp_path):
    path = tmp_path / "search-vocabulary.yml"
    path.write_text(
        """\
spellings:
  - [colour, color]
  - [colour]
  - nope
words:
  - [fatigue, tired]
  - [alone]
  - [ok, 7, <b>x</b>]
filler: [hmm]
extra: 1
""",
        encoding="utf-8",
    )
    vocabulary, problems = load_vocabulary(path, "v.yml")
    assert [(p.line, p.kind) for p in problems] == [
        (10, "search-vocabulary-invalid"),
        (3, "search-vocabulary-invalid"),
        (4, "search-vocabulary-invalid"),
        (7, "search-vocabulary-invalid"),
        (8, "search-vocabulary-invalid"),
        (8, "search-vocabulary-invalid"),
    ]
    assert vocabulary.spellings == {"colour": "color"}
    assert vocabulary.groups == [["fatigue", "tired"]]
    assert vocabulary.filler == ["hmm"]
    assert load_vocabulary(tmp_path / "none.yml", "none.yml") == (type(vocabulary)(), [])
    assert "how" in DEFAULT_FILLER


def test_the_guides_glossary_has_search_words_and_they_are_valid():
    terms, problems = load_glossary(ROOT / "docs" / "_data" / "glossary.yml", "glossary.yml")
    assert problems == []
    words = {t.term: t.search for t in terms}
    assert {"physio", "physiotherapist"} <= set(words["physical therapist"])
    assert "counsellor" in words["psychosocial support"]


def test_glossary_search_words_are_checked_with_a_message_at_their_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text(
        """\
- term: physical therapist
  definition: Helps you move.
  aliases: [physical therapists]
  search: physio
- term: occupational therapist
  definition: Helps with tasks.
  search:
    - OT
    - 7
    - ""
    - <b>OT</b>
    - x
    - Physio
    - physical therapists
- term: relapse
  definition: A flare-up.
  serch: [flare]
  search: [flareup, Flareup, episode]
- term: attack
  definition: A relapse.
  search: [episode, EPISODE]
""",
        encoding="utf-8",
    )
    terms, problems = load_glossary(path, "glossary.yml")
    assert [str(p) for p in problems] == [
        "glossary.yml:4: Glossary entry 'physical therapist': 'search' must be a list, not 'physio'. Write the "
        "words patients may search for in square brackets, e.g. search: [physio, physiotherapist].",
        "glossary.yml:9: Glossary entry 'occupational therapist': each search word must be text, not 7. Write "
        "the words patients may search for in square brackets, e.g. search: [physio, physiotherapist].",
        "glossary.yml:10: Glossary entry 'occupational therapist': each search word must be text, not ''. Write "
        "the words patients may search for in square brackets, e.g. search: [physio, physiotherapist].",
        "glossary.yml:11: Glossary entry 'occupational therapist': the search word '<b>OT</b>' contains HTML "
        "('<b>'). Write plain text: no tags.",
        "glossary.yml:12: Glossary entry 'occupational therapist': the search word 'x' is a single character. "
        "Remove it: one letter would match almost every page.",
        "glossary.yml:17: Glossary entry 'relapse' has an unknown field 'serch'. Correct its spelling or remove "
        "it. Did you mean 'search'?",
        "glossary.yml:5: The search word 'physical therapists' of 'occupational therapist' is already the term "
        "or an alias of 'physical therapist' (line 1). Remove it from 'search': the pages that use it are found "
        "by it already.",
        "glossary.yml:15: The search word 'Flareup' is listed twice in 'relapse'. Keep it once.",
        "glossary.yml:19: The search word 'episode' of 'attack' is also a search word of 'relapse' (line 15). "
        "Keep it in the one entry it belongs to.",
        "glossary.yml:19: The search word 'EPISODE' of 'attack' is also a search word of 'relapse' (line 15). "
        "Keep it in the one entry it belongs to.",
    ]
    # Each entry keeps its valid words.
    assert {t.term: t.search for t in terms} == {
        "physical therapist": (),
        "occupational therapist": ("OT", "Physio", "physical therapists"),
        "relapse": ("flareup", "Flareup", "episode"),
        "attack": ("episode", "EPISODE"),
    }


# ---- Ranking: set in one place, the pages' search boost ----


def test_pages_about_the_guide_rank_below_the_topic_pages():
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *args: None)  # MkDocs' own tags (!ENV)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    topics = set(plugin_options(config)["handout_pages"])
    for path in sorted((ROOT / "docs").glob("*.md")):
        front, _ = split_front_matter(path.name, path.read_text(encoding="utf-8"))
        boost = float(((front.data if front else {}).get("search") or {}).get("boost", 1))
        if path.name in topics:
            assert boost >= 0.8, f"{path.name}: a topic page comes first in search (search: boost: 0.8 or more)"
        else:
            assert boost <= 0.5, f"{path.name}: a page about the guide needs search: boost: 0.5 or less"


# ---- The theme's internals (their drift: tests/test_theme_fixes.py) ----


def test_the_search_scripts_are_files_of_the_site_in_both_outputs(built_guide):
    for output, first in (("site", "index.html"), ("offline", "index.html")):
        folder = built_guide / output
        html = (folder / first).read_text(encoding="utf-8")
        # defer or defer="": the same attribute, as the HTML writer spells it.
        assert re.search(r'<script src="assets/javascripts/guide-search-help\.js" defer(="")?></script>', html)
        assert (folder / material.HELP_SCRIPT).is_file()
        assert (folder / material.WORKERS / material.SEARCH_WORKER_FILE).is_file()
        assert "workers/guide-search.js" in html
