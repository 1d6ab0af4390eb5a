"""Patients' words for the search, from one curated source: the glossary (each term with its
expansion, aliases and `search:` words) and the patient vocabulary file
(docs/_data/search-vocabulary.yml: UK and US spellings, lay words, filler), both checked like the
other data files. The search worker gets them as data (search_data); nothing is hidden in the
pages, so a result's preview shows the page's own words only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guide.content.frontmatter import shown
from guide.content.glossary import Term
from guide.content.page_markdown import REFERENCES_ID
from guide.content.plaintext import markup_in
from guide.content.yamlfile import load_yaml
from guide.problems import Problem

KIND = "search-vocabulary-invalid"
KEYS = ("spellings", "words", "filler", "context", "people")
HOW = (
    "Write the keys spellings (pairs [UK, US]), words (lists of words that mean the same), filler (a list),"
    " context (a list) and people (a list)."
)
PAIR = "Write each pair as [UK spelling, US spelling], e.g. [colour, color]."
GROUP = "Write the word the pages use first, then the patients' words, e.g. [fatigue, tired], or remove it."
LIST = "Write the words in square brackets, e.g. [fatigue, tired]."
WORD = "Write each word as plain text of two or more characters."

# The words that ask what a word means ("what does DMT mean", "IV stands for", "define lesion"):
# such a question is answered by the glossary page first, even when a topic page uses the word;
# any other question finds the topic pages first. Phrases count only as a whole ("short for").
DEFINITION_WORDS = [
    "mean",
    "means",
    "meaning",
    "meanings",
    "define",
    "defined",
    "definition",
    "definitions",
    "stand for",
    "stands for",
    "short for",
    "abbreviation",
    "acronym",
]

# Question words and filler of English that a search ignores: what a reader types around the
# words that matter ("how do I", "will I", "can", "is there"). A publisher adds more in the file.
DEFAULT_FILLER = [
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "if",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "about",
    "from",
    "into",
    "than",
    "then",
    "so",
    "as",
    "i",
    "im",
    "i'm",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "yours",
    "we",
    "us",
    "our",
    "they",
    "them",
    "their",
    "he",
    "she",
    "his",
    "her",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "what",
    "whats",
    "what's",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "can",
    "could",
    "will",
    "would",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "do",
    "does",
    "did",
    "doing",
    "done",
    "is",
    "are",
    "am",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "get",
    "got",
    "please",
    "tell",
    "know",
    "anything",
    "something",
    "any",
    "some",
    "much",
    "many",
    "very",
    "really",
    "actually",
    "still",
    "just",
    "ever",
    "also",
    "too",
    "up",
    "out",
    "off",
]


@dataclass
class Vocabulary:
    """The patient vocabulary file, as usable: spellings UK -> US, groups of words, filler."""

    spellings: dict[str, str] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)
    filler: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)


def load_vocabulary(path: Path, shown_as: str) -> tuple[Vocabulary, list[Problem]]:
    """The vocabulary and a problem for each entry that cannot be used (which is left out). No
    file: an empty vocabulary (a site need not have one). Raises DataFileError when the file as a
    whole cannot be read."""
    if not path.is_file():
        return Vocabulary(), []
    data, lines = load_yaml(path, shown_as, KIND, dict, "a list of keys", HOW)
    problems: list[Problem] = []

    def problem(where: tuple, what: str, fix: str) -> None:
        line = next((lines[where[:n]] for n in range(len(where), 0, -1) if where[:n] in lines), 1)
        problems.append(Problem(KIND, shown_as, line, what, fix))

    vocabulary = Vocabulary()
    for key in data:
        if key not in KEYS:
            problem((key,), f"Unknown key '{key}'.", HOW)
    for item, pair in enumerate(_list(data, "spellings", problem)):
        found = len(problems)
        words = _words(pair, ("spellings", item), problem)
        if len(problems) == found and (len(words) != 2 or words[0].casefold() == words[1].casefold()):
            problem(("spellings", item), f"The spelling pair {shown(pair)} is not two different words.", PAIR)
        elif len(problems) == found:
            vocabulary.spellings[words[0].casefold()] = words[1].casefold()
    for item, group in enumerate(_list(data, "words", problem)):
        found = len(problems)
        words = _words(group, ("words", item), problem)
        if len(problems) == found and len(words) < 2:
            problem(("words", item), f"The group {shown(group)} has fewer than two words.", GROUP)
        elif len(problems) == found:
            vocabulary.groups.append(words)
    vocabulary.filler = _words(data.get("filler") or [], ("filler",), problem)
    vocabulary.context = _words(data.get("context") or [], ("context",), problem)
    vocabulary.people = _words(data.get("people") or [], ("people",), problem)
    return vocabulary, problems


def _list(data: dict, key: str, problem) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problem((key,), f"'{key}' must be a list, not {shown(value)}.", LIST)
        return []
    return value


def _words(value, where: tuple, problem) -> list[str]:
    """The plain words of a list; a problem for a value that is not one."""
    if not isinstance(value, list):
        problem(where, f"Expected a list of words in square brackets, not {shown(value)}.", LIST)
        return []
    words = []
    for item, word in enumerate(value):
        if not isinstance(word, str) or len(" ".join(word.split())) < 2:
            problem((*where, item), f"Each word must be text of two or more characters, not {shown(word)}.", WORD)
        elif markup := markup_in(word):
            problem((*where, item), f"The word {shown(word)} contains HTML ({shown(markup)}).", "Write plain text.")
        else:
            words.append(" ".join(word.split()))
    return words


def search_data(
    vocabulary: Vocabulary, terms: list[Term], glossary_pages: list[str] | None = None, site_name: str = ""
) -> dict:
    """What the search worker reads: the spellings, every group of words that a search treats as
    one (each glossary term with its expansion, aliases and search words, then the file's groups),
    the filler words, the context words (which never make a page the answer alone), the people a
    question may be for (left out of a question that names a topic: "my husband"), the words of
    a definition question and the pages that answer it (the glossary's, by their address), the
    guide's name (its words name the guide's subject, "MS" and "treatment", not a topic), and the
    ids of the sections the build adds that search leaves out."""
    groups = [[term.term, *([term.expansion] if term.expansion else []), *term.aliases, *term.search] for term in terms]
    return {
        "spellings": dict(vocabulary.spellings),
        "groups": merged([*groups, *vocabulary.groups]),
        "filler": _unique([*DEFAULT_FILLER, *(word.casefold() for word in vocabulary.filler)]),
        "context": _unique([word.casefold() for word in vocabulary.context]),
        "people": _unique([word.casefold() for word in vocabulary.people]),
        "definition_words": list(DEFINITION_WORDS),
        "definition_pages": list(glossary_pages or []),
        "subject": " ".join(str(site_name or "").split()),
        "skip_sections": [REFERENCES_ID],
    }


def merged(groups: list[list[str]]) -> list[list[str]]:
    """Groups that share a word made one (the glossary's IV and the file's IV with "drip"), each
    word once, in the order first listed."""
    out: list[list[str]] = []
    for group in groups:
        keys = {word.casefold() for word in group}
        joined = [g for g in out if keys & {word.casefold() for word in g}]
        into = joined[0] if joined else []
        for other in joined[1:]:
            into.extend(other)
            out.remove(other)
        into.extend(group)
        if not joined:
            out.append(into)
    return [_unique(group) for group in out]


def _unique(words: list[str]) -> list[str]:
    seen, out = set(), []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out
