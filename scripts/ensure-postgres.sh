#!/usr/bin/env bash
# Make sure the tests can start their own PostgreSQL server (tests/pg_server.py).
# Idempotent and quick when the binaries are there: it asks tests/pg_server.py itself, so
# the search (AICMO_PG_BINDIR, pg_config, /usr/lib/postgresql/*/bin) is defined once.
# As root (a fresh CI machine) it installs Debian's `postgresql`; otherwise it says what
# to install and carries on, and the PostgreSQL tier skips (or fails, with CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

found() { "$PYTHON" tests/pg_server.py >/dev/null 2>&1; }

if found; then
    exit 0
fi
if [ -n "${AICMO_PG_BINDIR:-}" ]; then
    # An explicit choice that is wrong: installing a package would not change it.
    echo "AICMO_PG_BINDIR=$AICMO_PG_BINDIR has no initdb; fix or unset it." >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries not found: the PostgreSQL tests will skip" \
         "(or fail with CI=true). Install them with \`sudo apt-get install postgresql\`," \
         "or set AICMO_PG_BINDIR to a dir with initdb." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "PostgreSQL server binaries not found and there is no apt-get here;" \
         "install PostgreSQL and set AICMO_PG_BINDIR to its bin dir." >&2
    exit 1
fi
echo "Installing PostgreSQL (apt-get install postgresql) for the tests..." >&2
apt-get update -q
# Debian also creates and starts a `main` cluster on 5432; the tests ignore it.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
found || { echo "postgresql installed, but no initdb found" >&2; exit 1; }
