"""Content safety as plain functions: the allowlist on rendered HTML, the theme's known scripts,
the files in docs/, and the output folders the build may replace."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT, snapshot
from guide.checks.safety import unsafe_content
from guide.checks.source_files import scan_docs
from guide.outputs import publish
from guide.outputs.html_fixes import content_security_policy, csp_hash, harden, is_known
from guide.outputs.published_html import publishable
from guide.theme_fixes.material import PALETTE_SCRIPT, SCOPE_SCRIPT

pytestmark = pytest.mark.unit

# Each payload of a class, as Markdown renders it (raw HTML passes through), and what is reported.
PAYLOADS = [
    ('<p>See `<script>document.title="PWNED"</script>` here.</p>', "a <script> element"),
    ('<a href="#" onclick="alert(1)">x</a>', "an event handler (onclick) on <a>"),
    ('<img src="x.png" alt="" onerror="alert(1)">', "an event handler (onerror) on <img>"),
    ('<a href="javascript:alert(1)">x</a>', "a 'javascript:' address in <a href>"),
    ('<a href="java&#9;script:alert(1)">x</a>', "a 'javascript:' address in <a href>"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "a 'javascript:' address in <a href>"),
    ('<a href="vbscript:msgbox(1)">x</a>', "a 'vbscript:' address in <a href>"),
    ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="">', "a 'data:' address in <img src>"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "a <meta> element"),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', "a <iframe> element"),
    ('<object data="x.swf"></object>', "a <object> element"),
    ('<embed src="x.swf">', "a <embed> element"),
    ('<form action="https://evil.example"><input name="q"></form>', "a <form> element"),
    ('<base href="https://evil.example/">', "a <base> element"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "a <link> element"),
    ("<style>body{background:url(https://evil.example/t)}</style>", "a <style> element"),
    ('<p style="background: url(https://evil.example/t)">x</p>', "a style that is not allowed"),
    ('<p style="position: fixed; top: 0">x</p>', "a style that is not allowed"),
    ("<svg><script>alert(1)</script></svg>", "a <svg> element"),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "a <math> element"),
    ('<img src="https://tracker.example/pixel.png" alt="">', "an image from another site"),
    ("<!--><img src=x onerror=alert(1)>-->", "an event handler (onerror) on <img>"),
    ('<a href="x" target="_blank">x</a>', "the attribute 'target' on <a>"),
    ('<abbr title="x" tabindex="99">MS</abbr>', "a tabindex of '99' on <abbr>"),
    (
        '<a href="x" title="&lt;meta http-equiv=refresh content=0;url=https://e.example&gt;">x</a>',
        "HTML in the title of <a>",
    ),
    ('<abbr title="<img src=x onerror=alert(1)>">MS</abbr>', "HTML in the title of <abbr>"),
]


@pytest.mark.parametrize("html, what", PAYLOADS, ids=[w for _, w in PAYLOADS])
def test_active_content_is_reported_and_removed_from_what_readers_get(html, what):
    cleaned, findings = unsafe_content(html)
    assert any(f.what.startswith(what) for f in findings), findings
    lowered = cleaned.lower()
    for active in (
        "<script",
        "<meta",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<base",
        "<link",
        "<style",
        "<svg",
        "<math",
        "javascript:",
        "vbscript:",
        "data:",
        "url(",
        "fixed",
        "tracker.example",
        "target=",
    ):
        assert active not in lowered, (active, cleaned)
    for el in lxml.html.fragment_fromstring(cleaned, create_parent="div").iter():
        assert not any(name.startswith("on") for name in el.attrib), cleaned
        assert "<" not in el.get("title", ""), cleaned


@pytest.mark.parametrize(
    "html",
    [
        "<!--><script>alert(1)</script><!---->",  # lxml and a browser disagree where the comment ends
        "<p>x</p><!--x--!><img src=x onerror=alert(1)>-->",
    ],
)
def test_markup_that_hides_code_from_one_parser_is_reported_and_cleaned(html):
    cleaned, findings = unsafe_content(html)
    assert findings
    assert "alert" not in cleaned or "<script" not in cleaned and "onerror" not in cleaned


def test_the_guides_own_markup_passes_unchanged_in_meaning():
    html = (
        '<h2 id="care">Care<a class="headerlink" href="#care" title="Link">¶</a></h2>'
        '<p>A <abbr title="multiple sclerosis">MS</abbr> fact.<sup id="fnref:k"><a class="footnote-ref" '
        'href="#fn:k">1</a></sup> <a href="relapses/#steroids">x</a> <a href="mailto:a@b.org">m</a> '
        '<a href="tel:+441234567890">t</a> <a href="https://www.nice.org.uk/">n</a></p>'
        '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>'
        '<table><thead><tr><th style="text-align: left;">a</th></tr></thead>'
        '<tbody><tr><td style="text-align: left;">b</td></tr></tbody></table>'
        '<details open><summary>More</summary><p>y</p></details><img src="../img/a.png" alt="A nurse">'
        '<div class="footnote"><hr><ol><li id="fn:k"><p>Ref.&nbsp;<a class="footnote-backref" '
        'href="#fnref:k" title="Jump back">&#8617;</a></p></li></ol></div><p>a <!-- note --> b</p>'
    )
    cleaned, findings = unsafe_content(html)
    assert findings == []
    for kept in (
        'id="care"',
        'class="headerlink"',
        'title="multiple sclerosis"',
        'href="#fn:k"',
        'href="relapses/#steroids"',
        'href="mailto:a@b.org"',
        'href="tel:+441234567890"',
        'style="text-align:left"',
        "<details open",
        'src="../img/a.png"',
        'alt="A nurse"',
    ):
        assert kept in cleaned, kept


def test_materials_search_exclude_is_kept_only_as_a_bare_boolean_attribute():
    cleaned, findings = unsafe_content('<p class="guide-reference" data-search-exclude>A study.</p>')
    assert findings == [] and "data-search-exclude" in cleaned
    cleaned, findings = unsafe_content('<p data-search-exclude="yes please">A study.</p>')
    assert [f.what for f in findings] == ["a value in data-search-exclude='yes please' on <p> (write it bare)"]
    assert "data-search-exclude" not in cleaned


def test_checking_a_huge_page_of_unclosed_tags_takes_linear_time():
    for html in ("<a " * 70_000, "<p>" + "<a href='" * 30_000, "&lt;a " * 60_000):
        started = time.perf_counter()
        unsafe_content(html)
        publishable(html)
        assert time.perf_counter() - started < 1.0


def test_only_the_themes_own_inline_scripts_are_allowed_by_the_policy():
    scope = SCOPE_SCRIPT.replace("{base}", "..")
    html = (
        f'<head><meta charset="utf-8"><script>{scope}</script><script>{PALETTE_SCRIPT}</script>'
        '<script>document.title="PWNED"</script><script id="c" type="application/json">{}</script>'
        '<script src="a.js"></script></head><a href="https://x.org">x</a>'
    )
    policy = content_security_policy(html)
    assert csp_hash(scope) in policy and csp_hash(PALETTE_SCRIPT) in policy
    assert csp_hash('document.title="PWNED"') not in policy and csp_hash("{}") not in policy
    assert [f.what.split(" (")[0] for f in publishable(html).findings] == [
        "an inline script that is not one of the theme's own"
    ]
    hardened = harden(html)
    assert hardened.index("Content-Security-Policy") < hardened.index("<script>")
    assert '<a rel="noopener noreferrer" href="https://x.org">' in hardened


@pytest.mark.parametrize(
    "base, known",
    [(".", True), ("../..", True), ("/guide/", True), ('");alert(1);//', False), ("https://evil.example/", False)],
)
def test_the_themes_settings_script_is_known_for_safe_bases_only(base, known):
    assert is_known(SCOPE_SCRIPT.replace("{base}", base)) is known


@pytest.mark.parametrize(
    "html, what",
    [
        ('<head><meta http-equiv="refresh" content="0;url=https://e.example"></head>', 'a <meta http-equiv="refresh">'),
        ('<body><button onclick="go()">x</button></body>', "an event handler (onclick) on <button>"),
        ('<head><script src="https://cdn.example/x.js"></script></head>', "a <script> loaded from another site"),
        ('<head><link rel="stylesheet" href="//cdn.example/x.css"></head>', "a <link> loaded from another site"),
        ('<body><iframe src="x.html"></iframe></body>', "a <iframe> element"),
        ('<head><base href="https://e.example/"></head>', "a <base> element"),
    ],
)
def test_a_built_page_is_scanned_whatever_wrote_it(html, what):
    assert [f.what.startswith(what) for f in publishable(html).findings] == [True]


def test_links_out_of_docs_and_special_files_are_refused(tmp_path):
    project = tmp_path / "project"
    docs = project / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "index.md").write_text("# Hi\n")
    (project / "secret.txt").write_text("token\n")
    os.symlink("/proc/self/environ", docs / "assets" / "env.txt")
    os.symlink(project / "secret.txt", docs / "secret.txt")
    os.symlink("/", docs / "root")
    os.symlink(docs, docs / "assets" / "loop")
    os.symlink(docs / "index.md", docs / "home.md")  # inside docs/: fine
    os.symlink(docs / "missing.md", docs / "gone.md")
    os.mkfifo(docs / "pipe.md")
    (docs / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (docs / "utf16.md").write_bytes("# Hi\n".encode("utf-16"))
    (docs / "nul.md").write_bytes(b"# Hi\n\nA\x00B\n")
    (docs / "bom.md").write_bytes("\ufeff# Hi\n".encode("utf-8"))
    (docs / "bad\nname.md").write_text("# Hi\n")
    messages = sorted(str(p) for p in scan_docs(docs, project))
    assert messages == [
        "docs/assets/env.txt: The file is a link to something outside docs/, which would be published. "
        "Replace the link with a copy of the file, inside docs/, or delete it.",
        "docs/assets/loop: The folder is a link to a folder that contains it. Delete the link.",
        "docs/bad\\nname.md: The name contains '\\n', which some computers cannot use in a file name. "
        "Rename it with letters, digits, '-' and '_' only.",
        "docs/gone.md: The file is a link that points to nothing (or to itself). Replace the link with "
        "the file itself, or delete it.",
        "docs/latin1.md:1: The file is not saved as UTF-8 (byte 0xE9 cannot be read). Save the file as "
        "UTF-8 (in most editors: Save As, Encoding: UTF-8).",
        "docs/nul.md:3: The file holds a NUL byte, so it is not plain text. Save the file as UTF-8 (in "
        "most editors: Save As, Encoding: UTF-8).",
        "docs/pipe.md: This is not a regular file (a pipe, socket or device). Delete it from docs/.",
        "docs/root: The file is a link to something outside docs/, which would be published. Replace "
        "the link with a copy of the file, inside docs/, or delete it.",
        "docs/secret.txt: The file is a link to something outside docs/, which would be published. "
        "Replace the link with a copy of the file, inside docs/, or delete it.",
        "docs/utf16.md:1: The file is saved as UTF-16, not UTF-8. Save the file as UTF-8 (in most "
        "editors: Save As, Encoding: UTF-8).",
    ]


def test_a_file_name_that_is_not_utf8_is_one_problem_naming_the_byte(tmp_path):
    docs = tmp_path / "project" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Hi\n")
    (docs / os.fsdecode(b"caf\xe9.md")).write_bytes(b"# Hi\n")  # a Latin-1 name
    assert [str(p) for p in scan_docs(docs, tmp_path / "project")] == [
        "docs/caf\\udce9.md: The name is not UTF-8 (byte 0xE9 cannot be read). "
        "Rename it with letters, digits, '-' and '_' only."
    ]


def protected(project: Path) -> list[Path]:
    return publish.protected_folders(project, project / "docs", project / "overrides")


@pytest.mark.parametrize("dist", ["docs", "docs/out", "overrides", "scripts", "tests", ".git", ".", "..", "/", "mine"])
def test_an_output_folder_that_holds_sources_or_was_not_made_by_the_build_is_refused(tmp_path, dist):
    project = tmp_path / "project"
    for folder in ("docs", "overrides", "scripts", "tests", ".git", "mine"):
        (project / folder).mkdir(parents=True)
        (project / folder / "keep.txt").write_text("keep\n")
    with pytest.raises(publish.OutputRefused):
        publish.refuse_dist(project / dist, project, protected(project))


def test_a_new_folder_or_one_the_build_made_may_be_replaced(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    publish.refuse_dist(project / "dist", project, protected(project))  # new
    (project / "dist").mkdir()
    (project / "dist" / publish.MARKER).write_text(publish.MARKER_TEXT)
    publish.refuse_dist(project / "dist", project, protected(project))


def test_the_report_never_overwrites_a_file_it_did_not_write(tmp_path):
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "notes.txt").write_text("mine\n")
    for target in ("docs/report.json", "notes.txt", "docs"):
        with pytest.raises(publish.OutputRefused):
            publish.refuse_report(project / target, project, protected(project))
    (project / "old.json").write_text('{"command": "check", "exit_code": 0}')
    publish.refuse_report(project / "old.json", project, protected(project))


def test_a_kill_between_the_two_renames_of_publishing_is_repaired_by_the_next_run(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / publish.MARKER).write_text(publish.MARKER_TEXT)
    (dist / "page.html").write_text("old\n")
    # The state a kill leaves after dist/ was moved aside and before staging took its place.
    publish.staging_dir(dist)
    publish.move_aside(dist)
    assert publish.recover(dist) == []
    assert (dist / "page.html").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_only_the_folders_the_build_made_beside_dist_are_removed(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / publish.MARKER).write_text(publish.MARKER_TEXT)
    (dist / "page.html").write_text("current\n")
    staging = publish.staging_dir(dist)  # a build killed while it ran
    # The user's: a folder with a leftover's name, a copy of a folder the build made (its claim
    # inside), dist/ renamed by hand to keep it, a link, a file.
    (tmp_path / "dist.old-mine").mkdir()
    (tmp_path / "dist.old-mine" / "notes.txt").write_text("mine\n")
    shutil.copytree(staging, tmp_path / "dist.staging-copy")
    kept = publish.move_aside(dist)  # then renamed by someone else, with its claim inside
    kept.rename(tmp_path / "dist.old-kept")
    (tmp_path / "dist.staging-link").symlink_to(tmp_path / "dist.old-mine")
    (tmp_path / "dist.old-file").write_text("a file\n")
    mine = ["dist.old-file", "dist.old-kept", "dist.old-mine", "dist.staging-copy", "dist.staging-link"]
    before = {name: snapshot(tmp_path / name) for name in mine}

    notices = publish.recover(dist)

    assert sorted(p.name for p in tmp_path.iterdir()) == mine  # only the staging folder went
    assert {name: snapshot(tmp_path / name) for name in mine} == before
    assert (tmp_path / "dist.old-mine" / "notes.txt").read_text() == "mine\n"
    # dist/ was not put back from the renamed copy: the build never moved that one aside.
    assert not dist.exists()
    assert notices == [
        f"{tmp_path / name}: left as it is. Its name is one the build gives its own folders beside "
        "dist/, but the build did not make it. Rename it if it is yours, or delete it."
        for name in mine
    ]


def test_a_second_build_on_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    with publish.BuildLock(tmp_path / "dist"):
        with pytest.raises(publish.BuildRunning, match="another build is running here"):
            with publish.BuildLock(tmp_path / "dist"):
                pass
    with publish.BuildLock(tmp_path / "dist"):  # released
        pass


def test_every_built_html_file_of_the_guide_passes_the_allowlist_scan(built_guide):
    import lxml.html

    pages = sorted(built_guide.glob("site/**/*.html")) + sorted(built_guide.glob("offline/**/*.html"))
    assert len(pages) >= 2 * 9
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert publishable(html).findings == [], page
        if "print_page" not in page.as_posix():  # the print cover holds a drawn QR code (SVG)
            for article in lxml.html.document_fromstring(html).iter("article"):
                content = "".join(lxml.html.tostring(child, encoding="unicode") for child in article)
                assert unsafe_content(content)[1] == [], page


# --- the kinds of file docs/ may hold ----------------------------------------------------------

IMAGES = {
    "a.png": b"\x89PNG\r\n\x1a\n....",
    "b.JPG": b"\xff\xd8\xff\xe0....",
    "c.jpeg": b"\xff\xd8\xff\xdb",
    "d.gif": b"GIF89a....",
    "e.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 ",
    "f.avif": b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1",
    "favicon.ico": b"\x00\x00\x01\x00\x01\x00",
    "g.png": b"\xff\xd8\xff\xe0",  # a JPEG named .png: browsers show it
}


def test_pages_data_in_data_and_real_images_are_the_only_kinds_docs_may_hold(tmp_path):
    project = tmp_path / "project"
    docs = project / "docs"
    (docs / "_data").mkdir(parents=True)
    (docs / "pics").mkdir()
    for name in ("index.md", "Notes.MD", "old.markdown", "x.mkd"):
        (docs / name).write_text("# Hi\n")
    (docs / "_data" / "glossary.yml").write_text("[]\n")
    (docs / "_data" / "more.yaml").write_text("[]\n")
    for name, data in IMAGES.items():
        (docs / "pics" / name).write_bytes(data)
    (docs / ".DS_Store").write_bytes(b"\x00\x00")  # hidden: never published by MkDocs
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "x.html").write_text("<script>alert(1)</script>")
    assert scan_docs(docs, project) == []


@pytest.mark.parametrize(
    "name, data, what",
    [
        ("x.html", b"<script>alert(1)</script>", "A web page or XML file (.html)"),
        ("x.HTM", b"<script>alert(1)</script>", "A web page or XML file (.htm)"),
        ("x.xhtml", b"<html/>", "A web page or XML file (.xhtml)"),
        ("x.xml", b"<x/>", "A web page or XML file (.xml)"),
        ("logo.svg", b"<svg onload=alert(1)>", "SVG images can hold scripts"),
        ("x.js", b"alert(1)", "A script or style sheet (.js)"),
        ("x.css", b"body{}", "A script or style sheet (.css)"),
        ("photo.png", b"<!doctype html><script>alert(1)</script>", "The file is named as an image (.png)"),
        ("empty.gif", b"", "The file is named as an image (.gif)"),
        ("settings.yml", b"a: 1\n", "A data file outside docs/_data/"),
        ("leaflet.pdf", b"%PDF-1.4", "docs/ holds pages (.md), data files"),
        ("CNAME", b"example.org", "docs/ holds pages (.md), data files"),
        ("x.md.html", b"<p>", "A web page or XML file (.html)"),
    ],
)
def test_every_other_kind_of_file_in_docs_is_refused_with_its_fix(tmp_path, name, data, what):
    project = tmp_path / "project"
    docs = project / "docs" / "sub"
    docs.mkdir(parents=True)
    (docs / name).write_bytes(data)
    [problem] = scan_docs(project / "docs", project)
    assert (problem.kind, problem.path, problem.line) == ("source-file", f"docs/sub/{name}", 0)
    assert problem.what.startswith(what) and problem.fix


def test_a_link_inside_docs_is_judged_by_its_own_name(tmp_path):
    project = tmp_path / "project"
    docs = project / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Hi\n")
    os.symlink(docs / "index.md", docs / "page.html")  # MkDocs would publish the page's text as HTML
    os.symlink(docs / "index.md", docs / "home.md")
    assert [p.path for p in scan_docs(docs, project)] == ["docs/page.html"]


def test_the_engine_never_runs_a_shell():
    # Names, pages and dates from the command line (make review BY="Dr $mith ...") and from the
    # pages are passed as arguments, never to a shell that would read $, backticks or quotes.
    import ast

    found = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name in ("os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "pty.spawn"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(shell=...)")
    assert found == []
