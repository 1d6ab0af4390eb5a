"""Internal links, anchors, ids and images, checked in the built HTML of every page (the Links
check at the end reports them: pages, anchors, images with their alternative text, no link to a draft).

Built HTML is what readers get, so this sees what MkDocs' own validation cannot: the theme,
the print page, the 404 page.
"""

from __future__ import annotations

import html as html_module
import os
import posixpath
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree

from guide.checks.base import Check
from guide.checks.safety import parse_document
from guide.content.urls import is_external, split_url
from guide.problems import Problem, Severity, did_you_mean, line_of
from guide.theme_fixes.nav_cache import Fragment
from guide.theme_fixes.print_site import is_print_page, section_of

# What _SiteFiles.target gives for an address that leaves the built site.
OUTSIDE, ABSOLUTE = "\0outside", "\0absolute"
LEAVES_SITE = {
    OUTSIDE: "points outside the guide's folder",
    ABSOLUTE: "is an absolute path, which breaks on the website and on the offline copy",
}


@dataclass(frozen=True)
class SourcePage:
    """Where a built file came from, for messages with a line number."""

    path: str  # docs/relapses.md
    text: str  # its Markdown


@dataclass
class LinkReport:
    problems: list[Problem] = field(default_factory=list)
    internal_checked: int = 0
    # external address -> [(shown path, line)] where it appears
    external: dict[str, list[tuple[str, int]]] = field(default_factory=lambda: defaultdict(list))


@dataclass(frozen=True)
class BuiltPage:
    ids: frozenset[str]
    duplicate_ids: tuple[str, ...]
    # (address, print-page section) of each a/area; the section names the page it came from
    links: tuple[tuple[str, str | None], ...]
    resources: tuple[tuple[str, str | None], ...]  # src or href of img, script, link
    images_without_alt: tuple[tuple[str, str | None], ...]
    # (length, CRC-32) of the file as written, when parsed before it was written: the link check
    # reads the file again only when it holds something else (a later plugin changed it)
    written: tuple[int, int] | None = None


def written_digest(html: str) -> tuple[int, int]:
    """What identifies a page's file as MkDocs writes it (utils.write_file of the page's text)."""
    return _digest(html.encode("utf-8", errors="xmlcharrefreplace"))


def _digest(data: bytes) -> tuple[int, int]:
    return len(data), zlib.crc32(data)


def _ids(root) -> list[str]:
    """Every id in a parsed page or part, with repeats, and the names of its anchors."""
    return [str(value) for value in root.xpath("//*/@id[. != ''] | //a/@name[. != '']")]


def parse_built_page(
    html: str, spliced: Callable[[str], Fragment | None] | None = None, written: str = "", root=None
) -> BuiltPage:
    """A page's ids, links and images. spliced: the fragment a comment stands for in the page
    (theme_fixes/nav_cache.py), whose ids and links count where the comment is; written: the
    page's text once the fragments are in, as its file will hold it; root: html already parsed
    (safety.parse_document)."""
    if root is None:
        root = parse_document(html)
    ids = _ids(root)
    links = []
    if spliced is None:
        links = [(el.get("href"), section_of(el)) for el in root.iter("a", "area") if el.get("href") is not None]
    else:
        for el in root.iter("a", "area", lxml.etree.Comment):
            if not isinstance(el.tag, str):
                fragment = spliced(el.text or "")
                if fragment is not None:
                    ids += fragment.ids
                    links += fragment.links
            elif el.get("href") is not None:
                links.append((el.get("href"), section_of(el)))
    counts = Counter(ids)
    resources = tuple(
        (el.get("src") or el.get("href"), section_of(el))
        for el in root.iter("img", "script", "link")
        if (el.get("src") or el.get("href")) and el.get("rel") not in ("canonical", "alternate")
    )
    no_alt = tuple(
        (el.get("src", ""), section_of(el))
        for el in root.iter("img")
        if not (el.get("alt") or "").strip() and el.get("role") != "presentation"
    )
    return BuiltPage(
        frozenset(ids),
        tuple(sorted(i for i, n in counts.items() if n > 1)),
        tuple(links),
        resources,
        no_alt,
        written_digest(written) if written else None,
    )


