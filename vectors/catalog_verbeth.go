package vectors

// The Verbeth hybrid handshake families. spec/verbeth.md defines every layout
// and rule they refer to.

func init() {
	Register(
		verbethRecipientHash, verbethUnifiedPubKeysDecode, verbethUnifiedPubKeysEncode,
		verbethHandshakeInitiate, verbethHandshakePayloadDecode,
		verbethTag, verbethHandshakeRespond, verbethResponseOpen, verbethResponseMatch,
		verbethBindingMessage, verbethProofVerify,
		verbethHybridSecret, verbethKDFRootKey, verbethKDFChainKey, verbethTopic,
		verbethSessionInitiator, verbethSessionResponder,
		verbethRatchetPayloadDecode, verbethRatchetEncrypt, verbethRatchetDecrypt,
	)
}

var (
	fAddress      = Field{Name: "address", Type: String, Doc: "an Ethereum address as 0x-prefixed hex text"}
	fPubKeys      = Field{Name: "pubKeys", Type: Hex, Doc: "unified public keys: 0x01 || X25519 (32) || Ed25519 (32); the 64-byte legacy form has no version byte"}
	fNote         = Field{Name: "note", Type: String, Doc: "the free-text note"}
	fProofMessage = Field{Name: "proofMessage", Type: String, Doc: "the identity proof's binding message"}
	fProofSig     = Field{Name: "proofSignature", Type: String, Doc: "the identity proof's signature, 0x-prefixed hex text as the SDK stores it"}
	fEphemeral    = Field{Name: "ephemeralPubKey", Type: Hex, Doc: "the on-chain ephemeralPubKey: X25519 public key (32) || ML-KEM-768 encapsulation key (1184) = 1216 bytes"}
	fKEMSeed      = Field{Name: "mlkemSeed", Type: Hex, Doc: "the ML-KEM-768 key generation seed d||z, 64 bytes"}
	fKEMSecret768 = Field{Name: "kemSecret", Type: Hex, Doc: "the ML-KEM-768 shared secret, 32 bytes"}
	fTag          = Field{Name: "inResponseTo", Type: Hex, Doc: "the hybrid tag: keccak256(HKDF-SHA256(ikm = kemSecret, salt = X25519 output, info \"verbeth:hsr-hybrid:v1\", 32))"}
	fResponseCT   = Field{Name: "ciphertext", Type: Hex, Doc: "the HandshakeResponse ciphertext: the UTF-8 bytes of the JSON envelope {v, epk, n, ct}"}
	fR            = Field{Name: "responderEphemeralR", Type: Hex, Doc: "the responder's tag public key R, 32 bytes"}
)

var verbethRecipientHash = &Family{
	Name:    "verbeth/recipientHash",
	Title:   "Verbeth Handshake recipientHash",
	Doc:     []string{"recipientHash = keccak256(UTF-8(\"contact:\" + lowercase(address)))."},
	Inputs:  []Field{fAddress},
	Outputs: []Field{{Name: "recipientHash", Type: Hex, Doc: "32 bytes"}},
}

var verbethUnifiedPubKeysDecode = &Family{
	Name:    "verbeth/unifiedPubKeys/decode",
	Title:   "Verbeth unified public keys decoding",
	Doc:     []string{"Decode unified public keys: 65 bytes 0x01 || X25519 || Ed25519, or the 64-byte legacy form X25519 || Ed25519."},
	Inputs:  []Field{fPubKeys},
	Outputs: []Field{{Name: "version", Type: Int, Doc: "1, or 0 for the legacy form"}, {Name: "x25519", Type: Hex, Doc: "32 bytes"}, {Name: "ed25519", Type: Hex, Doc: "32 bytes"}},
}

var verbethUnifiedPubKeysEncode = &Family{
	Name:    "verbeth/unifiedPubKeys/encode",
	Title:   "Verbeth unified public keys encoding",
	Doc:     []string{"Encode unified public keys, version 1."},
	Inputs:  []Field{{Name: "x25519", Type: Hex, Doc: "32 bytes"}, {Name: "ed25519", Type: Hex, Doc: "32 bytes"}},
	Outputs: []Field{fPubKeys},
}

