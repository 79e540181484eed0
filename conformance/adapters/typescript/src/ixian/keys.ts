// Key material checks and the Ixian key agreement primitives (spec/ixian-s2.md §6, §7).
import { p521 } from "@noble/curves/nist.js";
import { ml_kem1024 } from "@noble/post-quantum/ml-kem.js";
import { hkdf, extract } from "@noble/hashes/hkdf.js";
import { sha3_512 } from "@noble/hashes/sha3.js";
import { Profile, reject, bytesToBigInt, bigIntToBytes, bigIntToMinBytes, concat, utf8 } from "../util.js";

const P = p521.Point.Fp.ORDER;
const N = p521.Point.Fn.ORDER;

/** Checks an Ixian RSA public key (§6, §9 rules rsa-*). */
export function checkRsaPubKey(k: Uint8Array, field: string, profile: Profile): { n: bigint; e: bigint; modulusLength: number; exponentLength: number } {
  if (k.length === 0) reject("empty_field", `${field} is empty`);
  if (k.length < 49 || k.length > 1023) reject("field_length", `${field} is ${k.length} bytes, outside 49..1023`);
  if (k[0]! > 2) reject("invalid_key", `${field}: address version ${k[0]}`);
  const legacy = k.length === 523 || k.length === 2339;
  if (legacy && profile === "strict") reject("invalid_key", `${field}: legacy key form without the 5-byte header`);
  const dv = new DataView(k.buffer, k.byteOffset, k.byteLength);
  if (!legacy && profile === "strict" && dv.getInt32(1, true) !== 0) reject("invalid_key", `${field}: key format version is not 0`);
  let off = legacy ? 0 : 5;
  const part = (name: string): Uint8Array => {
    if (k.length - off < 4) reject("invalid_key", `${field}: ${name} length is cut off`);
    const len = dv.getInt32(off, true);
    off += 4;
    if (len <= 0 || len > k.length - off) reject("invalid_key", `${field}: ${name} length ${len} does not fit`);
    const v = k.subarray(off, off + len);
    off += len;
    return v;
  };
  const mod = part("modulus");
  const exp = part("exponent");
  if (off !== k.length) {
    if (profile === "strict") reject("invalid_key", `${field}: ${k.length - off} bytes after the exponent`);
    // §6: Ixian-Core reads what follows as the private parts P, Q, DP, DQ, InverseQ (half the modulus
    // length, rounded up) and D (the modulus length); anything after D is not read.
    const half = Math.ceil(mod.length / 2);
    for (const [name, want] of [["P", half], ["Q", half], ["DP", half], ["DQ", half], ["InverseQ", half], ["D", mod.length]] as const) {
      const v = part(name);
      if (v.length !== want) reject("invalid_key", `${field}: private part ${name} is ${v.length} bytes, want ${want}`);
    }
  }
  if (profile === "strict" && (mod[0] === 0 || exp[0] === 0)) reject("invalid_key", `${field}: leading zero byte in modulus or exponent`);
  const n = bytesToBigInt(mod);
  return { n, e: bytesToBigInt(exp), modulusLength: bigIntToMinBytes(n).length, exponentLength: exp.length };
}

/** Checks the form (length, prefix) of an ECDH public key, as decoders do. */
export function checkEcdhForm(k: Uint8Array, field: string, profile: Profile): void {
  if (k.length === 0) reject("empty_field", `${field} is empty`);
  if (k.length === 1 && k[0] === 0) reject("invalid_point", `${field} is the point at infinity`);
  if (profile === "strict" ? k.length !== 67 : k.length !== 67 && k.length !== 133)
    reject("field_length", `${field} is ${k.length} bytes`);
  const p = k[0]!;
  if (k.length === 67 ? p !== 2 && p !== 3 : p !== 4 && p !== 6 && p !== 7)
    reject("invalid_point", `${field}: prefix 0x${p.toString(16)} for ${k.length} bytes`);
}

type Point = InstanceType<typeof p521.Point>;

/** Decodes a SEC 1 P-521 point (compressed, uncompressed or hybrid) and checks it is on the curve. */
export function decodePoint(k: Uint8Array, field: string): Point {
  const x = bytesToBigInt(k.subarray(1, 67));
  if (x >= P) reject("invalid_point", `${field}: X is not below p`);
  let enc = k;
  if (k.length === 133) {
    const y = bytesToBigInt(k.subarray(67));
    if (y >= P) reject("invalid_point", `${field}: Y is not below p`);
    if (k[0] === 6 || k[0] === 7) {
      if (Number(y & 1n) !== k[0] - 6) reject("invalid_point", `${field}: hybrid prefix does not match Y's parity`);
      enc = concat(Uint8Array.of(4), k.subarray(1));
    }
  }
  try {
    const pt = p521.Point.fromBytes(enc);
    pt.assertValidity();
    return pt;
  } catch (e) {
    reject("invalid_point", `${field}: not a point on secp521r1 (${(e as Error).message})`);
  }
}

