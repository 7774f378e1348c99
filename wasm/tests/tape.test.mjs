// The host half of the result tape (src/tape.js), fed hand-written tapes: what the module never
// sends in the other tests (a map key "__proto__", non-BMP text, every number form). The module
// half and its parity with JSON are tested in Rust (wasm/tests/tape.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decode } from "../src/tape.js";

const NULL = 0, TRUE = 1, FALSE = 2, UINT = 3, FLOAT = 4, STR = 5, SYM = 6, ARR = 7, OBJ = 8;

/** The two halves of an f64's bits, low first. */
function halves(x) {
  const f = new Float64Array([x]);
  return [...new Uint32Array(f.buffer)];
}

test("a map key __proto__ becomes an own property, as JSON.parse makes it", () => {
  const text = "__proto__polluted";
  // { "__proto__": { "polluted": true } }
  const ops = Uint32Array.of(OBJ, 1, STR, 0, 9, OBJ, 1, STR, 9, 8, TRUE);
  const value = decode(new Uint32Array(0), ops, text);
  assert.deepEqual(value, JSON.parse('{"__proto__": {"polluted": true}}'));
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.ok(Object.hasOwn(value, "__proto__"));
  assert.equal({}.polluted, undefined);
});

test("symbols are kept between results, strings slice in UTF-16 units, numbers are exact", () => {
  // Define symbol 40 as "kind" in one result, use it in the next without its definition.
  const first = decode(Uint32Array.of(40, 0, 4), Uint32Array.of(OBJ, 1, SYM, 40, NULL), "kind");
  assert.deepEqual(first, { kind: null });
  const text = "𝄞é";
  const ops = Uint32Array.of(
    OBJ, 1, SYM, 40,
    ARR, 7, STR, 0, 2, STR, 2, 1, UINT, 4294967295, FLOAT, ...halves(-0.1), FLOAT, ...halves(2 ** 64), FALSE, NULL,
  );
  assert.deepEqual(decode(new Uint32Array(0), ops, text), {
    kind: ["𝄞", "é", 4294967295, -0.1, 18446744073709552000, false, null],
  });
});

test("a damaged tape is an error, not a wrong value", () => {
  assert.throws(() => decode(new Uint32Array(0), Uint32Array.of(99), ""), /bad result tape op 99/);
});
