package vectors

// The on-chain event logs that carry the Verbeth handshake (VerbethV1.sol;
// spec/verbeth.md §2): what a port reads from a node, as topics and data.

func init() {
	Register(VerbethLogHandshakeEncode, VerbethLogHandshakeDecode, VerbethLogHandshakeResponseEncode, VerbethLogHandshakeResponseDecode)
}

var (
	fLogTopics = Field{Name: "topics", Type: HexList, Doc: "the log's topics, 32 bytes each: topic0 = keccak256 of the event signature, the indexed bytes32, the indexed address in the low 20 bytes of its word"}
	fLogData   = Field{Name: "data", Type: Hex, Doc: "the log's data: the Solidity ABI encoding of the values that are not indexed"}
	fLogAddr   = func(name, doc string) Field { return Field{Name: name, Type: Hex, Doc: doc + ", 20 bytes"} }
	logRules   = []string{
		"Both profiles, in order: at least three topics, each 32 bytes (field_length); topic0 the event's (message_type); then the data as ethers 6's AbiCoder.decode reads it, which the reference client uses: each bytes value's offset word is read from its head slot and taken from the start of the data, the length word there, and the value with its zero padding must lie inside the data; offsets and lengths above 2^53-1 or past the end are truncated. That reader follows offsets out of order, shared, pointing into the head or not a multiple of 32, and ignores the padding bytes and anything after the values; the deployed profile reads so too, and takes the address from the last 20 bytes of its word.",
		"Strict wants the canonical encoding: exactly three topics (field_length), the address word's top 12 bytes zero (abi_encoding), each offset where the previous value ends, the first right after the head (abi_encoding), zero padding (abi_encoding), and nothing after the last value (trailing_bytes).",
	}
)

// VerbethLogHandshakeEncode is verbeth/log/Handshake/encode: the Handshake event log.
var VerbethLogHandshakeEncode = &Family{
	Name:  "verbeth/log/Handshake/encode",
	Title: "Verbeth Handshake event log encoding",
	Doc: []string{
		"The log VerbethV1 emits for initiateHandshake (spec/verbeth.md §2): Handshake(bytes32 indexed recipientHash, address indexed sender, bytes pubKeys, bytes ephemeralPubKey, bytes plaintextPayload).",
		"topics = [keccak256(\"Handshake(bytes32,address,bytes,bytes,bytes)\") = 4bc6509d…65d5, recipientHash, 12 zero bytes || sender]; data = three offset words (96, then each where the previous value ends), then each value as its length word and its bytes padded with zeros to a multiple of 32. The encoder validates nothing beyond the sizes of recipientHash (32) and sender (20) (field_length).",
	},
	Inputs: []Field{
		{Name: "recipientHash", Type: Hex, Doc: "keccak256 of the recipient's lowercase address, 32 bytes"},
		fLogAddr("sender", "the initiator's address (msg.sender)"),
		{Name: "pubKeys", Type: Hex, Doc: "the unified identity keys"},
		{Name: "ephemeralPubKey", Type: Hex, Doc: "A || ek"},
		{Name: "plaintextPayload", Type: Hex, Doc: "the handshake's JSON payload bytes"},
	},
	Outputs: []Field{fLogTopics, fLogData},
}

// VerbethLogHandshakeDecode is verbeth/log/Handshake/decode: reading a Handshake event log.
var VerbethLogHandshakeDecode = &Family{
	Name:    "verbeth/log/Handshake/decode",
	Title:   "Verbeth Handshake event log decoding",
	Doc:     append([]string{"Read a Handshake log (spec/verbeth.md §2) from its topics and data, as an event reader meets it."}, logRules...),
	Inputs:  []Field{fLogTopics, fLogData},
	Outputs: VerbethLogHandshakeEncode.Inputs,
}

// VerbethLogHandshakeResponseEncode is verbeth/log/HandshakeResponse/encode: the HandshakeResponse event log.
var VerbethLogHandshakeResponseEncode = &Family{
	Name:  "verbeth/log/HandshakeResponse/encode",
	Title: "Verbeth HandshakeResponse event log encoding",
	Doc: []string{
		"The log VerbethV1 emits for respondToHandshake (spec/verbeth.md §2): HandshakeResponse(bytes32 indexed inResponseTo, address indexed responder, bytes32 responderEphemeralR, bytes ciphertext).",
		"topics = [keccak256(\"HandshakeResponse(bytes32,address,bytes32,bytes)\") = 89a4dd66…de46, inResponseTo, 12 zero bytes || responder]; data = responderEphemeralR itself, the offset 64, then ciphertext's length word and its bytes padded with zeros. inResponseTo and responderEphemeralR must be 32 bytes and responder 20 (field_length).",
	},
	Inputs: []Field{
		{Name: "inResponseTo", Type: Hex, Doc: "the response tag, 32 bytes"},
		fLogAddr("responder", "the responder's address (msg.sender)"),
		{Name: "responderEphemeralR", Type: Hex, Doc: "R, the responder's tag key, 32 bytes"},
		{Name: "ciphertext", Type: Hex, Doc: "the response envelope's JSON bytes"},
	},
	Outputs: []Field{fLogTopics, fLogData},
}

