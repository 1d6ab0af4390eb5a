"""Read a YAML data file, keeping the line of every entry and field for messages."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import yaml

from guide.content.frontmatter import parse_yaml, yaml_error_problem
from guide.errors import DataFileError
from guide.problems import Problem

# A data file of the guide is a few hundred kilobytes; far more is a wrong path (a log, a disk image).
MAX_DATA_FILE_BYTES = 10 * 1024 * 1024
_PATH_FIX = "Check the path in the guide plugin's settings in mkdocs.yml."


def read_data_file(path: Path, shown_as: str, kind: str) -> bytes:
    """The bytes of a data file named in the settings; DataFileError for anything but a regular
    file of a sensible size (a device such as /dev/zero, a pipe or a folder would never end or
    cannot be read)."""

    def refused(what: str) -> DataFileError:
        return DataFileError(Problem(kind, shown_as, 0, what, _PATH_FIX))

    try:
        with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                kind_of = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or a pipe"
                raise refused(f"This is {kind_of}, not a data file.")
            if info.st_size > MAX_DATA_FILE_BYTES:
                raise refused(f"The file is {info.st_size:,} bytes, too big for a data file of the guide.")
            return file.read(MAX_DATA_FILE_BYTES + 1)
    except IsADirectoryError:
        raise refused("This is a folder, not a data file.") from None
    except OSError as err:
        raise refused(f"Cannot read the file ({err.strerror}).") from err


def load_yaml(path: Path, shown_as: str, kind: str, expected: type = object, shape: str = "", how: str = ""):
    """Return (data, lines): lines maps the path of every key and list item, e.g. ('lepage2015',)
    or (3, 'term'), to its 1-based line. Raises DataFileError when the file cannot be read, is
    not UTF-8 text, is not valid YAML, or is empty or not `expected` (a dict or a list, described
    as `shape`, with `how` to write an entry): with nothing to check, every use of its entries
    would be reported instead of the one cause."""
    text = decoded(read_data_file(path, shown_as, kind), shown_as, kind)
    try:
        data, lines = parse_yaml(text)
    except yaml.YAMLError as err:
        raise DataFileError(
            yaml_error_problem(
                err,
                kind,
                shown_as,
                1,
                "The file is not valid YAML",
                "Check the indentation and put quotes around text that contains a colon.",
            )
        ) from err
    if data is None and expected in (dict, list):
        none = "{}" if expected is dict else "[]"
        raise DataFileError(
            Problem(
                kind, shown_as, 1, "The file has no entries.", f"{how} Write {none} if there are none yet.".lstrip()
            )
        )
    if not isinstance(data, expected):
        raise DataFileError(Problem(kind, shown_as, 1, f"The file is not {shape}.", how))
    return data, lines


def decoded(raw: bytes, shown_as: str, kind: str) -> str:
    """The file's text (a byte order mark is dropped), or one problem at the first byte that
    UTF-8 text cannot hold: a file saved as Latin-1 or UTF-16, or holding NUL bytes."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    bad_at = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        bad_at = err.start if bad_at < 0 else min(bad_at, err.start)
        text = ""
    if bad_at >= 0:
        what = (
            "The file holds a NUL byte, so it is not plain text."
            if raw[bad_at] == 0
            else "The file is not saved as UTF-8: this line holds a character in another encoding."
        )
        raise DataFileError(
            Problem(
                kind,
                shown_as,
                raw.count(b"\n", 0, bad_at) + 1,
                what,
                "Save it as UTF-8 (in your editor: Save As, Encoding: UTF-8).",
            )
        )
    return text
