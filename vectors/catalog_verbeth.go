package vectors

// The Verbeth hybrid handshake families. spec/verbeth.md defines every layout
// and rule they refer to; its section numbers are cited in the headers.

func init() {
	Register(
		VerbethRecipientHash, VerbethUnifiedPubKeysDecode, VerbethUnifiedPubKeysEncode,
		VerbethHandshakeInitiate, VerbethHandshakePayloadDecode,
		VerbethTag, VerbethHandshakeRespond, VerbethResponseOpen, VerbethResponseMatch,
		VerbethIdentityProofBindingMessage, VerbethIdentityProofVerify,
		VerbethHybridSecret, VerbethKDFRootKey, VerbethKDFChainKey, VerbethTopic,
		VerbethSessionInitiator, VerbethSessionResponder,
		VerbethRatchetPayloadDecode, VerbethRatchetEncrypt, VerbethRatchetDecrypt, VerbethRatchetDeliver,
	)
}

// Text fields of the Verbeth families are JavaScript strings. A few tests
// carry a lone surrogate as a \uD800-style escape, which only a JSON reader
// that keeps lone surrogates (JSON.parse) reproduces; those tests have the
// flag LoneSurrogate so that other ports can tell them apart.

var (
	fAddress      = Field{Name: "address", Type: String, Doc: "an Ethereum address as text, normally 0x and 40 hex digits"}
	fPubKeys      = Field{Name: "pubKeys", Type: Hex, Doc: "unified public keys (spec/verbeth.md §3.1): 0x01 || X25519 (32) || Ed25519 (32); the legacy form is 64 bytes without the version byte"}
	fNote         = Field{Name: "note", Type: String, Doc: "the free-text note (a JavaScript string; may be empty)"}
	fProofMessage = Field{Name: "proofMessage", Type: String, Doc: "the identity proof's binding message (§5)"}
	fProofSig     = Field{Name: "proofSignature", Type: String, Doc: "the identity proof's signature as the SDK stores it: text, normally 0x and 130 lowercase hex digits (r || s || v)"}
	fEphemeral    = Field{Name: "ephemeralPubKey", Type: Hex, Doc: "the Handshake's ephemeralPubKey: X25519 public key A (32) || ML-KEM-768 encapsulation key ek (1184) = 1216 bytes (§3.2)"}
	fKEMSeed      = Field{Name: "mlkemSeed", Type: Hex, Doc: "the initiator's ML-KEM-768 key generation seed d || z, 64 bytes (FIPS 203 KeyGen_internal)"}
	fKEMSecret768 = Field{Name: "kemSecret", Type: Hex, Doc: "the ML-KEM-768 shared secret, 32 bytes"}
	fTag          = Field{Name: "inResponseTo", Type: Hex, Doc: "the HandshakeResponse tag, bytes32 (§7.3)"}
	fResponseCT   = Field{Name: "ciphertext", Type: Hex, Doc: "the HandshakeResponse event's ciphertext bytes: normally the UTF-8 of the JSON envelope {\"v\":1,\"epk\",\"n\",\"ct\"} (§4.3)"}
	fR            = Field{Name: "responderEphemeralR", Type: Hex, Doc: "the responder's tag public key R = X25519(r), bytes32"}
	fEphSecret    = Field{Name: "ephemeralSecret", Type: Hex, Doc: "the initiator's ephemeral X25519 secret a, 32 raw bytes (clamped inside X25519)"}
)

// VerbethRecipientHash is verbeth/recipientHash: Verbeth Handshake recipientHash.
var VerbethRecipientHash = &Family{
	Name:  "verbeth/recipientHash",
	Title: "Verbeth Handshake recipientHash",
	Doc: []string{
		"recipientHash = keccak256(UTF-8(\"contact:\" + address.toLowerCase())) (spec/verbeth.md §7.1): the address exactly as given, 0x included, lowercased with JavaScript's toLowerCase; the SDK does not validate it.",
		"Input: address (text). Output: recipientHash (32 bytes), the indexed topic of the Handshake event.",
	},
	Inputs:  []Field{fAddress},
	Outputs: []Field{{Name: "recipientHash", Type: Hex, Doc: "32 bytes"}},
}

// VerbethUnifiedPubKeysDecode is verbeth/unifiedPubKeys/decode: Verbeth unified public keys decoding.
var VerbethUnifiedPubKeysDecode = &Family{
	Name:  "verbeth/unifiedPubKeys/decode",
	Title: "Verbeth unified public keys decoding",
	Doc: []string{
		"Decode unified public keys (§3.1): 65 bytes 0x01 || X25519 (32) || Ed25519 (32). The SDK also decodes the 64-byte legacy form X25519 || Ed25519 as version 0; the strict profile rejects it (version).",
		"A 65-byte value with another first byte is rejected (version); any other length (field_length).",
	},
	Inputs: []Field{fPubKeys},
	Outputs: []Field{
		{Name: "version", Type: Int, Doc: "1, or 0 for the legacy 64-byte form"},
		{Name: "x25519", Type: Hex, Doc: "the X25519 identity key, 32 bytes"},
		{Name: "ed25519", Type: Hex, Doc: "the Ed25519 signing key, 32 bytes"},
	},
}

