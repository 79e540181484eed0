// IxiVarInt and IxiBytes (spec/ixian-s2.md §2, §3).
import { Profile, reject, concat, Reject } from "../util.js";

export interface VarResult {
  value: bigint;
  length: number;
  /** Whether the bytes are what the matching encoder writes for value. */
  minimal: boolean;
}

const U16 = 0xffffn;
const U32 = 0xffffffffn;
const I64_MAX = (1n << 63n) - 1n;

function readLE(b: Uint8Array, off: number, n: number, field: string): bigint {
  if (b.length - off < n) reject("truncated", `${field}: ${n}-byte varint payload needs ${n} bytes, ${b.length - off} left`);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[off + i]!);
  return v;
}

/** Reads an unsigned IxiVarInt at off. */
export function readVarUInt(b: Uint8Array, off: number, field = "varint"): VarResult {
  if (off >= b.length) reject("truncated", `${field}: no byte left for the varint`);
  const p = b[off]!;
  if (p < 0xf8) return { value: BigInt(p), length: 1, minimal: true };
  if (p === 0xfb || p === 0xff) reject("invalid_varint", `${field}: reserved varint prefix 0x${p.toString(16)}`);
  if (p <= 0xfa) reject("negative_length", `${field}: signed prefix 0x${p.toString(16)} where an unsigned value is read`);
  const n = p === 0xfc ? 2 : p === 0xfd ? 4 : 8;
  const v = readLE(b, off + 1, n, field);
  const minimal = p === 0xfc ? v >= 0xf8n : p === 0xfd ? v > U16 : v > U32;
  return { value: v, length: 1 + n, minimal };
}

/** Reads a signed IxiVarInt at off. */
export function readVarInt(b: Uint8Array, off: number, field = "varint"): VarResult {
  if (off >= b.length) reject("truncated", `${field}: no byte left for the varint`);
  const p = b[off]!;
  if (p < 0xf8) return { value: BigInt(p), length: 1, minimal: true };
  if (p === 0xfb || p === 0xff) reject("invalid_varint", `${field}: reserved varint prefix 0x${p.toString(16)}`);
  if (p <= 0xfa) {
    const n = p === 0xf8 ? 2 : p === 0xf9 ? 4 : 8;
    const m = readLE(b, off + 1, n, field);
    if (m > 1n << 63n) reject("varint_overflow", `${field}: negative magnitude ${m} is outside int64`);
    const minimal = p === 0xf8 ? m >= 1n : p === 0xf9 ? m > U16 : m > U32;
    return { value: -m, length: 1 + n, minimal };
  }
  const n = p === 0xfc ? 2 : p === 0xfd ? 4 : 8;
  const v = readLE(b, off + 1, n, field);
  if (v > I64_MAX) reject("varint_overflow", `${field}: ${v} is outside int64`);
  const minimal = p === 0xfc ? v >= 0xf8n : p === 0xfd ? v > U16 : v > U32;
  return { value: v, length: 1 + n, minimal };
}

function le(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The shortest unsigned IxiVarInt of v (0 ≤ v < 2^64). */
export function encodeVarUInt(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 64n) reject("varint_overflow", `${v} is outside 0..2^64-1`);
  if (v < 0xf8n) return Uint8Array.of(Number(v));
  if (v <= U16) return concat(Uint8Array.of(0xfc), le(v, 2));
  if (v <= U32) return concat(Uint8Array.of(0xfd), le(v, 4));
  return concat(Uint8Array.of(0xfe), le(v, 8));
}

/** The signed IxiVarInt of v (-2^63 ≤ v < 2^63), as the C# long encoder writes it. */
export function encodeVarInt(v: bigint): Uint8Array {
  if (v < -(1n << 63n) || v > I64_MAX) reject("varint_overflow", `${v} is outside int64`);
  if (v >= 0n) return encodeVarUInt(v);
  const m = -v;
  if (m <= U16) return concat(Uint8Array.of(0xf8), le(m, 2));
  if (m <= U32) return concat(Uint8Array.of(0xf9), le(m, 4));
  return concat(Uint8Array.of(0xfa), le(m, 8));
}

/** IxiBytes: the length (signed encoder, non-negative) then the bytes; empty is 00. */
export function encodeIxiBytes(x: Uint8Array): Uint8Array {
  return concat(encodeVarInt(BigInt(x.length)), x);
}

/** C#'s unchecked (int) cast of a 64-bit value. */
export function csInt(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/**
 * A cursor over a payload that applies a profile's varint rules as each field
 * is read, so the first broken rule in wire order is the one reported.
 */
export class Reader {
  off = 0;
  constructor(readonly b: Uint8Array, readonly profile: Profile) {}

  get remaining(): number {
    return this.b.length - this.off;
  }

  /** An unsigned varint; strict refuses non-minimal forms. */
  uvar(field: string): VarResult {
    const r = readVarUInt(this.b, this.off, field);
    if (this.profile === "strict" && !r.minimal) reject("non_minimal_varint", `${field}: varint is not in its shortest form`);
    this.off += r.length;
    return r;
  }

  /** IxiBytes; the empty result stands for null as well. */
  bytes(field: string): Uint8Array {
    const n = this.uvar(field).value;
    if (n > 0x7fffffffn) reject("varint_overflow", `${field}: length ${n} exceeds 2^31-1`);
    if (n > BigInt(this.remaining)) reject("truncated", `${field}: length ${n} but ${this.remaining} bytes left`);
    const out = this.b.subarray(this.off, this.off + Number(n));
    this.off += Number(n);
    return out;
  }

  raw(n: number, field: string): Uint8Array {
    if (this.remaining < n) reject("truncated", `${field}: needs ${n} bytes, ${this.remaining} left`);
    const out = this.b.subarray(this.off, this.off + n);
    this.off += n;
    return out;
  }

  /** Strict: nothing may follow the last field. */
  end(what: string): void {
    if (this.profile === "strict" && this.remaining > 0) reject("trailing_bytes", `${this.remaining} bytes after the last field of ${what}`);
  }
}

export { Reject };
