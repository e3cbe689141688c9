#!/usr/bin/env bash
# Serves the app and the widget demo on http://127.0.0.1:8080, rebuilding on change.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "app:          http://127.0.0.1:8080/"
echo "widget demo:  http://127.0.0.1:8080/embed-demo.html"
exec trunk serve --release "$@"
