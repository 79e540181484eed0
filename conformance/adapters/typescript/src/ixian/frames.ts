// The frames around the Ixian handshake: addresses (spec/ixian-s2.md §6.1) and the StreamMessage v1 frame with
// its signature and the receive checks (§4.1).
import { createPrivateKey, createPublicKey, sign, verify, constants } from "node:crypto";
import { sha512 } from "@noble/hashes/sha2.js";
import { sha3_512 } from "@noble/hashes/sha3.js";
import { Inputs, Operation, Outputs, Profile, reject, toHex, concat, equalBytes, Reject } from "../util.js";
import { encodeVarInt, encodeIxiBytes, Reader } from "./varint.js";
import { checkRsaPubKey } from "./keys.js";

const ARRAY_MAX_LENGTH = 0x7fffffc7n;

export interface Address {
  address: Uint8Array;
  version: number;
  fromKey: boolean;
}

const sha512sq = (b: Uint8Array) => sha512(sha512(b));

export function addressChecksum(a: Uint8Array): Uint8Array {
  return sha512sq(a).slice(0, 3);
}

/** Ixian-Core's Address(byte[]): an address or a public key, told apart by length. */
export function newAddress(b: Uint8Array, field: string): Address {
  const n = b.length;
  if (n === 0) reject("empty_field", `${field} is empty`);
  const isAddr = n === 33 || n === 45;
  const isSum = n === 36 || n === 48;
  const isKey = n >= 49 && n <= 1023;
  if (!isAddr && !isSum && !isKey) reject("field_length", `${field} is ${n} bytes: not 33, 36, 45, 48 or 49..1023`);
  const version = n === 523 ? 0 : b[0]!;
  if (version > 2) reject("version", `${field}: address version ${version}`);
  const keep = version === 0 ? 33 : 45;
  if (n === keep) return { address: b.slice(), version, fromKey: false };
  if (n === keep + 3) {
    const a = b.subarray(0, keep);
    if (!equalBytes(addressChecksum(a), b.subarray(keep))) reject("address_checksum", `${field}: the checksum does not match`);
    return { address: a.slice(), version, fromKey: false };
  }
  let address: Uint8Array;
  if (version === 0) {
    let h = sha512(n === 523 ? b : b.subarray(5));
    for (let i = 0; i < 3; i++) h = sha512(h);
    address = concat(Uint8Array.of(0), h.subarray(0, 32));
  } else if (version === 1) {
    address = concat(Uint8Array.of(1), sha512sq(b.subarray(1)).subarray(0, 44));
  } else {
    address = concat(Uint8Array.of(2), sha3_512(sha3_512(b)).subarray(0, 44));
  }
  return { address, version, fromKey: isKey };
}

export interface StreamMessage {
  version: number;
  id: Uint8Array;
  type: number;
  encryptionType: number;
  sender: Uint8Array;
  recipient: Uint8Array;
  data: Uint8Array;
  timestamp: bigint;
  signature: Uint8Array;
  requireRcvConfirmation: boolean;
}

const asInt32 = (v: bigint) => Number(BigInt.asIntN(32, v));

/** A field whose length prefix is not positive: absent, not merely empty. */
const ABSENT = new Uint8Array(0);

/** Decodes a v1 frame under a profile (§4.1). */
export function decodeStreamMessage(frame: Uint8Array, profile: Profile): StreamMessage {
  if (frame.length === 0) reject("truncated", "the frame is empty");
  if (frame[0] === 0) reject("version", "a v0 frame");
  const r = new Reader(frame, profile);
  const strict = profile === "strict";
  const int32 = (field: string): number => {
    const v = r.uvar(field).value;
    if (strict && v > 0x7fffffffn) reject("varint_overflow", `${field}: ${v} is above 2^31-1`);
    return asInt32(v);
  };
  // A length-prefixed field: ABSENT for a length that is not positive as a C# int (C# leaves the
  // field null), which differs from the empty array a cut-off field yields under deployed.
  const bytes = (field: string): Uint8Array => {
    const l = int32(field);
    if (l <= 0) return ABSENT;
    if (l > r.remaining) {
      if (strict) reject("truncated", `${field}: length ${l} but ${r.remaining} bytes left`);
      if (BigInt(l) > ARRAY_MAX_LENGTH) reject("varint_overflow", `${field}: length ${l} is above Array.MaxLength`);
      return r.raw(r.remaining, field);
    }
    return r.raw(l, field);
  };
  const address = (field: string): Uint8Array => {
    const b = bytes(field);
    if (b === ABSENT) {
      if (strict) reject("empty_field", `${field} is absent`);
      return b;
    }
    const a = newAddress(b, field);
    if (strict && (a.fromKey || a.address.length !== b.length)) reject("field_length", `${field} is ${b.length} bytes: not an address without checksum`);
    return a.address;
  };
  const version = int32("version");
  if (version === 0) reject("version", "version 0");
  if (strict && version !== 1) reject("version", `version ${version}`);
  const id = bytes("id");
  if (id === ABSENT) reject("empty_field", "no message id");
  const type = int32("type");
  if (strict && (type < 0 || type > 2)) reject("message_type", `type ${type}`);
  const encryptionType = int32("encryptionType");
  if (strict && (encryptionType < 0 || encryptionType > 4)) reject("message_type", `encryption type ${encryptionType}`);
  const sender = address("sender");
  const recipient = address("recipient");
  const data = bytes("data");
  const t = r.uvar("timestamp").value;
  if (strict && t > (1n << 63n) - 1n) reject("varint_overflow", "timestamp above 2^63-1");
  const signature = bytes("signature");
  if (r.remaining === 0) reject("truncated", "no requireRcvConfirmation byte");
  const flag = r.raw(1, "requireRcvConfirmation")[0]!;
  r.end("the frame");
  return { version, id, type, encryptionType, sender, recipient, data, timestamp: BigInt.asIntN(64, t), signature, requireRcvConfirmation: flag !== 0 };
}

