#!/usr/bin/env bash
# The native peers of the benchmark (bench/peers.py): DuckDB and polars, pinned, in a virtual
# environment of their own (bench/.venv). Idempotent: does nothing when the pins are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DUCKDB=2.0.1
POLARS=2.1.0
venv=bench/.venv
if [ -x "$venv/bin/python" ] &&
  "$venv/bin/python" -c "import duckdb, polars, sys; sys.exit(not (duckdb.__version__ == '$DUCKDB' and polars.__version__ == '$POLARS'))" 2>/dev/null; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB" "polars==$POLARS"
