package ixiangen

// The Ixian handshake payloads (requestAdd2, acceptAdd2, keys2) and the
// SpixiMessage frame around them.

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	base := "The base payloads are those of the handshakes hs66..hs63 of crosscheck/ixian.mjs (the RSA keys are internal/testkeys'); every other test changes one field of hs66's."
	gen.Register(&gen.Generator{Family: vectors.IxianRequestAdd2Decode, Notes: notes, Groups: genRequestAdd2Decode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianRequestAdd2Encode, Notes: notes, Groups: genRequestAdd2Encode})
	gen.Register(&gen.Generator{Family: vectors.IxianAcceptAdd2Decode, Notes: notes, Groups: genAcceptAdd2Decode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianAcceptAdd2Encode, Notes: notes, Groups: genAcceptAdd2Encode})
	gen.Register(&gen.Generator{Family: vectors.IxianKeys2Decode, Notes: notes, Groups: genKeys2Decode, Header: []string{base}})
	gen.Register(&gen.Generator{Family: vectors.IxianKeys2Encode, Notes: notes, Groups: genKeys2Encode})
	gen.Register(&gen.Generator{Family: vectors.IxianSpixiMessageDecode, Notes: notes, Groups: genSpixiMessageDecode,
		Header: []string{"The base frames are those of the handshakes of crosscheck/ixian.mjs: hs66's requestAdd2 (40), acceptAdd2 (41) and keys2 (42) frames and the chat (0) frame of each handshake."}})
	gen.Register(&gen.Generator{Family: vectors.IxianSpixiMessageEncode, Notes: notes, Groups: genSpixiMessageEncode})
}

// rsaKeyCases are broken or unusual forms of an Ixian RSA public key, in
// the payload that payload builds from it. key is a 528-byte key.
func rsaKeyCases(field string, key []byte, payload func(k []byte) []byte) []gen.Case {
	p := payload
	return []gen.Case{
		gen.Acceptable(field+": the 523-byte legacy form without the 5-byte header", category.InvalidKey, vectors.Make("payload", p(legacyRSA(key))), "LegacyRSAKey"),
		gen.Acceptable(field+": key-format int32 1 instead of 0", category.InvalidKey, vectors.Make("payload", p(editRSAKey(key, func(b []byte) []byte { b[1] = 1; return b }))), "RSAKeyFormat"),
		gen.Acceptable(field+": a modulus with a leading zero byte (513 bytes)", category.InvalidKey, vectors.Make("payload", p(rsaLeadingZero(key))), "RSAKeyFormat"),
		gen.Invalid(field+": empty", category.EmptyField, vectors.Make("payload", p(nil)), "EmptyField"),
		gen.Invalid(field+": its first 48 bytes: Ixian-Core's Address reads 48 bytes as an address with a checksum and refuses it for a failed checksum; too short for a key here", category.FieldLength, vectors.Make("payload", p(key[:48])), "RSAKeyFormat", "AddressBlob"),
		gen.Invalid(field+": the 45-byte address of the key: an address to Ixian-Core's Address, refused later at the signature check; too short for a key here", category.FieldLength, vectors.Make("payload", p(addressOf(key))), "AddressBlob"),
		gen.Invalid(field+": the 48-byte address of the key with its valid checksum: an address to Ixian-Core's Address, refused later at the signature check; too short for a key here", category.FieldLength, vectors.Make("payload", p(addressWithChecksum(key))), "AddressBlob"),
		gen.Invalid(field+": a 33-byte version-0 address (00 and 32 bytes of the key's hash): an address to Ixian-Core's Address, refused later at the signature check; too short for a key here", category.FieldLength, vectors.Make("payload", p(addressV0(key))), "AddressBlob"),
		gen.Invalid(field+": 1024 bytes, above Address's 1023", category.FieldLength, vectors.Make("payload", p(slices.Concat(key, repeat([]byte{0}, 1024-len(key))))), "RSAKeyFormat"),
		gen.Invalid(field+": address version 3", category.InvalidKey, vectors.Make("payload", p(editRSAKey(key, func(b []byte) []byte { b[0] = 3; return b }))), "RSAKeyFormat"),
		gen.Invalid(field+": a modulus length of 520, past the end of the key", category.InvalidKey, vectors.Make("payload", p(editRSAKey(key, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[5:], 520); return b }))), "RSAKeyFormat"),
		gen.Invalid(field+": an exponent length of 0 with the 3 exponent bytes left over (which then fail as the length of a private part)", category.InvalidKey, vectors.Make("payload", p(editRSAKey(key, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[521:], 0); return b }))), "RSAKeyFormat"),
		gen.Invalid(field+": an empty exponent: length 0, and the key ends there", category.InvalidKey, vectors.Make("payload", p(editRSAKey(key, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[521:], 0); return b[:525] }))), "RSAKeyFormat", "EmptyExponent"),
		gen.Acceptable(field+": a complete RSA private key in Ixian-Core's key-bytes layout (the 1024-bit exposed test key)", category.InvalidKey, vectors.Make("payload", p(exposedKeyBytes())), "PrivateKeyInKey", "CrossChecked").
			Pin(field, exposedKeyBytes()),
		gen.Invalid(field+": a byte after the exponent (Ixian-Core would read it as a private part)", category.InvalidKey, vectors.Make("payload", p(slices.Concat(key, []byte{0}))), "RSAKeyFormat"),
	}
}

