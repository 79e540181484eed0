// Shared helpers: byte strings, the rejection type and input access.

/** The profiles this port follows (spec/vectors.md). */
export type Profile = "strict" | "deployed";

/** The closed list of error categories of spec/vectors.md. */
export const CATEGORIES = [
  "truncated", "trailing_bytes", "non_minimal_varint", "invalid_varint", "negative_length",
  "varint_overflow", "field_length", "salt_length", "empty_field", "missing_field", "version",
  "message_type", "invalid_point", "low_order_point", "ek_modulus", "invalid_key", "aead_auth",
  "rsa_decrypt", "tag_mismatch", "padding", "json", "base64", "hex", "proof_header",
  "proof_signature", "proof_executor", "proof_keys", "proof_chain_id", "proof_rp_id",
  "proof_address", "signature", "state", "replay", "downgrade", "skip_limit",
  "abi_encoding", "address_checksum", "sender_address",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** A verdict: the input is refused, for the reason the category names. */
export class Reject extends Error {
  constructor(readonly category: Category, message: string) {
    super(message);
  }
}

/** The operation, or this case of it, is not implemented. */
export class Unsupported extends Error {}

/** A malformed request (a bug in the caller, not a verdict). */
export class BadRequest extends Error {}

export function reject(category: Category, message: string): never {
  throw new Reject(category, message);
}

export function fromHex(s: string, what = "hex"): Uint8Array {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new BadRequest(`${what} is not hex`);
  return Uint8Array.from(Buffer.from(s, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export function utf8(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, "utf8"));
}

export function u32be(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
}

export function i32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, n | 0, true);
  return b;
}

export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt("0x" + toHex(b));
}

/** Big-endian bytes of n, exactly len bytes long. */
export function bigIntToBytes(n: bigint, len: number): Uint8Array {
  const h = n.toString(16).padStart(len * 2, "0");
  if (h.length > len * 2) throw new Error("integer too large");
  return fromHex(h);
}

/** Big-endian bytes of n with no leading zero byte (empty for 0). */
export function bigIntToMinBytes(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  let h = n.toString(16);
  if (h.length % 2) h = "0" + h;
  return fromHex(h);
}

export type JSONValue = null | boolean | number | string | JSONValue[] | { [k: string]: JSONValue };
export type Outputs = Record<string, JSONValue>;

/** Typed access to a request's inputs. A missing or mistyped input is a BadRequest. */
export class Inputs {
  constructor(private readonly v: Record<string, unknown>) {}

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.v, name) && this.v[name] !== undefined;
  }

  raw(name: string): unknown {
    if (!this.has(name)) throw new BadRequest(`input ${name} is missing`);
    return this.v[name];
  }

  hex(name: string): Uint8Array {
    const s = this.raw(name);
    if (typeof s !== "string") throw new BadRequest(`input ${name} is not a hex string`);
    return fromHex(s, `input ${name}`);
  }

  optHex(name: string): Uint8Array | undefined {
    return this.has(name) && this.v[name] !== null ? this.hex(name) : undefined;
  }

  str(name: string): string {
    const s = this.raw(name);
    if (typeof s !== "string") throw new BadRequest(`input ${name} is not a string`);
    return s;
  }

  optStr(name: string): string | undefined {
    return this.has(name) && this.v[name] !== null ? this.str(name) : undefined;
  }

  int(name: string): number {
    const n = this.raw(name);
    if (typeof n !== "number" || !Number.isInteger(n)) throw new BadRequest(`input ${name} is not an integer`);
    return n;
  }

  optInt(name: string): number | undefined {
    return this.has(name) && this.v[name] !== null ? this.int(name) : undefined;
  }

  decimal(name: string): bigint {
    const s = this.raw(name);
    if (typeof s !== "string" || !/^-?[0-9]+$/.test(s)) throw new BadRequest(`input ${name} is not a decimal string`);
    return BigInt(s);
  }

  bool(name: string): boolean {
    const b = this.raw(name);
    if (typeof b !== "boolean") throw new BadRequest(`input ${name} is not a boolean`);
    return b;
  }

  json(name: string): unknown {
    return this.raw(name);
  }
}

export type Operation = (inp: Inputs, profile: Profile) => Outputs;
