"""The offline bundle: the site built for file://, zipped under one top folder for a USB stick."""

from __future__ import annotations

import zipfile
from pathlib import Path

TOP_FOLDER = "ms-treatment-guide"
README = """MS Treatment Guide - offline copy

To read the guide, open the file index.html in this folder
(double-click it). It opens in your web browser.

You do not need the internet. Nothing you do is sent anywhere.

This copy was made on {made_on}. The latest version is online at:
{site_url}
"""
# Build leftovers a reader does not need.
# The 404 page too: no server shows it from a USB stick, and its links are absolute.
LEFTOVERS = ("*.map", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "404.html")


def tidy(offline: Path, made_on: str, site_url: str) -> None:
    for pattern in LEFTOVERS:
        for path in offline.glob(pattern):
            path.unlink()
    for path in offline.rglob("*.map"):
        path.unlink()
    (offline / "README.txt").write_text(README.format(made_on=made_on, site_url=site_url),
                                        encoding="utf-8")


def zip_bundle(offline: Path, target: Path) -> None:
    """One top folder holding index.html and README.txt, so unzipping makes one tidy folder."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(offline.rglob("*")):
            if path.is_file():
                archive.write(path, f"{TOP_FOLDER}/{path.relative_to(offline).as_posix()}")
