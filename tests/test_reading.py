"""Readable for tired, blurred or shaking eyes and hands, measured in Chromium on every page of the
website at a phone and a desktop width: no box's text smaller than the body's, glossary terms
reached by the keyboard and described to screen readers with a body-size tooltip, citation numbers
that are 24 x 24 px targets named "Source N", and header buttons of 44 x 44 px.
(Contrast at AAA, 7:1, is proven by axe in test_accessibility.py.)"""

from __future__ import annotations

import pytest
from test_accessibility import VIEWPORTS, html_pages

pytestmark = [pytest.mark.content, pytest.mark.browser]

BODY = "parseFloat(getComputedStyle(document.querySelector('article.md-typeset')).fontSize)"


def pages(built_guide, website) -> list[str]:
    rels = [r for r in html_pages(built_guide / "site") if r != "404.html"]
    return [website + ("" if r == "index.html" else r.removesuffix("index.html")) for r in rels]


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield context.new_page()
    context.close()


def test_every_box_and_notice_is_at_least_the_body_text_size(page, built_guide, website):
    """Key points, "Talk to your care team", "Questions to ask", and the out-of-date notice
    (shown here whatever the date) were 12.8 px beside 18 px body text. Every element holding
    text counts; citation numbers (raised, 0.8 em) are proven by their target size below."""
    small, boxes = [], 0
    for url in pages(built_guide, website):
        page.goto(url)
        page.evaluate("document.querySelectorAll('[data-guide-due]').forEach(e => e.hidden = false)")
        body = page.evaluate(BODY)
        assert body >= 18, url
        found = page.evaluate(
            """() => [...document.querySelectorAll('article .admonition, article details')].map(box =>
                 [box.className, [box, ...box.querySelectorAll('*')].filter(e => e.offsetParent && !e.closest('sup')
                   && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
                   .map(e => parseFloat(getComputedStyle(e).fontSize))])"""
        )
        boxes += len(found)
        small += [(url, name, min(sizes), body) for name, sizes in found if sizes and min(sizes) < body]
    assert boxes >= 10  # the guide's boxes were found
    assert small == []


def test_the_out_of_date_notice_stands_out_by_icon_words_and_colour(page, website):
    page.goto(website + "relapses/")
    page.evaluate("document.querySelectorAll('[data-guide-due]').forEach(e => e.hidden = false)")
    notice = page.locator(".guide-review-notice")
    assert "may be out of date" in notice.inner_text()
    style = page.evaluate(
        """() => { const n = document.querySelector('.guide-review-notice');
             const t = n.querySelector('.admonition-title');
             return {icon: getComputedStyle(t, '::before').maskImage || getComputedStyle(t, '::before').webkitMaskImage,
                     border: getComputedStyle(n).borderTopColor, width: parseFloat(getComputedStyle(n).borderTopWidth),
                     other: getComputedStyle(document.querySelector('.admonition:not(.guide-review-notice)')).borderTopColor}; }"""
    )
    assert "url(" in style["icon"]
    assert style["width"] >= 3 and style["border"] != style["other"]


def test_a_glossary_tooltip_is_at_the_body_text_size(page, website):
    page.goto(website + "relapses/")
    page.locator("article abbr[title]").first.hover()
    page.wait_for_selector(".md-tooltip2--active", timeout=5000)
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-tooltip2--active .md-tooltip2__inner')).fontSize)"
    )
    assert size >= page.evaluate(BODY)