var verbethHandshakeInitiate = &Family{
	Name:  "verbeth/handshake/initiate",
	Title: "Verbeth initiator: build the Handshake event",
	Doc: []string{
		"Build the arguments of initiateHandshake from the given randomness: a = ephemeralSecret, ML-KEM-768 key pair from mlkemSeed.",
		"plaintextPayload is the UTF-8 of JSON.stringify({plaintextPayload: note, identityProof: {message, signature, messageRawHex}}), byte for byte.",
	},
	Inputs: []Field{
		{Name: "ephemeralSecret", Type: Hex, Doc: "the initiator's ephemeral X25519 secret a, 32 bytes"},
		fKEMSeed,
		{Name: "recipientAddress", Type: String, Doc: "the responder's address"},
		{Name: "identityX25519", Type: Hex, Doc: "the initiator's identity X25519 public key"},
		{Name: "identityEd25519", Type: Hex, Doc: "the initiator's identity Ed25519 public key"},
		fNote, fProofMessage, fProofSig,
	},
	Outputs: []Field{
		{Name: "recipientHash", Type: Hex, Doc: "32 bytes"},
		fPubKeys,
		fEphemeral,
		{Name: "ephemeralX25519", Type: Hex, Doc: "the X25519 half of ephemeralPubKey (the seed's ephemeralPubKey)", Optional: true},
		{Name: "kemPublicKey", Type: Hex, Doc: "the ML-KEM half of ephemeralPubKey (the seed's separate kemPublicKey field)", Optional: true},
		{Name: "plaintextPayload", Type: Hex, Doc: "the UTF-8 JSON payload"},
	},
}

var verbethHandshakePayloadDecode = &Family{
	Name:    "verbeth/handshakePayload/decode",
	Title:   "Verbeth Handshake plaintextPayload parsing",
	Doc:     []string{"Parse a Handshake plaintextPayload (UTF-8 JSON, or 0x-hex of it) into the note and the identity proof. Parsers parse; they never compare bytes."},
	Inputs:  []Field{{Name: "plaintextPayload", Type: Hex, Doc: "the event's payload bytes"}},
	Outputs: []Field{fNote, fProofMessage, fProofSig},
}

var verbethTag = &Family{
	Name:  "verbeth/tag",
	Title: "Verbeth hybrid inResponseTo tag",
	Doc: []string{
		"ecdh = X25519(secret, public); okm = HKDF-SHA256(ikm = kemSecret, salt = ecdh, info = \"verbeth:hsr-hybrid:v1\", 32); tag = keccak256(okm).",
		"The responder computes it with (r, A), the initiator with (a, R).",
	},
	Inputs: []Field{
		{Name: "x25519Secret", Type: Hex, Doc: "r (responder) or a (initiator), 32 bytes"},
		{Name: "x25519Public", Type: Hex, Doc: "A (responder) or R (initiator), 32 bytes"},
		fKEMSecret768,
	},
	Outputs: []Field{
		{Name: "ecdh", Type: Hex, Doc: "the X25519 output", Optional: true},
		{Name: "okm", Type: Hex, Doc: "the HKDF output", Optional: true},
		fTag,
	},
}

var verbethHandshakeRespond = &Family{
	Name:  "verbeth/handshake/respond",
	Title: "Verbeth responder: build the HandshakeResponse event",
	Doc: []string{
		"From the initiator's ephemeralPubKey and the given randomness (tag key r, ratchet key rk_s, ML-KEM message m, box nonce): encapsulate, compute the tag,",
		"and seal the inner JSON {unifiedPubKeys, ephemeralPubKey, kemCiphertext, note, identityProof} in a NaCl box from rk_s to A inside the envelope {v, epk, n, ct}.",
	},
	Inputs: []Field{
		{Name: "initiatorEphemeralPubKey", Type: Hex, Doc: "the Handshake's ephemeralPubKey, 1216 bytes"},
		{Name: "tagSecret", Type: Hex, Doc: "r, 32 bytes"},
		{Name: "ratchetSecret", Type: Hex, Doc: "rk_s, 32 bytes"},
		{Name: "mlkemMessage", Type: Hex, Doc: "the ML-KEM encapsulation randomness m, 32 bytes"},
		{Name: "boxNonce", Type: Hex, Doc: "the NaCl box nonce, 24 bytes"},
		{Name: "responderPubKeys", Type: Hex, Doc: "the responder's unified public keys, 65 bytes"},
		fNote, fProofMessage, fProofSig,
	},
	Outputs: []Field{
		fTag, fR,
		fResponseCT,
		{Name: "kemCiphertext", Type: Hex, Doc: "1088 bytes", Optional: true},
		{Name: "kemSecret", Type: Hex, Doc: "32 bytes", Optional: true},
		{Name: "innerPlaintext", Type: Hex, Doc: "the UTF-8 inner JSON before sealing", Optional: true},
		{Name: "hybridSecret", Type: Hex, Doc: "hybridInitialSecret(X25519(rk_s, A), kemSecret)", Optional: true},
	},
}

