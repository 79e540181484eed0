// The on-chain event logs of the handshake (spec/verbeth.md §2; vectors/catalog_verbeth_logs.go): topics and the
// Solidity ABI encoding of the data, written canonically and read as ethers 6's AbiCoder.decode reads them.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { BadRequest, Inputs, Operation, Outputs, Profile, concat, fromHex, reject, toHex, utf8 } from "../util.js";

const HANDSHAKE = keccak_256(utf8("Handshake(bytes32,address,bytes,bytes,bytes)"));
const RESPONSE = keccak_256(utf8("HandshakeResponse(bytes32,address,bytes32,bytes)"));
const MAX_SAFE = (1n << 53n) - 1n;

function word(n: number): Uint8Array {
  const w = new Uint8Array(32);
  new DataView(w.buffer).setBigUint64(24, BigInt(n));
  return w;
}

const padLen = (n: number) => Math.ceil(n / 32) * 32;

/** The head (one word per value: a bytes32 itself, or an offset) and the tails, canonically. */
function abiEncode(values: (Uint8Array | { word: Uint8Array })[]): Uint8Array {
  const head: Uint8Array[] = [];
  const tail: Uint8Array[] = [];
  let off = 32 * values.length;
  for (const v of values) {
    if ("word" in v) {
      head.push(v.word);
      continue;
    }
    head.push(word(off));
    const t = concat(word(v.length), v, new Uint8Array(padLen(v.length) - v.length));
    tail.push(t);
    off += t.length;
  }
  return concat(...head, ...tail);
}

function need(b: Uint8Array, n: number, field: string): void {
  if (b.length !== n) reject("field_length", `${field} is ${b.length} bytes, want ${n}`);
}

function topicsOf(t: Uint8Array, indexed: Uint8Array, addr: Uint8Array): string[] {
  return [toHex(t), toHex(indexed), toHex(concat(new Uint8Array(12), addr))];
}

interface Seen { field: string; off: number; n: number }

/** ethers' reading of a bytes value whose offset is in head slot `slot`; Strict's checks come later. */
class AbiReader {
  seen: Seen[] = [];
  constructor(readonly data: Uint8Array) {}
  private num(w: Uint8Array): number | undefined {
    let v = 0n;
    for (const b of w) v = (v << 8n) | BigInt(b);
    if (v > MAX_SAFE || v > BigInt(this.data.length)) return undefined;
    return Number(v);
  }
  wordAt(off: number): Uint8Array | undefined {
    return off >= 0 && off + 32 <= this.data.length ? this.data.subarray(off, off + 32) : undefined;
  }
  bytes(field: string, slot: number): Uint8Array {
    const w = this.wordAt(32 * slot);
    if (!w) reject("truncated", `${field}: no offset word`);
    const off = this.num(w);
    const lw = off === undefined ? undefined : this.wordAt(off);
    if (off === undefined || !lw) reject("truncated", `${field}: the offset is out of bounds`);
    const n = this.num(lw);
    const start = off + 32;
    if (n === undefined || padLen(n) > this.data.length - start) reject("truncated", `${field}: the length is out of bounds`);
    this.seen.push({ field, off, n });
    return this.data.slice(start, start + n);
  }
  /** Strict: canonical offsets, zero padding, nothing after the last value. */
  strict(headWords: number): void {
    let want = 32 * headWords;
    for (const v of this.seen) {
      if (v.off !== want) reject("abi_encoding", `${v.field}: offset ${v.off}, canonical ${want}`);
      const start = v.off + 32;
      if (this.data.subarray(start + v.n, start + padLen(v.n)).some((b) => b !== 0)) reject("abi_encoding", `${v.field}: non-zero padding`);
      want = start + padLen(v.n);
    }
    if (this.data.length !== want) reject("trailing_bytes", `${this.data.length - want} bytes after the last value`);
  }
}

function readTopics(inp: Inputs, topic0: Uint8Array, addrField: string, profile: Profile): Uint8Array[] {
  const raw = inp.json("topics");
  if (!Array.isArray(raw) || raw.some((t) => typeof t !== "string")) throw new BadRequest("topics is not a list of hex strings");
  const topics = (raw as string[]).map((t) => fromHex(t, "topics"));
  if (topics.length < 3) reject("field_length", `${topics.length} topics, want 3`);
  if (topics.some((t) => t.length !== 32)) reject("field_length", "a topic is not 32 bytes");
  if (toHex(topics[0]!) !== toHex(topic0)) reject("message_type", "topic0 is another event's");
  if (profile === "strict") {
    if (topics.length !== 3) reject("field_length", `${topics.length} topics, want 3`);
    if (topics[2]!.subarray(0, 12).some((b) => b !== 0)) reject("abi_encoding", `${addrField}: the address word's high bytes are not zero`);
  }
  return topics;
}

