import { fromHex, toHex } from "../util.js";
import { shake256 } from "@noble/hashes/sha3.js";
import { Reject } from "../util.js";
import assert from "node:assert/strict";

export { fromHex, toHex };

/** Labelled deterministic bytes, as spec/vectors.md defines them for drawn inputs. */
export function detrand(label: string, n: number): Uint8Array {
  const input = new Uint8Array([...new TextEncoder().encode("pqhs detrand v1"), 0, ...new TextEncoder().encode(label)]);
  return shake256(input, { dkLen: n });
}

/** Asserts that f rejects with the category. */
export function rejects(f: () => unknown, category: string): void {
  try {
    f();
  } catch (e) {
    if (e instanceof Reject) {
      assert.equal(e.category, category, e.message);
      return;
    }
    throw e;
  }
  assert.fail(`expected a rejection with ${category}`);
}
