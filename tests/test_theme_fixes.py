"""The theme's workarounds (scripts/guide/theme_fixes): each repairs what it is made for, and
stops the build with one theme-drift line naming itself and the file when the theme or plugin
no longer writes what it repairs (an upgrade, an override). Then the whole way through the build
script: a fixture whose override drops what a workaround needs exits 2 with that one line, and
leaves dist/ as it was."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import material as material_theme
import pytest
from conftest import FIXTURES, ROOT, run_build, snapshot
from guide.errors import ThemeDrift
from guide.theme_fixes import material, print_site
from guide.theme_fixes.workaround import Workaround
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

pytestmark = pytest.mark.unit

MATERIAL = Path(material_theme.__file__).resolve().parent / "templates"
JAVASCRIPTS = MATERIAL / "assets" / "javascripts"
WORKER = next((JAVASCRIPTS / "workers").glob("search.*.min.js"))
BUNDLE = next(JAVASCRIPTS.glob("bundle.*.min.js"))


def drift_of(call) -> ThemeDrift:
    with pytest.raises(ThemeDrift) as caught:
        call()
    return caught.value


def assert_drift(call, workaround: str, file: str) -> None:
    """call stops the build with one theme-drift line naming the workaround and the file."""
    message = str(drift_of(call))
    module = workaround.split(".")[0]
    assert message.startswith(f"theme-drift: {workaround}: {file} "), message
    assert message.endswith(
        f"Update scripts/guide/theme_fixes/{module}.py for the new "
        f"{'theme' if module == 'material' else 'mkdocs-print-site-plugin'} version, "
        "or remove this workaround."
    ), message
    assert "\n" not in message


# ---- the message ----


def test_theme_drift_is_one_line_a_plugin_error_and_survives_a_split_checks_processes():
    drift = Workaround("material.search_worker").drift(
        "assets/javascripts/workers/search.1234.min.js", "no longer contains a query answered by a result"
    )
    assert isinstance(drift, PluginError)
    assert str(drift) == (
        "theme-drift: material.search_worker: assets/javascripts/workers/search.1234.min.js no longer "
        "contains a query answered by a result. Update scripts/guide/theme_fixes/material.py for the new "
        "theme version, or remove this workaround."
    )
    copy = pickle.loads(pickle.dumps(drift))
    assert str(copy) == str(drift) and copy.workaround == "material.search_worker"


# ---- material.search_worker and material.search_help ----


def test_the_search_workarounds_fit_the_installed_theme():
    material.check_search_files(
        WORKER.read_text(encoding="utf-8"), BUNDLE.read_text(encoding="utf-8"), "worker.js", "bundle.js"
    )


@pytest.mark.parametrize(
    "workaround, kind, pattern, what", material.THEME_INTERNALS, ids=[what for *_, what in material.THEME_INTERNALS]
)
def test_a_changed_worker_or_bundle_stops_the_build_naming_the_workaround_and_file(workaround, kind, pattern, what):
    texts = {"worker": WORKER.read_text(encoding="utf-8"), "bundle": BUNDLE.read_text(encoding="utf-8")}
    texts[kind] = re.sub(pattern, "changed", texts[kind])
    file = f"assets/javascripts/{kind}.1234.min.js"
    call = lambda: material.check_search_files(
        texts["worker"],
        texts["bundle"],
        "assets/javascripts/worker.1234.min.js",
        "assets/javascripts/bundle.1234.min.js",
    )
    assert_drift(call, workaround.name, file)
    assert what in str(drift_of(call))


CONFIG = (
    '<script id="__config" type="application/json">{"base": ".", "search": "assets/javascripts/workers/%s"}</script>'
)


def test_each_page_names_the_guides_search_worker_and_a_page_without_the_workers_name_stops_the_build():
    assert '"search": "assets/javascripts/workers/guide-search.js"' in material.use_search_worker(
        CONFIG % "search.a7633da7.min.js", "index.html"
    )
    assert_drift(
        lambda: material.use_search_worker(CONFIG % "search.js", "index.html"), "material.search_worker", "index.html"
    )
    assert_drift(
        lambda: material.use_search_worker("<html></html>", "relapses/index.html"),
        "material.search_worker",
        "relapses/index.html",
    )


def site_with_theme_scripts(tmp_path: Path, worker: str | None) -> Path:
    site = tmp_path / "site"
    (site / material.WORKERS).mkdir(parents=True)
    if worker is not None:
        (site / material.WORKERS / "search.1234.min.js").write_text(worker, encoding="utf-8")
    shutil.copy(BUNDLE, site / "assets" / "javascripts" / "bundle.5678.min.js")
    return site


def test_the_guides_worker_and_help_script_are_written_beside_the_themes_worker(tmp_path):
    site = site_with_theme_scripts(tmp_path, WORKER.read_text(encoding="utf-8"))
    material.write_search_scripts(site, {"groups": [["drip", "</script><b>"]]})
    written = (site / material.WORKERS / material.SEARCH_WORKER_FILE).read_text(encoding="utf-8")
    # One file, no import: lunr (its stemmer), the vocabulary (no "</" that could end a script), the engine.
    assert written.startswith("/**\n * lunr") and "importScripts" not in written
    assert 'self.GUIDE_SEARCH = {"groups": [["drip", "<\\/script><b>"]]};' in written
    assert 'addEventListener("message"' in written
    assert (site / material.HELP_SCRIPT).is_file()


def test_a_theme_without_its_search_worker_stops_the_build(tmp_path):
    site = site_with_theme_scripts(tmp_path, None)
    assert_drift(
        lambda: material.write_search_scripts(site, {}),
        "material.search_worker",
        "assets/javascripts/workers/search.<hash>.min.js",
    )
    assert not (site / material.HELP_SCRIPT).exists()


def test_a_translated_guide_s_worker_holds_the_theme_s_stemmer_for_its_language_and_a_one_language_guide_none(
    tmp_path,
):
    from guide.translations.search import search_languages

    site = site_with_theme_scripts(tmp_path, WORKER.read_text(encoding="utf-8"))
    one_language = material.search_worker_script({})
    material.write_search_scripts(site, {}, search_languages({}))
    assert (site / material.WORKERS / material.SEARCH_WORKER_FILE).read_text(encoding="utf-8") == one_language
    # Material's lunr-languages files, read from the site it wrote: nothing is fetched.
    theme_lunr = Path(material_theme.__file__).parent / "templates" / material.LUNR_LANGUAGES
    shutil.copytree(theme_lunr, site / material.LUNR_LANGUAGES)
    material.write_search_scripts(site, {}, search_languages({"es": "Español", "xx": "X"}))
    written = (site / material.WORKERS / material.SEARCH_WORKER_FILE).read_text(encoding="utf-8")
    assert "Lunr languages, `Spanish` language" in written and "importScripts" not in written
    assert written.index("self.GUIDE_LANGUAGES") < written.index("guide's search in a guide with translations")
    assert written.index("guide's search in a guide with translations") < written.index(
        '(function (root) {\n  "use strict";\n  var SETUP'
    )
    assert '"filler": ["a", "al"' in written  # Spanish filler words
    (site / material.LUNR_LANGUAGES / material.STEMMER_SUPPORT).unlink()
    assert_drift(
        lambda: material.write_search_scripts(site, {}, search_languages({"es": "Español"})),
        "material.search_worker",
        f"{material.LUNR_LANGUAGES}/{material.STEMMER_SUPPORT}",
    )


def test_a_changed_search_partial_of_the_theme_stops_the_build_while_the_engine_copies_it(tmp_path):
    custom, theme = tmp_path / "overrides", tmp_path / "material" / "templates"
    (theme / "partials").mkdir(parents=True)
    shutil.copy(MATERIAL / "partials" / "search.html", theme / "partials" / "search.html")
    config = {"theme": SimpleNamespace(dirs=[str(custom), str(theme)], custom_dir=str(custom))}
    material.add_engine_partials(config)
    folders = config["theme"]
    assert folders.dirs[:3] == [str(custom), str(material.ENGINE_THEME), str(material.ENGINE_TEMPLATES)]
    material.check_search_partial(folders)
    with (theme / "partials" / "search.html").open("a") as partial:
        partial.write("<!-- the next version -->\n")
    assert_drift(
        lambda: material.check_search_partial(folders),
        "material.search_help",
        "material/templates/partials/search.html",
    )
    material.check_search_partial(SimpleNamespace(dirs=[str(theme)], custom_dir=None))  # no copy: no check


def test_a_changed_language_partial_of_the_theme_stops_the_build_while_the_engine_copies_it(tmp_path):
    theme = tmp_path / "material" / "templates"
    (theme / "partials").mkdir(parents=True)
    shutil.copy(MATERIAL / "partials" / "language.html", theme / "partials" / "language.html")
    folders = SimpleNamespace(dirs=[str(material.ENGINE_THEME), str(theme)], custom_dir=None)
    material.check_language_partial(folders)
    with (theme / "partials" / "language.html").open("a") as partial:
        partial.write("{# the next version #}\n")
    assert_drift(
        lambda: material.check_language_partial(folders),
        "material.page_language",
        "material/templates/partials/language.html",
    )


def test_a_translation_s_labels_are_material_s_file_for_its_language_or_the_site_s():
    theme = SimpleNamespace(dirs=[str(MATERIAL)])
    assert material.labels_language(theme, "es") == "es"
    assert material.labels_language(theme, "pt-br") == "pt-BR"  # Material's name for it
    assert material.labels_language(theme, "xx") is None  # no labels: the page keeps the site's


@pytest.mark.parametrize("partial", [material.NAV_PARTIAL, material.NAV_LIST_PARTIAL])
def test_a_changed_navigation_partial_of_the_theme_stops_the_build_while_the_override_copies_it(tmp_path, partial):
    custom, theme = tmp_path / "overrides", tmp_path / "material" / "templates"
    for name in (material.NAV_PARTIAL, material.NAV_LIST_PARTIAL):
        (custom / name).parent.mkdir(parents=True, exist_ok=True)
        (custom / name).write_text("the guide's copy")
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(MATERIAL / name, theme / name)
    folders = SimpleNamespace(dirs=[str(custom), str(theme)], custom_dir=str(custom))
    config = {"theme": folders}
    env = SimpleNamespace(globals={})
    assert material.use_nav_cache(env, config) is env.globals[material.NAV_CACHE_GLOBAL]
    with (theme / partial).open("a") as changed:
        changed.write("<!-- the next version -->\n")
    assert_drift(lambda: material.use_nav_cache(env, config), "material.nav_cache", f"material/templates/{partial}")
    # Without the copies: no check, and no cache (Material's own partials render every page).
    bare = SimpleNamespace(globals={material.NAV_CACHE_GLOBAL: "from a previous build"})
    assert material.use_nav_cache(bare, {"theme": SimpleNamespace(dirs=[str(theme)], custom_dir=None)}) is None
    assert material.NAV_CACHE_GLOBAL not in bare.globals


def test_the_installed_themes_navigation_partials_are_the_ones_copied():
    theme = SimpleNamespace(dirs=[str(ROOT / "overrides"), str(MATERIAL)], custom_dir=str(ROOT / "overrides"))
    assert material.use_nav_cache(SimpleNamespace(globals={}), {"theme": theme}) is not None


# ---- material.offline_shim ----


def mkdocs_config(tmp_path: Path, **settings) -> MkDocsConfig:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    config.load_dict(
        {"site_name": "Guide", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site"), **settings}
    )
    errors, _ = config.validate()
    assert not errors, errors
    return config


def test_the_offline_copy_lists_the_vendored_shim_and_adds_its_files(tmp_path):
    config = mkdocs_config(tmp_path, use_directory_urls=False)
    material.add_offline_shim(config)
    assert config["extra"]["polyfills"] == [material.OFFLINE_SHIM]
    config.plugins._current_plugin = "guide"  # as MkDocs sets it while the plugin's on_files runs
    files = material.offline_shim_files(config)
    assert [f.dest_uri for f in files] == ["assets/js/iframe-worker-shim.js", "assets/js/iframe-worker-bootstrap.js"]
    assert all(Path(f.abs_src_path).is_file() for f in files)


def test_an_offline_page_without_the_vendored_shim_or_with_the_cdn_one_stops_the_build(tmp_path):
    config = mkdocs_config(tmp_path)
    material.add_offline_shim(config)
    material.check_offline_shim('<script src="assets/js/iframe-worker-shim.js"></script>', config)
    assert_drift(lambda: material.check_offline_shim("<head></head>", config), "material.offline_shim", "index.html")
    cdn = (
        '<script src="assets/js/iframe-worker-shim.js"></script>'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
    )
    assert_drift(lambda: material.check_offline_shim(cdn, config), "material.offline_shim", "index.html")
    material.check_offline_shim("<head></head>", mkdocs_config(tmp_path))  # the website: no shim


# ---- material.inline_scripts ----


def home_page(*scripts: str) -> str:
    return "".join(f"<script>{script}</script>" for script in scripts)


def test_the_themes_inline_scripts_are_known_and_a_changed_one_stops_the_build(tmp_path):
    config = mkdocs_config(tmp_path, theme={"name": "material", "palette": {"scheme": "default"}})
    scope = material.SCOPE_SCRIPT.replace("{base}", ".")
    material.check_inline_scripts(home_page(scope, material.PALETTE_SCRIPT, material.TABS_SCRIPT), config)
    assert all(map(material.is_theme_script, (scope, material.PALETTE_SCRIPT, material.TABS_SCRIPT)))
    for changed in (
        home_page(scope.replace("__md_hash", "__md_hash2"), material.PALETTE_SCRIPT, material.TABS_SCRIPT),
        home_page(scope, material.TABS_SCRIPT),
        home_page(scope, material.PALETTE_SCRIPT),
    ):
        assert_drift(
            lambda: material.check_inline_scripts(changed, config),  # noqa: B023
            "material.inline_scripts",
            "index.html",
        )


# ---- material.checkbox_autocomplete ----

TOGGLES = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"%s>'
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"%s>'
    '<input type="text" class="md-search__input" autocomplete="off">'
)


def test_autocomplete_leaves_the_themes_checkboxes_and_stays_on_text_inputs():
    fixed = material.valid_markup(TOGGLES % (' autocomplete="off"', ' autocomplete="off"'), "index.html")
    assert fixed == TOGGLES % ("", "")


def test_a_theme_that_writes_no_autocomplete_or_no_toggles_stops_the_build():
    call = lambda: material.valid_markup(TOGGLES % ("", ""), "index.html")  # noqa: E731
    assert_drift(call, "material.checkbox_autocomplete", "index.html")
    assert 'no longer contains autocomplete="off" on Material\'s checkbox toggles' in str(drift_of(call))
    assert_drift(
        lambda: material.valid_markup("<body></body>", "404.html"), "material.checkbox_autocomplete", "404.html"
    )


# ---- material.handout_content ----


def test_a_handout_without_a_title_needs_the_themes_content_element():
    page = lxml.html.document_fromstring('<html><body><article class="md-content__inner">x</article></body></html>')
    assert material.content_element(page, "relapses.html").tag == "article"
    bare = lxml.html.document_fromstring("<html><body><main><p>x</p></main></body></html>")
    assert_drift(lambda: material.content_element(bare, "relapses.html"), "material.handout_content", "relapses.html")


# ---- print_site: the print page ----

PARTS = {
    "scope": "<script>" + material.SCOPE_SCRIPT.replace("{base}", "/guide/") + "</script>",
    "script": '<script type="text/javascript">'
    + print_site.SCRIPT % ("remove_material_navigation();remove_mkdocs_theme_navigation();generate_toc();")
    + "</script>",
    "toc": (
        '<nav class="md-nav md-nav--secondary"><label class="md-nav__title" for="__toc">Contents</label>'
        '<ul class="md-nav__list" data-md-component="toc"></ul></nav>'
    ),
    "cover": '<section id="print-site-cover-page"><div class="guide-cover" data-guide-cover></div></section>',
    "pages": (
        '<div id="print-site-page"><section class="print-page" id="relapses" heading-number="2">'
        '<h1 id="relapses">Relapses</h1><sup id="relapses-fnref-k"><a href="#relapses-relapses-fn-k">1</a>'
        '</sup><li id="relapses-fn-k"><a href="#relapses-">top</a></li></section></div>'
    ),
    "style": "<style>h1{}</style>",
    "config": '<script id="__config" type="application/json">{"base": "/guide/"}</script>',
}


def print_page(**changed: str) -> str:
    part = {**PARTS, **changed}
    return (
        f"<html><head>{part['scope']}{part['script']}</head><body>{part['toc']}<article>"
        f"{part['cover']}{part['pages']}{part['style']}</article>{part['config']}</body></html>"
    )


def test_the_print_page_is_repaired_where_the_plugin_broke_it():
    fixed = print_site.repair(print_page(), "print_page/index.html", '<div class="guide-cover">Our cover</div>')
    assert '"base": ".."' in fixed and '__md_scope=new URL("..",location)' in fixed
    assert 'href="#relapses-fn-k"' in fixed and 'href="#relapses"' in fixed
    assert 'data-heading-number="2"' in fixed and " heading-number=" not in fixed
    assert fixed.index("<style>h1{}</style>") < fixed.index("</head>")
    assert 'for="__toc"' not in fixed and "Our cover" in fixed and "data-guide-cover" not in fixed
    offline = print_site.repair(print_page(cover=""), "print_page.html")
    assert '"base": "."' in offline and '__md_scope=new URL(".",location)' in offline


PAGES_WITHOUT_SECTIONS = '<div id="print-site-page"><h1 id="relapses">Relapses</h1></div>'
DRIFTED_PRINT_PAGES = [
    ("print_site.relative_base", {"config": '<script id="__config" type="application/json">{}</script>'}),
    ("print_site.relative_base", {"scope": "<script>var x</script>"}),
    ("print_site.cover", {"cover": '<section><div class="guide-cover" data-guide-cover=""></div></section>'}),
    ("print_site.in_page_links", {"pages": PAGES_WITHOUT_SECTIONS}),
    ("print_site.heading_number", {"pages": PARTS["pages"].replace(' heading-number="2"', "")}),
    ("print_site.style_in_body", {"style": ""}),
    ("print_site.inline_script", {"script": PARTS["script"].replace("generate_toc();", "generate_toc(2);")}),
    ("print_site.toc_label", {"toc": PARTS["toc"].replace('for="__toc"', 'for="__contents"')}),
]


@pytest.mark.parametrize("workaround, changed", DRIFTED_PRINT_PAGES, ids=[w for w, _ in DRIFTED_PRINT_PAGES])
def test_a_print_page_without_what_a_repair_needs_stops_the_build(workaround, changed):
    assert_drift(lambda: print_site.repair(print_page(**changed), "print_page.html"), workaround, "print_page.html")


def test_the_print_page_with_the_navigation_toggle_needs_no_label_repair():
    page = print_page(toc=PARTS["toc"].replace('for="__toc"', "") + '<input type="checkbox" id="__toc">')
    assert 'id="__toc"' in print_site.repair(page, "print_page.html")


def test_the_print_page_is_repaired_and_then_finished_as_every_page():
    fixed = print_site.fix(
        print_page(cover=""),
        "print_page/index.html",
        "",
        lambda html, name: html.replace("</body>", f"<!-- {name} --></body>"),
    )
    assert '"base": ".."' in fixed and "<!-- print_page/index.html --></body>" in fixed


def printer(site: Path, dest_uri: str = "print_page.html"):
    """print-site's plugin as the writer sees it (its class, its print page), not configured."""
    from mkdocs_print_site_plugin.plugin import PrintSitePlugin

    plugin = PrintSitePlugin.__new__(PrintSitePlugin)
    file = SimpleNamespace(abs_dest_path=str(site / dest_uri), dest_uri=dest_uri)
    plugin.print_page = SimpleNamespace(file=file)
    return plugin


