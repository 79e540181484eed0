// Handshake, HandshakeResponse, open and match (spec/verbeth.md §3, §4, §7.1-§7.5).
import nacl from "tweetnacl";
import { concat, reject, utf8, toHex, Reject } from "../util.js";
import { Findings, hex0x, keccak, kdfRootKey, mlkemDecaps, mlkemEncaps, mlkemKeygen, need, tagFrom, x25519, x25519Base, hybridSecret } from "./primitives.js";
import { base64, decodeUTF8, eventText, isObject, parseJSON } from "./json.js";
import { checkProof } from "./proof.js";

export function recipientHash(address: string): Uint8Array {
  return keccak(utf8("contact:" + address.toLowerCase()));
}

/** §3.1. The deployed profile joins keys of any length, as the SDK does (§8, P25). */
export function encodeUnifiedPubKeys(x: Uint8Array, ed: Uint8Array, profile: string): Uint8Array {
  if (profile === "strict") {
    need(x, 32, "x25519");
    need(ed, 32, "ed25519");
  }
  return concat(Uint8Array.of(1), x, ed);
}

export interface UnifiedKeys {
  version: number;
  x25519: Uint8Array;
  ed25519: Uint8Array;
}

export function decodeUnifiedPubKeys(b: Uint8Array, field: string, f: Findings): UnifiedKeys {
  if (b.length === 64) {
    f.add("version", `${field} is the legacy 64-byte form`);
    return { version: 0, x25519: b.slice(0, 32), ed25519: b.slice(32) };
  }
  if (b.length !== 65) reject("field_length", `${field} is ${b.length} bytes, want 65`);
  if (b[0] !== 1) reject("version", `${field} version byte is ${b[0]}`);
  return { version: 1, x25519: b.slice(1, 33), ed25519: b.slice(33) };
}

export interface Proof {
  message: string;
  signature: string;
}

function proofObject(p: Proof): { message: string; signature: string; messageRawHex: string } {
  return { message: p.message, signature: p.signature, messageRawHex: hex0x(utf8(p.message)) };
}

export function initiate(x: {
  ephemeralSecret: Uint8Array; mlkemSeed: Uint8Array; recipientAddress: string;
  identityX25519: Uint8Array; identityEd25519: Uint8Array; note: string; proof: Proof;
}, profile: string) {
  const A = x25519Base(x.ephemeralSecret, "ephemeralSecret");
  const { publicKey } = mlkemKeygen(x.mlkemSeed);
  const pubKeys = encodeUnifiedPubKeys(x.identityX25519, x.identityEd25519, profile);
  const payload = utf8(JSON.stringify({ plaintextPayload: x.note, identityProof: proofObject(x.proof) }));
  return { recipientHash: recipientHash(x.recipientAddress), pubKeys, ephemeralPubKey: concat(A, publicKey), A, ek: publicKey, plaintextPayload: payload };
}

export function decodeHandshakePayload(b: Uint8Array, profile: string): { note: string; message: string; signature: string } {
  const f = new Findings();
  const text = eventText(b, "plaintextPayload", f);
  const v = parseJSON(text, "plaintextPayload", f);
  if (!isObjectLike(v)) reject("json", "plaintextPayload is not an object");
  const note = v["plaintextPayload"];
  const proof = v["identityProof"];
  if (typeof note !== "string") reject("json", "plaintextPayload.plaintextPayload is not a string");
  if (!isObjectLike(proof) || typeof proof["message"] !== "string" || typeof proof["signature"] !== "string")
    reject("json", "identityProof lacks a string message and signature");
  f.settle(profile);
  return { note, message: proof["message"] as string, signature: proof["signature"] as string };
}

