"""Front matter: parse it with line numbers and check its keys, types and dates.

Also the one YAML reader of the guide (front matter and data files): safe, strict about keys
written twice, and with the line of every key and list item for messages."""

from __future__ import annotations

import datetime as dt
import numbers
import re
import reprlib
from dataclasses import dataclass, field

import yaml
from yaml.error import Mark, MarkedYAMLError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from guide.content.characters import hidden_character
from guide.content.plaintext import markup_in
from guide.content.yaml_cost import YAMLTooCostly, check_cost
from guide.content.yaml_tags import UnsafeTag, refuse_tags
from guide.problems import Problem, did_you_mean

# A UTF-8 byte order mark (some Windows editors write one) is not part of the text.
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

REQUIRED = {
    "title": "the page title",
    "description": "one plain sentence for search engines and link previews",
    "last_reviewed": "the date of the last clinical review, as YYYY-MM-DD",
    "reviewed_by": "who signed off the last review",
    "last_updated": "the date the text was last edited, as YYYY-MM-DD",
}
OPTIONAL = {
    "next_review_due": "when the next review is due; by default last_reviewed plus the review interval",
    "draft": "true while the page is written or waits for its clinical review: it is not published",
    "review_history": "the sign-offs, written by 'make review' (never by hand)",
    "changes": "what changed for readers: a list of '- {date: YYYY-MM-DD, text: One plain line.}'",
    # A translation's record of its source page (translations/record.py), set by 'make translated'.
    "translation": "a translation's source text, translator and method, written by 'make translated'",
}
# A draft has not been reviewed yet: it needs only its title and description; the dates are
# set at its first sign-off.
REVIEW_KEYS = ("last_reviewed", "reviewed_by", "last_updated")
# Keys MkDocs and Material read themselves.
THEME_KEYS = {"template", "hide", "search", "status", "icon", "subtitle"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
DATE_KEYS = ("last_reviewed", "last_updated", "next_review_due")
ALL_KEYS = set(REQUIRED) | set(OPTIONAL) | THEME_KEYS
# Shown as they are in the theme's HTML: text only.
TEXT_KEYS = ("title", "description", "reviewed_by", "subtitle")
# Review dates are added to and compared: a year far off (0000, 9999) would overflow the sums.
YEARS = range(1000, 3000)
# What Material's front matter keys accept.
HIDEABLE = ("navigation", "toc", "footer", "path", "tags", "feedback")
SEARCH_SETTINGS = ("exclude", "boost")
STATUSES = ("new", "deprecated")
# A set and a name, e.g. material/information-outline or fontawesome/brands/github.
ICON_NAME = re.compile(r"[a-z0-9-]+(?:/[a-z0-9-]+)+")
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_-]+\.html")

# Real data nests a few levels. Far deeper nesting crashes libyaml's composer (it recurses in C):
# above this bound on the depth, the depth is measured first, from the parser's events.
MAX_DEPTH = 100
_SAFE_DEPTH_BOUND = 1000


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key written twice in one mapping (YAML would silently keep the last one)."""

    def __init__(self, key_text: str, first_mark, mark):
        super().__init__("while constructing a mapping", first_mark, f"found duplicate key {_short(key_text)!r}", mark)
        self.key_text = key_text
        self.first_mark = first_mark


class TabIndentError(MarkedYAMLError):
    """A line that starts with a tab: YAML indents with spaces only, and PyYAML's own message
    ("found character that cannot start any token") never says "tab"."""


def _tab_error(text: str, err: MarkedYAMLError) -> TabIndentError | None:
    """A tab to blame for a YAML error: on the error's own line, else at the start of a line."""
    lines = text.split("\n")
    mark = err.problem_mark or err.context_mark
    at = [mark.line] if mark is not None and mark.line < len(lines) else []
    for line in at + [n for n, content in enumerate(lines) if re.match(r"[ ]*\t", content)]:
        if "\t" in lines[line]:
            where = "starts with a tab" if re.match(r"[ ]*\t", lines[line]) else "has a tab"
            return TabIndentError(problem=where, problem_mark=Mark("<text>", 0, line, 0, None, None))
    return None


