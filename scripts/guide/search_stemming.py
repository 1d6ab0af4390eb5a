"""Search as a patient types it: a small worker in front of Material's, and a page script for
searches that find nothing. Both are files written into the site at build time (no inline
script: the Content-Security-Policy forbids them).

The worker (search-stemmed.js) changes three things before and after Material's worker:

1. Stemming with prefixes. Material appends a wildcard to every query term ("exercising*"), and
   lunr skips its query pipeline for such terms, so with a stemmed index a whole word stops
   matching ("exercis" is indexed, "exercising*" is looked up). lunr's pipeline is turned back on
   for trailing wildcards: the term is stemmed, then matched as a prefix ("exercis*").
2. Queries. Before Material reads a query: stop words are dropped ("can I stop my DMT" looks up
   "stop" and "dmt"); words of one or two letters match whole words only ("MS", "IV"; "I" no
   longer finds "IV" and "Institute"); a hyphenated word matches as written: each of its parts
   must be in the section ("flare-up" needs "flare" and "up", so "up to date" no longer finds it).
3. Results. A result that holds the query's words side by side, as typed ("talking therapy"),
   counts four times more than one that has them apart or has only some of them (with headings
   weighted 10 instead of 1000 in mkdocs.yml, so that such a section can outrank one heading
   word). And highlighting: Material builds a result's `?h=` from the query words that prefix
   the index's stemmed words, so a stemmed query ("exercising", "therapy") carried an empty
   `?h=`, and was listed as missing. The result's `?h=` now carries the words the search marked
   in the page ("exercise"), which the page then highlights (words of one or two letters only
   when there are no others: "up" would light up in "support"); a word is listed as missing
   only when it is.

Patients' own words (the glossary's `search`) are in the index as hidden text: search_words.py.

The page script (guide-search-help.js) shows the help under "No matching documents" (in
overrides/partials/search.html: where to look instead, and to ask the MS team).

Each relies on Material's internals: write_stemmed_worker checks them in the theme's files
(THEME_INTERNALS) and stops the build with a clear message when an upgrade changed them.
It runs in a Web Worker, and in iframe-worker's iframe offline.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

WORKERS = "assets/javascripts/workers"
STEMMED_WORKER = "search-stemmed.js"
HELP_SCRIPT = "assets/javascripts/guide-search-help.js"
WORKER_FILE = re.compile(r"(workers/)search\.[0-9a-f]+\.min\.js")
# The theme's configuration in a page names its search worker.
CONFIG_WORKER = re.compile(r'"search":\s*"[^"]*workers/')


class ThemeChanged(PluginError):
    """Material's search no longer works as the guide's search workarounds expect."""


# What the worker and the help script rely on, as Material 9.8.1's minified files have it:
# (file, pattern, what it shows). Checked at every build.
THEME_INTERNALS = (
    ("worker", r"self\.lunr=", "the worker sets self.lunr (where the stemming hook is installed)"),
    ("worker", r"\.Query\.prototype\.clause=function", "lunr adds query clauses with Query.prototype.clause"),
    ("worker", r"\.Pipeline\.prototype\.runString=function", "lunr runs its pipeline with Pipeline.prototype.runString"),
    ("worker", r"\.Index\.prototype\.search=function\(\w+\)\{return this\.query\(",
     "lunr searches through Index.prototype.query"),
    ("worker", r"\.stopWordFilter=\w+\.generateStopWordFilter\(", "lunr has its English stop word filter"),
    ("worker", r'addEventListener\("message",', "the worker reads messages with addEventListener"),
    ("worker", r"postMessage\(", "the worker answers with the global postMessage"),
    ("worker", r"case 2:.{0,80}\{type:3,data:", "a query (message type 2) is answered by a result (type 3)"),
    ("worker", r"\"<mark>\"", "the worker marks matched words with <mark>"),
    ("bundle", r'searchParams\.set\("h",Object\.entries\(\w+\.terms\)\.filter',
     "a result's ?h= is made from its terms that matched"),
    ("bundle", r'":scope > :first-child",\w+\),\w+=\w+\(":scope > :last-child"',
     "the result count is the first child of the results and the list the last"),
    ("bundle", r'"search\.result\.none"', "no results are told with the search.result.none text"),
)

WRAPPER = r"""/* MS Treatment Guide: Material's search worker (__WORKER__), with the query handled as a
   patient types it, sections that hold the query's words side by side first, and the matched words
   carried to the page. Written by scripts/guide/search_stemming.py, which explains each change
   and checks at build time that Material's worker still fits them. */
