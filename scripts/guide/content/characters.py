"""Characters a reader cannot see, or that change how the text around them looks: refused in
names, titles, file names and one-line settings, each named in the message ("U+202E
RIGHT-TO-LEFT OVERRIDE"), so that what is checked and signed is what is shown."""

from __future__ import annotations

import unicodedata

# Controls have no name in the Unicode database: the common ones by their usual name.
_CONTROL_NAMES = {
    "\0": "NULL",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
# Cc controls, Cf format characters (zero-width, bidi controls, soft hyphen, tags), Zl and Zp
# line and paragraph separators, Cs halves of a character, Co private use (no agreed glyph).
_REFUSED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Cs", "Co")
# Letters that show as nothing: fillers used to fake a blank name.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
_NONCHARACTERS = {"\ufffe", "\uffff"}


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', 'U+000A LINE FEED'."""
    code = f"U+{ord(char):04X}"
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    return f"{code} {name}" if name else code


def is_hidden(char: str) -> bool:
    """Whether char is invisible, a control, or changes the direction or joining of its text."""
    return unicodedata.category(char) in _REFUSED_CATEGORIES or char in _BLANK_LETTERS or char in _NONCHARACTERS


def hidden_character(text: str, allowed: str = "") -> str | None:
    """The first hidden character of text as character_name gives it, or None. allowed: the
    characters that are fine here (e.g. '\\n' in a text of several lines)."""
    for char in text:
        if char not in allowed and is_hidden(char):
            return character_name(char)
    return None
