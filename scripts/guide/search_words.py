"""Patients' words in the search index: a glossary term's `search` words (physio, counsellor,
misspellings) are indexed into every section of every page that uses the term, so that
"physio" finds Rehabilitation, which says "physical therapist".

How, and why this way: Material's search plugin indexes a page section by section (a section runs
from a heading with an id to the next one) and takes all the text in it; it leaves out only
`data-search-exclude`, scripts and styles, and does not look at `hidden` (material/plugins/search/
plugin.py, Parser). So each section that uses such a term ends with a `<table hidden>` of the
terms and their words: in that section's index entry, ranked like its text, with the link to the
section. Readers never see it: `hidden` is display: none (the theme's own display rules are all
`:not([hidden])`), so browsers neither show it, print it nor read it aloud, and the page's search
highlighting skips it. A table because it is one (a term, its other words) and because the prose
checks do not read tables (prose.py): the words do not change a page's reading grade or the copy
check. Material's other ways are worse here: its `tags` field is shown as chips under each result
and outranks the text a million times, and a rewrite of search_index.json after the build would
have to find each page's sections again, in two formats (the website's JSON, the offline JS).
"""

from __future__ import annotations

from html import escape

from .glossary import Term, terms_used
from .prose import prose_text
from .theme_fixes.material import SEARCH_SECTION_START
from .theme_fixes.print_site import on_own_lines


def words_table(terms: list[Term]) -> str:
    """The hidden table for one section: each term with its search words (escaped: untrusted).
    Punctuated, as a search result shows it when a word in it matches: "physical therapist:
    physio, physiotherapist." tells the reader the guide's own word."""
    rows = "".join(
        f"<tr><th>{escape(term.term)}:</th> <td>{escape(', '.join(term.search))}.</td></tr> "
        for term in terms
        if term.search
    )
    # On lines of its own: print-site finds a heading's id with a pattern that would otherwise
    # start at this table and miss the id of the heading that follows it.
    return on_own_lines(f'<table hidden class="guide-search-words"> {rows}</table>') if rows else ""


def with_search_words(html: str, terms: list[Term]) -> str:
    """The page's HTML with a hidden table of search words at the end of each section that uses a
    term that has them (terms: the page's terms; only those with search words count)."""
    terms = [t for t in terms if t.search]
    if not terms:
        return html
    starts = [m.start() for m in SEARCH_SECTION_START.finditer(html)]
    bounds = [0, *(s for s in starts if s > 0), len(html)]
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        section = html[start:end]
        parts.append(section + words_table(terms_used(prose_text(section), terms)))
    return "".join(parts)
