#!/usr/bin/env bash
# Builds the npm package of safehub-wasm:
#   wasm/pkg       ES module for browsers and bundlers (wasm-bindgen --target web), with package.json
#   wasm/pkg-node  CommonJS build for Node.js (wasm-bindgen --target nodejs)
# and reports the module's size, raw and gzipped.
#
#   bash wasm/build.sh
#
# Needs the wasm32-unknown-unknown target and wasm-bindgen-cli at exactly the version of the
# wasm-bindgen crate in Cargo.lock (scripts/test-all.sh installs both under target/tools).
# Env: WASM_BINDGEN (default: wasm-bindgen on PATH), WASM_PROFILE (default: wasm-release),
# CARGO_TARGET_DIR.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WASM_BINDGEN="${WASM_BINDGEN:-wasm-bindgen}"
# wasm-release (Cargo.toml: release with LTO and one codegen unit) is what ships and what the
# size and Node figures are measured on; the test stages build `release`, the same code compiled
# in parallel units, which takes a fraction of the time on a 2-core CI machine.
PROFILE="${WASM_PROFILE:-wasm-release}"

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
have="$("$WASM_BINDGEN" --version 2>/dev/null | awk '{ print $2 }' || true)"
if [[ "$have" != "$want" ]]; then
    echo "error: wasm-bindgen-cli $want is needed (found: ${have:-none}); scripts/test-all.sh wasm installs it" >&2
    exit 1
fi

echo "--- cargo build -p safehub-wasm --target wasm32-unknown-unknown --profile $PROFILE"
cargo build -p safehub-wasm --target wasm32-unknown-unknown --profile "$PROFILE"
wasm="$TARGET/wasm32-unknown-unknown/$PROFILE/safehub_wasm.wasm"

echo "--- wasm-bindgen $want: --target web -> wasm/pkg, --target nodejs -> wasm/pkg-node"
rm -rf wasm/pkg wasm/pkg-node
"$WASM_BINDGEN" "$wasm" --target web --out-dir wasm/pkg
"$WASM_BINDGEN" "$wasm" --target nodejs --out-dir wasm/pkg-node

version="$(awk '/^\[workspace.package\]/ { s = 1 } s && /^version = / { gsub(/version = |"/, ""); print; exit }' Cargo.toml)"
license="$(awk '/^\[workspace.package\]/ { s = 1 } s && /^license = / { gsub(/license = |"/, ""); print; exit }' Cargo.toml)"
# Our JS snippets (src/tape.js) are ES modules, copied as written; the CommonJS build require()s
# them, so its copies become CommonJS: `export function f` -> `function f` and module.exports.
find wasm/pkg-node/snippets -name '*.js' -print0 | while IFS= read -r -d '' snippet; do
    names="$(sed -n 's/^export function \([A-Za-z_$][A-Za-z0-9_$]*\).*/\1/p' "$snippet" | paste -sd, -)"
    if grep '^export ' "$snippet" | grep -qv '^export function '; then
        echo "error: $snippet: only 'export function' can be made CommonJS" >&2
        exit 1
    fi
    sed -i 's/^export function /function /' "$snippet"
    printf '\nmodule.exports = { %s };\n' "$names" >>"$snippet"
done
# The package: the ES module for browsers and bundlers; `node` and `require` conditions point
# Node at the CommonJS build beside it (copied in, so the package folder is self-contained).
mkdir -p wasm/pkg/node
cp -r wasm/pkg-node/safehub_wasm.js wasm/pkg-node/safehub_wasm.d.ts wasm/pkg-node/safehub_wasm_bg.wasm \
    wasm/pkg-node/snippets wasm/pkg/node/
cp wasm/README.md wasm/pkg/README.md
cat >wasm/pkg/package.json <<EOF
{
  "name": "safehub",
  "version": "$version",
  "description": "Multi-agency community safety case management: cases, people, places, risk, sharing rules and tasks, in WebAssembly.",
  "license": "$license",
  "type": "module",
  "main": "./node/safehub_wasm.js",
  "module": "./safehub_wasm.js",
  "types": "./safehub_wasm.d.ts",
  "exports": {
    ".": {
      "types": "./safehub_wasm.d.ts",
      "node": "./node/safehub_wasm.js",
      "import": "./safehub_wasm.js",
      "default": "./safehub_wasm.js"
    },
    "./safehub_wasm_bg.wasm": "./safehub_wasm_bg.wasm"
  },
  "files": ["safehub_wasm.js", "safehub_wasm.d.ts", "safehub_wasm_bg.wasm", "safehub_wasm_bg.wasm.d.ts", "snippets/", "node/", "README.md"],
  "sideEffects": false
}
EOF
# The Node build is CommonJS: its folder says so, whatever the enclosing package's type.
printf '{ "type": "commonjs" }\n' >wasm/pkg/node/package.json
printf '{ "name": "safehub", "version": "%s", "type": "commonjs", "main": "safehub_wasm.js" }\n' "$version" >wasm/pkg-node/package.json

raw="$(stat -c %s wasm/pkg/safehub_wasm_bg.wasm)"
gz="$(gzip -9 -c wasm/pkg/safehub_wasm_bg.wasm | wc -c)"
js="$(cat wasm/pkg/safehub_wasm.js | wc -c)"
printf 'wasm size: %s bytes raw, %s bytes gzipped (wasm/pkg/safehub_wasm_bg.wasm; JS glue %s bytes)\n' "$raw" "$gz" "$js"
