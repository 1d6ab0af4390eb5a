"""Translations (issue 26): a guide in more than one language, each translation honest about the
English page it follows.

The layout is mkdocs-static-i18n's suffix convention, built by the engine itself: `relapses.es.md`
is the Spanish translation of `relapses.md`, published at `es/relapses/` in the same build (the
website and the offline copy), outside the navigation. mkdocs-static-i18n was not used: it runs
one more whole MkDocs build per language from inside its plugin, which the engine's own build
(staging, the published-HTML gate, the theme fixes, the offline copy built in its own process,
the print page) does not survive; and the config gate admits no other plugin.

- layout.py: which file translates which page, and where it is published.
- record.py: what a translation records (`translation:` in its front matter) and whether it has
  fallen behind its source.
- command.py: `scripts/build.py translated` (make translated), which records it.
- check.py: the checks (translation-behind, -outdated, -record, -orphan, -unreviewed).
- pages.py: what a reader gets: the language switcher, the "English page changed" notice, `lang`.
"""
