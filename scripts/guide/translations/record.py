"""What a translation records about the page it translates, in its own front matter, and
whether it has fallen behind that page.

    translation: {source_text: "sha256:3f2a...", source_updated: 2026-11-20, by: "Ana Ruiz, medical translator", method: person, date: 2026-12-01}

`source_text` is the fingerprint of the English page's words the translation was made from
(signoff.text_fingerprint: formatting does not count, a changed word does); `source_updated` that
page's `last_updated` then; `by` the translator; `method` how it was translated; `date` when.
Written by `make translated` (command.py), never by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from guide.content.characters import hidden_character
from guide.content.frontmatter import ISO_DATE, YEARS, FrontMatter, shown
from guide.content.plaintext import markup_in
from guide.governance.signoff import FINGERPRINT, text_fingerprint
from guide.problems import Problem, did_you_mean

KEY = "translation"
# How a translation was made, as its record says and as a reader is told.
METHODS = {
    "person": "translated by a person",
    "machine-checked": "translated by machine, then checked by a person",
}
FIELDS = ("source_text", "source_updated", "by", "method", "date")
RECORD_FIX = "Record the translation again with make translated (it writes this line); never edit it by hand."


@dataclass(frozen=True)
class TranslationRecord:
    source_text: str  # text_fingerprint() of the source page's body when translated
    source_updated: dt.date | None  # the source page's last_updated then
    by: str  # "Ana Ruiz, medical translator"
    method: str  # a key of METHODS
    date: dt.date  # when the translation was recorded


@dataclass(frozen=True)
class Behind:
    """A translation whose source page's words changed after it was made."""

    changed_on: dt.date | None  # the source page's last_updated, when it is after the translation
    since: dt.date  # the day counted from: changed_on, or else the translation's own date

    def days(self, today: dt.date) -> int:
        return (today - self.since).days


def _date(value) -> dt.date | None:
    text = value if isinstance(value, str) else ""
    if not ISO_DATE.match(text.strip()):
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if day.year in YEARS else None


def read_record(path: str, front: FrontMatter) -> tuple[TranslationRecord | None, list[Problem]]:
    """The record of a translation's front matter (None when absent or broken), and a problem
    (translation-record) for each thing wrong with it, at its line."""
    if KEY not in front.data:
        return None, []
    line = front.lines.get(KEY, 2)
    value = front.data[KEY]

    def problem(what: str, at: int = line) -> Problem:
        return Problem("translation-record", path, at, what, RECORD_FIX)

    if not isinstance(value, dict):
        return None, [problem(f"'{KEY}' is not a record of the translation: {shown(value)}.")]
    problems = [
        problem(f"'{KEY}' has an unknown field {shown(key)}.{did_you_mean(str(key), FIELDS)}")
        for key in value
        if key not in FIELDS
    ]
    missing = [name for name in FIELDS if name != "source_updated" and name not in value]
    if missing:
        problems.append(problem(f"'{KEY}' lacks {', '.join(missing)}."))
        return None, problems
    source_text, by, method = value["source_text"], value["by"], value["method"]
    if not (isinstance(source_text, str) and FINGERPRINT.fullmatch(source_text)):
        problems.append(problem(f"'{KEY}': source_text is not a fingerprint of a page: {shown(source_text)}."))
    if not isinstance(by, str) or not by.strip() or markup_in(by) or hidden_character(by) or "\n" in by:
        problems.append(problem(f"'{KEY}': by is not a translator's name as plain text: {shown(by)}."))
    if method not in METHODS:
        problems.append(
            problem(
                f"'{KEY}': method is {shown(method)}, not one of {', '.join(METHODS)}.{did_you_mean(str(method), METHODS)}"
            )
        )
    on = _date(value["date"])
    if on is None:
        problems.append(problem(f"'{KEY}': date is not a date as YYYY-MM-DD: {shown(value['date'])}."))
    updated = _date(value.get("source_updated")) if value.get("source_updated") is not None else None
    if value.get("source_updated") is not None and updated is None:
        problems.append(
            problem(f"'{KEY}': source_updated is not a date as YYYY-MM-DD: {shown(value['source_updated'])}.")
        )
    if problems:
        return None, problems
    return TranslationRecord(source_text, updated, by.strip(), method, on), []


def last_updated(front: FrontMatter) -> dt.date | None:
    """A page's `last_updated`, when it is a date (its own check reports it otherwise)."""
    return _date(front.data.get("last_updated"))


def behind(record: TranslationRecord, source_body: str, source_last_updated: dt.date | None) -> Behind | None:
    """Whether the source page's words changed since the translation was made, and since when."""
    if text_fingerprint(source_body) == record.source_text:
        return None
    changed_on = source_last_updated
    if changed_on is not None and record.source_updated is not None and changed_on <= record.source_updated:
        changed_on = None  # its words changed, but its date was not moved: the day is not known
    return Behind(changed_on, changed_on or record.date)
