#!/usr/bin/env bash
# Installs everything the app, the widget and the tests need, and nothing twice:
# a second run only checks versions and takes seconds. Called by serve.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (a few minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # not --locked: the registry lacks one of its locked dependencies
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# KPI_SKIP_BROWSER=1: a build-only machine (the Pages workflow) needs no browser.
if [ "${KPI_SKIP_BROWSER:-0}" != 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  say "installing Chromium and ChromeDriver from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# node_modules: playwright-core, axe-core, binaryen (a current wasm-opt; Debian's is too old
# and its output crashes at page load), echarts (vendored into public/).
if ! cmp -s package-lock.json node_modules/.setup-stamp 2>/dev/null; then
  say "installing node packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.setup-stamp
fi

# Trunk runs offline (Trunk.toml), so every crate must be in the local cache first.
cargo fetch --locked --quiet

# SQL equality tests (tests/sql): Java 17 for Spark, and a Python venv with DuckDB, PySpark
# and sqlglot at pinned versions (tests/sql/requirements.txt). KPI_SQL_NO_SPARK=1: no Java.
if [ -z "${KPI_SQL_NO_SPARK:-}" ] && ! command -v java >/dev/null; then
  say "installing Java 17 from Debian (for Spark)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
  say "installing python3-venv from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
fi
bash tests/sql/setup-venv.sh >/dev/null

say "ready (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-opt --version), $(chromium --version 2>/dev/null | head -1 || echo 'no browser'))"
