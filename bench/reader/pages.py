"""The pages of a built MkDocs site, and their addresses: shared by the measurements."""

from __future__ import annotations

from pathlib import Path


def site_pages(site_dir: Path) -> list[Path]:
    """Every page of a built site: each .html file except 404.html, as paths relative to
    ``site_dir``, in a stable order (the home page first)."""
    pages = [
        p.relative_to(site_dir)
        for p in site_dir.rglob("*.html")
        if p.name != "404.html" and "node_modules" not in p.parts
    ]
    return sorted(pages, key=lambda p: (len(p.parts) > 1 or p.name != "index.html", str(p)))


def page_url_path(page: Path) -> str:
    """The address of a page relative to the site root: ``relapses/`` for
    ``relapses/index.html``, ``""`` for the home page, ``x.html`` for other files."""
    posix = page.as_posix()
    if page.name == "index.html":
        return posix[: -len("index.html")]
    return posix
