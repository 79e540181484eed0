package vectors

// The Ixian S2 contact handshake v2 families. spec/ixian-s2.md defines every
// layout and rule they refer to; its section numbers appear in the docs.
//
// Two rules hold for every family. Each rejection carries the category of
// the first broken rule in wire order, and a test breaks one rule only, so
// that both profiles name the same one. And byte fields that Ixian-Core
// reads as null (a zero IxiBytes length) are reported as "" (empty).

func init() {
	Register(
		IxianIxiVarUIntDecode, IxianIxiVarIntDecode, IxianIxiVarUIntEncode, IxianIxiVarIntEncode,
		IxianIxiBytesDecode, IxianIxiBytesEncode,
		IxianRequestAdd2Decode, IxianRequestAdd2Encode,
		IxianAcceptAdd2Decode, IxianAcceptAdd2Encode,
		IxianKeys2Decode, IxianKeys2Encode,
		IxianSpixiMessageDecode, IxianSpixiMessageEncode,
		IxianStreamMessageAdditionalData,
		IxianECDH, IxianDeriveKeys,
		IxianAcceptorPrepare, IxianRequesterAcceptAdd2, IxianAcceptorKeys2, IxianAcceptorKeys2Persisted,
		IxianSpixi2Encrypt, IxianSpixi2Decrypt, IxianRSA2Encrypt, IxianRSA2Decrypt,
		IxianHandshakeStatus,
	)
}

var (
	fData     = Field{Name: "data", Type: Hex, Doc: "the encoded bytes; decoding starts at the first byte and may leave bytes unread"}
	fConsumed = Field{Name: "length", Type: Int, Doc: "the number of bytes the decoder consumed"}
	fMinimal  = Field{Name: "minimal", Type: Bool, Doc: "whether the varint was in its shortest form (always true in the strict profile, which rejects the others)", Optional: true}
	fPayload  = Field{Name: "payload", Type: Hex, Doc: "the message payload: the data field of the SpixiMessage"}
	// The outputs of the encoders: exactly the bytes written, nothing read.
	fEncodedUInt  = Field{Name: "data", Type: Hex, Doc: "the value's IxiVarInt in its shortest form, exactly the bytes the encoder writes (1, 3, 5 or 9 bytes)"}
	fEncodedInt   = Field{Name: "data", Type: Hex, Doc: "the value's IxiVarInt, exactly the bytes the signed encoder writes: a non-negative value as the unsigned encoder does, a negative one as F8, F9 or FA and its magnitude (3, 5 or 9 bytes)"}
	fEncodedBytes = Field{Name: "data", Type: Hex, Doc: "the IxiBytes field, exactly the bytes written: the shortest IxiVarInt of the length, then the bytes (00 alone for empty)"}
	fPayloadOut   = Field{Name: "payload", Type: Hex, Doc: "the payload exactly as Ixian-Core writes it, to become the data field of a SpixiMessage; nothing validated, nothing after the last field"}
	fCaps         = Field{Name: "capabilities", Type: Int, Doc: "StreamCapabilities, a C# int flag set (Incoming 1, Outgoing 2, IPN 4, Apps 8, AppProtocols 16, GroupCapabilities 32; Spixi sends 63, QuIXI 17); unknown bits are kept"}
	fCapsSeen     = Field{Name: "capabilitiesPresent", Type: Bool, Doc: "whether the payload carried the capabilities field; when it did not, capabilities is Ixian-Core's default 15"}
)

// IxianIxiVarUIntDecode is ixian/IxiVarUInt/decode: Ixian IxiVarUInt decoding.
var IxianIxiVarUIntDecode = &Family{
	Name:  "ixian/IxiVarUInt/decode",
	Title: "Ixian IxiVarUInt decoding",
	Doc: []string{
		"Decode one unsigned IxiVarInt from the start of data (spec/ixian-s2.md §2), as every length, version and capabilities field is read.",
		"0x00-0xF7 is the value itself; 0xFC, 0xFD, 0xFE prefix a little-endian u16, u32, u64. The one-byte range ends at 0xF7: this is not Bitcoin's CompactSize.",
		"Errors: no byte, or fewer payload bytes than the prefix needs: truncated; 0xF8, 0xF9, 0xFA (the signed prefixes): negative_length; 0xFB, 0xFF (reserved): invalid_varint.",
		"Ixian-Core accepts non-minimal encodings (0xFC 05 00 is 5); the strict profile rejects them (non_minimal_varint).",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Decimal, Doc: "the decoded value, 0..2^64-1"}, fConsumed, fMinimal},
}

// IxianIxiVarIntDecode is ixian/IxiVarInt/decode: Ixian IxiVarInt (signed) decoding.
var IxianIxiVarIntDecode = &Family{
	Name:  "ixian/IxiVarInt/decode",
	Title: "Ixian IxiVarInt (signed) decoding",
	Doc: []string{
		"Decode one signed IxiVarInt from the start of data (spec/ixian-s2.md §2).",
		"0xF8, 0xF9, 0xFA prefix the magnitude of a negative value as a little-endian u16, u32, u64; 0xFC-0xFE are positive as in the unsigned form; 0xFB, 0xFF are reserved (invalid_varint).",
		"Values outside int64 are rejected (varint_overflow): 0xFE above 2^63-1, 0xFA with a magnitude above 2^63. 0xFA with magnitude exactly 2^63 is -2^63.",
		"The strict profile rejects non-minimal forms (non_minimal_varint), including the negative zero F8 00 00, which Ixian-Core reads as 0.",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Decimal, Doc: "the decoded value, -2^63..2^63-1"}, fConsumed, fMinimal},
}