var fOpenInputs = []Field{
	{Name: "ephemeralSecret", Type: Hex, Doc: "the initiator's a, 32 bytes"},
	fKEMSeed,
	fR, fTag, fResponseCT,
}

var verbethResponseOpen = &Family{
	Name:  "verbeth/response/open",
	Title: "Verbeth initiator: open and check a HandshakeResponse",
	Doc: []string{
		"Decrypt the envelope with a, decapsulate kemCiphertext, recompute the tag with (a, R) and compare 32 bytes; return the responder's keys and proof.",
	},
	Inputs: fOpenInputs,
	Outputs: []Field{
		{Name: "responderPubKeys", Type: Hex, Doc: "the responder's unified public keys"},
		{Name: "ratchetPublicKey", Type: Hex, Doc: "rk_p from the inner ephemeralPubKey field"},
		{Name: "kemSecret", Type: Hex, Doc: "32 bytes", Optional: true},
		fNote, fProofMessage, fProofSig,
	},
}

var verbethResponseMatch = &Family{
	Name:  "verbeth/response/match",
	Title: "Verbeth initiator: match a HandshakeResponse against pending handshakes",
	Doc: []string{
		"Try each pending handshake in order and return the index of the first that opens the response and reproduces its tag. A malformed response is no match for that candidate, never an abort.",
		"When no candidate matches, the operation rejects with category tag_mismatch.",
	},
	Inputs: []Field{
		{Name: "pending", Type: JSON, Doc: "an array of {ephemeralSecret, mlkemSeed} objects (hex)"},
		fR, fTag, fResponseCT,
	},
	Outputs: []Field{{Name: "index", Type: Int, Doc: "the index in pending of the matching handshake"}},
}

var verbethBindingMessage = &Family{
	Name:  "verbeth/identityProof/bindingMessage",
	Title: "Verbeth identity proof binding message",
	Doc:   []string{"Build the \"VerbEth Key Binding v1\" message and its EIP-191 hash."},
	Inputs: []Field{
		fAddress,
		{Name: "ed25519", Type: Hex, Doc: "the Ed25519 identity public key"},
		{Name: "x25519", Type: Hex, Doc: "the X25519 identity public key"},
		{Name: "executorAddress", Type: String, Doc: "the account that sends the events; may be empty"},
		{Name: "chainId", Type: Int, Doc: "the chain id, if any", Optional: true},
		{Name: "rpId", Type: String, Doc: "the relying party id, if any", Optional: true},
	},
	Outputs: []Field{
		{Name: "message", Type: String, Doc: "the binding message"},
		{Name: "messageHash", Type: Hex, Doc: "keccak256(\"\\x19Ethereum Signed Message:\\n\" + len + message)", Optional: true},
	},
}

var verbethProofVerify = &Family{
	Name:  "verbeth/identityProof/verify",
	Title: "Verbeth identity proof verification",
	Doc: []string{
		"Verify an identity proof: recover the signer of the EIP-191 hash, check it is Address, the header, that ExecutorAddress is the event sender, that the bound keys are the wire keys,",
		"and (strict) the expected chain id, rp id and party.",
	},
	Inputs: []Field{
		fProofMessage, fProofSig,
		{Name: "eventSender", Type: String, Doc: "the event's sender or responder address"},
		{Name: "wireX25519", Type: Hex, Doc: "the X25519 identity key carried on the wire"},
		{Name: "wireEd25519", Type: Hex, Doc: "the Ed25519 identity key carried on the wire"},
		{Name: "expectedChainId", Type: Int, Doc: "the chain id the verifier is on", Optional: true},
		{Name: "expectedRpId", Type: String, Doc: "the relying party id the verifier expects", Optional: true},
		{Name: "expectedAddress", Type: String, Doc: "the party the verifier expects (the intended recipient, for a response)", Optional: true},
	},
	Outputs: []Field{{Name: "address", Type: String, Doc: "the proven address, lowercase 0x-hex"}},
}

