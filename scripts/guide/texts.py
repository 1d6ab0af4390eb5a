"""The words a reader sees, from templates: another publisher changes them in its theme's
custom_dir, never in Python.

Each text is a Jinja template named guide/<name> (so that it never meets one of the theme's). The
site's theme folders are searched first (its custom_dir, e.g. overrides/guide/disclaimer.html,
then the theme's own), then the engine's defaults in templates/guide/, whose wording fits any
health publisher. Every template sees site_name, site_description, site_url, copyright and extra
from mkdocs.yml, and the values its output passes, listed at its top. HTML templates are escaped
(autoescape); the offline copy's read-me (.txt) and the Recent changes list (.md) are not.

MkDocs copies a theme folder's files into the site, except templates (*.html), Markdown and any
name holding "readme": the names here are all of those kinds, so no override is ever published.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
import unicodedata
from pathlib import Path

import jinja2
import jinja2.sandbox
import lxml.html

from guide.content.get_help import Contacts
from guide.errors import TextsError

ENGINE_TEMPLATES = Path(__file__).resolve().parent / "templates"
# What a template may use from mkdocs.yml.
SITE_KEYS = ("site_name", "site_description", "site_url", "copyright", "extra")


def long_date(day: dt.date) -> str:
    """1 April 2018."""
    return f"{day.day} {day.strftime('%B %Y')}"


def month_year(day: dt.date) -> str:
    """April 2018."""
    return day.strftime("%B %Y")


def human_size(size: int) -> str:
    """A file's size as a reader reads it: 90 KB, 1.3 MB."""
    if size < 1000 * 1000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1000 / 1000:.1f} MB"


def slug(name: str) -> str:
    """A file name from the site's name: 'MS Treatment Guide' -> 'ms-treatment-guide' (letters
    and digits of ASCII only, accents dropped; 'guide' when nothing is left)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower())) or "guide"


class Texts:
    """The reader's texts of one site. Texts() alone has the engine's defaults only."""

    def __init__(
        self, theme_dirs=(), site: dict | None = None, contacts: Contacts | None = None, root: str | None = None
    ):
        # A value mkdocs.yml leaves out is empty (extra: no keys), not "None" in a handout.
        # root: the project's folder, which messages name a template from.
        self._made_with = (tuple(map(str, theme_dirs)), site, contacts, root)
        self.contacts = contacts or Contacts()
        self.root = root
        given = {key: value for key, value in (site or {}).items() if value is not None}
        self.site = {key: "" for key in SITE_KEYS} | {"extra": {}} | given
        # Sandboxed: a template (a contributor's file in overrides/guide/) reads the values it is
        # given and nothing else: no attributes that reach Python's internals, no method that
        # changes a value.
        self.env = jinja2.sandbox.ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader([*map(str, theme_dirs), str(ENGINE_TEMPLATES)]),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
            # A misspelt value is an error, not an empty space in a printed handout.
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters |= {"long_date": long_date, "month_year": month_year, "human_size": human_size}
        self.env.globals |= self.site
        # The publisher's contacts (get_help.py): every template may show them.
        self.env.globals["contacts"] = self.contacts

    def __reduce__(self):
        # Made again from its folders and values in another process (a split check): the Jinja
        # environment itself cannot be sent.
        return (Texts, self._made_with)

    @classmethod
    def from_config(cls, config) -> Texts:
        """The texts of the site that mkdocs.yml describes, its custom_dir first, and its
        publisher's contacts (the guide plugin's settings)."""
        root = str(Path(config.config_file_path).resolve().parent) if config.config_file_path else None
        guide = config.plugins.get("guide") if hasattr(config, "plugins") else None
        contacts = Contacts.from_settings(guide.config) if guide is not None else None
        site = {key: config.get(key) for key in SITE_KEYS}
        if guide is not None and guide.config.get("site_in_language"):
            # issue 26: the site's name and footer line in each language (translations/texts.py)
            site["site_in_language"] = site_in_language(guide.config["site_in_language"])
        return cls(config["theme"].dirs, site, contacts, root)

    @property
    def site_name(self) -> str:
        """The site's name as this text's reader reads it (a language's own: translations/texts.py)."""
        return self.site["site_name"]

    @property
    def site_slug(self) -> str:
        return slug(self.site["site_name"])

    def render(self, name: str, **values) -> str:
        """The template rendered (an HTML template's values escaped), surrounding blank space
        removed. Plain text, not markup-safe: adding it to other text never escapes either."""
        try:
            return self.env.get_template(name).render(**values).strip()
        except jinja2.TemplateNotFound as err:
            raise TextsError(
                f"The template '{err.name}' is missing from the guide's engine "
                f"({ENGINE_TEMPLATES}). Reinstall it (make)."
            ) from err
        except jinja2.TemplateError as err:
            raise TextsError(
                f"{_where(err, name, self.root)}: {(err.message or '').rstrip('.')}. Correct the template: its "
                "first lines say which values it can use."
            ) from err

    def text(self, name: str, **values) -> str:
        """An HTML template's text alone, for a place without markup (a PDF's title)."""
        rendered = self.render(name, **values)
        return lxml.html.fragment_fromstring(rendered, create_parent="div").text_content() if rendered else ""


def site_in_language(setting) -> dict[str, dict[str, str]]:
    """The guide's setting site_in_language as plain values: {es: {site_name: ..., copyright: ...}}."""
    return {
        language: {key: words[key] for key in ("site_name", "copyright") if words[key]}
        for language, words in setting.items()
    }


def _where(err: jinja2.TemplateError, name: str, root: str | None = None) -> str:
    """The template file and line of a template error, as far as Jinja tells it; a file of the
    project named from the project's folder."""

    def shown(filename: str) -> str:
        path = Path(filename)
        return path.relative_to(root).as_posix() if root and path.is_relative_to(root) else filename

    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        return f"{shown(err.filename)}:{err.lineno}"
    for frame, line in reversed(list(traceback.walk_tb(err.__traceback__))):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".txt", ".md")):
            return f"{shown(filename)}:{line}"
    return name