// IxianIxiVarUIntEncode is ixian/IxiVarUInt/encode: Ixian IxiVarUInt encoding.
var IxianIxiVarUIntEncode = &Family{
	Name:  "ixian/IxiVarUInt/encode",
	Title: "Ixian IxiVarUInt encoding",
	Doc: []string{
		"Encode an unsigned value as an IxiVarInt in its shortest form: below 0xF8 one byte; up to 0xFFFF 0xFC and u16 LE; up to 0xFFFFFFFF 0xFD and u32 LE; else 0xFE and u64 LE.",
		"A value outside 0..2^64-1 is rejected (varint_overflow), never wrapped.",
	},
	Inputs:  []Field{{Name: "value", Type: Decimal, Doc: "the value to encode"}},
	Outputs: []Field{fEncodedUInt},
}

// IxianIxiVarIntEncode is ixian/IxiVarInt/encode: Ixian IxiVarInt (signed) encoding.
var IxianIxiVarIntEncode = &Family{
	Name:  "ixian/IxiVarInt/encode",
	Title: "Ixian IxiVarInt (signed) encoding",
	Doc: []string{
		"Encode a signed value as an IxiVarInt: a non-negative value exactly as the unsigned encoder does; a negative one as 0xF8, 0xF9 or 0xFA and its magnitude (2^63 for -2^63) in 2, 4 or 8 bytes LE, never in one byte.",
		"Every length prefix and int field of the protocol is written by this encoder (C# picks the long overload for an int); for non-negative values the bytes are those of the unsigned one.",
		"A value outside -2^63..2^63-1 is rejected (varint_overflow).",
	},
	Inputs:  []Field{{Name: "value", Type: Decimal, Doc: "the value to encode"}},
	Outputs: []Field{fEncodedInt},
}

// IxianIxiBytesDecode is ixian/IxiBytes/decode: Ixian IxiBytes decoding.
var IxianIxiBytesDecode = &Family{
	Name:  "ixian/IxiBytes/decode",
	Title: "Ixian IxiBytes decoding",
	Doc: []string{
		"Decode one IxiBytes field from the start of data (spec/ixian-s2.md §3): an unsigned IxiVarInt length (with IxiVarUInt/decode's errors), then that many bytes.",
		"A length above 2^31-1 is varint_overflow (Ixian-Core: \"Invalid length specified\"); a length above what remains is truncated. Both are checked before anything is allocated.",
		"A zero length is null in Ixian-Core; null and empty are the same on the wire (00) and value is \"\".",
	},
	Inputs:  []Field{fData},
	Outputs: []Field{{Name: "value", Type: Hex, Doc: "the field's bytes"}, fConsumed},
}

// IxianIxiBytesEncode is ixian/IxiBytes/encode: Ixian IxiBytes encoding.
var IxianIxiBytesEncode = &Family{
	Name:    "ixian/IxiBytes/encode",
	Title:   "Ixian IxiBytes encoding",
	Doc:     []string{"Encode bytes as IxiBytes: the minimal IxiVarInt of the length, then the bytes; empty (or null) is 00."},
	Inputs:  []Field{{Name: "value", Type: Hex, Doc: "the bytes to encode"}},
	Outputs: []Field{fEncodedBytes},
}

var requestAdd2Fields = []Field{
	{Name: "maxProtocolVersion", Type: Int, Doc: "the highest S2 protocol version the requester speaks: written as one raw byte (the C# (byte) cast keeps the low 8 bits), read as an IxiVarUInt cast to a C# int (the low 32 bits, signed)"},
	{Name: "pubKey", Type: Hex, Doc: "the requester's primary RSA public key, in Ixian's key format (spec/ixian-s2.md §6)"},
}

// IxianRequestAdd2Decode is ixian/requestAdd2/decode: Ixian requestAdd2 (40) payload decoding.
var IxianRequestAdd2Decode = &Family{
	Name:  "ixian/requestAdd2/decode",
	Title: "Ixian requestAdd2 (40) payload decoding",
	Doc: []string{
		"Decode and validate a requestAdd2 payload (spec/ixian-s2.md §5.1, rules in §9): maxProtocolVersion, then pubKey as IxiBytes.",
		"maxProtocolVersion: the strict profile wants one byte, at least 1 (version); the deployed profile takes any IxiVarUInt and reports its C# int cast. Values above 1 are reported as read (the state machine lowers them to 1).",
		"pubKey: not empty (empty_field), 49..1023 bytes (field_length), a well-formed Ixian RSA key (invalid_key); the strict profile also refuses the 523-byte legacy form, a non-zero key-format int32 and leading zero bytes in modulus or exponent (invalid_key).",
		"Bytes after pubKey: ignored by the deployed profile, trailing_bytes in the strict one.",
	},
	Inputs:  []Field{fPayload},
	Outputs: requestAdd2Fields,
}

// IxianRequestAdd2Encode is ixian/requestAdd2/encode: Ixian requestAdd2 (40) payload encoding.
var IxianRequestAdd2Encode = &Family{
	Name:    "ixian/requestAdd2/encode",
	Title:   "Ixian requestAdd2 (40) payload encoding",
	Doc:     []string{"Encode a requestAdd2 payload as Ixian-Core writes it: the version as one raw byte (its low 8 bits), then IxiBytes(pubKey). Nothing is validated."},
	Inputs:  requestAdd2Fields,
	Outputs: []Field{fPayloadOut},
}

