"""Every abbreviation on a page is in the glossary, and every glossary term is used.
(The glossary's own entries are checked as it is loaded: guide/content/glossary.py.)"""

from __future__ import annotations

from guide.checks.base import Check
from guide.content.glossary import undefined_abbreviations
from guide.content.markdown_text import prose_only
from guide.problems import Problem, Severity


class Glossary(Check):
    kinds = {
        "glossary-invalid": Severity.ERROR,
        "glossary-undefined": Severity.ERROR,  # a reader cannot look the abbreviation up
        "glossary-duplicate": Severity.ERROR,
        "glossary-unused": Severity.WARN,
        # docs/_data/search-vocabulary.yml, checked as it is loaded (guide/content/search_vocabulary.py)
        "search-vocabulary-invalid": Severity.ERROR,
    }
    # After a preview save too: whether the saved page was the only one to use an entry.
    checks_saved_pages = True

    def on_page_markdown(self, page):
        context = self.context
        return undefined_abbreviations(
            page.path,
            prose_only(page.body),
            page.body_offset,
            context.terms,
            page.text,
            context.settings.abbreviations_without_entry,
        )

    def on_post_build(self, build, site_dir):
        # The Glossary page itself lists every term: only the other pages count.
        seen = {term.term for page in build.pages.values() if not page.lists_glossary for term in page.terms}
        return [
            Problem(
                "glossary-unused",
                self.context.settings.glossary,
                term.line,
                f"No page uses the glossary term '{term.term}'.",
                "Use the term in a page, add the spelling the pages use to its aliases, or remove it.",
            )
            for term in self.context.terms
            if term.term not in seen
        ]
