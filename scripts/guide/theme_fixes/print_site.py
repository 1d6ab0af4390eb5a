"""Workarounds for mkdocs-print-site-plugin (2.9): repairs of the print page it writes, and what
the guide reads of its markup. Each is checked against the print page, and stops the build with
ThemeDrift when an upgrade changed what it repairs.

- relative_base: it sets the theme's "base" to the site's root path, so search breaks under
  file:// (print-site issue 77), and its theme scope likewise: the print page's relative path
  to the root instead.
- cover: its cover is a Jinja template without the build's facts: the guide's cover goes into
  the template's placeholder (overrides/partials/print-cover.html).
- heading_number: its sections carry a made-up attribute, heading-number: data-heading-number.
- style_in_body: it writes a <style> at the end of <body>, where HTML allows none: moved to <head>.
- in_page_links: it prefixes every in-page link with the page's key but only some ids (its regex
  misses a <sup> that follows other tags on a line), so footnote back-links point nowhere: each
  such link points at the id that exists. Its sections (<section class="print-page" id="key">)
  also tell the link check which page a problem on the print page comes from.
- toc_label: the theme's table of contents has a label for a toggle the print page lacks (the
  print page is not in the navigation): the label loses its `for`.
- inline_script: its inline script (drawing the contents), allowed by hash in the policy.
- contents: the PDF numbers the contents it draws (#print-page-toc).
- href_links: it decodes each link's address (html.unescape) and writes it back as it is, after
  the content was cleaned: '#&quot;&gt;&lt;meta ...' became live markup on the print page, and so
  in the PDFs. While it writes the print page, a copy of its urls.fix_href_links that escapes the
  address it writes back (and takes 'page.md#a#b' without its assert) stands in for it.
- written_once: it writes the print page at the end of its on_post_build; the guide's repairs
  and what every page gets are done to the page it is about to write (its module's write_file,
  for that one write), instead of reading the file back and writing it a second time.
- anchor_ids: its pattern for an element with an id (urls.update_anchor_ids) makes Python's
  regex engine try every shorter tag name again up to the line's end: a sixth of a 1,000-page
  build. While it writes the print page, a copy of that function with a pattern that finds the
  same matches (tests/test_print_site_anchor_ids.py) stands in for it.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import inspect
import re
from collections.abc import Callable
from pathlib import Path

from guide.theme_fixes.workaround import Workaround

RELATIVE_BASE = Workaround("print_site.relative_base")
COVER = Workaround("print_site.cover")
HEADING_NUMBER = Workaround("print_site.heading_number")
STYLE_IN_BODY = Workaround("print_site.style_in_body")
IN_PAGE_LINKS = Workaround("print_site.in_page_links")
TOC_LABEL = Workaround("print_site.toc_label")
INLINE_SCRIPT = Workaround("print_site.inline_script")
CONTENTS = Workaround("print_site.contents")
ANCHOR_IDS = Workaround("print_site.anchor_ids")
HREF_LINKS = Workaround("print_site.href_links")
WRITTEN_ONCE = Workaround("print_site.written_once")
SECTION_LINK_TITLE = Workaround("print_site.section_link_title")

# The print page with directory URLs (the website) and without (the offline copy).
PRINT_PAGES = ("print_page/index.html", "print_page.html")
BASE = re.compile(r'"base":\s*"[^"]*"')
SCOPE = re.compile(r'__md_scope=new URL\("[^"]*",location\)')
COVER_PLACEHOLDER = '<div class="guide-cover" data-guide-cover></div>'  # overrides/partials/print-cover.html
HEADING_NUMBER_ATTRIBUTE = re.compile(r"(\s)heading-number=")
STYLE_AFTER_PAGES = re.compile(r"(?<=</div>)<style>.*?</style>", re.DOTALL)
SECTION = re.compile(r"""<section class=["']print-page[^"']*["'] id=["']""")
SECTION_CLASS = "print-page"
ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'href="#([^"]+)"')
LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
TOC_LIST = 'data-md-component="toc"'  # Material's table of contents (partials/toc.html)
TOC_LABEL_FOR = 'for="__toc"'
# print-site 2.9, plugin.py: hides the theme's navigation, and draws the contents when it has them.
SCRIPT = "\n        document.addEventListener('DOMContentLoaded', function () {\n            %s\n        })\n        "
PLUGIN_SCRIPTS = frozenset(
    {
        SCRIPT % "remove_material_navigation();remove_mkdocs_theme_navigation();generate_toc();",
        SCRIPT % "remove_material_navigation();remove_mkdocs_theme_navigation();",
    }
)
# print-site 2.9, renderer.py: a section's heading links to itself under an English title.
SECTION_HEADING_LINK = re.compile(
    r"""(<a class=["']headerlink["'] href=["']#section-[^"']*["'] title=)["']Permanent link["']"""
)
CONTENTS_BOX = "#print-page-toc"
CONTENTS_LINKS = f"{CONTENTS_BOX} a[href^='#']"  # drawn by its script from the theme's contents


