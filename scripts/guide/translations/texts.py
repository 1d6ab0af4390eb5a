"""The engine's sentences in a translation's language: `guide/<name>.<language>.<ext>` where it
exists (the engine ships Spanish: templates/guide/*.es.*; a publisher adds its own in its
theme's guide/ folder), else the default one; dates written as that language writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import jinja2

from guide.texts import Texts, long_date, month_year

MONTHS = {
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
}


def date_in(language: str, day: dt.date) -> str:
    """A date as a reader of the language writes it: 20 de noviembre de 2026; 20 November 2026."""
    if language in MONTHS:
        return f"{day.day} de {MONTHS[language][day.month - 1]} de {day.year}"
    return long_date(day)


def month_year_in(language: str, day: dt.date) -> str:
    """noviembre de 2026; November 2026."""
    if language in MONTHS:
        return f"{MONTHS[language][day.month - 1]} de {day.year}"
    return month_year(day)


def localized_name(env: jinja2.Environment, name: str, language: str) -> str:
    """guide/x.es.html when a theme folder or the engine has it, else guide/x.html."""
    stem, _, suffix = name.rpartition(".")
    candidate = f"{stem}.{language}.{suffix}"
    try:
        env.get_template(candidate)
    except jinja2.TemplateNotFound:
        return name
    return candidate


class LanguageTexts(Texts):
    """A site's texts in one language: the same folders and values, each sentence in that
    language where a template in it exists; else the default sentence, whole (dates too), never
    a default sentence with dates of another language."""

    def __init__(self, base: Texts, language: str):
        super().__init__(*base._made_with)
        self.base = base
        self.language = language
        self.env.filters |= {
            "long_date": lambda day: date_in(language, day),
            "month_year": lambda day: month_year_in(language, day),
        }
        # The site's name and footer line in the language (setting site_in_language); the site's
        # own name still names its files (site_slug).
        self.words = (self.site.get("site_in_language") or {}).get(language, {})
        self.env.globals |= self.words

    @property
    def site_name(self) -> str:
        return self.words.get("site_name") or self.site["site_name"]

    def __reduce__(self):
        return (_language_texts, (*self._made_with, self.language))

    def render(self, name: str, **values) -> str:
        localized = localized_name(self.env, name, self.language)
        in_this_language = localized != name or name.rpartition(".")[0].endswith(f".{self.language}")
        return super().render(localized, **values) if in_this_language else self.base.render(name, **values)


def _language_texts(theme_dirs, site, contacts, root, language):
    return LanguageTexts(Texts(theme_dirs, site, contacts, root), language)


def in_language(texts: Texts, language: str | None) -> Texts:
    """The texts in a language (None: as they are)."""
    return texts if language is None else LanguageTexts(texts, language)


@contextmanager
def texts_in(build, language: str | None, cache: dict) -> Iterator[None]:
    """While a translation is rendered, the build's texts are those of its language."""
    if language is None:
        yield
        return
    if language not in cache:
        cache[language] = LanguageTexts(build.texts, language)
    default, build.texts = build.texts, cache[language]
    try:
        yield
    finally:
        build.texts = default


def handout_texts(texts: Texts, settings):
    """For the links to a topic's handouts: its texts, in the language of a translation listed
    in handout_pages (its page as published, e.g. es/relapses.md), else texts as they are."""
    from guide.translations.layout import translated_handout

    languages = {}
    for name in settings.handout_pages:
        language, built = translated_handout(name, settings.languages)
        if language:
            languages[built] = language
    return lambda page: in_language(texts, languages.get(page)) if languages.get(page) else texts
