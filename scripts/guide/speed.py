"""What exists only for speed at 1,000 pages, switched in one place: RunOptions.speed.

Each part gives the same outputs and the same problems off as on (tests/test_speed.py builds a
site both ways); each is kept because a goal of BENCHMARKS.md needs it:

- nav_cache: the navigation's items rendered once per depth and spliced into each page as tokens
  (theme_fixes/nav_cache.py, used by Build.on_env). Material renders the whole navigation for
  every page: plain MkDocs + Material grows with exponent 1.37; the goals are at most 1.1, and a
  1,000-page build faster than Zensical's.
- print_anchor_ids: while print-site writes the print page, its pattern for ids stands in for one
  that does not retry every shorter tag name (theme_fixes/print_site.py, anchor_ids): a sixth of
  a 1,000-page build.
- written_digests: each built page is parsed for the link check while it is written, with the
  file's (length, CRC-32) (checks/links.py): the check reads the file again only if a later
  plugin changed it, instead of reading and parsing every page twice.
- template_cache: the theme's templates compiled once per process, not once per build and once
  more for the print page (print-site makes its own environment): COMPILED_TEMPLATES, the one
  process-wide memo of the engine, keyed by each template's name and checked against its
  source's checksum (Jinja's bytecode cache), so a changed template is compiled again. Half of
  a small site's build; the preview's rebuilds and a process that builds many sites (the tests,
  the benchmarks) compile each template once.
- shared_check: the lean check's pages shared among processes, one per processor for every
  PAGES_PER_PROCESS pages (mkdocs_run.run_check): the goal is 1,000 pages checked in under 10 s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jinja2 import BytecodeCache

# Below this many pages per process, starting another costs more than it saves.
PAGES_PER_PROCESS = 100


@dataclass(frozen=True)
class Speed:
    nav_cache: bool = True
    print_anchor_ids: bool = True
    written_digests: bool = True
    template_cache: bool = True
    shared_check: bool = True

    @classmethod
    def off(cls) -> Speed:
        """Every part off: the plain way, for tests and benchmarks to compare against."""
        return cls(
            nav_cache=False, print_anchor_ids=False, written_digests=False, template_cache=False, shared_check=False
        )

    def check_processes(self, pages: int, asked: int | None = None) -> int:
        """How many processes share a lean check of `pages` pages (asked: --jobs)."""
        if not self.shared_check:
            return 1
        return max(1, min(pages, asked or min(processors(), pages // PAGES_PER_PROCESS)))


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, by Jinja's key (the template's name and file); Jinja checks
    each against its source's checksum and compiles a changed one again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def cache_templates(theme) -> None:
    """Every environment of this build's theme (MkDocs' for the pages, print-site's for the
    print page) uses COMPILED_TEMPLATES: the theme object is this build's own."""
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.bytecode_cache = COMPILED_TEMPLATES
        return env

    theme.get_env = get_env


def processors() -> int:
    """The processors this process may use (fewer than the machine's in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
