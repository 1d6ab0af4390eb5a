"""Helpers shared by the tests (tests/) and the benchmarks (bench/), never used by a build: outside
the engine (scripts/guide), found through pytest's `pythonpath` and `make bench`'s PYTHONPATH.

* :mod:`.browsing` - Chromium through Playwright, the requests a page makes, the site's search.
* :mod:`.serving` - a built site on localhost, as GitHub Pages serves it.
* :mod:`.linkserver` - local servers that answer like the web does, for the link checker.
* :mod:`.synthetic` - a synthetic guide of any size, built like the real one.
* :mod:`.search_accuracy` - whether the search puts the right page first for each query.
* :mod:`.attack` - pages watched in Chromium as an attacker's target: what they ran, loaded or
  hold that could run (built sites, and HTML strings in a sandbox with nothing else reachable).

Importing any of them starts nothing: no browser, no server, no search for a browser.
"""
