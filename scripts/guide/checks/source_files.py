"""The files in docs/, judged before MkDocs reads them: only regular files of the project are
published, only of the kinds a contributor may add (pages, data files, raster images), every page
is UTF-8, every name is one a reader's computer can open, and no file takes a place where the
build writes its own (reserved_paths). The SourceFiles check at the end reports them.

MkDocs publishes every file of docs/ as it is, unchecked: an .html, .svg or .js file there would
run script on the guide's own website. So the kinds are an allowlist; the theme's own style
sheets and scripts are code and live in the theme's folder (overrides/assets/)."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from guide.checks.base import Check
from guide.content.characters import hidden_character, is_hidden
from guide.outputs.print_style import PRINT_CSS
from guide.problems import Problem, Severity
from guide.theme_fixes.material import HELP_SCRIPT, SEARCH_WORKER_FILE, WORKERS

# Characters that break a one-line message, a URL or a USB stick's file system (FAT, exFAT).
UNUSABLE_IN_NAMES = set('\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}
# What MkDocs reads as a page (mkdocs.utils.markdown_extensions), in any case.
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# Data files, read by the guide and never published (exclude_docs), in docs/_data/ only.
DATA_FOLDER = "_data"
DATA_SUFFIXES = (".yml", ".yaml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
# How each raster format starts: a file named as an image must be one (any of them: a JPEG
# named .png still shows), never a web page in disguise.
IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"\x00\x00\x01\x00")
ANY_PAGE_FIX = "Write it as a page in Markdown (.md) instead, or delete it."
REFUSED = {
    # suffix: (what is wrong, how to fix it)
    ".svg": (
        "SVG images can hold scripts, which would run on the guide's website.",
        "Save the image as PNG (in most drawing programs: Export, PNG) and link to the .png file.",
    ),
    ".svgz": (
        "SVG images can hold scripts, which would run on the guide's website.",
        "Save the image as PNG (in most drawing programs: Export, PNG) and link to the .png file.",
    ),
    **dict.fromkeys(
        (".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"),
        (
            "A web page or XML file ({suffix}) would be published as it is, unchecked, and could run scripts "
            "on the guide's website.",
            ANY_PAGE_FIX,
        ),
    ),
    **dict.fromkeys(
        (".js", ".mjs", ".cjs", ".css", ".wasm"),
        (
            "A script or style sheet ({suffix}) is the theme's code, not content: docs/ does not publish it.",
            "Ask a maintainer: the theme's files live in overrides/assets/ (published from there), and a "
            "script must also be listed in the guide plugin's setting trusted_code: extra_javascript.",
        ),
    ),
}


def _shown(path: Path, project: Path) -> str:
    """The path as messages show it; control characters spelled out, so a message stays one line."""
    try:
        text = path.relative_to(project).as_posix()
    except ValueError:
        text = path.as_posix()
    if not any(ord(c) < 32 or c == "\x7f" or is_hidden(c) for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if is_hidden(c) else c for c in text)


def _link_problem(path: Path, docs: Path, shown: str) -> Problem | None:
    """A symbolic link may only point to a regular file or folder inside docs/."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(
            "source-file",
            shown,
            0,
            "The file is a link that points to nothing (or to itself).",
            "Replace the link with the file itself, or delete it.",
        )
    if not target.is_relative_to(docs):
        return Problem(
            "source-file",
            shown,
            0,
            "The file is a link to something outside docs/, which would be published.",
            "Replace the link with a copy of the file, inside docs/, or delete it.",
        )
    if target.is_dir() and path.parent.resolve().is_relative_to(target):
        return Problem(
            "source-file", shown, 0, "The folder is a link to a folder that contains it.", "Delete the link."
        )
    return None


