// Builds a result's plain JS value from its tape (src/tape.rs documents the ops). Runs on the
// host, imported by the module; nothing here calls back into WebAssembly.

const NULL = 0, TRUE = 1, FALSE = 2, UINT = 3, FLOAT = 4, STR = 5, SYM = 6, ARR = 7, OBJ = 8;

/** Field and variant names, by the index the module gave each; kept for the module's life. */
const symbols = [];
const float = new Float64Array(1);
const floatHalves = new Uint32Array(float.buffer);

let ops = null;
let text = "";
let pc = 0;

function value() {
  switch (ops[pc++]) {
    case NULL: return null;
    case TRUE: return true;
    case FALSE: return false;
    case UINT: return ops[pc++];
    case FLOAT:
      floatHalves[0] = ops[pc++];
      floatHalves[1] = ops[pc++];
      return float[0];
    case STR: {
      const start = ops[pc++];
      return text.slice(start, start + ops[pc++]);
    }
    case SYM: return symbols[ops[pc++]];
    case ARR: {
      let n = ops[pc++];
      // Pushed, not preallocated: a packed array, as JSON.parse makes, not a holey one.
      const array = [];
      while (n-- > 0) array.push(value());
      return array;
    }
    case OBJ: {
      let n = ops[pc++];
      const object = {};
      while (n-- > 0) {
        const key = value();
        const v = value();
        if (key === "__proto__") {
          // A map key from data: an own property, as JSON.parse makes it, not the prototype.
          Object.defineProperty(object, key, { value: v, enumerable: true, writable: true, configurable: true });
        } else {
          object[key] = v;
        }
      }
      return object;
    }
    default:
      throw new Error(`safehub: bad result tape op ${ops[pc - 1]} at ${pc - 1}`);
  }
}

/**
 * @param {Uint32Array} defs new symbols: (index, start, length) triples into `all`
 * @param {Uint32Array} tape the ops; a view of the module's memory, read before returning
 * @param {string} all the text the ops slice
 */
export function decode(defs, tape, all) {
  for (let i = 0; i + 2 < defs.length; i += 3) {
    symbols[defs[i]] = all.slice(defs[i + 1], defs[i + 1] + defs[i + 2]);
  }
  ops = tape;
  text = all;
  pc = 0;
  try {
    return value();
  } finally {
    ops = null;
    text = "";
  }
}
