"""Which files a change touches, and which of them are code or configuration: for the pull
request's summary, so that a reviewer sees plainly when a change is more than content.

Content is what editors write, in docs/ (pages, data files, images: checks/source_files.py refuses any
other kind there). Every other file can change what the build runs or publishes (mkdocs.yml,
the theme in overrides/, the engine in scripts/, the workflows, the Makefile, the pinned
requirements, the tests): .github/CODEOWNERS makes maintainers review exactly those.
"""

from __future__ import annotations

from pathlib import Path

from guide.errors import ChangedFilesError

# A list from `git diff --name-only -z` is small; a bigger file is cut here (and says so).
MAX_BYTES = 1_000_000


def read_changed_files(path: Path) -> list[str]:
    """The file names listed in path: NUL-separated (git's -z, which any name survives) or one a
    line. Names are data: shown escaped, never run."""
    try:
        with Path(path).open("rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except OSError as err:
        raise ChangedFilesError(
            f"--changed-files {path}: cannot read it ({err.strerror}). Give the list that "
            "git diff --name-only -z writes."
        ) from None
    cut = len(raw) > MAX_BYTES
    raw = raw[:MAX_BYTES]
    names = raw.split(b"\0") if b"\0" in raw else raw.splitlines()
    if cut:
        names = names[:-1] + [b"... (the list is longer)"]
    return [name.decode("utf-8", "replace") for name in names if name]


def code_or_configuration(files: list[str], docs_dir: str = "docs") -> list[str]:
    """The files that are not content: everything outside docs_dir (a path relative to the
    repository, as git names files)."""
    prefix = docs_dir.strip("/") + "/"
    return [name for name in files if not name.startswith(prefix)]