# A translation's print page (issue 26): print_page.es.html, print_page/index.es.html.
LANGUAGE_PRINT_PAGE = re.compile(r"print_page(?:/index)?\.[a-z]{2,3}(?:-[a-z]{2})?\.html")


def is_print_page(rel: str) -> bool:
    """Whether a built file (relative to the site) is the print page, or a language's."""
    return rel in PRINT_PAGES or bool(LANGUAGE_PRINT_PAGE.fullmatch(rel))


def page_key(url: str) -> str:
    """A page's prefix on the print page, as print-site makes it (urls.get_page_key):
    '' -> index, 'relapses/' -> relapses."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


def section_of(el) -> str | None:
    """The key of the page an element of the print page came from: its <section class="print-page" id="key">."""
    for parent in el.iterancestors("section"):
        if SECTION_CLASS in (parent.get("class") or "").split() and parent.get("id"):
            return parent.get("id")
    return None


def is_plugin_script(body: str) -> bool:
    return body in PLUGIN_SCRIPTS


def fix(
    html: str,
    name: str,
    cover: str,
    finish: Callable[[str, str], str] = lambda html, name: html,
    start: Callable[[str], str] = lambda html: html,
) -> str:
    """The print page as print-site made it (name: its file in the site), repaired; start(html):
    what the guide does to it first; finish(html, name): what the guide does to it then, as to
    every page."""
    return finish(repair(start(html), name, cover), name)


# ---- written_once ----

PLUGIN_FILE = "mkdocs_print_site_plugin/plugin.py"
# How print-site 2.9 writes the print page at the end of its on_post_build.
WRITES_PRINT_PAGE = 'write_file(html.encode("utf-8", errors="xmlcharrefreplace"), self.print_page.file.abs_dest_path)'


class PrintPageWriter:
    """The print page written once: print-site's own write of it (its module's write_file, at
    the end of its on_post_build) is given the page as the guide finished it (`finish(html,
    name)`: the repairs above, then what every page gets), instead of the guide reading the file
    back and writing it again. Installed when print-site's renderer starts the print page, gone
    once the page is written; `written` says whether it was."""

    def __init__(self, plugin, finish: Callable[[str, str], str]):
        from mkdocs_print_site_plugin import plugin as printer_module

        source = inspect.getsource(type(plugin).on_post_build)
        WRITTEN_ONCE.expect(
            WRITES_PRINT_PAGE in source and getattr(printer_module, "write_file", None) is not None,
            PLUGIN_FILE,
            f"its on_post_build ending with {WRITES_PRINT_PAGE}",
        )
        self.plugin, self.finish = plugin, finish
        self.original = printer_module.write_file
        self.written: str | None = None  # the print page's name in the site, once written

    def install(self) -> None:
        from mkdocs_print_site_plugin import plugin as printer_module

        if self.written is None:  # print-site run again (a language's print page) writes as it would
            printer_module.write_file = self.write_file

    def remove(self) -> None:
        from mkdocs_print_site_plugin import plugin as printer_module

        if printer_module.write_file == self.write_file:
            printer_module.write_file = self.original

    def check_written(self, site_dir: Path) -> None:
        """After print-site's on_post_build: the print page it wrote went through finish."""
        self.remove()
        wrote = [name for name in PRINT_PAGES if (site_dir / name).is_file()]
        WRITTEN_ONCE.expect(
            not wrote or self.written, PLUGIN_FILE, f"its write of the print page ({WRITES_PRINT_PAGE})"
        )

    def write_file(self, content: bytes, output_path: str) -> None:
        try:
            page = self.plugin.print_page.file
            if output_path == page.abs_dest_path:
                # As print-site wrote it (characters UTF-8 cannot hold as references) and as a file
                # read back as text has its line ends, then ours.
                text = content.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
                html = self.finish(text, page.dest_uri)
                content, self.written = html.encode("utf-8"), page.dest_uri
            self.original(content, output_path)
        finally:
            self.remove()


