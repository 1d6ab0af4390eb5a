"""The whole guide in each language (issue 26): print-site's own print page, written once more
per language with the navigation's pages swapped for their translations, so that the whole-guide
PDF of a language is printed the way the English one is (its contents, its page numbers, the
guide's repairs of the print page, the gate, the link check).

A page of the navigation without a published translation (none, or a draft) is not printed in
English: in its place stands a short entry in the language (guide/print-untranslated.html) that
names the English page and gives its website address. The print page of a language is
print_page.<language>.html beside the English one (offline copy only: the PDFs are printed from it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

from guide.content.urls import website_path
from guide.outputs.cover import cover_html
from guide.texts import Texts
from guide.theme_fixes import material
from guide.theme_fixes.print_site import PRINT_PAGES, page_key
from guide.translations.layout import Layout
from guide.translations.texts import in_language, localized_name

# A link of a language's print page to a part of an untranslated page ('#questions-what-to-ask'):
# its entry ('#questions') holds no parts.
IN_PAGE_HREF = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')


def print_page_name(english_name: str, language: str) -> str:
    """print_page.html -> print_page.es.html; print_page/index.html -> print_page/index.es.html."""
    stem, dot, suffix = english_name.rpartition(".")
    return f"{stem}.{language}.{suffix}" if dot else f"{english_name}.{language}"


@dataclass
class Entry:
    """Stands for a page in print-site's navigation items: the translation, or the entry that
    says there is none (with the English page's address, so that links to it land on the entry)."""

    title: str
    url: str
    file: object
    html: str
    meta: dict = field(default_factory=dict)
    untranslated: bool = False
    source: object = None  # the English page, when this is its translation
    is_page: bool = True
    is_section: bool = False


@dataclass
class Section:
    title: str
    children: list
    is_page: bool = False
    is_section: bool = True


def items_in_language(
    items,
    language: str,
    layout: Layout,
    urls: dict,
    pages: dict,
    untranslated,
    section_title=lambda title: title,
    entry_title=lambda title: title,
) -> list:
    """print-site's navigation items with each page in the language: its translation when it is
    published and rendered (pages: file -> its MkDocs page), else untranslated(page) under
    entry_title(its English title); each section titled section_title(its English title)."""
    result = []
    for item in items:
        if getattr(item, "is_section", False):
            children = items_in_language(
                item.children, language, layout, urls, pages, untranslated, section_title, entry_title
            )
            result.append(Section(section_title(item.title), children))
        elif getattr(item, "is_page", False):
            translation = layout.by_source.get(item.file.src_uri, {}).get(language)
            page = pages.get(translation) if translation in urls else None
            if page is not None and hasattr(page, "html"):
                # the English page's file: print-site's `exclude` setting names the English pages
                result.append(Entry(page.title, page.url, item.file, page.html, dict(page.meta or {}), source=item))
            else:
                title = entry_title(item.title)
                result.append(Entry(title, item.url, item.file, untranslated(item), untranslated=True))
        else:
            result.append(item)  # a link: print-site leaves it out
    return result


def print_page_title(texts: Texts, language: str) -> str:
    """The print page's own title in the language (guide/print-page-title.<language>.html), as
    HTML (the theme writes it as it is); '' keeps print-site's."""
    name = localized_name(texts.env, "guide/print-page-title.html", language)
    return html_escape(texts.text(name)) if name != "guide/print-page-title.html" else ""


def contents_title(texts: Texts, language: str, default: str) -> str:
    """The print page's contents heading in the language (guide/print-contents-title.<language>.html)."""
    name = localized_name(texts.env, "guide/print-contents-title.html", language)
    return texts.text(name) if name != "guide/print-contents-title.html" else default


def to_existing_entries(html: str, entries: set[str], english: dict[str, str]) -> str:
    """A link to a part of a page printed as its untranslated entry (entries: their keys on the
    print page, e.g. questions) leads to the entry, which has no parts; a link to an English page
    whose translation is printed instead (a translation's note of what it translates; english:
    its key -> its website address) leads to the English page on the website."""
    ids = set(ID.findall(html))

    def existing(match: re.Match) -> str:
        target = match[1]
        if target in ids:
            return match[0]
        # the longest key first: 'relapses-care' before 'relapses'
        key = next((key for key in sorted(entries, key=len, reverse=True) if target.startswith(key + "-")), None)
        if key:
            return f'href="#{key}"'
        for key, address in sorted(english.items(), key=lambda pair: len(pair[0]), reverse=True):
            if address and (target == key or target.startswith(key + "-")):
                part = target[len(key) + 1 :]
                return f'href="{html_escape(address + ("#" + part if part else ""))}"'
        return match[0]

    return IN_PAGE_HREF.sub(existing, html)


def untranslated_keys(items) -> set[str]:
    """The print page's keys of the untranslated entries among items."""
    keys = set()
    for item in items:
        if isinstance(item, Section):
            keys |= untranslated_keys(item.children)
        elif isinstance(item, Entry) and item.untranslated:
            keys.add(page_key(item.url))
    return keys


def english_addresses(items, address) -> dict[str, str]:
    """The print page's key of each English page whose translation is printed -> its website
    address (address(file): a page's address)."""
    found = {}
    for item in items:
        if isinstance(item, Section):
            found |= english_addresses(item.children, address)
        elif isinstance(item, Entry) and item.source is not None:
            found[page_key(item.source.url)] = address(item.source.file)
    return found


def print_page_in_language(
    printer,
    config,
    items: list,
    contents: str,
    labels_language: str | None,
    english: dict[str, str],
    in_language: dict | None = None,
    page_title: str = "",
) -> str:
    """print-site's print page made again with these items (and contents heading), as print-site
    wrote it; the English print page it wrote before is left as it was. english: to_existing_entries;
    in_language: the page context's values in the language (its navigation, the site's words)."""
    its_page = Path(printer.print_page.file.abs_dest_path)
    written = its_page.read_bytes()
    saved = printer.renderer.items, printer.config["toc_title"], dict(printer.context)
    saved_title = printer.print_page.__dict__.get("title")  # MkDocs' Page.title: a weak property
    try:
        if page_title:
            printer.print_page.title = page_title
        printer.renderer.items = items
        printer.config["toc_title"] = contents
        if labels_language:
            printer.context["guide_language"] = labels_language  # Material's labels (theme_partials)
        printer.context.update(in_language or {})
        printer.on_post_build(config)
        return to_existing_entries(its_page.read_text(encoding="utf-8"), untranslated_keys(items), english)
    finally:
        printer.renderer.items, printer.config["toc_title"] = saved[0], saved[1]
        printer.context.clear()
        printer.context.update(saved[2])
        printer.print_page.title = saved_title
        its_page.write_bytes(written)


def write_print_pages(site, printer, config, files, build) -> dict[str, str]:
    """Each language's print page beside the English one (site: the TranslatedSite; build: the
    Build, whose print_page repairs, gates and checks it as it does the English one). Returns
    each print page's name in the site and its text as published, which the build writes."""
    if printer is None or not printer.config.get("enabled") or not hasattr(printer, "print_page"):
        return {}
    english = Path(printer.print_page.file.abs_dest_path)
    site_dir = Path(config["site_dir"])
    english_name = english.relative_to(site_dir).as_posix()
    if english_name not in PRINT_PAGES or not english.is_file():
        return {}
    pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}

    def address(dest_uri: str) -> str:
        """A built file's address on the website ('' without site_url)."""
        path = website_path(dest_uri, build.website_directory_urls)
        return build.site_url.rstrip("/") + "/" + path if build.site_url else ""

    written = {}
    for language in site.layout.languages:
        texts = in_language(build.texts, language)
        entry = localized_name(texts.env, "guide/print-untranslated.html", language)
        items = items_in_language(
            printer.renderer.items,
            language,
            site.layout,
            site.urls,
            pages,
            lambda item, texts=texts, entry=entry: texts.render(
                entry, title=item.title, address=address(item.file.dest_uri)
            ),
            site.navigations.section_title(language),
            site.navigations.english_title(language),
        )
        html = print_page_in_language(
            printer,
            config,
            items,
            contents_title(texts, language, printer.config.get("toc_title") or ""),
            material.labels_language(config["theme"], language),
            english_addresses(items, lambda file: address(file.dest_uri)),
            site.context_in(language, printer.context),
            print_page_title(texts, language),
        )
        name = print_page_name(english_name, language)
        html = site.print_page_written(html, language, name)
        statuses = [r.review for r in build.pages.values() if r.language == language and r.review and r.clinical]
        home = site.layout.by_source.get("index.md", {}).get(language)
        home_file = files.get_file_from_path(home) if home in site.urls else None
        cover = cover_html(
            texts, build.today, statuses, (address(home_file.dest_uri) if home_file else "") or build.site_url
        )
        written[name] = build.print_page(html, name, cover)
    return written