def test_every_glossary_term_is_reached_by_tab_and_describes_itself(page, website):
    """Each first use of a term (an abbr with a title) takes the focus in turn, shows its tooltip
    at the body's size, and the accessibility tree gives its definition as its description."""
    cdp = page.context.new_cdp_session(page)
    checked = 0
    for path in ("relapses/", "disease-modifying-treatments/", "symptoms/"):
        page.goto(website + path)
        body = page.evaluate(BODY)
        terms = page.evaluate("[...document.querySelectorAll('article abbr[title]')].map(a => a.title)")
        assert terms, path
        reached = []
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.tagName") != "ABBR":
                if page.evaluate("!document.querySelector('article').contains(document.activeElement)") and reached:
                    break
                continue
            page.wait_for_function(
                "() => { const id = document.activeElement.getAttribute('aria-describedby');"
                " const t = id && document.getElementById(id);"
                " return t && t.classList.contains('md-tooltip2--active'); }",
                timeout=5000,
            )
            definition, size = page.evaluate(
                "() => { const t = document.getElementById(document.activeElement.getAttribute('aria-describedby'));"
                " const inner = t.querySelector('.md-tooltip2__inner');"
                " return [inner.textContent.trim(), parseFloat(getComputedStyle(inner).fontSize)]; }"
            )
            assert size >= body, path
            handle = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
            node = cdp.send("DOM.describeNode", {"objectId": handle["result"]["objectId"]})
            ax = cdp.send(
                "Accessibility.getPartialAXTree",
                {"backendNodeId": node["node"]["backendNodeId"], "fetchRelatives": False},
            )
            description = ax["nodes"][0].get("description", {}).get("value", "")
            assert description == definition, path
            # Announced as the word itself, its definition as its description.
            word = page.evaluate("document.activeElement.textContent")
            assert ax["nodes"][0].get("name", {}).get("value") == word, path
            reached.append(definition)
        assert reached == terms, path
        checked += len(reached)
    assert checked >= 10


def test_every_citation_is_a_24px_target_named_source_n_apart_from_its_neighbour(page, built_guide, website):
    problems, citations = [], 0
    for url in pages(built_guide, website):
        page.goto(url)
        refs = page.evaluate(
            """() => [...document.querySelectorAll('article a.footnote-ref')].map(a => {
                 const r = a.getBoundingClientRect(); const sup = a.parentElement;
                 const before = getComputedStyle(sup, '::before').content;
                 const prev = sup.previousSibling;
                 return {text: a.textContent, label: a.getAttribute('aria-label'), w: r.width, h: r.height,
                         l: r.left, r: r.right, t: r.top, b: r.bottom, comma: before.includes(','),
                         touching: !!prev && prev.nodeType === 1 && prev.tagName === 'SUP'}; })"""
        )
        citations += len(refs)
        for ref in refs:
            if ref["w"] < 24 or ref["h"] < 24 or ref["label"] != f"Source {ref['text']}":
                problems.append((url, "target or name", ref))
            if ref["comma"] != ref["touching"]:  # a comma only between two citations side by side
                problems.append((url, "stray or missing comma", ref))
        for a, b in zip(refs, refs[1:]):
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]:
                problems.append((url, "overlapping targets", a, b))
    assert citations >= 20
    assert problems == []


def test_every_header_button_is_at_least_44px_square(page, built_guide, website):
    small = []
    for url in pages(built_guide, website)[:4]:
        page.goto(url)
        sizes = page.evaluate("""[...document.querySelectorAll('.md-header__button')].filter(e => e.offsetParent)
                                 .map(e => { const r = e.getBoundingClientRect(); return [e.className, r.width, r.height]; })""")
        assert sizes, url
        small += [(url, *s) for s in sizes if s[1] < 44 or s[2] < 44]
    assert small == []


# ---- Every text a reader reads, the keyboard and the screen reader's view (issue 23) ----

NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"
# Every text node a reader can see, with its size: references, footer, review box, navigation,
# page contents, search previews (citation numbers are raised: their targets are measured above).
SMALL_TEXT = """() => { const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const e = n.parentElement;
    if (!n.textContent.trim() || !e || e.closest('sup, script, style, [hidden]')) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    let shown = true;
    for (let p = e; p; p = p.parentElement) { const s = getComputedStyle(p);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') shown = false; }
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (shown && size < 16) small.push([e.tagName, e.className.toString(), n.textContent.trim().slice(0, 40), size]);
  }
  return small; }"""
