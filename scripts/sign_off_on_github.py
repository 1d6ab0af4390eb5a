#!/usr/bin/env python3
"""The "Sign off a page" workflow's job (.github/workflows/signoff.yml), runnable anywhere.

A reviewer's sign-off recorded from GitHub's Actions tab: for each page, the same command as
`make review` (scripts/build.py review), with the GitHub account that started the run recorded
beside the reviewer's name; then one commit on a new branch and a pull request with it.

Every input comes from the environment, as the workflow sets it; none is ever put into a shell
line (commands are argument lists) and none can be read as an option (`--name=value`):

    PAGES         the page or pages, e.g. "relapses.md symptoms.md" (spaces or commas between)
    REVIEWER      the reviewer's name, e.g. "Dr Jane Doe"
    ROLE          their role, e.g. "MS nurse specialist"
    SIGNOFF_DATE  the date they signed off, YYYY-MM-DD; empty: today
    STARTED_BY    the GitHub account that started the run (github.actor)
    BASE_BRANCH   the branch the pull request goes into (github.ref_name)
    RUN_ID        the run's number (github.run_id), for the branch name

It runs `git` and `gh` from PATH (gh reads GH_TOKEN and GH_REPO), in the current folder, which is
the project (its mkdocs.yml). Exit codes: 0 the pull request is open, 2 nothing was changed
(one line on stderr says why and what to do).
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BUILD = Path(__file__).resolve().parent / "build.py"
BOT_NAME = "github-actions[bot]"
BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
MAX_PAGES = 50
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)  # the sign-off checks that it exists
RUN_ID = re.compile(r"[0-9]{1,20}", re.ASCII)
BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,200}", re.ASCII)


class Refused(Exception):
    """Nothing was signed off: one line, what is wrong and how to fix it."""


@dataclass(frozen=True)
class Request:
    pages: list[str]
    reviewer: str
    role: str
    date: str  # "" for today
    started_by: str
    base_branch: str
    run_id: str

    @property
    def by(self) -> str:
        return f"{self.reviewer}, {self.role}"


def read_request(env: dict[str, str]) -> Request:
    """The inputs, checked for what the sign-off command cannot check itself (it gets one page and
    one "Name, role"): the list of pages, and a name without a comma."""
    pages = [name for name in re.split(r"[\s,]+", env.get("PAGES", "")) if name]
    if not pages:
        raise Refused("No page was given. Type the page's file name in 'pages', e.g. relapses.md.")
    if len(pages) > MAX_PAGES:
        raise Refused(f"{len(pages)} pages were given. Sign off at most {MAX_PAGES} at a time.")
    if len(set(pages)) != len(pages):
        raise Refused("A page is named twice in 'pages'. Name each page once.")
    reviewer, role = read_name_and_role(env, "REVIEWER", "reviewer", "Dr Jane Doe", "MS nurse")
    date = read_date(env, "SIGNOFF_DATE")
    base, run_id = read_base_and_run(env)
    return Request(pages, reviewer, role, date, env.get("STARTED_BY", ""), base, run_id)


def read_name_and_role(env: dict[str, str], key: str, label: str, name: str, role: str) -> tuple[str, str]:
    """A person's name (env[key], 'label' in the form) and role (ROLE): both given, the name
    without a comma (the commands take one "Name, role"). name, role: the examples shown."""
    person, their_role = env.get(key, "").strip(), env.get("ROLE", "").strip()
    if "," in person:
        raise Refused(
            f"The {label}'s name contains a comma. Type the name alone in '{label}' (e.g. {name}) "
            "and the role in 'role'."
        )
    for field, value in ((label, person), ("role", their_role)):
        if not value:
            raise Refused(f"The {field} is empty. Type the {label}'s name and role, e.g. {name}, {role}.")
    return person, their_role


def read_date(env: dict[str, str], key: str) -> str:
    """A day typed as YYYY-MM-DD, or "" (today)."""
    date = env.get(key, "").strip()
    if date and not ISO_DATE.fullmatch(date):
        raise Refused(
            f"The date {date!r} is not a date. Type it as YYYY-MM-DD, e.g. 2026-11-24, or leave it empty for today."
        )
    return date


def read_base_and_run(env: dict[str, str]) -> tuple[str, str]:
    """The branch the pull request goes into, and the run's number (the new branch's name)."""
    base, run_id = env.get("BASE_BRANCH", "main"), env.get("RUN_ID", "0")
    if not BRANCH.fullmatch(base) or ".." in base or base.startswith(("-", "/")):
        raise Refused(f"The branch {base!r} cannot take a pull request. Start the workflow from the main branch.")
    if not RUN_ID.fullmatch(run_id):
        raise Refused(f"The run number {run_id!r} is not a number. Start the workflow from the Actions tab.")
    return base, run_id


def review_command(request: Request, page: str) -> list[str]:
    """scripts/build.py review for one page, every value glued to its option: a value that starts
    with '-' stays a value."""
    config = Path.cwd() / "mkdocs.yml"  # the project checked out here, not the one beside this script
    command = [sys.executable, str(BUILD), "review", f"--config-file={config}", f"--page={page}", f"--by={request.by}"]
    command.append(f"--recorded-by={request.started_by}")
    if request.date:
        command.append(f"--date={request.date}")
    return command


def branch_name(request: Request) -> str:
    """Nothing typed goes into it: the run's number only."""
    return f"sign-off/run-{request.run_id}"


