"""A handout: one topic page for a patient, with its references, the glossary terms it uses,
its review dates, and a header that says what a printed copy must say."""

from __future__ import annotations

import datetime as dt
from html import escape

import lxml.html

from .cover import cover_html
from .session import PageRecord


def glossary_section(record: PageRecord) -> str:
    if not record.terms:
        return ""
    items = "".join(
        f"<dt>{escape(t.term)}{f' ({escape(t.expansion)})' if t.expansion else ''}</dt>"
        f"<dd>{escape(t.definition)}</dd>"
        for t in sorted(record.terms, key=lambda t: t.term.casefold()))
    return (f'<section class="guide-handout-glossary"><h2>Words used on this page</h2>'
            f'<dl class="guide-glossary">{items}</dl></section>')


def handout_html(page_html: str, record: PageRecord, made_on: dt.date, site_name: str,
                 site_url: str) -> str:
    """The built page with a handout header before its title and its glossary before its dates."""
    root = lxml.html.document_fromstring(page_html)
    root.find("body").set("class", (root.find("body").get("class") or "") + " guide-handout")
    title = root.find(".//title")
    if title is not None:
        title.text = f"{record.title} - {site_name} (handout)"
    statuses = [record.review] if record.review else []
    header = cover_html(site_name, f"Handout: {record.title}", made_on, statuses,
                        site_url.rstrip("/") + "/" + record.url)
    h1 = root.find(".//h1")
    if h1 is not None:
        h1.addprevious(lxml.html.fragment_fromstring(header))
    else:  # a page without a title heading: the header opens its content
        content = root.find(".//article") or root.find("body")
        content.insert(0, lxml.html.fragment_fromstring(header))
    glossary = glossary_section(record)
    review = root.find(".//aside[@class='guide-review']")
    if glossary and review is not None:
        review.addprevious(lxml.html.fragment_fromstring(glossary))
    return lxml.html.tostring(root, encoding="unicode", doctype="<!doctype html>")