var acceptAdd2Fields = []Field{
	{Name: "version", Type: Int, Doc: "the S2 protocol version the acceptor chose: written as one raw byte, read as an IxiVarUInt cast to a C# int"},
	{Name: "rsaPubKey", Type: Hex, Doc: "the acceptor's primary RSA public key, in Ixian's key format"},
	{Name: "ecdhPubKey", Type: Hex, Doc: "the acceptor's ephemeral secp521r1 public key: 67 bytes compressed (or 133 bytes uncompressed or hybrid, which only the deployed profile accepts)"},
	{Name: "mlkemPubKey", Type: Hex, Doc: "the acceptor's ephemeral ML-KEM-1024 encapsulation key, 1568 bytes"},
	{Name: "aesSalt", Type: Hex, Doc: "the HKDF salt of aesKey; 32 bytes in the strict profile, any length (also empty) in the deployed one"},
	fCaps,
}

// IxianAcceptAdd2Decode is ixian/acceptAdd2/decode: Ixian acceptAdd2 (41) payload decoding.
var IxianAcceptAdd2Decode = &Family{
	Name:  "ixian/acceptAdd2/decode",
	Title: "Ixian acceptAdd2 (41) payload decoding",
	Doc: []string{
		"Decode and validate an acceptAdd2 payload (spec/ixian-s2.md §5.2, rules in §9): version, rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt as IxiBytes, then the optional capabilities.",
		"version: the strict profile wants exactly 1 in one byte (version); the deployed profile takes any IxiVarUInt and reports its C# int cast. rsaPubKey: as requestAdd2's pubKey.",
		"ecdhPubKey: not empty (empty_field); 67 bytes with prefix 02/03 (field_length, invalid_point); the deployed profile also takes 133 bytes with prefix 04, 06 or 07. A lone 00 (the point at infinity) is invalid_point. Whether the point is on the curve is not checked here: ECDH does it (ixian/ecdh, the role families).",
		"mlkemPubKey: exactly 1568 bytes (empty_field, field_length); its coefficients are checked at encapsulation (ixian/requester/acceptAdd2). aesSalt: 32 bytes in the strict profile (salt_length).",
		"capabilities: read only if a byte remains; absent, the strict profile says missing_field and the deployed one reports 15 with capabilitiesPresent false. An unsigned IxiVarInt; above 2^31-1 the strict profile says varint_overflow and the deployed one reports its C# int cast. Bytes after it: trailing_bytes in the strict profile only.",
	},
	Inputs:  []Field{fPayload},
	Outputs: append(append([]Field{}, acceptAdd2Fields...), fCapsSeen),
}

// IxianAcceptAdd2Encode is ixian/acceptAdd2/encode: Ixian acceptAdd2 (41) payload encoding.
var IxianAcceptAdd2Encode = &Family{
	Name:  "ixian/acceptAdd2/encode",
	Title: "Ixian acceptAdd2 (41) payload encoding",
	Doc: []string{
		"Encode an acceptAdd2 payload as Ixian-Core writes it: the version as one raw byte (its low 8 bits), four IxiBytes, then capabilities through the signed IxiVarInt encoder (a negative value gets an F8/F9/FA prefix, which every reader refuses). Nothing is validated.",
	},
	Inputs:  acceptAdd2Fields,
	Outputs: []Field{fPayloadOut},
}

var keys2Fields = []Field{
	{Name: "ecdhPubKey", Type: Hex, Doc: "the requester's ephemeral secp521r1 public key: 67 bytes compressed (or 133 bytes, deployed profile only)"},
	{Name: "mlkemCiphertext", Type: Hex, Doc: "the ML-KEM-1024 ciphertext to the acceptor's mlkemPubKey, 1568 bytes"},
	{Name: "chachaSalt", Type: Hex, Doc: "the HKDF salt of chachaKey; 32 bytes in the strict profile, any length in the deployed one"},
	fCaps,
}

// IxianKeys2Decode is ixian/keys2/decode: Ixian keys2 (42) payload decoding.
var IxianKeys2Decode = &Family{
	Name:  "ixian/keys2/decode",
	Title: "Ixian keys2 (42) payload decoding",
	Doc: []string{
		"Decode and validate a keys2 payload (spec/ixian-s2.md §5.3): ecdhPubKey, mlkemCiphertext, chachaSalt as IxiBytes, then the optional capabilities. There is no version field.",
		"The rules are acceptAdd2's for the fields they share; mlkemCiphertext is exactly 1568 bytes in both profiles (empty_field, field_length).",
	},
	Inputs:  []Field{fPayload},
	Outputs: append(append([]Field{}, keys2Fields...), fCapsSeen),
}

// IxianKeys2Encode is ixian/keys2/encode: Ixian keys2 (42) payload encoding.
var IxianKeys2Encode = &Family{
	Name:    "ixian/keys2/encode",
	Title:   "Ixian keys2 (42) payload encoding",
	Doc:     []string{"Encode a keys2 payload as Ixian-Core writes it, capabilities included (signed encoder). Nothing is validated."},
	Inputs:  keys2Fields,
	Outputs: []Field{fPayloadOut},
}

