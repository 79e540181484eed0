package vectors

// The rules of spec/ixian-s2.md. The Refuses entries name the reference's
// rejections (impl/ixian's FieldError Field, Rule and category), which
// spec/ixian-s2.md §9 lists with each rule's reference name.

const (
	cTruncated  = "truncated"
	cTrailing   = "trailing_bytes"
	cNonMinimal = "non_minimal_varint"
	cInvVarint  = "invalid_varint"
	cNegLength  = "negative_length"
	cOverflow   = "varint_overflow"
	cFieldLen   = "field_length"
	cSaltLen    = "salt_length"
	cEmpty      = "empty_field"
	cMissing    = "missing_field"
	cVersion    = "version"
	cPoint      = "invalid_point"
	cLowOrder   = "low_order_point"
	cEKModulus  = "ek_modulus"
	cInvKey     = "invalid_key"
	cAEAD       = "aead_auth"
	cRSADecrypt = "rsa_decrypt"
	cTag        = "tag_mismatch"
	cPadding    = "padding"
	cJSON       = "json"
	cBase64     = "base64"
	cHex        = "hex"
	cSignature  = "signature"
	cState      = "state"
	cReplay     = "replay"
	cDowngrade  = "downgrade"
	cSkipLimit  = "skip_limit"
)

var (
	ixRSAFields  = []string{"pubKey", "rsaPubKey"}
	ixECDHFields = []string{"ecdhPubKey", "publicKey"}
	// The StreamMessage families, where a field's reference rule name can
	// mean another rule than in a payload.
	ixStreamMessage = []*Family{IxianStreamMessageDecode, IxianStreamMessageVerify}
)

func ixCheck(rule, cat string, fields ...string) []Refusal {
	return []Refusal{Check(rule, cat, fields...)}
}

