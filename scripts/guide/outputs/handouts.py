"""A handout: one topic page for a patient, with its references, the glossary terms it uses,
its review dates, and a masthead that says what a printed copy must say. The same page makes
the large-print handout, styled by the body class LARGE_PRINT (guide.css, print part). The words
are templates: guide/handout-masthead.html, handout-glossary.html and handout-title.html."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, unquote

import lxml.html

from guide.content.facts import PageRecord
from guide.content.urls import scheme_of, website_path
from guide.outputs.cover import masthead_html
from guide.outputs.page_html import mark_links_showing_their_address
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


@dataclass(frozen=True)
class WebsiteAddresses:
    """Where the offline copy's page printed as a handout (page: 'relapses.html') and the files
    it links to are on the website (site_url; directory_urls: the website's own setting)."""

    site_url: str
    directory_urls: bool
    page: str

    def of(self, href: str) -> str | None:
        """The website's address of a link of the page, or None when it has none (no site_url,
        or a path that leaves the site). Web, mail and same-page links are kept as they are."""
        if href.startswith("#") or scheme_of(href) or href.startswith("//"):
            return href
        if not self.site_url:
            return None
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), unquote(path))) if path else self.page
        if target.startswith(("../", "/")) or target == "..":
            return None
        address = self.site_url.rstrip("/") + "/" + quote(website_path(target, self.directory_urls))
        return address + ("#" + fragment if fragment else "")


def page_links_to_the_website(root, addresses: WebsiteAddresses) -> None:
    """On paper and in a PDF a link to the offline copy's files leads nowhere (or names the
    build machine's folders): each goes to the same page on the website, or is plain text."""
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        address = addresses.of(href)
        if address is None:
            del link.attrib["href"]
        elif address != href:
            link.set("href", address)
            # The masthead prints the guide's address once; a page's own is not printed after each link.
            link.set("class", " ".join(filter(None, [link.get("class"), "guide-page-link"])))


def handout_html(
    texts: Texts,
    page_html: str,
    record: PageRecord,
    made_on: dt.date,
    addresses: WebsiteAddresses,
    large_print: bool = False,
) -> str:
    """The built page with a masthead around its title and its glossary before its dates."""
    site_url = addresses.site_url
    root = lxml.html.document_fromstring(page_html)
    page_links_to_the_website(root, addresses)
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
