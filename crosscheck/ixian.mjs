// Independent recomputation of the Ixian S2 contact handshake v2 from fixed
// inputs, for the values pinned in impl/ixian's tests. It shares no code with
// the Go reference or with Ixian-Core: IxiVarInt, IxiBytes, the payloads, the
// SpixiMessage frame, the StreamMessage additional data and RSA-OAEP encoding
// are written here from spec/ixian-s2.md; the primitives are @noble/curves
// (secp521r1), @noble/post-quantum (ML-KEM-1024), @noble/hashes (SHA3-512,
// HKDF, HMAC, SHA-1) and @noble/ciphers (AES-GCM, ChaCha20-Poly1305). Node's
// own crypto is used only to read the RSA test keys and to check that the
// OAEP encoding here decrypts with OpenSSL.
//
//   node crosscheck/ixian.mjs > impl/ixian/testdata/crosscheck.json
//
// Every random input is drawn like internal/detrand: the first n bytes of
// SHAKE-256("pqhs detrand v1" || 0x00 || label).

import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, privateDecrypt, sign, constants } from 'node:crypto';
import { p521 } from '@noble/curves/nist.js';
import { ml_kem1024 } from '@noble/post-quantum/ml-kem.js';
import { sha3_512, sha3_256, shake256 } from '@noble/hashes/sha3.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { hkdf, extract } from '@noble/hashes/hkdf.js';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';

const enc = new TextEncoder();
const utf8 = (s) => enc.encode(s);
const hex = (b) => Buffer.from(b).toString('hex');
const cat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
const eq = (a, b) => hex(a) === hex(b);
const assert = (cond, what) => { if (!cond) throw new Error('crosscheck: ' + what); };

const dr = (label, n) => shake256.create({ dkLen: n }).update(utf8('pqhs detrand v1\0' + label)).digest();

// ---- IxiVarInt: 0..0xF7 in one byte; FC/FD/FE + u16/u32/u64 LE; F8/F9/FA + |v| for negatives.
const le = (v, n) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { out[i] = Number(v & 0xffn); v >>= 8n; }
  return out;
};
const varint = (v, signed) => {
  v = BigInt(v);
  const neg = v < 0n;
  assert(!neg || signed, 'negative unsigned');
  const mag = neg ? -v : v;
  if (!neg && mag < 0xf8n) return Uint8Array.of(Number(mag));
  if (mag <= 0xffffn) return cat([neg ? 0xf8 : 0xfc], le(mag, 2));
  if (mag <= 0xffffffffn) return cat([neg ? 0xf9 : 0xfd], le(mag, 4));
  return cat([neg ? 0xfa : 0xfe], le(mag, 8));
};
const ixiBytes = (b) => cat(varint(b.length, true), b);
const i32 = (v) => { const b = new Uint8Array(4); new DataView(b.buffer).setInt32(0, v, true); return b; };

// ---- Payloads and frame.
const spixiMessage = (type, data) => cat(i32(type), i32(data.length), data, i32(0), ixiBytes(new Uint8Array()), ixiBytes(new Uint8Array()));
const aad = (id, type, ts) => cat(id, varint(type, true), varint(ts, true));

