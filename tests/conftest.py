"""Shared helpers and fixtures: run the real build script, prove that dist/ was left alone, the
real guide built once, and one Chromium for the whole session.

The layers are markers, declared in pyproject.toml. Each module names its own (`pytestmark`),
and a test that asks for the real guide or Chromium is marked `content` or `browser` here,
whatever its module says, so that `make test-fast` (-m "not content and not browser and not
slow") starts neither. `--update-expected` rewrites the fixture sites' expected.txt files: see
tests/test_hostile_input.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest
from guide.outputs.publish import MARKER, MARKER_TEXT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# As `make` sets it: builds run in this process too (run_build), and Material would warn on stderr.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The guide's topic pages, each printed as a handout: page file stem -> title.
TOPICS = {
    "index": "Treating MS",
    "relapses": "Managing relapses",
    "disease-modifying-treatments": "Disease-modifying treatments",
    "symptoms": "Managing symptoms",
    "rehabilitation": "Rehabilitation",
    "psychosocial-support": "Emotional and social support",
}


def run_build(
    *args: str,
    fixture: str | None = None,
    dist: Path | None = None,
    timeout: int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`scripts/build.py *args`: its exit code, stdout and stderr. It runs in this process (its
    main(), as `python scripts/build.py` would), which saves starting Python and importing MkDocs
    for each run; a run that changes the environment or needs a time limit (a build that could
    hang) runs as its own process."""
    command = [*args]
    if fixture:
        command += ["--config-file", str(FIXTURES / fixture / "mkdocs.yml")]
    if dist:
        command += ["--dist", str(dist)]
    # Without --dist the build locks the fixture's own folder (its dist/ would go there), and
    # refuses to run beside another build in it: runs of one fixture take turns, also across
    # pytest-xdist's workers.
    with one_at_a_time(fixture) if fixture and not dist else nullcontext():
        if env is None and timeout is None:
            return build_in_this_process(command)
        return subprocess.run(
            [sys.executable, str(BUILD_SCRIPT), *command],
            capture_output=True,
            text=True,
            timeout=timeout or 600,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200", **(env or {})},
            cwd=ROOT,
        )


BUILD_SCRIPT = ROOT / "scripts" / "build.py"


def build_script():
    """scripts/build.py as a module, loaded once from its file."""
    if "build_script_in_tests" not in sys.modules:
        spec = importlib.util.spec_from_file_location("build_script_in_tests", BUILD_SCRIPT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["build_script_in_tests"] = module
    return sys.modules["build_script_in_tests"]


def build_in_this_process(argv: list[str]) -> subprocess.CompletedProcess:
    """main(argv) with what a process of its own would give: its stdout and stderr (a warning
    logged without a handler included, as Python prints it), the exit code of argparse's
    SystemExit, and exit 1 with the traceback on stderr for an exception main() let through.
    It runs in a thread of its own: while the session's browser is open, Playwright keeps an
    event loop running in this thread, and a build that prints PDFs starts its own."""
    finished: list[subprocess.CompletedProcess] = []
    runner = threading.Thread(target=lambda: finished.append(_run_main(argv)))
    runner.start()
    runner.join()
    return finished[0]


def _run_main(argv: list[str]) -> subprocess.CompletedProcess:
    stdout, stderr = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    # pytest's log capture hangs on the root logger: without it, a record reaches stderr through
    # logging.lastResort, as in a process of its own.
    root_handlers, root.handlers = root.handlers, []
    try:
        with contextlib.chdir(ROOT), contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = build_script().main(argv)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            except Exception:  # noqa: BLE001 - what Python does with an uncaught exception
                traceback.print_exc()
                code = 1
    finally:
        root.handlers = root_handlers
    return subprocess.CompletedProcess(["scripts/build.py", *argv], code, stdout.getvalue(), stderr.getvalue())


@contextmanager
def one_at_a_time(name: str, _held: set[str] = set()) -> Iterator[None]:  # noqa: B006 - this process's locks
    """Held by one test process at a time, per name (a lock file in the system's temporary folder);
    taken again inside, by the process that holds it, it is already held."""
    if name in _held:
        yield
        return
    with open(Path(tempfile.gettempdir()) / f"guide-tests-{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        _held.add(name)
        try:
            yield
        finally:
            _held.discard(name)


def copy_fixture(name: str, root: Path) -> Path:
    """A fixture site copied to root/name, with the _base.yml it inherits and the _shared data
    files beside it, as in tests/fixtures (a guide's data files must be inside its project's
    folders); returns the copy's folder."""
    shutil.copytree(FIXTURES / name, root / name)
    shutil.copy(FIXTURES / "_base.yml", root / "_base.yml")
    shutil.copytree(FIXTURES / "_shared", root / "_shared", dirs_exist_ok=True)
    return root / name


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


# One Chromium for the whole session. While it is open, Playwright's synchronous API keeps its
# asyncio event loop marked as running in the main thread, so asyncio.run() there fails: tests of
# code that starts its own event loop carry the own_event_loop mark and run in a worker thread.
@pytest.fixture(scope="session")
def browser():
    from devtools.browsing import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def website(built_guide):
    """The built guide's website on localhost under /guide/, as GitHub Pages serves it."""
    from devtools.serving import serve

    with serve(built_guide / "site", "guide") as base:
        yield base


@pytest.fixture
def update_expected(request) -> bool:
    """True under `pytest --update-expected`: rewrite expected outputs instead of failing on them."""
    return request.config.getoption("update_expected")


def pytest_addoption(parser):
    parser.addoption(
        "--update-expected",
        action="store_true",
        help="rewrite each fixture site's expected.txt from the actual output, for a "
        "person to review with git diff before committing",
    )


# What a test asks for decides its layer too, whatever its module says: the real guide (and the
# website built from it) is `content`, Chromium is `browser`. Fixtures that ask for these
# count as well: item.fixturenames holds every fixture a test needs, however indirectly.
NEEDS = {"built_guide": "content", "browser": "browser"}


def pytest_collection_modifyitems(items):
    for item in items:
        for mark in sorted({NEEDS[name] for name in getattr(item, "fixturenames", ()) if name in NEEDS}):
            item.add_marker(mark)


# A test marked own_event_loop runs in a worker thread: the code it calls starts an asyncio event
# loop (asyncio.run), which cannot start in the main thread while the session's Chromium is open.
@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    if pyfuncitem.get_closest_marker("own_event_loop") is None:
        return (yield)
    test = pyfuncitem.obj

    def in_worker_thread(*args, **kwargs):
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="own-event-loop") as worker:
            return worker.submit(test, *args, **kwargs).result()

    pyfuncitem.obj = in_worker_thread
    try:
        return (yield)
    finally:
        pyfuncitem.obj = test
