"""The navigation cache (theme_fixes/nav_cache.py, overrides/partials/nav-item.html): each item is
rendered once per depth instead of once per page, and the built site is byte for byte the site
Material writes without it, with the same problems found, whatever the navigation's shape and
the form of the addresses. The drift check of the copied partial is in test_theme_fixes.py."""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import material as material_theme
import pytest
from conftest import ROOT
from guide.outputs.html_fixes import stands_alone
from guide.theme_fixes import material
from guide.theme_fixes.nav_cache import NavCache, page_folder
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import get_relative_url

from devtools.synthetic import generate

MATERIAL_PARTIAL = Path(material_theme.__file__).resolve().parent / "templates" / material.NAV_PARTIAL
OVERRIDE = ROOT / "overrides" / material.NAV_PARTIAL


# ---- the copied partial and the cache's key ----


@pytest.mark.unit
def test_the_override_is_materials_partial_with_render_asking_the_cache_first():
    theirs, ours = MATERIAL_PARTIAL.read_text(), OVERRIDE.read_text()
    header = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
    assert theirs.startswith(header)
    body = theirs[len(header) :].replace(
        "{% macro render(nav_item, path, level, parent) %}",
        "{% macro render_uncached(nav_item, path, level, parent) %}",
    )
    assert body.count("render_uncached") == 1
    start = ours.index("-#}\n") + len("-#}\n")
    wrapper = ours[start + len(body) :]
    assert ours[start : start + len(body)] == body
    assert "guide_nav_cached(render_uncached, nav_item, path, level, parent, page)" in wrapper
    assert wrapper.strip().startswith("{% macro render(nav_item, path, level, parent) -%}")


FOLDER = st.lists(st.sampled_from(["a", "b", "c"]), max_size=3)


@pytest.mark.unit
@given(FOLDER, FOLDER, FOLDER, st.booleans(), st.booleans())
def test_pages_with_the_same_key_get_the_same_relative_links(target, one, other, directory_urls, target_is_folder):
    """An item's links, as MkDocs writes them for two pages, are the same whenever the cache gives
    the two pages the same key (the key is exact, not a guess)."""

    def url(parts, folder):
        if directory_urls or folder:
            return "/".join(parts) + "/" if parts else ""
        return "/".join([*parts, "page.html"])

    item = SimpleNamespace(url=url(target, target_is_folder), children=None, active=False, file=None)
    cache = NavCache()
    pages = [SimpleNamespace(url=url(parts, False), file=object()) for parts in (one, other)]
    keys = [cache.key(item, "__nav_1", 1, None, page) for page in pages]
    if keys[0] == keys[1]:
        assert get_relative_url(item.url, pages[0].url) == get_relative_url(item.url, pages[1].url)
    for page in pages:
        dirname, _, base = page.url.rpartition("/")
        assert "/".join(page_folder(page.url)) == posixpath.normpath(dirname if "." in base else page.url).strip(".")


@pytest.mark.unit
def test_an_item_is_cached_per_language_of_the_page():
    """Two pages at the same depth in two languages (issue 26: each language has its navigation)
    never share an item's rendering; two pages of one language do."""
    item = SimpleNamespace(url="questions/", children=None, active=False, file=None)
    cache = NavCache()
    cache.language_of = lambda page: page.language
    pages = [
        SimpleNamespace(url=f"{lang}/{name}/", file=object(), language=lang)
        for lang, name in (("es", "a"), ("es", "b"), ("fr", "a"))
    ]
    spanish, other_spanish, french = (cache.key(item, "__nav_1", 1, None, page) for page in pages)
    assert spanish == other_spanish and spanish != french
    renders = []
    for page in pages:
        cache.top_level(lambda *arguments: renders.append(arguments) or "item", [item], page)
    assert len(renders) == 2  # once for Spanish, once for French


@pytest.mark.unit
def test_only_markup_that_parses_alike_alone_and_in_the_page_is_spliced():
    assert stands_alone('<li class="md-nav__item"><a href="../topic-1/" class="md-nav__link">Topic &amp; 1</a></li>')
    assert stands_alone('<li><svg viewBox="0 0 24 24"><path d="M0 0"/></svg><input type="checkbox" id="x"></li>')
    for unsafe in (
        "<li><b>Section</li>",  # an element left open
        '<li><a title="a>b">x</a></li>',  # a '>' that is not a tag's end
        "<li><script>alert(1)</script></li>",
        "<li><!-- a comment --></li>",
        '<li><meta http-equiv="refresh"></li>',
        '<li data-guide-due="2030-01-01">x</li>',  # the page's status script looks for it
    ):
        assert not stands_alone(unsafe), unsafe


# ---- whole builds, with and without the cache ----


