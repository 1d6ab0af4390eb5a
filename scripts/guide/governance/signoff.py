"""Sign-offs: a named reviewer's approval of a page, recorded in the page's own front matter.

A sign-off sets `last_reviewed` and `reviewed_by` (and `last_updated`, when a draft has none yet),
removes `draft`, and appends one line to `review_history`:

    review_history:
      - {date: 2026-11-24, by: "Dr Jane Doe", role: "MS nurse specialist", text: "sha256:3f2a..."}

A sign-off recorded on GitHub (the "Sign off a page" workflow) also names the GitHub account that
started it, beside the reviewer: `recorded_by: "octocat"`.

`text` is a fingerprint of the page's prose (`text_fingerprint`), so a later check can tell
whether the words changed since the sign-off.

The page is edited line by line on its original text, never re-dumped as YAML: comments, key
order, quoting, blank lines, line ends, a byte order mark and the body stay as they were. A value
that cannot be replaced safely (written over several lines, say) is refused, and every result is
read back and compared with what was intended before it is returned.

The date rule: a sign-off may not be dated before the latest entry of `review_history`. A page
without a history yet (signed off before the history existed) has its `last_reviewed` stand for
the last sign-off: the first recorded sign-off may not be dated before it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from guide.content.characters import hidden_character
from guide.content.frontmatter import ISO_DATE, YEARS, FrontMatter, TextDatesLoader, shown, split_front_matter
from guide.content.plaintext import markup_in
from guide.errors import SignOffRefused
from guide.problems import Problem, did_you_mean

HISTORY_KEY = "review_history"
ENTRY_FIELDS = ("date", "by", "role", "text")
# Only in a sign-off recorded by the workflow: the GitHub account that started it.
OPTIONAL_ENTRY_FIELDS = ("recorded_by",)
# A GitHub account name: letters, digits and single hyphens, at most 39 characters (an app: "[bot]").
GITHUB_ACCOUNT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?", re.ASCII)
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{16}", re.ASCII)
EXAMPLE_REVIEWER = '"Dr Jane Doe, MS nurse specialist"'
# Where a sign-off is recorded without a computer: the workflow .github/workflows/signoff.yml.
SIGN_OFF_ON_GITHUB = 'on GitHub, open the Actions tab, choose "Sign off a page" and click "Run workflow"'

# An HTML comment is not prose. Only a closed one: an unclosed '<!--' keeps its words counted,
# so that it cannot hide a change from the fingerprint.
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Letters and digits. Not '_': '_italic_' and '__bold__' are formatting, like '*' and '**'.
_WORD = re.compile(r"[^\W_]+")
# Line breaks YAML counts besides '\n' (and '\r\n', made '\n' before parsing). With one of them
# in the front matter, the parser's line numbers would not be the file's lines.
_OTHER_LINE_BREAKS = {"\r": "a lone carriage return", "\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}
_HISTORY_FIX = (
    'Each sign-off is one line, - {date: YYYY-MM-DD, by: "Name", role: "Role", '
    'text: "sha256:..."}, written by make review: restore it as it was.'
)
_HISTORY_ITEM_PREFIX = re.compile(r"[ ]*-[ ]+")


@dataclass(frozen=True)
class SignOff:
    date: dt.date
    by: str  # "Dr Jane Doe"
    role: str  # "MS nurse specialist"
    text: str  # text_fingerprint() of the page's body when it was signed off
    recorded_by: str | None = None  # the GitHub account that recorded it (the sign-off workflow)

    @property
    def reviewed_by(self) -> str:
        """What `reviewed_by` says after this sign-off: "Dr Jane Doe, MS nurse specialist"."""
        return f"{self.by}, {self.role}"


def text_fingerprint(body: str) -> str:
    """A fingerprint of the words of a page's Markdown body: 'sha256:' and 16 hex digits.

    Only the words count (letters and digits, lowercased), so formatting does not: emphasis,
    line wrapping, bullet markers, heading levels, blank lines, spaces, HTML comments. A changed
    word, number or link address changes it. An ordered list's numbers are words."""
    prose = unicodedata.normalize("NFC", _HTML_COMMENT.sub(" ", body))
    words = _WORD.findall(prose.lower())
    return "sha256:" + hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:16]


def history_line(entry: SignOff) -> str:
    """One sign-off as review_history holds it: a YAML flow mapping on one line."""
    recorded = f"recorded_by: {_double_quoted(entry.recorded_by)}, " if entry.recorded_by else ""
    return (
        f"{{date: {entry.date.isoformat()}, by: {_double_quoted(entry.by)}, "
        f"role: {_double_quoted(entry.role)}, {recorded}text: {_double_quoted(entry.text)}}}"
    )


