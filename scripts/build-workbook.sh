#!/usr/bin/env bash
# Builds the workbook reader (src/bin/workbook.rs: calamine, zip, deflate) into
# OUT_DIR/workbook.wasm (default dist). The analysis worker fetches it on the first .xlsx/.ods,
# so the worker's own wasm carries none of it. No wasm-bindgen: the file has no imports.
# Uses binaryen's wasm-opt from node_modules (npm ci), never a system wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
mkdir -p "$OUT"
cargo build --release --target wasm32-unknown-unknown --bin workbook --no-default-features --features workbook
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/workbook.wasm"
OPT=node_modules/.bin/wasm-opt
if [ ! -x "$OPT" ]; then
  echo "build-workbook: $OPT missing, run npm ci" >&2
  exit 1
fi
"$OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers "$WASM" -o "$OUT/workbook.wasm"
printf 'build-workbook: %s %d B raw %d B gzip\n' "$OUT/workbook.wasm" \
  "$(wc -c <"$OUT/workbook.wasm")" "$(gzip -9c "$OUT/workbook.wasm" | wc -c)"
