// Ixian S2 pieces: varints and IxiBytes against the spec's table, payload rules per
// profile, P-521 forms, ML-KEM-1024, the envelopes and a whole handshake.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync, privateDecrypt, constants } from "node:crypto";
import { p521 } from "@noble/curves/nist.js";
import { fromHex, toHex, detrand, rejects } from "./helpers.js";
import { concat, i32le } from "../util.js";
import { encodeVarInt, encodeVarUInt, readVarInt, readVarUInt, encodeIxiBytes, Reader } from "../ixian/varint.js";
import { decodeAcceptAdd2, decodeKeys2, decodeRequestAdd2, decodeSpixiMessage, encodeAcceptAdd2, encodeSpixiMessage } from "../ixian/payloads.js";
import { checkScalar, decodePoint, ecdhPublic, ecdhSecret, ekModulusOK, mlkemEncaps, mlkemKeygen, deriveKeys } from "../ixian/keys.js";
import { oaepEncrypt, rsa2Decrypt, rsa2Encrypt, spixi2Decrypt, spixi2Encrypt } from "../ixian/envelopes.js";
import { ixianOps } from "../ixian/ops.js";
import { Inputs } from "../util.js";
import { transition, parseState } from "../ixian/status.js";

const table: [bigint, string][] = [
  [0n, "00"], [0xf7n, "f7"], [0xf8n, "fcf800"], [0xffffn, "fcffff"], [0x10000n, "fd00000100"],
  [1n << 32n, "fe0000000001000000"], [(1n << 63n) - 1n, "feffffffffffffff7f"],
  [-1n, "f80100"], [-5n, "f80500"], [-0xffffn, "f8ffff"], [-0x10000n, "f900000100"],
  [-(1n << 32n), "fa0000000001000000"], [-(1n << 63n), "fa0000000000000080"],
];

test("IxiVarInt: the spec's table, both ways", () => {
  for (const [v, h] of table) {
    assert.equal(toHex(encodeVarInt(v)), h, `encode ${v}`);
    const r = readVarInt(fromHex(h), 0);
    assert.equal(r.value, v);
    assert.equal(r.length, h.length / 2);
    assert.ok(r.minimal);
  }
  assert.equal(toHex(encodeVarUInt((1n << 64n) - 1n)), "feffffffffffffffff");
});

test("IxiVarInt: rejections name their category", () => {
  rejects(() => readVarUInt(new Uint8Array(0), 0), "truncated");
  rejects(() => readVarUInt(fromHex("fb"), 0), "invalid_varint");
  rejects(() => readVarUInt(fromHex("ff"), 0), "invalid_varint");
  rejects(() => readVarUInt(fromHex("f80100"), 0), "negative_length");
  rejects(() => readVarUInt(fromHex("fd0000"), 0), "truncated");
  rejects(() => readVarInt(fromHex("feffffffffffffffff"), 0), "varint_overflow");
  rejects(() => readVarInt(fromHex("fa0100000000000080"), 0), "varint_overflow");
  assert.equal(readVarUInt(fromHex("fc0500"), 0).minimal, false);
  assert.equal(readVarInt(fromHex("f80000"), 0).minimal, false);
  assert.equal(readVarInt(fromHex("f80000"), 0).value, 0n);
  assert.equal(readVarUInt(fromHex("fdffff0000"), 0).minimal, false);
});

test("IxiBytes: lengths are checked before use", () => {
  assert.equal(toHex(encodeIxiBytes(new Uint8Array(0))), "00");
  rejects(() => new Reader(fromHex("fdffffff7f00"), "deployed").bytes("x"), "truncated");
  rejects(() => new Reader(fromHex("fd00000080"), "deployed").bytes("x"), "varint_overflow");
  rejects(() => new Reader(fromHex("fc0300aabbcc"), "strict").bytes("x"), "non_minimal_varint");
  assert.equal(toHex(new Reader(fromHex("fc0300aabbcc"), "deployed").bytes("x")), "aabbcc");
});

/** A 528-byte Ixian RSA public key with a made-up modulus. */
function rsaKeyBytes(mod: Uint8Array, exp = fromHex("010001"), version = 1): Uint8Array {
  return concat(Uint8Array.of(version), i32le(0), i32le(mod.length), mod, i32le(exp.length), exp);
}

