package vectors

// The Ixian S2 contact handshake v2 families. spec/ixian-s2.md defines every
// layout and rule they refer to.

func init() {
	Register(
		ixianVarUIntDecode, ixianVarIntDecode, ixianVarUIntEncode, ixianVarIntEncode,
		ixianIxiBytesDecode, ixianIxiBytesEncode,
		ixianRequestAdd2Decode, ixianRequestAdd2Encode,
		ixianAcceptAdd2Decode, ixianAcceptAdd2Encode,
		ixianKeys2Decode, ixianKeys2Encode,
		ixianSpixiMessageDecode, ixianSpixiMessageEncode,
		ixianECDH, ixianDeriveKeys,
		ixianAcceptorPrepare, ixianRequesterAcceptAdd2, ixianAcceptorKeys2,
		ixianSpixi2Encrypt, ixianSpixi2Decrypt, ixianRSA2Encrypt, ixianRSA2Decrypt,
		ixianHandshakeStatus,
	)
}

var (
	fData     = Field{Name: "data", Type: Hex, Doc: "the encoded bytes; decoding starts at the first byte and may leave bytes unread"}
	fConsumed = Field{Name: "length", Type: Int, Doc: "the number of bytes the decoder consumed"}
	fMinimal  = Field{Name: "minimal", Type: Bool, Doc: "whether the varint was in its shortest form", Optional: true}
	fPayload  = Field{Name: "payload", Type: Hex, Doc: "the message payload: the data field of the SpixiMessage"}
	fCaps     = Field{Name: "capabilities", Type: Int, Doc: "StreamCapabilities bit field (Incoming 1, Outgoing 2, IPN 4, Apps 8, AppProtocols 16, GroupCapabilities 32)"}
	fCapsSeen = Field{Name: "capabilitiesPresent", Type: Bool, Doc: "whether the payload carried the capabilities field; when absent, capabilities is Ixian-Core's default 15"}
)

var ixianVarUIntDecode = &Family{
	Name:  "ixian/IxiVarUInt/decode",
	Title: "Ixian IxiVarUInt decoding",
	Doc: []string{
		"Decode one unsigned IxiVarInt from the start of data.",
		"0x00-0xF7 is the value itself; 0xFC, 0xFD, 0xFE prefix a little-endian u16, u32, u64; 0xF8-0xFA are negative (signed) prefixes and 0xFB, 0xFF are reserved.",
		"Ixian-Core accepts non-minimal encodings; the strict profile rejects them.",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Decimal, Doc: "the decoded value"}, fConsumed, fMinimal},
}

var ixianVarIntDecode = &Family{
	Name:  "ixian/IxiVarInt/decode",
	Title: "Ixian IxiVarInt (signed) decoding",
	Doc: []string{
		"Decode one signed IxiVarInt from the start of data.",
		"0xF8, 0xF9, 0xFA prefix the magnitude of a negative value as a little-endian u16, u32, u64; 0xFC-0xFE are positive; 0xFB, 0xFF are reserved.",
		"Values outside int64 are rejected (varint_overflow).",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Decimal, Doc: "the decoded value"}, fConsumed, fMinimal},
}

var ixianVarUIntEncode = &Family{
	Name:    "ixian/IxiVarUInt/encode",
	Title:   "Ixian IxiVarUInt encoding",
	Doc:     []string{"Encode an unsigned value as an IxiVarInt in its shortest form."},
	Inputs:  []Field{{Name: "value", Type: Decimal, Doc: "a value in 0..2^64-1"}},
	Outputs: []Field{fData},
}

var ixianVarIntEncode = &Family{
	Name:    "ixian/IxiVarInt/encode",
	Title:   "Ixian IxiVarInt (signed) encoding",
	Doc:     []string{"Encode a signed value as an IxiVarInt: non-negative values as the unsigned form, negative ones with an 0xF8/0xF9/0xFA prefix and the magnitude (never one byte)."},
	Inputs:  []Field{{Name: "value", Type: Decimal, Doc: "a value in -2^63..2^63-1"}},
	Outputs: []Field{fData},
}

var ixianIxiBytesDecode = &Family{
	Name:  "ixian/IxiBytes/decode",
	Title: "Ixian IxiBytes decoding",
	Doc: []string{
		"Decode one IxiBytes field from the start of data: an unsigned IxiVarInt length, then that many bytes.",
		"A zero length is null in Ixian-Core; null and empty are the same on the wire (00).",
		"A length larger than the rest of the input is rejected before anything is allocated.",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Hex, Doc: "the field's bytes"}, fConsumed},
}

