"""The guide's settings, typed: the `guide` plugin's options in mkdocs.yml (`plugins: - guide:`),
checked by MkDocs with its own config options when it loads the plugin.

Every check has a severity (`error`, `warn`, `notice`, `ignore`) set here, in one place,
as MkDocs does with its `validation` settings.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass

from mkdocs.config import base
from mkdocs.config import config_options as c

from guide.checks.registry import DEFAULT_SEVERITY
from guide.errors import SettingsError
from guide.problems import Severity, did_you_mean
from guide.speed import Speed

SEVERITY_NAMES = tuple(s.value for s in Severity)
# The checks that keep readers safe: a setting cannot make them less than errors.
ALWAYS_ERRORS = ("unsafe-html", "source-file")


class Bounded(c.Type):
    """A number from lowest to highest: outside, it would hang the build, overflow a date or mean
    nothing."""

    def __init__(self, kind, lowest, highest, default):
        super().__init__(kind, default=default)
        self.lowest, self.highest = lowest, highest

    def run_validation(self, value):
        value = super().run_validation(value)
        if isinstance(value, bool) or not self.lowest <= value <= self.highest:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            raise c.ValidationError(f"{shown} is out of range; use a number from {self.lowest} to {self.highest}.")
        return value


class Severities(c.DictOfItems):
    """`kind: severity` for any kind of problem; the checks that keep readers safe stay errors."""

    def __init__(self):
        super().__init__(c.Choice(SEVERITY_NAMES), default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for kind, chosen in value.items():
            if kind not in DEFAULT_SEVERITY:
                raise c.ValidationError(f"unknown check '{kind}'.{did_you_mean(kind, DEFAULT_SEVERITY)}")
            if kind in ALWAYS_ERRORS and chosen != Severity.ERROR.value:
                raise c.ValidationError(f"'{kind}' is always an error: it keeps readers safe.")
        return value


class HostList(c.ListOfItems):
    """Host names, addresses or networks (127.0.0.1, intranet.example.org, 10.0.0.0/8)."""

    def __init__(self):
        super().__init__(c.Type(str), default=[])

    def run_validation(self, value):
        value = super().run_validation(value)
        for entry in value:
            if not entry.strip() or any(char.isspace() or char in "/:@" for char in entry.strip()):
                try:
                    ipaddress.ip_network(entry.strip(), strict=False)
                except ValueError:
                    raise c.ValidationError(
                        f"{entry!r} is not a host name, an address or a network such as 10.0.0.0/8."
                    ) from None
        return value


class ExternalLinkSettings(base.Config):
    timeout_seconds = Bounded((int, float), 0.1, 300, default=10)
    retries = Bounded(int, 0, 10, default=2)
    per_host = Bounded(int, 1, 100, default=2)  # concurrent requests to one host
    concurrency = Bounded(int, 1, 256, default=16)
    cache_max_age_hours = Bounded((int, float), 0, 24 * 365, default=24)
    # Hosts that block robots: reported as not checked, never contacted.
    ignore_hosts = c.ListOfItems(c.Type(str), default=[])
    # Hosts inside the network the check may contact (names, addresses, networks such as
    # 10.0.0.0/8): any other loopback, private or link-local address is refused.
    allow_private_hosts = HostList()


class ReviewBeforeHistory(base.Config):
    """The review pages carry from before sign-offs were recorded (e.g. the source article's)."""

    last_reviewed = c.Optional(c.Type(str))
    reviewed_by = c.Optional(c.Type(str))


class TrustedCode(base.Config):
    """What a maintainer has read and allows, by name: each runs code in the build or in readers'
    browsers, so mkdocs.yml may name it only when it is listed here (config_gate.py)."""

    hooks = c.ListOfItems(c.Type(str), default=[])  # paths, as under hooks:
    markdown_extensions = c.ListOfItems(c.Type(str), default=[])  # beyond the safe ones
    plugins = c.ListOfItems(c.Type(str), default=[])  # beyond guide, search, offline, print-site
    extra_javascript = c.ListOfItems(c.Type(str), default=[])  # paths, as under extra_javascript:


PHONE_NUMBER = re.compile(r"[+0-9][0-9 ()-]{1,30}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
PLAIN_TEXT_ONLY = re.compile(r"[<>\[\]`*_|\\]")


class PlainText(c.Type):
    """A sentence a reader sees, as plain text: no markup (it goes into Markdown, HTML and paper)."""

    def __init__(self):
        super().__init__(str)

    def run_validation(self, value):
        value = super().run_validation(value)
        if PLAIN_TEXT_ONLY.search(value) or "\n" in value:
            raise c.ValidationError(f"{value!r} holds markup; write it as one line of plain words.")
        return value.strip()


class Matching(c.Type):
    """Text of one form: a phone number, an e-mail address, a web address."""

    def __init__(self, pattern: re.Pattern, what: str):
        super().__init__(str)
        self.pattern, self.what = pattern, what

    def run_validation(self, value):
        value = super().run_validation(value)
        if not self.pattern.fullmatch(value.strip()):
            raise c.ValidationError(f"{value!r} is not {self.what}.")
        return value.strip()


WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/+-]*)?")


