"""`scripts/build.py translated PAGE --lang es --by "Name, role" [--method ...] [--date ...]`
(make translated): record in a translation which text of its English page it was made from, by
whom and how. One line of its front matter is written (`translation: {...}`), nothing else; the
result is read back before it replaces the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from guide.content.frontmatter import YEARS, FrontMatter, split_front_matter
from guide.errors import TranslationRefused
from guide.governance.signoff import _double_quoted, _write_atomically, text_fingerprint
from guide.translations.layout import translation_of
from guide.translations.record import KEY, METHODS, behind, last_updated, read_record


def record_line(fingerprint: str, source_updated: dt.date | None, by: str, method: str, on: dt.date) -> str:
    updated = f"source_updated: {source_updated.isoformat()}, " if source_updated else ""
    return (
        f"{KEY}: {{source_text: {_double_quoted(fingerprint)}, {updated}by: {_double_quoted(by)}, "
        f"method: {method}, date: {on.isoformat()}}}"
    )


def _front(path: str, text: str) -> FrontMatter:
    front, problems = split_front_matter(path, text.replace("\r\n", "\n"))
    if front is None:
        raise TranslationRefused(str(problems[0]))
    return front


def record_translation(
    source_text: str, translation_text: str, path: str, by: str, method: str, on: dt.date, today: dt.date
) -> str:
    """The translation's text with its record set for the source page's text as it is now."""
    if not by.strip() or "," not in by or any(ord(c) < 32 or c in "<>" for c in by):
        raise TranslationRefused(
            f'{path}: The translator is not given as "Name, role" in plain text. '
            'Give who translated it, e.g. BY="Ana Ruiz, medical translator".'
        )
    if method not in METHODS:
        raise TranslationRefused(f"{path}: The method {method!r} is unknown. Give one of: {', '.join(METHODS)}.")
    if on > today or on.year not in YEARS:
        raise TranslationRefused(
            f"{path}: The date {on} is not a day on or before today ({today}). Give the day it was translated."
        )
    source_path = path.rpartition(".")[0].rpartition(".")[0] + ".md"
    source_front = _front(source_path, source_text)
    body = source_text.replace("\r\n", "\n")[source_front.body_offset :]
    line = record_line(text_fingerprint(body), last_updated(source_front), by.strip(), method, on)

    front = _front(path, translation_text)
    newline = "\r\n" if "\r\n" in translation_text.split("\n", 1)[0] + "\n" else "\n"
    lines = translation_text.split("\n")
    if KEY in front.data:
        at = front.lines[KEY] - 1  # 0-based line of the file
        nested = [n for key, n in front.paths.items() if key[:1] == (KEY,) and len(key) > 1]
        if not lines[at].startswith(f"{KEY}:") or any(n != at + 1 for n in nested):
            raise TranslationRefused(
                f"{path}:{at + 1}: '{KEY}' is not written on one line, so it cannot be replaced safely. "
                "Delete it, then record the translation again."
            )
        lines[at] = line + ("\r" if lines[at].endswith("\r") else "")
    else:
        closing = front.body_line - 2  # the closing '---'
        lines.insert(closing, line + ("\r" if newline == "\r\n" else ""))
    new_text = "\n".join(lines)
    new_front = _front(path, new_text)
    record, problems = read_record(path, new_front)
    others = {key: value for key, value in new_front.data.items() if key != KEY}
    before = {key: value for key, value in front.data.items() if key != KEY}
    body_before = translation_text.replace("\r\n", "\n")[front.body_offset :]
    if (
        problems
        or record is None
        or others != before
        or new_text.replace("\r\n", "\n")[new_front.body_offset :] != body_before
    ):
        raise TranslationRefused(
            f"{path}: The record could not be written without changing other settings, so the page was "
            "left as it was. Check its front matter, then record the translation again."
        )
    return new_text


def run_translated(config, config_file: Path, page: str, language: str, by: str, method: str, on, today) -> str:
    """Record the translation of `page` (the source page, e.g. relapses.md) into `language`;
    returns the line the command prints."""
    project = config_file.parent
    docs = Path(config["docs_dir"]).resolve()
    languages = config.plugins["guide"].config.languages
    if language not in languages:
        known = ", ".join(languages) or "none (set languages in the guide plugin's settings)"
        raise TranslationRefused(
            f"{config_file.name}: {language!r} is not a language of this guide. Give one of: {known}."
        )
    name = (
        page.removeprefix(docs.relative_to(project.resolve()).as_posix() + "/")
        if docs.is_relative_to(project.resolve())
        else page
    )
    source = (docs / name).resolve()
    if not name.endswith(".md") or not source.is_relative_to(docs) or not source.is_file() or source.is_symlink():
        raise TranslationRefused(
            f"{page}: there is no such page in {docs.name}/. Give the English page's file name, e.g. relapses.md."
        )
    translation = source.with_name(f"{source.name[: -len('.md')]}.{language}.md")
    shown = (
        translation.relative_to(project.resolve()).as_posix()
        if translation.is_relative_to(project.resolve())
        else str(translation)
    )
    if translation.is_symlink():
        raise TranslationRefused(
            f"{shown}: the translation is a link to another file. Replace it with the page itself."
        )
    if not translation.is_file():
        raise TranslationRefused(
            f"{shown}: the translation does not exist yet. Write it there (with draft: true until its "
            "sign-off), then record it."
        )
    try:
        source_text = source.read_bytes().decode("utf-8-sig")
        translation_text = translation.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise TranslationRefused(f"{shown}: a page is not UTF-8 text. Save it as UTF-8, then record it again.") from err
    new_text = record_translation(source_text, translation_text, shown, by, method, on, today)
    _write_atomically(translation, new_text.encode("utf-8"))
    return (
        f"{shown}: recorded as a translation of {source.name} as it is now, {METHODS[method]} "
        f'({by.strip()}, {on}). Ask a reviewer to sign it off: make review PAGE={translation.name} BY="Name, role".'
    )


def follow_source_on_sign_off(config, config_file: Path, page: Path, today: dt.date) -> str | None:
    """After a translation's sign-off (make review): its reviewer checked it against the English
    page as it is now, so its record follows that text from now on (`source_text` and
    `source_updated`; the translator, method and date stay). Returns the line to print, or None
    when the page is not a translation, records nothing, or was not behind."""
    docs = Path(config["docs_dir"]).resolve()
    languages = config.plugins["guide"].config.languages
    if not page.resolve().is_relative_to(docs):
        return None
    found = translation_of(page.resolve().relative_to(docs).as_posix(), languages)
    source = docs / found[0] if found else None
    if source is None or not source.is_file():
        return None
    shown = page.resolve().relative_to(config_file.parent.resolve()).as_posix()
    text = page.read_bytes().decode("utf-8")
    record, _ = read_record(shown, _front(shown, text))
    source_text = source.read_bytes().decode("utf-8-sig")
    source_front = _front(source.name, source_text)
    body = source_text.replace("\r\n", "\n")[source_front.body_offset :]
    if record is None or behind(record, body, last_updated(source_front)) is None:
        return None
    new_text = record_translation(source_text, text, shown, record.by, record.method, record.date, today)
    _write_atomically(page, new_text.encode("utf-8"))
    return (
        f"{shown}: its reviewer checked it against {source.name} as it is now: its translation record "
        "follows that text from now on."
    )