var ixianIxiBytesEncode = &Family{
	Name:    "ixian/IxiBytes/encode",
	Title:   "Ixian IxiBytes encoding",
	Doc:     []string{"Encode bytes as IxiBytes: the minimal IxiVarInt of the length, then the bytes; empty is 00."},
	Inputs:  []Field{{Name: "value", Type: Hex, Doc: "the bytes to encode"}},
	Outputs: []Field{fData},
}

var requestAdd2Fields = []Field{
	{Name: "maxProtocolVersion", Type: Int, Doc: "the highest S2 protocol version the requester speaks (written as one raw byte, read as an IxiVarUInt)"},
	{Name: "pubKey", Type: Hex, Doc: "the requester's primary RSA public key, in Ixian's key format"},
}

var ixianRequestAdd2Decode = &Family{
	Name:    "ixian/requestAdd2/decode",
	Title:   "Ixian requestAdd2 (40) payload decoding",
	Doc:     []string{"Decode and validate a requestAdd2 payload: maxProtocolVersion, then pubKey as IxiBytes."},
	Inputs:  []Field{fPayload},
	Outputs: requestAdd2Fields,
}

var ixianRequestAdd2Encode = &Family{
	Name:    "ixian/requestAdd2/encode",
	Title:   "Ixian requestAdd2 (40) payload encoding",
	Doc:     []string{"Encode a requestAdd2 payload as Ixian-Core writes it."},
	Inputs:  requestAdd2Fields,
	Outputs: []Field{fPayload},
}

var acceptAdd2Fields = []Field{
	{Name: "version", Type: Int, Doc: "the S2 protocol version the acceptor chose (written as one raw byte, read as an IxiVarUInt)"},
	{Name: "rsaPubKey", Type: Hex, Doc: "the acceptor's primary RSA public key, in Ixian's key format"},
	{Name: "ecdhPubKey", Type: Hex, Doc: "the acceptor's ephemeral secp521r1 public key: 67 bytes compressed (or 133 uncompressed, which only the deployed profile accepts)"},
	{Name: "mlkemPubKey", Type: Hex, Doc: "the acceptor's ephemeral ML-KEM-1024 encapsulation key, 1568 bytes"},
	{Name: "aesSalt", Type: Hex, Doc: "the HKDF salt of the AES key; 32 bytes in the strict profile"},
	fCaps,
}

var ixianAcceptAdd2Decode = &Family{
	Name:    "ixian/acceptAdd2/decode",
	Title:   "Ixian acceptAdd2 (41) payload decoding",
	Doc:     []string{"Decode and validate an acceptAdd2 payload: version, rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt, then the optional capabilities."},
	Inputs:  []Field{fPayload},
	Outputs: append(append([]Field{}, acceptAdd2Fields...), fCapsSeen),
}

var ixianAcceptAdd2Encode = &Family{
	Name:    "ixian/acceptAdd2/encode",
	Title:   "Ixian acceptAdd2 (41) payload encoding",
	Doc:     []string{"Encode an acceptAdd2 payload as Ixian-Core writes it, capabilities included."},
	Inputs:  acceptAdd2Fields,
	Outputs: []Field{fPayload},
}

var keys2Fields = []Field{
	{Name: "ecdhPubKey", Type: Hex, Doc: "the requester's ephemeral secp521r1 public key: 67 bytes compressed (or 133 uncompressed, deployed profile only)"},
	{Name: "mlkemCiphertext", Type: Hex, Doc: "the ML-KEM-1024 ciphertext to the acceptor's mlkemPubKey, 1568 bytes"},
	{Name: "chachaSalt", Type: Hex, Doc: "the HKDF salt of the ChaCha key; 32 bytes in the strict profile"},
	fCaps,
}

var ixianKeys2Decode = &Family{
	Name:    "ixian/keys2/decode",
	Title:   "Ixian keys2 (42) payload decoding",
	Doc:     []string{"Decode and validate a keys2 payload: ecdhPubKey, mlkemCiphertext, chachaSalt, then the optional capabilities."},
	Inputs:  []Field{fPayload},
	Outputs: append(append([]Field{}, keys2Fields...), fCapsSeen),
}

var ixianKeys2Encode = &Family{
	Name:    "ixian/keys2/encode",
	Title:   "Ixian keys2 (42) payload encoding",
	Doc:     []string{"Encode a keys2 payload as Ixian-Core writes it, capabilities included."},
	Inputs:  keys2Fields,
	Outputs: []Field{fPayload},
}