class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's parser, when there) that leaves dates as text, so an impossible date
    is ours to report; refuses a key written twice; and notes the line of every key."""

    def construct_object(self, node, deep=False):
        # A value that cannot be made (`!!int abc`, `!!int ''`, `!!float x`) is a YAML error at
        # its node: PyYAML's constructors raise whatever the conversion raised.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as err:  # noqa: BLE001 - any of them, from untrusted text
            value = node.value if isinstance(node, ScalarNode) else node.id
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {_short(value)!r} as {node.tag.rsplit(':', 1)[-1]}", node.start_mark
            ) from err

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            self._refuse_repeated_keys(node)
        mapping = super().construct_mapping(node, deep=deep)
        # Merged keys (<<) come first in the flattened node: the mapping's own keys win.
        lines = self.__dict__.setdefault("key_lines", {})[node] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode):
                key = self.construct_object(key_node)  # made already: from the loader's cache
                if _hashable(key):
                    lines[key] = (key_node.start_mark.line + 1, value_node)
        return mapping

    def _refuse_repeated_keys(self, node: MappingNode) -> None:
        first_seen: dict = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue  # another kind of key is refused by YAML itself, if unhashable
            key = self.construct_object(key_node)
            if not _hashable(key):
                continue
            if key in first_seen:
                raise DuplicateKeyError(key_node.value, first_seen[key], key_node.start_mark)
            first_seen[key] = key_node.start_mark


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


TextDatesLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# `!!timestamp 10000-01-01` would crash PyYAML's own date reader: an explicit date is text too.
TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def parse_yaml(text: str, loader_class=None) -> tuple[object, dict[tuple, int]]:
    """(data, lines) of one YAML document, parsed once. lines maps the path of every mapping key
    and list item, e.g. ('lepage2015', 'doi') or (3,), to its 1-based line in text.
    Its nodes are judged before any value is made: plain data only (yaml_tags.py), at a bounded
    cost (aliases, yaml_cost.py). loader_class: TextDatesLoader or a subclass.
    Raises yaml.YAMLError (a MarkedYAMLError with the line, for every error found in the text)."""
    _refuse_deep_nesting(text)
    loader = (loader_class or TextDatesLoader)(text)
    try:
        try:
            node = loader.get_single_node()
        except MarkedYAMLError as err:
            # A tab where YAML wants spaces: say so, at its line, whatever PyYAML made of it.
            tab = _tab_error(text, err)
            if tab is None:
                raise
            raise tab from err
        if node is None:
            return None, {}
        refuse_tags(node)
        check_cost(node)
        data = loader.construct_document(node)
        return data, _lines_by_path(node, data, loader.__dict__.get("key_lines", {}))
    except yaml.reader.ReaderError as err:  # a control character: give it a line
        raise _marked(text, err.position, err.reason) from err
    finally:
        loader.dispose()


def _marked(text: str, position: int, problem: str) -> MarkedYAMLError:
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    return MarkedYAMLError(problem=problem, problem_mark=Mark("<text>", position, line, column, None, None))


def _refuse_deep_nesting(text: str) -> None:
    # Every level of nesting takes a line, an indicator or a bracket: most texts need no count.
    bound = text.count("\n") + sum(text.count(c) for c in "[{-?") + 1
    if bound <= _SAFE_DEPTH_BOUND:
        return
    loader = TextDatesLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise MarkedYAMLError(
                        problem=f"it is nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.reader.ReaderError as err:
        raise _marked(text, err.position, err.reason) from err
    finally:
        loader.dispose()


def _lines_by_path(root, data, key_lines: dict) -> dict[tuple, int]:
    """Walk the nodes and the data together, in the order of the text (an anchor comes before
    its aliases), without recursion: nesting may be deep."""
    lines: dict[tuple, int] = {}
    pending = [((), root, data)]
    walked: set[int] = set()
    while pending:
        path, node, value = pending.pop()
        if id(node) in walked:  # an alias: its lines are where its anchor is
            continue
        walked.add(id(node))
        children = []
        if isinstance(node, MappingNode) and isinstance(value, dict):
            for key, (line, value_node) in key_lines.get(node, {}).items():
                if key in value:
                    lines[path + (key,)] = line
                    children.append((path + (key,), value_node, value[key]))
        elif isinstance(node, SequenceNode) and isinstance(value, list):
            for index, (item_node, item) in enumerate(zip(node.value, value)):
                lines[path + (index,)] = item_node.start_mark.line + 1
                children.append((path + (index,), item_node, item))
        pending += reversed(children)  # the first child is taken next
    return lines


def yaml_error_problem(err: yaml.YAMLError, kind: str, path: str, first_line: int, not_valid: str, fix: str) -> Problem:
    """The problem for a YAML error in text that starts on first_line of path:
    a key written twice, or `not_valid` with the parser's reason."""
    mark = getattr(err, "problem_mark", None)
    line = first_line + mark.line if mark else first_line
    if isinstance(err, DuplicateKeyError):
        return Problem(
            kind,
            path,
            line,
            f"'{_short(err.key_text)}' is written twice (first on line {first_line + err.first_mark.line}).",
            "Delete one of them: only the last one would count.",
        )
    if isinstance(err, (YAMLTooCostly, UnsafeTag)):
        return Problem(kind, path, line, f"{err.problem[:1].upper()}{err.problem[1:]}.", err.fix)
    if isinstance(err, TabIndentError):
        return Problem(
            kind,
            path,
            line,
            f"Line {line} {err.problem}.",
            "Use spaces instead: YAML does not allow a tab there (set the editor to indent with spaces).",
        )
    reason = getattr(err, "problem", None) or str(err)
    return Problem(kind, path, line, f"{not_valid} ({_short(reason, 200)}).", fix)