func genRequestAdd2Decode() []gen.Group {
	hs := fixtures()
	h := hs[0]
	request := requestAdd2Wire(h.requestAdd2)
	withVersion := request.Field("maxProtocolVersion")
	withKey := func(k []byte) []byte { return request.With("pubKey", ixiBytes(k)) }
	cc := gen.Valid("hs66's requestAdd2: version 1 and the requester's 528-byte key", vectors.Make("payload", h.requestAdd2), "CrossChecked", "Handshake").
		Pin("maxProtocolVersion", 1, "pubKey", gen.Unhex(crossCheck().RSA.Requester))
	if gen.Hex(h.requestAdd2) != h.cc.RequestAdd2 {
		panic("vectorgen: requestAdd2 differs from crosscheck.json")
	}
	keyCases := rsaKeyCases("pubKey", requesterRSA, withKey)
	return []gen.Group{
		{Type: "RequestAdd2Decode", Comment: "well-formed requests", Cases: []gen.Case{
			cc,
			gen.Valid("the acceptor's key instead: any well-formed key", vectors.Make("payload", slices.Concat([]byte{1}, ixiBytes(acceptorRSA)))),
			gen.Valid("version 2: reported as read (the state machine lowers it to 1)", vectors.Make("payload", withVersion([]byte{2})), "VersionAboveOne"),
			gen.Valid("version 247, the largest one-byte value", vectors.Make("payload", withVersion([]byte{0xf7})), "VersionAboveOne", "OneByteRange"),
		}},
		{Type: "RequestAdd2Decode", Comment: "maxProtocolVersion: one raw byte on write, any IxiVarUInt on read", Cases: []gen.Case{
			gen.Acceptable("version 0", category.Version, vectors.Make("payload", withVersion([]byte{0})), "VersionRule"),
			gen.Acceptable("version 248 (fc f8 00): no longer one byte", category.Version, vectors.Make("payload", withVersion(gen.Unhex("fcf800"))), "VersionRule"),
			gen.Acceptable("version 1 written fc 01 00", category.NonMinimalVarint, vectors.Make("payload", withVersion(gen.Unhex("fc0100"))), "NonMinimalVarint"),
			gen.Acceptable("version 2^31 (fd 00 00 00 80): the C# int cast gives -2147483648", category.Version, vectors.Make("payload", withVersion(gen.Unhex("fd00000080"))), "VersionRule", "CSharpIntCast"),
			gen.Acceptable("version 2^32+1 (fe 01 00 00 00 01 00 00 00): the C# int cast gives 1", category.Version, vectors.Make("payload", withVersion(gen.Unhex("fe0100000001000000"))), "VersionRule", "CSharpIntCast"),
			gen.Invalid("version f8 01 00: a signed prefix", category.NegativeLength, vectors.Make("payload", withVersion(gen.Unhex("f80100"))), "SignedPrefix"),
			gen.Invalid("version fb: a reserved prefix", category.InvalidVarint, vectors.Make("payload", withVersion(gen.Unhex("fb"))), "ReservedPrefix"),
			gen.Invalid("version ff: a reserved prefix", category.InvalidVarint, vectors.Make("payload", withVersion(gen.Unhex("ff"))), "ReservedPrefix"),
		}},
		{Type: "RequestAdd2Decode", Comment: "the RSA public key", Cases: append(keyCases,
			gen.Acceptable("pubKey: its length written fd 10 02 00 00", category.NonMinimalVarint, vectors.Make("payload", request.With("pubKey", nonMinimalLength(requesterRSA))), "NonMinimalVarint"),
			gen.Invalid("pubKey: a length of 2^31", category.VarintOverflow, vectors.Make("payload", request.With("pubKey", slices.Concat(gen.Unhex("fd00000080"), requesterRSA))), "HugeLength"),
			gen.Invalid("pubKey: a length written as the signed f8 10 02", category.NegativeLength, vectors.Make("payload", request.With("pubKey", slices.Concat(gen.Unhex("f81002"), requesterRSA))), "SignedPrefix"),
		)},
		{Type: "RequestAdd2Decode", Comment: "truncation at every field, and trailing bytes", Cases: []gen.Case{
			gen.Invalid("empty payload", category.Truncated, vectors.Make("payload", []byte{}), "Truncated"),
			gen.Invalid("the version byte only", category.Truncated, vectors.Make("payload", h.requestAdd2[:1]), "Truncated"),
			gen.Invalid("cut inside pubKey's length (01 fc 10)", category.Truncated, vectors.Make("payload", h.requestAdd2[:3]), "Truncated"),
			gen.Invalid("cut one byte before the end of pubKey", category.Truncated, vectors.Make("payload", h.requestAdd2[:len(h.requestAdd2)-1]), "Truncated"),
			gen.Acceptable("one byte after pubKey", category.TrailingBytes, vectors.Make("payload", slices.Concat(h.requestAdd2, []byte{0})), "TrailingBytes"),
			gen.Acceptable("a whole second pubKey after the first", category.TrailingBytes, vectors.Make("payload", slices.Concat(h.requestAdd2, ixiBytes(acceptorRSA))), "TrailingBytes"),
		}},
	}
}

