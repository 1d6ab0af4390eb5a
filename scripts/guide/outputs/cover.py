"""The cover of the print page and the masthead of each handout: what a printed copy must say.

The title, the date of the copy, the review dates, that it does not replace the care team, and
where to find the latest version online, with a QR code drawn here (no network). The words are
templates (guide/print-cover.html, guide/handout-masthead.html and the partials they include).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

import segno
from markupsafe import Markup

from guide.governance.reviews import ReviewState, ReviewStatus
from guide.texts import Texts

QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks: scanners need it


@dataclass(frozen=True)
class Reviewed:
    """The review dates of one page or several, as a printed copy states them."""

    last_reviewed: dt.date  # the oldest review
    next_review_due: dt.date  # the earliest due date
    overdue: bool  # any of them


def reviewed(statuses: list[ReviewStatus]) -> Reviewed | None:
    """One honest summary for several pages; None when none has been reviewed."""
    if not statuses:
        return None
    return Reviewed(
        min(s.last_reviewed for s in statuses),
        min(s.next_review_due for s in statuses),
        any(s.state is ReviewState.OVERDUE for s in statuses),
    )


def qr_svg(url: str, label: str | None = None) -> str:
    """An inline SVG QR code of the address, labelled for screen readers (label: the words,
    guide/qr-code-label.html). It has a viewBox and no fixed size, so that CSS scales the whole
    code (quiet zone included) to its box."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label or f"QR code for {url}")}" ', 1)


def qr_label(texts: Texts, url: str) -> str:
    """The QR code's name for screen readers, in the texts' language (issue 26)."""
    return " ".join(texts.text("guide/qr-code-label.html", url=url).split())


def cover_html(texts: Texts, made_on: dt.date, statuses: list[ReviewStatus], url: str) -> str:
    """The whole guide's cover (guide/print-cover.html): the site's name and description come
    from mkdocs.yml."""
    return texts.render(
        "guide/print-cover.html",
        made_on=made_on,
        reviewed=reviewed(statuses),
        url=url,
        qr_code=Markup(qr_svg(url, qr_label(texts, url))),
    )


def masthead_html(
    texts: Texts, made_on: dt.date, status: ReviewStatus | None, url: str, large_print: bool = False
) -> str:
    """The top of a handout's first page (guide/handout-masthead.html), around its title (the
    page's own h1, which the handout moves in after the element of class guide-masthead-name):
    what this is, its dates, the address and its QR code, the disclaimer, in little space so
    that the health information starts on page 1."""
    return texts.render(
        "guide/handout-masthead.html",
        made_on=made_on,
        reviewed=reviewed([status] if status else []),
        url=url,
        qr_code=Markup(qr_svg(url, qr_label(texts, url))),
        large_print=large_print,
    )