def fragment_links(html: str, root=None) -> tuple[tuple[str, ...], tuple[tuple[str, None], ...]] | None:
    """A part of a page (a navigation item) as the link check counts it: its ids with repeats and
    its links; None when it holds more (images, scripts, styles: those are checked in each page).
    root: the part already parsed, inside <html><body>."""
    if root is None:
        root = parse_document(f"<html><body>{html}</body></html>")
    if any(True for _ in root.iter("img", "script", "link")):
        return None
    ids = _ids(root)
    links = tuple((el.get("href"), None) for el in root.iter("a", "area") if el.get("href") is not None)
    return tuple(ids), links


def source_line(source: SourcePage | None, href: str) -> int:
    """The first line of the Markdown that mentions the link's anchor or page, or 0."""
    if source is None:
        return 0
    url, _, fragment = href.partition("#")
    stem = posixpath.basename(url.rstrip("/")).removesuffix(".html").removesuffix(".md")
    needles = [f"#{fragment}"] if fragment else []
    needles += [f"{stem}.md", stem] if stem and stem != ".." else []
    for needle in needles:
        for number, line in enumerate(source.text.splitlines(), start=1):
            if needle in line:
                return number
    return 0


class _SiteFiles:
    """The built files and folders, listed once: a link check asks about each many times.

    The site may have been built in parts, one folder each: together they are the site.
    """

    def __init__(self, parts: list[Path], base_path: str):
        self.base_path = base_path
        self.files: dict[str, Path] = {}  # path in the site -> file on disk
        self.dirs: set[str] = set()
        for part in parts:
            # os.walk lists files and folders apart, without a stat of each (the preview lists
            # the site again after every save).
            for folder, dirnames, filenames in os.walk(part):
                at = Path(folder)
                prefix = at.relative_to(part).as_posix()
                prefix = "" if prefix == "." else prefix + "/"
                self.dirs.update(prefix + name for name in dirnames)
                for name in filenames:
                    self.files[prefix + name] = at / name
        self._targets: dict[tuple[str, str], str | None] = {}

    def target(self, rel_file: str, url_path: str) -> str:
        """The built file a link points to (relative to site), or OUTSIDE or ABSOLUTE when it
        leaves the site."""
        key = (posixpath.dirname(rel_file), url_path)
        if key not in self._targets:
            self._targets[key] = self._resolve(*key)
        return self._targets[key]

    def _resolve(self, folder: str, url_path: str) -> str:
        if url_path.startswith("/"):
            if not url_path.startswith(self.base_path):
                return ABSOLUTE
            joined = url_path[len(self.base_path) :]
        else:
            joined = posixpath.join(folder, url_path)
        target = posixpath.normpath(joined) if joined else "."
        if target.startswith(".."):
            return OUTSIDE
        if url_path.endswith("/") or target == "." or target in self.dirs:
            target = posixpath.join(target, "index.html") if target != "." else "index.html"
        return target


# For which pages a link's verdict holds (check_site_links): all of the same depth, or of the same folder.
ANY_FOLDER, FOLDER = "any folder", "folder"


def _climbs_out_of(rel: str, path: str) -> bool:
    """Whether a relative path climbs out of all of rel's folders before it goes down (or is
    absolute): then where it leads does not depend on their names, only on how many there are."""
    if path.startswith("/"):
        return True
    depth = rel.count("/")
    for part in path.split("/"):
        if depth == 0:
            return True
        if part == "..":
            depth -= 1
        elif part not in ("", "."):
            return False
    return depth == 0


