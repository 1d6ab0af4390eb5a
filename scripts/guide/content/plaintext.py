"""Text fields (titles, descriptions, names, definitions) are plain text: never HTML."""

from __future__ import annotations

import html
import re

# A tag, a comment, a doctype or a processing instruction, as an HTML parser would start one.
_MARKUP = re.compile(r"<[a-zA-Z/!?]")


def markup_in(text: str) -> str | None:
    """The first piece of HTML in a plain-text value (e.g. '<script'), or None. Entities count as
    what they stand for: '&lt;meta' is shown as HTML where a value lands in a tooltip."""
    text = html.unescape(text)
    match = _MARKUP.search(text)
    if not match:
        return None
    end = text.find(">", match.start())
    return text[match.start() : end + 1 if 0 <= end < match.start() + 40 else match.start() + 20]