def _short(text, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_SHORT_REPR = reprlib.Repr()
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = 60
_SHORT_REPR.maxlevel, _SHORT_REPR.maxlist, _SHORT_REPR.maxdict = 2, 4, 4


def shown(value, limit: int = 60) -> str:
    """A value as a message quotes it: repr, cut short (a value from YAML may be huge: only
    the part shown is ever made)."""
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Change:
    """One line of "What changed on this page", for readers."""

    date: dt.date
    text: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    last_reviewed: dt.date | None  # None for a draft that was never reviewed
    reviewed_by: str | None
    last_updated: dt.date | None  # None for a draft that gives none
    next_review_due: dt.date | None
    lines: dict[str, int]  # key -> line in the file, for messages about a value
    draft: bool = False
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict[str, int]
    body_offset: int  # characters before the Markdown body
    body_line: int  # 1-based line where the body starts
    # The line of every nested key and list item, by path: ('search', 'boost'), ('hide', 0).
    paths: dict[tuple, int] = field(default_factory=dict, compare=False)


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the YAML block at the top of a page, keeping each key's line number."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(
                "frontmatter-missing",
                path,
                1,
                "The page has no front matter.",
                "Start the file with a '---' line, the keys title, description, last_reviewed, "
                "reviewed_by and last_updated, and another '---' line.",
            )
        ]
    block = match.group(1) or ""
    try:
        data, paths = parse_yaml(block)
    except yaml.YAMLError as err:
        return None, [
            yaml_error_problem(
                err,
                "frontmatter-yaml",
                path,
                2,
                "The front matter is not valid YAML",
                "Write each setting as 'key: value' on its own line; put quotes around a value that contains a colon.",
            )
        ]
    if data is None:
        data, paths = {}, {}
    if not isinstance(data, dict):
        return None, [
            Problem(
                "frontmatter-yaml",
                path,
                2,
                "The front matter is not a list of 'key: value' settings.",
                "Write each setting as 'key: value' on its own line.",
            )
        ]
    in_file = {p: line + 1 for p, line in paths.items()}  # the block starts on line 2
    lines = {p[0]: line for p, line in in_file.items() if len(p) == 1}
    body_line = text.count("\n", 0, match.end()) + 1
    return FrontMatter(data, lines, match.end(), body_line, in_file), []


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_date(value) -> dt.date | None:
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def check_page_meta(path: str, fm: FrontMatter) -> tuple[PageMeta | None, list[Problem]]:
    """Check required keys, types, dates and unknown keys; return the typed metadata."""
    problems: list[Problem] = []
    data, lines = fm.data, fm.lines
    for key in data:
        if key not in ALL_KEYS:
            problems.append(
                Problem(
                    "frontmatter-unknown-key",
                    path,
                    lines.get(key, 2),
                    f"Unknown front matter key '{_short(key)}'.",
                    "Remove it or correct its spelling." + did_you_mean(str(key), ALL_KEYS),
                )
            )
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                lines.get("draft", 2),
                f"'draft' must be true or false, not {shown(draft)}.",
                "Write draft: true while the page waits for its review, or remove the line.",
            )
        )
        draft = False
    for key, meaning in REQUIRED.items():
        if draft is True and key in REVIEW_KEYS:
            continue
        if _blank(data.get(key)):
            problems.append(
                Problem(
                    "frontmatter-missing",
                    path,
                    lines.get(key, 2),
                    f"The front matter has no '{key}'.",
                    f"Add '{key}:' with {meaning}.",
                )
            )
    for key in TEXT_KEYS:
        problems += _plain_text_problems(path, key, data.get(key), lines.get(key, 2))
    dates: dict[str, dt.date | None] = {}
    for key in DATE_KEYS:
        if _blank(data.get(key)):
            continue
        dates[key], problem = _review_date(path, key, data[key], lines.get(key, 2))
        problems += [problem] if problem else []
    problems += theme_key_problems(path, fm)
    changes, change_problems = _changes(path, data.get("changes"), lines.get("changes", 2), fm.paths)
    problems += change_problems
    if problems:
        return None, problems
    meta = PageMeta(
        title=data["title"],
        description=data["description"],
        last_reviewed=dates.get("last_reviewed"),
        reviewed_by=data.get("reviewed_by"),
        last_updated=dates.get("last_updated"),
        next_review_due=dates.get("next_review_due"),
        lines=lines,
        draft=draft,
        changes=changes,
    )
    return meta, []


