"""The guide's settings, typed: `extra.guide` in mkdocs.yml, checked with MkDocs' own config options.

Every check has a severity (`error`, `warn`, `notice`, `ignore`) set here, in one place,
as MkDocs does with its `validation` settings.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .problems import Severity, did_you_mean

# Each kind of problem and its default severity.
DEFAULT_SEVERITY: dict[str, Severity] = {
    "config": Severity.ERROR,
    "frontmatter-yaml": Severity.ERROR,
    "frontmatter-missing": Severity.ERROR,
    "frontmatter-type": Severity.ERROR,
    "frontmatter-date": Severity.ERROR,
    "frontmatter-unknown-key": Severity.ERROR,
    "review-future": Severity.ERROR,
    "review-order": Severity.ERROR,
    "review-history": Severity.ERROR,
    "review-changed": Severity.WARN,
    "review-overdue": Severity.WARN,
    "review-due-soon": Severity.NOTICE,
    "frontmatter-template": Severity.ERROR,
    "source-file": Severity.ERROR,
    "link-page-missing": Severity.ERROR,
    "link-invalid": Severity.ERROR,
    "link-to-draft": Severity.ERROR,
    "link-anchor-missing": Severity.ERROR,
    "duplicate-id": Severity.ERROR,
    "image-missing": Severity.ERROR,
    "image-alt-missing": Severity.ERROR,
    "external-broken": Severity.ERROR,
    "external-redirect": Severity.WARN,
    "external-syntax": Severity.ERROR,
    "citation-unknown": Severity.ERROR,
    "citation-uncited": Severity.WARN,
    "citation-incomplete": Severity.ERROR,
    "glossary-invalid": Severity.ERROR,
    "glossary-undefined": Severity.ERROR,  # a reader cannot look the abbreviation up
    "glossary-duplicate": Severity.ERROR,
    "glossary-unused": Severity.WARN,
    "readability": Severity.ERROR,
    "unsafe-html": Severity.ERROR,
    "source-copy": Severity.ERROR,
    "mkdocs": Severity.WARN,
}

SEVERITY_NAMES = tuple(s.value for s in Severity)


class ExternalLinkSettings(base.Config):
    timeout_seconds = c.Type((int, float), default=10)
    retries = c.Type(int, default=2)
    per_host = c.Type(int, default=2)  # concurrent requests to one host
    concurrency = c.Type(int, default=16)
    cache_max_age_hours = c.Type((int, float), default=24)
    # Hosts that block robots: reported as not checked, never contacted.
    ignore_hosts = c.ListOfItems(c.Type(str), default=[])


class ReviewBeforeHistory(base.Config):
    """The review pages carry from before sign-offs were recorded (e.g. the source article's)."""

    last_reviewed = c.Optional(c.Type(str))
    reviewed_by = c.Optional(c.Type(str))


class GuideSettings(base.Config):
    bibliography = c.Type(str, default="docs/_data/bibliography.yml")
    glossary = c.Type(str, default="docs/_data/glossary.yml")
    review_interval_years = c.Type(int, default=3)
    # A page without a recorded sign-off must carry exactly this review (when set).
    review_before_history = c.SubConfig(ReviewBeforeHistory)
    due_soon_days = c.Type(int, default=90)
    max_reading_grade = c.Type((int, float), default=8)
    # Abbreviations every reader knows, which need no glossary entry (e.g. UK, US).
    abbreviations_without_entry = c.ListOfItems(c.Type(str), default=[])
    source_fingerprint = c.Type(str, default="scripts/data/source-fingerprint.txt")
    paper = c.Choice(("letter", "a4"), default="letter")
    # The topic pages printed as handouts, one PDF each; none when empty.
    handout_pages = c.ListOfItems(c.Type(str), default=[])
    severity = c.DictOfItems(c.Choice(SEVERITY_NAMES), default={})
    external = c.SubConfig(ExternalLinkSettings)


class SettingsError(Exception):
    pass


# The checks that keep readers safe: a setting cannot make them less than errors.
ALWAYS_ERRORS = ("unsafe-html", "source-file")
# (setting, lowest, highest): numbers that would hang the build, overflow a date or mean nothing.
RANGES = [
    ("review_interval_years", 1, 10),
    ("due_soon_days", 0, 3650),
    ("max_reading_grade", 1, 20),
    ("external.timeout_seconds", 0.1, 300),
    ("external.retries", 0, 10),
    ("external.per_host", 1, 100),
    ("external.concurrency", 1, 256),
    ("external.cache_max_age_hours", 0, 24 * 365),
]


def _value(settings: GuideSettings, dotted: str):
    value = settings
    for part in dotted.split("."):
        value = value[part]
    return value


def load_settings(raw) -> GuideSettings:
    """Validate `extra.guide`; raise SettingsError with every message found."""
    if raw is not None and not isinstance(raw, dict):
        raise SettingsError(f"extra.guide: expected the guide's settings ('key: value' lines, "
                            f"indented under 'guide:'), not {type(raw).__name__}.")
    settings = GuideSettings()
    settings.load_dict(raw or {})
    failed, warnings = settings.validate()
    messages = [f"extra.guide.{key}: {err}" for key, err in failed + warnings]
    if failed:
        raise SettingsError(" ".join(messages))
    for kind, chosen in settings.severity.items():
        if kind not in DEFAULT_SEVERITY:
            hint = did_you_mean(kind, DEFAULT_SEVERITY)
            messages.append(f"extra.guide.severity: unknown check '{kind}'.{hint}")
        elif kind in ALWAYS_ERRORS and chosen != Severity.ERROR.value:
            messages.append(f"extra.guide.severity: '{kind}' is always an error: it keeps readers safe.")
    for dotted, lowest, highest in RANGES:
        value = _value(settings, dotted)
        if isinstance(value, bool) or not lowest <= value <= highest:
            messages.append(f"extra.guide.{dotted}: {value!r} is out of range; use a number from "
                            f"{lowest} to {highest}.")
    if messages:
        raise SettingsError(" ".join(messages))
    return settings


def severity_of(settings: GuideSettings, kind: str, strict: bool = False) -> Severity:
    """The severity of a kind of problem; under --strict a warning is an error."""
    chosen = settings.severity.get(kind)
    severity = Severity(chosen) if chosen else DEFAULT_SEVERITY[kind]
    if strict and severity is Severity.WARN:
        return Severity.ERROR
    return severity
