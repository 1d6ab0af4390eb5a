"""A handout: one topic page for a patient, with its references, the glossary terms it uses,
its review dates, and a masthead that says what a printed copy must say. The same page makes
the large-print handout, styled by the body class LARGE_PRINT (guide.css, print part). The words
are templates: guide/handout-masthead.html, handout-glossary.html and handout-title.html."""

from __future__ import annotations

import datetime as dt

import lxml.html

from guide.outputs.cover import masthead_html
from guide.outputs.page_html import mark_links_showing_their_address
from guide.session import PageRecord
from guide.texts import Texts
from guide.theme_fixes import material

LARGE_PRINT = "guide-large-print"


def glossary_section(texts: Texts, record: PageRecord) -> str:
    """The terms the page uses, each term with its meaning in one group, so that a page break
    never separates them."""
    if not record.terms:
        return ""
    return texts.render("guide/handout-glossary.html", terms=sorted(record.terms, key=lambda t: t.term.casefold()))


def handout_title(texts: Texts, record: PageRecord, large_print: bool) -> str:
    return texts.text("guide/handout-title.html", page_title=record.title, large_print=large_print)


def handout_html(
    texts: Texts, page_html: str, record: PageRecord, made_on: dt.date, site_url: str, large_print: bool = False
) -> str:
    """The built page with a masthead around its title and its glossary before its dates."""
    root = lxml.html.document_fromstring(page_html)
    body = root.find("body")
    classes = [body.get("class") or "", "guide-handout", LARGE_PRINT if large_print else ""]
    body.set("class", " ".join(c for c in classes if c))
    title = root.find(".//title")
    if title is not None:
        title.text = handout_title(texts, record, large_print)
    masthead = lxml.html.fragment_fromstring(
        masthead_html(texts, made_on, record.review, site_url.rstrip("/") + "/" + record.url, large_print)
    )
    h1 = root.find(".//h1")
    if h1 is not None:
        h1.addprevious(masthead)
        # The title goes into the masthead, under the guide's name; the text after it stays.
        masthead.tail, h1.tail = h1.tail, None
        name = masthead.find(".//*[@class='guide-masthead-name']")
        if name is not None:
            name.addnext(h1)
        else:  # a masthead template without the guide's name: the title opens it
            masthead.insert(0, h1)
    else:  # a page without a title heading: the masthead opens its content
        material.content_element(root, record.url or "index.html").insert(0, masthead)
    if large_print:
        # At 18 pt the masthead and the key points only fit page 1 together with the disclaimer
        # after the key points (a box is never split: it would leave half of page 1 empty).
        disclaimer = masthead.find(".//*[@class='guide-masthead-disclaimer']")
        first_box = masthead.getnext()
        while first_box is not None and "admonition" not in (first_box.get("class") or ""):
            first_box = first_box.getnext() if first_box.tag not in ("h2", "h3") else None
        if disclaimer is not None and first_box is not None:
            disclaimer.getparent().remove(disclaimer)
            first_box.addnext(disclaimer)
    # The masthead says when the review was due and what to do: the page's own notice would say
    # it again, in the space that page 1 needs for the health information.
    for notice in root.xpath("//*[@data-guide-due][.//*[contains(@class, 'guide-review-notice')]]"):
        notice.drop_tree()
    # issue 26: the language switcher is for the screen; paper is in one language
    for switcher in root.xpath("//nav[contains(concat(' ', @class, ' '), ' guide-languages ')]"):
        switcher.drop_tree()
    write_in_html = texts.render("guide/handout-write-in.html")
    if write_in_html:
        write_in = lxml.html.fragment_fromstring(write_in_html)
        get_help = root.find(".//*[@class='admonition danger guide-get-help']")
        if get_help is not None:  # the clinic's own team, right after the help that is always there
            get_help.addnext(write_in)
        else:
            material.content_element(root, record.url or "index.html").append(write_in)
    glossary = glossary_section(texts, record)
    review = root.find(".//aside[@class='guide-review']")
    if glossary and review is not None:
        review.addprevious(lxml.html.fragment_fromstring(glossary))
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!doctype html>")
    return mark_links_showing_their_address(html)