def _changes(path: str, changes, line: int, paths: dict[tuple, int]) -> tuple[tuple[Change, ...], list[Problem]]:
    """`changes:` as a list of {date, text}: the lines readers see under "What changed"."""
    how = "Write each change as '- {date: 2026-11-24, text: One plain sentence.}'."
    if changes is None:
        return (), []
    if not isinstance(changes, list):
        return (), [Problem("frontmatter-type", path, line, f"'changes' must be a list, not {shown(changes)}.", how)]
    found, problems = [], []
    for index, item in enumerate(changes):
        at = paths.get(("changes", index), line)
        if not isinstance(item, dict) or set(item) != {"date", "text"}:
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    at,
                    f"A change must have a date and a text, and nothing else: {shown(item)}.",
                    how,
                )
            )
            continue
        date, problem = _review_date(path, "changes: date", item["date"], at)
        text_problems = _plain_text_problems(path, "changes: text", item["text"], at)
        if isinstance(item["text"], str) and ("\n" in item["text"].strip() or not item["text"].strip()):
            text_problems.append(Problem("frontmatter-type", path, at, "A change's text must be one line.", how))
        problems += ([problem] if problem else []) + text_problems
        if date and not problem and not text_problems:
            found.append(Change(date, item["text"].strip()))
    return tuple(found), problems


def _plain_text_problems(path: str, key: str, value, line: int) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, str):
        return [
            Problem(
                "frontmatter-type",
                path,
                line,
                f"'{key}' must be text, not {type(value).__name__}.",
                f'Write it as plain text, in quotes if needed: {key}: "..."',
            )
        ]
    if markup := markup_in(value):
        return [
            Problem(
                "frontmatter-type",
                path,
                line,
                f"'{key}' contains HTML ({shown(markup)}).",
                "Write plain text: no tags.",
            )
        ]
    if hidden := hidden_character(value, allowed="\n\t"):
        return [
            Problem(
                "frontmatter-type",
                path,
                line,
                f"'{key}' contains {hidden}, a character that cannot be seen or that changes how the text looks.",
                "Type the text again without it (copying from a web page or a document can bring it in).",
            )
        ]
    return []


