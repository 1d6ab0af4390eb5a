"""One build of the guide, from start to finish: the one object that holds a build's state (the
run's options, the data files, each page's facts, the problems found, what the outputs read),
with a method for each of MkDocs' events the guide plugin passes on, named as MkDocs names it.
At each event the build repairs what MkDocs cannot take, computes the page's facts
(content/facts.py), then calls each registered check (checks/) at the same event. Problems are
collected here and told once, at the end of the build (report_problems)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import TYPE_CHECKING

from guide import speed
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
from guide.content.facts import PageRecord, content_facts, source_facts
from guide.content.frontmatter import (
    THEME_KEYS,
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
from guide.problems import Problem, Severity
from guide.settings import GuideSettings, RunOptions, severity_of
from guide.texts import Texts
from guide.theme_fixes import material, print_site
from guide.theme_fixes.nav_cache import Fragment, NavCache
from guide.theme_fixes.print_site import page_key
from guide.translations.layout import translation_of
from guide.translations.search import search_languages

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from guide.theme_fixes.print_site import PrintPageWriter
    from guide.translations.pages import TranslatedSite

log = logging.getLogger("mkdocs.plugins.guide")

LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARN: logging.WARNING, Severity.NOTICE: logging.INFO}
# The review status describes the content, not a broken build: it is told in one summary line
# (and the CLI's table), so that `mkdocs build --strict` fails only on real defects and a
# preview save does not repeat it page by page. Made an error by a setting or --strict, each
# page is reported on its own line.
STATUS_KINDS = {"review-overdue", "review-due-soon"}

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


@dataclass
class Build:
    """One build's state from start to finish, held by the guide plugin (plugin.py)."""

    root: Path  # the project: the folder of mkdocs.yml
    site_url: str
    settings: GuideSettings
    options: RunOptions  # this run's (the plugin's setting `run`)
    context: Context  # what every check may read: settings and data files
    checks: list[Check] = field(default_factory=list)
    # What the build found: every problem, with its configured severity (add), and each page's
    # facts by its path (docs/relapses.md), which the outputs, the report and the schedule read.
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, PageRecord] = field(default_factory=dict)
    told: set[Problem] = field(default_factory=set)  # the problems already logged (report_problems)
    internal_links_checked: int = 0
    external_links: dict = field(default_factory=dict)
    downloads_page: str | None = None  # the page that lists the downloads, e.g. downloads.md
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
    pages_read: dict[str, Page] = field(default_factory=dict)  # file -> the page as read (page_source)
    rendering: dict[str, Page] = field(default_factory=dict)  # file -> the page being rendered
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
    translated: TranslatedSite | None = None  # issue 26: a guide in more than one language
    site_dir: Path = Path("site")  # where MkDocs writes the site
    print_writer: PrintPageWriter | None = None  # print-site's one write of the print page (print_page)
    # MkDocs' own objects of this build (its files, navigation and templates), for the preview
    files: Files | None = None
    site_nav: Navigation | None = None
    env: Environment | None = None
    # issue 26: each language's print page (print_page.es.html) and its cover, repaired as the English one
    language_print_pages: dict[str, str] = field(default_factory=dict)
    # issue 26: each language's Downloads page, as published: language -> e.g. es/downloads.md
    translated_downloads_pages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def on_config(cls, config, settings: GuideSettings, options: RunOptions) -> Build:
        """The build starts: the data files read, each check's look at the sources (a problem
        there stops the build: `stopped`)."""
        config_file = Path(config["config_file_path"]).resolve()
        root = config_file.parent
        today = options.today or dt.date.today()
        context = Context(
            settings, today, root, config_file, Path(config["docs_dir"]), theme_dirs=list(config["theme"].dirs)
        )
        build = cls(
            root,
            config.get("site_url") or "",
            settings,
            options,
            context,
            texts=Texts.from_config(config),
            # Read before Material's offline plugin turns directory addresses off for the offline copy.
            website_directory_urls=config["use_directory_urls"],
            content_links={} if not (options.publish or options.lean) else None,
            site_dir=Path(config["site_dir"]),
        )
        for shown, load in ((settings.bibliography, load_bibliography), (settings.glossary, load_glossary)):
            try:
                loaded, problems = load(root / shown, shown)
                build.add(problems)
                context.data_texts[shown] = (root / shown).read_text(encoding="utf-8-sig")
            except DataFileError as err:
                # Every citation or term would be reported as unknown: the one cause is enough.
                build.add([err.problem])
                build.stopped = True
                continue
            if load is load_bibliography:
                context.bibliography = loaded
            else:
                context.terms = loaded
        try:
            context.search_vocabulary, problems = load_vocabulary(
                root / settings.search_vocabulary, settings.search_vocabulary
            )
            build.add(problems)
        except DataFileError as err:
            build.add([err.problem])  # search then goes without the file's words
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
                build.add([err.problem])
                build.stopped = True
        if options.speed.template_cache:
            speed.cache_templates(config["theme"])
        # The glossary's tooltips on every page (a lean check has no reader to show them to).
        if "abbr" in config["markdown_extensions"] and not options.lean:
            config["mdx_configs"].setdefault("abbr", {})["glossary"] = abbreviations(context.terms)
            config["markdown_extensions"].append(WholeFormAbbrExtension())
        build.checks = [check(context) for check in REGISTERED]
        for check in build.checks:
            problems = list(check.on_config())
            build.add(problems)
            build.stopped = build.stopped or bool(problems)
        build.expansions = {html_escape(t.expansion) for t in context.terms if t.expansion}
        return build

    @property
    def today(self) -> dt.date:
        return self.context.today

    def add(self, problems) -> None:
        """Collect problems, each with its configured severity; the ignored ones are dropped.
        They are told once, at the end (report_problems), or by the command line's report."""
        for problem in problems:
            severity = severity_of(self.settings, problem.kind, self.options.strict)
            if severity is Severity.IGNORE:
                continue
            problem = Problem(problem.kind, problem.path, problem.line, problem.what, problem.fix, severity)
            if problem not in self.problems:
                self.problems.append(problem)

    def report_problems(self) -> None:
        """Log each problem not logged yet, in MkDocs' own log (`mkdocs build`, `mkdocs serve`;
        the command line prints its own report)."""
        for problem in self.problems:
            if problem in self.told:
                continue
            self.told.add(problem)
            # The review status is one summary line (status_lines), not a line per page on every
            # build and every preview save, unless a setting makes it an error.
            if problem.kind in STATUS_KINDS and problem.severity is not Severity.ERROR:
                continue
            log.log(LOG_LEVEL[problem.severity], str(problem), extra={"guide_problem": problem})

    def page(self, name: str) -> PageRecord | None:
        """A page's facts by its name in docs/, e.g. 'relapses.md'."""
        return next((p for p in self.pages.values() if p.path.endswith("/" + name) or p.path == name), None)

    def status_lines(self) -> list[tuple[Severity, str]]:
        """One line per kind of review status that is not an error: how many pages, and where
        to see them."""
        lines = []
        for kind, said in (("review-overdue", "overdue for review"), ("review-due-soon", "due for review soon")):
            found = [p for p in self.problems if p.kind == kind and p.severity is not Severity.ERROR]
            if found:
                pages = "1 page is" if len(found) == 1 else f"{len(found)} pages are"
                lines.append(
                    (
                        found[0].severity,
                        f"{pages} {said}: see the table of pages (and --report). "
                        "A named health professional signs each off: on GitHub with the "
                        "\"Sign off a page\" workflow (Actions tab), or with 'make review'.",
                    )
                )
        return lines

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    def shed(self, links_too: bool = True) -> Build:
        """Without what only rendering needs, before the build is sent to another process (the
        offline copy's; a part of a split check keeps what the site's links are checked with)."""
        self.nav, self.pages_read, self.rendering, self.context.source_hashes = None, {}, {}, set()
        self.translated = self.files = self.site_nav = self.env = self.print_writer = None
        if links_too:
            self.sources, self.print_sections, self.built_pages, self.site_links = {}, {}, {}, None
        return self

    @property
    def bibliography(self) -> dict[str, Reference]:
        return self.context.bibliography

    @property
    def terms(self) -> list[Term]:
        return self.context.terms

    def page_source(self, abs_path: str) -> Page:
        """A page read, parsed and its front matter checked once per build, though the drafts,
        the theme's keys, the checks and the preview all need it."""
        if abs_path not in self.pages_read:
            path = self.shown(abs_path)
            text = Path(abs_path).read_text(encoding="utf-8-sig")
            front, problems = split_front_matter(path, text)
            meta, meta_problems = check_page_meta(path, front) if front else (None, [])
            self.pages_read[abs_path] = Page(path, text, front, meta, read_problems=problems + meta_problems)
        return self.pages_read[abs_path]

    def read_drafts_and_changes(self, pages: list[tuple[str, str, str, str]]) -> set[str]:
        """Before any page is rendered: which pages are drafts, and every page's changes (the
        Recent changes page lists them all). pages: (file, built file, url, page file in docs/).
        Returns the drafts to leave out of a published build."""
        left_out = set()
        for abs_path, dest_uri, url, src_uri in pages:
            read = self.page_source(abs_path)
            path, meta = read.path, read.meta
            if meta is None:
                continue  # reported when the page is rendered
            if not meta.draft:
                self.changes += [(change, meta.title, src_uri) for change in meta.changes]
                continue
            self.drafts[dest_uri] = path
            if self.options.publish:
                left_out.add(abs_path)
                # Listed in the summary and the report, though not rendered.
                self.pages[path] = PageRecord(path, meta.title, url, draft=True)
        return left_out

    def same_in_navigation(self, file) -> bool:
        """Whether a saved page still shows the same in other pages: its title and draft state
        (the navigation) and its changes (the Recent changes page)."""
        record = self.pages.get(self.shown(file.abs_src_path))
        self.pages_read.pop(file.abs_src_path, None)  # read as saved
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
        self.problems = [p for p in self.problems if p.path != path]
        self.told = {p for p in self.told if p.path != path}  # told again when found again

    def left_to_others(self, pages: list[str]) -> set[str]:
        """In one part of a split check: the pages the other parts render."""
        shard = self.options.shard
        return set(pages) - set(shard.pick(pages)) if shard else set()

    def shown(self, abs_path: str) -> str:
        path = Path(abs_path).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def theme_meta(self, abs_path: str, meta: dict, theme) -> dict:
        """Front matter as the theme may use it: text escaped for HTML (the theme inserts it as it
        is), and only the theme's keys whose values are valid (a wrong one would stop the theme
        with a traceback; the front matter check reports it)."""
        safe = {key: as_theme_text(key, value) for key, value in meta.items() if key not in THEME_KEYS}
        read = self.page_source(abs_path)
        path, front = read.path, read.front
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

    def on_page_markdown(self, abs_path: str, dest_uri: str, url: str, markdown: str) -> str:
        read = self.page_source(abs_path)
        path, text, meta = read.path, read.text, read.meta
        self.sources[dest_uri] = self.print_sections[page_key(url)] = SourcePage(path, text)
        record = self.pages[path] = PageRecord(path, "", url)
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
            self.downloads_page = Path(abs_path).relative_to(self.context.docs_dir).as_posix()
        if CHANGES_MARKER in markdown:
            markdown = markdown.replace(CHANGES_MARKER, recent_changes_markdown(self.texts, self.changes))
        page = self.rendering[abs_path] = Page(
            path, text, read.front, meta, record, read.read_problems, markdown, dest_uri=dest_uri
        )
        # Repairs that keep MkDocs from stopping on a page (what they found: for the checks to judge),
        # then the page's facts, then the checks.
        page.markdown, page.findings["marked-sections"] = without_marked_sections(path, text, page.markdown)
        page.markdown, page.findings["unparsable-targets"] = unparsable_targets(
            path, text, page.body_offset, page.markdown
        )
        source_facts(page, self.context)
        for check in self.checks:
            self.add(check.on_page_markdown(page))
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

    def on_page_content(self, abs_path: str, url: str, html: str) -> str:
        page = self.rendering.pop(abs_path)
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
            self.add(check.on_page_content(page))
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

    def judge_written(self, path: str, source: str, html: str, root=None) -> None:
        """A published file's checks (root: html parsed, when the caller has it)."""
        root = parse_document(html) if root is None else root
        for check in self.checks:
            self.add(check.on_post_page(path, source, html, root))

    def published(self, html: str, path: str, source: str = "") -> str:
        """A file as it will be written, through the one gate every published HTML file passes
        (published_html): the browser's reading of it, judged, and written out from that tree.
        What the gate refuses is reported at the line of the page or data file it came from."""
        gated = publishable(html)
        # Once a page's own check refused something, the same thing seen again in the built files
        # (the page, the print page) adds nothing an editor can act on.
        refused = {p.path for p in self.problems if p.kind == "unsafe-html"}
        if gated.findings and not (path in refused or (not source and refused)):
            others = [*self.context.data_texts.items(), *((s.path, s.text) for s in self.sources.values())]
            self.add(locate(finding, path, source, others) for finding in gated.findings)
        return gated.html

    def nav_fragment(self, raw: str) -> Fragment | None:
        """A navigation item rendered once for the pages of one depth (theme_fixes/nav_cache.py):
        hardened and checked here, once, as on_post_page does to a page. None (it holds more than
        plain markup and links, or the checks found something in it): it goes into every page as
        it is, to be hardened and checked there, and its problems reported on each page as before."""
        if self.options.lean or not stands_alone(raw):
            return None
        html = harden_part(raw)
        whole = f"<html><body>{html}</body></html>"
        root = parse_document(whole)
        for check in self.checks:
            if list(check.on_post_page("navigation", "", whole, root)):
                return None
        found = fragment_links(html, root)
        return Fragment(html, raw, *found) if found else None

    def on_post_page(self, html: str, dest_uri: str = "") -> str:
        if not self.options.lean:
            html = harden(with_status_script(material.fix_page(html, dest_uri or "404.html")))
            source = self.sources.get(dest_uri)
            # The navigation's cached items stand in the page as tokens: each was hardened and
            # checked once, when it was rendered (nav_fragment); the rest of the page is, here.
            root = parse_document(html)  # once, for the checks and the link check
            path, text = (source.path, source.text) if source else (dest_uri or "404.html", "")
            self.gated.add(dest_uri or "404.html")
            self.judge_written(path, text, html, root)
            page = self.published(self.nav.expand(html) if self.nav is not None else html, path, text)
            if dest_uri and self.options.speed.written_digests:
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

    def on_post_build(self, site_dir: Path, config) -> None:
        # A lean check has neither the print page nor the search plugin's files.
        if not self.options.lean:
            glossary_pages = [p.url for p in self.pages.values() if p.lists_glossary]
            data = search_data(
                self.context.search_vocabulary, self.terms, glossary_pages, str(config.get("site_name") or "")
            )
            material.finish_site(site_dir, config, data, search_languages(self.settings.languages))
        if self.print_writer is not None:  # print-site wrote the print page (print_page) before this
            self.print_writer.check_written(site_dir)
        for name, html in self.language_print_pages.items():  # issue 26: finished by print_page
            (site_dir / name).write_text(html, encoding="utf-8")
        self.gate_other_files(site_dir)
        # A part of a split check sees only its own pages: the whole site is checked once all are in.
        if not self.options.shard:
            self.check_site(site_dir)
        self.report_problems()
        for _, line in self.status_lines():
            log.info(line)

    def print_page(self, html: str, name: str, cover: str | None = None) -> str:
        """The print page as print-site is about to write it (name: its file in the site, once
        every page is rendered), as it is published: repaired (theme_fixes/print_site.py), given
        the cover (by default the English one, with the pages' review dates), then what every
        page gets, through the gate, and judged. print-site writes what this returns
        (print_site.PrintPageWriter); a language's print page is written by on_post_build."""
        if cover is None:
            statuses = [p.review for p in self.pages.values() if p.review and p.clinical]
            cover = cover_html(self.texts, self.today, statuses, self.site_url)
        shown = f"{self.site_dir.name}/{name}"
        nav = self.nav
        html = print_site.fix(
            html,
            name,
            cover,
            lambda html, name: self.published(
                harden(for_print_page(with_status_script(material.fix_page(html, name)))), shown
            ),
            # The print page is written outside the page events: its cached navigation items as
            # the theme wrote them, hardened with the whole print page.
            start=(lambda html: nav.expand(html, raw=True)) if nav is not None else (lambda html: html),
        )
        self.gated.add(name)
        root = parse_document(html)  # once, for the checks and the link check
        self.judge_written(shown, "", html, root)
        if self.options.speed.written_digests:
            self.built_pages[name] = parse_built_page(html, written=html, root=root)
        return html

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

    def merge(self, other: Build) -> None:
        """Take in another part of a split check (its problems already told there)."""
        self.problems += [p for p in other.problems if p not in self.problems]
        self.told |= other.told
        self.pages.update(other.pages)
        self.downloads_page = self.downloads_page or other.downloads_page
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
                    self.add(check.on_post_build(self, site_dir))
        finally:
            self.saved_pages = None

    def check_site(self, site_dir: Path | list[Path]) -> None:
        """The checks that need every page: links and anchors, unused references and terms.
        site_dir: the built site, or the folders a split check built its parts in."""
        self.follow_links(site_dir)
        for check in self.checks:
            self.add(check.on_post_build(self, site_dir))

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
            self.internal_links_checked = self.site_links.internal_checked
            self.external_links = dict(self.site_links.external)
