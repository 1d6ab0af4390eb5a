"""What the build changes in a page's rendered HTML. Pure functions over text."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

FOOTNOTE_ID = re.compile(r'(id|href)="(#?)(fn|fnref\d*):([^"]+)"')
ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
H1_END = re.compile(r"</h1>")
HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.DOTALL)


def unique_footnote_ids(html: str, page_key: str) -> str:
    """Footnote ids per page (fn:key -> relapses-fn-key): on the print page all pages meet."""
    return FOOTNOTE_ID.sub(lambda m: f'{m[1]}="{m[2]}{page_key}-{m[3]}-{m[4]}"', html)


BLOCK_START = re.compile(r"<(?:p|li|dd|dt|td|th|h[1-6]|div|blockquote)\b[^>]*>", re.IGNORECASE)
TAGS = re.compile(r"<[^>]*>")


def spelled_out_before(html: str, at: int, expansion: str) -> bool:
    """Whether the block (paragraph, item, cell) holding position `at` already spells the
    abbreviation out before it: "central nervous system (CNS)", "Disease-modifying treatments
    (DMTs)", a reference naming its organisation before its short form. Print then adds nothing."""
    before = html[max(0, at - 2000) : at]
    starts = list(BLOCK_START.finditer(before))
    if starts:
        before = before[starts[-1].end() :]
    text = " ".join(unescape(TAGS.sub("", before)).split()).casefold()
    return " ".join(unescape(expansion).split()).casefold() in text


def first_uses_only(html: str, expansions: set[str]) -> str:
    """Keep each term's tooltip at its first use in the page's text and unwrap the repeats: a
    tooltip on every repeat is noise to read and slows a phone down (Lighthouse: blocking time
    grows with the number of tooltips). Abbreviations are marked, so that print spells them out
    once: not where the text has just spelled them out, and in the plural for a plural ("DMTs":
    disease-modifying treatments). A use in a heading does not count: headings are read before
    the text."""
    headings = [m.span() for m in HEADING.finditer(html)]
    seen: set[str] = set()

    def keep_first(match: re.Match) -> str:
        title, text = match[1], match[2]
        if any(start <= match.start() < end for start, end in headings) or title in seen:
            return text
        seen.add(title)
        mark = ""
        if title in expansions and not spelled_out_before(html, match.start(), title):
            plural = text.endswith("s") and text[:-1].isupper()
            mark = ' class="guide-first-use guide-plural"' if plural else ' class="guide-first-use"'
        return f'<abbr{mark} title="{title}">{text}</abbr>'

    return ABBR.sub(keep_first, html)


def add_review_boxes(html: str, notice: str, footer: str) -> str:
    """The overdue notice right under the title, the review dates at the very end."""
    if notice:
        html = H1_END.sub(lambda m: m[0] + notice, html, count=1) if H1_END.search(html) else notice + html
    return html + footer


LINK = re.compile(r"<a\b[^>]*>.*?</a>", re.DOTALL)
FIRST_USE = re.compile(
    r'<abbr((?: class="guide-first-use(?: guide-plural)?")?) title="([^"]*)">(.*?)</abbr>', re.DOTALL
)
FOOTNOTE_REF = re.compile(r'<a class="footnote-ref" href="([^"]*)">(\d+)</a>')
NEXT_CITATION = re.compile(r'</sup><sup (id="[^"]*fnref)')


def reachable_terms(html: str) -> str:
    """Each term's first use (first_uses_only) can take the keyboard's focus. The theme's tooltip
    then shows its definition and names it as the term's description (aria-describedby to the
    tooltip, which the theme sets on focus and hover and removes after: an aria-describedby of
    our own would be removed with it); at other times the title is the description. Not a term
    inside a link (a page's title in the Recent changes list): the link takes the focus, and
    HTML allows nothing focusable inside it."""
    links = [m.span() for m in LINK.finditer(html)]

    def reachable(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in links):
            return match[0]
        return f'<abbr{match[1]} title="{match[2]}" tabindex="0">{match[3]}</abbr>'

    return FIRST_USE.sub(reachable, html)


