"""Content safety, judged on the rendered HTML where the browser will see it, with an allowlist.

Every page's content is cleaned by nh3 (ammonia, which parses HTML as browsers do), so that
whatever a contributor writes, nothing that could run, redirect or load from elsewhere reaches
a reader. What the cleaning took out is reported as `path:line`, found with lxml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import nh3

from .html_fixes import is_known
from .urls import EXTERNAL_SCHEMES, scheme_of

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
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "style", "hidden"})
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
    # The theme's tooltips show a title as HTML: a title holds text only.
    if attribute == "title" and ("<" in value or ">" in value):
        return value.replace("<", "").replace(">", "")
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
        elif name in URL_ATTRIBUTES and (finding := _url_finding(tag, name, value)):
            found.append(finding)
        elif name == "title" and ("<" in value or ">" in value):
            found.append(_title_finding(tag, value))
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


# In a whole built page, the theme's elements are allowed too, but nothing that runs, redirects
# or loads from another host.
_NEVER_IN_A_PAGE = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
)
_DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
_RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "track": "src",
    "input": "src",
    "link": "href",
}
# <link rel> values that name an address rather than load it.
_LINK_NAMES_ONLY = frozenset({"canonical", "alternate", "author", "license"})


def unsafe_built_page(html: str, root=None) -> list[Finding]:
    """What may not be in any published HTML file, whatever wrote it (content, theme, overrides):
    an inline script that is not the theme's own, an event handler, a javascript: address, a
    refresh or a frame, or anything loaded from another host. root: html already parsed
    (parse_document)."""
    if root is None:
        root = parse_document(html)
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _NEVER_IN_A_PAGE:
            found.append(Finding("unsafe-html", f"a <{tag}> element", f"<{tag}"))
        elif tag == "meta" and (el.get("http-equiv") or "").lower() not in ("", "content-security-policy"):
            found.append(Finding("unsafe-html", f'a <meta http-equiv="{el.get("http-equiv")}">', "http-equiv"))
        elif tag == "script" and not el.get("src") and (el.get("type") or "").lower() not in _DATA_SCRIPT_TYPES:
            if not is_known(el.text or ""):
                found.append(
                    Finding(
                        "unsafe-html",
                        "an inline script that is not one of the theme's own "
                        f"({' '.join((el.text or '').split())[:60]!r})",
                        (el.text or "").strip()[:30],
                    )
                )
        for name, value in el.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(Finding("unsafe-html", f"an event handler ({name}) on <{tag}>", name))
            elif name == "title" and ("<" in value or ">" in value):
                found.append(_title_finding(tag, value))
            elif name in ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"):
                if (
                    name == "srcdoc"
                    or scheme_of(value) in DANGEROUS_SCHEMES - {"data"}
                    or (scheme_of(value) == "data" and tag != "img")
                ):
                    found.append(
                        Finding(
                            "unsafe-html",
                            f"a '{scheme_of(value) or name}' address in <{tag} {name}>",
                            value.strip()[:40],
                        )
                    )
        resource = _RESOURCE_ATTRIBUTES.get(tag)
        if (
            resource
            and el.get(resource)
            and not (tag == "link" and _LINK_NAMES_ONLY & set((el.get("rel") or "").lower().split()))
        ):
            address = el.get(resource).strip()
            if scheme_of(address) in ("http", "https") or address.startswith("//"):
                found.append(
                    Finding("unsafe-html", f"a <{tag}> loaded from another site ('{address[:80]}')", address[:40])
                )
    return dedupe(found)
