package vectorgen

// The Ixian handshake payloads (requestAdd2, acceptAdd2, keys2) and the
// SpixiMessage frame around them.

import (
	"encoding/binary"
	"fmt"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	base := "The base payloads are those of the handshakes hs66..hs63 of crosscheck/ixian.mjs (the RSA keys are internal/testkeys'); every other test changes one field of hs66's."
	Register(&Generator{Family: vectors.IxianRequestAdd2Decode, Notes: ixNotes, Groups: genIxRequestAdd2Decode, Header: []string{base}})
	Register(&Generator{Family: vectors.IxianRequestAdd2Encode, Notes: ixNotes, Groups: genIxRequestAdd2Encode})
	Register(&Generator{Family: vectors.IxianAcceptAdd2Decode, Notes: ixNotes, Groups: genIxAcceptAdd2Decode, Header: []string{base}})
	Register(&Generator{Family: vectors.IxianAcceptAdd2Encode, Notes: ixNotes, Groups: genIxAcceptAdd2Encode})
	Register(&Generator{Family: vectors.IxianKeys2Decode, Notes: ixNotes, Groups: genIxKeys2Decode, Header: []string{base}})
	Register(&Generator{Family: vectors.IxianKeys2Encode, Notes: ixNotes, Groups: genIxKeys2Encode})
	Register(&Generator{Family: vectors.IxianSpixiMessageDecode, Notes: ixNotes, Groups: genIxSpixiDecode,
		Header: []string{"The base frames are those of the handshakes of crosscheck/ixian.mjs: hs66's requestAdd2 (40), acceptAdd2 (41) and keys2 (42) frames and the chat (0) frame of each handshake."}})
	Register(&Generator{Family: vectors.IxianSpixiMessageEncode, Notes: ixNotes, Groups: genIxSpixiEncode})
}

// ixRSAKeyCases are broken or unusual forms of an Ixian RSA public key, in
// the payload that payload builds from it. key is a 528-byte key.
func ixRSAKeyCases(field string, key []byte, payload func(k []byte) []byte) []ixc {
	p := payload
	return []ixc{
		ixSoso(field+": the 523-byte legacy form without the 5-byte header", category.InvalidKey, vectors.Make("payload", p(ixRSALegacy(key))), "LegacyRSAKey"),
		ixSoso(field+": key-format int32 1 instead of 0", category.InvalidKey, vectors.Make("payload", p(ixRSAEdit(key, func(b []byte) []byte { b[1] = 1; return b }))), "RSAKeyFormat"),
		ixSoso(field+": a modulus with a leading zero byte (513 bytes)", category.InvalidKey, vectors.Make("payload", p(ixRSALeadingZero(key))), "RSAKeyFormat"),
		ixBad(field+": empty", category.EmptyField, vectors.Make("payload", p(nil)), "EmptyField"),
		ixBad(field+": 48 bytes, below Address's 49", category.FieldLength, vectors.Make("payload", p(key[:48])), "RSAKeyFormat"),
		ixBad(field+": 1024 bytes, above Address's 1023", category.FieldLength, vectors.Make("payload", p(ixCat(key, ixRep([]byte{0}, 1024-len(key))))), "RSAKeyFormat"),
		ixBad(field+": address version 3", category.InvalidKey, vectors.Make("payload", p(ixRSAEdit(key, func(b []byte) []byte { b[0] = 3; return b }))), "RSAKeyFormat"),
		ixBad(field+": a modulus length of 520, past the end of the key", category.InvalidKey, vectors.Make("payload", p(ixRSAEdit(key, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[5:], 520); return b }))), "RSAKeyFormat"),
		ixBad(field+": an exponent length of 0", category.InvalidKey, vectors.Make("payload", p(ixRSAEdit(key, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[521:], 0); return b }))), "RSAKeyFormat"),
		ixBad(field+": a byte after the exponent (Ixian-Core would read it as a private part)", category.InvalidKey, vectors.Make("payload", p(ixCat(key, []byte{0}))), "RSAKeyFormat"),
	}
}

