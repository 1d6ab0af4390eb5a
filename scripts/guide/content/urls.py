"""Addresses as a browser reads them: parsed without exceptions, scheme judged after decoding."""

from __future__ import annotations

import re
from urllib.parse import SplitResult, unquote, urlsplit

# Links that leave the guide. Anything else with a scheme is neither a page nor safe to publish.
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Browsers drop ASCII tab and newline anywhere in an address, and leading control characters
# and spaces: "java\tscript:" is "javascript:".
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def split_url(url: str) -> SplitResult | None:
    """The parts of an address, or None when it cannot be parsed (e.g. 'http://[fe80::1/x',
    a port of 99999)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return None
    return parts


def scheme_of(url: str) -> str:
    """The scheme a browser would use for this address, lowercase; '' for a relative address.
    Entities are decoded by the HTML parser; percent-escapes and ignored characters here."""
    text = _IGNORED_BY_BROWSERS.sub("", unquote(url)).lstrip(
        "\x00\x01\x02\x03\x04\x05\x06\x07"
        "\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
        "\x13\x14\x15\x16\x17\x18\x19\x1a"
        "\x1b\x1c\x1d\x1e\x1f "
    )
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else ""


def is_external(url: str) -> bool:
    return scheme_of(url) in EXTERNAL_SCHEMES or url.startswith("//")


def website_path(built: str, directory_urls: bool) -> str:
    """Where a file of the offline copy ('relapses.html', 'es/index.html', 'downloads/x.pdf') is
    on the website: its page's folder when the website uses directory addresses ('relapses/',
    'es/'), else the same path. What a printed page or a report names must be the website's."""
    if not directory_urls or not built.endswith(".html"):
        return built
    folder, _, name = built.removesuffix(".html").rpartition("/")
    path = folder if name == "index" else f"{folder}/{name}".lstrip("/")
    return f"{path}/" if path else ""
