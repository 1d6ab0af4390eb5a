"""The guide's MkDocs plugin (`plugins: - guide:` in mkdocs.yml): the build. Its options are the
typed GuideSettings, a run's options its setting `run` (set by scripts/build.py; the defaults
under `mkdocs build` and `mkdocs serve`). At on_config it starts one Build (build.py), which
holds that build's state to the end; each of MkDocs' events is passed on to the Build's method
of the same name, around the theme's and print-site's workarounds (theme_fixes/) and a
translation's steps (translations/). The problems are told once, at on_post_build.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from guide.build import Build
from guide.content.nav_drafts import without_excluded_pages
from guide.outputs import print_style
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
        self.build: Build | None = None  # this build's state, from on_config to on_post_build
        self.preview: Preview | None = None  # under `mkdocs serve` only: kept across its rebuilds

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
        self.build = Build.on_config(config, self.config, self.config.run)
        if self.build.stopped:
            # Before MkDocs walks docs/ (following links) and reads the pages: the build ends here.
            self.build.report_problems()
            raise PluginError("The sources cannot be built safely: " + " ".join(str(p) for p in self.build.problems))
        return config

    def on_files(self, files, config):
        # In one part of a split check, the other parts' pages are left out: MkDocs still resolves
        # links to them, but neither reads nor renders them.
        pages = files.documentation_pages()
        # Translations (issue 26): each moved to <language>/<page>/ before anything reads its address.
        self.build.translated = TranslatedSite.arrange(files, config, self.config, self.build.texts)
        if self.build.translated:
            self.build.translated.prepare_markdown(config, self.build)
        others = self.build.left_to_others([f.abs_src_path for f in pages])
        # Drafts are left out of a build with MkDocs' own mechanism (mkdocs serve still shows them).
        drafts = self.build.read_drafts_and_changes([(f.abs_src_path, f.dest_uri, f.url, f.src_uri) for f in pages])
        for file in pages:
            if file.abs_src_path in others:
                file.inclusion = InclusionLevel.EXCLUDED
            elif file.abs_src_path in drafts:
                file.inclusion = InclusionLevel.DRAFT
        if self.build.translated:
            self.build.translated.published(files)  # issue 26: outside the navigation, and which are published
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
        self.build.site_nav, self.build.files = without_excluded_pages(nav), files
        printer = config.plugins.get("print-site")
        if printer is not None and printer.config.get("enabled"):
            # Its renderer (made by its on_config) uses our url functions, and its one write of the
            # print page writes it as the build finished it.
            self.build.print_writer = print_site.PrintPageWriter(printer, self.build.print_page)
            anchor_ids = self.build.options.speed.print_anchor_ids
            print_site.use_our_url_functions(printer, self.build.print_writer, anchor_ids=anchor_ids)
        if self.build.translated:  # issue 26: the navigation in each language, once per build
            self.build.translated.make_navigations(self.build.site_nav, files)
        return self.build.site_nav

    def on_env(self, env, config, files):
        self.build.env = env
        material.check_toc_item(config["theme"])
        # Each navigation item rendered once per depth, not once per page (a new cache per build).
        speed = self.build.options.speed.nav_cache
        self.build.nav = material.use_nav_cache(env, config, self.build.nav_fragment, enabled=speed)
        if self.build.nav is not None and self.build.translated:  # issue 26: an item per language
            self.build.nav.language_of = self.build.translated.page_language
        # For templates that look a page up (overrides/partials/search.html): once per build.
        env.globals["guide_nav_pages"] = {page.file.src_uri: page for page in self.build.site_nav.pages}
        return env

    def on_page_markdown(self, markdown, page, config, files):
        # The theme inserts front matter values into HTML as they are: give it escaped text, and
        # only a template that exists (the checks report the value itself).
        page.meta = self.build.theme_meta(page.file.abs_src_path, page.meta, config["theme"])
        if not self.build.translated:
            return self.build.on_page_markdown(page.file.abs_src_path, page.file.dest_uri, page.url, markdown)
        # issue 26: a translation's links to translated pages stay in its language, its sentences
        # too, and the Markdown extensions' words (tooltips, back-link titles) while it is rendered
        markdown = self.build.translated.page_markdown(page.file.src_uri, markdown)
        self.build.translated.before_render(page.file.src_uri, config)
        with self.build.translated.texts_for(self.build, page.file.src_uri):
            return self.build.on_page_markdown(page.file.abs_src_path, page.file.dest_uri, page.url, markdown)

    # Before print-site (priority 0) copies each page's HTML into the print page.
    @event_priority(50)
    def on_page_content(self, html, page, config, files):
        if not self.build.translated:
            return self.build.on_page_content(page.file.abs_src_path, page.url, html)
        # issue 26: a translation's review sentences in its language; what it translates, its notice
        with self.build.translated.texts_for(self.build, page.file.src_uri):
            html = self.build.on_page_content(page.file.abs_src_path, page.url, html)
        return self.build.translated.page_html(page.file.src_uri, html, self.build.today)

    def on_page_context(self, context, page, config, nav):
        # The theme writes each heading's address into the table of contents as it is.
        material.escape_toc_ids(page.toc)
        if self.build.translated:  # issue 26: Material's labels in a translation's language, its contents' too
            self.build.translated.toc_words(page.file.src_uri, page.toc)
            language = self.build.translated.layout.language_of(page.file.src_uri)
            if language != self.build.translated.layout.default_language:
                context["guide_language"] = material.labels_language(config["theme"], language)
            self.build.translated.in_language(context, page.file.src_uri)
        return context

    def on_post_page(self, output, page, config):
        if self.build.translated:  # issue 26: the page's own language
            output = self.build.translated.page_written(page.file.src_uri, output)
        return self.build.on_post_page(output, page.file.dest_uri)

    def on_post_template(self, output_content, template_name, config):
        # The 404 page is a template, not a page.
        return self.build.on_post_page(output_content) if template_name.endswith(".html") else output_content

    # After print-site (priority 0) has written the print page.
    @event_priority(-50)
    def on_post_build(self, config):
        if self.build.translated:  # issue 26: each page's language, for the report and the review schedule
            self.build.translated.label(self.build.pages.values(), self.build.root)
            self.build.translated_downloads_pages = dict(self.build.translated.downloads_pages)
            if self.config.run.offline:  # the whole guide in each language, printed from the offline copy
                self.build.language_print_pages = write_print_pages(
                    self.build.translated, config.plugins.get("print-site"), config, self.build.files, self.build
                )
        self.build.on_post_build(Path(config["site_dir"]), config)
        if self.preview:
            theme = [Path(config["theme"].custom_dir)] if config["theme"].custom_dir else []
            self.preview.remember_build(
                config,
                self.build.files,
                self.build.site_nav,
                self.build.env,
                [Path(config["docs_dir"]), *theme, *map(Path, config["watch"])],
                [Path(config["config_file_path"])],
            )

    def on_build_error(self, error):
        if self.build is not None and self.build.print_writer is not None:
            self.build.print_writer.remove()  # print-site's own write_file again

    def on_serve(self, server, config, builder):
        """After a save, render only the saved pages when nothing else changed (preview.py)."""
        if self.preview is None:  # `mkdocs serve --clean` builds everything each time, as asked
            return server
        build_everything = server.builder

        def build_saved_pages():
            saved = self.preview.saved_pages(self.build.same_in_navigation)
            if saved is None:
                return build_everything()
            if self.build.translated:  # issue 26: a saved page's translations say whether they fell behind
                saved = self.build.translated.with_translations(saved, self.build.files)
            started = time.perf_counter()
            for file in saved:
                self.build.forget(file.abs_src_path)
            self.preview.render(saved)
            rendered = time.perf_counter()
            # Its links, anchors and images against the whole site, as check judges them.
            self.build.check_saved(Path(config["site_dir"]), [file.dest_uri for file in saved])
            self.build.report_problems()  # the saved pages' problems, told again
            names = ", ".join(file.src_uri for file in saved)
            done = time.perf_counter()
            log.info(
                f"Rendered {names} again in {(done - started) * 1000:.0f} ms "
                f"(its links checked in {(done - rendered) * 1000:.0f} ms)."
            )

        server.builder = build_saved_pages
        return server