// VerbethUnifiedPubKeysEncode is verbeth/unifiedPubKeys/encode: Verbeth unified public keys encoding.
var VerbethUnifiedPubKeysEncode = &Family{
	Name:    "verbeth/unifiedPubKeys/encode",
	Title:   "Verbeth unified public keys encoding",
	Doc:     []string{"Encode unified public keys, version 1 (§3.1): 0x01 || x25519 || ed25519. The strict profile rejects keys that are not 32 bytes (field_length); the deployed profile joins keys of any length, as the SDK's encodeUnifiedPubKeys does (§8, P25)."},
	Inputs:  []Field{{Name: "x25519", Type: Hex, Doc: "32 bytes"}, {Name: "ed25519", Type: Hex, Doc: "32 bytes"}},
	Outputs: []Field{{Name: "pubKeys", Type: Hex, Doc: "the unified public keys exactly as the SDK writes them: 0x01 || x25519 || ed25519 (65 bytes for 32-byte keys; the deployed profile joins keys of any length unchecked)"}},
}

// VerbethHandshakeInitiate is verbeth/handshake/initiate: Verbeth initiator: build the Handshake event.
var VerbethHandshakeInitiate = &Family{
	Name:  "verbeth/handshake/initiate",
	Title: "Verbeth initiator: build the Handshake event",
	Doc: []string{
		"Build the arguments of initiateHandshake (§7.2) from the given randomness: A = X25519(ephemeralSecret); the ML-KEM-768 key pair from mlkemSeed; ephemeralPubKey = A || ek; pubKeys = 0x01 || identityX25519 || identityEd25519; recipientHash of recipientAddress.",
		"plaintextPayload is the UTF-8 of JSON.stringify({plaintextPayload: note, identityProof: {message: proofMessage, signature: proofSignature, messageRawHex}}), byte for byte, with messageRawHex = \"0x\" + lowercase hex of UTF-8(proofMessage) and strings escaped exactly as JSON.stringify escapes them (§1, §4.1, §4.2).",
		"Inputs of the wrong size are rejected (field_length), except the identity keys under the deployed profile, which joins them whatever their lengths as the SDK does (§8, P25).",
	},
	Inputs: []Field{
		fEphSecret,
		fKEMSeed,
		{Name: "recipientAddress", Type: String, Doc: "the responder's address, as text"},
		{Name: "identityX25519", Type: Hex, Doc: "the initiator's identity X25519 public key, 32 bytes"},
		{Name: "identityEd25519", Type: Hex, Doc: "the initiator's identity Ed25519 public key, 32 bytes"},
		fNote, fProofMessage, fProofSig,
	},
	Outputs: []Field{
		{Name: "recipientHash", Type: Hex, Doc: "32 bytes"},
		fPubKeys,
		fEphemeral,
		{Name: "ephemeralX25519", Type: Hex, Doc: "A, the X25519 half of ephemeralPubKey (the user's description calls it ephemeralPubKey)", Optional: true},
		{Name: "kemPublicKey", Type: Hex, Doc: "ek, the ML-KEM half of ephemeralPubKey (the user's description has it as a separate field)", Optional: true},
		{Name: "plaintextPayload", Type: Hex, Doc: "the UTF-8 JSON payload, exactly as JSON.stringify writes it"},
	},
}

// VerbethHandshakePayloadDecode is verbeth/handshakePayload/decode: Verbeth Handshake plaintextPayload parsing.
var VerbethHandshakePayloadDecode = &Family{
	Name:  "verbeth/handshakePayload/decode",
	Title: "Verbeth Handshake plaintextPayload parsing",
	Doc: []string{
		"Parse a Handshake's plaintextPayload (§4.2) into the note and the identity proof. Readers parse; they never compare bytes, so member order, whitespace and escapes are free.",
		"Both profiles require JSON that JSON.parse accepts (after TextDecoder), an object with a string plaintextPayload (possibly empty) and an identityProof object with string message and signature (json); messageRawHex is not read.",
		"The deployed profile reads the bytes as the SDK does: TextDecoder (a leading byte order mark dropped, invalid UTF-8 as U+FFFD), \"0x\" + hex of the JSON decoded with Node's Buffer.from(…, 'hex'), JSON.parse (duplicate members: the last wins; lone surrogate escapes kept).",
		"The strict profile rejects those: a byte order mark, invalid UTF-8, duplicate members and lone surrogates (json), the 0x-hex form (hex) (§8 P5-P7).",
	},
	Inputs:  []Field{{Name: "plaintextPayload", Type: Hex, Doc: "the event's plaintextPayload bytes"}},
	Outputs: []Field{fNote, fProofMessage, fProofSig},
}

// VerbethTag is verbeth/tag: Verbeth hybrid inResponseTo tag.
var VerbethTag = &Family{
	Name:  "verbeth/tag",
	Title: "Verbeth hybrid inResponseTo tag",
	Doc: []string{
		"ecdh = X25519(x25519Secret, x25519Public); okm = HKDF-SHA256(ikm = kemSecret, salt = ecdh, info = \"verbeth:hsr-hybrid:v1\", L = 32); inResponseTo = keccak256(okm) (§7.3).",
		"Note the HKDF order: the ML-KEM secret is the input keying material and the X25519 output the salt. The responder computes the tag with (r, A), the initiator with (a, R); both get the same value.",
		"X25519 is RFC 7748's (tweetnacl's scalarMult): the secret is clamped, the public key's top bit ignored and values >= 2^255-19 reduced. A public key of small order gives 32 zero bytes: the deployed profile (the SDK) proceeds with them, the strict profile rejects the key (low_order_point).",
	},
	Inputs: []Field{
		{Name: "x25519Secret", Type: Hex, Doc: "r (responder) or a (initiator), 32 bytes"},
		{Name: "x25519Public", Type: Hex, Doc: "A (responder) or R (initiator), 32 bytes"},
		fKEMSecret768,
	},
	Outputs: []Field{
		{Name: "ecdh", Type: Hex, Doc: "the X25519 output, 32 bytes", Optional: true},
		{Name: "okm", Type: Hex, Doc: "the HKDF output, 32 bytes", Optional: true},
		fTag,
	},
}

