#!/usr/bin/env bash
# Builds what most users never open (src/bin/extras.rs: the SQL generator behind "Show as
# SQL" and the quick calculators' arithmetic) into OUT_DIR/extras.wasm (default dist). The
# app fetches it the first time either is opened, so its own wasm carries neither. The app
# calls its exported functions itself (no JS glue, no imports: checked below).
# Uses binaryen's wasm-opt from node_modules (npm ci), never a system wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-dist}"
mkdir -p "$OUT"
cargo build --release --target wasm32-unknown-unknown --bin extras --no-default-features --features extras
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/extras.wasm"
OPT=node_modules/.bin/wasm-opt
if [ ! -x "$OPT" ]; then
  echo "build-extras: $OPT missing, run npm ci" >&2
  exit 1
fi
"$OPT" -Oz --converge --zero-filled-memory --low-memory-unused \
  --strip-debug --strip-producers "$WASM" -o "$OUT/extras.wasm"
node -e '
const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
const imports = WebAssembly.Module.imports(m);
if (imports.length) { console.error("build-extras: unexpected imports", imports); process.exit(1); }
const want = ["memory", "extras_input", "extras_sql", "extras_quick", "extras_answer"];
const have = new Set(WebAssembly.Module.exports(m).map((e) => e.name));
const lost = want.filter((n) => !have.has(n));
if (lost.length) { console.error("build-extras: missing exports", lost); process.exit(1); }
' "$OUT/extras.wasm"
printf 'build-extras: %s %d B raw %d B gzip\n' "$OUT/extras.wasm" \
  "$(wc -c <"$OUT/extras.wasm")" "$(gzip -9c "$OUT/extras.wasm" | wc -c)"
