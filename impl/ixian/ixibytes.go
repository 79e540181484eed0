package ixian

import (
	"math"

	"github.com/pqhs/pqhs/impl/category"
)

// AppendIxiBytes appends v as IxiBytes (spec/ixian-s2.md §3): the
// IxiVarInt of its length, then the bytes. nil and empty both encode as the
// single byte 00.
func AppendIxiBytes(dst, v []byte) []byte {
	return append(AppendVarUInt(dst, uint64(len(v))), v...)
}

// IxiBytesSize is the length of AppendIxiBytes's encoding of v.
func IxiBytesSize(v []byte) int { return VarUIntSize(uint64(len(v))) + len(v) }

// DecodeIxiBytes reads one IxiBytes field from the start of b (§3) and
// returns its bytes and the number of bytes read. The value is a sub-slice of b (its
// capacity ends with it), so nothing is allocated; a zero length gives nil,
// as Ixian-Core returns null.
//
// The length is an unsigned IxiVarInt with DecodeVarUInt's errors. A length
// above 2^31-1 is varint_overflow (Ixian-Core: "Invalid length specified");
// a length above what remains of b is truncated. Both are checked before
// anything else happens.
func DecodeIxiBytes(b []byte, p Profile) (value []byte, n int, err error) {
	return readIxiBytes("IxiBytes", b, p)
}

// readIxiBytes is the reading both profiles share (wireField.scan), then
// the profile's rules on it (wireField.rules).
func readIxiBytes(field string, b []byte, p Profile) ([]byte, int, error) {
	var f wireField
	rest, _ := f.scan(field, b, true)
	if err := f.rules(field, p == Strict); err != nil {
		return nil, 0, err
	}
	return f.value, len(b) - len(rest), nil
}

// wireField is one field of a payload as both profiles read it: an
// IxiVarInt (§2), or an IxiBytes (§3) and the IxiVarInt of its length.
// Where a field starts and ends, what its IxiVarInt says and whether it is
// minimal, and the errors of the reading itself (a cut, reserved or
// negative prefix, a length above 2^31-1 or past the end) do not depend on
// the profile; what does is the rules applied to what was read, by rules
// and by each payload's checks.
type wireField struct {
	at      []byte // the input from the field's IxiVarInt on
	n       int    // the IxiVarInt's width
	v       uint64 // its value: the scalar, or the IxiBytes length
	minimal bool
	value   []byte // an IxiBytes's bytes, a capped sub-slice of the input (nil when empty)
	err     error  // the reading's error, when it stopped at this field
	late    bool   // err is a rule of the IxiBytes length, which comes after Strict's minimal rule
}

// scan reads the field at the start of b, an IxiBytes if isBytes, and
// returns what follows it; ok is false when the reading stops at this
// field (f.err).
func (f *wireField) scan(field string, b []byte, isBytes bool) (next []byte, ok bool) {
	f.at = b
	if f.v, f.n, f.minimal, f.err = scanVarUInt(field, b); f.err != nil {
		return nil, false
	}
	if !isBytes {
		return b[f.n:], true
	}
	l := f.v
	if l > math.MaxInt32 {
		f.err, f.late = fieldErr(field, "length-int32", category.VarintOverflow, l, "at most 2^31-1"), true
		return nil, false
	}
	if rest := uint64(len(b) - f.n); l > rest {
		f.err, f.late = fieldErr(field, "length", category.Truncated, rest, l), true
		return nil, false
	}
	end := f.n + int(l)
	if l != 0 {
		f.value = b[f.n:end:end]
	}
	return b[end:], true
}

// rules applies the profile's rules (Strict's if strict) to the field's IxiVarInt, in §2 and §3's order:
// the reading's own error if it stopped at the prefix, Strict's minimal
// form, then the length's rules. A field after the one where the reading
// stopped is never judged: its predecessor's rules return that error.
func (f *wireField) rules(field string, strict bool) error {
	if f.err != nil && !f.late {
		return f.err
	}
	if !f.minimal && strict {
		return nonMinimalErr(field, f.at[:f.n], f.v)
	}
	return f.err
}
