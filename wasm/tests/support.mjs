// What the Node tests share: the Node build of the package, and the check that a call fails the
// way the package promises (a JS Error named SafehubError, with the core's code).
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The Node build (wasm/pkg-node, made by wasm/build.sh). */
export const safehub = require("../pkg-node/safehub_wasm.js");

/** Calls `f`, expecting a SafehubError with `code`; returns it. */
export function throwsCode(f, code) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, "a JS Error");
    assert.equal(e.name, "SafehubError");
    assert.equal(e.code, code, `code of: ${e.message}`);
    return e;
  }
  assert.fail(`expected a ${code} error`);
}