// VerbethHandshakeRespond is verbeth/handshake/respond: Verbeth responder: build the HandshakeResponse event.
var VerbethHandshakeRespond = &Family{
	Name:  "verbeth/handshake/respond",
	Title: "Verbeth responder: build the HandshakeResponse event",
	Doc: []string{
		"Build the arguments of respondToHandshake (§7.4) from the initiator's ephemeralPubKey and the given randomness, in the order the SDK draws it: r (tagSecret), rk_s (ratchetSecret), the ML-KEM message m, the box nonce.",
		"A = ephemeralPubKey[0:32], ek = ephemeralPubKey[32:1216]; R = X25519(r); rk_p = X25519(rk_s); (kemCiphertext, kemSecret) = ML-KEM-768.Encaps(ek, m); inResponseTo = tag(r, A, kemSecret);",
		"inner = JSON.stringify({unifiedPubKeys: b64(responderPubKeys), ephemeralPubKey: b64(rk_p), kemCiphertext: b64(kemCiphertext), note, identityProof: {message, signature, messageRawHex}}), with the note member left out when the note input is absent;",
		"box = NaCl box(inner, boxNonce, A, rk_s) (the sender key is rk_s, not r); ciphertext = UTF-8 of JSON.stringify({v: 1, epk: b64(rk_p), n: b64(boxNonce), ct: b64(box)}), b64 being standard padded base64.",
		"An ephemeralPubKey that is not 1216 bytes, and inputs of the wrong size, are rejected (field_length); responderPubKeys must be the 65-byte version-1 form (version, field_length).",
		"The strict profile rejects an A of small order (low_order_point) and an ek that fails the FIPS 203 modulus check (ek_modulus); the deployed profile proceeds as the SDK does, with an all-zero X25519 output and @noble/post-quantum 0.5.4's encapsulation (§9).",
	},
	Inputs: []Field{
		{Name: "initiatorEphemeralPubKey", Type: Hex, Doc: "the Handshake's ephemeralPubKey, 1216 bytes"},
		{Name: "tagSecret", Type: Hex, Doc: "r, 32 bytes"},
		{Name: "ratchetSecret", Type: Hex, Doc: "rk_s, 32 bytes: the box sender key and the responder's first ratchet key"},
		{Name: "mlkemMessage", Type: Hex, Doc: "the ML-KEM encapsulation randomness m, 32 bytes"},
		{Name: "boxNonce", Type: Hex, Doc: "the NaCl box nonce, 24 bytes"},
		{Name: "responderPubKeys", Type: Hex, Doc: "the responder's unified public keys, 65 bytes"},
		{Name: "note", Type: String, Doc: "the note; when absent the inner JSON has no note member", Optional: true},
		fProofMessage, fProofSig,
	},
	Outputs: []Field{
		fTag, fR,
		fResponseCT,
		{Name: "ratchetPublicKey", Type: Hex, Doc: "rk_p = X25519(rk_s), the envelope's epk and the inner ephemeralPubKey", Optional: true},
		{Name: "kemCiphertext", Type: Hex, Doc: "1088 bytes", Optional: true},
		{Name: "kemSecret", Type: Hex, Doc: "32 bytes", Optional: true},
		{Name: "tagEcdh", Type: Hex, Doc: "X25519(r, A), the tag's salt", Optional: true},
		{Name: "tagOkm", Type: Hex, Doc: "the tag's HKDF output", Optional: true},
		{Name: "sharedX25519", Type: Hex, Doc: "X25519(rk_s, A): the box's DH and the hybrid secret's X25519 input", Optional: true},
		{Name: "innerPlaintext", Type: Hex, Doc: "the UTF-8 inner JSON before sealing", Optional: true},
		{Name: "box", Type: Hex, Doc: "the NaCl box: Poly1305 tag (16) || XSalsa20 ciphertext", Optional: true},
		{Name: "hybridSecret", Type: Hex, Doc: "hybridInitialSecret(sharedX25519, kemSecret) (§7.7)", Optional: true},
		{Name: "rootKey0", Type: Hex, Doc: "RK0 of KDF_RK(32 zero bytes, hybridSecret)", Optional: true},
		{Name: "chainKey0", Type: Hex, Doc: "CK0 of KDF_RK(32 zero bytes, hybridSecret): the responder's first sending chain", Optional: true},
	},
}