var spixiMessageFields = []Field{
	{Name: "type", Type: Int, Doc: "the SpixiMessageCode (requestAdd2 40, acceptAdd2 41, keys2 42, ...)"},
	{Name: "data", Type: Hex, Doc: "the payload"},
	{Name: "channel", Type: Int, Doc: "the channel number"},
	{Name: "groupAddress", Type: Hex, Doc: "the group address, empty when null"},
	{Name: "groupSenderAddress", Type: Hex, Doc: "the group sender address, empty when null"},
}

var ixianSpixiMessageDecode = &Family{
	Name:  "ixian/SpixiMessage/decode",
	Title: "Ixian SpixiMessage frame decoding",
	Doc: []string{
		"Decode a SpixiMessage frame: int32 LE type, int32 LE data length, data, int32 LE channel, IxiBytes groupAddress, IxiBytes groupSenderAddress.",
		"Ixian-Core never fails here: on any error it yields type 0 with no data, and it tolerates missing trailing fields.",
	},
	Inputs:  []Field{{Name: "frame", Type: Hex, Doc: "the encoded SpixiMessage"}},
	Outputs: spixiMessageFields,
}

var ixianSpixiMessageEncode = &Family{
	Name:    "ixian/SpixiMessage/encode",
	Title:   "Ixian SpixiMessage frame encoding",
	Doc:     []string{"Encode a SpixiMessage frame as Ixian-Core writes it."},
	Inputs:  spixiMessageFields,
	Outputs: []Field{{Name: "frame", Type: Hex, Doc: "the encoded SpixiMessage"}},
}

var (
	fECDHPriv   = Field{Name: "ecdhPrivateKey", Type: Hex, Doc: "a secp521r1 private scalar, 66 bytes big-endian"}
	fMLKEMSeed  = Field{Name: "mlkemSeed", Type: Hex, Doc: "the ML-KEM-1024 key generation seed d||z, 64 bytes"}
	fECDHSecret = Field{Name: "ecdhSecret", Type: Hex, Doc: "the secp521r1 shared secret: the X coordinate with leading zero bytes stripped (66 bytes or fewer)"}
	fKEMSecret  = Field{Name: "mlkemSecret", Type: Hex, Doc: "the ML-KEM-1024 shared secret, 32 bytes"}
	fIKM        = Field{Name: "ikm", Type: Hex, Doc: "the HKDF input keying material ecdhSecret || mlkemSecret", Optional: true}
	fAESKey     = Field{Name: "aesKey", Type: Hex, Doc: "HKDF-HMAC-SHA3-512(ikm, aesSalt, \"IXI AES Key\", 32)"}
	fChachaKey  = Field{Name: "chachaKey", Type: Hex, Doc: "HKDF-HMAC-SHA3-512(ikm, chachaSalt, \"IXI ChaCha Key\", 32)"}
	fAESSalt    = Field{Name: "aesSalt", Type: Hex, Doc: "the acceptor's salt, from acceptAdd2"}
	fChachaSalt = Field{Name: "chachaSalt", Type: Hex, Doc: "the requester's salt, from keys2"}
)

var ixianECDH = &Family{
	Name:  "ixian/ecdh",
	Title: "Ixian secp521r1 ECDH shared secret",
	Doc: []string{
		"Compute the secp521r1 ECDH shared secret as BouncyCastle does for Ixian-Core: the affine X coordinate of d*Q as an unsigned big-endian integer with leading zero bytes stripped.",
		"publicKey is a SEC 1 point: 67 bytes compressed or 133 bytes uncompressed.",
	},
	Inputs: []Field{fECDHPriv, {Name: "publicKey", Type: Hex, Doc: "the peer's secp521r1 public key"}},
	Outputs: []Field{
		fECDHSecret,
		{Name: "ownPublicKey", Type: Hex, Doc: "the compressed (67-byte) public key of ecdhPrivateKey", Optional: true},
	},
}

