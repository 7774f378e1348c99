#!/usr/bin/env bash
# The one command that runs every test of safehub:
#
#   bash scripts/test-all.sh              # every stage
#   bash scripts/test-all.sh python wasm  # only these stages (in the order given)
#   bash scripts/test-all.sh --list       # the stage names
#
# Stages: lint (fmt, clippy, rustdoc), rust (cargo nextest, and cargo test for doctests), fuzz
# (every cargo-fuzz target for FUZZ_SECONDS, default 10, each), python (UniFFI wheel + pytest),
# kotlin (UniFFI Kotlin + JVM), wasm (wasm-bindgen package + node --test), browser (headless
# Chromium).
#
# Each stage installs the user-level tools it needs, cached under target/ (a venv, wasm-bindgen-cli,
# cargo-fuzz, the Kotlin compiler, node_modules in wasm/), so a second run skips them. System
# packages come from Debian (chromium, chromium-driver, libjna-java, postgresql): .ci/run installs them; run as
# root, this script installs any that are missing itself. Logs of quiet install steps go to
# target/test-logs/.
#
# Env: FAIL_FAST=1 stops at the first failing stage (default: run all stages, report, exit 1);
# FUZZ_SECONDS sets the fuzz stage's time per target.
#
# To extend: add tests where each stage looks for them (tests/ and core/ for Rust,
# bindings/python/tests/test_*.py, bindings/kotlin/Main.kt checks, wasm/tests/*.test.mjs,
# wasm/tests/browser.mjs TESTS); to add a stage, write stage_NAME and add NAME to ALL_STAGES.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ALL_STAGES=(lint rust fuzz python kotlin wasm browser)

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
TOOLS="$TARGET/tools"          # cargo install --root, the Kotlin compiler
LOGS="$TARGET/test-logs"       # per-stage output and install logs
VENV="$TARGET/venv"            # maturin, pytest and the safehub wheel
KOTLIN_VERSION="2.4.20"        # npm package kotlin-compiler: Debian's kotlin (1.3) is too old for UniFFI
WASM_TRIPLE="wasm32-unknown-unknown"

export PATH="$TOOLS/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # never let a tool download a browser: we use Debian's
export PIP_DISABLE_PIP_VERSION_CHECK=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$TOOLS" "$LOGS"

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

