"""Where the build writes files of its own into the published site: a file of docs/ at one of
those places would be replaced without a word (or replace the build's own, which the checks
never saw), so it is refused at its name."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .problems import Problem
from .theme_fixes.material import HELP_SCRIPT, SEARCH_WORKER_FILE, WORKERS

PAGE_SUFFIXES = (".md", ".markdown")
# Built file (or folder, ending in '/') -> what the build writes there.
RESERVED = {
    "print_page/": "the print page of the whole guide",
    "downloads/": "the PDFs and the offline copy's zip",
    "search/search_index.json": "the search index",
    "sitemap.xml": "the sitemap",
    "sitemap.xml.gz": "the sitemap",
    "css/print-site.css": "the print page's style",
    "css/print-site-material.css": "the print page's style",
    "js/print-site.js": "the print page's script",
    HELP_SCRIPT: "the search help's script",
    f"{WORKERS}/{SEARCH_WORKER_FILE}": "the search's worker",
}


def built_as(rel: str) -> list[str]:
    """Where a file of docs/ lands in the site: a page at folder/name/index.html (or
    folder/name.html without directory addresses), any other file at its own path."""
    path = PurePosixPath(rel)
    if path.suffix not in PAGE_SUFFIXES:
        return [rel]
    folder = path.parent.as_posix().removeprefix(".").strip("/")
    if path.stem in ("index", "README"):
        return [f"{folder}/index.html".lstrip("/")]
    return [f"{folder}/{path.stem}/index.html".lstrip("/"), f"{folder}/{path.stem}.html".lstrip("/")]


def reserved_for(rel: str) -> str | None:
    """What the build writes where this file of docs/ would go, or None."""
    for built in built_as(rel):
        if built == "downloads/index.html":
            continue  # the Downloads page itself
        for place, what in RESERVED.items():
            if built == place or (place.endswith("/") and built.startswith(place)):
                return what
    return None


def reserved_paths(docs: Path, project: Path) -> list[Problem]:
    """A problem for each file of docs/ where the build writes its own."""
    docs = docs.resolve()
    problems = []
    for folder, _, filenames in os.walk(docs, followlinks=False):
        for name in sorted(filenames):
            path = Path(folder) / name
            rel = path.relative_to(docs).as_posix()
            if what := reserved_for(rel):
                shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)
                problems.append(
                    Problem(
                        "source-file",
                        shown.encode("unicode_escape").decode("ascii") if not shown.isprintable() else shown,
                        0,
                        f"The build writes {what} here: one would silently take the place of the other.",
                        "Rename the file or move it to another folder"
                        + (": downloads/ holds only the Downloads page." if rel.startswith("downloads/") else "."),
                    )
                )
    return problems
