"""The glossary: one YAML file for tooltips, the Glossary page and the printed expansions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from guide.content.characters import hidden_character
from guide.content.frontmatter import shown
from guide.content.plaintext import markup_in
from guide.content.yamlfile import load_yaml
from guide.problems import Problem, did_you_mean, line_of

# An abbreviation in prose: two or more capital letters (digits allowed after the first).
ABBREVIATION = re.compile(r"(?<![\w/.#-])([A-Z][A-Z0-9]+)s?(?![\w/-])")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    expansion: str | None
    aliases: tuple[str, ...]
    line: int
    # Other words a patient may search for (everyday, UK and US, misspelt): search treats them as
    # the term (search_vocabulary.py), never shown as text.
    search: tuple[str, ...] = ()

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


FIELDS = ("term", "expansion", "definition", "aliases", "search")
TEXT_FIELDS = ("term", "expansion", "definition")


def load_glossary(path: Path, shown_as: str) -> tuple[list[Term], list[Problem]]:
    """Every usable term, and a problem per mistake at the line of its field."""
    data, lines = load_yaml(
        path,
        shown_as,
        "glossary-invalid",
        list,
        "a list of terms",
        "Start each term with '- term:' followed by 'definition:'.",
    )
    terms: list[Term] = []
    problems: list[Problem] = []
    lines_of_entry: dict[int, dict[tuple, int]] = {}
    for where, line in lines.items():
        lines_of_entry.setdefault(where[0], {})[where[1:]] = line
    for index, entry in enumerate(data):
        term, found = checked_term(entry, shown_as, lines_of_entry.get(index, {}))
        terms += [term] if term else []
        problems += found
    return terms, problems + check_duplicates(terms, shown_as) + check_search_words(terms, shown_as)


def checked_term(entry, path: str, lines: dict[tuple, int]) -> tuple[Term | None, list[Problem]]:
    """One entry as a Term with its valid fields (None when its term cannot be used), and its problems.
    lines: the entry's own at (), its fields' at ('term',), its aliases' at ('aliases', i)."""
    line = lines.get((), 0)
    if not isinstance(entry, dict) or _absent(entry.get("term")) or _absent(entry.get("definition")):
        return None, [
            Problem(
                "glossary-invalid",
                path,
                line,
                "A glossary entry has no 'term' or no 'definition'.",
                "Give every entry both, e.g. 'term: BBB' and 'definition: ...'.",
            )
        ]
    name = shown(_one_line(entry["term"])) if isinstance(entry["term"], str) else f"at line {line}"
    problems = []

    def problem(field, what: str, fix: str, item: int | None = None) -> None:
        at = lines.get((field,) if item is None else (field, item))
        problems.append(Problem("glossary-invalid", path, at or line, f"Glossary entry {name}{what}", fix))

    for field in entry:
        if field not in FIELDS:
            hint = did_you_mean(str(field), FIELDS)
            problem(
                field,
                f" has an unknown field {shown(field)}.",
                ("Correct its spelling or remove it." + hint)
                if hint
                else f"Remove it, or use only {', '.join(FIELDS)}.",
            )
    valid = {}
    for field in TEXT_FIELDS:
        value = entry.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            problem(
                field,
                f": '{field}' must be text, not {shown(value)}.",
                f'Write it as text, in quotes if needed: {field}: "..."',
            )
        elif markup := markup_in(value):
            problem(field, f": '{field}' contains HTML ({shown(markup)}).", "Write plain text: no tags.")
        elif hidden := hidden_character(value, allowed="\n\t"):
            problem(
                field,
                f": '{field}' contains {hidden}, a character that cannot be seen or that changes how the text looks.",
                "Type the text again without it (copying from a web page or a document can bring it in).",
            )
        elif field == "term" and len(_one_line(value)) < 2:
            problem(
                field,
                ": the term is a single character.",
                "Write a term of two or more characters: one letter would get a tooltip everywhere.",
            )
        else:
            valid[field] = value.strip()
    aliases = entry.get("aliases")
    if aliases is None:
        aliases = []
    elif not isinstance(aliases, list):
        problem(
            "aliases",
            f": 'aliases' must be a list, not {shown(aliases)}.",
            "Write the other spellings in square brackets, e.g. aliases: [relapses, flare-up].",
        )
        aliases = []
    usable = []
    for item, alias in enumerate(aliases):
        if not isinstance(alias, str) or not alias.strip():
            problem(
                "aliases",
                f": each alias must be text, not {shown(alias)}.",
                "Write the other spellings in square brackets, e.g. aliases: [relapses, flare-up].",
                item,
            )
        elif markup := markup_in(alias):
            problem(
                "aliases",
                f": the alias {shown(alias)} contains HTML ({shown(markup)}).",
                "Write plain text: no tags.",
                item,
            )
        elif len(_one_line(alias)) < 2:
            problem(
                "aliases",
                f": the alias {shown(alias)} is a single character.",
                "Remove it: one letter would get a tooltip everywhere it stands alone.",
                item,
            )
        else:
            usable.append(_one_line(alias))
    search = _search_words(entry.get("search"), problem)
    if "term" not in valid:
        return None, problems
    # Kept without what is wrong, so that the pages that use the term do not each report it.
    return Term(
        _one_line(valid["term"]),
        valid.get("definition", ""),
        valid.get("expansion"),
        tuple(usable),
        line,
        tuple(search),
    ), problems


SEARCH_FIX = "Write the words patients may search for in square brackets, e.g. search: [physio, physiotherapist]."


