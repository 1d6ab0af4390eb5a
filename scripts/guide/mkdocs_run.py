"""Run one MkDocs build in this process and return the guide plugin's build (build.Build)."""

from __future__ import annotations

import logging
import os
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from guide import config_gate
from guide.build import Build
from guide.content.characters import hidden_character
from guide.content.urls import scheme_of
from guide.errors import ConfigError, GuideError
from guide.problems import Problem, did_you_mean
from guide.settings import PLUGIN, RUN_ONLY_KEYS, GuideSettings, RunOptions, Shard, plugin_options

MAX_MESSAGE = 500


class _MkDocsMessages(logging.Handler):
    """MkDocs' own warnings and errors; the guide's own are collected by its build."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, "guide_problem", None):
            # One line, as every message, and short: MkDocs quotes values it refuses, whole.
            message = " ".join(record.getMessage().split())
            self.messages.append(message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "...")


def _key_lines(config_file: Path) -> dict[str, int]:
    """The line of each top-level key of mkdocs.yml, and of each of the guide plugin's options
    ('guide.paper', 'guide.external.retries'), from the one safe reading of it (config_gate).
    Raises ConfigError when it cannot be read."""
    try:
        lines = config_gate.read_file(config_file, config_file.name).lines
    except config_gate.ConfigRefused as err:
        raise ConfigError(str(err)) from None
    found = {}
    for path, line in lines.items():
        if len(path) == 1:
            found[str(path[0])] = line
            continue
        # The plugin's options: ('plugins', 0, 'guide', 'external', 'retries'), or without the
        # index when plugins is a mapping; a list item of an option is not a key.
        option = path[2:] if path[0] == "plugins" and isinstance(path[1], int) else path[1:]
        if path[0] == "plugins" and option[:1] == (PLUGIN,) and all(isinstance(part, str) for part in option):
            found[".".join(option)] = line
    return found


# MkDocs' words for an option of the guide plugin: "Config value 'plugins': Plugin 'guide' option
# 'external': Sub-option 'retries': <what is wrong>".
PLUGIN_OPTION = re.compile(
    rf"(?:Config value 'plugins': )?Plugin '{PLUGIN}' option '([^']+)': "
    r"(?:Sub-option '([^']+)': )?"
)


# Every setting of the guide plugin, for a did-you-mean: 'paper', 'external.retries', ...
SETTING_NAMES = [name for name, option in GuideSettings._schema if name not in RUN_ONLY_KEYS] + [
    f"{name}.{sub}"
    for name, option in GuideSettings._schema
    if isinstance(option, c.SubConfig)
    for sub, _ in option.config_class._schema
]


def _config_error(config_file: Path, messages: list[str], fallback: str) -> ConfigError:
    lines = _key_lines(config_file)
    found = []
    for message in messages or [fallback]:
        if option := PLUGIN_OPTION.match(message):
            dotted = ".".join(part for part in (PLUGIN, *option.groups()) if part)
            key = next((k for k in (dotted, dotted.rsplit(".", 1)[0], PLUGIN) if k in lines), "plugins")
            setting, reason = dotted.removeprefix(PLUGIN + "."), message[option.end() :]
            if reason.startswith("Unrecognised configuration name"):
                message = f"The guide plugin has no setting '{setting}'." + did_you_mean(setting, SETTING_NAMES)
            else:
                message = f"The setting {setting} of the guide plugin: {reason}"
        elif f"Invalid config options for the '{PLUGIN}' plugin" in message:
            key, message = (
                PLUGIN,
                (f"The guide plugin's settings must be 'key: value' lines, indented under '{PLUGIN}:'."),
            )
        else:
            match = re.search(r"Config value '([^'.]+)", message)
            key = match.group(1) if match else ""
        where = f"{config_file.name}:{lines[key]}" if key in lines else config_file.name
        end = "" if message.endswith((".", "?", "!")) else "."
        found.append(f"{where}: {message}{end} Correct it in {config_file.name}.")
    return ConfigError("\n".join(found))


def load(config_file: Path, lean: bool = False, **overrides):
    """mkdocs.yml, checked; lean: for a lean check (the lean theme, only the guide plugin).
    Before MkDocs reads it (unsafely, importing what it names), the guide reads it safely and
    refuses code it does not trust (config_gate.py: ConfigRefused, a ConfigError)."""
    settings = config_gate.judge(config_file)
    if lean:
        overrides.update(_lean_overrides(settings))
    handler = _MkDocsMessages()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), **overrides)
    except (ConfigurationError, Abort, OSError) as err:
        raise _config_error(config_file, handler.messages, str(err)) from err
    except (yaml.YAMLError, ValueError, TypeError) as err:
        # MkDocs' own YAML loader turns values into dates and the like: 2024-02-30 fails there.
        raise _config_error(config_file, handler.messages, f"The file cannot be read ({err}).") from err
    finally:
        logger.removeHandler(handler)
    # MkDocs only warns about an option it does not know: a misspelt setting would be ignored.
    if unknown := [m for m in handler.messages if PLUGIN_OPTION.match(m)]:
        raise _config_error(config_file, unknown, unknown[0])
    if problem := _unsafe_setting(config, config_file.parent.resolve()) or _plugin_missing(config):
        raise _config_error(config_file, [problem], problem)
    if problem := _hidden_in_text_setting(config):
        raise _config_error(config_file, [problem], problem)
    return config


# Settings shown as one line of text: in the page's <title>, the header, the calendar's name.
ONE_LINE_SETTINGS = ("site_name", "site_description", "site_author", "site_url", "repo_name", "repo_url", "edit_uri")


def _nav_titles(nav) -> list[str]:
    titles = []
    for item in nav if isinstance(nav, list) else []:
        if isinstance(item, dict):
            for title, value in item.items():
                titles += [str(title), *_nav_titles(value)]
    return titles


def _hidden_in_text_setting(config) -> str | None:
    """A control character (a line break), an invisible or a direction-changing character in a
    setting shown as text: it would break the calendar and the messages, or show another name."""
    texts = [(key, config.get(key), "") for key in ONE_LINE_SETTINGS]
    texts += [("copyright", config.get("copyright"), "\n\t")]  # HTML, may span lines
    texts += [("nav", title, "") for title in _nav_titles(config.get("nav"))]
    for key, value, allowed in texts:
        if isinstance(value, str) and (hidden := hidden_character(value, allowed)):
            line_break = hidden.endswith(("LINE FEED", "CARRIAGE RETURN"))
            what = "" if line_break else ", which cannot be seen or changes how the text looks"
            return f"Config value '{key}': {value[:40]!r} contains {hidden}{what}. Write it on one line, as plain text."
    return None


def _plugin_missing(config) -> str | None:
    if isinstance(config["extra"].get(PLUGIN), dict):
        return (
            "Config value 'extra': the guide's settings moved from 'extra: guide:' to the guide "
            "plugin: list '- guide:' under plugins and move the settings under it."
        )
    if PLUGIN not in config.plugins:
        return "Config value 'plugins': the guide plugin is missing. Add '- guide' to plugins."
    return None


def _unsafe_setting(config, project: Path) -> str | None:
    """Settings that would publish files from outside the project or load code from elsewhere."""
    if not Path(config["docs_dir"]).resolve().is_relative_to(project):
        return "Config value 'docs_dir': the pages must be inside the project's folder."
    # MkDocs publishes every file of the theme's folder: it must be the project's (or this
    # engine's, which the benchmarks' generated guides share).
    custom_dir = config["theme"].custom_dir
    if custom_dir and not any(Path(custom_dir).resolve().is_relative_to(folder) for folder in (project, ENGINE_ROOT)):
        return "Config value 'theme': custom_dir must be inside the project's folder."
    for key in ("extra_javascript", "extra_css"):
        for item in config[key]:
            address = str(getattr(item, "path", item))
            if "//" in address or scheme_of(address):
                return (
                    f"Config value '{key}': '{address}' is loaded from another site; readers "
                    "are offline or not tracked. Put the file in overrides/assets/ and list its path."
                )
    return None


LEAN_THEME = Path(__file__).resolve().parent / "lean_theme"
ENGINE_ROOT = Path(__file__).resolve().parent.parent.parent  # the repository of scripts/guide


def _lean_overrides(settings: dict) -> dict:
    """A lean build: the pages' content only, no theme plugins and no print page (a full build
    checks those); the guide plugin runs with its settings (as config_gate read them), as in a
    full build."""
    try:
        options = plugin_options(settings)
    except (KeyError, TypeError, AttributeError):
        options = None  # load() then says the plugin is missing
    plugins = [{PLUGIN: options}] if options else [PLUGIN]
    theme = {"name": None, "custom_dir": str(LEAN_THEME)}
    # issue 26: the site's language, which translations are told apart from
    language = settings.get("theme", {}).get("language") if isinstance(settings.get("theme"), dict) else None
    if isinstance(language, str):
        theme["language"] = language
    return {"theme": theme, "plugins": plugins}


@contextmanager
def _mkdocs_messages():
    """Collect MkDocs' own warnings and errors; the CLI prints the guide's problems itself."""
    logger = logging.getLogger("mkdocs")
    logger.propagate = False
    handler = _MkDocsMessages()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _run(config_file: Path, site_dir: Path, options: RunOptions, config=None) -> Build:
    """One MkDocs build into site_dir; config: mkdocs.yml as loaded for this run (each run needs
    its own: MkDocs' plugins keep state)."""
    config = config or load(config_file, lean=options.lean)
    config["site_dir"] = str(site_dir)
    plugin = config.plugins[PLUGIN]
    plugin.config.run = options  # its setting for one run's options, which mkdocs.yml cannot set
    with _mkdocs_messages() as messages:
        try:
            mkdocs_build(config)
        except (PluginError, Abort) as err:
            # The engine's own errors (a workaround that no longer fits the theme, a broken template
            # of the reader's texts, ...): their own one line (MkDocs wraps them in Abort).
            cause = next((e for e in (err, err.__cause__, err.__context__) if isinstance(e, GuideError)), None)
            if cause is not None:
                raise cause from None
            if plugin.build is not None and plugin.build.stopped:
                return plugin.build  # content problems that stop the build: reported as such
            raise _config_error(config_file, messages, str(err)) from err
    build = plugin.build
    build.add(
        [
            Problem("mkdocs", config_file.name, 0, message, "See the MkDocs documentation for this message.")
            for message in messages
            # The guide checks every link in the built HTML, with file and line: skip MkDocs' twin.
            if "contains a link" not in message and "contains an absolute link" not in message
        ]
    )
    return build


def run_build(config_file: Path, site_dir: Path, options: RunOptions, config=None) -> Build:
    """Build the site into site_dir; return the guide plugin's build."""
    return _run(config_file, site_dir, options, config)


def _check_part(config_file: Path, site_dir: Path, options: RunOptions) -> Build:
    return _run(config_file, site_dir, options).shed(links_too=False)


def run_check(config_file: Path, site_dir: Path, options: RunOptions, processes: int | None = None) -> Build:
    """The lean check, with the pages shared out among `processes` (default: the processors
    of a big site).

    Python-Markdown renders one page at a time, so each process runs the whole MkDocs build but
    renders only its share of the pages, into its own folder; the checks that need every page
    run once all the parts are in.
    """
    options = replace(options, lean=True, publish=False)
    config = load(config_file, lean=True)
    pages = sum(name.endswith(".md") for _, _, names in os.walk(config["docs_dir"]) for name in names)
    processes = options.speed.check_processes(pages, processes)
    if processes == 1:
        return _run(config_file, site_dir, options, config=config)
    # Each part in its own folder (MkDocs empties the site folder first); named as the site is,
    # for messages about a built file.
    part_dirs = [site_dir.parent / f"part{i}" / site_dir.name for i in range(processes)]
    part_options = [replace(options, shard=Shard(i, processes)) for i in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        parts = list(pool.map(_check_part, [config_file] * processes, part_dirs, part_options))
    build = parts[0]
    for part in parts[1:]:
        build.merge(part)
    if not build.stopped:
        with _mkdocs_messages():
            build.check_site(part_dirs)
    return build
