"""Every fact cited by a key of the bibliography, and every reference cited somewhere.
(The bibliography's own entries are checked as it is loaded: bibliography.py.)"""

from __future__ import annotations

from guide.checks.base import Check
from guide.content.page_markdown import citations_without_caret
from guide.problems import Problem, Severity


class Citations(Check):
    kinds = {
        "citation-unknown": Severity.ERROR,
        "citation-uncited": Severity.WARN,
        "citation-incomplete": Severity.ERROR,
        "citation-caret": Severity.ERROR,
    }
    # After a preview save too: whether the saved page was the only one to use an entry.
    checks_saved_pages = True

    def on_page_markdown(self, page):
        return page.findings["citations"] + citations_without_caret(
            page.path, page.text, page.body_offset, page.body, self.context.bibliography
        )

    def on_post_build(self, build, site_dir):
        cited = {key for page in build.pages.values() for key in page.cited}
        return [
            Problem(
                "citation-uncited",
                self.context.settings.bibliography,
                ref.line,
                f"No page cites '{key}'.",
                f"Cite it where its fact is used ([^{key}]) or remove the entry.",
            )
            for key, ref in self.context.bibliography.items()
            if key not in cited
        ]
