package ixiangen

// The Ixian wire encodings: IxiVarInt, IxiBytes and the StreamMessage
// additional data.

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/pqhs/pqhs/cmd/vectorgen/internal/gen"
	"github.com/pqhs/pqhs/impl/category"
	"github.com/pqhs/pqhs/impl/ixian"
	"github.com/pqhs/pqhs/internal/detrand"
	"github.com/pqhs/pqhs/vectors"
)

func init() {
	gen.Register(&gen.Generator{Family: vectors.IxianIxiVarUIntDecode, Notes: notes, Groups: genIxiVarUIntDecode})
	gen.Register(&gen.Generator{Family: vectors.IxianIxiVarIntDecode, Notes: notes, Groups: genIxiVarIntDecode})
	gen.Register(&gen.Generator{Family: vectors.IxianIxiVarUIntEncode, Notes: notes, Groups: genIxiVarUIntEncode})
	gen.Register(&gen.Generator{Family: vectors.IxianIxiVarIntEncode, Notes: notes, Groups: genIxiVarIntEncode})
	gen.Register(&gen.Generator{Family: vectors.IxianIxiBytesDecode, Notes: notes, Groups: genIxiBytesDecode,
		Header: []string{"The cross-checked values are detrand bytes drawn under ixian/unit/ixibytes/<length>, as crosscheck/ixian.mjs draws them."}})
	gen.Register(&gen.Generator{Family: vectors.IxianIxiBytesEncode, Notes: notes, Groups: genIxiBytesEncode,
		Header: []string{"The cross-checked values are detrand bytes drawn under ixian/unit/ixibytes/<length>, as crosscheck/ixian.mjs draws them."}})
	gen.Register(&gen.Generator{Family: vectors.IxianStreamMessageAdditionalData, Notes: notes, Groups: genAdditionalData})
}