// addIxianRules adds the rules of this file (loadRules).
func addIxianRules() {
	retireRule("IX-VARINT-TRUNCATED", "split into IX-VARINT-PREFIX and IX-VARINT-PAYLOAD")
	retireRule("IX-SPIXI2-AUTH", "split into IX-SPIXI2-CHACHA-AUTH and IX-SPIXI2-AES-AUTH")
	retireRule("IX-RSA2-EK-DECRYPT", "split into IX-RSA2-EK-LENGTH and IX-RSA2-EK-OAEP")
	retireRule("IX-STREAMMSG-FIELDS", "split into IX-STREAMMSG-VERSION, -ID-REQUIRED, -INT32, -TYPE-KNOWN, -ADDRESS-REQUIRED, -FLAG and -DATA-REQUIRED")
	retireRule("IX-STREAMMSG-SIGNATURE", "split into IX-STREAMMSG-SIGNER-KEY and IX-STREAMMSG-SIGNATURE-VALID")
	retireRule("IX-ADDRESS-FORM", "split into IX-ADDRESS-REQUIRED, -LENGTH, -VERSION, -CHECKSUM and IX-STREAMMSG-ADDRESS-NO-CHECKSUM")
	retireRule("IX-MLKEM-PERSISTED-KEY", "split into IX-ACCEPTOR-KEYS2-PERSISTED (the computation), IX-MLKEM-DK-LENGTH and IX-MLKEM-DK-HASH")
	addRules(
		// §2 IxiVarInt.
		&Rule{ID: "IX-VARINT-FORMAT", Spec: "ixian-s2.md §2", Text: "IxiVarInt: 00-F7 is the value; FC/FD/FE prefix a little-endian u16/u32/u64, F8/F9/FA a negative magnitude; the encoder writes the shortest form, a negative value never in one byte.",
			Families: []*Family{IxianIxiVarUIntDecode, IxianIxiVarIntDecode, IxianIxiVarUIntEncode, IxianIxiVarIntEncode}},
		&Rule{ID: "IX-VARINT-MINIMAL", Spec: "ixian-s2.md §2", Strict: true, Text: "A varint read anywhere is in its shortest form (negative zero included).",
			Refuses: ixCheck("varint-minimal", cNonMinimal)},
		&Rule{ID: "IX-VARINT-RESERVED", Spec: "ixian-s2.md §2", Text: "The prefixes FB and FF are refused by both readers.",
			Refuses: ixCheck("varint-reserved", cInvVarint)},
		&Rule{ID: "IX-VARINT-UNSIGNED", Spec: "ixian-s2.md §2", Text: "Where an unsigned varint is read (every length, version and capabilities), the signed prefixes F8-FA are refused.",
			Refuses: ixCheck("varint-unsigned", cNegLength)},
		&Rule{ID: "IX-VARINT-PREFIX", Spec: "ixian-s2.md §2", Text: "A varint field has its prefix byte: the input does not end where the field begins.",
			Refuses: ixCheck("varint-prefix", cTruncated)},
		&Rule{ID: "IX-VARINT-PAYLOAD", Spec: "ixian-s2.md §2", Text: "A varint whose prefix announces 2, 4 or 8 bytes (F8-FA, FC-FE) has them all.",
			Refuses: ixCheck("varint-payload", cTruncated)},
		&Rule{ID: "IX-VARINT-INT64", Spec: "ixian-s2.md §2", Text: "The signed reader refuses values outside int64 (FE above 2^63-1, FA above 2^63).",
			Refuses: ixCheck("varint-int64", cOverflow)},
		&Rule{ID: "IX-VARINT-ENCODE-RANGE", Spec: "ixian-s2.md §9", Text: "The encoders refuse a value outside their type (0..2^64-1, -2^63..2^63-1), never wrapping it.",
			Refuses: ixCheck("range", cOverflow, "value")},
		// §3 IxiBytes.
		&Rule{ID: "IX-BYTES-FORMAT", Spec: "ixian-s2.md §3", Text: "IxiBytes is the shortest varint of the length, then the bytes; null and empty are both 00 and read back as empty.",
			Families: []*Family{IxianIxiBytesDecode, IxianIxiBytesEncode}},
		&Rule{ID: "IX-BYTES-INT32", Spec: "ixian-s2.md §3", Text: "An IxiBytes length above 2^31-1 is refused before anything is allocated.",
			Refuses: ixCheck("length-int32", cOverflow)},
		&Rule{ID: "IX-BYTES-TRUNCATED", Spec: "ixian-s2.md §3", Text: "An IxiBytes length above the bytes that remain is refused before anything is allocated.",
			Refuses: ixCheck("length", cTruncated)},
		// §4 Framing.
		&Rule{ID: "IX-AAD-LAYOUT", Spec: "ixian-s2.md §4.1", Text: "The envelopes' additional data is the raw id, then the type and the timestamp as signed varints.",
			Families: []*Family{IxianStreamMessageAdditionalData}},
		&Rule{ID: "IX-SPIXIMSG-LAYOUT", Spec: "ixian-s2.md §4.2", Text: "SpixiMessage: type and data length as int32 LE, the data, channel as int32 LE, then groupAddress and groupSenderAddress as IxiBytes; Ixian-Core's parser never fails (type 0, no data, channel 0), which the deployed profile reproduces.",
			Families: []*Family{IxianSpixiMessageDecode, IxianSpixiMessageEncode}},
		&Rule{ID: "IX-SPIXIMSG-INT32", Spec: "ixian-s2.md §4.2", Text: "The type, the data length and a begun channel need 4 bytes each.",
			Refuses: []Refusal{Check("int32", cTruncated, "type", "channel"), Check("length-int32", cTruncated, "data")}},
		&Rule{ID: "IX-SPIXIMSG-LENGTH-SIGN", Spec: "ixian-s2.md §4.2", Text: "The data length is not negative.",
			Refuses: ixCheck("length-sign", cNegLength, "data")},
		&Rule{ID: "IX-SPIXIMSG-DATA-LENGTH", Spec: "ixian-s2.md §4.2", Strict: true, Text: "The data is as long as its length says (the deployed profile takes the shorter data, as BinaryReader.ReadBytes does).",
			Refuses: []Refusal{Check("length", cTruncated, "data").Only(IxianSpixiMessageDecode)}},
		&Rule{ID: "IX-SPIXIMSG-CHANNEL", Spec: "ixian-s2.md §4.2", Strict: true, Text: "The channel is present (the deployed profile reads 0 when absent).",
			Refuses: ixCheck("required", cMissing, "channel")},
		&Rule{ID: "IX-SPIXIMSG-GROUP", Spec: "ixian-s2.md §4.2", Strict: true, Text: "The group fields are present (the deployed profile reads them as null when absent).",
			Refuses: ixCheck("required", cMissing, "groupAddress")},
		// §5 Payloads.
		&Rule{ID: "IX-REQUESTADD2-LAYOUT", Spec: "ixian-s2.md §5.1", Text: "requestAdd2 is maxProtocolVersion (one raw byte on write, an unsigned varint cast to a C# int on read), then IxiBytes(pubKey).",
			Families: []*Family{IxianRequestAdd2Decode, IxianRequestAdd2Encode}},
		&Rule{ID: "IX-ACCEPTADD2-LAYOUT", Spec: "ixian-s2.md §5.2", Text: "acceptAdd2 is version (raw byte on write, varint on read), rsaPubKey, ecdhPubKey, mlkemPubKey, aesSalt as IxiBytes, then capabilities through the signed encoder.",
			Families: []*Family{IxianAcceptAdd2Decode, IxianAcceptAdd2Encode}},
		&Rule{ID: "IX-KEYS2-LAYOUT", Spec: "ixian-s2.md §5.3", Text: "keys2 is ecdhPubKey, mlkemCiphertext, chachaSalt as IxiBytes, then capabilities; it has no version.",
			Families: []*Family{IxianKeys2Decode, IxianKeys2Encode}},
		&Rule{ID: "IX-VERSION-ONE-BYTE", Spec: "ixian-s2.md §9", Strict: true, Text: "A version field is one byte.",
			Refuses: ixCheck("version-one-byte", cVersion, "maxProtocolVersion", "version")},
		&Rule{ID: "IX-VERSION-MIN", Spec: "ixian-s2.md §9", Strict: true, Text: "A version field is at least 1.",
			Refuses: ixCheck("version-min", cVersion, "maxProtocolVersion", "version")},
		&Rule{ID: "IX-VERSION-SUPPORTED", Spec: "ixian-s2.md §9", Strict: true, Text: "acceptAdd2's version is exactly 1.",
			Refuses: ixCheck("version-supported", cVersion, "version")},
		&Rule{ID: "IX-CAPS-PRESENT", Spec: "ixian-s2.md §5.4", Strict: true, Text: "capabilities is present (the deployed profile uses 15 when it is absent).",
			Refuses: ixCheck("required", cMissing, "capabilities")},
		&Rule{ID: "IX-CAPS-INT32", Spec: "ixian-s2.md §5.4", Strict: true, Text: "capabilities is at most 2^31-1 (the deployed profile keeps the low 32 bits, as a C# int cast does).",
			Refuses: ixCheck("capabilities-int32", cOverflow, "capabilities")},
		&Rule{ID: "IX-NO-TRAILING", Spec: "ixian-s2.md §9", Strict: true, Text: "Nothing follows a payload's, a SpixiMessage's or an rsa2 key block's last field, or a StreamMessage's flag byte.",
			Refuses: ixCheck("no-trailing", cTrailing)},
		// §6 RSA keys.
		&Rule{ID: "IX-RSAKEY-REQUIRED", Spec: "ixian-s2.md §6", Text: "An RSA public key is not empty.",
			Refuses: ixCheck("required", cEmpty, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-LENGTH", Spec: "ixian-s2.md §6", Text: "An RSA public key is 49..1023 bytes (Address's bounds).",
			Refuses: ixCheck("rsa-length", cFieldLen, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-HEADER", Spec: "ixian-s2.md §6", Strict: true, Text: "An RSA public key has the 5-byte header, not the 523-byte legacy form.",
			Refuses: ixCheck("rsa-header", cInvKey, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-ADDRESS-VERSION", Spec: "ixian-s2.md §6", Text: "An RSA public key's address version is 0, 1 or 2.",
			Refuses: ixCheck("rsa-address-version", cInvKey, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-KEY-VERSION", Spec: "ixian-s2.md §6", Strict: true, Text: "An RSA public key's key-format int32 is 0.",
			Refuses: ixCheck("rsa-key-version", cInvKey, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-PART-LENGTH", Spec: "ixian-s2.md §6", Text: "Each length-prefixed part of an RSA key (modulus, exponent, private parts) has a 4-byte length of at least 1 and within the key.",
			Refuses: []Refusal{Check("rsa-modulus-length", cInvKey, ixRSAFields...), Check("rsa-exponent-length", cInvKey, ixRSAFields...),
				Check("rsa-p-length", cInvKey, ixRSAFields...), Check("rsa-q-length", cInvKey, ixRSAFields...),
				Check("rsa-dp-length", cInvKey, ixRSAFields...), Check("rsa-dq-length", cInvKey, ixRSAFields...),
				Check("rsa-inverseq-length", cInvKey, ixRSAFields...), Check("rsa-d-length", cInvKey, ixRSAFields...)}},
		&Rule{ID: "IX-RSAKEY-TRAILING", Spec: "ixian-s2.md §6", Text: "Nothing follows an RSA public key's exponent.",
			Refuses: ixCheck("rsa-trailing", cInvKey, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-LEADING-ZERO", Spec: "ixian-s2.md §6", Strict: true, Text: "Modulus and exponent have no leading zero byte.",
			Refuses: ixCheck("rsa-leading-zero", cInvKey, ixRSAFields...)},
		&Rule{ID: "IX-RSAKEY-EXPONENT-SIZE", Spec: "ixian-s2.md §6", Text: "A key rsa2 encrypts to has an exponent of at most 4 bytes.",
			Refuses: ixCheck("rsa-exponent-size", cInvKey, "rsaPubKey")},
		&Rule{ID: "IX-RSAKEY-OAEP", Spec: "ixian-s2.md §6", Text: "A key rsa2 encrypts to is one RSA-OAEP can use for the 66-byte key block.",
			Refuses: ixCheck("rsa-oaep", cInvKey, "rsaPubKey")},
		// §7 Key agreement.
		&Rule{ID: "IX-ECDH-SECRET", Spec: "ixian-s2.md §7.1", Text: "The ECDH secret is the affine X of d·Q, big-endian with its leading zero bytes stripped (62..66 bytes).",
			Families: []*Family{IxianECDH, IxianRequesterAcceptAdd2, IxianAcceptorKeys2}},
		&Rule{ID: "IX-ECDH-SCALAR-LENGTH", Spec: "ixian-s2.md §7.1", Text: "An ECDH private scalar is 66 bytes.",
			Refuses: ixCheck("scalar-length", cInvKey)},
		&Rule{ID: "IX-ECDH-SCALAR-RANGE", Spec: "ixian-s2.md §7.1", Text: "An ECDH private scalar is in [1, n-1], never reduced.",
			Refuses: ixCheck("scalar-range", cInvKey)},
		&Rule{ID: "IX-ECDH-PUB-REQUIRED", Spec: "ixian-s2.md §7.1", Text: "A peer's ECDH public key is not empty.",
			Refuses: ixCheck("required", cEmpty, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-INFINITY", Spec: "ixian-s2.md §7.1", Text: "A lone 00 (the point at infinity) is refused.",
			Refuses: ixCheck("ecdh-infinity", cPoint, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-COMPRESSED", Spec: "ixian-s2.md §7.1", Strict: true, Text: "A peer's ECDH public key is compressed, 67 bytes (the deployed profile also takes 133-byte uncompressed and hybrid keys).",
			Refuses: ixCheck("ecdh-compressed-length", cFieldLen, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-LENGTH", Spec: "ixian-s2.md §7.1", Text: "A peer's ECDH public key is 67 or 133 bytes.",
			Refuses: ixCheck("ecdh-length", cFieldLen, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-PREFIX", Spec: "ixian-s2.md §7.1", Text: "A 67-byte key starts 02 or 03, a 133-byte one 04, 06 or 07.",
			Refuses: ixCheck("ecdh-prefix", cPoint, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-ON-CURVE", Spec: "ixian-s2.md §7.1", Text: "A peer's ECDH public key is a point of secp521r1 with coordinates below p.",
			Refuses: []Refusal{Check("on-curve", cPoint, ixECDHFields...), Check("ecdh", cPoint, ixECDHFields...)}},
		&Rule{ID: "IX-ECDH-HYBRID-PARITY", Spec: "ixian-s2.md §7.1", Text: "A hybrid key's prefix (06/07) has the parity of Y.",
			Refuses: ixCheck("hybrid-parity", cPoint, ixECDHFields...)},
		&Rule{ID: "IX-ECDH-ZERO-X", Spec: "ixian-s2.md §7.1", Strict: true, Text: "The shared X is not 0 (the deployed profile derives the keys from the empty ECDH secret, as BouncyCastle's stripped 0 gives).",
			Refuses: ixCheck("zero-x", cPoint, ixECDHFields...)},
		&Rule{ID: "IX-MLKEM-REQUIRED", Spec: "ixian-s2.md §7.1", Text: "An ML-KEM-1024 encapsulation key or ciphertext is not empty.",
			Refuses: ixCheck("required", cEmpty, "mlkemPubKey", "mlkemCiphertext")},
		&Rule{ID: "IX-MLKEM-LENGTH", Spec: "ixian-s2.md §7.1", Text: "An ML-KEM-1024 encapsulation key or ciphertext is 1568 bytes.",
			Refuses: ixCheck("length", cFieldLen, "mlkemPubKey", "mlkemCiphertext")},
		&Rule{ID: "IX-MLKEM-EK-MODULUS", Spec: "ixian-s2.md §7.1", Text: "Every coefficient of the encapsulation key is below q (checked at encapsulation, both profiles).",
			Refuses: ixCheck("ek-modulus", cEKModulus, "mlkemPubKey")},
		&Rule{ID: "IX-MLKEM-SEED-LENGTH", Spec: "ixian-s2.md §7.1", Text: "The ML-KEM seed d || z is 64 bytes.",
			Refuses: ixCheck("seed-length", cInvKey)},
		&Rule{ID: "IX-MLKEM-MESSAGE-LENGTH", Spec: "ixian-s2.md §7.1", Text: "The encapsulation message m is 32 bytes.",
			Refuses: ixCheck("length", cInvKey, "mlkemMessage")},
		&Rule{ID: "IX-KDF-DERIVE", Spec: "ixian-s2.md §7.2", Text: "ikm = ecdhSecret || mlkemSecret; aesKey = HKDF-SHA3-512(ikm, aesSalt, \"IXI AES Key\", 32), chachaKey likewise with chachaSalt and \"IXI ChaCha Key\".",
			Families: []*Family{IxianDeriveKeys, IxianRequesterAcceptAdd2, IxianAcceptorKeys2}},
		&Rule{ID: "IX-KDF-SECRET-LENGTH", Spec: "ixian-s2.md §7.2", Text: "deriveKeys takes an ECDH secret of 1..66 bytes and an ML-KEM secret of 32.",
			Refuses: ixCheck("length", cFieldLen, "ecdhSecret", "mlkemSecret")},
		&Rule{ID: "IX-KDF-SECRET-STRIPPED", Spec: "ixian-s2.md §7.2", Text: "deriveKeys takes the ECDH secret in the stripped form ECDH returns (no leading zero byte).",
			Refuses: ixCheck("stripped", cFieldLen, "ecdhSecret")},
		&Rule{ID: "IX-SALT-LENGTH", Spec: "ixian-s2.md §7.2", Strict: true, Text: "aesSalt and chachaSalt are 32 bytes (the deployed profile takes any length; empty acts as 64 zero bytes).",
			Refuses: ixCheck("salt-length", cSaltLen, "aesSalt", "chachaSalt")},
		&Rule{ID: "IX-ACCEPTOR-PREPARE", Spec: "ixian-s2.md §7.3", Text: "The acceptor makes its key pairs from the scalar and the seed and writes acceptAdd2 as Ixian-Core does; the payload must decode under the same profile.",
			Families: []*Family{IxianAcceptorPrepare}},
		&Rule{ID: "IX-REQUESTER-ACCEPTADD2", Spec: "ixian-s2.md §7.4", Text: "The requester checks acceptAdd2, derives the ECDH and ML-KEM secrets and both keys, and writes keys2.",
			Families: []*Family{IxianRequesterAcceptAdd2}},
		&Rule{ID: "IX-ACCEPTOR-KEYS2", Spec: "ixian-s2.md §7.5", Text: "The acceptor decodes keys2 and derives the keys from its kept state; decapsulation never fails (implicit rejection).",
			Families: []*Family{IxianAcceptorKeys2}},
		// §8 Envelopes.
		&Rule{ID: "IX-ENVELOPE-KEY-IV", Spec: "ixian-s2.md §8.1", Text: "Per-message key and IV: h = SHA3sq(baseKey || nonce), key first; key' = h[0:len], iv' = h[len:len+12].",
			Families: []*Family{IxianSpixi2Encrypt, IxianSpixi2Decrypt, IxianRSA2Encrypt, IxianRSA2Decrypt}},
		&Rule{ID: "IX-SPIXI2-LAYOUT", Spec: "ixian-s2.md §8.2", Text: "spixi2 = IxiBytes(nonce) || IxiBytes(ChaCha20-Poly1305(AES-GCM(plaintext), AAD)); decryption opens everything after the length.",
			Families: []*Family{IxianSpixi2Encrypt, IxianSpixi2Decrypt, IxianRSA2Encrypt, IxianRSA2Decrypt}},
		&Rule{ID: "IX-SPIXI2-KEY-REQUIRED", Spec: "ixian-s2.md §8.2", Text: "The envelope keys are not empty.",
			Refuses: ixCheck("required", cEmpty, "aesKey", "chachaKey", "tempAesKey", "tempChachaKey")},
		&Rule{ID: "IX-SPIXI2-AES-KEY-LENGTH", Spec: "ixian-s2.md §8.2", Text: "The AES key is 32 bytes (16, 24 or 32 in the deployed profile).",
			Refuses: ixCheck("key-length", cFieldLen, "aesKey", "tempAesKey")},
		&Rule{ID: "IX-SPIXI2-CHACHA-KEY-LENGTH", Spec: "ixian-s2.md §8.2", Text: "The ChaCha20-Poly1305 key is 32 bytes.",
			Refuses: ixCheck("key-length", cFieldLen, "chachaKey", "tempChachaKey")},
		&Rule{ID: "IX-SPIXI2-NONCE-REQUIRED", Spec: "ixian-s2.md §8.2", Text: "The nonce is not empty.",
			Refuses: ixCheck("required", cEmpty, "nonce")},
		&Rule{ID: "IX-SPIXI2-NONCE-LENGTH", Spec: "ixian-s2.md §8.2", Strict: true, Text: "The nonce is 64 bytes.",
			Refuses: ixCheck("length", cFieldLen, "nonce")},
		&Rule{ID: "IX-SPIXI2-CHACHA-AUTH", Spec: "ixian-s2.md §8.2", Text: "The outer ChaCha20-Poly1305 layer authenticates under the ChaCha key, the derived IV and the AAD (bytes appended to an envelope fail here).",
			Refuses: ixCheck("chacha20poly1305", cAEAD, "ciphertext")},
		&Rule{ID: "IX-SPIXI2-AES-AUTH", Spec: "ixian-s2.md §8.2", Text: "The inner AES-GCM layer authenticates under the AES key, the derived IV and the AAD.",
			Refuses: ixCheck("aes-gcm", cAEAD, "ciphertext")},
		&Rule{ID: "IX-SPIXI2-INNER-LENGTH", Spec: "ixian-s2.md §8.2", Strict: true, Text: "The length of c2 equals the bytes after it (checked after authentication).",
			Refuses: ixCheck("inner-length", cFieldLen, "ciphertextLength")},
		&Rule{ID: "IX-RSA2-LAYOUT", Spec: "ixian-s2.md §8.3", Text: "rsa2 = IxiBytes(RSA-OAEP-SHA1(IxiBytes(tk_aes) || IxiBytes(tk_cc))) || IxiBytes(spixi2 under the temporary keys).",
			Families: []*Family{IxianRSA2Encrypt, IxianRSA2Decrypt}},
		&Rule{ID: "IX-RSA2-OAEP-SEED", Spec: "ixian-s2.md §8.3", Text: "The OAEP seed is 20 bytes.",
			Refuses: ixCheck("length", cFieldLen, "oaepSeed")},
		&Rule{ID: "IX-RSA2-EK-REQUIRED", Spec: "ixian-s2.md §8.3", Text: "The encrypted key block is not empty.",
			Refuses: ixCheck("required", cEmpty, "encryptedKeys")},
		&Rule{ID: "IX-RSA2-EK-LENGTH", Spec: "ixian-s2.md §8.3", Text: "The encrypted key block is as long as the RSA modulus.",
			Refuses: ixCheck("rsa-length", cRSADecrypt, "encryptedKeys")},
		&Rule{ID: "IX-RSA2-EK-OAEP", Spec: "ixian-s2.md §8.3", Text: "The encrypted key block RSA-OAEP-SHA1-decrypts under the recipient's private key.",
			Refuses: ixCheck("rsa-oaep", cRSADecrypt, "encryptedKeys")},
		&Rule{ID: "IX-RSA2-OUTER-LENGTH", Spec: "ixian-s2.md §8.3", Strict: true, Text: "The blob's length equals the bytes after it (checked last).",
			Refuses: ixCheck("outer-length", cFieldLen, "envelopeLength")},
		// §4.1 StreamMessage, §6.1 addresses.
		&Rule{ID: "IX-STREAMMSG-LAYOUT", Spec: "ixian-s2.md §4.1", Text: "The StreamMessage v1 frame's fields, their encodings and what the signature covers are as §4.1 lists.",
			Families: []*Family{IxianStreamMessageDecode, IxianStreamMessageEncode, IxianStreamMessageSign, IxianStreamMessageVerify}},
		&Rule{ID: "IX-STREAMMSG-VERSION", Spec: "ixian-s2.md §4.1", Text: "A StreamMessage is not the v0 layout (first byte 00) and its version is not 0.",
			Refuses: []Refusal{Check("version-v0", cVersion, "version").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-VERSION-SUPPORTED", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's version is 1 (the deployed profile keeps any version).",
			Refuses: []Refusal{Check("version-supported", cVersion, "version").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-ID-REQUIRED", Spec: "ixian-s2.md §4.1", Text: "A StreamMessage has an id (Ixian-Core's checksum throws without one).",
			Refuses: []Refusal{Check("required", cEmpty, "id").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-INT32", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's int fields and lengths are at most 2^31-1 (the deployed profile casts them to a C# int).",
			Refuses: []Refusal{Check("int32", cOverflow).Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-LENGTH", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage field is as long as its length says (the deployed profile takes the bytes there are).",
			Refuses: []Refusal{Check("length", cTruncated).Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-ARRAY-MAX", Spec: "ixian-s2.md §4.1", Text: "A StreamMessage field whose length runs past the end of the frame and is above .NET's Array.MaxLength (2^31-57) is refused by the deployed reader, which cannot allocate it (Strict refuses any length past the end: IX-STREAMMSG-LENGTH).",
			Refuses: []Refusal{Check("length-array-max", cOverflow).Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-TYPE-KNOWN", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's type is 0..2 and its encryption type 0..4 (the deployed profile keeps any).",
			Refuses: []Refusal{Check("type-known", "message_type", "type", "encryptionType").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-ADDRESS-REQUIRED", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's sender and recipient are present (the deployed profile reads them as null).",
			Refuses: []Refusal{Check("required", cEmpty, "sender", "recipient").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-ADDRESS-NO-CHECKSUM", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's sender and recipient are 33- or 45-byte addresses without checksum (the deployed profile makes the address of a key or of an address with checksum).",
			Refuses: []Refusal{Check("address-no-checksum", cFieldLen, "sender", "recipient").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-TIMESTAMP", Spec: "ixian-s2.md §4.1", Strict: true, Text: "A StreamMessage's timestamp is at most 2^63-1 (the deployed profile casts it to a C# long).",
			Refuses: []Refusal{Check("varint-int64", cOverflow, "timestamp").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-FLAG", Spec: "ixian-s2.md §4.1", Text: "A StreamMessage ends with its requireRcvConfirmation byte.",
			Refuses: []Refusal{Check("bool", cTruncated, "requireRcvConfirmation").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-DATA-REQUIRED", Spec: "ixian-s2.md §4.1", Text: "A handshake StreamMessage carries data.",
			Refuses: []Refusal{Check("required", cEmpty, "data").Only(ixStreamMessage...)}},
		&Rule{ID: "IX-STREAMMSG-SENDER", Spec: "ixian-s2.md §4.1", Text: "The StreamMessage's sender is the address of the key that signed it.",
			Refuses: ixCheck("sender-address", "sender_address", "sender")},
		&Rule{ID: "IX-STREAMMSG-SIGNER-KEY", Spec: "ixian-s2.md §4.1", Text: "The key the StreamMessage must come from reads as an RSA key under the profile (§6); a key that cannot be read verifies nothing.",
			Refuses: ixCheck("rsa-key", cSignature, "signature")},
		&Rule{ID: "IX-STREAMMSG-SIGNATURE-VALID", Spec: "ixian-s2.md §4.1", Text: "The StreamMessage's RSASSA-PKCS1-v1_5 SHA-512 signature over the checksum verifies under the sender's key.",
			Refuses: ixCheck("rsa-pkcs1v15", cSignature, "signature")},
		&Rule{ID: "IX-ADDRESS-DERIVE", Spec: "ixian-s2.md §6.1", Text: "Address(bytes): a key's address, or an address read as given, with its version, length and checksum checked.",
			Families: []*Family{IxianAddress}},
		&Rule{ID: "IX-ADDRESS-REQUIRED", Spec: "ixian-s2.md §6.1", Text: "Address(bytes) is given bytes (Address(null) throws).",
			Refuses: ixCheck("required", cEmpty, "address")},
		&Rule{ID: "IX-ADDRESS-LENGTH", Spec: "ixian-s2.md §6.1", Text: "Address(bytes) takes 33, 36, 45 or 48 bytes (an address) or 49..1023 (a key).",
			Refuses: ixCheck("address-length", cFieldLen)},
		&Rule{ID: "IX-ADDRESS-VERSION", Spec: "ixian-s2.md §6.1", Text: "An address's version byte is 0, 1 or 2.",
			Refuses: ixCheck("address-version", cVersion)},
		&Rule{ID: "IX-ADDRESS-CHECKSUM", Spec: "ixian-s2.md §6.1", Text: "An address with checksum (36 bytes of version 0, 48 of versions 1 and 2) ends with the first 3 bytes of SHA-512(SHA-512(address)).",
			Refuses: ixCheck("address-checksum", "address_checksum")},
		&Rule{ID: "IX-ACCEPTOR-KEYS2-PERSISTED", Spec: "ixian-s2.md §7.5", Text: "An acceptor restored from what Ixian-Core persists (the minimal-length ECDH scalar and the expanded decapsulation key) derives what the seed-restored acceptor derives.",
			Families: []*Family{IxianAcceptorKeys2Persisted}},
		&Rule{ID: "IX-MLKEM-DK-LENGTH", Spec: "ixian-s2.md §7.5", Text: "A persisted ML-KEM-1024 decapsulation key is 3168 bytes.",
			Refuses: ixCheck("dk-length", cInvKey)},
		&Rule{ID: "IX-MLKEM-DK-HASH", Spec: "ixian-s2.md §7.5", Text: "A persisted ML-KEM-1024 decapsulation key's embedded hash of its encapsulation key matches the key it embeds.",
			Refuses: ixCheck("dk-hash", cInvKey)},
		// §10 handshakeStatus.
		&Rule{ID: "IX-STATUS-TRANSITIONS", Spec: "ixian-s2.md §10", Text: "The handshakeStatus record changes as the §10 table says for each event.",
			Families: []*Family{IxianHandshakeStatus}},
		&Rule{ID: "IX-STATUS-KNOWN", Spec: "ixian-s2.md §10", Text: "A message other than requestAdd2 needs a contact record.",
			Refuses: ixCheck("known", cState)},
		&Rule{ID: "IX-STATUS-NEW-CONTACT", Spec: "ixian-s2.md §10", Text: "A requestAdd2 is sent only to an address without a record.",
			Refuses: ixCheck("new-contact", cState)},
		&Rule{ID: "IX-STATUS-STEP", Spec: "ixian-s2.md §10", Text: "acceptAdd2 and keys2 are refused once the handshake is past them.",
			Refuses: ixCheck("status", cState)},
		&Rule{ID: "IX-STATUS-PENDING", Spec: "ixian-s2.md §10", Text: "keys2 needs an outstanding acceptAdd2.",
			Refuses: ixCheck("pending", cState)},
		&Rule{ID: "IX-STATUS-REPLAY", Spec: "ixian-s2.md §10", Text: "A handshake message's timestamp is newer than the last one's.",
			Refuses: ixCheck("timestamp", cReplay)},
		&Rule{ID: "IX-STATUS-DOWNGRADE", Spec: "ixian-s2.md §10", Text: "No message may lower the agreed protocol version.",
			Refuses: ixCheck("version", cDowngrade)},
	)
}
