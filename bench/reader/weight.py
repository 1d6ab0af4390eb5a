"""The bytes each page of a built site costs a reader: its HTML and the CSS, JS, images, fonts
and search files it loads, raw and gzip -9, with medians across pages."""

from __future__ import annotations

import gzip
import json
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from reader.pages import page_url_path, site_pages

#: Files that servers send as they are (already compressed): their "gzip" size is their size.
_PRECOMPRESSED = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".woff",
    ".woff2",
    ".gz",
    ".zip",
    ".ico",
    ".mp4",
    ".webm",
    ".pdf",
}
_FONT_EXT = {".woff", ".woff2", ".ttf", ".otf", ".eot"}
_IMAGE_EXT = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"}


class _Assets(HTMLParser):
    """Collects what a page loads: stylesheets, scripts, images, icons and Material's config."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (kind, reference)
        self._in_config = False
        self.config_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "link":
            rel = set(a.get("rel", "").lower().split())
            if "stylesheet" in rel and a.get("href"):
                self.refs.append(("css", a["href"]))
            elif rel & {"icon", "shortcut"} and a.get("href"):
                self.refs.append(("img", a["href"]))
            elif rel & {"preload", "modulepreload"} and a.get("href"):
                kind = {"style": "css", "script": "js", "font": "font", "image": "img"}.get(
                    a.get("as", ""), "js" if "modulepreload" in rel else "other"
                )
                self.refs.append((kind, a["href"]))
        elif tag == "script":
            if a.get("src"):
                self.refs.append(("js", a["src"]))
            elif a.get("id") == "__config":
                self._in_config = True
        elif tag in ("img", "source") and (a.get("src") or a.get("srcset")):
            src = a.get("src") or a["srcset"].split(",")[0].strip().split(" ")[0]
            if a.get("loading", "") != "lazy" or tag == "img":
                self.refs.append(("img", src))
        elif tag in ("video", "audio") and a.get("poster"):
            self.refs.append(("img", a["poster"]))

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_config = False


def _gzip_size(file: Path) -> int:
    if file.suffix.lower() in _PRECOMPRESSED:
        return file.stat().st_size
    return len(gzip.compress(file.read_bytes(), compresslevel=9))


def _resolve(site_dir: Path, page_url: str, ref: str) -> Path | str | None:
    """A reference from a page (``page_url`` is its address from the site root, with a leading
    slash) to a file in ``site_dir``; the URL itself when it leaves the site; None for data:."""
    if ref.startswith(("data:", "blob:", "javascript:", "#")):
        return None
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https") or ref.startswith("//"):
        return ref
    target = unquote(urlsplit(urljoin(page_url, ref)).path).lstrip("/")
    candidates = [site_dir / target]
    if "/" in target:  # an absolute path that names the site's base (/guide/...)
        candidates.append(site_dir / target.split("/", 1)[1])
    for c in candidates:
        if c.is_dir():
            c = c / "index.html"
        if c.is_file():
            return c
    return ref


def _css_fonts(css: Path) -> list[Path]:
    """Local font files named in a stylesheet's @font-face rules (the most it could load)."""
    out = []
    text = css.read_text(encoding="utf-8", errors="replace")
    for block in re.findall(r"@font-face\s*{[^}]*}", text):
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", block):
            if ref.startswith("data:") or "://" in ref:
                continue
            target = (css.parent / unquote(ref.split("?")[0].split("#")[0])).resolve()
            if target.is_file() and target.suffix.lower() in _FONT_EXT:
                out.append(target)
    return out


