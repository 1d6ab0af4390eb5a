"""The files in docs/, judged before MkDocs reads them: only regular files of the project are
published, every page is UTF-8, and every name is one a reader's computer can open."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .characters import hidden_character, is_hidden
from .problems import Problem

# Characters that break a one-line message, a URL or a USB stick's file system (FAT, exFAT).
UNUSABLE_IN_NAMES = set('\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}
PAGE_SUFFIXES = (".md", ".markdown")


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


def scan_docs(docs: Path, project: Path) -> list[Problem]:
    """Every file under docs/ that may not be published, with what to do about it.

    Walks without following links (MkDocs follows them: a link to '/' would walk the disk)."""
    docs = docs.resolve()
    problems: list[Problem] = []
    for folder, dirnames, filenames in os.walk(docs, followlinks=False):
        here = Path(folder)
        for name in sorted(dirnames + filenames):
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
                if problem := _link_problem(path, docs, shown):
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
            if stat.S_ISREG(info.st_mode) and name.endswith(PAGE_SUFFIXES):
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
