"""The preview (`make serve`) renders only the pages saved since its last build.

MkDocs' preview rebuilds the whole site on every save, which takes over a minute for a guide of
1,000 pages. A saved page changes only itself, unless it changes what other pages show of it
(its title or draft state, in the navigation) or it is new, gone, a data file, mkdocs.yml or the
theme: then the whole site is built again, as MkDocs does. The page's problems are logged again,
as a full build logs them.

Rendering one page uses two functions of MkDocs' own build (mkdocs.commands.build) that are not
part of its plugin API; when they change, the preview says so once and builds everything, as
MkDocs itself does.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import InclusionLevel

log = logging.getLogger("mkdocs.plugins.guide")

# MkDocs' functions that read and render one page, with the parameters the preview passes.
PAGE_STEPS = {
    "_populate_page": ("page", "config", "files"),
    "_build_page": ("page", "config", "doc_files", "nav", "env", "dirty", "excluded"),
}


def page_steps_missing() -> str | None:
    """What no longer matches in MkDocs' own build, or None."""
    for name, parameters in PAGE_STEPS.items():
        function = getattr(mkdocs_build, name, None)
        if function is None:
            return f"mkdocs.commands.build.{name} is gone"
        if tuple(inspect.signature(function).parameters)[: len(parameters)] != parameters:
            return f"mkdocs.commands.build.{name} takes other parameters"
    return None


def snapshot(folders: list[Path], files: list[Path]) -> dict[str, float]:
    """The modification time of every file in folders, and of each of files."""
    found = {}
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(root, name)
                found[path] = os.stat(path).st_mtime_ns
    for path in files:
        if path.is_file():
            found[str(path)] = path.stat().st_mtime_ns
    return found


class Preview:
    """What the preview's last full build made, kept to render one page again."""

    def __init__(self):
        self.config = self.files = self.nav = self.env = None
        self.watched: tuple[list[Path], list[Path]] = ([], [])
        self.mtimes: dict[str, float] = {}
        self.drift_told = False

    def remember_build(self, config, files, nav, env, watched_folders: list[Path], watched_files: list[Path]):
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.watched = (watched_folders, watched_files)
        self.mtimes = snapshot(*self.watched)

    def saved_pages(self, same_in_navigation: Callable) -> list | None:
        """The pages saved since the last build, or None when the whole site must be built again:
        anything but existing pages changed, or a page changed what the navigation shows of it."""
        if self.files is None:
            return None
        now = snapshot(*self.watched)
        changed = {path for path in now.keys() | self.mtimes.keys() if now.get(path) != self.mtimes.get(path)}
        pages = {file.abs_src_path: file for file in self.files.documentation_pages()}
        if not changed or not changed <= pages.keys():
            return None
        saved = [pages[path] for path in sorted(changed)]
        if not all(file.page is not None and same_in_navigation(file) for file in saved):
            return None
        if missing := page_steps_missing():
            if not self.drift_told:
                log.warning(f"The preview builds every page on each save: {missing} (a newer MkDocs).")
                self.drift_told = True
            return None
        self.mtimes = now
        return saved

    def render(self, files: list) -> None:
        """Read and render these pages again, as MkDocs' build does, with every plugin's events."""
        doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in files:
            mkdocs_build._populate_page(file.page, self.config, self.files)
        for file in files:
            mkdocs_build._build_page(
                file.page, self.config, doc_files, self.nav, self.env, False, excluded=file.inclusion.is_excluded()
            )