var ixianDeriveKeys = &Family{
	Name:  "ixian/deriveKeys",
	Title: "Ixian session key derivation (HKDF over HMAC-SHA3-512)",
	Doc: []string{
		"Derive the two session keys from the two shared secrets and the two salts.",
		"ikm = ecdhSecret || mlkemSecret; aesKey = HKDF-HMAC-SHA3-512(ikm, salt = aesSalt, info = \"IXI AES Key\", 32); chachaKey = HKDF-HMAC-SHA3-512(ikm, salt = chachaSalt, info = \"IXI ChaCha Key\", 32).",
		"Ixian-Core uses any salt length (an empty salt acts as 64 zero bytes, HMAC-SHA3-512's block-sized key); the strict profile requires 32-byte salts.",
	},
	Inputs:  []Field{fECDHSecret, fKEMSecret, fAESSalt, fChachaSalt},
	Outputs: []Field{fIKM, fAESKey, fChachaKey},
}

var ixianAcceptorPrepare = &Family{
	Name:  "ixian/acceptor/prepare",
	Title: "Ixian acceptor: build acceptAdd2",
	Doc: []string{
		"The acceptor's first step: derive its ephemeral secp521r1 and ML-KEM-1024 key pairs from the given randomness and build the acceptAdd2 payload.",
	},
	Inputs: []Field{
		fECDHPriv, fMLKEMSeed,
		{Name: "aesSalt", Type: Hex, Doc: "the acceptor's random salt, 32 bytes"},
		{Name: "version", Type: Int, Doc: "the protocol version to announce"},
		{Name: "rsaPubKey", Type: Hex, Doc: "the acceptor's RSA public key, in Ixian's key format"},
		fCaps,
	},
	Outputs: []Field{
		{Name: "acceptAdd2", Type: Hex, Doc: "the acceptAdd2 payload"},
		{Name: "ecdhPubKey", Type: Hex, Doc: "the acceptor's compressed ECDH public key", Optional: true},
		{Name: "mlkemPubKey", Type: Hex, Doc: "the acceptor's ML-KEM-1024 encapsulation key", Optional: true},
	},
}

var ixianRequesterAcceptAdd2 = &Family{
	Name:  "ixian/requester/acceptAdd2",
	Title: "Ixian requester: process acceptAdd2, build keys2, derive the keys",
	Doc: []string{
		"The requester's step: decode and validate acceptAdd2, compute the ECDH secret with its own ephemeral key, encapsulate to mlkemPubKey with the given message m, build keys2, and derive both session keys.",
	},
	Inputs: []Field{
		{Name: "acceptAdd2", Type: Hex, Doc: "the acceptAdd2 payload received"},
		fECDHPriv,
		{Name: "mlkemMessage", Type: Hex, Doc: "the ML-KEM encapsulation randomness m, 32 bytes"},
		{Name: "chachaSalt", Type: Hex, Doc: "the requester's random salt, 32 bytes"},
		fCaps,
	},
	Outputs: []Field{
		{Name: "keys2", Type: Hex, Doc: "the keys2 payload to send"},
		fECDHSecret, fKEMSecret, fIKM, fAESKey, fChachaKey,
		{Name: "peerCapabilities", Type: Int, Doc: "the acceptor's capabilities (15 when absent)"},
	},
}

var ixianAcceptorKeys2 = &Family{
	Name:  "ixian/acceptor/keys2",
	Title: "Ixian acceptor: process keys2, derive the keys",
	Doc: []string{
		"The acceptor's last step: with the ephemeral secrets it kept from prepare, decode and validate keys2, compute the ECDH secret, decapsulate, and derive both session keys.",
	},
	Inputs: []Field{
		fECDHPriv, fMLKEMSeed,
		{Name: "aesSalt", Type: Hex, Doc: "the salt the acceptor sent in acceptAdd2"},
		{Name: "keys2", Type: Hex, Doc: "the keys2 payload received"},
	},
	Outputs: []Field{
		fECDHSecret, fKEMSecret, fIKM, fAESKey, fChachaKey,
		{Name: "peerCapabilities", Type: Int, Doc: "the requester's capabilities (15 when absent)"},
	},
}

var (
	fAAD       = Field{Name: "aad", Type: Hex, Doc: "the additional data: the StreamMessage's id || IxiVarInt(type) || IxiVarInt(timestamp)"}
	fPlaintext = Field{Name: "plaintext", Type: Hex, Doc: "the message"}
)

