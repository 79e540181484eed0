// The verbeth/* adapter operations: one function per family of vectors/catalog_verbeth.go.
import { BadRequest, Inputs, JSONValue, Operation, Outputs, Reject, toHex, fromHex } from "../util.js";
import { Findings, hybridSecret, kdfChainKey, kdfRootKey, need, tagFrom, topic, x25519 } from "./primitives.js";
import { decodeHandshakePayload, decodeUnifiedPubKeys, encodeUnifiedPubKeys, initiate, matchResponse, openResponse, Opened, recipientHash, respond } from "./handshake.js";
import { bindingMessage, eip191Hash, verifyProof } from "./proof.js";
import { decrypt, encrypt, initiatorSession, parsePayload, parseSession, responderSession, sessionJSON } from "./ratchet.js";

function proofOf(inp: Inputs) {
  return { message: inp.str("proofMessage"), signature: inp.str("proofSignature") };
}

function sessionOutputs(r: ReturnType<typeof initiatorSession>) {
  return {
    hybridSecret: toHex(r.hybridSecret), sharedX25519: toHex(r.sharedX25519), rootKey0: toHex(r.rootKey0), chainKey0: toHex(r.chainKey0), state: sessionJSON(r.session), topicOutbound: toHex(r.session.topicOutbound),
    topicInbound: toHex(r.session.topicInbound), conversationId: toHex(r.session.conversationId),
  };
}

