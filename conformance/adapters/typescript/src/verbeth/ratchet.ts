// Session bootstrap and the double ratchet (spec/verbeth.md §3.3, §3.4, §4.5, §7.7-§7.9).
import nacl from "tweetnacl";
import { concat, fromHex, JSONValue, reject, toHex, u32be, BadRequest } from "../util.js";
import {
  Findings, conversationId, hybridSecret, kdfChainKey, kdfRootKey, need, topic, x25519, x25519Base,
} from "./primitives.js";

export const MAX_SKIP = 100000;
export const MAX_STORED_SKIPPED = 1000;

export interface SkippedKey {
  dhPubKey: Uint8Array;
  msgNumber: number;
  messageKey: Uint8Array;
  createdAt: number;
}

export interface Session {
  conversationId: Uint8Array;
  topicOutbound: Uint8Array;
  topicInbound: Uint8Array;
  rootKey: Uint8Array;
  dhMySecretKey: Uint8Array;
  dhMyPublicKey: Uint8Array;
  dhTheirPublicKey: Uint8Array;
  sendingChainKey: Uint8Array | null;
  sendingMsgNumber: number;
  receivingChainKey: Uint8Array | null;
  receivingMsgNumber: number;
  previousChainLength: number;
  skippedKeys: SkippedKey[];
  currentTopicOutbound: Uint8Array;
  currentTopicInbound: Uint8Array;
  nextTopicOutbound: Uint8Array | null;
  nextTopicInbound: Uint8Array | null;
  previousTopicInbound: Uint8Array | null;
  topicEpoch: number;
  clock: number;
}

const MEMBERS: [keyof Session, "hex" | "hex?" | "int" | "skipped"][] = [
  ["conversationId", "hex"], ["topicOutbound", "hex"], ["topicInbound", "hex"], ["rootKey", "hex"],
  ["dhMySecretKey", "hex"], ["dhMyPublicKey", "hex"], ["dhTheirPublicKey", "hex"],
  ["sendingChainKey", "hex?"], ["sendingMsgNumber", "int"], ["receivingChainKey", "hex?"], ["receivingMsgNumber", "int"],
  ["previousChainLength", "int"], ["skippedKeys", "skipped"], ["currentTopicOutbound", "hex"], ["currentTopicInbound", "hex"],
  ["nextTopicOutbound", "hex?"], ["nextTopicInbound", "hex?"], ["previousTopicInbound", "hex?"], ["topicEpoch", "int"], ["clock", "int"],
];

function hexValue(v: unknown, what: string): Uint8Array {
  if (typeof v !== "string" || !/^([0-9a-f]{2})*$/.test(v)) reject("json", `${what} is not lowercase hex`);
  return fromHex(v);
}

function intValue(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) reject("json", `${what} is not a non-negative integer`);
  return v;
}

/** Reads a state object: every member required, no others. */
export function parseSession(x: unknown): Session {
  if (typeof x !== "object" || x === null || Array.isArray(x)) reject("json", "state is not an object");
  const o = x as Record<string, unknown>;
  const known = new Set(MEMBERS.map((m) => m[0] as string));
  for (const k of Object.keys(o)) if (!known.has(k)) reject("json", `state has an unknown member ${k}`);
  const s: Record<string, unknown> = {};
  for (const [name, type] of MEMBERS) {
    if (!(name in o)) reject("json", `state lacks ${name}`);
    const v = o[name];
    switch (type) {
      case "hex": s[name] = hexValue(v, name); break;
      case "hex?": s[name] = v === null ? null : hexValue(v, name); break;
      case "int": s[name] = intValue(v, name); break;
      case "skipped":
        if (!Array.isArray(v)) reject("json", "skippedKeys is not an array");
        s[name] = v.map((k, i) => {
          if (typeof k !== "object" || k === null || Array.isArray(k)) reject("json", `skippedKeys[${i}] is not an object`);
          const e = k as Record<string, unknown>;
          for (const kk of Object.keys(e)) if (!["dhPubKey", "msgNumber", "messageKey", "createdAt"].includes(kk)) reject("json", `skippedKeys[${i}] has an unknown member ${kk}`);
          return {
            dhPubKey: hexValue(e["dhPubKey"], "dhPubKey"), msgNumber: intValue(e["msgNumber"], "msgNumber"),
            messageKey: hexValue(e["messageKey"], "messageKey"), createdAt: intValue(e["createdAt"], "createdAt"),
          };
        });
    }
  }
  return s as unknown as Session;
}

