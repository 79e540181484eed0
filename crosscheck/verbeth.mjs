// Independent recomputation of the Verbeth handshake, response, session
// bootstrap and first ratchet messages from fixed inputs, for the pinned
// values in impl/verbeth's tests. It shares no code with the Go reference
// and none with @verbeth/sdk: @noble/post-quantum (ML-KEM-768),
// @noble/curves (X25519, Ed25519, secp256k1), @noble/hashes (SHA-256, HKDF,
// HMAC, Keccak-256, SHAKE-256) and tweetnacl (box, secretbox, sign); ethers
// for the event logs' ABI encoding (its AbiCoder is the decoder the
// reference client reads logs with) and a second signature of the seed
// message.
//
//   node crosscheck/verbeth.mjs > impl/verbeth/testdata/crosscheck.json
//
// Optional: with NOBLE_PQ_054 set to the directory of an installed
// @noble/post-quantum 0.5.4 (the version @verbeth/sdk 0.2.1 resolves), the
// output also records what that version does with a non-canonical ML-KEM
// encapsulation key:
//
//   npm install --prefix /tmp/noble054 @noble/post-quantum@0.5.4
//   NOBLE_PQ_054=/tmp/noble054/node_modules/@noble/post-quantum node crosscheck/verbeth.mjs > …
//
// Every random input is drawn like internal/detrand: the first n bytes of
// SHAKE-256("pqhs detrand v1" || 0x00 || label).