// VerbethResponseOpen is verbeth/response/open: Verbeth initiator: open, check and verify a HandshakeResponse.
var VerbethResponseOpen = &Family{
	Name:  "verbeth/response/open",
	Title: "Verbeth initiator: open, check and verify a HandshakeResponse",
	Doc: []string{
		"What the initiator does with a HandshakeResponse for one pending Handshake (§7.5, the SDK's verifyAndExtractHandshakeResponseKeys): decode the envelope; open the box with X25519(a, epk); parse the inner JSON; decode unifiedPubKeys;",
		"decapsulate kemCiphertext with the key pair of mlkemSeed; recompute the tag with (a, R) and compare it with inResponseTo as 32 bytes; read the inner ephemeralPubKey (rk_p, 32 bytes: the inner one, not the envelope's epk), note and identityProof;",
		"then verify the responder's identity proof as verbeth/identityProof/verify does, with eventSender = responder and the decoded unifiedPubKeys as the wire keys, and the expectations given.",
		"Both profiles reject: envelope and inner JSON defects (json), epk, n, kemCiphertext, unifiedPubKeys or the inner ephemeralPubKey of the wrong size (field_length), a 65-byte unifiedPubKeys not starting 0x01 (version), a box that does not open (aead_auth), an absent or empty kemCiphertext (missing_field), a different tag (tag_mismatch), and the proof failures of verbeth/identityProof/verify.",
		"The deployed profile decodes base64 as Node's Buffer.from does (URL-safe characters, missing padding, skipped junk), ignores v and a falsy sig, reads the bytes with TextDecoder and JSON.parse, accepts the 64-byte legacy unifiedPubKeys, and reports a note that is not a string as null (§8 P4-P11).",
		"The strict profile also rejects non-canonical base64 (base64), a missing or other v (missing_field, version), a sig that is not a string (json), a byte order mark, invalid UTF-8, duplicate members and lone surrogates (json), the 0x-hex form (hex), legacy unifiedPubKeys (version), a note that is not a string (json), an epk, R or inner ephemeralPubKey of small order (low_order_point),",
		"and, when expectedAddress (the intended recipient of the Handshake) is given, a proof whose Address and ExecutorAddress are both other accounts (proof_address): anyone can answer a Handshake (§10, research I1).",
		"inResponseTo is bytes32 here. The SDK compares the tags as lowercase hex strings, so it never matches an event tag written in upper case; compare bytes, or normalise the case of string forms.",
	},
	Inputs: []Field{
		fEphSecret,
		fKEMSeed,
		fR, fTag, fResponseCT,
		{Name: "responder", Type: String, Doc: "the event's responder (msg.sender), an address"},
		{Name: "expectedChainId", Type: Int, Doc: "the chain id the verifier is on", Optional: true},
		{Name: "expectedRpId", Type: String, Doc: "the relying party id the verifier expects", Optional: true},
		{Name: "expectedAddress", Type: String, Doc: "the intended responder: the recipient the Handshake was sent to", Optional: true},
	},
	Outputs: []Field{
		{Name: "responderPubKeys", Type: Hex, Doc: "the decoded unifiedPubKeys bytes (65, or 64 for the legacy form)"},
		{Name: "ratchetPublicKey", Type: Hex, Doc: "rk_p: the inner ephemeralPubKey, 32 bytes"},
		{Name: "note", Type: JSON, Doc: "the note string, or null when the inner JSON has no note (deployed: or a note that is not a string)"},
		fProofMessage, fProofSig,
		{Name: "responderAddress", Type: String, Doc: "the proof's Address, lowercase 0x-hex"},
		{Name: "sharedX25519", Type: Hex, Doc: "X25519(a, epk)", Optional: true},
		{Name: "innerPlaintext", Type: Hex, Doc: "the opened box", Optional: true},
		{Name: "kemCiphertext", Type: Hex, Doc: "1088 bytes", Optional: true},
		{Name: "kemSecret", Type: Hex, Doc: "32 bytes", Optional: true},
		{Name: "tagEcdh", Type: Hex, Doc: "X25519(a, R)", Optional: true},
		{Name: "tagOkm", Type: Hex, Doc: "the tag's HKDF output", Optional: true},
	},
}

// VerbethResponseMatch is verbeth/response/match: Verbeth initiator: match a HandshakeResponse against pending handshakes.
var VerbethResponseMatch = &Family{
	Name:  "verbeth/response/match",
	Title: "Verbeth initiator: match a HandshakeResponse against pending handshakes",
	Doc: []string{
		"Try each pending handshake in order (the SDK's matchHsrToContact, §7.5) and return the index of the first whose ephemeral secret opens the response's box and whose ML-KEM key reproduces the tag: decode the envelope, open the box, parse the inner JSON,",
		"require kemCiphertext, decapsulate, recompute the tag with (a, R) and compare 32 bytes. Matching checks no keys and no proof (verbeth/response/open does).",
		"A malformed response is no match for a candidate, never an abort of the scan (the SDK throws out of the whole scan: research I2). When no candidate matches, the operation rejects with tag_mismatch, whatever the reasons were.",
		"Under the strict profile the strict checks of these steps (the envelope's v, sig and canonical base64, strict JSON text, canonical inner base64, epk and R of small order) are part of each candidate's test: a candidate that opens only thanks to a defect the strict profile refuses is no match, so such a response is tag_mismatch there and a match under the deployed profile.",
		"inResponseTo is bytes32; the SDK compares lowercase hex strings, so string forms must be compared with their case normalised.",
	},
	Inputs: []Field{
		{Name: "pending", Type: JSON, Doc: "an array of pending handshakes, each {\"ephemeralSecret\": hex (32 bytes), \"mlkemSeed\": hex (64 bytes)}"},
		fR, fTag, fResponseCT,
	},
	Outputs: []Field{
		{Name: "index", Type: Int, Doc: "the index in pending of the first matching handshake"},
		{Name: "kemSecret", Type: Hex, Doc: "the decapsulated ML-KEM secret of the match", Optional: true},
	},
}

