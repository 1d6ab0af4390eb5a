"""Glossary tooltips for terms with symbols: Python-Markdown's `abbr` matches a term between
word boundaries (`\\bC++\\b`), which never holds after a '+' followed by a space. This extension
replaces its tree processor with one that matches a term not touching other word characters,
which is the same for words and right for 'C++' and '.NET'."""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrTreeprocessor


class WholeFormAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        forms = sorted(self.abbrs, key=len, reverse=True)
        self.RE = re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, forms)))
        self.iter_element(root)


class WholeFormAbbrExtension(Extension):
    """Listed after `abbr`: takes over its tree processor, keeping its abbreviations."""

    def extendMarkdown(self, md):
        original = md.treeprocessors["abbr"]  # fails loudly if abbr is not loaded before it
        md.treeprocessors.register(WholeFormAbbrTreeprocessor(md, original.abbrs), "abbr", 7)
