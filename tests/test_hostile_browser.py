"""Hostile pages, built and opened in a real browser: nothing in them runs.

The fixture tests/fixtures/hostile-payloads holds a payload of every class (scripts, event
handlers, javascript: links, frames, forms, refreshes, styles, images from another host, the
comment trick, hostile front matter, headings, references and glossary entries), each set to do
something a browser would show if it ran: a dialog, a new document.title, a trip to evil.example.
It is built with plain `mkdocs build` (the guide plugin without scripts/build.py, which would
refuse to publish it), so the pages are written; then every page of the website (over http, under
/guide/) and of the offline copy (over file://) is opened in Chromium, and each must have run
nothing: no dialog, no navigation, no request outside the site, its title as built, no
Content-Security-Policy report (the content was cleaned, so nothing even tried), no event
handler, no javascript: address, no frame or refresh and no inline script but the theme's.
The same must hold once a reader has pointed at every tooltip and used the search, which both
draw text from the pages (titles, the search index) into the live page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import FIXTURES, ROOT, snapshot
from guide.outputs.html_fixes import is_known

from devtools.browsing import RequestLog, search
from devtools.serving import serve

pytestmark = [pytest.mark.fixtures, pytest.mark.browser]

FIXTURE = FIXTURES / "hostile-payloads"
EVIL = "evil.example"
MARKER = "PWNED"  # what the payloads write into document.title
PAGES = [
    "index",
    "attributes",
    "data",
    "embeds",
    "front-matter",
    "glossary",
    "handlers",
    "headings",
    "links",
    "sources",
    "tooltips",
]
WEBSITE_FILES = sorted(
    ["404.html", "index.html", "print_page/index.html", *(f"{p}/index.html" for p in PAGES if p != "index")]
)
# Plain MkDocs also writes a 404 page into the offline copy; the bundle leaves it out (its links
# are absolute: scripts/guide/outputs/bundle.py), so it is not opened from there.
OFFLINE_FILES = sorted(["404.html", "print_page.html", *(f"{p}.html" for p in PAGES)])
SETTLE_MS = 1500  # after load: long enough for a 0-second refresh, a timer or a failed image

# Before any of the page's own code: an init script is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sample}) at ${e.sourceFile}:${e.lineNumber}`));
"""
# What is live in the page once everything has run: its title, its base address, every event
# handler, every javascript:/vbscript: (or non-image data:) address, and the inline scripts.
LIVE_STATE = """offline => {
    const handlers = [], addresses = [];
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"];
    for (const el of document.querySelectorAll("*")) {
        for (const a of el.attributes) {
            const name = a.name.toLowerCase();
            if (name.startsWith("on")) handlers.push(`<${el.localName} ${a.name}="${a.value}">`);
            if (!urlAttributes.includes(name)) continue;
            if (name === "srcdoc") { addresses.push(`<${el.localName} srcdoc>`); continue; }
            let scheme;
            try { scheme = new URL(a.value, document.baseURI).protocol; } catch (e) { continue; }
            if (["javascript:", "vbscript:"].includes(scheme) || (scheme === "data:" && el.localName !== "img"))
                addresses.push(`<${el.localName} ${a.name}="${a.value}">`);
        }
    }
    return {
        title: document.title,
        baseURI: document.baseURI,
        handlers, addresses,
        violations: window.__violations || null,
        inlineScripts: [...document.scripts].filter(s => !s.src
            && !["application/json", "application/ld+json"].includes(s.type)).map(s => s.text),
        // The theme's search form has no action; offline, the search shim adds an empty hidden iframe.
        frames: [...document.querySelectorAll("iframe, frame, object, embed, portal, base, form[action], "
            + "[formaction], meta[http-equiv=refresh i]")].map(e => e.outerHTML.slice(0, 120))
            .filter(html => !(offline && html === '<iframe hidden=""></iframe>')),
    };
}"""