import nacl from 'tweetnacl';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { x25519, ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { keccak_256, shake256 } from '@noble/hashes/sha3.js';
import { AbiCoder, Wallet, getAddress } from 'ethers';

const enc = new TextEncoder();
const utf8 = (s) => enc.encode(s);
const hex = (b) => Buffer.from(b).toString('hex');
const b64 = (b) => Buffer.from(b).toString('base64');
const cat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const eq = (a, b) => hex(a) === hex(b);
const assert = (cond, what) => { if (!cond) throw new Error('crosscheck: ' + what); };

const drStream = (label, n) => shake256.create({ dkLen: n }).update(utf8('pqhs detrand v1\0' + label)).digest();
const dr = (label, n) => drStream('verbeth/unit/' + label, n);

// X25519 as tweetnacl computes it, checked against noble.
const x25519Pub = (sk) => {
  const pub = nacl.scalarMult.base(sk);
  assert(eq(pub, x25519.getPublicKey(sk)), 'x25519 public key');
  return pub;
};
const dh = (sk, pk) => {
  const out = nacl.scalarMult(sk, pk);
  assert(eq(out, x25519.getSharedSecret(sk, pk)), 'x25519 shared');
  return out;
};
const keccakHex = (b) => hex(keccak_256(b));

// Identities.
const N = secp256k1.Point.CURVE().n;
const party = (name) => {
  const edSeed = dr(name + '/ed25519-seed', 32);
  const xSecret = dr(name + '/x25519-secret', 32);
  const secp = dr(name + '/secp256k1', 32);
  const edPub = ed25519.getPublicKey(edSeed);
  assert(eq(edPub, nacl.sign.keyPair.fromSeed(edSeed).publicKey), 'ed25519 public key');
  const xPub = x25519Pub(xSecret);
  const uncompressed = secp256k1.getPublicKey(secp, false);
  const address = '0x' + hex(keccak_256(uncompressed.subarray(1)).subarray(12));
  return { name, edSeed, xSecret, secp, edPub, xPub, address };
};
const alice = party('alice'), bob = party('bob');

const eip191 = (message) => {
  const m = utf8(message);
  return keccak_256(cat(utf8('\x19Ethereum Signed Message:\n' + m.length), m));
};
const bindingMessage = (p) => [
  'VerbEth Key Binding v1',
  'Address: ' + p.address,
  'PkEd25519: 0x' + hex(p.edPub),
  'PkX25519: 0x' + hex(p.xPub),
  'ExecutorAddress: ' + p.address,
  'ChainId: 8453',
  'RpId: pqhs.example',
].join('\n');
const proofOf = (p) => {
  const message = bindingMessage(p);
  const hash = eip191(message);
  const rec = secp256k1.sign(hash, p.secp, { prehash: false, format: 'recovered', lowS: true });
  const sig = cat(rec.subarray(1, 65), [27 + rec[0]]);
  // The signature must recover to the address.
  const pub = secp256k1.Signature.fromBytes(rec, 'recovered').recoverPublicKey(hash).toBytes(false);
  assert('0x' + hex(keccak_256(pub.subarray(1)).subarray(12)) === p.address, 'secp256k1 recovery');
  return { message, messageHash: hex(hash), proof: { message, signature: '0x' + hex(sig), messageRawHex: '0x' + hex(utf8(message)) } };
};
const aliceProof = proofOf(alice), bobProof = proofOf(bob);
const unified = (p) => cat([1], p.xPub, p.edPub);

// Handshake (initiator).
const a = dr('a', 32);
const A = x25519Pub(a);
const kem = ml_kem768.keygen(dr('mlkem-seed', 64));
const noteA = 'Hello Bob! <&> "quoted"\n\u2028 ünïcode 🔐';
const handshake = {
  recipientHash: keccakHex(utf8('contact:' + bob.address.toLowerCase())),
  pubKeys: hex(unified(alice)),
  ephemeralX25519: hex(A),
  kemPublicKey: hex(kem.publicKey),
  ephemeralPubKey: hex(cat(A, kem.publicKey)),
  plaintextPayload: hex(utf8(JSON.stringify({ plaintextPayload: noteA, identityProof: aliceProof.proof }))),
};

// Response (responder).
const r = dr('r', 32), rkS = dr('rk_s', 32), m = dr('mlkem-m', 32), boxNonce = dr('box-nonce', 24);
const R = x25519Pub(r), rkP = x25519Pub(rkS);
const { cipherText: kemCt, sharedSecret: kemSS } = ml_kem768.encapsulate(kem.publicKey, m);
const tag = (sk, pk, ss) => {
  const ecdh = dh(sk, pk);
  const okm = hkdf(sha256, ss, ecdh, utf8('verbeth:hsr-hybrid:v1'), 32);
  return { ecdh, okm, tag: keccak_256(okm) };
};
const tR = tag(r, A, kemSS);
const shared = dh(rkS, A);
const innerJSON = JSON.stringify({
  unifiedPubKeys: b64(unified(bob)), ephemeralPubKey: b64(rkP), kemCiphertext: b64(kemCt), note: 'Hi Alice', identityProof: bobProof.proof,
});
const box = nacl.box(utf8(innerJSON), boxNonce, A, rkS);
const envelope = JSON.stringify({ v: 1, epk: b64(rkP), n: b64(boxNonce), ct: b64(box) });
const hybrid = (x, ss) => hkdf(sha256, cat(x, ss), new Uint8Array(32), utf8('VerbethHybrid'), 32);
const kdfRK = (rk, d) => { const o = hkdf(sha256, d, rk, utf8('VerbethRatchet'), 64); return [o.slice(0, 32), o.slice(32)]; };
const kdfCK = (ck) => [hmac(sha256, ck, Uint8Array.of(1)), hmac(sha256, ck, Uint8Array.of(2))];
const topic = (ikm, salt, dir, ver) => keccak_256(hkdf(sha256, ikm, salt, utf8(`verbeth:topic-${dir}:${ver}`), 32));
const convId = (t1, t2) => keccakHex(utf8(['0x' + hex(t1), '0x' + hex(t2)].sort().join(':')));
const hyb = hybrid(shared, kemSS);
const [rk0, ck0] = kdfRK(new Uint8Array(32), hyb);
const response = {
  responderEphemeralR: hex(R), ratchetPublicKey: hex(rkP), kemCiphertext: hex(kemCt), kemSecret: hex(kemSS),
  tagECDH: hex(tR.ecdh), tagOKM: hex(tR.okm), inResponseTo: hex(tR.tag), sharedX25519: hex(shared),
  innerPlaintext: hex(utf8(innerJSON)), box: hex(box), ciphertext: hex(utf8(envelope)), hybridSecret: hex(hyb),
  rootKey0: hex(rk0), chainKey0: hex(ck0),
};

// The initiator opens it.
const opened = nacl.box.open(box, boxNonce, rkP, a);
assert(opened && new TextDecoder().decode(opened) === innerJSON, 'box open');
const kemSSA = ml_kem768.decapsulate(kemCt, kem.secretKey);
assert(eq(kemSSA, kemSS), 'decapsulation');
const tA = tag(a, R, kemSSA);
assert(eq(tA.tag, tR.tag), 'tag from both sides');
assert(eq(dh(a, rkP), shared), 'hybrid X25519 input from both sides');

// Session bootstrap.
const t0out = topic(hyb, tR.tag, 'outbound', 'v2'), t0in = topic(hyb, tR.tag, 'inbound', 'v2');
const s1 = dr('s1', 32), S1 = x25519Pub(s1);
const dh1 = dh(s1, rkP);
const [rk1, cks1] = kdfRK(rk0, dh1);
const state = (o) => ({
  conversationId: convId(t0out, t0in), topicOutbound: hex(o.topicOutbound), topicInbound: hex(o.topicInbound),
  rootKey: hex(o.rootKey), dhMySecretKey: hex(o.dhMy), dhMyPublicKey: hex(x25519Pub(o.dhMy)), dhTheirPublicKey: hex(o.dhTheir),
  sendingChainKey: o.cks ? hex(o.cks) : null, sendingMsgNumber: o.ns, receivingChainKey: o.ckr ? hex(o.ckr) : null,
  receivingMsgNumber: o.nr, previousChainLength: o.pn, skippedKeys: [],
  currentTopicOutbound: hex(o.curOut), currentTopicInbound: hex(o.curIn),
  nextTopicOutbound: o.nextOut ? hex(o.nextOut) : null, nextTopicInbound: o.nextIn ? hex(o.nextIn) : null,
  previousTopicInbound: o.prevIn ? hex(o.prevIn) : null, topicEpoch: o.epoch, clock: 0,
});
let aliceS = {
  topicOutbound: t0out, topicInbound: t0in, rootKey: rk1, dhMy: s1, dhTheir: rkP, cks: cks1, ns: 0, ckr: ck0, nr: 0, pn: 0,
  curOut: t0out, curIn: t0in, nextOut: topic(dh1, rk1, 'outbound', 'v3'), nextIn: topic(dh1, rk1, 'inbound', 'v3'), prevIn: null, epoch: 0,
};
let bobS = {
  topicOutbound: t0in, topicInbound: t0out, rootKey: rk0, dhMy: rkS, dhTheir: A, cks: ck0, ns: 0, ckr: null, nr: 0, pn: 0,
  curOut: t0in, curIn: t0out, nextOut: null, nextIn: null, prevIn: null, epoch: 0,
};
const bootstrap = {
  topicOutbound: hex(t0out), topicInbound: hex(t0in), conversationId: convId(t0out, t0in),
  firstRatchetPublic: hex(S1), dh1: hex(dh1), rootKey1: hex(rk1), sendingChainKey1: hex(cks1),
  aliceState0: state(aliceS), bobState0: state(bobS),
};

// Ratchet messages. Randomness is drawn from one stream per message in the
// SDK's order: jitter (rejection sampling), fill, nonce.
const bucketOf = (n) => {
  const framed = 5 + n;
  if (framed <= 64) return 64;
  if (framed <= 16384) { let b = 1; while (b < framed) b *= 2; return b; }
  return Math.ceil(framed / 4096) * 4096;
};
const encrypt = (s, pt, edSeed, label) => {
  const stream = drStream('verbeth/unit/' + label, 8192);
  let i = 0;
  const take = (n) => { const o = stream.slice(i, i + n); i += n; return o; };
  const bucket = bucketOf(pt.length), max = bucket / 8;
  let c = 1; while (c < max) c *= 2;
  const nb = Math.max(1, Math.ceil(Math.log2(c) / 8));
  let jitter;
  for (;;) { let v = 0; for (const b of take(nb)) v = v * 256 + b; v &= c - 1; if (v < max) { jitter = v; break; } }
  const size = bucket + jitter;
  const fill = take(size - 5 - pt.length);
  const nonce = take(24);
  const padded = new Uint8Array(size);
  new DataView(padded.buffer).setUint32(1, pt.length);
  padded.set(pt, 5); padded.set(fill, 5 + pt.length);
  const [mk, next] = kdfCK(s.cks);
  const header = new Uint8Array(40);
  header.set(x25519Pub(s.dhMy));
  new DataView(header.buffer).setUint32(32, s.pn); new DataView(header.buffer).setUint32(36, s.ns);
  const sealed = nacl.secretbox(padded, nonce, mk);
  const signed = cat(header, nonce, sealed);
  const sig = ed25519.sign(signed, edSeed);
  assert(eq(sig, nacl.sign.detached(signed, nacl.sign.keyPair.fromSeed(edSeed).secretKey)), 'ed25519 signatures agree');
  const payload = cat([1], sig, signed);
  const out = { jitter, paddingFill: hex(fill), nonce: hex(nonce), messageKey: hex(mk), padded: hex(padded), signature: hex(sig), payload: hex(payload), topic: hex(s.curOut) };
  return [{ ...s, cks: next, ns: s.ns + 1 }, out, payload];
};
const decryptWithDHStep = (s, payload, peerEd, newSecret) => {
  assert(payload[0] === 1, 'version');
  const sig = payload.subarray(1, 65), signed = payload.subarray(65);
  assert(ed25519.verify(sig, signed, peerEd) && nacl.sign.detached.verify(signed, sig, peerEd), 'signature verifies');
  const hdr = new DataView(payload.buffer, payload.byteOffset + 97, 8);
  const theirDH = payload.slice(65, 97), pn = hdr.getUint32(0), n = hdr.getUint32(4);
  assert(!eq(theirDH, s.dhTheir) && pn === 0 && n === 0, 'a first message with a new DH key');
  const dhR = dh(s.dhMy, theirDH);
  const [rkA, ckr] = kdfRK(s.rootKey, dhR);
  const dhS = dh(newSecret, theirDH);
  const [rkB, cks] = kdfRK(rkA, dhS);
  const [mk, ckrNext] = kdfCK(ckr);
  const padded = nacl.secretbox.open(signed.subarray(64), signed.subarray(40, 64), mk);
  assert(padded && padded[0] === 0, 'secretbox open');
  const len = new DataView(padded.buffer, padded.byteOffset).getUint32(1);
  const plaintext = padded.slice(5, 5 + len);
  const next = {
    ...s, rootKey: rkB, dhMy: newSecret, dhTheir: theirDH, ckr: ckrNext, nr: n + 1, cks, ns: 0, pn: s.ns,
    curOut: topic(dhR, rkA, 'inbound', 'v3'), curIn: topic(dhR, rkA, 'outbound', 'v3'),
    nextOut: topic(dhS, rkB, 'outbound', 'v3'), nextIn: topic(dhS, rkB, 'inbound', 'v3'), prevIn: s.curIn, epoch: s.epoch + 1,
  };
  return [next, { dhReceive: hex(dhR), rootKeyA: hex(rkA), receivingChainKey: hex(ckr), newRatchetPublic: hex(x25519Pub(newSecret)), dhSend: hex(dhS), rootKeyB: hex(rkB), sendingChainKey: hex(cks), messageKey: hex(mk), plaintext: hex(plaintext) }];
};

const [aliceS1, msg1] = encrypt(aliceS, utf8('first message from Alice'), alice.edSeed, 'msg1/random');
const [bobS1, dec1] = decryptWithDHStep(bobS, Buffer.from(msg1.payload, 'hex'), alice.edPub, dr('bob/dh-step', 32));
const [bobS2, msg2] = encrypt(bobS1, utf8('reply from Bob'), bob.edSeed, 'msg2/random');
// Alice receives on her next inbound topic: promotion first, as the SDK's SessionManager does.
assert(msg2.topic === hex(aliceS1.nextIn), 'reply arrives on the next inbound topic');
const promoted = { ...aliceS1, prevIn: aliceS1.curIn, curIn: aliceS1.nextIn, curOut: aliceS1.nextOut, nextIn: null, nextOut: null, epoch: aliceS1.epoch + 1 };
const [aliceS2, dec2] = decryptWithDHStep(promoted, Buffer.from(msg2.payload, 'hex'), bob.edPub, dr('alice/dh-step', 32));
const ratchet = {
  msg1, aliceState1: state(aliceS1), bobDecrypt1: dec1, bobState1: state(bobS1),
  msg2, bobState2: state(bobS2), alicePromoted: state(promoted), aliceDecrypt2: dec2, aliceState2: state(aliceS2),
};

// Deployed-profile behaviours, recorded from the libraries the SDK uses.
const lowOrder = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((p) => ({ point: p, tweetnaclShared: hex(nacl.scalarMult(a, Buffer.from(p, 'hex'))) }));
// Ed25519 with S + L: tweetnacl accepts it, noble (like Go) does not.
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const msg1Bytes = Buffer.from(msg1.payload, 'hex');
const sigBytes = msg1Bytes.subarray(1, 65), signedBytes = msg1Bytes.subarray(65);
let S = 0n; for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(sigBytes[i]);
const malleable = new Uint8Array(sigBytes); let S2 = S + L;
for (let i = 32; i < 64; i++) { malleable[i] = Number(S2 & 0xffn); S2 >>= 8n; }
const ed25519Malleable = {
  signature: hex(malleable),
  tweetnaclAccepts: nacl.sign.detached.verify(signedBytes, malleable, alice.edPub),
  nobleAccepts: (() => { try { return ed25519.verify(malleable, signedBytes, alice.edPub); } catch { return false; } })(),
};
const base64 = ['AAEC', 'AAE', 'AAECA', 'AA=EC', '-_-_', 'A A\nE\tC', 'A\u0141EC', 'A\u0100EC', 'QR==', 'QQ', '=AAEC', 'AA*EC$',
  b64(rkP).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), '\ud83dAAEC']
  .map((s) => ({ in: Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)), out: Buffer.from(s, 'base64').toString('hex') }));