var spixiMessageFields = []Field{
	{Name: "type", Type: Int, Doc: "the SpixiMessageCode, a C# int (chat 0, msgReceived 9, requestAdd2 40, acceptAdd2 41, keys2 42)"},
	{Name: "data", Type: Hex, Doc: "the payload"},
	{Name: "channel", Type: Int, Doc: "the channel number, a C# int"},
	{Name: "groupAddress", Type: Hex, Doc: "the group address, empty when null"},
	{Name: "groupSenderAddress", Type: Hex, Doc: "the group sender address, empty when null"},
}

// IxianSpixiMessageDecode is ixian/SpixiMessage/decode: Ixian SpixiMessage frame decoding.
var IxianSpixiMessageDecode = &Family{
	Name:  "ixian/SpixiMessage/decode",
	Title: "Ixian SpixiMessage frame decoding",
	Doc: []string{
		"Decode a SpixiMessage frame (spec/ixian-s2.md §4.2): int32 LE type, int32 LE data length, data, int32 LE channel, IxiBytes groupAddress, IxiBytes groupSenderAddress.",
		"Strict profile: type and length need 4 bytes each (truncated); a negative length is negative_length; the data must be as long as its length (truncated); channel and the group fields must be present (missing_field) and whole (truncated, or IxiBytes's errors); nothing may follow (trailing_bytes).",
		"Deployed profile: exactly what Ixian-Core's SpixiMessage(byte[]) constructor yields, which never fails. Data shorter than its length is taken as it is; no byte after data means channel 0 and no group fields; no byte after channel means no group fields; bytes after groupSenderAddress are ignored.",
		"On any other error the constructor logs it and yields type 0 (chat), data null and channel 0, keeping a groupAddress it had already read: the deployed outputs of such a frame are those values, so every frame the strict profile rejects is acceptable, not invalid.",
	},
	Inputs:  []Field{{Name: "frame", Type: Hex, Doc: "the SpixiMessage frame exactly as Ixian-Core writes it: type, data length and channel as int32 LE, the data, then groupAddress and groupSenderAddress as IxiBytes (00 each when empty)"}},
	Outputs: spixiMessageFields,
}

// IxianSpixiMessageEncode is ixian/SpixiMessage/encode: Ixian SpixiMessage frame encoding.
var IxianSpixiMessageEncode = &Family{
	Name:    "ixian/SpixiMessage/encode",
	Title:   "Ixian SpixiMessage frame encoding",
	Doc:     []string{"Encode a SpixiMessage frame as Ixian-Core writes it: type, data length (0 when data is empty) and channel as int32 LE (two's complement), empty group fields as 00."},
	Inputs:  spixiMessageFields,
	Outputs: []Field{{Name: "frame", Type: Hex, Doc: "the SpixiMessage frame exactly as Ixian-Core writes it: type, data length and channel as int32 LE, the data, then groupAddress and groupSenderAddress as IxiBytes (00 each when empty)"}},
}

// IxianStreamMessageAdditionalData is ixian/StreamMessage/additionalData: Ixian StreamMessage additional data (the AAD of spixi2 and rsa2).
var IxianStreamMessageAdditionalData = &Family{
	Name:  "ixian/StreamMessage/additionalData",
	Title: "Ixian StreamMessage additional data (the AAD of spixi2 and rsa2)",
	Doc: []string{
		"The additional data of a StreamMessage (getAdditionalData, spec/ixian-s2.md §4.1): id (raw, without a length) || IxiVarInt(type) || IxiVarInt(timestamp), both varints through the signed encoder.",
		"The handshake uses ids 00 (requestAdd2), 01 (acceptAdd2), 02 (keys2), type 1 (info) and Unix seconds as timestamp.",
	},
	Inputs: []Field{
		{Name: "id", Type: Hex, Doc: "the StreamMessage id"},
		{Name: "type", Type: Int, Doc: "the StreamMessageCode (error 0, info 1, data 2)"},
		{Name: "timestamp", Type: Decimal, Doc: "the StreamMessage timestamp, Unix seconds, a signed 64-bit value"},
	},
	Outputs: []Field{{Name: "aad", Type: Hex, Doc: "the additional data"}},
}

var (
	fECDHPriv   = Field{Name: "ecdhPrivateKey", Type: Hex, Doc: "a secp521r1 private scalar, 66 bytes big-endian, in [1, n-1] (invalid_key otherwise)"}
	fMLKEMSeed  = Field{Name: "mlkemSeed", Type: Hex, Doc: "the ML-KEM-1024 key generation seed d||z, 64 bytes (FIPS 203 ML-KEM.KeyGen_internal; invalid_key otherwise)"}
	fECDHSecret = Field{Name: "ecdhSecret", Type: Hex, Doc: "the secp521r1 shared secret: the X coordinate with its leading zero bytes stripped (66 bytes or fewer)"}
	fKEMSecret  = Field{Name: "mlkemSecret", Type: Hex, Doc: "the ML-KEM-1024 shared secret, 32 bytes"}
	fIKM        = Field{Name: "ikm", Type: Hex, Doc: "the HKDF input keying material ecdhSecret || mlkemSecret", Optional: true}
	fAESPRK     = Field{Name: "aesPrk", Type: Hex, Doc: "HKDF-Extract's pseudo-random key of aesKey, HMAC-SHA3-512(key = aesSalt, ikm) (64 bytes; an empty salt is 64 zero bytes): tells a wrong salt or hash from a wrong info string", Optional: true}
	fChachaPRK  = Field{Name: "chachaPrk", Type: Hex, Doc: "HKDF-Extract's pseudo-random key of chachaKey, HMAC-SHA3-512(key = chachaSalt, ikm) (64 bytes)", Optional: true}
	fAESKey     = Field{Name: "aesKey", Type: Hex, Doc: "HKDF-HMAC-SHA3-512(ikm, salt = aesSalt, info = \"IXI AES Key\", 32)"}
	fChachaKey  = Field{Name: "chachaKey", Type: Hex, Doc: "HKDF-HMAC-SHA3-512(ikm, salt = chachaSalt, info = \"IXI ChaCha Key\", 32)"}
	fAESSalt    = Field{Name: "aesSalt", Type: Hex, Doc: "the acceptor's salt, from acceptAdd2 (32 bytes in the strict profile)"}
	fChachaSalt = Field{Name: "chachaSalt", Type: Hex, Doc: "the requester's salt, from keys2 (32 bytes in the strict profile)"}
	fPeerCaps   = Field{Name: "peerCapabilities", Type: Int, Doc: "the other side's capabilities as decoded (15 when its message had none, deployed profile only)"}
)