def test_print_site_writes_the_print_page_once_as_the_build_finished_it(tmp_path):
    from mkdocs_print_site_plugin import plugin as printer_module

    original, plugin = printer_module.write_file, printer(tmp_path)
    writer = print_site.PrintPageWriter(plugin, lambda html, name: html.replace("made", f"finished ({name})"))
    writer.install()
    printer_module.write_file(b"made\r\n&#128512;", plugin.print_page.file.abs_dest_path)
    assert printer_module.write_file is original  # for that one write only
    assert (tmp_path / "print_page.html").read_bytes() == b"finished (print_page.html)\n&#128512;"
    writer.check_written(tmp_path)
    # Written by another means than its write_file: the build stops, naming the workaround.
    other = print_site.PrintPageWriter(plugin, lambda html, name: html)
    assert_drift(lambda: other.check_written(tmp_path), "print_site.written_once", "mkdocs_print_site_plugin/plugin.py")
    assert printer_module.write_file is original


def test_a_print_site_that_writes_the_print_page_another_way_stops_the_build(tmp_path, monkeypatch):
    from mkdocs_print_site_plugin.plugin import PrintSitePlugin

    monkeypatch.setattr(PrintSitePlugin, "on_post_build", lambda self, config: None)
    assert_drift(
        lambda: print_site.PrintPageWriter(printer(tmp_path), lambda html, name: html),
        "print_site.written_once",
        "mkdocs_print_site_plugin/plugin.py",
    )