func genIxRequestAdd2Decode() []Group {
	hs := ixFixtures()
	h := hs[0]
	f := ixFields(h.requestAdd2, 1, 1) // version, pubKey, (nothing)
	withVersion := func(v []byte) []byte { return ixReplace(f, 0, v) }
	withKey := func(k []byte) []byte { return ixReplace(f, 1, ixb(k)) }
	cc := ixOK("hs66's requestAdd2: version 1 and the requester's 528-byte key", vectors.Make("payload", h.requestAdd2), "CrossChecked", "Handshake").
		pins("maxProtocolVersion", 1, "pubKey", ixHex(ixCC().RSA.Requester))
	if ixHx(h.requestAdd2) != h.cc.RequestAdd2 {
		panic("vectorgen: requestAdd2 differs from crosscheck.json")
	}
	keyCases := ixRSAKeyCases("pubKey", ixRSAReq, withKey)
	return []Group{
		{Type: "RequestAdd2Decode", Comment: "well-formed requests", Cases: ixCases(
			cc,
			ixOK("the acceptor's key instead: any well-formed key", vectors.Make("payload", ixCat([]byte{1}, ixb(ixRSAAcc)))),
			ixOK("version 2: reported as read (the state machine lowers it to 1)", vectors.Make("payload", withVersion([]byte{2})), "VersionAboveOne"),
			ixOK("version 247, the largest one-byte value", vectors.Make("payload", withVersion([]byte{0xf7})), "VersionAboveOne", "OneByteRange"),
		)},
		{Type: "RequestAdd2Decode", Comment: "maxProtocolVersion: one raw byte on write, any IxiVarUInt on read", Cases: ixCases(
			ixSoso("version 0", category.Version, vectors.Make("payload", withVersion([]byte{0})), "VersionRule"),
			ixSoso("version 248 (fc f8 00): no longer one byte", category.Version, vectors.Make("payload", withVersion(ixHex("fcf800"))), "VersionRule"),
			ixSoso("version 1 written fc 01 00", category.NonMinimalVarint, vectors.Make("payload", withVersion(ixHex("fc0100"))), "NonMinimalVarint"),
			ixSoso("version 2^31 (fd 00 00 00 80): the C# int cast gives -2147483648", category.Version, vectors.Make("payload", withVersion(ixHex("fd00000080"))), "VersionRule", "CSharpIntCast"),
			ixSoso("version 2^32+1 (fe 01 00 00 00 01 00 00 00): the C# int cast gives 1", category.Version, vectors.Make("payload", withVersion(ixHex("fe0100000001000000"))), "VersionRule", "CSharpIntCast"),
			ixBad("version f8 01 00: a signed prefix", category.NegativeLength, vectors.Make("payload", withVersion(ixHex("f80100"))), "SignedPrefix"),
			ixBad("version fb: a reserved prefix", category.InvalidVarint, vectors.Make("payload", withVersion(ixHex("fb"))), "ReservedPrefix"),
			ixBad("version ff: a reserved prefix", category.InvalidVarint, vectors.Make("payload", withVersion(ixHex("ff"))), "ReservedPrefix"),
		)},
		{Type: "RequestAdd2Decode", Comment: "the RSA public key", Cases: ixCases(append(keyCases,
			ixSoso("pubKey: its length written fd 10 02 00 00", category.NonMinimalVarint, vectors.Make("payload", ixReplace(f, 1, ixNonMinimalLen(ixRSAReq))), "NonMinimalVarint"),
			ixBad("pubKey: a length of 2^31", category.VarintOverflow, vectors.Make("payload", ixReplace(f, 1, ixCat(ixHex("fd00000080"), ixRSAReq))), "HugeLength"),
			ixBad("pubKey: a length written as the signed f8 10 02", category.NegativeLength, vectors.Make("payload", ixReplace(f, 1, ixCat(ixHex("f81002"), ixRSAReq))), "SignedPrefix"),
		)...)},
		{Type: "RequestAdd2Decode", Comment: "truncation at every field, and trailing bytes", Cases: ixCases(
			ixBad("empty payload", category.Truncated, vectors.Make("payload", []byte{}), "Truncated"),
			ixBad("the version byte only", category.Truncated, vectors.Make("payload", h.requestAdd2[:1]), "Truncated"),
			ixBad("cut inside pubKey's length (01 fc 10)", category.Truncated, vectors.Make("payload", h.requestAdd2[:3]), "Truncated"),
			ixBad("cut one byte before the end of pubKey", category.Truncated, vectors.Make("payload", h.requestAdd2[:len(h.requestAdd2)-1]), "Truncated"),
			ixSoso("one byte after pubKey", category.TrailingBytes, vectors.Make("payload", ixCat(h.requestAdd2, []byte{0})), "TrailingBytes"),
			ixSoso("a whole second pubKey after the first", category.TrailingBytes, vectors.Make("payload", ixCat(h.requestAdd2, ixb(ixRSAAcc))), "TrailingBytes"),
		)},
	}
}

