"""What is published is what was checked: every HTML file the build writes passes this one gate.

The gate parses the file as a browser does (lexbor, an HTML5-conformant parser, through
selectolax), judges that tree against an allowlist (the content's elements, the theme's, and
nothing that runs, redirects or loads from elsewhere), and writes that same tree out. A page that
one parser reads one way and a browser another (foreign content, comments, raw text) cannot pass:
the browser reads what was judged, and a tree whose serialisation reads back differently is
refused. The content itself was cleaned earlier (checks/safety.py); this gate also covers what the
theme, its overrides, mkdocs.yml values and plugins such as print-site put around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from guide.checks.safety import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DANGEROUS_SCHEMES,
    MARKUP_IN_VALUE,
    SEARCH_EXCLUDE,
    UNSAFE_STYLE,
    Finding,
    dedupe,
    is_bare,
)
from guide.content.urls import scheme_of
from guide.outputs.html_fixes import is_known
from guide.problems import Problem

# The theme's own elements around the content (Material, print-site, the guide's templates).
THEME_TAGS = frozenset(
    {
        "html",
        "head",
        "body",
        "title",
        "meta",
        "link",
        "script",
        "style",
        "header",
        "footer",
        "main",
        "article",
        "form",
        "input",
        "label",
        "button",
        "svg",
        "img",
    }
)
# Icons: plain shapes only. No <style>, <title>, <desc>, <foreignObject>, <a>, <use>, <image> or
# animation in an SVG: those are where a browser and a parser disagree, or where SVG loads or runs.
SVG_TAGS = frozenset({"svg", "path", "g", "circle", "ellipse", "line", "polygon", "polyline", "rect"})
SVG_ATTRIBUTES = frozenset(
    {
        "xmlns",
        "viewbox",
        "d",
        "fill",
        "fill-rule",
        "clip-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "transform",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "points",
        "width",
        "height",
        "focusable",
        "opacity",
    }
)
THEME_ATTRIBUTES = {
    "html": {"lang", "class", "dir"},
    "meta": {"charset", "name", "content", "http-equiv"},
    "link": {"rel", "href", "type", "sizes", "media", "hreflang", "title"},
    "script": {"src", "type", "defer", "async", "id"},
    "style": {"media"},
    "form": {"name"},
    "input": {
        "type",
        "name",
        "id",
        "placeholder",
        "autocapitalize",
        "autocomplete",
        "autocorrect",
        "spellcheck",
        "required",
        "checked",
        "value",
    },
    "label": {"for", "tabindex"},  # a section of the navigation (Material: 0, or empty in navigation.sections)
    "button": {"type", "tabindex"},
    "a": {"target"},  # the header's link to the repository (repo_url)
    "img": {"decoding"},
    "div": {"tabindex"},
}
INPUT_TYPES = frozenset({"text", "search", "checkbox", "radio", "hidden", "button"})
# <meta name> values that describe the page; a <meta http-equiv> may only add a policy.
META_NAMES = frozenset(
    {"viewport", "description", "author", "generator", "referrer", "theme-color", "color-scheme", "robots"}
)
META_HTTP_EQUIV = frozenset({"content-security-policy"})
# <link rel> values that name an address (which may be another site's) rather than load it.
LINK_NAMES_ONLY = frozenset({"canonical", "alternate", "author", "license", "prev", "next", "search"})
LINK_LOADS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload", "modulepreload"})
SCRIPT_TYPES = frozenset({"", "text/javascript", "module"})
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
ATTRIBUTE_NAME = re.compile(r"[a-z][a-z0-9_.:-]*\Z")
STYLE_LOADS = re.compile(r"@import|url\s*\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)|expression\s*\(", re.IGNORECASE)
HTML_SUFFIXES = frozenset({".html", ".htm"})
SITEMAP = "sitemap.xml"  # MkDocs' own, from the pages' addresses (which it escapes)
# Files a browser would read as markup (and could run script from) wherever they are published.
MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".mht", ".mhtml", ".xml"})


@dataclass
class Published:
    """One file as the gate wrote it: its text, with nothing refused left in it, and what was
    refused (each refusal is an error: the file is not published)."""

    html: str
    findings: list[Finding] = field(default_factory=list)


def publishable(html: str, rereadings: int = 3) -> Published:
    """The file as a browser reads it, judged, and written out from that same tree without what
    was refused (so that even a reader of a failed build's files gets nothing of it)."""
    tree = LexborHTMLParser(html)
    findings, removed = [], []
    foreign = _foreign_content(tree)
    for node in tree.root.traverse(include_text=False):
        tag = node.tag
        if tag == "-comment":
            removed.append(node)  # nothing a reader needs; no comment survives to be read another way
        elif not tag.startswith("-"):
            refused, attributes = _element(node, tag, foreign.get(node.mem_id))
            findings += refused + [finding for _, finding in attributes]
            # A script whose address was refused would stand as an empty inline script: it goes.
            if refused or (tag == "script" and any(name.lower() == "src" for name, _ in attributes)):
                removed.append(node)
            for name, _ in attributes:
                if name in node.attrs:
                    del node.attrs[name]
    for node in reversed(removed):  # innermost first: a node is never touched after its parent went
        node.decompose()
    written = tree.html or ""
    reread = LexborHTMLParser(written).html or ""
    if reread != written:
        findings.append(
            Finding("unsafe-html", "HTML that a browser would read differently when it reads it again", "<")
        )
        # Refused; what is written is the tree as it is read again, judged again, until it stays.
        if rereadings:
            again = publishable(reread, rereadings - 1)
            written, findings = again.html, findings + again.findings
    return Published(written, dedupe(findings))


def _foreign_content(tree) -> dict[int, str]:
    """Each element inside an <svg> or <math> (the parser's foreign content), by its node's
    identity: 'svg' or 'math', the nearest one's. Found once per tree, not by climbing from
    every element: the containers in document order, so an inner one's elements are marked last."""
    inside: dict[int, str] = {}
    for container in tree.css("svg, math"):
        for node in container.traverse(include_text=False):
            if node.mem_id != container.mem_id:
                inside[node.mem_id] = container.tag
    return inside


def _element(node, tag: str, foreign: str | None) -> tuple[list[Finding], list[tuple[str, Finding]]]:
    """What is refused of an element: the element itself, or some of its attributes."""
    if foreign == "math" or tag == "math":
        return [
            Finding("unsafe-html", "a <math> element (mathematics markup is read differently by browsers)", "<math")
        ], []
    if foreign == "svg" or tag == "svg":
        if tag not in SVG_TAGS:
            return [Finding("unsafe-html", f"a <{tag}> inside an <svg> (icons hold plain shapes only)", f"<{tag}")], []
        return [], _attributes(node, tag, SVG_ATTRIBUTES | ALLOWED_ATTRIBUTES["*"])
    if tag not in ALLOWED_TAGS and tag not in THEME_TAGS:
        return [Finding("unsafe-html", f"a <{tag}> element", f"<{tag}")], []
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set()) | THEME_ATTRIBUTES.get(tag, set())
    return _element_rules(node, tag), _attributes(node, tag, allowed)