def _double_quoted(text: str) -> str:
    # Control characters and line breaks are refused before: only '\' and '"' need escaping.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Reading the history ------------------------------------------------------------------------


def history(path: str, fm: FrontMatter) -> tuple[list[SignOff], list[Problem]]:
    """The sign-offs of a page's `review_history`, oldest first, and a problem for each entry
    that is not a well-formed sign-off (those entries are left out of the list)."""
    raw = fm.data.get(HISTORY_KEY)
    key_line = fm.lines.get(HISTORY_KEY, 2)
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [
            Problem(
                "frontmatter-type",
                path,
                key_line,
                f"'{HISTORY_KEY}' must be a list of sign-offs, not {shown(raw)}.",
                _HISTORY_FIX,
            )
        ]
    entries: list[SignOff] = []
    problems: list[Problem] = []
    for index, item in enumerate(raw):
        line = fm.paths.get((HISTORY_KEY, index), key_line)
        entry, entry_problems = _history_entry(path, index, item, line, fm.paths)
        problems += entry_problems
        if entry is None:
            continue
        if entries and entry.date < entries[-1].date:
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    line,
                    f"{HISTORY_KEY} entry {index + 1} ({entry.date}) is dated before the sign-off "
                    f"above it ({entries[-1].date}).",
                    "Keep the sign-offs oldest first, as make review writes them.",
                )
            )
            continue
        entries.append(entry)
    return entries, problems


def _history_entry(
    path: str, index: int, item, line: int, paths: dict[tuple, int]
) -> tuple[SignOff | None, list[Problem]]:
    name = f"{HISTORY_KEY} entry {index + 1}"
    if not isinstance(item, dict):
        return None, [
            Problem("frontmatter-type", path, line, f"{name} is not a sign-off: {shown(item)}.", _HISTORY_FIX)
        ]
    problems = []
    for key in item:
        if key not in ENTRY_FIELDS + OPTIONAL_ENTRY_FIELDS:
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    paths.get((HISTORY_KEY, index, key), line),
                    f"{name} has an unknown field {shown(key)}.",
                    "Remove it: a sign-off has only date, by, role, recorded_by and text."
                    + did_you_mean(str(key), ENTRY_FIELDS + OPTIONAL_ENTRY_FIELDS),
                )
            )
    for key in ENTRY_FIELDS:
        if key not in item:
            problems.append(Problem("frontmatter-type", path, line, f"{name} has no '{key}'.", _HISTORY_FIX))
    if problems:
        return None, problems

    def at(key: str) -> int:
        return paths.get((HISTORY_KEY, index, key), line)

    date = _iso_date(item["date"])
    if date is None:
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                at("date"),
                f"{name}: 'date' is not a real date: {shown(item['date'])}.",
                "Write the date of the sign-off as YYYY-MM-DD, for example 2026-03-31.",
            )
        )
    for key in ("by", "role"):
        value = item[key]
        if not isinstance(value, str) or not value.strip():
            what = "is empty" if value is None or isinstance(value, str) else f"must be text, not {shown(value)}"
            problems.append(Problem("frontmatter-type", path, at(key), f"{name}: '{key}' {what}.", _HISTORY_FIX))
        elif markup := markup_in(value):
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    at(key),
                    f"{name}: '{key}' contains HTML ({shown(markup)}).",
                    "Write plain text: no tags.",
                )
            )
        elif hidden := hidden_character(value):
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    at(key),
                    f"{name}: '{key}' contains {hidden}, a character that cannot be seen or that changes "
                    "how the name looks.",
                    "Sign off again with make review, typing the name and role without it.",
                )
            )
    recorded_by = item.get("recorded_by")
    if "recorded_by" in item and not (isinstance(recorded_by, str) and GITHUB_ACCOUNT.fullmatch(recorded_by)):
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                at("recorded_by"),
                f"{name}: 'recorded_by' is not a GitHub account: {shown(recorded_by)}.",
                "It is the account that started the sign-off workflow, written by it: restore it as it was.",
            )
        )
    if not (isinstance(item["text"], str) and FINGERPRINT.fullmatch(item["text"])):
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                at("text"),
                f"{name}: 'text' is not a fingerprint of the page: {shown(item['text'])}.",
                "It is 'sha256:' and 16 hex digits, written by make review: restore it as it was.",
            )
        )
    if problems:
        return None, problems
    return SignOff(date, item["by"], item["role"], item["text"], recorded_by), []


