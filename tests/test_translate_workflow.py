"""The "Record a translation" workflow's job (scripts/translate_on_github.py) run here, as GitHub
runs it: a copy of the bilingual site as a git repository with a remote, and a stand-in for `gh`
that notes what it was asked. Hostile inputs are recorded exactly or refused; none runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

pytestmark = pytest.mark.fixtures

SCRIPT = ROOT / "scripts" / "translate_on_github.py"
SITE = ROOT / "tests" / "sites" / "bilingual"
FAKE_GH = """#!{python}
import json, sys
with open({log!r}, "a") as log:
    log.write(json.dumps({{"args": sys.argv[1:], "stdin": sys.stdin.read()}}) + "\\n")
print("https://github.com/example/guide/pull/8")
"""
BRANCH = "translation/run-4242"


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


class Repository:
    """The bilingual site as a checked-out repository whose origin is a bare one beside it (what
    it inherits stays outside, at the same relative paths)."""

    def __init__(self, root: Path):
        self.root = root
        self.site = root / "sites" / "bilingual"
        shutil.copytree(SITE, self.site)
        shutil.copytree(FIXTURES / "_shared", root / "fixtures" / "_shared")
        shutil.copy(FIXTURES / "_base.yml", root / "fixtures" / "_base.yml")
        self.origin = root / "origin.git"
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        git(self.site, "init", "--quiet", "--initial-branch=main")
        self.commit("start")
        git(self.site, "remote", "add", "origin", str(self.origin))
        git(self.site, "push", "--quiet", "origin", "main")
        self.bin = root / "bin"
        self.bin.mkdir()
        self.gh_log = root / "gh.jsonl"
        (self.bin / "gh").write_text(FAKE_GH.format(python=sys.executable, log=str(self.gh_log)))
        (self.bin / "gh").chmod(0o755)

    def commit(self, message: str) -> None:
        git(self.site, "add", ".")
        git(self.site, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", message)

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

    def pushed_page(self, page: str) -> str:
        return git(self.origin, "show", f"{BRANCH}:docs/{page}")


@pytest.fixture
def repository(tmp_path) -> Repository:
    return Repository(tmp_path)


HOSTILE_NAME = 'Ana $mith "`touch {root}/ran-backtick`" $(touch {root}/ran-dollar) \'; --help'


def record_of(text: str) -> str:
    return re.search(r"^translation: .*$", text, re.MULTILINE)[0]


def test_a_translation_of_the_english_page_as_it_is_now_is_pushed_with_a_pull_request(repository):
    english = repository.site / "docs" / "relapses.md"
    english.write_text(english.read_text().replace("Most relapses", "Many relapses"))
    repository.commit("an editor changes the English page")
    before = record_of((repository.site / "docs" / "relapses.es.md").read_text())
    name = HOSTILE_NAME.format(root=repository.root)
    done = repository.run(
        PAGE="relapses.md",
        LANGUAGE="es",
        TRANSLATOR=name,
        ROLE="--medical translator; rm -rf ~",
        METHOD="machine-checked",
        TRANSLATED_DATE="2025-06-01",
    )
    assert done.returncode == 0, done.stderr
    assert not list(repository.root.glob("ran-*"))  # nothing typed was run
    after = record_of(repository.pushed_page("relapses.es.md"))
    escaped = name.replace('"', '\\"')
    assert f'by: "{escaped}, --medical translator; rm -rf ~", method: machine-checked, date: 2025-06-01' in after
    # It follows the English page as it is now: another fingerprint than before the edit.
    assert re.search(r'source_text: "(sha256:\w+)"', after)[1] != re.search(r'source_text: "(sha256:\w+)"', before)[1]
    committed = git(repository.origin, "show", "--name-only", "--format=%an%n%B", BRANCH)
    assert committed.splitlines()[0] == "github-actions[bot]"
    assert "docs/relapses.es.md" in committed and "docs/relapses.md" not in committed.split("\n\n")[-1]
    assert before in git(repository.origin, "show", "main:docs/relapses.es.md")  # main is as it was
    [call] = repository.gh_calls()
    assert call["args"][:2] == ["pr", "create"]
    assert "--base=main" in call["args"] and f"--head={BRANCH}" in call["args"]
    assert f"--title=Translation: relapses.md (es), by {name}" in call["args"]
    assert "started by @octo-cat" in call["stdin"] and "by machine, then checked by a person" in call["stdin"]
    assert "Opened https://github.com/example/guide/pull/8" in done.stdout
    assert done.stdout.startswith("::stop-commands::")


GOOD = {"PAGE": "relapses.md", "LANGUAGE": "es", "TRANSLATOR": "Ana Ruiz", "ROLE": "medical translator"}


@pytest.mark.parametrize(
    "inputs, message",
    [
        ({"PAGE": ""}, "No page was given. Type the English page's file name in 'page', e.g. relapses.md."),
        (
            {"PAGE": "relapses.md questions.md"},
            "'relapses.md questions.md' is more than one page. Record one translation at a time, e.g. relapses.md.",
        ),
        (
            {"PAGE": "--help"},
            "--help: there is no such page in docs/. Give the English page's file name, e.g. relapses.md.",
        ),
        (
            {"PAGE": "../../../etc/passwd"},
            "../../../etc/passwd: there is no such page in docs/. Give the English page's file name, e.g. relapses.md.",
        ),
        (
            {"LANGUAGE": "es; id"},
            "The language 'es; id' is not a language code. Type the translation's code, e.g. es.",
        ),
        (
            {"TRANSLATOR": "Ana Ruiz\n::error::injected"},
            'docs/relapses.es.md: The translator is not given as "Name, role" in plain text. '
            'Give who translated it, e.g. BY="Ana Ruiz, medical translator".',
        ),
        (
            {"TRANSLATOR": "Ruiz, Ana"},
            "The translator's name contains a comma. Type the name alone in 'translator' (e.g. Ana Ruiz) "
            "and the role in 'role'.",
        ),
        ({"ROLE": "  "}, "The role is empty. Type the translator's name and role, e.g. Ana Ruiz, medical translator."),
        ({"METHOD": "google"}, "The method 'google' is unknown. Choose one of: person, machine-checked."),
        (
            {"TRANSLATED_DATE": "$(date)"},
            "The date '$(date)' is not a date. Type it as YYYY-MM-DD, e.g. 2026-11-24, or leave it empty for today.",
        ),
        (
            {"TRANSLATED_DATE": "2999-01-01"},
            "docs/relapses.es.md: The date 2999-01-01 is not a day on or before today",
        ),
        (
            {"STARTED_BY": "octo cat; id"},
            "The account 'octo cat; id' is not a GitHub account name. Start the workflow from the Actions tab.",
        ),
        (
            {"PAGE": "questions.md"},
            "docs/questions.es.md: the translation does not exist yet. Write it there (with draft: true until its "
            "sign-off), then record it.",
        ),
    ],
    ids=[
        "no-page",
        "two-pages",
        "option-as-page",
        "page-outside-docs",
        "bad-language",
        "newline",
        "comma-in-name",
        "no-role",
        "bad-method",
        "bad-date",
        "future-date",
        "bad-account",
        "no-translation",
    ],
)
def test_a_refused_record_changes_nothing_and_says_why_in_one_line(repository, inputs, message):
    before = git(repository.site, "status", "--porcelain")
    done = repository.run(**{**GOOD, **inputs})
    assert done.returncode == 2
    assert done.stderr.strip().startswith(message) and "\n" not in done.stderr.strip()
    assert "::error title=Translation not recorded::" in done.stdout
    assert git(repository.site, "status", "--porcelain") == before
    assert git(repository.origin, "branch", "--list") == "* main\n"
    assert repository.gh_calls() == []


def test_a_record_that_changes_nothing_opens_no_pull_request(repository):
    record = record_of((repository.site / "docs" / "relapses.es.md").read_text())
    by = re.search(r'by: "([^"]+), ([^"]+)"', record)
    date = re.search(r"date: ([0-9-]+)", record)[1]
    done = repository.run(**{**GOOD, "TRANSLATOR": by[1], "ROLE": by[2], "TRANSLATED_DATE": date})
    assert done.returncode == 2
    assert done.stderr.strip() == "The record changed no file. Check the page names and the date."
    assert repository.gh_calls() == []
