#!/usr/bin/env bash
# Runs every cargo-fuzz target for N seconds each (default 15) and fails on the first crash.
# Crashing inputs land in fuzz/artifacts/<target>/; copy them to tests/fuzz-regressions/<target>/
# once fixed, so tests/fuzz_regressions.rs keeps replaying them.
#   scripts/fuzz-smoke.sh [seconds]
set -euo pipefail
seconds="${1:-15}"
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/target/tools"
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    CARGO_TARGET_DIR="$root/target/tools-build" \
        cargo install cargo-fuzz --version 0.13.2 --root "$tools"
fi
export PATH="$tools/bin:$PATH" RUSTC_BOOTSTRAP=1
cd "$root/fuzz"
targets=(identifiers template_json journal_import commands)
cargo fuzz build
for target in "${targets[@]}"; do
    corpus="corpus/$target"
    mkdir -p "$corpus"
    # The saved regressions seed the corpus, so the smoke run starts from known-hard inputs.
    cp -n "$root/tests/fuzz-regressions/$target"/* "$corpus"/ 2>/dev/null || true
    echo "fuzz smoke: $target for ${seconds}s"
    log="$(mktemp)"
    if ! cargo fuzz run "$target" "$corpus" -- -max_total_time="$seconds" -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "fuzz smoke: $target crashed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" | sed "s/^/  $target /"
    rm -f "$log"
done
echo "fuzz smoke: all targets ran ${seconds}s without a crash"
