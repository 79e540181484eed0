package vectors

// The frames around the Ixian handshake: Ixian addresses and the
// StreamMessage v1 frame that carries requestAdd2, acceptAdd2 and keys2
// (spec/ixian-s2.md §4.1, §6.1).

func init() {
	Register(IxianAddress, IxianStreamMessageDecode, IxianStreamMessageEncode, IxianStreamMessageSign, IxianStreamMessageVerify)
}

var (
	fSMVersion   = Field{Name: "version", Type: Int, Doc: "the StreamMessage version, a C# int: 1 for every message this protocol sends"}
	fSMID        = Field{Name: "id", Type: Hex, Doc: "the message id (requestAdd2 00, acceptAdd2 01, keys2 02)"}
	fSMType      = Field{Name: "type", Type: Int, Doc: "StreamMessageCode, a C# int: error 0, info 1, data 2 (the handshake sends info)"}
	fSMEnc       = Field{Name: "encryptionType", Type: Int, Doc: "StreamMessageEncryptionCode, a C# int: none 0, rsa 1, spixi1 2, rsa2 3, spixi2 4"}
	fSMSender    = Field{Name: "sender", Type: Hex, Doc: "the sender's address without checksum (33 or 45 bytes); \"\" when the frame has none"}
	fSMRecipient = Field{Name: "recipient", Type: Hex, Doc: "the recipient's address without checksum (33 or 45 bytes); \"\" when the frame has none"}
	fSMData      = Field{Name: "data", Type: Hex, Doc: "the data field: the SpixiMessage, or its rsa2 envelope for an encrypted message"}
	fSMTimestamp = Field{Name: "timestamp", Type: Decimal, Doc: "Unix seconds, a C# long"}
	fSMSignature = Field{Name: "signature", Type: Hex, Doc: "RSASSA-PKCS1-v1_5 with SHA-512 over the checksum, by the sender's wallet key; \"\" when absent"}
	fSMConfirm   = Field{Name: "requireRcvConfirmation", Type: Bool, Doc: "the last byte of the frame: 0 is false, anything else true (the encoder writes 0 or 1)"}
	fSMChecksum  = Field{Name: "checksum", Type: Hex, Doc: "SHA3-512 of checksumData, 64 bytes: what the signature signs (hashed again by SHA-512)", Optional: true}
	fSMCkData    = Field{Name: "checksumData", Type: Hex, Doc: "the fields version to timestamp as the encoder writes them (every varint signed): the checksum's input", Optional: true}
	fSMFrame     = Field{Name: "frame", Type: Hex, Doc: "the v1 frame"}
)

var smFields = []Field{fSMVersion, fSMID, fSMType, fSMEnc, fSMSender, fSMRecipient, fSMData, fSMTimestamp}

// IxianAddress is ixian/address: an Ixian address from an address or a public key.
var IxianAddress = &Family{
	Name:  "ixian/address",
	Title: "Ixian address from an address or a public key",
	Doc: []string{
		"Ixian-Core's Address(byte[]) constructor (spec/ixian-s2.md §6.1): it tells an address from a public key by length alone. 33 or 45 bytes: an address without checksum; 36 or 48: an address with its 3-byte checksum, the first 3 bytes of SHA-512(SHA-512(address)); 49..1023: a public key.",
		"The version is byte 0 (a 523-byte key is version 0). A key, or an address-sized value whose length is not its version's (36 or 45 bytes of version 0 and 33 or 36 of version 1 or 2), is hashed: version 0 as 00 || SHA-512^4(key[5:])[0:32] (key[0:] for 523 bytes), version 1 as 01 || SHA-512(SHA-512(key[1:]))[0:44], version 2 as 02 || SHA3-512(SHA3-512(key))[0:44].",
		"Errors, in order: empty (empty_field); another length (field_length); a version above 2 (version); a checksum that does not match (address_checksum). Both profiles are the constructor.",
	},
	Inputs: []Field{{Name: "value", Type: Hex, Doc: "an address (33, 36, 45 or 48 bytes) or a public key (49..1023 bytes)"}},
	Outputs: []Field{
		{Name: "address", Type: Hex, Doc: "addressNoChecksum: 33 bytes (version 0) or 45 bytes (versions 1 and 2)"},
		{Name: "addressWithChecksum", Type: Hex, Doc: "the address followed by its 3-byte checksum"},
		{Name: "version", Type: Int, Doc: "the address version, 0..2"},
		{Name: "fromKey", Type: Bool, Doc: "whether the value was read as a public key (49..1023 bytes) and hashed"},
	},
}

