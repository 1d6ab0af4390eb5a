"""Each page's front matter: valid YAML with the keys and types the guide needs, and only
templates and icons the theme has. (The rules for each key: guide/content/frontmatter.py.)"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from guide.checks.base import Check
from guide.problems import Problem, Severity, did_you_mean


class FrontMatter(Check):
    kinds = {
        "frontmatter-yaml": Severity.ERROR,
        "frontmatter-missing": Severity.ERROR,
        "frontmatter-type": Severity.ERROR,
        "frontmatter-date": Severity.ERROR,
        "frontmatter-unknown-key": Severity.ERROR,
        "frontmatter-template": Severity.ERROR,
    }

    def on_page_markdown(self, page):
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
                    "Use an icon of the theme (listed at https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/),"
                    " e.g. icon: material/information-outline, or remove it."
                    + did_you_mean(icon, icons_like(icon, dirs)),
                )
            )
        return problems


def template_exists(name: str, theme_dirs: list[str]) -> bool:
    """A template of the theme (or its overrides) by a plain file name, e.g. 'main.html'."""
    return bool(re.fullmatch(r"[A-Za-z0-9_-]+\.html", name)) and any(
        (Path(folder) / name).is_file() for folder in theme_dirs
    )


def icon_folders(theme_dirs: list[str]) -> list[Path]:
    """Where the theme finds a page's icon: each theme folder's .icons/ (the project's overrides
    first), and Material's own icon set (material, fontawesome, octicons, simple), also for a
    check, whose lean theme is not Material."""
    folders = [Path(folder) / ".icons" for folder in theme_dirs]
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.origin:
        folders.append(Path(spec.origin).parent / "templates" / ".icons")
    return list(dict.fromkeys(folders))


def icon_exists(name: str, theme_dirs: list[str]) -> bool:
    """A name Material would find (frontmatter.ICON_NAME checked that it stays in the folder)."""
    return any((folder / f"{name}.svg").is_file() for folder in icon_folders(theme_dirs))


def icons_like(name: str, theme_dirs: list[str]) -> list[str]:
    """The icons of the set the name starts with ('material/...'), for "Did you mean"."""
    set_name = name.split("/", 1)[0]
    return sorted(
        {
            f"{set_name}/{path.relative_to(folder / set_name).with_suffix('').as_posix()}"
            for folder in icon_folders(theme_dirs)
            if set_name and (folder / set_name).is_dir()
            for path in (folder / set_name).rglob("*.svg")
        }
    )
