"""The bibliography: one YAML file, checked, and formatted in Vancouver style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from guide.content.characters import hidden_character
from guide.content.frontmatter import shown
from guide.content.plaintext import markup_in
from guide.content.urls import scheme_of, split_url
from guide.content.yamlfile import load_yaml
from guide.problems import Problem, did_you_mean

REQUIRED_FIELDS = {
    "article": ("authors", "title", "journal", "year", "volume", "pages"),
    "web": ("title", "url"),
    "guideline": ("organization", "title", "year", "url"),
}
KNOWN_FIELDS = {
    "type",
    "authors",
    "et_al",
    "organization",
    "title",
    "container",
    "journal",
    "year",
    "volume",
    "issue",
    "pages",
    "series",
    "place",
    "publisher",
    "date",
    "doi",
    "url",
    "note",
}
TEXT_FIELDS = ("organization", "title", "container", "journal", "series", "place", "publisher", "date", "note")
NUMBER_FIELDS = ("volume", "issue", "pages")  # text, or a whole number: volume: 386
# [^key] in Markdown, but not a footnote definition ([^key]: ...).
CITATION = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# A key is cited as [^key] and becomes the anchor #ref-key.
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
YEARS = range(1000, 3000)
FOUR_DIGITS = re.compile(r"\d{4}", re.ASCII)
DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")
DOI_AS_ADDRESS = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)(\S+)", re.IGNORECASE)
# An address stands in Markdown as <address>: none of these may end it or change its meaning.
NOT_IN_ADDRESS = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Reference:
    key: str
    fields: dict = field(compare=False)  # only the fields that passed the checks
    line: int = 0

    @property
    def link(self) -> str | None:
        """Where a reader can find the work: its DOI or its web address."""
        if doi := self.fields.get("doi"):
            return "https://doi.org/" + quote(str(doi), safe="/.:;-_")
        return self.fields.get("url")


def load_bibliography(path: Path, shown_as: str) -> tuple[dict[str, Reference], list[Problem]]:
    """Every entry, with the fields that are valid (so that a citation of an entry with a mistake
    still resolves), and a problem per mistake at its own line."""
    data, lines = load_yaml(
        path,
        shown_as,
        "citation-incomplete",
        dict,
        "a list of 'key:' entries",
        "Start each entry with its key, e.g. 'lepage2015:', then its fields indented.",
    )
    references, problems = {}, []
    for key, fields in data.items():
        line = lines.get((key,), 0)
        if isinstance(key, bool) or not isinstance(key, (str, int)) or not KEY.fullmatch(str(key)):
            problems.append(
                Problem(
                    "citation-incomplete",
                    shown_as,
                    line,
                    f"The key {shown(key)} cannot be cited.",
                    "Use only letters, digits, hyphens, dots and underscores, e.g. smith2020.",
                )
            )
            continue
        cited_as = str(key)  # 2015: is cited as [^2015]
        if not isinstance(fields, dict):
            problems.append(
                Problem(
                    "citation-incomplete",
                    shown_as,
                    line,
                    f"Entry '{cited_as}' has no fields.",
                    "Indent its fields (type, title, ...) under the key.",
                )
            )
            references[cited_as] = Reference(cited_as, {}, line)  # its citations still resolve
            continue
        field_lines = {name: lines.get((key, name), line) for name in fields}
        valid, found = checked_fields(cited_as, fields, shown_as, field_lines)
        problems += found + missing_fields(cited_as, fields, shown_as, line)
        references[cited_as] = Reference(cited_as, valid, line)
    return references, problems


def checked_fields(key: str, fields: dict, path: str, lines: dict) -> tuple[dict, list[Problem]]:
    """(the valid fields, a problem for each other field)."""
    valid, problems = {}, []
    for name, value in fields.items():
        if name not in KNOWN_FIELDS:
            hint = did_you_mean(str(name), KNOWN_FIELDS)
            problems.append(
                Problem(
                    "citation-incomplete",
                    path,
                    lines[name],
                    f"Entry '{key}' has an unknown field {shown(name)}.",
                    ("Correct its spelling or remove it." + hint)
                    if hint
                    else f"Remove it, or use one of: {', '.join(sorted(KNOWN_FIELDS))}.",
                )
            )
            continue
        if _absent(value):
            continue  # reported as missing if it is needed
        what, fix = field_problem(name, value)
        if not what:
            valid[name] = value
            continue
        problems.append(Problem("citation-incomplete", path, lines[name], f"Entry '{key}': {what}", fix))
        if name == "authors" and isinstance(value, list):  # the names that are names still print
            valid[name] = [a for a in value if isinstance(a, str) and a.strip() and not markup_in(a)]
    return valid, problems


def missing_fields(key: str, fields: dict, path: str, line: int) -> list[Problem]:
    """The fields the entry's type needs and does not give at all (a wrong one is reported apart)."""
    kind = fields.get("type")
    if _absent(kind):
        return [
            Problem(
                "citation-incomplete",
                path,
                line,
                f"Entry '{key}' has no type.",
                f"Add 'type:' with one of {', '.join(REQUIRED_FIELDS)}.",
            )
        ]
    if not isinstance(kind, str) or kind not in REQUIRED_FIELDS:
        return []  # reported with the type
    missing = [name for name in REQUIRED_FIELDS[kind] if _absent(fields.get(name))]
    if kind == "web" and _absent(fields.get("authors")) and _absent(fields.get("organization")):
        missing.insert(0, "authors or organization")
    if not missing:
        return []
    return [
        Problem(
            "citation-incomplete",
            path,
            line,
            f"Entry '{key}' ({kind}) is missing {', '.join(missing)}.",
            "Add the missing fields from the publisher's page.",
        )
    ]


