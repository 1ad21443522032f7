#!/usr/bin/env bash
# Make sure the browser tests have a headless Chromium to drive (tests/browser.py).
# Idempotent and quick when it is there: it asks tests/browser.py itself, so the search
# (AICMO_CHROMIUM, /usr/bin/chromium, PATH) is defined once. Playwright never downloads a
# browser here: the tests drive Debian's `chromium` by its path.
# As root (a fresh CI machine) it installs Debian's `chromium`; otherwise it says what to
# install and carries on, and the browser tests skip (or fail, with CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

found() { "$PYTHON" tests/browser.py >/dev/null 2>&1; }

if found; then
    exit 0
fi
if [ -n "${AICMO_CHROMIUM:-}" ]; then
    # An explicit choice that is wrong: installing a package would not change it.
    echo "AICMO_CHROMIUM=$AICMO_CHROMIUM is not a file; fix or unset it." >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "Chromium not found: the browser tests will skip (or fail with CI=true)." \
         "Install it with \`sudo apt-get install chromium\`, or set AICMO_CHROMIUM" \
         "to its executable." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "Chromium not found and there is no apt-get here;" \
         "install Chromium and set AICMO_CHROMIUM to its executable." >&2
    exit 1
fi
echo "Installing Chromium (apt-get install chromium) for the browser tests..." >&2
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
found || { echo "chromium installed, but /usr/bin/chromium is missing" >&2; exit 1; }
