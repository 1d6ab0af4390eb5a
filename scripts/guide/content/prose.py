"""The prose of a rendered page: what a reader reads, without code, tables or footnotes."""

from __future__ import annotations

import re

import lxml.html

BLOCKS = {
    "p",
    "li",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "div",
    "section",
    "aside",
    "summary",
    "details",
    "figcaption",
}
SKIP_TAGS = {"pre", "code", "table", "script", "style", "svg", "nav", "form"}
# Not prose: footnotes and reference lists, the review box, permalinks.
SKIP_CLASSES = {"footnote", "guide-reference", "guide-review", "headerlink", "admonition-title"}
WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


def _skipped(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    return bool(SKIP_CLASSES & set((el.get("class") or "").split()))


def prose_sentences(html: str) -> list[str]:
    """Text blocks in reading order; each block is ended as a sentence."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[str] = []
    buffer: list[str] = []

    def flush():
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            blocks.append(text if text[-1] in ".!?:;" else text + ".")

    def walk(el):
        if _skipped(el):
            if el.tail:
                buffer.append(el.tail)
            return
        is_block = el.tag in BLOCKS
        if is_block:
            flush()
        if el.text:
            buffer.append(el.text)
        for child in el:
            walk(child)
        if is_block:
            flush()
        if el.tail:
            buffer.append(el.tail)

    walk(root)
    flush()
    return blocks


def prose_text(html: str) -> str:
    return "\n".join(prose_sentences(html))


def words(text: str) -> list[str]:
    """Lowercase words, apostrophes kept and made plain, punctuation dropped."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade (textstat 0.7.3 counts syllables with pyphen: no download)."""
    import textstat  # here, not at the top: it takes a tenth of every command's start

    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


MIN_SENTENCE_WORDS = 5
# Where one sentence ends and the next begins, inside a block of prose.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“‘(\[]?[A-Z0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of prose_text: each block, split after '.', '!' or '?' before a capital."""
    return [s for block in text.splitlines() for s in _SENTENCE_END.split(block) if words(s)]


def hardest_sentences(text: str, count: int = 3) -> list[tuple[float, str]]:
    """The `count` sentences of the highest reading grade, hardest first, with their grades.
    A sentence of a few words (a heading, "Relapses.") is left out: the formula is not for them."""
    graded = [(round(reading_grade(s), 1), s) for s in sentences(text) if len(words(s)) >= MIN_SENTENCE_WORDS]
    return sorted(graded, key=lambda pair: -pair[0])[:count]


def line_of_sentence(sentence: str, source: str, first_line: int) -> int | None:
    """The line of the Markdown source (which starts at first_line) where a sentence of its
    rendered prose begins: where its first words follow each other, whatever markup lies between
    them (emphasis, links, line breaks). None when they are not found (generated text)."""
    wanted = words(sentence)[:4]
    found = [(m.group(0).lower().replace("’", "'"), m.start()) for m in WORD.finditer(source)]
    for index in range(len(found) - len(wanted) + 1):
        if [word for word, _ in found[index : index + len(wanted)]] == wanted:
            return first_line + source.count("\n", 0, found[index][1])
    return None
