"""The review status as a reader sees it: a footer on every page, a calm notice when overdue, a
banner on drafts, and what changed. Each date a reader's own clock may overtake carries
data-guide-due, so that the page's script (html_fixes.REVIEW_STATUS) shows the notice on any
copy opened after the due date; without JavaScript the status at build time stays. The words are
templates: guide/review-footer.html, overdue-notice.html, draft-notice.html, page-changes.html
and recent-changes.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from guide.governance.reviews import ReviewState, ReviewStatus
from guide.outputs.html_fixes import REVIEW_STATUS
from guide.texts import Texts, long_date  # noqa: F401  (tests import long_date from here)


def _until_due(status: ReviewStatus) -> Markup:
    """Attributes that keep an element hidden until the due date has passed, on the reader's clock."""
    overdue = status.state is ReviewState.OVERDUE
    return Markup(f' data-guide-due="{status.next_review_due.isoformat()}"' + ("" if overdue else " hidden"))


def with_status_script(html: str) -> str:
    """The page's script that shows what waits for its due date, before </body> (added by the
    build, not by a theme template, so that every theme and every output gets it)."""
    if "data-guide-due" not in html or "</body>" not in html:
        return html
    at = html.rindex("</body>")
    return html[:at] + f"<script>{REVIEW_STATUS}</script>" + html[at:]


def review_footer_html(texts: Texts, status: ReviewStatus, clinical: bool = True, signed_off: bool = True) -> str:
    """'Reviewed by <name, role> on <date> · Next review due: …' (the NHS pattern), plus the last
    edit; before any recorded sign-off, that no health professional has checked the text since
    the review it carries; on a page without clinical content, the last edit only."""
    return texts.render(
        "guide/review-footer.html",
        status=status,
        until_due=_until_due(status),
        clinical=clinical,
        signed_off=signed_off,
    )


def report_mistake_html(texts: Texts, page_title: str, page_url: str) -> str:
    """How to report a mistake on this page, when the publisher takes reports."""
    return texts.render("guide/report-mistake.html", page_title=page_title, page_url=page_url)


def overdue_notice_html(texts: Texts, status: ReviewStatus) -> str:
    """Said plainly: nobody has checked this page since the review date. Hidden until then."""
    return texts.render("guide/overdue-notice.html", status=status, until_due=_until_due(status))


def draft_notice_html(texts: Texts) -> str:
    """On a draft, in the preview and the check only: drafts are never published."""
    return texts.render("guide/draft-notice.html")


def changes_html(texts: Texts, changes) -> str:
    """ "What changed on this page", newest first."""
    if not changes:
        return ""
    return texts.render("guide/page-changes.html", changes=sorted(changes, key=lambda c: c.date, reverse=True))


@dataclass(frozen=True)
class ListedChange:
    """A change as the Recent changes page lists it: its words and its page's title escaped for
    Markdown, and the page's file, which MkDocs turns into a link."""

    date: dt.date
    text: str
    title: str
    page: str


def recent_changes_markdown(texts: Texts, changes: list[tuple]) -> str:
    """The Recent changes page: (change, page title, page file) of every published page, newest first."""
    listed = [
        ListedChange(
            change.date,
            "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in change.text),
            "".join("\\" + ch if ch in "\\`*_[]<>" else ch for ch in title),
            page,
        )
        for change, title, page in sorted(changes, key=lambda c: (c[0].date, c[2]), reverse=True)
    ]
    return texts.render("guide/recent-changes.md", changes=listed)
