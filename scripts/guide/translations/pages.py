"""What a reader of a guide in more than one language gets: each translation published at
`<language>/<page>/` outside the navigation, a language switcher on every page, a translation's
note of what it translates and how, the notice when the English page changed since, links
between translations kept in their language, and `lang` on every page."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from urllib.parse import unquote

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from guide.content.frontmatter import check_page_meta, split_front_matter
from guide.errors import LayoutError
from guide.outputs import downloads
from guide.outputs.page_html import H1_END
from guide.texts import Texts
from guide.theme_fixes import material, print_site
from guide.translations.layout import Layout, translated_dest
from guide.translations.markdown_words import MarkdownWords, load_glossaries
from guide.translations.navigation import LanguageNavigations
from guide.translations.record import behind, last_updated, read_record
from guide.translations.site_words import ConfigInLanguage, words_of
from guide.translations.texts import date_in, localized_name, texts_in
from guide.translations.texts import in_language as texts_in_language

# A Markdown link or image's target that names a page: [text](page.md#part "title").
PAGE_LINK = re.compile(r"(\]\(\s*<?)([^)\s>#]+\.md)(?=[#)\s>])")
# A reference-style link's definition that names a page: [ref]: page.md#part "title".
REFERENCE_LINK = re.compile(r"^( {0,3}\[[^\]\n]+\]:[ \t]*<?)([^\s>#]+\.md)(?=[#\s>]|$)", re.MULTILINE)
REFERENCES_TITLE = re.compile(r'(<h2 id="references">)References(<a class="headerlink"|</h2>)')
CITATION_LABEL = re.compile(r'(<a class="footnote-ref" href="[^"]*" )aria-label="Source (\d+)"')
SEARCH_HELP = re.compile(r"<div\b[^>]*\bdata-guide-search-help\b[^>]*>")
DIV_TAG = re.compile(r"<(/?)div\b")
ARTICLE = re.compile(r"<article\b[^>]*>")
BODY = re.compile(r"<body\b[^>]*>")
HTML_LANG = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")')


def localized(texts: Texts, name: str, language: str, **values) -> str:
    """A template in the language (guide/x.es.html), or the engine's default (guide/x.html)."""
    return texts.render(localized_name(texts.env, name, language), **values)