const hexCases = ['7b7d', '7B7d', '7b7', '7bzz7b', 'zz', '7b\u0141', '', '0x7b']
  .map((s) => ({ in: Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)), out: Buffer.from(s, 'hex').toString('hex') }));
const numbers = ['8453', ' 8453 ', '0x2105', '0X2105', '8453.0', '8.453e3', '', '0b10', '0o17', '-1', '+5', '1e400', 'Infinity',
  '08453', '84_53', '0x', 'abc', '.5', '5.', '1e', '\u00a08453\ufeff', '\u0085' + '1']
  .map((s) => ({ in: s, out: String(Number(s)) }));
const trims = ['  a  ', '\u00a0a\ufeff', '\u0085a', '\u2028a\u2029', '\u3000a\u200b', '\u180ea'].map((s) => ({ in: s, trim: s.trim() }));
const lowers = ['ADDRESS', 'Cha\u0130nId', 'P\u212Aed25519', 'RPID'].map((s) => ({ in: s, lower: s.toLowerCase() }));

// Responding to a Handshake whose X25519 key has small order: tweetnacl
// yields an all-zero X25519 output, and the response is built on it.
const zeroA = new Uint8Array(32);
const lowOrderResponse = (() => {
  const ecdh = nacl.scalarMult(r, zeroA);
  const okm = hkdf(sha256, kemSS, ecdh, utf8('verbeth:hsr-hybrid:v1'), 32);
  const t = { ecdh, tag: keccak_256(okm) };
  const z = nacl.scalarMult(rkS, zeroA);
  const sealed = nacl.box(utf8(innerJSON), boxNonce, zeroA, rkS);
  return {
    ephemeralPubKey: hex(cat(zeroA, kem.publicKey)), tagECDH: hex(t.ecdh), inResponseTo: hex(t.tag), sharedX25519: hex(z),
    ciphertext: hex(utf8(JSON.stringify({ v: 1, epk: b64(rkP), n: b64(boxNonce), ct: b64(sealed) }))), hybridSecret: hex(hybrid(z, kemSS)),
  };
})();

