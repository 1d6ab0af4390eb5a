"""Material's navigation rendered once per item and depth instead of once per page (the
workaround material.nav_cache; the partial it needs is checked in material.py).

Material renders the whole navigation into every page (partials/nav-item.html, `render`), so a
guide of N pages renders N x N items. An item renders the same on two pages unless
- it is the current page or holds it (it is then `active`: open, with the page's contents), or
  its parent is active (with navigation.tabs and navigation.sections that changes its class), or
- its links come out differently: MkDocs writes each link relative to the page (get_relative_url).

A relative link to `t` from a page in folder `p` is `../` for each folder of `p`, then `t`,
unless `t` and `p` start with the same folder. So an item none of whose links starts with the
page's first folder renders the same on every page at the same depth: that is the cache key;
otherwise the key holds the page's whole folder (exact, rarely shared). The key also holds the
page's language (language_of, set by the plugin in a guide with translations: a translation has
its own navigation, translations/navigation.py), so two languages never share an item.
overrides/partials/nav-item.html calls the cache (`guide_nav_cached`); the plugin makes a new one
for each build (on_env).

Splicing: a cached item the build accepts (`prepare`, the build's page transforms and checks run
on the item's HTML once) stands in the page as a token until the page has been hardened and
scanned; `expand` then puts the prepared HTML in its place. Each published byte is still scanned
once, and the navigation is no longer scanned, hardened and parsed again on every page.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Undefined
from markupsafe import Markup


@dataclass(frozen=True)
class Fragment:
    """A cached item as the build prepared it: its HTML as the page gets it, and what the link
    check needs of it (ids with repeats, and its links as (address, None), as parse_built_page
    gives them)."""

    html: str
    raw: str  # as the theme wrote it (for a page written outside the page events)
    ids: tuple[str, ...]
    links: tuple[tuple[str, None], ...]


def url_parts(path: str) -> list[str]:
    """A URL's folders and file as MkDocs compares them (mkdocs.utils._norm_parts)."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return path.split("/") if path else []


def page_folder(url: str) -> tuple[str, ...]:
    """The folders a page's relative links start from, as MkDocs' get_relative_url takes them:
    'a/b/' -> (a, b); 'a/b.html' -> (a,); '' -> ()."""
    dirname, _, basename = url.rpartition("/")
    return tuple(url_parts(dirname if "." in basename else url))


@dataclass(frozen=True)
class _TopIndex:
    """Which first-level items (by position) a page's own key may concern: by the item itself, by
    its file, by the first folder of its links; and those never cached (a view of the blog)."""

    by_item: dict[int, set[int]]
    by_file: dict[int, set[int]]
    by_first: dict[str, set[int]]
    always: frozenset[int]

    @classmethod
    def of(cls, items, firsts: Callable[[object], frozenset[str]]) -> _TopIndex:
        by_item, by_file, by_first = {}, {}, {}
        for n, item in enumerate(items):
            by_item.setdefault(id(item), set()).add(n)
            if getattr(item, "file", None) is not None:
                by_file.setdefault(id(item.file), set()).add(n)
            for first in firsts(item):
                by_first.setdefault(first, set()).add(n)
        always = frozenset(n for n, item in enumerate(items) if getattr(item, "pages", None) is not None)
        return cls(by_item, by_file, by_first, always)


