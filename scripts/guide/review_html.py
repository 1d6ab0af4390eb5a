"""The review status as a reader sees it: a footer on every page, a calm notice when overdue, a
banner on drafts, and what changed. Each date a reader's own clock may overtake carries
data-guide-due, so that the page's script (theme_scripts.REVIEW_STATUS) shows the notice on any
copy opened after the due date; without JavaScript the status at build time stays."""

from __future__ import annotations

import datetime as dt
from html import escape

from .reviews import ReviewState, ReviewStatus
from .theme_scripts import REVIEW_STATUS


def long_date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def _until_due(status: ReviewStatus) -> str:
    """Attributes that keep an element hidden until the due date has passed, on the reader's clock."""
    overdue = status.state is ReviewState.OVERDUE
    return f' data-guide-due="{status.next_review_due.isoformat()}"' + ("" if overdue else " hidden")


def with_status_script(html: str) -> str:
    """The page's script that shows what waits for its due date, before </body> (added by the
    build, not by a theme template, so that every theme and every output gets it)."""
    if "data-guide-due" not in html or "</body>" not in html:
        return html
    at = html.rindex("</body>")
    return html[:at] + f"<script>{REVIEW_STATUS}</script>" + html[at:]


def review_footer_html(status: ReviewStatus) -> str:
    """'Reviewed by <name, role> on <date> · Next review due: …' (the NHS pattern), plus the last edit."""
    return (
        '<aside class="guide-review" aria-label="Review dates">'
        f"<p>Reviewed by {escape(status.reviewed_by)} on {long_date(status.last_reviewed)}."
        '<span aria-hidden="true"> · </span><br class="guide-print-break">'
        f"Next review due: {long_date(status.next_review_due)}<span{_until_due(status)}> (overdue)</span></p>"
        f"<p>Text last updated: {long_date(status.last_updated)}</p>"
        "</aside>"
    )


def overdue_notice_html(status: ReviewStatus) -> str:
    """Said plainly: nobody has checked this page since the review date. Hidden until then (in
    a plain wrapper: the theme's own display rule for admonitions would override `hidden`)."""
    return (
        f"<div{_until_due(status)}>"
        '<div class="admonition warning guide-review-notice" role="note">'
        '<p class="admonition-title">This page may be out of date</p>'
        f"<p>A health professional last checked these facts in "
        f"{status.last_reviewed.strftime('%B %Y')}. The next check was due in "
        f"{status.next_review_due.strftime('%B %Y')} and has not happened yet. Treatments may have "
        "changed since then. Please talk to your MS team before you make any decision.</p>"
        "</div></div>"
    )


def draft_notice_html() -> str:
    """On a draft, in the preview and the check only: drafts are never published."""
    return (
        '<div class="admonition warning guide-draft-notice" role="note">'
        '<p class="admonition-title">Draft: not yet checked by a health professional</p>'
        "<p>This page is being written or waits for its clinical review. It is left out of the "
        "website, the offline copy and the handouts until a health professional signs it off.</p>"
        "</div>"
    )


def changes_html(changes) -> str:
    """"What changed on this page", newest first."""
    if not changes:
        return ""
    items = "".join(f"<li>{long_date(c.date)}: {escape(c.text)}</li>"
                    for c in sorted(changes, key=lambda c: c.date, reverse=True))
    return (f'<section class="guide-changes" aria-labelledby="what-changed">'
            f'<h2 id="what-changed">What changed on this page</h2><ul>{items}</ul></section>')


def recent_changes_markdown(changes: list[tuple]) -> str:
    """The Recent changes page: (change, page title, page file) of every published page, newest first."""
    if not changes:
        return "No page has changed since the guide was first published."
    lines = []
    for change, title, page in sorted(changes, key=lambda c: (c[0].date, c[2]), reverse=True):
        text = "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in change.text)
        name = "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in title)
        lines.append(f"- {long_date(change.date)}, [{name}]({page}): {text}")
    return "\n".join(lines)