var (
	fRootKey  = Field{Name: "rootKey", Type: Hex, Doc: "a root key, 32 bytes"}
	fChainKey = Field{Name: "chainKey", Type: Hex, Doc: "a chain key, 32 bytes"}
	fState    = Field{Name: "state", Type: JSON, Doc: "a ratchet session state, as spec/verbeth.md defines"}
)

var verbethHybridSecret = &Family{
	Name:    "verbeth/hybridSecret",
	Title:   "Verbeth hybridInitialSecret",
	Doc:     []string{"hybridInitialSecret = HKDF-SHA256(ikm = X25519(rk_s, A) || kemSecret, salt = 32 zero bytes, info = \"VerbethHybrid\", 32)."},
	Inputs:  []Field{{Name: "x25519Secret", Type: Hex, Doc: "the X25519 output (32 bytes)"}, fKEMSecret768},
	Outputs: []Field{{Name: "hybridSecret", Type: Hex, Doc: "32 bytes"}},
}

var verbethKDFRootKey = &Family{
	Name:    "verbeth/kdf/rootKey",
	Title:   "Verbeth KDF_RK",
	Doc:     []string{"KDF_RK(rootKey, dh) = HKDF-SHA256(ikm = dh, salt = rootKey, info = \"VerbethRatchet\", 64), split into the new root key and a chain key."},
	Inputs:  []Field{fRootKey, {Name: "dh", Type: Hex, Doc: "a DH output, 32 bytes"}},
	Outputs: []Field{{Name: "newRootKey", Type: Hex, Doc: "bytes 0..32"}, fChainKey},
}

var verbethKDFChainKey = &Family{
	Name:    "verbeth/kdf/chainKey",
	Title:   "Verbeth KDF_CK",
	Doc:     []string{"KDF_CK(chainKey): messageKey = HMAC-SHA256(chainKey, 0x01), newChainKey = HMAC-SHA256(chainKey, 0x02)."},
	Inputs:  []Field{fChainKey},
	Outputs: []Field{{Name: "messageKey", Type: Hex, Doc: "32 bytes"}, {Name: "newChainKey", Type: Hex, Doc: "32 bytes"}},
}

