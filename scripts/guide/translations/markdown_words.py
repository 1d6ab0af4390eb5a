"""The words the Markdown extensions write into a page, in a translation's language (issue 26):
the glossary's tooltips (abbr), the footnotes' back-link titles and the headings' link titles
(toc). MkDocs makes a new Markdown converter for each page from mkdocs.yml's extension
settings, so the settings are those of the page's language while it is rendered.

A translation's tooltips come from the glossary's file in its language, beside the glossary and
named by the same suffix convention as the pages (glossary.yml -> glossary.es.yml): an entry
there gives its term's Spanish tooltip (and a Spanish term or alias its own). A term it does not
give keeps the English tooltip, marked lang="en" on the page. The back-link and heading-link
titles are templates (guide/footnote-backlink-title.<language>.html with {number},
guide/permalink-title.<language>.html); a language without them keeps mkdocs.yml's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from guide.content.glossary import Term, abbreviations, load_glossary
from guide.errors import DataFileError
from guide.problems import Problem
from guide.texts import Texts
from guide.translations.texts import localized_name

ABBR_TITLE = re.compile(r'<abbr\b([^>]*?)\stitle="([^"]*)"')


def glossary_in(glossary: str, language: str) -> str:
    """data/glossary.yml -> data/glossary.es.yml."""
    path = Path(glossary)
    return path.with_name(f"{path.stem}.{language}{path.suffix}").as_posix()


def load_glossaries(root: Path, glossary: str, languages) -> tuple[dict[str, list[Term]], list]:
    """Each language's glossary file that exists (language -> its terms), and what is wrong in them."""
    found, problems = {}, []
    for language in languages:
        shown = glossary_in(glossary, language)
        if not (root / shown).is_file():
            continue
        if (root / shown).resolve().parent != (root / glossary).resolve().parent:
            # The glossary's own path is judged by config_gate; its sibling must not lead elsewhere.
            problems.append(
                Problem(
                    "glossary-invalid",
                    shown,
                    0,
                    "This is a link out of the glossary's folder.",
                    "Replace the link with the file itself.",
                )
            )
            continue
        try:
            terms, its_problems = load_glossary(root / shown, shown)
        except DataFileError as err:
            problems.append(err.problem)
            continue
        found[language] = terms
        problems += its_problems
    return found, problems


def _as_attribute(text: str) -> str:
    """A tooltip as Python-Markdown writes it in the title attribute."""
    return escape(text, quote=False).replace('"', "&quot;")


def _template_text(texts: Texts, name: str, language: str) -> str | None:
    localized = localized_name(texts.env, name, language)
    return texts.text(localized).strip() if localized != name else None


@dataclass
class MarkdownWords:
    """mkdocs.yml's extension settings of the site's language, and each translation's."""

    defaults: dict[str, dict] = field(default_factory=dict)  # extension -> {setting: value}
    languages: dict[str, dict[str, dict]] = field(default_factory=dict)  # language -> the same
    english_tooltips: dict[str, set[str]] = field(default_factory=dict)  # language -> tooltips left in English

    @classmethod
    def of(
        cls, config, texts: Texts, english: list[Term], glossaries: dict[str, list[Term]], languages
    ) -> MarkdownWords:
        mdx = config["mdx_configs"]
        names = {extension if isinstance(extension, str) else "" for extension in config["markdown_extensions"]}
        words = cls()
        if "glossary" in mdx.get("abbr", {}):
            words.defaults["abbr"] = {"glossary": mdx["abbr"]["glossary"]}
        if "footnotes" in names:
            words.defaults["footnotes"] = {"BACKLINK_TITLE": mdx.get("footnotes", {}).get("BACKLINK_TITLE")}
        if "toc" in names:
            words.defaults["toc"] = {"permalink_title": mdx.get("toc", {}).get("permalink_title")}
        for language in languages:
            settings = {}
            if "abbr" in words.defaults:
                own = abbreviations(glossaries.get(language, []))
                mixed = abbreviations(english) | own
                settings["abbr"] = {"glossary": mixed}
                words.english_tooltips[language] = {
                    _as_attribute(tooltip) for form, tooltip in mixed.items() if form not in own
                } - {_as_attribute(tooltip) for tooltip in own.values()}
            backlink = _template_text(texts, "guide/footnote-backlink-title.html", language)
            if backlink and "footnotes" in words.defaults:
                settings["footnotes"] = {"BACKLINK_TITLE": backlink.replace("{number}", "{}")}
            permalink = _template_text(texts, "guide/permalink-title.html", language)
            if permalink and "toc" in words.defaults:
                settings["toc"] = {"permalink_title": permalink}
            words.languages[language] = settings
        return words

    def use(self, config, language: str | None) -> None:
        """Before a page is rendered: the settings of its language (None: the site's)."""
        mdx = config["mdx_configs"]
        for extension, settings in self.defaults.items():
            chosen = self.languages.get(language, {}).get(extension, settings) if language else settings
            for key, value in chosen.items():
                if value is None:
                    mdx.get(extension, {}).pop(key, None)
                else:
                    mdx.setdefault(extension, {})[key] = value

    def mark_english(self, html: str, language: str) -> str:
        """Each tooltip left in English on a translation says so (lang="en")."""
        english = self.english_tooltips.get(language)
        if not english:
            return html
        return ABBR_TITLE.sub(
            lambda m: f'<abbr lang="en"{m[1]} title="{m[2]}"' if m[2] in english and "lang=" not in m[1] else m[0],
            html,
        )
