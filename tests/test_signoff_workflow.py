"""The sign-off workflow's job (scripts/sign_off_on_github.py) run here, as GitHub runs it: a
copy of a fixture site as a git repository with a remote, and a stand-in for `gh` that notes
what it was asked. Hostile inputs are recorded exactly or refused; none runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_fixture

pytestmark = pytest.mark.fixtures

SCRIPT = ROOT / "scripts" / "sign_off_on_github.py"
# Stands in for GitHub's CLI: notes its arguments and what it read, answers with an address.
FAKE_GH = """#!{python}
import json, sys
with open({log!r}, "a") as log:
    log.write(json.dumps({{"args": sys.argv[1:], "stdin": sys.stdin.read()}}) + "\\n")
print("https://github.com/example/guide/pull/7")
"""


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


class Repository:
    """The 'good' fixture as a checked-out repository whose origin is a bare one beside it."""

    def __init__(self, root: Path):
        self.root = root
        self.site = copy_fixture("good", root)
        self.origin = root / "origin.git"
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        git(self.site, "init", "--quiet", "--initial-branch=main")
        git(self.site, "add", ".")
        git(self.site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "start")
        git(self.site, "remote", "add", "origin", str(self.origin))
        git(self.site, "push", "--quiet", "origin", "main")
        self.bin = root / "bin"
        self.bin.mkdir()
        self.gh_log = root / "gh.jsonl"
        (self.bin / "gh").write_text(FAKE_GH.format(python=sys.executable, log=str(self.gh_log)))
        (self.bin / "gh").chmod(0o755)

    def run(self, **inputs: str) -> subprocess.CompletedProcess:
        env = {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "HOME": str(self.root),
            "NO_MKDOCS_2_WARNING": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "STARTED_BY": "octo-cat",
            "BASE_BRANCH": "main",
            "RUN_ID": "4242",
            **inputs,
        }
        return subprocess.run(
            [sys.executable, str(SCRIPT)], cwd=self.site, env=env, capture_output=True, text=True, timeout=120
        )

    def gh_calls(self) -> list[dict]:
        if not self.gh_log.exists():
            return []
        return [json.loads(line) for line in self.gh_log.read_text().splitlines()]

    def pushed_page(self, branch: str, page: str) -> str:
        return git(self.origin, "show", f"{branch}:docs/{page}")


@pytest.fixture
def repository(tmp_path) -> Repository:
    return Repository(tmp_path)


HOSTILE_NAME = 'Dr $mith "`touch {root}/ran-backtick`" $(touch {root}/ran-dollar) \'; --help'


def test_a_sign_off_is_pushed_on_a_new_branch_with_a_pull_request_and_the_account_that_started_it(repository):
    name = HOSTILE_NAME.format(root=repository.root)
    (repository.site / "made-by-the-job.txt").write_text("not the guide's")  # e.g. pip's build files
    done = repository.run(PAGES="index.md", REVIEWER=name, ROLE="--MS nurse; rm -rf ~", SIGNOFF_DATE="2025-06-01")
    assert done.returncode == 0, done.stderr
    assert not list(repository.root.glob("ran-*"))  # nothing typed was run
    text = repository.pushed_page("sign-off/run-4242", "index.md")
    escaped = name.replace('"', '\\"')
    assert f'reviewed_by: "{escaped}, --MS nurse; rm -rf ~"' in text
    assert (
        f'- {{date: 2025-06-01, by: "{escaped}", role: "--MS nurse; rm -rf ~", recorded_by: "octo-cat", text: "sha256:'
        in text
    )
    assert "last_reviewed: 2025-06-01" in text
    committed = git(repository.origin, "show", "--name-only", "--format=%an%n%B", "sign-off/run-4242")
    assert committed.splitlines()[0] == "github-actions[bot]"
    assert "docs/index.md" in committed and "made-by-the-job.txt" not in committed
    # The page on main is as it was: only the pull request carries the sign-off.
    assert "2025-06-01" not in git(repository.origin, "show", "main:docs/index.md")
    [call] = repository.gh_calls()
    assert call["args"][:2] == ["pr", "create"]
    assert "--base=main" in call["args"] and "--head=sign-off/run-4242" in call["args"]
    assert f"--title=Sign-off: index.md, by {name}" in call["args"]
    assert "started by @octo-cat" in call["stdin"] and name in call["stdin"]
    assert "Opened https://github.com/example/guide/pull/7" in done.stdout
    # Printed names could hold a workflow command: GitHub reads none while the job prints.
    assert done.stdout.startswith("::stop-commands::")


def test_several_pages_are_signed_off_in_one_pull_request(repository):
    done = repository.run(PAGES="index.md,  second.md", REVIEWER="Dr A Example", ROLE="MS nurse")
    assert done.returncode == 0, done.stderr
    for page in ("index.md", "second.md"):
        assert 'recorded_by: "octo-cat"' in repository.pushed_page("sign-off/run-4242", page)
    assert len(repository.gh_calls()) == 1


@pytest.mark.parametrize(
    "inputs, message",
    [
        (
            {"PAGES": "", "REVIEWER": "Dr A", "ROLE": "nurse"},
            "No page was given. Type the page's file name in 'pages', e.g. relapses.md.",
        ),
        (
            {"PAGES": "--help", "REVIEWER": "Dr A", "ROLE": "nurse"},
            "--help: there is no such page in docs/. Give the page's file name, e.g. relapses.md.",
        ),
        (
            {"PAGES": "../../../etc/passwd", "REVIEWER": "Dr A", "ROLE": "nurse"},
            "../../../etc/passwd: there is no such page in docs/. Give the page's file name, e.g. relapses.md.",
        ),
        (
            {"PAGES": "index.md", "REVIEWER": "Dr A\n::error::injected", "ROLE": "nurse"},
            "docs/index.md: The reviewer contains a line break or another control character. "
            "Write the name and role on one line, as plain text.",
        ),
        (
            {"PAGES": "index.md", "REVIEWER": "Doe, Jane", "ROLE": "nurse"},
            "The reviewer's name contains a comma. Type the name alone in 'reviewer' (e.g. Dr Jane Doe) "
            "and the role in 'role'.",
        ),
        (
            {"PAGES": "index.md", "REVIEWER": "Dr A", "ROLE": "  "},
            "The role is empty. Type the reviewer's name and role, e.g. Dr Jane Doe, MS nurse.",
        ),
        (
            {"PAGES": "index.md", "REVIEWER": "Dr A", "ROLE": "nurse", "SIGNOFF_DATE": "$(date)"},
            "The date '$(date)' is not a date. Type it as YYYY-MM-DD, e.g. 2026-11-24, or leave it empty for today.",
        ),
        (
            {"PAGES": "index.md second.md", "REVIEWER": "Dr A", "ROLE": "nurse", "SIGNOFF_DATE": "2024-01-14"},
            "docs/index.md: The sign-off date 2024-01-14 is before last_reviewed, 2024-01-15. "
            "Give the date of this review: 2024-01-15 or later.",
        ),
        (
            {"PAGES": "index.md", "REVIEWER": "Dr A", "ROLE": "nurse", "STARTED_BY": "octo cat; id"},
            "docs/index.md: The account that records the sign-off, 'octo cat; id', is not a GitHub account "
            "name. Give the account's name, e.g. octocat.",
        ),
    ],
    ids=[
        "no-page",
        "option-as-page",
        "page-outside-docs",
        "newline",
        "comma-in-name",
        "no-role",
        "bad-date",
        "date-before-last",
        "bad-account",
    ],
)
def test_a_refused_sign_off_changes_nothing_and_says_why_in_one_line(repository, inputs, message):
    before = git(repository.site, "status", "--porcelain")
    done = repository.run(**inputs)
    assert done.returncode == 2
    assert done.stderr.strip() == message
    assert "::error title=Sign-off not recorded::" in done.stdout
    assert git(repository.site, "status", "--porcelain") == before
    assert git(repository.origin, "branch", "--list") == "* main\n"
    assert repository.gh_calls() == []
