"""Nothing lost: outputs are built in a staging folder and replace dist/ only when all succeeded.

- The build deletes only what it made: dist/ carries a marker file, and a folder without it
  (the sources, the project, any folder of the user's) is never used as an output.
- One build at a time per output folder (a lock on the folder that holds dist/).
- A kill at any moment leaves a complete dist/, old or new: the next run puts back the old one
  if the kill came between the two renames, and removes the staging folders left behind.
- Only folders the build made beside dist/ are removed: each carries a claim naming the folder
  and its inode (kept by a rename, new in a copy). A folder of the user's that only has a
  leftover's name (dist.old-mine), or a copy or a renamed dist/ with the claim inside, is not
  the one the claim names, and is left alone with a notice.
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import shlex
import shutil
import stat
import tempfile
from pathlib import Path

from guide.errors import BuildRunning, OutputRefused

MARKER = ".made-by-guide-build"
MARKER_TEXT = "This folder was made by scripts/build.py, which replaces it on the next build.\n"
# In every folder the build makes beside dist/ (staging, and dist/ moved aside): which folder it is.
CLAIM = ".guide-build-folder"
CLAIM_TEXT = "scripts/build.py made this folder for a build and removes it.\nfolder: {name}\ninode: {inode}\n"
# Where the project's sources live: never an output, at any depth.
SOURCE_FOLDERS = ("docs", "overrides", "scripts", "tests", "bench", ".git", ".github")


# The reports the build's commands write (make site, make linkcheck, the weekly reminders).
REPORT_NAMES = ("report.json", "link-report.json", "review-report.json")


def _is_our_output(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    # dist/ from a build before the marker existed, or made by a report alone: its report says so.
    return any(_is_report(folder / name) for name in REPORT_NAMES)


def _is_report(path: Path) -> bool:
    try:
        if not path.is_file():  # a pipe or a device would never end
            return False
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
        if not report.is_file():
            raise OutputRefused(f"--report {report}: this is not a regular file (a device or a pipe). {fix}")
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


def _claim(folder: Path, name: str) -> None:
    """Mark folder as the build's own, under the name it has or is about to be given."""
    text = CLAIM_TEXT.format(name=name, inode=folder.lstat().st_ino)
    (folder / CLAIM).write_text(text, encoding="utf-8")


def made_by_build(folder: Path) -> bool:
    """Whether folder is one the build made beside dist/: a real folder (not a link) holding the
    claim that names it, with its own inode. A copy has another inode; a folder renamed by
    someone else has another name than its claim says."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode) or not stat.S_ISREG((folder / CLAIM).lstat().st_mode):
            return False
        text = (folder / CLAIM).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return text == CLAIM_TEXT.format(name=folder.name, inode=folder.lstat().st_ino)


def leftovers_of(dist: Path) -> list[Path]:
    """What has the name of a folder the build makes beside dist/, made by it or not."""
    found = [
        *dist.parent.glob(f"{glob.escape(dist.name)}.old-*"),
        *dist.parent.glob(f"{glob.escape(dist.name)}.staging-*"),
    ]
    return sorted(found)


def recover(dist: Path) -> list[str]:
    """After a kill: put back a complete dist/ if it was moved aside, and remove the folders the
    build left. Returns a notice for each folder with such a name that the build did not make:
    those are left as they are."""
    leftovers = leftovers_of(dist)
    ours = [folder for folder in leftovers if made_by_build(folder)]
    if not dist.exists() and not dist.is_symlink():
        moved_aside = [f for f in ours if f.name.startswith(f"{dist.name}.old-") and (f / MARKER).is_file()]
        if moved_aside:
            latest = max(moved_aside, key=lambda f: f.lstat().st_mtime)
            latest.rename(dist)
    for folder in ours:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
    return [
        f"{folder}: left as it is. Its name is one the build gives its own folders beside "
        f"{dist.name}/, but the build did not make it. Rename it if it is yours, or delete it."
        for folder in leftovers
        if folder not in ours
    ]


def staging_dir(dist: Path) -> Path:
    """A new empty folder beside dist/, on the same disk, so the final move is a rename."""
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{dist.name}.staging-", dir=dist.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the outputs are for publishing
    _claim(staging, staging.name)  # first: a kill from here on leaves a folder the next run removes
    return staging


def move_aside(dist: Path) -> Path:
    """dist/ renamed to a new dist.old-* beside it, claimed under that name first."""
    old = Path(tempfile.mkdtemp(prefix=f"{dist.name}.old-", dir=dist.parent))
    old.rmdir()
    _claim(dist, old.name)
    dist.rename(old)
    return old


def publish(staging: Path, dist: Path) -> None:
    """Swap staging in as dist/; the old dist/ is removed only after the swap."""
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # last: the outputs are complete
    old = move_aside(dist) if dist.exists() else None
    staging.rename(dist)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
