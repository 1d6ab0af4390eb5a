#!/usr/bin/env python3
"""Keep GitHub's issues true to the guide: one per page due for review, one for broken links.

    reminders.py reviews --report dist/review-report.json --issues open-issues.json [--apply]
    reminders.py links --report dist/link-report.json --issues open-issues.json [--apply]

--issues is the output of `gh issue list --state open --label <label> --json
number,title,body,labels`. Without --apply the actions are printed as JSON lines; with it, `gh`
runs them (argument lists, never a shell). What to do is decided in guide/governance/reminders.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from guide.errors import GuideError
from guide.governance.reminders import LINKS_LABEL, REVIEW_LABEL, Action, broken_links_in, plan_links, plan_reviews

ROOT = Path(__file__).resolve().parent.parent

# How our labels look when this script has to create them (a repository starts without them).
LABELS = {
    REVIEW_LABEL: ("fbca04", "A page of the guide is due for review"),
    LINKS_LABEL: ("d93f0b", "Links from the guide to other websites are broken"),
}


class Refused(GuideError):
    """A missing or unreadable input: one line, exit 2."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("reviews", "links"))
    parser.add_argument("--report", type=Path, required=True, help="the check's JSON report")
    parser.add_argument("--issues", type=Path, required=True, help="the open issues, from gh")
    parser.add_argument(
        "--config-file",
        type=Path,
        default=ROOT / "mkdocs.yml",
        help="where site_url and extra.guide.due_soon_days are read",
    )
    parser.add_argument("--site-url", help="default: site_url in mkdocs.yml")
    parser.add_argument("--window", type=int, help="days of notice; default: due_soon_days")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD; default: the date of the report")
    parser.add_argument("--apply", action="store_true", help="run the gh commands")
    return parser.parse_args(argv)


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise Refused(f"{path}: cannot read it as JSON ({err}).") from None


def guide_config(config_file: Path) -> tuple[str, int, str]:
    """site_url, due_soon_days and docs_dir, from mkdocs.yml: they are set there and only there.
    Read safely (this job holds a token that writes issues): no tag, nothing imported or run."""
    from guide.config_gate import read_config
    from guide.errors import ConfigRefused, SettingsError
    from guide.settings import load_settings, plugin_options

    try:
        config = read_config(config_file)
        settings = load_settings(plugin_options(config))
    except ConfigRefused as err:
        raise Refused(str(err)) from None
    except (ValueError, KeyError, TypeError, SettingsError) as err:
        raise Refused(f"{config_file}: {err}") from None
    return config.get("site_url") or "", settings.due_soon_days, config.get("docs_dir") or "docs"


def report_date(report: dict) -> dt.date:
    try:
        return dt.date.fromisoformat(report["today"])
    except (KeyError, TypeError, ValueError):
        raise Refused("The report has no valid 'today': is it a report of scripts/build.py?") from None


def plan(args: argparse.Namespace) -> list[Action]:
    issues = read_json(args.issues)
    if not isinstance(issues, list):
        raise Refused(f"{args.issues}: expected the list that gh issue list --json prints.")
    if args.what == "links":
        if not args.report.exists():
            return []  # the link check stopped before it checked a link: change nothing
        report = read_json(args.report)
        return plan_links(broken_links_in(report), issues, args.today or report_date(report))
    report = read_json(args.report)
    site_url, window, docs_dir = guide_config(args.config_file)
    try:
        return plan_reviews(
            report,
            issues,
            args.today or report_date(report),
            window if args.window is None else args.window,
            args.site_url or site_url,
            docs_dir,
        )
    except ValueError as err:
        raise Refused(str(err)) from None


def gh_command(action: Action) -> tuple[list[str], str | None]:
    """The gh command for an action, and what it reads on standard input (the body)."""
    if action.kind == "open":
        labels = [f"--label={label}" for label in action.labels]
        return ["gh", "issue", "create", f"--title={action.title}", "--body-file=-", *labels], action.body
    if action.kind == "update":
        return [
            "gh",
            "issue",
            "edit",
            str(action.issue_number),
            f"--title={action.title}",
            "--body-file=-",
        ], action.body
    if action.kind == "close":
        return ["gh", "issue", "close", str(action.issue_number), f"--comment={action.body}"], None
    raise ValueError(f"unknown action {action.kind!r}")


def gh(command: list[str], stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            command, input=stdin if stdin is not None else "", capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise Refused("gh, GitHub's command line, is not installed.") from None
    if done.returncode:
        raise Refused(f"{' '.join(command[:3])} failed: {done.stderr.strip()}")
    return done.stdout


def ensure_labels(actions: list[Action]) -> None:
    """gh cannot open an issue with a label the repository does not have yet."""
    wanted = {label for action in actions if action.kind == "open" for label in action.labels}
    if not wanted:
        return
    existing = {
        label["name"] for label in json.loads(gh(["gh", "label", "list", "--limit=1000", "--json=name"]) or "[]")
    }
    for label in sorted(wanted - existing):
        color, description = LABELS.get(label, ("ededed", ""))
        gh(["gh", "label", "create", label, f"--color={color}", f"--description={description}"])


def apply(actions: list[Action]) -> None:
    ensure_labels(actions)
    for action in actions:
        command, stdin = gh_command(action)
        output = gh(command, stdin).strip()
        number = f"#{action.issue_number}" if action.issue_number else output
        print(f"{action.kind}: {number} {action.title}".rstrip())


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        actions = plan(args)
        if args.apply:
            apply(actions)
            if not actions:
                print("Nothing to change: the open issues are up to date.")
        else:
            for action in actions:
                print(json.dumps(action.as_dict(), ensure_ascii=False))
    except Refused as err:
        print(err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
