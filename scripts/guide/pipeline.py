"""One build of the guide, event by event: what each MkDocs hook asks of the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from pathlib import Path

from . import checks_crosspage, downloads, print_page
from .abbr_forms import WholeFormAbbrExtension
from .bibliography import Reference, load_bibliography
from .cover import cover_html
from .frontmatter import THEME_KEYS, FrontMatter, check_page_meta, split_front_matter, theme_key_problems
from .glossary import Term, abbreviations, load_glossary, terms_used, undefined_abbreviations
from .html_fixes import harden
from .links import BuiltPage, SourcePage, check_site_links, parse_built_page, unparsable_targets
from .markdown_text import prose_only
from .originality import copied_runs, read_fingerprint
from .page_html import (add_review_boxes, first_uses_only, labelled_citations, reachable_terms,
                        unique_footnote_ids)
from .page_markdown import CHANGES_MARKER, GLOSSARY_MARKER, assemble, citations
from .problems import Problem, did_you_mean, line_of
from .prose import prose_text, reading_grade, words
from .review_html import (changes_html, draft_notice_html, overdue_notice_html, recent_changes_markdown,
                          review_footer_html, with_status_script)
from .reviews import review_status
from .safety import Finding, dedupe, unsafe_built_page, unsafe_content
from .search_stemming import use_stemmed_worker, write_stemmed_worker
from .search_words import with_search_words
from .session import PageRecord, RunOptions, Session, log
from .settings import load_settings
from .signoff import history, text_fingerprint
from .source_tree import scan_docs
from .yamlfile import DataFileError


# The build MkDocs ran last (set by the hooks): the CLI reads what it found once MkDocs returns.
last: GuideBuild | None = None


def template_exists(name: str, theme) -> bool:
    """A template of the theme (or its overrides) by a plain file name, e.g. 'main.html'."""
    return (bool(re.fullmatch(r"[A-Za-z0-9_-]+\.html", name))
            and any((Path(folder) / name).is_file() for folder in theme.dirs))


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


def page_key(url: str) -> str:
    """The page's prefix on the print page: '' -> index, 'relapses/' -> relapses."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


