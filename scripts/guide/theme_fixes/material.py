"""Workarounds for Material for MkDocs (9.8.1): everything the guide does because of how Material
writes a site. Each is checked against what the theme writes, and stops the build with ThemeDrift
when an upgrade changed it.

- search_worker: the guide's search (scripts/guide/assets/search-worker.js) answers the theme's
  search messages in place of the theme's worker (below).
- search_help: help under "No matching documents" (overrides/partials/search.html, a copy of
  Material's partials/search.html, and guide-search-help.js).
- offline_shim: the offline copy's search worker shim (npm iframe-worker), vendored, instead of
  the CDN copy Material's offline plugin would add.
- inline_scripts: Material's own inline scripts, the only inline code a page may run besides the
  guide's (html_fixes allows them in the Content-Security-Policy by hash).
- checkbox_autocomplete: autocomplete="off" on Material's checkbox toggles, invalid HTML: removed.
- handout_content: a handout without a title heading puts its masthead at the top of Material's
  content element.
- toc_ids: its table of contents writes each heading's address as it is ({{ toc_item.url }}),
  so an id holding a quote ends the link's attribute: ids are escaped before it writes them (a
  non-plain id is also an error at its line, checks/safety.py).
- hidden_until_open: the keyboard never lands on what the reader cannot see. Material keeps its
  closed navigation drawer (below 1220 px) and its closed search (the field below 960 px, the
  results at any width) on the page, off screen or transparent, and in the tab order; its buttons
  that open them are labels, which the keyboard cannot reach. guide-keyboard.js (written here,
  loaded by every page) makes those inert while closed, makes the two header labels buttons
  (Enter or Space opens, Escape closes), and takes an empty results list, and "Back to top"
  while it is transparent, out of the tab order.
- page_language: Material takes its labels ("Search", "Skip to content", the footer's) from
  theme.language for the whole site; a translated page (issue 26) gets its own language's
  (scripts/guide/theme_partials/partials/language.html, a copy of Material's that reads
  guide_language from the page's context when set, and otherwise does what Material's does).
- nav_cache: each navigation item rendered once per depth instead of once per page
  (overrides/partials/nav-item.html, a copy of Material's partials/nav-item.html whose `render`
  asks theme_fixes/nav_cache.py first, and overrides/partials/nav.html, whose first-level loop
  the cache does in one call).

Search, in detail. Material's search worker (lunr) ranked words by their prefixes and knew no
typos, lay words or filler. The guide's own worker (scripts/guide/assets/search-worker.js, plain
JavaScript that explains its rules) takes its place: each page's theme configuration names it
instead of Material's; it reads Material's search index as Material's page script sends it
(message type 0, answered by 1 when ready), and answers each query (type 2) with results (type 3)
grouped by page, in the form Material's page script draws: title and text with the words found in
<mark>, a score, and `terms` (the words found, which become the result's `?h=` so that the page
highlights them, and the words missing). It is one file: lunr 2.3.9 (vendored, for its English
stemmer), the vocabulary (search_vocabulary.py: the glossary and docs/_data/search-vocabulary.yml)
and the engine; it runs in a Web Worker, and in iframe-worker's iframe offline. Every build checks
that Material's worker and page script still exchange these messages in this form.

The help under "No matching documents" (the guide's template guide/search-help.html: this guide
does not cover what was typed, and where else to look) is shown by guide-search-help.js
(scripts/guide/assets/search-help.js), which writes the reader's words into it as text. Both are
files written into the site at build time (no inline script: the Content-Security-Policy forbids
them).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guide.checks.safety import PLAIN_ID, plain_id
from guide.theme_fixes.nav_cache import Fragment, NavCache
from guide.theme_fixes.workaround import Workaround

SEARCH_WORKER = Workaround("material.search_worker")
SEARCH_HELP = Workaround("material.search_help")
OFFLINE_SHIM_FILES = Workaround("material.offline_shim")
INLINE_SCRIPTS = Workaround("material.inline_scripts")
CHECKBOX_AUTOCOMPLETE = Workaround("material.checkbox_autocomplete")
HANDOUT_CONTENT = Workaround("material.handout_content")
NAV_CACHE = Workaround("material.nav_cache")
TOC_IDS = Workaround("material.toc_ids")
HIDDEN_UNTIL_OPEN = Workaround("material.hidden_until_open")

HOME = "index.html"  # the page the once-per-build checks read: every build has it

# ---- search_worker and search_help ----

WORKERS = "assets/javascripts/workers"
SEARCH_WORKER_FILE = "guide-search.js"
HELP_SCRIPT = "assets/javascripts/guide-search-help.js"
ASSETS = Path(__file__).resolve().parent.parent / "assets"
LUNR = "lunr-2.3.9.min.js"  # in VENDOR: npm lunr 2.3.9's lunr.min.js, unchanged (MIT License)
# The theme's configuration in each page (<script id="__config">) names its search worker.
CONFIG_WORKER = re.compile(r'("search":\s*"[^"]*workers/)search\.[0-9a-f]+\.min\.js"')
SEARCH_PARTIAL = "partials/search.html"
# Material 9.8.1's partials/search.html, which overrides/partials/search.html copies and changes.
SEARCH_PARTIAL_SHA256 = "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30"

# What the guide's worker and help script rely on, as Material 9.8.1's minified files have it:
# (workaround, file, pattern, what it shows). Checked at every build.
THEME_INTERNALS = (
    (SEARCH_WORKER, "worker", r"case 0:.{0,120}\{type:1\}", "the index (message type 0) answered by 'ready' (type 1)"),
    (
        SEARCH_WORKER,
        "worker",
        r"case 2:.{0,80}\{type:3,data:",
        "a query (message type 2) answered by a result (type 3)",
    ),
    (
        SEARCH_WORKER,
        "bundle",
        r"\{type:0,data:\{config:\w+,docs:\w+,",
        "the page sending the index as {type:0, data:{config, docs}}",
    ),
    (SEARCH_WORKER, "bundle", r"\.next\(\{type:2,data:\w+\}\)", "the page sending a query as {type:2, data}"),
    (SEARCH_WORKER, "bundle", r"return \w+\.type===1\}", "the page waiting for 'ready' (type 1)"),
    (SEARCH_WORKER, "bundle", r"return \w+\.type===3\}", "the page reading results (type 3)"),
    (
        SEARCH_WORKER,
        "bundle",
        r'findIndex\(\w+=>!`\$\{new URL\(\w+\.location,\w+\.base\)\}`\.includes\("#"\)\)',
        "a result group's page found as the item whose location has no #",
    ),
    (
        SEARCH_WORKER,
        "bundle",
        r'searchParams\.set\("h",Object\.entries\(\w+\.terms\)\.filter',
        "a result's ?h= made from its terms that matched",
    ),
    (
        SEARCH_HELP,
        "bundle",
        r'":scope > :first-child",\w+\),\w+=\w+\(":scope > :last-child"',
        "the result count as the results' first child and the list as their last",
    ),
    (SEARCH_HELP, "bundle", r'"search\.result\.none"', "no results told with the search.result.none text"),
)


def use_search_worker(html: str, file: str) -> str:
    """Point the page's theme configuration at the guide's search worker. Every page Material
    writes names its worker there."""
    if SEARCH_WORKER_FILE in html:
        return html
    html, found = CONFIG_WORKER.subn(r"\1" + SEARCH_WORKER_FILE + '"', html, count=1)
    SEARCH_WORKER.expect(
        found, file, 'Material\'s configuration naming its search worker ("search": ".../workers/search.<hash>.min.js")'
    )
    return html


def check_search_files(worker: str, bundle: str, worker_file: str, bundle_file: str) -> None:
    """Stop the build when Material's worker or bundle no longer has what the search
    workarounds rely on; names every missing piece of the first file that lacks some."""
    texts = {"worker": (worker, worker_file), "bundle": (bundle, bundle_file)}
    for kind in ("worker", "bundle"):
        text, file = texts[kind]
        missing = [
            (workaround, what)
            for workaround, name, pattern, what in THEME_INTERNALS
            if name == kind and not re.search(pattern, text)
        ]
        if missing:
            raise missing[0][0].drift(file, "no longer contains " + "; ".join(what for _, what in missing))


def search_worker_script(data: dict, languages: dict | None = None, stemmers: tuple[str, ...] = ()) -> str:
    """The guide's search worker, one file: lunr (its stemmer), the vocabulary, the engine. In a
    guide with translations (issue 26: languages, translations/search.py), lunr-languages'
    stemmers that Material ships (stemmers: their text) and search-languages.js come before the
    engine; a guide in one language gets the file as before."""
    vocabulary = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    parts = [(VENDOR / LUNR).read_text(encoding="utf-8"), f"self.GUIDE_SEARCH = {vocabulary};"]
    if languages:
        described = json.dumps(languages, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
        parts += [*stemmers, f"self.GUIDE_LANGUAGES = {described};"]
        parts.append((ASSETS / "search-languages.js").read_text(encoding="utf-8"))
    parts.append((ASSETS / "search-worker.js").read_text(encoding="utf-8"))
    return "\n".join(parts)


# lunr-languages as Material 9.8.1 ships it in the site (its search plugin's `lang`): the
# stemmers' shared code, then one file per language.
LUNR_LANGUAGES = "assets/javascripts/lunr/min"
STEMMER_SUPPORT = "lunr.stemmer.support.min.js"


def language_stemmers(site_dir: Path, languages: dict) -> tuple[str, ...]:
    """The text of Material's lunr-languages files for the translations' languages (read from the
    site: nothing is fetched). A language Material has no stemmer for keeps the English one."""
    if not languages:
        return ()
    folder = site_dir / LUNR_LANGUAGES
    support = folder / STEMMER_SUPPORT
    SEARCH_WORKER.expect(support.is_file(), f"{LUNR_LANGUAGES}/{STEMMER_SUPPORT}", "lunr-languages' stemmer support")
    files = sorted({folder / f"lunr.{described['stemmer']}.min.js" for described in languages.values()})
    return (support.read_text(encoding="utf-8"), *(f.read_text(encoding="utf-8") for f in files if f.is_file()))


def write_search_scripts(site_dir: Path, data: dict, languages: dict | None = None) -> None:
    """Write the guide's search worker beside Material's, and the help script, once Material's
    files are checked (data: the vocabulary, search_vocabulary.search_data; languages: the
    translations', translations/search.search_languages)."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    # One of each, as Material 9.8.1 has them.
    if len(workers) != 1:
        raise SEARCH_WORKER.drift(f"{WORKERS}/search.<hash>.min.js", f"matches {len(workers)} files, not one")
    if len(bundles) != 1:
        raise SEARCH_HELP.drift("assets/javascripts/bundle.<hash>.min.js", f"matches {len(bundles)} files, not one")
    check_search_files(
        workers[0].read_text(encoding="utf-8"),
        bundles[0].read_text(encoding="utf-8"),
        f"{WORKERS}/{workers[0].name}",
        f"assets/javascripts/{bundles[0].name}",
    )
    worker = search_worker_script(data, languages, language_stemmers(site_dir, languages))
    (site_dir / WORKERS / SEARCH_WORKER_FILE).write_text(worker, encoding="utf-8")
    (site_dir / HELP_SCRIPT).write_text((ASSETS / "search-help.js").read_text(encoding="utf-8"), encoding="utf-8")
    (site_dir / KEYBOARD_SCRIPT).write_text(KEYBOARD, encoding="utf-8")


# The engine's copy of Material's partials/search.html (with the help when nothing matches) and
# the engine's templates (guide/search-help.html and the other reader's texts).
ENGINE_THEME = Path(__file__).resolve().parent.parent / "theme_partials"
ENGINE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def add_engine_partials(config) -> None:
    """Every site gets the engine's search partial and can include the engine's templates: their
    folders go after the site's own custom_dir (which may replace either) and before the theme's."""
    dirs = config["theme"].dirs
    at = 1 if config["theme"].custom_dir else 0
    for folder in (str(ENGINE_TEMPLATES), str(ENGINE_THEME)):
        if folder not in dirs:
            dirs.insert(at, folder)


def check_search_partial(theme) -> None:
    """scripts/guide/theme_partials/partials/search.html is Material 9.8.1's, changed: when the
    theme's own changed in an upgrade, the copy must be made again from the new one."""
    folders = [Path(folder) for folder in theme.dirs]
    if ENGINE_THEME not in folders:
        return
    own = next((f for f in folders[folders.index(ENGINE_THEME) + 1 :] if (f / SEARCH_PARTIAL).is_file()), None)
    digest = hashlib.sha256((own / SEARCH_PARTIAL).read_bytes()).hexdigest() if own else ""
    if digest != SEARCH_PARTIAL_SHA256:
        shown = f"{own.parent.name}/{own.name}/{SEARCH_PARTIAL}" if own else SEARCH_PARTIAL
        raise SEARCH_HELP.drift(
            shown, f"is not Material 9.8.1's, which scripts/guide/theme_partials/{SEARCH_PARTIAL} copies"
        )


# ---- page_language ----

PAGE_LANGUAGE = Workaround("material.page_language")
LANGUAGE_PARTIAL = "partials/language.html"
LANGUAGE_PARTIAL_SHA256 = "3a44516f305006ac794f51a45ad7b532cf270916d8e92e8c42784e58b2eff0a3"  # Material 9.8.1's
LANGUAGE_FILES = "partials/languages"


def check_language_partial(theme) -> None:
    """scripts/guide/theme_partials/partials/language.html is Material 9.8.1's, changed: when the
    theme's own changed in an upgrade, the copy must be made again from the new one."""
    folders = [Path(folder) for folder in theme.dirs]
    if ENGINE_THEME not in folders:
        return
    own = next((f for f in folders[folders.index(ENGINE_THEME) + 1 :] if (f / LANGUAGE_PARTIAL).is_file()), None)
    digest = hashlib.sha256((own / LANGUAGE_PARTIAL).read_bytes()).hexdigest() if own else ""
    if digest != LANGUAGE_PARTIAL_SHA256:
        shown = f"{own.parent.name}/{own.name}/{LANGUAGE_PARTIAL}" if own else LANGUAGE_PARTIAL
        raise PAGE_LANGUAGE.drift(
            shown, f"is not Material 9.8.1's, which scripts/guide/theme_partials/{LANGUAGE_PARTIAL} copies"
        )


def labels_language(theme, language: str) -> str | None:
    """The name of Material's labels file for a page's language (es -> es, pt-br -> pt-BR, then
    pt), or None when the theme has none: the page keeps the site's labels."""
    base, _, region = language.partition("-")
    names = [language, f"{base}-{region.upper()}"] if region else [language]
    names.append(base)
    folders = [Path(folder) for folder in theme.dirs]
    for name in names:
        if any((folder / LANGUAGE_FILES / f"{name}.html").is_file() for folder in folders):
            return name
    return None


def check_copied_partial(theme, partial: str, sha256: str, workaround: Workaround) -> bool:
    """When the theme's custom folder has its own copy of a partial of Material 9.8.1's, the theme's
    partial must still be the one copied (sha256 of its bytes). Returns whether there is a copy."""
    folders = [Path(folder) for folder in theme.dirs]
    custom = Path(theme.custom_dir) if theme.custom_dir else None
    if custom is None or not (custom / partial).is_file():
        return False
    own = next((folder for folder in folders if folder != custom and (folder / partial).is_file()), None)
    shown = f"{own.parent.name}/{own.name}/{partial}" if own else partial
    digest = hashlib.sha256((own / partial).read_bytes()).hexdigest() if own else ""
    if digest != sha256:
        raise workaround.drift(shown, f"is not Material 9.8.1's, which {custom.name}/{partial} copies")
    return True


# ---- offline_shim ----

VENDOR = Path(__file__).resolve().parent.parent / "vendor"
# The search worker shim for file:// (npm iframe-worker 1.0.4, vendored, its set-up moved out of
# an inline script): only the offline copy needs it.
OFFLINE_FILES = ("iframe-worker-shim.js", "iframe-worker-bootstrap.js")
OFFLINE_SHIM = "assets/js/iframe-worker-shim.js"
SHIM_TAG = re.compile(r'<script src="[^"]*assets/js/iframe-worker-shim\.js"')
CDN_SHIM = "unpkg.com/iframe-worker"


# Material's plugin that makes the copy for file:// (listed in mkdocs.yml; MkDocs names it after
# the theme when the theme has one).
OFFLINE_PLUGINS = ("offline", "material/offline")


def use_offline_plugin(config, offline: bool) -> None:
    """Material's offline plugin on for the offline copy only (mkdocs.yml lists it once, for
    both), with the vendored shim."""
    found = [config.plugins[name] for name in OFFLINE_PLUGINS if name in config.plugins]
    if offline and not found:
        raise PluginError("mkdocs.yml: the offline copy needs Material's offline plugin. Add '- offline' to plugins.")
    for plugin in found:
        plugin.config.enabled = offline
    if offline:
        add_offline_shim(config)


def add_offline_shim(config) -> None:
    """List the vendored shim in the theme's polyfills, before Material's offline plugin reads
    them (its on_config): it adds a CDN copy only when none names iframe-worker."""
    config["extra"].setdefault("polyfills", []).append(OFFLINE_SHIM)


def offline_shim_files(config) -> list[File]:
    """The vendored shim's files, to add to the offline copy's files (on_files)."""
    return [File.generated(config, f"assets/js/{name}", abs_src_path=str(VENDOR / name)) for name in OFFLINE_FILES]


def check_offline_shim(home: str, config) -> None:
    """The offline copy's pages load the vendored shim, and no CDN copy."""
    if OFFLINE_SHIM not in ((config.get("extra") or {}).get("polyfills") or []):
        return
    OFFLINE_SHIM_FILES.expect(
        SHIM_TAG.search(home), HOME, f"a script tag for {OFFLINE_SHIM} (Material's extra.polyfills)"
    )
    if CDN_SHIM in home:
        raise OFFLINE_SHIM_FILES.drift(HOME, f"loads {CDN_SHIM} from a CDN again, though the guide lists its own copy")


# ---- inline_scripts ----

# Material 9.8.1, partials/javascripts/base.html: its settings store, scoped to the site's root
# ({base}: the page's relative path to it, or the site's absolute path on the 404 page).
SCOPE_SCRIPT = '__md_scope=new URL("{base}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
# Material 9.8.1, partials/javascripts/palette.html: the reader's colour scheme, set before the page is drawn.
PALETTE_SCRIPT = 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}'
# Material 9.8.1, partials/javascripts/content.html: opens the content tab a link points to.
TABS_SCRIPT = 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
THEME_SCRIPTS = frozenset({PALETTE_SCRIPT, TABS_SCRIPT})
# A base is a relative path to the root or an absolute path: nothing that could end the string.
_BASE = r"(?:\.|\.\.(?:/\.\.)*|/[A-Za-z0-9._~%/-]*)"
_SCOPE = re.compile(re.escape(SCOPE_SCRIPT).replace(re.escape("{base}"), _BASE))


