"""mkdocs.yml judged as code, before MkDocs reads it.

MkDocs reads its configuration with PyYAML's unsafe loader (a `!!python/object/apply` tag runs
a command), follows `INHERIT` to other files, and then imports whatever the settings name:
hooks, plugins and Markdown extensions run in the build, `extra_javascript` in every reader's
browser. So each file of the configuration is first read here, safely and at a bounded cost
(frontmatter.parse_yaml, yaml_cost.py): a tag that is not plain YAML is refused at its line; then
the settings that run code or read files outside docs/ are refused unless the guide plugin's
setting `trusted_code` lists them, by name, where a maintainer reviews it (CODEOWNERS), and the
guide's data files must be the project's.

`python -m guide.config_gate mkdocs.yml` judges a configuration alone (`make serve` does, before
MkDocs starts): exit 2 and one line per problem when it is refused.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import mergedeep
import yaml

from guide.checks.source_files import page_encoding_problem
from guide.content.frontmatter import DuplicateKeyError, TextDatesLoader, parse_yaml
from guide.content.urls import scheme_of
from guide.content.yaml_cost import YAMLTooCostly
from guide.content.yaml_tags import YAML_TAG, UnsafeTag
from guide.errors import ConfigRefused
from guide.settings import PLUGIN, RUN_ONLY_KEYS, TrustedCode, plugin_options

# The repository of this engine: generated guides (benchmarks, tests) share its theme folder.
ENGINE_ROOT = Path(__file__).resolve().parent.parent.parent
THEME_FOLDER = "overrides"
# A chain of INHERIT longer than this is a loop or a mistake.
MAX_INHERIT = 8


# Markdown extensions that neither read files nor run code given in settings: Python-Markdown's
# own (MkDocs always adds toc, tables and fenced_code) and pymdown-extensions' but those below.
SAFE_MARKDOWN_EXTENSIONS = frozenset(
    [
        *(
            f"{prefix}{name}"
            for prefix in ("", "markdown.extensions.")
            for name in (
                "abbr",
                "admonition",
                "attr_list",
                "codehilite",
                "def_list",
                "extra",
                "fenced_code",
                "footnotes",
                "legacy_attrs",
                "legacy_em",
                "md_in_html",
                "meta",
                "nl2br",
                "sane_lists",
                "smarty",
                "tables",
                "toc",
                "wikilinks",
            )
        ),
        *(
            f"pymdownx.{name}"
            for name in (
                "arithmatex",
                "betterem",
                "blocks.admonition",
                "blocks.caption",
                "blocks.definition",
                "blocks.details",
                "blocks.html",
                "blocks.tab",
                "caret",
                "critic",
                "details",
                "emoji",
                "escapeall",
                "extra",
                "fancylists",
                "highlight",
                "inlinehilite",
                "keys",
                "magiclink",
                "mark",
                "pathconverter",
                "progressbar",
                "quotes",
                "saneheaders",
                "smartsymbols",
                "striphtml",
                "superfences",
                "tabbed",
                "tasklist",
                "tilde",
            )
        ),
    ]
)
# Extensions that copy other files into a page: from anywhere on the build machine.
FILE_READING_EXTENSIONS = ("pymdownx.snippets", "pymdownx.b64", "markdown_include", "mdx_include")
# The guide plugin's settings that name a data file.
DATA_FILE_SETTINGS = ("bibliography", "glossary", "search_vocabulary", "source_fingerprint")
# The plugins the guide is built with; any other runs its own code and may publish any file.
SAFE_PLUGINS = frozenset(["guide", "search", "material/search", "offline", "material/offline", "print-site"])

TRUST_IT = "a maintainer who has read its code may list it in the guide plugin's setting trusted_code: {setting}"


@dataclass
class ConfigFile:
    """One file of the configuration: where it is, how messages name it, its data and lines."""

    path: Path
    shown: str
    data: dict
    lines: dict[tuple, int] = field(default_factory=dict)


class ConfigLoader(TextDatesLoader):
    """The guide's safe loader, reading dates as MkDocs does (a date, not text)."""


