"""Configuration is code: mkdocs.yml (and what it inherits) read safely before MkDocs reads it,
tags and code-running settings refused unless trusted, the engine's templates sandboxed."""

from __future__ import annotations

import time
from pathlib import Path

import jinja2
import pytest
from guide.config_gate import SAFE_MARKDOWN_EXTENSIONS, judge, read_config
from guide.errors import ConfigRefused, TextsError
from guide.texts import Texts
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.unit

GUIDE = "site_name: Guide\nplugins:\n  - guide\n"


def refusal(tmp_path: Path, text: str, name: str = "mkdocs.yml") -> str:
    (tmp_path / name).write_text(text)
    with pytest.raises(ConfigRefused) as raised:
        judge(tmp_path / name)
    return str(raised.value)


@pytest.mark.parametrize(
    "value",
    [
        '!!python/object/apply:os.system ["touch ran.txt"]',
        "!!python/object/new:subprocess.Popen [[touch, ran.txt]]",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
@pytest.mark.parametrize(
    "where", ["copyright: {v}", "extra:\n  deep:\n    - 1\n    - k: {v}", "? {v}\n: x", "nav:\n  - {v}"]
)
def test_a_python_tag_anywhere_is_refused_at_its_line_and_never_runs(tmp_path, monkeypatch, value, where):
    monkeypatch.chdir(tmp_path)
    message = refusal(tmp_path, GUIDE + where.format(v=value) + "\n")
    line = 4 + where[: where.index("{v}")].count("\n")
    assert message.startswith(f"mkdocs.yml:{line}: The tag '!!python/"), message
    assert "asks for Python code to be run" in message and message.count("\n") == 0
    assert not (tmp_path / "ran.txt").exists()


@pytest.mark.parametrize(
    "tag, why",
    [
        ("!ENV HOME", "environment"),
        ("!ENV [GITHUB_TOKEN, x]", "environment"),
        ("!relative $config_dir", "folder of the build machine"),
        ("!custom x", "not plain YAML"),
        ("!!binary aGk=", "not plain YAML"),
        ("!!set {a, b}", "not plain YAML"),
    ],
)
def test_any_tag_that_is_not_plain_data_is_refused(tmp_path, tag, why):
    message = refusal(tmp_path, GUIDE + f"copyright: {tag}\n")
    assert message.startswith("mkdocs.yml:4: The tag ") and why in message


def test_plain_explicit_tags_are_fine(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(GUIDE + "copyright: !!str 2024\nextra: !!map {a: !!int '3'}\n")
    assert judge(tmp_path / "mkdocs.yml")["extra"] == {"a": 3}


def test_a_tag_in_an_inherited_file_is_refused_at_that_file_and_line(tmp_path):
    (tmp_path / "base.yml").write_text("theme:\n  name: material\ncopyright: !ENV HOME\n")
    message = refusal(tmp_path, "INHERIT: base.yml\n" + GUIDE)
    assert message.startswith("base.yml:3: The tag '!ENV'")


def test_inherit_loops_and_missing_files_are_one_line(tmp_path):
    (tmp_path / "a.yml").write_text("INHERIT: mkdocs.yml\n")
    assert "in a loop" in refusal(tmp_path, "INHERIT: a.yml\n" + GUIDE)
    assert "does not exist" in refusal(tmp_path, "INHERIT: gone.yml\n" + GUIDE)
    assert "must name a .yml file" in refusal(tmp_path, "INHERIT: /etc/passwd\n" + GUIDE)


def test_settings_are_merged_as_mkdocs_merges_them(tmp_path):
    (tmp_path / "base.yml").write_text("site_url: https://e.org/\nextra: {a: 1, b: 2}\n")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\n" + GUIDE + "extra: {b: 3}\n")
    config = read_config(tmp_path / "mkdocs.yml")
    assert config["site_url"] == "https://e.org/" and config["extra"] == {"a": 1, "b": 3}
    assert "INHERIT" not in config


@pytest.mark.parametrize(
    "setting, line, what",
    [
        ("hooks: [hooks.py]", 4, "The hook 'hooks.py' would run its Python code"),
        (
            "markdown_extensions: [abbr, pymdownx.snippets]",
            4,
            "The Markdown extension 'pymdownx.snippets' copies files",
        ),
        (
            "markdown_extensions:\n  - toc\n  - pymdownx.b64: {}",
            6,
            "The Markdown extension 'pymdownx.b64' copies files",
        ),
        ("markdown_extensions: {mdx_include: {}}", 4, "The Markdown extension 'mdx_include' copies files"),
        (
            "markdown_extensions: [antigravity]",
            4,
            "The Markdown extension 'antigravity' is not one the guide knows to be safe",
        ),
        ("extra_javascript: [assets/x.js]", 4, "The script 'assets/x.js' would run in every reader's browser"),
        ("extra_javascript: [{path: assets/x.mjs, type: module}]", 4, "The script 'assets/x.mjs'"),
        ("extra_templates: [x.md]", 4, "extra_templates renders files of docs/"),
        ("exclude_docs: |\n  !.well-known/\n", 4, "A '!' line in exclude_docs"),
        ("theme: {name: material, custom_dir: .git}", 4, "The theme's custom_dir '.git'"),
        ("theme: {name: material, custom_dir: docs}", 4, "The theme's custom_dir 'docs'"),
        ("theme: {name: material, custom_dir: overrides/../..}", 4, "The theme's custom_dir"),
    ],
)
def test_settings_that_run_code_or_read_files_are_refused_at_their_line(tmp_path, setting, line, what):
    message = refusal(tmp_path, GUIDE + setting + "\n")
    assert message.startswith(f"mkdocs.yml:{line}: {what}"), message
    assert "trusted_code" in message or "Remove" in message or "overrides" in message


@pytest.mark.parametrize("plugins", ["  - print-site:\n      {key}: {value}\n", "  print-site:\n    {key}: {value}\n"])
@pytest.mark.parametrize("key", ["cover_page_template", "print_site_banner_template"])
def test_print_sites_templates_come_from_the_theme_folder_only(tmp_path, plugins, key):
    guide = "  - guide\n" if plugins.startswith("  -") else "  guide: {}\n"
    message = refusal(tmp_path, "plugins:\n" + guide + plugins.format(key=key, value="docs/index.md"))
    assert message.startswith(f"mkdocs.yml:4: print-site's {key} 'docs/index.md' is outside overrides/"), message
    (tmp_path / "mkdocs.yml").write_text("plugins:\n" + guide + plugins.format(key=key, value="overrides/cover.html"))
    judge(tmp_path / "mkdocs.yml")


@pytest.mark.parametrize("plugins", ["  - guide:\n      {key}: {value}\n", "  guide:\n    {key}: {value}\n"])
@pytest.mark.parametrize("key", ["bibliography", "glossary", "search_vocabulary", "source_fingerprint"])
def test_the_guides_data_files_are_the_projects_and_a_link_out_of_it_is_outside(tmp_path, plugins, key):
    project = tmp_path / "project"
    (project / "docs" / "_data" / ".old").mkdir(parents=True)
    (project / "docs" / "_data" / "data.yml").write_text("{}\n")
    (project / "docs" / "_data" / "link.yml").symlink_to("/etc/hostname")
    (tmp_path / "secret.yml").write_text("{}\n")

    def judged(value: str) -> str:
        try:
            judge_file = project / "mkdocs.yml"
            judge_file.write_text("plugins:\n" + plugins.format(key=key, value=value))
            judge(judge_file)
        except ConfigRefused as err:
            return str(err)
        return "passed"

    assert judged("docs/_data/data.yml") == "passed"
    assert judged("./docs/_data/../_data/data.yml") == "passed"
    for outside in ("/etc/passwd", "../secret.yml", "docs/_data/link.yml", "docs/../../secret.yml"):
        assert judged(outside).startswith(
            f"mkdocs.yml:3: The guide's {key} file '{outside}' is outside the project's folder"
        )
    assert "is in a hidden folder" in judged("docs/_data/.old/data.yml")
    assert "is in a hidden folder" in judged(".git/config")
    (project / "docs" / "_data" / "loop.yml").symlink_to("loop.yml")
    assert "is not a path to a file" in judged("docs/_data/loop.yml")
    assert "is not a path to a file" in judged('"docs/_data/x\\0.yml"')


def test_a_data_file_beside_an_inherited_configuration_is_the_projects(tmp_path):
    """Fixture sites share one folder of data beside the file they inherit from."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "base.yml").write_text("plugins:\n  guide:\n    glossary: ../shared/g.yml\n")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("INHERIT: ../base.yml\n")
    judge(tmp_path / "site" / "mkdocs.yml")
    (tmp_path / "base.yml").write_text("plugins:\n  guide:\n    glossary: ../../g.yml\n")
    with pytest.raises(ConfigRefused, match="base.yml:3: The guide's glossary file"):
        judge(tmp_path / "site" / "mkdocs.yml")


def test_a_plugin_not_in_the_guides_list_is_refused_in_either_form(tmp_path):
    assert "The plugin 'macros'" in refusal(tmp_path, "plugins:\n  - guide\n  - macros\n")
    assert "The plugin 'info'" in refusal(tmp_path, "plugins:\n  guide: {}\n  info: {}\n")


def test_what_a_maintainer_lists_in_trusted_code_is_allowed(tmp_path):
    (tmp_path / "hooks.py").write_text("raise SystemExit('never imported here')\n")
    (tmp_path / "mkdocs.yml").write_text(
        "hooks: [hooks.py]\n"
        "markdown_extensions: [abbr, pymdownx.snippets]\n"
        "extra_javascript: [assets/x.js]\n"
        "theme: {name: material, custom_dir: overrides/theme}\n"
        "plugins:\n"
        "  - search\n"
        "  - tags\n"
        "  - guide:\n"
        "      trusted_code:\n"
        "        hooks: [./hooks.py]\n"
        "        markdown_extensions: [pymdownx.snippets]\n"
        "        plugins: [tags]\n"
        "        extra_javascript: [assets/x.js]\n"
    )
    assert judge(tmp_path / "mkdocs.yml")["hooks"] == ["hooks.py"]


def test_a_malformed_trusted_code_setting_is_one_line_at_its_place(tmp_path):
    message = refusal(tmp_path, "plugins:\n  - guide:\n      trusted_code:\n        hooks: yes\n")
    assert message.startswith("mkdocs.yml:3: The setting trusted_code of the guide plugin: hooks:")
    message = refusal(tmp_path, "plugins:\n  - guide:\n      trusted_code: {hook: [x]}\n")
    assert "hook" in message and message.count("\n") == 0


def test_the_guides_own_configuration_passes():
    root = Path(__file__).resolve().parent.parent
    assert judge(root / "mkdocs.yml")["site_name"] == "MS Treatment Guide"
    assert judge(root / "tests" / "sites" / "other-publisher" / "mkdocs.yml")


def test_an_alias_bomb_in_mkdocs_yml_is_refused_within_a_second(tmp_path):
    lines = ['extra:\n  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        lines.append(f"  l{level}: &l{level} [" + ", ".join([f"*{'a' if level == 1 else f'l{level - 1}'}"] * 9) + "]")
    start = time.monotonic()
    message = refusal(tmp_path, GUIDE + "\n".join(lines) + "\n")
    assert time.monotonic() - start < 1
    assert message.startswith("mkdocs.yml:10: Aliases (*name) repeat this value"), message  # l5: 9**6 values


def test_a_huge_key_or_value_is_quoted_short(tmp_path):
    message = refusal(tmp_path, GUIDE + f"{'k' * 1000}: 1\n{'k' * 1000}: 2\n")
    assert len(message) < 300 and message.endswith("Keep one of them.")
    message = refusal(tmp_path, GUIDE + f"hooks: [{'h' * 100_000}.py]\n")
    assert len(message) < 400


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(SAFE_MARKDOWN_EXTENSIONS)), st.text(min_size=1, max_size=30))
def test_only_listed_extensions_pass_whatever_their_name(name, other):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "mkdocs.yml"
        config.write_text(GUIDE + "markdown_extensions:\n  - " + repr(name) + "\n")
        judge(config)
        if other not in SAFE_MARKDOWN_EXTENSIONS and other.strip() and other.isprintable():
            config.write_text(GUIDE + "markdown_extensions:\n  - " + _yaml_string(other) + "\n")
            with pytest.raises(ConfigRefused):
                judge(config)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- the engine's templates: Jinja's sandbox ---------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ site_name.__class__.__mro__[1].__subclasses__() }}",
        "{{ ''.__class__ }}",
        "{{ extra.update({'x': 1}) }}",
        "{{ lipsum.__globals__['os'].system('id') }}",
    ],
)
def test_a_template_cannot_reach_pythons_internals_or_change_a_value(tmp_path, template):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "review-footer.html").write_text("<p>\n" + template + "\n</p>\n")
    texts = Texts([tmp_path], {"site_name": "Guide", "extra": {}}, root=str(tmp_path))
    with pytest.raises(TextsError) as raised:
        texts.render("guide/review-footer.html")
    assert str(raised.value).startswith("guide/review-footer.html:2: ")
    assert isinstance(raised.value.__cause__, jinja2.exceptions.SecurityError)


def test_the_engines_own_templates_still_render_in_the_sandbox():
    texts = Texts(site={"site_name": "Guide", "extra": {}})
    download = {"type": "PDF", "pages": 4, "size": 1_300_000}
    assert texts.render("guide/download-size.html", download=download) == "PDF, 4 pages, 1.3 MB"
