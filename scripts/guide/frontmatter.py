"""Front matter: parse it with line numbers and check its keys, types and dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .problems import Problem, did_you_mean

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)

REQUIRED = {
    "title": "the page title",
    "description": "one plain sentence for search engines and link previews",
    "last_reviewed": "the date of the last clinical review, as YYYY-MM-DD",
    "reviewed_by": "who signed off the last review",
    "last_updated": "the date the text was last edited, as YYYY-MM-DD",
}
OPTIONAL = {
    "next_review_due": "when the next review is due; by default last_reviewed plus the review interval",
}
# Keys MkDocs and Material read themselves.
THEME_KEYS = {"template", "hide", "search", "status", "icon", "subtitle"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_KEYS = ("last_reviewed", "last_updated", "next_review_due")
ALL_KEYS = set(REQUIRED) | set(OPTIONAL) | THEME_KEYS


class TextDatesLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML (libyaml's, when there) that leaves dates as text, so an impossible date is
    ours to report."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str):
    """(node, data) of one YAML document, parsed once; node has each key's line."""
    loader = TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    last_reviewed: dt.date
    reviewed_by: str
    last_updated: dt.date
    next_review_due: dt.date | None
    lines: dict[str, int]  # key -> line in the file, for messages about a value


@dataclass(frozen=True)
class FrontMatter:
    data: dict
    lines: dict[str, int]
    body_offset: int  # characters before the Markdown body
    body_line: int  # 1-based line where the body starts


def split_front_matter(path: str, text: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Parse the YAML block at the top of a page, keeping each key's line number."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [
            Problem(
                "frontmatter-missing", path, 1,
                "The page has no front matter.",
                "Start the file with a '---' line, the keys title, description, last_reviewed, "
                "reviewed_by and last_updated, and another '---' line.",
            )
        ]
    block = match.group(1) or ""
    try:
        node, data = parse_yaml(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = 2 + mark.line if mark else 1
        reason = getattr(err, "problem", None) or str(err)
        return None, [
            Problem(
                "frontmatter-yaml", path, line,
                f"The front matter is not valid YAML ({reason}).",
                "Write each setting as 'key: value' on its own line; put quotes around a value "
                "that contains a colon.",
            )
        ]
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        return None, [
            Problem(
                "frontmatter-yaml", path, 2,
                "The front matter is not a list of 'key: value' settings.",
                "Write each setting as 'key: value' on its own line.",
            )
        ]
    lines = {k.value: 2 + k.start_mark.line for k, _ in node.value} if node is not None else {}
    body_line = text.count("\n", 0, match.end()) + 1
    return FrontMatter(data, lines, match.end(), body_line), []


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
                    "frontmatter-unknown-key", path, lines.get(key, 2),
                    f"Unknown front matter key '{key}'.",
                    "Remove it or correct its spelling." + did_you_mean(str(key), ALL_KEYS),
                )
            )
    for key, meaning in REQUIRED.items():
        if key not in data or data[key] in (None, ""):
            problems.append(
                Problem(
                    "frontmatter-missing", path, lines.get(key, 2),
                    f"The front matter has no '{key}'.",
                    f"Add '{key}:' with {meaning}.",
                )
            )
    for key in ("title", "description", "reviewed_by"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            problems.append(
                Problem(
                    "frontmatter-type", path, lines.get(key, 2),
                    f"'{key}' must be text, not {type(data[key]).__name__}.",
                    f"Write it as plain text, in quotes if needed: {key}: \"...\"",
                )
            )
    dates: dict[str, dt.date | None] = {}
    for key in DATE_KEYS:
        if key not in data or data[key] in (None, ""):
            continue
        dates[key] = _as_date(data[key])
        if dates[key] is None:
            problems.append(
                Problem(
                    "frontmatter-date", path, lines.get(key, 2),
                    f"'{key}' is not a real date: {data[key]!r}.",
                    "Write a date that exists, as YYYY-MM-DD, for example 2026-03-31.",
                )
            )
    if problems:
        return None, problems
    meta = PageMeta(
        title=data["title"],
        description=data["description"],
        last_reviewed=dates["last_reviewed"],
        reviewed_by=data["reviewed_by"],
        last_updated=dates["last_updated"],
        next_review_due=dates.get("next_review_due"),
        lines=lines,
    )
    return meta, []