def is_theme_script(body: str) -> bool:
    """Whether an inline script is one of Material's own, as 9.8.1 writes it."""
    return body in THEME_SCRIPTS or bool(_SCOPE.fullmatch(body))


def check_inline_scripts(home: str, config) -> None:
    """The home page holds each of Material's inline scripts as they are listed here: one the
    theme changed would be refused by the policy, and the page broken."""
    scripts = [(f"<script>{TABS_SCRIPT}</script>", "partials/javascripts/content.html")]
    if config["theme"].get("palette"):
        scripts.append((f"<script>{PALETTE_SCRIPT}</script>", "partials/javascripts/palette.html"))
    scope = re.search(r"<script>(" + _SCOPE.pattern + r")</script>", home)
    INLINE_SCRIPTS.expect(scope, HOME, "Material's inline script of partials/javascripts/base.html as 9.8.1 wrote it")
    for tag, partial in scripts:
        INLINE_SCRIPTS.expect(tag in home, HOME, f"Material's inline script of {partial} as 9.8.1 wrote it")


# ---- checkbox_autocomplete ----

CHECKBOX_WITH_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*type="checkbox"[^>]*?)\s+autocomplete="[^"]*"')
# Every page Material writes has its drawer and search toggles (base.html).
TOGGLES = ('id="__drawer"', 'id="__search"')


