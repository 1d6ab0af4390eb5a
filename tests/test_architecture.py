"""The engine's shape, as a newcomer reads it: few modules at the top of scripts/guide, packages
by concern whose __init__ says what lives there, no import cycle (read from the source), and one
hierarchy of errors that the command line prints as one line with its exit code."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import pkgutil
from pathlib import Path

import guide
import pytest
import yaml
from guide import errors
from guide.errors import EXIT_CONTENT, EXIT_USAGE, GuideError

pytestmark = pytest.mark.unit

ENGINE = Path(__file__).resolve().parent.parent / "scripts" / "guide"
MAX_TOP_LEVEL_MODULES = 12


def module_name(path: Path, engine: Path) -> str:
    parts = list(path.relative_to(engine.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The engine's modules this one imports when it runs: every import statement, also inside
    functions, except under `if TYPE_CHECKING:`; `from package import module` names the module."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for statement in child.orelse:
                    visit_statement(statement)
            else:
                visit_statement(child)

    def visit_statement(node: ast.AST) -> None:
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    found.add(f"{source}.{alias.name}")
                elif source in modules:
                    found.add(source)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        else:
            visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found - {name}


def import_graph(engine: Path) -> dict[str, set[str]]:
    """Module -> the engine's modules it needs, its parent packages included (importing
    guide.checks.links runs guide/checks/__init__.py first)."""
    paths = {module_name(path, engine): path for path in engine.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        parents = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = runtime_imports(path, name, set(paths)) | (parents & set(paths))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_the_top_of_the_engine_holds_at_most_twelve_modules():
    top = sorted(path.name for path in ENGINE.glob("*.py") if path.name != "__init__.py")
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_every_package_s_init_says_what_lives_there_and_imports_nothing():
    for init in sorted(ENGINE.rglob("__init__.py")):
        if init.parent == ENGINE:
            continue
        tree = ast.parse(init.read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree)
        assert doc and 1 <= len(doc.splitlines()) <= 3, f"{init}: a docstring of two lines says what lives here"
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        assert [ast.unparse(node) for node in imports if node.module != "__future__"] == [], init


def test_the_engine_has_no_import_cycle():
    assert cycles(import_graph(ENGINE)) == []


def test_a_cycle_is_found_where_there_is_one(tmp_path):
    package = tmp_path / "guide"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text('"""x."""\n')
    (package / "inner" / "__init__.py").write_text("from guide.a import A\n")  # a package's init
    (package / "a.py").write_text("from .b import B\n\nA = 1\n")
    (package / "b.py").write_text("def later():\n    from guide.inner import c\n")
    (package / "inner" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import a\n"
    )
    (package / "d.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    graph = import_graph(package)
    assert cycles(graph) == [["guide.a", "guide.b", "guide.inner", "guide.inner.c"]]
    assert "guide.a" not in graph["guide.d"]  # TYPE_CHECKING only


def engine_classes() -> list[type]:
    """Every class the engine defines, its modules imported."""
    found = []
    for info in pkgutil.walk_packages(guide.__path__, "guide."):
        module = importlib.import_module(info.name)
        found += [value for value in vars(module).values() if inspect.isclass(value) and value.__module__ == info.name]
    return found


def test_every_error_of_the_engine_is_a_guide_error_with_its_exit_code():
    errors = [cls for cls in engine_classes() if issubclass(cls, BaseException)]
    # The YAML loader's own marks stay PyYAML's: the loader's callers catch them as YAML errors
    # and turn them into problems at their line; they never reach the command line.
    outside = [cls.__name__ for cls in errors if not issubclass(cls, GuideError | yaml.YAMLError)]
    assert outside == []
    assert len([cls for cls in errors if issubclass(cls, GuideError)]) >= 17
    for cls in errors:
        if issubclass(cls, GuideError):
            assert cls.exit_code in (EXIT_CONTENT, EXIT_USAGE), cls


def test_no_module_but_errors_py_defines_an_exception():
    for path in sorted(ENGINE.rglob("*.py")):
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bases = [ast.unparse(base) for node in ast.walk(tree) if isinstance(node, ast.ClassDef) for base in node.bases]
        assert [b for b in bases if b in ("Exception", "PluginError", "GuideError")] == [], path


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location("build_script_errors", ENGINE.parent / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.ConfigError("mkdocs.yml:3: bad. Fix it."), 2),
        (errors.ThemeDrift("material.toc_ids", "partials/toc.html", "changed"), 2),
        (errors.DataFileError("docs/_data/glossary.yml:1: bad. Fix it."), 1),
        (errors.PrintRefused(Path("a/index.html"), ["https://example.org/x"]), 1),
    ],
)
def test_the_command_line_prints_any_guide_error_as_one_line_with_its_exit_code(
    build_script, monkeypatch, capsys, error, code
):
    def fail(args, console):
        raise error

    monkeypatch.setattr(build_script, "run", fail)
    assert build_script.main(["check"]) == code
    out, err = capsys.readouterr()
    assert err == f"{error}\n" and "\n" not in str(error) and "Traceback" not in out + err


def test_test_and_benchmark_helpers_live_outside_the_engine():
    assert (ENGINE.parent.parent / "devtools" / "__init__.py").is_file()
    assert not (ENGINE / "devtools").exists()
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
        assert [name for name in imported if name.split(".")[0] in ("devtools", "tests", "bench")] == [], path


def test_checks_only_judge_they_never_write_what_others_read():
    """A page's repairs and facts, and the site's links, are the build's steps (build.py,
    content/facts.py): a check's methods assign to nothing but themselves (not the page, its
    record, its content or the build), so that no output and no other check depends on them."""
    for path in sorted((ENGINE / "checks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        checks = [
            node for node in tree.body if isinstance(node, ast.ClassDef) and "Check" in map(ast.unparse, node.bases)
        ]
        for check in checks:
            targets = [
                target
                for node in ast.walk(check)
                if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            ]
            # Any attribute but the check's own: the page, its record, the build's session.
            written = [ast.unparse(t) for t in targets if isinstance(t, ast.Attribute | ast.Subscript)]
            assert [w for w in written if not w.startswith("self.")] == [], f"{path.name}: {check.name}"


def test_a_run_s_options_reach_the_plugin_through_its_configuration_not_an_attribute(tmp_path):
    from guide.mkdocs_run import load
    from guide.plugin import GuidePlugin
    from guide.settings import RUN_ONLY_KEYS, RunOptions

    assert "options" not in vars(GuidePlugin())  # the attribute the command line used to set
    config = load(Path(__file__).parent / "fixtures" / "good" / "mkdocs.yml")
    assert config.plugins["guide"].config.run == RunOptions()  # mkdocs build, mkdocs serve: the defaults
    assert {"run", "today", "strict", "offline"} <= set(RUN_ONLY_KEYS)


# ---- the plugin is the build (issue 22, point 1) ----

# Methods that change a container in place: a module's name they are called on is shared state.
MUTATING_METHODS = {"append", "add", "update", "setdefault", "pop", "clear", "extend", "insert", "remove", "discard"}


def module_state_writes(source: str) -> list[str]:
    """What a module's functions write into the module's own names (a list a function appends
    to, a dict it fills, a name made global) or into another module's (an attribute set on an
    imported module): state that outlives a build and is shared by every build in the process."""
    tree = ast.parse(source)
    own = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    }
    imported = {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    # Every statement and call inside a function, once (a function's inner functions too).
    inside = {
        id(node): node
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Global | ast.Call | ast.Assign | ast.AugAssign)
    }
    found = []
    for node in sorted(inside.values(), key=lambda node: (node.lineno, node.col_offset)):
        if isinstance(node, ast.Global):
            found.append(f"global {', '.join(node.names)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id in own and node.func.attr in MUTATING_METHODS:
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Call) and ast.unparse(node.func) == "setattr":
            if isinstance(node.args[0], ast.Name) and node.args[0].id in imported | own:
                found.append(ast.unparse(node))
        elif isinstance(node, ast.Assign | ast.AugAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Attribute | ast.Subscript) and isinstance(target.value, ast.Name):
                    if target.value.id in own | imported:
                        found.append(ast.unparse(target))
    return found


def test_no_module_of_the_engine_keeps_state_of_its_own():
    """A build's state lives on its Build; a module holds constants only (and one memo, compiled
    templates by their source's checksum: speed.COMPILED_TEMPLATES, filled by Jinja). The one exception: the
    print-site workaround that puts its own function in print-site's module while print-site
    writes the print page, and its own write of the print page for that one write
    (theme_fixes/print_site.py), each put back."""
    allowed = {
        "theme_fixes/print_site.py": [
            "printer_module.write_file",
            "printer_module.write_file",
            "setattr(urls, name, ours)",
            "setattr(urls, name, original)",
        ]
    }
    for path in sorted(ENGINE.rglob("*.py")):
        shown = path.relative_to(ENGINE).as_posix()
        assert module_state_writes(path.read_text(encoding="utf-8")) == allowed.get(shown, []), shown


def test_a_module_s_state_is_found_where_there_is_some():
    source = (
        "import os\nfrom pkg import mod\nSEEN = []\nCOUNT = 0\n"
        "def f(x):\n    SEEN.append(x)\n\n"
        "def g():\n    global COUNT\n    COUNT += 1\n\n"
        "def h(a):\n    mod.value = 1\n    setattr(os, 'sep', a)\n    local = []\n    local.append(a)\n"
    )
    assert module_state_writes(source) == ["SEEN.append(x)", "global COUNT", "mod.value", "setattr(os, 'sep', a)"]


def state_holders(engine: Path) -> list[str]:
    """The classes that keep what a build found: both its problems and its pages."""
    found = []
    for path in sorted(engine.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            names = {item.target.id for item in node.body if isinstance(item, ast.AnnAssign)}
            names |= {
                target.attr
                for item in ast.walk(node)
                if isinstance(item, ast.Assign)
                for target in item.targets
                if isinstance(target, ast.Attribute) and ast.unparse(target.value) == "self"
            }
            if {"problems", "pages"} <= names:
                found.append(f"{path.relative_to(engine).as_posix()}:{node.name}")
    return found


def test_one_object_holds_a_build_s_state_and_the_plugin_holds_it():
    from guide.build import Build
    from guide.plugin import GuidePlugin
    from mkdocs.plugins import BasePlugin

    assert state_holders(ENGINE) == ["build.py:Build"]
    assert not (ENGINE / "session.py").exists() and not (ENGINE / "pipeline.py").exists()
    # The plugin keeps the build, and the preview (which outlives a build under mkdocs serve).
    assert set(vars(GuidePlugin())) - set(vars(BasePlugin())) == {"build", "preview"}
    assert {"problems", "pages", "options", "settings", "translated"} <= set(Build.__dataclass_fields__)


def test_mkdocs_event_names_are_used_as_they_are():
    """The plugin passes each page event to the Build's method of the same name, and a check's
    hooks are named after the MkDocs event they run at."""
    from guide.checks.base import Check
    from guide.plugin import GuidePlugin
    from mkdocs.plugins import EVENTS

    events = {f"on_{name}" for name in EVENTS}
    assert {"on_config", "on_page_markdown", "on_post_build"} <= events
    for event in ("on_page_markdown", "on_page_content", "on_post_page", "on_post_build"):
        assert f"self.build.{event}(" in inspect.getsource(getattr(GuidePlugin, event)), event
    hooks = {name for name in vars(Check) if name.startswith("on_")}
    assert hooks and hooks <= events, hooks - events
    for path in sorted((ENGINE / "checks").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        assert {name for name in defined if name.startswith("on_")} <= hooks, path.name


def test_problems_are_collected_once_and_told_once(caplog):
    import datetime as dt

    from guide.build import Build
    from guide.checks.base import Context
    from guide.problems import Problem
    from guide.settings import RunOptions, load_settings

    settings = load_settings({})
    build = Build(
        Path("."), "", settings, RunOptions(), Context(settings, dt.date(2026, 1, 1), Path("."), Path("m"), Path("d"))
    )
    broken = Problem("link-page-missing", "docs/a.md", 3, "A link leads nowhere.", "Fix it.")
    build.add([broken, broken])
    assert len(build.problems) == 1 and caplog.records == []  # collected, not told yet
    with caplog.at_level("INFO", logger="mkdocs.plugins.guide"):
        build.report_problems()
        build.add([broken, Problem("link-anchor-missing", "docs/b.md", 1, "An anchor is missing.", "Fix it.")])
        build.report_problems()
    told = [record.getMessage() for record in caplog.records]
    assert len(told) == 2 and told[0].startswith("docs/a.md:3:") and told[1].startswith("docs/b.md:1:")
