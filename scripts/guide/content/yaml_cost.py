"""What one YAML document may cost, judged on its nodes before any value is made.

An alias (`*name`) repeats its anchor's value without copying it in the text: nine lines of
aliases to aliases ("billion laughs") stand for a billion values, and a merge key (`<<: *name`)
copies them for real. Whatever walks the values later (the checks, the report, MkDocs' merging
of settings) would run out of memory or time. So the size of the document with every alias
written out is counted first, once per node (linear in the text), and refused above a bound far
beyond any honest guide; an alias inside its own anchor (a value that contains itself) is
refused too. Each refusal is a YAML error at its line.
"""

from __future__ import annotations

from yaml.error import MarkedYAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# What aliases may add to a document: values and characters beyond those written in it.
MAX_ADDED_VALUES = 100_000
MAX_ADDED_CHARACTERS = 1_000_000


class YAMLTooCostly(MarkedYAMLError):
    """A document whose aliases expand too far, or contain themselves: the problem and its fix."""

    fix = "Write the values out instead of repeating them with aliases (*name)."


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _own_size(node: Node) -> tuple[int, int]:
    return 1, len(node.value) if isinstance(node, ScalarNode) else 0


def check_cost(root: Node | None) -> None:
    """Raise YAMLTooCostly when the document under root, with its aliases written out, holds
    more than MAX_ADDED_VALUES values or MAX_ADDED_CHARACTERS characters beyond its own, or when
    a value contains itself. Linear in the number of distinct nodes; no recursion."""
    if root is None:
        return
    written_values = written_chars = 0
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        values, chars = _own_size(node)
        written_values, written_chars = written_values + values, written_chars + chars
        pending.extend(_children(node))
    most_values, most_chars = written_values + MAX_ADDED_VALUES, written_chars + MAX_ADDED_CHARACTERS

    expanded: dict[int, tuple[int, int]] = {}  # node -> (values, characters), aliases written out
    open_nodes: set[int] = set()  # begun, not finished: the path from the root
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            values, chars = _own_size(node)
            for child in _children(node):
                child_values, child_chars = expanded[id(child)]
                values, chars = values + child_values, chars + child_chars
            if values > most_values or chars > most_chars:
                raise YAMLTooCostly(
                    problem=(
                        f"aliases (*name) repeat this value until it holds more than "
                        f"{MAX_ADDED_VALUES:,} values or {MAX_ADDED_CHARACTERS:,} characters beyond "
                        "those written, far more than a guide needs"
                    ),
                    problem_mark=node.start_mark,
                )
            expanded[key] = (values, chars)
            continue
        if key in expanded:
            continue
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                error = YAMLTooCostly(
                    problem="an alias (*name) inside its own anchor (&name) makes a value that contains itself",
                    problem_mark=child.start_mark,
                )
                error.fix = "Remove the alias, or write the value out."
                raise error
            if id(child) not in expanded:
                stack.append((child, False))
