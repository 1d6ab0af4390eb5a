"""The guide's MkDocs plugin (`plugins: - guide:` in mkdocs.yml): the glue between MkDocs' events
and the guide's build. Its options are the typed GuideSettings; one build's state lives on the
plugin instance (self.build), so `make serve` shows the same messages as `scripts/build.py`,
whose run options (today, strict, a check or the offline copy) are its setting `run`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from guide.content.nav_drafts import without_excluded_pages
from guide.outputs import print_style
from guide.pipeline import GuideBuild
from guide.preview import Preview
from guide.settings import GuideSettings
from guide.theme_fixes import material, print_site
from guide.translations.pages import TranslatedSite
from guide.translations.print_page import write_print_pages

log = logging.getLogger("mkdocs.plugins.guide")
TEXTS_FOLDER = "guide/"  # in a theme folder: the reader's sentences (texts.py)


class GuidePlugin(BasePlugin[GuideSettings]):
    supports_multiple_instances = False

    def __init__(self):
        self.build: GuideBuild | None = None
        self.preview: Preview | None = None  # under `mkdocs serve` only
        self._files = self._nav = self._env = None  # the last build's, for the preview
        self.translated: TranslatedSite | None = None  # issue 26: a guide in more than one language

    def on_startup(self, command, dirty):
        # The preview shows drafts (with a banner), as the check does; a build leaves them out.
        # (With on_startup, MkDocs keeps this instance across the preview's rebuilds.)
        if command == "serve":
            self.preview = Preview()

    # Before Material's offline plugin (priority 0), which it turns on for the offline copy only.
    @event_priority(100)
    def on_config(self, config):
        if self.preview:  # MkDocs loads the settings again for each of the preview's rebuilds
            self.config.run = replace(self.config.run, publish=False)
        material.use_offline_plugin(config, self.config.run.offline)
        material.add_engine_partials(config)
        print_style.add_to_config(config)
        self.build = GuideBuild.start(config, self.config, self.config.run)
        if self.build.stopped:
            # Before MkDocs walks docs/ (following links) and reads the pages.
            raise PluginError(
                "The sources cannot be built safely: " + " ".join(str(p) for p in self.build.session.problems)
            )
        return config

    def on_files(self, files, config):
        # In one part of a split check, the other parts' pages are left out: MkDocs still resolves
        # links to them, but neither reads nor renders them.
        pages = files.documentation_pages()
        # Translations (issue 26): each moved to <language>/<page>/ before anything reads its address.
        self.translated = TranslatedSite.arrange(files, config, self.config, self.build.texts)
        if self.translated:
            self.translated.prepare_markdown(config, self.build)
        others = self.build.left_to_others([f.abs_src_path for f in pages])
        # Drafts are left out of a build with MkDocs' own mechanism (mkdocs serve still shows them).
        drafts = self.build.read_drafts_and_changes([(f.abs_src_path, f.dest_uri, f.url, f.src_uri) for f in pages])
        for file in pages:
            if file.abs_src_path in others:
                file.inclusion = InclusionLevel.EXCLUDED
            elif file.abs_src_path in drafts:
                file.inclusion = InclusionLevel.DRAFT
        if self.translated:
            self.translated.published(files)  # issue 26: outside the navigation, and which are published
        if self.config.run.offline:
            for file in material.offline_shim_files(config):
                files.append(file)
        files.append(print_style.file_for(config))
        # The reader's sentences (a theme folder's guide/, the engine's templates) are templates,
        # not files of the site: MkDocs would copy those that do not end in .html.
        for file in [f for f in files if f.src_uri.startswith(TEXTS_FOLDER) and not f.is_documentation_page()]:
            if Path(file.src_dir or "").resolve() != Path(config["docs_dir"]).resolve():
                files.remove(file)
        return files

    # Before print-site (priority 0) copies the navigation for the print page.
    @event_priority(100)
    def on_nav(self, nav, config, files):
        self._nav, self._files = without_excluded_pages(nav), files
        printer = config.plugins.get("print-site")
        if printer is not None and printer.config.get("enabled"):
            print_site.use_our_url_functions(printer)  # the renderer its on_config made
        if self.translated:  # issue 26: the navigation in each language, once per build
            self.translated.make_navigations(self._nav, files)
        return self._nav

    def on_env(self, env, config, files):
        self._env = env
        material.check_toc_item(config["theme"])
        # Each navigation item rendered once per depth, not once per page (a new cache per build).
        self.build.nav = material.use_nav_cache(env, config, self.build.nav_fragment)
        if self.build.nav is not None and self.translated:  # issue 26: an item per language
            self.build.nav.language_of = self.translated.page_language
        # For templates that look a page up (overrides/partials/search.html): once per build.
        env.globals["guide_nav_pages"] = {page.file.src_uri: page for page in self._nav.pages}
        return env

    def on_page_markdown(self, markdown, page, config, files):
        # The theme inserts front matter values into HTML as they are: give it escaped text, and
        # only a template that exists (the checks report the value itself).
        page.meta = self.build.theme_meta(page.file.abs_src_path, page.meta, config["theme"])
        if not self.translated:
            return self.build.page_markdown(page.file.abs_src_path, page.file.dest_uri, page.url, markdown)
        # issue 26: a translation's links to translated pages stay in its language, its sentences
        # too, and the Markdown extensions' words (tooltips, back-link titles) while it is rendered
        markdown = self.translated.page_markdown(page.file.src_uri, markdown)
        self.translated.before_render(page.file.src_uri, config)
        with self.translated.texts_for(self.build, page.file.src_uri):
            return self.build.page_markdown(page.file.abs_src_path, page.file.dest_uri, page.url, markdown)

    # Before print-site (priority 0) copies each page's HTML into the print page.
    @event_priority(50)
    def on_page_content(self, html, page, config, files):
        if not self.translated:
            return self.build.page_content(page.file.abs_src_path, page.url, html)
        # issue 26: a translation's review sentences in its language; what it translates, its notice
        with self.translated.texts_for(self.build, page.file.src_uri):
            html = self.build.page_content(page.file.abs_src_path, page.url, html)
        return self.translated.page_html(page.file.src_uri, html, self.build.session.today)

    def on_page_context(self, context, page, config, nav):
        # The theme writes each heading's address into the table of contents as it is.
        material.escape_toc_ids(page.toc)
        if self.translated:  # issue 26: Material's labels in a translation's language, its contents' too
            self.translated.toc_words(page.file.src_uri, page.toc)
            language = self.translated.layout.language_of(page.file.src_uri)
            if language != self.translated.layout.default_language:
                context["guide_language"] = material.labels_language(config["theme"], language)
            self.translated.in_language(context, page.file.src_uri)
        return context

    def on_post_page(self, output, page, config):
        if self.translated:  # issue 26: the page's own language
            output = self.translated.page_written(page.file.src_uri, output)
        return self.build.page_written(output, page.file.dest_uri)

    def on_post_template(self, output_content, template_name, config):
        # The 404 page is a template, not a page.
        return self.build.page_written(output_content) if template_name.endswith(".html") else output_content

    # After print-site (priority 0) has written the print page.
    @event_priority(-50)
    def on_post_build(self, config):
        if self.translated:  # issue 26: each page's language, for the report and the review schedule
            self.translated.label(self.build.session.pages.values(), self.build.root)
            self.build.session.translated_downloads_pages = dict(self.translated.downloads_pages)
            if self.config.run.offline:  # the whole guide in each language, printed from the offline copy
                self.build.language_print_pages = write_print_pages(
                    self.translated, config.plugins.get("print-site"), config, self._files, self.build
                )
        self.build.site_built(Path(config["site_dir"]), config)
        if self.preview:
            theme = [Path(config["theme"].custom_dir)] if config["theme"].custom_dir else []
            self.preview.remember_build(
                config,
                self._files,
                self._nav,
                self._env,
                [Path(config["docs_dir"]), *theme, *map(Path, config["watch"])],
                [Path(config["config_file_path"])],
            )

    def on_serve(self, server, config, builder):
        """After a save, render only the saved pages when nothing else changed (preview.py)."""
        if self.preview is None:  # `mkdocs serve --clean` builds everything each time, as asked
            return server
        build_everything = server.builder

        def build_saved_pages():
            saved = self.preview.saved_pages(self.build.same_in_navigation)
            if saved is None:
                return build_everything()
            if self.translated:  # issue 26: a saved page's translations say whether they fell behind
                saved = self.translated.with_translations(saved, self._files)
            started = time.perf_counter()
            for file in saved:
                self.build.forget(file.abs_src_path)
            self.preview.render(saved)
            rendered = time.perf_counter()
            # Its links, anchors and images against the whole site, as check judges them.
            self.build.check_saved(Path(config["site_dir"]), [file.dest_uri for file in saved])
            names = ", ".join(file.src_uri for file in saved)
            done = time.perf_counter()
            log.info(
                f"Rendered {names} again in {(done - started) * 1000:.0f} ms "
                f"(its links checked in {(done - rendered) * 1000:.0f} ms)."
            )

        server.builder = build_saved_pages
        return server