// VerbethIdentityProofBindingMessage is verbeth/identityProof/bindingMessage: Verbeth identity proof binding message.
var VerbethIdentityProofBindingMessage = &Family{
	Name:  "verbeth/identityProof/bindingMessage",
	Title: "Verbeth identity proof binding message",
	Doc: []string{
		"Build the binding message as the SDK's createBindingProof does (§5): the lines \"VerbEth Key Binding v1\", \"Address: \" + lowercase(address), \"PkEd25519: 0x\" + hex, \"PkX25519: 0x\" + hex, \"ExecutorAddress: \" + lowercase(executorAddress) (possibly empty, leaving a trailing space),",
		"then \"ChainId: \" + decimal only when chainId is given and \"RpId: \" + rpId only when rpId is given and not empty; joined by \"\\n\", no final newline.",
		"messageHash is the EIP-191 hash the identity's key signs: keccak256(\"\\x19Ethereum Signed Message:\\n\" + decimal byte length + message).",
	},
	Inputs: []Field{
		fAddress,
		{Name: "ed25519", Type: Hex, Doc: "the Ed25519 identity public key, 32 bytes"},
		{Name: "x25519", Type: Hex, Doc: "the X25519 identity public key, 32 bytes"},
		{Name: "executorAddress", Type: String, Doc: "the account that sends the events; may be empty"},
		{Name: "chainId", Type: Int, Doc: "the chain id, if any", Optional: true},
		{Name: "rpId", Type: String, Doc: "the relying party id, if any", Optional: true},
	},
	Outputs: []Field{
		{Name: "message", Type: String, Doc: "the binding message"},
		{Name: "messageHash", Type: Hex, Doc: "the EIP-191 hash of the message", Optional: true},
	},
}

// VerbethIdentityProofVerify is verbeth/identityProof/verify: Verbeth identity proof verification.
var VerbethIdentityProofVerify = &Family{
	Name:  "verbeth/identityProof/verify",
	Title: "Verbeth identity proof verification",
	Doc: []string{
		"Verify an identity proof carried by an event (§7.6): parse the binding message, recover the signer of its EIP-191 hash and require it to be Address, check the header, that ExecutorAddress is the event's sender, that PkX25519 and PkEd25519 are the keys on the wire,",
		"the Context and Version lines if present, and the chain id and rp id when the verifier expects them. The error category names the first check that fails, in the SDK's order.",
		"The deployed profile parses as the SDK's parseBindingMessage (trimmed lines, lowercased keys, the last occurrence wins, ethers getAddress for addresses, ExecutorSafe as an alias, unknown lines ignored) and reads the signature as viem does offline (129 or 130 hex digits, v in {0, 1, 27, 28}, high s allowed).",
		"The strict profile then also requires the canonical message (exact header; only Address, PkEd25519, PkX25519, ExecutorAddress, ChainId and RpId, each at most once, as \"Key: value\"; lowercase 0x-addresses and keys; a plain decimal ChainId; \\n line ends), a ChainId line even when the verifier has no chain id,",
		"a signature of exactly 130 digits with v in {27, 28} and s <= n/2, and, when expectedAddress is given, that it is the proof's Address or ExecutorAddress (§8 P12-P22).",
	},
	Inputs: []Field{
		fProofMessage, fProofSig,
		{Name: "eventSender", Type: String, Doc: "the event's sender (Handshake) or responder (HandshakeResponse), an address as the event reports it"},
		{Name: "wireX25519", Type: Hex, Doc: "the X25519 identity key carried on the wire, 32 bytes"},
		{Name: "wireEd25519", Type: Hex, Doc: "the Ed25519 identity key carried on the wire, 32 bytes"},
		{Name: "expectedChainId", Type: Int, Doc: "the chain id the verifier is on", Optional: true},
		{Name: "expectedRpId", Type: String, Doc: "the relying party id the verifier expects", Optional: true},
		{Name: "expectedAddress", Type: String, Doc: "the party the verifier means to talk to", Optional: true},
	},
	Outputs: []Field{
		{Name: "address", Type: String, Doc: "the proven Address, lowercase 0x-hex"},
		{Name: "executorAddress", Type: String, Doc: "the proven ExecutorAddress, lowercase 0x-hex", Optional: true},
		{Name: "messageHash", Type: Hex, Doc: "the EIP-191 hash that was signed", Optional: true},
	},
}

var (
	fRootKey  = Field{Name: "rootKey", Type: Hex, Doc: "a root key, 32 bytes"}
	fChainKey = Field{Name: "chainKey", Type: Hex, Doc: "a chain key, 32 bytes"}
	fState    = Field{Name: "state", Type: JSON, Doc: "a ratchet session state: the JSON object of spec/verbeth.md §4.5"}
)

// VerbethHybridSecret is verbeth/hybridSecret: Verbeth hybridInitialSecret.
var VerbethHybridSecret = &Family{
	Name:  "verbeth/hybridSecret",
	Title: "Verbeth hybridInitialSecret",
	Doc: []string{
		"hybridSecret = HKDF-SHA256(ikm = sharedX25519 || kemSecret, salt = 32 zero bytes, info = \"VerbethHybrid\", L = 32) (§7.7).",
		"sharedX25519 is X25519(rk_s, A) = X25519(a, rk_p), the same value that keys the response's box; the tag key pair (r, R) plays no part. Inputs that are not 32 bytes are rejected (field_length).",
	},
	Inputs:  []Field{{Name: "sharedX25519", Type: Hex, Doc: "the X25519 output, 32 bytes"}, fKEMSecret768},
	Outputs: []Field{{Name: "hybridSecret", Type: Hex, Doc: "32 bytes"}},
}