func genRequestAdd2Encode() []gen.Group {
	h := fixtures()[0]
	return []gen.Group{{Type: "RequestAdd2Encode", Cases: []gen.Case{
		gen.Valid("hs66's requestAdd2", vectors.Make("maxProtocolVersion", 1, "pubKey", requesterRSA), "CrossChecked", "Handshake").Pin("payload", gen.Unhex(h.cc.RequestAdd2)),
		gen.Valid("version 2", vectors.Make("maxProtocolVersion", 2, "pubKey", requesterRSA)),
		gen.Valid("version 248 is still one raw byte, f8", vectors.Make("maxProtocolVersion", 248, "pubKey", requesterRSA), "RawVersionByte"),
		gen.Valid("version 257: the C# (byte) cast writes 01", vectors.Make("maxProtocolVersion", 257, "pubKey", requesterRSA), "RawVersionByte"),
		gen.Valid("version -1: the C# (byte) cast writes ff", vectors.Make("maxProtocolVersion", -1, "pubKey", requesterRSA), "RawVersionByte"),
		gen.Valid("an empty pubKey is written as 00 (nothing is validated)", vectors.Make("maxProtocolVersion", 1, "pubKey", []byte{}), "NullIsEmpty"),
	}}}
}

// ecdhFormCases are the ecdhPubKey forms a decoder checks, for a payload
// built by put from a key field's IxiBytes; scalar is the key's owner.
func ecdhFormCases(put func(field []byte) []byte, compressed, scalar []byte) []gen.Case {
	pk := func(k []byte) vectors.Values { return vectors.Make("payload", put(ixiBytes(k))) }
	return []gen.Case{
		gen.Acceptable("ecdhPubKey uncompressed (04, 133 bytes)", category.FieldLength, pk(uncompressed(scalar, 4)), "UncompressedPoint"),
		gen.Acceptable("ecdhPubKey hybrid (06/07 with Y's parity, 133 bytes)", category.FieldLength, pk(uncompressed(scalar, 6)), "HybridPoint"),
		gen.Invalid("ecdhPubKey empty", category.EmptyField, pk(nil), "EmptyField"),
		gen.Invalid("ecdhPubKey of 66 bytes (compressed, last byte cut)", category.FieldLength, pk(compressed[:66]), "PointLength"),
		gen.Invalid("ecdhPubKey of 66 bytes (the bare X, no prefix)", category.FieldLength, pk(compressed[1:]), "PointLength"),
		gen.Invalid("ecdhPubKey of 68 bytes (a zero byte appended)", category.FieldLength, pk(slices.Concat(compressed, []byte{0})), "PointLength"),
		gen.Invalid("ecdhPubKey of 65 bytes (X stripped of its leading zero byte)", category.FieldLength, pk(slices.Concat(compressed[:1], compressed[2:])), "PointLength"),
		gen.Invalid("ecdhPubKey: 67 bytes with prefix 04", category.InvalidPoint, pk(slices.Concat([]byte{4}, compressed[1:])), "PointPrefix"),
		gen.Invalid("ecdhPubKey: 67 bytes with prefix 00", category.InvalidPoint, pk(slices.Concat([]byte{0}, compressed[1:])), "PointPrefix"),
		gen.Invalid("ecdhPubKey: a lone 00, the point at infinity", category.InvalidPoint, pk([]byte{0}), "PointAtInfinity"),
	}
}

