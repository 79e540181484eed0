package vectorgen

// The Ixian wire encodings: IxiVarInt, IxiBytes and the StreamMessage
// additional data.

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	Register(&Generator{Family: vectors.IxianIxiVarUIntDecode, Notes: ixNotes, Groups: genIxVarUIntDecode})
	Register(&Generator{Family: vectors.IxianIxiVarIntDecode, Notes: ixNotes, Groups: genIxVarIntDecode})
	Register(&Generator{Family: vectors.IxianIxiVarUIntEncode, Notes: ixNotes, Groups: genIxVarUIntEncode})
	Register(&Generator{Family: vectors.IxianIxiVarIntEncode, Notes: ixNotes, Groups: genIxVarIntEncode})
	Register(&Generator{Family: vectors.IxianIxiBytesDecode, Notes: ixNotes, Groups: genIxBytesDecode,
		Header: []string{"The cross-checked values are detrand bytes drawn under ixian/unit/ixibytes/<length>, as crosscheck/ixian.mjs draws them."}})
	Register(&Generator{Family: vectors.IxianIxiBytesEncode, Notes: ixNotes, Groups: genIxBytesEncode,
		Header: []string{"The cross-checked values are detrand bytes drawn under ixian/unit/ixibytes/<length>, as crosscheck/ixian.mjs draws them."}})
	Register(&Generator{Family: vectors.IxianStreamMessageAdditionalData, Notes: ixNotes, Groups: genIxAAD})
}

// ixVarintFlags names the boundary a cross-checked value sits on.
func ixVarintFlags(value string) []string {
	flags := []string{"CrossChecked"}
	switch value {
	case "247", "248", "-247", "-248":
		flags = append(flags, "OneByteRange")
	case "0", "1", "-1", "-5", "252", "255", "256":
	default:
		flags = append(flags, "WidthBoundary")
	}
	return flags
}

func genIxVarUIntDecode() []Group {
	var cc []Case
	for _, v := range ixCC().VarUInt {
		data := ixHex(v.Data)
		cc = append(cc, ixOK("the encoding of "+v.Value+": "+v.Data, vectors.Make("data", data), ixVarintFlags(v.Value)...).
			pins("value", v.Value, "length", len(data), "minimal", true).c)
	}
	return []Group{
		{Type: "IxiVarUIntDecode", Comment: "shortest forms at every width boundary, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiVarUIntDecode", Comment: "the decoder reads one varint and leaves the rest", Cases: ixCases(
			ixOK("00 followed by ff: 0, one byte read", vectors.Make("data", ixHex("00ff")), "ReadsOneVarint"),
			ixOK("fc f8 00 followed by 01: 248, three bytes read", vectors.Make("data", ixHex("fcf80001")), "ReadsOneVarint"),
		)},
		{Type: "IxiVarUIntDecode", Comment: "non-minimal encodings: Ixian-Core reads them, the strict profile refuses them", Cases: ixCases(
			ixSoso("fc 00 00: 0 in three bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fc0000")), "NonMinimalVarint"),
			ixSoso("fc 05 00: 5 in three bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fc0500")), "NonMinimalVarint"),
			ixSoso("fc f7 00: 247, the largest one-byte value, in three bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fcf700")), "NonMinimalVarint", "OneByteRange"),
			ixSoso("fd ff ff 00 00: 65535 in five bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fdffff0000")), "NonMinimalVarint", "WidthBoundary"),
			ixSoso("fd 00 00 00 00: 0 in five bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fd00000000")), "NonMinimalVarint"),
			ixSoso("fe ff ff ff ff 00 00 00 00: 2^32-1 in nine bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("feffffffff00000000")), "NonMinimalVarint", "WidthBoundary"),
			ixSoso("fe 01 00 00 00 00 00 00 00: 1 in nine bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fe0100000000000000")), "NonMinimalVarint"),
		)},
		{Type: "IxiVarUIntDecode", Comment: "prefixes an unsigned reader refuses", Cases: ixCases(
			ixBad("f8 01 00: the signed encoding of -1", category.NegativeLength, vectors.Make("data", ixHex("f80100")), "SignedPrefix"),
			ixBad("f9 00 00 01 00: the signed encoding of -65536", category.NegativeLength, vectors.Make("data", ixHex("f900000100")), "SignedPrefix"),
			ixBad("fa 00 00 00 00 01 00 00 00: the signed encoding of -2^32", category.NegativeLength, vectors.Make("data", ixHex("fa0000000001000000")), "SignedPrefix"),
			ixBad("a lone f8: the prefix class is refused before the payload is read", category.NegativeLength, vectors.Make("data", ixHex("f8")), "SignedPrefix"),
			ixBad("fb with eight bytes after it", category.InvalidVarint, vectors.Make("data", ixHex("fb0100000000000000")), "ReservedPrefix"),
			ixBad("a lone fb", category.InvalidVarint, vectors.Make("data", ixHex("fb")), "ReservedPrefix"),
			ixBad("ff with eight bytes after it", category.InvalidVarint, vectors.Make("data", ixHex("ffffffffffffffffff")), "ReservedPrefix"),
		)},
		{Type: "IxiVarUIntDecode", Comment: "input that ends inside the varint", Cases: ixCases(
			ixBad("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			ixBad("a lone fc", category.Truncated, vectors.Make("data", ixHex("fc")), "Truncated"),
			ixBad("fc and one of its two bytes", category.Truncated, vectors.Make("data", ixHex("fcf8")), "Truncated"),
			ixBad("a lone fd", category.Truncated, vectors.Make("data", ixHex("fd")), "Truncated"),
			ixBad("fd and three of its four bytes", category.Truncated, vectors.Make("data", ixHex("fd000001")), "Truncated"),
			ixBad("a lone fe", category.Truncated, vectors.Make("data", ixHex("fe")), "Truncated"),
			ixBad("fe and seven of its eight bytes", category.Truncated, vectors.Make("data", ixHex("fe00000000010000")), "Truncated"),
		)},
	}
}