var verbethTopic = &Family{
	Name:  "verbeth/topic",
	Title: "Verbeth message topics",
	Doc: []string{
		"topic = keccak256(HKDF-SHA256(ikm, salt, info = \"verbeth:topic-\" + direction + \":\" + version, 32)).",
		"Epoch 0 (version v2): ikm = hybridSecret, salt = inResponseTo. Later epochs (version v3): ikm = the DH output, salt = the root key.",
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
	{Name: "hybridSecret", Type: Hex, Doc: "32 bytes", Optional: true},
	fState,
	{Name: "topicOutbound", Type: Hex, Doc: "the epoch-0 outbound topic of this side"},
	{Name: "topicInbound", Type: Hex, Doc: "the epoch-0 inbound topic of this side"},
	{Name: "conversationId", Type: Hex, Doc: "keccak256 of the two topics' lowercase 0x-hex strings, sorted, joined by \":\""},
}

var verbethSessionInitiator = &Family{
	Name:  "verbeth/session/initiator",
	Title: "Verbeth initiator session bootstrap",
	Doc: []string{
		"After a response matched: hybridSecret from X25519(a, rk_p) and kemSecret; (RK0, CK0) = KDF_RK(zeros, hybridSecret); the first DH step with s1: (RK1, CKs) = KDF_RK(RK0, X25519(s1, rk_p)); the epoch-0 topics.",
	},
	Inputs: []Field{
		{Name: "ephemeralSecret", Type: Hex, Doc: "a, 32 bytes"},
		{Name: "ratchetPublicKey", Type: Hex, Doc: "rk_p, from the response"},
		fKEMSecret768, fTag,
		{Name: "firstRatchetSecret", Type: Hex, Doc: "s1, the initiator's first DH ratchet secret, 32 bytes"},
	},
	Outputs: sessionOutputs,
}

var verbethSessionResponder = &Family{
	Name:  "verbeth/session/responder",
	Title: "Verbeth responder session bootstrap",
	Doc: []string{
		"After responding: hybridSecret from X25519(rk_s, A) and kemSecret; (RK0, CK0) = KDF_RK(zeros, hybridSecret); the sending chain starts at CK0; the epoch-0 topics with the directions swapped.",
	},
	Inputs: []Field{
		{Name: "ratchetSecret", Type: Hex, Doc: "rk_s, 32 bytes"},
		{Name: "initiatorEphemeralX25519", Type: Hex, Doc: "A, 32 bytes"},
		fKEMSecret768, fTag,
	},
	Outputs: sessionOutputs,
}

var verbethRatchetPayloadDecode = &Family{
	Name:  "verbeth/ratchet/payload/decode",
	Title: "Verbeth ratchet message payload parsing",
	Doc:   []string{"Split a ratchet payload: 0x01 || Ed25519 signature (64) || DH public key (32) || pn (u32 BE) || n (u32 BE) || nonce (24) || secretbox (tag 16 || ciphertext)."},
	Inputs: []Field{
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
	},
	Outputs: []Field{
		{Name: "signature", Type: Hex, Doc: "64 bytes"},
		{Name: "dh", Type: Hex, Doc: "32 bytes"},
		{Name: "pn", Type: Int, Doc: "the previous chain length"},
		{Name: "n", Type: Int, Doc: "the message number"},
		{Name: "nonce", Type: Hex, Doc: "24 bytes"},
		{Name: "box", Type: Hex, Doc: "the secretbox output"},
	},
}

var verbethRatchetEncrypt = &Family{
	Name:  "verbeth/ratchet/encrypt",
	Title: "Verbeth ratchet encryption",
	Doc: []string{
		"Encrypt one message: KDF_CK, pad (bucket + jitter, filled with the given bytes), secretbox with the given nonce, sign header || ciphertext with Ed25519, package.",
	},
	Inputs: []Field{
		fState,
		{Name: "plaintext", Type: Hex, Doc: "the message"},
		{Name: "signingSeed", Type: Hex, Doc: "the sender's Ed25519 identity seed, 32 bytes"},
		{Name: "jitter", Type: Int, Doc: "the padding jitter, already drawn: 0 <= jitter < bucket/8"},
		{Name: "paddingFill", Type: Hex, Doc: "the bytes that fill the padding"},
		{Name: "nonce", Type: Hex, Doc: "the secretbox nonce, 24 bytes"},
	},
	Outputs: []Field{
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
		{Name: "state", Type: JSON, Doc: "the session state after sending"},
		{Name: "topic", Type: Hex, Doc: "the topic the message goes out on"},
		{Name: "messageKey", Type: Hex, Doc: "the message key", Optional: true},
	},
}

var verbethRatchetDecrypt = &Family{
	Name:  "verbeth/ratchet/decrypt",
	Title: "Verbeth ratchet decryption",
	Doc: []string{
		"Verify the Ed25519 signature with the peer's identity key, then decrypt one message: skipped keys, a DH step when the header's key is new (with the given new ratchet secret), KDF_CK, secretbox open, unpad.",
		"Replays and messages beyond the skip limit are rejected.",
	},
	Inputs: []Field{
		fState,
		{Name: "payload", Type: Hex, Doc: "the MessageSent ciphertext"},
		{Name: "peerEd25519", Type: Hex, Doc: "the sender's Ed25519 identity public key"},
		{Name: "newRatchetSecret", Type: Hex, Doc: "the DH secret for a DH step, 32 bytes (used only if the header's DH key is new)", Optional: true},
	},
	Outputs: []Field{
		{Name: "plaintext", Type: Hex, Doc: "the message"},
		{Name: "state", Type: JSON, Doc: "the session state after receiving"},
	},
}