def foldered(site: Path, pages: int) -> None:
    """Move the synthetic guide's topics into folders of several depths, with a section index
    page in a folder and a link to another site in the navigation; links stay relative."""
    docs = site / "docs"

    def where(n: int) -> str:
        return ["", "a/", "a/b/", "c/", "a/d/"][n % 5]

    def rewrite(text: str, here: str) -> str:
        return re.sub(
            r"\]\(topic-(\d+)\.md",
            lambda m: "](" + posixpath.relpath(f"{where(int(m[1]))}topic-{m[1]}.md", here or "."),
            text,
        )

    for n in range(pages):
        text = (docs / f"topic-{n}.md").read_text()
        (docs / f"topic-{n}.md").unlink()
        (docs / where(n)).mkdir(parents=True, exist_ok=True)
        (docs / where(n) / f"topic-{n}.md").write_text(rewrite(text, where(n).rstrip("/")))
    (docs / "index.md").write_text(rewrite((docs / "index.md").read_text(), ""))
    front = (docs / "topic-0.md").read_text().split("---\n")[1].replace("Topic 0", "Folder A")
    (docs / "a" / "index.md").write_text(f"---\n{front}---\n\n# Folder A\n\nThe pages in folder a.\n")
    config = (site / "mkdocs.yml").read_text()
    config = re.sub(r"(?m)^(\s+- )topic-(\d+)\.md$", lambda m: f"{m[1]}{where(int(m[2]))}topic-{m[2]}.md", config)
    config = config.replace(
        "  - Section 1:\n", "  - Section 1:\n    - a/index.md\n    - Elsewhere: https://example.org/ms\n", 1
    )
    (site / "mkdocs.yml").write_text(config)


def build_site(site: Path, out: Path, overrides: Path, directory_urls: bool):
    """Build the site into out/site with the theme's folder `overrides` (the same folder name for
    both builds: problems on the print page name it); the guide's build (its problems, its cache)."""
    config_file = site / f"mkdocs-{out.name}.yml"
    out = out / "site"
    text = (site / "mkdocs.yml").read_text().replace(f"custom_dir: {ROOT / 'overrides'}", f"custom_dir: {overrides}")
    config_file.write_text(text + f"use_directory_urls: {str(directory_urls).lower()}\n")
    config = load_config(str(config_file), site_dir=str(out))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    build(config)
    return config.plugins["guide"].build


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Six sites, each built twice (with and without the cache): what a Material upgrade must pass,
# not an editor's quick feedback. `make test` runs it.
@pytest.mark.fixtures
@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
@pytest.mark.parametrize("shape", ["flat", "sectioned", "foldered"])
def test_the_cached_navigation_builds_the_same_site_as_materials(tmp_path, shape, directory_urls):
    site = tmp_path / "site"
    generate(site, 15, broken_links=1, broken_anchors=1, project=ROOT, sections=0 if shape == "flat" else 3)
    if shape == "foldered":
        foldered(site, 15)
    # Material's own partial: the guide's theme folder without the copy.
    plain = tmp_path / "plain-overrides"
    shutil.copytree(ROOT / "overrides", plain)
    (plain / material.NAV_PARTIAL).unlink()

    uncached = build_site(site, tmp_path / "uncached", plain, directory_urls)
    cached = build_site(site, tmp_path / "cached", ROOT / "overrides", directory_urls)

    assert uncached.nav is None
    assert cached.nav is not None and cached.nav.hits > 0 and cached.nav.misses > 0
    assert cached.nav.fragments, "no item was spliced: the page-level work is not saved"
    before, after = site_files(tmp_path / "uncached" / "site"), site_files(tmp_path / "cached" / "site")
    assert sorted(after) == sorted(before)
    assert [name for name in before if before[name] != after[name]] == []
    assert "guide-nav-" not in "".join(p.decode("utf-8", "replace") for n, p in after.items() if n.endswith(".html"))
    # The same problems (the planted broken link and anchor among them), and links counted alike.
    assert cached.problems == uncached.problems
    assert {p.kind for p in cached.problems} >= {"link-page-missing", "link-anchor-missing"}
    assert cached.internal_links_checked == uncached.internal_links_checked > 0


@pytest.mark.fixtures
def test_a_navigation_title_holding_html_is_refused_at_its_line_before_anything_is_built_with_or_without_the_cache(
    tmp_path, caplog
):
    site = tmp_path / "site"
    generate(site, 6, project=ROOT, sections=2)
    config = (
        (site / "mkdocs.yml").read_text().replace("  - Section 2:\n", '  - "Section <img src=x onerror=alert(1)>":\n')
    )
    (site / "mkdocs.yml").write_text(config)
    plain = tmp_path / "plain-overrides"
    shutil.copytree(ROOT / "overrides", plain)
    (plain / material.NAV_PARTIAL).unlink()

    refused = []
    for out, overrides in (("uncached", plain), ("cached", ROOT / "overrides")):
        caplog.clear()
        with pytest.raises(Abort):
            build_site(site, tmp_path / out, overrides, True)
        said = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.guide"]
        refused.append([line.replace(f"mkdocs-{out}.yml", "mkdocs.yml") for line in said])
        assert not (tmp_path / out / "site" / "index.html").exists()
    assert refused[0] == refused[1]
    assert [line.split(": ", 1)[1] for line in refused[0]] == [
        "The navigation title 'Section <img src=x onerror=alert(1)>' holds HTML, which the theme writes into "
        "every page as it is. Write it as plain text, without '<'."
    ]
