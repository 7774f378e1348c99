#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/fuzz_targets/ for N seconds each (default 15), as many at
# once as there are cores, then fails if any crashed. The `fuzz` stage of scripts/test-all.sh runs
# it; a long run is
#   scripts/fuzz-smoke.sh 300
# and `scripts/fuzz-smoke.sh --install` only installs cargo-fuzz.
#
# cargo-fuzz is installed once into target/tools (its build log in target/test-logs/), and the
# targets build into target/fuzz, so a second run rebuilds nothing. FUZZ_PROFILE=dev (what the
# CI stage uses) builds with `--dev -s none` (opt-level 1, no sanitizer: see fuzz/Cargo.toml) in
# about 40% of the CPU time of the default, cargo-fuzz's release build with AddressSanitizer,
# which long runs use. The corpus grows in fuzz/corpus/<target>/, seeded from
# tests/fuzz-regressions/<target>/. Crashing inputs land in fuzz/artifacts/<target>/: once
# fixed, copy them to tests/fuzz-regressions/<target>/ so tests/fuzz_regressions.rs keeps
# replaying them.
#
# Prints one line per target, "fuzz smoke: <target> ok: <runs> runs in <s>s (<per second>/s),
# corpus <n>" or "fuzz smoke: <target> CRASHED ..." (scripts/test-all.sh counts them).
set -euo pipefail
seconds="${1:-15}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
tools="$target_dir/tools"
logs="$target_dir/test-logs"
mkdir -p "$logs"
export PATH="$tools/bin:$PATH" RUSTC_BOOTSTRAP=1

# One install at a time: scripts/test-all.sh may already be installing it in the background
# (`fuzz-smoke.sh --install`), in which case this waits for that one to finish.
mkdir -p "$tools"
exec 8>"$tools/.cargo-fuzz.lock"
flock 8
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    echo "fuzz smoke: cargo install cargo-fuzz 0.13.2 into $tools (one time, about 1 min)"
    if ! CARGO_TARGET_DIR="$target_dir/tools-build" cargo install --locked cargo-fuzz \
        --version 0.13.2 --root "$tools" >"$logs/cargo-fuzz-install.log" 2>&1; then
        tail -n 40 "$logs/cargo-fuzz-install.log" >&2
        exit 1
    fi
fi
exec 8>&-
[ "$seconds" = --install ] && exit 0

cd "$root/fuzz"
# Its own target dir under the main one: the fuzz build's flags differ from the main build's.
export CARGO_TARGET_DIR="$target_dir/fuzz"
build=()
if [ "${FUZZ_PROFILE:-release}" = dev ]; then
    build=(--dev -s none)
fi
echo "fuzz smoke: cargo fuzz build ${build[*]}"
cargo fuzz build "${build[@]}"

targets=()
for f in fuzz_targets/*.rs; do
    targets+=("$(basename "$f" .rs)")
done
# run_target T: fuzz T for $seconds; its one-line verdict goes to $logs/fuzz-T.result.
run_target() {
    local t="$1" corpus="corpus/$1" log="$logs/fuzz-$1.log" runs secs
    mkdir -p "$corpus"
    # The saved regressions seed the corpus, so the run starts from known-hard inputs.
    cp -n "$root/tests/fuzz-regressions/$t"/* "$corpus"/ 2>/dev/null || true
    if cargo fuzz run "${build[@]}" "$t" "$corpus" -- -max_total_time="$seconds" -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1; then
        runs="$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")"
        secs="$(awk '/stat::average_exec_per_sec/ { e = $2 } END { print e }' "$log")"
        echo "fuzz smoke: $t ok: ${runs:-?} runs in ${seconds}s (${secs:-?}/s), corpus $(find "$corpus" -type f | wc -l)"
    else
        echo "fuzz smoke: $t CRASHED; the input is in fuzz/artifacts/$t/, the log in $log"
    fi >"$logs/fuzz-$t.result"
}

# Each libFuzzer run is one process on one core: as many run at once as there are cores.
jobs="$(nproc)"
crashed=()
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    batch=("${targets[@]:i:jobs}")
    for t in "${batch[@]}"; do
        run_target "$t" &
    done
    wait
    for t in "${batch[@]}"; do
        cat "$logs/fuzz-$t.result"
        if grep -q CRASHED "$logs/fuzz-$t.result"; then
            tail -n 40 "$logs/fuzz-$t.log" >&2
            crashed+=("$t")
        fi
    done
done
if ((${#crashed[@]})); then
    echo "fuzz smoke: ${#crashed[@]} target(s) crashed: ${crashed[*]}" >&2
    exit 1
fi
echo "fuzz smoke: all ${#targets[@]} targets ran ${seconds}s without a crash"