// IxianECDH is ixian/ecdh: Ixian secp521r1 ECDH shared secret.
var IxianECDH = &Family{
	Name:  "ixian/ecdh",
	Title: "Ixian secp521r1 ECDH shared secret",
	Doc: []string{
		"Compute the secp521r1 ECDH shared secret as BouncyCastle does for Ixian-Core (spec/ixian-s2.md §7.1): the affine X coordinate of d*Q as an unsigned big-endian integer with leading zero bytes stripped: 66 bytes about half the time, 65 bytes almost all the rest, 64 bytes once in 512, 63 bytes once in 2^17.",
		"publicKey is a SEC 1 point: 67 bytes compressed (02/03 || X); the deployed profile also takes 133 bytes uncompressed (04) or hybrid (06/07, whose prefix must match Y's parity), which the strict profile refuses (field_length).",
		"A wrong prefix, an X with no curve point, X >= p, a point off the curve and the point at infinity (a lone 00) are invalid_point; any other length is field_length.",
	},
	Inputs: []Field{fECDHPriv, {Name: "publicKey", Type: Hex, Doc: "the peer's secp521r1 public key"}},
	Outputs: []Field{
		fECDHSecret,
		{Name: "ownPublicKey", Type: Hex, Doc: "the compressed (67-byte) public key of ecdhPrivateKey", Optional: true},
	},
}

// IxianDeriveKeys is ixian/deriveKeys: Ixian session key derivation (HKDF over HMAC-SHA3-512).
var IxianDeriveKeys = &Family{
	Name:  "ixian/deriveKeys",
	Title: "Ixian session key derivation (HKDF over HMAC-SHA3-512)",
	Doc: []string{
		"Derive the two session keys from the two shared secrets and the two salts (spec/ixian-s2.md §7.2).",
		"ikm = ecdhSecret || mlkemSecret (ECDH first; its length varies); aesKey = HKDF-HMAC-SHA3-512(ikm, salt = aesSalt, info = \"IXI AES Key\", 32); chachaKey = HKDF-HMAC-SHA3-512(ikm, salt = chachaSalt, info = \"IXI ChaCha Key\", 32). HMAC-SHA3-512 has a 72-byte block and a 64-byte output.",
		"ecdhSecret must be 1..66 bytes without a leading zero byte and mlkemSecret 32 bytes (field_length, both profiles). The strict profile requires 32-byte salts (salt_length); Ixian-Core uses any salt, and an empty one acts as 64 zero bytes (RFC 5869).",
	},
	Inputs:  []Field{fECDHSecret, fKEMSecret, fAESSalt, fChachaSalt},
	Outputs: []Field{fIKM, fAESKey, fChachaKey, fAESPRK, fChachaPRK},
}

// IxianAcceptorPrepare is ixian/acceptor/prepare: Ixian acceptor: build acceptAdd2.
var IxianAcceptorPrepare = &Family{
	Name:  "ixian/acceptor/prepare",
	Title: "Ixian acceptor: build acceptAdd2",
	Doc: []string{
		"The acceptor's first step (sendAcceptAdd2 and prepareSharedSecret, spec/ixian-s2.md §7.3): derive its ephemeral secp521r1 key pair from ecdhPrivateKey and its ML-KEM-1024 key pair from mlkemSeed, and build the acceptAdd2 payload (ixian/acceptAdd2/encode) with the compressed ECDH key.",
		"The strict profile wants version 1, a 32-byte aesSalt and a well-formed rsaPubKey (version, salt_length, and requestAdd2's pubKey rules); the deployed profile writes what Ixian-Core writes (the version's low byte, any salt) and refuses only an rsaPubKey no reader accepts (empty or malformed). capabilities is written as given.",
	},
	Inputs: []Field{
		fECDHPriv, fMLKEMSeed,
		{Name: "aesSalt", Type: Hex, Doc: "the acceptor's random salt, 32 bytes"},
		{Name: "version", Type: Int, Doc: "the protocol version to announce (Friend.protocolVersion, 1)"},
		{Name: "rsaPubKey", Type: Hex, Doc: "the acceptor's RSA public key, in Ixian's key format"},
		fCaps,
	},
	Outputs: []Field{
		{Name: "acceptAdd2", Type: Hex, Doc: "the acceptAdd2 payload"},
		{Name: "ecdhPubKey", Type: Hex, Doc: "the acceptor's compressed ECDH public key", Optional: true},
		{Name: "mlkemPubKey", Type: Hex, Doc: "the acceptor's ML-KEM-1024 encapsulation key", Optional: true},
	},
}

