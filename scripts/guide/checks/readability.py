"""Plain words: every page reads at or below the grade the settings allow."""

from __future__ import annotations

from ..problems import Problem, Severity
from ..prose import reading_grade, words
from .base import Check


class Readability(Check):
    kinds = {"readability": Severity.ERROR}

    def on_page_html(self, page):
        record, limit = page.record, self.context.settings.max_reading_grade
        record.words = len(words(page.prose))
        record.grade = round(reading_grade(page.prose), 1)
        if record.grade <= limit:
            return []
        return [
            Problem(
                "readability",
                page.path,
                1,  # the whole page
                f"The page reads at grade {record.grade}; the limit is {limit}.",
                "Use shorter sentences and common words; explain medical words in place.",
            )
        ]
