"""Nothing lost: outputs are built in a staging folder and replace dist/ only when all succeeded.

- The build deletes only what it made: dist/ carries a marker file, and a folder without it
  (the sources, the project, any folder of the user's) is never used as an output.
- One build at a time per output folder (a lock on the folder that holds dist/).
- A kill at any moment leaves a complete dist/, old or new: the next run puts back the old one
  if the kill came between the two renames, and removes the staging folders left behind.
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import shutil
import tempfile
from pathlib import Path

MARKER = ".made-by-guide-build"
MARKER_TEXT = "This folder was made by scripts/build.py, which replaces it on the next build.\n"
# Where the project's sources live: never an output, at any depth.
SOURCE_FOLDERS = ("docs", "overrides", "scripts", "tests", "bench", ".git", ".github")


class OutputRefused(Exception):
    """An output path that would overwrite or delete what the build did not make (exit 2)."""


class BuildRunning(Exception):
    """Another build holds the lock on this output folder (exit 2)."""


# The reports the build's commands write (make site, make linkcheck, the weekly reminders).
REPORT_NAMES = ("report.json", "link-report.json", "review-report.json")


def _is_our_output(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    # dist/ from a build before the marker existed, or made by a report alone: its report says so.
    return any(_is_report(folder / name) for name in REPORT_NAMES)


def _is_report(path: Path) -> bool:
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and {"command", "exit_code", "problems"} <= set(report)


def claim(folder: Path) -> None:
    """Make an output folder as the build's own, whichever command makes it first (make reviews,
    make linkcheck, make site): with the marker, so that the others use and replace it. A
    folder that exists already is left as it is (refuse_dist has said whether it may be used)."""
    folder = folder.resolve()
    if folder.exists():
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        folder.mkdir()
    except FileExistsError:
        return  # made meanwhile, by whoever made it
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def protected_folders(project: Path, docs: Path, theme_dir: Path | None) -> list[Path]:
    folders = [project / name for name in SOURCE_FOLDERS] + [docs]
    return [f.resolve() for f in folders + ([theme_dir] if theme_dir else [])]


def refuse_dist(dist: Path, project: Path, protected: list[Path], option: str = "--dist") -> None:
    """Raise OutputRefused unless dist/ is a new folder or one the build made."""
    dist = dist.resolve()
    fix = f"Choose another {option}, for example the default dist/ beside mkdocs.yml."
    if project.resolve().is_relative_to(dist):
        raise OutputRefused(f"{option} {dist}: this folder holds the project, which the build would delete. {fix}")
    for folder in protected:
        if dist.is_relative_to(folder):
            raise OutputRefused(f"{option} {dist}: this is inside {folder.name}/, the project's sources. {fix}")
    if dist.exists() and not dist.is_dir():
        raise OutputRefused(f"{option} {dist}: this is a file, not a folder. {fix}")
    if dist.is_dir() and any(dist.iterdir()) and not _is_our_output(dist):
        aside = dist.with_name(dist.name + ".mine")
        raise OutputRefused(
            f"{option} {dist}: this folder was not made by the build, which would "
            f"delete what it holds. Move it aside with this command, then run again: "
            f"mv {shlex.quote(str(dist))} {shlex.quote(str(aside))} (or {fix[0].lower()}{fix[1:-1]})."
        )


def refuse_report(report: Path, project: Path, protected: list[Path]) -> None:
    """Raise OutputRefused unless the report goes to a new file or replaces a report."""
    report = report.resolve()
    fix = "Choose another --report, for example dist/report.json."
    for folder in protected:
        if report.is_relative_to(folder):
            raise OutputRefused(f"--report {report}: this is inside {folder.name}/, the project's sources. {fix}")
    if report.is_dir() or project.resolve().is_relative_to(report):
        raise OutputRefused(f"--report {report}: this is a folder. {fix}")
    if report.exists():
        try:
            old = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        if not (isinstance(old, dict) and {"command", "exit_code"} <= set(old)):
            raise OutputRefused(
                f"--report {report}: this file is not a report of the build, and would be overwritten. {fix}"
            )


class BuildLock:
    """An exclusive lock on the folder that holds dist/, held for the whole run."""

    def __init__(self, dist: Path):
        self.folder = dist.parent
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.folder, os.O_RDONLY)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise BuildRunning(
                f"{self.folder}: another build is running here. Wait for it to finish, then run again."
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock


def recover(dist: Path) -> None:
    """After a kill: put back a complete dist/ if it was moved aside, and remove what was left."""
    leftovers = sorted(dist.parent.glob(f"{dist.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if not dist.exists():
        complete = [old for old in leftovers if _is_our_output(old)]
        if complete:
            complete[-1].rename(dist)
    for leftover in [*dist.parent.glob(f"{dist.name}.old-*"), *dist.parent.glob(f"{dist.name}.staging-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def staging_dir(dist: Path) -> Path:
    """A new empty folder beside dist/, on the same disk, so the final move is a rename."""
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{dist.name}.staging-", dir=dist.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the outputs are for publishing
    return staging


def publish(staging: Path, dist: Path) -> None:
    """Swap staging in as dist/; the old dist/ is removed only after the swap."""
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # last: the outputs are complete
    old = None
    if dist.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{dist.name}.old-", dir=dist.parent))
        old.rmdir()
        dist.rename(old)
    staging.rename(dist)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
