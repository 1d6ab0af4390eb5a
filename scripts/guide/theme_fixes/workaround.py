"""One workaround of the theme or a plugin, and how it stops the build when it no longer fits
(moving to another theme, such as Zensical, is going through the modules beside this one).

Each workaround checks that it found what it repairs. When an upgrade changed it, the build stops
with ThemeDrift, one line that names the workaround and the file, instead of the workaround
quietly doing nothing. A repair that may rightly find nothing on some pages (a page without
tooltips) checks where its target must exist: on every page of the theme, or once per build.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide.errors import ThemeDrift


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
