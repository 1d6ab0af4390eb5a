#!/usr/bin/env python3
"""Write the fingerprint of the source article (hashes of its 8-word runs), never its text.

Run it again only if the source article in ../shared/seed changes:
    .venv/bin/python scripts/make_fingerprint.py
"""

from pathlib import Path

from guide.checks.originality import write_fingerprint

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    source = ROOT.parent / "shared" / "seed" / "ms-treatment-overview.txt"
    target = ROOT / "scripts" / "data" / "source-fingerprint.txt"
    count = write_fingerprint(source, target)
    print(f"{target.relative_to(ROOT)}: {count} runs from {source.name}")
