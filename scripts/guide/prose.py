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