// ---- RSA: Ixian's public-key bytes, and OAEP(SHA-1) with a given seed.
const b64u = (s) => new Uint8Array(Buffer.from(s, 'base64url'));
const toBig = (b) => BigInt('0x' + (hex(b) || '0'));
const toBytes = (v, n) => { const h = v.toString(16).padStart(n * 2, '0'); assert(h.length === n * 2, 'I2OSP'); return new Uint8Array(Buffer.from(h, 'hex')); };
const modpow = (b, e, m) => { let r = 1n; b %= m; while (e > 0n) { if (e & 1n) r = r * b % m; b = b * b % m; e >>= 1n; } return r; };
const rsaKey = (name) => {
  const pem = readFileSync(new URL(`../internal/testkeys/${name}.pem`, import.meta.url));
  const priv = createPrivateKey(pem);
  const jwk = createPublicKey(priv).export({ format: 'jwk' });
  const n = b64u(jwk.n), e = b64u(jwk.e);
  const ixian = cat([1], i32(0), i32(n.length), n, i32(e.length), e);
  return { priv, n: toBig(n), e: toBig(e), k: n.length, ixian };
};
const mgf1 = (seed, len) => {
  const out = [];
  for (let c = 0; out.length < len; c++) out.push(...sha1(cat(seed, Uint8Array.of(c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255))));
  return Uint8Array.from(out.slice(0, len));
};
const xor = (a, b) => a.map((x, i) => x ^ b[i]);
const oaepEncrypt = (key, msg, seed) => {
  const hLen = 20;
  const db = cat(sha1(new Uint8Array()), new Uint8Array(key.k - msg.length - 2 * hLen - 2), [1], msg);
  const maskedDB = xor(db, mgf1(seed, db.length));
  const maskedSeed = xor(seed, mgf1(maskedDB, hLen));
  const em = cat([0], maskedSeed, maskedDB);
  const c = toBytes(modpow(toBig(em), key.e, key.n), key.k);
  const back = privateDecrypt({ key: key.priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, c);
  assert(eq(back, msg), 'OAEP round trip through OpenSSL');
  return c;
};

// ---- Envelopes.
const sha3sq = (b) => sha3_512(sha3_512(b));
const deriveKeyAndIv = (nonce, baseKey) => {
  const h = sha3sq(cat(baseKey, nonce));
  return { key: h.slice(0, baseKey.length), iv: h.slice(baseKey.length, baseKey.length + 12), hash: h };
};
const spixi2 = (pt, aesKey, chachaKey, nonce, ad) => {
  const a = deriveKeyAndIv(nonce, aesKey), c = deriveKeyAndIv(nonce, chachaKey);
  const c1 = gcm(a.key, a.iv).encrypt(pt);
  const c2 = chacha20poly1305(c.key, c.iv, ad).encrypt(c1);
  const envelope = cat(ixiBytes(nonce), ixiBytes(c2));
  // Open it again the way the spec says: skip the inner length, open to the end.
  assert(eq(gcm(a.key, a.iv).decrypt(chacha20poly1305(c.key, c.iv, ad).decrypt(c2)), pt), 'spixi2 round trip');
  return { aesDerivedKey: hex(a.key), aesIv: hex(a.iv), chachaDerivedKey: hex(c.key), chachaIv: hex(c.iv), aesCiphertext: hex(c1), envelope: hex(envelope), aesHash: hex(a.hash), chachaHash: hex(c.hash) };
};
const rsa2 = (pt, key, label, ad) => {
  const tk = dr(label + '/temp-aes-key', 32), tc = dr(label + '/temp-chacha-key', 32);
  const seed = dr(label + '/oaep-seed', 20), nonce = dr(label + '/nonce', 64);
  const keyBlock = cat(ixiBytes(tk), ixiBytes(tc));
  const ek = oaepEncrypt(key, keyBlock, seed);
  const blob = spixi2(pt, tk, tc, nonce, ad);
  const envelope = cat(ixiBytes(ek), ixiBytes(new Uint8Array(Buffer.from(blob.envelope, 'hex'))));
  return { tempAesKey: hex(tk), tempChachaKey: hex(tc), oaepSeed: hex(seed), nonce: hex(nonce), aad: hex(ad), keyBlock: hex(keyBlock), encryptedKeys: hex(ek), spixi2: blob, envelope: hex(envelope) };
};

// ---- The handshakes.
const stripZeros = (b) => { let i = 0; while (i < b.length && b[i] === 0) i++; return b.slice(i); };
const kdf = (ikm, salt, info) => hkdf(sha3_512, ikm, salt, utf8(info), 32);
const requester = rsaKey('ixian-requester-rsa4096');
const acceptor = rsaKey('ixian-acceptor-rsa4096');
const T0 = 1767225600; // 2026-01-01T00:00:00Z

// [name, requester scalar counter]; impl/ixian's unitCases has the same list.
const CASES = [['hs66', 0], ['hs65', 0], ['hs64', 279], ['hs63', 726]];

const cases = CASES.map(([name, counter], idx) => {
  const u = (label, n) => dr(`ixian/unit/${name}/${label}`, n);
  const scalar = (label) => { const b = u(label, 66); b[0] &= 1; return b; };
  const ts = T0 + idx * 100;

  // The acceptor: ephemeral keys and acceptAdd2.
  const aScalar = scalar('acceptor/ecdh-scalar');
  const aSeed = u('acceptor/mlkem-seed', 64);
  const aesSalt = u('acceptor/aes-salt', 32);
  const aPub = p521.getPublicKey(aScalar, true);
  const { publicKey: ek, secretKey: dk } = ml_kem1024.keygen(aSeed);
  const acceptAdd2 = cat([1], ixiBytes(acceptor.ixian), ixiBytes(aPub), ixiBytes(ek), ixiBytes(aesSalt), varint(63, true));

  // The requester: ECDH, encapsulation, keys, keys2.
  const rScalar = scalar(`requester/ecdh-scalar/${counter}`);
  const m = u('requester/mlkem-m', 32);
  const chachaSalt = u('requester/chacha-salt', 32);
  const rPub = p521.getPublicKey(rScalar, true);
  const ecdhSecret = stripZeros(p521.getSharedSecret(rScalar, aPub, true).slice(1));
  assert(eq(ecdhSecret, stripZeros(p521.getSharedSecret(aScalar, rPub, true).slice(1))), 'ECDH both ways');
  const { cipherText, sharedSecret } = ml_kem1024.encapsulate(ek, m);
  assert(eq(ml_kem1024.decapsulate(cipherText, dk), sharedSecret), 'ML-KEM decapsulation');
  const ikm = cat(ecdhSecret, sharedSecret);
  const aesKey = kdf(ikm, aesSalt, 'IXI AES Key');
  const chachaKey = kdf(ikm, chachaSalt, 'IXI ChaCha Key');
  const keys2 = cat(ixiBytes(rPub), ixiBytes(cipherText), ixiBytes(chachaSalt), varint(17, true));

  const requestAdd2 = cat([1], ixiBytes(requester.ixian));
  const acceptFrame = spixiMessage(41, acceptAdd2);
  const keysFrame = spixiMessage(42, keys2);
  const chatID = u('chat/id', 16);
  const chatFrame = spixiMessage(0, utf8(`Hello from pqhs (${name})`));

  return {
    name, counter, timestamp: ts,
    inputs: {
      acceptorEcdhScalar: hex(aScalar), acceptorMlkemSeed: hex(aSeed), aesSalt: hex(aesSalt),
      requesterEcdhScalar: hex(rScalar), mlkemMessage: hex(m), chachaSalt: hex(chachaSalt),
      chatId: hex(chatID),
    },
    requestAdd2: hex(requestAdd2),
    requestAdd2Frame: hex(spixiMessage(40, requestAdd2)),
    acceptorEcdhPubKey: hex(aPub),
    mlkemPubKey: hex(ek),
    mlkemPubKeySha3: hex(sha3_256(ek)),
    acceptAdd2: hex(acceptAdd2),
    acceptAdd2Frame: hex(acceptFrame),
    requesterEcdhPubKey: hex(rPub),
    ecdhSecret: hex(ecdhSecret),
    ecdhSecretLength: ecdhSecret.length,
    mlkemCiphertext: hex(cipherText),
    mlkemSecret: hex(sharedSecret),
    ikm: hex(ikm),
    aesKey: hex(aesKey),
    chachaKey: hex(chachaKey),
    aesPrk: hex(extract(sha3_512, ikm, aesSalt)),
    chachaPrk: hex(extract(sha3_512, ikm, chachaSalt)),
    keys2: hex(keys2),
    keys2Frame: hex(keysFrame),
    acceptAdd2RSA2: rsa2(acceptFrame, requester, `ixian/unit/${name}/acceptAdd2/rsa2`, aad([1], 1, ts + 1)),
    keys2RSA2: rsa2(keysFrame, acceptor, `ixian/unit/${name}/keys2/rsa2`, aad([2], 1, ts + 2)),
    chat: { plaintext: hex(chatFrame), ...spixi2(chatFrame, aesKey, chachaKey, u('chat/nonce', 64), aad(chatID, 2, ts + 3)), aad: hex(aad(chatID, 2, ts + 3)) },
  };
});

// ---- The frames around the handshake (spec/ixian-s2.md §4.1, §6.1), and two edge cases of the key agreement
// (§7): a shared X of 0, and the acceptor restored from the expanded ML-KEM key Ixian-Core persists.

// Address(bytes) for what is used here: a public key of 49..1023 bytes, hashed by its version byte.
const sha512sq = (b) => sha512(sha512(b));
const addressOfKey = (key) => {
  switch (key[0]) {
    case 0: { let h = key.slice(5); for (let i = 0; i < 4; i++) h = sha512(h); return cat([0], h.slice(0, 32)); }
    case 1: return cat([1], sha512sq(key.slice(1)).slice(0, 44));
    case 2: return cat([2], sha3sq(key).slice(0, 44));
  }
  throw new Error('address version');
};
const withChecksum = (a) => cat(a, sha512sq(a).slice(0, 3));

// StreamMessage v1: every varint through the signed encoder; the checksum covers version to timestamp; the
// signature is PKCS#1 v1.5 with SHA-512 over the checksum (OpenSSL signs here).
const streamMessage = (f, signer) => {
  const field = (b) => cat(varint(b.length, true), b);
  const checksumData = cat(varint(f.version, true), field(f.id), varint(f.type, true), varint(f.encryptionType, true),
    field(f.sender), field(f.recipient), field(f.data), varint(f.timestamp, true));
  const checksum = sha3_512(checksumData);
  const signature = new Uint8Array(sign('sha512', checksum, { key: signer, padding: constants.RSA_PKCS1_PADDING }));
  const frame = cat(checksumData, field(signature), [1]);
  return { sender: hex(f.sender), recipient: hex(f.recipient), id: hex(f.id), type: f.type, encryptionType: f.encryptionType,
    data: hex(f.data), timestamp: f.timestamp, checksumData: hex(checksumData), checksum: hex(checksum), signature: hex(signature), frame: hex(frame) };
};

// A wallet key whose private-key bytes (rsaKeyToBytes with the private parameters: P, Q, DP, DQ, InverseQ
// padded to half the modulus, D to the modulus) travel as a requestAdd2's pubKey.
const exposedKeyBytes = () => {
  const priv = createPrivateKey(readFileSync(new URL('../internal/testkeys/ixian-exposed-rsa1024.pem', import.meta.url)));
  const j = priv.export({ format: 'jwk' });
  const n = b64u(j.n), half = (n.length + 1) >> 1;
  const part = (s, len) => { const v = toBytes(toBig(b64u(s)), len); return cat(i32(len), v); };
  const e = b64u(j.e);
  const bytes = cat([1], i32(0), i32(n.length), n, i32(e.length), e,
    part(j.p, half), part(j.q, half), part(j.dp, half), part(j.dq, half), part(j.qi, half), part(j.d, n.length));
  return { priv, bytes };
};

const frames = (() => {
  const c = cases[0]; // hs66
  const ts = c.timestamp;
  const rAddr = addressOfKey(requester.ixian), aAddr = addressOfKey(acceptor.ixian);
  const exposed = exposedKeyBytes();
  const xAddr = addressOfKey(exposed.bytes);
  const unhexb = (h) => new Uint8Array(Buffer.from(h, 'hex'));
  const msg = (id, enc, from, to, data, t, key) => streamMessage({ version: 1, id: Uint8Array.of(id), type: 1, encryptionType: enc,
    sender: from, recipient: to, data, timestamp: t }, key);

  // A shared X of 0: Q = d^-1 * (0, y), y the even square root of b.
  const C = p521.Point.CURVE();
  const y0 = ((y) => (y & 1n ? C.p - y : y))(modpow(C.b, (C.p + 1n) >> 2n, C.p));
  const zd = (() => { const b = dr('ixian/unit/zero-x/requester-scalar', 66); b[0] &= 1; return b; })();
  const q = p521.Point.fromAffine({ x: 0n, y: y0 }).multiply(modpow(toBig(zd), C.n - 2n, C.n));
  const zq = q.toBytes(true);
  const zx = p521.getSharedSecret(zd, zq, true).slice(1);
  assert(zx.every((b) => b === 0), 'X = 0');
  const zSeed = dr('ixian/unit/zero-x/mlkem-seed', 64);
  const zm = dr('ixian/unit/zero-x/mlkem-m', 32);
  const zSalts = [dr('ixian/unit/zero-x/aes-salt', 32), dr('ixian/unit/zero-x/chacha-salt', 32)];
  const zk = ml_kem1024.encapsulate(ml_kem1024.keygen(zSeed).publicKey, zm);

  // The expanded decapsulation key of hs66's acceptor, and what a key with a corrupted H(ek) decapsulates to
  // when nothing checks it: the implicit rejection secret SHAKE-256(z || c).
  const dk = ml_kem1024.keygen(unhexb(c.inputs.acceptorMlkemSeed)).secretKey;
  assert(dk.length === 3168, 'expanded key length');
  const ct = unhexb(c.mlkemCiphertext);
  assert(eq(ml_kem1024.decapsulate(ct, dk), unhexb(c.mlkemSecret)), 'decapsulation with the expanded key');

  return {
    addresses: {
      requester: hex(rAddr), requesterWithChecksum: hex(withChecksum(rAddr)), acceptor: hex(aAddr),
      acceptorKeyAsV2: hex(addressOfKey(cat([2], acceptor.ixian.slice(1)))),
      acceptorKeyAsV0: hex(addressOfKey(cat([0], acceptor.ixian.slice(1)))),
      exposed: hex(xAddr),
    },
    exposedKeyBytes: hex(exposed.bytes),
    requestAdd2: msg(0, 0, rAddr, aAddr, unhexb(c.requestAdd2Frame), ts, requester.priv),
    acceptAdd2: msg(1, 3, aAddr, rAddr, unhexb(c.acceptAdd2RSA2.envelope), ts + 1, acceptor.priv),
    keys2: msg(2, 3, rAddr, aAddr, unhexb(c.keys2RSA2.envelope), ts + 2, requester.priv),
    exposedRequestAdd2: msg(0, 0, xAddr, aAddr, spixiMessage(40, cat([1], ixiBytes(exposed.bytes))), ts, exposed.priv),
    zeroX: {
      requesterScalar: hex(zd), acceptorEcdhPubKey: hex(zq), mlkemSeed: hex(zSeed), mlkemMessage: hex(zm),
      aesSalt: hex(zSalts[0]), chachaSalt: hex(zSalts[1]), mlkemSecret: hex(zk.sharedSecret),
      aesKey: hex(kdf(zk.sharedSecret, zSalts[0], 'IXI AES Key')), chachaKey: hex(kdf(zk.sharedSecret, zSalts[1], 'IXI ChaCha Key')),
      aesPrk: hex(extract(sha3_512, zk.sharedSecret, zSalts[0])), chachaPrk: hex(extract(sha3_512, zk.sharedSecret, zSalts[1])),
    },
    expandedKey: {
      dk: hex(dk),
      badHashSecret: hex(shake256.create({ dkLen: 32 }).update(cat(dk.slice(3136), ct)).digest()),
    },
  };
})();

const U = [0n, 1n, 0xf7n, 0xf8n, 0xfcn, 0xffn, 0x100n, 0xffffn, 0x10000n, 0xffffffffn, 1n << 32n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n];
const S = [0n, 1n, 0xf7n, 0xf8n, 0xffffn, 0x10000n, 1n << 32n, (1n << 63n) - 1n, -1n, -5n, -0xf7n, -0xf8n, -0xffffn, -0x10000n, -0xffffffffn, -(1n << 32n), -((1n << 63n) - 1n), -(1n << 63n)];
const ixiLens = [0, 1, 0xf7, 0xf8, 0x100, 0xffff, 0x10000];

const out = {
  comment: 'written by crosscheck/ixian.mjs; do not edit',
  varUInt: U.map((v) => ({ value: v.toString(), data: hex(varint(v, false)) })),
  varInt: S.map((v) => ({ value: v.toString(), data: hex(varint(v, true)) })),
  ixiBytes: ixiLens.map((n) => {
    const e = ixiBytes(dr(`ixian/unit/ixibytes/${n}`, n));
    return { length: n, prefix: hex(e.slice(0, e.length - n)), sha256: hex(sha256(e)), data: n <= 0x100 ? hex(e) : undefined };
  }),
  rsa: { requester: hex(requester.ixian), acceptor: hex(acceptor.ixian) },
  sha3_512sq: { empty: hex(sha3sq(new Uint8Array())), ixian: hex(sha3sq(utf8('ixian'))) },
  cases,
  frames,
};
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