function sampleAcceptAdd2(over: Partial<Parameters<typeof encodeAcceptAdd2>[0]> = {}) {
  const d = checkScalar(p521Scalar("acceptor"));
  return encodeAcceptAdd2({
    version: 1, rsaPubKey: rsaKeyBytes(Uint8Array.from({ length: 512 }, (_, i) => (i === 0 ? 0xc0 : i & 0xff))),
    ecdhPubKey: ecdhPublic(d), mlkemPubKey: mlkemKeygen(detrand("t/seed", 64)).publicKey, aesSalt: detrand("t/salt", 32),
    capabilities: 63, ...over,
  });
}

function p521Scalar(label: string): Uint8Array {
  const b = detrand(label, 66);
  b[0]! &= 0x01;
  return b;
}

test("acceptAdd2: a canonical payload decodes the same in both profiles; the profiles differ on salts, capabilities and trailing bytes", () => {
  const p = sampleAcceptAdd2();
  assert.equal(p.length, 1 + 531 + 68 + 1571 + 33 + 1);
  const s = decodeAcceptAdd2(p, "strict");
  assert.deepEqual(s, decodeAcceptAdd2(p, "deployed"));
  assert.equal(s.capabilities, 63);
  const short = sampleAcceptAdd2({ aesSalt: new Uint8Array(31) });
  rejects(() => decodeAcceptAdd2(short, "strict"), "salt_length");
  assert.equal(decodeAcceptAdd2(short, "deployed").aesSalt.length, 31);
  const noCaps = p.subarray(0, p.length - 1);
  rejects(() => decodeAcceptAdd2(noCaps, "strict"), "missing_field");
  assert.equal(decodeAcceptAdd2(noCaps, "deployed").capabilities, 15);
  rejects(() => decodeAcceptAdd2(concat(p, Uint8Array.of(0)), "strict"), "trailing_bytes");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ version: 2 }), "strict"), "version");
  assert.equal(decodeAcceptAdd2(sampleAcceptAdd2({ version: 2 }), "deployed").version, 2);
  const bigCaps = concat(p.subarray(0, p.length - 1), fromHex("fe0100000001000000"));
  rejects(() => decodeAcceptAdd2(bigCaps, "strict"), "varint_overflow");
  assert.equal(decodeAcceptAdd2(bigCaps, "deployed").capabilities, 1);
});

test("acceptAdd2: RSA key and ECDH key forms", () => {
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: new Uint8Array(0) }), "deployed"), "empty_field");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: new Uint8Array(48) }), "deployed"), "field_length");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: rsaKeyBytes(new Uint8Array(64).fill(1), undefined, 3) }), "deployed"), "invalid_key");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: concat(rsaKeyBytes(new Uint8Array(64).fill(1)), Uint8Array.of(0)) }), "deployed"), "invalid_key");
  const lz = rsaKeyBytes(concat(Uint8Array.of(0), new Uint8Array(63).fill(1)));
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: lz }), "strict"), "invalid_key");
  decodeAcceptAdd2(sampleAcceptAdd2({ rsaPubKey: lz }), "deployed");
  const d = checkScalar(p521Scalar("x"));
  const unc = p521.Point.BASE.multiply(d).toBytes(false);
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: unc }), "strict"), "field_length");
  assert.equal(decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: unc }), "deployed").ecdhPubKey.length, 133);
  const badPrefix = ecdhPublic(d);
  badPrefix[0] = 4;
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: badPrefix }), "deployed"), "invalid_point");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: Uint8Array.of(0) }), "deployed"), "invalid_point");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: Uint8Array.of(0) }), "strict"), "invalid_point");
  rejects(() => decodeAcceptAdd2(sampleAcceptAdd2({ ecdhPubKey: Uint8Array.of(2) }), "strict"), "field_length");
});