class Contact(base.Config):
    """One place to get help (an emergency number, a crisis line, an information line): what the
    reader sees, and the bibliography key of the reference that gives it."""

    label = PlainText()  # e.g. Emergency
    number = Matching(PHONE_NUMBER, "a phone number (digits, spaces, +, - and brackets)")
    text = PlainText()  # when to call, in one or two plain sentences
    address = c.Optional(Matching(WEB_ADDRESS, "a web address (https://...)"))
    source = c.Type(str)  # a key of the bibliography


class OptionalContact(c.SubConfig):
    """A contact, or none when mkdocs.yml leaves it out (then no line shows for it)."""

    config_class = Contact

    def __init__(self):
        super().__init__(validate=True)
        self.default = None

    def run_validation(self, value):
        return None if value is None else super().run_validation(value)


class Contacts(base.Config):
    """Where a reader gets help now, shown on every clinical page, every handout and in the
    offline copy's read-me; and where to report a mistake (on every page and handout)."""

    emergency = OptionalContact()
    crisis_line = OptionalContact()
    information_line = OptionalContact()
    report_mistakes_to = c.Optional(Matching(EMAIL, "an e-mail address"))
    # The repository whose issues take reports (GitHub's new-issue form), when the site has one.
    repository = c.Optional(Matching(WEB_ADDRESS, "a web address (https://github.com/owner/name)"))


