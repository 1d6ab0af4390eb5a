#!/usr/bin/env python3
"""The "Record a translation" workflow's job (.github/workflows/translated.yml), runnable anywhere.

A translation recorded from GitHub's Actions tab, without a terminal: the same command as
`make translated` (scripts/build.py translated), then one commit on a new branch and a pull
request with it, naming the GitHub account that started the run. The pushing and the pull
request are the sign-off job's (scripts/sign_off_on_github.py).

Every input comes from the environment, as the workflow sets it; none is ever put into a shell
line (commands are argument lists) and none can be read as an option (`--name=value`):

    PAGE              the English page translated, e.g. relapses.md
    LANGUAGE          the translation's language, e.g. es
    TRANSLATOR        the translator's name, e.g. Ana Ruiz
    ROLE              their role, e.g. medical translator
    METHOD            person, or machine-checked (by machine, then checked by a person)
    TRANSLATED_DATE   the day it was translated, YYYY-MM-DD; empty: today
    STARTED_BY        the GitHub account that started the run (github.actor)
    BASE_BRANCH       the branch the pull request goes into (github.ref_name)
    RUN_ID            the run's number (github.run_id), for the branch name

Exit codes: 0 the pull request is open, 2 nothing was changed (one line on stderr says why and
what to do).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from sign_off_on_github import (
    Refused,
    commit_and_open,
    read_base_and_run,
    read_date,
    read_name_and_role,
    run,
    run_job,
)

BUILD = Path(__file__).resolve().parent / "build.py"
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?", re.ASCII)  # es, pt-BR: the guide checks it is one of its own
METHODS = ("person", "machine-checked")
ACCOUNT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})", re.ASCII)


@dataclass(frozen=True)
class Request:
    page: str
    language: str
    translator: str
    role: str
    method: str
    date: str  # "" for today
    started_by: str
    base_branch: str
    run_id: str

    @property
    def by(self) -> str:
        return f"{self.translator}, {self.role}"


def read_request(env: dict[str, str]) -> Request:
    """The inputs, checked for what the translated command cannot check itself (it gets one
    "Name, role"): one page, a language code, a name without a comma, a method of the list."""
    page = env.get("PAGE", "").strip()
    if not page:
        raise Refused("No page was given. Type the English page's file name in 'page', e.g. relapses.md.")
    if any(c.isspace() or c == "," for c in page):
        raise Refused(f"{page!r} is more than one page. Record one translation at a time, e.g. relapses.md.")
    language = env.get("LANGUAGE", "").strip()
    if not LANGUAGE.fullmatch(language):
        raise Refused(f"The language {language!r} is not a language code. Type the translation's code, e.g. es.")
    translator, role = read_name_and_role(env, "TRANSLATOR", "translator", "Ana Ruiz", "medical translator")
    method = env.get("METHOD", "").strip() or "person"
    if method not in METHODS:
        raise Refused(f"The method {method!r} is unknown. Choose one of: {', '.join(METHODS)}.")
    date = read_date(env, "TRANSLATED_DATE")
    started_by = env.get("STARTED_BY", "")
    if not ACCOUNT.fullmatch(started_by):
        raise Refused(
            f"The account {started_by!r} is not a GitHub account name. Start the workflow from the Actions tab."
        )
    base, run_id = read_base_and_run(env)
    return Request(page, language, translator, role, method, date, started_by, base, run_id)


def translated_command(request: Request) -> list[str]:
    """scripts/build.py translated, every value glued to its option: a value that starts with '-'
    stays a value."""
    config = Path.cwd() / "mkdocs.yml"  # the project checked out here, not the one beside this script
    command = [
        sys.executable,
        str(BUILD),
        "translated",
        f"--config-file={config}",
        f"--page={request.page}",
        f"--lang={request.language}",
        f"--by={request.by}",
        f"--method={request.method}",
    ]
    if request.date:
        command.append(f"--date={request.date}")
    return command


def branch_name(request: Request) -> str:
    """Nothing typed goes into it: the run's number only."""
    return f"translation/run-{request.run_id}"


def pull_request_text(request: Request, recorded: str) -> tuple[str, str]:
    how = "by a person" if request.method == "person" else "by machine, then checked by a person"
    title = f"Translation: {request.page} ({request.language}), by {request.translator}"
    lines = [
        f"{request.translator} ({request.role}) translated `{request.page}` into `{request.language}`, {how}"
        + (f", on {request.date}" if request.date else "")
        + ".",
        "",
        "```text",
        recorded,
        "```",
        "",
        f'Recorded with the "Record a translation" workflow, started by @{request.started_by}.',
        "",
        'The translation is published once a named reviewer signs it off (the "Sign off a page" workflow).',
    ]
    return title, "\n".join(lines) + "\n"


def record(request: Request) -> str:
    done = run(translated_command(request))
    if done.returncode != 0:
        raise Refused(" ".join((done.stderr or done.stdout).split()) or f"{request.page}: the record failed.")
    return done.stdout.strip()


def main() -> int:
    def job() -> str:
        request = read_request(dict(os.environ))
        recorded = record(request)
        print(recorded)
        title, body = pull_request_text(request, recorded.replace("`", "'"))
        return commit_and_open(
            branch_name(request), request.base_branch, title, body, "translation record", "The record"
        )

    return run_job(job, "Translation not recorded")


if __name__ == "__main__":
    sys.exit(main())
