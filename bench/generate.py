#!/usr/bin/env python3
"""Write a synthetic guide of N pages, built like the real one (devtools.synthetic);
optionally plant broken links.

    PYTHONPATH=. bench/generate.py OUT --pages 1000 [--broken-links 5 --broken-anchors 5]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from devtools.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--broken-links", type=int, default=0)
    parser.add_argument("--broken-anchors", type=int, default=0)
    args = parser.parse_args()
    generate(args.out, args.pages, args.broken_links, args.broken_anchors, project=ROOT)
    print(f"{args.out}: {args.pages} pages")