func genAcceptAdd2Decode() []gen.Group {
	hs := fixtures()
	h := hs[0]
	accept := acceptAdd2Wire(h.acceptor.AcceptAdd2)
	in := func(b []byte) vectors.Values { return vectors.Make("payload", b) }
	var crossChecked []gen.Case
	for _, x := range hs {
		if gen.Hex(x.acceptor.AcceptAdd2) != x.cc.AcceptAdd2 {
			panic("vectorgen: acceptAdd2 differs from crosscheck.json")
		}
		crossChecked = append(crossChecked, gen.Valid(x.name+"'s acceptAdd2 (Spixi's capabilities, 63)", in(x.acceptor.AcceptAdd2), "CrossChecked", "Handshake").
			Pin("version", 1, "rsaPubKey", gen.Unhex(crossCheck().RSA.Acceptor), "ecdhPubKey", gen.Unhex(x.cc.AcceptorECDHPubKey),
				"mlkemPubKey", gen.Unhex(x.cc.MLKEMPubKey), "aesSalt", x.aesSalt, "capabilities", 63, "capabilitiesPresent", true))
	}
	salt := func(n int) []byte { return repeat(h.aesSalt, n) }
	caps := accept.Field("capabilities")
	return []gen.Group{
		{Type: "AcceptAdd2Decode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "AcceptAdd2Decode", Comment: "capabilities", Cases: []gen.Case{
			gen.Valid("capabilities 17 (QuIXI)", in(caps([]byte{17})), "Capabilities"),
			gen.Valid("capabilities 15 written explicitly", in(caps([]byte{15})), "Capabilities"),
			gen.Valid("capabilities 0", in(caps([]byte{0})), "Capabilities"),
			gen.Valid("capabilities 128: an unknown flag, kept", in(caps([]byte{0x80})), "Capabilities"),
			gen.Valid("capabilities 0xffff (fc ff ff): unknown flags, kept", in(caps(gen.Unhex("fcffff"))), "Capabilities"),
			gen.Valid("capabilities 2^31-1 (fd ff ff ff 7f), the largest C# int", in(caps(gen.Unhex("fdffffff7f"))), "Capabilities", "WidthBoundary"),
			gen.Acceptable("no capabilities field (a sender before Ixian-Core 5c914e7): 15", category.MissingField, in(caps(nil)), "MissingCapabilities"),
			gen.Acceptable("capabilities 2^31 (fd 00 00 00 80): the C# int cast gives -2147483648", category.VarintOverflow, in(caps(gen.Unhex("fd00000080"))), "CSharpIntCast"),
			gen.Acceptable("capabilities 2^32+63: the C# int cast gives 63", category.VarintOverflow, in(caps(gen.Unhex("fe3f00000001000000"))), "CSharpIntCast"),
			gen.Acceptable("capabilities 63 written fc 3f 00", category.NonMinimalVarint, in(caps(gen.Unhex("fc3f00"))), "NonMinimalVarint"),
			gen.Invalid("capabilities -1 as the signed encoder writes it (f8 01 00)", category.NegativeLength, in(caps(gen.Unhex("f80100"))), "SignedEncoder"),
			gen.Invalid("capabilities with the reserved prefix fb", category.InvalidVarint, in(caps(gen.Unhex("fb"))), "ReservedPrefix"),
			gen.Invalid("capabilities cut after fc", category.Truncated, in(caps(gen.Unhex("fc"))), "Truncated"),
			gen.Invalid("capabilities cut after fc 3f", category.Truncated, in(caps(gen.Unhex("fc3f"))), "Truncated"),
			gen.Acceptable("one byte after capabilities", category.TrailingBytes, in(caps([]byte{63, 0})), "TrailingBytes"),
			gen.Acceptable("a second capabilities field", category.TrailingBytes, in(caps([]byte{63, 63})), "TrailingBytes"),
		}},
		{Type: "AcceptAdd2Decode", Comment: "version", Cases: []gen.Case{
			gen.Acceptable("version 0", category.Version, in(accept.With("version", []byte{0})), "VersionRule"),
			gen.Acceptable("version 2: not a version this protocol defines", category.Version, in(accept.With("version", []byte{2})), "VersionRule"),
			gen.Acceptable("version 1 written fc 01 00", category.NonMinimalVarint, in(accept.With("version", gen.Unhex("fc0100"))), "NonMinimalVarint"),
			gen.Acceptable("version 2^32+1: the C# int cast gives 1", category.Version, in(accept.With("version", gen.Unhex("fe0100000001000000"))), "VersionRule", "CSharpIntCast"),
			gen.Invalid("version f8 01 00: a signed prefix", category.NegativeLength, in(accept.With("version", gen.Unhex("f80100"))), "SignedPrefix"),
		}},
		{Type: "AcceptAdd2Decode", Comment: "aesSalt", Cases: []gen.Case{
			gen.Acceptable("aesSalt empty (00): null, HKDF uses 64 zero bytes", category.SaltLength, in(accept.With("aesSalt", []byte{0})), "SaltLength", "EmptySalt"),
			gen.Acceptable("aesSalt of 31 bytes", category.SaltLength, in(accept.With("aesSalt", ixiBytes(salt(31)))), "SaltLength"),
			gen.Acceptable("aesSalt of 33 bytes", category.SaltLength, in(accept.With("aesSalt", ixiBytes(salt(33)))), "SaltLength"),
			gen.Acceptable("aesSalt of 64 bytes", category.SaltLength, in(accept.With("aesSalt", ixiBytes(salt(64)))), "SaltLength"),
			gen.Acceptable("aesSalt's length written fc 20 00", category.NonMinimalVarint, in(accept.With("aesSalt", nonMinimalLength(h.aesSalt))), "NonMinimalVarint"),
		}},
		{Type: "AcceptAdd2Decode", Comment: "ecdhPubKey (only its form: whether it is a curve point is ECDH's check)", Cases: ecdhFormCases(accept.Field("ecdhPubKey"), h.acceptor.ECDHPubKey, h.acceptorScalar)},
		{Type: "AcceptAdd2Decode", Comment: "mlkemPubKey (only its length: the coefficients are checked at encapsulation)", Cases: []gen.Case{
			gen.Invalid("mlkemPubKey empty", category.EmptyField, in(accept.With("mlkemPubKey", []byte{0})), "EmptyField"),
			gen.Invalid("mlkemPubKey of 1567 bytes", category.FieldLength, in(accept.With("mlkemPubKey", ixiBytes(h.acceptor.MLKEMPubKey[:1567]))), "MLKEMLength"),
			gen.Invalid("mlkemPubKey of 1569 bytes", category.FieldLength, in(accept.With("mlkemPubKey", ixiBytes(slices.Concat(h.acceptor.MLKEMPubKey, []byte{0})))), "MLKEMLength"),
			gen.Invalid("mlkemPubKey of 1184 bytes (an ML-KEM-768 key's size)", category.FieldLength, in(accept.With("mlkemPubKey", ixiBytes(h.acceptor.MLKEMPubKey[:1184]))), "MLKEMLength"),
			gen.Acceptable("mlkemPubKey's length written fd 20 06 00 00", category.NonMinimalVarint, in(accept.With("mlkemPubKey", nonMinimalLength(h.acceptor.MLKEMPubKey))), "NonMinimalVarint"),
		}},
		{Type: "AcceptAdd2Decode", Comment: "rsaPubKey", Cases: rsaKeyCases("rsaPubKey", acceptorRSA, func(k []byte) []byte { return accept.With("rsaPubKey", ixiBytes(k)) })},
		{Type: "AcceptAdd2Decode", Comment: "truncation at every field", Cases: []gen.Case{
			gen.Invalid("empty payload", category.Truncated, in([]byte{}), "Truncated"),
			gen.Invalid("the version byte only", category.Truncated, in(accept.CutAfter("version")), "Truncated"),
			gen.Invalid("cut inside rsaPubKey's length", category.Truncated, in(accept.Cut("rsaPubKey", 2)), "Truncated"),
			gen.Invalid("cut inside rsaPubKey", category.Truncated, in(accept.Cut("rsaPubKey", 100)), "Truncated"),
			gen.Invalid("cut after rsaPubKey", category.Truncated, in(accept.CutAfter("rsaPubKey")), "Truncated"),
			gen.Invalid("cut inside ecdhPubKey", category.Truncated, in(accept.Cut("ecdhPubKey", 67)), "Truncated"),
			gen.Invalid("cut after ecdhPubKey", category.Truncated, in(accept.CutAfter("ecdhPubKey")), "Truncated"),
			gen.Invalid("cut inside mlkemPubKey's length", category.Truncated, in(accept.Cut("mlkemPubKey", 2)), "Truncated"),
			gen.Invalid("cut inside mlkemPubKey", category.Truncated, in(accept.Cut("mlkemPubKey", 1570)), "Truncated"),
			gen.Invalid("cut after mlkemPubKey", category.Truncated, in(accept.CutAfter("mlkemPubKey")), "Truncated"),
			gen.Invalid("cut inside aesSalt", category.Truncated, in(accept.Cut("aesSalt", 32)), "Truncated"),
		}},
	}
}