def _absent(value) -> bool:
    return value is None or value == "" or value == []


def field_problem(name: str, value) -> tuple[str, str]:
    """(what is wrong, how to fix it) for one field's value, or ('', '') when it is valid."""
    if name == "type":
        if isinstance(value, str) and value in REQUIRED_FIELDS:
            return "", ""
        return (f"'type' is {shown(value)}.", f"Set 'type:' to one of {', '.join(REQUIRED_FIELDS)}.")
    if name == "authors":
        return _authors_problem(value)
    if name == "et_al":
        return (
            ("", "")
            if isinstance(value, bool)
            else (
                f"'et_al' must be true or false, not {shown(value)}.",
                "Write et_al: true when the work has more authors than the ones listed.",
            )
        )
    if name == "year":
        return (
            ("", "")
            if _is_year(value)
            else (
                f"'year' must be a year of four digits, not {shown(value)}.",
                "Write the year alone, e.g. year: 2015.",
            )
        )
    if name == "doi":
        return _doi_problem(value)
    if name == "url":
        return _url_problem(value)
    if name in NUMBER_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        return "", ""
    return _text_problem(name, value)


def _text_problem(name: str, value) -> tuple[str, str]:
    if not isinstance(value, str):
        return (f"'{name}' must be text, not {shown(value)}.", f'Write it as text, in quotes if needed: {name}: "..."')
    if markup := markup_in(value):
        return f"'{name}' contains HTML ({shown(markup)}).", "Write plain text: no tags."
    if hidden := hidden_character(value, allowed="\n\t"):
        return (
            f"'{name}' contains {hidden}, a character that cannot be seen or that changes how the text looks.",
            "Type the text again without it (copying from a web page or a document can bring it in).",
        )
    return "", ""


def _authors_problem(authors) -> tuple[str, str]:
    example = "e.g. authors: [Le Page E, Veillard D]."
    if not isinstance(authors, list):
        return (
            f"'authors' must be a list of names, not {shown(authors)}.",
            f"Write the names in square brackets, separated by commas, {example}",
        )
    for name in authors:
        if not isinstance(name, str) or not name.strip():
            return (f"each author must be a name, not {shown(name)}.", f"Write each name as text, {example}")
        if markup := markup_in(name):
            return f"an author's name contains HTML ({shown(markup)}).", "Write plain text: no tags."
        if hidden := hidden_character(name):
            return (
                f"an author's name contains {hidden}, a character that cannot be seen or that changes how "
                "the name looks.",
                "Type the name again without it.",
            )
    return "", ""


def _is_year(value) -> bool:
    if isinstance(value, str) and FOUR_DIGITS.fullmatch(value):
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and value in YEARS