def _attributes(node, tag: str, allowed) -> list[tuple[str, Finding]]:
    found = []
    for raw_name, value in node.attributes.items():
        if finding := _attribute(tag, raw_name.lower(), value or "", allowed):
            found.append((raw_name, finding))
    return found


def _attribute(tag: str, name: str, value: str, allowed) -> Finding | None:
    if name.startswith("on"):
        return Finding("unsafe-html", f"an event handler ({name}) on <{tag}>", name)
    if not ATTRIBUTE_NAME.match(name) or not (name in allowed or name.startswith(("aria-", "data-"))):
        return Finding("unsafe-html", f"the attribute {name[:40]!r} on <{tag}>", name[:30])
    if name == SEARCH_EXCLUDE and not is_bare(name, value):
        return Finding("unsafe-html", f"a value in {name}={value[:30]!r} on <{tag}> (write it bare)", name)
    if MARKUP_IN_VALUE.search(value):
        return Finding(
            "unsafe-html",
            f"markup in the {name} of <{tag}> ({' '.join(value.split())[:60]!r}), which the theme or a "
            "browser could read as HTML",
            value.strip()[:20],
        )
    if name == "style" and UNSAFE_STYLE.search(value):
        return Finding("unsafe-html", f"a style that is not allowed ('{value[:60]}')", value[:40])
    if name in URL_ATTRIBUTES:
        return _address(tag, name, value)
    return None