func genIxRequestAdd2Encode() []Group {
	h := ixFixtures()[0]
	return []Group{{Type: "RequestAdd2Encode", Cases: ixCases(
		ixOK("hs66's requestAdd2", vectors.Make("maxProtocolVersion", 1, "pubKey", ixRSAReq), "CrossChecked", "Handshake").pins("payload", ixHex(h.cc.RequestAdd2)),
		ixOK("version 2", vectors.Make("maxProtocolVersion", 2, "pubKey", ixRSAReq)),
		ixOK("version 248 is still one raw byte, f8", vectors.Make("maxProtocolVersion", 248, "pubKey", ixRSAReq), "RawVersionByte"),
		ixOK("version 257: the C# (byte) cast writes 01", vectors.Make("maxProtocolVersion", 257, "pubKey", ixRSAReq), "RawVersionByte"),
		ixOK("version -1: the C# (byte) cast writes ff", vectors.Make("maxProtocolVersion", -1, "pubKey", ixRSAReq), "RawVersionByte"),
		ixOK("an empty pubKey is written as 00 (nothing is validated)", vectors.Make("maxProtocolVersion", 1, "pubKey", []byte{}), "NullIsEmpty"),
	)}}
}

// ixAcceptAdd2Fields splits an acceptAdd2 payload: version, rsaPubKey,
// ecdhPubKey, mlkemPubKey, aesSalt, the rest (capabilities).
func ixAcceptAdd2Fields(b []byte) [][]byte { return ixFields(b, 1, 4) }

// ixKeys2Fields splits a keys2 payload: ecdhPubKey, mlkemCiphertext,
// chachaSalt, the rest (capabilities).
func ixKeys2Fields(b []byte) [][]byte { return ixFields(b, 0, 3) }

// ixECDHFormCases are the ecdhPubKey forms a decoder checks, for a payload
// built by put from a key field's IxiBytes; scalar is the key's owner.
func ixECDHFormCases(put func(field []byte) []byte, compressed, scalar []byte) []ixc {
	pk := func(k []byte) vectors.Values { return vectors.Make("payload", put(ixb(k))) }
	return []ixc{
		ixSoso("ecdhPubKey uncompressed (04, 133 bytes)", category.FieldLength, pk(ixUncompressed(scalar, 4)), "UncompressedPoint"),
		ixSoso("ecdhPubKey hybrid (06/07 with Y's parity, 133 bytes)", category.FieldLength, pk(ixUncompressed(scalar, 6)), "HybridPoint"),
		ixBad("ecdhPubKey empty", category.EmptyField, pk(nil), "EmptyField"),
		ixBad("ecdhPubKey of 66 bytes (compressed, last byte cut)", category.FieldLength, pk(compressed[:66]), "PointLength"),
		ixBad("ecdhPubKey of 66 bytes (the bare X, no prefix)", category.FieldLength, pk(compressed[1:]), "PointLength"),
		ixBad("ecdhPubKey of 68 bytes (a zero byte appended)", category.FieldLength, pk(ixCat(compressed, []byte{0})), "PointLength"),
		ixBad("ecdhPubKey of 65 bytes (X stripped of its leading zero byte)", category.FieldLength, pk(ixCat(compressed[:1], compressed[2:])), "PointLength"),
		ixBad("ecdhPubKey: 67 bytes with prefix 04", category.InvalidPoint, pk(ixCat([]byte{4}, compressed[1:])), "PointPrefix"),
		ixBad("ecdhPubKey: 67 bytes with prefix 00", category.InvalidPoint, pk(ixCat([]byte{0}, compressed[1:])), "PointPrefix"),
		ixBad("ecdhPubKey: a lone 00, the point at infinity", category.InvalidPoint, pk([]byte{0}), "PointAtInfinity"),
	}
}