def _built_page(file: Path, parsed: BuiltPage | None) -> BuiltPage:
    """A page as parsed while it was written, if its file still holds what was written; else
    as its file holds it."""
    if parsed is not None and parsed.written is None:
        return parsed  # parsed by a check that changes nothing after (a lean page)
    data = file.read_bytes()
    if parsed is not None and _digest(data) == parsed.written:
        return parsed
    return parse_built_page(data.decode("utf-8"))


def external_place(
    source: SourcePage | None, href: str, rel: str, site_name: str, data_links: dict[str, tuple[str, int]]
) -> tuple[str, int]:
    """Where to fix an external link: the page that has it, or the data file it came from
    (a reference's address is in the bibliography, not in the pages that cite it)."""
    if source is not None and href not in source.text and href in data_links:
        return data_links[href]
    return (source.path if source else f"{site_name}/{rel}", source_line(source, href))


def check_site_links(
    site: Path | list[Path],
    sources: dict[str, SourcePage],
    site_url: str = "",
    print_sections: dict[str, SourcePage] | None = None,
    parsed: dict[str, BuiltPage] | None = None,
    data_links: dict[str, tuple[str, int]] | None = None,
    drafts: dict[str, str] | None = None,
    content_links: dict[str, set[str]] | None = None,
    only: set[str] | None = None,
) -> LinkReport:
    """Check every HTML file under site (a folder, or the folders it was built in, in parts).

    sources maps a built file to the page it came from; print_sections maps a print-page
    section to its page, so that a problem on the print page names the page and line to fix.
    parsed holds the built pages already parsed while they were written.
    content_links (the preview, which shows drafts in the navigation): the addresses in each
    page's own content; only those are links to a draft, as in a check, whose pages have no
    navigation. only (the preview, after a save): check the links of these built files alone;
    the other pages are as parsed when they were written.
    """
    folders = site if isinstance(site, list) else [site]
    print_sections, parsed, data_links = print_sections or {}, parsed or {}, data_links or {}
    drafts = drafts or {}  # built file -> page: never published, so no published page may link to one
    base_path = urlsplit(site_url).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    report = LinkReport()
    built = _SiteFiles(folders, base_path)
    pages = {
        rel: parsed[rel]
        if only is not None and rel not in only and rel in parsed
        else _built_page(file, parsed.get(rel))
        for rel, file in sorted(built.files.items())
        if rel.endswith(".html")
    }
    site_name = folders[0].name
    page_names = [s.path.rsplit("/", 1)[-1] for s in sources.values()]
    # (page, family) already reported from the page itself; family: "link", "image"
    on_pages: set[tuple[str, str]] = set()
    on_print_page: list[Problem] = []

    def add(kind: str, rel: str, section: str | None, href: str, what: str, fix: str) -> None:
        source = print_sections.get(section) if section else sources.get(rel)
        shown = source.path if source else f"{site_name}/{rel}"
        if section and href.startswith(f"#{section}-"):
            href = "#" + href[len(section) + 2 :]  # the page's own anchor, to find its line
        problem = Problem(kind, shown, source_line(source, href), what, fix)
        if section:
            on_print_page.append(problem)
        else:
            on_pages.add((shown, kind.split("-")[0]))
            report.problems.append(problem)

    def judge(rel: str, where: str, href: str) -> tuple[bool, int, tuple[str, str, str] | None, str]:
        """What a link of page rel comes to: (external, counted as internal, (kind, what, fix) of
        its problem or None, and for which pages it comes to the same: ANY_FOLDER (every page of
        rel's depth), FOLDER (every page of rel's folder) or "" (rel only))."""
        parts = split_url(href)
        if parts is None:
            problem = (
                "link-invalid",
                f"The link '{href}'{where} is not a valid address.",
                "Correct it: a page's .md file name, or a whole web address.",
            )
            return False, 0, problem, ANY_FOLDER
        if is_external(href):
            return True, 0, None, ANY_FOLDER
        if parts.scheme:  # other schemes are reported (and removed) by the safety check
            return False, 0, None, ANY_FOLDER
        path = unquote(parts.path)
        target = rel if not path else built.target(rel, path)
        if target in LEAVES_SITE:
            problem = (
                "link-invalid",
                f"The link '{href}'{where} {LEAVES_SITE[target]}.",
                "Link to a page by its .md file name, with a path relative to this page.",
            )
        elif target in drafts and rel not in drafts and (content_links is None or href in content_links.get(rel, ())):
            problem = (
                "link-to-draft",
                f"The link '{href}'{where} points to {drafts[target]}, a draft, which is not published.",
                'Remove the link until the draft is signed off ("Sign off a page" in the Actions tab), or link to another page.',
            )
        elif target not in pages:
            problem = None
            if target not in built.files:  # else a download, e.g. a PDF
                problem = (
                    "link-page-missing",
                    f"The link '{href}'{where} points to a page that does not exist.",
                    "Link to an existing page's .md file."
                    + did_you_mean(posixpath.basename(path.rstrip("/")) + ".md", page_names),
                )
        else:
            fragment = unquote(parts.fragment)
            problem = None
            if fragment and fragment not in pages[target].ids:
                problem = (
                    "link-anchor-missing",
                    f"The link '{href}'{where} points to '#{fragment}', which is not on {target}.",
                    "Use an anchor that exists on that page." + did_you_mean(fragment, pages[target].ids),
                )
        if not path:
            return False, 1, problem, ""
        return False, 1, problem, ANY_FOLDER if _climbs_out_of(rel, path) else FOLDER

    # Every page repeats the navigation's links: each address is judged once per depth or folder
    # (and kind of page), with what makes its problem's message.
    judgements: dict[tuple, dict] = defaultdict(dict)

    for rel, page in pages.items():
        if only is not None and rel not in only:
            continue
        where = " on the print page" if is_print_page(rel) else ""
        for dup in page.duplicate_ids:
            # On the print page an id is '<page key>-<id>': name the page it came from.
            section = next((key for key in print_sections if dup.startswith(key + "-")), None) if where else None
            add(
                "duplicate-id",
                rel,
                section,
                "#" + dup,
                f"The id '{dup}' is used more than once{where}.",
                "Give each heading or anchor a unique name, so links land in one place.",
            )
        for src, section in page.images_without_alt:
            add(
                "image-alt-missing",
                rel,
                section,
                src,
                f"The image '{src}'{where} has no alt text.",
                "Describe the image in the brackets: ![what it shows](file.png).",
            )
        for resource, section in page.resources:
            parts = split_url(resource)
            if parts is None or parts.scheme or resource.startswith("//"):
                continue  # the safety check reports what is not a file of the site
            target = built.target(rel, unquote(parts.path))
            if target in LEAVES_SITE:
                add(
                    "link-invalid",
                    rel,
                    section,
                    resource,
                    f"The file '{resource}'{where} {LEAVES_SITE[target]}.",
                    "Put the file under docs/ and use a relative path to it.",
                )
            elif target not in built.files:
                add(
                    "image-missing",
                    rel,
                    section,
                    resource,
                    f"The file '{resource}'{where} does not exist.",
                    "Add the file under docs/ or correct its path.",
                )
        folder = posixpath.dirname(rel)
        at_depth = judgements[(folder.count("/") + 1 if folder else 0, where, rel in drafts)]
        in_folder = judgements[(folder, where, rel in drafts)]
        for href, section in page.links:
            verdict = at_depth.get(href) or in_folder.get(href)
            if verdict is None:
                verdict = judge(rel, where, href)
                if verdict[3]:
                    (at_depth if verdict[3] is ANY_FOLDER else in_folder)[href] = verdict
            external, counted, problem, _ = verdict
            if external:
                if not (site_url and href.startswith(site_url)) and not section:
                    source = sources.get(rel)
                    report.external[href].append(external_place(source, href, rel, site_name, data_links))
                continue
            report.internal_checked += counted
            if problem:
                add(problem[0], rel, section, href, problem[1], problem[2])
    for href, places in report.external.items():
        report.external[href] = list(dict.fromkeys(places))  # each place once
    # A page's own broken link breaks its print copy too: report the print page's only when new.
    report.problems += [p for p in on_print_page if (p.path, p.kind.split("-")[0]) not in on_pages]
    return report


