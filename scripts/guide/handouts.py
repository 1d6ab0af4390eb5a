"""A handout: one topic page for a patient, with its references, the glossary terms it uses,
its review dates, and a masthead that says what a printed copy must say. The same page makes
the large-print handout, styled by the body class LARGE_PRINT (guide.css, print part)."""

from __future__ import annotations

import datetime as dt
from html import escape

import lxml.html

from .cover import masthead_html
from .print_page import mark_links_showing_their_address
from .session import PageRecord

LARGE_PRINT = "guide-large-print"


def glossary_section(record: PageRecord) -> str:
    """The terms the page uses, each term with its meaning in one group, so that a page break
    never separates them."""
    if not record.terms:
        return ""
    items = "".join(
        f'<div class="guide-term"><dt>{escape(t.term)}{f" ({escape(t.expansion)})" if t.expansion else ""}</dt>'
        f"<dd>{escape(t.definition)}</dd></div>"
        for t in sorted(record.terms, key=lambda t: t.term.casefold()))
    return (f'<section class="guide-handout-glossary"><h2>Words used on this page</h2>'
            f'<dl class="guide-glossary">{items}</dl></section>')


def handout_html(page_html: str, record: PageRecord, made_on: dt.date, site_name: str,
                 site_url: str, large_print: bool = False) -> str:
    """The built page with a masthead around its title and its glossary before its dates."""
    root = lxml.html.document_fromstring(page_html)
    body = root.find("body")
    classes = [body.get("class") or "", "guide-handout", LARGE_PRINT if large_print else ""]
    body.set("class", " ".join(c for c in classes if c))
    title = root.find(".//title")
    if title is not None:
        kind = "large-print handout" if large_print else "handout"
        title.text = f"{record.title} - {site_name} ({kind})"
    masthead = lxml.html.fragment_fromstring(
        masthead_html(site_name, made_on, record.review, site_url.rstrip("/") + "/" + record.url))
    h1 = root.find(".//h1")
    if h1 is not None:
        h1.addprevious(masthead)
        # The title goes into the masthead, under the guide's name; the text after it stays.
        masthead.tail, h1.tail = h1.tail, None
        masthead.find(".//p[@class='guide-masthead-name']").addnext(h1)
    else:  # a page without a title heading: the masthead opens its content
        article = root.find(".//article")  # an element with children is truthy, one without is not
        content = body if article is None else article
        content.insert(0, masthead)
    glossary = glossary_section(record)
    review = root.find(".//aside[@class='guide-review']")
    if glossary and review is not None:
        review.addprevious(lxml.html.fragment_fromstring(glossary))
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!doctype html>")
    return mark_links_showing_their_address(html)
