#!/usr/bin/env bash
# The SQL equality tests: the scripts of `kpi sql` on DuckDB and on Spark (local[2]) give
# the numbers of `kpi --json`, and the BigQuery, Snowflake and Postgres scripts parse.
# Makes its Python environment first (tests/sql/setup-venv.sh, idempotent).
#   bash tests/sql/run.sh [--only NAME]      (KPI_SQL_NO_SPARK=1 skips the Spark part)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
VENV="$(bash tests/sql/setup-venv.sh)"
cargo build --locked --quiet --bin kpi
ENGINES=(--duckdb --syntax)
if [ -z "${KPI_SQL_NO_SPARK:-}" ]; then
  ENGINES+=(--spark)
fi
exec "$VENV/bin/python" -u tests/sql/equality.py --kpi "$ROOT/target/debug/kpi" "${ENGINES[@]}" "$@"