class NavCache:
    """Called by the partial as guide_nav_cached(render_uncached, item, path, level, parent, page).

    prepare(raw_html) -> Fragment | None: whether a rendered item may stand as a token (None: it
    goes into each page as rendered, and is hardened and scanned there as before)."""

    def __init__(self, prepare: Callable[[str], Fragment | None] | None = None):
        self.prepare = prepare
        self.fragments: list[Fragment] = []
        self.rendered: dict[tuple, Markup] = {}
        self._firsts: dict[int, frozenset[str]] = {}
        self._page = None
        self._folder: tuple[str, ...] = ()
        self._shared_top: dict[
            tuple[int, int, str], list[str | None]
        ] = {}  # (items, depth, language) -> each item's HTML
        self._top_index: dict[int, _TopIndex] = {}
        # A token no page, title or setting can hold: a new one per build.
        nonce = secrets.token_hex(8)
        self.prefix = f"<!--guide-nav-{nonce}:"
        self.token = re.compile(re.escape(self.prefix) + r"(\d+)-->")
        self.hits = self.misses = 0
        # A page's language (issue 26: a translation has its own navigation): '' for the site's.
        self.language_of: Callable[[object], str] = lambda page: ""

    def firsts(self, item) -> frozenset[str]:
        """The first part of every relative link in an item's subtree."""
        found = self._firsts.get(id(item))
        if found is None:
            firsts, stack = set(), [item]
            while stack:
                node = stack.pop()
                url = getattr(node, "url", None)
                if isinstance(url, str) and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|#", url):
                    parts = url_parts(url)
                    if parts:
                        firsts.add(parts[0])
                stack.extend(getattr(node, "children", None) or ())
            found = self._firsts[id(item)] = frozenset(firsts)
        return found

    def key(self, item, path, level, parent, page) -> tuple | None:
        """What an item's HTML depends on, or None when it depends on the page itself."""
        if page is None or isinstance(page, Undefined) or getattr(item, "active", False) or item is page:
            return None
        if getattr(item, "file", None) is page.file or getattr(item, "pages", None) is not None:
            return None  # the page under another entry; or a view of Material's blog
        self._at(page)
        folder = self._folder
        parent_active = not (parent is None or isinstance(parent, Undefined)) and bool(parent.active)
        where = folder if folder and folder[0] in self.firsts(item) else None
        return id(item), path, level, parent_active, len(folder), where, self.language_of(page)

    def _at(self, page) -> None:
        if page is not self._page:
            self._page, self._folder = page, page_folder(page.url)

    def __call__(self, macro, item, path, level, parent, page):
        return self._render(macro, item, path, level, parent, page, (item, path, level, parent))

    def top_level(self, macro, items, page) -> Markup:
        """What Material's partials/nav.html loop writes for the navigation's first level
        (overrides/partials/nav.html): each item as `render` writes it, between the loop's spaces.

        On a page at a given depth, each first-level item but a few has the same key (not active,
        no link starting with the page's first folder): those come from a list kept per depth,
        so a page looks at the few others only, not at every item."""
        if page is None or isinstance(page, Undefined):
            return Markup("".join(self._top_item(macro, item, n, page) for n, item in enumerate(items)))
        self._at(page)
        folder = self._folder
        at = (id(items), len(folder), self.language_of(page))
        shared = self._shared_top.get(at)
        if shared is None:
            shared = self._shared_top[at] = [None] * len(items)
        own = self._own_top_items(items, page, folder)
        parts = shared.copy()
        todo = sorted(own) if None not in shared else [n for n, part in enumerate(shared) if part is None or n in own]
        for n in todo:
            parts[n] = self._top_item(macro, items[n], n, page)
            if n not in own:
                shared[n] = parts[n]
        self.hits += len(items) - len(todo)
        return Markup("".join(parts))

    def _top_item(self, macro, item, n: int, page) -> str:
        path = f"__nav_{n + 1}"
        return f"\n      \n      {self._render(macro, item, path, 1, None, page, (item, path, 1))}\n    "

    def _own_top_items(self, items, page, folder: tuple[str, ...]) -> set[int]:
        """The first-level items whose key on this page is its own (see key): the active ones,
        the page itself under any entry, a view of Material's blog, and those with a link that
        starts with the page's first folder."""
        own = {n for n, item in enumerate(items) if getattr(item, "active", False)}
        index = self._top_index.get(id(items))
        if index is None:
            index = self._top_index[id(items)] = _TopIndex.of(items, self.firsts)
        own |= index.always
        own |= index.by_file.get(id(getattr(page, "file", None)), set())
        own |= index.by_item.get(id(page), set())
        if folder:
            own |= index.by_first.get(folder[0], set())
        return own

    def _render(self, macro, item, path, level, parent, page, arguments):
        key = self.key(item, path, level, parent, page)
        if key is None:
            return macro(*arguments)
        hit = self.rendered.get(key)
        if hit is not None:
            self.hits += 1
            return hit
        self.misses += 1
        html = str(macro(*arguments))
        fragment = self.prepare(self.expand(html, raw=True)) if self.prepare else None
        if fragment is not None:
            self.fragments.append(fragment)
            html = f"{self.prefix}{len(self.fragments) - 1}-->"
        hit = self.rendered[key] = Markup(html)
        return hit

    def expand(self, html: str, raw: bool = False) -> str:
        """The page with each token replaced by its item's HTML (raw: as the theme wrote it)."""
        if self.prefix not in html:
            return html
        if raw:
            return self.token.sub(lambda m: self.fragments[int(m[1])].raw, html)
        return self.token.sub(lambda m: self.fragments[int(m[1])].html, html)

    def fragment_of(self, comment: str) -> Fragment | None:
        """The fragment a token stands for, from the token's comment text ('guide-nav-<nonce>:N')."""
        if not comment.startswith(self.prefix[4:]):
            return None
        return self.fragments[int(comment[len(self.prefix) - 4 :])]
