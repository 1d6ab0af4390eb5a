"""Headings go down one level at a time (WCAG 1.3.1): a screen reader's list of headings is the
page's outline, and a skipped level (## then ####) reads as a missing part."""

from __future__ import annotations

import re

from guide.checks.base import Check
from guide.content.markdown_text import without_code
from guide.problems import Problem, Severity, line_of

# An ATX heading: '#' to '######' at the start of a line, then a space or the line's end.
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})(?:[ \t]|$)", re.MULTILINE)


def skipped_heading_levels(path: str, text: str, body_offset: int, markdown: str) -> list[Problem]:
    """A problem at each heading more than one level below the heading before it. The page's
    title is its first level (Material shows it as the first heading when the page has none)."""
    problems, level, before = [], 1, "the page's title (level 1)"
    for match in _HEADING.finditer(without_code(markdown)):
        found = len(match.group(1))
        if found > level + 1:
            problems.append(
                Problem(
                    "heading-skipped",
                    path,
                    line_of(text, body_offset + match.start()),
                    f"This heading is level {found} ({'#' * found}) after {before}: level {level + 1} is skipped.",
                    f"Make it a level {level + 1} heading ({'#' * (level + 1)}), so the page's outline has no gap.",
                )
            )
        level, before = found, f"a heading of level {found}"
    return problems


class Headings(Check):
    kinds = {"heading-skipped": Severity.WARN}

    def on_page_markdown(self, page):
        return skipped_heading_levels(page.path, page.text, page.body_offset, page.body)
