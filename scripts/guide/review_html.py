"""The review dates as a reader sees them: a footer on every page and a calm notice when overdue."""

from __future__ import annotations

import datetime as dt
from html import escape

from .reviews import ReviewState, ReviewStatus


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def review_footer_html(status: ReviewStatus) -> str:
    """'Page last reviewed: … · Next review due: …' (the NHS pattern), plus the last edit."""
    overdue = " (overdue)" if status.state is ReviewState.OVERDUE else ""
    return (
        '<aside class="guide-review" aria-label="Review dates">'
        f"<p>Page last reviewed: {long_date(status.last_reviewed)} "
        f"({escape(status.reviewed_by)})<span aria-hidden=\"true\"> · </span><br class=\"guide-print-break\">"
        f"Next review due: {long_date(status.next_review_due)}{overdue}</p>"
        f"<p>Text last updated: {long_date(status.last_updated)}</p>"
        "</aside>"
    )


def overdue_notice_html(status: ReviewStatus) -> str:
    """Said plainly: nobody has checked this page since the review date."""
    if status.state is not ReviewState.OVERDUE:
        return ""
    return (
        '<div class="admonition warning guide-review-notice" role="note">'
        '<p class="admonition-title">This page may be out of date</p>'
        f"<p>A health professional last checked these facts in "
        f"{status.last_reviewed.strftime('%B %Y')}. The next check was due in "
        f"{status.next_review_due.strftime('%B %Y')} and has not happened yet. Treatments may have "
        "changed since then. Please talk to your MS team before you make any decision.</p>"
        "</div>"
    )
