#!/usr/bin/env bash
# Makes the Python virtual environment of the SQL equality tests (DuckDB, PySpark, sqlglot),
# idempotently: an existing venv with the pinned versions is left as it is.
# Usage: bash tests/sql/setup-venv.sh   (prints the venv's path)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${KPI_SQL_VENV:-$ROOT/.venv-sql}"
REQ="$ROOT/tests/sql/requirements.txt"
STAMP="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >&2
fi
if ! cmp -s "$REQ" "$STAMP" 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQ" >&2
  cp "$REQ" "$STAMP"
fi
echo "$VENV"