export const verbethOps: Record<string, Operation> = {
  "verbeth/recipientHash": (inp) => ({ recipientHash: toHex(recipientHash(inp.str("address"))) }),
  "verbeth/unifiedPubKeys/decode": (inp, profile) => {
    const f = new Findings();
    const k = decodeUnifiedPubKeys(inp.hex("pubKeys"), "pubKeys", f);
    f.settle(profile);
    return { version: k.version, x25519: toHex(k.x25519), ed25519: toHex(k.ed25519) };
  },
  "verbeth/unifiedPubKeys/encode": (inp, profile) => ({ pubKeys: toHex(encodeUnifiedPubKeys(inp.hex("x25519"), inp.hex("ed25519"), profile)) }),

  "verbeth/handshake/initiate": (inp, profile) => {
    const r = initiate({
      ephemeralSecret: inp.hex("ephemeralSecret"), mlkemSeed: inp.hex("mlkemSeed"), recipientAddress: inp.str("recipientAddress"),
      identityX25519: inp.hex("identityX25519"), identityEd25519: inp.hex("identityEd25519"), note: inp.str("note"), proof: proofOf(inp),
    }, profile);
    return {
      recipientHash: toHex(r.recipientHash), pubKeys: toHex(r.pubKeys), ephemeralPubKey: toHex(r.ephemeralPubKey),
      ephemeralX25519: toHex(r.A), kemPublicKey: toHex(r.ek), plaintextPayload: toHex(r.plaintextPayload),
    };
  },
  "verbeth/handshakePayload/decode": (inp, profile) => {
    const r = decodeHandshakePayload(inp.hex("plaintextPayload"), profile);
    return { note: r.note, proofMessage: r.message, proofSignature: r.signature };
  },
  "verbeth/tag": (inp, profile) => {
    const f = new Findings();
    const kem = inp.hex("kemSecret");
    need(kem, 32, "kemSecret");
    const ecdh = x25519(inp.hex("x25519Secret"), inp.hex("x25519Public"), "x25519Public", f);
    const t = tagFrom(ecdh, kem);
    f.settle(profile);
    return { ecdh: toHex(ecdh), okm: toHex(t.okm), inResponseTo: toHex(t.tag) };
  },
  "verbeth/handshake/respond": (inp, profile) => {
    const r = respond({
      initiatorEphemeralPubKey: inp.hex("initiatorEphemeralPubKey"), tagSecret: inp.hex("tagSecret"), ratchetSecret: inp.hex("ratchetSecret"),
      mlkemMessage: inp.hex("mlkemMessage"), boxNonce: inp.hex("boxNonce"), responderPubKeys: inp.hex("responderPubKeys"),
      note: inp.optStr("note"), proof: proofOf(inp),
    }, profile);
    return {
      inResponseTo: toHex(r.inResponseTo), responderEphemeralR: toHex(r.responderEphemeralR), ciphertext: toHex(r.ciphertext),
      kemCiphertext: toHex(r.kemCiphertext), kemSecret: toHex(r.kemSecret), innerPlaintext: toHex(r.innerPlaintext), hybridSecret: toHex(r.hybridSecret),
      ratchetPublicKey: toHex(r.ratchetPublicKey), tagEcdh: toHex(r.tagEcdh), tagOkm: toHex(r.tagOkm), sharedX25519: toHex(r.sharedX25519),
      box: toHex(r.box), rootKey0: toHex(r.rootKey0), chainKey0: toHex(r.chainKey0),
    };
  },
  "verbeth/response/open": (inp, profile) => {
    const f = new Findings();
    const o = openResponse(
      { ephemeralSecret: inp.hex("ephemeralSecret"), mlkemSeed: inp.hex("mlkemSeed"), R: inp.hex("responderEphemeralR"), inResponseTo: inp.hex("inResponseTo"), ciphertext: inp.hex("ciphertext") },
      { responder: inp.str("responder"), expectedChainId: inp.optInt("expectedChainId"), expectedRpId: inp.optStr("expectedRpId"), expectedAddress: inp.optStr("expectedAddress") },
      profile, f,
    ) as Opened;
    f.settle(profile);
    return {
      responderPubKeys: toHex(o.responderPubKeys), ratchetPublicKey: toHex(o.ratchetPublicKey), note: o.note,
      proofMessage: o.message, proofSignature: o.signature, responderAddress: o.responderAddress,
      sharedX25519: toHex(o.sharedX25519), innerPlaintext: toHex(o.innerPlaintext), kemCiphertext: toHex(o.kemCiphertext),
      kemSecret: toHex(o.kemSecret), tagEcdh: toHex(o.tagEcdh), tagOkm: toHex(o.tagOkm),
    };
  },
  "verbeth/response/match": (inp, profile) => {
    const pending = inp.json("pending");
    if (!Array.isArray(pending)) throw new BadRequest("pending is not an array");
    const R = inp.hex("responderEphemeralR");
    const tag = inp.hex("inResponseTo");
    need(R, 32, "responderEphemeralR");
    need(tag, 32, "inResponseTo");
    const list = pending.map((p, i) => {
      if (typeof p !== "object" || p === null || typeof p.ephemeralSecret !== "string" || typeof p.mlkemSeed !== "string")
        throw new BadRequest(`pending[${i}] is not {ephemeralSecret, mlkemSeed}`);
      return { ephemeralSecret: fromHex(p.ephemeralSecret), mlkemSeed: fromHex(p.mlkemSeed) };
    });
    // The event's fields, then every pending handshake's keys, are checked before any matching: a wrong
    // length there is the answer, not one pending handshake's reason for not matching.
    for (const p of list) {
      need(p.ephemeralSecret, 32, "ephemeralSecret");
      need(p.mlkemSeed, 64, "mlkemSeed");
    }
    const m = matchResponse(list, R, tag, inp.hex("ciphertext"), profile);
    return { index: m.index, kemSecret: toHex(m.kemSecret) };
  },
  "verbeth/identityProof/bindingMessage": (inp) => {
    need(inp.hex("ed25519"), 32, "ed25519");
    need(inp.hex("x25519"), 32, "x25519");
    const message = bindingMessage({
      address: inp.str("address"), ed25519: inp.hex("ed25519"), x25519: inp.hex("x25519"), executorAddress: inp.str("executorAddress"),
      chainId: inp.optInt("chainId"), rpId: inp.optStr("rpId"),
    });
    return { message, messageHash: toHex(eip191Hash(message)) };
  },
  "verbeth/identityProof/verify": (inp, profile) => {
    const r = verifyProof({
      message: inp.str("proofMessage"), signature: inp.str("proofSignature"), eventSender: inp.str("eventSender"),
      wireX25519: inp.hex("wireX25519"), wireEd25519: inp.hex("wireEd25519"), expectedChainId: inp.optInt("expectedChainId"),
      expectedRpId: inp.optStr("expectedRpId"), expectedAddress: inp.optStr("expectedAddress"),
    }, profile);
    return { address: r.address, executorAddress: r.executorAddress, messageHash: toHex(eip191Hash(inp.str("proofMessage"))) };
  },
  "verbeth/hybridSecret": (inp) => {
    const x = inp.hex("sharedX25519");
    const k = inp.hex("kemSecret");
    need(x, 32, "sharedX25519");
    need(k, 32, "kemSecret");
    return { hybridSecret: toHex(hybridSecret(x, k)) };
  },
  "verbeth/kdf/rootKey": (inp) => {
    const rk = inp.hex("rootKey");
    const dh = inp.hex("dh");
    need(rk, 32, "rootKey");
    need(dh, 32, "dh");
    const r = kdfRootKey(rk, dh);
    return { newRootKey: toHex(r.rootKey), chainKey: toHex(r.chainKey) };
  },
  "verbeth/kdf/chainKey": (inp) => {
    const ck = inp.hex("chainKey");
    need(ck, 32, "chainKey");
    const r = kdfChainKey(ck);
    return { messageKey: toHex(r.messageKey), newChainKey: toHex(r.chainKey) };
  },
  "verbeth/topic": (inp) => {
    const ikm = inp.hex("ikm");
    const salt = inp.hex("salt");
    need(ikm, 32, "ikm");
    need(salt, 32, "salt");
    return { topic: toHex(topic(ikm, salt, inp.str("direction"), inp.str("version"))) };
  },
  "verbeth/session/initiator": (inp, profile) =>
    sessionOutputs(initiatorSession(inp.hex("ephemeralSecret"), inp.hex("ratchetPublicKey"), inp.hex("kemSecret"), inp.hex("inResponseTo"), inp.hex("firstRatchetSecret"), profile)),
  "verbeth/session/responder": (inp, profile) =>
    sessionOutputs(responderSession(inp.hex("ratchetSecret"), inp.hex("initiatorEphemeralX25519"), inp.hex("kemSecret"), inp.hex("inResponseTo"), profile)),
  "verbeth/ratchet/payload/decode": (inp) => {
    const p = parsePayload(inp.hex("payload"));
    return { signature: toHex(p.signature), dh: toHex(p.dh), pn: p.pn, n: p.n, nonce: toHex(p.nonce), box: toHex(p.box) };
  },
  "verbeth/ratchet/encrypt": (inp) => {
    const r = encrypt(parseSession(inp.json("state")), inp.hex("plaintext"), inp.hex("signingSeed"), inp.int("jitter"), inp.hex("paddingFill"), inp.hex("nonce"));
    return {
      payload: toHex(r.payload), state: sessionJSON(r.session), topic: toHex(r.topic), messageKey: toHex(r.messageKey),
      padded: toHex(r.padded), signature: toHex(r.signature),
    };
  },
  "verbeth/ratchet/deliver": (inp, profile) => {
    let session = parseSession(inp.json("state"));
    const peer = inp.hex("peerEd25519");
    const messages = inp.json("messages");
    const steps = inp.json("steps");
    if (!Array.isArray(messages)) throw new BadRequest("messages is not an array");
    if (!Array.isArray(steps)) throw new BadRequest("steps is not an array");
    const msgs = messages.map((m, i) => {
      if (typeof m !== "object" || m === null || Array.isArray(m) || typeof m.payload !== "string" || (m.topic !== undefined && typeof m.topic !== "string"))
        throw new BadRequest(`messages[${i}] is not {payload, topic?}`);
      for (const k of Object.keys(m)) if (k !== "payload" && k !== "topic") throw new BadRequest(`messages[${i}] has a member ${k}`);
      return { payload: fromHex(m.payload), topic: m.topic === undefined ? undefined : fromHex(m.topic) };
    });
    const results: JSONValue[] = steps.map((st, i) => {
      if (typeof st !== "object" || st === null || Array.isArray(st)) throw new BadRequest(`steps[${i}] is not an object`);
      for (const k of Object.keys(st)) if (!["op", "message", "newRatchetSecret"].includes(k)) throw new BadRequest(`steps[${i}] has a member ${k}`);
      try {
        if (st.op === "deliver") {
          const j = st.message;
          if (typeof j !== "number" || !Number.isInteger(j) || j < 0 || j >= msgs.length) throw new BadRequest(`steps[${i}]: no message ${j}`);
          if (st.newRatchetSecret !== undefined && typeof st.newRatchetSecret !== "string") throw new BadRequest(`steps[${i}].newRatchetSecret is not hex`);
          const m = msgs[j]!;
          const secret = st.newRatchetSecret === undefined ? undefined : fromHex(st.newRatchetSecret);
          const r = decrypt(session, m.payload, peer, secret, profile, m.topic);
          session = r.session;
          const out: Record<string, JSONValue> = { plaintext: toHex(r.plaintext) };
          if (m.topic) out["topicMatch"] = r.topicMatch!;
          return out;
        }
        if (st.op === "send") {
          if (st.message !== undefined || st.newRatchetSecret !== undefined) throw new BadRequest(`steps[${i}]: a send takes no message`);
          const pn = session.previousChainLength, n = session.sendingMsgNumber;
          session = encrypt(session, new Uint8Array(0), new Uint8Array(32), 0, new Uint8Array(59), new Uint8Array(24)).session;
          return { pn, n };
        }
        throw new BadRequest(`steps[${i}]: op ${JSON.stringify(st.op)}`);
      } catch (e) {
        if (e instanceof Reject) return { error: e.category };
        throw e;
      }
    });
    return { results, state: sessionJSON(session) };
  },
  "verbeth/ratchet/decrypt": (inp, profile) => {
    const r = decrypt(parseSession(inp.json("state")), inp.hex("payload"), inp.hex("peerEd25519"), inp.optHex("newRatchetSecret"), profile, inp.optHex("topic"));
    const out: Outputs = { plaintext: toHex(r.plaintext), state: sessionJSON(r.session), messageKey: toHex(r.messageKey) };
    if (r.topicMatch) out["topicMatch"] = r.topicMatch;
    return out;
  },
};