def labelled_citations(html: str) -> str:
    """A citation's link is named "Source 3" (the number alone says nothing to a screen reader),
    and two citations side by side are marked, so that a comma shows between them only there."""
    html = FOOTNOTE_REF.sub(r'<a class="footnote-ref" href="\1" aria-label="Source \2">\2</a>', html)
    return NEXT_CITATION.sub(r'</sup><sup class="guide-next-citation" \1', html)


ABBR_TITLE = re.compile(r"<abbr(\s[^>]*?)?title=")
TEXT_LINK = re.compile(r"<a(\s[^>]*)>([^<]*)</a>")  # a link whose content is text only
SCRIPT = re.compile(r"(<script\b.*?</script>)", re.DOTALL | re.IGNORECASE)
HREF_VALUE = re.compile(r'\shref="([^"]*)"')
CLASS_VALUE = re.compile(r'\sclass="([^"]*)"')


def for_print_page(html: str) -> str:
    """The print page is made for paper: its abbreviations are spelled out in print (from
    data-expansion), as tooltips on every page's terms at once only slow a phone down; and links
    that show their address print it once."""
    return mark_links_showing_their_address(ABBR_TITLE.sub(r"<abbr\1data-expansion=", html))


def shows_its_address(href: str, text: str) -> bool:
    """Whether a link's text already is its address: the same address (scheme, a final slash and
    percent-escapes aside), or doi:X for https://doi.org/X."""

    def bare(address: str) -> str:
        return re.sub(r"^https?://", "", unquote(address.strip())).rstrip("/").casefold()

    text = unescape(text).strip()
    if text.casefold().startswith("doi:"):
        text = "https://doi.org/" + text[4:].strip()
    return bool(text) and bare(unescape(href)) == bare(text)


def mark_links_showing_their_address(html: str) -> str:
    """Add the class guide-url to each web link whose text is its address, so that print does
    not write the address a second time after it."""

    def mark(match: re.Match) -> str:
        attributes, text = match[1], match[2]
        href = HREF_VALUE.search(attributes)
        if not href or not href[1].startswith("http") or not shows_its_address(href[1], text):
            return match[0]
        classes = CLASS_VALUE.search(attributes)
        if classes is None:
            attributes += ' class="guide-url"'
        elif "guide-url" not in classes[1].split():
            attributes = attributes[: classes.start(1)] + classes[1] + " guide-url" + attributes[classes.end(1) :]
        return f"<a{attributes}>{text}</a>"

    # Scripts are left as they are: the inline ones are allowed by the hash of their text.
    parts = SCRIPT.split(html)
    return "".join(part if index % 2 else TEXT_LINK.sub(mark, part) for index, part in enumerate(parts))


FOOTNOTE_BACKREF = re.compile(r'<a class="footnote-backref" href=')
HEADERLINK = re.compile(r'<a class="headerlink" href=')


def keyboard_and_screen_reader_friendly(html: str) -> str:
    """A note's links back to the text ("↩", one per citation: 33 on one page) leave the tab
    order: the citation's own link already takes the reader to the note, and the browser's Back
    returns. A heading's permalink ("¶") is hidden from screen readers and from the tab order, so
    that a heading's name is its words."""
    html = FOOTNOTE_BACKREF.sub('<a class="footnote-backref" tabindex="-1" href=', html)
    return HEADERLINK.sub('<a class="headerlink" aria-hidden="true" tabindex="-1" href=', html)


BOX_TITLE = re.compile(r'<p class="admonition-title">')
GET_HELP_BOX = re.compile(r'<div class="admonition [^"]*\bguide-get-help\b[^"]*">\s*$')


def box_titles_as_headings(html: str) -> str:
    """A box's title (Key points, Questions to ask, Get help now) is a heading one level below
    the section it is in, so that a screen reader lists it and jumps to it. "Get help now" stands
    for itself, at the level of the page's sections (2). The element stays a paragraph for the
    theme's styles."""
    levels = [(m.start(), int(m[1])) for m in HEADING.finditer(html)]

    def as_heading(match: re.Match) -> str:
        above = [level for start, level in levels if start < match.start()]
        level = 2 if GET_HELP_BOX.search(html[max(0, match.start() - 200) : match.start()]) else None
        level = level or min((above[-1] if above else 1) + 1, 6)
        return f'<p class="admonition-title" role="heading" aria-level="{level}">'

    return BOX_TITLE.sub(as_heading, html)
