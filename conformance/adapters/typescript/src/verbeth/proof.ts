// The identity proof: binding message and verification (spec/verbeth.md §5, §7.6).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { Category, concat, reject, utf8, toHex } from "../util.js";
import { addressFromPublicKey, getAddress } from "./address.js";
import { Findings } from "./primitives.js";

export const HEADER = "VerbEth Key Binding v1";
const N = secp256k1.Point.Fn.ORDER;

export interface BindingInput {
  address: string;
  ed25519: Uint8Array;
  x25519: Uint8Array;
  executorAddress: string;
  chainId?: number;
  rpId?: string;
}

export function bindingMessage(b: BindingInput): string {
  const lines = [
    HEADER,
    `Address: ${b.address.toLowerCase()}`,
    `PkEd25519: 0x${toHex(b.ed25519)}`,
    `PkX25519: 0x${toHex(b.x25519)}`,
    `ExecutorAddress: ${b.executorAddress.toLowerCase()}`,
  ];
  if (typeof b.chainId === "number") lines.push(`ChainId: ${b.chainId}`);
  if (b.rpId) lines.push(`RpId: ${b.rpId}`);
  return lines.join("\n");
}

/** EIP-191 personal-sign hash of the UTF-8 of message. */
export function eip191Hash(message: string): Uint8Array {
  const m = utf8(message);
  return keccak_256(concat(utf8(`\x19Ethereum Signed Message:\n${m.length}`), m));
}

/**
 * viem's offline recovery: "0x" + hex of byte size 65 (129 or 130 digits), r‖s from the
 * first 128 digits, v from the rest in {0, 1, 27, 28}, r and s in [1, n-1], high s allowed.
 * Returns the lowercase address, or undefined.
 */
export function recoverSigner(message: string, sig: string): string | undefined {
  if (!/^0x[0-9a-fA-F]*$/.test(sig)) return undefined;
  const digits = sig.length - 2;
  if (Math.ceil(digits / 2) !== 65) return undefined;
  const v = parseInt(sig.slice(130), 16);
  const bit = v === 0 || v === 27 ? 0 : v === 1 || v === 28 ? 1 : -1;
  if (bit < 0) return undefined;
  const r = BigInt("0x" + sig.slice(2, 66));
  const s = BigInt("0x" + sig.slice(66, 130));
  if (r < 1n || r >= N || s < 1n || s >= N) return undefined;
  try {
    const pub = new secp256k1.Signature(r, s, bit).recoverPublicKey(eip191Hash(message));
    return addressFromPublicKey(pub.toBytes(false));
  } catch {
    return undefined;
  }
}

interface Parsed {
  header?: string;
  address?: string;
  pkEd25519?: string;
  pkX25519?: string;
  executorAddress?: string;
  context?: string;
  version?: string;
  chainId?: number;
  rpId?: string;
}

/** hexlify of a string: "0x" or "0X" and whole bytes of hex digits, lowercased. */
function hexlify(v: string): string | undefined {
  if (v.length % 2 !== 0 || !/^0x[0-9a-f]*$/i.test(v)) return undefined;
  return "0x" + v.slice(2).toLowerCase();
}

/** The SDK's parseBindingMessage; a value that does not read fails the proof at once. */
function parseBinding(message: string): Parsed {
  const lines = message.split("\n").map((l) => l.trim());
  const out: Parsed = {};
  if (lines[0]) out.header = lines[0];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const idx = line.indexOf(":");
    if (idx === -1) continue;
    const key = line.slice(0, idx).trim().toLowerCase();
    const val = line.slice(idx + 1).trim();
    if (key === "address") {
      const a = getAddress(val);
      if (a === undefined) reject("proof_address", `Address ${JSON.stringify(val)} is not an address`);
      out.address = a;
    }
    if (key === "pked25519" || key === "pkx25519") {
      const h = hexlify(val);
      if (h === undefined) reject("proof_keys", `${key} ${JSON.stringify(val)} is not hex`);
      if (key === "pked25519") out.pkEd25519 = h;
      else out.pkX25519 = h;
    }
    if ((key === "executoraddress" || key === "executorsafe") && val) {
      const a = getAddress(val);
      if (a === undefined) reject("proof_executor", `ExecutorAddress ${JSON.stringify(val)} is not an address`);
      out.executorAddress = a;
    }
    if (key === "context") out.context = val;
    if (key === "version") out.version = val;
    if (key === "chainid") out.chainId = Number(val);
    if (key === "rpid") out.rpId = val;
  }
  return out;
}

export interface VerifyInput {
  message: string;
  signature: string;
  eventSender: string;
  wireX25519: Uint8Array;
  wireEd25519: Uint8Array;
  expectedChainId?: number;
  expectedRpId?: string;
  expectedAddress?: string;
}

const CANON_KEYS: Record<string, { re: RegExp; cat: Category }> = {
  Address: { re: /^0x[0-9a-f]{40}$/, cat: "proof_address" },
  PkEd25519: { re: /^0x[0-9a-f]{64}$/, cat: "proof_keys" },
  PkX25519: { re: /^0x[0-9a-f]{64}$/, cat: "proof_keys" },
  ExecutorAddress: { re: /^0x[0-9a-f]{40}$/, cat: "proof_executor" },
  ChainId: { re: /^(0|[1-9][0-9]*)$/, cat: "proof_chain_id" },
  RpId: { re: /^\S(.*\S)?$/s, cat: "proof_rp_id" },
};