ConfigLoader.yaml_implicit_resolvers = {
    key: list(value) for key, value in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ConfigLoader.add_constructor(YAML_TAG + "timestamp", yaml.SafeLoader.construct_yaml_timestamp)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shown(path: Path, base_dir: Path) -> str:
    try:
        return path.relative_to(base_dir).as_posix()
    except ValueError:
        return os.path.relpath(path, base_dir) if path.is_absolute() else path.as_posix()


def read_file(path: Path, shown: str) -> ConfigFile:
    """One file of the configuration, read safely; raises ConfigRefused."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ConfigRefused(f"{shown}: cannot read the file ({err.strerror}). Check the path.") from None
    if problem := page_encoding_problem(raw.removeprefix(b"\xef\xbb\xbf"), shown):
        raise ConfigRefused(str(problem))
    try:
        data, lines = parse_yaml(raw.decode("utf-8-sig"), ConfigLoader)
    except (UnsafeTag, YAMLTooCostly) as err:
        what = err.problem[:1].upper() + err.problem[1:]
        raise ConfigRefused(f"{shown}:{err.problem_mark.line + 1}: {what}. {err.fix}") from None
    except DuplicateKeyError as err:
        raise ConfigRefused(
            f"{shown}:{err.problem_mark.line + 1}: The setting '{_clip(err.key_text)}' is given twice. "
            "Keep one of them."
        ) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark else shown
        reason = _clip(getattr(err, "problem", None) or "cannot be read", 200)
        raise ConfigRefused(
            f"{where}: The file is not valid YAML ({reason}). Check the indentation and the "
            "brackets and quotes on that line and the one before."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigRefused(f"{shown}:1: The file is not a list of settings. Write one 'name: value' per line.")
    return ConfigFile(path, shown, data, lines)


def read_chain(config_file: Path) -> list[ConfigFile]:
    """The configuration file and the files it inherits from (INHERIT), each read safely:
    the file given first."""
    config_file = Path(config_file)
    base_dir = config_file.resolve().parent
    chain = [read_file(config_file, config_file.name)]
    seen = {config_file.resolve()}
    while "INHERIT" in chain[-1].data:
        current = chain[-1]
        parent = current.data["INHERIT"]
        where = f"{current.shown}:{current.lines.get(('INHERIT',), 1)}"
        if not isinstance(parent, str) or not parent.endswith((".yml", ".yaml")):
            raise ConfigRefused(f"{where}: INHERIT must name a .yml file. Give the path of the file to inherit.")
        path = (current.path.resolve().parent / parent).resolve()
        if path in seen or len(chain) > MAX_INHERIT:
            raise ConfigRefused(f"{where}: the files inherit from each other in a loop. Remove one INHERIT.")
        if not path.is_file():
            raise ConfigRefused(f"{where}: the file '{_clip(parent)}' to inherit does not exist. Correct the path.")
        seen.add(path)
        chain.append(read_file(path, _shown(path, base_dir)))
    return chain


def merged(chain: list[ConfigFile]) -> dict:
    """The settings as MkDocs merges them: each file over the one it inherits from."""
    result: dict = {}
    for config in reversed(chain):
        data = {key: value for key, value in config.data.items() if key != "INHERIT"}
        result = mergedeep.merge(result, data)
    return result


def read_config(config_file: Path) -> dict:
    """The settings of mkdocs.yml and the files it inherits from, read safely (for the scripts
    that need a value or two: nothing is imported or run); raises ConfigRefused."""
    return merged(read_chain(config_file))


@dataclass
class _Finding:
    path: tuple  # where in the settings, e.g. ('markdown_extensions', 3)
    what: str
    fix: str


def _names(value) -> list[tuple[object, str]]:
    """(position, name) of each item of a MkDocs list of names: 'x' or {'x': {options}}, or a
    mapping of names to options."""
    if isinstance(value, dict):
        return [(name, str(name)) for name in value]
    if isinstance(value, list):
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found += [(index, str(name)) for name in item]
            elif item is not None:
                found.append((index, str(item)))
        return found
    return []


def _trusted(settings: dict) -> TrustedCode:
    """The guide plugin's trusted_code setting, typed; raises ValueError when it is malformed."""
    try:
        options = plugin_options(settings)
    except (KeyError, TypeError, AttributeError):
        options = None  # MkDocs' own checks then say the plugin is missing
    raw = options.get("trusted_code") if isinstance(options, dict) else None
    trusted = TrustedCode()
    trusted.load_dict(raw if isinstance(raw, dict) else {})
    failed, warnings = trusted.validate()
    problems = [f"{key}: {err}" for key, err in failed + warnings]
    if raw is not None and not isinstance(raw, dict):
        problems.append("it must be 'name: [list]' lines")
    if problems:
        raise ValueError(
            f"The setting trusted_code of the guide plugin: {_clip('; '.join(problems), 200)}. "
            "Write lists of names under hooks, markdown_extensions, plugins and extra_javascript."
        )
    return trusted


def code_findings(settings: dict, config_dir: Path) -> list[_Finding]:
    """The settings that would run code or read files outside docs/ and are not trusted."""
    trusted = _trusted(settings)
    found: list[_Finding] = []
    hooks = settings.get("hooks")
    for index, hook in _names(hooks if isinstance(hooks, list) else [hooks] if hooks else []):
        if os.path.normpath(hook) not in {os.path.normpath(h) for h in trusted.hooks}:
            found.append(
                _Finding(
                    ("hooks", index),
                    f"The hook '{_clip(hook)}' would run its Python code in every build",
                    "Remove it; " + TRUST_IT.format(setting="hooks"),
                )
            )
    for index, name in _names(settings.get("markdown_extensions")):
        if name in SAFE_MARKDOWN_EXTENSIONS or name in trusted.markdown_extensions:
            continue
        if name.startswith(FILE_READING_EXTENSIONS) or "include" in name or "snippet" in name:
            what = (
                f"The Markdown extension '{_clip(name)}' copies files of the build machine (such as "
                ".git/config) into pages"
            )
        else:
            what = f"The Markdown extension '{_clip(name)}' is not one the guide knows to be safe (no files read, no code run)"
        found.append(
            _Finding(
                ("markdown_extensions", index), what, "Remove it; " + TRUST_IT.format(setting="markdown_extensions")
            )
        )
    for index, name in _names(settings.get("plugins")):
        if name not in SAFE_PLUGINS and name not in trusted.plugins:
            found.append(
                _Finding(
                    ("plugins", index),
                    f"The plugin '{_clip(name)}' would run its own code in the build and could publish any file",
                    "Remove it; " + TRUST_IT.format(setting="plugins"),
                )
            )
    extra_javascript = settings.get("extra_javascript")
    for index, item in enumerate(extra_javascript if isinstance(extra_javascript, list) else []):
        path = item.get("path") if isinstance(item, dict) else item
        # One from another site is refused whatever the list says (mkdocs_run: readers are offline).
        if isinstance(path, str) and path not in trusted.extra_javascript and not _remote(path):
            found.append(
                _Finding(
                    ("extra_javascript", index),
                    f"The script '{_clip(path)}' would run in every reader's browser, on every page",
                    "Remove it; a maintainer who has read it may list it in the guide plugin's setting "
                    "trusted_code: extra_javascript (the file itself lives in overrides/assets/)",
                )
            )
    if settings.get("extra_templates"):
        found.append(
            _Finding(
                ("extra_templates",),
                "extra_templates renders files of docs/ as theme templates, which can run code",
                "Remove it: the theme's templates live in overrides/",
            )
        )
    exclude = settings.get("exclude_docs")
    if isinstance(exclude, str) and any(line.strip().startswith("!") for line in exclude.splitlines()):
        found.append(
            _Finding(
                ("exclude_docs",),
                "A '!' line in exclude_docs would publish files MkDocs leaves out (hidden files), unchecked",
                "Remove the '!' line",
            )
        )
    found += _print_site_templates(settings, config_dir)
    theme = settings.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom_dir is not None:
        if not _in_theme_folder(config_dir / str(custom_dir), config_dir):
            found.append(
                _Finding(
                    ("theme", "custom_dir"),
                    f"The theme's custom_dir '{_clip(custom_dir)}' is not the overrides/ folder: MkDocs "
                    "would publish every file in it",
                    "Set custom_dir: overrides and keep the theme's files there",
                )
            )
    return found


def _remote(address: str) -> bool:
    return "//" in address or bool(scheme_of(address))


def _line_order(chain: list[ConfigFile], where: str) -> tuple[int, int]:
    shown, _, line = where.rpartition(":")
    files = [c.shown for c in chain]
    return (files.index(shown), int(line)) if shown in files and line.isdigit() else (len(files), 0)


def _in_theme_folder(path: Path, config_dir: Path) -> bool:
    """Inside the project's overrides/ (or this engine's, which generated guides share)."""
    return any(path.resolve().is_relative_to(root / THEME_FOLDER) for root in (config_dir, ENGINE_ROOT))


def _plugin_entries(settings: dict, name: str) -> list[tuple[tuple, object]]:
    """(where in the settings, options) of each listing of a plugin: plugins as a mapping or a list."""
    plugins = settings.get("plugins")
    if isinstance(plugins, dict):
        return [(("plugins", name), plugins.get(name))] if name in plugins else []
    if isinstance(plugins, list):
        return [
            (("plugins", index, name), item[name])
            for index, item in enumerate(plugins)
            if isinstance(item, dict) and name in item
        ]
    return []


def _data_files_outside(settings: dict, chain: list[ConfigFile]) -> list[_Finding]:
    """The guide's data files are published (References, Glossary, search words) or quoted in
    messages: each must be a file of the project, i.e. inside the folder of a file of the
    configuration (fixtures share one folder of data), and not in a hidden folder such as .git/.
    Symbolic links are followed: a link to /etc/passwd is outside."""
    config_dir = chain[0].path.resolve().parent
    folders = [config.path.resolve().parent for config in chain]
    found = []
    for path, options in _plugin_entries(settings, PLUGIN):
        for key in DATA_FILE_SETTINGS:
            value = options.get(key) if isinstance(options, dict) else None
            if not isinstance(value, str) or not value:
                continue  # the plugin's own settings check says what is wrong
            try:
                target = (config_dir / value).resolve()
            except (OSError, ValueError, RuntimeError):  # a NUL byte, a loop of links
                target = None
            inside = [
                target.relative_to(folder).parts for folder in folders if target and target.is_relative_to(folder)
            ]
            if target is None:
                where = "not a path to a file"
            elif not inside:
                where = "outside the project's folder"
            elif any(part.startswith(".") for part in min(inside, key=len)):
                where = "in a hidden folder"
            else:
                continue
            found.append(
                _Finding(
                    (*path, key),
                    f"The guide's {key} file '{_clip(value)}' is {where}: its text would be published "
                    "or shown in messages",
                    "Keep the guide's data files in the project (e.g. docs/_data/) and give their "
                    f"path from the folder of {chain[0].path.name}",
                )
            )
    return found


def _print_site_templates(settings: dict, config_dir: Path) -> list[_Finding]:
    """print-site renders its cover and banner templates with Jinja, unsandboxed: from the
    theme's folder only (a page of docs/ named there would become code)."""
    found = []
    for path, options in _plugin_entries(settings, "print-site"):
        for key in ("cover_page_template", "print_site_banner_template"):
            template = options.get(key) if isinstance(options, dict) else None
            if isinstance(template, str) and template and not _in_theme_folder(config_dir / template, config_dir):
                found.append(
                    _Finding(
                        (*path, key),
                        f"print-site's {key} '{_clip(template)}' is outside overrides/: it is rendered as a "
                        "template, which can run code",
                        "Keep the template in overrides/ (e.g. overrides/partials/print-cover.html) and name it there",
                    )
                )
    return found


def _where(chain: list[ConfigFile], path: tuple) -> str:
    """The file and line where a setting is written: the first file (from the one given) that
    writes it, at its deepest known part."""
    for length in range(len(path), 0, -1):
        for config in chain:
            if path[:length] in config.lines:
                return f"{config.shown}:{config.lines[path[:length]]}"
    return chain[0].shown


def run_options_written(chain: list[ConfigFile]) -> list[str]:
    """A run's options (today, strict, offline, ... and the setting run that holds them) written
    under the guide plugin: the command line gives them for one run, mkdocs.yml cannot."""
    found = []
    for config in chain:
        for path, line in config.lines.items():
            # ('plugins', 0, 'guide', 'today'), or ('plugins', 'guide', 'today') in a mapping
            option = path[2:] if len(path) > 1 and isinstance(path[1], int) else path[1:]
            if path[0] == "plugins" and len(option) == 2 and option[0] == PLUGIN and option[1] in RUN_ONLY_KEYS:
                found.append(
                    f"{config.shown}:{line}: '{option[1]}' is given for one run by the command line "
                    "(scripts/build.py check or build, --today, --strict), not by the guide plugin's "
                    f"settings. Remove it from {config.path.name}."
                )
    return found


def judge(config_file: Path) -> dict:
    """Read the configuration safely and refuse code it does not trust, and a run's options
    written in it; return its settings (merged as MkDocs merges them). Raises ConfigRefused with
    every problem, one per line."""
    chain = read_chain(config_file)
    if written := run_options_written(chain):
        raise ConfigRefused("\n".join(written))
    settings = merged(chain)
    try:
        findings = code_findings(settings, Path(config_file).resolve().parent)
        findings += _data_files_outside(settings, chain)
    except ValueError as err:
        lines = [(c.shown, line) for c in chain for path, line in c.lines.items() if path[-1] == "trusted_code"]
        where = f"{lines[0][0]}:{lines[0][1]}" if lines else chain[0].shown
        raise ConfigRefused(f"{where}: {err}") from None
    if findings:
        lines = sorted(((_where(chain, f.path), f) for f in findings), key=lambda pair: _line_order(chain, pair[0]))
        raise ConfigRefused("\n".join(f"{where}: {f.what}. {f.fix}." for where, f in lines))
    return settings


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m guide.config_gate mkdocs.yml", file=sys.stderr)
        return 2
    try:
        judge(Path(argv[0]))
    except ConfigRefused as err:
        print(err, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
