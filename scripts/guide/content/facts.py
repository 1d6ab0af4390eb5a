"""The facts about one page, computed once in their own step: the checks judge them, the outputs
read them. From its source: the references it cites, its review status and its sign-offs; from
its cleaned content: its words, its reading grade and the glossary terms it uses. What was wrong
in the source while reading a fact is kept beside it (page.findings) for its check to judge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from guide.content.glossary import terms_used
from guide.content.page_markdown import citations
from guide.content.prose import reading_grade, words
from guide.governance.reviews import ReviewStatus, review_status
from guide.governance.signoff import history, text_fingerprint
from guide.translations.layout import translated_page

if TYPE_CHECKING:
    from guide.checks.base import Context, Page


@dataclass
class PageRecord:
    """A page's facts, kept for the whole build: the checks that need every page, the outputs,
    the report and the review schedule read them."""

    path: str
    title: str
    url: str
    words: int = 0
    grade: float | None = 0.0  # None: not measured (a translation, issue 26)
    review: ReviewStatus | None = None
    cited: list[str] = field(default_factory=list)
    terms: list = field(default_factory=list)  # the glossary terms the page uses
    draft: bool = False
    changes: tuple = ()  # frontmatter.Change, for "What changed on this page"
    changed_since_review: bool = False
    lists_glossary: bool = False  # the Glossary page: its terms do not count as used
    lists_changes: bool = False  # the Recent changes page
    # False for a page with no clinical content of its own (the setting
    # pages_without_clinical_content): no clinical review is due; it shows its last update.
    clinical: bool = True
    signed_off: bool = False  # a named reviewer's sign-off is recorded (review_history)
    language: str | None = None  # in a guide in more than one language (issue 26): the page's


def source_facts(page: Page, context: Context) -> None:
    """Before the checks of a page's source: what it cites, when it is due, who signed it off."""
    record, settings, meta = page.record, context.settings, page.meta
    record.cited, page.findings["citations"] = citations(
        page.path, page.text, page.body_offset, page.body, context.bibliography, settings.bibliography
    )
    if meta is None or meta.draft:
        return  # a draft is not published: it has no review yet
    record.review, page.findings["review"] = review_status(
        page.path, meta, context.today, settings.review_interval_years, settings.due_soon_days
    )
    page.sign_offs, page.findings["sign-offs"] = history(page.path, page.front)
    before = settings.review_before_history
    # Before any recorded sign-off, a page carrying the review it was written from names no one.
    record.signed_off = bool(page.sign_offs) or not (
        before.last_reviewed
        and (str(meta.last_reviewed), meta.reviewed_by) == (before.last_reviewed, before.reviewed_by)
    )
    if page.sign_offs:
        latest = page.sign_offs[-1]
        record.changed_since_review = (meta.last_reviewed, meta.reviewed_by) == (
            latest.date,
            latest.reviewed_by,
        ) and text_fingerprint(page.body) != latest.text


def content_facts(page: Page, context: Context) -> None:
    """Once the page's content is cleaned: what a reader reads of it."""
    record = page.record
    record.words = len(words(page.prose))
    # A translation (issue 26): no formula is checked for its language, so "not measured".
    record.grade = None if translated_page(context, page.path) else round(reading_grade(page.prose), 1)
    record.terms = terms_used(page.prose, context.terms)
