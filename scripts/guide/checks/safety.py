"""Content safety, judged on the rendered HTML where the browser will see it, with an allowlist
(the Safety check at the end places what was refused, here and at the one gate of
outputs/published_html.py, at its page and line).

Every page's content is cleaned by nh3 (ammonia, which parses HTML as browsers do), so that
whatever a contributor writes, nothing that could run, redirect or load from elsewhere reaches
a reader. What the cleaning took out is reported as `path:line`, found with lxml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import lxml.etree
import lxml.html
import nh3

from guide.checks.base import Check
from guide.content.page_markdown import SEARCH_EXCLUDE
from guide.content.urls import EXTERNAL_SCHEMES, scheme_of
from guide.problems import Problem, Severity, line_of

# What Markdown, its extensions and simple editor HTML produce; anything else is dropped.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "aside",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "nav",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
        "wbr",
    }
)
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "style", "hidden", SEARCH_EXCLUDE})


def is_bare(name: str, value: str) -> bool:
    """Whether a boolean attribute is written bare (``data-search-exclude``, or as HTML also
    allows, with an empty value or its own name)."""
    return value in ("", name)


ALLOWED_ATTRIBUTES = {
    "*": set(GLOBAL_ATTRIBUTES),
    # No target: a link never opens a window that can reach back. tabindex (0 or -1 only): a
    # note's back-link and a heading's permalink leave the tab order (page_html).
    "a": {"href", "name", "rel", "tabindex"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    # The review status that shows itself on the reader's clock (review_html.py).
    "abbr": {"tabindex"},  # a glossary term the keyboard reaches (page_html.reachable_terms)
    "div": {"data-guide-due"},
    "span": {"data-guide-due"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
# What a browser's tokenizer would start a tag, an end tag or a comment with, were it markup.
MARKUP_IN_VALUE = re.compile(r"<[a-zA-Z/!?]")
# An id (a heading's, from attr_list or md_in_html) that the theme may write into a link as it is.
PLAIN_ID = re.compile(r"[\w:.-]+\Z")


def plain_id(value: str) -> str:
    """An id made plain (reported as an error where it was written): what is not a letter, digit,
    '-', '_', ':' or '.' becomes '-'."""
    return re.sub(r"[^\w:.-]+", "-", value).strip("-") or "section"


# Tables align their columns with style="text-align: ..."; an editor may size an image.
STYLE_PROPERTIES = frozenset({"text-align", "width", "height", "max-width"})
# Style values that can load or run something (url(), IE's expression(), escapes that hide them).
UNSAFE_STYLE = re.compile(r"url\s*\(|expression|\\|@import|javascript|behavior|binding", re.IGNORECASE)
# Elements whose content is code or style, dropped with what they hold.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "object",
        "embed",
        "textarea",
        "title",
    }
)
# Schemes that are an attack rather than a typo; other unknown schemes are broken links.
DANGEROUS_SCHEMES = frozenset(
    {"javascript", "vbscript", "data", "blob", "file", "filesystem", "about", "chrome", "view-source", "jar"}
)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "style" and UNSAFE_STYLE.search(value):
        return None
    if attribute == "tabindex" and value not in ("0", "-1"):
        return None  # in the reading order, never ahead of it
    if attribute == SEARCH_EXCLUDE and not is_bare(attribute, value):
        return None
    # The theme's tooltips show a title as HTML: a title holds text only.
    if attribute == "title" and ("<" in value or ">" in value):
        return value.replace("<", "").replace(">", "")
    if attribute in ("id", "name") and not PLAIN_ID.match(value):
        return plain_id(value)  # as the theme's table of contents gets it (material.escape_toc_ids)
    if attribute in URL_ATTRIBUTES and MARKUP_IN_VALUE.search(value):
        return None  # an address print-site writes back decoded (an id stays: the anchor exists)
    # Images come from the guide itself: offline first, and no reader is tracked by another host.
    if tag == "img" and attribute == "src" and (scheme_of(value) or value.strip().startswith("//")):
        return None
    return value


def clean(html: str) -> str:
    """The content with everything outside the allowlist removed (by a browser-grade parser)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        generic_attribute_prefixes={"aria-"},
        attribute_filter=_attribute_filter,
        url_schemes=set(EXTERNAL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
        strip_comments=True,
    )


@dataclass(frozen=True)
class Finding:
    """One thing the allowlist refused: what it is, and a piece of source text to find its line."""

    kind: str  # "unsafe-html", or "link-invalid" for an address with an unknown scheme
    what: str
    needle: str