# Link targets in Markdown: inline ](target), autolinks <scheme:...>, reference definitions.
MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)\s>]+)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?[ \t]*$",
    re.MULTILINE,
)


def unparsable_targets(path: str, text: str, body_offset: int, markdown: str) -> tuple[str, list[Problem]]:
    """Addresses no parser can read (e.g. 'http://[fe80::1/x') are reported, and blanked in the
    Markdown: MkDocs would stop with a traceback on them."""
    problems, spans = [], []
    for match in MARKDOWN_TARGET.finditer(markdown):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        if split_url(match.group(group)) is None:
            spans.append(match.span(group))
            problems.append(
                Problem(
                    "link-invalid",
                    path,
                    line_of(text, body_offset + match.start()),
                    f"The link '{match.group(group)[:80]}' is not a valid address.",
                    "Correct it: a page's .md file name, or a whole web address.",
                )
            )
    for start, end in reversed(spans):
        markdown = markdown[:start] + markdown[end:]
    return markdown, problems


# An <a href="..."> as the safety check's cleaner writes it (and print-site reads it): the value
# double-quoted, its '"' written &quot;.
_A_HREF = re.compile(r'(<a\s[^>]*?href=)"([^"]*)"', re.IGNORECASE)


def extra_hashes(path: str, text: str, page_html: str) -> tuple[str, list[Problem]]:
    """A link address holds one '#' at most: 'page.md#a#b' points nowhere, and stops
    mkdocs-print-site-plugin while it writes the print page. Each is reported at its line, and
    cut at its second '#'. page_html: the content as cleaned by the safety check (entities such
    as &#35; count as the characters they stand for)."""
    problems: list[Problem] = []

    def cut(match: re.Match) -> str:
        href = html_module.unescape(match.group(2))
        if href.count("#") < 2 or is_external(href):
            return match.group(0)
        first, rest = href.split("#", 1)
        kept = first + "#" + rest.split("#", 1)[0]
        # Its line: raw HTML holds the address as written (a '#' may be written &#35;), Markdown
        # its fragment (the page as name.md).
        found = next((at for at in map(text.find, (href, "#" + rest, kept)) if at >= 0), -1)
        problems.append(
            Problem(
                "link-invalid",
                path,
                line_of(text, found) if found >= 0 else source_line(SourcePage(path, text), href),
                f"The link '{href[:80]}' has more than one '#', so it points nowhere.",
                "Keep one '#', before the heading's anchor: page.md#heading.",
            )
        )
        return f'{match.group(1)}"{html_module.escape(kept)}"'

    return _A_HREF.sub(cut, page_html), problems


class Links(Check):
    kinds = {
        "link-page-missing": Severity.ERROR,
        "link-invalid": Severity.ERROR,
        "link-to-draft": Severity.ERROR,
        "link-anchor-missing": Severity.ERROR,
        "duplicate-id": Severity.ERROR,
        "image-missing": Severity.ERROR,
        "image-alt-missing": Severity.ERROR,
    }
    checks_saved_pages = True

    def on_page_markdown(self, page):
        # A target Python-Markdown cannot parse would stop MkDocs: the build blanked it (build.py).
        return page.findings["unparsable-targets"]

    def on_page_content(self, page):
        return page.findings["extra-hashes"]  # cut at their second '#' by the build (build.py)

    def on_post_build(self, build, site_dir):
        return build.site_links.problems  # followed once by the build (Build.follow_links)
