"""Own words: no run of words on a page matches the source article (its fingerprint)."""

from __future__ import annotations

import re

from ..originality import copied_runs
from ..problems import Problem, Severity, line_of
from .base import Check


class Originality(Check):
    kinds = {"source-copy": Severity.ERROR}

    def on_page_html(self, page):
        return [copied(page.path, page.text, run) for run in copied_runs(page.prose, self.context.source_hashes)]


def copied(path: str, source: str, run: str) -> Problem:
    """The copied run at the first line of the page's source that holds it."""
    pattern = r"\W+".join(re.escape(w) for w in run.split())
    match = re.search(pattern, source, re.IGNORECASE)
    return Problem(
        "source-copy",
        path,
        line_of(source, match.start()) if match else 0,
        f'These {len(run.split())} words are copied from the source article: "{run}".',
        "Say it in your own plain words.",
    )