export function sessionJSON(s: Session): JSONValue {
  const o: Record<string, JSONValue> = {};
  for (const [name, type] of MEMBERS) {
    const v = s[name];
    if (type === "skipped") {
      o[name] = s.skippedKeys.map((k) => ({ dhPubKey: toHex(k.dhPubKey), msgNumber: k.msgNumber, messageKey: toHex(k.messageKey), createdAt: k.createdAt }));
    } else if (type === "int") o[name] = v as number;
    else o[name] = v === null ? null : toHex(v as Uint8Array);
  }
  return o;
}

function epochZeroTopics(hybrid: Uint8Array, tag: Uint8Array) {
  return { out: topic(hybrid, tag, "outbound", "v2"), in: topic(hybrid, tag, "inbound", "v2") };
}

export function initiatorSession(a: Uint8Array, rkP: Uint8Array, kemSecret: Uint8Array, tag: Uint8Array, s1: Uint8Array, profile: string) {
  const f = new Findings();
  need(kemSecret, 32, "kemSecret");
  need(tag, 32, "inResponseTo");
  const x = x25519(a, rkP, "ratchetPublicKey", f);
  const hybrid = hybridSecret(x, kemSecret);
  const rk0 = kdfRootKey(new Uint8Array(32), hybrid);
  const S1 = x25519Base(s1, "firstRatchetSecret");
  const dh1 = x25519(s1, rkP, "ratchetPublicKey", new Findings());
  const rk1 = kdfRootKey(rk0.rootKey, dh1);
  const t = epochZeroTopics(hybrid, tag);
  f.settle(profile);
  const s: Session = {
    conversationId: conversationId(t.out, t.in), topicOutbound: t.out, topicInbound: t.in,
    rootKey: rk1.rootKey, dhMySecretKey: s1, dhMyPublicKey: S1, dhTheirPublicKey: rkP,
    sendingChainKey: rk1.chainKey, sendingMsgNumber: 0, receivingChainKey: rk0.chainKey, receivingMsgNumber: 0,
    previousChainLength: 0, skippedKeys: [], currentTopicOutbound: t.out, currentTopicInbound: t.in,
    nextTopicOutbound: topic(dh1, rk1.rootKey, "outbound", "v3"), nextTopicInbound: topic(dh1, rk1.rootKey, "inbound", "v3"),
    previousTopicInbound: null, topicEpoch: 0, clock: 0,
  };
  return { hybridSecret: hybrid, sharedX25519: x, rootKey0: rk0.rootKey, chainKey0: rk0.chainKey, session: s };
}

export function responderSession(rkS: Uint8Array, A: Uint8Array, kemSecret: Uint8Array, tag: Uint8Array, profile: string) {
  const f = new Findings();
  need(kemSecret, 32, "kemSecret");
  need(tag, 32, "inResponseTo");
  if (A.length > 32) {
    // The SDK keeps the first 32 bytes of a longer A (§8, P26).
    f.add("field_length", `initiatorEphemeralX25519 is ${A.length} bytes, want 32`);
    A = A.slice(0, 32);
  }
  const x = x25519(rkS, A, "initiatorEphemeralX25519", f);
  const hybrid = hybridSecret(x, kemSecret);
  const rk0 = kdfRootKey(new Uint8Array(32), hybrid);
  const t = epochZeroTopics(hybrid, tag);
  f.settle(profile);
  const s: Session = {
    conversationId: conversationId(t.in, t.out), topicOutbound: t.in, topicInbound: t.out,
    rootKey: rk0.rootKey, dhMySecretKey: rkS, dhMyPublicKey: x25519Base(rkS), dhTheirPublicKey: A,
    sendingChainKey: rk0.chainKey, sendingMsgNumber: 0, receivingChainKey: null, receivingMsgNumber: 0,
    previousChainLength: 0, skippedKeys: [], currentTopicOutbound: t.in, currentTopicInbound: t.out,
    nextTopicOutbound: null, nextTopicInbound: null, previousTopicInbound: null, topicEpoch: 0, clock: 0,
  };
  return { hybridSecret: hybrid, sharedX25519: x, rootKey0: rk0.rootKey, chainKey0: rk0.chainKey, session: s };
}

/** §3.4: the bucket of a framed size. */
export function bucketOf(framed: number): number {
  if (framed <= 64) return 64;
  if (framed <= 16384) {
    let b = 1;
    while (b < framed) b *= 2;
    return b;
  }
  return Math.ceil(framed / 4096) * 4096;
}

export function pad(pt: Uint8Array, jitter: number, fill: Uint8Array): Uint8Array {
  const framed = 5 + pt.length;
  const bucket = bucketOf(framed);
  const max = Math.floor(bucket / 8);
  if (!(jitter >= 0 && (jitter < max || (max === 0 && jitter === 0)))) reject("padding", `jitter ${jitter} is not in [0, ${max})`);
  const size = bucket + jitter;
  if (fill.length !== size - framed) reject("field_length", `paddingFill is ${fill.length} bytes, the padding ${size - framed}`);
  return concat(Uint8Array.of(0), u32be(pt.length), pt, fill);
}

