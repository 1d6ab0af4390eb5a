"""Every output after the website: the offline bundle, the PDFs."""

from __future__ import annotations

from pathlib import Path

from .session import RunOptions, Session


class ToolMissing(Exception):
    """A tool the build needs is not installed (exit code 2), with what to install."""


def build_all(config_file: Path, staging: Path, session: Session, options: RunOptions) -> list[str]:
    return ["site/"]