// varintFlags names the boundary a cross-checked value sits on.
func varintFlags(value string) []string {
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

func genIxiVarUIntDecode() []gen.Group {
	var crossChecked []gen.Case
	for _, v := range crossCheck().VarUInt {
		data := gen.Unhex(v.Data)
		crossChecked = append(crossChecked, gen.Valid("the encoding of "+v.Value+": "+v.Data, vectors.Make("data", data), varintFlags(v.Value)...).
			Pin("value", v.Value, "length", len(data), "minimal", true))
	}
	return []gen.Group{
		{Type: "IxiVarUIntDecode", Comment: "shortest forms at every width boundary, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiVarUIntDecode", Comment: "the decoder reads one varint and leaves the rest", Cases: []gen.Case{
			gen.Valid("00 followed by ff: 0, one byte read", vectors.Make("data", gen.Unhex("00ff")), "ReadsOneVarint"),
			gen.Valid("fc f8 00 followed by 01: 248, three bytes read", vectors.Make("data", gen.Unhex("fcf80001")), "ReadsOneVarint"),
		}},
		{Type: "IxiVarUIntDecode", Comment: "non-minimal encodings: Ixian-Core reads them, the strict profile refuses them", Cases: []gen.Case{
			gen.Acceptable("fc 00 00: 0 in three bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fc0000")), "NonMinimalVarint"),
			gen.Acceptable("fc 05 00: 5 in three bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fc0500")), "NonMinimalVarint"),
			gen.Acceptable("fc f7 00: 247, the largest one-byte value, in three bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fcf700")), "NonMinimalVarint", "OneByteRange"),
			gen.Acceptable("fd ff ff 00 00: 65535 in five bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fdffff0000")), "NonMinimalVarint", "WidthBoundary"),
			gen.Acceptable("fd 00 00 00 00: 0 in five bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fd00000000")), "NonMinimalVarint"),
			gen.Acceptable("fe ff ff ff ff 00 00 00 00: 2^32-1 in nine bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("feffffffff00000000")), "NonMinimalVarint", "WidthBoundary"),
			gen.Acceptable("fe 01 00 00 00 00 00 00 00: 1 in nine bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fe0100000000000000")), "NonMinimalVarint"),
		}},
		{Type: "IxiVarUIntDecode", Comment: "prefixes an unsigned reader refuses", Cases: []gen.Case{
			gen.Invalid("f8 01 00: the signed encoding of -1", category.NegativeLength, vectors.Make("data", gen.Unhex("f80100")), "SignedPrefix"),
			gen.Invalid("f9 00 00 01 00: the signed encoding of -65536", category.NegativeLength, vectors.Make("data", gen.Unhex("f900000100")), "SignedPrefix"),
			gen.Invalid("fa 00 00 00 00 01 00 00 00: the signed encoding of -2^32", category.NegativeLength, vectors.Make("data", gen.Unhex("fa0000000001000000")), "SignedPrefix"),
			gen.Invalid("a lone f8: the prefix class is refused before the payload is read", category.NegativeLength, vectors.Make("data", gen.Unhex("f8")), "SignedPrefix"),
			gen.Invalid("fb with eight bytes after it", category.InvalidVarint, vectors.Make("data", gen.Unhex("fb0100000000000000")), "ReservedPrefix"),
			gen.Invalid("a lone fb", category.InvalidVarint, vectors.Make("data", gen.Unhex("fb")), "ReservedPrefix"),
			gen.Invalid("ff with eight bytes after it", category.InvalidVarint, vectors.Make("data", gen.Unhex("ffffffffffffffffff")), "ReservedPrefix"),
		}},
		{Type: "IxiVarUIntDecode", Comment: "input that ends inside the varint", Cases: []gen.Case{
			gen.Invalid("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			gen.Invalid("a lone fc", category.Truncated, vectors.Make("data", gen.Unhex("fc")), "Truncated"),
			gen.Invalid("fc and one of its two bytes", category.Truncated, vectors.Make("data", gen.Unhex("fcf8")), "Truncated"),
			gen.Invalid("a lone fd", category.Truncated, vectors.Make("data", gen.Unhex("fd")), "Truncated"),
			gen.Invalid("fd and three of its four bytes", category.Truncated, vectors.Make("data", gen.Unhex("fd000001")), "Truncated"),
			gen.Invalid("a lone fe", category.Truncated, vectors.Make("data", gen.Unhex("fe")), "Truncated"),
			gen.Invalid("fe and seven of its eight bytes", category.Truncated, vectors.Make("data", gen.Unhex("fe00000000010000")), "Truncated"),
		}},
	}
}

