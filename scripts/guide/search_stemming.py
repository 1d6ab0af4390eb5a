"""Stemmed search that still matches as you type.

Material appends a wildcard to every query term ("exercising*"), and lunr skips its query
pipeline for such terms, so with a stemmed index a whole word stops matching ("exercis" is
indexed, "exercising*" is looked up). A small worker in front of Material's turns the pipeline
back on for trailing wildcards: the term is stemmed, then matched as a prefix ("exercis*").
It runs in a Web Worker, and in iframe-worker's iframe offline.
"""

from __future__ import annotations

import re
from pathlib import Path

WORKERS = "assets/javascripts/workers"
STEMMED_WORKER = "search-stemmed.js"
WORKER_FILE = re.compile(r"(workers/)search\.[0-9a-f]+\.min\.js")

WRAPPER = """/* MS Treatment Guide: Material's search worker ({worker}) with lunr's query pipeline kept
   for terms that end in a wildcard: "exercising*" is stemmed to "exercis*", so that a stemmed
   index matches whole words as well as prefixes. Written by scripts/guide/search_stemming.py. */
(function () {{
  "use strict";
  var lunr;
  Object.defineProperty(self, "lunr", {{
    configurable: true,
    get: function () {{ return lunr; }},
    set: function (value) {{
      lunr = value;
      var clause = value.Query.prototype.clause;
      value.Query.prototype.clause = function (c) {{
        if (c && /^[^*].*[*]$/.test(c.term || "")) c.usePipeline = true;
        return clause.call(this, c);
      }};
      var runString = value.Pipeline.prototype.runString;
      value.Pipeline.prototype.runString = function (text, metadata) {{
        if (!/[*]$/.test(text)) return runString.call(this, text, metadata);
        return runString.call(this, text.slice(0, -1), metadata).map(function (t) {{ return t + "*"; }});
      }};
    }}
  }});
  var here = self.document && document.currentScript ? document.currentScript.src : self.location.href;
  importScripts(new URL("{worker}", here).href);
}})();
"""


def use_stemmed_worker(html: str) -> str:
    """Point the theme's configuration at the stemming worker."""
    return WORKER_FILE.sub(r"\1" + STEMMED_WORKER, html, count=1)


def write_stemmed_worker(site_dir: Path) -> bool:
    """Write the worker beside Material's; False when the theme has no search worker."""
    workers = sorted((site_dir / WORKERS).glob("search.*.min.js"))
    if not workers:
        return False
    (site_dir / WORKERS / STEMMED_WORKER).write_text(WRAPPER.format(worker=workers[0].name), encoding="utf-8")
    return True
