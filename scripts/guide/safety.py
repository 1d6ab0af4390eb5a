"""Content safety: no script, event handler, javascript: address or iframe in a page's Markdown."""

from __future__ import annotations

import re

from .markdown_text import without_code
from .problems import Problem, line_of

UNSAFE = [
    (re.compile(r"<\s*script\b", re.IGNORECASE), "a <script> tag"),
    (re.compile(r"<\s*iframe\b", re.IGNORECASE), "an <iframe> tag"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), "an inline event handler"),
    (re.compile(r"javascript\s*:", re.IGNORECASE), "a javascript: address"),
]


def unsafe_markup(path: str, text: str) -> list[Problem]:
    """Every unsafe construct in the file, outside code blocks."""
    visible = without_code(text)
    problems = []
    for pattern, what in UNSAFE:
        for match in pattern.finditer(visible):
            problems.append(Problem(
                "unsafe-html", path, line_of(text, match.start()),
                f"The page contains {what}: {match.group(0).strip()!r}.",
                "Remove it: pages are Markdown only, so that they are safe to publish and print.",
            ))
    return sorted(problems, key=lambda p: p.line)
