"""Run one MkDocs build in this process and collect what it found."""

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
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from . import pipeline
from . import session as sessions
from .pipeline import GuideBuild
from .problems import Problem
from .source_tree import page_encoding_problem
from .urls import scheme_of
from .session import RunOptions, Session, Shard


class ConfigError(Exception):
    """mkdocs.yml or the guide's settings are broken: a usage error, exit code 2."""


class _MkDocsMessages(logging.Handler):
    """MkDocs' own warnings and errors; the guide's own are recorded in its session."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, "guide_problem", None):
            self.messages.append(" ".join(record.getMessage().split()))  # one line, as every message


def _key_lines(config_file: Path) -> dict[str, int]:
    """The line of each top-level key of mkdocs.yml. Raises ConfigError when it is not YAML."""
    data = config_file.read_bytes()
    if problem := page_encoding_problem(data.removeprefix(b"\xef\xbb\xbf"), config_file.name):
        raise ConfigError(str(problem))
    text = data.decode("utf-8-sig")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # nodes only: custom tags are fine
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{config_file.name}:{mark.line + 1}" if mark else config_file.name
        reason = getattr(err, "problem", None) or "cannot be read"
        raise ConfigError(f"{where}: The file is not valid YAML ({reason}). Check the indentation "
                          "and the brackets and quotes on that line and the one before.") from err
    if not isinstance(node, yaml.MappingNode):
        return {}
    if duplicate := _first_duplicate_key(node):
        raise ConfigError(f"{config_file.name}:{duplicate.start_mark.line + 1}: The setting "
                          f"'{duplicate.value}' is given twice. Keep one of them.")
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _first_duplicate_key(node) -> yaml.Node | None:
    """The first key that repeats an earlier one in the same mapping, at any depth (each node
    once: an alias may point back at its own parent)."""
    stack, seen_nodes = [node], set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:
            continue
        seen_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode):
            seen = set()
            for key, value in current.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if key.value in seen:
                        return key
                    seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _config_error(config_file: Path, messages: list[str], fallback: str) -> ConfigError:
    lines = _key_lines(config_file)
    found = []
    for message in messages or [fallback]:
        match = re.search(r"Config value '([^'.]+)", message) or re.match(r"extra\.(guide)", message)
        key = "extra" if match and match.group(1) == "guide" else (match.group(1) if match else "")
        where = f"{config_file.name}:{lines[key]}" if key in lines else config_file.name
        end = "" if message.endswith((".", "?", "!")) else "."
        found.append(f"{where}: {message}{end} Correct it in {config_file.name}.")
    return ConfigError("\n".join(found))


def load(config_file: Path, **overrides):
    _key_lines(config_file)
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
    if problem := _unsafe_setting(config, config_file.parent.resolve()):
        raise _config_error(config_file, [problem], problem)
    return config


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
                return (f"Config value '{key}': '{address}' is loaded from another site; readers "
                        "are offline or not tracked. Put the file in docs/ and list its path.")
    return None


LEAN_THEME = Path(__file__).resolve().parent / "lean_theme"
ENGINE_ROOT = Path(__file__).resolve().parent.parent.parent  # the repository of scripts/guide


# A lean build: the pages' content only, no theme plugins and no print page (a full build checks
# those); the guide's hooks run as in a full build.
LEAN = {"theme": {"name": None, "custom_dir": str(LEAN_THEME)}, "plugins": []}


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


def _run(config_file: Path, site_dir: Path, options: RunOptions, offline: bool = False,
         config=None) -> GuideBuild:
    """One MkDocs build; config: the configuration already loaded for site_dir and options."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.environ["GUIDE_OFFLINE"] = "true" if offline else "false"
    sessions.options = options
    pipeline.last = None
    config = config or load(config_file, site_dir=str(site_dir), **(LEAN if options.lean else {}))
    with _mkdocs_messages() as messages:
        try:
            mkdocs_build(config)
        except (PluginError, Abort) as err:
            if pipeline.last is not None and pipeline.last.stopped:
                return pipeline.last  # content problems that stop the build: reported as such
            raise _config_error(config_file, messages, str(err)) from err
        finally:
            os.environ.pop("GUIDE_OFFLINE", None)
    build = pipeline.last
    if build is None:
        raise ConfigError(f"{config_file.name}: the guide's hooks did not run. "
                          "Add 'hooks: [scripts/hooks.py]' to mkdocs.yml.")
    build.session.add([
        Problem("mkdocs", config_file.name, 0, message, "See the MkDocs documentation for this message.")
        for message in messages
        # The guide checks every link in the built HTML, with file and line: skip MkDocs' twin.
        if "contains a link" not in message and "contains an absolute link" not in message
    ])
    return build


def run_build(config_file: Path, site_dir: Path, options: RunOptions, offline: bool = False) -> Session:
    """Build the site into site_dir; return the session the hooks filled."""
    return _run(config_file, site_dir, options, offline).session


# Below this many pages per process, starting another costs more than it saves.
PAGES_PER_PROCESS = 100


def _check_part(config_file: Path, site_dir: Path, options: RunOptions) -> GuideBuild:
    build = _run(config_file, site_dir, options)
    build.source_hashes = set()  # only needed while rendering: not worth sending back
    build.page_sources = {}
    return build


def run_check(config_file: Path, site_dir: Path, options: RunOptions, processes: int | None = None) -> Session:
    """The lean check, with the pages shared out among `processes` (default: the processors
    of a big site).

    Python-Markdown renders one page at a time, so each process runs the whole MkDocs build but
    renders only its share of the pages, into its own folder; the checks that need every page
    run once all the parts are in.
    """
    options = replace(options, lean=True, publish=False)
    config = load(config_file, site_dir=str(site_dir), **LEAN)
    pages = sum(name.endswith(".md") for _, _, names in os.walk(config["docs_dir"]) for name in names)
    processes = max(1, min(pages, processes or min(_processors(), pages // PAGES_PER_PROCESS)))
    if processes == 1:
        return _run(config_file, site_dir, options, config=config).session
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
    return build.session


def _processors() -> int:
    """The processors this process may use (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
