"""What the build changes in a page's rendered HTML. Pure functions over text."""

from __future__ import annotations

import re

FOOTNOTE_ID = re.compile(r'(id|href)="(#?)(fn|fnref\d*):([^"]+)"')
ABBR = re.compile(r'<abbr title="([^"]*)">')
H1_END = re.compile(r"</h1>")
HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.DOTALL)


def unique_footnote_ids(html: str, page_key: str) -> str:
    """Footnote ids per page (fn:key -> relapses-fn-key): on the print page all pages meet."""
    return FOOTNOTE_ID.sub(lambda m: f'{m[1]}="{m[2]}{page_key}-{m[3]}-{m[4]}"', html)


def mark_first_abbreviations(html: str, expansions: set[str]) -> str:
    """Mark the first use of each abbreviation in a page's text (not in a heading), so that
    print can spell it out once. Other glossary terms are defined in the printed glossary."""
    headings = [m.span() for m in HEADING.finditer(html)]
    seen: set[str] = set()

    def mark(match: re.Match) -> str:
        title = match[1]
        if title not in expansions or title in seen:
            return match[0]
        if any(start <= match.start() < end for start, end in headings):
            return match[0]
        seen.add(title)
        return f'<abbr class="guide-first-use" title="{title}">'

    return ABBR.sub(mark, html)


def add_review_boxes(html: str, notice: str, footer: str) -> str:
    """The overdue notice right under the title, the review dates at the very end."""
    if notice:
        html = H1_END.sub(lambda m: m[0] + notice, html, count=1) if H1_END.search(html) else notice + html
    return html + footer
