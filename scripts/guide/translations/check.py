"""The translation checks: each translation records the English page it was made from, is not
published before its own sign-off, and says when that page has changed since."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from guide.checks.base import Check, Page
from guide.content.frontmatter import split_front_matter
from guide.governance.signoff import history
from guide.problems import Problem, Severity
from guide.translations.layout import translation_of
from guide.translations.record import KEY, behind, last_updated, read_record

RECORD_COMMAND = 'make translated PAGE={source} LANG={language} BY="Name, role"'


class Translations(Check):
    kinds = {
        "translation-behind": Severity.WARN,  # the source page changed after the translation
        "translation-outdated": Severity.ERROR,  # ... longer ago than translation_behind_error_days
        "translation-record": Severity.ERROR,  # no record, or a broken one
        "translation-orphan": Severity.ERROR,  # a translation of a page that does not exist
        "translation-unreviewed": Severity.ERROR,  # published without its own sign-off
    }

    def on_page_markdown(self, page: Page) -> Iterable[Problem]:
        docs = self.context.docs_dir.resolve()
        absolute = (self.context.root / page.path).resolve()
        if not absolute.is_relative_to(docs) or page.front is None:
            return []
        found = translation_of(absolute.relative_to(docs).as_posix(), self.context.settings.languages)
        if not found:
            return []
        source, language = found
        command = RECORD_COMMAND.format(source=source, language=language)
        source_file = docs / source
        if not source_file.is_file():
            return [
                Problem(
                    "translation-orphan",
                    page.path,
                    1,
                    f"This translation's page, {source}, does not exist.",
                    f"Rename the file after the page it translates (page.{language}.md), or delete it.",
                )
            ]
        problems: list[Problem] = []
        draft = page.front.data.get("draft") is True
        record, record_problems = read_record(page.path, page.front)
        problems += record_problems
        if record is None and not record_problems and not draft:
            problems.append(
                Problem(
                    "translation-record",
                    page.path,
                    2,
                    f"This translation does not record which text of {source} it was made from, by whom and how.",
                    f"Record it: {command} (METHOD=machine-checked when a person checked a machine's translation).",
                )
            )
        if not draft and not history(page.path, page.front)[0]:
            problems.append(
                Problem(
                    "translation-unreviewed",
                    page.path,
                    page.front.lines.get("reviewed_by", 2),
                    "This translation is published without a sign-off of its own: its review dates are not a reviewer's.",
                    f'Keep it a draft (draft: true) until a named reviewer signs it off: make review PAGE={page.path.rpartition("/")[2]} BY="Name, role".',
                )
            )
        if record is not None:
            problems += self._behind(page, record, source_file, source, command)
        if not draft and self._is_draft(source_file):
            problems.append(
                Problem(
                    "translation-orphan",
                    page.path,
                    1,
                    f"This translation is published, but its English page, {source}, is a draft.",
                    "Make the translation a draft too (draft: true) until the English page is signed off.",
                )
            )
        return problems

    @staticmethod
    def _is_draft(source_file: Path) -> bool:
        front, _ = split_front_matter(source_file.name, source_file.read_text(encoding="utf-8-sig", errors="replace"))
        return front is not None and front.data.get("draft") is True

    def _behind(self, page: Page, record, source_file: Path, source: str, command: str) -> list[Problem]:
        shown = Path(page.path).parent.joinpath(source).as_posix()
        text = source_file.read_text(encoding="utf-8-sig", errors="replace")
        front, _ = split_front_matter(shown, text)
        if front is None:
            return []  # its own problem, reported on the source page
        late = behind(record, text.replace("\r\n", "\n")[front.body_offset :], last_updated(front))
        if late is None:
            return []
        today, limit = self.context.today, self.context.settings.translation_behind_error_days
        when = f"on {late.changed_on}" if late.changed_on else f"after this translation was made ({record.date})"
        what = f"The English page {shown} changed {when}: this translation was made from its earlier text."
        fix = f"Update the translation, then record it: {command}."
        if late.days(today) > limit:
            days = late.days(today)
            return [
                Problem(
                    "translation-outdated",
                    page.path,
                    page.front.lines.get(KEY, 2),
                    f"{what} It has been behind for {days} days, more than the limit of {limit} "
                    "(translation_behind_error_days).",
                    fix + " Or make it a draft (draft: true) until it is updated.",
                )
            ]
        return [Problem("translation-behind", page.path, page.front.lines.get(KEY, 2), what, fix)]
