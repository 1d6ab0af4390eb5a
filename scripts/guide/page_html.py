"""What the build changes in a page's rendered HTML. Pure functions over text."""

from __future__ import annotations

import re

FOOTNOTE_ID = re.compile(r'(id|href)="(#?)(fn|fnref\d*):([^"]+)"')
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
H1_END = re.compile(r"</h1>")
HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.DOTALL)


def unique_footnote_ids(html: str, page_key: str) -> str:
    """Footnote ids per page (fn:key -> relapses-fn-key): on the print page all pages meet."""
    return FOOTNOTE_ID.sub(lambda m: f'{m[1]}="{m[2]}{page_key}-{m[3]}-{m[4]}"', html)


def first_uses_only(html: str, expansions: set[str]) -> str:
    """Keep each term's tooltip at its first use in the page's text and unwrap the repeats: a
    tooltip on every repeat is noise to read and slows a phone down (Lighthouse: blocking time
    grows with the number of tooltips). Abbreviations are marked, so that print spells them out
    once. A use in a heading does not count: headings are read before the text."""
    headings = [m.span() for m in HEADING.finditer(html)]
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        title, text = match[1], match[2]
        if any(start <= match.start() < end for start, end in headings) or title in seen:
            return text
        seen.add(title)
        mark = ' class="guide-first-use"' if title in expansions else ""
        return f'<abbr{mark} title="{title}">{text}</abbr>'

    return ABBR.sub(keep_first, html)


def add_review_boxes(html: str, notice: str, footer: str) -> str:
    """The overdue notice right under the title, the review dates at the very end."""
    if notice:
        html = H1_END.sub(lambda m: m[0] + notice, html, count=1) if H1_END.search(html) else notice + html
    return html + footer


FIRST_USE = re.compile(r'<abbr((?: class="guide-first-use")?) title="([^"]*)">(.*?)</abbr>', re.DOTALL)
FOOTNOTE_REF = re.compile(r'<a class="footnote-ref" href="([^"]*)">(\d+)</a>')
NEXT_CITATION = re.compile(r'</sup><sup (id="[^"]*fnref)')


def reachable_terms(html: str) -> str:
    """Each term's first use (first_uses_only) can take the keyboard's focus. The theme's tooltip
    then shows its definition and names it as the term's description (aria-describedby to the
    tooltip, which the theme sets on focus and hover and removes after: an aria-describedby of
    our own would be removed with it); at other times the title is the description."""
    return FIRST_USE.sub(lambda m: f'<abbr{m[1]} title="{m[2]}" tabindex="0">{m[3]}</abbr>', html)


def labelled_citations(html: str) -> str:
    """A citation's link is named "Source 3" (the number alone says nothing to a screen reader),
    and two citations side by side are marked, so that a comma shows between them only there."""
    html = FOOTNOTE_REF.sub(r'<a class="footnote-ref" href="\1" aria-label="Source \2">\2</a>', html)
    return NEXT_CITATION.sub(r'</sup><sup class="guide-next-citation" \1', html)
