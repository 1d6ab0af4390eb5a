"""The way an attacker works: known mutation-XSS and parser-differential vectors
(tests/data/xss-corpus.yml, each with its published source) pushed through every entry point of a
guide, built, and opened in Chromium.

Each entry point (page bodies, front matter, data files, mkdocs.yml values, a theme override, file
names) is one fixture site in a temporary folder that carries many vectors (tests/attack_sites.py).
For each:

- `scripts/build.py build` ends with exit 0, 1 or 2 and never a traceback; a refused build leaves
  the previous dist/ exactly as it was. Then, as an attacker keeps what gets past the checks, the
  vectors its problems point at are taken out and the site is built again, until it builds: what
  it publishes (the website on localhost under /guide/, the offline copy over file://) is opened
  in Chromium, and the whole-guide PDF and a handout are read back.
- Plain `mkdocs build` with the guide plugin (which writes every page, refused or not) builds the
  whole site, and its website is opened in Chromium too: the pages' own defences, without the
  build script's refusal.

In Chromium a page fails on any request outside the bundle, any navigation, any dialog, any
script run (a new title, an uncaught error), any Content-Security-Policy report, and on anything
live that could run later (an event handler, a javascript: address, a script that is not the
theme's, a frame, a refresh). A PDF fails on text that is not the guide's own (/etc/passwd, the
payloads' marker) or when it is not the guide (its cover and pages missing).

At unit level, guide.published_html.publishable (the final step every published HTML file
passes) is given each vector and Hypothesis-generated markup in a full page, and its output is
opened in Chromium with no policy at all: it must run nothing and load nothing on its own.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from attack_sites import ENTRY_POINTS, FOREIGN_TEXT, SITE_NAME, Site, load_corpus
from conftest import MARKER, MARKER_TEXT, ROOT, run_build, snapshot
from guide.outputs import published_html
from guide.outputs.html_fixes import is_known
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from devtools.attack import SETTLE_MS, Sandbox, findings, open_watched, refuse_outside
from devtools.serving import serve

pytestmark = [pytest.mark.fixtures, pytest.mark.browser]

CORPUS = load_corpus()
HTML = [v for v in CORPUS if v["kind"] == "html"]
MARKDOWN = [v for v in CORPUS if v["kind"] == "markdown"]
FILE_NAMES = [v for v in CORPUS if v["kind"] == "filename"]


def sample() -> list[dict]:
    """The vectors for the entry points other than page bodies (each build and page costs): every
    one of the issue's own classes, and the first few of each other source, loud and mutating;
    and each of the issue's classes escaped once, as text (`-escaped`): plain text passes the
    checks of front matter and data, and must stay text wherever it is written (a tooltip, an
    attribute, print-site's addresses decode)."""
    chosen = [v for v in HTML if v["source"] == "issue-21"]
    for source in sorted({v["source"] for v in HTML} - {"issue-21"}):
        for raw in ("loud", "mutation"):
            chosen += [v for v in HTML if v["source"] == source and v.get("raw") == raw][:2]
    escaped = [
        {**v, "id": v["id"] + "-escaped", "payload": html.escape(v["payload"]), "note": "escaped as text by the test"}
        for v in HTML
        if v["source"] == "issue-21"
    ]
    return chosen + escaped


VECTORS = {
    "page-body": HTML + MARKDOWN,
    "front-matter": sample(),
    "data-files": sample(),
    "settings": sample(),
    "templates": [v for v in HTML if v["source"] == "issue-21"],
    "file-names": FILE_NAMES,
}
# The entry points where pages that get past the checks must exist (so something is opened).
MUST_PUBLISH = {"page-body", "front-matter", "data-files", "file-names", "templates"}
PASSES = 5  # builds of one site, each without what the one before refused


# ---- Corpus ----


def test_the_corpus_names_a_known_source_and_a_kind_for_every_vector():
    sources = {"dompurify", "ammonia", "owasp", "html5lib-tests", "issue-21"}
    header = (ROOT / "tests" / "data" / "xss-corpus.yml").read_text(encoding="utf-8").split("vectors:")[0]
    for source in sources:
        assert f"#   {source} " in header  # with its licence
    assert len({v["id"] for v in CORPUS}) == len(CORPUS)
    for v in CORPUS:
        assert v["source"] in sources and v["ref"] and v["kind"] in ("html", "markdown", "filename"), v["id"]
        # The marker only a script that ran can write: no payload holds it as text.
        assert "PWNED" not in v["payload"], v["id"]
    assert len(HTML) >= 80 and len(MARKDOWN) >= 8 and len(FILE_NAMES) >= 4


# ---- Fixture sites through every entry point ----

MKDOCS_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from guide.settings import RunOptions
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins["guide"].config.run = RunOptions(offline=False)
build(config)
"""


def plain_mkdocs(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-c", MKDOCS_BUILD, str(config), str(site_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=ROOT,
    )


def problems_of(result: subprocess.CompletedProcess) -> list[dict]:
    import json

    try:
        return json.loads(result.stdout).get("problems", [])
    except ValueError:
        return []


def quoted_in(result: subprocess.CompletedProcess, vectors: list[dict]) -> set[str]:
    """The vectors that a traceback's last line quotes (a parser's "expected name token at
    '<![><img'"): a build that stopped on them, reported by the test on tracebacks."""
    last = (result.stdout + result.stderr).strip().splitlines()[-1:] or [""]
    quotes = [q.encode().decode("unicode_escape").strip() for q in re.findall(r"'(.{6,}?)'", last[0])]
    return {v["id"] for v in vectors if any(q and q in v["payload"] for q in quotes)}


def previous_dist(folder: Path) -> Path:
    dist = folder / "dist"
    (dist / "site").mkdir(parents=True)
    (dist / "site" / "index.html").write_text("<p>the previous build</p>\n")
    (dist / "report.json").write_text("{}\n")
    (dist / MARKER).write_text(MARKER_TEXT)
    return dist


# Page bodies (the whole corpus) are the quick part; every entry point is a few builds and a browser
# visit of every page, so the others are slow (left out of make test-fast, run by make test).
QUICK = ("page-body",)


@pytest.fixture(
    scope="module",
    params=[pytest.param(entry, marks=() if entry in QUICK else pytest.mark.slow) for entry in ENTRY_POINTS],
)
def attack(request, tmp_path_factory) -> dict:
    """One entry point: its site built by the build script until it builds (each time without
    what the last build refused), and built whole by plain MkDocs."""
    return attack_through(request.param, list(VECTORS[request.param]), tmp_path_factory.mktemp(request.param))


def attack_through(entry: str, vectors: list[dict], root: Path) -> dict:
    site, write = Site(root / "site"), ENTRY_POINTS[entry]
    dist = previous_dist(root)
    runs, refused = [], []
    site.per_page = 4
    write(site, vectors)
    plain_site = root / "plain"
    plain = plain_mkdocs(site.folder / "mkdocs.yml", plain_site)
    if not plain_site.exists():  # it stopped on a page (a traceback, reported): the others are built
        out = site.layout.refused([], plain.stdout + plain.stderr) | quoted_in(plain, vectors)
        write(site, [v for v in vectors if v["id"] not in out])
        plain = plain_mkdocs(site.folder / "mkdocs.yml", plain_site)
    site.per_page = 1
    write(site, vectors)
    for _ in range(PASSES):
        before = snapshot(dist)
        result = run_build("build", "--format", "json", "--config-file", str(site.folder / "mkdocs.yml"), dist=dist)
        runs.append(
            {"result": result, "before": before, "after": snapshot(dist), "vectors": [v["id"] for v in vectors]}
        )
        if result.returncode != 1:
            break
        rewritten = tuple(v["id"] for v in vectors if v["kind"] in ("markdown", "filename"))
        out = site.layout.refused(problems_of(result), result.stdout + result.stderr, rewritten) or quoted_in(
            result, vectors
        )
        if not out:
            break
        refused += sorted(out)
        vectors = [v for v in vectors if v["id"] not in out]
        write(site, vectors)  # with none left, the site alone: it must build
    published = runs[-1]["result"].returncode == 0
    return {
        "entry": entry,
        "site": site,
        "runs": runs,
        "refused": refused,
        "published": published,
        "dist": dist,
        "plain": plain,
        "plain_site": plain_site,
    }


def test_every_build_ends_with_exit_0_1_or_2_and_no_traceback(attack):
    for run in attack["runs"]:
        result = run["result"]
        text = result.stdout + result.stderr
        assert result.returncode in (0, 1, 2), f"{attack['entry']}: exit {result.returncode}\n{text[-3000:]}"
        assert "Traceback" not in text, f"{attack['entry']}:\n{text[-3000:]}"
    plain = attack["plain"]
    assert "Traceback" not in plain.stdout + plain.stderr, (
        f"{attack['entry']}: plain mkdocs build:\n{plain.stderr[-3000:]}"
    )


def test_a_refused_build_leaves_the_previous_dist_untouched(attack):
    for run in attack["runs"]:
        if run["result"].returncode != 0:
            assert run["after"] == run["before"], attack["entry"]


def test_what_gets_past_the_checks_is_published(attack):
    """The corpus is not simply refused whole: pages that pass the checks are built, so the
    browser tests below open something. (Which vectors: the report, in the assertion text.)"""
    if attack["entry"] not in MUST_PUBLISH:
        pytest.skip(f"{attack['entry']}: the vectors share one file, so what is refused cannot always be taken out")
    last = attack["runs"][-1]["result"]
    errors = [p["message"] for p in problems_of(last) if p["severity"] == "error"] or [last.stderr[-2000:]]
    assert attack["published"], (
        f"{attack['entry']}: refused {attack['refused']}; last build (exit {last.returncode}):\n" + "\n".join(errors)
    )


def html_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))


