#!/usr/bin/env bash
# Runs every test: native core tests, wasm tests in headless Chromium, and end-to-end tests
# of the built dist/ served from a real static server. Sets everything up first.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh
source scripts/env.sh
echo "setup took $(( $(date +%s) - start )) s"

echo "== format and lints (rustfmt.toml; clippy native and for each wasm bundle) =="
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
for features in app worker widget workbook extras; do
  cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features "$features" \
    -- -D warnings
done

echo "== native tests (metric core, import, kpi) =="
cargo test --locked --quiet

echo "== survey widget receiver recipes in node (Apps Script Code.gs, Cloudflare Worker) =="
node --test recipes/
echo "== SQL scripts (kpi sql) against kpi --json on DuckDB and Spark, other dialects parsed =="
bash tests/sql/run.sh

echo "== wasm tests in headless Chromium (wasm-bindgen-test) =="
cargo test --locked --target wasm32-unknown-unknown --no-default-features --features widget \
  --test core_wasm --test widget_wasm
cargo test --locked --target wasm32-unknown-unknown --no-default-features --features app --test charts_wasm

echo "== building dist/ (trunk build --release, widget via post-build hook) =="
trunk build --release
du -sh dist

echo "== end-to-end tests in headless Chromium against dist/ =="
node --test --test-concurrency=1 tests/e2e/
