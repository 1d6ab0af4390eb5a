"""Every error that stops the engine, in one hierarchy (as MkDocs has its own): GuideError is the
only class the command line catches; it prints the message, one line `path:line: what is wrong.
How to fix it.`, and exits with the class's exit_code. Problems in the content are not errors:
they are guide.problems.Problem, collected and reported at the end.

A GuideError is MkDocs' PluginError, so that `mkdocs serve` prints it as a plugin's error."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

EXIT_CONTENT = 1  # problems in the pages or data files
EXIT_USAGE = 2  # usage, configuration or environment

# What changed when a theme workaround no longer fits, as its message says.
UPGRADED = {"material": "theme", "print_site": "mkdocs-print-site-plugin"}


class GuideError(PluginError):
    """An error that stops a run: its message is the one line to print."""

    exit_code = EXIT_USAGE


# Configuration: mkdocs.yml, the guide's settings, the publisher's templates.


class ConfigError(GuideError):
    """mkdocs.yml or the guide's settings are broken: a usage error."""


class ConfigRefused(ConfigError):
    """The configuration cannot be read safely (config_gate): one line per problem, `path:line: what. fix.`"""


class SettingsError(ConfigError):
    """The guide plugin's settings, read outside MkDocs (the reminder script, tests), are invalid."""


class TextsError(ConfigError):
    """A template of the reader's texts cannot be read or rendered: where, and what to fix."""


class LayoutError(TextsError):
    """The translations cannot be laid out: one line, exit 2 (told as a broken template of the
    reader's texts is, by mkdocs_run, without a 'correct mkdocs.yml' added)."""


class ThemeDrift(GuideError):
    """The theme or a plugin no longer writes what a workaround repairs: one line,
    'theme-drift: <module>.<workaround>: <file> <problem>. <what to do>'."""

    def __init__(self, workaround: str, file: str, problem: str):
        module = workaround.split(".", 1)[0]
        super().__init__(
            f"theme-drift: {workaround}: {file} {problem}. Update scripts/guide/theme_fixes/{module}.py "
            f"for the new {UPGRADED.get(module, 'theme')} version, or remove this workaround."
        )
        # Each part again, for tests, and so that it can be pickled (a split check's processes).
        self.args = (workaround, file, problem)
        self.workaround, self.file = workaround, file


# The content: a data file that cannot be used at all.


class DataFileError(GuideError):
    """A data file cannot be used at all; carries the problem to report (the build reports it and stops)."""

    exit_code = EXIT_CONTENT

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


# The command line's input and the output folder.


class ChangedFilesError(GuideError):
    """The list of changed files (--changed-files) cannot be read."""


class SignOffRefused(GuideError):
    """The sign-off was not written: `path: what is wrong. How to fix it.`"""

    def __init__(self, message: str):
        super().__init__(" ".join(message.splitlines()))


class TranslationRefused(SignOffRefused):
    """A translation's record was not written: one line, `path: what is wrong. How to fix it.`"""


class OutputRefused(GuideError):
    """An output path that would overwrite or delete what the build did not make."""


class BuildRunning(GuideError):
    """Another build holds the lock on this output folder."""


class EnvironmentProblem(GuideError):
    """The machine, not the guide: a full or read-only disk."""


# The browser that prints the PDFs.


class BrowserMissing(GuideError):
    """No Chromium-family browser was found (or could be installed)."""


class ToolMissing(GuideError):
    """A tool the build needs is not installed, with what to install."""


class BrowserFailed(GuideError):
    """The browser crashed or could not start while printing the PDFs."""


class ContentsUnsettled(GuideError):
    """The page numbers written into the contents moved the sections they point to."""


class PrintTimedOut(GuideError):
    """Printing a page took longer than its time limit; Chromium was stopped."""


class PrintRefused(GuideError):
    """The page being printed tried to load or go somewhere outside the folder being printed: the
    content's fault, reported at the page it came from."""

    exit_code = EXIT_CONTENT

    def __init__(self, page: Path, addresses: list[str]):
        super().__init__(f"{page.name}: tried to reach {', '.join(a[:80] for a in addresses[:3])}")
        self.args = (page, addresses)  # so that it can be pickled
        self.page, self.addresses = page, addresses