/** Removes the padding; a size the padding rule cannot produce is a strict finding. */
export function unpad(p: Uint8Array, f: Findings): Uint8Array {
  if (p.length < 5 || p[0] !== 0) reject("padding", "padding marker missing");
  const len = new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(1, false);
  if (5 + len > p.length) reject("padding", `length ${len} exceeds the padded plaintext`);
  const bucket = bucketOf(5 + len);
  if (p.length < bucket || p.length >= bucket + Math.max(1, Math.floor(bucket / 8))) f.add("padding", `padded size ${p.length} is not producible for length ${len}`);
  return p.slice(5, 5 + len);
}

function clone(s: Session): Session {
  return { ...s, skippedKeys: [...s.skippedKeys] };
}

export function encrypt(s0: Session, pt: Uint8Array, signingSeed: Uint8Array, jitter: number, fill: Uint8Array, nonce: Uint8Array) {
  const s = clone(s0);
  if (!s.sendingChainKey) reject("state", "no sending chain");
  if (s.sendingMsgNumber >= 0xffffffff || s.previousChainLength > 0xffffffff) reject("state", "the message number does not fit the header");
  const padded = pad(pt, jitter, fill);
  need(nonce, 24, "nonce");
  need(signingSeed, 32, "signingSeed");
  const { messageKey, chainKey } = kdfChainKey(s.sendingChainKey);
  const header = concat(s.dhMyPublicKey, u32be(s.previousChainLength), u32be(s.sendingMsgNumber));
  const box = nacl.secretbox(padded, nonce, messageKey);
  const signed = concat(header, nonce, box);
  const sig = nacl.sign.detached(signed, nacl.sign.keyPair.fromSeed(signingSeed).secretKey);
  s.sendingChainKey = chainKey;
  s.sendingMsgNumber += 1;
  return { payload: concat(Uint8Array.of(1), sig, signed), session: s, topic: s.currentTopicOutbound, messageKey, padded, signature: sig };
}

export interface RatchetPayload {
  signature: Uint8Array;
  dh: Uint8Array;
  pn: number;
  n: number;
  nonce: Uint8Array;
  box: Uint8Array;
}

export function parsePayload(p: Uint8Array): RatchetPayload {
  if (p.length < 105) reject("truncated", `the payload is ${p.length} bytes, under 105`);
  if (p[0] !== 1) reject("version", `payload version ${p[0]}`);
  if (p.length < 145) reject("truncated", `the payload is ${p.length} bytes, under 145`);
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  return {
    signature: p.slice(1, 65), dh: p.slice(65, 97), pn: dv.getUint32(97, false), n: dv.getUint32(101, false),
    nonce: p.slice(105, 129), box: p.slice(129),
  };
}

const L = (1n << 252n) + 27742317777372353535851937790883648493n;

function open(box: Uint8Array, nonce: Uint8Array, key: Uint8Array, f: Findings): Uint8Array {
  const padded = nacl.secretbox.open(box, nonce, key);
  if (!padded) reject("aead_auth", "secretbox does not open");
  return unpad(padded, f);
}

/**
 * The clock value a decryption stamps on the keys it stores: the clock is advanced
 * once per decryption that stores keys, and the keys carry the advanced value.
 */
function skipKeys(s: Session, until: number, stamp: number): number {
  if (!s.receivingChainKey || until <= s.receivingMsgNumber) return 0;
  let ck = s.receivingChainKey;
  for (let i = s.receivingMsgNumber; i < until; i++) {
    const k = kdfChainKey(ck);
    s.skippedKeys.push({ dhPubKey: s.dhTheirPublicKey, msgNumber: i, messageKey: k.messageKey, createdAt: stamp });
    ck = k.chainKey;
  }
  s.receivingChainKey = ck;
  if (s.skippedKeys.length > MAX_STORED_SKIPPED) {
    s.skippedKeys = [...s.skippedKeys].sort((a, b) => b.createdAt - a.createdAt).slice(0, MAX_STORED_SKIPPED);
  }
  return until - s.receivingMsgNumber;
}

export const CLOCK_STAMPS_ADVANCED = true;

