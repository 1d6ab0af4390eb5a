"""Own words: no run of N words may match the source article (the Originality check at the end).

The project keeps only a fingerprint of the source (a hash of each N-word run), never its text,
so the check also runs where ../shared is absent.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from guide.checks.base import Check
from guide.content.prose import words
from guide.content.yamlfile import decoded, read_data_file
from guide.problems import Problem, Severity, line_of

RUN = 8


def _hash(run: list[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def fingerprint(text: str, run: int = RUN) -> set[str]:
    tokens = words(text)
    return {_hash(tokens[i : i + run]) for i in range(len(tokens) - run + 1)}


def write_fingerprint(source: Path, target: Path) -> int:
    hashes = sorted(fingerprint(source.read_text(encoding="utf-8")))
    target.parent.mkdir(parents=True, exist_ok=True)
    header = f"# sha256[:16] of every {RUN}-word run of the source article; made by scripts/make_fingerprint.py\n"
    target.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    return len(hashes)


def read_fingerprint(path: Path, shown_as: str = "") -> set[str]:
    """The hashes of a fingerprint file (its comment lines left out). Raises DataFileError when
    it is not a UTF-8 text file of a sensible size."""
    shown_as = shown_as or str(path)
    lines = decoded(read_data_file(path, shown_as, "config"), shown_as, "config").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def copied_runs(text: str, source_hashes: set[str], run: int = RUN) -> list[str]:
    """Each passage of text that shares runs of `run` words with the source; overlapping runs
    are joined, so one copied sentence is one passage."""
    tokens = words(text)
    passages: list[list[int]] = []  # [start, end) in tokens
    for i in range(len(tokens) - run + 1):
        if _hash(tokens[i : i + run]) not in source_hashes:
            continue
        if passages and i <= passages[-1][1]:
            passages[-1][1] = i + run
        else:
            passages.append([i, i + run])
    return [" ".join(tokens[start:end]) for start, end in passages]


class Originality(Check):
    kinds = {"source-copy": Severity.ERROR}

    def on_page_content(self, page):
        return [copied(page.path, page.text, run) for run in copied_runs(page.prose, self.context.source_hashes)]


def copied(path: str, source: str, run: str) -> Problem:
    """The copied run at the first line of the page's source that holds it."""
    pattern = r"\W+".join(re.escape(w) for w in run.split())
    match = re.search(pattern, source, re.IGNORECASE)
    return Problem(
        "source-copy",
        path,
        line_of(source, match.start()) if match else 0,
        f'These {len(run.split())} words are copied from the source article: "{run}".',
        "Say it in your own plain words.",
    )