def valid_markup(html: str, file: str) -> str:
    """Material writes autocomplete="off" on its checkbox toggles; HTML allows it on text-like
    inputs only. Once per page: every page Material writes has the toggles."""
    html, found = CHECKBOX_WITH_AUTOCOMPLETE.subn(r"\1", html)
    if not found:
        # Toggles without it: Material fixed this, and the workaround can go.
        toggles = all(toggle in html for toggle in TOGGLES)
        CHECKBOX_AUTOCOMPLETE.expect(
            False,
            file,
            ('autocomplete="off" on ' if toggles else "") + "Material's checkbox toggles (#__drawer, #__search)",
        )
    return html


# ---- handout_content ----


def content_element(root, file: str):
    """Material's content element (<article class="md-content__inner">) in a parsed page."""
    article = root.find(".//article")
    HANDOUT_CONTENT.expect(article is not None, file, "Material's content element (<article>)")
    return article


# ---- nav_cache ----

NAV_PARTIAL = "partials/nav-item.html"
# Material 9.8.1's partials/nav-item.html, which overrides/partials/nav-item.html copies and changes.
NAV_PARTIAL_SHA256 = "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7"
NAV_CACHE_GLOBAL = "guide_nav_cached"  # what the copied partials call
# Material 9.8.1's partials/nav.html, whose first-level loop overrides/partials/nav.html hands to the cache.
NAV_LIST_PARTIAL = "partials/nav.html"
NAV_LIST_PARTIAL_SHA256 = "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f"


