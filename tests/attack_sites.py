"""Fixture sites that carry attack vectors through one entry point each, for
tests/test_attack_corpus.py.

An entry point writes a whole site (mkdocs.yml, docs/, data files, overrides/) from a list of
vectors and says where each vector landed: which file and lines, and which names (a page, a
bibliography key, a glossary term). A build that refuses some of them names them in its problems;
`refused` maps those problems back to vectors, so the site can be written again without them,
as an attacker keeps what gets past the checks.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT / "tests" / "data" / "xss-corpus.yml"
SITE_NAME = "Corpus guide"
# What would only be there if a payload ran or the printer read something else.
FOREIGN_TEXT = ("PWNED", "root:x:0:0", "/usr/sbin/nologin", "daemon:x:1:1")


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["vectors"]


# The checks that are not about safety are lowered, as a careful attacker would write pages that
# pass them: what stops a vector is then the safety checks alone. unsafe-html and source-file
# cannot be lowered (the engine refuses that).
LOWERED = [
    "readability",
    "glossary-undefined",
    "glossary-unused",
    "citation-uncited",
    "review-overdue",
    "review-due-soon",
    "source-copy",
    "image-missing",
    "image-alt-missing",
    "link-anchor-missing",
    "link-page-missing",
    "duplicate-id",
]


@dataclass
class Layout:
    """Where each vector landed in a written site."""

    spans: list[tuple[str, int, int, str]] = field(default_factory=list)  # (file, first, last line, id)
    names: dict[str, str] = field(default_factory=dict)  # a name a problem may quote -> id
    pages: list[tuple[str, str]] = field(default_factory=list)  # (docs-relative file, its H1)

    def refused(self, problems: list[dict], output: str = "", rewritten: tuple[str, ...] = ()) -> set[str]:
        """The vectors that the build's error problems point at; or, when it stopped without
        problems (a traceback), those of the file its output names. A problem in a built file is
        put on the vectors of its page; on the print page, where every page is, on `rewritten`
        (the vectors that third-party code rewrites there, which the checks of pages cannot see)."""
        found = set()
        if not problems:
            for file, _, _, vector in self.spans:
                if f"'{file.removeprefix('docs/')}'" in output or f"{file}:" in output:
                    found.add(vector)
        for problem in problems:
            if problem.get("severity") != "error":
                continue
            path, line, message = problem.get("path") or "", problem.get("line") or 0, problem.get("message", "")
            in_file = [(first, last, vector) for file, first, last, vector in self.spans if file == path]
            spanned = {vector for first, last, vector in in_file if first <= line <= last}
            found |= spanned or {vector for _, _, vector in in_file}  # outside every span: the file's
            if path.startswith(("site/", "offline/")):
                built = path.split("/", 1)[1].removesuffix("index.html").removesuffix(".html").rstrip("/")
                if built in ("print_page", ""):
                    found |= set(rewritten) if built == "print_page" else set()
                for file, _, _, vector in self.spans:
                    if file.removeprefix("docs/").removesuffix(".md") == built and built:
                        found.add(vector)
            for name, vector in self.names.items():
                if f"'{name}'" in message or path == name:
                    found.add(vector)
        return found


def _front(title: str, description: str = "A page that carries one attack vector.") -> str:
    # JSON strings are YAML strings: any payload is written as it is, quoted.
    return (
        f"---\ntitle: {json.dumps(title)}\ndescription: {json.dumps(description)}\n"
        "last_reviewed: 2024-01-15\nreviewed_by: Dr A Example, MS nurse\nlast_updated: 2024-02-01\n---\n\n"
    )


class Site:
    """A site written into a folder: mkdocs.yml built from the shared fixture base, plus what an
    entry point adds."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.layout = Layout()
        self.config: dict = {}
        self.extra_lines: list[str] = []
        self.handout = "index.md"
        self.per_page = 1  # vectors on one page, where an entry point groups them

    def reset(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        (self.folder / "docs").mkdir(parents=True)
        shutil.copytree(FIXTURES / "_shared", self.folder / "_shared")
        self.layout = Layout()
        self.extra_lines = []
        self.config = {
            "guide": {
                "bibliography": "_shared/bibliography.yml",
                "glossary": "_shared/glossary.yml",
                "source_fingerprint": "_shared/source-fingerprint.txt",
            },
        }

    def page(self, name: str, title: str, body: str, front: str | None = None, vector: str | None = None):
        """A page; a vector in its body is spanned by its lines, a vector in its front matter by the file."""
        text = front if front is not None else _front(title)
        head = f"{text}# {title if front is None else 'Vector page'}\n\nPlain text before the part.\n\n"
        (self.folder / "docs" / name).write_text(head + body + "\n\nPlain text after the part.\n", encoding="utf-8")
        self.layout.pages.append((name, title if front is None else "Vector page"))
        if vector:
            self.layout.names[f"docs/{name}"] = vector

    def body_part(self, name: str, title: str, parts: list[tuple[str, str]]) -> None:
        """A page holding several vectors, each its own block, each spanned by its lines."""
        head = _front(title) + f"# {title}\n\nPlain text before the parts.\n\n"
        line = head.count("\n") + 1
        chunks = []
        for vector, text in parts:
            n = text.count("\n") + 1
            self.layout.spans.append((f"docs/{name}", line, line + n - 1, vector))
            chunks.append(text)
            line += n + 1  # the blank line between blocks
        (self.folder / "docs" / name).write_text(
            head + "\n\n".join(chunks) + "\n\nPlain text after.\n", encoding="utf-8"
        )
        self.layout.pages.append((name, title))

    def write_config(self, top: list[tuple[str, str | None]] = ()) -> None:
        """mkdocs.yml: the shared base, the guide's settings, then `top`: (line, vector or None),
        each line spanned for its vector."""
        guide = self.config["guide"]
        lines = [f"INHERIT: {FIXTURES / '_base.yml'}", f"site_name: {json.dumps(SITE_NAME)}"]
        for text, vector in top:
            if vector:
                self.layout.spans.append(("mkdocs.yml", len(lines) + 1, len(lines) + 1 + text.count("\n"), vector))
            lines.append(text)
        lines += ["plugins:", "  guide:"]
        for key, value in guide.items():
            lines.append(f"    {key}: {json.dumps(value)}")
        lines.append(f"    handout_pages: [{json.dumps(self.handout)}]")
        lines.append("    severity:")
        lines += [f"      {kind}: ignore" for kind in LOWERED]
        lines += self.extra_lines
        (self.folder / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _index(site: Site) -> None:
    site.page("index.md", "Corpus home", "This guide carries attack vectors, each on its own page.")


# ---- The entry points: each writes a site from its vectors ----


def page_body(site: Site, vectors: list[dict]) -> None:
    """Each vector as a block of a page's Markdown (raw HTML, or the Markdown it is), a few per page."""
    site.reset()
    _index(site)
    # A page reports each kind of problem once: one vector a page, so that each refusal is seen;
    # a build that is only opened (plain MkDocs) groups them, for fewer pages to open.
    per_page = site.per_page
    for start in range(0, len(vectors), per_page):
        chunk = vectors[start : start + per_page]
        site.body_part(
            f"body-{start // per_page:02d}.md",
            f"Body page {start // per_page}",
            [(v["id"], v["payload"]) for v in chunk],
        )
    site.write_config()


def front_matter(site: Site, vectors: list[dict]) -> None:
    """Each vector as a page's title, and the next as its description."""
    site.reset()
    _index(site)
    for n, v in enumerate(vectors):
        description = vectors[(n + 1) % len(vectors)]["payload"]
        site.page(
            f"front-{n:02d}.md",
            "",
            "A page whose front matter carries a vector.",
            front=_front(v["payload"], description),
            vector=v["id"],
        )
    site.write_config()


def data_files(site: Site, vectors: list[dict]) -> None:
    """Each vector as a bibliography entry's title (its url a plain address or, for a few, the
    vector too) and as a glossary term's definition and expansion; one page cites and uses them all."""
    site.reset()
    _index(site)
    bib, glossary, cites = [], [], []
    for n, v in enumerate(vectors):
        key, term = f"vector{n:02d}", f"VECTOR{n:02d}"
        url = v["payload"] if n % 4 == 3 else f"https://example.org/vector/{n}"
        first = len(bib) + 1
        bib += [f"{key}:", "  type: web", "  organization: Example", f"  title: {json.dumps(v['payload'])}"]
        bib += [f"  url: {json.dumps(url)}", ""]
        site.layout.spans.append(("bibliography.yml", first, len(bib), v["id"]))
        site.layout.names[key] = v["id"]
        first = len(glossary) + 1
        glossary += [
            f"- term: {term}",
            f"  expansion: {json.dumps(v['payload'])}",
            f"  definition: {json.dumps(v['payload'])}",
        ]
        site.layout.spans.append(("glossary.yml", first, len(glossary), v["id"]))
        site.layout.names[term] = v["id"]
        cites.append(f"The {term} part says so.[^{key}]")
    # With every vector refused, the files are empty, as the engine asks them to be written.
    (site.folder / "bibliography.yml").write_text("\n".join(bib) + "\n" if bib else "{}\n", encoding="utf-8")
    (site.folder / "glossary.yml").write_text("\n".join(glossary) + "\n" if glossary else "[]\n", encoding="utf-8")
    site.config["guide"]["bibliography"] = "bibliography.yml"
    site.config["guide"]["glossary"] = "glossary.yml"
    site.page("cites.md", "Cited parts", "\n\n".join(cites))
    site.page("glossary.md", "Glossary", "<!-- guide:glossary -->")
    site.page("sources.md", "Sources", "<!-- guide:bibliography -->")
    site.write_config()


def settings(site: Site, vectors: list[dict]) -> None:
    """The vectors as mkdocs.yml values: the copyright, the description, the author, the
    repository's name, a navigation title for each page, and social links under extra."""
    site.reset()
    _index(site)
    top = []
    for key, v in zip(("copyright", "site_description", "site_author", "repo_name"), vectors * 4):
        top.append((f"{key}: {json.dumps(v['payload'])}", v["id"]))
    top.append(("repo_url: https://example.org/repo", None))
    top.append(("nav:", None))
    top.append(("  - Home: index.md", None))
    for n, v in enumerate(vectors):
        site.page(f"nav-{n:02d}.md", f"Navigation page {n}", "A page whose navigation title carries a vector.")
        top.append((f"  - {json.dumps(v['payload'])}: nav-{n:02d}.md", v["id"]))
    top.append(("extra:", None))
    top.append(("  social:", None))
    for v in vectors[:4]:
        top.append(
            (
                f"    - {{icon: fontawesome/brands/github, link: {json.dumps('https://example.org/' + str(len(top)))}, name: {json.dumps(v['payload'])}}}",
                v["id"],
            )
        )
    site.write_config(top)


def templates(site: Site, vectors: list[dict]) -> None:
    """The vectors in a theme override (overrides/main.html), one per block of the theme's page."""
    site.reset()
    _index(site)
    site.page("second.md", "Second page", "A page that the override also wraps.")
    blocks = ["extrahead", "content", "footer", "site_nav", "header", "announce"]
    lines = ['{% extends "base.html" %}']
    for block, v in zip(blocks, vectors):
        first = len(lines) + 1
        # {% raw %}: the vector is markup, not Jinja.
        lines.append(f"{{% block {block} %}}{{{{ super() }}}}{{% raw %}}{v['payload']}{{% endraw %}}{{% endblock %}}")
        site.layout.spans.append(("overrides/main.html", first, first + v["payload"].count("\n"), v["id"]))
    (site.folder / "overrides").mkdir()
    (site.folder / "overrides" / "main.html").write_text("\n".join(lines) + "\n", encoding="utf-8")
    site.write_config(
        [("theme:", None), ("  name: material", None), ("  font: false", None), ("  custom_dir: overrides", None)]
    )


def file_names(site: Site, vectors: list[dict]) -> None:
    """Each vector as a page's file name, linked from the home page and listed in the navigation."""
    site.reset()
    links = []
    for v in vectors:
        name = v["payload"]
        site.page(name, f"Named page {len(links)}", "A page whose file name carries a vector.", vector=v["id"])
        links.append(f"- [Page {len(links)}](<{name}>)")
    site.page("index.md", "Corpus home", "\n".join(links))
    # The links on the home page hold the names too: a problem there is the vector's.
    first = _front("Corpus home").count("\n") + 5
    for n, v in enumerate(vectors):
        site.layout.spans.append(("docs/index.md", first + n, first + n, v["id"]))
    site.write_config()


ENTRY_POINTS = {
    "page-body": page_body,
    "front-matter": front_matter,
    "data-files": data_files,
    "settings": settings,
    "templates": templates,
    "file-names": file_names,
}