let nonCanonicalEK = null;
if (process.env.NOBLE_PQ_054) {
  const old = (await import(process.env.NOBLE_PQ_054 + '/ml-kem.js')).ml_kem768;
  const ek = Uint8Array.from(kem.publicKey);
  const setCoef = (idx, val) => { const i = (idx >> 1) * 3; if ((idx & 1) === 0) { ek[i] = val & 0xff; ek[i + 1] = (ek[i + 1] & 0xf0) | (val >> 8); } else { ek[i + 1] = (ek[i + 1] & 0x0f) | ((val & 0xf) << 4); ek[i + 2] = val >> 4; } };
  setCoef(0, 4095); setCoef(1, 3329); setCoef(257, 3500); setCoef(767, 4000);
  const { cipherText, sharedSecret } = old.encapsulate(ek, m);
  let rejected = false;
  try { ml_kem768.encapsulate(ek, m); } catch { rejected = true; }
  nonCanonicalEK = { ek: hex(ek), m: hex(m), cipherText: hex(cipherText), sharedSecret: hex(sharedSecret), currentNobleRejects: rejected };
}

// The event logs (spec/verbeth.md §2.1): topic0 is keccak-256 of the signature; data is the ABI encoding of
// the values that are not indexed, written and read here by ethers' AbiCoder. Each malformed blob records
// what that decoder makes of it (reading every value, so a deferred error counts).
const coder = new AbiCoder();
const unhexb = (h) => new Uint8Array(Buffer.from(h.replace(/^0x/, ''), 'hex'));
const word = (v) => { const w = new Uint8Array(32); let x = BigInt(v); for (let i = 31; i >= 0; i--) { w[i] = Number(x & 0xffn); x >>= 8n; } return w; };
const addrWord = (a) => cat(new Uint8Array(12), unhexb(a));
const decodeVerdict = (types, data) => {
  try {
    return { ok: true, values: [...coder.decode(types, data)].map((v) => v.slice(2)) };
  } catch (e) {
    return { ok: false, error: e.code || 'error' };
  }
};
const events = (() => {
  const hsTypes = ['bytes', 'bytes', 'bytes'], hsrTypes = ['bytes32', 'bytes'];
  const hsValues = [handshake.pubKeys, handshake.ephemeralPubKey, handshake.plaintextPayload].map((h) => '0x' + h);
  const hsData = unhexb(coder.encode(hsTypes, hsValues));
  const hsrData = unhexb(coder.encode(hsrTypes, ['0x' + response.responderEphemeralR, '0x' + response.ciphertext]));
  const words = (d) => Array.from({ length: d.length / 32 }, (_, i) => d.slice(32 * i, 32 * i + 32));
  const setWord = (d, i, w) => { const o = Uint8Array.from(d); o.set(w, 32 * i); return o; };
  const hw = words(hsData);
  const off = hw.slice(0, 3).map((w) => Number(BigInt('0x' + hex(w))));
  // Every tail moved one byte on, and every offset with it: in bounds, but not a multiple of 32.
  const shifted = cat(...[0, 1, 2].map((i) => word(off[i] + 1)), [0], hsData.slice(96));
  const pad0 = off[0] + 32 + 65; // the first padding byte after pubKeys (65 bytes)
  const dirty = Uint8Array.from(hsData); dirty[pad0] = 0xff;
  const hsCases = {
    canonical: hsData,
    swappedOffsets: setWord(setWord(hsData, 0, hw[1]), 1, hw[0]),
    sharedOffset: setWord(setWord(hsData, 1, hw[0]), 2, hw[0]),
    offsetIntoHead: setWord(hsData, 0, word(32)),
    unalignedOffsets: shifted,
    offsetPastEnd: setWord(hsData, 0, word(hsData.length)),
    offsetHuge: setWord(hsData, 0, word((1n << 256n) - 1n)),
    offset2pow53: setWord(hsData, 0, word(1n << 53n)),
    lengthPastEnd: setWord(hsData, off[0] / 32, word(hsData.length)),
    lengthHuge: setWord(hsData, off[0] / 32, word((1n << 256n) - 1n)),
    dirtyPadding: dirty,
    trailingWord: cat(hsData, new Uint8Array(32)),
    trailingByte: cat(hsData, [0]),
    lastPaddingCut: hsData.slice(0, hsData.length - 1),
    headOnly: hsData.slice(0, 96),
    headCut: hsData.slice(0, 64),
    empty: new Uint8Array(),
  };
  const rw = words(hsrData);
  const hsrCases = {
    canonical: hsrData,
    responderEphemeralROnly: hsrData.slice(0, 32),
    offsetIntoHead: setWord(hsrData, 1, word(0)),
    dirtyPadding: (() => { const d = Uint8Array.from(hsrData); d[d.length - 1] = 1; return d; })(),
    trailingWord: cat(hsrData, new Uint8Array(32)),
    lastPaddingCut: hsrData.slice(0, hsrData.length - 1),
  };
  assert(rw.length > 3, 'a response tail');
  const verdicts = (types, cases) => Object.fromEntries(Object.entries(cases).map(([k, d]) => [k, { data: hex(d), ...decodeVerdict(types, d) }]));
  // The reference client takes an indexed address as the last 40 hex digits of its topic.
  const dirtySender = '0x' + 'ff'.repeat(12) + alice.address.slice(2);
  return {
    handshakeTopic: keccakHex(utf8('Handshake(bytes32,address,bytes,bytes,bytes)')),
    handshakeResponseTopic: keccakHex(utf8('HandshakeResponse(bytes32,address,bytes32,bytes)')),
    handshakeTopics: [keccakHex(utf8('Handshake(bytes32,address,bytes,bytes,bytes)')), handshake.recipientHash, hex(addrWord(alice.address))],
    handshakeResponseTopics: [keccakHex(utf8('HandshakeResponse(bytes32,address,bytes32,bytes)')), response.inResponseTo, hex(addrWord(bob.address))],
    dirtySenderTopic: dirtySender.slice(2), dirtySenderRead: '0x' + dirtySender.slice(-40),
    handshake: verdicts(hsTypes, hsCases),
    handshakeResponse: verdicts(hsrTypes, hsrCases),
  };
})();

