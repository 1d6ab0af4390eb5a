"""The GitHub workflows: valid structure, official Pages actions, and commands that exist."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.MULTILINE))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_is_valid_and_calls_only_make_targets_that_exist():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["links.yml", "pages.yml"]
    targets = make_targets()
    for path in files:
        workflow = load(path.name)
        assert workflow["name"] and workflow["on"] and workflow["jobs"]
        for job in workflow["jobs"].values():
            assert job["runs-on"] == "ubuntu-latest"
        for step in steps(workflow):
            assert ("uses" in step) != ("run" in step), step
            for command in re.findall(r"\bmake ([a-z-]+)", step.get("run", "")):
                assert command in targets, f"{path.name}: make {command} is not in the Makefile"


def test_the_pages_workflow_builds_with_all_checks_and_deploys_with_the_official_actions():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    assert any(s.get("run") == "make site" for s in build)
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "dist/site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["name"] == "github-pages"


def test_the_link_workflow_runs_weekly_and_fails_loudly():
    workflow = load("links.yml")
    cron = workflow["on"]["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2:4] == ["*", "*"] and cron[4] != "*"  # one day a week
    job_steps = workflow["jobs"]["links"]["steps"]
    check = next(s for s in job_steps if "make linkcheck" in s.get("run", ""))
    assert "continue-on-error" not in check
    alarm = next(s for s in job_steps if s.get("if") == "failure()")
    assert "gh issue create" in alarm["run"]
    assert "--external" in (ROOT / "Makefile").read_text().split("linkcheck:")[1].split("\n\n")[0]