func genAcceptAdd2Encode() []gen.Group {
	hs := fixtures()
	var crossChecked []gen.Case
	for _, x := range hs {
		crossChecked = append(crossChecked, gen.Valid(x.name+"'s acceptAdd2", vectors.Make("version", 1, "rsaPubKey", acceptorRSA, "ecdhPubKey", gen.Unhex(x.cc.AcceptorECDHPubKey),
			"mlkemPubKey", gen.Unhex(x.cc.MLKEMPubKey), "aesSalt", x.aesSalt, "capabilities", 63), "CrossChecked", "Handshake").
			Pin("payload", gen.Unhex(x.cc.AcceptAdd2)))
	}
	h := hs[0]
	base := vectors.Make("version", 1, "rsaPubKey", acceptorRSA, "ecdhPubKey", h.acceptor.ECDHPubKey, "mlkemPubKey", h.acceptor.MLKEMPubKey, "aesSalt", h.aesSalt, "capabilities", 63)
	return []gen.Group{
		{Type: "AcceptAdd2Encode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "AcceptAdd2Encode", Comment: "what the writer does with unusual values (nothing is validated)", Cases: []gen.Case{
			gen.Valid("capabilities 17 (QuIXI)", base.With("capabilities", 17), "Capabilities"),
			gen.Valid("capabilities 248: fc f8 00", base.With("capabilities", 248), "Capabilities", "OneByteRange"),
			gen.Valid("capabilities -1: the signed encoder writes f8 01 00, which no reader accepts", base.With("capabilities", -1), "SignedEncoder"),
			gen.Valid("capabilities -2^31, the smallest C# int: f9 00 00 00 80", base.With("capabilities", -2147483648), "SignedEncoder"),
			gen.Valid("version 257: the C# (byte) cast writes 01", base.With("version", 257), "RawVersionByte"),
			gen.Valid("an empty aesSalt is written as 00", base.With("aesSalt", []byte{}), "NullIsEmpty"),
		}},
	}
}

