#!/usr/bin/env bash
# Builds the web package of safehub-wasm (wasm/pkg) and serves the demo page:
#   bash scripts/demo.sh [PORT]     ->  http://127.0.0.1:${PORT:-8080}/demo/
set -euo pipefail
# shellcheck source=scripts/test-all.sh
source "$(dirname "${BASH_SOURCE[0]}")/test-all.sh"   # the helpers only; cds to the repo root

PORT="${1:-8080}"
header "building the web package"
build_wasm_packages
header "serving wasm/ on http://127.0.0.1:$PORT/demo/"
exec node wasm/tools/serve.mjs "$PORT" wasm