func genIxAcceptAdd2Decode() []Group {
	hs := ixFixtures()
	h := hs[0]
	f := ixAcceptAdd2Fields(h.acceptor.AcceptAdd2)
	put := func(i int) func([]byte) []byte { return func(b []byte) []byte { return ixReplace(f, i, b) } }
	in := func(b []byte) vectors.Values { return vectors.Make("payload", b) }
	var cc []Case
	for _, x := range hs {
		if ixHx(x.acceptor.AcceptAdd2) != x.cc.AcceptAdd2 {
			panic("vectorgen: acceptAdd2 differs from crosscheck.json")
		}
		cc = append(cc, ixOK(x.name+"'s acceptAdd2 (Spixi's capabilities, 63)", in(x.acceptor.AcceptAdd2), "CrossChecked", "Handshake").
			pins("version", 1, "rsaPubKey", ixHex(ixCC().RSA.Acceptor), "ecdhPubKey", ixHex(x.cc.AcceptorECDHPubKey),
				"mlkemPubKey", ixHex(x.cc.MLKEMPubKey), "aesSalt", x.aesSalt, "capabilities", 63, "capabilitiesPresent", true).c)
	}
	salt := func(n int) []byte { return ixRep(h.aesSalt, n) }
	caps := put(5)
	return []Group{
		{Type: "AcceptAdd2Decode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "AcceptAdd2Decode", Comment: "capabilities", Cases: ixCases(
			ixOK("capabilities 17 (QuIXI)", in(caps([]byte{17})), "Capabilities"),
			ixOK("capabilities 15 written explicitly", in(caps([]byte{15})), "Capabilities"),
			ixOK("capabilities 0", in(caps([]byte{0})), "Capabilities"),
			ixOK("capabilities 128: an unknown flag, kept", in(caps([]byte{0x80})), "Capabilities"),
			ixOK("capabilities 0xffff (fc ff ff): unknown flags, kept", in(caps(ixHex("fcffff"))), "Capabilities"),
			ixOK("capabilities 2^31-1 (fd ff ff ff 7f), the largest C# int", in(caps(ixHex("fdffffff7f"))), "Capabilities", "WidthBoundary"),
			ixSoso("no capabilities field (a sender before Ixian-Core 5c914e7): 15", category.MissingField, in(caps(nil)), "MissingCapabilities"),
			ixSoso("capabilities 2^31 (fd 00 00 00 80): the C# int cast gives -2147483648", category.VarintOverflow, in(caps(ixHex("fd00000080"))), "CSharpIntCast"),
			ixSoso("capabilities 2^32+63: the C# int cast gives 63", category.VarintOverflow, in(caps(ixHex("fe3f00000001000000"))), "CSharpIntCast"),
			ixSoso("capabilities 63 written fc 3f 00", category.NonMinimalVarint, in(caps(ixHex("fc3f00"))), "NonMinimalVarint"),
			ixBad("capabilities -1 as the signed encoder writes it (f8 01 00)", category.NegativeLength, in(caps(ixHex("f80100"))), "SignedEncoder"),
			ixBad("capabilities with the reserved prefix fb", category.InvalidVarint, in(caps(ixHex("fb"))), "ReservedPrefix"),
			ixBad("capabilities cut after fc", category.Truncated, in(caps(ixHex("fc"))), "Truncated"),
			ixBad("capabilities cut after fc 3f", category.Truncated, in(caps(ixHex("fc3f"))), "Truncated"),
			ixSoso("one byte after capabilities", category.TrailingBytes, in(caps([]byte{63, 0})), "TrailingBytes"),
			ixSoso("a second capabilities field", category.TrailingBytes, in(caps([]byte{63, 63})), "TrailingBytes"),
		)},
		{Type: "AcceptAdd2Decode", Comment: "version", Cases: ixCases(
			ixSoso("version 0", category.Version, in(put(0)([]byte{0})), "VersionRule"),
			ixSoso("version 2: not a version this protocol defines", category.Version, in(put(0)([]byte{2})), "VersionRule"),
			ixSoso("version 1 written fc 01 00", category.NonMinimalVarint, in(put(0)(ixHex("fc0100"))), "NonMinimalVarint"),
			ixSoso("version 2^32+1: the C# int cast gives 1", category.Version, in(put(0)(ixHex("fe0100000001000000"))), "VersionRule", "CSharpIntCast"),
			ixBad("version f8 01 00: a signed prefix", category.NegativeLength, in(put(0)(ixHex("f80100"))), "SignedPrefix"),
		)},
		{Type: "AcceptAdd2Decode", Comment: "aesSalt", Cases: ixCases(
			ixSoso("aesSalt empty (00): null, HKDF uses 64 zero bytes", category.SaltLength, in(put(4)([]byte{0})), "SaltLength", "EmptySalt"),
			ixSoso("aesSalt of 31 bytes", category.SaltLength, in(put(4)(ixb(salt(31)))), "SaltLength"),
			ixSoso("aesSalt of 33 bytes", category.SaltLength, in(put(4)(ixb(salt(33)))), "SaltLength"),
			ixSoso("aesSalt of 64 bytes", category.SaltLength, in(put(4)(ixb(salt(64)))), "SaltLength"),
			ixSoso("aesSalt's length written fc 20 00", category.NonMinimalVarint, in(put(4)(ixNonMinimalLen(h.aesSalt))), "NonMinimalVarint"),
		)},
		{Type: "AcceptAdd2Decode", Comment: "ecdhPubKey (only its form: whether it is a curve point is ECDH's check)", Cases: ixCases(
			ixECDHFormCases(put(2), h.acceptor.ECDHPubKey, h.acceptorScalar)...)},
		{Type: "AcceptAdd2Decode", Comment: "mlkemPubKey (only its length: the coefficients are checked at encapsulation)", Cases: ixCases(
			ixBad("mlkemPubKey empty", category.EmptyField, in(put(3)([]byte{0})), "EmptyField"),
			ixBad("mlkemPubKey of 1567 bytes", category.FieldLength, in(put(3)(ixb(h.acceptor.MLKEMPubKey[:1567]))), "MLKEMLength"),
			ixBad("mlkemPubKey of 1569 bytes", category.FieldLength, in(put(3)(ixb(ixCat(h.acceptor.MLKEMPubKey, []byte{0})))), "MLKEMLength"),
			ixBad("mlkemPubKey of 1184 bytes (an ML-KEM-768 key's size)", category.FieldLength, in(put(3)(ixb(h.acceptor.MLKEMPubKey[:1184]))), "MLKEMLength"),
			ixSoso("mlkemPubKey's length written fd 20 06 00 00", category.NonMinimalVarint, in(put(3)(ixNonMinimalLen(h.acceptor.MLKEMPubKey))), "NonMinimalVarint"),
		)},
		{Type: "AcceptAdd2Decode", Comment: "rsaPubKey", Cases: ixCases(ixRSAKeyCases("rsaPubKey", ixRSAAcc, func(k []byte) []byte { return put(1)(ixb(k)) })...)},
		{Type: "AcceptAdd2Decode", Comment: "truncation at every field", Cases: ixCases(
			ixBad("empty payload", category.Truncated, in([]byte{}), "Truncated"),
			ixBad("the version byte only", category.Truncated, in(ixCat(f[0])), "Truncated"),
			ixBad("cut inside rsaPubKey's length", category.Truncated, in(ixCat(f[0], f[1][:2])), "Truncated"),
			ixBad("cut inside rsaPubKey", category.Truncated, in(ixCat(f[0], f[1][:100])), "Truncated"),
			ixBad("cut after rsaPubKey", category.Truncated, in(ixCat(f[0], f[1])), "Truncated"),
			ixBad("cut inside ecdhPubKey", category.Truncated, in(ixCat(f[0], f[1], f[2][:67])), "Truncated"),
			ixBad("cut after ecdhPubKey", category.Truncated, in(ixCat(f[0], f[1], f[2])), "Truncated"),
			ixBad("cut inside mlkemPubKey's length", category.Truncated, in(ixCat(f[0], f[1], f[2], f[3][:2])), "Truncated"),
			ixBad("cut inside mlkemPubKey", category.Truncated, in(ixCat(f[0], f[1], f[2], f[3][:1570])), "Truncated"),
			ixBad("cut after mlkemPubKey", category.Truncated, in(ixCat(f[0], f[1], f[2], f[3])), "Truncated"),
			ixBad("cut inside aesSalt", category.Truncated, in(ixCat(f[0], f[1], f[2], f[3], f[4][:32])), "Truncated"),
		)},
	}
}