func genIxiVarIntDecode() []gen.Group {
	var crossChecked []gen.Case
	for _, v := range crossCheck().VarInt {
		data := gen.Unhex(v.Data)
		crossChecked = append(crossChecked, gen.Valid("the encoding of "+v.Value+": "+v.Data, vectors.Make("data", data), varintFlags(v.Value)...).
			Pin("value", v.Value, "length", len(data), "minimal", true))
	}
	return []gen.Group{
		{Type: "IxiVarIntDecode", Comment: "shortest forms at every width boundary, both signs, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiVarIntDecode", Comment: "the decoder reads one varint and leaves the rest", Cases: []gen.Case{
			gen.Valid("f8 01 00 followed by ff: -1, three bytes read", vectors.Make("data", gen.Unhex("f80100ff")), "ReadsOneVarint"),
		}},
		{Type: "IxiVarIntDecode", Comment: "non-minimal encodings: Ixian-Core reads them, the strict profile refuses them", Cases: []gen.Case{
			gen.Acceptable("f8 00 00: negative zero, read as 0", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("f80000")), "NonMinimalVarint", "NegativeZero"),
			gen.Acceptable("f9 00 00 00 00: negative zero in five bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("f900000000")), "NonMinimalVarint", "NegativeZero"),
			gen.Acceptable("fc 05 00: 5 in three bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fc0500")), "NonMinimalVarint"),
			gen.Acceptable("f9 ff ff 00 00: -65535 in five bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("f9ffff0000")), "NonMinimalVarint", "WidthBoundary"),
			gen.Acceptable("fa ff ff ff ff 00 00 00 00: -(2^32-1) in nine bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("faffffffff00000000")), "NonMinimalVarint", "WidthBoundary"),
			gen.Acceptable("fd 05 00 00 00: 5 in five bytes", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fd05000000")), "NonMinimalVarint"),
		}},
		{Type: "IxiVarIntDecode", Comment: "values outside int64", Cases: []gen.Case{
			gen.Invalid("fe 00 00 00 00 00 00 00 80: 2^63", category.VarintOverflow, vectors.Make("data", gen.Unhex("fe0000000000000080")), "Int64Range"),
			gen.Invalid("fe ff ff ff ff ff ff ff ff: 2^64-1", category.VarintOverflow, vectors.Make("data", gen.Unhex("feffffffffffffffff")), "Int64Range"),
			gen.Invalid("fa 01 00 00 00 00 00 00 80: -(2^63+1)", category.VarintOverflow, vectors.Make("data", gen.Unhex("fa0100000000000080")), "Int64Range"),
			gen.Invalid("fa ff ff ff ff ff ff ff ff: -(2^64-1)", category.VarintOverflow, vectors.Make("data", gen.Unhex("faffffffffffffffff")), "Int64Range"),
		}},
		{Type: "IxiVarIntDecode", Comment: "reserved prefixes", Cases: []gen.Case{
			gen.Invalid("a lone fb", category.InvalidVarint, vectors.Make("data", gen.Unhex("fb")), "ReservedPrefix"),
			gen.Invalid("ff with eight bytes after it", category.InvalidVarint, vectors.Make("data", gen.Unhex("ff0100000000000000")), "ReservedPrefix"),
		}},
		{Type: "IxiVarIntDecode", Comment: "input that ends inside the varint", Cases: []gen.Case{
			gen.Invalid("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			gen.Invalid("a lone f8", category.Truncated, vectors.Make("data", gen.Unhex("f8")), "Truncated"),
			gen.Invalid("f8 and one of its two bytes", category.Truncated, vectors.Make("data", gen.Unhex("f801")), "Truncated"),
			gen.Invalid("f9 and three of its four bytes", category.Truncated, vectors.Make("data", gen.Unhex("f9000001")), "Truncated"),
			gen.Invalid("fa and seven of its eight bytes", category.Truncated, vectors.Make("data", gen.Unhex("fa00000000000000")), "Truncated"),
			gen.Invalid("fc and one of its two bytes", category.Truncated, vectors.Make("data", gen.Unhex("fcff")), "Truncated"),
			gen.Invalid("a lone fd", category.Truncated, vectors.Make("data", gen.Unhex("fd")), "Truncated"),
			gen.Invalid("fe and four of its eight bytes", category.Truncated, vectors.Make("data", gen.Unhex("fe00000000")), "Truncated"),
		}},
	}
}

func genIxiVarUIntEncode() []gen.Group {
	var crossChecked []gen.Case
	for _, v := range crossCheck().VarUInt {
		crossChecked = append(crossChecked, gen.Valid("encode "+v.Value, vectors.Make("value", v.Value), varintFlags(v.Value)...).Pin("data", gen.Unhex(v.Data)))
	}
	two64 := new(big.Int).Lsh(big.NewInt(1), 64)
	return []gen.Group{
		{Type: "IxiVarUIntEncode", Comment: "every width boundary, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiVarUIntEncode", Comment: "values an unsigned varint cannot hold", Cases: []gen.Case{
			gen.Invalid("-1", category.VarintOverflow, vectors.Make("value", "-1"), "ValueRange"),
			gen.Invalid("2^64", category.VarintOverflow, vectors.Make("value", two64.String()), "ValueRange"),
		}},
	}
}

func genIxiVarIntEncode() []gen.Group {
	var crossChecked []gen.Case
	for _, v := range crossCheck().VarInt {
		flags := varintFlags(v.Value)
		if v.Value[0] == '-' {
			flags = append(flags, "NegativeNeverOneByte")
		}
		crossChecked = append(crossChecked, gen.Valid("encode "+v.Value, vectors.Make("value", v.Value), flags...).Pin("data", gen.Unhex(v.Data)))
	}
	two63 := new(big.Int).Lsh(big.NewInt(1), 63)
	return []gen.Group{
		{Type: "IxiVarIntEncode", Comment: "every width boundary, both signs, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiVarIntEncode", Comment: "values a signed varint cannot hold", Cases: []gen.Case{
			gen.Invalid("2^63", category.VarintOverflow, vectors.Make("value", two63.String()), "ValueRange"),
			gen.Invalid("-2^63-1", category.VarintOverflow, vectors.Make("value", new(big.Int).Neg(new(big.Int).Add(two63, big.NewInt(1))).String()), "ValueRange"),
		}},
	}
}

// unitBytes are the IxiBytes values of the cross-check.
func unitBytes(n int) []byte {
	return detrand.Bytes("ixian/unit/ixibytes/"+strconv.Itoa(n), n)
}

func genIxiBytesDecode() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range crossCheck().IxiBytes {
		if x.Data == "" {
			continue // 64 KiB values: the varint files cover those widths
		}
		data := gen.Unhex(x.Data)
		crossChecked = append(crossChecked, gen.Valid(fmt.Sprintf("a %d-byte value drawn under ixian/unit/ixibytes/%d", x.Length, x.Length), vectors.Make("data", data), varintFlags(strconv.Itoa(x.Length))...).
			Pin("value", data[len(x.Prefix)/2:], "length", len(data)))
	}
	v := unitBytes(1)
	return []gen.Group{
		{Type: "IxiBytesDecode", Comment: "lengths at the one-byte boundary and after it, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiBytesDecode", Cases: []gen.Case{
			gen.Valid("00: null, read as empty", vectors.Make("data", gen.Unhex("00")), "NullIsEmpty"),
			gen.Valid("two bytes followed by two more: the decoder reads one field", vectors.Make("data", gen.Unhex("0201020304")), "ReadsOneVarint"),
			gen.Acceptable("a length of 2 written fc 02 00", category.NonMinimalVarint, vectors.Make("data", gen.Unhex("fc02000102")), "NonMinimalVarint"),
			gen.Acceptable("a length of 1 written fe 01 00 00 00 00 00 00 00", category.NonMinimalVarint, vectors.Make("data", slices.Concat(gen.Unhex("fe0100000000000000"), v)), "NonMinimalVarint"),
		}},
		{Type: "IxiBytesDecode", Comment: "lengths the decoder must refuse before reading or allocating", Cases: []gen.Case{
			gen.Invalid("no byte at all", category.Truncated, vectors.Make("data", []byte{}), "Truncated"),
			gen.Invalid("a length of 5 with 4 bytes after it", category.Truncated, vectors.Make("data", gen.Unhex("0501020304")), "Truncated"),
			gen.Invalid("a length of 256 with 255 bytes after it", category.Truncated, vectors.Make("data", slices.Concat(gen.Unhex("fc0001"), repeat([]byte{0xa5}, 255))), "Truncated"),
			gen.Invalid("the length cut inside its prefix: fc 00", category.Truncated, vectors.Make("data", gen.Unhex("fc00")), "Truncated"),
			gen.Invalid("a length of 2^31-1 with 2 bytes after it", category.Truncated, vectors.Make("data", gen.Unhex("fdffffff7f0102")), "Truncated", "HugeLength"),
			gen.Invalid("a length of 2^31: above a C# int", category.VarintOverflow, vectors.Make("data", gen.Unhex("fd000000800102")), "HugeLength"),
			gen.Invalid("a length of 2^64-1", category.VarintOverflow, vectors.Make("data", gen.Unhex("feffffffffffffffff0102")), "HugeLength"),
			gen.Invalid("a length written as the signed -1 (f8 01 00)", category.NegativeLength, vectors.Make("data", gen.Unhex("f801000102")), "SignedPrefix"),
			gen.Invalid("a length with the reserved prefix fb", category.InvalidVarint, vectors.Make("data", gen.Unhex("fb0200000000000000")), "ReservedPrefix"),
			gen.Invalid("a length with the reserved prefix ff", category.InvalidVarint, vectors.Make("data", gen.Unhex("ff0200")), "ReservedPrefix"),
		}},
	}
}

func genIxiBytesEncode() []gen.Group {
	var crossChecked []gen.Case
	for _, x := range crossCheck().IxiBytes {
		if x.Data == "" {
			continue
		}
		crossChecked = append(crossChecked, gen.Valid(fmt.Sprintf("a %d-byte value", x.Length), vectors.Make("value", unitBytes(x.Length)), varintFlags(strconv.Itoa(x.Length))...).
			Pin("data", gen.Unhex(x.Data)).
			Drew("value", "ixian/unit/ixibytes/"+strconv.Itoa(x.Length)))
	}
	return []gen.Group{
		{Type: "IxiBytesEncode", Comment: "lengths at the one-byte boundary and after it, encoded by crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "IxiBytesEncode", Cases: []gen.Case{
			gen.Valid("65 bytes of 0x5a (an ECDH key's usual neighbour size)", vectors.Make("value", repeat([]byte{0x5a}, 65))),
		}},
	}
}

