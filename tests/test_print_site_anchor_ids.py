"""The workaround print_site.anchor_ids: our copy of print-site's update_anchor_ids, with a pattern
that does not try every shorter tag name again, gives what print-site's own gives, on any text
and on every page of the built guide; it stands in for print-site's only while the print page
is written, and a changed function in print-site stops the build."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from guide.errors import ThemeDrift
from guide.theme_fixes import print_site
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs_print_site_plugin import urls

# What print-site's pattern turns on: tag starts, names, ids, quotes, spaces, line ends.
PIECES = ["<", ">", '"', "id=", 'id="', 'ID="', " ", "\n", "h2", "sup", "li", "div", "a", "/", "=", "x-", "-", "i", "d"]


@pytest.mark.unit
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from(["relapses", "index", "a-b"]))
def test_our_copy_prefixes_the_same_ids_as_print_sites_on_any_text(pieces, key):
    html = "".join(pieces)
    assert print_site.update_anchor_ids(html, key) == urls.update_anchor_ids(html, key)


@pytest.mark.unit
@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="a">A</h2><p>x</p><h2 id="b">B</h2>',
        '<p class="x"><sup id="fnref:k"><a href="#fn:k">1</a></sup></p>',  # the sup print-site misses
        '<li id="fn:k">one</li>\n<li id="fn:k">the same tag twice</li>',
        '<h2id="a">a name with an id inside it</h2>',
        '<h3 id="">an empty id</h3>',
        '<h2 class="id" id="id">the id in another attribute</h2>',
        '<h2\nid="x">a tag across lines</h2>',
    ],
)
def test_our_copy_matches_print_sites_where_its_pattern_is_odd(html):
    assert print_site.update_anchor_ids(html, "page") == urls.update_anchor_ids(html, "page")


@pytest.mark.content
def test_our_copy_matches_print_sites_on_every_built_page_of_the_guide(built_guide):
    pages = sorted((built_guide / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert print_site.update_anchor_ids(html, "key") == urls.update_anchor_ids(html, "key"), page


def a_print_site_plugin():
    return SimpleNamespace(renderer=SimpleNamespace(write_combined=lambda: urls.update_anchor_ids))


@pytest.mark.unit
def test_ours_stands_in_only_while_the_print_page_is_written():
    plugin = a_print_site_plugin()
    original = urls.update_anchor_ids
    print_site.use_our_url_functions(plugin)
    assert plugin.renderer.write_combined() is print_site.update_anchor_ids
    assert urls.update_anchor_ids is original


@pytest.mark.unit
def test_a_changed_update_anchor_ids_in_print_site_stops_the_build(monkeypatch):
    def update_anchor_ids(page_html, page_key):
        return page_html

    monkeypatch.setattr(urls, "update_anchor_ids", update_anchor_ids)
    with pytest.raises(ThemeDrift) as caught:
        print_site.use_our_url_functions(a_print_site_plugin())
    assert str(caught.value).startswith(
        "theme-drift: print_site.anchor_ids: mkdocs_print_site_plugin/urls.py has update_anchor_ids that is not 2.9's"
    )


# ---- href_links: print-site's fix_href_links, writing back what it decoded escaped ----

ADDRESS_PIECES = ["#", "a", "b-c", "../", "relapses/", "index.md", "x.pdf", "https://e.org/", "?q=1", "%20", "/"]


@pytest.mark.unit
@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ADDRESS_PIECES), min_size=1, max_size=6), st.booleans())
def test_our_href_copy_writes_the_same_addresses_as_print_sites_when_nothing_needs_escaping(pieces, directory_urls):
    address = "".join(pieces)
    if address.count("#") > 1:
        address = address.replace("#", "", address.count("#") - 1)
    html = f'<p><a class="x" href="{address}">x</a> <a href="#top">y</a></p>'
    ours = print_site.fix_href_links(html, "page", "section/page/", directory_urls)
    assert ours == urls.fix_href_links(html, "page", "section/page/", directory_urls)


@pytest.mark.unit
@pytest.mark.parametrize(
    "address",
    [
        "#&quot;&gt;&lt;meta http-equiv=refresh content=&quot;0;url=file:///etc/passwd&quot;&gt;",
        "#&#34;&#62;&#60;script&#62;document.title=1&#60;/script&#62;",
        "../other/#x&quot; onmouseover=&quot;alert(1)",
    ],
)
def test_an_address_print_site_decodes_is_written_back_escaped(address):
    html = f'<p><a href="{address}">x</a></p>'
    live = urls.fix_href_links(html, "page", "page/")  # print-site's own writes the markup back live
    assert live.count("<") > html.count("<") or live.count('"') > html.count('"')
    fixed = print_site.fix_href_links(html, "page", "page/")
    assert fixed.count("<") == html.count("<") and fixed.count('"') == html.count('"'), fixed


@pytest.mark.unit
def test_a_link_with_two_hashes_is_read_as_one_anchor_where_print_site_stops_the_build():
    html = '<a href="other.md#a#b">x</a>'
    with pytest.raises(AssertionError):
        urls.fix_href_links(html, "page", "page/")
    assert print_site.fix_href_links(html, "page", "page/") == '<a href="#page-other.md-a#b">x</a>'


@pytest.mark.unit
def test_a_changed_fix_href_links_in_print_site_stops_the_build(monkeypatch):
    monkeypatch.setattr(urls, "fix_href_links", lambda page_html, *args, **kwargs: page_html)
    with pytest.raises(ThemeDrift) as caught:
        print_site.use_our_url_functions(a_print_site_plugin())
    assert str(caught.value).startswith(
        "theme-drift: print_site.href_links: mkdocs_print_site_plugin/urls.py has fix_href_links that is not 2.9's"
    )