def _address(tag: str, name: str, value: str) -> Finding | None:
    scheme = scheme_of(value)
    elsewhere = bool(scheme) or value.strip().startswith(("//", "\\\\", "/\\", "\\/"))
    if scheme in DANGEROUS_SCHEMES or (scheme and scheme not in SAFE_SCHEMES):
        return Finding("unsafe-html", f"a '{scheme}:' address in <{tag} {name}>", value.strip()[:40])
    if elsewhere and name == "src":
        return Finding("unsafe-html", f"a <{tag}> loaded from another site ('{value[:80]}')", value.strip()[:40])
    return None


# The elements _element_rules has rules for.
RULED_TAGS = frozenset(["meta", "script", "style", "link", "input", "form"])


def _element_rules(node, tag: str) -> list[Finding]:
    """What the theme's own elements may do."""
    if tag not in RULED_TAGS:
        return []
    attrs = {k.lower(): v or "" for k, v in node.attributes.items()}
    if tag == "meta":
        equiv = attrs.get("http-equiv", "").strip().lower()
        if ("http-equiv" in attrs and equiv not in META_HTTP_EQUIV) or (
            "name" in attrs and attrs["name"].strip().lower() not in META_NAMES
        ):
            what = f'http-equiv="{equiv[:30]}"' if "http-equiv" in attrs else f'name="{attrs["name"][:30]}"'
            return [Finding("unsafe-html", f"a <meta {what}>", "http-equiv" if "http-equiv" in attrs else "name")]
    elif tag == "script":
        kind = attrs.get("type", "").strip().lower()
        if kind in DATA_SCRIPT_TYPES:
            return []
        if kind not in SCRIPT_TYPES:
            return [Finding("unsafe-html", f'a script of type "{kind[:30]}"', "type")]
        if "src" not in attrs and not is_known(node.text(deep=True)):
            body = node.text(deep=True)
            return [
                Finding(
                    "unsafe-html",
                    f"an inline script that is not one of the theme's own ({' '.join(body.split())[:60]!r})",
                    body.strip()[:30],
                )
            ]
    elif tag == "style":
        body = node.text(deep=True)
        if STYLE_LOADS.search(body):
            return [Finding("unsafe-html", "a style sheet that loads from another site or runs code", "<style")]
    elif tag == "link":
        rel = set(attrs.get("rel", "").lower().split())
        href = attrs.get("href", "").strip()
        if not rel or not rel <= LINK_NAMES_ONLY | LINK_LOADS:
            return [Finding("unsafe-html", f'a <link rel="{attrs.get("rel", "")[:30]}">', "rel")]
        if rel & LINK_LOADS and (scheme_of(href) or href.startswith("//")):
            return [Finding("unsafe-html", f"a <link> loaded from another site ('{href[:80]}')", href[:40])]
    elif tag == "input" and attrs.get("type", "text").strip().lower() not in INPUT_TYPES:
        return [Finding("unsafe-html", f'an <input type="{attrs.get("type", "")[:20]}">', "type")]
    elif tag == "form" and ({"action", "method", "target"} & attrs.keys()):
        return [Finding("unsafe-html", "a form that sends what a reader types elsewhere", "<form")]
    return []


def is_markup_file(path: Path) -> bool:
    """A file a browser would read as markup (and could run script from)."""
    return path.suffix.lower() in MARKUP_SUFFIXES


def unreadable_markup(shown: str) -> Problem:
    """A published file a browser reads as markup that the gate cannot judge (SVG, XHTML, XML)."""
    return Problem(
        "unsafe-html",
        shown,
        0,
        f"The file '{Path(shown).name}' would be published as it is, and browsers read it as markup that can run script.",
        "Remove it, or use a PNG or JPEG image instead of an SVG; pages are Markdown files.",
    )
