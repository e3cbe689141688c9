#!/usr/bin/env bash
# Builds the workbook reader (src/bin/workbook.rs: calamine, zip, deflate) into
# OUT_DIR/workbook.wasm (default dist). The analysis worker fetches it on the first .xlsx/.ods,
# so the worker's own wasm carries none of it. The worker calls its exported functions
# itself (no JS glue); wasm-bindgen only removes the placeholders that zip's getrandom
# brings, leaving one import (`__wbindgen_init_externref_table`, never called: the worker
# does not call `__wbindgen_start`), which is checked below.
# Uses binaryen's wasm-opt from node_modules (npm ci), never a system wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
mkdir -p "$OUT"
cargo build --release --target wasm32-unknown-unknown --bin workbook --no-default-features --features workbook
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/workbook.wasm"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$TMP" "$WASM"
OPT=node_modules/.bin/wasm-opt
if [ ! -x "$OPT" ]; then
  echo "build-workbook: $OPT missing, run npm ci" >&2
  exit 1
fi
"$OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers "$TMP/workbook_bg.wasm" -o "$OUT/workbook.wasm"
# The worker gives every imported function a no-op: anything but the externref table's
# initialiser would be a real import and must fail the build instead.
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
const bad = WebAssembly.Module.imports(m).filter((i) => i.name !== "__wbindgen_init_externref_table");
if (bad.length) { console.error("build-workbook: unexpected imports", bad); process.exit(1); }
' "$OUT/workbook.wasm"
printf 'build-workbook: %s %d B raw %d B gzip\n' "$OUT/workbook.wasm" \
  "$(wc -c <"$OUT/workbook.wasm")" "$(gzip -9c "$OUT/workbook.wasm" | wc -c)"