test("requestAdd2 and keys2 decode", () => {
  const key = rsaKeyBytes(new Uint8Array(512).fill(0xaa));
  const p = concat(Uint8Array.of(1), encodeIxiBytes(key));
  assert.equal(p.length, 532);
  assert.equal(decodeRequestAdd2(p, "strict").maxProtocolVersion, 1);
  rejects(() => decodeRequestAdd2(concat(Uint8Array.of(0), encodeIxiBytes(key)), "strict"), "version");
  assert.equal(decodeRequestAdd2(concat(fromHex("feffffffffffffffff"), encodeIxiBytes(key)), "deployed").maxProtocolVersion, -1);
  const d = checkScalar(p521Scalar("k2"));
  const k2 = concat(encodeIxiBytes(ecdhPublic(d)), encodeIxiBytes(new Uint8Array(1568)), encodeIxiBytes(new Uint8Array(32)), Uint8Array.of(0x11));
  assert.equal(k2.length, 1673);
  assert.equal(decodeKeys2(k2, "strict").capabilities, 17);
  rejects(() => decodeKeys2(concat(encodeIxiBytes(ecdhPublic(d)), encodeIxiBytes(new Uint8Array(1567))), "deployed"), "field_length");
});

test("SpixiMessage: frame layout and the deployed leniencies", () => {
  const m = { type: 41, data: fromHex("0102"), channel: 0, groupAddress: new Uint8Array(0), groupSenderAddress: new Uint8Array(0) };
  const f = encodeSpixiMessage(m);
  assert.equal(toHex(f), "29000000" + "02000000" + "0102" + "00000000" + "00" + "00");
  assert.deepEqual(decodeSpixiMessage(f, "strict"), m);
  const short = concat(fromHex("29000000" + "05000000"), fromHex("0102"));
  rejects(() => decodeSpixiMessage(short, "strict"), "truncated");
  assert.equal(toHex(decodeSpixiMessage(short, "deployed").data), "0102");
  rejects(() => decodeSpixiMessage(fromHex("29000000ffffffff"), "strict"), "negative_length");
  rejects(() => decodeSpixiMessage(fromHex("290000000000000000"), "strict"), "truncated");
  rejects(() => decodeSpixiMessage(fromHex("2900000000000000"), "strict"), "missing_field");
  // Ixian-Core's constructor never fails: errors leave type 0, no data, channel 0, and a groupAddress read before.
  const zero = { type: 0, data: new Uint8Array(0), channel: 0, groupAddress: new Uint8Array(0), groupSenderAddress: new Uint8Array(0) };
  assert.deepEqual(decodeSpixiMessage(fromHex("29000000ffffffff"), "deployed"), zero);
  assert.deepEqual(decodeSpixiMessage(fromHex("290000000000000000"), "deployed"), zero);
  assert.deepEqual(decodeSpixiMessage(fromHex("2900000000000000"), "deployed"), { ...zero, type: 41 });
  assert.deepEqual(decodeSpixiMessage(fromHex("2900000001000000aa07000000" + "01bb" + "05"), "deployed"), { ...zero, groupAddress: fromHex("bb") });
});

test("P-521: compressed, uncompressed and hybrid encodings, stripped secrets", () => {
  const d1 = checkScalar(p521Scalar("a"));
  const d2 = checkScalar(p521Scalar("b"));
  const q2 = p521.Point.BASE.multiply(d2);
  const s = ecdhSecret(d1, q2.toBytes(true), "k", "strict");
  assert.deepEqual(s, ecdhSecret(d2, ecdhPublic(d1), "k", "strict"));
  assert.deepEqual(s, ecdhSecret(d1, q2.toBytes(false), "k", "deployed"));
  const hybrid = q2.toBytes(false);
  hybrid[0] = 6 + Number(q2.toAffine().y & 1n);
  assert.deepEqual(s, ecdhSecret(d1, hybrid, "k", "deployed"));
  hybrid[0] ^= 1;
  rejects(() => ecdhSecret(d1, hybrid, "k", "deployed"), "invalid_point");
  assert.ok(s.length <= 66 && s[0] !== 0);
  const off = q2.toBytes(false);
  off[132]! ^= 1;
  rejects(() => decodePoint(off, "k"), "invalid_point");
  rejects(() => checkScalar(new Uint8Array(66)), "invalid_key");
  rejects(() => checkScalar(new Uint8Array(65).fill(1)), "invalid_key");
});

