"""Workarounds for the theme and its plugins, one module each: everything the guide does because
of how Material for MkDocs (material.py) or mkdocs-print-site-plugin (print_site.py) writes a
site, in one place per theme. Moving to another theme (Zensical) is going through these modules.

Each workaround checks that it found what it repairs. When an upgrade changed it, the build stops
with ThemeDrift, one line that names the workaround and the file, instead of the workaround
quietly doing nothing. A repair that may rightly find nothing on some pages (a page without
tooltips) checks where its target must exist: on every page of the theme, or once per build.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.exceptions import PluginError

# What changed when a module's workarounds no longer fit, as its message says.
UPGRADED = {"material": "theme", "print_site": "mkdocs-print-site-plugin"}


class ThemeDrift(PluginError):
    """The theme or a plugin no longer writes what a workaround repairs: one line,
    'theme-drift: <module>.<workaround>: <file> <problem>. <what to do>'.

    A PluginError, so that `mkdocs serve` prints it as it prints a plugin's error."""

    def __init__(self, workaround: str, file: str, problem: str):
        module = workaround.split(".", 1)[0]
        super().__init__(
            f"theme-drift: {workaround}: {file} {problem}. Update scripts/guide/theme_fixes/{module}.py "
            f"for the new {UPGRADED.get(module, 'theme')} version, or remove this workaround."
        )
        # Each part again, for tests, and so that it can be pickled (a split check's processes).
        self.args = (workaround, file, problem)
        self.workaround, self.file = workaround, file


@dataclass(frozen=True)
class Workaround:
    """One workaround of a theme or plugin, by its name in messages, e.g. material.search_worker."""

    name: str

    def drift(self, file: str, problem: str) -> ThemeDrift:
        return ThemeDrift(self.name, file, problem)

    def expect(self, found: object, file: str, what: str) -> None:
        """Stop the build unless `found`: the file no longer contains what the workaround needs."""
        if not found:
            raise self.drift(file, f"no longer contains {what}")
