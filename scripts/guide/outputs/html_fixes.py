"""Finishing touches on every built HTML page: safe external links and a strict security policy.

Plain functions over the page's text. What only the theme needs is in theme_fixes; this module
allows the inline scripts it knows (the guide's own, Material's, print-site's) by their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re

from guide.theme_fixes import material, print_site

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
EXTERNAL_LINK = re.compile(r'<a\b(?![^>]*\brel=)([^>]*\bhref="(?:https?:)?//[^"]*")')
CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>', re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json")

# The guide's own (review_html.with_status_script): shows what data-guide-due keeps hidden (the
# "may be out of date" notice) once the reader's own clock has passed the due date, on any copy,
# at any later date, also over file://.
REVIEW_STATUS = (
    '(function(){var d=new Date(),t=d.getFullYear()+"-"+("0"+(d.getMonth()+1)).slice(-2)+"-"'
    '+("0"+d.getDate()).slice(-2);document.querySelectorAll("[data-guide-due]").forEach('
    'function(e){if(t>e.getAttribute("data-guide-due")){e.hidden=false}})})();'
)


def is_known(body: str) -> bool:
    """The only inline code a page may run: the guide's own script, and the theme's and
    print-site's, as the versions in theme_fixes write them. Any other (from content, an override,
    or a theme upgrade) is an error, and the policy refuses it."""
    return body == REVIEW_STATUS or material.is_theme_script(body) or print_site.is_plugin_script(body)


def csp_hash(body: str) -> str:
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def external_links_noopener(html: str) -> str:
    """Links to other sites open nothing back to us and send no referrer."""
    return EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer"\1', html)


def inline_scripts(html: str) -> list[str]:
    """The body of every inline script that runs (not JSON data blocks)."""
    bodies = []
    for attributes, body in INLINE_SCRIPT.findall(html):
        kind = re.search(r'type="([^"]+)"', attributes)
        if not (kind and kind.group(1) in DATA_TYPES):
            bodies.append(body)
    return bodies


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of the page's inline scripts that are known (is_known): any other inline script
    is refused by the policy, whatever the page holds."""
    return sorted({csp_hash(body) for body in inline_scripts(html) if is_known(body)})


def content_security_policy(html: str) -> str:
    """Scripts only from this site or the theme's known inline ones; nothing from another host."""
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",  # the theme sets style attributes; scripts stay strict
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


# What the page's own changes (Build.on_post_page: the status script, material.fix_page, harden)
# look for in the whole page, beyond one element: a part of a page that holds none of it, and
# whose tags are all closed, is changed alike on its own and in the page (theme_fixes/nav_cache.py).
WHOLE_PAGE_MARKERS = (
    "<script",
    "</script",
    "<meta",
    "<!",
    "<?",
    "</body",
    "data-guide-due",
    "workers/search",
    "guide-search.js",
)
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*?(/?)>")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


def stands_alone(html: str) -> bool:
    """Whether a part of a page is changed and parsed alike on its own and in the page: none of
    WHOLE_PAGE_MARKERS, every '<' and '>' part of a tag, and every element closed in it."""
    lower = html.lower()
    if any(marker in lower for marker in WHOLE_PAGE_MARKERS):
        return False
    tags = TAG.findall(html)
    if not len(tags) == html.count("<") == html.count(">"):
        return False
    open_elements = []
    for closing, name, self_closing in tags:
        name = name.lower()
        if closing:
            if not open_elements or open_elements.pop() != name:
                return False
        elif name not in VOID_ELEMENTS and not self_closing:
            open_elements.append(name)
    return not open_elements


def harden_part(html: str) -> str:
    """What harden does to the part of a page (one that stands_alone): its external links."""
    return external_links_noopener(material.valid_markup_fragment(html))


def harden(html: str) -> str:
    """A Content-Security-Policy and no referrer, in the page's <head>."""
    html = external_links_noopener(html)
    policy = content_security_policy(html)
    metas = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy}"><meta name="referrer" content="no-referrer">'
    )
    match = CHARSET.search(html)
    if not match:
        return html
    return html[: match.end()] + metas + html[match.end() :]