def use_nav_cache(
    env, config, prepare: Callable[[str], Fragment | None] | None = None, enabled: bool = True
) -> NavCache | None:
    """A new navigation cache for this build's templates (on_env), when the theme's folder holds
    the cached partial; first the check that Material's own partial is still the one copied.
    enabled (speed.Speed.nav_cache) False: the copied partials render as Material's do."""
    env.globals.pop(NAV_CACHE_GLOBAL, None)
    # The copied list alone (without the cached items' partial) keeps to Material's loop.
    check_copied_partial(config["theme"], NAV_LIST_PARTIAL, NAV_LIST_PARTIAL_SHA256, NAV_CACHE)
    if not check_copied_partial(config["theme"], NAV_PARTIAL, NAV_PARTIAL_SHA256, NAV_CACHE) or not enabled:
        return None
    cache = env.globals[NAV_CACHE_GLOBAL] = NavCache(prepare)
    return cache


def valid_markup_fragment(html: str) -> str:
    """valid_markup for a part of a page (a cached navigation item), which need not have the toggles."""
    return CHECKBOX_WITH_AUTOCOMPLETE.sub(r"\1", html)


# ---- hidden_until_open ----

KEYBOARD_SCRIPT = "assets/javascripts/guide-keyboard.js"
# What guide-keyboard.js finds in every page Material 9.8.1 writes (checked on the home page).
KEYBOARD_INTERNALS = (
    ('<label class="md-header__button md-icon" for="__drawer">', "the header's label that opens the drawer"),
    ('<label class="md-header__button md-icon" for="__search">', "the header's label that opens the search"),
    ('class="md-sidebar md-sidebar--primary"', "the navigation drawer (.md-sidebar--primary)"),
    ('class="md-search__inner"', "the search field's container (.md-search__inner)"),
    ('class="md-search__output"', "the search results' container (.md-search__output)"),
    ('class="md-search__scrollwrap" tabindex="0"', "the results' scrolling container in the tab order"),
    ('class="md-search-result__list"', "the results list (.md-search-result__list)"),
)
KEYBOARD = """/* The keyboard never lands on what the reader cannot see (Material 9.8.1's closed drawer and
   search). Written by scripts/guide/theme_fixes/material.py (hidden_until_open). */
(function () {
  "use strict";
  var drawer = document.getElementById("__drawer"), search = document.getElementById("__search");
  var sidebar = document.querySelector(".md-sidebar--primary");
  var field = document.querySelector(".md-search__inner"), output = document.querySelector(".md-search__output");
  var scroller = document.querySelector(".md-search__scrollwrap"), list = document.querySelector(".md-search-result__list");
  if (!drawer || !search || !sidebar || !field || !output) return;
  var drawerIsOffCanvas = matchMedia("(max-width: 76.234375em)"), fieldIsHidden = matchMedia("(max-width: 59.984375em)");
  var update = function () {
    sidebar.inert = drawerIsOffCanvas.matches && !drawer.checked;
    field.inert = fieldIsHidden.matches && !search.checked;
    output.inert = !search.checked;
    if (scroller && list) scroller.tabIndex = list.children.length ? 0 : -1;
  };
  [["__drawer", "Navigation"], ["__search", "Search"]].forEach(function (pair) {
    var label = document.querySelector('label.md-header__button[for="' + pair[0] + '"]');
    var toggle = document.getElementById(pair[0]);
    if (!label) return;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (!label.hasAttribute("aria-label")) label.setAttribute("aria-label", pair[1]);
    var expanded = function () { label.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); };
    // Material clicks a focused label on Enter too (its keyboard handler, on the window): this
    // one goes first and alone, so that Enter does not toggle twice.
    label.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        event.stopPropagation();
        label.click();
        update();
        // An opened search takes the typing at once, as a click on its button does.
        var query = document.querySelector(".md-search__input");
        if (toggle === search && search.checked && query) query.focus();
      }
    });
    toggle.addEventListener("change", expanded);
    expanded();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      drawer.click();
      var button = document.querySelector('label.md-header__button[for="__drawer"]');
      if (button) button.focus();
    }
  });
  [drawer, search].forEach(function (toggle) { toggle.addEventListener("change", update); });
  [drawerIsOffCanvas, fieldIsHidden].forEach(function (query) { query.addEventListener("change", update); });
  if (list) new MutationObserver(update).observe(list, { childList: true });
  // "Back to top" (the feature navigation.top), transparent until the reader scrolls up.
  var top = document.querySelector(".md-top");
  if (top) {
    var topShown = function () { top.inert = top.classList.contains("md-top--hidden") || top.hidden; };
    new MutationObserver(topShown).observe(top, { attributes: true, attributeFilter: ["class", "hidden"] });
    topShown();
  }
  // Material sets the toggles from its own code too (without a change event): check each focus.
  document.addEventListener("focusin", update, true);
  update();
})();
"""
BODY_END = "</body>"