# Whether the focused element can be seen: on screen, not transparent, not hidden (the palette's
# radio button shows its focus on the label after it, which switches the scheme).
FOCUS_SEEN = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  const seen = el => { const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) return false;
    for (let p = el; p; p = p.parentElement) { const s = getComputedStyle(p);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false; }
    return true; };
  const next = e.nextElementSibling;
  const shown = seen(e) || [...(e.labels || [])].some(seen)
    || (e.classList.contains('md-option') && !!next && next.tagName === 'LABEL' && seen(next));
  return {shown, what: e.tagName + '.' + e.className + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          backLink: e.classList.contains('footnote-backref'), permalink: e.classList.contains('headerlink')}; }"""


def open_search(page, query: str) -> None:
    page.evaluate("() => { const s = document.getElementById('__search'); if (!s.checked) s.click(); }")
    page.focus(".md-search__input")
    page.keyboard.press("Control+A")
    page.keyboard.type(query)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''"
        " && !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10000,
    )


def test_every_text_a_reader_reads_is_at_least_16px(page, built_guide, website):
    """Pages, the open navigation drawer, search previews and the "nothing found" help."""
    small = []
    for url in pages(built_guide, website):
        page.goto(url)
        page.add_style_tag(content=NO_MOTION)
        small += [(url, *s) for s in page.evaluate(SMALL_TEXT)]
    page.goto(website + "relapses/")
    page.add_style_tag(content=NO_MOTION)
    if page.evaluate("matchMedia('(max-width: 76.234375em)').matches"):
        page.evaluate("document.getElementById('__drawer').click()")
        small += [("drawer", *s) for s in page.evaluate(SMALL_TEXT)]
        page.evaluate("document.getElementById('__drawer').click()")
    for query in ("steroid side effects", "zzqxj"):
        open_search(page, query)
        # The results of the query typed, not those of the one before it.
        page.wait_for_function(
            "found => (document.querySelectorAll('.md-search-result__item').length > 0) === found",
            arg=query != "zzqxj",
        )
        small += [(query, *s) for s in page.evaluate(SMALL_TEXT)]
    assert small == []


def test_the_keyboard_never_lands_on_what_the_reader_cannot_see(page, built_guide, website):
    """Every tab stop of every page, at the phone's width and the desktop's: never the closed
    drawer, the closed search field, an empty results list, a note's back-link or a permalink;
    and the drawer and the search open from the keyboard."""
    hidden, stops = [], {}
    for url in pages(built_guide, website):
        page.goto(url)
        page.add_style_tag(content=NO_MOTION)
        first, count = None, 0
        for _ in range(400):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_SEEN)
            if focus is None or focus["what"] == first:
                break
            first = first or focus["what"]
            count += 1
            if not focus["shown"] or focus["backLink"] or focus["permalink"]:
                hidden.append((url, focus["what"]))
        stops[url] = count
    assert hidden == []
    if page.viewport_size["width"] < 600:  # 123 before on a phone: 33 back-links, the hidden drawer
        assert stops[website + "relapses/"] < 100
    page.goto(website + "relapses/")
    if page.evaluate("matchMedia('(max-width: 76.234375em)').matches"):
        button = page.locator("label.md-header__button[for='__drawer']")
        button.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('__drawer').checked")
        assert button.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__drawer').checked")
        page.locator("label.md-header__button[for='__search']").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")


def accessibility_tree(page) -> list[dict]:
    cdp = page.context.new_cdp_session(page)
    return cdp.send("Accessibility.getFullAXTree")["nodes"]


def test_headings_are_named_by_their_words_and_box_titles_are_headings(page, website):
    page.goto(website + "relapses/")
    headings = [
        (n.get("name", {}).get("value", ""), next(p["value"]["value"] for p in n["properties"] if p["name"] == "level"))
        for n in accessibility_tree(page)
        if n.get("role", {}).get("value") == "heading" and not n.get("ignored")
    ]
    names = [name for name, _ in headings]
    assert [name for name in names if "¶" in name] == []
    assert ("Managing relapses", 1) in headings and ("Key points", 2) in headings
    assert ("Get help now", 2) in headings
    assert ("Questions to ask your care team", 4) in headings  # in the section "Who is it for?" (h3)