export const logOps: Record<string, Operation> = {
  "verbeth/log/Handshake/encode": (inp) => {
    const h = inp.hex("recipientHash"), s = inp.hex("sender");
    need(h, 32, "recipientHash");
    need(s, 20, "sender");
    return { topics: topicsOf(HANDSHAKE, h, s), data: toHex(abiEncode([inp.hex("pubKeys"), inp.hex("ephemeralPubKey"), inp.hex("plaintextPayload")])) };
  },
  "verbeth/log/Handshake/decode": (inp, profile): Outputs => {
    const t = readTopics(inp, HANDSHAKE, "sender", profile);
    const r = new AbiReader(inp.hex("data"));
    const pubKeys = r.bytes("pubKeys", 0), ephemeralPubKey = r.bytes("ephemeralPubKey", 1), plaintextPayload = r.bytes("plaintextPayload", 2);
    if (profile === "strict") r.strict(3);
    return {
      recipientHash: toHex(t[1]!), sender: toHex(t[2]!.subarray(12)), pubKeys: toHex(pubKeys), ephemeralPubKey: toHex(ephemeralPubKey),
      plaintextPayload: toHex(plaintextPayload),
    };
  },
  "verbeth/log/HandshakeResponse/encode": (inp) => {
    const tag = inp.hex("inResponseTo"), a = inp.hex("responder"), R = inp.hex("responderEphemeralR");
    need(tag, 32, "inResponseTo");
    need(a, 20, "responder");
    need(R, 32, "responderEphemeralR");
    return { topics: topicsOf(RESPONSE, tag, a), data: toHex(abiEncode([{ word: R }, inp.hex("ciphertext")])) };
  },
  "verbeth/log/HandshakeResponse/decode": (inp, profile): Outputs => {
    const t = readTopics(inp, RESPONSE, "responder", profile);
    const r = new AbiReader(inp.hex("data"));
    const R = r.wordAt(0);
    if (!R) reject("truncated", "no responderEphemeralR word");
    const ciphertext = r.bytes("ciphertext", 1);
    if (profile === "strict") r.strict(2);
    return { inResponseTo: toHex(t[1]!), responder: toHex(t[2]!.subarray(12)), responderEphemeralR: toHex(R), ciphertext: toHex(ciphertext) };
  },
};

// §7.11: the identity keys derived from the wallet's seed signature.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import nacl from "tweetnacl";
import { addressFromPublicKey } from "./address.js";

const SECP_N = secp256k1.Point.Fn.ORDER;

/** The SDK's conversion of a (possibly negative) BigInt to 32 bytes: hex digits, parseInt per pair. */
function sdkTo32Bytes(x: bigint): Uint8Array {
  let h = x.toString(16);
  if (h.length > 64) h = h.slice(h.length - 64);
  h = h.padStart(64, "0");
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const v = parseInt(h.slice(2 * i, 2 * i + 2), 16);
    out[i] = Number.isNaN(v) ? 0 : v & 0xff;
  }
  return out;
}

logOps["verbeth/identityKeys/derive"] = (inp, profile): Outputs => {
  const address = inp.str("address");
  const sig = inp.hex("seedSignature");
  const lower = address.toLowerCase();
  const seedMessage = `VerbEth Identity Seed v1\nAddress: ${lower}\nContext: verbeth`;
  let canonical = sig.slice();
  if (sig.length === 65) {
    let s = 0n;
    for (const b of sig.subarray(32, 64)) s = (s << 8n) | BigInt(b);
    if (s > SECP_N >> 1n) {
      if (profile === "strict" && s >= SECP_N) reject("invalid_key", "seedSignature: s >= n");
      canonical.set(sdkTo32Bytes(SECP_N - s), 32);
    }
  }
  const ikm = hkdf(sha256, concat(canonical, sha256(utf8(seedMessage)), utf8("verbeth/addr:" + lower)), utf8("verbeth/seed-sig-v1"), utf8("verbeth/ikm"), 32);
  const sub = (info: string) => hkdf(sha256, ikm, new Uint8Array(0), utf8(info), 32);
  const xs = sub("verbeth-x25519-v1"), eds = sub("verbeth-ed25519-v1"), sk = sub("verbeth-session-secp256k1-v1");
  let skv = 0n;
  for (const b of sk) skv = (skv << 8n) | BigInt(b);
  if (skv === 0n || skv >= SECP_N) reject("invalid_key", "the session key is not in [1, n-1]");
  return {
    seedMessage, canonicalSignature: toHex(canonical), ikm: toHex(ikm),
    x25519SecretKey: toHex(xs), x25519PublicKey: toHex(nacl.scalarMult.base(xs)),
    ed25519Seed: toHex(eds), ed25519PublicKey: toHex(nacl.sign.keyPair.fromSeed(eds).publicKey),
    sessionPrivateKey: toHex(sk), sessionAddress: addressFromPublicKey(secp256k1.getPublicKey(sk, false)).slice(2).toLowerCase(),
  };
};