# MkDocs' own build with the guide plugin, as `mkdocs build` runs it; the offline copy is the
# plugin's option, which only a program sets.
MKDOCS_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from guide.settings import RunOptions
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins["guide"].config.run = RunOptions(offline=sys.argv[3] == "offline")
build(config)
"""


def mkdocs_build(site_dir: Path, offline: bool) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            MKDOCS_BUILD,
            str(FIXTURE / "mkdocs.yml"),
            str(site_dir),
            "offline" if offline else "website",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """The hostile fixture built by plain MkDocs: the website and the offline copy."""
    before = snapshot(FIXTURE)
    root = tmp_path_factory.mktemp("hostile")
    outputs = {"site": root / "site", "offline": root / "offline"}
    logs = {name: mkdocs_build(folder, offline=name == "offline") for name, folder in outputs.items()}
    return {**outputs, "logs": logs, "fixture_before": before, "fixture_after": snapshot(FIXTURE)}


@pytest.fixture(scope="module")
def website(built):
    with serve(built["site"], "guide") as base:
        yield base


def html_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


def built_title(file: Path) -> str:
    title = lxml.html.document_fromstring(file.read_text(encoding="utf-8")).findtext(".//title") or ""
    return " ".join(title.split())


def open_page(browser, url: str, allowed: str) -> dict:
    """A page in its own context, with everything it could do recorded."""
    context = browser.new_context()
    # Nothing leaves the site, even if something tried: every request is logged, outside ones refused.
    context.route(lambda u: not u.startswith((allowed, "data:", "blob:")), lambda route: route.abort())
    page = context.new_page()
    seen = {
        "context": context,
        "page": page,
        "url": url,
        "dialogs": [],
        "console": [],
        "errors": [],
        "navigations": [],
        "requests": RequestLog(page),
    }
    page.on("dialog", lambda d: (seen["dialogs"].append(f"{d.type}: {d.message}"), d.dismiss()))
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("framenavigated", lambda f: seen["navigations"].append(f.url) if f == page.main_frame else None)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url, wait_until="load")
    return seen


def hover_tooltips(page) -> int:
    """Point at everything that shows a tooltip (glossary terms, titled links and spans), as a
    reader would: the theme draws the tooltip at once, from the element's title."""
    start = page.url
    targets = page.locator("article abbr:visible, article [title]:not(.headerlink):visible")
    hovered = 0
    for i in range(min(targets.count(), 200)):
        if page.url != start:  # a tooltip took the reader away: what_ran says where
            break
        try:
            targets.nth(i).hover(timeout=1000)
            hovered += 1
        except Exception:  # the page is going away
            pass
        page.mouse.move(0, 0)  # the tooltip closes, and covers nothing else
    return hovered


def what_ran(seen: dict, expected_title: str, allowed: str, offline: bool = False) -> list[str]:
    """Everything the page did or holds that it should not; empty when nothing ran."""
    page, url = seen["page"], seen["url"]
    problems = [f"dialog {d}" for d in seen["dialogs"]]
    problems += [f"navigated to {u}" for u in seen["navigations"] if u != url]
    outside = seen["requests"].outside(allowed)
    problems += [f"requested {u}" for u in dict.fromkeys(outside)]
    problems += [f"requested {u}" for u in dict.fromkeys(seen["requests"].urls) if EVIL in u and u not in outside]
    problems += [f"console: {m[:160]}" for m in seen["console"] if "Content Security Policy" in m]
    problems += [f"page error: {e}" for e in seen["errors"]]
    if page.url != url:  # the document is no longer the page's: nothing more to read in it
        return [*problems, f"left for {page.url} (title {page.title()!r})"]
    state = page.evaluate(LIVE_STATE, offline)
    if MARKER in state["title"] or state["title"] != expected_title:
        problems.append(f"title is {state['title']!r}, built as {expected_title!r}")
    if state["baseURI"] != url.split("#")[0]:
        problems.append(f"base address is {state['baseURI']}")
    if state["violations"] is None:
        problems.append("the violation recorder did not run")
    problems += [f"policy violation: {v}" for v in state["violations"] or []]
    problems += [f"event handler {h}" for h in state["handlers"]]
    problems += [f"address {a}" for a in state["addresses"]]
    problems += [
        f"inline script that is not the theme's: {s[:80]!r}" for s in state["inlineScripts"] if not is_known(s)
    ]
    problems += [f"element {e}" for e in state["frames"]]
    return problems


def visit_every_page(
    browser, folder: Path, urls: dict[str, str], allowed: str, offline: bool = False
) -> dict[str, dict[str, list[str]]]:
    """Open every page at once (one context each) and let them settle (each has had at least
    SETTLE_MS after its load): what each did on its own. Then point at their tooltips: what
    that added. {"load": {page: problems}, "tooltips": {page: problems}}, empty when nothing ran."""
    opened, found = {}, {"load": {}, "tooltips": {}}
    try:
        for rel, url in urls.items():
            opened[rel] = open_page(browser, url, allowed)
        first = opened[next(iter(opened))]["page"]
        first.wait_for_timeout(SETTLE_MS)
        on_load = {rel: what_ran(seen, built_title(folder / rel), allowed, offline) for rel, seen in opened.items()}
        pointed = sum(hover_tooltips(seen["page"]) for seen in opened.values())
        assert pointed >= 10  # the glossary terms and titled links were really pointed at
        first.wait_for_timeout(500)  # for a refresh that a tooltip held
        for rel, seen in opened.items():
            added = [p for p in what_ran(seen, built_title(folder / rel), allowed, offline) if p not in on_load[rel]]
            for phase, problems in (("load", on_load[rel]), ("tooltips", added)):
                if problems:
                    found[phase][rel] = problems
    finally:
        for seen in opened.values():
            seen["context"].close()
    return found


