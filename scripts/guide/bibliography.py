"""The bibliography: one YAML file, checked, and formatted in Vancouver style."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .problems import Problem
from .yamlfile import load_yaml

REQUIRED_FIELDS = {
    "article": ("authors", "title", "journal", "year", "volume", "pages"),
    "web": ("title", "url"),
    "guideline": ("organization", "title", "year", "url"),
}
KNOWN_FIELDS = {
    "type", "authors", "et_al", "organization", "title", "container", "journal", "year", "volume",
    "issue", "pages", "series", "place", "publisher", "date", "doi", "url", "note",
}
# [^key] in Markdown, but not a footnote definition ([^key]: ...).
CITATION = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass(frozen=True)
class Reference:
    key: str
    fields: dict = field(compare=False)
    line: int = 0

    @property
    def link(self) -> str | None:
        """Where a reader can find the work: its DOI or its web address."""
        if doi := self.fields.get("doi"):
            return "https://doi.org/" + quote(str(doi), safe="/.:;-_")
        return self.fields.get("url")


def load_bibliography(path: Path, shown_as: str) -> tuple[dict[str, Reference], list[Problem]]:
    data, lines = load_yaml(path, shown_as, "citation-incomplete")
    if not isinstance(data, dict):
        return {}, [Problem("citation-incomplete", shown_as, 1,
                            "The bibliography is not a list of 'key:' entries.",
                            "Start each entry with its key, e.g. 'lepage2015:', then its fields indented.")]
    references, problems = {}, []
    for key, fields in data.items():
        line = lines.get(key, 0)
        if not isinstance(fields, dict):
            problems.append(Problem("citation-incomplete", shown_as, line,
                                    f"Entry '{key}' has no fields.",
                                    "Indent its fields (type, title, ...) under the key."))
            continue
        problems += check_entry(str(key), fields, shown_as, line)
        references[str(key)] = Reference(str(key), fields, line)
    return references, problems


def check_entry(key: str, fields: dict, path: str, line: int) -> list[Problem]:
    kind = fields.get("type")
    if kind not in REQUIRED_FIELDS:
        return [Problem("citation-incomplete", path, line,
                        f"Entry '{key}' has type {kind!r}.",
                        f"Set 'type:' to one of {', '.join(REQUIRED_FIELDS)}.")]
    problems = []
    missing = [name for name in REQUIRED_FIELDS[kind] if fields.get(name) in (None, "", [])]
    if kind == "web" and not (fields.get("authors") or fields.get("organization")):
        missing.insert(0, "authors or organization")
    if missing:
        problems.append(Problem("citation-incomplete", path, line,
                                f"Entry '{key}' ({kind}) is missing {', '.join(missing)}.",
                                "Add the missing fields from the publisher's page."))
    unknown = sorted(set(fields) - KNOWN_FIELDS)
    if unknown:
        problems.append(Problem("citation-incomplete", path, line,
                                f"Entry '{key}' has unknown fields: {', '.join(unknown)}.",
                                f"Use only: {', '.join(sorted(KNOWN_FIELDS))}."))
    return problems


def _sentence(text: str) -> str:
    text = str(text).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def vancouver(ref: Reference) -> str:
    """The reference as plain Vancouver text, without its link."""
    f = ref.fields
    parts = []
    if f.get("authors"):
        names = ", ".join(f["authors"]) + (", et al" if f.get("et_al") else "")
        parts.append(_sentence(names))
    elif f.get("organization"):
        parts.append(_sentence(f["organization"]))
    internet = " [Internet]" if f["type"] == "web" else ""
    if f.get("container"):
        parts += [_sentence(f["title"]), _sentence(f["container"] + internet)]
    else:
        parts.append(_sentence(f["title"] + internet))
    if f["type"] == "article":
        # Year;volume(issue):pages - with what the entry has (a missing field is reported apart).
        issue = f"({f['issue']})" if f.get("issue") else ""
        where = f"{f.get('year', '')};{f.get('volume', '')}{issue}"
        where += f":{f['pages']}" if f.get("pages") else ""
        parts += [_sentence(f.get("journal", "")), f"{where.strip(';')}."]
    if f.get("series"):
        parts.append(_sentence(f["series"]))
    publication = ": ".join(str(f[k]) for k in ("place", "publisher") if f.get(k))
    if f.get("date") and f["type"] != "web":
        publication = "; ".join(p for p in (publication, str(f["date"])) if p)
    elif f.get("date"):
        parts.append(_sentence(f["date"]))
    if publication:
        parts.append(_sentence(publication))
    return " ".join(parts)


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
    return text


def cited_keys(markdown: str, body_offset: int = 0) -> list[tuple[str, int]]:
    """Each citation key in the page, with the offset where it appears, in reading order."""
    return [(m.group(1), body_offset + m.start()) for m in CITATION.finditer(markdown)]