class LanguageNames(c.DictOfItems):
    """Translations (issue 26): the languages besides the theme's, each with its name in its
    own words, e.g. {es: Español}."""

    def __init__(self):
        super().__init__(PlainText(), default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for code in value:
            if not re.fullmatch(r"[a-z]{2,3}(?:-[a-z]{2})?", code, re.ASCII):
                raise c.ValidationError(f"{code!r} is not a language code such as es or pt-br.")
        return value


class SiteInLanguage(base.Config):
    """Translations (issue 26): the site's own words in one language, as plain text; English
    (mkdocs.yml's) where a value is left out."""

    site_name = c.Optional(PlainText())  # in the header and each page's <title>
    copyright = c.Optional(PlainText())  # the footer's line
    # The navigation's titles of sections and links, as mkdocs.yml writes them: {Living with MS: Vivir con EM}
    nav_titles = c.DictOfItems(PlainText(), default={})


@dataclass(frozen=True)
class Shard:
    """One of `count` processes that share a check: it renders the index-th run of pages."""

    index: int
    count: int

    def pick(self, items: list) -> list:
        return items[len(items) * self.index // self.count : len(items) * (self.index + 1) // self.count]


@dataclass(frozen=True)
class RunOptions:
    today: dt.date | None = None
    strict: bool = False
    lean: bool = False  # check only: no tooltips, no page hardening (nothing is published)
    publish: bool = True  # build: drafts are left out; check and serve show them with a banner
    shard: Shard | None = None  # a lean check split across processes: this process's part
    offline: bool = False  # the copy for a USB stick (file:// addresses, no server)
    speed: Speed = Speed()  # what exists only for speed at 1,000 pages (speed.py)


class GuideSettings(base.Config):
    bibliography = c.Type(str, default="docs/_data/bibliography.yml")
    glossary = c.Type(str, default="docs/_data/glossary.yml")
    # Patients' words for search (UK and US spellings, lay words, filler): optional.
    search_vocabulary = c.Type(str, default="docs/_data/search-vocabulary.yml")
    review_interval_years = Bounded(int, 1, 10, default=3)
    # A page without a recorded sign-off must carry exactly this review (when set).
    review_before_history = c.SubConfig(ReviewBeforeHistory)
    due_soon_days = Bounded(int, 0, 3650, default=90)
    max_reading_grade = Bounded((int, float), 1, 20, default=8)
    # Abbreviations every reader knows, which need no glossary entry (e.g. UK, US).
    abbreviations_without_entry = c.ListOfItems(c.Type(str), default=[])
    source_fingerprint = c.Type(str, default="scripts/data/source-fingerprint.txt")
    paper = c.Choice(("letter", "a4"), default="letter")
    # The topic pages printed as handouts, one PDF each; none when empty.
    handout_pages = c.ListOfItems(c.Type(str), default=[])
    severity = Severities()
    external = c.SubConfig(ExternalLinkSettings)
    trusted_code = c.SubConfig(TrustedCode)
    contacts = c.SubConfig(Contacts)
    # Pages with no clinical content of their own (Sources, Downloads, About, ...): no clinical
    # review is due for them; they show when their text was last updated. Every other page is
    # clinical (the Glossary is: its definitions are).
    pages_without_clinical_content = c.ListOfItems(c.Type(str), default=[])
    # Translations (issue 26, scripts/guide/translations/): none, a guide in one language, as before.
    languages = LanguageNames()
    # The site's name, footer line and section titles in each language: {es: {site_name: ...}}.
    site_in_language = c.DictOfItems(c.SubConfig(SiteInLanguage), default={})
    # Days a translation may stay behind its changed source page before that is an error.
    translation_behind_error_days = Bounded(int, 0, 3650, default=90)
    # One run's options (scripts/build.py's --today, --strict; a check, a build or the offline
    # copy), given by the command line after MkDocs loaded mkdocs.yml (mkdocs_run.py), never by
    # mkdocs.yml: config_gate.py refuses these keys there. `mkdocs serve` and `mkdocs build` run
    # with the defaults.
    run = c.Type(RunOptions, default=RunOptions())


# Set by the command line for one run, never in mkdocs.yml (config_gate.py refuses them there):
# the setting `run`, and RunOptions' fields, which a person might try to write as settings.
RUN_ONLY_KEYS = ("run", *RunOptions.__dataclass_fields__)


PLUGIN = "guide"


def plugin_options(raw_config: dict):
    """The guide plugin's options in mkdocs.yml as read by YAML (a mapping, or None when the
    plugin is listed without options). Raises KeyError when the plugin is not listed."""
    plugins = raw_config.get("plugins") or []
    if isinstance(plugins, dict):
        return plugins[PLUGIN]
    for item in plugins:
        if item == PLUGIN:
            return None
        if isinstance(item, dict) and PLUGIN in item:
            return item[PLUGIN]
    raise KeyError(PLUGIN)


def load_settings(raw) -> GuideSettings:
    """Validate the guide plugin's options outside MkDocs (tests, the reminder script); raise
    SettingsError with every message found."""
    if raw is not None and not isinstance(raw, dict):
        raise SettingsError(
            f"plugins: guide: expected the guide's settings ('key: value' lines, "
            f"indented under '- guide:'), not {type(raw).__name__}."
        )
    settings = GuideSettings()
    settings.load_dict(raw or {})
    failed, warnings = settings.validate()
    if failed or warnings:
        raise SettingsError(" ".join(f"plugins: guide: {key}: {err}" for key, err in failed + warnings))
    return settings


def severity_of(settings: GuideSettings, kind: str, strict: bool = False) -> Severity:
    """The severity of a kind of problem; under --strict a warning is an error."""
    chosen = settings.severity.get(kind)
    severity = Severity(chosen) if chosen else DEFAULT_SEVERITY[kind]
    if strict and severity is Severity.WARN:
        return Severity.ERROR
    return severity
