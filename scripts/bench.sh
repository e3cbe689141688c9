#!/usr/bin/env bash
# The benchmark: our wasm-in-a-worker path against PapaParse, uDSV and DuckDB-wasm in the same
# headless Chromium page, native `kpi` against DuckDB and polars on the same files, sizes, first
# view and the widget. Writes BENCHMARKS.md (about 10 minutes on 2 cores; the 1 M-row files are
# the heavy part).
# Options go to bench/run.mjs, e.g. `bash scripts/bench.sh --sizes 10000,100000 --runs 3 --out /tmp/b.md`.
# Needs the baselines beside the repository: ../shared/bench/baseline.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
# native peers (DuckDB, polars) in their own virtual environment, pinned
bash bench/venv.sh

# dist/: built when missing or older than any of its sources.
stale=""
if [ ! -f dist/index.html ] || [ ! -f dist/widget.js ]; then
  stale=missing
else
  stale=$(find src index.html style public Trunk.toml Cargo.toml Cargo.lock scripts/build-widget.sh \
    -type f -newer dist/index.html 2>/dev/null | head -1)
fi
if [ -n "$stale" ]; then
  echo "bench: building dist/ (trunk build --release; ${stale} is newer)"
  trunk build --release
fi
cargo build --profile cli --bin kpi
exec node bench/run.mjs "$@"