func genIxAcceptAdd2Encode() []Group {
	hs := ixFixtures()
	var cc []Case
	for _, x := range hs {
		cc = append(cc, ixOK(x.name+"'s acceptAdd2", vectors.Make("version", 1, "rsaPubKey", ixRSAAcc, "ecdhPubKey", ixHex(x.cc.AcceptorECDHPubKey),
			"mlkemPubKey", ixHex(x.cc.MLKEMPubKey), "aesSalt", x.aesSalt, "capabilities", 63), "CrossChecked", "Handshake").
			pins("payload", ixHex(x.cc.AcceptAdd2)).c)
	}
	h := hs[0]
	base := vectors.Make("version", 1, "rsaPubKey", ixRSAAcc, "ecdhPubKey", h.acceptor.ECDHPubKey, "mlkemPubKey", h.acceptor.MLKEMPubKey, "aesSalt", h.aesSalt, "capabilities", 63)
	return []Group{
		{Type: "AcceptAdd2Encode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "AcceptAdd2Encode", Comment: "what the writer does with unusual values (nothing is validated)", Cases: ixCases(
			ixOK("capabilities 17 (QuIXI)", base.With("capabilities", 17), "Capabilities"),
			ixOK("capabilities 248: fc f8 00", base.With("capabilities", 248), "Capabilities", "OneByteRange"),
			ixOK("capabilities -1: the signed encoder writes f8 01 00, which no reader accepts", base.With("capabilities", -1), "SignedEncoder"),
			ixOK("capabilities -2^31, the smallest C# int: f9 00 00 00 80", base.With("capabilities", -2147483648), "SignedEncoder"),
			ixOK("version 257: the C# (byte) cast writes 01", base.With("version", 257), "RawVersionByte"),
			ixOK("an empty aesSalt is written as 00", base.With("aesSalt", []byte{}), "NullIsEmpty"),
		)},
	}
}