(function () {
  "use strict";
  var QUERY = 2, RESULT = 3;  // Material's message types
  var lunr, searchPipeline, queryWords = [];

  /* 1. Stemming with prefixes: "exercising*" is looked up as "exercis*". */
  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: function () { return lunr; },
    set: function (value) {
      lunr = value;
      var clause = value.Query.prototype.clause;
      value.Query.prototype.clause = function (c) {
        if (c && /^[^*].*[*]$/.test(c.term || "")) c.usePipeline = true;
        return clause.call(this, c);
      };
      var runString = value.Pipeline.prototype.runString;
      value.Pipeline.prototype.runString = function (text, metadata) {
        if (!/[*]$/.test(text)) return runString.call(this, text, metadata);
        return runString.call(this, text.slice(0, -1), metadata).map(function (t) { return t + "*"; });
      };
      var query = value.Index.prototype.query;
      value.Index.prototype.query = function () {
        searchPipeline = this.pipeline;  // the index's own: to compare words as the index does
        return query.apply(this, arguments);
      };
    }
  });

  /* 2. Queries: no stop words, short words whole, hyphenated words as written. */
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  function isStopWord(word) {
    return !!lunr && typeof lunr.stopWordFilter === "function" && !lunr.stopWordFilter(word);
  }
  function patientQuery(value) {
    var terms = [], words = [];
    value.split(/\s+/).forEach(function (word) {
      if (!word) return;
      if (/^[+\-~^*]|["*~^:]/.test(word)) return void terms.push(word);  // lunr's syntax: as typed
      var parts = word.split(/-+/).map(function (part) { return part.replace(EDGES, "").toLowerCase(); })
        .filter(function (part) { return part && !isStopWord(part); });
      var hyphenated = parts.length > 1;
      parts.forEach(function (part) {
        var whole = part.length < 3;
        // Material adds a wildcard to every term, but not to one with a boost (^1) or a presence (+).
        terms.push(hyphenated ? "+" + part + (whole ? "" : "*") : part + (whole ? "^1" : ""));
        words.push(part);
      });
    });
    queryWords = words;
    return terms.join(" ");
  }
  addEventListener("message", function (event) {
    var message = event.data;  // the object Material's own listener reads next
    if (message && message.type === QUERY && typeof message.data === "string")
      message.data = patientQuery(message.data);
  });

  /* 3. Results: the query's words side by side rank first; ?h= carries the words marked. */
  var MARK = /<mark>([\s\S]*?)<\/mark>/g;
  // Marked words with nothing between them but spaces, punctuation or short words ("and", "of").
  var RUN = /<mark>[^<]*<\/mark>(?:(?:[^<\p{L}\p{N}]|\b[\p{L}]{1,3}\b)*<mark>[^<]*<\/mark>)*/gu;
  var PHRASE = 4;  // how much more a result counts when it holds the query as typed
  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#39;": "'" };
  function plain(word) {
    return word.replace(/&(amp|lt|gt|quot|#39);/g, function (e) { return ENTITIES[e]; })
      .replace(EDGES, "").toLowerCase();
  }
  function marked(html) {
    var found = [];
    if (typeof html === "string") html.replace(MARK, function (all, word) { found.push(plain(word)); });
    return found.filter(Boolean);
  }
  function markedWords(item) { return marked(item.title).concat(marked(item.text)); }
  function stem(word) {
    var stems = searchPipeline ? searchPipeline.runString(word) : [word];
    return stems.length ? String(stems[0]) : word;
  }
  function holdsPhrase(item, stems) {
    return [item.title, item.text].some(function (html) {
      return typeof html === "string" && (html.match(RUN) || []).some(function (run) {
        var words = marked(run).map(stem);
        for (var i = 0; i + stems.length <= words.length; i++)
          if (stems.every(function (s, j) { return words[i + j].indexOf(s) === 0; })) return true;
        return false;
      });
    });
  }
  function withMatchedWords(group) {
    // The words marked in the results (whole words: "exercise" for "exercising"), and the query's
    // words that Material found as typed (a result shows two blocks of its section: some are not marked).
    var words = [];
    group.forEach(function (item) {
      markedWords(item).concat(Object.keys(item.terms || {}).filter(function (term) {
        return item.terms[term] === true;
      })).forEach(function (word) { if (words.indexOf(word) < 0) words.push(word); });
    });
    // Words of one or two letters would light up inside longer ones ("up" in "support").
    var long = words.filter(function (word) { return word.length > 2; });
    var shown = long.length ? long : words;
    group.forEach(function (item) {
      var own = markedWords(item).map(stem), terms = {};
      shown.forEach(function (word) { terms[word] = true; });
      Object.keys(item.terms || {}).forEach(function (term) {
        var wanted = stem(term);
        if (item.terms[term] === false && !own.some(function (s) { return s.indexOf(wanted) === 0; }))
          terms[term] = false;  // still missing from this result
      });
      item.terms = terms;
    });
  }
  function best(group) {
    return Math.max.apply(null, group.map(function (item) { return item.score; }));
  }
  function ranked(items) {
    var stems = queryWords.map(stem);
    if (stems.length > 1) items.forEach(function (group) {
      group.forEach(function (item) { if (holdsPhrase(item, stems)) item.score *= PHRASE; });
      group.sort(function (a, b) { return b.score - a.score; });
    });
    return items.map(function (group, i) { return { group: group, i: i, best: best(group) }; })
      .sort(function (a, b) { return b.best - a.best || a.i - b.i; })
      .map(function (entry) { return entry.group; });
  }
  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message.data.items = ranked(message.data.items);
      message.data.items.forEach(withMatchedWords);
    }
    return post.apply(self, arguments);
  };

  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  importScripts(new URL("__WORKER__", here).href);
})();
"""

# Shows the help that overrides/partials/search.html holds under the result count, when the count
# says that nothing matched (the partial gives the theme's own words for that, data-guide-none).
HELP = """/* MS Treatment Guide: the search's help when nothing matches (overrides/partials/search.html).
   Written by scripts/guide/search_stemming.py. */
