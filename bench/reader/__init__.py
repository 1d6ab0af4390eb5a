"""Measure what a reader of a built MkDocs (Material) site feels, one module per measurement,
each returning plain dicts and lists for bench/report.py to turn into tables:

* :mod:`reader.lighthouse` - Lighthouse scores and failing audits for every page.
* :mod:`reader.weight` - the bytes each page costs, raw and gzipped.
* :mod:`reader.search_latency` - how long the site search takes in Chromium.

The fourth, whether the search puts the right page first, is shared with the tests:
devtools.search_accuracy. Nothing here runs at import (no browser is looked for until a
measurement needs one); nothing touches the network beyond 127.0.0.1.
"""
