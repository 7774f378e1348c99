// Smoke test of the Node.js build of safehub-wasm (wasm/pkg-node, made by `scripts/test-all.sh wasm`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const safehub = require("../pkg-node/safehub_wasm.js");

test("version() returns the crate version as a non-empty string", () => {
  const v = safehub.version();
  assert.equal(typeof v, "string");
  assert.match(v, /^\d+\.\d+\.\d+/);
});