// VerbethKDFRootKey is verbeth/kdf/rootKey: Verbeth KDF_RK.
var VerbethKDFRootKey = &Family{
	Name:  "verbeth/kdf/rootKey",
	Title: "Verbeth KDF_RK",
	Doc: []string{
		"KDF_RK(rootKey, dh) = HKDF-SHA256(ikm = dh, salt = rootKey, info = \"VerbethRatchet\", L = 64): newRootKey = bytes 0..32, chainKey = bytes 32..64 (§7.7).",
		"The session bootstrap uses it with rootKey = 32 zero bytes and dh = hybridSecret. Inputs that are not 32 bytes are rejected (field_length).",
	},
	Inputs:  []Field{fRootKey, {Name: "dh", Type: Hex, Doc: "a DH output (or the hybrid secret), 32 bytes"}},
	Outputs: []Field{{Name: "newRootKey", Type: Hex, Doc: "32 bytes"}, fChainKey},
}

// VerbethKDFChainKey is verbeth/kdf/chainKey: Verbeth KDF_CK.
var VerbethKDFChainKey = &Family{
	Name:    "verbeth/kdf/chainKey",
	Title:   "Verbeth KDF_CK",
	Doc:     []string{"KDF_CK(chainKey): messageKey = HMAC-SHA256(key = chainKey, 0x01), newChainKey = HMAC-SHA256(key = chainKey, 0x02) (§7.7). A chain key that is not 32 bytes is rejected (field_length)."},
	Inputs:  []Field{fChainKey},
	Outputs: []Field{{Name: "messageKey", Type: Hex, Doc: "32 bytes"}, {Name: "newChainKey", Type: Hex, Doc: "32 bytes"}},
}

// VerbethTopic is verbeth/topic: Verbeth message topics.
var VerbethTopic = &Family{
	Name:  "verbeth/topic",
	Title: "Verbeth message topics",
	Doc: []string{
		"topic = keccak256(HKDF-SHA256(ikm, salt, info = \"verbeth:topic-\" + direction + \":\" + version, L = 32)) (§7.7).",
		"Epoch 0 (version \"v2\", a rule found only in the SDK's code): ikm = hybridSecret, salt = inResponseTo, and \"outbound\" is the initiator-to-responder direction. Later epochs (\"v3\", the SDK's deriveTopic): ikm = the DH output, salt = the root key.",
		"direction is \"outbound\" or \"inbound\", version \"v2\" or \"v3\". Inputs that are not 32 bytes are rejected (field_length).",
	},
	Inputs: []Field{
		{Name: "ikm", Type: Hex, Doc: "32 bytes"},
		{Name: "salt", Type: Hex, Doc: "32 bytes"},
		{Name: "direction", Type: String, Doc: "\"outbound\" or \"inbound\""},
		{Name: "version", Type: String, Doc: "\"v2\" (epoch 0) or \"v3\""},
	},
	Outputs: []Field{{Name: "topic", Type: Hex, Doc: "32 bytes"}},
}

var sessionOutputs = []Field{
	fState,
	{Name: "topicOutbound", Type: Hex, Doc: "this side's epoch-0 outbound topic"},
	{Name: "topicInbound", Type: Hex, Doc: "this side's epoch-0 inbound topic"},
	{Name: "conversationId", Type: Hex, Doc: "keccak256 of the two topics' lowercase 0x-hex strings, sorted, joined by \":\""},
	{Name: "sharedX25519", Type: Hex, Doc: "the X25519 input of the hybrid secret", Optional: true},
	{Name: "hybridSecret", Type: Hex, Doc: "32 bytes", Optional: true},
	{Name: "rootKey0", Type: Hex, Doc: "RK0 of KDF_RK(zeros, hybridSecret)", Optional: true},
	{Name: "chainKey0", Type: Hex, Doc: "CK0 of KDF_RK(zeros, hybridSecret)", Optional: true},
}

// VerbethSessionInitiator is verbeth/session/initiator: Verbeth initiator session bootstrap.
var VerbethSessionInitiator = &Family{
	Name:  "verbeth/session/initiator",
	Title: "Verbeth initiator session bootstrap",
	Doc: []string{
		"The initiator's ratchet session after a response matched (§7.7, the SDK's createInitiatorSession): sharedX25519 = X25519(a, rk_p); hybridSecret; (RK0, CK0) = KDF_RK(zeros, hybridSecret); the first DH step with s1: dh1 = X25519(s1, rk_p), (RK1, CKs) = KDF_RK(RK0, dh1).",
		"State: rootKey RK1, own DH key pair (s1, X25519(s1)), their key rk_p, sending chain CKs, receiving chain CK0, counters 0, topics out/in = T(\"outbound\"/\"inbound\", v2), next out/in = T3(RK1, dh1, \"outbound\"/\"inbound\"), no previous topic, epoch 0, clock 0.",
		"The strict profile rejects an rk_p of small order (low_order_point); the deployed profile proceeds with the all-zero X25519 output as the SDK does. Inputs of the wrong size are rejected (field_length).",
	},
	Inputs: []Field{
		fEphSecret,
		{Name: "ratchetPublicKey", Type: Hex, Doc: "rk_p, the response's inner ephemeralPubKey, 32 bytes"},
		fKEMSecret768, fTag,
		{Name: "firstRatchetSecret", Type: Hex, Doc: "s1, the initiator's first DH ratchet secret, 32 bytes"},
	},
	Outputs: sessionOutputs,
}

