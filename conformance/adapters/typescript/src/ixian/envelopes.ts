// The spixi2 and rsa2 envelopes (spec/ixian-s2.md §8).
import { createPrivateKey, privateDecrypt, constants, KeyObject } from "node:crypto";
import { gcm } from "@noble/ciphers/aes.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { sha3_512 } from "@noble/hashes/sha3.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { Profile, reject, concat, bytesToBigInt, bigIntToBytes, BadRequest } from "../util.js";
import { Reader, encodeIxiBytes, readVarUInt } from "./varint.js";
import { checkRsaPubKey } from "./keys.js";

/** deriveKeyAndIv: h = SHA3-512(SHA3-512(baseKey || nonce)); key = h[0:len], iv = h[len:len+12]. */
export function deriveKeyAndIv(baseKey: Uint8Array, nonce: Uint8Array): { key: Uint8Array; iv: Uint8Array; hash: Uint8Array } {
  const h = sha3_512(sha3_512(concat(baseKey, nonce)));
  if (baseKey.length + 12 > h.length) throw new Error(`a ${baseKey.length}-byte key leaves no room for the IV`);
  return { key: h.slice(0, baseKey.length), iv: h.slice(baseKey.length, baseKey.length + 12), hash: h };
}

function checkAesKey(k: Uint8Array, field: string, profile: Profile): void {
  if (k.length === 0) reject("empty_field", `${field} is empty`);
  const ok = profile === "strict" ? k.length === 32 : k.length === 16 || k.length === 24 || k.length === 32;
  if (!ok) reject("field_length", `${field} is ${k.length} bytes`);
}

function checkChachaKey(k: Uint8Array, field: string): void {
  if (k.length === 0) reject("empty_field", `${field} is empty`);
  if (k.length !== 32) reject("field_length", `${field} is ${k.length} bytes, want 32`);
}

function checkNonce(n: Uint8Array, profile: Profile): void {
  if (n.length === 0) reject("empty_field", "nonce is empty");
  if (profile === "strict" && n.length !== 64) reject("field_length", `nonce is ${n.length} bytes, want 64`);
}

export interface Spixi2Out {
  ciphertext: Uint8Array;
  aesDerivedKey: Uint8Array;
  aesIv: Uint8Array;
  chachaDerivedKey: Uint8Array;
  chachaIv: Uint8Array;
  aesCiphertext: Uint8Array;
  aesHash: Uint8Array;
  chachaHash: Uint8Array;
}

export function spixi2EncryptFull(aesKey: Uint8Array, chachaKey: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array, profile: Profile, names = ["aesKey", "chachaKey"]): Spixi2Out {
  checkAesKey(aesKey, names[0]!, profile);
  checkChachaKey(chachaKey, names[1]!);
  checkNonce(nonce, profile);
  const a = deriveKeyAndIv(aesKey, nonce);
  const c = deriveKeyAndIv(chachaKey, nonce);
  const c1 = gcm(a.key, a.iv).encrypt(pt);
  const c2 = chacha20poly1305(c.key, c.iv, aad).encrypt(c1);
  return {
    ciphertext: concat(encodeIxiBytes(nonce), encodeIxiBytes(c2)),
    aesDerivedKey: a.key, aesIv: a.iv, chachaDerivedKey: c.key, chachaIv: c.iv, aesCiphertext: c1,
    aesHash: a.hash, chachaHash: c.hash,
  };
}

export function spixi2Encrypt(aesKey: Uint8Array, chachaKey: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array, profile: Profile, names = ["aesKey", "chachaKey"]): Uint8Array {
  return spixi2EncryptFull(aesKey, chachaKey, nonce, aad, pt, profile, names).ciphertext;
}

/** Strict: a length prefix that Ixian-Core ignores must equal what follows (its minimality was checked when read). */
function checkIgnoredLength(v: { value: bigint; minimal: boolean }, follows: number, field: string, profile: Profile): void {
  if (profile !== "strict") return;
  if (v.value !== BigInt(follows)) reject("field_length", `${field} ${v.value} but ${follows} bytes follow`);
}

/** Opens a spixi2 envelope read from r, which it consumes to the end. */
export function spixi2DecryptFrom(r: Reader, aesKey: Uint8Array, chachaKey: Uint8Array, aad: Uint8Array, profile: Profile, names = ["aesKey", "chachaKey"]): Uint8Array {
  checkAesKey(aesKey, names[0]!, profile);
  checkChachaKey(chachaKey, names[1]!);
  const nonce = r.bytes("nonce");
  checkNonce(nonce, profile);
  const innerLen = readVarUInt(r.b, r.off, "ciphertextLength");
  // Strict refuses a non-minimal varint when it reads it, as every other one (spec/ixian-s2.md §8.2).
  if (profile === "strict" && !innerLen.minimal) reject("non_minimal_varint", "ciphertextLength is not in its shortest form");
  r.off += innerLen.length;
  const c2 = r.b.subarray(r.off);
  r.off = r.b.length;
  const a = deriveKeyAndIv(aesKey, nonce);
  const c = deriveKeyAndIv(chachaKey, nonce);
  let c1: Uint8Array, pt: Uint8Array;
  try {
    c1 = chacha20poly1305(c.key, c.iv, aad).decrypt(c2);
  } catch {
    reject("aead_auth", "ChaCha20-Poly1305 does not authenticate");
  }
  try {
    pt = gcm(a.key, a.iv).decrypt(c1);
  } catch {
    reject("aead_auth", "AES-GCM does not authenticate");
  }
  checkIgnoredLength(innerLen, c2.length, "ciphertextLength", profile);
  return pt;
}