def pull_request_text(request: Request, signed: list[str]) -> tuple[str, str]:
    pages = ", ".join(signed) if len(signed) <= 3 else f"{len(signed)} pages"
    title = f"Sign-off: {pages}, by {request.reviewer}"
    lines = [
        f"{request.reviewer} ({request.role}) signed off these pages"
        + (f" on {request.date}" if request.date else "")
        + ":",
        "",
        *(f"- `{page}`" for page in signed),
        "",
        f'Recorded with the "Sign off a page" workflow, started by @{request.started_by}. '
        "Each page's review history names both.",
        "",
        "Merge this pull request to publish the new review dates.",
    ]
    return title, "\n".join(lines) + "\n"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, text=True, capture_output=True, check=False, **kwargs)


def sign_off(request: Request) -> list[str]:
    """Each page signed off; the first refusal stops all (nothing is committed)."""
    signed = []
    for page in request.pages:
        done = run(review_command(request, page))
        if done.returncode != 0:
            raise Refused(" ".join((done.stderr or done.stdout).split()) or f"{page}: the sign-off failed.")
        print(done.stdout.strip())
        signed.append(page)
    return signed


def commit_and_open_pull_request(request: Request, signed: list[str]) -> str:
    title, body = pull_request_text(request, signed)
    return commit_and_open(branch_name(request), request.base_branch, title, body, "sign-off", "The sign-off")


def commit_and_open(branch: str, base_branch: str, title: str, body: str, what: str, done_what: str) -> str:
    """The changed pages committed on a new branch, pushed, and a pull request opened with them.
    Also the "Record a translation" job's (scripts/translate_on_github.py): `what` names the change
    in the refusals ("sign-off"), `done_what` opens a sentence ("The sign-off")."""
    # The pages only: files the job made (a package's build folders) are not the guide's.
    changed = run(["git", "status", "--porcelain", "--untracked-files=no", "--", "."]).stdout.splitlines()
    if not changed:
        raise Refused(f"{done_what} changed no file. Check the page names and the date.")
    identity = ["-c", f"user.name={BOT_NAME}", "-c", f"user.email={BOT_EMAIL}"]
    steps = [
        ["git", "switch", "--create", branch],
        ["git", "add", "--update", "--", "."],
        ["git", *identity, "commit", "--quiet", "--file=-"],
        # gh lends git the workflow's token for this push only: nothing is stored.
        [
            "git",
            "-c",
            "credential.helper=",
            "-c",
            "credential.helper=!gh auth git-credential",
            "push",
            "--quiet",
            "origin",
            f"HEAD:refs/heads/{branch}",
        ],
    ]
    for step in steps:
        done = run(step, input=f"{title}\n\n{body}" if "commit" in step else None)
        if done.returncode != 0:
            raise Refused(f"{' '.join(step[:2])} failed: {' '.join(done.stderr.split())}")
    done = run(
        [
            "gh",
            "pr",
            "create",
            f"--base={base_branch}",
            f"--head={branch}",
            f"--title={title}",
            "--body-file=-",
        ],
        input=body,
    )
    if done.returncode != 0:
        raise Refused(
            f"The pull request could not be opened ({' '.join(done.stderr.split())}). A maintainer turns on "
            "Settings > Actions > General > 'Allow GitHub Actions to create and approve pull requests'; "
            f"the {what} is on the branch {branch}."
        )
    return done.stdout.strip()


def main() -> int:
    def job() -> str:
        request = read_request(dict(os.environ))
        return commit_and_open_pull_request(request, sign_off(request))

    return run_job(job, "Sign-off not recorded")


def run_job(job: Callable[[], str], failure_title: str) -> int:
    """Run a workflow's job (it returns the pull request's address): 0 when it opened one, 2 with
    one line when it was refused."""
    # Nothing this job prints may be read by GitHub as a workflow command ('::...'): a page name
    # or a person's name could hold one.
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        address = job()
    except Refused as err:
        print(f"::{token}::", flush=True)
        print(f"::error title={failure_title}::{escape_command(str(err))}", flush=True)
        print(str(err), file=sys.stderr)
        return 2
    print(f"::{token}::", flush=True)
    print(f"Opened {address}")
    return 0


def escape_command(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


if __name__ == "__main__":
    sys.exit(main())