func genKeys2Decode() []gen.Group {
	hs := fixtures()
	h := hs[0]
	keys2 := h.requester.Keys2
	keys := keys2Wire(keys2)
	in := func(b []byte) vectors.Values { return vectors.Make("payload", b) }
	var crossChecked []gen.Case
	for _, x := range hs {
		if gen.Hex(x.requester.Keys2) != x.cc.Keys2 {
			panic("vectorgen: keys2 differs from crosscheck.json")
		}
		crossChecked = append(crossChecked, gen.Valid(x.name+"'s keys2 (QuIXI's capabilities, 17)", in(x.requester.Keys2), "CrossChecked", "Handshake").
			Pin("ecdhPubKey", gen.Unhex(x.cc.RequesterECDHPubKey), "mlkemCiphertext", gen.Unhex(x.cc.MLKEMCiphertext), "chachaSalt", x.chachaSalt,
				"capabilities", 17, "capabilitiesPresent", true))
	}
	salt := func(n int) []byte { return repeat(h.chachaSalt, n) }
	ct := h.requester.MLKEMCiphertext
	return []gen.Group{
		{Type: "Keys2Decode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "Keys2Decode", Comment: "capabilities", Cases: []gen.Case{
			gen.Valid("capabilities 63 (Spixi)", in(keys.With("capabilities", []byte{63})), "Capabilities"),
			gen.Acceptable("no capabilities field: 15", category.MissingField, in(keys.With("capabilities", nil)), "MissingCapabilities"),
			gen.Acceptable("capabilities 2^31: the C# int cast gives -2147483648", category.VarintOverflow, in(keys.With("capabilities", gen.Unhex("fd00000080"))), "CSharpIntCast"),
			gen.Invalid("capabilities -1 as the signed encoder writes it (f8 01 00)", category.NegativeLength, in(keys.With("capabilities", gen.Unhex("f80100"))), "SignedEncoder"),
			gen.Invalid("capabilities cut after fd", category.Truncated, in(keys.With("capabilities", gen.Unhex("fd"))), "Truncated"),
			gen.Acceptable("one byte after capabilities", category.TrailingBytes, in(keys.With("capabilities", []byte{17, 0})), "TrailingBytes"),
		}},
		{Type: "Keys2Decode", Comment: "chachaSalt", Cases: []gen.Case{
			gen.Acceptable("chachaSalt empty (00)", category.SaltLength, in(keys.With("chachaSalt", []byte{0})), "SaltLength", "EmptySalt"),
			gen.Acceptable("chachaSalt of 31 bytes", category.SaltLength, in(keys.With("chachaSalt", ixiBytes(salt(31)))), "SaltLength"),
			gen.Acceptable("chachaSalt of 33 bytes", category.SaltLength, in(keys.With("chachaSalt", ixiBytes(salt(33)))), "SaltLength"),
			gen.Acceptable("chachaSalt of 64 bytes", category.SaltLength, in(keys.With("chachaSalt", ixiBytes(salt(64)))), "SaltLength"),
		}},
		{Type: "Keys2Decode", Comment: "ecdhPubKey (only its form)", Cases: ecdhFormCases(keys.Field("ecdhPubKey"), h.requester.ECDHPubKey, h.requesterScalar)},
		{Type: "Keys2Decode", Comment: "mlkemCiphertext", Cases: []gen.Case{
			gen.Invalid("mlkemCiphertext empty", category.EmptyField, in(keys.With("mlkemCiphertext", []byte{0})), "EmptyField"),
			gen.Invalid("mlkemCiphertext of 1567 bytes", category.FieldLength, in(keys.With("mlkemCiphertext", ixiBytes(ct[:1567]))), "MLKEMLength"),
			gen.Invalid("mlkemCiphertext of 1569 bytes", category.FieldLength, in(keys.With("mlkemCiphertext", ixiBytes(slices.Concat(ct, []byte{0})))), "MLKEMLength"),
			gen.Invalid("mlkemCiphertext of 1088 bytes (an ML-KEM-768 ciphertext's size)", category.FieldLength, in(keys.With("mlkemCiphertext", ixiBytes(ct[:1088]))), "MLKEMLength"),
			gen.Acceptable("mlkemCiphertext's length written fd 20 06 00 00", category.NonMinimalVarint, in(keys.With("mlkemCiphertext", nonMinimalLength(ct))), "NonMinimalVarint"),
		}},
		{Type: "Keys2Decode", Comment: "truncation at every field", Cases: []gen.Case{
			gen.Invalid("empty payload", category.Truncated, in([]byte{}), "Truncated"),
			gen.Invalid("cut inside ecdhPubKey", category.Truncated, in(keys.Cut("ecdhPubKey", 40)), "Truncated"),
			gen.Invalid("cut after ecdhPubKey", category.Truncated, in(keys.CutAfter("ecdhPubKey")), "Truncated"),
			gen.Invalid("cut inside mlkemCiphertext's length", category.Truncated, in(keys.Cut("mlkemCiphertext", 1)), "Truncated"),
			gen.Invalid("cut inside mlkemCiphertext", category.Truncated, in(keys.Cut("mlkemCiphertext", 800)), "Truncated"),
			gen.Invalid("cut after mlkemCiphertext", category.Truncated, in(keys.CutAfter("mlkemCiphertext")), "Truncated"),
			gen.Invalid("cut inside chachaSalt", category.Truncated, in(keys.Cut("chachaSalt", 1)), "Truncated"),
		}},
	}
}

func genKeys2Encode() []gen.Group {
	hs := fixtures()
	var crossChecked []gen.Case
	for _, x := range hs {
		crossChecked = append(crossChecked, gen.Valid(x.name+"'s keys2", vectors.Make("ecdhPubKey", gen.Unhex(x.cc.RequesterECDHPubKey), "mlkemCiphertext", gen.Unhex(x.cc.MLKEMCiphertext),
			"chachaSalt", x.chachaSalt, "capabilities", 17), "CrossChecked", "Handshake").Pin("payload", gen.Unhex(x.cc.Keys2)))
	}
	h := hs[0]
	base := vectors.Make("ecdhPubKey", h.requester.ECDHPubKey, "mlkemCiphertext", h.requester.MLKEMCiphertext, "chachaSalt", h.chachaSalt, "capabilities", 17)
	return []gen.Group{
		{Type: "Keys2Encode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "Keys2Encode", Cases: []gen.Case{
			gen.Valid("capabilities 0", base.With("capabilities", 0), "Capabilities"),
			gen.Valid("capabilities -5: f8 05 00", base.With("capabilities", -5), "SignedEncoder"),
			gen.Valid("a 64-byte chachaSalt is written as it is", base.With("chachaSalt", repeat(h.chachaSalt, 64)), "SaltLength"),
		}},
	}
}

// spixiFrame builds a SpixiMessage frame from raw parts.
func spixiFrame(typ, length int32, parts ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(typ))
	b = binary.LittleEndian.AppendUint32(b, uint32(length))
	return slices.Concat(append([][]byte{b}, parts...)...)
}

