"""Hostile and mistaken input, one fixture site per case, each with its expected output beside it.
Then the command line's own refusals: outputs that would delete sources, two builds at once, a kill
while publishing, a full disk, a browser that crashes.

Every fixture site with an expected.txt (tests/fixtures/*/expected.txt) is a case, found by
itself: add a folder with its mkdocs.yml, docs/ and expected.txt, and it is tested. expected.txt
holds comment lines (#) for the reader, then `exit <code>: <commands>` (the exit code of
`scripts/build.py <command> --today 2026-01-01`, the same for each command), then every error
line (exit 1: the lines under "Errors (N):"; exit 2: every line on stderr):

    # Why this case exists.
    exit 1: check build
    docs/index.md:3: The front matter is not valid YAML (...). Write each setting as ...

When the output changes on purpose, rewrite the files from the actual output, then read what
changed before committing it:

    .venv/bin/python -m pytest tests/test_hostile_input.py --update-expected
    git diff tests/fixtures

--update-expected keeps each file's comments and commands and writes the exit code and lines
that the build gave; a case whose commands disagree with each other still fails. For a new
case, write the comments and `exit 0: check build` and let it fill in the rest.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_fixture, one_at_a_time, run_build, snapshot
from guide.outputs import publish

pytestmark = pytest.mark.fixtures

TODAY = "2026-01-01"
CASES = sorted(p.parent.name for p in FIXTURES.glob("*/expected.txt"))


def expected(case: str) -> tuple[int, list[str], list[str]]:
    lines = [
        line
        for line in (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    code, commands = lines[0].removeprefix("exit ").split(":")
    return int(code), commands.split(), lines[1:]


def write_expected(case: str, code: int, commands: list[str], lines: list[str]) -> None:
    """expected.txt with the exit code and lines given; its comments and commands kept."""
    path = FIXTURES / case / "expected.txt"
    comments = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join([*comments, f"exit {code}: {' '.join(commands)}", *lines]) + "\n"
    path.write_text(text, encoding="utf-8")


def error_lines(stdout: str) -> list[str]:
    """The lines under 'Errors (N):', up to the next heading or the summary."""
    lines, inside = [], False
    for line in stdout.splitlines():
        if line.startswith("Errors ("):
            inside = True
        elif line.startswith(("Warnings (", "Notices (", "Pages, by")):
            inside = False
        elif inside:
            lines.append(line)
    return lines


@pytest.mark.parametrize("case", CASES)
def test_hostile_or_mistaken_input_gives_its_lines_and_exit_code_and_changes_nothing(
    case, previous_dist, update_expected
):
    with one_at_a_time(case):  # no other test's build of the case (its dist.staging-*) meanwhile
        check_case(case, previous_dist, update_expected)


def check_case(case: str, previous_dist: Path, update_expected: bool) -> None:
    code, commands, lines = expected(case)
    sources, before = snapshot(FIXTURES / case), snapshot(previous_dist)
    for index, command in enumerate(commands):
        result = run_build(command, "--today", TODAY, fixture=case, dist=previous_dist)
        output = result.stdout + result.stderr
        got = result.stderr.strip().splitlines() if result.returncode == 2 else error_lines(result.stdout)
        # The first command's output becomes the expectation; the others must agree with it.
        if update_expected and index == 0 and (result.returncode, got) != (code, lines):
            code, lines = result.returncode, got
            write_expected(case, code, commands, lines)
            sources["expected.txt"] = snapshot(FIXTURES / case)["expected.txt"]  # the one change allowed
        assert result.returncode == code, (command, output)
        assert "Traceback" not in output
        assert got == lines, (
            f"{command}: not the lines of {case}/expected.txt; if the new ones are right, "
            "run pytest with --update-expected and review the change with git diff"
        )
        assert snapshot(FIXTURES / case) == sources
        if code:
            assert snapshot(previous_dist) == before
            assert sorted(p.name for p in previous_dist.parent.iterdir()) == ["dist"]  # no staging left


def test_a_pipe_in_docs_is_refused_without_reading_it(tmp_path):
    site = copy_fixture("good", tmp_path)
    os.mkfifo(site / "docs" / "notes.md")  # reading it would wait for ever
    result = run_build("check", "--today", TODAY, "--config-file", str(site / "mkdocs.yml"), timeout=60)
    assert result.returncode == 1
    assert error_lines(result.stdout) == [
        "docs/notes.md: This is not a regular file (a pipe, socket or device). Delete it from docs/."
    ]
    assert stat.S_ISFIFO((site / "docs" / "notes.md").lstat().st_mode)


@pytest.mark.parametrize(
    "dist, reason",
    [
        ("tests/fixtures/good/docs", "this is inside docs/, the project's sources."),
        ("tests/fixtures/good", "this folder holds the project, which the build would delete."),
        ("tests", "this folder holds the project, which the build would delete."),
        ("/", "this folder holds the project, which the build would delete."),
    ],
)
def test_an_output_folder_holding_sources_is_refused_and_nothing_is_deleted(dist, reason):
    with one_at_a_time("good"):  # no other test's build of it (its dist.staging-*) meanwhile
        sources = snapshot(FIXTURES / "good")
        result = run_build("build", "--today", TODAY, "--dist", dist, fixture="good")
        assert snapshot(FIXTURES / "good") == sources
    assert result.returncode == 2
    assert result.stderr.startswith(f"--dist {(ROOT / dist).resolve()}: {reason}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_folder_the_build_did_not_make_is_never_replaced(tmp_path):
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "holiday.jpg").write_bytes(b"\xff\xd8")
    result = run_build("build", "--today", TODAY, fixture="good", dist=mine)
    assert result.returncode == 2
    assert "this folder was not made by the build" in result.stderr
    assert f"Move it aside with this command, then run again: mv {mine} {mine}.mine" in result.stderr
    assert [p.name for p in mine.iterdir()] == ["holiday.jpg"]


@pytest.mark.parametrize(
    "first",
    [
        ("reviews", "--out", "{dist}"),  # make reviews
        ("check", "--report", "{dist}/link-report.json"),  # make linkcheck (without --external)
    ],
    ids=["reviews", "report"],
)
def test_dist_made_first_by_another_command_of_the_build_is_the_builds(tmp_path, first):
    dist = tmp_path / "dist"
    made = run_build(*(arg.format(dist=dist) for arg in first), "--today", TODAY, fixture="good")
    assert made.returncode == 0, made.stderr
    assert (dist / publish.MARKER).is_file()
    built = run_build("build", "--no-pdf", "--today", TODAY, fixture="good", dist=dist)
    assert built.returncode == 0, built.stderr
    assert (dist / "site" / "index.html").is_file()


@pytest.mark.parametrize("report", ["tests/fixtures/good/docs/index.md", "README.md", "docs", "/dev/zero"])
def test_the_report_never_overwrites_sources(report):
    before = (ROOT / report).read_bytes() if (ROOT / report).is_file() else None
    result = run_build("check", "--today", TODAY, "--report", report, fixture="good")
    assert result.returncode == 2
    assert result.stderr.startswith(f"--report {(ROOT / report).resolve()}: ")
    if before is not None:
        assert (ROOT / report).read_bytes() == before


@pytest.mark.parametrize(
    "config, message",
    [
        ("nothere.yml", "no such file. Give the path of the guide's mkdocs.yml."),
        ("tests", "this is a folder, not a file. Give the path of the guide's mkdocs.yml."),
    ],
)
def test_a_missing_configuration_file_is_a_usage_error(config, message):
    result = run_build("check", "--config-file", config)
    assert result.returncode == 2
    assert result.stderr.strip() == f"--config-file {config}: {message}"


def test_a_second_build_at_once_exits_with_a_message_and_leaves_the_first_alone(previous_dist):
    before = snapshot(previous_dist)
    with publish.BuildLock(previous_dist):  # the first build, still running
        result = run_build("build", "--today", TODAY, fixture="good", dist=previous_dist)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{previous_dist.parent}: another build is running here. Wait for it to finish, then run again."
    )
    assert snapshot(previous_dist) == before


def test_a_build_killed_while_publishing_is_repaired_by_the_next_run(previous_dist):
    before = snapshot(previous_dist)
    # A kill after dist/ was moved aside and before the new one took its place, and another
    # during a build, which left its staging folder.
    (publish.staging_dir(previous_dist) / "site").mkdir()
    publish.move_aside(previous_dist)
    result = run_build("check", "--today", TODAY, fixture="citation-unknown", dist=previous_dist)
    assert result.returncode == 1
    snapshot_now = snapshot(previous_dist)
    claim = snapshot_now.pop(publish.CLAIM)  # written when it was moved aside
    assert snapshot_now == before and claim
    assert sorted(p.name for p in previous_dist.parent.iterdir()) == ["dist"]
    assert result.stderr == ""


def test_a_folder_of_the_users_named_like_a_leftover_survives_the_build(previous_dist):
    # The build names its own folders dist.old-* and dist.staging-*: a folder of the user's
    # with such a name, holding a copy of the build's marker and claim, is not one of them.
    mine = previous_dist.parent / "dist.old-mine"
    shutil.copytree(previous_dist, mine)
    (mine / "my-notes.txt").write_text("mine\n")
    shutil.copy(publish.staging_dir(previous_dist) / publish.CLAIM, mine / publish.CLAIM)
    before = snapshot(mine)
    result = run_build("build", "--today", TODAY, "--no-pdf", fixture="good", dist=previous_dist)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(mine) == before
    assert sorted(p.name for p in previous_dist.parent.iterdir()) == ["dist", "dist.old-mine"]
    assert result.stderr.strip() == (
        f"{mine}: left as it is. Its name is one the build gives its own folders beside dist/, "
        "but the build did not make it. Rename it if it is yours, or delete it."
    )


def test_an_unwritable_output_folder_is_one_line_and_exit_2():
    # /sys is read-only for everyone, root included.
    result = run_build("build", "--today", TODAY, "--dist", "/sys/guide-dist", fixture="good")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("/sys/") and "Make the folder writable" in line


def test_a_full_disk_names_the_folder_and_what_to_do():
    import errno

    from build import disk_message

    message = disk_message(OSError(errno.ENOSPC, "No space left on device", "/x/dist.staging-1/a"), Path("/x/dist"))
    assert message == (
        "/x: the disk is full (No space left on device). Free some space there, then run again; dist/ is as it was."
    )


def test_a_browser_that_crashes_while_printing_is_one_line_and_exit_2(tmp_path, previous_dist):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    before = snapshot(previous_dist)
    env = {"GUIDE_CHROMIUM": str(fake)}
    result = run_build("build", "--today", TODAY, fixture="good", dist=previous_dist, env=env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"{fake}: the browser stopped while printing the PDFs (")
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(previous_dist) == before
