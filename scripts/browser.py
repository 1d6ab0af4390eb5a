#!/usr/bin/env python3
"""Print the browser the build will use; with --install, install one if none is found."""

import sys

from guide.errors import BrowserMissing
from guide.outputs.browser import ensure_browser

if __name__ == "__main__":
    try:
        print(f"Browser: {ensure_browser(install='--install' in sys.argv)}")
    except BrowserMissing as err:
        print(err, file=sys.stderr)
        sys.exit(2)