func le32(v int32) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

func genSpixiMessageDecode() []gen.Group {
	hs := fixtures()
	h := hs[0]
	in := func(b []byte) vectors.Values { return vectors.Make("frame", b) }
	var crossChecked []gen.Case
	for _, x := range []struct {
		name, want string
		frame      []byte
		code       int32
		data       []byte
	}{
		{"hs66's requestAdd2 frame", h.cc.RequestAdd2Frame, (&ixian.SpixiMessage{Type: ixian.CodeRequestAdd2, Data: h.requestAdd2}).Encode(), 40, h.requestAdd2},
		{"hs66's acceptAdd2 frame", h.cc.AcceptAdd2Frame, h.acceptFrame, 41, h.acceptor.AcceptAdd2},
		{"hs66's keys2 frame", h.cc.Keys2Frame, h.keysFrame, 42, h.requester.Keys2},
	} {
		if gen.Hex(x.frame) != x.want {
			panic("vectorgen: " + x.name + " differs from crosscheck.json")
		}
		crossChecked = append(crossChecked, gen.Valid(x.name, in(x.frame), "CrossChecked", "Handshake").
			Pin("type", x.code, "data", x.data, "channel", 0, "groupAddress", []byte{}, "groupSenderAddress", []byte{}))
	}
	for _, x := range hs {
		if gen.Hex(x.chatPT) != x.cc.Chat.Plaintext {
			panic("vectorgen: chat frame differs from crosscheck.json")
		}
		crossChecked = append(crossChecked, gen.Valid(x.name+"'s chat frame", in(x.chatPT), "CrossChecked").
			Pin("type", 0, "data", []byte("Hello from pqhs ("+x.name+")"), "channel", 0))
	}
	data := []byte("hi")
	group := repeat([]byte{0x01, 0x9a}, 45) // a 45-byte address-like value
	whole := spixiFrame(41, 2, data, le32(0), ixiBytes(group), ixiBytes(group[:20]))
	return []gen.Group{
		{Type: "SpixiMessageDecode", Comment: "frames of the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "SpixiMessageDecode", Comment: "other well-formed frames", Cases: []gen.Case{
			gen.Valid("group fields of 45 and 20 bytes", in(whole), "GroupFields"),
			gen.Valid("channel 7 and type msgReceived (9) confirming id 02", in(spixiFrame(9, 1, []byte{2}, le32(7), []byte{0}, []byte{0}))),
			gen.Valid("type -1 and channel -1: C# ints", in(spixiFrame(-1, 0, le32(-1), []byte{0}, []byte{0})), "Int32Fields"),
			gen.Valid("no data (length 0)", in(spixiFrame(42, 0, le32(0), []byte{0}, []byte{0}))),
		}},
		{Type: "SpixiMessageDecode", Comment: "what Ixian-Core tolerates without an error", Cases: []gen.Case{
			gen.Acceptable("data length 3 with 2 bytes left: the 2 bytes are the data", category.Truncated, in(spixiFrame(41, 3, data)), "DataShort"),
			gen.Acceptable("data length 2^31-57 (.NET's Array.MaxLength) with 2 bytes left: the 2 bytes are the data", category.Truncated, in(spixiFrame(41, ixian.DotNetArrayMaxLength, data)), "DataShort", "ArrayMaxLength").
				Pin("type", 41, "data", data),
			gen.Acceptable("data length 100 with the whole tail of a frame after it: the tail is the data", category.Truncated, in(spixiFrame(41, 100, data, le32(0), []byte{0}, []byte{0})), "DataShort"),
			gen.Acceptable("the frame ends after data: channel 0, no group fields", category.MissingField, in(spixiFrame(41, 2, data)), "MissingChannel"),
			gen.Acceptable("the frame ends after channel: no group fields", category.MissingField, in(spixiFrame(41, 2, data, le32(5))), "MissingGroupFields"),
			gen.Acceptable("one byte after groupSenderAddress", category.TrailingBytes, in(slices.Concat(whole, []byte{0})), "TrailingBytes"),
			gen.Acceptable("groupAddress's length written fc 2d 00", category.NonMinimalVarint, in(spixiFrame(41, 2, data, le32(0), nonMinimalLength(group), []byte{0})), "NonMinimalVarint"),
		}},
		{Type: "SpixiMessageDecode", Comment: "errors Ixian-Core swallows: it yields type 0, no data, channel 0 (and keeps a groupAddress it has read)", Cases: []gen.Case{
			gen.Acceptable("an empty frame", category.Truncated, in([]byte{}), "SwallowedError", "Truncated"),
			gen.Acceptable("three bytes: type cut", category.Truncated, in(gen.Unhex("290000")), "SwallowedError", "Truncated"),
			gen.Acceptable("six bytes: data length cut", category.Truncated, in(gen.Unhex("290000000200")), "SwallowedError", "Truncated"),
			gen.Acceptable("data length 2^31-56 (one above .NET's Array.MaxLength) with 2 bytes left: ReadBytes cannot allocate it", category.Truncated, in(spixiFrame(41, ixian.DotNetArrayMaxLength+1, data)), "SwallowedError", "ArrayMaxLength").
				Pin("type", 0, "data", []byte{}, "channel", 0),
			gen.Acceptable("data length 2^31-1 with 2 bytes left: ReadBytes cannot allocate it", category.Truncated, in(spixiFrame(41, 1<<31-1, data)), "SwallowedError", "ArrayMaxLength").
				Pin("type", 0, "data", []byte{}, "channel", 0),
			gen.Acceptable("data length -1", category.NegativeLength, in(spixiFrame(41, -1, data, le32(0), []byte{0}, []byte{0})), "SwallowedError", "NegativeLength"),
			gen.Acceptable("data length -2^31", category.NegativeLength, in(spixiFrame(41, -1<<31, data)), "SwallowedError", "NegativeLength"),
			gen.Acceptable("channel cut after 3 bytes", category.Truncated, in(spixiFrame(41, 2, data, gen.Unhex("000000"))), "SwallowedError", "Truncated"),
			gen.Acceptable("channel cut after 1 byte", category.Truncated, in(spixiFrame(41, 2, data, gen.Unhex("00"))), "SwallowedError", "Truncated"),
			gen.Acceptable("groupAddress cut inside its bytes", category.Truncated, in(spixiFrame(41, 2, data, le32(0), ixiBytes(group)[:10])), "SwallowedError", "Truncated"),
			gen.Acceptable("groupAddress present, groupSenderAddress absent: the read groupAddress is kept", category.Truncated, in(spixiFrame(41, 2, data, le32(0), ixiBytes(group))), "SwallowedError", "Truncated"),
			gen.Acceptable("groupSenderAddress cut inside its bytes: the read groupAddress is kept", category.Truncated, in(spixiFrame(41, 2, data, le32(0), ixiBytes(group), ixiBytes(group)[:5])), "SwallowedError", "Truncated"),
			gen.Acceptable("groupAddress's length with a signed prefix (f8 01 00)", category.NegativeLength, in(spixiFrame(41, 2, data, le32(0), gen.Unhex("f80100"), []byte{0})), "SwallowedError", "SignedPrefix"),
			gen.Acceptable("groupAddress's length with the reserved prefix ff", category.InvalidVarint, in(spixiFrame(41, 2, data, le32(0), gen.Unhex("ff"), []byte{0})), "SwallowedError", "ReservedPrefix"),
			gen.Acceptable("groupSenderAddress's length 2^31", category.VarintOverflow, in(spixiFrame(41, 2, data, le32(0), []byte{0}, gen.Unhex("fd00000080"))), "SwallowedError", "HugeLength"),
		}},
	}
}