def _search_words(words, problem) -> list[str]:
    """The entry's valid search words; a problem for each one that is not plain text of two or
    more characters (each value reported once: a flow list puts its items on one line)."""
    if words is None:
        return []
    if not isinstance(words, list):
        problem("search", f": 'search' must be a list, not {shown(words)}.", SEARCH_FIX)
        return []
    usable, reported = [], set()
    for item, word in enumerate(words):
        if not isinstance(word, str) or not word.strip():
            what, fix = f": each search word must be text, not {shown(word)}.", SEARCH_FIX
        elif markup := markup_in(word):
            what, fix = (
                f": the search word {shown(word)} contains HTML ({shown(markup)}).",
                "Write plain text: no tags.",
            )
        elif len(_one_line(word)) < 2:
            what, fix = (
                f": the search word {shown(word)} is a single character.",
                "Remove it: one letter would match almost every page.",
            )
        else:
            usable.append(_one_line(word))
            continue
        if what not in reported:
            reported.add(what)
            problem("search", what, fix, item)
    return usable


def _absent(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _one_line(text: str) -> str:
    """A form as the text has it: words separated by single spaces."""
    return " ".join(str(text).split())


def check_duplicates(terms: list[Term], path: str) -> list[Problem]:
    """A word may belong to one term only: two tooltips for one word cannot both show."""
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        for form in term.forms:
            if form in seen:
                problems.append(
                    Problem(
                        "glossary-duplicate",
                        path,
                        term.line,
                        f"'{form}' is defined twice (also at line {seen[form].line}).",
                        "Keep one entry for it and remove the other.",
                    )
                )
            else:
                seen[form] = term
    return problems


def check_search_words(terms: list[Term], path: str) -> list[Problem]:
    """A search word belongs to one entry, once, and is none of the glossary's own words: search
    ignores case, so 'Physio' and 'physio' are the same word."""
    forms: dict[str, Term] = {}
    for term in terms:
        for form in term.forms:
            forms.setdefault(form.casefold(), term)
    seen: dict[str, Term] = {}
    problems: list[Problem] = []
    for term in terms:
        for word in term.search:
            key = word.casefold()
            if key in forms:
                problem = Problem(
                    "glossary-duplicate",
                    path,
                    term.line,
                    f"The search word '{word}' of '{term.term}' is already the term or an alias of "
                    f"'{forms[key].term}' (line {forms[key].line}).",
                    "Remove it from 'search': the pages that use it are found by it already.",
                )
            elif key in seen and seen[key] is term:
                problem = Problem(
                    "glossary-duplicate",
                    path,
                    term.line,
                    f"The search word '{word}' is listed twice in '{term.term}'.",
                    "Keep it once.",
                )
            elif key in seen:
                problem = Problem(
                    "glossary-duplicate",
                    path,
                    term.line,
                    f"The search word '{word}' of '{term.term}' is also a search word of "
                    f"'{seen[key].term}' (line {seen[key].line}).",
                    "Keep it in the one entry it belongs to.",
                )
            else:
                seen[key] = term
                continue
            if problem not in problems:  # a word listed three times: one problem
                problems.append(problem)
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
        items.append(f'<dt id="{term.anchor}">{escape(title)}</dt>\n<dd>{escape(term.definition + also)}</dd>')
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
    """The terms whose term or alias appears in the text, as whole words or phrases."""
    try:
        lengths, symbol_forms = _forms_index(tuple(terms))
    except TypeError:  # a Term made by hand with a list of aliases: not hashable, not cached
        lengths, symbol_forms = _forms_index.__wrapped__(tuple(terms))
    tokens = TOKEN.findall(text)
    # Only the phrases that begin with a term's first word, of the lengths its forms have:
    # a page has thousands of other words.
    found = {
        " ".join(tokens[i : i + n])
        for i, token in enumerate(tokens)
        if token in lengths
        for n in lengths[token]
        if i + n <= len(tokens)
    }
    if symbol_forms:
        found.update(" ".join(match.group(0).split()) for match in symbol_forms.finditer(text))
    return [t for t in terms if any(form in found for form in t.forms)]


@lru_cache(maxsize=8)
def _forms_index(terms: tuple[Term, ...]) -> tuple[dict[str, set[int]], re.Pattern | None]:
    """For terms_used, once per glossary. The forms made of words (T-cell, plasma exchange):
    each first word, with the numbers of words of the forms it begins. The forms with other
    characters (C++, CD4+), which no word token can be: one pattern that finds each where no
    letter or digit touches it."""
    forms = {form for term in terms for form in term.forms}
    worded = {form for form in forms if " ".join(TOKEN.findall(form)) == form}
    lengths: dict[str, set[int]] = {}
    for form in worded:
        lengths.setdefault(form.split(" ", 1)[0], set()).add(form.count(" ") + 1)
    others = sorted(forms - worded, key=len, reverse=True)  # the longest first: C++ before C+
    if not others:
        return lengths, None
    alternatives = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in others)
    return lengths, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def undefined_abbreviations(
    path: str, prose_source: str, body_offset: int, terms: list[Term], full_text: str, known_without_entry=()
) -> list[Problem]:
    """Capitalized abbreviations in the prose that no glossary entry defines (but for those the
    settings say every reader knows, e.g. UK)."""
    known = {f for t in terms for f in t.forms} | set(known_without_entry)
    problems, reported = [], set()
    for match in ABBREVIATION.finditer(prose_source):
        word = match.group(1)
        if word in known or match.group(0) in known or word in reported:
            continue
        reported.add(word)
        problems.append(
            Problem(
                "glossary-undefined",
                path,
                line_of(full_text, body_offset + match.start()),
                f"The abbreviation '{word}' is not in the glossary.",
                "Add it to the glossary with its expansion and a plain definition, or spell it out.",
            )
        )
    return problems
