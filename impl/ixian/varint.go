package ixian

import (
	"encoding/binary"
	"math"

	"github.com/pqhs/pqhs/impl/category"
)

// IxiVarInt prefixes (spec/ixian-s2.md §2). A first byte below 0xF8 is the
// value itself; unlike Bitcoin's CompactSize the one-byte range ends at 0xF7.
const (
	varNeg16 = 0xF8 // negative, u16 LE magnitude follows
	varNeg32 = 0xF9 // negative, u32 LE magnitude
	varNeg64 = 0xFA // negative, u64 LE magnitude
	varRes1  = 0xFB // reserved
	varPos16 = 0xFC // u16 LE
	varPos32 = 0xFD // u32 LE
	varPos64 = 0xFE // u64 LE
	varRes2  = 0xFF // reserved
)

// AppendVarUInt appends v as an IxiVarInt in its shortest form (§2,
// encoding, unsigned).
func AppendVarUInt(dst []byte, v uint64) []byte {
	switch {
	case v < varNeg16:
		return append(dst, byte(v))
	case v <= math.MaxUint16:
		return binary.LittleEndian.AppendUint16(append(dst, varPos16), uint16(v))
	case v <= math.MaxUint32:
		return binary.LittleEndian.AppendUint32(append(dst, varPos32), uint32(v))
	default:
		return binary.LittleEndian.AppendUint64(append(dst, varPos64), v)
	}
}

// AppendVarInt appends v as a signed IxiVarInt (§2, encoding, signed):
// non-negative values exactly as AppendVarUInt, negative values
// as 0xF8, 0xF9 or 0xFA and the magnitude (never in one byte). Every length
// prefix in the protocol goes through this encoder, since C# picks the long
// overload for an int; for lengths the bytes are those of AppendVarUInt.
func AppendVarInt(dst []byte, v int64) []byte {
	if v >= 0 {
		return AppendVarUInt(dst, uint64(v))
	}
	mag := uint64(-(v + 1)) + 1 // |v|, also for math.MinInt64
	switch {
	case mag <= math.MaxUint16:
		return binary.LittleEndian.AppendUint16(append(dst, varNeg16), uint16(mag))
	case mag <= math.MaxUint32:
		return binary.LittleEndian.AppendUint32(append(dst, varNeg32), uint32(mag))
	default:
		return binary.LittleEndian.AppendUint64(append(dst, varNeg64), mag)
	}
}

// VarUIntSize is the length of AppendVarUInt's encoding of v.
func VarUIntSize(v uint64) int {
	switch {
	case v < varNeg16:
		return 1
	case v <= math.MaxUint16:
		return 3
	case v <= math.MaxUint32:
		return 5
	default:
		return 9
	}
}

// DecodeVarUInt reads one unsigned IxiVarInt from the start of b (§2,
// decoding). It returns the value, the number of bytes read, and whether
// the encoding was the shortest one. Deployed accepts non-minimal encodings, as every Ixian-Core
// decoder does; Strict rejects them (non_minimal_varint).
//
// Errors: an empty input or a cut payload is truncated; 0xF8-0xFA, the
// negative prefixes, are negative_length (Ixian-Core: "signed type was
// used"); 0xFB and 0xFF are invalid_varint.
func DecodeVarUInt(b []byte, p Profile) (v uint64, n int, minimal bool, err error) {
	return readVarUInt("IxiVarUInt", b, p)
}

// DecodeVarInt reads one signed IxiVarInt from the start of b (§2,
// decoding), like DecodeVarUInt. A value outside int64 (0xFE above 2^63-1, 0xFA with a
// magnitude above 2^63) is varint_overflow, as Ixian-Core throws
// OverflowException. The negative zero F8 00 00 decodes to 0 and is not
// minimal.
func DecodeVarInt(b []byte, p Profile) (v int64, n int, minimal bool, err error) {
	return readVarInt("IxiVarInt", b, p)
}

// varPayload returns the payload size of a multi-byte prefix.
func varPayload(prefix byte) int {
	switch prefix {
	case varNeg16, varPos16:
		return 2
	case varNeg32, varPos32:
		return 4
	default:
		return 8
	}
}