// IxianRequesterAcceptAdd2 is ixian/requester/acceptAdd2: Ixian requester: process acceptAdd2, build keys2, derive the keys.
var IxianRequesterAcceptAdd2 = &Family{
	Name:  "ixian/requester/acceptAdd2",
	Title: "Ixian requester: process acceptAdd2, build keys2, derive the keys",
	Doc: []string{
		"The requester's step (handleAcceptAdd2 and finalizeSharedSecret, spec/ixian-s2.md §7.4): decode and validate acceptAdd2 (ixian/acceptAdd2/decode), compute the ECDH secret of ecdhPrivateKey and its ecdhPubKey (ixian/ecdh: invalid_point for a point off the curve),",
		"encapsulate to its mlkemPubKey with the message m (FIPS 203 ML-KEM.Encaps_internal; ek_modulus for a key with a coefficient >= q, in both profiles), derive both session keys with acceptAdd2's aesSalt and chachaSalt (ixian/deriveKeys), and build keys2 with the compressed ECDH public key.",
		"chachaSalt follows the profile's salt rule. The state checks around this step are ixian/handshakeStatus's.",
	},
	Inputs: []Field{
		{Name: "acceptAdd2", Type: Hex, Doc: "the acceptAdd2 payload received"},
		fECDHPriv,
		{Name: "mlkemMessage", Type: Hex, Doc: "the ML-KEM encapsulation randomness m, 32 bytes (invalid_key otherwise)"},
		{Name: "chachaSalt", Type: Hex, Doc: "the requester's random salt, 32 bytes"},
		{Name: "capabilities", Type: Int, Doc: "the requester's own StreamCapabilities, written into keys2"},
	},
	Outputs: []Field{
		{Name: "keys2", Type: Hex, Doc: "the keys2 payload to send"},
		fECDHSecret, fKEMSecret, fIKM, fAESKey, fChachaKey, fPeerCaps, fAESPRK, fChachaPRK,
		{Name: "ecdhPubKey", Type: Hex, Doc: "the requester's compressed ECDH public key (inside keys2)", Optional: true},
		{Name: "mlkemCiphertext", Type: Hex, Doc: "the ML-KEM-1024 ciphertext (inside keys2)", Optional: true},
	},
}

// IxianAcceptorKeys2 is ixian/acceptor/keys2: Ixian acceptor: process keys2, derive the keys.
var IxianAcceptorKeys2 = &Family{
	Name:  "ixian/acceptor/keys2",
	Title: "Ixian acceptor: process keys2, derive the keys",
	Doc: []string{
		"The acceptor's last step (handleReceivedKeys2 and finalizeSharedSecret, spec/ixian-s2.md §7.5): with the ephemeral secrets and the aesSalt it kept from prepare, decode and validate keys2 (ixian/keys2/decode), compute the ECDH secret with its ecdhPubKey,",
		"decapsulate mlkemCiphertext (implicit rejection: a ciphertext of the right length that was not made for this key gives a pseudo-random secret, not an error), and derive both session keys with the kept aesSalt and keys2's chachaSalt.",
		"The kept aesSalt follows the profile's salt rule.",
	},
	Inputs: []Field{
		fECDHPriv, fMLKEMSeed,
		{Name: "aesSalt", Type: Hex, Doc: "the salt the acceptor sent in acceptAdd2"},
		{Name: "keys2", Type: Hex, Doc: "the keys2 payload received"},
	},
	Outputs: []Field{fECDHSecret, fKEMSecret, fIKM, fAESKey, fChachaKey, fPeerCaps, fAESPRK, fChachaPRK},
}

var (
	fAAD       = Field{Name: "aad", Type: Hex, Doc: "the additional data: the StreamMessage's id || IxiVarInt(type) || IxiVarInt(timestamp) (ixian/StreamMessage/additionalData)"}
	fPlaintext = Field{Name: "plaintext", Type: Hex, Doc: "the message: for the handshake, a SpixiMessage frame"}
)

// IxianSpixi2Encrypt is ixian/spixi2/encrypt: Ixian spixi2 envelope encryption (AES-GCM then ChaCha20-Poly1305).
var IxianSpixi2Encrypt = &Family{
	Name:  "ixian/spixi2/encrypt",
	Title: "Ixian spixi2 envelope encryption (AES-GCM then ChaCha20-Poly1305)",
	Doc: []string{
		"Encrypt with per-message keys (spec/ixian-s2.md §8.1, §8.2): for each base key K of aesKey and chachaKey, h = SHA3-512(SHA3-512(K || nonce)) (key first), key' = h[0:len(K)], iv = h[len(K):len(K)+12].",
		"c1 = AES-GCM(aes key', aes iv)(plaintext) without additional data; c2 = ChaCha20-Poly1305(chacha key', chacha iv)(c1, aad); the envelope is IxiBytes(nonce) || IxiBytes(c2) = 40 || nonce || IxiVarInt(len(plaintext) + 32) || c2.",
		"chachaKey must be 32 bytes (field_length; empty_field when empty). aesKey is 32 bytes in the strict profile; the deployed profile also takes 16 and 24 (AES-128/192-GCM, with h[16:28] or h[24:36] as the IV). nonce: not empty (empty_field); 64 bytes in the strict profile (field_length), any length in the deployed one.",
	},
	Inputs: []Field{
		fAESKey, fChachaKey,
		{Name: "nonce", Type: Hex, Doc: "the 64 random bytes of the message"},
		fAAD, fPlaintext,
	},
	Outputs: []Field{
		{Name: "ciphertext", Type: Hex, Doc: "the spixi2 envelope"},
		{Name: "aesDerivedKey", Type: Hex, Doc: "the per-message AES key", Optional: true},
		{Name: "aesIv", Type: Hex, Doc: "the AES-GCM nonce, 12 bytes", Optional: true},
		{Name: "chachaDerivedKey", Type: Hex, Doc: "the per-message ChaCha20-Poly1305 key", Optional: true},
		{Name: "chachaIv", Type: Hex, Doc: "the ChaCha20-Poly1305 nonce, 12 bytes", Optional: true},
		{Name: "aesCiphertext", Type: Hex, Doc: "c1: the AES-GCM output, ciphertext || tag", Optional: true},
		{Name: "aesHash", Type: Hex, Doc: "the whole h = SHA3-512(SHA3-512(aesKey || nonce)) that aesDerivedKey and aesIv are cut from, 64 bytes", Optional: true},
		{Name: "chachaHash", Type: Hex, Doc: "the whole h = SHA3-512(SHA3-512(chachaKey || nonce)) that chachaDerivedKey and chachaIv are cut from, 64 bytes", Optional: true},
	},
}