/** The private scalar: 66 bytes big-endian in [1, n-1]. */
export function checkScalar(d: Uint8Array, field = "ecdhPrivateKey"): bigint {
  if (d.length !== 66) reject("invalid_key", `${field} is ${d.length} bytes, want 66`);
  const v = bytesToBigInt(d);
  if (v < 1n || v >= N) reject("invalid_key", `${field} is not in [1, n-1]`);
  return v;
}

export function ecdhPublic(d: bigint): Uint8Array {
  return p521.Point.BASE.multiply(d).toBytes(true);
}

/** BouncyCastle's ECDHBasicAgreement result: X of d·Q, unsigned, leading zeros stripped. */
export function ecdhSecret(d: bigint, peer: Uint8Array, field: string, profile: Profile): Uint8Array {
  checkEcdhForm(peer, field, profile);
  const q = decodePoint(peer, field);
  const x = q.multiply(d).toAffine().x;
  // §7.1: X = 0 gives the empty secret; Strict refuses it.
  if (x === 0n && profile === "strict") reject("invalid_point", `${field}: the shared X is 0`);
  return bigIntToMinBytes(x);
}

export function checkSeed(seed: Uint8Array, field = "mlkemSeed"): void {
  if (seed.length !== 64) reject("invalid_key", `${field} is ${seed.length} bytes, want 64`);
}

export function mlkemKeygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  checkSeed(seed);
  return ml_kem1024.keygen(seed);
}

/** FIPS 203 encapsulation key modulus check: every 12-bit coefficient below q. */
export function ekModulusOK(ek: Uint8Array, k: number): boolean {
  const polyBytes = 384 * k;
  for (let i = 0; i + 3 <= polyBytes; i += 3) {
    const a = ek[i]! | ((ek[i + 1]! & 0x0f) << 8);
    const b = (ek[i + 1]! >> 4) | (ek[i + 2]! << 4);
    if (a >= 3329 || b >= 3329) return false;
  }
  return true;
}

export function mlkemEncaps(ek: Uint8Array, m: Uint8Array): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  if (ek.length !== 1568) reject("field_length", `mlkemPubKey is ${ek.length} bytes, want 1568`);
  if (m.length !== 32) reject("invalid_key", `mlkemMessage is ${m.length} bytes, want 32`);
  if (!ekModulusOK(ek, 4)) reject("ek_modulus", "mlkemPubKey has a coefficient >= q");
  return ml_kem1024.encapsulate(ek, m);
}

export function mlkemDecaps(seed: Uint8Array, ct: Uint8Array): Uint8Array {
  const { secretKey } = mlkemKeygen(seed);
  if (ct.length !== 1568) reject("field_length", `mlkemCiphertext is ${ct.length} bytes, want 1568`);
  return ml_kem1024.decapsulate(ct, secretKey);
}

export const AES_INFO = "IXI AES Key";
export const CHACHA_INFO = "IXI ChaCha Key";

/** HKDF with HMAC-SHA3-512. */
export function hkdfSha3(ikm: Uint8Array, salt: Uint8Array, info: string, len: number): Uint8Array {
  return hkdf(sha3_512, ikm, salt, utf8(info), len);
}

export interface SessionKeys {
  ikm: Uint8Array;
  aesKey: Uint8Array;
  chachaKey: Uint8Array;
  /** HKDF-Extract's pseudo-random keys, HMAC-SHA3-512(salt, ikm): optional outputs. */
  aesPrk: Uint8Array;
  chachaPrk: Uint8Array;
}

/** §7.2, with the input checks of §9 (deriveKeys and the salts). */
export function deriveKeys(ecdh: Uint8Array, kem: Uint8Array, aesSalt: Uint8Array, chachaSalt: Uint8Array, profile: Profile): SessionKeys {
  // An empty secret (a shared X of 0) is Strict's field_length; Deployed derives from the ML-KEM secret alone.
  if (ecdh.length > 66 || (ecdh.length === 0 && profile === "strict")) reject("field_length", `ecdhSecret is ${ecdh.length} bytes, want 1..66`);
  if (ecdh.length > 0 && ecdh[0] === 0) reject("field_length", "ecdhSecret has a leading zero byte");
  if (kem.length !== 32) reject("field_length", `mlkemSecret is ${kem.length} bytes, want 32`);
  checkSalt(aesSalt, "aesSalt", profile);
  checkSalt(chachaSalt, "chachaSalt", profile);
  const ikm = concat(ecdh, kem);
  return {
    ikm, aesKey: hkdfSha3(ikm, aesSalt, AES_INFO, 32), chachaKey: hkdfSha3(ikm, chachaSalt, CHACHA_INFO, 32),
    aesPrk: extract(sha3_512, ikm, aesSalt), chachaPrk: extract(sha3_512, ikm, chachaSalt),
  };
}

export function checkSalt(s: Uint8Array, field: string, profile: Profile): void {
  if (profile === "strict" && s.length !== 32) reject("salt_length", `${field} is ${s.length} bytes, want 32`);
}

export { bigIntToBytes };