# Offline, the theme's search shim adds an empty hidden frame (as tests/test_hostile_browser.py).
OFFLINE_SHIM_FRAME = 'element <iframe hidden=""></iframe>'


def visit(browser, urls: dict[str, str], allowed: tuple[str, ...], offline: bool = False) -> dict[str, list[str]]:
    """Every page opened at once (one context, pages in a pool of 12), settled, then read."""
    found = {}
    context = browser.new_context()
    refuse_outside(context, allowed)
    try:
        items = list(urls.items())
        for start in range(0, len(items), 12):
            opened = [(rel, open_watched(context, url)) for rel, url in items[start : start + 12]]
            opened[0][1].page.wait_for_timeout(SETTLE_MS)
            for rel, seen in opened:
                problems = findings(seen, allowed, known_script=is_known)
                if problems := [p for p in problems if not (offline and p == OFFLINE_SHIM_FRAME)]:
                    found[rel] = problems
                seen.page.close()
    finally:
        context.close()
    return found


def listed(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{rel}: {problem}" for rel, problems in found.items() for problem in problems)


def test_the_published_website_runs_and_loads_nothing(attack, browser):
    if not attack["published"]:
        pytest.skip(f"{attack['entry']}: nothing was published (every build refused)")
    site = attack["dist"] / "site"
    with serve(site, "guide") as base:
        urls = {rel: base + quote(rel) for rel in html_files(site)}
        found = visit(browser, urls, (base,))
    assert found == {}, f"{attack['entry']}:\n{listed(found)}"


def test_the_published_offline_copy_runs_and_loads_nothing(attack, browser):
    if not attack["published"]:
        pytest.skip(f"{attack['entry']}: nothing was published (every build refused)")
    offline = attack["dist"] / "offline"
    urls = {rel: (offline / rel).as_uri() for rel in html_files(offline)}
    found = visit(browser, urls, (offline.as_uri() + "/",), offline=True)
    assert found == {}, f"{attack['entry']}:\n{listed(found)}"


def test_what_plain_mkdocs_writes_runs_and_loads_nothing(attack, browser):
    site = attack["plain_site"]
    assert html_files(site), f"{attack['entry']}: plain mkdocs wrote nothing:\n{attack['plain'].stderr[-2000:]}"
    with serve(site, "guide") as base:
        urls = {rel: base + quote(rel) for rel in html_files(site)}
        found = visit(browser, urls, (base,))
    assert found == {}, f"{attack['entry']}:\n{listed(found)}"


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(
        [*(page.extract_text() or "" for page in reader.pages), *map(str, (reader.metadata or {}).values())]
    )


def test_the_printed_guide_and_handout_hold_the_guide_and_nothing_else(attack):
    if not attack["published"]:
        pytest.skip(f"{attack['entry']}: nothing was published (every build refused)")
    pdfs = attack["dist"] / "pdf"
    guide = pdfs / "corpus-guide.pdf"
    handout = pdfs / "handouts" / "index.pdf"
    assert guide.is_file() and handout.is_file(), sorted(p.name for p in pdfs.rglob("*.pdf"))
    flat = {path: " ".join(pdf_text(path).split()) for path in (guide, handout)}
    for path, text in flat.items():
        foreign = [marker for marker in FOREIGN_TEXT if marker in text]
        assert not foreign, f"{attack['entry']}: {path.name} holds {foreign}: {text[:300]}"
    assert SITE_NAME in flat[guide] and "Corpus home" in flat[guide], flat[guide][:300]
    assert "Corpus home" in flat[handout], flat[handout][:300]
    # Every page that was published is in the whole guide (the printer printed the guide).
    for _, title in attack["site"].layout.pages:
        assert title in flat[guide], f"{attack['entry']}: '{title}' is not in the printed guide"


# ---- The final step, one vector at a time, in a page with nothing else ----


def page_around(markup: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Corpus page</title></head>'
        f"<body><main><p>Before.</p>\n{markup}\n<p>After.</p></main></body></html>\n"
    )


@pytest.fixture(scope="module")
def sandbox(browser):
    box = Sandbox(browser)
    yield box
    box.close()


def test_every_loud_vector_is_seen_when_opened_as_it_is(sandbox):
    """The detector works: each vector that runs or loads something by itself is caught, opened
    without any defence. (A vector marked mutation only fires once a serialiser rewrites it.)"""
    loud = [v for v in HTML if v.get("raw") == "loud"]
    results = sandbox.open_all([page_around(v["payload"]) for v in loud])
    unseen = [v["id"] for v, (_, found) in zip(loud, results) if not found]
    assert unseen == []


def publishable():
    return lambda html: written(published_html.publishable(html))


def written(result) -> str:
    """What the final step wrote: a result with .html (and .findings), or an (html, findings) pair."""
    return result.html if hasattr(result, "html") else result[0]


def test_publishable_output_of_every_vector_runs_and_loads_nothing(sandbox):
    make = publishable()
    pages = [page_around(v["payload"]) for v in HTML]
    outputs = [make(p) for p in pages]
    results = sandbox.open_all(outputs)
    escaped = {v["id"]: found for v, (_, found) in zip(HTML, results) if found}
    assert escaped == {}, "\n".join(f"{vid}: {found}" for vid, found in escaped.items())


def test_publishable_is_stable_once_published(sandbox):
    """What the final step writes, read again by it, comes out the same: a browser's parse of the
    output is the tree that was checked (no mutation left for a second parse)."""
    make = publishable()
    changed = []
    for v in HTML:
        once = make(page_around(v["payload"]))
        if make(once) != once:
            changed.append(v["id"])
    assert changed == []


# Markup as a fuzzer writes it: the elements where parsers disagree (foreign content, raw text,
# tables, templates, select), attributes that carry markup or code, entities, comments and CDATA.
TAGS = [
    "svg", "math", "style", "title", "noscript", "template", "table", "select", "textarea", "mtext",
    "mglyph", "malignmark", "mi", "annotation-xml", "foreignObject", "desc", "xmp", "noembed",
    "noframes", "iframe", "option", "form", "p", "a", "img", "meta", "b", "tr", "td", "plaintext",
]  # fmt: skip
LOUD_VALUES = [
    "alert(1)",
    "0;url=https://evil.example/",
    "0;url=file:///etc/passwd",
    "javascript:alert(1)",
    "</style><img src=x onerror=alert(1)>",
    "</noscript><img src=x onerror=alert(1)>",
    "--><img src=x onerror=alert(1)>",
    "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
    "text/html",
]
ATTRIBUTES = [
    "id",
    "title",
    "href",
    "src",
    "onerror",
    "onload",
    "style",
    "http-equiv",
    "content",
    "encoding",
    "xlink:href",
]
RAW = [
    "<!--", "-->", "--!>", "<![CDATA[", "]]>", "<img src=x onerror=alert(1)>", "&lt;", "&gt;", "&quot;",
    "&#x3c;", "\"", "'", "<", ">", "</", "/>", "<?xml ?>", "text",
    "<meta http-equiv=refresh content=0;url=https://evil.example/>",
]  # fmt: skip


@st.composite
def markup(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["open", "open", "close", "raw", "raw"]))
        if kind == "raw":
            parts.append(draw(st.sampled_from(RAW)))
            continue
        tag = draw(st.sampled_from(TAGS))
        if kind == "close":
            parts.append(f"</{tag}>")
            continue
        attributes = draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(LOUD_VALUES)), max_size=2))
        quote = draw(st.sampled_from(['"', "'", ""]))
        text = "".join(f" {name}={quote}{value}{quote}" for name, value in attributes)
        parts.append(f"<{tag}{text}>")
    return "".join(parts)