header() { printf '\n==== %s ====\n' "$*"; }
step() { printf -- '--- %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# quietly NAME CMD...: run an install step with its output in $LOGS/NAME.log; show the log on failure.
quietly() {
    local name="$1"; shift
    local log="$LOGS/$name.log"
    if ! "$@" >"$log" 2>&1; then
        printf 'error: %s failed; its log (%s):\n' "$name" "$log" >&2
        tail -n 80 "$log" >&2
        return 1
    fi
}

# need_system_packages PATH:PACKAGE...: make sure each PATH exists, installing PACKAGE from Debian
# (as root) when it does not.
need_system_packages() {
    local missing=() spec
    for spec in "$@"; do
        [[ -e "${spec%%:*}" ]] || missing+=("${spec#*:}")
    done
    ((${#missing[@]} == 0)) && return 0
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null || die "missing Debian packages: ${missing[*]} (run .ci/run as root, or apt-get install them)"
        sudo=(sudo)
    fi
    step "apt-get install ${missing[*]}"
    quietly apt-update "${sudo[@]}" apt-get update
    quietly apt-install "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

# The wasm-bindgen version pinned in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
    if ! rustup target list --installed | grep -qx "$WASM_TRIPLE"; then
        step "rustup target add $WASM_TRIPLE"
        quietly rustup-target rustup target add "$WASM_TRIPLE"
    fi
}

# One install at a time (prefetch_tools may be running this in the background already): the
# lock is held while installing, so a stage that needs the tool waits for that install.
ensure_wasm_bindgen_cli() {
    local want have
    want="$(wasm_bindgen_version)"
    [[ -n "$want" ]] || die "no wasm-bindgen in Cargo.lock"
    exec 9>"$TOOLS/.wasm-bindgen-cli.lock"
    flock 9
    have="$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{ print $2 }' || true)"
    if [[ "$have" != "$want" ]]; then
        # Without --locked: with it, resolution fails on a yanked/missing index entry (TOOLCHAIN.md).
        step "cargo install wasm-bindgen-cli $want into $TOOLS (one time, about 2 min)"
        CARGO_TARGET_DIR="$TARGET/tools-build" quietly wasm-bindgen-cli-install \
            cargo install wasm-bindgen-cli --version "$want" --root "$TOOLS" --force
    fi
    exec 9>&-
    "$TOOLS/bin/wasm-bindgen" --version
}

# prefetch_tools STAGE...: installs cargo-fuzz and wasm-bindgen-cli in the background, at the
# lowest priority, when later stages need them. Each is a release build of a few minutes that
# would otherwise stall its stage; in the background it takes the core that the earlier stages'
# single-threaded stretches (the last crates of a build, rustdoc, test runs) leave idle.
prefetch_tools() {
    local fuzz=0 wasm=0 s
    for s in "$@"; do
        case "$s" in
            fuzz) fuzz=1 ;;
            wasm | browser) wasm=1 ;;
        esac
    done
    ((fuzz + wasm)) || return 0
    (
        renice -n 19 -p "$BASHPID" >/dev/null 2>&1 || true
        if ((fuzz)); then
            CARGO_TARGET_DIR="$TARGET" bash "$ROOT/scripts/fuzz-smoke.sh" --install >/dev/null 2>&1 || true
        fi
        if ((wasm)); then
            ensure_wasm_bindgen_cli >/dev/null 2>&1 || true
        fi
    ) &
    PREFETCH_PID=$!
}

ensure_venv() {
    local req="$ROOT/bindings/python/requirements-dev.txt" stamp="$VENV/.requirements"
    if [[ ! -x "$VENV/bin/python" ]]; then
        step "python3 -m venv $VENV"
        quietly venv python3 -m venv "$VENV"
    fi
    if ! cmp -s "$req" "$stamp"; then
        step "pip install -r bindings/python/requirements-dev.txt"
        quietly pip-install "$VENV/bin/python" -m pip install -r "$req"
        cp "$req" "$stamp"
    fi
}

ensure_kotlinc() {
    local dir="$TOOLS/kotlin-$KOTLIN_VERSION"
    if [[ ! -x "$dir/package/bin/kotlinc" ]]; then
        step "npm pack kotlin-compiler@$KOTLIN_VERSION into $dir"
        rm -rf "$dir" && mkdir -p "$dir"
        quietly kotlin-npm-pack npm pack --silent --pack-destination "$dir" "kotlin-compiler@$KOTLIN_VERSION"
        tar xzf "$dir/kotlin-compiler-$KOTLIN_VERSION.tgz" -C "$dir"
        rm -f "$dir/kotlin-compiler-$KOTLIN_VERSION.tgz"
        chmod +x "$dir"/package/bin/*
    fi
    KOTLINC="$dir/package/bin/kotlinc"
}

ensure_node_modules() {
    local stamp="$ROOT/wasm/node_modules/.package-lock.ci"
    if ! cmp -s "$ROOT/wasm/package-lock.json" "$stamp"; then
        step "npm ci (wasm/)"
        quietly npm-ci npm ci --prefix "$ROOT/wasm"
        cp "$ROOT/wasm/package-lock.json" "$stamp"
    fi
}

# The safehub-ffi cdylib and the uniffi-bindgen binary, built by the same two cargo commands
# `maturin build` runs (`cargo rustc` of the cdylib alone, `cargo run --bin uniffi-bindgen` over
# the default members), so the Python and Kotlin stages share one build: cargo resolves features
# per command, and any other command (`-p safehub-ffi -p uniffi-bindgen` together, say) leaves
# maturin rebuilding the proc-macro stack under it.
build_ffi() {
    step "cargo rustc --manifest-path bindings/Cargo.toml --lib --crate-type cdylib"
    cargo rustc --manifest-path "$ROOT/bindings/Cargo.toml" --lib --crate-type cdylib
    step "cargo build --bin uniffi-bindgen"
    cargo build --bin uniffi-bindgen
    [[ -f "$TARGET/debug/libsafehub_ffi.so" ]] || die "no $TARGET/debug/libsafehub_ffi.so"
}

# generate_bindings LANGUAGE OUT_DIR: UniFFI bindings from the built library, with the built binary.
# The library carries two namespaces, so this writes two modules: `safehub` (the core's types,
# configured by core/uniffi.toml) and `safehub_ffi` (the Hub); maturin packs both likewise.
generate_bindings() {
    rm -rf "$2" && mkdir -p "$2"
    "$TARGET/debug/uniffi-bindgen" generate "$TARGET/debug/libsafehub_ffi.so" \
        --language "$1" --out-dir "$2" --no-format
}

# The npm package (wasm/build.sh): wasm/pkg (ES module for browsers and bundlers, with the Node
# build under node/) and wasm/pkg-node (Node.js), with the module's size.
build_wasm_packages() {
    ensure_wasm_target
    ensure_wasm_bindgen_cli
    step "WASM_PROFILE=release bash wasm/build.sh"
    WASM_BINDGEN="$TOOLS/bin/wasm-bindgen" WASM_PROFILE=release bash "$ROOT/wasm/build.sh"
}

# ---------------------------------------------------------------------------------------------
# Stages: each prints what it runs and fails by a non-zero exit.
# ---------------------------------------------------------------------------------------------

stage_lint() {
    step "cargo fmt --all -- --check"
    cargo fmt --all -- --check
    # The core's dependencies run one way (docs/ARCHITECTURE.md, "Layers"): no import cycle
    # through files of different folders.
    step "python3 scripts/module-graph.py --check"
    python3 scripts/module-graph.py --check
    step "cargo clippy --workspace --all-targets -- -D warnings"
    cargo clippy --workspace --all-targets -- -D warnings
    ensure_wasm_target
    step "cargo clippy -p safehub-wasm --target $WASM_TRIPLE -- -D warnings"
    cargo clippy -p safehub-wasm --target "$WASM_TRIPLE" -- -D warnings
    # With the examples (and so the dev-dependencies) in, cargo resolves features as for clippy's
    # --all-targets and reuses its checked dependencies; without them it re-checked about twenty
    # crates with other features (a minute of a cold run).
    step 'RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --lib --bins --examples'
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --lib --bins --examples
}

stage_rust() {
    # The PostgreSQL journal's tests start their own throwaway cluster from Debian's server
    # binaries (tests/support/postgres.rs); here a missing server fails them instead of skipping.
    need_system_packages /usr/lib/postgresql:postgresql
    export SAFEHUB_REQUIRE_POSTGRES=1
    # --no-fail-fast: every test runs (and is counted) even after one fails.
    if ! cargo nextest --version >/dev/null 2>&1; then
        step "cargo test --workspace --no-fail-fast (cargo-nextest not found)"
        cargo test --workspace --no-fail-fast
        return
    fi
    # nextest runs the tests of every binary side by side. cargo test runs the binaries one after
    # another, and the slowest two (the crash test's writer process and the sharing model's
    # property test) are single-threaded: most of the stage then left a core idle. nextest does
    # not run doctests, so cargo test runs those.
    local rc=0
    step "cargo nextest run --workspace --no-fail-fast"
    cargo nextest run --workspace --no-fail-fast || rc=$?
    step "cargo test --workspace --doc"
    cargo test --workspace --doc || rc=$?
    return "$rc"
}

stage_fuzz() {
    # cargo-fuzz is installed into $TOOLS and the targets built into $TARGET/fuzz once. The dev
    # build (opt-level 1, no sanitizer) keeps a cold run within a few minutes on two cores.
    local seconds="${FUZZ_SECONDS:-10}"
    step "scripts/fuzz-smoke.sh $seconds (each target in fuzz/fuzz_targets/)"
    CARGO_TARGET_DIR="$TARGET" FUZZ_PROFILE=dev bash "$ROOT/scripts/fuzz-smoke.sh" "$seconds"
}

stage_python() {
    ensure_venv
    # maturin builds the cdylib and runs uniffi-bindgen itself (build_ffi's two commands).
    step "maturin build (UniFFI mode) -> target/wheels"
    rm -rf "$TARGET/wheels"
    "$VENV/bin/maturin" build --quiet -m bindings/Cargo.toml --out "$TARGET/wheels"
    local wheels=("$TARGET"/wheels/safehub-*.whl)
    [[ -f "${wheels[0]}" ]] || die "maturin built no wheel"
    step "pip install ${wheels[0]##*/}"
    quietly pip-install-wheel "$VENV/bin/python" -m pip install --force-reinstall --no-deps "${wheels[0]}"
    step "pytest bindings/python/tests"
    local rc=0
    (cd "$ROOT/bindings" && "$VENV/bin/python" -m pytest python/tests -v \
        -o cache_dir="$TARGET/pytest-cache") || rc=$?
    if ((rc == 5)); then
        die "pytest collected no tests in bindings/python/tests"
    fi
    return "$rc"
}

stage_kotlin() {
    need_system_packages /usr/share/java/jna.jar:libjna-java
    ensure_kotlinc
    build_ffi
    local out="$TARGET/kotlin"
    step "uniffi-bindgen generate --language kotlin -> target/kotlin/src"
    generate_bindings kotlin "$out/src"
    step "kotlinc $KOTLIN_VERSION: generated bindings + bindings/kotlin/Main.kt -> target/kotlin/app.jar"
    local sources
    mapfile -t sources < <(find "$out/src" "$ROOT/bindings/kotlin" -name '*.kt' | sort)
    "$KOTLINC" -nowarn -cp /usr/share/java/jna.jar "${sources[@]}" -include-runtime -d "$out/app.jar"
    step "java MainKt"
    java -Djna.library.path="$TARGET/debug" -cp "$out/app.jar:/usr/share/java/jna.jar" MainKt
}

stage_wasm() {
    build_wasm_packages
    ensure_node_modules   # typescript, for the test that compiles against the generated .d.ts
    local tests=(wasm/tests/*.test.mjs)
    [[ -f "${tests[0]}" ]] || die "no wasm/tests/*.test.mjs"
    step "node --test ${tests[*]}"
    node --test "${tests[@]}"
}

stage_browser() {
    need_system_packages /usr/bin/chromium:chromium /usr/bin/chromedriver:chromium-driver
    build_wasm_packages
    ensure_node_modules
    step "node wasm/tests/browser.mjs (headless Chromium $(chromium --version 2>/dev/null | awk '{ print $2 }'))"
    node wasm/tests/browser.mjs
}

# ---------------------------------------------------------------------------------------------
# Counting: what each stage's test runner said, from its log.
# ---------------------------------------------------------------------------------------------

# count_tests STAGE LOG: prints "PASSED FAILED" (or nothing for a stage that runs no tests).
count_tests() {
    local log="$2"
    case "$1" in
        rust)
            # cargo test's "test result:" lines (doctests, or every binary without nextest) and
            # nextest's "Summary [...] N tests run: P passed, F failed, T timed out, S skipped".
            awk '/^test result: |^ *Summary \[.*tests run:/ {
                    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/ || $(i+1) == "timed") f += $i }
                } END { print p + 0, f + 0 }' "$log" ;;
        python)
            awk '/^=+ .* in [0-9.]+s/ {
                    p = 0; f = 0
                    for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p = $i; if ($(i+1) ~ /^(failed|errors?)/) f += $i }
                } END { print p + 0, f + 0 }' "$log" ;;
        wasm)
            awk '/^# pass / { p += $3 } /^# fail / { f += $3 } END { print p + 0, f + 0 }' "$log" ;;
        fuzz)
            awk '/^fuzz smoke: [a-z_]+ ok:/ { p++ } /^fuzz smoke: [a-z_]+ CRASHED/ { f++ }
                 END { print p + 0, f + 0 }' "$log" ;;
        kotlin | browser)
            awk -v s="$1:" '$1 == s && $3 ~ /^passed/ { p = $2; f = $4 } END { print p + 0, f + 0 }' "$log" ;;
    esac
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

main() {
    local stages=() s
    for s in "$@"; do
        case "$s" in
            -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; return 0 ;;
            --list) printf '%s\n' "${ALL_STAGES[@]}"; return 0 ;;
            all) stages+=("${ALL_STAGES[@]}") ;;
            *) declare -F "stage_$s" >/dev/null || die "unknown stage '$s' (stages: ${ALL_STAGES[*]})"
               stages+=("$s") ;;
        esac
    done
    ((${#stages[@]})) || stages=("${ALL_STAGES[@]}")

    local results=() total_passed=0 total_failed=0 failed_stages=0 start_all=$SECONDS
    PREFETCH_PID=""
    # Nothing to fetch ahead of a single stage: it installs what it needs first thing.
    ((${#stages[@]} > 1)) && prefetch_tools "${stages[@]:1}"
    for s in "${stages[@]}"; do
        header "stage: $s"
        local start=$SECONDS rc=0 log="$LOGS/stage-$s.log"
        # A subshell per stage with its own set -e; the stage's output goes to the terminal and its log.
        set +e
        (set -euo pipefail; "stage_$s") 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
        set -e
        local secs=$((SECONDS - start)) counts passed failed status
        counts="$(count_tests "$s" "$log")"
        read -r passed failed <<<"${counts:-0 0}"
        if ((rc == 0)); then status=ok; else status=FAILED; failed_stages=$((failed_stages + 1)); fi
        # A stage that failed without a failing test (build error, no tests run) counts as one failure.
        if ((rc != 0 && failed == 0)); then failed=1; fi
        total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed))
        local what="-"
        [[ -n "$counts" ]] && what="$passed passed, $failed failed"
        results+=("$(printf '%-8s %-7s %5ss   %s' "$s" "$status" "$secs" "$what")")
        printf -- '--- stage %s: %s in %ss\n' "$s" "$status" "$secs"
        if ((rc != 0)) && [[ "${FAIL_FAST:-0}" == 1 ]]; then break; fi
    done

    [[ -z "$PREFETCH_PID" ]] || wait "$PREFETCH_PID" || true
    header "summary ($((SECONDS - start_all))s)"
    printf '%-8s %-7s %6s   %s\n' stage result time tests
    printf '%s\n' "${results[@]}"
    if ((failed_stages > 0)); then
        printf '%s stage(s) failed; logs in %s\n' "$failed_stages" "${LOGS#"$ROOT"/}"
    fi
    echo
    echo "total: $total_passed passed, $total_failed failed"
    ((failed_stages == 0))
}

# Sourcing this file (scripts/demo.sh does) gives the helpers without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
