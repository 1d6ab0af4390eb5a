"""The review status told as it is: each page's review dates are those of its latest recorded
sign-off, the text is the one the reviewer read, and an overdue or due page is reported."""

from __future__ import annotations

from pathlib import Path

from guide.checks.base import Check
from guide.governance.signoff import SIGN_OFF_ON_GITHUB
from guide.problems import Problem, Severity


class Reviews(Check):
    kinds = {
        "review-future": Severity.ERROR,
        "review-order": Severity.ERROR,
        "review-history": Severity.ERROR,
        "review-changed": Severity.WARN,
        "review-overdue": Severity.WARN,
        "review-due-soon": Severity.NOTICE,
    }

    def on_page_markdown(self, page):
        meta = page.meta
        if meta is None or meta.draft:
            return []  # a draft is not published: it has no review yet
        problems = list(page.findings["review"])
        if not page.record.clinical:
            # No clinical content of its own: no clinical review is due (it shows its last update).
            problems = [p for p in problems if p.kind not in ("review-overdue", "review-due-soon")]
        return problems + self.sign_off_problems(page)

    def sign_off_problems(self, page) -> list[Problem]:
        """The review dates are those of the latest recorded sign-off, and the text is the one
        the reviewer read (formatting aside)."""
        path, meta, entries = page.path, page.meta, page.sign_offs
        problems = list(page.findings["sign-offs"])
        line = meta.lines.get("last_reviewed", 2)
        fix = (
            f"Only a sign-off moves them: put back the dates, ask the reviewer to sign off, then "
            f'{SIGN_OFF_ON_GITHUB} (or run make review PAGE={Path(path).name} BY="Name, role").'
        )
        if entries:
            latest = entries[-1]
            if (meta.last_reviewed, meta.reviewed_by) != (latest.date, latest.reviewed_by):
                problems.append(
                    Problem(
                        "review-history",
                        path,
                        line,
                        f"last_reviewed and reviewed_by ({meta.last_reviewed}, {meta.reviewed_by}) are not the "
                        f"latest recorded sign-off ({latest.date}, {latest.reviewed_by}).",
                        fix,
                    )
                )
            elif page.record.changed_since_review:
                problems.append(
                    Problem(
                        "review-changed",
                        path,
                        line,
                        f"The text changed after {latest.reviewed_by} signed it off on {latest.date}.",
                        "Ask the reviewer to confirm the change, then run review again.",
                    )
                )
            return problems
        before = self.context.settings.review_before_history
        if before.last_reviewed and (str(meta.last_reviewed), meta.reviewed_by) != (
            before.last_reviewed,
            before.reviewed_by,
        ):
            problems.append(
                Problem(
                    "review-history",
                    path,
                    line,
                    f"last_reviewed and reviewed_by ({meta.last_reviewed}, {meta.reviewed_by}) are not a "
                    "recorded sign-off.",
                    fix,
                )
            )
        return problems