// IxianSpixi2Decrypt is ixian/spixi2/decrypt: Ixian spixi2 envelope decryption.
var IxianSpixi2Decrypt = &Family{
	Name:  "ixian/spixi2/decrypt",
	Title: "Ixian spixi2 envelope decryption",
	Doc: []string{
		"Open a spixi2 envelope (spec/ixian-s2.md §8.2) as Ixian-Core does: read IxiBytes(nonce), then the length of c2 as an IxiVarUInt, which is not compared with anything; open ChaCha20-Poly1305 over everything from there to the end of the input with aad, then AES-GCM without additional data.",
		"Bytes appended to an envelope therefore fail authentication (aead_auth), as does any change to the nonce, c2, its tags or aad. The key and nonce rules are spixi2/encrypt's.",
		"The strict profile refuses a non-minimal length of c2 as it refuses every non-minimal varint, when it is read (non_minimal_varint), and also wants the length to equal the number of bytes that follow it (field_length, checked after authentication).",
	},
	Inputs:  []Field{fAESKey, fChachaKey, fAAD, {Name: "ciphertext", Type: Hex, Doc: "the spixi2 envelope"}},
	Outputs: []Field{fPlaintext},
}

// IxianRSA2Encrypt is ixian/rsa2/encrypt: Ixian rsa2 envelope encryption (RSA-OAEP-SHA1 then spixi2).
var IxianRSA2Encrypt = &Family{
	Name:  "ixian/rsa2/encrypt",
	Title: "Ixian rsa2 envelope encryption (RSA-OAEP-SHA1 then spixi2)",
	Doc: []string{
		"Wrap a message for an RSA public key, as acceptAdd2 and keys2 are wrapped (spec/ixian-s2.md §8.3): keyBlock = IxiBytes(tempAesKey) || IxiBytes(tempChachaKey); encryptedKeys = RSA-OAEP(SHA-1, MGF1-SHA-1, empty label) of keyBlock with oaepSeed as the seed (RFC 8017 §7.1.1 step 2d);",
		"blob = ixian/spixi2/encrypt(plaintext) under tempAesKey and tempChachaKey with nonce and aad; the envelope is IxiBytes(encryptedKeys) || IxiBytes(blob).",
		"oaepSeed must be 20 bytes (field_length). The key rules are spixi2/encrypt's; rsaPubKey's are requestAdd2's pubKey's.",
	},
	Inputs: []Field{
		{Name: "rsaPubKey", Type: Hex, Doc: "the recipient's RSA public key, in Ixian's key format"},
		{Name: "tempAesKey", Type: Hex, Doc: "the temporary AES key, 32 bytes"},
		{Name: "tempChachaKey", Type: Hex, Doc: "the temporary ChaCha key, 32 bytes"},
		{Name: "oaepSeed", Type: Hex, Doc: "the OAEP seed, 20 bytes (SHA-1 length)"},
		{Name: "nonce", Type: Hex, Doc: "the spixi2 nonce, 64 bytes"},
		fAAD, fPlaintext,
	},
	Outputs: []Field{
		{Name: "envelope", Type: Hex, Doc: "the rsa2 envelope"},
		{Name: "keyBlock", Type: Hex, Doc: "the RSA plaintext IxiBytes(tempAesKey) || IxiBytes(tempChachaKey)", Optional: true},
		{Name: "encryptedKeys", Type: Hex, Doc: "the RSA-OAEP ciphertext", Optional: true},
	},
}

