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
