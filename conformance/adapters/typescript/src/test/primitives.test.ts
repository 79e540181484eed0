// Known-answer tests of the primitives the port is built on, from public sources.
import { test } from "node:test";
import assert from "node:assert/strict";
import nacl from "tweetnacl";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { sha3_512, keccak_256 } from "@noble/hashes/sha3.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { fromHex, toHex, utf8 } from "../util.js";

test("RFC 5869 test case 1 (HKDF-SHA256)", () => {
  const okm = hkdf(sha256, fromHex("0b".repeat(22)), fromHex("000102030405060708090a0b0c"), fromHex("f0f1f2f3f4f5f6f7f8f9"), 42);
  assert.equal(toHex(okm), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
});

test("RFC 4231 test case 1 (HMAC-SHA256)", () => {
  assert.equal(toHex(hmac(sha256, fromHex("0b".repeat(20)), utf8("Hi There"))), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
});

test("FIPS 202 / FIPS 180 / Keccak empty-input digests", () => {
  assert.equal(toHex(sha3_512(new Uint8Array(0))), "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
  assert.equal(toHex(keccak_256(new Uint8Array(0))), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  assert.equal(toHex(sha1(utf8("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
});

test("HKDF-HMAC-SHA3-512: an empty salt equals 64 and 72 zero bytes (HMAC pads keys to the 72-byte block)", () => {
  const ikm = utf8("ikm");
  const a = hkdf(sha3_512, ikm, new Uint8Array(0), utf8("IXI AES Key"), 32);
  assert.deepEqual(a, hkdf(sha3_512, ikm, new Uint8Array(64), utf8("IXI AES Key"), 32));
  assert.deepEqual(a, hkdf(sha3_512, ikm, new Uint8Array(72), utf8("IXI AES Key"), 32));
  assert.notDeepEqual(a, hkdf(sha3_512, ikm, new Uint8Array(73), utf8("IXI AES Key"), 32));
});

test("RFC 8439 §2.8.2 ChaCha20-Poly1305", () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
  const nonce = fromHex("070000004041424344454647");
  const aad = fromHex("50515253c0c1c2c3c4c5c6c7");
  const pt = utf8("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
  const ct = chacha20poly1305(key, nonce, aad).encrypt(pt);
  assert.equal(toHex(ct.subarray(0, 16)), "d31a8d34648e60db7b86afbc53ef7ec2");
  assert.equal(toHex(ct.subarray(ct.length - 16)), "1ae10b594f09e26a7e902ecbd0600691");
});

test("RFC 7748 X25519 (§5.2 and §6.1) with tweetnacl", () => {
  const k = fromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  const u = fromHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
  assert.equal(toHex(nacl.scalarMult(k, u)), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  const a = fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const b = fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  assert.equal(toHex(nacl.scalarMult.base(a)), "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  assert.equal(toHex(nacl.scalarMult.base(b)), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  assert.equal(toHex(nacl.scalarMult(a, nacl.scalarMult.base(b))), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
});

test("RFC 8032 Ed25519 test 1 with tweetnacl", () => {
  const kp = nacl.sign.keyPair.fromSeed(fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  assert.equal(toHex(kp.publicKey), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  assert.equal(
    toHex(nacl.sign.detached(new Uint8Array(0), kp.secretKey)),
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
  );
});
