"""Nothing a contributor writes runs in a reader's browser or sends a reader elsewhere: each
page's content is cleaned (whatever the severities say), and every published file is scanned.
(What is allowed: guide/safety.py.)"""

from __future__ import annotations

from ..problems import Problem, Severity, line_of
from ..safety import Finding, dedupe, unsafe_built_page, unsafe_content
from .base import Check


class Safety(Check):
    kinds = {"unsafe-html": Severity.ERROR}

    def on_page_html(self, page):
        page.html, findings = unsafe_content(page.html)
        return [self.located(finding, page.path, page.text) for finding in dedupe(findings)]

    def on_written(self, path, source, html, root):
        return [self.located(finding, path, source) for finding in unsafe_built_page(html, root)]

    def located(self, finding: Finding, path: str, source: str) -> Problem:
        """A finding as a problem at the first line that holds its text: in the page, or in the
        data file it came from (a reference's address, a glossary definition)."""
        needle = finding.needle.lower()
        places = ((path, source), *self.context.data_texts.items())
        shown, text = next(
            ((shown, text) for shown, text in places if needle and needle in text.lower()), (path, source)
        )
        at = max(text.lower().find(needle), 0) if needle else 0
        if finding.kind == "link-invalid":
            fix = "Link to a page by its .md file name, or to an http, https, mailto or tel address."
        else:
            fix = (
                "Remove it: pages hold Markdown and simple HTML only (no scripts, frames, forms, "
                "styles or event handlers), so that they are safe to publish and print."
            )
        return Problem(finding.kind, shown, line_of(text, at), f"The page contains {finding.what}.", fix)