func genSpixiMessageEncode() []gen.Group {
	hs := fixtures()
	h := hs[0]
	frame := func(typ int32, data []byte) vectors.Values {
		return vectors.Make("type", typ, "data", data, "channel", 0, "groupAddress", []byte{}, "groupSenderAddress", []byte{})
	}
	var crossChecked []gen.Case
	crossChecked = append(crossChecked,
		gen.Valid("hs66's requestAdd2", frame(40, h.requestAdd2), "CrossChecked", "Handshake").Pin("frame", gen.Unhex(h.cc.RequestAdd2Frame)),
		gen.Valid("hs66's acceptAdd2", frame(41, h.acceptor.AcceptAdd2), "CrossChecked", "Handshake").Pin("frame", gen.Unhex(h.cc.AcceptAdd2Frame)),
		gen.Valid("hs66's keys2", frame(42, h.requester.Keys2), "CrossChecked", "Handshake").Pin("frame", gen.Unhex(h.cc.Keys2Frame)),
	)
	for _, x := range hs {
		crossChecked = append(crossChecked, gen.Valid(fmt.Sprintf("%s's chat message", x.name), frame(0, []byte("Hello from pqhs ("+x.name+")")), "CrossChecked").
			Pin("frame", gen.Unhex(x.cc.Chat.Plaintext)))
	}
	group := repeat([]byte{0x01, 0x9a}, 45)
	return []gen.Group{
		{Type: "SpixiMessageEncode", Comment: "frames of the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "SpixiMessageEncode", Cases: []gen.Case{
			gen.Valid("group fields of 45 and 20 bytes", vectors.Make("type", 0, "data", []byte("hi"), "channel", 0, "groupAddress", group, "groupSenderAddress", group[:20]), "GroupFields"),
			gen.Valid("type -1 and channel -2: two's complement", vectors.Make("type", -1, "data", []byte{}, "channel", -2, "groupAddress", []byte{}, "groupSenderAddress", []byte{}), "Int32Fields"),
			gen.Valid("empty data: length 0", frame(9, []byte{})),
		}},
	}
}

// exposedKeyBytes is the exposed test key's private-key bytes, as
// crosscheck/ixian.mjs writes them from OpenSSL's JWK export.
func exposedKeyBytes() []byte { return gen.Unhex(crossCheck().Frames.ExposedKeyBytes) }

// addressOf is the 45-byte address (without checksum) of an Ixian key.
func addressOf(key []byte) []byte { return gen.Must(ixian.NewAddress(key)).NoChecksum }

// addressWithChecksum is the 48-byte address of an Ixian key.
func addressWithChecksum(key []byte) []byte { return gen.Must(ixian.NewAddress(key)).WithChecksum() }

// addressV0 is a 33-byte version-0 address: 00 and the first 32 bytes of
// the key's version-1 address hash.
func addressV0(key []byte) []byte { return slices.Concat([]byte{0}, addressOf(key)[1:33]) }