var ixianSpixi2Encrypt = &Family{
	Name:  "ixian/spixi2/encrypt",
	Title: "Ixian spixi2 envelope encryption (AES-256-GCM then ChaCha20-Poly1305)",
	Doc: []string{
		"Encrypt with per-message keys: h = SHA3-512(SHA3-512(baseKey || nonce)), key = h[0:32], iv = h[32:44], for each of aesKey and chachaKey;",
		"c1 = AES-256-GCM(plaintext) without additional data, c2 = ChaCha20-Poly1305(c1, aad); output IxiBytes(nonce) || IxiBytes(c2).",
	},
	Inputs: []Field{
		fAESKey, fChachaKey,
		{Name: "nonce", Type: Hex, Doc: "the 64 random bytes of the message"},
		fAAD, fPlaintext,
	},
	Outputs: []Field{{Name: "ciphertext", Type: Hex, Doc: "the spixi2 envelope"}},
}

var ixianSpixi2Decrypt = &Family{
	Name:  "ixian/spixi2/decrypt",
	Title: "Ixian spixi2 envelope decryption",
	Doc: []string{
		"Open a spixi2 envelope. Ixian-Core reads IxiBytes(nonce), skips the inner length prefix without checking it, and authenticates from there to the end of the input.",
	},
	Inputs:  []Field{fAESKey, fChachaKey, fAAD, {Name: "ciphertext", Type: Hex, Doc: "the spixi2 envelope"}},
	Outputs: []Field{fPlaintext},
}

var ixianRSA2Encrypt = &Family{
	Name:  "ixian/rsa2/encrypt",
	Title: "Ixian rsa2 envelope encryption (RSA-OAEP-SHA1 then spixi2)",
	Doc: []string{
		"Wrap a message for an RSA public key, as acceptAdd2 and keys2 are wrapped: ek = RSA-OAEP-SHA1(IxiBytes(tempAesKey) || IxiBytes(tempChachaKey)) with the given OAEP seed,",
		"blob = spixi2(plaintext) under the two temporary keys, output IxiBytes(ek) || IxiBytes(blob).",
	},
	Inputs: []Field{
		{Name: "rsaPubKey", Type: Hex, Doc: "the recipient's RSA public key, in Ixian's key format"},
		{Name: "tempAesKey", Type: Hex, Doc: "the temporary AES key, 32 bytes"},
		{Name: "tempChachaKey", Type: Hex, Doc: "the temporary ChaCha key, 32 bytes"},
		{Name: "oaepSeed", Type: Hex, Doc: "the OAEP seed, 20 bytes (SHA-1 length)"},
		{Name: "nonce", Type: Hex, Doc: "the spixi2 nonce, 64 bytes"},
		fAAD, fPlaintext,
	},
	Outputs: []Field{{Name: "envelope", Type: Hex, Doc: "the rsa2 envelope"}},
}

var ixianRSA2Decrypt = &Family{
	Name:  "ixian/rsa2/decrypt",
	Title: "Ixian rsa2 envelope decryption",
	Doc:   []string{"Open an rsa2 envelope with an RSA private key: RSA-OAEP-SHA1 decryption of the temporary keys, then spixi2 decryption."},
	Inputs: []Field{
		{Name: "rsaPrivateKey", Type: Hex, Doc: "the recipient's RSA private key, PKCS#8 DER"},
		fAAD,
		{Name: "envelope", Type: Hex, Doc: "the rsa2 envelope"},
	},
	Outputs: []Field{
		fPlaintext,
		{Name: "tempAesKey", Type: Hex, Doc: "the temporary AES key", Optional: true},
		{Name: "tempChachaKey", Type: Hex, Doc: "the temporary ChaCha key", Optional: true},
	},
}

var ixianHandshakeStatus = &Family{
	Name:  "ixian/handshakeStatus",
	Title: "Ixian handshakeStatus state machine",
	Doc: []string{
		"One transition of a friend record's handshake state, with Ixian-Core's guards.",
		"state and the result are JSON objects {handshakeStatus, protocolVersion, lastReceivedHandshakeMessageTimestamp, approved, pendingEphemeral}; event is {kind, ...} as spec/ixian-s2.md defines.",
		"A refused event is a rejection with category state, replay or downgrade; an event Ixian-Core ignores without harm is accepted with the state unchanged and action \"ignore\".",
	},
	Inputs: []Field{
		{Name: "role", Type: String, Doc: "\"requester\" or \"acceptor\""},
		{Name: "state", Type: JSON, Doc: "the friend record before the event"},
		{Name: "event", Type: JSON, Doc: "what happened"},
	},
	Outputs: []Field{
		{Name: "state", Type: JSON, Doc: "the friend record after the event"},
		{Name: "action", Type: String, Doc: "what the implementation does: e.g. \"sendAcceptAdd2\", \"sendKeys2\", \"deriveKeys\", \"ignore\""},
	},
}
