"""External links answer (run by `check --external`: the only check that uses the network).
(How they are checked: guide/external.py.)"""

from __future__ import annotations

from ..problems import Severity
from .base import Check


class ExternalLinks(Check):
    kinds = {
        "external-broken": Severity.ERROR,
        "external-redirect": Severity.WARN,
        "external-syntax": Severity.ERROR,
    }