def test_publishable_output_of_generated_markup_runs_and_loads_nothing(sandbox):
    """Generated in batches (a browser load each), bounded to well under a minute."""
    make = publishable()
    escaped = []

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.lists(markup(), min_size=20, max_size=20))
    def batch(markups):
        outputs = [make(page_around(m)) for m in markups]
        for m, (_, found) in zip(markups, sandbox.open_all(outputs)):
            if found:
                escaped.append(f"{m!r}: {found}")

    batch()
    assert escaped == [], "\n".join(escaped)


@pytest.mark.slow
def test_generated_markup_in_page_bodies_is_built_and_runs_and_loads_nothing(tmp_path_factory, browser):
    """Hypothesis's markup as page bodies, through both builds and into Chromium (a few sites of a
    dozen pages: each is a build and a visit, so the examples are few and not shrunk)."""
    found = []

    @settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(st.lists(markup(), min_size=12, max_size=12))
    def through_the_builds(markups):
        vectors = [{"id": f"generated-{n}", "kind": "html", "payload": m} for n, m in enumerate(markups)]
        built = attack_through("page-body", vectors, tmp_path_factory.mktemp("generated"))
        here = []
        for run in built["runs"]:
            text = run["result"].stdout + run["result"].stderr
            if run["result"].returncode not in (0, 1, 2) or "Traceback" in text:
                here.append(f"exit {run['result'].returncode}: {text[-600:]}")
            if run["result"].returncode != 0 and run["after"] != run["before"]:
                here.append("a refused build changed the previous dist/")
        outputs = [built["plain_site"]] + ([built["dist"] / "site"] if built["published"] else [])
        for folder in outputs:
            with serve(folder, "guide") as base:
                seen = visit(browser, {rel: base + quote(rel) for rel in html_files(folder)}, (base,))
            here.extend(f"{folder.name}/{rel}: {p}" for rel, problems in seen.items() for p in problems)
        if here:
            found.extend([f"markup: {markups!r}", *here])

    through_the_builds()
    assert found == [], "\n".join(found)