def repair(html: str, name: str = "print_page.html", cover: str = "") -> str:
    """Every repair of the print page (name: its file in the site, which sets its base)."""
    depth = name.count("/")
    base = "/".join([".."] * depth) if depth else "."
    html, found = BASE.subn(f'"base": "{base}"', html, count=1)
    RELATIVE_BASE.expect(found, name, 'the theme\'s configuration with its "base"')
    # Its theme scope is the site's root path too: under file:// the reader's settings (colour
    # scheme) would not be shared with the other pages.
    html, found = SCOPE.subn(f'__md_scope=new URL("{base}",location)', html, count=1)
    RELATIVE_BASE.expect(found, name, "the theme's scope (__md_scope=new URL(...))")
    if "data-guide-cover" in html:  # the guide's cover template is in use
        COVER.expect(
            COVER_PLACEHOLDER in html, name, f"the cover template's placeholder as written ({COVER_PLACEHOLDER})"
        )
        html = html.replace(COVER_PLACEHOLDER, cover, 1)
    IN_PAGE_LINKS.expect(SECTION.search(html), name, 'a page\'s section (<section class="print-page" id="key">)')
    html, found = HEADING_NUMBER_ATTRIBUTE.subn(r"\1data-heading-number=", html)
    HEADING_NUMBER.expect(found, name, "the heading-number attribute on its sections")
    # Its heading styles come last in <body>, where HTML allows no <style>: move them to <head>.
    styles = STYLE_AFTER_PAGES.findall(html)
    STYLE_IN_BODY.expect(styles, name, "its heading styles (<style>) right after its pages")
    html = STYLE_AFTER_PAGES.sub("", html)
    html = html.replace("</head>", "".join(styles) + "</head>", 1)
    INLINE_SCRIPT.expect(
        any(script in html for script in PLUGIN_SCRIPTS), name, "print-site's inline script as 2.9 wrote it"
    )
    ids = set(ID.findall(html))
    html = HREF.sub(lambda match: _existing_target(match, ids), html)
    # The theme's table of contents has a label for a toggle the print page does not have.
    if TOC_LIST in html and 'id="__toc"' not in html:
        TOC_LABEL.expect(TOC_LABEL_FOR in html, name, f"the label of the theme's table of contents ({TOC_LABEL_FOR})")
    return LABEL_FOR.sub(lambda m: m[0] if m[2] in ids else m[1], html)


def _existing_target(match: re.Match, ids: set[str]) -> str:
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
        if char == "-" and target[i + 1 :] in ids:
            return f'href="#{target[i + 1 :]}"'
    return match[0]


def check_contents(has_box: bool, links: list[str], file: str) -> None:
    """The contents print-site's script draws (copied from the theme's table of contents) has
    links to number, when the print page has contents at all."""
    if has_box:
        CONTENTS.expect(links, file, f"links in its contents ({CONTENTS_LINKS}) once its script ran")


# ---- anchor_ids ----

# print-site 2.9's urls.update_anchor_ids (the sha256 of its source), which update_anchor_ids copies.
UPDATE_ANCHOR_IDS_SHA256 = "0aee9101114eb8e43bc10f04f1a35c31593312fa4b15c436282873e50b64773f"
ANCHOR_IDS_FILE = "mkdocs_print_site_plugin/urls.py"
# Its pattern is <([^\s]+).*?id="([^"]*?)".*?>. Where no id follows a tag on its line, the engine
# gives the greedy tag name back one character at a time and scans to the line's end each time;
# a shorter name can only match where an id=" stands inside the name. So: the name taken whole
# (possessive), unless an id=" stands inside it, then the pattern as it was. The same matches.
_ANCHOR_ID_TAIL = r'.*?id="([^"]*?)".*?>'
ANCHOR_ID_TAG = re.compile(
    r'<(?:(?=[^\s]*?id=")([^\s]+)' + _ANCHOR_ID_TAIL + r"|([^\s]++)" + _ANCHOR_ID_TAIL + ")", re.IGNORECASE
)
ANCHOR_ID_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "sup", "li")


def update_anchor_ids(page_html: str, page_key: str) -> str:
    """print-site 2.9's urls.update_anchor_ids with ANCHOR_ID_TAG: each id of a heading, footnote
    or list item prefixed with the page's key, every copy of the tag replaced (as it does)."""
    result = page_html
    for match in ANCHOR_ID_TAG.finditer(page_html):
        tag, id_text = (match[1], match[2]) if match[1] is not None else (match[3], match[4])
        if tag in ANCHOR_ID_TAGS:
            result = result.replace(match[0], match[0].replace(id_text, page_key + "-" + id_text))
    return result


