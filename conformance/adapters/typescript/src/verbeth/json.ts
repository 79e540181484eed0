// Reading the SDK's JSON: Node's own TextDecoder, JSON.parse and Buffer base64/hex
// are the deployed behaviour; the strict profile's extra rules are findings.
import { Findings } from "./primitives.js";
import { reject } from "../util.js";

/** Deeper nesting is refused in both profiles (a documented departure, spec/verbeth.md §8.1). */
export const MAX_DEPTH = 512;

interface Scan {
  duplicate?: string;
  loneSurrogate?: boolean;
  depth: number;
}

/**
 * Walks JSON text that JSON.parse accepted, reporting duplicate member names,
 * \u escapes of lone surrogates and the nesting depth.
 */
export function scanJSON(text: string): Scan {
  const out: Scan = { depth: 0 };
  type Frame = { obj: boolean; keys: Set<string>; expectKey: boolean };
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i++;
      continue;
    }
    if (c === "{" || c === "[") {
      stack.push({ obj: c === "{", keys: new Set(), expectKey: c === "{" });
      if (stack.length > out.depth) out.depth = stack.length;
      if (out.depth > MAX_DEPTH) return out;
      i++;
      continue;
    }
    if (c === "}" || c === "]") {
      stack.pop();
      i++;
      continue;
    }
    if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.obj) top.expectKey = true;
      i++;
      continue;
    }
    if (c === ":") {
      const top = stack[stack.length - 1];
      if (top) top.expectKey = false;
      i++;
      continue;
    }
    if (c === '"') {
      // Decode the string, watching the surrogate escapes.
      let s = "";
      i++;
      let pendingHigh = false;
      while (i < n && text[i] !== '"') {
        const ch = text[i]!;
        if (ch === "\\") {
          const e = text[i + 1]!;
          if (e === "u") {
            const code = parseInt(text.slice(i + 2, i + 6), 16);
            const isHigh = code >= 0xd800 && code <= 0xdbff;
            const isLow = code >= 0xdc00 && code <= 0xdfff;
            if (pendingHigh && !isLow) out.loneSurrogate = true;
            if (isLow && !pendingHigh) out.loneSurrogate = true;
            pendingHigh = isHigh;
            s += String.fromCharCode(code);
            i += 6;
            continue;
          }
          if (pendingHigh) out.loneSurrogate = true;
          pendingHigh = false;
          s += ({ b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" } as Record<string, string>)[e] ?? e;
          i += 2;
          continue;
        }
        if (pendingHigh) out.loneSurrogate = true;
        pendingHigh = false;
        s += ch;
        i++;
      }
      if (pendingHigh) out.loneSurrogate = true;
      i++;
      const top = stack[stack.length - 1];
      if (top?.obj && top.expectKey) {
        if (top.keys.has(s) && out.duplicate === undefined) out.duplicate = s;
        top.keys.add(s);
        top.expectKey = false;
      }
      continue;
    }
    // A number or literal: skip to the next structural character.
    while (i < n && !" \t\n\r,:]}".includes(text[i]!)) i++;
  }
  return out;
}

/** JSON.parse, with the depth limit, and the strict rules as findings. */
export function parseJSON(text: string, what: string, f: Findings): unknown {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    reject("json", `${what}: ${(e as Error).message}`);
  }
  const s = scanJSON(text);
  if (s.depth > MAX_DEPTH) reject("json", `${what}: nesting deeper than ${MAX_DEPTH}`);
  if (s.duplicate !== undefined) f.add("json", `${what}: duplicate member ${JSON.stringify(s.duplicate)}`);
  if (s.loneSurrogate) f.add("json", `${what}: a \\u escape of a lone surrogate`);
  return v;
}

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder("utf-8");

/** TextDecoder as the SDK uses it; a BOM or ill-formed UTF-8 is a strict finding. */
export function decodeUTF8(b: Uint8Array, what: string, f: Findings): string {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) f.add("json", `${what}: byte order mark`);
  try {
    fatal.decode(b);
  } catch {
    f.add("json", `${what}: not well-formed UTF-8`);
  }
  return lenient.decode(b);
}

/** An event's bytes as text; "0x" + hex of the JSON is decoded as the SDK does (a strict finding). */
export function eventText(b: Uint8Array, what: string, f: Findings): string {
  const text = decodeUTF8(b, what, f);
  if (!text.startsWith("0x")) return text;
  f.add("hex", `${what} is 0x-hex of the JSON`);
  return new TextDecoder().decode(Uint8Array.from(Buffer.from(text.slice(2), "hex")));
}

/** Buffer.from(s, "base64"); a non-string is a JSON error, a non-canonical string a strict finding. */
export function base64(v: unknown, field: string, f: Findings): Uint8Array {
  if (typeof v !== "string") reject("json", `${field} is not a string`);
  const b = Buffer.from(v, "base64");
  if (b.toString("base64") !== v) f.add("base64", `${field} is not canonical base64`);
  return Uint8Array.from(b);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