test("P-521: a 65-byte shared secret enters the IKM without its leading zero", () => {
  // Search a few scalars for an X below 2^520 (about one in two).
  const q = p521.Point.BASE.multiply(checkScalar(p521Scalar("peer")));
  for (let i = 0; i < 40; i++) {
    const d = checkScalar(p521Scalar(`short/${i}`));
    const s = ecdhSecret(d, q.toBytes(true), "k", "strict");
    if (s.length < 66) {
      const k = deriveKeys(s, new Uint8Array(32), new Uint8Array(32), new Uint8Array(32), "strict");
      assert.equal(k.ikm.length, s.length + 32);
      return;
    }
  }
  assert.fail("no short secret found");
});

test("ML-KEM-1024: the modulus check", () => {
  const { publicKey } = mlkemKeygen(detrand("t/kem", 64));
  assert.ok(ekModulusOK(publicKey, 4));
  const bad = publicKey.slice();
  bad[0] = 0xff;
  bad[1]! |= 0x0f;
  assert.ok(!ekModulusOK(bad, 4));
  rejects(() => mlkemEncaps(bad, new Uint8Array(32)), "ek_modulus");
  rejects(() => mlkemEncaps(publicKey, new Uint8Array(31)), "invalid_key");
});

function run(op: string, inputs: Record<string, unknown>, profile: "strict" | "deployed" = "strict") {
  return ixianOps[op]!(new Inputs(inputs), profile) as Record<string, any>;
}

test("a whole handshake: prepare, requester, acceptor agree on both keys", () => {
  const rsa = rsaKeyBytes(Uint8Array.from({ length: 512 }, (_, i) => (i === 0 ? 0xc0 : 7)));
  const prep = run("ixian/acceptor/prepare", {
    ecdhPrivateKey: toHex(p521Scalar("acc")), mlkemSeed: toHex(detrand("acc/seed", 64)), aesSalt: toHex(detrand("acc/salt", 32)),
    version: 1, rsaPubKey: toHex(rsa), capabilities: 63,
  });
  const req = run("ixian/requester/acceptAdd2", {
    acceptAdd2: prep["acceptAdd2"], ecdhPrivateKey: toHex(p521Scalar("req")), mlkemMessage: toHex(detrand("req/m", 32)),
    chachaSalt: toHex(detrand("req/salt", 32)), capabilities: 17,
  });
  assert.equal(req["peerCapabilities"], 63);
  const acc = run("ixian/acceptor/keys2", {
    ecdhPrivateKey: toHex(p521Scalar("acc")), mlkemSeed: toHex(detrand("acc/seed", 64)), aesSalt: toHex(detrand("acc/salt", 32)), keys2: req["keys2"],
  });
  for (const k of ["ecdhSecret", "mlkemSecret", "ikm", "aesKey", "chachaKey"]) assert.equal(acc[k], req[k], k);
  assert.equal(acc["peerCapabilities"], 17);
  const dk = run("ixian/deriveKeys", { ecdhSecret: acc["ecdhSecret"], mlkemSecret: acc["mlkemSecret"], aesSalt: toHex(detrand("acc/salt", 32)), chachaSalt: toHex(detrand("req/salt", 32)) });
  assert.equal(dk["aesKey"], acc["aesKey"]);
  assert.notEqual(dk["aesKey"], dk["chachaKey"]);
});

test("spixi2: round trip, AAD binding, appended bytes fail, the inner length is checked only by strict", () => {
  const ka = detrand("s/a", 32), kc = detrand("s/c", 32), n = detrand("s/n", 64), aad = fromHex("010101fd01b95569");
  const ct = spixi2Encrypt(ka, kc, n, aad, fromHex("68656c6c6f"), "strict");
  assert.equal(ct.length, 1 + 64 + 1 + 5 + 32);
  assert.equal(toHex(spixi2Decrypt(ka, kc, aad, ct, "strict")), "68656c6c6f");
  rejects(() => spixi2Decrypt(ka, kc, fromHex("00"), ct, "strict"), "aead_auth");
  rejects(() => spixi2Decrypt(ka, kc, aad, concat(ct, Uint8Array.of(0)), "deployed"), "aead_auth");
  const wrongLen = ct.slice();
  wrongLen[65] = 0x20;
  rejects(() => spixi2Decrypt(ka, kc, aad, wrongLen, "strict"), "field_length");
  assert.equal(toHex(spixi2Decrypt(ka, kc, aad, wrongLen, "deployed")), "68656c6c6f");
  // AES-128 temporary keys are a deployed-only case.
  const ct16 = spixi2Encrypt(ka.subarray(0, 16), kc, n, aad, fromHex("00"), "deployed");
  rejects(() => spixi2Encrypt(ka.subarray(0, 16), kc, n, aad, fromHex("00"), "strict"), "field_length");
  assert.equal(toHex(spixi2Decrypt(ka.subarray(0, 16), kc, aad, ct16, "deployed")), "00");
});

