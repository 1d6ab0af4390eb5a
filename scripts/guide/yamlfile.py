"""Read a YAML data file, keeping the line of each top-level entry for messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from .frontmatter import parse_yaml
from .problems import Problem


class DataFileError(Exception):
    """The file cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def load_yaml(path: Path, shown_as: str, kind: str):
    """Return (data, lines): lines maps a mapping key or a list index to its 1-based line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataFileError(
            Problem(kind, shown_as, 0, f"Cannot read the file ({err.strerror}).",
                    "Check the path in extra.guide in mkdocs.yml.")
        ) from err
    try:
        node, data = parse_yaml(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        reason = getattr(err, "problem", None) or str(err)
        raise DataFileError(
            Problem(kind, shown_as, mark.line + 1 if mark else 0,
                    f"The file is not valid YAML ({reason}).",
                    "Check the indentation and put quotes around text that contains a colon.")
        ) from err
    lines: dict = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    elif isinstance(node, yaml.SequenceNode):
        lines = {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}
    return data, lines
