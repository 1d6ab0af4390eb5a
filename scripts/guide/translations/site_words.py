"""The site's own words in a page's language (issue 26): its name (header, drawer, <title>) and
the footer's line, from the setting site_in_language: {es: {site_name: ..., copyright: ...}};
mkdocs.yml's own where the language gives none."""

from __future__ import annotations

from markupsafe import escape


class ConfigInLanguage:
    """mkdocs.yml's settings as the theme reads them on one page (config.site_name,
    config['copyright']), with the language's words in place of the site's. The words are plain
    text (settings.PlainText), escaped here: the theme writes them into HTML as they are."""

    def __init__(self, config, words: dict[str, str]):
        self._config = config
        self._words = {key: escape(value) for key, value in words.items() if value}

    def __getattr__(self, name: str):
        words = self.__dict__.get("_words", {})
        if name in words:
            return words[name]
        return getattr(self.__dict__["_config"], name)

    def __getitem__(self, key):
        return self._words[key] if key in self._words else self._config[key]

    def get(self, key, default=None):
        return self._words[key] if key in self._words else self._config.get(key, default)

    def __contains__(self, key) -> bool:
        return key in self._words or key in self._config


def words_of(settings, language: str) -> dict[str, str]:
    """The site's name and footer line in the language, where the setting gives them."""
    given = settings.site_in_language.get(language)
    if not given:
        return {}
    return {key: given[key] for key in ("site_name", "copyright") if given[key]}
