"""MkDocs hooks: the glue between MkDocs and the guide's checks (scripts/guide).

Each hook only calls plain functions and records what they find in the build's session,
so `make serve` shows the same messages as `scripts/build.py`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide import pipeline  # noqa: E402
from guide import session as sessions  # noqa: E402
from guide.nav_drafts import without_excluded_pages  # noqa: E402
from guide.pipeline import GuideBuild  # noqa: E402
from guide.settings import SettingsError  # noqa: E402

build: GuideBuild | None = None
VENDOR = Path(__file__).resolve().parent / "guide" / "vendor"
# The search worker shim for file:// (npm iframe-worker, vendored): only the offline bundle needs it.
OFFLINE_FILES = ("iframe-worker-shim.js", "iframe-worker-bootstrap.js")
OFFLINE_SHIM = "assets/js/iframe-worker-shim.js"


def offline() -> bool:
    return os.environ.get("GUIDE_OFFLINE") == "true"


# Before Material's offline plugin, which adds a CDN copy of the search worker shim unless one is
# listed: the offline bundle lists the vendored one (only there: the website does not need it).
@event_priority(100)
def on_config(config, **kwargs):
    global build
    if offline():
        config["extra"].setdefault("polyfills", []).append(OFFLINE_SHIM)
    try:
        build = GuideBuild.start(config, sessions.options)
    except SettingsError as err:
        raise PluginError(str(err)) from err
    pipeline.last = build
    if build.stopped:
        # Before MkDocs walks docs/ (following links) and reads the pages.
        raise PluginError("The sources cannot be built safely: "
                          + " ".join(str(p) for p in build.session.problems))
    return config


def on_startup(command, **kwargs):
    # The preview shows drafts (with a banner), as the check does; a build leaves them out.
    if command == "serve":
        sessions.options = replace(sessions.options, publish=False)


def on_files(files, config, **kwargs):
    # In one part of a split check, the other parts' pages are left out: MkDocs still resolves
    # links to them, but neither reads nor renders them.
    pages = files.documentation_pages()
    others = build.left_to_others([f.abs_src_path for f in pages])
    # Drafts are left out of a build with MkDocs' own mechanism (mkdocs serve still shows them).
    drafts = build.read_drafts_and_changes([(f.abs_src_path, f.dest_uri, f.url, f.src_uri) for f in pages])
    for file in pages:
        if file.abs_src_path in others:
            file.inclusion = InclusionLevel.EXCLUDED
        elif file.abs_src_path in drafts:
            file.inclusion = InclusionLevel.DRAFT
    if offline():
        for name in OFFLINE_FILES:
            files.append(File.generated(config, f"assets/js/{name}", abs_src_path=str(VENDOR / name)))
    return files


# Before print-site (priority 0) copies the navigation for the print page.
@event_priority(100)
def on_nav(nav, config, files, **kwargs):
    return without_excluded_pages(nav)


def on_page_markdown(markdown, page, config, files, **kwargs):
    # The theme inserts front matter values into HTML as they are: give it escaped text, and
    # only a template that exists (the checks report the value itself).
    page.meta = build.theme_meta(page.file.abs_src_path, page.meta, config["theme"])
    return build.page_markdown(page.file.abs_src_path, page.file.dest_uri, page.url, markdown)


# Before print-site (priority 0) copies each page's HTML into the print page.
@event_priority(50)
def on_page_content(html, page, config, files, **kwargs):
    return build.page_content(page.file.abs_src_path, page.url, html)


def on_post_page(output, page, config, **kwargs):
    return build.page_written(output, page.file.dest_uri)


def on_post_template(output_content, template_name, config, **kwargs):
    # The 404 page is a template, not a page.
    return build.page_written(output_content) if template_name.endswith(".html") else output_content


# After print-site (priority 0) has written the print page.
@event_priority(-50)
def on_post_build(config, **kwargs):
    build.site_built(Path(config["site_dir"]), config)
