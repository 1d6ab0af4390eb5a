"""Accessibility, valid HTML and privacy, proven in a real browser on every page of every output.

axe-core (npm) runs in Chromium on each page of the website (served on localhost, as GitHub
Pages serves it) and of the offline bundle (over file://), in the light and the dark scheme, at
a phone and a desktop width. The Nu Html Checker (npm vnu-jar, on Java) reads every page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT

from devtools.browsing import RequestLog, search

pytestmark = [pytest.mark.content, pytest.mark.browser]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
VAGUE_LINK_TEXT = {"here", "click here", "read more", "more", "link", "this page"}


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def page_url(output: str, rel: str, built_guide: Path, website: str) -> str:
    if output == "site":
        return website + ("" if rel == "index.html" else rel.removesuffix("index.html"))
    return (built_guide / "offline" / rel).as_uri()


def run_axe(page, within: str | None = None) -> dict:
    """axe on the page, or on the elements a selector finds (within)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not injected: the CSP stays on
    # WCAG A and AA, and AAA contrast (7:1) for text: many readers have blurred or double vision.
    return page.evaluate(
        "([tags, within]) => axe.run(within ? {include: [[within]]} : document,"
        " {runOnly: {type: 'tag', values: tags},"
        " rules: {'color-contrast-enhanced': {enabled: true}}})"
        ".then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})),"
        " passes: r.passes.length, passed: r.passes.map(p => p.id)}))",
        [WCAG, within],
    )


