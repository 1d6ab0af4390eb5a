"""What the build changes in a page's rendered HTML. Pure functions over text."""

from __future__ import annotations

import re

FOOTNOTE_ID = re.compile(r'(id|href)="(#?)(fn|fnref\d*):([^"]+)"')
ABBR = re.compile(r'<abbr title="([^"]*)">')
H1_END = re.compile(r"</h1>")


def unique_footnote_ids(html: str, page_key: str) -> str:
    """Footnote ids per page (fn:key -> relapses-fn-key): on the print page all pages meet."""
    return FOOTNOTE_ID.sub(lambda m: f'{m[1]}="{m[2]}{page_key}-{m[3]}-{m[4]}"', html)


def mark_first_abbreviations(html: str) -> str:
    """Mark the first use of each term on a page, so that print can spell it out once."""
    seen: set[str] = set()

    def mark(match: re.Match) -> str:
        if match[1] in seen:
            return match[0]
        seen.add(match[1])
        return f'<abbr class="guide-first-use" title="{match[1]}">'

    return ABBR.sub(mark, html)


def add_review_boxes(html: str, notice: str, footer: str) -> str:
    """The overdue notice right under the title, the review dates at the very end."""
    if notice:
        html = H1_END.sub(lambda m: m[0] + notice, html, count=1) if H1_END.search(html) else notice + html
    return html + footer
