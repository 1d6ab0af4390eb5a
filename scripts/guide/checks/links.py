"""Every link and image of the built site leads somewhere: pages, anchors, images with their
alternative text, no link to a draft. (How links are followed: guide/links.py.)"""

from __future__ import annotations

from ..links import check_site_links, extra_hashes, unparsable_targets
from ..problems import Severity
from .base import Check


class Links(Check):
    kinds = {
        "link-page-missing": Severity.ERROR,
        "link-invalid": Severity.ERROR,
        "link-to-draft": Severity.ERROR,
        "link-anchor-missing": Severity.ERROR,
        "duplicate-id": Severity.ERROR,
        "image-missing": Severity.ERROR,
        "image-alt-missing": Severity.ERROR,
    }
    checks_saved_pages = True

    def on_page(self, page):
        # A target Python-Markdown cannot parse would stop MkDocs: it is reported and left as text.
        page.markdown, problems = unparsable_targets(page.path, page.text, page.body_offset, page.markdown)
        return problems

    def on_page_html(self, page):
        page.html, problems = extra_hashes(page.path, page.text, page.html)
        return problems

    def on_site(self, build, site_dir):
        data_links = {
            ref.link: (self.context.settings.bibliography, ref.line)
            for ref in self.context.bibliography.values()
            if ref.link
        }
        links = check_site_links(
            site_dir,
            build.sources,
            build.site_url,
            build.print_sections,
            build.built_pages,
            data_links,
            build.drafts,
            build.content_links,
            build.saved_pages,
        )
        if build.saved_pages is not None:  # the preview after a save: the saved pages' links only
            return links.problems
        build.session.internal_links_checked = links.internal_checked
        build.session.external_links = dict(links.external)
        return links.problems
