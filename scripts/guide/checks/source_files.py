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
        return [*scan_docs(docs, root), *reserved_paths(docs, root)]
