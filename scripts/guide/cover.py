"""The cover of the print page and the masthead of each handout: what a printed copy must say.

The title, the date of the copy, the review dates, that it does not replace the care team, and
where to find the latest version online, with a QR code drawn here (no network).
"""

from __future__ import annotations

import datetime as dt
from html import escape

import segno

from .review_html import long_date
from .reviews import ReviewState, ReviewStatus

DISCLAIMER = (
    "This guide gives general information about MS treatment. It is not a substitute for advice "
    "from your doctor, MS nurse or care team. Talk to them before you make any decision about "
    "your treatment."
)


QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks: scanners need it


def qr_svg(url: str) -> str:
    """An inline SVG QR code of the address, labelled for screen readers. It has a viewBox and no
    fixed size, so that CSS scales the whole code (quiet zone included) to its box."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=QUIET_ZONE, omitsize=True,
                                                 dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="QR code for {escape(url)}" ', 1)


def review_summary(statuses: list[ReviewStatus]) -> str:
    """One honest line for several pages: the oldest review and the earliest due date."""
    if not statuses:
        return "Not reviewed yet."
    oldest = min(s.last_reviewed for s in statuses)
    due = min(s.next_review_due for s in statuses)
    overdue = any(s.state is ReviewState.OVERDUE for s in statuses)
    line = f"Last reviewed: {long_date(oldest)} · Next review due: {long_date(due)}"
    return line + (" (overdue: this information may be out of date)" if overdue else "")


def footer_dates(statuses: list[ReviewStatus]) -> str:
    """The review dates in a printed page's footer: the oldest review, the earliest due date."""
    if not statuses:
        return "Not reviewed yet"
    oldest = min(s.last_reviewed for s in statuses)
    due = min(s.next_review_due for s in statuses)
    return f"Reviewed {long_date(oldest)} · Next review {long_date(due)}"


def newer_version_text(statuses: list[ReviewStatus]) -> str:
    """On paper the status cannot update itself: say when to look for a newer copy."""
    if not statuses:
        return ""
    return f"Check for a newer version after {long_date(min(s.next_review_due for s in statuses))}."


def newer_version_line(statuses: list[ReviewStatus]) -> str:
    return f"<p>{newer_version_text(statuses)}</p>" if statuses else ""


def cover_html(title: str, subtitle: str, made_on: dt.date, statuses: list[ReviewStatus],
               url: str) -> str:
    return (
        '<div class="guide-cover">'
        f'<p class="guide-cover-title">{escape(title)}</p>'
        f'<p class="guide-cover-subtitle">{escape(subtitle)}</p>'
        f'<p>Date of this copy: {long_date(made_on)}</p>'
        f"<p>{escape(review_summary(statuses))}</p>"
        f'<div class="admonition warning"><p class="admonition-title">Talk to your care team</p>'
        f"<p>{DISCLAIMER}</p></div>"
        '<div class="guide-cover-online">'
        f'<p>Find the latest version online: <a class="guide-url" href="{escape(url)}">{escape(url)}</a></p>'
        f"{newer_version_line(statuses)}"
        f"{qr_svg(url)}"
        "</div></div>"
    )


def masthead_html(site_name: str, made_on: dt.date, status: ReviewStatus | None, url: str) -> str:
    """The top of a handout's first page, around its title (the page's own h1, which the handout
    moves in after the first line): what this is, its dates, the address and its QR code, the
    disclaimer, in little space so that the health information starts on page 1."""
    statuses = [status] if status else []
    return (
        '<header class="guide-masthead">'
        '<div class="guide-masthead-text">'
        f'<p class="guide-masthead-name">{escape(site_name)} · Handout</p>'
        f"<p>Date of this copy: {long_date(made_on)} · {escape(review_summary(statuses))}</p>"
        f'<p>Find the latest version online: <a class="guide-url" href="{escape(url)}">{escape(url)}</a> '
        f"{newer_version_text(statuses)}</p>"
        "</div>"
        f'<div class="guide-masthead-qr">{qr_svg(url)}</div>'
        f'<p class="guide-masthead-disclaimer"><strong>Talk to your care team.</strong> {DISCLAIMER}</p>'
        "</header>"
    )
