"""Random edits of a guide's pages, front matter, data files and file names, as a careless or
hostile contributor might make them: the build only ever ends with exit 0, 1 or 2, one line per
problem and never a traceback, and it never changes the sources or a previous dist/."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import FIXTURES, MARKER, MARKER_TEXT, ROOT, snapshot
from guide.errors import ConfigError
from guide.mkdocs_run import run_build
from guide.settings import RunOptions
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Hundreds of builds in this process: minutes, so not in `make test-fast`.
pytestmark = [pytest.mark.fixtures, pytest.mark.slow]

# scripts/build.py, loaded from its file: its main() runs in this process, hundreds of times.
_spec = importlib.util.spec_from_file_location("build_script", ROOT / "scripts" / "build.py")
build_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_script)

FRAGMENTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](http://[fe80::1/x)",
    "[x](http://example.org:99999/)",
    "[x](../../x.png)",
    "![x](/x.png)",
    "[x](index:md)",
    "<!-->",
    "<a href='",
    "{ onclick='x' }",
    "[^nokey]",
    "[^lepage2015]",
    "&lt;b&gt;",
    "# Heading",
    "---",
    "```",
    "<meta http-equiv=refresh content=0>",
    "\ufeff",
    "\x00",
    "\udcff",
    ":100:",
    "[b]bold[/b]",
    "title: x",
    "- a\n- b",
    "*" * 50,
    "<a " * 500,
    "MS",
    "C++",
    "é",
]
YAML_VALUES = [
    "42",
    "[[x]]",
    "{a: 1}",
    "''",
    "null",
    "2014a",
    "-3",
    "100000",
    "'<b>x</b>'",
    "https://doi.org/10.1/x",
    "a",
    "[a, b]",
    "2024-02-30",
    "10000-01-01",
    "!!python/object:os.system x",
    "&a [*a]",
    "*undefined",
    "'x\"><script>alert(1)</script>'",
]
FRONT_KEYS = [
    "title",
    "description",
    "last_reviewed",
    "reviewed_by",
    "last_updated",
    "next_review_due",
    "template",
    "hide",
    "search",
    "status",
    "icon",
    "subtitle",
    "title",
]
DATA_KEYS = [
    "type",
    "authors",
    "title",
    "journal",
    "year",
    "volume",
    "pages",
    "doi",
    "url",
    "term",
    "definition",
    "expansion",
    "aliases",
    "et_al",
    "jurnal",
]
NAMES = [
    "new.md",
    "drafts[/old].md",
    "a b.md",
    "ünï.md",
    "x:y.md",
    ".hidden.md",
    "page.MD",
    "-.md",
    "assets/x.png",
    "deep/er/page.md",
    "con.md",
]

text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=8).map("".join)
edits = st.one_of(
    st.tuples(st.just("append"), st.sampled_from(["docs/index.md", "docs/second.md"]), text),
    st.tuples(st.just("front"), st.sampled_from(FRONT_KEYS), st.sampled_from(YAML_VALUES)),
    st.tuples(
        st.just("data"),
        st.sampled_from(["bibliography.yml", "glossary.yml"]),
        st.tuples(st.sampled_from(DATA_KEYS), st.sampled_from(YAML_VALUES), text),
    ),
    st.tuples(
        st.just("bytes"), st.sampled_from(["docs/index.md", "glossary.yml", "mkdocs.yml"]), st.binary(max_size=60)
    ),
    st.tuples(st.just("file"), st.sampled_from(NAMES), text),
    st.tuples(
        st.just("setting"),
        st.sampled_from(["review_interval_years", "due_soon_days", "paper", "handout_pages", "severity"]),
        st.sampled_from(YAML_VALUES),
    ),
)


def make_site(root: Path) -> Path:
    """The 'good' fixture with its own data files, so that edits stay inside the copy."""
    shutil.copytree(FIXTURES / "good", root / "site")
    shutil.copy(FIXTURES / "_shared" / "bibliography.yml", root / "site" / "bibliography.yml")
    shutil.copy(FIXTURES / "_shared" / "glossary.yml", root / "site" / "glossary.yml")
    shutil.copy(FIXTURES / "_base.yml", root / "_base.yml")
    base = (root / "_base.yml").read_text()
    base = base.replace("../_shared/bibliography.yml", "bibliography.yml").replace(
        "../_shared/glossary.yml", "glossary.yml"
    )
    shutil.copytree(FIXTURES / "_shared", root / "_shared")
    (root / "_base.yml").write_text(base)
    return root / "site"


def apply(site: Path, edit) -> None:
    kind, target, value = edit
    if kind == "append":
        with (site / target).open("a", encoding="utf-8", errors="surrogateescape") as page:
            page.write("\n" + value + "\n")
    elif kind == "front":
        page = site / "docs" / "index.md"
        text = page.read_text(errors="surrogateescape")
        page.write_text(text.replace("---\n", f"---\n{target}: {value}\n", 1), errors="surrogateescape")
    elif kind == "data":
        key, yaml_value, extra = value
        path = site / target
        lines = path.read_text(errors="surrogateescape").splitlines()
        lines.insert(min(2, len(lines)), f"  {key}: {yaml_value}")
        path.write_text("\n".join(lines) + "\n" + extra + "\n", errors="surrogateescape")
    elif kind == "bytes":
        (site / target).write_bytes((site / target).read_bytes()[:200] + value)
    elif kind == "file":
        path = site / "docs" / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8", errors="surrogateescape")
    elif kind == "setting":
        config = site / "mkdocs.yml"
        config.write_text(
            config.read_text(errors="surrogateescape") + f"plugins:\n  guide:\n    {target}: {value}\n",
            errors="surrogateescape",
        )


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = build_script.main(argv)
        except SystemExit as exit_:  # argparse
            code = exit_.code
    return code, out.getvalue()


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(edits, min_size=1, max_size=3))
def test_random_edits_end_in_a_clear_exit_and_never_touch_the_sources(changes):
    with tempfile.TemporaryDirectory() as scratch:
        site = make_site(Path(scratch))
        for change in changes:
            apply(site, change)
        dist = Path(scratch) / "dist"
        (dist / "site").mkdir(parents=True)
        (dist / "site" / "index.html").write_text("previous\n")
        (dist / MARKER).write_text(MARKER_TEXT)
        sources, before = snapshot(site), snapshot(dist)
        code, output = run(
            ["check", "--today", "2026-01-01", "--config-file", str(site / "mkdocs.yml"), "--dist", str(dist)]
        )
        assert code in (0, 1, 2), output
        assert "Traceback" not in output
        assert snapshot(site) == sources and snapshot(dist) == before
        if code == 2:
            assert output.strip() and len(output.strip().splitlines()) <= 3, output
        # The website too (the real theme reads front matter the lean check does not).
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                run_build(site / "mkdocs.yml", Path(scratch) / "web", RunOptions())
            except ConfigError:
                pass
        assert snapshot(site) == sources
