"""Review dates: when each page is due, and whether it is overdue (the NHS and PIF TICK pattern)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from dateutil.relativedelta import relativedelta

from guide.content.frontmatter import PageMeta
from guide.governance.signoff import SIGN_OFF_ON_GITHUB
from guide.problems import Problem


class ReviewState(str, Enum):
    CURRENT = "current"
    DUE_SOON = "due soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ReviewStatus:
    last_reviewed: dt.date
    reviewed_by: str
    next_review_due: dt.date
    last_updated: dt.date
    state: ReviewState


def next_review_due(meta: PageMeta, interval_years: int) -> dt.date:
    """The explicit due date, or the last review plus the policy's interval (29 Feb -> 28 Feb)."""
    return meta.next_review_due or meta.last_reviewed + relativedelta(years=interval_years)


def review_status(
    path: str, meta: PageMeta, today: dt.date, interval_years: int, due_soon_days: int
) -> tuple[ReviewStatus, list[Problem]]:
    due = next_review_due(meta, interval_years)
    line = meta.lines.get("last_reviewed", 2)
    problems: list[Problem] = []
    if meta.last_reviewed > today:
        problems.append(
            Problem(
                "review-future",
                path,
                line,
                f"last_reviewed {meta.last_reviewed} is in the future (today is {today}).",
                "Set it to the date the named reviewer signed off, which cannot be later than today.",
            )
        )
    if due <= meta.last_reviewed:
        problems.append(
            Problem(
                "review-order",
                path,
                meta.lines.get("next_review_due", line),
                f"next_review_due {due} is not after last_reviewed {meta.last_reviewed}.",
                "Set next_review_due to a later date, or remove it to use the review policy.",
            )
        )
    if meta.last_updated > today:
        problems.append(
            Problem(
                "review-future",
                path,
                meta.lines.get("last_updated", line),
                f"last_updated {meta.last_updated} is in the future (today is {today}).",
                "Set it to the date the text was last edited.",
            )
        )
    if due < today:
        state = ReviewState.OVERDUE
        problems.append(
            Problem(
                "review-overdue",
                path,
                line,
                f"The review is overdue since {due} (last reviewed {meta.last_reviewed}).",
                "Ask a named health professional to review the page, then record their sign-off: "
                f"{SIGN_OFF_ON_GITHUB} (or run make review on a computer).",
            )
        )
    elif (due - today).days <= due_soon_days:
        state = ReviewState.DUE_SOON
        problems.append(
            Problem(
                "review-due-soon",
                path,
                line,
                f"The review is due on {due}, in {(due - today).days} days.",
                "Plan the review with a named health professional before then.",
            )
        )
    else:
        state = ReviewState.CURRENT
    status = ReviewStatus(meta.last_reviewed, meta.reviewed_by, due, meta.last_updated, state)
    return status, problems