@dataclass
class GuideBuild:
    root: Path
    site_url: str
    session: Session
    bibliography: dict[str, Reference]
    terms: list[Term]
    source_hashes: set[str]
    sources: dict[str, SourcePage] = field(default_factory=dict)  # built file -> source
    print_sections: dict[str, SourcePage] = field(default_factory=dict)  # print page key -> source
    built_pages: dict[str, BuiltPage] = field(default_factory=dict)  # built file -> its links and ids
    terms_seen: set[str] = field(default_factory=set)
    glossary_pages: set[str] = field(default_factory=set)
    expansions: set[str] = field(default_factory=set)  # as they stand in HTML titles
    data_texts: dict[str, str] = field(default_factory=dict)  # data file -> its text, for lines
    drafts: dict[str, str] = field(default_factory=dict)  # built file -> its page, e.g. docs/new.md
    # (change, page title, page file in docs/) of every page that is published, for Recent changes
    changes: list[tuple] = field(default_factory=list)
    # Set when the sources cannot be built safely (a link out of docs/, a data file that is not
    # YAML): the build stops before MkDocs reads them, with these problems.
    stopped: bool = False
    docs_dir: Path = Path("docs")
    # file -> (its text, its front matter and the problems of reading it): read once per build,
    # though the drafts, the theme's keys and the checks all need it
    page_sources: dict[str, tuple] = field(default_factory=dict)

    @classmethod
    def start(cls, config, options: RunOptions) -> GuideBuild:
        settings = load_settings((config.get("extra") or {}).get("guide"))
        root = Path(config["config_file_path"]).resolve().parent
        session = Session(settings, options)
        bibliography, terms, hashes, stopped = {}, [], set(), False
        source_problems = scan_docs(Path(config["docs_dir"]), root)
        session.add(source_problems)
        data_texts = {}
        for shown, load in ((settings.bibliography, load_bibliography), (settings.glossary, load_glossary)):
            try:
                loaded, problems = load(root / shown, shown)
                session.add(problems)
                data_texts[shown] = (root / shown).read_text(encoding="utf-8-sig")
            except DataFileError as err:
                # Every citation or term would be reported as unknown: the one cause is enough.
                session.add([err.problem])
                stopped = True
                continue
            if load is load_bibliography:
                bibliography = loaded
            else:
                terms = loaded
        fingerprint = root / settings.source_fingerprint
        if fingerprint.is_file():
            hashes = read_fingerprint(fingerprint)
        # The glossary's tooltips on every page (a lean check has no reader to show them to).
        if "abbr" in config["markdown_extensions"] and not options.lean:
            config["mdx_configs"].setdefault("abbr", {})["glossary"] = abbreviations(terms)
            config["markdown_extensions"].append(WholeFormAbbrExtension())
        expansions = {html_escape(t.expansion) for t in terms if t.expansion}
        return cls(root, config.get("site_url") or "", session, bibliography, terms, hashes,
                   expansions=expansions, data_texts=data_texts, docs_dir=Path(config["docs_dir"]),
                   stopped=stopped or bool(source_problems))

    def page_source(self, abs_path: str) -> tuple[str, str, FrontMatter | None, list[Problem]]:
        """(shown path, text, front matter, problems) of a page, read and parsed once."""
        if abs_path not in self.page_sources:
            path = self.shown(abs_path)
            text = Path(abs_path).read_text(encoding="utf-8-sig")
            self.page_sources[abs_path] = (path, text, *split_front_matter(path, text))
        return self.page_sources[abs_path]

    def read_drafts_and_changes(self, pages: list[tuple[str, str, str, str]]) -> set[str]:
        """Before any page is rendered: which pages are drafts, and every page's changes (the
        Recent changes page lists them all). pages: (file, built file, url, page file in docs/).
        Returns the drafts to leave out of a published build."""
        left_out = set()
        for abs_path, dest_uri, url, src_uri in pages:
            path, _, front, _ = self.page_source(abs_path)
            meta, _ = check_page_meta(path, front) if front else (None, [])
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

    def left_to_others(self, pages: list[str]) -> set[str]:
        """In one part of a split check: the pages the other parts render."""
        shard = self.session.options.shard
        return set(pages) - set(shard.pick(pages)) if shard else set()

    def shown(self, abs_path: str) -> str:
        path = Path(abs_path).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def theme_meta(self, abs_path: str, meta: dict, theme) -> dict:
        """Front matter as the theme may use it: text escaped for HTML (the theme inserts it as it
        is), and only the theme's keys whose values are valid (a wrong one would stop the theme
        with a traceback; the checks report it)."""
        safe = {key: as_theme_text(key, value) for key, value in meta.items() if key not in THEME_KEYS}
        path, _, front, _ = self.page_source(abs_path)
        if front is None:
            return safe
        for key in THEME_KEYS & set(front.data) & set(meta):
            if not theme_key_problems(path, replace(front, data={key: front.data[key]})):
                safe[key] = meta[key]
        line = front.lines.get
        if "template" in safe and not template_exists(safe["template"], theme):
            self.session.add([Problem(
                "frontmatter-template", path, line("template", 2), f"The template '{safe.pop('template')}' does not exist.",
                "Remove the 'template' line to use the theme's page layout." + did_you_mean(
                    front.data["template"], sorted({p.name for d in theme.dirs for p in Path(d).glob("*.html")})))])
        if "icon" in safe and not any((Path(d) / ".icons" / f"{safe['icon']}.svg").is_file() for d in theme.dirs):
            self.session.add([Problem(
                "frontmatter-type", path, line("icon", 2), f"The icon '{safe.pop('icon')}' does not exist.",
                "Use an icon of the theme, e.g. icon: material/information-outline, or remove it.")])
        if isinstance(safe.get("subtitle"), str):
            safe["subtitle"] = as_theme_text("title", safe["subtitle"])
        return safe

    def page_markdown(self, abs_path: str, dest_uri: str, url: str, markdown: str) -> str:
        path, text, front, problems = self.page_source(abs_path)
        self.sources[dest_uri] = self.print_sections[page_key(url)] = SourcePage(path, text)
        settings, add = self.session.settings, self.session.add
        record = PageRecord(path, "", url)
        self.session.pages[path] = record
        add(problems)
        body_offset = front.body_offset if front else 0
        if front:
            meta, problems = check_page_meta(path, front)
            add(problems)
            if meta:
                record.title, record.draft, record.changes = meta.title, meta.draft, meta.changes
                if not meta.draft:
                    record.review, problems = review_status(
                        path, meta, self.session.today, settings.review_interval_years, settings.due_soon_days)
                    add(problems)
                    add(self.sign_off_problems(path, front, meta, text[front.body_offset:], record))
        body = text[body_offset:]
        record.cited, problems = citations(path, text, body_offset, body, self.bibliography,
                                           settings.bibliography)
        add(problems)
        add(undefined_abbreviations(path, prose_only(body), body_offset, self.terms, text,
                                    settings.abbreviations_without_entry))
        if GLOSSARY_MARKER in markdown:
            self.glossary_pages.add(path)
        if downloads.MARKER in markdown:
            markdown = markdown.replace(downloads.MARKER, downloads.PLACEHOLDER)
            self.session.downloads_page = Path(abs_path).relative_to(self.docs_dir).as_posix()
        if CHANGES_MARKER in markdown:
            markdown = markdown.replace(CHANGES_MARKER, recent_changes_markdown(self.changes))
        markdown, problems = unparsable_targets(path, text, body_offset, markdown)
        add(problems)
        return assemble(markdown, record.cited, self.bibliography, self.terms)

    def sign_off_problems(self, path: str, front, meta, body: str, record: PageRecord) -> list[Problem]:
        """The review dates are those of the latest recorded sign-off, and the text is the one
        the reviewer read (formatting aside)."""
        entries, problems = history(path, front)
        line = meta.lines.get("last_reviewed", 2)
        name = Path(path).name
        fix = (f"Only a sign-off moves them: ask the reviewer to sign off, then run "
               f"make review PAGE={name} BY=\"Name, role\".")
        if entries:
            latest = entries[-1]
            if (meta.last_reviewed, meta.reviewed_by) != (latest.date, latest.reviewed_by):
                problems.append(Problem(
                    "review-history", path, line,
                    f"last_reviewed and reviewed_by ({meta.last_reviewed}, {meta.reviewed_by}) are not the "
                    f"latest recorded sign-off ({latest.date}, {latest.reviewed_by}).", fix))
            elif text_fingerprint(body) != latest.text:
                record.changed_since_review = True
                problems.append(Problem(
                    "review-changed", path, line,
                    f"The text changed after {latest.reviewed_by} signed it off on {latest.date}.",
                    "Ask the reviewer to confirm the change, then run review again."))
            return problems
        before = self.session.settings.review_before_history
        if before.last_reviewed and (str(meta.last_reviewed), meta.reviewed_by) != (
                before.last_reviewed, before.reviewed_by):
            problems.append(Problem(
                "review-history", path, line,
                f"last_reviewed and reviewed_by ({meta.last_reviewed}, {meta.reviewed_by}) are not a "
                "recorded sign-off.", fix))
        return problems

    def page_content(self, abs_path: str, url: str, html: str) -> str:
        path = self.shown(abs_path)
        record = self.session.pages[path]
        source = self.print_sections[page_key(url)].text
        # Readers get the cleaned content, whatever the checks' severities say.
        html, findings = unsafe_content(html)
        self.session.add([self.located(finding, path, source) for finding in dedupe(findings)])
        html = first_uses_only(unique_footnote_ids(html, page_key(url)), self.expansions)
        text = prose_text(html)
        record.words = len(words(text))
        record.grade = round(reading_grade(text), 1)
        if record.grade > self.session.settings.max_reading_grade:
            self.session.add([Problem(
                "readability", path, 1,  # the whole page
                f"The page reads at grade {record.grade}; the limit is "
                f"{self.session.settings.max_reading_grade}.",
                "Use shorter sentences and common words; explain medical words in place.")])
        self.session.add([self.copied(path, source, run) for run in copied_runs(text, self.source_hashes)])
        record.terms = terms_used(text, self.terms)
        if path not in self.glossary_pages:
            self.terms_seen.update(t.term for t in record.terms)
            # Patients' words for search (the glossary's `search`), hidden: after the prose checks.
            html = with_search_words(html, record.terms)
        html = reachable_terms(labelled_citations(html))
        if record.draft:
            html = add_review_boxes(html, draft_notice_html(), changes_html(record.changes))
        elif record.review:
            html = add_review_boxes(html, overdue_notice_html(record.review),
                                    changes_html(record.changes) + review_footer_html(record.review))
        return html

    @staticmethod
    def copied(path: str, source: str, run: str) -> Problem:
        pattern = r"\W+".join(re.escape(w) for w in run.split())
        match = re.search(pattern, source, re.IGNORECASE)
        return Problem("source-copy", path, line_of(source, match.start()) if match else 0,
                       f"These {len(run.split())} words are copied from the source article: \"{run}\".",
                       "Say it in your own plain words.")

    def located(self, finding: Finding, path: str, source: str) -> Problem:
        """A safety finding as a problem at the first line that holds its text: in the page, or
        in the data file it came from (a reference's address, a glossary definition)."""
        for shown, text in ((path, source), *self.data_texts.items()):
            at = text.lower().find(finding.needle.lower()) if finding.needle else -1
            if at >= 0:
                break
        else:
            shown, text, at = path, source, 0
        if finding.kind == "link-invalid":
            fix = "Link to a page by its .md file name, or to an http, https, mailto or tel address."
        else:
            fix = ("Remove it: pages hold Markdown and simple HTML only (no scripts, frames, forms, "
                   "styles or event handlers), so that they are safe to publish and print.")
        return Problem(finding.kind, shown, line_of(text, at), f"The page contains {finding.what}.", fix)

    def page_written(self, html: str, dest_uri: str = "") -> str:
        if not self.session.options.lean:
            html = harden(with_status_script(use_stemmed_worker(html)))
            source = self.sources.get(dest_uri)
            path = source.path if source else dest_uri or "404.html"
            self.session.add([self.located(f, path, source.text if source else "")
                              for f in unsafe_built_page(html)])
            return html
        # Nothing changes a lean page after this: parse it now, while the process has it.
        if dest_uri:
            self.built_pages[dest_uri] = parse_built_page(html)
        return html

    def site_built(self, site_dir: Path, config) -> None:
        # A lean check has neither the print page nor the search plugin's files.
        if not self.session.options.lean:
            statuses = [p.review for p in self.session.pages.values() if p.review]
            cover = cover_html(config["site_name"], config.get("site_description") or "",
                               self.session.today, statuses, self.site_url)
            stemmed = write_stemmed_worker(site_dir)
            print_page.fix(site_dir, cover, lambda html: with_status_script(
                use_stemmed_worker(html) if stemmed else html))
            for name in print_page.PRINT_PAGES:
                if (site_dir / name).is_file():
                    html = (site_dir / name).read_text(encoding="utf-8")
                    self.session.add([self.located(f, f"{site_dir.name}/{name}", "")
                                      for f in unsafe_built_page(html)])
        for severity, line in self.session.status_lines():
            log.info(line)
        # A part of a split check sees only its own pages: the whole site is checked once all are in.
        if not self.session.options.shard:
            self.check_site(site_dir)

    def merge(self, other: GuideBuild) -> None:
        """Take in another part of a split check."""
        self.session.merge(other.session)
        self.sources.update(other.sources)
        self.print_sections.update(other.print_sections)
        self.built_pages.update(other.built_pages)
        self.terms_seen |= other.terms_seen
        self.glossary_pages |= other.glossary_pages
        self.drafts.update(other.drafts)

    def check_site(self, site_dir: Path | list[Path]) -> None:
        """The checks that need every page: links and anchors, unused references and terms.
        site_dir: the built site, or the folders a split check built its parts in."""
        data_links = {ref.link: (self.session.settings.bibliography, ref.line)
                      for ref in self.bibliography.values() if ref.link}
        links = check_site_links(site_dir, self.sources, self.site_url, self.print_sections,
                                 self.built_pages, data_links, self.drafts)
        self.session.add(links.problems)
        self.session.internal_links_checked = links.internal_checked
        self.session.external_links = dict(links.external)
        settings = self.session.settings
        cited = {key for page in self.session.pages.values() for key in page.cited}
        self.session.add(checks_crosspage.uncited_references(self.bibliography, cited, settings.bibliography))
        self.session.add(checks_crosspage.unused_terms(self.terms, self.terms_seen, settings.glossary))