def _url_finding(tag: str, attribute: str, url: str) -> Finding | None:
    scheme = scheme_of(url)
    if not scheme and not url.strip().startswith("//"):
        return None
    if scheme in DANGEROUS_SCHEMES:
        return Finding("unsafe-html", f"a '{scheme}:' address in <{tag} {attribute}>", url.strip()[:60])
    if tag == "img":
        return Finding("unsafe-html", f"an image from another site ('{url[:80]}')", url[:60])
    if scheme and scheme not in EXTERNAL_SCHEMES:
        return Finding(
            "link-invalid",
            f"the address '{url[:80]}', whose scheme '{scheme}:' is not a web, e-mail or phone address",
            url[:60],
        )
    return None


def _element_findings(el) -> list[Finding]:
    tag = el.tag.lower()
    if tag not in ALLOWED_TAGS:
        return [Finding("unsafe-html", f"a <{tag}> element", f"<{tag}")]
    found = []
    allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
    for name, value in el.attrib.items():
        name = name.lower()
        if name.startswith("on"):
            found.append(Finding("unsafe-html", f"an event handler ({name}) on <{tag}>", name))
        elif name not in allowed and not name.startswith("aria-"):
            found.append(Finding("unsafe-html", f"the attribute '{name}' on <{tag}>", name))
        elif name == "style" and (UNSAFE_STYLE.search(value) or _style_properties(value) - STYLE_PROPERTIES):
            found.append(Finding("unsafe-html", f"a style that is not allowed ('{value[:60]}')", value[:40]))
        elif name == "tabindex" and value not in ("0", "-1"):
            found.append(
                Finding(
                    "unsafe-html", f"a tabindex of {value[:20]!r} on <{tag}>, which changes the reading order", name
                )
            )
        elif name == SEARCH_EXCLUDE and not is_bare(name, value):
            found.append(Finding("unsafe-html", f"a value in {name}={value[:30]!r} on <{tag}> (write it bare)", name))
        elif name in URL_ATTRIBUTES and (finding := _url_finding(tag, name, value)):
            found.append(finding)
        elif name == "title" and ("<" in value or ">" in value):
            found.append(_title_finding(tag, value))
        elif MARKUP_IN_VALUE.search(value):
            found.append(
                Finding(
                    "unsafe-html",
                    f"markup in the {name} of <{tag}> ({' '.join(value.split())[:60]!r}), which the theme or "
                    "print-site could write back as HTML",
                    value.strip()[:20],
                )
            )
        elif name in ("id", "name") and not PLAIN_ID.match(value):
            found.append(
                Finding(
                    "unsafe-html",
                    f"an id that is not a plain name ({value[:60]!r}; the theme writes ids into its links "
                    "as they are: use letters, digits, '-', '_', ':' and '.' only)",
                    value.strip()[:30],
                )
            )
    return found


def _title_finding(tag: str, value: str) -> Finding:
    # Tooltips (Material's content.tooltips) insert the title as HTML: '&lt;meta ...&gt;' in a
    # link title or a glossary definition would become a live element when a reader points at it.
    return Finding(
        "unsafe-html",
        f"HTML in the title of <{tag}> ({' '.join(value.split())[:60]!r}), which tooltips would show as HTML",
        value.strip()[:20],
    )


def _style_properties(style: str) -> set[str]:
    return {part.split(":", 1)[0].strip().lower() for part in style.split(";") if part.strip()}