// IxianStreamMessageDecode is ixian/StreamMessage/decode: Ixian StreamMessage v1 frame decoding.
var IxianStreamMessageDecode = &Family{
	Name:  "ixian/StreamMessage/decode",
	Title: "Ixian StreamMessage v1 frame decoding",
	Doc: []string{
		"Decode a v1 StreamMessage (spec/ixian-s2.md §4.1): V(version) V(len id) id V(type) V(encryptionType) V(len sender) sender V(len recipient) recipient V(len data) data V(timestamp) V(len signature) signature, then one byte requireRcvConfirmation. Every V is read as an unsigned IxiVarInt (§2's errors).",
		"Both profiles: an empty frame is truncated; a first byte 00 is a v0 frame (version); an id that is absent (length 0) is empty_field (Ixian-Core's checksum would throw); a sender or recipient that is present must be what ixian/address accepts (its errors); the flag byte must be there (truncated).",
		"Deployed reads as Ixian-Core does: each length and int field is cast to a C# int, a length that is not positive after the cast is null and reads nothing; a length past the end takes the bytes there (above .NET's Array.MaxLength: varint_overflow); any version, type and encryption type; a sender or recipient given as a key or with a checksum becomes its address; bytes after the flag are ignored.",
		"Strict wants what the encoder writes: shortest varints (non_minimal_varint), version 1 (version), lengths and int fields within 2^31-1 (varint_overflow), lengths within the frame (truncated), type 0..2 and encryptionType 0..4 (message_type), sender and recipient present (empty_field) as 33- or 45-byte addresses (field_length), a timestamp within int64 (varint_overflow), nothing after the flag (trailing_bytes).",
	},
	Inputs:  []Field{fSMFrame},
	Outputs: append(append([]Field{}, smFields...), fSMSignature, fSMConfirm, fSMChecksum),
}

// IxianStreamMessageEncode is ixian/StreamMessage/encode: Ixian StreamMessage v1 frame encoding.
var IxianStreamMessageEncode = &Family{
	Name:  "ixian/StreamMessage/encode",
	Title: "Ixian StreamMessage v1 frame encoding",
	Doc: []string{
		"Write a v1 StreamMessage as Ixian-Core's getBytes does (spec/ixian-s2.md §4.1): every varint through the signed encoder (the fields are C# ints and a long), an empty field as the length 0, the flag as 00 or 01.",
		"checksumData is the frame up to and including the timestamp, written the same way; checksum is its SHA3-512. The encoder validates nothing and never rejects.",
	},
	Inputs:  append(append([]Field{}, smFields...), fSMSignature, fSMConfirm),
	Outputs: []Field{fSMFrame, fSMCkData, fSMChecksum},
}

// IxianStreamMessageSign is ixian/StreamMessage/sign: Ixian StreamMessage v1 signing.
var IxianStreamMessageSign = &Family{
	Name:  "ixian/StreamMessage/sign",
	Title: "Ixian StreamMessage v1 signing",
	Doc: []string{
		"Sign a StreamMessage as StreamMessage.sign does (spec/ixian-s2.md §4.1): signature = RSASSA-PKCS1-v1_5 with SHA-512 over the 64-byte checksum (.NET's SignData hashes its input, here the checksum, with SHA-512). PKCS#1 v1.5 signatures are deterministic, so the signature is a known answer.",
		"The frame is then written as ixian/StreamMessage/encode writes it, with this signature. A private key that cannot be read or used is invalid_key.",
	},
	Inputs: append(append([]Field{}, smFields...), fSMConfirm,
		Field{Name: "rsaPrivateKey", Type: Hex, Doc: "the sender's RSA private key, PKCS#8 DER"}),
	Outputs: []Field{fSMSignature, fSMFrame, fSMChecksum},
}

// IxianStreamMessageVerify is ixian/StreamMessage/verify: the checks Ixian-Core makes on a received frame.
var IxianStreamMessageVerify = &Family{
	Name:  "ixian/StreamMessage/verify",
	Title: "Ixian StreamMessage v1: the receive checks before the handshake",
	Doc: []string{
		"The checks Ixian-Core's receiveData makes on a received frame before a handshake handler runs, for a message that must come from the holder of pubKey (the key a requestAdd2 or acceptAdd2 carries, or the one stored for the sender of a keys2), in this order (spec/ixian-s2.md §4.1):",
		"1. decode the frame as ixian/StreamMessage/decode does (its errors); 2. data present (empty_field); 3. the address of pubKey, as ixian/address makes it (its errors: a 33-, 45- or 48-byte pubKey is an address here, not a key); 4. that address equals the sender (sender_address); 5. pubKey read as an RSA key with the profile's rules (spec/ixian-s2.md §6): a key that cannot be read verifies nothing (signature); 6. the signature verifies over the checksum of the decoded fields (signature).",
		"For an encrypted message the frame is the one received, before decryption. Deployed reads the frame and the key as Ixian-Core does (a key field carrying a complete private key verifies like its public part); strict refuses what its decode and key rules refuse.",
	},
	Inputs: []Field{fSMFrame, {Name: "pubKey", Type: Hex, Doc: "the RSA public key the sender must hold, in Ixian's key format"}},
	Outputs: []Field{
		{Name: "sender", Type: Hex, Doc: "the verified sender: the address of pubKey, equal to the frame's sender"},
		fSMData, fSMChecksum,
	},
}
