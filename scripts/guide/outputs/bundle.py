"""The offline bundle: the site built for file://, zipped under one top folder for a USB stick."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from guide.texts import Texts
from guide.translations.texts import localized_name

# Build leftovers a reader does not need.
# The 404 page too: no server shows it from a USB stick, and its links are absolute.
LEFTOVERS = ("*.map", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "404.html")


def tidy(offline: Path, texts: Texts, made_on: dt.date, languages=()) -> None:
    """Leftovers out, and a README.txt in (the template guide/offline-readme.txt; in a guide with
    translations, issue 26, each language's own after it: guide/offline-readme.<language>.txt)."""
    for pattern in LEFTOVERS:
        for path in offline.glob(pattern):
            path.unlink()
    for path in offline.rglob("*.map"):
        path.unlink()
    readme = texts.render("guide/offline-readme.txt", made_on=made_on)
    for language in languages:
        if (name := localized_name(texts.env, "guide/offline-readme.txt", language)) != "guide/offline-readme.txt":
            readme += "\n\n\n" + texts.render(name, made_on=made_on)
    (offline / "README.txt").write_text(readme + "\n", encoding="utf-8")


def zip_bundle(offline: Path, target: Path, top_folder: str) -> None:
    """One top folder holding index.html and README.txt, so unzipping makes one tidy folder."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(offline.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top_folder}/{path.relative_to(offline).as_posix()}")