test("rsa2: OAEP with a given seed decrypts with OpenSSL; the envelope round-trips", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: "jwk" });
  const mod = Uint8Array.from(Buffer.from(jwk.n!, "base64url"));
  const exp = Uint8Array.from(Buffer.from(jwk.e!, "base64url"));
  const key = rsaKeyBytes(mod, exp);
  const msg = detrand("r/msg", 66);
  const c = oaepEncrypt(BigInt("0x" + toHex(mod)), BigInt("0x" + toHex(exp)), 256, msg, detrand("r/seed", 20));
  assert.deepEqual(Uint8Array.from(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, c)), msg);
  const aad = fromHex("01010101");
  const env = rsa2Encrypt({
    rsaPubKey: key, tempAesKey: detrand("r/a", 32), tempChachaKey: detrand("r/c", 32), oaepSeed: detrand("r/seed", 20),
    nonce: detrand("r/n", 64), aad, plaintext: fromHex("cafe"),
  }, "strict").envelope;
  const der = Uint8Array.from(privateKey.export({ format: "der", type: "pkcs8" }));
  const out = rsa2Decrypt(der, aad, env, "strict");
  assert.equal(toHex(out.plaintext), "cafe");
  assert.deepEqual(out.tempAesKey, detrand("r/a", 32));
  const bad = env.slice();
  bad[10]! ^= 1;
  rejects(() => rsa2Decrypt(der, aad, bad, "deployed"), "rsa_decrypt");
  rejects(() => rsa2Decrypt(der, aad, concat(fromHex("fdffff0000"), env.subarray(3)), "deployed"), "truncated");
});

test("handshakeStatus: the two happy paths and the guards", () => {
  const none = parseState({ known: false });
  let r = transition("acceptor", none, { kind: "requestAdd2Received", version: 3, timestamp: 10, msgId: null });
  assert.equal(r.action, "awaitApproval");
  assert.equal(r.state.protocolVersion, 1);
  r = transition("acceptor", r.state, { kind: "acceptAdd2Sent", version: 0, timestamp: 0, msgId: null });
  assert.equal(r.action, "sendAcceptAdd2");
  assert.equal(r.state.handshakeStatus, 1);
  assert.equal(transition("acceptor", r.state, { kind: "acceptAdd2Sent", version: 0, timestamp: 0, msgId: null }).refused?.category, "state");
  r = transition("acceptor", r.state, { kind: "keys2Received", version: 0, timestamp: 0, msgId: null });
  assert.deepEqual([r.action, r.state.handshakeStatus, r.state.pendingEphemeral], ["deriveKeys", 3, false]);
  assert.equal(transition("acceptor", r.state, { kind: "keys2Received", version: 0, timestamp: 0, msgId: null }).refused?.category, "state");
  assert.equal(transition("acceptor", r.state, { kind: "requestAdd2Received", version: 1, timestamp: 10, msgId: null }).refused?.category, "replay");

  let q = transition("requester", none, { kind: "requestAdd2Sent", version: 0, timestamp: 0, msgId: null });
  q = transition("requester", q.state, { kind: "msgReceived", version: 0, timestamp: 0, msgId: "00" });
  assert.equal(q.state.handshakeStatus, 1);
  q = transition("requester", q.state, { kind: "acceptAdd2Received", version: 1, timestamp: 5, msgId: null });
  assert.deepEqual([q.action, q.state.handshakeStatus], ["sendKeys2", 2]);
  const down = transition("requester", { ...q.state, handshakeStatus: 1, protocolVersion: 2 }, { kind: "acceptAdd2Received", version: 1, timestamp: 6, msgId: null });
  assert.equal(down.refused?.category, "downgrade");
  assert.equal(down.state.lastReceivedHandshakeMessageTimestamp, 6); // the refused acceptAdd2 burns its timestamp
});