export function spixi2Decrypt(aesKey: Uint8Array, chachaKey: Uint8Array, aad: Uint8Array, envelope: Uint8Array, profile: Profile): Uint8Array {
  return spixi2DecryptFrom(new Reader(envelope, profile), aesKey, chachaKey, aad, profile);
}

function mgf1(seed: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0, o = 0; o < len; i++) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, i, false);
    const h = sha1(concat(seed, c));
    out.set(h.subarray(0, Math.min(h.length, len - o)), o);
    o += h.length;
  }
  return out;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) with SHA-1, MGF1-SHA-1, an empty label and the given seed. */
export function oaepEncrypt(n: bigint, e: bigint, k: number, msg: Uint8Array, seed: Uint8Array): Uint8Array {
  const hLen = 20;
  if (seed.length !== hLen) reject("field_length", `oaepSeed is ${seed.length} bytes, want 20`);
  // A key too short for the message is a key this encryption cannot use (§6, rule rsa-oaep).
  if (msg.length > k - 2 * hLen - 2) reject("invalid_key", `rsaPubKey: a ${k}-byte modulus leaves no room for a ${msg.length}-byte message`);
  const lHash = sha1(new Uint8Array(0));
  const db = concat(lHash, new Uint8Array(k - msg.length - 2 * hLen - 2), Uint8Array.of(1), msg);
  const dbMask = mgf1(seed, k - hLen - 1);
  const maskedDB = db.map((x, i) => x ^ dbMask[i]!);
  const seedMask = mgf1(maskedDB, hLen);
  const maskedSeed = seed.map((x, i) => x ^ seedMask[i]!);
  const em = concat(Uint8Array.of(0), maskedSeed, maskedDB);
  return bigIntToBytes(modPow(bytesToBigInt(em), e, n), k);
}

export interface Rsa2Input {
  rsaPubKey: Uint8Array;
  tempAesKey: Uint8Array;
  tempChachaKey: Uint8Array;
  oaepSeed: Uint8Array;
  nonce: Uint8Array;
  aad: Uint8Array;
  plaintext: Uint8Array;
}

export function rsa2Encrypt(x: Rsa2Input, profile: Profile): { envelope: Uint8Array; keyBlock: Uint8Array; encryptedKeys: Uint8Array } {
  const key = checkRsaPubKey(x.rsaPubKey, "rsaPubKey", profile);
  if (key.exponentLength > 4) reject("invalid_key", `rsaPubKey: the exponent is ${key.exponentLength} bytes, over 4`);
  if (x.oaepSeed.length !== 20) reject("field_length", `oaepSeed is ${x.oaepSeed.length} bytes, want 20`);
  const blob = spixi2Encrypt(x.tempAesKey, x.tempChachaKey, x.nonce, x.aad, x.plaintext, profile, ["tempAesKey", "tempChachaKey"]);
  const keyBlock = concat(encodeIxiBytes(x.tempAesKey), encodeIxiBytes(x.tempChachaKey));
  // A key RSA-OAEP can use (spec/ixian-s2.md §6, rsa-oaep): the reference's limits, checked at the
  // encryption, after the spixi2 blob.
  if (key.n % 2n === 0n || key.n < 1n << 1023n || key.e < 2n || key.e % 2n === 0n || key.e > 0x7fffffffn)
    reject("invalid_key", "rsaPubKey is not a key RSA-OAEP can use (modulus odd and of 1024 bits or more, exponent odd in [3, 2^31-1])");
  const ek = oaepEncrypt(key.n, key.e, key.modulusLength, keyBlock, x.oaepSeed);
  return { envelope: concat(encodeIxiBytes(ek), encodeIxiBytes(blob)), keyBlock, encryptedKeys: ek };
}

export function rsa2Decrypt(privDer: Uint8Array, aad: Uint8Array, envelope: Uint8Array, profile: Profile): { plaintext: Uint8Array; tempAesKey: Uint8Array; tempChachaKey: Uint8Array } {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(privDer), format: "der", type: "pkcs8" });
  } catch (e) {
    throw new BadRequest(`rsaPrivateKey is not a PKCS#8 RSA key: ${(e as Error).message}`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new BadRequest("rsaPrivateKey has no modulus length");
  const k = Math.ceil(bits / 8);
  const r = new Reader(envelope, profile);
  const ek = r.bytes("encryptedKeys");
  if (ek.length === 0) reject("empty_field", "encryptedKeys is empty");
  const outerLen = readVarUInt(r.b, r.off, "envelopeLength");
  // Read before the RSA decryption, and strict refuses a non-minimal form there (spec/ixian-s2.md §8.3).
  if (profile === "strict" && !outerLen.minimal) reject("non_minimal_varint", "envelopeLength is not in its shortest form");
  r.off += outerLen.length;
  const blobStart = r.off;
  if (ek.length !== k) reject("rsa_decrypt", `encryptedKeys is ${ek.length} bytes, the modulus ${k}`);
  let block: Uint8Array;
  try {
    block = Uint8Array.from(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, ek));
  } catch {
    reject("rsa_decrypt", "RSA-OAEP decryption failed");
  }
  const kr = new Reader(block, profile);
  const tempAesKey = kr.bytes("tempAesKey");
  checkAesKey(tempAesKey, "tempAesKey", profile);
  const tempChachaKey = kr.bytes("tempChachaKey");
  checkChachaKey(tempChachaKey, "tempChachaKey");
  kr.end("the rsa2 key block");
  const plaintext = spixi2DecryptFrom(r, tempAesKey, tempChachaKey, aad, profile, ["tempAesKey", "tempChachaKey"]);
  checkIgnoredLength(outerLen, envelope.length - blobStart, "envelopeLength", profile);
  return { plaintext, tempAesKey, tempChachaKey };
}
