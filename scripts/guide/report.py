"""What the build tells its reader: one line per problem, a summary table, and a JSON report."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from guide.build import STATUS_KINDS, Build
from guide.problems import Problem, Severity


@dataclass
class LinkSummary:
    internal_checked: int = 0
    external_found: int = 0
    external_checked: bool = False
    external_requests: int = 0
    external_from_cache: int = 0
    external_ignored: int = 0


@dataclass
class BuildReport:
    command: str
    today: dt.date
    strict: bool
    build: Build
    links: LinkSummary = field(default_factory=LinkSummary)
    outputs: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.build.problems, key=lambda p: (p.path, p.line, p.kind, p.what))

    @property
    def exit_code(self) -> int:
        return 1 if self.build.count(Severity.ERROR) else 0

    def pages_by_due_date(self):
        far = dt.date.max
        return sorted(self.build.pages.values(), key=lambda p: (p.review.next_review_due if p.review else far, p.path))

    def as_dict(self) -> dict:
        return {
            "command": self.command,
            "today": self.today.isoformat(),
            "strict": self.strict,
            "exit_code": self.exit_code,
            "counts": {s.value: self.build.count(s) for s in Severity if s is not Severity.IGNORE},
            "problems": [p.as_dict() for p in self.problems],
            "pages": [
                {
                    "path": p.path,
                    "title": p.title,
                    "words": p.words,
                    "reading_grade": p.grade,
                    **({"language": p.language} if p.language else {}),  # issue 26
                    "cites": p.cited,
                    "draft": p.draft,
                    "clinical": p.clinical,
                    "changed_since_review": p.changed_since_review,
                    "review": None
                    if not p.review
                    else {
                        "state": p.review.state.value,
                        "last_reviewed": p.review.last_reviewed.isoformat(),
                        "reviewed_by": p.review.reviewed_by,
                        "next_review_due": p.review.next_review_due.isoformat(),
                        "last_updated": p.review.last_updated.isoformat(),
                    },
                }
                for p in self.pages_by_due_date()
            ],
            "links": self.links.__dict__,
            "outputs": self.outputs,
        }

    def write_json(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")


HEADINGS = {Severity.ERROR: "Errors", Severity.WARN: "Warnings", Severity.NOTICE: "Notices"}


def print_problems(report: BuildReport, console: Console) -> None:
    """One line per problem, `path:line: what is wrong. How to fix it.`, grouped by severity;
    the review status in one line (build.status_lines) unless it is an error."""
    status = report.build.status_lines()
    for severity, heading in HEADINGS.items():
        problems = [p for p in report.problems if p.severity is severity]
        lines = [str(p) for p in problems if p.kind not in STATUS_KINDS or severity is Severity.ERROR]
        lines += [line for status_severity, line in status if status_severity is severity]
        if problems:
            console.print(f"{heading} ({len(problems)}):", markup=False, highlight=False)
            for line in lines:
                console.print(line, markup=False, highlight=False, soft_wrap=True)


# A big site's table shows the pages due first; the JSON report (--report) lists them all.
SUMMARY_PAGE_ROWS = 40


def print_summary(report: BuildReport, console: Console) -> None:
    by_due_date = report.pages_by_due_date()
    left_out = len(by_due_date) - SUMMARY_PAGE_ROWS
    pages = Table(
        title="Pages, by review due date",
        title_justify="left",
        caption=f"... and {left_out} more pages: --report FILE lists them all." if left_out > 0 else None,
        caption_justify="left",
    )
    for column in ("page", "words", "grade", "review", "last reviewed", "next review due"):
        pages.add_column(column, justify="right" if column in ("words", "grade") else "left")
    for page in by_due_date[:SUMMARY_PAGE_ROWS]:
        review = page.review
        pages.add_row(
            page.path,
            str(page.words),
            f"{page.grade:.1f}" if page.grade is not None else "not measured",
            ("no clinical content" if not page.clinical else review.state.value)
            if review
            else ("draft" if page.draft else "-"),
            review.last_reviewed.isoformat() if review else "-",
            review.next_review_due.isoformat() if review else "-",
        )
    console.print(pages)

    links = report.links
    if links.external_checked:
        external = (
            f"{links.external_found} external checked ({links.external_requests} requests, "
            f"{links.external_from_cache} from cache, {links.external_ignored} ignored)"
        )
    else:
        external = f"{links.external_found} external links not checked (run with --external to check them)"
    console.print(f"Links: {links.internal_checked} internal checked; {external}.", markup=False)

    kinds = Counter((p.severity.value, p.kind) for p in report.problems)
    if kinds:
        table = Table(title="Problems by kind", title_justify="left")
        table.add_column("severity")
        table.add_column("kind")
        table.add_column("count", justify="right")
        for (severity, kind), count in sorted(kinds.items()):
            table.add_row(severity, kind, str(count))
        console.print(table)
    s = report.build
    verdict = "FAILED" if report.exit_code else "OK"
    console.print(
        f"{verdict}: {s.count(Severity.ERROR)} errors, {s.count(Severity.WARN)} warnings, "
        f"{s.count(Severity.NOTICE)} notices, {len(s.pages)} pages "
        f"({sum(p.words for p in s.pages.values())} words).",
        markup=False,
    )