/** typeof v === "object" && v !== null, as the SDK tests it (arrays included). */
function isObjectLike(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

export interface RespondInput {
  initiatorEphemeralPubKey: Uint8Array;
  tagSecret: Uint8Array;
  ratchetSecret: Uint8Array;
  mlkemMessage: Uint8Array;
  boxNonce: Uint8Array;
  responderPubKeys: Uint8Array;
  note?: string;
  proof: Proof;
}

export function respond(x: RespondInput, profile: string) {
  const f = new Findings();
  // The checks in the order of spec/verbeth.md §7.4: the responder's own keys (written in the version-1
  // form: the SDK encodes them itself), ephemeralPubKey, then box nonce, r, rk_s, m.
  if (x.responderPubKeys.length === 64) reject("version", "responderPubKeys is the legacy 64-byte form");
  decodeUnifiedPubKeys(x.responderPubKeys, "responderPubKeys", new Findings());
  need(x.initiatorEphemeralPubKey, 1216, "initiatorEphemeralPubKey");
  need(x.boxNonce, 24, "boxNonce");
  need(x.tagSecret, 32, "tagSecret");
  need(x.ratchetSecret, 32, "ratchetSecret");
  need(x.mlkemMessage, 32, "mlkemMessage");
  const A = x.initiatorEphemeralPubKey.slice(0, 32);
  const ek = x.initiatorEphemeralPubKey.slice(32);
  const R = x25519Base(x.tagSecret, "tagSecret");
  const rkP = x25519Base(x.ratchetSecret, "ratchetSecret");
  need(x.boxNonce, 24, "boxNonce");
  const kem = mlkemEncaps(ek, x.mlkemMessage, f);
  const ecdh = x25519(x.tagSecret, A, "A", f);
  const { tag } = tagFrom(ecdh, kem.sharedSecret);
  const inner: Record<string, unknown> = {
    unifiedPubKeys: Buffer.from(x.responderPubKeys).toString("base64"),
    ephemeralPubKey: Buffer.from(rkP).toString("base64"),
    kemCiphertext: Buffer.from(kem.cipherText).toString("base64"),
  };
  if (x.note !== undefined) inner["note"] = x.note;
  inner["identityProof"] = proofObject(x.proof);
  const innerPlaintext = utf8(JSON.stringify(inner));
  const box = nacl.box(innerPlaintext, x.boxNonce, A, x.ratchetSecret);
  const envelope = { v: 1, epk: Buffer.from(rkP).toString("base64"), n: Buffer.from(x.boxNonce).toString("base64"), ct: Buffer.from(box).toString("base64") };
  const boxDH = x25519(x.ratchetSecret, A, "A", new Findings());
  f.settle(profile);
  const hybrid = hybridSecret(boxDH, kem.sharedSecret);
  const rk0 = kdfRootKey(new Uint8Array(32), hybrid);
  return {
    inResponseTo: tag, responderEphemeralR: R, ciphertext: utf8(JSON.stringify(envelope)),
    kemCiphertext: kem.cipherText, kemSecret: kem.sharedSecret, innerPlaintext, hybridSecret: hybrid,
    ratchetPublicKey: rkP, tagEcdh: ecdh, tagOkm: tagFrom(ecdh, kem.sharedSecret).okm, sharedX25519: boxDH, box,
    rootKey0: rk0.rootKey, chainKey0: rk0.chainKey,
  };
}

export interface Opened {
  responderPubKeys: Uint8Array;
  ratchetPublicKey: Uint8Array;
  /** The note, or null when absent (deployed: or not a string). */
  note: string | null;
  message: string;
  signature: string;
  responderAddress: string;
  sharedX25519: Uint8Array;
  innerPlaintext: Uint8Array;
  kemCiphertext: Uint8Array;
  kemSecret: Uint8Array;
  tagEcdh: Uint8Array;
  tagOkm: Uint8Array;
}

export interface OpenInput {
  ephemeralSecret: Uint8Array;
  mlkemSeed: Uint8Array;
  R: Uint8Array;
  inResponseTo: Uint8Array;
  ciphertext: Uint8Array;
}

export interface Expectations {
  responder: string;
  expectedChainId?: number;
  expectedRpId?: string;
  expectedAddress?: string;
}

/**
 * Opens a response for one pending handshake (a, seed) and, given the expectations,
 * checks the rest and verifies the responder's proof (verbeth/response/open). Without
 * them it stops after the tag, as matching does (steps 1-3, 5, 6 of §7.5).
 */
export function openResponse(x: OpenInput, exp: Expectations | undefined, profile: string, f: Findings): Partial<Opened> & { kemSecret: Uint8Array } {
  const { ephemeralSecret: a, R } = x;
  // spec/verbeth.md §7.5: the event's fields (R, then the tag), then the pending handshake (a, then the seed).
  need(R, 32, "responderEphemeralR");
  need(x.inResponseTo, 32, "inResponseTo");
  need(a, 32, "ephemeralSecret");
  need(x.mlkemSeed, 64, "mlkemSeed");
  // 1. The envelope.
  const text = eventText(x.ciphertext, "ciphertext", f);
  const env = parseJSON(text, "ciphertext", f);
  if (env === null || env === undefined) reject("json", "the envelope is null");
  const e = env as Record<string, unknown>;
  // Strict's findings in the envelope come in this order: the JSON text's, v, sig's type, then
  // the base64 of epk, n, ct and sig (spec/verbeth.md §7.5, "Strict adds, in this order").
  const canon = new Findings();
  const sigCanon = new Findings();
  const epk = base64(e["epk"], "epk", canon);
  need(epk, 32, "epk");
  const n = base64(e["n"], "n", canon);
  need(n, 24, "n");
  const ct = base64(e["ct"], "ct", canon);
  const sig = e["sig"];
  if (sig) base64(sig, "sig", sigCanon);
  if (!isObject(env) || !("v" in env)) f.add("missing_field", "the envelope has no v");
  else if (env["v"] !== 1) f.add("version", `envelope v is ${JSON.stringify(env["v"])}`);
  if (!sig && sig !== undefined && sig !== "") f.add("json", "sig is present but not a string");
  f.list.push(...canon.list, ...sigCanon.list);
  // 2. The box, from epk to a.
  need(epk, 32, "epk");
  need(n, 24, "n");
  const sharedX25519 = x25519(a, epk, "epk", f);
  const plain = nacl.box.open(ct, n, epk, a);
  if (!plain) reject("aead_auth", "the response box does not open");
  // 3. The inner JSON.
  const inner = parseJSON(decodeUTF8(plain, "inner response", f), "inner response", f);
  if (inner === null || inner === undefined) reject("json", "the inner response is null");
  const o = inner as Record<string, unknown>;
  if (!o["identityProof"]) reject("json", "the inner response has no identityProof");
  const unified = base64(o["unifiedPubKeys"], "unifiedPubKeys", f);
  const rkP = base64(o["ephemeralPubKey"], "ephemeralPubKey", f);
  const kemCT = o["kemCiphertext"] ? base64(o["kemCiphertext"], "kemCiphertext", f) : undefined;
  // 4. The responder's keys.
  const keys = exp ? decodeUnifiedPubKeys(unified, "unifiedPubKeys", f) : undefined;
  // 5. ML-KEM.
  if (!kemCT) reject("missing_field", "the inner response has no kemCiphertext");
  need(kemCT, 1088, "kemCiphertext");
  const kemSecret = mlkemDecaps(x.mlkemSeed, kemCT);
  // 6. The tag.
  const tagEcdh = x25519(a, R, "responderEphemeralR", f);
  const { okm, tag } = tagFrom(tagEcdh, kemSecret);
  if (toHex(tag) !== toHex(x.inResponseTo)) reject("tag_mismatch", "the tag does not match this handshake");
  if (!exp || !keys) return { kemSecret };
  // 7. The rest, then the responder's proof.
  need(rkP, 32, "ephemeralPubKey");
  x25519(a, rkP, "ephemeralPubKey", f);
  const proof = o["identityProof"];
  if (!isObjectLike(proof) || typeof proof["message"] !== "string" || typeof proof["signature"] !== "string")
    reject("json", "identityProof lacks a string message and signature");
  let note: string | null = null;
  if (typeof o["note"] === "string") note = o["note"];
  else if ("note" in o) f.add("json", "the inner note is not a string");
  const message = proof["message"] as string, signature = proof["signature"] as string;
  const who = checkProof({
    message, signature, eventSender: exp.responder, wireX25519: keys.x25519, wireEd25519: keys.ed25519,
    expectedChainId: exp.expectedChainId, expectedRpId: exp.expectedRpId, expectedAddress: exp.expectedAddress,
  }, profile, f);
  return {
    responderPubKeys: unified, ratchetPublicKey: rkP, note, message, signature, responderAddress: who.address,
    sharedX25519, innerPlaintext: plain, kemCiphertext: kemCT, kemSecret, tagEcdh, tagOkm: okm,
  };
}

/**
 * Tries each pending handshake in order; a malformed response is no match for that
 * candidate. In the strict profile a candidate that opens only by a strict-profile
 * defect is no match either.
 */
export function matchResponse(pending: { ephemeralSecret: Uint8Array; mlkemSeed: Uint8Array }[], R: Uint8Array, tag: Uint8Array, ct: Uint8Array, profile: string): { index: number; kemSecret: Uint8Array } {
  const reasons: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    const f = new Findings();
    let kemSecret: Uint8Array;
    try {
      ({ kemSecret } = openResponse({ ...pending[i]!, R, inResponseTo: tag, ciphertext: ct }, undefined, profile, f));
    } catch (e) {
      if (e instanceof Reject) {
        reasons.push(`${i}: ${e.category}`);
        continue;
      }
      throw e;
    }
    if (profile === "strict" && f.list.length > 0) {
      reasons.push(`${i}: ${f.list[0]!.category}`);
      continue;
    }
    return { index: i, kemSecret };
  }
  reject("tag_mismatch", `no pending handshake matches (${reasons.join(", ") || "none pending"})`);
}