def test_the_contents_the_pdf_numbers_must_have_links_when_the_print_page_has_contents():
    print_site.check_contents(True, ["relapses"], "print_page.html")
    print_site.check_contents(False, [], "print_page.html")  # add_table_of_contents: false
    assert_drift(
        lambda: print_site.check_contents(True, [], "print_page.html"), "print_site.contents", "print_page.html"
    )


def test_the_plugins_script_keys_and_sections_are_read_as_it_writes_them():
    assert print_site.page_key("") == "index" and print_site.page_key("relapses/") == "relapses"
    assert print_site.page_key("topics/relapses.html") == "topics-relapses"
    assert all(map(print_site.is_plugin_script, print_site.PLUGIN_SCRIPTS))
    root = lxml.html.fragment_fromstring(print_page(), create_parent="div")
    assert print_site.section_of(root.xpath("//sup")[0]) == "relapses"
    assert print_site.is_print_page("print_page/index.html") and not print_site.is_print_page("relapses/index.html")


SECTION_HEADING = (
    "<section class='print-page md-section' id='section-2' heading-number='2'>"
    "<h1>Vivir con EM<a class='headerlink' href='#section-2' title='Permanent link'></a></h1>"
)


def test_a_language_s_print_page_names_each_section_s_link_in_its_language_and_a_changed_one_stops_the_build():
    named = print_site.section_link_titles(SECTION_HEADING, "print_page.es.html", "Enlace a esta sección")
    assert 'title="Enlace a esta sección"' in named and "Permanent link" not in named
    assert print_site.section_link_titles(PAGES_WITHOUT_SECTIONS, "print_page.es.html", "Enlace") == (
        PAGES_WITHOUT_SECTIONS
    )
    assert_drift(
        lambda: print_site.section_link_titles(
            SECTION_HEADING.replace("Permanent link", "Link to section"), "print_page.es.html", "Enlace"
        ),
        "print_site.section_link_title",
        "print_page.es.html",
    )