@pytest.mark.parametrize("output", ["site", "offline"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_wcag_a_or_aa_violation_nor_text_below_aaa_contrast_on_any_page(
    output, scheme, viewport, built_guide, website, browser
):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    found = {}
    rels = html_pages(built_guide / output)
    report = json.loads((built_guide / "report.json").read_text())
    published = sum(1 for p in report["pages"] if not p["draft"])
    assert len(rels) == published + (2 if output == "site" else 1)  # the print page, (the 404 page)
    for rel in rels:
        page.goto(page_url(output, rel, built_guide, website))
        scheme_shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme_shown == ("slate" if scheme == "dark" else "default"), rel
        result = run_axe(page)
        assert result["passes"] > 10, rel  # axe really ran
        if result["violations"]:
            found[rel] = result["violations"]
    context.close()
    assert found == {}, json.dumps(found, indent=1)
    assert csp_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_honest_answer_when_search_finds_nothing_passes_axe_and_aaa_contrast(scheme, built_guide, browser):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    search(page, (built_guide / "offline" / "index.html").as_uri(), "can MS kill you")
    help_box = page.locator("[data-guide-search-help]")
    assert help_box.is_visible() and "does not cover “can MS kill you” yet" in help_box.inner_text()
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert shown == ("slate" if scheme == "dark" else "default")
    result = run_axe(page, "[data-guide-search-help]")
    assert result["violations"] == [], result
    # 4.5:1 (AA) and 7:1 (AAA) checked on its text, and passed.
    assert {"color-contrast", "color-contrast-enhanced"} <= set(result["passed"]), result
    context.close()


def test_the_axe_check_would_catch_a_violation(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><html><title>x</title><img src='x.png'><a href='#'></a>"
        "<p style='color: #6b6b6b; background: #fff'>AA contrast (5.3:1), not AAA</p></html>"
    )
    page = browser.new_page()
    page.goto(bad.as_uri())
    ids = {v["id"] for v in run_axe(page)["violations"]}
    assert {"image-alt", "html-has-lang", "link-name", "color-contrast-enhanced"} <= ids
    assert "color-contrast" not in ids


# ---- Keyboard ----


def test_the_first_tab_reaches_a_visible_skip_link_that_moves_to_the_content(website, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(website + "relapses/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " return {text: e.textContent.trim(), top: r.top, height: r.height,"
        " href: e.getAttribute('href')}; }"
    )
    assert focused["text"] == "Skip to content"
    assert focused["height"] > 10 and focused["top"] >= 0  # shown on screen, not clipped away
    page.keyboard.press("Enter")
    # The jump is a navigation within the page: wait for it (Playwright sees the new address a
    # moment after the key press), then check where it went.
    anchor = "#" + focused["href"].split("#")[1]
    page.wait_for_url(lambda url: url.endswith(anchor), timeout=5000)
    assert page.url.endswith(anchor)


def test_focus_is_always_visible(website, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(website)
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth),"
            " s.boxShadow]; }"
        )
        tag, outline, width, shadow = style
        if tag in ("A", "INPUT", "BUTTON", "LABEL"):
            seen += 1
            assert (outline != "none" and width >= 2) or shadow != "none", style
    assert seen >= 10


def test_search_works_without_a_mouse(website, browser):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    results = search(page, website, "plasma exchange")
    assert results
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/relapses/**")


# ---- Structure of every page ----


@pytest.mark.parametrize("output", ["site", "offline"])
def test_every_page_has_one_h1_headings_in_order_lang_alt_text_and_clear_link_text(output, built_guide):
    for rel in html_pages(built_guide / output):
        root = lxml.html.document_fromstring((built_guide / output / rel).read_text(encoding="utf-8"))
        assert root.get("lang") == "en", rel
        content = root.cssselect("article") or root.cssselect("main")
        assert content, rel
        headings = [int(h.tag[1]) for h in content[0].iter("h1", "h2", "h3", "h4", "h5", "h6")]
        if "print_page" not in rel:  # the print page holds every page's h1, one per section
            assert headings.count(1) == 1, rel
        assert headings[0] == 1, rel
        jumps = [(a, b) for a, b in zip(headings, headings[1:]) if b > a + 1]
        assert jumps == [], f"{rel}: heading levels skipped {jumps}"
        for img in root.iter("img"):
            assert (img.get("alt") or "").strip(), f"{rel}: image without alt text"
        for link in content[0].iter("a"):
            text = " ".join(link.text_content().split()).lower()
            assert text not in VAGUE_LINK_TEXT, f"{rel}: link text '{text}'"


# ---- Valid HTML ----


def test_every_built_page_passes_the_nu_html_checker(built_guide):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker: install a JRE (Debian: default-jre-headless)"
    files = [str(p) for output in ("site", "offline") for p in (built_guide / output).rglob("*.html")]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m.get('url', '').split('/dist/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == []


def test_the_html_check_would_catch_an_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang='en'><title>x</title><p><div></p></html>")
    result = subprocess.run(
        [shutil.which("java"), "-jar", str(VNU), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stderr)["messages"]


# ---- Privacy and security ----


def test_browsing_the_website_asks_no_other_host_and_sets_no_cookie(website, browser):
    context = browser.new_context()
    page = context.new_page()
    requests = RequestLog(page)
    for path in ["", "relapses/", "glossary/", "print_page/", "about/"]:
        page.goto(website + path)
        page.wait_for_load_state("networkidle")
    page.locator("article abbr").first.hover()
    assert requests.outside(website.split("/guide/")[0] + "/") == []
    assert context.cookies() == []
    context.close()


def test_browsing_the_bundle_asks_nothing_outside_it(built_guide, browser):
    offline = built_guide / "offline"
    page = browser.new_page()
    requests = RequestLog(page)
    for rel in html_pages(offline):
        page.goto((offline / rel).as_uri())
    assert requests.outside(offline.as_uri() + "/") == []


def test_every_page_has_a_strict_content_security_policy_and_no_referrer(built_guide):
    for output in ("site", "offline"):
        for rel in html_pages(built_guide / output):
            html = (built_guide / output / rel).read_text(encoding="utf-8")
            policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
            assert policy, rel
            script_src = next(d for d in policy.group(1).split("; ") if d.startswith("script-src"))
            assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
            assert "'sha256-" in script_src, rel  # the theme's inline scripts, by hash
            assert '<meta name="referrer" content="no-referrer">' in html
            assert html.index("Content-Security-Policy") < html.index("<script")  # before any script
            for link in lxml.html.document_fromstring(html).iter("a"):
                if re.match(r"^(https?:)?//", link.get("href") or ""):
                    assert link.get("rel") == "noopener noreferrer", (rel, link.get("href"))


def test_the_site_works_with_the_policy_on(website, built_guide, browser):
    """Search, the palette toggle and tooltips, with every console message recorded."""
    for start in (website + "relapses/", (built_guide / "offline" / "relapses.html").as_uri()):
        context = browser.new_context(viewport=VIEWPORTS["desktop"], color_scheme="light")
        page = context.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
        assert search(page, start, "steroids")
        page.keyboard.press("Escape")
        page.locator("label[for='__palette_1']").click()
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
        page.locator("article abbr[title='intravenous methylprednisolone']").first.hover()
        page.wait_for_selector(".md-tooltip2--active", timeout=5000)
        context.close()
        assert [m for m in messages if "Content Security Policy" in m] == [], start


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_search_s_results_and_its_nothing_found_help_pass_axe_in_both_schemes(scheme, viewport, website, browser):
    """Open search, with results and with none (its help shown): AAA contrast included."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    page = context.new_page()
    found = {}
    for query, help_shown in (("steroid side effects", False), ("zzqxj", True)):
        page.goto(website + "relapses/")
        page.evaluate("document.getElementById('__search').click()")
        page.focus(".md-search__input")
        page.keyboard.type(query)
        page.wait_for_function(
            "() => !/Initializing|Type to start/.test(document.querySelector('.md-search-result__meta').textContent)"
        )
        # Typed key by key, each part of the query is answered in turn (and "steroid side e" may
        # briefly be one the guide does not cover): wait for the whole query's answer.
        page.wait_for_function(
            f"document.querySelector('[data-guide-search-help]').hidden === {str(not help_shown).lower()}",
            timeout=5000,
        )
        # The search opens with a fade: contrast is judged once it has ended, as a reader sees it.
        page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        result = run_axe(page)
        assert result["passes"] > 10
        if result["violations"]:
            found[query] = result["violations"]
    context.close()
    assert found == {}, json.dumps(found, indent=1)
