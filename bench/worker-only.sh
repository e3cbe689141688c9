#!/usr/bin/env bash
# Builds only the analysis worker (cargo + wasm-bindgen + wasm-opt, as Trunk does for it)
# into a copy of an existing dist/, for A/B timings of the worker with bench/ours-ab.mjs
# without a whole `trunk build --release`:
#
#   bash bench/worker-only.sh FROM_DIST OUT_DIST
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
FROM=${1:?FROM_DIST}
OUT=${2:?OUT_DIST}
cargo build --locked --quiet --profile worker --target wasm32-unknown-unknown --no-default-features \
  --features worker --bin worker
rm -rf "$OUT"
cp -r "$FROM" "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
wasm-bindgen --target no-modules --no-typescript --out-dir "$TMP" --out-name worker \
  target/wasm32-unknown-unknown/worker/worker.wasm
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$TMP/worker_bg.wasm" -o "$OUT/worker_bg.wasm"
cp "$TMP/worker.js" "$OUT/worker.js"
ls -l "$OUT/worker_bg.wasm"
