"""One build of the guide, event by event: what each of MkDocs' events asks of the registered
checks (checks/), and the transforms that make the page a reader gets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import NamedTuple

from guide.checks.base import Check, Context, Page
from guide.checks.front_matter import icon_exists, template_exists
from guide.checks.links import (
    BuiltPage,
    LinkReport,
    SourcePage,
    check_site_links,
    extra_hashes,
    fragment_links,
    parse_built_page,
    unparsable_targets,
)
from guide.checks.originality import read_fingerprint
from guide.checks.registry import REGISTERED
from guide.checks.safety import locate, parse_document, unsafe_content, without_marked_sections
from guide.content.abbr_forms import WholeFormAbbrExtension
from guide.content.bibliography import Reference, load_bibliography
from guide.content.facts import content_facts, source_facts
from guide.content.frontmatter import (
    THEME_KEYS,
    FrontMatter,
    PageMeta,
    check_page_meta,
    split_front_matter,
    theme_key_problems,
)
from guide.content.get_help import cited_by_help
from guide.content.glossary import Term, abbreviations, load_glossary
from guide.content.page_markdown import CHANGES_MARKER, GLOSSARY_MARKER, assemble
from guide.content.search_vocabulary import load_vocabulary, search_data
from guide.content.urls import website_path
from guide.errors import DataFileError
from guide.outputs import downloads
from guide.outputs.cover import cover_html
from guide.outputs.html_fixes import harden, harden_part, stands_alone
from guide.outputs.page_html import (
    add_review_boxes,
    box_titles_as_headings,
    first_uses_only,
    for_print_page,
    keyboard_and_screen_reader_friendly,
    labelled_citations,
    reachable_terms,
    unique_footnote_ids,
)
from guide.outputs.published_html import HTML_SUFFIXES, SITEMAP, is_markup_file, publishable, unreadable_markup
from guide.outputs.review_html import (
    changes_html,
    draft_notice_html,
    overdue_notice_html,
    recent_changes_markdown,
    report_mistake_html,
    review_footer_html,
    with_status_script,
)
from guide.session import PageRecord, Session, log
from guide.settings import GuideSettings, RunOptions
from guide.texts import Texts
from guide.theme_fixes import material, print_site
from guide.theme_fixes.nav_cache import Fragment, NavCache
from guide.theme_fixes.print_site import page_key
from guide.translations.layout import translation_of
from guide.translations.search import search_languages

# The addresses of a rendered page's links (MkDocs writes attributes in double quotes).
HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def as_theme_text(key: str, value):
    """A front matter value as the theme may insert it as it is. A title is escaped by the theme
    in some places and not in others: it loses what could end an element or an attribute,
    instead of being escaped twice; its '&' is written 'and', because the theme's `striptags`
    turns an entity such as '&lt;' back into '<' in the page's <title>. Every other text is
    escaped (the description lands in an attribute)."""
    if not isinstance(value, str):
        return value
    text = value.replace("<", "").replace(">", "")
    if key == "title":
        return re.sub('"([^"]*)"', "“\\1”", text).replace('"', "”").replace("&", "and")
    return html_escape(text)


def theme_texts(config) -> list[tuple[str, str]]:
    """mkdocs.yml's values that the theme writes into pages as they are: (what, value)."""
    texts = [(f"setting '{key}'", config.get(key)) for key in ("site_name", "site_description", "site_author")]

    def titles(items):
        for item in items if isinstance(items, list) else []:
            for title, value in item.items() if isinstance(item, dict) else []:
                yield ("navigation title", title)
                yield from titles(value)

    return [(what, value) for what, value in [*texts, *titles(config.get("nav"))] if isinstance(value, str)]


class Source(NamedTuple):
    """A page as read: its text, its front matter and what checking it found."""

    path: str  # as shown in messages, e.g. docs/relapses.md
    text: str
    front: FrontMatter | None
    meta: PageMeta | None  # None when the front matter is missing or broken
    problems: list  # of reading the file and checking its front matter


