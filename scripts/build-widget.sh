#!/usr/bin/env bash
# Builds the survey widget into OUT_DIR (default dist):
#   OUT_DIR/widget.js          the tiny loader a host page includes (src/widget/loader.js)
#   OUT_DIR/widget/widget.js   wasm-bindgen glue (--target web), imported by the loader
#   OUT_DIR/widget/widget_bg.wasm
# Uses binaryen's wasm-opt from node_modules (npm ci), never a system wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
mkdir -p "$OUT/widget"
cargo build --release --target wasm32-unknown-unknown --bin widget --no-default-features --features widget
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/widget.wasm"
wasm-bindgen --target web --no-typescript --out-dir "$OUT/widget" "$WASM"
OPT=node_modules/.bin/wasm-opt
if [ ! -x "$OPT" ]; then
  echo "build-widget: $OPT missing, run npm ci" >&2
  exit 1
fi
"$OPT" -Oz --converge --zero-filled-memory --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  --strip-debug --strip-producers \
  "$OUT/widget/widget_bg.wasm" -o "$OUT/widget/widget_bg.wasm.opt"
mv "$OUT/widget/widget_bg.wasm.opt" "$OUT/widget/widget_bg.wasm"
# Short import names in wasm + glue, glue without comments/indentation.
node scripts/minify-widget.mjs "$OUT/widget"
# The loader: drop comment lines and indentation (a simple, safe minification).
sed -e 's/^[[:space:]]*//' -e '/^\/\//d' src/widget/loader.js | tr -s '\n' > "$OUT/widget.js"
# The widget's documentation beside it (linked from the app's widget page), as plain text.
cp docs/widget.md "$OUT/widget-docs.txt"
total=0
for f in "$OUT/widget.js" "$OUT/widget/widget.js" "$OUT/widget/widget_bg.wasm"; do
  gz=$(gzip -9c "$f" | wc -c)
  total=$((total + gz))
  printf 'build-widget: %-32s %7d B raw %6d B gzip\n' "$f" "$(wc -c <"$f")" "$gz"
done
loader=$(gzip -9c "$OUT/widget.js" | wc -c)
printf 'build-widget: whole widget %d B gzip (budget 30720), loader %d B gzip (budget 3072)\n' "$total" "$loader"
