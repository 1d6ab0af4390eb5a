#!/usr/bin/env python3
"""Write a synthetic guide of N pages, built like the real one: front matter, citations, glossary
terms, admonitions, links between pages and to anchors. Optionally plant broken links.

    bench/generate.py OUT --pages 1000 [--broken-links 5 --broken-anchors 5]

The site uses the guide's own mkdocs.yml settings, hooks, bibliography and glossary, so `check`
and `build` do the same work per page as on the guide.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = ["downward2018", "lepage2015", "burton2012", "nice2022", "khan2017", "amatya2019",
        "yadav2014", "raegrant2018", "montalban2018", "weinshenker1999", "cortese2011"]
SENTENCES = [
    "A relapse is a time when your MS symptoms flare up.",
    "Steroids can calm the inflammation in the CNS.",
    "Your care team can help you choose what is right for you.",
    "Rehabilitation helps you keep doing the things you need to do.",
    "A physical therapist can help you move with more ease.",
    "Plasma exchange may help when steroids do not.",
    "A DMT can mean fewer relapses over time.",
    "Talk to your MS team before you make a change.",
]
FRONT = """---
title: Topic {n}
description: A synthetic topic page, number {n}, for measuring the build.
last_reviewed: 2025-01-15
reviewed_by: Benchmark reviewer
last_updated: 2025-02-01
---
"""


def page(n: int, total: int, rng: random.Random) -> str:
    lines = [FRONT.format(n=n), f"# Topic {n}", "", '!!! abstract "Key points"', "",
             f"    - {rng.choice(SENTENCES)}[^{rng.choice(KEYS)}]", ""]
    for section in range(1, 5):
        lines += [f"## Part {section}", ""]
        for _ in range(3):
            lines.append(" ".join(rng.choice(SENTENCES) for _ in range(3)) + f"[^{rng.choice(KEYS)}]")
            lines.append("")
        other = rng.randrange(total)
        lines.append(f"See [topic {other}, part 2](topic-{other}.md#part-2) and "
                     f"[part 1 of this page](#part-1).")
        lines.append("")
    lines += ['!!! tip "Talk to your care team"', "", "    Your MS team knows you best.", ""]
    return "\n".join(lines)


def generate(out: Path, pages: int, broken_links: int = 0, broken_anchors: int = 0,
             seed: int = 7) -> dict:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "_data").mkdir(parents=True)
    for name in ("bibliography.yml", "glossary.yml"):
        shutil.copy(ROOT / "docs" / "_data" / name, docs / "_data" / name)
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    texts = {n: page(n, pages, rng) for n in range(pages)}
    planted = {"links": [], "anchors": []}
    for i in range(broken_links):
        n = (i * 7919) % pages
        texts[n] += f"\nSee [a page that is gone](missing-{i}.md).\n"
        planted["links"].append(f"topic-{n}.md -> missing-{i}.md")
    for i in range(broken_anchors):
        n = (i * 104729 + 3) % pages
        texts[n] += f"\nSee [a part that is gone](topic-{(n + 1) % pages}.md#gone-{i}).\n"
        planted["anchors"].append(f"topic-{n}.md -> topic-{(n + 1) % pages}.md#gone-{i}")
    for n, text in texts.items():
        (docs / f"topic-{n}.md").write_text(text, encoding="utf-8")
    # A start page that links to every topic, as the guide's does.
    index = FRONT.format(n="index").replace("Topic index", "Synthetic guide") + "\n# Synthetic guide\n\n"
    index += "\n".join(f"- Read [topic {n}](topic-{n}.md)." for n in range(pages)) + "\n"
    (docs / "index.md").write_text(index, encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav_start = config.index("nav:")
    nav_end = config.index("\ntheme:")
    config = config[:nav_start] + "nav:\n  - index.md\n" + "".join(f"  - topic-{n}.md\n" for n in range(pages)) + config[nav_end:]
    config = config.replace("scripts/hooks.py", str(ROOT / "scripts" / "hooks.py"))
    config = config.replace("  - scripts\n", f"  - {ROOT / 'scripts'}\n")
    config = config.replace("overrides", str(ROOT / "overrides"))
    config = config.replace("site_dir: dist/site", "site_dir: site")
    # Handouts are for the guide's topics; a synthetic guide prints none.
    start = config.index("    handout_pages:")
    end = config.index("    severity:")
    config = config[:start] + "    handout_pages: []\n" + config[end:]
    (out / "mkdocs.yml").write_text(config, encoding="utf-8")
    (out / "planted.json").write_text(json.dumps(planted, indent=1), encoding="utf-8")
    return planted


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--broken-links", type=int, default=0)
    parser.add_argument("--broken-anchors", type=int, default=0)
    args = parser.parse_args()
    generate(args.out, args.pages, args.broken_links, args.broken_anchors)
    print(f"{args.out}: {args.pages} pages")
