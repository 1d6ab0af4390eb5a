"""The engine's style sheet for paper (assets/guide-print.css): the printed cover, the handouts'
masthead, Clear Print sizes and large print. Every site that uses the guide plugin gets it, after
its own extra_css, so that another publisher's PDFs have the engine's margins and large print too."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

ENGINE_PRINT_CSS = Path(__file__).resolve().parent.parent / "assets" / "guide-print.css"
PRINT_CSS = "assets/css/guide-print.css"  # where the site publishes it


def add_to_config(config) -> None:
    """Listed last in extra_css: after the site's own styles, as the guide's print rules always were."""
    if PRINT_CSS not in config["extra_css"]:
        config["extra_css"].append(PRINT_CSS)


def file_for(config) -> File:
    """The style sheet as a file of the site (never read from docs/: that place is reserved)."""
    return File.generated(config, PRINT_CSS, abs_src_path=str(ENGINE_PRINT_CSS))
