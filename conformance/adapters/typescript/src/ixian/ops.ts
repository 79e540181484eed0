// The ixian/* adapter operations: one function per family of vectors/catalog_ixian.go.
import { Inputs, Operation, Outputs, Profile, reject, toHex, BadRequest, concat } from "../util.js";
import { readVarInt, readVarUInt, encodeVarInt, encodeVarUInt, encodeIxiBytes, Reader } from "./varint.js";
import {
  decodeAcceptAdd2, decodeKeys2, decodeRequestAdd2, decodeSpixiMessage,
  encodeAcceptAdd2, encodeKeys2, encodeRequestAdd2, encodeSpixiMessage,
} from "./payloads.js";
import { checkRsaPubKey, checkScalar, checkSalt, checkSeed, deriveKeys, ecdhPublic, ecdhSecret, mlkemDecaps, mlkemEncaps, mlkemKeygen } from "./keys.js";
import { rsa2Decrypt, rsa2Encrypt, spixi2Decrypt, spixi2EncryptFull } from "./envelopes.js";
import { parseEvent, parseState, stateJSON, transition } from "./status.js";
import { ml_kem1024 } from "@noble/post-quantum/ml-kem.js";
import { sha3_256, shake256 } from "@noble/hashes/sha3.js";

function varDecode(signed: boolean): Operation {
  return (inp, profile) => {
    const data = inp.hex("data");
    const r = (signed ? readVarInt : readVarUInt)(data, 0, "value");
    if (profile === "strict" && !r.minimal) reject("non_minimal_varint", "the varint is not in its shortest form");
    return { value: r.value.toString(), length: r.length, minimal: r.minimal };
  };
}

function ixiBytesDecode(inp: Inputs, profile: Profile): Outputs {
  const r = new Reader(inp.hex("data"), profile);
  const v = r.bytes("value");
  return { value: toHex(v), length: r.off };
}

function caps(inp: Inputs): number {
  return inp.int("capabilities");
}

