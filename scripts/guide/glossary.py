"""The glossary: one YAML file for tooltips, the Glossary page and the printed expansions."""

from __future__ import annotations

import re
from html import escape
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, line_of
from .yamlfile import load_yaml

# An abbreviation in prose: two or more capital letters (digits allowed after the first).
ABBREVIATION = re.compile(r"(?<![\w/.#-])([A-Z][A-Z0-9]+)s?(?![\w/-])")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    expansion: str | None
    aliases: tuple[str, ...]
    line: int

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling in the text that gets this term's tooltip."""
        return (self.term, *self.aliases)

    @property
    def tooltip(self) -> str:
        return self.expansion or self.definition


def load_glossary(path: Path, shown_as: str) -> tuple[list[Term], list[Problem]]:
    data, lines = load_yaml(path, shown_as, "glossary-invalid")
    if not isinstance(data, list):
        return [], [Problem("glossary-invalid", shown_as, 1, "The glossary is not a list of terms.",
                            "Start each term with '- term:' followed by 'definition:'.")]
    terms: list[Term] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data):
        line = lines.get(index, 0)
        if not isinstance(entry, dict) or not entry.get("term") or not entry.get("definition"):
            problems.append(Problem("glossary-invalid", shown_as, line,
                                    "A glossary entry has no 'term' or no 'definition'.",
                                    "Give every entry both, e.g. 'term: BBB' and 'definition: ...'."))
            continue
        unknown = set(entry) - {"term", "definition", "expansion", "aliases"}
        if unknown:
            problems.append(Problem("glossary-invalid", shown_as, line,
                                    f"Glossary entry '{entry['term']}' has unknown fields: "
                                    f"{', '.join(sorted(unknown))}.",
                                    "Use only term, expansion, definition and aliases."))
        aliases = entry.get("aliases") or []
        terms.append(Term(str(entry["term"]), str(entry["definition"]).strip(),
                          entry.get("expansion"), tuple(str(a) for a in aliases), line))
    return terms, problems + check_duplicates(terms, shown_as)


def check_duplicates(terms: list[Term], path: str) -> list[Problem]:
    """A word may belong to one term only: two tooltips for one word cannot both show."""
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        for form in term.forms:
            if form in seen:
                problems.append(Problem("glossary-duplicate", path, term.line,
                                        f"'{form}' is defined twice (also at line {seen[form].line}).",
                                        "Keep one entry for it and remove the other."))
            else:
                seen[form] = term
    return problems


def abbreviations(terms: list[Term]) -> dict[str, str]:
    """Every form of every term and its tooltip, for the `abbr` extension's glossary option
    (set once for all pages: five times faster than definitions appended to each page)."""
    return {form: term.tooltip for term in terms for form in term.forms}


def glossary_markdown(terms: list[Term]) -> str:
    """The Glossary page body: alphabetical, one anchor per term (HTML: Markdown cannot id a <dt>)."""
    items = []
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        title = f"{term.term} ({term.expansion})" if term.expansion else term.term
        names = other_names(term)
        also = f" Also called: {', '.join(names)}." if names else ""
        items.append(f'<dt id="{term.anchor}">{escape(title)}</dt>\n'
                     f"<dd>{escape(term.definition + also)}</dd>")
    return '<dl class="guide-glossary">\n' + "\n".join(items) + "\n</dl>"


def other_names(term: Term) -> list[str]:
    """The aliases worth telling a reader: not a capitalized copy or a plural of another name."""
    shown: list[str] = []
    known = {term.term.lower()}
    for alias in sorted(term.aliases, key=len):  # a singular before its plural
        word = alias.lower()
        if word in known or word.removesuffix("s") in known:
            continue
        known.add(word)
        shown.append(word if alias[1:].islower() else alias)
    return shown


TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


def terms_used(text: str, terms: list[Term]) -> list[Term]:
    """The terms whose term or alias appears in the text, as whole words (of up to 4 words)."""
    tokens = TOKEN.findall(text)
    # Only the phrases that begin with a term's first word: a page has thousands of others.
    firsts = {form.split(" ", 1)[0] for t in terms for form in t.forms}
    phrases = {" ".join(tokens[i:i + n]) for i, token in enumerate(tokens) if token in firsts
               for n in range(1, 5) if i + n <= len(tokens)}
    return [t for t in terms if any(form in phrases for form in t.forms)]


def undefined_abbreviations(path: str, prose_source: str, body_offset: int,
                            terms: list[Term], full_text: str) -> list[Problem]:
    """Capitalized abbreviations in the prose that no glossary entry defines."""
    known = {f for t in terms for f in t.forms}
    problems, reported = [], set()
    for match in ABBREVIATION.finditer(prose_source):
        word = match.group(1)
        if word in known or match.group(0) in known or word in reported:
            continue
        reported.add(word)
        problems.append(Problem(
            "glossary-undefined", path, line_of(full_text, body_offset + match.start()),
            f"The abbreviation '{word}' is not in the glossary.",
            "Add it to the glossary with its expansion and a plain definition, or spell it out.",
        ))
    return problems
