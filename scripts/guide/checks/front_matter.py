"""Each page's front matter: valid YAML with the keys and types the guide needs, and only
templates and icons the theme has. (The rules for each key: guide/frontmatter.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problem, Severity, did_you_mean
from .base import Check


class FrontMatter(Check):
    kinds = {
        "frontmatter-yaml": Severity.ERROR,
        "frontmatter-missing": Severity.ERROR,
        "frontmatter-type": Severity.ERROR,
        "frontmatter-date": Severity.ERROR,
        "frontmatter-unknown-key": Severity.ERROR,
        "frontmatter-template": Severity.ERROR,
    }

    def on_page(self, page):
        problems = list(page.read_problems)
        if page.front is None:
            return problems
        data, line, dirs = page.front.data, page.front.lines.get, self.context.theme_dirs
        template = data.get("template")
        if isinstance(template, str) and not template_exists(template, dirs):
            problems.append(
                Problem(
                    "frontmatter-template",
                    page.path,
                    line("template", 2),
                    f"The template '{template}' does not exist.",
                    "Remove the 'template' line to use the theme's page layout."
                    + did_you_mean(template, sorted({p.name for d in dirs for p in Path(d).glob("*.html")})),
                )
            )
        icon = data.get("icon")
        if isinstance(icon, str) and not icon_exists(icon, dirs):
            problems.append(
                Problem(
                    "frontmatter-type",
                    page.path,
                    line("icon", 2),
                    f"The icon '{icon}' does not exist.",
                    "Use an icon of the theme, e.g. icon: material/information-outline, or remove it.",
                )
            )
        return problems


def template_exists(name: str, theme_dirs: list[str]) -> bool:
    """A template of the theme (or its overrides) by a plain file name, e.g. 'main.html'."""
    return bool(re.fullmatch(r"[A-Za-z0-9_-]+\.html", name)) and any(
        (Path(folder) / name).is_file() for folder in theme_dirs
    )


def icon_exists(name: str, theme_dirs: list[str]) -> bool:
    return any((Path(folder) / ".icons" / f"{name}.svg").is_file() for folder in theme_dirs)
