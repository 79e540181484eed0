// Verbeth pieces: addresses, proofs, JSON and base64 rules, the handshake end to end,
// both sessions and the ratchet in both directions.
import { test } from "node:test";
import assert from "node:assert/strict";
import nacl from "tweetnacl";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { fromHex, toHex, detrand, rejects } from "./helpers.js";
import { concat, utf8, Inputs } from "../util.js";
import { getAddress, addressFromPublicKey } from "../verbeth/address.js";
import { bindingMessage, eip191Hash, recoverSigner, verifyProof } from "../verbeth/proof.js";
import { scanJSON, base64 } from "../verbeth/json.js";
import { Findings, conversationId } from "../verbeth/primitives.js";
import { bucketOf, decrypt, encrypt, parseSession, sessionJSON, unpad } from "../verbeth/ratchet.js";
import { verbethOps } from "../verbeth/ops.js";

test("EIP-55 checksums (the EIP's examples) and ethers' getAddress rules", () => {
  for (const a of ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"]) {
    assert.equal(getAddress(a.toLowerCase()), a);
    assert.equal(getAddress(a), a);
    assert.equal(getAddress(a.slice(2)), a);
    assert.equal(getAddress("0x" + a.slice(2).toUpperCase()), a);
  }
  assert.equal(getAddress("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), undefined);
  assert.equal(getAddress("0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), undefined);
  // ethers' documented ICAP example.
  assert.equal(getAddress("XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36"), "0x8ba1f109551bD432803012645Ac136ddd64DBA72");
  assert.equal(getAddress("XE66GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36"), undefined);
});

test("secp256k1: the private key 1 is the well-known address", () => {
  assert.equal(addressFromPublicKey(secp256k1.getPublicKey(fromHex("00".repeat(31) + "01"), false)), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
});

const signer = detrand("v/signer", 32);
const signerAddr = addressFromPublicKey(secp256k1.getPublicKey(signer, false));

function sign(message: string, v27 = true): string {
  const sig = secp256k1.sign(eip191Hash(message), signer, { prehash: false, format: "recovered" });
  // noble's recovered format is recovery || r || s.
  const rec = sig[0]!;
  return "0x" + toHex(sig.subarray(1)) + (v27 ? (27 + rec).toString(16) : "0" + rec.toString(16));
}

const xKey = detrand("v/x", 32), edKey = detrand("v/ed", 32);

function proof(extra: Partial<Parameters<typeof bindingMessage>[0]> = {}) {
  const message = bindingMessage({ address: signerAddr, ed25519: edKey, x25519: xKey, executorAddress: signerAddr, chainId: 8453, ...extra });
  return { message, signature: sign(message) };
}

test("identity proof: sign, recover, verify in both profiles, and the profile differences", () => {
  const p = proof();
  assert.equal(recoverSigner(p.message, p.signature), signerAddr);
  const base = { eventSender: signerAddr, wireX25519: xKey, wireEd25519: edKey, expectedChainId: 8453 };
  assert.equal(verifyProof({ ...p, ...base }, "strict").address, signerAddr);
  rejects(() => verifyProof({ ...p, ...base, eventSender: "0x" + "11".repeat(20) }, "deployed"), "proof_executor");
  rejects(() => verifyProof({ ...p, ...base, wireX25519: edKey }, "deployed"), "proof_keys");
  rejects(() => verifyProof({ ...p, ...base, expectedChainId: 1 }, "deployed"), "proof_chain_id");
  rejects(() => verifyProof({ ...p, ...base, expectedRpId: "example.org" }, "deployed"), "proof_rp_id");
  rejects(() => verifyProof({ ...p, signature: p.signature.slice(0, -2) + (p.signature.endsWith("1b") ? "1c" : "1b"), ...base }, "deployed"), "proof_signature");
  // v as 0/1 is viem-acceptable, strict refuses it.
  const v01 = { message: p.message, signature: sign(p.message, false) };
  assert.equal(verifyProof({ ...v01, ...base }, "deployed").address, signerAddr);
  rejects(() => verifyProof({ ...v01, ...base }, "strict"), "proof_signature");
  // CRLF lines: trimmed by the SDK, not canonical.
  const crlf = p.message.split("\n").join("\r\n");
  const pc = { message: crlf, signature: sign(crlf) };
  assert.equal(verifyProof({ ...pc, ...base }, "deployed").address, signerAddr);
  rejects(() => verifyProof({ ...pc, ...base }, "strict"), "proof_header");
  // No ChainId line and a verifier without one.
  const nc = proof({ chainId: undefined });
  assert.equal(verifyProof({ ...nc, ...base, expectedChainId: undefined }, "deployed").address, signerAddr);
  rejects(() => verifyProof({ ...nc, ...base, expectedChainId: undefined }, "strict"), "proof_chain_id");
  // Someone else's response.
  rejects(() => verifyProof({ ...p, ...base, expectedAddress: "0x" + "22".repeat(20) }, "strict"), "proof_address");
  assert.equal(verifyProof({ ...p, ...base, expectedAddress: "0x" + "22".repeat(20) }, "deployed").address, signerAddr);
  // The legacy executor key is unknown since 0.1.7.
  const legacy = p.message.replace("ExecutorAddress:", "ExecutorSafeAddress:");
  rejects(() => verifyProof({ message: legacy, signature: sign(legacy), ...base }, "deployed"), "proof_executor");
});

test("JSON scan: duplicates, lone surrogate escapes, depth", () => {
  assert.equal(scanJSON('{"a":1,"b":{"a":2},"\\u0061":3}').duplicate, "a");
  assert.equal(scanJSON('{"a":[{"a":1},{"a":1}]}').duplicate, undefined);
  assert.ok(scanJSON('"\\ud800"').loneSurrogate);
  assert.ok(scanJSON('"\\udc00\\ud800"').loneSurrogate);
  assert.ok(!scanJSON('"\\ud83d\\ude00"').loneSurrogate);
  assert.equal(scanJSON("[".repeat(600) + "]".repeat(600)).depth, 513);
});

test("base64: Node's lenient reading, strict canonical form", () => {
  const f = new Findings();
  assert.equal(toHex(base64("AQID", "x", f)), "010203");
  assert.equal(f.list.length, 0);
  for (const s of ["AQI", "AQI=\n", "AQJ=", "_-8=", "A Q I D"]) {
    const g = new Findings();
    base64(s, "x", g);
    assert.equal(g.list[0]?.category, "base64", s);
  }
  rejects(() => base64(5, "x", new Findings()), "json");
});

test("padding buckets and the strict size rule", () => {
  assert.deepEqual([59, 60, 64, 65, 16384, 16385].map(bucketOf), [64, 64, 64, 128, 16384, 20480]);
  const f = new Findings();
  unpad(concat(fromHex("0000000001"), fromHex("aa"), new Uint8Array(58 + 7)), f);
  assert.equal(f.list.length, 0);
  unpad(concat(fromHex("0000000001"), fromHex("aa"), new Uint8Array(58 + 8)), f);
  assert.equal(f.list[0]?.category, "padding");
  rejects(() => unpad(fromHex("01000000000000"), new Findings()), "padding");
  rejects(() => unpad(fromHex("0000000009aa"), new Findings()), "padding");
});

function op(name: string, inputs: Record<string, unknown>, profile: "strict" | "deployed" = "strict"): Record<string, any> {
  return verbethOps[name]!(new Inputs(inputs), profile) as Record<string, any>;
}

test("handshake, response, open, match, sessions and messages, end to end", () => {
  const a = detrand("e/a", 32), seed = detrand("e/seed", 64);
  const p = proof();
  const init = op("verbeth/handshake/initiate", {
    ephemeralSecret: toHex(a), mlkemSeed: toHex(seed), recipientAddress: "0xAbC0000000000000000000000000000000000001",
    identityX25519: toHex(xKey), identityEd25519: toHex(edKey), note: "hi </script> \u2028", proofMessage: p.message, proofSignature: p.signature,
  });
  assert.equal(init["ephemeralPubKey"].length, 2 * 1216);
  const payloadText = Buffer.from(init["plaintextPayload"], "hex").toString("utf8");
  assert.ok(payloadText.startsWith('{"plaintextPayload":"hi </script> \u2028","identityProof":{"message":'));
  const dec = op("verbeth/handshakePayload/decode", { plaintextPayload: init["plaintextPayload"] });
  assert.equal(dec["proofSignature"], p.signature);
  // The 0x-hex form of the same payload: deployed reads it, strict refuses it.
  const hexForm = toHex(utf8("0x" + init["plaintextPayload"]));
  assert.equal(op("verbeth/handshakePayload/decode", { plaintextPayload: hexForm }, "deployed")["note"], "hi </script> \u2028");
  assert.throws(() => op("verbeth/handshakePayload/decode", { plaintextPayload: hexForm }, "strict"));

  const respPub = toHex(concat(Uint8Array.of(1), xKey, edKey));
  const r = op("verbeth/handshake/respond", {
    initiatorEphemeralPubKey: init["ephemeralPubKey"], tagSecret: toHex(detrand("e/r", 32)), ratchetSecret: toHex(detrand("e/rks", 32)),
    mlkemMessage: toHex(detrand("e/m", 32)), boxNonce: toHex(detrand("e/nonce", 24)), responderPubKeys: respPub, note: "yo",
    proofMessage: p.message, proofSignature: p.signature,
  });
  const env = JSON.parse(Buffer.from(r["ciphertext"], "hex").toString());
  assert.deepEqual(Object.keys(env), ["v", "epk", "n", "ct"]);
  const tag = op("verbeth/tag", { x25519Secret: toHex(a), x25519Public: r["responderEphemeralR"], kemSecret: r["kemSecret"] });
  assert.equal(tag["inResponseTo"], r["inResponseTo"]);
  const opened = op("verbeth/response/open", {
    ephemeralSecret: toHex(a), mlkemSeed: toHex(seed), responderEphemeralR: r["responderEphemeralR"], inResponseTo: r["inResponseTo"], ciphertext: r["ciphertext"],
    responder: signerAddr, expectedChainId: 8453, expectedAddress: signerAddr,
  });
  assert.equal(opened["responderAddress"], signerAddr);
  assert.equal(opened["responderPubKeys"], respPub);
  assert.equal(opened["kemSecret"], r["kemSecret"]);
  assert.equal(opened["note"], "yo");
  const other = { ephemeralSecret: toHex(detrand("e/other", 32)), mlkemSeed: toHex(detrand("e/oseed", 64)) };
  const m = op("verbeth/response/match", {
    pending: [other, { ephemeralSecret: toHex(a), mlkemSeed: toHex(seed) }], responderEphemeralR: r["responderEphemeralR"], inResponseTo: r["inResponseTo"], ciphertext: r["ciphertext"],
  });
  assert.equal(m["index"], 1);
  assert.throws(() => op("verbeth/response/match", { pending: [other], responderEphemeralR: r["responderEphemeralR"], inResponseTo: r["inResponseTo"], ciphertext: r["ciphertext"] }));

  const A = init["ephemeralX25519"];
  const bob = op("verbeth/session/responder", { ratchetSecret: toHex(detrand("e/rks", 32)), initiatorEphemeralX25519: A, kemSecret: r["kemSecret"], inResponseTo: r["inResponseTo"] });
  const alice = op("verbeth/session/initiator", {
    ephemeralSecret: toHex(a), ratchetPublicKey: opened["ratchetPublicKey"], kemSecret: r["kemSecret"], inResponseTo: r["inResponseTo"], firstRatchetSecret: toHex(detrand("e/s1", 32)),
  });
  assert.equal(alice["hybridSecret"], bob["hybridSecret"]);
  assert.equal(alice["hybridSecret"], r["hybridSecret"]);
  assert.equal(alice["conversationId"], bob["conversationId"]);
  assert.equal(alice["topicOutbound"], bob["topicInbound"]);
  assert.equal(toHex(conversationId(fromHex(alice["topicOutbound"]), fromHex(alice["topicInbound"]))), alice["conversationId"]);

  // Alice sends two messages; Bob gets the second first (a DH step and one skipped key), then the first.
  const aliceEd = nacl.sign.keyPair.fromSeed(detrand("e/aed", 32));
  let aState = alice["state"];
  const sent: string[] = [];
  for (const text of ["one", "two"]) {
    const e = op("verbeth/ratchet/encrypt", { state: aState, plaintext: toHex(utf8(text)), signingSeed: toHex(detrand("e/aed", 32)), jitter: 3, paddingFill: toHex(new Uint8Array(64 + 3 - 5 - 3)), nonce: toHex(detrand(`e/n/${text}`, 24)) });
    assert.equal(e["topic"], alice["topicOutbound"]);
    aState = e["state"];
    sent.push(e["payload"]);
  }
  const pd = op("verbeth/ratchet/payload/decode", { payload: sent[1] });
  assert.equal(pd["n"], 1);
  let bState = bob["state"];
  const d2 = op("verbeth/ratchet/decrypt", { state: bState, payload: sent[1], peerEd25519: toHex(aliceEd.publicKey), newRatchetSecret: toHex(detrand("e/bs1", 32)) });
  assert.equal(Buffer.from(d2["plaintext"], "hex").toString(), "two");
  bState = d2["state"];
  assert.equal(bState.skippedKeys.length, 1);
  assert.equal(bState.topicEpoch, 1);
  assert.equal(bState.currentTopicInbound, alice["state"].nextTopicOutbound);
  const d1 = op("verbeth/ratchet/decrypt", { state: bState, payload: sent[0], peerEd25519: toHex(aliceEd.publicKey) });
  assert.equal(Buffer.from(d1["plaintext"], "hex").toString(), "one");
  assert.equal(d1["state"].skippedKeys.length, 0);
  assert.throws(() => op("verbeth/ratchet/decrypt", { state: d1["state"], payload: sent[1], peerEd25519: toHex(aliceEd.publicKey) }), /already received/);
  // Bob answers; Alice steps.
  const bobEd = nacl.sign.keyPair.fromSeed(detrand("e/bed", 32));
  const b1 = op("verbeth/ratchet/encrypt", { state: d1["state"], plaintext: toHex(utf8("three")), signingSeed: toHex(detrand("e/bed", 32)), jitter: 0, paddingFill: toHex(new Uint8Array(64 - 5 - 5)), nonce: toHex(detrand("e/n/3", 24)) });
  const a3 = op("verbeth/ratchet/decrypt", { state: aState, payload: b1["payload"], peerEd25519: toHex(bobEd.publicKey), newRatchetSecret: toHex(detrand("e/as2", 32)) });
  assert.equal(Buffer.from(a3["plaintext"], "hex").toString(), "three");
  assert.equal(aState.nextTopicInbound, b1["topic"]); // Alice finds it on her next inbound topic (§7.10)
  // The state survives a JSON round trip unchanged.
  assert.deepEqual(sessionJSON(parseSession(a3["state"])), a3["state"]);
  rejects(() => parseSession({ ...a3["state"], extra: 1 }), "json");
  // A forged signature.
  const forged = fromHex(b1["payload"]);
  forged[200]! ^= 1;
  rejects(() => decrypt(parseSession(d1["state"]), forged, bobEd.publicKey, undefined, "deployed"), "signature");
  void encrypt;
});