// VerbethSessionResponder is verbeth/session/responder: Verbeth responder session bootstrap.
var VerbethSessionResponder = &Family{
	Name:  "verbeth/session/responder",
	Title: "Verbeth responder session bootstrap",
	Doc: []string{
		"The responder's ratchet session after responding (§7.7, the SDK's createResponderSession): sharedX25519 = X25519(rk_s, A); hybridSecret; (RK0, CK0) = KDF_RK(zeros, hybridSecret).",
		"State: rootKey RK0, own DH key pair (rk_s, rk_p), their key A, sending chain CK0, no receiving chain, counters 0, topics out/in = T(\"inbound\"/\"outbound\", v2) (the directions swapped), no next or previous topics, epoch 0, clock 0.",
		"The strict profile rejects an A of small order (low_order_point). Inputs of the wrong size are rejected (field_length), except that the deployed profile keeps the first 32 bytes of a longer A, as the SDK does (§8, P26).",
	},
	Inputs: []Field{
		{Name: "ratchetSecret", Type: Hex, Doc: "rk_s, 32 bytes"},
		{Name: "initiatorEphemeralX25519", Type: Hex, Doc: "A, 32 bytes (deployed: at least 32, the first 32 used)"},
		fKEMSecret768, fTag,
	},
	Outputs: sessionOutputs,
}

// VerbethRatchetPayloadDecode is verbeth/ratchet/payload/decode: Verbeth ratchet message payload parsing.
var VerbethRatchetPayloadDecode = &Family{
	Name:  "verbeth/ratchet/payload/decode",
	Title: "Verbeth ratchet message payload parsing",
	Doc: []string{
		"Split a MessageSent ciphertext (§3.3): 0x01 || Ed25519 signature (64) || dh (32) || pn (u32 big-endian) || n (u32 big-endian) || XSalsa20 nonce (24) || secretbox (Poly1305 tag 16 || ciphertext).",
		"Shorter than 105 bytes: truncated; a first byte other than 0x01: version; 105 to 144 bytes: truncated (the SDK's parser takes them and its decryptor always fails: they cannot hold a nonce and a Poly1305 tag).",
	},
	Inputs: []Field{
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
	},
	Outputs: []Field{
		{Name: "signature", Type: Hex, Doc: "64 bytes"},
		{Name: "dh", Type: Hex, Doc: "32 bytes"},
		{Name: "pn", Type: Int, Doc: "the previous chain length"},
		{Name: "n", Type: Int, Doc: "the message number"},
		{Name: "nonce", Type: Hex, Doc: "24 bytes"},
		{Name: "box", Type: Hex, Doc: "the secretbox: Poly1305 tag (16) || ciphertext"},
	},
}

// VerbethRatchetEncrypt is verbeth/ratchet/encrypt: Verbeth ratchet encryption.
var VerbethRatchetEncrypt = &Family{
	Name:  "verbeth/ratchet/encrypt",
	Title: "Verbeth ratchet encryption",
	Doc: []string{
		"Encrypt one message (§7.8): (messageKey, chainKey') = KDF_CK(sendingChainKey); header = dhMyPublicKey || u32be(previousChainLength) || u32be(sendingMsgNumber);",
		"padded = 0x00 || u32be(len(plaintext)) || plaintext || paddingFill, of size bucket + jitter (§3.4: bucket 64 up to a framed size of 64, then the next power of two up to 16384, then a multiple of 4096; 0 <= jitter < bucket/8);",
		"box = secretbox(padded, nonce, messageKey); signature = Ed25519(signingSeed, header || nonce || box); payload = 0x01 || signature || header || nonce || box. The new state has sendingChainKey = chainKey' and sendingMsgNumber + 1; the message goes out on currentTopicOutbound.",
		"jitter, paddingFill and nonce are the randomness the SDK draws, in that order (§6): the jitter by rejection sampling, then exactly bucket + jitter - 5 - len(plaintext) fill bytes, then the 24-byte nonce.",
		"Rejected: a jitter out of range (padding), a paddingFill, nonce or signingSeed of the wrong size (field_length), a state without a sending chain or with sendingMsgNumber = 2^32 - 1 (state).",
	},
	Inputs: []Field{
		fState,
		{Name: "plaintext", Type: Hex, Doc: "the message"},
		{Name: "signingSeed", Type: Hex, Doc: "the sender's Ed25519 identity seed, 32 bytes"},
		{Name: "jitter", Type: Int, Doc: "the padding jitter: 0 <= jitter < bucket/8"},
		{Name: "paddingFill", Type: Hex, Doc: "the bytes that fill the padding"},
		{Name: "nonce", Type: Hex, Doc: "the secretbox nonce, 24 bytes"},
	},
	Outputs: []Field{
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
		{Name: "state", Type: JSON, Doc: "the session state after sending"},
		{Name: "topic", Type: Hex, Doc: "the topic the message goes out on (currentTopicOutbound)"},
		{Name: "messageKey", Type: Hex, Doc: "the message key", Optional: true},
		{Name: "padded", Type: Hex, Doc: "the padded plaintext", Optional: true},
		{Name: "signature", Type: Hex, Doc: "the Ed25519 signature", Optional: true},
	},
}