(function () {
  "use strict";
  var help = document.querySelector("[data-guide-search-help]");
  var result = document.querySelector("[data-md-component=search-result]");
  if (!help || !result) return;
  var meta = result.firstElementChild, none = help.getAttribute("data-guide-none");
  var update = function () { help.hidden = meta.textContent.trim() !== none; };
  new MutationObserver(update).observe(meta, { childList: true, characterData: true, subtree: true });
  update();
})();
"""


def use_stemmed_worker(html: str) -> str:
    """Point the theme's configuration at the stemming worker."""
    if CONFIG_WORKER.search(html) and not WORKER_FILE.search(html) and STEMMED_WORKER not in html:
        raise ThemeChanged("The theme's search worker is not named as scripts/guide/search_stemming.py "
                           "expects (workers/search.<hash>.min.js): check its workarounds for this theme version.")
    return WORKER_FILE.sub(r"\1" + STEMMED_WORKER, html, count=1)


def check_theme(worker: str, bundle: str) -> None:
    """Stop the build when Material's files no longer work as the search workarounds expect."""
    files = {"worker": worker, "bundle": bundle}
    missing = [what for name, pattern, what in THEME_INTERNALS if not re.search(pattern, files[name])]
    if missing:
        raise ThemeChanged("Material's search changed: " + "; ".join(missing) + " no longer holds. "
                           "Check the workarounds in scripts/guide/search_stemming.py for this theme version.")


def write_stemmed_worker(site_dir: Path) -> bool:
    """Write the worker beside Material's and the help script; False when the theme has no
    search worker. Raises ThemeChanged when Material's search is not what they expect."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if not workers:
        return False
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(workers) != 1 or len(bundles) != 1:
        raise ThemeChanged(f"Expected one search worker and one bundle in the theme, found "
                           f"{[p.name for p in workers + bundles]}: check scripts/guide/search_stemming.py.")
    check_theme(workers[0].read_text(encoding="utf-8"), bundles[0].read_text(encoding="utf-8"))
    (site_dir / WORKERS / STEMMED_WORKER).write_text(WRAPPER.replace("__WORKER__", workers[0].name), encoding="utf-8")
    (site_dir / HELP_SCRIPT).write_text(HELP, encoding="utf-8")
    return True
