"""MkDocs keeps a page that is left out of the build (a draft) in the navigation when mkdocs.yml
lists it, so every page would link to it: take such pages out, and link each page to its true
neighbours."""

from __future__ import annotations


def without_excluded_pages(nav):
    def kept(items: list) -> list:
        found = []
        for item in items:
            if item.is_page and item.file.inclusion.is_excluded():
                continue
            if item.is_section:
                item.children = kept(item.children)
                if not item.children:
                    continue
            found.append(item)
        return found

    nav.items = kept(nav.items)
    nav.pages = [page for page in nav.pages if not page.file.inclusion.is_excluded()]
    for before, page, after in zip([None, *nav.pages[:-1]], nav.pages, [*nav.pages[1:], None]):
        page.previous_page, page.next_page = before, after
    return nav
