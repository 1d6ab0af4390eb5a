"""The pages the settings print as handouts exist (checked by `check` too, before any PDF)."""

from __future__ import annotations

from guide.checks.base import Check
from guide.problems import Problem, Severity, did_you_mean


class Handouts(Check):
    kinds = {"handout-missing": Severity.ERROR}

    def on_post_build(self, build, site_dir):
        pages = [p.path.rsplit("/", 1)[-1] for p in build.pages.values()]
        config = self.context.config_file
        lines = config.read_text(encoding="utf-8-sig").splitlines() if config.is_file() else []
        return [
            Problem(
                "handout-missing",
                config.name,
                next((n for n, line in enumerate(lines, 1) if line.strip() == f"- {name}"), 0),
                f"handout_pages lists '{name}', which is not a page.",
                "Correct the list." + did_you_mean(name, pages),
            )
            for name in self.context.settings.handout_pages
            if build.page(name) is None
        ]