/** The session manager's inbound topic lookup (§7.10): current, then next (promoting), then previous. */
export function route(s: Session, t: Uint8Array): "current" | "next" | "previous" {
  const h = toHex(t);
  if (h === toHex(s.currentTopicInbound)) return "current";
  if (s.nextTopicInbound && h === toHex(s.nextTopicInbound)) {
    if (s.nextTopicOutbound) {
      s.previousTopicInbound = s.currentTopicInbound;
      s.currentTopicInbound = s.nextTopicInbound;
      s.currentTopicOutbound = s.nextTopicOutbound;
      s.nextTopicInbound = null;
      s.nextTopicOutbound = null;
      s.topicEpoch += 1;
    }
    return "next";
  }
  if (s.previousTopicInbound && h === toHex(s.previousTopicInbound)) return "previous";
  reject("state", "the message arrived on a topic of no epoch of this session");
}

export function decrypt(s0: Session, payload: Uint8Array, peerEd25519: Uint8Array, newSecret: Uint8Array | undefined, profile: string, topicIn?: Uint8Array) {
  const f = new Findings();
  let topicMatch: string | undefined;
  if (topicIn) {
    need(topicIn, 32, "topic");
    s0 = clone(s0);
    topicMatch = route(s0, topicIn);
  }
  const m = parsePayload(payload);
  need(peerEd25519, 32, "peerEd25519");
  if (!nacl.sign.detached.verify(payload.subarray(65), m.signature, peerEd25519)) reject("signature", "the message signature does not verify");
  let S = 0n;
  for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(m.signature[i]!);
  if (S >= L) f.add("signature", "the signature's S is not below L");

  const s = clone(s0);
  if (Math.max(0, m.n - s.receivingMsgNumber) > MAX_SKIP || m.pn > MAX_SKIP) reject("skip_limit", `n ${m.n} / pn ${m.pn} skips too many messages`);
  const dhHex = toHex(m.dh);
  const idx = s.skippedKeys.findIndex((k) => toHex(k.dhPubKey) === dhHex && k.msgNumber === m.n);
  if (idx >= 0) {
    const messageKey = s.skippedKeys[idx]!.messageKey;
    const plaintext = open(m.box, m.nonce, messageKey, f);
    s.skippedKeys.splice(idx, 1);
    f.settle(profile);
    return { plaintext, session: s, messageKey, topicMatch };
  }
  const sameChain = dhHex === toHex(s.dhTheirPublicKey);
  if (sameChain && m.n < s.receivingMsgNumber) reject("replay", `message ${m.n} of this chain was already received`);
  if (m.n === 0xffffffff) reject("state", "message number 2^32-1");
  const stamp = CLOCK_STAMPS_ADVANCED ? s.clock + 1 : s.clock;
  let stored = false;
  if (!sameChain) {
    if (!newSecret) reject("missing_field", "a DH step needs newRatchetSecret");
    need(newSecret, 32, "newRatchetSecret");
    if (m.n > MAX_SKIP) f.add("skip_limit", `message number ${m.n} in a new chain exceeds ${MAX_SKIP}`);
    if (skipKeys(s, m.pn, stamp) > 0) stored = true;
    const dR = x25519(s.dhMySecretKey, m.dh, "dh", f);
    const r1 = kdfRootKey(s.rootKey, dR);
    const dS = x25519(newSecret, m.dh, "dh", new Findings());
    const r2 = kdfRootKey(r1.rootKey, dS);
    s.previousTopicInbound = s.currentTopicInbound;
    s.currentTopicOutbound = topic(dR, r1.rootKey, "inbound", "v3");
    s.currentTopicInbound = topic(dR, r1.rootKey, "outbound", "v3");
    s.nextTopicOutbound = topic(dS, r2.rootKey, "outbound", "v3");
    s.nextTopicInbound = topic(dS, r2.rootKey, "inbound", "v3");
    s.topicEpoch += 1;
    s.rootKey = r2.rootKey;
    s.dhMySecretKey = newSecret;
    s.dhMyPublicKey = x25519Base(newSecret);
    s.dhTheirPublicKey = m.dh;
    s.receivingChainKey = r1.chainKey;
    s.sendingChainKey = r2.chainKey;
    s.previousChainLength = s.sendingMsgNumber;
    s.sendingMsgNumber = 0;
    s.receivingMsgNumber = 0;
  }
  if (skipKeys(s, m.n, stamp) > 0) stored = true;
  if (!s.receivingChainKey) reject("state", "no receiving chain");
  const { messageKey, chainKey } = kdfChainKey(s.receivingChainKey);
  const plaintext = open(m.box, m.nonce, messageKey, f);
  s.receivingChainKey = chainKey;
  s.receivingMsgNumber = m.n + 1;
  if (stored) s.clock += 1;
  f.settle(profile);
  return { plaintext, session: s, messageKey, topicMatch };
}

export { BadRequest };
