"""Markdown source as prose: syntax that is not prose is blanked out, offsets kept."""

from __future__ import annotations

import re

_NOT_PROSE = [
    re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL),  # fenced code
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets: ](url "title")
    re.compile(r"<(?:https?|mailto|tel):[^>\s]+>"),  # autolinks
    re.compile(r"\[\^[^\]\s]+\]"),  # citation markers
    re.compile(r"\{[:#.][^}\n]*\}"),  # attribute lists
    re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+", re.MULTILINE),  # admonition types
]
_CODE = _NOT_PROSE[:2]


def _blank(text: str, patterns) -> str:
    for pattern in patterns:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def prose_only(markdown: str) -> str:
    """The Markdown with code, link targets, comments and markers blanked; same length."""
    return _blank(markdown, _NOT_PROSE)


def without_code(markdown: str) -> str:
    """The Markdown with code blanked (code may show HTML as an example); same length."""
    return _blank(markdown, _CODE)
