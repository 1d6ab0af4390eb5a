"""Which page translates which, by the suffix convention: `relapses.es.md` translates
`relapses.md` into the language `es`, and is published at `es/` + the source page's address."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ISO 639-1 or -2 code, with an optional region: es, pt-br.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z]{2})?", re.ASCII)


def translation_of(src_uri: str, languages) -> tuple[str, str] | None:
    """(source page, language) when src_uri is a translation of a configured language, e.g.
    ('relapses.md', 'es') for 'relapses.es.md'; None for any other file."""
    if not src_uri.endswith(".md"):
        return None
    head, dot, language = src_uri[: -len(".md")].rpartition(".")
    if not dot or language not in languages or not head or head.endswith("/"):
        return None
    return head + ".md", language


def translated_dest(source_dest_uri: str, language: str) -> str:
    """Where a translation is published: 'es/relapses/index.html' for 'relapses/index.html'."""
    return f"{language}/{source_dest_uri}"


@dataclass
class Layout:
    """The translations of one site: which files translate which pages."""

    default_language: str  # the theme's language, e.g. en
    languages: dict[str, str]  # the other languages: code -> its own name, e.g. {'es': 'Español'}
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # file -> (source, language)
    by_source: dict[str, dict[str, str]] = field(default_factory=dict)  # source -> {language: file}

    @classmethod
    def of(cls, src_uris, default_language: str, languages: dict[str, str]) -> Layout:
        layout = cls(default_language, dict(languages))
        for src_uri in sorted(src_uris):
            found = translation_of(src_uri, languages)
            if found:
                layout.translations[src_uri] = found
                layout.by_source.setdefault(found[0], {})[found[1]] = src_uri
        return layout

    def language_of(self, src_uri: str) -> str:
        found = self.translations.get(src_uri)
        return found[1] if found else self.default_language

    def source_of(self, src_uri: str) -> str:
        """The page a file translates, or the file itself."""
        found = self.translations.get(src_uri)
        return found[0] if found else src_uri

    def versions(self, src_uri: str) -> dict[str, str | None]:
        """Every language's version of a page (None: not translated), the default first."""
        source = self.source_of(src_uri)
        have = self.by_source.get(source, {})
        return {self.default_language: source} | {code: have.get(code) for code in self.languages}


def translated_page(context, path: str) -> tuple[str, str] | None:
    """(source page, language) when the page at path (as messages show it, e.g.
    docs/relapses.es.md) is a translation; context: a check's Context."""
    absolute = (context.root / path).resolve()
    docs = context.docs_dir.resolve()
    if not context.settings.languages or not absolute.is_relative_to(docs):
        return None
    return translation_of(absolute.relative_to(docs).as_posix(), context.settings.languages)


def translated_handout(page_name: str, languages) -> tuple[str | None, str]:
    """(language, the page's name as published) of a page listed in handout_pages:
    ('es', 'es/relapses.md') for 'relapses.es.md'; (None, name) for a page of the source language."""
    found = translation_of(page_name, languages)
    if not found:
        return None, page_name
    source, language = found
    return language, f"{language}/{source}"