// IxianRSA2Decrypt is ixian/rsa2/decrypt: Ixian rsa2 envelope decryption.
var IxianRSA2Decrypt = &Family{
	Name:  "ixian/rsa2/decrypt",
	Title: "Ixian rsa2 envelope decryption",
	Doc: []string{
		"Open an rsa2 envelope (spec/ixian-s2.md §8.3): read IxiBytes(encryptedKeys) (empty_field when empty), then the blob's length as an IxiVarUInt, which Ixian-Core ignores; RSA-OAEP-SHA1-decrypt encryptedKeys (rsa_decrypt, also when it is not as long as the modulus);",
		"read IxiBytes(tempAesKey) and IxiBytes(tempChachaKey) from the result, ignoring anything after them (the strict profile says trailing_bytes); then open the rest of the envelope as ixian/spixi2/decrypt does, with the key rules of spixi2 (the deployed profile takes a 16- or 24-byte tempAesKey).",
		"The strict profile refuses a non-minimal blob length when it is read (non_minimal_varint, as for every varint), and also wants the length to equal the number of bytes after it (field_length, checked last).",
		"rsaPrivateKey is PKCS#8 DER; one that does not parse is a malformed request, not a verdict.",
	},
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

// IxianHandshakeStatus is ixian/handshakeStatus: Ixian handshakeStatus state machine.
var IxianHandshakeStatus = &Family{
	Name:  "ixian/handshakeStatus",
	Title: "Ixian handshakeStatus state machine",
	Doc: []string{
		"One transition of the part of a Friend record the handshake uses, with Ixian-Core's guards (spec/ixian-s2.md §10, whose table every test follows). Both profiles behave the same.",
		"A state is a JSON object {known, handshakeStatus, protocolVersion, lastReceivedHandshakeMessageTimestamp, approved, pendingEphemeral, addRequestsDisabled}: known false is \"no record for this address\"; handshakeStatus 0..3; pendingEphemeral means an acceptAdd2 is outstanding (Ixian-Core: ecdhPrivateKey != null); addRequestsDisabled is the node-wide !allowAddRequests. Absent members are false or 0.",
		"An event is {kind, version, timestamp, msgId}: kind is one of requestAdd2Sent, acceptAdd2Sent, keys2Sent (local actions), requestAdd2Received, acceptAdd2Received, keys2Received, msgReceived (messages received, signature and address already checked), requestAddReceived, acceptAddReceived, keysReceived (the legacy v0 handshake); version is the C# int the decoder produced, timestamp the StreamMessage's (Unix seconds), msgId (hex) the message id a msgReceived confirms. Absent members are 0 or empty.",
		"An event Ixian-Core refuses is a rejection with category state, replay or downgrade. An event it accepts or ignores without fault gives the state after it and action: none, ignore (ignored), awaitApproval, sendRequestAdd2, sendAcceptAdd2, sendKeys2, deriveKeys, handshakeAdvance (a confirmation moved handshakeStatus) or legacyHandshake.",
		"before, when present, is a list of events applied first, in order, whatever their verdicts; the test's verdict and outputs are those of event. A refused event can still change the state, which only a later event shows: acceptAdd2 and the legacy acceptAdd and keys store their timestamp before refusing, a legacy requestAdd from an unknown address with timestamp <= 0 leaves a new record (status 0, not approved), and a requestAdd2 refused by sendAcceptAdd2's guard keeps its updates.",
	},
	Inputs: []Field{
		{Name: "role", Type: String, Doc: "\"requester\" or \"acceptor\": which side the test drives (the guards do not depend on it)"},
		{Name: "state", Type: JSON, Doc: "the Friend record before the events"},
		{Name: "before", Type: JSON, Doc: "events applied to state before event, whatever their verdicts", Optional: true},
		{Name: "event", Type: JSON, Doc: "the event under test"},
	},
	Outputs: []Field{
		{Name: "state", Type: JSON, Doc: "the Friend record after the event, with all six members, and addRequestsDisabled only when it is true"},
		{Name: "action", Type: String, Doc: "what the implementation does next"},
	},
}

// IxianAcceptorKeys2Persisted is ixian/acceptor/keys2/persisted: the acceptor restored from what Ixian-Core persists, then keys2.
var IxianAcceptorKeys2Persisted = &Family{
	Name:  "ixian/acceptor/keys2/persisted",
	Title: "Ixian acceptor: keys2 with the state Ixian-Core persists",
	Doc: []string{
		"ixian/acceptor/keys2 with the acceptor's ephemeral state in the forms Ixian-Core keeps in the Friend record between acceptAdd2 and keys2 (spec/ixian-s2.md §7.5): the ECDH scalar as BouncyCastle's ToByteArrayUnsigned writes it (big-endian without leading zero bytes: 66 bytes about half the time, 65 almost all the rest; the 66-byte form is read too), and the ML-KEM-1024 decapsulation key in its expanded 3168-byte form dk_PKE || ek || H(ek) || z (FIPS 203), as GetEncoded writes it.",
		"Decapsulation takes H(ek) and z from the key bytes. Checks, in order: ecdhPrivateKey 1..66 bytes (invalid_key) with a value in [1, n-1] (invalid_key); mlkemPrivateKey 3168 bytes (invalid_key); strict: H(ek) equal to SHA3-256 of the key's ek (invalid_key: FIPS 203's decapsulation key check, which BouncyCastle 2.6.2 leaves out; the deployed profile decapsulates with the H(ek) given, so a wrong one yields the implicit rejection secret SHAKE-256(z || c)); then aesSalt and keys2 as ixian/acceptor/keys2 checks them.",
	},
	Inputs: []Field{
		{Name: "ecdhPrivateKey", Type: Hex, Doc: "the acceptor's ECDH scalar as persisted: 1..66 bytes, big-endian"},
		{Name: "mlkemPrivateKey", Type: Hex, Doc: "the acceptor's expanded ML-KEM-1024 decapsulation key, 3168 bytes"},
		{Name: "aesSalt", Type: Hex, Doc: "the kept aesSalt"},
		{Name: "keys2", Type: Hex, Doc: "the keys2 payload received"},
	},
	Outputs: []Field{fECDHSecret, fKEMSecret, fIKM, fAESKey, fChachaKey, fPeerCaps, fAESPRK, fChachaPRK},
}
