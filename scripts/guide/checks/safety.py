"""Nothing a contributor writes runs in a reader's browser or sends a reader elsewhere: each
page's content is cleaned (whatever the severities say). Every published file then passes the
one gate of published_html.py, whose findings are placed here too. (What is allowed:
guide/safety.py and guide/published_html.py.)"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

from ..problems import Problem, Severity, line_of
from ..safety import MARKUP_IN_VALUE, Finding, dedupe, unsafe_content
from .base import Check


class Safety(Check):
    kinds = {"unsafe-html": Severity.ERROR}

    def on_sources(self):
        """mkdocs.yml's texts that the theme writes into every page as they are: plain text only
        (a title with HTML could end the element it stands in, before any page is judged)."""
        config = self.context.data_texts.get(self.context.config_file.name, "")
        for what, value in self.context.theme_texts:
            if MARKUP_IN_VALUE.search(value):
                at = config.find(value.strip()[:20])
                yield Problem(
                    "unsafe-html",
                    self.context.config_file.name,
                    line_of(config, at) if at >= 0 else 0,
                    f"The {what} {' '.join(value.split())[:60]!r} holds HTML, which the theme writes into every page as it is.",
                    "Write it as plain text, without '<'.",
                )

    def on_page(self, page):
        """MkDocs reads each page's raw HTML with Python's html.parser, which stops with a traceback
        on a marked section it does not know ('<![x'): found first, said at its line, and made
        text, so that the page is rendered and every other problem in it is told too."""
        try:
            probe = HTMLParser()
            probe.feed(page.markdown)
            probe.close()
        except AssertionError:
            at = page.text.find("<![")
            page.markdown = page.markdown.replace("<![", "&lt;![")
            return [
                Problem(
                    "unsafe-html",
                    page.path,
                    line_of(page.text, at) if at >= 0 else 0,
                    "The page contains '<![', the start of a kind of markup that browsers and MkDocs read differently.",
                    "Remove it, or write it as &lt;![ to show it as text.",
                )
            ]
        return []

    def on_page_html(self, page):
        page.html, findings = unsafe_content(page.html)
        return [locate(finding, page.path, page.text, self.context.data_texts) for finding in dedupe(findings)]


def locate(finding: Finding, path: str, source: str, others: dict[str, str] | Iterable = ()) -> Problem:
    """A finding as a problem at the first line that holds its text: in the page, or in another
    file it came from (others: file -> its text; a reference's address, a glossary definition,
    a template, mkdocs.yml)."""
    # As it stands in the file: as it is, or written with entities (which the parser decoded).
    # (An in-page address stands in the file as the id it names.)
    raw = finding.needle.lower()
    needles = [n for n in dict.fromkeys((raw, escape(raw), raw.removeprefix("#"))) if n]
    places = ((path, source), *(others.items() if isinstance(others, dict) else others))
    shown, text, needle = next(
        ((shown, text, n) for shown, text in places for n in needles if n in text.lower()), (path, source, "")
    )
    at = text.lower().find(needle) if needle else -1
    if finding.kind == "link-invalid":
        fix = "Link to a page by its .md file name, or to an http, https, mailto or tel address."
    elif shown.endswith((".md", ".yml", ".yaml")) and not shown.endswith("mkdocs.yml"):
        fix = (
            "Remove it: pages hold Markdown and simple HTML only (no scripts, frames, forms, "
            "styles or event handlers), so that they are safe to publish and print."
        )
    else:
        fix = (
            "Remove it: every published file may hold only the content's simple HTML and the "
            "theme's own elements, so that nothing runs, redirects or loads from elsewhere."
        )
    return Problem(finding.kind, shown, line_of(text, at) if at >= 0 else 0, f"The page contains {finding.what}.", fix)