// readPayload reads the little-endian payload after a prefix; the caller
// has checked that the prefix has one.
func readPayload(field string, b []byte) (uint64, int, error) {
	size := varPayload(b[0])
	if len(b) < 1+size {
		return 0, 0, fieldErr(field, "varint-payload", category.Truncated, len(b)-1, size)
	}
	switch size {
	case 2:
		return uint64(binary.LittleEndian.Uint16(b[1:])), 3, nil
	case 4:
		return uint64(binary.LittleEndian.Uint32(b[1:])), 5, nil
	default:
		return binary.LittleEndian.Uint64(b[1:]), 9, nil
	}
}

// minimalFor says whether a magnitude read after prefix could not have been
// written shorter. Negative magnitudes have no one-byte form.
func minimalFor(prefix byte, mag uint64) bool {
	switch prefix {
	case varPos16:
		return mag >= varNeg16
	case varNeg16:
		return mag >= 1
	case varPos32, varNeg32:
		return mag > math.MaxUint16
	default:
		return mag > math.MaxUint32
	}
}

// readVarUInt and readVarInt follow the numbered steps of §2's decoding.
// readVarUInt is scanVarUInt, the reading both profiles share, then
// Strict's rule on the form read.
func readVarUInt(field string, b []byte, p Profile) (uint64, int, bool, error) {
	v, n, minimal, err := scanVarUInt(field, b)
	if err != nil {
		return 0, 0, false, err
	}
	if !minimal && p == Strict {
		return 0, 0, false, nonMinimalErr(field, b[:n], v)
	}
	return v, n, minimal, nil
}

// scanVarUInt reads an unsigned IxiVarInt as both profiles read it: §2's
// steps 1-4, and step 6's verdict on the form (minimal), which only Strict
// turns into an error.
func scanVarUInt(field string, b []byte) (uint64, int, bool, error) {
	if len(b) == 0 { // step 1
		return 0, 0, false, fieldErr(field, "varint-prefix", category.Truncated, 0, 1)
	}
	t := b[0]
	switch {
	case t < varNeg16: // step 1
		return uint64(t), 1, true, nil
	case t == varRes1 || t == varRes2: // step 2
		return 0, 0, false, fieldErr(field, "varint-reserved", category.InvalidVarint, hexOf([]byte{t}), "0x00-0xF7 or 0xFC-0xFE")
	case t <= varNeg64: // step 3
		return 0, 0, false, fieldErr(field, "varint-unsigned", category.NegativeLength, hexOf([]byte{t}), "0x00-0xF7 or 0xFC-0xFE")
	}
	v, n, err := readPayload(field, b) // step 4
	if err != nil {
		return 0, 0, false, err
	}
	return v, n, minimalFor(t, v), nil // step 6
}

// nonMinimalErr is Strict's error for an unsigned IxiVarInt written longer
// than it needs (§2 step 6): what was written, and the minimal form.
func nonMinimalErr(field string, written []byte, v uint64) error {
	return fieldErr(field, "varint-minimal", category.NonMinimalVarint, hexOf(written), hexOf(AppendVarUInt(nil, v)))
}

func readVarInt(field string, b []byte, p Profile) (int64, int, bool, error) {
	if len(b) == 0 {
		return 0, 0, false, fieldErr(field, "varint-prefix", category.Truncated, 0, 1)
	}
	t := b[0]
	if t < varNeg16 { // step 1
		return int64(t), 1, true, nil
	}
	if t == varRes1 || t == varRes2 { // step 2
		return 0, 0, false, fieldErr(field, "varint-reserved", category.InvalidVarint, hexOf([]byte{t}), "not 0xFB or 0xFF")
	}
	mag, n, err := readPayload(field, b) // step 4
	if err != nil {
		return 0, 0, false, err
	}
	var v int64
	switch { // step 5
	case t >= varPos16:
		if mag > math.MaxInt64 {
			return 0, 0, false, fieldErr(field, "varint-int64", category.VarintOverflow, mag, "at most 2^63-1")
		}
		v = int64(mag)
	case mag > 1<<63:
		return 0, 0, false, fieldErr(field, "varint-int64", category.VarintOverflow, mag, "a magnitude of at most 2^63")
	default:
		v = -int64(mag) // 2^63 wraps to math.MinInt64, as intended
	}
	minimal := minimalFor(t, mag) // step 6
	if !minimal && p == Strict {
		return 0, 0, false, fieldErr(field, "varint-minimal", category.NonMinimalVarint, hexOf(b[:n]), hexOf(AppendVarInt(nil, v)))
	}
	return v, n, minimal, nil
}
