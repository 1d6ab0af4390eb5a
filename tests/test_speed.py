"""What exists only for speed (scripts/guide/speed.py) changes nothing a reader or an editor sees:
a site built with every part on and with every part off gives the same files and the same
problems; each part is switched in one place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT
from guide.mkdocs_run import run_build
from guide.settings import RunOptions
from guide.speed import PAGES_PER_PROCESS, Speed, processors

from devtools.synthetic import generate

pytestmark = pytest.mark.unit  # and the build both ways: fixtures

ENGINE = ROOT / "scripts" / "guide"


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.fixtures
def test_every_speed_part_on_or_off_builds_the_same_site_with_the_same_problems(tmp_path):
    site = tmp_path / "site"
    generate(site, 12, broken_links=1, broken_anchors=1, project=ROOT, sections=2)
    builds, files = {}, {}
    for name, speed in (("on", Speed()), ("off", Speed.off())):
        options = RunOptions(today=dt.date(2026, 1, 15), speed=speed)
        builds[name] = run_build(site / "mkdocs.yml", tmp_path / name / "site", options)
        files[name] = site_files(tmp_path / name / "site")
    assert "print_page/index.html" in files["on"]
    assert sorted(files["on"]) == sorted(files["off"])
    assert [name for name in files["on"] if files["on"][name] != files["off"][name]] == []
    on, off = builds["on"], builds["off"]
    assert sorted(map(str, on.problems)) == sorted(map(str, off.problems))
    assert {p.kind for p in on.problems} >= {"link-page-missing", "link-anchor-missing"}
    assert on.internal_links_checked == off.internal_links_checked > 0
    # Each part was in use when on, and not when off.
    assert on.nav is not None and on.nav.hits > 0 and off.nav is None
    assert on.built_pages and not off.built_pages


def test_a_check_is_shared_among_processes_only_when_the_part_is_on():
    pages = 10 * PAGES_PER_PROCESS
    assert Speed().check_processes(pages) == min(processors(), 10)
    assert Speed().check_processes(pages, asked=3) == 3
    assert Speed().check_processes(PAGES_PER_PROCESS - 1) == 1
    assert Speed.off().check_processes(pages, asked=3) == 1


def test_each_speed_part_is_switched_in_one_place():
    """A part's switch (options.speed.<part>) is read by one module of the engine, and speed.py
    says what it is for; shared_check is read by speed.py itself (Speed.check_processes, which
    mkdocs_run.run_check asks)."""
    description = (ENGINE / "speed.py").read_text(encoding="utf-8")
    for part in Speed.__dataclass_fields__:
        readers = [
            path.relative_to(ENGINE).as_posix()
            for path in sorted(ENGINE.rglob("*.py"))
            if path.name != "speed.py" and re.search(rf"\bspeed\.{part}\b", path.read_text(encoding="utf-8"))
        ]
        assert len(readers) == (0 if part == "shared_check" else 1), (part, readers)
        assert f"- {part}:" in description, part


def test_a_compiled_template_is_used_again_until_its_source_changes(tmp_path):
    from guide.speed import CompiledTemplates
    from jinja2 import Environment, FileSystemLoader

    class Counted(CompiledTemplates):
        compilations = 0

        def dump_bytecode(self, bucket) -> None:  # Jinja stores what it has just compiled
            self.compilations += 1
            super().dump_bytecode(bucket)

    cache = Counted()

    def render() -> str:
        env = Environment(loader=FileSystemLoader(str(tmp_path)), auto_reload=False, bytecode_cache=cache)
        return env.get_template("page.html").render(name="x")

    (tmp_path / "page.html").write_text("first {{ name }}")
    assert render() == "first x" and cache.compilations == 1
    assert render() == "first x" and cache.compilations == 1  # a new environment: loaded, not compiled
    (tmp_path / "page.html").write_text("second {{ name }}")
    assert render() == "second x" and cache.compilations == 2  # its source changed: compiled again