func genAdditionalData() []gen.Group {
	var crossChecked []gen.Case
	for _, h := range fixtures() {
		crossChecked = append(crossChecked,
			gen.Valid(h.name+": acceptAdd2, id 01, type info (1), timestamp "+strconv.FormatInt(h.ts+1, 10),
				vectors.Make("id", ixian.IDAcceptAdd2, "type", 1, "timestamp", big.NewInt(h.ts+1)), "CrossChecked", "Handshake").
				Pin("aad", gen.Unhex(h.cc.AcceptAdd2RSA2.AAD)),
			gen.Valid(h.name+": keys2, id 02, type info (1), timestamp "+strconv.FormatInt(h.ts+2, 10),
				vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(h.ts+2)), "CrossChecked", "Handshake").
				Pin("aad", gen.Unhex(h.cc.Keys2RSA2.AAD)),
			gen.Valid(h.name+": a chat message, a 16-byte id, type data (2), timestamp "+strconv.FormatInt(h.ts+3, 10),
				vectors.Make("id", h.chatID, "type", 2, "timestamp", big.NewInt(h.ts+3)), "CrossChecked").
				Pin("aad", gen.Unhex(h.cc.Chat.AAD)).Drew("id", h.label("chat/id")),
		)
	}
	return []gen.Group{
		{Type: "AdditionalData", Comment: "the handshakes of crosscheck/ixian.mjs", Cases: crossChecked},
		{Type: "AdditionalData", Comment: "the id is raw and both varints signed", Cases: []gen.Case{
			gen.Valid("requestAdd2: id 00, type info, timestamp 0", vectors.Make("id", ixian.IDRequestAdd2, "type", 1, "timestamp", big.NewInt(0))),
			gen.Valid("an empty id: nothing before the type", vectors.Make("id", []byte{}, "type", 1, "timestamp", big.NewInt(247)), "OneByteRange"),
			gen.Valid("a 248-byte id is written without a length", vectors.Make("id", repeat([]byte{0x11, 0x22}, 248), "type", 1, "timestamp", big.NewInt(1)), "RawID"),
			gen.Valid("timestamp 248: fc f8 00", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(248)), "OneByteRange"),
			gen.Valid("timestamp -1 (before 1970): f8 01 00", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(-1)), "NegativeNeverOneByte"),
			gen.Valid("timestamp 2^63-1", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", new(big.Int).SetUint64(1<<63-1)), "WidthBoundary"),
			gen.Valid("timestamp -2^63", vectors.Make("id", ixian.IDKeys2, "type", 1, "timestamp", big.NewInt(-1<<63)), "WidthBoundary", "NegativeNeverOneByte"),
			gen.Valid("a milliseconds timestamp (1767225601000) gives a 9-byte varint", vectors.Make("id", ixian.IDAcceptAdd2, "type", 1, "timestamp", big.NewInt(1767225601000)), "WidthBoundary"),
			gen.Valid("type -1 (not a code; written as f8 01 00)", vectors.Make("id", ixian.IDAcceptAdd2, "type", -1, "timestamp", big.NewInt(t0)), "NegativeNeverOneByte"),
		}},
	}
}
