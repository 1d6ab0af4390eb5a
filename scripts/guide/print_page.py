"""Repairs to the print page that mkdocs-print-site-plugin 2.9 writes.

- It sets the theme's "base" to the site's root path, so search breaks under file://
  (print-site issue 77), and its theme scope likewise: use the print page's relative path to
  the root instead.
- Its cover is a Jinja template without the build's facts: put in the guide's cover.
- Its sections carry a made-up attribute (heading-number) and a <style> at the end of <body>:
  both invalid HTML.
- It prefixes every in-page link with the page's key but only some ids (its regex misses a
  <sup> that follows other tags on a line), so footnote back-links point nowhere: point each
  such link at the id that exists.
- On paper every web address is printed after its link, also when the link's text is already
  the address: mark those links (class guide-url), which print their text alone.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from .html_fixes import harden

PRINT_PAGES = ("print_page/index.html", "print_page.html")
BASE = re.compile(r'"base":\s*"[^"]*"')
ID = re.compile(r'\sid="([^"]+)"')
SCOPE = re.compile(r'__md_scope=new URL\("[^"]*",location\)')
HREF = re.compile(r'href="#([^"]+)"')
LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
ABBR_TITLE = re.compile(r"<abbr(\s[^>]*?)?title=")
HEADING_NUMBER = re.compile(r"(\s)heading-number=")
STYLE_IN_BODY = re.compile(r"(?<=</div>)<style>.*?</style>", re.DOTALL)
TEXT_LINK = re.compile(r"<a(\s[^>]*)>([^<]*)</a>")  # a link whose content is text only
SCRIPT = re.compile(r"(<script\b.*?</script>)", re.DOTALL | re.IGNORECASE)
HREF_VALUE = re.compile(r'\shref="([^"]*)"')
CLASS_VALUE = re.compile(r'\sclass="([^"]*)"')


COVER_PLACEHOLDER = '<div class="guide-cover" data-guide-cover></div>'  # overrides/partials/print-cover.html


def fix(site_dir: Path, cover: str, also=lambda html: html) -> None:
    """Repair the print page; `also` is a further change every page gets (before hardening)."""
    for name in PRINT_PAGES:
        page = site_dir / name
        if page.is_file():
            base = "." if name.count("/") == 0 else "/".join([".."] * name.count("/"))
            html = also(page.read_text(encoding="utf-8"))
            page.write_text(fix_html(html, base, cover), encoding="utf-8")


def fix_html(html: str, base: str, cover: str = "") -> str:
    html = BASE.sub(f'"base": "{base}"', html, count=1)
    # Its theme scope is the site's root path too: under file:// the reader's settings (colour
    # scheme) would not be shared with the other pages.
    html = SCOPE.sub(f'__md_scope=new URL("{base}",location)', html, count=1)
    html = html.replace(COVER_PLACEHOLDER, cover, 1)
    html = HEADING_NUMBER.sub(r"\1data-heading-number=", html)
    # Its heading styles come last in <body>, where HTML allows no <style>: move them to <head>.
    styles = STYLE_IN_BODY.findall(html)
    html = STYLE_IN_BODY.sub("", html)
    html = html.replace("</head>", "".join(styles) + "</head>", 1)
    ids = set(ID.findall(html))

    def repair(match: re.Match) -> str:
        target = match[1]
        if target in ids:
            return match[0]
        # A link to the home page ('../') became '#.': its section is 'index'.
        if target == "." and "index" in ids:
            return 'href="#index"'
        # A link to the top of a page ('#') became '#relapses-': the page's section is 'relapses'.
        if target.endswith("-") and target[:-1] in ids:
            return f'href="#{target[:-1]}"'
        # '#relapses-relapses-fnref-key' -> '#relapses-fnref-key' when only that exists.
        for i, char in enumerate(target):
            if char == "-" and target[i + 1:] in ids:
                return f'href="#{target[i + 1:]}"'
        return match[0]

    html = HREF.sub(repair, html)
    # Made for paper: its abbreviations are spelled out in print, and tooltips on every page's
    # terms at once only slow a phone down.
    html = ABBR_TITLE.sub(r"<abbr\1data-expansion=", html)
    # The theme's table of contents has a label for a toggle the print page does not have.
    html = LABEL_FOR.sub(lambda m: m[0] if m[2] in ids else m[1], html)
    return harden(mark_links_showing_their_address(html))


def shows_its_address(href: str, text: str) -> bool:
    """Whether a link's text already is its address: the same address (scheme, a final slash and
    percent-escapes aside), or doi:X for https://doi.org/X."""
    def bare(address: str) -> str:
        return re.sub(r"^https?://", "", unquote(address.strip())).rstrip("/").casefold()

    text = unescape(text).strip()
    if text.casefold().startswith("doi:"):
        text = "https://doi.org/" + text[4:].strip()
    return bool(text) and bare(unescape(href)) == bare(text)


def mark_links_showing_their_address(html: str) -> str:
    """Add the class guide-url to each web link whose text is its address, so that print does
    not write the address a second time after it."""
    def mark(match: re.Match) -> str:
        attributes, text = match[1], match[2]
        href = HREF_VALUE.search(attributes)
        if not href or not href[1].startswith("http") or not shows_its_address(href[1], text):
            return match[0]
        classes = CLASS_VALUE.search(attributes)
        if classes is None:
            attributes += ' class="guide-url"'
        elif "guide-url" not in classes[1].split():
            attributes = (attributes[:classes.start(1)] + classes[1] + " guide-url"
                          + attributes[classes.end(1):])
        return f"<a{attributes}>{text}</a>"

    # Scripts are left as they are: the inline ones are allowed by the hash of their text.
    parts = SCRIPT.split(html)
    return "".join(part if index % 2 else TEXT_LINK.sub(mark, part) for index, part in enumerate(parts))