func genIxKeys2Decode() []Group {
	hs := ixFixtures()
	h := hs[0]
	keys2 := h.requester.Keys2
	f := ixKeys2Fields(keys2)
	put := func(i int) func([]byte) []byte { return func(b []byte) []byte { return ixReplace(f, i, b) } }
	in := func(b []byte) vectors.Values { return vectors.Make("payload", b) }
	var cc []Case
	for _, x := range hs {
		if ixHx(x.requester.Keys2) != x.cc.Keys2 {
			panic("vectorgen: keys2 differs from crosscheck.json")
		}
		cc = append(cc, ixOK(x.name+"'s keys2 (QuIXI's capabilities, 17)", in(x.requester.Keys2), "CrossChecked", "Handshake").
			pins("ecdhPubKey", ixHex(x.cc.RequesterECDHPubKey), "mlkemCiphertext", ixHex(x.cc.MLKEMCiphertext), "chachaSalt", x.chachaSalt,
				"capabilities", 17, "capabilitiesPresent", true).c)
	}
	salt := func(n int) []byte { return ixRep(h.chachaSalt, n) }
	ct := h.requester.MLKEMCiphertext
	return []Group{
		{Type: "Keys2Decode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "Keys2Decode", Comment: "capabilities", Cases: ixCases(
			ixOK("capabilities 63 (Spixi)", in(put(3)([]byte{63})), "Capabilities"),
			ixSoso("no capabilities field: 15", category.MissingField, in(put(3)(nil)), "MissingCapabilities"),
			ixSoso("capabilities 2^31: the C# int cast gives -2147483648", category.VarintOverflow, in(put(3)(ixHex("fd00000080"))), "CSharpIntCast"),
			ixBad("capabilities -1 as the signed encoder writes it (f8 01 00)", category.NegativeLength, in(put(3)(ixHex("f80100"))), "SignedEncoder"),
			ixBad("capabilities cut after fd", category.Truncated, in(put(3)(ixHex("fd"))), "Truncated"),
			ixSoso("one byte after capabilities", category.TrailingBytes, in(put(3)([]byte{17, 0})), "TrailingBytes"),
		)},
		{Type: "Keys2Decode", Comment: "chachaSalt", Cases: ixCases(
			ixSoso("chachaSalt empty (00)", category.SaltLength, in(put(2)([]byte{0})), "SaltLength", "EmptySalt"),
			ixSoso("chachaSalt of 31 bytes", category.SaltLength, in(put(2)(ixb(salt(31)))), "SaltLength"),
			ixSoso("chachaSalt of 33 bytes", category.SaltLength, in(put(2)(ixb(salt(33)))), "SaltLength"),
			ixSoso("chachaSalt of 64 bytes", category.SaltLength, in(put(2)(ixb(salt(64)))), "SaltLength"),
		)},
		{Type: "Keys2Decode", Comment: "ecdhPubKey (only its form)", Cases: ixCases(ixECDHFormCases(put(0), h.requester.ECDHPubKey, h.requesterScalar)...)},
		{Type: "Keys2Decode", Comment: "mlkemCiphertext", Cases: ixCases(
			ixBad("mlkemCiphertext empty", category.EmptyField, in(put(1)([]byte{0})), "EmptyField"),
			ixBad("mlkemCiphertext of 1567 bytes", category.FieldLength, in(put(1)(ixb(ct[:1567]))), "MLKEMLength"),
			ixBad("mlkemCiphertext of 1569 bytes", category.FieldLength, in(put(1)(ixb(ixCat(ct, []byte{0})))), "MLKEMLength"),
			ixBad("mlkemCiphertext of 1088 bytes (an ML-KEM-768 ciphertext's size)", category.FieldLength, in(put(1)(ixb(ct[:1088]))), "MLKEMLength"),
			ixSoso("mlkemCiphertext's length written fd 20 06 00 00", category.NonMinimalVarint, in(put(1)(ixNonMinimalLen(ct))), "NonMinimalVarint"),
		)},
		{Type: "Keys2Decode", Comment: "truncation at every field", Cases: ixCases(
			ixBad("empty payload", category.Truncated, in([]byte{}), "Truncated"),
			ixBad("cut inside ecdhPubKey", category.Truncated, in(f[0][:40]), "Truncated"),
			ixBad("cut after ecdhPubKey", category.Truncated, in(f[0]), "Truncated"),
			ixBad("cut inside mlkemCiphertext's length", category.Truncated, in(ixCat(f[0], f[1][:1])), "Truncated"),
			ixBad("cut inside mlkemCiphertext", category.Truncated, in(ixCat(f[0], f[1][:800])), "Truncated"),
			ixBad("cut after mlkemCiphertext", category.Truncated, in(ixCat(f[0], f[1])), "Truncated"),
			ixBad("cut inside chachaSalt", category.Truncated, in(ixCat(f[0], f[1], f[2][:1])), "Truncated"),
		)},
	}
}

