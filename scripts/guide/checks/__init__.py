"""The checks, one module per concern: each declares its kinds of problem with their default
severity and the points of the build where it looks (base.Check). The build runs them in this
order (safety first: the others read the cleaned page). A new check is a new module here and
one line in REGISTERED."""

from __future__ import annotations

from ..problems import Severity
from ..translations.check import Translations  # issue 26
from .base import Check, Context, Page
from .citations import Citations
from .contacts import Contacts
from .external import ExternalLinks
from .front_matter import FrontMatter
from .glossary import Glossary
from .handouts import Handouts
from .headings import Headings
from .links import Links
from .originality import Originality
from .readability import Readability
from .reviews import Reviews
from .safety import Safety
from .source_files import SourceFiles

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

__all__ = ["REGISTERED", "DEFAULT_SEVERITY", "Check", "Context", "Page"]
