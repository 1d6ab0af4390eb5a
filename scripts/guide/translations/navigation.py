"""The navigation in each language (issue 26): on a translation, the sidebar, its previous/next
links and the logo's link lead to the pages in the translation's language.

Made once per build and language (on_nav), from MkDocs' navigation: a page with a published
translation is that translation (its own title, active when it is shown); a page without one is an
entry leading to the English page, its English title marked lang="en" with a note in the language
(guide/nav-untranslated.<language>.html); a section or link keeps its place, titled as the
setting site_in_language: {es: {nav_titles: {...}}} gives, else in English, marked so."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as html_escape

from markupsafe import Markup
from mkdocs.structure.nav import Link, Navigation, Section

from guide.texts import Texts
from guide.translations.layout import Layout
from guide.translations.texts import localized_name

UNTRANSLATED = "guide/nav-untranslated.html"


class EnglishTitle(str):
    """An English title shown on a page in another language. The theme writes a title into HTML
    as it is ({{ item.title }}: here `<span lang="en">…</span>` and the note) and into attributes
    escaped ({{ item.title | e }}: Material's footer's aria-label): escaping takes __html__, the
    plain words, so a screen reader never hears markup. tests/test_translations.py proves both."""

    plain: str

    def __new__(cls, html: str, plain: str) -> EnglishTitle:
        title = super().__new__(cls, html)
        title.plain = plain
        return title

    def __html__(self) -> str:
        return html_escape(self.plain)


def english_title(texts: Texts, language: str, title: str) -> EnglishTitle:
    """A title left in English on a page in `language`: marked lang="en", with the language's
    note when it has one (guide/nav-untranslated.es.html: "(en inglés)")."""
    name = localized_name(texts.env, UNTRANSLATED, language)
    html = texts.render(name, title=title).strip() or html_escape(title)
    plain = " ".join(texts.text(name, title=title).split())
    return EnglishTitle(html, plain or title)


class UntranslatedPage(Link):
    """A page of the navigation with no published translation in the language: it leads to the
    English page, under its English title (as the page has it once rendered), marked English."""

    def __init__(self, page, texts: Texts, language: str):
        # Link's own __init__ would set the title, which here follows the English page's.
        self.page, self.texts, self.language = page, texts, language
        self.parent = None

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def title(self) -> EnglishTitle:
        return english_title(self.texts, self.language, str(self.page.title or self.page.file.src_uri))


@dataclass
class LanguageNavigations:
    """Each language's navigation, made once per build."""

    by_language: dict[str, Navigation] = field(default_factory=dict)
    title_in: dict = field(default_factory=dict)  # language -> its title_of (a section's or link's title)
    untranslated_in: dict = field(default_factory=dict)  # language -> a page's English title, marked

    @classmethod
    def of(cls, nav: Navigation, files, layout: Layout, urls: dict, texts_in, titles: dict) -> LanguageNavigations:
        """nav: MkDocs' navigation (in the source language); urls: the published pages' files;
        texts_in(language): the engine's texts in that language; titles: {language: {English
        section or link title: its title in that language}}."""
        made = cls()
        for language in layout.languages:
            texts = texts_in(language)
            made.title_in[language] = title_of = _titles(texts, language, titles.get(language, {}))
            made.untranslated_in[language] = lambda title, texts=texts, language=language: english_title(
                texts, language, title
            )
            made.by_language[language] = _navigation(nav, files, layout, urls, language, texts, title_of)
        return made

    def of_page(self, language: str) -> Navigation | None:
        return self.by_language.get(language)

    def english_title(self, language: str):
        """A page's English title marked so, in the language (the whole guide's contents)."""
        return self.untranslated_in.get(language) or (lambda title: title)

    def section_title(self, language: str):
        """A section's title in the language, as HTML (the whole guide's print page)."""
        return self.title_in.get(language) or (lambda title: title)


def _titles(texts: Texts, language: str, titles: dict[str, str]):
    def title_of(title: str):
        translated = titles.get(title)
        if translated:
            return Markup(html_escape(translated))
        return english_title(texts, language, title)

    return title_of


def _navigation(nav, files, layout, urls, language, texts, title_of) -> Navigation:
    sequence: list = []  # every page-like item, in reading order: for previous and next

    def copy(items, parent) -> list:
        result = []
        for item in items:
            if item.is_section:
                section = Section(title_of(item.title), [])
                section.parent = parent
                section.children = copy(item.children, section)
                result.append(section)
            elif item.is_page:
                translation = layout.by_source.get(item.file.src_uri, {}).get(language)
                file = files.get_file_from_path(translation) if translation in urls else None
                if file is not None and file.page is not None:
                    entry = file.page
                else:
                    entry = UntranslatedPage(item, texts, language)
                entry.parent = parent
                sequence.append(entry)
                result.append(entry)
            else:
                link = Link(title_of(item.title), item.url)
                link.parent = parent
                result.append(link)
        return result

    items = copy(nav.items, None)
    pages = [entry for entry in sequence if not isinstance(entry, UntranslatedPage)]
    for n, entry in enumerate(sequence):
        if isinstance(entry, UntranslatedPage):
            continue  # the English page keeps its own previous and next
        entry.previous_page = sequence[n - 1] if n > 0 else None
        entry.next_page = sequence[n + 1] if n + 1 < len(sequence) else None
    navigation = Navigation(items, pages)
    home = layout.by_source.get("index.md", {}).get(language)
    home_file = files.get_file_from_path(home) if home in urls else None
    navigation.homepage = home_file.page if home_file is not None and home_file.page else nav.homepage
    return navigation