func genIxKeys2Encode() []Group {
	hs := ixFixtures()
	var cc []Case
	for _, x := range hs {
		cc = append(cc, ixOK(x.name+"'s keys2", vectors.Make("ecdhPubKey", ixHex(x.cc.RequesterECDHPubKey), "mlkemCiphertext", ixHex(x.cc.MLKEMCiphertext),
			"chachaSalt", x.chachaSalt, "capabilities", 17), "CrossChecked", "Handshake").pins("payload", ixHex(x.cc.Keys2)).c)
	}
	h := hs[0]
	base := vectors.Make("ecdhPubKey", h.requester.ECDHPubKey, "mlkemCiphertext", h.requester.MLKEMCiphertext, "chachaSalt", h.chachaSalt, "capabilities", 17)
	return []Group{
		{Type: "Keys2Encode", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "Keys2Encode", Cases: ixCases(
			ixOK("capabilities 0", base.With("capabilities", 0), "Capabilities"),
			ixOK("capabilities -5: f8 05 00", base.With("capabilities", -5), "SignedEncoder"),
			ixOK("a 64-byte chachaSalt is written as it is", base.With("chachaSalt", ixRep(h.chachaSalt, 64)), "SaltLength"),
		)},
	}
}

// ixFrame builds a SpixiMessage frame from raw parts.
func ixFrame(typ, length int32, parts ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(typ))
	b = binary.LittleEndian.AppendUint32(b, uint32(length))
	return ixCat(append([][]byte{b}, parts...)...)
}

func le32(v int32) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

func genIxSpixiDecode() []Group {
	hs := ixFixtures()
	h := hs[0]
	in := func(b []byte) vectors.Values { return vectors.Make("frame", b) }
	var cc []ixc
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
		if ixHx(x.frame) != x.want {
			panic("vectorgen: " + x.name + " differs from crosscheck.json")
		}
		cc = append(cc, ixOK(x.name, in(x.frame), "CrossChecked", "Handshake").
			pins("type", x.code, "data", x.data, "channel", 0, "groupAddress", []byte{}, "groupSenderAddress", []byte{}))
	}
	for _, x := range hs {
		if ixHx(x.chatPT) != x.cc.Chat.Plaintext {
			panic("vectorgen: chat frame differs from crosscheck.json")
		}
		cc = append(cc, ixOK(x.name+"'s chat frame", in(x.chatPT), "CrossChecked").
			pins("type", 0, "data", []byte("Hello from pqhs ("+x.name+")"), "channel", 0))
	}
	data := []byte("hi")
	group := ixRep([]byte{0x01, 0x9a}, 45) // a 45-byte address-like value
	whole := ixFrame(41, 2, data, le32(0), ixb(group), ixb(group[:20]))
	return []Group{
		{Type: "SpixiMessageDecode", Comment: "frames of the handshakes of crosscheck/ixian.mjs", Cases: ixCases(cc...)},
		{Type: "SpixiMessageDecode", Comment: "other well-formed frames", Cases: ixCases(
			ixOK("group fields of 45 and 20 bytes", in(whole), "GroupFields"),
			ixOK("channel 7 and type msgReceived (9) confirming id 02", in(ixFrame(9, 1, []byte{2}, le32(7), []byte{0}, []byte{0}))),
			ixOK("type -1 and channel -1: C# ints", in(ixFrame(-1, 0, le32(-1), []byte{0}, []byte{0})), "Int32Fields"),
			ixOK("no data (length 0)", in(ixFrame(42, 0, le32(0), []byte{0}, []byte{0}))),
		)},
		{Type: "SpixiMessageDecode", Comment: "what Ixian-Core tolerates without an error", Cases: ixCases(
			ixSoso("data length 3 with 2 bytes left: the 2 bytes are the data", category.Truncated, in(ixFrame(41, 3, data)), "DataShort"),
			ixSoso("data length 100 with the whole tail of a frame after it: the tail is the data", category.Truncated, in(ixFrame(41, 100, data, le32(0), []byte{0}, []byte{0})), "DataShort"),
			ixSoso("the frame ends after data: channel 0, no group fields", category.MissingField, in(ixFrame(41, 2, data)), "MissingChannel"),
			ixSoso("the frame ends after channel: no group fields", category.MissingField, in(ixFrame(41, 2, data, le32(5))), "MissingGroupFields"),
			ixSoso("one byte after groupSenderAddress", category.TrailingBytes, in(ixCat(whole, []byte{0})), "TrailingBytes"),
			ixSoso("groupAddress's length written fc 2d 00", category.NonMinimalVarint, in(ixFrame(41, 2, data, le32(0), ixNonMinimalLen(group), []byte{0})), "NonMinimalVarint"),
		)},
		{Type: "SpixiMessageDecode", Comment: "errors Ixian-Core swallows: it yields type 0, no data, channel 0 (and keeps a groupAddress it has read)", Cases: ixCases(
			ixSoso("an empty frame", category.Truncated, in([]byte{}), "SwallowedError", "Truncated"),
			ixSoso("three bytes: type cut", category.Truncated, in(ixHex("290000")), "SwallowedError", "Truncated"),
			ixSoso("six bytes: data length cut", category.Truncated, in(ixHex("290000000200")), "SwallowedError", "Truncated"),
			ixSoso("data length -1", category.NegativeLength, in(ixFrame(41, -1, data, le32(0), []byte{0}, []byte{0})), "SwallowedError", "NegativeLength"),
			ixSoso("data length -2^31", category.NegativeLength, in(ixFrame(41, -1<<31, data)), "SwallowedError", "NegativeLength"),
			ixSoso("channel cut after 3 bytes", category.Truncated, in(ixFrame(41, 2, data, ixHex("000000"))), "SwallowedError", "Truncated"),
			ixSoso("channel cut after 1 byte", category.Truncated, in(ixFrame(41, 2, data, ixHex("00"))), "SwallowedError", "Truncated"),
			ixSoso("groupAddress cut inside its bytes", category.Truncated, in(ixFrame(41, 2, data, le32(0), ixb(group)[:10])), "SwallowedError", "Truncated"),
			ixSoso("groupAddress present, groupSenderAddress absent: the read groupAddress is kept", category.Truncated, in(ixFrame(41, 2, data, le32(0), ixb(group))), "SwallowedError", "Truncated"),
			ixSoso("groupSenderAddress cut inside its bytes: the read groupAddress is kept", category.Truncated, in(ixFrame(41, 2, data, le32(0), ixb(group), ixb(group)[:5])), "SwallowedError", "Truncated"),
			ixSoso("groupAddress's length with a signed prefix (f8 01 00)", category.NegativeLength, in(ixFrame(41, 2, data, le32(0), ixHex("f80100"), []byte{0})), "SwallowedError", "SignedPrefix"),
			ixSoso("groupAddress's length with the reserved prefix ff", category.InvalidVarint, in(ixFrame(41, 2, data, le32(0), ixHex("ff"), []byte{0})), "SwallowedError", "ReservedPrefix"),
			ixSoso("groupSenderAddress's length 2^31", category.VarintOverflow, in(ixFrame(41, 2, data, le32(0), []byte{0}, ixHex("fd00000080"))), "SwallowedError", "HugeLength"),
		)},
	}
}