@dataclass
class GuideBuild:
    root: Path
    site_url: str
    session: Session
    context: Context
    checks: list[Check]
    sources: dict[str, SourcePage] = field(default_factory=dict)  # built file -> source
    print_sections: dict[str, SourcePage] = field(default_factory=dict)  # print page key -> source
    built_pages: dict[str, BuiltPage] = field(default_factory=dict)  # built file -> its links and ids
    expansions: set[str] = field(default_factory=set)  # as they stand in HTML titles
    drafts: dict[str, str] = field(default_factory=dict)  # built file -> its page, e.g. docs/new.md
    # (change, page title, page file in docs/) of every page that is published, for Recent changes
    changes: list[tuple] = field(default_factory=list)
    # Set when the sources cannot be built safely (a link out of docs/, a data file that is not
    # YAML): the build stops before MkDocs reads them, with these problems.
    stopped: bool = False
    page_sources: dict[str, Source] = field(default_factory=dict)  # file -> the page as read (page_source)
    pages: dict[str, Page] = field(default_factory=dict)  # file -> the page as the checks see it
    texts: Texts = field(default_factory=Texts)  # the reader's sentences (templates)
    # The navigation's items rendered once per depth (theme_fixes/nav_cache.py), set by the
    # plugin for each build when the theme has the cached partial
    nav: NavCache | None = None
    gated: set[str] = field(default_factory=set)  # built files written through the gate (published)
    # The preview (it shows drafts in the navigation, which a build leaves out): the addresses in
    # each built file's own content, the only links to a draft that count, as in a check.
    content_links: dict[str, set[str]] | None = None
    website_directory_urls: bool = True  # the website's own setting, also known in the offline build
    # The preview after a save: the built files rendered again, whose links are checked alone.
    saved_pages: set[str] | None = None
    # Every link, anchor and image of the built site, followed once (follow_links): the links
    # check judges them.
    site_links: LinkReport | None = None
    # issue 26: each language's print page (print_page.es.html) and its cover, repaired as the English one
    language_print_pages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def start(cls, config, settings: GuideSettings, options: RunOptions) -> GuideBuild:
        config_file = Path(config["config_file_path"]).resolve()
        root = config_file.parent
        session = Session(settings, options)
        context = Context(
            settings, session.today, root, config_file, Path(config["docs_dir"]), theme_dirs=list(config["theme"].dirs)
        )
        stopped = False
        for shown, load in ((settings.bibliography, load_bibliography), (settings.glossary, load_glossary)):
            try:
                loaded, problems = load(root / shown, shown)
                session.add(problems)
                context.data_texts[shown] = (root / shown).read_text(encoding="utf-8-sig")
            except DataFileError as err:
                # Every citation or term would be reported as unknown: the one cause is enough.
                session.add([err.problem])
                stopped = True
                continue
            if load is load_bibliography:
                context.bibliography = loaded
            else:
                context.terms = loaded
        try:
            context.search_vocabulary, problems = load_vocabulary(
                root / settings.search_vocabulary, settings.search_vocabulary
            )
            session.add(problems)
        except DataFileError as err:
            session.add([err.problem])  # search then goes without the file's words
        # The project's own templates (the theme's custom_dir, e.g. overrides/guide/ for the
        # reader's sentences): what one of them writes into a page is reported at its own line.
        custom_dir = config["theme"].custom_dir
        if custom_dir and Path(custom_dir).resolve().is_relative_to(root):
            for template in sorted(Path(custom_dir).resolve().rglob("*.html")):
                shown_as = template.relative_to(root).as_posix()
                context.data_texts[shown_as] = template.read_text(encoding="utf-8", errors="replace")
        # mkdocs.yml's values (the copyright, navigation titles) land in every page: a problem one
        # of them causes is reported at its line.
        context.data_texts[config_file.name] = config_file.read_text(encoding="utf-8", errors="replace")
        context.theme_texts = theme_texts(config)
        fingerprint = root / settings.source_fingerprint
        if fingerprint.is_file():
            try:
                context.source_hashes = read_fingerprint(fingerprint, settings.source_fingerprint)
            except DataFileError as err:
                session.add([err.problem])
                stopped = True
        # The glossary's tooltips on every page (a lean check has no reader to show them to).
        if "abbr" in config["markdown_extensions"] and not options.lean:
            config["mdx_configs"].setdefault("abbr", {})["glossary"] = abbreviations(context.terms)
            config["markdown_extensions"].append(WholeFormAbbrExtension())
        checks = [check(context) for check in REGISTERED]
        for check in checks:
            problems = list(check.on_sources())
            session.add(problems)
            stopped = stopped or bool(problems)
        expansions = {html_escape(t.expansion) for t in context.terms if t.expansion}
        return cls(
            root,
            config.get("site_url") or "",
            session,
            context,
            checks,
            expansions=expansions,
            stopped=stopped,
            texts=Texts.from_config(config),
            # Read before Material's offline plugin turns directory addresses off for the offline copy.
            website_directory_urls=config["use_directory_urls"],
            content_links={} if not (options.publish or options.lean) else None,
        )

    @property
    def bibliography(self) -> dict[str, Reference]:
        return self.context.bibliography

    @property
    def terms(self) -> list[Term]:
        return self.context.terms

    def page_source(self, abs_path: str) -> Source:
        """A page read, parsed and its front matter checked once per build, though the drafts,
        the theme's keys, the checks and the preview all need it."""
        if abs_path not in self.page_sources:
            path = self.shown(abs_path)
            text = Path(abs_path).read_text(encoding="utf-8-sig")
            front, problems = split_front_matter(path, text)
            meta, meta_problems = check_page_meta(path, front) if front else (None, [])
            self.page_sources[abs_path] = Source(path, text, front, meta, problems + meta_problems)
        return self.page_sources[abs_path]

    def read_drafts_and_changes(self, pages: list[tuple[str, str, str, str]]) -> set[str]:
        """Before any page is rendered: which pages are drafts, and every page's changes (the
        Recent changes page lists them all). pages: (file, built file, url, page file in docs/).
        Returns the drafts to leave out of a published build."""
        left_out = set()
        for abs_path, dest_uri, url, src_uri in pages:
            path, _, _, meta, _ = self.page_source(abs_path)
            if meta is None:
                continue  # reported when the page is rendered
            if not meta.draft:
                self.changes += [(change, meta.title, src_uri) for change in meta.changes]
                continue
            self.drafts[dest_uri] = path
            if self.session.options.publish:
                left_out.add(abs_path)
                # Listed in the summary and the report, though not rendered.
                self.session.pages[path] = PageRecord(path, meta.title, url, draft=True)
        return left_out

    def same_in_navigation(self, file) -> bool:
        """Whether a saved page still shows the same in other pages: its title and draft state
        (the navigation) and its changes (the Recent changes page)."""
        record = self.session.pages.get(self.shown(file.abs_src_path))
        self.page_sources.pop(file.abs_src_path, None)  # read as saved
        meta = self.page_source(file.abs_src_path).meta
        return bool(record and meta) and (meta.title, meta.draft, meta.changes) == (
            record.title,
            record.draft,
            record.changes,
        )

    def forget(self, abs_path: str) -> None:
        """Before a page is rendered again (the preview, once same_in_navigation has read it as
        saved): the problems found in it before."""
        path = self.shown(abs_path)
        self.session.problems = [p for p in self.session.problems if p.path != path]

    def left_to_others(self, pages: list[str]) -> set[str]:
        """In one part of a split check: the pages the other parts render."""
        shard = self.session.options.shard
        return set(pages) - set(shard.pick(pages)) if shard else set()

    def shown(self, abs_path: str) -> str:
        path = Path(abs_path).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def add(self, problems) -> None:
        self.session.add(list(problems))

    def theme_meta(self, abs_path: str, meta: dict, theme) -> dict:
        """Front matter as the theme may use it: text escaped for HTML (the theme inserts it as it
        is), and only the theme's keys whose values are valid (a wrong one would stop the theme
        with a traceback; the front matter check reports it)."""
        safe = {key: as_theme_text(key, value) for key, value in meta.items() if key not in THEME_KEYS}
        path, _, front, _, _ = self.page_source(abs_path)
        if front is None:
            return safe
        for key in THEME_KEYS & set(front.data) & set(meta):
            if not theme_key_problems(path, replace(front, data={key: front.data[key]})):
                safe[key] = meta[key]
        if "template" in safe and not template_exists(safe["template"], theme.dirs):
            del safe["template"]
        if "icon" in safe and not icon_exists(safe["icon"], theme.dirs):
            del safe["icon"]
        if isinstance(safe.get("subtitle"), str):
            safe["subtitle"] = as_theme_text("title", safe["subtitle"])
        return safe

    def page_markdown(self, abs_path: str, dest_uri: str, url: str, markdown: str) -> str:
        path, text, front, meta, read_problems = self.page_source(abs_path)
        self.sources[dest_uri] = self.print_sections[page_key(url)] = SourcePage(path, text)
        record = self.session.pages[path] = PageRecord(path, "", url)
        if meta:
            record.title, record.draft, record.changes = meta.title, meta.draft, meta.changes
        record.lists_glossary = GLOSSARY_MARKER in markdown
        record.lists_changes = CHANGES_MARKER in markdown
        in_docs = Path(abs_path).resolve().relative_to(self.context.docs_dir.resolve()).as_posix()
        # issue 26: a translation is as clinical as the page it translates
        translated = translation_of(in_docs, self.context.settings.languages)
        clinical_name = translated[0] if translated else in_docs
        record.clinical = clinical_name not in self.context.settings.pages_without_clinical_content
        if downloads.MARKER in markdown:
            markdown = markdown.replace(downloads.MARKER, downloads.placeholder(self.texts))
            self.session.downloads_page = Path(abs_path).relative_to(self.context.docs_dir).as_posix()
        if CHANGES_MARKER in markdown:
            markdown = markdown.replace(CHANGES_MARKER, recent_changes_markdown(self.texts, self.changes))
        page = self.pages[abs_path] = Page(path, text, front, meta, record, read_problems, markdown, dest_uri=dest_uri)
        # Repairs that keep MkDocs from stopping on a page (what they found: for the checks to judge),
        # then the page's facts, then the checks.
        page.markdown, page.findings["marked-sections"] = without_marked_sections(path, text, page.markdown)
        page.markdown, page.findings["unparsable-targets"] = unparsable_targets(
            path, text, page.body_offset, page.markdown
        )
        source_facts(page, self.context)
        for check in self.checks:
            self.add(check.on_page(page))
        markdown = page.markdown
        if record.clinical and self.texts.contacts.lines:
            # "Get help now" at the end of every clinical page, its sources in the page's References.
            markdown = markdown.rstrip() + "\n\n" + self.texts.render("guide/get-help.md") + "\n"
            record.cited += [
                key
                for key in cited_by_help(self.texts.contacts)
                if key in self.bibliography and key not in record.cited
            ]
        return assemble(markdown, record.cited, self.bibliography, self.terms)

    def page_content(self, abs_path: str, url: str, html: str) -> str:
        page = self.pages.pop(abs_path)
        page.html = html
        if self.content_links is not None:
            self.content_links[page.dest_uri] = {html_unescape(href) for href in HREF.findall(html)}
        # Readers get the cleaned content, whatever the severities say (the safety check judges
        # what was taken out); its facts are read from what they get.
        page.html, page.findings["unsafe-html"] = unsafe_content(page.html)
        # A link address with a second '#' stops print-site: cut there (the links check tells it).
        page.html, page.findings["extra-hashes"] = extra_hashes(page.path, page.text, page.html)
        content_facts(page, self.context)
        for check in self.checks:
            self.add(check.on_page_html(page))
        record = page.record
        html = first_uses_only(unique_footnote_ids(page.html, page_key(url)), self.expansions)
        html = reachable_terms(labelled_citations(html))
        html = box_titles_as_headings(keyboard_and_screen_reader_friendly(html))
        texts = self.texts
        if record.draft:
            html = add_review_boxes(html, draft_notice_html(texts), changes_html(texts, record.changes))
        elif record.review:
            status = record.review
            if record.lists_changes and self.changes:
                # The Recent changes page was last updated with its newest change.
                newest = max(change.date for change, _, _ in self.changes)
                status = replace(status, last_updated=max(status.last_updated, newest))
            html = add_review_boxes(
                html,
                overdue_notice_html(texts, status) if record.clinical else "",
                changes_html(texts, record.changes)
                + review_footer_html(texts, status, clinical=record.clinical, signed_off=record.signed_off),
            )
        # The website's address of the page, also in the offline copy and on paper.
        address = self.site_url.rstrip("/") + "/" + website_path(record.url, self.website_directory_urls)
        return html + report_mistake_html(texts, record.title, address)

    def written(self, path: str, source: str, html: str, root=None) -> None:
        """A published file's checks (root: html parsed, when the caller has it)."""
        root = parse_document(html) if root is None else root
        for check in self.checks:
            self.add(check.on_written(path, source, html, root))

    def published(self, html: str, path: str, source: str = "") -> str:
        """A file as it will be written, through the one gate every published HTML file passes
        (published_html): the browser's reading of it, judged, and written out from that tree.
        What the gate refuses is reported at the line of the page or data file it came from."""
        gated = publishable(html)
        # Once a page's own check refused something, the same thing seen again in the built files
        # (the page, the print page) adds nothing an editor can act on.
        refused = {p.path for p in self.session.problems if p.kind == "unsafe-html"}
        if gated.findings and not (path in refused or (not source and refused)):
            others = [*self.context.data_texts.items(), *((s.path, s.text) for s in self.sources.values())]
            self.add(locate(finding, path, source, others) for finding in gated.findings)
        return gated.html

    def nav_fragment(self, raw: str) -> Fragment | None:
        """A navigation item rendered once for the pages of one depth (theme_fixes/nav_cache.py):
        hardened and checked here, once, as page_written does to a page. None (it holds more than
        plain markup and links, or the checks found something in it): it goes into every page as
        it is, to be hardened and checked there, and its problems reported on each page as before."""
        if self.session.options.lean or not stands_alone(raw):
            return None
        html = harden_part(raw)
        whole = f"<html><body>{html}</body></html>"
        root = parse_document(whole)
        for check in self.checks:
            if list(check.on_written("navigation", "", whole, root)):
                return None
        found = fragment_links(html, root)
        return Fragment(html, raw, *found) if found else None

    def page_written(self, html: str, dest_uri: str = "") -> str:
        if not self.session.options.lean:
            html = harden(with_status_script(material.fix_page(html, dest_uri or "404.html")))
            source = self.sources.get(dest_uri)
            # The navigation's cached items stand in the page as tokens: each was hardened and
            # checked once, when it was rendered (nav_fragment); the rest of the page is, here.
            root = parse_document(html)  # once, for the checks and the link check
            path, text = (source.path, source.text) if source else (dest_uri or "404.html", "")
            self.gated.add(dest_uri or "404.html")
            self.written(path, text, html, root)
            page = self.published(self.nav.expand(html) if self.nav is not None else html, path, text)
            if dest_uri:
                # Parsed without the navigation repeated in it: the link check takes each item's
                # links from its fragment, and reads the file again only if it then holds another text.
                spliced = self.nav.fragment_of if self.nav is not None else None
                self.built_pages[dest_uri] = parse_built_page(html, spliced, written=page, root=root)
            return page
        # Nothing changes a lean page after this: parse it now, while the process has it.
        source = self.sources.get(dest_uri)
        self.gated.add(dest_uri or "404.html")
        html = self.published(html, *((source.path, source.text) if source else (dest_uri or "404.html", "")))
        if dest_uri:
            self.built_pages[dest_uri] = parse_built_page(html)
        return html

    def site_built(self, site_dir: Path, config) -> None:
        # A lean check has neither the print page nor the search plugin's files.
        if not self.session.options.lean:
            statuses = [p.review for p in self.session.pages.values() if p.review and p.clinical]
            cover = cover_html(self.texts, self.session.today, statuses, self.site_url)
            glossary_pages = [p.url for p in self.session.pages.values() if p.lists_glossary]
            data = search_data(
                self.context.search_vocabulary, self.terms, glossary_pages, str(config.get("site_name") or "")
            )
            material.finish_site(site_dir, config, data, search_languages(self.session.settings.languages))
            nav = self.nav
            printed = print_site.fix(
                site_dir,
                cover,
                lambda html, name: self.published(
                    harden(for_print_page(with_status_script(material.fix_page(html, name)))), f"{site_dir.name}/{name}"
                ),
                # The print page is written outside the page events: its cached navigation items as
                # the theme wrote them, hardened with the whole print page.
                start=(lambda html: nav.expand(html, raw=True)) if nav is not None else (lambda html: html),
                languages=self.language_print_pages,
            )
            self.gated.update(printed)
            for name, html in printed.items():
                root = parse_document(html)  # once, for the checks and the link check
                self.written(f"{site_dir.name}/{name}", "", html, root)
                self.built_pages[name] = parse_built_page(html, written=html, root=root)
        self.gate_other_files(site_dir)
        for _, line in self.session.status_lines():
            log.info(line)
        # A part of a split check sees only its own pages: the whole site is checked once all are in.
        if not self.session.options.shard:
            self.check_site(site_dir)

    def gate_other_files(self, site_dir: Path) -> None:
        """Every other file of the site that a browser reads as markup (one copied from docs/ or
        written by the theme) passes the gate too, or is refused: nothing is published unjudged."""
        for path in sorted(site_dir.rglob("*")):
            rel = path.relative_to(site_dir).as_posix()
            if rel in self.gated or rel == SITEMAP or not is_markup_file(path) or not path.is_file():
                continue
            source = self.context.docs_dir / rel
            shown = self.shown(str(source)) if source.is_file() else f"{site_dir.name}/{rel}"
            if path.suffix.lower() not in HTML_SUFFIXES:
                self.add([unreadable_markup(shown)])
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            path.write_text(self.published(text, shown, text), encoding="utf-8")
            self.gated.add(rel)

    def merge(self, other: GuideBuild) -> None:
        """Take in another part of a split check."""
        self.session.merge(other.session)
        self.sources.update(other.sources)
        self.print_sections.update(other.print_sections)
        self.built_pages.update(other.built_pages)
        self.drafts.update(other.drafts)

    def check_saved(self, site_dir: Path, dest_uris: list[str]) -> None:
        """The preview, after the pages saved were rendered again: their links, anchors and
        images, judged as the whole site's are (check_site)."""
        self.saved_pages = set(dest_uris)
        try:
            self.follow_links(site_dir)
            for check in self.checks:
                if check.checks_saved_pages:
                    self.add(check.on_site(self, site_dir))
        finally:
            self.saved_pages = None

    def check_site(self, site_dir: Path | list[Path]) -> None:
        """The checks that need every page: links and anchors, unused references and terms.
        site_dir: the built site, or the folders a split check built its parts in."""
        self.follow_links(site_dir)
        for check in self.checks:
            self.add(check.on_site(self, site_dir))

    def follow_links(self, site_dir: Path | list[Path]) -> None:
        """Every link, anchor and image of the built site (after a preview's save: of the saved
        pages), followed once; the counts go into the report."""
        bibliography = self.context.settings.bibliography
        data_links = {ref.link: (bibliography, ref.line) for ref in self.context.bibliography.values() if ref.link}
        self.site_links = check_site_links(
            site_dir,
            self.sources,
            self.site_url,
            self.print_sections,
            self.built_pages,
            data_links,
            self.drafts,
            self.content_links,
            self.saved_pages,
        )
        if self.saved_pages is None:
            self.session.internal_links_checked = self.site_links.internal_checked
            self.session.external_links = dict(self.site_links.external)