/** The fields the checksum covers, every varint through the signed encoder. */
export function checksumData(m: StreamMessage): Uint8Array {
  return concat(
    encodeVarInt(BigInt(m.version)), encodeIxiBytes(m.id), encodeVarInt(BigInt(m.type)), encodeVarInt(BigInt(m.encryptionType)),
    encodeIxiBytes(m.sender), encodeIxiBytes(m.recipient), encodeIxiBytes(m.data), encodeVarInt(m.timestamp),
  );
}

export const checksum = (m: StreamMessage) => sha3_512(checksumData(m));

export function encodeStreamMessage(m: StreamMessage): Uint8Array {
  return concat(checksumData(m), encodeIxiBytes(m.signature), Uint8Array.of(m.requireRcvConfirmation ? 1 : 0));
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

function fields(inp: Inputs): StreamMessage {
  return {
    version: inp.int("version"), id: inp.hex("id"), type: inp.int("type"), encryptionType: inp.int("encryptionType"),
    sender: inp.hex("sender"), recipient: inp.hex("recipient"), data: inp.hex("data"), timestamp: inp.decimal("timestamp"),
    signature: new Uint8Array(0), requireRcvConfirmation: inp.bool("requireRcvConfirmation"),
  };
}

function outputs(m: StreamMessage): Outputs {
  return {
    version: m.version, id: toHex(m.id), type: m.type, encryptionType: m.encryptionType, sender: toHex(m.sender),
    recipient: toHex(m.recipient), data: toHex(m.data), timestamp: m.timestamp.toString(), signature: toHex(m.signature),
    requireRcvConfirmation: m.requireRcvConfirmation, checksum: toHex(checksum(m)),
  };
}

/** The receive checks before a handshake handler runs (§4.1). */
export function verifyStreamMessage(frame: Uint8Array, pubKey: Uint8Array, profile: Profile): { m: StreamMessage; sender: Uint8Array } {
  const m = decodeStreamMessage(frame, profile);
  if (m.data.length === 0) reject("empty_field", "null message data");
  const a = newAddress(pubKey, "pubKey");
  if (!equalBytes(a.address, m.sender)) reject("sender_address", "the sender is not the address of pubKey");
  let k: { n: bigint; e: bigint };
  try {
    k = checkRsaPubKey(pubKey, "pubKey", profile);
  } catch (e) {
    if (e instanceof Reject) reject("signature", `pubKey is no RSA key: ${e.message}`);
    throw e;
  }
  const hexOf = (v: bigint) => { const h = v.toString(16); return h.length % 2 ? "0" + h : h; };
  const key = createPublicKey({ key: { kty: "RSA", n: b64u(Buffer.from(hexOf(k.n), "hex")), e: b64u(Buffer.from(hexOf(k.e), "hex")) }, format: "jwk" });
  if (!verify("sha512", checksum(m), { key, padding: constants.RSA_PKCS1_PADDING }, m.signature)) reject("signature", "the signature does not verify");
  return { m, sender: a.address };
}

export const frameOps: Record<string, Operation> = {
  "ixian/address": (inp) => {
    const a = newAddress(inp.hex("value"), "value");
    return { address: toHex(a.address), addressWithChecksum: toHex(concat(a.address, addressChecksum(a.address))), version: a.version, fromKey: a.fromKey };
  },
  "ixian/StreamMessage/decode": (inp, profile) => outputs(decodeStreamMessage(inp.hex("frame"), profile)),
  "ixian/StreamMessage/encode": (inp) => {
    const m = { ...fields(inp), signature: inp.hex("signature") };
    return { frame: toHex(encodeStreamMessage(m)), checksumData: toHex(checksumData(m)), checksum: toHex(checksum(m)) };
  },
  "ixian/StreamMessage/sign": (inp) => {
    const m = fields(inp);
    const key = createPrivateKey({ key: Buffer.from(inp.hex("rsaPrivateKey")), format: "der", type: "pkcs8" });
    m.signature = new Uint8Array(sign("sha512", checksum(m), { key, padding: constants.RSA_PKCS1_PADDING }));
    return { signature: toHex(m.signature), frame: toHex(encodeStreamMessage(m)), checksum: toHex(checksum(m)) };
  },
  "ixian/StreamMessage/verify": (inp, profile) => {
    const v = verifyStreamMessage(inp.hex("frame"), inp.hex("pubKey"), profile);
    return { sender: toHex(v.sender), data: toHex(v.m.data), checksum: toHex(checksum(v.m)) };
  },
};