export const ixianOps: Record<string, Operation> = {
  "ixian/IxiVarUInt/decode": varDecode(false),
  "ixian/IxiVarInt/decode": varDecode(true),
  "ixian/IxiVarUInt/encode": (inp) => ({ data: toHex(encodeVarUInt(inp.decimal("value"))) }),
  "ixian/IxiVarInt/encode": (inp) => ({ data: toHex(encodeVarInt(inp.decimal("value"))) }),
  "ixian/IxiBytes/decode": ixiBytesDecode,
  "ixian/IxiBytes/encode": (inp) => ({ data: toHex(encodeIxiBytes(inp.hex("value"))) }),
  "ixian/StreamMessage/additionalData": (inp) => ({
    aad: toHex(concat(inp.hex("id"), encodeVarInt(BigInt(inp.int("type"))), encodeVarInt(inp.decimal("timestamp")))),
  }),

  "ixian/requestAdd2/decode": (inp, profile) => {
    const m = decodeRequestAdd2(inp.hex("payload"), profile);
    return { maxProtocolVersion: m.maxProtocolVersion, pubKey: toHex(m.pubKey) };
  },
  "ixian/requestAdd2/encode": (inp) => ({
    payload: toHex(encodeRequestAdd2({ maxProtocolVersion: inp.int("maxProtocolVersion"), pubKey: inp.hex("pubKey") })),
  }),
  "ixian/acceptAdd2/decode": (inp, profile) => {
    const m = decodeAcceptAdd2(inp.hex("payload"), profile);
    return {
      version: m.version, rsaPubKey: toHex(m.rsaPubKey), ecdhPubKey: toHex(m.ecdhPubKey), mlkemPubKey: toHex(m.mlkemPubKey),
      aesSalt: toHex(m.aesSalt), capabilities: m.capabilities, capabilitiesPresent: m.capabilitiesPresent,
    };
  },
  "ixian/acceptAdd2/encode": (inp) => ({
    payload: toHex(encodeAcceptAdd2({
      version: inp.int("version"), rsaPubKey: inp.hex("rsaPubKey"), ecdhPubKey: inp.hex("ecdhPubKey"),
      mlkemPubKey: inp.hex("mlkemPubKey"), aesSalt: inp.hex("aesSalt"), capabilities: caps(inp),
    })),
  }),
  "ixian/keys2/decode": (inp, profile) => {
    const m = decodeKeys2(inp.hex("payload"), profile);
    return {
      ecdhPubKey: toHex(m.ecdhPubKey), mlkemCiphertext: toHex(m.mlkemCiphertext), chachaSalt: toHex(m.chachaSalt),
      capabilities: m.capabilities, capabilitiesPresent: m.capabilitiesPresent,
    };
  },
  "ixian/keys2/encode": (inp) => ({
    payload: toHex(encodeKeys2({
      ecdhPubKey: inp.hex("ecdhPubKey"), mlkemCiphertext: inp.hex("mlkemCiphertext"), chachaSalt: inp.hex("chachaSalt"), capabilities: caps(inp),
    })),
  }),
  "ixian/SpixiMessage/decode": (inp, profile) => {
    const m = decodeSpixiMessage(inp.hex("frame"), profile);
    return { type: m.type, data: toHex(m.data), channel: m.channel, groupAddress: toHex(m.groupAddress), groupSenderAddress: toHex(m.groupSenderAddress) };
  },
  "ixian/SpixiMessage/encode": (inp) => ({
    frame: toHex(encodeSpixiMessage({
      type: inp.int("type"), data: inp.hex("data"), channel: inp.int("channel"),
      groupAddress: inp.hex("groupAddress"), groupSenderAddress: inp.hex("groupSenderAddress"),
    })),
  }),

  "ixian/ecdh": (inp, profile) => {
    const d = checkScalar(inp.hex("ecdhPrivateKey"));
    const secret = ecdhSecret(d, inp.hex("publicKey"), "publicKey", profile);
    return { ecdhSecret: toHex(secret), ownPublicKey: toHex(ecdhPublic(d)) };
  },
  "ixian/deriveKeys": (inp, profile) => {
    const k = deriveKeys(inp.hex("ecdhSecret"), inp.hex("mlkemSecret"), inp.hex("aesSalt"), inp.hex("chachaSalt"), profile);
    return { ikm: toHex(k.ikm), aesKey: toHex(k.aesKey), chachaKey: toHex(k.chachaKey), aesPrk: toHex(k.aesPrk), chachaPrk: toHex(k.chachaPrk) };
  },

  "ixian/acceptor/prepare": (inp, profile) => {
    const d = checkScalar(inp.hex("ecdhPrivateKey"));
    const seed = inp.hex("mlkemSeed");
    checkSeed(seed);
    const aesSalt = inp.hex("aesSalt");
    const version = inp.int("version");
    const rsaPubKey = inp.hex("rsaPubKey");
    checkSalt(aesSalt, "aesSalt", profile);
    const ecdhPubKey = ecdhPublic(d);
    const { publicKey } = mlkemKeygen(seed);
    const payload = encodeAcceptAdd2({ version, rsaPubKey, ecdhPubKey, mlkemPubKey: publicKey, aesSalt, capabilities: caps(inp) });
    // spec/ixian-s2.md §7.3: the payload, written as Ixian-Core writes it, must decode under the same profile, and
    // the decoder's first broken rule is the answer (the version's low byte read back as a varint, rsaPubKey's
    // checks, a negative capabilities' signed prefix), in wire order after the salt.
    decodeAcceptAdd2(payload, profile);
    return { acceptAdd2: toHex(payload), ecdhPubKey: toHex(ecdhPubKey), mlkemPubKey: toHex(publicKey) };
  },
  "ixian/requester/acceptAdd2": (inp, profile) => {
    const m = decodeAcceptAdd2(inp.hex("acceptAdd2"), profile);
    const d = checkScalar(inp.hex("ecdhPrivateKey"));
    const chachaSalt = inp.hex("chachaSalt");
    checkSalt(chachaSalt, "chachaSalt", profile);
    const ecdh = ecdhSecret(d, m.ecdhPubKey, "ecdhPubKey", profile);
    const kem = mlkemEncaps(m.mlkemPubKey, inp.hex("mlkemMessage"));
    const k = deriveKeys(ecdh, kem.sharedSecret, m.aesSalt, chachaSalt, profile);
    const keys2 = encodeKeys2({ ecdhPubKey: ecdhPublic(d), mlkemCiphertext: kem.cipherText, chachaSalt, capabilities: caps(inp) });
    // As for acceptAdd2 in prepare: the written keys2 must decode under the same profile (a negative
    // capabilities is written with a signed prefix, which strict refuses).
    decodeKeys2(keys2, profile);
    return {
      keys2: toHex(keys2), ecdhSecret: toHex(ecdh), mlkemSecret: toHex(kem.sharedSecret), ikm: toHex(k.ikm),
      aesKey: toHex(k.aesKey), chachaKey: toHex(k.chachaKey), peerCapabilities: m.capabilities, aesPrk: toHex(k.aesPrk), chachaPrk: toHex(k.chachaPrk),
      ecdhPubKey: toHex(ecdhPublic(d)), mlkemCiphertext: toHex(kem.cipherText),
    };
  },
  // §7.5: the state in the forms Ixian-Core persists: the scalar without leading zero bytes, the expanded
  // 3168-byte decapsulation key dk_PKE || ek || H(ek) || z.
  "ixian/acceptor/keys2/persisted": (inp, profile) => {
    const sc = inp.hex("ecdhPrivateKey");
    if (sc.length < 1 || sc.length > 66) reject("invalid_key", `ecdhPrivateKey is ${sc.length} bytes, want 1..66`);
    const d = checkScalar(concat(new Uint8Array(66 - sc.length), sc));
    const dk = inp.hex("mlkemPrivateKey");
    if (dk.length !== 3168) reject("invalid_key", `mlkemPrivateKey is ${dk.length} bytes, want 3168`);
    const ek = dk.subarray(1536, 3104), h = dk.subarray(3104, 3136), z = dk.subarray(3136);
    const hashOK = toHex(sha3_256(ek)) === toHex(h);
    if (profile === "strict" && !hashOK) reject("invalid_key", "mlkemPrivateKey: H(ek) is not SHA3-256 of its ek");
    const aesSalt = inp.hex("aesSalt");
    checkSalt(aesSalt, "aesSalt", profile);
    const m = decodeKeys2(inp.hex("keys2"), profile);
    const ecdh = ecdhSecret(d, m.ecdhPubKey, "ecdhPubKey", profile);
    if (m.mlkemCiphertext.length !== 1568) reject("field_length", "mlkemCiphertext is not 1568 bytes");
    // With a consistent key this is ML-KEM decapsulation. With a wrong H(ek), FIPS 203's re-encryption check
    // fails (but with negligible probability), so the result is the implicit rejection secret J(z || c).
    const kem = hashOK ? ml_kem1024.decapsulate(m.mlkemCiphertext, dk) : shake256(concat(z, m.mlkemCiphertext), { dkLen: 32 });
    const k = deriveKeys(ecdh, kem, aesSalt, m.chachaSalt, profile);
    return {
      ecdhSecret: toHex(ecdh), mlkemSecret: toHex(kem), ikm: toHex(k.ikm), aesKey: toHex(k.aesKey), chachaKey: toHex(k.chachaKey), aesPrk: toHex(k.aesPrk), chachaPrk: toHex(k.chachaPrk),
      peerCapabilities: m.capabilities,
    };
  },
  "ixian/acceptor/keys2": (inp, profile) => {
    const d = checkScalar(inp.hex("ecdhPrivateKey"));
    const seed = inp.hex("mlkemSeed");
    checkSeed(seed);
    const aesSalt = inp.hex("aesSalt");
    checkSalt(aesSalt, "aesSalt", profile);
    const m = decodeKeys2(inp.hex("keys2"), profile);
    const ecdh = ecdhSecret(d, m.ecdhPubKey, "ecdhPubKey", profile);
    const kem = mlkemDecaps(seed, m.mlkemCiphertext);
    const k = deriveKeys(ecdh, kem, aesSalt, m.chachaSalt, profile);
    return {
      ecdhSecret: toHex(ecdh), mlkemSecret: toHex(kem), ikm: toHex(k.ikm), aesKey: toHex(k.aesKey), chachaKey: toHex(k.chachaKey), aesPrk: toHex(k.aesPrk), chachaPrk: toHex(k.chachaPrk),
      peerCapabilities: m.capabilities,
    };
  },

  "ixian/spixi2/encrypt": (inp, profile) => {
    const r = spixi2EncryptFull(inp.hex("aesKey"), inp.hex("chachaKey"), inp.hex("nonce"), inp.hex("aad"), inp.hex("plaintext"), profile);
    return {
      ciphertext: toHex(r.ciphertext), aesDerivedKey: toHex(r.aesDerivedKey), aesIv: toHex(r.aesIv),
      chachaDerivedKey: toHex(r.chachaDerivedKey), chachaIv: toHex(r.chachaIv), aesCiphertext: toHex(r.aesCiphertext),
      aesHash: toHex(r.aesHash), chachaHash: toHex(r.chachaHash),
    };
  },
  "ixian/spixi2/decrypt": (inp, profile) => ({
    plaintext: toHex(spixi2Decrypt(inp.hex("aesKey"), inp.hex("chachaKey"), inp.hex("aad"), inp.hex("ciphertext"), profile)),
  }),
  "ixian/rsa2/encrypt": (inp, profile) => {
    const r = rsa2Encrypt({
      rsaPubKey: inp.hex("rsaPubKey"), tempAesKey: inp.hex("tempAesKey"), tempChachaKey: inp.hex("tempChachaKey"),
      oaepSeed: inp.hex("oaepSeed"), nonce: inp.hex("nonce"), aad: inp.hex("aad"), plaintext: inp.hex("plaintext"),
    }, profile);
    return { envelope: toHex(r.envelope), keyBlock: toHex(r.keyBlock), encryptedKeys: toHex(r.encryptedKeys) };
  },
  "ixian/rsa2/decrypt": (inp, profile) => {
    const r = rsa2Decrypt(inp.hex("rsaPrivateKey"), inp.hex("aad"), inp.hex("envelope"), profile);
    return { plaintext: toHex(r.plaintext), tempAesKey: toHex(r.tempAesKey), tempChachaKey: toHex(r.tempChachaKey) };
  },

  "ixian/handshakeStatus": (inp) => {
    const role = inp.str("role");
    if (role !== "requester" && role !== "acceptor") throw new BadRequest(`role ${role}`);
    let state = parseState(inp.json("state"));
    if (inp.has("before") && inp.json("before") !== null) {
      const before = inp.json("before");
      if (!Array.isArray(before)) throw new BadRequest("before is not an array");
      for (const ev of before) state = transition(role, state, parseEvent(ev)).state;
    }
    const t = transition(role, state, parseEvent(inp.json("event")));
    if (t.refused) throw t.refused;
    return { state: stateJSON(t.state), action: t.action! };
  },
};
