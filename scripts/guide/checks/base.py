"""What every check is: its kinds of problem with their default severity, and the events of a
build where it looks, named as MkDocs names them. The build (build.Build) computes a page's facts
first (content/facts.py), then calls each registered check at the same event: a check judges
what it is given and returns problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from guide.content.prose import prose_text
from guide.content.search_vocabulary import Vocabulary
from guide.problems import Problem, Severity

if TYPE_CHECKING:
    from guide.build import Build
    from guide.content.bibliography import Reference
    from guide.content.facts import PageRecord
    from guide.content.frontmatter import FrontMatter, PageMeta
    from guide.content.glossary import Term
    from guide.settings import GuideSettings


@dataclass
class Context:
    """What every check may read: the settings and the data files, as loaded for this build."""

    settings: GuideSettings
    today: dt.date
    root: Path  # the project: the folder of mkdocs.yml
    config_file: Path
    docs_dir: Path
    bibliography: dict[str, Reference] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    search_vocabulary: Vocabulary = field(default_factory=Vocabulary)
    source_hashes: set[str] = field(default_factory=set)  # the source article's fingerprint
    theme_dirs: list[str] = field(default_factory=list)
    data_texts: dict[str, str] = field(default_factory=dict)  # data file or template -> its text, for lines
    # mkdocs.yml's values that the theme writes into pages as they are (navigation titles, the
    # site's name): (what, value)
    theme_texts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Page:
    """One page: as read (its source and front matter), then as the checks see it while it is
    rendered (its facts' record, from on_page_markdown; its content, from on_page_content)."""

    path: str  # as shown in messages, e.g. docs/relapses.md
    text: str  # the whole file
    front: FrontMatter | None
    meta: PageMeta | None  # None when the front matter is missing or broken
    record: PageRecord | None = None  # its facts, once it is rendered
    read_problems: list[Problem] = field(default_factory=list)  # reading the file and its front matter
    markdown: str = ""  # what MkDocs renders (a check may neutralise part of it)
    html: str = ""  # the rendered content (a check may clean it)
    _prose: tuple[str, str] = ("", "")  # (html, its prose), computed once per version of html
    # What was wrong in the source while its facts were read (content/facts.py), by fact, and what
    # the cleaning took out of its content ("unsafe-html"): for the checks to judge.
    findings: dict[str, list] = field(default_factory=dict)
    sign_offs: list = field(default_factory=list)  # governance.signoff.SignOff, oldest first
    dest_uri: str = ""  # the built file, e.g. relapses/index.html

    @property
    def body_offset(self) -> int:
        return self.front.body_offset if self.front else 0

    @property
    def body(self) -> str:
        return self.text[self.body_offset :]

    @property
    def prose(self) -> str:
        """The content's plain sentences, for the reading checks."""
        if self._prose[0] is not self.html:
            self._prose = (self.html, prose_text(self.html))
        return self._prose[1]


class Check:
    """One concern. Subclasses set `kinds` and override the points they need."""

    # Each kind of problem this check reports, with its default severity (settable per kind).
    kinds: ClassVar[dict[str, Severity]] = {}
    # Whether on_post_build runs again after a preview save (build.saved_pages: the saved pages).
    checks_saved_pages: ClassVar[bool] = False

    def __init__(self, context: Context):
        self.context = context

    def on_config(self) -> Iterable[Problem]:
        """Before MkDocs reads docs/: a problem here stops the build."""
        return ()

    def on_page_markdown(self, page: Page) -> Iterable[Problem]:
        """A page's source, before it is rendered."""
        return ()

    def on_page_content(self, page: Page) -> Iterable[Problem]:
        """A page's rendered content (page.html, page.prose)."""
        return ()

    def on_post_page(self, path: str, source: str, html: str, root) -> Iterable[Problem]:
        """A whole file as it is published: each page, and the files written after the pages (the
        print page, the 404 page, a navigation item rendered once). path: its page, or the built
        file; root: html parsed with lxml.html.document_fromstring, once for every check."""
        return ()

    def on_post_build(self, build: Build, site_dir: Path | list[Path]) -> Iterable[Problem]:
        """Once every page is built (site_dir: the site, or the parts of a split check)."""
        return ()