def page_encoding_problem(data: bytes, shown: str) -> Problem | None:
    """A page must be UTF-8 (a byte order mark is fine) without NUL bytes."""
    fix = "Save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)."
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Problem("source-file", shown, 1, "The file is saved as UTF-16, not UTF-8.", fix)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return Problem(
            "source-file",
            shown,
            line,
            f"The file is not saved as UTF-8 (byte 0x{data[err.start]:02X} cannot be read).",
            fix,
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return Problem("source-file", shown, line, "The file holds a NUL byte, so it is not plain text.", fix)
    return None


def _starts_as_image(path: Path) -> bool:
    with path.open("rb") as f:
        head = f.read(32)
    if head.startswith(IMAGE_SIGNATURES):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    return head[4:8] == b"ftyp" and b"avi" in head[8:32]  # AVIF: an ISO media file, brand avif/avis


def kind_problem(path: Path, docs: Path, shown: str) -> Problem | None:
    """A file of a kind docs/ may not hold: anything but pages, data files in docs/_data/ and
    raster images (which must be images). path is the file (or a link to one) inside docs."""
    name = path.name.lower()
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in PAGE_SUFFIXES:
        return None
    if suffix in DATA_SUFFIXES:
        if path.relative_to(docs).parts[0] == DATA_FOLDER:
            return None
        return Problem(
            "source-file",
            shown,
            0,
            f"A data file outside docs/{DATA_FOLDER}/ would be published as it is.",
            f"Move it into docs/{DATA_FOLDER}/.",
        )
    if suffix in IMAGE_SUFFIXES:
        try:
            if _starts_as_image(path):
                return None
        except OSError as err:
            return Problem(
                "source-file", shown, 0, f"The file cannot be read ({err.strerror}).", "Check its permissions."
            )
        return Problem(
            "source-file",
            shown,
            0,
            f"The file is named as an image ({suffix}) but is not a PNG, JPEG, GIF, WebP, AVIF or ICO image.",
            "Save the picture again as a PNG or JPEG image, or delete the file.",
        )
    what, fix = REFUSED.get(
        suffix,
        (
            "docs/ holds pages (.md), data files (in docs/_data/) and images (PNG, JPEG, GIF, WebP, AVIF, "
            "ICO) only: any other file would be published as it is, unchecked.",
            "Delete it, or put what it says in a page; ask a maintainer if the guide needs this kind of file.",
        ),
    )
    return Problem("source-file", shown, 0, what.format(suffix=suffix), fix)


def scan_docs(docs: Path, project: Path) -> list[Problem]:
    """Every file under docs/ that may not be published, with what to do about it.

    Walks without following links (MkDocs follows them: a link to '/' would walk the disk)."""
    docs = docs.resolve()
    problems: list[Problem] = []
    for folder, dirnames, filenames in os.walk(docs, followlinks=False):
        here = Path(folder)
        # MkDocs never publishes a hidden file or folder (its exclude_docs always holds '.*'):
        # an editor's .DS_Store or .gitkeep is fine, and unread.
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in sorted(dirnames + [f for f in filenames if not f.startswith(".")]):
            path = here / name
            shown = _shown(path, project)
            bad = sorted(UNUSABLE_IN_NAMES & set(name))
            if bad:
                problems.append(
                    Problem(
                        "source-file",
                        shown,
                        0,
                        f"The name contains {', '.join(repr(c) for c in bad)}, which some computers "
                        "cannot use in a file name.",
                        "Rename it with letters, digits, '-' and '_' only.",
                    )
                )
                continue
            if hidden := hidden_character(name):
                # A byte that is not UTF-8 reaches Python as U+DC80-U+DCFF (surrogateescape).
                byte = next((ord(c) - 0xDC00 for c in name if 0xDC80 <= ord(c) <= 0xDCFF), None)
                what = (
                    f"The name is not UTF-8 (byte 0x{byte:02X} cannot be read)"
                    if byte is not None
                    else f"The name contains {hidden}, a character that cannot be seen or that changes how the name looks"
                )
                problems.append(
                    Problem("source-file", shown, 0, what + ".", "Rename it with letters, digits, '-' and '_' only.")
                )
                continue
            try:
                info = path.lstat()
            except OSError as err:
                problems.append(
                    Problem(
                        "source-file", shown, 0, f"The file cannot be read ({err.strerror}).", "Check its permissions."
                    )
                )
                continue
            if stat.S_ISLNK(info.st_mode):
                problem = _link_problem(path, docs, shown)
                if problem is None and path.is_file():
                    problem = kind_problem(path, docs, shown)  # by the link's name: it is published so
                if problem:
                    problems.append(problem)
                continue
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                problems.append(
                    Problem(
                        "source-file",
                        shown,
                        0,
                        "This is not a regular file (a pipe, socket or device).",
                        "Delete it from docs/.",
                    )
                )
                continue
            if stat.S_ISREG(info.st_mode) and (problem := kind_problem(path, docs, shown)):
                problems.append(problem)
                continue
            if stat.S_ISREG(info.st_mode) and name.lower().endswith(PAGE_SUFFIXES):
                try:
                    data = path.read_bytes()
                except OSError as err:
                    problems.append(
                        Problem(
                            "source-file",
                            shown,
                            0,
                            f"The file cannot be read ({err.strerror}).",
                            "Check its permissions.",
                        )
                    )
                    continue
                if problem := page_encoding_problem(data.removeprefix(b"\xef\xbb\xbf"), shown):
                    problems.append(problem)
    return problems


# The page suffixes built_as places at a folder of their own.
RESERVED_PAGE_SUFFIXES = (".md", ".markdown")


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
    PRINT_CSS: "the engine's style sheet for paper",
    HELP_SCRIPT: "the search help's script",
    f"{WORKERS}/{SEARCH_WORKER_FILE}": "the search's worker",
}


def built_as(rel: str) -> list[str]:
    """Where a file of docs/ lands in the site: a page at folder/name/index.html (or
    folder/name.html without directory addresses), any other file at its own path."""
    path = PurePosixPath(rel)
    if path.suffix not in RESERVED_PAGE_SUFFIXES:
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


class SourceFiles(Check):
    kinds = {"source-file": Severity.ERROR}

    def on_config(self):
        root, docs = self.context.root, self.context.docs_dir
        # One line per file: where the build writes its own, that is what to fix first.
        reserved = reserved_paths(docs, root)
        taken = {problem.path for problem in reserved}
        return sorted([*reserved, *(p for p in scan_docs(docs, root) if p.path not in taken)], key=lambda p: p.path)