@dataclass
class TranslatedSite:
    layout: Layout
    docs_dir: Path
    texts: Texts
    urls: dict[str, str] = field(default_factory=dict)  # published page file -> its address
    language_texts: dict = field(default_factory=dict)  # language -> its LanguageTexts, made once
    downloads_pages: dict[str, str] = field(
        default_factory=dict
    )  # language -> its Downloads page, e.g. es/downloads.md
    navigations: LanguageNavigations = field(default_factory=LanguageNavigations)  # made in on_nav
    settings: object = None  # the guide's settings (site_in_language)

    def texts_for(self, build, src_uri: str):
        """While the page is rendered: the build's texts in the page's language (a translation)."""
        language = self.layout.language_of(src_uri)
        return texts_in(build, None if language == self.layout.default_language else language, self.language_texts)

    @classmethod
    def arrange(cls, files: Files, config, settings, texts: Texts) -> TranslatedSite | None:
        """Each translation moved to its language's folder and out of the navigation; None for a
        guide in one language (nothing changes)."""
        if not settings.languages:
            return None
        pages = files.documentation_pages(inclusion=InclusionLevel.all)
        try:
            default = str(config["theme"]["language"] or "en")
        except KeyError:  # the lean theme of a check has no language: the site's is English then
            default = "en"
        if default in settings.languages:
            raise LayoutError(
                f"mkdocs.yml: the guide plugin's setting languages lists '{default}', the theme's own "
                "language (theme: language). List only the languages the pages are translated into."
            )
        for language in settings.site_in_language:
            if language not in settings.languages:
                raise LayoutError(
                    f"mkdocs.yml: the guide plugin's setting site_in_language names '{language}', which "
                    "the setting languages does not list. List it under languages, or remove it."
                )
        layout = Layout.of([f.src_uri for f in pages], default, settings.languages)
        site = cls(layout, Path(config["docs_dir"]), texts, settings=settings)
        taken = {f.dest_uri: f.src_uri for f in pages if f.src_uri not in layout.translations}
        for file in pages:
            if file.src_uri in layout.translations:
                source, language = layout.translations[file.src_uri]
                source_file = files.get_file_from_path(source)
                if source_file is None:  # an orphan: reported by the check, published beside
                    source_file = File(source, file.src_dir, file.dest_dir, file.use_directory_urls)
                file.dest_uri = translated_dest(source_file.dest_uri, language)
                if file.dest_uri in taken:
                    raise LayoutError(
                        f"docs/{taken[file.dest_uri]} and docs/{file.src_uri} would both be published at "
                        f"{file.dest_uri}. Rename or move one of them (a translation is published in {language}/)."
                    )
                for cached in ("url", "abs_dest_path"):
                    file.__dict__.pop(cached, None)
        return site

    def prepare_markdown(self, config, build) -> None:
        """Once per build: each language's glossary (glossary.es.yml) and the Markdown extensions'
        words in each language (markdown_words.py); what is wrong in a glossary is reported."""
        glossaries, problems = load_glossaries(build.root, build.context.settings.glossary, self.layout.languages)
        build.add(problems)
        build.expansions |= {html_escape(t.expansion) for terms in glossaries.values() for t in terms if t.expansion}
        self.markdown_words = MarkdownWords.of(config, self.texts, build.terms, glossaries, self.layout.languages)

    def make_navigations(self, nav, files) -> None:
        """Once per build, when the navigation is known: the navigation in each language."""
        titles = {code: dict(words["nav_titles"]) for code, words in self.settings.site_in_language.items()}
        self.navigations = LanguageNavigations.of(
            nav, files, self.layout, self.urls, lambda code: texts_in_language(self.texts, code), titles
        )

    def page_language(self, page) -> str:
        """A page's language (the navigation cache's key has it): '' for the site's own."""
        file = getattr(page, "file", None)
        language = self.layout.language_of(file.src_uri) if file is not None else self.layout.default_language
        return "" if language == self.layout.default_language else language

    def in_language(self, context: dict, src_uri: str) -> None:
        """A translation's page context: the navigation and the site's own words in its language."""
        language = self.layout.language_of(src_uri)
        if language != self.layout.default_language:
            context.update(self.context_in(language, context))

    def context_in(self, language: str, context: dict) -> dict:
        """What a page context in the language has instead of the site's own (a translation, the
        language's print page): its navigation, and mkdocs.yml's settings with its words."""
        changed = {}
        nav = self.navigations.of_page(language)
        if nav is not None:
            changed["nav"] = nav
        words = words_of(self.settings, language)
        if words and "config" in context:
            changed["config"] = ConfigInLanguage(context["config"], words)
        return changed

    def before_render(self, src_uri: str, config) -> None:
        """The Markdown extensions' words in the page's language, while it is rendered."""
        language = self.layout.language_of(src_uri)
        self.markdown_words.use(config, None if language == self.layout.default_language else language)

    def published(self, files: Files) -> None:
        """Once drafts are known: the addresses of the pages published, each translation outside
        the navigation (no "not in the navigation" message for it)."""
        for file in files.documentation_pages(inclusion=InclusionLevel.all):
            if file.inclusion.is_excluded():
                continue
            if file.src_uri in self.layout.translations:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            self.urls[file.src_uri] = file.url

    def label(self, records, root: Path) -> None:
        """Each page's language on its record (content.facts.PageRecord), for the report and schedule."""
        docs = self.docs_dir.resolve()
        for record in records:
            path = (root / record.path).resolve()
            if path.is_relative_to(docs):
                record.language = self.layout.language_of(path.relative_to(docs).as_posix())

    def with_translations(self, saved: list, files: Files) -> list:
        """The preview, after a save: the pages saved and the translations of each (which say
        whether their English page changed), each once."""
        names = {file.src_uri for file in saved}
        more = [
            files.get_file_from_path(translation)
            for file in saved
            for translation in self.layout.by_source.get(file.src_uri, {}).values()
            if translation not in names
        ]
        return saved + [file for file in more if file is not None and file.page is not None]

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """A translation's links to pages that have a version in its language go to that version;
        a translation of the Downloads page gets its list in its language."""
        language = self.layout.language_of(src_uri)
        if language == self.layout.default_language:
            return markdown
        if downloads.MARKER in markdown:
            self.downloads_pages[language] = f"{language}/{self.layout.source_of(src_uri)}"
            markdown = markdown.replace(
                downloads.MARKER, downloads.placeholder(texts_in_language(self.texts, language))
            )
        folder = src_uri.rpartition("/")[0]

        def in_language(match: re.Match) -> str:
            target = match[2]
            # from a sub-folder too: 'topics/../x.md' is x.md
            source = posixpath.normpath(posixpath.join(folder, unquote(target)))
            translation = self.layout.by_source.get(source, {}).get(language)
            if translation is None or translation not in self.urls:
                return match[0]
            return match[1] + target[: -len(".md")] + f".{language}.md"

        return REFERENCE_LINK.sub(in_language, PAGE_LINK.sub(in_language, markdown))

    def page_html(self, src_uri: str, html: str, today: dt.date) -> str:
        """The switcher above the title; on a translation, what it translates and, when the
        source changed since, the notice, under it."""
        language = self.layout.language_of(src_uri)
        url = self.urls.get(src_uri, "")
        boxes = ""
        if language != self.layout.default_language:
            boxes = self._translation_boxes(src_uri, language, url, today)
        if boxes:
            html = H1_END.sub(lambda m: m[0] + boxes, html, count=1) if H1_END.search(html) else boxes + html
        if language != self.layout.default_language:
            html = self.markdown_words.mark_english(self._engine_words(html, language), language)
        return html

    def _engine_words(self, html: str, language: str) -> str:
        """The words the engine writes in Python (the References heading, "Source 3" on each
        citation), in the translation's language when a template gives them."""
        env = self.texts.env
        title_template = localized_name(env, "guide/references-title.html", language)
        if title_template != "guide/references-title.html":
            title = html_escape(self.texts.text(title_template))
            html = REFERENCES_TITLE.sub(lambda m: m[1] + title + m[2], html, count=1)
        label_template = localized_name(env, "guide/citation-label.html", language)
        if label_template != "guide/citation-label.html":
            html = CITATION_LABEL.sub(
                lambda m: m[1] + f'aria-label="{html_escape(self.texts.text(label_template, number=int(m[2])))}"', html
            )
        return html

    def toc_words(self, src_uri: str, toc) -> None:
        """A translation's table of contents names its References heading as the heading does
        (_engine_words), in its language."""
        language = self.layout.language_of(src_uri)
        if language == self.layout.default_language:
            return
        name = localized_name(self.texts.env, "guide/references-title.html", language)
        if name == "guide/references-title.html":
            return
        title = html_escape(self.texts.text(name))
        items = list(toc or [])
        while items:
            item = items.pop()
            if item.id == "references":
                item.title = title
            items += item.children

    def switcher(self, src_uri: str, url: str) -> str:
        language = self.layout.language_of(src_uri)
        names = {self.layout.default_language: self._default_name()} | self.layout.languages
        versions = []
        for code, file in self.layout.versions(src_uri).items():
            href = get_relative_url(self.urls[file], url) if file in self.urls else None
            versions.append(
                {
                    "code": code,
                    "name": names[code],
                    "href": href,
                    "current": file == src_uri,
                    "missing": localized(self.texts, "guide/translation-missing.html", code),
                }
            )
        label = localized(self.texts, "guide/language-label.html", language)
        return localized(self.texts, "guide/language-switcher.html", language, label=label, versions=versions)

    def _default_name(self) -> str:
        return {"en": "English", "es": "Español", "fr": "Français"}.get(
            self.layout.default_language, self.layout.default_language
        )

    def _translation_boxes(self, src_uri: str, language: str, url: str, today: dt.date) -> str:
        source = self.layout.source_of(src_uri)
        translation_text = (self.docs_dir / src_uri).read_text(encoding="utf-8-sig", errors="replace")
        front, _ = split_front_matter(src_uri, translation_text)
        record = read_record(src_uri, front)[0] if front else None
        source_path = self.docs_dir / source
        if record is None or not source_path.is_file():
            return ""
        text = source_path.read_text(encoding="utf-8-sig", errors="replace")
        source_front, _ = split_front_matter(source, text)
        meta = check_page_meta(source, source_front)[0] if source_front else None
        href = get_relative_url(self.urls[source], url) if source in self.urls else ""
        boxes = localized(
            self.texts,
            "guide/translation-source.html",
            language,
            source_title=meta.title if meta else source,
            source_href=href,
            method=record.method,
            translated_on=date_in(language, record.date),
        )
        body = text.replace("\r\n", "\n")[source_front.body_offset :] if source_front else ""
        late = behind(record, body, last_updated(source_front)) if source_front else None
        if late is not None:
            boxes += localized(
                self.texts,
                "guide/translation-behind.html",
                language,
                changed_on=date_in(language, late.changed_on) if late.changed_on else None,
                translated_on=date_in(language, record.date),
                source_href=href,
            )
        return boxes

    def page_written(self, src_uri: str, output: str) -> str:
        """The switcher at the top of the page's article (not in its content, which the print
        page and the handouts copy), and the page's own language on its <html> element."""
        switcher = self.switcher(src_uri, self.urls.get(src_uri, ""))
        at = ARTICLE.search(output) or BODY.search(output)
        output = output[: at.end()] + switcher + output[at.end() :] if at else switcher + output
        language = self.layout.language_of(src_uri)
        if language == self.layout.default_language:
            return output
        output = self._search_help(output, language, self.urls.get(src_uri, ""))
        output = material.named_header_buttons(output, src_uri)
        return HTML_LANG.sub(lambda m: m[1] + language + m[2], output, count=1)

    def print_page_written(self, html: str, language: str, name: str) -> str:
        """A language's print page (print_page.es.html, written outside the page events) as a
        translation is written: the search's help and the header buttons' names in its language."""
        html = material.named_header_buttons(self._search_help(html, language, name), name)
        link = localized_name(self.texts.env, "guide/permalink-title.html", language)
        return (
            print_site.section_link_titles(html, name, self.texts.text(link))
            if link != "guide/permalink-title.html"
            else html
        )

    def _search_help(self, output: str, language: str, url: str) -> str:
        """The help under the search when it finds nothing, in the page's language (the theme's
        search partial renders it once for every page, in the site's language)."""
        name = localized_name(self.texts.env, "guide/search-help.html", language)
        start = SEARCH_HELP.search(output)
        if name == "guide/search-help.html" or not start:
            return output
        end = _closing_div(output, start.end())
        if end < 0:
            return output

        def address(page: str) -> str:
            translated = self.layout.by_source.get(page, {}).get(language)
            target = translated if translated in self.urls else page
            return get_relative_url(self.urls[target], url) if target in self.urls else ""

        help_html = self.texts.render(
            name, contents_url=address("index.md") or ".", glossary_url=address("glossary.md")
        )
        return output[: start.end()] + help_html + output[end:]


def _closing_div(html: str, at: int) -> int:
    """Where the <div> open at `at` closes (the offset of its '</div>'), or -1."""
    depth = 1
    for tag in DIV_TAG.finditer(html, at):
        depth += -1 if tag[1] else 1
        if depth == 0:
            return tag.start()
    return -1
