"""Find a Chromium-family browser for PDFs and browser tests, in this order:

1. the path in $GUIDE_CHROMIUM;
2. an installed Chrome or Chromium;
3. Debian's `chromium` package, installed when we are root and apt-get is there;
4. `playwright install chromium`, where downloads are allowed;
5. otherwise a message that says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from guide.errors import BrowserMissing

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Flags for headless use as root on a machine without a network (see ../shared stack notes).
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HOW_TO_INSTALL = (
    "No Chrome or Chromium browser was found; the PDFs and the browser tests need one. "
    "Install it (Debian/Ubuntu: 'sudo apt-get install chromium'), or set GUIDE_CHROMIUM to its path."
)


def find_browser() -> str | None:
    if path := os.environ.get("GUIDE_CHROMIUM"):
        return path if Path(path).is_file() else None
    for name in NAMES:
        if found := shutil.which(name):
            return found
    return None


def _run(command: list[str]) -> bool:
    print("$ " + " ".join(command), file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode == 0


def _playwright_browser() -> str | None:
    """Playwright's own Chromium, if it was downloaded."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if Path(path).is_file() else None
    except Exception:
        return None


def ensure_browser(install: bool) -> str:
    """The browser's path; installs one when allowed and none is there."""
    if found := find_browser():
        return found
    if install and os.environ.get("GUIDE_CHROMIUM"):
        raise BrowserMissing(
            f"GUIDE_CHROMIUM is set to '{os.environ['GUIDE_CHROMIUM']}', which is not a file. Correct it or unset it."
        )
    if install and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        if _run(["apt-get", "update", "-qq"]) and _run(["apt-get", "install", "-y", "-qq", "chromium"]):
            if found := find_browser():
                return found
    if install and _run([sys.executable, "-m", "playwright", "install", "chromium"]):
        if found := _playwright_browser():
            return found
    if found := _playwright_browser():
        return found
    raise BrowserMissing(HOW_TO_INSTALL)