def _review_date(path: str, key: str, value, line: int) -> tuple[dt.date | None, Problem | None]:
    date = _as_date(value)
    if date is None:
        return None, Problem(
            "frontmatter-date",
            path,
            line,
            f"'{key}' is not a real date: {shown(value)}.",
            "Write a date that exists, as YYYY-MM-DD, for example 2026-03-31.",
        )
    if date.year not in YEARS:
        return None, Problem(
            "frontmatter-date",
            path,
            line,
            f"'{key}' is in the year {date.year}, which cannot be right: {shown(value)}.",
            "Write the real date, as YYYY-MM-DD, for example 2026-03-31.",
        )
    return date, None


def theme_key_problems(path: str, fm: FrontMatter) -> list[Problem]:
    """The keys Material reads: the values it understands, so that a typo does not pass unseen
    and a value never reaches the theme's templates as something else."""
    data, lines = fm.data, fm.lines
    problems: list[Problem] = []
    if data.get("hide") is not None:
        problems += _hide_problems(path, data["hide"], lines.get("hide", 2), fm.paths)
    if data.get("search") is not None:
        problems += _search_problems(path, data["search"], lines.get("search", 2), fm.paths)
    if data.get("status") is not None and data["status"] not in STATUSES:
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                lines.get("status", 2),
                f"'status' must be new or deprecated, not {shown(data['status'])}.",
                "Write status: new or status: deprecated, or remove it.",
            )
        )
    if data.get("icon") is not None and not (isinstance(data["icon"], str) and ICON_NAME.fullmatch(data["icon"])):
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                lines.get("icon", 2),
                f"'icon' is not the name of an icon: {shown(data['icon'])}.",
                "Write the icon's set and name, e.g. icon: material/information-outline.",
            )
        )
    if data.get("template") is not None and not (
        isinstance(data["template"], str) and TEMPLATE_NAME.fullmatch(data["template"])
    ):
        problems.append(
            Problem(
                "frontmatter-type",
                path,
                lines.get("template", 2),
                f"'template' is not the file name of a template: {shown(data['template'])}.",
                "Write the name of an HTML file of the theme or of overrides/, e.g. template: main.html, or remove it.",
            )
        )
    return problems


def _hide_problems(path: str, hide, line: int, paths: dict[tuple, int]) -> list[Problem]:
    if not isinstance(hide, list):
        return [
            Problem(
                "frontmatter-type",
                path,
                line,
                f"'hide' must be a list, not {shown(hide)}.",
                f"Write it as a list of what to hide, e.g. hide: [navigation, toc], from: {', '.join(HIDEABLE)}.",
            )
        ]
    return [
        Problem(
            "frontmatter-type",
            path,
            paths.get(("hide", index), line),
            f"'hide' cannot hide {shown(item)}.",
            f"Use only {', '.join(HIDEABLE)}." + did_you_mean(str(item), HIDEABLE),
        )
        for index, item in enumerate(hide)
        if item not in HIDEABLE
    ]


def _search_problems(path: str, search, line: int, paths: dict[tuple, int]) -> list[Problem]:
    if not isinstance(search, dict):
        return [
            Problem(
                "frontmatter-type",
                path,
                line,
                f"'search' must be settings, not {shown(search)}.",
                "Write it as search: {exclude: true} or search: {boost: 2}.",
            )
        ]
    problems = []
    for key, value in search.items():
        key_line = paths.get(("search", key), line)
        if key not in SEARCH_SETTINGS:
            problems.append(
                Problem(
                    "frontmatter-unknown-key",
                    path,
                    key_line,
                    f"Unknown search setting '{_short(key)}'.",
                    "Use only exclude and boost." + did_you_mean(str(key), SEARCH_SETTINGS),
                )
            )
        elif key == "exclude" and not isinstance(value, bool):
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    key_line,
                    f"'search: exclude' must be true or false, not {shown(value)}.",
                    "Write exclude: true to leave the page out of search, or remove it.",
                )
            )
        elif key == "boost" and not _is_boost(value):
            problems.append(
                Problem(
                    "frontmatter-type",
                    path,
                    key_line,
                    f"'search: boost' must be a number from 0 to 10, not {shown(value)}.",
                    "Write e.g. boost: 2 to rank the page higher in search, boost: 0.5 to rank it lower.",
                )
            )
    return problems


def _is_boost(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 <= value <= 10  # NaN is neither
