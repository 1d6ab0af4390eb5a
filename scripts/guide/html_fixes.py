"""Finishing touches on every built HTML page: valid markup and a strict security policy.

Plain functions over the page's text, so that they work whatever theme wrote the page.
"""

from __future__ import annotations

import re

from .theme_scripts import csp_hash, is_known

# Material writes autocomplete="off" on its checkbox toggles; HTML allows it on text-like inputs only.
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="[^"]*"')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL)
EXTERNAL_LINK = re.compile(r'<a\b(?![^>]*\brel=)([^>]*\bhref="(?:https?:)?//[^"]*")')
CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>', re.IGNORECASE)
DATA_TYPES = ("application/json", "application/ld+json")


def valid_markup(html: str) -> str:
    return CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


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
    """'sha256-…' of the page's inline scripts that are the theme's own (theme_scripts): any
    other inline script is refused by the policy, whatever the page holds."""
    return sorted({csp_hash(body) for body in inline_scripts(html) if is_known(body)})


def content_security_policy(html: str) -> str:
    """Scripts only from this site or the theme's known inline ones; nothing from another host."""
    scripts = " ".join(["'self'", *inline_script_hashes(html)])
    return "; ".join([
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
    ])


def harden(html: str) -> str:
    """Valid markup, a Content-Security-Policy and no referrer, in the page's <head>."""
    html = external_links_noopener(valid_markup(html))
    policy = content_security_policy(html)
    metas = (f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
             '<meta name="referrer" content="no-referrer">')
    match = CHARSET.search(html)
    if not match:
        return html
    return html[:match.end()] + metas + html[match.end():]