// Identity keys from a wallet's signature of the seed message (spec/verbeth.md §5.1). The wallet signs with
// RFC 6979 and low s (noble, and ethers' Wallet as a second opinion); a 65-byte signature with a high s is made
// low before the HKDF: n - s, turned into 32 bytes through its hex digits as JavaScript's BigInt writes them
// (for an s above n that is a negative number, whose "-" breaks one pair of digits).
const seedMessage = (address) => `VerbEth Identity Seed v1\nAddress: ${address.toLowerCase()}\nContext: verbeth`;
const to32ViaHex = (x) => {
  let h = x.toString(16);
  if (h.length > 64) h = h.slice(-64);
  h = h.padStart(64, '0');
  return Uint8Array.from({ length: 32 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
};
const lowS = (sig) => {
  if (sig.length !== 65) return sig;
  const s = BigInt('0x' + hex(sig.slice(32, 64)));
  if (s <= N >> 1n) return sig;
  return cat(sig.slice(0, 32), to32ViaHex(N - s), sig.slice(64));
};
const identityKeys = (address, sig) => {
  const msg = seedMessage(address);
  const canon = lowS(sig);
  const ikm = hkdf(sha256, cat(canon, sha256(utf8(msg)), utf8('verbeth/addr:' + address.toLowerCase())), utf8('verbeth/seed-sig-v1'), utf8('verbeth/ikm'), 32);
  const xs = hkdf(sha256, ikm, new Uint8Array(), utf8('verbeth-x25519-v1'), 32);
  const es = hkdf(sha256, ikm, new Uint8Array(), utf8('verbeth-ed25519-v1'), 32);
  const ss = hkdf(sha256, ikm, new Uint8Array(), utf8('verbeth-session-secp256k1-v1'), 32);
  const sessionPub = secp256k1.getPublicKey(ss, false);
  return {
    address, seedMessage: msg, seedSignature: hex(sig), canonicalSignature: hex(canon), ikm: hex(ikm),
    x25519SecretKey: hex(xs), x25519PublicKey: hex(nacl.box.keyPair.fromSecretKey(xs).publicKey),
    ed25519Seed: hex(es), ed25519PublicKey: hex(nacl.sign.keyPair.fromSeed(es).publicKey),
    sessionPrivateKey: hex(ss), sessionAddress: hex(keccak_256(sessionPub.subarray(1)).subarray(12)),
  };
};
const identity = await (async () => {
  const wallets = [];
  for (const p of [alice, bob]) {
    const address = getAddress(p.address); // checksummed: the SDK lowercases it
    const rec = secp256k1.sign(eip191(seedMessage(address)), p.secp, { prehash: false, format: 'recovered', lowS: true });
    const sig = cat(rec.subarray(1, 65), [27 + rec[0]]);
    const viaEthers = await new Wallet('0x' + hex(p.secp)).signMessage(seedMessage(address));
    assert(viaEthers === '0x' + hex(sig), 'ethers and noble sign the seed message alike');
    wallets.push({ name: p.name, ...identityKeys(address, sig) });
  }
  const r = dr('identity/r', 32);
  const sigWith = (s) => cat(r, word(s), [27]);
  const highS = Object.fromEntries([['low', 5n], ['half', N >> 1n], ['halfPlus1', (N >> 1n) + 1n], ['nMinus1', N - 1n],
    ['n', N], ['nPlus1', N + 1n], ['nPlus0x123', N + 0x123n], ['max', (1n << 256n) - 1n]]
    .map(([k, s]) => [k, identityKeys(alice.address, sigWith(s))]));
  const other = [dr('identity/short', 32), dr('identity/long', 96)].map((sig) => identityKeys(alice.address, sig));
  return { wallets, highS, otherLengths: other };
})();

const parties = Object.fromEntries([alice, bob].map((p) => [p.name, {
  x25519Public: hex(p.xPub), ed25519Public: hex(p.edPub), address: p.address, unifiedPubKeys: hex(unified(p)),
  proof: p === alice ? aliceProof : bobProof,
}]));

// One member per line keeps diffs readable.
const out = { parties, handshake, response, bootstrap, ratchet, lowOrder, lowOrderResponse, ed25519Malleable, base64, hex: hexCases, numbers, trims, lowers, nonCanonicalEK, events, identity };
console.log('{\n' + Object.entries(out).map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(',\n') + '\n}');

