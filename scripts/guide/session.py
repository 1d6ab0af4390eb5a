"""What one build found: problems and per-page facts, shared by the guide plugin and the CLI.

The CLI gives the guide plugin its RunOptions through the plugin's configuration (the setting
`run`, which mkdocs.yml cannot set); under `mkdocs serve` the defaults apply.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from guide.governance.reviews import ReviewStatus
from guide.problems import Problem, Severity
from guide.settings import GuideSettings, RunOptions, severity_of

log = logging.getLogger("mkdocs.plugins.guide")

LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARN: logging.WARNING, Severity.NOTICE: logging.INFO}
# The review status describes the content, not a broken build: it is told in one summary line
# (and the CLI's table), so that `mkdocs build --strict` fails only on real defects and a
# preview save does not repeat it page by page. Made an error by a setting or --strict, each
# page is reported on its own line.
STATUS_KINDS = {"review-overdue", "review-due-soon"}


@dataclass
class PageRecord:
    path: str
    title: str
    url: str
    words: int = 0
    grade: float | None = 0.0  # None: not measured (a translation, issue 26)
    review: ReviewStatus | None = None
    cited: list[str] = field(default_factory=list)
    terms: list = field(default_factory=list)  # the glossary terms the page uses
    draft: bool = False
    changes: tuple = ()  # frontmatter.Change, for "What changed on this page"
    changed_since_review: bool = False
    lists_glossary: bool = False  # the Glossary page: its terms do not count as used
    lists_changes: bool = False  # the Recent changes page
    # False for a page with no clinical content of its own (the setting
    # pages_without_clinical_content): no clinical review is due; it shows its last update.
    clinical: bool = True
    signed_off: bool = False  # a named reviewer's sign-off is recorded (review_history)
    language: str | None = None  # in a guide in more than one language (issue 26): the page's


@dataclass
class Session:
    settings: GuideSettings
    options: RunOptions
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    internal_links_checked: int = 0
    external_links: dict = field(default_factory=dict)
    downloads_page: str | None = None  # the page that lists the downloads, e.g. downloads.md
    # issue 26: its translations, as published: language -> e.g. es/downloads.md
    translated_downloads_pages: dict[str, str] = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.options.today or dt.date.today()

    def add(self, problems: list[Problem]) -> None:
        """Give each problem its configured severity, drop the ignored ones, and log the rest."""
        for problem in problems:
            severity = severity_of(self.settings, problem.kind, self.options.strict)
            if severity is Severity.IGNORE:
                continue
            problem = Problem(problem.kind, problem.path, problem.line, problem.what, problem.fix, severity)
            if problem in self.problems:
                continue
            self.problems.append(problem)
            # The review status is one summary line (status_lines, below), not a line per page
            # on every build and every preview save, unless a setting makes it an error.
            if problem.kind in STATUS_KINDS and severity is not Severity.ERROR:
                continue
            log.log(LOG_LEVEL[severity], str(problem), extra={"guide_problem": problem})

    def merge(self, other: Session) -> None:
        """Take in what another process's part of the same check found (already logged there)."""
        self.problems += [p for p in other.problems if p not in self.problems]
        self.pages.update(other.pages)
        self.downloads_page = self.downloads_page or other.downloads_page

    def page(self, name: str) -> PageRecord | None:
        """A page by its name in docs/, e.g. 'relapses.md'."""
        return next((p for p in self.pages.values() if p.path.endswith("/" + name) or p.path == name), None)

    def status_lines(self) -> list[tuple[Severity, str]]:
        """One line per kind of review status that is not an error: how many pages, and where
        to see them."""
        lines = []
        for kind, said in (("review-overdue", "overdue for review"), ("review-due-soon", "due for review soon")):
            found = [p for p in self.problems if p.kind == kind and p.severity is not Severity.ERROR]
            if found:
                pages = "1 page is" if len(found) == 1 else f"{len(found)} pages are"
                lines.append(
                    (
                        found[0].severity,
                        f"{pages} {said}: see the table of pages (and --report). "
                        "A named health professional signs each off: on GitHub with the "
                        "\"Sign off a page\" workflow (Actions tab), or with 'make review'.",
                    )
                )
        return lines

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)
