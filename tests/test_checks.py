"""The checks as plain functions, each proved on the smallest input that shows it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT
from guide.build import Build
from guide.checks.base import Context
from guide.checks.originality import copied_runs, fingerprint
from guide.content.bibliography import load_bibliography, reference_markdown, vancouver
from guide.content.facts import PageRecord
from guide.content.frontmatter import PageMeta
from guide.content.glossary import Term, check_duplicates, other_names, terms_used
from guide.content.markdown_text import prose_only
from guide.errors import SettingsError
from guide.governance.reviews import ReviewState, review_status
from guide.outputs.page_html import first_uses_only, unique_footnote_ids
from guide.problems import Severity
from guide.report import BuildReport, print_summary
from guide.settings import RunOptions, Shard, load_settings, severity_of
from rich.console import Console

pytestmark = pytest.mark.unit

BIBLIOGRAPHY, _ = load_bibliography(ROOT / "docs" / "_data" / "bibliography.yml", "bibliography.yml")


def test_an_article_is_formatted_in_vancouver_style():
    assert vancouver(BIBLIOGRAPHY["lepage2015"]) == (
        "Le Page E, Veillard D, Laplaud DA, Hamonic S, Wardi R, Lebrun C, et al. Oral versus intravenous "
        "high-dose methylprednisolone for treatment of relapses in patients with multiple sclerosis "
        "(COPOUSEP): a randomised, controlled, double-blind, non-inferiority trial. Lancet. "
        "2015;386(9997):974-81."
    )
    assert reference_markdown(BIBLIOGRAPHY["lepage2015"]).endswith(
        "[doi:10.1016/S0140-6736(15)61137-0](https://doi.org/10.1016/S0140-6736%2815%2961137-0)"
    )


def test_a_guideline_and_a_web_page_are_formatted_in_vancouver_style():
    assert vancouver(BIBLIOGRAPHY["nice2022"]) == (
        "National Institute for Health and Care Excellence. Multiple sclerosis in adults: management. "
        "NICE guideline NG220. London: NICE; 2022 Jun 22."
    )
    assert reference_markdown(BIBLIOGRAPHY["nmss-plasmapheresis"]) == (
        "National Multiple Sclerosis Society. Plasmapheresis \\[Internet\\]. New York: NMSS. Available from: "
        "<https://www.nationalmssociety.org/Treating-MS/Managing-Relapses/Plasmapheresis>"
    )
    assert "Note: PubMed marks this guideline as retired." in reference_markdown(BIBLIOGRAPHY["cortese2011"])


def meta(last: str, due: str | None = None) -> PageMeta:
    return PageMeta(
        "T",
        "D",
        dt.date.fromisoformat(last),
        "Dr A",
        dt.date.fromisoformat(last),
        dt.date.fromisoformat(due) if due else None,
        {},
    )


@pytest.mark.parametrize(
    "today, state",
    [
        ("2026-11-29", ReviewState.CURRENT),  # 91 days before
        ("2026-11-30", ReviewState.DUE_SOON),  # 90 days before
        ("2027-02-28", ReviewState.DUE_SOON),  # the day it is due
        ("2027-03-01", ReviewState.OVERDUE),
    ],
)
def test_a_leap_day_review_is_due_three_years_later_on_28_february(today, state):
    status, _ = review_status("p.md", meta("2024-02-29"), dt.date.fromisoformat(today), 3, 90)
    assert status.next_review_due == dt.date(2027, 2, 28)
    assert status.state is state


def test_an_explicit_due_date_wins_over_the_policy():
    status, problems = review_status("p.md", meta("2024-01-01", "2025-01-01"), dt.date(2024, 6, 1), 3, 90)
    assert status.next_review_due == dt.date(2025, 1, 1) and problems == []


def test_a_severity_can_be_changed_in_one_place_and_strict_makes_warnings_errors():
    settings = load_settings({"severity": {"review-overdue": "error", "glossary-unused": "ignore"}})
    assert severity_of(settings, "review-overdue") is Severity.ERROR
    assert severity_of(settings, "glossary-unused", strict=True) is Severity.IGNORE
    assert severity_of(settings, "citation-uncited", strict=True) is Severity.ERROR
    with pytest.raises(SettingsError, match="expected one of|Expected one of"):
        load_settings({"severity": {"review-overdue": "loud"}})


def test_a_word_may_belong_to_one_glossary_term_only():
    terms = [Term("relapse", "d", None, (), 3), Term("flare-up", "d", None, ("relapse",), 6)]
    assert [str(p) for p in check_duplicates(terms, "g.yml")] == [
        "g.yml:6: 'relapse' is defined twice (also at line 3). Keep one entry for it and remove the other."
    ]


def test_terms_are_found_as_whole_words_and_phrases():
    terms = [Term("IV", "", "intravenous", (), 1), Term("plasmapheresis", "", None, ("plasma exchange",), 2)]
    assert terms_used("IVMP and plasma exchange.", terms) == [terms[1]]
    assert other_names(Term("corticosteroid", "", None, ("corticosteroids", "Steroids", "steroid"), 1)) == ["steroid"]


def test_code_and_link_targets_are_not_prose():
    text = "See [the NHS page](https://x.org/ABC) and `CSF` but not MRI.[^key]"
    masked = prose_only(text)
    assert len(masked) == len(text)
    assert "ABC" not in masked and "CSF" not in masked and "key" not in masked and "MRI" in masked


def test_a_copied_passage_is_reported_once_however_long():
    source = "one two three four five six seven eight nine ten eleven"
    hashes = fingerprint(source)
    assert copied_runs("Well, one two three four five six seven eight nine ten. Then more.", hashes) == [
        "one two three four five six seven eight nine ten"
    ]
    assert copied_runs("one two three four five six seven", hashes) == []  # 7 words are fine


def test_footnote_ids_become_unique_per_page():
    html = '<sup id="fnref:k"><a href="#fn:k">1</a></sup><li id="fn:k"><a href="#fnref2:k">'
    assert unique_footnote_ids(html, "relapses") == (
        '<sup id="relapses-fnref-k"><a href="#relapses-fn-k">1</a></sup><li id="relapses-fn-k">'
        '<a href="#relapses-fnref2-k">'
    )


def test_only_the_first_use_of_a_term_keeps_its_tooltip_and_headings_do_not_count():
    html = (
        '<h2><abbr title="multiple sclerosis">MS</abbr></h2><p><abbr title="multiple sclerosis">MS</abbr> '
        'and <abbr title="multiple sclerosis">MS</abbr>, <abbr title="a time">relapse</abbr></p>'
    )
    assert first_uses_only(html, {"multiple sclerosis"}) == (
        '<h2>MS</h2><p><abbr class="guide-first-use" title="multiple sclerosis">MS</abbr> and MS, '
        '<abbr title="a time">relapse</abbr></p>'
    )


@pytest.mark.parametrize("pages, processes", [(13, 3), (2, 2), (1001, 2), (5, 1)])
def test_the_shares_of_a_split_check_take_every_page_once_and_evenly(pages, processes):
    names = [f"topic-{n}.md" for n in range(pages)]
    shares = [Shard(i, processes).pick(names) for i in range(processes)]
    assert [name for share in shares for name in share] == names
    assert max(map(len, shares)) - min(map(len, shares)) <= 1


def test_the_summary_of_a_big_site_lists_the_pages_due_first_and_says_how_many_more():
    settings = load_settings({})
    context = Context(settings, dt.date(2026, 1, 1), Path("."), Path("mkdocs.yml"), Path("docs"))
    session = Build(Path("."), "", settings, RunOptions(), context)
    for n in range(45):  # none has a review date: in order of their paths
        session.pages[f"docs/topic-{n:02}.md"] = PageRecord(f"docs/topic-{n:02}.md", f"Topic {n}", f"topic-{n}/")
    console = Console(record=True, width=120)
    print_summary(BuildReport("check", dt.date(2026, 1, 1), False, session), console)
    shown = console.export_text()
    assert "docs/topic-39.md" in shown and "docs/topic-40.md" not in shown
    assert "... and 5 more pages: --report FILE lists them all." in shown


def test_a_glossary_term_with_symbols_gets_its_tooltip_and_words_only_whole():
    import markdown
    from guide.content.abbr_forms import WholeFormAbbrExtension

    md = markdown.Markdown(
        extensions=["abbr", WholeFormAbbrExtension()],
        extension_configs={"abbr": {"glossary": {"C++": "a language", "MS": "multiple sclerosis"}}},
    )
    assert md.convert("I use C++ and MS, not MSc or xC++.") == (
        '<p>I use <abbr title="a language">C++</abbr> and <abbr title="multiple sclerosis">MS</abbr>, '
        "not MSc or xC++.</p>"
    )


def test_a_references_address_is_blamed_on_its_bibliography_entry_once(tmp_path):
    from guide.checks.links import SourcePage, check_site_links

    site = tmp_path / "site"
    (site / "relapses").mkdir(parents=True)
    page = '<p>Pills work.<a href="https://doi.org/10.1/x">doi</a> <a href="https://nhs.uk/ms">NHS</a></p>'
    (site / "index.html").write_text(page)
    (site / "relapses" / "index.html").write_text(page)
    sources = {
        "index.html": SourcePage("docs/index.md", "Pills work.[^lepage2015]\nSee [NHS](https://nhs.uk/ms).\n"),
        "relapses/index.html": SourcePage("docs/relapses.md", "Pills.[^lepage2015]\n"),
    }
    report = check_site_links(site, sources, data_links={"https://doi.org/10.1/x": ("bibliography.yml", 12)})
    assert report.external["https://doi.org/10.1/x"] == [("bibliography.yml", 12)]
    assert report.external["https://nhs.uk/ms"][0] == ("docs/index.md", 2)


def test_a_link_with_two_hashes_is_cut_at_the_second_and_reported_at_its_line_and_code_is_left_alone():
    from guide.checks.links import extra_hashes

    text = "# T\n\nSee [a](b.md#x#y).\n\n`<a href=\"c.md#p#q\">` is an example.\n\nAnd <a href='d/#m&#35;n'>d</a>.\n"
    html = (
        '<p>See <a href="../b/#x#y">a</a>.</p>\n'
        "<p><code>&lt;a href=&quot;c.md#p#q&quot;&gt;</code> is an example.</p>\n"
        '<p>And <a href="d/#m#n" title="x">d</a>. <a href="https://e.org/#a#b">out</a></p>'
    )
    cut, problems = extra_hashes("docs/p.md", text, html)
    assert [(p.kind, p.line, p.what) for p in problems] == [
        ("link-invalid", 3, "The link '../b/#x#y' has more than one '#', so it points nowhere."),
        ("link-invalid", 7, "The link 'd/#m#n' has more than one '#', so it points nowhere."),
    ]
    assert cut == html.replace('"../b/#x#y"', '"../b/#x"').replace('"d/#m#n"', '"d/#m"')


def test_a_skipped_heading_level_is_a_warning_at_the_heading_and_code_is_not_a_heading():
    from guide.checks.headings import skipped_heading_levels
    from guide.checks.registry import DEFAULT_SEVERITY

    assert DEFAULT_SEVERITY["heading-skipped"] is Severity.WARN
    text = "---\ntitle: T\n---\n\n### First\n\n```\n##### code\n```\n\n#### Fine\n"
    problems = skipped_heading_levels("docs/t.md", text, text.index("\n\n"), text[text.index("\n\n") :])
    assert [str(p) for p in problems] == [
        "docs/t.md:5: This heading is level 3 (###) after the page's title (level 1): level 2 is skipped. "
        "Make it a level 2 heading (##), so the page's outline has no gap."
    ]


def test_a_bibliography_key_in_brackets_without_its_caret_is_an_error_and_other_brackets_are_not():
    from guide.checks.registry import DEFAULT_SEVERITY
    from guide.content.page_markdown import citations_without_caret

    assert DEFAULT_SEVERITY["citation-caret"] is Severity.ERROR
    keys = {"lepage2015": None, "nice2022": None}
    body = (
        "Cited.[lepage2015] Fine.[^nice2022] [note] [x] `[lepage2015]` [link](lepage2015.md) "
        "![lepage2015](a.png) [nice2022][ref]\n\n[ref]: https://example.org\n"
        "Both.[lepage2015, nice2022] Pandoc.[@Lepage2015] Spaced.[^ nice2022]\n"
    )
    problems = citations_without_caret("docs/t.md", body, 0, body, keys)
    assert [(p.line, p.fix) for p in problems] == [
        (1, "Write [^lepage2015] to cite it."),
        (4, "Write [^lepage2015][^nice2022] to cite them."),
        (4, "Write [^lepage2015] to cite it."),
        (4, "Write [^nice2022] to cite it."),
    ]
    assert str(problems[0]) == (
        "docs/t.md:1: '[lepage2015]' is not a citation: readers would see the brackets and no reference. "
        "Write [^lepage2015] to cite it."
    )
