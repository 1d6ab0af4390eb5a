#!/usr/bin/env python3
"""Print the browser the build will use; with --install, install one if none is found."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from guide.browser import BrowserMissing, ensure_browser  # noqa: E402

if __name__ == "__main__":
    try:
        print(f"Browser: {ensure_browser(install='--install' in sys.argv)}")
    except BrowserMissing as err:
        print(err, file=sys.stderr)
        sys.exit(2)
