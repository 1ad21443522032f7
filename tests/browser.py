"""Finding the headless Chromium the browser tests drive, and launching it with Playwright.

Stdlib only at import (Playwright is imported lazily): `scripts/ensure-chromium.sh` runs this
file before the virtualenv exists to ask whether a browser is there (`python3 tests/browser.py`).

The tests drive Debian's `chromium` through Playwright's `executable_path`, never a browser
Playwright downloads: a fresh machine gets it from apt (`make chromium`), and the run stays
offline.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Playwright is a test dependency, absent before the virtualenv exists
    from playwright.sync_api import Browser, Playwright

# Debian's package installs the launcher here; other distributions use other names.
_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")


class ChromiumUnavailable(RuntimeError):
    """No Chromium to drive (install Debian's `chromium`, or set AICMO_CHROMIUM)."""


def find_chromium() -> Path:
    """AICMO_CHROMIUM if set (it must exist), else Debian's /usr/bin/chromium, else a
    `chromium` or `chromium-browser` on PATH."""
    chosen = os.environ.get("AICMO_CHROMIUM")
    if chosen:
        if not Path(chosen).is_file():
            raise ChromiumUnavailable(f"AICMO_CHROMIUM={chosen} is not a file")
        return Path(chosen)
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ChromiumUnavailable(
        "no chromium found: install it (`sudo apt-get install chromium`, or `make chromium` "
        "as root) or set AICMO_CHROMIUM to its executable")


def chromium_required() -> bool:
    """In CI a missing browser must fail the run, not quietly skip the browser tests."""
    return (os.environ.get("CI", "").lower() == "true"
            or os.environ.get("AICMO_REQUIRE_BROWSER") == "1")


def launch(playwright: Playwright, executable: Path) -> Browser:
    """A headless Chromium from `executable`, launched by Playwright's sync API."""
    # Running as root (CI containers) Chromium refuses its sandbox; the pages it opens are
    # our own service's, on loopback.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    return playwright.chromium.launch(executable_path=str(executable), headless=True,
                                      args=args)


if __name__ == "__main__":
    try:
        print(find_chromium())
    except ChromiumUnavailable as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)