func genIxVarIntDecode() []Group {
	var cc []Case
	for _, v := range ixCC().VarInt {
		data := ixHex(v.Data)
		cc = append(cc, ixOK("the encoding of "+v.Value+": "+v.Data, vectors.Make("data", data), ixVarintFlags(v.Value)...).
			pins("value", v.Value, "length", len(data), "minimal", true).c)
	}
	return []Group{
		{Type: "IxiVarIntDecode", Comment: "shortest forms at every width boundary, both signs, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiVarIntDecode", Comment: "the decoder reads one varint and leaves the rest", Cases: ixCases(
			ixOK("f8 01 00 followed by ff: -1, three bytes read", vectors.Make("data", ixHex("f80100ff")), "ReadsOneVarint"),
		)},
		{Type: "IxiVarIntDecode", Comment: "non-minimal encodings: Ixian-Core reads them, the strict profile refuses them", Cases: ixCases(
			ixSoso("f8 00 00: negative zero, read as 0", category.NonMinimalVarint, vectors.Make("data", ixHex("f80000")), "NonMinimalVarint", "NegativeZero"),
			ixSoso("f9 00 00 00 00: negative zero in five bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("f900000000")), "NonMinimalVarint", "NegativeZero"),
			ixSoso("fc 05 00: 5 in three bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fc0500")), "NonMinimalVarint"),
			ixSoso("f9 ff ff 00 00: -65535 in five bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("f9ffff0000")), "NonMinimalVarint", "WidthBoundary"),
			ixSoso("fa ff ff ff ff 00 00 00 00: -(2^32-1) in nine bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("faffffffff00000000")), "NonMinimalVarint", "WidthBoundary"),
			ixSoso("fd 05 00 00 00: 5 in five bytes", category.NonMinimalVarint, vectors.Make("data", ixHex("fd05000000")), "NonMinimalVarint"),
		)},
		{Type: "IxiVarIntDecode", Comment: "values outside int64", Cases: ixCases(
			ixBad("fe 00 00 00 00 00 00 00 80: 2^63", category.VarintOverflow, vectors.Make("data", ixHex("fe0000000000000080")), "Int64Range"),
			ixBad("fe ff ff ff ff ff ff ff ff: 2^64-1", category.VarintOverflow, vectors.Make("data", ixHex("feffffffffffffffff")), "Int64Range"),
			ixBad("fa 01 00 00 00 00 00 00 80: -(2^63+1)", category.VarintOverflow, vectors.Make("data", ixHex("fa0100000000000080")), "Int64Range"),
			ixBad("fa ff ff ff ff ff ff ff ff: -(2^64-1)", category.VarintOverflow, vectors.Make("data", ixHex("faffffffffffffffff")), "Int64Range"),
		)},
		{Type: "IxiVarIntDecode", Comment: "reserved prefixes", Cases: ixCases(
			ixBad("a lone fb", category.InvalidVarint, vectors.Make("data", ixHex("fb")), "ReservedPrefix"),
			ixBad("ff with eight bytes after it", category.InvalidVarint, vectors.Make("data", ixHex("ff0100000000000000")), "ReservedPrefix"),
		)},
		{Type: "IxiVarIntDecode", Comment: "input that ends inside the varint", Cases: ixCases(
			ixBad("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			ixBad("a lone f8", category.Truncated, vectors.Make("data", ixHex("f8")), "Truncated"),
			ixBad("f8 and one of its two bytes", category.Truncated, vectors.Make("data", ixHex("f801")), "Truncated"),
			ixBad("f9 and three of its four bytes", category.Truncated, vectors.Make("data", ixHex("f9000001")), "Truncated"),
			ixBad("fa and seven of its eight bytes", category.Truncated, vectors.Make("data", ixHex("fa00000000000000")), "Truncated"),
			ixBad("fc and one of its two bytes", category.Truncated, vectors.Make("data", ixHex("fcff")), "Truncated"),
			ixBad("a lone fd", category.Truncated, vectors.Make("data", ixHex("fd")), "Truncated"),
			ixBad("fe and four of its eight bytes", category.Truncated, vectors.Make("data", ixHex("fe00000000")), "Truncated"),
		)},
	}
}

func genIxVarUIntEncode() []Group {
	var cc []Case
	for _, v := range ixCC().VarUInt {
		cc = append(cc, ixOK("encode "+v.Value, vectors.Make("value", v.Value), ixVarintFlags(v.Value)...).pins("data", ixHex(v.Data)).c)
	}
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	return []Group{
		{Type: "IxiVarUIntEncode", Comment: "every width boundary, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiVarUIntEncode", Comment: "values an unsigned varint cannot hold", Cases: ixCases(
			ixBad("-1", category.VarintOverflow, vectors.Make("value", "-1"), "ValueRange"),
			ixBad("2^64", category.VarintOverflow, vectors.Make("value", two64.String()), "ValueRange"),
		)},
	}
}

func genIxVarIntEncode() []Group {
	var cc []Case
	for _, v := range ixCC().VarInt {
		flags := ixVarintFlags(v.Value)
		if v.Value[0] == '-' {
			flags = append(flags, "NegativeNeverOneByte")
		}
		cc = append(cc, ixOK("encode "+v.Value, vectors.Make("value", v.Value), flags...).pins("data", ixHex(v.Data)).c)
	}
	two63 := new(big.Int).Lsh(big.NewInt(1), 63)
	return []Group{
		{Type: "IxiVarIntEncode", Comment: "every width boundary, both signs, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiVarIntEncode", Comment: "values a signed varint cannot hold", Cases: ixCases(
			ixBad("2^63", category.VarintOverflow, vectors.Make("value", two63.String()), "ValueRange"),
			ixBad("-2^63-1", category.VarintOverflow, vectors.Make("value", new(big.Int).Neg(new(big.Int).Add(two63, big.NewInt(1))).String()), "ValueRange"),
		)},
	}
}

// ixUnitBytes are the IxiBytes values of the cross-check.
func ixUnitBytes(n int) []byte {
	return detrand.Bytes("ixian/unit/ixibytes/"+strconv.Itoa(n), n)
}

func genIxBytesDecode() []Group {
	var cc []Case
	for _, x := range ixCC().IxiBytes {
		if x.Data == "" {
			continue // 64 KiB values: the varint files cover those widths
		}
		data := ixHex(x.Data)
		cc = append(cc, ixOK(fmt.Sprintf("a %d-byte value drawn under ixian/unit/ixibytes/%d", x.Length, x.Length), vectors.Make("data", data), ixVarintFlags(strconv.Itoa(x.Length))...).
			pins("value", data[len(x.Prefix)/2:], "length", len(data)).c)
	}
	v := ixUnitBytes(1)
	return []Group{
		{Type: "IxiBytesDecode", Comment: "lengths at the one-byte boundary and after it, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiBytesDecode", Cases: ixCases(
			ixOK("00: null, read as empty", vectors.Make("data", ixHex("00")), "NullIsEmpty"),
			ixOK("two bytes followed by two more: the decoder reads one field", vectors.Make("data", ixHex("0201020304")), "ReadsOneVarint"),
			ixSoso("a length of 2 written fc 02 00", category.NonMinimalVarint, vectors.Make("data", ixHex("fc02000102")), "NonMinimalVarint"),
			ixSoso("a length of 1 written fe 01 00 00 00 00 00 00 00", category.NonMinimalVarint, vectors.Make("data", ixCat(ixHex("fe0100000000000000"), v)), "NonMinimalVarint"),
		)},
		{Type: "IxiBytesDecode", Comment: "lengths the decoder must refuse before reading or allocating", Cases: ixCases(
			ixBad("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			ixBad("a length of 5 with 4 bytes after it", category.Truncated, vectors.Make("data", ixHex("0501020304")), "Truncated"),
			ixBad("a length of 256 with 255 bytes after it", category.Truncated, vectors.Make("data", ixCat(ixHex("fc0001"), ixRep([]byte{0xa5}, 255))), "Truncated"),
			ixBad("the length cut inside its prefix: fc 00", category.Truncated, vectors.Make("data", ixHex("fc00")), "Truncated"),
			ixBad("a length of 2^31-1 with 2 bytes after it", category.Truncated, vectors.Make("data", ixHex("fdffffff7f0102")), "Truncated", "HugeLength"),
			ixBad("a length of 2^31: above a C# int", category.VarintOverflow, vectors.Make("data", ixHex("fd000000800102")), "HugeLength"),
			ixBad("a length of 2^64-1", category.VarintOverflow, vectors.Make("data", ixHex("feffffffffffffffff0102")), "HugeLength"),
			ixBad("a length written as the signed -1 (f8 01 00)", category.NegativeLength, vectors.Make("data", ixHex("f801000102")), "SignedPrefix"),
			ixBad("a length with the reserved prefix fb", category.InvalidVarint, vectors.Make("data", ixHex("fb0200000000000000")), "ReservedPrefix"),
			ixBad("a length with the reserved prefix ff", category.InvalidVarint, vectors.Make("data", ixHex("ff0200")), "ReservedPrefix"),
		)},
	}
}

func genIxBytesEncode() []Group {
	var cc []Case
	for _, x := range ixCC().IxiBytes {
		if x.Data == "" {
			continue
		}
		cc = append(cc, ixOK(fmt.Sprintf("a %d-byte value", x.Length), vectors.Make("value", ixUnitBytes(x.Length)), ixVarintFlags(strconv.Itoa(x.Length))...).
			pins("data", ixHex(x.Data)).
			drew("value", "ixian/unit/ixibytes/"+strconv.Itoa(x.Length)).c)
	}
	return []Group{
		{Type: "IxiBytesEncode", Comment: "lengths at the one-byte boundary and after it, encoded by crosscheck/ixian.mjs", Cases: cc},
		{Type: "IxiBytesEncode", Cases: ixCases(
			ixOK("65 bytes of 0x5a (an ECDH key's usual neighbour size)", vectors.Make("value", ixRep([]byte{0x5a}, 65))),
		)},
	}
}

func genIxAAD() []Group {
	var cc []Case
	for _, h := range ixFixtures() {
		cc = append(cc,
			ixOK(h.name+": acceptAdd2, id 01, type info (1), timestamp "+strconv.FormatInt(h.ts+1, 10),
				vectors.Make("id", ixian.IDAcceptAdd2, "type", 1, "timestamp", big.NewInt(h.ts+1)), "CrossChecked", "Handshake").
				pins("aad", ixHex(h.cc.AcceptAdd2RSA2.AAD)).c,
			ixOK(h.name+": keys2, id 02, type info (1), timestamp "+strconv.FormatInt(h.ts+2, 10),
				vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(h.ts+2)), "CrossChecked", "Handshake").
				pins("aad", ixHex(h.cc.Keys2RSA2.AAD)).c,
			ixOK(h.name+": a chat message, a 16-byte id, type data (2), timestamp "+strconv.FormatInt(h.ts+3, 10),
				vectors.Make("id", h.chatID, "type", 2, "timestamp", big.NewInt(h.ts+3)), "CrossChecked").
				pins("aad", ixHex(h.cc.Chat.AAD)).drew("id", h.label("chat/id")).c,
		)
	}
	return []Group{
		{Type: "AdditionalData", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: cc},
		{Type: "AdditionalData", Comment: "the id is raw and both varints signed", Cases: ixCases(
			ixOK("requestAdd2: id 00, type info, timestamp 0", vectors.Make("id", ixian.IDRequestAdd2, "type", 1, "timestamp", big.NewInt(0))),
			ixOK("an empty id: nothing before the type", vectors.Make("id", []byte{}, "type", 1, "timestamp", big.NewInt(247)), "OneByteRange"),
			ixOK("a 248-byte id is written without a length", vectors.Make("id", ixRep([]byte{0x11, 0x22}, 248), "type", 1, "timestamp", big.NewInt(1)), "RawID"),
			ixOK("timestamp 248: fc f8 00", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(248)), "OneByteRange"),
			ixOK("timestamp -1 (before 1970): f8 01 00", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(-1)), "NegativeNeverOneByte"),
			ixOK("timestamp 2^63-1", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", new(big.Int).SetUint64(1<<63-1)), "WidthBoundary"),
			ixOK("timestamp -2^63", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(-1<<63)), "WidthBoundary", "NegativeNeverOneByte"),
			ixOK("a milliseconds timestamp (1767225601000) gives a 9-byte varint", vectors.Make("id", ixian.IDAcceptAdd2, "type", 1, "timestamp", big.NewInt(1767225601000)), "WidthBoundary"),
			ixOK("type -1 (not a code; written as f8 01 00)", vectors.Make("id", ixian.IDAcceptAdd2, "type", -1, "timestamp", big.NewInt(ixT0)), "NegativeNeverOneByte"),
		)},
	}
}
