"""What the build adds to a page's Markdown: its references, the glossary's tooltips, and the
generated Glossary and Sources lists. Pure functions over text."""

from __future__ import annotations

import re

from guide.content.bibliography import Reference, cited_keys, reference_markdown
from guide.content.glossary import Term, glossary_markdown
from guide.content.markdown_text import without_code
from guide.problems import Problem, did_you_mean, line_of

# Material's documented attribute that leaves a block out of the search index (the Sources page's
# study titles, which repeat the topic pages' words): the safety check allows it bare only.
SEARCH_EXCLUDE = "data-search-exclude"
GLOSSARY_MARKER = "<!-- guide:glossary -->"
BIBLIOGRAPHY_MARKER = "<!-- guide:bibliography -->"
CHANGES_MARKER = "<!-- guide:changes -->"  # the Recent changes page
FOOTNOTES_MARKER = "///Footnotes Go Here///"  # footnotes' PLACE_MARKER in mkdocs.yml


def citations(
    path: str, text: str, body_offset: int, markdown: str, bibliography: dict[str, Reference], bibliography_path: str
) -> tuple[list[str], list[Problem]]:
    """The known keys a page cites, in order of first citation, and a problem per unknown key."""
    cited, problems = [], []
    for key, offset in cited_keys(markdown, body_offset):
        if key in bibliography:
            if key not in cited:
                cited.append(key)
            continue
        problems.append(
            Problem(
                "citation-unknown",
                path,
                line_of(text, offset),
                f"Unknown citation key '{key}'.",
                f"Use a key from {bibliography_path}." + did_you_mean(key, bibliography),
            )
        )
    return cited, problems


# Text in brackets that is neither a link (`](`, `][`), a definition (`]:`), an image nor a
# footnote (`[^key]`): with bibliography keys inside, citations without their caret.
_BRACKETED = re.compile(r"(?<![\]!\\])\[(?!\^[^\]\s]+\])([^\[\]\n]{1,200})\](?![(\[:])")
_KEY_SEPARATORS = re.compile(r"[\s,;]+")


def citations_without_caret(
    path: str, text: str, body_offset: int, markdown: str, bibliography: dict[str, Reference]
) -> list[Problem]:
    """`[lepage2015]` (or `[lepage2015, nice2022]`, `[@lepage2015]`, `[^ lepage2015]`,
    `[Lepage2015]`) where `[^lepage2015]` was meant: readers would see the brackets and no
    reference. Brackets without a bibliography key are left alone, and so is a reference link
    the page defines (`[key]: address`)."""
    plain = without_code(markdown)  # same offsets
    defined = set(re.findall(r"^[ ]{0,3}\[([^\]\n]+)\]:", plain, re.MULTILINE))
    keys = {key.casefold(): key for key in bibliography}
    problems = []
    for match in _BRACKETED.finditer(plain):
        inside = match.group(1)
        if inside in defined:
            continue
        words = [word.lstrip("^@").casefold() for word in _KEY_SEPARATORS.split(inside)]
        found = [keys[word] for word in words if word in keys]
        if not found:
            continue
        them = "".join(f"[^{key}]" for key in dict.fromkeys(found))
        problems.append(
            Problem(
                "citation-caret",
                path,
                line_of(text, body_offset + match.start()),
                f"'[{inside}]' is not a citation: readers would see the brackets and no reference.",
                f"Write {them} to cite {'it' if len(set(found)) == 1 else 'them'}.",
            )
        )
    return problems


# The id of the References section the build adds to each page: search leaves it out (the titles
# of studies are not what a patient looks for; the Sources page lists them all).
REFERENCES_ID = "references"


def references_markdown(cited: list[str], bibliography: dict[str, Reference]) -> str:
    """A References section holding only what the page cites, numbered in order of citation."""
    if not cited:
        return ""
    definitions = "\n".join(f"[^{key}]: {reference_markdown(bibliography[key])}" for key in cited)
    return f"\n\n## References {{ #{REFERENCES_ID} }}\n\n{FOOTNOTES_MARKER}\n\n{definitions}\n"


def sources_markdown(bibliography: dict[str, Reference]) -> str:
    """Every reference, in Vancouver style, alphabetical, each with an anchor, left out of the
    search index (Material's data-search-exclude): its titles repeat the topic pages' words."""
    entries = sorted(bibliography.values(), key=lambda r: reference_markdown(r).casefold())
    return "\n\n".join(
        f"{reference_markdown(r)}\n{{ #ref-{r.key} .guide-reference {SEARCH_EXCLUDE} }}" for r in entries
    )


def assemble(markdown: str, cited: list[str], bibliography: dict[str, Reference], terms: list[Term]) -> str:
    """The Markdown MkDocs renders: the page, then the generated lists and its references.
    (The glossary's tooltips come from the abbr extension's glossary: see abbreviations().)"""
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_markdown(terms))
    if BIBLIOGRAPHY_MARKER in markdown:
        markdown = markdown.replace(BIBLIOGRAPHY_MARKER, sources_markdown(bibliography))
    return markdown.rstrip() + references_markdown(cited, bibliography) + "\n"
