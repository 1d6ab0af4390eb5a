"""Shared helpers: run the real build script, and prove that dist/ was left alone."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "scripts"))

from guide.publish import MARKER, MARKER_TEXT  # noqa: E402


def run_build(*args: str, fixture: str | None = None, dist: Path | None = None,
              timeout: int = 600, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "scripts" / "build.py"), *args]
    if fixture:
        command += ["--config-file", str(FIXTURES / fixture / "mkdocs.yml")]
    if dist:
        command += ["--dist", str(dist)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with a hash of its content; a link by where it points (never
    followed: a fixture may hold a link to /proc/self/environ)."""
    found = {}
    for folder_path, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(folder_path) / name
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = "link to " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(found.items()))


@pytest.fixture
def previous_dist(tmp_path: Path) -> Path:
    """A dist/ from an earlier build, which a failing build must leave exactly as it was."""
    dist = tmp_path / "dist"
    (dist / "site").mkdir(parents=True)
    (dist / "site" / "index.html").write_text("<p>the previous build</p>\n")
    (dist / "report.json").write_text("{}\n")
    (dist / MARKER).write_text(MARKER_TEXT)
    return dist


@pytest.fixture(scope="session")
def built_guide(tmp_path_factory) -> Path:
    """The real guide, built once by `scripts/build.py build` into a temporary dist/."""
    dist = tmp_path_factory.mktemp("guide") / "dist"
    result = run_build("build", dist=dist)
    assert result.returncode == 0, result.stdout + result.stderr
    return dist


# One Chromium per test module, not per session: Playwright's synchronous API keeps an event loop
# running while its browser is open, and the link checker's tests start their own.
@pytest.fixture(scope="module")
def browser():
    from browsing import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def website(built_guide):
    """The built guide's website on localhost under /guide/, as GitHub Pages serves it."""
    from browsing import serve

    with serve(built_guide / "site", "guide") as base:
        yield base