// VerbethLogHandshakeResponseDecode is verbeth/log/HandshakeResponse/decode: reading a HandshakeResponse event log.
var VerbethLogHandshakeResponseDecode = &Family{
	Name:  "verbeth/log/HandshakeResponse/decode",
	Title: "Verbeth HandshakeResponse event log decoding",
	Doc: append([]string{"Read a HandshakeResponse log (spec/verbeth.md §2) from its topics and data; the data's first word is responderEphemeralR itself (truncated when the data is shorter)."},
		logRules...),
	Inputs:  []Field{fLogTopics, fLogData},
	Outputs: VerbethLogHandshakeResponseEncode.Inputs,
}

func init() { Register(VerbethIdentityKeysDerive) }

// VerbethIdentityKeysDerive is verbeth/identityKeys/derive: the identity keys derived from the wallet's seed signature.
var VerbethIdentityKeysDerive = &Family{
	Name:  "verbeth/identityKeys/derive",
	Title: "Verbeth identity keys from the wallet's seed signature",
	Doc: []string{
		"The SDK's identity derivation (spec/verbeth.md §7.11): the wallet signs seedMessage = \"VerbEth Identity Seed v1\\nAddress: \" + lowercase(address) + \"\\nContext: verbeth\" (EIP-191 personal_sign; an EOA's ethers Wallet signs deterministically, RFC 6979), and the keys follow from the signature.",
		"sig' = seedSignature with low s when it is 65 bytes (s > n/2 becomes n - s; other lengths, a smart account's, are used as given); ikm = HKDF-SHA256(ikm = sig' || SHA-256(UTF-8 seedMessage) || UTF-8(\"verbeth/addr:\" + lowercase(address)), salt = \"verbeth/seed-sig-v1\", info = \"verbeth/ikm\", 32); x25519SecretKey, ed25519Seed and sessionPrivateKey = HKDF-SHA256(ikm, salt empty, info \"verbeth-x25519-v1\", \"verbeth-ed25519-v1\", \"verbeth-session-secp256k1-v1\", 32); the public keys and the session key's Ethereum address from them.",
		"A 65-byte signature whose s is n or more: the strict profile rejects it (invalid_key); the deployed profile computes n - s as the SDK does, a negative number whose hex digits (with their \"-\") the SDK left-pads to 64 characters and parses pair by pair with parseInt(pair, 16) into bytes (\"-a\" is -10, stored as 246; a pair without a digit is 0).",
	},
	Inputs: []Field{
		{Name: "address", Type: String, Doc: "the wallet's address as given to the SDK (any case; it is lowercased)"},
		{Name: "seedSignature", Type: Hex, Doc: "the wallet's signature of seedMessage: 65 bytes r || s || v for an EOA, any length for a smart account"},
	},
	Outputs: []Field{
		{Name: "seedMessage", Type: String, Doc: "the message the wallet signs"},
		{Name: "canonicalSignature", Type: Hex, Doc: "sig', the signature as it enters the KDF", Optional: true},
		{Name: "ikm", Type: Hex, Doc: "the HKDF output all keys derive from, 32 bytes", Optional: true},
		{Name: "x25519SecretKey", Type: Hex, Doc: "the identity X25519 secret key, 32 bytes, used raw (X25519 clamps it)"},
		{Name: "x25519PublicKey", Type: Hex, Doc: "its public key"},
		{Name: "ed25519Seed", Type: Hex, Doc: "the Ed25519 signing key's seed, 32 bytes"},
		{Name: "ed25519PublicKey", Type: Hex, Doc: "its public key"},
		{Name: "sessionPrivateKey", Type: Hex, Doc: "the secp256k1 session key (for the Safe session module), 32 bytes"},
		{Name: "sessionAddress", Type: Hex, Doc: "its Ethereum address, 20 bytes"},
	},
}