// VerbethRatchetDecrypt is verbeth/ratchet/decrypt: Verbeth ratchet decryption.
var VerbethRatchetDecrypt = &Family{
	Name:  "verbeth/ratchet/decrypt",
	Title: "Verbeth ratchet decryption",
	Doc: []string{
		"Receive one message (§7.9, §7.10). If topic is given, first route it as the SDK's session manager does: on currentTopicInbound or previousTopicInbound nothing changes; on nextTopicInbound the topics are promoted (previousTopicInbound := currentTopicInbound, current := next, next := null, topicEpoch + 1); any other topic is rejected (state).",
		"Then, in this order: parse the payload (truncated, version); verify the Ed25519 signature over bytes 65..end with peerEd25519 before anything else (signature); the skip limit: n - receivingMsgNumber and pn at most 100000 (skip_limit); n below 2^32 - 1 (state); a stored skipped key for (dh, n) decrypts the message and is removed;",
		"a message of the current chain with n < receivingMsgNumber is a replay (replay), also when its stored key was pruned; if dh is new: store the old receiving chain's keys up to pn, then the DH step with newRatchetSecret (missing_field if absent);",
		"store the keys up to n; require a receiving chain (state); KDF_CK, secretbox open (aead_auth), unpad (padding: marker 0x00 and 5 + length <= size). Stored keys are pruned to the newest 1000 by createdAt (the session clock), stable, so within one decryption the lowest numbers are kept.",
		"A peerEd25519, newRatchetSecret or topic of the wrong size is rejected (field_length; for peerEd25519 the SDK would report a bad signature, §7.9); a state that is not the JSON of §4.5 is rejected (json).",
		"The strict profile then also rejects: an Ed25519 signature with S >= L (signature; tweetnacl reduces S mod L), a new dh of small order (low_order_point), a DH step with n > 100000 (skip_limit; the SDK measures n against the old chain), and a padded size the padding rule cannot produce (padding) (§8 P1, P3, P23, P24).",
	},
	Inputs: []Field{
		fState,
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
		{Name: "peerEd25519", Type: Hex, Doc: "the sender's Ed25519 identity public key, 32 bytes"},
		{Name: "newRatchetSecret", Type: Hex, Doc: "the DH secret the SDK draws for a DH step, 32 bytes; used only if the header's dh is new", Optional: true},
		{Name: "topic", Type: Hex, Doc: "the topic the message arrived on; when absent no routing is done", Optional: true},
	},
	Outputs: []Field{
		{Name: "plaintext", Type: Hex, Doc: "the message"},
		{Name: "state", Type: JSON, Doc: "the session state after receiving"},
		{Name: "messageKey", Type: Hex, Doc: "the message key", Optional: true},
		{Name: "topicMatch", Type: String, Doc: "which inbound topic the message arrived on: \"current\", \"next\" or \"previous\" (only with topic)", Optional: true},
	},
}

// VerbethRatchetDeliver is verbeth/ratchet/deliver: a Verbeth ratchet
// session receiving a schedule of messages.
var VerbethRatchetDeliver = &Family{
	Name:  "verbeth/ratchet/deliver",
	Title: "Verbeth ratchet session receiving messages in a given order",
	Doc: []string{
		"One session receives a peer's messages in the order of steps, some late, some twice, some never, and sends its own replies in between: the operation verbeth/ratchet/decrypt (§7.9, and §7.10 when the message has a topic) applied step by step, each step starting from the state the previous one left.",
		"A step {\"op\": \"deliver\", \"message\": i, \"newRatchetSecret\": hex} decrypts messages[i] with peerEd25519, the newRatchetSecret (optional) being the DH secret the session draws if the message makes a DH step; its result is {\"plaintext\": hex} with \"topicMatch\" (\"current\", \"next\" or \"previous\") when the message has a topic, or {\"error\": category} when verbeth/ratchet/decrypt would reject it, and then the state stays as it was.",
		"A step {\"op\": \"send\"} sends one message (§7.8, any plaintext and randomness: only the sending chain and sendingMsgNumber change); its result is {\"pn\": int, \"n\": int}, the numbers of the header the message carries, or {\"error\": category} (state, when there is no sending chain).",
		"A step or message of another shape, or an index outside messages, is a malformed request, not a verdict. The state, peerEd25519 and every message are read as verbeth/ratchet/decrypt reads them, step by step: a state that is not the JSON of §4.5 rejects the whole operation (json).",
	},
	Inputs: []Field{
		fState,
		{Name: "peerEd25519", Type: Hex, Doc: "the sender's Ed25519 identity public key, 32 bytes"},
		{Name: "messages", Type: JSON, Doc: "the peer's messages, in the order it sent them: an array of {\"payload\": hex (the MessageSent ciphertext), \"topic\": hex (the topic it went out on; absent: the session decrypts it without routing)}"},
		{Name: "steps", Type: JSON, Doc: "what happens, in order: an array of {\"op\": \"deliver\", \"message\": index into messages, \"newRatchetSecret\": hex (optional)} and {\"op\": \"send\"}"},
	},
	Outputs: []Field{
		{Name: "results", Type: JSON, Doc: "one object per step: {\"plaintext\": hex, \"topicMatch\": string (only for a message with a topic)} or {\"error\": category} for a delivery, {\"pn\": int, \"n\": int} or {\"error\": category} for a send"},
		{Name: "state", Type: JSON, Doc: "the session state after the last step"},
	},
}