def _iso_date(value) -> dt.date | None:
    if not (isinstance(value, str) and ISO_DATE.match(value.strip())):
        return None
    try:
        date = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return date if date.year in YEARS else None


# Signing off --------------------------------------------------------------------------------


def sign_off(
    text: str, path: str, by_and_role: str, on: dt.date, today: dt.date, recorded_by: str | None = None
) -> str:
    """The page's text after a sign-off by `by_and_role` ("Name, role") on the date `on`,
    recorded by the GitHub account `recorded_by` when given (the sign-off workflow).
    Raises SignOffRefused when the sign-off cannot be written, or not safely."""
    by, role = _reviewer(path, by_and_role)
    if recorded_by is not None and not GITHUB_ACCOUNT.fullmatch(recorded_by):
        raise SignOffRefused(
            f"{path}: The account that records the sign-off, {shown(recorded_by)}, is not a GitHub account "
            "name. Give the account's name, e.g. octocat."
        )
    if on > today:
        raise SignOffRefused(
            f"{path}: The sign-off date {on} is in the future (today is {today}). "
            "Give the date the reviewer signed off: today or earlier."
        )
    if on.year not in YEARS:
        raise SignOffRefused(
            f"{path}: The sign-off date {on} is in the year {on.year}, which "
            "cannot be right. Give the date the reviewer signed off."
        )
    page = _EditablePage.read(path, text)
    entries, problems = history(path, page.fm)
    if problems:
        raise SignOffRefused(str(problems[0]))
    _refuse_date_before_last_sign_off(path, page.fm, entries, on)
    _refuse_due_date_not_after(path, page.fm, on)

    entry = SignOff(on, by, role, text_fingerprint(page.body), recorded_by)
    page.set_value("last_reviewed", on.isoformat())
    page.set_value("reviewed_by", _double_quoted(entry.reviewed_by))
    # A draft may have no last_updated yet: the text the reviewer read is the text of that day.
    sets_last_updated = page.fm.data.get("draft") is True and not str(page.fm.data.get("last_updated") or "").strip()
    if sets_last_updated:
        page.set_value("last_updated", on.isoformat())
    page.remove_key("draft")
    page.append_history(history_line(entry))
    new_text = page.text()

    expected = {key: value for key, value in page.fm.data.items() if key != "draft"}
    expected["last_reviewed"] = on.isoformat()
    expected["reviewed_by"] = entry.reviewed_by
    if sets_last_updated:
        expected["last_updated"] = on.isoformat()
    expected[HISTORY_KEY] = [
        *(page.fm.data.get(HISTORY_KEY) or []),
        {"date": on.isoformat(), "by": by, "role": role, "text": entry.text}
        | ({"recorded_by": recorded_by} if recorded_by else {}),
    ]
    _refuse_unless_read_back(path, new_text, expected, page.body)
    return new_text


def _reviewer(path: str, by_and_role: str) -> tuple[str, str]:
    """("Dr Jane Doe", "MS nurse specialist") from "Dr Jane Doe, MS nurse specialist"."""
    if not by_and_role.strip():
        raise SignOffRefused(
            f"{path}: No reviewer was given. Give the reviewer's name and role, e.g. {EXAMPLE_REVIEWER}."
        )
    if any(_is_line_break_or_control(c) for c in by_and_role):
        raise SignOffRefused(
            f"{path}: The reviewer contains a line break or another control "
            "character. Write the name and role on one line, as plain text."
        )
    if markup := markup_in(by_and_role):
        raise SignOffRefused(f"{path}: The reviewer contains HTML ({shown(markup)}). Write plain text: no tags.")
    if hidden := hidden_character(by_and_role):
        raise SignOffRefused(
            f"{path}: The reviewer contains {hidden}, a character that cannot be seen or that changes "
            "how the name looks. Type the name and role again without it."
        )
    name, comma, role = by_and_role.partition(",")
    name, role = " ".join(name.split()), " ".join(role.split())
    if not comma or not role:
        raise SignOffRefused(
            f"{path}: The reviewer {shown(by_and_role.strip())} has no role. "
            f"Write the name, a comma and the role, e.g. {EXAMPLE_REVIEWER}."
        )
    if not name:
        raise SignOffRefused(
            f"{path}: The reviewer {shown(by_and_role.strip())} has no name. "
            f"Write the name, a comma and the role, e.g. {EXAMPLE_REVIEWER}."
        )
    return name, role


def _is_line_break_or_control(char: str) -> bool:
    # Cc: control characters (tab, line feed, ...); Zl, Zp: line and paragraph separators;
    # Cs: half of a character (from a badly encoded argument); U+FFFE/U+FFFF: not characters.
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in "\ufffe\uffff"


