"""What one YAML document may hold: plain data only, judged on its nodes before any value is made.

A tag asks the loader for something other than text, numbers, lists and mappings: `!!python/...`
asks PyYAML's unsafe loader (which MkDocs uses for mkdocs.yml) to run code, `!ENV` asks MkDocs
for the build machine's environment, `!relative` for its folders. The guide's own loader is safe
and would refuse most of them anyway, but with a message about "constructors"; refusing every tag
that is not plain data gives one clear line, the same for front matter, data files and mkdocs.yml.
"""

from __future__ import annotations

from yaml.error import MarkedYAMLError
from yaml.nodes import MappingNode, Node, SequenceNode

YAML_TAG = "tag:yaml.org,2002:"
# The tags of plain data, written or implied ('!!str 2024' is fine).
PLAIN_TAGS = frozenset(
    YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "merge", "timestamp")
)


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class UnsafeTag(MarkedYAMLError):
    """A tag that is not plain data, at its node: the problem and its fix."""

    fix = "Write the value itself, without the tag: plain values only."

    def __init__(self, node: Node):
        tag = node.tag
        tag = _clip("!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag)
        if tag.startswith("!!python"):
            why = "asks for Python code to be run (MkDocs' loader for mkdocs.yml would run it)"
        elif tag == "!ENV":
            why = "asks for the build machine's environment (its secrets too), to be published"
        elif tag == "!relative":
            why = "asks for a folder of the build machine, for extensions that read files"
        else:
            why = "is not plain YAML"
        super().__init__(problem=f"the tag '{tag}' {why}", problem_mark=node.start_mark)


def refuse_tags(root: Node | None) -> None:
    """Raise UnsafeTag at the first node (in the text's order) whose tag is not plain data."""
    seen: set[int] = set()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            raise UnsafeTag(node)
        if isinstance(node, MappingNode):
            pending.extend(reversed([part for pair in node.value for part in pair]))
        elif isinstance(node, SequenceNode):
            pending.extend(reversed(node.value))
