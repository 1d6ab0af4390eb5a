"""Checks across all pages: references nobody cites, glossary terms nobody uses."""

from __future__ import annotations

from .bibliography import Reference
from .glossary import Term
from .problems import Problem


def uncited_references(bibliography: dict[str, Reference], cited: set[str], path: str) -> list[Problem]:
    return [
        Problem("citation-uncited", path, ref.line,
                f"No page cites '{key}'.",
                f"Cite it where its fact is used ([^{key}]) or remove the entry.")
        for key, ref in bibliography.items() if key not in cited
    ]


def unused_terms(terms: list[Term], seen: set[str], path: str) -> list[Problem]:
    return [
        Problem("glossary-unused", path, term.line,
                f"No page uses the glossary term '{term.term}'.",
                "Use the term in a page, add the spelling the pages use to its aliases, or remove it.")
        for term in terms if term.term not in seen
    ]