def listed(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{rel}: {problem}" for rel, problems in found.items() for problem in problems)


# ---- The build ----


@pytest.mark.parametrize("output", ["site", "offline"])
def test_plain_mkdocs_writes_every_hostile_page_and_reports_each_class(built, output):
    log = built["logs"][output]
    text = log.stdout + log.stderr
    assert log.returncode in (0, 1), text
    assert "Traceback" not in text, text
    assert html_files(built[output]) == (WEBSITE_FILES if output == "site" else OFFLINE_FILES)
    # The payloads reached the build (the fixture holds what it says): each class is reported.
    for report in [
        "The page contains a <script> element",
        "The page contains an event handler (onerror) on <img>",
        "The page contains an event handler (onclick) on <p>",  # attribute list
        "The page contains a 'javascript:' address in <a href>",
        "The page contains a <iframe> element",
        "The page contains a <meta> element",
        "The page contains a <base> element",
        "The page contains a <form> element",
        "The page contains an image from another site",
        "The page contains a style that is not allowed",
        "docs/front-matter.md:2: 'title' contains HTML",
        "docs/front-matter.md:3: 'description' contains HTML",
        "Entry 'evil2020': 'url' is not a web address",
        "Glossary entry 'EVIL': 'definition' contains HTML",
    ]:
        assert report in text, report


def test_building_the_hostile_fixture_writes_nothing_into_it(built):
    assert built["fixture_after"] == built["fixture_before"]


# ---- In the browser ----


def website_urls(built, website) -> dict[str, str]:
    return {
        rel: website + ("" if rel == "index.html" else rel.removesuffix("index.html"))
        for rel in html_files(built["site"])
    }


def offline_urls(built) -> dict[str, str]:
    return {rel: (built["offline"] / rel).as_uri() for rel in html_files(built["offline"]) if rel != "404.html"}


@pytest.fixture(scope="module")
def website_visit(built, website, browser):
    return visit_every_page(browser, built["site"], website_urls(built, website), website)


@pytest.fixture(scope="module")
def offline_visit(built, browser):
    offline = built["offline"]
    return visit_every_page(browser, offline, offline_urls(built), offline.as_uri() + "/", offline=True)


def test_hostile_pages_run_nothing_on_the_website(website_visit):
    assert website_visit["load"] == {}, listed(website_visit["load"])


def test_hostile_pages_run_nothing_in_the_offline_copy(offline_visit):
    assert offline_visit["load"] == {}, listed(offline_visit["load"])


# The theme draws a tooltip from an element's title (glossary terms, abbreviations, titled links)
# when a reader points at it: escaped markup in a title must stay text there too.


def test_hostile_tooltips_run_nothing_on_the_website(website_visit):
    assert website_visit["tooltips"] == {}, listed(website_visit["tooltips"])


def test_hostile_tooltips_run_nothing_in_the_offline_copy(offline_visit):
    assert offline_visit["tooltips"] == {}, listed(offline_visit["tooltips"])


@pytest.mark.parametrize("output", ["site", "offline"])
def test_searching_the_hostile_pages_runs_nothing(built, website, browser, output):
    """Search results are drawn from the index as HTML: the hostile text must stay text there."""
    if output == "site":
        start, allowed = website, website
    else:
        start, allowed = (built["offline"] / "index.html").as_uri(), built["offline"].as_uri() + "/"
    seen = open_page(browser, start, allowed)
    page = seen["page"]
    try:
        shown = 0
        for query in ["onerror", "script", "handler", "SNEAKY"]:
            shown += len(search(page, start, query))
            page.wait_for_timeout(300)
            page.keyboard.press("Escape")
        assert shown >= 4  # the hostile pages were in the results
        problems = what_ran(seen, built_title(built[output] / "index.html"), allowed, output == "offline")
    finally:
        seen["context"].close()
    assert problems == [], "\n".join(problems)