HEADER_BUTTON = '<label class="md-header__button md-icon" for="%s">'
# The theme's own names, in the page's language, of what the header's buttons open.
HEADER_BUTTON_NAMES = (
    ("__drawer", re.compile(r'<nav class="md-nav md-nav--primary" aria-label="([^"]*)"'), "the navigation's label"),
    (
        "__search",
        re.compile(r'<input type="text" class="md-search__input" name="query" aria-label="([^"]*)"'),
        "the search field's label",
    ),
)


def named_header_buttons(html: str, file: str) -> str:
    """A translated page's header buttons (issue 26) get the theme's names of what they open, in
    the page's language: guide-keyboard.js names a button without one in English."""
    for toggle, name, what in HEADER_BUTTON_NAMES:
        button = HEADER_BUTTON % toggle
        if button not in html:
            continue
        found = name.search(html)
        HIDDEN_UNTIL_OPEN.expect(found, file, what)
        html = html.replace(button, button[:-1] + f' aria-label="{found[1]}">', 1)
    return html


def load_keyboard_script(html: str, file: str) -> str:
    """Every page (but the 404 page, whose links are absolute) loads guide-keyboard.js."""
    if file.endswith("404.html") or KEYBOARD_SCRIPT in html or BODY_END not in html:
        return html
    up = "../" * file.count("/")
    tag = f'<script src="{up}{KEYBOARD_SCRIPT}" defer></script>'
    at = html.rindex(BODY_END)
    return html[:at] + tag + html[at:]


