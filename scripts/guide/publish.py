"""Nothing lost: outputs are built in a staging folder and replace dist/ only when all succeeded."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def staging_dir(dist: Path) -> Path:
    """A new empty folder beside dist/, on the same disk, so the final move is a rename."""
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{dist.name}.staging-", dir=dist.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the outputs are for publishing
    return staging


def publish(staging: Path, dist: Path) -> None:
    """Swap staging in as dist/; the old dist/ is removed only after the swap."""
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
