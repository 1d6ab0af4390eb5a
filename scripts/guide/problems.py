"""One shape for every problem the build finds: where, what, and the fix."""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from enum import Enum

from guide.content.characters import is_hidden


class Severity(str, Enum):
    ERROR = "error"
    WARN = "warn"
    NOTICE = "notice"  # shown, never fails a build
    IGNORE = "ignore"


@dataclass(frozen=True)
class Problem:
    """A problem at `path:line`, with a message that says what is wrong and how to fix it."""

    kind: str  # a key of checks.DEFAULT_SEVERITY, e.g. "citation-unknown"
    path: str  # relative to the project, e.g. "docs/relapses.md"
    line: int  # 1-based; 0 when the problem has no line
    what: str  # "Unknown citation key 'lepage2051'."
    fix: str  # "Use a key from docs/_data/bibliography.yml. Did you mean 'lepage2015'?"
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return visible(f"{where}: {self.what} {self.fix}".rstrip())

    def as_dict(self) -> dict:
        return {**asdict(self), "severity": self.severity.value, "message": str(self)}


def visible(line: str) -> str:
    """A line as it can be shown: a hidden character quoted from the input (a control, an
    invisible or a direction-changing one, which could hide or reorder the text of the message
    in a terminal or on GitHub) is written as its escape, e.g. \\u202e. Tabs and line breaks
    stay: the report and the annotations escape those their own way."""
    if not any(is_hidden(char) and char not in "\t\n\r" for char in line):
        return line
    return "".join(
        char.encode("unicode_escape").decode("ascii") if is_hidden(char) and char not in "\t\n\r" else char
        for char in line
    )


def did_you_mean(word: str, choices) -> str:
    """' Did you mean 'x'?' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset in text."""
    return text.count("\n", 0, offset) + 1