def test_every_workaround_has_a_drift_case_here():
    """A new workaround comes with its drift test: the list for moving to another theme stays whole."""
    defined = {
        value.name
        for module in (material, print_site)
        for value in vars(module).values()
        if isinstance(value, Workaround)
    }
    tested = (
        {w.name for w, *_ in material.THEME_INTERNALS}
        | {w for w, _ in DRIFTED_PRINT_PAGES}
        | {
            "material.offline_shim",
            "material.inline_scripts",
            "material.checkbox_autocomplete",
            "material.handout_content",
            "material.nav_cache",
            "material.hidden_until_open",
            "print_site.contents",
            "print_site.section_link_title",
            "print_site.anchor_ids",  # tests/test_print_site_anchor_ids.py
            "print_site.href_links",  # tests/test_print_site_anchor_ids.py
            "print_site.written_once",  # test_a_print_site_that_writes_the_print_page_another_way_stops...
            "material.toc_ids",
            "material.page_language",  # test_a_changed_language_partial_of_the_theme_stops_the_build...
        }
    )
    assert defined == tested


# ---- material.hidden_until_open ----


def test_the_keyboard_script_is_loaded_by_every_page_and_needs_the_themes_drawer_and_search():
    home = "".join(marker for marker, _ in material.KEYBOARD_INTERNALS)
    material.check_keyboard_internals(home)
    for marker, _ in material.KEYBOARD_INTERNALS:
        assert_drift(
            lambda: material.check_keyboard_internals(home.replace(marker, "")),  # noqa: B023
            "material.hidden_until_open",
            "index.html",
        )
    page = "<html><body><p>x</p></body></html>"
    assert material.load_keyboard_script(page, "relapses/index.html").endswith(
        '<script src="../assets/javascripts/guide-keyboard.js" defer></script></body></html>'
    )
    assert 'src="assets/javascripts/guide-keyboard.js"' in material.load_keyboard_script(page, "index.html")
    assert material.load_keyboard_script(page, "404.html") == page  # its links are absolute


