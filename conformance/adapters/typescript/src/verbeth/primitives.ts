// Verbeth primitives (spec/verbeth.md §1, §7.3, §7.7), on tweetnacl and @noble/hashes
// as the SDK uses them, and ML-KEM-768 from @noble/post-quantum 0.5.4, the SDK's version.
import { createHmac } from "node:crypto";
import nacl from "tweetnacl";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { ml_kem768 } from "noble-post-quantum-054/ml-kem.js";
import { ekModulusOK } from "../ixian/keys.js";
import { Category, concat, reject, toHex, utf8 } from "../util.js";

/**
 * Strict-only findings, collected while the deployed checks run. Verbeth's strict
 * profile makes every deployed check first and adds its own only once deployed has
 * accepted (spec/verbeth.md §8), so these are raised at the end.
 */
export class Findings {
  readonly list: { category: Category; message: string }[] = [];
  add(category: Category, message: string): void {
    this.list.push({ category, message });
  }
  /** In the strict profile, rejects with the first finding. */
  settle(profile: string): void {
    const f = this.list[0];
    if (profile === "strict" && f) reject(f.category, f.message);
  }
}

export function need(b: Uint8Array, len: number, field: string): void {
  if (b.length !== len) reject("field_length", `${field} is ${b.length} bytes, want ${len}`);
}

export function isZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/** X25519 as tweetnacl computes it; an all-zero result (small-order point) is a strict finding. */
export function x25519(secret: Uint8Array, pub: Uint8Array, field: string, f: Findings): Uint8Array {
  need(secret, 32, `${field} secret`);
  need(pub, 32, field);
  const out = nacl.scalarMult(secret, pub);
  if (isZero(out)) f.add("low_order_point", `${field} is a point of small order`);
  return out;
}

export function x25519Base(secret: Uint8Array, field = "secret"): Uint8Array {
  need(secret, 32, field);
  return nacl.scalarMult.base(secret);
}

export function keccak(b: Uint8Array): Uint8Array {
  return keccak_256(b);
}

export function hkdf256(ikm: Uint8Array, salt: Uint8Array, info: string, len: number): Uint8Array {
  return hkdf(sha256, ikm, salt, utf8(info), len);
}

export function hex0x(b: Uint8Array): string {
  return "0x" + toHex(b);
}

/** §7.3: okm = HKDF(ikm = kemSecret, salt = ecdh, info, 32); tag = keccak256(okm). */
export function tagFrom(ecdh: Uint8Array, kemSecret: Uint8Array): { okm: Uint8Array; tag: Uint8Array } {
  const okm = hkdf256(kemSecret, ecdh, "verbeth:hsr-hybrid:v1", 32);
  return { okm, tag: keccak(okm) };
}

export function hybridSecret(x: Uint8Array, kemSecret: Uint8Array): Uint8Array {
  return hkdf256(concat(x, kemSecret), new Uint8Array(32), "VerbethHybrid", 32);
}

export function kdfRootKey(rootKey: Uint8Array, dh: Uint8Array): { rootKey: Uint8Array; chainKey: Uint8Array } {
  const out = hkdf256(dh, rootKey, "VerbethRatchet", 64);
  return { rootKey: out.slice(0, 32), chainKey: out.slice(32) };
}

/** KDF_CK with OpenSSL's HMAC-SHA256 (twice as fast as noble's here; the skip tests derive 10^5 keys). */
export function kdfChainKey(ck: Uint8Array): { messageKey: Uint8Array; chainKey: Uint8Array } {
  const mac = (b: number) => new Uint8Array(createHmac("sha256", ck).update(Uint8Array.of(b)).digest());
  return { messageKey: mac(1), chainKey: mac(2) };
}

/** Topic: keccak256(HKDF(ikm, salt, "verbeth:topic-" + dir + ":" + version, 32)). */
export function topic(ikm: Uint8Array, salt: Uint8Array, direction: string, version: string): Uint8Array {
  return keccak(hkdf256(ikm, salt, `verbeth:topic-${direction}:${version}`, 32));
}

export function conversationId(t1: Uint8Array, t2: Uint8Array): Uint8Array {
  const s = [hex0x(t1), hex0x(t2)].sort();
  return keccak(utf8(s.join(":")));
}

export function mlkemKeygen(seed: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } {
  need(seed, 64, "mlkemSeed");
  return ml_kem768.keygen(seed);
}

/** Encapsulation as noble 0.5.4 does it; a key with a coefficient >= q is a strict finding. */
export function mlkemEncaps(ek: Uint8Array, m: Uint8Array, f: Findings): { cipherText: Uint8Array; sharedSecret: Uint8Array } {
  need(ek, 1184, "ML-KEM encapsulation key");
  need(m, 32, "mlkemMessage");
  if (!ekModulusOK(ek, 3)) f.add("ek_modulus", "the ML-KEM encapsulation key has a coefficient >= q");
  return ml_kem768.encapsulate(ek, m);
}

export function mlkemDecaps(seed: Uint8Array, ct: Uint8Array): Uint8Array {
  const { secretKey } = mlkemKeygen(seed);
  need(ct, 1088, "kemCiphertext");
  return ml_kem768.decapsulate(ct, secretKey);
}