def _fragment(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _shape(root) -> list:
    """The elements, attributes and words of a parsed fragment, without comments or spacing."""
    shape = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag != "tbody":  # browsers add tbody where lxml does not
            shape.append(
                (
                    el.tag,
                    sorted(
                        (k, _STYLE_SPACING.sub("", v).rstrip(";") if k == "style" else v) for k, v in el.attrib.items()
                    ),
                )
            )
    return shape + " ".join(root.text_content().split()).split()


_STYLE_SPACING = re.compile(r"\s+")


def _comment_findings(root) -> list[Finding]:
    """Comments that a browser ends sooner than lxml ('<!-->', '<!--->', '--!>'): what lxml
    reads as a comment may be live HTML to a reader."""
    return [
        Finding("unsafe-html", "a comment that browsers end early ('<!-->' or '--!>')", "<!--")
        for el in root.iter(lxml.etree.Comment)
        if (el.text or "").startswith((">", "->")) or "--!>" in (el.text or "")
    ]


def parse_document(html: str):
    """A whole page parsed as the scan and the link check read it."""
    return lxml.html.document_fromstring(html or "<html></html>")


def unsafe_content(html: str) -> tuple[str, list[Finding]]:
    """The content as readers get it (always the cleaned HTML: it is what a browser-grade
    parser kept) and what the cleaning had to take out (found with lxml, to name it)."""
    cleaned = clean(html)
    if not html.strip():
        return cleaned, []
    original = _fragment(html)
    findings = [
        f for el in original.iter() if isinstance(el.tag, str) and el is not original for f in _element_findings(el)
    ] + _comment_findings(original)
    if not findings and _shape(original) != _shape(_fragment(cleaned)):
        # The cleaner (which parses as browsers do) took out something lxml did not see.
        findings.append(
            Finding(
                "unsafe-html", "HTML that browsers read differently from how it looks (an unclosed tag or comment)", "<"
            )
        )
    return cleaned, findings


def dedupe(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for finding in findings:
        if (finding.kind, finding.what) not in seen:
            seen.add((finding.kind, finding.what))
            unique.append(finding)
    return unique


class Safety(Check):
    kinds = {"unsafe-html": Severity.ERROR}

    def on_config(self):
        """mkdocs.yml's texts that the theme writes into every page as they are: plain text only
        (a title with HTML could end the element it stands in, before any page is judged)."""
        config = self.context.data_texts.get(self.context.config_file.name, "")
        for what, value in self.context.theme_texts:
            if MARKUP_IN_VALUE.search(value):
                at = config.find(value.strip()[:20])
                yield Problem(
                    "unsafe-html",
                    self.context.config_file.name,
                    line_of(config, at) if at >= 0 else 0,
                    f"The {what} {' '.join(value.split())[:60]!r} holds HTML, which the theme writes into every page as it is.",
                    "Write it as plain text, without '<'.",
                )

    def on_page_markdown(self, page):
        return page.findings["marked-sections"]  # made text by the build (without_marked_sections)

    def on_page_content(self, page):
        findings = page.findings["unsafe-html"]  # what the build's cleaning took out (Build.on_page_content)
        return [locate(finding, page.path, page.text, self.context.data_texts) for finding in dedupe(findings)]


def without_marked_sections(path: str, text: str, markdown: str) -> tuple[str, list[Problem]]:
    """MkDocs reads each page's raw HTML with Python's html.parser, which stops with a traceback
    on a marked section it does not know ('<![x'): found first, said at its line, and made
    text, so that the page is rendered and every other problem in it is told too."""
    try:
        probe = HTMLParser()
        probe.feed(markdown)
        probe.close()
    except AssertionError:
        at = text.find("<![")
        return markdown.replace("<![", "&lt;!["), [
            Problem(
                "unsafe-html",
                path,
                line_of(text, at) if at >= 0 else 0,
                "The page contains '<![', the start of a kind of markup that browsers and MkDocs read differently.",
                "Remove it, or write it as &lt;![ to show it as text.",
            )
        ]
    return markdown, []


def locate(finding: Finding, path: str, source: str, others: dict[str, str] | Iterable = ()) -> Problem:
    """A finding as a problem at the first line that holds its text: in the page, or in another
    file it came from (others: file -> its text; a reference's address, a glossary definition,
    a template, mkdocs.yml)."""
    # As it stands in the file: as it is, or written with entities (which the parser decoded).
    # (An in-page address stands in the file as the id it names.)
    raw = finding.needle.lower()
    needles = [n for n in dict.fromkeys((raw, escape(raw), raw.removeprefix("#"))) if n]
    places = ((path, source), *(others.items() if isinstance(others, dict) else others))
    shown, text, needle = next(
        ((shown, text, n) for shown, text in places for n in needles if n in text.lower()), (path, source, "")
    )
    at = text.lower().find(needle) if needle else -1
    if finding.kind == "link-invalid":
        fix = "Link to a page by its .md file name, or to an http, https, mailto or tel address."
    elif shown.endswith((".md", ".yml", ".yaml")) and not shown.endswith("mkdocs.yml"):
        fix = (
            "Remove it: pages hold Markdown and simple HTML only (no scripts, frames, forms, "
            "styles or event handlers), so that they are safe to publish and print."
        )
    else:
        fix = (
            "Remove it: every published file may hold only the content's simple HTML and the "
            "theme's own elements, so that nothing runs, redirects or loads from elsewhere."
        )
    return Problem(finding.kind, shown, line_of(text, at) if at >= 0 else 0, f"The page contains {finding.what}.", fix)
