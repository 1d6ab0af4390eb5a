"""The files in docs/: only regular files inside the project, of the kinds docs/ may hold (pages,
data files in docs/_data/, raster images), pages readable as UTF-8."""

from __future__ import annotations

from ..problems import Severity
from ..reserved_paths import reserved_paths
from ..source_tree import scan_docs
from .base import Check


class SourceFiles(Check):
    kinds = {"source-file": Severity.ERROR}

    def on_sources(self):
        root, docs = self.context.root, self.context.docs_dir
        # One line per file: where the build writes its own, that is what to fix first.
        reserved = reserved_paths(docs, root)
        taken = {problem.path for problem in reserved}
        return sorted([*reserved, *(p for p in scan_docs(docs, root) if p.path not in taken)], key=lambda p: p.path)
