"""A synthetic guide of N pages, built like the real one: front matter, citations, glossary terms,
admonitions, links between pages and to anchors; optionally with broken links planted.

The site uses the real guide's mkdocs.yml settings, plugin, bibliography and glossary, so that
`check` and `build` do the same work per page as on the guide. The benchmarks measure with it
(bench/generate.py writes one from the command line) and the tests split a check of it across
processes.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

KEYS = [
    "downward2018",
    "lepage2015",
    "burton2012",
    "nice2022",
    "khan2017",
    "amatya2019",
    "yadav2014",
    "raegrant2018",
    "montalban2018",
    "weinshenker1999",
    "cortese2011",
]
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
    """Topic n of total: key points, four parts with citations, links to another page's part 2
    and to this page's part 1."""
    lines = [
        FRONT.format(n=n),
        f"# Topic {n}",
        "",
        '!!! abstract "Key points"',
        "",
        f"    - {rng.choice(SENTENCES)}[^{rng.choice(KEYS)}]",
        "",
    ]
    for section in range(1, 5):
        lines += [f"## Part {section}", ""]
        for _ in range(3):
            lines.append(" ".join(rng.choice(SENTENCES) for _ in range(3)) + f"[^{rng.choice(KEYS)}]")
            lines.append("")
        other = rng.randrange(total)
        lines.append(f"See [topic {other}, part 2](topic-{other}.md#part-2) and [part 1 of this page](#part-1).")
        lines.append("")
    lines += ['!!! tip "Talk to your care team"', "", "    Your MS team knows you best.", ""]
    return "\n".join(lines)


def site_config(project: Path, pages: int, sections: int = 0) -> str:
    """The project's mkdocs.yml for a synthetic guide: its nav lists the topics (flat, or in
    `sections` sections of equal size), its paths point into the project (theme overrides,
    scripts), it prints no handouts (those are for the guide's own topics), and its pages carry
    their own review (not the guide's from before sign-offs were recorded)."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    nav_start = config.index("nav:")
    nav_end = config.index("\ntheme:")
    if sections:
        per = -(-pages // sections)
        nav = "nav:\n  - index.md\n" + "".join(
            f"  - Section {s + 1}:\n"
            + "".join(f"    - topic-{n}.md\n" for n in range(s * per, min(pages, (s + 1) * per)))
            for s in range(sections)
            if s * per < pages
        )
    else:
        nav = "nav:\n  - index.md\n" + "".join(f"  - topic-{n}.md\n" for n in range(pages))
    config = config[:nav_start] + nav + config[nav_end:]
    config = re.sub(r"(?m)^( *)review_before_history:\n(?:\1 +.*\n)*", "", config)
    # The guide's pages without clinical content (Sources, About, ...) are not in a synthetic guide.
    config = re.sub(r"(?m)^ *pages_without_clinical_content:.*\n", "", config)
    config = config.replace("  - scripts\n", f"  - {project / 'scripts'}\n")
    config = config.replace("overrides", str(project / "overrides"))
    config = config.replace("site_dir: dist/site", "site_dir: site")
    # The handout list, at whatever depth the settings are (under `extra: guide:` or the plugin).
    config, found = re.subn(r"(?m)^( *)handout_pages:.*\n(?:\1 +- .*\n)*", r"\1handout_pages: []\n", config)
    if not found:
        raise ValueError(f"{project / 'mkdocs.yml'}: no handout_pages setting to empty")
    return config


def generate(
    out: Path,
    pages: int,
    broken_links: int = 0,
    broken_anchors: int = 0,
    seed: int = 7,
    *,
    project: Path,
    sections: int = 0,
) -> dict[str, list[str]]:
    """Write a synthetic guide of `pages` topics into `out` (replaced if it exists), from the
    guide `project` (its mkdocs.yml, data files and assets). Returns what was planted:
    {"links": ["topic-3.md -> missing-0.md", ...], "anchors": [...]}, also written to
    out/planted.json."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "_data").mkdir(parents=True)
    for name in ("bibliography.yml", "glossary.yml"):
        shutil.copy(project / "docs" / "_data" / name, docs / "_data" / name)
    if (project / "docs" / "assets").is_dir():  # the guide's pictures, if it has some
        shutil.copytree(project / "docs" / "assets", docs / "assets")
    texts = {n: page(n, pages, rng) for n in range(pages)}
    planted: dict[str, list[str]] = {"links": [], "anchors": []}
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
    (out / "mkdocs.yml").write_text(site_config(project, pages, sections), encoding="utf-8")
    (out / "planted.json").write_text(json.dumps(planted, indent=1), encoding="utf-8")
    return planted