def _refuse_date_before_last_sign_off(path: str, fm: FrontMatter, entries: list[SignOff], on: dt.date) -> None:
    if entries:
        last = entries[-1]
        if on < last.date:
            raise SignOffRefused(
                f"{path}: The sign-off date {on} is before the last sign-off, on {last.date} by "
                f"{last.reviewed_by}. Give the date of this review: {last.date} or later."
            )
        return
    last_reviewed = _iso_date(fm.data.get("last_reviewed"))
    if last_reviewed and on < last_reviewed:
        raise SignOffRefused(
            f"{path}: The sign-off date {on} is before last_reviewed, {last_reviewed}. "
            f"Give the date of this review: {last_reviewed} or later."
        )


def _refuse_due_date_not_after(path: str, fm: FrontMatter, on: dt.date) -> None:
    due = _iso_date(fm.data.get("next_review_due"))
    if due and due <= on:
        raise SignOffRefused(
            f"{path}:{fm.lines.get('next_review_due', 2)}: next_review_due {due} is not after the "
            f"sign-off date {on}. Remove next_review_due to use the review policy, or set it to "
            "a later date, then sign off again."
        )


def _refuse_unless_read_back(path: str, new_text: str, expected: dict, body: str) -> None:
    fm, _ = split_front_matter(path, _normalized(new_text))
    if fm is None or fm.data != expected or _normalized(new_text)[fm.body_offset :] != body:
        raise SignOffRefused(
            f"{path}: The sign-off could not be written without changing other settings of the "
            "front matter, so the page was left as it was. Set last_reviewed, reviewed_by and "
            "review_history by hand."
        )


def _normalized(text: str) -> str:
    """The text as the build reads it (universal newlines): '\\r\\n' becomes '\\n'."""
    return text.replace("\r\n", "\n")