# ---- href_links ----

# print-site 2.9's urls.fix_href_links (the sha256 of its source), which fix_href_links copies.
FIX_HREF_LINKS_SHA256 = "1c00fff7b1672a7fa967823beb1f6fdc0ebbecc0b75cea4ac8aa5e874fc642fd"
HREF_LINK = re.compile(r"<a\s+([^>]*?\s+)?href=\"(.*?)\"", flags=re.IGNORECASE)


def fix_href_links(page_html: str, page_key: str, page_url: str, directory_urls: bool = False) -> str:
    """print-site 2.9's urls.fix_href_links, writing back each address escaped for its attribute
    (it wrote the decoded address as it was), and reading 'a.md#b#c' as the page a.md's 'b#c'
    (it stopped the build with an assert)."""
    import os

    from mkdocs_print_site_plugin import urls

    for match in HREF_LINK.finditer(page_html):
        url = html_lib.unescape(match.group(2))
        if urls.is_external(url):
            continue
        if urls.is_attachment(url):
            url = urls.get_url_from_root(url, page_url)
            if directory_urls:
                url = os.path.join("..", url)
        elif url.startswith("#"):
            url = "#" + page_key + "-" + url[1:]
        else:
            page, hashed, anchor = urls.get_url_from_root(url, page_url).partition("#")
            url = "#" + urls.get_page_key(page) + ("-" + anchor if hashed else "")
        other = match.group(1)
        written = html_lib.escape(url, quote=True)
        replacement = f'<a href="{written}"' if other is None else f'<a {other.rstrip()} href="{written}"'
        page_html = page_html.replace(match.group(), replacement)
    return page_html


# print-site's own functions that ours stand in for while it writes the print page.
OURS = {
    "update_anchor_ids": (update_anchor_ids, UPDATE_ANCHOR_IDS_SHA256, ANCHOR_IDS),
    "fix_href_links": (fix_href_links, FIX_HREF_LINKS_SHA256, HREF_LINKS),
}


def use_our_url_functions(plugin, writer: PrintPageWriter | None = None, anchor_ids: bool = True) -> None:
    """While the print-site plugin instance's renderer writes the print page, its module's
    update_anchor_ids and fix_href_links are ours (anchor_ids, href_links), and then its write of
    the page is the writer's (written_once); call after its on_config made the renderer.
    anchor_ids (speed.Speed.print_anchor_ids) False: print-site's own update_anchor_ids."""
    from mkdocs_print_site_plugin import urls

    renderer = getattr(plugin, "renderer", None)
    ANCHOR_IDS.expect(renderer is not None, "mkdocs_print_site_plugin/plugin.py", "its renderer after on_config")
    ours_now = {name: value for name, value in OURS.items() if anchor_ids or name != "update_anchor_ids"}
    originals = {}
    for name, (ours, digest, workaround) in ours_now.items():
        original = getattr(urls, name, None)
        if original is None or original is ours:
            raise workaround.drift(ANCHOR_IDS_FILE, f"no longer has its own {name}")
        if hashlib.sha256(inspect.getsource(original).encode()).hexdigest() != digest:
            raise workaround.drift(ANCHOR_IDS_FILE, f"has {name} that is not 2.9's, which print_site.py copies")
        originals[name] = original
    write_combined = renderer.write_combined

    def with_our_url_functions():
        for name, (ours, _, _) in ours_now.items():
            setattr(urls, name, ours)
        try:
            return write_combined()
        finally:
            for name, original in originals.items():
                setattr(urls, name, original)
            if writer is not None:
                writer.install()  # for the one write at the end of print-site's on_post_build

    renderer.write_combined = with_our_url_functions


def section_link_titles(html: str, name: str, title: str) -> str:
    """A print page in another language (issue 26): each section heading's link to itself named
    in that language (print-site names it in English). title: plain text."""
    if not SECTION.search(html) or "md-section" not in html:
        return html  # a navigation without sections
    html, found = SECTION_HEADING_LINK.subn(lambda m: m[1] + '"' + html_lib.escape(title, quote=True) + '"', html)
    SECTION_LINK_TITLE.expect(found, name, "the link of a section's heading (title='Permanent link')")
    return html