func genIxSpixiEncode() []Group {
	hs := ixFixtures()
	h := hs[0]
	frame := func(typ int32, data []byte) vectors.Values {
		return vectors.Make("type", typ, "data", data, "channel", 0, "groupAddress", []byte{}, "groupSenderAddress", []byte{})
	}
	var cc []Case
	cc = append(cc,
		ixOK("hs66's requestAdd2", frame(40, h.requestAdd2), "CrossChecked", "Handshake").pins("frame", ixHex(h.cc.RequestAdd2Frame)).c,
		ixOK("hs66's acceptAdd2", frame(41, h.acceptor.AcceptAdd2), "CrossChecked", "Handshake").pins("frame", ixHex(h.cc.AcceptAdd2Frame)).c,
		ixOK("hs66's keys2", frame(42, h.requester.Keys2), "CrossChecked", "Handshake").pins("frame", ixHex(h.cc.Keys2Frame)).c,
	)
	for _, x := range hs {
		cc = append(cc, ixOK(fmt.Sprintf("%s's chat message", x.name), frame(0, []byte("Hello from pqhs ("+x.name+")")), "CrossChecked").
			pins("frame", ixHex(x.cc.Chat.Plaintext)).c)
	}
	group := ixRep([]byte{0x01, 0x9a}, 45)
	return []Group{
		{Type: "SpixiMessageEncode", Comment: "frames of the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "SpixiMessageEncode", Cases: ixCases(
			ixOK("group fields of 45 and 20 bytes", vectors.Make("type", 0, "data", []byte("hi"), "channel", 0, "groupAddress", group, "groupSenderAddress", group[:20]), "GroupFields"),
			ixOK("type -1 and channel -2: two's complement", vectors.Make("type", -1, "data", []byte{}, "channel", -2, "groupAddress", []byte{}, "groupSenderAddress", []byte{}), "Int32Fields"),
			ixOK("empty data: length 0", frame(9, []byte{})),
		)},
	}
}
