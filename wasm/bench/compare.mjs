// Runs the native half (examples/wasm_parity.rs, built with `cargo build --release --example
// wasm_parity`) and the WASM half (bench.mjs, after wasm/build.sh) alternately, so both see the
// same machine load, and prints the median of each figure with the ratio, as a Markdown table.
//
// Run: node wasm/bench/compare.mjs [ROUNDS]   (default 5; docs/BENCHMARKS.md, "WASM under Node")
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const TARGET = process.env.CARGO_TARGET_DIR || path.join(REPO, "target");
const ROUNDS = Number(process.argv[2] ?? 5);

const RUNS = {
  native: [path.join(TARGET, "release", "examples", "wasm_parity"), []],
  wasm: [process.execPath, [path.join(HERE, "bench.mjs")]],
};

/** "  label: 12.3 ms" lines of one run, as label -> ms. */
function figures(output) {
  const out = new Map();
  for (const line of output.split("\n")) {
    const m = line.match(/^\s+(.+?):\s+([\d.]+) ms$/);
    if (m) out.set(m[1].trim(), Number(m[2]));
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const seen = { native: new Map(), wasm: new Map() };
for (let round = 1; round <= ROUNDS; round++) {
  for (const [side, [cmd, args]] of Object.entries(RUNS)) {
    for (const [label, ms] of figures(execFileSync(cmd, args, { encoding: "utf8" }))) {
      if (!seen[side].has(label)) seen[side].set(label, []);
      seen[side].get(label).push(ms);
    }
  }
  process.stderr.write(`round ${round}/${ROUNDS} done\n`);
}

const ms = (x) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
console.log(`Median of ${ROUNDS} alternating rounds (Node ${process.version}).\n`);
console.log("| operation | native | WASM under Node | ratio |");
console.log("|---|---:|---:|---:|");
for (const [label, times] of seen.native) {
  const wasm = seen.wasm.get(label);
  if (!wasm) {
    console.log(`| ${label} | ${ms(median(times))} ms | | |`);
    continue;
  }
  const [n, w] = [median(times), median(wasm)];
  console.log(`| ${label} | ${ms(n)} ms | ${ms(w)} ms | ${(w / n).toFixed(1)}x |`);
}
