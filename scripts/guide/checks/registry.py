"""The registered checks, in the order the build runs them (safety first: the others read the
cleaned page), and the default severity of every kind of problem. A new check is a new module
in this package and one line in REGISTERED."""

from __future__ import annotations

from guide.checks.base import Check
from guide.checks.citations import Citations
from guide.checks.contacts import Contacts
from guide.checks.external import ExternalLinks
from guide.checks.front_matter import FrontMatter
from guide.checks.glossary import Glossary
from guide.checks.handouts import Handouts
from guide.checks.headings import Headings
from guide.checks.links import Links
from guide.checks.originality import Originality
from guide.checks.readability import Readability
from guide.checks.reviews import Reviews
from guide.checks.safety import Safety
from guide.checks.source_files import SourceFiles
from guide.problems import Severity
from guide.translations.check import Translations

REGISTERED: tuple[type[Check], ...] = (
    SourceFiles,
    FrontMatter,
    Reviews,
    Citations,
    Safety,
    Links,
    Glossary,
    Headings,
    Readability,
    Originality,
    Handouts,
    Contacts,
    Translations,
    ExternalLinks,
)

# Problems of the engine itself, not of one check: settings and MkDocs' own messages.
ENGINE_KINDS = {"config": Severity.ERROR, "mkdocs": Severity.WARN}

DEFAULT_SEVERITY: dict[str, Severity] = {
    **ENGINE_KINDS,
    **{kind: severity for check in REGISTERED for kind, severity in check.kinds.items()},
}