# ---- through the build script ----


@pytest.mark.fixtures
def test_a_theme_override_that_drops_what_a_workaround_needs_exits_2_with_one_line(previous_dist):
    fixture = "theme-drift-search-config"
    sources, before = snapshot(FIXTURES / fixture), snapshot(previous_dist)
    result = run_build("build", "--today", "2026-01-01", fixture=fixture, dist=previous_dist)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        "theme-drift: material.search_worker: 404.html no longer contains Material's configuration naming "
        'its search worker ("search": ".../workers/search.<hash>.min.js"). Update '
        "scripts/guide/theme_fixes/material.py for the new theme version, or remove this workaround."
    ]
    assert snapshot(previous_dist) == before
    assert sorted(p.name for p in previous_dist.parent.iterdir()) == ["dist"]  # no staging left
    assert snapshot(FIXTURES / fixture) == sources


def test_heading_ids_are_made_plain_for_materials_table_of_contents_which_writes_them_as_they_are(tmp_path):
    from mkdocs.structure.toc import AnchorLink

    material.check_toc_item(SimpleNamespace(name="material", dirs=[str(MATERIAL)]))
    item = AnchorLink("x", 'x"><meta http-equiv="refresh" content="0">', 2)
    item.children = [AnchorLink("y", "y'<", 3)]
    material.escape_toc_ids([item])
    assert item.url == "#x-meta-http-equiv-refresh-content-0"  # made plain, as in the page's content
    assert item.children[0].id == "y"
    escaped = tmp_path / "partials"
    escaped.mkdir()
    (escaped / "toc-item.html").write_text('<a href="{{ toc_item.url | e }}">')
    assert_drift(
        lambda: material.check_toc_item(SimpleNamespace(name="material", dirs=[str(tmp_path)])),
        "material.toc_ids",
        "partials/toc-item.html",
    )
