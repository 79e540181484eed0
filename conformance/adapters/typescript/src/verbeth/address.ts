// Ethereum addresses as ethers 6 getAddress reads them (spec/verbeth.md §7.6).
import { keccak_256 } from "@noble/hashes/sha3.js";
import { toHex } from "../util.js";

/** EIP-55 checksum form of "0x" + hex (lowercased first). */
export function checksum(addr: string): string {
  const lower = addr.toLowerCase().slice(2);
  const h = keccak_256(new TextEncoder().encode(lower.slice(0, 40)));
  let out = "";
  for (let i = 0; i < lower.length; i++) {
    const nib = i < 40 ? (i % 2 === 0 ? h[i >> 1]! >> 4 : h[i >> 1]! & 0x0f) : 0;
    out += nib >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  }
  return "0x" + out;
}

function ibanChecksum(address: string): string {
  const a = address.toUpperCase();
  const moved = a.substring(4) + a.substring(0, 2) + "00";
  let expanded = "";
  for (const c of moved) {
    const code = c.charCodeAt(0);
    expanded += code >= 65 && code <= 90 ? String(code - 55) : c;
  }
  // Reduce 15 digits at a time, as a float-safe mod 97.
  while (expanded.length >= 15) {
    const block = expanded.substring(0, 15);
    expanded = String(parseInt(block, 10) % 97) + expanded.substring(15);
  }
  let s = String(98 - (parseInt(expanded, 10) % 97));
  while (s.length < 2) s = "0" + s;
  return s;
}

/**
 * ethers' getAddress: 40 hex digits with or without "0x" (a checksum is required when
 * the case is mixed), or an ICAP direct address. Returns the checksummed form, or
 * undefined where ethers throws. An ICAP value above 160 bits gives a string ethers
 * cannot read back; we refuse it at once.
 */
export function getAddress(a: string): string | undefined {
  if (/^(0x)?[0-9a-fA-F]{40}$/.test(a)) {
    const full = a.startsWith("0x") ? a : "0x" + a;
    const result = checksum(full);
    if (/([A-F].*[a-f])|([a-f].*[A-F])/.test(full) && result !== full) return undefined;
    return result;
  }
  if (/^XE[0-9]{2}[0-9A-Za-z]{30,31}$/.test(a)) {
    if (a.substring(2, 4) !== ibanChecksum(a)) return undefined;
    let v = 0n;
    for (const c of a.substring(4).toLowerCase()) v = v * 36n + BigInt(parseInt(c, 36));
    const h = v.toString(16).padStart(40, "0");
    if (h.length > 40) return undefined;
    return checksum("0x" + h);
  }
  return undefined;
}

export function addressFromPublicKey(uncompressed: Uint8Array): string {
  return "0x" + toHex(keccak_256(uncompressed.subarray(1)).subarray(12));
}