def check_keyboard_internals(home: str) -> None:
    """The home page holds what guide-keyboard.js finds: an upgrade that changed it would leave
    the closed drawer and search in the tab order again, silently."""
    for marker, what in KEYBOARD_INTERNALS:
        HIDDEN_UNTIL_OPEN.expect(marker in home, HOME, what)


# ---- every page, and once per build ----


def fix_page(html: str, file: str) -> str:
    """What every page Material writes needs (file: the built file, for messages)."""
    return load_keyboard_script(valid_markup(use_search_worker(html, file), file), file)


def finish_site(site_dir: Path, config, search_data: dict, languages: dict | None = None) -> None:
    """Once per build, after Material's plugins wrote their files: the search scripts (with the
    vocabulary, search_data, and the translations' languages), and the checks that need the whole site."""
    check_search_partial(config["theme"])
    check_language_partial(config["theme"])
    write_search_scripts(site_dir, search_data, languages)
    home = site_dir / HOME
    if home.is_file():
        html = home.read_text(encoding="utf-8")
        check_inline_scripts(html, config)
        check_offline_shim(html, config)
        check_keyboard_internals(html)


# ---- toc_ids ----

TOC_ITEM = "partials/toc-item.html"
TOC_ITEM_URL = 'href="{{ toc_item.url }}"'  # as 9.8.1 writes it: not escaped


def check_toc_item(theme) -> None:
    """The theme's table of contents still writes the address as it is (if it escaped it, ours
    would be escaped twice). Only Material's (check's lean theme has no table of contents)."""
    if theme.name != "material":
        return
    folders = [Path(folder) for folder in theme.dirs]
    own = next((folder / TOC_ITEM for folder in folders if (folder / TOC_ITEM).is_file()), None)
    TOC_IDS.expect(
        own is not None and TOC_ITEM_URL in own.read_text(encoding="utf-8"),
        TOC_ITEM,
        f"{TOC_ITEM_URL} as 9.8.1 writes it",
    )


def escape_toc_ids(toc) -> None:
    """Each heading's id in a page's table of contents, escaped for the attribute it lands in."""
    for item in toc or []:
        # An id that is not plain (an error at its line) is made plain as in the page's content,
        # so that the theme's own script can still look it up.
        item.id = escape(item.id if PLAIN_ID.match(item.id) else plain_id(item.id), quote=True)
        escape_toc_ids(item.children)