/** The category of a line, by the field the deployed parser would read it as. */
function lineCategory(line: string): Category {
  const idx = line.indexOf(":");
  if (idx === -1) return "proof_header";
  switch (line.slice(0, idx).trim().toLowerCase()) {
    case "address": return "proof_address";
    case "pked25519": case "pkx25519": return "proof_keys";
    case "executoraddress": case "executorsafe": case "executorsafeaddress": return "proof_executor";
    case "chainid": return "proof_chain_id";
    case "rpid": return "proof_rp_id";
    default: return "proof_header";
  }
}

/** The strict profile's canonical form of the message (§7.6, after the deployed checks). */
function strictMessage(message: string, f: Findings): Record<string, string> {
  const lines = message.split("\n");
  const seen: Record<string, string> = {};
  if (lines[0] !== HEADER) f.add("proof_header", "the header line is not exactly the binding header");
  for (const line of lines.slice(1)) {
    const m = /^([A-Za-z0-9]+): (.*)$/s.exec(line);
    const rule = m ? CANON_KEYS[m[1]!] : undefined;
    if (!m || !rule) {
      f.add(lineCategory(line), `line ${JSON.stringify(line)} is not a canonical binding line`);
      continue;
    }
    const [, key, value] = m as unknown as [string, string, string];
    if (key in seen) f.add(rule.cat, `${key} appears twice`);
    if (!rule.re.test(value)) f.add(rule.cat, `${key} value ${JSON.stringify(value)} is not canonical`);
    if (key === "ChainId" && rule.re.test(value) && !Number.isSafeInteger(Number(value))) f.add(rule.cat, "ChainId is not below 2^53");
    seen[key] = value;
  }
  for (const key of ["Address", "PkEd25519", "PkX25519", "ExecutorAddress", "ChainId"]) {
    if (!(key in seen)) f.add(CANON_KEYS[key]!.cat, `${key} is missing`);
  }
  return seen;
}

/**
 * Verifies a proof. The deployed checks reject at once, in the SDK's order; the strict
 * profile's extra rules are added to f, for the caller to settle once everything else
 * has passed. Returns the proven Address and ExecutorAddress in lowercase.
 */
export function checkProof(x: VerifyInput, profile: string, f: Findings): { address: string; executorAddress: string } {
  const p = parseBinding(x.message);
  if (!p.address) reject("proof_address", "the proof has no Address");
  const signer = recoverSigner(x.message, x.signature);
  if (signer === undefined || signer !== p.address.toLowerCase()) reject("proof_signature", "the signature does not recover to Address");
  if (p.header && p.header !== HEADER) reject("proof_header", `header ${JSON.stringify(p.header)}`);
  const sender = getAddress(x.eventSender);
  if (!p.executorAddress || sender === undefined || p.executorAddress !== sender) reject("proof_executor", "ExecutorAddress is missing or not the event sender");
  if (!p.pkX25519 || p.pkX25519 !== "0x" + toHex(x.wireX25519)) reject("proof_keys", "PkX25519 is not the wire X25519 key");
  if (!p.pkEd25519 || p.pkEd25519 !== "0x" + toHex(x.wireEd25519)) reject("proof_keys", "PkEd25519 is not the wire Ed25519 key");
  if (p.context && p.context !== "verbeth") reject("proof_header", `Context ${JSON.stringify(p.context)}`);
  if (p.version && p.version !== "1") reject("proof_header", `Version ${JSON.stringify(p.version)}`);
  if (typeof x.expectedChainId === "number" && (typeof p.chainId !== "number" || p.chainId !== x.expectedChainId))
    reject("proof_chain_id", `ChainId is not ${x.expectedChainId}`);
  if (x.expectedRpId && (!p.rpId || p.rpId !== x.expectedRpId)) reject("proof_rp_id", `RpId is not ${JSON.stringify(x.expectedRpId)}`);

  if (profile === "strict") {
    strictMessage(x.message, f);
    const digits = x.signature.length - 2;
    const v = parseInt(x.signature.slice(130), 16);
    const s = BigInt("0x" + x.signature.slice(66, 130));
    if (digits !== 130 || (v !== 27 && v !== 28) || s > N / 2n) f.add("proof_signature", "the signature is not 65 bytes with v 27/28 and low s");
    if (x.expectedAddress) {
      // Read as ethers' getAddress reads it (with or without 0x, a mixed case must be the
      // checksum); "" is no expected party, as in the reference.
      const want = getAddress(x.expectedAddress)?.toLowerCase();
      if (want === undefined || (want !== p.address.toLowerCase() && want !== p.executorAddress.toLowerCase()))
        f.add("proof_address", "the proof is not from the intended party");
    }
  }
  return { address: p.address.toLowerCase(), executorAddress: p.executorAddress.toLowerCase() };
}

export function verifyProof(x: VerifyInput, profile: string): { address: string; executorAddress: string } {
  const f = new Findings();
  const r = checkProof(x, profile, f);
  f.settle(profile);
  return r;
}
