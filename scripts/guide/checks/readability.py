"""Plain words: every page reads at or below the grade the settings allow, and a page above it
is told at its hardest sentences, with their lines and grades."""

from __future__ import annotations

from guide.checks.base import Check
from guide.content.markdown_text import prose_only
from guide.content.prose import hardest_sentences, line_of_sentence
from guide.problems import Problem, Severity

SHOWN_WORDS = 8  # of each sentence quoted in the message


class Readability(Check):
    kinds = {"readability": Severity.ERROR}

    def on_page_content(self, page):
        record, limit = page.record, self.context.settings.max_reading_grade
        if record.grade is None or record.grade <= limit:  # None: not measured (a translation)
            return []
        source = prose_only(page.body)
        first_line = page.front.body_line if page.front else 1
        hardest = [
            (grade, sentence, line_of_sentence(sentence, source, first_line))
            for grade, sentence in hardest_sentences(page.prose)
            if grade > limit
        ]
        named = "; ".join(
            (f"line {line}" if line else "generated text") + f", grade {grade}: “{quoted(sentence)}”"
            for grade, sentence, line in hardest
        )
        return [
            Problem(
                "readability",
                page.path,
                next((line for _, _, line in hardest if line), 1),  # at the hardest sentence
                f"The page reads at grade {record.grade}; the limit is {limit}."
                + (f" The hardest sentences: {named}." if named else ""),
                "Split long sentences and use common words; explain medical words in place.",
            )
        ]


def quoted(sentence: str) -> str:
    """A sentence's first words, enough to find it."""
    shown = sentence.split()
    return " ".join(shown[:SHOWN_WORDS]) + (" …" if len(shown) > SHOWN_WORDS else "")
