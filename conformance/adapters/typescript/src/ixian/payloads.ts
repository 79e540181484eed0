// The three handshake payloads and the SpixiMessage frame (spec/ixian-s2.md §4.2, §5).
import { Profile, reject, concat, i32le, Reject } from "../util.js";
import { Reader, csInt, encodeIxiBytes, encodeVarInt } from "./varint.js";
import { checkEcdhForm, checkRsaPubKey, checkSalt } from "./keys.js";

export const DEFAULT_CAPABILITIES = 15;

export interface RequestAdd2 {
  maxProtocolVersion: number;
  pubKey: Uint8Array;
}

export interface AcceptAdd2 {
  version: number;
  rsaPubKey: Uint8Array;
  ecdhPubKey: Uint8Array;
  mlkemPubKey: Uint8Array;
  aesSalt: Uint8Array;
  capabilities: number;
  capabilitiesPresent: boolean;
}

export interface Keys2 {
  ecdhPubKey: Uint8Array;
  mlkemCiphertext: Uint8Array;
  chachaSalt: Uint8Array;
  capabilities: number;
  capabilitiesPresent: boolean;
}

/** The version byte: read as an unsigned varint and C#-int-cast; strict wants one byte. */
function readVersion(r: Reader, field: string, exact1: boolean): number {
  const v = r.uvar(field);
  if (r.profile === "strict") {
    if (v.length !== 1) reject("version", `${field} is not one byte`);
    if (v.value < 1n) reject("version", `${field} is ${v.value}, below 1`);
    if (exact1 && v.value !== 1n) reject("version", `${field} ${v.value} is not supported`);
  }
  return csInt(v.value);
}

function readMlkem(r: Reader, field: string): Uint8Array {
  const b = r.bytes(field);
  if (b.length === 0) reject("empty_field", `${field} is empty`);
  if (b.length !== 1568) reject("field_length", `${field} is ${b.length} bytes, want 1568`);
  return b;
}

function readCapabilities(r: Reader): { capabilities: number; capabilitiesPresent: boolean } {
  if (r.remaining === 0) {
    if (r.profile === "strict") reject("missing_field", "capabilities is absent");
    return { capabilities: DEFAULT_CAPABILITIES, capabilitiesPresent: false };
  }
  const v = r.uvar("capabilities").value;
  if (r.profile === "strict" && v > 0x7fffffffn) reject("varint_overflow", `capabilities ${v} exceeds 2^31-1`);
  return { capabilities: csInt(v), capabilitiesPresent: true };
}

export function decodeRequestAdd2(payload: Uint8Array, profile: Profile): RequestAdd2 {
  const r = new Reader(payload, profile);
  const maxProtocolVersion = readVersion(r, "maxProtocolVersion", false);
  const pubKey = r.bytes("pubKey");
  checkRsaPubKey(pubKey, "pubKey", profile);
  r.end("requestAdd2");
  return { maxProtocolVersion, pubKey };
}

export function decodeAcceptAdd2(payload: Uint8Array, profile: Profile): AcceptAdd2 {
  const r = new Reader(payload, profile);
  const version = readVersion(r, "version", true);
  const rsaPubKey = r.bytes("rsaPubKey");
  checkRsaPubKey(rsaPubKey, "rsaPubKey", profile);
  const ecdhPubKey = r.bytes("ecdhPubKey");
  checkEcdhForm(ecdhPubKey, "ecdhPubKey", profile);
  const mlkemPubKey = readMlkem(r, "mlkemPubKey");
  const aesSalt = r.bytes("aesSalt");
  checkSalt(aesSalt, "aesSalt", profile);
  const caps = readCapabilities(r);
  r.end("acceptAdd2");
  return { version, rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt, ...caps };
}

export function decodeKeys2(payload: Uint8Array, profile: Profile): Keys2 {
  const r = new Reader(payload, profile);
  const ecdhPubKey = r.bytes("ecdhPubKey");
  checkEcdhForm(ecdhPubKey, "ecdhPubKey", profile);
  const mlkemCiphertext = readMlkem(r, "mlkemCiphertext");
  const chachaSalt = r.bytes("chachaSalt");
  checkSalt(chachaSalt, "chachaSalt", profile);
  const caps = readCapabilities(r);
  r.end("keys2");
  return { ecdhPubKey, mlkemCiphertext, chachaSalt, ...caps };
}