def _doi_problem(doi) -> tuple[str, str]:
    example = "e.g. doi: 10.1016/S0140-6736(15)61137-0"
    if not isinstance(doi, str):
        return f"'doi' must be text, not {shown(doi)}.", f"Write the DOI, {example}."
    if as_address := DOI_AS_ADDRESS.fullmatch(doi.strip()):
        bare = unquote(as_address.group(1))
        return (
            f"the DOI is written as an address: {shown(doi)}.",
            f"Write only the DOI: doi: {bare}" if DOI.fullmatch(bare) else f"Write only the DOI, {example}.",
        )
    if not DOI.fullmatch(doi):
        return (
            f"'doi' is not a DOI: {shown(doi)}.",
            f"Write the DOI as the publisher shows it, starting with 10., {example}.",
        )
    if markup := markup_in(doi):
        return f"'doi' contains HTML ({shown(markup)}).", "Write plain text: no tags."
    return "", ""


def _url_problem(url) -> tuple[str, str]:
    fix = (
        "Write the page's full address, starting with https://, as the browser shows it "
        "(a space is written %20, a quote %22 or %27, < and > %3C and %3E)."
    )
    if not isinstance(url, str):
        return f"'url' must be a web address, not {shown(url)}.", fix
    parts = split_url(url)
    if (
        NOT_IN_ADDRESS.search(url)
        or parts is None
        or parts.scheme.lower() not in ("http", "https")
        or scheme_of(url) not in ("http", "https")
        or not parts.hostname
    ):
        return f"'url' is not a web address: {shown(url)}.", fix
    return "", ""


def _plain(text) -> str:
    """A field as one line of text: a line break in the YAML is a space."""
    return " ".join(str(text).split())


def _sentence(text) -> str:
    text = _plain(text)
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def vancouver(ref: Reference) -> str:
    """The reference as plain Vancouver text, without its link. Uses what the entry has: a
    missing or invalid field is left out (and reported by the checks)."""
    f = ref.fields
    kind = f.get("type")
    parts = []
    if f.get("authors"):
        names = ", ".join(_plain(name) for name in f["authors"]) + (", et al" if f.get("et_al") else "")
        parts.append(_sentence(names))
    elif f.get("organization"):
        parts.append(_sentence(f["organization"]))
    internet = " [Internet]" if kind == "web" else ""
    title = _plain(f.get("title", ""))
    if f.get("container"):
        parts += [_sentence(title), _sentence(_plain(f["container"]) + internet)]
    else:
        parts.append(_sentence(title + internet))
    if kind == "article":
        # Year;volume(issue):pages - with what the entry has (a missing field is reported apart).
        issue = f"({_plain(f['issue'])})" if f.get("issue") else ""
        where = f"{_plain(f.get('year', ''))};{_plain(f.get('volume', ''))}{issue}"
        where += f":{_plain(f['pages'])}" if f.get("pages") else ""
        where = where.strip(";")
        parts += [_sentence(f.get("journal", "")), f"{where}." if where else ""]
    if f.get("series"):
        parts.append(_sentence(f["series"]))
    publication = ": ".join(_plain(f[k]) for k in ("place", "publisher") if f.get(k))
    if f.get("date") and kind != "web":
        publication = "; ".join(p for p in (publication, _plain(f["date"])) if p)
    elif f.get("date"):
        parts.append(_sentence(f["date"]))
    if publication:
        parts.append(_sentence(publication))
    return " ".join(part for part in parts if part)


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def reference_markdown(ref: Reference) -> str:
    """One reference as Markdown: Vancouver text, then its DOI or address as a link, then its note."""
    text = _escape_markdown(vancouver(ref))
    f = ref.fields
    if f.get("doi"):
        text += f" [doi:{_escape_markdown(str(f['doi']))}]({ref.link})"
    elif f.get("url"):
        text += f" Available from: <{ref.link}>"  # an autolink: its text is left as it is
    if f.get("note"):
        text += f" Note: {_escape_markdown(_sentence(f['note']))}"
    return text.strip()


def cited_keys(markdown: str, body_offset: int = 0) -> list[tuple[str, int]]:
    """Each citation key in the page, with the offset where it appears, in reading order."""
    return [(m.group(1), body_offset + m.start()) for m in CITATION.finditer(markdown)]