class _EditablePage:
    """A page's lines, each with its own line end, and edits to its front matter by line and
    column. Line 0 is the opening '---'; front matter line k (0-based, as YAML counts) is line
    k + 1; the closing '---' follows."""

    def __init__(self, path: str, lines: list[str], fm: FrontMatter, keys: dict, body: str, closing: int):
        self.path = path
        self.lines = lines
        self.fm = fm
        self.keys = keys  # top-level key -> (key node, value node)
        self.body = body  # as the build reads it
        self.closing = closing  # index of the closing '---' line
        opening = lines[0]
        self.newline = "\r\n" if opening.endswith("\r\n") else "\n"
        self.replaced: dict[int, tuple[int, int, str]] = {}
        self.removed: set[int] = set()
        self.inserted: list[tuple[int, str]] = []  # (before line index, line without its end)

    @classmethod
    def read(cls, path: str, text: str) -> _EditablePage:
        normalized = _normalized(text)
        fm, problems = split_front_matter(path, normalized)
        if fm is None:
            raise SignOffRefused(str(problems[0]))
        block_end = normalized.rfind("\n", 0, fm.body_offset - 1) + 1  # start of the closing line
        block = normalized[normalized.index("\n") + 1 : block_end]
        for offset, char in enumerate(block):
            if char in _OTHER_LINE_BREAKS:
                raise SignOffRefused(
                    f"{path}:{block.count(chr(10), 0, offset) + 2}: The front matter has an unusual "
                    f"line break ({_OTHER_LINE_BREAKS[char]}), which the sign-off cannot edit "
                    "safely. Replace it with an ordinary line break or a space."
                )
        keys = cls._top_level_keys(path, block)
        lines = re.split(r"(?<=\n)", text)
        closing = normalized.count("\n", 0, block_end)
        return cls(path, lines, fm, keys, normalized[fm.body_offset :], closing)

    @staticmethod
    def _top_level_keys(path: str, block: str) -> dict:
        loader = TextDatesLoader(block)
        try:
            root = loader.get_single_node()  # parsed once already: this cannot fail
        finally:
            loader.dispose()
        if root is None:
            return {}
        if not isinstance(root, MappingNode) or root.flow_style:
            raise SignOffRefused(
                f"{path}:2: The front matter is written as one {{...}} mapping, which the sign-off "
                "cannot edit safely. Write each setting as 'key: value' on its own line."
            )
        return {key.value: (key, value) for key, value in root.value if isinstance(key, ScalarNode)}

    def _one_line_entry(self, key: str):
        """(line index, value node) of a top-level `key: value` written on one line, or None
        when the key is absent; refuses another form."""
        if key not in self.keys:
            return None
        key_node, value_node = self.keys[key]
        line = key_node.start_mark.line
        if not (
            key_node.start_mark.column == 0
            and isinstance(value_node, ScalarNode)
            and value_node.style not in ("|", ">")
            and value_node.start_mark.line == value_node.end_mark.line == line
        ):
            raise SignOffRefused(
                f"{self.path}:{line + 2}: '{key}' is not written on one line, as '{key}: value', "
                f"so the sign-off cannot replace it safely. Write it on one line, then sign off again."
            )
        return line + 1, value_node

    def set_value(self, key: str, value: str) -> None:
        found = self._one_line_entry(key)
        if found is None:
            # Before an existing history, so that its list stays in one piece.
            before = self.keys[HISTORY_KEY][0].start_mark.line + 1 if HISTORY_KEY in self.keys else self.closing
            self.inserted.append((before, f"{key}: {value}"))
            return
        index, node = found
        start, end = node.start_mark.column, node.end_mark.column
        if start == end:  # `key:` with no value: the mark is right after the colon
            value = " " + value
        self.replaced[index] = (start, end, value)

    def remove_key(self, key: str) -> None:
        found = self._one_line_entry(key)
        if found is not None:
            self.removed.add(found[0])

    def append_history(self, item: str) -> None:
        if HISTORY_KEY not in self.keys:
            self.inserted += [(self.closing, f"{HISTORY_KEY}:"), (self.closing, f"  - {item}")]
            return
        key_node, value_node = self.keys[HISTORY_KEY]
        key_index = key_node.start_mark.line + 1
        empty = (
            isinstance(value_node, ScalarNode)
            and value_node.value == ""
            and value_node.style in (None, "")
            and value_node.start_mark.line == key_node.start_mark.line
        )
        if key_node.start_mark.column == 0 and empty:  # `review_history:` and nothing yet
            self.inserted.append((key_index + 1, f"  - {item}"))
            return
        items = value_node.value if isinstance(value_node, SequenceNode) else []
        one_per_line = (
            isinstance(value_node, SequenceNode)
            and not value_node.flow_style
            and items
            and all(
                isinstance(node, MappingNode) and node.flow_style and node.start_mark.line == node.end_mark.line
                for node in items
            )
        )
        if one_per_line:
            last = items[-1]
            index = last.start_mark.line + 1
            prefix = self.lines[index][: last.start_mark.column]  # e.g. '  - '
            if key_node.start_mark.column == 0 and _HISTORY_ITEM_PREFIX.fullmatch(prefix):
                self.inserted.append((index + 1, prefix + item))
                return
        raise SignOffRefused(
            f"{self.path}:{key_index + 1}: '{HISTORY_KEY}' is not written one sign-off per line, so "
            "the sign-off cannot add to it safely. Write each sign-off on its own line, as "
            '- {date: YYYY-MM-DD, by: "Name", role: "Role", text: "sha256:..."}, '
            "then sign off again."
        )

    def text(self) -> str:
        out = []
        for index, line in enumerate(self.lines):
            out += [inserted + self.newline for before, inserted in self.inserted if before == index]
            if index in self.removed:
                continue
            if index in self.replaced:
                start, end, value = self.replaced[index]
                content = line.rstrip("\r\n")
                line = content[:start] + value + content[end:] + line[len(content) :]
            out.append(line)
        return "".join(out)


def sign_off_file(
    path: str | Path,
    by_and_role: str,
    on: dt.date,
    today: dt.date,
    shown_as: str | None = None,
    recorded_by: str | None = None,
) -> SignOff:
    """Sign off the page at path, in place: the new text is written beside it and renamed over
    it, so an interrupted run leaves the page whole. `shown_as` is the path messages show
    (default: path). Returns the sign-off as recorded."""
    path = Path(path)
    shown_as = shown_as or str(path)
    try:
        text = path.read_bytes().decode("utf-8")  # a byte order mark stays, as '\ufeff'
    except OSError as err:
        raise SignOffRefused(f"{shown_as}: Cannot read the page ({err.strerror}). Check the page's path.") from err
    except UnicodeDecodeError as err:
        raise SignOffRefused(
            f"{shown_as}: The page is not UTF-8 text. Save it as UTF-8 in the editor, then sign off again."
        ) from err
    new_text = sign_off(text, shown_as, by_and_role, on, today, recorded_by)
    _write_atomically(path, new_text.encode("utf-8"))
    fm, _ = split_front_matter(shown_as, _normalized(new_text))
    return history(shown_as, fm)[0][-1]


def _write_atomically(path: Path, data: bytes) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
