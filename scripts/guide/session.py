"""What one build found: problems and per-page facts, shared by the MkDocs hooks and the CLI.

The CLI sets `options` before it runs MkDocs; under `mkdocs serve` the defaults apply.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from .problems import Problem, Severity
from .reviews import ReviewStatus
from .settings import GuideSettings, severity_of

log = logging.getLogger("mkdocs.plugins.guide")

LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARN: logging.WARNING,
             Severity.NOTICE: logging.INFO}
# The review status describes the content, not a broken build: in MkDocs' log it is
# information, so that `mkdocs build --strict` fails only on real defects. The CLI
# reports it at its own severity (a warning by default).
STATUS_KINDS = {"review-overdue", "review-due-soon"}


@dataclass(frozen=True)
class Shard:
    """One of `count` processes that share a check: it renders the index-th run of pages."""

    index: int
    count: int

    def pick(self, items: list) -> list:
        return items[len(items) * self.index // self.count:len(items) * (self.index + 1) // self.count]


@dataclass(frozen=True)
class RunOptions:
    today: dt.date | None = None
    strict: bool = False
    lean: bool = False  # check only: no tooltips, no page hardening (nothing is published)
    shard: Shard | None = None  # a lean check split across processes: this process's part


@dataclass
class PageRecord:
    path: str
    title: str
    url: str
    words: int = 0
    grade: float = 0.0
    review: ReviewStatus | None = None
    cited: list[str] = field(default_factory=list)
    terms: list = field(default_factory=list)  # the glossary terms the page uses


@dataclass
class Session:
    settings: GuideSettings
    options: RunOptions
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    internal_links_checked: int = 0
    external_links: dict = field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        return self.options.today or dt.date.today()

    def add(self, problems: list[Problem]) -> None:
        """Give each problem its configured severity, drop the ignored ones, and log the rest."""
        for problem in problems:
            severity = severity_of(self.settings, problem.kind, self.options.strict)
            if severity is Severity.IGNORE:
                continue
            problem = Problem(problem.kind, problem.path, problem.line, problem.what,
                              problem.fix, severity)
            if problem in self.problems:
                continue
            self.problems.append(problem)
            level = logging.INFO if problem.kind in STATUS_KINDS else LOG_LEVEL[severity]
            log.log(level, str(problem), extra={"guide_problem": problem})

    def merge(self, other: Session) -> None:
        """Take in what another process's part of the same check found (already logged there)."""
        self.problems += [p for p in other.problems if p not in self.problems]
        self.pages.update(other.pages)

    def page(self, name: str) -> PageRecord | None:
        """A page by its name in docs/, e.g. 'relapses.md'."""
        return next((p for p in self.pages.values() if p.path.endswith("/" + name) or p.path == name), None)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


options = RunOptions()