def _page_assets(site_dir: Path, page: Path) -> tuple[dict[Path, str], list[str]]:
    """Files one page loads, each with its kind; and the external URLs it names."""
    page_url = "/" + page.as_posix()
    parser = _Assets()
    parser.feed((site_dir / page).read_text(encoding="utf-8", errors="replace"))
    files: dict[Path, str] = {}
    external: list[str] = []

    def add(kind: str, ref: str) -> None:
        found = _resolve(site_dir, page_url, ref)
        if isinstance(found, Path):
            ext = found.suffix.lower()
            if ext in _FONT_EXT:
                kind = "font"
            elif ext in _IMAGE_EXT and kind == "other":
                kind = "img"
            files.setdefault(found.resolve(), kind)
        elif isinstance(found, str):
            external.append(found)

    for kind, ref in parser.refs:
        add(kind, ref)
    for css in [f for f, k in files.items() if k == "css"]:
        for font in _css_fonts(css):
            files.setdefault(font, "font")
    # Material for MkDocs: the search worker and the index it fetches on every page load.
    if parser.config_text.strip():
        try:
            config = json.loads(parser.config_text)
        except ValueError:
            config = {}
        base = urljoin(page_url, (config.get("base") or ".").rstrip("/") + "/")
        if config.get("search"):
            add("search", urljoin(base, config["search"]))
            for name in ("search/search_index.json", "search/search_index.js"):
                if (site_dir / urljoin(base, name).lstrip("/")).is_file():
                    add("search", urljoin(base, name))
                    break
    return files, external


def page_weight(site_dir: Path) -> dict:
    """What each page of a built MkDocs site costs a reader in bytes, raw and gzip -9.

    For each page (every .html except 404.html): its HTML, plus the stylesheets, scripts, images
    (incl. the favicon), fonts (local @font-face files of its stylesheets: an upper bound) and,
    for Material, the search worker and search index that every page fetches after load. Each
    file counts once per page; gzip sizes are per file (as served), with already-compressed
    formats (png, woff2, ...) counted at their size. Works on any MkDocs site dir.

    Returns ``{"pages": [...], "median": {...}, "site": {...}}``: per page ``path``,
    ``{kind}_bytes`` and ``{kind}_gzip`` for kind in html/css/js/img/font/search, ``total_bytes``,
    ``total_gzip``, ``first_paint_*`` (everything but images, fonts and search: what blocks the
    first render), ``files`` and ``external`` (URLs outside the site: not counted);
    ``median`` of each number over pages; ``site`` has the distinct bytes of all pages and
    assets together.
    """
    site_dir = Path(site_dir)
    kinds = ("html", "css", "js", "img", "font", "search")
    sizes: dict[Path, tuple[int, int]] = {}

    def size(f: Path) -> tuple[int, int]:
        if f not in sizes:
            sizes[f] = (f.stat().st_size, _gzip_size(f))
        return sizes[f]

    rows = []
    for page in site_pages(site_dir):
        files, external = _page_assets(site_dir, page)
        files = {(site_dir / page).resolve(): "html", **files}
        row: dict[str, Any] = {"path": "/" + page_url_path(page)}
        for kind in kinds:
            chosen = [f for f, k in files.items() if k == kind]
            row[f"{kind}_bytes"] = sum(size(f)[0] for f in chosen)
            row[f"{kind}_gzip"] = sum(size(f)[1] for f in chosen)
        other = [f for f, k in files.items() if k not in kinds]
        row["other_bytes"] = sum(size(f)[0] for f in other)
        row["other_gzip"] = sum(size(f)[1] for f in other)
        row["total_bytes"] = sum(size(f)[0] for f in files)
        row["total_gzip"] = sum(size(f)[1] for f in files)
        blocking = [f for f, k in files.items() if k in ("html", "css", "js")]
        row["first_paint_bytes"] = sum(size(f)[0] for f in blocking)
        row["first_paint_gzip"] = sum(size(f)[1] for f in blocking)
        row["files"] = len(files)
        row["external"] = sorted(set(external))
        rows.append(row)
    numeric = [k for k in (rows[0] if rows else {}) if isinstance(rows[0][k], int)]
    median = {k: statistics.median(r[k] for r in rows) for k in numeric}
    site = {
        "pages": len(rows),
        "distinct_files": len(sizes),
        "distinct_bytes": sum(s[0] for s in sizes.values()),
        "distinct_gzip": sum(s[1] for s in sizes.values()),
        "dir_bytes": sum(f.stat().st_size for f in site_dir.rglob("*") if f.is_file()),
    }
    return {"pages": rows, "median": median, "site": site}


def zip_size(path: Path) -> int:
    """The size of a file (e.g. the offline zip) in bytes."""
    return Path(path).stat().st_size