/** The version is written as one raw byte, (byte)version. */
function versionByte(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff);
}

export function encodeRequestAdd2(m: { maxProtocolVersion: number; pubKey: Uint8Array }): Uint8Array {
  return concat(versionByte(m.maxProtocolVersion), encodeIxiBytes(m.pubKey));
}

export function encodeAcceptAdd2(m: Omit<AcceptAdd2, "capabilitiesPresent">): Uint8Array {
  return concat(
    versionByte(m.version),
    encodeIxiBytes(m.rsaPubKey),
    encodeIxiBytes(m.ecdhPubKey),
    encodeIxiBytes(m.mlkemPubKey),
    encodeIxiBytes(m.aesSalt),
    encodeVarInt(BigInt(m.capabilities | 0)),
  );
}

export function encodeKeys2(m: Omit<Keys2, "capabilitiesPresent">): Uint8Array {
  return concat(
    encodeIxiBytes(m.ecdhPubKey),
    encodeIxiBytes(m.mlkemCiphertext),
    encodeIxiBytes(m.chachaSalt),
    encodeVarInt(BigInt(m.capabilities | 0)),
  );
}

export interface SpixiMessage {
  type: number;
  data: Uint8Array;
  channel: number;
  groupAddress: Uint8Array;
  groupSenderAddress: Uint8Array;
}

export function decodeSpixiMessage(frame: Uint8Array, profile: Profile): SpixiMessage {
  return profile === "strict" ? decodeSpixiStrict(frame) : decodeSpixiDeployed(frame);
}

function decodeSpixiStrict(frame: Uint8Array): SpixiMessage {
  const r = new Reader(frame, "strict");
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const i32 = (field: string): number => {
    const at = r.off;
    r.raw(4, field);
    return dv.getInt32(at, true);
  };
  const type = i32("type");
  const len = i32("dataLength");
  if (len < 0) reject("negative_length", `data length ${len} is negative`);
  const data = r.raw(len, "data");
  if (r.remaining === 0) reject("missing_field", "channel is absent");
  const channel = i32("channel");
  if (r.remaining === 0) reject("missing_field", "groupAddress is absent");
  const groupAddress = r.bytes("groupAddress");
  const groupSenderAddress = r.bytes("groupSenderAddress");
  r.end("SpixiMessage");
  return { type, data, channel, groupAddress, groupSenderAddress };
}

/**
 * Ixian-Core's SpixiMessage(byte[]) constructor, which never fails: a short data field
 * is taken as it is, absent trailing fields are defaults, and any error leaves type 0,
 * no data and channel 0, with a groupAddress that had already been read.
 */
function decodeSpixiDeployed(frame: Uint8Array): SpixiMessage {
  const empty = new Uint8Array(0);
  const out: SpixiMessage = { type: 0, data: empty, channel: 0, groupAddress: empty, groupSenderAddress: empty };
  const r = new Reader(frame, "deployed");
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const i32 = (field: string): number => {
    const at = r.off;
    r.raw(4, field);
    return dv.getInt32(at, true);
  };
  try {
    out.type = i32("type");
    const len = i32("dataLength");
    if (len < 0) reject("negative_length", `data length ${len} is negative`);
    // ReadBytes allocates len bytes first: above .NET's Array.MaxLength (2^31-57) it throws (§4.2).
    if (len > 0x7fffffc7) reject("varint_overflow", `data length ${len} is above Array.MaxLength`);
    if (len > 0) out.data = r.raw(Math.min(len, r.remaining), "data");
    if (r.remaining > 0) out.channel = i32("channel");
    if (r.remaining > 0) {
      out.groupAddress = r.bytes("groupAddress");
      out.groupSenderAddress = r.bytes("groupSenderAddress");
    }
    return out;
  } catch (e) {
    if (!(e instanceof Reject)) throw e;
    return { ...out, type: 0, data: empty, channel: 0 };
  }
}

export function encodeSpixiMessage(m: SpixiMessage): Uint8Array {
  return concat(i32le(m.type), i32le(m.data.length), m.data, i32le(m.channel), encodeIxiBytes(m.groupAddress), encodeIxiBytes(m.groupSenderAddress));
}
